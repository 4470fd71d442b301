/* roster-text.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-text"

#include "config.h"

#include <string.h>

#include "roster-text.h"

static gboolean
is_ascii (const char *value)
{
  for (const guchar *p = (const guchar *) value; *p; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

/**
 * roster_text_fold_key:
 * @value: (nullable): an identity value
 *
 * Returns: (transfer full) (nullable): the key under which @value is compared
 *   case-insensitively: g_utf8_casefold() of valid UTF-8, the bytes with ASCII
 *   letters lowered otherwise. %NULL for %NULL.
 */
char *
roster_text_fold_key (const char *value)
{
  gsize len;
  char *folded;
  gboolean ascii = TRUE;

  if (value == NULL)
    return NULL;

  /* Fast path (almost every value): ASCII, folded in one pass. */
  len = strlen (value);
  folded = g_malloc (len + 1);
  for (gsize i = 0; i <= len; i++)
    {
      guchar c = value[i];

      if (c >= 0x80)
        {
          ascii = FALSE;
          break;
        }
      folded[i] = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
    }
  if (ascii)
    return folded;

  g_free (folded);
  if (!g_utf8_validate (value, len, NULL))
    return g_ascii_strdown (value, len);
  return g_utf8_casefold (value, len);
}

/**
 * roster_text_equal_folded:
 *
 * Returns: %TRUE when @a and @b are equal after roster_text_fold_key()
 *   (two %NULLs are equal, %NULL and a string are not).
 */
gboolean
roster_text_equal_folded (const char *a,
                          const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  if (strcmp (a, b) == 0)
    return TRUE;
  if (is_ascii (a) && is_ascii (b))
    return g_ascii_strcasecmp (a, b) == 0;
  fa = roster_text_fold_key (a);
  fb = roster_text_fold_key (b);
  return strcmp (fa, fb) == 0;
}

/**
 * roster_text_escape:
 * @value: (nullable): any bytes, NUL-terminated
 *
 * Makes a value safe to show: valid UTF-8 is kept, except control
 * characters: C0 controls and DEL become "\xNN", C1 controls "\uNNNN",
 * every byte that is not part of valid UTF-8 "\xNN", and a backslash "\\"
 * so that the escapes cannot be confused with the value.
 *
 * Returns: (transfer full): the escaped text ("" for %NULL)
 */
char *
roster_text_escape (const char *value)
{
  GString *out;
  const char *p;
  const char *end;

  if (value == NULL)
    return g_strdup ("");

  end = value + strlen (value);
  out = g_string_sized_new (end - value);

  for (p = value; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }

      if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        {
          if (c < 0x80)
            g_string_append_printf (out, "\\x%02X", c);
          else
            g_string_append_printf (out, "\\u%04X", c);
        }
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);

      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}

static gsize
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  if (g_unichar_iswide (c))
    return 2;
  return 1;
}

/**
 * roster_text_width:
 * @text: valid UTF-8 (use roster_text_escape() first for untrusted values)
 *
 * Returns: the number of terminal columns @text takes: wide (East Asian)
 *   characters count two, combining marks and zero-width characters none.
 */
gsize
roster_text_width (const char *text)
{
  gsize width = 0;

  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), strlen (text));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));

  return width;
}

/**
 * roster_text_truncate:
 * @text: valid UTF-8
 * @width: the number of columns available
 *
 * Returns: (transfer full): @text when it fits in @width columns, else its
 *   longest prefix that fits together with a final "…".
 */
char *
roster_text_truncate (const char *text,
                      gsize       width)
{
  GString *out;
  gsize used = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), g_strdup (""));

  if (roster_text_width (text) <= width)
    return g_strdup (text);
  if (width == 0)
    return g_strdup ("");

  out = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gsize w = char_width (g_utf8_get_char (p));

      if (used + w > width - 1)
        break;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
      used += w;
    }
  g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

/**
 * roster_text_pad:
 * @text: valid UTF-8
 * @width: columns
 *
 * Returns: (transfer full): @text truncated to @width columns and padded with
 *   spaces to exactly @width columns.
 */
char *
roster_text_pad (const char *text,
                 gsize       width)
{
  g_autofree char *cut = roster_text_truncate (text, width);
  gsize used = roster_text_width (cut);
  GString *out = g_string_new (cut);

  for (; used < width; used++)
    g_string_append_c (out, ' ');

  return g_string_free (out, FALSE);
}
