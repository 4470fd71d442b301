/* roster-account-dialog.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-account-dialog.h"
#include "roster-error-info.h"
#include "roster-secrets.h"

/* Add or edit a group: instance URL, group path, a name, the API and SCIM
 * tokens, and Test Connection with a result line per token from the
 * core's diagnosis. Saving puts the tokens in the keyring (the Secret
 * Service) and the rest in GSettings, through RosterAccountManager; then
 * ::saved is emitted and the dialog closes. */

struct _RosterAccountDialog
{
  AdwWindow              parent_instance;

  /* owned */
  RosterAccountManager  *manager;
  RosterAccount         *account;       /* NULL when adding, until saved */
  RosterConnectionReport *report;
  GCancellable          *cancellable;
  guint                  pending;       /* secrets being stored */
  gboolean               failed;

  /* template children */
  AdwToastOverlay       *toast_overlay;
  AdwWindowTitle        *window_title;
  GtkWidget             *save_button;
  AdwPreferencesGroup   *group_group;
  AdwEntryRow           *instance_row;
  AdwEntryRow           *group_row;
  AdwEntryRow           *label_row;
  AdwPasswordEntryRow   *api_row;
  AdwPasswordEntryRow   *scim_row;
  GtkStack              *test_stack;
  GtkSpinner            *test_spinner;
  AdwActionRow          *api_result_row;
  GtkImage              *api_result_icon;
  AdwActionRow          *scim_result_row;
  GtkImage              *scim_result_icon;
};

