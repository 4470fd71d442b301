/* roster-member.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-member"

#include "config.h"

#include <string.h>

#include "roster-enums.h"
#include "roster-member-private.h"
#include "roster-text.h"

/* One row of the member list: a user of the group as Roster sees it after
 * reconciling members, identities and (optionally) an IdP export. Every
 * property notifies when it changes, so list rows rebind after a refresh
 * (roster_member_update_from()) or after an edit.
 *
 * A group has up to 100 000 rows: the strings a row is made with
 * (_roster_member_fill()) share one block, equal identity values once,
 * rather than a malloc'd copy each (about 100 bytes less per row). A string
 * set later is a copy of its own; the block goes with the row. */
struct _RosterMember
{
  GObject           parent_instance;

  gint64            user_id;
  char             *username;
  char             *name;
  char             *email;
  char             *avatar_url;
  char             *state;
  char             *saml_extern_uid;
  char             *scim_extern_uid;
  char             *idp_extern_uid;
  GPtrArray        *findings;        /* of RosterFinding; NULL until needed (most users have none) */
  char             *strings;         /* the block the fields may point into, or NULL */
  guint             strings_size;
  int               access_level;
  gboolean          enterprise;
  gboolean          member;
  RosterScimActive  scim_active;
  gboolean          pending;         /* listed, not compared yet: findings unknown */

  char             *search_key;      /* cache, NULL when stale */
};

G_DEFINE_FINAL_TYPE (RosterMember, roster_member, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_USER_ID,
  PROP_USERNAME,
  PROP_NAME,
  PROP_EMAIL,
  PROP_AVATAR_URL,
  PROP_STATE,
  PROP_ACCESS_LEVEL,
  PROP_ENTERPRISE,
  PROP_MEMBER,
  PROP_SAML_EXTERN_UID,
  PROP_SCIM_EXTERN_UID,
  PROP_SCIM_ACTIVE,
  PROP_IDP_EXTERN_UID,
  PROP_FINDINGS,
  PROP_N_FINDINGS,
  PROP_WORST_SEVERITY,
  PROP_IS_PROBLEM,
  PROP_PENDING,
  PROP_SEARCH_KEY,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GPtrArray *
new_findings_array (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) roster_finding_unref);
}

static GPtrArray *
ensure_findings (RosterMember *self)
{
  if (self->findings == NULL)
    self->findings = new_findings_array ();
  return self->findings;
}

static guint
n_findings (RosterMember *self)
{
  return self->findings ? self->findings->len : 0;
}

static gboolean
in_block (const char *block,
          gsize       size,
          const char *value)
{
  return block != NULL && (guintptr) value >= (guintptr) block &&
         (guintptr) value < (guintptr) block + size;
}

/* Frees a string field's value unless it lives in the row's block. */
static void
free_string (RosterMember *self,
             char         *value)
{
  if (!in_block (self->strings, self->strings_size, value))
    g_free (value);
}

static gboolean
set_string (RosterMember  *self,
            char         **field,
            const char    *value,
            guint          prop_id)
{
  char *old = *field;

  if (g_strcmp0 (old, value) == 0)
    return FALSE;

  /* Copied before the old value goes: @value may point into it. */
  *field = g_strdup (value);
  free_string (self, old);
  g_clear_pointer (&self->search_key, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  return TRUE;
}

static void
notify_search_key (RosterMember *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_KEY]);
}

static void
roster_member_finalize (GObject *object)
{
  RosterMember *self = (RosterMember *) object;

  free_string (self, self->username);
  free_string (self, self->name);
  free_string (self, self->email);
  free_string (self, self->avatar_url);
  free_string (self, self->state);
  free_string (self, self->saml_extern_uid);
  free_string (self, self->scim_extern_uid);
  free_string (self, self->idp_extern_uid);
  g_free (self->strings);
  g_free (self->search_key);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_member_parent_class)->finalize (object);
}

