/* roster-account.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-account"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-account.h"
#include "roster-error.h"
#include "roster-scim-client.h"
#include "roster-secrets.h"

struct _RosterAccount
{
  GObject            parent_instance;

  char              *id;
  char              *label;
  char              *instance_url;
  char              *group_path;
  char              *scim_url;       /* given (generic SCIM) */
  char              *derived_scim_url;
  gint64             group_id;
  RosterAccountKind  kind;
};

G_DEFINE_FINAL_TYPE (RosterAccount, roster_account, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (RosterAccountKind, roster_account_kind,
                    G_DEFINE_ENUM_VALUE (ROSTER_ACCOUNT_KIND_GITLAB, "gitlab"),
                    G_DEFINE_ENUM_VALUE (ROSTER_ACCOUNT_KIND_SCIM, "scim"))

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_KIND,
  PROP_INSTANCE_URL,
  PROP_GROUP_PATH,
  PROP_GROUP_ID,
  PROP_SCIM_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define MAX_GROUP_PATH 255

const char *
roster_account_kind_to_string (RosterAccountKind kind)
{
  return kind == ROSTER_ACCOUNT_KIND_SCIM ? "scim" : "gitlab";
}

gboolean
roster_account_kind_from_string (const char        *string,
                                 RosterAccountKind *kind)
{
  if (g_strcmp0 (string, "gitlab") == 0)
    *kind = ROSTER_ACCOUNT_KIND_GITLAB;
  else if (g_strcmp0 (string, "scim") == 0)
    *kind = ROSTER_ACCOUNT_KIND_SCIM;
  else
    return FALSE;

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Input checks */

/**
 * roster_account_normalize_url:
 * @url: a URL as typed (spaces and trailing slashes are dropped)
 *
 * Returns: (transfer full) (nullable): the URL without trailing slash, or
 *   %NULL with %ROSTER_ERROR_INVALID_INPUT (see roster_http_check_url())
 */
char *
roster_account_normalize_url (const char  *url,
                              GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (url ? url : ""));
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  if (!roster_http_check_url (copy, error))
    return NULL;

  return g_steal_pointer (&copy);
}

static gboolean
is_path_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.';
}

/**
 * roster_account_check_group_path:
 * @group_path: the group's full path as typed ("acme-corp")
 * @has_dot: (out) (optional): set to %TRUE when the path contains a ".",
 *   which GitLab's SCIM API cannot route (gitlab-api.md §1.1): a warning,
 *   not an error
 *
 * Checks GitLab's rules for a top-level group path: letters, digits, "_",
 * "-" and "."; not starting with "-" or "."; not ending with ".", ".git" or
 * ".atom"; no "/" (SAML and SCIM exist on top-level groups only).
 *
 * Returns: %TRUE if acceptable, else %FALSE with %ROSTER_ERROR_INVALID_INPUT
 */
gboolean
roster_account_check_group_path (const char  *group_path,
                                 gboolean    *has_dot,
                                 GError     **error)
{
  gsize len;

  if (has_dot)
    *has_dot = FALSE;

  if (group_path == NULL || group_path[0] == '\0')
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                           _("Enter the path of the group, as in its address: for "
                             "https://gitlab.com/acme-corp it is “acme-corp”."));
      return FALSE;
    }

  if (strstr (group_path, "://") != NULL)
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                           _("Enter only the group’s path, not its whole address: for "
                             "https://gitlab.com/acme-corp it is “acme-corp”."));
      return FALSE;
    }

  if (strchr (group_path, '/') != NULL)
    {
      g_autofree char *top = g_strndup (group_path, strcspn (group_path, "/"));

      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("“%s” is a subgroup. SAML and SCIM are set up on the top-level group: "
                     "enter “%s”."), group_path, top);
      return FALSE;
    }

  len = strlen (group_path);
  if (len > MAX_GROUP_PATH)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("The group path is longer than %u characters."), MAX_GROUP_PATH);
      return FALSE;
    }

  for (gsize i = 0; i < len; i++)
    if (!is_path_char (group_path[i]))
      {
        g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                     _("“%s” is not a valid group path: it may contain only letters, digits, "
                       "“_”, “-” and “.”."), group_path);
        return FALSE;
      }

  if (group_path[0] == '-' || group_path[0] == '.' || group_path[len - 1] == '.' ||
      g_str_has_suffix (group_path, ".git") || g_str_has_suffix (group_path, ".atom"))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid group path: it cannot start with “-” or “.”, nor "
                     "end with “.”, “.git” or “.atom”."), group_path);
      return FALSE;
    }

  if (has_dot)
    *has_dot = strchr (group_path, '.') != NULL;

  return TRUE;
}

