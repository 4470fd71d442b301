/* roster-session.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-session"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-connection-test.h"
#include "roster-error.h"
#include "roster-gitlab-client.h"
#include "roster-http.h"
#include "roster-member-reader.h"
#include "roster-session.h"

/* A connection to one group, for the window: it loads snapshots and says
 * how far it got.
 *
 * Before the first load, a connection test (roster_connection_test_async())
 * diagnoses both tokens: a token or group that cannot work stops there,
 * with the diagnosis (cause and fix) for the error page. A SCIM problem
 * (a dotted group path…) stops too, since the IdP cannot provision the
 * group, but the Owner may look at the members anyway.
 *
 * Loading: resolve the group; then, at once, the first page of members (so
 * that rows show within a fraction of a second), all members, the SAML
 * identities (then the SCIM ones) and the enterprise users. Members become
 * rows as soon as they arrive; once everything is there the snapshot
 * reconciles and is done.
 *
 * The first snapshot is shown while it loads. A refresh loads a new one in
 * the background and swaps it in, whole, when it is done: the window never
 * shows a half-refreshed group, and keeps the old one if the refresh fails.
 * A new load, cancel () and disposing the session cancel a load under way. */

typedef struct
{
  gatomicrefcount      ref_count;
  RosterSession       *session;      /* owned */
  GCancellable        *cancellable;  /* owned */
  RosterGitlabClient  *client;       /* owned */
  RosterSnapshot      *snapshot;     /* owned */
  GPtrArray           *members;      /* rows, being added a slice at a time */
  guint                members_added;
  guint                add_slice;     /* rows to add at the next turn */
  guint                add_source;
  gboolean             members_done;
  gboolean             lists_started;
  RosterIdentityRecords *saml;      /* filled in a worker thread */
  RosterIdentityRecords *scim;
  RosterEnterpriseRecords *enterprise; /* filled page by page, in worker threads */
  GPtrArray           *enterprise_users;  /* the listing's result: records, in order */
  gboolean             enterprise_available;
  guint                pending;
  gboolean             over;
  gint64               reconcile_started;
} Load;

struct _RosterSession
{
  GObject             parent_instance;

  /* owned */
  char               *label;
  char               *instance_url;
  char               *group_path;
  char               *api_token;
  char               *scim_token;
  RosterSandbox      *sandbox;
  RosterRequestLog   *log;
  RosterHttp         *http;
  RosterSnapshot     *snapshot;    /* shown */
  RosterIdpExport    *idp_export;
  GError             *error;
  Load               *load;        /* under way, or NULL */
  RosterConnectionReport *report;  /* of the connection test */
  RosterConnectionCheck  *blocking; /* in report: what stops loading */
  gboolean            blocking_scim;
  gboolean            checked;     /* the connection test passed (or was waived) */
};

