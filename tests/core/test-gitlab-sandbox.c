/* test-gitlab-sandbox.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-gitlab-sandbox"

#include "config.h"

#include <string.h>

#include "roster-account.h"
#include "roster-error.h"
#include "roster-gitlab-client.h"
#include "roster-http.h"
#include "roster-request-log.h"
#include "roster-scim-client.h"
#include "roster-sandbox.h"
#include "roster-sandbox-private.h"
#include "roster-sandbox-world.h"
#include "roster-test-utils.h"

/* RosterGitlabClient against roster-sandbox (in-process, real HTTP): every
 * REST endpoint the client uses, its error paths, and paging on big
 * generated worlds with members joining or leaving between two pages. */

#define ALAN_SCIM "aturing@acme.example"
#define ALAN_SAML "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e"

typedef struct
{
  RosterSandbox      *sandbox;
  RosterRequestLog   *log;
  RosterHttp         *http;
  RosterGitlabClient *client;
  gint64              group_id;
  guint               hook_requests;
  gint64              hook_user_id;   /* remove (or add) this user… */
  guint               hook_at;        /* …when the hook sees its Nth members request */
  gboolean            hook_add;
} Fixture;

typedef struct
{
  gboolean  done;
  gpointer  value;
  gboolean  ok;
  gboolean  available;
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
  f->group_id = roster_sandbox_get_group_id (f->sandbox);
  f->log = roster_request_log_new (200);
  f->http = roster_http_new (roster_sandbox_get_url (f->sandbox), f->log, &error);
  g_assert_no_error (error);
  roster_http_set_token (f->http, ROSTER_TOKEN_API, roster_sandbox_get_api_token (f->sandbox));
  roster_http_set_retry_policy (f->http, 3, 10, 1000);
  f->client = roster_gitlab_client_new (f->http);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  start (f, roster_sandbox_new (ROSTER_SANDBOX_WORLD_FIXTURE));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  /* Identity lists are read in worker threads, whose GTask (holding the
   * client) may be released just after the callback ran. */
  roster_test_finalize_eventually (g_steal_pointer (&f->client));
  roster_test_finalize_eventually (g_steal_pointer (&f->http));
  roster_sandbox_stop (f->sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&f->sandbox));
  g_assert_finalize_object (g_steal_pointer (&f->log));
}

/* ---------------------------------------------------------------------- */

#define DEFINE_CB(name, finish_call)                        \
  static void                                               \
  name (GObject      *object,                               \
        GAsyncResult *result,                               \
        gpointer      user_data)                            \
  {                                                         \
    Result *r = user_data;                                  \
    RosterGitlabClient *client = ROSTER_GITLAB_CLIENT (object); \
                                                            \
    finish_call;                                            \
    r->done = TRUE;                                         \
  }

DEFINE_CB (group_cb, r->value = roster_gitlab_client_get_group_finish (client, result, &r->error))
DEFINE_CB (members_cb, r->value = roster_gitlab_client_list_members_finish (client, result, &r->error))
DEFINE_CB (member_cb, r->value = roster_gitlab_client_get_member_finish (client, result, &r->error))
DEFINE_CB (identities_cb, r->value = roster_gitlab_client_list_identities_finish (client, result, &r->error))
DEFINE_CB (identity_cb, r->value = roster_gitlab_client_get_identity_finish (client, result, &r->error))
DEFINE_CB (update_cb, r->value = roster_gitlab_client_update_identity_finish (client, result, &r->error))
DEFINE_CB (delete_cb, r->ok = roster_gitlab_client_delete_identity_finish (client, result, &r->error))
DEFINE_CB (enterprise_cb, r->value = roster_gitlab_client_list_enterprise_users_finish (client, result,
                                                                                       &r->available,
                                                                                       &r->error))

static gpointer
wait_value (Result  *r,
            GError **error)
{
  roster_test_wait_for (&r->done, 60000);
  if (r->error != NULL)
    g_propagate_error (error, r->error);
  return r->value;
}

