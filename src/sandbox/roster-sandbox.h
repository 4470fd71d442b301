/* roster-sandbox.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* RosterSandbox: a local GitLab that speaks the contract of
 * docs/gitlab-api.md (group SCIM /api/scim/v2 and REST /api/v4), with its
 * state in memory. Used in-process by the app ("Explore the Sandbox") and by
 * tests, and by the roster-sandbox executable.
 *
 * This header is the interface other parts of Roster rely on; the sandbox
 * may grow more API (world editing hooks, flavors) but keeps these. */

#define ROSTER_TYPE_SANDBOX (roster_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (RosterSandbox, roster_sandbox, ROSTER, SANDBOX, GObject)

typedef enum
{
  ROSTER_SANDBOX_WORLD_DEMO,     /* the five fixture people + ~200 generated colleagues */
  ROSTER_SANDBOX_WORLD_FIXTURE,  /* exactly the five people of fixtures/gitlab/ */
  ROSTER_SANDBOX_WORLD_EMPTY,    /* the group (with SAML), one Owner token holder, nobody else */
} RosterSandboxWorld;

RosterSandbox *roster_sandbox_new              (RosterSandboxWorld  world);
RosterSandbox *roster_sandbox_new_from_file    (const char         *path,
                                                GError            **error);
RosterSandbox *roster_sandbox_new_generated    (guint               n_users,
                                                guint64             seed,
                                                double              mismatch_rate);
/* The "scim" flavor (roster-sandbox --flavor scim): not GitLab but a plain
 * RFC 7644 SCIM 2.0 service provider with about 50 deterministic users, for
 * Roster's generic SCIM dialect. It serves only roster_sandbox_get_scim_url ()
 * (bearer token roster_sandbox_get_scim_token ()); it has no group, no API
 * token and no REST API. */
RosterSandbox *roster_sandbox_new_rfc          (void);

/* Faults (any time, also while serving). */
void           roster_sandbox_set_latency_ms   (RosterSandbox      *self,
                                                guint               latency_ms);
void           roster_sandbox_set_rate_limit   (RosterSandbox      *self,
                                                guint               per_minute);
void           roster_sandbox_set_fail_rate    (RosterSandbox      *self,
                                                double              rate);

/* Serve on 127.0.0.1:port (0 = pick a free port) in the thread-default
 * main context. With a certificate, serve https. */
gboolean       roster_sandbox_listen           (RosterSandbox      *self,
                                                guint               port,
                                                GTlsCertificate    *certificate,
                                                GError            **error);
void           roster_sandbox_stop             (RosterSandbox      *self);
guint          roster_sandbox_get_port         (RosterSandbox      *self);
/* "http://127.0.0.1:PORT" (or https), no trailing slash: the instance URL. */
const char    *roster_sandbox_get_url          (RosterSandbox      *self);

const char    *roster_sandbox_get_group_path   (RosterSandbox      *self);
gint64         roster_sandbox_get_group_id     (RosterSandbox      *self);
const char    *roster_sandbox_get_scim_token   (RosterSandbox      *self);
/* The default API token: an Owner of the group with the "api" scope. */
const char    *roster_sandbox_get_api_token    (RosterSandbox      *self);
/* The SCIM base URL while listening: URL/api/scim/v2/groups/GROUP for GitLab,
 * URL/scim/v2 for the "scim" flavor. */
const char    *roster_sandbox_get_scim_url     (RosterSandbox      *self);

/* More API (tests, the executable). */

/* Seed of the fail-rate dice, for reproducible faults in tests. */
void           roster_sandbox_set_fail_seed    (RosterSandbox      *self,
                                                guint32             seed);

/* Called before each request is handled (after the fault layer let it
 * through), with the method and the decoded path: a test can change the
 * world between two pages of a client. */
typedef void (*RosterSandboxRequestHook) (RosterSandbox *sandbox,
                                          const char    *method,
                                          const char    *path,
                                          gpointer       user_data);

