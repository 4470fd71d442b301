/* test-rfc.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-sandbox.h"
#include "roster-sandbox-rfc.h"
#include "roster-test-utils.h"

/* The generic SCIM 2.0 service provider, over real HTTP: RFC 7644 paging,
 * filters (quoting!), ETags, PATCH, DELETE and the RFC error body. */

#define TOKEN ROSTER_SANDBOX_RFC_DEFAULT_TOKEN

typedef struct
{
  RosterSandboxRfc *rfc;
  SoupServer       *server;
  SoupSession      *session;
  char             *base;     /* http://127.0.0.1:PORT/scim/v2 */
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
} Response;

static void
response_free (Response *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static guint
server_port (SoupServer *server)
{
  GSList *listeners = soup_server_get_listeners (server);
  g_autoptr(GSocketAddress) address = NULL;
  guint port;

  g_assert_nonnull (listeners);
  address = g_socket_get_local_address (listeners->data, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  g_slist_free (listeners);
  return port;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  f->rfc = roster_sandbox_rfc_new ();
  f->server = soup_server_new (NULL, NULL);
  roster_sandbox_rfc_install (f->rfc, f->server);
  /* soup_server_listen_local () leaks a GSocketAddress in libsoup 3.2 */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  soup_server_listen (f->server, address, 0, &error);
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u" ROSTER_SANDBOX_RFC_BASE_PATH,
                             server_port (f->server));
  f->session = soup_session_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  soup_session_abort (f->session);
  soup_server_disconnect (f->server);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&f->session);
  g_clear_object (&f->server);
  g_assert_finalize_object (f->rfc);
  g_free (f->base);
}

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Pending;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                     &pending->error);
  pending->done = TRUE;
}

/* method path [body] with the bearer token (or `token`), plus one optional
 * extra header. */
static Response *
request_full (Fixture    *f,
              const char *method,
              const char *path,
              const char *body,
              const char *token,
              const char *header,
              const char *header_value)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  Pending pending = { 0 };
  Response *response = g_new0 (Response, 1);

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/scim+json");
  if (token)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (header)
    soup_message_headers_replace (headers, header, header_value);
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/scim+json", bytes);
    }

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &pending);
  roster_test_wait_for (&pending.done, 10000);
  g_assert_no_error (pending.error);

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = pending.body;
  /* the service provider always answers application/scim+json; only the
   * sandbox's fault layer (HTML 502/503) and GitLab fallback differ */
  if (g_bytes_get_size (response->body) > 0 &&
      g_strstr_len (soup_message_headers_get_one (response->headers, "Content-Type") ?: "", -1,
                    "json"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *data = g_bytes_get_data (response->body, &length);

      if (strstr (url, ROSTER_SANDBOX_RFC_BASE_PATH))
        g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                         "application/scim+json");
      json_parser_load_from_data (parser, data, (gssize) length, &error);
      g_assert_no_error (error);
      response->json = json_node_ref (json_parser_get_root (parser));
    }
  return response;
}

static Response *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *body)
{
  return request_full (f, method, path, body, TOKEN, NULL, NULL);
}

static JsonObject *
object_of (Response *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

/* Asserts an RFC 7644 §3.12 error: status as a string, scimType if given. */
static void
assert_scim_error (Response   *response,
                   guint       status,
                   const char *scim_type)
{
  JsonObject *object;
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  JsonArray *schemas;

  g_assert_cmpuint (response->status, ==, status);
  object = object_of (response);
  schemas = json_object_get_array_member (object, "schemas");
  g_assert_cmpuint (json_array_get_length (schemas), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (schemas, 0), ==,
                   "urn:ietf:params:scim:api:messages:2.0:Error");
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "status")));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "status")), ==,
                   G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, status_text);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "scimType", NULL), ==,
                   scim_type);
  g_assert_nonnull (json_object_get_string_member (object, "detail"));
}

