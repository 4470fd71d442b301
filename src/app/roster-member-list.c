/* roster-member-list.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-member-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "roster-filter-model.h"
#include "roster-member-list.h"
#include "roster-sort-latch.h"
#include "roster-text.h"
#include "roster-wrap-box.h"

/* The member list: the summary line, the filters with their counts, the
 * search bar and a GtkColumnView, which recycles its rows and so stays
 * smooth at 100 000 members.
 *
 * Models: members → GtkSortListModel (the column sorter) →
 * RosterSortLatch (the sorted order, once sorted) → RosterFilterModel
 * (filter ∧ search) → GtkSingleSelection. Sorting sits under filtering so
 * that typing a search or switching a filter never re-sorts; above a few
 * thousand members both work incrementally, so that neither stalls the
 * main loop, and a sort shows in one change when done (GTK 4.8's steps
 * each moved thousands of rows: see roster-sort-latch.c). RosterFilterModel rather than
 * GtkFilterListModel: a filter change then shows the new rows on screen
 * at once and changes the others a few at a time (GTK 4.8 destroyed and
 * created some 200 rows of cells in one go: see roster-filter-model.c).
 * The counts are computed in slices too (see count_tick ()). */

#define COUNT_SLICE        8000  /* members counted per main loop turn */
#define COUNT_SYNC_LIMIT   5000  /* up to this many are counted at once */

typedef void (*CellUpdateFunc) (GtkListItem  *item,
                                RosterMember *member);

struct _RosterMemberList
{
  AdwBin                parent_instance;

  /* owned */
  GListModel           *members;
  GtkSortListModel     *sort_model;
  RosterSortLatch      *sort_latch;
  RosterFilterModel    *filter_model;
  GtkSingleSelection   *selection;
  GtkCustomFilter      *category_filter;
  GtkCustomFilter      *search_filter;
  char                 *folded_query;
  char                 *summary;
  GtkWidget            *chips[ROSTER_MEMBER_N_CATEGORIES];
  GtkLabel             *chip_counts[ROSTER_MEMBER_N_CATEGORIES];
  GtkColumnViewColumn  *compact_hidden[4];

  /* template children */
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkImage             *summary_icon;
  GtkLabel             *summary_label;
  RosterWrapBox        *chips_box;
  GtkStack             *stack;
  AdwStatusPage        *loading_page;
  GtkSpinner           *spinner;
  AdwStatusPage        *no_results_page;
  GtkColumnView        *column_view;

  /* state */
  RosterMemberCategory  category;
  gboolean              loading;
  gint64                pending_user_id;  /* to select when it shows up; 0 none */
  gboolean              reselecting;      /* refiltering after invalidate () */
  guint                 give_up_source;
  RosterMemberCounts    counts;           /* published */
  RosterMemberCounts    counting;         /* the pass in progress */
  guint                 counted;          /* members counted by the pass */
  gboolean              recounting;       /* the pass started over: publish at the end */
  guint                 count_source;
  gboolean              compact_requested; /* by the window, when folded */
  gboolean              narrow;            /* too narrow for every column */
  guint                 narrow_source;
};

/* Below this width the identity columns leave no room for names, so the
 * list goes compact (name and status) even when the window is not folded:
 * the detail pane beside it shows the rest. Two thresholds, so that a
 * width near one of them does not make the columns flicker. */
#define NARROW_BELOW 780
#define WIDE_FROM    820

G_DEFINE_FINAL_TYPE (RosterMemberList, roster_member_list, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SELECTED_MEMBER,
  PROP_SEARCH_MODE_ENABLED,
  PROP_CATEGORY,
  PROP_SUMMARY,
  N_PROPS
};

enum
{
  MEMBER_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_state (RosterMemberList *self);

/* ---- Cells ------------------------------------------------------------ */

static void
member_notify_cb (RosterMember *member,
                  GParamSpec   *pspec,
                  GtkListItem  *item)
{
  CellUpdateFunc update = g_object_get_data (G_OBJECT (item), "roster-update");

  update (item, member);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         CellUpdateFunc            update)
{
  RosterMember *member = gtk_list_item_get_item (item);
  gulong id;

  update (item, member);
  /* A refresh may update a member in place. */
  g_object_set_data (G_OBJECT (item), "roster-update", update);
  id = g_signal_connect (member, "notify", G_CALLBACK (member_notify_cb), item);
  g_object_set_data (G_OBJECT (item), "roster-notify-id", GSIZE_TO_POINTER (id));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  RosterMember *member = gtk_list_item_get_item (item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "roster-notify-id"));

  if (member != NULL && id != 0)
    g_signal_handler_disconnect (member, id);
  g_object_set_data (G_OBJECT (item), "roster-notify-id", NULL);
}

static GtkWidget *
new_cell_label (gboolean dim)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
setup_person_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *avatar = adw_avatar_new (32, NULL, TRUE);
  GtkWidget *username = new_cell_label (TRUE);

  gtk_widget_add_css_class (username, "caption");
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (texts), new_cell_label (FALSE));
  gtk_box_append (GTK_BOX (texts), username);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_item_set_child (item, box);
}

