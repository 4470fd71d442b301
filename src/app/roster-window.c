/* roster-window.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-window"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-account-dialog.h"
#include "roster-error-info.h"
#include "roster-request-log-window.h"
#include "roster-secrets.h"
#include "roster-window.h"

/* The main window. Pages: "welcome" (no group open), "error" (the group
 * could not be loaded: cause, fix, Retry) and "main": a leaflet with the
 * member list, a separator and the detail pane, which folds to list →
 * detail in a narrow window.
 *
 * The window shows one RosterSession at a time; it follows the session's
 * snapshot (rows appear while it loads; a refresh swaps in a complete one)
 * and keeps the selected member across refreshes. */

struct _RosterWindow
{
  AdwApplicationWindow  parent_instance;

  /* owned */
  GSettings            *settings;
  RosterSession        *session;
  RosterSnapshot       *snapshot;      /* the session's, followed */
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;   /* IdP import, token lookups */
  RosterAccountManager *manager;
  RosterAccount        *account;       /* of the session, NULL for the sandbox */
  RosterAccount        *removing;      /* removed, until its undo toast goes */
  AdwToast             *remove_toast;
  guint                 open_serial;   /* tells stale token lookups apart */

  /* children */
  RosterMemberList     *member_list;
  RosterMemberDetail   *member_detail;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *welcome_page;
  AdwWindowTitle       *error_title;
  AdwStatusPage        *error_page;
  GtkWidget            *close_session_button;
  GtkWidget            *load_anyway_button;
  GtkWidget            *edit_group_button;
  GtkWidget            *retry_button;
  AdwLeaflet           *leaflet;
  GtkWidget            *list_pane;
  GtkWidget            *detail_pane;
  AdwWindowTitle       *main_title;
  AdwWindowTitle       *detail_title;
  GtkToggleButton      *search_button;
  GtkWidget            *refresh_button;
  GtkRevealer          *sandbox_banner;
  GMenu                *accounts_section;
};

G_DEFINE_FINAL_TYPE (RosterWindow, roster_window, ADW_TYPE_APPLICATION_WINDOW)

