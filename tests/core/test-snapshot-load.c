/* test-snapshot-load.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-snapshot-load"

#include "config.h"

#include "roster-error.h"
#include "roster-gitlab-client.h"
#include "roster-http.h"
#include "roster-sandbox.h"
#include "roster-same-rows.h"
#include "roster-snapshot.h"
#include "roster-test-utils.h"

/* RosterSnapshot loading the fixture world from roster-sandbox over real
 * HTTP on 127.0.0.1. */

typedef struct
{
  RosterSandbox      *sandbox;
  RosterHttp         *http;
  RosterGitlabClient *client;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* data: the number of generated users, or none for the fixture world */
  if (data != NULL)
    f->sandbox = roster_sandbox_new_generated (GPOINTER_TO_UINT (data), 7, 0.1);
  else
    f->sandbox = roster_sandbox_new (ROSTER_SANDBOX_WORLD_FIXTURE);
  roster_sandbox_listen (f->sandbox, 0, NULL, &error);
  g_assert_no_error (error);
  f->http = roster_http_new (roster_sandbox_get_url (f->sandbox), NULL, &error);
  g_assert_no_error (error);
  roster_http_set_retry_policy (f->http, 2, 10, 1000);
  f->client = roster_gitlab_client_new (f->http);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  /* A worker thread may drop its last reference to a task (and so to the
   * client) just after the task's callback ran here. */
  roster_test_finalize_eventually (g_steal_pointer (&f->client));
  roster_test_finalize_eventually (g_steal_pointer (&f->http));
  roster_sandbox_stop (f->sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&f->sandbox));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  guint     phases;
} Result;

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->ok = roster_snapshot_load_finish (ROSTER_SNAPSHOT (object), result, &r->error);
  r->done = TRUE;
}

static void
phase_cb (GObject    *object,
          GParamSpec *pspec,
          Result     *r)
{
  r->phases |= 1u << roster_snapshot_get_phase (ROSTER_SNAPSHOT (object));
}

static void
test_fixture_world (Fixture       *f,
                    gconstpointer  data)
{
  RosterSnapshot *snapshot = roster_snapshot_new (roster_sandbox_get_url (f->sandbox), 0, "acme-corp");
  Result r = { 0, };
  const RosterSummary *summary;

  roster_http_set_token (f->http, ROSTER_TOKEN_API, roster_sandbox_get_api_token (f->sandbox));
  g_signal_connect (snapshot, "notify::phase", G_CALLBACK (phase_cb), &r);
  roster_snapshot_load_async (snapshot, f->client, NULL, load_cb, &r);
  roster_test_wait_for (&r.done, 30000);

  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_true (roster_snapshot_get_loaded (snapshot));
  g_assert_cmpint (roster_snapshot_get_group_id (snapshot), ==, roster_sandbox_get_group_id (f->sandbox));
  g_assert_true (r.phases & (1u << ROSTER_SNAPSHOT_PHASE_GROUP));
  g_assert_true (r.phases & (1u << ROSTER_SNAPSHOT_PHASE_MEMBERS));
  g_assert_true (r.phases & (1u << ROSTER_SNAPSHOT_PHASE_DONE));

  g_assert_true (roster_member_has_finding (roster_snapshot_find_user (snapshot, "aturing"),
                                            ROSTER_FINDING_SAML_SCIM_MISMATCH));
  g_assert_true (roster_member_has_finding (roster_snapshot_find_user (snapshot, "bliskov"),
                                            ROSTER_FINDING_DEPROVISIONED));
  g_assert_true (roster_member_has_finding (roster_snapshot_find_user (snapshot, "dritchie"),
                                            ROSTER_FINDING_NO_IDENTITY));
  g_assert_cmpuint (roster_member_get_n_findings (roster_snapshot_find_user (snapshot, "alovelace")), ==, 0);
  g_assert_cmpuint (roster_member_get_n_findings (roster_snapshot_find_user (snapshot, "ghopper")), ==, 0);

  summary = roster_snapshot_get_summary (snapshot);
  g_assert_cmpuint (summary->members, ==, 4);
  g_assert_cmpuint (summary->problems, ==, 1);

  g_signal_handlers_disconnect_by_data (snapshot, &r);
  roster_test_finalize_eventually (snapshot);
}

