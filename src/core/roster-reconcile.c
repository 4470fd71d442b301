/* roster-reconcile.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-reconcile"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-member-private.h"
#include "roster-reconcile.h"
#include "roster-text.h"

/* How values are compared (design.md §4):
 *
 * - Equality is byte equality (strcmp): SAML sign-in compares the NameID
 *   exactly, so "Alice" and "alice" are different values.
 * - "Differ only in letter case" and the duplicate check use
 *   roster_text_fold_key(): g_utf8_casefold() for valid UTF-8, ASCII folding
 *   of the raw bytes for anything else. No Unicode normalisation is applied.
 * - Nothing assumes valid UTF-8; values are escaped (roster_text_escape())
 *   before they go into a message.
 *
 * Everything is a linear pass over hash tables: 100 000 users take tens of
 * milliseconds (tests/bench/bench-reconcile.c). */

/* One user, as joined. 100 000 of them live through a reconcile (and, in
 * the window, until every result is applied): kept small. */
typedef struct
{
  gint64                 user_id;
  const RosterUserInput *member;    /* NULL: not a current member */
  const RosterUserInput *details;   /* best description of the user, may be NULL */
  const char            *saml;
  const char            *scim;
  const RosterIdpRecord *idp;
  const char            *saml_key;  /* folded: saml itself, or owned (saml_key_owned);
                                     * NULL once computed */
  const char            *scim_key;  /* likewise; NULL when equal to saml_key */
  GPtrArray             *findings;  /* owned until applied; NULL: none */
  guint                  scim_active : 1;
  guint                  enterprise : 1;
  guint                  saml_key_owned : 1;
  guint                  scim_key_owned : 1;
  guint                  applied : 1;
} Rec;

/* The users holding one folded value (as SAML or SCIM). */
typedef struct
{
  guint first;
  guint second;
  guint n_users;
} Holders;

/* GitLab user ids are positive and far below 2^63: on the 64-bit systems
 * Roster runs on they fit a pointer, so the tables below key on the id
 * itself and map it to an index + 1 (no allocation, no pointer into an
 * array that may grow). */
#define ID_KEY(id) ((gpointer) (gsize) (id))

typedef struct
{
  GArray     *recs;     /* of Rec */
  GHashTable *by_id;    /* ID_KEY (user id) -> index + 1; only while joining */
} Users;

/* The findings of every user, computed but not applied to any member yet:
 * what roster_reconcile_compute() hands over, from any thread, to whoever
 * applies them (roster_reconcile_result_apply()), a user at a time. */
struct _RosterReconcileResult
{
  GArray *recs;         /* of Rec, in the result's order */
};

/* The user's record, added at the end when new. */
static Rec *
users_ensure (Users  *users,
              gint64  user_id)
{
  gpointer value = g_hash_table_lookup (users->by_id, ID_KEY (user_id));
  Rec blank = { 0, };

  if (value != NULL)
    return &g_array_index (users->recs, Rec, GPOINTER_TO_UINT (value) - 1);

  blank.user_id = user_id;
  g_array_append_val (users->recs, blank);
  g_hash_table_insert (users->by_id, ID_KEY (user_id), GUINT_TO_POINTER (users->recs->len));
  return &g_array_index (users->recs, Rec, users->recs->len - 1);
}

/* ID_KEY (user id) -> index + 1 of its first entry in @users. */
static GHashTable *
index_users (const RosterUserInput *users,
             gsize                  n_users)
{
  GHashTable *table = g_hash_table_new (NULL, NULL);

  for (gsize i = 0; users != NULL && i < n_users; i++)
    if (!g_hash_table_contains (table, ID_KEY (users[i].user_id)))
      g_hash_table_insert (table, ID_KEY (users[i].user_id), GUINT_TO_POINTER (i + 1));
  return table;
}

static const RosterUserInput *
lookup_user (GHashTable            *table,
             const RosterUserInput *users,
             gint64                 user_id)
{
  guint found = GPOINTER_TO_UINT (g_hash_table_lookup (table, ID_KEY (user_id)));

  return found != 0 ? &users[found - 1] : NULL;
}

