/* test-rosterctl.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-rosterctl"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-sandbox-rfc.h"
#include "roster-sandbox.h"
#include "roster-test-utils.h"

/* rosterctl as a process (ROSTERCTL_PATH) against an in-process
 * roster-sandbox serving the fixture world over HTTP on 127.0.0.1. The
 * sandbox runs in this process's main context, which is iterated while the
 * child runs. */

typedef struct
{
  RosterSandbox *sandbox;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

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
  roster_sandbox_stop (f->sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&f->sandbox));
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs rosterctl with @argv (NULL-terminated, without the program) and the
 * environment given as NULL-terminated name/value pairs. */
static void
run_rosterctl (Run                *run,
               const char * const *args,
               const char * const *env)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_subprocess_launcher_unsetenv (launcher, "ROSTER_API_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "ROSTER_SCIM_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "COLUMNS");
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  g_ptr_array_add (argv, (gpointer) ROSTERCTL_PATH);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &result);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

static void
assert_one_line_error (Run        *run,
                       const char *needle)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "rosterctl: "));
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);   /* one line */
  if (needle != NULL)
    g_assert_nonnull (strstr (run->err, needle));
}

#define API_ENV(f) (const char * const[]) { "ROSTER_API_TOKEN", roster_sandbox_get_api_token ((f)->sandbox), NULL }

static JsonObject *
find_user (JsonArray  *users,
           const char *username)
{
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *u = json_array_get_object_element (users, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (u, "username", ""), username) == 0)
        return u;
    }
  g_assert_not_reached ();
}

static char *
kinds_of (JsonObject *user)
{
  JsonArray *findings = json_object_get_array_member (user, "findings");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, json_object_get_string_member (json_array_get_object_element (findings, i), "kind"));
    }
  return g_string_free (out, FALSE);
}

static void
test_report_json (Fixture       *f,
                  gconstpointer  data)
{
  const char *url = roster_sandbox_get_url (f->sandbox);
  g_auto(Run) run = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *users;
  static const struct { const char *user; const char *kinds; } expected[] = {
    { "alovelace", "" },
    { "ghopper", "" },
    { "aturing", "saml-scim-mismatch" },
    { "bliskov", "deprovisioned" },
    { "dritchie", "no-identity" },
  };

  run_rosterctl (&run, (const char * const[]) { "report", "--url", url, "--group", "acme-corp",
                                                "--format", "json", NULL }, API_ENV (f));
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.err, ==, "");

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "roster_report"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "instance"), ==, url);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "group"), "id"), ==,
                   roster_sandbox_get_group_id (f->sandbox));
  users = json_object_get_array_member (root, "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *kinds = kinds_of (find_user (users, expected[i].user));

      g_assert_cmpstr (kinds, ==, expected[i].kinds);
    }
  g_assert_false (json_object_get_boolean_member (find_user (users, "bliskov"), "member"));
}

static void
test_report_table_width (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const widths[] = { "60", "80", "120" };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_auto(Run) run = { 0, };
      g_auto(GStrv) lines = NULL;

      run_rosterctl (&run, (const char * const[]) { "report", "--url", roster_sandbox_get_url (f->sandbox),
                                                    "--group", "acme-corp", NULL },
                     (const char * const[]) { "ROSTER_API_TOKEN", roster_sandbox_get_api_token (f->sandbox),
                                              "COLUMNS", widths[w], NULL });
      g_assert_cmpint (run.status, ==, 3);
      lines = g_strsplit (run.out, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), >=, 7);
      for (guint i = 0; lines[i] != NULL; i++)
        g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <=, g_ascii_strtoull (widths[w], NULL, 10));
      g_assert_true (g_str_has_prefix (run.out, "USER"));
      g_assert_nonnull (strstr (run.out, "aturing"));
    }
}

static void
test_report_csv_problems_only (Fixture       *f,
                               gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_auto(GStrv) lines = NULL;

  run_rosterctl (&run, (const char * const[]) { "report", "--url", roster_sandbox_get_url (f->sandbox),
                                                "--group", "acme-corp", "--format", "csv",
                                                "--problems-only", NULL }, API_ENV (f));
  g_assert_cmpint (run.status, ==, 3);
  lines = g_strsplit (run.out, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "user_id,username,"));
  g_assert_true (g_str_has_prefix (lines[1], "7103,aturing,Alan Turing,"));
  g_assert_cmpstr (lines[2], ==, "");
}

