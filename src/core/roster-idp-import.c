/* roster-idp-import.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-idp-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "roster-error.h"
#include "roster-idp-import.h"
#include "roster-text.h"

/* Reading an IdP export for the three-way comparison (design.md §3).
 *
 * Accepted files (UTF-8, optionally with a BOM, at most 64 MiB, fields of at
 * most 4096 bytes):
 *
 * CSV (RFC 4180: a header row, comma-separated — a semicolon or tab is used
 * instead when the header has more of those — fields optionally in double
 * quotes, "" for a quote inside, quoted fields may hold commas and line
 * breaks, CRLF or LF line ends, blank lines ignored). Header names are
 * matched case-insensitively, ignoring spaces, "_", "-", "." and a
 * "profile." prefix (Okta); values are taken byte for byte, not trimmed:
 *
 *   role         accepted column names (first one present wins)
 *   email        email, mail, primaryEmail, emailAddress, workEmail
 *   userName     userName, login (Okta), userPrincipalName / upn (Entra ID)
 *   externalId   externalId, objectId (Entra ID), id (Okta, Entra ID), oktaId
 *   nameId       nameId, samlNameId, nameIdentifier
 *
 * The generic form is `email,userName,externalId,nameId`. A file needs an
 * email or userName column and an externalId or nameId column. When it has
 * no NameID column, an Okta export (it has `login`) or an Entra ID export (it
 * has `userPrincipalName`) is taken to send the object id as NameID too, as
 * GitLab's setup guides for both configure it; other files leave the NameID
 * unknown and only the SCIM value is compared.
 *
 * JSON: an array of objects with the same keys (string or integer values,
 * null for none).
 *
 * Rows with neither key or neither value are skipped. Two rows with the
 * same email, userName or externalId (emails and userNames compared
 * ignoring case) are an error: Roster could not tell which one is meant.
 * Errors name the line. */

typedef enum
{
  ROLE_NONE = -1,
  ROLE_EMAIL,
  ROLE_USER_NAME,
  ROLE_EXTERNAL_ID,
  ROLE_NAME_ID,
  N_ROLES
} Role;

static const char * const role_aliases[N_ROLES][6] = {
  [ROLE_EMAIL]       = { "email", "mail", "primaryemail", "emailaddress", "workemail", NULL },
  [ROLE_USER_NAME]   = { "username", "login", "userprincipalname", "upn", NULL },
  [ROLE_EXTERNAL_ID] = { "externalid", "objectid", "id", "oktaid", NULL },
  [ROLE_NAME_ID]     = { "nameid", "samlnameid", "nameidentifier", NULL },
};

struct _RosterIdpExport
{
  gatomicrefcount  ref_count;
  GArray          *records;      /* of RosterIdpRecord */
  GHashTable      *by_email;     /* folded email -> index + 1 */
  GHashTable      *by_user_name; /* folded userName -> index + 1 */
  GHashTable      *by_value;     /* externalId / nameId, exact -> index + 1 */
  GHashTable      *by_external;  /* externalId, exact -> index + 1 (duplicate check) */
  char            *format;
};

G_DEFINE_BOXED_TYPE (RosterIdpExport, roster_idp_export, roster_idp_export_ref, roster_idp_export_unref)

static void
record_clear (gpointer data)
{
  RosterIdpRecord *record = data;

  g_free (record->email);
  g_free (record->user_name);
  g_free (record->external_id);
  g_free (record->name_id);
}

/**
 * roster_idp_export_new:
 *
 * Returns: (transfer full): an empty export, to fill with
 *   roster_idp_export_add()
 */
