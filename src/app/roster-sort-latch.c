/* roster-sort-latch.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-sort-latch"

#include "config.h"

#include <string.h>

#include "roster-sort-latch.h"

/* The items of an incremental GtkSortListModel, but changed only when it
 * is done sorting: in one change rather than one per step.
 *
 * Why: GTK 4.8's incremental sort (gtk_sort_list_model_sort_cb ()) works
 * for a millisecond per idle callback and then tells what it moved, the
 * span of every run it merged: at 100 000 items, hundreds of steps whose
 * items-changed each cover thousands of rows up to the whole list. Below
 * it, RosterFilterModel filtered every such span again and the column view
 * destroyed, made and bound its ~200 rows of widgets again, step after
 * step: a sort by a column took 17–65 s with 100–200 ms stalls. The sort
 * itself (keys and merges, within GTK's 1 ms steps) costs little.
 *
 * So this model keeps its own list of the items (a reference each) and
 * passes on a change of the sort model at once when it is not sorting
 * (members added to an unsorted list, a new model); while it sorts, it
 * holds the changes back and shows the items as they were, and when the
 * sort is over it reads the sorted items, a slice per main loop turn, and
 * tells the difference in one change: the span between the first and the
 * last item that moved. The sort model is still the one
 * that sorts, and the sorter still drives it (a change restarts the
 * sort, items added while loading are merged in sorted position). */

struct _RosterSortLatch
{
  GObject           parent_instance;

  GtkSortListModel *model;    /* owned */
  GPtrArray        *items;    /* what this model shows, owned references */
  GPtrArray        *next;     /* the model's items once sorted, being read */
  gboolean          held;     /* changes of the model held back */
  guint             release_source;
};

/* Items of the sorted model read per main loop turn before they show:
 * reading 100 000 (a lookup each in the model under the sort) took 50–80
 * ms in one go. */
#define READ_SLICE 16384

static void roster_sort_latch_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterSortLatch, roster_sort_latch, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      roster_sort_latch_list_model_init))

enum
{
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- GListModel ------------------------------------------------------- */

static GType
roster_sort_latch_get_item_type (GListModel *list)
{
  RosterSortLatch *self = ROSTER_SORT_LATCH (list);

  return g_list_model_get_item_type (G_LIST_MODEL (self->model));
}

static guint
roster_sort_latch_get_n_items (GListModel *list)
{
  RosterSortLatch *self = ROSTER_SORT_LATCH (list);

  return self->items->len;
}

static gpointer
roster_sort_latch_get_item (GListModel *list,
                            guint       position)
{
  RosterSortLatch *self = ROSTER_SORT_LATCH (list);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
roster_sort_latch_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = roster_sort_latch_get_item_type;
  iface->get_n_items = roster_sort_latch_get_n_items;
  iface->get_item = roster_sort_latch_get_item;
}

/* ---- Changes ---------------------------------------------------------- */

/* Takes the model's items from @position to @position + @n_items into
 * ours, in place of @removed of them. */
static void
take_items (RosterSortLatch *self,
            guint            position,
            guint            removed,
            guint            added)
{
  GListModel *model = G_LIST_MODEL (self->model);

  g_ptr_array_remove_range (self->items, position, removed);
  if (added == 0)
    return;
  /* Room at once, then fill it: one move of what follows. */
  g_ptr_array_set_size (self->items, self->items->len + added);
  memmove (self->items->pdata + position + added, self->items->pdata + position,
           (self->items->len - added - position) * sizeof (gpointer));
  for (guint i = 0; i < added; i++)
    self->items->pdata[position + i] = g_list_model_get_item (model, position + i);
}

static void
set_held (RosterSortLatch *self,
          gboolean         held)
{
  if (self->held == held)
    return;
  self->held = held;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* The sort is over and its items are read into @next: what moved, in
 * one change. */
static void
release (RosterSortLatch *self)
{
  g_autoptr(GPtrArray) old = NULL;
  guint n_old = self->items->len;
  guint n_new = self->next->len;
  guint start = 0;
  guint end = 0;  /* the same items at the end, counted from it */

  /* Not changing what stays the same at either end keeps those rows'
   * widgets bound. */
  while (start < n_old && start < n_new
         && g_ptr_array_index (self->next, start) == g_ptr_array_index (self->items, start))
    start++;
  while (end < n_old - start && end < n_new - start
         && g_ptr_array_index (self->next, n_new - end - 1) == g_ptr_array_index (self->items, n_old - end - 1))
    end++;

  /* Told first, while the items are still those shown: a view may want
   * to keep some (see roster_filter_model_keep_rows ()). */
  set_held (self, FALSE);
  old = g_steal_pointer (&self->items);
  self->items = g_steal_pointer (&self->next);
  g_debug ("Sorted: %u items changed from %u", n_new - start - end, start);
  if (n_old - start - end > 0 || n_new - start - end > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), start, n_old - start - end, n_new - start - end);
}

static gboolean
release_cb (gpointer user_data)
{
  RosterSortLatch *self = user_data;
  GListModel *model = G_LIST_MODEL (self->model);
  guint n = g_list_model_get_n_items (model);
  guint end;

  if (!self->held || gtk_sort_list_model_get_pending (self->model) > 0)
    {
      self->release_source = 0;
      g_clear_pointer (&self->next, g_ptr_array_unref);
      return G_SOURCE_REMOVE;
    }

  if (self->next == NULL)
    self->next = g_ptr_array_new_full (n, g_object_unref);
  end = MIN (n, self->next->len + READ_SLICE);
  for (guint i = self->next->len; i < end; i++)
    g_ptr_array_add (self->next, g_list_model_get_item (model, i));
  if (self->next->len < n)
    return G_SOURCE_CONTINUE;

  self->release_source = 0;
  release (self);
  return G_SOURCE_REMOVE;
}

/* Not from the sort model's signal handlers: it tells that it stopped
 * sorting before it takes in a change of its own model, when its items
 * are not in order yet. As the sort's own steps. */
static void
schedule_release (RosterSortLatch *self)
{
  if (self->release_source != 0)
    return;
  self->release_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, release_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->release_source),
                            "[roster] sorted");
}

