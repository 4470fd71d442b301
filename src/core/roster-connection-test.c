/* roster-connection-test.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-connection-test"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-connection-test.h"
#include "roster-error.h"
#include "roster-http.h"
#include "roster-scim-client.h"
#include "roster-scim-filter.h"
#include "roster-scim-types.h"

/* The connection test probes, in order, without changing anything:
 *
 *   API token   GET /api/v4/groups/:group            token, group, subgroup
 *               GET /api/v4/personal_access_tokens/self   scopes (api / read_api)
 *               GET /api/v4/groups/:id/saml/<random>  403 = not Owner, 404 = Owner
 *               GET /api/v4/groups/:id/members?per_page=1
 *                                                     no group_saml_identity key
 *                                                     for an Owner = no SAML SSO
 *   SCIM token  GET /api/scim/v2/groups/:group/Users?filter=id eq "<random>"
 *                                                     (gitlab-api.md §1.9)
 *
 * Each answer is read here, status and body, rather than through the
 * clients: a diagnosis needs finer distinctions than an error code. */

G_DEFINE_BOXED_TYPE (RosterConnectionReport, roster_connection_report,
                     roster_connection_report_ref, roster_connection_report_unref)

static void
check_free (RosterConnectionCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->message);
  g_free (check->fix);
  g_free (check);
}

static void
report_clear (RosterConnectionReport *self)
{
  check_free (self->api);
  check_free (self->scim);
  g_clear_pointer (&self->group, roster_gitlab_group_unref);
  g_strfreev (self->scopes);
}

RosterConnectionReport *
roster_connection_report_ref (RosterConnectionReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
roster_connection_report_unref (RosterConnectionReport *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) report_clear);
}

/**
 * roster_connection_outcome_to_string:
 * @outcome: a #RosterConnectionOutcome
 *
 * Returns: (transfer none): a stable machine-readable name ("ok",
 *   "bad-token", …) for JSON output and tests
 */
const char *
roster_connection_outcome_to_string (RosterConnectionOutcome outcome)
{
  switch (outcome)
    {
    case ROSTER_CONNECTION_OK:                  return "ok";
    case ROSTER_CONNECTION_NOT_TESTED:          return "not-tested";
    case ROSTER_CONNECTION_READ_ONLY:           return "read-only";
    case ROSTER_CONNECTION_BAD_TOKEN:           return "bad-token";
    case ROSTER_CONNECTION_MISSING_SCOPE:       return "missing-scope";
    case ROSTER_CONNECTION_NOT_OWNER:           return "not-owner";
    case ROSTER_CONNECTION_GROUP_NOT_FOUND:     return "group-not-found";
    case ROSTER_CONNECTION_DOTTED_GROUP_PATH:   return "dotted-group-path";
    case ROSTER_CONNECTION_SAML_NOT_CONFIGURED: return "saml-not-configured";
    case ROSTER_CONNECTION_GROUP_SAML_DISABLED: return "group-saml-disabled";
    case ROSTER_CONNECTION_SUBGROUP:            return "subgroup";
    case ROSTER_CONNECTION_TLS:                 return "tls";
    case ROSTER_CONNECTION_UNREACHABLE:         return "unreachable";
    case ROSTER_CONNECTION_INSECURE_HTTP:       return "insecure-http";
    case ROSTER_CONNECTION_INVALID_URL:         return "invalid-url";
    case ROSTER_CONNECTION_NOT_GITLAB:          return "not-gitlab";
    case ROSTER_CONNECTION_RATE_LIMITED:        return "rate-limited";
    case ROSTER_CONNECTION_SERVER_ERROR:        return "server-error";
    case ROSTER_CONNECTION_FAILED:              return "failed";
    default:                                    return "unknown";
    }
}

/**
 * roster_connection_outcome_is_usable:
 * @outcome: a #RosterConnectionOutcome
 *
 * Returns: %TRUE when Roster can work with this token (OK, or read-only)
 */
gboolean
roster_connection_outcome_is_usable (RosterConnectionOutcome outcome)
{
  return outcome == ROSTER_CONNECTION_OK || outcome == ROSTER_CONNECTION_READ_ONLY;
}

/* ------------------------------------------------------------------------ */

