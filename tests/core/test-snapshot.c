/* test-snapshot.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "roster-error.h"
#include "roster-fixture-world.h"
#include "roster-snapshot.h"

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  g_assert_cmpuint (removed, ==, 0);
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_progressive (void)
{
  RosterSnapshot *snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");
  GListModel *model = roster_snapshot_get_model (snapshot);
  g_autoptr(GPtrArray) members = fixture_parse ("group-members.json", 0);
  g_autoptr(GPtrArray) saml = fixture_parse ("rest-saml-identities.json", 1);
  g_autoptr(GPtrArray) scim = fixture_parse ("rest-scim-identities.json", 2);
  g_autoptr(GPtrArray) enterprise = fixture_parse ("enterprise-users.json", 3);
  const RosterSummary *summary;
  RosterMember *alan;
  RosterMember *barbara;
  guint splices = 0;
  guint alan_problem = 0;
  guint loaded = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &splices);
  g_signal_connect (snapshot, "notify::loaded", G_CALLBACK (count_notify_cb), &loaded);

  roster_snapshot_set_phase (snapshot, ROSTER_SNAPSHOT_PHASE_MEMBERS, 2, 4);
  g_assert_cmpint (roster_snapshot_get_phase (snapshot), ==, ROSTER_SNAPSHOT_PHASE_MEMBERS);
  g_assert_cmpuint (roster_snapshot_get_done (snapshot), ==, 2);
  g_assert_cmpuint (roster_snapshot_get_total (snapshot), ==, 4);

  /* Members: rows at once, in one splice, no findings yet. */
  roster_snapshot_add_members (snapshot, members);
  g_assert_cmpuint (splices, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  alan = roster_snapshot_lookup (snapshot, 7103);
  g_assert_nonnull (alan);
  g_assert_cmpstr (roster_member_get_scim_extern_uid (alan), ==, "aturing@acme.example");
  g_assert_cmpuint (roster_member_get_n_findings (alan), ==, 0);
  g_assert_false (roster_snapshot_get_loaded (snapshot));
  g_signal_connect (alan, "notify::is-problem", G_CALLBACK (count_notify_cb), &alan_problem);

  /* Adding the same members again changes nothing. */
  roster_snapshot_add_members (snapshot, members);
  g_assert_cmpuint (splices, ==, 1);

  roster_snapshot_set_identities (snapshot, ROSTER_IDENTITY_SAML, saml);
  g_assert_cmpuint (roster_member_get_n_findings (alan), ==, 0);

  /* Both lists: findings, in place; Barbara appended in one more splice. */
  roster_snapshot_set_identities (snapshot, ROSTER_IDENTITY_SCIM, scim);
  g_assert_cmpuint (splices, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  g_assert_true (roster_snapshot_lookup (snapshot, 7103) == alan);
  g_assert_cmpuint (alan_problem, ==, 1);
  g_assert_true (roster_member_has_finding (alan, ROSTER_FINDING_SAML_SCIM_MISMATCH));
  barbara = roster_snapshot_lookup (snapshot, 7104);
  g_assert_nonnull (barbara);
  g_assert_null (roster_member_get_username (barbara));
  g_assert_true (roster_member_has_finding (barbara, ROSTER_FINDING_DEPROVISIONED));

  /* Enterprise users: Barbara gets her name, the badge its source. */
  roster_snapshot_set_enterprise_users (snapshot, enterprise, TRUE);
  g_assert_cmpstr (roster_member_get_username (barbara), ==, "bliskov");
  g_assert_true (roster_member_get_enterprise (barbara));
  g_assert_true (roster_snapshot_get_enterprise_known (snapshot));

  roster_snapshot_finish (snapshot);
  g_assert_cmpuint (loaded, ==, 1);
  g_assert_true (roster_snapshot_get_loaded (snapshot));
  g_assert_cmpint (roster_snapshot_get_phase (snapshot), ==, ROSTER_SNAPSHOT_PHASE_DONE);
  g_assert_cmpuint (splices, ==, 2);

  summary = roster_snapshot_get_summary (snapshot);
  g_assert_cmpuint (summary->members, ==, 4);
  g_assert_cmpuint (summary->enterprise, ==, 3);
  g_assert_cmpuint (summary->users, ==, 5);
  g_assert_cmpuint (summary->ok, ==, 2);
  g_assert_cmpuint (summary->problems, ==, 1);
  g_assert_cmpuint (roster_snapshot_get_n_problems (snapshot), ==, 1);
  g_assert_true (roster_member_has_finding (roster_snapshot_lookup (snapshot, 7110), ROSTER_FINDING_NO_IDENTITY));

  g_signal_handlers_disconnect_by_data (alan, &alan_problem);
  g_signal_handlers_disconnect_by_data (model, &splices);
  g_assert_finalize_object (snapshot);
}

static void
test_find_user (void)
{
  RosterSnapshot *snapshot = fixture_snapshot (TRUE);
  RosterMember *alan = roster_snapshot_lookup (snapshot, 7103);

  g_assert_true (roster_snapshot_find_user (snapshot, "aturing") == alan);
  g_assert_true (roster_snapshot_find_user (snapshot, "@ATuring") == alan);
  g_assert_true (roster_snapshot_find_user (snapshot, "7103") == alan);
  g_assert_true (roster_snapshot_find_user (snapshot, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e") == alan);
  g_assert_true (roster_snapshot_find_user (snapshot, "ATURING@acme.example") == alan);
  g_assert_null (roster_snapshot_find_user (snapshot, "C4E8A1F2-7D3B-4A9C-B6E5-1F2A3B4C5D6E"));
  g_assert_null (roster_snapshot_find_user (snapshot, "nobody"));
  g_assert_null (roster_snapshot_find_user (snapshot, "99"));
  g_assert_true (roster_snapshot_find_user (snapshot, "bliskov") == roster_snapshot_lookup (snapshot, 7104));

  g_assert_finalize_object (snapshot);
}

static void
test_embedded_identities_fallback (void)
{
  RosterSnapshot *snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");
  g_autoptr(GPtrArray) members = fixture_parse ("group-members.json", 0);

  /* No identity lists (e.g. the SAML list is refused): the members' own
   * identities are compared; the badge comes from visible emails. */
  roster_snapshot_add_members (snapshot, members);
  roster_snapshot_set_enterprise_users (snapshot, NULL, FALSE);
  roster_snapshot_finish (snapshot);

  g_assert_cmpuint (g_list_model_get_n_items (roster_snapshot_get_model (snapshot)), ==, 4);
  g_assert_true (roster_member_has_finding (roster_snapshot_lookup (snapshot, 7103),
                                            ROSTER_FINDING_SAML_SCIM_MISMATCH));
  g_assert_cmpuint (roster_member_get_n_findings (roster_snapshot_lookup (snapshot, 7101)), ==, 0);
  g_assert_cmpuint (roster_snapshot_get_summary (snapshot)->enterprise, ==, 3);
  g_assert_false (roster_snapshot_get_enterprise_known (snapshot));

  g_assert_finalize_object (snapshot);
}

/* The identities embedded in members stand in for a list until it
 * arrives, each kind on its own: with only the SCIM list, the members' own
 * SAML identities are compared with it; once the SAML list is there too,
 * they are no longer used. */
static void
test_one_list_and_embedded_identities (void)
{
  RosterSnapshot *snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");
  g_autoptr(GPtrArray) members = fixture_parse ("group-members.json", 0);
  RosterIdentityRecords *scim = roster_identity_records_new (ROSTER_IDENTITY_SCIM);
  RosterMember *alan;
  RosterMember *ada;

  roster_snapshot_add_members (snapshot, members);
  alan = roster_snapshot_lookup (snapshot, 7103);
  ada = roster_snapshot_lookup (snapshot, 7101);

  /* Alan's SCIM list value is his embedded SAML value: no mismatch now. */
  roster_identity_records_add ("c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e", 7103, TRUE, scim);
  roster_snapshot_take_identities (snapshot, scim);
  roster_snapshot_reconcile (snapshot);
  g_assert_cmpstr (roster_member_get_saml_extern_uid (alan), ==, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_cmpstr (roster_member_get_scim_extern_uid (alan), ==, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_cmpuint (roster_member_get_n_findings (alan), ==, 0);
  /* Ada's embedded SCIM identity is not in the list: only her SAML one counts. */
  g_assert_cmpstr (roster_member_get_saml_extern_uid (ada), ==, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b");
  g_assert_null (roster_member_get_scim_extern_uid (ada));
  g_assert_true (roster_member_has_finding (ada, ROSTER_FINDING_SAML_WITHOUT_SCIM));

  /* An empty SAML list: nobody has a SAML identity any more. */
  roster_snapshot_take_identities (snapshot, roster_identity_records_new (ROSTER_IDENTITY_SAML));
  g_assert_null (roster_member_get_saml_extern_uid (alan));
  g_assert_true (roster_member_has_finding (alan, ROSTER_FINDING_SCIM_WITHOUT_SAML));
  g_assert_null (roster_member_get_saml_extern_uid (ada));
  g_assert_true (roster_member_has_finding (ada, ROSTER_FINDING_NO_IDENTITY));

  roster_snapshot_finish (snapshot);
  g_assert_true (roster_member_has_finding (ada, ROSTER_FINDING_NO_IDENTITY));

  g_assert_finalize_object (snapshot);
}

/* A row keeps the strings it is made with in one block (an identity value
 * equal to another once); values set later replace them one by one. */
static void
test_row_strings (void)
{
  g_autoptr(GPtrArray) members = fixture_parse ("group-members.json", 0);
  RosterMember *ada = roster_snapshot_member_row_new (g_ptr_array_index (members, 0));
  RosterMember *alan = roster_snapshot_member_row_new (g_ptr_array_index (members, 2));
  g_autoptr(RosterMember) again = roster_snapshot_member_row_new (g_ptr_array_index (members, 2));
  guint notified = 0;

  g_assert_cmpint (roster_member_get_user_id (ada), ==, 7101);
  g_assert_cmpstr (roster_member_get_username (ada), ==, "alovelace");
  g_assert_cmpstr (roster_member_get_name (ada), ==, "Ada Lovelace");
  g_assert_cmpstr (roster_member_get_state (ada), ==, "active");
  g_assert_nonnull (roster_member_get_avatar_url (ada));
  g_assert_cmpstr (roster_member_get_saml_extern_uid (ada), ==, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b");
  g_assert_cmpstr (roster_member_get_scim_extern_uid (ada), ==, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b");
  g_assert_null (roster_member_get_idp_extern_uid (ada));

  g_signal_connect (ada, "notify", G_CALLBACK (count_notify_cb), &notified);
  roster_member_set_scim_extern_uid (ada, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b");
  g_assert_cmpuint (notified, ==, 0);

  /* One of two equal values changes: the other stays. */
  roster_member_set_scim_extern_uid (ada, "ada@acme.example");
  g_assert_cmpuint (notified, >, 0);
  g_assert_cmpstr (roster_member_get_scim_extern_uid (ada), ==, "ada@acme.example");
  g_assert_cmpstr (roster_member_get_saml_extern_uid (ada), ==, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b");

  /* Values taken from the row itself, in its block or not. */
  roster_member_set_saml_extern_uid (ada, roster_member_get_scim_extern_uid (ada));
  g_assert_cmpstr (roster_member_get_saml_extern_uid (ada), ==, "ada@acme.example");
  roster_member_set_username (ada, roster_member_get_name (ada));
  g_assert_cmpstr (roster_member_get_username (ada), ==, "Ada Lovelace");
  roster_member_set_name (ada, roster_member_get_username (ada) + 4);
  g_assert_cmpstr (roster_member_get_name (ada), ==, "Lovelace");
  roster_member_set_email (ada, NULL);
  g_assert_null (roster_member_get_email (ada));
  roster_member_set_idp_extern_uid (ada, "9f1c2a7e");
  g_assert_cmpstr (roster_member_get_idp_extern_uid (ada), ==, "9f1c2a7e");

  /* Everything from another row of the same user. */
  roster_member_set_scim_extern_uid (alan, NULL);
  roster_member_set_username (alan, "alan");
  roster_member_update_from (alan, again);
  g_assert_cmpstr (roster_member_get_scim_extern_uid (alan), ==, "aturing@acme.example");
  g_assert_cmpstr (roster_member_get_saml_extern_uid (alan), ==, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_cmpstr (roster_member_get_username (alan), ==, "aturing");

  g_signal_handlers_disconnect_by_data (ada, &notified);
  g_assert_finalize_object (ada);
  g_assert_finalize_object (alan);
}

static void
test_idp_export_after_load (void)
{
  RosterSnapshot *snapshot = fixture_snapshot (TRUE);
  g_autofree char *path = roster_test_data_path ("idp", "entra.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) idp = roster_idp_export_load (file, NULL, &error);
  RosterMember *alan = roster_snapshot_lookup (snapshot, 7103);
  RosterMember *ada = roster_snapshot_lookup (snapshot, 7101);

  g_assert_no_error (error);
  roster_snapshot_set_idp_export (snapshot, idp);
  g_assert_true (roster_snapshot_get_idp_export (snapshot) == idp);

  g_assert_cmpstr (roster_member_get_idp_extern_uid (alan), ==, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_true (roster_member_has_finding (alan, ROSTER_FINDING_IDP_MISMATCH));
  g_assert_cmpstr (roster_member_get_idp_extern_uid (ada), ==, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b");
  g_assert_cmpuint (roster_member_get_n_findings (ada), ==, 0);
  g_assert_cmpuint (roster_snapshot_get_summary (snapshot)->by_kind[ROSTER_FINDING_IDP_MISMATCH], ==, 1);

  roster_snapshot_set_idp_export (snapshot, NULL);
  g_assert_null (roster_member_get_idp_extern_uid (alan));
  g_assert_false (roster_member_has_finding (alan, ROSTER_FINDING_IDP_MISMATCH));

  g_assert_finalize_object (snapshot);
}

static void
test_fail (void)
{
  RosterSnapshot *snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");
  g_autoptr(GError) error = g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_AUTH, "bad token");
  g_autoptr(GError) got = NULL;
  guint notified = 0;

  g_signal_connect (snapshot, "notify::error", G_CALLBACK (count_notify_cb), &notified);
  roster_snapshot_set_phase (snapshot, ROSTER_SNAPSHOT_PHASE_MEMBERS, 0, 0);
  roster_snapshot_fail (snapshot, error);

  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (roster_snapshot_get_phase (snapshot), ==, ROSTER_SNAPSHOT_PHASE_FAILED);
  g_assert_error (roster_snapshot_get_error (snapshot), ROSTER_ERROR, ROSTER_ERROR_AUTH);
  g_object_get (snapshot, "error", &got, NULL);
  g_assert_error (got, ROSTER_ERROR, ROSTER_ERROR_AUTH);
  g_assert_false (roster_snapshot_get_loaded (snapshot));

  g_assert_finalize_object (snapshot);
}

static void
test_many_members_one_splice (void)
{
  RosterSnapshot *snapshot = roster_snapshot_new ("https://gitlab.example.com", 1, "big");
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_gitlab_member_unref);
  g_autoptr(GPtrArray) saml = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_gitlab_identity_unref);
  g_autoptr(GPtrArray) scim = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_gitlab_identity_unref);
  guint splices = 0;

  for (guint i = 1; i <= 20000; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\":%u,\"username\":\"u%u\",\"name\":\"U %u\","
                                               "\"state\":\"active\",\"access_level\":30}", i, i, i);
      g_autofree char *uid = g_strdup_printf ("uid-%u", i);
      g_autoptr(JsonNode) node = json_from_string (json, NULL);
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (members, roster_gitlab_member_parse (node, &error));
      g_assert_no_error (error);
      g_ptr_array_add (saml, roster_gitlab_identity_new (ROSTER_IDENTITY_SAML, uid, i, TRUE));
      g_ptr_array_add (scim, roster_gitlab_identity_new (ROSTER_IDENTITY_SCIM, uid, i, i % 10 != 0));
    }

  g_signal_connect (roster_snapshot_get_model (snapshot), "items-changed",
                    G_CALLBACK (items_changed_cb), &splices);
  roster_snapshot_add_members (snapshot, members);
  roster_snapshot_set_identities (snapshot, ROSTER_IDENTITY_SAML, saml);
  roster_snapshot_set_identities (snapshot, ROSTER_IDENTITY_SCIM, scim);
  roster_snapshot_finish (snapshot);

  g_assert_cmpuint (splices, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (roster_snapshot_get_model (snapshot)), ==, 20000);
  g_assert_cmpuint (roster_snapshot_get_summary (snapshot)->by_kind[ROSTER_FINDING_INACTIVE_BUT_MEMBER], ==, 2000);
  g_assert_cmpuint (roster_snapshot_get_n_problems (snapshot), ==, 2000);

  g_signal_handlers_disconnect_by_data (roster_snapshot_get_model (snapshot), &splices);
  g_assert_finalize_object (snapshot);
}

/* The app's path: rows made page by page, identity lists read into their
 * compact form; the same findings as with the parsed lists. */
static void
test_rows_and_records (void)
{
  g_autoptr(RosterSnapshot) snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");
  GListModel *model = roster_snapshot_get_model (snapshot);
  g_autoptr(GPtrArray) members = fixture_parse ("group-members.json", 0);
  g_autoptr(GPtrArray) saml = fixture_parse ("rest-saml-identities.json", 1);
  g_autoptr(GPtrArray) scim = fixture_parse ("rest-scim-identities.json", 2);
  g_autoptr(GPtrArray) enterprise = fixture_parse ("enterprise-users.json", 3);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) enterprise_users = g_ptr_array_new ();
  RosterEnterpriseRecords *enterprise_records;
  RosterIdentityRecords *saml_records = roster_identity_records_new (ROSTER_IDENTITY_SAML);
  RosterIdentityRecords *scim_records = roster_identity_records_new (ROSTER_IDENTITY_SCIM);
  RosterMember *alan;
  guint splices = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &splices);

  for (guint i = 0; i < members->len; i++)
    g_ptr_array_add (rows, roster_snapshot_member_row_new (g_ptr_array_index (members, i)));
  roster_snapshot_add_rows (snapshot, rows);
  g_assert_cmpuint (splices, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  alan = roster_snapshot_lookup (snapshot, 7103);
  g_assert_nonnull (alan);
  g_assert_cmpstr (roster_member_get_scim_extern_uid (alan), ==, "aturing@acme.example");
  /* Listed, not compared yet: no verdict. */
  g_assert_true (roster_member_get_pending (alan));

  /* The same rows again change nothing. */
  roster_snapshot_add_rows (snapshot, rows);
  g_assert_cmpuint (splices, ==, 1);

  for (guint i = 0; i < saml->len; i++)
    {
      const RosterGitlabIdentity *id = g_ptr_array_index (saml, i);

      roster_identity_records_add (id->extern_uid, id->user_id, id->active, saml_records);
    }
  for (guint i = 0; i < scim->len; i++)
    {
      const RosterGitlabIdentity *id = g_ptr_array_index (scim, i);

      roster_identity_records_add (id->extern_uid, id->user_id, id->active, scim_records);
    }
  roster_snapshot_take_identities (snapshot, saml_records);
  g_assert_cmpuint (roster_member_get_n_findings (alan), ==, 0);
  roster_snapshot_take_identities (snapshot, scim_records);
  g_assert_cmpuint (splices, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(RosterMember) row = g_list_model_get_item (model, i);

      g_assert_false (roster_member_get_pending (row));
    }
  g_assert_true (roster_snapshot_lookup (snapshot, 7103) == alan);
  g_assert_true (roster_member_has_finding (alan, ROSTER_FINDING_SAML_SCIM_MISMATCH));
  g_assert_true (roster_member_has_finding (roster_snapshot_lookup (snapshot, 7104),
                                            ROSTER_FINDING_DEPROVISIONED));

  /* Enterprise users mapped into compact records, as a listing does it
   * (a user mapped twice is dropped by the listing): Barbara, who left,
   * gets her name; the badge its source. */
  enterprise_records = roster_enterprise_records_new ();
  for (guint i = 0; i < enterprise->len; i++)
    {
      gpointer record = roster_enterprise_records_map (g_ptr_array_index (enterprise, i), enterprise_records);

      if (i == 0)
        roster_enterprise_records_map (g_ptr_array_index (enterprise, i), enterprise_records);
      g_ptr_array_add (enterprise_users, record);
    }
  roster_snapshot_take_enterprise_users (snapshot, enterprise_records, enterprise_users, TRUE);
  g_assert_cmpstr (roster_member_get_username (roster_snapshot_lookup (snapshot, 7104)), ==, "bliskov");
  g_assert_cmpstr (roster_member_get_name (roster_snapshot_lookup (snapshot, 7104)), ==, "Barbara Liskov");
  g_assert_true (roster_member_get_enterprise (roster_snapshot_lookup (snapshot, 7104)));
  g_assert_true (roster_snapshot_get_enterprise_known (snapshot));

  roster_snapshot_finish (snapshot);
  g_assert_cmpuint (roster_snapshot_get_summary (snapshot)->problems, ==, 1);
  g_assert_cmpuint (roster_snapshot_get_summary (snapshot)->enterprise, ==, 3);
  g_signal_handlers_disconnect_by_data (model, &splices);
}

/* Pages of enterprise users are mapped in worker threads, several at once:
 * every record keeps its own user's fields. */
#define MAPPERS 4
#define MAPPED_EACH 3000

typedef struct
{
  RosterEnterpriseRecords *records;
  guint                    first;
  GPtrArray               *mapped;
} Mapper;

static gpointer
mapper_thread (gpointer data)
{
  Mapper *m = data;

  for (guint i = 0; i < MAPPED_EACH; i++)
    {
      RosterGitlabEnterpriseUser user = { 0, };
      g_autofree char *username = g_strdup_printf ("user%u", m->first + i);
      g_autofree char *name = g_strdup_printf ("User %u", m->first + i);

      user.id = m->first + i;
      user.username = username;
      user.name = name;
      user.state = (char *) (i % 2 ? "active" : "blocked");
      user.email = i % 3 ? NULL : username;
      g_ptr_array_add (m->mapped, roster_enterprise_records_map (&user, m->records));
    }
  return NULL;
}

static void
test_enterprise_records_threads (void)
{
  RosterEnterpriseRecords *records = roster_enterprise_records_new ();
  RosterSnapshot *snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  Mapper mappers[MAPPERS];
  GThread *threads[MAPPERS];

  for (guint t = 0; t < MAPPERS; t++)
    {
      mappers[t] = (Mapper) { records, 1 + t * MAPPED_EACH, g_ptr_array_new () };
      threads[t] = g_thread_new ("mapper", mapper_thread, &mappers[t]);
    }
  for (guint t = 0; t < MAPPERS; t++)
    {
      g_thread_join (threads[t]);
      for (guint i = 0; i < MAPPED_EACH; i++)
        {
          const RosterUserInput *u = g_ptr_array_index (mappers[t].mapped, i);
          g_autofree char *username = g_strdup_printf ("user%u", mappers[t].first + i);
          g_autofree char *name = g_strdup_printf ("User %u", mappers[t].first + i);

          g_assert_cmpint (u->user_id, ==, mappers[t].first + i);
          g_assert_cmpstr (u->username, ==, username);
          g_assert_cmpstr (u->name, ==, name);
          g_assert_cmpstr (u->email, ==, i % 3 ? NULL : username);
          g_assert_cmpstr (u->state, ==, i % 2 ? "active" : "blocked");
          g_assert_null (u->avatar_url);
          g_ptr_array_add (all, (gpointer) u);
        }
      g_ptr_array_unref (mappers[t].mapped);
    }

  roster_snapshot_take_enterprise_users (snapshot, records, all, TRUE);
  roster_snapshot_finish (snapshot);
  /* Enterprise users who are not members and hold no identity are not
   * rows: nothing to show, but nothing lost either. */
  g_assert_true (roster_snapshot_get_enterprise_known (snapshot));
  g_assert_finalize_object (snapshot);

  /* Unavailable: nothing taken, the records (if any) freed. */
  snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");
  roster_snapshot_take_enterprise_users (snapshot, roster_enterprise_records_new (), NULL, FALSE);
  roster_snapshot_take_enterprise_users (snapshot, NULL, NULL, FALSE);
  roster_snapshot_finish (snapshot);
  g_assert_false (roster_snapshot_get_enterprise_known (snapshot));
  g_assert_finalize_object (snapshot);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/snapshot/progressive", test_progressive);
  g_test_add_func ("/roster/snapshot/find-user", test_find_user);
  g_test_add_func ("/roster/snapshot/embedded-identities-fallback", test_embedded_identities_fallback);
  g_test_add_func ("/roster/snapshot/one-list-and-embedded-identities", test_one_list_and_embedded_identities);
  g_test_add_func ("/roster/snapshot/row-strings", test_row_strings);
  g_test_add_func ("/roster/snapshot/idp-export-after-load", test_idp_export_after_load);
  g_test_add_func ("/roster/snapshot/fail", test_fail);
  g_test_add_func ("/roster/snapshot/many-members-one-splice", test_many_members_one_splice);
  g_test_add_func ("/roster/snapshot/rows-and-records", test_rows_and_records);
  g_test_add_func ("/roster/snapshot/enterprise-records-threads", test_enterprise_records_threads);

  return g_test_run ();
}
