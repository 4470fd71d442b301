/* roster-diff.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

/**
 * RosterDiffKind:
 * @ROSTER_DIFF_EQUAL: the same characters in both values
 * @ROSTER_DIFF_CASE: the same letters in another case (SCIM matches them,
 *   SAML sign-in does not)
 * @ROSTER_DIFF_CHANGED: characters only this value has, or that the other
 *   value has replaced by different ones
 *
 * How one run of characters of a value compares with the other value.
 */
typedef enum
{
  ROSTER_DIFF_EQUAL,
  ROSTER_DIFF_CASE,
  ROSTER_DIFF_CHANGED,
} RosterDiffKind;

/**
 * RosterDiffSpan:
 * @start: byte offset of the first character of the run
 * @end: byte offset just after its last character
 * @kind: how the run compares; never %ROSTER_DIFF_EQUAL in a result
 */
typedef struct
{
  guint          start;
  guint          end;
  RosterDiffKind kind;
} RosterDiffSpan;

/* Longest values compared character by character: beyond this (a product
 * of the two lengths), the part between the common prefix and suffix is
 * marked changed as a whole. Identity values are far shorter. */
#define ROSTER_DIFF_MAX_CELLS (512 * 512)

void           roster_diff_compute             (const char  *a,
                                                const char  *b,
                                                GArray     **a_spans,
                                                GArray     **b_spans);
void           roster_diff_merge_spans         (GArray      *into,
                                                GArray      *spans);
PangoAttrList *roster_diff_spans_to_attributes (GArray      *spans);

G_END_DECLS
