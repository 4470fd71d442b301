/* roster-sandbox-rfc.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* RosterSandboxRfc: a plain RFC 7643/7644 SCIM 2.0 service provider (the
 * "scim" flavor of the sandbox), for testing Roster's generic `rfc` dialect.
 * It has its own user store, seeded deterministically, and shares nothing
 * with the GitLab world: it is what a standards-following IdP target looks
 * like, not GitLab.
 *
 * Served under ROSTER_SANDBOX_RFC_BASE_PATH of the server it is installed on:
 *   GET/POST          /scim/v2/Users
 *   GET/PUT/PATCH/DELETE /scim/v2/Users/{id}
 *   GET               /scim/v2/ServiceProviderConfig
 * with `Authorization: Bearer <token>` (default "sandbox-scim-token"). */

#define ROSTER_SANDBOX_RFC_BASE_PATH     "/scim/v2"
#define ROSTER_SANDBOX_RFC_DEFAULT_TOKEN "sandbox-scim-token"
/* Largest page the service provider returns (also the default `count`). */
#define ROSTER_SANDBOX_RFC_MAX_RESULTS   100

#define ROSTER_TYPE_SANDBOX_RFC (roster_sandbox_rfc_get_type ())
G_DECLARE_FINAL_TYPE (RosterSandboxRfc, roster_sandbox_rfc, ROSTER, SANDBOX_RFC, GObject)

/* A store seeded with the deterministic demo users (about 50, including
 * values with quotes, backslashes, spaces and non-ASCII characters). */
RosterSandboxRfc *roster_sandbox_rfc_new            (void);

/* Adds n_users more generated users (deterministic for a given store). */
void              roster_sandbox_rfc_add_generated  (RosterSandboxRfc *self,
                                                     guint             n_users);

void              roster_sandbox_rfc_set_token      (RosterSandboxRfc *self,
                                                     const char       *token);
const char       *roster_sandbox_rfc_get_token      (RosterSandboxRfc *self);
guint             roster_sandbox_rfc_get_n_users    (RosterSandboxRfc *self);

/* The server-assigned id of the user with this userName (exact match), or
 * NULL. For tests that need to address a seeded user. */
const char       *roster_sandbox_rfc_lookup_id      (RosterSandboxRfc *self,
                                                     const char       *user_name);

/* Answers one request whose path is under ROSTER_SANDBOX_RFC_BASE_PATH (for
 * servers that route requests themselves, like RosterSandbox's fault layer). */
void              roster_sandbox_rfc_handle_message (RosterSandboxRfc  *self,
                                                     SoupServerMessage *msg,
                                                     GHashTable        *query);

/* Registers the handlers under ROSTER_SANDBOX_RFC_BASE_PATH. The server
 * keeps a reference on self until the handler is removed. */
void              roster_sandbox_rfc_install        (RosterSandboxRfc *self,
                                                     SoupServer       *server);

G_END_DECLS
