/* roster-identity-reader.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-identity-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-error.h"
#include "roster-http.h"
#include "roster-identity-reader.h"
#include "roster-json-private.h"

/* A reader for `GET /groups/:id/{saml,scim}/identities`, without a JSON
 * tree.
 *
 * GitLab answers these with the whole list in one document (100 000
 * identities are about 7.5 MiB); json-glib's tree of it takes ~90 MB while
 * it exists. This reader walks the bytes once and hands each record over as
 * soon as its object is closed, so nothing but the caller's copy is kept.
 *
 * It reads exactly RFC 8259 JSON (json-glib is laxer: it takes comments,
 * single quotes, unknown escapes, leading zeros, raw control characters in
 * strings and a byte order mark, and cuts a string at \u0000); a body
 * json-glib rejects is rejected here too. The records are checked as
 * roster_gitlab_identities_parse() checks them, with the same messages, and
 * a syntax error anywhere in the document wins over a record error, as it
 * does when the whole tree is parsed first. */

typedef enum
{
  VALUE_ABSENT,
  VALUE_NULL,
  VALUE_STRING,
  VALUE_INT,
  VALUE_BIG_INT,   /* a whole number outside gint64 */
  VALUE_DOUBLE,
  VALUE_TRUE,
  VALUE_FALSE,
  VALUE_OTHER,     /* object or array */
} ValueKind;

typedef struct
{
  ValueKind  kind;
  gint64     number;
  GString   *text;     /* for VALUE_STRING */
} Field;

typedef struct
{
  const char *data;
  const char *p;
  const char *end;
  GError     *error;   /* the first syntax error */
} Reader;

static const char *
identities_what (RosterIdentityKind kind)
{
  return kind == ROSTER_IDENTITY_SAML ? _("list of SAML identities") : _("list of SCIM identities");
}

static gboolean
syntax_error (Reader     *r,
              const char *detail)
{
  guint line = 1;
  guint column = 1;

  if (r->error != NULL)
    return FALSE;

  for (const char *q = r->data; q < r->p && q < r->end; q++)
    {
      if (*q == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) *q & 0xc0) != 0x80)
        column++;
    }

  /* Translators: %1$u and %2$u are a line and a column in the server's
   * answer, %3$s what is wrong there. */
  g_set_error (&r->error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
               _("The server’s answer is not valid JSON (line %1$u, column %2$u: %3$s)."),
               line, column, detail);
  return FALSE;
}

static gboolean
too_deep (Reader *r)
{
  if (r->error == NULL)
    g_set_error (&r->error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                 _("The server’s answer is nested deeper than %u levels, which no API "
                   "response needs; it was not read."), ROSTER_HTTP_MAX_JSON_DEPTH);
  return FALSE;
}

static void
skip_ws (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits after "\u"; r->p is on the first. */
static gboolean
read_hex4 (Reader   *r,
           gunichar *out)
{
  gunichar value = 0;

  if (r->end - r->p < 4)
    {
      r->p = r->end;
      return syntax_error (r, _("the text ends inside a \\u escape"));
    }
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_digit (r->p[i]);

      if (digit < 0)
        {
          r->p += i;
          return syntax_error (r, _("a \\u escape needs four hexadecimal digits"));
        }
      value = value * 16 + (gunichar) digit;
    }
  r->p += 4;
  *out = value;
  return TRUE;
}

/* A string; r->p is on the opening quote. Appends the decoded text to @out
 * (may be %NULL to only check it). The body was checked as UTF-8 already. */
