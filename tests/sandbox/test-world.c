/* test-world.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-world"

#include "config.h"

#include "roster-sandbox-world.h"
#include "roster-sandbox-worlds.h"

#include <string.h>

#define ALAN_NAME_ID "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e"

static RosterWorld *
small_world (RosterWorldGroup **out_group)
{
  RosterWorld *world = roster_world_new ();
  RosterWorldGroup *group;
  g_autoptr(GError) error = NULL;

  group = roster_world_add_group (world, 10, "corp", "Corp", NULL, &error);
  g_assert_no_error (error);
  roster_world_group_set_saml (world, group, 5, ROSTER_ACCESS_GUEST);
  *out_group = group;
  return world;
}

static void
test_users (void)
{
  RosterWorldGroup *group;
  g_autoptr(RosterWorld) world = small_world (&group);
  g_autoptr(GError) error = NULL;
  RosterWorldUser *user;

  user = roster_world_add_user (world, 0, "jdoe", "Jane Doe", "Jane.Doe@corp.example", &error);
  g_assert_no_error (error);
  g_assert_cmpint (user->id, ==, 1);
  g_assert_true (roster_world_user_add_secondary_email (world, user, "jd@old.example", &error));
  g_assert_no_error (error);

  g_assert_true (roster_world_lookup_user (world, 1) == user);
  g_assert_true (roster_world_lookup_user_by_username (world, "JDOE") == user);
  g_assert_true (roster_world_lookup_user_by_email (world, "jane.doe@CORP.example") == user);
  g_assert_true (roster_world_lookup_user_by_email (world, "JD@old.example") == user);
  g_assert_null (roster_world_lookup_user_by_email (world, "nobody@corp.example"));

  g_assert_null (roster_world_add_user (world, 0, "JDoe", "Other", "o@corp.example", &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN);
  g_clear_error (&error);
  g_assert_null (roster_world_add_user (world, 0, "other", "Other", "jd@OLD.example", &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN);
  g_clear_error (&error);
  g_assert_null (roster_world_add_user (world, 0, "other", " ", "o@corp.example", &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID);
  g_clear_error (&error);

  user = roster_world_add_user (world, 100, "x", "X", "x@corp.example", &error);
  g_assert_no_error (error);
  user = roster_world_add_user (world, 0, "y", "Y", "y@corp.example", &error);
  g_assert_cmpint (user->id, ==, 101);
  g_assert_cmpuint (roster_world_get_n_users (world), ==, 3);
}

static void
test_make_username (void)
{
  RosterWorldGroup *group;
  g_autoptr(RosterWorld) world = small_world (&group);
  static const char *taken[] = { "jdoe", "jdoe1", "jdoe2", "jdoe3", "jdoe4" };
  char *name;

  name = roster_world_make_username (world, "j.doe@corp.example");
  g_assert_cmpstr (name, ==, "j.doe");
  g_free (name);
  name = roster_world_make_username (world, "--weird name!.git");
  g_assert_cmpstr (name, ==, "weirdname");
  g_free (name);
  name = roster_world_make_username (world, "...");
  g_assert_cmpstr (name, ==, "blank");
  g_free (name);
  name = roster_world_make_username (world, "_j..__doe-_x_@corp.example");
  g_assert_cmpstr (name, ==, "j.doe-x");
  g_free (name);

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autofree char *email = g_strdup_printf ("%s@corp.example", taken[i]);

      name = roster_world_make_username (world, "jdoe");
      g_assert_cmpstr (name, ==, taken[i]);
      roster_world_add_user (world, 0, name, "J Doe", email, NULL);
      g_free (name);
    }
  name = roster_world_make_username (world, "JDoe");
  g_assert_true (g_str_has_prefix (name, "JDoe_"));
  g_assert_null (roster_world_lookup_user_by_username (world, name));
  g_free (name);
}

static void
test_members_paging (void)
{
  RosterWorldGroup *group;
  g_autoptr(RosterWorld) world = small_world (&group);
  g_autoptr(GError) error = NULL;
  RosterWorldUser *users[10];

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *username = g_strdup_printf ("u%u", i);
      g_autofree char *email = g_strdup_printf ("u%u@corp.example", i);

      users[i] = roster_world_add_user (world, 0, username, "U", email, NULL);
      g_assert_nonnull (roster_world_add_member (world, group, users[i],
                                                 i == 0 ? ROSTER_ACCESS_OWNER : ROSTER_ACCESS_DEVELOPER,
                                                 NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_null (roster_world_add_member (world, group, users[3], ROSTER_ACCESS_GUEST, NULL, &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN);
  g_clear_error (&error);

  /* Remove 3 and 7: the order of the others stays, positions close up. */
  g_assert_true (roster_world_remove_member (world, group, users[3], FALSE, &error));
  g_assert_true (roster_world_remove_member (world, group, users[7], FALSE, &error));
  g_assert_cmpuint (roster_world_group_get_n_members (world, group), ==, 8);
  g_assert_null (roster_world_lookup_member (world, group, users[3]));
  g_assert_true (roster_world_group_get_member (world, group, 3)->user == users[4]);
  g_assert_true (roster_world_group_get_member (world, group, 7)->user == users[9]);
  g_assert_null (roster_world_group_get_member (world, group, 8));

  /* Re-adding appends. */
  roster_world_add_member (world, group, users[3], ROSTER_ACCESS_GUEST, NULL, NULL);
  g_assert_true (roster_world_group_get_member (world, group, 8)->user == users[3]);

  /* The last Owner stays unless forced. */
  g_assert_cmpuint (roster_world_group_count_owners (world, group), ==, 1);
  g_assert_false (roster_world_remove_member (world, group, users[0], FALSE, &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_LAST_OWNER);
  g_clear_error (&error);
  roster_world_member_set_access_level (world, roster_world_lookup_member (world, group, users[1]),
                                        ROSTER_ACCESS_OWNER);
  g_assert_true (roster_world_remove_member (world, group, users[0], FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (roster_world_group_count_owners (world, group), ==, 1);
}

static void
test_many_removals (void)
{
  RosterWorldGroup *group;
  g_autoptr(RosterWorld) world = small_world (&group);
  RosterWorldUser *users[50];
  guint expected = 0;

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *username = g_strdup_printf ("u%u", i);
      g_autofree char *email = g_strdup_printf ("u%u@corp.example", i);
      g_autofree char *uid = g_strdup_printf ("uid-%u", i);

      users[i] = roster_world_add_user (world, 0, username, "U", email, NULL);
      roster_world_add_scim_identity (world, group, users[i], uid, TRUE, NULL);
    }

  /* More removals than the pointer-compare path takes: flags are read. */
  for (guint i = 0; i < G_N_ELEMENTS (users); i += 3)
    roster_world_remove_scim_identity (world, roster_world_lookup_scim_identity_by_user (world, group, users[i]));

  g_assert_cmpuint (roster_world_group_get_n_scim_identities (world, group), ==, 33);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      if (i % 3 == 0)
        continue;
      g_assert_true (roster_world_group_get_scim_identity (world, group, expected)->user == users[i]);
      expected++;
    }
  g_assert_null (roster_world_group_get_scim_identity (world, group, expected));
}

