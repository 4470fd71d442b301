/* test-rest.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-sandbox-private.h"
#include "roster-test-utils.h"

/* The sandbox's REST v4 against the contract (gitlab-api.md §2, §3) and the
 * fixtures, over real HTTP. */

#define OWNER_TOKEN     "sandbox-api-token"       /* Ada, Owner, api */
#define READ_API_TOKEN  "sandbox-read-api-token"  /* Ada, Owner, read_api */
#define DEVELOPER_TOKEN "sandbox-developer-token" /* Grace, Developer, api */

#define ALAN_SCIM "aturing@acme.example"
#define ALAN_SAML "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e"

typedef struct
{
  RosterSandbox *sandbox;
  SoupSession   *session;
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

static void
fixture_start (Fixture       *f,
               RosterSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = sandbox;
  roster_sandbox_listen (f->sandbox, 0, NULL, &error);
  g_assert_no_error (error);
  f->session = soup_session_new ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_start (f, roster_sandbox_new (ROSTER_SANDBOX_WORLD_FIXTURE));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  soup_session_abort (f->session);
  roster_sandbox_stop (f->sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&f->session);
  g_assert_finalize_object (f->sandbox);
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

/* method path (under /api/v4) with a token in header (PRIVATE-TOKEN or
 * Authorization), and an optional body of content_type. */
static Response *
request_full (Fixture    *f,
              const char *method,
              const char *path,
              const char *header,
              const char *token,
              const char *content_type,
              const char *body)
{
  /* paths under /api/v4 unless they name another API */
  g_autofree char *url = g_strconcat (roster_sandbox_get_url (f->sandbox),
                                      g_str_has_prefix (path, "/api/") ? "" : "/api/v4", path, NULL);
  gboolean scim = g_str_has_prefix (path, "/api/scim/");
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  Pending pending = { 0 };
  Response *response = g_new0 (Response, 1);

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token && g_strcmp0 (header, "Authorization") == 0)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  else if (token)
    soup_message_headers_replace (headers, header, token);
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &pending);
  roster_test_wait_for (&pending.done, 30000);
  g_assert_no_error (pending.error);

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = pending.body;
  if (g_bytes_get_size (response->body) > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *data = g_bytes_get_data (response->body, &length);

      g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                       scim ? "application/scim+json" : "application/json");

      json_parser_load_from_data (parser, data, (gssize) length, &error);
      g_assert_no_error (error);
      response->json = json_node_ref (json_parser_get_root (parser));
    }
  return response;
}

static Response *
request_as (Fixture    *f,
            const char *token,
            const char *method,
            const char *path)
{
  return request_full (f, method, path, "PRIVATE-TOKEN", token, NULL, NULL);
}

static Response *
get (Fixture    *f,
     const char *path)
{
  return request_as (f, OWNER_TOKEN, "GET", path);
}

static char *
node_to_compact (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Same tree, same member order (compared through the same generator). */
static void
assert_json_equals_fixture (Response   *response,
                            const char *fixture)
{
  g_autofree char *path = roster_test_data_path ("gitlab", fixture, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_nonnull (response->json);
  g_assert_true (json_node_equal (json_parser_get_root (parser), response->json));
  expected = node_to_compact (json_parser_get_root (parser));
  actual = node_to_compact (response->json);
  g_assert_cmpstr (actual, ==, expected);
}

static void
assert_message (Response   *response,
                guint       status,
                const char *key,
                const char *message)
{
  g_autofree char *expected = g_strdup_printf ("{\"%s\":\"%s\"}", key, message);
  g_autofree char *actual = NULL;

  g_assert_cmpuint (response->status, ==, status);
  g_assert_nonnull (response->json);
  actual = node_to_compact (response->json);
  g_assert_cmpstr (actual, ==, expected);
}

static const char *
header (Response   *response,
        const char *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

static guint
array_length (Response *response)
{
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (response->json));
  return json_array_get_length (json_node_get_array (response->json));
}

static JsonObject *
element (Response *response,
         guint     index)
{
  return json_array_get_object_element (json_node_get_array (response->json), index);
}

static JsonObject *
object_of (Response *response)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

/* The member of a members response with this user id, or NULL. */
static JsonObject *
find_user (Response *response,
           gint64    id)
{
  for (guint i = 0; i < array_length (response); i++)
    if (json_object_get_int_member (element (response, i), "id") == id)
      return element (response, i);
  return NULL;
}

/* ---- the fixtures, field by field -------------------------------------- */

static void
test_fixture_members (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Response) response = get (f, "/groups/4242/members?show_seat_info=true");
  const char *link;

  assert_json_equals_fixture (response, "group-members.json");
  /* the pagination headers tests/data/gitlab/README.md lists */
  g_assert_cmpstr (header (response, "x-total"), ==, "4");
  g_assert_cmpstr (header (response, "x-total-pages"), ==, "1");
  g_assert_cmpstr (header (response, "x-page"), ==, "1");
  g_assert_cmpstr (header (response, "x-per-page"), ==, "20");
  g_assert_cmpstr (header (response, "x-next-page"), ==, "");
  g_assert_cmpstr (header (response, "x-prev-page"), ==, "");
  link = header (response, "link");
  g_assert_nonnull (strstr (link, "rel=\"first\""));
  g_assert_nonnull (strstr (link, "rel=\"last\""));
  g_assert_null (strstr (link, "rel=\"next\""));
  g_assert_null (strstr (link, "rel=\"prev\""));
}

static void
test_fixture_identities (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Response) saml = get (f, "/groups/4242/saml/identities");
  g_autoptr(Response) scim = get (f, "/groups/acme-corp/scim/identities");

  assert_json_equals_fixture (saml, "rest-saml-identities.json");
  assert_json_equals_fixture (scim, "rest-scim-identities.json");
  /* not paginated */
  g_assert_null (header (saml, "x-total"));
  g_assert_null (header (saml, "link"));
  g_assert_null (header (scim, "x-total"));
  g_assert_null (header (scim, "x-next-page"));
}