RosterIdpExport *
roster_idp_export_new (void)
{
  RosterIdpExport *self = g_new0 (RosterIdpExport, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->records = g_array_new (FALSE, TRUE, sizeof (RosterIdpRecord));
  g_array_set_clear_func (self->records, record_clear);
  self->by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_user_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_value = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_external = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->format = g_strdup ("generic");

  return self;
}

RosterIdpExport *
roster_idp_export_ref (RosterIdpExport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
roster_idp_export_unref (RosterIdpExport *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_array_unref (self->records);
  g_hash_table_unref (self->by_email);
  g_hash_table_unref (self->by_user_name);
  g_hash_table_unref (self->by_value);
  g_hash_table_unref (self->by_external);
  g_free (self->format);
  g_free (self);
}

static const char *
nonempty (const char *value)
{
  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
check_unique (RosterIdpExport *self,
              GHashTable      *table,
              const char      *key,
              const char      *what,
              const char      *value,
              guint            line,
              GError         **error)
{
  gpointer found;

  if (key == NULL)
    return TRUE;

  found = g_hash_table_lookup (table, key);
  if (found != NULL)
    {
      const RosterIdpRecord *first =
        &g_array_index (self->records, RosterIdpRecord, GPOINTER_TO_UINT (found) - 1);
      g_autofree char *shown = roster_text_escape (value);

      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Line %u: %s “%s” appears a second time (first on line %u). "
                     "Remove the duplicate row from the IdP export."),
                   line, what, shown, first->line);
      return FALSE;
    }
  return TRUE;
}

/**
 * roster_idp_export_add:
 * @email: (nullable): email
 * @user_name: (nullable): userName
 * @external_id: (nullable): externalId
 * @name_id: (nullable): NameID
 * @line: line number for messages
 *
 * Adds a record. Empty strings count as missing. A record with neither key
 * or neither value is silently skipped (returns %TRUE).
 *
 * Returns: %FALSE with @error set when a key or externalId is already there
 */
gboolean
roster_idp_export_add (RosterIdpExport  *self,
                       const char       *email,
                       const char       *user_name,
                       const char       *external_id,
                       const char       *name_id,
                       guint             line,
                       GError          **error)
{
  g_autofree char *email_key = NULL;
  g_autofree char *user_key = NULL;
  RosterIdpRecord record = { 0, };
  gpointer index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  email = nonempty (email);
  user_name = nonempty (user_name);
  external_id = nonempty (external_id);
  name_id = nonempty (name_id);

  if ((email == NULL && user_name == NULL) || (external_id == NULL && name_id == NULL))
    return TRUE;

  email_key = roster_text_fold_key (email);
  user_key = roster_text_fold_key (user_name);

  if (!check_unique (self, self->by_email, email_key, "email", email, line, error) ||
      !check_unique (self, self->by_user_name, user_key, "userName", user_name, line, error) ||
      !check_unique (self, self->by_external, (char *) external_id, "externalId", external_id,
                     line, error))
    return FALSE;

  record.email = g_strdup (email);
  record.user_name = g_strdup (user_name);
  record.external_id = g_strdup (external_id);
  record.name_id = g_strdup (name_id);
  record.line = line;
  g_array_append_val (self->records, record);
  index = GUINT_TO_POINTER (self->records->len);

  if (email_key != NULL)
    g_hash_table_insert (self->by_email, g_steal_pointer (&email_key), index);
  if (user_key != NULL)
    g_hash_table_insert (self->by_user_name, g_steal_pointer (&user_key), index);
  if (external_id != NULL)
    {
      g_hash_table_insert (self->by_external, g_strdup (external_id), index);
      if (!g_hash_table_contains (self->by_value, external_id))
        g_hash_table_insert (self->by_value, g_strdup (external_id), index);
    }
  if (name_id != NULL && !g_hash_table_contains (self->by_value, name_id))
    g_hash_table_insert (self->by_value, g_strdup (name_id), index);

  return TRUE;
}

/* ---- input checks ---- */

static guint
line_of (const char *start,
         const char *p)
{
  guint line = 1;

  for (const char *q = start; q < p; q++)
    if (*q == '\n')
      line++;
  return line;
}

static gboolean
check_text (const char  *data,
            gsize        length,
            GError     **error)
{
  const char *end = NULL;
  const char *nul;

  if (length > ROSTER_IDP_EXPORT_MAX_SIZE)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("The IdP export is larger than %u MiB. Export only the users assigned "
                     "to the GitLab application."),
                   ROSTER_IDP_EXPORT_MAX_SIZE / (1024 * 1024));
      return FALSE;
    }

  nul = memchr (data, '\0', length);
  if (nul != NULL)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Line %u: the file contains a NUL byte: it is not a text file "
                     "(UTF-16 or a spreadsheet?). Export it as CSV in UTF-8."),
                   line_of (data, nul));
      return FALSE;
    }

  if (!g_utf8_validate (data, length, &end))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Line %u: the file is not valid UTF-8 (byte 0x%02X). It may be "
                     "Latin-1 or Windows-1252: export it again as UTF-8, or convert it, "
                     "e.g. “iconv -f WINDOWS-1252 -t UTF-8”."),
                   line_of (data, end), (guchar) *end);
      return FALSE;
    }

  return TRUE;
}

