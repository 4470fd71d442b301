/* test-filter-model.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "roster-filter-model.h"
#include "ui-test-utils.h"

/* RosterFilterModel over a GListStore of numbers ("0", "1", …) and a
 * custom filter on them. A mirror follows every items-changed, so each
 * emission is checked against the model's content; the pacing is checked
 * on what the emissions change. */

typedef struct
{
  guint     divisor;     /* numbers divisible by it match; 0: all */
  guint     remainder;
} Criterion;

typedef struct
{
  GListModel *model;
  GPtrArray  *mirror;        /* what a view would show */
  guint       n_emissions;
  guint       max_near_focus; /* rows changed within the window of 0 */
  gboolean    all_at_end;    /* every emission changed only the end */
} Watch;

static guint
number_of (gpointer item)
{
  return (guint) g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);
}

static gboolean
criterion_match (gpointer item,
                 gpointer user_data)
{
  Criterion *criterion = user_data;

  return criterion->divisor == 0 || number_of (item) % criterion->divisor == criterion->remainder;
}

static GListStore *
numbers (guint from,
         guint n)
{
  GListStore *store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = from; i < from + n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);

      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return store;
}

static void
watch_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Watch      *watch)
{
  guint changed_near = 0;

  g_assert_cmpuint (position + removed, <=, watch->mirror->len);
  if (position + removed != watch->mirror->len)
    watch->all_at_end = FALSE;

  /* Rows within the window of focus 0 that change: removed ones, then
   * added ones. */
  for (guint i = position; i < position + MAX (removed, added); i++)
    if (i < ROSTER_FILTER_MODEL_WINDOW)
      {
        gpointer old = i < position + removed ? g_ptr_array_index (watch->mirror, i) : NULL;
        g_autoptr(GObject) now = i < position + added ? g_list_model_get_item (model, i) : NULL;

        if (old != (gpointer) now)
          changed_near++;
      }
  watch->max_near_focus = MAX (watch->max_near_focus, changed_near);

  ui_test_mirror_update (watch->mirror, model, position, removed, added);
  watch->n_emissions++;
}

static void
watch_init (Watch      *watch,
            GListModel *model)
{
  watch->model = model;
  watch->mirror = ui_test_mirror_new (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (watch_items_changed_cb), watch);
  watch->all_at_end = TRUE;
}

static void
watch_reset (Watch *watch)
{
  watch->n_emissions = 0;
  watch->max_near_focus = 0;
  watch->all_at_end = TRUE;
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->model, watch);
  g_ptr_array_unref (watch->mirror);
}