static void
test_fixture_enterprise_users (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(Response) response = get (f, "/groups/4242/enterprise_users");

  assert_json_equals_fixture (response, "enterprise-users.json");
  g_assert_cmpstr (header (response, "x-total"), ==, "4");
  g_assert_cmpstr (header (response, "x-per-page"), ==, "20");
}

/* ---- groups ------------------------------------------------------------ */

static void
test_group (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(Response) by_id = get (f, "/groups/4242");
  g_autoptr(Response) by_path = get (f, "/groups/acme-corp");
  g_autoptr(Response) dotted = get (f, "/groups/acme.labs");
  g_autoptr(Response) sub = get (f, "/groups/acme-corp%2Fplatform");
  g_autoptr(Response) missing = get (f, "/groups/acme-corp-old%2Fplatform");
  JsonObject *group;

  g_assert_cmpuint (by_id->status, ==, 200);
  group = object_of (by_id);
  g_assert_cmpint (json_object_get_int_member (group, "id"), ==, 4242);
  g_assert_cmpstr (json_object_get_string_member (group, "full_path"), ==, "acme-corp");
  g_assert_cmpstr (json_object_get_string_member (group, "path"), ==, "acme-corp");
  g_assert_cmpstr (json_object_get_string_member (group, "name"), ==, "Acme Corp");
  g_assert_cmpstr (json_object_get_string_member (group, "visibility"), ==, "private");
  g_assert_cmpstr (json_object_get_string_member (group, "web_url"), ==,
                   "https://gitlab.example.com/groups/acme-corp");
  g_assert_true (json_object_get_null_member (group, "parent_id"));

  g_assert_cmpint (json_object_get_int_member (object_of (by_path), "id"), ==, 4242);
  g_assert_cmpint (json_object_get_int_member (object_of (dotted), "id"), ==, 4260);
  g_assert_cmpuint (sub->status, ==, 200);
  group = object_of (sub);
  g_assert_cmpint (json_object_get_int_member (group, "id"), ==, 4243);
  g_assert_cmpint (json_object_get_int_member (group, "parent_id"), ==, 4242);
  g_assert_cmpstr (json_object_get_string_member (group, "full_path"), ==, "acme-corp/platform");
  g_assert_cmpstr (json_object_get_string_member (group, "full_name"), ==, "Acme Corp / Platform");
  assert_message (missing, 404, "message", "404 Group Not Found");
}

/* ---- the token and its user -------------------------------------------- */

static void
test_user_and_token (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Response) user = get (f, "/user");
  g_autoptr(Response) grace = request_as (f, DEVELOPER_TOKEN, "GET", "/user");
  g_autoptr(Response) anonymous = request_as (f, NULL, "GET", "/user");
  g_autoptr(Response) token = get (f, "/personal_access_tokens/self");
  g_autoptr(Response) read_only = request_full (f, "GET", "/personal_access_tokens/self",
                                                "Authorization", READ_API_TOKEN, NULL, NULL);
  g_autoptr(Response) bad = request_as (f, "glpat-nope", "GET", "/personal_access_tokens/self");
  g_autoptr(Response) other = get (f, "/personal_access_tokens/42");
  JsonObject *object;
  JsonArray *identities;

  g_assert_cmpuint (user->status, ==, 200);
  object = object_of (user);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 7101);
  g_assert_cmpstr (json_object_get_string_member (object, "username"), ==, "alovelace");
  g_assert_cmpstr (json_object_get_string_member (object, "email"), ==, "ada.lovelace@acme.example");
  g_assert_false (json_object_has_member (object, "is_admin"));
  g_assert_false (json_object_has_member (object, "scim_identities"));
  identities = json_object_get_array_member (object, "identities");
  g_assert_cmpuint (json_array_get_length (identities), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (identities, 0),
                                               "saml_provider_id"), ==, 318);
  g_assert_cmpint (json_object_get_int_member (object_of (grace), "id"), ==, 7102);
  assert_message (anonymous, 401, "message", "401 Unauthorized");

  g_assert_cmpuint (token->status, ==, 200);
  object = object_of (token);
  g_assert_cmpint (json_object_get_int_member (object, "user_id"), ==, 7101);
  g_assert_true (json_object_get_boolean_member (object, "active"));
  g_assert_false (json_object_get_boolean_member (object, "revoked"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "scopes"), 0),
                   ==, "api");
  object = object_of (read_only);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "scopes")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "scopes"), 0),
                   ==, "read_api");
  g_assert_cmpint (json_object_get_int_member (object, "id"), !=,
                   json_object_get_int_member (object_of (token), "id"));
  assert_message (bad, 401, "message", "401 Unauthorized");
  assert_message (other, 404, "message", "404 Not Found");
}

/* ---- authentication and authorization ---------------------------------- */

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Response) none = request_as (f, NULL, "GET", "/groups/4242/members");
  g_autoptr(Response) wrong = request_as (f, "glpat-nope", "GET", "/groups/4242/members");
  g_autoptr(Response) scim_token = request_as (f, "sandbox-scim-token", "GET", "/groups/4242");
  g_autoptr(Response) bearer = request_full (f, "GET", "/groups/4242/saml/identities",
                                             "Authorization", OWNER_TOKEN, NULL, NULL);
  g_autoptr(Response) bad_bearer = request_full (f, "GET", "/groups/4242", "Authorization",
                                                 "nope", NULL, NULL);
  /* the group is looked up only after authentication */
  g_autoptr(Response) none_missing = request_as (f, NULL, "GET", "/groups/9999/members");

  assert_message (none, 401, "message", "401 Unauthorized");
  assert_message (wrong, 401, "message", "401 Unauthorized");
  assert_message (scim_token, 401, "message", "401 Unauthorized");
  g_assert_cmpuint (array_length (bearer), ==, 4);
  assert_message (bad_bearer, 401, "message", "401 Unauthorized");
  assert_message (none_missing, 401, "message", "401 Unauthorized");
}

