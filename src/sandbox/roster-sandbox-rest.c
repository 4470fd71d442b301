/* roster-sandbox-rest.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-sandbox-rest"

#include "config.h"

#include <string.h>

#include "roster-sandbox-private.h"

/* GitLab's REST v4 as far as Roster uses it (gitlab-api.md §2, §3): the
 * group, its members (direct and inherited), the SAML and SCIM identity
 * endpoints, enterprise users and provisioned users, plus GET /user and
 * GET /personal_access_tokens/self for connection tests. Everything reads and
 * writes the shared world, so a PATCH here is what SCIM GETs and members'
 * group_scim_identity show next.
 *
 * Order of checks: 401 unknown token; 403 insufficient_scope for a read_api
 * token on a write (both raised while authenticating); 404 group not found
 * (or not visible); then per endpoint: the identity endpoints check the
 * Owner role (403) in a before block, so before Grape validates parameters
 * (400); the others validate parameters first.
 *
 * Speed: an unfiltered members page is a slice of the group's member array,
 * and each member's identities come from hash lookups, so the work is
 * proportional to per_page, not to the group. The filters that have no
 * index (query, skip_users, state, with_saml_identity) scan the group's
 * members, as GitLab's SQL does; user_ids uses the member index.
 *
 * JSON is written straight into one GString handed to libsoup (no tree). */

#define DEFAULT_PER_PAGE 20
#define MAX_PER_PAGE     100
/* Above this many records GitLab omits x-total, x-total-pages and rel="last". */
#define MAX_COUNTED      10000

/* The GitLab version the sandbox pretends to be, as major * 100 + minor;
 * later endpoints and fields are absent. Kept on the sandbox as qdata so the
 * REST part owns it. */
#define LATEST_VERSION              1806
#define VERSION_SCIM_SAML_LISTS     1505   /* GET …/scim|saml/identities, PATCH */
#define VERSION_IDENTITY_GET        1601   /* GET …/scim|saml/:uid */
#define VERSION_IDENTITY_DELETE     1605   /* DELETE …/scim|saml/:uid */
#define VERSION_PROVISIONED_USERS   1408
#define VERSION_ENTERPRISE_USERS    1707
/* group_scim_identity in members responses: merge request !195574, mid-2025;
 * the exact version is UNCONFIRMED (gitlab-api.md §3.2). */
#define VERSION_MEMBER_SCIM         1802

static GQuark
version_quark (void)
{
  return g_quark_from_static_string ("roster-sandbox-rest-gitlab-version");
}

static guint
gitlab_version (RosterSandbox *self)
{
  guint version = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (self), version_quark ()));

  return version ? version : LATEST_VERSION;
}

typedef struct
{
  RosterSandbox     *self;
  RosterWorld       *world;
  SoupServerMessage *msg;
  GHashTable        *query;
  GPtrArray         *pairs;    /* raw query as decoded key, value, key, value… */
  const char        *method;
  RosterWorldToken  *token;
  RosterWorldUser   *caller;
  RosterWorldGroup  *group;
  RosterWorldGroup  *root;
  RosterAccessLevel  access;      /* caller's level in group (inherited) */
  gboolean           root_owner;  /* Owner of the top-level group (or admin) */
} Request;

/* ---- small helpers ----------------------------------------------------- */

/* Without g_string_append_printf (), which allocates a temporary string per
 * call: members pages write several numbers per member. */
static void
append_int (GString *out,
            gint64   value)
{
  char digits[24];
  guint n = 0;
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      digits[n++] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    g_string_append_c (out, '-');
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
append_bool (GString  *out,
             gboolean  value)
{
  g_string_append (out, value ? "true" : "false");
}

/* `"key":` */
static void
append_key (GString    *out,
            const char *key)
{
  g_string_append_c (out, '"');
  g_string_append (out, key);
  g_string_append (out, "\":");
}

static void
append_string_member (GString    *out,
                      const char *key,
                      const char *value)
{
  append_key (out, key);
  _roster_sandbox_json_string (out, value);
}

static gboolean
method_is (Request    *r,
           const char *method)
{
  return strcmp (r->method, method) == 0;
}

static void
not_found (Request *r)
{
  _roster_sandbox_set_message (r->msg, SOUP_STATUS_NOT_FOUND, "404 Not Found");
}

static gboolean
is_blank (const char *value)
{
  if (!value)
    return TRUE;
  for (const char *p = value; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* The query string as decoded pairs, repeated keys kept (soup_form_decode
 * keeps only the last of user_ids[]=1&user_ids[]=2). */
static GPtrArray *
query_pairs (SoupServerMessage *msg)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_auto(GStrv) parts = NULL;

  if (!query)
    return pairs;

  parts = g_strsplit (query, "&", -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *eq;
      char *key, *value;

      if (parts[i][0] == '\0')
        continue;
      g_strdelimit (parts[i], "+", ' ');
      eq = strchr (parts[i], '=');
      if (eq)
        *eq = '\0';
      key = g_uri_unescape_string (parts[i], NULL);
      value = g_uri_unescape_string (eq ? eq + 1 : "", NULL);
      if (!key || !value)
        {
          g_free (key);
          g_free (value);
          continue;
        }
      g_ptr_array_add (pairs, key);
      g_ptr_array_add (pairs, value);
    }
  return pairs;
}

static const char *
param (Request    *r,
       const char *name)
{
  return r->query ? g_hash_table_lookup (r->query, name) : NULL;
}

/* Grape's Boolean: true/false/1/0 (any case). Missing → fallback. */
static gboolean
bool_param (Request    *r,
            const char *name,
            gboolean    fallback,
            gboolean   *out)
{
  const char *value = param (r, name);

  if (!value)
    {
      *out = fallback;
      return TRUE;
    }
  if (g_ascii_strcasecmp (value, "true") == 0 || strcmp (value, "1") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (value, "false") == 0 || strcmp (value, "0") == 0)
    *out = FALSE;
  else
    {
      g_autofree char *error = g_strdup_printf ("%s is invalid", name);

      _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
int_param (Request    *r,
           const char *name,
           gint64      fallback,
           gint64     *out)
{
  const char *value = param (r, name);

  if (!value || *value == '\0')
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, out, NULL))
    {
      g_autofree char *error = g_strdup_printf ("%s is invalid", name);

      _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST, error);
      return FALSE;
    }
  return TRUE;
}

/* Array[Integer] parameter: name[]=1&name[]=2 or name=1,2. NULL when absent;
 * FALSE (400 sent) when a value is not an integer. */
static gboolean
id_list_param (Request     *r,
               const char  *name,
               GArray     **out)
{
  g_autofree char *bracket = g_strdup_printf ("%s[]", name);
  g_autoptr(GArray) ids = NULL;

  for (guint i = 0; i + 1 < r->pairs->len; i += 2)
    {
      const char *key = g_ptr_array_index (r->pairs, i);
      const char *value = g_ptr_array_index (r->pairs, i + 1);
      g_auto(GStrv) items = NULL;

      if (strcmp (key, name) != 0 && strcmp (key, bracket) != 0)
        continue;
      if (!ids)
        ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      items = g_strsplit (value, ",", -1);
      for (guint j = 0; items[j]; j++)
        {
          gint64 id;

          if (!g_ascii_string_to_signed (g_strstrip (items[j]), 10, 0, G_MAXINT64, &id, NULL))
            {
              g_autofree char *error = g_strdup_printf ("%s is invalid", name);

              _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST, error);
              return FALSE;
            }
          g_array_append_val (ids, id);
        }
    }

  *out = g_steal_pointer (&ids);
  return TRUE;
}

