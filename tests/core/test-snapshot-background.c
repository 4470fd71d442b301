/* test-snapshot-background.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-snapshot-background"

#include "config.h"

#include <string.h>

#include "roster-fixture-world.h"
#include "roster-same-rows.h"
#include "roster-snapshot.h"

/* A snapshot that reconciles in the background (a worker thread compares,
 * the rows are updated a slice per main loop turn) ends up exactly as one
 * that reconciles at once, whatever happens on the way. */

/* ---- A generated world, fed without the network ---- */

#define N_MEMBERS 6000
#define N_LEFT    300      /* users who hold an identity but left the group */
#define FIRST_ID  100000
#define LEFT_ID   900000

typedef struct
{
  GPtrArray *members;      /* of RosterGitlabMember */
  GPtrArray *enterprise;   /* of RosterGitlabEnterpriseUser */
} World;

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static World *
world_new (void)
{
  World *world = g_new0 (World, 1);
  g_autoptr(GString) members = g_string_new ("[");
  g_autoptr(GString) enterprise = g_string_new ("[");
  g_autoptr(JsonNode) members_json = NULL;
  g_autoptr(JsonNode) enterprise_json = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autofree char *email = g_strdup_printf ("user%u@acme.example", i);

      g_string_append_printf (members,
                              "%s{\"id\": %u, \"username\": \"user%u\", \"name\": \"User %u\", "
                              "\"state\": \"active\", \"access_level\": %d",
                              i > 0 ? ", " : "", FIRST_ID + i, i, i, i % 5 == 0 ? 50 : 30);
      /* Every other member is an enterprise user, whose email GitLab shows. */
      if (i % 2 == 0)
        {
          g_string_append_printf (members, ", \"email\": \"%s\"", email);
          g_string_append_printf (enterprise,
                                  "%s{\"id\": %u, \"username\": \"user%u\", \"name\": \"User %u\", "
                                  "\"state\": \"active\", \"email\": \"%s\"}",
                                  enterprise->len > 1 ? ", " : "", FIRST_ID + i, i, i, email);
        }
      g_string_append (members, "}");
    }
  for (guint j = 0; j < N_LEFT; j++)
    g_string_append_printf (enterprise,
                            ", {\"id\": %u, \"username\": \"left%u\", \"name\": \"Left %u\", "
                            "\"state\": \"active\", \"email\": \"left%u@acme.example\"}",
                            LEFT_ID + j, j, j, j);
  g_string_append (members, "]");
  g_string_append (enterprise, "]");

  members_json = parse_json (members->str);
  enterprise_json = parse_json (enterprise->str);
  world->members = roster_gitlab_members_parse (members_json, &error);
  g_assert_no_error (error);
  world->enterprise = roster_gitlab_enterprise_users_parse (enterprise_json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (world->members->len, ==, N_MEMBERS);
  return world;
}

static void
world_free (World *world)
{
  g_ptr_array_unref (world->members);
  g_ptr_array_unref (world->enterprise);
  g_free (world);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (World, world_free)

/* The group's identity lists, with every kind of finding: case and value
 * mismatches, a value held twice, identities missing on either side,
 * deprovisioned members and users who left (deprovisioned or orphaned). */
static RosterIdentityRecords *
world_identities (RosterIdentityKind kind)
{
  RosterIdentityRecords *records = roster_identity_records_new (kind);
  gboolean saml = kind == ROSTER_IDENTITY_SAML;

  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autofree char *value = NULL;

      if (i % 29 == 0)
        continue;                                     /* added by hand */
      if (saml && i % 13 == 0)
        continue;                                     /* SCIM without SAML */
      if (!saml && i % 11 == 0)
        continue;                                     /* SAML without SCIM */
      if (!saml && i % 7 == 0)
        value = g_strdup_printf ("UID-%u", i);        /* differs in case */
      else if (!saml && i % 17 == 0)
        value = g_strdup_printf ("other-%u", i);      /* differs */
      else if (!saml && i % 19 == 0 && i > 0)
        value = g_strdup_printf ("uid-%u", i - 1);    /* held twice */
      else
        value = g_strdup_printf ("uid-%u", i);
      roster_identity_records_add (value, FIRST_ID + i, saml || i % 23 != 0, records);
    }
  for (guint j = 0; j < N_LEFT; j++)
    {
      g_autofree char *value = g_strdup_printf ("left-%u", j);

      if (!saml || j % 3 == 0)
        roster_identity_records_add (value, LEFT_ID + j, j % 2 == 0, records);
    }
  return records;
}

