/* test-scim.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-scim"

#include "config.h"

#include <string.h>

#include "roster-test-utils.h"
#include "roster-sandbox-worlds.h"
#include "sandbox-test-http.h"

/* Contract tests of the group SCIM API (gitlab-api.md §1) over HTTP. */

#define TOKEN   ROSTER_SANDBOX_DEFAULT_SCIM_TOKEN
#define USERS   "/api/scim/v2/groups/acme-corp/Users"
#define SCIM    "application/scim+json"
#define ALAN_SAML "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e"

typedef struct
{
  RosterSandbox *sandbox;
  SoupSession   *session;
  RosterWorld   *world;      /* the sandbox's */
  RosterWorldGroup *group;   /* acme-corp */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = roster_sandbox_new (ROSTER_SANDBOX_WORLD_FIXTURE);
  roster_sandbox_listen (fixture->sandbox, 0, NULL, &error);
  g_assert_no_error (error);
  fixture->session = soup_session_new ();
  fixture->world = _roster_sandbox_get_world (fixture->sandbox);
  fixture->group = roster_world_lookup_group (fixture->world, 4242);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_shutdown (fixture->session, fixture->sandbox);
  g_clear_object (&fixture->session);
  g_assert_finalize_object (g_steal_pointer (&fixture->sandbox));
}

static TestResponse *
get (Fixture    *fixture,
     const char *path)
{
  return test_request (fixture->session, fixture->sandbox, "GET", path, TOKEN, NULL, NULL);
}

static TestResponse *
send (Fixture    *fixture,
      const char *method,
      const char *path,
      const char *body)
{
  return test_request (fixture->session, fixture->sandbox, method, path, TOKEN,
                       body ? SCIM : NULL, body);
}

static void
assert_scim_error (TestResponse *response,
                   guint         status,
                   const char   *detail)
{
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (response->content_type, ==, SCIM);
  g_assert_nonnull (response->json);
  g_assert_cmpstr (test_json_string (response->json, "$.schemas[0]"), ==,
                   "urn:ietf:params:scim:api:messages:2.0:Error");
  g_assert_cmpint (test_json_int (response->json, "$.status"), ==, status);
  if (detail)
    g_assert_cmpstr (test_json_string (response->json, "$.detail"), ==, detail);
}

static void
assert_message (TestResponse *response,
                guint         status,
                const char   *message)
{
  g_autofree char *expected = g_strdup_printf ("{\"message\":\"%s\"}", message);
  gsize size;
  const char *body;

  g_assert_cmpuint (response->status, ==, status);
  body = g_bytes_get_data (response->body, &size);
  g_assert_cmpmem (body, size, expected, strlen (expected));
}

/* Fixtures reproduced field by field */

static void
test_fixture_list (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) expected = test_load_json ("gitlab", "scim-list-users.json", NULL);
  g_autoptr(TestResponse) response = get (fixture, USERS);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (response->content_type, ==, SCIM);
  test_assert_json_equal (expected, response->json);
}

static void
test_fixture_user (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) expected = test_load_json ("gitlab", "scim-user.json", NULL);
  g_autoptr(TestResponse) response = get (fixture, USERS "/aturing@acme.example");
  g_autoptr(TestResponse) upper = get (fixture, USERS "/ATuring@ACME.example");
  g_autoptr(TestResponse) filtered = get (fixture, USERS "?filter=id%20eq%20%22aturing%40acme.example%22");
  g_autoptr(JsonNode) resource = NULL;

  g_assert_cmpuint (response->status, ==, 200);
  test_assert_json_equal (expected, response->json);
  /* Case-insensitive lookup; the id keeps its stored spelling. */
  test_assert_json_equal (expected, upper->json);

  /* The same body wrapped in a ListResponse. */
  g_assert_cmpuint (filtered->status, ==, 200);
  g_assert_cmpint (test_json_int (filtered->json, "$.totalResults"), ==, 1);
  resource = json_node_copy (json_array_get_element (
    json_object_get_array_member (json_node_get_object (filtered->json), "Resources"), 0));
  test_assert_json_equal (expected, resource);
}

static void
test_fixture_404 (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) expected = test_load_json ("gitlab", "scim-error-404.json", NULL);
  g_autoptr(TestResponse) response = get (fixture, USERS "/0d9c8b7a-6f5e-4d3c-8b1a-0f9e8d7c6b5a");

  g_assert_cmpuint (response->status, ==, 404);
  g_assert_cmpstr (response->content_type, ==, SCIM);
  test_assert_json_equal (expected, response->json);
}

/* The IdP's create for Alan, in the order of the fixture's Ruby dump. */
static const char alan_post[] =
  "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
  "\"externalId\":\"" ALAN_SAML "\",\"active\":true,\"userName\":\"aturing\","
  "\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"alan.turing@acme.example\"}],"
  "\"name\":{\"formatted\":\"Alan Turing\",\"familyName\":\"Turing\",\"givenName\":\"Alan\"},"
  "\"meta\":{\"resourceType\":\"User\"}}";

static void
test_fixture_409 (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) expected = test_load_json ("gitlab", "scim-error-409.json", NULL);
  g_autoptr(TestResponse) response = send (fixture, "POST", USERS, alan_post);

  g_assert_cmpuint (response->status, ==, 409);
  test_assert_json_equal (expected, response->json);
  /* Nothing changed for Alan. */
  g_assert_cmpstr (roster_sandbox_get_scim_extern_uid (fixture->sandbox, 7103), ==,
                   "aturing@acme.example");
}

/* Status paths of §1.2 / §1.7 */