static void
wait_filtered (RosterFilterModel *model)
{
  /* A safety net against hangs, not a speed assertion. */
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (roster_filter_model_get_pending (model) > 0)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The model shows exactly the items of @source that match, in order, and
 * the mirror agrees. */
static void
assert_filtered (RosterFilterModel *model,
                 Watch             *watch,
                 Criterion         *criterion)
{
  GListModel *source = roster_filter_model_get_model (model);
  guint n = g_list_model_get_n_items (source);
  guint shown = 0;

  g_assert_cmpuint (roster_filter_model_get_pending (model), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (source, i);

      if (!criterion_match (item, criterion))
        continue;
      g_assert_true (g_ptr_array_index (watch->mirror, shown) == (gpointer) item);
      shown++;
    }
  g_assert_cmpuint (shown, ==, g_list_model_get_n_items (G_LIST_MODEL (model)));
  g_assert_cmpuint (shown, ==, watch->mirror->len);
}

/* The first step of a filter change came at once: the model's first
 * @n_rows rows (the rows on screen and above) are the first items of
 * @source that match (fewer if there are not as many among the first
 * ROSTER_FILTER_MODEL_FIRST_LIMIT items), in at most two changes (rows
 * without widgets dropped at the end, then those on screen replaced), and
 * the mirror agrees. Rows after them may be stale, out of sight, within
 * the focus's window. */
static void
assert_first_rows (RosterFilterModel *model,
                   Watch             *watch,
                   Criterion         *criterion,
                   guint              n_rows)
{
  GListModel *source = roster_filter_model_get_model (model);
  guint n = MIN (g_list_model_get_n_items (source), ROSTER_FILTER_MODEL_FIRST_LIMIT);
  guint shown = 0;

  for (guint i = 0; i < n && shown < n_rows; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (source, i);

      if (!criterion_match (item, criterion))
        continue;
      g_assert_cmpuint (shown, <, watch->mirror->len);
      g_assert_true (g_ptr_array_index (watch->mirror, shown) == (gpointer) item);
      shown++;
    }
  g_assert_cmpuint (watch->mirror->len, <=, shown + ROSTER_FILTER_MODEL_WINDOW + roster_filter_model_get_focus (model));
  g_assert_cmpuint (watch->n_emissions, >=, 1);
  g_assert_cmpuint (watch->n_emissions, <=, 2);
}

static void
test_at_once (void)
{
  Criterion criterion = { 0, 0 };
  GtkFilter *filter = GTK_FILTER (gtk_custom_filter_new (criterion_match, &criterion, NULL));
  g_autoptr(RosterFilterModel) model = roster_filter_model_new (G_LIST_MODEL (numbers (0, 1000)),
                                                                g_object_ref (filter));
  Watch watch = { 0 };

  watch_init (&watch, G_LIST_MODEL (model));
  g_assert_false (roster_filter_model_get_incremental (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);

  /* A filter change goes in steps all the same: the rows a view has
   * widgets for are as many. */
  criterion = (Criterion) { 3, 0 };
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_MORE_STRICT);
  assert_first_rows (model, &watch, &criterion, 17);
  g_assert_cmpuint (roster_filter_model_get_pending (model), >, 0);
  watch_reset (&watch);
  wait_filtered (model);
  assert_filtered (model, &watch, &criterion);
  g_assert_cmpuint (watch.max_near_focus, <=, ROSTER_FILTER_MODEL_MAX_BATCH);
  g_assert_true (watch.all_at_end);

  criterion = (Criterion) { 3, 1 };
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
  wait_filtered (model);
  assert_filtered (model, &watch, &criterion);

  /* Items arriving and going are filtered at once, not incremental. */
  g_list_store_splice (G_LIST_STORE (roster_filter_model_get_model (model)), 10, 20, NULL, 0);
  assert_filtered (model, &watch, &criterion);
  {
    g_autoptr(GListStore) more = numbers (5000, 100);

    for (guint i = 0; i < 100; i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (more), i);

        g_list_store_insert (G_LIST_STORE (roster_filter_model_get_model (model)), 7 * i, item);
      }
  }
  assert_filtered (model, &watch, &criterion);

  criterion = (Criterion) { 0, 0 };
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_LESS_STRICT);
  wait_filtered (model);
  assert_filtered (model, &watch, &criterion);

  watch_clear (&watch);
  g_object_unref (filter);
}

/* Incremental: each kind of change ends with the right items, no step
 * changes more than a batch of rows near the focus, and each step changes
 * only the end of the list (GTK 4.8 binds every row after a change again). */