static void
restore_window_state (RosterWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  g_debug ("Restoring the window size %d×%d%s", width, height,
           g_settings_get_boolean (self->settings, "window-maximized") ? ", maximized" : "");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (RosterWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  /* A maximized window keeps the size it had before, to go back to it. */
  if (!maximized)
    {
      int width;
      int height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_debug ("Saving the window size %d×%d", width, height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  g_settings_set_boolean (self->settings, "window-maximized", maximized);
}

static void
set_action_enabled (RosterWindow *self,
                    const char   *name,
                    gboolean      enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);
  return g_strdup (g_uri_get_host (uri));
}

/* ---- Following the session -------------------------------------------- */

static void
update_page (RosterWindow *self)
{
  const GError *error;
  RosterSnapshot *snapshot;
  const char *page = "main";

  if (self->session == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "welcome");
      return;
    }

  error = roster_session_get_error (self->session);
  snapshot = roster_session_get_snapshot (self->session);

  /* An error with nothing loaded to show: the error page. With a loaded
   * snapshot, the failed refresh was a toast and the members stay. */
  if (error != NULL && (snapshot == NULL || !roster_snapshot_get_loaded (snapshot)))
    {
      RosterErrorInfo info;
      g_autofree char *description = NULL;
      gboolean scim = FALSE;
      const RosterConnectionCheck *check = roster_session_get_blocking_check (self->session, &scim);

      if (check != NULL)
        {
          /* The connection test's diagnosis: its cause, then its fix. */
          roster_error_info_for_outcome (check->outcome, scim, &info);
          description = g_markup_printf_escaped ("%s%s%s", error->message,
                                                 check->fix != NULL ? "\n\n" : "",
                                                 check->fix != NULL ? check->fix : "");
        }
      else
        {
          roster_error_info_for (error, &info);
          description = g_markup_escape_text (error->message, -1);
        }
      gtk_widget_set_visible (self->load_anyway_button, check != NULL && scim);
      /* The fix first: the group's settings when they are at fault (and
       * it is a saved group), else trying again. */
      gtk_widget_set_visible (self->edit_group_button,
                              info.fix == ROSTER_ERROR_FIX_SETTINGS && self->account != NULL);
      if (gtk_widget_get_visible (self->edit_group_button))
        gtk_widget_remove_css_class (self->retry_button, "suggested-action");
      else
        gtk_widget_add_css_class (self->retry_button, "suggested-action");
      gtk_widget_set_visible (self->close_session_button,
                              g_action_group_get_action_enabled (G_ACTION_GROUP (self), "close-session"));
      adw_status_page_set_icon_name (self->error_page, info.icon_name);
      adw_status_page_set_title (self->error_page, info.title);
      adw_status_page_set_description (self->error_page, description);
      adw_window_title_set_title (self->error_title, roster_session_get_label (self->session));
      page = "error";
    }

  /* Into the member list at once: a load starts there, and a crossfade
   * would draw both pages offscreen, then blend them, in each of the
   * load's first frames (with software rendering, 10 to 25 ms of the main
   * thread a frame on top of the first rows). */
  gtk_stack_set_visible_child_full (self->stack, page,
                                    g_str_equal (page, "main") ? GTK_STACK_TRANSITION_TYPE_NONE
                                                               : gtk_stack_get_transition_type (self->stack));
}

static void
update_titles (RosterWindow *self)
{
  g_autofree char *host = NULL;
  gboolean sandbox;

  if (self->session == NULL)
    return;

  sandbox = roster_session_is_sandbox (self->session);
  host = host_of (roster_session_get_instance_url (self->session));
  adw_window_title_set_title (self->main_title, roster_session_get_label (self->session));
  adw_window_title_set_subtitle (self->main_title, sandbox ? _("Sample Data") : host);
  adw_window_title_set_subtitle (self->error_title, sandbox ? _("Sample Data") : host);
  /* The banner's content is shown only while it is revealed or
   * revealing: a GtkRevealer measures its child even when hidden, and the
   * banner's wrapping label would be measured at each width asked for in
   * every layout of the main page (168 times, half of the time of its
   * first layout). */
  if (sandbox)
    gtk_widget_set_visible (gtk_revealer_get_child (self->sandbox_banner), TRUE);
  gtk_revealer_set_reveal_child (self->sandbox_banner, sandbox);
  set_action_enabled (self, "close-session", sandbox);
}

static void
banner_revealed_cb (RosterWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->sandbox_banner)
      && !gtk_revealer_get_child_revealed (self->sandbox_banner))
    gtk_widget_set_visible (gtk_revealer_get_child (self->sandbox_banner), FALSE);
}

static void
update_progress (RosterWindow *self)
{
  g_autofree char *text = NULL;
  gboolean loading = self->session != NULL && roster_session_get_loading (self->session);

  if (loading)
    text = roster_session_dup_progress_text (self->session);
  roster_member_list_set_loading (self->member_list, loading);
  roster_member_list_set_progress (self->member_list, text,
                                   loading ? roster_session_get_progress_fraction (self->session) : 1.0);
}

static void
summary_changed_cb (RosterWindow *self)
{
  /* Reconciling changed the members in place: filters and counts again. */
  roster_member_list_invalidate (self->member_list);
}

static void
session_snapshot_cb (RosterWindow *self)
{
  RosterSnapshot *snapshot = self->session != NULL ? roster_session_get_snapshot (self->session) : NULL;

  if (self->snapshot != NULL)
    g_signal_handlers_disconnect_by_data (self->snapshot, self);
  g_set_object (&self->snapshot, snapshot);

  if (snapshot != NULL)
    {
      g_signal_connect_object (snapshot, "summary-changed",
                               G_CALLBACK (summary_changed_cb), self, G_CONNECT_SWAPPED);
      roster_member_detail_set_context (self->member_detail,
                                        roster_snapshot_get_instance_url (snapshot),
                                        roster_snapshot_get_group_path (snapshot),
                                        roster_snapshot_get_group_id (snapshot));
    }

  g_debug ("Showing a new snapshot");
  roster_member_list_set_model (self->member_list,
                                snapshot != NULL ? roster_snapshot_get_model (snapshot) : NULL);
  update_page (self);
}

