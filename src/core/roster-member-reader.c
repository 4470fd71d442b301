/* roster-member-reader.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-member-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-error.h"
#include "roster-json-reader.h"
#include "roster-member-reader.h"

/* A reader for one page of `GET /groups/:id/members`, without a JSON tree.
 *
 * A listing of 100 000 members is 1 000 such pages. Built as a json-glib
 * tree first, each page costs a few thousand small allocations, hash
 * tables and their frees; this reader walks the bytes once and builds the
 * RosterGitlabMember records directly, in whatever thread it is called.
 *
 * It reads exactly RFC 8259 JSON (roster-json-reader.h): a body json-glib
 * rejects is rejected here too. The records are what
 * roster_gitlab_members_parse() makes of the same document: the same
 * checks in the same order (member_item_parse() in roster-gitlab-types.c,
 * whatever the order of the members in the object), the same messages, the
 * last of duplicate members winning as in json-glib, and a syntax error
 * anywhere in the document winning over a record error, as it does when
 * the whole tree is parsed first. */

#define ID_FLAGS (ROSTER_JSON_REQUIRED | ROSTER_JSON_LENIENT)

/* The members of a member object that are read, in the order the tree
 * parser checks them. */
typedef enum
{
  F_ID,
  F_USERNAME,
  F_NAME,
  F_STATE,
  F_LOCKED,
  F_AVATAR_URL,
  F_WEB_URL,
  F_ACCESS_LEVEL,
  F_CREATED_AT,
  F_EXPIRES_AT,
  F_CREATED_BY,
  F_EMAIL,
  F_IS_USING_SEAT,
  F_MEMBERSHIP_STATE,
  F_SAML,
  F_SCIM,
  N_FIELDS
} FieldId;

static const char * const field_names[N_FIELDS] = {
  [F_ID] = "id",
  [F_USERNAME] = "username",
  [F_NAME] = "name",
  [F_STATE] = "state",
  [F_LOCKED] = "locked",
  [F_AVATAR_URL] = "avatar_url",
  [F_WEB_URL] = "web_url",
  [F_ACCESS_LEVEL] = "access_level",
  [F_CREATED_AT] = "created_at",
  [F_EXPIRES_AT] = "expires_at",
  [F_CREATED_BY] = "created_by",
  [F_EMAIL] = "email",
  [F_IS_USING_SEAT] = "is_using_seat",
  [F_MEMBERSHIP_STATE] = "membership_state",
  [F_SAML] = "group_saml_identity",
  [F_SCIM] = "group_scim_identity",
};

/* The members of an identity link (`group_saml_identity`,
 * `group_scim_identity`). */
typedef enum
{
  L_EXTERN_UID,
  L_PROVIDER,
  L_SAML_PROVIDER_ID,
  L_ACTIVE,
  L_GROUP_ID,
  N_LINK_FIELDS
} LinkFieldId;

static const char * const link_names[N_LINK_FIELDS] = {
  [L_EXTERN_UID] = "extern_uid",
  [L_PROVIDER] = "provider",
  [L_SAML_PROVIDER_ID] = "saml_provider_id",
  [L_ACTIVE] = "active",
  [L_GROUP_ID] = "group_id",
};

/* A link's members when its value is an object. */
typedef struct
{
  RosterJsonField fields[N_LINK_FIELDS];
} Link;

typedef struct
{
  RosterJsonField fields[N_FIELDS];  /* F_SAML, F_SCIM: the link's own kind */
  Link            saml;
  Link            scim;
} Record;

static void
record_init (Record *rec)
{
  for (guint i = 0; i < N_FIELDS; i++)
    roster_json_field_init (&rec->fields[i]);
  for (guint i = 0; i < N_LINK_FIELDS; i++)
    {
      roster_json_field_init (&rec->saml.fields[i]);
      roster_json_field_init (&rec->scim.fields[i]);
    }
}

static void
record_clear (Record *rec)
{
  for (guint i = 0; i < N_FIELDS; i++)
    roster_json_field_clear (&rec->fields[i]);
  for (guint i = 0; i < N_LINK_FIELDS; i++)
    {
      roster_json_field_clear (&rec->saml.fields[i]);
      roster_json_field_clear (&rec->scim.fields[i]);
    }
}

static void
record_reset (Record *rec)
{
  for (guint i = 0; i < N_FIELDS; i++)
    roster_json_field_reset (&rec->fields[i]);
}

static int
find_name (const GString      *name,
           const char * const *names,
           int                 n_names)
{
  for (int i = 0; i < n_names; i++)
    if (strncmp (names[i], name->str, name->len + 1) == 0)
      return i;
  return -1;
}