static void
roster_member_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RosterMember *self = ROSTER_MEMBER (object);

  switch (prop_id)
    {
    case PROP_USER_ID:         g_value_set_int64 (value, self->user_id); break;
    case PROP_USERNAME:        g_value_set_string (value, self->username); break;
    case PROP_NAME:            g_value_set_string (value, self->name); break;
    case PROP_EMAIL:           g_value_set_string (value, self->email); break;
    case PROP_AVATAR_URL:      g_value_set_string (value, self->avatar_url); break;
    case PROP_STATE:           g_value_set_string (value, self->state); break;
    case PROP_ACCESS_LEVEL:    g_value_set_int (value, self->access_level); break;
    case PROP_ENTERPRISE:      g_value_set_boolean (value, self->enterprise); break;
    case PROP_MEMBER:          g_value_set_boolean (value, self->member); break;
    case PROP_SAML_EXTERN_UID: g_value_set_string (value, self->saml_extern_uid); break;
    case PROP_SCIM_EXTERN_UID: g_value_set_string (value, self->scim_extern_uid); break;
    case PROP_SCIM_ACTIVE:     g_value_set_enum (value, self->scim_active); break;
    case PROP_IDP_EXTERN_UID:  g_value_set_string (value, self->idp_extern_uid); break;
    case PROP_FINDINGS:        g_value_set_boxed (value, ensure_findings (self)); break;
    case PROP_N_FINDINGS:      g_value_set_uint (value, n_findings (self)); break;
    case PROP_WORST_SEVERITY:  g_value_set_enum (value, roster_member_get_worst_severity (self)); break;
    case PROP_IS_PROBLEM:      g_value_set_boolean (value, roster_member_is_problem (self)); break;
    case PROP_PENDING:         g_value_set_boolean (value, self->pending); break;
    case PROP_SEARCH_KEY:      g_value_set_string (value, roster_member_get_search_key (self)); break;
    case PROP_DISPLAY_NAME:    g_value_set_string (value, roster_member_get_display_name (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_member_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RosterMember *self = ROSTER_MEMBER (object);

  switch (prop_id)
    {
    case PROP_USER_ID:         self->user_id = g_value_get_int64 (value); break;
    case PROP_USERNAME:        roster_member_set_username (self, g_value_get_string (value)); break;
    case PROP_NAME:            roster_member_set_name (self, g_value_get_string (value)); break;
    case PROP_EMAIL:           roster_member_set_email (self, g_value_get_string (value)); break;
    case PROP_AVATAR_URL:      roster_member_set_avatar_url (self, g_value_get_string (value)); break;
    case PROP_STATE:           roster_member_set_state (self, g_value_get_string (value)); break;
    case PROP_ACCESS_LEVEL:    roster_member_set_access_level (self, g_value_get_int (value)); break;
    case PROP_ENTERPRISE:      roster_member_set_enterprise (self, g_value_get_boolean (value)); break;
    case PROP_MEMBER:          roster_member_set_member (self, g_value_get_boolean (value)); break;
    case PROP_SAML_EXTERN_UID: roster_member_set_saml_extern_uid (self, g_value_get_string (value)); break;
    case PROP_SCIM_EXTERN_UID: roster_member_set_scim_extern_uid (self, g_value_get_string (value)); break;
    case PROP_SCIM_ACTIVE:     roster_member_set_scim_active (self, g_value_get_enum (value)); break;
    case PROP_IDP_EXTERN_UID:  roster_member_set_idp_extern_uid (self, g_value_get_string (value)); break;
    case PROP_FINDINGS:        roster_member_set_findings (self, g_value_get_boxed (value)); break;
    case PROP_PENDING:         roster_member_set_pending (self, g_value_get_boolean (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_member_class_init (RosterMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = roster_member_finalize;
  object_class->get_property = roster_member_get_property;
  object_class->set_property = roster_member_set_property;

  properties[PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, rw);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, rw);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, NULL, rw);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, rw);
  properties[PROP_ACCESS_LEVEL] = g_param_spec_int ("access-level", NULL, NULL, 0, G_MAXINT, 0, rw);
  properties[PROP_ENTERPRISE] = g_param_spec_boolean ("enterprise", NULL, NULL, FALSE, rw);
  properties[PROP_MEMBER] = g_param_spec_boolean ("member", NULL, NULL, FALSE, rw);
  properties[PROP_SAML_EXTERN_UID] = g_param_spec_string ("saml-extern-uid", NULL, NULL, NULL, rw);
  properties[PROP_SCIM_EXTERN_UID] = g_param_spec_string ("scim-extern-uid", NULL, NULL, NULL, rw);
  properties[PROP_SCIM_ACTIVE] =
    g_param_spec_enum ("scim-active", NULL, NULL, ROSTER_TYPE_SCIM_ACTIVE,
                       ROSTER_SCIM_ACTIVE_UNKNOWN, rw);
  properties[PROP_IDP_EXTERN_UID] = g_param_spec_string ("idp-extern-uid", NULL, NULL, NULL, rw);
  /* A GPtrArray of RosterFinding; never NULL (empty when ok). */
  properties[PROP_FINDINGS] = g_param_spec_boxed ("findings", NULL, NULL, G_TYPE_PTR_ARRAY, rw);
  properties[PROP_N_FINDINGS] = g_param_spec_uint ("n-findings", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_WORST_SEVERITY] =
    g_param_spec_enum ("worst-severity", NULL, NULL, ROSTER_TYPE_SEVERITY, ROSTER_SEVERITY_OK, ro);
  properties[PROP_IS_PROBLEM] = g_param_spec_boolean ("is-problem", NULL, NULL, FALSE, ro);
  /* Listed before its identities were compared: no verdict yet. */
  properties[PROP_PENDING] = g_param_spec_boolean ("pending", NULL, NULL, FALSE, rw);
  properties[PROP_SEARCH_KEY] = g_param_spec_string ("search-key", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_member_init (RosterMember *self)
{
}

/**
 * roster_member_new:
 * @user_id: the GitLab user id
 *
 * Returns: (transfer full): a member with nothing but its id
 */
RosterMember *
roster_member_new (gint64 user_id)
{
  return g_object_new (ROSTER_TYPE_MEMBER, "user-id", user_id, NULL);
}

void
_roster_member_fill (RosterMember     *self,
                     gint64            user_id,
                     const char       *username,
                     const char       *name,
                     const char       *email,
                     const char       *avatar_url,
                     const char       *state,
                     int               access_level,
                     gboolean          enterprise,
                     gboolean          member,
                     const char       *saml_extern_uid,
                     const char       *scim_extern_uid,
                     RosterScimActive  scim_active,
                     const char       *idp_extern_uid,
                     GPtrArray        *findings,
                     gboolean          pending)
{
  enum { USERNAME, NAME, EMAIL, AVATAR_URL, STATE, SAML, SCIM, IDP, N_STRINGS };
  const char *values[N_STRINGS] = {
    username, name, email, avatar_url, state, saml_extern_uid, scim_extern_uid, idp_extern_uid
  };
  char **fields[N_STRINGS] = {
    &self->username, &self->name, &self->email, &self->avatar_url, &self->state,
    &self->saml_extern_uid, &self->scim_extern_uid, &self->idp_extern_uid
  };
  gsize offsets[N_STRINGS];
  gsize lengths[N_STRINGS];
  gsize size = 0;
  char *old_strings;
  gsize old_size;

  g_assert (ROSTER_IS_MEMBER (self));

  /* Lay the strings out in one block; an identity value equal to another
   * (SAML and SCIM usually are) is stored once. */
  for (guint i = 0; i < N_STRINGS; i++)
    {
      offsets[i] = G_MAXSIZE;
      lengths[i] = 0;
      if (values[i] == NULL)
        continue;
      for (guint j = SAML; i > SAML && j < i; j++)
        if (values[j] != NULL && strcmp (values[i], values[j]) == 0)
          {
            offsets[i] = offsets[j];
            break;
          }
      if (offsets[i] != G_MAXSIZE)
        continue;
      offsets[i] = size;
      lengths[i] = strlen (values[i]) + 1;
      size += lengths[i];
    }
  g_assert (size <= G_MAXUINT);

  /* The old values go once the new ones are copied: the caller's may point
   * into them. */
  old_strings = self->strings;
  old_size = self->strings_size;
  self->strings = size > 0 ? g_malloc (size) : NULL;
  self->strings_size = (guint) size;
  for (guint i = 0; i < N_STRINGS; i++)
    if (lengths[i] > 0)
      memcpy (self->strings + offsets[i], values[i], lengths[i]);
  for (guint i = 0; i < N_STRINGS; i++)
    {
      char *old = *fields[i];

      *fields[i] = values[i] != NULL ? self->strings + offsets[i] : NULL;
      if (!in_block (old_strings, old_size, old))
        g_free (old);
    }
  g_free (old_strings);

  self->user_id = user_id;
  self->pending = !!pending;
  self->access_level = access_level;
  self->enterprise = !!enterprise;
  self->member = !!member;
  self->scim_active = scim_active;
  if (findings != NULL)
    {
      g_clear_pointer (&self->findings, g_ptr_array_unref);
      self->findings = findings;
    }
  g_clear_pointer (&self->search_key, g_free);
}

void
_roster_member_update (RosterMember     *self,
                       const char       *username,
                       const char       *name,
                       const char       *email,
                       const char       *avatar_url,
                       const char       *state,
                       int               access_level,
                       gboolean          enterprise,
                       gboolean          member,
                       const char       *saml_extern_uid,
                       const char       *scim_extern_uid,
                       RosterScimActive  scim_active,
                       const char       *idp_extern_uid,
                       GPtrArray        *findings)
{
  g_assert (ROSTER_IS_MEMBER (self));

  g_object_freeze_notify (G_OBJECT (self));
  roster_member_set_username (self, username);
  roster_member_set_name (self, name);
  roster_member_set_email (self, email);
  roster_member_set_avatar_url (self, avatar_url);
  roster_member_set_state (self, state);
  roster_member_set_access_level (self, access_level);
  roster_member_set_enterprise (self, enterprise);
  roster_member_set_member (self, member);
  roster_member_set_saml_extern_uid (self, saml_extern_uid);
  roster_member_set_scim_extern_uid (self, scim_extern_uid);
  roster_member_set_scim_active (self, scim_active);
  roster_member_set_idp_extern_uid (self, idp_extern_uid);
  roster_member_set_findings (self, findings);
  roster_member_set_pending (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
  g_clear_pointer (&findings, g_ptr_array_unref);
}

gint64
roster_member_get_user_id (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), 0);
  return self->user_id;
}

const char *
roster_member_get_username (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);
  return self->username;
}

void
roster_member_set_username (RosterMember *self,
                            const char   *username)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  if (set_string (self, &self->username, username, PROP_USERNAME))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
      notify_search_key (self);
    }
}

const char *
roster_member_get_name (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);
  return self->name;
}

