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
 * bound list rows just see property notifications. The window's snapshots
 * reconcile in the background (a worker thread compares, the rows are
 * updated a slice per main loop turn: see Job below); rosterctl's at once.
 * A refresh builds a NEW snapshot and the owner swaps it in when it is
 * loaded; a snapshot never goes back to the server by itself. */

struct _RosterSnapshot
{
  GObject              parent_instance;

  char                *instance_url;
  char                *group_path;
  gint64               group_id;
  GDateTime           *fetched_at;

  GListStore          *store;          /* of RosterMember */
  GHashTable          *by_id;          /* user id (as pointer) -> RosterMember (borrowed) */

  /* What was fed, kept compact (100 000 users must fit in little memory):
   * the parsed API objects are not kept. A member's own fields live in its
   * row; only the order and the identities embedded in members are kept,
   * the latter only until the group's list of that kind arrives. */
  GPtrArray           *member_rows;    /* of RosterMember (borrowed: in store), in the API's order */
  GArray              *member_saml;    /* of RosterSamlIdentityInput (embedded), NULL once saml is set */
  GArray              *member_scim;    /* of RosterScimIdentityInput (embedded), NULL once scim is set */
  GStringChunk        *member_strings; /* theirs, NULL once both lists are set */
  GArray              *saml;           /* of RosterSamlIdentityInput, NULL until set */
  GStringChunk        *saml_strings;
  GArray              *scim;           /* of RosterScimIdentityInput, NULL until set */
  GStringChunk        *scim_strings;
  GArray              *enterprise;     /* of RosterUserInput, NULL until set */
  GStringChunk        *enterprise_strings;
  gboolean             enterprise_known;
  RosterIdpExport     *idp_export;

  RosterSnapshotPhase  phase;
  guint64              done;
  guint64              total;
  gboolean             loaded;
  gboolean             reconciled;
  gboolean             dirty;           /* fed since the last reconcile */
  guint                fed;             /* counts the feeds */
  GError              *error;
  RosterSummary        summary;

  /* Reconciling in the background (roster_snapshot_set_background_reconcile()) */
  gboolean             background;
  struct _Job         *job;             /* the reconcile under way, or NULL */
  guint                n_jobs;          /* alive, the cancelled ones included */
  GPtrArray           *retired;         /* of GStringChunk: input strings a job may read */
  GPtrArray           *waiters;         /* of GTask, from roster_snapshot_complete_async() */
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

static void cancel_job (RosterSnapshot *self);

/* GitLab user ids are positive and far below 2^63: on the 64-bit systems
 * Roster runs on they fit a pointer, which spares 100 000 key allocations. */
#define ID_KEY(id) ((gpointer) (gsize) (id))

static void
roster_snapshot_dispose (GObject *object)
{
  RosterSnapshot *self = (RosterSnapshot *) object;

  /* A job applying its results holds no reference: it stops here. (While a
   * job computes, it holds the snapshot.) */
  cancel_job (self);

  G_OBJECT_CLASS (roster_snapshot_parent_class)->dispose (object);
}

static void
roster_snapshot_finalize (GObject *object)
{
  RosterSnapshot *self = (RosterSnapshot *) object;

  g_assert (self->n_jobs == 0);
  g_assert (self->waiters->len == 0);

  g_free (self->instance_url);
  g_free (self->group_path);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->member_rows, g_ptr_array_unref);
  g_clear_pointer (&self->member_saml, g_array_unref);
  g_clear_pointer (&self->member_scim, g_array_unref);
  g_clear_pointer (&self->member_strings, g_string_chunk_free);
  g_clear_pointer (&self->saml, g_array_unref);
  g_clear_pointer (&self->saml_strings, g_string_chunk_free);
  g_clear_pointer (&self->scim, g_array_unref);
  g_clear_pointer (&self->scim_strings, g_string_chunk_free);
  g_clear_pointer (&self->enterprise, g_array_unref);
  g_clear_pointer (&self->enterprise_strings, g_string_chunk_free);
  g_clear_pointer (&self->idp_export, roster_idp_export_unref);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
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

  object_class->dispose = roster_snapshot_dispose;
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
  self->member_rows = g_ptr_array_new ();
  self->member_saml = g_array_new (FALSE, TRUE, sizeof (RosterSamlIdentityInput));
  self->member_scim = g_array_new (FALSE, TRUE, sizeof (RosterScimIdentityInput));
  self->member_strings = g_string_chunk_new (64 * 1024);
  self->fetched_at = g_date_time_new_now_utc ();
  self->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) g_string_chunk_free);
  self->waiters = g_ptr_array_new ();
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

/* Something new was fed: the findings are out of date. */
static void
mark_fed (RosterSnapshot *self)
{
  self->dirty = TRUE;
  self->fed++;
}

/* Input strings replaced by a feed: a job (computing in a worker thread, or
 * applying) may still read them, so they go when no job is alive. */
static void
retire_strings (RosterSnapshot *self,
                GStringChunk   *strings)
{
  if (strings == NULL)
    return;
  if (self->n_jobs == 0)
    g_string_chunk_free (strings);
  else
    g_ptr_array_add (self->retired, strings);
}

static void start_job (RosterSnapshot *self);

/* After a feed that changes the findings: reconciles at once, or starts
 * over in the background. */