/* ---- pagination (gitlab-api.md §3.3) ----------------------------------- */

typedef struct
{
  gint64 page;
  gint64 per_page;
} Paging;

static gboolean
read_paging (Request *r,
             Paging  *paging)
{
  if (!int_param (r, "page", 1, &paging->page) ||
      !int_param (r, "per_page", DEFAULT_PER_PAGE, &paging->per_page))
    return FALSE;
  if (paging->page < 1)
    paging->page = 1;
  /* Kaminari caps at max_per_page; a non-positive size falls back to the default. */
  if (paging->per_page < 1)
    paging->per_page = DEFAULT_PER_PAGE;
  paging->per_page = MIN (paging->per_page, MAX_PER_PAGE);
  return TRUE;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const char * const *pa = a;
  const char * const *pb = b;

  return strcmp (pa[0], pb[0]);
}

/* The absolute URL of this request with page (and per_page) set. Like
 * Rails' to_query, the parameters come out sorted by name. */
static char *
page_url (Request      *r,
          const Paging *paging,
          gint64        page)
{
  GUri *uri = soup_server_message_get_uri (r->msg);
  g_autoptr(GString) url = g_string_new (NULL);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (const char *) * 2);
  g_autofree char *page_text = g_strdup_printf ("%" G_GINT64_FORMAT, page);
  g_autofree char *per_page_text = g_strdup_printf ("%" G_GINT64_FORMAT, paging->per_page);
  const char *entry[2];

  g_string_append_printf (url, "%s://%s:%d%s?", g_uri_get_scheme (uri), g_uri_get_host (uri),
                          g_uri_get_port (uri), g_uri_get_path (uri));

  for (guint i = 0; i + 1 < r->pairs->len; i += 2)
    {
      const char *key = g_ptr_array_index (r->pairs, i);

      if (strcmp (key, "page") == 0 || strcmp (key, "per_page") == 0)
        continue;
      entry[0] = key;
      entry[1] = g_ptr_array_index (r->pairs, i + 1);
      g_array_append_vals (entries, entry, 1);
    }
  entry[0] = "page";
  entry[1] = page_text;
  g_array_append_vals (entries, entry, 1);
  entry[0] = "per_page";
  entry[1] = per_page_text;
  g_array_append_vals (entries, entry, 1);
  g_array_sort (entries, compare_keys);

  for (guint i = 0; i < entries->len; i++)
    {
      const char **e = &g_array_index (entries, const char *, i * 2);
      g_autofree char *key = g_uri_escape_string (e[0], NULL, FALSE);
      g_autofree char *value = g_uri_escape_string (e[1], NULL, FALSE);

      g_string_append_printf (url, "%s%s=%s", i ? "&" : "", key, value);
    }

  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* x-* and link headers for a page of a collection of total records. The
 * first index of the page is returned in *first, the number of records on
 * it in *n (0 when the page is past the end). */
static void
set_pagination_headers (Request      *r,
                        const Paging *paging,
                        guint         total,
                        guint        *first,
                        guint        *n)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);
  gint64 offset = (paging->page - 1) * paging->per_page;
  gint64 total_pages = MAX ((total + paging->per_page - 1) / paging->per_page, 1);
  gboolean counted = total <= MAX_COUNTED;
  gboolean out_of_range = paging->page > total_pages;
  gboolean has_prev = paging->page > 1 && !out_of_range;
  gboolean has_next = !out_of_range && offset + paging->per_page < total;
  g_autoptr(GString) link = g_string_new (NULL);
  char buffer[32];

  *first = (guint) MIN (offset, (gint64) total);
  *n = (guint) MIN ((gint64) total - *first, paging->per_page);

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, paging->per_page);
  soup_message_headers_replace (headers, "x-per-page", buffer);
  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, paging->page);
  soup_message_headers_replace (headers, "x-page", buffer);
  if (has_next)
    g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, paging->page + 1);
  else
    buffer[0] = '\0';
  soup_message_headers_replace (headers, "x-next-page", buffer);
  if (has_prev)
    g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, paging->page - 1);
  else
    buffer[0] = '\0';
  soup_message_headers_replace (headers, "x-prev-page", buffer);
  if (counted)
    {
      g_snprintf (buffer, sizeof buffer, "%u", total);
      soup_message_headers_replace (headers, "x-total", buffer);
      g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, total_pages);
      soup_message_headers_replace (headers, "x-total-pages", buffer);
    }

  if (has_prev)
    {
      g_autofree char *url = page_url (r, paging, paging->page - 1);

      g_string_append_printf (link, "<%s>; rel=\"prev\"", url);
    }
  if (has_next)
    {
      g_autofree char *url = page_url (r, paging, paging->page + 1);

      g_string_append_printf (link, "%s<%s>; rel=\"next\"", link->len ? ", " : "", url);
    }
  {
    g_autofree char *url = page_url (r, paging, 1);

    g_string_append_printf (link, "%s<%s>; rel=\"first\"", link->len ? ", " : "", url);
  }
  if (counted)
    {
      g_autofree char *url = page_url (r, paging, total_pages);

      g_string_append_printf (link, "%s<%s>; rel=\"last\"", link->len ? ", " : "", url);
    }
  soup_message_headers_replace (headers, "link", link->str);
}

/* ---- objects ----------------------------------------------------------- */

/* API::Entities::UserBasic */
static void
write_user_basic_fields (GString         *out,
                         RosterWorldUser *user)
{
  append_key (out, "id");
  append_int (out, user->id);
  g_string_append_c (out, ',');
  append_string_member (out, "username", user->username);
  g_string_append_c (out, ',');
  append_string_member (out, "name", user->name);
  g_string_append_c (out, ',');
  append_string_member (out, "state", user->state);
  g_string_append_c (out, ',');
  append_key (out, "locked");
  append_bool (out, user->locked);
  g_string_append_c (out, ',');
  append_string_member (out, "avatar_url", user->avatar_url);
  g_string_append_c (out, ',');
  append_string_member (out, "web_url", user->web_url);
}

static gboolean
caller_sees_identities (Request *r)
{
  /* read_group_saml_identity: Owner of an SSO-enabled group (admins too). */
  return (r->access >= ROSTER_ACCESS_OWNER || r->caller->admin) && r->root->saml_provider_id != 0;
}

