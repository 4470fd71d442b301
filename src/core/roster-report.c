/* roster-report.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-report"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-member.h"
#include "roster-reconcile.h"
#include "roster-report.h"
#include "roster-text.h"

/* Rendering a reconciled group as a table, CSV or JSON. Everything is built
 * in memory and returned whole, so a caller that fails half-way prints
 * nothing (the CLI's rule: no partial report on stdout).
 *
 * JSON (design.md §6, schema 1):
 *   { "roster_report": 1, "generated_at": "2026-11-28T17:30:00Z",
 *     "instance": "…", "group": { "id": N, "full_path": "…" },
 *     "summary": { "members": N, "enterprise": N, "ok": N,
 *                  "by_kind": { <every kind>: N } },
 *     "users": [ { "user_id", "username", "name", "email", "state", "member",
 *                  "access_level", "enterprise", "saml_extern_uid",
 *                  "scim_extern_uid", "scim_active", "idp_extern_uid",
 *                  "findings": [ { "kind", "severity", "message" } ] } ] }
 * Unknown values are null (access_level of a non-member, scim_active without
 * a SCIM identity…). "members" counts current members, "enterprise" the
 * enterprise users among them, "ok" the users without any finding; by_kind
 * lists every kind, zeros included. Strings that are not valid UTF-8 are
 * written escaped (see roster_text_escape()). */

/* Where rendered text goes: a GString, flushed to a stream now and then when
 * there is one (so 100 000 users never sit in memory twice). */
typedef struct
{
  GString       *out;
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

#define SINK_CHUNK (256 * 1024)

static void
sink_flush (Sink     *sink,
            gboolean  force)
{
  if (sink->stream == NULL || sink->error != NULL)
    return;
  if (!force && sink->out->len < SINK_CHUNK)
    return;
  if (!g_output_stream_write_all (sink->stream, sink->out->str, sink->out->len, NULL,
                                  sink->cancellable, &sink->error))
    return;
  g_string_truncate (sink->out, 0);
}

gboolean
roster_report_format_from_string (const char         *string,
                                  RosterReportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (g_strcmp0 (string, "table") == 0)
    *format = ROSTER_REPORT_FORMAT_TABLE;
  else if (g_strcmp0 (string, "csv") == 0)
    *format = ROSTER_REPORT_FORMAT_CSV;
  else if (g_strcmp0 (string, "json") == 0)
    *format = ROSTER_REPORT_FORMAT_JSON;
  else
    return FALSE;
  return TRUE;
}

static GPtrArray *
select_members (GListModel *members,
                gboolean    problems_only)
{
  guint n = g_list_model_get_n_items (members);
  GPtrArray *selected = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      RosterMember *member = g_list_model_get_item (members, i);

      if (problems_only && !roster_member_is_problem (member))
        g_object_unref (member);
      else
        g_ptr_array_add (selected, member);
    }
  return selected;
}

/* ---- JSON ---- */

static void
json_string (GString    *out,
             const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  if (!g_utf8_validate (value, -1, NULL))
    value = escaped = roster_text_escape (value);

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) value; *p; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_key (GString    *out,
          const char *key)
{
  json_string (out, key);
  g_string_append_c (out, ':');
}

static char *
format_time (GDateTime *generated_at)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (generated_at == NULL)
    generated_at = now = g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (generated_at);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