/**
 * roster_account_derive_scim_url:
 * @instance_url: the GitLab instance ("https://gitlab.com")
 * @group_path: the top-level group's path
 *
 * Returns: (transfer full): `<instance>/api/scim/v2/groups/<group>`
 */
char *
roster_account_derive_scim_url (const char *instance_url,
                                const char *group_path)
{
  g_autofree char *base = g_strdup (instance_url ? instance_url : "");
  g_autofree char *path = NULL;
  gsize len = strlen (base);

  g_return_val_if_fail (group_path != NULL, NULL);

  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';
  path = roster_scim_client_dup_gitlab_base_path (group_path);

  return g_strconcat (base, path, NULL);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
update_derived (RosterAccount *self)
{
  g_autofree char *derived = NULL;

  if (self->kind == ROSTER_ACCOUNT_KIND_GITLAB && self->instance_url && self->group_path &&
      self->group_path[0])
    derived = roster_account_derive_scim_url (self->instance_url, self->group_path);

  if (g_strcmp0 (derived, self->derived_scim_url) == 0)
    return;

  g_free (self->derived_scim_url);
  self->derived_scim_url = g_steal_pointer (&derived);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCIM_URL]);
}

static void
roster_account_finalize (GObject *object)
{
  RosterAccount *self = (RosterAccount *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->instance_url, g_free);
  g_clear_pointer (&self->group_path, g_free);
  g_clear_pointer (&self->scim_url, g_free);
  g_clear_pointer (&self->derived_scim_url, g_free);

  G_OBJECT_CLASS (roster_account_parent_class)->finalize (object);
}

