/* roster-sandbox.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-sandbox"

#include "config.h"

#include <string.h>
#include <time.h>

#include "roster-sandbox-rfc.h"
#include "roster-sandbox-private.h"
#include "roster-sandbox-worlds.h"

typedef struct
{
  RosterSandbox        *self;            /* borrowed: entries die with the sandbox */
  char                 *prefix;
  guint                 n_prefix_segments;
  RosterSandboxHandler  handler;
  gpointer              user_data;
} HandlerEntry;

typedef struct
{
  RosterSandbox     *self;
  HandlerEntry      *entry;
  SoupServerMessage *msg;                /* owned */
  GHashTable        *query;              /* owned, may be NULL */
  guint              source_id;
  gulong             finished_id;
  gulong             disconnected_id;
} DelayedRequest;

struct _RosterSandbox
{
  GObject                   parent_instance;

  RosterWorld              *world;
  SoupServer               *server;
  GPtrArray                *handlers;    /* HandlerEntry */
  GList                    *delayed;     /* DelayedRequest */
  guint                     port;
  char                     *url;

  /* Faults */
  guint                     latency_ms;
  guint                     rate_limit;  /* requests per minute, 0 = unlimited */
  gint64                    window_start;  /* monotonic µs */
  gint64                    window_start_unix;
  guint                     window_count;
  double                    fail_rate;
  GRand                    *fail_rand;

  RosterSandboxRequestHook  hook;
  gpointer                  hook_data;
  GDestroyNotify            hook_destroy;
  guint64                   request_count;
  guint64                   handled_count;  /* requests that reached a handler */
  gint64                    handler_time;   /* CPU µs spent in handlers, in all */
  gint64                    handler_max;

  /* The identity of the default world, for the getters. */
  char                     *group_path;
  gint64                    group_id;
  char                     *scim_token;
  char                     *api_token;

  /* The "scim" flavor: a generic RFC 7644 service provider instead of GitLab. */
  RosterSandboxRfc         *rfc;
  char                     *scim_url;
};

G_DEFINE_FINAL_TYPE (RosterSandbox, roster_sandbox, G_TYPE_OBJECT)

#define RATE_WINDOW_SECONDS 60

static void
handler_entry_free (gpointer data)
{
  HandlerEntry *entry = data;

  g_free (entry->prefix);
  g_free (entry);
}

static void
delayed_request_free (DelayedRequest *delayed)
{
  g_clear_handle_id (&delayed->source_id, g_source_remove);
  g_clear_signal_handler (&delayed->finished_id, delayed->msg);
  g_clear_signal_handler (&delayed->disconnected_id, delayed->msg);
  g_clear_pointer (&delayed->query, g_hash_table_unref);
  g_clear_object (&delayed->msg);
  g_free (delayed);
}

/* JSON writing */

void
_roster_sandbox_json_string (GString    *out,
                             const char *value)
{
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) value; *p;)
    {
      const guchar *run = p;

      /* Copy runs of plain characters at once. */
      while (*p >= 0x20 && *p != '"' && *p != '\\')
        p++;
      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);
      if (*p == '\0')
        break;

      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:   g_string_append_printf (out, "\\u%04x", *p); break;
        }
      p++;
    }
  g_string_append_c (out, '"');
}

/* Responses */

void
_roster_sandbox_set_body (SoupServerMessage *msg,
                          guint              status,
                          const char        *content_type,
                          const char        *body,
                          gssize             length)
{
  if (length < 0)
    length = body ? strlen (body) : 0;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, length);
}

void
_roster_sandbox_set_json_string (SoupServerMessage *msg,
                                 guint              status,
                                 const char        *content_type,
                                 GString           *json)
{
  gsize length = json->len;
  char *body = g_string_free (json, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, length);
}

void
_roster_sandbox_set_json_node (SoupServerMessage *msg,
                               guint              status,
                               const char        *content_type,
                               JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *body;

  json_generator_set_root (generator, node);
  body = json_generator_to_data (generator, &length);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, length);
}

static void
set_single_key (SoupServerMessage *msg,
                guint              status,
                const char        *key,
                const char        *value)
{
  GString *json = g_string_new ("{");

  _roster_sandbox_json_string (json, key);
  g_string_append_c (json, ':');
  _roster_sandbox_json_string (json, value);
  g_string_append_c (json, '}');
  _roster_sandbox_set_json_string (msg, status, ROSTER_SANDBOX_JSON, json);
}

void
_roster_sandbox_set_message (SoupServerMessage *msg,
                             guint              status,
                             const char        *message)
{
  set_single_key (msg, status, "message", message);
}

void
_roster_sandbox_set_error (SoupServerMessage *msg,
                           guint              status,
                           const char        *error)
{
  set_single_key (msg, status, "error", error);
}

