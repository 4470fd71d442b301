/* roster-scim-client.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "roster-http.h"
#include "roster-progress.h"
#include "roster-scim-types.h"

G_BEGIN_DECLS

/**
 * RosterScimAttribute:
 * @ROSTER_SCIM_ATTRIBUTE_ID: `id` (GitLab: the SCIM identity's extern_uid;
 *   RFC servers usually refuse to change it)
 * @ROSTER_SCIM_ATTRIBUTE_EXTERNAL_ID: `externalId` (GitLab: the same
 *   extern_uid)
 *
 * The string attributes Roster may replace.
 */
typedef enum
{
  ROSTER_SCIM_ATTRIBUTE_ID,
  ROSTER_SCIM_ATTRIBUTE_EXTERNAL_ID,
} RosterScimAttribute;

/* Users per page asked for (GitLab's maximum). */
#define ROSTER_SCIM_PAGE_SIZE 100

#define ROSTER_TYPE_SCIM_CLIENT (roster_scim_client_get_type ())
G_DECLARE_FINAL_TYPE (RosterScimClient, roster_scim_client, ROSTER, SCIM_CLIENT, GObject)

RosterScimClient  *roster_scim_client_new                (RosterHttp           *http,
                                                          RosterScimDialect     dialect,
                                                          const char           *base_path);
RosterScimClient  *roster_scim_client_new_for_gitlab     (RosterHttp           *http,
                                                          const char           *group);
char              *roster_scim_client_dup_gitlab_base_path (const char       *group);
RosterHttp        *roster_scim_client_get_http           (RosterScimClient     *self);
RosterScimDialect  roster_scim_client_get_dialect        (RosterScimClient     *self);
const char        *roster_scim_client_get_base_path      (RosterScimClient     *self);

void               roster_scim_client_list_users_async   (RosterScimClient     *self,
                                                          const char           *filter,
                                                          RosterProgressFunc    progress,
                                                          gpointer              progress_data,
                                                          GDestroyNotify        progress_destroy,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray         *roster_scim_client_list_users_finish  (RosterScimClient     *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

void               roster_scim_client_find_users_async   (RosterScimClient     *self,
                                                          const char           *attribute,
                                                          const char           *value,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray         *roster_scim_client_find_users_finish  (RosterScimClient     *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

void               roster_scim_client_get_user_async     (RosterScimClient     *self,
                                                          const char           *id,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
RosterScimUser    *roster_scim_client_get_user_finish    (RosterScimClient     *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

void               roster_scim_client_replace_async      (RosterScimClient     *self,
                                                          const char           *id,
                                                          RosterScimAttribute   attribute,
                                                          const char           *value,
                                                          const char           *version,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
void               roster_scim_client_set_active_async   (RosterScimClient     *self,
                                                          const char           *id,
                                                          gboolean              active,
                                                          const char           *version,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
void               roster_scim_client_delete_user_async  (RosterScimClient     *self,
                                                          const char           *id,
                                                          const char           *version,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* Finishes replace, set_active and delete_user. */
gboolean           roster_scim_client_write_finish       (RosterScimClient     *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
