/* roster-request-log-window.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-request-log-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "roster-request-log-window.h"

/* Every request the session sent: time, method, path, status and
 * duration, filterable; the selected one's details below, with bodies as
 * the log keeps them (already redacted: no token ever gets this far);
 * Export as JSON. */

struct _RosterRequestLogWindow
{
  AdwWindow               parent_instance;

  /* owned */
  RosterRequestLog       *log;
  GtkFilterListModel     *filter_model;
  GtkSingleSelection     *selection;
  GtkCustomFilter        *filter;
  char                   *query;        /* lowered */
  GtkFileChooserNative   *chooser;

  /* template children */
  AdwToastOverlay        *toast_overlay;
  AdwWindowTitle         *window_title;
  GtkSearchEntry         *search_entry;
  GtkStack               *stack;
  GtkColumnView          *column_view;
  GtkTextView            *details_view;
};

G_DEFINE_FINAL_TYPE (RosterRequestLogWindow, roster_request_log_window, ADW_TYPE_WINDOW)

typedef char *(*CellTextFunc) (RosterRequestRecord *record);

static void
toast (RosterRequestLogWindow *self,
       const char             *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

static char *
status_text (RosterRequestRecord *record)
{
  guint status = roster_request_record_get_status (record);

  if (status == 0)
    /* Translators: the status of a request that got no answer. */
    return g_strdup (C_("request status", "Failed"));
  return g_strdup_printf ("%u", status);
}

static char *
time_text (RosterRequestRecord *record)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (roster_request_record_get_time (record));

  return g_date_time_format (local, "%H:%M:%S");
}

static char *
method_text (RosterRequestRecord *record)
{
  return g_strdup (roster_request_record_get_method (record));
}

static char *
path_text (RosterRequestRecord *record)
{
  return g_strdup (roster_request_record_get_path (record));
}

static char *
duration_text (RosterRequestRecord *record)
{
  gint64 us = roster_request_record_get_duration_us (record);

  /* Translators: a duration in milliseconds */
  return g_strdup_printf (_("%.0f ms"), us / 1000.0);
}

/* The whole text, asked for when the tooltip is about to show: setting a
 * tooltip on each bound cell would query the pointer every time, an X11
 * round trip. */
static gboolean
query_tooltip_cb (GtkWidget   *label,
                  int          x,
                  int          y,
                  gboolean     keyboard_mode,
                  GtkTooltip  *tooltip,
                  GtkListItem *item)
{
  CellTextFunc func = g_object_get_data (G_OBJECT (label), "roster-text-func");
  RosterRequestRecord *record = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (record == NULL || !(text = func (record)) || text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          CellTextFunc              func)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "roster-text-func", func);
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect_object (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), item, 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         CellTextFunc              func)
{
  RosterRequestRecord *record = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = func (record);
  guint status = roster_request_record_get_status (record);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (func == status_text && (status == 0 || status >= 400))
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static void
add_column (RosterRequestLogWindow *self,
            const char             *title,
            CellTextFunc            func,
            gboolean                expand,
            int                     width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), func);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), func);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_append_column (self->column_view, column);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  RosterRequestLogWindow *self = user_data;
  RosterRequestRecord *record = item;
  g_autofree char *status = NULL;
  g_autofree char *haystack = NULL;
  g_autofree char *lowered = NULL;

  if (self->query == NULL || *self->query == '\0')
    return TRUE;

  status = status_text (record);
  haystack = g_strdup_printf ("%s %s %s %s", roster_request_record_get_method (record),
                              roster_request_record_get_path (record), status,
                              roster_request_record_get_error (record) != NULL
                              ? roster_request_record_get_error (record) : "");
  lowered = g_utf8_strdown (haystack, -1);
  return strstr (lowered, self->query) != NULL;
}

static void
update_state (RosterRequestLogWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->log));
  g_autofree char *subtitle = g_strdup_printf (ngettext ("%u request", "%u requests", n), n);

  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0
                                    ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.export", n > 0);
}

static void
append_section (GString    *out,
                const char *title,
                const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *pretty = NULL;

  if (text == NULL || *text == '\0')
    return;

  /* Bodies are JSON, mostly: indented, they can be read. An excerpt cut
   * short does not parse and shows as it is. */
  node = json_from_string (text, NULL);
  if (node != NULL)
    pretty = json_to_string (node, TRUE);
  g_string_append_printf (out, "\n%s\n%s\n", title, pretty != NULL ? pretty : text);
}