/* roster_text_fold_key() without a copy when @value is its own key (ASCII
 * without capitals: most values): sets *@owned when the key was made. */
static const char *
fold_key (const char *value,
          gboolean   *owned)
{
  *owned = FALSE;
  if (value == NULL)
    return NULL;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p >= 0x80 || (*p >= 'A' && *p <= 'Z'))
      {
        *owned = TRUE;
        return roster_text_fold_key (value);
      }
  return value;
}

static void
rec_clear_keys (Rec *rec)
{
  if (rec->saml_key_owned)
    g_free ((char *) rec->saml_key);
  if (rec->scim_key_owned)
    g_free ((char *) rec->scim_key);
  rec->saml_key = rec->scim_key = NULL;
  rec->saml_key_owned = rec->scim_key_owned = FALSE;
}

static char *
describe_user (const Rec *rec)
{
  if (rec->details != NULL && rec->details->username != NULL)
    {
      g_autofree char *username = roster_text_escape (rec->details->username);

      return g_strdup_printf ("@%s", username);
    }
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, rec->user_id);

    /* TRANSLATORS: a user known only by their numeric id */
    return g_strdup_printf (_("user %s"), id);
  }
}

static void
add (GPtrArray     **findings,
     RosterFinding  *finding)
{
  if (*findings == NULL)
    *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_finding_unref);
  g_ptr_array_add (*findings, finding);
}

static void
add_pair_findings (GPtrArray **findings,
                   const Rec *rec)
{
  g_autofree char *saml = NULL;
  g_autofree char *scim = NULL;
  g_autofree char *message = NULL;

  if (rec->saml == NULL || rec->scim == NULL || strcmp (rec->saml, rec->scim) == 0)
    return;

  saml = roster_text_escape (rec->saml);
  scim = roster_text_escape (rec->scim);

  if (roster_text_equal_folded (rec->saml, rec->scim))
    {
      message = g_strdup_printf (_("SAML NameID “%s” and SCIM id “%s” differ only in letter case: "
                                   "SCIM lookups ignore case, SAML sign-in does not."),
                                 saml, scim);
      add (findings, roster_finding_new (ROSTER_FINDING_CASE_MISMATCH, ROSTER_FINDING_TARGET_SCIM,
                                         rec->scim, rec->saml, 0, NULL, message));
    }
  else
    {
      message = g_strdup_printf (_("SAML NameID “%s” and SCIM id “%s” differ: GitLab needs them to be "
                                   "the same, so either SSO sign-in or the IdP's SCIM sync "
                                   "(including deprovisioning) fails for this user."),
                                 saml, scim);
      add (findings, roster_finding_new (ROSTER_FINDING_SAML_SCIM_MISMATCH, ROSTER_FINDING_TARGET_SCIM,
                                         rec->scim, rec->saml, 0, NULL, message));
    }
}

static void
add_idp_findings (GPtrArray **findings,
                  const Rec *rec)
{
  const RosterIdpRecord *idp = rec->idp;

  if (idp == NULL)
    return;

  if (idp->name_id != NULL && rec->saml != NULL && strcmp (idp->name_id, rec->saml) != 0)
    {
      g_autofree char *ours = roster_text_escape (rec->saml);
      g_autofree char *theirs = roster_text_escape (idp->name_id);
      g_autofree char *message =
        g_strdup_printf (_("The IdP sends NameID “%s” but GitLab's SAML identity holds “%s”: "
                           "SSO sign-in cannot find this user."),
                         theirs, ours);

      add (findings, roster_finding_new (ROSTER_FINDING_IDP_MISMATCH, ROSTER_FINDING_TARGET_SAML,
                                         rec->saml, idp->name_id, 0, NULL, message));
    }

  if (idp->external_id != NULL && rec->scim != NULL && strcmp (idp->external_id, rec->scim) != 0)
    {
      g_autofree char *ours = roster_text_escape (rec->scim);
      g_autofree char *theirs = roster_text_escape (idp->external_id);
      g_autofree char *message = NULL;

      if (roster_text_equal_folded (idp->external_id, rec->scim))
        message = g_strdup_printf (_("The IdP's SCIM app sends externalId “%s” but GitLab's SCIM "
                                     "identity holds “%s”: they differ only in letter case."),
                                   theirs, ours);
      else
        message = g_strdup_printf (_("The IdP's SCIM app sends externalId “%s” but GitLab's SCIM "
                                     "identity holds “%s”: SCIM updates and deprovisioning will "
                                     "not find this user."),
                                   theirs, ours);

      add (findings, roster_finding_new (ROSTER_FINDING_IDP_MISMATCH, ROSTER_FINDING_TARGET_SCIM,
                                         rec->scim, idp->external_id, 0, NULL, message));
    }
}

