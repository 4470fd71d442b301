/* roster-gitlab-types.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * RosterPresence:
 * @ROSTER_PRESENCE_ABSENT: the key was not in the object (GitLab: the caller
 *   may not see it)
 * @ROSTER_PRESENCE_NULL: the key was there with the value null (GitLab: the
 *   caller may see it, and there is none)
 * @ROSTER_PRESENCE_SET: the key had a value
 *
 * For fields where "absent" and "null" mean different things.
 */
typedef enum
{
  ROSTER_PRESENCE_ABSENT,
  ROSTER_PRESENCE_NULL,
  ROSTER_PRESENCE_SET,
} RosterPresence;

/**
 * RosterIdentityKind:
 * @ROSTER_IDENTITY_SAML: a SAML identity (provider `group_saml`): its
 *   extern_uid is the NameID the user signs in with (case-sensitive)
 * @ROSTER_IDENTITY_SCIM: a group SCIM identity: its extern_uid is the SCIM
 *   `id`/`externalId` (case-insensitive), it has an `active` flag
 */
typedef enum
{
  ROSTER_IDENTITY_SAML,
  ROSTER_IDENTITY_SCIM,
} RosterIdentityKind;

const char *roster_identity_kind_to_string (RosterIdentityKind kind);

/**
 * RosterGitlabIdentity:
 * @kind: SAML or SCIM
 * @extern_uid: the identity's value; never %NULL nor empty
 * @user_id: the GitLab user it belongs to (> 0)
 * @active: SCIM: the `active` flag; SAML: always %TRUE
 * @provider: SAML: `provider` when the server said it (members and enterprise
 *   users APIs), else %NULL
 * @saml_provider_id: SAML: `saml_provider_id` when known, else 0
 * @group_id: SCIM: `group_id` when known, else 0
 *
 * One identity record, from `GET /groups/:id/{saml,scim}/identities`, a
 * member's `group_saml_identity`/`group_scim_identity`, or an enterprise
 * user's `identities[]`/`scim_identities[]`. Immutable, reference counted.
 */
typedef struct
{
  RosterIdentityKind  kind;
  char               *extern_uid;
  gint64              user_id;
  gboolean            active;
  char               *provider;
  gint64              saml_provider_id;
  gint64              group_id;
} RosterGitlabIdentity;

/**
 * RosterGitlabMember:
 * @id: user id (> 0)
 * @username: never %NULL nor empty
 * @name: (nullable): display name
 * @state: (nullable): `active`, `blocked`, …
 * @locked: `locked` (%FALSE when absent)
 * @avatar_url: (nullable):
 * @web_url: (nullable):
 * @access_level: 0–100 (10 Guest … 50 Owner)
 * @created_at: (nullable):
 * @expires_at: (nullable): date string
 * @has_created_by: a `created_by` object was present (members added by hand;
 *   absent for members added by SCIM/SAML)
 * @email_presence: whether `email` was present: as seen by an Owner (not an
 *   admin), a present email means the member is an enterprise user
 * @email: (nullable): the email when present
 * @has_seat_info: `is_using_seat` was present
 * @is_using_seat:
 * @membership_state: (nullable): `active` or `awaiting`
 * @saml_presence: `group_saml_identity`: absent (caller is not Owner, or old
 *   GitLab), null (no SAML identity) or set
 * @saml_identity: (nullable): the SAML identity when set
 * @scim_presence: same for `group_scim_identity` (absent on GitLab before
 *   mid-2025)
 * @scim_identity: (nullable): the SCIM identity when set
 *
 * A member from `GET /groups/:id/members`. Immutable, reference counted.
 */
typedef struct
{
  gint64                 id;
  char                  *username;
  char                  *name;
  char                  *state;
  gboolean               locked;
  char                  *avatar_url;
  char                  *web_url;
  int                    access_level;
  char                  *created_at;
  char                  *expires_at;
  gboolean               has_created_by;
  RosterPresence         email_presence;
  char                  *email;
  gboolean               has_seat_info;
  gboolean               is_using_seat;
  char                  *membership_state;
  RosterPresence         saml_presence;
  RosterGitlabIdentity  *saml_identity;
  RosterPresence         scim_presence;
  RosterGitlabIdentity  *scim_identity;
} RosterGitlabMember;

