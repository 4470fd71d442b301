/* roster-enterprise-reader.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-enterprise-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-enterprise-reader.h"
#include "roster-error.h"
#include "roster-json-reader.h"

/* A reader for one page of `GET /groups/:id/enterprise_users`, without a
 * JSON tree.
 *
 * At 100 000 enterprise users the listing is 1 000 pages of full user
 * objects (~45 members each, two nested lists of identities). Built as a
 * json-glib tree first, each page costs tens of thousands of small
 * allocations and hash tables; this reader walks the bytes once, keeps only
 * the members Roster reads, and builds the RosterGitlabEnterpriseUser
 * records directly, in whatever thread it is called.
 *
 * It reads exactly RFC 8259 JSON (roster-json-reader.h): a body json-glib
 * rejects is rejected here too. The records are what
 * roster_gitlab_enterprise_users_parse() makes of the same document: the
 * same checks in the same order (enterprise_user_item_parse() and
 * links_parse() in roster-gitlab-types.c, whatever the order of the
 * members in the objects), the same messages ("identities[1].extern_uid is
 * empty"), the last of duplicate members winning as in json-glib (a
 * repeated `identities` list replaces the first one whole), and a syntax
 * error anywhere in the document winning over a record error, as it does
 * when the whole tree is parsed first. */

#define ID_FLAGS (ROSTER_JSON_REQUIRED | ROSTER_JSON_LENIENT)

/* The members of a user object that are read, in the order the tree parser
 * checks them. */
typedef enum
{
  F_ID,
  F_USERNAME,
  F_NAME,
  F_STATE,
  F_EMAIL,
  F_IDENTITIES,
  F_SCIM_IDENTITIES,
  N_FIELDS
} FieldId;

static const char * const field_names[N_FIELDS] = {
  [F_ID] = "id",
  [F_USERNAME] = "username",
  [F_NAME] = "name",
  [F_STATE] = "state",
  [F_EMAIL] = "email",
  [F_IDENTITIES] = "identities",
  [F_SCIM_IDENTITIES] = "scim_identities",
};

/* The members of an element of `identities` (`provider`, `extern_uid`,
 * `saml_provider_id`) or of `scim_identities` (`extern_uid`, `group_id`,
 * `active`): both kinds are read, each kind checks its own. */
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

/* One element of an identities list. */
typedef struct
{
  gboolean        is_object;
  RosterJsonField fields[N_LINK_FIELDS];
} Link;

/* The elements of an identities list, when its value is an array. Links
 * are kept from one user to the next and reused. */
typedef struct
{
  GPtrArray *links;  /* of Link */
  guint      n;      /* in use for the current user */
} LinkList;

typedef struct
{
  RosterJsonField fields[N_FIELDS];  /* F_IDENTITIES, F_SCIM_IDENTITIES: the list's own kind */
  LinkList        saml;
  LinkList        scim;
} Record;

static void
link_free (Link *link)
{
  for (guint i = 0; i < N_LINK_FIELDS; i++)
    roster_json_field_clear (&link->fields[i]);
  g_free (link);
}

static void
record_init (Record *rec)
{
  for (guint i = 0; i < N_FIELDS; i++)
    roster_json_field_init (&rec->fields[i]);
  rec->saml.links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  rec->scim.links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  rec->saml.n = rec->scim.n = 0;
}

static void
record_clear (Record *rec)
{
  for (guint i = 0; i < N_FIELDS; i++)
    roster_json_field_clear (&rec->fields[i]);
  g_clear_pointer (&rec->saml.links, g_ptr_array_unref);
  g_clear_pointer (&rec->scim.links, g_ptr_array_unref);
}

static void
record_reset (Record *rec)
{
  for (guint i = 0; i < N_FIELDS; i++)
    roster_json_field_reset (&rec->fields[i]);
  rec->saml.n = rec->scim.n = 0;
}