static void
update_person (GtkListItem  *item,
               RosterMember *member)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *avatar = gtk_widget_get_first_child (box);
  GtkWidget *texts = gtk_widget_get_next_sibling (avatar);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *username = gtk_widget_get_next_sibling (name);
  const char *display_name = roster_member_get_display_name (member);
  const char *login = roster_member_get_username (member);
  g_autofree char *at_login = NULL;

  adw_avatar_set_text (ADW_AVATAR (avatar), display_name);
  gtk_label_set_text (GTK_LABEL (name), display_name);
  if (login != NULL)
    at_login = g_strconcat ("@", login, NULL);
  gtk_label_set_text (GTK_LABEL (username), at_login != NULL ? at_login : "");
  gtk_widget_set_visible (username, login != NULL);
}

static void
setup_badge_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *badge = gtk_label_new (_("Enterprise"));

  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge, "caption");
  gtk_widget_set_halign (badge, GTK_ALIGN_START);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (badge, _("An enterprise user: their account is managed by "
                                        "the group"));
  gtk_list_item_set_child (item, badge);
}

static void
update_badge (GtkListItem  *item,
              RosterMember *member)
{
  gtk_widget_set_visible (gtk_list_item_get_child (item), roster_member_get_enterprise (member));
}

/* Tooltips that depend on the row are asked for when they are about to
 * show, not set when a row is bound: gtk_widget_set_tooltip_text() on a
 * shown widget queries the pointer's position, which on X11 is a round trip
 * to the server holding a server grab. Binding a screenful of rows after a
 * scroll did that for every cell, and took more time than drawing them. */
typedef char *(*CellTooltipFunc) (RosterMember *member);

static gboolean
cell_query_tooltip_cb (GtkWidget   *widget,
                       int          x,
                       int          y,
                       gboolean     keyboard_mode,
                       GtkTooltip  *tooltip,
                       GtkListItem *item)
{
  CellTooltipFunc func = g_object_get_data (G_OBJECT (widget), "roster-tooltip");
  RosterMember *member = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (member == NULL || !(text = func (member)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
set_cell_tooltip_func (GtkListItem     *item,
                       GtkWidget       *widget,
                       CellTooltipFunc  func)
{
  g_object_set_data (G_OBJECT (widget), "roster-tooltip", func);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect_object (widget, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), item, 0);
}

static char *
saml_tooltip (RosterMember *member)
{
  const char *value = roster_member_get_saml_extern_uid (member);

  return value != NULL ? roster_text_escape (value) : NULL;
}

static char *
scim_tooltip (RosterMember *member)
{
  const char *value = roster_member_get_scim_extern_uid (member);

  return value != NULL ? roster_text_escape (value) : NULL;
}

typedef enum
{
  LABEL_PLAIN,
  LABEL_SAML,
  LABEL_SCIM,
} LabelKind;

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  LabelKind kind = GPOINTER_TO_INT (user_data);
  GtkWidget *label = new_cell_label (FALSE);

  if (kind != LABEL_PLAIN)
    {
      /* An identity: the whole value shows in the tooltip. */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (label, "identity-cell");
      set_cell_tooltip_func (item, label, kind == LABEL_SAML ? saml_tooltip : scim_tooltip);
    }
  gtk_list_item_set_child (item, label);
}

static void
update_role (GtkListItem  *item,
             RosterMember *member)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), roster_member_role_label (member));
  if (roster_member_get_member (member))
    gtk_widget_remove_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, "dim-label");
}

static void
update_identity_label (GtkWidget  *label,
                       const char *value)
{
  if (value == NULL)
    {
      /* An em dash: nothing there. */
      gtk_label_set_text (GTK_LABEL (label), "—");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_remove_css_class (label, "monospace");
    }
  else
    {
      g_autofree char *text = roster_text_escape (value);

      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "monospace");
    }
}

static void
update_saml (GtkListItem  *item,
             RosterMember *member)
{
  update_identity_label (gtk_list_item_get_child (item),
                         roster_member_get_saml_extern_uid (member));
}

static void
update_scim (GtkListItem  *item,
             RosterMember *member)
{
  update_identity_label (gtk_list_item_get_child (item),
                         roster_member_get_scim_extern_uid (member));
}

static void
setup_status_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *image = gtk_image_new ();

  gtk_widget_set_halign (image, GTK_ALIGN_CENTER);
  set_cell_tooltip_func (item, image, roster_member_status_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Status"),
                                  -1);
  gtk_list_item_set_child (item, image);
}

static void
update_status (GtkListItem  *item,
               RosterMember *member)
{
  static const char * const classes[] = { "success", "dim-label", "warning", "error" };
  GtkWidget *image = gtk_list_item_get_child (item);
  /* Not checked yet: dimmed, like an info. */
  guint style = roster_member_get_pending (member) ? ROSTER_SEVERITY_INFO
                                                  : roster_member_get_worst_severity (member);
  g_autofree char *text = roster_member_status_text (member);

  G_STATIC_ASSERT (ROSTER_SEVERITY_INFO == 1);
  gtk_image_set_from_icon_name (GTK_IMAGE (image), roster_member_status_icon (member));
  /* Only what changes: a class removed and added again would restyle the
   * cell all the same. */
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (i != style)
      gtk_widget_remove_css_class (image, classes[i]);
  if (style < G_N_ELEMENTS (classes))
    gtk_widget_add_css_class (image, classes[style]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  /* Not checked yet sorts below ok. */
  int sa = roster_member_get_pending ((RosterMember *) a) ? -1
           : (int) roster_member_get_worst_severity ((RosterMember *) a);
  int sb = roster_member_get_pending ((RosterMember *) b) ? -1
           : (int) roster_member_get_worst_severity ((RosterMember *) b);

  return (sa > sb) - (sa < sb);
}

static GtkColumnViewColumn *
add_column (RosterMemberList *self,
            const char       *title,
            GCallback         setup,
            gpointer          setup_data,
            CellUpdateFunc    update,
            GtkSorter        *sorter,
            gboolean          expand,
            int               fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, setup_data);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), update);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_expand (column, expand);
  g_object_set_data (G_OBJECT (column), "roster-expand", GINT_TO_POINTER (expand));
  g_object_set_data (G_OBJECT (column), "roster-width", GINT_TO_POINTER (fixed_width));
  gtk_column_view_column_set_resizable (column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
  g_clear_object (&sorter);

  return column;
}

