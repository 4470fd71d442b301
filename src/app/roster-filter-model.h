/* roster-filter-model.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A step of incremental filtering adds or removes at most MAX_BATCH rows
 * within WINDOW rows of the focus, but for the first step of a filter
 * change, which replaces every row with a screenful (see
 * roster-filter-model.c). */
#define ROSTER_FILTER_MODEL_WINDOW    256
#define ROSTER_FILTER_MODEL_MAX_BATCH 32
/* The first step filters at most this many items. */
#define ROSTER_FILTER_MODEL_FIRST_LIMIT 16384

#define ROSTER_TYPE_FILTER_MODEL (roster_filter_model_get_type ())
G_DECLARE_FINAL_TYPE (RosterFilterModel, roster_filter_model, ROSTER, FILTER_MODEL, GObject)

RosterFilterModel *roster_filter_model_new             (GListModel        *model,
                                                        GtkFilter         *filter);
void               roster_filter_model_set_model       (RosterFilterModel *self,
                                                        GListModel        *model);
GListModel        *roster_filter_model_get_model       (RosterFilterModel *self);
GtkFilter         *roster_filter_model_get_filter      (RosterFilterModel *self);
void               roster_filter_model_set_incremental (RosterFilterModel *self,
                                                        gboolean           incremental);
gboolean           roster_filter_model_get_incremental (RosterFilterModel *self);
guint              roster_filter_model_get_pending     (RosterFilterModel *self);
void               roster_filter_model_set_focus       (RosterFilterModel *self,
                                                        guint              position,
                                                        guint              n_shown);
guint              roster_filter_model_get_focus       (RosterFilterModel *self);
void               roster_filter_model_keep_rows       (RosterFilterModel *self);

G_END_DECLS
