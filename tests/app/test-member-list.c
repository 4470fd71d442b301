/* test-member-list.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "roster-fixture-world.h"
#include "roster-identity-view.h"
#include "roster-member-detail.h"
#include "roster-member-list.h"
#include "roster-test-utils.h"
#include "ui-test-utils.h"

/* The member list and the detail pane over the fixture world (the five
 * people of tests/data/gitlab), fed through the real parsers and
 * reconciliation into a RosterSnapshot. */

static void
wait_idle (RosterMemberList *list)
{
  /* A safety net against hangs, not a speed assertion (sanitizers are
   * slow). */
  const char *scale = g_getenv ("ROSTER_TEST_TIMEOUT_SCALE");
  gint64 deadline = g_get_monotonic_time ()
                    + 120 * G_USEC_PER_SEC * (scale != NULL ? MAX (g_ascii_strtoll (scale, NULL, 10), 1) : 1);

  while (roster_member_list_is_busy (list))
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  /* Then what it queued (an animation may keep the loop busy for ever). */
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
show_in_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  return window;
}

static guint
find_position (GListModel *model,
               const char *username)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RosterMember) member = g_list_model_get_item (model, i);

      if (g_strcmp0 (roster_member_get_username (member), username) == 0)
        return i;
    }
  g_assert_not_reached ();
}

