/* roster-diff.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-diff"

#include "config.h"

#include <string.h>

#include "roster-diff.h"

/* Which characters of two identity values differ, for highlighting them.
 *
 * Values are compared as Unicode characters. The exactly equal prefix and
 * suffix are cut off first; what is left is aligned with a longest
 * common subsequence in which a pair of equal characters weighs more than a
 * pair that differs only in case, so that "Aa" against "a" pairs the two
 * small letters. Pairs differing in case become CASE runs, characters
 * without a partner CHANGED runs. */

#define WEIGHT_EXACT 3
#define WEIGHT_CASE  2

typedef struct
{
  gunichar *chars;   /* the characters */
  gunichar *folded;  /* each one lowered */
  guint    *offsets; /* byte offset of each, plus the length at [n] */
  guint8   *kinds;   /* RosterDiffKind of each */
  guint     n;
} Side;

static void
side_init (Side       *side,
           const char *text)
{
  glong n = g_utf8_strlen (text, -1);
  const char *p = text;

  side->n = (guint) n;
  side->chars = g_new (gunichar, n + 1);
  side->folded = g_new (gunichar, n + 1);
  side->offsets = g_new (guint, n + 1);
  side->kinds = g_new0 (guint8, n + 1);

  for (glong i = 0; i < n; i++)
    {
      side->offsets[i] = (guint) (p - text);
      side->chars[i] = g_utf8_get_char (p);
      side->folded[i] = g_unichar_tolower (side->chars[i]);
      p = g_utf8_next_char (p);
    }
  side->offsets[n] = (guint) (p - text);
}

static void
side_clear (Side *side)
{
  g_free (side->chars);
  g_free (side->folded);
  g_free (side->offsets);
  g_free (side->kinds);
}

static void
mark_pair (Side *a,
           guint i,
           Side *b,
           guint j)
{
  RosterDiffKind kind = a->chars[i] == b->chars[j] ? ROSTER_DIFF_EQUAL : ROSTER_DIFF_CASE;

  a->kinds[i] = kind;
  b->kinds[j] = kind;
}

static int
pair_weight (Side *a,
             guint i,
             Side *b,
             guint j)
{
  if (a->chars[i] == b->chars[j])
    return WEIGHT_EXACT;
  if (a->folded[i] == b->folded[j])
    return WEIGHT_CASE;
  return 0;
}

/* Aligns a[a0, a1) with b[b0, b1). */
static void
align_middle (Side  *a,
              guint  a0,
              guint  a1,
              Side  *b,
              guint  b0,
              guint  b1)
{
  guint n = a1 - a0;
  guint m = b1 - b0;
  g_autofree guint *score = NULL;
  guint i, j;

  for (i = a0; i < a1; i++)
    a->kinds[i] = ROSTER_DIFF_CHANGED;
  for (j = b0; j < b1; j++)
    b->kinds[j] = ROSTER_DIFF_CHANGED;

  if (n == 0 || m == 0 || (guint64) n * m > ROSTER_DIFF_MAX_CELLS)
    return;

  /* score[i * (m + 1) + j]: best weight aligning the suffixes a[i..], b[j..] */
#define S(x, y) score[(x) * (m + 1) + (y)]
  score = g_new0 (guint, (gsize) (n + 1) * (m + 1));
  for (i = n; i-- > 0;)
    for (j = m; j-- > 0;)
      {
        guint best = MAX (S (i + 1, j), S (i, j + 1));
        int w = pair_weight (a, a0 + i, b, b0 + j);

        if (w > 0)
          best = MAX (best, S (i + 1, j + 1) + (guint) w);
        S (i, j) = best;
      }

  /* Walk forward along one best alignment. */
  i = 0;
  j = 0;
  while (i < n && j < m)
    {
      int w = pair_weight (a, a0 + i, b, b0 + j);

      if (w > 0 && S (i, j) == S (i + 1, j + 1) + (guint) w)
        {
          mark_pair (a, a0 + i, b, b0 + j);
          i++;
          j++;
        }
      else if (S (i, j) == S (i + 1, j))
        i++;
      else
        j++;
    }
#undef S
}

/* Two values with little in common (a UUID and an email) share a few
 * letters by chance: highlighting those in between would be noise. When
 * less than half of the longer middle part (between the equal prefix and
 * suffix) is in common, all of it counts as changed. */
static void
mark_unrelated (Side  *a,
                guint  a0,
                guint  a1,
                Side  *b,
                guint  b0,
                guint  b1)
{
  guint common = 0;

  for (guint i = a0; i < a1; i++)
    if (a->kinds[i] != ROSTER_DIFF_CHANGED)
      common++;

  if (common * 2 >= MAX (a1 - a0, b1 - b0))
    return;

  for (guint i = a0; i < a1; i++)
    a->kinds[i] = ROSTER_DIFF_CHANGED;
  for (guint j = b0; j < b1; j++)
    b->kinds[j] = ROSTER_DIFF_CHANGED;
}

static GArray *
side_to_spans (Side *side)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (RosterDiffSpan));

  for (guint i = 0; i < side->n;)
    {
      RosterDiffKind kind = side->kinds[i];
      guint start = i;

      while (i < side->n && side->kinds[i] == kind)
        i++;

      if (kind != ROSTER_DIFF_EQUAL)
        {
          RosterDiffSpan span = { side->offsets[start], side->offsets[i], kind };

          g_array_append_val (spans, span);
        }
    }

  return spans;
}