typedef enum
{
  TOKEN_API,
  TOKEN_SCIM,
} Which;

typedef struct
{
  RosterHttp             *http;
  char                   *url;
  char                   *group;
  gboolean                has_api;
  gboolean                has_scim;
  char                   *probe;        /* a random extern_uid nobody has */
  RosterConnectionReport *report;
  gboolean                not_owner;
  gboolean                no_saml;
} TestOp;

static void
test_op_free (TestOp *op)
{
  g_clear_object (&op->http);
  g_free (op->url);
  g_free (op->group);
  g_free (op->probe);
  g_clear_pointer (&op->report, roster_connection_report_unref);
  g_free (op);
}

static RosterConnectionCheck *
check_new (RosterConnectionOutcome  outcome,
           const char              *message,
           const char              *fix)
{
  RosterConnectionCheck *check = g_new0 (RosterConnectionCheck, 1);

  check->outcome = outcome;
  check->message = g_strdup (message);
  check->fix = g_strdup (fix);
  return check;
}

static void
set_check (TestOp                  *op,
           Which                    which,
           RosterConnectionOutcome  outcome,
           const char              *message,
           const char              *fix)
{
  RosterConnectionCheck **slot = which == TOKEN_API ? &op->report->api : &op->report->scim;

  check_free (*slot);
  *slot = check_new (outcome, message, fix);
  g_debug ("%s token: %s", which == TOKEN_API ? "API" : "SCIM", roster_connection_outcome_to_string (outcome));
}

/* The outcome of a failed exchange (no response): TLS, unreachable, … */
static void
set_transport_failure (TestOp *op,
                       Which   which,
                       GError *error)
{
  if (g_error_matches (error, ROSTER_ERROR, ROSTER_ERROR_TLS))
    set_check (op, which, ROSTER_CONNECTION_TLS, error->message,
               _("Check the address. If the server uses a certificate of your organisation, "
                 "install that certificate authority on this computer."));
  else if (g_error_matches (error, ROSTER_ERROR, ROSTER_ERROR_NETWORK))
    set_check (op, which, ROSTER_CONNECTION_UNREACHABLE, error->message,
               _("Check the address and your network connection (VPN, proxy), then try again."));
  else if (g_error_matches (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL))
    set_check (op, which, ROSTER_CONNECTION_NOT_GITLAB, error->message,
               _("Check that the address is the GitLab instance itself, like https://gitlab.com."));
  else
    set_check (op, which, ROSTER_CONNECTION_FAILED, error->message, NULL);
}

static gboolean
is_redirect_or_not_json (RosterHttpResponse *response)
{
  return SOUP_STATUS_IS_REDIRECTION (roster_http_response_get_status (response)) ||
         roster_http_response_get_json (response) == NULL;
}

static void
set_not_gitlab (TestOp             *op,
                Which               which,
                RosterHttpResponse *response)
{
  g_autofree char *message = NULL;
  const char *type = roster_http_response_get_content_type (response);

  message = g_strdup_printf (_("The server at %s does not answer like GitLab’s API (HTTP %u, %s): it "
                               "sent a web page or a redirect, such as a sign-in page."),
                             op->url, roster_http_response_get_status (response),
                             type != NULL ? type : _("no content type"));
  set_check (op, which, ROSTER_CONNECTION_NOT_GITLAB, message,
             _("Enter the address of the GitLab instance itself, like https://gitlab.com, "
               "without any path."));
}

/* 429, 5xx and other statuses nobody expected. Returns TRUE if it set the
 * check. */
static gboolean
set_generic_status (TestOp             *op,
                    Which               which,
                    RosterHttpResponse *response)
{
  g_autoptr(GError) error = NULL;
  guint status = roster_http_response_get_status (response);

  roster_http_response_to_error (response, &error);
  if (error == NULL)
    return FALSE;

  if (status == 429)
    set_check (op, which, ROSTER_CONNECTION_RATE_LIMITED, error->message,
               _("Wait a minute, then test again."));
  else if (status >= 500)
    set_check (op, which, ROSTER_CONNECTION_SERVER_ERROR, error->message,
               _("Try again later; if it keeps failing, contact the server’s administrators."));
  else
    set_check (op, which, ROSTER_CONNECTION_FAILED, error->message, NULL);
  return TRUE;
}