/* The next link of @list, absent fields. */
static Link *
link_list_next (LinkList *list)
{
  Link *link;

  if (list->n == list->links->len)
    {
      link = g_new0 (Link, 1);
      for (guint i = 0; i < N_LINK_FIELDS; i++)
        roster_json_field_init (&link->fields[i]);
      g_ptr_array_add (list->links, link);
    }
  link = g_ptr_array_index (list->links, list->n++);
  for (guint i = 0; i < N_LINK_FIELDS; i++)
    roster_json_field_reset (&link->fields[i]);
  link->is_object = FALSE;
  return link;
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

/* The value of `identities` or `scim_identities`: its kind in @value, and,
 * for an array, its elements in @list. A later duplicate replaces it whole,
 * as in json-glib. */
static void
read_links (RosterJsonReader *r,
            GString          *name,
            RosterJsonField  *value,
            LinkList         *list)
{
  guint i = 0;

  list->n = 0;
  if (roster_json_reader_peek (r) != '[')
    {
      roster_json_reader_read_value (r, value);
      return;
    }

  value->kind = ROSTER_JSON_VALUE_ARRAY;
  while (roster_json_reader_next_element (r, &i))
    {
      Link *link = link_list_next (list);
      guint n = 0;

      if (roster_json_reader_peek (r) != '{')
        {
          roster_json_reader_read_value (r, NULL);
          continue;
        }

      link->is_object = TRUE;
      while (roster_json_reader_next_member (r, &n, name))
        {
          int f = find_name (name, link_names, N_LINK_FIELDS);

          roster_json_reader_read_value (r, f >= 0 ? &link->fields[f] : NULL);
        }
    }
}

/* One user object; the reader is on its `{`. */
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

      if (i == F_IDENTITIES)
        read_links (r, name, &rec->fields[F_IDENTITIES], &rec->saml);
      else if (i == F_SCIM_IDENTITIES)
        read_links (r, name, &rec->fields[F_SCIM_IDENTITIES], &rec->scim);
      else
        roster_json_reader_read_value (r, i >= 0 ? &rec->fields[i] : NULL);
    }
}

/* "identities[0]" in @label (of @prefix_len bytes) followed by ".member". */
static const char *
link_label (char       *label,
            gsize       size,
            int         prefix_len,
            const char *member)
{
  g_snprintf (label + prefix_len, size - (gsize) prefix_len, ".%s", member);
  return label;
}

/* identity_parse() for IDENTITY_LINK, in roster-gitlab-types.c, with its
 * labels ("scim_identities[0].active"). */
