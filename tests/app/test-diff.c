/* test-diff.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "roster-diff.h"

/* Renders the spans of a value as a string of the same number of
 * characters: '.' equal, 'c' case only, 'X' changed. */
static char *
render (const char *value,
        GArray     *spans)
{
  GString *out = g_string_new (NULL);
  const char *p = value;

  while (*p != '\0')
    {
      guint offset = (guint) (p - value);
      char mark = '.';

      for (guint i = 0; i < spans->len; i++)
        {
          const RosterDiffSpan *span = &g_array_index (spans, RosterDiffSpan, i);

          g_assert_cmpuint (span->start, <, span->end);
          g_assert_cmpint (span->kind, !=, ROSTER_DIFF_EQUAL);
          if (i > 0)
            g_assert_cmpuint (g_array_index (spans, RosterDiffSpan, i - 1).end, <=, span->start);
          if (offset >= span->start && offset < span->end)
            mark = span->kind == ROSTER_DIFF_CASE ? 'c' : 'X';
        }

      g_string_append_c (out, mark);
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *a;
  const char *b;
  const char *expect_a;
  const char *expect_b;
} Case;

static const Case cases[] = {
  { "", "", "", "" },
  { "aturing", "aturing", ".......", "......." },
  /* Insertion in the middle. */
  { "aturing@acme.example", "alan.turing@acme.example",
    "....................", ".XXXX..................." },
  /* Case only. */
  { "ATuring@acme.example", "aturing@acme.example",
    "cc..................", "cc.................." },
  /* A trailing space, the classic invisible mismatch. */
  { "ada@acme.example ", "ada@acme.example",
    "................X", "................" },
  /* Replaced characters. */
  { "c4e8a1", "c4f8a1", "..X...", "..X..." },
  /* Nothing in common. */
  { "abc", "xyz", "XXX", "XXX" },
  { "", "new", "", "XXX" },
  /* An exact pair is preferred to a case-only pair. */
  { "Aa", "a", "X.", "." },
  /* Mixed: case in one place, change in another. */
  { "Grace.Hopper@acme", "grace.hopper@acmE.io",
    "c.....c.........c", "c.....c.........cXXX" },
  /* Little in common: all changed, no chance matches in between. */
  { "c4e8a1f2-7d3b", "aturing@acme.example", "XXXXXXXXXXXXX", "XXXXXXXXXXXXXXXXXXXX" },
  { "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e", "aturing@acme.example",
    "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX.", "XXXXXXXXXXXXXXXXXXX." },
  /* Multi-byte characters: offsets are bytes, marks are characters. */
  { "José@acme", "Jose@acme", "...X.....", "...X....." },
  { "Élise", "élise", "c....", "c...." },
  { "ÉLISE", "élise", "ccccc", "ccccc" },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) a_spans = NULL;
      g_autoptr(GArray) b_spans = NULL;
      g_autofree char *got_a = NULL;
      g_autofree char *got_b = NULL;

      roster_diff_compute (cases[i].a, cases[i].b, &a_spans, &b_spans);
      got_a = render (cases[i].a, a_spans);
      got_b = render (cases[i].b, b_spans);
      g_test_message ("case %u: \"%s\" / \"%s\"", i, cases[i].a, cases[i].b);
      g_assert_cmpstr (got_a, ==, cases[i].expect_a);
      g_assert_cmpstr (got_b, ==, cases[i].expect_b);
    }
}

static void
test_byte_offsets (void)
{
  g_autoptr(GArray) a_spans = NULL;
  g_autoptr(GArray) b_spans = NULL;
  const RosterDiffSpan *span;

  /* "é" is two bytes: the span covers exactly them. */
  roster_diff_compute ("aéb", "axb", &a_spans, &b_spans);
  g_assert_cmpuint (a_spans->len, ==, 1);
  span = &g_array_index (a_spans, RosterDiffSpan, 0);
  g_assert_cmpuint (span->start, ==, 1);
  g_assert_cmpuint (span->end, ==, 3);
  g_assert_cmpint (span->kind, ==, ROSTER_DIFF_CHANGED);
  span = &g_array_index (b_spans, RosterDiffSpan, 0);
  g_assert_cmpuint (span->start, ==, 1);
  g_assert_cmpuint (span->end, ==, 2);
}