static void
write_member (Request           *r,
              GString           *out,
              RosterWorldMember *member,
              gboolean           show_seat_info)
{
  RosterWorldUser *user = member->user;

  g_string_append_c (out, '{');
  write_user_basic_fields (out, user);
  g_string_append_c (out, ',');
  append_key (out, "access_level");
  append_int (out, member->access_level);
  g_string_append_c (out, ',');
  append_string_member (out, "created_at", member->created_at);
  if (member->created_by)
    {
      g_string_append (out, ",\"created_by\":{");
      write_user_basic_fields (out, member->created_by);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ',');
  append_string_member (out, "expires_at", member->expires_at);

  if (caller_sees_identities (r))
    {
      /* Looked up against the member's source group: null on a subgroup. */
      RosterWorldSamlIdentity *saml = NULL;

      if (member->group->saml_provider_id != 0)
        saml = roster_world_lookup_saml_identity_by_user (r->world, member->group, user);
      g_string_append (out, ",\"group_saml_identity\":");
      if (saml)
        {
          g_string_append (out, "{\"provider\":\"group_saml\",");
          append_string_member (out, "extern_uid", saml->extern_uid);
          g_string_append (out, ",\"saml_provider_id\":");
          append_int (out, member->group->saml_provider_id);
          g_string_append_c (out, '}');
        }
      else
        g_string_append (out, "null");

      if (gitlab_version (r->self) >= VERSION_MEMBER_SCIM)
        {
          RosterWorldScimIdentity *scim =
            roster_world_lookup_scim_identity_by_user (r->world, member->group, user);

          g_string_append (out, ",\"group_scim_identity\":");
          if (scim)
            {
              g_string_append_c (out, '{');
              append_string_member (out, "extern_uid", scim->extern_uid);
              g_string_append (out, ",\"group_id\":");
              append_int (out, scim->group->id);
              g_string_append (out, ",\"active\":");
              append_bool (out, scim->active);
              g_string_append_c (out, '}');
            }
          else
            g_string_append (out, "null");
        }
    }

  /* Admins see every email; Owners of the top-level group see the email of
   * that group's enterprise users. */
  if (r->caller->admin || (r->root_owner && user->enterprise_group_id == r->root->id))
    {
      g_string_append_c (out, ',');
      append_string_member (out, "email", user->email);
    }
  if (show_seat_info)
    {
      g_string_append (out, ",\"is_using_seat\":");
      append_bool (out, !user->bot);
    }
  g_string_append_c (out, ',');
  append_string_member (out, "membership_state",
                        member->membership_state ? member->membership_state : "active");
  g_string_append_c (out, '}');
}

/* One element of a user's identities[]: {provider, extern_uid, saml_provider_id}. */
static void
append_saml_identity (Request          *r,
                      GString          *out,
                      RosterWorldGroup *group,
                      RosterWorldUser  *user,
                      guint            *n_written)
{
  RosterWorldSamlIdentity *saml;

  if (group->saml_provider_id == 0 ||
      !(saml = roster_world_lookup_saml_identity_by_user (r->world, group, user)))
    return;
  g_string_append (out, (*n_written)++ ? ",{" : "{");
  g_string_append (out, "\"provider\":\"group_saml\",");
  append_string_member (out, "extern_uid", saml->extern_uid);
  g_string_append (out, ",\"saml_provider_id\":");
  append_int (out, group->saml_provider_id);
  g_string_append_c (out, '}');
}

/* The user object of GET /user and of the enterprise-users and
 * provisioned-users APIs. */