static RosterGitlabIdentity *
check_link (const Link          *link,
            const char          *key,
            guint                index,
            RosterIdentityKind   kind,
            gint64               user_id,
            GError             **error)
{
  g_autoptr(RosterGitlabIdentity) self = NULL;
  /* "scim_identities[4294967295].saml_provider_id" and its NUL fit. */
  char label[64];
  int prefix_len;

  prefix_len = g_snprintf (label, sizeof label, "%s[%u]", key, index);
  if (!link->is_object)
    {
      roster_json_set_detail (error, _("%.*s is not an object"), prefix_len, label);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (RosterGitlabIdentity);
  self->kind = kind;
  self->active = TRUE;
  self->user_id = user_id;

  if (!roster_json_field_get_string (&link->fields[L_EXTERN_UID],
                                     link_label (label, sizeof label, prefix_len, "extern_uid"),
                                     ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY,
                                     &self->extern_uid, error))
    return NULL;

  if (kind == ROSTER_IDENTITY_SCIM)
    {
      /* A null column means active in GitLab's model. */
      if (!roster_json_field_get_boolean (&link->fields[L_ACTIVE],
                                          link_label (label, sizeof label, prefix_len, "active"),
                                          ROSTER_JSON_NULLABLE, &self->active, NULL, error) ||
          !roster_json_field_get_int (&link->fields[L_GROUP_ID],
                                      link_label (label, sizeof label, prefix_len, "group_id"),
                                      ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT,
                                      1, ROSTER_JSON_MAX_ID, &self->group_id, NULL, error))
        return NULL;
    }
  else
    {
      if (!roster_json_field_get_string (&link->fields[L_PROVIDER],
                                         link_label (label, sizeof label, prefix_len, "provider"),
                                         ROSTER_JSON_NULLABLE, &self->provider, error) ||
          !roster_json_field_get_int (&link->fields[L_SAML_PROVIDER_ID],
                                      link_label (label, sizeof label, prefix_len, "saml_provider_id"),
                                      ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT,
                                      1, ROSTER_JSON_MAX_ID, &self->saml_provider_id, NULL, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

/* links_parse() in roster-gitlab-types.c: the list may be absent or null;
 * each element is checked in turn, the first bad one reported. */
static gboolean
check_links (const RosterJsonField  *value,
             const LinkList         *list,
             const char             *key,
             RosterIdentityKind      kind,
             gint64                  user_id,
             GPtrArray              *out,
             GError                **error)
{
  switch (value->kind)
    {
    case ROSTER_JSON_VALUE_ABSENT:
    case ROSTER_JSON_VALUE_NULL:
      return TRUE;
    case ROSTER_JSON_VALUE_ARRAY:
      break;
    case ROSTER_JSON_VALUE_STRING:
    case ROSTER_JSON_VALUE_INT:
    case ROSTER_JSON_VALUE_BIG_INT:
    case ROSTER_JSON_VALUE_DOUBLE:
    case ROSTER_JSON_VALUE_TRUE:
    case ROSTER_JSON_VALUE_FALSE:
    case ROSTER_JSON_VALUE_OBJECT:
    default:
      roster_json_set_detail (error, _("%s is not a list"), key);
      return FALSE;
    }

  for (guint i = 0; i < list->n; i++)
    {
      RosterGitlabIdentity *identity = check_link (g_ptr_array_index (list->links, i), key, i, kind,
                                                   user_id, error);

      if (identity == NULL)
        return FALSE;
      g_ptr_array_add (out, identity);
    }
  return TRUE;
}

/* enterprise_user_item_parse() in roster-gitlab-types.c, check for check. */
static RosterGitlabEnterpriseUser *
check_record (const Record  *rec,
              GError       **error)
{
  g_autoptr(RosterGitlabEnterpriseUser) self = g_atomic_rc_box_new0 (RosterGitlabEnterpriseUser);
  const RosterJsonField *f = rec->fields;

  self->identities = g_ptr_array_new_full (rec->saml.n, (GDestroyNotify) roster_gitlab_identity_unref);
  self->scim_identities = g_ptr_array_new_full (rec->scim.n, (GDestroyNotify) roster_gitlab_identity_unref);

  if (!roster_json_field_get_int (&f[F_ID], "id", ID_FLAGS, 1, ROSTER_JSON_MAX_ID, &self->id, NULL, error) ||
      !roster_json_field_get_string (&f[F_USERNAME], "username", ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY,
                                     &self->username, error) ||
      !roster_json_field_get_string (&f[F_NAME], "name", ROSTER_JSON_NULLABLE, &self->name, error) ||
      !roster_json_field_get_string (&f[F_STATE], "state", ROSTER_JSON_NULLABLE, &self->state, error) ||
      !roster_json_field_get_string (&f[F_EMAIL], "email", ROSTER_JSON_NULLABLE, &self->email, error) ||
      !check_links (&f[F_IDENTITIES], &rec->saml, "identities", ROSTER_IDENTITY_SAML, self->id,
                    self->identities, error) ||
      !check_links (&f[F_SCIM_IDENTITIES], &rec->scim, "scim_identities", ROSTER_IDENTITY_SCIM, self->id,
                    self->scim_identities, error))
    return NULL;

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
 * roster_enterprise_reader_parse_list:
 * @data: the body of one page of `GET /groups/:id/enterprise_users`
 * @size: its length
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Reads a top-level array of user objects in one pass, without a JSON
 * tree: what roster_gitlab_enterprise_users_parse() returns for the same
 * document, or the same error when a user is not valid. Unknown members are
 * skipped, whatever they hold (nested up to %ROSTER_HTTP_MAX_JSON_DEPTH
 * levels). Safe to call from any thread.
 *
 * Returns: (transfer full) (element-type RosterGitlabEnterpriseUser): the
 *   users, or %NULL with @error set
 */
GPtrArray *
roster_enterprise_reader_parse_list (const char  *data,
                                     gsize        size,
                                     GError     **error)
{
  Record rec;
  GPtrArray *list;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  record_init (&rec);
  list = roster_json_reader_parse_list (data, size, _("list of enterprise users"),
                                        read_list_record, &rec,
                                        (GDestroyNotify) roster_gitlab_enterprise_user_unref, error);
  record_clear (&rec);
  return list;
}
