/* roster-scim-types.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-scim-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-json-private.h"
#include "roster-scim-types.h"

#define SCIM_PATCH_OP_SCHEMA "urn:ietf:params:scim:api:messages:2.0:PatchOp"

/* A sane bound for counts and indexes: a SCIM server never has more. */
#define MAX_COUNT G_GINT64_CONSTANT (1000000000)

G_DEFINE_BOXED_TYPE (RosterScimUser, roster_scim_user,
                     roster_scim_user_ref, roster_scim_user_unref)
G_DEFINE_BOXED_TYPE (RosterScimListResponse, roster_scim_list_response,
                     roster_scim_list_response_ref, roster_scim_list_response_unref)
G_DEFINE_BOXED_TYPE (RosterScimErrorBody, roster_scim_error_body,
                     roster_scim_error_body_ref, roster_scim_error_body_unref)

/* RosterScimUser */

static void
scim_user_clear (RosterScimUser *self)
{
  g_free (self->id);
  g_free (self->external_id);
  g_free (self->user_name);
  g_free (self->display_name);
  g_free (self->formatted_name);
  g_free (self->email);
  g_free (self->version);
}

RosterScimUser *
roster_scim_user_ref (RosterScimUser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_scim_user_unref (RosterScimUser *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) scim_user_clear);
}

static gboolean
parse_emails (JsonArray   *emails,
              char       **out,
              GError     **error)
{
  guint n = json_array_get_length (emails);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *email = roster_json_node_get_object (json_array_get_element (emails, i));
      g_autofree char *value = NULL;
      gboolean primary = FALSE;

      if (email == NULL)
        {
          roster_json_set_detail (error, _("emails[%u] is not an object"), i);
          return FALSE;
        }
      if (!roster_json_get_string (email, "value", "emails.value", ROSTER_JSON_NULLABLE, &value, error) ||
          !roster_json_get_boolean (email, "primary", "emails.primary",
                                    ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT, &primary, NULL, error))
        return FALSE;

      if (value == NULL)
        continue;
      if (primary || *out == NULL)
        {
          g_free (*out);
          *out = g_steal_pointer (&value);
        }
      if (primary)
        break;
    }

  return TRUE;
}

static RosterScimUser *
scim_user_parse (JsonNode  *node,
                 GError   **error)
{
  g_autoptr(RosterScimUser) self = NULL;
  JsonObject *object;
  JsonObject *name = NULL;
  JsonObject *meta = NULL;
  JsonArray *emails = NULL;

  if (!(object = roster_json_node_get_object (node)))
    {
      roster_json_set_detail (error, _("it is not an object"));
      return NULL;
    }

  self = g_atomic_rc_box_new0 (RosterScimUser);
  self->active = TRUE;

  if (!roster_json_get_string (object, "id", "id", ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY,
                               &self->id, error) ||
      !roster_json_get_string (object, "externalId", "externalId", ROSTER_JSON_NULLABLE,
                               &self->external_id, error) ||
      !roster_json_get_string (object, "userName", "userName", ROSTER_JSON_NULLABLE,
                               &self->user_name, error) ||
      !roster_json_get_string (object, "displayName", "displayName", ROSTER_JSON_NULLABLE,
                               &self->display_name, error) ||
      !roster_json_get_boolean (object, "active", "active",
                                ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT,
                                &self->active, &self->has_active, error) ||
      !roster_json_get_object (object, "name", "name", ROSTER_JSON_NULLABLE, &name, error) ||
      !roster_json_get_object (object, "meta", "meta", ROSTER_JSON_NULLABLE, &meta, error) ||
      !roster_json_get_array (object, "emails", "emails", ROSTER_JSON_NULLABLE, &emails, error))
    return NULL;

  /* Current GitLab nests the name; older GitLab sends a flat key literally
   * spelled "name.formatted". Prefer the nested one when both are there. */
  if (name != NULL &&
      !roster_json_get_string (name, "formatted", "name.formatted", ROSTER_JSON_NULLABLE,
                               &self->formatted_name, error))
    return NULL;
  if (self->formatted_name == NULL &&
      !roster_json_get_string (object, "name.formatted", "name.formatted", ROSTER_JSON_NULLABLE,
                               &self->formatted_name, error))
    return NULL;

  if (meta != NULL &&
      !roster_json_get_string (meta, "version", "meta.version", ROSTER_JSON_NULLABLE,
                               &self->version, error))
    return NULL;

  if (emails != NULL && !parse_emails (emails, &self->email, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * roster_scim_user_parse:
 * @node: a JSON node from the server
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Reads a SCIM User resource, accepting both of GitLab's name shapes.
 *
 * Returns: (transfer full): the user, or %NULL with @error set
 */
RosterScimUser *
roster_scim_user_parse (JsonNode  *node,
                        GError   **error)
{
  RosterScimUser *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(self = scim_user_parse (node, error)))
    roster_json_wrap_error (error, _("SCIM user"), 0);
  return self;
}

/* RosterScimListResponse */

static void
scim_list_response_clear (RosterScimListResponse *self)
{
  g_clear_pointer (&self->resources, g_ptr_array_unref);
}

RosterScimListResponse *
roster_scim_list_response_ref (RosterScimListResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_scim_list_response_unref (RosterScimListResponse *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) scim_list_response_clear);
}

/**
 * roster_scim_list_response_parse:
 * @node: a JSON node from the server
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Reads a ListResponse page. `totalResults`, `itemsPerPage` and `startIndex`
 * may be numbers or numeric strings (GitLab echoes `startIndex` verbatim).
 * `Resources` may be absent only when `totalResults` is 0 (RFC 7644 §3.4.2).
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
RosterScimListResponse *
roster_scim_list_response_parse (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(RosterScimListResponse) self = NULL;
  JsonObject *object;
  JsonArray *resources = NULL;
  const char *what = _("list of SCIM users");
  gboolean present = FALSE;
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = roster_json_node_get_object (node)))
    {
      roster_json_set_detail (error, _("it is not an object"));
      roster_json_wrap_error (error, what, 0);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (RosterScimListResponse);
  self->items_per_page = -1;
  self->start_index = 1;
  self->resources = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_scim_user_unref);

  if (!roster_json_get_int (object, "totalResults", "totalResults",
                            ROSTER_JSON_REQUIRED | ROSTER_JSON_LENIENT,
                            0, MAX_COUNT, &self->total_results, NULL, error) ||
      !roster_json_get_int (object, "itemsPerPage", "itemsPerPage",
                            ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT,
                            0, MAX_COUNT, &self->items_per_page, NULL, error) ||
      !roster_json_get_int (object, "startIndex", "startIndex",
                            ROSTER_JSON_NULLABLE | ROSTER_JSON_LENIENT,
                            G_MININT32, MAX_COUNT, &self->start_index, &present, error) ||
      !roster_json_get_array (object, "Resources", "Resources",
                              self->total_results > 0 ? ROSTER_JSON_REQUIRED : ROSTER_JSON_NULLABLE,
                              &resources, error))
    {
      roster_json_wrap_error (error, what, 0);
      return NULL;
    }

  /* GitLab echoes an out-of-range startIndex (0, -3) although it used 1. */
  if (self->start_index < 1)
    self->start_index = 1;

  n = resources != NULL ? json_array_get_length (resources) : 0;
  for (guint i = 0; i < n; i++)
    {
      RosterScimUser *user = scim_user_parse (json_array_get_element (resources, i), error);

      if (user == NULL)
        {
          roster_json_wrap_error (error, what, i + 1);
          return NULL;
        }
      g_ptr_array_add (self->resources, user);
    }

  return g_steal_pointer (&self);
}

