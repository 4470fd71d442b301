/* roster-idp-import.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest IdP export Roster reads (64 MiB) and the longest field in it. */
#define ROSTER_IDP_EXPORT_MAX_SIZE   (64 * 1024 * 1024)
#define ROSTER_IDP_EXPORT_MAX_FIELD  4096

/**
 * RosterIdpRecord:
 * @email: (nullable): the user's email in the IdP
 * @user_name: (nullable): the IdP's user name (Okta login, Entra UPN, SCIM userName)
 * @external_id: (nullable): what the IdP's SCIM app sends as externalId
 * @name_id: (nullable): what the IdP sends as SAML NameID
 * @line: the line of the file where the record starts (1-based; for JSON the
 *   line of the object's opening brace)
 *
 * One user of an IdP export. At least one of @email / @user_name and one of
 * @external_id / @name_id is set.
 */
typedef struct
{
  char  *email;
  char  *user_name;
  char  *external_id;
  char  *name_id;
  guint  line;
} RosterIdpRecord;

#define ROSTER_TYPE_IDP_EXPORT (roster_idp_export_get_type ())
typedef struct _RosterIdpExport RosterIdpExport;

GType                  roster_idp_export_get_type          (void) G_GNUC_CONST;
RosterIdpExport       *roster_idp_export_new               (void);
RosterIdpExport       *roster_idp_export_ref               (RosterIdpExport  *self);
void                   roster_idp_export_unref             (RosterIdpExport  *self);

gboolean               roster_idp_export_add               (RosterIdpExport  *self,
                                                            const char       *email,
                                                            const char       *user_name,
                                                            const char       *external_id,
                                                            const char       *name_id,
                                                            guint             line,
                                                            GError          **error);

RosterIdpExport       *roster_idp_export_parse             (const char       *data,
                                                            gsize             length,
                                                            GError          **error);
RosterIdpExport       *roster_idp_export_load              (GFile            *file,
                                                            GCancellable     *cancellable,
                                                            GError          **error);
void                   roster_idp_export_load_async        (GFile            *file,
                                                            GCancellable     *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer          user_data);
RosterIdpExport       *roster_idp_export_load_finish       (GAsyncResult     *result,
                                                            GError          **error);

const char            *roster_idp_export_get_format        (RosterIdpExport  *self);
guint                  roster_idp_export_get_n_records     (RosterIdpExport  *self);
const RosterIdpRecord *roster_idp_export_get_record        (RosterIdpExport  *self,
                                                            guint             index);
const RosterIdpRecord *roster_idp_export_lookup            (RosterIdpExport  *self,
                                                            const char       *email,
                                                            const char       *username);
const RosterIdpRecord *roster_idp_export_lookup_value      (RosterIdpExport  *self,
                                                            const char       *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterIdpExport, roster_idp_export_unref)

G_END_DECLS
