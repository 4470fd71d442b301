/* test-scim-sandbox.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-scim-sandbox"

#include "config.h"

#include <string.h>

#include "roster-error.h"
#include "roster-http.h"
#include "roster-request-log.h"
#include "roster-sandbox.h"
#include "roster-sandbox-private.h"
#include "roster-sandbox-world.h"
#include "roster-scim-client.h"
#include "roster-test-utils.h"

/* RosterScimClient, `gitlab` dialect, against roster-sandbox's group SCIM
 * API: GitLab's quirks, its error texts, paging on big worlds and identities
 * appearing or vanishing between two pages. */

#define ALAN_SCIM "aturing@acme.example"
#define ALAN_SAML "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e"
#define ADA_SCIM  "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b"
#define GRACE_SCIM "2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e"
#define BARBARA_SCIM "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"

typedef struct
{
  RosterSandbox    *sandbox;
  RosterRequestLog *log;
  RosterHttp       *http;
  RosterScimClient *client;
  guint             hook_requests;
  guint             hook_at;
  gint64            hook_user_id;
} Fixture;

typedef struct
{
  gboolean  done;
  gpointer  value;
  gboolean  ok;
  GError   *error;
} Result;

static void
start (Fixture       *f,
       RosterSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = sandbox;
  roster_sandbox_listen (f->sandbox, 0, NULL, &error);
  g_assert_no_error (error);
  f->log = roster_request_log_new (200);
  f->http = roster_http_new (roster_sandbox_get_url (f->sandbox), f->log, &error);
  g_assert_no_error (error);
  roster_http_set_token (f->http, ROSTER_TOKEN_SCIM, roster_sandbox_get_scim_token (f->sandbox));
  roster_http_set_retry_policy (f->http, 3, 10, 1000);
  f->client = roster_scim_client_new_for_gitlab (f->http, roster_sandbox_get_group_path (f->sandbox));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  start (f, roster_sandbox_new (ROSTER_SANDBOX_WORLD_FIXTURE));
}