/* ---- header ---- */

static char *
normalise_header (const char *name)
{
  GString *out = g_string_new (NULL);
  g_autofree char *lower = g_utf8_strdown (name, -1);
  const char *p = lower;

  while (g_ascii_isspace (*p))
    p++;
  if (g_str_has_prefix (p, "profile."))
    p += strlen ("profile.");
  for (; *p; p++)
    if (!g_ascii_isspace (*p) && *p != '_' && *p != '-' && *p != '.')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

static Role
role_of (const char *normalised,
         int        *rank)
{
  for (int role = 0; role < N_ROLES; role++)
    for (int i = 0; role_aliases[role][i] != NULL; i++)
      if (g_str_equal (normalised, role_aliases[role][i]))
        {
          *rank = i;
          return role;
        }
  return ROLE_NONE;
}

typedef struct
{
  int  column[N_ROLES];  /* -1 when absent */
  int  rank[N_ROLES];
  char *format;
  gboolean derive_name_id;
} Columns;

static gboolean
map_header (GPtrArray  *header,
            guint       line,
            Columns    *columns,
            GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean okta = FALSE;
  gboolean entra = FALSE;

  for (int role = 0; role < N_ROLES; role++)
    {
      columns->column[role] = -1;
      columns->rank[role] = G_MAXINT;
    }

  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *name = normalise_header (g_ptr_array_index (header, i));
      int rank = 0;
      Role role;

      if (*name == '\0')
        continue;
      if (g_hash_table_contains (seen, name))
        {
          g_autofree char *shown = roster_text_escape (g_ptr_array_index (header, i));

          g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                       _("Line %u: the column “%s” appears twice in the header."),
                       line, shown);
          return FALSE;
        }
      if (g_str_equal (name, "login"))
        okta = TRUE;
      if (g_str_equal (name, "userprincipalname"))
        entra = TRUE;

      role = role_of (name, &rank);
      g_hash_table_add (seen, g_steal_pointer (&name));
      if (role != ROLE_NONE && rank < columns->rank[role])
        {
          columns->column[role] = i;
          columns->rank[role] = rank;
        }
    }

  if ((columns->column[ROLE_EMAIL] < 0 && columns->column[ROLE_USER_NAME] < 0) ||
      (columns->column[ROLE_EXTERNAL_ID] < 0 && columns->column[ROLE_NAME_ID] < 0))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Line %u: missing required column. The header needs an email or "
                     "userName column and an externalId or nameId column (the generic form is "
                     "“email,userName,externalId,nameId”; Okta and Entra ID user exports work "
                     "as they are)."),
                   line);
      return FALSE;
    }

  columns->format = g_strdup (entra ? "entra" : okta ? "okta" : "generic");
  columns->derive_name_id = (okta || entra) && columns->column[ROLE_NAME_ID] < 0;
  return TRUE;
}

static const char *
field (GPtrArray *row,
       int        column)
{
  if (column < 0 || (guint) column >= row->len)
    return NULL;
  return g_ptr_array_index (row, column);
}

static gboolean
add_row (RosterIdpExport  *self,
         const Columns    *columns,
         GPtrArray        *row,
         guint             line,
         GError          **error)
{
  const char *external_id = field (row, columns->column[ROLE_EXTERNAL_ID]);
  const char *name_id = field (row, columns->column[ROLE_NAME_ID]);

  if (columns->derive_name_id)
    name_id = external_id;

  return roster_idp_export_add (self,
                                field (row, columns->column[ROLE_EMAIL]),
                                field (row, columns->column[ROLE_USER_NAME]),
                                external_id, name_id, line, error);
}

/* ---- CSV ---- */

static char
sniff_delimiter (const char *data,
                 const char *end)
{
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean quoted = FALSE;

  for (const char *p = data; p < end; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        break;
      else if (!quoted && *p == ',')
        commas++;
      else if (!quoted && *p == ';')
        semicolons++;
      else if (!quoted && *p == '\t')
        tabs++;
    }

  if (semicolons > commas && semicolons >= tabs)
    return ';';
  if (tabs > commas && tabs > semicolons)
    return '\t';
  return ',';
}