void
_roster_sandbox_set_empty (SoupServerMessage *msg,
                           guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

/* Requests */

const char *
_roster_sandbox_get_bearer (SoupServerMessage *msg,
                            GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *value;

  if (authorization && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    {
      authorization += 7;
      while (*authorization == ' ')
        authorization++;
      return authorization;
    }

  if (query)
    {
      if ((value = g_hash_table_lookup (query, "access_token")))
        return value;
      if ((value = g_hash_table_lookup (query, "bearer_token")))
        return value;
    }

  return NULL;
}

RosterWorldToken *
_roster_sandbox_authenticate (RosterSandbox     *self,
                              SoupServerMessage *msg,
                              GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *token = soup_message_headers_get_one (headers, "PRIVATE-TOKEN");

  if (token == NULL && query)
    token = g_hash_table_lookup (query, "private_token");
  if (token == NULL)
    token = _roster_sandbox_get_bearer (msg, query);

  return roster_world_lookup_token (self->world, token);
}

gboolean
_roster_sandbox_token_allows (RosterWorldToken *token,
                              const char       *method)
{
  if (token == NULL)
    return FALSE;
  if (token->scopes & ROSTER_SCOPE_API)
    return TRUE;
  if (token->scopes & ROSTER_SCOPE_READ_API)
    return strcmp (method, SOUP_METHOD_GET) == 0 || strcmp (method, SOUP_METHOD_HEAD) == 0;
  return FALSE;
}

gboolean
_roster_sandbox_check_scim_token (RosterSandbox     *self,
                                  SoupServerMessage *msg,
                                  GHashTable        *query,
                                  RosterWorldGroup  *group)
{
  const char *token = _roster_sandbox_get_bearer (msg, query);

  return token != NULL && roster_world_lookup_scim_token (self->world, token) == group;
}

static gboolean
content_type_is_json (const char *content_type)
{
  return content_type != NULL &&
         (g_ascii_strcasecmp (content_type, "application/json") == 0 ||
          g_ascii_strcasecmp (content_type, "application/scim+json") == 0 ||
          g_str_has_suffix (content_type, "+json"));
}

JsonObject *
_roster_sandbox_read_params (SoupServerMessage *msg,
                             GHashTable        *query,
                             gboolean          *invalid_json)
{
  JsonObject *params = json_object_new ();
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  const char *raw_query;
  GHashTableIter iter;
  gpointer key, value;

  if (invalid_json)
    *invalid_json = FALSE;

  /* The query in its order (the GHashTable of libsoup has none), decoded
   * like a form: "+" is a space. */
  if (query && (raw_query = g_uri_get_query (soup_server_message_get_uri (msg))))
    {
      g_auto(GStrv) pairs = g_strsplit (raw_query, "&", -1);

      for (guint i = 0; pairs[i]; i++)
        {
          char *equal = strchr (pairs[i], '=');
          g_autofree char *name = NULL;
          g_autofree char *text = NULL;

          if (pairs[i][0] == '\0')
            continue;
          if (equal)
            *equal = '\0';
          g_strdelimit (pairs[i], "+", ' ');
          if (equal)
            g_strdelimit (equal + 1, "+", ' ');
          name = g_uri_unescape_string (pairs[i], NULL);
          text = equal ? g_uri_unescape_string (equal + 1, NULL) : g_strdup ("");
          if (name && text)
            json_object_set_string_member (params, name, text);
        }
    }

  if (body && body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      gsize length = 0;
      const char *data = g_bytes_get_data (bytes, &length);
      gboolean looks_json = length > 0 && (data[0] == '{' || data[0] == '[');

      if (content_type_is_json (content_type) || (content_type == NULL && looks_json))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonNode *root;

          if (!json_parser_load_from_data (parser, data, length, NULL) ||
              (root = json_parser_get_root (parser)) == NULL ||
              !JSON_NODE_HOLDS_OBJECT (root))
            {
              if (invalid_json)
                *invalid_json = TRUE;
            }
          else
            {
              JsonObject *object = json_node_get_object (root);
              JsonObjectIter member_iter;
              const char *name;
              JsonNode *node;

              json_object_iter_init_ordered (&member_iter, object);
              while (json_object_iter_next_ordered (&member_iter, &name, &node))
                json_object_set_member (params, name, json_node_copy (node));
            }
        }
      else if (content_type == NULL ||
               g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0)
        {
          g_autofree char *text = g_strndup (data, length);
          g_autoptr(GHashTable) form = soup_form_decode (text);

          g_hash_table_iter_init (&iter, form);
          while (g_hash_table_iter_next (&iter, &key, &value))
            json_object_set_string_member (params, key, value);
        }
    }

  return params;
}

/* Faults and dispatch */

static const char *
rate_limit_name (RosterSandbox     *self,
                 SoupServerMessage *msg)
{
  /* SCIM tokens are not user tokens: GitLab throttles SCIM calls as
   * unauthenticated traffic (gitlab-api.md §5). */
  if (_roster_sandbox_authenticate (self, msg, NULL) != NULL)
    return "throttle_authenticated_api";
  return "throttle_unauthenticated_api";
}

static void
add_rate_limit_headers (RosterSandbox     *self,
                        SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *limit = g_strdup_printf ("%u", self->rate_limit);
  g_autofree char *observed = g_strdup_printf ("%u", self->window_count);
  g_autofree char *remaining = g_strdup_printf ("%u", self->window_count >= self->rate_limit ?
                                                      0 : self->rate_limit - self->window_count);
  g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            self->window_start_unix + RATE_WINDOW_SECONDS);

  soup_message_headers_replace (headers, "RateLimit-Limit", limit);
  soup_message_headers_replace (headers, "RateLimit-Name", rate_limit_name (self, msg));
  soup_message_headers_replace (headers, "RateLimit-Observed", observed);
  soup_message_headers_replace (headers, "RateLimit-Remaining", remaining);
  soup_message_headers_replace (headers, "RateLimit-Reset", reset);
}

