/* roster-member-private.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "roster-member.h"

G_BEGIN_DECLS

/* For roster-reconcile and roster-snapshot only: fills a member that nobody
 * observes yet, without property notifications (100 000 of them must be
 * built in milliseconds). Strings are copied; @findings is taken over
 * (transfer full, may be NULL); @pending: listed, not compared yet. */
void _roster_member_fill (RosterMember     *self,
                          gint64            user_id,
                          const char       *username,
                          const char       *name,
                          const char       *email,
                          const char       *avatar_url,
                          const char       *state,
                          int               access_level,
                          gboolean          enterprise,
                          gboolean          member,
                          const char       *saml_extern_uid,
                          const char       *scim_extern_uid,
                          RosterScimActive  scim_active,
                          const char       *idp_extern_uid,
                          GPtrArray        *findings,
                          gboolean          pending);

/* For roster-reconcile: the same fields, into a member that may be observed:
 * only what changes is notified. @findings is taken over (may be NULL). The
 * member is no longer pending. */
void _roster_member_update (RosterMember     *self,
                            const char       *username,
                            const char       *name,
                            const char       *email,
                            const char       *avatar_url,
                            const char       *state,
                            int               access_level,
                            gboolean          enterprise,
                            gboolean          member,
                            const char       *saml_extern_uid,
                            const char       *scim_extern_uid,
                            RosterScimActive  scim_active,
                            const char       *idp_extern_uid,
                            GPtrArray        *findings);

G_END_DECLS
