/* rosterctl.c: the headless command line (design.md §6).
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rosterctl"

#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "roster-account.h"
#include "roster-connection-test.h"
#include "roster-error.h"
#include "roster-gitlab-client.h"
#include "roster-http.h"
#include "roster-idp-import.h"
#include "roster-recipe.h"
#include "roster-report.h"
#include "roster-scim-client.h"
#include "roster-secrets.h"
#include "roster-snapshot.h"
#include "roster-text.h"

/* Exit statuses (design.md §6). */
enum
{
  EXIT_OK = 0,
  EXIT_FAILURE_ = 1,
  EXIT_USAGE = 2,
  EXIT_PROBLEMS = 3,
};

/* Everything goes through one of these: the report is built in memory and
 * printed only when complete, so a failure leaves stdout empty and says one
 * line on stderr. */
static int
fail (const GError *error)
{
  g_autofree char *message = g_strdup (error->message);

  g_strdelimit (message, "\r\n", ' ');
  g_printerr ("rosterctl: %s\n", message);
  return EXIT_FAILURE_;
}

static int G_GNUC_PRINTF (1, 2)
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("rosterctl: %s\n", message);
  g_printerr (_("Try “rosterctl --help”.\n"));
  return EXIT_USAGE;
}

static gboolean
write_out (const char *text)
{
  gsize length = strlen (text);

  return fwrite (text, 1, length, stdout) == length && fflush (stdout) == 0;
}

/* Logs go to stderr only: stdout carries the report. GLib's default writer
 * sends debug and info messages to stdout. */
static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  g_autofree char *line = NULL;
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
  if (g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;

  line = g_log_writer_format_fields (level, fields, n_fields, FALSE);
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

/* A report of 100 000 users is tens of megabytes: it is written to an
 * unlinked temporary file, and copied to stdout only once complete. */
static gboolean
write_report (GListModel                 *model,
              RosterReportFormat          format,
              const RosterReportOptions  *options,
              GError                    **error)
{
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GFile) file = g_file_new_tmp ("rosterctl-XXXXXX", &io, error);
  g_autoptr(GOutputStream) out = NULL;

  if (file == NULL)
    return FALSE;
  g_file_delete (file, NULL, NULL);

  if (!roster_report_write (model, format, options, g_io_stream_get_output_stream (G_IO_STREAM (io)),
                            NULL, error) ||
      !g_output_stream_flush (g_io_stream_get_output_stream (G_IO_STREAM (io)), NULL, error) ||
      !g_seekable_seek (G_SEEKABLE (io), 0, G_SEEK_SET, NULL, error))
    return FALSE;

  out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  return g_output_stream_splice (out, g_io_stream_get_input_stream (G_IO_STREAM (io)),
                                 G_OUTPUT_STREAM_SPLICE_NONE, NULL, error) >= 0;
}

/* ---- waiting for async results ---- */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* ---- terminal width ---- */

static guint
terminal_width (void)
{
  const char *columns = g_getenv ("COLUMNS");
  struct winsize size;
  guint64 value;

  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  if (columns != NULL && g_ascii_string_to_unsigned (columns, 10, 20, 10000, &value, NULL))
    return (guint) value;
  return ROSTER_REPORT_DEFAULT_WIDTH;
}

/* ---- connections ---- */

typedef struct
{
  RosterAccount      *account;        /* saved, or made of --url and --group */
  char               *instance_url;
  char               *group_path;
  RosterHttp         *http;
  RosterGitlabClient *gitlab;
} Conn;