static gboolean
read_string (Reader  *r,
             GString *out)
{
  r->p++;
  for (;;)
    {
      const char *run = r->p;
      gunichar c;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      if (out != NULL)
        g_string_append_len (out, run, r->p - run);

      if (r->p >= r->end)
        return syntax_error (r, _("the text ends inside a string"));
      if (*r->p == '"')
        {
          r->p++;
          return TRUE;
        }
      if (*r->p != '\\')
        return syntax_error (r, _("a control character inside a string must be escaped"));

      r->p++;
      if (r->p >= r->end)
        return syntax_error (r, _("the text ends inside a string"));
      switch (*r->p)
        {
        case '"':  c = '"';  break;
        case '\\': c = '\\'; break;
        case '/':  c = '/';  break;
        case 'b':  c = '\b'; break;
        case 'f':  c = '\f'; break;
        case 'n':  c = '\n'; break;
        case 'r':  c = '\r'; break;
        case 't':  c = '\t'; break;
        case 'u':
          {
            const char *escape = r->p - 1;

            r->p++;
            if (!read_hex4 (r, &c))
              return FALSE;
            if (c >= 0xdc00 && c <= 0xdfff)
              {
                r->p = escape;
                return syntax_error (r, _("a \\u escape holds half of a character (a lone low surrogate)"));
              }
            if (c >= 0xd800 && c <= 0xdbff)
              {
                gunichar low;

                if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                  {
                    r->p = escape;
                    return syntax_error (r, _("a \\u escape holds half of a character (a lone high surrogate)"));
                  }
                r->p += 2;
                if (!read_hex4 (r, &low))
                  return FALSE;
                if (low < 0xdc00 || low > 0xdfff)
                  {
                    r->p = escape;
                    return syntax_error (r, _("a \\u escape holds half of a character (a lone high surrogate)"));
                  }
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              }
            if (c == 0)
              {
                r->p = escape;
                return syntax_error (r, _("a string holds a NUL character (\\u0000)"));
              }
            if (out != NULL)
              g_string_append_unichar (out, c);
            continue;
          }
        default:
          return syntax_error (r, _("unknown escape in a string"));
        }
      if (out != NULL)
        g_string_append_c (out, (char) c);
      r->p++;
    }
}

static gboolean
is_digit (Reader *r)
{
  return r->p < r->end && *r->p >= '0' && *r->p <= '9';
}

/* A number (RFC 8259 grammar); r->p is on '-' or a digit. */
static gboolean
read_number (Reader *r,
             Field  *field)
{
  gboolean negative = FALSE;
  gboolean whole = TRUE;
  gboolean big = FALSE;
  guint64 value = 0;

  if (*r->p == '-')
    {
      negative = TRUE;
      r->p++;
    }
  if (!is_digit (r))
    return syntax_error (r, _("a number needs digits"));
  if (*r->p == '0')
    {
      r->p++;
      if (is_digit (r))
        return syntax_error (r, _("a number cannot start with 0"));
    }
  else
    while (is_digit (r))
      {
        guint digit = (guint) (*r->p - '0');

        if (value > (G_MAXUINT64 - digit) / 10)
          big = TRUE;
        else
          value = value * 10 + digit;
        r->p++;
      }

  if (r->p < r->end && *r->p == '.')
    {
      whole = FALSE;
      r->p++;
      if (!is_digit (r))
        return syntax_error (r, _("a number needs digits after its decimal point"));
      while (is_digit (r))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      whole = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!is_digit (r))
        return syntax_error (r, _("a number needs digits in its exponent"));
      while (is_digit (r))
        r->p++;
    }

  if (field == NULL)
    return TRUE;
  if (!whole)
    field->kind = VALUE_DOUBLE;
  else if (big || value > (guint64) G_MAXINT64 + (negative ? 1 : 0))
    field->kind = VALUE_BIG_INT;
  else
    {
      field->kind = VALUE_INT;
      field->number = negative ? (gint64) (0 - value) : (gint64) value;
    }
  return TRUE;
}

static gboolean
read_word (Reader     *r,
           const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0 ||
      ((gsize) (r->end - r->p) > len && g_ascii_isalnum (r->p[len])))
    return syntax_error (r, _("unexpected word, expected a value"));
  r->p += len;
  return TRUE;
}

static gboolean read_value (Reader *r,
                            Field  *field,
                            guint   depth);

