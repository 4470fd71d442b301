/* roster-snapshot.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-snapshot"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-enums.h"
#include "roster-error.h"
#include "roster-member-private.h"
#include "roster-snapshot.h"
#include "roster-text.h"

/* Everything fetched for one group at one moment (design.md §3).
 *
 * It fills progressively: the members become rows as soon as they arrive
 * (one g_list_store_splice(), so 100 000 rows cost one items-changed), the
 * findings follow once both identity lists are there, and are refreshed when
 * the enterprise users or an IdP export arrive. Rows are never replaced:
 * a later reconcile updates the existing RosterMember objects in place, so
 * bound list rows just see property notifications. A refresh builds a NEW
 * snapshot and the owner swaps it in when it is loaded; a snapshot never goes
 * back to the server by itself. */

struct _RosterSnapshot
{
  GObject              parent_instance;

  char                *instance_url;
  char                *group_path;
  gint64               group_id;
  GDateTime           *fetched_at;

  GListStore          *store;          /* of RosterMember */
  GHashTable          *by_id;          /* user id (as pointer) -> RosterMember (borrowed) */

  GPtrArray           *members;        /* of RosterGitlabMember */
  GPtrArray           *saml;           /* of RosterGitlabIdentity, NULL until set */
  GPtrArray           *scim;           /* of RosterGitlabIdentity, NULL until set */
  GPtrArray           *enterprise;     /* of RosterGitlabEnterpriseUser */
  gboolean             enterprise_known;
  RosterIdpExport     *idp_export;

  RosterSnapshotPhase  phase;
  guint64              done;
  guint64              total;
  gboolean             loaded;
  gboolean             reconciled;
  gboolean             dirty;           /* fed since the last reconcile */
  GError              *error;
  RosterSummary        summary;
};

G_DEFINE_FINAL_TYPE (RosterSnapshot, roster_snapshot, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_PHASE,
  PROP_DONE,
  PROP_TOTAL,
  PROP_LOADED,
  PROP_ERROR,
  PROP_N_USERS,
  PROP_N_MEMBERS,
  PROP_N_PROBLEMS,
  N_PROPS
};

enum
{
  SUMMARY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GitLab user ids are positive and far below 2^63: on the 64-bit systems
 * Roster runs on they fit a pointer, which spares 100 000 key allocations. */
#define ID_KEY(id) ((gpointer) (gsize) (id))

static void
roster_snapshot_finalize (GObject *object)
{
  RosterSnapshot *self = (RosterSnapshot *) object;

  g_free (self->instance_url);
  g_free (self->group_path);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->saml, g_ptr_array_unref);
  g_clear_pointer (&self->scim, g_ptr_array_unref);
  g_clear_pointer (&self->enterprise, g_ptr_array_unref);
  g_clear_pointer (&self->idp_export, roster_idp_export_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (roster_snapshot_parent_class)->finalize (object);
}

static void
roster_snapshot_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RosterSnapshot *self = ROSTER_SNAPSHOT (object);

