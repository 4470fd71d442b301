/* test-sort-latch.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "roster-sort-latch.h"
#include "ui-test-utils.h"

/* RosterSortLatch over an incremental GtkSortListModel of numbers ("0",
 * "1", …) sorted by a custom sorter. A mirror follows every items-changed
 * of the latch, so each emission is checked against its content. */

typedef struct
{
  GListModel *model;
  GPtrArray  *mirror;
  guint       n_emissions;
} Watch;

static guint
number_of (gpointer item)
{
  return (guint) g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);
}

/* By the last digit, then by the number: a different order from the
 * numbers', with runs to merge. */
static int
by_last_digit (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  guint na = number_of ((gpointer) a);
  guint nb = number_of ((gpointer) b);
  int da = (int) (na % 10);
  int db = (int) (nb % 10);

  if (da != db)
    return da < db ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return na < nb ? GTK_ORDERING_SMALLER : na > nb ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
descending (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  guint na = number_of ((gpointer) a);
  guint nb = number_of ((gpointer) b);

  return na > nb ? GTK_ORDERING_SMALLER : na < nb ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
add_numbers (GListStore *store,
             guint       position,
             guint       from,
             guint       n)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = from; i < from + n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);

      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  g_list_store_splice (store, position, 0, items->pdata, items->len);
}

static void
watch_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Watch      *watch)
{
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
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->model, watch);
  g_ptr_array_unref (watch->mirror);
}

static void
wait_sorted (RosterSortLatch *latch)
{
  /* A safety net against hangs, not a speed assertion. */
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (roster_sort_latch_get_pending (latch)
         || gtk_sort_list_model_get_pending (roster_sort_latch_get_model (latch)) > 0
         || g_main_context_pending (NULL))
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

/* The latch shows the items of @store in @sorter's order (every item
 * once), and the mirror agrees. */
static void
assert_sorted (RosterSortLatch *latch,
               Watch           *watch,
               GListModel      *store,
               GtkSorter       *sorter)
{
  GListModel *model = G_LIST_MODEL (latch);
  guint n = g_list_model_get_n_items (store);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  g_assert_false (roster_sort_latch_get_pending (latch));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_cmpuint (watch->mirror->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_true (g_ptr_array_index (watch->mirror, i) == (gpointer) item);
      g_hash_table_add (seen, item);
      if (i > 0 && sorter != NULL)
        g_assert_cmpint (gtk_sorter_compare (sorter, g_ptr_array_index (watch->mirror, i - 1), item),
                         !=, GTK_ORDERING_LARGER);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (store, i);

      g_assert_true (g_hash_table_contains (seen, item));
    }
}

/* A sort goes in many steps in the sort model, and in one change here,
 * at the end; meanwhile the latch shows the items as they were. */
static void
test_one_change (void)
{
  g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (by_last_digit, NULL, NULL));
  GtkSortListModel *sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (store)), NULL);
  g_autoptr(RosterSortLatch) latch = NULL;
  g_autoptr(GObject) first = NULL;
  guint sort_steps = 0;
  Watch watch = { 0 };

  add_numbers (store, 0, 0, 30000);
  gtk_sort_list_model_set_incremental (sort_model, TRUE);
  latch = roster_sort_latch_new (sort_model);
  watch_init (&watch, G_LIST_MODEL (latch));
  g_assert_cmpuint (watch.mirror->len, ==, 30000);

  gtk_sort_list_model_set_sorter (sort_model, sorter);
  first = g_list_model_get_item (G_LIST_MODEL (latch), 0);
  while (gtk_sort_list_model_get_pending (sort_model) > 0)
    {
      g_autoptr(GObject) now = NULL;

      g_main_context_iteration (NULL, TRUE);
      sort_steps++;
      if (gtk_sort_list_model_get_pending (sort_model) == 0)
        break;
      /* Held back, as it was. */
      g_assert_cmpuint (watch.n_emissions, ==, 0);
      now = g_list_model_get_item (G_LIST_MODEL (latch), 0);
      g_assert_true (now == first);
    }
  g_assert_cmpuint (sort_steps, >, 1);
  g_assert_true (roster_sort_latch_get_pending (latch));
  wait_sorted (latch);
  g_assert_cmpuint (watch.n_emissions, ==, 1);
  assert_sorted (latch, &watch, G_LIST_MODEL (store), sorter);
  g_assert_cmpuint (number_of (g_ptr_array_index (watch.mirror, 0)), ==, 0);
  g_assert_cmpuint (number_of (g_ptr_array_index (watch.mirror, 1)), ==, 10);

  /* Not sorted any more: the model's order at once. */
  watch.n_emissions = 0;
  gtk_sort_list_model_set_sorter (sort_model, NULL);
  wait_sorted (latch);
  assert_sorted (latch, &watch, G_LIST_MODEL (store), NULL);
  g_assert_cmpuint (number_of (g_ptr_array_index (watch.mirror, 1)), ==, 1);

  watch_clear (&watch);
  g_object_unref (sorter);
}

