/* roster-json.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-json-private.h"

void
roster_json_set_detail (GError     **error,
                        const char  *format,
                        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL, message);
}

void
roster_json_wrap_error (GError     **error,
                        const char  *what,
                        guint        item)
{
  g_autofree char *detail = NULL;
  char *message;

  if (error == NULL || *error == NULL)
    return;

  if (item > 0)
    detail = g_strdup_printf (_("item %u: %s"), item, (*error)->message);
  else
    detail = g_strdup ((*error)->message);

  /* Translators: the first %s names what was read ("list of SCIM
   * identities"), the second says what is wrong with it. */
  message = g_strdup_printf (_("The server’s %s is not in the expected form (%s)"), what, detail);
  g_free ((*error)->message);
  (*error)->message = message;
  (*error)->domain = ROSTER_ERROR;
  (*error)->code = ROSTER_ERROR_PROTOCOL;
}

JsonObject *
roster_json_node_get_object (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  return NULL;
}

JsonArray *
roster_json_node_get_array (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  return NULL;
}

gboolean
roster_json_node_is_null (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

/* Returns the member node, or NULL when it is absent; reports a missing
 * required member. *done is set when the caller should stop (absent, or null
 * and allowed), leaving the output untouched. */
static JsonNode *
lookup (JsonObject       *object,
        const char       *member,
        const char       *label,
        RosterJsonFlags   flags,
        gboolean         *ok,
        GError          **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *ok = TRUE;

  if (node == NULL)
    {
      if (flags & ROSTER_JSON_REQUIRED)
        {
          roster_json_set_detail (error, _("%s is missing"), label);
          *ok = FALSE;
        }
      return NULL;
    }

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!(flags & ROSTER_JSON_NULLABLE))
        {
          roster_json_set_detail (error, _("%s is null"), label);
          *ok = FALSE;
        }
      return NULL;
    }

  return node;
}

gboolean
roster_json_get_string (JsonObject       *object,
                        const char       *member,
                        const char       *label,
                        RosterJsonFlags   flags,
                        char            **out,
                        GError          **error)
{
  JsonNode *node;
  const char *value;
  gboolean ok;

  if (!(node = lookup (object, member, label, flags, &ok, error)))
    return ok;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      roster_json_set_detail (error, _("%s is not a string"), label);
      return FALSE;
    }

  value = json_node_get_string (node);
  if (value == NULL || ((flags & ROSTER_JSON_NON_EMPTY) && value[0] == '\0'))
    {
      roster_json_set_detail (error, _("%s is empty"), label);
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
parse_digits (const char *text,
              gint64     *out)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 value = 0;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (value > (guint64) G_MAXINT64 / 10)
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
      if (value > (guint64) G_MAXINT64)
        return FALSE;
    }
  *out = negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

gboolean
roster_json_node_to_int (JsonNode         *node,
                         const char       *label,
                         RosterJsonFlags   flags,
                         gint64            min,
                         gint64            max,
                         gint64           *out,
                         GError          **error)
{
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    {
      roster_json_set_detail (error, _("%s is not a number"), label);
      return FALSE;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      value = json_node_get_int (node);
      break;

    case G_TYPE_DOUBLE:
      roster_json_set_detail (error, _("%s is not a whole number"), label);
      return FALSE;

    case G_TYPE_STRING:
      if (!(flags & ROSTER_JSON_LENIENT))
        {
          roster_json_set_detail (error, _("%s is not a number"), label);
          return FALSE;
        }
      if (!parse_digits (json_node_get_string (node), &value))
        {
          roster_json_set_detail (error, _("%s is not a number"), label);
          return FALSE;
        }
      break;

    default:
      roster_json_set_detail (error, _("%s is not a number"), label);
      return FALSE;
    }

  if (value < min || value > max)
    {
      roster_json_set_detail (error, _("%s is out of range"), label);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
roster_json_get_int (JsonObject       *object,
                     const char       *member,
                     const char       *label,
                     RosterJsonFlags   flags,
                     gint64            min,
                     gint64            max,
                     gint64           *out,
                     gboolean         *present,
                     GError          **error)
{
  JsonNode *node;
  gboolean ok;

  if (present != NULL)
    *present = FALSE;

  if (!(node = lookup (object, member, label, flags, &ok, error)))
    return ok;

  if (!roster_json_node_to_int (node, label, flags, min, max, out, error))
    return FALSE;

  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

gboolean
roster_json_get_boolean (JsonObject       *object,
                         const char       *member,
                         const char       *label,
                         RosterJsonFlags   flags,
                         gboolean         *out,
                         gboolean         *present,
                         GError          **error)
{
  JsonNode *node;
  gboolean ok;

  if (present != NULL)
    *present = FALSE;

  if (!(node = lookup (object, member, label, flags, &ok, error)))
    return ok;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *out = json_node_get_boolean (node);
    }
  else if ((flags & ROSTER_JSON_LENIENT) &&
           JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING &&
           (g_ascii_strcasecmp (json_node_get_string (node), "true") == 0 ||
            g_ascii_strcasecmp (json_node_get_string (node), "false") == 0))
    {
      *out = g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
    }
  else
    {
      roster_json_set_detail (error, _("%s is not true or false"), label);
      return FALSE;
    }

  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

gboolean
roster_json_get_object (JsonObject       *object,
                        const char       *member,
                        const char       *label,
                        RosterJsonFlags   flags,
                        JsonObject      **out,
                        GError          **error)
{
  JsonNode *node;
  gboolean ok;

  *out = NULL;
  if (!(node = lookup (object, member, label, flags, &ok, error)))
    return ok;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      roster_json_set_detail (error, _("%s is not an object"), label);
      return FALSE;
    }

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
roster_json_get_array (JsonObject       *object,
                       const char       *member,
                       const char       *label,
                       RosterJsonFlags   flags,
                       JsonArray       **out,
                       GError          **error)
{
  JsonNode *node;
  gboolean ok;

  *out = NULL;
  if (!(node = lookup (object, member, label, flags, &ok, error)))
    return ok;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      roster_json_set_detail (error, _("%s is not a list"), label);
      return FALSE;
    }

  *out = json_node_get_array (node);
  return TRUE;
}

/**
 * roster_json_check_depth:
 *
 * Checks a JSON text's nesting before a parser builds its tree (strings
 * are skipped; the text need not be valid).
 *
 * Returns: %FALSE when objects and arrays nest deeper than @max_depth
 */
gboolean
roster_json_check_depth (const char *data,
                         gsize       size,
                         guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return TRUE;
}