static void
session_error_cb (RosterWindow *self)
{
  const GError *error = roster_session_get_error (self->session);
  RosterSnapshot *snapshot = roster_session_get_snapshot (self->session);

  if (error != NULL && snapshot != NULL && roster_snapshot_get_loaded (snapshot))
    {
      g_autofree char *title = g_markup_printf_escaped (_("Could not refresh: %s"), error->message);
      AdwToast *toast = adw_toast_new (title);

      adw_toast_set_button_label (toast, _("_Retry"));
      adw_toast_set_action_name (toast, "win.refresh");
      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  update_page (self);
}

static void
session_loading_cb (RosterWindow *self)
{
  update_progress (self);
}

static void
selected_member_cb (RosterWindow *self)
{
  RosterMember *member = roster_member_list_get_selected (self->member_list);

  roster_member_detail_set_member (self->member_detail, member);
  adw_window_title_set_title (self->detail_title,
                              member != NULL ? roster_member_get_display_name (member) : "");
}

static void
member_activated_cb (RosterWindow *self,
                     RosterMember *member)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}

static void
folded_cb (RosterWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  roster_member_list_set_compact (self->member_list, folded);
  /* A narrow header bar keeps room for the group's name: Refresh stays in
   * the main menu (and on Ctrl+R). */
  gtk_widget_set_visible (self->refresh_button, !folded);
  /* A tap opens the member when the list is all there is to see. */
  gtk_column_view_set_single_click_activate (roster_member_list_get_column_view (self->member_list),
                                             folded);
}

/* ---- Accounts ---------------------------------------------------------- */

static void show_session (RosterWindow  *self,
                          RosterSession *session,
                          RosterAccount *account);

static void
update_accounts (RosterWindow *self)
{
  GListModel *accounts = G_LIST_MODEL (self->manager);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "account");
  const char *state = "";

  g_menu_remove_all (self->accounts_section);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(RosterAccount) account = g_list_model_get_item (accounts, i);
      g_autoptr(GMenuItem) item = NULL;

      if (account == self->removing)
        continue;
      item = g_menu_item_new (roster_account_get_label (account), NULL);
      g_menu_item_set_action_and_target (item, "win.account", "s", roster_account_get_id (account));
      g_menu_append_item (self->accounts_section, item);
    }
  if (self->session != NULL && roster_session_is_sandbox (self->session))
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("Sandbox"), NULL);

      g_menu_item_set_action_and_target (item, "win.account", "s", "sandbox");
      g_menu_append_item (self->accounts_section, item);
      state = "sandbox";
    }
  else if (self->account != NULL)
    state = roster_account_get_id (self->account);

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (state));
  set_action_enabled (self, "edit-group", self->account != NULL);
  set_action_enabled (self, "remove-group", self->account != NULL);
}

typedef struct
{
  RosterWindow  *self;
  RosterAccount *account;
  guint          serial;
  char          *api_token;
  char          *scim_token;
  guint          pending;
} OpenAccount;

static void
open_account_free (OpenAccount *op)
{
  g_object_unref (op->self);
  g_object_unref (op->account);
  g_free (op->api_token);
  g_free (op->scim_token);
  g_free (op);
}

static void
open_token_done (OpenAccount     *op,
                 RosterTokenKind  kind,
                 GAsyncResult    *result)
{
  g_autoptr(GError) error = NULL;
  char *token = roster_secrets_lookup_finish (result, &error);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Token not read: %s", error->message);
  if (kind == ROSTER_TOKEN_SCIM)
    op->scim_token = token;
  else
    op->api_token = token;

  if (--op->pending > 0)
    return;

  if (op->serial == op->self->open_serial && !g_cancellable_is_cancelled (op->self->cancellable))
    {
      g_autoptr(RosterSession) session = NULL;

      session = roster_session_new (roster_account_get_label (op->account),
                                    roster_account_get_instance_url (op->account),
                                    roster_account_get_group_path (op->account),
                                    op->api_token, op->scim_token);
      show_session (op->self, session, op->account);
    }
  open_account_free (op);
}

static void
open_api_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  open_token_done (user_data, ROSTER_TOKEN_API, result);
}

