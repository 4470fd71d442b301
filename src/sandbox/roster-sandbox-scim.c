/* roster-sandbox-scim.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-sandbox-scim"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "roster-sandbox-private.h"

/* GitLab's group SCIM API (gitlab-api.md §1), served under
 * /api/scim/v2/groups/:group/Users[/:id]. Behaviour follows GitLab's
 * API::Scim::GroupScim, Gitlab::Scim::{ParamsParser,FilterParser,
 * ValueParser,AttributeTransform}, Authn::GroupScimFinder and the group
 * (de|re)provisioning services; the choices made where the contract says
 * UNCONFIRMED are the constants and functions right below. */

/* startIndex is echoed verbatim from the request (a query parameter, so a
 * string: "startIndex": "21"), or the number 1 when absent or blank
 * (gitlab-api.md §1.5, UNCONFIRMED). Set to FALSE to echo a number. */
#define SCIM_ECHO_START_INDEX_AS_STRING TRUE

#define SCIM_DEFAULT_COUNT 20
#define SCIM_MAX_COUNT     100

#define SCIM_USER_SCHEMA   "urn:ietf:params:scim:schemas:core:2.0:User"
#define SCIM_LIST_SCHEMA   "urn:ietf:params:scim:api:messages:2.0:ListResponse"
#define SCIM_ERROR_SCHEMA  "urn:ietf:params:scim:api:messages:2.0:Error"

/* A SCIM URL that matches no route: a group segment with a '.' (Grape's
 * default path parameter stops at a dot), or a resource other than Users
 * (/Groups, /Schemas, …). GitLab answers those outside the API, and users
 * report the HTML of the sign-in page: we redirect there (302, Rails'
 * "You are being redirected." body); the fallback handler serves
 * /users/sign_in as an HTML page. Not JSON either way, which is what the
 * client must detect (gitlab-api.md §1.1, §1.9; UNCONFIRMED). */
static void
answer_unroutable (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *location = g_strdup_printf ("%s://%s:%d/users/sign_in",
                                               g_uri_get_scheme (uri), g_uri_get_host (uri),
                                               g_uri_get_port (uri));
  g_autofree char *body = g_strdup_printf ("<html><body>You are being <a href=\"%s\">redirected</a>."
                                           "</body></html>", location);

  _roster_sandbox_set_body (msg, SOUP_STATUS_FOUND, "text/html; charset=utf-8", body, -1);
  soup_message_headers_replace (headers, "Location", location);
}

/* PUT on /Users/:id and other methods no route declares: Grape's 405 with
 * an Allow header, in GitLab's error shape (UNCONFIRMED). */
static void
answer_method_not_allowed (SoupServerMessage *msg,
                           const char        *allow)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  _roster_sandbox_set_message (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "405 Not Allowed");
  soup_message_headers_replace (headers, "Allow", allow);
}

/* Bodies */

static void
set_scim_error (SoupServerMessage *msg,
                guint              status,
                const char        *detail)
{
  GString *json = g_string_new ("{\"schemas\":[\"" SCIM_ERROR_SCHEMA "\"],\"detail\":");

  _roster_sandbox_json_string (json, detail);
  g_string_append_printf (json, ",\"status\":%u}", status);
  _roster_sandbox_set_json_string (msg, status, ROSTER_SANDBOX_SCIM_JSON, json);
}

/* The plain GitLab error body, from the SCIM API class (whose content type
 * is application/scim+json). */
static void
set_plain_error (SoupServerMessage *msg,
                 guint              status,
                 const char        *message)
{
  GString *json = g_string_new ("{\"message\":");

  _roster_sandbox_json_string (json, message);
  g_string_append_c (json, '}');
  _roster_sandbox_set_json_string (msg, status, ROSTER_SANDBOX_SCIM_JSON, json);
}

