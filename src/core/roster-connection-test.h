/* roster-connection-test.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "roster-gitlab-types.h"
#include "roster-request-log.h"

G_BEGIN_DECLS

/**
 * RosterConnectionOutcome:
 * @ROSTER_CONNECTION_OK: the token works for everything Roster does
 * @ROSTER_CONNECTION_NOT_TESTED: no token was given
 * @ROSTER_CONNECTION_READ_ONLY: the API token has `read_api` but not `api`:
 *   reading works, changes will be refused
 * @ROSTER_CONNECTION_BAD_TOKEN: the token was refused (wrong, expired,
 *   revoked, or another group's SCIM token)
 * @ROSTER_CONNECTION_MISSING_SCOPE: the API token has neither `api` nor
 *   `read_api`
 * @ROSTER_CONNECTION_NOT_OWNER: the API token's user is not an Owner of the
 *   group
 * @ROSTER_CONNECTION_GROUP_NOT_FOUND: no such group (or not visible)
 * @ROSTER_CONNECTION_DOTTED_GROUP_PATH: the group path contains a `.`, which
 *   GitLab's SCIM API cannot route
 * @ROSTER_CONNECTION_SAML_NOT_CONFIGURED: the group has no SAML SSO
 * @ROSTER_CONNECTION_GROUP_SAML_DISABLED: group SAML is off on the instance
 * @ROSTER_CONNECTION_SUBGROUP: the group is a subgroup; SAML and SCIM live on
 *   the top-level group
 * @ROSTER_CONNECTION_TLS: the server's certificate is not trusted
 * @ROSTER_CONNECTION_UNREACHABLE: the server could not be reached
 * @ROSTER_CONNECTION_INSECURE_HTTP: plain `http://` to a host that is not
 *   this computer
 * @ROSTER_CONNECTION_INVALID_URL: the instance address is not usable
 * @ROSTER_CONNECTION_NOT_GITLAB: the server does not answer like GitLab
 *   (HTML, a sign-in page, a redirect elsewhere)
 * @ROSTER_CONNECTION_RATE_LIMITED: the server is limiting requests
 * @ROSTER_CONNECTION_SERVER_ERROR: the server failed (5xx)
 * @ROSTER_CONNECTION_FAILED: anything else (see the message)
 *
 * What a connection test found for one token.
 */
typedef enum
{
  ROSTER_CONNECTION_OK,
  ROSTER_CONNECTION_NOT_TESTED,
  ROSTER_CONNECTION_READ_ONLY,
  ROSTER_CONNECTION_BAD_TOKEN,
  ROSTER_CONNECTION_MISSING_SCOPE,
  ROSTER_CONNECTION_NOT_OWNER,
  ROSTER_CONNECTION_GROUP_NOT_FOUND,
  ROSTER_CONNECTION_DOTTED_GROUP_PATH,
  ROSTER_CONNECTION_SAML_NOT_CONFIGURED,
  ROSTER_CONNECTION_GROUP_SAML_DISABLED,
  ROSTER_CONNECTION_SUBGROUP,
  ROSTER_CONNECTION_TLS,
  ROSTER_CONNECTION_UNREACHABLE,
  ROSTER_CONNECTION_INSECURE_HTTP,
  ROSTER_CONNECTION_INVALID_URL,
  ROSTER_CONNECTION_NOT_GITLAB,
  ROSTER_CONNECTION_RATE_LIMITED,
  ROSTER_CONNECTION_SERVER_ERROR,
  ROSTER_CONNECTION_FAILED,
} RosterConnectionOutcome;

const char *roster_connection_outcome_to_string (RosterConnectionOutcome outcome);
gboolean    roster_connection_outcome_is_usable (RosterConnectionOutcome outcome);

/**
 * RosterConnectionCheck:
 * @outcome: what was found
 * @message: a sentence saying what was found, for the user
 * @fix: (nullable): what to do about it, for the user (%NULL when nothing)
 */
typedef struct
{
  RosterConnectionOutcome  outcome;
  char                    *message;
  char                    *fix;
} RosterConnectionCheck;

/**
 * RosterConnectionReport:
 * @api: the API token's diagnosis
 * @scim: the SCIM token's diagnosis
 * @group: (nullable): the group, when the API token could resolve it
 * @scopes: (nullable) (array zero-terminated=1): the API token's scopes,
 *   when GitLab said (`GET /personal_access_tokens/self`)
 */
typedef struct
{
  RosterConnectionCheck *api;
  RosterConnectionCheck *scim;
  RosterGitlabGroup     *group;
  char                 **scopes;
} RosterConnectionReport;

#define ROSTER_TYPE_CONNECTION_REPORT (roster_connection_report_get_type ())
GType                   roster_connection_report_get_type (void) G_GNUC_CONST;
RosterConnectionReport *roster_connection_report_ref      (RosterConnectionReport *self);
void                    roster_connection_report_unref    (RosterConnectionReport *self);

void                    roster_connection_test_async      (const char             *instance_url,
                                                           const char             *group,
                                                           const char             *scim_token,
                                                           const char             *api_token,
                                                           RosterRequestLog       *log,
                                                           GTlsDatabase           *tls_database,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
RosterConnectionReport *roster_connection_test_finish     (GAsyncResult           *result,
                                                           GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterConnectionReport, roster_connection_report_unref)

G_END_DECLS