static void
conn_clear (Conn *conn)
{
  g_clear_object (&conn->gitlab);
  g_clear_object (&conn->http);
  g_clear_object (&conn->account);
  g_clear_pointer (&conn->instance_url, g_free);
  g_clear_pointer (&conn->group_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Conn, conn_clear)

static char *opt_account;
static char *opt_name;
static char *opt_url;
static char *opt_group;
static char *opt_scim_url;
static char *opt_format;
static gboolean opt_problems_only;
static char *opt_idp_export;
static gboolean opt_version;

static const GOptionEntry conn_entries[] = {
  { "account", 0, 0, G_OPTION_ARG_STRING, &opt_account, N_("A saved account (by name)"), N_("NAME") },
  { "url", 0, 0, G_OPTION_ARG_STRING, &opt_url, N_("The GitLab instance"), N_("INSTANCE_URL") },
  { "group", 0, 0, G_OPTION_ARG_STRING, &opt_group, N_("The top-level group’s full path"), N_("PATH") },
  { NULL }
};

static const GOptionEntry report_entries[] = {
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format, N_("table (default), csv or json"), N_("FORMAT") },
  { "problems-only", 0, 0, G_OPTION_ARG_NONE, &opt_problems_only, N_("List only users with a problem"), NULL },
  { "idp-export", 0, 0, G_OPTION_ARG_FILENAME, &opt_idp_export, N_("Compare with an IdP user export (CSV or JSON)"), N_("FILE") },
  { NULL }
};

static const GOptionEntry accounts_entries[] = {
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_("accounts add: the account’s name"), N_("NAME") },
  { NULL }
};

static const GOptionEntry scim_entries[] = {
  { "scim-url", 0, 0, G_OPTION_ARG_STRING, &opt_scim_url, N_("The SCIM service’s base URL"), N_("BASE_URL") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format, N_("table (default) or json"), N_("FORMAT") },
  { NULL }
};

static char *
take_env_token (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    return NULL;
  return g_strdup (value);
}

/* ---- saved accounts ---- */

static GSettings *
open_settings (GError **error)
{
  g_autoptr(GSettingsSchema) schema =
    g_settings_schema_source_lookup (g_settings_schema_source_get_default (), BASE_ID, TRUE);

  if (schema == NULL)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Roster’s settings schema (%s) is not installed: install Roster, or point "
                     "GSETTINGS_SCHEMA_DIR at the build’s data folder."), BASE_ID);
      return NULL;
    }
  return g_settings_new (BASE_ID);
}

static RosterAccount *
find_account (GSettings   *settings,
              const char  *name,
              GError     **error)
{
  g_autoptr(GPtrArray) accounts = roster_account_list_saved (settings);

  for (guint i = 0; i < accounts->len; i++)
    {
      RosterAccount *account = g_ptr_array_index (accounts, i);

      if (g_strcmp0 (roster_account_get_label (account), name) == 0 ||
          g_strcmp0 (roster_account_get_id (account), name) == 0)
        return g_object_ref (account);
    }

  g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND,
               _("There is no saved account “%s”: see “rosterctl accounts list”."), name);
  return NULL;
}

static char *
lookup_token (RosterAccount    *account,
              RosterTokenKind   kind,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *token;

  roster_secrets_lookup_async (roster_account_get_id (account), kind, NULL, store_result_cb, &result);
  token = roster_secrets_lookup_finish (wait_result (&result), error);
  return token;
}

/* Reads a token: from @env_name if set, else from the terminal without
 * echo. Returns NULL (and no error) when the user just pressed Enter. */
static char *
read_token (const char  *env_name,
            const char  *prompt,
            GError     **error)
{
  g_autofree char *from_env = take_env_token (env_name);
  struct termios saved, quiet;
  char buffer[4096];
  gboolean restore;
  char *token;

  if (from_env != NULL)
    return g_steal_pointer (&from_env);

  if (!isatty (STDIN_FILENO))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("No terminal to ask for the token: set %s."), env_name);
      return NULL;
    }

  g_printerr ("%s", prompt);
  restore = tcgetattr (STDIN_FILENO, &saved) == 0;
  if (restore)
    {
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  token = fgets (buffer, sizeof buffer, stdin) ? g_strdup (g_strstrip (buffer)) : NULL;
  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  memset (buffer, 0, sizeof buffer);
  g_printerr ("\n");

  if (token != NULL && *token == '\0')
    g_clear_pointer (&token, g_free);
  return token;
}

static gboolean
store_token (RosterAccount    *account,
             RosterTokenKind   kind,
             const char       *token,
             GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  roster_secrets_store_async (roster_account_get_id (account), roster_account_get_label (account),
                              kind, token, NULL, store_result_cb, &result);
  return roster_secrets_store_finish (wait_result (&result), error);
}

/* The saved GitLab account --account names, for the commands that take
 * CONN. Returns NULL with @error set when there is none. */