static void
write_full_user (Request          *r,
                 GString          *out,
                 RosterWorldUser  *user,
                 gboolean          with_scim_identities)
{
  guint n_identities = 0;

  g_string_append_c (out, '{');
  write_user_basic_fields (out, user);
  g_string_append_c (out, ',');
  append_string_member (out, "created_at", user->created_at);
  g_string_append (out, ",\"bio\":\"\",\"location\":null,\"public_email\":\"\",\"skype\":\"\","
                        "\"linkedin\":\"\",\"twitter\":\"\",\"website_url\":\"\","
                        "\"organization\":null,\"job_title\":\"\",\"pronouns\":null,\"bot\":");
  append_bool (out, user->bot);
  g_string_append (out, ",\"work_information\":null,\"followers\":0,\"following\":0,"
                        "\"local_time\":null,");
  append_string_member (out, "last_sign_in_at", user->last_sign_in_at);
  g_string_append_c (out, ',');
  append_string_member (out, "confirmed_at", user->created_at);
  g_string_append_c (out, ',');
  append_string_member (out, "last_activity_on", user->last_activity_on);
  g_string_append_c (out, ',');
  append_string_member (out, "email", user->email);
  g_string_append (out, ",\"theme_id\":1,\"color_scheme_id\":1,\"projects_limit\":100000,");
  append_string_member (out, "current_sign_in_at", user->last_sign_in_at);
  g_string_append (out, ",\"identities\":[");
  /* The SAML identity of the group asked about, or of every group for
   * GET /user. */
  if (r->root)
    append_saml_identity (r, out, r->root, user, &n_identities);
  else
    {
      g_autoptr(GPtrArray) groups = roster_world_list_groups (r->world);

      for (guint i = 0; i < groups->len; i++)
        append_saml_identity (r, out, g_ptr_array_index (groups, i), user, &n_identities);
    }
  g_string_append (out, "],\"can_create_group\":true,\"can_create_project\":true,"
                        "\"two_factor_enabled\":");
  append_bool (out, user->two_factor_enabled);
  g_string_append (out, ",\"external\":false,\"private_profile\":false,");
  append_string_member (out, "commit_email", user->email);
  g_string_append (out, ",\"shared_runners_minutes_limit\":null,"
                        "\"extra_shared_runners_minutes_limit\":null");
  if (with_scim_identities)
    {
      RosterWorldScimIdentity *scim =
        roster_world_lookup_scim_identity_by_user (r->world, r->root, user);

      g_string_append (out, ",\"scim_identities\":[");
      if (scim)
        {
          g_string_append_c (out, '{');
          append_string_member (out, "extern_uid", scim->extern_uid);
          g_string_append (out, ",\"group_id\":");
          append_int (out, scim->group->id);
          g_string_append (out, ",\"active\":");
          append_bool (out, scim->active);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
}

static char *
group_full_name (RosterWorldGroup *group)
{
  if (!group->parent)
    return g_strdup (group->name);
  else
    {
      g_autofree char *parent = group_full_name (group->parent);

      return g_strdup_printf ("%s / %s", parent, group->name);
    }
}

static void
handle_group (Request *r)
{
  GString *out = g_string_new ("{");
  g_autofree char *full_name = group_full_name (r->group);
  gboolean owner = r->access >= ROSTER_ACCESS_OWNER || r->caller->admin;

  append_key (out, "id");
  append_int (out, r->group->id);
  g_string_append_c (out, ',');
  append_string_member (out, "web_url", r->group->web_url);
  g_string_append_c (out, ',');
  append_string_member (out, "name", r->group->name);
  g_string_append_c (out, ',');
  append_string_member (out, "path", r->group->path);
  g_string_append_c (out, ',');
  append_string_member (out, "description", r->group->description ? r->group->description : "");
  g_string_append_c (out, ',');
  append_string_member (out, "visibility",
                        r->group->visibility ? r->group->visibility : "private");
  g_string_append (out, ",\"share_with_group_lock\":false,\"require_two_factor_authentication\":false,"
                        "\"two_factor_grace_period\":48,\"project_creation_level\":\"developer\","
                        "\"auto_devops_enabled\":null,\"subgroup_creation_level\":\"maintainer\","
                        "\"emails_disabled\":false,\"emails_enabled\":true,\"mentions_disabled\":null,"
                        "\"lfs_enabled\":true,\"default_branch_protection\":2,\"avatar_url\":null,"
                        "\"request_access_enabled\":true,");
  append_string_member (out, "full_name", full_name);
  g_string_append_c (out, ',');
  append_string_member (out, "full_path", r->group->full_path);
  g_string_append_c (out, ',');
  append_string_member (out, "created_at", r->group->created_at);
  g_string_append (out, ",\"parent_id\":");
  if (r->group->parent)
    append_int (out, r->group->parent->id);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"shared_runners_setting\":\"enabled\",\"ldap_cn\":null,"
                        "\"ldap_access\":null,\"wiki_access_level\":\"enabled\"");
  if (owner)
    g_string_append (out, ",\"prevent_sharing_groups_outside_hierarchy\":false");
  g_string_append (out, ",\"shared_with_groups\":[],\"projects\":[],\"shared_projects\":[]}");

  _roster_sandbox_set_json_string (r->msg, SOUP_STATUS_OK, ROSTER_SANDBOX_JSON, out);
}

/* ---- members (gitlab-api.md §3.1, §3.2) -------------------------------- */

/* User.search: name or username containing the query, or the exact email
 * (all case-insensitive). */
/* TRUE when haystack contains folded (already case-folded). ASCII text, the
 * common case, is compared without allocating: this runs once per member. */
static gboolean
contains_folded (const char *haystack,
                 const char *folded)
{
  g_autofree char *haystack_folded = NULL;

  if (!haystack)
    return FALSE;
  if (g_str_is_ascii (haystack))
    {
      gsize n = strlen (folded);

      /* a non-ASCII needle cannot occur in ASCII text */
      for (const char *h = haystack; *h; h++)
        if (g_ascii_tolower (*h) == folded[0] && g_ascii_strncasecmp (h, folded, n) == 0)
          return TRUE;
      return n == 0;
    }
  haystack_folded = g_utf8_casefold (haystack, -1);
  return strstr (haystack_folded, folded) != NULL;
}

static gboolean
equals_folded (const char *value,
               const char *folded)
{
  g_autofree char *value_folded = NULL;

  if (!value)
    return FALSE;
  if (g_str_is_ascii (value))
    return g_ascii_strcasecmp (value, folded) == 0;
  value_folded = g_utf8_casefold (value, -1);
  return strcmp (value_folded, folded) == 0;
}

static gboolean
user_matches_search (RosterWorldUser *user,
                     const char      *folded)
{
  return contains_folded (user->name, folded) || contains_folded (user->username, folded) ||
         equals_folded (user->email, folded);
}

static int
compare_members_by_user (gconstpointer a,
                         gconstpointer b)
{
  const RosterWorldMember *ma = *(RosterWorldMember * const *) a;
  const RosterWorldMember *mb = *(RosterWorldMember * const *) b;

  return ma->user->id < mb->user->id ? -1 : ma->user->id > mb->user->id;
}

/* Members of group and its ancestors, one per user with the highest access
 * level (GET …/members/all). For a top-level group: NULL, meaning "the
 * direct members". */
static GPtrArray *
inherited_members (Request *r)
{
  g_autoptr(GHashTable) by_user = NULL;
  GPtrArray *members;

  if (!r->group->parent)
    return NULL;

  by_user = g_hash_table_new (g_int64_hash, g_int64_equal);
  members = g_ptr_array_new ();
  for (RosterWorldGroup *group = r->group; group; group = group->parent)
    {
      guint n = roster_world_group_get_n_members (r->world, group);

      for (guint i = 0; i < n; i++)
        {
          RosterWorldMember *member = roster_world_group_get_member (r->world, group, i);
          RosterWorldMember *seen = g_hash_table_lookup (by_user, &member->user->id);

          if (!seen)
            {
              g_hash_table_insert (by_user, &member->user->id, member);
              g_ptr_array_add (members, member);
            }
          else if (member->access_level > seen->access_level)
            {
              g_hash_table_insert (by_user, &member->user->id, member);
              for (guint j = 0; j < members->len; j++)
                if (g_ptr_array_index (members, j) == seen)
                  g_ptr_array_index (members, j) = member;
            }
        }
    }
  g_ptr_array_sort (members, compare_members_by_user);
  return members;
}

static RosterWorldMember *
find_member (Request *r,
             gboolean all,
             gint64   user_id)
{
  RosterWorldUser *user = roster_world_lookup_user (r->world, user_id);
  RosterWorldMember *best = NULL;

  if (!user)
    return NULL;
  for (RosterWorldGroup *group = r->group; group; group = all ? group->parent : NULL)
    {
      RosterWorldMember *member = roster_world_lookup_member (r->world, group, user);

      if (member && (!best || member->access_level > best->access_level))
        best = member;
    }
  return best;
}

static void
handle_member (Request    *r,
               gboolean    all,
               const char *user_id_text)
{
  RosterWorldMember *member;
  gint64 user_id;
  gboolean show_seat_info;
  GString *out;

  if (!g_ascii_string_to_signed (user_id_text, 10, 0, G_MAXINT64, &user_id, NULL))
    {
      _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST, "user_id is invalid");
      return;
    }
  if (!bool_param (r, "show_seat_info", FALSE, &show_seat_info))
    return;

  if (!(member = find_member (r, all, user_id)))
    {
      /* members.find_by! raises RecordNotFound, which GitLab's API renders
       * as {"message":"404 Not found"}, lower-case f (rescue_from in
       * lib/api/api.rb). */
      _roster_sandbox_set_message (r->msg, SOUP_STATUS_NOT_FOUND, "404 Not found");
      return;
    }

  out = g_string_new (NULL);
  write_member (r, out, member, show_seat_info);
  _roster_sandbox_set_json_string (r->msg, SOUP_STATUS_OK, ROSTER_SANDBOX_JSON, out);
}