/* An object or array whose contents nobody needs: checked, not kept. */
static gboolean
skip_container (Reader *r,
                guint   depth)
{
  gboolean object = *r->p == '{';
  char close = object ? '}' : ']';

  if (depth > ROSTER_HTTP_MAX_JSON_DEPTH)
    return too_deep (r);

  r->p++;
  skip_ws (r);
  if (r->p < r->end && *r->p == close)
    {
      r->p++;
      return TRUE;
    }
  for (;;)
    {
      skip_ws (r);
      if (object)
        {
          if (r->p >= r->end || *r->p != '"')
            return syntax_error (r, _("expected a member name in quotes"));
          if (!read_string (r, NULL))
            return FALSE;
          skip_ws (r);
          if (r->p >= r->end || *r->p != ':')
            return syntax_error (r, _("expected “:”"));
          r->p++;
        }
      if (!read_value (r, NULL, depth + 1))
        return FALSE;
      skip_ws (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == close)
        {
          r->p++;
          return TRUE;
        }
      return syntax_error (r, object ? _("expected “,” or “}”") : _("expected “,” or “]”"));
    }
}

/* Any value; @field (may be %NULL) receives its kind and scalar content.
 * @depth is the depth of a container starting here. */
static gboolean
read_value (Reader *r,
            Field  *field,
            guint   depth)
{
  ValueKind kind;

  skip_ws (r);
  if (r->p >= r->end)
    return syntax_error (r, _("the text ends where a value was expected"));

  switch (*r->p)
    {
    case '"':
      if (field != NULL)
        {
          g_string_truncate (field->text, 0);
          field->kind = VALUE_STRING;
        }
      return read_string (r, field != NULL ? field->text : NULL);
    case '{':
    case '[':
      kind = VALUE_OTHER;
      if (!skip_container (r, depth))
        return FALSE;
      break;
    case 't':
      kind = VALUE_TRUE;
      if (!read_word (r, "true"))
        return FALSE;
      break;
    case 'f':
      kind = VALUE_FALSE;
      if (!read_word (r, "false"))
        return FALSE;
      break;
    case 'n':
      kind = VALUE_NULL;
      if (!read_word (r, "null"))
        return FALSE;
      break;
    default:
      if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
        return read_number (r, field);
      return syntax_error (r, _("unexpected character, expected a value"));
    }

  if (field != NULL)
    field->kind = kind;
  return TRUE;
}

/* Digits, optionally signed, as roster_json_node_to_int() reads a lenient
 * id given as a string. */
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