static void
test_check_order (Fixture       *fixture,
                  gconstpointer  data)
{
  TestResponse *response;

  /* 404 group before the token is looked at. */
  response = test_request (fixture->session, fixture->sandbox, "GET",
                           "/api/scim/v2/groups/no-such-group/Users", "wrong", NULL, NULL);
  assert_scim_error (response, 404, "Group no-such-group not found");
  test_response_free (response);

  response = test_request (fixture->session, fixture->sandbox, "GET",
                           "/api/scim/v2/groups/999999/Users", NULL, NULL, NULL);
  assert_scim_error (response, 404, "Group 999999 not found");
  test_response_free (response);

  /* Groups without SAML: a top-level one, a subgroup by path and by id. */
  response = test_request (fixture->session, fixture->sandbox, "GET",
                           "/api/scim/v2/groups/other-corp/Users", NULL, NULL, NULL);
  assert_scim_error (response, 404, "Group other-corp does not have SAML SSO configured");
  test_response_free (response);
  response = get (fixture, "/api/scim/v2/groups/acme-corp%2Fplatform/Users");
  assert_scim_error (response, 404, "Group acme-corp/platform does not have SAML SSO configured");
  test_response_free (response);
  response = get (fixture, "/api/scim/v2/groups/4243/Users");
  assert_scim_error (response, 404, "Group 4243 does not have SAML SSO configured");
  test_response_free (response);

  /* 401: no token, a wrong one, another group's, an API token. */
  response = test_request (fixture->session, fixture->sandbox, "GET", USERS, NULL, NULL, NULL);
  assert_message (response, 401, "401 Unauthorized");
  test_response_free (response);
  response = test_request (fixture->session, fixture->sandbox, "GET", USERS, "nope", NULL, NULL);
  assert_message (response, 401, "401 Unauthorized");
  test_response_free (response);
  response = test_request (fixture->session, fixture->sandbox, "GET", USERS,
                           ROSTER_SANDBOX_LABS_SCIM_TOKEN, NULL, NULL);
  assert_message (response, 401, "401 Unauthorized");
  test_response_free (response);
  response = test_request (fixture->session, fixture->sandbox, "GET", USERS,
                           ROSTER_SANDBOX_DEFAULT_API_TOKEN, NULL, NULL);
  assert_message (response, 401, "401 Unauthorized");
  test_response_free (response);
  response = test_request (fixture->session, fixture->sandbox, "DELETE", USERS "/nobody",
                           NULL, NULL, NULL);
  assert_message (response, 401, "401 Unauthorized");
  test_response_free (response);

  /* Numeric id and a case-different path work. */
  response = get (fixture, "/api/scim/v2/groups/4242/Users?count=1");
  g_assert_cmpuint (response->status, ==, 200);
  test_response_free (response);
  response = get (fixture, "/api/scim/v2/groups/ACME-Corp/Users?count=1");
  g_assert_cmpuint (response->status, ==, 200);
  test_response_free (response);

  /* 403 first of all on an instance without group SAML. */
  roster_world_set_group_saml_enabled (fixture->world, FALSE);
  response = test_request (fixture->session, fixture->sandbox, "GET",
                           "/api/scim/v2/groups/no-such-group/Users", NULL, NULL, NULL);
  assert_message (response, 403, "403 Forbidden - Group SAML not enabled.");
  g_assert_cmpstr (response->content_type, ==, SCIM);
  test_response_free (response);
}

static void
test_unroutable (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char *paths[] = {
    "/api/scim/v2/groups/acme.labs/Users",          /* dotted group path */
    "/api/scim/v2/groups/acme.labs/Users/x",
    "/api/scim/v2/groups/acme-corp/Groups",
    "/api/scim/v2/groups/acme-corp/ServiceProviderConfig",
    "/api/scim/v2/groups/acme-corp/users",
    "/api/scim/v2/Users",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(TestResponse) response = get (fixture, paths[i]);
      const char *location = soup_message_headers_get_one (response->headers, "Location");

      g_assert_cmpuint (response->status, ==, 302);
      g_assert_cmpstr (response->content_type, ==, "text/html");
      g_assert_null (response->json);
      g_assert_true (g_str_has_suffix (location, "/users/sign_in"));
    }

  /* The same group through its numeric id routes (the documented fix). */
  {
    g_autoptr(TestResponse) response = test_request (fixture->session, fixture->sandbox, "GET",
                                                     "/api/scim/v2/groups/4260/Users",
                                                     ROSTER_SANDBOX_LABS_SCIM_TOKEN, NULL, NULL);

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpint (test_json_int (response->json, "$.totalResults"), ==, 0);
  }

  /* The redirect target is HTML. */
  {
    g_autoptr(TestResponse) response = get (fixture, "/users/sign_in");

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpstr (response->content_type, ==, "text/html");
  }
}

static void
test_methods (Fixture       *fixture,
              gconstpointer  data)
{
  TestResponse *response;

  response = send (fixture, "PUT", USERS "/aturing@acme.example", "{}");
  g_assert_cmpuint (response->status, ==, 405);
  g_assert_nonnull (strstr (soup_message_headers_get_one (response->headers, "Allow"), "PATCH"));
  test_response_free (response);

  response = send (fixture, "DELETE", USERS, NULL);
  g_assert_cmpuint (response->status, ==, 405);
  test_response_free (response);

  response = send (fixture, "POST", USERS "/aturing@acme.example", "{}");
  g_assert_cmpuint (response->status, ==, 405);
  test_response_free (response);

  response = test_request (fixture->session, fixture->sandbox, "OPTIONS", USERS, NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 204);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Allow"), ==,
                   "OPTIONS, GET, HEAD, POST");
  test_response_free (response);

  /* HEAD is GET without a body. */
  response = test_request (fixture->session, fixture->sandbox, "HEAD", USERS, TOKEN, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (response->body), ==, 0);
  test_response_free (response);

  /* Unknown API routes outside SCIM. */
  response = get (fixture, "/api/v5/nothing");
  assert_message (response, 404, "404 Not Found");
  test_response_free (response);
}

/* Paging */