static void
open_scim_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  open_token_done (user_data, ROSTER_TOKEN_SCIM, result);
}

static void
lookup_token (OpenAccount     *op,
              RosterTokenKind  kind)
{
  op->pending++;
  roster_secrets_lookup_async (roster_account_get_id (op->account), kind, op->self->cancellable,
                               kind == ROSTER_TOKEN_SCIM ? open_scim_cb : open_api_cb, op);
}

/* Reads the account's tokens from the keyring, then shows it. */
static void
open_account (RosterWindow  *self,
              RosterAccount *account)
{
  OpenAccount *op = g_new0 (OpenAccount, 1);

  g_debug ("Opening account %s", roster_account_get_id (account));
  op->self = g_object_ref (self);
  op->account = g_object_ref (account);
  op->serial = ++self->open_serial;
  lookup_token (op, ROSTER_TOKEN_API);
  lookup_token (op, ROSTER_TOKEN_SCIM);
}

static void
account_saved_cb (RosterWindow  *self,
                  RosterAccount *account)
{
  open_account (self, account);
}

static void
account_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  RosterWindow *self = user_data;
  const char *id = g_variant_get_string (param, NULL);
  RosterAccount *account;

  if (g_str_equal (id, "sandbox"))
    return;
  account = roster_account_manager_lookup (self->manager, id);
  if (account != NULL && account != self->account)
    {
      roster_account_manager_set_active (self->manager, account);
      open_account (self, account);
    }
}

static void
present_account_dialog (RosterWindow  *self,
                        RosterAccount *account)
{
  GtkWidget *dialog = roster_account_dialog_new (GTK_WINDOW (self), self->manager, account);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (account_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_group_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  present_account_dialog (ROSTER_WINDOW (user_data), NULL);
}

static void
edit_group_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  RosterWindow *self = user_data;

  if (self->account != NULL)
    present_account_dialog (self, self->account);
}

static void
account_removed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RosterWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!roster_account_manager_remove_finish (ROSTER_ACCOUNT_MANAGER (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    roster_window_show_toast (self, error->message);
}

/* The removal happens when its toast goes, unless undone. */
static void
remove_toast_dismissed_cb (AdwToast     *toast,
                           RosterWindow *self)
{
  g_autoptr(RosterAccount) account = g_steal_pointer (&self->removing);

  if (self->remove_toast == toast)
    self->remove_toast = NULL;
  if (account == NULL)
    return;

  g_debug ("Removing account %s and its tokens", roster_account_get_id (account));
  roster_account_manager_remove_async (self->manager, account, NULL, account_removed_cb,
                                       g_object_ref (self));
}

static void
remove_group_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  RosterWindow *self = user_data;
  g_autoptr(RosterAccount) account = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (self->account == NULL)
    return;

  /* One removal at a time: the previous one goes through now. */
  if (self->remove_toast != NULL)
    adw_toast_dismiss (self->remove_toast);

  account = g_object_ref (self->account);
  self->removing = g_object_ref (account);
  show_session (self, NULL, NULL);

  title = g_markup_printf_escaped (_("“%s” removed"), roster_account_get_label (account));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-remove");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (remove_toast_dismissed_cb), self, 0);
  self->remove_toast = toast;
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_remove_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  RosterWindow *self = user_data;
  g_autoptr(RosterAccount) account = g_steal_pointer (&self->removing);

  if (account == NULL)
    return;
  g_debug ("Undoing the removal of %s", roster_account_get_id (account));
  update_accounts (self);
  open_account (self, account);
}

/* ---- Actions ---------------------------------------------------------- */

static void
explore_sandbox_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  RosterWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!roster_window_explore_sandbox (self, &error))
    roster_window_show_toast (self, error->message);
}

static void
refresh_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  RosterWindow *self = user_data;

  if (self->session != NULL)
    roster_session_refresh (self->session);
}

static void
search_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  RosterWindow *self = user_data;

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "main"))
    return;
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_toggle_button_set_active (self->search_button,
                                !gtk_toggle_button_get_active (self->search_button));
}

