/* ui-test-utils.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean ui_test_label_has_background (GtkLabel *label);

G_END_DECLS
