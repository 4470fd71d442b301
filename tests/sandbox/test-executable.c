/* test-executable.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-executable"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "roster-test-utils.h"
#include "roster-sandbox-worlds.h"

/* The roster-sandbox executable as a process: the command line of
 * design.md §6, the "listening" line, clean exit on SIGTERM/SIGINT. */

static char *
executable_path (void)
{
  return g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "src", "sandbox", "roster-sandbox",
                           NULL);
}

typedef struct
{
  GSubprocess *process;
  char        *url;
} Server;

static void
server_start (Server      *server,
              const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "roster-sandbox listening on ";

  g_ptr_array_add (argv, executable_path ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                  &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  server->url = g_strdup (line + strlen (prefix));
}

static void
server_stop (Server *server,
             int     signal_number)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, signal_number);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
  g_clear_pointer (&server->url, g_free);
}

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Pending;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &pending->error);
  pending->done = TRUE;
}

static gboolean
accept_test_certificate_cb (SoupMessage          *msg,
                            GTlsCertificate      *certificate,
                            GTlsCertificateFlags  errors,
                            gpointer              user_data)
{
  GTlsCertificate *expected = user_data;

  return g_tls_certificate_is_same (certificate, expected);
}

/* GET a SCIM page; returns totalResults. */
static gint64
scim_total (const char      *url,
            const char      *token,
            GTlsCertificate *trusted)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *full = g_strconcat (url, "/api/scim/v2/groups/acme-corp/Users?count=1", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", full);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Pending pending = { NULL, NULL, FALSE };
  gint64 total;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  if (trusted)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_test_certificate_cb), trusted);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &pending);
  roster_test_wait_for (&pending.done, 20000);
  g_assert_no_error (pending.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  json_parser_load_from_data (parser, g_bytes_get_data (pending.body, NULL),
                              g_bytes_get_size (pending.body), &error);
  g_assert_no_error (error);
  total = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                      "totalResults");
  g_bytes_unref (pending.body);
  soup_session_abort (session);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return total;
}

static void
test_demo_world (void)
{
  const char *args[] = { "--port", "0", NULL };
  Server server = { 0 };

  server_start (&server, args);
  g_assert_true (g_str_has_prefix (server.url, "http://127.0.0.1:"));
  /* The five fixture people (four with SCIM identities) and colleagues. */
  g_assert_cmpint (scim_total (server.url, ROSTER_SANDBOX_DEFAULT_SCIM_TOKEN, NULL), >, 150);
  server_stop (&server, SIGTERM);
}

static void
test_generated_world (void)
{
  const char *args[] = { "--port", "0", "--generate", "300", "--seed", "9", "--mismatch-rate", "0",
                         "--group", "widgets", "--group-id", "77", "--scim-token", "tok-1",
                         "--api-token", "api-1", "--rate-limit", "500-per-minute",
                         "--latency-ms", "1", "--fail-rate", "0", NULL };
  Server server = { 0 };
  g_autofree char *url = NULL;

  server_start (&server, args);
  /* --group renames the group: the SCIM URL of acme-corp is gone. */
  url = g_strdup (server.url);
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *full = g_strconcat (url, "/api/scim/v2/groups/widgets/Users?count=1", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", full);
    Pending pending = { NULL, NULL, FALSE };

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  "Bearer tok-1");
    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &pending);
    roster_test_wait_for (&pending.done, 20000);
    g_assert_no_error (pending.error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "RateLimit-Limit"));
    g_bytes_unref (pending.body);
    soup_session_abort (session);
  }
  server_stop (&server, SIGINT);
}

static void
test_world_file (void)
{
  g_autoptr(RosterWorld) world = _roster_world_new_builtin (ROSTER_SANDBOX_WORLD_FIXTURE, NULL);
  g_autoptr(JsonNode) dump = _roster_world_dump (world);
  g_autofree char *text = json_to_string (dump, TRUE);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--port", "0", "--world", NULL, NULL };
  Server server = { 0 };
  int fd;

  fd = g_file_open_tmp ("roster-world-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  args[3] = path;
  server_start (&server, args);
  g_assert_cmpint (scim_total (server.url, ROSTER_SANDBOX_DEFAULT_SCIM_TOKEN, NULL), ==, 4);
  server_stop (&server, SIGTERM);
  g_unlink (path);
}

static void
test_tls (void)
{
  g_autofree char *cert = roster_test_data_path ("tls", "test-cert.pem", NULL);
  g_autofree char *key = roster_test_data_path ("tls", "test-key.pem", NULL);
  g_autoptr(GTlsCertificate) trusted = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--port", "0", "--tls-cert", cert, "--tls-key", key, "--generate", "10",
                         NULL };
  Server server = { 0 };

  trusted = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);

  server_start (&server, args);
  g_assert_true (g_str_has_prefix (server.url, "https://127.0.0.1:"));
  g_assert_cmpint (scim_total (server.url, ROSTER_SANDBOX_DEFAULT_SCIM_TOKEN, trusted), ==, 10);
  server_stop (&server, SIGTERM);
}

