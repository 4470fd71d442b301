/* test-report.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "roster-fixture-world.h"
#include "roster-report.h"
#include "roster-text.h"

static RosterReportOptions
fixture_options (GDateTime *when)
{
  RosterReportOptions options = { "https://gitlab.example.com", 4242, "acme-corp", when, FALSE, 100 };

  return options;
}

static void
test_json_golden (void)
{
  RosterSnapshot *snapshot = fixture_snapshot (TRUE);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 28, 17, 30, 0);
  RosterReportOptions options = fixture_options (when);
  g_autofree char *json = roster_report_render (roster_snapshot_get_model (snapshot),
                                                ROSTER_REPORT_FORMAT_JSON, &options);
  g_autofree char *path = roster_test_data_path ("report", "fixture.json", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("ROSTER_UPDATE_GOLDEN") != NULL)
    g_file_set_contents (path, json, -1, NULL);

  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, expected);

  g_assert_finalize_object (snapshot);
}

static GList *
member_names (JsonObject *object)
{
  return json_object_get_members (object);
}

static void
assert_keys (JsonObject         *object,
             const char * const *keys)
{
  GList *names = member_names (object);
  guint i = 0;

  for (GList *l = names; l != NULL; l = l->next, i++)
    {
      g_assert_nonnull (keys[i]);
      g_assert_cmpstr (l->data, ==, keys[i]);
    }
  g_assert_null (keys[i]);
  g_list_free (names);
}

static void
test_json_schema (void)
{
  static const char * const top[] = { "roster_report", "generated_at", "instance", "group", "summary", "users", NULL };
  static const char * const group[] = { "id", "full_path", NULL };
  static const char * const summary[] = { "members", "enterprise", "ok", "by_kind", NULL };
  static const char * const user[] = {
    "user_id", "username", "name", "email", "state", "member", "access_level", "enterprise",
    "saml_extern_uid", "scim_extern_uid", "scim_active", "idp_extern_uid", "findings", NULL
  };
  static const char * const finding[] = { "kind", "severity", "message", NULL };
  RosterSnapshot *snapshot = fixture_snapshot (TRUE);
  RosterReportOptions options = fixture_options (NULL);
  g_autofree char *json = roster_report_render (roster_snapshot_get_model (snapshot),
                                                ROSTER_REPORT_FORMAT_JSON, &options);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *by_kind;
  JsonArray *users;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  assert_keys (root, top);
  g_assert_cmpint (json_object_get_int_member (root, "roster_report"), ==, 1);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (root, "generated_at"), "Z"));
  assert_keys (json_object_get_object_member (root, "group"), group);
  assert_keys (json_object_get_object_member (root, "summary"), summary);

  by_kind = json_object_get_object_member (json_object_get_object_member (root, "summary"), "by_kind");
  g_assert_cmpuint (json_object_get_size (by_kind), ==, ROSTER_FINDING_N_KINDS);
  g_assert_cmpint (json_object_get_int_member (by_kind, "saml-scim-mismatch"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_kind, "deprovisioned"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_kind, "no-identity"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_kind, "case-mismatch"), ==, 0);

  users = json_object_get_array_member (root, "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 5);
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *u = json_array_get_object_element (users, i);
      JsonArray *findings = json_object_get_array_member (u, "findings");

      assert_keys (u, user);
      for (guint f = 0; f < json_array_get_length (findings); f++)
        assert_keys (json_array_get_object_element (findings, f), finding);
    }

  /* Barbara: not a member, so no access level; Dennis: no email. */
  g_assert_true (json_object_get_null_member (json_array_get_object_element (users, 4), "access_level"));
  g_assert_true (json_object_get_null_member (json_array_get_object_element (users, 3), "email"));
  g_assert_true (json_object_get_null_member (json_array_get_object_element (users, 3), "scim_active"));

  g_assert_finalize_object (snapshot);
}