/* Counts the request in the current window; TRUE when it is over the limit. */
static gboolean
rate_limit_exceeded (RosterSandbox *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->rate_limit == 0)
    return FALSE;

  if (self->window_count == 0 || now - self->window_start >= RATE_WINDOW_SECONDS * G_USEC_PER_SEC)
    {
      self->window_start = now;
      self->window_start_unix = g_get_real_time () / G_USEC_PER_SEC;
      self->window_count = 0;
    }

  self->window_count++;
  return self->window_count > self->rate_limit;
}

static void
answer_rate_limited (RosterSandbox     *self,
                     SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gint64 elapsed = (g_get_monotonic_time () - self->window_start) / G_USEC_PER_SEC;
  gint64 retry_after = MAX (1, RATE_WINDOW_SECONDS - elapsed);
  g_autoptr(GDateTime) reset_time = g_date_time_new_from_unix_utc (self->window_start_unix +
                                                                    RATE_WINDOW_SECONDS);
  g_autofree char *reset_string = soup_date_time_to_string (reset_time, SOUP_DATE_HTTP);
  g_autofree char *retry_string = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after);

  /* Rack::Attack's throttled response: plain text, default body. */
  _roster_sandbox_set_body (msg, 429, "text/plain", "Retry later\n", -1);
  add_rate_limit_headers (self, msg);
  soup_message_headers_replace (headers, "Retry-After", retry_string);
  soup_message_headers_replace (headers, "RateLimit-ResetTime", reset_string);
}