G_DEFINE_FINAL_TYPE (RosterSession, roster_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SNAPSHOT,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

enum
{
  PROGRESS,
  LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static Load *
load_ref (Load *load)
{
  g_atomic_ref_count_inc (&load->ref_count);
  return load;
}

static void
load_unref (Load *load)
{
  if (!g_atomic_ref_count_dec (&load->ref_count))
    return;

  g_clear_handle_id (&load->add_source, g_source_remove);
  g_clear_object (&load->session);
  g_clear_object (&load->cancellable);
  g_clear_object (&load->client);
  g_clear_object (&load->snapshot);
  g_clear_pointer (&load->members, g_ptr_array_unref);
  g_clear_pointer (&load->saml, roster_identity_records_free);
  g_clear_pointer (&load->scim, roster_identity_records_free);
  g_clear_pointer (&load->enterprise, roster_enterprise_records_free);
  g_clear_pointer (&load->enterprise_users, g_ptr_array_unref);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_unref)

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         || g_error_matches (error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
}

static void
set_snapshot (RosterSession  *self,
              RosterSnapshot *snapshot)
{
  if (g_set_object (&self->snapshot, snapshot))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
}

/* The load is over: forget it (but the callbacks still hold it). */
static void
load_end (Load *load)
{
  RosterSession *self = load->session;

  load->over = TRUE;
  if (self->load == load)
    {
      self->load = NULL;
      load_unref (load);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
load_fail (Load         *load,
           const GError *error)
{
  RosterSession *self = load->session;

  if (load->over)
    return;

  g_debug ("Loading %s failed: %s", self->group_path, error->message);
  g_cancellable_cancel (load->cancellable);
  if (load->snapshot != NULL)
    roster_snapshot_fail (load->snapshot, error);

  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  load_end (load);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Whether the callback should go on (not cancelled, not failed). */
static gboolean
load_check (Load   *load,
            GError *error)
{
  if (load->over)
    return FALSE;
  if (error != NULL)
    {
      if (!is_cancelled (error))
        load_fail (load, error);
      return FALSE;
    }
  return TRUE;
}

static void
emit_progress (Load *load)
{
  if (load->session->load == load)
    g_signal_emit (load->session, signals[PROGRESS], 0);
}

/* The load is complete: shows its snapshot. */
static void
finish (Load *load)
{
  RosterSession *self = load->session;

  g_clear_error (&self->error);
  set_snapshot (self, load->snapshot);
  load_end (load);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_signal_emit (self, signals[LOADED], 0);
}

static gboolean
finish_cb (gpointer user_data)
{
  Load *load = user_data;

  if (!load->over && load->session->load == load)
    finish (load);
  return G_SOURCE_REMOVE;
}

static void
complete_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  RosterSession *self = load->session;

  roster_snapshot_complete_finish (ROSTER_SNAPSHOT (object), result, &error);
  if (!load_check (load, error))
    return;

  g_debug ("Reconciled in %.0f ms", (g_get_monotonic_time () - load->reconcile_started) / 1000.0);
  /* A refresh swaps the snapshot shown in a main loop turn of its own: it
   * costs the window some 30 ms, which the last of the reconcile's work
   * comes just before in this one. */
  if (self->snapshot != NULL && self->snapshot != load->snapshot)
    {
      g_idle_add_full (G_PRIORITY_DEFAULT, finish_cb, g_steal_pointer (&load), (GDestroyNotify) load_unref);
      return;
    }
  finish (load);
}

static void
load_maybe_finish (Load *load)
{
  RosterSession *self = load->session;

  if (load->over || load->pending > 0)
    return;

  g_debug ("Everything read for %s: reconciling", self->group_path);
  load->reconcile_started = g_get_monotonic_time ();
  roster_snapshot_set_phase (load->snapshot, ROSTER_SNAPSHOT_PHASE_RECONCILE, 0, 0);
  emit_progress (load);

  /* The snapshot reconciles in the background (a worker thread compares,
   * the rows are updated a slice per main loop turn), once: on the SCIM
   * identities, the last input fed. */
  roster_snapshot_take_enterprise_users (load->snapshot, g_steal_pointer (&load->enterprise),
                                         load->enterprise_users, load->enterprise_available);
  roster_snapshot_set_idp_export (load->snapshot, self->idp_export);
  roster_snapshot_take_identities (load->snapshot, g_steal_pointer (&load->saml));
  roster_snapshot_take_identities (load->snapshot, g_steal_pointer (&load->scim));
  g_clear_pointer (&load->enterprise_users, g_ptr_array_unref);
  g_debug ("Fed in %.0f ms", (g_get_monotonic_time () - load->reconcile_started) / 1000.0);

  roster_snapshot_complete_async (load->snapshot, load->cancellable, complete_cb, load_ref (load));
}

static void
members_progress_cb (guint64  done,
                     guint64  total,
                     gpointer user_data)
{
  Load *load = user_data;

  if (load->over || roster_snapshot_get_loaded (load->snapshot))
    return;
  roster_snapshot_set_phase (load->snapshot, ROSTER_SNAPSHOT_PHASE_MEMBERS, done, total);
  emit_progress (load);
}

/* Rows are added a slice per main loop turn, sized so that a turn takes
 * about ADD_BUDGET_US: a slice costs little once the list has its row
 * widgets (2 000 rows in about a millisecond), but while the list makes
 * them (GTK 4.8's column view keeps up to 200 rows, each bound to its
 * member) a row costs 0.3 to 5 ms. So ADD_SLICE_MIN rows a turn until the
 * list has ADD_WIDGETS rows, then slices sized on the last one's cost per
 * row added (growing at most twofold a turn). */
#define ADD_SLICE_MIN 4
#define ADD_FIRST     4     /* rows of the first page added at once */
#define ADD_SLICE_MAX 2000
#define ADD_WIDGETS   256
#define ADD_BUDGET_US (6 * 1000)

static gboolean
add_members_cb (gpointer user_data)
{
  Load *load = user_data;
  GListModel *model = roster_snapshot_get_model (load->snapshot);
  guint added;

  if (load->over)
    {
      load->add_source = 0;
      return G_SOURCE_REMOVE;
    }

  /* Rows of users already there (the first page, again) cost nothing: on
   * to the next slice, in the same turn. */
  do
    {
      g_autoptr(GPtrArray) slice = NULL;
      guint n = MIN (load->add_slice, load->members->len - load->members_added);
      guint before = g_list_model_get_n_items (model);
      gint64 start, elapsed;

      slice = g_ptr_array_new_full (n, NULL);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (slice, g_ptr_array_index (load->members, load->members_added + i));
      start = g_get_monotonic_time ();
      roster_snapshot_add_rows (load->snapshot, slice);
      elapsed = g_get_monotonic_time () - start;
      added = g_list_model_get_n_items (model) - before;
      load->members_added += n;
      if (added > 0)
        {
          g_debug ("%u rows added in %.1f ms", added, elapsed / 1000.0);
          if (before + added < ADD_WIDGETS)
            load->add_slice = ADD_SLICE_MIN;
          else
            load->add_slice = CLAMP ((gint64) added * ADD_BUDGET_US / MAX (elapsed, 1),
                                     ADD_SLICE_MIN, MIN (ADD_SLICE_MAX, 2 * load->add_slice));
        }
    }
  while (added == 0 && load->members_added < load->members->len);

  if (load->members_added < load->members->len)
    return G_SOURCE_CONTINUE;

  load->add_source = 0;
  g_clear_pointer (&load->members, g_ptr_array_unref);
  load->members_added = 0;
  /* The first page only: the rest comes with the whole listing. */
  if (!load->members_done)
    return G_SOURCE_REMOVE;

  /* All in: the members' objects are the snapshot's business now. */
  roster_snapshot_set_phase (load->snapshot, ROSTER_SNAPSHOT_PHASE_IDENTITIES, 0, 0);
  emit_progress (load);
  load->pending--;
  load_maybe_finish (load);
  return G_SOURCE_REMOVE;
}

/* Queues @rows (taken over) to be added, after the rows queued already;
 * rows of users already there are skipped when their turn comes. */
static void
queue_rows (Load      *load,
            GPtrArray *rows)
{
  if (load->members == NULL)
    load->members = rows;
  else
    g_ptr_array_extend_and_steal (load->members, rows);

  if (load->add_source == 0)
    load->add_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, add_members_cb, load_ref (load),
                                        (GDestroyNotify) load_unref);
}

static gpointer
map_member (gconstpointer item,
            gpointer      user_data)
{
  return roster_snapshot_member_row_new (item);
}

static void
members_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;

  members = roster_gitlab_client_list_members_finish (ROSTER_GITLAB_CLIENT (object), result, &error);
  if (!load_check (load, error))
    return;

  g_debug ("%u members read", members->len);
  load->members_done = TRUE;
  /* Rows for 100 000 members are added a slice per main loop turn, so that
   * the window stays responsive while they appear. */
  queue_rows (load, g_steal_pointer (&members));
}

static void saml_cb       (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);
static void enterprise_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
load_start_lists (Load *load)
{
  gint64 group_id = roster_snapshot_get_group_id (load->snapshot);

  if (load->lists_started)
    return;
  load->lists_started = TRUE;
  /* The identity lists are read straight into the snapshot's compact form,
   * in the worker thread that reads each body: no JSON tree, no list of
   * parsed identities, nothing to convert on the main thread. */
  load->saml = roster_identity_records_new (ROSTER_IDENTITY_SAML);
  roster_gitlab_client_read_identities_async (load->client, group_id, ROSTER_IDENTITY_SAML,
                                              roster_identity_records_add, load->saml,
                                              load->cancellable, saml_cb, load_ref (load));
  /* So are the enterprise users, page by page, as the core's loader reads
   * them: what is kept of 100 000 users is a compact record each. */
  load->enterprise = roster_enterprise_records_new ();
  roster_gitlab_client_list_enterprise_users_mapped_async (load->client, group_id,
                                                           roster_enterprise_records_map,
                                                           load->enterprise, NULL, NULL, NULL, NULL,
                                                           load->cancellable, enterprise_cb,
                                                           load_ref (load));
}

/* In a worker thread: the first page read and made into rows, as the
 * listing does with every page (roster_snapshot_member_row_new() makes
 * objects nobody else sees yet). */
static void
first_page_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GBytes *body = roster_http_response_get_body (task_data);
  g_autoptr(GPtrArray) members = NULL;
  GPtrArray *rows;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  /* Errors are the full listing's to report. */
  members = roster_member_reader_parse_list (data, size, NULL);
  if (members == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  rows = g_ptr_array_new_full (members->len, g_object_unref);
  for (guint i = 0; i < members->len; i++)
    g_ptr_array_add (rows, roster_snapshot_member_row_new (g_ptr_array_index (members, i)));
  g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
first_rows_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GPtrArray) rows = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GPtrArray) first = NULL;

  if (load->over || load->members_done || rows == NULL)
    return;
  g_debug ("First page: %u members", rows->len);
  /* A screenful at once, the rest in slices too (the list makes a row
   * widget for each): the idle slices may wait behind the pages that keep
   * arriving. */
  first = g_ptr_array_new ();
  for (guint i = 0; i < MIN (rows->len, ADD_FIRST); i++)
    g_ptr_array_add (first, g_ptr_array_index (rows, i));
  roster_snapshot_add_rows (load->snapshot, first);
  queue_rows (load, g_steal_pointer (&rows));
  emit_progress (load);
}