/* API::Entities::Scim::User of a SCIM identity. */
static void
append_user (GString                 *json,
             RosterWorldScimIdentity *identity)
{
  RosterWorldUser *user = identity->user;

  g_string_append (json, "{\"schemas\":[\"" SCIM_USER_SCHEMA "\"],\"id\":");
  _roster_sandbox_json_string (json, identity->extern_uid);
  g_string_append (json, identity->active ? ",\"active\":true" : ",\"active\":false");
  g_string_append (json, ",\"emails\":[{\"type\":\"work\",\"value\":");
  _roster_sandbox_json_string (json, user->email);
  g_string_append (json, ",\"primary\":true}],\"name\":{\"formatted\":");
  _roster_sandbox_json_string (json, user->name);
  g_string_append (json, ",\"givenName\":");
  _roster_sandbox_json_string (json, user->first_name);
  g_string_append (json, ",\"familyName\":");
  _roster_sandbox_json_string (json, user->last_name);
  g_string_append (json, "},\"meta\":{\"resourceType\":\"User\"},\"userName\":");
  _roster_sandbox_json_string (json, user->username);
  g_string_append_c (json, '}');
}

static void
set_user (SoupServerMessage       *msg,
          guint                    status,
          RosterWorldScimIdentity *identity)
{
  GString *json = g_string_sized_new (512);

  append_user (json, identity);
  _roster_sandbox_set_json_string (msg, status, ROSTER_SANDBOX_SCIM_JSON, json);
}

/* Ruby's Hash#inspect of the request parameters (as GitLab puts them in
 * 409/412 details), with sensitive values filtered like
 * sanitize_request_parameters. */

static gboolean
is_filtered_key (const char *key)
{
  g_autofree char *lower = g_ascii_strdown (key, -1);

  return strstr (lower, "password") || strstr (lower, "token") || strstr (lower, "secret") ||
         strstr (lower, "otp_attempt");
}

static void
ruby_inspect_string (GString    *out,
                     const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case 0x1b: g_string_append (out, "\\e"); break;
        case '#':
          if (p[1] == '{' || p[1] == '$' || p[1] == '@')
            g_string_append (out, "\\#");
          else
            g_string_append_c (out, '#');
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\x%02X", c);
          else if (!g_unichar_isprint (c))
            g_string_append_printf (out, "\\u%04X", c);
          else
            g_string_append_unichar (out, c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void ruby_inspect (GString  *out,
                          JsonNode *node);

static void
ruby_inspect_object (GString    *out,
                     JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      ruby_inspect_string (out, name);
      g_string_append (out, "=>");
      if (is_filtered_key (name))
        g_string_append (out, "\"[FILTERED]\"");
      else
        ruby_inspect (out, member);
    }
  g_string_append_c (out, '}');
}

static void
ruby_inspect (GString  *out,
              JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      ruby_inspect_object (out, json_node_get_object (node));
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            ruby_inspect (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "nil");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          ruby_inspect_string (out, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          {
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];

            g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node));
            g_string_append (out, buffer);
            if (!strpbrk (buffer, ".eEni"))
              g_string_append (out, ".0");
          }
          break;
        default:
          g_string_append (out, "nil");
          break;
        }
      break;

    default:
      g_string_append (out, "nil");
      break;
    }
}

static char *
inspect_params (JsonObject *params)
{
  GString *out = g_string_new (NULL);

  ruby_inspect_object (out, params);
  return g_string_free (out, FALSE);
}

/* Request values */

/* Ruby's String#to_i: leading whitespace, a sign, digits; 0 otherwise. */
static gint64
ruby_to_i (const char *text)
{
  gint64 value = 0;
  gboolean negative = FALSE;

  if (text == NULL)
    return 0;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '-' || *text == '+')
    negative = *text++ == '-';
  for (; g_ascii_isdigit (*text); text++)
    {
      if (value > G_MAXINT64 / 10 - 10)
        break;
      value = value * 10 + (*text - '0');
    }
  return negative ? -value : value;
}

/* The string form of a parameter (numbers and booleans as Ruby's to_s),
 * or NULL when absent or null. */
static char *
param_to_string (JsonObject *params,
                 const char *key)
{
  JsonNode *node = json_object_get_member (params, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Gitlab::Scim::ValueParser: strings lose their double quotes, and
 * "true"/"false" in any case become booleans. Returns a new node. */
static JsonNode *
type_cast (JsonNode *input)
{
  GString *unquoted;
  JsonNode *node;

  if (input == NULL)
    return json_node_new (JSON_NODE_NULL);
  if (!JSON_NODE_HOLDS_VALUE (input) || json_node_get_value_type (input) != G_TYPE_STRING)
    return json_node_copy (input);

  unquoted = g_string_new (NULL);
  for (const char *p = json_node_get_string (input); *p; p++)
    if (*p != '"')
      g_string_append_c (unquoted, *p);

  if (g_ascii_strcasecmp (unquoted->str, "true") == 0 ||
      g_ascii_strcasecmp (unquoted->str, "false") == 0)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, g_ascii_strcasecmp (unquoted->str, "true") == 0);
    }
  else
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, unquoted->str);
    }
  g_string_free (unquoted, TRUE);
  return node;
}