/* The formats are translated literals with exactly one %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *
state_message (const char *format,
               const char *value)
{
  g_autofree char *shown = roster_text_escape (value);

  return g_strdup_printf (format, shown);
}
#pragma GCC diagnostic pop

static void
add_state_findings (GPtrArray **findings,
                    const Rec *rec)
{
  gboolean member = rec->member != NULL;
  char *message;

  /* A deprovisioned user (inactive, not a member) without a SAML identity
   * is the normal state of someone deprovisioned before GitLab 16.4 kept
   * SAML identities: it only matters if they are reactivated, which the
   * "deprovisioned" recipe explains. */
  if (rec->scim != NULL && rec->saml == NULL && (member || rec->scim_active))
    {
      message = state_message (_("SCIM identity “%s” has no SAML identity next to it: GitLab "
                                 "reports “User is not linked to a SAML account” and SSO "
                                 "sign-in cannot find this user until they link their account."),
                               rec->scim);
      add (findings, roster_finding_new (ROSTER_FINDING_SCIM_WITHOUT_SAML, ROSTER_FINDING_TARGET_SAML,
                                         NULL, rec->scim, 0, NULL, message));
      g_free (message);
    }

  if (rec->saml != NULL && rec->scim == NULL && member)
    {
      message = state_message (_("SAML identity “%s” has no SCIM identity: the IdP does not "
                                 "provision this user, and removing them in the IdP will not "
                                 "remove them from the group."),
                               rec->saml);
      add (findings, roster_finding_new (ROSTER_FINDING_SAML_WITHOUT_SCIM, ROSTER_FINDING_TARGET_SCIM,
                                         NULL, rec->saml, 0, NULL, message));
      g_free (message);
    }

  if (rec->scim != NULL && !rec->scim_active && member)
    {
      message = state_message (_("SCIM identity “%s” is inactive (deprovisioned), yet the user "
                                 "is still a member of the group and keeps its access."),
                               rec->scim);
      add (findings, roster_finding_new (ROSTER_FINDING_INACTIVE_BUT_MEMBER, ROSTER_FINDING_TARGET_SCIM,
                                         rec->scim, NULL, 0, NULL, message));
      g_free (message);
    }

  if (rec->scim != NULL && !rec->scim_active && !member)
    {
      message = state_message (_("Deprovisioned by SCIM: identity “%s” is inactive and the user "
                                 "is no longer a member. The GitLab account itself still exists."),
                               rec->scim);
      add (findings, roster_finding_new (ROSTER_FINDING_DEPROVISIONED, ROSTER_FINDING_TARGET_SCIM,
                                         rec->scim, NULL, 0, NULL, message));
      g_free (message);
    }

  if (rec->scim != NULL && rec->scim_active && !member)
    {
      message = state_message (_("SCIM identity “%s” is active but the user is not a member of "
                                 "the group: the IdP believes they have access, GitLab does not."),
                               rec->scim);
      add (findings, roster_finding_new (ROSTER_FINDING_ORPHAN_IDENTITY, ROSTER_FINDING_TARGET_SCIM,
                                         rec->scim, NULL, 0, NULL, message));
      g_free (message);
    }

  if (member && rec->saml == NULL && rec->scim == NULL)
    add (findings, roster_finding_new (ROSTER_FINDING_NO_IDENTITY, ROSTER_FINDING_TARGET_NONE,
                                       NULL, NULL, 0, NULL,
                                       _("No SAML or SCIM identity: this member was added by hand "
                                         "and does not sign in through SSO.")));
}

