/* roster-sandbox-world.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* RosterWorld: the in-memory state of the sandbox's GitLab instance.
 *
 * (The type is RosterWorld, not RosterSandboxWorld, because the public
 * header already uses that name for the enum of built-in worlds.)
 *
 * One world holds groups, users, SAML identities, SCIM identities,
 * memberships and API tokens. Every view (SCIM, REST members, REST
 * identities, enterprise users) reads the same records, and every mutation
 * goes through the functions below so all indexes stay consistent.
 *
 * Records are plain structs: read their fields freely, but change them only
 * through roster_world_* functions (fields feed indexes). Pointers to
 * members and identities stay valid until the next mutation of the world
 * (removed records are freed when their list is compacted); users and
 * groups live as long as the world.
 *
 * Lookups are hash-indexed: users by id, lower-cased username and
 * lower-cased email (primary and secondary); SCIM identities by lower-cased
 * extern_uid and by user (per group); SAML identities by extern_uid (exact
 * match, uniqueness case-insensitive as GitLab validates it) and by user
 * (per group). Members, SCIM identities, SAML identities, enterprise users
 * and provisioned users of a group are kept in insertion order in arrays
 * with O(1) access by position, so paging is a slice. */

/* GitLab access levels. */
typedef enum
{
  ROSTER_ACCESS_NONE       = 0,
  ROSTER_ACCESS_MINIMAL    = 5,
  ROSTER_ACCESS_GUEST      = 10,
  ROSTER_ACCESS_PLANNER    = 15,
  ROSTER_ACCESS_REPORTER   = 20,
  ROSTER_ACCESS_DEVELOPER  = 30,
  ROSTER_ACCESS_MAINTAINER = 40,
  ROSTER_ACCESS_OWNER      = 50,
} RosterAccessLevel;

/* Token scopes (a token may carry several). */
typedef enum
{
  ROSTER_SCOPE_API      = 1 << 0,
  ROSTER_SCOPE_READ_API = 1 << 1,
} RosterScope;

typedef enum
{
  ROSTER_WORLD_ERROR_INVALID,    /* a value GitLab would reject (blank, malformed) */
  ROSTER_WORLD_ERROR_TAKEN,      /* unique value already used ("has already been taken") */
  ROSTER_WORLD_ERROR_NOT_FOUND,
  ROSTER_WORLD_ERROR_LAST_OWNER, /* would remove the last Owner of a group */
} RosterWorldError;

#define ROSTER_WORLD_ERROR (roster_world_error_quark ())
GQuark roster_world_error_quark (void);

typedef struct _RosterWorld             RosterWorld;
typedef struct _RosterWorldGroup        RosterWorldGroup;
typedef struct _RosterWorldUser         RosterWorldUser;
typedef struct _RosterWorldMember       RosterWorldMember;
typedef struct _RosterWorldScimIdentity RosterWorldScimIdentity;
typedef struct _RosterWorldSamlIdentity RosterWorldSamlIdentity;
typedef struct _RosterWorldToken        RosterWorldToken;

struct _RosterWorldGroup
{
  gint64            id;
  char             *name;
  char             *path;                    /* last segment */
  char             *full_path;               /* "acme-corp" or "acme-corp/platform" */
  char             *description;
  char             *visibility;              /* "private", "internal", "public" */
  char             *web_url;
  char             *created_at;
  RosterWorldGroup *parent;                  /* NULL for a top-level group */
  gint64            saml_provider_id;        /* 0: no SAML SSO configured */
  gboolean          saml_enabled;            /* the provider's "enabled" switch */
  RosterAccessLevel default_membership_role; /* role SCIM/SAML give new members */
  char             *verified_domain;         /* e.g. "acme.example", or NULL */
  char             *scim_token;              /* the group's SCIM token, or NULL */
  gboolean          sso_enforced;            /* SSO-only membership (top-level groups) */
  char            **allowed_email_domains;   /* membership restricted to these, or NULL */

  /*< private >*/
  gpointer          priv;
};

