/* roster-account-manager.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "roster-account.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_ACCOUNT_MANAGER (roster_account_manager_get_type ())
G_DECLARE_FINAL_TYPE (RosterAccountManager, roster_account_manager, ROSTER, ACCOUNT_MANAGER, GObject)

RosterAccountManager *roster_account_manager_new           (GSettings            *settings);
RosterAccount        *roster_account_manager_lookup        (RosterAccountManager *self,
                                                            const char           *id_or_label);
void                  roster_account_manager_add           (RosterAccountManager *self,
                                                            RosterAccount        *account);
void                  roster_account_manager_save          (RosterAccountManager *self,
                                                            RosterAccount        *account);
void                  roster_account_manager_remove_async  (RosterAccountManager *self,
                                                            RosterAccount        *account,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean              roster_account_manager_remove_finish (RosterAccountManager *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
RosterAccount        *roster_account_manager_get_active    (RosterAccountManager *self);
void                  roster_account_manager_set_active    (RosterAccountManager *self,
                                                            RosterAccount        *account);
void                  roster_account_manager_reload        (RosterAccountManager *self);

G_END_DECLS
