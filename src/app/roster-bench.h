/* roster-bench.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "roster-window.h"

G_BEGIN_DECLS

gboolean roster_bench_requested (void);
void     roster_bench_start     (RosterWindow *window);

G_END_DECLS
