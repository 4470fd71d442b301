/* roster-sandbox-world.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-sandbox-world"

#include "config.h"

#include <string.h>

#include "roster-sandbox-world.h"

/* An ordered list of records whose first field is a "removed" flag.
 * Removal only sets the flag and notes the record (the hash indexes drop
 * it at once); the array is compacted, and the removed records freed, on
 * the next positional read. A page read is then a slice: O(1) per item. */
typedef struct
{
  GPtrArray      *items;
  GPtrArray      *removed;       /* removed records still in items */
  GDestroyNotify  free_func;
} RecordList;

typedef struct
{
  RecordList  members;
  GHashTable *members_by_user;     /* RosterWorldUser* → RosterWorldMember* */
  guint       n_owners;

  RecordList  scim;
  GHashTable *scim_by_uid;         /* lower-cased extern_uid (owned) → identity */
  GHashTable *scim_by_user;        /* RosterWorldUser* → identity */

  RecordList  saml;
  GHashTable *saml_by_uid;         /* lower-cased extern_uid (owned) → identity */
  GHashTable *saml_by_user;

  GPtrArray  *enterprise_users;    /* RosterWorldUser*, not owned */
  GPtrArray  *provisioned_users;
} GroupPriv;

struct _RosterWorld
{
  gboolean    group_saml_enabled;
  char       *web_base;

  GPtrArray  *groups;              /* owned RosterWorldGroup* */
  GHashTable *groups_by_id;        /* &group->id → group */
  GHashTable *groups_by_path;      /* lower-cased full path (owned) → group */

  GPtrArray  *users;               /* owned RosterWorldUser* */
  GHashTable *users_by_id;         /* &user->id → user */
  GHashTable *users_by_username;   /* lower-cased (owned) → user */
  GHashTable *users_by_email;      /* lower-cased (owned) → user */
  gint64      next_user_id;

  GPtrArray  *tokens;              /* owned RosterWorldToken* */
  GHashTable *tokens_by_token;     /* token string → token */
  GHashTable *scim_tokens;         /* token string (owned) → group */

  GRand      *rand;                /* for username suffixes; fixed seed */
};

/* RosterSandboxError (public) and RosterWorldError share quark and codes. */
G_DEFINE_QUARK (roster-sandbox-error-quark, roster_world_error)

/* Up to this many removals, compaction compares pointers instead of
 * reading every record's flag (which costs a cache miss per record). */
#define FEW_REMOVED 8

static void
record_list_init (RecordList     *list,
                  GDestroyNotify  free_func)
{
  list->items = g_ptr_array_new ();
  list->removed = g_ptr_array_new ();
  list->free_func = free_func;
}

static void
record_list_clear (RecordList *list)
{
  for (guint i = 0; i < list->items->len; i++)
    list->free_func (g_ptr_array_index (list->items, i));
  g_clear_pointer (&list->items, g_ptr_array_unref);
  g_clear_pointer (&list->removed, g_ptr_array_unref);
}

static void
record_list_compact (RecordList *list)
{
  gpointer *pdata = list->items->pdata;
  guint n_removed = list->removed->len;
  guint len = list->items->len;
  guint i = 0, j;

  if (n_removed == 0)
    return;

  if (n_removed <= FEW_REMOVED)
    {
      gpointer *removed = list->removed->pdata;

      for (j = 0; i < len; i++)
        {
          gboolean drop = FALSE;

          for (guint k = 0; k < n_removed; k++)
            if (pdata[i] == removed[k])
              {
                drop = TRUE;
                break;
              }
          if (!drop)
            pdata[j++] = pdata[i];
        }
    }
  else
    {
      for (j = 0; i < len; i++)
        if (!*(gboolean *) pdata[i])
          pdata[j++] = pdata[i];
    }

  g_assert (len - j == n_removed);
  g_ptr_array_set_size (list->items, j);
  for (guint k = 0; k < n_removed; k++)
    list->free_func (g_ptr_array_index (list->removed, k));
  g_ptr_array_set_size (list->removed, 0);
}

static guint
record_list_get_n (RecordList *list)
{
  return list->items->len - list->removed->len;
}

static gpointer
record_list_get (RecordList *list,
                 guint       position)
{
  record_list_compact (list);
  if (position >= list->items->len)
    return NULL;
  return g_ptr_array_index (list->items, position);
}

static void
record_list_remove (RecordList *list,
                    gpointer    item)
{
  g_assert (!*(gboolean *) item);
  *(gboolean *) item = TRUE;
  g_ptr_array_add (list->removed, item);
}