static GtkSorter *
string_sorter (const char *property)
{
  GtkStringSorter *sorter;

  sorter = gtk_string_sorter_new (gtk_property_expression_new (ROSTER_TYPE_MEMBER, NULL, property));
  gtk_string_sorter_set_ignore_case (sorter, TRUE);
  return GTK_SORTER (sorter);
}

static GtkSorter *
numeric_sorter (const char *property)
{
  return GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (ROSTER_TYPE_MEMBER,
                                                                          NULL, property)));
}

static void
build_columns (RosterMemberList *self)
{
  add_column (self, _("Name"), G_CALLBACK (setup_person_cb), NULL, update_person,
              string_sorter ("display-name"), TRUE, -1);
  self->compact_hidden[0] =
    add_column (self, _("Enterprise"), G_CALLBACK (setup_badge_cb), NULL, update_badge,
                numeric_sorter ("enterprise"), FALSE, -1);
  self->compact_hidden[1] =
    add_column (self, _("Role"), G_CALLBACK (setup_label_cb), GINT_TO_POINTER (LABEL_PLAIN),
                update_role, numeric_sorter ("access-level"), FALSE, 110);
  /* Identity values are long: they get a fixed share (ellipsized in the
   * middle, where values differ least often), names the rest. */
  self->compact_hidden[2] =
    add_column (self, _("SAML NameId"), G_CALLBACK (setup_label_cb), GINT_TO_POINTER (LABEL_SAML),
                update_saml, string_sorter ("saml-extern-uid"), FALSE, 160);
  self->compact_hidden[3] =
    add_column (self, _("SCIM ID"), G_CALLBACK (setup_label_cb), GINT_TO_POINTER (LABEL_SCIM),
                update_scim, string_sorter ("scim-extern-uid"), FALSE, 160);
  add_column (self, _("Status"), G_CALLBACK (setup_status_cb), NULL, update_status,
              GTK_SORTER (gtk_custom_sorter_new (compare_severity, NULL, NULL)), FALSE, 80);
}

/* ---- Counts ----------------------------------------------------------- */

/* Shows the published counts: on the filters, and as the summary line. */
static void
show_counts (RosterMemberList *self)
{
  guint problems;
  gboolean verdict;

  problems = self->counts.categories[ROSTER_MEMBER_CATEGORY_PROBLEMS];
  /* A verdict only once every member is checked: while a group loads, its
   * rows show before their identities are compared, and "No problems
   * found" then would be a guess. */
  verdict = self->members != NULL && self->counts.pending == 0
            && !(self->loading && self->counts.categories[ROSTER_MEMBER_CATEGORY_ALL] == 0);

  for (guint c = 0; c < ROSTER_MEMBER_N_CATEGORIES; c++)
    {
      /* Every category but All depends on the comparison. */
      gboolean known = verdict || c == ROSTER_MEMBER_CATEGORY_ALL;
      g_autofree char *count = g_strdup_printf ("%u", self->counts.categories[c]);
      g_autofree char *label = NULL;

      gtk_label_set_text (self->chip_counts[c], count);
      gtk_widget_set_visible (GTK_WIDGET (self->chip_counts[c]), known);
      /* Translators: a filter and how many users it shows: "Problems, 3". */
      label = known ? g_strdup_printf (_("%s, %u"), roster_member_category_title (c),
                                       self->counts.categories[c])
                    : g_strdup (roster_member_category_title (c));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->chips[c]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }

  g_clear_pointer (&self->summary, g_free);
  if (!verdict)
    {
      const char *text = "";

      if (self->loading)
        text = _("Loading…");
      else if (self->counts.pending > 0)
        /* A load that stopped (failed or cancelled) before the end. */
        text = _("Identities not compared yet");
      gtk_label_set_text (self->summary_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->summary_icon), FALSE);
    }
  else
    {
      self->summary = roster_member_counts_summary (&self->counts);
      gtk_label_set_text (self->summary_label, self->summary);
      gtk_widget_set_visible (GTK_WIDGET (self->summary_icon), TRUE);
      gtk_image_set_from_icon_name (self->summary_icon,
                                    problems > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon),
                                   problems > 0 ? "success" : "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon),
                                problems > 0 ? "warning" : "success");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

static void
publish_counts (RosterMemberList *self)
{
  self->counts = self->counting;
  show_counts (self);
}

