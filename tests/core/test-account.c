/* test-account.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-account"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "roster-account.h"
#include "roster-account-manager.h"
#include "roster-error.h"
#include "roster-http.h"
#include "roster-request-log.h"
#include "roster-secrets.h"
#include "roster-test-utils.h"

/* Everything that is logged (G_MESSAGES_DEBUG=all), captured by our writer:
 * the no-token test searches it. */
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

  g_string_append (captured_log, line);
  g_string_append_c (captured_log, '\n');

  /* Warnings and worse still reach stderr, so failures stay readable. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

/* ------------------------------------------------------------------------ */
/* Input validation */

static void
test_normalize_url (void)
{
  struct { const char *in; const char *out; } good[] = {
    { "https://gitlab.com", "https://gitlab.com" },
    { "  https://gitlab.example.com/ \n", "https://gitlab.example.com" },
    { "https://host.example/gitlab//", "https://host.example/gitlab" },
    { "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
  };
  const char *bad[] = { "", "gitlab.com", "http://gitlab.com", "https://u:p@gitlab.com" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = roster_account_normalize_url (good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, good[i].out);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = roster_account_normalize_url (bad[i], &error);

      g_assert_null (url);
      g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
    }
}

static void
test_group_path (void)
{
  const char *good[] = { "acme-corp", "acme_corp", "a", "Acme2", "_acme" };
  const char *bad[] = { "", "-acme", ".acme", "acme.", "acme.git", "acme.atom", "acme corp",
                        "acme/sub", "https://gitlab.com/acme-corp", "acme?x", "acmé" };
  gboolean has_dot = TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (roster_account_check_group_path (good[i], &has_dot, &error));
      g_assert_no_error (error);
      g_assert_false (has_dot);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (roster_account_check_group_path (bad[i], NULL, &error));
      g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
    }

  /* A "." is valid for GitLab but a warning for SCIM. */
  g_assert_true (roster_account_check_group_path ("acme.corp", &has_dot, NULL));
  g_assert_true (has_dot);

  /* A subgroup: the message names the top-level group to use instead. */
  {
    g_autoptr(GError) error = NULL;

    roster_account_check_group_path ("acme-corp/engineering", NULL, &error);
    g_assert_nonnull (strstr (error->message, "“acme-corp”"));
  }
}

static void
test_derive_scim_url (void)
{
  g_autofree char *a = roster_account_derive_scim_url ("https://gitlab.com/", "acme-corp");
  g_autofree char *b = roster_account_derive_scim_url ("https://host.example/gitlab", "acme.corp");

  g_assert_cmpstr (a, ==, "https://gitlab.com/api/scim/v2/groups/acme-corp");
  g_assert_cmpstr (b, ==, "https://host.example/gitlab/api/scim/v2/groups/acme.corp");
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GPtrArray *names = user_data;

  g_ptr_array_add (names, g_strdup (pspec->name));
}

