/* test-scim-filter.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "roster-error.h"
#include "roster-scim-filter.h"

typedef struct
{
  RosterScimDialect  dialect;
  const char        *attribute;
  const char        *value;
  const char        *expected;   /* NULL: refused */
  const char        *error;      /* substring of the refusal */
} FilterCase;

static const FilterCase filter_cases[] = {
  { ROSTER_SCIM_DIALECT_RFC, "externalId", "abc", "externalId eq \"abc\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "userName", "a\"b", "userName eq \"a\\\"b\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "userName", "a\\b", "userName eq \"a\\\\b\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "userName", "x\" or userName pr or id eq \"", "userName eq \"x\\\" or userName pr or id eq \\\"\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "userName", "\\\"", "userName eq \"\\\\\\\"\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "userName", "tab\there", "userName eq \"tab\\u0009here\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "userName", "with space", "userName eq \"with space\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "userName", "", "userName eq \"\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "userName", "Zoë", "userName eq \"Zoë\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "name.formatted", "x", "name.formatted eq \"x\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "urn:ietf:params:scim:schemas:core:2.0:User:userName", "x",
    "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\"", NULL },
  { ROSTER_SCIM_DIALECT_RFC, "userName eq \"x\" or id", "x", NULL, "not a SCIM attribute name" },
  { ROSTER_SCIM_DIALECT_RFC, "", "x", NULL, "not a SCIM attribute name" },
  { ROSTER_SCIM_DIALECT_RFC, "1abc", "x", NULL, "not a SCIM attribute name" },
  { ROSTER_SCIM_DIALECT_RFC, "a.b.c", "x", NULL, "not a SCIM attribute name" },
  { ROSTER_SCIM_DIALECT_RFC, "userName", "\xff\xfe", NULL, "not valid UTF-8" },

  { ROSTER_SCIM_DIALECT_GITLAB, "id", "9f1c2a7e-3b4d", "id eq \"9f1c2a7e-3b4d\"", NULL },
  { ROSTER_SCIM_DIALECT_GITLAB, "externalId", "aturing@acme.example", "externalId eq \"aturing@acme.example\"", NULL },
  { ROSTER_SCIM_DIALECT_GITLAB, "userName", "back\\slash", "userName eq \"back\\slash\"", NULL },
  { ROSTER_SCIM_DIALECT_GITLAB, "userName", "two words", NULL, "containing a space" },
  { ROSTER_SCIM_DIALECT_GITLAB, "userName", "tab\there", NULL, "containing a space" },
  { ROSTER_SCIM_DIALECT_GITLAB, "userName", "line\nbreak", NULL, "containing a space" },
  { ROSTER_SCIM_DIALECT_GITLAB, "userName", "a\"b", NULL, "double quote" },
  { ROSTER_SCIM_DIALECT_GITLAB, "id", "TRUE", NULL, "yes/no value" },
  { ROSTER_SCIM_DIALECT_GITLAB, "id", "false", NULL, "yes/no value" },
  { ROSTER_SCIM_DIALECT_GITLAB, "id", "", NULL, "empty value" },
  { ROSTER_SCIM_DIALECT_GITLAB, "id", "bell\a", NULL, "control character" },
  { ROSTER_SCIM_DIALECT_GITLAB, "displayName", "x", NULL, "only search by id, externalId or userName" },
  { ROSTER_SCIM_DIALECT_GITLAB, "emails", "x", NULL, "only search by" },
};

static void
test_filter_case (gconstpointer data)
{
  const FilterCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *filter = roster_scim_filter_eq (c->dialect, c->attribute, c->value, &error);

  if (c->expected != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (filter, ==, c->expected);
      return;
    }

  g_assert_null (filter);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  if (strstr (error->message, c->error) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, c->error);
}

/* Whatever the value, the RFC filter has exactly one unescaped quote pair
 * around it: read it back as a JSON string and get the value. */
static void
test_rfc_roundtrip (void)
{
  const char *values[] = { "plain", "\"", "\\", "\\\"", "\"\\\"", "a\" or \"1\" eq \"1", "\x01\x1f", "é\"ü\\" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *filter = roster_scim_filter_eq (ROSTER_SCIM_DIALECT_RFC, "externalId", values[i], NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      const char *quoted;

      g_assert_nonnull (filter);
      g_assert_true (g_str_has_prefix (filter, "externalId eq "));
      quoted = filter + strlen ("externalId eq ");
      json_parser_load_from_data (parser, quoted, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_node_get_string (json_parser_get_root (parser)), ==, values[i]);
    }
}

static void
test_patch_values (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (roster_scim_check_gitlab_patch_value ("c4e8a1f2-7d3b", NULL));
  g_assert_true (roster_scim_check_gitlab_patch_value ("with space", NULL));
  g_assert_false (roster_scim_check_gitlab_patch_value ("a\"b", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (roster_scim_check_gitlab_patch_value ("True", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (roster_scim_check_gitlab_patch_value ("", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (filter_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/roster/scim-filter/case/%u", i);
      g_test_add_data_func (path, &filter_cases[i], test_filter_case);
    }
  g_test_add_func ("/roster/scim-filter/rfc-roundtrip", test_rfc_roundtrip);
  g_test_add_func ("/roster/scim-filter/patch-values", test_patch_values);

  return g_test_run ();
}