void
roster_member_set_name (RosterMember *self,
                        const char   *name)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  if (set_string (self, &self->name, name, PROP_NAME))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
      notify_search_key (self);
    }
}

const char *
roster_member_get_email (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);
  return self->email;
}

void
roster_member_set_email (RosterMember *self,
                         const char   *email)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  if (set_string (self, &self->email, email, PROP_EMAIL))
    notify_search_key (self);
}

const char *
roster_member_get_avatar_url (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);
  return self->avatar_url;
}

void
roster_member_set_avatar_url (RosterMember *self,
                              const char   *avatar_url)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  set_string (self, &self->avatar_url, avatar_url, PROP_AVATAR_URL);
}

const char *
roster_member_get_state (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);
  return self->state;
}

void
roster_member_set_state (RosterMember *self,
                         const char   *state)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  set_string (self, &self->state, state, PROP_STATE);
}

int
roster_member_get_access_level (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), 0);
  return self->access_level;
}

void
roster_member_set_access_level (RosterMember *self,
                                int           access_level)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  if (self->access_level == access_level)
    return;
  self->access_level = access_level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS_LEVEL]);
}

gboolean
roster_member_get_enterprise (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), FALSE);
  return self->enterprise;
}

void
roster_member_set_enterprise (RosterMember *self,
                              gboolean      enterprise)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  enterprise = !!enterprise;
  if (self->enterprise == enterprise)
    return;
  self->enterprise = enterprise;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTERPRISE]);
}