/* Counts the next slice; TRUE when all members are counted. */
static gboolean
count_slice (RosterMemberList *self,
             guint             limit)
{
  guint n = self->members != NULL ? g_list_model_get_n_items (self->members) : 0;
  guint end = MIN (n, self->counted + limit);

  for (; self->counted < end; self->counted++)
    {
      g_autoptr(RosterMember) member = g_list_model_get_item (self->members, self->counted);

      roster_member_counts_add (&self->counting, member);
    }

  return self->counted >= n;
}

static gboolean
count_tick (gpointer user_data)
{
  RosterMemberList *self = user_data;
  gboolean done = count_slice (self, COUNT_SLICE);

  if (done || !self->recounting)
    publish_counts (self);
  if (done)
    {
      self->recounting = FALSE;
      self->count_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Counting goes on from where it is when members were appended, and
 * starts over when any were removed, replaced or inserted before. */
static void
schedule_count (RosterMemberList *self,
                gboolean          restart)
{
  guint n = self->members != NULL ? g_list_model_get_n_items (self->members) : 0;

  if (restart)
    {
      memset (&self->counting, 0, sizeof self->counting);
      self->counted = 0;
      self->recounting = TRUE;
    }

  if (self->count_source == 0 && n - MIN (n, self->counted) <= COUNT_SYNC_LIMIT)
    {
      count_slice (self, COUNT_SYNC_LIMIT);
      self->recounting = FALSE;
      publish_counts (self);
      return;
    }

  if (self->count_source == 0)
    self->count_source = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 16, count_tick, self, NULL);
}

/* ---- Filtering -------------------------------------------------------- */

static gboolean
category_filter_func (gpointer item,
                      gpointer user_data)
{
  RosterMemberList *self = user_data;

  return roster_member_in_category (item, self->category);
}

static gboolean
search_filter_func (gpointer item,
                    gpointer user_data)
{
  RosterMemberList *self = user_data;

  return roster_member_matches (item, self->folded_query);
}

static void
update_no_results (RosterMemberList *self)
{
  const char *icon = "edit-find-symbolic";
  const char *title = _("No Results Found");
  const char *description = _("Try a different search");

  if (self->folded_query == NULL || *self->folded_query == '\0')
    {
      switch (self->category)
        {
        case ROSTER_MEMBER_CATEGORY_PROBLEMS:
          icon = "emblem-ok-symbolic";
          title = _("No Problems");
          description = _("Everyone’s SAML and SCIM identities agree");
          break;
        case ROSTER_MEMBER_CATEGORY_ENTERPRISE:
          icon = "system-users-symbolic";
          title = _("No Enterprise Users");
          description = _("No member’s account is managed by this group");
          break;
        case ROSTER_MEMBER_CATEGORY_DEPROVISIONED:
          icon = "system-users-symbolic";
          title = _("Nobody Deprovisioned");
          description = _("Every SCIM identity in this group is active");
          break;
        case ROSTER_MEMBER_CATEGORY_ALL:
        default:
          break;
        }
    }

  adw_status_page_set_icon_name (self->no_results_page, icon);
  adw_status_page_set_title (self->no_results_page, title);
  adw_status_page_set_description (self->no_results_page, description);
}

/* Whether the rows are still being sorted or filtered. */
static gboolean
rows_changing (RosterMemberList *self)
{
  return roster_filter_model_get_pending (self->filter_model) > 0
         || gtk_sort_list_model_get_pending (self->sort_model) > 0
         || roster_sort_latch_get_pending (self->sort_latch);
}

static void
update_state (RosterMemberList *self)
{
  guint n_all = self->members != NULL ? g_list_model_get_n_items (self->members) : 0;
  guint n_visible = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  gboolean filtering = rows_changing (self);
  const char *page;

  if (n_all == 0)
    page = self->loading || self->members == NULL ? "loading" : "empty";
  else if (n_visible > 0)
    page = "list";
  else if (self->loading || filtering)
    page = g_str_equal (gtk_stack_get_visible_child_name (self->stack), "list") ? "list" : "loading";
  else
    page = "no-results";

  if (g_str_equal (page, "no-results"))
    update_no_results (self);

  gtk_spinner_set_spinning (self->spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
filter_items_changed_cb (GListModel       *model,
                         guint             position,
                         guint             removed,
                         guint             added,
                         RosterMemberList *self)
{
  if (self->pending_user_id != 0)
    {
      for (guint i = position; i < position + added; i++)
        {
          g_autoptr(RosterMember) member = g_list_model_get_item (model, i);

          if (roster_member_get_user_id (member) == self->pending_user_id)
            {
              self->pending_user_id = 0;
              self->reselecting = FALSE;
              gtk_single_selection_set_selected (self->selection, i);
              break;
            }
        }
    }

  update_state (self);
}

/* Before refiltering: the selected member stays selected if still shown. */
static void
keep_selection (RosterMemberList *self)
{
  RosterMember *selected = gtk_single_selection_get_selected_item (self->selection);

  if (selected == NULL)
    return;
  self->pending_user_id = roster_member_get_user_id (selected);
  self->reselecting = TRUE;
}

static gboolean
give_up_reselecting_cb (gpointer user_data)
{
  RosterMemberList *self = user_data;

  self->give_up_source = 0;
  if (!self->reselecting || rows_changing (self))
    return G_SOURCE_REMOVE;

  /* Refiltered, and the selected member is not among the rows any more. */
  self->reselecting = FALSE;
  if (self->pending_user_id != 0)
    {
      self->pending_user_id = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_MEMBER]);
    }
  return G_SOURCE_REMOVE;
}

static void
filter_pending_cb (RosterMemberList *self)
{
  /* Filtering is over: look for the selected member once what it queued
   * has run. */
  if (self->reselecting && !rows_changing (self) && self->give_up_source == 0)
    self->give_up_source = g_idle_add (give_up_reselecting_cb, self);
  update_state (self);
}

/* The sort is done and about to show, in one change of every row that
 * moved: as for a refresh, the rows on screen change at once and those
 * around them stay a while (see roster_filter_model_keep_rows ()). */
static void
sorted_cb (RosterMemberList *self)
{
  if (!roster_sort_latch_get_pending (self->sort_latch))
    roster_filter_model_keep_rows (self->filter_model);
  filter_pending_cb (self);
}

/* Where the view is, for the filter model to change few rows at a time
 * there: the rows all have the same height, so the share of the height
 * scrolled tells the row well enough. */
static void
update_focus (RosterMemberList *self,
              GtkAdjustment    *adjustment)
{
  double upper = gtk_adjustment_get_upper (adjustment);
  guint n;
  double row;
  double rows_shown;

  if (self->filter_model == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  if (upper <= 0 || n == 0)
    {
      roster_filter_model_set_focus (self->filter_model, 0, 0);
      return;
    }
  row = gtk_adjustment_get_value (adjustment) / upper * n;
  /* And the row partly shown at the bottom. */
  rows_shown = gtk_adjustment_get_page_size (adjustment) / upper * n + 1;
  roster_filter_model_set_focus (self->filter_model, (guint) CLAMP (row, 0, n),
                                 (guint) CLAMP (rows_shown, 1, n));
}

/* Up to this many members, new members are filtered and sorted at once:
 * the first page of members shows at once, even when the main loop is too
 * busy for the incremental filter's idle callbacks to run (member pages
 * arriving). A filter change always goes in steps (see
 * roster-filter-model.c). */
#define INCREMENTAL_FROM 5000

static void
update_incremental (RosterMemberList *self)
{
  guint n = self->members != NULL ? g_list_model_get_n_items (self->members) : 0;
  gboolean incremental = n > INCREMENTAL_FROM;

  roster_filter_model_set_incremental (self->filter_model, incremental);
  gtk_sort_list_model_set_incremental (self->sort_model, incremental);
}

static void
members_changed_cb (GListModel       *model,
                    guint             position,
                    guint             removed,
                    guint             added,
                    RosterMemberList *self)
{
  /* Runs before the sort and filter models hear of the change. */
  update_incremental (self);
  schedule_count (self, removed > 0 || position < self->counted);
  update_state (self);
}

static void
selected_item_cb (RosterMemberList *self)
{
  g_debug ("Selection now %p (pending %" G_GINT64_FORMAT ")",
           gtk_single_selection_get_selected_item (self->selection), self->pending_user_id);
  /* Refiltering takes the row away for a moment: the member is still the
   * one shown until refiltering says otherwise. */
  if (self->reselecting && self->pending_user_id != 0
      && gtk_single_selection_get_selected_item (self->selection) == NULL)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_MEMBER]);
}