G_DEFINE_FINAL_TYPE (RosterAccountDialog, roster_account_dialog, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static char *
stripped (gpointer editable)
{
  return g_strstrip (g_strdup (text_of (editable)));
}

static void
toast (RosterAccountDialog *self,
       const char          *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

static void
update_sensitivity (RosterAccountDialog *self)
{
  g_autofree char *url = stripped (self->instance_row);
  g_autofree char *group = stripped (self->group_row);
  g_autofree char *warning = NULL;
  gboolean has_dot = FALSE;
  gboolean complete = *url != '\0' && *group != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.save", complete && self->pending == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.test", complete);

  /* Say at once what a dotted path means for SCIM. */
  if (roster_account_check_group_path (group, &has_dot, NULL) && has_dot)
    {
      g_autoptr(RosterAccount) probe = roster_account_new (ROSTER_ACCOUNT_KIND_GITLAB);

      roster_account_set_group_path (probe, group);
      warning = roster_account_dup_group_path_warning (probe);
    }
  adw_preferences_group_set_description (self->group_group,
                                         warning != NULL ? warning
                                                         : _("A top-level GitLab group with SAML SSO "
                                                             "and SCIM provisioning"));
}

static void
show_check (AdwActionRow                *row,
            GtkImage                    *icon,
            const char                  *what,
            const RosterConnectionCheck *check)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean ok;

  if (check == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
      return;
    }

  ok = roster_connection_outcome_is_usable (check->outcome);
  if (check->outcome == ROSTER_CONNECTION_NOT_TESTED)
    /* Translators: "API Token: not tested" */
    title = g_strdup_printf (_("%s: not tested"), what);
  else if (check->outcome == ROSTER_CONNECTION_OK)
    title = g_strdup_printf (_("%s: works"), what);
  else if (check->outcome == ROSTER_CONNECTION_READ_ONLY)
    title = g_strdup_printf (_("%s: read only"), what);
  else
    {
      RosterErrorInfo info;

      roster_error_info_for_outcome (check->outcome, g_str_equal (what, _("SCIM Token")), &info);
      title = g_strdup_printf ("%s: %s", what, info.title);
    }

  subtitle = g_strdup_printf ("%s%s%s", check->message != NULL ? check->message : "",
                              check->fix != NULL ? "\n" : "",
                              check->fix != NULL ? check->fix : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_image_set_from_icon_name (icon, ok ? "emblem-ok-symbolic"
                                         : check->outcome == ROSTER_CONNECTION_NOT_TESTED
                                           ? "dialog-information-symbolic"
                                           : "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (icon), "error");
  if (check->outcome != ROSTER_CONNECTION_NOT_TESTED)
    gtk_widget_add_css_class (GTK_WIDGET (icon), ok ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
}

static void
test_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RosterAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  RosterConnectionReport *report;

  report = roster_connection_test_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->test_stack, "button");

  if (report == NULL)
    {
      toast (self, error->message);
      return;
    }

  g_clear_pointer (&self->report, roster_connection_report_unref);
  self->report = report;
  show_check (self->api_result_row, self->api_result_icon, _("API Token"), report->api);
  show_check (self->scim_result_row, self->scim_result_icon, _("SCIM Token"), report->scim);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RosterAccountDialog *self = ROSTER_ACCOUNT_DIALOG (widget);
  g_autofree char *url = stripped (self->instance_row);
  g_autofree char *group = stripped (self->group_row);
  const char *api = text_of (self->api_row);
  const char *scim = text_of (self->scim_row);

  gtk_stack_set_visible_child_name (self->test_stack, "spinner");
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  roster_connection_test_async (url, group, *scim != '\0' ? scim : NULL, *api != '\0' ? api : NULL,
                                NULL, NULL, self->cancellable, test_done_cb, g_object_ref (self));
}

static void
saved (RosterAccountDialog *self)
{
  g_debug ("Account %s saved", roster_account_get_id (self->account));
  if (roster_account_manager_lookup (self->manager, roster_account_get_id (self->account)) == NULL)
    roster_account_manager_add (self->manager, self->account);
  else
    roster_account_manager_save (self->manager, self->account);
  roster_account_manager_set_active (self->manager, self->account);

  g_signal_emit (self, signals[SAVED], 0, self->account);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RosterAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->pending--;
  if (!roster_secrets_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->failed = TRUE;
      toast (self, error->message);
    }

  if (self->pending > 0)
    return;

  if (self->failed)
    {
      update_sensitivity (self);
      return;
    }
  saved (self);
}

static void
store_token (RosterAccountDialog *self,
             RosterTokenKind      kind,
             const char          *token)
{
  if (token == NULL || *token == '\0')
    return;

  self->pending++;
  roster_secrets_store_async (roster_account_get_id (self->account),
                              roster_account_get_label (self->account),
                              kind, token, self->cancellable, secret_stored_cb,
                              g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RosterAccountDialog *self = ROSTER_ACCOUNT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = stripped (self->instance_row);
  g_autofree char *group = stripped (self->group_row);
  g_autofree char *label = stripped (self->label_row);
  const char *name = *label != '\0' ? label : group;

  if (self->pending > 0)
    return;

  if (self->account == NULL)
    {
      self->account = roster_account_new_gitlab (name, url, group, &error);
      if (self->account == NULL)
        {
          toast (self, error->message);
          return;
        }
    }
  else
    {
      g_autoptr(RosterAccount) check = roster_account_new_gitlab (name, url, group, &error);

      if (check == NULL)
        {
          toast (self, error->message);
          return;
        }
      roster_account_set_label (self->account, name);
      roster_account_set_instance_url (self->account, roster_account_get_instance_url (check));
      roster_account_set_group_path (self->account, roster_account_get_group_path (check));
      roster_account_set_scim_url (self->account, roster_account_get_scim_url (check));
    }

  if (self->report != NULL && self->report->group != NULL)
    roster_account_set_group_id (self->account, self->report->group->id);

  self->failed = FALSE;
  store_token (self, ROSTER_TOKEN_API, text_of (self->api_row));
  store_token (self, ROSTER_TOKEN_SCIM, text_of (self->scim_row));
  update_sensitivity (self);
  if (self->pending == 0)
    saved (self);
}

static void
token_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = roster_secrets_lookup_finish (result, &error);

  if (token != NULL && *text_of (row) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (row), token);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Token not read from the keyring: %s", error->message);
}

static void
roster_account_dialog_dispose (GObject *object)
{
  RosterAccountDialog *self = (RosterAccountDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_ACCOUNT_DIALOG);

  G_OBJECT_CLASS (roster_account_dialog_parent_class)->dispose (object);
}

static void
roster_account_dialog_finalize (GObject *object)
{
  RosterAccountDialog *self = (RosterAccountDialog *) object;

  g_clear_object (&self->manager);
  g_clear_object (&self->account);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, roster_connection_report_unref);

  G_OBJECT_CLASS (roster_account_dialog_parent_class)->finalize (object);
}

