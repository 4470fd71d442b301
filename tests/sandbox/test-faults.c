/* test-faults.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-faults"

#include "config.h"

#include <string.h>

#include "roster-test-utils.h"
#include "roster-sandbox-worlds.h"
#include "sandbox-test-http.h"

/* The fault layer every handler goes through (gitlab-api.md §5): rate
 * limits with GitLab's headers, 502/503, latency without blocking. */

#define TOKEN ROSTER_SANDBOX_DEFAULT_SCIM_TOKEN
#define USERS "/api/scim/v2/groups/acme-corp/Users?count=1"

typedef struct
{
  RosterSandbox *sandbox;
  SoupSession   *session;
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
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_shutdown (fixture->session, fixture->sandbox);
  g_clear_object (&fixture->session);
  g_assert_finalize_object (g_steal_pointer (&fixture->sandbox));
}

static gint64
header_int (TestResponse *response,
            const char   *name)
{
  const char *value = soup_message_headers_get_one (response->headers, name);
  gint64 number = -1;

  g_assert_nonnull (value);
  g_assert_true (g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &number, NULL));
  return number;
}

static void
test_rate_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  TestResponse *response;
  g_autoptr(GDateTime) reset_time = NULL;
  gsize size;
  const char *body;

  roster_sandbox_set_rate_limit (fixture->sandbox, 3);

  for (guint i = 1; i <= 3; i++)
    {
      response = test_request (fixture->session, fixture->sandbox, "GET", USERS, TOKEN, NULL, NULL);
      g_assert_cmpuint (response->status, ==, 200);
      /* Informational headers on ordinary answers. */
      g_assert_cmpint (header_int (response, "RateLimit-Limit"), ==, 3);
      g_assert_cmpint (header_int (response, "RateLimit-Observed"), ==, i);
      g_assert_cmpint (header_int (response, "RateLimit-Remaining"), ==, 3 - i);
      g_assert_cmpint (header_int (response, "RateLimit-Reset"), >=, now);
      /* SCIM tokens are no user tokens: the unauthenticated throttle. */
      g_assert_cmpstr (soup_message_headers_get_one (response->headers, "RateLimit-Name"), ==,
                       "throttle_unauthenticated_api");
      g_assert_null (soup_message_headers_get_one (response->headers, "Retry-After"));
      test_response_free (response);
    }

  response = test_request (fixture->session, fixture->sandbox, "GET", USERS, TOKEN, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 429);
  g_assert_cmpstr (response->content_type, ==, "text/plain");
  g_assert_null (response->json);
  body = g_bytes_get_data (response->body, &size);
  g_assert_cmpmem (body, size, "Retry later\n", 12);
  g_assert_cmpint (header_int (response, "Retry-After"), >=, 1);
  g_assert_cmpint (header_int (response, "Retry-After"), <=, 60);
  g_assert_cmpint (header_int (response, "RateLimit-Remaining"), ==, 0);
  g_assert_cmpint (header_int (response, "RateLimit-Observed"), ==, 4);
  reset_time = soup_date_time_new_from_http_string (
    soup_message_headers_get_one (response->headers, "RateLimit-ResetTime"));
  g_assert_nonnull (reset_time);
  g_assert_cmpint (g_date_time_to_unix (reset_time), ==, header_int (response, "RateLimit-Reset"));
  test_response_free (response);

  /* An API token counts as authenticated traffic. */
  response = test_request (fixture->session, fixture->sandbox, "GET", "/api/v4/groups/4242",
                           ROSTER_SANDBOX_DEFAULT_API_TOKEN, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 429);
  test_response_free (response);

  /* Switching the limit off lets everything through, without headers. */
  roster_sandbox_set_rate_limit (fixture->sandbox, 0);
  response = test_request (fixture->session, fixture->sandbox, "GET", USERS, TOKEN, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (response->headers, "RateLimit-Limit"));
  test_response_free (response);
}

static GArray *
status_sequence (Fixture *fixture,
                 guint32  seed,
                 guint    n)
{
  GArray *statuses = g_array_new (FALSE, FALSE, sizeof (guint));

  roster_sandbox_set_fail_rate (fixture->sandbox, 0.5);
  roster_sandbox_set_fail_seed (fixture->sandbox, seed);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TestResponse) response = test_request (fixture->session, fixture->sandbox, "GET",
                                                       USERS, TOKEN, NULL, NULL);

      g_array_append_val (statuses, response->status);
      if (response->status != 200)
        {
          g_assert_true (response->status == 502 || response->status == 503);
          g_assert_cmpstr (response->content_type, ==, "text/html");
        }
    }
  return statuses;
}