/* The checks of roster_gitlab_identity_parse(), in its order. */
static gboolean
check_record (RosterIdentityKind   kind,
              Field               *extern_uid,
              Field               *user_id,
              Field               *active,
              gint64              *out_user_id,
              gboolean            *out_active,
              GError             **error)
{
  gint64 id = 0;

  switch (extern_uid->kind)
    {
    case VALUE_ABSENT:
      roster_json_set_detail (error, _("%s is missing"), "extern_uid");
      return FALSE;
    case VALUE_NULL:
      roster_json_set_detail (error, _("%s is null"), "extern_uid");
      return FALSE;
    case VALUE_STRING:
      if (extern_uid->text->len == 0)
        {
          roster_json_set_detail (error, _("%s is empty"), "extern_uid");
          return FALSE;
        }
      break;
    case VALUE_INT:
    case VALUE_BIG_INT:
    case VALUE_DOUBLE:
    case VALUE_TRUE:
    case VALUE_FALSE:
    case VALUE_OTHER:
    default:
      roster_json_set_detail (error, _("%s is not a string"), "extern_uid");
      return FALSE;
    }

  switch (user_id->kind)
    {
    case VALUE_ABSENT:
      roster_json_set_detail (error, _("%s is missing"), "user_id");
      return FALSE;
    case VALUE_NULL:
      roster_json_set_detail (error, _("%s is null"), "user_id");
      return FALSE;
    case VALUE_INT:
      id = user_id->number;
      break;
    case VALUE_BIG_INT:
      roster_json_set_detail (error, _("%s is out of range"), "user_id");
      return FALSE;
    case VALUE_DOUBLE:
      roster_json_set_detail (error, _("%s is not a whole number"), "user_id");
      return FALSE;
    case VALUE_STRING:
      if (!parse_digits (user_id->text->str, &id))
        {
          roster_json_set_detail (error, _("%s is not a number"), "user_id");
          return FALSE;
        }
      break;
    case VALUE_TRUE:
    case VALUE_FALSE:
    case VALUE_OTHER:
    default:
      roster_json_set_detail (error, _("%s is not a number"), "user_id");
      return FALSE;
    }
  if (id < 1 || id > ROSTER_JSON_MAX_ID)
    {
      roster_json_set_detail (error, _("%s is out of range"), "user_id");
      return FALSE;
    }
  *out_user_id = id;

  *out_active = TRUE;
  if (kind == ROSTER_IDENTITY_SCIM)
    {
      switch (active->kind)
        {
        case VALUE_ABSENT:
          roster_json_set_detail (error, _("%s is missing"), "active");
          return FALSE;
        case VALUE_NULL:
        case VALUE_TRUE:
          break;
        case VALUE_FALSE:
          *out_active = FALSE;
          break;
        case VALUE_STRING:
        case VALUE_INT:
        case VALUE_BIG_INT:
        case VALUE_DOUBLE:
        case VALUE_OTHER:
        default:
          roster_json_set_detail (error, _("%s is not true or false"), "active");
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * roster_identity_reader_parse:
 * @data: the body of `GET /groups/:id/{saml,scim}/identities`
 * @size: its length
 * @kind: which list answered
 * @func: (scope call): called with each record, in order
 * @user_data: closure for @func
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Reads a top-level array of flat `{extern_uid, user_id[, active]}` objects
 * in one pass, without a JSON tree. Unknown members are skipped, whatever
 * they hold (nested up to %ROSTER_HTTP_MAX_JSON_DEPTH levels). Safe to call
 * from any thread. @func is not called again after a record fails, but
 * records before it were already handed over: on %FALSE, discard them.
 *
 * Returns: %TRUE when the whole document was read and every record is valid
 */
gboolean
roster_identity_reader_parse (const char                *data,
                              gsize                      size,
                              RosterIdentityKind         kind,
                              RosterIdentityReaderFunc   func,
                              gpointer                   user_data,
                              GError                   **error)
{
  Reader r = { data, data, data + size, NULL };
  g_autoptr(GString) key = g_string_new (NULL);
  Field extern_uid = { VALUE_ABSENT, 0, g_string_new (NULL) };
  Field user_id = { VALUE_ABSENT, 0, g_string_new (NULL) };
  Field active = { VALUE_ABSENT, 0, g_string_new (NULL) };
  GError *record_error = NULL;
  gboolean ok = FALSE;
  guint item = 0;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                           _("The server’s answer is not valid text (invalid UTF-8)."));
      goto out;
    }

  skip_ws (&r);
  if (r.p >= r.end)
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                           _("The server’s answer is empty where JSON was expected."));
      goto out;
    }

  if (*r.p != '[')
    {
      /* Valid JSON but not a list is a record error; invalid, a syntax one. */
      if (read_value (&r, NULL, 1))
        {
          skip_ws (&r);
          if (r.p < r.end)
            syntax_error (&r, _("unexpected text after the end of the document"));
        }
      if (r.error == NULL)
        {
          roster_json_set_detail (&record_error, _("it is not a list"));
          roster_json_wrap_error (&record_error, identities_what (kind), 0);
        }
      goto done;
    }

  r.p++;
  skip_ws (&r);
  if (r.p < r.end && *r.p == ']')
    r.p++;
  else
    for (;;)
      {
        gint64 id = 0;
        gboolean is_active = TRUE;

        item++;
        skip_ws (&r);
        if (r.p >= r.end)
          {
            syntax_error (&r, _("the text ends where a value was expected"));
            goto done;
          }
        if (*r.p != '{')
          {
            if (!read_value (&r, NULL, 2))
              goto done;
            if (record_error == NULL)
              {
                roster_json_set_detail (&record_error, _("it is not an object"));
                roster_json_wrap_error (&record_error, identities_what (kind), item);
              }
          }
        else
          {
            extern_uid.kind = user_id.kind = active.kind = VALUE_ABSENT;
            r.p++;
            skip_ws (&r);
            if (r.p < r.end && *r.p == '}')
              r.p++;
            else
              for (;;)
                {
                  Field *field = NULL;

                  skip_ws (&r);
                  if (r.p >= r.end || *r.p != '"')
                    {
                      syntax_error (&r, _("expected a member name in quotes"));
                      goto done;
                    }
                  g_string_truncate (key, 0);
                  if (!read_string (&r, key))
                    goto done;
                  skip_ws (&r);
                  if (r.p >= r.end || *r.p != ':')
                    {
                      syntax_error (&r, _("expected “:”"));
                      goto done;
                    }
                  r.p++;

                  /* The last of duplicate members wins, as in json-glib. */
                  if (strcmp (key->str, "extern_uid") == 0 && key->len == strlen ("extern_uid"))
                    field = &extern_uid;
                  else if (strcmp (key->str, "user_id") == 0 && key->len == strlen ("user_id"))
                    field = &user_id;
                  else if (strcmp (key->str, "active") == 0 && key->len == strlen ("active"))
                    field = &active;
                  if (!read_value (&r, field, 3))
                    goto done;

                  skip_ws (&r);
                  if (r.p < r.end && *r.p == ',')
                    {
                      r.p++;
                      continue;
                    }
                  if (r.p < r.end && *r.p == '}')
                    {
                      r.p++;
                      break;
                    }
                  syntax_error (&r, _("expected “,” or “}”"));
                  goto done;
                }

            if (record_error == NULL)
              {
                if (check_record (kind, &extern_uid, &user_id, &active, &id, &is_active,
                                  &record_error))
                  func (extern_uid.text->str, id, is_active, user_data);
                else
                  roster_json_wrap_error (&record_error, identities_what (kind), item);
              }
          }

        skip_ws (&r);
        if (r.p < r.end && *r.p == ',')
          {
            r.p++;
            continue;
          }
        if (r.p < r.end && *r.p == ']')
          {
            r.p++;
            break;
          }
        syntax_error (&r, _("expected “,” or “]”"));
        goto done;
      }

  skip_ws (&r);
  if (r.p < r.end)
    syntax_error (&r, _("unexpected text after the end of the document"));

