/* test-connection.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-connection"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "roster-connection-test.h"
#include "roster-error.h"
#include "roster-sandbox.h"
#include "roster-sandbox-private.h"
#include "roster-sandbox-world.h"
#include "roster-test-utils.h"

/* One diagnosis per case of the connection test, against roster-sandbox
 * (and, for what it cannot be, a small SoupServer). */

#define SCIM_TOKEN "sandbox-scim-token"
#define API_TOKEN  "sandbox-api-token"

typedef struct
{
  RosterSandbox *sandbox;
  SoupServer    *server;     /* for the cases the sandbox cannot play */
  char          *server_url;
  gboolean       html;
  const char    *scopes;     /* the fake GitLab's token scopes, as JSON */
  gboolean       done;
  RosterConnectionReport *report;
  GError        *error;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = roster_sandbox_new (ROSTER_SANDBOX_WORLD_FIXTURE);
  roster_sandbox_listen (f->sandbox, 0, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->report, roster_connection_report_unref);
  g_clear_error (&f->error);
  /* Let RosterHttp's worker threads and sessions go. */
  for (int i = 0; i < 50; i++)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  roster_sandbox_stop (f->sandbox);
  if (f->server != NULL)
    {
      soup_server_disconnect (f->server);
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_assert_finalize_object (g_steal_pointer (&f->server));
    }
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&f->sandbox));
  g_clear_pointer (&f->server_url, g_free);
}

static void
test_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->report = roster_connection_test_finish (result, &f->error);
  f->done = TRUE;
}

static void
run_full (Fixture      *f,
          const char   *url,
          const char   *group,
          const char   *scim_token,
          const char   *api_token,
          GTlsDatabase *database,
          GCancellable *cancellable)
{
  g_clear_pointer (&f->report, roster_connection_report_unref);
  g_clear_error (&f->error);
  f->done = FALSE;
  roster_connection_test_async (url, group, scim_token, api_token, NULL, database, cancellable, test_cb, f);
  roster_test_wait_for (&f->done, 60000);
}

static void
run (Fixture    *f,
     const char *group,
     const char *scim_token,
     const char *api_token)
{
  run_full (f, roster_sandbox_get_url (f->sandbox), group, scim_token, api_token, NULL, NULL);
  g_assert_no_error (f->error);
  g_assert_nonnull (f->report);
}

#define assert_outcome(check, expected) G_STMT_START {                                    \
    if ((check)->outcome != (expected))                                                   \
      g_error ("expected %s, got %s: %s", roster_connection_outcome_to_string (expected),  \
               roster_connection_outcome_to_string ((check)->outcome), (check)->message);  \
    g_assert_nonnull ((check)->message);                                                  \
  } G_STMT_END

static void
assert_mentions (const char *text,
                 const char *needle)
{
  if (text == NULL || strstr (text, needle) == NULL)
    g_error ("“%s” does not mention “%s”", text, needle);
}

static void
test_ok (Fixture       *f,
         gconstpointer  data)
{
  run (f, "acme-corp", SCIM_TOKEN, API_TOKEN);
  assert_outcome (f->report->api, ROSTER_CONNECTION_OK);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_OK);
  g_assert_null (f->report->api->fix);
  g_assert_cmpint (f->report->group->id, ==, 4242);
}

static void
test_not_tested (Fixture       *f,
                 gconstpointer  data)
{
  run (f, "acme-corp", NULL, "");
  assert_outcome (f->report->api, ROSTER_CONNECTION_NOT_TESTED);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_NOT_TESTED);
}

static void
test_bad_tokens (Fixture       *f,
                 gconstpointer  data)
{
  run (f, "acme-corp", "not-the-scim-token", "glpat-expired");
  assert_outcome (f->report->api, ROSTER_CONNECTION_BAD_TOKEN);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_BAD_TOKEN);
  assert_mentions (f->report->scim->fix, "SAML SSO");
  g_assert_null (strstr (f->report->api->message, "glpat-expired"));

  /* Another group's SCIM token is just as wrong. */
  run (f, "acme-corp", "sandbox-labs-scim-token", NULL);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_BAD_TOKEN);
}

