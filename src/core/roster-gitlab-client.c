/* roster-gitlab-client.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-gitlab-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-enterprise-reader.h"
#include "roster-error.h"
#include "roster-gitlab-client.h"
#include "roster-identity-reader.h"
#include "roster-member-reader.h"

/* A paged listing restarts when the list changed while it was read; after
 * this many tries it gives up and says so. */
#define MAX_LIST_ATTEMPTS 3
/* Never more pages than this (10 million members), whatever the server says. */
#define MAX_PAGES 100000

struct _RosterGitlabClient
{
  GObject     parent_instance;

  RosterHttp *http;
};

G_DEFINE_FINAL_TYPE (RosterGitlabClient, roster_gitlab_client, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------ */
/* Errors */

typedef enum
{
  WHAT_GROUP,        /* resolving the group */
  WHAT_MEMBERS,
  WHAT_ENTERPRISE,
  WHAT_IDENTITIES,   /* list */
  WHAT_IDENTITY,     /* one identity: get, update, delete */
  WHAT_TOKEN,        /* /user, /personal_access_tokens/self */
} What;

typedef struct
{
  What                what;
  RosterIdentityKind  kind;
  const char         *group;        /* as given, for messages */
  const char         *extern_uid;   /* the identity addressed */
  gboolean            write;
} Context;

static const char *
kind_label (RosterIdentityKind kind)
{
  return kind == ROSTER_IDENTITY_SAML ? _("SAML") : _("SCIM");
}

static GError *
error_with_server (RosterErrorCode  code,
                   const char      *text,
                   const char      *server)
{
  if (server == NULL || server[0] == '\0')
    return g_error_new_literal (ROSTER_ERROR, code, text);

  /* Translators: %1$s is a sentence of ours, %2$s the server's own message. */
  return g_error_new (ROSTER_ERROR, code, _("%1$s The server said: “%2$s”."), text, server);
}

static GError *
not_api_error (RosterHttpResponse *response)
{
  const char *type = roster_http_response_get_content_type (response);

  g_debug ("Not a GitLab API answer: HTTP %u, %s", roster_http_response_get_status (response),
           type ? type : "no content type");

  return g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                      _("The server did not answer like GitLab’s API (HTTP %u, %s). Check the "
                        "instance address: it should be the address of the GitLab instance "
                        "itself, like https://gitlab.com."),
                      roster_http_response_get_status (response),
                      type != NULL ? type : _("no content type"));
}

static GError *
response_error (RosterHttpResponse *response,
                const Context      *ctx)
{
  g_autoptr(RosterGitlabErrorBody) body = roster_gitlab_error_body_parse (roster_http_response_get_json (response));
  const char *message = body != NULL ? body->message : NULL;
  const char *grape = body != NULL ? body->error : NULL;
  const char *server = message != NULL ? message : grape;
  guint status = roster_http_response_get_status (response);
  g_autofree char *text = NULL;
  GError *error = NULL;

  switch (status)
    {
    case 401:
      return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_AUTH,
                                  _("GitLab did not accept the API token (HTTP 401): it may be "
                                    "mistyped, expired or revoked. Create a personal or group "
                                    "access token with the “api” scope (“read_api” is enough to "
                                    "only look), then enter it again."));

    case 403:
      if (g_strcmp0 (grape, "insufficient_scope") == 0)
        {
          const char *scope = body->scope != NULL && body->scope[0] != '\0' ? body->scope : "api";

          text = g_strdup_printf (_("The API token does not have the “%s” scope this needs. "
                                    "Create a token with the “api” scope to make changes (“read_api” "
                                    "only allows reading), then enter it again."), scope);
          return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_FORBIDDEN, text);
        }
      if (ctx->what == WHAT_IDENTITIES || ctx->what == WHAT_IDENTITY || ctx->what == WHAT_ENTERPRISE)
        return error_with_server (ROSTER_ERROR_FORBIDDEN,
                                  _("GitLab refused access (HTTP 403). Only an Owner of the "
                                    "top-level group can read or change its SAML and SCIM "
                                    "identities: use a token of an Owner."), server);
      return error_with_server (ROSTER_ERROR_FORBIDDEN,
                                _("GitLab refused access (HTTP 403). The token’s user may not be "
                                  "allowed to see this group, or the token may lack a scope."),
                                server);

    case 404:
      if (body == NULL && !roster_http_response_is_json (response))
        return not_api_error (response);
      if (message != NULL && strstr (message, "Group Not Found") != NULL)
        {
          text = g_strdup_printf (_("GitLab has no group “%s” that this token can see. Check the "
                                    "group path (as in the group’s address, e.g. “acme-corp”), "
                                    "or use the group’s numeric id."),
                                  ctx->group != NULL ? ctx->group : "");
          return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND, text);
        }
      if (ctx->what == WHAT_IDENTITY && message != NULL && strstr (message, "Identity Not Found") != NULL)
        {
          text = g_strdup_printf (_("The group has no %s identity with the value “%s” (it may have "
                                    "been changed or removed meanwhile)."),
                                  kind_label (ctx->kind), ctx->extern_uid);
          return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND, text);
        }
      if (ctx->what == WHAT_MEMBERS && message != NULL && strstr (message, "Member Not Found") != NULL)
        return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND,
                                    _("This user is not a member of the group."));
      if (ctx->what == WHAT_IDENTITIES || ctx->what == WHAT_IDENTITY)
        return error_with_server (ROSTER_ERROR_NOT_FOUND,
                                  _("This GitLab has no group identity API (GitLab 15.5 or later "
                                    "on GitLab.com or GitLab Dedicated is needed)."), server);
      return error_with_server (ROSTER_ERROR_NOT_FOUND,
                                _("GitLab could not find this (HTTP 404)."), server);

    case 400:
      if (grape != NULL && strstr (grape, "extern_uid is missing") != NULL)
        return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                                    _("GitLab needs a new value for the identity; none was sent."));
      if (message != NULL && strstr (message, "has already been taken") != NULL)
        return error_with_server (ROSTER_ERROR_CONFLICT,
                                  _("Another user of the group already has this value."), message);
      if (ctx->what == WHAT_IDENTITIES && ctx->kind == ROSTER_IDENTITY_SAML &&
          message != NULL && g_ascii_strcasecmp (message, "400 Bad request") == 0)
        return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND,
                                    _("This group has no SAML SSO configured, so it has no SAML "
                                      "identities. Check that the group path names the top-level "
                                      "group, and that SAML SSO is set up in its Settings › SAML "
                                      "SSO."));
      if (ctx->write)
        return error_with_server (ROSTER_ERROR_INVALID_INPUT,
                                  _("GitLab did not accept the new value."), server);
      break;

    case 409:
      return error_with_server (ROSTER_ERROR_CONFLICT,
                                _("Another user of the group already has this value."), server);

    default:
      break;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status) ||
      (!roster_http_response_is_json (response) && status < 500 && status != 429))
    return not_api_error (response);

  roster_http_response_to_error (response, &error);
  if (error == NULL)
    error = g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                         _("GitLab gave an unexpected answer (HTTP %u)."), status);
  return error;
}