static void
feed_members (RosterSnapshot *snapshot,
              World          *world)
{
  /* In slices, as the app adds them. */
  for (guint start = 0; start < world->members->len; start += 2000)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = start; i < MIN (start + 2000, world->members->len); i++)
        g_ptr_array_add (rows, roster_snapshot_member_row_new (g_ptr_array_index (world->members, i)));
      roster_snapshot_add_rows (snapshot, rows);
    }
}

/* Everything fed, in the app's order; in the background, the reconcile is
 * under way (or done, for a synchronous snapshot). */
static RosterSnapshot *
world_feed (World    *world,
            gboolean  background)
{
  RosterSnapshot *snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");

  roster_snapshot_set_background_reconcile (snapshot, background);
  feed_members (snapshot, world);
  roster_snapshot_set_enterprise_users (snapshot, world->enterprise, TRUE);
  roster_snapshot_take_identities (snapshot, world_identities (ROSTER_IDENTITY_SAML));
  roster_snapshot_take_identities (snapshot, world_identities (ROSTER_IDENTITY_SCIM));
  return snapshot;
}

static RosterSnapshot *
world_reference (World *world)
{
  RosterSnapshot *snapshot = world_feed (world, FALSE);

  roster_snapshot_finish (snapshot);
  return snapshot;
}

/* ---- Completing ---- */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Completion;

static void
complete_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Completion *c = user_data;

  c->ok = roster_snapshot_complete_finish (ROSTER_SNAPSHOT (object), result, &c->error);
  c->done = TRUE;
}

