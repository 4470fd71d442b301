/* roster-json-reader.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-json-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-error.h"
#include "roster-http.h"
#include "roster-json-reader.h"

/* See roster-json-reader.h. Every reading function returns FALSE at once
 * when an error was met before, and records only the first error. */

static gboolean
syntax_error (RosterJsonReader *self,
              const char       *detail)
{
  guint line = 1;
  guint column = 1;

  if (self->error != NULL)
    return FALSE;

  for (const char *q = self->data; q < self->p && q < self->end; q++)
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
  g_set_error (&self->error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
               _("The server’s answer is not valid JSON (line %1$u, column %2$u: %3$s)."),
               line, column, detail);
  return FALSE;
}

static gboolean
too_deep (RosterJsonReader *self)
{
  if (self->error == NULL)
    g_set_error (&self->error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                 _("The server’s answer is nested deeper than %u levels, which no API "
                   "response needs; it was not read."), ROSTER_HTTP_MAX_JSON_DEPTH);
  return FALSE;
}

static gboolean
utf8_error (RosterJsonReader *self)
{
  if (self->error == NULL)
    g_set_error_literal (&self->error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                         _("The server’s answer is not valid text (invalid UTF-8)."));
  return FALSE;
}

static inline void
skip_ws (RosterJsonReader *self)
{
  while (self->p < self->end &&
         (*self->p == ' ' || *self->p == '\t' || *self->p == '\n' || *self->p == '\r'))
    self->p++;
}

static gboolean
init (RosterJsonReader *self,
      const char       *data,
      gsize             size,
      gboolean          check_strings)
{
  self->data = data;
  self->p = data;
  self->end = data + size;
  self->depth = 0;
  self->error = NULL;
  self->check_strings = check_strings;

  if (!check_strings && !g_utf8_validate_len (data, size, NULL))
    return utf8_error (self);

  skip_ws (self);
  if (self->p >= self->end)
    {
      g_set_error_literal (&self->error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                           _("The server’s answer is empty where JSON was expected."));
      return FALSE;
    }
  return TRUE;
}

/**
 * roster_json_reader_init:
 * @self: a reader, on the stack
 * @data: the whole document (not NUL-terminated; may be %NULL when @size is 0)
 * @size: its length
 *
 * Starts reading @data, which must stay valid while it is read. Checks that
 * it is UTF-8 and holds something.
 *
 * Returns: %FALSE with @self->error set when @data is not UTF-8 or empty;
 *   call roster_json_reader_clear() either way
 */
gboolean
roster_json_reader_init (RosterJsonReader *self,
                         const char       *data,
                         gsize             size)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  return init (self, data, size, FALSE);
}

/**
 * roster_json_reader_init_partial:
 *
 * roster_json_reader_init() for a reader that may stop before the end:
 * UTF-8 is checked in what is read, each string as it is read (outside
 * strings, JSON is ASCII: another byte is a syntax error), rather than in
 * the whole of @data at once. Reading all of @data checks all of it.
 */
gboolean
roster_json_reader_init_partial (RosterJsonReader *self,
                                 const char       *data,
                                 gsize             size)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  return init (self, data, size, TRUE);
}

/**
 * roster_json_reader_clear:
 * @self: a reader
 *
 * Frees what the reader holds (its error, unless stolen).
 */
void
roster_json_reader_clear (RosterJsonReader *self)
{
  g_return_if_fail (self != NULL);

  g_clear_error (&self->error);
}

/**
 * roster_json_reader_peek:
 * @self: a reader
 *
 * Skips white space.
 *
 * Returns: the first byte of the next token (`{`, `[`, `"`, a digit…), or
 *   `\0` at the end of the text or after an error
 */
char
roster_json_reader_peek (RosterJsonReader *self)
{
  if (self->error != NULL)
    return '\0';
  skip_ws (self);
  return self->p < self->end ? *self->p : '\0';
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

/* Four hex digits after "\u"; self->p is on the first. */
static gboolean
read_hex4 (RosterJsonReader *self,
           gunichar         *out)
{
  gunichar value = 0;

  if (self->end - self->p < 4)
    {
      self->p = self->end;
      return syntax_error (self, _("the text ends inside a \\u escape"));
    }
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_digit (self->p[i]);

      if (digit < 0)
        {
          self->p += i;
          return syntax_error (self, _("a \\u escape needs four hexadecimal digits"));
        }
      value = value * 16 + (gunichar) digit;
    }
  self->p += 4;
  *out = value;
  return TRUE;
}