static RosterGitlabGroup *
get_group (Fixture     *f,
           const char  *group,
           GError     **error)
{
  Result r = { 0 };

  roster_gitlab_client_get_group_async (f->client, group, NULL, group_cb, &r);
  return wait_value (&r, error);
}

static GPtrArray *
list_members (Fixture  *f,
              GError  **error)
{
  Result r = { 0 };

  roster_gitlab_client_list_members_async (f->client, f->group_id, NULL, NULL, NULL, NULL, members_cb, &r);
  return wait_value (&r, error);
}

static GPtrArray *
list_identities (Fixture             *f,
                 gint64               group_id,
                 RosterIdentityKind   kind,
                 GError             **error)
{
  Result r = { 0 };

  roster_gitlab_client_list_identities_async (f->client, group_id, kind, NULL, identities_cb, &r);
  return wait_value (&r, error);
}

DEFINE_CB (read_cb, r->ok = roster_gitlab_client_read_identities_finish (client, result, &r->error))

typedef struct
{
  GPtrArray          *list;
  RosterIdentityKind  kind;
  GThread            *main_thread;
  guint               in_main_thread;
} ReadData;

static void
read_one (const char *extern_uid,
          gint64      user_id,
          gboolean    active,
          gpointer    user_data)
{
  ReadData *d = user_data;

  if (g_thread_self () == d->main_thread)
    d->in_main_thread++;
  g_ptr_array_add (d->list, roster_gitlab_identity_new (d->kind, extern_uid, user_id, active));
}

/* The records as roster_gitlab_client_read_identities_async() hands them
 * over, or NULL with @error set. */
static GPtrArray *
read_identities (Fixture             *f,
                 gint64               group_id,
                 RosterIdentityKind   kind,
                 GError             **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_gitlab_identity_unref);
  ReadData d = { list, kind, g_thread_self (), 0 };
  Result r = { 0 };

  roster_gitlab_client_read_identities_async (f->client, group_id, kind, read_one, &d, NULL, read_cb, &r);
  roster_test_wait_for (&r.done, 60000);
  /* Read in a worker thread, off the main context. */
  g_assert_cmpuint (d.in_main_thread, ==, 0);
  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return NULL;
    }
  g_assert_true (r.ok);
  return g_steal_pointer (&list);
}

static void
assert_same_identities (GPtrArray *a,
                        GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      RosterGitlabIdentity *x = g_ptr_array_index (a, i);
      RosterGitlabIdentity *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->extern_uid, ==, y->extern_uid);
      g_assert_cmpint (x->user_id, ==, y->user_id);
      g_assert_cmpint (x->active, ==, y->active);
    }
}

static RosterGitlabIdentity *
get_identity (Fixture             *f,
              RosterIdentityKind   kind,
              const char          *uid,
              GError             **error)
{
  Result r = { 0 };

  roster_gitlab_client_get_identity_async (f->client, f->group_id, kind, uid, NULL, identity_cb, &r);
  return wait_value (&r, error);
}

static RosterGitlabIdentity *
update_identity (Fixture             *f,
                 RosterIdentityKind   kind,
                 const char          *uid,
                 const char          *value,
                 GError             **error)
{
  Result r = { 0 };

  roster_gitlab_client_update_identity_async (f->client, f->group_id, kind, uid, value, NULL, update_cb, &r);
  return wait_value (&r, error);
}

static gboolean
delete_identity (Fixture             *f,
                 RosterIdentityKind   kind,
                 const char          *uid,
                 GError             **error)
{
  Result r = { 0 };

  roster_gitlab_client_delete_identity_async (f->client, f->group_id, kind, uid, NULL, delete_cb, &r);
  roster_test_wait_for (&r.done, 60000);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

static void
use_token (Fixture    *f,
           const char *token)
{
  roster_http_set_token (f->http, ROSTER_TOKEN_API, token);
}

#define assert_error_contains(error, code, text) G_STMT_START {                 \
    g_assert_error (error, ROSTER_ERROR, code);                                 \
    if (strstr ((error)->message, text) == NULL)                                \
      g_error ("“%s” does not contain “%s”", (error)->message, text);           \
  } G_STMT_END