/* The test's own JSON string quoting (independent of the server's parser). */
static char *
quote (const char *value)
{
  GString *out = g_string_new ("\"");

  for (const char *p = value; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static Response *
list_filter (Fixture    *f,
             const char *filter,
             const char *extra_query)
{
  g_autofree char *escaped = g_uri_escape_string (filter, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/Users?filter=%s%s", escaped,
                                           extra_query ? extra_query : "");

  return request (f, "GET", path, NULL);
}

static guint
total_results (Response *response)
{
  g_assert_cmpuint (response->status, ==, 200);
  return (guint) json_object_get_int_member (object_of (response), "totalResults");
}

static JsonArray *
resources (Response *response)
{
  return json_object_get_array_member (object_of (response), "Resources");
}

/* How many users match `filter`, checked for consistency of the envelope. */
static guint
count_matches (Fixture    *f,
               const char *filter)
{
  g_autoptr(Response) response = list_filter (f, filter, NULL);
  guint total = total_results (response);

  g_assert_cmpuint (json_array_get_length (resources (response)), ==, total);
  return total;
}

static void
assert_invalid_filter (Fixture    *f,
                       const char *filter)
{
  g_autoptr(Response) response = list_filter (f, filter, NULL);

  assert_scim_error (response, 400, "invalidFilter");
}

static const char *
user_id (Fixture    *f,
         const char *user_name)
{
  const char *id = roster_sandbox_rfc_lookup_id (f->rfc, user_name);

  g_assert_nonnull (id);
  return id;
}

static Response *
get_user (Fixture    *f,
          const char *id)
{
  g_autofree char *path = g_strdup_printf ("/Users/%s", id);

  return request (f, "GET", path, NULL);
}

static Response *
patch_user (Fixture    *f,
            const char *id,
            const char *operations,
            const char *if_match)
{
  g_autofree char *path = g_strdup_printf ("/Users/%s", id);
  g_autofree char *body = g_strdup_printf (
    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":%s}",
    operations);

  return request_full (f, "PATCH", path, body, TOKEN, if_match ? "If-Match" : NULL, if_match);
}

/* ---- tests ------------------------------------------------------------- */

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Response) none = request_full (f, "GET", "/Users", NULL, NULL, NULL, NULL);
  g_autoptr(Response) wrong = request_full (f, "GET", "/Users", NULL, "sandbox-api-token", NULL, NULL);
  g_autoptr(Response) basic = request_full (f, "GET", "/Users", NULL, NULL,
                                            "Authorization", "Basic c2FuZGJveDp4");
  g_autoptr(Response) single = request_full (f, "GET", "/Users/x", NULL, NULL, NULL, NULL);

  assert_scim_error (none, 401, NULL);
  g_assert_nonnull (soup_message_headers_get_one (none->headers, "WWW-Authenticate"));
  assert_scim_error (wrong, 401, NULL);
  assert_scim_error (basic, 401, NULL);
  assert_scim_error (single, 401, NULL);
}

static void
test_list_envelope (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Response) response = request (f, "GET", "/Users", NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object = object_of (response);
  JsonArray *list;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "schemas"), 0),
                   ==, "urn:ietf:params:scim:api:messages:2.0:ListResponse");
  g_assert_cmpuint (roster_sandbox_rfc_get_n_users (f->rfc), ==, 50);
  g_assert_cmpint (json_object_get_int_member (object, "totalResults"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (object, "itemsPerPage"), ==, 50);
  /* a JSON number, not GitLab's echoed string */
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "startIndex")), ==,
                   G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (object, "startIndex"), ==, 1);

  list = resources (response);
  g_assert_cmpuint (json_array_get_length (list), ==, 50);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *user = json_array_get_object_element (list, i);
      JsonObject *meta = json_object_get_object_member (user, "meta");
      const char *id = json_object_get_string_member (user, "id");
      g_autofree char *location_suffix = g_strdup_printf ("/scim/v2/Users/%s", id);

      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (ids, (gpointer) id);
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (user, "schemas"), 0),
                       ==, "urn:ietf:params:scim:schemas:core:2.0:User");
      g_assert_nonnull (json_object_get_string_member (user, "userName"));
      g_assert_cmpstr (json_object_get_string_member (meta, "resourceType"), ==, "User");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (meta, "location"), f->base));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (meta, "location"),
                                       location_suffix));
      g_assert_cmpstr (json_object_get_string_member (meta, "version"), ==, "W/\"1\"");
      g_assert_nonnull (json_object_get_string_member (meta, "created"));
      g_assert_nonnull (json_object_get_string_member (meta, "lastModified"));
    }
}

static void
assert_page (Fixture    *f,
             const char *query,
             guint       total,
             guint       items,
             guint       start)
{
  g_autofree char *path = g_strconcat ("/Users", query, NULL);
  g_autoptr(Response) response = request (f, "GET", path, NULL);
  JsonObject *object = object_of (response);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object, "totalResults"), ==, total);
  g_assert_cmpint (json_object_get_int_member (object, "itemsPerPage"), ==, items);
  g_assert_cmpint (json_object_get_int_member (object, "startIndex"), ==, start);
  g_assert_cmpuint (json_array_get_length (resources (response)), ==, items);
}

