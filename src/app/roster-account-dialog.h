/* roster-account-dialog.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "roster-account-manager.h"
#include "roster-connection-test.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_ACCOUNT_DIALOG (roster_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RosterAccountDialog, roster_account_dialog, ROSTER, ACCOUNT_DIALOG, AdwWindow)

GtkWidget              *roster_account_dialog_new        (GtkWindow            *parent,
                                                          RosterAccountManager *manager,
                                                          RosterAccount        *account);
RosterAccount          *roster_account_dialog_get_account (RosterAccountDialog *self);
RosterConnectionReport *roster_account_dialog_get_report (RosterAccountDialog  *self);

G_END_DECLS
