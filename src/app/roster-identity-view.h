/* roster-identity-view.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/**
 * RosterIdentitySlot:
 * @ROSTER_IDENTITY_SLOT_SAML: the SAML NameId GitLab holds
 * @ROSTER_IDENTITY_SLOT_SCIM: the SCIM id (extern_uid) GitLab holds
 * @ROSTER_IDENTITY_SLOT_IDP: the value of an imported IdP export
 */
typedef enum
{
  ROSTER_IDENTITY_SLOT_SAML,
  ROSTER_IDENTITY_SLOT_SCIM,
  ROSTER_IDENTITY_SLOT_IDP,
} RosterIdentitySlot;

#define ROSTER_IDENTITY_SLOT_N 3

#define ROSTER_TYPE_IDENTITY_VIEW (roster_identity_view_get_type ())
G_DECLARE_FINAL_TYPE (RosterIdentityView, roster_identity_view, ROSTER, IDENTITY_VIEW, GtkWidget)

GtkWidget  *roster_identity_view_new             (void);
void        roster_identity_view_set_values      (RosterIdentityView *self,
                                                  const char         *saml,
                                                  const char         *scim,
                                                  const char         *idp,
                                                  gboolean            show_idp);
const char *roster_identity_view_get_value       (RosterIdentityView *self,
                                                  RosterIdentitySlot  slot);
GtkLabel   *roster_identity_view_get_value_label (RosterIdentityView *self,
                                                  RosterIdentitySlot  slot);
GtkLabel   *roster_identity_view_get_verdict     (RosterIdentityView *self);

char       *roster_identity_display_text         (const char         *value);

G_END_DECLS
