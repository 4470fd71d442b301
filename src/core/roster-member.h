/* roster-member.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "roster-finding.h"

G_BEGIN_DECLS

/**
 * RosterScimActive:
 * @ROSTER_SCIM_ACTIVE_UNKNOWN: no SCIM identity (or not known yet)
 * @ROSTER_SCIM_ACTIVE_FALSE: the SCIM identity is inactive (deprovisioned)
 * @ROSTER_SCIM_ACTIVE_TRUE: the SCIM identity is active
 */
typedef enum
{
  ROSTER_SCIM_ACTIVE_UNKNOWN,
  ROSTER_SCIM_ACTIVE_FALSE,
  ROSTER_SCIM_ACTIVE_TRUE,
} RosterScimActive;

#define ROSTER_TYPE_MEMBER (roster_member_get_type ())
G_DECLARE_FINAL_TYPE (RosterMember, roster_member, ROSTER, MEMBER, GObject)

RosterMember     *roster_member_new                  (gint64            user_id);

gint64            roster_member_get_user_id          (RosterMember     *self);
const char       *roster_member_get_username         (RosterMember     *self);
void              roster_member_set_username         (RosterMember     *self,
                                                      const char       *username);
const char       *roster_member_get_name             (RosterMember     *self);
void              roster_member_set_name             (RosterMember     *self,
                                                      const char       *name);
const char       *roster_member_get_email            (RosterMember     *self);
void              roster_member_set_email            (RosterMember     *self,
                                                      const char       *email);
const char       *roster_member_get_avatar_url       (RosterMember     *self);
void              roster_member_set_avatar_url       (RosterMember     *self,
                                                      const char       *avatar_url);
const char       *roster_member_get_state            (RosterMember     *self);
void              roster_member_set_state            (RosterMember     *self,
                                                      const char       *state);
int               roster_member_get_access_level     (RosterMember     *self);
void              roster_member_set_access_level     (RosterMember     *self,
                                                      int               access_level);
gboolean          roster_member_get_enterprise       (RosterMember     *self);
void              roster_member_set_enterprise       (RosterMember     *self,
                                                      gboolean          enterprise);
gboolean          roster_member_get_member           (RosterMember     *self);
void              roster_member_set_member           (RosterMember     *self,
                                                      gboolean          member);
const char       *roster_member_get_saml_extern_uid  (RosterMember     *self);
void              roster_member_set_saml_extern_uid  (RosterMember     *self,
                                                      const char       *extern_uid);
const char       *roster_member_get_scim_extern_uid  (RosterMember     *self);
void              roster_member_set_scim_extern_uid  (RosterMember     *self,
                                                      const char       *extern_uid);
RosterScimActive  roster_member_get_scim_active      (RosterMember     *self);
void              roster_member_set_scim_active      (RosterMember     *self,
                                                      RosterScimActive  active);
const char       *roster_member_get_idp_extern_uid   (RosterMember     *self);
void              roster_member_set_idp_extern_uid   (RosterMember     *self,
                                                      const char       *extern_uid);
GPtrArray        *roster_member_get_findings         (RosterMember     *self);
void              roster_member_set_findings         (RosterMember     *self,
                                                      GPtrArray        *findings);
guint             roster_member_get_n_findings       (RosterMember     *self);
RosterFinding    *roster_member_get_finding          (RosterMember     *self,
                                                      guint             position);
gboolean          roster_member_has_finding          (RosterMember     *self,
                                                      RosterFindingKind kind);

RosterSeverity    roster_member_get_worst_severity   (RosterMember     *self);
gboolean          roster_member_is_problem           (RosterMember     *self);
gboolean          roster_member_get_pending          (RosterMember     *self);
void              roster_member_set_pending          (RosterMember     *self,
                                                      gboolean          pending);
const char       *roster_member_get_search_key       (RosterMember     *self);
gboolean          roster_member_matches              (RosterMember     *self,
                                                      const char       *folded_query);
const char       *roster_member_get_display_name     (RosterMember     *self);

void              roster_member_update_from          (RosterMember     *self,
                                                      RosterMember     *other);

G_END_DECLS