/* Gitlab::Scim::AttributeTransform: SCIM attribute → GitLab key. */
static const char *
gitlab_key (const char *attribute)
{
  static const struct { const char *scim; const char *gitlab; } mappings[] = {
    { "id", "extern_uid" },
    { "displayName", "name" },
    { "name.formatted", "name" },
    { "emails[type eq \"work\"].value", "email" },
    { "active", "active" },
    { "externalId", "extern_uid" },
    { "userName", "username" },
  };

  if (attribute == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (mappings); i++)
    if (strcmp (attribute, mappings[i].scim) == 0)
      return mappings[i].gitlab;
  return NULL;
}

/* A transformed value as the string GitLab stores (booleans as "true"). */
static char *
node_to_string (JsonNode *node)
{
  g_autoptr(JsonObject) wrapper = json_object_new ();

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  json_object_set_member (wrapper, "v", json_node_copy (node));
  return param_to_string (wrapper, "v");
}

/* Ruby's truthiness for a JSON value. */
static gboolean
is_truthy (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return TRUE;
}

/* Access (gitlab-api.md §1.2) */

typedef struct
{
  RosterSandbox      *self;
  RosterWorld        *world;
  SoupServerMessage  *msg;
  GHashTable         *query;
  const char         *group_segment;
  RosterWorldGroup   *group;
} Request;

/* The checks of every /Users call, in GitLab's order; FALSE when one
 * answered. */
static gboolean
find_and_authenticate_group (Request *request)
{
  g_autofree char *detail = NULL;

  if (!roster_world_get_group_saml_enabled (request->world))
    {
      set_plain_error (request->msg, SOUP_STATUS_FORBIDDEN, "403 Forbidden - Group SAML not enabled.");
      return FALSE;
    }

  request->group = roster_world_find_group (request->world, request->group_segment);
  if (request->group == NULL)
    {
      detail = g_strdup_printf ("Group %s not found", request->group_segment);
      set_scim_error (request->msg, SOUP_STATUS_NOT_FOUND, detail);
      return FALSE;
    }

  if (request->group->saml_provider_id == 0)
    {
      detail = g_strdup_printf ("Group %s does not have SAML SSO configured", request->group_segment);
      set_scim_error (request->msg, SOUP_STATUS_NOT_FOUND, detail);
      return FALSE;
    }

  if (!_roster_sandbox_check_scim_token (request->self, request->msg, request->query,
                                         request->group))
    {
      set_plain_error (request->msg, SOUP_STATUS_UNAUTHORIZED, "401 Unauthorized");
      return FALSE;
    }

  return TRUE;
}

/* GET /Users */

static gboolean
looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && at[1] != '\0' && strchr (at + 1, '@') == NULL &&
         strchr (text, ' ') == NULL;
}

/* Authn::GroupScimFinder#search with a filter: the matching identities
 * (0 or 1, extern_uids being unique per group), or FALSE for an
 * unsupported filter. */
static gboolean
filter_identities (Request                  *request,
                   const char               *filter,
                   RosterWorldScimIdentity **out)
{
  g_auto(GStrv) tokens = g_strsplit_set (filter, " \t\n\v\f\r", -1);
  const char *parts[3] = { NULL, NULL, NULL };
  const char *key;
  g_autoptr(JsonNode) raw = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *text = NULL;
  RosterWorldUser *user;
  guint n = 0;

  /* Ruby's split(' '): runs of whitespace separate, leading ones ignored;
   * the parser keeps the first three words. */
  for (guint i = 0; tokens[i] && n < 3; i++)
    if (tokens[i][0] != '\0')
      parts[n++] = tokens[i];

  *out = NULL;
  if (g_strcmp0 (parts[1], "eq") != 0 || (key = gitlab_key (parts[0])) == NULL)
    return FALSE;

  if (parts[2])
    {
      raw = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (raw, parts[2]);
    }
  value = type_cast (raw);
  text = node_to_string (value);

  /* Only extern_uid and username, with a present value, are searchable. */
  if (!is_truthy (value) || is_blank (text))
    return FALSE;

  if (strcmp (key, "extern_uid") == 0)
    {
      *out = roster_world_lookup_scim_identity (request->world, request->group, text);
      return TRUE;
    }
  if (strcmp (key, "username") != 0)
    return FALSE;

  if ((*out = roster_world_lookup_scim_identity (request->world, request->group, text)))
    return TRUE;

  user = roster_world_lookup_user_by_username (request->world, text);
  if (user == NULL && looks_like_email (text))
    {
      user = roster_world_lookup_user_by_email (request->world, text);
      if (user == NULL)
        {
          g_autofree char *local = g_strndup (text, strchr (text, '@') - text);

          user = roster_world_lookup_user_by_username (request->world, local);
        }
    }
  if (user)
    *out = roster_world_lookup_scim_identity_by_user (request->world, request->group, user);
  return TRUE;
}