static gboolean
parse_csv (RosterIdpExport  *self,
           const char       *data,
           const char       *end,
           GError          **error)
{
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) value = g_string_new (NULL);
  Columns columns = { 0, };
  g_autofree char *format = NULL;
  char delimiter = sniff_delimiter (data, end);
  const char *p = data;
  guint line = 1;
  gboolean ok = TRUE;

  while (p < end && ok)
    {
      guint record_line = line;
      gboolean end_of_record = FALSE;

      g_ptr_array_set_size (row, 0);

      /* Blank line: skip. */
      if (*p == '\n' || *p == '\r')
        {
          if (*p == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          p++;
          line++;
          continue;
        }

      while (!end_of_record)
        {
          g_string_truncate (value, 0);

          if (p < end && *p == '"')
            {
              guint quote_line = line;

              p++;
              for (;;)
                {
                  if (p >= end)
                    {
                      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                                   _("Line %u: a quoted field is never closed (unterminated quote)."),
                                   quote_line);
                      return FALSE;
                    }
                  if (*p == '"')
                    {
                      if (p + 1 < end && p[1] == '"')
                        {
                          g_string_append_c (value, '"');
                          p += 2;
                          continue;
                        }
                      p++;
                      break;
                    }
                  if (*p == '\n')
                    line++;
                  g_string_append_c (value, *p);
                  p++;
                  if (value->len > ROSTER_IDP_EXPORT_MAX_FIELD)
                    break;
                }
              if (p < end && *p != delimiter && *p != '\n' && *p != '\r' &&
                  value->len <= ROSTER_IDP_EXPORT_MAX_FIELD)
                {
                  g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("Line %u: unexpected text after a closing quote (a quote inside "
                                 "a quoted field must be doubled: \"\")."),
                               line);
                  return FALSE;
                }
            }
          else
            {
              while (p < end && *p != delimiter && *p != '\n' && *p != '\r')
                {
                  if (*p == '"')
                    {
                      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                                   _("Line %u: a quote inside an unquoted field. Put the field "
                                     "in quotes and double the quote (\"\")."),
                                   line);
                      return FALSE;
                    }
                  g_string_append_c (value, *p);
                  p++;
                  if (value->len > ROSTER_IDP_EXPORT_MAX_FIELD)
                    break;
                }
            }

          if (value->len > ROSTER_IDP_EXPORT_MAX_FIELD)
            {
              g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                           _("Line %u: a field is longer than %u bytes."),
                           line, ROSTER_IDP_EXPORT_MAX_FIELD);
              return FALSE;
            }

          g_ptr_array_add (row, g_strndup (value->str, value->len));

          if (p >= end)
            end_of_record = TRUE;
          else if (*p == delimiter)
            p++;
          else
            {
              if (*p == '\r' && p + 1 < end && p[1] == '\n')
                p++;
              p++;
              line++;
              end_of_record = TRUE;
            }
        }

      if (header == NULL)
        {
          header = g_steal_pointer (&row);
          row = g_ptr_array_new_with_free_func (g_free);
          if (!map_header (header, record_line, &columns, error))
            return FALSE;
          format = g_steal_pointer (&columns.format);
          continue;
        }

      if (row->len != header->len)
        {
          g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                       _("Line %u: this row has %u fields but the header has %u."),
                       record_line, row->len, header->len);
          ok = FALSE;
          break;
        }

      ok = add_row (self, &columns, row, record_line, error);
    }

  if (ok && header == NULL)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("The IdP export is empty: it needs a header row and one row per user."));
      ok = FALSE;
    }

  if (ok)
    {
      g_free (self->format);
      self->format = g_steal_pointer (&format);
    }

  return ok;
}

/* ---- JSON ---- */

/* Line of the opening brace of each top-level array element. */
static GArray *
json_object_lines (const char *data,
                   const char *end)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean in_string = FALSE;
  guint depth = 0;
  guint line = 1;

  for (const char *p = data; p < end; p++)
    {
      if (*p == '\n')
        line++;
      if (in_string)
        {
          if (*p == '\\' && p + 1 < end)
            p++;
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        {
          if (depth == 1)
            g_array_append_val (lines, line);
          depth++;
        }
      else if ((*p == '}' || *p == ']') && depth > 0)
        depth--;
    }

  return lines;
}