static void
roster_account_constructed (GObject *object)
{
  RosterAccount *self = (RosterAccount *) object;

  G_OBJECT_CLASS (roster_account_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = g_uuid_string_random ();
}

static void
roster_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RosterAccount *self = ROSTER_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:           g_value_set_string (value, self->id); break;
    case PROP_LABEL:        g_value_set_string (value, roster_account_get_label (self)); break;
    case PROP_KIND:         g_value_set_enum (value, self->kind); break;
    case PROP_INSTANCE_URL: g_value_set_string (value, self->instance_url); break;
    case PROP_GROUP_PATH:   g_value_set_string (value, self->group_path); break;
    case PROP_GROUP_ID:     g_value_set_int64 (value, self->group_id); break;
    case PROP_SCIM_URL:     g_value_set_string (value, roster_account_get_scim_url (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_account_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RosterAccount *self = ROSTER_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_assert (self->id == NULL);
      self->id = g_value_dup_string (value);
      break;
    case PROP_LABEL:        roster_account_set_label (self, g_value_get_string (value)); break;
    case PROP_KIND:         roster_account_set_kind (self, g_value_get_enum (value)); break;
    case PROP_INSTANCE_URL: roster_account_set_instance_url (self, g_value_get_string (value)); break;
    case PROP_GROUP_PATH:   roster_account_set_group_path (self, g_value_get_string (value)); break;
    case PROP_GROUP_ID:     roster_account_set_group_id (self, g_value_get_int64 (value)); break;
    case PROP_SCIM_URL:     roster_account_set_scim_url (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_account_class_init (RosterAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = roster_account_constructed;
  object_class->finalize = roster_account_finalize;
  object_class->get_property = roster_account_get_property;
  object_class->set_property = roster_account_set_property;

  /* Generated once (a UUID), stable: the key of settings and secrets. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, ROSTER_TYPE_ACCOUNT_KIND,
                       ROSTER_ACCOUNT_KIND_GITLAB, flags);
  properties[PROP_INSTANCE_URL] =
    g_param_spec_string ("instance-url", NULL, NULL, NULL, flags);
  properties[PROP_GROUP_PATH] =
    g_param_spec_string ("group-path", NULL, NULL, NULL, flags);
  properties[PROP_GROUP_ID] =
    g_param_spec_int64 ("group-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* Derived for GitLab accounts (setting it then has no effect), given for
   * generic SCIM ones. */
  properties[PROP_SCIM_URL] =
    g_param_spec_string ("scim-url", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_account_init (RosterAccount *self)
{
}

/**
 * roster_account_new:
 * @kind: what the account talks to
 *
 * Returns: (transfer full): an empty account with a new id
 */
RosterAccount *
roster_account_new (RosterAccountKind kind)
{
  return g_object_new (ROSTER_TYPE_ACCOUNT, "kind", kind, NULL);
}

/**
 * roster_account_new_gitlab:
 * @label: (nullable): the name shown; %NULL for the group path
 * @instance_url: as typed ("https://gitlab.com/")
 * @group_path: as typed ("acme-corp")
 *
 * Checks and normalises the input.
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with
 *   %ROSTER_ERROR_INVALID_INPUT
 */
RosterAccount *
roster_account_new_gitlab (const char  *label,
                           const char  *instance_url,
                           const char  *group_path,
                           GError     **error)
{
  g_autoptr(RosterAccount) self = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = g_strstrip (g_strdup (group_path ? group_path : ""));
  gsize len = strlen (path);

  /* "acme-corp/" or "/acme-corp" as pasted from an address. */
  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';
  if (path[0] == '/')
    memmove (path, path + 1, len);

  if (!(url = roster_account_normalize_url (instance_url, error)))
    return NULL;
  if (!roster_account_check_group_path (path, NULL, error))
    return NULL;

  self = roster_account_new (ROSTER_ACCOUNT_KIND_GITLAB);
  roster_account_set_instance_url (self, url);
  roster_account_set_group_path (self, path);
  roster_account_set_label (self, label && label[0] ? label : path);

  return g_steal_pointer (&self);
}

/**
 * roster_account_new_scim:
 * @label: (nullable): the name shown; %NULL for the host name
 * @scim_url: the SCIM base URL, as typed
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with
 *   %ROSTER_ERROR_INVALID_INPUT
 */
RosterAccount *
roster_account_new_scim (const char  *label,
                         const char  *scim_url,
                         GError     **error)
{
  g_autoptr(RosterAccount) self = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  if (!(url = roster_account_normalize_url (scim_url, error)))
    return NULL;

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  self = roster_account_new (ROSTER_ACCOUNT_KIND_SCIM);
  roster_account_set_scim_url (self, url);
  roster_account_set_label (self, label && label[0] ? label : g_uri_get_host (uri));

  return g_steal_pointer (&self);
}

const char *
roster_account_get_id (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);
  return self->id;
}

/**
 * roster_account_get_label:
 *
 * Returns: the label; the group path (or id) when none was set
 */
const char *
roster_account_get_label (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  if (self->label && self->label[0])
    return self->label;
  if (self->group_path && self->group_path[0])
    return self->group_path;
  return self->id;
}

void
roster_account_set_label (RosterAccount *self,
                          const char    *label)
{
  g_return_if_fail (ROSTER_IS_ACCOUNT (self));

  if (g_strcmp0 (self->label, label) == 0)
    return;

  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

RosterAccountKind
roster_account_get_kind (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), ROSTER_ACCOUNT_KIND_GITLAB);
  return self->kind;
}

void
roster_account_set_kind (RosterAccount     *self,
                         RosterAccountKind  kind)
{
  g_return_if_fail (ROSTER_IS_ACCOUNT (self));
  g_return_if_fail (kind == ROSTER_ACCOUNT_KIND_GITLAB || kind == ROSTER_ACCOUNT_KIND_SCIM);

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  update_derived (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCIM_URL]);
}

const char *
roster_account_get_instance_url (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);
  return self->instance_url;
}

void
roster_account_set_instance_url (RosterAccount *self,
                                 const char    *instance_url)
{
  g_return_if_fail (ROSTER_IS_ACCOUNT (self));

  if (g_strcmp0 (self->instance_url, instance_url) == 0)
    return;

  g_free (self->instance_url);
  self->instance_url = g_strdup (instance_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTANCE_URL]);
  update_derived (self);
}

const char *
roster_account_get_group_path (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);
  return self->group_path;
}