struct _RosterWorldUser
{
  gint64     id;
  char      *username;
  char      *name;
  char      *first_name;
  char      *last_name;
  char      *email;                      /* primary */
  char     **secondary_emails;           /* NULL-terminated, may be NULL */
  char      *state;                      /* "active", "blocked", "deactivated" */
  gboolean   locked;
  gboolean   bot;
  gboolean   admin;                      /* instance administrator */
  gboolean   two_factor_enabled;
  char      *avatar_url;
  char      *web_url;
  char      *created_at;                 /* ISO 8601 with milliseconds, UTC */
  char      *last_sign_in_at;            /* or NULL */
  char      *last_activity_on;           /* "YYYY-MM-DD" or NULL */
  gint64     enterprise_group_id;        /* 0: not an enterprise user */
  gint64     provisioned_by_group_id;    /* 0: not provisioned by a group */
};

struct _RosterWorldMember
{
  /*< private >*/
  gboolean           removed;

  /*< public >*/
  RosterWorldUser   *user;
  RosterWorldGroup  *group;
  RosterAccessLevel  access_level;
  char              *created_at;
  RosterWorldUser   *created_by;         /* NULL when added by SCIM/SAML */
  char              *expires_at;         /* "YYYY-MM-DD" or NULL */
  char              *membership_state;   /* "active" or "awaiting" */
};

struct _RosterWorldScimIdentity
{
  /*< private >*/
  gboolean          removed;

  /*< public >*/
  RosterWorldUser  *user;
  RosterWorldGroup *group;
  char             *extern_uid;
  gboolean          active;
};

struct _RosterWorldSamlIdentity
{
  /*< private >*/
  gboolean          removed;

  /*< public >*/
  RosterWorldUser  *user;
  RosterWorldGroup *group;               /* the group whose SAML provider it belongs to */
  char             *extern_uid;          /* the NameID GitLab holds */
};

struct _RosterWorldToken
{
  char            *token;
  char            *name;                 /* a label, e.g. "Ada's api token" */
  RosterWorldUser *user;
  RosterScope      scopes;
};

RosterWorld             *roster_world_new                    (void);
void                     roster_world_free                   (RosterWorld        *world);

/* Instance settings. */
gboolean                 roster_world_get_group_saml_enabled (RosterWorld        *world);
void                     roster_world_set_group_saml_enabled (RosterWorld        *world,
                                                              gboolean            enabled);
/* Base of generated web URLs, e.g. "https://gitlab.example.com". */
const char              *roster_world_get_web_base           (RosterWorld        *world);
void                     roster_world_set_web_base           (RosterWorld        *world,
                                                              const char         *web_base);

/* Groups. parent may be NULL. full_path is derived from parent + path. */
RosterWorldGroup        *roster_world_add_group              (RosterWorld        *world,
                                                              gint64              id,
                                                              const char         *path,
                                                              const char         *name,
                                                              RosterWorldGroup   *parent,
                                                              GError            **error);
void                     roster_world_group_set_saml         (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              gint64              saml_provider_id,
                                                              RosterAccessLevel   default_membership_role);
void                     roster_world_group_set_scim_token   (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              const char         *token);
RosterWorldGroup        *roster_world_lookup_group           (RosterWorld        *world,
                                                              gint64              id);
/* Case-insensitive, like GitLab's routes. */
RosterWorldGroup        *roster_world_lookup_group_by_path   (RosterWorld        *world,
                                                              const char         *full_path);
/* GitLab's find_group: an all-digit segment is an id, anything else a full path. */
RosterWorldGroup        *roster_world_find_group             (RosterWorld        *world,
                                                              const char         *id_or_path);
/* All groups, in creation order (transfer container: free with g_ptr_array_unref). */
GPtrArray               *roster_world_list_groups            (RosterWorld        *world);
/* The top-level ancestor (the group itself when top-level). */
RosterWorldGroup        *roster_world_group_get_root         (RosterWorldGroup   *group);

/* Users. id 0 = allocate the next free id. The email and username must be
 * unique (case-insensitive); username, name and email must not be blank. */
RosterWorldUser         *roster_world_add_user               (RosterWorld        *world,
                                                              gint64              id,
                                                              const char         *username,
                                                              const char         *name,
                                                              const char         *email,
                                                              GError            **error);
gboolean                 roster_world_user_add_secondary_email (RosterWorld      *world,
                                                              RosterWorldUser    *user,
                                                              const char         *email,
                                                              GError            **error);
void                     roster_world_user_set_names         (RosterWorld        *world,
                                                              RosterWorldUser    *user,
                                                              const char         *first_name,
                                                              const char         *last_name);
