/* test-gitlab-client.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-gitlab-client"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "roster-error.h"
#include "roster-gitlab-client.h"
#include "roster-http.h"
#include "roster-request-log.h"
#include "roster-snapshot.h"
#include "roster-test-utils.h"

/* RosterGitlabClient's paging and error handling over real HTTP, against a
 * hand-written GitLab stand-in whose member list a test can change between
 * two pages, drop totals from (as GitLab does above 10 000), or break. The
 * contract itself (identities, scopes, roles) is tested against
 * roster-sandbox in test-gitlab-sandbox.c. */

#define GROUP_ID 42

typedef struct
{
  SoupServer         *server;
  char               *url;
  RosterRequestLog   *log;
  RosterHttp         *http;
  RosterGitlabClient *client;

  GArray             *members;        /* gint64 user ids, in list order */
  gboolean            totals;         /* send x-total & co (GitLab: up to 10 000) */
  gboolean            ignore_page;
  gboolean            html;
  gboolean            bad_json;
  gboolean            pause_later;
  gint                remove_after;   /* after serving request N (1-based), remove... */
  gint64              remove_id;
  gint                add_after;      /* after serving request N, append add_id */
  gint64              add_id;
  gboolean            add_every;      /* append a new member after every request */
  gboolean            add_front;      /* add_id goes to the front of the list */
  guint               requests;
  guint               enterprise_mode; /* 0: 404 route, 1: 404 group, 2: list */
  guint               throttle;        /* answer this many requests 429, no headers */
  guint               broken_page;     /* serve this page of members (or enterprise users) cut short */
  guint               bad_member_page; /* serve this page with an invalid member (or user) */
  gboolean            mapped;          /* list with the per-page map */
  gint                mapped_alive;    /* what the map made and was not freed yet (atomic) */
  gint                mapped_made;     /* atomic: the map runs in worker threads */
  GPtrArray          *paused;
} Fixture;

/* The fixture whose map is running (the map's free function has no closure). */
static Fixture *mapped_fixture;
/* The thread that runs the tests and iterates the main context. */
static GThread *test_thread;

typedef struct
{
  gboolean  done;
  gpointer  value;
  gboolean  ok;
  gboolean  available;
  GError   *error;
} Result;

static void
set_body (SoupServerMessage *msg,
          guint              status,
          const char        *type,
          const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
serve_list (Fixture           *f,
            SoupServerMessage *msg,
            GHashTable        *query,
            gboolean           enterprise)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *page_text = query ? g_hash_table_lookup (query, "page") : NULL;
  guint64 page = 1;
  guint n = f->members->len;
  guint pages = MAX (1, (n + 99) / 100);
  g_autoptr(GString) out = g_string_new ("[");
  guint first;
  g_autofree char *value = NULL;

  if (page_text != NULL)
    g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXUINT32, &page, NULL);
  if (f->ignore_page)
    page = 1;

  first = (page - 1) * 100;
  for (guint i = first; i < n && i < first + 100; i++)
    {
      gint64 id = g_array_index (f->members, gint64, i);

      if (i > first)
        g_string_append_c (out, ',');
      if (enterprise)
        g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"username\":\"user%" G_GINT64_FORMAT "\","
                                "\"email\":\"u%" G_GINT64_FORMAT "@acme.example\",\"identities\":[],"
                                "\"scim_identities\":[]}", id, id, id);
      else
        g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"username\":\"user%" G_GINT64_FORMAT "\","
                                "\"name\":\"User %" G_GINT64_FORMAT "\",\"state\":\"active\",\"access_level\":30,"
                                "\"is_using_seat\":true,\"membership_state\":\"active\"}", id, id, id);
    }
  g_string_append_c (out, ']');
  if (page == f->bad_member_page && out->len > 2)
    g_string_insert (out, 1, enterprise ? "{\"id\":5,\"username\":\"bad\",\"scim_identities\":[{\"extern_uid\":\"\"}]},"
                                        : "{\"id\":5,\"username\":\"bad\",\"access_level\":\"Guest\"},");
  if (page == f->broken_page)
    g_string_truncate (out, out->len / 2);

  value = g_strdup_printf ("%" G_GUINT64_FORMAT, page);
  soup_message_headers_replace (headers, "x-page", value);
  soup_message_headers_replace (headers, "x-per-page", "100");
  g_free (value);
  value = page < pages ? g_strdup_printf ("%" G_GUINT64_FORMAT, page + 1) : g_strdup ("");
  soup_message_headers_replace (headers, "x-next-page", value);
  if (f->totals)
    {
      g_autofree char *total = g_strdup_printf ("%u", n);
      g_autofree char *total_pages = g_strdup_printf ("%u", pages);

      soup_message_headers_replace (headers, "x-total", total);
      soup_message_headers_replace (headers, "x-total-pages", total_pages);
    }
  if (page < pages)
    {
      g_autofree char *link = g_strdup_printf ("<%s/api/v4/groups/%d/members?page=%" G_GUINT64_FORMAT
                                               "&per_page=100>; rel=\"next\"", f->url, GROUP_ID, page + 1);

      soup_message_headers_replace (headers, "link", link);
    }

  set_body (msg, 200, "application/json", out->str);
}

