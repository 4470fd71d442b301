/* roster-sandbox-worlds.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-sandbox-worlds"

#include "config.h"

#include <string.h>

#include "roster-sandbox-worlds.h"

/* The built-in worlds are written in the world format of WORLD.md. The
 * fixture world is exactly tests/data/gitlab/README.md's five people (plus
 * the extra groups that make the error paths reachable); the empty world is
 * its groups with Ada alone. */

static const char fixture_world_json[] =
  "{\n"
  "  \"roster_sandbox_world\": 1,\n"
  "  \"instance\": { \"web_base\": \"https://gitlab.example.com\", \"group_saml_enabled\": true },\n"
  "  \"groups\": [\n"
  "    { \"id\": 4242, \"path\": \"acme-corp\", \"name\": \"Acme Corp\",\n"
  "      \"saml_provider_id\": 318, \"default_membership_role\": \"guest\",\n"
  "      \"verified_domain\": \"acme.example\", \"scim_token\": \"sandbox-scim-token\",\n"
  "      \"created_at\": \"2023-01-09T09:00:00.000Z\" },\n"
  "    { \"id\": 4243, \"path\": \"platform\", \"name\": \"Platform\", \"parent_id\": 4242,\n"
  "      \"created_at\": \"2023-01-10T09:00:00.000Z\" },\n"
  "    { \"id\": 4250, \"path\": \"other-corp\", \"name\": \"Other Corp\",\n"
  "      \"created_at\": \"2023-02-01T09:00:00.000Z\" },\n"
  "    { \"id\": 4260, \"path\": \"acme.labs\", \"name\": \"Acme Labs\",\n"
  "      \"saml_provider_id\": 319, \"default_membership_role\": \"guest\",\n"
  "      \"scim_token\": \"sandbox-labs-scim-token\",\n"
  "      \"created_at\": \"2023-03-01T09:00:00.000Z\" }\n"
  "  ],\n"
  "  \"users\": [\n"
  "    { \"id\": 7101, \"username\": \"alovelace\", \"name\": \"Ada Lovelace\",\n"
  "      \"first_name\": \"Ada\", \"last_name\": \"Lovelace\",\n"
  "      \"email\": \"ada.lovelace@acme.example\",\n"
  "      \"avatar_url\": \"https://secure.gravatar.com/avatar/3c5d1f0e8b7a69d4c2e1f0a9b8c7d6e5?s=80&d=identicon\",\n"
  "      \"web_url\": \"https://gitlab.example.com/alovelace\",\n"
  "      \"created_at\": \"2024-02-05T10:12:43.998Z\",\n"
  "      \"last_sign_in_at\": \"2025-11-20T07:58:12.004Z\", \"last_activity_on\": \"2025-11-20\",\n"
  "      \"two_factor_enabled\": true,\n"
  "      \"enterprise_group_id\": 4242, \"provisioned_by_group_id\": 4242,\n"
  "      \"memberships\": [\n"
  "        { \"group_id\": 4242, \"access_level\": 50, \"created_at\": \"2024-02-05T10:12:44.317Z\" },\n"
  "        { \"group_id\": 4250, \"access_level\": 50, \"created_at\": \"2024-02-05T10:20:00.000Z\" },\n"
  "        { \"group_id\": 4260, \"access_level\": 50, \"created_at\": \"2024-02-05T10:21:00.000Z\" }\n"
  "      ],\n"
  "      \"saml_identities\": [ { \"group_id\": 4242, \"extern_uid\": \"9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b\" } ],\n"
  "      \"scim_identities\": [ { \"group_id\": 4242, \"extern_uid\": \"9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b\", \"active\": true } ] },\n"
  "    { \"id\": 7102, \"username\": \"ghopper\", \"name\": \"Grace Hopper\",\n"
  "      \"first_name\": \"Grace\", \"last_name\": \"Hopper\",\n"
  "      \"email\": \"grace.hopper@acme.example\",\n"
  "      \"avatar_url\": \"https://secure.gravatar.com/avatar/8e1f2a3b4c5d6e7f8091a2b3c4d5e6f7?s=80&d=identicon\",\n"
  "      \"web_url\": \"https://gitlab.example.com/ghopper\",\n"
  "      \"created_at\": \"2024-02-05T10:13:02.611Z\",\n"
  "      \"last_sign_in_at\": \"2025-11-18T16:22:40.731Z\", \"last_activity_on\": \"2025-11-19\",\n"
  "      \"enterprise_group_id\": 4242, \"provisioned_by_group_id\": 4242,\n"
  "      \"memberships\": [ { \"group_id\": 4242, \"access_level\": 30, \"created_at\": \"2024-02-05T10:13:02.908Z\" } ],\n"
  "      \"saml_identities\": [ { \"group_id\": 4242, \"extern_uid\": \"2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e\" } ],\n"
  "      \"scim_identities\": [ { \"group_id\": 4242, \"extern_uid\": \"2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e\", \"active\": true } ] },\n"
  "    { \"id\": 7103, \"username\": \"aturing\", \"name\": \"Alan Turing\",\n"
  "      \"first_name\": \"Alan\", \"last_name\": \"Turing\",\n"
  "      \"email\": \"alan.turing@acme.example\",\n"
  "      \"avatar_url\": \"https://secure.gravatar.com/avatar/b0a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5?s=80&d=identicon\",\n"
  "      \"web_url\": \"https://gitlab.example.com/aturing\",\n"
  "      \"created_at\": \"2023-06-19T14:41:56.870Z\",\n"
  "      \"last_sign_in_at\": \"2025-11-21T09:03:27.515Z\", \"last_activity_on\": \"2025-11-21\",\n"
  "      \"two_factor_enabled\": true,\n"
  "      \"enterprise_group_id\": 4242,\n"
  "      \"memberships\": [\n"
  "        { \"group_id\": 4242, \"access_level\": 30, \"created_at\": \"2023-06-19T14:41:57.120Z\" },\n"
  "        { \"group_id\": 4243, \"access_level\": 30, \"created_at\": \"2023-06-20T08:00:00.000Z\" }\n"
  "      ],\n"
  "      \"saml_identities\": [ { \"group_id\": 4242, \"extern_uid\": \"c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e\" } ],\n"
  "      \"scim_identities\": [ { \"group_id\": 4242, \"extern_uid\": \"aturing@acme.example\", \"active\": true } ] },\n"
  "    { \"id\": 7104, \"username\": \"bliskov\", \"name\": \"Barbara Liskov\",\n"
  "      \"first_name\": \"Barbara\", \"last_name\": \"Liskov\",\n"
  "      \"email\": \"barbara.liskov@acme.example\",\n"
  "      \"avatar_url\": \"https://secure.gravatar.com/avatar/0f1e2d3c4b5a69788796a5b4c3d2e1f0?s=80&d=identicon\",\n"
  "      \"web_url\": \"https://gitlab.example.com/bliskov\",\n"
  "      \"created_at\": \"2024-03-12T11:30:09.254Z\",\n"
  "      \"last_sign_in_at\": \"2025-08-01T12:00:51.090Z\", \"last_activity_on\": \"2025-08-01\",\n"
  "      \"enterprise_group_id\": 4242, \"provisioned_by_group_id\": 4242,\n"
  "      \"saml_identities\": [ { \"group_id\": 4242, \"extern_uid\": \"5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9\" } ],\n"
  "      \"scim_identities\": [ { \"group_id\": 4242, \"extern_uid\": \"5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9\", \"active\": false } ] },\n"
  "    { \"id\": 7110, \"username\": \"dritchie\", \"name\": \"Dennis Ritchie\",\n"
  "      \"first_name\": \"Dennis\", \"last_name\": \"Ritchie\",\n"
  "      \"email\": \"dennis.ritchie@contractors.example\",\n"
  "      \"avatar_url\": \"https://secure.gravatar.com/avatar/4d3c2b1a0f9e8d7c6b5a49382716f5e4?s=80&d=identicon\",\n"
  "      \"web_url\": \"https://gitlab.example.com/dritchie\",\n"
  "      \"created_at\": \"2024-09-30T08:04:51.208Z\",\n"
  "      \"last_sign_in_at\": \"2025-11-10T15:12:09.377Z\", \"last_activity_on\": \"2025-11-10\",\n"
  "      \"memberships\": [ { \"group_id\": 4242, \"access_level\": 20, \"created_at\": \"2024-09-30T08:05:11.642Z\",\n"
  "                         \"created_by\": 7101, \"expires_at\": \"2025-12-31\" } ] }\n"
  "  ],\n"
  "  \"tokens\": [\n"
  "    { \"token\": \"sandbox-api-token\", \"name\": \"Ada's API token\", \"user_id\": 7101, \"scopes\": [\"api\"], \"default\": true },\n"
  "    { \"token\": \"sandbox-read-api-token\", \"name\": \"Ada's read-only token\", \"user_id\": 7101, \"scopes\": [\"read_api\"] },\n"
  "    { \"token\": \"sandbox-developer-token\", \"name\": \"Grace's API token\", \"user_id\": 7102, \"scopes\": [\"api\"] }\n"
  "  ]\n"
  "}\n";