/* Who holds each folded value: the duplicate check. */
typedef struct
{
  GHashTable *by_key;   /* folded value (borrowed) -> index + 1 in holders */
  GArray     *holders;  /* of Holders */
} Dups;

static void
add_duplicate_finding (GPtrArray **findings,
                       GArray     *recs,
                       Dups       *dups,
                       guint       index,
                       const char *key,
                       gboolean    is_saml)
{
  const Rec *rec = &g_array_index (recs, Rec, index);
  guint found = GPOINTER_TO_UINT (g_hash_table_lookup (dups->by_key, key));
  const Holders *h;
  const Rec *other;
  const char *value = is_saml ? rec->saml : rec->scim;
  g_autofree char *shown = NULL;
  g_autofree char *who = NULL;
  g_autofree char *message = NULL;

  if (found == 0)
    return;
  h = &g_array_index (dups->holders, Holders, found - 1);
  if (h->n_users < 2)
    return;

  other = &g_array_index (recs, Rec, h->first == index ? h->second : h->first);
  shown = roster_text_escape (value);
  who = describe_user (other);
  if (h->n_users > 2)
    {
      g_autofree char *one = g_steal_pointer (&who);

      who = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u other user",
                                          "%s and %u other users", h->n_users - 2),
                             one, h->n_users - 2);
    }

  if (is_saml)
    message = g_strdup_printf (_("This user's SAML NameID “%s” is also held by %s (as a SAML or "
                                 "SCIM value, ignoring case): one value must belong to one person."),
                               shown, who);
  else
    message = g_strdup_printf (_("This user's SCIM id “%s” is also held by %s (as a SAML or SCIM "
                                 "value, ignoring case): one value must belong to one person."),
                               shown, who);

  add (findings, roster_finding_new (ROSTER_FINDING_DUPLICATE_EXTERN_UID,
                                     is_saml ? ROSTER_FINDING_TARGET_SAML : ROSTER_FINDING_TARGET_SCIM,
                                     value, NULL, other->user_id,
                                     other->details ? other->details->username : NULL,
                                     message));
}

static void
count_holder (Dups       *dups,
              const char *key,
              guint       index)
{
  guint found;
  Holders *h;

  if (key == NULL)
    return;

  found = GPOINTER_TO_UINT (g_hash_table_lookup (dups->by_key, key));
  if (found == 0)
    {
      Holders first = { index, 0, 1 };

      g_array_append_val (dups->holders, first);
      g_hash_table_insert (dups->by_key, (gpointer) key, GUINT_TO_POINTER (dups->holders->len));
      return;
    }

  h = &g_array_index (dups->holders, Holders, found - 1);
  if (h->first != index && (h->n_users < 2 || h->second != index))
    {
      if (h->n_users == 1)
        h->second = index;
      h->n_users++;
    }
}

/**
 * roster_reconcile_compute:
 * @input: members, identities and optional extras (@input->existing is not
 *   used)
 *
 * Joins the inputs by user id and classifies every user (design.md §4),
 * without touching any #RosterMember: the findings wait in the result until
 * roster_reconcile_result_apply() gives them to a member. The result covers
 * every current member, in the members' order, then every other user holding
 * a SCIM or SAML identity in the group (in the order the identity lists give
 * them).
 *
 * Pure, and safe in any thread: reads only @input. The result borrows
 * @input's structs and strings (and its IdP export's records): they must
 * stay unchanged until the result is freed.
 *
 * Returns: (transfer full): the findings of every user
 */
