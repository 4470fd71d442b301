/* roster-member-list.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "roster-member.h"
#include "roster-member-counts.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_MEMBER_LIST (roster_member_list_get_type ())
G_DECLARE_FINAL_TYPE (RosterMemberList, roster_member_list, ROSTER, MEMBER_LIST, AdwBin)

GtkWidget            *roster_member_list_new             (void);
void                  roster_member_list_set_model       (RosterMemberList     *self,
                                                          GListModel           *members);
GListModel           *roster_member_list_get_model       (RosterMemberList     *self);
void                  roster_member_list_set_loading     (RosterMemberList     *self,
                                                          gboolean              loading);
gboolean              roster_member_list_get_loading     (RosterMemberList     *self);
void                  roster_member_list_set_progress    (RosterMemberList     *self,
                                                          const char           *text,
                                                          double                fraction);
void                  roster_member_list_invalidate      (RosterMemberList     *self);

void                  roster_member_list_set_category    (RosterMemberList     *self,
                                                          RosterMemberCategory  category);
RosterMemberCategory  roster_member_list_get_category    (RosterMemberList     *self);
void                  roster_member_list_set_search_text (RosterMemberList     *self,
                                                          const char           *text);
GtkEditable          *roster_member_list_get_search_entry (RosterMemberList    *self);

guint                 roster_member_list_get_count       (RosterMemberList     *self,
                                                          RosterMemberCategory  category);
const RosterMemberCounts *roster_member_list_get_counts  (RosterMemberList     *self);
const char           *roster_member_list_get_summary     (RosterMemberList     *self);
guint                 roster_member_list_get_n_visible   (RosterMemberList     *self);
GListModel           *roster_member_list_get_visible_model (RosterMemberList   *self);
gboolean              roster_member_list_is_busy         (RosterMemberList     *self);
const char           *roster_member_list_get_state       (RosterMemberList     *self);

RosterMember         *roster_member_list_get_selected    (RosterMemberList     *self);
gboolean              roster_member_list_select_position (RosterMemberList     *self,
                                                          guint                 position);
void                  roster_member_list_select_user     (RosterMemberList     *self,
                                                          gint64                user_id);
void                  roster_member_list_set_compact     (RosterMemberList     *self,
                                                          gboolean              compact);
GtkColumnView        *roster_member_list_get_column_view (RosterMemberList     *self);

G_END_DECLS