static gboolean
inject_failure (RosterSandbox     *self,
                SoupServerMessage *msg)
{
  static const char bad_gateway[] =
    "<!DOCTYPE html>\n<html>\n<head><title>GitLab is not responding (502)</title></head>\n"
    "<body><h1>502</h1><h3>GitLab is not responding.</h3></body>\n</html>\n";
  static const char unavailable[] =
    "<!DOCTYPE html>\n<html>\n<head><title>The server is temporarily unavailable (503)</title>"
    "</head>\n<body><h1>503</h1><h3>The server is temporarily unavailable.</h3></body>\n</html>\n";

  if (self->fail_rate <= 0.0 || g_rand_double (self->fail_rand) >= self->fail_rate)
    return FALSE;

  if (g_rand_boolean (self->fail_rand))
    _roster_sandbox_set_body (msg, SOUP_STATUS_BAD_GATEWAY, "text/html", bad_gateway, -1);
  else
    _roster_sandbox_set_body (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/html", unavailable, -1);
  return TRUE;
}

/* CPU time of this thread in µs: handler statistics stay meaningful on a
 * loaded machine, where wall time mostly measures the scheduler. */
static gint64
thread_cpu_time (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return g_get_monotonic_time ();
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
run_handler (RosterSandbox     *self,
             HandlerEntry      *entry,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = g_uri_get_path (uri);
  /* libsoup 3.2 hands over the path already percent-decoded (even though
   * the GUri claims G_URI_FLAGS_ENCODED_PATH), so "%2F" and "/" look the
   * same and nothing may be decoded a second time. */
  g_auto(GStrv) raw = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  gint64 start, elapsed;

  if (self->hook)
    self->hook (self, soup_server_message_get_method (msg), path, self->hook_data);

  /* raw[0] is the empty string before the leading '/'. */
  for (guint i = 1 + entry->n_prefix_segments; raw[i] != NULL; i++)
    g_ptr_array_add (segments, g_strdup (raw[i]));
  /* "/Users/" has a trailing empty segment: Grape ignores trailing slashes. */
  if (segments->len > 0 && *(char *) g_ptr_array_index (segments, segments->len - 1) == '\0')
    g_ptr_array_remove_index (segments, segments->len - 1);
  g_ptr_array_add (segments, NULL);

  start = thread_cpu_time ();
  entry->handler (self, msg, (const char * const *) segments->pdata, query, entry->user_data);
  elapsed = thread_cpu_time () - start;
  self->handled_count++;
  self->handler_time += elapsed;
  self->handler_max = MAX (self->handler_max, elapsed);

  if (self->rate_limit > 0)
    add_rate_limit_headers (self, msg);
}

static void
delayed_cancel_cb (SoupServerMessage *msg,
                   gpointer           user_data)
{
  DelayedRequest *delayed = user_data;
  RosterSandbox *self = delayed->self;

  self->delayed = g_list_remove (self->delayed, delayed);
  delayed_request_free (delayed);
}

static gboolean
delayed_timeout_cb (gpointer user_data)
{
  DelayedRequest *delayed = user_data;
  RosterSandbox *self = delayed->self;
  g_autoptr(SoupServerMessage) msg = g_object_ref (delayed->msg);

  delayed->source_id = 0;
  self->delayed = g_list_remove (self->delayed, delayed);
  g_clear_signal_handler (&delayed->finished_id, delayed->msg);
  g_clear_signal_handler (&delayed->disconnected_id, delayed->msg);

  run_handler (self, delayed->entry, msg, delayed->query);
  soup_server_message_unpause (msg);

  delayed_request_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  HandlerEntry *entry = user_data;
  RosterSandbox *self = entry->self;

  self->request_count++;

  if (rate_limit_exceeded (self))
    {
      answer_rate_limited (self, msg);
      return;
    }

  if (inject_failure (self, msg))
    {
      if (self->rate_limit > 0)
        add_rate_limit_headers (self, msg);
      return;
    }

  if (self->latency_ms > 0)
    {
      DelayedRequest *delayed = g_new0 (DelayedRequest, 1);

      delayed->self = self;
      delayed->entry = entry;
      delayed->msg = g_object_ref (msg);
      delayed->query = query ? g_hash_table_ref (query) : NULL;
      delayed->source_id = g_timeout_add (self->latency_ms, delayed_timeout_cb, delayed);
      delayed->finished_id = g_signal_connect (msg, "finished",
                                               G_CALLBACK (delayed_cancel_cb), delayed);
      delayed->disconnected_id = g_signal_connect (msg, "disconnected",
                                                   G_CALLBACK (delayed_cancel_cb), delayed);
      self->delayed = g_list_prepend (self->delayed, delayed);
      soup_server_message_pause (msg);
      return;
    }

  run_handler (self, entry, msg, query);
}

void
_roster_sandbox_add_handler (RosterSandbox        *self,
                             SoupServer           *server,
                             const char           *prefix,
                             RosterSandboxHandler  handler,
                             gpointer              user_data)
{
  HandlerEntry *entry;
  g_auto(GStrv) parts = NULL;

  g_return_if_fail (ROSTER_IS_SANDBOX (self));
  g_return_if_fail (SOUP_IS_SERVER (server));
  g_return_if_fail (prefix != NULL && prefix[0] == '/');

  entry = g_new0 (HandlerEntry, 1);
  entry->self = self;
  entry->prefix = g_strdup (prefix);
  entry->handler = handler;
  entry->user_data = user_data;

  parts = g_strsplit (prefix, "/", -1);
  for (guint i = 1; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      entry->n_prefix_segments++;

  g_ptr_array_add (self->handlers, entry);
  soup_server_add_handler (server, strcmp (prefix, "/") == 0 ? NULL : prefix,
                           server_cb, entry, NULL);
}

/* Anything no part of the sandbox routes. GitLab answers unknown API routes
 * with its plain JSON error, other paths with an HTML page. */
static void
fallback_handler (RosterSandbox      *self,
                  SoupServerMessage  *msg,
                  const char * const *segments,
                  GHashTable         *query,
                  gpointer            user_data)
{
  if (segments[0] != NULL && strcmp (segments[0], "api") == 0)
    _roster_sandbox_set_message (msg, SOUP_STATUS_NOT_FOUND, "404 Not Found");
  else if (segments[0] != NULL && strcmp (segments[0], "users") == 0 &&
           g_strcmp0 (segments[1], "sign_in") == 0 && segments[2] == NULL)
    /* Where unroutable SCIM URLs are redirected (roster-sandbox-scim.c). */
    _roster_sandbox_set_body (msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
                              "<!DOCTYPE html>\n<html><head><title>Sign in \xc2\xb7 GitLab</title></head>"
                              "<body><h1>GitLab</h1><form action=\"/users/sign_in\" method=\"post\">"
                              "<input name=\"user[login]\"><input name=\"user[password]\" type=\"password\">"
                              "</form></body></html>\n", -1);
  else
    _roster_sandbox_set_body (msg, SOUP_STATUS_NOT_FOUND, "text/html; charset=utf-8",
                              "<!DOCTYPE html>\n<html><head><title>Not Found (404)</title></head>"
                              "<body><h1>404</h1><p>Page Not Found</p></body></html>\n", -1);
}

/* The "scim" flavor: the RFC 7644 service provider behind the same fault
 * layer as GitLab's endpoints. */
static void
rfc_handler (RosterSandbox      *self,
             SoupServerMessage  *msg,
             const char * const *segments,
             GHashTable         *query,
             gpointer            user_data)
{
  roster_sandbox_rfc_handle_message (self->rfc, msg, query);
}

void
_roster_sandbox_get_handler_stats (RosterSandbox *self,
                                   guint64       *n_handled,
                                   gint64        *total_us,
                                   gint64        *max_us)
{
  g_return_if_fail (ROSTER_IS_SANDBOX (self));

  *n_handled = self->handled_count;
  *total_us = self->handler_time;
  *max_us = self->handler_max;
}

void
_roster_sandbox_reset_handler_stats (RosterSandbox *self)
{
  g_return_if_fail (ROSTER_IS_SANDBOX (self));

  self->handled_count = 0;
  self->handler_time = 0;
  self->handler_max = 0;
}

RosterWorld *
_roster_sandbox_get_world (RosterSandbox *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), NULL);

  return self->world;
}

/* GObject */

static void
roster_sandbox_dispose (GObject *object)
{
  RosterSandbox *self = (RosterSandbox *) object;

  roster_sandbox_stop (self);
  if (self->hook_destroy)
    g_clear_pointer (&self->hook_data, self->hook_destroy);
  self->hook = NULL;

  G_OBJECT_CLASS (roster_sandbox_parent_class)->dispose (object);
}

static void
roster_sandbox_finalize (GObject *object)
{
  RosterSandbox *self = (RosterSandbox *) object;

  g_clear_pointer (&self->handlers, g_ptr_array_unref);
  g_clear_pointer (&self->world, roster_world_free);
  g_clear_pointer (&self->fail_rand, g_rand_free);
  g_free (self->url);
  g_free (self->group_path);
  g_free (self->scim_token);
  g_free (self->api_token);
  g_clear_object (&self->rfc);
  g_free (self->scim_url);

  G_OBJECT_CLASS (roster_sandbox_parent_class)->finalize (object);
}

static void
roster_sandbox_class_init (RosterSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_sandbox_dispose;
  object_class->finalize = roster_sandbox_finalize;
}

static void
roster_sandbox_init (RosterSandbox *self)
{
  self->handlers = g_ptr_array_new_with_free_func (handler_entry_free);
  self->fail_rand = g_rand_new ();
}

/* Public API */

RosterSandbox *
_roster_sandbox_new_for_world (RosterWorld *world)
{
  RosterSandbox *self;
  RosterWorldGroup *group;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  g_return_val_if_fail (world != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_SANDBOX, NULL);
  self->world = world;

  /* The main group is the first group of the world; the default API token
   * its first token held by an Owner of that group with the api scope. */
  groups = roster_world_list_groups (world);
  group = groups->len > 0 ? g_ptr_array_index (groups, 0) : NULL;
  if (group)
    {
      self->group_path = g_strdup (group->full_path);
      self->group_id = group->id;
      self->scim_token = g_strdup (group->scim_token);
    }

  tokens = roster_world_list_tokens (world);
  for (guint i = 0; i < tokens->len && group; i++)
    {
      RosterWorldToken *token = g_ptr_array_index (tokens, i);

      if ((token->scopes & ROSTER_SCOPE_API) &&
          roster_world_get_access_level (world, group, token->user) == ROSTER_ACCESS_OWNER)
        {
          self->api_token = g_strdup (token->token);
          break;
        }
    }

  return self;
}

/**
 * roster_sandbox_new:
 * @world: which built-in world to serve
 *
 * Returns: (transfer full): a sandbox with the built-in @world and the
 *   default names and tokens (group acme-corp, id 4242, see WORLD.md).
 */
RosterSandbox *
roster_sandbox_new (RosterSandboxWorld world)
{
  return _roster_sandbox_new_for_world (_roster_world_new_builtin (world, NULL));
}

RosterSandbox *
roster_sandbox_new_from_file (const char  *path,
                              GError     **error)
{
  RosterWorld *world;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(world = _roster_world_load_file (path, NULL, error)))
    return NULL;
  return _roster_sandbox_new_for_world (world);
}