/* ------------------------------------------------------------------------ */
/* Requests */

static RosterHttpRequest *
api_request (const char *method,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static RosterHttpRequest *
api_request (const char *method,
             const char *format,
             ...)
{
  g_autofree char *path = NULL;
  g_autofree char *full = NULL;
  RosterHttpRequest *request;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);

  full = g_strconcat ("/api/v4", path, NULL);
  request = roster_http_request_new (method, full);
  roster_http_request_set_token_kind (request, ROSTER_TOKEN_API);
  return request;
}

/* One request, one parsed answer. */

typedef gpointer (*ParseFunc) (JsonNode  *node,
                               gpointer   data,
                               GError   **error);

typedef struct _SimpleOp SimpleOp;

/* Reads a raw JSON body (see roster_http_request_set_raw_json()). */
typedef gpointer (*RawParseFunc) (SimpleOp    *op,
                                  const char  *data,
                                  gsize        size,
                                  GError     **error);

struct _SimpleOp
{
  Context             ctx;
  char               *group;
  char               *extern_uid;
  RawParseFunc        raw_parse;     /* set: the body is read unparsed, in a thread */
  ParseFunc           parse;         /* NULL: no body expected */
  gpointer            parse_data;
  GDestroyNotify      result_free;
  gboolean            in_thread;
  RosterHttpResponse *response;
  RosterIdentityReaderFunc reader;   /* identity lists read by the caller */
  gpointer            reader_data;
};

static void
simple_op_free (SimpleOp *op)
{
  g_free (op->group);
  g_free (op->extern_uid);
  g_clear_pointer (&op->response, roster_http_response_unref);
  g_free (op);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SimpleOp *op = task_data;
  GError *error = NULL;
  gpointer result;

  if (op->raw_parse != NULL)
    {
      GBytes *body = roster_http_response_get_body (op->response);
      gsize size;
      const char *data = g_bytes_get_data (body, &size);

      result = op->raw_parse (op, data, size, &error);
    }
  else
    result = op->parse (roster_http_response_get_json (op->response), op->parse_data, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, op->result_free);
}

static void
simple_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SimpleOp *op = g_task_get_task_data (task);
  g_autoptr(RosterHttpResponse) response = NULL;
  GError *error = NULL;
  gpointer parsed;

  response = roster_http_request_finish (ROSTER_HTTP (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!roster_http_response_is_success (response))
    {
      g_task_return_error (task, response_error (response, &op->ctx));
      return;
    }
  if (op->parse == NULL && op->raw_parse == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (op->raw_parse != NULL)
    {
      if (!roster_http_response_declares_json (response))
        {
          g_task_return_error (task, not_api_error (response));
          return;
        }
      op->response = g_steal_pointer (&response);
      g_task_run_in_thread (task, parse_thread);
      return;
    }
  if (roster_http_response_get_json (response) == NULL)
    {
      g_task_return_error (task, not_api_error (response));
      return;
    }

  if (op->in_thread)
    {
      op->response = g_steal_pointer (&response);
      g_task_run_in_thread (task, parse_thread);
      return;
    }

  parsed = op->parse (roster_http_response_get_json (response), op->parse_data, &error);
  if (parsed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, parsed, op->result_free);
}

static GTask *
simple_task_new (RosterGitlabClient  *self,
                 gpointer             source_tag,
                 What                 what,
                 RosterIdentityKind   kind,
                 const char          *group,
                 const char          *extern_uid,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SimpleOp *op = g_new0 (SimpleOp, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  op->ctx.what = what;
  op->ctx.kind = kind;
  op->group = g_strdup (group);
  op->extern_uid = g_strdup (extern_uid);
  op->ctx.group = op->group;
  op->ctx.extern_uid = op->extern_uid;
  g_task_set_task_data (task, op, (GDestroyNotify) simple_op_free);
  return task;
}

static void
simple_send (RosterGitlabClient *self,
             GTask              *task,
             RosterHttpRequest  *request,
             ParseFunc           parse,
             gpointer            parse_data,
             GDestroyNotify      result_free)
{
  SimpleOp *op = g_task_get_task_data (task);

  op->parse = parse;
  op->parse_data = parse_data;
  op->result_free = result_free;
  roster_http_request_async (self->http, request, g_task_get_cancellable (task),
                             simple_cb, g_object_ref (task));
}

static gpointer
propagate (RosterGitlabClient  *self,
           GAsyncResult        *result,
           gpointer             source_tag,
           GError             **error)
{
  g_return_val_if_fail (ROSTER_IS_GITLAB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
group_segment (gint64 group_id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, group_id);
}

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Group */

static gpointer
parse_group (JsonNode  *node,
             gpointer   data,
             GError   **error)
{
  return roster_gitlab_group_parse (node, error);
}

/**
 * roster_gitlab_client_get_group_async:
 * @self: a #RosterGitlabClient
 * @group: a numeric group id, or a full path (`acme-corp`, `acme/team`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `GET /groups/:id` with the path percent-encoded (`/` as `%2F`). The
 * result has both the numeric id and the full path; `parent_id` ≠ 0 means
 * a subgroup (SAML and SCIM exist only on top-level groups).
 */
void
roster_gitlab_client_get_group_async (RosterGitlabClient  *self,
                                      const char          *group,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RosterHttpRequest) request = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));
  g_return_if_fail (group != NULL);

  trimmed = g_strstrip (g_strdup (group));
  /* Tolerate "/acme-corp/" as typed from an address bar. */
  while (trimmed[0] == '/')
    memmove (trimmed, trimmed + 1, strlen (trimmed));
  while (trimmed[0] != '\0' && trimmed[strlen (trimmed) - 1] == '/')
    trimmed[strlen (trimmed) - 1] = '\0';

  task = simple_task_new (self, roster_gitlab_client_get_group_async, WHAT_GROUP, 0, trimmed, NULL,
                          cancellable, callback, user_data);

  if (trimmed[0] == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("Enter the group’s path (as in its address, e.g. “acme-corp”) "
                                 "or its numeric id."));
      return;
    }

  escaped = is_all_digits (trimmed) ? g_strdup (trimmed) : roster_http_escape_segment (trimmed);
  request = api_request ("GET", "/groups/%s", escaped);
  simple_send (self, task, request, parse_group, NULL, (GDestroyNotify) roster_gitlab_group_unref);
}

/**
 * roster_gitlab_client_get_group_finish:
 *
 * Returns: (transfer full): the group, or %NULL with @error set
 *   (%ROSTER_ERROR_NOT_FOUND when there is no such group)
 */