static void
test_not_owner (Fixture       *f,
                gconstpointer  data)
{
  static const char * const forbidden[][2] = {
    { "GET", "/groups/4242/saml/identities" },
    { "GET", "/groups/4242/scim/identities" },
    { "GET", "/groups/4242/saml/" ALAN_SAML },
    { "GET", "/groups/4242/scim/" ALAN_SCIM },
    { "DELETE", "/groups/4242/saml/" ALAN_SAML },
    { "DELETE", "/groups/4242/scim/" ALAN_SCIM },
    /* the role is checked before the parameters: no 400 for a missing extern_uid */
    { "PATCH", "/groups/4242/saml/" ALAN_SAML },
    { "GET", "/groups/4242/enterprise_users" },
    { "GET", "/groups/4242/enterprise_users/7103" },
  };
  g_autoptr(Response) members = request_as (f, DEVELOPER_TOKEN, "GET",
                                            "/groups/4242/members?show_seat_info=true");
  g_autoptr(Response) patch = request_full (f, "PATCH", "/groups/4242/scim/" ALAN_SCIM,
                                            "PRIVATE-TOKEN", DEVELOPER_TOKEN,
                                            "application/x-www-form-urlencoded",
                                            "extern_uid=" ALAN_SAML);
  g_autoptr(Response) provisioned = request_as (f, DEVELOPER_TOKEN, "GET",
                                                "/groups/4242/provisioned_users");
  g_autoptr(Response) other = request_as (f, DEVELOPER_TOKEN, "GET", "/groups/other-corp/members");
  g_autoptr(Response) after = get (f, "/groups/4242/scim/" ALAN_SCIM);

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_autoptr(Response) response = request_as (f, DEVELOPER_TOKEN, forbidden[i][0],
                                                 forbidden[i][1]);

      g_test_message ("%s %s", forbidden[i][0], forbidden[i][1]);
      assert_message (response, 403, "message", "403 Forbidden");
    }
  assert_message (patch, 403, "message", "403 Forbidden");
  assert_message (provisioned, 403, "message", "403 Forbidden");
  /* a private group the caller is not in does not exist for them */
  assert_message (other, 404, "message", "404 Group Not Found");
  /* nothing was changed or deleted */
  g_assert_cmpuint (after->status, ==, 200);

  /* any member can list members, without identities or emails */
  g_assert_cmpuint (array_length (members), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *member = element (members, i);

      g_assert_false (json_object_has_member (member, "group_saml_identity"));
      g_assert_false (json_object_has_member (member, "group_scim_identity"));
      g_assert_false (json_object_has_member (member, "email"));
      g_assert_true (json_object_get_boolean_member (member, "is_using_seat"));
      g_assert_cmpstr (json_object_get_string_member (member, "membership_state"), ==, "active");
    }
}

static void
test_read_api_scope (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Response) list = request_as (f, READ_API_TOKEN, "GET", "/groups/4242/scim/identities");
  g_autoptr(Response) members = request_as (f, READ_API_TOKEN, "GET", "/groups/4242/members");
  g_autoptr(Response) patch = request_full (f, "PATCH", "/groups/4242/scim/" ALAN_SCIM,
                                            "PRIVATE-TOKEN", READ_API_TOKEN,
                                            "application/x-www-form-urlencoded",
                                            "extern_uid=" ALAN_SAML);
  g_autoptr(Response) delete = request_as (f, READ_API_TOKEN, "DELETE", "/groups/4242/saml/" ALAN_SAML);
  g_autoptr(Response) post = request_as (f, READ_API_TOKEN, "POST", "/groups/4242/members");
  g_autoptr(Response) after = get (f, "/groups/4242/scim/identities");
  JsonObject *body;

  g_assert_cmpuint (array_length (list), ==, 4);
  g_assert_cmpuint (array_length (members), ==, 4);
  /* read_api still sees identities: it is Ada's token */
  g_assert_true (json_object_has_member (element (members, 0), "group_saml_identity"));

  g_assert_cmpuint (patch->status, ==, 403);
  body = object_of (patch);
  g_assert_cmpstr (json_object_get_string_member (body, "error"), ==, "insufficient_scope");
  g_assert_cmpstr (json_object_get_string_member (body, "scope"), ==, "api");
  g_assert_nonnull (json_object_get_string_member (body, "error_description"));
  g_assert_nonnull (strstr (header (patch, "WWW-Authenticate"), "insufficient_scope"));
  g_assert_cmpuint (delete->status, ==, 403);
  g_assert_cmpstr (json_object_get_string_member (object_of (delete), "error"), ==,
                   "insufficient_scope");
  g_assert_cmpuint (post->status, ==, 403);
  g_assert_cmpstr (json_object_get_string_member (object_of (post), "error"), ==,
                   "insufficient_scope");

  assert_json_equals_fixture (after, "rest-scim-identities.json");
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  static const char * const group_missing[] = {
    "/groups/9999",
    "/groups/9999/members",
    "/groups/nope/members/all",
    "/groups/nope/saml/identities",
    "/groups/nope/scim/" ALAN_SCIM,
    "/groups/9999/enterprise_users",
  };
  static const char * const route_missing[] = {
    "/projects",
    "/groups",
    "/groups/4242/nothing",
    "/groups/4242/members/all/7101/extra",
    "/groups/4242/scim",
  };

  for (guint i = 0; i < G_N_ELEMENTS (group_missing); i++)
    {
      g_autoptr(Response) response = get (f, group_missing[i]);

      g_test_message ("GET %s", group_missing[i]);
      assert_message (response, 404, "message", "404 Group Not Found");
    }
  for (guint i = 0; i < G_N_ELEMENTS (route_missing); i++)
    {
      g_autoptr(Response) response = get (f, route_missing[i]);

      g_test_message ("GET %s", route_missing[i]);
      assert_message (response, 404, "message", "404 Not Found");
    }
}

/* ---- identities (gitlab-api.md §2.2) ------------------------------------ */