static void
roster_account_dialog_class_init (RosterAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_account_dialog_dispose;
  object_class->finalize = roster_account_dialog_finalize;

  /**
   * RosterAccountDialog::saved:
   * @account: the account, saved with its tokens
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ROSTER_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/roster-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, group_group);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, instance_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, api_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, scim_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, test_stack);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, api_result_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, api_result_icon);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, scim_result_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountDialog, scim_result_icon);

  gtk_widget_class_install_action (widget_class, "account.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "account.test", NULL, test_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
roster_account_dialog_init (RosterAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->instance_row, "changed", G_CALLBACK (update_sensitivity), self);
  g_signal_connect_swapped (self->group_row, "changed", G_CALLBACK (update_sensitivity), self);
  update_sensitivity (self);
}

/**
 * roster_account_dialog_new:
 * @parent: the main window
 * @manager: where the account is saved
 * @account: (nullable): the account to edit, %NULL to add one
 *
 * Returns: (transfer none): the dialog (GTK owns toplevels)
 */
GtkWidget *
roster_account_dialog_new (GtkWindow            *parent,
                           RosterAccountManager *manager,
                           RosterAccount        *account)
{
  RosterAccountDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ROSTER_IS_ACCOUNT_MANAGER (manager), NULL);
  g_return_val_if_fail (!account || ROSTER_IS_ACCOUNT (account), NULL);

  self = g_object_new (ROSTER_TYPE_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->manager = g_object_ref (manager);

  if (account == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Add Group"));
      gtk_window_set_title (GTK_WINDOW (self), _("Add Group"));
      gtk_widget_grab_focus (GTK_WIDGET (self->group_row));
    }
  else
    {
      self->account = g_object_ref (account);
      adw_window_title_set_title (self->window_title, _("Edit Group"));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Group"));
      gtk_editable_set_text (GTK_EDITABLE (self->instance_row), roster_account_get_instance_url (account));
      gtk_editable_set_text (GTK_EDITABLE (self->group_row), roster_account_get_group_path (account));
      gtk_editable_set_text (GTK_EDITABLE (self->label_row), roster_account_get_label (account));
      roster_secrets_lookup_async (roster_account_get_id (account), ROSTER_TOKEN_API, self->cancellable,
                                   token_found_cb, g_object_ref (self->api_row));
      roster_secrets_lookup_async (roster_account_get_id (account), ROSTER_TOKEN_SCIM, self->cancellable,
                                   token_found_cb, g_object_ref (self->scim_row));
    }

  return GTK_WIDGET (self);
}

/**
 * roster_account_dialog_get_account:
 *
 * Returns: (transfer none) (nullable): the account edited, or the one added
 *   once saved
 */
RosterAccount *
roster_account_dialog_get_account (RosterAccountDialog *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT_DIALOG (self), NULL);

  return self->account;
}

/**
 * roster_account_dialog_get_report:
 *
 * Returns: (transfer none) (nullable): the last Test Connection's report
 */
RosterConnectionReport *
roster_account_dialog_get_report (RosterAccountDialog *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT_DIALOG (self), NULL);

  return self->report;
}