static void
generated_setup (Fixture       *f,
                 gconstpointer  data)
{
  start (f, roster_sandbox_new_generated (GPOINTER_TO_UINT (data), 11, 0.1));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&f->client));
  roster_test_finalize_eventually (g_steal_pointer (&f->http));
  roster_sandbox_stop (f->sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&f->sandbox));
  g_assert_finalize_object (g_steal_pointer (&f->log));
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->value = roster_scim_client_list_users_finish (ROSTER_SCIM_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static void
find_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->value = roster_scim_client_find_users_finish (ROSTER_SCIM_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static void
get_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Result *r = user_data;

  r->value = roster_scim_client_get_user_finish (ROSTER_SCIM_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->ok = roster_scim_client_write_finish (ROSTER_SCIM_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static gpointer
wait_value (Result  *r,
            GError **error)
{
  roster_test_wait_for (&r->done, 60000);
  if (r->error != NULL)
    g_propagate_error (error, r->error);
  return r->value;
}

static gboolean
wait_ok (Result  *r,
         GError **error)
{
  roster_test_wait_for (&r->done, 60000);
  if (r->error != NULL)
    g_propagate_error (error, r->error);
  return r->ok;
}

static GPtrArray *
list_users (RosterScimClient  *client,
            GError           **error)
{
  Result r = { 0 };

  roster_scim_client_list_users_async (client, NULL, NULL, NULL, NULL, NULL, list_cb, &r);
  return wait_value (&r, error);
}

static GPtrArray *
find_users (RosterScimClient  *client,
            const char        *attribute,
            const char        *value,
            GError           **error)
{
  Result r = { 0 };

  roster_scim_client_find_users_async (client, attribute, value, NULL, find_cb, &r);
  return wait_value (&r, error);
}

static RosterScimUser *
get_user (RosterScimClient  *client,
          const char        *id,
          GError           **error)
{
  Result r = { 0 };

  roster_scim_client_get_user_async (client, id, NULL, get_cb, &r);
  return wait_value (&r, error);
}

#define assert_error_contains(error, code, text) G_STMT_START {                 \
    g_assert_error (error, ROSTER_ERROR, code);                                 \
    if (strstr ((error)->message, text) == NULL)                                \
      g_error ("“%s” does not contain “%s”", (error)->message, text);           \
  } G_STMT_END

/* ---------------------------------------------------------------------- */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  gboolean barbara = FALSE;

  users = list_users (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 4);
  for (guint i = 0; i < users->len; i++)
    {
      RosterScimUser *user = g_ptr_array_index (users, i);

      g_assert_nonnull (user->formatted_name);
      g_assert_null (user->external_id);   /* GitLab never sends it */
      if (g_strcmp0 (user->id, BARBARA_SCIM) == 0)
        barbara = !user->active;
    }
  g_assert_true (barbara);
}

static void
test_get_and_find (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RosterScimUser) alan = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  /* Case-insensitive, like GitLab. */
  alan = get_user (f->client, "ATURING@acme.EXAMPLE", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (alan->id, ==, ALAN_SCIM);
  g_assert_cmpstr (alan->user_name, ==, "aturing");
  g_assert_cmpstr (alan->email, ==, "alan.turing@acme.example");

  g_assert_null (get_user (f->client, "0d9c8b7a-6f5e-4d3c-8b1a-0f9e8d7c6b5a", &error));
  assert_error_contains (error, ROSTER_ERROR_NOT_FOUND, "0d9c8b7a-6f5e-4d3c-8b1a-0f9e8d7c6b5a");
  g_clear_error (&error);

  found = find_users (f->client, "id", ALAN_SCIM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = find_users (f->client, "externalId", ALAN_SAML, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = find_users (f->client, "userName", "aturing", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((RosterScimUser *) g_ptr_array_index (found, 0))->id, ==, ALAN_SCIM);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* What GitLab cannot search for is refused before sending. */
  g_assert_null (find_users (f->client, "userName", "Alan Turing", &error));
  assert_error_contains (error, ROSTER_ERROR_INVALID_INPUT, "space");
  g_clear_error (&error);
  g_assert_null (find_users (f->client, "displayName", "x", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
}

static void
test_replace_id (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RosterScimUser) alan = NULL;
  g_autoptr(RosterScimUser) barbara = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  /* The documented repair through SCIM. */
  roster_scim_client_replace_async (f->client, ALAN_SCIM, ROSTER_SCIM_ATTRIBUTE_ID, ALAN_SAML, NULL,
                                    NULL, write_cb, &r);
  g_assert_true (wait_ok (&r, &error));
  g_assert_no_error (error);
  alan = get_user (f->client, ALAN_SAML, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (alan->user_name, ==, "aturing");

  /* Barbara is deprovisioned: GitLab would reactivate her and ignore the
   * id. The client refuses, and she stays deprovisioned. */
  memset (&r, 0, sizeof r);
  roster_scim_client_replace_async (f->client, BARBARA_SCIM, ROSTER_SCIM_ATTRIBUTE_EXTERNAL_ID, "new-id",
                                    NULL, NULL, write_cb, &r);
  g_assert_false (wait_ok (&r, &error));
  assert_error_contains (error, ROSTER_ERROR_INVALID_INPUT, "deprovisioned");
  g_clear_error (&error);
  barbara = get_user (f->client, BARBARA_SCIM, &error);
  g_assert_no_error (error);
  g_assert_false (barbara->active);

  /* Taken by Ada: GitLab's generic 412. */
  memset (&r, 0, sizeof r);
  roster_scim_client_replace_async (f->client, ALAN_SAML, ROSTER_SCIM_ATTRIBUTE_ID, ADA_SCIM, NULL,
                                    NULL, write_cb, &r);
  g_assert_false (wait_ok (&r, &error));
  assert_error_contains (error, ROSTER_ERROR_PRECONDITION, "already used by another user");
  g_assert_null (strstr (error->message, "=>"));   /* no Ruby hash dump */
  g_clear_error (&error);

  /* Unknown user. */
  memset (&r, 0, sizeof r);
  roster_scim_client_replace_async (f->client, "nobody", ROSTER_SCIM_ATTRIBUTE_ID, "x", NULL,
                                    NULL, write_cb, &r);
  g_assert_false (wait_ok (&r, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
}

static void
test_deprovision_reactivate (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(RosterScimUser) grace = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  roster_scim_client_set_active_async (f->client, GRACE_SCIM, FALSE, NULL, NULL, write_cb, &r);
  g_assert_true (wait_ok (&r, &error));
  grace = get_user (f->client, GRACE_SCIM, &error);
  g_assert_false (grace->active);

  memset (&r, 0, sizeof r);
  roster_scim_client_set_active_async (f->client, GRACE_SCIM, TRUE, NULL, NULL, write_cb, &r);
  g_assert_true (wait_ok (&r, &error));
  g_clear_pointer (&grace, roster_scim_user_unref);
  grace = get_user (f->client, GRACE_SCIM, &error);
  g_assert_true (grace->active);

  memset (&r, 0, sizeof r);
  roster_scim_client_delete_user_async (f->client, GRACE_SCIM, NULL, NULL, write_cb, &r);
  g_assert_true (wait_ok (&r, &error));
  g_clear_pointer (&grace, roster_scim_user_unref);
  grace = get_user (f->client, GRACE_SCIM, &error);
  g_assert_false (grace->active);   /* deprovisioned, not deleted */

  /* Ada is the last Owner. */
  memset (&r, 0, sizeof r);
  roster_scim_client_delete_user_async (f->client, ADA_SCIM, NULL, NULL, write_cb, &r);
  g_assert_false (wait_ok (&r, &error));
  assert_error_contains (error, ROSTER_ERROR_PRECONDITION, "last group owner");
}

static void
expect_list_error (RosterScimClient *client,
                   int               code,
                   const char       *text)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  users = list_users (client, &error);
  g_assert_null (users);
  assert_error_contains (error, code, text);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RosterScimClient) missing = roster_scim_client_new_for_gitlab (f->http, "no-such-group");
  g_autoptr(RosterScimClient) no_saml = roster_scim_client_new_for_gitlab (f->http, "other-corp");
  g_autoptr(RosterScimClient) sub = roster_scim_client_new_for_gitlab (f->http, "acme-corp/platform");
  g_autoptr(RosterScimClient) dotted = roster_scim_client_new_for_gitlab (f->http, "acme.labs");
  g_autoptr(RosterScimClient) by_id = roster_scim_client_new_for_gitlab (f->http, "4260");

  /* GitLab checks the group before the token. */
  expect_list_error (missing, ROSTER_ERROR_NOT_FOUND, "no group");
  expect_list_error (no_saml, ROSTER_ERROR_NOT_FOUND, "no SAML SSO configured");
  {
    g_autoptr(GPtrArray) users = NULL;
    g_autoptr(GError) error = NULL;

    /* A subgroup cannot be a SCIM group (whatever GitLab says exactly). */
    users = list_users (sub, &error);
    g_assert_null (users);
    g_assert_true (g_error_matches (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND) ||
                   g_error_matches (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL));
  }
  expect_list_error (dotted, ROSTER_ERROR_PROTOCOL, "numeric id");

  /* The numeric id routes; the token is acme-corp's, not acme.labs'. */
  expect_list_error (by_id, ROSTER_ERROR_AUTH, "SCIM token");
  roster_http_set_token (f->http, ROSTER_TOKEN_SCIM, "sandbox-labs-scim-token");
  {
    g_autoptr(GPtrArray) users = NULL;
    g_autoptr(GError) error = NULL;

    users = list_users (by_id, &error);
    g_assert_no_error (error);
  }

  roster_http_set_token (f->http, ROSTER_TOKEN_SCIM, "wrong");
  expect_list_error (f->client, ROSTER_ERROR_AUTH, "SCIM token");
}

static guint
world_scim_identities (Fixture *f)
{
  RosterWorld *world = _roster_sandbox_get_world (f->sandbox);

  return roster_world_group_get_n_scim_identities (world, roster_world_lookup_group (world, roster_sandbox_get_group_id (f->sandbox)));
}

static void
test_generated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  users = list_users (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, world_scim_identities (f));
  for (guint i = 0; i < users->len; i++)
    g_assert_true (g_hash_table_add (ids, ((RosterScimUser *) g_ptr_array_index (users, i))->id));
}

static void
remove_hook (RosterSandbox *sandbox,
             const char    *method,
             const char    *path,
             gpointer       user_data)
{
  Fixture *f = user_data;
  RosterWorld *world = _roster_sandbox_get_world (sandbox);
  RosterWorldGroup *group = roster_world_lookup_group (world, roster_sandbox_get_group_id (sandbox));

  if (!g_str_has_suffix (path, "/Users") || ++f->hook_requests != f->hook_at)
    return;

  /* An identity on page 1 disappears (its row deleted). */
  roster_world_remove_scim_identity (world, roster_world_group_get_scim_identity (world, group, 3));
}

static void
test_changed_between_pages (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  guint before = world_scim_identities (f);

  f->hook_at = 2;
  roster_sandbox_set_request_hook (f->sandbox, remove_hook, f, NULL);
  users = list_users (f->client, &error);
  roster_sandbox_set_request_hook (f->sandbox, NULL, NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, before - 1);
  g_assert_cmpuint (users->len, ==, world_scim_identities (f));
  for (guint i = 0; i < users->len; i++)
    g_assert_true (g_hash_table_add (ids, ((RosterScimUser *) g_ptr_array_index (users, i))->id));
}

static void
cancel_on_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result r = { 0 };

  roster_sandbox_set_latency_ms (f->sandbox, 50);
  roster_scim_client_list_users_async (f->client, NULL, cancel_on_progress, g_object_ref (cancellable),
                                       g_object_unref, cancellable, list_cb, &r);
  roster_test_wait_for (&r.done, 60000);
  g_assert_null (r.value);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
  g_clear_error (&r.error);
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  roster_http_set_retry_policy (f->http, 2, 10, 200);
  roster_sandbox_set_rate_limit (f->sandbox, 2);
  expect_list_error (f->client, ROSTER_ERROR_RATE_LIMITED, "429");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/roster/scim-sandbox/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_GENERATED(path, n, func) \
  g_test_add ("/roster/scim-sandbox/" path, Fixture, GUINT_TO_POINTER (n), generated_setup, func, fixture_teardown)

  ADD ("list", test_list);
  ADD ("get-and-find", test_get_and_find);
  ADD ("replace-id", test_replace_id);
  ADD ("deprovision-reactivate", test_deprovision_reactivate);
  ADD ("errors", test_errors);
  ADD_GENERATED ("paging/100", 100, test_generated);
  ADD_GENERATED ("paging/101", 101, test_generated);
  ADD_GENERATED ("paging/10001", 10001, test_generated);
  ADD_GENERATED ("paging/changed-between-pages", 350, test_changed_between_pages);
  ADD_GENERATED ("cancel", 1000, test_cancel);
  ADD_GENERATED ("rate-limited", 350, test_rate_limited);

#undef ADD
#undef ADD_GENERATED

  return g_test_run ();
}