static void
test_report_idp_export (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = roster_test_data_path ("idp", "entra.csv", NULL);
  g_auto(Run) run = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *kinds = NULL;
  JsonObject *alan;

  run_rosterctl (&run, (const char * const[]) { "report", "--url", roster_sandbox_get_url (f->sandbox),
                                                "--group", "acme-corp", "--format", "json",
                                                "--idp-export", path, NULL }, API_ENV (f));
  g_assert_cmpint (run.status, ==, 3);
  root = json_from_string (run.out, NULL);
  alan = find_user (json_object_get_array_member (json_node_get_object (root), "users"), "aturing");
  kinds = kinds_of (alan);
  g_assert_cmpstr (kinds, ==, "saml-scim-mismatch idp-mismatch");
  g_assert_cmpstr (json_object_get_string_member (alan, "idp_extern_uid"), ==, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
}

static void
test_bad_token (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Run) run = { 0, };

  run_rosterctl (&run, (const char * const[]) { "report", "--url", roster_sandbox_get_url (f->sandbox),
                                                "--group", "acme-corp", "--format", "json", NULL },
                 (const char * const[]) { "ROSTER_API_TOKEN", "wrong-token", NULL });
  assert_one_line_error (&run, "401");
  g_assert_null (strstr (run.err, "wrong-token"));
}

static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_auto(Run) run = { 0, };

  run_rosterctl (&run, (const char * const[]) { "report", "--url", url, "--group", "acme-corp",
                                                "--format", "json", NULL }, API_ENV (f));
  assert_one_line_error (&run, NULL);
}

static void
test_malformed_idp_export (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = roster_test_data_path ("idp", "bad-unterminated.csv", NULL);
  g_auto(Run) run = { 0, };

  run_rosterctl (&run, (const char * const[]) { "report", "--url", roster_sandbox_get_url (f->sandbox),
                                                "--group", "acme-corp", "--idp-export", path, NULL },
                 API_ENV (f));
  assert_one_line_error (&run, "Line 7");
}

static void
test_group_not_found (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Run) run = { 0, };

  run_rosterctl (&run, (const char * const[]) { "report", "--url", roster_sandbox_get_url (f->sandbox),
                                                "--group", "no-such-group", NULL }, API_ENV (f));
  assert_one_line_error (&run, NULL);
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  const char *url = roster_sandbox_get_url (f->sandbox);
  static const char * const none[] = { NULL };

  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, none, API_ENV (f));
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "report", "--url", url, "--group", "acme-corp",
                                                  "--format", "yaml", NULL }, API_ENV (f));
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "yaml"));
  }
  {
    g_auto(Run) run = { 0, };

    /* No token in the environment. */
    run_rosterctl (&run, (const char * const[]) { "report", "--url", url, "--group", "acme-corp", NULL }, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "ROSTER_API_TOKEN"));
    g_assert_cmpstr (run.out, ==, "");
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "frobnicate", NULL }, API_ENV (f));
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "--help", NULL }, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "report"));
  }
}

static void
test_show (Fixture       *f,
           gconstpointer  data)
{
  const char *url = roster_sandbox_get_url (f->sandbox);

  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "show", "--url", url, "--group", "acme-corp", "aturing", NULL },
                   API_ENV (f));
    g_assert_cmpint (run.status, ==, 3);
    g_assert_true (g_str_has_prefix (run.out, "Alan Turing\n"));
    g_assert_nonnull (strstr (run.out, "saml-scim-mismatch (error)"));
    g_assert_nonnull (strstr (run.out, "PATCH /api/v4/groups/4242/scim/aturing@acme.example"));
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "show", "--url", url, "--group", "acme-corp",
                                                  "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b", NULL }, API_ENV (f));
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "Ada Lovelace\n"));
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "show", "--url", url, "--group", "acme-corp", "nobody", NULL },
                   API_ENV (f));
    assert_one_line_error (&run, "nobody");
  }
}

/* `rosterctl test` prints the core's diagnosis, one line per token. */
static void
run_test (Run        *run,
          Fixture    *f,
          const char *group,
          const char *api_token,
          const char *scim_token)
{
  run_rosterctl (run, (const char * const[]) { "test", "--url", roster_sandbox_get_url (f->sandbox),
                                               "--group", group, NULL },
                 (const char * const[]) { "LC_ALL", "C.UTF-8",
                                          "ROSTER_API_TOKEN", api_token ? api_token : "",
                                          "ROSTER_SCIM_TOKEN", scim_token ? scim_token : "",
                                          NULL });
  g_assert_cmpstr (run->err, ==, "");
  g_assert_true (g_str_has_suffix (run->out, "\n"));
}

static void
assert_line (const Run  *run,
             const char *prefix,
             const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (run->out, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* two lines, and "" after the last */
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        if (strstr (lines[i], needle) == NULL)
          g_error ("“%s” does not contain “%s”", lines[i], needle);
        return;
      }
  g_error ("no line “%s…” in “%s”", prefix, run->out);
}

