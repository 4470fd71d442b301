/* roster-progress.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RosterProgressFunc:
 * @done: how many items have been read so far
 * @total: how many there are, or 0 while unknown (GitLab omits totals above
 *   10 000 members)
 * @user_data: closure
 *
 * Called in the thread-default main context of the operation, as pages
 * arrive. @done never decreases, except when a listing restarts because the
 * list changed on the server while it was read.
 */
typedef void (*RosterProgressFunc) (guint64  done,
                                    guint64  total,
                                    gpointer user_data);

G_END_DECLS