void
roster_account_set_group_path (RosterAccount *self,
                               const char    *group_path)
{
  g_return_if_fail (ROSTER_IS_ACCOUNT (self));

  if (g_strcmp0 (self->group_path, group_path) == 0)
    return;

  g_free (self->group_path);
  self->group_path = g_strdup (group_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_PATH]);
  update_derived (self);

  /* Another group: its id is no longer known. */
  roster_account_set_group_id (self, 0);
}

/**
 * roster_account_get_group_id:
 *
 * Returns: the numeric group id, 0 when not yet resolved
 */
gint64
roster_account_get_group_id (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), 0);
  return self->group_id;
}

void
roster_account_set_group_id (RosterAccount *self,
                             gint64         group_id)
{
  g_return_if_fail (ROSTER_IS_ACCOUNT (self));
  g_return_if_fail (group_id >= 0);

  if (self->group_id == group_id)
    return;

  self->group_id = group_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_ID]);
}

/**
 * roster_account_get_scim_url:
 *
 * Returns: (nullable): the SCIM base URL: derived from the instance and the
 *   group for GitLab, as given for generic SCIM
 */
const char *
roster_account_get_scim_url (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  if (self->kind == ROSTER_ACCOUNT_KIND_GITLAB)
    return self->derived_scim_url;
  return self->scim_url;
}

void
roster_account_set_scim_url (RosterAccount *self,
                             const char    *scim_url)
{
  g_return_if_fail (ROSTER_IS_ACCOUNT (self));

  if (g_strcmp0 (self->scim_url, scim_url) == 0)
    return;

  g_free (self->scim_url);
  self->scim_url = g_strdup (scim_url);
  if (self->kind == ROSTER_ACCOUNT_KIND_SCIM)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCIM_URL]);
}

/**
 * roster_account_dup_api_url:
 *
 * The REST API's address, to show. Not a base for a #RosterHttp: that is
 * the instance URL (see roster_account_create_http()).
 *
 * Returns: (transfer full) (nullable): `<instance>/api/v4` for GitLab
 *   accounts, %NULL for generic SCIM ones
 */
char *
roster_account_dup_api_url (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  if (self->kind != ROSTER_ACCOUNT_KIND_GITLAB || self->instance_url == NULL)
    return NULL;

  return g_strconcat (self->instance_url, "/api/v4", NULL);
}

/**
 * roster_account_validate:
 *
 * Returns: %TRUE if the account can be used, else %FALSE with
 *   %ROSTER_ERROR_INVALID_INPUT saying what to fix
 */
gboolean
roster_account_validate (RosterAccount  *self,
                         GError        **error)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), FALSE);

  if (self->kind == ROSTER_ACCOUNT_KIND_SCIM)
    return roster_http_check_url (self->scim_url, error);

  return roster_http_check_url (self->instance_url, error) &&
         roster_account_check_group_path (self->group_path, NULL, error);
}