  switch (prop_id)
    {
    case PROP_MODEL:      g_value_set_object (value, self->store); break;
    case PROP_PHASE:      g_value_set_enum (value, self->phase); break;
    case PROP_DONE:       g_value_set_uint64 (value, self->done); break;
    case PROP_TOTAL:      g_value_set_uint64 (value, self->total); break;
    case PROP_LOADED:     g_value_set_boolean (value, self->loaded); break;
    case PROP_ERROR:      g_value_set_boxed (value, self->error); break;
    case PROP_N_USERS:    g_value_set_uint (value, self->summary.users); break;
    case PROP_N_MEMBERS:  g_value_set_uint (value, self->summary.members); break;
    case PROP_N_PROBLEMS: g_value_set_uint (value, self->summary.problems); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_snapshot_class_init (RosterSnapshotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = roster_snapshot_finalize;
  object_class->get_property = roster_snapshot_get_property;

  /* A GListModel of RosterMember: members first, then users who only hold
   * an identity (deprovisioned…). */
  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, ROSTER_TYPE_SNAPSHOT_PHASE, ROSTER_SNAPSHOT_PHASE_NONE, ro);
  properties[PROP_DONE] = g_param_spec_uint64 ("done", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  /* 0 while unknown. */
  properties[PROP_TOTAL] = g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_N_USERS] = g_param_spec_uint ("n-users", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_MEMBERS] = g_param_spec_uint ("n-members", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_PROBLEMS] = g_param_spec_uint ("n-problems", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after every reconcile: roster_snapshot_get_summary() changed. */
  signals[SUMMARY_CHANGED] =
    g_signal_new ("summary-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
roster_snapshot_init (RosterSnapshot *self)
{
  self->store = g_list_store_new (ROSTER_TYPE_MEMBER);
  self->by_id = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_gitlab_member_unref);
  self->fetched_at = g_date_time_new_now_utc ();
}

/**
 * roster_snapshot_new:
 * @instance_url: the instance ("https://gitlab.com")
 * @group_id: the top-level group's id
 * @group_path: its full path
 *
 * Returns: (transfer full): an empty snapshot, to fill with the feeding API
 */
RosterSnapshot *
roster_snapshot_new (const char *instance_url,
                     gint64      group_id,
                     const char *group_path)
{
  RosterSnapshot *self;

  g_return_val_if_fail (instance_url != NULL, NULL);
  g_return_val_if_fail (group_path != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_SNAPSHOT, NULL);
  self->instance_url = g_strdup (instance_url);
  self->group_id = group_id;
  self->group_path = g_strdup (group_path);
  return self;
}

const char *
roster_snapshot_get_instance_url (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), NULL);
  return self->instance_url;
}

gint64
roster_snapshot_get_group_id (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), 0);
  return self->group_id;
}

const char *
roster_snapshot_get_group_path (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), NULL);
  return self->group_path;
}

/**
 * roster_snapshot_get_fetched_at:
 *
 * Returns: (transfer none): when the snapshot was started (UTC)
 */
GDateTime *
roster_snapshot_get_fetched_at (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), NULL);
  return self->fetched_at;
}

/**
 * roster_snapshot_get_model:
 *
 * Returns: (transfer none): a #GListModel of #RosterMember
 */
GListModel *
roster_snapshot_get_model (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), NULL);
  return G_LIST_MODEL (self->store);
}

RosterSnapshotPhase
roster_snapshot_get_phase (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), ROSTER_SNAPSHOT_PHASE_NONE);
  return self->phase;
}

guint64
roster_snapshot_get_done (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), 0);
  return self->done;
}

guint64
roster_snapshot_get_total (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), 0);
  return self->total;
}

/**
 * roster_snapshot_get_loaded:
 *
 * Returns: %TRUE once everything was fetched and reconciled
 */
gboolean
roster_snapshot_get_loaded (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), FALSE);
  return self->loaded;
}

/**
 * roster_snapshot_get_error:
 *
 * Returns: (transfer none) (nullable): why loading stopped
 */
const GError *
roster_snapshot_get_error (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), NULL);
  return self->error;
}

/**
 * roster_snapshot_get_summary:
 *
 * Returns: (transfer none): the counts of the last reconcile (all zero
 *   before the first)
 */
const RosterSummary *
roster_snapshot_get_summary (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), NULL);
  return &self->summary;
}

guint
roster_snapshot_get_n_problems (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), 0);
  return self->summary.problems;
}

/**
 * roster_snapshot_get_enterprise_known:
 *
 * Returns: %TRUE when the enterprise users API answered (else the badge
 *   comes from the members' visible emails)
 */
gboolean
roster_snapshot_get_enterprise_known (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), FALSE);
  return self->enterprise_known;
}

/**
 * roster_snapshot_get_idp_export:
 *
 * Returns: (transfer none) (nullable): the IdP export compared against
 */
RosterIdpExport *
roster_snapshot_get_idp_export (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), NULL);
  return self->idp_export;
}

/**
 * roster_snapshot_lookup:
 *
 * Returns: (transfer none) (nullable): the row of @user_id
 */
RosterMember *
roster_snapshot_lookup (RosterSnapshot *self,
                        gint64          user_id)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), NULL);
  return g_hash_table_lookup (self->by_id, ID_KEY (user_id));
}