void           roster_sandbox_set_request_hook (RosterSandbox            *self,
                                                RosterSandboxRequestHook  hook,
                                                gpointer                  user_data,
                                                GDestroyNotify            destroy);
/* Requests received since creation (including those answered by faults). */
guint64        roster_sandbox_get_request_count (RosterSandbox     *self);

/* Behave like GitLab major.minor (default: a current release): REST
 * endpoints and fields introduced later are absent, e.g. before 17.7 there
 * is no enterprise_users endpoint (404), so a client's fallback can be
 * tested. */
void           roster_sandbox_set_gitlab_version (RosterSandbox     *self,
                                                  guint              major,
                                                  guint              minor);

/* Changing the world behind a client's back (tests, demos). All act on the
 * main group (roster_sandbox_get_group_id ()), keep every view consistent,
 * and fail with ROSTER_SANDBOX_ERROR where GitLab would refuse. */
#define ROSTER_SANDBOX_ERROR (roster_sandbox_error_quark ())
typedef enum
{
  ROSTER_SANDBOX_ERROR_INVALID,     /* blank or malformed value */
  ROSTER_SANDBOX_ERROR_TAKEN,       /* unique value already used */
  ROSTER_SANDBOX_ERROR_NOT_FOUND,   /* no such user, member or identity */
  ROSTER_SANDBOX_ERROR_LAST_OWNER,  /* would remove the group's last Owner */
} RosterSandboxError;
GQuark         roster_sandbox_error_quark       (void);

/* A new user (not a member); returns its id, or 0 with error set. */
gint64         roster_sandbox_add_user          (RosterSandbox     *self,
                                                 const char        *username,
                                                 const char        *name,
                                                 const char        *email,
                                                 GError           **error);
/* access_level: GitLab's numbers (10 Guest … 50 Owner). */
gboolean       roster_sandbox_add_member        (RosterSandbox     *self,
                                                 gint64             user_id,
                                                 guint              access_level,
                                                 GError           **error);
gboolean       roster_sandbox_remove_member     (RosterSandbox     *self,
                                                 gint64             user_id,
                                                 GError           **error);
/* Creates the user's SCIM identity, or changes its value (and active). */
gboolean       roster_sandbox_set_scim_identity (RosterSandbox     *self,
                                                 gint64             user_id,
                                                 const char        *extern_uid,
                                                 gboolean           active,
                                                 GError           **error);
/* Creates the user's SAML identity, or changes its NameId. */
gboolean       roster_sandbox_set_saml_identity (RosterSandbox     *self,
                                                 gint64             user_id,
                                                 const char        *extern_uid,
                                                 GError           **error);
gboolean       roster_sandbox_remove_scim_identity (RosterSandbox  *self,
                                                 gint64             user_id,
                                                 GError           **error);
gboolean       roster_sandbox_remove_saml_identity (RosterSandbox  *self,
                                                 gint64             user_id,
                                                 GError           **error);
/* SCIM deprovisioning (identity inactive, membership removed, SAML kept)
 * and its reverse, as the IdP would do them. */
gboolean       roster_sandbox_deprovision       (RosterSandbox     *self,
                                                 gint64             user_id,
                                                 GError           **error);
gboolean       roster_sandbox_reprovision       (RosterSandbox     *self,
                                                 gint64             user_id,
                                                 GError           **error);
/* The SCIM / SAML extern_uid of a user in the main group, or NULL. */
const char    *roster_sandbox_get_scim_extern_uid (RosterSandbox   *self,
                                                 gint64             user_id);
const char    *roster_sandbox_get_saml_extern_uid (RosterSandbox   *self,
                                                 gint64             user_id);
/* The access level of a direct member of the main group, 0 if none. */
guint          roster_sandbox_get_access_level  (RosterSandbox     *self,
                                                 gint64             user_id);

G_END_DECLS