static void
test_list_paging (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Response) first = request (f, "GET", "/Users?startIndex=1&count=10", NULL);
  g_autoptr(Response) second = request (f, "GET", "/Users?startIndex=11&count=10", NULL);
  g_autoptr(Response) bad = request (f, "GET", "/Users?count=ten", NULL);
  JsonObject *last_of_first = json_array_get_object_element (resources (first), 9);
  JsonObject *first_of_second = json_array_get_object_element (resources (second), 0);

  /* pages are consecutive and do not overlap */
  g_assert_cmpstr (json_object_get_string_member (last_of_first, "id"), !=,
                   json_object_get_string_member (first_of_second, "id"));

  assert_page (f, "?startIndex=41&count=10", 50, 10, 41);
  assert_page (f, "?startIndex=45&count=10", 50, 6, 45);
  assert_page (f, "?startIndex=51&count=10", 50, 0, 51);
  assert_page (f, "?startIndex=0&count=5", 50, 5, 1);
  assert_page (f, "?startIndex=-3&count=5", 50, 5, 1);
  /* RFC 7644 §3.4.2.4: count=0 returns no resources, only totalResults */
  assert_page (f, "?count=0", 50, 0, 1);
  assert_page (f, "?count=-1", 50, 0, 1);
  assert_scim_error (bad, 400, "invalidValue");

  roster_sandbox_rfc_add_generated (f->rfc, 150);
  assert_page (f, "", 200, 100, 1);
  assert_page (f, "?count=1000", 200, 100, 1);
  assert_page (f, "?startIndex=101&count=100", 200, 100, 101);
  assert_page (f, "?startIndex=199&count=100", 200, 2, 199);
}

/* Every seeded value that is hard to quote is found exactly, by itself. */
static void
test_filter_quoting (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const external_ids[] = {
    "ext-\"quoted\"-007",
    "CORP\\jdoe",
    "a\\\"b",
    "ends-with-backslash\\",
    "Jane Q. Public",
    "ß-ünï-çødé-ключ",
    "李雷-0042",
    "🦄-unicorn",
    "x\" or userName pr or externalId eq \"y",
    "Robert'); DROP TABLE users;--",
    "group/sub/ops",
    "100% sure & more?#frag",
    "and or not eq pr",
    "emails[type eq \"work\"].value",
    "line1\nline2\ttab",
  };
  g_autoptr(Response) injected = NULL;
  g_autoptr(Response) escaped_unicode = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (external_ids); i++)
    {
      g_autofree char *quoted = quote (external_ids[i]);
      g_autofree char *filter = g_strdup_printf ("externalId eq %s", quoted);
      g_autoptr(Response) response = list_filter (f, filter, NULL);
      JsonObject *user;

      g_test_message ("filter: %s", filter);
      g_assert_cmpuint (total_results (response), ==, 1);
      user = json_array_get_object_element (resources (response), 0);
      g_assert_cmpstr (json_object_get_string_member (user, "externalId"), ==, external_ids[i]);
    }

  /* The same value pasted without escaping changes the query: it matches
   * everyone who has a userName. Quoting is the client's job. */
  injected = list_filter (f, "externalId eq \"x\" or userName pr or externalId eq \"y\"", NULL);
  g_assert_cmpuint (total_results (injected), ==, 50);

  /* \u escapes, including a surrogate pair, decode to the same value */
  escaped_unicode = list_filter (f, "externalId eq \"\\ud83e\\udd84-unicorn\"", NULL);
  g_assert_cmpuint (total_results (escaped_unicode), ==, 1);

  /* a near miss matches nothing */
  g_assert_cmpuint (count_matches (f, "externalId eq \"CORP\\\\jdoe \""), ==, 0);
  g_assert_cmpuint (count_matches (f, "externalId eq \"a\\\\b\""), ==, 0);
  g_assert_cmpuint (count_matches (f, "displayName eq \"Shaquille \\\"Shaq\\\" O'Neal\""), ==, 1);
  g_assert_cmpuint (count_matches (f, "name.familyName eq \"Müller-Øst\""), ==, 1);
}

