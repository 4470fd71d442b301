/* roster-sort-latch.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_SORT_LATCH (roster_sort_latch_get_type ())
G_DECLARE_FINAL_TYPE (RosterSortLatch, roster_sort_latch, ROSTER, SORT_LATCH, GObject)

RosterSortLatch  *roster_sort_latch_new         (GtkSortListModel *model);
GtkSortListModel *roster_sort_latch_get_model   (RosterSortLatch  *self);
gboolean          roster_sort_latch_get_pending (RosterSortLatch  *self);

G_END_DECLS
