/* roster-session.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "roster-connection-test.h"
#include "roster-request-log.h"
#include "roster-sandbox.h"
#include "roster-snapshot.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_SESSION (roster_session_get_type ())
G_DECLARE_FINAL_TYPE (RosterSession, roster_session, ROSTER, SESSION, GObject)

RosterSession    *roster_session_new                  (const char       *label,
                                                       const char       *instance_url,
                                                       const char       *group_path,
                                                       const char       *api_token,
                                                       const char       *scim_token);
RosterSession    *roster_session_new_sandbox          (RosterSandbox    *sandbox);

const char       *roster_session_get_label            (RosterSession    *self);
const char       *roster_session_get_instance_url     (RosterSession    *self);
const char       *roster_session_get_group_path       (RosterSession    *self);
gboolean          roster_session_is_sandbox           (RosterSession    *self);
RosterRequestLog *roster_session_get_request_log      (RosterSession    *self);

void              roster_session_refresh              (RosterSession    *self);
void              roster_session_cancel               (RosterSession    *self);
gboolean          roster_session_get_loading          (RosterSession    *self);
RosterSnapshot   *roster_session_get_snapshot         (RosterSession    *self);
const GError     *roster_session_get_error            (RosterSession    *self);
char             *roster_session_dup_progress_text    (RosterSession    *self);
double            roster_session_get_progress_fraction (RosterSession   *self);

const RosterConnectionCheck *roster_session_get_blocking_check (RosterSession *self,
                                                                gboolean      *scim);
void              roster_session_load_anyway          (RosterSession    *self);

void              roster_session_set_idp_export       (RosterSession    *self,
                                                       RosterIdpExport  *idp_export);
RosterIdpExport  *roster_session_get_idp_export       (RosterSession    *self);

G_END_DECLS