RosterSandbox *
roster_sandbox_new_generated (guint   n_users,
                              guint64 seed,
                              double  mismatch_rate)
{
  return _roster_sandbox_new_for_world (_roster_world_new_generated (n_users, seed,
                                                                      mismatch_rate, NULL));
}

/**
 * roster_sandbox_new_rfc:
 *
 * Returns: (transfer full): the "scim" flavor: a generic RFC 7644 SCIM
 *   service provider (not GitLab) with about 50 deterministic users,
 *   served under roster_sandbox_get_scim_url () with the bearer token
 *   roster_sandbox_get_scim_token (). It has no group and no REST API.
 */
RosterSandbox *
roster_sandbox_new_rfc (void)
{
  RosterSandbox *self = _roster_sandbox_new_for_world (roster_world_new ());

  self->rfc = roster_sandbox_rfc_new ();
  return self;
}

RosterSandboxRfc *
_roster_sandbox_get_rfc (RosterSandbox *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), NULL);

  return self->rfc;
}

void
roster_sandbox_set_latency_ms (RosterSandbox *self,
                               guint          latency_ms)
{
  g_return_if_fail (ROSTER_IS_SANDBOX (self));

  self->latency_ms = latency_ms;
}

void
roster_sandbox_set_rate_limit (RosterSandbox *self,
                               guint          per_minute)
{
  g_return_if_fail (ROSTER_IS_SANDBOX (self));

  self->rate_limit = per_minute;
  self->window_count = 0;
}

