/* roster-gitlab-client.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "roster-gitlab-types.h"
#include "roster-http.h"
#include "roster-identity-reader.h"
#include "roster-progress.h"

G_BEGIN_DECLS

/* Members per page asked for (GitLab's maximum). */
#define ROSTER_GITLAB_PAGE_SIZE 100

/* Called with each parsed item of a paged listing (a RosterGitlabMember or
 * RosterGitlabEnterpriseUser, borrowed); returns what to keep instead.
 *
 * It runs in worker threads, where the pages are read: in several at once
 * (one per page), while the listing's own thread goes on. It must be
 * thread-safe: make something no other thread sees yet (a new object, a
 * copy), or lock what it shares with other calls or threads (user_data
 * included). What it returns is freed (map_free) in the listing's main
 * context. */
typedef gpointer (*RosterGitlabItemMapFunc) (gconstpointer item,
                                             gpointer      user_data);

#define ROSTER_TYPE_GITLAB_CLIENT (roster_gitlab_client_get_type ())
G_DECLARE_FINAL_TYPE (RosterGitlabClient, roster_gitlab_client, ROSTER, GITLAB_CLIENT, GObject)

RosterGitlabClient    *roster_gitlab_client_new                       (RosterHttp           *http);
RosterHttp            *roster_gitlab_client_get_http                  (RosterGitlabClient   *self);

/* Groups */
void                   roster_gitlab_client_get_group_async           (RosterGitlabClient   *self,
                                                                       const char           *group,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
RosterGitlabGroup     *roster_gitlab_client_get_group_finish          (RosterGitlabClient   *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);

/* Members (paged) */
void                   roster_gitlab_client_list_members_async        (RosterGitlabClient   *self,
                                                                       gint64                group_id,
                                                                       RosterProgressFunc    progress,
                                                                       gpointer              progress_data,
                                                                       GDestroyNotify        progress_destroy,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
void                   roster_gitlab_client_list_members_mapped_async (RosterGitlabClient   *self,
                                                                       gint64                group_id,
                                                                       RosterGitlabItemMapFunc map,
                                                                       gpointer              map_data,
                                                                       GDestroyNotify        map_free,
                                                                       RosterProgressFunc    progress,
                                                                       gpointer              progress_data,
                                                                       GDestroyNotify        progress_destroy,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
GPtrArray             *roster_gitlab_client_list_members_finish       (RosterGitlabClient   *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);
void                   roster_gitlab_client_get_member_async          (RosterGitlabClient   *self,
                                                                       gint64                group_id,
                                                                       gint64                user_id,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
RosterGitlabMember    *roster_gitlab_client_get_member_finish         (RosterGitlabClient   *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);

/* Enterprise users (GitLab 17.7+; feature-detected) */
void                   roster_gitlab_client_list_enterprise_users_async  (RosterGitlabClient   *self,
                                                                          gint64                group_id,
                                                                          RosterProgressFunc    progress,
                                                                          gpointer              progress_data,
                                                                          GDestroyNotify        progress_destroy,
                                                                          GCancellable         *cancellable,
                                                                          GAsyncReadyCallback   callback,
                                                                          gpointer              user_data);
void                   roster_gitlab_client_list_enterprise_users_mapped_async (RosterGitlabClient   *self,
                                                                          gint64                group_id,
                                                                          RosterGitlabItemMapFunc map,
                                                                          gpointer              map_data,
                                                                          GDestroyNotify        map_free,
                                                                          RosterProgressFunc    progress,
                                                                          gpointer              progress_data,
                                                                          GDestroyNotify        progress_destroy,
                                                                          GCancellable         *cancellable,
                                                                          GAsyncReadyCallback   callback,
                                                                          gpointer              user_data);
GPtrArray             *roster_gitlab_client_list_enterprise_users_finish (RosterGitlabClient   *self,
                                                                          GAsyncResult         *result,
                                                                          gboolean             *available,
                                                                          GError              **error);

/* SAML and SCIM identities */
void                   roster_gitlab_client_list_identities_async     (RosterGitlabClient   *self,
                                                                       gint64                group_id,
                                                                       RosterIdentityKind    kind,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
GPtrArray             *roster_gitlab_client_list_identities_finish    (RosterGitlabClient   *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);
void                   roster_gitlab_client_read_identities_async     (RosterGitlabClient   *self,
                                                                       gint64                group_id,
                                                                       RosterIdentityKind    kind,
                                                                       RosterIdentityReaderFunc func,
                                                                       gpointer              func_data,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
gboolean               roster_gitlab_client_read_identities_finish    (RosterGitlabClient   *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);
void                   roster_gitlab_client_get_identity_async        (RosterGitlabClient   *self,
                                                                       gint64                group_id,
                                                                       RosterIdentityKind    kind,
                                                                       const char           *extern_uid,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
RosterGitlabIdentity  *roster_gitlab_client_get_identity_finish       (RosterGitlabClient   *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);
void                   roster_gitlab_client_update_identity_async     (RosterGitlabClient   *self,
                                                                       gint64                group_id,
                                                                       RosterIdentityKind    kind,
                                                                       const char           *extern_uid,
                                                                       const char           *new_extern_uid,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
RosterGitlabIdentity  *roster_gitlab_client_update_identity_finish    (RosterGitlabClient   *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);
void                   roster_gitlab_client_delete_identity_async     (RosterGitlabClient   *self,
                                                                       gint64                group_id,
                                                                       RosterIdentityKind    kind,
                                                                       const char           *extern_uid,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
gboolean               roster_gitlab_client_delete_identity_finish    (RosterGitlabClient   *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);

/* The token itself */
void                   roster_gitlab_client_get_current_user_async    (RosterGitlabClient   *self,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
RosterGitlabUser      *roster_gitlab_client_get_current_user_finish   (RosterGitlabClient   *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);
void                   roster_gitlab_client_get_token_info_async      (RosterGitlabClient   *self,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
RosterGitlabTokenInfo *roster_gitlab_client_get_token_info_finish     (RosterGitlabClient   *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);

G_END_DECLS