/* A string; self->p is on the opening quote. Appends the decoded text to
 * @out (may be %NULL to only check it). The text was checked as UTF-8
 * already. */
static gboolean
read_string (RosterJsonReader *self,
             GString          *out)
{
  self->p++;
  for (;;)
    {
      const char *run = self->p;
      gunichar c;

      while (self->p < self->end && *self->p != '"' && *self->p != '\\' && (guchar) *self->p >= 0x20)
        self->p++;
      /* The run ends on an ASCII byte: a character is never cut. */
      if (self->check_strings && !g_utf8_validate_len (run, self->p - run, NULL))
        return utf8_error (self);
      if (out != NULL)
        g_string_append_len (out, run, self->p - run);

      if (self->p >= self->end)
        return syntax_error (self, _("the text ends inside a string"));
      if (*self->p == '"')
        {
          self->p++;
          return TRUE;
        }
      if (*self->p != '\\')
        return syntax_error (self, _("a control character inside a string must be escaped"));

      self->p++;
      if (self->p >= self->end)
        return syntax_error (self, _("the text ends inside a string"));
      switch (*self->p)
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
            const char *escape = self->p - 1;

            self->p++;
            if (!read_hex4 (self, &c))
              return FALSE;
            if (c >= 0xdc00 && c <= 0xdfff)
              {
                self->p = escape;
                return syntax_error (self, _("a \\u escape holds half of a character (a lone low surrogate)"));
              }
            if (c >= 0xd800 && c <= 0xdbff)
              {
                gunichar low;

                if (self->end - self->p < 2 || self->p[0] != '\\' || self->p[1] != 'u')
                  {
                    self->p = escape;
                    return syntax_error (self, _("a \\u escape holds half of a character (a lone high surrogate)"));
                  }
                self->p += 2;
                if (!read_hex4 (self, &low))
                  return FALSE;
                if (low < 0xdc00 || low > 0xdfff)
                  {
                    self->p = escape;
                    return syntax_error (self, _("a \\u escape holds half of a character (a lone high surrogate)"));
                  }
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              }
            if (c == 0)
              {
                self->p = escape;
                return syntax_error (self, _("a string holds a NUL character (\\u0000)"));
              }
            if (out != NULL)
              g_string_append_unichar (out, c);
            continue;
          }
        default:
          return syntax_error (self, _("unknown escape in a string"));
        }
      if (out != NULL)
        g_string_append_c (out, (char) c);
      self->p++;
    }
}

static inline gboolean
is_digit (RosterJsonReader *self)
{
  return self->p < self->end && *self->p >= '0' && *self->p <= '9';
}

/* A number (RFC 8259 grammar); self->p is on '-' or a digit. */
static gboolean
read_number (RosterJsonReader *self,
             RosterJsonField  *field)
{
  const char *start = self->p;
  gboolean negative = FALSE;
  gboolean whole = TRUE;
  gboolean big = FALSE;
  guint64 value = 0;

  if (*self->p == '-')
    {
      negative = TRUE;
      self->p++;
    }
  if (!is_digit (self))
    return syntax_error (self, _("a number needs digits"));
  if (*self->p == '0')
    {
      self->p++;
      if (is_digit (self))
        return syntax_error (self, _("a number cannot start with 0"));
    }
  else
    while (is_digit (self))
      {
        guint digit = (guint) (*self->p - '0');

        if (value > (G_MAXUINT64 - digit) / 10)
          big = TRUE;
        else
          value = value * 10 + digit;
        self->p++;
      }

  if (self->p < self->end && *self->p == '.')
    {
      whole = FALSE;
      self->p++;
      if (!is_digit (self))
        return syntax_error (self, _("a number needs digits after its decimal point"));
      while (is_digit (self))
        self->p++;
    }
  if (self->p < self->end && (*self->p == 'e' || *self->p == 'E'))
    {
      whole = FALSE;
      self->p++;
      if (self->p < self->end && (*self->p == '+' || *self->p == '-'))
        self->p++;
      if (!is_digit (self))
        return syntax_error (self, _("a number needs digits in its exponent"));
      while (is_digit (self))
        self->p++;
    }

  if (field == NULL)
    return TRUE;
  field->token = start;
  field->token_len = self->p - start;
  if (!whole)
    field->kind = ROSTER_JSON_VALUE_DOUBLE;
  else if (big || value > (guint64) G_MAXINT64 + (negative ? 1 : 0))
    field->kind = ROSTER_JSON_VALUE_BIG_INT;
  else
    {
      field->kind = ROSTER_JSON_VALUE_INT;
      field->number = negative ? (gint64) (0 - value) : (gint64) value;
    }
  return TRUE;
}