static void
request_reconcile (RosterSnapshot *self)
{
  if (self->background)
    start_job (self);
  else
    roster_snapshot_reconcile (self);
}

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

/* A row for a member of the members API, not in the store yet. */
static RosterMember *
member_row_new (const RosterGitlabMember *m)
{
  RosterMember *row = g_object_new (ROSTER_TYPE_MEMBER, NULL);

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
                       NULL, NULL,
                       TRUE /* its findings come with the reconcile */);
  return row;
}

/* Appends @rows (made by member_row_new(), borrowed) at once (one splice),
 * skipping users already present; the identities embedded in the members
 * are kept for a reconcile without the group's lists. */
static void
add_rows (RosterSnapshot *self,
          GPtrArray      *rows)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_full (rows->len, g_object_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      RosterMember *row = g_ptr_array_index (rows, i);
      gint64 id = roster_member_get_user_id (row);
      const char *saml = roster_member_get_saml_extern_uid (row);
      const char *scim = roster_member_get_scim_extern_uid (row);

      if (g_hash_table_contains (self->by_id, ID_KEY (id)))
        continue;

      g_ptr_array_add (self->member_rows, row);
      if (saml != NULL && self->member_saml != NULL)
        {
          RosterSamlIdentityInput s = { id, g_string_chunk_insert (self->member_strings, saml) };

          g_array_append_val (self->member_saml, s);
        }
      if (scim != NULL && self->member_scim != NULL)
        {
          RosterScimIdentityInput c = {
            id, g_string_chunk_insert (self->member_strings, scim),
            roster_member_get_scim_active (row) == ROSTER_SCIM_ACTIVE_TRUE
          };

          g_array_append_val (self->member_scim, c);
        }
      g_hash_table_insert (self->by_id, ID_KEY (id), row);
      g_ptr_array_add (added, g_object_ref (row));
    }

  if (added->len > 0)
    {
      mark_fed (self);
      g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                           added->pdata, added->len);
    }
}

/**
 * roster_snapshot_member_row_new:
 * @member: a member, from the members API
 *
 * A row for @member, for roster_snapshot_add_rows(): a listing mapped page
 * by page to rows never holds all its parsed members at once.
 *
 * Returns: (transfer full): a new row, not in any snapshot
 */
RosterMember *
roster_snapshot_member_row_new (const RosterGitlabMember *member)
{
  g_return_val_if_fail (member != NULL, NULL);

  return member_row_new (member);
}

/**
 * roster_snapshot_add_rows:
 * @rows: (element-type RosterMember): rows made by
 *   roster_snapshot_member_row_new(), one per user
 *
 * Like roster_snapshot_add_members(), for rows already made: appends them
 * at once (one splice); users already present are skipped.
 */
void
roster_snapshot_add_rows (RosterSnapshot *self,
                          GPtrArray      *rows)
{
  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (rows != NULL);

  add_rows (self, rows);
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
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (members != NULL);

  seen = g_hash_table_new (NULL, NULL);
  rows = g_ptr_array_new_full (members->len, g_object_unref);
  for (guint i = 0; i < members->len; i++)
    {
      const RosterGitlabMember *m = g_ptr_array_index (members, i);

      if (g_hash_table_contains (self->by_id, ID_KEY (m->id)) ||
          !g_hash_table_add (seen, ID_KEY (m->id)))
        continue;
      g_ptr_array_add (rows, member_row_new (m));
    }
  add_rows (self, rows);
}

static gboolean
identities_ready (RosterSnapshot *self)
{
  return self->saml != NULL && self->scim != NULL;
}

/* An identity list in the snapshot's compact form: an array of
 * RosterSamlIdentityInput or RosterScimIdentityInput, strings in a chunk. */
typedef struct
{
  RosterIdentityKind  kind;
  GArray             *records;
  GStringChunk       *strings;
} CompactIdentities;

static void
compact_identities_init (CompactIdentities  *c,
                         RosterIdentityKind  kind,
                         guint               reserve)
{
  c->kind = kind;
  c->strings = g_string_chunk_new (64 * 1024);
  c->records = g_array_sized_new (FALSE, TRUE,
                                  kind == ROSTER_IDENTITY_SAML ? sizeof (RosterSamlIdentityInput)
                                                               : sizeof (RosterScimIdentityInput),
                                  reserve);
}

static void
compact_identities_clear (CompactIdentities *c)
{
  g_clear_pointer (&c->records, g_array_unref);
  g_clear_pointer (&c->strings, g_string_chunk_free);
}

/* A RosterIdentityReaderFunc; also called from the loader's worker thread,
 * on a CompactIdentities nobody else touches meanwhile. */
static void
compact_identities_add (const char *extern_uid,
                        gint64      user_id,
                        gboolean    active,
                        gpointer    user_data)
{
  CompactIdentities *c = user_data;
  const char *value = g_string_chunk_insert (c->strings, extern_uid);

  if (c->kind == ROSTER_IDENTITY_SAML)
    {
      RosterSamlIdentityInput s = { user_id, value };

      g_array_append_val (c->records, s);
    }
  else
    {
      RosterScimIdentityInput i = { user_id, value, active };

      g_array_append_val (c->records, i);
    }
}