static gboolean
json_field (JsonObject  *object,
            const char  *key,
            guint        line,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    *out = g_strdup (json_node_get_string (node));
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Line %u: “%s” must be a string."), line, key);
      return FALSE;
    }

  if (*out != NULL && strlen (*out) > ROSTER_IDP_EXPORT_MAX_FIELD)
    {
      g_clear_pointer (out, g_free);
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Line %u: a field is longer than %u bytes."),
                   line, ROSTER_IDP_EXPORT_MAX_FIELD);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_json (RosterIdpExport  *self,
            const char       *data,
            const char       *end,
            GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;
  gboolean okta = FALSE, entra = FALSE;

  if (!json_parser_load_from_data (parser, data, end - data, &local_error))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("The IdP export is not valid JSON: %s"), local_error->message);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Line 1: the JSON IdP export must be an array of objects, one per user."));
      return FALSE;
    }

  array = json_node_get_array (json_parser_get_root (parser));
  lines = json_object_lines (data, end);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      guint line = i < lines->len ? g_array_index (lines, guint, i) : 0;
      char *values[N_ROLES] = { NULL, };
      JsonObject *object;
      GList *members;
      gboolean ok = TRUE;
      gboolean derive;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                       _("Line %u: element %u of the array is not an object."), line, i + 1);
          return FALSE;
        }
      object = json_node_get_object (node);

      /* Map each key to a role, first alias wins, like CSV headers. */
      members = json_object_get_members (object);
      {
        int rank_of[N_ROLES] = { G_MAXINT, G_MAXINT, G_MAXINT, G_MAXINT };

        for (GList *l = members; l != NULL && ok; l = l->next)
          {
            g_autofree char *name = normalise_header (l->data);
            int rank = 0;
            Role role = role_of (name, &rank);

            if (g_str_equal (name, "login"))
              okta = TRUE;
            if (g_str_equal (name, "userprincipalname"))
              entra = TRUE;
            if (role == ROLE_NONE || rank >= rank_of[role])
              continue;
            g_clear_pointer (&values[role], g_free);
            ok = json_field (object, l->data, line, &values[role], error);
            rank_of[role] = rank;
          }
        g_list_free (members);

        derive = (okta || entra) && rank_of[ROLE_NAME_ID] == G_MAXINT;
      }

      if (ok)
        ok = roster_idp_export_add (self, values[ROLE_EMAIL], values[ROLE_USER_NAME],
                                    values[ROLE_EXTERNAL_ID],
                                    derive ? values[ROLE_EXTERNAL_ID] : values[ROLE_NAME_ID],
                                    line, error);
      for (int role = 0; role < N_ROLES; role++)
        g_free (values[role]);
      if (!ok)
        return FALSE;
    }

  g_free (self->format);
  self->format = g_strdup (entra ? "entra-json" : okta ? "okta-json" : "json");
  return TRUE;
}

/**
 * roster_idp_export_parse:
 * @data: the file's bytes (need not be NUL-terminated)
 * @length: their number
 *
 * Parses an IdP export, CSV or JSON (see the comment at the top of this file
 * for the accepted columns). The format is recognised from the content: a
 * JSON document starts with "[" or "{".
 *
 * Returns: (transfer full): the export, or %NULL with %ROSTER_ERROR_INVALID_INPUT
 *   and a message naming the line
 */
RosterIdpExport *
roster_idp_export_parse (const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(RosterIdpExport) self = NULL;
  const char *p = data;
  const char *end = data + length;
  const char *first;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_text (data, length, error))
    return NULL;

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  for (first = p; first < end && g_ascii_isspace (*first); first++)
    ;
  if (first == end)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("The IdP export is empty: it needs a header row and one row per user."));
      return NULL;
    }

  self = roster_idp_export_new ();
  if (*first == '[' || *first == '{')
    {
      if (!parse_json (self, p, end, error))
        return NULL;
    }
  else if (!parse_csv (self, p, end, error))
    return NULL;

  g_debug ("IdP export (%s): %u users", self->format, self->records->len);
  return g_steal_pointer (&self);
}

