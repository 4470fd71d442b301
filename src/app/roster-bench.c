/* roster-bench.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-bench"

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>

#include "roster-bench.h"

/* The benchmark mode (tests/bench/bench-window.sh), not a user feature:
 * with ROSTER_BENCH_URL and ROSTER_BENCH_GROUP set (tokens from
 * ROSTER_API_TOKEN and ROSTER_SCIM_TOKEN, as for rosterctl), the window
 * opens that group and measures, then quits:
 *
 * - time from connecting to the first rows, and to everything loaded and
 *   reconciled (counts done);
 * - the worst main loop stall while loading, filtering, searching and
 *   scrolling, with a probe that asks to run every 5 ms and notes how late
 *   it runs;
 * - how many frames still showed rows of the category before after a
 *   filter chip is clicked;
 * - a refresh with a row selected: the worst stall until the new snapshot
 *   shows, and whether the same user is still selected and on screen;
 * - sorting by Name, then by Status descending: the worst stall, and the
 *   time until sorted;
 * - the peak resident memory (VmHWM).
 *
 * Results go to stdout, one "name value" per line. ROSTER_BENCH_UNTIL
 * names the last stage to run (e.g. "refreshing": no sorting). */

#define PROBE_MS 5
#define SCROLL_STEPS 200

typedef enum
{
  STAGE_LOADING,
  STAGE_SETTLING,
  STAGE_FILTERING,
  STAGE_SEARCHING,
  STAGE_SCROLLING,
  STAGE_REFRESHING,
  STAGE_SORTING,
  STAGE_DONE,
  N_STAGES
} Stage;

static const char * const stage_names[N_STAGES] = {
  "loading", "settling", "filtering", "searching", "scrolling", "refreshing", "sorting", "done",
};

typedef struct
{
  RosterWindow  *window;
  RosterSession *session;
  Stage          stage;
  gint64         start;
  gint64         first_rows;
  gint64         loaded;
  gint64         loaded_cpu;    /* CPU time (all threads) until then */
  gint64         last_probe;
  gint64         last_probe_cpu;
  gint64         worst[N_STAGES];
  gint64         worst_busy[N_STAGES];
  gint64         stage_cpu[N_STAGES];  /* main thread CPU time per stage */
  guint          frames[N_STAGES];     /* frames painted per stage */
  guint          step;
  guint          members;
  gint64         step_start;
  /* filtering: frames painted since the chip was clicked while the rows
   * on screen were not yet those of the new category */
  gboolean       stale;
  guint          stale_frames;
  guint          worst_stale_frames;
  /* refreshing */
  RosterSnapshot *old_snapshot;        /* weak: as the window drops it */
  gint64         selected_user;
  gint64         refresh_ms;
  gboolean       selection_kept;
  gboolean       selection_shown;
  /* sorting */
  gint64         sort_ms[2];
} Bench;

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static double
ms (gint64 us)
{
  return us / 1000.0;
}

/* CPU time used by the calling thread, in µs. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
probe_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = now_us ();
  gint64 cpu = thread_cpu_us ();
  gint64 stall = now - bench->last_probe - PROBE_MS * 1000;
  /* What the main thread itself spent meanwhile: on a busy machine the
   * wall-clock stall also counts the time other processes had the CPU. */
  gint64 busy = cpu - bench->last_probe_cpu;
  RosterMemberList *list = roster_window_get_member_list (bench->window);

  if (stall > bench->worst[bench->stage])
    bench->worst[bench->stage] = stall;
  bench->stage_cpu[bench->stage] += busy;
  if (busy > bench->worst_busy[bench->stage])
    bench->worst_busy[bench->stage] = busy;
  if (stall > 50 * 1000)
    g_printerr ("stall %.0f ms (main thread busy %.0f ms) in %s, step %u, at %.0f ms\n",
                ms (stall), ms (busy), stage_names[bench->stage], bench->step,
                ms (now - bench->start));
  bench->last_probe = now;
  bench->last_probe_cpu = cpu;

  if (bench->first_rows == 0 && roster_member_list_get_n_visible (list) > 0)
    bench->first_rows = now;

  return G_SOURCE_CONTINUE;
}

/* CPU time used by the process, all threads, in µs: on a shared machine a
 * steadier figure than the wall clock. */
