/* bench-page-reader.c: a page of a paged listing, read two ways.
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built, not run by meson test (timings are not assertions):
 *   _build/tests/bench/bench-page-reader members [N]            (default 10000 users)
 *   _build/tests/bench/bench-page-reader enterprise-users [N]
 * Serves a generated world of N users from an in-process roster-sandbox,
 * fetches every page of the listing as the client asks for it
 * (`GET /groups/:id/members?per_page=100&show_seat_info=true`, or
 * `/enterprise_users?per_page=100`), then reads each page body 5 times with
 *   1. json-glib's tree + its tree parser (roster_gitlab_members_parse(),
 *      roster_gitlab_enterprise_users_parse(): what RosterHttp and the
 *      client did before), and
 *   2. its one-pass reader (roster_member_reader_parse_list(),
 *      roster_enterprise_reader_parse_list()),
 * for members then both again with a row made of each member
 * (roster_snapshot_member_row_new(), the map of the window and rosterctl),
 * and prints the CPU time per page of each (one thread, so the process's
 * CPU time is the reader's). Both must read the same number of items. */
#define G_LOG_DOMAIN "bench-page-reader"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-enterprise-reader.h"
#include "roster-gitlab-types.h"
#include "roster-member-reader.h"
#include "roster-sandbox.h"
#include "roster-snapshot.h"
#include "sandbox-test-http.h"

typedef struct
{
  const char  *name;      /* on the command line */
  const char  *what;      /* in the output */
  const char  *query;     /* path and query after the group */
  GPtrArray *(*parse) (JsonNode *node, GError **error);
  const char  *parse_name;
  GPtrArray *(*read)  (const char *data, gsize size, GError **error);
  const char  *read_name;
  gboolean     rows;      /* also time a row made of each item */
} Listing;

static const Listing listings[] = {
  { "members", "members", "members?per_page=100&show_seat_info=true",
    roster_gitlab_members_parse, "roster_gitlab_members_parse()",
    roster_member_reader_parse_list, "roster_member_reader_parse_list()", TRUE },
  { "enterprise-users", "enterprise users", "enterprise_users?per_page=100",
    roster_gitlab_enterprise_users_parse, "roster_gitlab_enterprise_users_parse()",
    roster_enterprise_reader_parse_list, "roster_enterprise_reader_parse_list()", FALSE },
};

#define ROUNDS 5

/* One page of @listing, as the client asks for it (the answer's JSON is
 * read by the shared test helper too, outside the timed part). */
static GBytes *
fetch (SoupSession   *session,
       RosterSandbox *sandbox,
       const Listing *listing,
       guint          page)
{
  g_autofree char *path = g_strdup_printf ("/api/v4/groups/%" G_GINT64_FORMAT "/%s&page=%u",
                                           roster_sandbox_get_group_id (sandbox),
                                           listing->query, page);
  g_autoptr(TestResponse) response = test_request (session, sandbox, "GET", path,
                                                   roster_sandbox_get_api_token (sandbox),
                                                   NULL, NULL);

  if (response->status != 200)
    g_error ("page %u: status %u", page, response->status);
  return g_bytes_ref (response->body);
}

static void
make_rows (GPtrArray *members)
{
  for (guint i = 0; i < members->len; i++)
    g_object_unref (roster_snapshot_member_row_new (g_ptr_array_index (members, i)));
}

static guint
read_tree (const Listing *listing,
           GBytes        *body,
           gboolean       rows)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!json_parser_load_from_data (parser, data, (gssize) size, &error) ||
      !(items = listing->parse (json_parser_get_root (parser), &error)))
    g_error ("json-glib: %s", error->message);
  if (rows)
    make_rows (items);
  return items->len;
}

static guint
read_pass (const Listing *listing,
           GBytes        *body,
           gboolean       rows)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!(items = listing->read (data, size, &error)))
    g_error ("reader: %s", error->message);
  if (rows)
    make_rows (items);
  return items->len;
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
  const Listing *listing = NULL;
  guint n = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 10000;
  g_autoptr(RosterSandbox) sandbox = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  guint items_tree = 0, items_pass = 0;
  gsize bytes = 0;
  double start, tree_ms[2], pass_ms[2];
  int passes;

  for (guint l = 0; argc > 1 && l < G_N_ELEMENTS (listings); l++)
    if (strcmp (argv[1], listings[l].name) == 0)
      listing = &listings[l];
  if (listing == NULL)
    {
      g_printerr ("usage: %s members|enterprise-users [N]\n", argv[0]);
      return 2;
    }
  passes = listing->rows ? 2 : 1;

  sandbox = roster_sandbox_new_generated (n, 1, 0.1);
  if (!roster_sandbox_listen (sandbox, 0, NULL, &error))
    g_error ("%s", error->message);

  for (guint page = 1;; page++)
    {
      GBytes *body = fetch (session, sandbox, listing, page);

      g_ptr_array_add (pages, body);
      bytes += g_bytes_get_size (body);
      if (read_pass (listing, body, FALSE) < 100)
        break;
    }

  for (int rows = 0; rows < passes; rows++)
    {
      start = cpu_ms ();
      for (guint round = 0; round < ROUNDS; round++)
        for (guint i = 0; i < pages->len; i++)
          items_tree += read_tree (listing, g_ptr_array_index (pages, i), rows);
      tree_ms[rows] = cpu_ms () - start;

      start = cpu_ms ();
      for (guint round = 0; round < ROUNDS; round++)
        for (guint i = 0; i < pages->len; i++)
          items_pass += read_pass (listing, g_ptr_array_index (pages, i), rows);
      pass_ms[rows] = cpu_ms () - start;
    }

  if (items_tree != items_pass)
    g_error ("json-glib read %u %s, the reader %u", items_tree, listing->what, items_pass);

  g_print ("%u pages of %s (%u %s, %zu bytes/page), %u rounds\n",
           pages->len, listing->what, items_pass / ROUNDS / passes, listing->what,
           bytes / pages->len, ROUNDS);
  for (int rows = 0; rows < passes; rows++)
    {
      if (rows)
        g_print ("same, and a row made of each member:\n");
      g_print ("json-glib tree + %-40s %6.2f ms CPU/page\n",
               listing->parse_name, tree_ms[rows] / (ROUNDS * pages->len));
      g_print ("%-57s %6.2f ms CPU/page (%.1fx)\n",
               listing->read_name, pass_ms[rows] / (ROUNDS * pages->len), tree_ms[rows] / pass_ms[rows]);
    }

  soup_session_abort (session);
  roster_sandbox_stop (sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return 0;
}