/* The first page on its own: rows to show while the rest loads. */
static void
first_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterHttpResponse) response = NULL;
  g_autoptr(GTask) task = NULL;

  response = roster_http_request_finish (ROSTER_HTTP (object), result, &error);
  if (load->over)
    return;
  load_start_lists (load);
  if (load->members_done || response == NULL)
    return;  /* the full listing reports errors */
  if (!roster_http_response_is_success (response) || !roster_http_response_declares_json (response))
    return;

  /* Read off the main thread, like every other page. */
  task = g_task_new (NULL, NULL, first_rows_cb, load_ref (load));
  g_task_set_source_tag (task, first_page_cb);
  g_task_set_task_data (task, g_steal_pointer (&response), (GDestroyNotify) roster_http_response_unref);
  g_task_run_in_thread (task, first_page_thread);
}

static void scim_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
saml_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;

  roster_gitlab_client_read_identities_finish (ROSTER_GITLAB_CLIENT (object), result, &error);
  if (!load_check (load, error))
    return;
  g_debug ("SAML identities read");
  /* One identity list at a time: at 100 000 users each is a JSON document
   * of tens of megabytes, and two parsed at once double the peak memory. */
  load->scim = roster_identity_records_new (ROSTER_IDENTITY_SCIM);
  roster_gitlab_client_read_identities_async (load->client,
                                              roster_snapshot_get_group_id (load->snapshot),
                                              ROSTER_IDENTITY_SCIM,
                                              roster_identity_records_add, load->scim,
                                              load->cancellable, scim_cb, load_ref (load));
  load->pending--;
  load_maybe_finish (load);
}