static void
test_test (Fixture       *f,
           gconstpointer  data)
{
  const char *api = roster_sandbox_get_api_token (f->sandbox);
  const char *scim = roster_sandbox_get_scim_token (f->sandbox);

  {
    g_auto(Run) run = { 0, };

    run_test (&run, f, "acme-corp", api, scim);
    g_assert_cmpint (run.status, ==, 0);
    assert_line (&run, "API token: ok: ", "acme-corp");
    assert_line (&run, "SCIM token: ok: ", "SCIM token works");
  }
  {
    /* A bad token: the core's bad-token diagnosis, and its fix. */
    g_auto(Run) run = { 0, };

    run_test (&run, f, "acme-corp", api, "wrong-scim-token");
    g_assert_cmpint (run.status, ==, 1);
    assert_line (&run, "API token: ok: ", "acme-corp");
    assert_line (&run, "SCIM token: bad-token: ", "GitLab refused the SCIM token");
    assert_line (&run, "SCIM token: ", "Fix: In the group’s Settings › SAML SSO");
    g_assert_null (strstr (run.out, "wrong-scim-token"));
  }
  {
    g_auto(Run) run = { 0, };

    run_test (&run, f, "acme-corp", "wrong-api-token", NULL);
    g_assert_cmpint (run.status, ==, 1);
    assert_line (&run, "API token: bad-token: ", "GitLab refused the API token");
    assert_line (&run, "SCIM token: not-tested: ", "No SCIM token");
    g_assert_null (strstr (run.out, "wrong-api-token"));
  }
  {
    /* A dotted group path: SCIM cannot route it; the fix names the id. */
    g_auto(Run) run = { 0, };

    run_test (&run, f, "acme.labs", api, "sandbox-labs-scim-token");
    g_assert_cmpint (run.status, ==, 1);
    assert_line (&run, "API token: ok: ", "acme.labs");
    assert_line (&run, "SCIM token: dotted-group-path: ", "dot");
    assert_line (&run, "SCIM token: ", "4260");
  }
  {
    /* Usable but limited: read_api can only read. */
    g_auto(Run) run = { 0, };

    run_test (&run, f, "acme-corp", "sandbox-read-api-token", scim);
    g_assert_cmpint (run.status, ==, 3);
    assert_line (&run, "API token: read-only: ", "read_api");
    assert_line (&run, "SCIM token: ok: ", "SCIM token works");
  }
  {
    g_auto(Run) run = { 0, };

    run_test (&run, f, "acme-corp/platform", api, NULL);
    g_assert_cmpint (run.status, ==, 1);
    assert_line (&run, "API token: subgroup: ", "top-level");
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "test", "--url", roster_sandbox_get_url (f->sandbox),
                                                  "--group", "acme-corp", NULL },
                   (const char * const[]) { "ROSTER_API_TOKEN", "", "ROSTER_SCIM_TOKEN", "", NULL });
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
  }
}

static void
test_scim_list (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(RosterSandboxRfc) rfc = roster_sandbox_rfc_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = NULL;
  GSList *listeners;
  g_auto(Run) run = { 0, };

  /* soup_server_listen_local() leaks an address in libsoup 3.2: listen on
   * an explicit one, and read the port back from the listener. */
  roster_sandbox_rfc_install (rfc, server);
  soup_server_listen (server, any, 0, &error);
  g_assert_no_error (error);
  listeners = soup_server_get_listeners (server);
  address = g_socket_get_local_address (listeners->data, &error);
  g_slist_free (listeners);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u" ROSTER_SANDBOX_RFC_BASE_PATH,
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));

  run_rosterctl (&run, (const char * const[]) { "scim", "list", "--scim-url", url, "--format", "json", NULL },
                 (const char * const[]) { "ROSTER_SCIM_TOKEN", roster_sandbox_rfc_get_token (rfc), NULL });
  g_assert_cmpint (run.status, ==, 0);
  root = json_from_string (run.out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, roster_sandbox_rfc_get_n_users (rfc));

  soup_server_disconnect (server);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