RosterGitlabGroup *
roster_gitlab_client_get_group_finish (RosterGitlabClient  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  return propagate (self, result, roster_gitlab_client_get_group_async, error);
}

/* ------------------------------------------------------------------------ */
/* Paged listings (members, enterprise users) */

/* Reads a raw page (see roster_http_request_set_raw_json()). */
typedef GPtrArray *(*PageReader) (const char  *data,
                                  gsize        size,
                                  GError     **error);
typedef gint64     (*ItemId)     (gpointer   item);

/* A listing. The members from read to kept_free are set once, by
 * paged_list(): the worker threads that read pages use them. The rest
 * belongs to the listing's thread. */
typedef struct
{
  RosterGitlabClient *self;
  Context             ctx;
  char               *group;
  char               *path;
  gboolean            seat_info;
  gboolean            feature_detect;  /* a 404 means "endpoint missing" */
  PageReader          read;            /* pages are read raw, by this */
  ItemId              item_id;
  GDestroyNotify      item_free;       /* of the parsed items */
  RosterGitlabItemMapFunc map;     /* NULL: the parsed items are kept */
  gpointer            map_data;
  GDestroyNotify      kept_free;       /* of what is kept: mapped or parsed */
  GCancellable       *cancellable;     /* internal, follows the caller's */
  GCancellable       *outer;
  gulong              outer_id;
  RosterProgressFunc  progress;
  gpointer            progress_data;
  GDestroyNotify      progress_destroy;

  guint               attempt;
  gint64              total;           /* x-total of page 1, -1 unknown */
  guint               n_pages;         /* known total of pages, or requested so far */
  guint               end_page;        /* the last page (1-based), 0 while unknown */
  GPtrArray          *pages;           /* index page-1 → Page, or NULL */
  GArray             *totals;          /* x-total of each page (-1 absent) */
  guint               pending;         /* pages requested or being read */
  guint64             done;
  gboolean            unavailable;
  GError             *error;
} PagedOp;

static void
paged_op_free (PagedOp *op)
{
  if (op->outer_id != 0)
    g_cancellable_disconnect (op->outer, op->outer_id);
  g_clear_object (&op->outer);
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->pages, g_ptr_array_unref);
  g_clear_pointer (&op->totals, g_array_unref);
  g_clear_error (&op->error);
  g_free (op->group);
  g_free (op->path);
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

/* A header holding a non-negative integer, or -1 when absent, empty or
 * not a number. */
static gint64
header_int (RosterHttpResponse *response,
            const char         *name)
{
  const char *value = roster_http_response_get_header (response, name);
  guint64 number;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &number, NULL))
    return -1;
  return (gint64) number;
}

/* One page on its way: requested, then read in a worker thread. */
typedef struct
{
  GTask              *task;
  guint               page;         /* 1-based */
  RosterHttpResponse *response;     /* once answered, until read */
  /* What the books need of the answer's headers. */
  gint64              total;        /* x-total, -1 absent */
  gint64              total_pages;  /* x-total-pages, -1 absent */
  gboolean            next_empty;   /* x-next-page is there, and empty */
  gboolean            link_next;    /* a Link with rel="next" */
} PageRequest;

static void
page_request_free (PageRequest *data)
{
  g_clear_object (&data->task);
  g_clear_pointer (&data->response, roster_http_response_unref);
  g_free (data);
}

/* One page as kept until the listing completes: the user ids, and what the
 * caller's map made of each item (or the parsed item itself). An item moved
 * to the result leaves NULL behind. */
typedef struct
{
  GArray         *ids;    /* of gint64 */
  GPtrArray      *items;  /* no free func: see page_free() */
  GDestroyNotify  free;
} Page;

static void
page_free (Page *page)
{
  if (page == NULL)
    return;
  for (guint i = 0; i < page->items->len; i++)
    {
      gpointer item = g_ptr_array_index (page->items, i);

      if (item != NULL && page->free != NULL)
        page->free (item);
    }
  g_ptr_array_unref (page->items);
  g_array_unref (page->ids);
  g_free (page);
}

/* Turns a parsed page into what is kept: with a map, the parsed items are
 * dropped here, so a long listing never holds more than one parsed page.
 * Runs in a worker thread: it only reads what paged_list() set. */
static Page *
page_new (const PagedOp *op,
          GPtrArray     *parsed)
{
  Page *page = g_new0 (Page, 1);

  page->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), parsed->len);
  page->items = g_ptr_array_sized_new (parsed->len);
  page->free = op->kept_free;
  for (guint i = 0; i < parsed->len; i++)
    {
      gpointer item = g_ptr_array_index (parsed, i);
      gint64 id = op->item_id (item);

      g_array_append_val (page->ids, id);
      /* Items are atomic rc boxes. */
      g_ptr_array_add (page->items, op->map != NULL ? op->map (item, op->map_data)
                                                    : g_atomic_rc_box_acquire (item));
    }
  return page;
}

static void paged_page_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);
static void paged_start_attempt (GTask *task);

static void
paged_request (GTask *task,
               guint  page)
{
  PagedOp *op = g_task_get_task_data (task);
  g_autoptr(RosterHttpRequest) request = NULL;
  PageRequest *data = g_new0 (PageRequest, 1);

  request = roster_http_request_new ("GET", op->path);
  roster_http_request_set_token_kind (request, ROSTER_TOKEN_API);
  roster_http_request_add_query_int (request, "per_page", ROSTER_GITLAB_PAGE_SIZE);
  roster_http_request_add_query_int (request, "page", page);
  if (op->seat_info)
    roster_http_request_add_query (request, "show_seat_info", "true");

  while (op->pages->len < page)
    {
      gint64 none = -1;

      g_ptr_array_add (op->pages, NULL);
      g_array_append_val (op->totals, none);
    }

  data->task = g_object_ref (task);
  data->page = page;
  roster_http_request_set_raw_json (request, TRUE);
  op->pending++;
  roster_http_request_async (op->self->http, request, op->cancellable, paged_page_cb, data);
}

static void
paged_fail (PagedOp *op,
            GError  *error)
{
  if (op->error == NULL)
    {
      op->error = error;
      g_cancellable_cancel (op->cancellable);
    }
  else
    g_error_free (error);
}