/**
 * RosterGitlabEnterpriseUser:
 * @id: user id (> 0)
 * @username: never %NULL nor empty
 * @name: (nullable):
 * @state: (nullable):
 * @email: (nullable):
 * @identities: (element-type RosterGitlabIdentity): `identities[]` (kind
 *   SAML, any provider: check @provider)
 * @scim_identities: (element-type RosterGitlabIdentity): `scim_identities[]`
 *
 * A user from `GET /groups/:id/enterprise_users` (GitLab 17.7+).
 */
typedef struct
{
  gint64     id;
  char      *username;
  char      *name;
  char      *state;
  char      *email;
  GPtrArray *identities;
  GPtrArray *scim_identities;
} RosterGitlabEnterpriseUser;

/**
 * RosterGitlabGroup:
 * @id: group id (> 0)
 * @name: (nullable):
 * @path: (nullable): last path segment
 * @full_path: never %NULL nor empty (`acme-corp`, `acme-corp/team`)
 * @parent_id: the parent group's id, 0 for a top-level group
 * @web_url: (nullable):
 */
typedef struct
{
  gint64  id;
  char   *name;
  char   *path;
  char   *full_path;
  gint64  parent_id;
  char   *web_url;
} RosterGitlabGroup;

/**
 * RosterGitlabUser:
 * @id: user id (> 0)
 * @username: never %NULL nor empty
 * @name: (nullable):
 * @is_admin: `is_admin` (only sent to administrators; %FALSE when absent)
 *
 * The token's own user, from `GET /user`.
 */
typedef struct
{
  gint64    id;
  char     *username;
  char     *name;
  gboolean  is_admin;
} RosterGitlabUser;

/**
 * RosterGitlabTokenInfo:
 * @id: token id
 * @name: (nullable): the token's name
 * @scopes: (array zero-terminated=1): its scopes (`api`, `read_api`, …);
 *   never %NULL
 * @active: `active` (%TRUE when absent)
 * @revoked: `revoked` (%FALSE when absent)
 * @expires_at: (nullable): date string
 *
 * From `GET /personal_access_tokens/self` (personal and group access
 * tokens).
 */
typedef struct
{
  gint64    id;
  char     *name;
  char    **scopes;
  gboolean  active;
  gboolean  revoked;
  char     *expires_at;
} RosterGitlabTokenInfo;

/**
 * RosterGitlabErrorBody:
 * @message: (nullable): `message` as text; a validation object
 *   (`{"field": ["msg"]}`) is flattened to "field msg; …"
 * @error: (nullable): `error` (Grape validation or OAuth error code, e.g.
 *   `insufficient_scope`)
 * @error_description: (nullable): OAuth `error_description`
 * @scope: (nullable): OAuth `scope` (the scope that was needed)
 */
typedef struct
{
  char *message;
  char *error;
  char *error_description;
  char *scope;
} RosterGitlabErrorBody;

#define ROSTER_TYPE_GITLAB_IDENTITY        (roster_gitlab_identity_get_type ())
#define ROSTER_TYPE_GITLAB_MEMBER          (roster_gitlab_member_get_type ())
#define ROSTER_TYPE_GITLAB_ENTERPRISE_USER (roster_gitlab_enterprise_user_get_type ())
#define ROSTER_TYPE_GITLAB_GROUP           (roster_gitlab_group_get_type ())
#define ROSTER_TYPE_GITLAB_ERROR_BODY      (roster_gitlab_error_body_get_type ())
#define ROSTER_TYPE_GITLAB_USER            (roster_gitlab_user_get_type ())
#define ROSTER_TYPE_GITLAB_TOKEN_INFO      (roster_gitlab_token_info_get_type ())