static void
list_users (Request    *request,
            JsonObject *params)
{
  g_autofree char *filter = param_to_string (params, "filter");
  g_autofree char *count_param = param_to_string (params, "count");
  g_autofree char *start_param = param_to_string (params, "startIndex");
  RosterWorldScimIdentity *match = NULL;
  /* A disabled SAML provider: the finder returns nothing at all (even for
   * filters it would refuse). */
  gboolean disabled = !request->group->saml_enabled;
  gboolean filtered = !disabled && !is_blank (filter);
  gint64 count = ruby_to_i (count_param);
  gint64 start = ruby_to_i (start_param);
  guint total;
  GString *json;

  if (filtered && !filter_identities (request, filter, &match))
    {
      set_scim_error (request->msg, SOUP_STATUS_PRECONDITION_FAILED, "Unsupported Filter");
      return;
    }

  if (count <= 0)
    count = SCIM_DEFAULT_COUNT;
  count = MIN (count, SCIM_MAX_COUNT);
  if (start < 1)
    start = 1;

  total = disabled ? 0
        : filtered ? (match ? 1 : 0)
        : roster_world_group_get_n_scim_identities (request->world, request->group);

  json = g_string_sized_new (256 + 450 * (gsize) MIN ((gint64) total, count));
  g_string_append_printf (json, "{\"schemas\":[\"" SCIM_LIST_SCHEMA "\"],"
                          "\"totalResults\":%u,\"itemsPerPage\":%" G_GINT64_FORMAT ",\"startIndex\":",
                          total, count);
  if (is_blank (start_param))
    g_string_append (json, "1");
  else if (SCIM_ECHO_START_INDEX_AS_STRING)
    _roster_sandbox_json_string (json, start_param);
  else
    g_string_append_printf (json, "%" G_GINT64_FORMAT, start);
  g_string_append (json, ",\"Resources\":[");

  if (filtered)
    {
      if (match && start == 1)
        append_user (json, match);
    }
  else
    {
      for (gint64 i = start - 1; i < start - 1 + count && i < (gint64) total; i++)
        {
          if (i > start - 1)
            g_string_append_c (json, ',');
          append_user (json, roster_world_group_get_scim_identity (request->world, request->group,
                                                                   (guint) i));
        }
    }

  g_string_append (json, "]}");
  _roster_sandbox_set_json_string (request->msg, SOUP_STATUS_OK, ROSTER_SANDBOX_SCIM_JSON, json);
}

/* POST /Users */

typedef struct
{
  char     *extern_uid;
  char     *username;
  char     *email;
  char     *name;
  gboolean  has_extern_uid;
  gboolean  has_username;
  gboolean  has_email;
} PostParams;

