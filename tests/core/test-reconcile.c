/* test-reconcile.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "roster-enums.h"
#include "roster-idp-import.h"
#include "roster-recipe.h"
#include "roster-reconcile.h"

#define MAX_ROWS 6

typedef struct
{
  const char              *name;
  RosterUserInput          members[MAX_ROWS];
  RosterSamlIdentityInput  saml[MAX_ROWS];
  RosterScimIdentityInput  scim[MAX_ROWS];
  RosterUserInput          enterprise[MAX_ROWS];
  const char              *idp_csv;
  struct
  {
    gint64      user_id;
    const char *kinds;       /* space-separated, in any order; "" for ok */
    gboolean    member;
  } expect[MAX_ROWS];
} Case;

#define U(id, user) { id, user, NULL, NULL, NULL, "active", 30 }

static const Case cases[] = {
  {
    "fixture-world",
    .members = {
      { 7101, "alovelace", "Ada Lovelace", "ada.lovelace@acme.example", NULL, "active", 50 },
      { 7102, "ghopper", "Grace Hopper", "grace.hopper@acme.example", NULL, "active", 30 },
      { 7103, "aturing", "Alan Turing", "alan.turing@acme.example", NULL, "active", 30 },
      { 7110, "dritchie", "Dennis Ritchie", NULL, NULL, "active", 20 },
    },
    .saml = {
      { 7101, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b" },
      { 7102, "2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e" },
      { 7103, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e" },
      { 7104, "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9" },
    },
    .scim = {
      { 7101, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b", TRUE },
      { 7102, "2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e", TRUE },
      { 7103, "aturing@acme.example", TRUE },
      { 7104, "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9", FALSE },
    },
    .expect = {
      { 7101, "", TRUE },
      { 7102, "", TRUE },
      { 7103, "saml-scim-mismatch", TRUE },
      { 7110, "no-identity", TRUE },
      { 7104, "deprovisioned", FALSE },
    },
  },
  {
    "case-only",
    .members = { U (1, "alice") },
    .saml = { { 1, "Alice@Example.COM" } },
    .scim = { { 1, "alice@example.com", TRUE } },
    .expect = { { 1, "case-mismatch", TRUE } },
  },
  {
    "duplicate-case-insensitive",
    .members = { U (1, "one"), U (2, "two"), U (3, "three") },
    .saml = { { 1, "ABC" }, { 2, "abc" }, { 3, "own" } },
    .scim = { { 1, "ABC", TRUE }, { 2, "zzz", TRUE }, { 3, "own", TRUE } },
    .expect = {
      { 1, "duplicate-extern-uid", TRUE },
      { 2, "saml-scim-mismatch duplicate-extern-uid", TRUE },
      { 3, "", TRUE },
    },
  },
  {
    "duplicate-across-saml-and-scim",
    .members = { U (1, "one"), U (2, "two") },
    .saml = { { 1, "x-1" }, { 2, "x-2" } },
    .scim = { { 1, "x-2", TRUE } },
    .expect = {
      { 1, "saml-scim-mismatch duplicate-extern-uid", TRUE },
      { 2, "saml-without-scim duplicate-extern-uid", TRUE },
    },
  },
  {
    "inactive-identity-of-member",
    .members = { U (1, "one") },
    .saml = { { 1, "v" } },
    .scim = { { 1, "v", FALSE } },
    .expect = { { 1, "inactive-but-member", TRUE } },
  },
  {
    "saml-without-scim",
    .members = { U (1, "one") },
    .saml = { { 1, "v" } },
    .expect = { { 1, "saml-without-scim", TRUE } },
  },
  {
    "scim-without-saml",
    .members = { U (1, "one") },
    .scim = { { 1, "v", TRUE } },
    .expect = { { 1, "scim-without-saml", TRUE } },
  },
  {
    "member-without-identities",
    .members = { U (1, "one") },
    .expect = { { 1, "no-identity", TRUE } },
  },
  {
    "no-longer-members",
    .members = { U (1, "one") },
    .saml = { { 1, "a" }, { 2, "b" }, { 3, "c" }, { 4, "d" } },
    .scim = { { 1, "a", TRUE }, { 2, "b", TRUE }, { 3, "c", FALSE }, { 5, "e", FALSE } },
    .enterprise = { { 2, "two", "Two", "two@x.example", NULL, "active", 0 } },
    .expect = {
      { 1, "", TRUE },
      { 2, "orphan-identity", FALSE },
      { 3, "deprovisioned", FALSE },
      { 5, "deprovisioned", FALSE },
      { 4, "", FALSE },
    },
  },
  {
    "unicode-and-quotes",
    .members = { U (1, "zoë"), U (2, "strasse"), U (3, "quote") },
    .saml = { { 1, "Zoë \"Q\" O'Brien" }, { 2, "straße" }, { 3, "a,\"b\"\nc" } },
    .scim = { { 1, "ZOË \"Q\" O'BRIEN", TRUE }, { 2, "STRASSE", TRUE }, { 3, "a,\"b\"\nc", TRUE } },
    .expect = {
      { 1, "case-mismatch", TRUE },
      { 2, "case-mismatch", TRUE },
      { 3, "", TRUE },
    },
  },
  {
    "unicode-not-normalised",
    .members = { U (1, "one") },
    .saml = { { 1, "caf\xc3\xa9" } },
    .scim = { { 1, "cafe\xcc\x81", TRUE } },
    .expect = { { 1, "saml-scim-mismatch", TRUE } },
  },
  {
    "invalid-utf8",
    .members = { U (1, "one"), U (2, "two") },
    .saml = { { 1, "\xff\xfe" "abc" }, { 2, "\xc3(" } },
    .scim = { { 1, "\xff\xfe" "ABC", TRUE }, { 2, "\xc3(", TRUE } },
    .expect = { { 1, "case-mismatch", TRUE }, { 2, "", TRUE } },
  },
  {
    "three-way-idp-differs",
    .members = {
      { 1, "one", "One", "one@x.example", NULL, "active", 30 },
      { 2, "two", "Two", "two@x.example", NULL, "active", 30 },
      { 3, "three", "Three", NULL, NULL, "active", 30 },
    },
    .saml = { { 1, "00u1" }, { 2, "00u2" }, { 3, "00u3" } },
    .scim = { { 1, "00u1", TRUE }, { 2, "00u2", TRUE }, { 3, "00u3", TRUE } },
    .idp_csv = "email,userName,externalId,nameId\n"
               "one@x.example,one,00u1-new,00u1-new\n"
               "two@x.example,two,00u2,00u2\n"
               ",three,00u3,00U3\n",
    .expect = {
      { 1, "idp-mismatch idp-mismatch", TRUE },
      { 2, "", TRUE },
      { 3, "idp-mismatch", TRUE },
    },
  },
};

static gsize
count_users (const RosterUserInput *rows)
{
  gsize n = 0;

  while (n < MAX_ROWS && rows[n].user_id != 0)
    n++;
  return n;
}

static gsize
count_saml (const RosterSamlIdentityInput *rows)
{
  gsize n = 0;

  while (n < MAX_ROWS && rows[n].user_id != 0)
    n++;
  return n;
}

static gsize
count_scim (const RosterScimIdentityInput *rows)
{
  gsize n = 0;

  while (n < MAX_ROWS && rows[n].user_id != 0)
    n++;
  return n;
}

static GPtrArray *
run_case (const Case *c)
{
  RosterReconcileInput input = { 0, };
  g_autoptr(RosterIdpExport) idp = NULL;

  input.members = c->members;
  input.n_members = count_users (c->members);
  input.saml_identities = c->saml;
  input.n_saml_identities = count_saml (c->saml);
  input.scim_identities = c->scim;
  input.n_scim_identities = count_scim (c->scim);
  input.enterprise_users = c->enterprise;
  input.n_enterprise_users = count_users (c->enterprise);
  input.enterprise_known = input.n_enterprise_users > 0;

  if (c->idp_csv != NULL)
    {
      g_autoptr(GError) error = NULL;

      idp = roster_idp_export_parse (c->idp_csv, strlen (c->idp_csv), &error);
      g_assert_no_error (error);
      input.idp_export = idp;
    }

  return roster_reconcile (&input);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
sorted_kinds (RosterMember *member)
{
  GPtrArray *findings = roster_member_get_findings (member);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < findings->len; i++)
    g_ptr_array_add (names, (gpointer) roster_finding_kind_to_string (
                       roster_finding_get_kind (g_ptr_array_index (findings, i))));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
sort_words (const char *words)
{
  g_auto(GStrv) split = g_strsplit (words, " ", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; split[i] != NULL; i++)
    if (*split[i] != '\0')
      g_ptr_array_add (names, split[i]);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
check_member_invariants (RosterMember *member)
{
  GPtrArray *findings = roster_member_get_findings (member);
  RosterSeverity worst = ROSTER_SEVERITY_OK;

  for (guint i = 0; i < findings->len; i++)
    {
      RosterFinding *f = g_ptr_array_index (findings, i);
      const char *message = roster_finding_get_message (f);

      g_assert_nonnull (message);
      g_assert_cmpuint (strlen (message), >, 20);
      g_assert_true (g_utf8_validate (message, -1, NULL));
      g_assert_cmpint (roster_finding_get_severity (f), ==,
                       roster_finding_kind_get_severity (roster_finding_get_kind (f)));
      worst = MAX (worst, roster_finding_get_severity (f));
    }
  g_assert_cmpint (roster_member_get_worst_severity (member), ==, worst);
  g_assert_cmpint (roster_member_is_problem (member), ==, worst >= ROSTER_SEVERITY_WARNING);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GPtrArray) result = run_case (c);
  guint expected = 0;

  while (expected < MAX_ROWS && c->expect[expected].user_id != 0)
    expected++;
  g_assert_cmpuint (result->len, ==, expected);

  for (guint i = 0; i < expected; i++)
    {
      RosterMember *member = g_ptr_array_index (result, i);
      g_autofree char *got = sorted_kinds (member);
      g_autofree char *want = sort_words (c->expect[i].kinds);

      g_test_message ("user %" G_GINT64_FORMAT ": %s", roster_member_get_user_id (member), got);
      g_assert_cmpint (roster_member_get_user_id (member), ==, c->expect[i].user_id);
      g_assert_cmpstr (got, ==, want);
      g_assert_cmpint (roster_member_get_member (member), ==, c->expect[i].member);
      check_member_invariants (member);
    }
}

static void
test_every_kind_covered (void)
{
  gboolean seen[ROSTER_FINDING_N_KINDS] = { FALSE, };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GPtrArray) result = run_case (&cases[c]);

      for (guint i = 0; i < result->len; i++)
        {
          GPtrArray *findings = roster_member_get_findings (g_ptr_array_index (result, i));

          for (guint f = 0; f < findings->len; f++)
            seen[roster_finding_get_kind (g_ptr_array_index (findings, f))] = TRUE;
        }
    }

  for (guint k = 0; k < ROSTER_FINDING_N_KINDS; k++)
    {
      g_test_message ("kind %s", roster_finding_kind_to_string (k));
      g_assert_true (seen[k]);
    }
}

static void
test_kind_names (void)
{
  static const struct { const char *name; RosterSeverity severity; } table[] = {
    { "saml-scim-mismatch", ROSTER_SEVERITY_ERROR },
    { "case-mismatch", ROSTER_SEVERITY_WARNING },
    { "idp-mismatch", ROSTER_SEVERITY_ERROR },
    { "scim-without-saml", ROSTER_SEVERITY_ERROR },
    { "saml-without-scim", ROSTER_SEVERITY_WARNING },
    { "inactive-but-member", ROSTER_SEVERITY_ERROR },
    { "deprovisioned", ROSTER_SEVERITY_INFO },
    { "orphan-identity", ROSTER_SEVERITY_WARNING },
    { "duplicate-extern-uid", ROSTER_SEVERITY_ERROR },
    { "no-identity", ROSTER_SEVERITY_INFO },
  };
  RosterFindingKind kind;

  g_assert_cmpuint (G_N_ELEMENTS (table), ==, ROSTER_FINDING_N_KINDS);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_assert_true (roster_finding_kind_from_string (table[i].name, &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_cmpstr (roster_finding_kind_to_string (kind), ==, table[i].name);
      g_assert_cmpint (roster_finding_kind_get_severity (kind), ==, table[i].severity);
      g_assert_cmpstr (roster_finding_kind_get_title (kind), !=, "");
    }
  g_assert_false (roster_finding_kind_from_string ("nope", &kind));
  g_assert_false (roster_finding_kind_from_string (NULL, &kind));
  g_assert_false (roster_severity_is_problem (ROSTER_SEVERITY_INFO));
  g_assert_true (roster_severity_is_problem (ROSTER_SEVERITY_WARNING));
}

static const RosterRecipeContext context = {
  "https://gitlab.example.com", "acme-corp", 4242,
};

static void
test_recipes_for_every_finding (void)
{
  gboolean seen[ROSTER_FINDING_N_KINDS] = { FALSE, };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GPtrArray) result = run_case (&cases[c]);

      for (guint i = 0; i < result->len; i++)
        {
          RosterMember *member = g_ptr_array_index (result, i);

          for (guint f = 0; f < roster_member_get_n_findings (member); f++)
            {
              RosterFinding *finding = roster_member_get_finding (member, f);
              g_autoptr(RosterRecipe) recipe = roster_recipe_new (finding, member, &context);
              g_autofree char *text = roster_recipe_to_text (recipe);

              seen[roster_finding_get_kind (finding)] = TRUE;
              g_assert_cmpint (roster_recipe_get_kind (recipe), ==, roster_finding_get_kind (finding));
              g_assert_cmpuint (roster_recipe_get_n_steps (recipe), >=, 2);
              g_assert_cmpstr (roster_recipe_get_summary (recipe), !=, "");
              g_assert_true (g_utf8_validate (text, -1, NULL));
              g_assert_false (roster_recipe_get_step (recipe, 0)->alternative);

              for (guint s = 0; s < roster_recipe_get_n_steps (recipe); s++)
                {
                  const RosterRecipeStep *step = roster_recipe_get_step (recipe, s);

                  g_assert_nonnull (step->title);
                  g_assert_nonnull (step->why);
                  g_assert_true (g_utf8_validate (step->title, -1, NULL));
                  if (step->actor == ROSTER_RECIPE_ACTOR_ROSTER)
                    {
                      g_assert_cmpstr (step->method, ==, "PATCH");
                      g_assert_true (g_str_has_prefix (step->path, "/api/v4/groups/4242/") ||
                                     g_str_has_prefix (step->path, "/api/scim/v2/groups/acme-corp/Users/"));
                      g_assert_nonnull (step->body);
                      g_assert_cmpint (step->token, !=, ROSTER_RECIPE_TOKEN_NONE);
                    }
                  else
                    g_assert_null (step->method);
                  if (step->actor == ROSTER_RECIPE_ACTOR_USER)
                    g_assert_cmpstr (step->url, ==,
                                     "https://gitlab.example.com/groups/acme-corp/-/saml/sso");
                }
            }
        }
    }

  for (guint k = 0; k < ROSTER_FINDING_N_KINDS; k++)
    g_assert_true (seen[k]);
}

static RosterMember *
find_user (GPtrArray *result,
           gint64     user_id)
{
  for (guint i = 0; i < result->len; i++)
    if (roster_member_get_user_id (g_ptr_array_index (result, i)) == user_id)
      return g_ptr_array_index (result, i);
  g_assert_not_reached ();
}

static void
test_recipe_alan (void)
{
  g_autoptr(GPtrArray) result = run_case (&cases[0]);
  RosterMember *alan = find_user (result, 7103);
  g_autoptr(RosterRecipe) recipe = roster_recipe_new (roster_member_get_finding (alan, 0), alan, &context);
  const RosterRecipeStep *step;

  g_assert_cmpuint (roster_recipe_get_n_steps (recipe), ==, 4);
  g_assert_true (roster_recipe_has_roster_step (recipe));

  step = roster_recipe_get_step (recipe, 0);
  g_assert_cmpint (step->actor, ==, ROSTER_RECIPE_ACTOR_IDP);

  step = roster_recipe_get_step (recipe, 1);
  g_assert_cmpint (step->actor, ==, ROSTER_RECIPE_ACTOR_ROSTER);
  g_assert_cmpstr (step->path, ==, "/api/v4/groups/4242/scim/aturing@acme.example");
  g_assert_cmpstr (step->body, ==, "{\"extern_uid\":\"c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e\"}");
  g_assert_cmpint (step->token, ==, ROSTER_RECIPE_TOKEN_API);
  g_assert_false (step->needs_value);

  step = roster_recipe_get_step (recipe, 2);
  g_assert_true (step->alternative);
  g_assert_cmpstr (step->path, ==, "/api/v4/groups/4242/saml/c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_cmpstr (step->body, ==, "{\"extern_uid\":\"aturing@acme.example\"}");

  /* The message names both values. */
  g_assert_nonnull (strstr (roster_finding_get_message (roster_member_get_finding (alan, 0)),
                            "aturing@acme.example"));
  g_assert_nonnull (strstr (roster_finding_get_message (roster_member_get_finding (alan, 0)),
                            "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e"));
}

static void
test_recipe_deprovisioned_and_inactive (void)
{
  g_autoptr(GPtrArray) world = run_case (&cases[0]);
  g_autoptr(GPtrArray) inactive = run_case (&cases[4]);
  RosterMember *barbara = find_user (world, 7104);
  RosterMember *one = find_user (inactive, 1);
  g_autoptr(RosterRecipe) reactivate = roster_recipe_new (roster_member_get_finding (barbara, 0), barbara, &context);
  g_autoptr(RosterRecipe) again = roster_recipe_new (roster_member_get_finding (one, 0), one, &context);
  const RosterRecipeStep *step;

  step = roster_recipe_get_step (reactivate, 1);
  g_assert_cmpint (step->actor, ==, ROSTER_RECIPE_ACTOR_ROSTER);
  g_assert_cmpint (step->token, ==, ROSTER_RECIPE_TOKEN_SCIM);
  g_assert_cmpstr (step->path, ==, "/api/scim/v2/groups/acme-corp/Users/5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9");
  g_assert_nonnull (strstr (step->body, "\"path\":\"active\",\"value\":true"));
  g_assert_nonnull (strstr (step->body, "urn:ietf:params:scim:api:messages:2.0:PatchOp"));

  step = roster_recipe_get_step (again, 1);
  g_assert_nonnull (strstr (step->body, "\"value\":false"));
  step = roster_recipe_get_step (again, 2);
  g_assert_true (step->alternative);
  g_assert_nonnull (strstr (step->body, "\"value\":true"));
}

static void
test_recipe_escapes_values (void)
{
  RosterUserInput members[] = { U (1, "one") };
  RosterSamlIdentityInput saml[] = { { 1, "a/b?c#d e\"f" } };
  RosterScimIdentityInput scim[] = { { 1, "x/y", TRUE } };
  RosterReconcileInput input = { members, 1, saml, 1, scim, 1, };
  g_autoptr(GPtrArray) result = roster_reconcile (&input);
  RosterMember *member = g_ptr_array_index (result, 0);
  g_autoptr(RosterRecipe) recipe = roster_recipe_new (roster_member_get_finding (member, 0), member, &context);
  const RosterRecipeStep *step = roster_recipe_get_step (recipe, 1);

  g_assert_cmpstr (step->path, ==, "/api/v4/groups/4242/scim/x%2Fy");
  g_assert_cmpstr (step->body, ==, "{\"extern_uid\":\"a/b?c#d e\\\"f\"}");
  step = roster_recipe_get_step (recipe, 2);
  g_assert_cmpstr (step->path, ==, "/api/v4/groups/4242/saml/a%2Fb%3Fc%23d%20e%22f");
}

static void
test_duplicate_names_other_user (void)
{
  g_autoptr(GPtrArray) result = run_case (&cases[2]);
  RosterMember *one = find_user (result, 1);
  RosterFinding *dup = NULL;

  for (guint i = 0; i < roster_member_get_n_findings (one); i++)
    if (roster_finding_get_kind (roster_member_get_finding (one, i)) == ROSTER_FINDING_DUPLICATE_EXTERN_UID)
      dup = roster_member_get_finding (one, i);

  g_assert_nonnull (dup);
  g_assert_cmpint (roster_finding_get_other_user_id (dup), ==, 2);
  g_assert_cmpstr (roster_finding_get_other_username (dup), ==, "two");
  g_assert_nonnull (strstr (roster_finding_get_message (dup), "@two"));
  /* A user's own equal SAML and SCIM values are reported once, as SAML. */
  g_assert_cmpint (roster_member_get_n_findings (one), ==, 1);
  g_assert_cmpint (roster_finding_get_target (dup), ==, ROSTER_FINDING_TARGET_SAML);
}

static void
test_invalid_utf8_escaped (void)
{
  g_autoptr(GPtrArray) result = run_case (&cases[11]);
  RosterMember *one = find_user (result, 1);
  const char *message = roster_finding_get_message (roster_member_get_finding (one, 0));

  g_assert_true (g_utf8_validate (message, -1, NULL));
  g_assert_nonnull (strstr (message, "\\xFF\\xFEabc"));
  /* The raw value is kept byte for byte. */
  g_assert_cmpstr (roster_member_get_saml_extern_uid (one), ==, "\xff\xfe" "abc");
}

static void
test_three_way_values (void)
{
  g_autoptr(GPtrArray) result = run_case (&cases[12]);
  RosterMember *one = find_user (result, 1);
  RosterMember *three = find_user (result, 3);
  RosterFinding *finding = roster_member_get_finding (three, 0);
  g_autoptr(RosterRecipe) recipe = roster_recipe_new (finding, three, &context);

  g_assert_cmpstr (roster_member_get_idp_extern_uid (one), ==, "00u1-new");
  g_assert_cmpint (roster_finding_get_target (finding), ==, ROSTER_FINDING_TARGET_SAML);
  g_assert_cmpstr (roster_finding_get_value (finding), ==, "00u3");
  g_assert_cmpstr (roster_finding_get_expected (finding), ==, "00U3");
  g_assert_cmpstr (roster_recipe_get_step (recipe, 1)->path, ==, "/api/v4/groups/4242/saml/00u3");
  g_assert_cmpstr (roster_recipe_get_step (recipe, 1)->body, ==, "{\"extern_uid\":\"00U3\"}");
}

static void
test_enterprise_fallback (void)
{
  g_autoptr(GPtrArray) result = run_case (&cases[0]);
  RosterSummary summary;

  /* No enterprise users API: a member with a visible email is one. */
  g_assert_true (roster_member_get_enterprise (find_user (result, 7101)));
  g_assert_false (roster_member_get_enterprise (find_user (result, 7110)));
  g_assert_false (roster_member_get_enterprise (find_user (result, 7104)));

  roster_summary_clear (&summary);
  for (guint i = 0; i < result->len; i++)
    roster_summary_add (&summary, g_ptr_array_index (result, i));
  g_assert_cmpuint (summary.members, ==, 4);
  g_assert_cmpuint (summary.enterprise, ==, 3);
  g_assert_cmpuint (summary.users, ==, 5);
  g_assert_cmpuint (summary.ok, ==, 2);
  g_assert_cmpuint (summary.problems, ==, 1);
  g_assert_cmpuint (summary.by_kind[ROSTER_FINDING_SAML_SCIM_MISMATCH], ==, 1);
  g_assert_cmpuint (summary.by_kind[ROSTER_FINDING_DEPROVISIONED], ==, 1);
  g_assert_cmpuint (summary.by_kind[ROSTER_FINDING_NO_IDENTITY], ==, 1);
}

static void
test_details_of_non_members (void)
{
  g_autoptr(GPtrArray) result = run_case (&cases[8]);
  RosterMember *two = find_user (result, 2);
  RosterMember *three = find_user (result, 3);

  g_assert_cmpstr (roster_member_get_username (two), ==, "two");
  g_assert_cmpstr (roster_member_get_email (two), ==, "two@x.example");
  g_assert_true (roster_member_get_enterprise (two));
  g_assert_cmpint (roster_member_get_access_level (two), ==, 0);
  g_assert_null (roster_member_get_username (three));
  g_assert_false (roster_member_get_enterprise (three));
  g_assert_cmpint (roster_member_get_scim_active (three), ==, ROSTER_SCIM_ACTIVE_FALSE);
  g_assert_cmpint (roster_member_get_scim_active (find_user (result, 4)), ==, ROSTER_SCIM_ACTIVE_UNKNOWN);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           GString    *log)
{
  g_string_append_printf (log, "%s;", pspec->name);
}

static void
test_member_notify (void)
{
  g_autoptr(GPtrArray) before = run_case (&cases[0]);
  Case fixed = cases[0];
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  RosterMember *alan = find_user (before, 7103);
  RosterMember *ada = find_user (before, 7101);

  fixed.scim[2].extern_uid = "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e";
  after = run_case (&fixed);

  g_assert_true (roster_member_is_problem (alan));
  g_signal_connect (alan, "notify", G_CALLBACK (notify_cb), log);
  g_signal_connect (ada, "notify", G_CALLBACK (notify_cb), log);

  roster_member_update_from (ada, find_user (after, 7101));
  g_assert_cmpstr (log->str, ==, "");

  roster_member_update_from (alan, find_user (after, 7103));
  g_assert_nonnull (strstr (log->str, "scim-extern-uid;"));
  g_assert_nonnull (strstr (log->str, "findings;"));
  g_assert_nonnull (strstr (log->str, "is-problem;"));
  g_assert_nonnull (strstr (log->str, "worst-severity;"));
  g_assert_nonnull (strstr (log->str, "search-key;"));
  g_assert_null (strstr (log->str, "name;"));
  g_assert_false (roster_member_is_problem (alan));
  g_assert_cmpuint (roster_member_get_n_findings (alan), ==, 0);

  g_string_truncate (log, 0);
  roster_member_set_access_level (alan, 30);
  g_assert_cmpstr (log->str, ==, "");
  roster_member_set_access_level (alan, 40);
  g_assert_cmpstr (log->str, ==, "access-level;");

  g_signal_handlers_disconnect_by_data (alan, log);
  g_signal_handlers_disconnect_by_data (ada, log);
}

static void
test_member_properties (void)
{
  g_autoptr(GPtrArray) result = run_case (&cases[0]);
  RosterMember *alan = find_user (result, 7103);
  g_autofree char *saml = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  RosterSeverity worst;
  RosterScimActive active;
  gboolean problem;
  gint64 user_id;

  g_object_get (alan,
                "user-id", &user_id,
                "saml-extern-uid", &saml,
                "findings", &findings,
                "worst-severity", &worst,
                "is-problem", &problem,
                "scim-active", &active,
                NULL);
  g_assert_cmpint (user_id, ==, 7103);
  g_assert_cmpstr (saml, ==, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpint (worst, ==, ROSTER_SEVERITY_ERROR);
  g_assert_true (problem);
  g_assert_cmpint (active, ==, ROSTER_SCIM_ACTIVE_TRUE);
  g_assert_cmpstr (roster_member_get_display_name (alan), ==, "Alan Turing");

  g_assert_true (roster_member_matches (alan, "turing"));
  g_assert_true (roster_member_matches (alan, "c4e8a1f2"));
  g_assert_true (roster_member_matches (alan, "alan.turing@"));
  g_assert_true (roster_member_matches (alan, ""));
  g_assert_false (roster_member_matches (alan, "lovelace"));
  roster_member_set_name (alan, "ALAN MATHISON TURING");
  g_assert_true (roster_member_matches (alan, "mathison"));

  g_assert_cmpint (g_enum_get_value (g_type_class_peek (ROSTER_TYPE_SEVERITY), ROSTER_SEVERITY_ERROR) != NULL, ==, TRUE);
}

static void
test_empty_and_scale (void)
{
  RosterReconcileInput input = { 0, };
  g_autoptr(GPtrArray) empty = roster_reconcile (&input);
  g_autoptr(GArray) members = g_array_new (FALSE, TRUE, sizeof (RosterUserInput));
  g_autoptr(GArray) saml = g_array_new (FALSE, TRUE, sizeof (RosterSamlIdentityInput));
  g_autoptr(GArray) scim = g_array_new (FALSE, TRUE, sizeof (RosterScimIdentityInput));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) result = NULL;

  g_assert_cmpuint (empty->len, ==, 0);

  /* Duplicated member rows (pages that shifted) count once. */
  for (guint i = 0; i < 2000; i++)
    {
      RosterUserInput m = { (i % 1000) + 1, "u", NULL, NULL, NULL, "active", 30 };
      char *value = g_strdup_printf ("uid-%u", i % 1000);
      RosterSamlIdentityInput s = { (i % 1000) + 1, value };
      RosterScimIdentityInput c = { (i % 1000) + 1, value, TRUE };

      g_ptr_array_add (strings, value);
      g_array_append_val (members, m);
      g_array_append_val (saml, s);
      g_array_append_val (scim, c);
    }
  input.members = (RosterUserInput *) members->data;
  input.n_members = members->len;
  input.saml_identities = (RosterSamlIdentityInput *) saml->data;
  input.n_saml_identities = saml->len;
  input.scim_identities = (RosterScimIdentityInput *) scim->data;
  input.n_scim_identities = scim->len;
  result = roster_reconcile (&input);

  g_assert_cmpuint (result->len, ==, 1000);
  for (guint i = 0; i < result->len; i++)
    g_assert_cmpuint (roster_member_get_n_findings (g_ptr_array_index (result, i)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/roster/reconcile/case/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/roster/reconcile/every-kind-covered", test_every_kind_covered);
  g_test_add_func ("/roster/reconcile/kind-names", test_kind_names);
  g_test_add_func ("/roster/reconcile/recipes-for-every-finding", test_recipes_for_every_finding);
  g_test_add_func ("/roster/reconcile/recipe-alan", test_recipe_alan);
  g_test_add_func ("/roster/reconcile/recipe-deprovision-reactivate", test_recipe_deprovisioned_and_inactive);
  g_test_add_func ("/roster/reconcile/recipe-escapes-values", test_recipe_escapes_values);
  g_test_add_func ("/roster/reconcile/duplicate-names-other-user", test_duplicate_names_other_user);
  g_test_add_func ("/roster/reconcile/invalid-utf8-escaped", test_invalid_utf8_escaped);
  g_test_add_func ("/roster/reconcile/three-way-values", test_three_way_values);
  g_test_add_func ("/roster/reconcile/enterprise-fallback", test_enterprise_fallback);
  g_test_add_func ("/roster/reconcile/details-of-non-members", test_details_of_non_members);
  g_test_add_func ("/roster/reconcile/member-notify", test_member_notify);
  g_test_add_func ("/roster/reconcile/member-properties", test_member_properties);
  g_test_add_func ("/roster/reconcile/empty-and-duplicated-rows", test_empty_and_scale);

  return g_test_run ();
}