static void
handle_members (Request  *r,
                gboolean  all)
{
  g_autoptr(GArray) user_ids = NULL;
  g_autoptr(GArray) skip_users = NULL;
  g_autoptr(GPtrArray) inherited = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GHashTable) skip = NULL;
  g_autofree char *folded_query = NULL;
  const char *query_text = param (r, "query");
  const char *state = all ? param (r, "state") : NULL;
  gboolean show_seat_info, with_saml_identity;
  Paging paging;
  guint total, first, n;
  GString *out;

  if (!bool_param (r, "show_seat_info", FALSE, &show_seat_info) ||
      !bool_param (r, "with_saml_identity", FALSE, &with_saml_identity) ||
      !id_list_param (r, "user_ids", &user_ids) ||
      !id_list_param (r, "skip_users", &skip_users) ||
      !read_paging (r, &paging))
    return;
  if (state && strcmp (state, "awaiting") != 0 && strcmp (state, "active") != 0)
    {
      _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST,
                                 "state does not have a valid value");
      return;
    }
  /* Only callers who may see SAML identities can filter on them. */
  with_saml_identity = with_saml_identity && caller_sees_identities (r);
  if (query_text && *query_text)
    folded_query = g_utf8_casefold (query_text, -1);

  if (all)
    inherited = inherited_members (r);

  if (user_ids)
    {
      /* Indexed: one lookup per requested id. */
      g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

      matches = g_ptr_array_new ();
      for (guint i = 0; i < user_ids->len; i++)
        {
          gint64 *id = &g_array_index (user_ids, gint64, i);
          RosterWorldMember *member;

          if (g_hash_table_contains (seen, id))
            continue;
          g_hash_table_add (seen, id);
          if ((member = find_member (r, all, *id)))
            g_ptr_array_add (matches, member);
        }
      g_ptr_array_sort (matches, compare_members_by_user);
    }

  if (skip_users)
    {
      skip = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < skip_users->len; i++)
        g_hash_table_add (skip, &g_array_index (skip_users, gint64, i));
    }

  if (matches || skip || folded_query || state || with_saml_identity)
    {
      /* Filtered: scan the candidates. */
      g_autoptr(GPtrArray) filtered = g_ptr_array_new ();
      guint n_candidates;

      if (matches)
        n_candidates = matches->len;
      else if (inherited)
        n_candidates = inherited->len;
      else
        n_candidates = roster_world_group_get_n_members (r->world, r->group);

      for (guint i = 0; i < n_candidates; i++)
        {
          RosterWorldMember *member;

          if (matches)
            member = g_ptr_array_index (matches, i);
          else if (inherited)
            member = g_ptr_array_index (inherited, i);
          else
            member = roster_world_group_get_member (r->world, r->group, i);

          if (skip && g_hash_table_contains (skip, &member->user->id))
            continue;
          if (state && g_strcmp0 (member->membership_state ? member->membership_state : "active",
                                  state) != 0)
            continue;
          if (with_saml_identity &&
              (member->group->saml_provider_id == 0 ||
               !roster_world_lookup_saml_identity_by_user (r->world, member->group, member->user)))
            continue;
          if (folded_query && !user_matches_search (member->user, folded_query))
            continue;
          g_ptr_array_add (filtered, member);
        }
      g_clear_pointer (&matches, g_ptr_array_unref);
      matches = g_steal_pointer (&filtered);
    }

  if (matches)
    total = matches->len;
  else if (inherited)
    total = inherited->len;
  else
    total = roster_world_group_get_n_members (r->world, r->group);

  set_pagination_headers (r, &paging, total, &first, &n);

  out = g_string_sized_new (64 + n * 700);
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      RosterWorldMember *member;

      if (matches)
        member = g_ptr_array_index (matches, first + i);
      else if (inherited)
        member = g_ptr_array_index (inherited, first + i);
      else
        member = roster_world_group_get_member (r->world, r->group, first + i);

      if (i)
        g_string_append_c (out, ',');
      write_member (r, out, member, show_seat_info);
    }
  g_string_append_c (out, ']');
  _roster_sandbox_set_json_string (r->msg, SOUP_STATUS_OK, ROSTER_SANDBOX_JSON, out);
}

/* ---- identities (gitlab-api.md §2) ------------------------------------- */

static gboolean
require_owner (Request *r)
{
  if (r->access >= ROSTER_ACCESS_OWNER || r->caller->admin)
    return TRUE;
  _roster_sandbox_set_message (r->msg, SOUP_STATUS_FORBIDDEN, "403 Forbidden");
  return FALSE;
}

static void
write_scim_identity (GString                 *out,
                     RosterWorldScimIdentity *identity)
{
  g_string_append_c (out, '{');
  append_string_member (out, "extern_uid", identity->extern_uid);
  g_string_append (out, ",\"user_id\":");
  append_int (out, identity->user->id);
  g_string_append (out, ",\"active\":");
  append_bool (out, identity->active);
  g_string_append_c (out, '}');
}

static void
write_saml_identity (GString                 *out,
                     RosterWorldSamlIdentity *identity)
{
  g_string_append_c (out, '{');
  append_string_member (out, "extern_uid", identity->extern_uid);
  g_string_append (out, ",\"user_id\":");
  append_int (out, identity->user->id);
  g_string_append_c (out, '}');
}

/* Not paginated: the whole collection in one body, written once. */
static void
handle_identity_list (Request  *r,
                      gboolean  scim)
{
  guint n;
  GString *out;

  if (!require_owner (r))
    return;

  if (scim)
    {
      n = roster_world_group_get_n_scim_identities (r->world, r->group);
      out = g_string_sized_new (16 + n * 80);
      g_string_append_c (out, '[');
      for (guint i = 0; i < n; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          write_scim_identity (out, roster_world_group_get_scim_identity (r->world, r->group, i));
        }
    }
  else
    {
      if (r->group->saml_provider_id == 0)
        {
          _roster_sandbox_set_message (r->msg, SOUP_STATUS_BAD_REQUEST, "400 Bad request");
          return;
        }
      n = roster_world_group_get_n_saml_identities (r->world, r->group);
      out = g_string_sized_new (16 + n * 64);
      g_string_append_c (out, '[');
      for (guint i = 0; i < n; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          write_saml_identity (out, roster_world_group_get_saml_identity (r->world, r->group, i));
        }
    }
  g_string_append_c (out, ']');
  _roster_sandbox_set_json_string (r->msg, SOUP_STATUS_OK, ROSTER_SANDBOX_JSON, out);
}

/* PATCH's extern_uid (Grape: requires :extern_uid, type: String). Sends the
 * 400 and returns FALSE when it is missing or not a string-like value. */