static void
test_properties (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(RosterAccount) scim = NULL;
  g_autoptr(RosterAccount) other = roster_account_new (ROSTER_ACCOUNT_KIND_GITLAB);
  g_autoptr(GPtrArray) notified = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *api_url = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *scim_url = NULL;
  RosterAccountKind kind;

  account = roster_account_new_gitlab (NULL, " https://gitlab.example.com/ ", "/acme-corp/", &error);
  g_assert_no_error (error);
  g_assert_nonnull (roster_account_get_id (account));
  g_assert_cmpstr (roster_account_get_id (account), !=, roster_account_get_id (other));
  g_assert_cmpstr (roster_account_get_label (account), ==, "acme-corp");
  g_assert_cmpint (roster_account_get_kind (account), ==, ROSTER_ACCOUNT_KIND_GITLAB);
  g_assert_cmpstr (roster_account_get_instance_url (account), ==, "https://gitlab.example.com");
  g_assert_cmpstr (roster_account_get_group_path (account), ==, "acme-corp");
  g_assert_cmpint (roster_account_get_group_id (account), ==, 0);
  g_assert_cmpstr (roster_account_get_scim_url (account), ==,
                   "https://gitlab.example.com/api/scim/v2/groups/acme-corp");
  api_url = roster_account_dup_api_url (account);
  g_assert_cmpstr (api_url, ==, "https://gitlab.example.com/api/v4");
  g_assert_true (roster_account_validate (account, NULL));
  g_assert_null (roster_account_dup_group_path_warning (account));

  g_signal_connect (account, "notify", G_CALLBACK (notify_cb), notified);
  roster_account_set_group_id (account, 4242);
  roster_account_set_group_id (account, 4242);
  g_assert_cmpuint (notified->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (notified, 0), ==, "group-id");

  /* A new path: the SCIM URL follows and the old id is forgotten. */
  roster_account_set_group_path (account, "acme.corp");
  g_object_get (account, "scim-url", &scim_url, NULL);
  g_assert_cmpstr (scim_url, ==, "https://gitlab.example.com/api/scim/v2/groups/acme.corp");
  g_assert_cmpint (roster_account_get_group_id (account), ==, 0);
  warning = roster_account_dup_group_path_warning (account);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "acme.corp"));

  roster_account_set_group_path (account, "acme/sub");
  g_assert_false (roster_account_validate (account, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Input errors come back as INVALID_INPUT. */
  g_assert_null (roster_account_new_gitlab (NULL, "http://gitlab.example.com", "acme", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (roster_account_new_gitlab (NULL, "https://gitlab.com", "", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  scim = roster_account_new_scim (NULL, "https://idp.example.org/scim/v2/", &error);
  g_assert_no_error (error);
  g_assert_cmpint (roster_account_get_kind (scim), ==, ROSTER_ACCOUNT_KIND_SCIM);
  g_assert_cmpstr (roster_account_get_scim_url (scim), ==, "https://idp.example.org/scim/v2");
  g_assert_cmpstr (roster_account_get_label (scim), ==, "idp.example.org");
  g_assert_null (roster_account_dup_api_url (scim));

  g_assert_true (roster_account_kind_from_string ("scim", &kind));
  g_assert_cmpint (kind, ==, ROSTER_ACCOUNT_KIND_SCIM);
  g_assert_false (roster_account_kind_from_string ("ldap", &kind));
  g_assert_cmpstr (roster_account_kind_to_string (ROSTER_ACCOUNT_KIND_GITLAB), ==, "gitlab");
}

static void
test_create_http (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterAccount) gitlab = roster_account_new_gitlab ("Acme", "https://gitlab.com",
                                                                "acme-corp", NULL);
  g_autoptr(RosterAccount) scim = roster_account_new_scim ("IdP", "https://idp.example.org/scim",
                                                            NULL);
  g_autoptr(RosterHttp) http_scim = NULL;
  g_autoptr(RosterHttp) http_api = NULL;
  g_autoptr(RosterHttp) http_none = NULL;

  http_scim = roster_account_create_http (gitlab, ROSTER_TOKEN_SCIM, NULL, &error);
  g_assert_no_error (error);
  /* Rooted at the instance: the clients add /api/v4 or /api/scim/v2/groups/… */
  g_assert_cmpstr (roster_http_get_base_url (http_scim), ==, "https://gitlab.com");
  http_api = roster_account_create_http (gitlab, ROSTER_TOKEN_API, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (roster_http_get_base_url (http_api), ==, "https://gitlab.com");

  g_clear_object (&http_scim);
  http_scim = roster_account_create_http (scim, ROSTER_TOKEN_SCIM, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (roster_http_get_base_url (http_scim), ==, "https://idp.example.org/scim");

  http_none = roster_account_create_http (scim, ROSTER_TOKEN_API, NULL, &error);
  g_assert_null (http_none);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
}

/* ------------------------------------------------------------------------ */
/* Persistence */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  char     *token;
  GObject  *object;
} Result;

static void
result_clear (Result *r)
{
  g_clear_error (&r->error);
  g_clear_pointer (&r->token, g_free);
  g_clear_object (&r->object);
  r->done = FALSE;
  r->ok = FALSE;
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  r->ok = roster_account_remove_finish (ROSTER_ACCOUNT (object), result, &r->error);
  r->done = TRUE;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->ok = roster_secrets_store_finish (result, &r->error);
  r->done = TRUE;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  r->token = roster_secrets_lookup_finish (result, &r->error);
  r->done = TRUE;
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->object = (GObject *) roster_account_open_http_finish (ROSTER_ACCOUNT (object), result,
                                                           &r->error);
  r->done = TRUE;
}

static void
store_token (RosterAccount   *account,
             RosterTokenKind  kind,
             const char      *token)
{
  Result r = { 0 };

  roster_secrets_store_async (roster_account_get_id (account), roster_account_get_label (account),
                              kind, token, NULL, store_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  result_clear (&r);
}

static char *
lookup_token (RosterAccount   *account,
              RosterTokenKind  kind)
{
  Result r = { 0 };
  char *token;

  roster_secrets_lookup_async (roster_account_get_id (account), kind, NULL, lookup_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  token = g_steal_pointer (&r.token);
  result_clear (&r);
  return token;
}

static void
remove_account (RosterAccount *account,
                GSettings     *settings)
{
  Result r = { 0 };

  roster_account_remove_async (account, settings, NULL, remove_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  result_clear (&r);
}

static void
test_persistence (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr(RosterAccount) gitlab = roster_account_new_gitlab ("Acme (prod)", "https://gitlab.com",
                                                                "acme-corp", NULL);
  g_autoptr(RosterAccount) scim = roster_account_new_scim (NULL, "https://idp.example.org/scim",
                                                            NULL);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  if (!roster_test_require_bus ())
    return;

  roster_account_set_group_id (gitlab, 4242);
  roster_account_save (gitlab, settings);
  roster_account_save (scim, NULL);
  roster_account_save (gitlab, settings);   /* saving twice lists it once */
  g_settings_set_string (settings, "active-account", roster_account_get_id (gitlab));

  ids = g_settings_get_strv (settings, "accounts");
  g_assert_cmpuint (g_strv_length (ids), ==, 2);

  accounts = roster_account_list_saved (settings);
  g_assert_cmpuint (accounts->len, ==, 2);
  {
    RosterAccount *a = g_ptr_array_index (accounts, 0);
    RosterAccount *b = g_ptr_array_index (accounts, 1);

    g_assert_cmpstr (roster_account_get_id (a), ==, roster_account_get_id (gitlab));
    g_assert_cmpstr (roster_account_get_label (a), ==, "Acme (prod)");
    g_assert_cmpint (roster_account_get_kind (a), ==, ROSTER_ACCOUNT_KIND_GITLAB);
    g_assert_cmpstr (roster_account_get_instance_url (a), ==, "https://gitlab.com");
    g_assert_cmpstr (roster_account_get_group_path (a), ==, "acme-corp");
    g_assert_cmpint (roster_account_get_group_id (a), ==, 4242);
    g_assert_cmpstr (roster_account_get_scim_url (a), ==,
                     "https://gitlab.com/api/scim/v2/groups/acme-corp");

    g_assert_cmpstr (roster_account_get_id (b), ==, roster_account_get_id (scim));
    g_assert_cmpint (roster_account_get_kind (b), ==, ROSTER_ACCOUNT_KIND_SCIM);
    g_assert_cmpstr (roster_account_get_scim_url (b), ==, "https://idp.example.org/scim");
    g_assert_cmpstr (roster_account_get_label (b), ==, "idp.example.org");
  }

  g_assert_null (roster_account_load (settings, "no-such-account", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (roster_account_load (settings, "../../evil", &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Removing also deletes the account's tokens, and only its own. */
  store_token (gitlab, ROSTER_TOKEN_SCIM, "glsoat-persist-scim");
  store_token (gitlab, ROSTER_TOKEN_API, "glpat-persist-api");
  store_token (scim, ROSTER_TOKEN_SCIM, "scim-persist-other");

  remove_account (gitlab, settings);
  g_clear_pointer (&ids, g_strfreev);
  ids = g_settings_get_strv (settings, "accounts");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, roster_account_get_id (scim));
  {
    g_autofree char *active = g_settings_get_string (settings, "active-account");
    g_autofree char *scim_token = lookup_token (gitlab, ROSTER_TOKEN_SCIM);
    g_autofree char *api_token = lookup_token (gitlab, ROSTER_TOKEN_API);
    g_autofree char *other_token = lookup_token (scim, ROSTER_TOKEN_SCIM);

    g_assert_cmpstr (active, ==, "");
    g_assert_null (scim_token);
    g_assert_null (api_token);
    g_assert_cmpstr (other_token, ==, "scim-persist-other");
  }
  g_assert_null (roster_account_load (settings, roster_account_get_id (gitlab), &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);

  remove_account (scim, settings);
  g_clear_pointer (&ids, g_strfreev);
  ids = g_settings_get_strv (settings, "accounts");
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
}

static void
manager_remove_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Result *r = user_data;

  r->ok = roster_account_manager_remove_finish (ROSTER_ACCOUNT_MANAGER (object), result,
                                                &r->error);
  r->done = TRUE;
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *changes = user_data;

  (*changes)++;
}

static void
test_manager (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr(RosterAccountManager) manager = NULL;
  g_autoptr(RosterAccountManager) other = NULL;
  g_autoptr(RosterAccount) acme = roster_account_new_gitlab ("Acme", "https://gitlab.com",
                                                              "acme-corp", NULL);
  g_autoptr(RosterAccount) idp = roster_account_new_scim ("Okta", "https://idp.example.org/scim",
                                                           NULL);
  g_autoptr(RosterAccount) later = roster_account_new_gitlab ("Later", "https://gitlab.com",
                                                               "later-corp", NULL);
  g_autoptr(RosterAccount) first = NULL;
  guint changes = 0;
  Result r = { 0 };

  if (!roster_test_require_bus ())
    return;

  manager = roster_account_manager_new (settings);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (manager)) == ROSTER_TYPE_ACCOUNT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);
  g_assert_null (roster_account_manager_get_active (manager));
  g_signal_connect (manager, "items-changed", G_CALLBACK (count_changes_cb), &changes);

  roster_account_manager_add (manager, acme);
  roster_account_manager_add (manager, idp);
  roster_account_manager_add (manager, acme);     /* already there: saved again */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 2);
  g_assert_cmpuint (changes, ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (manager), 0);
  g_assert_true (first == acme);
  g_assert_true (roster_account_manager_get_active (manager) == acme);

  g_assert_true (roster_account_manager_lookup (manager, roster_account_get_id (idp)) == idp);
  g_assert_true (roster_account_manager_lookup (manager, "Okta") == idp);
  g_assert_true (roster_account_manager_lookup (manager, "acme") == acme);
  g_assert_null (roster_account_manager_lookup (manager, "nobody"));

  /* Our own writes do not make it reload. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (changes, ==, 2);

  roster_account_manager_set_active (manager, idp);
  g_assert_true (roster_account_manager_get_active (manager) == idp);

  /* Another manager (another window) reads the same. */
  other = roster_account_manager_new (settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 2);
  g_assert_cmpstr (roster_account_get_id (roster_account_manager_get_active (other)), ==,
                   roster_account_get_id (idp));
  g_assert_cmpstr (roster_account_get_label (roster_account_manager_lookup (other, "Acme")), ==,
                   "Acme");

  /* An account saved elsewhere (rosterctl accounts add) shows up. */
  roster_account_save (later, settings);
  while (g_list_model_get_n_items (G_LIST_MODEL (manager)) != 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (roster_account_manager_lookup (manager, "Later"));

  /* Removing: gone from the list at once, and its tokens too. */
  store_token (idp, ROSTER_TOKEN_SCIM, "scim-manager-token");
  roster_account_manager_remove_async (manager, roster_account_manager_lookup (manager, "Okta"),
                                       NULL, manager_remove_cb, &r);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 2);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  result_clear (&r);
  {
    g_autofree char *token = lookup_token (idp, ROSTER_TOKEN_SCIM);

    g_assert_null (token);
  }
  g_assert_true (roster_account_manager_get_active (manager) ==
                 roster_account_manager_lookup (manager, "Acme"));
  while (g_list_model_get_n_items (G_LIST_MODEL (other)) != 2)
    g_main_context_iteration (NULL, TRUE);

  /* Leave the settings empty for the next test. */
  while (g_list_model_get_n_items (G_LIST_MODEL (manager)) > 0)
    {
      g_autoptr(RosterAccount) account = g_list_model_get_item (G_LIST_MODEL (manager), 0);

      roster_account_manager_remove_async (manager, account, NULL, manager_remove_cb, &r);
      roster_test_wait_for (&r.done, 20000);
      g_assert_no_error (r.error);
      result_clear (&r);
    }
  g_assert_null (roster_account_manager_get_active (manager));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&other));
  g_assert_finalize_object (g_steal_pointer (&manager));
}

/* ------------------------------------------------------------------------ */
/* No token anywhere */

#define LEAK_SCIM_TOKEN "glsoat-LEAKCHECK-scim-7f3a9Q"
#define LEAK_API_TOKEN  "glpat-LEAKCHECK-api-2b8c1Z"

/* A server that does everything wrong: it echoes the credentials it got
 * back into bodies, error messages and redirects. */
static void
leaky_server_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const char *auth = soup_message_headers_get_one (req, "Authorization");
  const char *private_token = soup_message_headers_get_one (req, "PRIVATE-TOKEN");
  g_autofree char *seen = g_strdup_printf ("%s %s", auth ? auth : "", private_token ? private_token : "");
  g_autofree char *body = NULL;
  guint status = 200;
  const char *type = "application/json";

  soup_message_headers_replace (resp, "X-Echo-Token", seen);

  if (g_str_has_suffix (path, "/fail"))
    {
      status = 401;
      body = g_strdup_printf ("{\"message\":\"401 Unauthorized: token %s is invalid\"}", seen);
    }
  else if (g_str_has_suffix (path, "/html"))
    {
      status = 500;
      type = "text/html";
      body = g_strdup_printf ("<html><body>Error for %s</body></html>", seen);
    }
  else if (g_str_has_suffix (path, "/text"))
    {
      status = 403;
      type = "text/plain";
      body = g_strdup_printf ("forbidden for %s", seen);
    }
  else if (g_str_has_suffix (path, "/busy"))
    {
      status = 503;
      type = "text/plain";
      soup_message_headers_replace (resp, "Retry-After", "0");
      body = g_strdup_printf ("busy, %s", seen);
    }
  else
    body = g_strdup_printf ("{\"echo\":\"%s\",\"token\":\"%s\",\"id\":\"x\"}", seen, seen);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;
  RosterHttpResponse *response;

  response = roster_http_request_finish (ROSTER_HTTP (object), result, &r->error);
  if (response)
    {
      g_autoptr(GError) error = NULL;

      /* Messages built from the answer must not carry the token either. */
      if (!roster_http_response_to_error (response, &error))
        g_message ("mapped error: %s", error->message);
      if (roster_http_response_get_server_message (response))
        g_message ("server said: %s", roster_http_response_get_server_message (response));
      roster_http_response_unref (response);
      r->ok = TRUE;
    }
  r->done = TRUE;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->ok = roster_request_log_save_finish (ROSTER_REQUEST_LOG (object), result, &r->error);
  r->done = TRUE;
}

static void
send (RosterHttp        *http,
      RosterHttpRequest *request)
{
  Result r = { 0 };

  roster_http_request_async (http, request, NULL, request_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  result_clear (&r);
}

static void
assert_no_token (const char *where,
                 const char *text)
{
  const char *tokens[] = { LEAK_SCIM_TOKEN, LEAK_API_TOKEN, "LEAKCHECK" };

  for (gsize i = 0; i < G_N_ELEMENTS (tokens); i++)
    if (text && strstr (text, tokens[i]))
      g_error ("a token leaked into %s", where);
}

static void
dump_settings (GSettings *settings,
               GString   *out)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_string_append_printf (out, "%s=%s\n", keys[i], printed);
    }
}

/* The flow; checks the request log, its export and GSettings. */
static void
run_leak_flow (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSList) listeners = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(RosterRequestLog) log = roster_request_log_new (100);
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(RosterHttp) scim = NULL;
  g_autoptr(RosterHttp) api = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) settings_dump = g_string_new (NULL);
  g_autofree char *instance = NULL;
  g_autofree char *export = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *saved = NULL;
  Result r = { 0 };

  g_assert_true (strcmp (g_getenv ("G_MESSAGES_DEBUG"), "all") == 0);

  soup_server_add_handler (server, NULL, leaky_server_cb, NULL, NULL);
  soup_server_listen (server, address, 0, &error);
  g_assert_no_error (error);
  listeners = soup_server_get_listeners (server);
  bound = g_socket_get_local_address (listeners->data, NULL);
  instance = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  /* The account, as the account dialog would create it. */
  account = roster_account_new_gitlab ("Leak check", instance, "acme-corp", &error);
  g_assert_no_error (error);
  roster_account_save (account, settings);
  store_token (account, ROSTER_TOKEN_SCIM, LEAK_SCIM_TOKEN);
  store_token (account, ROSTER_TOKEN_API, LEAK_API_TOKEN);

  roster_account_open_http_async (account, ROSTER_TOKEN_SCIM, log, NULL, open_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  scim = ROSTER_HTTP (g_steal_pointer (&r.object));
  result_clear (&r);
  roster_account_open_http_async (account, ROSTER_TOKEN_API, log, NULL, open_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  api = ROSTER_HTTP (g_steal_pointer (&r.object));
  result_clear (&r);
  roster_http_set_retry_policy (scim, 2, 1, 1000);
  roster_http_set_retry_policy (api, 2, 1, 1000);

  /* A flow: reads, a write with the token in its body and query, errors. */
  {
    g_autoptr(RosterHttpRequest) list = roster_http_request_new ("GET", "/Users");
    g_autoptr(RosterHttpRequest) fail = roster_http_request_new ("GET", "/fail");
    g_autoptr(RosterHttpRequest) html = roster_http_request_new ("GET", "/html");
    g_autoptr(RosterHttpRequest) busy = roster_http_request_new ("GET", "/busy");
    g_autoptr(RosterHttpRequest) group = roster_http_request_new ("GET", "/groups/acme-corp");
    g_autoptr(RosterHttpRequest) text = roster_http_request_new ("GET", "/text");
    g_autoptr(RosterHttpRequest) patch = roster_http_request_new ("PATCH", "/groups/4242/saml/x");
    g_autoptr(RosterHttpRequest) scim_patch = roster_http_request_new ("PATCH", "/Users/x");
    g_autoptr(JsonNode) body = json_from_string ("{\"Operations\":[{\"op\":\"replace\","
                                                 "\"path\":\"id\",\"value\":\""
                                                 LEAK_SCIM_TOKEN "\"}]}", NULL);

    roster_http_request_set_token_kind (list, ROSTER_TOKEN_SCIM);
    roster_http_request_add_query_int (list, "count", 1);
    roster_http_request_set_token_kind (fail, ROSTER_TOKEN_SCIM);
    roster_http_request_set_token_kind (html, ROSTER_TOKEN_SCIM);
    roster_http_request_set_token_kind (busy, ROSTER_TOKEN_SCIM);
    roster_http_request_set_token_kind (scim_patch, ROSTER_TOKEN_SCIM);
    roster_http_request_set_json_body (scim_patch, body, "application/scim+json");
    roster_http_request_set_token_kind (group, ROSTER_TOKEN_API);
    roster_http_request_add_query (group, "private_token", LEAK_API_TOKEN);
    roster_http_request_set_token_kind (text, ROSTER_TOKEN_API);
    roster_http_request_set_token_kind (patch, ROSTER_TOKEN_API);
    roster_http_request_add_form_field (patch, "extern_uid", LEAK_API_TOKEN);

    send (scim, list);
    send (scim, fail);
    send (scim, html);
    send (scim, busy);
    send (scim, scim_patch);
    send (api, group);
    send (api, text);
    send (api, patch);
  }

  /* The log did record the exchanges (so the checks below mean something). */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 9);

  /* 1. The request log, record by record and exported. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(RosterRequestRecord) record = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autoptr(JsonNode) node = roster_request_record_to_json (record);
      g_autofree char *json = json_to_string (node, FALSE);

      assert_no_token ("a request log record", json);
    }
  export = roster_request_log_to_json (log);
  assert_no_token ("the request log export", export);
  g_assert_nonnull (strstr (export, "[REDACTED]"));

  dir = g_dir_make_tmp ("roster-leak-XXXXXX", &error);
  g_assert_no_error (error);
  export_path = g_build_filename (dir, "log.json", NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (export_path);

    roster_request_log_save_async (log, file, NULL, save_cb, &r);
    roster_test_wait_for (&r.done, 20000);
    g_assert_no_error (r.error);
    g_assert_true (r.ok);
    result_clear (&r);
    g_assert_true (g_file_get_contents (export_path, &saved, NULL, &error));
    assert_no_token ("the saved request log", saved);
  }

  /* 2. GSettings, the app's keys and the account's. */
  {
    g_autoptr(GSettingsSchema) schema =
      g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                       ROSTER_ACCOUNT_SCHEMA_ID, TRUE);
    g_autofree char *path = g_strconcat (ROSTER_ACCOUNT_PATH_PREFIX,
                                         roster_account_get_id (account), "/", NULL);
    g_autoptr(GSettings) account_settings = g_settings_new_full (schema, NULL, path);

    dump_settings (settings, settings_dump);
    dump_settings (account_settings, settings_dump);
    g_assert_nonnull (strstr (settings_dump->str, "acme-corp"));
    assert_no_token ("GSettings", settings_dump->str);
  }

  remove_account (account, settings);
  soup_server_disconnect (server);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&scim));
  g_assert_finalize_object (g_steal_pointer (&api));
  g_remove (export_path);
  g_rmdir (dir);
}