/**
 * roster_account_dup_group_path_warning:
 *
 * Returns: (transfer full) (nullable): a warning for the user when the
 *   group path cannot be used in GitLab's SCIM URL (it contains a "."),
 *   else %NULL
 */
char *
roster_account_dup_group_path_warning (RosterAccount *self)
{
  gboolean has_dot = FALSE;

  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  if (self->kind != ROSTER_ACCOUNT_KIND_GITLAB ||
      !roster_account_check_group_path (self->group_path, &has_dot, NULL) || !has_dot)
    return NULL;

  return g_strdup_printf (_("The group path “%s” contains a “.”, which GitLab’s SCIM API cannot "
                            "route: SCIM requests may fail as if the token were wrong. Rename "
                            "the group path, or use the numeric group ID in the SCIM URL."),
                          self->group_path);
}

/* ------------------------------------------------------------------------ */
/* Persistence */

static gboolean
is_valid_id (const char *id)
{
  if (id == NULL || id[0] == '\0' || strlen (id) > 64)
    return FALSE;

  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

static GSettings *
default_settings (GSettings *settings)
{
  return settings ? g_object_ref (settings) : g_settings_new (BASE_ID);
}

static GSettings *
account_settings (GSettings  *settings,
                  const char *id)
{
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autofree char *path = g_strconcat (ROSTER_ACCOUNT_PATH_PREFIX, id, "/", NULL);

  g_assert (is_valid_id (id));

  schema = g_settings_schema_source_lookup (source, ROSTER_ACCOUNT_SCHEMA_ID, TRUE);
  g_assert (schema != NULL);
  g_object_get (settings, "backend", &backend, NULL);

  return g_settings_new_full (schema, backend, path);
}

/**
 * roster_account_list_saved:
 * @settings: (nullable): the application's settings
 *
 * Returns: (transfer full) (element-type RosterAccount): the saved accounts
 *   in display order (ids that are not valid are skipped)
 */
GPtrArray *
roster_account_list_saved (GSettings *settings)
{
  g_autoptr(GSettings) app = default_settings (settings);
  g_auto(GStrv) ids = g_settings_get_strv (app, "accounts");
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; ids[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      RosterAccount *account = roster_account_load (app, ids[i], &error);

      if (account)
        g_ptr_array_add (accounts, account);
      else
        g_debug ("Skipping saved account %s: %s", ids[i], error->message);
    }

  return accounts;
}

/**
 * roster_account_load:
 * @settings: (nullable): the application's settings
 * @id: an account id from the "accounts" list
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with
 *   %ROSTER_ERROR_NOT_FOUND
 */
RosterAccount *
roster_account_load (GSettings   *settings,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(GSettings) app = default_settings (settings);
  g_autoptr(GSettings) account = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *label = NULL;
  g_autofree char *kind_string = NULL;
  g_autofree char *instance_url = NULL;
  g_autofree char *group_path = NULL;
  g_autofree char *scim_url = NULL;
  RosterAccountKind kind = ROSTER_ACCOUNT_KIND_GITLAB;
  RosterAccount *self;
  gint64 group_id;

  g_return_val_if_fail (id != NULL, NULL);

  ids = g_settings_get_strv (app, "accounts");
  if (!is_valid_id (id) || !g_strv_contains ((const char * const *) ids, id))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND,
                   _("There is no saved account “%s”."), id);
      return NULL;
    }

  account = account_settings (app, id);
  label = g_settings_get_string (account, "label");
  kind_string = g_settings_get_string (account, "kind");
  instance_url = g_settings_get_string (account, "instance-url");
  group_path = g_settings_get_string (account, "group-path");
  group_id = g_settings_get_int64 (account, "group-id");
  scim_url = g_settings_get_string (account, "scim-url");
  roster_account_kind_from_string (kind_string, &kind);

  self = g_object_new (ROSTER_TYPE_ACCOUNT,
                       "id", id,
                       "kind", kind,
                       "label", label,
                       "instance-url", instance_url,
                       "group-path", group_path,
                       NULL);
  roster_account_set_group_id (self, MAX (group_id, 0));
  if (kind == ROSTER_ACCOUNT_KIND_SCIM)
    roster_account_set_scim_url (self, scim_url);

  return self;
}

