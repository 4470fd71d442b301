/* test-scim-client.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-scim-client"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "roster-account.h"
#include "roster-error.h"
#include "roster-http.h"
#include "roster-request-log.h"
#include "roster-sandbox-rfc.h"
#include "roster-scim-client.h"
#include "roster-test-utils.h"

/* RosterScimClient over real HTTP on 127.0.0.1: the `rfc` dialect against
 * the sandbox's RFC 7644 service provider, and answers no sane server gives
 * from a hand-written handler under /hostile. */

typedef enum
{
  HOSTILE_NONE,
  HOSTILE_IGNORES_START,   /* every page is the first page */
  HOSTILE_EMPTY_FIRST,     /* totalResults 5, no Resources */
  HOSTILE_GROWING,         /* totalResults grows with every request */
  HOSTILE_SHORT,           /* totalResults 150, but only 120 users exist */
  HOSTILE_HTML,            /* 200 text/html */
  HOSTILE_BAD_ITEM,        /* item 3 has a numeric id */
  HOSTILE_STRING_STATUS,   /* 400 with "status":"400" and scimType */
  HOSTILE_GITLAB_QUIRKS,   /* startIndex as string, itemsPerPage = page size */
  HOSTILE_PAUSE_LATER,     /* pages after the first never answer */
  HOSTILE_SERVER_SMALL_PAGES, /* the server caps pages at 30 */
} Hostile;

typedef struct
{
  SoupServer       *server;
  char             *url;
  RosterSandboxRfc *rfc;
  RosterRequestLog *log;
  RosterHttp       *http;
  RosterScimClient *client;      /* rfc dialect on /scim/v2 */
  RosterScimClient *hostile;     /* on /hostile, dialect per test */
  Hostile           mode;
  guint             requests;
  GPtrArray        *paused;
  guint64           last_done;
  guint64           last_total;
  guint             progress_calls;
} Fixture;

typedef struct
{
  gboolean  done;
  gpointer  value;
  gboolean  ok;
  GError   *error;
} Result;

static void
result_clear (Result *r)
{
  g_clear_error (&r->error);
  r->value = NULL;
  r->done = FALSE;
  r->ok = FALSE;
}

/* ---------------------------------------------------------------------- */
/* The hostile handler */

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *type,
          const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
write_page (GString    *out,
            gint64      total,
            const char *start_json,
            const char *per_page_json,
            guint       first,
            guint       n,
            int         bad_index)
{
  g_string_append_printf (out, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
                          "\"totalResults\":%" G_GINT64_FORMAT ",\"itemsPerPage\":%s,\"startIndex\":%s,"
                          "\"Resources\":[", total, per_page_json, start_json);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if ((int) i == bad_index)
        g_string_append_printf (out, "{\"id\":%u}", first + i);
      else
        g_string_append_printf (out, "{\"id\":\"user-%u\",\"userName\":\"u%u\",\"active\":true}",
                                first + i, first + i);
    }
  g_string_append (out, "]}");
}