static void
activate_cb (GtkColumnView    *view,
             guint             position,
             RosterMemberList *self)
{
  g_autoptr(RosterMember) member = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (member != NULL)
    g_signal_emit (self, signals[MEMBER_ACTIVATED], 0, member);
}

static void
search_changed_cb (RosterMemberList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *folded = roster_text_fold_key (stripped);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (folded, self->folded_query) == 0)
    return;

  /* Typing on narrows the results, deleting widens them: GTK then only
   * looks at the rows that can change. */
  if (self->folded_query != NULL && folded != NULL)
    {
      if (strstr (folded, self->folded_query) != NULL)
        change = GTK_FILTER_CHANGE_MORE_STRICT;
      else if (strstr (self->folded_query, folded) != NULL)
        change = GTK_FILTER_CHANGE_LESS_STRICT;
    }

  g_free (self->folded_query);
  self->folded_query = g_steal_pointer (&folded);
  g_debug ("Searching for “%s”", self->folded_query);
  keep_selection (self);
  gtk_filter_changed (GTK_FILTER (self->search_filter), change);
  filter_pending_cb (self);
  update_state (self);
}

static void
chip_toggled_cb (GtkToggleButton  *button,
                 RosterMemberList *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  roster_member_list_set_category (self,
                                   GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button),
                                                                        "category")));
}

static void
build_chips (RosterMemberList *self)
{
  for (guint c = 0; c < ROSTER_MEMBER_N_CATEGORIES; c++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *title = gtk_label_new (roster_member_category_title (c));
      GtkWidget *count = gtk_label_new ("0");

      gtk_widget_add_css_class (count, "count");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), count);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "chip");
      if (c > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                     GTK_TOGGLE_BUTTON (self->chips[0]));
      g_object_set_data (G_OBJECT (button), "category", GUINT_TO_POINTER (c));
      g_signal_connect (button, "toggled", G_CALLBACK (chip_toggled_cb), self);
      roster_wrap_box_append (self->chips_box, button);

      self->chips[c] = button;
      self->chip_counts[c] = GTK_LABEL (count);
    }

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->chips[0]), TRUE);
}