static void
paged_complete (GTask *task)
{
  PagedOp *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gboolean changed = FALSE;
  guint last;

  if (op->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&op->error));
      return;
    }
  if (op->unavailable)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* Keys point into the pages' id arrays: no allocation per item (100 000
   * of them at the end of a large listing, on the main thread). The table
   * never reads a key again once a page may be gone. */
  seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  items = g_ptr_array_new_with_free_func (op->kept_free);
  last = op->end_page != 0 ? op->end_page : op->pages->len;

  for (guint i = 0; i < last; i++)
    {
      Page *page = g_ptr_array_index (op->pages, i);
      guint fresh = 0;

      g_assert (page != NULL);
      if (op->total >= 0 && g_array_index (op->totals, gint64, i) != op->total)
        changed = TRUE;

      for (guint j = 0; j < page->ids->len; j++)
        {
          gint64 *id = &g_array_index (page->ids, gint64, j);

          if (g_hash_table_contains (seen, id))
            continue;
          g_hash_table_add (seen, id);
          /* Moved: the page no longer owns it. */
          g_ptr_array_add (items, g_ptr_array_index (page->items, j));
          g_ptr_array_index (page->items, j) = NULL;
          fresh++;
        }

      /* A page made only of members already seen while nothing changed:
       * the server ignores `page`. */
      if (i == 1 && fresh == 0 && page->ids->len > 0 && !changed)
        {
          g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                                   _("The server ignores the “page” parameter: page 2 repeated page "
                                     "1, so the list cannot be read completely."));
          return;
        }
    }

  /* Known totals: every page must agree, and the members add up. Otherwise
   * someone was added or removed between two pages, which may have shifted
   * another member out of sight: read again. Unknown totals (above 10 000)
   * give no such check; duplicates are still removed. */
  if (op->total < 0 || (!changed && (gint64) items->len == op->total))
    {
      /* The caller may keep working inside this callback (a snapshot
       * reconciles 100 000 users there): what only the books needed goes
       * first, the table before the pages its keys point into. */
      g_clear_pointer (&seen, g_hash_table_unref);
      g_clear_pointer (&op->pages, g_ptr_array_unref);
      g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  if (op->attempt >= MAX_LIST_ATTEMPTS)
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_CHANGED_ON_SERVER,
                               _("The list kept changing while it was read (%u tries): members "
                                 "are being added or removed right now. Refresh in a moment."),
                               op->attempt);
      return;
    }

  g_debug ("List changed while reading (x-total %" G_GINT64_FORMAT ", got %u): restarting",
           op->total, items->len);
  g_clear_pointer (&items, g_ptr_array_unref);
  paged_start_attempt (task);
}

static void
report_progress (PagedOp *op)
{
  if (op->progress != NULL)
    op->progress (op->total >= 0 ? MIN (op->done, (guint64) op->total) : op->done,
                  op->total >= 0 ? (guint64) op->total : 0, op->progress_data);
}

/* Without totals: keep a window of pages in flight until the end is seen. */
static void
paged_fill_window (GTask *task)
{
  PagedOp *op = g_task_get_task_data (task);
  guint window = MAX (1, roster_http_get_max_concurrent (op->self->http));

  while (op->end_page == 0 && op->pending < window && op->n_pages < MAX_PAGES)
    paged_request (task, ++op->n_pages);
}

/* In a worker thread: the page read and mapped. */
static void
page_read_thread (GTask        *work,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PageRequest *data = task_data;
  const PagedOp *op = g_task_get_task_data (data->task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;
  gsize size;
  const char *body = g_bytes_get_data (roster_http_response_get_body (data->response), &size);

  items = op->read (body, size, &error);

  /* The body is freed here, not in the listing's thread. */
  g_clear_pointer (&data->response, roster_http_response_unref);

  if (items == NULL)
    g_task_return_error (work, error);
  else
    g_task_return_pointer (work, page_new (op, items), (GDestroyNotify) page_free);
}

/* Back in the listing's thread with a page read: the bookkeeping. */
static void
page_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PageRequest *data = user_data;
  /* Taken now: the worker may drop the last reference to @data later, in
   * its own thread, and must not finalize the listing there. */
  g_autoptr(GTask) task = g_steal_pointer (&data->task);
  PagedOp *op = g_task_get_task_data (task);
  guint page = data->page;
  Page *read;
  GError *error = NULL;
  gboolean last;

  op->pending--;

  read = g_task_propagate_pointer (G_TASK (result), &error);
  if (read == NULL)
    paged_fail (op, error);

  if (op->error != NULL || op->unavailable)
    {
      page_free (read);
      if (op->pending == 0)
        paged_complete (task);
      return;
    }

  last = read->ids->len < ROSTER_GITLAB_PAGE_SIZE || data->next_empty;
  g_array_index (op->totals, gint64, page - 1) = data->total;
  op->done += read->ids->len;
  g_ptr_array_index (op->pages, page - 1) = read;

  if (page == 1)
    {
      op->total = data->total;
      report_progress (op);

      if (last && !data->link_next)
        op->end_page = 1;
      else if (op->total >= 0 && data->total_pages >= 1)
        {
          /* Totals known: every page at once, RosterHttp bounds them. */
          op->end_page = MIN (data->total_pages, MAX_PAGES);
          op->n_pages = op->end_page;
          for (guint i = 2; i <= op->end_page; i++)
            paged_request (task, i);
        }
      else
        {
          op->total = -1;
          op->n_pages = 1;
          paged_fill_window (task);
        }
    }
  else
    {
      report_progress (op);
      if (op->total < 0 && last && (op->end_page == 0 || page < op->end_page))
        op->end_page = page;
      if (op->total < 0)
        paged_fill_window (task);
    }

  if (op->pending == 0)
    {
      /* Without totals, pages past the end may have been asked for: drop
       * them (they are empty, or the list grew meanwhile). */
      if (op->end_page == 0)
        op->end_page = op->pages->len;
      paged_complete (task);
    }
}

/* A page answered: unless it failed, it is read (raw or from RosterHttp's
 * tree) and mapped in a worker thread, so that this thread only keeps the
 * books. It stays pending meanwhile. */
static void
paged_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PageRequest *data = user_data;
  PagedOp *op = g_task_get_task_data (data->task);
  g_autoptr(GTask) work = NULL;
  g_autoptr(RosterHttpResponse) response = NULL;
  g_autofree char *link_next = NULL;
  const char *next;
  GError *error = NULL;

  response = roster_http_request_finish (ROSTER_HTTP (object), result, &error);
  if (response == NULL)
    paged_fail (op, error);
  else if (!roster_http_response_is_success (response))
    {
      g_autoptr(RosterGitlabErrorBody) body = roster_gitlab_error_body_parse (roster_http_response_get_json (response));

      /* Feature detection: an unknown route is a 404 that does not talk
       * about the group. */
      if (op->feature_detect && data->page == 1 && roster_http_response_get_status (response) == 404 &&
          !(body != NULL && body->message != NULL && strstr (body->message, "Group Not Found")))
        op->unavailable = TRUE;
      else
        paged_fail (op, response_error (response, &op->ctx));
    }
  else if (!roster_http_response_declares_json (response))
    paged_fail (op, not_api_error (response));

  if (op->error != NULL || op->unavailable)
    {
      g_autoptr(GTask) task = g_steal_pointer (&data->task);

      page_request_free (data);
      op->pending--;
      if (op->pending == 0)
        paged_complete (task);
      return;
    }

  next = roster_http_response_get_header (response, "x-next-page");
  link_next = roster_http_response_dup_link (response, "next");
  data->total = header_int (response, "x-total");
  data->total_pages = header_int (response, "x-total-pages");
  data->next_empty = next != NULL && next[0] == '\0';
  data->link_next = link_next != NULL;
  data->response = g_steal_pointer (&response);
  work = g_task_new (NULL, NULL, page_read_cb, data);
  g_task_set_source_tag (work, paged_page_cb);
  g_task_set_task_data (work, data, (GDestroyNotify) page_request_free);
  g_task_run_in_thread (work, page_read_thread);
}