static void
scim_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;

  roster_gitlab_client_read_identities_finish (ROSTER_GITLAB_CLIENT (object), result, &error);
  if (!load_check (load, error))
    return;
  g_debug ("SCIM identities read");
  load->pending--;
  load_maybe_finish (load);
}

static void
enterprise_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  gboolean available = FALSE;

  load->enterprise_users = roster_gitlab_client_list_enterprise_users_finish (ROSTER_GITLAB_CLIENT (object),
                                                                              result, &available, &error);
  if (load->over || is_cancelled (error))
    return;
  /* Not essential: without it, the badge falls back to visible emails. */
  if (error != NULL)
    g_debug ("Enterprise users not read: %s", error->message);
  load->enterprise_available = available && error == NULL;
  load->pending--;
  load_maybe_finish (load);
}

static void
group_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterGitlabGroup) group = NULL;
  g_autoptr(RosterHttpRequest) first_page = NULL;
  g_autofree char *path = NULL;
  RosterSession *self = load->session;

  group = roster_gitlab_client_get_group_finish (ROSTER_GITLAB_CLIENT (object), result, &error);
  if (!load_check (load, error))
    return;

  g_debug ("Group %s is %" G_GINT64_FORMAT, group->full_path, group->id);
  load->snapshot = roster_snapshot_new (self->instance_url, group->id,
                                        group->full_path != NULL ? group->full_path : self->group_path);
  roster_snapshot_set_background_reconcile (load->snapshot, TRUE);
  roster_snapshot_set_phase (load->snapshot, ROSTER_SNAPSHOT_PHASE_MEMBERS, 0, 0);
  /* The first load shows at once; a refresh waits until it is complete. */
  if (self->snapshot == NULL || !roster_snapshot_get_loaded (self->snapshot))
    set_snapshot (self, load->snapshot);
  emit_progress (load);

  path = g_strdup_printf ("/api/v4/groups/%" G_GINT64_FORMAT "/members", group->id);
  first_page = roster_http_request_new ("GET", path);
  roster_http_request_set_token_kind (first_page, ROSTER_TOKEN_API);
  roster_http_request_add_query_int (first_page, "per_page", ROSTER_GITLAB_PAGE_SIZE);
  roster_http_request_add_query_int (first_page, "page", 1);
  roster_http_request_set_raw_json (first_page, TRUE);
  roster_http_request_async (self->http, first_page, load->cancellable, first_page_cb,
                             load_ref (load));

  load->pending = 4;
  /* Each page becomes rows as it arrives and is dropped: at 100 000 users
   * the parsed members (about 1 KB each) never exist all at once, and the
   * rows are made while the next pages are on their way. */
  roster_gitlab_client_list_members_mapped_async (load->client, group->id,
                                                  map_member, NULL, g_object_unref,
                                                  members_progress_cb, load_ref (load),
                                                  (GDestroyNotify) load_unref,
                                                  load->cancellable, members_cb, load_ref (load));
  /* The identity lists wait for the first page: they are big, and the
   * server (the sandbox certainly) would answer them first. */
}