static void
test_filter_operators (Fixture       *f,
                       gconstpointer  data)
{
  const char *grace = user_id (f, "grace.hopper@corp.example");
  g_autofree char *by_id = g_strdup_printf ("id eq \"%s\"", grace);
  g_autofree char *not_id = g_strdup_printf ("id ne \"%s\"", grace);
  g_autofree char *id_upper = g_ascii_strup (by_id, -1);

  g_assert_cmpuint (count_matches (f, by_id), ==, 1);
  g_assert_cmpuint (count_matches (f, not_id), ==, 49);

  /* userName is caseExact=false, externalId and id are caseExact=true */
  g_assert_cmpuint (count_matches (f, "userName eq \"GRACE.HOPPER@corp.example\""), ==, 1);
  g_assert_cmpuint (count_matches (f, "externalId eq \"mixed-case-id\""), ==, 1);
  g_assert_cmpuint (count_matches (f, "externalId eq \"MIXED-CASE-ID\""), ==, 0);
  g_assert_cmpuint (count_matches (f, "externalId eq \"MiXeD-CaSe-ID\""), ==, 1);
  g_assert_cmpuint (count_matches (f, id_upper + 0), ==, 0);

  /* operators and attribute names are case-insensitive; URN prefix allowed */
  g_assert_cmpuint (count_matches (f, "USERNAME EQ \"li.lei@corp.example\""), ==, 1);
  g_assert_cmpuint (count_matches (
    f, "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"li.lei@corp.example\""), ==, 1);

  g_assert_cmpuint (count_matches (f, "userName sw \"inactive.\""), ==, 2);
  g_assert_cmpuint (count_matches (f, "userName ew \"@CORP.EXAMPLE\""), ==, 50);
  g_assert_cmpuint (count_matches (f, "externalId co \"\\\\\""), ==, 3);
  g_assert_cmpuint (count_matches (f, "externalId co \"inactive\""), ==, 2);
  g_assert_cmpuint (count_matches (f, "externalId pr"), ==, 49);
  g_assert_cmpuint (count_matches (f, "not (externalId pr)"), ==, 1);

  g_assert_cmpuint (count_matches (f, "active eq false"), ==,
                    count_matches (f, "not (active eq true)"));
  g_assert_cmpuint (count_matches (f, "active eq true"), ==,
                    50 - count_matches (f, "active eq false"));
  g_assert_cmpuint (count_matches (f, "active eq false and userName sw \"inactive\""), ==, 2);
  g_assert_cmpuint (count_matches (f, "userName eq \"li.lei@corp.example\" or "
                                      "userName eq \"zoe@corp.example\""), ==, 2);
  g_assert_cmpuint (count_matches (f, "(userName eq \"li.lei@corp.example\" or "
                                      "userName eq \"zoe@corp.example\") and active eq true"), ==, 2);
  g_assert_cmpuint (count_matches (f, "userName eq \"li.lei@corp.example\" or "
                                      "userName eq \"zoe@corp.example\" and active eq false"), ==, 1);

  /* multi-valued emails: any value; value filters with [] */
  g_assert_cmpuint (count_matches (f, "emails.value eq \"grace@home.example\""), ==, 1);
  g_assert_cmpuint (count_matches (f, "emails eq \"GRACE@home.example\""), ==, 1);
  g_assert_cmpuint (count_matches (f, "emails[type eq \"home\"]"), ==, 1);
  g_assert_cmpuint (count_matches (f, "emails[type eq \"work\" and value co \"zoe\"]"), ==, 1);
  g_assert_cmpuint (count_matches (f, "emails[type eq \"home\" and value co \"zoe\"]"), ==, 0);

  /* dateTime comparisons */
  g_assert_cmpuint (count_matches (f, "meta.created ge \"2025-01-06T09:00:00Z\""), ==, 50);
  g_assert_cmpuint (count_matches (f, "meta.created lt \"2025-01-06T10:37:00Z\""), ==, 1);
}

static void
test_filter_invalid (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) deep = g_string_new (NULL);

  assert_invalid_filter (f, "nickname2 eq \"x\"");
  assert_invalid_filter (f, "userName xx \"x\"");
  assert_invalid_filter (f, "userName eq \"unterminated");
  assert_invalid_filter (f, "userName eq bare");
  assert_invalid_filter (f, "userName eq 42");
  assert_invalid_filter (f, "userName eq \"bad \\q escape\"");
  assert_invalid_filter (f, "userName eq \"bad \\ud800 surrogate\"");
  assert_invalid_filter (f, "active eq \"true\"");
  assert_invalid_filter (f, "active co true");
  assert_invalid_filter (f, "name eq \"Ada\"");
  assert_invalid_filter (f, "meta.created gt \"yesterday\"");
  assert_invalid_filter (f, "userName eq \"a\" garbage");
  assert_invalid_filter (f, "userName eq \"a\" and");
  assert_invalid_filter (f, "(userName eq \"a\"");
  assert_invalid_filter (f, "not userName eq \"a\"");
  assert_invalid_filter (f, "emails[type eq \"work\"");
  assert_invalid_filter (f, "userName[type eq \"work\"]");
  assert_invalid_filter (f, "");

  for (guint i = 0; i < 100; i++)
    g_string_append (deep, "(");
  g_string_append (deep, "userName pr");
  for (guint i = 0; i < 100; i++)
    g_string_append (deep, ")");
  assert_invalid_filter (f, deep->str);
}

