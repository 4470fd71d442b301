/* roster-scim-client.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-scim-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-error.h"
#include "roster-gitlab-types.h"
#include "roster-scim-client.h"
#include "roster-scim-filter.h"

#define SCIM_CONTENT_TYPE "application/scim+json"

/* A listing restarts when the list changed while it was read; after this
 * many tries it gives up and says so. */
#define MAX_LIST_ATTEMPTS 3

struct _RosterScimClient
{
  GObject            parent_instance;

  RosterHttp        *http;
  RosterScimDialect  dialect;
  char              *base_path;   /* "/api/scim/v2/groups/acme-corp", or "" */
  char              *group;       /* GitLab: the group segment, for messages */
};

G_DEFINE_FINAL_TYPE (RosterScimClient, roster_scim_client, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------ */
/* Errors */

static gboolean
is_gitlab (RosterScimClient *self)
{
  return self->dialect == ROSTER_SCIM_DIALECT_GITLAB;
}

static GError *
not_scim_error (RosterScimClient   *self,
                RosterHttpResponse *response)
{
  guint status = roster_http_response_get_status (response);
  const char *type = roster_http_response_get_content_type (response);

  g_debug ("Not a SCIM answer: HTTP %u, %s", status, type ? type : "no content type");

  if (is_gitlab (self) && self->group != NULL && strchr (self->group, '.') != NULL)
    return g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                        _("GitLab did not answer with SCIM data (HTTP %u). GitLab cannot route "
                          "SCIM requests for a group path containing a dot (“%s”): use the "
                          "group’s numeric id instead, or rename the group’s path."),
                        status, self->group);
  if (is_gitlab (self))
    return g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                        _("The server did not answer with SCIM data (HTTP %u). Check the "
                          "instance address and the group path; the server may not be a "
                          "GitLab instance, or may have sent its sign-in page."),
                        status);
  return g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                      _("The server did not answer with SCIM data (HTTP %u). Check the SCIM "
                        "base URL: it should end before “/Users”."),
                      status);
}

/* GitLab's detail reads "Error saving user with {…request…}: <reason>";
 * the request dump is noise (and may echo values), the reason is what
 * matters. */
static char *
gitlab_reason (const char *detail)
{
  const char *end;

  if (detail == NULL)
    return NULL;
  end = g_strrstr (detail, "}: ");
  if (end != NULL && end[3] != '\0')
    return g_strdup (end + 3);
  return g_strdup (detail);
}

static GError *
with_detail (RosterErrorCode  code,
             const char      *text,
             const char      *detail)
{
  if (detail == NULL || detail[0] == '\0')
    return g_error_new_literal (ROSTER_ERROR, code, text);

  /* Translators: %1$s is a sentence of ours, %2$s the server's own message. */
  return g_error_new (ROSTER_ERROR, code, _("%1$s The server said: “%2$s”."), text, detail);
}

