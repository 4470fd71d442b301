/* roster-window.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "roster-application.h"
#include "roster-member-detail.h"
#include "roster-member-list.h"
#include "roster-session.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_WINDOW (roster_window_get_type ())
G_DECLARE_FINAL_TYPE (RosterWindow, roster_window, ROSTER, WINDOW, AdwApplicationWindow)

GtkWidget          *roster_window_new               (RosterApplication *application);

void                roster_window_set_session       (RosterWindow      *self,
                                                     RosterSession     *session);
RosterSession      *roster_window_get_session       (RosterWindow      *self);
gboolean            roster_window_explore_sandbox   (RosterWindow      *self,
                                                     GError           **error);
void                roster_window_load_idp_export   (RosterWindow      *self,
                                                     GFile             *file);
void                roster_window_show_toast        (RosterWindow      *self,
                                                     const char        *text);

const char         *roster_window_get_page          (RosterWindow      *self);
RosterMemberList   *roster_window_get_member_list   (RosterWindow      *self);
RosterMemberDetail *roster_window_get_member_detail (RosterWindow      *self);
AdwLeaflet         *roster_window_get_leaflet       (RosterWindow      *self);

G_END_DECLS
