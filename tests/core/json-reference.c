/* json-reference.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "json-reference.h"
#include "roster-error.h"
#include "roster-http.h"
#include "roster-json-private.h"

/* Writes @text after @prefix as a test message; TAP takes one line per
 * message, so @text is escaped. */
void
json_reference_note (const char *prefix,
                     const char *text)
{
  g_autofree char *escaped = g_strescape (text, NULL);

  g_test_message ("%s%s", prefix, escaped);
}

static guint
hex4 (const char *p,
      const char *end)
{
  guint value = 0;

  if (end - p < 4)
    return G_MAXUINT;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return G_MAXUINT;
      value = value * 16 + (guint) d;
    }
  return value;
}

/* json-glib 1.6 leaks its string buffer when it meets a high surrogate
 * escape followed by another \u escape that is not a low surrogate
 * ("malformed surrogate pair"), which fails the suite under LeakSanitizer.
 * It rejects such a document, so the reference says so without asking it. */
static gboolean
has_malformed_surrogate_pair (const char *text,
                              gsize       size)
{
  const char *end = text + size;

  for (const char *p = text; p < end; p++)
    {
      guint high, low;

      if (*p != '\\' || p + 1 >= end)
        continue;
      if (p[1] != 'u')
        {
          p++;
          continue;
        }
      high = hex4 (p + 2, end);
      if (high >= 0xd800 && high <= 0xdbff && end - (p + 6) >= 2 && p[6] == '\\' && p[7] == 'u')
        {
          low = hex4 (p + 8, end);
          if (low < 0xdc00 || low > 0xdfff)
            return TRUE;
        }
    }
  return FALSE;
}

/* Returns: (transfer full): a parser holding the body's tree (its root is
 *   never %NULL), or %NULL with @error set (a ROSTER_ERROR_PROTOCOL saying
 *   which check refused the body); with @check_depth, RosterHttp's nesting
 *   limit is one of the checks */
JsonParser *
json_reference_load (const char  *text,
                     gsize        size,
                     gboolean     check_depth,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) json_error = NULL;

  if (!g_utf8_validate_len (text, size, NULL))
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL, "invalid UTF-8");
      return NULL;
    }
  if (check_depth && !roster_json_check_depth (text, size, ROSTER_HTTP_MAX_JSON_DEPTH))
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL, "too deep");
      return NULL;
    }
  if (has_malformed_surrogate_pair (text, size))
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL, "malformed surrogate pair");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, (gssize) size, &json_error))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL, "json-glib: %s", json_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL, "empty");
      return NULL;
    }
  return g_steal_pointer (&parser);
}

void
json_reference_outcome_clear (JsonReferenceOutcome *o)
{
  g_clear_pointer (&o->list, g_ptr_array_unref);
  g_clear_error (&o->error);
}

/* What @reader makes of @text. */
void
json_reference_read (const JsonReferenceReader *reader,
                     const char                *text,
                     gsize                      size,
                     JsonReferenceOutcome      *o)
{
  memset (o, 0, sizeof *o);
  o->list = reader->read (text, size, &o->error);
  g_assert_true ((o->list == NULL) == (o->error != NULL));
}

/* What the client did before: RosterHttp's checks and parse, then the tree
 * parser. */
void
json_reference_parse (const JsonReferenceReader *reader,
                      const char                *text,
                      gsize                      size,
                      JsonReferenceOutcome      *o)
{
  g_autoptr(JsonParser) parser = NULL;

  memset (o, 0, sizeof *o);
  o->syntax = TRUE;
  if (!(parser = json_reference_load (text, size, reader->check_depth, &o->error)))
    return;
  o->syntax = FALSE;
  o->list = reader->parse (json_parser_get_root (parser), &o->error);
}

/* Both agree on @text. Not @strict (a damaged document): the reader may
 * refuse what json-glib's laxness accepts, but what it accepts, json-glib
 * reads the same way. Returns whether the reader accepted it. */