static gboolean
read_extern_uid (Request  *r,
                 char    **out)
{
  gboolean invalid_json = FALSE;
  g_autoptr(JsonObject) params = _roster_sandbox_read_params (r->msg, r->query, &invalid_json);
  JsonNode *node;

  if (invalid_json)
    {
      /* Grape::Exceptions::InvalidMessageBody (text UNCONFIRMED). */
      _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST,
                                 "message body does not match declared format");
      return FALSE;
    }
  node = json_object_get_member (params, "extern_uid");
  if (!node)
    {
      _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST, "extern_uid is missing");
      return FALSE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_strdup ("");
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST, "extern_uid is invalid");
      return FALSE;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      *out = g_strdup (json_node_get_string (node));
      break;
    case G_TYPE_INT64:
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      *out = g_strdup_printf ("%g", json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      *out = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      break;
    default:
      _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST, "extern_uid is invalid");
      return FALSE;
    }
  return TRUE;
}

/* GitLab's model validation messages, joined as render_validation_error!
 * does. The "taken" text is UNCONFIRMED (gitlab-api.md §7): it is Rails'
 * uniqueness message for the extern_uid attribute. */
#define SCIM_BLANK_MESSAGE  "Extern uid can't be blank"
#define SAML_BLANK_MESSAGE  "SAML NameID is missing from your SAML response. Please contact your administrator"
#define TAKEN_MESSAGE       "Extern uid has already been taken"

static void
handle_identity (Request    *r,
                 gboolean    scim,
                 const char *uid)
{
  RosterWorldScimIdentity *scim_identity = NULL;
  RosterWorldSamlIdentity *saml_identity = NULL;
  g_autofree char *extern_uid = NULL;
  g_autoptr(GError) error = NULL;
  guint version = gitlab_version (r->self);
  gboolean ok;
  GString *out;

  if ((method_is (r, SOUP_METHOD_GET) && version < VERSION_IDENTITY_GET) ||
      (method_is (r, SOUP_METHOD_DELETE) && version < VERSION_IDENTITY_DELETE))
    {
      not_found (r);
      return;
    }
  if (!method_is (r, SOUP_METHOD_GET) && !method_is (r, "PATCH") && !method_is (r, SOUP_METHOD_DELETE))
    {
      not_found (r);
      return;
    }
  /* ProviderIdentity checks the Owner role in a before block, so before
   * Grape validates the parameters; the identity is looked up after both. */
  if (!require_owner (r))
    return;
  if (method_is (r, "PATCH") && !read_extern_uid (r, &extern_uid))
    return;

  if (scim)
    scim_identity = roster_world_lookup_scim_identity (r->world, r->group, uid);
  else if (r->group->saml_provider_id != 0)
    saml_identity = roster_world_lookup_saml_identity (r->world, r->group, uid);
  if (!scim_identity && !saml_identity)
    {
      _roster_sandbox_set_message (r->msg, SOUP_STATUS_NOT_FOUND, "404 Identity Not Found");
      return;
    }

  if (method_is (r, SOUP_METHOD_DELETE))
    {
      if (scim_identity)
        roster_world_remove_scim_identity (r->world, scim_identity);
      else
        roster_world_remove_saml_identity (r->world, saml_identity);
      _roster_sandbox_set_empty (r->msg, SOUP_STATUS_NO_CONTENT);
      return;
    }

  if (method_is (r, "PATCH"))
    {
      if (is_blank (extern_uid))
        {
          _roster_sandbox_set_message (r->msg, SOUP_STATUS_BAD_REQUEST,
                                       scim ? SCIM_BLANK_MESSAGE : SAML_BLANK_MESSAGE);
          return;
        }
      if (scim_identity)
        ok = roster_world_set_scim_extern_uid (r->world, scim_identity, extern_uid, &error);
      else
        ok = roster_world_set_saml_extern_uid (r->world, saml_identity, extern_uid, &error);
      if (!ok)
        {
          const char *message = TAKEN_MESSAGE;

          if (!g_error_matches (error, ROSTER_WORLD_ERROR, ROSTER_WORLD_ERROR_TAKEN))
            message = scim ? SCIM_BLANK_MESSAGE : SAML_BLANK_MESSAGE;
          _roster_sandbox_set_message (r->msg, SOUP_STATUS_BAD_REQUEST, message);
          return;
        }
    }

  out = g_string_new (NULL);
  if (scim_identity)
    write_scim_identity (out, scim_identity);
  else
    write_saml_identity (out, saml_identity);
  _roster_sandbox_set_json_string (r->msg, SOUP_STATUS_OK, ROSTER_SANDBOX_JSON, out);
}

/* ---- enterprise and provisioned users (gitlab-api.md §3.4) -------------- */

typedef struct
{
  const char *username;
  char       *search;          /* case-folded */
  gboolean    active;
  gboolean    blocked;
  GDateTime  *created_after;
  GDateTime  *created_before;
  int         two_factor;      /* -1 any, 0 disabled, 1 enabled */
} UserFilter;

static void
user_filter_clear (UserFilter *filter)
{
  g_clear_pointer (&filter->search, g_free);
  g_clear_pointer (&filter->created_after, g_date_time_unref);
  g_clear_pointer (&filter->created_before, g_date_time_unref);
}

