/* roster-gitlab-types.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-gitlab-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-gitlab-types.h"
#include "roster-json-private.h"

#define ID_FLAGS (ROSTER_JSON_REQUIRED | ROSTER_JSON_LENIENT)

G_DEFINE_BOXED_TYPE (RosterGitlabIdentity, roster_gitlab_identity,
                     roster_gitlab_identity_ref, roster_gitlab_identity_unref)
G_DEFINE_BOXED_TYPE (RosterGitlabMember, roster_gitlab_member,
                     roster_gitlab_member_ref, roster_gitlab_member_unref)
G_DEFINE_BOXED_TYPE (RosterGitlabEnterpriseUser, roster_gitlab_enterprise_user,
                     roster_gitlab_enterprise_user_ref, roster_gitlab_enterprise_user_unref)
G_DEFINE_BOXED_TYPE (RosterGitlabGroup, roster_gitlab_group,
                     roster_gitlab_group_ref, roster_gitlab_group_unref)
G_DEFINE_BOXED_TYPE (RosterGitlabErrorBody, roster_gitlab_error_body,
                     roster_gitlab_error_body_ref, roster_gitlab_error_body_unref)
G_DEFINE_BOXED_TYPE (RosterGitlabUser, roster_gitlab_user,
                     roster_gitlab_user_ref, roster_gitlab_user_unref)
G_DEFINE_BOXED_TYPE (RosterGitlabTokenInfo, roster_gitlab_token_info,
                     roster_gitlab_token_info_ref, roster_gitlab_token_info_unref)

/**
 * roster_identity_kind_to_string:
 * @kind: a #RosterIdentityKind
 *
 * Returns: (transfer none): "saml" or "scim", as in REST paths and JSON
 */
const char *
roster_identity_kind_to_string (RosterIdentityKind kind)
{
  switch (kind)
    {
    case ROSTER_IDENTITY_SAML: return "saml";
    case ROSTER_IDENTITY_SCIM: return "scim";
    default:                   return "unknown";
    }
}

static const char *
identities_what (RosterIdentityKind kind)
{
  return kind == ROSTER_IDENTITY_SAML ? _("list of SAML identities") : _("list of SCIM identities");
}

/* A list parser: applies parse to each element of an array node, wrapping
 * errors with the item number. */
typedef gpointer (*ItemParser) (JsonNode  *node,
                                gpointer   data,
                                GError   **error);

