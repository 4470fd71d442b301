/* bench-member-reader.c: a page of group members, read two ways.
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built, not run by meson test (timings are not assertions):
 *   _build/tests/bench/bench-member-reader [N]    (default 10000 users)
 * Serves a generated world of N users from an in-process roster-sandbox,
 * fetches every page of `GET /groups/:id/members?per_page=100&show_seat_info=true`
 * as the client asks for it, then reads each page body 5 times with
 *   1. json-glib's tree + roster_gitlab_members_parse() (what RosterHttp
 *      and the client did before), and
 *   2. roster_member_reader_parse_list() (one pass, no tree),
 * then both again with a row made of each member
 * (roster_snapshot_member_row_new(), the map of the window and rosterctl),
 * and prints the CPU time per page of each (one thread, so the process's
 * CPU time is the reader's). Both must read the same number of members. */
#define G_LOG_DOMAIN "bench-member-reader"

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-gitlab-types.h"
#include "roster-member-reader.h"
#include "roster-sandbox.h"
#include "roster-snapshot.h"

#define ROUNDS 5

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

static GBytes *
fetch (SoupSession   *session,
       RosterSandbox *sandbox,
       guint          page)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v4/groups/%" G_GINT64_FORMAT "/members"
                                          "?per_page=100&page=%u&show_seat_info=true",
                                          roster_sandbox_get_url (sandbox),
                                          roster_sandbox_get_group_id (sandbox), page);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Pending pending = { NULL, NULL, FALSE };

  soup_message_headers_replace (soup_message_get_request_headers (msg), "PRIVATE-TOKEN",
                                roster_sandbox_get_api_token (sandbox));
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &pending);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);
  if (pending.error)
    g_error ("page %u: %s", page, pending.error->message);
  if (soup_message_get_status (msg) != 200)
    g_error ("page %u: status %u", page, soup_message_get_status (msg));
  return pending.body;
}

static void
make_rows (GPtrArray *members)
{
  for (guint i = 0; i < members->len; i++)
    g_object_unref (roster_snapshot_member_row_new (g_ptr_array_index (members, i)));
}

static guint
read_tree (GBytes   *body,
           gboolean  rows)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!json_parser_load_from_data (parser, data, (gssize) size, &error) ||
      !(members = roster_gitlab_members_parse (json_parser_get_root (parser), &error)))
    g_error ("json-glib: %s", error->message);
  if (rows)
    make_rows (members);
  return members->len;
}

static guint
read_pass (GBytes   *body,
           gboolean  rows)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!(members = roster_member_reader_parse_list (data, size, &error)))
    g_error ("reader: %s", error->message);
  if (rows)
    make_rows (members);
  return members->len;
}

static double
cpu_ms (void)
{
  return clock () * 1000.0 / CLOCKS_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 10000;
  g_autoptr(RosterSandbox) sandbox = roster_sandbox_new_generated (n, 1, 0.1);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  guint users_tree = 0, users_pass = 0;
  gsize bytes = 0;
  double start, tree_ms[2], pass_ms[2];

  if (!roster_sandbox_listen (sandbox, 0, NULL, &error))
    g_error ("%s", error->message);

  for (guint page = 1;; page++)
    {
      GBytes *body = fetch (session, sandbox, page);

      g_ptr_array_add (pages, body);
      bytes += g_bytes_get_size (body);
      if (read_pass (body, FALSE) < 100)
        break;
    }

  for (int rows = 0; rows < 2; rows++)
    {
      start = cpu_ms ();
      for (guint round = 0; round < ROUNDS; round++)
        for (guint i = 0; i < pages->len; i++)
          users_tree += read_tree (g_ptr_array_index (pages, i), rows);
      tree_ms[rows] = cpu_ms () - start;

      start = cpu_ms ();
      for (guint round = 0; round < ROUNDS; round++)
        for (guint i = 0; i < pages->len; i++)
          users_pass += read_pass (g_ptr_array_index (pages, i), rows);
      pass_ms[rows] = cpu_ms () - start;
    }

  if (users_tree != users_pass)
    g_error ("json-glib read %u members, the reader %u", users_tree, users_pass);

  g_print ("%u pages of members (%u members, %zu bytes/page), %u rounds\n",
           pages->len, users_pass / ROUNDS / 2, bytes / pages->len, ROUNDS);
  g_print ("json-glib tree + roster_gitlab_members_parse() %6.2f ms CPU/page\n",
           tree_ms[0] / (ROUNDS * pages->len));
  g_print ("roster_member_reader_parse_list()              %6.2f ms CPU/page (%.1fx)\n",
           pass_ms[0] / (ROUNDS * pages->len), tree_ms[0] / pass_ms[0]);
  g_print ("same, and a row made of each member:\n");
  g_print ("json-glib tree + roster_gitlab_members_parse() %6.2f ms CPU/page\n",
           tree_ms[1] / (ROUNDS * pages->len));
  g_print ("roster_member_reader_parse_list()              %6.2f ms CPU/page (%.1fx)\n",
           pass_ms[1] / (ROUNDS * pages->len), tree_ms[1] / pass_ms[1]);

  soup_session_abort (session);
  roster_sandbox_stop (sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return 0;
}