static void
test_long (void)
{
  /* Beyond the alignment limit: the middle is changed as a whole, prefix
   * and suffix still equal. */
  g_autofree char *middle_a = g_strnfill (1000, 'a');
  g_autofree char *middle_b = g_strnfill (1000, 'b');
  g_autofree char *a = g_strconcat ("start-", middle_a, "-end", NULL);
  g_autofree char *b = g_strconcat ("start-", middle_b, "-end", NULL);
  g_autoptr(GArray) a_spans = NULL;
  g_autoptr(GArray) b_spans = NULL;
  const RosterDiffSpan *span;

  roster_diff_compute (a, b, &a_spans, &b_spans);
  g_assert_cmpuint (a_spans->len, ==, 1);
  span = &g_array_index (a_spans, RosterDiffSpan, 0);
  g_assert_cmpuint (span->start, ==, 6);
  g_assert_cmpuint (span->end, ==, 1006);
  g_assert_cmpuint (b_spans->len, ==, 1);
}

static void
test_merge (void)
{
  g_autoptr(GArray) ref_scim = NULL;
  g_autoptr(GArray) scim = NULL;
  g_autoptr(GArray) ref_idp = NULL;
  g_autoptr(GArray) idp = NULL;
  g_autofree char *got = NULL;

  /* The reference value is compared with two others: the union shows. */
  roster_diff_compute ("Alan-x", "alan-x", &ref_scim, &scim);
  roster_diff_compute ("Alan-x", "Alan-y", &ref_idp, &idp);
  roster_diff_merge_spans (ref_scim, ref_idp);
  got = render ("Alan-x", ref_scim);
  g_assert_cmpstr (got, ==, "c....X");

  /* CHANGED wins over CASE on the same byte. */
  {
    g_autoptr(GArray) into = g_array_new (FALSE, FALSE, sizeof (RosterDiffSpan));
    g_autoptr(GArray) more = g_array_new (FALSE, FALSE, sizeof (RosterDiffSpan));
    RosterDiffSpan c = { 0, 3, ROSTER_DIFF_CASE };
    RosterDiffSpan x = { 1, 2, ROSTER_DIFF_CHANGED };
    g_autofree char *merged = NULL;

    g_array_append_val (into, c);
    g_array_append_val (more, x);
    roster_diff_merge_spans (into, more);
    merged = render ("abcd", into);
    g_assert_cmpstr (merged, ==, "cXc.");
  }
}

static void
test_attributes (void)
{
  g_autoptr(GArray) a_spans = NULL;
  g_autoptr(GArray) b_spans = NULL;
  PangoAttrList *attrs;
  PangoAttrIterator *iter;
  gboolean saw_double = FALSE;
  gboolean saw_single = FALSE;

  roster_diff_compute ("Ab-c", "ab-d", &a_spans, &b_spans);
  attrs = roster_diff_spans_to_attributes (a_spans);
  iter = pango_attr_list_get_iterator (attrs);
  do
    {
      PangoAttrInt *underline = (PangoAttrInt *) pango_attr_iterator_get (iter, PANGO_ATTR_UNDERLINE);
      int start, end;

      pango_attr_iterator_range (iter, &start, &end);
      if (underline == NULL)
        continue;
      if (underline->value == PANGO_UNDERLINE_DOUBLE)
        {
          saw_double = TRUE;
          g_assert_cmpint (start, ==, 0);
          g_assert_cmpint (end, ==, 1);
          g_assert_nonnull (pango_attr_iterator_get (iter, PANGO_ATTR_BACKGROUND));
        }
      else if (underline->value == PANGO_UNDERLINE_SINGLE)
        {
          saw_single = TRUE;
          g_assert_cmpint (start, ==, 3);
          g_assert_cmpint (end, ==, 4);
          g_assert_nonnull (pango_attr_iterator_get (iter, PANGO_ATTR_WEIGHT));
        }
    }
  while (pango_attr_iterator_next (iter));
  g_assert_true (saw_double);
  g_assert_true (saw_single);
  pango_attr_iterator_destroy (iter);
  pango_attr_list_unref (attrs);

  attrs = roster_diff_spans_to_attributes (NULL);
  g_assert_null (pango_attr_list_get_attributes (attrs));
  pango_attr_list_unref (attrs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/diff/cases", test_cases);
  g_test_add_func ("/roster/diff/byte-offsets", test_byte_offsets);
  g_test_add_func ("/roster/diff/long", test_long);
  g_test_add_func ("/roster/diff/merge", test_merge);
  g_test_add_func ("/roster/diff/attributes", test_attributes);

  return g_test_run ();
}