static gint64
cpu_us (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC
         + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static guint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) : 0;
}

/* Whether the rows are in the column view's order. */
static gboolean
is_sorted (RosterMemberList *list)
{
  GListModel *model = roster_member_list_get_visible_model (list);
  GtkSorter *sorter = gtk_column_view_get_sorter (roster_member_list_get_column_view (list));
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GObject) previous = n > 0 ? g_list_model_get_item (model, 0) : NULL;

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (gtk_sorter_compare (sorter, previous, item) == GTK_ORDERING_LARGER)
        return FALSE;
      g_set_object (&previous, item);
    }
  return TRUE;
}

static void
report (Bench *bench)
{
  RosterMemberList *list = roster_window_get_member_list (bench->window);

  printf ("members %u\n", bench->members);
  printf ("problems %u\n", roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_PROBLEMS));
  printf ("first_rows_ms %.0f\n", ms (bench->first_rows - bench->start));
  printf ("loaded_ms %.0f\n", ms (bench->loaded - bench->start));
  printf ("loaded_cpu_ms %.0f\n", ms (bench->loaded_cpu));
  for (guint s = 0; s < STAGE_DONE; s++)
    printf ("worst_stall_%s_ms %.1f\n", stage_names[s], ms (bench->worst[s]));
  for (guint s = 0; s < STAGE_DONE; s++)
    printf ("worst_busy_%s_ms %.1f\n", stage_names[s], ms (bench->worst_busy[s]));
  for (guint s = 0; s < STAGE_DONE; s++)
    printf ("frames_%s %u\n", stage_names[s], bench->frames[s]);
  /* Each scroll step shows rows not shown before. */
  printf ("scroll_step_cpu_ms %.1f\n", ms (bench->stage_cpu[STAGE_SCROLLING]) / SCROLL_STEPS);
  printf ("filter_stale_frames %u\n", bench->worst_stale_frames);
  printf ("refresh_ms %.0f\n", ms (bench->refresh_ms));
  printf ("refresh_selection_kept %d\n", bench->selection_kept);
  printf ("refresh_selection_shown %d\n", bench->selection_shown);
  printf ("sort_name_ms %.0f\n", ms (bench->sort_ms[0]));
  printf ("sort_status_ms %.0f\n", ms (bench->sort_ms[1]));
  printf ("sorted %d\n", is_sorted (list));
  printf ("peak_rss_mb %.0f\n", peak_rss_kib () / 1024.0);
  fflush (stdout);
}

static void
quit (Bench *bench)
{
  bench->stage = STAGE_DONE;
  report (bench);
  g_application_quit (g_application_get_default ());
}

static GtkAdjustment *
list_vadjustment (RosterMemberList *list)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (roster_member_list_get_column_view (list)),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

/* The rows on screen, [*first, *first + *n): the rows all have the same
 * height. */
static void
visible_rows (RosterMemberList *list,
              guint            *first,
              guint            *n)
{
  GtkAdjustment *adjustment = list_vadjustment (list);
  double upper = gtk_adjustment_get_upper (adjustment);
  guint n_rows = roster_member_list_get_n_visible (list);

  *first = 0;
  *n = n_rows;
  if (upper <= 0 || n_rows == 0)
    return;
  *first = (guint) MIN (n_rows - 1, gtk_adjustment_get_value (adjustment) / upper * n_rows);
  *n = (guint) MIN (n_rows - *first, gtk_adjustment_get_page_size (adjustment) / upper * n_rows + 1);
}

/* Whether the rows on screen are those of the category shown: each of
 * them in it, and the screen full unless filtering is over. */
static gboolean
rows_are_fresh (RosterMemberList *list)
{
  GListModel *model = roster_member_list_get_visible_model (list);
  GtkAdjustment *adjustment = list_vadjustment (list);
  RosterMemberCategory category = roster_member_list_get_category (list);
  guint first;
  guint n;

  visible_rows (list, &first, &n);
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(RosterMember) member = g_list_model_get_item (model, i);

      if (!roster_member_in_category (member, category))
        return FALSE;
    }
  /* A screenful (the height of a row is the list's height over the rows). */
  return !roster_member_list_is_busy (list)
         || (gtk_adjustment_get_upper (adjustment) > 0
             && n >= gtk_adjustment_get_page_size (adjustment) / gtk_adjustment_get_upper (adjustment)
                     * g_list_model_get_n_items (model));
}