static void
selection_cb (RosterRequestLogWindow *self)
{
  RosterRequestRecord *record = gtk_single_selection_get_selected_item (self->selection);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->details_view);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *status = NULL;

  if (record == NULL)
    {
      gtk_text_buffer_set_text (buffer, _("Select a request to see its details."), -1);
      return;
    }

  local = g_date_time_to_local (roster_request_record_get_time (record));
  when = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  status = status_text (record);
  g_string_append_printf (out, "%s %s\n", roster_request_record_get_method (record),
                          roster_request_record_get_path (record));
  g_string_append_printf (out, _("Status: %s · %.1f ms · attempt %u · %s\n"), status,
                          roster_request_record_get_duration_us (record) / 1000.0,
                          roster_request_record_get_attempt (record), when);
  g_string_append_printf (out, _("Token: %s · sent %" G_GUINT64_FORMAT " bytes · received %"
                                 G_GUINT64_FORMAT " bytes\n"),
                          roster_request_record_get_token_kind (record),
                          roster_request_record_get_request_bytes (record),
                          roster_request_record_get_response_bytes (record));
  append_section (out, _("Error"), roster_request_record_get_error (record));
  append_section (out, _("Request body (redacted)"), roster_request_record_get_request_excerpt (record));
  append_section (out, _("Response body (redacted)"), roster_request_record_get_response_excerpt (record));
  gtk_text_buffer_set_text (buffer, out->str, -1);
}

static void
search_changed_cb (RosterRequestLogWindow *self)
{
  g_free (self->query);
  self->query = g_utf8_strdown (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  g_strstrip (self->query);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RosterRequestLogWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!roster_request_log_save_finish (ROSTER_REQUEST_LOG (object), result, &error))
    toast (self, error->message);
  else
    toast (self, _("Request log exported"));
}

static void
chooser_response_cb (GtkNativeDialog        *chooser,
                     int                     response,
                     RosterRequestLogWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      roster_request_log_window_export (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RosterRequestLogWindow *self = ROSTER_REQUEST_LOG_WINDOW (widget);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export Request Log"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "roster-requests.json");
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
roster_request_log_window_dispose (GObject *object)
{
  RosterRequestLogWindow *self = (RosterRequestLogWindow *) object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_REQUEST_LOG_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (roster_request_log_window_parent_class)->dispose (object);
}

static void
roster_request_log_window_finalize (GObject *object)
{
  RosterRequestLogWindow *self = (RosterRequestLogWindow *) object;

  g_free (self->query);

  G_OBJECT_CLASS (roster_request_log_window_parent_class)->finalize (object);
}

static void
roster_request_log_window_class_init (RosterRequestLogWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_request_log_window_dispose;
  object_class->finalize = roster_request_log_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/roster-request-log-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterRequestLogWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestLogWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestLogWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestLogWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestLogWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestLogWindow, details_view);

  gtk_widget_class_install_action (widget_class, "log.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "log.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
roster_request_log_window_init (RosterRequestLogWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, _("Time"), time_text, FALSE, 90);
  add_column (self, _("Method"), method_text, FALSE, 80);
  add_column (self, _("Path"), path_text, TRUE, -1);
  add_column (self, _("Status"), status_text, FALSE, 80);
  add_column (self, _("Duration"), duration_text, FALSE, 90);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
}

/**
 * roster_request_log_window_new:
 * @parent: (nullable): the main window
 * @log: the session's request log
 *
 * Returns: (transfer none): the window (GTK owns toplevels)
 */
GtkWidget *
roster_request_log_window_new (GtkWindow        *parent,
                               RosterRequestLog *log)
{
  RosterRequestLogWindow *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ROSTER_IS_REQUEST_LOG (log), NULL);

  self = g_object_new (ROSTER_TYPE_REQUEST_LOG_WINDOW, "transient-for", parent, NULL);
  self->log = g_object_ref (log);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (log)),
                                                  GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_cb), self);
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (update_state), self);
  update_state (self);
  selection_cb (self);

  return GTK_WIDGET (self);
}

void
roster_request_log_window_set_filter_text (RosterRequestLogWindow *self,
                                           const char             *text)
{
  g_return_if_fail (ROSTER_IS_REQUEST_LOG_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  search_changed_cb (self);
}

guint
roster_request_log_window_get_n_visible (RosterRequestLogWindow *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_LOG_WINDOW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
}

gboolean
roster_request_log_window_select (RosterRequestLogWindow *self,
                                  guint                   position)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_LOG_WINDOW (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

/**
 * roster_request_log_window_dup_details:
 *
 * Returns: (transfer full): the details shown for the selected request
 */
char *
roster_request_log_window_dup_details (RosterRequestLogWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (ROSTER_IS_REQUEST_LOG_WINDOW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->details_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * roster_request_log_window_export:
 * @file: where to write the log as JSON
 */
void
roster_request_log_window_export (RosterRequestLogWindow *self,
                                  GFile                  *file)
{
  g_return_if_fail (ROSTER_IS_REQUEST_LOG_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  roster_request_log_save_async (self->log, file, NULL, saved_cb, g_object_ref (self));
}