static GError *
response_error (RosterScimClient   *self,
                RosterHttpResponse *response,
                const char         *subject,
                gboolean            sent_if_match)
{
  g_autoptr(RosterScimErrorBody) body = NULL;
  g_autoptr(RosterGitlabErrorBody) plain = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;
  JsonNode *json = roster_http_response_get_json (response);
  guint status = roster_http_response_get_status (response);
  const char *scim_type;
  GError *error = NULL;

  body = roster_scim_error_body_parse (json);
  plain = roster_gitlab_error_body_parse (json);
  scim_type = body != NULL ? body->scim_type : NULL;
  reason = body != NULL ? (is_gitlab (self) ? gitlab_reason (body->detail) : g_strdup (body->detail))
                        : plain != NULL ? g_strdup (plain->message) : NULL;

  if (status == 401)
    {
      if (is_gitlab (self))
        return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_AUTH,
                                    _("GitLab did not accept the SCIM token (HTTP 401). It may be "
                                      "mistyped, or replaced by a newer one: generate a SCIM token "
                                      "in the group’s Settings › SAML SSO, enter it here, and "
                                      "update your identity provider too."));
      return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_AUTH,
                                  _("The SCIM service did not accept the token (HTTP 401). Check "
                                    "that it was copied completely and is still valid."));
    }

  if (status == 403)
    {
      if (is_gitlab (self) && reason != NULL && strstr (reason, "Group SAML not enabled") != NULL)
        return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_FORBIDDEN,
                                    _("Group SAML is not enabled on this GitLab instance, so its "
                                      "SCIM API is off. An administrator of the instance must "
                                      "enable group SAML."));
      return with_detail (ROSTER_ERROR_FORBIDDEN,
                          _("The SCIM service refused access (HTTP 403). Check that the token "
                            "belongs to this group."), reason);
    }

  if (status == 404)
    {
      if (body == NULL && plain == NULL)
        return not_scim_error (self, response);

      if (is_gitlab (self) && reason != NULL && strstr (reason, "does not have SAML SSO configured"))
        return with_detail (ROSTER_ERROR_NOT_FOUND,
                            _("This group has no SAML SSO configured, so it has no SCIM API. SCIM "
                              "works only on a top-level group with SAML SSO: check that the "
                              "group path names the top-level group, and that SAML SSO is set up "
                              "in its Settings › SAML SSO."), reason);
      if (is_gitlab (self) && reason != NULL &&
          g_str_has_prefix (reason, "Group ") && g_str_has_suffix (reason, " not found"))
        return with_detail (ROSTER_ERROR_NOT_FOUND,
                            _("GitLab has no group with this path or id. Check the group path "
                              "(as in the group’s address, e.g. “acme-corp”)."), reason);
      if (subject != NULL)
        {
          text = g_strdup_printf (_("There is no SCIM user with the id “%s” (it may have been "
                                    "changed or removed meanwhile)."), subject);
          return with_detail (ROSTER_ERROR_NOT_FOUND, text, reason);
        }
      return with_detail (ROSTER_ERROR_NOT_FOUND,
                          _("The SCIM service could not find this (HTTP 404). Check the SCIM "
                            "base URL."), reason);
    }

  if (status == 409 || g_strcmp0 (scim_type, "uniqueness") == 0)
    return with_detail (ROSTER_ERROR_CONFLICT,
                        _("The value is already used by another user of this SCIM service."),
                        reason);

  if (status == 412)
    {
      if (sent_if_match && !is_gitlab (self))
        return with_detail (ROSTER_ERROR_CHANGED_ON_SERVER,
                            _("The user was changed on the server since it was read. Reload "
                              "and check the change again."), reason);
      if (is_gitlab (self) && reason != NULL && strstr (reason, "Unsupported Filter") != NULL)
        return with_detail (ROSTER_ERROR_INVALID_INPUT,
                            _("GitLab cannot search for this. It can only search by id, "
                              "externalId or userName."), reason);
      /* "Error updating <name> with {…}": GitLab gives no reason. */
      if (is_gitlab (self) && body != NULL && body->detail != NULL &&
          g_str_has_prefix (body->detail, "Error updating "))
        return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_PRECONDITION,
                                    _("GitLab refused the change without giving a reason. It does "
                                      "so when the new value is blank or already used by another "
                                      "user of the group, or when the change would remove the "
                                      "group’s last Owner."));
      return with_detail (ROSTER_ERROR_PRECONDITION,
                          _("GitLab refused the request."), reason);
    }

  if (status == 400 && scim_type != NULL)
    {
      if (strcmp (scim_type, "mutability") == 0)
        return with_detail (ROSTER_ERROR_INVALID_INPUT,
                            _("This SCIM service does not allow changing this attribute."), reason);
      if (strcmp (scim_type, "invalidFilter") == 0 || strcmp (scim_type, "invalidValue") == 0 ||
          strcmp (scim_type, "invalidSyntax") == 0 || strcmp (scim_type, "invalidPath") == 0 ||
          strcmp (scim_type, "noTarget") == 0)
        return with_detail (ROSTER_ERROR_INVALID_INPUT,
                            _("The SCIM service did not accept the request as sent."), reason);
      if (strcmp (scim_type, "tooMany") == 0)
        return with_detail (ROSTER_ERROR_PROTOCOL,
                            _("The SCIM service refuses to list this many users at once."), reason);
    }

  if (SOUP_STATUS_IS_REDIRECTION (status) ||
      (!roster_http_response_is_json (response) && status < 500 && status != 429))
    return not_scim_error (self, response);

  roster_http_response_to_error (response, &error);
  if (error == NULL)
    error = g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                         _("The server gave an unexpected answer (HTTP %u)."), status);
  return error;
}