static void
test_no_token_leaks (void)
{
  if (!roster_test_require_bus ())
    return;

  g_string_truncate (captured_log, 0);
  run_leak_flow ();

  /* Everything logged (G_MESSAGES_DEBUG=all), through our writer; debug
   * output did flow, so the check means something. */
  g_assert_nonnull (strstr (captured_log->str, "roster-http-DEBUG"));
  assert_no_token ("the debug log", captured_log->str);
}

static void
test_no_token_leaks_stdio (void)
{
  if (!roster_test_require_bus ())
    return;

  /* The same flow in a child whose logging goes to stdout and stderr the
   * default way (anything printed directly would show up there too). */
  if (g_test_subprocess ())
    {
      run_leak_flow ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*roster-http-DEBUG*");
  g_test_trap_assert_stdout_unmatched ("*LEAKCHECK*");
  g_test_trap_assert_stderr_unmatched ("*LEAKCHECK*");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_log = g_string_new (NULL);

  g_test_init (&argc, &argv, NULL);

  /* A child of g_test_trap_subprocess() logs the default way. */
  if (!g_test_subprocess ())
    g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/roster/account/normalize-url", test_normalize_url);
  g_test_add_func ("/roster/account/group-path", test_group_path);
  g_test_add_func ("/roster/account/derive-scim-url", test_derive_scim_url);
  g_test_add_func ("/roster/account/properties", test_properties);
  g_test_add_func ("/roster/account/create-http", test_create_http);
  g_test_add_func ("/roster/account/persistence", test_persistence);
  g_test_add_func ("/roster/account/manager", test_manager);
  g_test_add_func ("/roster/account/no-token-leaks", test_no_token_leaks);
  g_test_add_func ("/roster/account/no-token-leaks-stdio", test_no_token_leaks_stdio);

  return g_test_run ();
}