void
roster_sandbox_set_fail_rate (RosterSandbox *self,
                              double         rate)
{
  g_return_if_fail (ROSTER_IS_SANDBOX (self));

  self->fail_rate = CLAMP (rate, 0.0, 1.0);
}

void
roster_sandbox_set_fail_seed (RosterSandbox *self,
                              guint32        seed)
{
  g_return_if_fail (ROSTER_IS_SANDBOX (self));

  g_rand_set_seed (self->fail_rand, seed);
}

void
roster_sandbox_set_request_hook (RosterSandbox            *self,
                                 RosterSandboxRequestHook  hook,
                                 gpointer                  user_data,
                                 GDestroyNotify            destroy)
{
  g_return_if_fail (ROSTER_IS_SANDBOX (self));

  if (self->hook_destroy && self->hook_data)
    self->hook_destroy (self->hook_data);
  self->hook = hook;
  self->hook_data = user_data;
  self->hook_destroy = destroy;
}

guint64
roster_sandbox_get_request_count (RosterSandbox *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), 0);

  return self->request_count;
}

gboolean
roster_sandbox_listen (RosterSandbox    *self,
                       guint             port,
                       GTlsCertificate  *certificate,
                       GError          **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSList *listeners;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (!certificate || G_IS_TLS_CERTIFICATE (certificate), FALSE);

  server = soup_server_new ("server-header", "roster-sandbox ",
                            "tls-certificate", certificate,
                            NULL);

  _roster_sandbox_add_handler (self, server, "/", fallback_handler, NULL);
  if (self->rfc)
    _roster_sandbox_add_handler (self, server, ROSTER_SANDBOX_RFC_BASE_PATH, rfc_handler, NULL);
  else
    {
      _roster_sandbox_scim_install (self, server);
      _roster_sandbox_rest_install (self, server);
    }

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (server, address, certificate ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_ptr_array_set_size (self->handlers, 0);
      return FALSE;
    }

  listeners = soup_server_get_listeners (server);
  if (listeners)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (local)
        self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);

  g_free (self->url);
  self->url = g_strdup_printf ("%s://127.0.0.1:%u", certificate ? "https" : "http", self->port);
  g_clear_pointer (&self->scim_url, g_free);
  self->server = g_steal_pointer (&server);

  g_debug ("listening on %s", self->url);
  return TRUE;
}

void
roster_sandbox_stop (RosterSandbox *self)
{
  g_return_if_fail (ROSTER_IS_SANDBOX (self));

  while (self->delayed)
    {
      DelayedRequest *delayed = self->delayed->data;

      self->delayed = g_list_delete_link (self->delayed, self->delayed);
      delayed_request_free (delayed);
    }

  if (self->server)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  if (self->handlers)
    g_ptr_array_set_size (self->handlers, 0);
  self->port = 0;
  g_clear_pointer (&self->url, g_free);
}

guint
roster_sandbox_get_port (RosterSandbox *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), 0);

  return self->port;
}

const char *
roster_sandbox_get_url (RosterSandbox *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), NULL);

  return self->url;
}

const char *
roster_sandbox_get_group_path (RosterSandbox *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), NULL);

  return self->group_path;
}

gint64
roster_sandbox_get_group_id (RosterSandbox *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), 0);

  return self->group_id;
}

const char *
roster_sandbox_get_scim_token (RosterSandbox *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), NULL);

  if (self->rfc)
    return roster_sandbox_rfc_get_token (self->rfc);
  return self->scim_token;
}