static void
go_back_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  RosterWindow *self = user_data;

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
close_session_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  RosterWindow *self = user_data;
  RosterAccount *active = roster_account_manager_get_active (self->manager);

  /* Leaving the sandbox goes back to the saved group, if there is one. */
  roster_window_set_session (self, NULL);
  if (active != NULL)
    open_account (self, active);
}

static void
load_anyway_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  RosterWindow *self = user_data;

  if (self->session != NULL)
    roster_session_load_anyway (self->session);
}

static void
show_toast_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  roster_window_show_toast (ROSTER_WINDOW (user_data), g_variant_get_string (param, NULL));
}

static void
idp_export_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RosterWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIdpExport) idp_export = NULL;
  g_autofree char *text = NULL;
  guint n;

  idp_export = roster_idp_export_load_finish (result, &error);
  if (idp_export == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        roster_window_show_toast (self, error->message);
      return;
    }
  if (self->session == NULL)
    return;

  n = roster_idp_export_get_n_records (idp_export);
  g_debug ("IdP export loaded: %u records", n);
  roster_session_set_idp_export (self->session, idp_export);
  roster_member_detail_set_show_idp (self->member_detail, TRUE);
  text = g_strdup_printf (ngettext ("IdP export loaded: %u user to compare",
                                    "IdP export loaded: %u users to compare", n), n);
  roster_window_show_toast (self, text);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     RosterWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      roster_window_load_idp_export (self, file);
    }

  g_clear_object (&self->chooser);
}

static void
load_idp_export_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  RosterWindow *self = user_data;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Load IdP Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Load"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("IdP Exports (CSV, JSON)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
request_log_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  RosterWindow *self = user_data;
  GtkWidget *window;

  if (self->session == NULL)
    return;

  window = roster_request_log_window_new (GTK_WINDOW (self),
                                          roster_session_get_request_log (self->session));
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry win_entries[] = {
  { "explore-sandbox", explore_sandbox_action, NULL, NULL, NULL },
  { "refresh", refresh_action, NULL, NULL, NULL },
  { "search", search_action, NULL, NULL, NULL },
  { "go-back", go_back_action, NULL, NULL, NULL },
  { "close-session", close_session_action, NULL, NULL, NULL },
  { "load-anyway", load_anyway_action, NULL, NULL, NULL },
  { "show-toast", show_toast_action, "s", NULL, NULL },
  { "load-idp-export", load_idp_export_action, NULL, NULL, NULL },
  { "account", account_action, "s", "''", NULL },
  { "add-group", add_group_action, NULL, NULL, NULL },
  { "edit-group", edit_group_action, NULL, NULL, NULL },
  { "remove-group", remove_group_action, NULL, NULL, NULL },
  { "undo-remove", undo_remove_action, NULL, NULL, NULL },
  { "request-log", request_log_action, NULL, NULL, NULL },
};

static void
add_shortcut (GtkShortcutController *controller,
              const char            *trigger,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                                          gtk_named_action_new (action)));
}

/* ---- GObject ---------------------------------------------------------- */

static gboolean
roster_window_close_request (GtkWindow *window)
{
  save_window_state (ROSTER_WINDOW (window));

  return GTK_WINDOW_CLASS (roster_window_parent_class)->close_request (window);
}

static void
roster_window_constructed (GObject *object)
{
  RosterWindow *self = (RosterWindow *) object;

  G_OBJECT_CLASS (roster_window_parent_class)->constructed (object);

  /* Not in init: a maximize asked for before GtkWindow is constructed is
   * lost (GTK 4.8). */
  restore_window_state (self);
}

static void
roster_window_dispose (GObject *object)
{
  RosterWindow *self = (RosterWindow *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      roster_session_cancel (self->session);
    }
  if (self->snapshot != NULL)
    g_signal_handlers_disconnect_by_data (self->snapshot, self);
  g_clear_object (&self->snapshot);
  g_clear_object (&self->session);
  if (self->remove_toast != NULL)
    adw_toast_dismiss (self->remove_toast);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->account);

  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_WINDOW);

  G_OBJECT_CLASS (roster_window_parent_class)->dispose (object);
}