static gboolean
is_number (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/**
 * roster_snapshot_find_user:
 * @user: a username (with or without "@"), a numeric user id, or an
 *   extern_uid the user holds now (design.md §6, USER)
 *
 * Usernames are compared ignoring case; a SAML value exactly, a SCIM value
 * ignoring case (as GitLab looks them up).
 *
 * Returns: (transfer none) (nullable): the row
 */
RosterMember *
roster_snapshot_find_user (RosterSnapshot *self,
                           const char     *user)
{
  guint n;
  RosterMember *by_scim = NULL;

  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  if (is_number (user))
    {
      RosterMember *member = roster_snapshot_lookup (self, g_ascii_strtoll (user, NULL, 10));

      if (member != NULL)
        return member;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(RosterMember) member = g_list_model_get_item (G_LIST_MODEL (self->store), i);
        const char *username = roster_member_get_username (member);
        const char *wanted = user[0] == '@' ? user + 1 : user;

        if (pass == 0 && username != NULL && g_ascii_strcasecmp (username, wanted) == 0)
          return member;
        if (pass == 1 && g_strcmp0 (roster_member_get_saml_extern_uid (member), user) == 0)
          return member;
        if (pass == 1 && by_scim == NULL &&
            roster_text_equal_folded (roster_member_get_scim_extern_uid (member), user))
          by_scim = member;
      }

  return by_scim;
}

/* ---- feeding ---- */

static void
set_phase (RosterSnapshot      *self,
           RosterSnapshotPhase  phase,
           guint64              done,
           guint64              total)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->phase != phase)
    {
      self->phase = phase;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
  if (self->done != done)
    {
      self->done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * roster_snapshot_set_phase:
 * @phase: what is being fetched
 * @done: items fetched so far in this phase
 * @total: items expected, 0 when unknown
 *
 * Progress, for the loading view.
 */
void
roster_snapshot_set_phase (RosterSnapshot      *self,
                           RosterSnapshotPhase  phase,
                           guint64              done,
                           guint64              total)
{
  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (!self->loaded);

  set_phase (self, phase, done, total);
}

/**
 * roster_snapshot_add_members:
 * @members: (element-type RosterGitlabMember): members, from the members API
 *
 * Adds rows for @members at once (one splice). Users already present are
 * skipped. Until the identity lists arrive, a row shows the identities
 * embedded in the member (recent GitLab) and has no findings.
 */
void
roster_snapshot_add_members (RosterSnapshot *self,
                             GPtrArray      *members)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (members != NULL);

  rows = g_ptr_array_new_full (members->len, g_object_unref);

  for (guint i = 0; i < members->len; i++)
    {
      RosterGitlabMember *m = g_ptr_array_index (members, i);
      RosterMember *row;

      if (g_hash_table_contains (self->by_id, ID_KEY (m->id)))
        continue;

      g_ptr_array_add (self->members, roster_gitlab_member_ref (m));
      row = g_object_new (ROSTER_TYPE_MEMBER, NULL);
      _roster_member_fill (row, m->id, m->username, m->name,
                           m->email_presence == ROSTER_PRESENCE_SET ? m->email : NULL,
                           m->avatar_url, m->state, m->access_level,
                           m->email_presence == ROSTER_PRESENCE_SET,
                           TRUE,
                           m->saml_identity ? m->saml_identity->extern_uid : NULL,
                           m->scim_identity ? m->scim_identity->extern_uid : NULL,
                           m->scim_identity == NULL ? ROSTER_SCIM_ACTIVE_UNKNOWN
                             : m->scim_identity->active ? ROSTER_SCIM_ACTIVE_TRUE
                                                        : ROSTER_SCIM_ACTIVE_FALSE,
                           NULL, NULL);
      g_hash_table_insert (self->by_id, ID_KEY (m->id), row);
      g_ptr_array_add (rows, row);
    }

  if (rows->len > 0)
    {
      self->dirty = TRUE;
      g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                           rows->pdata, rows->len);
    }
}

static gboolean
identities_ready (RosterSnapshot *self)
{
  return self->saml != NULL && self->scim != NULL;
}