static void
test_identity_get (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Response) saml = get (f, "/groups/4242/saml/" ALAN_SAML);
  g_autoptr(Response) saml_case = get (f, "/groups/4242/saml/C4E8A1F2-7D3B-4A9C-B6E5-1F2A3B4C5D6E");
  g_autoptr(Response) scim = get (f, "/groups/4242/scim/" ALAN_SCIM);
  g_autoptr(Response) scim_case = get (f, "/groups/4242/scim/ATuring@ACME.example");
  g_autoptr(Response) unknown = get (f, "/groups/4242/scim/0d9c8b7a-6f5e-4d3c-8b1a-0f9e8d7c6b5a");
  g_autoptr(Response) no_saml_list = get (f, "/groups/other-corp/saml/identities");
  g_autoptr(Response) no_saml_one = get (f, "/groups/other-corp/saml/" ALAN_SAML);
  g_autoptr(Response) no_scim = get (f, "/groups/other-corp/scim/identities");
  g_autoptr(Response) barbara = get (f, "/groups/4242/scim/5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9");
  g_autofree char *json = NULL;

  json = node_to_compact (saml->json);
  g_assert_cmpstr (json, ==, "{\"extern_uid\":\"" ALAN_SAML "\",\"user_id\":7103}");
  /* SAML lookups are exact, SCIM lookups case-insensitive */
  assert_message (saml_case, 404, "message", "404 Identity Not Found");
  g_clear_pointer (&json, g_free);
  json = node_to_compact (scim->json);
  g_assert_cmpstr (json, ==, "{\"extern_uid\":\"" ALAN_SCIM "\",\"user_id\":7103,\"active\":true}");
  g_clear_pointer (&json, g_free);
  json = node_to_compact (scim_case->json);
  g_assert_cmpstr (json, ==, "{\"extern_uid\":\"" ALAN_SCIM "\",\"user_id\":7103,\"active\":true}");
  assert_message (unknown, 404, "message", "404 Identity Not Found");
  /* inactive identities are still there */
  g_assert_false (json_object_get_boolean_member (object_of (barbara), "active"));

  /* a group without a SAML provider */
  assert_message (no_saml_list, 400, "message", "400 Bad request");
  assert_message (no_saml_one, 404, "message", "404 Identity Not Found");
  g_assert_cmpuint (array_length (no_scim), ==, 0);
}

static void
test_identity_patch (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Response) form = request_full (f, "PATCH", "/groups/4242/scim/" ALAN_SCIM,
                                           "PRIVATE-TOKEN", OWNER_TOKEN,
                                           "application/x-www-form-urlencoded",
                                           "extern_uid=" ALAN_SAML "&active=false&user_id=1");
  g_autoptr(Response) json = request_full (f, "PATCH", "/groups/4242/saml/" ALAN_SAML,
                                           "PRIVATE-TOKEN", OWNER_TOKEN, "application/json",
                                           "{\"extern_uid\":\"alan-nameid@acme.example\"}");
  g_autoptr(Response) query = request_as (f, OWNER_TOKEN, "PATCH",
                                          "/groups/4242/saml/alan-nameid@acme.example?extern_uid=" ALAN_SAML);
  g_autofree char *body = NULL;

  g_assert_cmpuint (form->status, ==, 200);
  body = node_to_compact (form->json);
  /* only extern_uid changes */
  g_assert_cmpstr (body, ==, "{\"extern_uid\":\"" ALAN_SAML "\",\"user_id\":7103,\"active\":true}");
  g_clear_pointer (&body, g_free);

  g_assert_cmpuint (json->status, ==, 200);
  body = node_to_compact (json->json);
  g_assert_cmpstr (body, ==, "{\"extern_uid\":\"alan-nameid@acme.example\",\"user_id\":7103}");
  g_assert_cmpuint (query->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (query), "extern_uid"), ==, ALAN_SAML);
}

static void
test_identity_patch_errors (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(Response) missing = request_full (f, "PATCH", "/groups/4242/scim/" ALAN_SCIM,
                                              "PRIVATE-TOKEN", OWNER_TOKEN,
                                              "application/x-www-form-urlencoded", "other=1");
  g_autoptr(Response) missing_empty = request_as (f, OWNER_TOKEN, "PATCH",
                                                  "/groups/4242/saml/" ALAN_SAML);
  g_autoptr(Response) blank_scim = request_full (f, "PATCH", "/groups/4242/scim/" ALAN_SCIM,
                                                 "PRIVATE-TOKEN", OWNER_TOKEN,
                                                 "application/x-www-form-urlencoded", "extern_uid=");
  g_autoptr(Response) blank_saml = request_full (f, "PATCH", "/groups/4242/saml/" ALAN_SAML,
                                                 "PRIVATE-TOKEN", OWNER_TOKEN, "application/json",
                                                 "{\"extern_uid\":\"  \"}");
  /* Grace's SCIM value, given in another case: SCIM uniqueness ignores case */
  g_autoptr(Response) taken_scim = request_full (f, "PATCH", "/groups/4242/scim/" ALAN_SCIM,
                                                 "PRIVATE-TOKEN", OWNER_TOKEN, "application/json",
                                                 "{\"extern_uid\":\"2B7D9E41-6C8A-4F3E-9D2B-5A4C3E2F1D0E\"}");
  g_autoptr(Response) taken_saml = request_full (f, "PATCH", "/groups/4242/saml/" ALAN_SAML,
                                                 "PRIVATE-TOKEN", OWNER_TOKEN,
                                                 "application/x-www-form-urlencoded",
                                                 "extern_uid=9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b");
  g_autoptr(Response) unknown = request_full (f, "PATCH", "/groups/4242/scim/nobody",
                                              "PRIVATE-TOKEN", OWNER_TOKEN,
                                              "application/x-www-form-urlencoded", "extern_uid=x");
  g_autoptr(Response) bad_json = request_full (f, "PATCH", "/groups/4242/scim/" ALAN_SCIM,
                                               "PRIVATE-TOKEN", OWNER_TOKEN, "application/json",
                                               "{\"extern_uid\":");
  g_autoptr(Response) after_scim = get (f, "/groups/4242/scim/identities");
  g_autoptr(Response) after_saml = get (f, "/groups/4242/saml/identities");

  assert_message (missing, 400, "error", "extern_uid is missing");
  assert_message (missing_empty, 400, "error", "extern_uid is missing");
  assert_message (blank_scim, 400, "message", "Extern uid can't be blank");
  assert_message (blank_saml, 400, "message",
                  "SAML NameID is missing from your SAML response. Please contact your administrator");
  assert_message (taken_scim, 400, "message", "Extern uid has already been taken");
  assert_message (taken_saml, 400, "message", "Extern uid has already been taken");
  assert_message (unknown, 404, "message", "404 Identity Not Found");
  g_assert_cmpuint (bad_json->status, ==, 400);

  /* nothing changed */
  assert_json_equals_fixture (after_scim, "rest-scim-identities.json");
  assert_json_equals_fixture (after_saml, "rest-saml-identities.json");
}