static gint64
selected_user (RosterMemberList *list)
{
  RosterMember *member = roster_member_list_get_selected (list);

  return member != NULL ? roster_member_get_user_id (member) : 0;
}

/* Goes on to @stage, unless the stage before was the last asked for. */
static gboolean
next_stage (Bench *bench,
            Stage  stage)
{
  const char *until = g_getenv ("ROSTER_BENCH_UNTIL");

  if (until != NULL && g_str_equal (until, stage_names[bench->stage]))
    {
      quit (bench);
      return G_SOURCE_REMOVE;
    }
  bench->stage = stage;
  bench->step = 0;
  return G_SOURCE_CONTINUE;
}

static gboolean
step_cb (gpointer user_data)
{
  Bench *bench = user_data;
  RosterMemberList *list = roster_window_get_member_list (bench->window);
  static const char * const queries[] = {
    "a", "al", "ala", "alan", "alan.", "alan.t", "", "c4e8", "", "@acme", "",
  };
  static const RosterMemberCategory categories[] = {
    ROSTER_MEMBER_CATEGORY_PROBLEMS, ROSTER_MEMBER_CATEGORY_ENTERPRISE,
    ROSTER_MEMBER_CATEGORY_DEPROVISIONED, ROSTER_MEMBER_CATEGORY_ALL,
  };

  switch (bench->stage)
    {
    case STAGE_LOADING:
      if (roster_session_get_loading (bench->session) || roster_member_list_is_busy (list))
        return G_SOURCE_CONTINUE;
      if (roster_session_get_error (bench->session) != NULL)
        {
          g_printerr ("roster-bench: %s\n", roster_session_get_error (bench->session)->message);
          exit (1);
        }
      bench->loaded = now_us ();
      bench->loaded_cpu = cpu_us ();
      bench->members = roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_ALL);
      bench->stage = STAGE_SETTLING;
      bench->step = 0;
      return G_SOURCE_CONTINUE;

    case STAGE_SETTLING:
      if (++bench->step < 20)
        return G_SOURCE_CONTINUE;
      return next_stage (bench, STAGE_FILTERING);

    case STAGE_FILTERING:
      if (roster_member_list_is_busy (list))
        return G_SOURCE_CONTINUE;
      if (bench->stale)
        {
          /* Filtered, not painted yet. */
          bench->worst_stale_frames = MAX (bench->worst_stale_frames, bench->stale_frames);
          bench->stale = FALSE;
        }
      if (bench->step == G_N_ELEMENTS (categories))
        return next_stage (bench, STAGE_SEARCHING);
      bench->stale = TRUE;
      bench->stale_frames = 0;
      roster_member_list_set_category (list, categories[bench->step++]);
      return G_SOURCE_CONTINUE;

    case STAGE_SEARCHING:
      if (roster_member_list_is_busy (list))
        return G_SOURCE_CONTINUE;
      if (bench->step == G_N_ELEMENTS (queries))
        return next_stage (bench, STAGE_SCROLLING);
      /* As typed: the entry's own delay, then the filter. */
      gtk_editable_set_text (roster_member_list_get_search_entry (list), queries[bench->step++]);
      return G_SOURCE_CONTINUE;

    case STAGE_SCROLLING:
      {
        GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (roster_member_list_get_column_view (list)),
                                                       GTK_TYPE_SCROLLED_WINDOW);
        GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
        double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

        if (bench->step < SCROLL_STEPS)
          {
            /* Half the steps over the whole list, then page by page. */
            double position = bench->step < SCROLL_STEPS / 2 ? upper * bench->step / (SCROLL_STEPS / 2.0)
                                                : (bench->step - SCROLL_STEPS / 2) * gtk_adjustment_get_page_size (adjustment);

            gtk_adjustment_set_value (adjustment, position);
            bench->step++;
            return G_SOURCE_CONTINUE;
          }
        return next_stage (bench, STAGE_REFRESHING);
      }

    case STAGE_REFRESHING:
      {
        guint first;
        guint n;

        visible_rows (list, &first, &n);
        if (bench->step == 0)
          {
            /* A row in the middle of the screen selected, as a user
             * looking at them would. */
            roster_member_list_select_position (list, first + n / 2);
            bench->selected_user = selected_user (list);
            g_set_weak_pointer (&bench->old_snapshot, roster_session_get_snapshot (bench->session));
            bench->step_start = now_us ();
            gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.refresh", NULL);
            bench->step++;
            return G_SOURCE_CONTINUE;
          }
        if (bench->step == 1)
          {
            if (roster_session_get_loading (bench->session)
                || roster_session_get_snapshot (bench->session) == bench->old_snapshot
                || roster_member_list_is_busy (list))
              return G_SOURCE_CONTINUE;
            if (roster_session_get_error (bench->session) != NULL)
              {
                g_printerr ("roster-bench: %s\n", roster_session_get_error (bench->session)->message);
                exit (1);
              }
            bench->refresh_ms = now_us () - bench->step_start;
            g_clear_weak_pointer (&bench->old_snapshot);
            bench->step++;
            return G_SOURCE_CONTINUE;
          }
        /* A turn later, once the view is laid out again. */
        {
          guint selected = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (roster_member_list_get_visible_model (list)));

          bench->selection_kept = bench->selected_user != 0 && selected_user (list) == bench->selected_user;
          bench->selection_shown = selected >= first && selected < first + n;
        }
        return next_stage (bench, STAGE_SORTING);
      }

    case STAGE_SORTING:
      {
        GtkColumnView *view = roster_member_list_get_column_view (list);
        GListModel *columns = gtk_column_view_get_columns (view);

        if (bench->step > 0)
          {
            if (roster_member_list_is_busy (list))
              return G_SOURCE_CONTINUE;
            bench->sort_ms[bench->step - 1] = now_us () - bench->step_start;
          }
        if (bench->step < 2)
          {
            /* Name (the first column) A to Z, then Status (the last),
             * worst first. */
            g_autoptr(GtkColumnViewColumn) column =
              g_list_model_get_item (columns, bench->step == 0 ? 0 : g_list_model_get_n_items (columns) - 1);

            bench->step_start = now_us ();
            gtk_column_view_sort_by_column (view, column,
                                            bench->step == 0 ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING);
            bench->step++;
            return G_SOURCE_CONTINUE;
          }
        quit (bench);
        return G_SOURCE_REMOVE;
      }

    case STAGE_DONE:
    case N_STAGES:
    default:
      return G_SOURCE_REMOVE;
    }
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  bench->frames[bench->stage]++;
  if (bench->stage == STAGE_FILTERING && bench->stale)
    {
      RosterMemberList *list = roster_window_get_member_list (bench->window);

      if (rows_are_fresh (list))
        {
          bench->worst_stale_frames = MAX (bench->worst_stale_frames, bench->stale_frames);
          bench->stale = FALSE;
        }
      else
        bench->stale_frames++;
    }
}