static void
complete (RosterSnapshot *snapshot)
{
  Completion c = { 0, };

  roster_snapshot_complete_async (snapshot, NULL, complete_cb, &c);
  roster_test_wait_for (&c.done, 60000);
  g_assert_no_error (c.error);
  g_assert_true (c.ok);
  g_assert_true (roster_snapshot_get_loaded (snapshot));
  g_assert_false (roster_snapshot_get_reconciling (snapshot));
  g_assert_cmpint (roster_snapshot_get_phase (snapshot), ==, ROSTER_SNAPSHOT_PHASE_DONE);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* ---- Tests ---- */

static void
test_fixture_world (void)
{
  g_autoptr(RosterSnapshot) reference = fixture_snapshot (TRUE);
  g_autoptr(RosterSnapshot) snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");
  g_autoptr(GPtrArray) members = fixture_parse ("group-members.json", 0);
  g_autoptr(GPtrArray) saml = fixture_parse ("rest-saml-identities.json", 1);
  g_autoptr(GPtrArray) scim = fixture_parse ("rest-scim-identities.json", 2);
  g_autoptr(GPtrArray) enterprise = fixture_parse ("enterprise-users.json", 3);
  RosterMember *alan;
  guint summaries = 0;

  roster_snapshot_set_background_reconcile (snapshot, TRUE);
  g_signal_connect (snapshot, "summary-changed", G_CALLBACK (count_cb), &summaries);
  roster_snapshot_add_members (snapshot, members);
  alan = roster_snapshot_lookup (snapshot, 7103);
  roster_snapshot_set_identities (snapshot, ROSTER_IDENTITY_SAML, saml);
  roster_snapshot_set_identities (snapshot, ROSTER_IDENTITY_SCIM, scim);

  /* Nothing changed on the spot: the reconcile runs in the background. */
  g_assert_true (roster_snapshot_get_reconciling (snapshot));
  g_assert_cmpuint (roster_member_get_n_findings (alan), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (roster_snapshot_get_model (snapshot)), ==, 4);

  /* Enterprise users while it computes: it starts over. */
  roster_snapshot_set_enterprise_users (snapshot, enterprise, TRUE);
  complete (snapshot);
  g_assert_cmpuint (summaries, ==, 1);

  g_assert_true (roster_snapshot_lookup (snapshot, 7103) == alan);
  g_assert_true (roster_member_has_finding (alan, ROSTER_FINDING_SAML_SCIM_MISMATCH));
  g_assert_cmpuint (assert_same_rows (reference, snapshot), ==, 3);
  g_assert_cmpuint (roster_snapshot_get_summary (snapshot)->problems, ==, 1);

  g_signal_handlers_disconnect_by_data (snapshot, &summaries);
}

static void
test_generated_world (void)
{
  g_autoptr(World) world = world_new ();
  g_autoptr(RosterSnapshot) reference = world_reference (world);
  g_autoptr(RosterSnapshot) snapshot = world_feed (world, TRUE);
  const RosterSummary *summary;

  g_assert_true (roster_snapshot_get_reconciling (snapshot));
  complete (snapshot);
  assert_same_rows (reference, snapshot);

  /* The world has every kind of finding. */
  summary = roster_snapshot_get_summary (snapshot);
  g_assert_cmpuint (summary->members, ==, N_MEMBERS);
  g_assert_cmpuint (summary->users, ==, N_MEMBERS + N_LEFT);
  for (guint kind = ROSTER_FINDING_SAML_SCIM_MISMATCH; kind < ROSTER_FINDING_N_KINDS; kind++)
    if (kind != ROSTER_FINDING_IDP_MISMATCH)
      g_assert_cmpuint (summary->by_kind[kind], >, 0);
}

static void
flag_cb (gpointer  instance,
         gboolean *flag)
{
  *flag = TRUE;
}

static void
notify_flag_cb (GObject    *object,
                GParamSpec *pspec,
                gboolean   *flag)
{
  *flag = TRUE;
}

/* An IdP export on a loaded snapshot reconciles in the background too. */
static void
test_idp_export_after_load (void)
{
  g_autoptr(RosterSnapshot) reference = fixture_snapshot (TRUE);
  g_autoptr(RosterSnapshot) snapshot = fixture_snapshot (FALSE);
  g_autofree char *path = roster_test_data_path ("idp", "entra.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) idp = roster_idp_export_load (file, NULL, &error);
  RosterMember *alan = roster_snapshot_lookup (snapshot, 7103);
  gboolean changed = FALSE;

  g_assert_no_error (error);
  roster_snapshot_set_background_reconcile (snapshot, TRUE);
  complete (snapshot);
  assert_same_rows (reference, snapshot);

  g_signal_connect (snapshot, "summary-changed", G_CALLBACK (flag_cb), &changed);
  roster_snapshot_set_idp_export (reference, idp);
  roster_snapshot_set_idp_export (snapshot, idp);
  g_assert_true (roster_snapshot_get_reconciling (snapshot));
  g_assert_false (roster_member_has_finding (alan, ROSTER_FINDING_IDP_MISMATCH));
  roster_test_wait_for (&changed, 30000);
  g_assert_true (roster_member_has_finding (alan, ROSTER_FINDING_IDP_MISMATCH));
  assert_same_rows (reference, snapshot);
  g_signal_handlers_disconnect_by_data (snapshot, &changed);
}

/* Cancels the completion from the first row notification: in the middle of
 * applying the results (applying stops within 64 rows of it). */
typedef struct
{
  GCancellable *cancellable;
  guint         notified;
} CancelOnNotify;

static void
cancel_on_notify_cb (RosterMember   *member,
                     GParamSpec     *pspec,
                     CancelOnNotify *data)
{
  if (data->notified++ == 0)
    g_cancellable_cancel (data->cancellable);
}

static void
test_cancel_while_applying (void)
{
  g_autoptr(World) world = world_new ();
  g_autoptr(RosterSnapshot) reference = world_reference (world);
  g_autoptr(RosterSnapshot) snapshot = world_feed (world, TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GListModel *model = roster_snapshot_get_model (snapshot);
  g_autoptr(RosterMember) first = g_list_model_get_item (model, 0);
  CancelOnNotify data = { cancellable, 0 };
  Completion c = { 0, };
  RosterSummary zero = { 0, };
  guint summaries = 0;
  guint applied = 0;

  /* The first member has a finding (its SCIM value differs in case). */
  g_assert_cmpuint (roster_member_get_n_findings (roster_snapshot_lookup (reference, FIRST_ID)), >, 0);
  g_signal_connect (first, "notify", G_CALLBACK (cancel_on_notify_cb), &data);
  g_signal_connect (snapshot, "summary-changed", G_CALLBACK (count_cb), &summaries);

  roster_snapshot_complete_async (snapshot, cancellable, complete_cb, &c);
  roster_test_wait_for (&c.done, 60000);
  g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (c.ok);
  g_clear_error (&c.error);
  g_assert_cmpuint (data.notified, >, 0);

  /* What is visible: rows applied so far show their new state, each one
   * whole; the others their old one. Nothing else changed: no user who
   * left was appended, no summary published, not loaded. */
  g_assert_false (roster_snapshot_get_reconciling (snapshot));
  g_assert_false (roster_snapshot_get_loaded (snapshot));
  g_assert_cmpuint (summaries, ==, 0);
  g_assert_cmpmem (roster_snapshot_get_summary (snapshot), sizeof zero, &zero, sizeof zero);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_MEMBERS);
  /* Rows are applied in order: the first ones show what the reference
   * shows, the rest what they showed before. */
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autoptr(RosterMember) row = g_list_model_get_item (model, i);

      if (applied == i && same_member (row, roster_snapshot_lookup (reference, roster_member_get_user_id (row))))
        applied++;
      else
        {
          g_autoptr(RosterMember) before = roster_snapshot_member_row_new (g_ptr_array_index (world->members, i));

          assert_same_member (row, before);
        }
    }
  g_assert_cmpuint (applied, >, 0);
  g_assert_cmpuint (applied, <=, 64);
  g_test_message ("%u of %u rows applied when cancelled", applied, N_MEMBERS);

  /* Completing again does it all. */
  g_signal_handlers_disconnect_by_data (first, &data);
  complete (snapshot);
  g_assert_cmpuint (summaries, ==, 1);
  assert_same_rows (reference, snapshot);
  g_signal_handlers_disconnect_by_data (snapshot, &summaries);
}

static void
test_cancel_while_computing (void)
{
  g_autoptr(World) world = world_new ();
  g_autoptr(RosterSnapshot) reference = world_reference (world);
  g_autoptr(RosterSnapshot) snapshot = world_feed (world, TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Completion c = { 0, };

  roster_snapshot_complete_async (snapshot, cancellable, complete_cb, &c);
  g_assert_true (roster_snapshot_get_reconciling (snapshot));
  g_cancellable_cancel (cancellable);
  roster_test_wait_for (&c.done, 60000);
  g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&c.error);
  g_assert_false (roster_snapshot_get_loaded (snapshot));
  g_assert_false (roster_snapshot_get_reconciling (snapshot));
  for (guint i = 0; i < N_MEMBERS; i++)
    g_assert_cmpuint (roster_member_get_n_findings (roster_snapshot_lookup (snapshot, FIRST_ID + i)), ==, 0);

  /* Already cancelled: at once. */
  c.done = FALSE;
  roster_snapshot_complete_async (snapshot, cancellable, complete_cb, &c);
  roster_test_wait_for (&c.done, 60000);
  g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&c.error);

  complete (snapshot);
  assert_same_rows (reference, snapshot);
}