static void
hostile_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *start_text = query ? g_hash_table_lookup (query, "startIndex") : NULL;
  guint64 start = 1;
  guint request = ++f->requests;
  g_autofree char *start_json = NULL;

  if (start_text != NULL)
    g_ascii_string_to_unsigned (start_text, 10, 1, G_MAXUINT32, &start, NULL);
  start_json = g_strdup_printf ("%" G_GUINT64_FORMAT, start);

  switch (f->mode)
    {
    case HOSTILE_IGNORES_START:
      write_page (out, 250, "1", "100", 1, 100, -1);
      break;

    case HOSTILE_EMPTY_FIRST:
      write_page (out, 5, "1", "100", 1, 0, -1);
      break;

    case HOSTILE_GROWING:
      {
        gint64 total = 150 + request;
        guint n = start > (guint64) total ? 0 : MIN (100, total - start + 1);

        write_page (out, total, start_json, "100", start, n, -1);
      }
      break;

    case HOSTILE_SHORT:
      {
        guint n = start > 120 ? 0 : MIN (100, 120 - start + 1);

        write_page (out, 150, start_json, "100", start, n, -1);
      }
      break;

    case HOSTILE_HTML:
      set_json (msg, 200, "text/html", "<html><body>Sign in</body></html>");
      return;

    case HOSTILE_BAD_ITEM:
      write_page (out, 5, "1", "100", 1, 5, 2);
      break;

    case HOSTILE_STRING_STATUS:
      set_json (msg, 400, "application/scim+json",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                "\"status\":\"400\",\"scimType\":\"invalidFilter\",\"detail\":\"Bad filter\"}");
      return;

    case HOSTILE_GITLAB_QUIRKS:
      {
        g_autofree char *quoted = g_strdup_printf ("\"%" G_GUINT64_FORMAT "\"", start);
        guint n = start > 230 ? 0 : MIN (100, 230 - start + 1);

        write_page (out, 230, quoted, "100", start, n, -1);
      }
      break;

    case HOSTILE_SERVER_SMALL_PAGES:
      {
        guint n = start > 95 ? 0 : MIN (30, 95 - start + 1);

        write_page (out, 95, start_json, "30", start, n, -1);
      }
      break;

    case HOSTILE_PAUSE_LATER:
      if (start > 1)
        {
          soup_server_message_pause (msg);
          g_ptr_array_add (f->paused, msg);
          return;
        }
      write_page (out, 500, "1", "100", 1, 100, -1);
      break;

    case HOSTILE_NONE:
    default:
      set_json (msg, 404, "application/json", "{\"error\":\"404 Not Found\"}");
      return;
    }

  set_json (msg, 200, "application/scim+json", out->str);
}

/* ---------------------------------------------------------------------- */
/* Fixture */

static guint
listening_port (SoupServer *server)
{
  g_autoptr(GSList) listeners = soup_server_get_listeners (server);
  g_autoptr(GSocketAddress) address = NULL;

  address = g_socket_get_local_address (listeners->data, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  f->paused = g_ptr_array_new ();
  f->server = soup_server_new (NULL, NULL);
  f->rfc = roster_sandbox_rfc_new ();
  roster_sandbox_rfc_install (f->rfc, f->server);
  soup_server_add_handler (f->server, "/hostile", hostile_cb, f, NULL);
  soup_server_listen (f->server, address, 0, &error);
  g_assert_no_error (error);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", listening_port (f->server));

  f->log = roster_request_log_new (1000);
  f->http = roster_http_new (f->url, f->log, &error);
  g_assert_no_error (error);
  roster_http_set_token (f->http, ROSTER_TOKEN_SCIM, roster_sandbox_rfc_get_token (f->rfc));
  roster_http_set_retry_policy (f->http, 3, 10, 2000);
  f->client = roster_scim_client_new (f->http, ROSTER_SCIM_DIALECT_RFC, ROSTER_SANDBOX_RFC_BASE_PATH);
  f->hostile = roster_scim_client_new (f->http, ROSTER_SCIM_DIALECT_RFC, "/hostile/");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Let the last callbacks drop their references. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_assert_finalize_object (g_steal_pointer (&f->hostile));
  roster_test_finalize_eventually (g_steal_pointer (&f->http));

  for (guint i = 0; i < f->paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (f->paused, i));
  soup_server_disconnect (f->server);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&f->server));
  g_assert_finalize_object (g_steal_pointer (&f->rfc));
  g_assert_finalize_object (g_steal_pointer (&f->log));
  g_clear_pointer (&f->paused, g_ptr_array_unref);
  g_clear_pointer (&f->url, g_free);
}