static void
set_bad_token (TestOp *op,
               Which   which)
{
  if (which == TOKEN_API)
    set_check (op, which, ROSTER_CONNECTION_BAD_TOKEN,
               _("GitLab refused the API token: it is wrong, expired or revoked."),
               _("Create a personal or group access token with the “api” scope (in GitLab: "
                 "Preferences › Access tokens), then enter it here."));
  else
    set_check (op, which, ROSTER_CONNECTION_BAD_TOKEN,
               _("GitLab refused the SCIM token: it is wrong, belongs to another group, or was "
                 "replaced by a newer one."),
               _("In the group’s Settings › SAML SSO, generate a SCIM token and enter it here. "
                 "Generating one invalidates the old token: update your identity provider too."));
}

static char *
json_string_member (JsonNode   *node,
                    const char *name)
{
  JsonObject *object;
  JsonNode *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  member = json_object_get_member (object, name);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (member));
}

static void
request_async (TestOp              *op,
               GTask               *task,
               RosterTokenKind      kind,
               const char          *path,
               GAsyncReadyCallback  callback)
{
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", path);

  roster_http_request_set_token_kind (request, kind);
  roster_http_request_async (op->http, request, g_task_get_cancellable (task), callback,
                             g_object_ref (task));
}

/* Returns the response, or NULL after recording a transport failure (or
 * returning the task on cancellation: then *done is set). */
static RosterHttpResponse *
finish_request (GTask        *task,
                GAsyncResult *result,
                Which         which,
                gboolean     *done)
{
  TestOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  RosterHttpResponse *response;

  *done = FALSE;
  response = roster_http_request_finish (op->http, result, &error);
  if (response != NULL)
    return response;

  if (g_error_matches (error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      *done = TRUE;
      return NULL;
    }

  set_transport_failure (op, which, error);
  return NULL;
}

static void scim_probe (GTask *task);

static void
finish_api (GTask *task)
{
  TestOp *op = g_task_get_task_data (task);
  RosterGitlabGroup *group = op->report->group;
  g_autofree char *message = NULL;
  gboolean has_api, has_read_api;

  if (op->not_owner)
    {
      message = g_strdup_printf (_("The API token works, but its user is not an Owner of “%s”. Only "
                                   "Owners can see and change SAML and SCIM identities."),
                                 group->full_path);
      set_check (op, TOKEN_API, ROSTER_CONNECTION_NOT_OWNER, message,
                 _("Use a token of an Owner of the top-level group, or ask an Owner to give "
                   "this user the Owner role."));
    }
  else if (op->no_saml)
    {
      message = g_strdup_printf (_("The group “%s” has no SAML SSO configured, so it has no SAML or "
                                   "SCIM identities."), group->full_path);
      set_check (op, TOKEN_API, ROSTER_CONNECTION_SAML_NOT_CONFIGURED, message,
                 _("Set up SAML SSO in the group’s Settings › SAML SSO, or check that this is "
                   "the right group."));
    }
  else if (op->report->scopes != NULL)
    {
      has_api = g_strv_contains ((const char * const *) op->report->scopes, "api");
      has_read_api = g_strv_contains ((const char * const *) op->report->scopes, "read_api");

      if (has_api)
        {
          message = g_strdup_printf (_("The API token works: it belongs to an Owner of “%s” and has "
                                       "the “api” scope."), group->full_path);
          set_check (op, TOKEN_API, ROSTER_CONNECTION_OK, message, NULL);
        }
      else if (has_read_api)
        set_check (op, TOKEN_API, ROSTER_CONNECTION_READ_ONLY,
                   _("The API token can read but not change anything: it has the “read_api” "
                     "scope, not “api”. Changing an identity will be refused."),
                   _("To make changes, create a token with the “api” scope and enter it here."));
      else
        set_check (op, TOKEN_API, ROSTER_CONNECTION_MISSING_SCOPE,
                   _("The API token has neither the “api” nor the “read_api” scope."),
                   _("Create a token with the “api” scope (or “read_api” to only look)."));
    }
  else
    {
      message = g_strdup_printf (_("The API token works and belongs to an Owner of “%s”. GitLab did "
                                   "not say the token’s scopes: changes need the “api” scope."),
                                 group->full_path);
      set_check (op, TOKEN_API, ROSTER_CONNECTION_OK, message, NULL);
    }

  scim_probe (task);
}

static void
members_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestOp *op = g_task_get_task_data (task);
  g_autoptr(RosterHttpResponse) response = NULL;
  gboolean done;
  JsonNode *json;

  if (!(response = finish_request (task, result, TOKEN_API, &done)))
    {
      if (!done)
        scim_probe (task);
      return;
    }

  /* An Owner of an SSO group sees the key on every member (null when the
   * member has no SAML identity); without a SAML provider it is absent. */
  json = roster_http_response_get_json (response);
  if (roster_http_response_is_success (response) && json != NULL && JSON_NODE_HOLDS_ARRAY (json) &&
      json_array_get_length (json_node_get_array (json)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (json), 0);

      if (JSON_NODE_HOLDS_OBJECT (first) &&
          !json_object_has_member (json_node_get_object (first), "group_saml_identity"))
        op->no_saml = TRUE;
    }

  finish_api (task);
}