static void
mutate (Fixture *f)
{
  if (f->remove_after > 0 && f->requests == (guint) f->remove_after)
    for (guint i = 0; i < f->members->len; i++)
      if (g_array_index (f->members, gint64, i) == f->remove_id)
        {
          g_array_remove_index (f->members, i);
          break;
        }
  if ((f->add_after > 0 && f->requests == (guint) f->add_after) || f->add_every)
    {
      gint64 id = f->add_every ? 900000 + f->requests : f->add_id;

      if (f->add_front)
        g_array_prepend_val (f->members, id);
      else
        g_array_append_val (f->members, id);
    }
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *members = g_strdup_printf ("/api/v4/groups/%d/members", GROUP_ID);
  g_autofree char *enterprise = g_strdup_printf ("/api/v4/groups/%d/enterprise_users", GROUP_ID);

  f->requests++;

  if (f->throttle > 0)
    {
      f->throttle--;
      set_body (msg, 429, "text/plain", "Retry later");
      return;
    }
  if (f->html)
    set_body (msg, 200, "text/html", "<!DOCTYPE html><html><title>Sign in</title></html>");
  else if (f->bad_json)
    set_body (msg, 200, "application/json", "[{\"id\":\"seven\",\"username\":\"x\",\"access_level\":30}]");
  else if (strcmp (path, members) == 0)
    {
      if (f->pause_later && f->requests > 1)
        {
          soup_server_message_pause (msg);
          g_ptr_array_add (f->paused, msg);
          return;
        }
      serve_list (f, msg, query, FALSE);
    }
  else if (strcmp (path, enterprise) == 0)
    {
      if (f->enterprise_mode == 0)
        set_body (msg, 404, "application/json", "{\"error\":\"404 Not Found\"}");
      else if (f->enterprise_mode == 1)
        set_body (msg, 404, "application/json", "{\"message\":\"404 Group Not Found\"}");
      else
        serve_list (f, msg, query, TRUE);
    }
  else
    set_body (msg, 404, "application/json", "{\"error\":\"404 Not Found\"}");

  mutate (f);
}

