/* roster-enterprise-reader.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "roster-gitlab-types.h"

G_BEGIN_DECLS

GPtrArray *roster_enterprise_reader_parse_list (const char  *data,
                                                gsize        size,
                                                GError     **error);

G_END_DECLS