/**
 * roster_member_get_member:
 *
 * Returns: %TRUE when the user is a current (direct) member of the group;
 *   %FALSE for users known only through an identity (deprovisioned users)
 */
gboolean
roster_member_get_member (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), FALSE);
  return self->member;
}

void
roster_member_set_member (RosterMember *self,
                          gboolean      member)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  member = !!member;
  if (self->member == member)
    return;
  self->member = member;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
}

const char *
roster_member_get_saml_extern_uid (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);
  return self->saml_extern_uid;
}

void
roster_member_set_saml_extern_uid (RosterMember *self,
                                   const char   *extern_uid)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  if (set_string (self, &self->saml_extern_uid, extern_uid, PROP_SAML_EXTERN_UID))
    notify_search_key (self);
}

const char *
roster_member_get_scim_extern_uid (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);
  return self->scim_extern_uid;
}

void
roster_member_set_scim_extern_uid (RosterMember *self,
                                   const char   *extern_uid)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  if (set_string (self, &self->scim_extern_uid, extern_uid, PROP_SCIM_EXTERN_UID))
    notify_search_key (self);
}

RosterScimActive
roster_member_get_scim_active (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), ROSTER_SCIM_ACTIVE_UNKNOWN);
  return self->scim_active;
}

void
roster_member_set_scim_active (RosterMember     *self,
                               RosterScimActive  active)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  if (self->scim_active == active)
    return;
  self->scim_active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCIM_ACTIVE]);
}