static char *
fold (const char *str)
{
  for (const guchar *p = (const guchar *) str; *p; p++)
    if (*p >= 0x80)
      return g_utf8_strdown (str, -1);
  return g_ascii_strdown (str, -1);
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;
  for (; *str; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;
  return TRUE;
}

static void
member_free (gpointer data)
{
  RosterWorldMember *member = data;

  g_free (member->created_at);
  g_free (member->expires_at);
  g_free (member->membership_state);
  g_free (member);
}

static void
scim_identity_free (gpointer data)
{
  RosterWorldScimIdentity *identity = data;

  g_free (identity->extern_uid);
  g_free (identity);
}

static void
saml_identity_free (gpointer data)
{
  RosterWorldSamlIdentity *identity = data;

  g_free (identity->extern_uid);
  g_free (identity);
}

static void
group_free (gpointer data)
{
  RosterWorldGroup *group = data;
  GroupPriv *priv = group->priv;

  record_list_clear (&priv->members);
  g_hash_table_unref (priv->members_by_user);
  record_list_clear (&priv->scim);
  g_hash_table_unref (priv->scim_by_uid);
  g_hash_table_unref (priv->scim_by_user);
  record_list_clear (&priv->saml);
  g_hash_table_unref (priv->saml_by_uid);
  g_hash_table_unref (priv->saml_by_user);
  g_ptr_array_unref (priv->enterprise_users);
  g_ptr_array_unref (priv->provisioned_users);
  g_free (priv);

  g_free (group->name);
  g_free (group->path);
  g_free (group->full_path);
  g_free (group->description);
  g_free (group->visibility);
  g_free (group->web_url);
  g_free (group->created_at);
  g_free (group->verified_domain);
  g_free (group->scim_token);
  g_strfreev (group->allowed_email_domains);
  g_free (group);
}

static void
user_free (gpointer data)
{
  RosterWorldUser *user = data;

  g_free (user->username);
  g_free (user->name);
  g_free (user->first_name);
  g_free (user->last_name);
  g_free (user->email);
  g_strfreev (user->secondary_emails);
  g_free (user->state);
  g_free (user->avatar_url);
  g_free (user->web_url);
  g_free (user->created_at);
  g_free (user->last_sign_in_at);
  g_free (user->last_activity_on);
  g_free (user);
}

static void
token_free (gpointer data)
{
  RosterWorldToken *token = data;

  g_free (token->token);
  g_free (token->name);
  g_free (token);
}

RosterWorld *
roster_world_new (void)
{
  RosterWorld *world = g_new0 (RosterWorld, 1);

  world->group_saml_enabled = TRUE;
  world->web_base = g_strdup ("https://gitlab.example.com");
  world->groups = g_ptr_array_new_with_free_func (group_free);
  world->groups_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  world->groups_by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world->users = g_ptr_array_new_with_free_func (user_free);
  world->users_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  world->users_by_username = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world->users_by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world->next_user_id = 1;
  world->tokens = g_ptr_array_new_with_free_func (token_free);
  world->tokens_by_token = g_hash_table_new (g_str_hash, g_str_equal);
  world->scim_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world->rand = g_rand_new_with_seed (4242);

  return world;
}

void
roster_world_free (RosterWorld *world)
{
  if (world == NULL)
    return;

  g_hash_table_unref (world->scim_tokens);
  g_hash_table_unref (world->tokens_by_token);
  g_ptr_array_unref (world->tokens);
  g_hash_table_unref (world->groups_by_path);
  g_hash_table_unref (world->groups_by_id);
  /* Groups reference users: free them first. */
  g_ptr_array_unref (world->groups);
  g_hash_table_unref (world->users_by_email);
  g_hash_table_unref (world->users_by_username);
  g_hash_table_unref (world->users_by_id);
  g_ptr_array_unref (world->users);
  g_rand_free (world->rand);
  g_free (world->web_base);
  g_free (world);
}

gboolean
roster_world_get_group_saml_enabled (RosterWorld *world)
{
  return world->group_saml_enabled;
}

void
roster_world_set_group_saml_enabled (RosterWorld *world,
                                     gboolean     enabled)
{
  world->group_saml_enabled = !!enabled;
}

const char *
roster_world_get_web_base (RosterWorld *world)
{
  return world->web_base;
}

void
roster_world_set_web_base (RosterWorld *world,
                           const char  *web_base)
{
  g_return_if_fail (web_base != NULL);

  g_free (world->web_base);
  world->web_base = g_strdup (web_base);
}

/* Groups */

RosterWorldGroup *
roster_world_add_group (RosterWorld       *world,
                        gint64             id,
                        const char        *path,
                        const char        *name,
                        RosterWorldGroup  *parent,
                        GError           **error)
{
  RosterWorldGroup *group;
  GroupPriv *priv;
  g_autofree char *full_path = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (id > 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (is_blank (path) || strchr (path, '/') != NULL)
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID,
                   "Path is invalid");
      return NULL;
    }

  full_path = parent ? g_strconcat (parent->full_path, "/", path, NULL) : g_strdup (path);
  folded = fold (full_path);

  if (g_hash_table_contains (world->groups_by_id, &id) ||
      g_hash_table_contains (world->groups_by_path, folded))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "Path has already been taken");
      return NULL;
    }

  group = g_new0 (RosterWorldGroup, 1);
  group->id = id;
  group->path = g_strdup (path);
  group->name = g_strdup (name && *name ? name : path);
  group->full_path = g_steal_pointer (&full_path);
  group->description = g_strdup ("");
  group->visibility = g_strdup ("private");
  group->web_url = g_strdup_printf ("%s/groups/%s", world->web_base, group->full_path);
  group->created_at = g_strdup ("2023-01-09T09:00:00.000Z");
  group->parent = parent;
  group->default_membership_role = ROSTER_ACCESS_GUEST;
  group->saml_enabled = TRUE;

  priv = g_new0 (GroupPriv, 1);
  record_list_init (&priv->members, member_free);
  priv->members_by_user = g_hash_table_new (NULL, NULL);
  record_list_init (&priv->scim, scim_identity_free);
  priv->scim_by_uid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->scim_by_user = g_hash_table_new (NULL, NULL);
  record_list_init (&priv->saml, saml_identity_free);
  priv->saml_by_uid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->saml_by_user = g_hash_table_new (NULL, NULL);
  priv->enterprise_users = g_ptr_array_new ();
  priv->provisioned_users = g_ptr_array_new ();
  group->priv = priv;

  g_ptr_array_add (world->groups, group);
  g_hash_table_insert (world->groups_by_id, &group->id, group);
  g_hash_table_insert (world->groups_by_path, g_steal_pointer (&folded), group);

  return group;
}

