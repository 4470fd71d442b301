/* roster-wrap-box.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_WRAP_BOX (roster_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (RosterWrapBox, roster_wrap_box, ROSTER, WRAP_BOX, GtkWidget)

GtkWidget *roster_wrap_box_new    (void);
void       roster_wrap_box_append (RosterWrapBox *self,
                                   GtkWidget     *child);

G_END_DECLS