/**
 * roster_account_save:
 * @settings: (nullable): the application's settings
 *
 * Writes the account's settings and appends its id to the "accounts" list
 * if it is not there yet. Never writes a token.
 */
void
roster_account_save (RosterAccount *self,
                     GSettings     *settings)
{
  g_autoptr(GSettings) app = NULL;
  g_autoptr(GSettings) account = NULL;
  g_auto(GStrv) ids = NULL;

  g_return_if_fail (ROSTER_IS_ACCOUNT (self));
  g_return_if_fail (is_valid_id (self->id));

  app = default_settings (settings);
  account = account_settings (app, self->id);

  g_settings_delay (account);
  g_settings_set_string (account, "label", self->label ? self->label : "");
  g_settings_set_string (account, "kind", roster_account_kind_to_string (self->kind));
  g_settings_set_string (account, "instance-url", self->instance_url ? self->instance_url : "");
  g_settings_set_string (account, "group-path", self->group_path ? self->group_path : "");
  g_settings_set_int64 (account, "group-id", self->group_id);
  g_settings_set_string (account, "scim-url", roster_account_get_scim_url (self)
                                              ? roster_account_get_scim_url (self) : "");
  g_settings_apply (account);

  ids = g_settings_get_strv (app, "accounts");
  if (!g_strv_contains ((const char * const *) ids, self->id))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) new_ids = NULL;

      g_strv_builder_addv (builder, (const char **) ids);
      g_strv_builder_add (builder, self->id);
      new_ids = g_strv_builder_end (builder);
      g_settings_set_strv (app, "accounts", (const char * const *) new_ids);
    }

  g_debug ("Saved account %s", self->id);
}

static void
remove_secrets_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!roster_secrets_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * roster_account_remove_async:
 * @settings: (nullable): the application's settings
 *
 * Forgets the account: its settings are reset, its id leaves the
 * "accounts" list (and "active-account"), then its tokens are deleted from
 * the keyring. The settings part is done before this returns.
 */
void
roster_account_remove_async (RosterAccount       *self,
                             GSettings           *settings,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GSettings) app = NULL;
  g_autoptr(GSettings) account = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) new_ids = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *active = NULL;
  GTask *task;

  g_return_if_fail (ROSTER_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_account_remove_async);

  app = default_settings (settings);
  account = account_settings (app, self->id);
  g_object_get (account, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (account, keys[i]);

  ids = g_settings_get_strv (app, "accounts");
  for (guint i = 0; ids[i]; i++)
    if (g_strcmp0 (ids[i], self->id) != 0)
      g_strv_builder_add (builder, ids[i]);
  new_ids = g_strv_builder_end (builder);
  g_settings_set_strv (app, "accounts", (const char * const *) new_ids);

  active = g_settings_get_string (app, "active-account");
  if (g_strcmp0 (active, self->id) == 0)
    g_settings_reset (app, "active-account");

  g_debug ("Removed account %s", self->id);
  roster_secrets_clear_async (self->id, ROSTER_TOKEN_NONE, cancellable, remove_secrets_cb, task);
}

/**
 * roster_account_remove_finish:
 *
 * Returns: %TRUE when the account and its tokens are gone; %FALSE with
 *   %ROSTER_ERROR_KEYRING or %ROSTER_ERROR_CANCELLED when its tokens could
 *   not be deleted (the settings are gone already)
 */
