/* test-parse.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "roster-error.h"
#include "roster-gitlab-types.h"
#include "roster-scim-types.h"
#include "roster-test-utils.h"

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = roster_test_data_path ("gitlab", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return parse_json (text);
}

/* Fixtures: the happy paths. */

static void
test_fixture_scim_list (void)
{
  g_autoptr(JsonNode) node = load_fixture ("scim-list-users.json");
  g_autoptr(RosterScimListResponse) page = NULL;
  g_autoptr(GError) error = NULL;
  RosterScimUser *alan;

  page = roster_scim_list_response_parse (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->total_results, ==, 4);
  g_assert_cmpint (page->items_per_page, ==, 20);
  g_assert_cmpint (page->start_index, ==, 1);
  g_assert_cmpuint (page->resources->len, ==, 4);

  alan = g_ptr_array_index (page->resources, 2);
  g_assert_cmpstr (alan->id, ==, "aturing@acme.example");
  g_assert_cmpstr (alan->user_name, ==, "aturing");
  g_assert_cmpstr (alan->formatted_name, ==, "Alan Turing");
  g_assert_cmpstr (alan->email, ==, "alan.turing@acme.example");
  g_assert_null (alan->external_id);
  g_assert_null (alan->version);
  g_assert_true (alan->active);

  g_assert_false (((RosterScimUser *) g_ptr_array_index (page->resources, 3))->active);
}