const char *
roster_sandbox_get_api_token (RosterSandbox *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), NULL);

  return self->api_token;
}

/* World mutations */

GQuark
roster_sandbox_error_quark (void)
{
  G_STATIC_ASSERT ((int) ROSTER_SANDBOX_ERROR_INVALID == (int) ROSTER_WORLD_ERROR_INVALID);
  G_STATIC_ASSERT ((int) ROSTER_SANDBOX_ERROR_TAKEN == (int) ROSTER_WORLD_ERROR_TAKEN);
  G_STATIC_ASSERT ((int) ROSTER_SANDBOX_ERROR_NOT_FOUND == (int) ROSTER_WORLD_ERROR_NOT_FOUND);
  G_STATIC_ASSERT ((int) ROSTER_SANDBOX_ERROR_LAST_OWNER == (int) ROSTER_WORLD_ERROR_LAST_OWNER);

  return roster_world_error_quark ();
}

static RosterWorldGroup *
main_group (RosterSandbox *self)
{
  return roster_world_lookup_group (self->world, self->group_id);
}

static RosterWorldUser *
find_user (RosterSandbox  *self,
           gint64          user_id,
           GError        **error)
{
  RosterWorldUser *user;

  /* The "scim" flavor has no group to act on. */
  if (main_group (self) == NULL)
    {
      g_set_error (error, ROSTER_SANDBOX_ERROR, ROSTER_SANDBOX_ERROR_NOT_FOUND,
                   "This sandbox has no GitLab group");
      return NULL;
    }

  user = roster_world_lookup_user (self->world, user_id);
  if (user == NULL)
    g_set_error (error, ROSTER_SANDBOX_ERROR, ROSTER_SANDBOX_ERROR_NOT_FOUND,
                 "No user %" G_GINT64_FORMAT, user_id);
  return user;
}

static RosterWorldScimIdentity *
find_scim (RosterSandbox  *self,
           gint64          user_id,
           GError        **error)
{
  RosterWorldUser *user = find_user (self, user_id, error);
  RosterWorldScimIdentity *identity;

  if (user == NULL)
    return NULL;
  identity = roster_world_lookup_scim_identity_by_user (self->world, main_group (self), user);
  if (identity == NULL)
    g_set_error (error, ROSTER_SANDBOX_ERROR, ROSTER_SANDBOX_ERROR_NOT_FOUND,
                 "User %" G_GINT64_FORMAT " has no SCIM identity", user_id);
  return identity;
}

gint64
roster_sandbox_add_user (RosterSandbox  *self,
                         const char     *username,
                         const char     *name,
                         const char     *email,
                         GError        **error)
{
  RosterWorldUser *user;
  const char *space;
  g_autofree char *first = NULL;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), 0);

  if (main_group (self) == NULL)
    {
      g_set_error (error, ROSTER_SANDBOX_ERROR, ROSTER_SANDBOX_ERROR_NOT_FOUND,
                   "This sandbox has no GitLab group");
      return 0;
    }
  if (!(user = roster_world_add_user (self->world, 0, username, name, email, error)))
    return 0;
  space = strchr (name, ' ');
  first = space ? g_strndup (name, space - name) : g_strdup (name);
  roster_world_user_set_names (self->world, user, first, space ? space + 1 : "");
  return user->id;
}

gboolean
roster_sandbox_add_member (RosterSandbox  *self,
                           gint64          user_id,
                           guint           access_level,
                           GError        **error)
{
  RosterWorldUser *user;
  g_autofree char *text = NULL;
  RosterAccessLevel level;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), FALSE);

  text = g_strdup_printf ("%u", access_level);
  if (!roster_access_level_from_string (text, &level) || level == ROSTER_ACCESS_NONE)
    {
      g_set_error (error, ROSTER_SANDBOX_ERROR, ROSTER_SANDBOX_ERROR_INVALID,
                   "Access level %u is not a GitLab role", access_level);
      return FALSE;
    }
  if (!(user = find_user (self, user_id, error)))
    return FALSE;
  return roster_world_add_member (self->world, main_group (self), user, level, NULL, error) != NULL;
}

gboolean
roster_sandbox_remove_member (RosterSandbox  *self,
                              gint64          user_id,
                              GError        **error)
{
  RosterWorldUser *user;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), FALSE);

  if (!(user = find_user (self, user_id, error)))
    return FALSE;
  return roster_world_remove_member (self->world, main_group (self), user, FALSE, error);
}