static void
test_not_owner (Fixture       *f,
                gconstpointer  data)
{
  run (f, "acme-corp", NULL, "sandbox-developer-token");
  assert_outcome (f->report->api, ROSTER_CONNECTION_NOT_OWNER);
  assert_mentions (f->report->api->fix, "Owner");
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  run (f, "acme-corp", NULL, "sandbox-read-api-token");
  /* The scopes come from GET /api/v4/personal_access_tokens/self, which the
   * sandbox serves: a missing answer is a failure, not a skip. */
  g_assert_nonnull (f->report->scopes);
  assert_outcome (f->report->api, ROSTER_CONNECTION_READ_ONLY);
  assert_mentions (f->report->api->fix, "“api”");
}

static void
test_group_not_found (Fixture       *f,
                      gconstpointer  data)
{
  run (f, "acme-crop", SCIM_TOKEN, API_TOKEN);
  assert_outcome (f->report->api, ROSTER_CONNECTION_GROUP_NOT_FOUND);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_GROUP_NOT_FOUND);
  assert_mentions (f->report->api->message, "acme-crop");
  g_assert_null (f->report->group);
}

static void
test_dotted_path (Fixture       *f,
                  gconstpointer  data)
{
  run (f, "acme.labs", "sandbox-labs-scim-token", API_TOKEN);
  assert_outcome (f->report->api, ROSTER_CONNECTION_OK);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_DOTTED_GROUP_PATH);
  assert_mentions (f->report->scim->fix, "4260");

  /* Without an API token the numeric id is unknown, the diagnosis holds. */
  run (f, "acme.labs", "sandbox-labs-scim-token", NULL);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_DOTTED_GROUP_PATH);
}

static void
test_no_saml (Fixture       *f,
              gconstpointer  data)
{
  run (f, "other-corp", SCIM_TOKEN, API_TOKEN);
  assert_outcome (f->report->api, ROSTER_CONNECTION_SAML_NOT_CONFIGURED);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_SAML_NOT_CONFIGURED);
}

static void
test_subgroup (Fixture       *f,
               gconstpointer  data)
{
  run (f, "acme-corp/platform", SCIM_TOKEN, API_TOKEN);
  assert_outcome (f->report->api, ROSTER_CONNECTION_SUBGROUP);
  g_assert_true (f->report->scim->outcome == ROSTER_CONNECTION_SUBGROUP);
  g_assert_cmpint (f->report->group->parent_id, ==, 4242);
}

static void
test_saml_disabled (Fixture       *f,
                    gconstpointer  data)
{
  roster_world_set_group_saml_enabled (_roster_sandbox_get_world (f->sandbox), FALSE);
  run (f, "acme-corp", SCIM_TOKEN, NULL);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_GROUP_SAML_DISABLED);
}

static void
test_insecure_http (Fixture       *f,
                    gconstpointer  data)
{
  run_full (f, "http://gitlab.example.com", "acme-corp", SCIM_TOKEN, API_TOKEN, NULL, NULL);
  g_assert_no_error (f->error);
  assert_outcome (f->report->api, ROSTER_CONNECTION_INSECURE_HTTP);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_INSECURE_HTTP);
  assert_mentions (f->report->api->fix, "https://");

  run_full (f, "gitlab dot com", "acme-corp", NULL, API_TOKEN, NULL, NULL);
  assert_outcome (f->report->api, ROSTER_CONNECTION_INVALID_URL);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_NOT_TESTED);
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  /* A port nobody listens on: bind, read the port, close. */
  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  run_full (f, url, "acme-corp", SCIM_TOKEN, API_TOKEN, NULL, NULL);
  g_assert_no_error (f->error);
  assert_outcome (f->report->api, ROSTER_CONNECTION_UNREACHABLE);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_UNREACHABLE);
}

static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *cert = roster_test_data_path ("tls", "test-cert.pem", NULL);
  g_autofree char *key = roster_test_data_path ("tls", "test-key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(RosterSandbox) tls = roster_sandbox_new (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  roster_sandbox_listen (tls, 0, certificate, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (roster_sandbox_get_url (tls), "https://"));

  run_full (f, roster_sandbox_get_url (tls), "acme-corp", SCIM_TOKEN, API_TOKEN, NULL, NULL);
  g_assert_no_error (f->error);
  assert_outcome (f->report->api, ROSTER_CONNECTION_TLS);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_TLS);

  for (int i = 0; i < 50; i++)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  roster_sandbox_stop (tls);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
