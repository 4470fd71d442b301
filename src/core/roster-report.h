/* roster-report.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * RosterReportFormat:
 * @ROSTER_REPORT_FORMAT_TABLE: a plain-text table for a terminal of a given width
 * @ROSTER_REPORT_FORMAT_CSV: RFC 4180 CSV, one row per user
 * @ROSTER_REPORT_FORMAT_JSON: the JSON report of design.md §6, schema version 1
 */
typedef enum
{
  ROSTER_REPORT_FORMAT_TABLE,
  ROSTER_REPORT_FORMAT_CSV,
  ROSTER_REPORT_FORMAT_JSON,
} RosterReportFormat;

#define ROSTER_REPORT_SCHEMA_VERSION 1
#define ROSTER_REPORT_DEFAULT_WIDTH  100

/**
 * RosterReportOptions:
 * @instance_url: the instance ("https://gitlab.example.com")
 * @group_id: the group's numeric id
 * @group_path: the group's full path
 * @generated_at: (nullable): when the data was fetched (default: now)
 * @problems_only: list only users with a problem (the summary still counts
 *   everyone)
 * @width: terminal columns for the table (0: %ROSTER_REPORT_DEFAULT_WIDTH)
 */
typedef struct
{
  const char *instance_url;
  gint64      group_id;
  const char *group_path;
  GDateTime  *generated_at;
  gboolean    problems_only;
  guint       width;
} RosterReportOptions;

gboolean  roster_report_format_from_string (const char                *string,
                                            RosterReportFormat        *format);
char     *roster_report_render             (GListModel                *members,
                                            RosterReportFormat         format,
                                            const RosterReportOptions *options);
gboolean  roster_report_write              (GListModel                *members,
                                            RosterReportFormat         format,
                                            const RosterReportOptions *options,
                                            GOutputStream             *stream,
                                            GCancellable              *cancellable,
                                            GError                   **error);
char     *roster_report_render_csv_field   (const char                *value);

G_END_DECLS
