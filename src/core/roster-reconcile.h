/* roster-reconcile.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "roster-finding.h"
#include "roster-idp-import.h"
#include "roster-member.h"

G_BEGIN_DECLS

/* Pure reconciliation (design.md §3, §4): no I/O, no main loop, no globals.
 *
 * The input structs are deliberately small and borrow their strings, so that
 * any producer (the REST clients, the snapshot, a test table) can feed them
 * without converting to a shared type. */

/**
 * RosterUserInput:
 * @user_id: GitLab user id (> 0)
 * @username: (nullable): GitLab username
 * @name: (nullable): display name
 * @email: (nullable): primary email; GitLab only shows it to an Owner for
 *   enterprise users of the group (or to an admin)
 * @avatar_url: (nullable): avatar URL
 * @state: (nullable): "active", "blocked"…
 * @access_level: the member's access level (0 outside the members list)
 *
 * A user as the members API (or the enterprise-users API) describes it.
 */
typedef struct
{
  gint64      user_id;
  const char *username;
  const char *name;
  const char *email;
  const char *avatar_url;
  const char *state;
  int         access_level;
} RosterUserInput;

/**
 * RosterSamlIdentityInput:
 *
 * One row of `GET /groups/:id/saml/identities`.
 */
typedef struct
{
  gint64      user_id;
  const char *extern_uid;
} RosterSamlIdentityInput;

/**
 * RosterScimIdentityInput:
 *
 * One row of `GET /groups/:id/scim/identities`.
 */
typedef struct
{
  gint64      user_id;
  const char *extern_uid;
  gboolean    active;
} RosterScimIdentityInput;

/**
 * RosterReconcileInput:
 * @members: the group's current members (the members API, in its order)
 * @saml_identities: the group's SAML identities
 * @scim_identities: the group's SCIM identities, inactive ones included
 * @enterprise_users: (nullable): the enterprise users API's users, when it
 *   answered (@enterprise_known); they also give names and emails of users
 *   who hold an identity but are no longer members
 * @enterprise_known: %TRUE when @enterprise_users is the complete set; when
 *   %FALSE a member is taken for an enterprise user when GitLab showed their
 *   email (gitlab-api.md §3.4, fallback 2)
 * @other_users: (nullable): further user details (e.g. from the SCIM Users
 *   list) for users who hold an identity but are not members; never makes
 *   anyone a member or an enterprise user
 * @idp_export: (nullable): an imported IdP export for the three-way comparison
 * @existing: (nullable): finds the member object already shown for a user
 *   id; when it returns one, that object is updated in place (notifying only
 *   what changed) and returned instead of a new one. A user's input
 *   strings may be that user's own object's strings (each is compared
 *   before it is replaced), but never another user's.
 * @existing_data: data for @existing
 */
typedef struct
{
  const RosterUserInput         *members;
  gsize                          n_members;
  const RosterSamlIdentityInput *saml_identities;
  gsize                          n_saml_identities;
  const RosterScimIdentityInput *scim_identities;
  gsize                          n_scim_identities;
  const RosterUserInput         *enterprise_users;
  gsize                          n_enterprise_users;
  gboolean                       enterprise_known;
  const RosterUserInput         *other_users;
  gsize                          n_other_users;
  RosterIdpExport               *idp_export;
  RosterMember                *(*existing) (gint64   user_id,
                                           gpointer data);
  gpointer                       existing_data;
} RosterReconcileInput;

GPtrArray *roster_reconcile (const RosterReconcileInput *input);

/* The same in two steps: compute anywhere (a worker thread), apply on the
 * thread that owns the members, a user at a time. */
typedef struct _RosterReconcileResult RosterReconcileResult;

RosterReconcileResult *roster_reconcile_compute             (const RosterReconcileInput  *input);
guint                  roster_reconcile_result_get_n_users  (const RosterReconcileResult *result);
gint64                 roster_reconcile_result_get_user_id  (const RosterReconcileResult *result,
                                                             guint                        index);
RosterMember          *roster_reconcile_result_apply        (RosterReconcileResult       *result,
                                                             guint                        index,
                                                             RosterMember                *existing);
void                   roster_reconcile_result_free         (RosterReconcileResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterReconcileResult, roster_reconcile_result_free)

/**
 * RosterSummary:
 * @members: current members
 * @enterprise: current members who are enterprise users
 * @users: users in the report (members and identity holders)
 * @ok: users with no finding at all
 * @problems: users with a problem (a warning or an error)
 * @by_kind: number of findings of each #RosterFindingKind
 */
typedef struct
{
  guint members;
  guint enterprise;
  guint users;
  guint ok;
  guint problems;
  guint by_kind[ROSTER_FINDING_N_KINDS];
} RosterSummary;

void       roster_summary_clear   (RosterSummary *summary);
void       roster_summary_add     (RosterSummary *summary,
                                   RosterMember  *member);
void       roster_summary_compute (RosterSummary *summary,
                                   GListModel    *members);

G_END_DECLS