void
roster_world_group_set_saml (RosterWorld       *world,
                             RosterWorldGroup  *group,
                             gint64             saml_provider_id,
                             RosterAccessLevel  default_membership_role)
{
  g_return_if_fail (group != NULL);

  group->saml_provider_id = saml_provider_id;
  group->default_membership_role = default_membership_role;
}

void
roster_world_group_set_scim_token (RosterWorld      *world,
                                   RosterWorldGroup *group,
                                   const char       *token)
{
  g_return_if_fail (group != NULL);

  if (group->scim_token)
    g_hash_table_remove (world->scim_tokens, group->scim_token);
  g_free (group->scim_token);
  group->scim_token = g_strdup (token);
  if (token)
    g_hash_table_insert (world->scim_tokens, g_strdup (token), group);
}

RosterWorldGroup *
roster_world_lookup_group (RosterWorld *world,
                           gint64       id)
{
  return g_hash_table_lookup (world->groups_by_id, &id);
}

RosterWorldGroup *
roster_world_lookup_group_by_path (RosterWorld *world,
                                   const char  *full_path)
{
  g_autofree char *folded = NULL;

  if (full_path == NULL)
    return NULL;
  folded = fold (full_path);
  return g_hash_table_lookup (world->groups_by_path, folded);
}

RosterWorldGroup *
roster_world_find_group (RosterWorld *world,
                         const char  *id_or_path)
{
  gboolean digits = id_or_path != NULL && *id_or_path != '\0';

  if (id_or_path == NULL)
    return NULL;

  for (const char *p = id_or_path; *p; p++)
    if (!g_ascii_isdigit (*p))
      {
        digits = FALSE;
        break;
      }

  if (digits)
    {
      guint64 id = 0;

      if (!g_ascii_string_to_unsigned (id_or_path, 10, 1, G_MAXINT64, &id, NULL))
        return NULL;
      return roster_world_lookup_group (world, (gint64) id);
    }

  return roster_world_lookup_group_by_path (world, id_or_path);
}

GPtrArray *
roster_world_list_groups (RosterWorld *world)
{
  GPtrArray *groups = g_ptr_array_sized_new (world->groups->len);

  for (guint i = 0; i < world->groups->len; i++)
    g_ptr_array_add (groups, g_ptr_array_index (world->groups, i));
  return groups;
}

RosterWorldGroup *
roster_world_group_get_root (RosterWorldGroup *group)
{
  while (group->parent)
    group = group->parent;
  return group;
}

static gboolean
group_is_descendant (RosterWorldGroup *group,
                     RosterWorldGroup *ancestor)
{
  for (; group; group = group->parent)
    if (group == ancestor)
      return TRUE;
  return FALSE;
}

/* Users */

static gboolean
email_taken (RosterWorld *world,
             const char  *email)
{
  g_autofree char *folded = fold (email);

  return g_hash_table_contains (world->users_by_email, folded);
}

RosterWorldUser *
roster_world_add_user (RosterWorld  *world,
                       gint64        id,
                       const char   *username,
                       const char   *name,
                       const char   *email,
                       GError      **error)
{
  RosterWorldUser *user;
  g_autofree char *folded_username = NULL;

  if (is_blank (username))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID, "Username can't be blank");
      return NULL;
    }
  if (is_blank (name))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID, "Name can't be blank");
      return NULL;
    }
  if (is_blank (email) || strchr (email, '@') == NULL)
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID, "Email is invalid");
      return NULL;
    }

  if (id <= 0)
    id = world->next_user_id;
  if (g_hash_table_contains (world->users_by_id, &id))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "User has already been taken");
      return NULL;
    }

  folded_username = fold (username);
  if (g_hash_table_contains (world->users_by_username, folded_username))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "Username has already been taken");
      return NULL;
    }
  if (email_taken (world, email))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "Email has already been taken");
      return NULL;
    }

  user = g_new0 (RosterWorldUser, 1);
  user->id = id;
  user->username = g_strdup (username);
  user->name = g_strdup (name);
  user->email = g_strdup (email);
  user->state = g_strdup ("active");
  user->avatar_url = g_strdup_printf ("https://secure.gravatar.com/avatar/%016" G_GINT64_MODIFIER "x"
                                      "%016" G_GINT64_MODIFIER "x?s=80&d=identicon",
                                      (gint64) g_str_hash (email), id);
  user->web_url = g_strdup_printf ("%s/%s", world->web_base, username);
  user->created_at = roster_world_now_iso8601 ();

  g_ptr_array_add (world->users, user);
  g_hash_table_insert (world->users_by_id, &user->id, user);
  g_hash_table_insert (world->users_by_username, g_steal_pointer (&folded_username), user);
  g_hash_table_insert (world->users_by_email, fold (email), user);
  world->next_user_id = MAX (world->next_user_id, id + 1);

  return user;
}

gboolean
roster_world_user_add_secondary_email (RosterWorld      *world,
                                       RosterWorldUser  *user,
                                       const char       *email,
                                       GError          **error)
{
  guint n;

  g_return_val_if_fail (user != NULL, FALSE);

  if (is_blank (email) || strchr (email, '@') == NULL)
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID, "Email is invalid");
      return FALSE;
    }
  if (email_taken (world, email))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "Email has already been taken");
      return FALSE;
    }

  n = user->secondary_emails ? g_strv_length (user->secondary_emails) : 0;
  user->secondary_emails = g_renew (char *, user->secondary_emails, n + 2);
  user->secondary_emails[n] = g_strdup (email);
  user->secondary_emails[n + 1] = NULL;
  g_hash_table_insert (world->users_by_email, fold (email), user);
  return TRUE;
}