static void
test_identities (void)
{
  RosterWorldGroup *group;
  g_autoptr(RosterWorld) world = small_world (&group);
  g_autoptr(GError) error = NULL;
  RosterWorldUser *a = roster_world_add_user (world, 0, "a", "A A", "a@corp.example", NULL);
  RosterWorldUser *b = roster_world_add_user (world, 0, "b", "B B", "b@corp.example", NULL);
  RosterWorldScimIdentity *scim;
  RosterWorldSamlIdentity *saml;

  scim = roster_world_add_scim_identity (world, group, a, "Abc-1", TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (roster_world_lookup_scim_identity (world, group, "abc-1") == scim);
  g_assert_true (roster_world_lookup_scim_identity_by_user (world, group, a) == scim);

  /* Unique per group, case-insensitively; one per user; not blank. */
  g_assert_null (roster_world_add_scim_identity (world, group, b, "ABC-1", TRUE, &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN);
  g_clear_error (&error);
  g_assert_null (roster_world_add_scim_identity (world, group, a, "other", TRUE, &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN);
  g_clear_error (&error);
  g_assert_null (roster_world_add_scim_identity (world, group, b, "  ", TRUE, &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID);
  g_clear_error (&error);

  /* Changing the value moves the index entry. */
  g_assert_true (roster_world_set_scim_extern_uid (world, scim, "new-value", &error));
  g_assert_null (roster_world_lookup_scim_identity (world, group, "abc-1"));
  g_assert_true (roster_world_lookup_scim_identity (world, group, "NEW-VALUE") == scim);
  /* Its own value in another case is fine. */
  g_assert_true (roster_world_set_scim_extern_uid (world, scim, "New-Value", &error));
  g_assert_cmpstr (scim->extern_uid, ==, "New-Value");

  /* SAML: exact lookup, unique case-insensitively. */
  saml = roster_world_add_saml_identity (world, group, a, "NameId-A", &error);
  g_assert_no_error (error);
  g_assert_true (roster_world_lookup_saml_identity (world, group, "NameId-A") == saml);
  g_assert_null (roster_world_lookup_saml_identity (world, group, "nameid-a"));
  g_assert_null (roster_world_add_saml_identity (world, group, b, "NAMEID-A", &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN);
  g_clear_error (&error);

  /* Cross-kind duplicates are possible (and a finding). */
  g_assert_nonnull (roster_world_add_scim_identity (world, group, b, "nameid-a", TRUE, &error));
  g_assert_true (roster_world_extern_uid_in_use (world, group, "NAMEID-a"));
  g_assert_false (roster_world_extern_uid_in_use (world, group, "free"));

  g_assert_cmpuint (roster_world_group_get_n_scim_identities (world, group), ==, 2);
  roster_world_remove_scim_identity (world, scim);
  g_assert_cmpuint (roster_world_group_get_n_scim_identities (world, group), ==, 1);
  g_assert_null (roster_world_lookup_scim_identity_by_user (world, group, a));
  g_assert_true (roster_world_group_get_scim_identity (world, group, 0)->user == b);

  roster_world_remove_saml_identity (world, saml);
  g_assert_cmpuint (roster_world_group_get_n_saml_identities (world, group), ==, 0);
  g_assert_null (roster_world_lookup_saml_identity (world, group, "NameId-A"));
}

static void
test_deprovision (void)
{
  RosterWorldGroup *group;
  g_autoptr(RosterWorld) world = small_world (&group);
  g_autoptr(GError) error = NULL;
  RosterWorldGroup *sub = roster_world_add_group (world, 11, "sub", "Sub", group, NULL);
  RosterWorldUser *owner = roster_world_add_user (world, 0, "o", "O O", "o@corp.example", NULL);
  RosterWorldUser *dev = roster_world_add_user (world, 0, "d", "D D", "d@corp.example", NULL);
  RosterWorldScimIdentity *owner_scim, *dev_scim;
  RosterWorldMember *member;

  g_assert_cmpstr (sub->full_path, ==, "corp/sub");
  g_assert_true (roster_world_find_group (world, "CORP/Sub") == sub);
  g_assert_true (roster_world_find_group (world, "11") == sub);
  g_assert_true (roster_world_group_get_root (sub) == group);

  roster_world_add_member (world, group, owner, ROSTER_ACCESS_OWNER, NULL, NULL);
  roster_world_add_member (world, group, dev, ROSTER_ACCESS_MAINTAINER, NULL, NULL);
  roster_world_add_member (world, sub, dev, ROSTER_ACCESS_DEVELOPER, NULL, NULL);
  owner_scim = roster_world_add_scim_identity (world, group, owner, "o-uid", TRUE, NULL);
  dev_scim = roster_world_add_scim_identity (world, group, dev, "d-uid", TRUE, NULL);
  roster_world_add_saml_identity (world, group, dev, "d-uid", NULL);

  g_assert_cmpint (roster_world_get_access_level (world, sub, owner), ==, ROSTER_ACCESS_OWNER);
  g_assert_cmpint (roster_world_get_access_level (world, sub, dev), ==, ROSTER_ACCESS_MAINTAINER);

  g_assert_false (roster_world_deprovision (world, owner_scim, &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_LAST_OWNER);
  g_assert_cmpstr (error->message, ==, "Could not remove O O from Corp. Cannot remove last group owner.");
  g_clear_error (&error);
  g_assert_true (owner_scim->active);

  g_assert_true (roster_world_deprovision (world, dev_scim, &error));
  g_assert_no_error (error);
  g_assert_false (dev_scim->active);
  g_assert_null (roster_world_lookup_member (world, group, dev));
  g_assert_null (roster_world_lookup_member (world, sub, dev));
  g_assert_nonnull (roster_world_lookup_saml_identity_by_user (world, group, dev));
  g_assert_true (roster_world_lookup_scim_identity (world, group, "D-UID") == dev_scim);

  g_assert_true (roster_world_reprovision (world, dev_scim, &error));
  g_assert_true (dev_scim->active);
  member = roster_world_lookup_member (world, group, dev);
  g_assert_nonnull (member);
  g_assert_cmpint (member->access_level, ==, ROSTER_ACCESS_GUEST);
  g_assert_null (member->created_by);
  g_assert_null (roster_world_lookup_member (world, sub, dev));
}

static void
test_tokens (void)
{
  RosterWorldGroup *group;
  g_autoptr(RosterWorld) world = small_world (&group);
  g_autoptr(GError) error = NULL;
  RosterWorldUser *user = roster_world_add_user (world, 0, "o", "O O", "o@corp.example", NULL);
  RosterWorldToken *token;

  roster_world_group_set_scim_token (world, group, "scim-1");
  g_assert_true (roster_world_lookup_scim_token (world, "scim-1") == group);
  roster_world_group_set_scim_token (world, group, "scim-2");
  g_assert_null (roster_world_lookup_scim_token (world, "scim-1"));
  g_assert_true (roster_world_lookup_scim_token (world, "scim-2") == group);

  token = roster_world_add_token (world, "pat", "mine", user, ROSTER_SCOPE_READ_API, &error);
  g_assert_no_error (error);
  g_assert_true (roster_world_lookup_token (world, "pat") == token);
  g_assert_null (roster_world_lookup_token (world, "PAT"));
  g_assert_null (roster_world_add_token (world, "scim-2", "x", user, ROSTER_SCOPE_API, &error));
  g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN);
}

static void
test_fixture_world (void)
{
  g_autoptr(RosterWorld) world = _roster_world_new_builtin (ROSTER_SANDBOX_WORLD_FIXTURE, NULL);
  RosterWorldGroup *group = roster_world_find_group (world, "4242");
  RosterWorldUser *alan = roster_world_lookup_user (world, 7103);
  RosterWorldUser *barbara = roster_world_lookup_user (world, 7104);
  RosterWorldUser *dennis = roster_world_lookup_user (world, 7110);
  RosterWorldMember *member;

  g_assert_nonnull (group);
  g_assert_cmpstr (group->full_path, ==, "acme-corp");
  g_assert_cmpint (group->saml_provider_id, ==, 318);
  g_assert_cmpstr (group->scim_token, ==, "sandbox-scim-token");
  g_assert_cmpuint (roster_world_get_n_users (world), ==, 5);
  g_assert_cmpuint (roster_world_group_get_n_members (world, group), ==, 4);
  g_assert_cmpuint (roster_world_group_get_n_scim_identities (world, group), ==, 4);
  g_assert_cmpuint (roster_world_group_get_n_saml_identities (world, group), ==, 4);
  g_assert_cmpuint (roster_world_group_get_n_enterprise_users (world, group), ==, 4);

  g_assert_cmpstr (roster_world_lookup_scim_identity_by_user (world, group, alan)->extern_uid, ==,
                   "aturing@acme.example");
  g_assert_cmpstr (roster_world_lookup_saml_identity_by_user (world, group, alan)->extern_uid, ==,
                   "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_false (roster_world_lookup_scim_identity_by_user (world, group, barbara)->active);
  g_assert_null (roster_world_lookup_member (world, group, barbara));
  member = roster_world_lookup_member (world, group, dennis);
  g_assert_true (member->created_by == roster_world_lookup_user (world, 7101));
  g_assert_cmpstr (member->expires_at, ==, "2025-12-31");
  g_assert_cmpint (member->access_level, ==, ROSTER_ACCESS_REPORTER);

  g_assert_nonnull (roster_world_lookup_group_by_path (world, "acme.labs"));
  g_assert_cmpint (roster_world_lookup_token (world, "sandbox-api-token")->user->id, ==, 7101);
  g_assert_cmpint (roster_world_lookup_token (world, "sandbox-read-api-token")->scopes, ==,
                   ROSTER_SCOPE_READ_API);
  g_assert_cmpint (roster_world_lookup_token (world, "sandbox-developer-token")->user->id, ==, 7102);
}

static void
test_options (void)
{
  RosterWorldOptions options = { "widgets-inc", 99, "my-scim", "my-api" };
  g_autoptr(RosterWorld) world = _roster_world_new_builtin (ROSTER_SANDBOX_WORLD_FIXTURE, &options);
  RosterWorldGroup *group = roster_world_find_group (world, "99");

  g_assert_nonnull (group);
  g_assert_cmpstr (group->full_path, ==, "widgets-inc");
  g_assert_true (roster_world_find_group (world, "widgets-inc/platform")->parent == group);
  g_assert_true (roster_world_lookup_scim_token (world, "my-scim") == group);
  g_assert_null (roster_world_lookup_scim_token (world, "sandbox-scim-token"));
  g_assert_nonnull (roster_world_lookup_token (world, "my-api"));
  g_assert_null (roster_world_lookup_token (world, "sandbox-api-token"));
  g_assert_nonnull (roster_world_lookup_token (world, "sandbox-read-api-token"));
  g_assert_cmpint (roster_world_lookup_user (world, 7101)->enterprise_group_id, ==, 99);
}

static char *
dump_string (RosterWorld *world)
{
  g_autoptr(JsonNode) node = _roster_world_dump (world);

  return json_to_string (node, FALSE);
}

static void
test_dump_roundtrip (void)
{
  g_autoptr(RosterWorld) world = _roster_world_new_builtin (ROSTER_SANDBOX_WORLD_DEMO, NULL);
  g_autoptr(JsonNode) node = _roster_world_dump (world);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterWorld) copy = _roster_world_load_json (node, NULL, &error);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_no_error (error);
  a = dump_string (world);
  b = dump_string (copy);
  g_assert_cmpstr (a, ==, b);
}

static void
test_load_errors (void)
{
  static const char *bad[] = {
    "[]",
    "{\"roster_sandbox_world\": 2}",
    "{\"roster_sandbox_world\": 1, \"groups\": []}",
    "{\"roster_sandbox_world\": 1, \"groups\": [{\"id\": 1, \"path\": \"g\", \"parent_id\": 7}]}",
    "{\"roster_sandbox_world\": 1, \"groups\": [{\"id\": 1, \"path\": \"g\"}],"
    " \"users\": [{\"id\": 1, \"username\": \"u\", \"name\": \"U\", \"email\": \"u@x\","
    " \"memberships\": [{\"group_id\": 2, \"access_level\": 30}]}]}",
    "{\"roster_sandbox_world\": 1, \"groups\": [{\"id\": 1, \"path\": \"g\"}],"
    " \"users\": [{\"id\": 1, \"username\": \"u\", \"name\": \"U\", \"email\": \"u@x\","
    " \"scim_identities\": [{\"group_id\": 1, \"extern_uid\": \"\"}]}]}",
    "{\"roster_sandbox_world\": 1, \"groups\": [{\"id\": 1, \"path\": \"g\"}],"
    " \"tokens\": [{\"token\": \"t\", \"user_id\": 5, \"scopes\": [\"api\"]}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RosterWorld) world = _roster_world_load_json (node, NULL, &error);

      g_assert_null (world);
      g_assert_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID);
    }
}

static void
test_generator_deterministic (void)
{
  g_autoptr(RosterWorld) a = _roster_world_new_generated (500, 7, 0.3, NULL);
  g_autoptr(RosterWorld) b = _roster_world_new_generated (500, 7, 0.3, NULL);
  g_autoptr(RosterWorld) c = _roster_world_new_generated (500, 8, 0.3, NULL);
  g_autofree char *dump_a = dump_string (a);
  g_autofree char *dump_b = dump_string (b);
  g_autofree char *dump_c = dump_string (c);

  /* 500 generated users plus Ada. */
  g_assert_cmpuint (roster_world_get_n_users (a), ==, 501);
  g_assert_cmpstr (dump_a, ==, dump_b);
  g_assert_cmpstr (dump_a, !=, dump_c);
  g_assert_nonnull (roster_world_lookup_token (a, ROSTER_SANDBOX_DEVELOPER_TOKEN));
}

/* design.md §4, computed here from the raw identity lists (not with the
 * generator's own bookkeeping): kind → number of users. */
static GHashTable *
count_kinds (RosterWorld      *world,
             RosterWorldGroup *group)
{
  GHashTable *kinds = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) holders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) duplicated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) saml_by_user = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) scim_by_user = g_hash_table_new (NULL, NULL);

#define COUNT(kind) \
  g_hash_table_insert (kinds, (gpointer) kind, \
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (kinds, kind)) + 1))

  /* Who holds which value (case-insensitively), SAML or SCIM. */
  for (guint i = 0; i < roster_world_group_get_n_saml_identities (world, group) +
                        roster_world_group_get_n_scim_identities (world, group); i++)
    {
      guint n_saml = roster_world_group_get_n_saml_identities (world, group);
      RosterWorldUser *user;
      const char *value;
      g_autofree char *folded = NULL;
      RosterWorldUser *other;

      if (i < n_saml)
        {
          RosterWorldSamlIdentity *saml = roster_world_group_get_saml_identity (world, group, i);

          user = saml->user;
          value = saml->extern_uid;
          g_hash_table_insert (saml_by_user, user, saml);
        }
      else
        {
          RosterWorldScimIdentity *scim = roster_world_group_get_scim_identity (world, group, i - n_saml);

          user = scim->user;
          value = scim->extern_uid;
          g_hash_table_insert (scim_by_user, user, scim);
        }

      folded = g_utf8_casefold (value, -1);
      other = g_hash_table_lookup (holders, folded);
      if (other && other != user)
        g_hash_table_add (duplicated, g_strdup (folded));
      else if (!other)
        g_hash_table_insert (holders, g_steal_pointer (&folded), user);
    }

  for (guint i = 0; i < roster_world_get_n_users (world); i++)
    {
      RosterWorldUser *user = roster_world_get_user (world, i);
      RosterWorldSamlIdentity *saml = g_hash_table_lookup (saml_by_user, user);
      RosterWorldScimIdentity *scim = g_hash_table_lookup (scim_by_user, user);
      gboolean member = roster_world_lookup_member (world, group, user) != NULL;

      if (saml && scim && strcmp (saml->extern_uid, scim->extern_uid) != 0)
        {
          g_autofree char *a = g_utf8_casefold (saml->extern_uid, -1);
          g_autofree char *b = g_utf8_casefold (scim->extern_uid, -1);

          if (strcmp (a, b) == 0)
            COUNT ("case-mismatch");
          else
            COUNT ("saml-scim-mismatch");
        }
      if (scim && !saml)
        COUNT ("scim-without-saml");
      if (saml && !scim)
        COUNT ("saml-without-scim");
      if (scim && !scim->active && member)
        COUNT ("inactive-but-member");
      if (scim && !scim->active && !member)
        COUNT ("deprovisioned");
      if (scim && scim->active && !member)
        COUNT ("orphan-identity");
      if (member && !saml && !scim)
        COUNT ("no-identity");
      for (guint k = 0; k < 2; k++)
        {
          const char *value = k == 0 ? (saml ? saml->extern_uid : NULL) : (scim ? scim->extern_uid : NULL);
          g_autofree char *folded = value ? g_utf8_casefold (value, -1) : NULL;

          if (folded && g_hash_table_contains (duplicated, folded))
            {
              COUNT ("duplicate-extern-uid");
              break;
            }
        }
    }