gboolean
roster_account_remove_finish (RosterAccount  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* HTTP */

/**
 * roster_account_create_http:
 * @kind: %ROSTER_TOKEN_SCIM for the SCIM API, %ROSTER_TOKEN_API for the
 *   GitLab REST API (GitLab accounts only)
 * @log: (nullable): the request log
 *
 * The one rule for base URLs: the #RosterHttp of a GitLab account is rooted
 * at the instance URL, whatever the token, and each client adds its API's
 * prefix (#RosterGitlabClient `/api/v4`, roster_scim_client_new_for_gitlab()
 * `/api/scim/v2/groups/<group>`, roster_connection_test_async() both). A
 * generic SCIM account's is rooted at its SCIM base URL, for
 * roster_scim_client_new() with an empty base path.
 *
 * Returns: (transfer full) (nullable): a #RosterHttp on the instance URL
 *   (GitLab) or the SCIM base URL (generic SCIM), without a token; or %NULL
 *   with %ROSTER_ERROR_INVALID_INPUT
 */
RosterHttp *
roster_account_create_http (RosterAccount     *self,
                            RosterTokenKind    kind,
                            RosterRequestLog  *log,
                            GError           **error)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (kind == ROSTER_TOKEN_SCIM || kind == ROSTER_TOKEN_API, NULL);

  if (!roster_account_validate (self, error))
    return NULL;

  if (self->kind == ROSTER_ACCOUNT_KIND_GITLAB)
    return roster_http_new (self->instance_url, log, error);

  if (kind == ROSTER_TOKEN_API)
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                           _("A generic SCIM account has no GitLab API: use its SCIM token."));
      return NULL;
    }

  return roster_http_new (self->scim_url, log, error);
}

typedef struct
{
  RosterHttp      *http;
  RosterTokenKind  kind;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->http);
  g_free (data);
}

static void
open_lookup_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RosterAccount *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *token;

  token = roster_secrets_lookup_finish (result, &error);
  if (error)
    {
      g_task_return_error (task, error);
      return;
    }

  if (token == NULL)
    {
      if (data->kind == ROSTER_TOKEN_SCIM)
        g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_AUTH,
                                 _("No SCIM token is saved for “%s”. Enter it in the "
                                   "account’s settings."), roster_account_get_label (self));
      else
        g_task_return_new_error (task, ROSTER_ERROR, ROSTER_ERROR_AUTH,
                                 _("No API token is saved for “%s”. Enter it in the "
                                   "account’s settings."), roster_account_get_label (self));
      return;
    }

  roster_http_set_token (data->http, data->kind, token);
  memset (token, 0, strlen (token));
  g_free (token);
  g_task_return_pointer (task, g_steal_pointer (&data->http), g_object_unref);
}

/**
 * roster_account_open_http_async:
 *
 * Like roster_account_create_http(), and sets the account's token of @kind
 * from the keyring. Fails with %ROSTER_ERROR_AUTH when no token is saved,
 * %ROSTER_ERROR_KEYRING when the keyring fails.
 */
void
roster_account_open_http_async (RosterAccount       *self,
                                RosterTokenKind      kind,
                                RosterRequestLog    *log,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  OpenData *data;

  g_return_if_fail (ROSTER_IS_ACCOUNT (self));
  g_return_if_fail (kind == ROSTER_TOKEN_SCIM || kind == ROSTER_TOKEN_API);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_account_open_http_async);
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (OpenData, 1);
  data->kind = kind;
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);

  data->http = roster_account_create_http (self, kind, log, &error);
  if (data->http == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  roster_secrets_lookup_async (self->id, kind, cancellable, open_lookup_cb,
                               g_steal_pointer (&task));
}

/**
 * roster_account_open_http_finish:
 *
 * Returns: (transfer full) (nullable): the #RosterHttp, with its token
 */
RosterHttp *
roster_account_open_http_finish (RosterAccount  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