static void
test_identity_delete (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Response) deleted = request_as (f, OWNER_TOKEN, "DELETE", "/groups/4242/scim/ATURING@acme.example");
  g_autoptr(Response) gone = get (f, "/groups/4242/scim/" ALAN_SCIM);
  g_autoptr(Response) again = request_as (f, OWNER_TOKEN, "DELETE", "/groups/4242/scim/" ALAN_SCIM);
  g_autoptr(Response) list = get (f, "/groups/4242/scim/identities");
  g_autoptr(Response) saml_deleted = request_as (f, OWNER_TOKEN, "DELETE",
                                                "/groups/4242/saml/" ALAN_SAML);
  g_autoptr(Response) saml_list = get (f, "/groups/4242/saml/identities");
  g_autoptr(Response) members = get (f, "/groups/4242/members");
  JsonObject *alan;

  g_assert_cmpuint (deleted->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (deleted->body), ==, 0);
  assert_message (gone, 404, "message", "404 Identity Not Found");
  assert_message (again, 404, "message", "404 Identity Not Found");
  g_assert_cmpuint (array_length (list), ==, 3);
  g_assert_cmpuint (saml_deleted->status, ==, 204);
  g_assert_cmpuint (array_length (saml_list), ==, 3);

  /* only the identity rows go: Alan is still a member, now without either */
  alan = find_user (members, 7103);
  g_assert_nonnull (alan);
  g_assert_true (json_object_get_null_member (alan, "group_saml_identity"));
  g_assert_true (json_object_get_null_member (alan, "group_scim_identity"));
}

/* A write through one view shows in all the others. */
static void
test_cross_view (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Response) patch = request_full (f, "PATCH", "/groups/4242/scim/" ALAN_SCIM,
                                            "PRIVATE-TOKEN", OWNER_TOKEN,
                                            "application/x-www-form-urlencoded",
                                            "extern_uid=" ALAN_SAML);
  g_autoptr(Response) saml_patch = request_full (f, "PATCH", "/groups/4242/saml/9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b",
                                                 "PRIVATE-TOKEN", OWNER_TOKEN, "application/json",
                                                 "{\"extern_uid\":\"ada-new-nameid\"}");
  g_autoptr(Response) members = get (f, "/groups/4242/members");
  g_autoptr(Response) member = get (f, "/groups/4242/members/7103");
  g_autoptr(Response) all_member = get (f, "/groups/acme-corp%2Fplatform/members/all/7101");
  g_autoptr(Response) enterprise = get (f, "/groups/4242/enterprise_users/7103");
  g_autoptr(Response) ada = get (f, "/groups/4242/enterprise_users/7101");
  g_autoptr(Response) scim_old = get (f, "/groups/4242/scim/" ALAN_SCIM);
  g_autoptr(Response) scim_new = get (f, "/groups/4242/scim/" ALAN_SAML);
  g_autoptr(Response) saml_list = get (f, "/groups/4242/saml/identities");
  JsonObject *alan;
  JsonArray *scim_identities, *identities;

  g_assert_cmpuint (patch->status, ==, 200);
  g_assert_cmpuint (saml_patch->status, ==, 200);

  alan = find_user (members, 7103);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (alan, "group_scim_identity"),
                                                  "extern_uid"), ==, ALAN_SAML);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (member),
                                                                                 "group_scim_identity"),
                                                  "extern_uid"), ==, ALAN_SAML);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (find_user (members, 7101),
                                                                                 "group_saml_identity"),
                                                  "extern_uid"), ==, "ada-new-nameid");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (all_member),
                                                                                 "group_saml_identity"),
                                                  "extern_uid"), ==, "ada-new-nameid");

  scim_identities = json_object_get_array_member (object_of (enterprise), "scim_identities");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (scim_identities, 0),
                                                  "extern_uid"), ==, ALAN_SAML);
  identities = json_object_get_array_member (object_of (ada), "identities");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (identities, 0),
                                                  "extern_uid"), ==, "ada-new-nameid");

  assert_message (scim_old, 404, "message", "404 Identity Not Found");
  g_assert_cmpuint (scim_new->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (element (saml_list, 0), "extern_uid"), ==,
                   "ada-new-nameid");
}

