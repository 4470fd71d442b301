/* roster-scim-filter.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "roster-scim-types.h"

G_BEGIN_DECLS

char     *roster_scim_filter_eq                 (RosterScimDialect   dialect,
                                                 const char         *attribute,
                                                 const char         *value,
                                                 GError            **error);
gboolean  roster_scim_check_attribute_name      (const char         *attribute,
                                                 GError            **error);
gboolean  roster_scim_check_gitlab_filter_value (const char         *value,
                                                 GError            **error);
gboolean  roster_scim_check_gitlab_patch_value  (const char         *value,
                                                 GError            **error);

G_END_DECLS