static void
test_paced (void)
{
  Criterion criterion = { 0, 0 };
  GtkFilter *filter = GTK_FILTER (gtk_custom_filter_new (criterion_match, &criterion, NULL));
  g_autoptr(RosterFilterModel) model = roster_filter_model_new (NULL, g_object_ref (filter));
  g_autoptr(GListStore) store = numbers (0, 20000);
  Watch watch = { 0 };
  struct { guint divisor; guint remainder; GtkFilterChange change; } steps[] = {
    { 2, 0, GTK_FILTER_CHANGE_MORE_STRICT },
    { 2, 1, GTK_FILTER_CHANGE_DIFFERENT },
    { 0, 0, GTK_FILTER_CHANGE_LESS_STRICT },
    { 1000, 7, GTK_FILTER_CHANGE_MORE_STRICT },   /* sparse */
    { 0, 0, GTK_FILTER_CHANGE_LESS_STRICT },
  };

  roster_filter_model_set_incremental (model, TRUE);
  watch_init (&watch, G_LIST_MODEL (model));
  roster_filter_model_set_model (model, G_LIST_MODEL (store));
  /* A batch of rows at once, the others later. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <=, ROSTER_FILTER_MODEL_MAX_BATCH);
  g_assert_cmpuint (roster_filter_model_get_pending (model), ==,
                    20000 - g_list_model_get_n_items (G_LIST_MODEL (model)));
  wait_filtered (model);
  assert_filtered (model, &watch, &criterion);
  g_assert_cmpuint (watch.max_near_focus, <=, ROSTER_FILTER_MODEL_MAX_BATCH);
  g_assert_true (watch.all_at_end);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_test_message ("divisible by %u with remainder %u", steps[i].divisor, steps[i].remainder);
      watch_reset (&watch);
      criterion = (Criterion) { steps[i].divisor, steps[i].remainder };
      gtk_filter_changed (filter, steps[i].change);
      /* A screenful of rows at once, the others later. */
      assert_first_rows (model, &watch, &criterion, 17);
      g_assert_cmpuint (roster_filter_model_get_pending (model), >, 0);
      watch_reset (&watch);
      wait_filtered (model);
      assert_filtered (model, &watch, &criterion);
      g_assert_cmpuint (watch.n_emissions, >=, 1);
      g_assert_cmpuint (watch.max_near_focus, <=, ROSTER_FILTER_MODEL_MAX_BATCH);
      g_assert_true (watch.all_at_end);
    }

  watch_clear (&watch);
  g_object_unref (filter);
}

/* The pacing follows the focus: far from it, rows change in big steps. */
static void
test_focus (void)
{
  Criterion criterion = { 0, 0 };
  GtkFilter *filter = GTK_FILTER (gtk_custom_filter_new (criterion_match, &criterion, NULL));
  g_autoptr(RosterFilterModel) model = roster_filter_model_new (G_LIST_MODEL (numbers (0, 20000)),
                                                                g_object_ref (filter));
  Watch watch = { 0 };

  watch_init (&watch, G_LIST_MODEL (model));
  roster_filter_model_set_incremental (model, TRUE);
  roster_filter_model_set_focus (model, 15000, 30);
  g_assert_cmpuint (roster_filter_model_get_focus (model), ==, 15000);

  criterion = (Criterion) { 5, 0 };
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_MORE_STRICT);
  /* The first step shows the rows down to the bottom of the screen (30
   * rows and one partly shown after the focus) at once, or as many as
   * it finds; */
  assert_first_rows (model, &watch, &criterion, 15031);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 3000);
  /* the next drops the stale rows, far from the focus, in one go. */
  watch_reset (&watch);
  g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (watch.n_emissions, ==, 1);
  g_assert_cmpuint (watch.max_near_focus, ==, 0);
  wait_filtered (model);
  assert_filtered (model, &watch, &criterion);

  watch_clear (&watch);
  g_object_unref (filter);
}

/* Items arriving, going and moving while a pass is under way, and the
 * filter changing again in the middle of one. */