test_accounts (Fixture       *f,
               gconstpointer  data)
{
  const char *url = roster_sandbox_get_url (f->sandbox);
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (!roster_test_require_bus ())
    return;

  /* Settings in a keyfile of our own, so that the processes share them. */
  config = g_dir_make_tmp ("rosterctl-XXXXXX", &error);
  g_assert_no_error (error);
#define ENV(...) (const char * const[]) { "GSETTINGS_BACKEND", "keyfile", "XDG_CONFIG_HOME", config, __VA_ARGS__, NULL }

  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "accounts", "add", "--name", "acme", "--url", url,
                                                  "--group", "acme-corp", NULL },
                   ENV ("ROSTER_API_TOKEN", roster_sandbox_get_api_token (f->sandbox),
                        "ROSTER_SCIM_TOKEN", roster_sandbox_get_scim_token (f->sandbox)));
    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strstr (run.out, roster_sandbox_get_api_token (f->sandbox)));
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "accounts", "list", NULL }, ENV ("LC_ALL", "C.UTF-8"));
    g_assert_cmpint (run.status, ==, 0);
    line = g_strdup_printf ("acme\tgitlab\t%s\tacme-corp\n", url);
    g_assert_cmpstr (run.out, ==, line);
  }
  {
    /* No token in the environment: the keyring has them. */
    g_auto(Run) run = { 0, };
    g_autoptr(JsonNode) root = NULL;

    run_rosterctl (&run, (const char * const[]) { "report", "--account", "acme", "--format", "json", NULL },
                   ENV ("LC_ALL", "C.UTF-8"));
    g_assert_cmpint (run.status, ==, 3);
    root = json_from_string (run.out, &error);
    g_assert_no_error (error);
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "accounts", "test", "acme", NULL }, ENV ("LC_ALL", "C.UTF-8"));
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "API token: ok: "));
    g_assert_nonnull (strstr (run.out, "\nSCIM token: ok: The SCIM token works"));
  }
  {
    /* The account's SCIM connection, rooted as the GitLab SCIM client wants. */
    g_auto(Run) run = { 0, };
    g_autoptr(JsonNode) root = NULL;

    run_rosterctl (&run, (const char * const[]) { "scim", "list", "--account", "acme", "--format", "json", NULL },
                   ENV ("LC_ALL", "C.UTF-8"));
    g_assert_cmpint (run.status, ==, 0);
    root = json_from_string (run.out, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), >, 0);
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "accounts", "add", "--name", "idp", "--scim-url",
                                                  "http://127.0.0.1:9/scim/v2", NULL },
                   ENV ("ROSTER_SCIM_TOKEN", "idp-token"));
    g_assert_cmpint (run.status, ==, 0);
  }
  /* A generic SCIM account has no group: every CONN command says so. */
  for (guint i = 0; i < 3; i++)
    {
      static const char *commands[] = { "report", "show", "test" };
      g_auto(Run) run = { 0, };

      if (i == 1)
        run_rosterctl (&run, (const char * const[]) { commands[i], "--account", "idp", "aturing", NULL },
                       ENV ("LC_ALL", "C.UTF-8"));
      else
        run_rosterctl (&run, (const char * const[]) { commands[i], "--account", "idp", NULL },
                       ENV ("LC_ALL", "C.UTF-8"));
      assert_one_line_error (&run, "generic SCIM account");
    }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "accounts", "remove", "idp", NULL }, ENV ("LC_ALL", "C.UTF-8"));
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "accounts", "add", "--name", "acme", "--url", url,
                                                  "--group", "acme-corp", NULL },
                   ENV ("ROSTER_API_TOKEN", "x"));
    assert_one_line_error (&run, "already");
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "accounts", "remove", "acme", NULL }, ENV ("LC_ALL", "C.UTF-8"));
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "accounts", "list", NULL }, ENV ("LC_ALL", "C.UTF-8"));
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "");
  }
  {
    g_auto(Run) run = { 0, };

    run_rosterctl (&run, (const char * const[]) { "report", "--account", "acme", NULL }, ENV ("LC_ALL", "C.UTF-8"));
    assert_one_line_error (&run, "acme");
  }
#undef ENV

  {
    g_autofree char *keyfile = g_build_filename (config, "glib-2.0", "settings", "keyfile", NULL);
    g_autofree char *settings = g_path_get_dirname (keyfile);
    g_autofree char *glib = g_path_get_dirname (settings);

    g_unlink (keyfile);
    g_rmdir (settings);
    g_rmdir (glib);
    g_assert_cmpint (g_rmdir (config), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/roster/rosterctl/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("report-json", test_report_json);
  ADD ("report-table-width", test_report_table_width);
  ADD ("report-csv-problems-only", test_report_csv_problems_only);
  ADD ("report-idp-export", test_report_idp_export);
  ADD ("bad-token", test_bad_token);
  ADD ("unreachable", test_unreachable);
  ADD ("malformed-idp-export", test_malformed_idp_export);
  ADD ("group-not-found", test_group_not_found);
  ADD ("usage", test_usage);
  ADD ("show", test_show);
  ADD ("test", test_test);
  ADD ("scim-list", test_scim_list);
  ADD ("accounts", test_accounts);
#undef ADD

  return g_test_run ();
}
