/* roster-request-log-window.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "roster-request-log.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_REQUEST_LOG_WINDOW (roster_request_log_window_get_type ())
G_DECLARE_FINAL_TYPE (RosterRequestLogWindow, roster_request_log_window, ROSTER, REQUEST_LOG_WINDOW, AdwWindow)

GtkWidget  *roster_request_log_window_new             (GtkWindow              *parent,
                                                       RosterRequestLog       *log);
void        roster_request_log_window_set_filter_text (RosterRequestLogWindow *self,
                                                       const char             *text);
guint       roster_request_log_window_get_n_visible   (RosterRequestLogWindow *self);
gboolean    roster_request_log_window_select          (RosterRequestLogWindow *self,
                                                       guint                   position);
char       *roster_request_log_window_dup_details     (RosterRequestLogWindow *self);
void        roster_request_log_window_export          (RosterRequestLogWindow *self,
                                                       GFile                  *file);

G_END_DECLS