done:
  /* A syntax error anywhere wins over a record error. */
  if (r.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      g_clear_error (&record_error);
    }
  else if (record_error != NULL)
    g_propagate_error (error, g_steal_pointer (&record_error));
  else
    ok = TRUE;

out:
  g_string_free (extern_uid.text, TRUE);
  g_string_free (user_id.text, TRUE);
  g_string_free (active.text, TRUE);
  return ok;
}

typedef struct
{
  GPtrArray          *list;
  RosterIdentityKind  kind;
} ListData;

static void
add_identity (const char *extern_uid,
              gint64      user_id,
              gboolean    active,
              gpointer    user_data)
{
  ListData *data = user_data;

  g_ptr_array_add (data->list, roster_gitlab_identity_new (data->kind, extern_uid, user_id, active));
}

/**
 * roster_identity_reader_parse_list:
 * @data: the body of `GET /groups/:id/{saml,scim}/identities`
 * @size: its length
 * @kind: which list answered
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * roster_identity_reader_parse() into identity records: what
 * roster_gitlab_identities_parse() returns for the same document, without
 * building its tree first.
 *
 * Returns: (transfer full) (element-type RosterGitlabIdentity): the
 *   identities, or %NULL with @error set
 */
GPtrArray *
roster_identity_reader_parse_list (const char          *data,
                                   gsize                size,
                                   RosterIdentityKind   kind,
                                   GError             **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_gitlab_identity_unref);
  ListData closure = { list, kind };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!roster_identity_reader_parse (data, size, kind, add_identity, &closure, error))
    return NULL;
  return g_steal_pointer (&list);
}