static void
test_counts (void)
{
  g_autoptr(RosterSnapshot) snapshot = fixture_snapshot (TRUE);
  RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (list));

  g_assert_cmpstr (roster_member_list_get_state (list), ==, "loading");
  roster_member_list_set_model (list, roster_snapshot_get_model (snapshot));
  wait_idle (list);

  g_assert_cmpstr (roster_member_list_get_state (list), ==, "list");
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_ALL), ==, 5);
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_PROBLEMS), ==, 1);
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_DEPROVISIONED), ==, 1);
  /* Ada, Grace, Alan, and Barbara who was deprovisioned but is still an
   * enterprise user of the group. */
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_ENTERPRISE), ==, 4);
  g_assert_cmpstr (roster_member_list_get_summary (list), ==, "1 member cannot sign in");
  g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, 5);

  /* Each filter shows as many rows as its count says. */
  for (guint c = 0; c < ROSTER_MEMBER_N_CATEGORIES; c++)
    {
      roster_member_list_set_category (list, c);
      wait_idle (list);
      g_assert_cmpuint (roster_member_list_get_n_visible (list), ==,
                        roster_member_list_get_count (list, c));
    }

  /* Switching filters keeps the selected member when they are still shown. */
  roster_member_list_set_category (list, ROSTER_MEMBER_CATEGORY_ALL);
  wait_idle (list);
  g_assert_true (roster_member_list_select_position (list, find_position (roster_member_list_get_visible_model (list), "aturing")));
  roster_member_list_set_category (list, ROSTER_MEMBER_CATEGORY_PROBLEMS);
  wait_idle (list);
  g_assert_nonnull (roster_member_list_get_selected (list));
  g_assert_cmpstr (roster_member_get_username (roster_member_list_get_selected (list)), ==, "aturing");
  /* … and lets go of them when they are not. */
  roster_member_list_set_category (list, ROSTER_MEMBER_CATEGORY_DEPROVISIONED);
  wait_idle (list);
  g_assert_null (roster_member_list_get_selected (list));
  roster_member_list_set_category (list, ROSTER_MEMBER_CATEGORY_PROBLEMS);
  wait_idle (list);
  {
    g_autoptr(RosterMember) alan = g_list_model_get_item (roster_member_list_get_visible_model (list), 0);

    g_assert_cmpstr (roster_member_get_username (alan), ==, "aturing");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_search (void)
{
  g_autoptr(RosterSnapshot) snapshot = fixture_snapshot (TRUE);
  RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (list));
  struct { const char *query; guint category; guint expected; } cases[] = {
    { "turing", ROSTER_MEMBER_CATEGORY_ALL, 1 },                     /* name and username */
    { "TURING", ROSTER_MEMBER_CATEGORY_ALL, 1 },                     /* any case */
    { "grace.hopper@acme", ROSTER_MEMBER_CATEGORY_ALL, 1 },          /* email */
    { "c4e8a1f2", ROSTER_MEMBER_CATEGORY_ALL, 1 },                   /* Alan's SAML NameId */
    { "aturing@acme.example", ROSTER_MEMBER_CATEGORY_ALL, 1 },       /* Alan's SCIM id */
    { "5e6f7a8b", ROSTER_MEMBER_CATEGORY_ALL, 1 },                   /* Barbara's, deprovisioned */
    { "5e6f7a8b", ROSTER_MEMBER_CATEGORY_DEPROVISIONED, 1 },
    { "5e6f7a8b", ROSTER_MEMBER_CATEGORY_PROBLEMS, 0 },
    { "acme.example", ROSTER_MEMBER_CATEGORY_ALL, 4 },
    { "nobody-has-this", ROSTER_MEMBER_CATEGORY_ALL, 0 },
    { "", ROSTER_MEMBER_CATEGORY_ALL, 5 },
  };

  roster_member_list_set_model (list, roster_snapshot_get_model (snapshot));
  wait_idle (list);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("search “%s” in %u", cases[i].query, cases[i].category);
      roster_member_list_set_category (list, cases[i].category);
      roster_member_list_set_search_text (list, cases[i].query);
      wait_idle (list);
      g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, cases[i].expected);
      g_assert_cmpstr (roster_member_list_get_state (list), ==,
                       cases[i].expected > 0 ? "list" : "no-results");
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_selection_kept (void)
{
  g_autoptr(RosterSnapshot) first = fixture_snapshot (TRUE);
  g_autoptr(RosterSnapshot) second = fixture_snapshot (FALSE);
  RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (list));
  GListModel *visible = roster_member_list_get_visible_model (list);
  RosterMember *selected;

  roster_member_list_set_model (list, roster_snapshot_get_model (first));
  wait_idle (list);
  g_assert_true (roster_member_list_select_position (list, find_position (visible, "aturing")));
  selected = roster_member_list_get_selected (list);
  g_assert_cmpstr (roster_member_get_username (selected), ==, "aturing");

  /* A refreshed snapshot: the same user stays selected. */
  roster_member_list_set_model (list, roster_snapshot_get_model (second));
  wait_idle (list);
  selected = roster_member_list_get_selected (list);
  g_assert_nonnull (selected);
  g_assert_true (g_list_model_get_item_type (roster_snapshot_get_model (second)) == ROSTER_TYPE_MEMBER);
  g_assert_cmpstr (roster_member_get_username (selected), ==, "aturing");
  g_assert_true (selected == roster_snapshot_lookup (second, 7103));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_invalidate_keeps_selection (void)
{
  g_autoptr(RosterSnapshot) snapshot = fixture_snapshot (TRUE);
  RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (list));
  GListModel *visible = roster_member_list_get_visible_model (list);
  guint notified = 0;

  roster_member_list_set_model (list, roster_snapshot_get_model (snapshot));
  wait_idle (list);

  /* In each filter, with and without a search, a reconcile (members
   * changed in place) keeps the selected member selected. */
  for (guint c = 0; c < 2; c++)
    for (guint with_search = 0; with_search < 2; with_search++)
      {
        roster_member_list_set_category (list, c == 0 ? ROSTER_MEMBER_CATEGORY_ALL
                                                      : ROSTER_MEMBER_CATEGORY_PROBLEMS);
        roster_member_list_set_search_text (list, with_search ? "turing" : "");
        wait_idle (list);
        g_assert_true (roster_member_list_select_position (list, find_position (visible, "aturing")));
        g_signal_connect_swapped (list, "notify::selected-member", G_CALLBACK (g_nullify_pointer), &notified);
        roster_snapshot_reconcile (snapshot);
        roster_member_list_invalidate (list);
        wait_idle (list);
        g_signal_handlers_disconnect_by_func (list, g_nullify_pointer, &notified);
        g_assert_nonnull (roster_member_list_get_selected (list));
        g_assert_cmpstr (roster_member_get_username (roster_member_list_get_selected (list)), ==, "aturing");
      }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_columns (void)
{
  RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  GListModel *columns = gtk_column_view_get_columns (roster_member_list_get_column_view (list));
  const char *titles[] = { "Name", "Enterprise", "Role", "SAML NameId", "SCIM ID", "Status" };

  g_object_ref_sink (list);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
      g_assert_nonnull (gtk_column_view_column_get_sorter (column));
      g_assert_true (gtk_column_view_column_get_visible (column));
    }

  roster_member_list_set_compact (list, TRUE);
  {
    g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (columns, 0);
    g_autoptr(GtkColumnViewColumn) saml = g_list_model_get_item (columns, 3);
    g_autoptr(GtkColumnViewColumn) status = g_list_model_get_item (columns, 5);

    g_assert_true (gtk_column_view_column_get_visible (name));
    g_assert_false (gtk_column_view_column_get_visible (saml));
    g_assert_true (gtk_column_view_column_get_visible (status));
  }

  g_assert_finalize_object (list);
}