static const char empty_world_json[] =
  "{\n"
  "  \"roster_sandbox_world\": 1,\n"
  "  \"instance\": {\n"
  "    \"web_base\": \"https://gitlab.example.com\",\n"
  "    \"group_saml_enabled\": true\n"
  "  },\n"
  "  \"groups\": [\n"
  "    {\n"
  "      \"id\": 4242,\n"
  "      \"path\": \"acme-corp\",\n"
  "      \"name\": \"Acme Corp\",\n"
  "      \"saml_provider_id\": 318,\n"
  "      \"default_membership_role\": \"guest\",\n"
  "      \"verified_domain\": \"acme.example\",\n"
  "      \"scim_token\": \"sandbox-scim-token\",\n"
  "      \"created_at\": \"2023-01-09T09:00:00.000Z\"\n"
  "    },\n"
  "    {\n"
  "      \"id\": 4243,\n"
  "      \"path\": \"platform\",\n"
  "      \"name\": \"Platform\",\n"
  "      \"parent_id\": 4242,\n"
  "      \"created_at\": \"2023-01-10T09:00:00.000Z\"\n"
  "    },\n"
  "    {\n"
  "      \"id\": 4250,\n"
  "      \"path\": \"other-corp\",\n"
  "      \"name\": \"Other Corp\",\n"
  "      \"created_at\": \"2023-02-01T09:00:00.000Z\"\n"
  "    },\n"
  "    {\n"
  "      \"id\": 4260,\n"
  "      \"path\": \"acme.labs\",\n"
  "      \"name\": \"Acme Labs\",\n"
  "      \"saml_provider_id\": 319,\n"
  "      \"default_membership_role\": \"guest\",\n"
  "      \"scim_token\": \"sandbox-labs-scim-token\",\n"
  "      \"created_at\": \"2023-03-01T09:00:00.000Z\"\n"
  "    }\n"
  "  ],\n"
  "  \"users\": [\n"
  "    {\n"
  "      \"id\": 7101,\n"
  "      \"username\": \"alovelace\",\n"
  "      \"name\": \"Ada Lovelace\",\n"
  "      \"first_name\": \"Ada\",\n"
  "      \"last_name\": \"Lovelace\",\n"
  "      \"email\": \"ada.lovelace@acme.example\",\n"
  "      \"avatar_url\": \"https://secure.gravatar.com/avatar/3c5d1f0e8b7a69d4c2e1f0a9b8c7d6e5?s=80&d=identicon\",\n"
  "      \"web_url\": \"https://gitlab.example.com/alovelace\",\n"
  "      \"created_at\": \"2024-02-05T10:12:43.998Z\",\n"
  "      \"last_sign_in_at\": \"2025-11-20T07:58:12.004Z\",\n"
  "      \"last_activity_on\": \"2025-11-20\",\n"
  "      \"two_factor_enabled\": true,\n"
  "      \"enterprise_group_id\": 4242,\n"
  "      \"memberships\": [\n"
  "        {\n"
  "          \"group_id\": 4242,\n"
  "          \"access_level\": 50,\n"
  "          \"created_at\": \"2024-02-05T10:12:44.317Z\"\n"
  "        },\n"
  "        {\n"
  "          \"group_id\": 4250,\n"
  "          \"access_level\": 50,\n"
  "          \"created_at\": \"2024-02-05T10:20:00.000Z\"\n"
  "        },\n"
  "        {\n"
  "          \"group_id\": 4260,\n"
  "          \"access_level\": 50,\n"
  "          \"created_at\": \"2024-02-05T10:21:00.000Z\"\n"
  "        }\n"
  "      ]\n"
  "    }\n"
  "  ],\n"
  "  \"tokens\": [\n"
  "    {\n"
  "      \"token\": \"sandbox-api-token\",\n"
  "      \"name\": \"Ada's API token\",\n"
  "      \"user_id\": 7101,\n"
  "      \"scopes\": [\n"
  "        \"api\"\n"
  "      ],\n"
  "      \"default\": true\n"
  "    },\n"
  "    {\n"
  "      \"token\": \"sandbox-read-api-token\",\n"
  "      \"name\": \"Ada's read-only token\",\n"
  "      \"user_id\": 7101,\n"
  "      \"scopes\": [\n"
  "        \"read_api\"\n"
  "      ]\n"
  "    }\n"
  "  ]\n"
  "}\n";