void                     roster_world_user_set_state         (RosterWorld        *world,
                                                              RosterWorldUser    *user,
                                                              const char         *state);
/* Enterprise status (0 = none); keeps the group's enterprise-user list. */
void                     roster_world_user_set_enterprise_group (RosterWorld     *world,
                                                              RosterWorldUser    *user,
                                                              gint64              group_id);
void                     roster_world_user_set_provisioned_by (RosterWorld       *world,
                                                              RosterWorldUser    *user,
                                                              gint64              group_id);
RosterWorldUser         *roster_world_lookup_user            (RosterWorld        *world,
                                                              gint64              id);
RosterWorldUser         *roster_world_lookup_user_by_username (RosterWorld       *world,
                                                              const char         *username);
/* Primary or secondary email, case-insensitive. */
RosterWorldUser         *roster_world_lookup_user_by_email   (RosterWorld        *world,
                                                              const char         *email);
guint                    roster_world_get_n_users            (RosterWorld        *world);
/* Users in creation order. */
RosterWorldUser         *roster_world_get_user               (RosterWorld        *world,
                                                              guint               position);
/* A username derived from wish that nobody holds yet: sanitised like a
 * GitLab namespace path, then wish, wish1, wish2, … (newly allocated). */
char                    *roster_world_make_username          (RosterWorld        *world,
                                                              const char         *wish);

/* Memberships (direct). */
RosterWorldMember       *roster_world_add_member             (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              RosterWorldUser    *user,
                                                              RosterAccessLevel   access_level,
                                                              RosterWorldUser    *created_by,
                                                              GError            **error);
/* Refuses (ROSTER_WORLD_ERROR_LAST_OWNER) to remove the last Owner, unless force. */
gboolean                 roster_world_remove_member          (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              RosterWorldUser    *user,
                                                              gboolean            force,
                                                              GError            **error);
void                     roster_world_member_set_access_level (RosterWorld       *world,
                                                              RosterWorldMember  *member,
                                                              RosterAccessLevel   access_level);
void                     roster_world_member_set_expires_at  (RosterWorld        *world,
                                                              RosterWorldMember  *member,
                                                              const char         *expires_at);
RosterWorldMember       *roster_world_lookup_member          (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              RosterWorldUser    *user);
guint                    roster_world_group_get_n_members    (RosterWorld        *world,
                                                              RosterWorldGroup   *group);
RosterWorldMember       *roster_world_group_get_member       (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              guint               position);
guint                    roster_world_group_count_owners     (RosterWorld        *world,
                                                              RosterWorldGroup   *group);
/* GitLab's validations of a new membership of user in group: the email
 * domain restriction and SSO enforcement (a SAML identity, or an active
 * SCIM identity, in the top-level group) of the top-level group. FALSE
 * with ROSTER_WORLD_ERROR_INVALID and GitLab's message otherwise.
 * roster_world_add_member () does not check (existing members may predate
 * the rules); the API paths that add members do. */
gboolean                 roster_world_check_new_member       (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              RosterWorldUser    *user,
                                                              GError            **error);
/* Highest access level of user in group or any ancestor (inherited membership). */
RosterAccessLevel        roster_world_get_access_level       (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              RosterWorldUser    *user);

/* SCIM identities (one per user per group; extern_uid unique per group,
 * case-insensitive; blank refused). */
RosterWorldScimIdentity *roster_world_add_scim_identity      (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              RosterWorldUser    *user,
                                                              const char         *extern_uid,
                                                              gboolean            active,
                                                              GError            **error);
gboolean                 roster_world_set_scim_extern_uid    (RosterWorld        *world,
                                                              RosterWorldScimIdentity *identity,
                                                              const char         *extern_uid,
                                                              GError            **error);
void                     roster_world_set_scim_active        (RosterWorld        *world,
                                                              RosterWorldScimIdentity *identity,
                                                              gboolean            active);
/* Deletes the identity row only (REST DELETE /groups/:id/scim/:uid). */
void                     roster_world_remove_scim_identity   (RosterWorld        *world,
                                                              RosterWorldScimIdentity *identity);
RosterWorldScimIdentity *roster_world_lookup_scim_identity   (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              const char         *extern_uid);
RosterWorldScimIdentity *roster_world_lookup_scim_identity_by_user (RosterWorld  *world,
                                                              RosterWorldGroup   *group,
                                                              RosterWorldUser    *user);
