/* test-idp-import.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "roster-error.h"
#include "roster-idp-import.h"
#include "roster-test-utils.h"

static RosterIdpExport *
load (const char  *name,
      GError     **error)
{
  g_autofree char *path = roster_test_data_path ("idp", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return roster_idp_export_load (file, NULL, error);
}

static void
test_okta (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) export = load ("okta.csv", &error);
  const RosterIdpRecord *record;

  g_assert_no_error (error);
  g_assert_cmpstr (roster_idp_export_get_format (export), ==, "okta");
  g_assert_cmpuint (roster_idp_export_get_n_records (export), ==, 3);

  record = roster_idp_export_lookup (export, "GRACE.HOPPER@acme.example", NULL);
  g_assert_nonnull (record);
  g_assert_cmpstr (record->external_id, ==, "00u2grace");
  /* Okta: NameID assumed to be the Okta id when the export has none. */
  g_assert_cmpstr (record->name_id, ==, "00u2grace");
  g_assert_cmpstr (record->user_name, ==, "grace.hopper@acme.example");
  g_assert_cmpuint (record->line, ==, 3);

  g_assert_true (roster_idp_export_lookup_value (export, "00u3alan") ==
                 roster_idp_export_lookup (export, NULL, "alan.turing@acme.example"));
  g_assert_null (roster_idp_export_lookup_value (export, "00U3ALAN"));
  g_assert_null (roster_idp_export_lookup (export, "nobody@acme.example", "nobody"));
}

static void
test_entra (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) export = load ("entra.csv", &error);
  const RosterIdpRecord *record;

  g_assert_no_error (error);
  g_assert_cmpstr (roster_idp_export_get_format (export), ==, "entra");
  g_assert_cmpuint (roster_idp_export_get_n_records (export), ==, 3);

  record = roster_idp_export_get_record (export, 0);
  g_assert_cmpstr (record->email, ==, "ada.lovelace@acme.example");
  g_assert_cmpstr (record->external_id, ==, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b");
  g_assert_cmpstr (record->name_id, ==, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b");

  /* Without mail, the UPN finds the user by email. */
  record = roster_idp_export_lookup (export, "Zoe@acme.example", "zoe");
  g_assert_nonnull (record);
  g_assert_null (record->email);
  g_assert_cmpstr (record->external_id, ==, "0a1b2c3d-0000-4000-8000-000000000001");
}

static void
test_generic_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) export = load ("generic.csv", &error);
  const RosterIdpRecord *record;

  g_assert_no_error (error);
  g_assert_cmpstr (roster_idp_export_get_format (export), ==, "generic");
  /* The row without values is skipped; the blank line is ignored. */
  g_assert_cmpuint (roster_idp_export_get_n_records (export), ==, 3);

  record = roster_idp_export_lookup (export, NULL, "aturing");
  g_assert_nonnull (record);
  g_assert_cmpuint (record->line, ==, 4);

  record = roster_idp_export_lookup (export, "odd@acme.example", NULL);
  g_assert_nonnull (record);
  g_assert_cmpstr (record->external_id, ==, "a \"quoted\", value");
  g_assert_cmpstr (record->name_id, ==, "multi\nline");
  g_assert_cmpuint (record->line, ==, 5);
}

static void
test_generic_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) export = load ("generic.json", &error);
  const RosterIdpRecord *record;

  g_assert_no_error (error);
  g_assert_cmpstr (roster_idp_export_get_format (export), ==, "json");
  g_assert_cmpuint (roster_idp_export_get_n_records (export), ==, 3);

  record = roster_idp_export_lookup (export, "alan.turing@acme.example", NULL);
  g_assert_cmpstr (record->external_id, ==, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_null (record->name_id);
  g_assert_cmpuint (record->line, ==, 8);

  record = roster_idp_export_get_record (export, 2);
  g_assert_cmpstr (record->email, ==, "{not a brace} \"q\"");
  g_assert_cmpstr (record->external_id, ==, "12345");
  g_assert_cmpuint (record->line, ==, 9);
}

static void
test_semicolon (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) export = load ("semicolon.csv", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (roster_idp_export_lookup (export, "a@x.example", NULL)->name_id, ==, "1");
}

