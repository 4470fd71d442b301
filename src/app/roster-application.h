/* roster-application.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_APPLICATION (roster_application_get_type ())
G_DECLARE_FINAL_TYPE (RosterApplication, roster_application, ROSTER, APPLICATION, AdwApplication)

RosterApplication *roster_application_new (void);

G_END_DECLS