/* REST and the SCIM API are two views of the same identities. */
static void
test_cross_view_scim (Fixture       *f,
                      gconstpointer  data)
{
  const char *scim_token = roster_sandbox_get_scim_token (f->sandbox);
  g_autoptr(Response) patch = request_full (f, "PATCH", "/groups/4242/scim/" ALAN_SCIM,
                                            "PRIVATE-TOKEN", OWNER_TOKEN,
                                            "application/x-www-form-urlencoded",
                                            "extern_uid=" ALAN_SAML);
  g_autoptr(Response) scim_new = request_full (f, "GET", "/api/scim/v2/groups/acme-corp/Users/" ALAN_SAML,
                                               "Authorization", scim_token, NULL, NULL);
  g_autoptr(Response) scim_old = request_full (f, "GET", "/api/scim/v2/groups/acme-corp/Users/" ALAN_SCIM,
                                               "Authorization", scim_token, NULL, NULL);
  g_autoptr(Response) deprovision = request_full (
    f, "PATCH", "/api/scim/v2/groups/acme-corp/Users/2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e",
    "Authorization", scim_token, "application/scim+json",
    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
    "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");
  g_autoptr(Response) identity = get (f, "/groups/4242/scim/2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e");
  g_autoptr(Response) members = get (f, "/groups/4242/members");
  g_autoptr(Response) grace = get (f, "/groups/4242/enterprise_users/7102");
  g_autoptr(Response) reprovision = request_full (
    f, "PATCH", "/api/scim/v2/groups/acme-corp/Users/2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e",
    "Authorization", scim_token, "application/scim+json",
    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
    "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]}");
  g_autoptr(Response) member_again = get (f, "/groups/4242/members/7102");
  JsonArray *scim_identities;

  g_assert_cmpuint (patch->status, ==, 200);
  g_assert_cmpuint (scim_new->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (scim_new), "id"), ==, ALAN_SAML);
  g_assert_cmpuint (scim_old->status, ==, 404);

  /* deprovisioned by SCIM: identity inactive, membership gone, account kept */
  g_assert_cmpuint (deprovision->status, ==, 204);
  g_assert_false (json_object_get_boolean_member (object_of (identity), "active"));
  g_assert_cmpuint (array_length (members), ==, 3);
  g_assert_null (find_user (members, 7102));
  g_assert_cmpstr (header (members, "x-total"), ==, "3");
  scim_identities = json_object_get_array_member (object_of (grace), "scim_identities");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (scim_identities, 0),
                                                  "active"));

  /* reprovisioned: a member again, at the default membership role (Guest) */
  g_assert_cmpuint (reprovision->status, ==, 204);
  g_assert_cmpuint (member_again->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object_of (member_again), "access_level"), ==, 10);
  g_assert_false (json_object_has_member (object_of (member_again), "created_by"));
}

/* ---- members ----------------------------------------------------------- */

static guint
count (Fixture    *f,
       const char *token,
       const char *path)
{
  g_autoptr(Response) response = request_as (f, token, "GET", path);

  return array_length (response);
}

static void
test_member_filters (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Response) by_ids = get (f, "/groups/4242/members?user_ids[]=7110&user_ids[]=7101&user_ids[]=7104");
  g_autoptr(Response) bad_ids = get (f, "/groups/4242/members?user_ids[]=abc");
  g_autoptr(Response) bad_state = get (f, "/groups/4242/members/all?state=gone");
  g_autoptr(Response) bad_bool = get (f, "/groups/4242/members?show_seat_info=maybe");
  g_autoptr(Response) no_seat = get (f, "/groups/4242/members");

  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members?query=grace"), ==, 1);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members?query=TURING"), ==, 1);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members?query=ghop"), ==, 1);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members?query=dennis.ritchie%40contractors.example"), ==, 1);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members?query=contractors"), ==, 0);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members?query=bliskov"), ==, 0);

  /* user_ids: only current members, in id order; both array spellings */
  g_assert_cmpuint (array_length (by_ids), ==, 2);
  g_assert_cmpint (json_object_get_int_member (element (by_ids, 0), "id"), ==, 7101);
  g_assert_cmpint (json_object_get_int_member (element (by_ids, 1), "id"), ==, 7110);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members?user_ids=7101,7103"), ==, 2);
  assert_message (bad_ids, 400, "error", "user_ids is invalid");

  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members?skip_users[]=7101&skip_users[]=7102"), ==, 2);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members?with_saml_identity=true"), ==, 3);
  /* with_saml_identity has no effect for callers who cannot see identities */
  g_assert_cmpuint (count (f, DEVELOPER_TOKEN, "/groups/4242/members?with_saml_identity=true"), ==, 4);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members/all?state=active"), ==, 4);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/members/all?state=awaiting"), ==, 0);
  assert_message (bad_state, 400, "error", "state does not have a valid value");
  assert_message (bad_bool, 400, "error", "show_seat_info is invalid");
  g_assert_false (json_object_has_member (element (no_seat, 0), "is_using_seat"));
}

static void
test_member_single (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Response) dennis = get (f, "/groups/4242/members/7110?show_seat_info=true");
  g_autoptr(Response) fixture = get (f, "/groups/4242/members?show_seat_info=true");
  g_autoptr(Response) barbara = get (f, "/groups/4242/members/7104");
  g_autoptr(Response) nobody = get (f, "/groups/4242/members/all/123456");
  g_autoptr(Response) bad = get (f, "/groups/4242/members/alan");
  g_autofree char *single = node_to_compact (dennis->json);
  g_autofree char *in_list = NULL;
  JsonNode *node = json_array_get_element (json_node_get_array (fixture->json), 3);

  in_list = node_to_compact (node);
  g_assert_cmpuint (dennis->status, ==, 200);
  g_assert_cmpstr (single, ==, in_list);
  assert_message (barbara, 404, "message", "404 Not found");
  assert_message (nobody, 404, "message", "404 Not found");
  assert_message (bad, 400, "error", "user_id is invalid");
}

static void
test_members_subgroup (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Response) direct = get (f, "/groups/acme-corp%2Fplatform/members");
  g_autoptr(Response) all = get (f, "/groups/4243/members/all");
  g_autoptr(Response) ada_all = get (f, "/groups/4243/members/all/7101");
  g_autoptr(Response) ada_direct = get (f, "/groups/4243/members/7101");
  JsonObject *alan;

  /* Alan is the only direct member; his identities are looked up against
   * the subgroup, which has no SAML provider: null */
  g_assert_cmpuint (array_length (direct), ==, 1);
  alan = element (direct, 0);
  g_assert_cmpint (json_object_get_int_member (alan, "id"), ==, 7103);
  g_assert_true (json_object_get_null_member (alan, "group_saml_identity"));
  g_assert_true (json_object_get_null_member (alan, "group_scim_identity"));

  /* with the inherited members of acme-corp, one entry per user */
  g_assert_cmpuint (array_length (all), ==, 4);
  g_assert_cmpint (json_object_get_int_member (find_user (all, 7101), "access_level"), ==, 50);
  g_assert_nonnull (json_object_get_object_member (find_user (all, 7101), "group_saml_identity"));

  g_assert_cmpuint (ada_all->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object_of (ada_all), "access_level"), ==, 50);
  assert_message (ada_direct, 404, "message", "404 Not found");
}

/* ---- pagination at the edges ------------------------------------------- */