static gint64
n_resources (TestResponse *response)
{
  JsonObject *object = json_node_get_object (response->json);

  return json_array_get_length (json_object_get_array_member (object, "Resources"));
}

static void
add_people (Fixture *fixture,
            guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *username = g_strdup_printf ("person%u", i);
      g_autofree char *email = g_strdup_printf ("person%u@acme.example", i);
      g_autofree char *uid = g_strdup_printf ("uid-%03u", i);
      g_autoptr(GError) error = NULL;
      gint64 id = roster_sandbox_add_user (fixture->sandbox, username, "Person Example", email, &error);

      g_assert_no_error (error);
      roster_sandbox_add_member (fixture->sandbox, id, 30, &error);
      roster_sandbox_set_scim_identity (fixture->sandbox, id, uid, TRUE, &error);
      g_assert_no_error (error);
    }
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  static const struct
  {
    const char *query;
    gint64      items_per_page;
    gint64      n_resources;
    const char *first_id;
  } cases[] = {
    { "",                           20, 20, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b" },
    { "?count=0",                   20, 20, NULL },
    { "?count=-5",                  20, 20, NULL },
    { "?count=junk",                20, 20, NULL },
    { "?count=7x",                  7,  7,  NULL },
    { "?count=1000",                100, 100, NULL },
    { "?count=101",                 100, 100, NULL },
    { "?count=2&startIndex=3",      2,  2,  "aturing@acme.example" },
    { "?startIndex=0&count=1",      1,  1,  "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b" },
    { "?startIndex=-4&count=1",     1,  1,  "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b" },
    { "?startIndex=124&count=5",    5,  1,  "uid-119" },
    { "?startIndex=125",            20, 0,  NULL },
    { "?startIndex=100000",         20, 0,  NULL },
  };

  /* 4 fixture identities + 120 more. */
  add_people (fixture, 120);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat (USERS, cases[i].query, NULL);
      g_autoptr(TestResponse) response = get (fixture, path);

      g_test_message ("%s", path);
      g_assert_cmpuint (response->status, ==, 200);
      g_assert_cmpint (test_json_int (response->json, "$.totalResults"), ==, 124);
      g_assert_cmpint (test_json_int (response->json, "$.itemsPerPage"), ==,
                       cases[i].items_per_page);
      g_assert_cmpint (n_resources (response), ==, cases[i].n_resources);
      if (cases[i].first_id)
        g_assert_cmpstr (test_json_string (response->json, "$.Resources[0].id"), ==,
                         cases[i].first_id);
    }
}

static void
test_start_index_echo (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TestResponse) none = get (fixture, USERS);
  g_autoptr(TestResponse) blank = get (fixture, USERS "?startIndex=");
  g_autoptr(TestResponse) three = get (fixture, USERS "?startIndex=3");
  g_autoptr(TestResponse) zero = get (fixture, USERS "?startIndex=0");
  JsonNode *node;

  /* Absent or blank: the number 1; given: echoed verbatim, as a string. */
  node = json_object_get_member (json_node_get_object (none->json), "startIndex");
  g_assert_cmpint (json_node_get_int (node), ==, 1);
  node = json_object_get_member (json_node_get_object (blank->json), "startIndex");
  g_assert_cmpint (json_node_get_int (node), ==, 1);
  g_assert_cmpstr (test_json_string (three->json, "$.startIndex"), ==, "3");
  g_assert_cmpint (n_resources (three), ==, 2);
  g_assert_cmpstr (test_json_string (zero->json, "$.startIndex"), ==, "0");
  g_assert_cmpint (n_resources (zero), ==, 4);
}

/* Filters */

static void
assert_filter (Fixture    *fixture,
               const char *filter,
               const char *expected_id)
{
  g_autofree char *escaped = g_uri_escape_string (filter, NULL, FALSE);
  g_autofree char *path = g_strconcat (USERS "?filter=", escaped, NULL);
  g_autoptr(TestResponse) response = get (fixture, path);

  g_test_message ("filter %s", filter);
  if (expected_id && strcmp (expected_id, "412") == 0)
    {
      assert_scim_error (response, 412, "Unsupported Filter");
      return;
    }
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (test_json_int (response->json, "$.totalResults"), ==, expected_id ? 1 : 0);
  g_assert_cmpint (n_resources (response), ==, expected_id ? 1 : 0);
  if (expected_id)
    g_assert_cmpstr (test_json_string (response->json, "$.Resources[0].id"), ==, expected_id);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  const char *alan = "aturing@acme.example";
  const char *grace = "2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e";
  RosterWorldUser *grace_user = roster_world_lookup_user (fixture->world, 7102);

  roster_world_user_add_secondary_email (fixture->world, grace_user, "amazing.grace@navy.example", NULL);

  assert_filter (fixture, "id eq \"aturing@acme.example\"", alan);
  assert_filter (fixture, "id eq \"ATURING@ACME.EXAMPLE\"", alan);
  assert_filter (fixture, "externalId eq \"2B7D9E41-6c8a-4f3e-9d2b-5a4c3e2f1d0e\"", grace);
  assert_filter (fixture, "externalId eq 2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e", grace);
  assert_filter (fixture, "id eq \"aturing\"@acme.example", alan);        /* quotes anywhere */
  assert_filter (fixture, "  id   eq  \"aturing@acme.example\"  ", alan);  /* Ruby split(' ') */
  assert_filter (fixture, "id eq \"" ALAN_SAML "\"", NULL);                /* SAML value: no */
  assert_filter (fixture, "id eq \"nobody\"", NULL);

  /* userName: extern_uid, then username, email (primary, secondary), local part. */
  assert_filter (fixture, "userName eq \"aturing@acme.example\"", alan);
  assert_filter (fixture, "userName eq \"ghopper\"", grace);
  assert_filter (fixture, "userName eq \"GHopper\"", grace);
  assert_filter (fixture, "userName eq \"grace.hopper@acme.example\"", grace);
  assert_filter (fixture, "userName eq \"amazing.grace@navy.example\"", grace);
  assert_filter (fixture, "userName eq \"ghopper@elsewhere.example\"", grace);
  assert_filter (fixture, "userName eq \"dritchie\"", NULL);  /* a user without identity */

  /* Anything else: 412. */
  assert_filter (fixture, "id ne \"x\"", "412");
  assert_filter (fixture, "id EQ \"aturing@acme.example\"", "412");
  assert_filter (fixture, "id co \"turing\"", "412");
  assert_filter (fixture, "displayName eq \"Alan\"", "412");
  assert_filter (fixture, "name.formatted eq \"Alan\"", "412");
  assert_filter (fixture, "active eq true", "412");
  assert_filter (fixture, "emails eq \"alan.turing@acme.example\"", "412");
  assert_filter (fixture, "id eq", "412");
  assert_filter (fixture, "id eq \"\"", "412");
  assert_filter (fixture, "id eq false", "412");
  assert_filter (fixture, "garbage", "412");
  /* A second clause is silently dropped (the parser keeps three words). */
  assert_filter (fixture, "id eq \"aturing@acme.example\" and active eq true", alan);

  /* A disabled SAML provider: empty lists, even for a refused filter;
   * single users still answer. */
  fixture->group->saml_enabled = FALSE;
  assert_filter (fixture, "id eq \"aturing@acme.example\"", NULL);
  assert_filter (fixture, "id ne \"x\"", NULL);
  {
    g_autoptr(TestResponse) list = get (fixture, USERS);
    g_autoptr(TestResponse) one = get (fixture, USERS "/aturing@acme.example");

    g_assert_cmpint (test_json_int (list->json, "$.totalResults"), ==, 0);
    g_assert_cmpuint (one->status, ==, 200);
  }
  fixture->group->saml_enabled = TRUE;

  /* Blank filter: the whole list. */
  {
    g_autoptr(TestResponse) response = get (fixture, USERS "?filter=%20");

    g_assert_cmpint (test_json_int (response->json, "$.totalResults"), ==, 4);
  }
}

