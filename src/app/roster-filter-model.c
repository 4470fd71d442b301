/* roster-filter-model.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-filter-model"

#include "config.h"

#include "roster-filter-model.h"

/* A filter list model, like GtkFilterListModel, whose incremental
 * filtering never changes more than a few rows with widgets per main loop
 * turn, so that a new filter on 100 000 items does not stall the main loop.
 *
 * Why not GtkFilterListModel: in GTK 4.8 a list view keeps widgets for
 * about 200 rows around its anchor (GTK_LIST_VIEW_MAX_LIST_ITEMS in
 * gtklistview.c); the rows an items-changed removes are destroyed, not
 * recycled (gtk_list_item_manager_model_items_changed_cb () releases them
 * into a table that only gives back the very same items); and every row
 * after the change is bound again (gtk_list_item_manager_ensure_items ()
 * updates them, and a list item factory's update unbinds and binds even
 * when only the position changed). An incremental GtkFilterListModel
 * empties itself when its filter changes in any way but "less strict"
 * (gtk_filter_list_model_refilter (): the matches start empty), which
 * destroys those 200 rows in one go, then adds back what matched among the
 * next 512 items per idle callback: on a dense filter, all 200 rows with
 * their cells created in one callback. With a column view that took
 * 150–270 ms.
 *
 * Here, when the filter changes, the first step comes at once, before the
 * next frame: it filters the items from the first until it has the rows
 * the screen shows (see roster_filter_model_set_focus ()), and puts them
 * in place of the rows shown there, as many, in one change: the view
 * shows the new rows in the next frame and keeps its position. The rows
 * after them, which the view has widgets for (a few hundred from the
 * focus on), stay for now, out of sight: destroying their ~200 rows of
 * widgets at once took 30–50 ms of the main thread (binding them again,
 * which a change before them costs, takes less); the rows past those go
 * at once (they have no widgets). Then the rows left go from the end of
 * the list backwards, then the other items are filtered in order and the
 * matches added at the end: no row is ever bound again for a change
 * before it. Near the focus (the rows the view has widgets for) a step
 * removes or adds only as many rows as fit in STEP_TARGET_US, measured on
 * the steps before; elsewhere rows have no widgets and a step goes on for
 * STEP_BUDGET_US of filtering. When the items change (members arriving),
 * the new ones are filtered in the same steps; not incremental, at once.
 * A filter change always goes in steps: a view has as many rows of
 * widgets for 5 000 items as for 100 000. */

#define STEP_BUDGET_US  4000  /* filtering per step, at most */
#define STEP_TARGET_US  12000 /* changing rows near the focus per step */
#define MIN_BATCH       4
#define MAX_BATCH       ROSTER_FILTER_MODEL_MAX_BATCH
#define FIRST_ROW_US    1000  /* a first guess of what a row costs */
#define SYNC_LIMIT      4096  /* new items filtered at once, at most */
#define DEFAULT_N_SHOWN 16    /* rows a view shows, until told */

struct _RosterFilterModel
{
  GObject     parent_instance;

  GListModel *model;        /* owned */
  GtkFilter  *filter;       /* owned */
  GtkBitset  *matches;      /* positions in model shown */
  GtkBitset  *pending;      /* positions to filter again; NULL if none */
  guint       n_items;      /* of model, as last heard */
  GPtrArray  *stale;        /* rows of an earlier filter shown after those
                             * of matches, to be dropped; NULL if none */
  GPtrArray  *kept;         /* the first rows, as they are, to keep as stale
                             * rows when the items are replaced; NULL if
                             * not asked for or changed since */
  guint       focus;
  guint       n_shown;      /* rows on screen from the focus on */
  guint       step_source;
  double      add_row_us;   /* what a row near the focus costs, measured: */
  double      drop_row_us;  /* creating one, destroying one */
  gboolean    incremental;
};

