/* bench-reconcile.c: how long roster_reconcile() takes for N users.
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built, not run by meson test (timings are not assertions):
 *   _build/tests/bench/bench-reconcile [N] [mismatch-rate]
 * Builds a world like roster-sandbox --generate (UUID-like extern_uids, a
 * share of SAML/SCIM mismatches, deprovisioned users, members without
 * identities), then times reconcile, the summary and the JSON report. */
#include "config.h"

#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "roster-reconcile.h"
#include "roster-report.h"

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  double rate = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 0.05;
  g_autoptr(GArray) members = g_array_new (FALSE, TRUE, sizeof (RosterUserInput));
  g_autoptr(GArray) saml = g_array_new (FALSE, TRUE, sizeof (RosterSamlIdentityInput));
  g_autoptr(GArray) scim = g_array_new (FALSE, TRUE, sizeof (RosterScimIdentityInput));
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (1 << 20);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autofree char *json = NULL;
  RosterReconcileInput input = { 0, };
  RosterReportOptions options = { "https://gitlab.example.com", 4242, "acme-corp", NULL, FALSE, 100 };
  RosterSummary summary;
  gint64 start;
  double best = G_MAXDOUBLE;
  double best_cpu = G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      gint64 id = 100000 + i;
      char uuid[64];
      char username[32];
      char email[64];
      double roll = g_rand_double (rand);
      RosterUserInput m = { id, NULL, NULL, NULL, NULL, "active", 30 };
      RosterSamlIdentityInput s = { id, NULL };
      RosterScimIdentityInput c = { id, NULL, TRUE };
      gboolean member = TRUE;

      g_snprintf (uuid, sizeof uuid, "%08x-%04x-4%03x-8%03x-%012" G_GINT64_MODIFIER "x",
                  g_rand_int (rand), g_rand_int (rand) & 0xffff, g_rand_int (rand) & 0xfff,
                  g_rand_int (rand) & 0xfff, (gint64) g_rand_int (rand) << 16);
      g_snprintf (username, sizeof username, "user%u", i);
      g_snprintf (email, sizeof email, "user%u@acme.example", i);
      m.username = g_string_chunk_insert (chunk, username);
      m.name = g_string_chunk_insert (chunk, username);
      m.email = g_string_chunk_insert (chunk, email);
      s.extern_uid = c.extern_uid = g_string_chunk_insert (chunk, uuid);

      if (roll < rate)
        c.extern_uid = m.email;                 /* SAML/SCIM mismatch */
      else if (roll < rate * 1.5)
        {
          c.active = FALSE;                     /* deprovisioned */
          member = FALSE;
        }
      else if (roll < rate * 1.7)
        s.extern_uid = NULL;                    /* member without identities */

      if (member)
        g_array_append_val (members, m);
      if (s.extern_uid != NULL)
        {
          g_array_append_val (saml, s);
          g_array_append_val (scim, c);
        }
    }

  input.members = (RosterUserInput *) members->data;
  input.n_members = members->len;
  input.saml_identities = (RosterSamlIdentityInput *) saml->data;
  input.n_saml_identities = saml->len;
  input.scim_identities = (RosterScimIdentityInput *) scim->data;
  input.n_scim_identities = scim->len;

  for (guint round = 0; round < 5; round++)
    {
      double cpu_start;

      g_clear_pointer (&result, g_ptr_array_unref);
      start = g_get_monotonic_time ();
      cpu_start = cpu_ms ();
      result = roster_reconcile (&input);
      best = MIN (best, ms_since (start));
      best_cpu = MIN (best_cpu, cpu_ms () - cpu_start);
    }

  store = g_list_store_new (ROSTER_TYPE_MEMBER);
  start = g_get_monotonic_time ();
  g_list_store_splice (store, 0, 0, result->pdata, result->len);
  g_print ("list store splice: %.1f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  roster_summary_compute (&summary, G_LIST_MODEL (store));
  g_print ("summary: %.1f ms (%u users, %u members, %u ok, %u problems)\n",
           ms_since (start), summary.users, summary.members, summary.ok, summary.problems);

  start = g_get_monotonic_time ();
  json = roster_report_render (G_LIST_MODEL (store), ROSTER_REPORT_FORMAT_JSON, &options);
  g_print ("JSON report: %.1f ms (%zu bytes)\n", ms_since (start), strlen (json));

  g_print ("reconcile %u users: %.1f ms wall, %.1f ms CPU (best of 5)\n", result->len, best, best_cpu);
  return 0;
}