RosterReconcileResult *
roster_reconcile_compute (const RosterReconcileInput *input)
{
  Users users;
  Dups dups;
  GHashTable *enterprise;
  GHashTable *others;
  RosterReconcileResult *result;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (input->n_members == 0 || input->members != NULL, NULL);
  g_return_val_if_fail (input->n_saml_identities == 0 || input->saml_identities != NULL, NULL);
  g_return_val_if_fail (input->n_scim_identities == 0 || input->scim_identities != NULL, NULL);

  /* Each table lives only for the step that needs it, so that at most one
   * exists at a time next to the records: 100 000 users make tables of
   * several megabytes each. */

  /* 1. Join. Users who are not members (deprovisioned…) are few: the
   * records start with room for the members and grow if needed. */
  users.recs = g_array_sized_new (FALSE, TRUE, sizeof (Rec), input->n_members);
  users.by_id = g_hash_table_new (NULL, NULL);

  for (gsize i = 0; i < input->n_members; i++)
    {
      const RosterUserInput *m = &input->members[i];
      Rec *rec;

      if (g_hash_table_contains (users.by_id, ID_KEY (m->user_id)))
        continue;   /* a member listed twice (pages shifted): keep the first */
      rec = users_ensure (&users, m->user_id);
      rec->member = m;
      rec->details = m;
    }

  for (gsize i = 0; i < input->n_scim_identities; i++)
    {
      const RosterScimIdentityInput *id = &input->scim_identities[i];
      Rec *rec;

      if (id->extern_uid == NULL)
        continue;
      rec = users_ensure (&users, id->user_id);
      if (rec->scim != NULL)
        continue;   /* one SCIM identity per user and group */
      rec->scim = id->extern_uid;
      rec->scim_active = !!id->active;
    }

  for (gsize i = 0; i < input->n_saml_identities; i++)
    {
      const RosterSamlIdentityInput *id = &input->saml_identities[i];
      Rec *rec;

      if (id->extern_uid == NULL)
        continue;
      rec = users_ensure (&users, id->user_id);
      if (rec->saml == NULL)
        rec->saml = id->extern_uid;
    }
  g_clear_pointer (&users.by_id, g_hash_table_unref);

  /* 2. Details, enterprise status and IdP records. */
  enterprise = index_users (input->enterprise_users, input->n_enterprise_users);
  others = index_users (input->other_users, input->n_other_users);

  for (guint i = 0; i < users.recs->len; i++)
    {
      Rec *rec = &g_array_index (users.recs, Rec, i);
      const RosterUserInput *ent = lookup_user (enterprise, input->enterprise_users, rec->user_id);

      if (rec->details == NULL)
        rec->details = ent ? ent : lookup_user (others, input->other_users, rec->user_id);

      if (input->enterprise_known)
        rec->enterprise = ent != NULL;
      else
        rec->enterprise = rec->member != NULL && rec->member->email != NULL;

      if (input->idp_export != NULL)
        {
          if (rec->details != NULL)
            rec->idp = roster_idp_export_lookup (input->idp_export,
                                                 rec->details->email,
                                                 rec->details->username);
          if (rec->idp == NULL && rec->saml != NULL)
            rec->idp = roster_idp_export_lookup_value (input->idp_export, rec->saml);
          if (rec->idp == NULL && rec->scim != NULL)
            rec->idp = roster_idp_export_lookup_value (input->idp_export, rec->scim);
        }
    }
  g_hash_table_unref (enterprise);
  g_hash_table_unref (others);

  /* 3. Holders of each folded value, for the duplicate check. */
  dups.by_key = g_hash_table_new (g_str_hash, g_str_equal);
  dups.holders = g_array_new (FALSE, FALSE, sizeof (Holders));

  for (guint i = 0; i < users.recs->len; i++)
    {
      Rec *rec = &g_array_index (users.recs, Rec, i);
      gboolean owned;

      rec->saml_key = fold_key (rec->saml, &owned);
      rec->saml_key_owned = owned;
      rec->scim_key = fold_key (rec->scim, &owned);
      rec->scim_key_owned = owned;
      if (rec->saml_key != NULL && rec->scim_key != NULL && strcmp (rec->saml_key, rec->scim_key) == 0)
        {
          if (rec->scim_key_owned)
            g_free ((char *) rec->scim_key);
          rec->scim_key = NULL;
          rec->scim_key_owned = FALSE;
        }

      count_holder (&dups, rec->saml_key, i);
      count_holder (&dups, rec->scim_key, i);
    }

  /* 4. Classify. */
  for (guint i = 0; i < users.recs->len; i++)
    {
      Rec *rec = &g_array_index (users.recs, Rec, i);

      add_pair_findings (&rec->findings, rec);
      add_idp_findings (&rec->findings, rec);
      add_state_findings (&rec->findings, rec);
      if (rec->saml_key != NULL)
        add_duplicate_finding (&rec->findings, users.recs, &dups, i, rec->saml_key, TRUE);
      if (rec->scim_key != NULL)
        add_duplicate_finding (&rec->findings, users.recs, &dups, i, rec->scim_key, FALSE);
    }

  /* The keys (and the holders, which borrow them) are not needed any more. */
  g_hash_table_unref (dups.by_key);
  g_array_unref (dups.holders);
  for (guint i = 0; i < users.recs->len; i++)
    rec_clear_keys (&g_array_index (users.recs, Rec, i));

  result = g_new0 (RosterReconcileResult, 1);
  result->recs = users.recs;
  return result;
}