static void
paged_start_attempt (GTask *task)
{
  PagedOp *op = g_task_get_task_data (task);

  g_clear_pointer (&op->pages, g_ptr_array_unref);
  g_clear_pointer (&op->totals, g_array_unref);
  op->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  op->totals = g_array_new (FALSE, FALSE, sizeof (gint64));
  op->attempt++;
  op->total = -1;
  op->n_pages = 1;
  op->end_page = 0;
  op->done = 0;
  paged_request (task, 1);
}

static void
paged_list (RosterGitlabClient  *self,
            gpointer             source_tag,
            What                 what,
            gint64               group_id,
            const char          *suffix,
            gboolean             seat_info,
            gboolean             feature_detect,
            PageReader           read,
            ItemId               item_id,
            GDestroyNotify       item_free,
            RosterGitlabItemMapFunc map,
            gpointer             map_data,
            GDestroyNotify       map_free,
            RosterProgressFunc   progress,
            gpointer             progress_data,
            GDestroyNotify       progress_destroy,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PagedOp *op;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);

  op = g_new0 (PagedOp, 1);
  op->self = self;
  op->ctx.what = what;
  op->group = group_segment (group_id);
  op->ctx.group = op->group;
  op->path = g_strdup_printf ("/api/v4/groups/%" G_GINT64_FORMAT "/%s", group_id, suffix);
  op->seat_info = seat_info;
  op->feature_detect = feature_detect;
  op->read = read;
  op->item_id = item_id;
  op->item_free = item_free;
  op->map = map;
  op->map_data = map_data;
  op->kept_free = map != NULL ? map_free : item_free;
  op->progress = progress;
  op->progress_data = progress_data;
  op->progress_destroy = progress_destroy;
  op->cancellable = g_cancellable_new ();
  op->outer = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  op->outer_id = g_cancellable_connect (op->outer, G_CALLBACK (outer_cancelled_cb),
                                        op->cancellable, NULL);
  g_task_set_task_data (task, op, (GDestroyNotify) paged_op_free);

  if (group_id <= 0)
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("The group is not resolved yet (no numeric id)."));
      return;
    }

  paged_start_attempt (task);
}

static gint64
member_id (gpointer item)
{
  return ((RosterGitlabMember *) item)->id;
}

static gint64
enterprise_user_id (gpointer item)
{
  return ((RosterGitlabEnterpriseUser *) item)->id;
}

/**
 * roster_gitlab_client_list_members_async:
 * @self: a #RosterGitlabClient
 * @group_id: the group's numeric id
 * @progress: (nullable) (scope notified): called as pages arrive (total 0
 *   while unknown)
 * @progress_data: closure for @progress
 * @progress_destroy: (nullable): frees @progress_data when done
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `GET /groups/:id/members?per_page=100&show_seat_info=true`, every page.
 * Each page is read in a worker thread, in one pass and without a JSON tree
 * (roster_member_reader_parse_list()).
 *
 * When GitLab sends `x-total`/`x-total-pages` (up to 10 000 members), the
 * other pages are requested at once, RosterHttp bounding the concurrency,
 * and the result is exact: each member once (deduplicated by user id), all
 * pages agreeing on `x-total`, and as many members as `x-total` says. If a
 * member was added or removed between pages (the totals disagree or the
 * members do not add up), the listing is read again, up to 3 times, then
 * fails with %ROSTER_ERROR_CHANGED_ON_SERVER instead of silently missing
 * someone.
 *
 * Above 10 000 members GitLab omits the totals: pages are then requested in
 * a sliding window (as many as RosterHttp runs at once) until a short or
 * empty page, or an empty `x-next-page`. Duplicates are still removed, but
 * GitLab gives nothing to detect a member removed during the load, which
 * can hide one other member until the next refresh.
 */
void
roster_gitlab_client_list_members_async (RosterGitlabClient  *self,
                                         gint64               group_id,
                                         RosterProgressFunc   progress,
                                         gpointer             progress_data,
                                         GDestroyNotify       progress_destroy,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  paged_list (self, roster_gitlab_client_list_members_async, WHAT_MEMBERS, group_id, "members",
              TRUE, FALSE, roster_member_reader_parse_list, member_id,
              (GDestroyNotify) roster_gitlab_member_unref, NULL, NULL, NULL,
              progress, progress_data, progress_destroy, cancellable, callback, user_data);
}

/**
 * roster_gitlab_client_list_members_mapped_async:
 * @self: a #RosterGitlabClient
 * @group_id: the group's numeric id
 * @map: (scope call): turns each member into what the caller keeps; runs in
 *   worker threads (see #RosterGitlabItemMapFunc)
 * @map_data: closure for @map; must stay valid until @callback runs
 * @map_free: frees what @map returned (in the thread-default main context
 *   of this call)
 * @progress: (nullable) (scope notified): called as pages arrive
 * @progress_data: closure for @progress
 * @progress_destroy: (nullable): frees @progress_data when done
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Like roster_gitlab_client_list_members_async(), with the same guarantees
 * (deduplication by user id, totals checked, read again when the list
 * changed), but each page is handed to @map as soon as it is read, in the
 * worker thread that read it, and the parsed members are dropped at once: a
 * listing of 100 000 members then holds only what @map made of them, not
 * 100 000 parsed #RosterGitlabMember, and its main context only keeps the
 * books (ids, totals, duplicates).
 *
 * @map is called for every member of every page read, including
 * duplicates and pages of an attempt that is later read again; only what
 * belongs to the final, deduplicated listing is returned by
 * roster_gitlab_client_list_members_finish() (in an array freeing with
 * @map_free); everything else is freed with @map_free.
 */
void
roster_gitlab_client_list_members_mapped_async (RosterGitlabClient      *self,
                                                gint64                   group_id,
                                                RosterGitlabItemMapFunc  map,
                                                gpointer                 map_data,
                                                GDestroyNotify           map_free,
                                                RosterProgressFunc       progress,
                                                gpointer                 progress_data,
                                                GDestroyNotify           progress_destroy,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data)
{
  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));
  g_return_if_fail (map != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  paged_list (self, roster_gitlab_client_list_members_async, WHAT_MEMBERS, group_id, "members",
              TRUE, FALSE, roster_member_reader_parse_list, member_id,
              (GDestroyNotify) roster_gitlab_member_unref, map, map_data, map_free,
              progress, progress_data, progress_destroy, cancellable, callback, user_data);
}