static void
test_get (Fixture       *f,
          gconstpointer  data)
{
  const char *id = user_id (f, "jdoe@corp.example");
  g_autoptr(Response) response = get_user (f, id);
  g_autoptr(Response) missing = get_user (f, "0d9c8b7a-6f5e-4d3c-8b1a-0f9e8d7c6b5a");
  g_autoptr(Response) slash = get_user (f, "a%2Fb");
  g_autoptr(Response) not_modified = NULL;
  g_autoptr(Response) modified = NULL;
  g_autofree char *path = g_strdup_printf ("/Users/%s", id);
  JsonObject *user = object_of (response);
  JsonObject *name;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "ETag"), ==, "W/\"1\"");
  g_assert_cmpstr (json_object_get_string_member (user, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (user, "externalId"), ==, "CORP\\jdoe");
  g_assert_cmpstr (json_object_get_string_member (user, "userName"), ==, "jdoe@corp.example");
  g_assert_true (json_object_get_boolean_member (user, "active"));
  name = json_object_get_object_member (user, "name");
  g_assert_cmpstr (json_object_get_string_member (name, "formatted"), ==, "John Doe");

  assert_scim_error (missing, 404, NULL);
  assert_scim_error (slash, 404, NULL);

  /* The path is decoded once, like any server does: an id encoded once
   * finds the user, an id encoded twice names the text "%61…", nobody. */
  {
    g_autoptr(GString) once = g_string_new (NULL);
    g_autoptr(GString) twice = g_string_new (NULL);
    g_autoptr(Response) found = NULL;
    g_autoptr(Response) nobody = NULL;

    for (const char *c = id; *c != '\0'; c++)
      {
        g_string_append_printf (once, "%%%02X", (guchar) *c);
        g_string_append_printf (twice, "%%25%02X", (guchar) *c);
      }
    found = get_user (f, once->str);
    g_assert_cmpuint (found->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (object_of (found), "id"), ==, id);
    nobody = get_user (f, twice->str);
    assert_scim_error (nobody, 404, NULL);
  }

  not_modified = request_full (f, "GET", path, NULL, TOKEN, "If-None-Match", "W/\"1\"");
  g_assert_cmpuint (not_modified->status, ==, 304);
  modified = request_full (f, "GET", path, NULL, TOKEN, "If-None-Match", "W/\"7\"");
  g_assert_cmpuint (modified->status, ==, 200);
}

static void
test_patch_external_id (Fixture       *f,
                        gconstpointer  data)
{
  const char *id = user_id (f, "ada.lovelace@corp.example");
  g_autoptr(Response) before = get_user (f, id);
  g_autoptr(Response) patched = NULL;
  g_autoptr(Response) after = NULL;
  JsonObject *meta_before, *meta_after, *user;
  g_autofree char *created = NULL;

  meta_before = json_object_get_object_member (object_of (before), "meta");
  created = g_strdup (json_object_get_string_member (meta_before, "created"));

  patched = patch_user (f, id,
                        "[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"new \\\"value\\\"\"}]",
                        NULL);
  g_assert_cmpuint (patched->status, ==, 200);
  user = object_of (patched);
  g_assert_cmpstr (json_object_get_string_member (user, "externalId"), ==, "new \"value\"");
  g_assert_cmpstr (soup_message_headers_get_one (patched->headers, "ETag"), ==, "W/\"2\"");
  meta_after = json_object_get_object_member (user, "meta");
  g_assert_cmpstr (json_object_get_string_member (meta_after, "version"), ==, "W/\"2\"");
  g_assert_cmpstr (json_object_get_string_member (meta_after, "created"), ==, created);
  g_assert_cmpstr (json_object_get_string_member (meta_after, "lastModified"), >, created);

  after = get_user (f, id);
  g_assert_cmpstr (json_object_get_string_member (object_of (after), "externalId"), ==,
                   "new \"value\"");
  g_assert_cmpuint (count_matches (f, "externalId eq \"new \\\"value\\\"\""), ==, 1);
  g_assert_cmpuint (count_matches (f, "externalId eq \"00u1ada0000lovelace\""), ==, 0);
}

static void
test_patch_if_match (Fixture       *f,
                     gconstpointer  data)
{
  const char *id = user_id (f, "li.lei@corp.example");
  const char *op = "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]";
  const char *op2 = "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]";
  g_autoptr(Response) stale = patch_user (f, id, op, "W/\"9\"");
  g_autoptr(Response) current = NULL;
  g_autoptr(Response) old = NULL;
  g_autoptr(Response) star = NULL;
  g_autoptr(Response) listed = NULL;
  g_autoptr(Response) unchanged = NULL;

  assert_scim_error (stale, 412, NULL);
  current = patch_user (f, id, op, "W/\"1\"");
  g_assert_cmpuint (current->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (object_of (current), "active"));
  old = patch_user (f, id, op2, "W/\"1\"");
  assert_scim_error (old, 412, NULL);
  listed = patch_user (f, id, op2, "W/\"5\", W/\"2\"");
  g_assert_cmpuint (listed->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (listed->headers, "ETag"), ==, "W/\"3\"");
  star = patch_user (f, id, op2, "*");
  g_assert_cmpuint (star->status, ==, 200);
  /* a PATCH that changes nothing keeps the version */
  g_assert_cmpstr (soup_message_headers_get_one (star->headers, "ETag"), ==, "W/\"3\"");
  unchanged = get_user (f, id);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (object_of (unchanged), "meta"), "version"),
                   ==, "W/\"3\"");
}

