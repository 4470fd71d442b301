/* roster-secrets.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-secrets"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-error.h"
#include "roster-secrets.h"

/* The only place where tokens are kept. Nothing here logs a token: debug
 * messages name the account and the kind only. */

/**
 * roster_secrets_get_schema:
 *
 * Returns: (transfer none): the schema of Roster's keyring items
 */
const SecretSchema *
roster_secrets_get_schema (void)
{
  /* Designated initialisers: the reserved fields stay zero under -Wextra. */
  static const SecretSchema schema = {
    .name = ROSTER_SECRETS_SCHEMA_NAME,
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static GError *
keyring_error (GError     *error,
               const char *what)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_CANCELLED,
                                _("The operation was cancelled."));

  /* Translators: %1$s says what failed ("Could not save the token"),
   * %2$s is the keyring's own message. */
  return g_error_new (ROSTER_ERROR, ROSTER_ERROR_KEYRING,
                      _("%1$s in the keyring: %2$s. Check that a keyring (Secret Service, "
                        "such as GNOME Keyring) is running and unlocked."),
                      what, error->message);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error, _("Could not save the token")));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * roster_secrets_store_async:
 * @account_id: the account's id
 * @account_label: (nullable): the account's label, for the item's label
 *   ("Roster SCIM token for acme-corp")
 * @kind: %ROSTER_TOKEN_SCIM or %ROSTER_TOKEN_API
 * @token: the token (leading and trailing white space is dropped)
 *
 * Stores @token in the default collection, replacing the account's token of
 * that kind. Fails with %ROSTER_ERROR_KEYRING or %ROSTER_ERROR_CANCELLED.
 */
void
roster_secrets_store_async (const char          *account_id,
                            const char          *account_label,
                            RosterTokenKind      kind,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  g_autofree char *stripped = NULL;
  const char *name;

  g_return_if_fail (account_id != NULL && account_id[0] != '\0');
  g_return_if_fail (kind == ROSTER_TOKEN_SCIM || kind == ROSTER_TOKEN_API);
  g_return_if_fail (token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_secrets_store_async);
  g_task_set_check_cancellable (task, FALSE);

  stripped = g_strstrip (g_strdup (token));
  if (stripped[0] == '\0')
    {
      g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                               _("The token is empty. Paste the whole token."));
      return;
    }

  name = account_label && account_label[0] ? account_label : account_id;
  if (kind == ROSTER_TOKEN_SCIM)
    /* Translators: %s is the account's name, e.g. "acme-corp". */
    label = g_strdup_printf (_("Roster SCIM token for %s"), name);
  else
    /* Translators: %s is the account's name, e.g. "acme-corp". */
    label = g_strdup_printf (_("Roster API token for %s"), name);

  g_debug ("Storing the %s token of account %s", roster_token_kind_to_string (kind), account_id);
  secret_password_store (roster_secrets_get_schema (), SECRET_COLLECTION_DEFAULT, label,
                         stripped, cancellable, store_cb, g_steal_pointer (&task),
                         "account", account_id,
                         "kind", roster_token_kind_to_string (kind),
                         NULL);
  memset (stripped, 0, strlen (stripped));
}

gboolean
roster_secrets_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error)
    {
      g_task_return_error (task, keyring_error (error, _("Could not read the token")));
      return;
    }

  if (password == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, g_strdup (password), g_free);
  secret_password_free (password);
}

/**
 * roster_secrets_lookup_async:
 * @account_id: the account's id
 * @kind: %ROSTER_TOKEN_SCIM or %ROSTER_TOKEN_API
 *
 * Reads the account's token of @kind.
 */
void
roster_secrets_lookup_async (const char          *account_id,
                             RosterTokenKind      kind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (account_id != NULL && account_id[0] != '\0');
  g_return_if_fail (kind == ROSTER_TOKEN_SCIM || kind == ROSTER_TOKEN_API);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_secrets_lookup_async);
  g_task_set_check_cancellable (task, FALSE);

  secret_password_lookup (roster_secrets_get_schema (), cancellable, lookup_cb, task,
                          "account", account_id,
                          "kind", roster_token_kind_to_string (kind),
                          NULL);
}

/**
 * roster_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the token; %NULL with @error unset
 *   when none is stored; %NULL with %ROSTER_ERROR_KEYRING or
 *   %ROSTER_ERROR_CANCELLED on failure. Free it with g_free() after
 *   clearing it if you can.
 */
char *
roster_secrets_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to delete, which is fine. */
  if (!secret_password_clear_finish (result, &error) && error)
    g_task_return_error (task, keyring_error (error, _("Could not delete the token")));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * roster_secrets_clear_async:
 * @account_id: the account's id
 * @kind: %ROSTER_TOKEN_SCIM or %ROSTER_TOKEN_API for one token,
 *   %ROSTER_TOKEN_NONE for all tokens of the account
 *
 * Deletes tokens. Deleting what is not there succeeds.
 */
void
roster_secrets_clear_async (const char          *account_id,
                            RosterTokenKind      kind,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (account_id != NULL && account_id[0] != '\0');
  g_return_if_fail (kind <= ROSTER_TOKEN_API);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_secrets_clear_async);
  g_task_set_check_cancellable (task, FALSE);

  g_debug ("Deleting the %s token(s) of account %s",
           kind == ROSTER_TOKEN_NONE ? "all" : roster_token_kind_to_string (kind), account_id);

  if (kind == ROSTER_TOKEN_NONE)
    secret_password_clear (roster_secrets_get_schema (), cancellable, clear_cb, task,
                           "account", account_id,
                           NULL);
  else
    secret_password_clear (roster_secrets_get_schema (), cancellable, clear_cb, task,
                           "account", account_id,
                           "kind", roster_token_kind_to_string (kind),
                           NULL);
}

gboolean
roster_secrets_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
