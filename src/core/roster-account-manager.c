/* roster-account-manager.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-account-manager"

#include "config.h"

#include "roster-account-manager.h"

/* The saved accounts as a GListModel of RosterAccount, in the order of the
 * "accounts" key, for the account switcher and the preferences. It follows
 * changes of that key made elsewhere (another window, rosterctl). */

struct _RosterAccountManager
{
  GObject    parent_instance;

  GSettings *settings;
  GPtrArray *accounts;       /* RosterAccount */
};

static void roster_account_manager_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterAccountManager, roster_account_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      roster_account_manager_list_model_init))

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
roster_account_manager_get_item_type (GListModel *model)
{
  return ROSTER_TYPE_ACCOUNT;
}

static guint
roster_account_manager_get_n_items (GListModel *model)
{
  return ROSTER_ACCOUNT_MANAGER (model)->accounts->len;
}

static gpointer
roster_account_manager_get_item (GListModel *model,
                                 guint       position)
{
  RosterAccountManager *self = ROSTER_ACCOUNT_MANAGER (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
roster_account_manager_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = roster_account_manager_get_item_type;
  iface->get_n_items = roster_account_manager_get_n_items;
  iface->get_item = roster_account_manager_get_item;
}

static gboolean
find (RosterAccountManager *self,
      const char           *id,
      guint                *position)
{
  for (guint i = 0; i < self->accounts->len; i++)
    if (g_strcmp0 (roster_account_get_id (g_ptr_array_index (self->accounts, i)), id) == 0)
      {
        if (position)
          *position = i;
        return TRUE;
      }

  return FALSE;
}

static void
accounts_changed_cb (GSettings            *settings,
                     const char           *key,
                     RosterAccountManager *self)
{
  roster_account_manager_reload (self);
}

static void
active_changed_cb (GSettings            *settings,
                   const char           *key,
                   RosterAccountManager *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
roster_account_manager_dispose (GObject *object)
{
  RosterAccountManager *self = (RosterAccountManager *) object;

  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (roster_account_manager_parent_class)->dispose (object);
}

static void
roster_account_manager_finalize (GObject *object)
{
  RosterAccountManager *self = (RosterAccountManager *) object;

  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_account_manager_parent_class)->finalize (object);
}

static void
roster_account_manager_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RosterAccountManager *self = ROSTER_ACCOUNT_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_object (value, roster_account_manager_get_active (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->accounts->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_account_manager_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RosterAccountManager *self = ROSTER_ACCOUNT_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      roster_account_manager_set_active (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_account_manager_class_init (RosterAccountManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_account_manager_dispose;
  object_class->finalize = roster_account_manager_finalize;
  object_class->get_property = roster_account_manager_get_property;
  object_class->set_property = roster_account_manager_set_property;

  /* The account shown at start-up: "active-account", else the first one. */
  properties[PROP_ACTIVE] =
    g_param_spec_object ("active", NULL, NULL, ROSTER_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_account_manager_init (RosterAccountManager *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * roster_account_manager_new:
 * @settings: (nullable): an io.github.rosterapp.Roster #GSettings, or %NULL
 *   for the default one
 *
 * Returns: (transfer full): a manager holding the saved accounts
 */
RosterAccountManager *
roster_account_manager_new (GSettings *settings)
{
  RosterAccountManager *self;

  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ROSTER_TYPE_ACCOUNT_MANAGER, NULL);
  self->settings = settings ? g_object_ref (settings) : g_settings_new (BASE_ID);
  g_signal_connect (self->settings, "changed::accounts", G_CALLBACK (accounts_changed_cb), self);
  g_signal_connect (self->settings, "changed::active-account", G_CALLBACK (active_changed_cb),
                    self);
  roster_account_manager_reload (self);

  return self;
}

/**
 * roster_account_manager_reload:
 *
 * Reads the saved accounts again. Done by itself when the "accounts" key
 * changes; when the list of ids is the same, nothing changes.
 */
void
roster_account_manager_reload (RosterAccountManager *self)
{
  g_autoptr(GPtrArray) loaded = NULL;
  gboolean same;
  guint removed;

  g_return_if_fail (ROSTER_IS_ACCOUNT_MANAGER (self));

  loaded = roster_account_list_saved (self->settings);
  same = loaded->len == self->accounts->len;
  for (guint i = 0; same && i < loaded->len; i++)
    same = g_strcmp0 (roster_account_get_id (g_ptr_array_index (loaded, i)),
                      roster_account_get_id (g_ptr_array_index (self->accounts, i))) == 0;
  if (same)
    return;

  g_debug ("Saved accounts changed: %u -> %u", self->accounts->len, loaded->len);
  removed = self->accounts->len;
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_steal_pointer (&loaded);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->accounts->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/**
 * roster_account_manager_lookup:
 * @id_or_label: an account id, or a label (exact, then case-insensitive)
 *
 * Returns: (transfer none) (nullable): the account
 */
RosterAccount *
roster_account_manager_lookup (RosterAccountManager *self,
                               const char           *id_or_label)
{
  guint position;

  g_return_val_if_fail (ROSTER_IS_ACCOUNT_MANAGER (self), NULL);

  if (id_or_label == NULL)
    return NULL;

  if (find (self, id_or_label, &position))
    return g_ptr_array_index (self->accounts, position);

  for (guint i = 0; i < self->accounts->len; i++)
    if (g_strcmp0 (roster_account_get_label (g_ptr_array_index (self->accounts, i)),
                   id_or_label) == 0)
      return g_ptr_array_index (self->accounts, i);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      g_autofree char *a = g_utf8_casefold (roster_account_get_label (g_ptr_array_index (self->accounts, i)), -1);
      g_autofree char *b = g_utf8_casefold (id_or_label, -1);

      if (g_strcmp0 (a, b) == 0)
        return g_ptr_array_index (self->accounts, i);
    }

  return NULL;
}

/**
 * roster_account_manager_add:
 * @account: a new account (one already managed is saved again)
 *
 * Saves @account and appends it to the list.
 */
void
roster_account_manager_add (RosterAccountManager *self,
                            RosterAccount        *account)
{
  g_return_if_fail (ROSTER_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (ROSTER_IS_ACCOUNT (account));

  if (find (self, roster_account_get_id (account), NULL))
    {
      roster_account_save (account, self->settings);
      return;
    }

  g_ptr_array_add (self->accounts, g_object_ref (account));
  g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  roster_account_save (account, self->settings);
  if (self->accounts->len == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/**
 * roster_account_manager_save:
 *
 * Writes a managed account's settings after it changed.
 */
void
roster_account_manager_save (RosterAccountManager *self,
                             RosterAccount        *account)
{
  g_return_if_fail (ROSTER_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (ROSTER_IS_ACCOUNT (account));
  g_return_if_fail (find (self, roster_account_get_id (account), NULL));

  roster_account_save (account, self->settings);
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!roster_account_remove_finish (ROSTER_ACCOUNT (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * roster_account_manager_remove_async:
 *
 * Takes @account out of the list at once, forgets its settings and deletes
 * its tokens (see roster_account_remove_async()).
 */
void
roster_account_manager_remove_async (RosterAccountManager *self,
                                     RosterAccount        *account,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(RosterAccount) keep = NULL;
  GTask *task;
  guint position;

  g_return_if_fail (ROSTER_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (ROSTER_IS_ACCOUNT (account));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_account_manager_remove_async);

  keep = g_object_ref (account);
  if (find (self, roster_account_get_id (account), &position))
    {
      g_ptr_array_remove_index (self->accounts, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  roster_account_remove_async (account, self->settings, cancellable, remove_cb, task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

gboolean
roster_account_manager_remove_finish (RosterAccountManager  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * roster_account_manager_get_active:
 *
 * Returns: (transfer none) (nullable): the account named by
 *   "active-account", else the first one, else %NULL
 */
RosterAccount *
roster_account_manager_get_active (RosterAccountManager *self)
{
  g_autofree char *id = NULL;
  guint position;

  g_return_val_if_fail (ROSTER_IS_ACCOUNT_MANAGER (self), NULL);

  id = g_settings_get_string (self->settings, "active-account");
  if (find (self, id, &position))
    return g_ptr_array_index (self->accounts, position);

  return self->accounts->len > 0 ? g_ptr_array_index (self->accounts, 0) : NULL;
}

/**
 * roster_account_manager_set_active:
 * @account: (nullable): a managed account, or %NULL for the first one
 */
void
roster_account_manager_set_active (RosterAccountManager *self,
                                   RosterAccount        *account)
{
  g_return_if_fail (ROSTER_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (!account || ROSTER_IS_ACCOUNT (account));

  if (account == roster_account_manager_get_active (self))
    return;

  g_settings_set_string (self->settings, "active-account",
                         account ? roster_account_get_id (account) : "");
}