static GPtrArray *
parse_list (JsonNode        *node,
            const char      *what,
            ItemParser       parse,
            gpointer         data,
            GDestroyNotify   free_func,
            GError         **error)
{
  g_autoptr(GPtrArray) items = NULL;
  JsonArray *array;
  guint n;

  if (!(array = roster_json_node_get_array (node)))
    {
      roster_json_set_detail (error, _("it is not a list"));
      roster_json_wrap_error (error, what, 0);
      return NULL;
    }

  n = json_array_get_length (array);
  items = g_ptr_array_new_full (n, free_func);
  for (guint i = 0; i < n; i++)
    {
      gpointer item = parse (json_array_get_element (array, i), data, error);

      if (item == NULL)
        {
          roster_json_wrap_error (error, what, i + 1);
          return NULL;
        }
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

/* RosterGitlabIdentity */

static void
identity_clear (RosterGitlabIdentity *self)
{
  g_free (self->extern_uid);
  g_free (self->provider);
}

/**
 * roster_gitlab_identity_new:
 * @kind: SAML or SCIM
 * @extern_uid: the value
 * @user_id: the user
 * @active: SCIM active flag (ignored for SAML)
 *
 * Returns: (transfer full): a new identity
 */
RosterGitlabIdentity *
roster_gitlab_identity_new (RosterIdentityKind  kind,
                            const char         *extern_uid,
                            gint64              user_id,
                            gboolean            active)
{
  RosterGitlabIdentity *self;

  g_return_val_if_fail (extern_uid != NULL, NULL);

  self = g_atomic_rc_box_new0 (RosterGitlabIdentity);
  self->kind = kind;
  self->extern_uid = g_strdup (extern_uid);
  self->user_id = user_id;
  self->active = kind == ROSTER_IDENTITY_SAML ? TRUE : !!active;
  return self;
}

RosterGitlabIdentity *
roster_gitlab_identity_ref (RosterGitlabIdentity *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_gitlab_identity_unref (RosterGitlabIdentity *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) identity_clear);
}

typedef enum
{
  IDENTITY_REST,        /* {extern_uid, user_id[, active]} */
  IDENTITY_LINK,        /* members/enterprise: {provider, extern_uid, saml_provider_id} or
                           {extern_uid, group_id, active}; no user_id */
} IdentityShape;

static RosterGitlabIdentity *
identity_parse (JsonNode            *node,
                RosterIdentityKind   kind,
                IdentityShape        shape,
                const char          *prefix,
                gint64               user_id,
                GError             **error)
{
  g_autoptr(RosterGitlabIdentity) self = NULL;
  g_autofree char *l_extern_uid = g_strconcat (prefix, "extern_uid", NULL);
  g_autofree char *l_user_id = g_strconcat (prefix, "user_id", NULL);
  g_autofree char *l_active = g_strconcat (prefix, "active", NULL);
  g_autofree char *l_provider = g_strconcat (prefix, "provider", NULL);
  g_autofree char *l_provider_id = g_strconcat (prefix, "saml_provider_id", NULL);
  g_autofree char *l_group_id = g_strconcat (prefix, "group_id", NULL);
  JsonObject *object;

  if (!(object = roster_json_node_get_object (node)))
    {
      if (*prefix == '\0')
        roster_json_set_detail (error, _("it is not an object"));
      else
        roster_json_set_detail (error, _("%.*s is not an object"), (int) strlen (prefix) - 1, prefix);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (RosterGitlabIdentity);
  self->kind = kind;
  self->active = TRUE;
  self->user_id = user_id;

  if (!roster_json_get_string (object, "extern_uid", l_extern_uid,
                               ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY,
                               &self->extern_uid, error))
    return NULL;

  if (shape == IDENTITY_REST &&
      !roster_json_get_int (object, "user_id", l_user_id, ID_FLAGS, 1, ROSTER_JSON_MAX_ID,
                            &self->user_id, NULL, error))
    return NULL;

  if (kind == ROSTER_IDENTITY_SCIM)
    {
      /* REST lists always send it; the members API too. A null column
       * means active in GitLab's model. */
      if (!roster_json_get_boolean (object, "active", l_active,
                                    (shape == IDENTITY_REST ? ROSTER_JSON_REQUIRED : 0) | ROSTER_JSON_NULLABLE,
                                    &self->active, NULL, error))
        return NULL;
      if (shape == IDENTITY_LINK &&
          !roster_json_get_int (object, "group_id", l_group_id, ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT,
                                1, ROSTER_JSON_MAX_ID, &self->group_id, NULL, error))
        return NULL;
    }
  else if (shape == IDENTITY_LINK)
    {
      if (!roster_json_get_string (object, "provider", l_provider, ROSTER_JSON_NULLABLE,
                                   &self->provider, error) ||
          !roster_json_get_int (object, "saml_provider_id", l_provider_id,
                                ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT,
                                1, ROSTER_JSON_MAX_ID, &self->saml_provider_id, NULL, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * roster_gitlab_identity_parse:
 * @node: a JSON node from the server
 * @kind: which identity endpoint answered
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Reads one `{extern_uid, user_id[, active]}` record (REST identity
 * endpoints). `user_id` may be a number or a string of digits (GitLab's SAML
 * doc calls it a string).
 *
 * Returns: (transfer full): the identity, or %NULL with @error set
 */
RosterGitlabIdentity *
roster_gitlab_identity_parse (JsonNode            *node,
                              RosterIdentityKind   kind,
                              GError             **error)
{
  RosterGitlabIdentity *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(self = identity_parse (node, kind, IDENTITY_REST, "", 0, error)))
    roster_json_wrap_error (error, kind == ROSTER_IDENTITY_SAML ? _("SAML identity") : _("SCIM identity"), 0);
  return self;
}

static gpointer
identity_item_parse (JsonNode  *node,
                     gpointer   data,
                     GError   **error)
{
  return identity_parse (node, GPOINTER_TO_INT (data), IDENTITY_REST, "", 0, error);
}

/**
 * roster_gitlab_identities_parse:
 * @node: a JSON node from the server
 * @kind: which list answered
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Reads `GET /groups/:id/{saml,scim}/identities`.
 *
 * Returns: (transfer full) (element-type RosterGitlabIdentity): the
 *   identities, or %NULL with @error set
 */
GPtrArray *
roster_gitlab_identities_parse (JsonNode            *node,
                                RosterIdentityKind   kind,
                                GError             **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_list (node, identities_what (kind), identity_item_parse, GINT_TO_POINTER (kind),
                     (GDestroyNotify) roster_gitlab_identity_unref, error);
}

/* RosterGitlabMember */

static void
member_clear (RosterGitlabMember *self)
{
  g_free (self->username);
  g_free (self->name);
  g_free (self->state);
  g_free (self->avatar_url);
  g_free (self->web_url);
  g_free (self->created_at);
  g_free (self->expires_at);
  g_free (self->email);
  g_free (self->membership_state);
  g_clear_pointer (&self->saml_identity, roster_gitlab_identity_unref);
  g_clear_pointer (&self->scim_identity, roster_gitlab_identity_unref);
}

RosterGitlabMember *
roster_gitlab_member_ref (RosterGitlabMember *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_gitlab_member_unref (RosterGitlabMember *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) member_clear);
}

static RosterPresence
presence_of (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return ROSTER_PRESENCE_ABSENT;
  if (JSON_NODE_HOLDS_NULL (node))
    return ROSTER_PRESENCE_NULL;
  return ROSTER_PRESENCE_SET;
}

/* Parses a member's link to an identity, which may be absent, null or an
 * object. */
static gboolean
member_link_parse (JsonObject             *object,
                   const char             *key,
                   RosterIdentityKind      kind,
                   gint64                  user_id,
                   RosterPresence         *presence,
                   RosterGitlabIdentity  **out,
                   GError                **error)
{
  g_autofree char *prefix = g_strconcat (key, ".", NULL);

  *presence = presence_of (object, key);
  if (*presence != ROSTER_PRESENCE_SET)
    return TRUE;

  *out = identity_parse (json_object_get_member (object, key), kind, IDENTITY_LINK, prefix, user_id, error);
  return *out != NULL;
}

static gpointer
member_item_parse (JsonNode  *node,
                   gpointer   data,
                   GError   **error)
{
  g_autoptr(RosterGitlabMember) self = NULL;
  JsonObject *object;
  JsonObject *created_by = NULL;
  gint64 access_level = 0;

  if (!(object = roster_json_node_get_object (node)))
    {
      roster_json_set_detail (error, _("it is not an object"));
      return NULL;
    }

  self = g_atomic_rc_box_new0 (RosterGitlabMember);

  if (!roster_json_get_int (object, "id", "id", ID_FLAGS, 1, ROSTER_JSON_MAX_ID, &self->id, NULL, error) ||
      !roster_json_get_string (object, "username", "username", ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY,
                               &self->username, error) ||
      !roster_json_get_string (object, "name", "name", ROSTER_JSON_NULLABLE, &self->name, error) ||
      !roster_json_get_string (object, "state", "state", ROSTER_JSON_NULLABLE, &self->state, error) ||
      !roster_json_get_boolean (object, "locked", "locked", ROSTER_JSON_NULLABLE, &self->locked, NULL, error) ||
      !roster_json_get_string (object, "avatar_url", "avatar_url", ROSTER_JSON_NULLABLE, &self->avatar_url, error) ||
      !roster_json_get_string (object, "web_url", "web_url", ROSTER_JSON_NULLABLE, &self->web_url, error) ||
      !roster_json_get_int (object, "access_level", "access_level", ROSTER_JSON_REQUIRED, 0, 100,
                            &access_level, NULL, error) ||
      !roster_json_get_string (object, "created_at", "created_at", ROSTER_JSON_NULLABLE, &self->created_at, error) ||
      !roster_json_get_string (object, "expires_at", "expires_at", ROSTER_JSON_NULLABLE, &self->expires_at, error) ||
      !roster_json_get_object (object, "created_by", "created_by", ROSTER_JSON_NULLABLE, &created_by, error) ||
      !roster_json_get_string (object, "email", "email", ROSTER_JSON_NULLABLE, &self->email, error) ||
      !roster_json_get_boolean (object, "is_using_seat", "is_using_seat", ROSTER_JSON_NULLABLE,
                                &self->is_using_seat, &self->has_seat_info, error) ||
      !roster_json_get_string (object, "membership_state", "membership_state", ROSTER_JSON_NULLABLE,
                               &self->membership_state, error) ||
      !member_link_parse (object, "group_saml_identity", ROSTER_IDENTITY_SAML, self->id,
                          &self->saml_presence, &self->saml_identity, error) ||
      !member_link_parse (object, "group_scim_identity", ROSTER_IDENTITY_SCIM, self->id,
                          &self->scim_presence, &self->scim_identity, error))
    return NULL;

  self->access_level = (int) access_level;
  self->has_created_by = created_by != NULL;
  self->email_presence = presence_of (object, "email");
  /* An empty email says nothing either. */
  if (self->email != NULL && self->email[0] == '\0')
    {
      g_clear_pointer (&self->email, g_free);
      self->email_presence = ROSTER_PRESENCE_NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * roster_gitlab_member_parse:
 * @node: a JSON node from the server
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Returns: (transfer full): the member, or %NULL with @error set
 */
RosterGitlabMember *
roster_gitlab_member_parse (JsonNode  *node,
                            GError   **error)
{
  RosterGitlabMember *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(self = member_item_parse (node, NULL, error)))
    roster_json_wrap_error (error, _("group member"), 0);
  return self;
}

/**
 * roster_gitlab_members_parse:
 * @node: a JSON node from the server (one page of `GET /groups/:id/members`)
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Returns: (transfer full) (element-type RosterGitlabMember): the members,
 *   or %NULL with @error set
 */
GPtrArray *
roster_gitlab_members_parse (JsonNode  *node,
                             GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_list (node, _("list of group members"), member_item_parse, NULL,
                     (GDestroyNotify) roster_gitlab_member_unref, error);
}

/* RosterGitlabEnterpriseUser */

static void
enterprise_user_clear (RosterGitlabEnterpriseUser *self)
{
  g_free (self->username);
  g_free (self->name);
  g_free (self->state);
  g_free (self->email);
  g_clear_pointer (&self->identities, g_ptr_array_unref);
  g_clear_pointer (&self->scim_identities, g_ptr_array_unref);
}

RosterGitlabEnterpriseUser *
roster_gitlab_enterprise_user_ref (RosterGitlabEnterpriseUser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_gitlab_enterprise_user_unref (RosterGitlabEnterpriseUser *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) enterprise_user_clear);
}

static gboolean
links_parse (JsonObject          *object,
             const char          *key,
             RosterIdentityKind   kind,
             gint64               user_id,
             GPtrArray           *out,
             GError             **error)
{
  JsonArray *array = NULL;
  guint n;

  if (!roster_json_get_array (object, key, key, ROSTER_JSON_NULLABLE, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%s[%u].", key, i);
      RosterGitlabIdentity *identity;

      identity = identity_parse (json_array_get_element (array, i), kind, IDENTITY_LINK,
                                 prefix, user_id, error);
      if (identity == NULL)
        return FALSE;
      g_ptr_array_add (out, identity);
    }

  return TRUE;
}

static gpointer
enterprise_user_item_parse (JsonNode  *node,
                            gpointer   data,
                            GError   **error)
{
  g_autoptr(RosterGitlabEnterpriseUser) self = NULL;
  JsonObject *object;

  if (!(object = roster_json_node_get_object (node)))
    {
      roster_json_set_detail (error, _("it is not an object"));
      return NULL;
    }

  self = g_atomic_rc_box_new0 (RosterGitlabEnterpriseUser);
  self->identities = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_gitlab_identity_unref);
  self->scim_identities = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_gitlab_identity_unref);

  if (!roster_json_get_int (object, "id", "id", ID_FLAGS, 1, ROSTER_JSON_MAX_ID, &self->id, NULL, error) ||
      !roster_json_get_string (object, "username", "username", ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY,
                               &self->username, error) ||
      !roster_json_get_string (object, "name", "name", ROSTER_JSON_NULLABLE, &self->name, error) ||
      !roster_json_get_string (object, "state", "state", ROSTER_JSON_NULLABLE, &self->state, error) ||
      !roster_json_get_string (object, "email", "email", ROSTER_JSON_NULLABLE, &self->email, error) ||
      !links_parse (object, "identities", ROSTER_IDENTITY_SAML, self->id, self->identities, error) ||
      !links_parse (object, "scim_identities", ROSTER_IDENTITY_SCIM, self->id, self->scim_identities, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * roster_gitlab_enterprise_users_parse:
 * @node: a JSON node from the server (one page of
 *   `GET /groups/:id/enterprise_users`)
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Returns: (transfer full) (element-type RosterGitlabEnterpriseUser): the
 *   users, or %NULL with @error set
 */
GPtrArray *
roster_gitlab_enterprise_users_parse (JsonNode  *node,
                                      GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_list (node, _("list of enterprise users"), enterprise_user_item_parse, NULL,
                     (GDestroyNotify) roster_gitlab_enterprise_user_unref, error);
}

/* RosterGitlabGroup */

static void
group_clear (RosterGitlabGroup *self)
{
  g_free (self->name);
  g_free (self->path);
  g_free (self->full_path);
  g_free (self->web_url);
}

RosterGitlabGroup *
roster_gitlab_group_ref (RosterGitlabGroup *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_gitlab_group_unref (RosterGitlabGroup *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) group_clear);
}

/**
 * roster_gitlab_group_parse:
 * @node: a JSON node from the server (`GET /groups/:id`)
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Returns: (transfer full): the group, or %NULL with @error set
 */
RosterGitlabGroup *
roster_gitlab_group_parse (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(RosterGitlabGroup) self = NULL;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = roster_json_node_get_object (node)))
    {
      roster_json_set_detail (error, _("it is not an object"));
      roster_json_wrap_error (error, _("description of the group"), 0);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (RosterGitlabGroup);

  if (!roster_json_get_int (object, "id", "id", ID_FLAGS, 1, ROSTER_JSON_MAX_ID, &self->id, NULL, error) ||
      !roster_json_get_string (object, "full_path", "full_path", ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY,
                               &self->full_path, error) ||
      !roster_json_get_string (object, "name", "name", ROSTER_JSON_NULLABLE, &self->name, error) ||
      !roster_json_get_string (object, "path", "path", ROSTER_JSON_NULLABLE, &self->path, error) ||
      !roster_json_get_string (object, "web_url", "web_url", ROSTER_JSON_NULLABLE, &self->web_url, error) ||
      !roster_json_get_int (object, "parent_id", "parent_id", ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT,
                            1, ROSTER_JSON_MAX_ID, &self->parent_id, NULL, error))
    {
      roster_json_wrap_error (error, _("description of the group"), 0);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* RosterGitlabErrorBody */

static void
error_body_clear (RosterGitlabErrorBody *self)
{
  g_free (self->message);
  g_free (self->error);
  g_free (self->error_description);
  g_free (self->scope);
}

RosterGitlabErrorBody *
roster_gitlab_error_body_ref (RosterGitlabErrorBody *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_gitlab_error_body_unref (RosterGitlabErrorBody *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) error_body_clear);
}

/* {"field": ["msg", …], …} → "field msg; field msg2" */
static char *
flatten_validation (JsonObject *object)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObjectIter iter;
  const char *field;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &field, &value))
    {
      JsonArray *messages = roster_json_node_get_array (value);
      guint n = messages != NULL ? json_array_get_length (messages) : 0;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        {
          g_string_append_printf (text, "%s%s %s", text->len ? "; " : "", field, json_node_get_string (value));
          continue;
        }
      for (guint i = 0; i < n; i++)
        {
          JsonNode *message = json_array_get_element (messages, i);

          if (JSON_NODE_HOLDS_VALUE (message) && json_node_get_value_type (message) == G_TYPE_STRING)
            g_string_append_printf (text, "%s%s %s", text->len ? "; " : "", field,
                                    json_node_get_string (message));
        }
    }

  return text->len ? g_strdup (text->str) : NULL;
}

/**
 * roster_gitlab_error_body_parse:
 * @node: (nullable): a JSON node from the server
 *
 * Reads a GitLab REST error body: `{"message": "…"}`,
 * `{"message": {"field": ["…"]}}`, `{"error": "…"}` or an OAuth error
 * (`error`, `error_description`, `scope`). Fields of the wrong type are
 * ignored.
 *
 * Returns: (transfer full) (nullable): the error, or %NULL when @node holds
 *   none of these
 */
RosterGitlabErrorBody *
roster_gitlab_error_body_parse (JsonNode *node)
{
  g_autoptr(RosterGitlabErrorBody) self = NULL;
  JsonObject *object;
  JsonObject *validation = NULL;

  if (!(object = roster_json_node_get_object (node)))
    return NULL;

  self = g_atomic_rc_box_new0 (RosterGitlabErrorBody);

  if (!roster_json_get_string (object, "message", "message", ROSTER_JSON_NULLABLE, &self->message, NULL) &&
      roster_json_get_object (object, "message", "message", ROSTER_JSON_NULLABLE, &validation, NULL) &&
      validation != NULL)
    self->message = flatten_validation (validation);
  if (!roster_json_get_string (object, "error", "error", ROSTER_JSON_NULLABLE, &self->error, NULL))
    g_clear_pointer (&self->error, g_free);
  if (!roster_json_get_string (object, "error_description", "error_description", ROSTER_JSON_NULLABLE,
                               &self->error_description, NULL))
    g_clear_pointer (&self->error_description, g_free);
  if (!roster_json_get_string (object, "scope", "scope", ROSTER_JSON_NULLABLE, &self->scope, NULL))
    g_clear_pointer (&self->scope, g_free);

  if (self->message == NULL && self->error == NULL && self->error_description == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

/* RosterGitlabUser */

static void
user_clear (RosterGitlabUser *self)
{
  g_free (self->username);
  g_free (self->name);
}

RosterGitlabUser *
roster_gitlab_user_ref (RosterGitlabUser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_gitlab_user_unref (RosterGitlabUser *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) user_clear);
}

/**
 * roster_gitlab_user_parse:
 * @node: a JSON node from the server (`GET /user`)
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Returns: (transfer full): the user, or %NULL with @error set
 */
RosterGitlabUser *
roster_gitlab_user_parse (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(RosterGitlabUser) self = NULL;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_atomic_rc_box_new0 (RosterGitlabUser);

  if (!(object = roster_json_node_get_object (node)))
    roster_json_set_detail (error, _("it is not an object"));
  else if (roster_json_get_int (object, "id", "id", ID_FLAGS, 1, ROSTER_JSON_MAX_ID, &self->id, NULL, error) &&
           roster_json_get_string (object, "username", "username", ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY,
                                   &self->username, error) &&
           roster_json_get_string (object, "name", "name", ROSTER_JSON_NULLABLE, &self->name, error) &&
           roster_json_get_boolean (object, "is_admin", "is_admin", ROSTER_JSON_NULLABLE,
                                    &self->is_admin, NULL, error))
    return g_steal_pointer (&self);

  roster_json_wrap_error (error, _("description of the current user"), 0);
  return NULL;
}

/* RosterGitlabTokenInfo */

static void
token_info_clear (RosterGitlabTokenInfo *self)
{
  g_free (self->name);
  g_strfreev (self->scopes);
  g_free (self->expires_at);
}

RosterGitlabTokenInfo *
roster_gitlab_token_info_ref (RosterGitlabTokenInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_gitlab_token_info_unref (RosterGitlabTokenInfo *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) token_info_clear);
}

/**
 * roster_gitlab_token_info_parse:
 * @node: a JSON node from the server (`GET /personal_access_tokens/self`)
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Returns: (transfer full): the token's description, or %NULL with @error set
 */
RosterGitlabTokenInfo *
roster_gitlab_token_info_parse (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(RosterGitlabTokenInfo) self = NULL;
  g_autoptr(GStrvBuilder) scopes = g_strv_builder_new ();
  JsonObject *object;
  JsonArray *array = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_atomic_rc_box_new0 (RosterGitlabTokenInfo);
  self->active = TRUE;

  if (!(object = roster_json_node_get_object (node)))
    {
      roster_json_set_detail (error, _("it is not an object"));
      goto fail;
    }

  if (!roster_json_get_int (object, "id", "id", ID_FLAGS, 1, ROSTER_JSON_MAX_ID, &self->id, NULL, error) ||
      !roster_json_get_string (object, "name", "name", ROSTER_JSON_NULLABLE, &self->name, error) ||
      !roster_json_get_boolean (object, "active", "active", ROSTER_JSON_NULLABLE, &self->active, NULL, error) ||
      !roster_json_get_boolean (object, "revoked", "revoked", ROSTER_JSON_NULLABLE, &self->revoked, NULL, error) ||
      !roster_json_get_string (object, "expires_at", "expires_at", ROSTER_JSON_NULLABLE, &self->expires_at, error) ||
      !roster_json_get_array (object, "scopes", "scopes", ROSTER_JSON_REQUIRED, &array, error))
    goto fail;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *scope = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (scope) || json_node_get_value_type (scope) != G_TYPE_STRING)
        {
          roster_json_set_detail (error, _("scopes[%u] is not a string"), i);
          goto fail;
        }
      g_strv_builder_add (scopes, json_node_get_string (scope));
    }
  self->scopes = g_strv_builder_end (scopes);

  return g_steal_pointer (&self);

fail:
  roster_json_wrap_error (error, _("description of the API token"), 0);
  return NULL;
}

/**
 * roster_gitlab_token_info_has_scope:
 * @self: a #RosterGitlabTokenInfo
 * @scope: a scope name
 *
 * Returns: whether the token has @scope
 */
gboolean
roster_gitlab_token_info_has_scope (RosterGitlabTokenInfo *self,
                                    const char            *scope)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (scope != NULL, FALSE);

  return self->scopes != NULL && g_strv_contains ((const char * const *) self->scopes, scope);
}