gboolean
roster_sandbox_set_scim_identity (RosterSandbox  *self,
                                  gint64          user_id,
                                  const char     *extern_uid,
                                  gboolean        active,
                                  GError        **error)
{
  RosterWorldUser *user;
  RosterWorldScimIdentity *identity;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), FALSE);

  if (!(user = find_user (self, user_id, error)))
    return FALSE;
  identity = roster_world_lookup_scim_identity_by_user (self->world, main_group (self), user);
  if (identity == NULL)
    return roster_world_add_scim_identity (self->world, main_group (self), user, extern_uid,
                                           active, error) != NULL;
  if (!roster_world_set_scim_extern_uid (self->world, identity, extern_uid, error))
    return FALSE;
  roster_world_set_scim_active (self->world, identity, active);
  return TRUE;
}

gboolean
roster_sandbox_set_saml_identity (RosterSandbox  *self,
                                  gint64          user_id,
                                  const char     *extern_uid,
                                  GError        **error)
{
  RosterWorldUser *user;
  RosterWorldSamlIdentity *identity;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), FALSE);

  if (!(user = find_user (self, user_id, error)))
    return FALSE;
  identity = roster_world_lookup_saml_identity_by_user (self->world, main_group (self), user);
  if (identity == NULL)
    return roster_world_add_saml_identity (self->world, main_group (self), user, extern_uid,
                                           error) != NULL;
  return roster_world_set_saml_extern_uid (self->world, identity, extern_uid, error);
}

gboolean
roster_sandbox_remove_scim_identity (RosterSandbox  *self,
                                     gint64          user_id,
                                     GError        **error)
{
  RosterWorldScimIdentity *identity;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), FALSE);

  if (!(identity = find_scim (self, user_id, error)))
    return FALSE;
  roster_world_remove_scim_identity (self->world, identity);
  return TRUE;
}

gboolean
roster_sandbox_remove_saml_identity (RosterSandbox  *self,
                                     gint64          user_id,
                                     GError        **error)
{
  RosterWorldUser *user;
  RosterWorldSamlIdentity *identity;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), FALSE);

  if (!(user = find_user (self, user_id, error)))
    return FALSE;
  identity = roster_world_lookup_saml_identity_by_user (self->world, main_group (self), user);
  if (identity == NULL)
    {
      g_set_error (error, ROSTER_SANDBOX_ERROR, ROSTER_SANDBOX_ERROR_NOT_FOUND,
                   "User %" G_GINT64_FORMAT " has no SAML identity", user_id);
      return FALSE;
    }
  roster_world_remove_saml_identity (self->world, identity);
  return TRUE;
}

gboolean
roster_sandbox_deprovision (RosterSandbox  *self,
                            gint64          user_id,
                            GError        **error)
{
  RosterWorldScimIdentity *identity;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), FALSE);

  if (!(identity = find_scim (self, user_id, error)))
    return FALSE;
  return roster_world_deprovision (self->world, identity, error);
}

gboolean
roster_sandbox_reprovision (RosterSandbox  *self,
                            gint64          user_id,
                            GError        **error)
{
  RosterWorldScimIdentity *identity;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), FALSE);

  if (!(identity = find_scim (self, user_id, error)))
    return FALSE;
  return roster_world_reprovision (self->world, identity, error);
}

const char *
roster_sandbox_get_scim_extern_uid (RosterSandbox *self,
                                    gint64         user_id)
{
  RosterWorldUser *user;
  RosterWorldScimIdentity *identity;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), NULL);

  if (main_group (self) == NULL || !(user = roster_world_lookup_user (self->world, user_id)))
    return NULL;
  identity = roster_world_lookup_scim_identity_by_user (self->world, main_group (self), user);
  return identity ? identity->extern_uid : NULL;
}

const char *
roster_sandbox_get_saml_extern_uid (RosterSandbox *self,
                                    gint64         user_id)
{
  RosterWorldUser *user;
  RosterWorldSamlIdentity *identity;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), NULL);

  if (main_group (self) == NULL || !(user = roster_world_lookup_user (self->world, user_id)))
    return NULL;
  identity = roster_world_lookup_saml_identity_by_user (self->world, main_group (self), user);
  return identity ? identity->extern_uid : NULL;
}

guint
roster_sandbox_get_access_level (RosterSandbox *self,
                                 gint64         user_id)
{
  RosterWorldUser *user;
  RosterWorldMember *member;

  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), 0);

  if (main_group (self) == NULL || !(user = roster_world_lookup_user (self->world, user_id)))
    return 0;
  member = roster_world_lookup_member (self->world, main_group (self), user);
  return member ? member->access_level : 0;
}

const char *
roster_sandbox_get_scim_url (RosterSandbox *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX (self), NULL);
  g_return_val_if_fail (self->url != NULL, NULL);

  if (self->scim_url == NULL && self->rfc)
    self->scim_url = g_strconcat (self->url, ROSTER_SANDBOX_RFC_BASE_PATH, NULL);
  else if (self->scim_url == NULL && self->group_path)
    self->scim_url = g_strdup_printf ("%s/api/scim/v2/groups/%s", self->url, self->group_path);
  return self->scim_url;
}