static void
collect_chips (GtkWidget *widget,
               GPtrArray *chips)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_has_css_class (widget, "chip"))
    g_ptr_array_add (chips, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_chips (child, chips);
}

/* On a narrow window the filter chips wrap onto a second line instead of
 * running off the edge; on a wide one they share a line. */
static void
test_chips_wrap (void)
{
  g_autoptr(RosterSnapshot) snapshot = fixture_snapshot (TRUE);
  const int widths[] = { 360, 1200 };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
      GtkWidget *window = gtk_window_new ();
      g_autoptr(GPtrArray) chips = g_ptr_array_new ();
      GHashTable *lines = g_hash_table_new (NULL, NULL);

      gtk_window_set_default_size (GTK_WINDOW (window), widths[w], 700);
      gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (list));
      roster_member_list_set_model (list, roster_snapshot_get_model (snapshot));
      gtk_window_present (GTK_WINDOW (window));
      wait_idle (list);
      gtk_test_widget_wait_for_draw (window);

      collect_chips (GTK_WIDGET (list), chips);
      g_assert_cmpuint (chips->len, ==, ROSTER_MEMBER_N_CATEGORIES);
      for (guint i = 0; i < chips->len; i++)
        {
          GtkWidget *chip = g_ptr_array_index (chips, i);
          graphene_rect_t bounds;
          int natural;

          g_assert_true (gtk_widget_compute_bounds (chip, GTK_WIDGET (list), &bounds));
          gtk_widget_measure (chip, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
          /* Whole, at its natural width, inside the list. */
          g_assert_cmpfloat (bounds.origin.x, >=, 0);
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (list)));
          g_assert_cmpfloat (bounds.size.width, ==, natural);
          g_hash_table_add (lines, GINT_TO_POINTER ((int) bounds.origin.y + 1));
        }
      if (widths[w] < 400)
        g_assert_cmpuint (g_hash_table_size (lines), >, 1);
      else
        g_assert_cmpuint (g_hash_table_size (lines), ==, 1);

      g_hash_table_unref (lines);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
test_sort (void)
{
  g_autoptr(RosterSnapshot) snapshot = fixture_snapshot (TRUE);
  RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (list));
  GtkColumnView *view = roster_member_list_get_column_view (list);
  GListModel *visible = roster_member_list_get_visible_model (list);
  g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (gtk_column_view_get_columns (view), 0);
  g_autoptr(GtkColumnViewColumn) status = g_list_model_get_item (gtk_column_view_get_columns (view), 5);
  g_autoptr(RosterMember) first = NULL;
  g_autoptr(RosterMember) last = NULL;

  roster_member_list_set_model (list, roster_snapshot_get_model (snapshot));
  gtk_column_view_sort_by_column (view, name, GTK_SORT_ASCENDING);
  wait_idle (list);
  first = g_list_model_get_item (visible, 0);
  g_assert_cmpstr (roster_member_get_display_name (first), ==, "Ada Lovelace");
  g_clear_object (&first);

  /* Worst first. */
  gtk_column_view_sort_by_column (view, status, GTK_SORT_DESCENDING);
  wait_idle (list);
  first = g_list_model_get_item (visible, 0);
  g_assert_cmpstr (roster_member_get_username (first), ==, "aturing");
  last = g_list_model_get_item (visible, g_list_model_get_n_items (visible) - 1);
  g_assert_cmpint (roster_member_get_worst_severity (last), ==, ROSTER_SEVERITY_OK);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Cells whose tooltip depends on the row. */