static void
test_patch_operations (Fixture       *f,
                       gconstpointer  data)
{
  const char *id = user_id (f, "grace.hopper@corp.example");
  g_autoptr(Response) pathless = NULL;
  g_autoptr(Response) value_path = NULL;
  g_autoptr(Response) added = NULL;
  g_autoptr(Response) removed = NULL;
  g_autoptr(Response) name_removed = NULL;
  g_autoptr(Response) complex = NULL;
  JsonObject *user;
  JsonArray *emails;

  /* Okta style: no path, an object of attributes; op in any case */
  pathless = patch_user (f, id,
                         "[{\"op\":\"Replace\",\"value\":{\"active\":false,"
                         "\"externalId\":\"gh-2\",\"name.givenName\":\"Amazing Grace\"}}]",
                         NULL);
  g_assert_cmpuint (pathless->status, ==, 200);
  user = object_of (pathless);
  g_assert_false (json_object_get_boolean_member (user, "active"));
  g_assert_cmpstr (json_object_get_string_member (user, "externalId"), ==, "gh-2");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (user, "name"),
                                                  "givenName"), ==, "Amazing Grace");
  /* sub-attributes not given are kept */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (user, "name"),
                                                  "familyName"), ==, "Hopper");

  value_path = patch_user (f, id,
                           "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\","
                           "\"value\":\"g.hopper@corp.example\"}]", NULL);
  g_assert_cmpuint (value_path->status, ==, 200);
  g_assert_cmpuint (count_matches (f, "emails[type eq \"work\" and value eq \"g.hopper@corp.example\"]"),
                    ==, 1);

  added = patch_user (f, id,
                      "[{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"gh@other.example\","
                      "\"type\":\"other\"}]}]", NULL);
  g_assert_cmpuint (added->status, ==, 200);
  emails = json_object_get_array_member (object_of (added), "emails");
  g_assert_cmpuint (json_array_get_length (emails), ==, 3);

  removed = patch_user (f, id, "[{\"op\":\"remove\",\"path\":\"emails[type eq \\\"home\\\"]\"}]",
                        NULL);
  g_assert_cmpuint (removed->status, ==, 200);
  emails = json_object_get_array_member (object_of (removed), "emails");
  g_assert_cmpuint (json_array_get_length (emails), ==, 2);
  g_assert_cmpuint (count_matches (f, "emails.value eq \"grace@home.example\""), ==, 0);

  name_removed = patch_user (f, id, "[{\"op\":\"remove\",\"path\":\"name.givenName\"},"
                                    "{\"op\":\"remove\",\"path\":\"nickName\"}]", NULL);
  g_assert_cmpuint (name_removed->status, ==, 200);
  g_assert_false (json_object_has_member (
    json_object_get_object_member (object_of (name_removed), "name"), "givenName"));

  complex = patch_user (f, id, "[{\"op\":\"add\",\"path\":\"name\",\"value\":"
                               "{\"givenName\":\"Grace\",\"middleName\":\"Brewster\"}}]", NULL);
  g_assert_cmpuint (complex->status, ==, 200);
  user = object_of (complex);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (user, "name"),
                                                  "middleName"), ==, "Brewster");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (user, "name"),
                                                  "familyName"), ==, "Hopper");
}

static void
assert_patch_error (Fixture    *f,
                    const char *id,
                    const char *operations,
                    guint       status,
                    const char *scim_type)
{
  g_autoptr(Response) response = patch_user (f, id, operations, NULL);

  g_test_message ("PATCH %s", operations);
  assert_scim_error (response, status, scim_type);
}