/* Items arriving and going, and the sorter changing, while a sort is
 * under way: in sorted position at the end. */
static void
test_changes_during_sort (void)
{
  g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (by_last_digit, NULL, NULL));
  GtkSortListModel *sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (store)), NULL);
  g_autoptr(RosterSortLatch) latch = NULL;
  Watch watch = { 0 };

  add_numbers (store, 0, 0, 20000);
  gtk_sort_list_model_set_incremental (sort_model, TRUE);
  latch = roster_sort_latch_new (sort_model);
  watch_init (&watch, G_LIST_MODEL (latch));

  gtk_sort_list_model_set_sorter (sort_model, sorter);
  for (guint round = 0; round < 6; round++)
    {
      g_main_context_iteration (NULL, TRUE);
      if (round == 1)
        add_numbers (store, 20000, 50000, 3000);  /* as members arrive */
      if (round == 2)
        g_list_store_splice (store, 100, 500, NULL, 0);
      if (round == 3)
        add_numbers (store, 7, 90000, 10);
    }
  wait_sorted (latch);
  assert_sorted (latch, &watch, G_LIST_MODEL (store), sorter);

  /* Another sorter, and its order changing in the middle of its sort. */
  {
    GtkSorter *other = GTK_SORTER (gtk_custom_sorter_new (descending, NULL, NULL));

    gtk_sort_list_model_set_sorter (sort_model, other);
    g_main_context_iteration (NULL, TRUE);
    g_main_context_iteration (NULL, TRUE);
    gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (other), by_last_digit, NULL, NULL);
    wait_sorted (latch);
    assert_sorted (latch, &watch, G_LIST_MODEL (store), other);
    g_object_unref (other);
  }

  /* Not incremental: every change at once. */
  gtk_sort_list_model_set_incremental (sort_model, FALSE);
  watch.n_emissions = 0;
  add_numbers (store, 0, 100000, 5);
  g_assert_cmpuint (watch.n_emissions, ==, 1);
  g_assert_false (roster_sort_latch_get_pending (latch));
  assert_sorted (latch, &watch, G_LIST_MODEL (store), gtk_sort_list_model_get_sorter (sort_model));

  /* A new model for the sort model: its items, sorted. */
  {
    g_autoptr(GListStore) other = g_list_store_new (GTK_TYPE_STRING_OBJECT);

    add_numbers (other, 0, 7, 400);
    gtk_sort_list_model_set_incremental (sort_model, TRUE);
    gtk_sort_list_model_set_model (sort_model, G_LIST_MODEL (other));
    wait_sorted (latch);
    assert_sorted (latch, &watch, G_LIST_MODEL (other), gtk_sort_list_model_get_sorter (sort_model));
  }

  watch_clear (&watch);
  g_object_unref (sorter);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/sort-latch/one-change", test_one_change);
  g_test_add_func ("/roster/sort-latch/changes-during-sort", test_changes_during_sort);

  return g_test_run ();
}
