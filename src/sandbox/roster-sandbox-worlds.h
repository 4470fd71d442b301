/* roster-sandbox-worlds.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "roster-sandbox.h"
#include "roster-sandbox-world.h"

G_BEGIN_DECLS

/* Building worlds: the built-in ones, the JSON world format (WORLD.md) and
 * the generator. */

/* Overrides of the command line (--group, --group-id, --scim-token,
 * --api-token), applied to the main group (the first one) and the default
 * token. NULL / 0 fields keep the world's own values. */
typedef struct
{
  const char *group_path;
  gint64      group_id;
  const char *scim_token;
  const char *api_token;
} RosterWorldOptions;

/* Default names and tokens of the built-in and generated worlds. */
#define ROSTER_SANDBOX_DEFAULT_GROUP_PATH      "acme-corp"
#define ROSTER_SANDBOX_DEFAULT_GROUP_ID        4242
#define ROSTER_SANDBOX_DEFAULT_SCIM_TOKEN      "sandbox-scim-token"
#define ROSTER_SANDBOX_DEFAULT_API_TOKEN       "sandbox-api-token"       /* Ada, Owner, api */
#define ROSTER_SANDBOX_READ_API_TOKEN          "sandbox-read-api-token"  /* Ada, Owner, read_api */
#define ROSTER_SANDBOX_DEVELOPER_TOKEN         "sandbox-developer-token" /* Grace, Developer, api */
#define ROSTER_SANDBOX_LABS_SCIM_TOKEN         "sandbox-labs-scim-token" /* group acme.labs */

RosterWorld *_roster_world_new_builtin    (RosterSandboxWorld         which,
                                           const RosterWorldOptions  *options);
RosterWorld *_roster_world_new_generated  (guint                      n_users,
                                           guint64                    seed,
                                           double                     mismatch_rate,
                                           const RosterWorldOptions  *options);
/* Adds n_users generated colleagues to the main group of world. */
void         _roster_world_populate       (RosterWorld               *world,
                                           guint                      n_users,
                                           guint64                    seed,
                                           double                     mismatch_rate);

RosterWorld *_roster_world_load_json      (JsonNode                  *root,
                                           const RosterWorldOptions  *options,
                                           GError                   **error);
RosterWorld *_roster_world_load_file      (const char                *path,
                                           const RosterWorldOptions  *options,
                                           GError                   **error);
/* The world in the format _roster_world_load_json () reads. */
JsonNode    *_roster_world_dump           (RosterWorld               *world);

G_END_DECLS