/* The JSON of a 2xx response, or NULL with an error. */
static JsonNode *
success_json (RosterScimClient    *self,
              RosterHttpResponse  *response,
              GError             **error)
{
  JsonNode *json = roster_http_response_get_json (response);

  if (json == NULL)
    {
      g_propagate_error (error, not_scim_error (self, response));
      return NULL;
    }
  return json;
}

/* ------------------------------------------------------------------------ */
/* Requests */

static RosterHttpRequest *
new_request (RosterScimClient *self,
             const char       *method,
             const char       *id)
{
  g_autofree char *path = NULL;
  RosterHttpRequest *request;

  if (id != NULL)
    {
      g_autofree char *escaped = roster_http_escape_segment (id);

      path = g_strconcat (self->base_path, "/Users/", escaped, NULL);
    }
  else
    path = g_strconcat (self->base_path, "/Users", NULL);

  request = roster_http_request_new (method, path);
  roster_http_request_set_token_kind (request, ROSTER_TOKEN_SCIM);
  return request;
}

/* ------------------------------------------------------------------------ */
/* Listing */

typedef struct
{
  RosterScimClient        *self;
  char                    *filter;
  GCancellable            *cancellable;     /* internal, follows the caller's */
  GCancellable            *outer;
  gulong                   outer_id;
  RosterProgressFunc       progress;
  gpointer                 progress_data;
  GDestroyNotify           progress_destroy;

  guint                    attempt;
  gint64                   total;
  guint                    page_size;
  guint                    n_pages;
  guint                    pending;
  guint64                  done;
  RosterScimListResponse **pages;
  GError                  *error;
  gboolean                 identical_mismatch;
  gint64                   last_mismatch;
} ListOp;

static void
list_op_clear_pages (ListOp *op)
{
  for (guint i = 0; op->pages != NULL && i < op->n_pages; i++)
    g_clear_pointer (&op->pages[i], roster_scim_list_response_unref);
  g_clear_pointer (&op->pages, g_free);
  op->n_pages = 0;
}