/**
 * roster_bench_requested:
 *
 * Returns: whether the environment asks for the benchmark mode
 */
gboolean
roster_bench_requested (void)
{
  return g_getenv ("ROSTER_BENCH_URL") != NULL;
}

/**
 * roster_bench_start:
 * @window: a window, shown
 *
 * Opens the benchmark's group in @window and measures (see above).
 */
void
roster_bench_start (RosterWindow *window)
{
  Bench *bench = g_new0 (Bench, 1);
  const char *group = g_getenv ("ROSTER_BENCH_GROUP");

  bench->window = window;
  bench->session = roster_session_new ("Benchmark", g_getenv ("ROSTER_BENCH_URL"),
                                       group != NULL ? group : "acme-corp",
                                       g_getenv ("ROSTER_API_TOKEN"), g_getenv ("ROSTER_SCIM_TOKEN"));
  bench->start = now_us ();
  bench->last_probe = bench->start;
  bench->last_probe_cpu = thread_cpu_us ();
  roster_window_set_session (window, bench->session);

  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), bench);
  g_timeout_add (PROBE_MS, probe_cb, bench);
  /* Each step waits for the one before to finish (busy), so it paces the
   * user's pace: a keystroke or click every 100 ms at most. */
  g_timeout_add (100, step_cb, bench);
}