/* Takes @c over (it is left empty). */
static void
set_identities (RosterSnapshot    *self,
                CompactIdentities *c)
{
  gboolean saml = c->kind == ROSTER_IDENTITY_SAML;
  GArray **slot = saml ? &self->saml : &self->scim;
  GStringChunk **strings = saml ? &self->saml_strings : &self->scim_strings;

  g_clear_pointer (slot, g_array_unref);
  retire_strings (self, g_steal_pointer (strings));
  *slot = g_steal_pointer (&c->records);
  *strings = g_steal_pointer (&c->strings);
  /* The identities embedded in members were only a stand-in for the list
   * (a job reads its own copy of them, and their strings are retired). */
  if (saml)
    g_clear_pointer (&self->member_saml, g_array_unref);
  else
    g_clear_pointer (&self->member_scim, g_array_unref);
  if (identities_ready (self))
    retire_strings (self, g_steal_pointer (&self->member_strings));
  mark_fed (self);

  if (identities_ready (self))
    request_reconcile (self);
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
  CompactIdentities c;

  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (identities != NULL);

  compact_identities_init (&c, kind, identities->len);
  for (guint i = 0; i < identities->len; i++)
    {
      const RosterGitlabIdentity *id = g_ptr_array_index (identities, i);

      compact_identities_add (id->extern_uid, id->user_id, id->active, &c);
    }
  set_identities (self, &c);
}

struct _RosterIdentityRecords
{
  CompactIdentities compact;
};

/**
 * roster_identity_records_new:
 * @kind: SAML or SCIM
 *
 * An empty identity list in the snapshot's compact form, to fill with
 * roster_identity_records_add() (for instance as the
 * #RosterIdentityReaderFunc of roster_gitlab_client_read_identities_async(),
 * in its worker thread) and hand to roster_snapshot_take_identities().
 *
 * Returns: (transfer full): the list
 */
RosterIdentityRecords *
roster_identity_records_new (RosterIdentityKind kind)
{
  RosterIdentityRecords *records = g_new0 (RosterIdentityRecords, 1);

  compact_identities_init (&records->compact, kind, 0);
  return records;
}

/**
 * roster_identity_records_add:
 * @records: a #RosterIdentityRecords
 *
 * Appends one identity (a #RosterIdentityReaderFunc). Only one thread at a
 * time may add to @records.
 */
void
roster_identity_records_add (const char *extern_uid,
                             gint64      user_id,
                             gboolean    active,
                             gpointer    records)
{
  RosterIdentityRecords *self = records;

  g_return_if_fail (self != NULL && self->compact.records != NULL);

  compact_identities_add (extern_uid, user_id, active, &self->compact);
}

void
roster_identity_records_free (RosterIdentityRecords *records)
{
  if (records == NULL)
    return;
  compact_identities_clear (&records->compact);
  g_free (records);
}

/**
 * roster_snapshot_take_identities:
 * @records: (transfer full): the group's whole list of one kind
 *
 * Like roster_snapshot_set_identities(), without a copy.
 */
void
roster_snapshot_take_identities (RosterSnapshot        *self,
                                 RosterIdentityRecords *records)
{
  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (records != NULL && records->compact.records != NULL);

  set_identities (self, &records->compact);
  roster_identity_records_free (records);
}

/* Takes over @users (of RosterUserInput, strings in @strings) as the
 * enterprise users; both may be NULL. */
static void
set_enterprise (RosterSnapshot *self,
                GArray         *users,
                GStringChunk   *strings,
                gboolean        available)
{
  g_clear_pointer (&self->enterprise, g_array_unref);
  retire_strings (self, g_steal_pointer (&self->enterprise_strings));
  self->enterprise = users;
  self->enterprise_strings = strings;
  self->enterprise_known = available && users != NULL;
  mark_fed (self);

  if (self->reconciled || self->job != NULL)
    request_reconcile (self);
}

/* Enterprise users in the snapshot's compact form: RosterUserInput records,
 * strings in a chunk, both owned by the RosterEnterpriseRecords. Records are
 * allocated in blocks and never freed one by one: a listing may map a page
 * twice (read again, or a page repeated), and what it drops just stays until
 * the records go, a few pages at most. */
#define ENTERPRISE_BLOCK 1024

struct _RosterEnterpriseRecords
{
  GMutex        lock;      /* pages may be mapped in several threads at once */
  GStringChunk *strings;
  GPtrArray    *blocks;    /* of RosterUserInput[ENTERPRISE_BLOCK] */
  guint         used;      /* in the last block */
};

/**
 * roster_enterprise_records_new:
 *
 * An empty set of enterprise users in the snapshot's compact form, to fill
 * with roster_enterprise_records_map() as the map of
 * roster_gitlab_client_list_enterprise_users_mapped_async(), and to hand
 * with the listing's result to roster_snapshot_take_enterprise_users().
 *
 * Returns: (transfer full): the records
 */
RosterEnterpriseRecords *
roster_enterprise_records_new (void)
{
  RosterEnterpriseRecords *self = g_new0 (RosterEnterpriseRecords, 1);

  g_mutex_init (&self->lock);
  self->strings = g_string_chunk_new (64 * 1024);
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->used = ENTERPRISE_BLOCK;
  return self;
}

void
roster_enterprise_records_free (RosterEnterpriseRecords *records)
{
  if (records == NULL)
    return;
  g_mutex_clear (&records->lock);
  g_clear_pointer (&records->strings, g_string_chunk_free);
  g_clear_pointer (&records->blocks, g_ptr_array_unref);
  g_free (records);
}