guint                    roster_world_group_get_n_scim_identities (RosterWorld   *world,
                                                              RosterWorldGroup   *group);
RosterWorldScimIdentity *roster_world_group_get_scim_identity (RosterWorld       *world,
                                                              RosterWorldGroup   *group,
                                                              guint               position);

/* SAML identities (provider group_saml of group; one per user; extern_uid
 * unique case-insensitively, looked up exactly). */
RosterWorldSamlIdentity *roster_world_add_saml_identity      (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              RosterWorldUser    *user,
                                                              const char         *extern_uid,
                                                              GError            **error);
gboolean                 roster_world_set_saml_extern_uid    (RosterWorld        *world,
                                                              RosterWorldSamlIdentity *identity,
                                                              const char         *extern_uid,
                                                              GError            **error);
void                     roster_world_remove_saml_identity   (RosterWorld        *world,
                                                              RosterWorldSamlIdentity *identity);
RosterWorldSamlIdentity *roster_world_lookup_saml_identity   (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              const char         *extern_uid);
RosterWorldSamlIdentity *roster_world_lookup_saml_identity_by_user (RosterWorld  *world,
                                                              RosterWorldGroup   *group,
                                                              RosterWorldUser    *user);
guint                    roster_world_group_get_n_saml_identities (RosterWorld   *world,
                                                              RosterWorldGroup   *group);
RosterWorldSamlIdentity *roster_world_group_get_saml_identity (RosterWorld       *world,
                                                              RosterWorldGroup   *group,
                                                              guint               position);

/* Users whose enterprise_group_id / provisioned_by_group_id is group, in
 * creation order. */
guint                    roster_world_group_get_n_enterprise_users (RosterWorld  *world,
                                                              RosterWorldGroup   *group);
RosterWorldUser         *roster_world_group_get_enterprise_user (RosterWorld     *world,
                                                              RosterWorldGroup   *group,
                                                              guint               position);
guint                    roster_world_group_get_n_provisioned_users (RosterWorld *world,
                                                              RosterWorldGroup   *group);
RosterWorldUser         *roster_world_group_get_provisioned_user (RosterWorld    *world,
                                                              RosterWorldGroup   *group,
                                                              guint               position);

/* SCIM lifecycle (gitlab-api.md §1.6, §4). Deprovision: identity inactive,
 * membership of the group and its subgroups removed, SAML identity kept;
 * refuses the last Owner. Reprovision: identity active, membership
 * recreated at the group's default membership role. */
gboolean                 roster_world_deprovision            (RosterWorld        *world,
                                                              RosterWorldScimIdentity *identity,
                                                              GError            **error);
gboolean                 roster_world_reprovision            (RosterWorld        *world,
                                                              RosterWorldScimIdentity *identity,
                                                              GError            **error);

/* TRUE when a SCIM or a SAML identity of group holds value, compared
 * case-insensitively (the duplicate-extern-uid rule of design.md §4). */
gboolean                 roster_world_extern_uid_in_use      (RosterWorld        *world,
                                                              RosterWorldGroup   *group,
                                                              const char         *value);

/* API tokens (personal access tokens). */
RosterWorldToken        *roster_world_add_token              (RosterWorld        *world,
                                                              const char         *token,
                                                              const char         *name,
                                                              RosterWorldUser    *user,
                                                              RosterScope         scopes,
                                                              GError            **error);
RosterWorldToken        *roster_world_lookup_token           (RosterWorld        *world,
                                                              const char         *token);
/* All tokens in creation order (transfer container). */
GPtrArray               *roster_world_list_tokens            (RosterWorld        *world);

/* The group whose SCIM token this is, or NULL. */
RosterWorldGroup        *roster_world_lookup_scim_token      (RosterWorld        *world,
                                                              const char         *token);

/* Helpers. */
const char              *roster_access_level_to_string       (RosterAccessLevel   level);
gboolean                 roster_access_level_from_string     (const char         *str,
                                                              RosterAccessLevel  *level);
/* The current time as GitLab prints it: "2026-11-28T17:31:02.123Z". */
char                    *roster_world_now_iso8601            (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterWorld, roster_world_free)

G_END_DECLS