html_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *body = "<!DOCTYPE html><html><body>Welcome to my blog</body></html>";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
test_not_gitlab (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;
  GSList *listeners;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, html_cb, f, NULL);
  soup_server_listen (f->server, address, 0, &error);
  g_assert_no_error (error);
  listeners = soup_server_get_listeners (f->server);
  local = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  f->server_url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));

  run_full (f, f->server_url, "acme-corp", SCIM_TOKEN, API_TOKEN, NULL, NULL);
  g_assert_no_error (f->error);
  assert_outcome (f->report->api, ROSTER_CONNECTION_NOT_GITLAB);
  assert_outcome (f->report->scim, ROSTER_CONNECTION_NOT_GITLAB);
  assert_mentions (f->report->api->message, "text/html");
}

/* A minimal GitLab that knows GET /personal_access_tokens/self, to check how
 * scopes are read. */
static void
scopes_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *body = NULL;
  guint status = 200;

  if (strcmp (path, "/api/v4/groups/acme-corp") == 0)
    body = g_strdup ("{\"id\":4242,\"full_path\":\"acme-corp\",\"parent_id\":null}");
  else if (strcmp (path, "/api/v4/personal_access_tokens/self") == 0)
    body = g_strdup_printf ("{\"id\":9,\"name\":\"t\",\"active\":true,\"revoked\":false,\"scopes\":%s}",
                            f->scopes);
  else if (g_str_has_prefix (path, "/api/v4/groups/4242/saml/"))
    {
      status = 404;
      body = g_strdup ("{\"message\":\"404 Identity Not Found\"}");
    }
  else if (strcmp (path, "/api/v4/groups/4242/members") == 0)
    body = g_strdup ("[{\"id\":1,\"username\":\"ada\",\"access_level\":50,\"group_saml_identity\":null}]");
  else
    {
      status = 404;
      body = g_strdup ("{\"error\":\"404 Not Found\"}");
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
test_scopes (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;
  GSList *listeners;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, scopes_cb, f, NULL);
  soup_server_listen (f->server, address, 0, &error);
  g_assert_no_error (error);
  listeners = soup_server_get_listeners (f->server);
  local = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  f->server_url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));

  f->scopes = "[\"read_api\",\"read_user\"]";
  run_full (f, f->server_url, "acme-corp", NULL, "t", NULL, NULL);
  assert_outcome (f->report->api, ROSTER_CONNECTION_READ_ONLY);
  g_assert_true (roster_connection_outcome_is_usable (f->report->api->outcome));
  assert_mentions (f->report->api->fix, "“api”");

  f->scopes = "[\"api\"]";
  run_full (f, f->server_url, "acme-corp", NULL, "t", NULL, NULL);
  assert_outcome (f->report->api, ROSTER_CONNECTION_OK);
  g_assert_cmpstr (f->report->scopes[0], ==, "api");

  f->scopes = "[\"read_user\"]";
  run_full (f, f->server_url, "acme-corp", NULL, "t", NULL, NULL);
  assert_outcome (f->report->api, ROSTER_CONNECTION_MISSING_SCOPE);
  g_assert_false (roster_connection_outcome_is_usable (f->report->api->outcome));
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  roster_sandbox_set_latency_ms (f->sandbox, 200);
  f->done = FALSE;
  roster_connection_test_async (roster_sandbox_get_url (f->sandbox), "acme-corp", SCIM_TOKEN, API_TOKEN,
                                NULL, NULL, cancellable, test_cb, f);
  g_cancellable_cancel (cancellable);
  roster_test_wait_for (&f->done, 60000);
  g_assert_null (f->report);
  g_assert_error (f->error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/roster/connection/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("ok", test_ok);
  ADD ("not-tested", test_not_tested);
  ADD ("bad-tokens", test_bad_tokens);
  ADD ("not-owner", test_not_owner);
  ADD ("read-only", test_read_only);
  ADD ("scopes", test_scopes);
  ADD ("group-not-found", test_group_not_found);
  ADD ("dotted-path", test_dotted_path);
  ADD ("no-saml", test_no_saml);
  ADD ("subgroup", test_subgroup);
  ADD ("saml-disabled", test_saml_disabled);
  ADD ("insecure-http", test_insecure_http);
  ADD ("unreachable", test_unreachable);
  ADD ("tls", test_tls);
  ADD ("not-gitlab", test_not_gitlab);
  ADD ("cancelled", test_cancelled);

#undef ADD

  return g_test_run ();
}