static guint
listening_port (SoupServer *server)
{
  g_autoptr(GSList) listeners = soup_server_get_listeners (server);
  g_autoptr(GSocketAddress) address = NULL;

  address = g_socket_get_local_address (listeners->data, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static void
fill (Fixture *f,
      guint    n)
{
  g_array_set_size (f->members, 0);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = 1000 + i;

      g_array_append_val (f->members, id);
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  f->mapped = data != NULL;
  f->members = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->totals = TRUE;
  f->paused = g_ptr_array_new ();
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_listen (f->server, address, 0, &error);
  g_assert_no_error (error);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", listening_port (f->server));

  f->log = roster_request_log_new (100);
  f->http = roster_http_new (f->url, f->log, &error);
  g_assert_no_error (error);
  roster_http_set_token (f->http, ROSTER_TOKEN_API, "test-api-token");
  roster_http_set_retry_policy (f->http, 2, 10, 1000);
  f->client = roster_gitlab_client_new (f->http);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  /* A worker thread may drop its last reference to a task (and so to the
   * client) just after the task's callback ran here. */
  roster_test_finalize_eventually (g_steal_pointer (&f->client));
  roster_test_finalize_eventually (g_steal_pointer (&f->http));

  for (guint i = 0; i < f->paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (f->paused, i));
  soup_server_disconnect (f->server);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&f->server));
  g_assert_finalize_object (g_steal_pointer (&f->log));
  g_clear_pointer (&f->members, g_array_unref);
  g_clear_pointer (&f->paused, g_ptr_array_unref);
  g_clear_pointer (&f->url, g_free);
  /* Every mapped item was freed exactly once. */
  g_assert_cmpint (g_atomic_int_get (&f->mapped_alive), ==, 0);
  mapped_fixture = NULL;
}

static void
members_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->value = roster_gitlab_client_list_members_finish (ROSTER_GITLAB_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

/* The map keeps its own reference, and counts what is alive. It runs in
 * worker threads, never in the test's thread, which iterates the main
 * context; what it made is freed in that one. */

static gpointer
map_member (gconstpointer item,
            gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_true (g_thread_self () != test_thread);
  g_atomic_int_inc (&f->mapped_alive);
  g_atomic_int_inc (&f->mapped_made);
  return roster_gitlab_member_ref ((RosterGitlabMember *) item);
}

static void
mapped_free (gpointer item)
{
  g_assert_true (g_thread_self () == test_thread);
  g_assert_cmpint (g_atomic_int_get (&mapped_fixture->mapped_alive), >, 0);
  g_atomic_int_add (&mapped_fixture->mapped_alive, -1);
  roster_gitlab_member_unref (item);
}

static GPtrArray *
list_members (Fixture  *f,
              GError  **error)
{
  Result r = { 0 };

  if (f->mapped)
    {
      mapped_fixture = f;
      roster_gitlab_client_list_members_mapped_async (f->client, GROUP_ID, map_member, f, mapped_free,
                                                      NULL, NULL, NULL, NULL, members_cb, &r);
    }
  else
    roster_gitlab_client_list_members_async (f->client, GROUP_ID, NULL, NULL, NULL, NULL, members_cb,
                                             &r);
  roster_test_wait_for (&r.done, 60000);
  /* Only what is returned is still alive: duplicates, pages past the end
   * and earlier attempts were freed, and each item was mapped once. */
  if (f->mapped)
    {
      g_assert_cmpuint (g_atomic_int_get (&f->mapped_alive), ==,
                        r.value != NULL ? ((GPtrArray *) r.value)->len : 0);
      g_assert_cmpint (g_atomic_int_get (&f->mapped_made), >=, g_atomic_int_get (&f->mapped_alive));
    }
  if (r.error)
    g_propagate_error (error, r.error);
  return r.value;
}

/* The list holds exactly the server's current members, each once. */
static void
assert_same_members (Fixture   *f,
                     GPtrArray *list)
{
  g_autoptr(GHashTable) expected = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < f->members->len; i++)
    g_hash_table_add (expected, &g_array_index (f->members, gint64, i));

  g_assert_cmpuint (list->len, ==, f->members->len);
  for (guint i = 0; i < list->len; i++)
    {
      RosterGitlabMember *member = g_ptr_array_index (list, i);

      g_assert_true (g_hash_table_remove (expected, &member->id));
    }
  g_assert_cmpuint (g_hash_table_size (expected), ==, 0);
}

static void
test_exactly_100 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 100);
  list = list_members (f, &error);
  g_assert_no_error (error);
  assert_same_members (f, list);
  g_assert_cmpuint (f->requests, ==, 1);
  g_assert_true (((RosterGitlabMember *) g_ptr_array_index (list, 0))->has_seat_info);
}

static void
test_101 (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 101);
  list = list_members (f, &error);
  g_assert_no_error (error);
  assert_same_members (f, list);
  g_assert_cmpuint (f->requests, ==, 2);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 0);
  list = list_members (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpuint (f->requests, ==, 1);
}