static RosterAccount *
find_gitlab_account (GError **error)
{
  g_autoptr(GSettings) settings = open_settings (error);
  g_autoptr(RosterAccount) account = NULL;

  if (settings == NULL || (account = find_account (settings, opt_account, error)) == NULL)
    return NULL;
  if (roster_account_get_kind (account) != ROSTER_ACCOUNT_KIND_GITLAB)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("“%s” is a generic SCIM account: use “rosterctl scim list --account %s”."),
                   opt_account, opt_account);
      return NULL;
    }
  return g_steal_pointer (&account);
}

/* Returns an exit status: EXIT_OK when @conn is ready. The connection is
 * an account's, saved or made of --url and --group, so that its RosterHttp
 * is rooted as the clients expect (roster_account_create_http()). */
static int
conn_open (Conn    *conn,
           GError **error)
{
  g_autofree char *api_token = NULL;
  g_autoptr(RosterAccount) account = NULL;

  if (opt_account != NULL && (opt_url != NULL || opt_group != NULL))
    return usage_error (_("Give either --account NAME or --url and --group, not both."));

  if (opt_account != NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;

      if ((account = find_gitlab_account (error)) == NULL)
        return EXIT_FAILURE_;
      roster_account_open_http_async (account, ROSTER_TOKEN_API, NULL, NULL, store_result_cb, &result);
      conn->http = roster_account_open_http_finish (account, wait_result (&result), error);
      if (conn->http == NULL)
        return EXIT_FAILURE_;
    }
  else
    {
      if (opt_url == NULL || opt_group == NULL)
        return usage_error (_("Say which group: --account NAME, or --url INSTANCE_URL --group PATH."));

      api_token = take_env_token ("ROSTER_API_TOKEN");
      if (api_token == NULL)
        return usage_error (_("Set ROSTER_API_TOKEN to a personal or group access token of a group "
                              "Owner (scope api or read_api). Tokens are never read from the command line."));

      account = roster_account_new_gitlab (NULL, opt_url, opt_group, error);
      if (account == NULL)
        return EXIT_FAILURE_;
      conn->http = roster_account_create_http (account, ROSTER_TOKEN_API, NULL, error);
      if (conn->http == NULL)
        return EXIT_FAILURE_;
      roster_http_set_token (conn->http, ROSTER_TOKEN_API, api_token);
      memset (api_token, 0, strlen (api_token));
    }

  conn->instance_url = g_strdup (roster_account_get_instance_url (account));
  conn->group_path = g_strdup (roster_account_get_group_path (account));
  conn->account = g_steal_pointer (&account);
  conn->gitlab = roster_gitlab_client_new (conn->http);

  return EXIT_OK;
}

/* ---- report / show ---- */

static RosterSnapshot *
load_snapshot (Conn             *conn,
               RosterIdpExport  *idp_export,
               GError          **error)
{
  g_autoptr(RosterSnapshot) snapshot = roster_snapshot_new (conn->instance_url, 0, conn->group_path);
  g_autoptr(GAsyncResult) result = NULL;

  if (idp_export != NULL)
    roster_snapshot_set_idp_export (snapshot, idp_export);

  roster_snapshot_load_async (snapshot, conn->gitlab, NULL, store_result_cb, &result);
  if (!roster_snapshot_load_finish (snapshot, wait_result (&result), error))
    return NULL;

  return g_steal_pointer (&snapshot);
}

static int
cmd_report (void)
{
  g_auto(Conn) conn = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) idp_export = NULL;
  g_autoptr(RosterSnapshot) snapshot = NULL;
  RosterReportFormat format = ROSTER_REPORT_FORMAT_TABLE;
  RosterReportOptions options = { 0, };
  int status;

  if (opt_format != NULL && !roster_report_format_from_string (opt_format, &format))
    return usage_error (_("Unknown format “%s”: use table, csv or json."), opt_format);

  if ((status = conn_open (&conn, &error)) != EXIT_OK)
    return error ? fail (error) : status;

  /* The IdP export first: a broken file fails before any request. */
  if (opt_idp_export != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (opt_idp_export);

      idp_export = roster_idp_export_load (file, NULL, &error);
      if (idp_export == NULL)
        {
          g_autofree char *name = g_file_get_basename (file);

          g_prefix_error (&error, "%s: ", name);
          return fail (error);
        }
    }

  snapshot = load_snapshot (&conn, idp_export, &error);
  if (snapshot == NULL)
    return fail (error);

  options.instance_url = conn.instance_url;
  options.group_id = roster_snapshot_get_group_id (snapshot);
  options.group_path = roster_snapshot_get_group_path (snapshot);
  options.generated_at = roster_snapshot_get_fetched_at (snapshot);
  options.problems_only = opt_problems_only;
  options.width = terminal_width ();

  if (!write_report (roster_snapshot_get_model (snapshot), format, &options, &error))
    {
      g_prefix_error (&error, "%s ", _("Could not write the report:"));
      return fail (error);
    }

  return roster_snapshot_get_n_problems (snapshot) > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