static gboolean
load_bytes (GFile         *file,
            GCancellable  *cancellable,
            char         **contents,
            gsize         *length,
            GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Cannot read the IdP export “%s”: there is no such file."), name);
      return FALSE;
    }
  if (info == NULL)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Cannot read the IdP export: %s"), local_error->message);
      return FALSE;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Cannot read the IdP export “%s”: it is a folder."), name);
      return FALSE;
    }
  if (g_file_info_get_size (info) > ROSTER_IDP_EXPORT_MAX_SIZE)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("The IdP export is larger than %u MiB. Export only the users assigned "
                     "to the GitLab application."),
                   ROSTER_IDP_EXPORT_MAX_SIZE / (1024 * 1024));
      return FALSE;
    }
  if (!g_file_load_contents (file, cancellable, contents, length, NULL, &local_error))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Cannot read the IdP export: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * roster_idp_export_load:
 * @file: a CSV or JSON file
 *
 * Reads and parses @file (blocking: use roster_idp_export_load_async() on the
 * main thread).
 *
 * Returns: (transfer full): the export, or %NULL with @error set
 */
RosterIdpExport *
roster_idp_export_load (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!load_bytes (file, cancellable, &contents, &length, error))
    return NULL;
  return roster_idp_export_parse (contents, length, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  RosterIdpExport *export = roster_idp_export_load (task_data, cancellable, &error);

  if (export == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, export, (GDestroyNotify) roster_idp_export_unref);
}

/**
 * roster_idp_export_load_async:
 *
 * Reads and parses @file in a worker thread.
 */
void
roster_idp_export_load_async (GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_idp_export_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * roster_idp_export_load_finish:
 *
 * Returns: (transfer full): the export, or %NULL with @error set
 */
RosterIdpExport *
roster_idp_export_load_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * roster_idp_export_get_format:
 *
 * Returns: what the file looked like: "okta", "entra", "generic" (CSV),
 *   "okta-json", "entra-json" or "json"
 */
const char *
roster_idp_export_get_format (RosterIdpExport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->format;
}

guint
roster_idp_export_get_n_records (RosterIdpExport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->records->len;
}

const RosterIdpRecord *
roster_idp_export_get_record (RosterIdpExport *self,
                              guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->records->len, NULL);
  return &g_array_index (self->records, RosterIdpRecord, index);
}

static const RosterIdpRecord *
lookup_in (RosterIdpExport *self,
           GHashTable      *table,
           const char      *value)
{
  g_autofree char *key = NULL;
  gpointer found;

  if (value == NULL || *value == '\0')
    return NULL;
  key = roster_text_fold_key (value);
  found = g_hash_table_lookup (table, key);
  return found ? &g_array_index (self->records, RosterIdpRecord, GPOINTER_TO_UINT (found) - 1) : NULL;
}

/**
 * roster_idp_export_lookup:
 * @email: (nullable): the GitLab user's email
 * @username: (nullable): the GitLab username
 *
 * Finds the IdP's record for a GitLab user: by email, then by userName equal
 * to the username, then by userName equal to the email (an Entra UPN or an
 * Okta login is often the email). All ignoring case.
 *
 * Returns: (transfer none) (nullable): the record
 */
const RosterIdpRecord *
roster_idp_export_lookup (RosterIdpExport *self,
                          const char      *email,
                          const char      *username)
{
  const RosterIdpRecord *record;

  g_return_val_if_fail (self != NULL, NULL);

  if ((record = lookup_in (self, self->by_email, email)) != NULL)
    return record;
  if ((record = lookup_in (self, self->by_user_name, username)) != NULL)
    return record;
  return lookup_in (self, self->by_user_name, email);
}

/**
 * roster_idp_export_lookup_value:
 * @value: an extern_uid GitLab holds
 *
 * Returns: (transfer none) (nullable): the record whose externalId or NameID
 *   is exactly @value
 */
const RosterIdpRecord *
roster_idp_export_lookup_value (RosterIdpExport *self,
                                const char      *value)
{
  gpointer found;

  g_return_val_if_fail (self != NULL, NULL);

  if (value == NULL)
    return NULL;
  found = g_hash_table_lookup (self->by_value, value);
  return found ? &g_array_index (self->records, RosterIdpRecord, GPOINTER_TO_UINT (found) - 1) : NULL;
}