static void
post_params_clear (PostParams *post)
{
  g_free (post->extern_uid);
  g_free (post->username);
  g_free (post->email);
  g_free (post->name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PostParams, post_params_clear)

/* ParamsParser#post_params. */
static void
parse_post_params (JsonObject *params,
                   PostParams *post)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  JsonNode *emails = json_object_get_member (params, "emails");
  JsonNode *name_node = json_object_get_member (params, "name");
  char *email = NULL;
  char *full_name = NULL;
  gboolean has_email_overwrite = FALSE;
  gboolean has_name_overwrite = FALSE;

  /* The overwrites: the first work or primary email, and the name object. */
  if (emails && JSON_NODE_HOLDS_ARRAY (emails))
    {
      JsonArray *array = json_node_get_array (emails);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          JsonObject *object;
          JsonNode *type;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          object = json_node_get_object (item);
          type = json_object_get_member (object, "type");
          if ((type && JSON_NODE_HOLDS_VALUE (type) &&
               json_node_get_value_type (type) == G_TYPE_STRING &&
               strcmp (json_node_get_string (type), "work") == 0) ||
              is_truthy (json_object_get_member (object, "primary")))
            {
              email = param_to_string (object, "value");
              break;
            }
        }
    }
  if (email)
    has_email_overwrite = TRUE;

  if (name_node && JSON_NODE_HOLDS_OBJECT (name_node))
    {
      JsonObject *object = json_node_get_object (name_node);
      g_autofree char *formatted = param_to_string (object, "formatted");

      if (!is_blank (formatted))
        full_name = g_steal_pointer (&formatted);
      else
        {
          g_autofree char *given = param_to_string (object, "givenName");
          g_autofree char *family = param_to_string (object, "familyName");

          full_name = g_strjoin (given && family ? " " : "", given ? given : "",
                                 family ? family : "", NULL);
        }
      has_name_overwrite = TRUE;
    }

  json_object_iter_init_ordered (&iter, params);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      const char *key = gitlab_key (name);
      g_autoptr(JsonNode) value = NULL;

      if (key == NULL || JSON_NODE_HOLDS_NULL (member))
        continue;
      if ((has_email_overwrite && strcmp (key, "email") == 0) ||
          (has_name_overwrite && strcmp (key, "name") == 0) ||
          strcmp (key, "active") == 0)
        continue;

      value = type_cast (member);
      if (strcmp (key, "extern_uid") == 0)
        {
          g_free (post->extern_uid);
          post->extern_uid = node_to_string (value);
          post->has_extern_uid = TRUE;
        }
      else if (strcmp (key, "username") == 0)
        {
          g_free (post->username);
          post->username = node_to_string (value);
          post->has_username = TRUE;
        }
      else if (strcmp (key, "email") == 0)
        {
          g_free (post->email);
          post->email = node_to_string (value);
          post->has_email = TRUE;
        }
      else if (strcmp (key, "name") == 0)
        {
          g_free (post->name);
          post->name = node_to_string (value);
        }
    }

  if (has_email_overwrite)
    {
      g_free (post->email);
      post->email = email;
      post->has_email = TRUE;
    }
  if (has_name_overwrite)
    {
      g_free (post->name);
      post->name = full_name;
    }
}

/* Array#to_sentence. */
static char *
to_sentence (GPtrArray *messages)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      if (i > 0 && messages->len == 2)
        g_string_append (out, " and ");
      else if (i > 0 && i == messages->len - 1)
        g_string_append (out, ", and ");
      else if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (messages, i));
    }
  return g_string_free (out, FALSE);
}

static void
post_failed (Request    *request,
             JsonObject *params,
             GPtrArray  *messages)
{
  g_autofree char *inspected = inspect_params (params);
  g_autofree char *sentence = to_sentence (messages);
  g_autofree char *detail = NULL;

  detail = sentence[0] ? g_strdup_printf ("Error saving user with %s: %s", inspected, sentence)
                       : g_strdup_printf ("Error saving user with %s", inspected);
  set_scim_error (request->msg,
                  strstr (sentence, "has already been taken") ? SOUP_STATUS_CONFLICT
                                                              : SOUP_STATUS_PRECONDITION_FAILED,
                  detail);
}

static void
add_error (GPtrArray *messages,
           GError    *error)
{
  if (error)
    g_ptr_array_add (messages, g_strdup (error->message));
}