/* The empty world (Ada alone) grown to n_members members. */
static RosterSandbox *
sandbox_with_members (guint n_members)
{
  RosterSandbox *sandbox = roster_sandbox_new (ROSTER_SANDBOX_WORLD_EMPTY);
  RosterWorld *world = _roster_sandbox_get_world (sandbox);
  RosterWorldGroup *group = roster_world_lookup_group (world, 4242);
  guint have = roster_world_group_get_n_members (world, group);

  g_assert_cmpuint (have, ==, 1);
  for (guint i = have; i < n_members; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *username = g_strdup_printf ("member%u", i);
      g_autofree char *email = g_strdup_printf ("member%u@example.org", i);
      RosterWorldUser *user = roster_world_add_user (world, 0, username, username, email, &error);

      g_assert_no_error (error);
      roster_world_add_member (world, group, user, ROSTER_ACCESS_DEVELOPER, NULL, &error);
      g_assert_no_error (error);
    }
  return sandbox;
}

static void
assert_link (Response   *response,
             const char *rel,
             const char *expected_query)
{
  g_autofree char *needle = g_strdup_printf ("; rel=\"%s\"", rel);
  const char *link = header (response, "link");
  const char *at = strstr (link, needle);

  if (!expected_query)
    {
      g_assert_null (at);
      return;
    }
  g_assert_nonnull (at);
  {
    /* <URL>; rel="x": find the '<' before it */
    const char *start = at;
    g_autofree char *url = NULL;
    g_autofree char *suffix = g_strdup_printf ("?%s", expected_query);

    while (start > link && *start != '<')
      start--;
    url = g_strndup (start + 1, at - start - 2);
    g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
    g_assert_true (g_str_has_suffix (url, suffix));
  }
}

static void
assert_page_headers (Response   *response,
                     const char *total,
                     const char *total_pages,
                     const char *page,
                     const char *next,
                     const char *prev)
{
  g_assert_cmpstr (header (response, "x-total"), ==, total);
  g_assert_cmpstr (header (response, "x-total-pages"), ==, total_pages);
  g_assert_cmpstr (header (response, "x-page"), ==, page);
  g_assert_cmpstr (header (response, "x-next-page"), ==, next);
  g_assert_cmpstr (header (response, "x-prev-page"), ==, prev);
}

static void
test_paging_100 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Response) page = NULL;
  g_autoptr(Response) capped = NULL;
  g_autoptr(Response) beyond = NULL;

  fixture_start (f, sandbox_with_members (100));
  page = get (f, "/groups/4242/members?per_page=100");
  g_assert_cmpuint (array_length (page), ==, 100);
  g_assert_cmpstr (header (page, "x-per-page"), ==, "100");
  assert_page_headers (page, "100", "1", "1", "", "");
  assert_link (page, "first", "page=1&per_page=100");
  assert_link (page, "last", "page=1&per_page=100");
  assert_link (page, "next", NULL);
  assert_link (page, "prev", NULL);

  capped = get (f, "/groups/4242/members?per_page=500");
  g_assert_cmpuint (array_length (capped), ==, 100);
  g_assert_cmpstr (header (capped, "x-per-page"), ==, "100");

  beyond = get (f, "/groups/4242/members?per_page=100&page=2");
  g_assert_cmpuint (array_length (beyond), ==, 0);
  assert_page_headers (beyond, "100", "1", "2", "", "");
}

static void
test_paging_101 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) defaults = NULL;
  g_autoptr(Response) bad = NULL;
  g_autoptr(Response) zero = NULL;

  fixture_start (f, sandbox_with_members (101));
  first = get (f, "/groups/4242/members?per_page=100&show_seat_info=true");
  g_assert_cmpuint (array_length (first), ==, 100);
  assert_page_headers (first, "101", "2", "1", "2", "");
  assert_link (first, "next", "page=2&per_page=100&show_seat_info=true");
  assert_link (first, "first", "page=1&per_page=100&show_seat_info=true");
  assert_link (first, "last", "page=2&per_page=100&show_seat_info=true");
  assert_link (first, "prev", NULL);

  second = get (f, "/groups/4242/members?show_seat_info=true&page=2&per_page=100");
  g_assert_cmpuint (array_length (second), ==, 1);
  assert_page_headers (second, "101", "2", "2", "", "1");
  assert_link (second, "prev", "page=1&per_page=100&show_seat_info=true");
  assert_link (second, "next", NULL);
  g_assert_cmpint (json_object_get_int_member (element (second, 0), "id"), !=,
                   json_object_get_int_member (element (first, 99), "id"));

  defaults = get (f, "/groups/4242/members");
  g_assert_cmpuint (array_length (defaults), ==, 20);
  assert_page_headers (defaults, "101", "6", "1", "2", "");
  zero = get (f, "/groups/4242/members?page=0&per_page=0");
  g_assert_cmpuint (array_length (zero), ==, 20);
  g_assert_cmpstr (header (zero, "x-page"), ==, "1");
  bad = get (f, "/groups/4242/members?page=two");
  assert_message (bad, 400, "error", "page is invalid");
}

static void
test_paging_10001 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) last = NULL;
  g_autoptr(Response) past = NULL;

  fixture_start (f, sandbox_with_members (10001));
  first = get (f, "/groups/4242/members?per_page=100");
  g_assert_cmpuint (array_length (first), ==, 100);
  /* above 10 000 records: no totals, no rel="last" */
  assert_page_headers (first, NULL, NULL, "1", "2", "");
  g_assert_cmpstr (header (first, "x-per-page"), ==, "100");
  assert_link (first, "next", "page=2&per_page=100");
  assert_link (first, "first", "page=1&per_page=100");
  assert_link (first, "last", NULL);

  last = get (f, "/groups/4242/members?per_page=100&page=101");
  g_assert_cmpuint (array_length (last), ==, 1);
  assert_page_headers (last, NULL, NULL, "101", "", "100");
  assert_link (last, "last", NULL);

  past = get (f, "/groups/4242/members?per_page=100&page=102");
  g_assert_cmpuint (array_length (past), ==, 0);
  assert_page_headers (past, NULL, NULL, "102", "", "");
}