static void
test_bad_token (Fixture       *f,
                gconstpointer  data)
{
  RosterSnapshot *snapshot = roster_snapshot_new (roster_sandbox_get_url (f->sandbox),
                                                  roster_sandbox_get_group_id (f->sandbox), "acme-corp");
  Result r = { 0, };

  roster_http_set_token (f->http, ROSTER_TOKEN_API, "not-the-token");
  roster_snapshot_load_async (snapshot, f->client, NULL, load_cb, &r);
  roster_test_wait_for (&r.done, 30000);

  g_assert_false (r.ok);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_AUTH);
  g_assert_cmpint (roster_snapshot_get_phase (snapshot), ==, ROSTER_SNAPSHOT_PHASE_FAILED);
  g_assert_error (roster_snapshot_get_error (snapshot), ROSTER_ERROR, ROSTER_ERROR_AUTH);
  g_assert_false (roster_snapshot_get_loaded (snapshot));
  g_clear_error (&r.error);
  roster_test_finalize_eventually (snapshot);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  RosterSnapshot *snapshot = roster_snapshot_new (roster_sandbox_get_url (f->sandbox),
                                                  roster_sandbox_get_group_id (f->sandbox), "acme-corp");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result r = { 0, };

  roster_http_set_token (f->http, ROSTER_TOKEN_API, roster_sandbox_get_api_token (f->sandbox));
  roster_sandbox_set_latency_ms (f->sandbox, 200);
  roster_snapshot_load_async (snapshot, f->client, cancellable, load_cb, &r);
  g_cancellable_cancel (cancellable);
  roster_test_wait_for (&r.done, 30000);

  g_assert_false (r.ok);
  g_assert_nonnull (r.error);
  g_clear_error (&r.error);
  g_assert_false (roster_snapshot_get_loaded (snapshot));
  roster_test_finalize_eventually (snapshot);
}

static void
test_subgroup_or_missing (Fixture       *f,
                          gconstpointer  data)
{
  RosterSnapshot *snapshot = roster_snapshot_new (roster_sandbox_get_url (f->sandbox), 0, "no-such-group");
  Result r = { 0, };

  roster_http_set_token (f->http, ROSTER_TOKEN_API, roster_sandbox_get_api_token (f->sandbox));
  roster_snapshot_load_async (snapshot, f->client, NULL, load_cb, &r);
  roster_test_wait_for (&r.done, 30000);

  g_assert_false (r.ok);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
  g_clear_error (&r.error);
  roster_test_finalize_eventually (snapshot);
}

static RosterSnapshot *
load_snapshot (Fixture  *f,
               gboolean  background)
{
  RosterSnapshot *snapshot = roster_snapshot_new (roster_sandbox_get_url (f->sandbox), 0,
                                                  roster_sandbox_get_group_path (f->sandbox));
  Result r = { 0, };

  roster_http_set_token (f->http, ROSTER_TOKEN_API, roster_sandbox_get_api_token (f->sandbox));
  roster_snapshot_set_background_reconcile (snapshot, background);
  roster_snapshot_load_async (snapshot, f->client, NULL, load_cb, &r);
  roster_test_wait_for (&r.done, 60000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_true (roster_snapshot_get_loaded (snapshot));
  g_assert_false (roster_snapshot_get_reconciling (snapshot));
  return snapshot;
}

/* The loader reconciling in the background gives exactly what it gives
 * reconciling at once (rosterctl's way). */
static void
test_background (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RosterSnapshot) at_once = load_snapshot (f, FALSE);
  g_autoptr(RosterSnapshot) background = load_snapshot (f, TRUE);
  guint with_findings = assert_same_rows (at_once, background);

  g_test_message ("%u users, %u with findings",
                  g_list_model_get_n_items (roster_snapshot_get_model (background)), with_findings);
  g_assert_cmpuint (with_findings, >, 0);
  if (data == NULL)
    g_assert_true (roster_member_has_finding (roster_snapshot_find_user (background, "aturing"),
                                              ROSTER_FINDING_SAML_SCIM_MISMATCH));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/roster/snapshot-load/fixture-world", Fixture, NULL, fixture_setup, test_fixture_world, fixture_teardown);
  g_test_add ("/roster/snapshot-load/bad-token", Fixture, NULL, fixture_setup, test_bad_token, fixture_teardown);
  g_test_add ("/roster/snapshot-load/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/roster/snapshot-load/group-not-found", Fixture, NULL, fixture_setup, test_subgroup_or_missing, fixture_teardown);
  g_test_add ("/roster/snapshot-load/background/fixture-world", Fixture, NULL, fixture_setup, test_background, fixture_teardown);
  g_test_add ("/roster/snapshot-load/background/generated-world", Fixture, GUINT_TO_POINTER (3000),
              fixture_setup, test_background, fixture_teardown);

  return g_test_run ();
}
