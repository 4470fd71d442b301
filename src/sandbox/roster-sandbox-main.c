/* roster-sandbox-main.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-sandbox-main"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster-sandbox-private.h"
#include "roster-sandbox-rfc.h"
#include "roster-sandbox-worlds.h"

/* roster-sandbox [--port N] [--world FILE | --generate N [--seed S] [--mismatch-rate R]]
 *                [--group PATH] [--group-id N] [--scim-token T] [--api-token T]
 *                [--latency-ms N] [--rate-limit N-per-minute] [--fail-rate R]
 *                [--tls-cert FILE --tls-key FILE] [--gitlab-version X.Y]
 * roster-sandbox --flavor scim [--port N] [--generate N] [--scim-token T] [faults]
 * (design.md §6). Without --world or --generate it serves the demo world. */

static int      opt_port = 0;
static char    *opt_world = NULL;
static int      opt_generate = -1;
static gint64   opt_seed = 1;
static double   opt_mismatch_rate = 0.1;
static char    *opt_group = NULL;
static gint64   opt_group_id = 0;
static char    *opt_scim_token = NULL;
static char    *opt_api_token = NULL;
static int      opt_latency_ms = 0;
static char    *opt_rate_limit = NULL;
static double   opt_fail_rate = 0.0;
static char    *opt_tls_cert = NULL;
static char    *opt_tls_key = NULL;
static char    *opt_flavor = NULL;
static char    *opt_gitlab_version = NULL;

static const GOptionEntry entries[] = {
  { "port", 0, 0, G_OPTION_ARG_INT, &opt_port, "Port on 127.0.0.1 (0: any free port)", "N" },
  { "world", 0, 0, G_OPTION_ARG_FILENAME, &opt_world, "Serve the world in FILE (see WORLD.md)", "FILE" },
  { "generate", 0, 0, G_OPTION_ARG_INT, &opt_generate, "Generate a world of N users", "N" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Seed of the generator (default 1)", "S" },
  { "mismatch-rate", 0, 0, G_OPTION_ARG_DOUBLE, &opt_mismatch_rate,
    "Share of generated users with a finding (default 0.1)", "R" },
  { "group", 0, 0, G_OPTION_ARG_STRING, &opt_group, "Full path of the group (default acme-corp)", "PATH" },
  { "group-id", 0, 0, G_OPTION_ARG_INT64, &opt_group_id, "Numeric id of the group (default 4242)", "N" },
  { "scim-token", 0, 0, G_OPTION_ARG_STRING, &opt_scim_token, "The group's SCIM token", "T" },
  { "api-token", 0, 0, G_OPTION_ARG_STRING, &opt_api_token, "The Owner's API token (api scope)", "T" },
  { "latency-ms", 0, 0, G_OPTION_ARG_INT, &opt_latency_ms, "Delay every answer by N ms", "N" },
  { "rate-limit", 0, 0, G_OPTION_ARG_STRING, &opt_rate_limit,
    "Answer 429 above N requests per minute", "N-per-minute" },
  { "fail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &opt_fail_rate,
    "Answer this share of requests with 502/503", "R" },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_cert, "Serve https with this certificate (PEM)", "FILE" },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_key, "Private key of --tls-cert (PEM)", "FILE" },
  { "flavor", 0, 0, G_OPTION_ARG_STRING, &opt_flavor,
    "gitlab (default), or scim: a generic RFC 7644 SCIM service provider at /scim/v2", "FLAVOR" },
  { "gitlab-version", 0, 0, G_OPTION_ARG_STRING, &opt_gitlab_version,
    "Behave like GitLab X.Y (e.g. 17.6: no enterprise_users API)", "X.Y" },
  { NULL }
};

static gboolean
parse_rate_limit (const char *text,
                  guint      *per_minute)
{
  g_autofree char *number = NULL;
  const char *suffix = strstr (text, "-per-minute");
  guint64 value;

  number = suffix ? g_strndup (text, suffix - text) : g_strdup (text);
  if (suffix && suffix[strlen ("-per-minute")] != '\0')
    return FALSE;
  if (!g_ascii_string_to_unsigned (number, 10, 1, G_MAXUINT, &value, NULL))
    return FALSE;
  *per_minute = (guint) value;
  return TRUE;
}

static gboolean
parse_version (const char *text,
               guint      *major,
               guint      *minor)
{
  g_auto(GStrv) parts = g_strsplit (text, ".", -1);
  guint64 value;

  if (g_strv_length (parts) != 2)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1, 99, &value, NULL))
    return FALSE;
  *major = (guint) value;
  if (!g_ascii_string_to_unsigned (parts[1], 10, 0, 99, &value, NULL))
    return FALSE;
  *minor = (guint) value;
  return TRUE;
}