static void
create_user (Request    *request,
             JsonObject *params,
             PostParams *post)
{
  RosterWorld *world = request->world;
  RosterWorldGroup *group = request->group;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *username = roster_world_make_username (world, post->username);
  RosterWorldScimIdentity *identity;
  RosterWorldUser *user;
  g_autoptr(GError) error = NULL;

  /* Validate everything first, as Rails validates the user with its
   * identities before saving anything. */
  if (is_blank (post->name))
    g_ptr_array_add (messages, g_strdup ("Name can't be blank"));
  if (is_blank (post->email) || !looks_like_email (post->email))
    g_ptr_array_add (messages, g_strdup ("Email is invalid"));
  if (is_blank (post->extern_uid))
    g_ptr_array_add (messages, g_strdup ("Extern uid can't be blank"));
  else if (roster_world_lookup_scim_identity (world, group, post->extern_uid))
    g_ptr_array_add (messages, g_strdup ("Extern uid has already been taken"));
  else if (roster_world_extern_uid_in_use (world, group, post->extern_uid))
    g_ptr_array_add (messages, g_strdup ("Identities extern uid has already been taken"));

  /* The membership's validations (the new user will have a SAML identity,
   * so only the email domain can fail). */
  if (messages->len == 0 && group->allowed_email_domains && group->allowed_email_domains[0])
    {
      const char *at = strrchr (post->email, '@');
      gboolean allowed = FALSE;

      for (guint i = 0; group->allowed_email_domains[i] && !allowed; i++)
        allowed = g_ascii_strcasecmp (at + 1, group->allowed_email_domains[i]) == 0;
      if (!allowed)
        g_ptr_array_add (messages, g_strdup ("The member's email address is not allowed for this "
                                             "group. Check with your administrator."));
    }

  if (messages->len > 0)
    {
      post_failed (request, params, messages);
      return;
    }

  if (!(user = roster_world_add_user (world, 0, username, post->name, post->email, &error)))
    {
      add_error (messages, error);
      post_failed (request, params, messages);
      return;
    }

  {
    const char *space = strchr (post->name, ' ');
    g_autofree char *first = space ? g_strndup (post->name, space - post->name) : g_strdup (post->name);

    roster_world_user_set_names (world, user, first, space ? space + 1 : "");
  }
  roster_world_user_set_provisioned_by (world, user, group->id);
  if (group->verified_domain)
    {
      const char *domain = strrchr (post->email, '@') + 1;

      if (g_ascii_strcasecmp (domain, group->verified_domain) == 0)
        roster_world_user_set_enterprise_group (world, user, group->id);
    }

  identity = roster_world_add_scim_identity (world, group, user, post->extern_uid, TRUE, NULL);
  roster_world_add_saml_identity (world, group, user, post->extern_uid, NULL);
  roster_world_add_member (world, group, user, group->default_membership_role, NULL, NULL);

  g_debug ("provisioned user %" G_GINT64_FORMAT " (%s)", user->id, user->username);
  set_user (request->msg, SOUP_STATUS_CREATED, identity);
}

static void
create_user_from_post (Request    *request,
                       JsonObject *params)
{
  RosterWorld *world = request->world;
  RosterWorldGroup *group = request->group;
  g_auto(PostParams) post = { 0 };
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  RosterWorldScimIdentity *identity;
  RosterWorldUser *user;
  g_autoptr(GError) error = NULL;

  parse_post_params (params, &post);

  if (!post.has_extern_uid)
    g_ptr_array_add (missing, ":extern_uid");
  if (!post.has_email)
    g_ptr_array_add (missing, ":email");
  if (!post.has_username)
    g_ptr_array_add (missing, ":username");
  if (missing->len > 0)
    {
      g_ptr_array_add (missing, NULL);
      {
        g_autofree char *list = g_strjoinv (", ", (char **) missing->pdata);

        g_ptr_array_add (messages, g_strdup_printf ("Missing params: [%s]", list));
      }
      post_failed (request, params, messages);
      return;
    }

  /* 1. Known identity of a member: idempotent. */
  identity = roster_world_lookup_scim_identity (world, group, post.extern_uid);
  if (identity && roster_world_lookup_member (world, group, identity->user))
    {
      set_user (request->msg, SOUP_STATUS_CREATED, identity);
      return;
    }

  /* 2. A user with this email (primary or secondary). */
  user = post.email ? roster_world_lookup_user_by_email (world, post.email) : NULL;
  if (user == NULL)
    {
      create_user (request, params, &post);
      return;
    }

  /* Not yet a member: GitLab adds the membership before it saves the
   * identity, so the membership stays even when the identity fails. The
   * membership is validated first (email domain, SSO enforcement: the
   * identity being created does not count yet). */
  if (roster_world_lookup_member (world, group, user) == NULL)
    {
      if (!roster_world_check_new_member (world, group, user, &error))
        {
          add_error (messages, error);
          post_failed (request, params, messages);
          return;
        }
      roster_world_add_member (world, group, user, group->default_membership_role, NULL, NULL);
    }

  if (identity == NULL &&
      !(identity = roster_world_add_scim_identity (world, group, user, post.extern_uid, TRUE, &error)))
    {
      add_error (messages, error);
      post_failed (request, params, messages);
      return;
    }
  /* Re-adding a deprovisioned user by email reactivates them (gitlab-api.md §4). */
  if (!identity->active)
    roster_world_reprovision (world, identity, NULL);

  set_user (request->msg, SOUP_STATUS_CREATED, identity);
}

