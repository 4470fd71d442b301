/* test-error.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "roster-error.h"

static void
test_quark (void)
{
  g_autoptr(GError) error = g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_AUTH, "x");

  g_assert_cmpstr (g_quark_to_string (ROSTER_ERROR), ==, "roster-error-quark");
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_AUTH);
}

static void
test_code_names (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (int code = ROSTER_ERROR_AUTH; code <= ROSTER_ERROR_KEYRING; code++)
    {
      const char *name = roster_error_code_to_string (code);

      g_assert_cmpstr (name, !=, "unknown");
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);
    }

  g_assert_cmpstr (roster_error_code_to_string (ROSTER_ERROR_CHANGED_ON_SERVER), ==, "changed-on-server");
  g_assert_cmpstr (roster_error_code_to_string (999), ==, "unknown");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/error/quark", test_quark);
  g_test_add_func ("/roster/error/code-names", test_code_names);

  return g_test_run ();
}