const char *
roster_member_get_idp_extern_uid (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);
  return self->idp_extern_uid;
}

void
roster_member_set_idp_extern_uid (RosterMember *self,
                                  const char   *extern_uid)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  if (set_string (self, &self->idp_extern_uid, extern_uid, PROP_IDP_EXTERN_UID))
    notify_search_key (self);
}

/**
 * roster_member_get_findings:
 *
 * Returns: (transfer none) (element-type RosterFinding): the findings, in
 *   the order reconcile produced them; empty when the user is ok
 */
GPtrArray *
roster_member_get_findings (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);
  return ensure_findings (self);
}

static gboolean
findings_equal (GPtrArray *a,
                GPtrArray *b)
{
  guint len_a = a ? a->len : 0;
  guint len_b = b ? b->len : 0;

  if (len_a != len_b)
    return FALSE;
  for (guint i = 0; i < len_a; i++)
    if (!roster_finding_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

/**
 * roster_member_set_findings:
 * @findings: (nullable) (element-type RosterFinding): the new findings
 *
 * Replaces the findings (the array's elements are referenced, not the array).
 */
void
roster_member_set_findings (RosterMember *self,
                            GPtrArray    *findings)
{
  RosterSeverity old_worst;
  gboolean old_problem;
  guint old_len;
  GPtrArray *copy;

  g_return_if_fail (ROSTER_IS_MEMBER (self));

  if (findings_equal (self->findings, findings))
    return;

  old_worst = roster_member_get_worst_severity (self);
  old_problem = roster_member_is_problem (self);
  old_len = n_findings (self);

  copy = new_findings_array ();
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    g_ptr_array_add (copy, roster_finding_ref (g_ptr_array_index (findings, i)));
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = copy;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINDINGS]);
  if (old_len != copy->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FINDINGS]);
  if (old_worst != roster_member_get_worst_severity (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORST_SEVERITY]);
  if (old_problem != roster_member_is_problem (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_PROBLEM]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
roster_member_get_n_findings (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), 0);
  return n_findings (self);
}

/**
 * roster_member_get_finding:
 *
 * Returns: (transfer none): the finding at @position
 */
RosterFinding *
roster_member_get_finding (RosterMember *self,
                           guint         position)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);
  g_return_val_if_fail (position < n_findings (self), NULL);
  return g_ptr_array_index (self->findings, position);
}

gboolean
roster_member_has_finding (RosterMember      *self,
                           RosterFindingKind  kind)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), FALSE);

  for (guint i = 0; i < n_findings (self); i++)
    if (roster_finding_get_kind (g_ptr_array_index (self->findings, i)) == kind)
      return TRUE;
  return FALSE;
}

/**
 * roster_member_get_worst_severity:
 *
 * Returns: the highest severity among the findings, %ROSTER_SEVERITY_OK
 *   when there is none
 */
RosterSeverity
roster_member_get_worst_severity (RosterMember *self)
{
  RosterSeverity worst = ROSTER_SEVERITY_OK;

  g_return_val_if_fail (ROSTER_IS_MEMBER (self), ROSTER_SEVERITY_OK);

  for (guint i = 0; i < n_findings (self); i++)
    worst = MAX (worst, roster_finding_get_severity (g_ptr_array_index (self->findings, i)));
  return worst;
}