/**
 * roster_snapshot_set_identities:
 * @kind: SAML or SCIM
 * @identities: (element-type RosterGitlabIdentity): the group's whole list
 *
 * Once both lists are there, the findings appear.
 */
void
roster_snapshot_set_identities (RosterSnapshot     *self,
                                RosterIdentityKind  kind,
                                GPtrArray          *identities)
{
  GPtrArray **slot;

  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (identities != NULL);

  slot = kind == ROSTER_IDENTITY_SAML ? &self->saml : &self->scim;
  g_clear_pointer (slot, g_ptr_array_unref);
  *slot = g_ptr_array_ref (identities);
  self->dirty = TRUE;

  if (identities_ready (self))
    roster_snapshot_reconcile (self);
}

/**
 * roster_snapshot_set_enterprise_users:
 * @users: (nullable) (element-type RosterGitlabEnterpriseUser): the
 *   enterprise users
 * @available: %FALSE when the API is not there (GitLab before 17.7, or not
 *   GitLab.com): the badge then falls back to visible emails
 */
void
roster_snapshot_set_enterprise_users (RosterSnapshot *self,
                                      GPtrArray      *users,
                                      gboolean        available)
{
  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));

  g_clear_pointer (&self->enterprise, g_ptr_array_unref);
  if (users != NULL)
    self->enterprise = g_ptr_array_ref (users);
  self->enterprise_known = available && users != NULL;
  self->dirty = TRUE;

  if (self->reconciled)
    roster_snapshot_reconcile (self);
}

/**
 * roster_snapshot_set_idp_export:
 * @idp_export: (nullable): an IdP export for the three-way comparison
 */
void
roster_snapshot_set_idp_export (RosterSnapshot  *self,
                                RosterIdpExport *idp_export)
{
  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));

  if (self->idp_export == idp_export)
    return;
  g_clear_pointer (&self->idp_export, roster_idp_export_unref);
  if (idp_export != NULL)
    self->idp_export = roster_idp_export_ref (idp_export);
  self->dirty = TRUE;

  if (self->reconciled)
    roster_snapshot_reconcile (self);
}

static void
user_input_from_member (RosterUserInput          *input,
                        const RosterGitlabMember *m)
{
  input->user_id = m->id;
  input->username = m->username;
  input->name = m->name;
  input->email = m->email_presence == ROSTER_PRESENCE_SET ? m->email : NULL;
  input->avatar_url = m->avatar_url;
  input->state = m->state;
  input->access_level = m->access_level;
}

/**
 * roster_snapshot_reconcile:
 *
 * Compares what is there now and updates the rows in place; new users (who
 * only hold an identity) are appended with one splice. Called by the feeding
 * functions; call it yourself after changing a row by hand.
 */