static RosterErrorCode
error_code_for_outcome (RosterConnectionOutcome outcome)
{
  switch (outcome)
    {
    case ROSTER_CONNECTION_BAD_TOKEN:
      return ROSTER_ERROR_AUTH;
    case ROSTER_CONNECTION_MISSING_SCOPE:
    case ROSTER_CONNECTION_NOT_OWNER:
    case ROSTER_CONNECTION_GROUP_SAML_DISABLED:
      return ROSTER_ERROR_FORBIDDEN;
    case ROSTER_CONNECTION_GROUP_NOT_FOUND:
    case ROSTER_CONNECTION_SAML_NOT_CONFIGURED:
      return ROSTER_ERROR_NOT_FOUND;
    case ROSTER_CONNECTION_TLS:
      return ROSTER_ERROR_TLS;
    case ROSTER_CONNECTION_UNREACHABLE:
      return ROSTER_ERROR_NETWORK;
    case ROSTER_CONNECTION_NOT_GITLAB:
      return ROSTER_ERROR_PROTOCOL;
    case ROSTER_CONNECTION_RATE_LIMITED:
      return ROSTER_ERROR_RATE_LIMITED;
    case ROSTER_CONNECTION_SERVER_ERROR:
      return ROSTER_ERROR_SERVER;
    case ROSTER_CONNECTION_DOTTED_GROUP_PATH:
    case ROSTER_CONNECTION_SUBGROUP:
    case ROSTER_CONNECTION_INSECURE_HTTP:
    case ROSTER_CONNECTION_INVALID_URL:
    case ROSTER_CONNECTION_OK:
    case ROSTER_CONNECTION_NOT_TESTED:
    case ROSTER_CONNECTION_READ_ONLY:
    case ROSTER_CONNECTION_FAILED:
    default:
      return ROSTER_ERROR_INVALID_INPUT;
    }
}

static gboolean
check_blocks (const RosterConnectionCheck *check)
{
  return check != NULL
         && check->outcome != ROSTER_CONNECTION_NOT_TESTED
         && !roster_connection_outcome_is_usable (check->outcome);
}

static void
load_start_group (Load *load)
{
  RosterSession *self = load->session;

  roster_gitlab_client_get_group_async (load->client, self->group_path, load->cancellable,
                                        group_cb, load_ref (load));
}