/**
 * roster_member_is_problem:
 *
 * Returns: %TRUE when a finding is a warning or an error (design.md §4)
 */
gboolean
roster_member_is_problem (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), FALSE);
  return roster_severity_is_problem (roster_member_get_worst_severity (self));
}

/**
 * roster_member_get_pending:
 *
 * A member is pending from the moment it is listed (while a group loads,
 * rows show as soon as their page arrives) until the reconcile has compared
 * its identities. Until then its findings are unknown, not absent: nothing
 * should say it is fine.
 *
 * Returns: %TRUE while the member's identities are not compared yet
 */
gboolean
roster_member_get_pending (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), FALSE);
  return self->pending;
}

/**
 * roster_member_set_pending:
 *
 * Marks @self as listed but not compared yet (see roster_member_get_pending());
 * the reconcile clears it when it gives the member its findings.
 */
void
roster_member_set_pending (RosterMember *self,
                           gboolean      pending)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  pending = !!pending;
  if (self->pending == pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/**
 * roster_member_get_search_key:
 *
 * Returns: (transfer none): name, username, email and the three identity
 *   values, case-folded (roster_text_fold_key()) and separated by newlines:
 *   what the search entry filters on. Cached until one of them changes.
 */
const char *
roster_member_get_search_key (RosterMember *self)
{
  g_autoptr(GString) key = NULL;

  g_return_val_if_fail (ROSTER_IS_MEMBER (self), NULL);

  if (self->search_key != NULL)
    return self->search_key;

  key = g_string_new (NULL);
  for (guint i = 0; i < 6; i++)
    {
      const char *parts[] = { self->name, self->username, self->email,
                              self->saml_extern_uid, self->scim_extern_uid,
                              self->idp_extern_uid };
      g_autofree char *folded = roster_text_fold_key (parts[i]);

      if (folded == NULL)
        continue;
      if (key->len > 0)
        g_string_append_c (key, '\n');
      g_string_append (key, folded);
    }
  self->search_key = g_string_free (g_steal_pointer (&key), FALSE);

  return self->search_key;
}

/**
 * roster_member_matches:
 * @folded_query: a query folded with roster_text_fold_key()
 *
 * Returns: %TRUE when the query occurs in the search key (an empty query
 *   matches everyone)
 */
gboolean
roster_member_matches (RosterMember *self,
                       const char   *folded_query)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), FALSE);

  if (folded_query == NULL || *folded_query == '\0')
    return TRUE;
  return strstr (roster_member_get_search_key (self), folded_query) != NULL;
}

/**
 * roster_member_get_display_name:
 *
 * Returns: (transfer none): the name, else the username, else "" (never
 *   %NULL)
 */
const char *
roster_member_get_display_name (RosterMember *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (self), "");

  if (self->name != NULL && *self->name != '\0')
    return self->name;
  if (self->username != NULL)
    return self->username;
  return "";
}

/**
 * roster_member_update_from:
 * @other: a member with the same user id (e.g. from a new reconcile)
 *
 * Copies every property of @other into @self, notifying only those that
 * change: a list row bound to @self updates in place.
 */
void
roster_member_update_from (RosterMember *self,
                           RosterMember *other)
{
  g_return_if_fail (ROSTER_IS_MEMBER (self));
  g_return_if_fail (ROSTER_IS_MEMBER (other));
  g_return_if_fail (self->user_id == other->user_id);

  g_object_freeze_notify (G_OBJECT (self));
  roster_member_set_username (self, other->username);
  roster_member_set_name (self, other->name);
  roster_member_set_email (self, other->email);
  roster_member_set_avatar_url (self, other->avatar_url);
  roster_member_set_state (self, other->state);
  roster_member_set_access_level (self, other->access_level);
  roster_member_set_enterprise (self, other->enterprise);
  roster_member_set_member (self, other->member);
  roster_member_set_saml_extern_uid (self, other->saml_extern_uid);
  roster_member_set_scim_extern_uid (self, other->scim_extern_uid);
  roster_member_set_scim_active (self, other->scim_active);
  roster_member_set_idp_extern_uid (self, other->idp_extern_uid);
  roster_member_set_findings (self, other->findings);
  roster_member_set_pending (self, other->pending);
  g_object_thaw_notify (G_OBJECT (self));
}
