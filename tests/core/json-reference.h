/* json-reference.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The oracle of the one-pass readers' differential tests: a body read the
 * way the client read it before, through RosterHttp's checks and
 * json-glib's tree. */

void        json_reference_note (const char  *prefix,
                                 const char  *text);
JsonParser *json_reference_load (const char  *text,
                                 gsize        size,
                                 gboolean     check_depth,
                                 GError     **error);

G_END_DECLS