static void roster_filter_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterFilterModel, roster_filter_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      roster_filter_model_list_model_init))

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_FILTER,
  PROP_INCREMENTAL,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- GListModel ------------------------------------------------------- */

static GType
roster_filter_model_get_item_type (GListModel *list)
{
  RosterFilterModel *self = ROSTER_FILTER_MODEL (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
n_stale (RosterFilterModel *self)
{
  return self->stale != NULL ? self->stale->len : 0;
}

static guint
roster_filter_model_get_n_items (GListModel *list)
{
  RosterFilterModel *self = ROSTER_FILTER_MODEL (list);

  return (guint) gtk_bitset_get_size (self->matches) + n_stale (self);
}

static gpointer
roster_filter_model_get_item (GListModel *list,
                              guint       position)
{
  RosterFilterModel *self = ROSTER_FILTER_MODEL (list);

  guint n_matches = (guint) gtk_bitset_get_size (self->matches);

  if (position >= n_matches)
    return position - n_matches < n_stale (self)
           ? g_object_ref (g_ptr_array_index (self->stale, position - n_matches)) : NULL;
  if (self->model == NULL)
    return NULL;
  /* All shown: the common case, without a search through the set. */
  if (gtk_bitset_get_size (self->matches) == self->n_items)
    return g_list_model_get_item (self->model, position);
  return g_list_model_get_item (self->model, gtk_bitset_get_nth (self->matches, position));
}

static void
roster_filter_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = roster_filter_model_get_item_type;
  iface->get_n_items = roster_filter_model_get_n_items;
  iface->get_item = roster_filter_model_get_item;
}

/* ---- Filtering -------------------------------------------------------- */

/* Every change of the rows goes through here. */
static void
emit (RosterFilterModel *self,
      guint              position,
      guint              removed,
      guint              added)
{
  g_clear_pointer (&self->kept, g_ptr_array_unref);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static gboolean
matches_at (RosterFilterModel *self,
            guint              position)
{
  g_autoptr(GObject) item = NULL;

  if (self->filter == NULL)
    return TRUE;
  item = g_list_model_get_item (self->model, position);
  return gtk_filter_match (self->filter, item);
}

static void
clear_pending (RosterFilterModel *self)
{
  if (self->pending == NULL)
    return;

  g_clear_pointer (&self->pending, gtk_bitset_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static guint
window_start (RosterFilterModel *self)
{
  return self->focus > ROSTER_FILTER_MODEL_WINDOW ? self->focus - ROSTER_FILTER_MODEL_WINDOW : 0;
}

static guint
window_end (RosterFilterModel *self)
{
  return self->focus + ROSTER_FILTER_MODEL_WINDOW;
}

/* How many rows near the focus the next step may change, at @row_us a
 * row. */
static guint
batch_size (double row_us)
{
  return (guint) CLAMP (STEP_TARGET_US / row_us, MIN_BATCH, MAX_BATCH);
}

/* Tells the view; when rows near the focus changed, learns from how long
 * that took in @row_us. */
static void
emit_changes (RosterFilterModel *self,
              guint              position,
              guint              removed,
              guint              added,
              guint              near_focus,
              double            *row_us)
{
  gint64 start;
  double measured;

  if (removed == 0 && added == 0)
    return;

  start = g_get_monotonic_time ();
  emit (self, position, removed, added);
  if (near_focus < MIN_BATCH)
    return;

  measured = (double) (g_get_monotonic_time () - start) / near_focus;
  *row_us = CLAMP ((*row_us + measured) / 2, 1, STEP_TARGET_US);
}

/* Filters the pending items from the first on, in one stretch, and tells
 * the view. Stops after changing @batch rows near the focus or after
 * STEP_BUDGET_US. */
static void
filter_pending (RosterFilterModel *self,
                guint              batch)
{
  GtkBitsetIter iter;
  guint position;
  guint first;
  guint last;
  guint view_first;
  guint view;
  guint start = window_start (self);
  guint end = window_end (self);
  guint near_focus = 0;
  guint added;
  guint removed;
  int delta = 0;
  gint64 deadline = g_get_monotonic_time () + STEP_BUDGET_US;
  gboolean more = TRUE;
  guint before = roster_filter_model_get_pending (self);

  if (self->pending == NULL || !gtk_bitset_iter_init_first (&iter, self->pending, &position))
    {
      clear_pending (self);
      return;
    }

  first = last = position;
  view_first = first > 0 ? (guint) gtk_bitset_get_size_in_range (self->matches, 0, first - 1) : 0;
  /* The row of the item at position, with what is filtered so far. */
  view = view_first;
  for (guint i = 1; more; i++)
    {
      gboolean was;
      gboolean now;

      /* Items in between keep their state; only count them while it
       * matters (view never goes back). */
      if (position > last + 1 && view < end)
        view += (guint) gtk_bitset_get_size_in_range (self->matches, last + 1, position - 1);

      was = gtk_bitset_contains (self->matches, position);
      now = matches_at (self, position);
      if (was != now)
        {
          if (now)
            gtk_bitset_add (self->matches, position);
          else
            gtk_bitset_remove (self->matches, position);
          delta += now ? 1 : -1;
          if (view >= start && view < end)
            near_focus++;
        }
      if (now)
        view++;
      last = position;
      more = gtk_bitset_iter_next (&iter, &position);

      if (near_focus >= batch || (i % 64 == 0 && g_get_monotonic_time () >= deadline))
        break;
    }

  if (more)
    gtk_bitset_remove_range_closed (self->pending, first, last);
  else
    g_clear_pointer (&self->pending, gtk_bitset_unref);

  /* The stretch [first, last] as it was and as it is now: the rows that
   * stay in it are in both, and keep their widgets. */
  added = (guint) gtk_bitset_get_size_in_range (self->matches, first, last);
  removed = (guint) ((int) added - delta);
  emit_changes (self, view_first, removed, added, near_focus, &self->add_row_us);
  if (roster_filter_model_get_pending (self) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* Removes stale rows from the end: all past the focus at once, @batch
 * near it, then all before it. */
static void
drop_stale (RosterFilterModel *self,
            guint              batch)
{
  guint n_matches = (guint) gtk_bitset_get_size (self->matches);
  guint n = n_matches + n_stale (self);
  guint start = MAX (window_start (self), n_matches);
  guint end = MAX (window_end (self), n_matches);
  guint from;
  guint near_focus = 0;

  if (n > end)
    from = end;
  else if (n > start)
    {
      from = n - MIN (batch, n - start);
      near_focus = n - from;
    }
  else
    from = n_matches;

  g_ptr_array_remove_range (self->stale, from - n_matches, n - from);
  if (self->stale->len == 0)
    g_clear_pointer (&self->stale, g_ptr_array_unref);
  emit_changes (self, from, n - from, 0, near_focus, &self->drop_row_us);
}

static gboolean
filter_step_cb (gpointer user_data)
{
  RosterFilterModel *self = user_data;

  if (self->stale != NULL)
    drop_stale (self, batch_size (self->drop_row_us));
  else
    filter_pending (self, batch_size (self->add_row_us));

  if (self->pending != NULL || self->stale != NULL)
    return G_SOURCE_CONTINUE;

  self->step_source = 0;
  return G_SOURCE_REMOVE;
}

/* Filters what is pending, in steps from the main loop. */
static void
run_pending (RosterFilterModel *self)
{
  if ((self->pending == NULL && self->stale == NULL) || self->step_source != 0)
    return;

  /* Below redrawing, as GtkFilterListModel's steps are. */
  self->step_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, filter_step_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->step_source),
                            "[roster] filter step");
}

static void
add_pending (RosterFilterModel *self,
             GtkBitset         *items)
{
  guint before = roster_filter_model_get_pending (self);

  if (self->pending == NULL)
    self->pending = gtk_bitset_new_empty ();
  gtk_bitset_union (self->pending, items);
  if (gtk_bitset_is_empty (self->pending))
    g_clear_pointer (&self->pending, gtk_bitset_unref);
  if (roster_filter_model_get_pending (self) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* The first step of a filter change, at once: filters the pending items
 * from the first on until there are rows down to the bottom of the screen
 * (or ROSTER_FILTER_MODEL_FIRST_LIMIT items are filtered: a few
 * milliseconds), and shows them in place of as many rows; the rows after
 * those, up to the end of the focus's window, stay as stale rows, the
 * others go. Every row shown must be pending. */
static void
show_first_rows (RosterFilterModel *self)
{
  g_autoptr(GtkBitset) found = gtk_bitset_new_empty ();
  g_autoptr(GPtrArray) stale = NULL;
  GtkBitsetIter iter;
  guint position;
  guint last = 0;
  guint n_found = 0;
  guint n_filtered = 0;
  guint n_old = roster_filter_model_get_n_items (G_LIST_MODEL (self));
  guint want = self->focus + self->n_shown + 1;  /* and a row partly shown */
  guint replaced;
  guint kept;
  gboolean more;

  if (self->pending == NULL)
    return;

  for (more = gtk_bitset_iter_init_first (&iter, self->pending, &position);
       more && n_found < want;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      if (matches_at (self, position))
        {
          gtk_bitset_add (found, position);
          n_found++;
        }
      last = position;
      if (++n_filtered == ROSTER_FILTER_MODEL_FIRST_LIMIT)
        {
          more = gtk_bitset_iter_next (&iter, &position);
          break;
        }
    }

  /* The old rows on screen and above go for the new ones; those past the
   * focus's window have no widgets and go too; those in between stay. */
  replaced = MIN (n_old, want);
  kept = MIN (n_old, MAX (window_end (self), replaced)) - replaced;
  if (kept > 0)
    {
      stale = g_ptr_array_new_full (kept, g_object_unref);
      for (guint i = replaced; i < replaced + kept; i++)
        g_ptr_array_add (stale, g_list_model_get_item (G_LIST_MODEL (self), i));
    }
  g_debug ("New filter: %u rows for %u, %u kept, %u items filtered", n_found, replaced, kept, n_filtered);

  if (replaced + kept < n_old)
    {
      /* The rows past those first, at the end: they have no widgets. */
      guint n_matches = (guint) gtk_bitset_get_size (self->matches);

      if (replaced + kept < n_matches)
        {
          gtk_bitset_remove_range_closed (self->matches,
                                          (guint) gtk_bitset_get_nth (self->matches, replaced + kept),
                                          G_MAXUINT);
          g_clear_pointer (&self->stale, g_ptr_array_unref);
        }
      else if (self->stale != NULL)
        g_ptr_array_set_size (self->stale, replaced + kept - n_matches);
      emit (self, replaced + kept, n_old - replaced - kept, 0);
    }

  gtk_bitset_remove_all (self->matches);
  gtk_bitset_union (self->matches, found);
  g_clear_pointer (&self->stale, g_ptr_array_unref);
  self->stale = g_steal_pointer (&stale);
  if (more)
    gtk_bitset_remove_range_closed (self->pending, 0, last);
  else
    g_clear_pointer (&self->pending, gtk_bitset_unref);

  /* Not measured: rows are bound again after it. */
  if (replaced > 0 || n_found > 0)
    emit (self, 0, replaced, n_found);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
filter_changed_cb (GtkFilter         *filter,
                   GtkFilterChange    change,
                   RosterFilterModel *self)
{
  g_autoptr(GtkBitset) items = NULL;

  if (self->n_items == 0)
    return;

  /* Only the items the change can affect, and those shown (see below). */
  switch (change)
    {
    case GTK_FILTER_CHANGE_MORE_STRICT:
      items = gtk_bitset_copy (self->matches);
      break;
    case GTK_FILTER_CHANGE_LESS_STRICT:
    case GTK_FILTER_CHANGE_DIFFERENT:
    default:
      items = gtk_bitset_new_range (0, self->n_items);
      break;
    }

  g_clear_pointer (&self->kept, g_ptr_array_unref);
  /* The rows shown are filtered again too. */
  gtk_bitset_union (items, self->matches);
  add_pending (self, items);
  show_first_rows (self);
  run_pending (self);
}

/* The items were replaced (a new model, a sort) after
 * roster_filter_model_keep_rows (): the rows it kept stay, as stale rows,
 * and the new rows on screen take the place of theirs at once, as for a
 * new filter; the rest is filtered anew in steps. */
static void
replace_items (RosterFilterModel *self,
               guint              position,
               guint              removed,
               guint              added)
{
  guint n_old = roster_filter_model_get_n_items (G_LIST_MODEL (self));
  guint n_kept = self->kept->len;

  self->n_items = self->n_items - removed + added;
  gtk_bitset_remove_all (self->matches);
  g_clear_pointer (&self->pending, gtk_bitset_unref);
  if (self->n_items > 0)
    self->pending = gtk_bitset_new_range (0, self->n_items);
  g_clear_pointer (&self->stale, g_ptr_array_unref);
  self->stale = g_steal_pointer (&self->kept);
  if (self->n_items == 0)
    n_kept = 0;
  if (n_kept == 0)
    g_clear_pointer (&self->stale, g_ptr_array_unref);

  /* Now only the rows kept are shown: the others go (they have no
   * widgets), then the first new rows come. */
  if (n_old > n_kept)
    emit (self, n_kept, n_old - n_kept, 0);
  show_first_rows (self);
  run_pending (self);
}

static void
model_items_changed_cb (GListModel        *model,
                        guint              position,
                        guint              removed,
                        guint              added,
                        RosterFilterModel *self)
{
  guint view_position;
  guint view_removed;
  guint view_added = 0;
  guint near_focus = 0;
  guint before = roster_filter_model_get_pending (self);

  if (self->kept != NULL)
    {
      replace_items (self, position, removed, added);
      return;
    }

  view_position = position > 0 ? (guint) gtk_bitset_get_size_in_range (self->matches, 0, position - 1) : 0;
  view_removed = removed > 0 ? (guint) gtk_bitset_get_size_in_range (self->matches, position,
                                                                     position + removed - 1) : 0;
  gtk_bitset_splice (self->matches, position, removed, added);
  if (self->pending != NULL)
    gtk_bitset_splice (self->pending, position, removed, added);
  self->n_items = self->n_items - removed + added;

  if (self->pending != NULL && gtk_bitset_is_empty (self->pending))
    g_clear_pointer (&self->pending, gtk_bitset_unref);

  if (added > 0 && self->stale != NULL)
    {
      /* Filtered once the stale rows are gone: matches go before them. */
      if (self->pending == NULL)
        self->pending = gtk_bitset_new_empty ();
      gtk_bitset_add_range (self->pending, position, added);
    }
  else if (added > 0 && self->incremental)
    {
      guint i = position;

      /* A batch of new items near the focus is filtered at once: an
       * incremental GtkSortListModel replaces stretches of items with the
       * same ones in another order, step after step, and the rows on
       * screen would otherwise all go and come back each time. */
      for (guint view = view_position;
           i < position + added && view < window_end (self)
           && near_focus < batch_size (self->add_row_us) && i - position < SYNC_LIMIT;
           i++)
        if (matches_at (self, i))
          {
            gtk_bitset_add (self->matches, i);
            view_added++;
            if (view >= window_start (self))
              near_focus++;
            view++;
          }

      if (i < position + added)
        {
          if (self->pending == NULL)
            self->pending = gtk_bitset_new_empty ();
          gtk_bitset_add_range (self->pending, i, position + added - i);
        }
    }
  else
    {
      for (guint i = position; i < position + added; i++)
        if (matches_at (self, i))
          {
            gtk_bitset_add (self->matches, i);
            view_added++;
          }
    }

  emit_changes (self, view_position, view_removed, view_added, near_focus, &self->add_row_us);
  if (roster_filter_model_get_pending (self) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  run_pending (self);
}

/* ---- GObject ---------------------------------------------------------- */

static void
clear_model (RosterFilterModel *self)
{
  guint n_shown = (guint) gtk_bitset_get_size (self->matches);

  if (self->model == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_handle_id (&self->step_source, g_source_remove);
  n_shown += n_stale (self);
  g_clear_pointer (&self->stale, g_ptr_array_unref);
  g_clear_pointer (&self->kept, g_ptr_array_unref);
  gtk_bitset_remove_all (self->matches);
  self->n_items = 0;
  clear_pending (self);
  if (n_shown > 0)
    emit (self, 0, n_shown, 0);
}

static void
roster_filter_model_dispose (GObject *object)
{
  RosterFilterModel *self = ROSTER_FILTER_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_func (self->filter, filter_changed_cb, self);
  g_clear_object (&self->filter);
  g_clear_handle_id (&self->step_source, g_source_remove);
  g_clear_pointer (&self->pending, gtk_bitset_unref);
  g_clear_pointer (&self->stale, g_ptr_array_unref);
  g_clear_pointer (&self->kept, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_filter_model_parent_class)->dispose (object);
}

static void
roster_filter_model_finalize (GObject *object)
{
  RosterFilterModel *self = ROSTER_FILTER_MODEL (object);

  gtk_bitset_unref (self->matches);

  G_OBJECT_CLASS (roster_filter_model_parent_class)->finalize (object);
}

static void
roster_filter_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RosterFilterModel *self = ROSTER_FILTER_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;
    case PROP_INCREMENTAL:
      g_value_set_boolean (value, self->incremental);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, roster_filter_model_get_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_filter_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RosterFilterModel *self = ROSTER_FILTER_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      roster_filter_model_set_model (self, g_value_get_object (value));
      break;
    case PROP_FILTER:
      /* Construct-only. */
      self->filter = g_value_dup_object (value);
      if (self->filter != NULL)
        g_signal_connect (self->filter, "changed", G_CALLBACK (filter_changed_cb), self);
      break;
    case PROP_INCREMENTAL:
      roster_filter_model_set_incremental (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_filter_model_class_init (RosterFilterModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_filter_model_dispose;
  object_class->finalize = roster_filter_model_finalize;
  object_class->get_property = roster_filter_model_get_property;
  object_class->set_property = roster_filter_model_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL, GTK_TYPE_FILTER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCREMENTAL] =
    g_param_spec_boolean ("incremental", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_filter_model_init (RosterFilterModel *self)
{
  self->matches = gtk_bitset_new_empty ();
  self->add_row_us = FIRST_ROW_US;
  self->drop_row_us = FIRST_ROW_US;
  self->n_shown = DEFAULT_N_SHOWN;
}

/**
 * roster_filter_model_new:
 * @model: (transfer full) (nullable): the model to filter
 * @filter: (transfer full) (nullable): the filter; %NULL shows everything
 *
 * Returns: (transfer full): a new filter model
 */
RosterFilterModel *
roster_filter_model_new (GListModel *model,
                         GtkFilter  *filter)
{
  RosterFilterModel *self;

  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (filter == NULL || GTK_IS_FILTER (filter), NULL);

  self = g_object_new (ROSTER_TYPE_FILTER_MODEL, "model", model, "filter", filter, NULL);
  g_clear_object (&model);
  g_clear_object (&filter);
  return self;
}

/**
 * roster_filter_model_set_model:
 * @model: (nullable): the model to filter
 */
void
roster_filter_model_set_model (RosterFilterModel *self,
                               GListModel        *model)
{
  guint n;

  g_return_if_fail (ROSTER_IS_FILTER_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  clear_model (self);
  if (model != NULL)
    {
      self->model = g_object_ref (model);
      g_signal_connect (model, "items-changed", G_CALLBACK (model_items_changed_cb), self);
      n = g_list_model_get_n_items (model);
      if (n > 0)
        model_items_changed_cb (model, 0, 0, n, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * roster_filter_model_get_model:
 *
 * Returns: (transfer none) (nullable): the model filtered
 */
GListModel *
roster_filter_model_get_model (RosterFilterModel *self)
{
  g_return_val_if_fail (ROSTER_IS_FILTER_MODEL (self), NULL);

  return self->model;
}

/**
 * roster_filter_model_get_filter:
 *
 * Returns: (transfer none) (nullable): the filter
 */
GtkFilter *
roster_filter_model_get_filter (RosterFilterModel *self)
{
  g_return_val_if_fail (ROSTER_IS_FILTER_MODEL (self), NULL);

  return self->filter;
}

/**
 * roster_filter_model_set_incremental:
 *
 * Whether to filter new items in steps from the main loop rather than at
 * once (a filter change always goes in steps).
 */
void
roster_filter_model_set_incremental (RosterFilterModel *self,
                                     gboolean           incremental)
{
  g_return_if_fail (ROSTER_IS_FILTER_MODEL (self));

  incremental = !!incremental;
  if (self->incremental == incremental)
    return;

  self->incremental = incremental;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCREMENTAL]);
}

gboolean
roster_filter_model_get_incremental (RosterFilterModel *self)
{
  g_return_val_if_fail (ROSTER_IS_FILTER_MODEL (self), FALSE);

  return self->incremental;
}

/**
 * roster_filter_model_get_pending:
 *
 * Returns: how many items are still to be filtered (they show as they
 *   did before)
 */
guint
roster_filter_model_get_pending (RosterFilterModel *self)
{
  g_return_val_if_fail (ROSTER_IS_FILTER_MODEL (self), 0);

  return self->pending != NULL ? (guint) gtk_bitset_get_size (self->pending) : 0;
}

/**
 * roster_filter_model_set_focus:
 * @position: a position in this model: the first row the view shows
 * @n_shown: how many rows it shows; 0 if not known
 *
 * Incremental filtering changes few rows at a time around @position (the
 * rows a list view has widgets for), and many elsewhere. A filter change
 * shows @n_shown new rows at once.
 */
void
roster_filter_model_set_focus (RosterFilterModel *self,
                               guint              position,
                               guint              n_shown)
{
  g_return_if_fail (ROSTER_IS_FILTER_MODEL (self));

  self->focus = position;
  self->n_shown = n_shown > 0 ? n_shown : DEFAULT_N_SHOWN;
}

guint
roster_filter_model_get_focus (RosterFilterModel *self)
{
  g_return_val_if_fail (ROSTER_IS_FILTER_MODEL (self), 0);

  return self->focus;
}

/**
 * roster_filter_model_keep_rows:
 *
 * The items of the model are about to be replaced (a new model for the
 * one filtered, a sort): when they are, the rows around the focus stay
 * until the new rows on screen are there, in their place, as for a new
 * filter (see above), rather than all going at once. Forgotten when the
 * rows change before.
 */
void
roster_filter_model_keep_rows (RosterFilterModel *self)
{
  guint n;

  g_return_if_fail (ROSTER_IS_FILTER_MODEL (self));

  g_clear_pointer (&self->kept, g_ptr_array_unref);
  if (!self->incremental)
    return;
  n = MIN (roster_filter_model_get_n_items (G_LIST_MODEL (self)), window_end (self));
  if (n == 0)
    return;
  self->kept = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->kept, g_list_model_get_item (G_LIST_MODEL (self), i));
}