GType                       roster_gitlab_identity_get_type        (void) G_GNUC_CONST;
RosterGitlabIdentity       *roster_gitlab_identity_new             (RosterIdentityKind           kind,
                                                                    const char                  *extern_uid,
                                                                    gint64                       user_id,
                                                                    gboolean                     active);
RosterGitlabIdentity       *roster_gitlab_identity_ref             (RosterGitlabIdentity        *self);
void                        roster_gitlab_identity_unref           (RosterGitlabIdentity        *self);
RosterGitlabIdentity       *roster_gitlab_identity_parse           (JsonNode                    *node,
                                                                    RosterIdentityKind           kind,
                                                                    GError                     **error);
GPtrArray                  *roster_gitlab_identities_parse         (JsonNode                    *node,
                                                                    RosterIdentityKind           kind,
                                                                    GError                     **error);

GType                       roster_gitlab_member_get_type          (void) G_GNUC_CONST;
RosterGitlabMember         *roster_gitlab_member_ref               (RosterGitlabMember          *self);
void                        roster_gitlab_member_unref             (RosterGitlabMember          *self);
RosterGitlabMember         *roster_gitlab_member_parse             (JsonNode                    *node,
                                                                    GError                     **error);
GPtrArray                  *roster_gitlab_members_parse            (JsonNode                    *node,
                                                                    GError                     **error);

GType                       roster_gitlab_enterprise_user_get_type (void) G_GNUC_CONST;
RosterGitlabEnterpriseUser *roster_gitlab_enterprise_user_ref      (RosterGitlabEnterpriseUser  *self);
void                        roster_gitlab_enterprise_user_unref    (RosterGitlabEnterpriseUser  *self);
GPtrArray                  *roster_gitlab_enterprise_users_parse   (JsonNode                    *node,
                                                                    GError                     **error);

GType                       roster_gitlab_group_get_type           (void) G_GNUC_CONST;
RosterGitlabGroup          *roster_gitlab_group_ref                (RosterGitlabGroup           *self);
void                        roster_gitlab_group_unref              (RosterGitlabGroup           *self);
RosterGitlabGroup          *roster_gitlab_group_parse              (JsonNode                    *node,
                                                                    GError                     **error);

GType                       roster_gitlab_error_body_get_type      (void) G_GNUC_CONST;
RosterGitlabErrorBody      *roster_gitlab_error_body_ref           (RosterGitlabErrorBody       *self);
void                        roster_gitlab_error_body_unref         (RosterGitlabErrorBody       *self);
RosterGitlabErrorBody      *roster_gitlab_error_body_parse         (JsonNode                    *node);

GType                       roster_gitlab_user_get_type            (void) G_GNUC_CONST;
RosterGitlabUser           *roster_gitlab_user_ref                 (RosterGitlabUser            *self);
void                        roster_gitlab_user_unref               (RosterGitlabUser            *self);
RosterGitlabUser           *roster_gitlab_user_parse               (JsonNode                    *node,
                                                                    GError                     **error);

GType                       roster_gitlab_token_info_get_type      (void) G_GNUC_CONST;
RosterGitlabTokenInfo      *roster_gitlab_token_info_ref           (RosterGitlabTokenInfo       *self);
void                        roster_gitlab_token_info_unref         (RosterGitlabTokenInfo       *self);
RosterGitlabTokenInfo      *roster_gitlab_token_info_parse         (JsonNode                    *node,
                                                                    GError                     **error);
gboolean                    roster_gitlab_token_info_has_scope     (RosterGitlabTokenInfo       *self,
                                                                    const char                  *scope);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterGitlabIdentity, roster_gitlab_identity_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterGitlabMember, roster_gitlab_member_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterGitlabEnterpriseUser, roster_gitlab_enterprise_user_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterGitlabGroup, roster_gitlab_group_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterGitlabErrorBody, roster_gitlab_error_body_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterGitlabUser, roster_gitlab_user_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterGitlabTokenInfo, roster_gitlab_token_info_unref)

G_END_DECLS