static void
test_changes_during_pass (void)
{
  Criterion criterion = { 0, 0 };
  GtkFilter *filter = GTK_FILTER (gtk_custom_filter_new (criterion_match, &criterion, NULL));
  g_autoptr(GListStore) store = numbers (0, 12000);
  g_autoptr(RosterFilterModel) model = roster_filter_model_new (G_LIST_MODEL (g_object_ref (store)),
                                                                g_object_ref (filter));
  Watch watch = { 0 };

  watch_init (&watch, G_LIST_MODEL (model));
  roster_filter_model_set_incremental (model, TRUE);

  criterion = (Criterion) { 4, 1 };
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
  for (guint round = 0; roster_filter_model_get_pending (model) > 0; round++)
    {
      g_main_context_iteration (NULL, TRUE);
      if (round == 3)
        g_list_store_splice (store, 0, 50, NULL, 0);
      if (round == 5)
        {
          g_autoptr(GListStore) more = numbers (100000, 300);

          for (guint i = 0; i < 300; i++)
            {
              g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (more), i);

              g_list_store_insert (store, 37 * i, item);
            }
        }
      if (round == 8)
        {
          criterion = (Criterion) { 2, 1 };
          gtk_filter_changed (filter, GTK_FILTER_CHANGE_LESS_STRICT);
        }
      if (round == 12)
        g_list_store_splice (store, 5000, 4000, NULL, 0);
    }
  wait_filtered (model);
  assert_filtered (model, &watch, &criterion);

  /* Not incremental, items arriving during a pass are filtered with it. */
  criterion = (Criterion) { 3, 2 };
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
  roster_filter_model_set_incremental (model, FALSE);
  g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(GListStore) more = numbers (200000, 50);
    g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (more), 20);

    g_list_store_insert (store, 0, item);
  }
  wait_filtered (model);
  assert_filtered (model, &watch, &criterion);

  /* And a new model replaces the old one's items, at once. */
  {
    g_autoptr(GListStore) other = numbers (7, 90);

    roster_filter_model_set_model (model, G_LIST_MODEL (other));
    assert_filtered (model, &watch, &criterion);
    roster_filter_model_set_model (model, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
    g_assert_cmpuint (watch.mirror->len, ==, 0);
  }

  watch_clear (&watch);
  g_object_unref (filter);
}

/* The first step of a filter change shows the right rows for the screen
 * at once, before the main loop turns (and so before the next frame):
 * for a dense filter and a sparse one, in the middle of a pass, narrowing
 * and widening; the rest follows in steps at the end. */
static void
test_first_rows (void)
{
  Criterion criterion = { 0, 0 };
  GtkFilter *filter = GTK_FILTER (gtk_custom_filter_new (criterion_match, &criterion, NULL));
  g_autoptr(RosterFilterModel) model = roster_filter_model_new (G_LIST_MODEL (numbers (0, 30000)),
                                                                g_object_ref (filter));
  Watch watch = { 0 };
  struct { guint divisor; guint remainder; GtkFilterChange change; gboolean wait; } steps[] = {
    { 3, 1, GTK_FILTER_CHANGE_MORE_STRICT, TRUE },
    { 500, 7, GTK_FILTER_CHANGE_DIFFERENT, TRUE },    /* sparse: 60 matches */
    { 7, 0, GTK_FILTER_CHANGE_DIFFERENT, FALSE },     /* and again, mid-pass: */
    { 7, 3, GTK_FILTER_CHANGE_DIFFERENT, FALSE },
    { 0, 0, GTK_FILTER_CHANGE_LESS_STRICT, FALSE },
    { 14000, 11, GTK_FILTER_CHANGE_MORE_STRICT, TRUE }, /* 3 matches, far apart */
  };

  roster_filter_model_set_incremental (model, TRUE);
  roster_filter_model_set_focus (model, 0, 12);
  watch_init (&watch, G_LIST_MODEL (model));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_test_message ("divisible by %u with remainder %u", steps[i].divisor, steps[i].remainder);
      watch_reset (&watch);
      criterion = (Criterion) { steps[i].divisor, steps[i].remainder };
      gtk_filter_changed (filter, steps[i].change);
      assert_first_rows (model, &watch, &criterion, 13);
      /* A few steps of the pass, which change rows at the end only. */
      watch_reset (&watch);
      for (guint round = 0; round < 3; round++)
        g_main_context_iteration (NULL, FALSE);
      g_assert_true (watch.all_at_end);
      if (steps[i].wait)
        {
          wait_filtered (model);
          assert_filtered (model, &watch, &criterion);
        }
    }
  wait_filtered (model);
  assert_filtered (model, &watch, &criterion);

  watch_clear (&watch);
  g_object_unref (filter);
}

/* The items replaced after roster_filter_model_keep_rows () (a refresh):
 * the first rows are the new ones at once, the rows after them stay a
 * while (out of sight), and the end is right; without it, or when the
 * rows changed in between, the end is right all the same. */