/* ---- GObject ---------------------------------------------------------- */

static void
apply_compact (RosterMemberList *self)
{
  gboolean compact = self->compact_requested || self->narrow;

  for (guint i = 0; i < G_N_ELEMENTS (self->compact_hidden); i++)
    {
      GtkColumnViewColumn *column = self->compact_hidden[i];

      gtk_column_view_column_set_visible (column, !compact);
      /* GTK 4.8 still counts hidden columns' expansion and fixed widths. */
      gtk_column_view_column_set_expand (column,
                                         !compact && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column),
                                                                                         "roster-expand")));
      gtk_column_view_column_set_fixed_width (column,
                                              compact ? -1 : GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column),
                                                                                                 "roster-width")));
    }
}

static gboolean
apply_narrow_cb (gpointer user_data)
{
  RosterMemberList *self = user_data;
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  self->narrow_source = 0;
  if (self->narrow ? width >= WIDE_FROM : width < NARROW_BELOW)
    {
      self->narrow = !self->narrow;
      apply_compact (self);
    }
  return G_SOURCE_REMOVE;
}

/* AdwBin's layout manager would allocate the child without telling us the
 * width, so the list measures and allocates its child itself. */
static void
roster_member_list_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size,
                        minimum, natural, minimum_baseline, natural_baseline);
}

static void
roster_member_list_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  RosterMemberList *self = ROSTER_MEMBER_LIST (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* Changing columns queues a resize: not from inside an allocation. */
  if ((self->narrow ? width >= WIDE_FROM : width < NARROW_BELOW) && self->narrow_source == 0)
    self->narrow_source = g_idle_add (apply_narrow_cb, self);
}

static void
roster_member_list_dispose (GObject *object)
{
  RosterMemberList *self = (RosterMemberList *) object;

  g_clear_handle_id (&self->count_source, g_source_remove);
  g_clear_handle_id (&self->give_up_source, g_source_remove);
  g_clear_handle_id (&self->narrow_source, g_source_remove);
  if (self->members != NULL)
    g_signal_handlers_disconnect_by_data (self->members, self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  /* The column view, going, may still change the models. */
  if (self->sort_model != NULL)
    g_signal_handlers_disconnect_by_data (self->sort_model, self);
  if (self->sort_latch != NULL)
    g_signal_handlers_disconnect_by_data (self->sort_latch, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_MEMBER_LIST);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->sort_latch);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->category_filter);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->members);

  G_OBJECT_CLASS (roster_member_list_parent_class)->dispose (object);
}

static void
roster_member_list_finalize (GObject *object)
{
  RosterMemberList *self = (RosterMemberList *) object;

  g_free (self->folded_query);
  g_free (self->summary);

  G_OBJECT_CLASS (roster_member_list_parent_class)->finalize (object);
}

static void
roster_member_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RosterMemberList *self = ROSTER_MEMBER_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED_MEMBER:
      g_value_set_object (value, roster_member_list_get_selected (self));
      break;
    case PROP_SEARCH_MODE_ENABLED:
      g_value_set_boolean (value, gtk_search_bar_get_search_mode (self->search_bar));
      break;
    case PROP_CATEGORY:
      g_value_set_uint (value, self->category);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_member_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RosterMemberList *self = ROSTER_MEMBER_LIST (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE_ENABLED:
      gtk_search_bar_set_search_mode (self->search_bar, g_value_get_boolean (value));
      break;
    case PROP_CATEGORY:
      roster_member_list_set_category (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
search_mode_cb (RosterMemberList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE_ENABLED]);
}

static void
roster_member_list_class_init (RosterMemberListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_member_list_dispose;
  object_class->finalize = roster_member_list_finalize;
  object_class->get_property = roster_member_list_get_property;
  object_class->set_property = roster_member_list_set_property;
  widget_class->measure = roster_member_list_measure;
  widget_class->size_allocate = roster_member_list_size_allocate;

  properties[PROP_SELECTED_MEMBER] =
    g_param_spec_object ("selected-member", NULL, NULL, ROSTER_TYPE_MEMBER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE_ENABLED] =
    g_param_spec_boolean ("search-mode-enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY] =
    g_param_spec_uint ("category", NULL, NULL, 0, ROSTER_MEMBER_N_CATEGORIES - 1, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RosterMemberList::member-activated:
   * @member: the member whose row was activated (Enter, double click)
   */
  signals[MEMBER_ACTIVATED] =
    g_signal_new ("member-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ROSTER_TYPE_MEMBER);
  g_type_ensure (ROSTER_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/roster-member-list.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, chips_box);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, stack);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, loading_page);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, spinner);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberList, column_view);
}