static const struct
{
  const char *file;
  const char *needle;
} bad_files[] = {
  { "bad-unterminated.csv", "Line 7: a quoted field is never closed" },
  { "bad-missing-column.csv", "Line 1: missing required column" },
  { "bad-duplicate.csv", "Line 4: email “A@X.example” appears a second time (first on line 2)" },
  { "bad-latin1.csv", "Line 3: the file is not valid UTF-8 (byte 0xE9)" },
  { "bad-field-count.csv", "Line 3: this row has 3 fields but the header has 4" },
  { "bad-quote.csv", "Line 3: unexpected text after a closing quote" },
  { "bad-not-array.json", "Line 1: the JSON IdP export must be an array" },
  { "bad-type.json", "Line 3: “externalId” must be a string" },
  { "does-not-exist.csv", "Cannot read the IdP export" },
};

static void
test_bad_file (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) export = load (bad_files[i].file, &error);

  g_assert_null (export);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_test_message ("%s: %s", bad_files[i].file, error->message);
  g_assert_nonnull (strstr (error->message, bad_files[i].needle));
}

static void
check_parse_error (const char *data,
                   gsize       length,
                   const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) export = roster_idp_export_parse (data, length, &error);

  g_assert_null (export);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, needle));
}

static void
test_limits (void)
{
  g_autoptr(GString) big = g_string_new ("email,userName,externalId,nameId\na@x.example,a,");
  static const char nul[] = "email,externalId\na@x\0.example,1\n";

  /* Too large: refused before reading. */
  check_parse_error ("x", ROSTER_IDP_EXPORT_MAX_SIZE + 1, "larger than 64 MiB");

  for (guint i = 0; i < ROSTER_IDP_EXPORT_MAX_FIELD + 10; i++)
    g_string_append_c (big, 'v');
  g_string_append (big, ",1\n");
  check_parse_error (big->str, big->len, "Line 2: a field is longer than 4096 bytes");

  check_parse_error (nul, sizeof nul - 1, "Line 2: the file contains a NUL byte");
  check_parse_error ("", 0, "empty");
  check_parse_error ("\xef\xbb\xbf \r\n", 5, "empty");
  check_parse_error ("[1,", 3, "not valid JSON");
  check_parse_error ("email,email,externalId\n", 23, "Line 1: the column “email” appears twice");
}

static void
test_crlf_and_quotes_inline (void)
{
  static const char data[] =
    "\"Email\",\"User Name\",\"External ID\",\"SAML NameID\"\r\n"
    "\"a@x.example\",\"a\",\"1,2\",\"\"\"3\"\"\"\r\n"
    "\r\n"
    "b@x.example,b,4,4";
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) export = roster_idp_export_parse (data, sizeof data - 1, &error);
  const RosterIdpRecord *record;

  g_assert_no_error (error);
  g_assert_cmpuint (roster_idp_export_get_n_records (export), ==, 2);
  record = roster_idp_export_get_record (export, 0);
  g_assert_cmpstr (record->external_id, ==, "1,2");
  g_assert_cmpstr (record->name_id, ==, "\"3\"");
  record = roster_idp_export_get_record (export, 1);
  g_assert_cmpstr (record->name_id, ==, "4");
  g_assert_cmpuint (record->line, ==, 4);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  RosterIdpExport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = roster_idp_export_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *path = roster_test_data_path ("idp", "okta.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RosterIdpExport *export = NULL;

  roster_idp_export_load_async (file, NULL, load_cb, &export);
  while (export == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (roster_idp_export_get_n_records (export), ==, 3);
  roster_idp_export_unref (export);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/idp-import/okta", test_okta);
  g_test_add_func ("/roster/idp-import/entra", test_entra);
  g_test_add_func ("/roster/idp-import/generic-csv", test_generic_csv);
  g_test_add_func ("/roster/idp-import/generic-json", test_generic_json);
  g_test_add_func ("/roster/idp-import/semicolon", test_semicolon);
  g_test_add_func ("/roster/idp-import/crlf-and-quotes", test_crlf_and_quotes_inline);
  g_test_add_func ("/roster/idp-import/limits", test_limits);
  g_test_add_func ("/roster/idp-import/async", test_async);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/roster/idp-import/bad/%s", bad_files[i].file);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_bad_file);
    }

  return g_test_run ();
}