static void
test_no_totals (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  guint window = roster_http_get_max_concurrent (f->http);

  /* Above 10 000 GitLab sends no totals: windows of pages until the end. */
  fill (f, 10001);
  f->totals = FALSE;
  list = list_members (f, &error);
  g_assert_no_error (error);
  assert_same_members (f, list);
  g_assert_cmpuint (f->requests, >=, 101);
  g_assert_cmpuint (f->requests, <=, 101 + window);
}

static void
test_no_totals_exact_end (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  /* A full last page: the end is seen from x-next-page, or an empty page. */
  fill (f, 300);
  f->totals = FALSE;
  list = list_members (f, &error);
  g_assert_no_error (error);
  assert_same_members (f, list);
}

static void
test_removed_between_pages (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  /* Member 1005 (on page 1) leaves right after page 1 was served: page 2
   * shifts by one, and the first member of the old page 2 would be lost. */
  fill (f, 250);
  f->remove_after = 1;
  f->remove_id = 1005;
  list = list_members (f, &error);
  g_assert_no_error (error);
  assert_same_members (f, list);
  g_assert_cmpuint (f->members->len, ==, 249);
  /* Read twice: three pages, then three again. */
  g_assert_cmpuint (f->requests, ==, 6);
}

static void
test_added_between_pages (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 250);
  f->add_after = 2;
  f->add_id = 5555;
  list = list_members (f, &error);
  g_assert_no_error (error);
  assert_same_members (f, list);
  g_assert_cmpuint (f->members->len, ==, 251);
  g_assert_cmpuint (f->requests, ==, 6);
}

static void
test_added_no_totals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);

  /* Without totals, additions still give no duplicates. */
  fill (f, 250);
  f->totals = FALSE;
  /* At the front, after page 1: every later page repeats one member. */
  f->add_after = 1;
  f->add_id = 7777;
  f->add_front = TRUE;
  list = list_members (f, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    g_assert_true (g_hash_table_add (ids, &((RosterGitlabMember *) g_ptr_array_index (list, i))->id));
  /* Everyone who was there before the load is there. */
  for (guint i = 1; i < f->members->len; i++)
    g_assert_true (g_hash_table_contains (ids, &g_array_index (f->members, gint64, i)));
}

static void
test_always_changing (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 150);
  f->add_every = TRUE;
  list = list_members (f, &error);
  g_assert_null (list);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_CHANGED_ON_SERVER);
  g_assert_cmpuint (f->requests, ==, 6);
}

static void
test_ignores_page (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 250);
  f->ignore_page = TRUE;
  list = list_members (f, &error);
  g_assert_null (list);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "“page”"));
}

static void
test_throttled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  /* 429 without Retry-After: RosterHttp backs off and tries again. */
  fill (f, 150);
  f->throttle = 1;
  list = list_members (f, &error);
  g_assert_no_error (error);
  assert_same_members (f, list);
  g_assert_cmpuint (f->requests, ==, 3);

  /* Still throttled after every attempt: a RATE_LIMITED error, not JSON
   * parsing of "Retry later". */
  g_clear_pointer (&list, g_ptr_array_unref);
  f->throttle = 100;
  list = list_members (f, &error);
  g_assert_null (list);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_RATE_LIMITED);
}

static void
test_html (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 3);
  f->html = TRUE;
  list = list_members (f, &error);
  g_assert_null (list);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "text/html"));
}

static void
test_bad_json (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 3);
  f->bad_json = TRUE;
  list = list_members (f, &error);
  g_assert_null (list);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "(item 1: id is not a number)"));
}

/* Pages are read in worker threads: a page that fails there fails the
 * listing as one that fails on arrival does, and the pages read meanwhile
 * are dropped. */
static void
test_broken_later_page (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 1000);
  f->broken_page = 4;
  list = list_members (f, &error);
  g_assert_null (list);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
}