/**
 * roster_reconcile_result_get_n_users:
 *
 * Returns: how many users @result covers
 */
guint
roster_reconcile_result_get_n_users (const RosterReconcileResult *result)
{
  g_return_val_if_fail (result != NULL, 0);

  return result->recs->len;
}

/**
 * roster_reconcile_result_get_user_id:
 * @index: a user's position in @result
 *
 * Returns: the user id of the user at @index
 */
gint64
roster_reconcile_result_get_user_id (const RosterReconcileResult *result,
                                     guint                        index)
{
  g_return_val_if_fail (result != NULL, 0);
  g_return_val_if_fail (index < result->recs->len, 0);

  return g_array_index (result->recs, Rec, index).user_id;
}

/**
 * roster_reconcile_result_apply:
 * @index: a user's position in @result, not applied yet
 * @existing: (nullable): the member already shown for that user
 *
 * Gives the user at @index what reconciling found. @existing is updated in
 * place, notifying only what changed (its own strings may be the ones the
 * input borrowed: each is compared before it is replaced); without it a new
 * member is made. Each user is applied once.
 *
 * Returns: (transfer full): @existing (with a new reference) or a new member
 */
RosterMember *
roster_reconcile_result_apply (RosterReconcileResult *result,
                               guint                  index,
                               RosterMember          *existing)
{
  Rec *rec;
  const RosterUserInput *d;
  RosterMember *member;
  const char *idp_value = NULL;
  RosterScimActive active;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (index < result->recs->len, NULL);
  g_return_val_if_fail (existing == NULL || ROSTER_IS_MEMBER (existing), NULL);

  rec = &g_array_index (result->recs, Rec, index);
  g_return_val_if_fail (!rec->applied, NULL);
  g_return_val_if_fail (existing == NULL || roster_member_get_user_id (existing) == rec->user_id, NULL);
  rec->applied = TRUE;
  d = rec->details;
  if (rec->idp != NULL)
    idp_value = rec->idp->external_id ? rec->idp->external_id : rec->idp->name_id;
  active = rec->scim == NULL ? ROSTER_SCIM_ACTIVE_UNKNOWN
           : rec->scim_active ? ROSTER_SCIM_ACTIVE_TRUE : ROSTER_SCIM_ACTIVE_FALSE;

  if (existing != NULL)
    {
      member = g_object_ref (existing);
      _roster_member_update (member,
                             d ? d->username : NULL, d ? d->name : NULL, d ? d->email : NULL,
                             d ? d->avatar_url : NULL, d ? d->state : NULL,
                             rec->member ? rec->member->access_level : 0,
                             rec->enterprise, rec->member != NULL,
                             rec->saml, rec->scim, active, idp_value,
                             g_steal_pointer (&rec->findings));
    }
  else
    {
      member = g_object_new (ROSTER_TYPE_MEMBER, NULL);
      _roster_member_fill (member, rec->user_id,
                           d ? d->username : NULL, d ? d->name : NULL, d ? d->email : NULL,
                           d ? d->avatar_url : NULL, d ? d->state : NULL,
                           rec->member ? rec->member->access_level : 0,
                           rec->enterprise, rec->member != NULL,
                           rec->saml, rec->scim, active, idp_value,
                           g_steal_pointer (&rec->findings), FALSE);
    }

  return member;
}

