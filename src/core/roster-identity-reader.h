/* roster-identity-reader.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "roster-gitlab-types.h"

G_BEGIN_DECLS

/**
 * RosterIdentityReaderFunc:
 * @extern_uid: the identity's value (valid during the call only; never
 *   empty, valid UTF-8 without NUL)
 * @user_id: the user
 * @active: the SCIM active flag (%TRUE for SAML)
 * @user_data: closure
 *
 * Called for each record of an identity list, in order.
 */
typedef void (*RosterIdentityReaderFunc) (const char *extern_uid,
                                          gint64      user_id,
                                          gboolean    active,
                                          gpointer    user_data);

gboolean   roster_identity_reader_parse (const char                *data,
                                         gsize                      size,
                                         RosterIdentityKind         kind,
                                         RosterIdentityReaderFunc   func,
                                         gpointer                   user_data,
                                         GError                   **error);

GPtrArray *roster_identity_reader_parse_list (const char          *data,
                                              gsize                size,
                                              RosterIdentityKind   kind,
                                              GError             **error);

G_END_DECLS