static void
list_op_free (ListOp *op)
{
  list_op_clear_pages (op);
  if (op->outer_id != 0)
    g_cancellable_disconnect (op->outer, op->outer_id);
  g_clear_object (&op->outer);
  g_clear_object (&op->cancellable);
  g_clear_error (&op->error);
  g_free (op->filter);
  if (op->progress_destroy != NULL)
    op->progress_destroy (op->progress_data);
  g_free (op);
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static void list_start_attempt (GTask *task);
static void list_page_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

typedef struct
{
  GTask *task;
  guint  index;
} PageRequest;

static void
list_request_page (GTask *task,
                   guint  index)
{
  ListOp *op = g_task_get_task_data (task);
  g_autoptr(RosterHttpRequest) request = new_request (op->self, "GET", NULL);
  PageRequest *page = g_new0 (PageRequest, 1);
  guint64 start = (guint64) index * (op->page_size ? op->page_size : ROSTER_SCIM_PAGE_SIZE) + 1;

  if (op->filter != NULL)
    roster_http_request_add_query (request, "filter", op->filter);
  roster_http_request_add_query_int (request, "startIndex", start);
  roster_http_request_add_query_int (request, "count", ROSTER_SCIM_PAGE_SIZE);

  page->task = g_object_ref (task);
  page->index = index;
  op->pending++;
  roster_http_request_async (op->self->http, request, op->cancellable, list_page_cb, page);
}

static void
list_fail (ListOp *op,
           GError *error)
{
  if (op->error == NULL)
    {
      op->error = error;
      g_cancellable_cancel (op->cancellable);
    }
  else
    g_error_free (error);
}

static gboolean
ids_equal (RosterScimClient *self,
           const char       *a,
           const char       *b)
{
  /* GitLab ids are unique case-insensitively; RFC 7643 ids are exact. */
  if (is_gitlab (self))
    return g_ascii_strcasecmp (a, b) == 0;
  return strcmp (a, b) == 0;
}

static char *
id_key (RosterScimClient *self,
        const char       *id)
{
  return is_gitlab (self) ? g_utf8_casefold (id, -1) : g_strdup (id);
}

/* All pages are in: check them, then return, restart or fail. */
static void
list_complete (GTask *task)
{
  ListOp *op = g_task_get_task_data (task);
  RosterScimClient *self = op->self;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) users = NULL;
  gboolean changed = FALSE;

  if (op->error != NULL)
    {
      /* The first error: later pages only report our own cancellation. */
      g_task_return_error (task, g_steal_pointer (&op->error));
      return;
    }

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  users = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_scim_user_unref);

  for (guint i = 0; i < op->n_pages; i++)
    {
      RosterScimListResponse *page = op->pages[i];
      guint fresh = 0;

      if (page->total_results != op->total)
        changed = TRUE;

      for (guint j = 0; j < page->resources->len; j++)
        {
          RosterScimUser *user = g_ptr_array_index (page->resources, j);
          char *key = id_key (self, user->id);

          if (g_hash_table_contains (seen, key))
            {
              g_free (key);
              continue;
            }
          g_hash_table_add (seen, key);
          g_ptr_array_add (users, roster_scim_user_ref (user));
          fresh++;
        }

      /* A later page made only of users already seen, while the totals
       * agree: the server ignores startIndex. Paging cannot work. */
      if (i > 0 && fresh == 0 && page->resources->len > 0 && !changed &&
          ids_equal (self,
                     ((RosterScimUser *) g_ptr_array_index (page->resources, 0))->id,
                     ((RosterScimUser *) g_ptr_array_index (op->pages[0]->resources, 0))->id))
        {
          g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                                   _("The SCIM service ignores the “startIndex” paging parameter: "
                                     "it answered page %u with the first page again, so only "
                                     "%u of its %u users could be read."),
                                   i + 1, op->pages[0]->resources->len, (guint) op->total);
          return;
        }
    }

  if (!changed && (gint64) users->len == op->total)
    {
      g_task_return_pointer (task, g_steal_pointer (&users), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  /* The totals moved while we read, or the pages do not add up: a user
   * added or removed between two pages may have shifted another one out of
   * sight. Read everything again. */
  if (!changed && op->attempt > 1 && op->last_mismatch == (gint64) users->len)
    op->identical_mismatch = TRUE;
  op->last_mismatch = users->len;

  if (op->identical_mismatch)
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                               _("The SCIM service reports %u users but lists "
                                 "%u different ones, every time it is asked. Its paging is "
                                 "inconsistent."),
                               (guint) op->total, users->len);
      return;
    }

  if (op->attempt >= MAX_LIST_ATTEMPTS)
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_CHANGED_ON_SERVER,
                               _("The list of users kept changing while it was read (%u tries). "
                                 "Wait until the identity provider has finished syncing, then "
                                 "refresh."), op->attempt);
      return;
    }

  g_debug ("List changed while reading (total %" G_GINT64_FORMAT ", got %u): restarting",
           op->total, users->len);
  list_start_attempt (task);
}

static void
list_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PageRequest *page = user_data;
  g_autoptr(GTask) task = page->task;
  ListOp *op = g_task_get_task_data (task);
  guint index = page->index;
  g_autoptr(RosterHttpResponse) response = NULL;
  g_autoptr(RosterScimListResponse) list = NULL;
  GError *error = NULL;
  JsonNode *json;

  g_free (page);
  op->pending--;

  response = roster_http_request_finish (ROSTER_HTTP (object), result, &error);
  if (response == NULL)
    list_fail (op, error);
  else if (!roster_http_response_is_success (response))
    list_fail (op, response_error (op->self, response, NULL, FALSE));
  else if (!(json = success_json (op->self, response, &error)))
    list_fail (op, error);
  else if (!(list = roster_scim_list_response_parse (json, &error)))
    list_fail (op, error);

  if (op->error != NULL)
    {
      if (op->pending == 0)
        list_complete (task);
      return;
    }

  if (index == 0)
    {
      guint n = list->resources->len;

      op->total = list->total_results;
      /* The server's real page size: what it gave, when there is more. */
      op->page_size = n;
      op->n_pages = 1;
      if (op->total > n)
        {
          if (n == 0)
            {
              list_fail (op, g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                                          _("The SCIM service reports %u users "
                                            "but returned none of them."), (guint) op->total));
              list_complete (task);
              return;
            }
          op->n_pages = (guint) ((op->total + n - 1) / n);
        }
      op->pages = g_new0 (RosterScimListResponse *, op->n_pages);
      op->pages[0] = g_steal_pointer (&list);
      op->done = n;
      if (op->progress != NULL)
        op->progress (MIN (op->done, (guint64) op->total), op->total, op->progress_data);

      /* Every remaining page at once: RosterHttp bounds the concurrency. */
      for (guint i = 1; i < op->n_pages; i++)
        list_request_page (task, i);
    }
  else
    {
      op->done += list->resources->len;
      op->pages[index] = g_steal_pointer (&list);
      if (op->progress != NULL)
        op->progress (MIN (op->done, (guint64) op->total), op->total, op->progress_data);
    }

  if (op->pending == 0)
    list_complete (task);
}