static void
test_paging_10000 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Response) page = NULL;

  fixture_start (f, sandbox_with_members (10000));
  page = get (f, "/groups/4242/members?per_page=100&page=100");
  g_assert_cmpuint (array_length (page), ==, 100);
  assert_page_headers (page, "10000", "100", "100", "", "99");
  assert_link (page, "last", "page=100&per_page=100");
}

/* ---- enterprise and provisioned users ---------------------------------- */

static void
test_enterprise_filters (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Response) single = get (f, "/groups/4242/enterprise_users/7103");
  g_autoptr(Response) fixture = get (f, "/groups/4242/enterprise_users");
  g_autoptr(Response) dennis = get (f, "/groups/4242/enterprise_users/7110");
  g_autoptr(Response) sub = get (f, "/groups/4243/enterprise_users");
  g_autoptr(Response) bad = get (f, "/groups/4242/enterprise_users?two_factor=maybe");
  g_autoptr(Response) bad_date = get (f, "/groups/4242/enterprise_users?created_after=soon");
  g_autofree char *single_json = node_to_compact (single->json);
  g_autofree char *list_json = node_to_compact (json_array_get_element (json_node_get_array (fixture->json), 2));

  g_assert_cmpstr (single_json, ==, list_json);
  assert_message (dennis, 404, "message", "404 User Not Found");
  assert_message (sub, 400, "message", "400 Bad request - Must be a top-level group");
  assert_message (bad, 400, "error", "two_factor does not have a valid value");
  assert_message (bad_date, 400, "error", "created_after is invalid");

  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/enterprise_users?username=ATURING"), ==, 1);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/enterprise_users?search=hopper"), ==, 1);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/enterprise_users?two_factor=enabled"), ==, 2);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/enterprise_users?two_factor=disabled"), ==, 2);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/enterprise_users?created_after=2024-01-01"), ==, 3);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/enterprise_users?created_before=2024-01-01T00:00:00Z"), ==, 1);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/enterprise_users?active=true"), ==, 4);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/enterprise_users?blocked=true"), ==, 0);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/enterprise_users?per_page=3"), ==, 3);
}

static void
test_provisioned_users (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Response) response = get (f, "/groups/4242/provisioned_users");
  JsonObject *ada;

  /* Ada, Grace and Barbara were provisioned by the group; Alan was linked */
  g_assert_cmpuint (array_length (response), ==, 3);
  g_assert_cmpstr (header (response, "x-total"), ==, "3");
  ada = element (response, 0);
  g_assert_cmpint (json_object_get_int_member (ada, "id"), ==, 7101);
  g_assert_false (json_object_has_member (ada, "scim_identities"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ada, "identities")), ==, 1);
  g_assert_cmpuint (count (f, OWNER_TOKEN, "/groups/4242/provisioned_users?search=liskov"), ==, 1);
}

/* An older GitLab: no enterprise_users (the client falls back, §3.4), and no
 * group_scim_identity in members before 18.2 (UNCONFIRMED version). */
static void
test_older_gitlab (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Response) enterprise = NULL;
  g_autoptr(Response) single = NULL;
  g_autoptr(Response) members = NULL;
  g_autoptr(Response) identities = NULL;
  g_autoptr(Response) identity = NULL;
  g_autoptr(Response) current = NULL;

  roster_sandbox_set_gitlab_version (f->sandbox, 17, 6);
  enterprise = get (f, "/groups/4242/enterprise_users");
  single = get (f, "/groups/4242/enterprise_users/7101");
  members = get (f, "/groups/4242/members");
  identities = get (f, "/groups/4242/scim/identities");
  assert_message (enterprise, 404, "message", "404 Not Found");
  assert_message (single, 404, "message", "404 Not Found");
  /* the Owner fallback still works: email present means enterprise user */
  g_assert_nonnull (json_object_get_string_member (find_user (members, 7101), "email"));
  g_assert_false (json_object_has_member (find_user (members, 7110), "email"));
  g_assert_true (json_object_has_member (find_user (members, 7101), "group_saml_identity"));
  g_assert_false (json_object_has_member (find_user (members, 7101), "group_scim_identity"));
  g_assert_cmpuint (array_length (identities), ==, 4);

  roster_sandbox_set_gitlab_version (f->sandbox, 16, 0);
  identity = get (f, "/groups/4242/scim/" ALAN_SCIM);
  assert_message (identity, 404, "message", "404 Not Found");

  roster_sandbox_set_gitlab_version (f->sandbox, 18, 2);
  current = get (f, "/groups/4242/enterprise_users");
  g_assert_cmpuint (array_length (current), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/roster/rest/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_BARE(path, func) \
  g_test_add ("/roster/rest/" path, Fixture, NULL, NULL, func, fixture_teardown)

  ADD ("fixture/group-members", test_fixture_members);
  ADD ("fixture/identities", test_fixture_identities);
  ADD ("fixture/enterprise-users", test_fixture_enterprise_users);
  ADD ("group", test_group);
  ADD ("user-and-token", test_user_and_token);
  ADD ("auth", test_auth);
  ADD ("not-owner", test_not_owner);
  ADD ("read-api-scope", test_read_api_scope);
  ADD ("not-found", test_not_found);
  ADD ("identity/get", test_identity_get);
  ADD ("identity/patch", test_identity_patch);
  ADD ("identity/patch-errors", test_identity_patch_errors);
  ADD ("identity/delete", test_identity_delete);
  ADD ("cross-view", test_cross_view);
  ADD ("cross-view-scim", test_cross_view_scim);
  ADD ("members/filters", test_member_filters);
  ADD ("members/single", test_member_single);
  ADD ("members/subgroup", test_members_subgroup);
  ADD_BARE ("paging/100", test_paging_100);
  ADD_BARE ("paging/101", test_paging_101);
  ADD_BARE ("paging/10000", test_paging_10000);
  ADD_BARE ("paging/10001", test_paging_10001);
  ADD ("enterprise-users/filters", test_enterprise_filters);
  ADD ("provisioned-users", test_provisioned_users);
  ADD ("older-gitlab", test_older_gitlab);

#undef ADD
#undef ADD_BARE

  return g_test_run ();
}