static void
owner_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestOp *op = g_task_get_task_data (task);
  g_autoptr(RosterHttpResponse) response = NULL;
  g_autofree char *path = NULL;
  gboolean done;

  if (!(response = finish_request (task, result, TOKEN_API, &done)))
    {
      if (!done)
        scim_probe (task);
      return;
    }

  if (roster_http_response_get_status (response) == 403)
    {
      g_autofree char *oauth = json_string_member (roster_http_response_get_json (response), "error");

      if (g_strcmp0 (oauth, "insufficient_scope") == 0)
        {
          set_check (op, TOKEN_API, ROSTER_CONNECTION_MISSING_SCOPE,
                     _("The API token lacks the scope needed to read identities."),
                     _("Create a token with the “api” scope (or “read_api” to only look)."));
          scim_probe (task);
          return;
        }
      op->not_owner = TRUE;
      finish_api (task);
      return;
    }

  path = g_strdup_printf ("/api/v4/groups/%" G_GINT64_FORMAT "/members?per_page=1", op->report->group->id);
  request_async (op, task, ROSTER_TOKEN_API, path, members_cb);
}

static void
scopes_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestOp *op = g_task_get_task_data (task);
  g_autoptr(RosterHttpResponse) response = NULL;
  g_autofree char *path = NULL;
  g_autofree char *probe = NULL;
  gboolean done;

  if (!(response = finish_request (task, result, TOKEN_API, &done)))
    {
      if (!done)
        scim_probe (task);
      return;
    }

  /* GitLab before 16.0 (and the sandbox, so far) has no such endpoint:
   * the scopes stay unknown. */
  if (roster_http_response_is_success (response) && roster_http_response_get_json (response) != NULL)
    {
      g_autoptr(RosterGitlabTokenInfo) info = NULL;

      info = roster_gitlab_token_info_parse (roster_http_response_get_json (response), NULL);
      if (info != NULL)
        op->report->scopes = g_strdupv (info->scopes);
    }

  probe = roster_http_escape_segment (op->probe);
  path = g_strdup_printf ("/api/v4/groups/%" G_GINT64_FORMAT "/saml/%s", op->report->group->id, probe);
  request_async (op, task, ROSTER_TOKEN_API, path, owner_cb);
}