void
roster_snapshot_reconcile (RosterSnapshot *self)
{
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) saml = NULL;
  g_autoptr(GArray) scim = NULL;
  g_autoptr(GArray) enterprise = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GPtrArray) added = NULL;
  RosterReconcileInput input = { 0, };
  RosterSummary summary;
  guint old_problems = self->summary.problems;
  guint old_users = self->summary.users;
  guint old_members = self->summary.members;

  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));

  members = g_array_sized_new (FALSE, TRUE, sizeof (RosterUserInput), self->members->len);
  saml = g_array_new (FALSE, TRUE, sizeof (RosterSamlIdentityInput));
  scim = g_array_new (FALSE, TRUE, sizeof (RosterScimIdentityInput));
  enterprise = g_array_new (FALSE, TRUE, sizeof (RosterUserInput));

  for (guint i = 0; i < self->members->len; i++)
    {
      const RosterGitlabMember *m = g_ptr_array_index (self->members, i);
      RosterUserInput u;

      user_input_from_member (&u, m);
      g_array_append_val (members, u);

      /* Without the group lists, fall back to what each member carries. */
      if (self->saml == NULL && m->saml_identity != NULL)
        {
          RosterSamlIdentityInput s = { m->id, m->saml_identity->extern_uid };

          g_array_append_val (saml, s);
        }
      if (self->scim == NULL && m->scim_identity != NULL)
        {
          RosterScimIdentityInput c = { m->id, m->scim_identity->extern_uid, m->scim_identity->active };

          g_array_append_val (scim, c);
        }
    }

  for (guint i = 0; self->saml != NULL && i < self->saml->len; i++)
    {
      const RosterGitlabIdentity *id = g_ptr_array_index (self->saml, i);
      RosterSamlIdentityInput s = { id->user_id, id->extern_uid };

      g_array_append_val (saml, s);
    }
  for (guint i = 0; self->scim != NULL && i < self->scim->len; i++)
    {
      const RosterGitlabIdentity *id = g_ptr_array_index (self->scim, i);
      RosterScimIdentityInput c = { id->user_id, id->extern_uid, id->active };

      g_array_append_val (scim, c);
    }
  for (guint i = 0; self->enterprise != NULL && i < self->enterprise->len; i++)
    {
      const RosterGitlabEnterpriseUser *e = g_ptr_array_index (self->enterprise, i);
      RosterUserInput u = { e->id, e->username, e->name, e->email, NULL, e->state, 0 };

      g_array_append_val (enterprise, u);
    }

  input.members = (const RosterUserInput *) members->data;
  input.n_members = members->len;
  input.saml_identities = (const RosterSamlIdentityInput *) saml->data;
  input.n_saml_identities = saml->len;
  input.scim_identities = (const RosterScimIdentityInput *) scim->data;
  input.n_scim_identities = scim->len;
  /* Enterprise users describe users who left the group, even when the
   * badge cannot rely on them. */
  input.enterprise_users = (const RosterUserInput *) enterprise->data;
  input.n_enterprise_users = enterprise->len;
  input.enterprise_known = self->enterprise_known;
  input.idp_export = self->idp_export;

  result = roster_reconcile (&input);
  added = g_ptr_array_new_with_free_func (g_object_unref);
  roster_summary_clear (&summary);

  for (guint i = 0; i < result->len; i++)
    {
      RosterMember *fresh = g_ptr_array_index (result, i);
      RosterMember *row = roster_snapshot_lookup (self, roster_member_get_user_id (fresh));

      if (row != NULL)
        roster_member_update_from (row, fresh);
      else
        {
          row = g_object_ref (fresh);
          g_hash_table_insert (self->by_id, ID_KEY (roster_member_get_user_id (row)), row);
          g_ptr_array_add (added, row);
        }
      roster_summary_add (&summary, row);
    }

  if (added->len > 0)
    g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                         added->pdata, added->len);

  self->summary = summary;
  self->reconciled = TRUE;
  self->dirty = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  if (old_problems != summary.problems)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
  if (old_users != summary.users)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_USERS]);
  if (old_members != summary.members)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MEMBERS]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[SUMMARY_CHANGED], 0);
}

/**
 * roster_snapshot_finish:
 *
 * Everything has been fed: reconciles (with the members' own identities
 * where a list is missing) and marks the snapshot loaded.
 */
