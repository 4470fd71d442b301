/* roster-scim-filter.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-scim-filter"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-error.h"
#include "roster-scim-filter.h"

/* How GitLab reads a filter (ee/lib/gitlab/scim/filter_parser.rb,
 * value_parser.rb): `filter.split(' ')`, which in Ruby splits on any run of
 * ASCII whitespace, takes the first three words as attribute, operator and
 * value and drops the rest; then deletes every `"` from the value, and turns
 * "true"/"false" (any case) into booleans. It never unescapes `\`.
 *
 * So a value with whitespace would be cut at the first space and a value
 * with a quote would lose it: GitLab would search for another value than the
 * one asked for. Such values are refused here rather than sent. */

static gboolean
is_ruby_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == '\0';
}

static gboolean
check_attrname (const char *name,
                gsize       len)
{
  if (len == 0 || !g_ascii_isalpha (name[0]))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '-' && name[i] != '_')
      return FALSE;
  return TRUE;
}

/**
 * roster_scim_check_attribute_name:
 * @attribute: an attribute path
 * @error: return location for a %ROSTER_ERROR_INVALID_INPUT error
 *
 * Checks @attribute against RFC 7644's `attrPath`: an optional schema URN
 * followed by `:`, an attribute name and an optional `.subAttr`.
 *
 * Returns: %TRUE if @attribute is a valid attribute path
 */
gboolean
roster_scim_check_attribute_name (const char  *attribute,
                                  GError     **error)
{
  const char *name;
  const char *dot;
  gboolean ok;

  g_return_val_if_fail (attribute != NULL, FALSE);

  name = attribute;
  if (g_ascii_strncasecmp (attribute, "urn:", 4) == 0)
    {
      const char *colon = strrchr (attribute, ':');

      ok = TRUE;
      for (const char *p = attribute; p < colon; p++)
        if (!g_ascii_isalnum (*p) && strchr (":._-", *p) == NULL)
          ok = FALSE;
      if (!ok)
        goto invalid;
      name = colon + 1;
    }

  dot = strchr (name, '.');
  if (dot == NULL)
    ok = check_attrname (name, strlen (name));
  else
    ok = check_attrname (name, dot - name) && check_attrname (dot + 1, strlen (dot + 1));
  if (ok)
    return TRUE;

invalid:
  g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
               _("“%s” is not a SCIM attribute name"), attribute);
  return FALSE;
}

static gboolean
check_gitlab_value (const char  *value,
                    gboolean     patch,
                    GError     **error)
{
  const char *suggestion = patch
    ? _("Change it with the REST API (API token) instead, or choose another value.")
    : _("Look the user up by id, or use the group’s identity lists (API token), instead.");

  if (value[0] == '\0')
    {
      if (patch)
        g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                             _("GitLab does not accept an empty SCIM value."));
      else
        g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                     _("GitLab’s SCIM filter cannot search for an empty value. %s"), suggestion);
      return FALSE;
    }

  for (const char *p = value; *p != '\0'; p++)
    {
      if (is_ruby_space (*p) && !patch)
        {
          g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                       _("GitLab’s SCIM filter cannot search for a value containing a space "
                         "or a line break: GitLab would search for its first word only. %s"),
                       suggestion);
          return FALSE;
        }
      if (*p == '"')
        {
          g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                       patch ? _("GitLab’s SCIM API removes double quotes (\") from values, so it "
                                 "would store another value than this one. %s")
                             : _("GitLab’s SCIM filter cannot search for a value containing a double "
                                 "quote (\"): GitLab removes quotes and would search for another "
                                 "value. %s"),
                       suggestion);
          return FALSE;
        }
      if ((guchar) *p < 0x20 || *p == 0x7f)
        {
          g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                       _("The value contains a control character, which GitLab’s SCIM API cannot "
                         "handle. %s"), suggestion);
          return FALSE;
        }
    }

  if (g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "false") == 0)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("GitLab’s SCIM API reads “%s” as a yes/no value, not as text. %s"),
                   value, suggestion);
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_scim_check_gitlab_filter_value:
 * @value: a value to search for
 * @error: return location for a %ROSTER_ERROR_INVALID_INPUT error
 *
 * Checks that GitLab's SCIM filter can express `attr eq "@value"` so that
 * it means what it says: no whitespace, no `"`, no control character, not
 * "true"/"false", not empty.
 *
 * Returns: %TRUE if the value can be searched for
 */
gboolean
roster_scim_check_gitlab_filter_value (const char  *value,
                                       GError     **error)
{
  g_return_val_if_fail (value != NULL, FALSE);

  return check_gitlab_value (value, FALSE, error);
}

/**
 * roster_scim_check_gitlab_patch_value:
 * @value: a new `id`/`externalId` value
 * @error: return location for a %ROSTER_ERROR_INVALID_INPUT error
 *
 * GitLab's SCIM PATCH also deletes `"` from string values and turns
 * "true"/"false" into booleans (value_parser.rb): such values would be
 * stored differently from what was asked.
 *
 * Returns: %TRUE if GitLab's SCIM PATCH stores @value unchanged
 */
gboolean
roster_scim_check_gitlab_patch_value (const char  *value,
                                      GError     **error)
{
  g_return_val_if_fail (value != NULL, FALSE);

  return check_gitlab_value (value, TRUE, error);
}

/**
 * roster_scim_filter_eq:
 * @dialect: the server's dialect
 * @attribute: the attribute (`id`, `externalId`, `userName`, …)
 * @value: the value to compare with
 * @error: return location for a %ROSTER_ERROR_INVALID_INPUT error
 *
 * Builds the filter `attribute eq "value"` (RFC 7644 §3.4.2.2).
 *
 * %ROSTER_SCIM_DIALECT_RFC: @value becomes a JSON string (`"` → `\"`,
 * `\` → `\\`, control characters → `\uXXXX`), so no value can change the
 * structure of the query.
 *
 * %ROSTER_SCIM_DIALECT_GITLAB: GitLab does not unescape anything, so @value
 * is put between quotes verbatim, and a value GitLab cannot express is
 * refused (see roster_scim_check_gitlab_filter_value()); only `id`,
 * `externalId` and `userName` are searchable.
 *
 * The result still needs percent-encoding as a query parameter.
 *
 * Returns: (transfer full): the filter, or %NULL with @error set
 */
char *
roster_scim_filter_eq (RosterScimDialect   dialect,
                       const char         *attribute,
                       const char         *value,
                       GError            **error)
{
  g_autoptr(GString) filter = NULL;

  g_return_val_if_fail (attribute != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!roster_scim_check_attribute_name (attribute, error))
    return NULL;

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                           _("The value to search for is not valid UTF-8 text."));
      return NULL;
    }

  filter = g_string_new (attribute);
  g_string_append (filter, " eq \"");

  if (dialect == ROSTER_SCIM_DIALECT_GITLAB)
    {
      if (strcmp (attribute, "id") != 0 &&
          strcmp (attribute, "externalId") != 0 &&
          strcmp (attribute, "userName") != 0)
        {
          g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                       _("GitLab’s SCIM API can only search by id, externalId or userName, not by %s."),
                       attribute);
          return NULL;
        }
      if (!roster_scim_check_gitlab_filter_value (value, error))
        return NULL;
      g_string_append (filter, value);
    }
  else
    {
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            {
              g_string_append_c (filter, '\\');
              g_string_append_c (filter, *p);
            }
          else if ((guchar) *p < 0x20)
            g_string_append_printf (filter, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_c (filter, *p);
        }
    }

  g_string_append_c (filter, '"');
  return g_string_free (g_steal_pointer (&filter), FALSE);
}