static void
test_problems_only (void)
{
  RosterSnapshot *snapshot = fixture_snapshot (TRUE);
  RosterReportOptions options = fixture_options (NULL);
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *users;

  options.problems_only = TRUE;
  json = roster_report_render (roster_snapshot_get_model (snapshot), ROSTER_REPORT_FORMAT_JSON, &options);
  root = json_from_string (json, NULL);
  users = json_object_get_array_member (json_node_get_object (root), "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, 0), "username"), ==, "aturing");
  /* The summary still counts everyone. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (root), "summary"), "members"), ==, 4);

  csv = roster_report_render (roster_snapshot_get_model (snapshot), ROSTER_REPORT_FORMAT_CSV, &options);
  g_assert_nonnull (strstr (csv, "\r\n7103,aturing,Alan Turing,"));
  g_assert_null (strstr (csv, "alovelace"));

  g_assert_finalize_object (snapshot);
}

static void
test_csv_field (void)
{
  static const struct { const char *in; const char *out; } table[] = {
    { "plain", "plain" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\rlf", "\"cr\rlf\"" },
    { " padded", "\" padded\"" },
    { "Zoë 山田", "Zoë 山田" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *got = roster_report_render_csv_field (table[i].in);

      g_assert_cmpstr (got, ==, table[i].out);
    }
  {
    g_autofree char *empty = roster_report_render_csv_field (NULL);

    g_assert_cmpstr (empty, ==, "");
  }
}

static GListStore *
odd_world (void)
{
  RosterUserInput members[] = {
    { 1, "yamada", "山田太郎 (Taro Yamada), the longest name in this group by far", "t@x.example", NULL, "active", 40 },
    { 2, "q", "Quote \"Q\" O'Neil, Jr.", NULL, NULL, "active", 50 },
  };
  RosterSamlIdentityInput saml[] = { { 1, "a,\"b\"\nc" }, { 2, "\xff" "bad" } };
  RosterScimIdentityInput scim[] = { { 1, "A,\"B\"\nC", TRUE } };
  RosterReconcileInput input = { members, 2, saml, 2, scim, 1, };
  g_autoptr(GPtrArray) result = roster_reconcile (&input);
  GListStore *store = g_list_store_new (ROSTER_TYPE_MEMBER);

  g_list_store_splice (store, 0, 0, result->pdata, result->len);
  return store;
}

static void
test_csv_quoting (void)
{
  g_autoptr(GListStore) store = odd_world ();
  RosterReportOptions options = fixture_options (NULL);
  g_autofree char *csv = roster_report_render (G_LIST_MODEL (store), ROSTER_REPORT_FORMAT_CSV, &options);
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_str_has_prefix (csv, "user_id,username,name,email,state,member,access_level,"
                                        "enterprise,saml_extern_uid,scim_extern_uid,scim_active,"
                                        "idp_extern_uid,severity,findings,messages\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n1,yamada,\"山田太郎 (Taro Yamada), the longest name in this group by far\","
                                 "t@x.example,active,true,40,true,\"a,\"\"b\"\"\nc\",\"A,\"\"B\"\"\nC\",true,,warning,case-mismatch,"));
  g_assert_nonnull (strstr (csv, "\r\n2,q,\"Quote \"\"Q\"\" O'Neil, Jr.\",,active,true,50,false,\\xFFbad,,,,warning,saml-without-scim,"));
  g_assert_true (g_utf8_validate (csv, -1, NULL));
  g_assert_true (g_str_has_suffix (csv, "\r\n"));

  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, 2 rows, "" */
}

static void
test_table_width (void)
{
  g_autoptr(GListStore) store = odd_world ();
  RosterSnapshot *snapshot = fixture_snapshot (TRUE);
  static const guint widths[] = { 60, 72, 80, 100, 132, 200 };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint which = 0; which < 2; which++)
      {
        RosterReportOptions options = fixture_options (NULL);
        GListModel *model = which ? roster_snapshot_get_model (snapshot) : G_LIST_MODEL (store);
        g_autofree char *table = NULL;
        g_auto(GStrv) lines = NULL;

        options.width = widths[w];
        table = roster_report_render (model, ROSTER_REPORT_FORMAT_TABLE, &options);
        g_assert_true (g_utf8_validate (table, -1, NULL));
        lines = g_strsplit (table, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++)
          {
            g_test_message ("%3u| %s", widths[w], lines[i]);
            g_assert_cmpuint (roster_text_width (lines[i]), <=, widths[w]);
            g_assert_null (strchr (lines[i], '\r'));
          }
        g_assert_true (g_str_has_prefix (lines[0], "USER"));
        if (which == 0 && widths[w] < 132)
          g_assert_nonnull (strstr (table, "…"));
        if (which == 1)
          g_assert_nonnull (strstr (table, "4 members (3 enterprise), 1 with a problem, 2 ok"));
      }

  g_assert_finalize_object (snapshot);
}

static void
test_text_helpers (void)
{
  g_autofree char *cut = roster_text_truncate ("山田太郎", 5);
  g_autofree char *pad = roster_text_pad ("ab", 4);
  g_autofree char *esc = roster_text_escape ("a\tb\\c\xc3");

  g_assert_cmpuint (roster_text_width ("山田"), ==, 4);
  g_assert_cmpuint (roster_text_width ("e\xcc\x81"), ==, 1);
  g_assert_cmpstr (cut, ==, "山田…");
  g_assert_cmpstr (pad, ==, "ab  ");
  g_assert_cmpstr (esc, ==, "a\\x09b\\\\c\\xC3");
  g_assert_true (roster_text_equal_folded ("STRASSE", "straße"));
  g_assert_false (roster_text_equal_folded ("a", NULL));
  g_assert_true (roster_text_equal_folded (NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/report/json-golden", test_json_golden);
  g_test_add_func ("/roster/report/json-schema", test_json_schema);
  g_test_add_func ("/roster/report/problems-only", test_problems_only);
  g_test_add_func ("/roster/report/csv-field", test_csv_field);
  g_test_add_func ("/roster/report/csv-quoting", test_csv_quoting);
  g_test_add_func ("/roster/report/table-width", test_table_width);
  g_test_add_func ("/roster/report/text-helpers", test_text_helpers);

  return g_test_run ();
}