static void
connection_test_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  RosterSession *self = load->session;
  RosterConnectionReport *report;
  RosterConnectionCheck *blocking = NULL;

  report = roster_connection_test_finish (result, &error);
  if (!load_check (load, error))
    return;

  g_clear_pointer (&self->report, roster_connection_report_unref);
  self->report = report;

  self->blocking_scim = FALSE;
  if (check_blocks (report->api))
    blocking = report->api;
  else if (check_blocks (report->scim))
    {
      blocking = report->scim;
      self->blocking_scim = TRUE;
    }

  if (blocking != NULL)
    {
      g_autoptr(GError) diagnosis = NULL;

      g_debug ("The connection test stops loading: %s (%s)",
               roster_connection_outcome_to_string (blocking->outcome),
               self->blocking_scim ? "SCIM" : "API");
      diagnosis = g_error_new_literal (ROSTER_ERROR, error_code_for_outcome (blocking->outcome),
                                       blocking->message != NULL ? blocking->message : "");
      load_fail (load, diagnosis);
      self->blocking = blocking;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      return;
    }

  self->checked = TRUE;
  load_start_group (load);
}

static void
roster_session_dispose (GObject *object)
{
  RosterSession *self = (RosterSession *) object;

  roster_session_cancel (self);
  if (self->sandbox != NULL)
    roster_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->http);
  g_clear_object (&self->snapshot);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (roster_session_parent_class)->dispose (object);
}

static void
roster_session_finalize (GObject *object)
{
  RosterSession *self = (RosterSession *) object;

  g_free (self->label);
  g_free (self->instance_url);
  g_free (self->group_path);
  g_free (self->api_token);
  g_free (self->scim_token);
  g_clear_pointer (&self->idp_export, roster_idp_export_unref);
  g_clear_pointer (&self->report, roster_connection_report_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (roster_session_parent_class)->finalize (object);
}

static void
roster_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RosterSession *self = ROSTER_SESSION (object);

  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      g_value_set_object (value, self->snapshot);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->load != NULL);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_session_class_init (RosterSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_session_dispose;
  object_class->finalize = roster_session_finalize;
  object_class->get_property = roster_session_get_property;

  properties[PROP_SNAPSHOT] =
    g_param_spec_object ("snapshot", NULL, NULL, ROSTER_TYPE_SNAPSHOT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RosterSession::progress:
   *
   * The load under way got further (see roster_session_dup_progress_text()).
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * RosterSession::loaded:
   *
   * A load finished and its snapshot is shown.
   */
  signals[LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
roster_session_init (RosterSession *self)
{
  self->log = roster_request_log_new (ROSTER_REQUEST_LOG_DEFAULT_CAPACITY);
}

/**
 * roster_session_new:
 * @label: the account's name
 * @instance_url: "https://gitlab.com"
 * @group_path: the top-level group's full path
 * @api_token: (nullable): an Owner's access token with the api scope
 * @scim_token: (nullable): the group's SCIM token
 *
 * Returns: (transfer full): a session; nothing is loaded until
 *   roster_session_refresh()
 */
RosterSession *
roster_session_new (const char *label,
                    const char *instance_url,
                    const char *group_path,
                    const char *api_token,
                    const char *scim_token)
{
  RosterSession *self;

  g_return_val_if_fail (instance_url != NULL, NULL);
  g_return_val_if_fail (group_path != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_SESSION, NULL);
  self->label = g_strdup (label != NULL ? label : group_path);
  self->instance_url = g_strdup (instance_url);
  self->group_path = g_strdup (group_path);
  self->api_token = g_strdup (api_token);
  self->scim_token = g_strdup (scim_token);

  return self;
}

/**
 * roster_session_new_sandbox:
 * @sandbox: a sandbox that listens
 *
 * Returns: (transfer full): a session on the sandbox's group, with its
 *   tokens; the session stops the sandbox when it goes away
 */
RosterSession *
roster_session_new_sandbox (RosterSandbox *sandbox)
{
  RosterSession *self;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (sandbox), NULL);

  self = roster_session_new (_("Sandbox"),
                             roster_sandbox_get_url (sandbox),
                             roster_sandbox_get_group_path (sandbox),
                             roster_sandbox_get_api_token (sandbox),
                             roster_sandbox_get_scim_token (sandbox));
  self->sandbox = g_object_ref (sandbox);

  return self;
}

const char *
roster_session_get_label (RosterSession *self)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), NULL);

  return self->label;
}