render_json (Sink                      *sink,
             GListModel                *members,
             GPtrArray                 *selected,
             const RosterReportOptions *options)
{
  GString *out = sink->out;
  RosterSummary summary;
  g_autofree char *generated_at = format_time (options->generated_at);

  roster_summary_compute (&summary, members);

  g_string_append_printf (out, "{\"roster_report\":%d,", ROSTER_REPORT_SCHEMA_VERSION);
  json_key (out, "generated_at");
  json_string (out, generated_at);
  g_string_append_c (out, ',');
  json_key (out, "instance");
  json_string (out, options->instance_url);
  g_string_append (out, ",\"group\":{");
  g_string_append_printf (out, "\"id\":%" G_GINT64_FORMAT ",", options->group_id);
  json_key (out, "full_path");
  json_string (out, options->group_path);
  g_string_append (out, "},\"summary\":{");
  g_string_append_printf (out, "\"members\":%u,\"enterprise\":%u,\"ok\":%u,\"by_kind\":{",
                          summary.members, summary.enterprise, summary.ok);
  for (guint k = 0; k < ROSTER_FINDING_N_KINDS; k++)
    g_string_append_printf (out, "%s\"%s\":%u", k ? "," : "",
                            roster_finding_kind_to_string (k), summary.by_kind[k]);
  g_string_append (out, "}},\n\"users\":[");

  for (guint i = 0; i < selected->len; i++)
    {
      RosterMember *m = g_ptr_array_index (selected, i);
      guint n_findings = roster_member_get_n_findings (m);
      RosterScimActive active = roster_member_get_scim_active (m);

      g_string_append (out, i ? ",\n" : "\n");
      g_string_append_printf (out, "{\"user_id\":%" G_GINT64_FORMAT ",", roster_member_get_user_id (m));
      json_key (out, "username");
      json_string (out, roster_member_get_username (m));
      g_string_append_c (out, ',');
      json_key (out, "name");
      json_string (out, roster_member_get_name (m));
      g_string_append_c (out, ',');
      json_key (out, "email");
      json_string (out, roster_member_get_email (m));
      g_string_append_c (out, ',');
      json_key (out, "state");
      json_string (out, roster_member_get_state (m));
      g_string_append_printf (out, ",\"member\":%s,", roster_member_get_member (m) ? "true" : "false");
      if (roster_member_get_member (m))
        g_string_append_printf (out, "\"access_level\":%d,", roster_member_get_access_level (m));
      else
        g_string_append (out, "\"access_level\":null,");
      g_string_append_printf (out, "\"enterprise\":%s,", roster_member_get_enterprise (m) ? "true" : "false");
      json_key (out, "saml_extern_uid");
      json_string (out, roster_member_get_saml_extern_uid (m));
      g_string_append_c (out, ',');
      json_key (out, "scim_extern_uid");
      json_string (out, roster_member_get_scim_extern_uid (m));
      g_string_append_printf (out, ",\"scim_active\":%s,",
                              active == ROSTER_SCIM_ACTIVE_TRUE ? "true"
                              : active == ROSTER_SCIM_ACTIVE_FALSE ? "false" : "null");
      json_key (out, "idp_extern_uid");
      json_string (out, roster_member_get_idp_extern_uid (m));
      g_string_append (out, ",\"findings\":[");
      for (guint f = 0; f < n_findings; f++)
        {
          RosterFinding *finding = roster_member_get_finding (m, f);

          g_string_append (out, f ? ",{" : "{");
          json_key (out, "kind");
          json_string (out, roster_finding_kind_to_string (roster_finding_get_kind (finding)));
          g_string_append_c (out, ',');
          json_key (out, "severity");
          json_string (out, roster_severity_to_string (roster_finding_get_severity (finding)));
          g_string_append_c (out, ',');
          json_key (out, "message");
          json_string (out, roster_finding_get_message (finding));
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
      sink_flush (sink, FALSE);
    }

  g_string_append (out, "\n]}\n");
}

/* ---- CSV ---- */

/**
 * roster_report_render_csv_field:
 * @value: (nullable): a value
 *
 * Returns: (transfer full): @value as one RFC 4180 field: quoted (with
 *   quotes doubled) when it holds a comma, a quote, a line break or leading
 *   or trailing spaces; "" for %NULL
 */
char *
roster_report_render_csv_field (const char *value)
{
  GString *out;
  gsize len;

  if (value == NULL)
    return g_strdup ("");

  len = strlen (value);
  if (strpbrk (value, ",\"\r\n") == NULL &&
      (len == 0 || (value[0] != ' ' && value[len - 1] != ' ')))
    return g_strdup (value);

  out = g_string_sized_new (len + 2);
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  g_autofree char *field = NULL;
  g_autofree char *escaped = NULL;

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    value = escaped = roster_text_escape (value);
  field = roster_report_render_csv_field (value);
  g_string_append (out, field);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
render_csv (Sink      *sink,
            GPtrArray *selected)
{
  GString *out = sink->out;

  g_string_append (out, "user_id,username,name,email,state,member,access_level,enterprise,"
                        "saml_extern_uid,scim_extern_uid,scim_active,idp_extern_uid,"
                        "severity,findings,messages\r\n");

  for (guint i = 0; i < selected->len; i++)
    {
      RosterMember *m = g_ptr_array_index (selected, i);
      guint n_findings = roster_member_get_n_findings (m);
      RosterScimActive active = roster_member_get_scim_active (m);
      g_autoptr(GString) kinds = g_string_new (NULL);
      g_autoptr(GString) messages = g_string_new (NULL);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, roster_member_get_user_id (m));
      g_autofree char *level = g_strdup_printf ("%d", roster_member_get_access_level (m));

      for (guint f = 0; f < n_findings; f++)
        {
          RosterFinding *finding = roster_member_get_finding (m, f);

          if (f > 0)
            {
              g_string_append_c (kinds, ';');
              g_string_append_c (messages, '\n');
            }
          g_string_append (kinds, roster_finding_kind_to_string (roster_finding_get_kind (finding)));
          g_string_append (messages, roster_finding_get_message (finding));
        }

      csv_field (out, id, FALSE);
      csv_field (out, roster_member_get_username (m), FALSE);
      csv_field (out, roster_member_get_name (m), FALSE);
      csv_field (out, roster_member_get_email (m), FALSE);
      csv_field (out, roster_member_get_state (m), FALSE);
      csv_field (out, roster_member_get_member (m) ? "true" : "false", FALSE);
      csv_field (out, roster_member_get_member (m) ? level : NULL, FALSE);
      csv_field (out, roster_member_get_enterprise (m) ? "true" : "false", FALSE);
      csv_field (out, roster_member_get_saml_extern_uid (m), FALSE);
      csv_field (out, roster_member_get_scim_extern_uid (m), FALSE);
      csv_field (out, active == ROSTER_SCIM_ACTIVE_TRUE ? "true"
                      : active == ROSTER_SCIM_ACTIVE_FALSE ? "false" : NULL, FALSE);
      csv_field (out, roster_member_get_idp_extern_uid (m), FALSE);
      csv_field (out, roster_severity_to_string (roster_member_get_worst_severity (m)), FALSE);
      csv_field (out, kinds->str, FALSE);
      csv_field (out, messages->str, TRUE);
      sink_flush (sink, FALSE);
    }
}

/* ---- table ---- */

enum { COL_USER, COL_NAME, COL_ROLE, COL_SAML, COL_SCIM, COL_STATUS, N_COLS };

static const guint min_width[N_COLS] = { 8, 6, 4, 10, 10, 8 };

static const char *
role_name (RosterMember *m)
{
  if (!roster_member_get_member (m))
    return "—";
  switch (roster_member_get_access_level (m))
    {
    case 50: return _("Owner");
    case 40: return _("Maintainer");
    case 30: return _("Developer");
    case 20: return _("Reporter");
    case 15: return _("Planner");
    case 10: return _("Guest");
    case 5:  return _("Minimal");
    default: return "?";
    }
}

static char *
status_text (RosterMember *m)
{
  guint n = roster_member_get_n_findings (m);
  GString *out;

  if (n == 0)
    return g_strdup (_("ok"));

  out = g_string_new (NULL);
  for (guint f = 0; f < n; f++)
    {
      if (f > 0)
        g_string_append (out, ", ");
      g_string_append (out, roster_finding_kind_to_string (
                              roster_finding_get_kind (roster_member_get_finding (m, f))));
    }
  return g_string_free (out, FALSE);
}

static char *
cell (const char *value)
{
  if (value == NULL)
    return g_strdup ("—");
  return roster_text_escape (value);
}

static void
fit_widths (guint *widths,
            guint  available)
{
  guint total = 0;

  for (guint c = 0; c < N_COLS; c++)
    total += widths[c];

  while (total > available)
    {
      guint widest = N_COLS;

      for (guint c = 0; c < N_COLS; c++)
        if (widths[c] > min_width[c] && (widest == N_COLS || widths[c] > widths[widest]))
          widest = c;
      if (widest == N_COLS)
        break;   /* everything at its minimum: the terminal is too narrow */
      widths[widest]--;
      total--;
    }
}

static void
render_table (GString                   *out,
              GListModel                *members,
              GPtrArray                 *selected,
              const RosterReportOptions *options)
{
  const char *headers[N_COLS] = {
    _("USER"), _("NAME"), _("ROLE"), _("SAML NAMEID"), _("SCIM ID"), _("STATUS")
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint width = options->width ? options->width : ROSTER_REPORT_DEFAULT_WIDTH;
  guint widths[N_COLS];
  guint separators = 2 * (N_COLS - 1);
  RosterSummary summary;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GString) counts = g_string_new (NULL);

  for (guint c = 0; c < N_COLS; c++)
    widths[c] = MAX (roster_text_width (headers[c]), min_width[c]);

  for (guint i = 0; i < selected->len; i++)
    {
      RosterMember *m = g_ptr_array_index (selected, i);
      char **row = g_new0 (char *, N_COLS + 1);

      row[COL_USER] = cell (roster_member_get_username (m));
      row[COL_NAME] = cell (roster_member_get_name (m));
      row[COL_ROLE] = g_strdup (role_name (m));
      row[COL_SAML] = cell (roster_member_get_saml_extern_uid (m));
      row[COL_SCIM] = cell (roster_member_get_scim_extern_uid (m));
      if (roster_member_get_scim_active (m) == ROSTER_SCIM_ACTIVE_FALSE)
        {
          g_autofree char *plain = row[COL_SCIM];

          /* TRANSLATORS: a SCIM id followed by its state */
          row[COL_SCIM] = g_strdup_printf (_("%s (inactive)"), plain);
        }
      row[COL_STATUS] = status_text (m);

      for (guint c = 0; c < N_COLS; c++)
        widths[c] = MAX (widths[c], roster_text_width (row[c]));
      g_ptr_array_add (rows, row);
    }

  fit_widths (widths, width > separators ? width - separators : N_COLS);

  for (guint r = 0; r <= rows->len; r++)
    {
      const char * const *row = r == 0 ? headers : g_ptr_array_index (rows, r - 1);

      g_string_truncate (line, 0);
      for (guint c = 0; c < N_COLS; c++)
        {
          g_autofree char *text = c + 1 < N_COLS ? roster_text_pad (row[c], widths[c])
                                                 : roster_text_truncate (row[c], widths[c]);

          if (c > 0)
            g_string_append (line, "  ");
          g_string_append (line, text);
        }
      g_string_append (out, line->str);
      g_string_append_c (out, '\n');
    }

  roster_summary_compute (&summary, members);

  /* The summary: one sentence, then the counts by kind, wrapped to the width. */
  {
    g_autofree char *sentence =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "%u member (%u enterprise), %u with a problem, %u ok",
                                    "%u members (%u enterprise), %u with a problem, %u ok",
                                    summary.members),
                       summary.members, summary.enterprise, summary.problems, summary.ok);
    g_autofree char *cut = roster_text_truncate (sentence, width);

    g_string_append_c (out, '\n');
    g_string_append (out, cut);
    g_string_append_c (out, '\n');
  }

  for (guint k = 0; k < ROSTER_FINDING_N_KINDS; k++)
    {
      g_autofree char *item = NULL;
      g_autofree char *cut = NULL;

      if (summary.by_kind[k] == 0)
        continue;
      item = g_strdup_printf ("%s %u", roster_finding_kind_to_string (k), summary.by_kind[k]);
      cut = roster_text_truncate (item, width);
      if (counts->len > 0 && roster_text_width (counts->str) + 2 + roster_text_width (cut) > width)
        {
          g_string_append (out, counts->str);
          g_string_append_c (out, '\n');
          g_string_truncate (counts, 0);
        }
      if (counts->len > 0)
        g_string_append (counts, ", ");
      g_string_append (counts, cut);
    }
  if (counts->len > 0)
    {
      g_string_append (out, counts->str);
      g_string_append_c (out, '\n');
    }
}