void
roster_snapshot_finish (RosterSnapshot *self)
{
  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (!self->loaded);

  set_phase (self, ROSTER_SNAPSHOT_PHASE_RECONCILE, 0, 0);
  if (self->dirty || !self->reconciled)
    roster_snapshot_reconcile (self);
  set_phase (self, ROSTER_SNAPSHOT_PHASE_DONE, self->summary.users, self->summary.users);
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/**
 * roster_snapshot_fail:
 * @error: why loading stopped
 *
 * Marks the snapshot failed. Rows already there stay (the owner decides
 * whether to show them).
 */
void
roster_snapshot_fail (RosterSnapshot *self,
                      const GError   *error)
{
  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (error != NULL);

  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  set_phase (self, ROSTER_SNAPSHOT_PHASE_FAILED, self->done, self->total);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* ---- loading ---- */

typedef struct
{
  RosterSnapshot     *snapshot;
  RosterGitlabClient *client;
  GCancellable       *cancellable;   /* ours: cancelled on the first error */
  GCancellable       *outer;         /* the caller's */
  gulong              outer_id;
  guint               pending;
  GPtrArray          *members;
  GPtrArray          *saml;
  GPtrArray          *scim;
  GPtrArray          *enterprise;
  gboolean            enterprise_done;
  gboolean            enterprise_available;
  guint64             enterprise_seen;
  guint64             enterprise_total;
  gboolean            members_fed;
  gboolean            identities_fed;
  gboolean            enterprise_fed;
  GError             *error;
} Load;

static void
load_free (Load *load)
{
  if (load->outer_id != 0)
    g_cancellable_disconnect (load->outer, load->outer_id);
  g_clear_object (&load->outer);
  g_clear_object (&load->cancellable);
  g_clear_object (&load->client);
  g_clear_object (&load->snapshot);
  g_clear_pointer (&load->members, g_ptr_array_unref);
  g_clear_pointer (&load->saml, g_ptr_array_unref);
  g_clear_pointer (&load->scim, g_ptr_array_unref);
  g_clear_pointer (&load->enterprise, g_ptr_array_unref);
  g_clear_error (&load->error);
  g_free (load);
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static void
load_set_error (Load   *load,
                GError *error)
{
  /* Keep the first real error; the cancellations it causes are noise. */
  if (load->error == NULL ||
      (g_error_matches (load->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
       !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_clear_error (&load->error);
      load->error = error;
    }
  else
    g_error_free (error);
  g_cancellable_cancel (load->cancellable);
}

/* Feed what arrived, in order: members, identities, enterprise users. */
static void
load_feed (GTask *task)
{
  Load *load = g_task_get_task_data (task);
  RosterSnapshot *self = load->snapshot;

  if (load->error != NULL)
    return;

  if (!load->members_fed && load->members != NULL)
    {
      roster_snapshot_add_members (self, load->members);
      load->members_fed = TRUE;
    }
  if (load->members_fed && !load->identities_fed && load->saml != NULL && load->scim != NULL)
    {
      roster_snapshot_set_identities (self, ROSTER_IDENTITY_SAML, load->saml);
      roster_snapshot_set_identities (self, ROSTER_IDENTITY_SCIM, load->scim);
      load->identities_fed = TRUE;
    }
  if (load->identities_fed && !load->enterprise_fed && load->enterprise_done)
    {
      roster_snapshot_set_enterprise_users (self, load->enterprise, load->enterprise_available);
      load->enterprise_fed = TRUE;
    }

  if (load->members_fed && !load->identities_fed)
    set_phase (self, ROSTER_SNAPSHOT_PHASE_IDENTITIES, 0, 0);
  else if (load->identities_fed && !load->enterprise_fed)
    set_phase (self, ROSTER_SNAPSHOT_PHASE_ENTERPRISE, load->enterprise_seen, load->enterprise_total);
}

static void
load_step_done (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  g_assert (load->pending > 0);
  load->pending--;
  load_feed (task);

  if (load->pending > 0)
    return;

  if (load->error != NULL)
    {
      roster_snapshot_fail (load->snapshot, load->error);
      g_task_return_error (task, g_steal_pointer (&load->error));
    }
  else
    {
      roster_snapshot_finish (load->snapshot);
      g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

static void
members_progress_cb (guint64  done,
                     guint64  total,
                     gpointer user_data)
{
  Load *load = user_data;

  if (!load->members_fed && load->error == NULL)
    set_phase (load->snapshot, ROSTER_SNAPSHOT_PHASE_MEMBERS, done, total);
}

static void
enterprise_progress_cb (guint64  done,
                        guint64  total,
                        gpointer user_data)
{
  Load *load = user_data;

  load->enterprise_seen = done;
  load->enterprise_total = total;
  if (load->identities_fed && !load->enterprise_fed && load->error == NULL)
    set_phase (load->snapshot, ROSTER_SNAPSHOT_PHASE_ENTERPRISE, done, total);
}

static void
members_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  GError *error = NULL;

  load->members = roster_gitlab_client_list_members_finish (ROSTER_GITLAB_CLIENT (object), result, &error);
  if (load->members == NULL)
    load_set_error (load, error);
  load_step_done (task);
}

static void
identities_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data,
               GPtrArray   **slot)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  GError *error = NULL;

  *slot = roster_gitlab_client_list_identities_finish (ROSTER_GITLAB_CLIENT (object), result, &error);
  if (*slot == NULL)
    load_set_error (load, error);
  load_step_done (task);
}

static void
saml_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Load *load = g_task_get_task_data (G_TASK (user_data));

  identities_cb (object, result, user_data, &load->saml);
}

static void
scim_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Load *load = g_task_get_task_data (G_TASK (user_data));

  identities_cb (object, result, user_data, &load->scim);
}

static void
enterprise_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean available = FALSE;

  load->enterprise = roster_gitlab_client_list_enterprise_users_finish (ROSTER_GITLAB_CLIENT (object),
                                                                        result, &available, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    load_set_error (load, error);
  else if (error != NULL)
    {
      /* Not fatal: the badge falls back to visible emails. */
      g_debug ("Enterprise users unavailable: %s", error->message);
      g_error_free (error);
      available = FALSE;
    }
  load->enterprise_available = available && load->enterprise != NULL;
  load->enterprise_done = TRUE;
  load_step_done (task);
}

static void
load_fetch (GTask *task)
{
  Load *load = g_task_get_task_data (task);
  gint64 group_id = load->snapshot->group_id;

  /* Everything at once; fed in order as it arrives. */
  load->pending = 4;
  set_phase (load->snapshot, ROSTER_SNAPSHOT_PHASE_MEMBERS, 0, 0);
  roster_gitlab_client_list_members_async (load->client, group_id,
                                           members_progress_cb, load, NULL,
                                           load->cancellable, members_cb, task);
  roster_gitlab_client_list_identities_async (load->client, group_id, ROSTER_IDENTITY_SAML,
                                              load->cancellable, saml_cb, task);
  roster_gitlab_client_list_identities_async (load->client, group_id, ROSTER_IDENTITY_SCIM,
                                              load->cancellable, scim_cb, task);
  roster_gitlab_client_list_enterprise_users_async (load->client, group_id,
                                                    enterprise_progress_cb, load, NULL,
                                                    load->cancellable, enterprise_cb, task);
}

static void
group_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(RosterGitlabGroup) group = NULL;
  GError *error = NULL;

  group = roster_gitlab_client_get_group_finish (ROSTER_GITLAB_CLIENT (object), result, &error);
  if (group != NULL && group->parent_id != 0)
    error = g_error_new (ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                         _("“%s” is a subgroup. SAML and SCIM are set up on top-level groups: "
                           "use the top-level group's path."),
                         group->full_path);
  if (error != NULL)
    {
      load->pending = 1;
      load_set_error (load, error);
      load_step_done (task);
      return;
    }

  load->snapshot->group_id = group->id;
  g_free (load->snapshot->group_path);
  load->snapshot->group_path = g_strdup (group->full_path);
  load_fetch (task);
}

/**
 * roster_snapshot_load_async:
 * @client: a client for the snapshot's instance, with an API token
 *
 * Fetches members, SAML and SCIM identities and enterprise users (all at
 * once) and feeds them to @self as they arrive; the rows appear with the
 * members, the findings with the identities. When the snapshot was created
 * with group id 0, the group is resolved from its path first.
 *
 * On failure the snapshot is marked failed too (#RosterSnapshot:error).
 */
void
roster_snapshot_load_async (RosterSnapshot      *self,
                            RosterGitlabClient  *client,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  Load *load;

  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (client));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->loaded);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_snapshot_load_async);

  load = g_new0 (Load, 1);
  load->snapshot = g_object_ref (self);
  load->client = g_object_ref (client);
  load->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      load->outer = g_object_ref (cancellable);
      load->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                              load->cancellable, NULL);
    }
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  self->fetched_at = g_date_time_new_now_utc ();

  if (self->group_id > 0)
    load_fetch (task);
  else
    {
      set_phase (self, ROSTER_SNAPSHOT_PHASE_GROUP, 0, 0);
      roster_gitlab_client_get_group_async (client, self->group_path, load->cancellable,
                                            group_cb, task);
    }
}

/**
 * roster_snapshot_load_finish:
 *
 * Returns: %TRUE when the snapshot is loaded
 */
gboolean
roster_snapshot_load_finish (RosterSnapshot  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