static void
append_field (GString    *out,
              const char *label,
              const char *value)
{
  g_autofree char *shown = value ? roster_text_escape (value) : g_strdup ("—");

  g_string_append_printf (out, "  %-16s %s\n", label, shown);
}

static int
cmd_show (const char *user)
{
  g_auto(Conn) conn = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterSnapshot) snapshot = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *id = NULL;
  g_autofree char *level = NULL;
  RosterRecipeContext context;
  RosterMember *member;
  RosterScimActive active;
  int status;

  if ((status = conn_open (&conn, &error)) != EXIT_OK)
    return error ? fail (error) : status;

  snapshot = load_snapshot (&conn, NULL, &error);
  if (snapshot == NULL)
    return fail (error);

  member = roster_snapshot_find_user (snapshot, user);
  if (member == NULL)
    {
      g_autofree char *shown = roster_text_escape (user);

      g_printerr ("rosterctl: ");
      g_printerr (_("No user “%s” in %s: give a username, a user id or an extern_uid they hold."),
                  shown, roster_snapshot_get_group_path (snapshot));
      g_printerr ("\n");
      return EXIT_FAILURE_;
    }

  id = g_strdup_printf ("%" G_GINT64_FORMAT, roster_member_get_user_id (member));
  level = g_strdup_printf ("%d", roster_member_get_access_level (member));
  active = roster_member_get_scim_active (member);

  g_string_append_printf (out, "%s\n", roster_member_get_display_name (member));
  append_field (out, _("User id"), id);
  append_field (out, _("Username"), roster_member_get_username (member));
  append_field (out, _("Email"), roster_member_get_email (member));
  append_field (out, _("Member"), roster_member_get_member (member) ? _("yes") : _("no"));
  append_field (out, _("Access level"), roster_member_get_member (member) ? level : NULL);
  append_field (out, _("Enterprise"), roster_member_get_enterprise (member) ? _("yes") : _("no"));
  append_field (out, _("SAML NameID"), roster_member_get_saml_extern_uid (member));
  append_field (out, _("SCIM id"), roster_member_get_scim_extern_uid (member));
  append_field (out, _("SCIM active"), active == ROSTER_SCIM_ACTIVE_TRUE ? _("yes")
                                        : active == ROSTER_SCIM_ACTIVE_FALSE ? _("no") : NULL);

  context.instance_url = conn.instance_url;
  context.group_path = roster_snapshot_get_group_path (snapshot);
  context.group_id = roster_snapshot_get_group_id (snapshot);

  if (roster_member_get_n_findings (member) == 0)
    g_string_append_printf (out, "\n%s\n", _("No findings."));

  for (guint i = 0; i < roster_member_get_n_findings (member); i++)
    {
      RosterFinding *finding = roster_member_get_finding (member, i);
      g_autoptr(RosterRecipe) recipe = roster_recipe_new (finding, member, &context);
      g_autofree char *recipe_text = roster_recipe_to_text (recipe);

      g_string_append_printf (out, "\n%s (%s): %s\n  %s\n\n%s",
                              roster_finding_kind_to_string (roster_finding_get_kind (finding)),
                              roster_severity_to_string (roster_finding_get_severity (finding)),
                              roster_finding_kind_get_title (roster_finding_get_kind (finding)),
                              roster_finding_get_message (finding),
                              recipe_text);
    }

  if (!write_out (out->str))
    return EXIT_FAILURE_;
  return roster_member_is_problem (member) ? EXIT_PROBLEMS : EXIT_OK;
}

