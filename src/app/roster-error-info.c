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
