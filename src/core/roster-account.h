/* roster-account.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "roster-http.h"
#include "roster-request-log.h"

G_BEGIN_DECLS

/**
 * RosterAccountKind:
 * @ROSTER_ACCOUNT_KIND_GITLAB: a GitLab top-level group (REST API + group SCIM)
 * @ROSTER_ACCOUNT_KIND_SCIM: a generic SCIM 2.0 service provider
 */
typedef enum
{
  ROSTER_ACCOUNT_KIND_GITLAB,
  ROSTER_ACCOUNT_KIND_SCIM,
} RosterAccountKind;

#define ROSTER_TYPE_ACCOUNT_KIND (roster_account_kind_get_type ())
GType       roster_account_kind_get_type    (void) G_GNUC_CONST;
const char *roster_account_kind_to_string   (RosterAccountKind  kind);
gboolean    roster_account_kind_from_string (const char        *string,
                                             RosterAccountKind *kind);

#define ROSTER_ACCOUNT_SCHEMA_ID   "io.github.rosterapp.Roster.Account"
#define ROSTER_ACCOUNT_PATH_PREFIX "/io/github/rosterapp/Roster/accounts/"

#define ROSTER_TYPE_ACCOUNT (roster_account_get_type ())
G_DECLARE_FINAL_TYPE (RosterAccount, roster_account, ROSTER, ACCOUNT, GObject)

RosterAccount     *roster_account_new               (RosterAccountKind   kind);
RosterAccount     *roster_account_new_gitlab        (const char         *label,
                                                     const char         *instance_url,
                                                     const char         *group_path,
                                                     GError            **error);
RosterAccount     *roster_account_new_scim          (const char         *label,
                                                     const char         *scim_url,
                                                     GError            **error);

const char        *roster_account_get_id            (RosterAccount      *self);
const char        *roster_account_get_label         (RosterAccount      *self);
void               roster_account_set_label         (RosterAccount      *self,
                                                     const char         *label);
RosterAccountKind  roster_account_get_kind          (RosterAccount      *self);
void               roster_account_set_kind          (RosterAccount      *self,
                                                     RosterAccountKind   kind);
const char        *roster_account_get_instance_url  (RosterAccount      *self);
void               roster_account_set_instance_url  (RosterAccount      *self,
                                                     const char         *instance_url);
const char        *roster_account_get_group_path    (RosterAccount      *self);
void               roster_account_set_group_path    (RosterAccount      *self,
                                                     const char         *group_path);
gint64             roster_account_get_group_id      (RosterAccount      *self);
void               roster_account_set_group_id      (RosterAccount      *self,
                                                     gint64              group_id);
const char        *roster_account_get_scim_url      (RosterAccount      *self);
void               roster_account_set_scim_url      (RosterAccount      *self,
                                                     const char         *scim_url);
char              *roster_account_dup_api_url       (RosterAccount      *self);
gboolean           roster_account_validate          (RosterAccount      *self,
                                                     GError            **error);
char              *roster_account_dup_group_path_warning (RosterAccount *self);

/* Checking what a user typed. */
char              *roster_account_normalize_url     (const char         *url,
                                                     GError            **error);
gboolean           roster_account_check_group_path  (const char         *group_path,
                                                     gboolean           *has_dot,
                                                     GError            **error);
char              *roster_account_derive_scim_url   (const char         *instance_url,
                                                     const char         *group_path);

/* Persistence in GSettings: @settings is an io.github.rosterapp.Roster
 * GSettings (or %NULL for the default one); each account lives at
 * ROSTER_ACCOUNT_PATH_PREFIX<id>/. Tokens are never stored there. */
GPtrArray         *roster_account_list_saved        (GSettings          *settings);
RosterAccount     *roster_account_load              (GSettings          *settings,
                                                     const char         *id,
                                                     GError            **error);
void               roster_account_save              (RosterAccount      *self,
                                                     GSettings          *settings);
void               roster_account_remove_async      (RosterAccount      *self,
                                                     GSettings          *settings,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean           roster_account_remove_finish     (RosterAccount      *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

/* A RosterHttp for one of the account's APIs. */
RosterHttp        *roster_account_create_http       (RosterAccount      *self,
                                                     RosterTokenKind     kind,
                                                     RosterRequestLog   *log,
                                                     GError            **error);
void               roster_account_open_http_async   (RosterAccount      *self,
                                                     RosterTokenKind     kind,
                                                     RosterRequestLog   *log,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
RosterHttp        *roster_account_open_http_finish  (RosterAccount      *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

G_END_DECLS