static gboolean
read_word (RosterJsonReader *self,
           const char       *word)
{
  gsize len = strlen (word);

  if ((gsize) (self->end - self->p) < len || memcmp (self->p, word, len) != 0 ||
      ((gsize) (self->end - self->p) > len && g_ascii_isalnum (self->p[len])))
    return syntax_error (self, _("unexpected word, expected a value"));
  self->p += len;
  return TRUE;
}

/* Opens the container self->p is on. */
static gboolean
enter (RosterJsonReader *self)
{
  if (self->depth >= ROSTER_HTTP_MAX_JSON_DEPTH)
    return too_deep (self);
  self->depth++;
  self->p++;
  return TRUE;
}

/**
 * roster_json_reader_next_element:
 * @self: a reader
 * @index: 0 before the array (the reader is then on its `[`, see
 *   roster_json_reader_peek()); then left as this function sets it
 *
 * Steps into an array, from one element to the next, and out of it.
 *
 * Returns: %TRUE when the reader is on the next element (@index is its
 *   1-based position; read it before calling again); %FALSE after the
 *   closing `]`, or on an error (@self->error set)
 */
gboolean
roster_json_reader_next_element (RosterJsonReader *self,
                                 guint            *index)
{
  if (self->error != NULL)
    return FALSE;

  skip_ws (self);
  if (*index == 0)
    {
      g_return_val_if_fail (self->p < self->end && *self->p == '[', FALSE);
      if (!enter (self))
        return FALSE;
      skip_ws (self);
      if (self->p < self->end && *self->p == ']')
        {
          self->p++;
          self->depth--;
          return FALSE;
        }
    }
  else if (self->p < self->end && *self->p == ',')
    self->p++;
  else if (self->p < self->end && *self->p == ']')
    {
      self->p++;
      self->depth--;
      return FALSE;
    }
  else
    return syntax_error (self, _("expected “,” or “]”"));

  (*index)++;
  return TRUE;
}

/**
 * roster_json_reader_next_member:
 * @self: a reader
 * @index: 0 before the object (the reader is then on its `{`); then left
 *   as this function sets it
 * @name: (nullable): receives the member's name, decoded (valid UTF-8
 *   without NUL); %NULL to only check it
 *
 * Steps into an object, from one member to the next, and out of it.
 *
 * Returns: %TRUE when the reader is on the next member's value (@index is
 *   its 1-based position, @name its name; read the value before calling
 *   again); %FALSE after the closing `}`, or on an error (@self->error set)
 */
gboolean
roster_json_reader_next_member (RosterJsonReader *self,
                                guint            *index,
                                GString          *name)
{
  if (self->error != NULL)
    return FALSE;

  skip_ws (self);
  if (*index == 0)
    {
      g_return_val_if_fail (self->p < self->end && *self->p == '{', FALSE);
      if (!enter (self))
        return FALSE;
      skip_ws (self);
      if (self->p < self->end && *self->p == '}')
        {
          self->p++;
          self->depth--;
          return FALSE;
        }
    }
  else if (self->p < self->end && *self->p == ',')
    {
      self->p++;
      skip_ws (self);
    }
  else if (self->p < self->end && *self->p == '}')
    {
      self->p++;
      self->depth--;
      return FALSE;
    }
  else
    return syntax_error (self, _("expected “,” or “}”"));

  if (self->p >= self->end || *self->p != '"')
    return syntax_error (self, _("expected a member name in quotes"));
  if (name != NULL)
    g_string_truncate (name, 0);
  if (!read_string (self, name))
    return FALSE;
  skip_ws (self);
  if (self->p >= self->end || *self->p != ':')
    return syntax_error (self, _("expected “:”"));
  self->p++;

  (*index)++;
  return TRUE;
}