static void
test_fail_rate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GArray) first = status_sequence (fixture, 42, 40);
  g_autoptr(GArray) second = status_sequence (fixture, 42, 40);
  g_autoptr(GArray) other = status_sequence (fixture, 43, 40);
  guint counts[3] = { 0, 0, 0 };

  /* Same seed, same faults. */
  g_assert_cmpmem (first->data, first->len * sizeof (guint), second->data, second->len * sizeof (guint));
  g_assert_false (memcmp (first->data, other->data, first->len * sizeof (guint)) == 0);

  for (guint i = 0; i < first->len; i++)
    {
      guint status = g_array_index (first, guint, i);

      counts[status == 200 ? 0 : status == 502 ? 1 : 2]++;
    }
  g_assert_cmpuint (counts[0], >, 0);
  g_assert_cmpuint (counts[1], >, 0);
  g_assert_cmpuint (counts[2], >, 0);

  /* Rate 1: everything fails; rate 0: nothing. */
  roster_sandbox_set_fail_rate (fixture->sandbox, 1.0);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TestResponse) response = test_request (fixture->session, fixture->sandbox, "GET",
                                                       USERS, TOKEN, NULL, NULL);

      g_assert_cmpuint (response->status, >=, 502);
    }
  roster_sandbox_set_fail_rate (fixture->sandbox, 0.0);
  {
    g_autoptr(TestResponse) response = test_request (fixture->session, fixture->sandbox, "GET",
                                                     USERS, TOKEN, NULL, NULL);

    g_assert_cmpuint (response->status, ==, 200);
  }
}

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
  gboolean  ticked_before;   /* the main loop ran while the answer was delayed */
  gboolean *ticked;
} Pending;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &pending->error);
  pending->ticked_before = *pending->ticked;
  pending->done = TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  gboolean *ticked = user_data;

  *ticked = TRUE;
  return G_SOURCE_REMOVE;
}

static SoupMessage *
scim_message (Fixture *fixture)
{
  g_autofree char *url = g_strconcat (roster_sandbox_get_url (fixture->sandbox), USERS, NULL);
  SoupMessage *msg = soup_message_new ("GET", url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer " TOKEN);
  return msg;
}

static void
test_latency (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SoupMessage) first = scim_message (fixture);
  g_autoptr(SoupMessage) second = scim_message (fixture);
  gboolean ticked = FALSE;
  Pending a = { NULL, NULL, FALSE, FALSE, &ticked };
  Pending b = { NULL, NULL, FALSE, FALSE, &ticked };

  roster_sandbox_set_latency_ms (fixture->sandbox, 400);

  /* Two delayed requests at once; a short timeout must fire while they
   * wait: the delay does not block the main loop. */
  soup_session_send_and_read_async (fixture->session, first, G_PRIORITY_DEFAULT, NULL, send_cb, &a);
  soup_session_send_and_read_async (fixture->session, second, G_PRIORITY_DEFAULT, NULL, send_cb, &b);
  g_timeout_add (20, tick_cb, &ticked);
  roster_test_wait_for (&a.done, 10000);
  roster_test_wait_for (&b.done, 10000);

  g_assert_no_error (a.error);
  g_assert_no_error (b.error);
  g_assert_true (a.ticked_before);
  g_assert_true (b.ticked_before);
  g_assert_cmpuint (soup_message_get_status (first), ==, 200);
  g_assert_cmpuint (soup_message_get_status (second), ==, 200);
  g_bytes_unref (a.body);
  g_bytes_unref (b.body);
}

static void
test_latency_cancelled (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = scim_message (fixture);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean ticked = FALSE;
  Pending pending = { NULL, NULL, FALSE, FALSE, &ticked };
  guint64 count = roster_sandbox_get_request_count (fixture->sandbox);

  roster_sandbox_set_latency_ms (fixture->sandbox, 300);
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    send_cb, &pending);

  /* Give up while the sandbox holds the request back. */
  while (roster_sandbox_get_request_count (fixture->sandbox) == count)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  roster_test_wait_for (&pending.done, 10000);
  g_assert_error (pending.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&pending.error);

  /* The sandbox carries on. */
  roster_sandbox_set_latency_ms (fixture->sandbox, 0);
  {
    g_autoptr(TestResponse) response = test_request (fixture->session, fixture->sandbox, "GET",
                                                     USERS, TOKEN, NULL, NULL);

    g_assert_cmpuint (response->status, ==, 200);
  }
}

static void
test_stop_while_delayed (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = scim_message (fixture);
  gboolean ticked = FALSE;
  Pending pending = { NULL, NULL, FALSE, FALSE, &ticked };
  guint64 count = roster_sandbox_get_request_count (fixture->sandbox);

  roster_sandbox_set_latency_ms (fixture->sandbox, 5000);
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    send_cb, &pending);
  while (roster_sandbox_get_request_count (fixture->sandbox) == count)
    g_main_context_iteration (NULL, TRUE);

  /* Stopping drops the held request: the client sees an error, not a hang. */
  roster_sandbox_stop (fixture->sandbox);
  roster_test_wait_for (&pending.done, 10000);
  g_assert_nonnull (pending.error);
  g_clear_error (&pending.error);
  g_clear_pointer (&pending.body, g_bytes_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/roster/sandbox-faults/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("rate-limit", test_rate_limit);
  ADD ("fail-rate", test_fail_rate);
  ADD ("latency", test_latency);
  ADD ("latency-cancelled", test_latency_cancelled);
  ADD ("stop-while-delayed", test_stop_while_delayed);

#undef ADD

  return g_test_run ();
}