static void
list_start_attempt (GTask *task)
{
  ListOp *op = g_task_get_task_data (task);

  list_op_clear_pages (op);
  op->attempt++;
  op->total = 0;
  op->page_size = 0;
  op->done = 0;
  list_request_page (task, 0);
}

/**
 * roster_scim_client_list_users_async:
 * @self: a #RosterScimClient
 * @filter: (nullable): a filter built by roster_scim_filter_eq(), or %NULL
 *   for all users
 * @progress: (nullable) (scope notified): called as pages arrive
 * @progress_data: closure for @progress
 * @progress_destroy: (nullable): frees @progress_data when done
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Lists every user (for GitLab: every SCIM identity of the group, inactive
 * ones included), in pages of %ROSTER_SCIM_PAGE_SIZE. The first page gives
 * `totalResults` and the server's real page size; the other pages are then
 * requested all at once, RosterHttp bounding how many run together.
 *
 * What the result guarantees: each user at most once (deduplicated by id;
 * case-insensitively for GitLab), and exactly `totalResults` users with
 * every page agreeing on `totalResults`. When a user was added or removed
 * while the pages were read (the totals disagree, or the pages do not add
 * up), the whole listing is read again, up to 3 times, then it fails with
 * %ROSTER_ERROR_CHANGED_ON_SERVER rather than return a list that may
 * silently miss someone. A server that ignores `startIndex` or keeps
 * reporting a total its pages do not match fails with
 * %ROSTER_ERROR_PROTOCOL. Listing never loops: the number of pages is fixed
 * by the first page.
 */
void
roster_scim_client_list_users_async (RosterScimClient    *self,
                                     const char          *filter,
                                     RosterProgressFunc   progress,
                                     gpointer             progress_data,
                                     GDestroyNotify       progress_destroy,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListOp *op;

  g_return_if_fail (ROSTER_IS_SCIM_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_scim_client_list_users_async);
  g_task_set_check_cancellable (task, FALSE);

  op = g_new0 (ListOp, 1);
  op->self = self;
  op->filter = g_strdup (filter);
  op->progress = progress;
  op->progress_data = progress_data;
  op->progress_destroy = progress_destroy;
  op->cancellable = g_cancellable_new ();
  op->outer = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  op->outer_id = g_cancellable_connect (op->outer, G_CALLBACK (outer_cancelled_cb),
                                        op->cancellable, NULL);
  g_task_set_task_data (task, op, (GDestroyNotify) list_op_free);

  list_start_attempt (task);
}

/**
 * roster_scim_client_list_users_finish:
 *
 * Returns: (transfer full) (element-type RosterScimUser): the users, or
 *   %NULL with @error set
 */