static void
model_items_changed_cb (GListModel      *model,
                        guint            position,
                        guint            removed,
                        guint            added,
                        RosterSortLatch *self)
{
  if (!self->held && gtk_sort_list_model_get_pending (self->model) == 0)
    {
      take_items (self, position, removed, added);
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  /* A step of a sort, or a change that starts one: shown when sorted. */
  set_held (self, TRUE);
  g_clear_pointer (&self->next, g_ptr_array_unref);
  if (gtk_sort_list_model_get_pending (self->model) == 0)
    schedule_release (self);
}

static void
model_pending_cb (RosterSortLatch *self)
{
  if (self->held && gtk_sort_list_model_get_pending (self->model) == 0)
    schedule_release (self);
}

/* ---- GObject ---------------------------------------------------------- */

static void
roster_sort_latch_dispose (GObject *object)
{
  RosterSortLatch *self = ROSTER_SORT_LATCH (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_handle_id (&self->release_source, g_source_remove);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->next, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_sort_latch_parent_class)->dispose (object);
}

static void
roster_sort_latch_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RosterSortLatch *self = ROSTER_SORT_LATCH (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, self->held);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_sort_latch_class_init (RosterSortLatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_sort_latch_dispose;
  object_class->get_property = roster_sort_latch_get_property;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_sort_latch_init (RosterSortLatch *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * roster_sort_latch_new:
 * @model: (transfer full): the sort model
 *
 * Returns: (transfer full): a model showing @model's items, changed when
 *   it is done sorting
 */
RosterSortLatch *
roster_sort_latch_new (GtkSortListModel *model)
{
  RosterSortLatch *self;

  g_return_val_if_fail (GTK_IS_SORT_LIST_MODEL (model), NULL);

  self = g_object_new (ROSTER_TYPE_SORT_LATCH, NULL);
  self->model = model;
  take_items (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (model)));
  self->held = gtk_sort_list_model_get_pending (model) > 0;
  g_signal_connect (model, "items-changed", G_CALLBACK (model_items_changed_cb), self);
  g_signal_connect_swapped (model, "notify::pending", G_CALLBACK (model_pending_cb), self);
  return self;
}

/**
 * roster_sort_latch_get_model:
 *
 * Returns: (transfer none): the sort model
 */
GtkSortListModel *
roster_sort_latch_get_model (RosterSortLatch *self)
{
  g_return_val_if_fail (ROSTER_IS_SORT_LATCH (self), NULL);

  return self->model;
}

/**
 * roster_sort_latch_get_pending:
 *
 * Returns: whether changes of the sort model are held back until it is
 *   done sorting
 */
gboolean
roster_sort_latch_get_pending (RosterSortLatch *self)
{
  g_return_val_if_fail (ROSTER_IS_SORT_LATCH (self), FALSE);

  return self->held;
}