/* An object or array whose contents nobody needs: checked, not kept. */
static gboolean
skip_container (RosterJsonReader *self)
{
  guint index = 0;

  if (*self->p == '{')
    while (roster_json_reader_next_member (self, &index, NULL))
      roster_json_reader_read_value (self, NULL);
  else
    while (roster_json_reader_next_element (self, &index))
      roster_json_reader_read_value (self, NULL);

  return self->error == NULL;
}

/**
 * roster_json_reader_read_value:
 * @self: a reader
 * @field: (nullable): receives the value's kind, and a scalar's value
 *
 * Reads the next value, whatever it is. An object or an array is checked
 * and skipped (@field says which it was): to read inside one, use
 * roster_json_reader_next_member() or roster_json_reader_next_element()
 * instead.
 *
 * Returns: %TRUE when a value was read, %FALSE on an error
 */
gboolean
roster_json_reader_read_value (RosterJsonReader *self,
                               RosterJsonField  *field)
{
  RosterJsonValueKind kind;

  if (self->error != NULL)
    return FALSE;

  skip_ws (self);
  if (self->p >= self->end)
    return syntax_error (self, _("the text ends where a value was expected"));

  switch (*self->p)
    {
    case '"':
      if (field != NULL)
        {
          g_string_truncate (field->text, 0);
          field->kind = ROSTER_JSON_VALUE_STRING;
        }
      return read_string (self, field != NULL ? field->text : NULL);
    case '{':
      kind = ROSTER_JSON_VALUE_OBJECT;
      if (!skip_container (self))
        return FALSE;
      break;
    case '[':
      kind = ROSTER_JSON_VALUE_ARRAY;
      if (!skip_container (self))
        return FALSE;
      break;
    case 't':
      kind = ROSTER_JSON_VALUE_TRUE;
      if (!read_word (self, "true"))
        return FALSE;
      break;
    case 'f':
      kind = ROSTER_JSON_VALUE_FALSE;
      if (!read_word (self, "false"))
        return FALSE;
      break;
    case 'n':
      kind = ROSTER_JSON_VALUE_NULL;
      if (!read_word (self, "null"))
        return FALSE;
      break;
    default:
      if (*self->p == '-' || (*self->p >= '0' && *self->p <= '9'))
        return read_number (self, field);
      return syntax_error (self, _("unexpected character, expected a value"));
    }

  if (field != NULL)
    field->kind = kind;
  return TRUE;
}

/**
 * roster_json_reader_end:
 * @self: a reader, after the top-level value
 *
 * Checks that nothing but white space follows the document.
 *
 * Returns: %TRUE when the whole text was read without an error
 */
gboolean
roster_json_reader_end (RosterJsonReader *self)
{
  if (self->error != NULL)
    return FALSE;

  skip_ws (self);
  if (self->p < self->end)
    return syntax_error (self, _("unexpected text after the end of the document"));
  return TRUE;
}

/**
 * roster_json_reader_parse_list:
 * @data: a JSON document: a top-level array of record objects
 * @size: its length
 * @what: what the list is, for messages ("list of group members")
 * @read_record: (scope call): reads and checks one record
 * @user_data: closure for @read_record
 * @item_free: frees an item @read_record made
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Reads the whole list in one pass, as roster_json_parse_list() would
 * from a json-glib tree of it: the same messages for a document that is
 * not a list, an element that is not an object, or a record that fails
 * its checks ("@what #N: …"). After a bad record the rest is still read,
 * for syntax only: a syntax error anywhere wins over a record error, as it
 * does when the whole tree is parsed first. Safe to call from any thread.
 *
 * Returns: (transfer full): the items, in order, or %NULL with @error set
 */