static void
render (Sink                      *sink,
        GListModel                *members,
        RosterReportFormat         format,
        const RosterReportOptions *options)
{
  g_autoptr(GPtrArray) selected = select_members (members, options->problems_only);

  switch (format)
    {
    case ROSTER_REPORT_FORMAT_TABLE:
      render_table (sink->out, members, selected, options);
      break;
    case ROSTER_REPORT_FORMAT_CSV:
      render_csv (sink, selected);
      break;
    case ROSTER_REPORT_FORMAT_JSON:
      render_json (sink, members, selected, options);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * roster_report_render:
 * @members: a #GListModel of #RosterMember (a snapshot's model)
 * @format: the format
 * @options: the group and the options
 *
 * Returns: (transfer full): the whole report
 */
char *
roster_report_render (GListModel                *members,
                      RosterReportFormat         format,
                      const RosterReportOptions *options)
{
  Sink sink = { 0, };

  g_return_val_if_fail (G_IS_LIST_MODEL (members), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (format <= ROSTER_REPORT_FORMAT_JSON, NULL);

  sink.out = g_string_sized_new (4096);
  render (&sink, members, format, options);
  return g_string_free (sink.out, FALSE);
}

/**
 * roster_report_write:
 * @members: a #GListModel of #RosterMember
 * @format: the format
 * @options: the group and the options
 * @stream: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Like roster_report_render(), written to @stream in chunks (blocking).
 * Write to a temporary file first when a failure must leave no partial
 * report behind.
 *
 * Returns: %TRUE when everything was written
 */
gboolean
roster_report_write (GListModel                 *members,
                     RosterReportFormat          format,
                     const RosterReportOptions  *options,
                     GOutputStream              *stream,
                     GCancellable               *cancellable,
                     GError                    **error)
{
  Sink sink = { 0, };

  g_return_val_if_fail (G_IS_LIST_MODEL (members), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (format <= ROSTER_REPORT_FORMAT_JSON, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  sink.out = g_string_sized_new (SINK_CHUNK + 4096);
  sink.stream = stream;
  sink.cancellable = cancellable;
  render (&sink, members, format, options);
  sink_flush (&sink, TRUE);
  g_string_free (sink.out, TRUE);

  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  return TRUE;
}
