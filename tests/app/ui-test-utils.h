/* ui-test-utils.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean   ui_test_label_has_background (GtkLabel   *label);
GPtrArray *ui_test_mirror_new           (GListModel *model);
void       ui_test_mirror_update        (GPtrArray  *mirror,
                                         GListModel *model,
                                         guint       position,
                                         guint       removed,
                                         guint       added);

G_END_DECLS