static void
group_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestOp *op = g_task_get_task_data (task);
  g_autoptr(RosterHttpResponse) response = NULL;
  g_autofree char *oauth = NULL;
  g_autofree char *message = NULL;
  RosterGitlabGroup *group;
  gboolean done;
  guint status;

  if (!(response = finish_request (task, result, TOKEN_API, &done)))
    {
      if (!done)
        scim_probe (task);
      return;
    }

  status = roster_http_response_get_status (response);
  oauth = json_string_member (roster_http_response_get_json (response), "error");

  if (status == 401)
    set_bad_token (op, TOKEN_API);
  else if (status == 403 && g_strcmp0 (oauth, "insufficient_scope") == 0)
    set_check (op, TOKEN_API, ROSTER_CONNECTION_MISSING_SCOPE,
               _("The API token has neither the “api” nor the “read_api” scope."),
               _("Create a token with the “api” scope (or “read_api” to only look)."));
  else if (is_redirect_or_not_json (response) && status != 429 && status < 500)
    set_not_gitlab (op, TOKEN_API, response);
  else if (status == 404)
    {
      message = g_strdup_printf (_("GitLab has no group “%s” that this token can see."), op->group);
      set_check (op, TOKEN_API, ROSTER_CONNECTION_GROUP_NOT_FOUND, message,
                 _("Check the group path: it is the part after the instance address in the "
                   "group’s web address, like “acme-corp”. The numeric group id works too."));
    }
  else if (roster_http_response_is_success (response))
    {
      g_autoptr(GError) error = NULL;

      if (!(group = roster_gitlab_group_parse (roster_http_response_get_json (response), &error)))
        set_check (op, TOKEN_API, ROSTER_CONNECTION_NOT_GITLAB, error->message,
                   _("Check that the address is the GitLab instance itself."));
      else
        {
          op->report->group = group;
          if (group->parent_id != 0)
            {
              message = g_strdup_printf (_("“%s” is a subgroup. SAML SSO and SCIM exist only on "
                                           "top-level groups."), group->full_path);
              set_check (op, TOKEN_API, ROSTER_CONNECTION_SUBGROUP, message,
                         _("Enter the path of the top-level group (the first part of the path)."));
            }
          else
            {
              request_async (op, task, ROSTER_TOKEN_API, "/api/v4/personal_access_tokens/self", scopes_cb);
              return;
            }
        }
    }
  else if (!set_generic_status (op, TOKEN_API, response))
    set_check (op, TOKEN_API, ROSTER_CONNECTION_FAILED, _("The test failed."), NULL);

  scim_probe (task);
}

static void
set_dotted (TestOp     *op,
            const char *segment)
{
  g_autofree char *message = NULL;
  g_autofree char *fix = NULL;

  message = g_strdup_printf (_("GitLab cannot route SCIM requests for a group path containing a "
                               "dot (“%s”): they end on its sign-in page. Identity providers "
                               "report this as invalid credentials."), segment);
  if (op->report->group != NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, op->report->group->id);

      fix = g_strdup_printf (_("Use the group’s numeric id, %s, in the SCIM address instead of its "
                               "path, or rename the group’s path."), id);
    }
  else
    fix = g_strdup (_("Use the group’s numeric id in the SCIM address instead of its path, or "
                      "rename the group’s path."));
  set_check (op, TOKEN_SCIM, ROSTER_CONNECTION_DOTTED_GROUP_PATH, message, fix);
}