static void
roster_window_finalize (GObject *object)
{
  RosterWindow *self = (RosterWindow *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);
  g_clear_object (&self->removing);

  G_OBJECT_CLASS (roster_window_parent_class)->finalize (object);
}

static void
roster_window_class_init (RosterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = roster_window_constructed;
  object_class->dispose = roster_window_dispose;
  object_class->finalize = roster_window_finalize;
  window_class->close_request = roster_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/roster-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, error_title);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, close_session_button);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, load_anyway_button);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, edit_group_button);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, main_title);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, sandbox_banner);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, accounts_section);
}

static void
roster_window_init (RosterWindow *self)
{
  GtkEventController *shortcuts;
  GtkWidget *clamp;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The schema keeps the stable id in both profiles. */
  self->settings = g_settings_new (BASE_ID);
  self->cancellable = g_cancellable_new ();

  /* The .ui cannot know the id of this build: the development profile has
   * its own icon name. */
  adw_status_page_set_icon_name (self->welcome_page, APP_ID);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>r", "win.refresh");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "F5", "win.refresh");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>f", "win.search");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Alt>Left", "win.go-back");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>o", "win.load-idp-export");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  /* Roster's own widgets are added here rather than in the .ui, so that
   * gtk4-builder-tool can check the .ui (it knows no Roster types). */
  self->member_list = ROSTER_MEMBER_LIST (roster_member_list_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->member_list), TRUE);
  gtk_box_append (GTK_BOX (self->list_pane), GTK_WIDGET (self->member_list));
  self->member_detail = ROSTER_MEMBER_DETAIL (roster_member_detail_new ());
  /* The list takes the room; the detail pane keeps a readable width (the
   * clamp caps its natural width, which long texts would stretch). */
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 460);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 460);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->member_detail));
  gtk_widget_set_vexpand (clamp, TRUE);
  gtk_widget_set_hexpand (clamp, FALSE);
  gtk_widget_set_size_request (clamp, 360, -1);
  gtk_box_append (GTK_BOX (self->detail_pane), clamp);

  g_object_bind_property (self->search_button, "active",
                          self->member_list, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->member_list, "notify::selected-member",
                            G_CALLBACK (selected_member_cb), self);
  g_signal_connect_swapped (self->member_list, "member-activated",
                            G_CALLBACK (member_activated_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (folded_cb), self);
  g_signal_connect_swapped (self->sandbox_banner, "notify::child-revealed",
                            G_CALLBACK (banner_revealed_cb), self);
  folded_cb (self);

  set_action_enabled (self, "refresh", FALSE);
  set_action_enabled (self, "load-idp-export", FALSE);
  set_action_enabled (self, "request-log", FALSE);
  set_action_enabled (self, "close-session", FALSE);

  self->manager = roster_account_manager_new (self->settings);
  g_signal_connect_swapped (self->manager, "items-changed", G_CALLBACK (update_accounts), self);
  update_accounts (self);
  update_page (self);

  /* Reopen the group shown last time. */
  if (roster_account_manager_get_active (self->manager) != NULL)
    open_account (self, roster_account_manager_get_active (self->manager));
}

/**
 * roster_window_new:
 * @application: the #RosterApplication
 *
 * Returns: (transfer none): a new main window (GTK owns toplevels), at the size it had when it
 *   was last closed, showing the Welcome page
 */