static void
collect_tooltip_cells (GtkWidget  *widget,
                       GPtrArray  *identities,
                       GPtrArray  *statuses)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "identity-cell"))
    g_ptr_array_add (identities, widget);
  else if (GTK_IS_IMAGE (widget) && gtk_widget_get_has_tooltip (widget))
    g_ptr_array_add (statuses, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_tooltip_cells (child, identities, statuses);
}

static gboolean
query_tooltip (GtkWidget *widget)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  return shown;
}

static void
test_cell_tooltips (void)
{
  g_autoptr(RosterSnapshot) snapshot = fixture_snapshot (TRUE);
  RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (list));
  g_autoptr(GPtrArray) identities = g_ptr_array_new ();
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();
  guint values = 0, empty = 0;

  roster_member_list_set_model (list, roster_snapshot_get_model (snapshot));
  wait_idle (list);
  gtk_test_widget_wait_for_draw (window);

  collect_tooltip_cells (GTK_WIDGET (roster_member_list_get_column_view (list)), identities, statuses);
  g_assert_cmpuint (identities->len, >, 0);
  g_assert_cmpuint (statuses->len, >, 0);

  /* Asked for when about to show, never set on binding: setting a
   * tooltip queries the pointer, an X11 round trip per cell. */
  for (guint i = 0; i < identities->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (identities, i);
      gboolean has_value = g_strcmp0 (gtk_label_get_text (GTK_LABEL (cell)), "—") != 0;

      g_assert_null (gtk_widget_get_tooltip_text (cell));
      g_assert_true (gtk_widget_get_has_tooltip (cell));
      /* A value shows whole in its tooltip; an em dash has none. */
      g_assert_cmpint (query_tooltip (cell), ==, has_value);
      if (has_value)
        values++;
      else
        empty++;
    }
  g_assert_cmpuint (values, >, 0);
  g_assert_cmpuint (empty, >, 0);   /* Grace has no SCIM identity */

  for (guint i = 0; i < statuses->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (statuses, i);

      g_assert_null (gtk_widget_get_tooltip_text (cell));
      g_assert_true (query_tooltip (cell));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Above 5 000 members the list filters and sorts incrementally (in
 * RosterFilterModel's paced steps): switching filters still shows each
 * filter's members in the sort order, and keeps the selected member when
 * the filter shows them. */
#define MANY 6000

static GListModel *
many_members (void)
{
  GListStore *store = g_list_store_new (ROSTER_TYPE_MEMBER);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < MANY; i++)
    {
      RosterMember *member = roster_member_new (i + 1);
      g_autofree char *username = g_strdup_printf ("user%05u", i);
      /* Names in another order than the members'. */
      g_autofree char *name = g_strdup_printf ("Person %05u", (7919 * i) % MANY);

      roster_member_set_username (member, username);
      roster_member_set_name (member, name);
      roster_member_set_member (member, TRUE);
      roster_member_set_enterprise (member, i % 3 == 0);
      roster_member_set_scim_extern_uid (member, username);
      roster_member_set_scim_active (member, i % 10 == 0 ? ROSTER_SCIM_ACTIVE_FALSE
                                                         : ROSTER_SCIM_ACTIVE_TRUE);
      g_ptr_array_add (members, member);
    }
  g_list_store_splice (store, 0, 0, members->pdata, members->len);
  return G_LIST_MODEL (store);
}

static void
assert_sorted_in (GListModel           *visible,
                  RosterMemberCategory  category)
{
  g_autoptr(RosterMember) previous = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (visible); i++)
    {
      g_autoptr(RosterMember) member = g_list_model_get_item (visible, i);

      g_assert_true (roster_member_in_category (member, category));
      if (previous != NULL)
        g_assert_cmpint (g_utf8_collate (roster_member_get_display_name (previous),
                                         roster_member_get_display_name (member)), <, 0);
      g_set_object (&previous, member);
    }
}

static void
count_nobody_cb (guint            *n_nobody,
                 GParamSpec       *pspec,
                 RosterMemberList *list)
{
  if (roster_member_list_get_selected (list) == NULL)
    (*n_nobody)++;
}

