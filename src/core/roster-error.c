/* roster-error.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-error"

#include "config.h"

#include "roster-error.h"

G_DEFINE_QUARK (roster-error-quark, roster_error)

/**
 * roster_error_code_to_string:
 * @code: a #RosterErrorCode
 *
 * Returns: (transfer none): a stable, machine-readable name for @code
 *   ("auth", "forbidden", …), as used in JSON output and logs.
 */
const char *
roster_error_code_to_string (RosterErrorCode code)
{
  switch (code)
    {
    case ROSTER_ERROR_AUTH:              return "auth";
    case ROSTER_ERROR_FORBIDDEN:         return "forbidden";
    case ROSTER_ERROR_NOT_FOUND:         return "not-found";
    case ROSTER_ERROR_CONFLICT:          return "conflict";
    case ROSTER_ERROR_PRECONDITION:      return "precondition";
    case ROSTER_ERROR_RATE_LIMITED:      return "rate-limited";
    case ROSTER_ERROR_SERVER:            return "server";
    case ROSTER_ERROR_NETWORK:           return "network";
    case ROSTER_ERROR_TLS:               return "tls";
    case ROSTER_ERROR_PROTOCOL:          return "protocol";
    case ROSTER_ERROR_INVALID_INPUT:     return "invalid-input";
    case ROSTER_ERROR_CANCELLED:         return "cancelled";
    case ROSTER_ERROR_CHANGED_ON_SERVER: return "changed-on-server";
    case ROSTER_ERROR_KEYRING:           return "keyring";
    default:                             return "unknown";
    }
}