/* Loading */

#define WORLD_ERROR(error, ...) \
  g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID, __VA_ARGS__)

static const char *
get_string (JsonObject *object,
            const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *object,
         const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return 0;
}

static gboolean
get_bool (JsonObject *object,
          const char *key,
          gboolean    default_value)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return default_value;
  return json_node_get_boolean (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static gboolean
get_access_level (JsonObject        *object,
                  const char        *key,
                  RosterAccessLevel  fallback,
                  RosterAccessLevel *level)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *level = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return roster_access_level_from_string (json_node_get_string (node), level);
  text = g_strdup_printf ("%" G_GINT64_FORMAT, get_int (object, key));
  return roster_access_level_from_string (text, level);
}

static void
replace_string (char       **field,
                const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* Maps group ids of the file to the groups of the world (the main group's
 * id may be overridden). */
static RosterWorldGroup *
file_group (GHashTable *groups,
            gint64      file_id)
{
  return g_hash_table_lookup (groups, &file_id);
}

static gboolean
load_groups (RosterWorld               *world,
             JsonArray                 *array,
             const RosterWorldOptions  *options,
             GHashTable                *groups,
             GError                   **error)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      RosterWorldGroup *group;
      RosterWorldGroup *parent = NULL;
      RosterAccessLevel role;
      gint64 file_id, id, parent_id;
      const char *path;
      g_autoptr(GError) local_error = NULL;

      if (object == NULL || (file_id = get_int (object, "id")) <= 0 ||
          (path = get_string (object, "path")) == NULL)
        {
          WORLD_ERROR (error, "groups[%u]: needs a positive \"id\" and a \"path\"", i);
          return FALSE;
        }

      id = file_id;
      if (i == 0 && options && options->group_id > 0)
        id = options->group_id;
      if (i == 0 && options && options->group_path)
        path = options->group_path;

      if ((parent_id = get_int (object, "parent_id")) > 0 &&
          (parent = file_group (groups, parent_id)) == NULL)
        {
          WORLD_ERROR (error, "groups[%u]: parent %" G_GINT64_FORMAT " is not an earlier group",
                       i, parent_id);
          return FALSE;
        }

      if (!(group = roster_world_add_group (world, id, path, get_string (object, "name"),
                                            parent, &local_error)))
        {
          WORLD_ERROR (error, "groups[%u]: %s", i, local_error->message);
          return FALSE;
        }

      if (!get_access_level (object, "default_membership_role", ROSTER_ACCESS_GUEST, &role))
        {
          WORLD_ERROR (error, "groups[%u]: unknown default_membership_role", i);
          return FALSE;
        }
      roster_world_group_set_saml (world, group, get_int (object, "saml_provider_id"), role);

      if (i == 0 && options && options->scim_token)
        roster_world_group_set_scim_token (world, group, options->scim_token);
      else if (get_string (object, "scim_token"))
        roster_world_group_set_scim_token (world, group, get_string (object, "scim_token"));

      replace_string (&group->description, get_string (object, "description"));
      replace_string (&group->visibility, get_string (object, "visibility"));
      replace_string (&group->created_at, get_string (object, "created_at"));
      replace_string (&group->web_url, get_string (object, "web_url"));
      replace_string (&group->verified_domain, get_string (object, "verified_domain"));
      group->sso_enforced = get_bool (object, "sso_enforced", FALSE);
      group->saml_enabled = get_bool (object, "saml_enabled", TRUE);
      {
        JsonArray *domains = get_array (object, "allowed_email_domains");

        if (domains && json_array_get_length (domains) > 0)
          {
            GStrvBuilder *builder = g_strv_builder_new ();

            for (guint j = 0; j < json_array_get_length (domains); j++)
              {
                const char *domain = json_array_get_string_element (domains, j);

                if (domain == NULL || *domain == '\0')
                  {
                    g_strv_builder_unref (builder);
                    WORLD_ERROR (error, "groups[%u]: allowed_email_domains holds non-strings", i);
                    return FALSE;
                  }
                g_strv_builder_add (builder, domain);
              }
            group->allowed_email_domains = g_strv_builder_end (builder);
            g_strv_builder_unref (builder);
          }
      }

      g_hash_table_insert (groups, g_memdup2 (&file_id, sizeof file_id), group);
    }

  if (g_hash_table_size (groups) == 0)
    {
      WORLD_ERROR (error, "a world needs at least one group");
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_user (RosterWorld  *world,
           JsonObject   *object,
           guint         i,
           GHashTable   *groups,
           GError      **error)
{
  RosterWorldUser *user;
  JsonArray *emails;
  const char *name;
  g_autoptr(GError) local_error = NULL;
  gint64 group_id;

  if (object == NULL)
    {
      WORLD_ERROR (error, "users[%u]: not an object", i);
      return FALSE;
    }

  name = get_string (object, "name");
  if (!(user = roster_world_add_user (world, get_int (object, "id"), get_string (object, "username"),
                                      name, get_string (object, "email"), &local_error)))
    {
      WORLD_ERROR (error, "users[%u]: %s", i, local_error->message);
      return FALSE;
    }

  if (get_string (object, "first_name") || get_string (object, "last_name"))
    roster_world_user_set_names (world, user, get_string (object, "first_name"),
                                 get_string (object, "last_name"));
  else
    {
      const char *space = strchr (name, ' ');
      g_autofree char *first = space ? g_strndup (name, space - name) : g_strdup (name);

      roster_world_user_set_names (world, user, first, space ? space + 1 : "");
    }

  emails = get_array (object, "secondary_emails");
  for (guint j = 0; emails && j < json_array_get_length (emails); j++)
    if (!roster_world_user_add_secondary_email (world, user,
                                                json_array_get_string_element (emails, j),
                                                &local_error))
      {
        WORLD_ERROR (error, "users[%u].secondary_emails[%u]: %s", i, j, local_error->message);
        return FALSE;
      }

  if (get_string (object, "state"))
    roster_world_user_set_state (world, user, get_string (object, "state"));
  user->locked = get_bool (object, "locked", FALSE);
  user->bot = get_bool (object, "bot", FALSE);
  user->admin = get_bool (object, "admin", FALSE);
  user->two_factor_enabled = get_bool (object, "two_factor_enabled", FALSE);
  replace_string (&user->avatar_url, get_string (object, "avatar_url"));
  replace_string (&user->web_url, get_string (object, "web_url"));
  replace_string (&user->created_at, get_string (object, "created_at"));
  replace_string (&user->last_sign_in_at, get_string (object, "last_sign_in_at"));
  replace_string (&user->last_activity_on, get_string (object, "last_activity_on"));

  if ((group_id = get_int (object, "enterprise_group_id")) > 0)
    {
      RosterWorldGroup *group = file_group (groups, group_id);

      if (group == NULL)
        {
          WORLD_ERROR (error, "users[%u]: unknown enterprise_group_id", i);
          return FALSE;
        }
      roster_world_user_set_enterprise_group (world, user, group->id);
    }
  if ((group_id = get_int (object, "provisioned_by_group_id")) > 0)
    {
      RosterWorldGroup *group = file_group (groups, group_id);

      if (group == NULL)
        {
          WORLD_ERROR (error, "users[%u]: unknown provisioned_by_group_id", i);
          return FALSE;
        }
      roster_world_user_set_provisioned_by (world, user, group->id);
    }

  return TRUE;
}

static gboolean
load_user_links (RosterWorld  *world,
                 JsonObject   *object,
                 guint         i,
                 GHashTable   *groups,
                 GError      **error)
{
  RosterWorldUser *user = roster_world_lookup_user_by_username (world, get_string (object, "username"));
  JsonArray *array;

  array = get_array (object, "memberships");
  for (guint j = 0; array && j < json_array_get_length (array); j++)
    {
      JsonObject *item = json_array_get_object_element (array, j);
      RosterWorldGroup *group = item ? file_group (groups, get_int (item, "group_id")) : NULL;
      RosterWorldUser *created_by = NULL;
      RosterWorldMember *member;
      RosterAccessLevel level;
      g_autoptr(GError) local_error = NULL;

      if (group == NULL)
        {
          WORLD_ERROR (error, "users[%u].memberships[%u]: unknown group_id", i, j);
          return FALSE;
        }
      if (!get_access_level (item, "access_level", ROSTER_ACCESS_NONE, &level) ||
          level == ROSTER_ACCESS_NONE)
        {
          WORLD_ERROR (error, "users[%u].memberships[%u]: bad access_level", i, j);
          return FALSE;
        }
      if (get_int (item, "created_by") > 0 &&
          (created_by = roster_world_lookup_user (world, get_int (item, "created_by"))) == NULL)
        {
          WORLD_ERROR (error, "users[%u].memberships[%u]: unknown created_by", i, j);
          return FALSE;
        }
      if (!(member = roster_world_add_member (world, group, user, level, created_by, &local_error)))
        {
          WORLD_ERROR (error, "users[%u].memberships[%u]: %s", i, j, local_error->message);
          return FALSE;
        }
      replace_string (&member->created_at, get_string (item, "created_at"));
      roster_world_member_set_expires_at (world, member, get_string (item, "expires_at"));
      replace_string (&member->membership_state, get_string (item, "membership_state"));
    }

  array = get_array (object, "saml_identities");
  for (guint j = 0; array && j < json_array_get_length (array); j++)
    {
      JsonObject *item = json_array_get_object_element (array, j);
      RosterWorldGroup *group = item ? file_group (groups, get_int (item, "group_id")) : NULL;
      g_autoptr(GError) local_error = NULL;

      if (group == NULL)
        {
          WORLD_ERROR (error, "users[%u].saml_identities[%u]: unknown group_id", i, j);
          return FALSE;
        }
      if (!roster_world_add_saml_identity (world, group, user, get_string (item, "extern_uid"),
                                           &local_error))
        {
          WORLD_ERROR (error, "users[%u].saml_identities[%u]: %s", i, j, local_error->message);
          return FALSE;
        }
    }

  array = get_array (object, "scim_identities");
  for (guint j = 0; array && j < json_array_get_length (array); j++)
    {
      JsonObject *item = json_array_get_object_element (array, j);
      RosterWorldGroup *group = item ? file_group (groups, get_int (item, "group_id")) : NULL;
      g_autoptr(GError) local_error = NULL;

      if (group == NULL)
        {
          WORLD_ERROR (error, "users[%u].scim_identities[%u]: unknown group_id", i, j);
          return FALSE;
        }
      if (!roster_world_add_scim_identity (world, group, user, get_string (item, "extern_uid"),
                                           get_bool (item, "active", TRUE), &local_error))
        {
          WORLD_ERROR (error, "users[%u].scim_identities[%u]: %s", i, j, local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load_tokens (RosterWorld               *world,
             JsonArray                 *array,
             const RosterWorldOptions  *options,
             GError                   **error)
{
  gint default_index = -1;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (object && get_bool (object, "default", FALSE))
        {
          default_index = i;
          break;
        }
    }
  if (default_index < 0 && array && json_array_get_length (array) > 0)
    default_index = 0;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      RosterWorldUser *user;
      RosterScope scopes = 0;
      JsonArray *scope_array;
      const char *token;
      g_autoptr(GError) local_error = NULL;

      if (object == NULL ||
          (user = roster_world_lookup_user (world, get_int (object, "user_id"))) == NULL)
        {
          WORLD_ERROR (error, "tokens[%u]: needs the \"user_id\" of a user", i);
          return FALSE;
        }

      scope_array = get_array (object, "scopes");
      for (guint j = 0; scope_array && j < json_array_get_length (scope_array); j++)
        {
          const char *scope = json_array_get_string_element (scope_array, j);

          if (g_strcmp0 (scope, "api") == 0)
            scopes |= ROSTER_SCOPE_API;
          else if (g_strcmp0 (scope, "read_api") == 0)
            scopes |= ROSTER_SCOPE_READ_API;
          else
            {
              WORLD_ERROR (error, "tokens[%u]: unknown scope (known: api, read_api)", i);
              return FALSE;
            }
        }

      token = get_string (object, "token");
      if ((gint) i == default_index && options && options->api_token)
        token = options->api_token;

      if (!roster_world_add_token (world, token, get_string (object, "name"), user, scopes,
                                   &local_error))
        {
          WORLD_ERROR (error, "tokens[%u]: %s", i, local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

RosterWorld *
_roster_world_load_json (JsonNode                  *root,
                         const RosterWorldOptions  *options,
                         GError                   **error)
{
  g_autoptr(RosterWorld) world = roster_world_new ();
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  JsonObject *object;
  JsonObject *instance;
  JsonArray *users;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      WORLD_ERROR (error, "a world is a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);
  if (get_int (object, "roster_sandbox_world") != 1)
    {
      WORLD_ERROR (error, "not a world file (needs \"roster_sandbox_world\": 1)");
      return NULL;
    }

  if (json_object_has_member (object, "instance") &&
      (instance = json_object_get_object_member (object, "instance")))
    {
      if (get_string (instance, "web_base"))
        roster_world_set_web_base (world, get_string (instance, "web_base"));
      roster_world_set_group_saml_enabled (world, get_bool (instance, "group_saml_enabled", TRUE));
    }

  if (!load_groups (world, get_array (object, "groups"), options, groups, error))
    return NULL;

  users = get_array (object, "users");
  for (guint i = 0; users && i < json_array_get_length (users); i++)
    if (!load_user (world, json_array_get_object_element (users, i), i, groups, error))
      return NULL;
  for (guint i = 0; users && i < json_array_get_length (users); i++)
    if (!load_user_links (world, json_array_get_object_element (users, i), i, groups, error))
      return NULL;

  if (!load_tokens (world, get_array (object, "tokens"), options, error))
    return NULL;

  return g_steal_pointer (&world);
}

RosterWorld *
_roster_world_load_file (const char                *path,
                         const RosterWorldOptions  *options,
                         GError                   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  RosterWorld *world;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;

  if (!(world = _roster_world_load_json (json_parser_get_root (parser), options, &local_error)))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                   local_error->message);
      return NULL;
    }
  return world;
}

static RosterWorld *
load_literal (const char               *json,
              const RosterWorldOptions *options)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  RosterWorld *world;

  if (!json_parser_load_from_data (parser, json, -1, &error) ||
      !(world = _roster_world_load_json (json_parser_get_root (parser), options, &error)))
    g_error ("built-in world: %s", error->message);
  return world;
}

/* Dumping */

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *key,
                     const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *key,
          gboolean     value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_boolean_value (builder, value);
}

static void
dump_user (RosterWorld     *world,
           GPtrArray       *groups,
           RosterWorldUser *user,
           JsonBuilder     *builder)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", user->id);
  add_nullable_string (builder, "username", user->username);
  add_nullable_string (builder, "name", user->name);
  add_nullable_string (builder, "first_name", user->first_name);
  add_nullable_string (builder, "last_name", user->last_name);
  add_nullable_string (builder, "email", user->email);
  json_builder_set_member_name (builder, "secondary_emails");
  json_builder_begin_array (builder);
  for (guint i = 0; user->secondary_emails && user->secondary_emails[i]; i++)
    json_builder_add_string_value (builder, user->secondary_emails[i]);
  json_builder_end_array (builder);
  add_nullable_string (builder, "state", user->state);
  add_bool (builder, "locked", user->locked);
  add_bool (builder, "bot", user->bot);
  add_bool (builder, "admin", user->admin);
  add_bool (builder, "two_factor_enabled", user->two_factor_enabled);
  add_nullable_string (builder, "avatar_url", user->avatar_url);
  add_nullable_string (builder, "web_url", user->web_url);
  add_nullable_string (builder, "created_at", user->created_at);
  add_nullable_string (builder, "last_sign_in_at", user->last_sign_in_at);
  add_nullable_string (builder, "last_activity_on", user->last_activity_on);
  add_int (builder, "enterprise_group_id", user->enterprise_group_id);
  add_int (builder, "provisioned_by_group_id", user->provisioned_by_group_id);

  json_builder_set_member_name (builder, "memberships");
  json_builder_begin_array (builder);
  for (guint i = 0; i < groups->len; i++)
    {
      RosterWorldGroup *group = g_ptr_array_index (groups, i);
      RosterWorldMember *member = roster_world_lookup_member (world, group, user);

      if (member == NULL)
        continue;
      json_builder_begin_object (builder);
      add_int (builder, "group_id", group->id);
      add_int (builder, "access_level", member->access_level);
      add_nullable_string (builder, "created_at", member->created_at);
      add_int (builder, "created_by", member->created_by ? member->created_by->id : 0);
      add_nullable_string (builder, "expires_at", member->expires_at);
      add_nullable_string (builder, "membership_state", member->membership_state);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "saml_identities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < groups->len; i++)
    {
      RosterWorldGroup *group = g_ptr_array_index (groups, i);
      RosterWorldSamlIdentity *saml = roster_world_lookup_saml_identity_by_user (world, group, user);

      if (saml == NULL)
        continue;
      json_builder_begin_object (builder);
      add_int (builder, "group_id", group->id);
      add_nullable_string (builder, "extern_uid", saml->extern_uid);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "scim_identities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < groups->len; i++)
    {
      RosterWorldGroup *group = g_ptr_array_index (groups, i);
      RosterWorldScimIdentity *scim = roster_world_lookup_scim_identity_by_user (world, group, user);

      if (scim == NULL)
        continue;
      json_builder_begin_object (builder);
      add_int (builder, "group_id", group->id);
      add_nullable_string (builder, "extern_uid", scim->extern_uid);
      add_bool (builder, "active", scim->active);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

JsonNode *
_roster_world_dump (RosterWorld *world)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) groups = roster_world_list_groups (world);
  g_autoptr(GPtrArray) tokens = roster_world_list_tokens (world);

  json_builder_begin_object (builder);
  add_int (builder, "roster_sandbox_world", 1);

  json_builder_set_member_name (builder, "instance");
  json_builder_begin_object (builder);
  add_nullable_string (builder, "web_base", roster_world_get_web_base (world));
  add_bool (builder, "group_saml_enabled", roster_world_get_group_saml_enabled (world));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (guint i = 0; i < groups->len; i++)
    {
      RosterWorldGroup *group = g_ptr_array_index (groups, i);

      json_builder_begin_object (builder);
      add_int (builder, "id", group->id);
      add_nullable_string (builder, "path", group->path);
      add_nullable_string (builder, "name", group->name);
      add_int (builder, "parent_id", group->parent ? group->parent->id : 0);
      add_int (builder, "saml_provider_id", group->saml_provider_id);
      add_int (builder, "default_membership_role", group->default_membership_role);
      add_nullable_string (builder, "verified_domain", group->verified_domain);
      add_nullable_string (builder, "scim_token", group->scim_token);
      add_bool (builder, "saml_enabled", group->saml_enabled);
      add_bool (builder, "sso_enforced", group->sso_enforced);
      json_builder_set_member_name (builder, "allowed_email_domains");
      json_builder_begin_array (builder);
      for (guint j = 0; group->allowed_email_domains && group->allowed_email_domains[j]; j++)
        json_builder_add_string_value (builder, group->allowed_email_domains[j]);
      json_builder_end_array (builder);
      add_nullable_string (builder, "description", group->description);
      add_nullable_string (builder, "visibility", group->visibility);
      add_nullable_string (builder, "web_url", group->web_url);
      add_nullable_string (builder, "created_at", group->created_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < roster_world_get_n_users (world); i++)
    dump_user (world, groups, roster_world_get_user (world, i), builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tokens");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tokens->len; i++)
    {
      RosterWorldToken *token = g_ptr_array_index (tokens, i);

      json_builder_begin_object (builder);
      add_nullable_string (builder, "token", token->token);
      add_nullable_string (builder, "name", token->name);
      add_int (builder, "user_id", token->user->id);
      json_builder_set_member_name (builder, "scopes");
      json_builder_begin_array (builder);
      if (token->scopes & ROSTER_SCOPE_API)
        json_builder_add_string_value (builder, "api");
      if (token->scopes & ROSTER_SCOPE_READ_API)
        json_builder_add_string_value (builder, "read_api");
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Generating */

static const char * const first_names[] = {
  "Aaliyah", "Adebayo", "Agnieszka", "Ahmed", "Aiko", "Alejandro", "Alice", "Amara", "Amélie",
  "Ana", "Anders", "Aoife", "Arjun", "Astrid", "Beatriz", "Benjamin", "Björn", "Camille",
  "Carlos", "Chen", "Chiara", "Chloé", "Chukwuemeka", "Daniel", "Dmitri", "Elena", "Elif",
  "Emily", "Emre", "Eun-ji", "Fatima", "Femi", "Fernando", "François", "Freya", "Gabriel",
  "Giulia", "Hana", "Hannah", "Hiroshi", "Ingrid", "Isabel", "Ivan", "Jakub", "James", "Javier",
  "Jean-Luc", "Ji-woo", "João", "José", "Julia", "Kai", "Karin", "Kateřina", "Kenji", "Kwame",
  "Lars", "Laura", "Leila", "Liam", "Lucía", "Łukasz", "Maja", "Malik", "Marco", "María",
  "Mateo", "Mei", "Mohammed", "Nadia", "Naledi", "Nikolai", "Noah", "Nora", "Olga", "Olivia",
  "Omar", "Pablo", "Priya", "Rafael", "Rahul", "Renée", "Rosa", "Sakura", "Samuel", "Sanjay",
  "Sara", "Siobhán", "Sofia", "Søren", "Stefan", "Tariq", "Thandiwe", "Thomas", "Tomás", "Ursula",
  "Valentina", "Wei", "Yara", "Yusuf", "Zanele", "Zoë",
};

static const char * const last_names[] = {
  "Abara", "Adeyemi", "Alvarez", "Andersen", "Bakker", "Banerjee", "Becker", "Bianchi", "Brown",
  "Castillo", "Chowdhury", "Costa", "D'Angelo", "Dąbrowski", "Dubois", "Dvořák", "Eriksson",
  "Fernández", "Fischer", "Fujimoto", "García", "Gonzaga", "Gupta", "Haddad", "Hansen",
  "Hernández", "Hoffmann", "Ivanova", "Jansen", "Jensen", "Johansson", "Kim", "Kowalski",
  "Kuznetsov", "Larsen", "Lee", "Li", "Lindqvist", "López", "Mahlangu", "Martin", "Martínez",
  "Mensah", "Meyer", "Moreau", "Müller", "Nakamura", "Nguyễn", "Nielsen", "Novák", "Núñez",
  "O'Brien", "O'Connor", "Okafor", "Okonkwo", "Olsen", "Park", "Patel", "Pereira", "Petrov",
  "Popescu", "Quispe", "Rahman", "Ramírez", "Reddy", "Rossi", "Sánchez", "Santos", "Sato",
  "Schäfer", "Schmidt", "Shevchenko", "Silva", "Singh", "Smith", "Sokolov", "Suzuki", "Takahashi",
  "Tanaka", "Tremblay", "Van der Berg", "Vásquez", "Wagner", "Wang", "Weber", "Williams",
  "Wójcik", "Yamamoto", "Yılmaz", "Zhang", "Ødegaard", "Ólafsdóttir",
};

typedef enum
{
  KIND_OK,
  KIND_SAML_SCIM_MISMATCH,
  KIND_CASE_MISMATCH,
  KIND_SCIM_WITHOUT_SAML,
  KIND_SAML_WITHOUT_SCIM,
  KIND_INACTIVE_BUT_MEMBER,
  KIND_DEPROVISIONED,
  KIND_ORPHAN_IDENTITY,
  KIND_DUPLICATE_EXTERN_UID,
  KIND_NO_IDENTITY,
  N_KINDS
} Kind;

typedef struct
{
  RosterWorld      *world;
  RosterWorldGroup *group;
  RosterWorldUser  *owner;             /* created_by of hand-added members */
  GRand            *rand;
  GHashTable       *name_counts;       /* "jsmith" / "john.smith@domain" → times used */
} Generator;

/* base, base2, base3, … : the n-th use of a base, without probing. */
static char *
next_variant (Generator  *gen,
              const char *base,
              const char *suffix)
{
  g_autofree char *key = g_strconcat (base, "\x1f", suffix, NULL);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (gen->name_counts, key)) + 1;

  g_hash_table_insert (gen->name_counts, g_steal_pointer (&key), GUINT_TO_POINTER (n));
  if (n == 1)
    return g_strconcat (base, suffix, NULL);
  return g_strdup_printf ("%s%u%s", base, n, suffix);
}

static guint
pick (Generator *gen,
      guint      n)
{
  return g_rand_int_range (gen->rand, 0, (gint32) n);
}

static char *
make_uuid (Generator *gen)
{
  guint32 a = g_rand_int (gen->rand);
  guint32 b = g_rand_int (gen->rand);
  guint32 c = g_rand_int (gen->rand);
  guint32 d = g_rand_int (gen->rand);

  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x",
                          a, b >> 16, b & 0xfff, 0x8000 | (c >> 18), c & 0xffff, d);
}

/* ASCII transliteration, lower-cased, only [a-z0-9] kept. */
static char *
ascii_token (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  if (out->len == 0)
    g_string_append (out, "x");
  return g_string_free (out, FALSE);
}

static char *
make_timestamp (Generator *gen,
                guint      first_year,
                guint      n_years)
{
  return g_strdup_printf ("%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
                          first_year + pick (gen, n_years), 1 + pick (gen, 12), 1 + pick (gen, 28),
                          pick (gen, 24), pick (gen, 60), pick (gen, 60), pick (gen, 1000));
}

/* An extern_uid in one of the styles IdPs send, not yet held (in any case)
 * by anybody in the group. */
static char *
make_extern_uid (Generator       *gen,
                 RosterWorldUser *user)
{
  for (guint attempt = 0;; attempt++)
    {
      guint style = pick (gen, 100);
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;
      char *value;

      if (attempt == 0 && style >= 90 && style < 99 && !(style >= 94 && style < 97))
        {
          first = ascii_token (user->first_name ? user->first_name : user->name);
          last = ascii_token (user->last_name ? user->last_name : "");
        }

      if (attempt > 0 || style < 70)
        value = make_uuid (gen);                                      /* Entra objectId */
      else if (style < 82)
        value = g_strdup (user->email);                               /* userPrincipalName */
      else if (style < 90)
        {
          static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
          GString *okta = g_string_new ("00u");

          for (guint i = 0; i < 17; i++)
            g_string_append_c (okta, alphabet[pick (gen, sizeof alphabet - 1)]);
          value = g_string_free (okta, FALSE);                        /* Okta user id */
        }
      else if (style < 94)
        value = g_strdup_printf ("ACME\\%c%s", first[0], last);       /* DOMAIN\user */
      else if (style < 97)
        value = g_utf8_strdown (user->name, -1);                      /* unicode, apostrophes */
      else if (style < 99)
        value = g_strdup_printf ("\"%s.%s\"@acme.example", first, last);  /* quoted local part */
      else
        value = g_strdup_printf ("CN=%s,OU=Staff,DC=acme,DC=example", user->name);

      if (!roster_world_extern_uid_in_use (gen->world, gen->group, value))
        return value;
      g_free (value);
    }
}

static RosterWorldUser *
make_user (Generator *gen,
           gboolean   contractor)
{
  RosterWorld *world = gen->world;
  const char *first = first_names[pick (gen, G_N_ELEMENTS (first_names))];
  const char *last = last_names[pick (gen, G_N_ELEMENTS (last_names))];
  g_autofree char *first_ascii = ascii_token (first);
  g_autofree char *last_ascii = ascii_token (last);
  g_autofree char *name = g_strdup_printf ("%s %s", first, last);
  g_autofree char *wish = g_strdup_printf ("%c%s", first_ascii[0], last_ascii);
  g_autofree char *variant = NULL;
  g_autofree char *username = NULL;
  g_autofree char *local = g_strdup_printf ("%s.%s", first_ascii, last_ascii);
  const char *domain = contractor ? "contractors.example" : "acme.example";
  g_autofree char *at_domain = g_strconcat ("@", domain, NULL);
  g_autofree char *email = NULL;
  RosterWorldUser *user;

  /* jsmith, jsmith2, …; the world's own suffixing stays for collisions
   * with names a world file brought. */
  variant = next_variant (gen, wish, "");
  username = roster_world_make_username (world, variant);

  do
    {
      g_free (email);
      if (pick (gen, 50) == 0)
        {
          g_autofree char *tagged = g_strconcat ("+gitlab", at_domain, NULL);

          email = next_variant (gen, local, tagged);
        }
      else
        email = next_variant (gen, local, at_domain);
    }
  while (roster_world_lookup_user_by_email (world, email) != NULL);

  user = roster_world_add_user (world, 0, username, name, email, NULL);
  g_assert (user != NULL);
  roster_world_user_set_names (world, user, first, last);

  g_free (user->created_at);
  user->created_at = make_timestamp (gen, 2019, 7);
  if (pick (gen, 10) < 9)
    {
      user->last_sign_in_at = make_timestamp (gen, 2025, 1);
      user->last_activity_on = g_strndup (user->last_sign_in_at, 10);
    }
  user->two_factor_enabled = pick (gen, 3) != 0;

  if (pick (gen, 20) == 0)
    {
      g_autofree char *old = g_strdup_printf ("%c.%s@acme-legacy.example", first_ascii[0], last_ascii);

      if (roster_world_lookup_user_by_email (world, old) == NULL)
        roster_world_user_add_secondary_email (world, user, old, NULL);
    }

  return user;
}

static void
add_member (Generator       *gen,
            RosterWorldUser *user,
            gboolean         by_hand)
{
  static const RosterAccessLevel levels[] = {
    ROSTER_ACCESS_GUEST, ROSTER_ACCESS_REPORTER, ROSTER_ACCESS_DEVELOPER,
    ROSTER_ACCESS_MAINTAINER, ROSTER_ACCESS_OWNER,
  };
  static const guint weights[] = { 8, 12, 70, 8, 2 };
  guint roll = pick (gen, 100);
  guint level = 0;
  RosterWorldMember *member;

  while (roll >= weights[level])
    roll -= weights[level++];

  member = roster_world_add_member (gen->world, gen->group, user, levels[level],
                                    by_hand ? gen->owner : NULL, NULL);
  g_assert (member != NULL);
  g_free (member->created_at);
  member->created_at = g_strdup (user->created_at);
  if (by_hand)
    {
      g_autofree char *expires = g_strdup_printf ("2026-%02u-%02u", 1 + pick (gen, 12),
                                                  1 + pick (gen, 28));

      roster_world_member_set_expires_at (gen->world, member, expires);
    }
}

static void
add_scim (Generator       *gen,
          RosterWorldUser *user,
          const char      *extern_uid,
          gboolean         active)
{
  if (!roster_world_add_scim_identity (gen->world, gen->group, user, extern_uid, active, NULL))
    g_assert_not_reached ();
}

static void
add_saml (Generator       *gen,
          RosterWorldUser *user,
          const char      *extern_uid)
{
  if (!roster_world_add_saml_identity (gen->world, gen->group, user, extern_uid, NULL))
    g_assert_not_reached ();
}

static void
make_enterprise (Generator       *gen,
                 RosterWorldUser *user,
                 gboolean         provisioned)
{
  roster_world_user_set_enterprise_group (gen->world, user, gen->group->id);
  if (provisioned)
    roster_world_user_set_provisioned_by (gen->world, user, gen->group->id);
}

/* Returns how many users it made (2 for a duplicate pair). */
static guint
generate_one (Generator *gen,
              Kind       kind,
              gboolean   room_for_two)
{
  RosterWorldUser *user;
  RosterWorldUser *other;
  g_autofree char *value = NULL;
  g_autofree char *other_value = NULL;

  if (kind == KIND_DUPLICATE_EXTERN_UID && !room_for_two)
    kind = KIND_SAML_SCIM_MISMATCH;

  user = make_user (gen, kind == KIND_NO_IDENTITY);
  value = make_extern_uid (gen, user);

  switch (kind)
    {
    case KIND_OK:
      add_member (gen, user, FALSE);
      add_scim (gen, user, value, TRUE);
      add_saml (gen, user, value);
      make_enterprise (gen, user, TRUE);
      return 1;

    case KIND_SAML_SCIM_MISMATCH:
      /* Like Alan: SCIM still holds an older value (often the email). */
      add_member (gen, user, FALSE);
      add_saml (gen, user, value);
      if (!roster_world_extern_uid_in_use (gen->world, gen->group, user->email))
        other_value = g_strdup (user->email);
      else
        other_value = make_extern_uid (gen, user);
      add_scim (gen, user, other_value, TRUE);
      make_enterprise (gen, user, FALSE);
      return 1;

    case KIND_CASE_MISMATCH:
      {
        g_autofree char *upper = g_utf8_strup (value, -1);

        if (g_strcmp0 (upper, value) == 0)
          {
            g_free (value);
            value = make_uuid (gen);
            g_free (upper);
            upper = g_utf8_strup (value, -1);
          }
        add_member (gen, user, FALSE);
        add_scim (gen, user, upper, TRUE);
        add_saml (gen, user, value);
        make_enterprise (gen, user, FALSE);
        return 1;
      }

    case KIND_SCIM_WITHOUT_SAML:
      add_member (gen, user, FALSE);
      add_scim (gen, user, value, TRUE);
      make_enterprise (gen, user, FALSE);
      return 1;

    case KIND_SAML_WITHOUT_SCIM:
      add_member (gen, user, FALSE);
      add_saml (gen, user, value);
      make_enterprise (gen, user, FALSE);
      return 1;

    case KIND_INACTIVE_BUT_MEMBER:
      add_member (gen, user, FALSE);
      add_scim (gen, user, value, FALSE);
      add_saml (gen, user, value);
      make_enterprise (gen, user, TRUE);
      return 1;

    case KIND_DEPROVISIONED:
      add_scim (gen, user, value, FALSE);
      add_saml (gen, user, value);
      make_enterprise (gen, user, TRUE);
      return 1;

    case KIND_ORPHAN_IDENTITY:
      add_scim (gen, user, value, TRUE);
      add_saml (gen, user, value);
      make_enterprise (gen, user, TRUE);
      return 1;

    case KIND_DUPLICATE_EXTERN_UID:
      /* The IdP reused a value: this user's SCIM identity and the other
       * user's SAML identity hold the same one. */
      add_member (gen, user, FALSE);
      add_scim (gen, user, value, TRUE);
      other_value = make_extern_uid (gen, user);
      add_saml (gen, user, other_value);
      make_enterprise (gen, user, FALSE);

      other = make_user (gen, FALSE);
      g_free (other_value);
      other_value = make_extern_uid (gen, other);
      add_member (gen, other, FALSE);
      add_scim (gen, other, other_value, TRUE);
      add_saml (gen, other, value);
      make_enterprise (gen, other, FALSE);
      return 2;

    case KIND_NO_IDENTITY:
      add_member (gen, user, TRUE);
      return 1;

    case N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

void
_roster_world_populate (RosterWorld *world,
                        guint        n_users,
                        guint64      seed,
                        double       mismatch_rate)
{
  Generator gen = { world, NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) groups = roster_world_list_groups (world);
  guint32 seed_words[2] = { (guint32) seed, (guint32) (seed >> 32) };
  guint next_kind = 0;
  guint made = 0;

  gen.name_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_if_fail (groups->len > 0);

  gen.group = g_ptr_array_index (groups, 0);
  gen.rand = g_rand_new_with_seed_array (seed_words, 2);
  for (guint i = 0; i < roster_world_group_get_n_members (world, gen.group) && !gen.owner; i++)
    {
      RosterWorldMember *member = roster_world_group_get_member (world, gen.group, i);

      if (member->access_level == ROSTER_ACCESS_OWNER)
        gen.owner = member->user;
    }

  mismatch_rate = CLAMP (mismatch_rate, 0.0, 1.0);
  while (made < n_users)
    {
      Kind kind = KIND_OK;

      /* Problems go round the kinds, so each kind shows up as soon as
       * there are a few problems. */
      if (g_rand_double (gen.rand) < mismatch_rate)
        kind = 1 + (next_kind++ % (N_KINDS - 1));
      made += generate_one (&gen, kind, n_users - made >= 2);
    }

  g_rand_free (gen.rand);
  g_hash_table_unref (gen.name_counts);
}

RosterWorld *
_roster_world_new_builtin (RosterSandboxWorld         which,
                           const RosterWorldOptions  *options)
{
  RosterWorld *world;

  switch (which)
    {
    case ROSTER_SANDBOX_WORLD_FIXTURE:
      return load_literal (fixture_world_json, options);

    case ROSTER_SANDBOX_WORLD_EMPTY:
      return load_literal (empty_world_json, options);

    case ROSTER_SANDBOX_WORLD_DEMO:
      world = load_literal (fixture_world_json, options);
      _roster_world_populate (world, 200, 20261128, 0.25);
      return world;

    default:
      g_return_val_if_reached (NULL);
    }
}

RosterWorld *
_roster_world_new_generated (guint                      n_users,
                             guint64                    seed,
                             double                     mismatch_rate,
                             const RosterWorldOptions  *options)
{
  RosterWorld *world = load_literal (empty_world_json, options);
  g_autoptr(GPtrArray) groups = roster_world_list_groups (world);
  RosterWorldGroup *group = g_ptr_array_index (groups, 0);

  _roster_world_populate (world, n_users, seed, mismatch_rate);

  /* A Developer's token, as in the built-in worlds. */
  for (guint i = 0; i < roster_world_group_get_n_members (world, group); i++)
    {
      RosterWorldMember *member = roster_world_group_get_member (world, group, i);

      if (member->access_level == ROSTER_ACCESS_DEVELOPER)
        {
          roster_world_add_token (world, ROSTER_SANDBOX_DEVELOPER_TOKEN, "A developer's API token",
                                  member->user, ROSTER_SCOPE_API, NULL);
          break;
        }
    }

  return world;
}