const char *
roster_session_get_instance_url (RosterSession *self)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), NULL);

  return self->instance_url;
}

const char *
roster_session_get_group_path (RosterSession *self)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), NULL);

  return self->group_path;
}

/**
 * roster_session_is_sandbox:
 *
 * Returns: whether the session shows the built-in sandbox (sample data)
 */
gboolean
roster_session_is_sandbox (RosterSession *self)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);

  return self->sandbox != NULL;
}

/**
 * roster_session_get_request_log:
 *
 * Returns: (transfer none): every request this session sent
 */
RosterRequestLog *
roster_session_get_request_log (RosterSession *self)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), NULL);

  return self->log;
}

/**
 * roster_session_refresh:
 *
 * Loads the group again (the first time: loads it). A load under way is
 * cancelled first.
 */
void
roster_session_refresh (RosterSession *self)
{
  g_autoptr(GError) error = NULL;
  Load *load;

  g_return_if_fail (ROSTER_IS_SESSION (self));

  roster_session_cancel (self);

  if (self->http == NULL)
    {
      self->http = roster_http_new (self->instance_url, self->log, &error);
      if (self->http == NULL)
        {
          g_clear_error (&self->error);
          self->error = g_steal_pointer (&error);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
          return;
        }
      /* Members come 100 a page: more pages in flight fill the wait for
       * each answer (GitLab.com allows far more per minute). */
      roster_http_set_max_concurrent (self->http, 8);
      if (self->api_token != NULL)
        roster_http_set_token (self->http, ROSTER_TOKEN_API, self->api_token);
      if (self->scim_token != NULL)
        roster_http_set_token (self->http, ROSTER_TOKEN_SCIM, self->scim_token);
    }

  g_debug ("Loading %s from %s", self->group_path, self->instance_url);
  load = g_new0 (Load, 1);
  g_atomic_ref_count_init (&load->ref_count);
  load->session = g_object_ref (self);
  load->cancellable = g_cancellable_new ();
  load->client = roster_gitlab_client_new (self->http);
  load->add_slice = ADD_SLICE_MIN;
  self->load = load;   /* the session's reference */
  self->blocking = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_signal_emit (self, signals[PROGRESS], 0);

  if (self->checked)
    load_start_group (load);
  else
    roster_connection_test_async (self->instance_url, self->group_path, self->scim_token,
                                  self->api_token, self->log, NULL, load->cancellable,
                                  connection_test_cb, load_ref (load));
}

/**
 * roster_session_get_blocking_check:
 * @scim: (out) (optional): whether the check is the SCIM token's
 *
 * Returns: (nullable): the connection test's diagnosis that stopped the
 *   last load (its message and fix name cause and cure), or %NULL
 */
const RosterConnectionCheck *
roster_session_get_blocking_check (RosterSession *self,
                                   gboolean      *scim)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), NULL);

  if (scim != NULL)
    *scim = self->blocking_scim;
  return self->blocking;
}

/**
 * roster_session_load_anyway:
 *
 * After a SCIM diagnosis stopped loading: load the members all the same
 * (the REST API works; only the IdP's provisioning does not).
 */
void
roster_session_load_anyway (RosterSession *self)
{
  g_return_if_fail (ROSTER_IS_SESSION (self));

  self->checked = TRUE;
  self->blocking = NULL;
  g_clear_error (&self->error);
  roster_session_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/**
 * roster_session_cancel:
 *
 * Stops the load under way, if any. The snapshot shown stays.
 */
void
roster_session_cancel (RosterSession *self)
{
  Load *load;

  g_return_if_fail (ROSTER_IS_SESSION (self));

  if ((load = self->load) == NULL)
    return;

  g_debug ("Cancelling the load of %s", self->group_path);
  g_cancellable_cancel (load->cancellable);
  load_end (load);
}

gboolean
roster_session_get_loading (RosterSession *self)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);

  return self->load != NULL;
}

/**
 * roster_session_get_snapshot:
 *
 * Returns: (transfer none) (nullable): the snapshot shown: the first one
 *   while it loads, then the last complete one
 */
RosterSnapshot *
roster_session_get_snapshot (RosterSession *self)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), NULL);

  return self->snapshot;
}

/**
 * roster_session_get_error:
 *
 * Returns: (nullable): why the last load failed, %NULL when it did not
 */