static void
roster_member_list_init (RosterMemberList *self)
{
  GtkFilter *every;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;

  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->category_filter = gtk_custom_filter_new (category_filter_func, self, NULL);
  self->search_filter = gtk_custom_filter_new (search_filter_func, self, NULL);
  every = GTK_FILTER (gtk_every_filter_new ());
  gtk_multi_filter_append (GTK_MULTI_FILTER (every), g_object_ref (GTK_FILTER (self->category_filter)));
  gtk_multi_filter_append (GTK_MULTI_FILTER (every), g_object_ref (GTK_FILTER (self->search_filter)));

  build_columns (self);

  self->sort_model = gtk_sort_list_model_new (NULL,
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  gtk_sort_list_model_set_incremental (self->sort_model, TRUE);
  self->sort_latch = roster_sort_latch_new (g_object_ref (self->sort_model));
  self->filter_model = roster_filter_model_new (G_LIST_MODEL (g_object_ref (self->sort_latch)), every);
  roster_filter_model_set_incremental (self->filter_model, TRUE);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (self->filter_model, "items-changed",
                    G_CALLBACK (filter_items_changed_cb), self);
  g_signal_connect_swapped (self->filter_model, "notify::pending",
                            G_CALLBACK (filter_pending_cb), self);
  g_signal_connect_swapped (self->sort_model, "notify::pending",
                            G_CALLBACK (filter_pending_cb), self);
  g_signal_connect_swapped (self->sort_latch, "notify::pending",
                            G_CALLBACK (sorted_cb), self);
  g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view), "changed",
                            G_CALLBACK (keep_selection), self);
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->column_view), GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (update_focus), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (update_focus), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selected_item_cb), self);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled",
                            G_CALLBACK (search_mode_cb), self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  build_chips (self);
  publish_counts (self);
  update_state (self);
}

/**
 * roster_member_list_new:
 *
 * Returns: (transfer floating): an empty member list
 */
GtkWidget *
roster_member_list_new (void)
{
  return g_object_new (ROSTER_TYPE_MEMBER_LIST, NULL);
}

static void
release_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_object_unref (task_data);
}

/* Drops the members shown before in a worker thread: when they were the
 * last references (a refresh), freeing 100 000 members took the main
 * thread 150–230 ms. Whoever else holds some (rows kept a moment, the
 * detail pane) drops them later, on the main thread. */
static void
release_in_background (GListModel *members)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_source_tag (task, release_in_background);
  g_task_set_task_data (task, members, NULL);
  g_task_run_in_thread (task, release_thread);
}

/**
 * roster_member_list_set_model:
 * @members: (nullable): a #GListModel of #RosterMember
 *
 * Shows @members. The selection is kept when the member it shows is in
 * @members too (by user id; also once it arrives, while @members loads).
 */
void
roster_member_list_set_model (RosterMemberList *self,
                              GListModel       *members)
{
  RosterMember *selected;
  GListModel *old_members;

  g_return_if_fail (ROSTER_IS_MEMBER_LIST (self));
  g_return_if_fail (members == NULL || G_IS_LIST_MODEL (members));

  if (self->members == members)
    return;

  selected = roster_member_list_get_selected (self);
  if (selected != NULL)
    {
      /* Still the member shown while the rows change: no selection of
       * nothing in between (the detail pane would empty and fill again). */
      self->pending_user_id = roster_member_get_user_id (selected);
      self->reselecting = TRUE;
    }

  if (self->members != NULL)
    g_signal_handlers_disconnect_by_data (self->members, self);
  old_members = g_steal_pointer (&self->members);
  self->members = members != NULL ? g_object_ref (members) : NULL;
  if (self->members != NULL)
    g_signal_connect (self->members, "items-changed", G_CALLBACK (members_changed_cb), self);

  g_clear_handle_id (&self->count_source, g_source_remove);
  update_incremental (self);
  /* A refresh: the same users, mostly. The rows on screen change at once,
   * those around stay a while rather than ~200 rows of widgets destroyed
   * at once; the view keeps its place. */
  if (members != NULL)
    roster_filter_model_keep_rows (self->filter_model);
  gtk_sort_list_model_set_model (self->sort_model, members);
  schedule_count (self, TRUE);
  update_state (self);
  if (old_members != NULL)
    release_in_background (old_members);
}

/**
 * roster_member_list_get_model:
 *
 * Returns: (transfer none) (nullable): the members shown
 */
GListModel *
roster_member_list_get_model (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), NULL);

  return self->members;
}

/**
 * roster_member_list_set_loading:
 *
 * Whether members are still arriving: an empty list then shows a spinner
 * rather than "No Members", and the progress bar shows.
 */
void
roster_member_list_set_loading (RosterMemberList *self,
                                gboolean          loading)
{
  g_return_if_fail (ROSTER_IS_MEMBER_LIST (self));

  self->loading = !!loading;
  gtk_revealer_set_reveal_child (self->progress_revealer, self->loading);
  show_counts (self);
  update_state (self);
}

gboolean
roster_member_list_get_loading (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), FALSE);

  return self->loading;
}

/**
 * roster_member_list_set_progress:
 * @text: (nullable): what is happening, with counts ("Members: 1 200 of 100 000")
 * @fraction: how far, 0 to 1; negative when unknown (pulses)
 */