/* POST */

static void
test_post_create (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char body[] =
    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
    "\"externalId\":\"0f0e0d0c-aaaa-4bbb-8ccc-000000000001\",\"active\":true,"
    "\"userName\":\"kjohnson@acme.example\","
    "\"emails\":[{\"type\":\"home\",\"value\":\"kj@home.example\"},"
    "{\"type\":\"work\",\"value\":\"katherine.johnson@acme.example\"}],"
    "\"name\":{\"givenName\":\"Katherine\",\"familyName\":\"Johnson\"}}";
  g_autoptr(TestResponse) response = send (fixture, "POST", USERS, body);
  g_autoptr(TestResponse) again = send (fixture, "POST", USERS, body);
  RosterWorldUser *user = roster_world_lookup_user_by_email (fixture->world,
                                                             "katherine.johnson@acme.example");
  RosterWorldMember *member;

  g_assert_cmpuint (response->status, ==, 201);
  g_assert_cmpstr (response->content_type, ==, SCIM);
  g_assert_cmpstr (test_json_string (response->json, "$.id"), ==,
                   "0f0e0d0c-aaaa-4bbb-8ccc-000000000001");
  g_assert_cmpstr (test_json_string (response->json, "$.userName"), ==, "kjohnson");
  g_assert_cmpstr (test_json_string (response->json, "$.name.formatted"), ==, "Katherine Johnson");
  g_assert_cmpstr (test_json_string (response->json, "$.emails[0].value"), ==,
                   "katherine.johnson@acme.example");

  /* The world: user, SCIM + SAML identity with the same value, membership
   * at the default role, provisioned by the group, enterprise. */
  g_assert_nonnull (user);
  g_assert_cmpint (user->id, ==, 7111);
  g_assert_cmpint (user->provisioned_by_group_id, ==, 4242);
  g_assert_cmpint (user->enterprise_group_id, ==, 4242);
  g_assert_cmpstr (roster_sandbox_get_scim_extern_uid (fixture->sandbox, user->id), ==,
                   "0f0e0d0c-aaaa-4bbb-8ccc-000000000001");
  g_assert_cmpstr (roster_sandbox_get_saml_extern_uid (fixture->sandbox, user->id), ==,
                   "0f0e0d0c-aaaa-4bbb-8ccc-000000000001");
  member = roster_world_lookup_member (fixture->world, fixture->group, user);
  g_assert_nonnull (member);
  g_assert_cmpint (member->access_level, ==, ROSTER_ACCESS_GUEST);
  g_assert_null (member->created_by);

  /* Re-POST: idempotent, nothing new. */
  g_assert_cmpuint (again->status, ==, 201);
  test_assert_json_equal (response->json, again->json);
  g_assert_cmpuint (roster_world_get_n_users (fixture->world), ==, 6);
}

static void
test_post_username_collision (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char body[] =
    "{\"externalId\":\"ext-ann\",\"userName\":\"aturing\","
    "\"emails\":[{\"primary\":true,\"value\":\"ann.turing@acme.example\"}],"
    "\"name\":{\"formatted\":\"Ann Turing\"}}";
  g_autoptr(TestResponse) response = send (fixture, "POST", USERS, body);

  g_assert_cmpuint (response->status, ==, 201);
  g_assert_cmpstr (test_json_string (response->json, "$.userName"), ==, "aturing1");
  g_assert_cmpstr (test_json_string (response->json, "$.name.givenName"), ==, "Ann");
  g_assert_cmpstr (test_json_string (response->json, "$.name.familyName"), ==, "Turing");
}