GPtrArray *
roster_json_reader_parse_list (const char            *data,
                               gsize                  size,
                               const char            *what,
                               RosterJsonRecordFunc   read_record,
                               gpointer               user_data,
                               GDestroyNotify         item_free,
                               GError               **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) name = NULL;
  RosterJsonReader r;
  GError *record_error = NULL;
  guint item = 0;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (what != NULL, NULL);
  g_return_val_if_fail (read_record != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!roster_json_reader_init (&r, data, size))
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      roster_json_reader_clear (&r);
      return NULL;
    }

  if (roster_json_reader_peek (&r) != '[')
    {
      /* Valid JSON but not a list is a record error; invalid, a syntax one. */
      if (roster_json_reader_read_value (&r, NULL) && roster_json_reader_end (&r))
        {
          roster_json_set_detail (error, _("it is not a list"));
          roster_json_wrap_error (error, what, 0);
        }
      else
        g_propagate_error (error, g_steal_pointer (&r.error));
      roster_json_reader_clear (&r);
      return NULL;
    }

  list = g_ptr_array_new_full (100, item_free);
  name = g_string_sized_new (32);
  while (roster_json_reader_next_element (&r, &item))
    {
      gpointer record;

      /* After a bad record, the rest is only checked for syntax. */
      if (record_error != NULL)
        roster_json_reader_read_value (&r, NULL);
      else if (roster_json_reader_peek (&r) != '{')
        {
          if (roster_json_reader_read_value (&r, NULL))
            {
              roster_json_set_detail (&record_error, _("it is not an object"));
              roster_json_wrap_error (&record_error, what, item);
            }
        }
      else
        {
          record = read_record (&r, name, user_data, &record_error);
          if (r.error != NULL)
            {
              g_assert (record == NULL);
              break;
            }
          if (record != NULL)
            g_ptr_array_add (list, record);
          else
            roster_json_wrap_error (&record_error, what, item);
        }
    }
  roster_json_reader_end (&r);

  /* A syntax error anywhere wins over a record error. */
  if (r.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      g_clear_error (&record_error);
      roster_json_reader_clear (&r);
      return NULL;
    }
  roster_json_reader_clear (&r);
  if (record_error != NULL)
    {
      g_propagate_error (error, record_error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * roster_json_field_init:
 * @field: a field
 *
 * Readies @field (kind %ROSTER_JSON_VALUE_ABSENT); free it with
 * roster_json_field_clear().
 */
void
roster_json_field_init (RosterJsonField *field)
{
  field->kind = ROSTER_JSON_VALUE_ABSENT;
  field->number = 0;
  field->text = g_string_new (NULL);
  field->token = NULL;
  field->token_len = 0;
}

void
roster_json_field_clear (RosterJsonField *field)
{
  if (field->text != NULL)
    g_string_free (g_steal_pointer (&field->text), TRUE);
}

/**
 * roster_json_field_reset:
 * @field: a field
 *
 * Makes @field absent again, for the next record.
 */
void
roster_json_field_reset (RosterJsonField *field)
{
  field->kind = ROSTER_JSON_VALUE_ABSENT;
}

/* Absent and null, as roster-json.c's lookup(): returns TRUE when the
 * caller should stop there and return *ok. */
static gboolean
lookup (const RosterJsonField  *field,
        const char             *label,
        RosterJsonFlags         flags,
        gboolean               *ok,
        GError                **error)
{
  *ok = TRUE;
  if (field->kind == ROSTER_JSON_VALUE_ABSENT)
    {
      if (flags & ROSTER_JSON_REQUIRED)
        {
          roster_json_set_detail (error, _("%s is missing"), label);
          *ok = FALSE;
        }
      return TRUE;
    }
  if (field->kind == ROSTER_JSON_VALUE_NULL)
    {
      if (!(flags & ROSTER_JSON_NULLABLE))
        {
          roster_json_set_detail (error, _("%s is null"), label);
          *ok = FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

/**
 * roster_json_field_get_string:
 *
 * As roster_json_get_string(): *@out (freed first) receives a copy of the
 * string, and is left alone when the field is absent or null.
 */
gboolean
roster_json_field_get_string (const RosterJsonField  *field,
                              const char             *label,
                              RosterJsonFlags         flags,
                              char                  **out,
                              GError                **error)
{
  gboolean ok;

  if (lookup (field, label, flags, &ok, error))
    return ok;

  if (field->kind != ROSTER_JSON_VALUE_STRING)
    {
      roster_json_set_detail (error, _("%s is not a string"), label);
      return FALSE;
    }
  if ((flags & ROSTER_JSON_NON_EMPTY) && field->text->len == 0)
    {
      roster_json_set_detail (error, _("%s is empty"), label);
      return FALSE;
    }

  g_free (*out);
  *out = g_strndup (field->text->str, field->text->len);
  return TRUE;
}

/* Digits, optionally signed, as roster_json_node_to_int() reads a lenient
 * number given as a string. */
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

/**
 * roster_json_field_get_int:
 *
 * As roster_json_get_int().
 */
gboolean
roster_json_field_get_int (const RosterJsonField  *field,
                           const char             *label,
                           RosterJsonFlags         flags,
                           gint64                  min,
                           gint64                  max,
                           gint64                 *out,
                           gboolean               *present,
                           GError                **error)
{
  gint64 value = 0;
  gboolean ok;

  if (present != NULL)
    *present = FALSE;

  if (lookup (field, label, flags, &ok, error))
    return ok;

  switch (field->kind)
    {
    case ROSTER_JSON_VALUE_INT:
      value = field->number;
      break;
    case ROSTER_JSON_VALUE_BIG_INT:
      roster_json_set_detail (error, _("%s is out of range"), label);
      return FALSE;
    case ROSTER_JSON_VALUE_DOUBLE:
      roster_json_set_detail (error, _("%s is not a whole number"), label);
      return FALSE;
    case ROSTER_JSON_VALUE_STRING:
      if (!(flags & ROSTER_JSON_LENIENT) || !parse_digits (field->text->str, &value))
        {
          roster_json_set_detail (error, _("%s is not a number"), label);
          return FALSE;
        }
      break;
    case ROSTER_JSON_VALUE_ABSENT:
    case ROSTER_JSON_VALUE_NULL:
    case ROSTER_JSON_VALUE_TRUE:
    case ROSTER_JSON_VALUE_FALSE:
    case ROSTER_JSON_VALUE_OBJECT:
    case ROSTER_JSON_VALUE_ARRAY:
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
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

/**
 * roster_json_field_get_boolean:
 *
 * As roster_json_get_boolean().
 */
gboolean
roster_json_field_get_boolean (const RosterJsonField  *field,
                               const char             *label,
                               RosterJsonFlags         flags,
                               gboolean               *out,
                               gboolean               *present,
                               GError                **error)
{
  gboolean ok;

  if (present != NULL)
    *present = FALSE;

  if (lookup (field, label, flags, &ok, error))
    return ok;

  if (field->kind == ROSTER_JSON_VALUE_TRUE || field->kind == ROSTER_JSON_VALUE_FALSE)
    *out = field->kind == ROSTER_JSON_VALUE_TRUE;
  else if ((flags & ROSTER_JSON_LENIENT) && field->kind == ROSTER_JSON_VALUE_STRING &&
           (g_ascii_strcasecmp (field->text->str, "true") == 0 ||
            g_ascii_strcasecmp (field->text->str, "false") == 0))
    *out = g_ascii_strcasecmp (field->text->str, "true") == 0;
  else
    {
      roster_json_set_detail (error, _("%s is not true or false"), label);
      return FALSE;
    }

  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

/**
 * roster_json_field_check_object:
 *
 * As roster_json_get_object(), the object itself aside: whether it is one
 * is @field's kind.
 */
gboolean
roster_json_field_check_object (const RosterJsonField  *field,
                                const char             *label,
                                RosterJsonFlags         flags,
                                GError                **error)
{
  gboolean ok;

  if (lookup (field, label, flags, &ok, error))
    return ok;

  if (field->kind != ROSTER_JSON_VALUE_OBJECT)
    {
      roster_json_set_detail (error, _("%s is not an object"), label);
      return FALSE;
    }
  return TRUE;
}