gboolean
json_reference_agree_len (const JsonReferenceReader *reader,
                          const char                *text,
                          gsize                      size,
                          gboolean                   strict)
{
  JsonReferenceOutcome ref, got;
  gboolean accepted;

  json_reference_read (reader, text, size, &got);
  accepted = got.list != NULL;
  /* A damaged document the reader refuses: json-glib may take it (it is
   * laxer) or refuse it, and on some of its error paths it leaks (json-glib
   * 1.6), which LeakSanitizer would report; not asked. */
  if (!strict && got.error != NULL)
    {
      g_assert_error (got.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
      json_reference_outcome_clear (&got);
      return FALSE;
    }
  json_reference_parse (reader, text, size, &ref);
  if (ref.list != NULL)
    {
      if (got.error != NULL)
        json_reference_note ("valid for json-glib, rejected: ", text);
      g_assert_no_error (got.error);
      reader->assert_same (ref.list, got.list);
    }
  else
    {
      if (got.list != NULL)
        json_reference_note ("rejected by json-glib, accepted: ", text);
      g_assert_error (got.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
      /* Valid JSON, invalid record: the very same sentence. */
      if (!ref.syntax)
        {
          if (reader->differs != NULL && g_strcmp0 (got.error->message, ref.error->message) != 0)
            json_reference_note (reader->differs, text);
          g_assert_cmpstr (got.error->message, ==, ref.error->message);
        }
    }
  json_reference_outcome_clear (&ref);
  json_reference_outcome_clear (&got);
  return accepted;
}

gboolean
json_reference_agree (const JsonReferenceReader *reader,
                      const char                *text)
{
  return json_reference_agree_len (reader, text, strlen (text), TRUE);
}

/* Each of @texts is valid: both read the same records. */
void
json_reference_assert_valid (const JsonReferenceReader *reader,
                             const char *const         *texts,
                             guint                      n)
{
  for (guint i = 0; i < n; i++)
    {
      json_reference_note ("", texts[i]);
      g_assert_true (json_reference_agree (reader, texts[i]));
    }
}

/* Every truncation of @text (up to its last closing bracket) is rejected;
 * one in @sample is compared with json-glib too (it is slower). */
void
json_reference_assert_truncations (const JsonReferenceReader *reader,
                                   const char                *text,
                                   gsize                      size,
                                   guint                      sample)
{
  for (gsize cut = 0; cut < size && strchr (text + cut, ']') != NULL; cut++)
    {
      JsonReferenceOutcome got;

      json_reference_read (reader, text, cut, &got);
      g_assert_error (got.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
      json_reference_outcome_clear (&got);
      if (cut % sample == 0)
        json_reference_agree_len (reader, text, cut, TRUE);
    }
}

/* Each of @texts is refused by the reader; json-glib refuses it too, or
 * with @lax, reads it (it is laxer). */
static void
assert_refused (const JsonReferenceReader *reader,
                const char *const         *texts,
                guint                      n,
                gboolean                   lax)
{
  for (guint i = 0; i < n; i++)
    {
      JsonReferenceOutcome ref, got;

      json_reference_note ("", texts[i]);
      json_reference_parse (reader, texts[i], strlen (texts[i]), &ref);
      if (lax)
        {
          /* Still true of json-glib: otherwise move the line to a table above. */
          g_assert_false (ref.syntax);
        }
      else
        {
          g_assert_true (ref.syntax);
          g_assert_nonnull (ref.error);
        }
      json_reference_read (reader, texts[i], strlen (texts[i]), &got);
      g_assert_error (got.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
      if (!lax)
        json_reference_note ("-> ", got.error->message);
      json_reference_outcome_clear (&ref);
      json_reference_outcome_clear (&got);
    }
}

/* Each of @texts is invalid JSON: both reject it. */
void
json_reference_assert_invalid_json (const JsonReferenceReader *reader,
                                    const char *const         *texts,
                                    guint                      n)
{
  assert_refused (reader, texts, n, FALSE);
}

/* Each of @texts is not JSON, but json-glib 1.6 accepts it: the reader
 * refuses it. */
void
json_reference_assert_lax_json (const JsonReferenceReader *reader,
                                const char *const         *texts,
                                guint                      n)
{
  assert_refused (reader, texts, n, TRUE);
}

void
json_reference_assert_same_identity (const RosterGitlabIdentity *x,
                                     const RosterGitlabIdentity *y)
{
  g_assert_cmpint (x->kind, ==, y->kind);
  g_assert_cmpstr (x->extern_uid, ==, y->extern_uid);
  g_assert_cmpint (x->user_id, ==, y->user_id);
  g_assert_cmpint (x->active, ==, y->active);
  g_assert_cmpstr (x->provider, ==, y->provider);
  g_assert_cmpint (x->saml_provider_id, ==, y->saml_provider_id);
  g_assert_cmpint (x->group_id, ==, y->group_id);
}

/* ---- generated documents ---- */

void
json_reference_append_ws (GString *s)
{
  static const char ws[] = " \t\r\n";

  for (guint n = g_test_rand_int_range (0, 3); n > 0; n--)
    g_string_append_c (s, ws[g_test_rand_int_range (0, 4)]);
}

static gunichar
random_char (void)
{
  switch (g_test_rand_int_range (0, 6))
    {
    case 0:  return (gunichar) g_test_rand_int_range (1, 0x20);
    case 1:  return (gunichar) g_test_rand_int_range (0x20, 0x7f);
    case 2:  return (gunichar) g_test_rand_int_range (0x80, 0x800);
    case 3:  return (gunichar) g_test_rand_int_range (0xe000, 0x10000);
    case 4:  return (gunichar) g_test_rand_int_range (0x10000, 0x110000);
    default: return g_test_rand_bit () ? '"' : '\\';
    }
}

/* A string of fewer than @max_length characters of every kind (control,
 * astral, quote, backslash), escaped in every way; with @every_escape, \t
 * and \/ too. */
void
json_reference_append_string (GString  *s,
                              guint     max_length,
                              gboolean  every_escape)
{
  guint n = g_test_rand_int_range (0, (gint32) max_length);

  g_string_append_c (s, '"');
  for (guint i = 0; i < n; i++)
    {
      gunichar c = random_char ();
      int how = g_test_rand_int_range (0, 3);

      if (c < 0x20 || c == '"' || c == '\\' || how == 0)
        {
          if (c >= 0x10000)
            g_string_append_printf (s, g_test_rand_bit () ? "\\u%04x\\u%04x" : "\\u%04X\\u%04X",
                                    0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff));
          else if (c == '"' || c == '\\')
            g_string_append_printf (s, how == 0 ? "\\u%04x" : "\\%c", c);
          else if (c == '\n' && how != 0)
            g_string_append (s, "\\n");
          else if (every_escape && c == '\t' && how != 0)
            g_string_append (s, "\\t");
          else
            g_string_append_printf (s, "\\u%04x", c);
        }
      else if (every_escape && c == '/' && how == 1)
        g_string_append (s, "\\/");
      else
        g_string_append_unichar (s, c);
    }
  g_string_append_c (s, '"');
}

/* A value no reader looks at: any JSON, nested up to @depth 5. */
static void
append_unknown_value (GString *s,
                      guint    depth)
{
  switch (depth > 4 ? 0 : g_test_rand_int_range (0, 6))
    {
    case 0:
      json_reference_append_string (s, 12, TRUE);
      break;
    case 1:
      g_string_append_printf (s, "%d.%de%d", g_test_rand_int_range (-99, 99), g_test_rand_int_range (0, 99),
                              g_test_rand_int_range (-9, 9));
      break;
    case 2:
      g_string_append (s, g_test_rand_bit () ? "true" : "null");
      break;
    case 3:
      g_string_append_c (s, '[');
      for (guint n = g_test_rand_int_range (0, 3), i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (s, ',');
          json_reference_append_ws (s);
          append_unknown_value (s, depth + 1);
          json_reference_append_ws (s);
        }
      g_string_append_c (s, ']');
      break;
    default:
      g_string_append_c (s, '{');
      for (guint n = g_test_rand_int_range (0, 3), i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (s, ',');
          json_reference_append_string (s, 12, TRUE);
          json_reference_append_ws (s);
          g_string_append_c (s, ':');
          append_unknown_value (s, depth + 1);
        }
      g_string_append_c (s, '}');
      break;
    }
}

static void
shuffle (guint *order,
         guint  n)
{
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = g_test_rand_int_range (0, i + 1);
      guint t = order[i];

      order[i] = order[j];
      order[j] = t;
    }
}

/* An object of @n_fields fields written by @append_field and @n_unknown
 * unknown members, in a random order, with random layout. */
void
json_reference_append_object (GString                *s,
                              guint                   n_fields,
                              guint                   n_unknown,
                              JsonReferenceFieldFunc  append_field,
                              gpointer                user_data)
{
  guint order[16];
  guint n = n_fields + n_unknown;

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (order));
  for (guint i = 0; i < n; i++)
    order[i] = i;
  shuffle (order, n);
  g_string_append_c (s, '{');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      json_reference_append_ws (s);
      if (order[i] < n_fields)
        append_field (s, order[i], user_data);
      else
        {
          json_reference_append_string (s, 12, TRUE);
          g_string_append_c (s, ':');
          append_unknown_value (s, 0);
        }
      json_reference_append_ws (s);
    }
  g_string_append_c (s, '}');
}

/* A list of fewer than @max_items items written by @append_item, with
 * random layout. */
void
json_reference_append_page (GString  *s,
                            guint     max_items,
                            void    (*append_item) (GString *s))
{
  guint n = g_test_rand_int_range (0, (gint32) max_items);

  json_reference_append_ws (s);
  g_string_append_c (s, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      json_reference_append_ws (s);
      append_item (s);
      json_reference_append_ws (s);
    }
  g_string_append_c (s, ']');
  json_reference_append_ws (s);
}
