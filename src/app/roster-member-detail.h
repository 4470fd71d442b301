/* roster-member-detail.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "roster-identity-view.h"
#include "roster-member.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_MEMBER_DETAIL (roster_member_detail_get_type ())
G_DECLARE_FINAL_TYPE (RosterMemberDetail, roster_member_detail, ROSTER, MEMBER_DETAIL, AdwBin)

GtkWidget          *roster_member_detail_new               (void);
void                roster_member_detail_set_member        (RosterMemberDetail *self,
                                                            RosterMember       *member);
RosterMember       *roster_member_detail_get_member        (RosterMemberDetail *self);
void                roster_member_detail_set_context       (RosterMemberDetail *self,
                                                            const char         *instance_url,
                                                            const char         *group_path,
                                                            gint64              group_id);
void                roster_member_detail_set_show_idp      (RosterMemberDetail *self,
                                                            gboolean            show_idp);
RosterIdentityView *roster_member_detail_get_identity_view (RosterMemberDetail *self);
guint               roster_member_detail_get_n_findings_shown (RosterMemberDetail *self);

G_END_DECLS