/**
 * roster_reconcile_result_free:
 *
 * Frees @result, with the findings of users not applied.
 */
void
roster_reconcile_result_free (RosterReconcileResult *result)
{
  if (result == NULL)
    return;

  for (guint i = 0; i < result->recs->len; i++)
    g_clear_pointer (&g_array_index (result->recs, Rec, i).findings, g_ptr_array_unref);
  g_array_unref (result->recs);
  g_free (result);
}

/**
 * roster_reconcile:
 * @input: members, identities and optional extras
 *
 * Computes (roster_reconcile_compute()) and applies every user at once
 * (roster_reconcile_result_apply()): members found by @input->existing are
 * updated in place, the others are new. Each member carries its findings.
 *
 * Pure: reads only @input, which it does not keep.
 *
 * Returns: (transfer full) (element-type RosterMember): the users
 */
GPtrArray *
roster_reconcile (const RosterReconcileInput *input)
{
  g_autoptr(RosterReconcileResult) computed = NULL;
  GPtrArray *result;
  guint n;

  g_return_val_if_fail (input != NULL, NULL);

  computed = roster_reconcile_compute (input);
  if (computed == NULL)
    return NULL;

  n = roster_reconcile_result_get_n_users (computed);
  result = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      gint64 user_id = roster_reconcile_result_get_user_id (computed, i);
      RosterMember *existing = input->existing ? input->existing (user_id, input->existing_data) : NULL;

      g_ptr_array_add (result, roster_reconcile_result_apply (computed, i, existing));
    }

  return result;
}

/**
 * roster_summary_clear:
 *
 * Sets every count of @summary to zero.
 */
void
roster_summary_clear (RosterSummary *summary)
{
  g_return_if_fail (summary != NULL);
  memset (summary, 0, sizeof *summary);
}

/**
 * roster_summary_add:
 *
 * Counts @member into @summary.
 */
void
roster_summary_add (RosterSummary *summary,
                    RosterMember  *member)
{
  guint n;

  g_return_if_fail (summary != NULL);
  g_return_if_fail (ROSTER_IS_MEMBER (member));

  summary->users++;
  if (roster_member_get_member (member))
    {
      summary->members++;
      if (roster_member_get_enterprise (member))
        summary->enterprise++;
    }

  n = roster_member_get_n_findings (member);
  if (n == 0)
    summary->ok++;
  else if (roster_member_is_problem (member))
    summary->problems++;
  for (guint i = 0; i < n; i++)
    summary->by_kind[roster_finding_get_kind (roster_member_get_finding (member, i))]++;
}

/**
 * roster_summary_compute:
 * @members: a #GListModel of #RosterMember
 *
 * Fills @summary from scratch for all of @members.
 */
void
roster_summary_compute (RosterSummary *summary,
                        GListModel    *members)
{
  guint n;

  g_return_if_fail (summary != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (members));

  roster_summary_clear (summary);
  n = g_list_model_get_n_items (members);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterMember) member = g_list_model_get_item (members, i);

      roster_summary_add (summary, member);
    }
}
