/* sandbox-bench.c: how fast roster-sandbox generates and serves a big world.
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built, not run by meson test (timings are not assertions):
 *   _build/tests/bench/sandbox-bench [N]        (default 100000 users)
 * Prints the generation time, then for SCIM and REST pages of 100 the
 * server-side time per request (inside the handler, without HTTP I/O) and
 * the round trip seen by an in-process libsoup client. */
#define G_LOG_DOMAIN "sandbox-bench"

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "roster-sandbox-private.h"
#include "roster-sandbox-worlds.h"

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Pending;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &pending->error);
  pending->done = TRUE;
}

static gsize
fetch (SoupSession   *session,
       RosterSandbox *sandbox,
       const char    *path,
       const char    *header,
       const char    *token)
{
  g_autofree char *url = g_strconcat (roster_sandbox_get_url (sandbox), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Pending pending = { NULL, NULL, FALSE };
  gsize size;

  soup_message_headers_replace (soup_message_get_request_headers (msg), header, token);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &pending);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);
  if (pending.error)
    g_error ("%s: %s", path, pending.error->message);
  if (soup_message_get_status (msg) != 200)
    g_error ("%s: status %u", path, soup_message_get_status (msg));
  size = g_bytes_get_size (pending.body);
  g_bytes_unref (pending.body);
  return size;
}

/* Fetches pages path_prefix + start + path_suffix for 200 starts spread
 * over the list, prints the figures. */
static void
measure (SoupSession   *session,
         RosterSandbox *sandbox,
         const char    *label,
         const char    *path_prefix,
         const char    *path_suffix,
         guint          n_items,
         gboolean       one_based_items,
         const char    *header,
         const char    *token)
{
  guint n_pages = 200;
  guint64 n_handled = 0;
  gint64 total = 0, max = 0;
  gint64 start = 0;
  gsize bytes = 0;

  /* Warm up (and compact lists after mutations) outside the figures. */
  {
    g_autofree char *path = g_strdup_printf ("%s1%s", path_prefix, path_suffix);

    fetch (session, sandbox, path, header, token);
  }

  _roster_sandbox_reset_handler_stats (sandbox);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_pages; i++)
    {
      /* Pages spread over the whole list, the last one included. */
      guint page_index = (guint) (((guint64) i * (n_items / 100)) / (n_pages - 1));
      guint value = one_based_items ? page_index * 100 + 1 : page_index + 1;
      g_autofree char *path = g_strdup_printf ("%s%u%s", path_prefix, value, path_suffix);

      bytes += fetch (session, sandbox, path, header, token);
    }
  _roster_sandbox_get_handler_stats (sandbox, &n_handled, &total, &max);

  g_print ("%-36s server %6.1f us CPU/page (max %5" G_GINT64_FORMAT "), round trip %6.1f us/page, %5zu bytes/page\n",
           label, (double) total / n_handled, max,
           (double) (g_get_monotonic_time () - start) / n_pages, bytes / n_pages);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  g_autoptr(RosterSandbox) sandbox = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  RosterWorld *world;
  RosterWorldGroup *group;
  gint64 start;
  guint n_scim, n_members;
  double generate_ms, generate_cpu_ms;
  clock_t cpu_start;

  start = g_get_monotonic_time ();
  cpu_start = clock ();
  world = _roster_world_new_generated (n, 1, 0.1, NULL);
  generate_ms = (g_get_monotonic_time () - start) / 1000.0;
  generate_cpu_ms = (clock () - cpu_start) * 1000.0 / CLOCKS_PER_SEC;
  sandbox = _roster_sandbox_new_for_world (world);
  group = roster_world_lookup_group (world, ROSTER_SANDBOX_DEFAULT_GROUP_ID);
  n_scim = roster_world_group_get_n_scim_identities (world, group);
  n_members = roster_world_group_get_n_members (world, group);

  g_print ("generated %u users (%u SCIM identities, %u members) in %.0f ms (%.0f ms CPU)\n",
           roster_world_get_n_users (world), n_scim, n_members, generate_ms, generate_cpu_ms);

  if (!roster_sandbox_listen (sandbox, 0, NULL, &error))
    g_error ("%s", error->message);

  measure (session, sandbox, "SCIM GET /Users count=100",
           "/api/scim/v2/groups/acme-corp/Users?count=100&startIndex=", "", n_scim, TRUE,
           "Authorization", "Bearer " ROSTER_SANDBOX_DEFAULT_SCIM_TOKEN);

  /* A mutation between pages makes the next read compact the list once. */
  {
    RosterWorldScimIdentity *identity = roster_world_group_get_scim_identity (world, group, 10);

    cpu_start = clock ();
    roster_world_remove_scim_identity (world, identity);
    roster_world_group_get_scim_identity (world, group, 0);
    g_print ("%-34s %.1f us CPU\n", "removal + compaction of the list",
             (clock () - cpu_start) * 1e6 / CLOCKS_PER_SEC);
    n_scim--;
  }

  measure (session, sandbox, "SCIM GET /Users filter=userName eq",
           "/api/scim/v2/groups/acme-corp/Users?filter=userName%20eq%20%22user", "%22", 100, TRUE,
           "Authorization", "Bearer " ROSTER_SANDBOX_DEFAULT_SCIM_TOKEN);

  measure (session, sandbox, "REST GET /members per_page=100",
           "/api/v4/groups/4242/members?per_page=100&page=", "", n_members, FALSE,
           "PRIVATE-TOKEN", ROSTER_SANDBOX_DEFAULT_API_TOKEN);

  soup_session_abort (session);
  roster_sandbox_stop (sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return 0;
}