/* ---- test ---- */

static void
append_check (GString                     *out,
              const char                  *label,
              const RosterConnectionCheck *check)
{
  g_autofree char *message = g_strdup (check->message);

  /* One line per token: its diagnosis, then what to do about it. */
  g_strdelimit (message, "\r\n", ' ');
  g_string_append_printf (out, "%s: %s: %s", label,
                          roster_connection_outcome_to_string (check->outcome), message);
  if (check->fix != NULL)
    {
      g_autofree char *fix = g_strdup (check->fix);

      g_strdelimit (fix, "\r\n", ' ');
      g_string_append_printf (out, " %s %s", _("Fix:"), fix);
    }
  g_string_append_c (out, '\n');
}

/* The exit status of one diagnosis: 0 usable, 3 usable but limited (a
 * read_api token), 1 unusable. An untested token counts for nothing. */
static int
check_status (const RosterConnectionCheck *check)
{
  if (check->outcome == ROSTER_CONNECTION_OK || check->outcome == ROSTER_CONNECTION_NOT_TESTED)
    return EXIT_OK;
  if (roster_connection_outcome_is_usable (check->outcome))
    return EXIT_PROBLEMS;
  return EXIT_FAILURE_;
}

/* roster_connection_test_async(), the diagnosis the app shows too. */
static int
cmd_test (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RosterConnectionReport) report = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *api_token = NULL;
  g_autofree char *scim_token = NULL;
  const char *url = opt_url;
  const char *group = opt_group;
  int api_status, scim_status;

  if (opt_account != NULL && (opt_url != NULL || opt_group != NULL))
    return usage_error (_("Give either --account NAME or --url and --group, not both."));

  if (opt_account != NULL)
    {
      if ((account = find_gitlab_account (&error)) == NULL)
        return fail (error);
      url = roster_account_get_instance_url (account);
      group = roster_account_get_group_path (account);
      if ((api_token = lookup_token (account, ROSTER_TOKEN_API, &error)) == NULL && error != NULL)
        return fail (error);
      if ((scim_token = lookup_token (account, ROSTER_TOKEN_SCIM, &error)) == NULL && error != NULL)
        return fail (error);
      if (api_token == NULL && scim_token == NULL)
        {
          g_set_error (&error, ROSTER_ERROR, ROSTER_ERROR_AUTH,
                       _("The keyring holds no token for “%s”: add the account again."), opt_account);
          return fail (error);
        }
    }
  else
    {
      if (url == NULL || group == NULL)
        return usage_error (_("Say which group: --account NAME, or --url INSTANCE_URL --group PATH."));
      api_token = take_env_token ("ROSTER_API_TOKEN");
      scim_token = take_env_token ("ROSTER_SCIM_TOKEN");
      if (api_token == NULL && scim_token == NULL)
        return usage_error (_("Set ROSTER_API_TOKEN (an access token of a group Owner), ROSTER_SCIM_TOKEN "
                              "(the group’s SCIM token), or both. Tokens are never read from the "
                              "command line."));
    }

  roster_connection_test_async (url, group, scim_token, api_token, NULL, NULL, NULL,
                                store_result_cb, &result);
  if (api_token != NULL)
    memset (api_token, 0, strlen (api_token));
  if (scim_token != NULL)
    memset (scim_token, 0, strlen (scim_token));
  report = roster_connection_test_finish (wait_result (&result), &error);
  if (report == NULL)
    return fail (error);

  append_check (out, _("API token"), report->api);
  append_check (out, _("SCIM token"), report->scim);
  if (!write_out (out->str))
    return EXIT_FAILURE_;

  api_status = check_status (report->api);
  scim_status = check_status (report->scim);
  if (api_status == EXIT_FAILURE_ || scim_status == EXIT_FAILURE_)
    return EXIT_FAILURE_;
  return MAX (api_status, scim_status);
}

/* ---- scim list ---- */