/**
 * roster_gitlab_client_list_members_finish:
 *
 * Returns: (transfer full) (element-type RosterGitlabMember): the members
 *   (or, after roster_gitlab_client_list_members_mapped_async(), what the
 *   map made of them), or %NULL with @error set
 */
GPtrArray *
roster_gitlab_client_list_members_finish (RosterGitlabClient  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  return propagate (self, result, roster_gitlab_client_list_members_async, error);
}

/**
 * roster_gitlab_client_list_enterprise_users_async:
 * @self: a #RosterGitlabClient
 * @group_id: the top-level group's numeric id
 * @progress: (nullable) (scope notified): called as pages arrive
 * @progress_data: closure for @progress
 * @progress_destroy: (nullable): frees @progress_data when done
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `GET /groups/:id/enterprise_users` (GitLab 17.7+), paged like members.
 * Each page is read in a worker thread, in one pass and without a JSON tree
 * (roster_enterprise_reader_parse_list()).
 * On a GitLab without this endpoint (a 404 that is not "Group Not Found"),
 * the finish function returns %NULL with *available = %FALSE and no error:
 * then, per gitlab-api.md §3.4, a member whose `email` an Owner can see is
 * an enterprise user (#RosterGitlabMember.email_presence).
 */
void
roster_gitlab_client_list_enterprise_users_async (RosterGitlabClient  *self,
                                                  gint64               group_id,
                                                  RosterProgressFunc   progress,
                                                  gpointer             progress_data,
                                                  GDestroyNotify       progress_destroy,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  paged_list (self, roster_gitlab_client_list_enterprise_users_async, WHAT_ENTERPRISE, group_id,
              "enterprise_users", FALSE, TRUE, roster_enterprise_reader_parse_list,
              enterprise_user_id, (GDestroyNotify) roster_gitlab_enterprise_user_unref, NULL, NULL,
              NULL, progress, progress_data, progress_destroy, cancellable, callback, user_data);
}

/**
 * roster_gitlab_client_list_enterprise_users_mapped_async:
 * @map: (scope call): turns each enterprise user into what the caller keeps;
 *   runs in worker threads (see #RosterGitlabItemMapFunc)
 * @map_data: closure for @map; must stay valid until @callback runs
 * @map_free: (nullable): frees what @map returned (%NULL: @map_data owns it)
 *
 * Like roster_gitlab_client_list_enterprise_users_async(), with each page
 * handed to @map as it arrives and then dropped, as
 * roster_gitlab_client_list_members_mapped_async() does. Finish with
 * roster_gitlab_client_list_enterprise_users_finish().
 */
void
roster_gitlab_client_list_enterprise_users_mapped_async (RosterGitlabClient      *self,
                                                         gint64                   group_id,
                                                         RosterGitlabItemMapFunc  map,
                                                         gpointer                 map_data,
                                                         GDestroyNotify           map_free,
                                                         RosterProgressFunc       progress,
                                                         gpointer                 progress_data,
                                                         GDestroyNotify           progress_destroy,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data)
{
  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));
  g_return_if_fail (map != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  paged_list (self, roster_gitlab_client_list_enterprise_users_async, WHAT_ENTERPRISE, group_id,
              "enterprise_users", FALSE, TRUE, roster_enterprise_reader_parse_list,
              enterprise_user_id, (GDestroyNotify) roster_gitlab_enterprise_user_unref, map,
              map_data, map_free, progress, progress_data, progress_destroy, cancellable,
              callback, user_data);
}

/**
 * roster_gitlab_client_list_enterprise_users_finish:
 * @available: (out) (optional): %FALSE when this GitLab has no enterprise
 *   users API
 *
 * Returns: (transfer full) (element-type RosterGitlabEnterpriseUser)
 *   (nullable): the users; %NULL with @error set on failure, or %NULL with
 *   *available = %FALSE when the API does not exist
 */
GPtrArray *
roster_gitlab_client_list_enterprise_users_finish (RosterGitlabClient  *self,
                                                   GAsyncResult        *result,
                                                   gboolean            *available,
                                                   GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *users;

  users = propagate (self, result, roster_gitlab_client_list_enterprise_users_async, &local_error);
  if (available != NULL)
    *available = users != NULL || local_error != NULL;
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return users;
}

static gpointer
parse_member (JsonNode  *node,
              gpointer   data,
              GError   **error)
{
  return roster_gitlab_member_parse (node, error);
}

/**
 * roster_gitlab_client_get_member_async:
 * @self: a #RosterGitlabClient
 * @group_id: the group's numeric id
 * @user_id: a user id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `GET /groups/:id/members/all/:user_id` (direct or inherited membership).
 * Not a member: %ROSTER_ERROR_NOT_FOUND.
 */
void
roster_gitlab_client_get_member_async (RosterGitlabClient  *self,
                                       gint64               group_id,
                                       gint64               user_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RosterHttpRequest) request = NULL;
  g_autofree char *group = group_segment (group_id);

  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));

  task = simple_task_new (self, roster_gitlab_client_get_member_async, WHAT_MEMBERS, 0, group, NULL,
                          cancellable, callback, user_data);
  request = api_request ("GET", "/groups/%" G_GINT64_FORMAT "/members/all/%" G_GINT64_FORMAT,
                         group_id, user_id);
  simple_send (self, task, request, parse_member, NULL, (GDestroyNotify) roster_gitlab_member_unref);
}

/**
 * roster_gitlab_client_get_member_finish:
 *
 * Returns: (transfer full): the member, or %NULL with @error set
 */
RosterGitlabMember *
roster_gitlab_client_get_member_finish (RosterGitlabClient  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  return propagate (self, result, roster_gitlab_client_get_member_async, error);
}

/* ------------------------------------------------------------------------ */
/* Identities */

static gpointer
read_identities (SimpleOp    *op,
                 const char  *data,
                 gsize        size,
                 GError     **error)
{
  return roster_identity_reader_parse_list (data, size, op->ctx.kind, error);
}