/* PATCH /Users/:id */

/* ParamsParser#update_params: every replace/add operation transformed and
 * merged into one map (later keys win). FALSE when the request makes
 * GitLab raise (500). */
static gboolean
merge_operations (JsonObject *params,
                  JsonObject *merged)
{
  JsonNode *operations = json_object_get_member (params, "Operations");
  JsonArray *array;

  if (operations == NULL || JSON_NODE_HOLDS_NULL (operations))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (operations))
    return FALSE;

  array = json_node_get_array (operations);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *operation;
      JsonNode *path;
      JsonNode *value;
      g_autofree char *op = NULL;
      g_autofree char *attribute = NULL;
      JsonNode *raw = NULL;
      const char *key;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return FALSE;
      operation = json_node_get_object (item);
      if ((op = param_to_string (operation, "op")) == NULL)
        return FALSE;
      if (g_ascii_strcasecmp (op, "replace") != 0 && g_ascii_strcasecmp (op, "add") != 0)
        continue;

      path = json_object_get_member (operation, "path");
      value = json_object_get_member (operation, "value");
      if (path && !JSON_NODE_HOLDS_NULL (path))
        {
          attribute = param_to_string (operation, "path");
          raw = value;
        }
      else
        {
          /* Okta: no path, the first pair of the value object. */
          GList *members;

          if (value == NULL || !JSON_NODE_HOLDS_OBJECT (value))
            return FALSE;
          members = json_object_get_members (json_node_get_object (value));
          if (members)
            {
              attribute = g_strdup (members->data);
              raw = json_object_get_member (json_node_get_object (value), attribute);
            }
          g_list_free (members);
        }

      if ((key = gitlab_key (attribute)) != NULL)
        json_object_set_member (merged, key, type_cast (raw));
    }

  return TRUE;
}

static void
patch_user (Request                 *request,
            JsonObject              *params,
            RosterWorldScimIdentity *identity)
{
  RosterWorld *world = request->world;
  g_autoptr(JsonObject) merged = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *active;
  gboolean ok;

  if (!merge_operations (params, merged))
    {
      set_plain_error (request->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "500 Internal Server Error");
      return;
    }

  active = json_object_get_member (merged, "active");
  if (active && JSON_NODE_HOLDS_VALUE (active) &&
      json_node_get_value_type (active) == G_TYPE_BOOLEAN && !json_node_get_boolean (active))
    ok = roster_world_deprovision (world, identity, &error);
  else if (!identity->active)
    ok = roster_world_reprovision (world, identity, &error);
  else if (json_object_has_member (merged, "extern_uid"))
    {
      g_autofree char *value = node_to_string (json_object_get_member (merged, "extern_uid"));

      ok = roster_world_set_scim_extern_uid (world, identity, value, &error);
    }
  else
    ok = TRUE;  /* name, email, username: accepted, ignored since 15.0 */

  if (ok)
    _roster_sandbox_set_empty (request->msg, SOUP_STATUS_NO_CONTENT);
  else
    {
      g_autofree char *inspected = inspect_params (params);
      g_autofree char *detail = g_strdup_printf ("Error updating %s with %s",
                                                 identity->user->name, inspected);

      g_debug ("PATCH refused: %s", error ? error->message : "?");
      set_scim_error (request->msg, SOUP_STATUS_PRECONDITION_FAILED, detail);
    }
}

/* DELETE /Users/:id */

static void
delete_user (Request                 *request,
             RosterWorldScimIdentity *identity)
{
  g_autoptr(GError) error = NULL;

  if (roster_world_deprovision (request->world, identity, &error))
    _roster_sandbox_set_empty (request->msg, SOUP_STATUS_NO_CONTENT);
  else
    set_scim_error (request->msg, SOUP_STATUS_PRECONDITION_FAILED, error->message);
}