static const char *
chunk_insert (GStringChunk *chunk,
              const char   *text)
{
  return text != NULL ? g_string_chunk_insert (chunk, text) : NULL;
}

/**
 * roster_enterprise_records_map:
 * @item: a #RosterGitlabEnterpriseUser (borrowed)
 * @records: a #RosterEnterpriseRecords
 *
 * A #RosterGitlabItemMapFunc: copies what the snapshot keeps of @item
 * (id, username, name, email, state) into @records. Safe to call from
 * several threads at once. What it returns belongs to @records: the
 * listing's map_free is %NULL.
 *
 * Returns: (transfer none): a #RosterUserInput, valid as long as @records
 */
gpointer
roster_enterprise_records_map (gconstpointer item,
                               gpointer      records)
{
  const RosterGitlabEnterpriseUser *e = item;
  RosterEnterpriseRecords *self = records;
  RosterUserInput *u;

  g_return_val_if_fail (e != NULL, NULL);
  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  if (self->used == ENTERPRISE_BLOCK)
    {
      g_ptr_array_add (self->blocks, g_new (RosterUserInput, ENTERPRISE_BLOCK));
      self->used = 0;
    }
  u = (RosterUserInput *) g_ptr_array_index (self->blocks, self->blocks->len - 1) + self->used++;
  u->user_id = e->id;
  u->username = chunk_insert (self->strings, e->username);
  u->name = chunk_insert (self->strings, e->name);
  u->email = chunk_insert (self->strings, e->email);
  u->avatar_url = NULL;
  u->state = e->state != NULL ? g_string_chunk_insert_const (self->strings, e->state) : NULL;
  u->access_level = 0;
  g_mutex_unlock (&self->lock);

  return u;
}

/**
 * roster_snapshot_take_enterprise_users:
 * @records: (transfer full) (nullable): what the listing was mapped into
 * @users: (nullable) (element-type RosterUserInput): the listing's result
 *   (what roster_enterprise_records_map() returned, deduplicated, in order)
 * @available: %FALSE when the API is not there (GitLab before 17.7, or not
 *   GitLab.com): the badge then falls back to visible emails
 *
 * Feeds the enterprise users read with roster_enterprise_records_map():
 * copies the records into one array, no conversion.
 */
void
roster_snapshot_take_enterprise_users (RosterSnapshot          *self,
                                       RosterEnterpriseRecords *records,
                                       GPtrArray               *users,
                                       gboolean                 available)
{
  GArray *compact = NULL;
  GStringChunk *strings = NULL;

  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (users == NULL || records != NULL);

  if (users != NULL)
    {
      compact = g_array_sized_new (FALSE, FALSE, sizeof (RosterUserInput), users->len);
      for (guint i = 0; i < users->len; i++)
        g_array_append_vals (compact, g_ptr_array_index (users, i), 1);
      strings = g_steal_pointer (&records->strings);
    }
  roster_enterprise_records_free (records);
  set_enterprise (self, compact, strings, available);
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
  RosterEnterpriseRecords *records = NULL;
  g_autoptr(GPtrArray) compact = NULL;

  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));

  if (users != NULL)
    {
      records = roster_enterprise_records_new ();
      compact = g_ptr_array_sized_new (users->len);
      for (guint i = 0; i < users->len; i++)
        g_ptr_array_add (compact, roster_enterprise_records_map (g_ptr_array_index (users, i), records));
    }
  roster_snapshot_take_enterprise_users (self, records, compact, available);
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
  mark_fed (self);

  if (self->reconciled || self->job != NULL)
    request_reconcile (self);
}

/* ---- reconciling ---- */

/* A reconcile, in three steps:
 * 1. job_new(), on the main thread: the input, made immutable for the
 *    job's life: the member rows (a copy of the list; the worker reads only
 *    their own fields, which nothing replaces meanwhile: applying gives a
 *    member back its own values, compared and not replaced), the identity and
 *    enterprise arrays (referenced; a feed replaces them instead of changing
 *    them, and their strings are retired, not freed, while a job is alive),
 *    the IdP export (referenced).
 * 2. job_compute(), in a worker thread or at once: roster_reconcile_compute().
 * 3. job_apply(), on the main thread, in slices: each row gets its results
 *    (one notification batch per row); users seen for the first time
 *    become rows, appended with one splice by job_finish(), which also
 *    publishes the summary.
 * A job cancelled while it applies stops at once: rows already applied keep
 * their new findings, the others their old ones; no row is appended, the
 * summary does not change and the snapshot stays dirty (the next reconcile
 * or finish does it all again). */
typedef struct _Job
{
  RosterSnapshot        *snapshot;     /* borrowed, but held while the worker computes */
  GPtrArray             *rows;         /* the members' rows, in the API's order (borrowed:
                                        * a snapshot never drops a row) */
  GArray                *saml;         /* of RosterSamlIdentityInput */
  GArray                *scim;         /* of RosterScimIdentityInput */
  GArray                *enterprise;   /* of RosterUserInput, nullable */
  gboolean               enterprise_known;
  RosterIdpExport       *idp_export;   /* nullable */
  guint                  fed;          /* the snapshot's feeds when the job started */

  GArray                *members;      /* of RosterUserInput, from rows (made by the worker) */
  RosterReconcileResult *result;
  guint                  applied;      /* users applied so far */
  GPtrArray             *added;        /* rows for users seen for the first time */
  RosterSummary          summary;
  guint                  apply_source;
  gboolean               cancelled;
  gint64                 started;
  guint                  n_slices;     /* main loop turns spent applying */
  gint64                 longest;      /* the longest of them, µs */
} Job;