static gboolean
date_param (Request     *r,
            const char  *name,
            GDateTime  **out)
{
  const char *value = param (r, name);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (!value || *value == '\0')
    return TRUE;
  *out = g_date_time_new_from_iso8601 (value, utc);
  if (!*out)
    {
      /* a plain date */
      g_autofree char *midnight = g_strdup_printf ("%sT00:00:00", value);

      *out = g_date_time_new_from_iso8601 (midnight, utc);
    }
  if (!*out)
    {
      g_autofree char *error = g_strdup_printf ("%s is invalid", name);

      _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_user_filter (Request    *r,
                  gboolean    with_two_factor,
                  UserFilter *filter)
{
  const char *search = param (r, "search");
  const char *two_factor = with_two_factor ? param (r, "two_factor") : NULL;

  filter->username = param (r, "username");
  if (filter->username && *filter->username == '\0')
    filter->username = NULL;
  if (search && *search)
    filter->search = g_utf8_casefold (search, -1);
  filter->two_factor = -1;
  if (two_factor)
    {
      if (strcmp (two_factor, "enabled") == 0)
        filter->two_factor = 1;
      else if (strcmp (two_factor, "disabled") == 0)
        filter->two_factor = 0;
      else
        {
          _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST,
                                     "two_factor does not have a valid value");
          return FALSE;
        }
    }
  return bool_param (r, "active", FALSE, &filter->active) &&
         bool_param (r, "blocked", FALSE, &filter->blocked) &&
         date_param (r, "created_after", &filter->created_after) &&
         date_param (r, "created_before", &filter->created_before);
}

static gboolean
user_filter_is_empty (const UserFilter *filter)
{
  return !filter->username && !filter->search && !filter->active && !filter->blocked &&
         !filter->created_after && !filter->created_before && filter->two_factor < 0;
}

static gboolean
user_filter_match (const UserFilter *filter,
                   RosterWorldUser  *user)
{
  if (filter->username && g_ascii_strcasecmp (filter->username, user->username) != 0)
    return FALSE;
  if (filter->search && !user_matches_search (user, filter->search))
    return FALSE;
  if (filter->active && g_strcmp0 (user->state, "active") != 0)
    return FALSE;
  if (filter->blocked && g_strcmp0 (user->state, "blocked") != 0)
    return FALSE;
  if (filter->two_factor >= 0 && !!user->two_factor_enabled != filter->two_factor)
    return FALSE;
  if (filter->created_after || filter->created_before)
    {
      g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (user->created_at, NULL);

      if (!created)
        return FALSE;
      if (filter->created_after && g_date_time_compare (created, filter->created_after) < 0)
        return FALSE;
      if (filter->created_before && g_date_time_compare (created, filter->created_before) > 0)
        return FALSE;
    }
  return TRUE;
}

typedef guint             (*CountUsersFunc) (RosterWorld      *world,
                                             RosterWorldGroup *group);
typedef RosterWorldUser * (*GetUserFunc)    (RosterWorld      *world,
                                             RosterWorldGroup *group,
                                             guint             position);

static void
handle_user_list (Request        *r,
                  gboolean        enterprise,
                  CountUsersFunc  count_users,
                  GetUserFunc     get_user)
{
  UserFilter filter = { 0 };
  g_autoptr(GPtrArray) matches = NULL;
  Paging paging;
  guint total, first, n;
  GString *out;

  if (!read_user_filter (r, enterprise, &filter) || !read_paging (r, &paging))
    {
      user_filter_clear (&filter);
      return;
    }

  total = count_users (r->world, r->group);
  if (!user_filter_is_empty (&filter))
    {
      guint n_users = total;

      matches = g_ptr_array_new ();
      for (guint i = 0; i < n_users; i++)
        {
          RosterWorldUser *user = get_user (r->world, r->group, i);

          if (user_filter_match (&filter, user))
            g_ptr_array_add (matches, user);
        }
      total = matches->len;
    }
  user_filter_clear (&filter);

  set_pagination_headers (r, &paging, total, &first, &n);
  out = g_string_sized_new (64 + n * 1400);
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      RosterWorldUser *user = matches ? g_ptr_array_index (matches, first + i)
                                      : get_user (r->world, r->group, first + i);

      if (i)
        g_string_append_c (out, ',');
      write_full_user (r, out, user, enterprise);
    }
  g_string_append_c (out, ']');
  _roster_sandbox_set_json_string (r->msg, SOUP_STATUS_OK, ROSTER_SANDBOX_JSON, out);
}

static void
handle_enterprise_users (Request    *r,
                         const char *user_id_text)
{
  /* Top-level groups only (gitlab-api.md §3.4); GitLab's bad_request!
   * wording, the reason text is UNCONFIRMED. */
  if (r->group->parent)
    {
      _roster_sandbox_set_message (r->msg, SOUP_STATUS_BAD_REQUEST,
                                   "400 Bad request - Must be a top-level group");
      return;
    }
  if (!require_owner (r))
    return;

  if (user_id_text)
    {
      RosterWorldUser *user = NULL;
      gint64 user_id;
      GString *out;

      if (!g_ascii_string_to_signed (user_id_text, 10, 0, G_MAXINT64, &user_id, NULL))
        {
          _roster_sandbox_set_error (r->msg, SOUP_STATUS_BAD_REQUEST, "user_id is invalid");
          return;
        }
      user = roster_world_lookup_user (r->world, user_id);
      if (!user || user->enterprise_group_id != r->group->id)
        {
          _roster_sandbox_set_message (r->msg, SOUP_STATUS_NOT_FOUND, "404 User Not Found");
          return;
        }
      out = g_string_new (NULL);
      write_full_user (r, out, user, TRUE);
      _roster_sandbox_set_json_string (r->msg, SOUP_STATUS_OK, ROSTER_SANDBOX_JSON, out);
      return;
    }

  handle_user_list (r, TRUE, roster_world_group_get_n_enterprise_users,
                    roster_world_group_get_enterprise_user);
}

static void
handle_provisioned_users (Request *r)
{
  if (r->access < ROSTER_ACCESS_MAINTAINER && !r->caller->admin)
    {
      _roster_sandbox_set_message (r->msg, SOUP_STATUS_FORBIDDEN, "403 Forbidden");
      return;
    }
  handle_user_list (r, FALSE, roster_world_group_get_n_provisioned_users,
                    roster_world_group_get_provisioned_user);
}

/* ---- dispatch ---------------------------------------------------------- */

static void
insufficient_scope (Request *r)
{
  static const char description[] =
    "The request requires higher privileges than provided by the access token.";
  g_autofree char *challenge = g_strdup_printf (
    "Bearer realm=\"Protected by OAuth 2.0\", error=\"insufficient_scope\", "
    "error_description=\"%s\", scope=\"api\"", description);
  GString *out = g_string_new ("{\"error\":\"insufficient_scope\",\"error_description\":");

  _roster_sandbox_json_string (out, description);
  g_string_append (out, ",\"scope\":\"api\"}");
  soup_message_headers_replace (soup_server_message_get_response_headers (r->msg),
                                "WWW-Authenticate", challenge);
  _roster_sandbox_set_json_string (r->msg, SOUP_STATUS_FORBIDDEN, ROSTER_SANDBOX_JSON, out);
}

static gboolean
is_read_method (Request *r)
{
  return method_is (r, SOUP_METHOD_GET) || method_is (r, SOUP_METHOD_HEAD);
}

/* GET /user: the token's user; is_admin only for administrators. */
static void
handle_user (Request *r)
{
  GString *out = g_string_new (NULL);

  write_full_user (r, out, r->caller, FALSE);
  if (r->caller->admin)
    {
      g_string_truncate (out, out->len - 1);
      g_string_append (out, ",\"is_admin\":true}");
    }
  _roster_sandbox_set_json_string (r->msg, SOUP_STATUS_OK, ROSTER_SANDBOX_JSON, out);
}

/* GET /personal_access_tokens/self (15.5+): the token itself. The world
 * keeps no token ids or dates: ids are positions, created_at the user's. */