static void
test_post_link (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = roster_sandbox_add_user (fixture->sandbox, "mhamilton", "Margaret Hamilton",
                                       "margaret@apollo.example", &error);
  RosterWorldUser *user = roster_world_lookup_user (fixture->world, id);
  TestResponse *response;

  g_assert_no_error (error);
  roster_world_user_add_secondary_email (fixture->world, user, "margaret.hamilton@acme.example", NULL);

  /* An existing non-member, found by a secondary email: identity + membership. */
  response = send (fixture, "POST", USERS,
                   "{\"externalId\":\"mh-1\",\"userName\":\"whatever\","
                   "\"emails\":[{\"type\":\"work\",\"value\":\"Margaret.Hamilton@acme.example\"}],"
                   "\"name\":{\"formatted\":\"M H\"}}");
  g_assert_cmpuint (response->status, ==, 201);
  g_assert_cmpstr (test_json_string (response->json, "$.userName"), ==, "mhamilton");
  g_assert_cmpstr (test_json_string (response->json, "$.emails[0].value"), ==,
                   "margaret@apollo.example");
  test_response_free (response);
  g_assert_cmpuint (roster_sandbox_get_access_level (fixture->sandbox, id), ==, 10);
  g_assert_cmpstr (roster_sandbox_get_scim_extern_uid (fixture->sandbox, id), ==, "mh-1");
  /* Linking creates no SAML identity: the user links SAML themselves. */
  g_assert_null (roster_sandbox_get_saml_extern_uid (fixture->sandbox, id));
  g_assert_cmpuint (roster_world_get_n_users (fixture->world), ==, 6);

  /* A member without identity (Dennis): identity only, role kept. */
  response = send (fixture, "POST", USERS,
                   "{\"externalId\":\"dr-1\",\"userName\":\"dritchie\","
                   "\"emails\":[{\"primary\":true,\"value\":\"dennis.ritchie@contractors.example\"}]}");
  g_assert_cmpuint (response->status, ==, 201);
  test_response_free (response);
  g_assert_cmpuint (roster_sandbox_get_access_level (fixture->sandbox, 7110), ==, 20);
  g_assert_cmpstr (roster_sandbox_get_scim_extern_uid (fixture->sandbox, 7110), ==, "dr-1");

  /* Barbara (deprovisioned) re-added by email with her old id: active again,
   * member at the default role. */
  response = send (fixture, "POST", USERS,
                   "{\"externalId\":\"5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9\",\"userName\":\"bliskov\","
                   "\"emails\":[{\"primary\":true,\"value\":\"barbara.liskov@acme.example\"}]}");
  g_assert_cmpuint (response->status, ==, 201);
  g_assert_true (json_node_get_boolean (json_object_get_member (json_node_get_object (response->json),
                                                                "active")));
  test_response_free (response);
  g_assert_cmpuint (roster_sandbox_get_access_level (fixture->sandbox, 7104), ==, 10);
}

static void
test_post_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  TestResponse *response;

  /* Missing params, GitLab's format (a Ruby array of symbols). */
  response = send (fixture, "POST", USERS, "{\"userName\":\"x\",\"active\":null}");
  assert_scim_error (response, 412,
                     "Error saving user with {\"userName\"=>\"x\", \"active\"=>nil, \"group\"=>\"acme-corp\"}: "
                     "Missing params: [:extern_uid, :email]");
  test_response_free (response);

  /* Query parameters work like a body (GitLab's specs do that). */
  response = test_request (fixture->session, fixture->sandbox, "POST",
                           USERS "?externalId=q-1&userName=q", TOKEN, NULL, NULL);
  assert_scim_error (response, 412,
                     "Error saving user with {\"externalId\"=>\"q-1\", \"userName\"=>\"q\", "
                     "\"group\"=>\"acme-corp\"}: Missing params: [:email]");
  test_response_free (response);

  /* No name: the user cannot be created. */
  response = send (fixture, "POST", USERS,
                   "{\"externalId\":\"n-1\",\"userName\":\"nn\",\"password\":\"hunter2\","
                   "\"emails\":[{\"primary\":true,\"value\":\"nn@acme.example\"}]}");
  assert_scim_error (response, 412, NULL);
  g_assert_true (g_str_has_suffix (test_json_string (response->json, "$.detail"),
                                   ": Name can't be blank"));
  g_assert_nonnull (strstr (test_json_string (response->json, "$.detail"),
                            "\"password\"=>\"[FILTERED]\""));
  test_response_free (response);
  g_assert_null (roster_world_lookup_user_by_email (fixture->world, "nn@acme.example"));

  /* A new person whose extern_uid is Alan's NameId: taken → 409. */
  response = send (fixture, "POST", USERS,
                   "{\"externalId\":\"" ALAN_SAML "\",\"userName\":\"imposter\","
                   "\"emails\":[{\"primary\":true,\"value\":\"imposter@acme.example\"}],"
                   "\"name\":{\"formatted\":\"Imp Oster\"}}");
  g_assert_cmpuint (response->status, ==, 409);
  g_assert_true (g_str_has_suffix (test_json_string (response->json, "$.detail"),
                                   "has already been taken"));
  test_response_free (response);

  /* Malformed JSON. */
  response = send (fixture, "POST", USERS, "{\"externalId\":");
  g_assert_cmpuint (response->status, ==, 400);
  test_response_free (response);
}

