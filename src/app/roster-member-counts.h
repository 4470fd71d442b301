/* roster-member-counts.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "roster-member.h"

G_BEGIN_DECLS

/**
 * RosterMemberCategory:
 * @ROSTER_MEMBER_CATEGORY_ALL: everyone in the snapshot
 * @ROSTER_MEMBER_CATEGORY_PROBLEMS: users with a warning or an error
 * @ROSTER_MEMBER_CATEGORY_ENTERPRISE: enterprise users
 * @ROSTER_MEMBER_CATEGORY_DEPROVISIONED: users whose SCIM identity is inactive
 *
 * The filters of the member list.
 */
typedef enum
{
  ROSTER_MEMBER_CATEGORY_ALL,
  ROSTER_MEMBER_CATEGORY_PROBLEMS,
  ROSTER_MEMBER_CATEGORY_ENTERPRISE,
  ROSTER_MEMBER_CATEGORY_DEPROVISIONED,
} RosterMemberCategory;

#define ROSTER_MEMBER_N_CATEGORIES 4

/**
 * RosterMemberCounts:
 * @categories: users in each #RosterMemberCategory
 * @cannot_sign_in: users whose identities disagree (SAML/SCIM, case, IdP)
 * @not_linked: users with a SCIM identity and no SAML identity
 * @still_member: deprovisioned users who are still members
 * @unmanaged: users with a SAML identity and no SCIM identity
 * @shared: users holding a value another user holds too
 * @orphaned: active SCIM identities of users who are not members
 */
typedef struct
{
  guint categories[ROSTER_MEMBER_N_CATEGORIES];
  guint cannot_sign_in;
  guint not_linked;
  guint still_member;
  guint unmanaged;
  guint shared;
  guint orphaned;
  guint pending;        /* listed, not compared yet (roster_member_get_pending()) */
} RosterMemberCounts;

gboolean    roster_member_in_category    (RosterMember             *member,
                                          RosterMemberCategory      category);
void        roster_member_counts_add     (RosterMemberCounts       *counts,
                                          RosterMember             *member);
char       *roster_member_counts_summary (const RosterMemberCounts *counts);

const char *roster_member_category_title (RosterMemberCategory      category);
const char *roster_access_level_to_label (int                       access_level);
const char *roster_member_role_label     (RosterMember             *member);
const char *roster_member_status_icon    (RosterMember             *member);
char       *roster_member_status_text    (RosterMember             *member);

G_END_DECLS