/* Applying stops after this long, or this many rows, until the next main
 * loop turn: frames are drawn and input handled in between. */
#define APPLY_SLICE_US   (8 * 1000)
#define APPLY_SLICE_ROWS 4096

static Job *
job_new (RosterSnapshot *self)
{
  Job *job = g_new0 (Job, 1);
  /* Without the group's lists, fall back to what each member carries; those
   * arrays grow as rows are added, so the job takes a copy. */
  GArray *saml = self->saml != NULL ? g_array_ref (self->saml) : g_array_copy (self->member_saml);
  GArray *scim = self->scim != NULL ? g_array_ref (self->scim) : g_array_copy (self->member_scim);

  job->snapshot = self;
  job->started = g_get_monotonic_time ();
  job->rows = g_ptr_array_copy (self->member_rows, NULL, NULL);
  job->saml = saml;
  job->scim = scim;
  /* Enterprise users describe users who left the group, even when the
   * badge cannot rely on them. */
  if (self->enterprise != NULL)
    job->enterprise = g_array_ref (self->enterprise);
  job->enterprise_known = self->enterprise_known;
  if (self->idp_export != NULL)
    job->idp_export = roster_idp_export_ref (self->idp_export);
  job->fed = self->fed;
  job->added = g_ptr_array_new_with_free_func (g_object_unref);
  roster_summary_clear (&job->summary);

  self->n_jobs++;
  g_debug ("Reconcile input made in %.1f ms", (g_get_monotonic_time () - job->started) / 1000.0);
  return job;
}

static void
job_free (Job *job)
{
  RosterSnapshot *self = job->snapshot;

  g_assert (job->apply_source == 0);

  g_clear_pointer (&job->result, roster_reconcile_result_free);
  g_clear_pointer (&job->members, g_array_unref);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_pointer (&job->saml, g_array_unref);
  g_clear_pointer (&job->scim, g_array_unref);
  g_clear_pointer (&job->enterprise, g_array_unref);
  g_clear_pointer (&job->idp_export, roster_idp_export_unref);
  g_clear_pointer (&job->added, g_ptr_array_unref);
  g_free (job);

  /* The last job alive: the strings replaced meanwhile can go. */
  if (--self->n_jobs == 0)
    g_ptr_array_set_size (self->retired, 0);
}

/* Pure: in a worker thread, or at once. Reads only the job's input. */
static void
job_compute (Job *job)
{
  RosterReconcileInput input = { 0, };

  /* A member's fields are read from its row: applying writes them back
   * unchanged (same strings, compared first), so no copy is needed. */
  job->members = g_array_sized_new (FALSE, TRUE, sizeof (RosterUserInput), job->rows->len);
  for (guint i = 0; i < job->rows->len; i++)
    {
      RosterMember *row = g_ptr_array_index (job->rows, i);
      RosterUserInput u = {
        roster_member_get_user_id (row),
        roster_member_get_username (row),
        roster_member_get_name (row),
        roster_member_get_email (row),
        roster_member_get_avatar_url (row),
        roster_member_get_state (row),
        roster_member_get_access_level (row),
      };

      g_array_append_val (job->members, u);
    }

  input.members = (const RosterUserInput *) job->members->data;
  input.n_members = job->members->len;
  input.saml_identities = (const RosterSamlIdentityInput *) job->saml->data;
  input.n_saml_identities = job->saml->len;
  input.scim_identities = (const RosterScimIdentityInput *) job->scim->data;
  input.n_scim_identities = job->scim->len;
  if (job->enterprise != NULL)
    {
      input.enterprise_users = (const RosterUserInput *) job->enterprise->data;
      input.n_enterprise_users = job->enterprise->len;
    }
  input.enterprise_known = job->enterprise_known;
  input.idp_export = job->idp_export;

  job->result = roster_reconcile_compute (&input);
}

static gboolean
any_waiter_cancelled (RosterSnapshot *self)
{
  for (guint i = 0; i < self->waiters->len; i++)
    if (g_cancellable_is_cancelled (g_task_get_cancellable (g_ptr_array_index (self->waiters, i))))
      return TRUE;
  return FALSE;
}

/* Applies up to @max results, until @deadline (monotonic time), or (in a
 * slice) until a waiter is cancelled; TRUE when all are applied. */
static gboolean
job_apply (Job      *job,
           gboolean  slice,
           guint     max,
           gint64    deadline)
{
  RosterSnapshot *self = job->snapshot;
  guint n = roster_reconcile_result_get_n_users (job->result);
  guint end = job->applied + MIN (max, n - job->applied);

  while (job->applied < end)
    {
      gint64 user_id = roster_reconcile_result_get_user_id (job->result, job->applied);
      RosterMember *existing = roster_snapshot_lookup (self, user_id);
      g_autoptr(RosterMember) row = roster_reconcile_result_apply (job->result, job->applied, existing);

      if (existing == NULL)
        g_ptr_array_add (job->added, g_object_ref (row));
      roster_summary_add (&job->summary, row);
      job->applied++;

      if (slice && job->applied % 64 == 0
          && (g_get_monotonic_time () >= deadline || any_waiter_cancelled (self)))
        break;
    }

  return job->applied >= n;
}