static int
cmd_scim_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(RosterHttp) http = NULL;
  g_autoptr(RosterScimClient) scim = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *token = NULL;
  gboolean json = FALSE;

  if (opt_format != NULL && g_str_equal (opt_format, "json"))
    json = TRUE;
  else if (opt_format != NULL && !g_str_equal (opt_format, "table"))
    return usage_error (_("Unknown format “%s”: use table or json."), opt_format);

  if (opt_account != NULL && opt_scim_url != NULL)
    return usage_error (_("Give either --account NAME or --scim-url, not both."));
  if (opt_account != NULL)
    {
      g_autoptr(GSettings) settings = open_settings (&error);
      g_autoptr(GAsyncResult) opened = NULL;

      account = settings ? find_account (settings, opt_account, &error) : NULL;
      if (account == NULL)
        return fail (error);
      roster_account_open_http_async (account, ROSTER_TOKEN_SCIM, NULL, NULL, store_result_cb, &opened);
      http = roster_account_open_http_finish (account, wait_result (&opened), &error);
      if (http == NULL)
        return fail (error);
    }
  else
    {
      if (opt_scim_url == NULL)
        return usage_error (_("Say which SCIM service: --account NAME or --scim-url BASE_URL."));
      token = take_env_token ("ROSTER_SCIM_TOKEN");
      if (token == NULL)
        return usage_error (_("Set ROSTER_SCIM_TOKEN to the SCIM service’s bearer token. Tokens are "
                              "never read from the command line."));
      account = roster_account_new_scim (NULL, opt_scim_url, &error);
      if (account == NULL)
        return usage_error ("%s", error->message);
      http = roster_account_create_http (account, ROSTER_TOKEN_SCIM, NULL, &error);
      if (http == NULL)
        return fail (error);
      roster_http_set_token (http, ROSTER_TOKEN_SCIM, token);
      memset (token, 0, strlen (token));
    }

  /* The account's RosterHttp is rooted at the instance (GitLab) or at the
   * SCIM base URL (generic): see roster_account_create_http(). */
  if (roster_account_get_kind (account) == ROSTER_ACCOUNT_KIND_GITLAB)
    scim = roster_scim_client_new_for_gitlab (http, roster_account_get_group_path (account));
  else
    scim = roster_scim_client_new (http, ROSTER_SCIM_DIALECT_RFC, "");
  roster_scim_client_list_users_async (scim, NULL, NULL, NULL, NULL, NULL, store_result_cb, &result);
  users = roster_scim_client_list_users_finish (scim, wait_result (&result), &error);
  if (users == NULL)
    return fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < users->len; i++)
        {
          RosterScimUser *u = g_ptr_array_index (users, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, u->id);
          json_builder_set_member_name (builder, "externalId");
          json_builder_add_string_value (builder, u->external_id);
          json_builder_set_member_name (builder, "userName");
          json_builder_add_string_value (builder, u->user_name);
          json_builder_set_member_name (builder, "email");
          json_builder_add_string_value (builder, u->email);
          json_builder_set_member_name (builder, "active");
          if (u->has_active)
            json_builder_add_boolean_value (builder, u->active);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }
  else
    {
      guint width = terminal_width ();

      for (guint i = 0; i < users->len; i++)
        {
          RosterScimUser *u = g_ptr_array_index (users, i);
          g_autofree char *line = g_strdup_printf ("%s  %s  %s  %s",
                                                   u->id ? u->id : "—",
                                                   u->external_id ? u->external_id : "—",
                                                   u->user_name ? u->user_name : "—",
                                                   !u->has_active ? "—" : u->active ? _("active") : _("inactive"));
          g_autofree char *escaped = roster_text_escape (line);
          g_autofree char *cut = roster_text_truncate (escaped, width);

          g_string_append_printf (out, "%s\n", cut);
        }
    }

  if (!write_out (out->str))
    return EXIT_FAILURE_;
  return EXIT_OK;
}

/* ---- accounts ---- */

static int
cmd_accounts_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = open_settings (&error);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (settings == NULL)
    return fail (error);

  accounts = roster_account_list_saved (settings);
  for (guint i = 0; i < accounts->len; i++)
    {
      RosterAccount *account = g_ptr_array_index (accounts, i);

      if (roster_account_get_kind (account) == ROSTER_ACCOUNT_KIND_GITLAB)
        g_string_append_printf (out, "%s\tgitlab\t%s\t%s\n", roster_account_get_label (account),
                                roster_account_get_instance_url (account),
                                roster_account_get_group_path (account));
      else
        g_string_append_printf (out, "%s\tscim\t%s\n", roster_account_get_label (account),
                                roster_account_get_scim_url (account));
    }

  if (!write_out (out->str))
    return EXIT_FAILURE_;
  return EXIT_OK;
}