static void
handle_token_self (Request *r)
{
  g_autoptr(GPtrArray) tokens = roster_world_list_tokens (r->world);
  g_autofree char *now = roster_world_now_iso8601 ();
  GString *out = g_string_new ("{\"id\":");
  guint position = 0;

  for (guint i = 0; i < tokens->len; i++)
    if (g_ptr_array_index (tokens, i) == r->token)
      position = i;
  append_int (out, position + 1);
  g_string_append_c (out, ',');
  append_string_member (out, "name", r->token->name);
  g_string_append (out, ",\"revoked\":false,");
  append_string_member (out, "created_at", r->caller->created_at);
  g_string_append (out, ",\"description\":\"\",\"scopes\":[");
  if (r->token->scopes & ROSTER_SCOPE_API)
    g_string_append (out, "\"api\"");
  if (r->token->scopes & ROSTER_SCOPE_READ_API)
    g_string_append (out, r->token->scopes & ROSTER_SCOPE_API ? ",\"read_api\"" : "\"read_api\"");
  g_string_append (out, "],\"user_id\":");
  append_int (out, r->caller->id);
  g_string_append_c (out, ',');
  append_string_member (out, "last_used_at", now);
  g_string_append (out, ",\"active\":true,\"expires_at\":null}");
  _roster_sandbox_set_json_string (r->msg, SOUP_STATUS_OK, ROSTER_SANDBOX_JSON, out);
}

static void
route_group (Request            *r,
             const char * const *rest)
{
  guint version = gitlab_version (r->self);
  guint n = g_strv_length ((char **) rest);

  /* GET /groups/:id */
  if (n == 0)
    {
      if (is_read_method (r))
        handle_group (r);
      else
        not_found (r);
      return;
    }

  if (strcmp (rest[0], "members") == 0)
    {
      if (!is_read_method (r))
        not_found (r);
      else if (n == 1)
        handle_members (r, FALSE);
      else if (n == 2 && strcmp (rest[1], "all") == 0)
        handle_members (r, TRUE);
      else if (n == 2)
        handle_member (r, FALSE, rest[1]);
      else if (n == 3 && strcmp (rest[1], "all") == 0)
        handle_member (r, TRUE, rest[2]);
      else
        not_found (r);
      return;
    }

  if ((strcmp (rest[0], "saml") == 0 || strcmp (rest[0], "scim") == 0) && n >= 2
      && version >= VERSION_SCIM_SAML_LISTS)
    {
      gboolean scim = rest[0][1] == 'c';
      /* An extern_uid with an encoded "/" arrives split (libsoup 3.2 decodes
       * the path): the uid is the rest of the path. */
      g_autofree char *uid = g_strjoinv ("/", (char **) rest + 1);

      if (n == 2 && strcmp (rest[1], "identities") == 0 && is_read_method (r))
        handle_identity_list (r, scim);
      else
        handle_identity (r, scim, uid);
      return;
    }

  if (strcmp (rest[0], "enterprise_users") == 0 && (n == 1 || n == 2)
      && version >= VERSION_ENTERPRISE_USERS && is_read_method (r))
    {
      handle_enterprise_users (r, n == 2 ? rest[1] : NULL);
      return;
    }

  if (strcmp (rest[0], "provisioned_users") == 0 && n == 1
      && version >= VERSION_PROVISIONED_USERS && is_read_method (r))
    {
      handle_provisioned_users (r);
      return;
    }

  not_found (r);
}

static void
rest_handler (RosterSandbox      *self,
              SoupServerMessage  *msg,
              const char * const *segments,
              GHashTable         *query,
              gpointer            user_data)
{
  g_autoptr(GPtrArray) pairs = query_pairs (msg);
  guint n_group_segments;
  Request r = {
    .self = self,
    .world = _roster_sandbox_get_world (self),
    .msg = msg,
    .query = query,
    .pairs = pairs,
    .method = soup_server_message_get_method (msg),
  };

  gboolean user_route = segments[0] && strcmp (segments[0], "user") == 0 && !segments[1];
  gboolean token_route = segments[0] && strcmp (segments[0], "personal_access_tokens") == 0 &&
                         g_strcmp0 (segments[1], "self") == 0 && !segments[2];

  /* /user, /personal_access_tokens/self and /groups/:id/… are served;
   * GitLab's catch-all answers the rest, without authentication. */
  if (!user_route && !token_route &&
      (!segments[0] || strcmp (segments[0], "groups") != 0 || !segments[1]))
    {
      not_found (&r);
      return;
    }

  r.token = _roster_sandbox_authenticate (self, msg, query);
  if (!r.token)
    {
      _roster_sandbox_set_message (msg, SOUP_STATUS_UNAUTHORIZED, "401 Unauthorized");
      return;
    }
  if (!_roster_sandbox_token_allows (r.token, r.method))
    {
      insufficient_scope (&r);
      return;
    }
  r.caller = r.token->user;

  if (user_route || token_route)
    {
      if (!is_read_method (&r))
        not_found (&r);
      else if (user_route)
        handle_user (&r);
      else
        handle_token_self (&r);
      return;
    }

  /* libsoup 3.2 hands handlers a decoded path, so "acme-corp%2Fplatform"
   * arrives as two segments. Take the longest run of segments that names a
   * group (GitLab itself would not route an unencoded slash; a subgroup
   * named like a route, e.g. "members", would shadow that route here). */
  n_group_segments = 1;
  {
    guint n = g_strv_length ((char **) segments);
    g_autoptr(GString) id = g_string_new (segments[1]);
    g_autoptr(GPtrArray) prefixes = g_ptr_array_new_with_free_func (g_free);

    g_ptr_array_add (prefixes, g_strdup (id->str));
    for (guint k = 2; k < n; k++)
      {
        g_string_append_printf (id, "/%s", segments[k]);
        g_ptr_array_add (prefixes, g_strdup (id->str));
      }
    for (guint k = prefixes->len; k >= 1 && !r.group; k--)
      if ((r.group = roster_world_find_group (r.world, g_ptr_array_index (prefixes, k - 1))))
        n_group_segments = k;
  }
  if (r.group)
    {
      r.access = roster_world_get_access_level (r.world, r.group, r.caller);
      r.root = roster_world_group_get_root (r.group);
      r.root_owner = r.caller->admin ||
                     roster_world_get_access_level (r.world, r.root, r.caller) >= ROSTER_ACCESS_OWNER;
    }
  /* Private groups are invisible to non-members (GitLab answers 404). */
  if (!r.group ||
      (r.access == ROSTER_ACCESS_NONE && !r.caller->admin &&
       g_strcmp0 (r.group->visibility, "public") != 0 &&
       g_strcmp0 (r.group->visibility, "internal") != 0))
    {
      _roster_sandbox_set_message (msg, SOUP_STATUS_NOT_FOUND, "404 Group Not Found");
      return;
    }

  route_group (&r, segments + 1 + n_group_segments);
}

void
_roster_sandbox_rest_install (RosterSandbox *self,
                              SoupServer    *server)
{
  g_return_if_fail (ROSTER_IS_SANDBOX (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  _roster_sandbox_add_handler (self, server, "/api/v4", rest_handler, NULL);
}

void
roster_sandbox_set_gitlab_version (RosterSandbox *self,
                                   guint          major,
                                   guint          minor)
{
  g_return_if_fail (ROSTER_IS_SANDBOX (self));
  g_return_if_fail (minor < 100);

  g_object_set_qdata (G_OBJECT (self), version_quark (), GUINT_TO_POINTER (major * 100 + minor));
}