/* GET url with one header; returns the status, *json the parsed body (or NULL). */
static guint
http_get (const char  *url,
          const char  *header,
          const char  *value,
          JsonNode   **json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  Pending pending = { NULL, NULL, FALSE };
  guint status;

  soup_message_headers_replace (soup_message_get_request_headers (msg), header, value);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &pending);
  roster_test_wait_for (&pending.done, 20000);
  g_assert_no_error (pending.error);
  status = soup_message_get_status (msg);

  *json = NULL;
  if (json_parser_load_from_data (parser, g_bytes_get_data (pending.body, NULL),
                                  g_bytes_get_size (pending.body), NULL) &&
      json_parser_get_root (parser))
    *json = json_node_ref (json_parser_get_root (parser));
  g_bytes_unref (pending.body);
  soup_session_abort (session);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return status;
}

/* --flavor scim: the generic RFC 7644 service provider at /scim/v2. */
static void
test_scim_flavor (void)
{
  const char *args[] = { "--port", "0", "--flavor", "scim", "--generate", "120",
                         "--scim-token", "generic-token", NULL };
  Server server = { 0 };
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) gitlab = NULL;
  g_autofree char *users = NULL;
  g_autofree char *group = NULL;

  server_start (&server, args);
  users = g_strconcat (server.url, "/scim/v2/Users?count=1", NULL);
  g_assert_cmpuint (http_get (users, "Authorization", "Bearer generic-token", &list), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "totalResults"), ==, 120);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "itemsPerPage"), ==, 1);
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (http_get (users, "Authorization", "Bearer sandbox-scim-token", &list), ==, 401);
  group = g_strconcat (server.url, "/api/v4/groups/4242", NULL);
  g_assert_cmpuint (http_get (group, "PRIVATE-TOKEN", "sandbox-api-token", &gitlab), ==, 404);
  server_stop (&server, SIGTERM);
}

/* --gitlab-version: an older GitLab without the enterprise users API. */
static void
test_gitlab_version (void)
{
  const char *args[] = { "--port", "0", "--gitlab-version", "17.6", NULL };
  Server server = { 0 };
  g_autoptr(JsonNode) enterprise = NULL;
  g_autoptr(JsonNode) members = NULL;
  g_autofree char *enterprise_url = NULL;
  g_autofree char *members_url = NULL;

  server_start (&server, args);
  enterprise_url = g_strconcat (server.url, "/api/v4/groups/4242/enterprise_users", NULL);
  members_url = g_strconcat (server.url, "/api/v4/groups/4242/members", NULL);
  g_assert_cmpuint (http_get (enterprise_url, "PRIVATE-TOKEN", ROSTER_SANDBOX_DEFAULT_API_TOKEN,
                              &enterprise), ==, 404);
  g_assert_cmpuint (http_get (members_url, "PRIVATE-TOKEN", ROSTER_SANDBOX_DEFAULT_API_TOKEN,
                              &members), ==, 200);
  server_stop (&server, SIGTERM);
}

static void
test_usage_errors (void)
{
  static const char *cases[][4] = {
    { "--fail-rate", "2", NULL, NULL },
    { "--rate-limit", "lots", NULL, NULL },
    { "--generate", "5", "--world", "x.json" },
    { "--tls-cert", "only.pem", NULL, NULL },
    { "--port", "70000", NULL, NULL },
    { "--no-such-option", NULL, NULL, NULL },
    { "--flavor", "gitlab-ee", NULL, NULL },
    { "--flavor", "scim", "--world", "x.json" },
    { "--flavor", "scim", "--group", "acme" },
    { "--gitlab-version", "17", NULL, NULL },
    { "--gitlab-version", "seventeen.six", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (argv, executable_path ());
      for (guint j = 0; j < 4 && cases[i][j]; j++)
        g_ptr_array_add (argv, g_strdup (cases[i][j]));
      g_ptr_array_add (argv, NULL);

      process = g_subprocess_newv ((const char * const *) argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                   &error);
      g_assert_no_error (error);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
    }

  /* A world file that does not load: status 1. */
  {
    g_autofree char *exe = executable_path ();
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GError) error = NULL;

    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, exe, "--world",
                                "/nonexistent/world.json", NULL);
    g_assert_no_error (error);
    g_subprocess_wait (process, NULL, &error);
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/sandbox-executable/demo-world", test_demo_world);
  g_test_add_func ("/roster/sandbox-executable/generated-world", test_generated_world);
  g_test_add_func ("/roster/sandbox-executable/world-file", test_world_file);
  g_test_add_func ("/roster/sandbox-executable/tls", test_tls);
  g_test_add_func ("/roster/sandbox-executable/scim-flavor", test_scim_flavor);
  g_test_add_func ("/roster/sandbox-executable/gitlab-version", test_gitlab_version);
  g_test_add_func ("/roster/sandbox-executable/usage-errors", test_usage_errors);

  return g_test_run ();
}