GtkWidget *
roster_window_new (RosterApplication *application)
{
  g_return_val_if_fail (ROSTER_IS_APPLICATION (application), NULL);

  return g_object_new (ROSTER_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * roster_window_set_session:
 * @session: (nullable): the group to show; %NULL for the Welcome page
 *
 * Shows @session, and loads it unless it is loaded or loading. The
 * previous session stops loading.
 */
void
roster_window_set_session (RosterWindow  *self,
                           RosterSession *session)
{
  g_return_if_fail (ROSTER_IS_WINDOW (self));
  g_return_if_fail (session == NULL || ROSTER_IS_SESSION (session));

  show_session (self, session, NULL);
}

static void
show_session (RosterWindow  *self,
              RosterSession *session,
              RosterAccount *account)
{
  g_set_object (&self->account, account);
  /* A session opened by hand ends any account opening under way. */
  if (account == NULL)
    self->open_serial++;

  if (self->session == session)
    {
      update_accounts (self);
      return;
    }

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      roster_session_cancel (self->session);
    }
  g_set_object (&self->session, session);

  roster_member_detail_set_show_idp (self->member_detail,
                                     session != NULL && roster_session_get_idp_export (session) != NULL);
  roster_member_list_set_search_text (self->member_list, "");
  gtk_toggle_button_set_active (self->search_button, FALSE);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  set_action_enabled (self, "refresh", session != NULL);
  set_action_enabled (self, "load-idp-export", session != NULL);
  set_action_enabled (self, "request-log", session != NULL);
  set_action_enabled (self, "close-session", FALSE);

  if (session != NULL)
    {
      g_signal_connect_swapped (session, "notify::snapshot", G_CALLBACK (session_snapshot_cb), self);
      g_signal_connect_swapped (session, "notify::error", G_CALLBACK (session_error_cb), self);
      g_signal_connect_swapped (session, "notify::loading", G_CALLBACK (session_loading_cb), self);
      g_signal_connect_swapped (session, "progress", G_CALLBACK (update_progress), self);
      update_titles (self);
    }

  session_snapshot_cb (self);
  update_progress (self);

  if (session != NULL && roster_session_get_snapshot (session) == NULL
      && !roster_session_get_loading (session) && roster_session_get_error (session) == NULL)
    roster_session_refresh (session);

  update_accounts (self);
  update_page (self);
}

/**
 * roster_window_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
RosterSession *
roster_window_get_session (RosterWindow *self)
{
  g_return_val_if_fail (ROSTER_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * roster_window_explore_sandbox:
 *
 * Starts the built-in sandbox (the demo world) in this process and shows
 * it: sample data, no setup.
 *
 * Returns: %FALSE when the sandbox could not listen
 */
gboolean
roster_window_explore_sandbox (RosterWindow  *self,
                               GError       **error)
{
  g_autoptr(RosterSandbox) sandbox = NULL;
  g_autoptr(RosterSession) session = NULL;

  g_return_val_if_fail (ROSTER_IS_WINDOW (self), FALSE);

  if (self->session != NULL && roster_session_is_sandbox (self->session))
    return TRUE;

  sandbox = roster_sandbox_new (ROSTER_SANDBOX_WORLD_DEMO);
  if (!roster_sandbox_listen (sandbox, 0, NULL, error))
    return FALSE;

  g_debug ("Exploring the sandbox at %s", roster_sandbox_get_url (sandbox));
  session = roster_session_new_sandbox (sandbox);
  roster_window_set_session (self, session);
  return TRUE;
}

/**
 * roster_window_load_idp_export:
 * @file: a CSV or JSON export of the IdP's users
 *
 * Reads @file and compares the group with it (three-way comparison).
 */
void
roster_window_load_idp_export (RosterWindow *self,
                               GFile        *file)
{
  g_return_if_fail (ROSTER_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  roster_idp_export_load_async (file, self->cancellable, idp_export_loaded_cb,
                                g_object_ref (self));
}

/**
 * roster_window_show_toast:
 * @text: plain text (not markup)
 */
void
roster_window_show_toast (RosterWindow *self,
                          const char   *text)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (ROSTER_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  /* Toast titles are markup in libadwaita 1.2. */
  markup = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

/**
 * roster_window_get_page:
 *
 * Returns: the page shown: "welcome", "error" or "main"
 */
const char *
roster_window_get_page (RosterWindow *self)
{
  g_return_val_if_fail (ROSTER_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

RosterMemberList *
roster_window_get_member_list (RosterWindow *self)
{
  g_return_val_if_fail (ROSTER_IS_WINDOW (self), NULL);

  return self->member_list;
}

RosterMemberDetail *
roster_window_get_member_detail (RosterWindow *self)
{
  g_return_val_if_fail (ROSTER_IS_WINDOW (self), NULL);

  return self->member_detail;
}

AdwLeaflet *
roster_window_get_leaflet (RosterWindow *self)
{
  g_return_val_if_fail (ROSTER_IS_WINDOW (self), NULL);

  return self->leaflet;
}