/* ---------------------------------------------------------------------- */
/* Groups */

static void
test_group (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RosterGitlabGroup) by_path = NULL;
  g_autoptr(RosterGitlabGroup) by_id = NULL;
  g_autoptr(RosterGitlabGroup) sub = NULL;
  g_autoptr(RosterGitlabGroup) dotted = NULL;
  g_autoptr(RosterGitlabGroup) missing = NULL;
  g_autoptr(GError) error = NULL;

  by_path = get_group (f, "acme-corp", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_path->id, ==, 4242);
  g_assert_cmpstr (by_path->full_path, ==, "acme-corp");
  g_assert_cmpint (by_path->parent_id, ==, 0);

  by_id = get_group (f, "4242", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_id->full_path, ==, "acme-corp");

  /* A subgroup: its path has a "/", sent as %2F; parent_id tells. */
  sub = get_group (f, "/acme-corp/platform/", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sub->id, ==, 4243);
  g_assert_cmpint (sub->parent_id, ==, 4242);

  /* REST routes dotted paths fine (SCIM does not). */
  dotted = get_group (f, "acme.labs", &error);
  g_assert_no_error (error);
  g_assert_cmpint (dotted->id, ==, 4260);

  missing = get_group (f, "no-such-group", &error);
  g_assert_null (missing);
  assert_error_contains (error, ROSTER_ERROR_NOT_FOUND, "“no-such-group”");
  g_clear_error (&error);

  g_assert_null (get_group (f, "  ", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  use_token (f, "glpat-not-a-token");
  g_assert_null (get_group (f, "acme-corp", &error));
  assert_error_contains (error, ROSTER_ERROR_AUTH, "expired");
  g_assert_null (strstr (error->message, "glpat-not-a-token"));
}

/* ---------------------------------------------------------------------- */
/* Members */

static RosterGitlabMember *
find_member (GPtrArray *members,
             gint64     id)
{
  for (guint i = 0; i < members->len; i++)
    if (((RosterGitlabMember *) g_ptr_array_index (members, i))->id == id)
      return g_ptr_array_index (members, i);
  return NULL;
}

static void
test_members_owner (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  RosterGitlabMember *alan, *dennis;

  members = list_members (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 4);
  g_assert_null (find_member (members, 7104));   /* Barbara was deprovisioned */

  alan = find_member (members, 7103);
  g_assert_nonnull (alan);
  g_assert_cmpint (alan->saml_presence, ==, ROSTER_PRESENCE_SET);
  g_assert_cmpstr (alan->saml_identity->extern_uid, ==, ALAN_SAML);
  g_assert_cmpstr (alan->scim_identity->extern_uid, ==, ALAN_SCIM);
  g_assert_cmpint (alan->email_presence, ==, ROSTER_PRESENCE_SET);
  g_assert_true (alan->has_seat_info);

  dennis = find_member (members, 7110);
  g_assert_cmpint (dennis->saml_presence, ==, ROSTER_PRESENCE_NULL);
  g_assert_cmpint (dennis->email_presence, ==, ROSTER_PRESENCE_ABSENT);
  g_assert_true (dennis->has_created_by);
}

static void
scim_users_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *r = user_data;

  r->value = roster_scim_client_list_users_finish (ROSTER_SCIM_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

/* The RosterHttp an account makes is rooted where the clients expect it:
 * the GitLab client and the GitLab SCIM client add their API prefixes. */
static void
test_account_http (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(RosterHttp) api = NULL;
  g_autoptr(RosterHttp) scim = NULL;
  g_autoptr(RosterGitlabClient) client = NULL;
  g_autoptr(RosterScimClient) scim_client = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  account = roster_account_new_gitlab (NULL, roster_sandbox_get_url (f->sandbox),
                                       roster_sandbox_get_group_path (f->sandbox), &error);
  g_assert_no_error (error);

  api = roster_account_create_http (account, ROSTER_TOKEN_API, f->log, &error);
  g_assert_no_error (error);
  roster_http_set_token (api, ROSTER_TOKEN_API, roster_sandbox_get_api_token (f->sandbox));
  client = roster_gitlab_client_new (api);
  roster_gitlab_client_list_members_async (client, f->group_id, NULL, NULL, NULL, NULL, members_cb, &r);
  members = wait_value (&r, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 4);
  g_assert_nonnull (find_member (members, 7103));

  scim = roster_account_create_http (account, ROSTER_TOKEN_SCIM, f->log, &error);
  g_assert_no_error (error);
  roster_http_set_token (scim, ROSTER_TOKEN_SCIM, roster_sandbox_get_scim_token (f->sandbox));
  scim_client = roster_scim_client_new_for_gitlab (scim, roster_account_get_group_path (account));
  memset (&r, 0, sizeof r);
  roster_scim_client_list_users_async (scim_client, NULL, NULL, NULL, NULL, NULL, scim_users_cb, &r);
  users = wait_value (&r, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, >, 0);

  g_clear_object (&client);
  g_clear_object (&scim_client);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  roster_test_finalize_eventually (g_steal_pointer (&api));
  roster_test_finalize_eventually (g_steal_pointer (&scim));
}

static void
test_members_developer (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  /* Grace is a Developer: identities and emails are hidden from her. */
  use_token (f, "sandbox-developer-token");
  members = list_members (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 4);
  for (guint i = 0; i < members->len; i++)
    {
      RosterGitlabMember *member = g_ptr_array_index (members, i);

      g_assert_cmpint (member->saml_presence, ==, ROSTER_PRESENCE_ABSENT);
      g_assert_cmpint (member->email_presence, ==, ROSTER_PRESENCE_ABSENT);
    }
}

static void
test_member_single (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RosterGitlabMember) member = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  roster_gitlab_client_get_member_async (f->client, f->group_id, 7101, NULL, member_cb, &r);
  member = wait_value (&r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (member->access_level, ==, 50);

  memset (&r, 0, sizeof r);
  roster_gitlab_client_get_member_async (f->client, f->group_id, 7104, NULL, member_cb, &r);
  g_assert_null (wait_value (&r, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
}

static void
test_enterprise (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  roster_gitlab_client_list_enterprise_users_async (f->client, f->group_id, NULL, NULL, NULL, NULL,
                                                    enterprise_cb, &r);
  users = wait_value (&r, &error);
  g_assert_no_error (error);
  g_assert_true (r.available);
  g_assert_cmpuint (users->len, ==, 4);   /* Ada, Grace, Alan, Barbara */

  /* GitLab before 17.7: the endpoint is missing, and that is no error. */
  roster_sandbox_set_gitlab_version (f->sandbox, 17, 6);
  memset (&r, 0, sizeof r);
  roster_gitlab_client_list_enterprise_users_async (f->client, f->group_id, NULL, NULL, NULL, NULL,
                                                    enterprise_cb, &r);
  g_assert_null (wait_value (&r, &error));
  g_assert_no_error (error);
  g_assert_false (r.available);
}

/* ---------------------------------------------------------------------- */
/* Identities */

static void
test_identity_lists (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) saml = NULL;
  g_autoptr(GPtrArray) scim = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  gboolean barbara_inactive = FALSE;

  saml = list_identities (f, f->group_id, ROSTER_IDENTITY_SAML, &error);
  g_assert_no_error (error);
  scim = list_identities (f, f->group_id, ROSTER_IDENTITY_SCIM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saml->len, ==, 4);
  g_assert_cmpuint (scim->len, ==, 4);
  for (guint i = 0; i < scim->len; i++)
    {
      RosterGitlabIdentity *identity = g_ptr_array_index (scim, i);

      if (identity->user_id == 7104)
        barbara_inactive = !identity->active;
    }
  g_assert_true (barbara_inactive);

  /* other-corp has no SAML provider. */
  none = list_identities (f, 4250, ROSTER_IDENTITY_SAML, &error);
  g_assert_null (none);
  assert_error_contains (error, ROSTER_ERROR_NOT_FOUND, "no SAML SSO configured");
  g_clear_error (&error);

  /* Not an Owner. */
  use_token (f, "sandbox-developer-token");
  none = list_identities (f, f->group_id, ROSTER_IDENTITY_SCIM, &error);
  g_assert_null (none);
  assert_error_contains (error, ROSTER_ERROR_FORBIDDEN, "Owner");
}

/* Records handed over as they are read: the same as the list, the same
 * errors. */
static void
test_identity_read (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (RosterIdentityKind kind = ROSTER_IDENTITY_SAML; kind <= ROSTER_IDENTITY_SCIM; kind++)
    {
      g_autoptr(GPtrArray) listed = list_identities (f, f->group_id, kind, &error);
      g_autoptr(GPtrArray) read = NULL;

      g_assert_no_error (error);
      read = read_identities (f, f->group_id, kind, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (read->len, >, 0);
      assert_same_identities (listed, read);
    }

  g_assert_null (read_identities (f, 4250, ROSTER_IDENTITY_SAML, &error));
  assert_error_contains (error, ROSTER_ERROR_NOT_FOUND, "no SAML SSO configured");
  g_clear_error (&error);

  use_token (f, "sandbox-developer-token");
  g_assert_null (read_identities (f, f->group_id, ROSTER_IDENTITY_SCIM, &error));
  assert_error_contains (error, ROSTER_ERROR_FORBIDDEN, "Owner");
}

static void
test_identity_get (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RosterGitlabIdentity) saml = NULL;
  g_autoptr(RosterGitlabIdentity) scim = NULL;
  g_autoptr(RosterGitlabIdentity) missing = NULL;
  g_autoptr(GError) error = NULL;

  saml = get_identity (f, ROSTER_IDENTITY_SAML, ALAN_SAML, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saml->user_id, ==, 7103);

  /* SCIM lookups ignore case. */
  scim = get_identity (f, ROSTER_IDENTITY_SCIM, "ATuring@ACME.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scim->extern_uid, ==, ALAN_SCIM);
  g_assert_true (scim->active);

  /* SAML lookups do not. */
  missing = get_identity (f, ROSTER_IDENTITY_SAML, "C4E8A1F2-7D3B-4A9C-B6E5-1F2A3B4C5D6E", &error);
  g_assert_null (missing);
  assert_error_contains (error, ROSTER_ERROR_NOT_FOUND, "no SAML identity with the value");
}

static void
test_identity_update (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RosterGitlabIdentity) updated = NULL;
  g_autoptr(RosterGitlabIdentity) again = NULL;
  g_autoptr(GPtrArray) scim = NULL;
  g_autoptr(GError) error = NULL;

  /* The documented repair: Alan's SCIM value becomes his NameID. */
  updated = update_identity (f, ROSTER_IDENTITY_SCIM, ALAN_SCIM, ALAN_SAML, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->extern_uid, ==, ALAN_SAML);
  g_assert_cmpint (updated->user_id, ==, 7103);

  again = get_identity (f, ROSTER_IDENTITY_SCIM, ALAN_SAML, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->user_id, ==, 7103);

  /* The old value is gone. */
  g_assert_null (update_identity (f, ROSTER_IDENTITY_SCIM, ALAN_SCIM, "x", &error));
  assert_error_contains (error, ROSTER_ERROR_NOT_FOUND, ALAN_SCIM);
  g_clear_error (&error);

  /* Taken by Ada. */
  g_assert_null (update_identity (f, ROSTER_IDENTITY_SCIM, ALAN_SAML,
                                  "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Blank (server-side) and empty (client-side). */
  g_assert_null (update_identity (f, ROSTER_IDENTITY_SCIM, ALAN_SAML, "   ", &error));
  assert_error_contains (error, ROSTER_ERROR_INVALID_INPUT, "blank");
  g_clear_error (&error);
  g_assert_null (update_identity (f, ROSTER_IDENTITY_SAML, ALAN_SAML, "", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A read_api token may read, not write. */
  use_token (f, "sandbox-read-api-token");
  scim = list_identities (f, f->group_id, ROSTER_IDENTITY_SCIM, &error);
  g_assert_no_error (error);
  g_assert_null (update_identity (f, ROSTER_IDENTITY_SAML, ALAN_SAML, "new", &error));
  assert_error_contains (error, ROSTER_ERROR_FORBIDDEN, "“api” scope");
  g_clear_error (&error);

  /* A Developer may not at all. */
  use_token (f, "sandbox-developer-token");
  g_assert_null (update_identity (f, ROSTER_IDENTITY_SAML, ALAN_SAML, "new", &error));
  assert_error_contains (error, ROSTER_ERROR_FORBIDDEN, "Owner");
}

static void
test_identity_reserved_characters (Fixture       *f,
                                   gconstpointer  data)
{
  const char *values[] = { "grace@acme.example", "a.b", "with space", "100%", "q?x=1#frag", "ü-ñ" };
  const char *current = "2b7d9e41-6c8a-4f3e-9d2b-5a4c3e2f1d0e";
  g_autofree char *owned = NULL;

  /* Grace's SAML value goes through values that must be percent-encoded
   * in the path: each is set, then found again by itself. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(RosterGitlabIdentity) updated = NULL;
      g_autoptr(RosterGitlabIdentity) found = NULL;
      g_autoptr(GError) error = NULL;

      updated = update_identity (f, ROSTER_IDENTITY_SAML, current, values[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (updated->extern_uid, ==, values[i]);
      found = get_identity (f, ROSTER_IDENTITY_SAML, values[i], &error);
      g_assert_no_error (error);
      g_assert_cmpint (found->user_id, ==, 7102);
      g_free (owned);
      current = owned = g_strdup (values[i]);
    }
}

static void
test_identity_delete (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) scim = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (delete_identity (f, ROSTER_IDENTITY_SCIM, ALAN_SCIM, &error));
  g_assert_no_error (error);
  g_assert_null (get_identity (f, ROSTER_IDENTITY_SCIM, ALAN_SCIM, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (delete_identity (f, ROSTER_IDENTITY_SCIM, ALAN_SCIM, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  scim = list_identities (f, f->group_id, ROSTER_IDENTITY_SCIM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scim->len, ==, 3);
}

/* ---------------------------------------------------------------------- */
/* Paging on generated worlds */

static guint
world_members (Fixture *f)
{
  RosterWorld *world = _roster_sandbox_get_world (f->sandbox);

  return roster_world_group_get_n_members (world, roster_world_lookup_group (world, f->group_id));
}

static void
generated_setup (Fixture       *f,
                 gconstpointer  data)
{
  start (f, roster_sandbox_new_generated (GPOINTER_TO_UINT (data), 7, 0.1));
}

static void
assert_members_unique (Fixture   *f,
                       GPtrArray *members)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < members->len; i++)
    g_assert_true (g_hash_table_add (ids, &((RosterGitlabMember *) g_ptr_array_index (members, i))->id));
  g_assert_cmpuint (members->len, ==, world_members (f));
}

static void
test_generated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  members = list_members (f, &error);
  g_assert_no_error (error);
  assert_members_unique (f, members);
}

static void
test_identity_read_generated (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (RosterIdentityKind kind = ROSTER_IDENTITY_SAML; kind <= ROSTER_IDENTITY_SCIM; kind++)
    {
      g_autoptr(GPtrArray) listed = list_identities (f, f->group_id, kind, &error);
      g_autoptr(GPtrArray) read = NULL;

      g_assert_no_error (error);
      read = read_identities (f, f->group_id, kind, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (read->len, >, 9000);
      assert_same_identities (listed, read);
    }
}

static void
hook_cb (RosterSandbox *sandbox,
         const char    *method,
         const char    *path,
         gpointer       user_data)
{
  Fixture *f = user_data;
  RosterWorld *world = _roster_sandbox_get_world (sandbox);
  RosterWorldGroup *group = roster_world_lookup_group (world, f->group_id);
  RosterWorldUser *user = roster_world_lookup_user (world, f->hook_user_id);
  g_autoptr(GError) error = NULL;

  if (!g_str_has_suffix (path, "/members") || ++f->hook_requests != f->hook_at)
    return;

  if (f->hook_add)
    roster_world_add_member (world, group, user, ROSTER_ACCESS_DEVELOPER, NULL, &error);
  else
    roster_world_remove_member (world, group, user, FALSE, &error);
  g_assert_no_error (error);
}

static void
test_changed_between_pages (Fixture       *f,
                            gconstpointer  data)
{
  RosterWorld *world = _roster_sandbox_get_world (f->sandbox);
  RosterWorldGroup *group = roster_world_lookup_group (world, f->group_id);
  RosterWorldMember *early = roster_world_group_get_member (world, group, 10);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  guint before = world_members (f);

  /* Member #10 (on page 1) leaves just before page 2 is served. */
  f->hook_user_id = early->user->id;
  f->hook_at = 2;
  roster_sandbox_set_request_hook (f->sandbox, hook_cb, f, NULL);
  members = list_members (f, &error);
  g_assert_no_error (error);
  assert_members_unique (f, members);
  g_assert_cmpuint (members->len, ==, before - 1);
  g_assert_null (find_member (members, f->hook_user_id));

  /* …and comes back just before page 3. */
  g_clear_pointer (&members, g_ptr_array_unref);
  f->hook_requests = 0;
  f->hook_at = 3;
  f->hook_add = TRUE;
  members = list_members (f, &error);
  g_assert_no_error (error);
  assert_members_unique (f, members);
  g_assert_cmpuint (members->len, ==, before);
  g_assert_nonnull (find_member (members, f->hook_user_id));
  roster_sandbox_set_request_hook (f->sandbox, NULL, NULL, NULL);
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  /* Two requests a minute, pages of a 250-member group: the third request
   * gets 429 with Retry-After far beyond what the client may wait. */
  roster_http_set_retry_policy (f->http, 2, 10, 200);
  roster_sandbox_set_rate_limit (f->sandbox, 2);
  members = list_members (f, &error);
  g_assert_null (members);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_RATE_LIMITED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/roster/gitlab-sandbox/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_GENERATED(path, n, func) \
  g_test_add ("/roster/gitlab-sandbox/" path, Fixture, GUINT_TO_POINTER (n), generated_setup, func, fixture_teardown)

  ADD ("group", test_group);
  ADD ("members/owner", test_members_owner);
  ADD ("account-http", test_account_http);
  ADD ("members/developer", test_members_developer);
  ADD ("members/single", test_member_single);
  ADD ("enterprise", test_enterprise);
  ADD ("identities/lists", test_identity_lists);
  ADD ("identities/read", test_identity_read);
  ADD_GENERATED ("identities/read-10001", 10001, test_identity_read_generated);
  ADD ("identities/get", test_identity_get);
  ADD ("identities/update", test_identity_update);
  ADD ("identities/reserved-characters", test_identity_reserved_characters);
  ADD ("identities/delete", test_identity_delete);
  ADD_GENERATED ("paging/100", 100, test_generated);
  ADD_GENERATED ("paging/101", 101, test_generated);
  ADD_GENERATED ("paging/10001", 10001, test_generated);
  ADD_GENERATED ("paging/changed-between-pages", 250, test_changed_between_pages);
  ADD_GENERATED ("paging/rate-limited", 250, test_rate_limited);

#undef ADD
#undef ADD_GENERATED

  return g_test_run ();
}