static void
test_many_filtered (void)
{
  g_autoptr(GListModel) members = many_members ();
  RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (list));
  GtkColumnView *view = roster_member_list_get_column_view (list);
  GListModel *visible = roster_member_list_get_visible_model (list);
  g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (gtk_column_view_get_columns (view), 0);
  RosterMemberCategory order[] = {
    ROSTER_MEMBER_CATEGORY_ENTERPRISE, ROSTER_MEMBER_CATEGORY_DEPROVISIONED,
    ROSTER_MEMBER_CATEGORY_ALL,
  };
  RosterMember *user30;

  /* Fewer cells to make for each row: a faster test. */
  roster_member_list_set_compact (list, TRUE);
  roster_member_list_set_model (list, members);
  gtk_column_view_sort_by_column (view, name, GTK_SORT_ASCENDING);
  wait_idle (list);
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_ALL), ==, MANY);
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_ENTERPRISE), ==, MANY / 3);
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_DEPROVISIONED), ==, MANY / 10);
  g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, MANY);
  assert_sorted_in (visible, ROSTER_MEMBER_CATEGORY_ALL);

  /* user00030 is an enterprise user, deprovisioned, without problems. */
  g_assert_true (roster_member_list_select_position (list, find_position (visible, "user00030")));
  user30 = roster_member_list_get_selected (list);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_test_message ("category %u", order[i]);
      roster_member_list_set_category (list, order[i]);
      /* Busy until every row is in. */
      g_assert_true (roster_member_list_is_busy (list));
      wait_idle (list);
      g_assert_cmpuint (roster_member_list_get_n_visible (list), ==,
                        roster_member_list_get_count (list, order[i]));
      g_assert_cmpstr (roster_member_list_get_state (list), ==, "list");
      assert_sorted_in (visible, order[i]);
      g_assert_true (roster_member_list_get_selected (list) == user30);
    }

  /* Nobody has problems: the selection goes. */
  roster_member_list_set_category (list, ROSTER_MEMBER_CATEGORY_PROBLEMS);
  wait_idle (list);
  g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, 0);
  g_assert_cmpstr (roster_member_list_get_state (list), ==, "no-results");
  g_assert_null (roster_member_list_get_selected (list));
  roster_member_list_set_category (list, ROSTER_MEMBER_CATEGORY_ALL);
  wait_idle (list);
  g_assert_null (roster_member_list_get_selected (list));

  /* A search narrows the filter's rows, deleting it widens them again,
   * both in order. */
  roster_member_list_select_user (list, 31);
  wait_idle (list);
  g_assert_nonnull (roster_member_list_get_selected (list));
  g_assert_cmpstr (roster_member_get_username (roster_member_list_get_selected (list)), ==, "user00030");
  roster_member_list_set_search_text (list, "user0003");
  wait_idle (list);
  g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, 10);
  assert_sorted_in (visible, ROSTER_MEMBER_CATEGORY_ALL);
  g_assert_true (roster_member_list_get_selected (list) == user30);
  roster_member_list_set_search_text (list, "");
  wait_idle (list);
  g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, MANY);
  assert_sorted_in (visible, ROSTER_MEMBER_CATEGORY_ALL);
  g_assert_true (roster_member_list_get_selected (list) == user30);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A refresh of many members: new members for the same users. The first
 * rows are new members at once; the same user ends selected, never nobody
 * in between; and so after a sort by a column. */