static void
test_post_membership_rules (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char hedy[] =
    "{\"externalId\":\"hl-1\",\"userName\":\"hlamarr\","
    "\"emails\":[{\"primary\":true,\"value\":\"hedy.lamarr@acme.example\"}]}";
  g_autoptr(GError) error = NULL;
  gint64 id = roster_sandbox_add_user (fixture->sandbox, "hlamarr", "Hedy Lamarr",
                                       "hedy.lamarr@acme.example", &error);
  TestResponse *response;

  g_assert_no_error (error);

  /* SSO enforced: linking a user without a SAML identity is refused. */
  fixture->group->sso_enforced = TRUE;
  response = send (fixture, "POST", USERS, hedy);
  assert_scim_error (response, 412, NULL);
  g_assert_true (g_str_has_suffix (test_json_string (response->json, "$.detail"),
                                   ": The member's email address is not linked to a SAML account "
                                   "or has an inactive SCIM identity."));
  test_response_free (response);
  g_assert_cmpuint (roster_sandbox_get_access_level (fixture->sandbox, id), ==, 0);
  g_assert_null (roster_sandbox_get_scim_extern_uid (fixture->sandbox, id));

  /* Once she has linked SAML, it works. */
  roster_sandbox_set_saml_identity (fixture->sandbox, id, "hl-1", &error);
  g_assert_no_error (error);
  response = send (fixture, "POST", USERS, hedy);
  g_assert_cmpuint (response->status, ==, 201);
  test_response_free (response);
  g_assert_cmpuint (roster_sandbox_get_access_level (fixture->sandbox, id), ==, 10);

  /* Email domains restricted: a new user from elsewhere is refused. */
  fixture->group->allowed_email_domains = g_strdupv ((char *[]) { (char *) "acme.example", NULL });
  response = send (fixture, "POST", USERS,
                   "{\"externalId\":\"out-1\",\"userName\":\"outsider\","
                   "\"emails\":[{\"primary\":true,\"value\":\"out@elsewhere.example\"}],"
                   "\"name\":{\"formatted\":\"Out Sider\"}}");
  assert_scim_error (response, 412, NULL);
  g_assert_true (g_str_has_suffix (test_json_string (response->json, "$.detail"),
                                   ": The member's email address is not allowed for this group. "
                                   "Check with your administrator."));
  test_response_free (response);
  g_assert_null (roster_world_lookup_user_by_email (fixture->world, "out@elsewhere.example"));
}

/* PATCH */

static TestResponse *
patch (Fixture    *fixture,
       const char *id,
       const char *operations)
{
  g_autofree char *escaped = g_uri_escape_string (id, "@", FALSE);
  g_autofree char *path = g_strconcat (USERS "/", escaped, NULL);
  g_autofree char *body = g_strdup_printf ("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                                           "\"Operations\":%s}", operations);

  return send (fixture, "PATCH", path, body);
}

static void
test_patch_extern_uid (Fixture       *fixture,
                       gconstpointer  data)
{
  TestResponse *response;

  /* The documented repair of Alan. */
  response = patch (fixture, "aturing@acme.example",
                    "[{\"op\":\"Replace\",\"path\":\"id\",\"value\":\"" ALAN_SAML "\"}]");
  g_assert_cmpuint (response->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (response->body), ==, 0);
  test_response_free (response);
  g_assert_cmpstr (roster_sandbox_get_scim_extern_uid (fixture->sandbox, 7103), ==, ALAN_SAML);

  response = get (fixture, USERS "/aturing@acme.example");
  assert_scim_error (response, 404, "Resource aturing@acme.example not found");
  test_response_free (response);
  response = get (fixture, USERS "/" ALAN_SAML);
  g_assert_cmpuint (response->status, ==, 200);
  test_response_free (response);

  /* externalId works too; later operations win; unknown paths and other
   * ops are ignored. */
  response = patch (fixture, ALAN_SAML,
                    "[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"first\"},"
                    "{\"op\":\"remove\",\"path\":\"id\",\"value\":\"removed\"},"
                    "{\"op\":\"add\",\"path\":\"nickName\",\"value\":\"x\"},"
                    "{\"op\":\"ADD\",\"path\":\"externalId\",\"value\":\"\\\"second\\\"\"}]");
  g_assert_cmpuint (response->status, ==, 204);
  test_response_free (response);
  g_assert_cmpstr (roster_sandbox_get_scim_extern_uid (fixture->sandbox, 7103), ==, "second");

  /* Name/email/userName: accepted, ignored. */
  response = patch (fixture, "second",
                    "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"alan2\"},"
                    "{\"op\":\"replace\",\"path\":\"name.formatted\",\"value\":\"A. M. Turing\"}]");
  g_assert_cmpuint (response->status, ==, 204);
  test_response_free (response);
  g_assert_cmpstr (roster_world_lookup_user (fixture->world, 7103)->username, ==, "aturing");

  /* Blank or taken (case-insensitively) values: 412 with GitLab's text. */
  response = patch (fixture, "second", "[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"\"}]");
  assert_scim_error (response, 412,
                     "Error updating Alan Turing with {\"schemas\"=>[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], "
                     "\"Operations\"=>[{\"op\"=>\"replace\", \"path\"=>\"id\", \"value\"=>\"\"}], "
                     "\"group\"=>\"acme-corp\", \"id\"=>\"second\"}");
  test_response_free (response);
  response = patch (fixture, "second",
                    "[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"2B7D9E41-6C8A-4F3E-9D2B-5A4C3E2F1D0E\"}]");
  g_assert_cmpuint (response->status, ==, 412);
  test_response_free (response);
  g_assert_cmpstr (roster_sandbox_get_scim_extern_uid (fixture->sandbox, 7103), ==, "second");

  response = patch (fixture, "nobody", "[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]");
  assert_scim_error (response, 404, "Resource nobody not found");
  test_response_free (response);
}