void
roster_world_user_set_names (RosterWorld     *world,
                             RosterWorldUser *user,
                             const char      *first_name,
                             const char      *last_name)
{
  g_return_if_fail (user != NULL);

  g_free (user->first_name);
  g_free (user->last_name);
  user->first_name = g_strdup (first_name);
  user->last_name = g_strdup (last_name);
}

void
roster_world_user_set_state (RosterWorld     *world,
                             RosterWorldUser *user,
                             const char      *state)
{
  g_return_if_fail (user != NULL);
  g_return_if_fail (state != NULL);

  g_free (user->state);
  user->state = g_strdup (state);
}

static void
user_list_move (RosterWorld     *world,
                RosterWorldUser *user,
                gint64           old_group_id,
                gint64           new_group_id,
                gsize            list_offset)
{
  RosterWorldGroup *group;

  if (old_group_id == new_group_id)
    return;

  if ((group = roster_world_lookup_group (world, old_group_id)))
    {
      GPtrArray *list = G_STRUCT_MEMBER (GPtrArray *, group->priv, list_offset);
      g_ptr_array_remove (list, user);
    }
  if ((group = roster_world_lookup_group (world, new_group_id)))
    {
      GPtrArray *list = G_STRUCT_MEMBER (GPtrArray *, group->priv, list_offset);
      g_ptr_array_add (list, user);
    }
}

void
roster_world_user_set_enterprise_group (RosterWorld     *world,
                                        RosterWorldUser *user,
                                        gint64           group_id)
{
  g_return_if_fail (user != NULL);

  user_list_move (world, user, user->enterprise_group_id, group_id,
                  G_STRUCT_OFFSET (GroupPriv, enterprise_users));
  user->enterprise_group_id = group_id;
}

void
roster_world_user_set_provisioned_by (RosterWorld     *world,
                                      RosterWorldUser *user,
                                      gint64           group_id)
{
  g_return_if_fail (user != NULL);

  user_list_move (world, user, user->provisioned_by_group_id, group_id,
                  G_STRUCT_OFFSET (GroupPriv, provisioned_users));
  user->provisioned_by_group_id = group_id;
}

RosterWorldUser *
roster_world_lookup_user (RosterWorld *world,
                          gint64       id)
{
  return g_hash_table_lookup (world->users_by_id, &id);
}

RosterWorldUser *
roster_world_lookup_user_by_username (RosterWorld *world,
                                      const char  *username)
{
  g_autofree char *folded = NULL;

  if (username == NULL)
    return NULL;
  folded = fold (username);
  return g_hash_table_lookup (world->users_by_username, folded);
}

RosterWorldUser *
roster_world_lookup_user_by_email (RosterWorld *world,
                                   const char  *email)
{
  g_autofree char *folded = NULL;

  if (email == NULL)
    return NULL;
  folded = fold (email);
  return g_hash_table_lookup (world->users_by_email, folded);
}

guint
roster_world_get_n_users (RosterWorld *world)
{
  return world->users->len;
}

RosterWorldUser *
roster_world_get_user (RosterWorld *world,
                       guint        position)
{
  if (position >= world->users->len)
    return NULL;
  return g_ptr_array_index (world->users, position);
}

static gboolean
has_suffix (const char *str,
            const char *suffix)
{
  return g_str_has_suffix (str, suffix);
}

char *
roster_world_make_username (RosterWorld *world,
                            const char  *wish)
{
  GString *clean = g_string_new (NULL);
  const char *at;
  gboolean changed = TRUE;
  gsize lead = 0;

  /* Namespace.clean_path: drop "@domain", keep [A-Za-z0-9_.-], strip
   * trailing ".git"/".atom"/"." and leading "-", "blank" if nothing is left;
   * then the rules of the SCIM/SAML username sanitiser. */
  at = wish ? strchr (wish, '@') : NULL;
  for (const char *p = wish ? wish : ""; *p && (at == NULL || p < at); p++)
    if (g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '.')
      g_string_append_c (clean, *p);

  while (changed)
    {
      changed = FALSE;
      if (has_suffix (clean->str, ".git"))
        g_string_truncate (clean, clean->len - 4), changed = TRUE;
      else if (has_suffix (clean->str, ".atom"))
        g_string_truncate (clean, clean->len - 5), changed = TRUE;
      else if (has_suffix (clean->str, "."))
        g_string_truncate (clean, clean->len - 1), changed = TRUE;
    }
  while (clean->str[lead] == '-')
    lead++;
  g_string_erase (clean, 0, lead);

  /* Gitlab::Auth::ExternalUsernameSanitizer: no leading or trailing
   * [_.-], runs of them collapsed to their first character. */
  lead = 0;
  while (clean->str[lead] && strchr ("_.-", clean->str[lead]))
    lead++;
  g_string_erase (clean, 0, lead);
  while (clean->len > 0 && strchr ("_.-", clean->str[clean->len - 1]))
    g_string_truncate (clean, clean->len - 1);
  for (gsize i = 1; i < clean->len;)
    {
      if (strchr ("_.-", clean->str[i]) && strchr ("_.-", clean->str[i - 1]))
        g_string_erase (clean, i, 1);
      else
        i++;
    }

  if (clean->len == 0)
    g_string_assign (clean, "blank");

  if (roster_world_lookup_user_by_username (world, clean->str) == NULL)
    return g_string_free (clean, FALSE);

  /* Numeric suffixes first, then a random one after four tries. */
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s%u", clean->str, i);

      if (roster_world_lookup_user_by_username (world, candidate) == NULL)
        {
          g_string_free (clean, TRUE);
          return g_steal_pointer (&candidate);
        }
    }

  for (;;)
    {
      g_autofree char *candidate = g_strdup_printf ("%s_%08x", clean->str,
                                                    g_rand_int (world->rand));

      if (roster_world_lookup_user_by_username (world, candidate) == NULL)
        {
          g_string_free (clean, TRUE);
          return g_steal_pointer (&candidate);
        }
    }
}

