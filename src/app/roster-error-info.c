/* roster-error-info.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-error-info"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "roster-error.h"
#include "roster-error-info.h"

/* How the window shows an error that stops a group from loading: a title
 * and an icon by error code (never by message text); the description is
 * the core's message, which names the cause and the fix. */

/**
 * roster_error_info_for:
 * @error: why a group could not be loaded
 * @info: (out caller-allocates): how to show it
 */
void
roster_error_info_for (const GError    *error,
                       RosterErrorInfo *info)
{
  g_return_if_fail (error != NULL);
  g_return_if_fail (info != NULL);

  info->icon_name = "dialog-error-symbolic";
  info->title = _("Could Not Load the Group");
  info->fix = ROSTER_ERROR_FIX_RETRY;

  if (error->domain != ROSTER_ERROR)
    return;

  switch ((RosterErrorCode) error->code)
    {
    case ROSTER_ERROR_AUTH:
      info->icon_name = "dialog-password-symbolic";
      info->title = _("Token Not Accepted");
      info->fix = ROSTER_ERROR_FIX_SETTINGS;
      break;
    case ROSTER_ERROR_FORBIDDEN:
      info->icon_name = "action-unavailable-symbolic";
      info->title = _("Access Denied");
      info->fix = ROSTER_ERROR_FIX_SETTINGS;
      break;
    case ROSTER_ERROR_NOT_FOUND:
      info->icon_name = "edit-find-symbolic";
      info->title = _("Group Not Found");
      info->fix = ROSTER_ERROR_FIX_SETTINGS;
      break;
    case ROSTER_ERROR_INVALID_INPUT:
      info->icon_name = "document-edit-symbolic";
      info->title = _("Check the Group’s Settings");
      info->fix = ROSTER_ERROR_FIX_SETTINGS;
      break;
    case ROSTER_ERROR_NETWORK:
      info->icon_name = "network-offline-symbolic";
      info->title = _("Cannot Reach the Server");
      break;
    case ROSTER_ERROR_TLS:
      info->icon_name = "channel-insecure-symbolic";
      info->title = _("Untrusted Connection");
      info->fix = ROSTER_ERROR_FIX_SETTINGS;
      break;
    case ROSTER_ERROR_RATE_LIMITED:
      info->icon_name = "document-open-recent-symbolic";
      info->title = _("Too Many Requests");
      break;
    case ROSTER_ERROR_SERVER:
      info->icon_name = "computer-fail-symbolic";
      info->title = _("Server Error");
      break;
    case ROSTER_ERROR_PROTOCOL:
      info->icon_name = "dialog-question-symbolic";
      info->title = _("Not a GitLab Answer");
      info->fix = ROSTER_ERROR_FIX_SETTINGS;
      break;
    case ROSTER_ERROR_CONFLICT:
    case ROSTER_ERROR_PRECONDITION:
    case ROSTER_ERROR_CANCELLED:
    case ROSTER_ERROR_CHANGED_ON_SERVER:
    default:
      break;
    }
}

/**
 * roster_error_info_for_outcome:
 * @outcome: what a connection test found for a token
 * @scim: whether it is about the SCIM token (else the API token)
 * @info: (out caller-allocates): how to show it
 *
 * For the diagnoses of roster_connection_test_async(): the page's
 * description is then the check's message and fix.
 */
void
roster_error_info_for_outcome (RosterConnectionOutcome  outcome,
                               gboolean                 scim,
                               RosterErrorInfo         *info)
{
  g_return_if_fail (info != NULL);

  info->icon_name = "dialog-error-symbolic";
  info->title = _("Connection Failed");
  info->fix = ROSTER_ERROR_FIX_SETTINGS;

  switch (outcome)
    {
    case ROSTER_CONNECTION_BAD_TOKEN:
      info->icon_name = "dialog-password-symbolic";
      info->title = scim ? _("SCIM Token Not Accepted") : _("Token Not Accepted");
      break;
    case ROSTER_CONNECTION_MISSING_SCOPE:
      info->icon_name = "dialog-password-symbolic";
      info->title = _("Token Lacks the API Scope");
      break;
    case ROSTER_CONNECTION_NOT_OWNER:
      info->icon_name = "action-unavailable-symbolic";
      info->title = _("Not an Owner of the Group");
      break;
    case ROSTER_CONNECTION_GROUP_NOT_FOUND:
      info->icon_name = "edit-find-symbolic";
      info->title = _("Group Not Found");
      break;
    case ROSTER_CONNECTION_DOTTED_GROUP_PATH:
      info->icon_name = "dialog-warning-symbolic";
      info->title = _("Group Path Contains a Dot");
      break;
    case ROSTER_CONNECTION_SAML_NOT_CONFIGURED:
      info->icon_name = "system-users-symbolic";
      info->title = _("SAML SSO Not Configured");
      break;
    case ROSTER_CONNECTION_GROUP_SAML_DISABLED:
      info->icon_name = "system-users-symbolic";
      info->title = _("Group SAML Is Off on This Instance");
      break;
    case ROSTER_CONNECTION_SUBGROUP:
      info->icon_name = "system-users-symbolic";
      info->title = _("Not a Top-Level Group");
      break;
    case ROSTER_CONNECTION_TLS:
      info->icon_name = "channel-insecure-symbolic";
      info->title = _("Untrusted Connection");
      break;
    case ROSTER_CONNECTION_UNREACHABLE:
      info->icon_name = "network-offline-symbolic";
      info->title = _("Cannot Reach the Server");
      info->fix = ROSTER_ERROR_FIX_RETRY;
      break;
    case ROSTER_CONNECTION_INSECURE_HTTP:
      info->icon_name = "channel-insecure-symbolic";
      info->title = _("Insecure Address");
      break;
    case ROSTER_CONNECTION_INVALID_URL:
      info->icon_name = "document-edit-symbolic";
      info->title = _("Invalid Instance Address");
      break;
    case ROSTER_CONNECTION_NOT_GITLAB:
      info->icon_name = "dialog-question-symbolic";
      info->title = _("Not a GitLab Server");
      break;
    case ROSTER_CONNECTION_RATE_LIMITED:
      info->icon_name = "document-open-recent-symbolic";
      info->title = _("Too Many Requests");
      info->fix = ROSTER_ERROR_FIX_RETRY;
      break;
    case ROSTER_CONNECTION_SERVER_ERROR:
      info->icon_name = "computer-fail-symbolic";
      info->title = _("Server Error");
      info->fix = ROSTER_ERROR_FIX_RETRY;
      break;
    case ROSTER_CONNECTION_OK:
    case ROSTER_CONNECTION_NOT_TESTED:
    case ROSTER_CONNECTION_READ_ONLY:
    case ROSTER_CONNECTION_FAILED:
    default:
      info->fix = ROSTER_ERROR_FIX_RETRY;
      break;
    }
}