static void
test_refresh_many (void)
{
  g_autoptr(GListModel) members = many_members ();
  g_autoptr(GListModel) again = many_members ();
  RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (list));
  GListModel *visible = roster_member_list_get_visible_model (list);
  g_autoptr(RosterMember) first = NULL;
  g_autoptr(RosterMember) first_again = g_list_model_get_item (again, 0);
  RosterMember *user30;
  guint n_nobody = 0;
  gulong id;

  roster_member_list_set_compact (list, TRUE);
  roster_member_list_set_model (list, members);
  wait_idle (list);
  g_assert_true (roster_member_list_select_position (list, find_position (visible, "user00030")));
  user30 = roster_member_list_get_selected (list);
  id = g_signal_connect_swapped (list, "notify::selected-member", G_CALLBACK (count_nobody_cb), &n_nobody);

  roster_member_list_set_model (list, again);
  first = g_list_model_get_item (visible, 0);
  g_assert_true (first == first_again);
  wait_idle (list);
  g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, MANY);
  g_assert_cmpstr (roster_member_get_username (roster_member_list_get_selected (list)), ==, "user00030");
  g_assert_true (roster_member_list_get_selected (list) != user30);
  g_assert_cmpuint (n_nobody, ==, 0);

  /* Sorted by a column, Z to A: in one change when done, the same user
   * still selected. */
  {
    GtkColumnView *view = roster_member_list_get_column_view (list);
    g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (gtk_column_view_get_columns (view), 0);
    RosterMember *selected = roster_member_list_get_selected (list);
    g_autoptr(RosterMember) top = NULL;
    g_autoptr(RosterMember) bottom = NULL;

    gtk_column_view_sort_by_column (view, name, GTK_SORT_DESCENDING);
    g_assert_true (roster_member_list_is_busy (list));
    wait_idle (list);
    g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, MANY);
    top = g_list_model_get_item (visible, 0);
    bottom = g_list_model_get_item (visible, MANY - 1);
    g_assert_cmpint (g_utf8_collate (roster_member_get_display_name (top),
                                     roster_member_get_display_name (bottom)), >, 0);
    g_assert_true (roster_member_list_get_selected (list) == selected);
    g_assert_cmpuint (n_nobody, ==, 0);
  }

  g_signal_handler_disconnect (list, id);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_detail (void)
{
  g_autoptr(RosterSnapshot) snapshot = fixture_snapshot (TRUE);
  RosterMemberDetail *detail = ROSTER_MEMBER_DETAIL (roster_member_detail_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (detail));
  RosterIdentityView *identities = roster_member_detail_get_identity_view (detail);
  GtkLabel *saml;
  GtkLabel *scim;

  roster_member_detail_set_context (detail, "https://gitlab.example.com", "acme-corp", 4242);

  /* Alan: his SCIM id is his email, his NameId a UUID. */
  roster_member_detail_set_member (detail, roster_snapshot_lookup (snapshot, 7103));
  saml = roster_identity_view_get_value_label (identities, ROSTER_IDENTITY_SLOT_SAML);
  scim = roster_identity_view_get_value_label (identities, ROSTER_IDENTITY_SLOT_SCIM);
  g_assert_cmpstr (gtk_label_get_text (saml), ==, "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_cmpstr (gtk_label_get_text (scim), ==, "aturing@acme.example");
  g_assert_true (ui_test_label_has_background (saml));
  g_assert_true (ui_test_label_has_background (scim));
  g_assert_true (strstr (gtk_label_get_text (roster_identity_view_get_verdict (identities)), "differ") != NULL);
  g_assert_cmpuint (roster_member_detail_get_n_findings_shown (detail), ==, 1);

  /* Ada: both agree, nothing highlighted, no findings. */
  roster_member_detail_set_member (detail, roster_snapshot_lookup (snapshot, 7101));
  g_assert_false (ui_test_label_has_background (saml));
  g_assert_false (ui_test_label_has_background (scim));
  g_assert_true (strstr (gtk_label_get_text (roster_identity_view_get_verdict (identities)), "match") != NULL);
  g_assert_cmpuint (roster_member_detail_get_n_findings_shown (detail), ==, 0);

  /* Dennis: no identities at all. */
  roster_member_detail_set_member (detail, roster_snapshot_lookup (snapshot, 7110));
  g_assert_cmpstr (gtk_label_get_text (saml), ==, "No SAML identity");
  g_assert_null (roster_identity_view_get_value (identities, ROSTER_IDENTITY_SLOT_SAML));

  roster_member_detail_set_member (detail, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* What the list shows, for the checks below: the icons and the numbers on
 * screen. */
static void
collect_mapped (GtkWidget  *widget,
                GPtrArray  *images,
                GPtrArray  *numbers)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_IMAGE (widget))
    g_ptr_array_add (images, widget);
  else if (GTK_IS_LABEL (widget)
           && gtk_widget_get_ancestor (widget, GTK_TYPE_TOGGLE_BUTTON) != NULL
           && *gtk_label_get_text (GTK_LABEL (widget)) != '\0'
           && strspn (gtk_label_get_text (GTK_LABEL (widget)), "0123456789")
              == strlen (gtk_label_get_text (GTK_LABEL (widget))))
    g_ptr_array_add (numbers, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mapped (child, images, numbers);
}

static guint
count_icons (GPtrArray  *images,
             const char *icon_name)
{
  guint n = 0;

  for (guint i = 0; i < images->len; i++)
    if (g_strcmp0 (gtk_image_get_icon_name (g_ptr_array_index (images, i)), icon_name) == 0)
      n++;
  return n;
}

/* While a group loads, its rows show before their identities are compared.
 * Until they are, nothing may say that a member is fine: no check mark, no
 * "No problems found", no count of problems; then the verdicts come, in the
 * order asked for. */
static void
test_pending (void)
{
  g_autoptr(RosterSnapshot) snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");
  g_autoptr(GPtrArray) members = fixture_parse ("group-members.json", 0);
  g_autoptr(GPtrArray) saml = fixture_parse ("rest-saml-identities.json", 1);
  g_autoptr(GPtrArray) scim = fixture_parse ("rest-scim-identities.json", 2);
  g_autoptr(GPtrArray) enterprise = fixture_parse ("enterprise-users.json", 3);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  RosterMemberList *list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  RosterMemberDetail *detail = ROSTER_MEMBER_DETAIL (roster_member_detail_new ());
  GtkWidget *window;
  GtkColumnView *view = roster_member_list_get_column_view (list);
  g_autoptr(GtkColumnViewColumn) status = g_list_model_get_item (gtk_column_view_get_columns (view), 5);
  GListModel *visible = roster_member_list_get_visible_model (list);
  RosterMember *alan;

  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (list));
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (detail));
  gtk_paned_set_position (GTK_PANED (paned), 900);
  window = show_in_window (paned);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 700);
  g_signal_connect_swapped (snapshot, "summary-changed", G_CALLBACK (roster_member_list_invalidate), list);

  /* The members, as the loader adds them: rows, not compared yet. */
  for (guint i = 0; i < members->len; i++)
    g_ptr_array_add (rows, roster_snapshot_member_row_new (g_ptr_array_index (members, i)));
  roster_snapshot_add_rows (snapshot, rows);
  roster_member_list_set_loading (list, TRUE);
  roster_member_list_set_model (list, roster_snapshot_get_model (snapshot));
  gtk_column_view_sort_by_column (view, status, GTK_SORT_DESCENDING);
  wait_idle (list);
  gtk_test_widget_wait_for_draw (window);
  alan = roster_snapshot_lookup (snapshot, 7103);
  roster_member_detail_set_member (detail, alan);
  wait_idle (list);

  /* The four members (the fifth user holds only identities). */
  g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, 4);
  g_assert_true (roster_member_get_pending (alan));
  g_assert_null (roster_member_list_get_summary (list));
  g_assert_cmpuint (roster_member_list_get_counts (list)->pending, ==, 4);
  collect_mapped (GTK_WIDGET (list), images, numbers);
  g_assert_cmpuint (count_icons (images, "emblem-ok-symbolic"), ==, 0);
  g_assert_cmpuint (count_icons (images, "dialog-warning-symbolic"), ==, 0);
  g_assert_cmpuint (count_icons (images, "content-loading-symbolic"), ==, 4);
  /* The only count shown is All's: the others come from the comparison. */
  g_assert_cmpuint (numbers->len, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (numbers, 0)), ==, "4");
  {
    g_autofree char *text = roster_member_status_text (alan);

    g_assert_cmpstr (text, ==, "Not checked yet");
  }
  /* The detail pane: no identity verdict, no findings, yet. */
  g_assert_true (roster_member_detail_get_member (detail) == alan);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (roster_member_detail_get_identity_view (detail))));
  g_assert_cmpuint (roster_member_detail_get_n_findings_shown (detail), ==, 0);

  /* The rest arrives and is compared: the verdicts replace the waiting,
   * and the list sorts again by status, worst first. */
  roster_snapshot_set_identities (snapshot, ROSTER_IDENTITY_SAML, saml);
  roster_snapshot_set_identities (snapshot, ROSTER_IDENTITY_SCIM, scim);
  roster_snapshot_set_enterprise_users (snapshot, enterprise, TRUE);
  roster_snapshot_finish (snapshot);
  roster_member_list_set_loading (list, FALSE);
  wait_idle (list);
  gtk_test_widget_wait_for_draw (window);

  g_assert_false (roster_member_get_pending (alan));
  g_assert_cmpuint (roster_member_list_get_counts (list)->pending, ==, 0);
  g_assert_cmpstr (roster_member_list_get_summary (list), ==, "1 member cannot sign in");
  g_ptr_array_set_size (images, 0);
  g_ptr_array_set_size (numbers, 0);
  collect_mapped (GTK_WIDGET (list), images, numbers);
  g_assert_cmpuint (count_icons (images, "content-loading-symbolic"), ==, 0);
  g_assert_cmpuint (count_icons (images, "dialog-error-symbolic"), ==, 1);
  g_assert_cmpuint (count_icons (images, "emblem-ok-symbolic"), >, 0);
  g_assert_cmpuint (numbers->len, ==, ROSTER_MEMBER_N_CATEGORIES);
  {
    g_autoptr(RosterMember) first = g_list_model_get_item (visible, 0);

    g_assert_true (first == alan);
  }
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (roster_member_detail_get_identity_view (detail))));
  g_assert_cmpuint (roster_member_detail_get_n_findings_shown (detail), ==, 1);

  roster_member_detail_set_member (detail, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_identity_view (void)
{
  RosterIdentityView *view = ROSTER_IDENTITY_VIEW (roster_identity_view_new ());
  g_autofree char *escaped = NULL;

  g_object_ref_sink (view);

  /* Case only. */
  roster_identity_view_set_values (view, "ATuring@acme.example", "aturing@acme.example", NULL, FALSE);
  g_assert_true (strstr (gtk_label_get_text (roster_identity_view_get_verdict (view)),
                         "letter case") != NULL);
  g_assert_true (ui_test_label_has_background (roster_identity_view_get_value_label (view, ROSTER_IDENTITY_SLOT_SAML)));

  /* The IdP's value: a third row, compared with the NameId. */
  roster_identity_view_set_values (view, "abc", "abc", "abd", TRUE);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (
    GTK_WIDGET (roster_identity_view_get_value_label (view, ROSTER_IDENTITY_SLOT_IDP)), GTK_TYPE_LIST_BOX_ROW)));
  g_assert_true (ui_test_label_has_background (roster_identity_view_get_value_label (view, ROSTER_IDENTITY_SLOT_IDP)));
  g_assert_true (ui_test_label_has_background (roster_identity_view_get_value_label (view, ROSTER_IDENTITY_SLOT_SAML)));
  g_assert_false (ui_test_label_has_background (roster_identity_view_get_value_label (view, ROSTER_IDENTITY_SLOT_SCIM)));

  /* Invisible characters become visible; invalid UTF-8 does not reach Pango. */
  escaped = roster_identity_display_text ("a\tb\xff");
  g_assert_cmpstr (escaped, ==, "a\\x09b\\xFF");
  roster_identity_view_set_values (view, "a\xff", "a", NULL, FALSE);
  g_assert_cmpstr (gtk_label_get_text (roster_identity_view_get_value_label (view, ROSTER_IDENTITY_SLOT_SAML)),
                   ==, "a\\xFF");

  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/roster/member-list/counts", test_counts);
  g_test_add_func ("/roster/member-list/search", test_search);
  g_test_add_func ("/roster/member-list/selection-kept", test_selection_kept);
  g_test_add_func ("/roster/member-list/invalidate-keeps-selection", test_invalidate_keeps_selection);
  g_test_add_func ("/roster/member-list/columns", test_columns);
  g_test_add_func ("/roster/member-list/sort", test_sort);
  g_test_add_func ("/roster/member-list/chips-wrap", test_chips_wrap);
  g_test_add_func ("/roster/member-list/cell-tooltips", test_cell_tooltips);
  g_test_add_func ("/roster/member-list/many-filtered", test_many_filtered);
  g_test_add_func ("/roster/member-list/refresh-many", test_refresh_many);
  g_test_add_func ("/roster/member-list/detail", test_detail);
  g_test_add_func ("/roster/member-list/pending", test_pending);
  g_test_add_func ("/roster/member-list/identity-view", test_identity_view);

  return g_test_run ();
}
