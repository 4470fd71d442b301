/* roster-error-info.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "roster-connection-test.h"

G_BEGIN_DECLS

/**
 * RosterErrorFix:
 * @ROSTER_ERROR_FIX_RETRY: trying again may work (network, server, rate limit)
 * @ROSTER_ERROR_FIX_SETTINGS: the account's settings or tokens must change
 */
typedef enum
{
  ROSTER_ERROR_FIX_RETRY,
  ROSTER_ERROR_FIX_SETTINGS,
} RosterErrorFix;

/**
 * RosterErrorInfo:
 * @icon_name: a symbolic icon for the status page
 * @title: what went wrong, in a few words (headline capitalization)
 * @fix: what the page offers besides Retry
 */
typedef struct
{
  const char     *icon_name;
  const char     *title;
  RosterErrorFix  fix;
} RosterErrorInfo;

void roster_error_info_for         (const GError            *error,
                                    RosterErrorInfo         *info);
void roster_error_info_for_outcome (RosterConnectionOutcome  outcome,
                                    gboolean                 scim,
                                    RosterErrorInfo         *info);

G_END_DECLS