/* ---------------------------------------------------------------------- */
/* Running operations */

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Fixture *f = user_data;

  f->last_done = done;
  f->last_total = total;
  f->progress_calls++;
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->value = roster_scim_client_list_users_finish (ROSTER_SCIM_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static GPtrArray *
list_users (Fixture          *f,
            RosterScimClient *client,
            GError          **error)
{
  Result r = { 0 };

  roster_scim_client_list_users_async (client, NULL, progress_cb, f, NULL, NULL, list_cb, &r);
  roster_test_wait_for (&r.done, 30000);
  if (r.error)
    g_propagate_error (error, r.error);
  return r.value;
}

static void
find_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->value = roster_scim_client_find_users_finish (ROSTER_SCIM_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static GPtrArray *
find_users (RosterScimClient  *client,
            const char        *attribute,
            const char        *value,
            GError           **error)
{
  Result r = { 0 };

  roster_scim_client_find_users_async (client, attribute, value, NULL, find_cb, &r);
  roster_test_wait_for (&r.done, 30000);
  if (r.error)
    g_propagate_error (error, r.error);
  return r.value;
}

static void
get_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Result *r = user_data;

  r->value = roster_scim_client_get_user_finish (ROSTER_SCIM_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static RosterScimUser *
get_user (RosterScimClient  *client,
          const char        *id,
          GError           **error)
{
  Result r = { 0 };

  roster_scim_client_get_user_async (client, id, NULL, get_cb, &r);
  roster_test_wait_for (&r.done, 30000);
  if (r.error)
    g_propagate_error (error, r.error);
  return r.value;
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->ok = roster_scim_client_write_finish (ROSTER_SCIM_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
wait_write (Result  *r,
            GError **error)
{
  roster_test_wait_for (&r->done, 30000);
  if (r->error)
    g_propagate_error (error, r->error);
  return r->ok;
}

static gboolean
replace (RosterScimClient     *client,
         const char           *id,
         RosterScimAttribute   attribute,
         const char           *value,
         const char           *version,
         GError              **error)
{
  Result r = { 0 };

  roster_scim_client_replace_async (client, id, attribute, value, version, NULL, write_cb, &r);
  return wait_write (&r, error);
}

/* ---------------------------------------------------------------------- */
/* rfc dialect against the sandbox's SCIM service provider */

static void
test_rfc_list_all (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  guint n = roster_sandbox_rfc_get_n_users (f->rfc);

  users = list_users (f, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, n);
  for (guint i = 0; i < users->len; i++)
    g_assert_true (g_hash_table_add (ids, ((RosterScimUser *) g_ptr_array_index (users, i))->id));
  g_assert_cmpuint (f->last_done, ==, n);
  g_assert_cmpuint (f->last_total, ==, n);
}

static void
test_rfc_list_pages (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  guint n;

  /* 301 users: pages of 100, 100, 100, 1. */
  roster_sandbox_rfc_add_generated (f->rfc, 301 - roster_sandbox_rfc_get_n_users (f->rfc));
  n = roster_sandbox_rfc_get_n_users (f->rfc);
  g_assert_cmpuint (n, ==, 301);

  users = list_users (f, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, n);
  for (guint i = 0; i < users->len; i++)
    g_assert_true (g_hash_table_add (ids, ((RosterScimUser *) g_ptr_array_index (users, i))->id));
  g_assert_cmpuint (f->progress_calls, ==, 4);
  g_assert_cmpuint (f->last_done, ==, 301);
}

static void
test_rfc_exact (Fixture       *f,
                gconstpointer  data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  guint64 before;

  roster_sandbox_rfc_add_generated (f->rfc, n - roster_sandbox_rfc_get_n_users (f->rfc));
  g_assert_cmpuint (roster_sandbox_rfc_get_n_users (f->rfc), ==, n);

  before = roster_request_log_get_total (f->log);
  users = list_users (f, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, n);
  /* 100 users: one page; 101: two. */
  g_assert_cmpuint (roster_request_log_get_total (f->log) - before, ==, (n + 99) / 100);
}

static void
test_rfc_find_roundtrip (Fixture       *f,
                         gconstpointer  data)
{
  /* Values with quotes, backslashes, operator words, spaces, control
   * characters: each must find exactly its own user. */
  const char *values[] = {
    "ext-\"quoted\"-007", "CORP\\jdoe", "a\\\"b", "ends-with-backslash\\",
    "x\" or userName pr or externalId eq \"y", "and or not eq pr", "Jane Q. Public",
    "line1\nline2\ttab", "ß-ünï-çødé-ключ", "emails[type eq \"work\"].value",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GPtrArray) users = NULL;
      g_autoptr(GError) error = NULL;

      users = find_users (f->client, "externalId", values[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (users->len, ==, 1);
      g_assert_cmpstr (((RosterScimUser *) g_ptr_array_index (users, 0))->external_id, ==, values[i]);
    }

  {
    g_autoptr(GPtrArray) users = NULL;
    g_autoptr(GError) error = NULL;

    users = find_users (f->client, "userName", "nobody@corp.example", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (users->len, ==, 0);
  }
}

static void
test_rfc_get (Fixture       *f,
              gconstpointer  data)
{
  const char *id = roster_sandbox_rfc_lookup_id (f->rfc, "shaq.oneal@corp.example");
  g_autoptr(RosterScimUser) user = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (id);
  user = get_user (f->client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->id, ==, id);
  g_assert_cmpstr (user->user_name, ==, "shaq.oneal@corp.example");
  g_assert_cmpstr (user->external_id, ==, "ext-\"quoted\"-007");
  g_assert_cmpstr (user->display_name, ==, "Shaquille \"Shaq\" O'Neal");
  g_assert_nonnull (user->version);
  g_assert_true (user->active);

  g_clear_pointer (&user, roster_scim_user_unref);
  user = get_user (f->client, "no-such-user", &error);
  g_assert_null (user);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-user"));
}

static void
test_rfc_replace_if_match (Fixture       *f,
                           gconstpointer  data)
{
  const char *id = roster_sandbox_rfc_lookup_id (f->rfc, "jdoe@corp.example");
  const char *new_value = "new \"value\" with \\ and spaces";
  g_autoptr(RosterScimUser) before = NULL;
  g_autoptr(RosterScimUser) after = NULL;
  g_autoptr(GError) error = NULL;

  before = get_user (f->client, id, &error);
  g_assert_no_error (error);

  g_assert_true (replace (f->client, id, ROSTER_SCIM_ATTRIBUTE_EXTERNAL_ID, new_value, before->version, &error));
  g_assert_no_error (error);

  after = get_user (f->client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->external_id, ==, new_value);
  g_assert_cmpstr (after->version, !=, before->version);

  /* The old version no longer matches: the server refuses, and says why. */
  g_assert_false (replace (f->client, id, ROSTER_SCIM_ATTRIBUTE_EXTERNAL_ID, "other", before->version, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_CHANGED_ON_SERVER);
  g_clear_error (&error);

  /* The id is read-only in RFC 7643. */
  g_assert_false (replace (f->client, id, ROSTER_SCIM_ATTRIBUTE_ID, "other", NULL, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Empty values are refused before sending. */
  g_assert_false (replace (f->client, id, ROSTER_SCIM_ATTRIBUTE_EXTERNAL_ID, "", NULL, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
}

static void
test_rfc_active_and_delete (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = g_strdup (roster_sandbox_rfc_lookup_id (f->rfc, "grace.hopper@corp.example"));
  g_autoptr(RosterScimUser) user = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  roster_scim_client_set_active_async (f->client, id, FALSE, NULL, NULL, write_cb, &r);
  g_assert_true (wait_write (&r, &error));
  g_assert_no_error (error);
  user = get_user (f->client, id, &error);
  g_assert_no_error (error);
  g_assert_false (user->active);
  g_assert_true (user->has_active);

  result_clear (&r);
  roster_scim_client_set_active_async (f->client, id, TRUE, user->version, NULL, write_cb, &r);
  g_assert_true (wait_write (&r, &error));
  g_clear_pointer (&user, roster_scim_user_unref);
  user = get_user (f->client, id, &error);
  g_assert_true (user->active);

  result_clear (&r);
  roster_scim_client_delete_user_async (f->client, id, user->version, NULL, write_cb, &r);
  g_assert_true (wait_write (&r, &error));
  g_assert_no_error (error);
  g_clear_pointer (&user, roster_scim_user_unref);
  user = get_user (f->client, id, &error);
  g_assert_null (user);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  result_clear (&r);
  roster_scim_client_delete_user_async (f->client, id, NULL, NULL, write_cb, &r);
  g_assert_false (wait_write (&r, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
}

static void
test_rfc_bad_token (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  roster_http_set_token (f->http, ROSTER_TOKEN_SCIM, "wrong-token");
  users = list_users (f, f->client, &error);
  g_assert_null (users);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_AUTH);
  g_assert_null (strstr (error->message, "wrong-token"));
}

/* ---------------------------------------------------------------------- */
/* Hostile servers */

static void
expect_list_error (Fixture     *f,
                   Hostile      mode,
                   int          code,
                   const char  *substring)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  f->mode = mode;
  users = list_users (f, f->hostile, &error);
  g_assert_null (users);
  g_assert_error (error, ROSTER_ERROR, code);
  if (substring != NULL && strstr (error->message, substring) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, substring);
}

static void
test_hostile_ignores_start (Fixture       *f,
                            gconstpointer  data)
{
  expect_list_error (f, HOSTILE_IGNORES_START, ROSTER_ERROR_PROTOCOL, "startIndex");
  /* One attempt: 3 pages, no retry loop. */
  g_assert_cmpuint (f->requests, ==, 3);
}

static void
test_hostile_empty_first (Fixture       *f,
                          gconstpointer  data)
{
  expect_list_error (f, HOSTILE_EMPTY_FIRST, ROSTER_ERROR_PROTOCOL, "returned none");
  g_assert_cmpuint (f->requests, ==, 1);
}

static void
test_hostile_growing (Fixture       *f,
                      gconstpointer  data)
{
  expect_list_error (f, HOSTILE_GROWING, ROSTER_ERROR_CHANGED_ON_SERVER, "kept changing");
  /* Three attempts of two pages each, then it stops. */
  g_assert_cmpuint (f->requests, ==, 6);
}

static void
test_hostile_short (Fixture       *f,
                    gconstpointer  data)
{
  expect_list_error (f, HOSTILE_SHORT, ROSTER_ERROR_PROTOCOL, "reports 150 users but lists 120");
  g_assert_cmpuint (f->requests, ==, 4);
}

static void
test_hostile_html (Fixture       *f,
                   gconstpointer  data)
{
  expect_list_error (f, HOSTILE_HTML, ROSTER_ERROR_PROTOCOL, "SCIM base URL");
}

static void
test_hostile_bad_item (Fixture       *f,
                       gconstpointer  data)
{
  expect_list_error (f, HOSTILE_BAD_ITEM, ROSTER_ERROR_PROTOCOL, "(item 3: id is not a string)");
}

static void
test_hostile_string_status (Fixture       *f,
                            gconstpointer  data)
{
  expect_list_error (f, HOSTILE_STRING_STATUS, ROSTER_ERROR_INVALID_INPUT, "Bad filter");
}

static void
test_hostile_small_pages (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  /* The server gives 30 per page although 100 were asked for. */
  f->mode = HOSTILE_SERVER_SMALL_PAGES;
  users = list_users (f, f->hostile, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 95);
  g_assert_cmpuint (f->requests, ==, 4);
}

static void
test_gitlab_quirks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RosterScimClient) gitlab = roster_scim_client_new (f->http, ROSTER_SCIM_DIALECT_GITLAB, "/hostile");
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  f->mode = HOSTILE_GITLAB_QUIRKS;
  users = list_users (f, gitlab, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 230);
  g_assert_cmpuint (f->requests, ==, 3);
}

static void
cancel_when_started (guint64  done,
                     guint64  total,
                     gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel_mid_load (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result r = { 0 };

  /* Page 1 arrives, the other four hang; cancel when page 1 is in. */
  f->mode = HOSTILE_PAUSE_LATER;
  roster_scim_client_list_users_async (f->hostile, NULL, cancel_when_started,
                                       g_object_ref (cancellable), g_object_unref,
                                       cancellable, list_cb, &r);
  roster_test_wait_for (&r.done, 30000);
  g_assert_null (r.value);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
  g_clear_error (&r.error);
}

static void
test_invalid_input (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RosterScimClient) gitlab = roster_scim_client_new (f->http, ROSTER_SCIM_DIALECT_GITLAB, "/hostile");
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  /* GitLab cannot search for a value with a space: refused, nothing sent. */
  users = find_users (gitlab, "id", "two words", &error);
  g_assert_null (users);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_assert_cmpuint (f->requests, ==, 0);
  g_clear_error (&error);

  g_assert_false (replace (gitlab, "abc", ROSTER_SCIM_ATTRIBUTE_ID, "a\"b", NULL, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_assert_cmpuint (f->requests, ==, 0);
}

/* GitLab's group SCIM path is spelled in one place, and every user of it
 * agrees: the client, the account's SCIM URL and the recipes. */
static void
test_gitlab_base_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterHttp) http = roster_http_new ("https://gitlab.example.com", NULL, &error);
  g_autoptr(RosterScimClient) client = NULL;
  g_autoptr(RosterAccount) account = NULL;
  g_autofree char *plain = roster_scim_client_dup_gitlab_base_path ("acme-corp");
  g_autofree char *dotted = roster_scim_client_dup_gitlab_base_path ("acme.corp");
  g_autofree char *nested = roster_scim_client_dup_gitlab_base_path ("acme/sub team");
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "/api/scim/v2/groups/acme-corp");
  g_assert_cmpstr (dotted, ==, "/api/scim/v2/groups/acme.corp");
  g_assert_cmpstr (nested, ==, "/api/scim/v2/groups/acme%2Fsub%20team");

  client = roster_scim_client_new_for_gitlab (http, "acme/sub team");
  g_assert_cmpstr (roster_scim_client_get_base_path (client), ==, nested);

  url = roster_account_derive_scim_url ("https://gitlab.example.com/", "acme.corp");
  g_assert_cmpstr (url, ==, "https://gitlab.example.com/api/scim/v2/groups/acme.corp");

  account = roster_account_new_gitlab (NULL, "https://gitlab.example.com", "acme-corp", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (roster_account_get_scim_url (account), plain));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/roster/scim-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("rfc/list-all", test_rfc_list_all);
  ADD ("rfc/list-pages", test_rfc_list_pages);
  g_test_add_func ("/roster/scim-client/gitlab-base-path", test_gitlab_base_path);
  g_test_add ("/roster/scim-client/rfc/exactly-100", Fixture, GUINT_TO_POINTER (100),
              fixture_setup, test_rfc_exact, fixture_teardown);
  g_test_add ("/roster/scim-client/rfc/101", Fixture, GUINT_TO_POINTER (101),
              fixture_setup, test_rfc_exact, fixture_teardown);
  ADD ("rfc/find-roundtrip", test_rfc_find_roundtrip);
  ADD ("rfc/get", test_rfc_get);
  ADD ("rfc/replace-if-match", test_rfc_replace_if_match);
  ADD ("rfc/active-and-delete", test_rfc_active_and_delete);
  ADD ("rfc/bad-token", test_rfc_bad_token);
  ADD ("hostile/ignores-start-index", test_hostile_ignores_start);
  ADD ("hostile/empty-first-page", test_hostile_empty_first);
  ADD ("hostile/growing", test_hostile_growing);
  ADD ("hostile/short", test_hostile_short);
  ADD ("hostile/html", test_hostile_html);
  ADD ("hostile/bad-item", test_hostile_bad_item);
  ADD ("hostile/string-status", test_hostile_string_status);
  ADD ("hostile/small-pages", test_hostile_small_pages);
  ADD ("hostile/gitlab-quirks", test_gitlab_quirks);
  ADD ("hostile/cancel-mid-load", test_cancel_mid_load);
  ADD ("invalid-input", test_invalid_input);

#undef ADD

  return g_test_run ();
}