static void
test_patch_errors (Fixture       *f,
                   gconstpointer  data)
{
  const char *id = user_id (f, "zoe@corp.example");
  g_autofree char *path = g_strdup_printf ("/Users/%s", id);
  g_autoptr(Response) no_schema = request (f, "PATCH", path, "{\"Operations\":[{\"op\":\"add\","
                                                              "\"path\":\"title\",\"value\":\"x\"}]}");
  g_autoptr(Response) not_json = request (f, "PATCH", path, "{nope");
  g_autoptr(Response) after = NULL;
  g_autofree char *missing_path = g_strdup_printf ("/Users/%s", "no-such-user");
  g_autoptr(Response) missing = request (f, "PATCH", missing_path, "{}");

  assert_scim_error (no_schema, 400, "invalidSyntax");
  assert_scim_error (not_json, 400, "invalidSyntax");
  assert_scim_error (missing, 404, NULL);

  assert_patch_error (f, id, "[]", 400, "invalidSyntax");
  assert_patch_error (f, id, "[{\"op\":\"move\",\"path\":\"title\",\"value\":\"x\"}]", 400,
                      "invalidSyntax");
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]", 400,
                      "mutability");
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"path\":\"meta.version\",\"value\":\"x\"}]", 400,
                      "mutability");
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"path\":\"shoeSize\",\"value\":\"x\"}]", 400,
                      "invalidPath");
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"path\":\"emails[type eq\",\"value\":\"x\"}]", 400,
                      "invalidPath");
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"value\":{\"shoeSize\":42}}]", 400,
                      "invalidPath");
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"False\"}]", 400,
                      "invalidValue");
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":7}]", 400,
                      "invalidValue");
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"path\":\"externalId\"}]", 400, "invalidValue");
  assert_patch_error (f, id, "[{\"op\":\"remove\"}]", 400, "noTarget");
  assert_patch_error (f, id, "[{\"op\":\"remove\",\"path\":\"userName\"}]", 400, "invalidValue");
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"pager\\\"].value\","
                             "\"value\":\"x\"}]", 400, "noTarget");
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"path\":\"userName\","
                             "\"value\":\"LI.LEI@corp.example\"}]", 409, "uniqueness");
  /* atomic: the valid first operation is not applied when the second fails */
  assert_patch_error (f, id, "[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"changed\"},"
                             "{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]", 400,
                      "mutability");

  after = get_user (f, id);
  g_assert_cmpstr (json_object_get_string_member (object_of (after), "externalId"), ==,
                   "🦄-unicorn");
  g_assert_cmpstr (soup_message_headers_get_one (after->headers, "ETag"), ==, "W/\"1\"");
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = g_strdup (user_id (f, "mallory@corp.example"));
  g_autofree char *path = g_strdup_printf ("/Users/%s", id);
  g_autoptr(Response) stale = request_full (f, "DELETE", path, NULL, TOKEN, "If-Match", "W/\"4\"");
  g_autoptr(Response) deleted = request (f, "DELETE", path, NULL);
  g_autoptr(Response) gone = get_user (f, id);
  g_autoptr(Response) again = request (f, "DELETE", path, NULL);
  g_autoptr(Response) patch = patch_user (f, id, "[{\"op\":\"replace\",\"path\":\"active\","
                                                 "\"value\":true}]", NULL);

  assert_scim_error (stale, 412, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (deleted->body), ==, 0);
  assert_scim_error (gone, 404, NULL);
  assert_scim_error (again, 404, NULL);
  assert_scim_error (patch, 404, NULL);
  g_assert_cmpuint (count_matches (f, "userName pr"), ==, 49);
}

static void
test_create_and_replace (Fixture       *f,
                         gconstpointer  data)
{
  const char *body =
    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
    "\"externalId\":\"okta-\\\\0042\",\"userName\":\"new.person@corp.example\","
    "\"id\":\"client-chosen\",\"name\":{\"givenName\":\"New\",\"familyName\":\"Person\"},"
    "\"emails\":[{\"value\":\"new.person@corp.example\",\"type\":\"work\",\"primary\":true}],"
    "\"active\":true,\"urn:example:extension:1.0:User\":{\"shoe\":42}}";
  g_autoptr(Response) created = request (f, "POST", "/Users", body);
  g_autoptr(Response) duplicate = request (f, "POST", "/Users", body);
  g_autoptr(Response) nameless = request (f, "POST", "/Users",
                                          "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                                          "\"externalId\":\"x\"}");
  g_autoptr(Response) replaced = NULL;
  g_autofree char *path = NULL;
  JsonObject *user = object_of (created);
  const char *id;

  g_assert_cmpuint (created->status, ==, 201);
  id = json_object_get_string_member (user, "id");
  g_assert_cmpstr (id, !=, "client-chosen");
  g_assert_cmpstr (json_object_get_string_member (user, "externalId"), ==, "okta-\\0042");
  g_assert_true (g_str_has_suffix (soup_message_headers_get_one (created->headers, "Location"), id));
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "ETag"), ==, "W/\"1\"");
  assert_scim_error (duplicate, 409, "uniqueness");
  assert_scim_error (nameless, 400, "invalidValue");
  g_assert_cmpuint (count_matches (f, "externalId eq \"okta-\\\\0042\""), ==, 1);

  path = g_strdup_printf ("/Users/%s", id);
  replaced = request_full (f, "PUT", path,
                           "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                           "\"userName\":\"new.person@corp.example\",\"active\":false}",
                           TOKEN, "If-Match", "W/\"1\"");
  g_assert_cmpuint (replaced->status, ==, 200);
  user = object_of (replaced);
  g_assert_cmpstr (json_object_get_string_member (user, "id"), ==, id);
  g_assert_false (json_object_has_member (user, "externalId"));
  g_assert_false (json_object_get_boolean_member (user, "active"));
  g_assert_cmpstr (soup_message_headers_get_one (replaced->headers, "ETag"), ==, "W/\"2\"");
}

static void
assert_members (JsonObject         *object,
                const char * const *names)
{
  g_autoptr(GList) members = json_object_get_members (object);
  guint i = 0;

  for (GList *l = members; l; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, names[i]);
  g_assert_null (names[i]);
}