/* Every result is applied: the new rows and the summary go public, and the
 * job is freed. */
static void
job_finish (Job *job)
{
  RosterSnapshot *self = job->snapshot;
  RosterSummary summary = job->summary;
  guint old_problems = self->summary.problems;
  guint old_users = self->summary.users;
  guint old_members = self->summary.members;

  g_assert (self->job == NULL);

  for (guint i = 0; i < job->added->len; i++)
    {
      RosterMember *row = g_ptr_array_index (job->added, i);

      g_hash_table_insert (self->by_id, ID_KEY (roster_member_get_user_id (row)), row);
    }
  if (job->added->len > 0)
    g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                         job->added->pdata, job->added->len);

  self->summary = summary;
  self->reconciled = TRUE;
  self->dirty = self->fed != job->fed;
  g_debug ("Reconciled %u users in %.0f ms; applied in %u slices, the longest %.1f ms",
           summary.users, (g_get_monotonic_time () - job->started) / 1000.0,
           job->n_slices, job->longest / 1000.0);
  job_free (job);

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

/* Stops the job under way, if any (see Job). */
static void
cancel_job (RosterSnapshot *self)
{
  Job *job = g_steal_pointer (&self->job);

  if (job == NULL)
    return;

  g_debug ("Reconcile cancelled after %u users", job->applied);
  job->cancelled = TRUE;
  /* Some rows may have their new findings already. */
  self->dirty = TRUE;
  if (job->apply_source != 0)
    {
      g_clear_handle_id (&job->apply_source, g_source_remove);
      job_free (job);
    }
  /* else it computes: job_computed_cb() frees it */
}

static void
mark_loaded (RosterSnapshot *self)
{
  set_phase (self, ROSTER_SNAPSHOT_PHASE_DONE, self->summary.users, self->summary.users);
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* Hands the waiters of roster_snapshot_complete_async() their answer once
 * everything fed is reconciled; starts a job when it is not. */
static void
settle (RosterSnapshot *self)
{
  g_autoptr(GPtrArray) waiters = NULL;

  if (self->waiters->len == 0 || self->job != NULL)
    return;
  if (!self->loaded && (self->dirty || !self->reconciled))
    {
      start_job (self);
      return;
    }

  if (!self->loaded)
    mark_loaded (self);
  waiters = g_steal_pointer (&self->waiters);
  self->waiters = g_ptr_array_new ();
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

/* Waiters whose cancellable was cancelled get their answer, and the job
 * stops (the others, if any, wait for a new one). TRUE when that happened. */
static gboolean
drop_cancelled_waiters (RosterSnapshot *self)
{
  gboolean any = FALSE;

  for (guint i = self->waiters->len; i > 0; i--)
    {
      GTask *task = g_ptr_array_index (self->waiters, i - 1);

      if (g_task_return_error_if_cancelled (task))
        {
          g_ptr_array_remove_index (self->waiters, i - 1);
          g_object_unref (task);
          any = TRUE;
        }
    }

  if (any)
    {
      cancel_job (self);
      settle (self);
    }
  return any;
}

static gboolean
job_apply_cb (gpointer user_data)
{
  Job *job = user_data;
  RosterSnapshot *self = job->snapshot;
  g_autoptr(RosterSnapshot) hold = g_object_ref (self);
  gint64 start = g_get_monotonic_time ();
  gboolean done;

  g_assert (self->job == job);

  done = job_apply (job, TRUE, APPLY_SLICE_ROWS, start + APPLY_SLICE_US);
  job->n_slices++;
  job->longest = MAX (job->longest, g_get_monotonic_time () - start);
  /* A waiter cancelled, even meanwhile: the job stops, unpublished. */
  if (drop_cancelled_waiters (self))
    return G_SOURCE_REMOVE;   /* the job is gone */
  if (!done)
    return G_SOURCE_CONTINUE;

  job->apply_source = 0;
  self->job = NULL;
  job_finish (job);
  settle (self);
  return G_SOURCE_REMOVE;
}

static void
job_compute_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  job_compute (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
job_computed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = user_data;
  /* Dropped here, on the main thread, after the job is freed. */
  g_autoptr(RosterSnapshot) self = job->snapshot;

  if (job->cancelled)
    {
      job_free (job);
      return;
    }

  g_assert (self->job == job);
  g_debug ("Reconcile computed in %.0f ms", (g_get_monotonic_time () - job->started) / 1000.0);
  job->apply_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, job_apply_cb, job, NULL);
  /* A waiter cancelled meanwhile stops it (and frees it) at once. */
  drop_cancelled_waiters (self);
}

/* Starts a reconcile in a worker thread, in place of the one under way. */
static void
start_job (RosterSnapshot *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  cancel_job (self);
  job = job_new (self);
  self->job = job;

  /* Not cancellable: the worker always runs to the end, and its callback
   * frees a job cancelled meanwhile. The snapshot is held until then (by
   * the job rather than the task, so that the last reference is never
   * dropped in the worker thread). */
  g_object_ref (self);
  task = g_task_new (NULL, NULL, job_computed_cb, job);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, job_compute_thread);
}