/* The value of `group_saml_identity` or `group_scim_identity`: its kind in
 * @value, and, for an object, its members in @link. A later duplicate
 * replaces it whole, as in json-glib. */
static void
read_link (RosterJsonReader *r,
           GString          *name,
           RosterJsonField  *value,
           Link             *link)
{
  guint n = 0;

  for (guint i = 0; i < N_LINK_FIELDS; i++)
    roster_json_field_reset (&link->fields[i]);

  if (roster_json_reader_peek (r) != '{')
    {
      roster_json_reader_read_value (r, value);
      return;
    }

  value->kind = ROSTER_JSON_VALUE_OBJECT;
  while (roster_json_reader_next_member (r, &n, name))
    {
      int i = find_name (name, link_names, N_LINK_FIELDS);

      roster_json_reader_read_value (r, i >= 0 ? &link->fields[i] : NULL);
    }
}

/* One member object; the reader is on its `{`. */
static void
read_record (RosterJsonReader *r,
             GString          *name,
             Record           *rec)
{
  guint n = 0;

  record_reset (rec);
  while (roster_json_reader_next_member (r, &n, name))
    {
      int i = find_name (name, field_names, N_FIELDS);

      if (i == F_SAML)
        read_link (r, name, &rec->fields[F_SAML], &rec->saml);
      else if (i == F_SCIM)
        read_link (r, name, &rec->fields[F_SCIM], &rec->scim);
      else
        roster_json_reader_read_value (r, i >= 0 ? &rec->fields[i] : NULL);
    }
}

static RosterPresence
presence_of (const RosterJsonField *field)
{
  if (field->kind == ROSTER_JSON_VALUE_ABSENT)
    return ROSTER_PRESENCE_ABSENT;
  if (field->kind == ROSTER_JSON_VALUE_NULL)
    return ROSTER_PRESENCE_NULL;
  return ROSTER_PRESENCE_SET;
}

/* identity_parse() for IDENTITY_LINK, in roster-gitlab-types.c, with its
 * labels ("group_scim_identity.active"). */
static gboolean
check_link (const RosterJsonField  *value,
            const Link             *link,
            RosterIdentityKind      kind,
            gint64                  user_id,
            RosterPresence         *presence,
            RosterGitlabIdentity  **out,
            GError                **error)
{
  g_autoptr(RosterGitlabIdentity) self = NULL;
  gboolean saml = kind == ROSTER_IDENTITY_SAML;
  const char *key = saml ? "group_saml_identity" : "group_scim_identity";

  *presence = presence_of (value);
  if (*presence != ROSTER_PRESENCE_SET)
    return TRUE;

  if (value->kind != ROSTER_JSON_VALUE_OBJECT)
    {
      roster_json_set_detail (error, _("%.*s is not an object"), (int) strlen (key), key);
      return FALSE;
    }

  self = g_atomic_rc_box_new0 (RosterGitlabIdentity);
  self->kind = kind;
  self->active = TRUE;
  self->user_id = user_id;

  if (!roster_json_field_get_string (&link->fields[L_EXTERN_UID],
                                     saml ? "group_saml_identity.extern_uid" : "group_scim_identity.extern_uid",
                                     ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY,
                                     &self->extern_uid, error))
    return FALSE;

  if (!saml)
    {
      if (!roster_json_field_get_boolean (&link->fields[L_ACTIVE], "group_scim_identity.active",
                                          ROSTER_JSON_NULLABLE, &self->active, NULL, error) ||
          !roster_json_field_get_int (&link->fields[L_GROUP_ID], "group_scim_identity.group_id",
                                      ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT,
                                      1, ROSTER_JSON_MAX_ID, &self->group_id, NULL, error))
        return FALSE;
    }
  else
    {
      if (!roster_json_field_get_string (&link->fields[L_PROVIDER], "group_saml_identity.provider",
                                         ROSTER_JSON_NULLABLE, &self->provider, error) ||
          !roster_json_field_get_int (&link->fields[L_SAML_PROVIDER_ID], "group_saml_identity.saml_provider_id",
                                      ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT,
                                      1, ROSTER_JSON_MAX_ID, &self->saml_provider_id, NULL, error))
        return FALSE;
    }

  *out = g_steal_pointer (&self);
  return TRUE;
}