static gpointer
read_identities_with (SimpleOp    *op,
                      const char  *data,
                      gsize        size,
                      GError     **error)
{
  if (!roster_identity_reader_parse (data, size, op->ctx.kind, op->reader, op->reader_data, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gpointer
parse_identity (JsonNode  *node,
                gpointer   data,
                GError   **error)
{
  return roster_gitlab_identity_parse (node, GPOINTER_TO_INT (data), error);
}

/**
 * roster_gitlab_client_list_identities_async:
 * @self: a #RosterGitlabClient
 * @group_id: the top-level group's numeric id
 * @kind: SAML or SCIM
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `GET /groups/:id/{saml,scim}/identities`: the whole list in one answer
 * (GitLab does not paginate it). The body is read in a worker thread by
 * roster_identity_reader_parse_list(), in one pass and without a JSON tree
 * (~90 MB for 100 000 identities). The SCIM list holds
 * inactive (deprovisioned) identities as well. A group without SAML SSO
 * fails with %ROSTER_ERROR_NOT_FOUND; a caller who is not Owner with
 * %ROSTER_ERROR_FORBIDDEN.
 */
void
roster_gitlab_client_list_identities_async (RosterGitlabClient  *self,
                                            gint64               group_id,
                                            RosterIdentityKind   kind,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RosterHttpRequest) request = NULL;
  g_autofree char *group = group_segment (group_id);
  SimpleOp *op;

  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));
  g_return_if_fail (kind == ROSTER_IDENTITY_SAML || kind == ROSTER_IDENTITY_SCIM);

  task = simple_task_new (self, roster_gitlab_client_list_identities_async, WHAT_IDENTITIES, kind,
                          group, NULL, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->in_thread = TRUE;
  op->raw_parse = read_identities;
  request = api_request ("GET", "/groups/%" G_GINT64_FORMAT "/%s/identities",
                         group_id, roster_identity_kind_to_string (kind));
  roster_http_request_set_raw_json (request, TRUE);
  simple_send (self, task, request, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * roster_gitlab_client_list_identities_finish:
 *
 * Returns: (transfer full) (element-type RosterGitlabIdentity): the
 *   identities, or %NULL with @error set
 */
GPtrArray *
roster_gitlab_client_list_identities_finish (RosterGitlabClient  *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  return propagate (self, result, roster_gitlab_client_list_identities_async, error);
}

/**
 * roster_gitlab_client_read_identities_async:
 * @self: a #RosterGitlabClient
 * @group_id: the top-level group's numeric id
 * @kind: SAML or SCIM
 * @func: (scope async): called with each record, in a worker thread
 * @func_data: closure for @func; must stay valid until @callback runs, and
 *   not be used by anyone else meanwhile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Like roster_gitlab_client_list_identities_async(), but the records are
 * handed to @func as they are read (roster_identity_reader_parse()), so
 * the caller keeps them in its own compact form and no list of
 * #RosterGitlabIdentity is built. On failure, discard what @func received.
 */
void
roster_gitlab_client_read_identities_async (RosterGitlabClient       *self,
                                            gint64                    group_id,
                                            RosterIdentityKind        kind,
                                            RosterIdentityReaderFunc  func,
                                            gpointer                  func_data,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RosterHttpRequest) request = NULL;
  g_autofree char *group = group_segment (group_id);
  SimpleOp *op;

  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));
  g_return_if_fail (kind == ROSTER_IDENTITY_SAML || kind == ROSTER_IDENTITY_SCIM);
  g_return_if_fail (func != NULL);

  task = simple_task_new (self, roster_gitlab_client_read_identities_async, WHAT_IDENTITIES, kind,
                          group, NULL, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->in_thread = TRUE;
  op->raw_parse = read_identities_with;
  op->reader = func;
  op->reader_data = func_data;
  request = api_request ("GET", "/groups/%" G_GINT64_FORMAT "/%s/identities",
                         group_id, roster_identity_kind_to_string (kind));
  roster_http_request_set_raw_json (request, TRUE);
  simple_send (self, task, request, NULL, NULL, NULL);
}

/**
 * roster_gitlab_client_read_identities_finish:
 *
 * Returns: %TRUE when every record was read and handed over
 */
gboolean
roster_gitlab_client_read_identities_finish (RosterGitlabClient  *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  return propagate (self, result, roster_gitlab_client_read_identities_async, error) != NULL;
}

static RosterHttpRequest *
identity_request (const char         *method,
                  gint64              group_id,
                  RosterIdentityKind  kind,
                  const char         *extern_uid)
{
  g_autofree char *uid = roster_http_escape_segment (extern_uid);

  return api_request (method, "/groups/%" G_GINT64_FORMAT "/%s/%s",
                      group_id, roster_identity_kind_to_string (kind), uid);
}

static gboolean
check_uid (GTask      *task,
           const char *value,
           gboolean    is_new)
{
  if (value[0] == '\0')
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               is_new ? _("The new value cannot be empty.")
                                      : _("An identity value cannot be empty."));
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("The value is not valid UTF-8 text."));
      return FALSE;
    }
  return TRUE;
}

/**
 * roster_gitlab_client_get_identity_async:
 * @self: a #RosterGitlabClient
 * @group_id: the top-level group's numeric id
 * @kind: SAML or SCIM
 * @extern_uid: the identity's value (SAML: exact; SCIM: case-insensitive)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `GET /groups/:id/{saml,scim}/:uid` (GitLab 16.1+), @extern_uid
 * percent-encoded. Unknown: %ROSTER_ERROR_NOT_FOUND.
 */
void
roster_gitlab_client_get_identity_async (RosterGitlabClient  *self,
                                         gint64               group_id,
                                         RosterIdentityKind   kind,
                                         const char          *extern_uid,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RosterHttpRequest) request = NULL;
  g_autofree char *group = group_segment (group_id);

  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));
  g_return_if_fail (extern_uid != NULL);

  task = simple_task_new (self, roster_gitlab_client_get_identity_async, WHAT_IDENTITY, kind,
                          group, extern_uid, cancellable, callback, user_data);
  if (!check_uid (task, extern_uid, FALSE))
    return;

  request = identity_request ("GET", group_id, kind, extern_uid);
  simple_send (self, task, request, parse_identity, GINT_TO_POINTER (kind),
               (GDestroyNotify) roster_gitlab_identity_unref);
}

/**
 * roster_gitlab_client_get_identity_finish:
 *
 * Returns: (transfer full): the identity, or %NULL with @error set
 */
RosterGitlabIdentity *
roster_gitlab_client_get_identity_finish (RosterGitlabClient  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  return propagate (self, result, roster_gitlab_client_get_identity_async, error);
}

/**
 * roster_gitlab_client_update_identity_async:
 * @self: a #RosterGitlabClient
 * @group_id: the top-level group's numeric id
 * @kind: SAML or SCIM
 * @extern_uid: the identity's current value
 * @new_extern_uid: the value to store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `PATCH /groups/:id/{saml,scim}/:uid` with `extern_uid` (needs the `api`
 * scope and the Owner role). Errors: %ROSTER_ERROR_NOT_FOUND ("Identity Not
 * Found"), %ROSTER_ERROR_INVALID_INPUT (400: missing or refused value),
 * %ROSTER_ERROR_CONFLICT (value taken), %ROSTER_ERROR_FORBIDDEN (403: scope
 * `read_api` only, or not Owner; the message says which). Never retried.
 */