/**
 * roster_snapshot_reconcile:
 *
 * Compares what is there now and updates the rows in place, at once; new
 * users (who only hold an identity) are appended with one splice. A
 * reconcile under way in the background is cancelled. Called by the
 * feeding functions (unless the snapshot reconciles in the background);
 * call it yourself after changing a row by hand.
 */
void
roster_snapshot_reconcile (RosterSnapshot *self)
{
  Job *job;

  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));

  cancel_job (self);
  job = job_new (self);
  job_compute (job);
  job_apply (job, FALSE, G_MAXUINT, 0);
  job_finish (job);
  settle (self);
}

/**
 * roster_snapshot_set_background_reconcile:
 * @background: whether to reconcile in the background
 *
 * With @background, a feed that changes the findings does not reconcile at
 * once: it starts a reconcile (in place of the one under way) that compares
 * in a worker thread, then updates the rows on the main thread a slice of a
 * few milliseconds per main loop turn, so that the main loop never stalls
 * on 100 000 rows. #RosterSnapshot::summary-changed tells when it is done.
 * Finish such a snapshot with roster_snapshot_complete_async().
 */
void
roster_snapshot_set_background_reconcile (RosterSnapshot *self,
                                          gboolean        background)
{
  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));

  self->background = !!background;
}

/**
 * roster_snapshot_get_reconciling:
 *
 * Returns: %TRUE while a reconcile runs in the background
 */
gboolean
roster_snapshot_get_reconciling (RosterSnapshot *self)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), FALSE);

  return self->job != NULL;
}

/**
 * roster_snapshot_finish:
 *
 * Everything has been fed: reconciles (with the members' own identities
 * where a list is missing) at once and marks the snapshot loaded.
 */
void
roster_snapshot_finish (RosterSnapshot *self)
{
  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (!self->loaded);

  set_phase (self, ROSTER_SNAPSHOT_PHASE_RECONCILE, 0, 0);
  if (self->dirty || !self->reconciled || self->job != NULL)
    roster_snapshot_reconcile (self);
  if (!self->loaded)
    mark_loaded (self);
}

/**
 * roster_snapshot_complete_async:
 * @cancellable: (nullable): a #GCancellable
 *
 * Everything has been fed: like roster_snapshot_finish(), but the reconcile
 * runs in the background (see roster_snapshot_set_background_reconcile()),
 * or the one under way is waited for. The snapshot is loaded when
 * @callback runs.
 *
 * Cancelling stops the reconcile (within a main loop turn while it applies,
 * once the worker is done while it compares): the snapshot is not loaded,
 * and rows may already show their new findings (see
 * roster_snapshot_reconcile()).
 */
void
roster_snapshot_complete_async (RosterSnapshot      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ROSTER_IS_SNAPSHOT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->loaded);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_snapshot_complete_async);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  set_phase (self, ROSTER_SNAPSHOT_PHASE_RECONCILE, 0, 0);
  g_ptr_array_add (self->waiters, task);
  settle (self);
}

/**
 * roster_snapshot_complete_finish:
 *
 * Returns: %TRUE when the snapshot is loaded
 */
