/* roster-secrets.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "roster-http.h"

G_BEGIN_DECLS

/* Tokens live in the Secret Service only, in the default collection, as
 * items of the schema "io.github.rosterapp.Roster.Token" with the attributes
 * "account" (the account id) and "kind" ("scim" or "api"). */

#define ROSTER_SECRETS_SCHEMA_NAME "io.github.rosterapp.Roster.Token"

const SecretSchema *roster_secrets_get_schema  (void);

void                roster_secrets_store_async  (const char          *account_id,
                                                 const char          *account_label,
                                                 RosterTokenKind      kind,
                                                 const char          *token,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean            roster_secrets_store_finish (GAsyncResult        *result,
                                                 GError             **error);
void                roster_secrets_lookup_async (const char          *account_id,
                                                 RosterTokenKind      kind,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char               *roster_secrets_lookup_finish (GAsyncResult       *result,
                                                  GError            **error);
void                roster_secrets_clear_async  (const char          *account_id,
                                                 RosterTokenKind      kind,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean            roster_secrets_clear_finish (GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