static void
scim_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestOp *op = g_task_get_task_data (task);
  g_autoptr(RosterHttpResponse) response = NULL;
  g_autoptr(RosterScimErrorBody) scim_error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *plain = NULL;
  const char *segment = op->group;
  gboolean dotted;
  gboolean done;
  guint status;

  if (!(response = finish_request (task, result, TOKEN_SCIM, &done)))
    {
      if (!done)
        g_task_return_pointer (task, roster_connection_report_ref (op->report),
                               (GDestroyNotify) roster_connection_report_unref);
      return;
    }

  if (op->report->group != NULL)
    segment = op->report->group->full_path;
  dotted = strchr (segment, '.') != NULL;
  status = roster_http_response_get_status (response);
  scim_error = roster_scim_error_body_parse (roster_http_response_get_json (response));
  plain = json_string_member (roster_http_response_get_json (response), "message");

  if (status == 401)
    set_bad_token (op, TOKEN_SCIM);
  else if (is_redirect_or_not_json (response) && status != 429 && status < 500)
    {
      if (dotted)
        set_dotted (op, segment);
      else
        set_not_gitlab (op, TOKEN_SCIM, response);
    }
  else if (status == 403 && plain != NULL && strstr (plain, "Group SAML not enabled") != NULL)
    set_check (op, TOKEN_SCIM, ROSTER_CONNECTION_GROUP_SAML_DISABLED,
               _("Group SAML is not enabled on this GitLab instance, so it has no group SCIM API."),
               _("An administrator of the instance must enable group SAML."));
  else if (status == 404 && scim_error != NULL && scim_error->detail != NULL &&
           strstr (scim_error->detail, "does not have SAML SSO configured") != NULL)
    {
      if ((op->report->group != NULL && op->report->group->parent_id != 0) || strchr (segment, '/') != NULL)
        {
          message = g_strdup_printf (_("“%s” is a subgroup. SAML SSO and SCIM exist only on "
                                       "top-level groups."), segment);
          set_check (op, TOKEN_SCIM, ROSTER_CONNECTION_SUBGROUP, message,
                     _("Enter the path of the top-level group (the first part of the path)."));
        }
      else
        {
          message = g_strdup_printf (_("The group “%s” has no SAML SSO configured, so it has no "
                                       "SCIM API."), segment);
          set_check (op, TOKEN_SCIM, ROSTER_CONNECTION_SAML_NOT_CONFIGURED, message,
                     _("Set up SAML SSO in the group’s Settings › SAML SSO, or check that this is "
                       "the right group."));
        }
    }
  else if (status == 404)
    {
      message = g_strdup_printf (_("GitLab has no group “%s”."), segment);
      set_check (op, TOKEN_SCIM, ROSTER_CONNECTION_GROUP_NOT_FOUND, message,
                 _("Check the group path: it is the part after the instance address in the "
                   "group’s web address, like “acme-corp”."));
    }
  else if (roster_http_response_is_success (response))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RosterScimListResponse) list = NULL;

      if (!(list = roster_scim_list_response_parse (roster_http_response_get_json (response), &error)))
        set_check (op, TOKEN_SCIM, ROSTER_CONNECTION_NOT_GITLAB, error->message,
                   _("Check that the address is the GitLab instance itself."));
      else
        {
          message = g_strdup_printf (_("The SCIM token works for “%s”."), segment);
          set_check (op, TOKEN_SCIM, ROSTER_CONNECTION_OK, message, NULL);
        }
    }
  else if (!set_generic_status (op, TOKEN_SCIM, response))
    set_check (op, TOKEN_SCIM, ROSTER_CONNECTION_FAILED, _("The test failed."), NULL);

  g_task_return_pointer (task, roster_connection_report_ref (op->report),
                         (GDestroyNotify) roster_connection_report_unref);
}

static void
scim_probe (GTask *task)
{
  TestOp *op = g_task_get_task_data (task);
  g_autofree char *base_path = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RosterHttpRequest) request = NULL;

  if (!op->has_scim)
    {
      g_task_return_pointer (task, roster_connection_report_ref (op->report),
                             (GDestroyNotify) roster_connection_report_unref);
      return;
    }

  /* The SCIM URL is built from the full path (as GitLab shows it). */
  base_path = roster_scim_client_dup_gitlab_base_path (op->report->group != NULL ? op->report->group->full_path
                                                                                : op->group);
  filter = roster_scim_filter_eq (ROSTER_SCIM_DIALECT_GITLAB, "id", op->probe, NULL);
  escaped = roster_http_escape_query_value (filter);
  path = g_strdup_printf ("%s/Users?filter=%s&count=1", base_path, escaped);
  request = roster_http_request_new ("GET", path);
  roster_http_request_set_token_kind (request, ROSTER_TOKEN_SCIM);
  roster_http_request_async (op->http, request, g_task_get_cancellable (task), scim_cb,
                             g_object_ref (task));
}

/**
 * roster_connection_test_async:
 * @instance_url: the GitLab instance (`https://gitlab.com`)
 * @group: the top-level group's full path (or numeric id)
 * @scim_token: (nullable): the group's SCIM token, or %NULL not to test it
 * @api_token: (nullable): a personal/group access token, or %NULL not to
 *   test it
 * @log: (nullable): where the requests are recorded
 * @tls_database: (nullable): the certificate authorities to trust, %NULL for
 *   the system's
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Checks both tokens against the group without changing anything, and
 * diagnoses each: bad or expired token, missing scope (`read_api` can only
 * read, edits need `api`), caller not Owner, group not found, group path
 * with a dot (SCIM cannot route it), no SAML SSO, subgroup, TLS failure,
 * unreachable host, plain http to another computer, not a GitLab. Every
 * failure ends up in the report; the finish function fails only when
 * cancelled.
 */