#undef COUNT
  return kinds;
}

static void
test_demo_kinds (void)
{
  static const char *all_kinds[] = {
    "saml-scim-mismatch", "case-mismatch", "scim-without-saml", "saml-without-scim",
    "inactive-but-member", "deprovisioned", "orphan-identity", "duplicate-extern-uid",
    "no-identity",
  };
  g_autoptr(RosterWorld) world = _roster_world_new_builtin (ROSTER_SANDBOX_WORLD_DEMO, NULL);
  RosterWorldGroup *group = roster_world_lookup_group (world, 4242);
  g_autoptr(GHashTable) kinds = count_kinds (world, group);
  RosterWorldUser *alan = roster_world_lookup_user (world, 7103);
  guint problems = 0;

  /* The five plus about 200 colleagues. */
  g_assert_cmpuint (roster_world_get_n_users (world), ==, 205);

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (kinds, all_kinds[i]));

      g_test_message ("%s: %u", all_kinds[i], n);
      g_assert_cmpuint (n, >=, 2);
      problems += n;
    }
  /* A realistic share, not a world of problems. */
  g_assert_cmpuint (problems, <, 120);

  /* Alan's repair is possible: nobody else holds his NameId, in any case. */
  g_assert_true (roster_world_lookup_saml_identity (world, group, ALAN_NAME_ID)->user == alan);
  for (guint i = 0; i < roster_world_group_get_n_scim_identities (world, group); i++)
    g_assert_cmpint (g_ascii_strcasecmp (roster_world_group_get_scim_identity (world, group, i)->extern_uid,
                                         ALAN_NAME_ID), !=, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (kinds, "saml-scim-mismatch")), >=, 1);
}

