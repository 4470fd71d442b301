/* roster-snapshot.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "roster-gitlab-client.h"
#include "roster-gitlab-types.h"
#include "roster-idp-import.h"
#include "roster-member.h"
#include "roster-reconcile.h"

G_BEGIN_DECLS

/**
 * RosterSnapshotPhase:
 * @ROSTER_SNAPSHOT_PHASE_NONE: nothing fetched yet
 * @ROSTER_SNAPSHOT_PHASE_GROUP: resolving the group
 * @ROSTER_SNAPSHOT_PHASE_MEMBERS: reading the members (rows appear when done)
 * @ROSTER_SNAPSHOT_PHASE_IDENTITIES: reading SAML and SCIM identities
 * @ROSTER_SNAPSHOT_PHASE_ENTERPRISE: reading enterprise users
 * @ROSTER_SNAPSHOT_PHASE_RECONCILE: comparing
 * @ROSTER_SNAPSHOT_PHASE_DONE: loaded
 * @ROSTER_SNAPSHOT_PHASE_FAILED: stopped with an error (see #RosterSnapshot:error)
 */
typedef enum
{
  ROSTER_SNAPSHOT_PHASE_NONE,
  ROSTER_SNAPSHOT_PHASE_GROUP,
  ROSTER_SNAPSHOT_PHASE_MEMBERS,
  ROSTER_SNAPSHOT_PHASE_IDENTITIES,
  ROSTER_SNAPSHOT_PHASE_ENTERPRISE,
  ROSTER_SNAPSHOT_PHASE_RECONCILE,
  ROSTER_SNAPSHOT_PHASE_DONE,
  ROSTER_SNAPSHOT_PHASE_FAILED,
} RosterSnapshotPhase;

#define ROSTER_TYPE_SNAPSHOT (roster_snapshot_get_type ())
G_DECLARE_FINAL_TYPE (RosterSnapshot, roster_snapshot, ROSTER, SNAPSHOT, GObject)

RosterSnapshot       *roster_snapshot_new                  (const char          *instance_url,
                                                            gint64               group_id,
                                                            const char          *group_path);

const char           *roster_snapshot_get_instance_url     (RosterSnapshot      *self);
gint64                roster_snapshot_get_group_id         (RosterSnapshot      *self);
const char           *roster_snapshot_get_group_path       (RosterSnapshot      *self);
GDateTime            *roster_snapshot_get_fetched_at       (RosterSnapshot      *self);
GListModel           *roster_snapshot_get_model            (RosterSnapshot      *self);
RosterSnapshotPhase   roster_snapshot_get_phase            (RosterSnapshot      *self);
guint64               roster_snapshot_get_done             (RosterSnapshot      *self);
guint64               roster_snapshot_get_total            (RosterSnapshot      *self);
gboolean              roster_snapshot_get_loaded           (RosterSnapshot      *self);
const GError         *roster_snapshot_get_error            (RosterSnapshot      *self);
const RosterSummary  *roster_snapshot_get_summary          (RosterSnapshot      *self);
guint                 roster_snapshot_get_n_problems       (RosterSnapshot      *self);
gboolean              roster_snapshot_get_enterprise_known (RosterSnapshot      *self);
RosterIdpExport      *roster_snapshot_get_idp_export       (RosterSnapshot      *self);

RosterMember         *roster_snapshot_lookup               (RosterSnapshot      *self,
                                                            gint64               user_id);
RosterMember         *roster_snapshot_find_user            (RosterSnapshot      *self,
                                                            const char          *user);

/* Feeding: the loader (or a test) calls these as pieces arrive. */
void                  roster_snapshot_set_phase            (RosterSnapshot      *self,
                                                            RosterSnapshotPhase  phase,
                                                            guint64              done,
                                                            guint64              total);
void                  roster_snapshot_add_members          (RosterSnapshot      *self,
                                                            GPtrArray           *members);
RosterMember         *roster_snapshot_member_row_new       (const RosterGitlabMember *member);
void                  roster_snapshot_add_rows             (RosterSnapshot      *self,
                                                            GPtrArray           *rows);
void                  roster_snapshot_set_identities       (RosterSnapshot      *self,
                                                            RosterIdentityKind   kind,
                                                            GPtrArray           *identities);
/* An identity list read straight into the snapshot's compact form. */
typedef struct _RosterIdentityRecords RosterIdentityRecords;

RosterIdentityRecords *roster_identity_records_new         (RosterIdentityKind   kind);
void                  roster_identity_records_add          (const char          *extern_uid,
                                                            gint64               user_id,
                                                            gboolean             active,
                                                            gpointer             records);
void                  roster_identity_records_free         (RosterIdentityRecords *records);
void                  roster_snapshot_take_identities      (RosterSnapshot      *self,
                                                            RosterIdentityRecords *records);
void                  roster_snapshot_set_enterprise_users (RosterSnapshot      *self,
                                                            GPtrArray           *users,
                                                            gboolean             available);
/* Enterprise users mapped page by page into the snapshot's compact form. */
typedef struct _RosterEnterpriseRecords RosterEnterpriseRecords;

RosterEnterpriseRecords *roster_enterprise_records_new     (void);
gpointer              roster_enterprise_records_map        (gconstpointer        item,
                                                            gpointer             records);
void                  roster_enterprise_records_free       (RosterEnterpriseRecords *records);
void                  roster_snapshot_take_enterprise_users (RosterSnapshot     *self,
                                                            RosterEnterpriseRecords *records,
                                                            GPtrArray           *users,
                                                            gboolean             available);
void                  roster_snapshot_set_idp_export       (RosterSnapshot      *self,
                                                            RosterIdpExport     *idp_export);
void                  roster_snapshot_finish               (RosterSnapshot      *self);
void                  roster_snapshot_fail                 (RosterSnapshot      *self,
                                                            const GError        *error);
void                  roster_snapshot_reconcile            (RosterSnapshot      *self);

/* Reconciling in the background: a worker thread compares, the rows are
 * updated a slice per main loop turn. */
void                  roster_snapshot_set_background_reconcile (RosterSnapshot  *self,
                                                            gboolean             background);
gboolean              roster_snapshot_get_reconciling      (RosterSnapshot      *self);
void                  roster_snapshot_complete_async       (RosterSnapshot      *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              roster_snapshot_complete_finish      (RosterSnapshot      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* Loading through the REST API. */
void                  roster_snapshot_load_async           (RosterSnapshot      *self,
                                                            RosterGitlabClient  *client,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              roster_snapshot_load_finish          (RosterSnapshot      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterIdentityRecords, roster_identity_records_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterEnterpriseRecords, roster_enterprise_records_free)

G_END_DECLS