/* RosterScimErrorBody */

static void
scim_error_body_clear (RosterScimErrorBody *self)
{
  g_free (self->scim_type);
  g_free (self->detail);
}

RosterScimErrorBody *
roster_scim_error_body_ref (RosterScimErrorBody *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_scim_error_body_unref (RosterScimErrorBody *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) scim_error_body_clear);
}

/**
 * roster_scim_error_body_parse:
 * @node: (nullable): a JSON node from the server
 *
 * Reads a SCIM error body (RFC 7644 §3.12): `status` as a number (GitLab) or
 * a string (RFC), `scimType`, `detail`. Fields of the wrong type are
 * ignored: an error body only feeds an error message.
 *
 * Returns: (transfer full) (nullable): the error, or %NULL when @node is not
 *   a SCIM error body (no `detail`, `scimType` nor `status`)
 */
RosterScimErrorBody *
roster_scim_error_body_parse (JsonNode *node)
{
  g_autoptr(RosterScimErrorBody) self = NULL;
  JsonObject *object;
  JsonNode *status;
  gint64 value = 0;

  if (!(object = roster_json_node_get_object (node)))
    return NULL;

  self = g_atomic_rc_box_new0 (RosterScimErrorBody);

  if (!roster_json_get_string (object, "detail", "detail", ROSTER_JSON_NULLABLE, &self->detail, NULL))
    g_clear_pointer (&self->detail, g_free);
  if (!roster_json_get_string (object, "scimType", "scimType", ROSTER_JSON_NULLABLE, &self->scim_type, NULL))
    g_clear_pointer (&self->scim_type, g_free);

  status = json_object_get_member (object, "status");
  if (status != NULL &&
      roster_json_node_to_int (status, "status", ROSTER_JSON_LENIENT, 100, 599, &value, NULL))
    self->status = (guint) value;

  if (self->detail == NULL && self->scim_type == NULL && self->status == 0)
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * roster_scim_patch_body_new:
 * @path: the attribute path (`externalId`, `id`, `active`)
 * @value: (transfer full): the new value
 *
 * Builds an RFC 7644 §3.5.2 PatchOp body with one `replace` operation.
 *
 * Returns: (transfer full): the body
 */
JsonNode *
roster_scim_patch_body_new (const char *path,
                            JsonNode   *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schemas");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, SCIM_PATCH_OP_SCHEMA);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "Operations");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, "replace");
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "value");
  json_builder_add_value (builder, value);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
