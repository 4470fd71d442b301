/* roster-sandbox-private.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "roster-sandbox.h"
#include "roster-sandbox-world.h"

G_BEGIN_DECLS

/* What the parts of the sandbox share (SCIM in roster-sandbox-scim.c, REST
 * v4 in the REST files). Not installed, not for users of the library. */

/* Content types. */
#define ROSTER_SANDBOX_JSON      "application/json"
#define ROSTER_SANDBOX_SCIM_JSON "application/scim+json"

/* A sandbox serving world (takes it). */
RosterSandbox    *_roster_sandbox_new_for_world    (RosterWorld        *world);
/* The state model behind the server (owned by the sandbox). */
RosterWorld      *_roster_sandbox_get_world        (RosterSandbox      *self);
/* The RFC 7644 service provider of the "scim" flavor, or NULL. */
typedef struct _RosterSandboxRfc RosterSandboxRfc;
RosterSandboxRfc *_roster_sandbox_get_rfc          (RosterSandbox      *self);

/* Routing.
 *
 * A handler serves every request whose path is prefix or starts with
 * prefix + "/". It is called with the decoded path segments after the
 * prefix (NULL-terminated; "/api/v4/groups/4242/members" under "/api/v4"
 * gives {"groups", "4242", "members", NULL}). libsoup 3.2 decodes the
 * whole path before splitting is possible, so an encoded "%2F" arrives as
 * a separator: "/api/v4/groups/acme%2Fx/members" gives {"groups", "acme",
 * "x", "members", NULL}; handlers that take a full path must join
 * segments (e.g. up to the next known route word). The query (may be
 * NULL) and the message; it sets the status and the body. Handlers never
 * see a request the fault layer answered itself: every handler goes through
 * the same wrapper (request counter, request hook, rate limit, fail rate,
 * latency; in that order, latency without blocking the main loop). */
typedef void (*RosterSandboxHandler) (RosterSandbox      *self,
                                      SoupServerMessage  *msg,
                                      const char * const *segments,
                                      GHashTable         *query,
                                      gpointer            user_data);

void              _roster_sandbox_add_handler      (RosterSandbox        *self,
                                                    SoupServer           *server,
                                                    const char           *prefix,
                                                    RosterSandboxHandler  handler,
                                                    gpointer              user_data);

/* Implemented by the REST v4 part: installs the /api/v4 handlers on server
 * with _roster_sandbox_add_handler (). Called once from
 * roster_sandbox_listen (). */
void              _roster_sandbox_rest_install     (RosterSandbox      *self,
                                                    SoupServer         *server);

/* Authentication.
 *
 * The API token of the request (header PRIVATE-TOKEN, or
 * "Authorization: Bearer", or the private_token / access_token query
 * parameter), or NULL when there is none or it is unknown. The role comes
 * from roster_world_get_access_level (world, group, token->user). */
RosterWorldToken *_roster_sandbox_authenticate     (RosterSandbox      *self,
                                                    SoupServerMessage  *msg,
                                                    GHashTable         *query);
/* GitLab's scope rule: "api" allows everything, "read_api" GET and HEAD. */
gboolean          _roster_sandbox_token_allows     (RosterWorldToken   *token,
                                                    const char         *method);
/* The SCIM token of the request ("Authorization: Bearer", or the
 * access_token / bearer_token parameter), or NULL. */
const char       *_roster_sandbox_get_bearer       (SoupServerMessage  *msg,
                                                    GHashTable         *query);
/* TRUE when the request carries the SCIM token of group. */
gboolean          _roster_sandbox_check_scim_token (RosterSandbox      *self,
                                                    SoupServerMessage  *msg,
                                                    GHashTable         *query,
                                                    RosterWorldGroup   *group);

/* Request parameters as Grape sees them: the query merged with the body
 * (a JSON object, or a form), the body winning. Returns a new object (never
 * NULL); *invalid_json is set when the body was meant as JSON but did not
 * parse. */
JsonObject       *_roster_sandbox_read_params      (SoupServerMessage  *msg,
                                                    GHashTable         *query,
                                                    gboolean           *invalid_json);

/* Responses. */
void              _roster_sandbox_set_body         (SoupServerMessage  *msg,
                                                    guint               status,
                                                    const char         *content_type,
                                                    const char         *body,
                                                    gssize              length);
/* Takes the string. */
void              _roster_sandbox_set_json_string  (SoupServerMessage  *msg,
                                                    guint               status,
                                                    const char         *content_type,
                                                    GString            *json);
void              _roster_sandbox_set_json_node    (SoupServerMessage  *msg,
                                                    guint               status,
                                                    const char         *content_type,
                                                    JsonNode           *node);
/* {"message":"<message>"} as application/json: GitLab's plain error body. */
void              _roster_sandbox_set_message      (SoupServerMessage  *msg,
                                                    guint               status,
                                                    const char         *message);
/* {"error":"<error>"} as application/json: Grape's validation error body. */
void              _roster_sandbox_set_error        (SoupServerMessage  *msg,
                                                    guint               status,
                                                    const char         *error);
/* Status only, empty body (204). */
void              _roster_sandbox_set_empty        (SoupServerMessage  *msg,
                                                    guint               status);

/* JSON writing without a tree (fast; keys come out in the order written).
 * Appends value as a JSON string with escapes, or null when NULL. */
void              _roster_sandbox_json_string      (GString            *out,
                                                    const char         *value);

/* Time spent inside handlers (server work, without HTTP I/O), for the
 * benchmark: requests that reached a handler, total and worst CPU µs. */
void              _roster_sandbox_get_handler_stats   (RosterSandbox *self,
                                                       guint64       *n_handled,
                                                       gint64        *total_us,
                                                       gint64        *max_us);
void              _roster_sandbox_reset_handler_stats (RosterSandbox *self);

/* The SCIM part (roster-sandbox-scim.c). */
void              _roster_sandbox_scim_install     (RosterSandbox      *self,
                                                    SoupServer         *server);

G_END_DECLS