/* Memberships */

RosterWorldMember *
roster_world_add_member (RosterWorld        *world,
                         RosterWorldGroup   *group,
                         RosterWorldUser    *user,
                         RosterAccessLevel   access_level,
                         RosterWorldUser    *created_by,
                         GError            **error)
{
  GroupPriv *priv;
  RosterWorldMember *member;

  g_return_val_if_fail (group != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  priv = group->priv;
  if (g_hash_table_contains (priv->members_by_user, user))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "Member already exists");
      return NULL;
    }

  member = g_new0 (RosterWorldMember, 1);
  member->user = user;
  member->group = group;
  member->access_level = access_level;
  member->created_at = roster_world_now_iso8601 ();
  member->created_by = created_by;
  member->membership_state = g_strdup ("active");

  g_ptr_array_add (priv->members.items, member);
  g_hash_table_insert (priv->members_by_user, user, member);
  if (access_level == ROSTER_ACCESS_OWNER)
    priv->n_owners++;

  return member;
}

gboolean
roster_world_remove_member (RosterWorld       *world,
                            RosterWorldGroup  *group,
                            RosterWorldUser   *user,
                            gboolean           force,
                            GError           **error)
{
  GroupPriv *priv;
  RosterWorldMember *member;

  g_return_val_if_fail (group != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  priv = group->priv;
  member = g_hash_table_lookup (priv->members_by_user, user);
  if (member == NULL)
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_NOT_FOUND,
                   "404 Member Not Found");
      return FALSE;
    }

  if (!force && member->access_level == ROSTER_ACCESS_OWNER && priv->n_owners == 1)
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_LAST_OWNER,
                   "Could not remove %s from %s. Cannot remove last group owner.",
                   user->name, group->name);
      return FALSE;
    }

  if (member->access_level == ROSTER_ACCESS_OWNER)
    priv->n_owners--;
  g_hash_table_remove (priv->members_by_user, user);
  record_list_remove (&priv->members, member);
  return TRUE;
}

void
roster_world_member_set_access_level (RosterWorld       *world,
                                      RosterWorldMember *member,
                                      RosterAccessLevel  access_level)
{
  GroupPriv *priv;

  g_return_if_fail (member != NULL && !member->removed);

  priv = member->group->priv;
  if (member->access_level == ROSTER_ACCESS_OWNER)
    priv->n_owners--;
  member->access_level = access_level;
  if (access_level == ROSTER_ACCESS_OWNER)
    priv->n_owners++;
}

void
roster_world_member_set_expires_at (RosterWorld       *world,
                                    RosterWorldMember *member,
                                    const char        *expires_at)
{
  g_return_if_fail (member != NULL && !member->removed);

  g_free (member->expires_at);
  member->expires_at = g_strdup (expires_at);
}

RosterWorldMember *
roster_world_lookup_member (RosterWorld      *world,
                            RosterWorldGroup *group,
                            RosterWorldUser  *user)
{
  GroupPriv *priv = group->priv;

  return g_hash_table_lookup (priv->members_by_user, user);
}

guint
roster_world_group_get_n_members (RosterWorld      *world,
                                  RosterWorldGroup *group)
{
  GroupPriv *priv = group->priv;

  return record_list_get_n (&priv->members);
}

RosterWorldMember *
roster_world_group_get_member (RosterWorld      *world,
                               RosterWorldGroup *group,
                               guint             position)
{
  GroupPriv *priv = group->priv;

  return record_list_get (&priv->members, position);
}

guint
roster_world_group_count_owners (RosterWorld      *world,
                                 RosterWorldGroup *group)
{
  GroupPriv *priv = group->priv;

  return priv->n_owners;
}