/* member_item_parse() in roster-gitlab-types.c, check for check. */
static RosterGitlabMember *
check_record (const Record  *rec,
              GError       **error)
{
  g_autoptr(RosterGitlabMember) self = g_atomic_rc_box_new0 (RosterGitlabMember);
  const RosterJsonField *f = rec->fields;
  gint64 access_level = 0;

  if (!roster_json_field_get_int (&f[F_ID], "id", ID_FLAGS, 1, ROSTER_JSON_MAX_ID, &self->id, NULL, error) ||
      !roster_json_field_get_string (&f[F_USERNAME], "username", ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY,
                                     &self->username, error) ||
      !roster_json_field_get_string (&f[F_NAME], "name", ROSTER_JSON_NULLABLE, &self->name, error) ||
      !roster_json_field_get_string (&f[F_STATE], "state", ROSTER_JSON_NULLABLE, &self->state, error) ||
      !roster_json_field_get_boolean (&f[F_LOCKED], "locked", ROSTER_JSON_NULLABLE, &self->locked, NULL, error) ||
      !roster_json_field_get_string (&f[F_AVATAR_URL], "avatar_url", ROSTER_JSON_NULLABLE,
                                     &self->avatar_url, error) ||
      !roster_json_field_get_string (&f[F_WEB_URL], "web_url", ROSTER_JSON_NULLABLE, &self->web_url, error) ||
      !roster_json_field_get_int (&f[F_ACCESS_LEVEL], "access_level", ROSTER_JSON_REQUIRED, 0, 100,
                                  &access_level, NULL, error) ||
      !roster_json_field_get_string (&f[F_CREATED_AT], "created_at", ROSTER_JSON_NULLABLE,
                                     &self->created_at, error) ||
      !roster_json_field_get_string (&f[F_EXPIRES_AT], "expires_at", ROSTER_JSON_NULLABLE,
                                     &self->expires_at, error) ||
      !roster_json_field_check_object (&f[F_CREATED_BY], "created_by", ROSTER_JSON_NULLABLE, error) ||
      !roster_json_field_get_string (&f[F_EMAIL], "email", ROSTER_JSON_NULLABLE, &self->email, error) ||
      !roster_json_field_get_boolean (&f[F_IS_USING_SEAT], "is_using_seat", ROSTER_JSON_NULLABLE,
                                      &self->is_using_seat, &self->has_seat_info, error) ||
      !roster_json_field_get_string (&f[F_MEMBERSHIP_STATE], "membership_state", ROSTER_JSON_NULLABLE,
                                     &self->membership_state, error) ||
      !check_link (&f[F_SAML], &rec->saml, ROSTER_IDENTITY_SAML, self->id,
                   &self->saml_presence, &self->saml_identity, error) ||
      !check_link (&f[F_SCIM], &rec->scim, ROSTER_IDENTITY_SCIM, self->id,
                   &self->scim_presence, &self->scim_identity, error))
    return NULL;

  self->access_level = (int) access_level;
  self->has_created_by = f[F_CREATED_BY].kind == ROSTER_JSON_VALUE_OBJECT;
  self->email_presence = presence_of (&f[F_EMAIL]);
  /* An empty email says nothing either. */
  if (self->email != NULL && self->email[0] == '\0')
    {
      g_clear_pointer (&self->email, g_free);
      self->email_presence = ROSTER_PRESENCE_NULL;
    }

  return g_steal_pointer (&self);
}

/* What roster_json_reader_parse_list() reads each record with: one
 * Record (user_data), reused from record to record. */
static gpointer
read_list_record (RosterJsonReader  *r,
                  GString           *name,
                  gpointer           user_data,
                  GError           **error)
{
  Record *rec = user_data;

  read_record (r, name, rec);
  if (r->error != NULL)
    return NULL;
  return check_record (rec, error);
}

/**
 * roster_member_reader_parse_list:
 * @data: the body of one page of `GET /groups/:id/members` (or
 *   `/members/all`)
 * @size: its length
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Reads a top-level array of member objects in one pass, without a JSON
 * tree: what roster_gitlab_members_parse() returns for the same document,
 * or the same error when a member is not valid. Unknown members are
 * skipped, whatever they hold (nested up to %ROSTER_HTTP_MAX_JSON_DEPTH
 * levels). Safe to call from any thread.
 *
 * Returns: (transfer full) (element-type RosterGitlabMember): the members,
 *   or %NULL with @error set
 */
GPtrArray *
roster_member_reader_parse_list (const char  *data,
                                 gsize        size,
                                 GError     **error)
{
  Record rec;
  GPtrArray *list;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  record_init (&rec);
  list = roster_json_reader_parse_list (data, size, _("list of group members"),
                                        read_list_record, &rec,
                                        (GDestroyNotify) roster_gitlab_member_unref, error);
  record_clear (&rec);
  return list;
}