void
roster_gitlab_client_update_identity_async (RosterGitlabClient  *self,
                                            gint64               group_id,
                                            RosterIdentityKind   kind,
                                            const char          *extern_uid,
                                            const char          *new_extern_uid,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RosterHttpRequest) request = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *group = group_segment (group_id);
  SimpleOp *op;

  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));
  g_return_if_fail (extern_uid != NULL);
  g_return_if_fail (new_extern_uid != NULL);

  task = simple_task_new (self, roster_gitlab_client_update_identity_async, WHAT_IDENTITY, kind,
                          group, extern_uid, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->ctx.write = TRUE;
  if (!check_uid (task, extern_uid, FALSE) || !check_uid (task, new_extern_uid, TRUE))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "extern_uid");
  json_builder_add_string_value (builder, new_extern_uid);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  request = identity_request ("PATCH", group_id, kind, extern_uid);
  roster_http_request_set_json_body (request, body, "application/json");
  simple_send (self, task, request, parse_identity, GINT_TO_POINTER (kind),
               (GDestroyNotify) roster_gitlab_identity_unref);
}

/**
 * roster_gitlab_client_update_identity_finish:
 *
 * Returns: (transfer full): the identity as stored now, or %NULL with
 *   @error set
 */
RosterGitlabIdentity *
roster_gitlab_client_update_identity_finish (RosterGitlabClient  *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  return propagate (self, result, roster_gitlab_client_update_identity_async, error);
}

/**
 * roster_gitlab_client_delete_identity_async:
 * @self: a #RosterGitlabClient
 * @group_id: the top-level group's numeric id
 * @kind: SAML or SCIM
 * @extern_uid: the identity's value
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `DELETE /groups/:id/{saml,scim}/:uid` (GitLab 16.5+): removes only the
 * identity record, not the membership. Never retried.
 */
void
roster_gitlab_client_delete_identity_async (RosterGitlabClient  *self,
                                            gint64               group_id,
                                            RosterIdentityKind   kind,
                                            const char          *extern_uid,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RosterHttpRequest) request = NULL;
  g_autofree char *group = group_segment (group_id);
  SimpleOp *op;

  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));
  g_return_if_fail (extern_uid != NULL);

  task = simple_task_new (self, roster_gitlab_client_delete_identity_async, WHAT_IDENTITY, kind,
                          group, extern_uid, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->ctx.write = TRUE;
  if (!check_uid (task, extern_uid, FALSE))
    return;

  request = identity_request ("DELETE", group_id, kind, extern_uid);
  simple_send (self, task, request, NULL, NULL, NULL);
}

/**
 * roster_gitlab_client_delete_identity_finish:
 *
 * Returns: %TRUE when removed, %FALSE with @error set
 */
gboolean
roster_gitlab_client_delete_identity_finish (RosterGitlabClient  *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  g_return_val_if_fail (ROSTER_IS_GITLAB_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* The token */

static gpointer
parse_user (JsonNode  *node,
            gpointer   data,
            GError   **error)
{
  return roster_gitlab_user_parse (node, error);
}

static gpointer
parse_token_info (JsonNode  *node,
                  gpointer   data,
                  GError   **error)
{
  return roster_gitlab_token_info_parse (node, error);
}

/**
 * roster_gitlab_client_get_current_user_async:
 * @self: a #RosterGitlabClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `GET /user`: whose token this is.
 */
void
roster_gitlab_client_get_current_user_async (RosterGitlabClient  *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RosterHttpRequest) request = NULL;

  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));

  task = simple_task_new (self, roster_gitlab_client_get_current_user_async, WHAT_TOKEN, 0, NULL, NULL,
                          cancellable, callback, user_data);
  request = api_request ("GET", "/user");
  simple_send (self, task, request, parse_user, NULL, (GDestroyNotify) roster_gitlab_user_unref);
}

/**
 * roster_gitlab_client_get_current_user_finish:
 *
 * Returns: (transfer full): the token's user, or %NULL with @error set
 */
RosterGitlabUser *
roster_gitlab_client_get_current_user_finish (RosterGitlabClient  *self,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  return propagate (self, result, roster_gitlab_client_get_current_user_async, error);
}

/**
 * roster_gitlab_client_get_token_info_async:
 * @self: a #RosterGitlabClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * `GET /personal_access_tokens/self`: the token's scopes, without changing
 * anything. %ROSTER_ERROR_NOT_FOUND on a GitLab without this endpoint.
 */
void
roster_gitlab_client_get_token_info_async (RosterGitlabClient  *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RosterHttpRequest) request = NULL;

  g_return_if_fail (ROSTER_IS_GITLAB_CLIENT (self));

  task = simple_task_new (self, roster_gitlab_client_get_token_info_async, WHAT_TOKEN, 0, NULL, NULL,
                          cancellable, callback, user_data);
  request = api_request ("GET", "/personal_access_tokens/self");
  simple_send (self, task, request, parse_token_info, NULL,
               (GDestroyNotify) roster_gitlab_token_info_unref);
}

/**
 * roster_gitlab_client_get_token_info_finish:
 *
 * Returns: (transfer full): the token's description, or %NULL with @error set
 */
RosterGitlabTokenInfo *
roster_gitlab_client_get_token_info_finish (RosterGitlabClient  *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  return propagate (self, result, roster_gitlab_client_get_token_info_async, error);
}

/* ------------------------------------------------------------------------ */
/* Object */

static void
roster_gitlab_client_finalize (GObject *object)
{
  RosterGitlabClient *self = (RosterGitlabClient *) object;

  g_clear_object (&self->http);

  G_OBJECT_CLASS (roster_gitlab_client_parent_class)->finalize (object);
}

static void
roster_gitlab_client_class_init (RosterGitlabClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_gitlab_client_finalize;
}

static void
roster_gitlab_client_init (RosterGitlabClient *self)
{
}

/**
 * roster_gitlab_client_new:
 * @http: a #RosterHttp whose base URL is the GitLab instance
 *   (`https://gitlab.com`); its API token is used
 *
 * Returns: (transfer full): a new client
 */
RosterGitlabClient *
roster_gitlab_client_new (RosterHttp *http)
{
  RosterGitlabClient *self;

  g_return_val_if_fail (ROSTER_IS_HTTP (http), NULL);

  self = g_object_new (ROSTER_TYPE_GITLAB_CLIENT, NULL);
  self->http = g_object_ref (http);
  return self;
}

RosterHttp *
roster_gitlab_client_get_http (RosterGitlabClient *self)
{
  g_return_val_if_fail (ROSTER_IS_GITLAB_CLIENT (self), NULL);

  return self->http;
}