gboolean
roster_world_check_new_member (RosterWorld       *world,
                               RosterWorldGroup  *group,
                               RosterWorldUser   *user,
                               GError           **error)
{
  RosterWorldGroup *root;

  g_return_val_if_fail (group != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  root = roster_world_group_get_root (group);

  if (root->allowed_email_domains && root->allowed_email_domains[0])
    {
      const char *at = strrchr (user->email, '@');
      gboolean allowed = FALSE;

      for (guint i = 0; at && root->allowed_email_domains[i] && !allowed; i++)
        allowed = g_ascii_strcasecmp (at + 1, root->allowed_email_domains[i]) == 0;
      if (!allowed)
        {
          g_set_error_literal (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID,
                               "The member's email address is not allowed for this group. "
                               "Check with your administrator.");
          return FALSE;
        }
    }

  if (root->sso_enforced && root->saml_provider_id != 0)
    {
      RosterWorldScimIdentity *scim = roster_world_lookup_scim_identity_by_user (world, root, user);

      if (roster_world_lookup_saml_identity_by_user (world, root, user) == NULL &&
          (scim == NULL || !scim->active))
        {
          g_set_error_literal (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID,
                               "The member's email address is not linked to a SAML account or "
                               "has an inactive SCIM identity.");
          return FALSE;
        }
    }

  return TRUE;
}

RosterAccessLevel
roster_world_get_access_level (RosterWorld      *world,
                               RosterWorldGroup *group,
                               RosterWorldUser  *user)
{
  RosterAccessLevel level = ROSTER_ACCESS_NONE;

  if (user == NULL)
    return ROSTER_ACCESS_NONE;

  for (; group; group = group->parent)
    {
      RosterWorldMember *member = roster_world_lookup_member (world, group, user);

      if (member && member->access_level > level)
        level = member->access_level;
    }
  return level;
}

/* SCIM identities */

static gboolean
check_extern_uid (const char  *extern_uid,
                  const char  *blank_message,
                  GError     **error)
{
  if (is_blank (extern_uid))
    {
      g_set_error_literal (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID, blank_message);
      return FALSE;
    }
  return TRUE;
}

RosterWorldScimIdentity *
roster_world_add_scim_identity (RosterWorld       *world,
                                RosterWorldGroup  *group,
                                RosterWorldUser   *user,
                                const char        *extern_uid,
                                gboolean           active,
                                GError           **error)
{
  GroupPriv *priv;
  RosterWorldScimIdentity *identity;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (group != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  priv = group->priv;
  if (!check_extern_uid (extern_uid, "Extern uid can't be blank", error))
    return NULL;

  folded = fold (extern_uid);
  if (g_hash_table_contains (priv->scim_by_uid, folded))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "Extern uid has already been taken");
      return NULL;
    }
  if (g_hash_table_contains (priv->scim_by_user, user))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "User has already been taken");
      return NULL;
    }

  identity = g_new0 (RosterWorldScimIdentity, 1);
  identity->user = user;
  identity->group = group;
  identity->extern_uid = g_strdup (extern_uid);
  identity->active = !!active;

  g_ptr_array_add (priv->scim.items, identity);
  g_hash_table_insert (priv->scim_by_uid, g_steal_pointer (&folded), identity);
  g_hash_table_insert (priv->scim_by_user, user, identity);
  return identity;
}

gboolean
roster_world_set_scim_extern_uid (RosterWorld              *world,
                                  RosterWorldScimIdentity  *identity,
                                  const char               *extern_uid,
                                  GError                  **error)
{
  GroupPriv *priv;
  RosterWorldScimIdentity *other;
  g_autofree char *folded = NULL;
  g_autofree char *old_folded = NULL;

  g_return_val_if_fail (identity != NULL && !identity->removed, FALSE);

  priv = identity->group->priv;
  if (!check_extern_uid (extern_uid, "Extern uid can't be blank", error))
    return FALSE;

  folded = fold (extern_uid);
  other = g_hash_table_lookup (priv->scim_by_uid, folded);
  if (other != NULL && other != identity)
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "Extern uid has already been taken");
      return FALSE;
    }

  old_folded = fold (identity->extern_uid);
  g_hash_table_remove (priv->scim_by_uid, old_folded);
  g_free (identity->extern_uid);
  identity->extern_uid = g_strdup (extern_uid);
  g_hash_table_insert (priv->scim_by_uid, g_steal_pointer (&folded), identity);
  return TRUE;
}

void
roster_world_set_scim_active (RosterWorld             *world,
                              RosterWorldScimIdentity *identity,
                              gboolean                 active)
{
  g_return_if_fail (identity != NULL && !identity->removed);

  identity->active = !!active;
}

void
roster_world_remove_scim_identity (RosterWorld             *world,
                                   RosterWorldScimIdentity *identity)
{
  GroupPriv *priv;
  g_autofree char *folded = NULL;

  g_return_if_fail (identity != NULL && !identity->removed);

  priv = identity->group->priv;
  folded = fold (identity->extern_uid);
  g_hash_table_remove (priv->scim_by_uid, folded);
  g_hash_table_remove (priv->scim_by_user, identity->user);
  record_list_remove (&priv->scim, identity);
}

RosterWorldScimIdentity *
roster_world_lookup_scim_identity (RosterWorld      *world,
                                   RosterWorldGroup *group,
                                   const char       *extern_uid)
{
  GroupPriv *priv = group->priv;
  g_autofree char *folded = NULL;

  if (extern_uid == NULL)
    return NULL;
  folded = fold (extern_uid);
  return g_hash_table_lookup (priv->scim_by_uid, folded);
}

RosterWorldScimIdentity *
roster_world_lookup_scim_identity_by_user (RosterWorld      *world,
                                           RosterWorldGroup *group,
                                           RosterWorldUser  *user)
{
  GroupPriv *priv = group->priv;

  return g_hash_table_lookup (priv->scim_by_user, user);
}

guint
roster_world_group_get_n_scim_identities (RosterWorld      *world,
                                          RosterWorldGroup *group)
{
  GroupPriv *priv = group->priv;

  return record_list_get_n (&priv->scim);
}

RosterWorldScimIdentity *
roster_world_group_get_scim_identity (RosterWorld      *world,
                                      RosterWorldGroup *group,
                                      guint             position)
{
  GroupPriv *priv = group->priv;

  return record_list_get (&priv->scim, position);
}

/* SAML identities */

#define SAML_BLANK "SAML NameID is missing from your SAML response. Please contact your administrator"