static void
test_bad_member_later_page (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 1000);
  f->totals = FALSE;
  f->bad_member_page = 7;
  list = list_members (f, &error);
  g_assert_null (list);
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "(item 1: access_level is not a number)"));
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

  fill (f, 1000);
  f->pause_later = TRUE;
  if (f->mapped)
    {
      mapped_fixture = f;
      roster_gitlab_client_list_members_mapped_async (f->client, GROUP_ID, map_member, f, mapped_free,
                                                      cancel_on_progress, g_object_ref (cancellable),
                                                      g_object_unref, cancellable, members_cb, &r);
    }
  else
    roster_gitlab_client_list_members_async (f->client, GROUP_ID, cancel_on_progress,
                                             g_object_ref (cancellable), g_object_unref,
                                             cancellable, members_cb, &r);
  roster_test_wait_for (&r.done, 30000);
  g_assert_cmpint (g_atomic_int_get (&f->mapped_alive), ==, 0);
  g_assert_null (r.value);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
  g_clear_error (&r.error);
}

static void
enterprise_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *r = user_data;

  r->value = roster_gitlab_client_list_enterprise_users_finish (ROSTER_GITLAB_CLIENT (object), result,
                                                               &r->available, &r->error);
  r->done = TRUE;
}

static void
test_enterprise_detection (Fixture       *f,
                           gconstpointer  data)
{
  Result r = { 0 };
  g_autoptr(GPtrArray) users = NULL;

  fill (f, 120);

  /* GitLab before 17.7: unknown route → not available, no error. */
  f->enterprise_mode = 0;
  roster_gitlab_client_list_enterprise_users_async (f->client, GROUP_ID, NULL, NULL, NULL, NULL,
                                                    enterprise_cb, &r);
  roster_test_wait_for (&r.done, 30000);
  g_assert_no_error (r.error);
  g_assert_null (r.value);
  g_assert_false (r.available);

  /* The group itself is missing: a real error. */
  memset (&r, 0, sizeof r);
  f->enterprise_mode = 1;
  roster_gitlab_client_list_enterprise_users_async (f->client, GROUP_ID, NULL, NULL, NULL, NULL,
                                                    enterprise_cb, &r);
  roster_test_wait_for (&r.done, 30000);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
  g_assert_true (r.available);
  g_clear_error (&r.error);

  /* 17.7+: paged like members. */
  memset (&r, 0, sizeof r);
  f->enterprise_mode = 2;
  roster_gitlab_client_list_enterprise_users_async (f->client, GROUP_ID, NULL, NULL, NULL, NULL,
                                                    enterprise_cb, &r);
  roster_test_wait_for (&r.done, 30000);
  g_assert_no_error (r.error);
  g_assert_true (r.available);
  users = r.value;
  g_assert_cmpuint (users->len, ==, 120);
  g_assert_cmpstr (((RosterGitlabEnterpriseUser *) g_ptr_array_index (users, 0))->email, ==,
                   "u1000@acme.example");
}

static void
list_enterprise_users (Fixture  *f,
                       Result   *r,
                       gboolean  mapped)
{
  RosterEnterpriseRecords *records = mapped ? roster_enterprise_records_new () : NULL;

  memset (r, 0, sizeof *r);
  if (mapped)
    roster_gitlab_client_list_enterprise_users_mapped_async (f->client, GROUP_ID, roster_enterprise_records_map,
                                                             records, NULL, NULL, NULL, NULL, NULL,
                                                             enterprise_cb, r);
  else
    roster_gitlab_client_list_enterprise_users_async (f->client, GROUP_ID, NULL, NULL, NULL, NULL,
                                                      enterprise_cb, r);
  roster_test_wait_for (&r->done, 30000);

  /* Read into the snapshot's records, in worker threads: every user, in
   * the listing's order, with what the snapshot keeps of each. The records
   * own them: the array frees nothing. */
  if (mapped && r->value != NULL)
    {
      GPtrArray *users = r->value;

      for (guint i = 0; i < users->len; i++)
        {
          const RosterUserInput *u = g_ptr_array_index (users, i);
          g_autofree char *username = g_strdup_printf ("user%u", 1000 + i);

          g_assert_cmpint (u->user_id, ==, 1000 + i);
          g_assert_cmpstr (u->username, ==, username);
        }
    }
  roster_enterprise_records_free (records);
}

