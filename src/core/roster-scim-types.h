/* roster-scim-types.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * RosterScimDialect:
 * @ROSTER_SCIM_DIALECT_GITLAB: GitLab's group SCIM API, quirks included
 *   (gitlab-api.md §1)
 * @ROSTER_SCIM_DIALECT_RFC: any SCIM 2.0 service provider (RFC 7643/7644)
 */
typedef enum
{
  ROSTER_SCIM_DIALECT_GITLAB,
  ROSTER_SCIM_DIALECT_RFC,
} RosterScimDialect;

/**
 * RosterScimUser:
 * @id: the resource id (GitLab: the SCIM identity's extern_uid); never %NULL
 *   nor empty
 * @external_id: `externalId`, or %NULL when absent (GitLab never sends it)
 * @user_name: `userName`, or %NULL
 * @display_name: `displayName`, or %NULL
 * @formatted_name: `name.formatted`, from the nested `name` object or from
 *   GitLab's older flat `"name.formatted"` key; %NULL when neither is there
 * @email: the primary email's value (else the first email's), or %NULL
 * @active: `active`; %TRUE when absent or null (GitLab: a null column means
 *   active)
 * @has_active: whether `active` was present and not null
 * @version: `meta.version` (an ETag, sent back as If-Match), or %NULL
 *
 * A SCIM User resource as read from the server. Immutable, reference
 * counted.
 */
typedef struct
{
  char     *id;
  char     *external_id;
  char     *user_name;
  char     *display_name;
  char     *formatted_name;
  char     *email;
  gboolean  active;
  gboolean  has_active;
  char     *version;
} RosterScimUser;

/**
 * RosterScimListResponse:
 * @total_results: `totalResults` (≥ 0)
 * @items_per_page: `itemsPerPage`, or -1 when absent (GitLab: the page size,
 *   not the number of resources)
 * @start_index: `startIndex` (number or numeric string), 1 when absent
 * @resources: (element-type RosterScimUser): the resources of this page
 */
typedef struct
{
  gint64     total_results;
  gint64     items_per_page;
  gint64     start_index;
  GPtrArray *resources;
} RosterScimListResponse;

/**
 * RosterScimErrorBody:
 * @status: `status` (number or numeric string), 0 when absent or unreadable
 * @scim_type: `scimType` (RFC 7644 §3.12), or %NULL
 * @detail: `detail`, or %NULL
 */
typedef struct
{
  guint  status;
  char  *scim_type;
  char  *detail;
} RosterScimErrorBody;

#define ROSTER_TYPE_SCIM_USER          (roster_scim_user_get_type ())
#define ROSTER_TYPE_SCIM_LIST_RESPONSE (roster_scim_list_response_get_type ())
#define ROSTER_TYPE_SCIM_ERROR_BODY    (roster_scim_error_body_get_type ())

GType                   roster_scim_user_get_type            (void) G_GNUC_CONST;
RosterScimUser         *roster_scim_user_ref                 (RosterScimUser          *self);
void                    roster_scim_user_unref               (RosterScimUser          *self);
RosterScimUser         *roster_scim_user_parse               (JsonNode                *node,
                                                              GError                 **error);

GType                   roster_scim_list_response_get_type   (void) G_GNUC_CONST;
RosterScimListResponse *roster_scim_list_response_ref        (RosterScimListResponse  *self);
void                    roster_scim_list_response_unref      (RosterScimListResponse  *self);
RosterScimListResponse *roster_scim_list_response_parse      (JsonNode                *node,
                                                              GError                 **error);

GType                   roster_scim_error_body_get_type      (void) G_GNUC_CONST;
RosterScimErrorBody    *roster_scim_error_body_ref           (RosterScimErrorBody     *self);
void                    roster_scim_error_body_unref         (RosterScimErrorBody     *self);
RosterScimErrorBody    *roster_scim_error_body_parse         (JsonNode                *node);

/* Request bodies. */
JsonNode               *roster_scim_patch_body_new           (const char              *path,
                                                              JsonNode                *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterScimUser, roster_scim_user_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterScimListResponse, roster_scim_list_response_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterScimErrorBody, roster_scim_error_body_unref)

G_END_DECLS