/* The last reference dropped while a reconcile applies its results (the
 * session went away): it stops, nothing runs after. */
static void
test_dispose_while_applying (void)
{
  g_autoptr(World) world = world_new ();
  RosterSnapshot *snapshot = world_feed (world, TRUE);
  g_autoptr(RosterMember) first = g_object_ref (roster_snapshot_lookup (snapshot, FIRST_ID));
  gboolean notified = FALSE;

  g_signal_connect (first, "notify", G_CALLBACK (notify_flag_cb), &notified);
  roster_test_wait_for (&notified, 60000);
  g_assert_true (roster_snapshot_get_reconciling (snapshot));
  g_assert_finalize_object (snapshot);

  /* Nothing left to run against the snapshot. */
  for (guint i = 0; i < 100 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handlers_disconnect_by_data (first, &notified);
}

/* The last reference dropped while the worker compares: the worker holds
 * the snapshot until its result is back on the main thread. */
static void
test_dispose_while_computing (void)
{
  g_autoptr(World) world = world_new ();
  RosterSnapshot *snapshot = world_feed (world, TRUE);

  g_assert_true (roster_snapshot_get_reconciling (snapshot));
  roster_test_finalize_eventually (snapshot);
}

/* Finishing at once a snapshot that reconciles in the background: the
 * background reconcile gives way. */
static void
test_finish_at_once (void)
{
  g_autoptr(World) world = world_new ();
  g_autoptr(RosterSnapshot) reference = world_reference (world);
  g_autoptr(RosterSnapshot) snapshot = world_feed (world, TRUE);

  g_assert_true (roster_snapshot_get_reconciling (snapshot));
  roster_snapshot_finish (snapshot);
  g_assert_false (roster_snapshot_get_reconciling (snapshot));
  g_assert_true (roster_snapshot_get_loaded (snapshot));
  assert_same_rows (reference, snapshot);

  /* The cancelled worker's result is dropped when it comes back. */
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  assert_same_rows (reference, snapshot);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/snapshot-background/fixture-world", test_fixture_world);
  g_test_add_func ("/roster/snapshot-background/generated-world", test_generated_world);
  g_test_add_func ("/roster/snapshot-background/idp-export-after-load", test_idp_export_after_load);
  g_test_add_func ("/roster/snapshot-background/cancel-while-applying", test_cancel_while_applying);
  g_test_add_func ("/roster/snapshot-background/cancel-while-computing", test_cancel_while_computing);
  g_test_add_func ("/roster/snapshot-background/dispose-while-applying", test_dispose_while_applying);
  g_test_add_func ("/roster/snapshot-background/dispose-while-computing", test_dispose_while_computing);
  g_test_add_func ("/roster/snapshot-background/finish-at-once", test_finish_at_once);

  return g_test_run ();
}