const GError *
roster_session_get_error (RosterSession *self)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), NULL);

  return self->error;
}

static char *
format_count (guint64 n)
{
  /* Digits grouped as the locale groups them. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

/**
 * roster_session_dup_progress_text:
 *
 * Returns: (transfer full) (nullable): what the load under way does, with
 *   counts; %NULL when nothing loads
 */
char *
roster_session_dup_progress_text (RosterSession *self)
{
  RosterSnapshot *snapshot;
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;

  g_return_val_if_fail (ROSTER_IS_SESSION (self), NULL);

  if (self->load == NULL)
    return NULL;
  if (!self->checked)
    return g_strdup (_("Testing the connection…"));
  if ((snapshot = self->load->snapshot) == NULL)
    return g_strdup (_("Finding the group…"));

  done = format_count (roster_snapshot_get_done (snapshot));
  total = format_count (roster_snapshot_get_total (snapshot));

  switch (roster_snapshot_get_phase (snapshot))
    {
    case ROSTER_SNAPSHOT_PHASE_NONE:
    case ROSTER_SNAPSHOT_PHASE_GROUP:
      return g_strdup (_("Finding the group…"));
    case ROSTER_SNAPSHOT_PHASE_MEMBERS:
      if (roster_snapshot_get_total (snapshot) > 0)
        /* Translators: "Reading members… 1,200 of 100,000" */
        return g_strdup_printf (_("Reading members… %s of %s"), done, total);
      if (roster_snapshot_get_done (snapshot) > 0)
        return g_strdup_printf (_("Reading members… %s so far"), done);
      return g_strdup (_("Reading members…"));
    case ROSTER_SNAPSHOT_PHASE_IDENTITIES:
    case ROSTER_SNAPSHOT_PHASE_ENTERPRISE:
      return g_strdup (_("Reading SAML and SCIM identities…"));
    case ROSTER_SNAPSHOT_PHASE_RECONCILE:
      return g_strdup (_("Comparing identities…"));
    case ROSTER_SNAPSHOT_PHASE_DONE:
    case ROSTER_SNAPSHOT_PHASE_FAILED:
    default:
      return NULL;
    }
}

/**
 * roster_session_get_progress_fraction:
 *
 * Returns: how far the load under way is, 0 to 1, or -1 when unknown
 */
double
roster_session_get_progress_fraction (RosterSession *self)
{
  RosterSnapshot *snapshot;

  g_return_val_if_fail (ROSTER_IS_SESSION (self), -1);

  if (self->load == NULL || (snapshot = self->load->snapshot) == NULL)
    return -1;

  switch (roster_snapshot_get_phase (snapshot))
    {
    case ROSTER_SNAPSHOT_PHASE_MEMBERS:
      if (roster_snapshot_get_total (snapshot) == 0)
        return -1;
      return 0.8 * roster_snapshot_get_done (snapshot) / roster_snapshot_get_total (snapshot);
    case ROSTER_SNAPSHOT_PHASE_IDENTITIES:
    case ROSTER_SNAPSHOT_PHASE_ENTERPRISE:
      return 0.85;
    case ROSTER_SNAPSHOT_PHASE_RECONCILE:
    case ROSTER_SNAPSHOT_PHASE_DONE:
      return 0.95;
    case ROSTER_SNAPSHOT_PHASE_NONE:
    case ROSTER_SNAPSHOT_PHASE_GROUP:
    case ROSTER_SNAPSHOT_PHASE_FAILED:
    default:
      return -1;
    }
}

/**
 * roster_session_set_idp_export:
 * @idp_export: (nullable): an IdP export for the three-way comparison
 *
 * Compares the shown snapshot with @idp_export, and every later one.
 */
void
roster_session_set_idp_export (RosterSession   *self,
                               RosterIdpExport *idp_export)
{
  g_return_if_fail (ROSTER_IS_SESSION (self));

  g_clear_pointer (&self->idp_export, roster_idp_export_unref);
  if (idp_export != NULL)
    self->idp_export = roster_idp_export_ref (idp_export);

  if (self->snapshot != NULL && roster_snapshot_get_loaded (self->snapshot))
    roster_snapshot_set_idp_export (self->snapshot, idp_export);
}

RosterIdpExport *
roster_session_get_idp_export (RosterSession *self)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), NULL);

  return self->idp_export;
}