static gboolean
quit_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  fprintf (stderr, "roster-sandbox: %s\n\n%s", message, help);
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterSandbox) sandbox = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  RosterWorldOptions options = { 0 };
  RosterWorld *world = NULL;
  guint rate_limit = 0;
  gboolean scim_flavor;
  guint version_major = 0, version_minor = 0;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("- a local GitLab for Roster");
  g_option_context_set_summary (context,
                                "Serves GitLab's group SCIM API and REST v4 identity endpoints on "
                                "127.0.0.1,\nwith its state in memory.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc > 1)
    return usage_error (context, "unexpected argument");

  if (opt_port < 0 || opt_port > 65535)
    return usage_error (context, "--port must be between 0 and 65535");
  if (opt_world && opt_generate >= 0)
    return usage_error (context, "--world and --generate exclude each other");
  if (opt_generate < -1 || opt_generate == 0 || opt_generate > 10000000)
    return usage_error (context, "--generate needs a number of users (1 to 10000000)");
  if (opt_mismatch_rate < 0.0 || opt_mismatch_rate > 1.0)
    return usage_error (context, "--mismatch-rate must be between 0 and 1");
  if (opt_fail_rate < 0.0 || opt_fail_rate > 1.0)
    return usage_error (context, "--fail-rate must be between 0 and 1");
  if (opt_latency_ms < 0)
    return usage_error (context, "--latency-ms must not be negative");
  if (opt_group_id < 0)
    return usage_error (context, "--group-id must be positive");
  if (opt_rate_limit && !parse_rate_limit (opt_rate_limit, &rate_limit))
    return usage_error (context, "--rate-limit expects N-per-minute, e.g. 600-per-minute");
  if ((opt_tls_cert == NULL) != (opt_tls_key == NULL))
    return usage_error (context, "--tls-cert and --tls-key go together");
  if (opt_flavor && strcmp (opt_flavor, "gitlab") != 0 && strcmp (opt_flavor, "scim") != 0)
    return usage_error (context, "--flavor is gitlab or scim");
  scim_flavor = g_strcmp0 (opt_flavor, "scim") == 0;
  if (scim_flavor && (opt_world || opt_group || opt_group_id || opt_api_token || opt_gitlab_version))
    return usage_error (context, "--flavor scim is not GitLab: it takes no --world, --group, "
                                 "--group-id, --api-token or --gitlab-version");
  if (opt_gitlab_version && !parse_version (opt_gitlab_version, &version_major, &version_minor))
    return usage_error (context, "--gitlab-version expects X.Y, e.g. 17.6");

  options.group_path = opt_group;
  options.group_id = opt_group_id;
  options.scim_token = opt_scim_token;
  options.api_token = opt_api_token;

  /* The scim flavor has no GitLab world. */
  if (!scim_flavor && opt_world)
    world = _roster_world_load_file (opt_world, &options, &error);
  else if (!scim_flavor && opt_generate > 0)
    world = _roster_world_new_generated ((guint) opt_generate, (guint64) opt_seed,
                                         opt_mismatch_rate, &options);
  else if (!scim_flavor)
    world = _roster_world_new_builtin (ROSTER_SANDBOX_WORLD_DEMO, &options);
  if (world == NULL && !scim_flavor)
    {
      fprintf (stderr, "roster-sandbox: %s\n", error->message);
      return 1;
    }

  if (opt_tls_cert &&
      !(certificate = g_tls_certificate_new_from_files (opt_tls_cert, opt_tls_key, &error)))
    {
      g_clear_pointer (&world, roster_world_free);
      fprintf (stderr, "roster-sandbox: %s\n", error->message);
      return 1;
    }

  if (scim_flavor)
    {
      RosterSandboxRfc *rfc;

      sandbox = roster_sandbox_new_rfc ();
      rfc = _roster_sandbox_get_rfc (sandbox);
      if (opt_generate > 0 && (guint) opt_generate > roster_sandbox_rfc_get_n_users (rfc))
        roster_sandbox_rfc_add_generated (rfc,
                                          (guint) opt_generate - roster_sandbox_rfc_get_n_users (rfc));
      if (opt_scim_token)
        roster_sandbox_rfc_set_token (rfc, opt_scim_token);
    }
  else
    sandbox = _roster_sandbox_new_for_world (world);
  if (opt_gitlab_version)
    roster_sandbox_set_gitlab_version (sandbox, version_major, version_minor);
  roster_sandbox_set_latency_ms (sandbox, (guint) opt_latency_ms);
  roster_sandbox_set_rate_limit (sandbox, rate_limit);
  roster_sandbox_set_fail_rate (sandbox, opt_fail_rate);

  if (!roster_sandbox_listen (sandbox, (guint) opt_port, certificate, &error))
    {
      fprintf (stderr, "roster-sandbox: cannot listen on 127.0.0.1:%d: %s\n", opt_port,
               error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);

  printf ("roster-sandbox listening on %s\n", roster_sandbox_get_url (sandbox));
  if (scim_flavor)
    printf ("roster-sandbox SCIM service provider at %s\n", roster_sandbox_get_scim_url (sandbox));
  fflush (stdout);

  g_main_loop_run (loop);

  roster_sandbox_stop (sandbox);
  return 0;
}
