/* bench-sandbox-rest.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libsoup/soup.h>

#include "roster-sandbox-private.h"

/* How much server work a REST request costs in a big world.
 *
 *   bench-sandbox-rest [N_USERS] [N_REQUESTS]     (defaults 100000, 200)
 *
 * Not a meson test (no timing assertions in tests). Server work is measured
 * on the server's side of a real HTTP exchange on 127.0.0.1: from
 * SoupServer::request-read (the request is parsed; the handler runs next) to
 * the message's wrote-headers (the handler returned and the status line and
 * headers went to the socket), so it includes the handler, libsoup's header
 * writing and one write(2); the body is written after. The client's round
 * trip (send to body read) is reported too. */

typedef struct
{
  GHashTable *started;   /* SoupServerMessage → gint64 start (µs) */
  GArray     *samples;   /* double, µs */
} Timing;

static void
wrote_headers_cb (SoupServerMessage *msg,
                  Timing            *timing)
{
  gpointer start = g_hash_table_lookup (timing->started, msg);
  double elapsed;

  if (!start)
    return;
  elapsed = (double) (g_get_monotonic_time () - GPOINTER_TO_SIZE (start));
  g_array_append_val (timing->samples, elapsed);
  g_hash_table_remove (timing->started, msg);
}

static void
request_read_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 Timing            *timing)
{
  g_hash_table_insert (timing->started, msg, GSIZE_TO_POINTER (g_get_monotonic_time ()));
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), timing);
}

typedef struct
{
  gboolean done;
  GBytes  *body;
} Pending;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (error)
    g_error ("request failed: %s", error->message);
  pending->done = TRUE;
}

/* GET url; returns the body size, adds the round trip to round_trips. */
static gsize
fetch (SoupSession *session,
       const char  *url,
       GArray      *round_trips,
       guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Pending pending = { 0 };
  gint64 start = g_get_monotonic_time ();
  double elapsed;
  gsize size;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "PRIVATE-TOKEN",
                                "sandbox-api-token");
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &pending);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);
  elapsed = (double) (g_get_monotonic_time () - start);
  g_array_append_val (round_trips, elapsed);
  *status = soup_message_get_status (msg);
  size = g_bytes_get_size (pending.body);
  g_bytes_unref (pending.body);
  return size;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            double  p)
{
  guint index;

  g_array_sort (samples, compare_doubles);
  index = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, index);
}

static void
run_case (SoupSession *session,
          const char  *base,
          Timing      *timing,
          const char  *label,
          const char  *path_prefix,
          guint        n_requests,
          guint        n_pages)
{
  g_autoptr(GArray) round_trips = g_array_new (FALSE, FALSE, sizeof (double));
  GRand *rand = g_rand_new_with_seed (42);
  gsize bytes = 0;
  guint status = 0;

  g_array_set_size (timing->samples, 0);
  for (guint i = 0; i < n_requests; i++)
    {
      guint page = n_pages > 1 ? (guint) g_rand_int_range (rand, 1, (gint32) n_pages + 1) : 1;
      g_autofree char *path = g_strdup_printf ("%s%u", path_prefix, page);
      g_autofree char *url = g_strconcat (base, path, NULL);

      bytes += fetch (session, url, round_trips, &status);
      if (status != 200)
        g_error ("%s: status %u", url, status);
    }
  g_rand_free (rand);

  printf ("%-44s server median %8.1f µs  p95 %8.1f µs  max %8.1f µs | round trip median %8.1f µs | %7.1f KiB/response\n",
          label, percentile (timing->samples, 0.5), percentile (timing->samples, 0.95),
          percentile (timing->samples, 1.0), percentile (round_trips, 0.5),
          bytes / 1024.0 / n_requests);
}

int
main (int   argc,
      char *argv[])
{
  guint n_users = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  guint n_requests = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 200;
  g_autoptr(RosterSandbox) sandbox = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  RosterWorld *world;
  RosterWorldGroup *group;
  Timing timing = { 0 };
  GSList *listeners;
  gint64 start;
  guint n_members, n_pages;

  start = g_get_monotonic_time ();
  sandbox = roster_sandbox_new_generated (n_users, 1, 0.1);
  world = _roster_sandbox_get_world (sandbox);
  group = roster_world_lookup_group (world, roster_sandbox_get_group_id (sandbox));
  n_members = roster_world_group_get_n_members (world, group);
  printf ("world: %u users, %u members, %u SCIM and %u SAML identities, %u enterprise users; "
          "built in %.2f s\n",
          roster_world_get_n_users (world), n_members,
          roster_world_group_get_n_scim_identities (world, group),
          roster_world_group_get_n_saml_identities (world, group),
          roster_world_group_get_n_enterprise_users (world, group),
          (g_get_monotonic_time () - start) / 1e6);

  /* The sandbox's REST handlers on a server of our own, to time them. */
  server = soup_server_new (NULL, NULL);
  _roster_sandbox_rest_install (sandbox, server);
  timing.started = g_hash_table_new (NULL, NULL);
  timing.samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect (server, "request-read", G_CALLBACK (request_read_cb), &timing);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  if (!soup_server_listen (server, address, 0, &error))
    g_error ("listen: %s", error->message);
  listeners = soup_server_get_listeners (server);
  local = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  base = g_strdup_printf ("http://127.0.0.1:%u/api/v4/groups/%" G_GINT64_FORMAT,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)),
                          roster_sandbox_get_group_id (sandbox));
  session = soup_session_new ();

  n_pages = (n_members + 99) / 100;
  printf ("%u requests per case, pages picked at random\n", n_requests);
  run_case (session, base, &timing, "members page of 100 (show_seat_info)",
            "/members?per_page=100&show_seat_info=true&page=", n_requests, n_pages);
  run_case (session, base, &timing, "members/all page of 100",
            "/members/all?per_page=100&page=", n_requests, n_pages);
  run_case (session, base, &timing, "members page of 20 (defaults)",
            "/members?page=", n_requests, n_pages * 5);
  run_case (session, base, &timing, "members user_ids[] (3 ids, indexed)",
            "/members?user_ids[]=7101&user_ids[]=7102&user_ids[]=7103&x=", n_requests, 1);
  run_case (session, base, &timing, "enterprise_users page of 100",
            "/enterprise_users?per_page=100&page=", n_requests,
            (roster_world_group_get_n_enterprise_users (world, group) + 99) / 100);
  run_case (session, base, &timing, "members query=turing (scans)",
            "/members?per_page=100&query=turing&page=", MIN (n_requests, 20u), 1);
  run_case (session, base, &timing, "scim/identities (whole list)",
            "/scim/identities?x=", MIN (n_requests, 20u), 1);
  run_case (session, base, &timing, "saml/identities (whole list)",
            "/saml/identities?x=", MIN (n_requests, 20u), 1);

  soup_session_abort (session);
  soup_server_disconnect (server);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_hash_table_unref (timing.started);
  g_array_unref (timing.samples);
  return 0;
}