/**
 * roster_diff_compute:
 * @a: a value (valid UTF-8)
 * @b: the value to compare it with (valid UTF-8)
 * @a_spans: (out) (transfer full): the runs of @a that differ, as an array
 *   of #RosterDiffSpan in order
 * @b_spans: (out) (transfer full): the same for @b
 *
 * Finds the characters of @a and @b that differ. Equal values give two
 * empty arrays.
 */
void
roster_diff_compute (const char  *a,
                     const char  *b,
                     GArray     **a_spans,
                     GArray     **b_spans)
{
  Side sa, sb;
  guint prefix = 0;
  guint suffix = 0;

  g_return_if_fail (a != NULL && g_utf8_validate (a, -1, NULL));
  g_return_if_fail (b != NULL && g_utf8_validate (b, -1, NULL));
  g_return_if_fail (a_spans != NULL && b_spans != NULL);

  side_init (&sa, a);
  side_init (&sb, b);

  while (prefix < sa.n && prefix < sb.n && sa.chars[prefix] == sb.chars[prefix])
    {
      mark_pair (&sa, prefix, &sb, prefix);
      prefix++;
    }
  while (suffix < sa.n - prefix && suffix < sb.n - prefix
         && sa.chars[sa.n - 1 - suffix] == sb.chars[sb.n - 1 - suffix])
    {
      mark_pair (&sa, sa.n - 1 - suffix, &sb, sb.n - 1 - suffix);
      suffix++;
    }

  align_middle (&sa, prefix, sa.n - suffix, &sb, prefix, sb.n - suffix);
  mark_unrelated (&sa, prefix, sa.n - suffix, &sb, prefix, sb.n - suffix);

  *a_spans = side_to_spans (&sa);
  *b_spans = side_to_spans (&sb);

  side_clear (&sa);
  side_clear (&sb);
}

/**
 * roster_diff_merge_spans:
 * @into: spans of a value (as roster_diff_compute() gives them)
 * @spans: more spans of the same value (from a comparison with a third one)
 *
 * Adds @spans to @into: a byte marked in either is marked, CHANGED winning
 * over CASE. @into stays ordered and its runs merged.
 */
void
roster_diff_merge_spans (GArray *into,
                         GArray *spans)
{
  g_autofree guint8 *kinds = NULL;
  guint length = 0;

  g_return_if_fail (into != NULL && spans != NULL);

  for (guint i = 0; i < into->len; i++)
    length = MAX (length, g_array_index (into, RosterDiffSpan, i).end);
  for (guint i = 0; i < spans->len; i++)
    length = MAX (length, g_array_index (spans, RosterDiffSpan, i).end);

  kinds = g_new0 (guint8, length + 1);
  for (guint pass = 0; pass < 2; pass++)
    {
      GArray *array = pass == 0 ? into : spans;

      for (guint i = 0; i < array->len; i++)
        {
          const RosterDiffSpan *span = &g_array_index (array, RosterDiffSpan, i);

          for (guint k = span->start; k < span->end; k++)
            kinds[k] = MAX (kinds[k], (guint8) span->kind);
        }
    }

  g_array_set_size (into, 0);
  for (guint k = 0; k < length;)
    {
      guint8 kind = kinds[k];
      guint start = k;

      while (k < length && kinds[k] == kind)
        k++;

      if (kind != ROSTER_DIFF_EQUAL)
        {
          RosterDiffSpan span = { start, k, kind };

          g_array_append_val (into, span);
        }
    }
}

/**
 * roster_diff_spans_to_attributes:
 * @spans: (nullable): spans of a value
 *
 * Highlights the spans for a #GtkLabel showing the value: changed
 * characters on a red background and underlined, characters differing only
 * in case on a yellow background with a double underline. The underlines
 * keep the difference visible without colour (high contrast, colour
 * blindness); the translucent backgrounds suit light and dark styles.
 *
 * Returns: (transfer full): the attributes
 */
PangoAttrList *
roster_diff_spans_to_attributes (GArray *spans)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      const RosterDiffSpan *span = &g_array_index (spans, RosterDiffSpan, i);
      gboolean changed = span->kind == ROSTER_DIFF_CHANGED;
      PangoAttribute *attr;

      /* GNOME palette: Red 3 (#e01b24) and Yellow 5 (#f5c211). */
      attr = changed ? pango_attr_background_new (0xe0e0, 0x1b1b, 0x2424)
                     : pango_attr_background_new (0xf5f5, 0xc2c2, 0x1111);
      attr->start_index = span->start;
      attr->end_index = span->end;
      pango_attr_list_insert (attrs, attr);

      attr = pango_attr_background_alpha_new (changed ? 0x5555 : 0x6666);
      attr->start_index = span->start;
      attr->end_index = span->end;
      pango_attr_list_insert (attrs, attr);

      attr = pango_attr_underline_new (changed ? PANGO_UNDERLINE_SINGLE : PANGO_UNDERLINE_DOUBLE);
      attr->start_index = span->start;
      attr->end_index = span->end;
      pango_attr_list_insert (attrs, attr);

      if (changed)
        {
          attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
          attr->start_index = span->start;
          attr->end_index = span->end;
          pango_attr_list_insert (attrs, attr);
        }
    }

  return attrs;
}