static void
test_generated_kinds (void)
{
  g_autoptr(RosterWorld) world = _roster_world_new_generated (3000, 11, 0.1, NULL);
  RosterWorldGroup *group = roster_world_lookup_group (world, 4242);
  g_autoptr(GHashTable) kinds = count_kinds (world, group);
  guint problems = 0;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, kinds);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    problems += GPOINTER_TO_UINT (value);

  /* About 10% of 3000 users (pairs and overlaps make it a little more). */
  g_assert_cmpuint (problems, >, 200);
  g_assert_cmpuint (problems, <, 500);
  g_assert_cmpuint (g_hash_table_size (kinds), ==, 9);

  /* Values of every style, all unique. */
  g_assert_cmpuint (roster_world_group_get_n_scim_identities (world, group), >, 2500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/sandbox-world/users", test_users);
  g_test_add_func ("/roster/sandbox-world/make-username", test_make_username);
  g_test_add_func ("/roster/sandbox-world/members-paging", test_members_paging);
  g_test_add_func ("/roster/sandbox-world/identities", test_identities);
  g_test_add_func ("/roster/sandbox-world/many-removals", test_many_removals);
  g_test_add_func ("/roster/sandbox-world/deprovision", test_deprovision);
  g_test_add_func ("/roster/sandbox-world/tokens", test_tokens);
  g_test_add_func ("/roster/sandbox-world/fixture-world", test_fixture_world);
  g_test_add_func ("/roster/sandbox-world/options", test_options);
  g_test_add_func ("/roster/sandbox-world/dump-roundtrip", test_dump_roundtrip);
  g_test_add_func ("/roster/sandbox-world/load-errors", test_load_errors);
  g_test_add_func ("/roster/sandbox-world/generator-deterministic", test_generator_deterministic);
  g_test_add_func ("/roster/sandbox-world/demo-kinds", test_demo_kinds);
  g_test_add_func ("/roster/sandbox-world/generated-kinds", test_generated_kinds);

  return g_test_run ();
}