static void
test_fixture_scim_user (void)
{
  g_autoptr(JsonNode) node = load_fixture ("scim-user.json");
  g_autoptr(RosterScimUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = roster_scim_user_parse (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->id, ==, "aturing@acme.example");
  g_assert_true (user->has_active);
}

static void
test_fixture_scim_errors (void)
{
  g_autoptr(JsonNode) n404 = load_fixture ("scim-error-404.json");
  g_autoptr(JsonNode) n409 = load_fixture ("scim-error-409.json");
  g_autoptr(RosterScimErrorBody) e404 = roster_scim_error_body_parse (n404);
  g_autoptr(RosterScimErrorBody) e409 = roster_scim_error_body_parse (n409);

  g_assert_nonnull (e404);
  g_assert_cmpuint (e404->status, ==, 404);
  g_assert_cmpstr (e404->detail, ==, "Resource 0d9c8b7a-6f5e-4d3c-8b1a-0f9e8d7c6b5a not found");
  g_assert_nonnull (e409);
  g_assert_cmpuint (e409->status, ==, 409);
  g_assert_true (g_str_has_suffix (e409->detail, "User has already been taken"));
}

static void
test_fixture_members (void)
{
  g_autoptr(JsonNode) node = load_fixture ("group-members.json");
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  RosterGitlabMember *ada, *alan, *dennis;

  members = roster_gitlab_members_parse (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 4);

  ada = g_ptr_array_index (members, 0);
  g_assert_cmpint (ada->id, ==, 7101);
  g_assert_cmpstr (ada->username, ==, "alovelace");
  g_assert_cmpint (ada->access_level, ==, 50);
  g_assert_cmpint (ada->email_presence, ==, ROSTER_PRESENCE_SET);
  g_assert_cmpstr (ada->email, ==, "ada.lovelace@acme.example");
  g_assert_false (ada->has_created_by);
  g_assert_true (ada->has_seat_info);
  g_assert_true (ada->is_using_seat);
  g_assert_cmpstr (ada->membership_state, ==, "active");
  g_assert_cmpint (ada->saml_presence, ==, ROSTER_PRESENCE_SET);
  g_assert_cmpint (ada->saml_identity->saml_provider_id, ==, 318);
  g_assert_cmpstr (ada->saml_identity->provider, ==, "group_saml");
  g_assert_cmpint (ada->saml_identity->user_id, ==, 7101);

  alan = g_ptr_array_index (members, 2);
  g_assert_cmpstr (alan->saml_identity->extern_uid, ==, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_cmpstr (alan->scim_identity->extern_uid, ==, "aturing@acme.example");
  g_assert_cmpint (alan->scim_identity->group_id, ==, 4242);
  g_assert_true (alan->scim_identity->active);
  g_assert_cmpint (alan->scim_identity->kind, ==, ROSTER_IDENTITY_SCIM);

  dennis = g_ptr_array_index (members, 3);
  g_assert_cmpint (dennis->email_presence, ==, ROSTER_PRESENCE_ABSENT);
  g_assert_null (dennis->email);
  g_assert_true (dennis->has_created_by);
  g_assert_cmpint (dennis->saml_presence, ==, ROSTER_PRESENCE_NULL);
  g_assert_null (dennis->saml_identity);
  g_assert_cmpint (dennis->scim_presence, ==, ROSTER_PRESENCE_NULL);
  g_assert_cmpstr (dennis->expires_at, ==, "2025-12-31");
}

static void
test_fixture_identities (void)
{
  g_autoptr(JsonNode) saml = load_fixture ("rest-saml-identities.json");
  g_autoptr(JsonNode) scim = load_fixture ("rest-scim-identities.json");
  g_autoptr(GPtrArray) saml_ids = NULL;
  g_autoptr(GPtrArray) scim_ids = NULL;
  g_autoptr(GError) error = NULL;
  RosterGitlabIdentity *barbara;

  saml_ids = roster_gitlab_identities_parse (saml, ROSTER_IDENTITY_SAML, &error);
  g_assert_no_error (error);
  scim_ids = roster_gitlab_identities_parse (scim, ROSTER_IDENTITY_SCIM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saml_ids->len, ==, 4);
  g_assert_cmpuint (scim_ids->len, ==, 4);

  barbara = g_ptr_array_index (scim_ids, 3);
  g_assert_cmpint (barbara->user_id, ==, 7104);
  g_assert_false (barbara->active);
  g_assert_true (((RosterGitlabIdentity *) g_ptr_array_index (saml_ids, 3))->active);
}

static void
test_fixture_enterprise (void)
{
  g_autoptr(JsonNode) node = load_fixture ("enterprise-users.json");
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  RosterGitlabEnterpriseUser *alan;

  users = roster_gitlab_enterprise_users_parse (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, >=, 4);

  alan = g_ptr_array_index (users, 2);
  g_assert_cmpint (alan->id, ==, 7103);
  g_assert_cmpstr (alan->email, ==, "alan.turing@acme.example");
  g_assert_cmpuint (alan->identities->len, ==, 1);
  g_assert_cmpuint (alan->scim_identities->len, ==, 1);
  g_assert_cmpstr (((RosterGitlabIdentity *) g_ptr_array_index (alan->identities, 0))->extern_uid,
                   ==, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_cmpint (((RosterGitlabIdentity *) g_ptr_array_index (alan->scim_identities, 0))->user_id,
                   ==, 7103);
}

/* Table-driven: good and hostile inputs. */

typedef enum
{
  KIND_SCIM_USER,
  KIND_SCIM_LIST,
  KIND_SAML_IDS,
  KIND_SCIM_IDS,
  KIND_MEMBERS,
  KIND_ENTERPRISE,
  KIND_GROUP,
  KIND_USER,
  KIND_TOKEN,
} ParseKind;

typedef struct
{
  const char *name;
  ParseKind   kind;
  const char *json;
  const char *error;   /* NULL: must parse; else a substring of the message */
} ParseCase;

#define MEMBER_OK "\"id\":1,\"username\":\"u\",\"access_level\":30"

static const ParseCase parse_cases[] = {
  /* SCIM users */
  { "user-flat-name", KIND_SCIM_USER, "{\"id\":\"a\",\"name.formatted\":\"Old Style\"}", NULL },
  { "user-nested-name", KIND_SCIM_USER, "{\"id\":\"a\",\"name\":{\"formatted\":\"New\"}}", NULL },
  { "user-minimal", KIND_SCIM_USER, "{\"id\":\"a\"}", NULL },
  { "user-active-string", KIND_SCIM_USER, "{\"id\":\"a\",\"active\":\"False\"}", NULL },
  { "user-active-null", KIND_SCIM_USER, "{\"id\":\"a\",\"active\":null}", NULL },
  { "user-no-id", KIND_SCIM_USER, "{\"userName\":\"a\"}", "id is missing" },
  { "user-id-number", KIND_SCIM_USER, "{\"id\":42}", "id is not a string" },
  { "user-id-empty", KIND_SCIM_USER, "{\"id\":\"\"}", "id is empty" },
  { "user-id-null", KIND_SCIM_USER, "{\"id\":null}", "id is null" },
  { "user-array", KIND_SCIM_USER, "[]", "not an object" },
  { "user-string", KIND_SCIM_USER, "\"x\"", "not an object" },
  { "user-null", KIND_SCIM_USER, "null", "not an object" },
  { "user-active-number", KIND_SCIM_USER, "{\"id\":\"a\",\"active\":1}", "active is not true or false" },
  { "user-active-yes", KIND_SCIM_USER, "{\"id\":\"a\",\"active\":\"yes\"}", "active is not true or false" },
  { "user-name-string", KIND_SCIM_USER, "{\"id\":\"a\",\"name\":\"x\"}", "name is not an object" },
  { "user-formatted-num", KIND_SCIM_USER, "{\"id\":\"a\",\"name\":{\"formatted\":3}}", "name.formatted is not a string" },
  { "user-flat-num", KIND_SCIM_USER, "{\"id\":\"a\",\"name.formatted\":[]}", "name.formatted is not a string" },
  { "user-emails-object", KIND_SCIM_USER, "{\"id\":\"a\",\"emails\":{}}", "emails is not a list" },
  { "user-emails-item", KIND_SCIM_USER, "{\"id\":\"a\",\"emails\":[1]}", "emails[0] is not an object" },
  { "user-emails-value", KIND_SCIM_USER, "{\"id\":\"a\",\"emails\":[{\"value\":true}]}", "emails.value is not a string" },
  { "user-meta-version", KIND_SCIM_USER, "{\"id\":\"a\",\"meta\":{\"version\":5}}", "meta.version is not a string" },
  { "user-meta-array", KIND_SCIM_USER, "{\"id\":\"a\",\"meta\":[]}", "meta is not an object" },
  { "user-username-obj", KIND_SCIM_USER, "{\"id\":\"a\",\"userName\":{}}", "userName is not a string" },

  /* ListResponse */
  { "list-string-index", KIND_SCIM_LIST, "{\"totalResults\":1,\"itemsPerPage\":\"100\",\"startIndex\":\"21\",\"Resources\":[{\"id\":\"x\"}]}", NULL },
  { "list-empty-no-resources", KIND_SCIM_LIST, "{\"totalResults\":0}", NULL },
  { "list-string-total", KIND_SCIM_LIST, "{\"totalResults\":\"0\",\"Resources\":[]}", NULL },
  { "list-zero-index", KIND_SCIM_LIST, "{\"totalResults\":0,\"startIndex\":\"0\",\"Resources\":[]}", NULL },
  { "list-no-total", KIND_SCIM_LIST, "{\"Resources\":[]}", "totalResults is missing" },
  { "list-negative-total", KIND_SCIM_LIST, "{\"totalResults\":-1,\"Resources\":[]}", "totalResults is out of range" },
  { "list-huge-total", KIND_SCIM_LIST, "{\"totalResults\":99999999999999999999,\"Resources\":[]}", "totalResults is out of range" },
  { "list-float-total", KIND_SCIM_LIST, "{\"totalResults\":1.5,\"Resources\":[]}", "not a whole number" },
  { "list-text-total", KIND_SCIM_LIST, "{\"totalResults\":\"many\",\"Resources\":[]}", "totalResults is not a number" },
  { "list-bool-index", KIND_SCIM_LIST, "{\"totalResults\":0,\"startIndex\":true,\"Resources\":[]}", "startIndex is not a number" },
  { "list-missing-resources", KIND_SCIM_LIST, "{\"totalResults\":3}", "Resources is missing" },
  { "list-resources-object", KIND_SCIM_LIST, "{\"totalResults\":3,\"Resources\":{}}", "Resources is not a list" },
  { "list-bad-item", KIND_SCIM_LIST, "{\"totalResults\":3,\"Resources\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":7}]}", "(item 3: id is not a string)" },
  { "list-array", KIND_SCIM_LIST, "[]", "not an object" },

  /* REST identities */
  { "saml-ok", KIND_SAML_IDS, "[{\"extern_uid\":\"x\",\"user_id\":5}]", NULL },
  { "saml-string-user-id", KIND_SAML_IDS, "[{\"extern_uid\":\"x\",\"user_id\":\"5\"}]", NULL },
  { "saml-empty", KIND_SAML_IDS, "[]", NULL },
  { "saml-object", KIND_SAML_IDS, "{}", "list of SAML identities is not in the expected form (it is not a list)" },
  { "saml-user-id-text", KIND_SAML_IDS, "[{\"extern_uid\":\"x\",\"user_id\":\"5x\"}]", "user_id is not a number" },
  { "saml-user-id-zero", KIND_SAML_IDS, "[{\"extern_uid\":\"x\",\"user_id\":0}]", "user_id is out of range" },
  { "saml-user-id-negative", KIND_SAML_IDS, "[{\"extern_uid\":\"x\",\"user_id\":-4}]", "user_id is out of range" },
  { "saml-user-id-float", KIND_SAML_IDS, "[{\"extern_uid\":\"x\",\"user_id\":4.5}]", "user_id is not a whole number" },
  { "saml-user-id-huge", KIND_SAML_IDS, "[{\"extern_uid\":\"x\",\"user_id\":9223372036854775807}]", "user_id is out of range" },
  { "saml-user-id-bigstr", KIND_SAML_IDS, "[{\"extern_uid\":\"x\",\"user_id\":\"99999999999999999999999\"}]", "user_id is not a number" },
  { "saml-no-extern", KIND_SAML_IDS, "[{\"user_id\":4}]", "extern_uid is missing" },
  { "saml-extern-null", KIND_SAML_IDS, "[{\"extern_uid\":null,\"user_id\":4}]", "extern_uid is null" },
  { "saml-extern-number", KIND_SAML_IDS, "[{\"extern_uid\":12,\"user_id\":4}]", "extern_uid is not a string" },
  { "saml-item-null", KIND_SAML_IDS, "[null]", "item 1: it is not an object" },
  { "scim-ok", KIND_SCIM_IDS, "[{\"extern_uid\":\"x\",\"user_id\":5,\"active\":false}]", NULL },
  { "scim-third-bad", KIND_SCIM_IDS,
    "[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":true},{\"extern_uid\":\"b\",\"user_id\":2,\"active\":true},"
    "{\"extern_uid\":\"c\",\"user_id\":\"three\",\"active\":true}]",
    "The server’s list of SCIM identities is not in the expected form (item 3: user_id is not a number)" },
  { "scim-no-active", KIND_SCIM_IDS, "[{\"extern_uid\":\"x\",\"user_id\":5}]", "active is missing" },
  { "scim-active-string", KIND_SCIM_IDS, "[{\"extern_uid\":\"x\",\"user_id\":5,\"active\":\"true\"}]", "active is not true or false" },

  /* Members */
  { "member-minimal", KIND_MEMBERS, "[{" MEMBER_OK "}]", NULL },
  { "member-empty-email", KIND_MEMBERS, "[{" MEMBER_OK ",\"email\":\"\"}]", NULL },
  { "member-id-string", KIND_MEMBERS, "[{\"id\":\"x\",\"username\":\"u\",\"access_level\":30}]", "id is not a number" },
  { "member-no-username", KIND_MEMBERS, "[{\"id\":1,\"access_level\":30}]", "username is missing" },
  { "member-no-access", KIND_MEMBERS, "[{\"id\":1,\"username\":\"u\"}]", "access_level is missing" },
  { "member-access-big", KIND_MEMBERS, "[{\"id\":1,\"username\":\"u\",\"access_level\":1000}]", "access_level is out of range" },
  { "member-email-number", KIND_MEMBERS, "[{" MEMBER_OK ",\"email\":5}]", "email is not a string" },
  { "member-saml-string", KIND_MEMBERS, "[{" MEMBER_OK ",\"group_saml_identity\":\"x\"}]", "group_saml_identity is not an object" },
  { "member-saml-no-uid", KIND_MEMBERS, "[{" MEMBER_OK ",\"group_saml_identity\":{\"provider\":\"group_saml\"}}]", "group_saml_identity.extern_uid is missing" },
  { "member-saml-provider-id", KIND_MEMBERS, "[{" MEMBER_OK ",\"group_saml_identity\":{\"extern_uid\":\"a\",\"saml_provider_id\":\"x\"}}]", "group_saml_identity.saml_provider_id is not a number" },
  { "member-scim-active", KIND_MEMBERS, "[{" MEMBER_OK ",\"group_scim_identity\":{\"extern_uid\":\"a\",\"active\":[]}}]", "group_scim_identity.active is not true or false" },
  { "member-created-by", KIND_MEMBERS, "[{" MEMBER_OK ",\"created_by\":\"ada\"}]", "created_by is not an object" },
  { "member-seat", KIND_MEMBERS, "[{" MEMBER_OK ",\"is_using_seat\":\"yes\"}]", "is_using_seat is not true or false" },
  { "member-locked", KIND_MEMBERS, "[{" MEMBER_OK ",\"locked\":0}]", "locked is not true or false" },
  { "member-second-bad", KIND_MEMBERS, "[{" MEMBER_OK "},{\"id\":-2,\"username\":\"u\",\"access_level\":30}]", "list of group members is not in the expected form (item 2: id is out of range)" },
  { "members-object", KIND_MEMBERS, "{\"message\":\"hi\"}", "it is not a list" },
  { "members-deep", KIND_MEMBERS, "[[[[[]]]]]", "item 1: it is not an object" },

  /* Enterprise users */
  { "ent-ok", KIND_ENTERPRISE, "[{\"id\":1,\"username\":\"u\",\"identities\":[],\"scim_identities\":null}]", NULL },
  { "ent-identities-obj", KIND_ENTERPRISE, "[{\"id\":1,\"username\":\"u\",\"identities\":{}}]", "identities is not a list" },
  { "ent-identity-bad", KIND_ENTERPRISE, "[{\"id\":1,\"username\":\"u\",\"scim_identities\":[{\"extern_uid\":\"\"}]}]", "scim_identities[0].extern_uid is empty" },

  /* Groups */
  { "group-ok", KIND_GROUP, "{\"id\":4242,\"full_path\":\"acme-corp\",\"parent_id\":null}", NULL },
  { "group-no-path", KIND_GROUP, "{\"id\":4242}", "full_path is missing" },
  { "group-parent-bad", KIND_GROUP, "{\"id\":4242,\"full_path\":\"a/b\",\"parent_id\":\"x\"}", "parent_id is not a number" },
  { "group-id-bool", KIND_GROUP, "{\"id\":true,\"full_path\":\"a\"}", "id is not a number" },

  /* The token's user and the token */
  { "user-ok", KIND_USER, "{\"id\":7101,\"username\":\"alovelace\",\"is_admin\":false}", NULL },
  { "user-admin-string", KIND_USER, "{\"id\":7101,\"username\":\"a\",\"is_admin\":\"no\"}", "is_admin is not true or false" },
  { "user-html", KIND_USER, "\"<html>\"", "description of the current user is not in the expected form (it is not an object)" },
  { "token-ok", KIND_TOKEN, "{\"id\":1,\"name\":\"t\",\"scopes\":[\"api\",\"read_user\"],\"active\":true,\"revoked\":false,\"expires_at\":null}", NULL },
  { "token-no-scopes", KIND_TOKEN, "{\"id\":1}", "scopes is missing" },
  { "token-scope-number", KIND_TOKEN, "{\"id\":1,\"scopes\":[\"api\",5]}", "scopes[1] is not a string" },
  { "token-scopes-string", KIND_TOKEN, "{\"id\":1,\"scopes\":\"api\"}", "scopes is not a list" },
};

static void
test_parse_case (gconstpointer data)
{
  const ParseCase *c = data;
  g_autoptr(JsonNode) node = parse_json (c->json);
  g_autoptr(GError) error = NULL;
  gpointer result = NULL;
  GDestroyNotify free_func = NULL;

  switch (c->kind)
    {
    case KIND_SCIM_USER:
      result = roster_scim_user_parse (node, &error);
      free_func = (GDestroyNotify) roster_scim_user_unref;
      break;
    case KIND_SCIM_LIST:
      result = roster_scim_list_response_parse (node, &error);
      free_func = (GDestroyNotify) roster_scim_list_response_unref;
      break;
    case KIND_SAML_IDS:
      result = roster_gitlab_identities_parse (node, ROSTER_IDENTITY_SAML, &error);
      free_func = (GDestroyNotify) g_ptr_array_unref;
      break;
    case KIND_SCIM_IDS:
      result = roster_gitlab_identities_parse (node, ROSTER_IDENTITY_SCIM, &error);
      free_func = (GDestroyNotify) g_ptr_array_unref;
      break;
    case KIND_MEMBERS:
      result = roster_gitlab_members_parse (node, &error);
      free_func = (GDestroyNotify) g_ptr_array_unref;
      break;
    case KIND_ENTERPRISE:
      result = roster_gitlab_enterprise_users_parse (node, &error);
      free_func = (GDestroyNotify) g_ptr_array_unref;
      break;
    case KIND_GROUP:
      result = roster_gitlab_group_parse (node, &error);
      free_func = (GDestroyNotify) roster_gitlab_group_unref;
      break;
    case KIND_USER:
      result = roster_gitlab_user_parse (node, &error);
      free_func = (GDestroyNotify) roster_gitlab_user_unref;
      break;
    case KIND_TOKEN:
      result = roster_gitlab_token_info_parse (node, &error);
      free_func = (GDestroyNotify) roster_gitlab_token_info_unref;
      break;
    default:
      g_assert_not_reached ();
    }

  if (c->error == NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (result);
      free_func (result);
      return;
    }

  g_assert_null (result);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  if (strstr (error->message, c->error) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, c->error);
  g_assert_true (g_str_has_prefix (error->message, "The server’s "));
}

static void
test_details (void)
{
  g_autoptr(JsonNode) flat = parse_json ("{\"id\":\"a\",\"name.formatted\":\"Old\",\"active\":\"FALSE\","
                                         "\"emails\":[{\"value\":\"b@x\"},{\"value\":\"p@x\",\"primary\":true}],"
                                         "\"meta\":{\"version\":\"W/\\\"3\\\"\"},\"externalId\":\"ext\"}");
  g_autoptr(JsonNode) both = parse_json ("{\"id\":\"a\",\"name.formatted\":\"Old\",\"name\":{\"formatted\":\"New\"}}");
  g_autoptr(JsonNode) list = parse_json ("{\"totalResults\":\"7\",\"itemsPerPage\":\"100\",\"startIndex\":\"-3\",\"Resources\":[]}");
  g_autoptr(JsonNode) member = parse_json ("[{\"id\":\"12\",\"username\":\"u\",\"access_level\":30,\"email\":null}]");
  g_autoptr(RosterScimUser) u1 = roster_scim_user_parse (flat, NULL);
  g_autoptr(RosterScimUser) u2 = roster_scim_user_parse (both, NULL);
  g_autoptr(RosterScimListResponse) page = roster_scim_list_response_parse (list, NULL);
  g_autoptr(GPtrArray) members = roster_gitlab_members_parse (member, NULL);
  RosterGitlabMember *m;

  g_assert_cmpstr (u1->formatted_name, ==, "Old");
  g_assert_false (u1->active);
  g_assert_true (u1->has_active);
  g_assert_cmpstr (u1->email, ==, "p@x");
  g_assert_cmpstr (u1->version, ==, "W/\"3\"");
  g_assert_cmpstr (u1->external_id, ==, "ext");
  g_assert_cmpstr (u2->formatted_name, ==, "New");
  g_assert_true (u2->active);
  g_assert_false (u2->has_active);

  g_assert_cmpint (page->total_results, ==, 7);
  g_assert_cmpint (page->items_per_page, ==, 100);
  g_assert_cmpint (page->start_index, ==, 1);

  m = g_ptr_array_index (members, 0);
  g_assert_cmpint (m->id, ==, 12);
  g_assert_cmpint (m->email_presence, ==, ROSTER_PRESENCE_NULL);
  g_assert_cmpint (m->saml_presence, ==, ROSTER_PRESENCE_ABSENT);
  g_assert_cmpint (m->scim_presence, ==, ROSTER_PRESENCE_ABSENT);
  g_assert_false (m->has_seat_info);
}

static void
test_error_bodies (void)
{
  struct {
    const char *json;
    const char *message;
    const char *error;
    const char *scope;
  } cases[] = {
    { "{\"message\":\"401 Unauthorized\"}", "401 Unauthorized", NULL, NULL },
    { "{\"message\":{\"extern_uid\":[\"can't be blank\",\"is too short\"]}}", "extern_uid can't be blank; extern_uid is too short", NULL, NULL },
    { "{\"error\":\"extern_uid is missing\"}", NULL, "extern_uid is missing", NULL },
    { "{\"error\":\"insufficient_scope\",\"error_description\":\"The request requires higher privileges\",\"scope\":\"api\"}",
      NULL, "insufficient_scope", "api" },
    { "{\"message\":5,\"error\":[]}", NULL, NULL, NULL },
    { "[]", NULL, NULL, NULL },
    { "\"text\"", NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse_json (cases[i].json);
      g_autoptr(RosterGitlabErrorBody) body = roster_gitlab_error_body_parse (node);

      if (cases[i].message == NULL && cases[i].error == NULL)
        {
          g_assert_null (body);
          continue;
        }
      g_assert_nonnull (body);
      g_assert_cmpstr (body->message, ==, cases[i].message);
      g_assert_cmpstr (body->error, ==, cases[i].error);
      g_assert_cmpstr (body->scope, ==, cases[i].scope);
    }

  {
    g_autoptr(JsonNode) rfc = parse_json ("{\"schemas\":[],\"status\":\"400\",\"scimType\":\"invalidFilter\",\"detail\":\"bad\"}");
    g_autoptr(JsonNode) weird = parse_json ("{\"status\":\"abc\",\"detail\":7}");
    g_autoptr(JsonNode) gitlab = parse_json ("{\"message\":\"401 Unauthorized\"}");
    g_autoptr(RosterScimErrorBody) e1 = roster_scim_error_body_parse (rfc);
    g_autoptr(RosterScimErrorBody) e2 = roster_scim_error_body_parse (weird);
    g_autoptr(RosterScimErrorBody) e3 = roster_scim_error_body_parse (gitlab);

    g_assert_cmpuint (e1->status, ==, 400);
    g_assert_cmpstr (e1->scim_type, ==, "invalidFilter");
    g_assert_cmpstr (e1->detail, ==, "bad");
    g_assert_null (e2);
    g_assert_null (e3);
    g_assert_null (roster_scim_error_body_parse (NULL));
  }
}

static void
test_token_scopes (void)
{
  g_autoptr(JsonNode) node = parse_json ("{\"id\":3,\"scopes\":[\"read_api\"],\"revoked\":true}");
  g_autoptr(RosterGitlabTokenInfo) info = roster_gitlab_token_info_parse (node, NULL);

  g_assert_true (roster_gitlab_token_info_has_scope (info, "read_api"));
  g_assert_false (roster_gitlab_token_info_has_scope (info, "api"));
  g_assert_true (info->revoked);
  g_assert_true (info->active);
}

static void
test_patch_body (void)
{
  g_autoptr(JsonNode) body = roster_scim_patch_body_new ("externalId", json_node_init_string (json_node_alloc (), "a\"b"));
  g_autofree char *text = json_to_string (body, FALSE);

  g_assert_cmpstr (text, ==,
                   "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                   "\"Operations\":[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"a\\\"b\"}]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/parse/fixture/scim-list", test_fixture_scim_list);
  g_test_add_func ("/roster/parse/fixture/scim-user", test_fixture_scim_user);
  g_test_add_func ("/roster/parse/fixture/scim-errors", test_fixture_scim_errors);
  g_test_add_func ("/roster/parse/fixture/members", test_fixture_members);
  g_test_add_func ("/roster/parse/fixture/identities", test_fixture_identities);
  g_test_add_func ("/roster/parse/fixture/enterprise", test_fixture_enterprise);
  g_test_add_func ("/roster/parse/details", test_details);
  g_test_add_func ("/roster/parse/error-bodies", test_error_bodies);
  g_test_add_func ("/roster/parse/patch-body", test_patch_body);
  g_test_add_func ("/roster/parse/token-scopes", test_token_scopes);

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/roster/parse/case/%s", parse_cases[i].name);
      g_test_add_data_func (path, &parse_cases[i], test_parse_case);
    }

  return g_test_run ();
}