static void
test_patch_deprovision (Fixture       *fixture,
                        gconstpointer  data)
{
  RosterWorldGroup *platform = roster_world_lookup_group (fixture->world, 4243);
  RosterWorldUser *alan = roster_world_lookup_user (fixture->world, 7103);
  TestResponse *response;

  g_assert_nonnull (roster_world_lookup_member (fixture->world, platform, alan));

  /* Okta style: no path, the first key of the value; a string boolean. */
  response = patch (fixture, "aturing@acme.example",
                    "[{\"op\":\"replace\",\"value\":{\"active\":\"False\",\"id\":\"ignored\"}}]");
  g_assert_cmpuint (response->status, ==, 204);
  test_response_free (response);
  g_assert_cmpuint (roster_sandbox_get_access_level (fixture->sandbox, 7103), ==, 0);
  g_assert_null (roster_world_lookup_member (fixture->world, platform, alan));
  g_assert_cmpstr (roster_sandbox_get_saml_extern_uid (fixture->sandbox, 7103), ==, ALAN_SAML);

  response = get (fixture, USERS "/aturing@acme.example");
  g_assert_false (json_node_get_boolean (json_object_get_member (json_node_get_object (response->json),
                                                                 "active")));
  test_response_free (response);

  /* Reprovision: a new id in the same request is ignored; default role. */
  response = patch (fixture, "aturing@acme.example",
                    "[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"" ALAN_SAML "\"},"
                    "{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]");
  g_assert_cmpuint (response->status, ==, 204);
  test_response_free (response);
  g_assert_cmpstr (roster_sandbox_get_scim_extern_uid (fixture->sandbox, 7103), ==,
                   "aturing@acme.example");
  g_assert_cmpuint (roster_sandbox_get_access_level (fixture->sandbox, 7103), ==, 10);

  /* The last Owner cannot be deprovisioned. */
  response = patch (fixture, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b",
                    "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
  assert_scim_error (response, 412, NULL);
  g_assert_true (g_str_has_prefix (test_json_string (response->json, "$.detail"),
                                   "Error updating Ada Lovelace with {"));
  test_response_free (response);
  g_assert_cmpuint (roster_sandbox_get_access_level (fixture->sandbox, 7101), ==, 50);

  /* Malformed operations make GitLab raise. */
  response = patch (fixture, "aturing@acme.example", "[{\"path\":\"active\",\"value\":false}]");
  g_assert_cmpuint (response->status, ==, 500);
  test_response_free (response);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  TestResponse *response;
  RosterWorldGroup *platform = roster_world_lookup_group (fixture->world, 4243);
  RosterWorldUser *alan = roster_world_lookup_user (fixture->world, 7103);

  response = send (fixture, "DELETE", USERS "/ATURING@acme.example", NULL);
  g_assert_cmpuint (response->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (response->body), ==, 0);
  test_response_free (response);

  g_assert_cmpuint (roster_sandbox_get_access_level (fixture->sandbox, 7103), ==, 0);
  g_assert_null (roster_world_lookup_member (fixture->world, platform, alan));
  g_assert_cmpstr (roster_sandbox_get_saml_extern_uid (fixture->sandbox, 7103), ==, ALAN_SAML);
  g_assert_nonnull (roster_world_lookup_user (fixture->world, 7103));
  g_assert_cmpstr (roster_world_lookup_user (fixture->world, 7103)->state, ==, "active");

  /* Still listed, inactive. */
  response = get (fixture, USERS);
  g_assert_cmpint (test_json_int (response->json, "$.totalResults"), ==, 4);
  test_response_free (response);

  /* The last Owner stays, with GitLab's message. */
  response = send (fixture, "DELETE", USERS "/9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b", NULL);
  assert_scim_error (response, 412,
                     "Could not remove Ada Lovelace from Acme Corp. Cannot remove last group owner.");
  test_response_free (response);

  response = send (fixture, "DELETE", USERS "/nobody", NULL);
  assert_scim_error (response, 404, "Resource nobody not found");
  test_response_free (response);
}

static void
test_escaping (Fixture       *fixture,
               gconstpointer  data)
{
  static const char *values[] = {
    "\"quoted\"@acme.example", "ACME\\jdoe", "tab\there", "Zoë Ødegaard-Ólafsdóttir", "a/b",
    "CN=Jane Doe,OU=Staff", "100%25", "emoji \xf0\x9f\x99\x82",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *username = g_strdup_printf ("esc%u", i);
      g_autofree char *email = g_strdup_printf ("esc%u@acme.example", i);
      g_autofree char *escaped = g_uri_escape_string (values[i], NULL, FALSE);
      g_autofree char *path = g_strconcat (USERS "/", escaped, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(TestResponse) response = NULL;
      gint64 id = roster_sandbox_add_user (fixture->sandbox, username, values[i], email, &error);

      g_assert_no_error (error);
      roster_sandbox_set_scim_identity (fixture->sandbox, id, values[i], TRUE, &error);
      g_assert_no_error (error);

      /* Any character survives the JSON round trip and the path. */
      response = get (fixture, path);
      g_test_message ("%s", values[i]);
      g_assert_cmpuint (response->status, ==, 200);
      g_assert_cmpstr (test_json_string (response->json, "$.id"), ==, values[i]);
      g_assert_cmpstr (test_json_string (response->json, "$.name.formatted"), ==, values[i]);
    }
}

/* GitLab receives the raw, percent-encoded path and decodes each segment
 * once: an extern_uid that is itself percent-encoded text ("%41") stays
 * that text, and a request naming its decoded form finds nobody. */
static void
test_decoded_once (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *uid = "x%41y+z@\xc3\xa9t\xc3\xa9/%2F";
  const char *decoded_twice = "xAy+z@\xc3\xa9t\xc3\xa9//";
  g_autofree char *escaped = g_uri_escape_string (uid, NULL, FALSE);
  g_autofree char *escaped_twice = g_uri_escape_string (decoded_twice, NULL, FALSE);
  g_autofree char *scim_path = g_strconcat (USERS "/", escaped, NULL);
  g_autofree char *scim_path_twice = g_strconcat (USERS "/", escaped_twice, NULL);
  g_autofree char *rest_path = g_strconcat ("/api/v4/groups/4242/scim/", escaped, NULL);
  g_autofree char *rest_path_twice = g_strconcat ("/api/v4/groups/4242/scim/", escaped_twice, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TestResponse) found = NULL;
  g_autoptr(TestResponse) nobody = NULL;
  g_autoptr(TestResponse) patched = NULL;
  g_autoptr(TestResponse) patched_nobody = NULL;
  g_autoptr(TestResponse) subgroup = NULL;
  gint64 id = roster_sandbox_add_user (fixture->sandbox, "once", "Once", "once@acme.example", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_equal (escaped, "x%2541y%2Bz%40%C3%A9t%C3%A9%2F%252F"));
  roster_sandbox_set_scim_identity (fixture->sandbox, id, uid, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (roster_world_lookup_user (fixture->world, id));

  /* SCIM: GET /Users/:id */
  found = get (fixture, scim_path);
  g_assert_cmpuint (found->status, ==, 200);
  g_assert_cmpstr (test_json_string (found->json, "$.id"), ==, uid);
  nobody = get (fixture, scim_path_twice);
  g_assert_cmpuint (nobody->status, ==, 404);

  /* REST: PATCH /groups/:id/scim/:uid (the uid holds an encoded "/" too) */
  patched_nobody = test_request (fixture->session, fixture->sandbox, "PATCH", rest_path_twice,
                                 ROSTER_SANDBOX_DEFAULT_API_TOKEN,
                                 "application/x-www-form-urlencoded", "extern_uid=renamed");
  g_assert_cmpuint (patched_nobody->status, ==, 404);
  patched = test_request (fixture->session, fixture->sandbox, "PATCH", rest_path,
                          ROSTER_SANDBOX_DEFAULT_API_TOKEN,
                          "application/x-www-form-urlencoded", "extern_uid=renamed");
  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_cmpstr (test_json_string (patched->json, "$.extern_uid"), ==, "renamed");

  /* A full path with an encoded "/" names the subgroup. */
  subgroup = test_request (fixture->session, fixture->sandbox, "GET", "/api/v4/groups/acme-corp%2Fplatform",
                           ROSTER_SANDBOX_DEFAULT_API_TOKEN, NULL, NULL);
  g_assert_cmpuint (subgroup->status, ==, 200);
  g_assert_cmpstr (test_json_string (subgroup->json, "$.full_path"), ==, "acme-corp/platform");
}

/* Hooks */

typedef struct
{
  guint  calls;
  char  *last_path;
} HookData;

static void
hook_cb (RosterSandbox *sandbox,
         const char    *method,
         const char    *path,
         gpointer       user_data)
{
  HookData *hook = user_data;

  hook->calls++;
  g_free (hook->last_path);
  hook->last_path = g_strdup (path);
  /* Between the first and the second page, someone is added. */
  if (hook->calls == 2)
    {
      gint64 id = roster_sandbox_add_user (sandbox, "late", "Late Comer", "late@acme.example", NULL);

      roster_sandbox_add_member (sandbox, id, 30, NULL);
      roster_sandbox_set_scim_identity (sandbox, id, "late-1", TRUE, NULL);
    }
}

static void
test_request_hook (Fixture       *fixture,
                   gconstpointer  data)
{
  HookData hook = { 0, NULL };
  guint64 before = roster_sandbox_get_request_count (fixture->sandbox);
  TestResponse *response;

  roster_sandbox_set_request_hook (fixture->sandbox, hook_cb, &hook, NULL);

  response = get (fixture, USERS "?count=2");
  g_assert_cmpint (test_json_int (response->json, "$.totalResults"), ==, 4);
  test_response_free (response);
  response = get (fixture, USERS "?count=2&startIndex=3");
  g_assert_cmpint (test_json_int (response->json, "$.totalResults"), ==, 5);
  test_response_free (response);

  g_assert_cmpuint (hook.calls, ==, 2);
  g_assert_cmpstr (hook.last_path, ==, USERS);
  g_assert_cmpuint (roster_sandbox_get_request_count (fixture->sandbox), ==, before + 2);
  roster_sandbox_set_request_hook (fixture->sandbox, NULL, NULL, NULL);
  g_free (hook.last_path);
}

static void
test_rfc_flavor_hooks (void)
{
  g_autoptr(RosterSandbox) sandbox = roster_sandbox_new_rfc ();
  g_autoptr(GError) error = NULL;

  /* The world hooks act on a GitLab group: the "scim" flavor has none. */
  g_assert_cmpint (roster_sandbox_add_user (sandbox, "x", "X Y", "x@y.example", &error), ==, 0);
  g_assert_error (error, ROSTER_SANDBOX_ERROR, ROSTER_SANDBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (roster_sandbox_deprovision (sandbox, 1, &error));
  g_assert_error (error, ROSTER_SANDBOX_ERROR, ROSTER_SANDBOX_ERROR_NOT_FOUND);
  g_assert_null (roster_sandbox_get_scim_extern_uid (sandbox, 1));
  g_assert_cmpuint (roster_sandbox_get_access_level (sandbox, 1), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/roster/sandbox-scim/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("fixture-list", test_fixture_list);
  ADD ("fixture-user", test_fixture_user);
  ADD ("fixture-404", test_fixture_404);
  ADD ("fixture-409", test_fixture_409);
  ADD ("check-order", test_check_order);
  ADD ("unroutable", test_unroutable);
  ADD ("methods", test_methods);
  ADD ("paging", test_paging);
  ADD ("start-index-echo", test_start_index_echo);
  ADD ("filters", test_filters);
  ADD ("post-create", test_post_create);
  ADD ("post-username-collision", test_post_username_collision);
  ADD ("post-link", test_post_link);
  ADD ("post-errors", test_post_errors);
  ADD ("post-membership-rules", test_post_membership_rules);
  ADD ("patch-extern-uid", test_patch_extern_uid);
  ADD ("patch-deprovision", test_patch_deprovision);
  ADD ("delete", test_delete);
  ADD ("escaping", test_escaping);
  ADD ("decoded-once", test_decoded_once);
  ADD ("request-hook", test_request_hook);

#undef ADD

  g_test_add_func ("/roster/sandbox-scim/rfc-flavor-hooks", test_rfc_flavor_hooks);

  return g_test_run ();
}
