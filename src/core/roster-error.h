/* roster-error.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ROSTER_ERROR (roster_error_quark ())

/**
 * RosterErrorCode:
 * @ROSTER_ERROR_AUTH: the server refused the token (HTTP 401)
 * @ROSTER_ERROR_FORBIDDEN: the token or its owner may not do this (HTTP 403,
 *   including a token without the needed scope, or a caller who is not Owner)
 * @ROSTER_ERROR_NOT_FOUND: the group, user or identity does not exist (HTTP 404)
 * @ROSTER_ERROR_CONFLICT: the value is already taken (HTTP 409)
 * @ROSTER_ERROR_PRECONDITION: the server refused the request (HTTP 412, and
 *   GitLab's generic SCIM failure)
 * @ROSTER_ERROR_RATE_LIMITED: too many requests, even after waiting (HTTP 429)
 * @ROSTER_ERROR_SERVER: the server failed (HTTP 5xx)
 * @ROSTER_ERROR_NETWORK: the server could not be reached
 * @ROSTER_ERROR_TLS: the server's certificate could not be trusted
 * @ROSTER_ERROR_PROTOCOL: the answer was not what the API promises
 *   (unparseable, wrong type, oversized, HTML instead of JSON…)
 * @ROSTER_ERROR_INVALID_INPUT: a value given by the user is not acceptable
 * @ROSTER_ERROR_CANCELLED: the operation was cancelled
 * @ROSTER_ERROR_CHANGED_ON_SERVER: a preflight found a value different from
 *   the one the change was planned against
 * @ROSTER_ERROR_KEYRING: the Secret Service (keyring) could not store, read
 *   or delete a token (not running, locked, refused)
 *
 * Codes of the %ROSTER_ERROR domain. The UI and the CLI switch on these codes,
 * never on message text. Messages are written for a group Owner: they say
 * what went wrong and what to do, and never contain a token.
 */
typedef enum
{
  ROSTER_ERROR_AUTH,
  ROSTER_ERROR_FORBIDDEN,
  ROSTER_ERROR_NOT_FOUND,
  ROSTER_ERROR_CONFLICT,
  ROSTER_ERROR_PRECONDITION,
  ROSTER_ERROR_RATE_LIMITED,
  ROSTER_ERROR_SERVER,
  ROSTER_ERROR_NETWORK,
  ROSTER_ERROR_TLS,
  ROSTER_ERROR_PROTOCOL,
  ROSTER_ERROR_INVALID_INPUT,
  ROSTER_ERROR_CANCELLED,
  ROSTER_ERROR_CHANGED_ON_SERVER,
  ROSTER_ERROR_KEYRING,
} RosterErrorCode;

GQuark      roster_error_quark         (void);
const char *roster_error_code_to_string (RosterErrorCode code);

G_END_DECLS