GPtrArray *
roster_scim_client_list_users_finish (RosterScimClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (ROSTER_IS_SCIM_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
find_users_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *users;

  users = roster_scim_client_list_users_finish (ROSTER_SCIM_CLIENT (object), result, &error);
  if (users == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, users, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * roster_scim_client_find_users_async:
 * @self: a #RosterScimClient
 * @attribute: `id`, `externalId`, `userName`, …
 * @value: the value to look for
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Lists the users whose @attribute equals @value (SCIM filter
 * `attribute eq "value"`, escaped for the dialect). For GitLab, a value its
 * filter cannot express fails at once with %ROSTER_ERROR_INVALID_INPUT
 * (see roster_scim_filter_eq()) rather than searching for something else.
 * GitLab compares id/externalId case-insensitively.
 */
void
roster_scim_client_find_users_async (RosterScimClient    *self,
                                     const char          *attribute,
                                     const char          *value,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *filter = NULL;
  GError *error = NULL;

  g_return_if_fail (ROSTER_IS_SCIM_CLIENT (self));
  g_return_if_fail (attribute != NULL);
  g_return_if_fail (value != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_scim_client_find_users_async);
  g_task_set_check_cancellable (task, FALSE);

  if (!(filter = roster_scim_filter_eq (self->dialect, attribute, value, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  roster_scim_client_list_users_async (self, filter, NULL, NULL, NULL, cancellable,
                                       find_users_cb, g_steal_pointer (&task));
}

/**
 * roster_scim_client_find_users_finish:
 *
 * Returns: (transfer full) (element-type RosterScimUser): the matching users
 *   (possibly none), or %NULL with @error set
 */
GPtrArray *
roster_scim_client_find_users_finish (RosterScimClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (ROSTER_IS_SCIM_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* One user */

static void
get_user_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RosterScimClient *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
  g_autoptr(RosterHttpResponse) response = NULL;
  RosterScimUser *user;
  GError *error = NULL;
  JsonNode *json;

  response = roster_http_request_finish (ROSTER_HTTP (object), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else if (!roster_http_response_is_success (response))
    g_task_return_error (task, response_error (self, response, id, FALSE));
  else if (!(json = success_json (self, response, &error)))
    g_task_return_error (task, error);
  else if (!(user = roster_scim_user_parse (json, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, user, (GDestroyNotify) roster_scim_user_unref);
}

/**
 * roster_scim_client_get_user_async:
 * @self: a #RosterScimClient
 * @id: the user's SCIM id (GitLab: the extern_uid, matched
 *   case-insensitively)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `GET /Users/<id>`; an unknown id fails with %ROSTER_ERROR_NOT_FOUND.
 */
void
roster_scim_client_get_user_async (RosterScimClient    *self,
                                   const char          *id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(RosterHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ROSTER_IS_SCIM_CLIENT (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_scim_client_get_user_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_strdup (id), g_free);

  if (id[0] == '\0')
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("A SCIM id cannot be empty."));
      return;
    }

  request = new_request (self, "GET", id);
  roster_http_request_async (self->http, request, cancellable, get_user_cb, g_steal_pointer (&task));
}

/**
 * roster_scim_client_get_user_finish:
 *
 * Returns: (transfer full): the user, or %NULL with @error set
 */
RosterScimUser *
roster_scim_client_get_user_finish (RosterScimClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (ROSTER_IS_SCIM_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Writes */

typedef struct
{
  char     *id;
  char     *version;
  char     *path;
  JsonNode *value;     /* NULL for DELETE */
} WriteOp;

static void
write_op_free (WriteOp *op)
{
  g_free (op->id);
  g_free (op->version);
  g_free (op->path);
  g_clear_pointer (&op->value, json_node_unref);
  g_free (op);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RosterScimClient *self = g_task_get_source_object (task);
  WriteOp *op = g_task_get_task_data (task);
  g_autoptr(RosterHttpResponse) response = NULL;
  GError *error = NULL;

  response = roster_http_request_finish (ROSTER_HTTP (object), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else if (!roster_http_response_is_success (response))
    g_task_return_error (task, response_error (self, response, op->id, op->version != NULL));
  else
    g_task_return_boolean (task, TRUE);
}

static void
write_send (GTask *task)
{
  RosterScimClient *self = g_task_get_source_object (task);
  WriteOp *op = g_task_get_task_data (task);
  g_autoptr(RosterHttpRequest) request = NULL;

  request = new_request (self, op->value != NULL ? "PATCH" : "DELETE", op->id);
  if (op->version != NULL)
    roster_http_request_set_header (request, "If-Match", op->version);
  if (op->value != NULL)
    {
      g_autoptr(JsonNode) body = roster_scim_patch_body_new (op->path, json_node_copy (op->value));

      roster_http_request_set_json_body (request, body, SCIM_CONTENT_TYPE);
    }

  roster_http_request_async (self->http, request, g_task_get_cancellable (task),
                             write_cb, g_object_ref (task));
}

/* GitLab ignores a new id for an inactive identity and reactivates it
 * instead (update_scim_user: "else, if the identity is inactive →
 * reprovision"). Check first, rather than reactivate someone by surprise. */
static void
replace_check_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RosterScimUser) user = NULL;
  GError *error = NULL;

  user = roster_scim_client_get_user_finish (ROSTER_SCIM_CLIENT (object), result, &error);
  if (user == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!user->active)
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("The SCIM user “%s” is deprovisioned. GitLab ignores a new id "
                                 "for a deprovisioned user and would reactivate them instead. "
                                 "Reactivate the user first, or change the value with the REST "
                                 "API (API token)."),
                               user->id);
      return;
    }

  write_send (task);
}

static GTask *
write_task_new (RosterScimClient    *self,
                gpointer             source_tag,
                const char          *id,
                const char          *version,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  WriteOp *op = g_new0 (WriteOp, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  op->id = g_strdup (id);
  op->version = version != NULL && version[0] != '\0' ? g_strdup (version) : NULL;
  g_task_set_task_data (task, op, (GDestroyNotify) write_op_free);

  if (id[0] == '\0')
    g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                             _("A SCIM id cannot be empty."));
  return task;
}

/**
 * roster_scim_client_replace_async:
 * @self: a #RosterScimClient
 * @id: the user's current SCIM id
 * @attribute: which attribute to replace
 * @value: the new value
 * @version: (nullable): the `meta.version` read with the user, sent as
 *   `If-Match` (RFC servers then refuse a user changed meanwhile with
 *   %ROSTER_ERROR_CHANGED_ON_SERVER)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Sends a PatchOp with one `replace` (RFC 7644 §3.5.2). For GitLab, @value
 * must survive GitLab's value parsing (no `"`, not "true"/"false"; see
 * roster_scim_check_gitlab_patch_value()), and the user must be active:
 * GitLab ignores a new id of a deprovisioned user and reactivates them
 * instead, so the client reads the user first and refuses with
 * %ROSTER_ERROR_INVALID_INPUT. Finish with roster_scim_client_write_finish().
 */
void
roster_scim_client_replace_async (RosterScimClient    *self,
                                  const char          *id,
                                  RosterScimAttribute  attribute,
                                  const char          *value,
                                  const char          *version,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteOp *op;
  GError *error = NULL;

  g_return_if_fail (ROSTER_IS_SCIM_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (attribute == ROSTER_SCIM_ATTRIBUTE_ID ||
                    attribute == ROSTER_SCIM_ATTRIBUTE_EXTERNAL_ID);

  task = write_task_new (self, roster_scim_client_replace_async, id, version,
                         cancellable, callback, user_data);
  if (g_task_had_error (task))
    return;

  op = g_task_get_task_data (task);
  op->path = g_strdup (attribute == ROSTER_SCIM_ATTRIBUTE_ID ? "id" : "externalId");
  op->value = json_node_init_string (json_node_alloc (), value);

  if (value[0] == '\0' && !is_gitlab (self))
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("The new value cannot be empty."));
      return;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("The new value is not valid UTF-8 text."));
      return;
    }

  if (is_gitlab (self))
    {
      if (!roster_scim_check_gitlab_patch_value (value, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      roster_scim_client_get_user_async (self, id, cancellable, replace_check_cb,
                                         g_steal_pointer (&task));
      return;
    }

  write_send (task);
}

/**
 * roster_scim_client_set_active_async:
 * @self: a #RosterScimClient
 * @id: the user's SCIM id
 * @active: %FALSE to deprovision, %TRUE to reactivate
 * @version: (nullable): `meta.version`, sent as `If-Match`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * PATCH `replace` of `active`. On GitLab, %FALSE removes the user from the
 * group (the account stays) and %TRUE adds them back at the default
 * membership role. Finish with roster_scim_client_write_finish().
 */
void
roster_scim_client_set_active_async (RosterScimClient    *self,
                                     const char          *id,
                                     gboolean             active,
                                     const char          *version,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteOp *op;

  g_return_if_fail (ROSTER_IS_SCIM_CLIENT (self));
  g_return_if_fail (id != NULL);

  task = write_task_new (self, roster_scim_client_set_active_async, id, version,
                         cancellable, callback, user_data);
  if (g_task_had_error (task))
    return;

  op = g_task_get_task_data (task);
  op->path = g_strdup ("active");
  op->value = json_node_init_boolean (json_node_alloc (), !!active);
  write_send (task);
}

/**
 * roster_scim_client_delete_user_async:
 * @self: a #RosterScimClient
 * @id: the user's SCIM id
 * @version: (nullable): `meta.version`, sent as `If-Match`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `DELETE /Users/<id>`. On GitLab this deprovisions (identity inactive,
 * membership removed; the account and the SAML identity stay). Finish with
 * roster_scim_client_write_finish().
 */
void
roster_scim_client_delete_user_async (RosterScimClient    *self,
                                      const char          *id,
                                      const char          *version,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ROSTER_IS_SCIM_CLIENT (self));
  g_return_if_fail (id != NULL);

  task = write_task_new (self, roster_scim_client_delete_user_async, id, version,
                         cancellable, callback, user_data);
  if (g_task_had_error (task))
    return;

  write_send (task);
}

/**
 * roster_scim_client_write_finish:
 *
 * Returns: %TRUE when the server applied the write, %FALSE with @error set
 */
gboolean
roster_scim_client_write_finish (RosterScimClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (ROSTER_IS_SCIM_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Object */

static void
roster_scim_client_finalize (GObject *object)
{
  RosterScimClient *self = (RosterScimClient *) object;

  g_clear_object (&self->http);
  g_free (self->base_path);
  g_free (self->group);

  G_OBJECT_CLASS (roster_scim_client_parent_class)->finalize (object);
}

static void
roster_scim_client_class_init (RosterScimClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_scim_client_finalize;
}

static void
roster_scim_client_init (RosterScimClient *self)
{
}

/**
 * roster_scim_client_new:
 * @http: the account's #RosterHttp (its SCIM token is used)
 * @dialect: GitLab or RFC
 * @base_path: (nullable): the path under @http's base URL where `/Users`
 *   lives; %NULL or "" when the base URL is the SCIM base itself
 *
 * Returns: (transfer full): a new client
 */
RosterScimClient *
roster_scim_client_new (RosterHttp        *http,
                        RosterScimDialect  dialect,
                        const char        *base_path)
{
  RosterScimClient *self;
  gsize len;

  g_return_val_if_fail (ROSTER_IS_HTTP (http), NULL);

  self = g_object_new (ROSTER_TYPE_SCIM_CLIENT, NULL);
  self->http = g_object_ref (http);
  self->dialect = dialect;
  self->base_path = g_strdup (base_path != NULL ? base_path : "");
  len = strlen (self->base_path);
  while (len > 0 && self->base_path[len - 1] == '/')
    self->base_path[--len] = '\0';
  return self;
}

/**
 * roster_scim_client_dup_gitlab_base_path:
 * @group: the top-level group's full path (or numeric id)
 *
 * The one place that spells GitLab's group SCIM path: the client, the
 * account's SCIM URL, the connection test and the recipes use it.
 *
 * Returns: (transfer full): `/api/scim/v2/groups/<group>`, the group
 *   percent-encoded as one segment
 */
char *
roster_scim_client_dup_gitlab_base_path (const char *group)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (group != NULL, NULL);

  escaped = roster_http_escape_segment (group);
  return g_strconcat ("/api/scim/v2/groups/", escaped, NULL);
}

/**
 * roster_scim_client_new_for_gitlab:
 * @http: a #RosterHttp whose base URL is the GitLab instance
 * @group: the top-level group's full path (or numeric id)
 *
 * A client for `<instance>/api/scim/v2/groups/<group>`, GitLab dialect.
 *
 * Returns: (transfer full): a new client
 */
RosterScimClient *
roster_scim_client_new_for_gitlab (RosterHttp *http,
                                   const char *group)
{
  g_autofree char *base_path = NULL;
  RosterScimClient *self;

  g_return_val_if_fail (ROSTER_IS_HTTP (http), NULL);
  g_return_val_if_fail (group != NULL && group[0] != '\0', NULL);

  base_path = roster_scim_client_dup_gitlab_base_path (group);
  self = roster_scim_client_new (http, ROSTER_SCIM_DIALECT_GITLAB, base_path);
  self->group = g_strdup (group);
  return self;
}

RosterHttp *
roster_scim_client_get_http (RosterScimClient *self)
{
  g_return_val_if_fail (ROSTER_IS_SCIM_CLIENT (self), NULL);

  return self->http;
}

RosterScimDialect
roster_scim_client_get_dialect (RosterScimClient *self)
{
  g_return_val_if_fail (ROSTER_IS_SCIM_CLIENT (self), ROSTER_SCIM_DIALECT_GITLAB);

  return self->dialect;
}

const char *
roster_scim_client_get_base_path (RosterScimClient *self)
{
  g_return_val_if_fail (ROSTER_IS_SCIM_CLIENT (self), NULL);

  return self->base_path;
}