static int
cmd_accounts_add (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(RosterAccount) existing = NULL;
  g_autofree char *api_token = NULL;
  g_autofree char *scim_token = NULL;
  gboolean gitlab;

  if (opt_name == NULL || *opt_name == '\0')
    return usage_error (_("accounts add needs --name NAME."));
  gitlab = opt_url != NULL || opt_group != NULL;
  if (gitlab && (opt_url == NULL || opt_group == NULL))
    return usage_error (_("A GitLab account needs --url INSTANCE_URL and --group PATH."));
  if (gitlab == (opt_scim_url != NULL))
    return usage_error (_("Give --url and --group (GitLab), or --scim-url (a generic SCIM service)."));

  if ((settings = open_settings (&error)) == NULL)
    return fail (error);
  existing = find_account (settings, opt_name, NULL);
  if (existing != NULL)
    {
      g_printerr ("rosterctl: ");
      g_printerr (_("There is already an account “%s”: remove it first, or pick another name."), opt_name);
      g_printerr ("\n");
      return EXIT_FAILURE_;
    }

  account = gitlab ? roster_account_new_gitlab (opt_name, opt_url, opt_group, &error)
                   : roster_account_new_scim (opt_name, opt_scim_url, &error);
  if (account == NULL)
    return fail (error);

  if (gitlab)
    {
      api_token = read_token ("ROSTER_API_TOKEN", _("API token (personal or group access token of an Owner): "), &error);
      if (api_token == NULL)
        {
          if (error == NULL)
            g_set_error_literal (&error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                                 _("A GitLab account needs an API token."));
          return fail (error);
        }
      scim_token = read_token ("ROSTER_SCIM_TOKEN", _("SCIM token (optional, Enter to skip): "), NULL);
    }
  else
    {
      scim_token = read_token ("ROSTER_SCIM_TOKEN", _("SCIM bearer token: "), &error);
      if (scim_token == NULL)
        {
          if (error == NULL)
            g_set_error_literal (&error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                                 _("A SCIM account needs its bearer token."));
          return fail (error);
        }
    }

  /* Tokens first: an account is only listed once its tokens are safe. */
  if ((api_token != NULL && !store_token (account, ROSTER_TOKEN_API, api_token, &error)) ||
      (scim_token != NULL && !store_token (account, ROSTER_TOKEN_SCIM, scim_token, &error)))
    return fail (error);
  if (api_token != NULL)
    memset (api_token, 0, strlen (api_token));
  if (scim_token != NULL)
    memset (scim_token, 0, strlen (scim_token));

  roster_account_save (account, settings);
  g_settings_sync ();
  g_print (_("Saved account “%s”.\n"), opt_name);
  return EXIT_OK;
}

static int
cmd_accounts_remove (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = open_settings (&error);
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (settings == NULL || (account = find_account (settings, name, &error)) == NULL)
    return fail (error);

  roster_account_remove_async (account, settings, NULL, store_result_cb, &result);
  if (!roster_account_remove_finish (account, wait_result (&result), &error))
    return fail (error);
  g_settings_sync ();
  g_print (_("Removed account “%s” and its tokens.\n"), name);
  return EXIT_OK;
}

/* ---- main ---- */