static void
test_replaced (void)
{
  Criterion criterion = { 3, 0 };
  GtkFilter *filter = GTK_FILTER (gtk_custom_filter_new (criterion_match, &criterion, NULL));
  g_autoptr(GListStore) store = numbers (0, 20000);
  g_autoptr(RosterFilterModel) model = roster_filter_model_new (G_LIST_MODEL (g_object_ref (store)),
                                                                g_object_ref (filter));
  Watch watch = { 0 };

  roster_filter_model_set_incremental (model, TRUE);
  roster_filter_model_set_focus (model, 0, 12);
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_MORE_STRICT);
  wait_filtered (model);
  watch_init (&watch, G_LIST_MODEL (model));

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GListStore) again = numbers (0, 20000 + round);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (again)); i++)
        g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (again), i));
      g_test_message ("round %u", round);
      watch_reset (&watch);
      if (round != 1)
        roster_filter_model_keep_rows (model);
      if (round == 2)
        {
          /* Forgotten: the rows change before the items. */
          criterion = (Criterion) { 3, 1 };
          gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
          watch_reset (&watch);
        }
      g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                           items->pdata, items->len);
      if (round == 0)
        {
          assert_first_rows (model, &watch, &criterion, 13);
          /* The old rows after them, out of sight. */
          g_assert_cmpuint (watch.mirror->len, ==, ROSTER_FILTER_MODEL_WINDOW);
          g_assert_true (g_ptr_array_index (watch.mirror, 13) != g_ptr_array_index (items, 39));
          g_assert_cmpuint (number_of (g_ptr_array_index (watch.mirror, 13)), ==, 39);
        }
      wait_filtered (model);
      assert_filtered (model, &watch, &criterion);
    }

  watch_clear (&watch);
  g_object_unref (filter);
}

/* Items replaced by the same ones in another order (as an incremental
 * GtkSortListModel does, a stretch per step): the first rows are there
 * again at once, in the new order. */
static void
test_reordered (void)
{
  Criterion criterion = { 2, 0 };
  GtkFilter *filter = GTK_FILTER (gtk_custom_filter_new (criterion_match, &criterion, NULL));
  g_autoptr(GListStore) store = numbers (0, 10000);
  g_autoptr(RosterFilterModel) model = roster_filter_model_new (G_LIST_MODEL (g_object_ref (store)),
                                                                g_object_ref (filter));
  g_autoptr(GPtrArray) reversed = g_ptr_array_new_with_free_func (g_object_unref);
  Watch watch = { 0 };

  roster_filter_model_set_incremental (model, TRUE);
  watch_init (&watch, G_LIST_MODEL (model));
  for (guint i = 0; i < 3000; i++)
    g_ptr_array_add (reversed, g_list_model_get_item (G_LIST_MODEL (store), 2999 - i));
  g_list_store_splice (store, 0, 3000, reversed->pdata, reversed->len);
  g_assert_cmpuint (watch.n_emissions, ==, 1);
  g_assert_cmpuint (watch.mirror->len, >, 1);
  g_assert_cmpuint (number_of (g_ptr_array_index (watch.mirror, 0)), ==, 2998);
  g_assert_cmpuint (number_of (g_ptr_array_index (watch.mirror, 1)), ==, 2996);
  wait_filtered (model);
  assert_filtered (model, &watch, &criterion);

  watch_clear (&watch);
  g_object_unref (filter);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/filter-model/at-once", test_at_once);
  g_test_add_func ("/roster/filter-model/paced", test_paced);
  g_test_add_func ("/roster/filter-model/focus", test_focus);
  g_test_add_func ("/roster/filter-model/first-rows", test_first_rows);
  g_test_add_func ("/roster/filter-model/replaced", test_replaced);
  g_test_add_func ("/roster/filter-model/changes-during-pass", test_changes_during_pass);
  g_test_add_func ("/roster/filter-model/reordered", test_reordered);

  return g_test_run ();
}