void
roster_connection_test_async (const char          *instance_url,
                              const char          *group,
                              const char          *scim_token,
                              const char          *api_token,
                              RosterRequestLog    *log,
                              GTlsDatabase        *tls_database,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  TestOp *op;

  g_return_if_fail (instance_url != NULL);
  g_return_if_fail (group != NULL);
  g_return_if_fail (!log || ROSTER_IS_REQUEST_LOG (log));
  g_return_if_fail (!tls_database || G_IS_TLS_DATABASE (tls_database));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_connection_test_async);
  g_task_set_check_cancellable (task, FALSE);

  op = g_new0 (TestOp, 1);
  op->url = g_strstrip (g_strdup (instance_url));
  op->group = g_strstrip (g_strdup (group));
  while (op->group[0] == '/')
    memmove (op->group, op->group + 1, strlen (op->group));
  while (op->group[0] != '\0' && op->group[strlen (op->group) - 1] == '/')
    op->group[strlen (op->group) - 1] = '\0';
  op->has_api = api_token != NULL && api_token[0] != '\0';
  op->has_scim = scim_token != NULL && scim_token[0] != '\0';
  op->probe = g_uuid_string_random ();
  op->report = g_atomic_rc_box_new0 (RosterConnectionReport);
  g_task_set_task_data (task, op, (GDestroyNotify) test_op_free);

  op->report->api = check_new (ROSTER_CONNECTION_NOT_TESTED, _("No API token was given."),
                               _("Enter a personal or group access token with the “api” scope."));
  op->report->scim = check_new (ROSTER_CONNECTION_NOT_TESTED, _("No SCIM token was given."),
                                _("Enter the group’s SCIM token (Settings › SAML SSO)."));

  if (!roster_http_check_url (op->url, &error))
    {
      g_autoptr(GUri) uri = g_uri_parse (op->url, G_URI_FLAGS_NONE, NULL);
      RosterConnectionOutcome outcome = ROSTER_CONNECTION_INVALID_URL;
      const char *fix = _("Enter the address of the GitLab instance, like https://gitlab.com.");

      /* Plain http to another computer: the same address with https would do. */
      if (uri != NULL && g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
        {
          g_autofree char *https = g_strconcat ("https", op->url + strlen ("http"), NULL);

          if (roster_http_check_url (https, NULL))
            {
              outcome = ROSTER_CONNECTION_INSECURE_HTTP;
              fix = _("Use https:// in the address.");
            }
        }
      if (op->has_api)
        set_check (op, TOKEN_API, outcome, error->message, fix);
      if (op->has_scim)
        set_check (op, TOKEN_SCIM, outcome, error->message, fix);
      g_task_return_pointer (task, roster_connection_report_ref (op->report),
                             (GDestroyNotify) roster_connection_report_unref);
      return;
    }

  if (op->group[0] == '\0')
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("Enter the group’s path (as in its address, e.g. “acme-corp”)."));
      return;
    }

  op->http = roster_http_new (op->url, log, &error);
  g_assert (op->http != NULL);
  if (tls_database != NULL)
    roster_http_set_tls_database (op->http, tls_database);
  /* A test should answer quickly: few retries, short waits. */
  roster_http_set_retry_policy (op->http, 2, 250, 5000);
  if (op->has_api)
    roster_http_set_token (op->http, ROSTER_TOKEN_API, api_token);
  if (op->has_scim)
    roster_http_set_token (op->http, ROSTER_TOKEN_SCIM, scim_token);

  if (op->has_api)
    {
      g_autofree char *escaped = NULL;
      g_autofree char *path = NULL;

      escaped = roster_http_escape_segment (op->group);
      path = g_strconcat ("/api/v4/groups/", escaped, NULL);
      request_async (op, task, ROSTER_TOKEN_API, path, group_cb);
      return;
    }

  scim_probe (task);
}

/**
 * roster_connection_test_finish:
 * @result: the result
 * @error: return location for an error (%ROSTER_ERROR_CANCELLED, or
 *   %ROSTER_ERROR_INVALID_INPUT for an empty group)
 *
 * Returns: (transfer full): the diagnosis of each token, or %NULL with
 *   @error set
 */
RosterConnectionReport *
roster_connection_test_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == roster_connection_test_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