static const char *summary_text =
  N_("Commands:\n"
     "  test      CONN                      check the connection and the tokens\n"
     "  report    CONN [--format table|csv|json] [--problems-only] [--idp-export FILE]\n"
     "  show      CONN USER                 one user, their findings and repairs\n"
     "  scim list CONN-SCIM                  users of a generic SCIM 2.0 service\n"
     "  accounts list                        the saved accounts\n"
     "  accounts add --name NAME (--url INSTANCE_URL --group PATH | --scim-url BASE_URL)\n"
     "  accounts remove NAME                 forget an account and its tokens\n"
     "  accounts test NAME                   like test --account NAME\n"
     "\n"
     "CONN      = --account NAME | --url INSTANCE_URL --group PATH\n"
     "CONN-SCIM = --account NAME | --scim-url BASE_URL\n"
     "USER = a username, a numeric user id, or an extern_uid the user holds\n"
     "\n"
     "With --account, tokens come from the keyring; otherwise from the environment\n"
     "(accounts add reads them from there too, or asks without echo), never from arguments:\n"
     "  ROSTER_API_TOKEN   access token of a group Owner (scope api or read_api)\n"
     "  ROSTER_SCIM_TOKEN  the group's SCIM token (test, scim)\n"
     "\n"
     "Exit status: 0 done, no problems; 3 done, problems found; 1 failure; 2 usage error.");

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GOptionGroup) report_group = NULL;
  g_autoptr(GOptionGroup) scim_group = NULL;
  g_autoptr(GOptionGroup) accounts_group = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry main_entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, N_("Show the version"), NULL },
    { NULL }
  };
  const char *command;

  setlocale (LC_ALL, "");
  g_log_set_writer_func (log_writer, NULL, NULL);
  /* JSON is read in worker threads, where the member rows are made too;
   * with one malloc arena per thread, freed pages linger and the peak
   * footprint doubles, and with two, what the workers leave behind in
   * theirs is not reused by the reconcile on this thread (+2–5 MiB at
   * 100 000 users). One arena has the lowest peak, and no measurable cost
   * in time. */
  mallopt (M_ARENA_MAX, 1);
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_summary (context, _("Audit the SAML and SCIM identities of a GitLab group."));
  g_option_context_set_description (context, _(summary_text));
  g_option_context_add_main_entries (context, main_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, conn_entries, GETTEXT_PACKAGE);
  report_group = g_option_group_new ("report", _("Report options"), _("Show report options"), NULL, NULL);
  g_option_group_add_entries (report_group, report_entries);
  g_option_group_set_translation_domain (report_group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, g_steal_pointer (&report_group));
  scim_group = g_option_group_new ("scim", _("SCIM options"), _("Show SCIM options"), NULL, NULL);
  g_option_group_add_entries (scim_group, scim_entries);
  g_option_group_set_translation_domain (scim_group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, g_steal_pointer (&scim_group));
  accounts_group = g_option_group_new ("accounts", _("Account options"), _("Show account options"), NULL, NULL);
  g_option_group_add_entries (accounts_group, accounts_entries);
  g_option_group_set_translation_domain (accounts_group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, g_steal_pointer (&accounts_group));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);

  if (opt_version)
    {
      g_print ("rosterctl %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  if (argc < 2)
    return usage_error (_("Missing command."));

  command = argv[1];
  if (g_str_equal (command, "report") && argc == 2)
    return cmd_report ();
  if (g_str_equal (command, "test") && argc == 2)
    return cmd_test ();
  if (g_str_equal (command, "show") && argc == 3)
    return cmd_show (argv[2]);
  if (g_str_equal (command, "show"))
    return usage_error (_("show needs exactly one USER."));
  if (g_str_equal (command, "scim") && argc == 3 && g_str_equal (argv[2], "list"))
    return cmd_scim_list ();
  if (g_str_equal (command, "accounts") && argc == 3 && g_str_equal (argv[2], "list"))
    return cmd_accounts_list ();
  if (g_str_equal (command, "accounts") && argc == 3 && g_str_equal (argv[2], "add"))
    return cmd_accounts_add ();
  if (g_str_equal (command, "accounts") && argc == 4 && g_str_equal (argv[2], "remove"))
    return cmd_accounts_remove (argv[3]);
  if (g_str_equal (command, "accounts") && argc == 4 && g_str_equal (argv[2], "test"))
    {
      if (opt_account != NULL || opt_url != NULL || opt_group != NULL)
        return usage_error (_("accounts test takes only the account’s NAME."));
      opt_account = g_strdup (argv[3]);
      return cmd_test ();
    }
  if (g_str_equal (command, "report") || g_str_equal (command, "test") ||
      g_str_equal (command, "scim") || g_str_equal (command, "accounts"))
    return usage_error (_("Unexpected arguments after “%s”."), command);

  return usage_error (_("Unknown command “%s”."), command);
}