/* Enterprise users are read in worker threads too, by their own reader:
 * every page, and a broken page or a bad user on a later page fails the
 * listing with the reader's message. */
static void
test_enterprise_pages (Fixture       *f,
                       gconstpointer  data)
{
  for (guint mapped = 0; mapped < 2; mapped++)
    {
      Result r;

      fill (f, 1000);
      f->enterprise_mode = 2;
      f->broken_page = 0;
      f->bad_member_page = 0;
      f->totals = TRUE;
      list_enterprise_users (f, &r, mapped);
      g_assert_no_error (r.error);
      g_assert_true (r.available);
      g_assert_cmpuint (((GPtrArray *) r.value)->len, ==, 1000);
      g_clear_pointer (&r.value, g_ptr_array_unref);

      f->broken_page = 4;
      list_enterprise_users (f, &r, mapped);
      g_assert_null (r.value);
      g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (r.error->message, "not valid JSON"));
      /* Where, as the one-pass reader says it (json-glib's tree would not). */
      g_assert_nonnull (strstr (r.error->message, "(line 1, column "));
      g_clear_error (&r.error);

      f->broken_page = 0;
      f->totals = FALSE;
      f->bad_member_page = 7;
      list_enterprise_users (f, &r, mapped);
      g_assert_null (r.value);
      g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (r.error->message, "enterprise users"));
      g_assert_nonnull (strstr (r.error->message, "(item 1: scim_identities[0].extern_uid is empty)"));
      g_clear_error (&r.error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_thread = g_thread_self ();

#define ADD(path, func) \
  g_test_add ("/roster/gitlab-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("members/exactly-100", test_exactly_100);
  ADD ("members/101", test_101);
  ADD ("members/empty", test_empty);
  ADD ("members/no-totals-10001", test_no_totals);
  ADD ("members/no-totals-exact-end", test_no_totals_exact_end);
  ADD ("members/removed-between-pages", test_removed_between_pages);
  ADD ("members/added-between-pages", test_added_between_pages);
  ADD ("members/added-no-totals", test_added_no_totals);
  ADD ("members/always-changing", test_always_changing);
  ADD ("members/ignores-page", test_ignores_page);
  ADD ("members/html", test_html);
  ADD ("members/throttled", test_throttled);
  ADD ("members/bad-json", test_bad_json);
  ADD ("members/broken-later-page", test_broken_later_page);
  ADD ("members/bad-member-later-page", test_bad_member_later_page);
  ADD ("members/cancel", test_cancel);
  ADD ("enterprise/detection", test_enterprise_detection);
  ADD ("enterprise/pages", test_enterprise_pages);

  /* The same guarantees when each page is mapped as it arrives. */
#define ADD_MAPPED(path, func) \
  g_test_add ("/roster/gitlab-client/mapped/" path, Fixture, GINT_TO_POINTER (1), fixture_setup, func, \
              fixture_teardown)

  ADD_MAPPED ("exactly-100", test_exactly_100);
  ADD_MAPPED ("101", test_101);
  ADD_MAPPED ("empty", test_empty);
  ADD_MAPPED ("no-totals-10001", test_no_totals);
  ADD_MAPPED ("no-totals-exact-end", test_no_totals_exact_end);
  ADD_MAPPED ("removed-between-pages", test_removed_between_pages);
  ADD_MAPPED ("added-between-pages", test_added_between_pages);
  ADD_MAPPED ("added-no-totals", test_added_no_totals);
  ADD_MAPPED ("always-changing", test_always_changing);
  ADD_MAPPED ("ignores-page", test_ignores_page);
  ADD_MAPPED ("bad-json", test_bad_json);
  ADD_MAPPED ("broken-later-page", test_broken_later_page);
  ADD_MAPPED ("bad-member-later-page", test_bad_member_later_page);
  ADD_MAPPED ("cancel", test_cancel);

#undef ADD_MAPPED

#undef ADD

  return g_test_run ();
}