/* Routing */

static void
scim_handler (RosterSandbox      *self,
              SoupServerMessage  *msg,
              const char * const *segments,
              GHashTable         *query,
              gpointer            user_data)
{
  const char *method = soup_server_message_get_method (msg);
  guint n_segments = g_strv_length ((char **) segments);
  Request request = { self, _roster_sandbox_get_world (self), msg, query, NULL, NULL };
  g_autoptr(JsonObject) params = NULL;
  g_autofree char *group_segment = NULL;
  g_autofree char *id = NULL;
  RosterWorldScimIdentity *identity;
  gboolean is_get = strcmp (method, SOUP_METHOD_GET) == 0 || strcmp (method, SOUP_METHOD_HEAD) == 0;
  gboolean invalid_json = FALSE;
  guint users = 0;

  /* groups/:group/Users[/:id]. libsoup decodes "%2F" before we see the
   * path, so the group is everything between "groups" and the first
   * "Users" (an encoded subgroup path like acme-corp%2Fplatform gets
   * GitLab's "does not have SAML SSO configured"), and the id everything
   * after it (the route requirement of :id is /.+/). */
  for (guint i = 2; i < n_segments && users == 0; i++)
    if (strcmp (segments[i], "Users") == 0)
      users = i;

  if (n_segments < 3 || strcmp (segments[0], "groups") != 0 || users == 0)
    {
      answer_unroutable (msg);
      return;
    }
  {
    GString *joined = g_string_new (segments[1]);

    for (guint i = 2; i < users; i++)
      g_string_append_printf (joined, "/%s", segments[i]);
    group_segment = g_string_free (joined, FALSE);
  }
  if (users + 1 < n_segments)
    id = g_strjoinv ("/", (char **) segments + users + 1);

  /* Grape's path parameter stops at a dot: no route. */
  if (group_segment[0] == '\0' || strchr (group_segment, '.') != NULL)
    {
      answer_unroutable (msg);
      return;
    }
  request.group_segment = group_segment;

  /* Grape answers OPTIONS itself: 204 with the Allow header. */
  if (strcmp (method, SOUP_METHOD_OPTIONS) == 0)
    {
      _roster_sandbox_set_empty (msg, SOUP_STATUS_NO_CONTENT);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    id ? "OPTIONS, GET, HEAD, PATCH, DELETE" : "OPTIONS, GET, HEAD, POST");
      return;
    }
  if (id == NULL && !is_get && strcmp (method, SOUP_METHOD_POST) != 0)
    {
      answer_method_not_allowed (msg, "OPTIONS, GET, HEAD, POST");
      return;
    }
  if (id != NULL && !is_get && strcmp (method, "PATCH") != 0 &&
      strcmp (method, SOUP_METHOD_DELETE) != 0)
    {
      answer_method_not_allowed (msg, "OPTIONS, GET, HEAD, PATCH, DELETE");
      return;
    }

  params = _roster_sandbox_read_params (msg, query, &invalid_json);
  if (invalid_json)
    {
      /* Grape's body parser rejects malformed JSON before any endpoint code. */
      set_plain_error (msg, SOUP_STATUS_BAD_REQUEST, "400 Bad request - Invalid JSON");
      return;
    }
  /* Route parameters come last in Grape's params (see the 409 fixture). */
  json_object_set_string_member (params, "group", group_segment);
  if (id != NULL)
    json_object_set_string_member (params, "id", id);

  if (!find_and_authenticate_group (&request))
    return;

  if (id == NULL)
    {
      if (is_get)
        list_users (&request, params);
      else
        create_user_from_post (&request, params);
      return;
    }

  identity = roster_world_lookup_scim_identity (request.world, request.group, id);
  if (identity == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("Resource %s not found", id);

      set_scim_error (msg, SOUP_STATUS_NOT_FOUND, detail);
      return;
    }

  if (is_get)
    set_user (msg, SOUP_STATUS_OK, identity);
  else if (strcmp (method, "PATCH") == 0)
    patch_user (&request, params, identity);
  else
    delete_user (&request, identity);
}

void
_roster_sandbox_scim_install (RosterSandbox *self,
                              SoupServer    *server)
{
  _roster_sandbox_add_handler (self, server, "/api/scim/v2", scim_handler, NULL);
}