RosterWorldSamlIdentity *
roster_world_add_saml_identity (RosterWorld       *world,
                                RosterWorldGroup  *group,
                                RosterWorldUser   *user,
                                const char        *extern_uid,
                                GError           **error)
{
  GroupPriv *priv;
  RosterWorldSamlIdentity *identity;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (group != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  priv = group->priv;
  if (!check_extern_uid (extern_uid, SAML_BLANK, error))
    return NULL;

  folded = fold (extern_uid);
  if (g_hash_table_contains (priv->saml_by_uid, folded))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "Extern uid has already been taken");
      return NULL;
    }
  if (g_hash_table_contains (priv->saml_by_user, user))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "User has already been taken");
      return NULL;
    }

  identity = g_new0 (RosterWorldSamlIdentity, 1);
  identity->user = user;
  identity->group = group;
  identity->extern_uid = g_strdup (extern_uid);

  g_ptr_array_add (priv->saml.items, identity);
  g_hash_table_insert (priv->saml_by_uid, g_steal_pointer (&folded), identity);
  g_hash_table_insert (priv->saml_by_user, user, identity);
  return identity;
}

gboolean
roster_world_set_saml_extern_uid (RosterWorld              *world,
                                  RosterWorldSamlIdentity  *identity,
                                  const char               *extern_uid,
                                  GError                  **error)
{
  GroupPriv *priv;
  RosterWorldSamlIdentity *other;
  g_autofree char *folded = NULL;
  g_autofree char *old_folded = NULL;

  g_return_val_if_fail (identity != NULL && !identity->removed, FALSE);

  priv = identity->group->priv;
  if (!check_extern_uid (extern_uid, SAML_BLANK, error))
    return FALSE;

  folded = fold (extern_uid);
  other = g_hash_table_lookup (priv->saml_by_uid, folded);
  if (other != NULL && other != identity)
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "Extern uid has already been taken");
      return FALSE;
    }

  old_folded = fold (identity->extern_uid);
  g_hash_table_remove (priv->saml_by_uid, old_folded);
  g_free (identity->extern_uid);
  identity->extern_uid = g_strdup (extern_uid);
  g_hash_table_insert (priv->saml_by_uid, g_steal_pointer (&folded), identity);
  return TRUE;
}

void
roster_world_remove_saml_identity (RosterWorld             *world,
                                   RosterWorldSamlIdentity *identity)
{
  GroupPriv *priv;
  g_autofree char *folded = NULL;

  g_return_if_fail (identity != NULL && !identity->removed);

  priv = identity->group->priv;
  folded = fold (identity->extern_uid);
  g_hash_table_remove (priv->saml_by_uid, folded);
  g_hash_table_remove (priv->saml_by_user, identity->user);
  record_list_remove (&priv->saml, identity);
}

RosterWorldSamlIdentity *
roster_world_lookup_saml_identity (RosterWorld      *world,
                                   RosterWorldGroup *group,
                                   const char       *extern_uid)
{
  GroupPriv *priv = group->priv;
  RosterWorldSamlIdentity *identity;
  g_autofree char *folded = NULL;

  if (extern_uid == NULL)
    return NULL;
  folded = fold (extern_uid);
  identity = g_hash_table_lookup (priv->saml_by_uid, folded);
  /* Sign-in and the REST lookup compare exactly. */
  if (identity && strcmp (identity->extern_uid, extern_uid) != 0)
    return NULL;
  return identity;
}

RosterWorldSamlIdentity *
roster_world_lookup_saml_identity_by_user (RosterWorld      *world,
                                           RosterWorldGroup *group,
                                           RosterWorldUser  *user)
{
  GroupPriv *priv = group->priv;

  return g_hash_table_lookup (priv->saml_by_user, user);
}

guint
roster_world_group_get_n_saml_identities (RosterWorld      *world,
                                          RosterWorldGroup *group)
{
  GroupPriv *priv = group->priv;

  return record_list_get_n (&priv->saml);
}

RosterWorldSamlIdentity *
roster_world_group_get_saml_identity (RosterWorld      *world,
                                      RosterWorldGroup *group,
                                      guint             position)
{
  GroupPriv *priv = group->priv;

  return record_list_get (&priv->saml, position);
}

guint
roster_world_group_get_n_enterprise_users (RosterWorld      *world,
                                           RosterWorldGroup *group)
{
  GroupPriv *priv = group->priv;

  return priv->enterprise_users->len;
}

RosterWorldUser *
roster_world_group_get_enterprise_user (RosterWorld      *world,
                                        RosterWorldGroup *group,
                                        guint             position)
{
  GroupPriv *priv = group->priv;

  if (position >= priv->enterprise_users->len)
    return NULL;
  return g_ptr_array_index (priv->enterprise_users, position);
}

guint
roster_world_group_get_n_provisioned_users (RosterWorld      *world,
                                            RosterWorldGroup *group)
{
  GroupPriv *priv = group->priv;

  return priv->provisioned_users->len;
}

RosterWorldUser *
roster_world_group_get_provisioned_user (RosterWorld      *world,
                                         RosterWorldGroup *group,
                                         guint             position)
{
  GroupPriv *priv = group->priv;

  if (position >= priv->provisioned_users->len)
    return NULL;
  return g_ptr_array_index (priv->provisioned_users, position);
}

/* SCIM lifecycle */