gboolean
roster_snapshot_complete_finish (RosterSnapshot  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (ROSTER_IS_SNAPSHOT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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

/* One request at a time, in the order the rows are useful: members (rows
 * appear), SAML and SCIM identities (findings appear), enterprise users
 * (badges, names of users who left). Sequential on purpose, to keep the
 * peak low at 100 000 users: each page of members or enterprise users
 * becomes rows or compact records as soon as it is parsed, and an identity
 * list (one document of ~7.5 MiB) is read without a JSON tree, straight
 * into its compact form; only one raw body exists at a time. */
typedef enum
{
  STEP_GROUP,
  STEP_MEMBERS,
  STEP_SAML,
  STEP_SCIM,
  STEP_ENTERPRISE,
  STEP_DONE,
} Step;

typedef struct
{
  RosterSnapshot     *snapshot;
  RosterGitlabClient *client;
  Step                step;
  RosterEnterpriseRecords *enterprise;    /* while enterprise users are read */
  CompactIdentities   identities;          /* while an identity list is read */
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->client);
  g_clear_object (&load->snapshot);
  g_clear_pointer (&load->enterprise, roster_enterprise_records_free);
  compact_identities_clear (&load->identities);
  g_free (load);
}

/* The members and enterprise users listings hand each page over as it is
 * parsed: it becomes rows (or compact records) at once and the parsed page
 * is dropped, so 100 000 parsed API objects never exist together. */
static gpointer
map_member (gconstpointer item,
            gpointer      user_data)
{
  return member_row_new (item);
}

static void load_next (GTask *task);

static void
load_fail (GTask  *task,
           GError *error)
{
  Load *load = g_task_get_task_data (task);

  roster_snapshot_fail (load->snapshot, error);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
members_progress_cb (guint64  done,
                     guint64  total,
                     gpointer user_data)
{
  Load *load = user_data;

  set_phase (load->snapshot, ROSTER_SNAPSHOT_PHASE_MEMBERS, done, total);
}

static void
enterprise_progress_cb (guint64  done,
                        guint64  total,
                        gpointer user_data)
{
  Load *load = user_data;

  set_phase (load->snapshot, ROSTER_SNAPSHOT_PHASE_ENTERPRISE, done, total);
}

static void
step_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  RosterGitlabClient *client = ROSTER_GITLAB_CLIENT (object);
  RosterSnapshot *self = load->snapshot;
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  switch (load->step)
    {
    case STEP_GROUP:
      {
        g_autoptr(RosterGitlabGroup) group = roster_gitlab_client_get_group_finish (client, result, &error);

        if (group != NULL && group->parent_id != 0)
          error = g_error_new (ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("“%s” is a subgroup. SAML and SCIM are set up on top-level groups: "
                                 "use the top-level group's path."),
                               group->full_path);
        if (error != NULL)
          {
            load_fail (task, error);
            return;
          }
        self->group_id = group->id;
        g_free (self->group_path);
        self->group_path = g_strdup (group->full_path);
      }
      break;

    case STEP_MEMBERS:
      if ((items = roster_gitlab_client_list_members_finish (client, result, &error)) == NULL)
        {
          load_fail (task, error);
          return;
        }
      add_rows (self, items);
      break;

    case STEP_SAML:
    case STEP_SCIM:
      if (!roster_gitlab_client_read_identities_finish (client, result, &error))
        {
          load_fail (task, error);
          return;
        }
      set_identities (self, &load->identities);
      compact_identities_clear (&load->identities);
      break;

    case STEP_ENTERPRISE:
      {
        gboolean available = FALSE;

        items = roster_gitlab_client_list_enterprise_users_finish (client, result, &available, &error);
        if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
          {
            load_fail (task, error);
            return;
          }
        if (error != NULL)
          {
            /* Not fatal: the badge falls back to visible emails. */
            g_debug ("Enterprise users unavailable: %s", error->message);
            g_clear_error (&error);
          }
        roster_snapshot_take_enterprise_users (self, g_steal_pointer (&load->enterprise), items, available);
      }
      break;

    case STEP_DONE:
    default:
      g_assert_not_reached ();
    }

  load->step++;
  load_next (task);
}

static void
complete_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!roster_snapshot_complete_finish (ROSTER_SNAPSHOT (object), result, &error))
    {
      load_fail (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
load_next (GTask *task)
{
  Load *load = g_task_get_task_data (task);
  RosterSnapshot *self = load->snapshot;
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (load->step != STEP_DONE && g_cancellable_is_cancelled (cancellable))
    {
      GError *error = NULL;

      g_cancellable_set_error_if_cancelled (cancellable, &error);
      load_fail (task, error);
      return;
    }

  switch (load->step)
    {
    case STEP_GROUP:
      set_phase (self, ROSTER_SNAPSHOT_PHASE_GROUP, 0, 0);
      roster_gitlab_client_get_group_async (load->client, self->group_path, cancellable, step_cb, task);
      break;
    case STEP_MEMBERS:
      set_phase (self, ROSTER_SNAPSHOT_PHASE_MEMBERS, 0, 0);
      roster_gitlab_client_list_members_mapped_async (load->client, self->group_id, map_member, NULL,
                                                      g_object_unref, members_progress_cb, load,
                                                      NULL, cancellable, step_cb, task);
      break;
    case STEP_SAML:
    case STEP_SCIM:
      set_phase (self, ROSTER_SNAPSHOT_PHASE_IDENTITIES, load->step == STEP_SCIM, 2);
      /* The records go straight into their compact form, in the worker
       * thread that reads the body. */
      compact_identities_clear (&load->identities);
      compact_identities_init (&load->identities,
                               load->step == STEP_SAML ? ROSTER_IDENTITY_SAML : ROSTER_IDENTITY_SCIM, 0);
      roster_gitlab_client_read_identities_async (load->client, self->group_id, load->identities.kind,
                                                  compact_identities_add, &load->identities,
                                                  cancellable, step_cb, task);
      break;
    case STEP_ENTERPRISE:
      set_phase (self, ROSTER_SNAPSHOT_PHASE_ENTERPRISE, 0, 0);
      g_clear_pointer (&load->enterprise, roster_enterprise_records_free);
      load->enterprise = roster_enterprise_records_new ();
      roster_gitlab_client_list_enterprise_users_mapped_async (load->client, self->group_id,
                                                               roster_enterprise_records_map,
                                                               load->enterprise, NULL,
                                                               enterprise_progress_cb, load, NULL,
                                                               cancellable, step_cb, task);
      break;
    case STEP_DONE:
      if (self->background)
        {
          roster_snapshot_complete_async (self, cancellable, complete_cb, task);
          break;
        }
      roster_snapshot_finish (self);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * roster_snapshot_load_async:
 * @client: a client for the snapshot's instance, with an API token
 *
 * Fetches members, SAML and SCIM identities and enterprise users, one
 * after the other, and feeds each to @self when it arrives: the rows appear
 * with the members, the findings with the identities. When the snapshot was
 * created with group id 0, the group is resolved from its path first (and a
 * subgroup refused).
 *
 * The reconciles run at once, unless the snapshot reconciles in the
 * background (roster_snapshot_set_background_reconcile()).
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
  load->step = self->group_id > 0 ? STEP_MEMBERS : STEP_GROUP;
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  self->fetched_at = g_date_time_new_now_utc ();

  load_next (task);
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