/* RFC 7644 §3.9 */
static void
test_attributes (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const listed[] = { "schemas", "id", "userName", "emails", NULL };
  static const char * const value_only[] = { "value", NULL };
  static const char * const trimmed[] = { "schemas", "id", "externalId", "userName", "name",
                                          "displayName", "active", NULL };
  static const char * const family_only[] = { "formatted", "familyName", NULL };
  static const char * const id_only[] = { "schemas", "id", NULL };
  const char *id = user_id (f, "grace.hopper@corp.example");
  g_autoptr(Response) list = request (f, "GET", "/Users?count=3&attributes=userName,emails.value", NULL);
  g_autofree char *path = g_strdup_printf ("/Users/%s?excludedAttributes=emails,"
                                           "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName,meta",
                                           id);
  g_autoptr(Response) single = request (f, "GET", path, NULL);
  g_autoptr(Response) ids = request (f, "GET", "/Users?count=2&attributes=id", NULL);
  JsonObject *user;
  JsonArray *emails;

  for (guint i = 0; i < 3; i++)
    {
      user = json_array_get_object_element (resources (list), i);
      assert_members (user, listed);
      emails = json_object_get_array_member (user, "emails");
      for (guint j = 0; j < json_array_get_length (emails); j++)
        assert_members (json_array_get_object_element (emails, j), value_only);
    }

  g_assert_cmpuint (single->status, ==, 200);
  user = object_of (single);
  assert_members (user, trimmed);
  assert_members (json_object_get_object_member (user, "name"), family_only);

  assert_members (json_array_get_object_element (resources (ids), 1), id_only);
}

static void
test_routes (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Response) config = request_full (f, "GET", "/ServiceProviderConfig", NULL, NULL, NULL, NULL);
  g_autoptr(Response) groups = request (f, "GET", "/Groups", NULL);
  g_autoptr(Response) search = request (f, "POST", "/Users/.search", "{}");
  g_autoptr(Response) delete_all = request (f, "DELETE", "/Users", NULL);
  JsonObject *object = object_of (config);

  g_assert_cmpuint (config->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "etag"),
                                                 "supported"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "patch"),
                                                 "supported"));
  assert_scim_error (groups, 404, NULL);
  assert_scim_error (search, 501, NULL);
  assert_scim_error (delete_all, 405, NULL);
}

/* The same service provider as the sandbox's "scim" flavor, behind its
 * fault layer. */
static void
test_sandbox_flavor (void)
{
  g_autoptr(RosterSandbox) sandbox = roster_sandbox_new_rfc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) list = NULL;
  g_autoptr(Response) gitlab = NULL;
  g_autoptr(Response) failed = NULL;
  Fixture f = { 0 };
  g_autofree char *expected_url = NULL;

  roster_sandbox_listen (sandbox, 0, NULL, &error);
  g_assert_no_error (error);
  expected_url = g_strconcat (roster_sandbox_get_url (sandbox), "/scim/v2", NULL);
  g_assert_cmpstr (roster_sandbox_get_scim_url (sandbox), ==, expected_url);
  g_assert_cmpstr (roster_sandbox_get_scim_token (sandbox), ==, TOKEN);
  g_assert_null (roster_sandbox_get_api_token (sandbox));
  g_assert_null (roster_sandbox_get_group_path (sandbox));

  f.base = g_strdup (roster_sandbox_get_scim_url (sandbox));
  f.session = soup_session_new ();
  list = request (&f, "GET", "/Users?count=5", NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object_of (list), "totalResults"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (object_of (list), "itemsPerPage"), ==, 5);

  /* no GitLab here */
  g_free (f.base);
  f.base = g_strdup (roster_sandbox_get_url (sandbox));
  gitlab = request_full (&f, "GET", "/api/v4/groups/4242", NULL, "sandbox-api-token", NULL, NULL);
  g_assert_cmpuint (gitlab->status, ==, 404);

  /* faults apply to it like to GitLab's endpoints */
  roster_sandbox_set_fail_rate (sandbox, 1.0);
  g_free (f.base);
  f.base = g_strdup (roster_sandbox_get_scim_url (sandbox));
  failed = request_full (&f, "GET", "/Users", NULL, TOKEN, NULL, NULL);
  g_assert_cmpuint (failed->status / 100, ==, 5);

  soup_session_abort (f.session);
  roster_sandbox_stop (sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&f.session);
  g_free (f.base);
  g_assert_finalize_object (g_steal_pointer (&sandbox));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/roster/rfc/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("auth", test_auth);
  ADD ("list-envelope", test_list_envelope);
  ADD ("list-paging", test_list_paging);
  ADD ("filter-quoting", test_filter_quoting);
  ADD ("filter-operators", test_filter_operators);
  ADD ("filter-invalid", test_filter_invalid);
  ADD ("get", test_get);
  ADD ("patch-external-id", test_patch_external_id);
  ADD ("patch-if-match", test_patch_if_match);
  ADD ("patch-operations", test_patch_operations);
  ADD ("patch-errors", test_patch_errors);
  ADD ("delete", test_delete);
  ADD ("create-and-replace", test_create_and_replace);
  ADD ("attributes", test_attributes);
  ADD ("routes", test_routes);

  g_test_add_func ("/roster/rfc/sandbox-flavor", test_sandbox_flavor);

#undef ADD

  return g_test_run ();
}