void
roster_member_list_set_progress (RosterMemberList *self,
                                 const char       *text,
                                 double            fraction)
{
  g_return_if_fail (ROSTER_IS_MEMBER_LIST (self));

  gtk_label_set_text (self->progress_label, text != NULL ? text : "");
  adw_status_page_set_description (self->loading_page, text);
  if (fraction < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

/* Sorts again if the list is sorted by a column: its values may have
 * changed. The column view's sorter listens to the "changed" signal of the
 * sorters it sorts by, and only to them (GTK 4.8 cannot name them): one
 * change of one of those re-sorts the whole list once. */
static void
resort (RosterMemberList *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint changed = g_signal_lookup ("changed", GTK_TYPE_SORTER);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (column);

      if (sorter != NULL && g_signal_has_handler_pending (sorter, changed, 0, FALSE))
        {
          gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
          return;
        }
    }
}

/**
 * roster_member_list_invalidate:
 *
 * The members changed in place (their findings, after reconciling): filter
 * and count them again.
 */
void
roster_member_list_invalidate (RosterMemberList *self)
{
  g_return_if_fail (ROSTER_IS_MEMBER_LIST (self));

  /* Keep the selection through the refiltering. */
  g_debug ("Members changed in place; selected: %p", roster_member_list_get_selected (self));
  keep_selection (self);
  /* Only filters that look at what changed need to run again. */
  if (self->category != ROSTER_MEMBER_CATEGORY_ALL)
    gtk_filter_changed (GTK_FILTER (self->category_filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (self->folded_query != NULL && *self->folded_query != '\0')
    gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
  resort (self);
  if (self->reselecting && roster_filter_model_get_pending (self->filter_model) == 0)
    filter_pending_cb (self);
  schedule_count (self, TRUE);
  update_state (self);
}

void
roster_member_list_set_category (RosterMemberList     *self,
                                 RosterMemberCategory  category)
{
  g_return_if_fail (ROSTER_IS_MEMBER_LIST (self));
  g_return_if_fail (category < ROSTER_MEMBER_N_CATEGORIES);

  if (self->category == category)
    return;

  g_debug ("Showing category %u", category);
  self->category = category;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->chips[category]), TRUE);
  keep_selection (self);
  gtk_filter_changed (GTK_FILTER (self->category_filter),
                      category == ROSTER_MEMBER_CATEGORY_ALL ? GTK_FILTER_CHANGE_LESS_STRICT
                                                             : GTK_FILTER_CHANGE_DIFFERENT);
  filter_pending_cb (self);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

RosterMemberCategory
roster_member_list_get_category (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), ROSTER_MEMBER_CATEGORY_ALL);

  return self->category;
}

/**
 * roster_member_list_set_search_text:
 *
 * Searches at once (without the entry's typing delay) and shows the
 * search bar when @text is not empty.
 */
void
roster_member_list_set_search_text (RosterMemberList *self,
                                    const char       *text)
{
  g_return_if_fail (ROSTER_IS_MEMBER_LIST (self));

  if (text != NULL && *text != '\0')
    gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  search_changed_cb (self);
}

GtkEditable *
roster_member_list_get_search_entry (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

/**
 * roster_member_list_get_count:
 *
 * Returns: how many users the filter @category would show (the counts on
 *   the filters; they ignore the search)
 */
guint
roster_member_list_get_count (RosterMemberList     *self,
                              RosterMemberCategory  category)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), 0);
  g_return_val_if_fail (category < ROSTER_MEMBER_N_CATEGORIES, 0);

  return self->counts.categories[category];
}

const RosterMemberCounts *
roster_member_list_get_counts (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), NULL);

  return &self->counts;
}

/**
 * roster_member_list_get_summary:
 *
 * Returns: the summary line of problems
 */
const char *
roster_member_list_get_summary (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), NULL);

  return self->summary;
}

/**
 * roster_member_list_get_n_visible:
 *
 * Returns: how many rows the list shows (filter and search applied)
 */
guint
roster_member_list_get_n_visible (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
}

GListModel *
roster_member_list_get_visible_model (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), NULL);

  return G_LIST_MODEL (self->selection);
}

/**
 * roster_member_list_is_busy:
 *
 * Returns: whether sorting, filtering or counting is still under way
 */
gboolean
roster_member_list_is_busy (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), FALSE);

  return rows_changing (self)
         || self->count_source != 0
         || self->give_up_source != 0;
}

/**
 * roster_member_list_get_state:
 *
 * Returns: the page shown: "loading", "list", "empty" or "no-results"
 */
const char *
roster_member_list_get_state (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * roster_member_list_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected member
 */
RosterMember *
roster_member_list_get_selected (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

gboolean
roster_member_list_select_position (RosterMemberList *self,
                                    guint             position)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return FALSE;

  self->pending_user_id = 0;
  self->reselecting = FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

/**
 * roster_member_list_select_user:
 *
 * Selects the user with @user_id, now if the list shows them, else as soon
 * as they show up (while loading).
 */
void
roster_member_list_select_user (RosterMemberList *self,
                                gint64            user_id)
{
  GListModel *model;
  guint n;

  g_return_if_fail (ROSTER_IS_MEMBER_LIST (self));

  model = G_LIST_MODEL (self->filter_model);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterMember) member = g_list_model_get_item (model, i);

      if (roster_member_get_user_id (member) == user_id)
        {
          roster_member_list_select_position (self, i);
          return;
        }
    }

  self->pending_user_id = user_id;
}

/**
 * roster_member_list_set_compact:
 *
 * In a narrow window only the name and the status show; the detail pane
 * has the rest.
 */
void
roster_member_list_set_compact (RosterMemberList *self,
                                gboolean          compact)
{
  g_return_if_fail (ROSTER_IS_MEMBER_LIST (self));

  self->compact_requested = !!compact;
  apply_compact (self);
}

GtkColumnView *
roster_member_list_get_column_view (RosterMemberList *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_LIST (self), NULL);

  return self->column_view;
}