gboolean
roster_world_deprovision (RosterWorld              *world,
                          RosterWorldScimIdentity  *identity,
                          GError                  **error)
{
  RosterWorldGroup *group;
  RosterWorldMember *member;

  g_return_val_if_fail (identity != NULL && !identity->removed, FALSE);

  group = identity->group;
  member = roster_world_lookup_member (world, group, identity->user);

  if (member && member->access_level == ROSTER_ACCESS_OWNER &&
      roster_world_group_count_owners (world, group) == 1)
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_LAST_OWNER,
                   "Could not remove %s from %s. Cannot remove last group owner.",
                   identity->user->name, group->name);
      return FALSE;
    }

  identity->active = FALSE;

  /* The group and all its subgroups. */
  for (guint i = 0; i < world->groups->len; i++)
    {
      RosterWorldGroup *other = g_ptr_array_index (world->groups, i);

      if (group_is_descendant (other, group) &&
          roster_world_lookup_member (world, other, identity->user))
        roster_world_remove_member (world, other, identity->user, TRUE, NULL);
    }

  return TRUE;
}

gboolean
roster_world_reprovision (RosterWorld              *world,
                          RosterWorldScimIdentity  *identity,
                          GError                  **error)
{
  RosterWorldGroup *group;

  g_return_val_if_fail (identity != NULL && !identity->removed, FALSE);

  group = identity->group;
  identity->active = TRUE;
  if (roster_world_lookup_member (world, group, identity->user) == NULL)
    roster_world_add_member (world, group, identity->user,
                             group->default_membership_role, NULL, NULL);
  return TRUE;
}

gboolean
roster_world_extern_uid_in_use (RosterWorld      *world,
                                RosterWorldGroup *group,
                                const char       *value)
{
  GroupPriv *priv = group->priv;
  g_autofree char *folded = NULL;

  if (value == NULL)
    return FALSE;
  folded = fold (value);
  return g_hash_table_contains (priv->scim_by_uid, folded) ||
         g_hash_table_contains (priv->saml_by_uid, folded);
}

/* Tokens */

RosterWorldToken *
roster_world_add_token (RosterWorld      *world,
                        const char       *token,
                        const char       *name,
                        RosterWorldUser  *user,
                        RosterScope       scopes,
                        GError          **error)
{
  RosterWorldToken *record;

  g_return_val_if_fail (user != NULL, NULL);

  if (is_blank (token))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_INVALID, "Token can't be blank");
      return NULL;
    }
  if (g_hash_table_contains (world->tokens_by_token, token) ||
      g_hash_table_contains (world->scim_tokens, token))
    {
      g_set_error (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN,
                   "Token has already been taken");
      return NULL;
    }

  record = g_new0 (RosterWorldToken, 1);
  record->token = g_strdup (token);
  record->name = g_strdup (name ? name : "token");
  record->user = user;
  record->scopes = scopes;
  g_ptr_array_add (world->tokens, record);
  g_hash_table_insert (world->tokens_by_token, record->token, record);
  return record;
}

RosterWorldToken *
roster_world_lookup_token (RosterWorld *world,
                           const char  *token)
{
  if (token == NULL)
    return NULL;
  return g_hash_table_lookup (world->tokens_by_token, token);
}

GPtrArray *
roster_world_list_tokens (RosterWorld *world)
{
  GPtrArray *tokens = g_ptr_array_sized_new (world->tokens->len);

  for (guint i = 0; i < world->tokens->len; i++)
    g_ptr_array_add (tokens, g_ptr_array_index (world->tokens, i));
  return tokens;
}

RosterWorldGroup *
roster_world_lookup_scim_token (RosterWorld *world,
                                const char  *token)
{
  if (token == NULL)
    return NULL;
  return g_hash_table_lookup (world->scim_tokens, token);
}

/* Helpers */

const char *
roster_access_level_to_string (RosterAccessLevel level)
{
  switch (level)
    {
    case ROSTER_ACCESS_NONE:       return "none";
    case ROSTER_ACCESS_MINIMAL:    return "minimal_access";
    case ROSTER_ACCESS_GUEST:      return "guest";
    case ROSTER_ACCESS_PLANNER:    return "planner";
    case ROSTER_ACCESS_REPORTER:   return "reporter";
    case ROSTER_ACCESS_DEVELOPER:  return "developer";
    case ROSTER_ACCESS_MAINTAINER: return "maintainer";
    case ROSTER_ACCESS_OWNER:      return "owner";
    default:                       return NULL;
    }
}

gboolean
roster_access_level_from_string (const char        *str,
                                 RosterAccessLevel *level)
{
  static const RosterAccessLevel levels[] = {
    ROSTER_ACCESS_NONE, ROSTER_ACCESS_MINIMAL, ROSTER_ACCESS_GUEST, ROSTER_ACCESS_PLANNER,
    ROSTER_ACCESS_REPORTER, ROSTER_ACCESS_DEVELOPER, ROSTER_ACCESS_MAINTAINER, ROSTER_ACCESS_OWNER,
  };
  guint64 number;

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (g_ascii_strcasecmp (str, roster_access_level_to_string (levels[i])) == 0)
      {
        *level = levels[i];
        return TRUE;
      }

  if (g_ascii_string_to_unsigned (str, 10, 0, 50, &number, NULL))
    for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
      if ((guint64) levels[i] == number)
        {
          *level = levels[i];
          return TRUE;
        }

  return FALSE;
}

char *
roster_world_now_iso8601 (void)
{
  /* Called for every new user and member: format the date and time only
   * when the second changes. */
  static gint64 cached_second = -1;
  static char cached[32];
  gint64 now = g_get_real_time ();
  gint64 second = now / G_USEC_PER_SEC;

  if (second != cached_second)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (second);
      g_autofree char *text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

      g_strlcpy (cached, text, sizeof cached);
      cached_second = second;
    }

  return g_strdup_printf ("%s.%03dZ", cached, (int) ((now % G_USEC_PER_SEC) / 1000));
}
