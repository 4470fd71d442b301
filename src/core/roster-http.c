/* roster-http.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-error.h"
#include "roster-http.h"
#include "roster-json-private.h"

/* How RosterHttp works, in short:
 *
 * - One SoupSession per RosterHttp (= per account). Each call of
 *   roster_http_request_async() is an "operation". Operations wait in a FIFO
 *   queue until fewer than max_concurrent are active; an active operation
 *   keeps its slot through its retries, redirects and body parsing.
 * - Each HTTP exchange of an operation (first try, retries, redirect hops) is
 *   one "attempt" and one record in the request log.
 * - Retries: only GET and HEAD, on 429/502/503/504 and on connection resets
 *   (connection closed, broken pipe, reset before or while reading the body).
 *   The delay is Retry-After when given (seconds or HTTP date), else
 *   exponential backoff (base · 2^(n-1)) with jitter (×0.5…1.0). The number of
 *   attempts and the total time slept are capped; when the next wait would
 *   break a cap, the last response (e.g. the 429) is returned as it is.
 *   POST, PATCH, PUT and DELETE are never retried by RosterHttp, and they
 *   go out on a new connection (SOUP_MESSAGE_NEW_CONNECTION), so that libsoup
 *   cannot re-send them either after finding a kept-alive connection closed.
 * - Bodies are read up to max_body_size, and checked against Content-Length
 *   (truncation). A body declared JSON (application/json, *+json) is checked
 *   (UTF-8, nesting depth) and parsed: inline up to 16 KiB, else in a worker
 *   thread. A 2xx body that fails is ROSTER_ERROR_PROTOCOL; an error page
 *   that fails is still returned as a response, without a tree.
 * - A response with RateLimit-Remaining: 0 and RateLimit-Reset (Unix time, or
 *   seconds when small) and a 429/503 with Retry-After pause the whole
 *   session: no new attempt starts before the reset (bounded by the wait cap).
 * - Redirects are followed by hand (SOUP_MESSAGE_NO_REDIRECT), at most
 *   ROSTER_HTTP_MAX_REDIRECTS, and only to the same origin (scheme, host and
 *   port): 307/308 for every method (the request is repeated as is), 301, 302
 *   and 303 for GET and HEAD. Any other 3xx is returned as a response.
 * - Threads: a RosterHttp is used from the thread that created it; its
 *   callbacks and timers run in that thread's default main context.
 * - Cancellation: the operation finishes with ROSTER_ERROR_CANCELLED (never
 *   G_IO_ERROR_CANCELLED), whether it was queued, waiting to retry, in flight
 *   or parsing. Callers should ignore that error silently.
 */

struct _RosterHttpRequest
{
  gatomicrefcount     ref_count;
  char               *method;
  char               *path;
  GString            *query;
  RosterTokenKind     token_kind;
  SoupMessageHeaders *headers;
  JsonNode           *json_body;
  char               *content_type;
  GString            *form;
  gboolean            raw_json;
};

struct _RosterHttpResponse
{
  gatomicrefcount     ref_count;
  guint               status;
  guint               attempts;
  char               *method;
  char               *url;
  char               *content_type;
  char               *server_message;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
};

typedef enum
{
  OP_QUEUED,
  OP_ACTIVE,
  OP_WAITING,
  OP_PARSING,
  OP_DONE,
} OpState;

typedef struct
{
  RosterHttp         *self;          /* borrowed: the task holds a reference */
  GTask              *task;          /* borrowed: owned by whoever runs the op */
  GCancellable       *cancellable;
  RosterHttpRequest  *request;
  OpState             state;
  char               *method;
  GUri               *uri;
  GBytes             *body;
  char               *content_type;
  JsonNode           *json_body;
  guint               attempt;       /* exchanges so far */
  guint               retries;
  guint               redirects;
  gint64              waited_us;
  gint64              attempt_start_us;
  GDateTime          *attempt_time;
  SoupMessage        *msg;
  GInputStream       *stream;
  GByteArray         *buffer;
  GTlsCertificateFlags tls_errors;
  guint               timer_id;
  GSource            *cancel_source;
  RosterHttpResponse *response;      /* last completed exchange */
} Operation;

struct _RosterHttp
{
  GObject           parent_instance;

  SoupSession      *session;
  GUri             *base_uri;
  char             *base_url;        /* without a trailing slash */
  RosterRequestLog *log;
  char             *tokens[3];       /* indexed by RosterTokenKind */

  GQueue            queue;           /* Operation, waiting for a slot */
  guint             active;
  guint             max_concurrent;
  guint             max_attempts;
  guint             base_delay_ms;
  guint             max_wait_ms;
  gsize             max_body_size;
  gsize             parse_thread_threshold;
  gint64            paused_until_us; /* monotonic; 0 when not paused */
  guint             dispatch_id;
  GMainContext     *context;         /* where callbacks and timers run */
};

G_DEFINE_FINAL_TYPE (RosterHttp, roster_http, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (RosterHttpRequest, roster_http_request,
                     roster_http_request_ref, roster_http_request_unref)
G_DEFINE_BOXED_TYPE (RosterHttpResponse, roster_http_response,
                     roster_http_response_ref, roster_http_response_unref)

/* Bodies larger than this are parsed in a worker thread. */
#define PARSE_THREAD_THRESHOLD (16 * 1024)
#define READ_CHUNK             (64 * 1024)
#define MAX_SINGLE_DELAY_MS    (30 * 1000)
/* Servers that we allow to keep their slots: soup must not be the bound. */
#define MAX_CONNS_PER_HOST     16

static void dispatch (RosterHttp *self);
static void start_attempt (Operation *op);

/* Timers run in the main context that created the RosterHttp (g_timeout_add()
 * and g_source_remove() would use the global default one). */
static guint
add_timeout (RosterHttp  *self,
             guint        interval_ms,
             GSourceFunc  function,
             gpointer     data)
{
  GSource *source = g_timeout_source_new (interval_ms);
  guint id;

  g_source_set_callback (source, function, data, NULL);
  id = g_source_attach (source, self->context);
  g_source_unref (source);

  return id;
}

static void
remove_timeout (RosterHttp *self,
                guint      *id)
{
  if (*id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, *id);

      if (source)
        g_source_destroy (source);
      *id = 0;
    }
}

/* ------------------------------------------------------------------------ */
/* Small helpers */

/**
 * roster_token_kind_to_string:
 *
 * Returns: "none", "scim" or "api" (what the request log records)
 */
const char *
roster_token_kind_to_string (RosterTokenKind kind)
{
  switch (kind)
    {
    case ROSTER_TOKEN_SCIM: return "scim";
    case ROSTER_TOKEN_API:  return "api";
    case ROSTER_TOKEN_NONE: return "none";
    default:                return "none";
    }
}

static gboolean
is_json_content_type (const char *content_type)
{
  if (content_type == NULL)
    return FALSE;

  return g_ascii_strcasecmp (content_type, "application/json") == 0 ||
         (strlen (content_type) > 5 &&
          g_ascii_strcasecmp (content_type + strlen (content_type) - 5, "+json") == 0);
}

static gboolean
is_idempotent (const char *method)
{
  return strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0;
}

static int
default_port (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  int port_a = g_uri_get_port (a) > 0 ? g_uri_get_port (a) : default_port (g_uri_get_scheme (a));
  int port_b = g_uri_get_port (b) > 0 ? g_uri_get_port (b) : default_port (g_uri_get_scheme (b));

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         port_a == port_b;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* GUri keeps IPv6 literals without brackets; be lenient anyway. */
  if (host[0] == '[')
    bare = g_strndup (host + 1, strcspn (host + 1, "]"));
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * roster_http_check_url:
 * @url: a base URL typed by a user
 *
 * Checks that @url can be used as a base URL: absolute, `https://` (or plain
 * `http://` to a loopback host: 127.0.0.0/8, ::1, localhost), with a host, no
 * user name or password, no query and no fragment.
 *
 * Returns: %TRUE if acceptable, else %FALSE with %ROSTER_ERROR_INVALID_INPUT
 *   and a message that says why
 */
gboolean
roster_http_check_url (const char  *url,
                       GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || url[0] == '\0')
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("Enter the address of the server, for example https://gitlab.com."));
      return FALSE;
    }

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid address. Enter it as https://host/…"), url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("“%s” is not a web address: it must start with https://."), url);
      return FALSE;
    }

  if (host == NULL || host[0] == '\0')
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("“%s” has no host name. Enter it as https://host/…"), url);
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("The address must not contain a user name or password. "
                     "Remove the part before “@”; tokens are entered separately."));
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("The address must not contain “?” or “#”. "
                     "Enter only the server’s base address."));
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("“%s” uses plain http://, which would send your tokens unencrypted "
                     "over the network. Use https:// (plain http is only allowed for "
                     "a server on this computer)."), url);
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_http_escape_segment:
 * @segment: one path segment, as text (e.g. an extern_uid)
 *
 * Percent-encodes everything but RFC 3986's unreserved characters, so that
 * `/`, `?`, `#`, `%`, `+`, `@`, spaces and non-ASCII (as UTF-8 bytes) cannot
 * change the path. The segments "." and ".." are encoded too.
 *
 * Returns: (transfer full): the encoded segment
 */
char *
roster_http_escape_segment (const char *segment)
{
  g_return_val_if_fail (segment != NULL, NULL);

  if (strcmp (segment, ".") == 0)
    return g_strdup ("%2E");
  if (strcmp (segment, "..") == 0)
    return g_strdup ("%2E%2E");

  return g_uri_escape_string (segment, NULL, FALSE);
}

/**
 * roster_http_escape_query_value:
 * @value: a query parameter name or value, as text
 *
 * Returns: (transfer full): @value percent-encoded for a query (everything
 *   but unreserved characters; a space becomes `%20`, `+` becomes `%2B`)
 */
char *
roster_http_escape_query_value (const char *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  return g_uri_escape_string (value, NULL, FALSE);
}

/* ------------------------------------------------------------------------ */
/* RosterHttpRequest */

/**
 * roster_http_request_new:
 * @method: "GET", "HEAD", "POST", "PUT", "PATCH" or "DELETE"
 * @path: a path relative to the base URL ("/Users", "/groups/42/members"),
 *   already percent-encoded (see roster_http_escape_segment()), optionally
 *   with a query; or an absolute URL of the same origin as the base URL
 *   (e.g. from a `link` header)
 *
 * The path is appended to the base URL's path as it is (not resolved like a
 * link): base `https://h/api/v4` + `/groups/42` = `https://h/api/v4/groups/42`.
 *
 * Returns: (transfer full): a new request, with no token
 */
RosterHttpRequest *
roster_http_request_new (const char *method,
                         const char *path)
{
  RosterHttpRequest *self;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (RosterHttpRequest, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->method = g_ascii_strup (method, -1);
  self->path = g_strdup (path);
  self->query = g_string_new (NULL);
  self->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);

  return self;
}

RosterHttpRequest *
roster_http_request_ref (RosterHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
roster_http_request_unref (RosterHttpRequest *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->method);
  g_free (self->path);
  g_string_free (self->query, TRUE);
  soup_message_headers_unref (self->headers);
  g_clear_pointer (&self->json_body, json_node_unref);
  g_free (self->content_type);
  if (self->form)
    g_string_free (self->form, TRUE);
  g_free (self);
}

const char *
roster_http_request_get_method (RosterHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->method;
}

const char *
roster_http_request_get_path (RosterHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

void
roster_http_request_set_token_kind (RosterHttpRequest *self,
                                    RosterTokenKind    kind)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (kind <= ROSTER_TOKEN_API);

  self->token_kind = kind;
}

RosterTokenKind
roster_http_request_get_token_kind (RosterHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, ROSTER_TOKEN_NONE);
  return self->token_kind;
}

/**
 * roster_http_request_add_query:
 * @name: parameter name (plain text)
 * @value: parameter value (plain text; percent-encoded here)
 *
 * Appends `name=value` to the query, in call order.
 */
void
roster_http_request_add_query (RosterHttpRequest *self,
                               const char        *name,
                               const char        *value)
{
  g_autofree char *escaped_name = NULL;
  g_autofree char *escaped_value = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && name[0] != '\0');
  g_return_if_fail (value != NULL);

  escaped_name = roster_http_escape_query_value (name);
  escaped_value = roster_http_escape_query_value (value);
  if (self->query->len > 0)
    g_string_append_c (self->query, '&');
  g_string_append_printf (self->query, "%s=%s", escaped_name, escaped_value);
}

void
roster_http_request_add_query_int (RosterHttpRequest *self,
                                   const char        *name,
                                   gint64             value)
{
  char buf[32];

  g_return_if_fail (self != NULL);

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  roster_http_request_add_query (self, name, buf);
}

/**
 * roster_http_request_dup_path_and_query:
 *
 * Returns: (transfer full): the path with the query built so far
 */
char *
roster_http_request_dup_path_and_query (RosterHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->query->len == 0)
    return g_strdup (self->path);

  return g_strconcat (self->path, strchr (self->path, '?') ? "&" : "?", self->query->str, NULL);
}

/**
 * roster_http_request_set_header:
 * @name: a header name; never `Authorization`, `PRIVATE-TOKEN` or `Cookie`
 *   (use roster_http_request_set_token_kind())
 * @value: (nullable): the value, or %NULL to remove it
 */
void
roster_http_request_set_header (RosterHttpRequest *self,
                                const char        *name,
                                const char        *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (g_ascii_strcasecmp (name, "Authorization") != 0);
  g_return_if_fail (g_ascii_strcasecmp (name, "PRIVATE-TOKEN") != 0);
  g_return_if_fail (g_ascii_strcasecmp (name, "Cookie") != 0);

  if (value)
    soup_message_headers_replace (self->headers, name, value);
  else
    soup_message_headers_remove (self->headers, name);
}

/**
 * roster_http_request_set_json_body:
 * @body: (transfer none): the JSON body (a reference is kept)
 * @content_type: (nullable): `application/json` (default) or
 *   `application/scim+json`
 *
 * Replaces any form body.
 */
void
roster_http_request_set_json_body (RosterHttpRequest *self,
                                   JsonNode          *body,
                                   const char        *content_type)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (body != NULL);

  g_clear_pointer (&self->json_body, json_node_unref);
  if (self->form)
    g_string_free (g_steal_pointer (&self->form), TRUE);
  self->json_body = json_node_ref (body);
  g_free (self->content_type);
  self->content_type = g_strdup (content_type ? content_type : "application/json");
}

/**
 * roster_http_request_set_raw_json:
 * @raw: %TRUE to leave a successful JSON answer unparsed
 *
 * For big documents read by a streaming reader (an identity list of
 * 100 000 records is ~90 MB as a json-glib tree): a 2xx answer declared
 * JSON is not parsed, roster_http_response_get_json() returns %NULL and the
 * caller reads roster_http_response_get_body() itself
 * (roster_http_response_declares_json() tells whether it was declared
 * JSON). Error answers are still parsed, for their messages. The size
 * limit, truncation and retry checks are unchanged.
 */
void
roster_http_request_set_raw_json (RosterHttpRequest *self,
                                  gboolean           raw)
{
  g_return_if_fail (self != NULL);

  self->raw_json = !!raw;
}

/**
 * roster_http_request_add_form_field:
 * @name: field name (plain text)
 * @value: field value (plain text)
 *
 * Adds a field of an `application/x-www-form-urlencoded` body (what GitLab's
 * REST PATCH endpoints take). Replaces any JSON body.
 */
void
roster_http_request_add_form_field (RosterHttpRequest *self,
                                    const char        *name,
                                    const char        *value)
{
  g_autofree char *escaped_name = NULL;
  g_autofree char *escaped_value = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && name[0] != '\0');
  g_return_if_fail (value != NULL);

  g_clear_pointer (&self->json_body, json_node_unref);
  if (self->form == NULL)
    self->form = g_string_new (NULL);
  g_free (self->content_type);
  self->content_type = g_strdup ("application/x-www-form-urlencoded");

  escaped_name = roster_http_escape_query_value (name);
  escaped_value = roster_http_escape_query_value (value);
  if (self->form->len > 0)
    g_string_append_c (self->form, '&');
  g_string_append_printf (self->form, "%s=%s", escaped_name, escaped_value);
}

/* ------------------------------------------------------------------------ */
/* RosterHttpResponse */

RosterHttpResponse *
roster_http_response_ref (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
roster_http_response_unref (RosterHttpResponse *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->method);
  g_free (self->url);
  g_free (self->content_type);
  g_free (self->server_message);
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->json, json_node_unref);
  g_free (self);
}

guint
roster_http_response_get_status (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->status;
}

gboolean
roster_http_response_is_success (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return SOUP_STATUS_IS_SUCCESSFUL (self->status);
}

const char *
roster_http_response_get_method (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->method;
}

/**
 * roster_http_response_get_url:
 *
 * Returns: the URL that answered (after same-origin redirects)
 */
const char *
roster_http_response_get_url (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

/**
 * roster_http_response_get_header:
 * @name: header name (case-insensitive)
 *
 * Returns: (nullable): the header's value (several values joined by ", ")
 */
const char *
roster_http_response_get_header (RosterHttpResponse *self,
                                 const char         *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return soup_message_headers_get_list (self->headers, name);
}

/**
 * roster_http_response_get_headers:
 *
 * Returns: (transfer none): all response headers
 */
SoupMessageHeaders *
roster_http_response_get_headers (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->headers;
}

/**
 * roster_http_response_get_content_type:
 *
 * Returns: (nullable): the media type, lower case, without parameters
 *   ("application/scim+json")
 */
const char *
roster_http_response_get_content_type (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->content_type;
}

/**
 * roster_http_response_get_body:
 *
 * Returns: (transfer none): the raw body (maybe empty, never %NULL)
 */
GBytes *
roster_http_response_get_body (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->body;
}

/**
 * roster_http_response_is_json:
 *
 * Returns: %TRUE if the body was declared JSON and parsed
 */
gboolean
roster_http_response_is_json (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->json != NULL;
}

/**
 * roster_http_response_declares_json:
 *
 * Returns: %TRUE when the body is not empty and declared JSON
 *   (`application/json`, `*+json`), parsed or not
 */
gboolean
roster_http_response_declares_json (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return is_json_content_type (self->content_type) && g_bytes_get_size (self->body) > 0;
}

/**
 * roster_http_response_get_json:
 *
 * A 2xx response with a body declared JSON (`application/json`, `*+json`) has a
 * tree (else the request failed with %ROSTER_ERROR_PROTOCOL). Error
 * responses have one when their body parsed. The top-level type is not
 * checked: that is the caller's business. The tree is immutable (sealed,
 * see json_parser_new_immutable()): copy it with json_node_copy() before
 * changing anything in it.
 *
 * Returns: (transfer none) (nullable): the parsed body
 */
JsonNode *
roster_http_response_get_json (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->json;
}

/**
 * roster_http_response_get_attempts:
 *
 * Returns: how many exchanges (tries and redirect hops) this response took
 */
guint
roster_http_response_get_attempts (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->attempts;
}

/**
 * roster_http_response_get_server_message:
 *
 * The human text of an error body: JSON `message` (string, or the
 * validation object flattened), `detail` (SCIM), `error_description` or
 * `error`; or a short plain-text body. Known tokens are scrubbed.
 *
 * Returns: (nullable): the server's own words, for quoting
 */
const char *
roster_http_response_get_server_message (RosterHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->server_message;
}

/**
 * roster_http_response_dup_link:
 * @rel: a relation ("next", "prev", "first", "last")
 *
 * Reads the RFC 8288 `link` header.
 *
 * Returns: (transfer full) (nullable): the URL with that relation
 */
char *
roster_http_response_dup_link (RosterHttpResponse *self,
                               const char         *rel)
{
  const char *header;
  const char *open;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rel != NULL, NULL);

  header = soup_message_headers_get_list (self->headers, "link");
  if (header == NULL)
    return NULL;

  /* <url>; param; rel="a b", <url>; … — a URL may itself hold commas, so
   * walk from one "<" to the next rather than splitting on ",". */
  for (open = strchr (header, '<'); open != NULL; )
    {
      const char *close = strchr (open, '>');
      const char *next;
      g_autofree char *params_text = NULL;
      g_auto(GStrv) params = NULL;

      if (close == NULL)
        break;

      next = strchr (close, '<');
      params_text = next ? g_strndup (close + 1, next - close - 1) : g_strdup (close + 1);
      params = g_strsplit_set (params_text, ";,", -1);
      for (guint j = 0; params[j]; j++)
        {
          char *param = g_strstrip (params[j]);
          g_auto(GStrv) rels = NULL;

          if (g_ascii_strncasecmp (param, "rel=", 4) != 0)
            continue;
          param += 4;
          if (param[0] == '"')
            {
              param++;
              param[strcspn (param, "\"")] = '\0';
            }
          rels = g_strsplit (param, " ", -1);
          if (g_strv_contains ((const char * const *) rels, rel))
            return g_strndup (open + 1, close - open - 1);
        }

      open = next;
    }

  return NULL;
}

/* Seconds to wait according to Retry-After (delta or HTTP date), or -1. */
static gint64
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &seconds, NULL))
    return seconds;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;

  now = g_date_time_new_now_utc ();
  return MAX (0, g_date_time_difference (date, now) / G_USEC_PER_SEC);
}

/* Seconds until RateLimit-Reset when RateLimit-Remaining is 0, or -1. */
static gint64
parse_rate_limit_reset (SoupMessageHeaders *headers)
{
  const char *remaining = soup_message_headers_get_one (headers, "RateLimit-Remaining");
  const char *reset = soup_message_headers_get_one (headers, "RateLimit-Reset");
  guint64 value;

  if (remaining == NULL || reset == NULL)
    return -1;
  if (!g_ascii_string_to_unsigned (remaining, 10, 0, G_MAXUINT32, &value, NULL) || value != 0)
    return -1;
  if (!g_ascii_string_to_unsigned (reset, 10, 0, G_MAXINT64, &value, NULL))
    return -1;

  /* GitLab sends a Unix time; the IETF draft sends seconds. */
  if (value > 1000000000)
    return MAX (0, (gint64) value - g_get_real_time () / G_USEC_PER_SEC);

  return value;
}

/**
 * roster_http_response_get_retry_after:
 *
 * Returns: the seconds the server asked to wait (Retry-After, or
 *   RateLimit-Reset when RateLimit-Remaining is 0), or 0 when it did not say
 */
guint
roster_http_response_get_retry_after (RosterHttpResponse *self)
{
  gint64 seconds;

  g_return_val_if_fail (self != NULL, 0);

  seconds = parse_retry_after (self->headers);
  if (seconds < 0)
    seconds = parse_rate_limit_reset (self->headers);

  return CLAMP (seconds, 0, G_MAXINT32);
}

static char *
with_server_message (RosterHttpResponse *self,
                     const char         *text)
{
  if (self->server_message == NULL || self->server_message[0] == '\0')
    return g_strdup (text);

  /* Translators: %1$s is a sentence of ours, %2$s the server's own message. */
  return g_strdup_printf (_("%1$s The server said: “%2$s”."), text, self->server_message);
}

/**
 * roster_http_response_to_error:
 * @error: return location for the error
 *
 * Maps a non-2xx status to a #RosterError: 401 %ROSTER_ERROR_AUTH, 403
 * %ROSTER_ERROR_FORBIDDEN, 404 %ROSTER_ERROR_NOT_FOUND, 409
 * %ROSTER_ERROR_CONFLICT, 412 %ROSTER_ERROR_PRECONDITION, 429
 * %ROSTER_ERROR_RATE_LIMITED (with the wait time), 5xx %ROSTER_ERROR_SERVER,
 * anything else (3xx included: a redirect that was not followed)
 * %ROSTER_ERROR_PROTOCOL. The message quotes the server's own text when there
 * is one (never a token).
 *
 * Returns: %TRUE if the status is 2xx (@error untouched), %FALSE with
 *   @error set otherwise
 */
gboolean
roster_http_response_to_error (RosterHttpResponse  *self,
                               GError             **error)
{
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  RosterErrorCode code;
  guint status;

  g_return_val_if_fail (self != NULL, FALSE);

  status = self->status;
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return TRUE;

  switch (status)
    {
    case 401:
      code = ROSTER_ERROR_AUTH;
      text = g_strdup (_("The server did not accept the token (HTTP 401). Check that it was "
                         "copied completely and has not expired or been revoked, then enter "
                         "it again."));
      break;
    case 403:
      code = ROSTER_ERROR_FORBIDDEN;
      text = g_strdup (_("The server refused access (HTTP 403). The token may lack the "
                         "needed scope (“api”), or its user may not be an Owner of the "
                         "group."));
      break;
    case 404:
      code = ROSTER_ERROR_NOT_FOUND;
      text = g_strdup (_("The server could not find this (HTTP 404). Check the group path "
                         "and the address of the server."));
      break;
    case 409:
      code = ROSTER_ERROR_CONFLICT;
      text = g_strdup (_("The server refused the change because the value is already taken "
                         "(HTTP 409)."));
      break;
    case 412:
      code = ROSTER_ERROR_PRECONDITION;
      text = g_strdup (_("The server refused the request (HTTP 412)."));
      break;
    case 429:
      {
        guint wait = roster_http_response_get_retry_after (self);

        code = ROSTER_ERROR_RATE_LIMITED;
        if (wait > 0)
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "The server is limiting requests (HTTP 429) and "
                                               "asks to wait %u second. Try again after that.",
                                               "The server is limiting requests (HTTP 429) and "
                                               "asks to wait %u seconds. Try again after that.",
                                               wait),
                                  wait);
        else
          text = g_strdup (_("The server is limiting requests (HTTP 429). Wait a minute, "
                             "then try again."));
      }
      break;
    default:
      if (status >= 500 && status <= 599)
        {
          code = ROSTER_ERROR_SERVER;
          text = g_strdup_printf (_("The server failed to answer (HTTP %u). Try again later; "
                                    "if it keeps failing, contact the server’s "
                                    "administrators."), status);
        }
      else if (SOUP_STATUS_IS_REDIRECTION (status))
        {
          const char *location = soup_message_headers_get_one (self->headers, "Location");
          g_autoptr(GUri) target = location ? g_uri_parse (location, SOUP_HTTP_URI_FLAGS, NULL)
                                            : NULL;

          code = ROSTER_ERROR_PROTOCOL;
          if (target && g_uri_get_host (target))
            text = g_strdup_printf (_("The server redirected to another site (%s) instead of "
                                      "answering (HTTP %u). This address is probably not the "
                                      "API: check the server address and the group path."),
                                    g_uri_get_host (target), status);
          else
            text = g_strdup_printf (_("The server redirected instead of answering (HTTP %u). "
                                      "This address is probably not the API: check the "
                                      "server address and the group path."), status);
          /* A sign-in page's text is of no use here. */
          return (g_set_error_literal (error, ROSTER_ERROR, code, text), FALSE);
        }
      else
        {
          code = ROSTER_ERROR_PROTOCOL;
          text = g_strdup_printf (_("The server gave an unexpected answer (HTTP %u)."), status);
        }
      break;
    }

  message = with_server_message (self, text);
  g_set_error_literal (error, ROSTER_ERROR, code, message);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* JSON checks and parsing */

static JsonNode *
parse_json (GBytes  *bytes,
            GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;

  data = g_bytes_get_data (bytes, &size);

  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                           _("The server’s answer is not valid text (invalid UTF-8)."));
      return NULL;
    }

  if (!roster_json_check_depth (data, size, ROSTER_HTTP_MAX_JSON_DEPTH))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                   _("The server’s answer is nested deeper than %u levels, which no API "
                     "response needs; it was not read."), ROSTER_HTTP_MAX_JSON_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                   _("The server’s answer is not valid JSON (%s)."), local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                           _("The server’s answer is empty where JSON was expected."));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *node = parse_json (task_data, &error);

  if (node)
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
  else
    g_task_return_error (task, error);
}

/* ------------------------------------------------------------------------ */
/* Operations */

static void
operation_free (Operation *op)
{
  g_assert (op->timer_id == 0);
  g_assert (op->msg == NULL);
  g_assert (op->stream == NULL);

  if (op->cancel_source)
    {
      g_source_destroy (op->cancel_source);
      g_source_unref (op->cancel_source);
    }
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->request, roster_http_request_unref);
  g_free (op->method);
  g_clear_pointer (&op->uri, g_uri_unref);
  g_clear_pointer (&op->body, g_bytes_unref);
  g_free (op->content_type);
  g_clear_pointer (&op->json_body, json_node_unref);
  g_clear_pointer (&op->attempt_time, g_date_time_unref);
  g_clear_pointer (&op->buffer, g_byte_array_unref);
  g_clear_pointer (&op->response, roster_http_response_unref);
  g_free (op);
}

static const char * const *
secrets (RosterHttp *self,
         const char *out[4])
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (self->tokens); i++)
    if (self->tokens[i])
      out[n++] = self->tokens[i];
  out[n] = NULL;

  return out;
}

static void
log_exchange (Operation  *op,
              guint       status,
              GBytes     *response_body,
              const char *response_content_type,
              JsonNode   *response_json,
              const char *error)
{
  RosterHttp *self = op->self;
  const char *tokens[4];
  g_autofree char *url = g_uri_to_string_partial (op->uri, G_URI_HIDE_PASSWORD);
  gint64 duration = g_get_monotonic_time () - op->attempt_start_us;
  g_autofree char *path = roster_redact_url (url, secrets (self, tokens));

  if (error)
    g_debug ("%s %s -> %s (%.1f ms, attempt %u)", op->method, path, error,
             duration / 1000.0, op->attempt);
  else
    g_debug ("%s %s -> %u (%.1f ms, %" G_GSIZE_FORMAT " bytes, attempt %u)", op->method, path,
             status, duration / 1000.0,
             response_body ? g_bytes_get_size (response_body) : 0, op->attempt);

  if (self->log)
    {
      RosterRequestLogEntry entry = {
        .time = op->attempt_time,
        .method = op->method,
        .url = url,
        .token_kind = roster_token_kind_to_string (op->request->token_kind),
        .status = status,
        .duration_us = duration,
        .request_bytes = op->body ? g_bytes_get_size (op->body) : 0,
        .response_bytes = response_body ? g_bytes_get_size (response_body) : 0,
        .error = error,
        .attempt = op->attempt,
        .request_body = op->body,
        .request_content_type = op->content_type,
        .request_json = op->json_body,
        .response_body = response_body,
        .response_content_type = response_content_type,
        .response_json = response_json,
        .secrets = secrets (self, tokens),
      };

      roster_request_log_add (self->log, &entry);
    }
}

static void
operation_complete (Operation *op,
                    GError    *error)
{
  g_autoptr(RosterHttp) self = g_object_ref (op->self);
  GTask *task = op->task;
  gboolean was_active = op->state != OP_QUEUED;

  g_assert (op->state != OP_DONE);

  if (op->timer_id)
    remove_timeout (self, &op->timer_id);
  if (op->state == OP_QUEUED)
    g_queue_remove (&self->queue, op);
  if (op->cancel_source)
    {
      g_source_destroy (op->cancel_source);
      g_clear_pointer (&op->cancel_source, g_source_unref);
    }

  op->state = OP_DONE;
  if (was_active)
    {
      g_assert (self->active > 0);
      self->active--;
    }

  /* Cancellation wins over whatever else happened meanwhile. */
  if (g_cancellable_is_cancelled (op->cancellable) &&
      !g_error_matches (error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      error = g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_CANCELLED,
                                   _("The operation was cancelled."));
    }

  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&op->response),
                           (GDestroyNotify) roster_http_response_unref);

  g_object_unref (task);      /* may free op (the task data) */
  dispatch (self);
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  Operation *op = user_data;

  /* This source fires once: drop it. In flight, soup reports the
   * cancellation itself, and a parse in progress sees it when it ends;
   * queued or sleeping before a retry, we end the operation here. */
  g_clear_pointer (&op->cancel_source, g_source_unref);

  if (op->state == OP_QUEUED || op->state == OP_WAITING)
    operation_complete (op, g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_CANCELLED,
                                                 _("The operation was cancelled.")));

  return G_SOURCE_REMOVE;
}

static gboolean
dispatch_timeout_cb (gpointer user_data)
{
  RosterHttp *self = user_data;

  self->dispatch_id = 0;
  dispatch (self);

  return G_SOURCE_REMOVE;
}

static void
dispatch (RosterHttp *self)
{
  while (self->active < self->max_concurrent && !g_queue_is_empty (&self->queue))
    {
      gint64 now = g_get_monotonic_time ();
      Operation *op;

      if (self->paused_until_us > now)
        {
          if (self->dispatch_id == 0)
            self->dispatch_id = add_timeout (self, (self->paused_until_us - now) / 1000 + 1,
                                             dispatch_timeout_cb, self);
          return;
        }

      op = g_queue_pop_head (&self->queue);
      op->state = OP_ACTIVE;
      self->active++;
      start_attempt (op);
    }
}

static void
pause_session (RosterHttp *self,
               gint64      seconds)
{
  gint64 until;

  /* A pause beyond the wait cap is not honoured by waiting: the request is
   * then sent, and the server's 429 is what the caller gets. */
  seconds = MIN (seconds, self->max_wait_ms / 1000);
  until = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  if (until > self->paused_until_us)
    {
      g_debug ("Pausing requests for %" G_GINT64_FORMAT " s (rate limit)", seconds);
      self->paused_until_us = until;
    }
}

static char *
describe_tls_errors (GTlsCertificateFlags  flags,
                     const char           *host)
{
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return g_strdup_printf (_("The certificate of %s was issued for a different host name. "
                              "Check the server address; the connection was not made."), host);
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return g_strdup_printf (_("The certificate of %s has expired. Ask the server’s "
                              "administrators to renew it; the connection was not made."), host);
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return g_strdup_printf (_("The certificate of %s is not valid yet. Check this computer’s "
                              "clock; the connection was not made."), host);
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return g_strdup_printf (_("The certificate of %s has been revoked; the connection was "
                              "not made."), host);
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return g_strdup_printf (_("The certificate of %s is not trusted: it is self-signed or "
                              "issued by an unknown authority. If this is your organisation’s "
                              "server, install its certificate authority on this computer; "
                              "the connection was not made."), host);
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return g_strdup_printf (_("The certificate of %s uses insecure cryptography; the "
                              "connection was not made."), host);

  return g_strdup_printf (_("The certificate of %s could not be verified; the connection was "
                            "not made."), host);
}

/* Maps a transport error. *retryable is set for connection resets. */
static GError *
map_transport_error (Operation *op,
                     GError    *error,
                     gboolean   reading_body,
                     gboolean  *retryable)
{
  const char *host = g_uri_get_host (op->uri);

  *retryable = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (op->cancellable))
    return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_CANCELLED,
                                _("The operation was cancelled."));

  if (error->domain == G_TLS_ERROR || op->tls_errors != 0)
    {
      g_autofree char *text = describe_tls_errors (op->tls_errors, host);

      return g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_TLS, text);
    }

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (ROSTER_ERROR, ROSTER_ERROR_NETWORK,
                        _("Could not find the server %s. Check the address and your network "
                          "connection."), host);

  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_CONNECTION_REFUSED:
        return g_error_new (ROSTER_ERROR, ROSTER_ERROR_NETWORK,
                            _("%s refused the connection. Check the address and port, and "
                              "that the server is running."), host);
      case G_IO_ERROR_TIMED_OUT:
        return g_error_new (ROSTER_ERROR, ROSTER_ERROR_NETWORK,
                            _("%s did not answer in time. Check your network connection, "
                              "then try again."), host);
      case G_IO_ERROR_HOST_UNREACHABLE:
      case G_IO_ERROR_NETWORK_UNREACHABLE:
        return g_error_new (ROSTER_ERROR, ROSTER_ERROR_NETWORK,
                            _("%s cannot be reached. Check that this computer is online."),
                            host);
      case G_IO_ERROR_PARTIAL_INPUT:
        if (reading_body)
          return g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                              _("The answer from %s ended before it was complete (truncated). "
                                "Try again."), host);
        *retryable = TRUE;
        break;
      case G_IO_ERROR_CONNECTION_CLOSED:
      case G_IO_ERROR_NOT_CONNECTED:
        *retryable = TRUE;
        break;
      default:
        break;
      }

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                        _("%s sent an answer that is not valid HTTP (%s)."), host,
                        error->message);

  if (*retryable)
    return g_error_new (ROSTER_ERROR, ROSTER_ERROR_NETWORK,
                        _("The connection to %s was interrupted. Check your network "
                          "connection, then try again."), host);

  return g_error_new (ROSTER_ERROR, ROSTER_ERROR_NETWORK,
                      _("Could not talk to %s: %s"), host, error->message);
}

static gboolean
retry_timeout_cb (gpointer user_data)
{
  Operation *op = user_data;

  op->timer_id = 0;
  op->state = OP_ACTIVE;
  start_attempt (op);

  return G_SOURCE_REMOVE;
}

/* Schedules another attempt if the policy allows; FALSE when it does not. */
static gboolean
maybe_retry (Operation *op,
             gint64     server_wait_s)
{
  RosterHttp *self = op->self;
  gint64 delay_us;
  gint64 now = g_get_monotonic_time ();

  if (!is_idempotent (op->method) || op->retries + 1 >= self->max_attempts)
    return FALSE;

  if (server_wait_s >= 0)
    delay_us = server_wait_s * G_USEC_PER_SEC;
  else
    {
      gint64 backoff_ms = (gint64) self->base_delay_ms << MIN (op->retries, 16);

      backoff_ms = MIN (backoff_ms, MAX_SINGLE_DELAY_MS);
      delay_us = backoff_ms * 1000 * g_random_double_range (0.5, 1.0);
    }

  if (self->paused_until_us > now)
    delay_us = MAX (delay_us, self->paused_until_us - now);

  if (op->waited_us + delay_us > (gint64) self->max_wait_ms * 1000)
    {
      g_debug ("Not retrying %s: waiting %.1f s more would exceed the limit",
               op->method, delay_us / 1e6);
      return FALSE;
    }

  op->retries++;
  op->waited_us += delay_us;
  op->state = OP_WAITING;
  g_debug ("Retrying %s in %.1f s (retry %u)", op->method, delay_us / 1e6, op->retries);
  op->timer_id = add_timeout (self, delay_us / 1000, retry_timeout_cb, op);

  return TRUE;
}

static void
close_stream (Operation *op)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  if (op->stream == NULL)
    return;

  /* Closing a body stream before its end makes libsoup read (and block on)
   * the rest; with a cancelled cancellable it drops the connection instead. */
  g_cancellable_cancel (cancelled);
  g_input_stream_close (op->stream, cancelled, NULL);
  g_clear_object (&op->stream);
}

static void
finish_attempt_with_error (Operation *op,
                           GError    *error,
                           gboolean   reading_body)
{
  gboolean retryable = FALSE;
  GError *mapped;

  close_stream (op);
  mapped = map_transport_error (op, error, reading_body, &retryable);
  g_clear_object (&op->msg);

  if (!g_error_matches (mapped, ROSTER_ERROR, ROSTER_ERROR_CANCELLED))
    log_exchange (op, 0, NULL, NULL, NULL, mapped->message);
  else
    log_exchange (op, 0, NULL, NULL, NULL, "cancelled");

  if (retryable && maybe_retry (op, -1))
    {
      g_error_free (mapped);
      return;
    }

  operation_complete (op, mapped);
}

static char *
extract_server_message (JsonNode *json)
{
  JsonObject *object;
  static const char * const keys[] = { "message", "detail", "error_description", "error" };

  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    return NULL;

  object = json_node_get_object (json);
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *member = json_object_get_member (object, keys[i]);

      if (member == NULL)
        continue;

      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (member));

      if (JSON_NODE_HOLDS_OBJECT (member))
        {
          /* GitLab validation errors: {"message": {"field": ["text", …]}} */
          GString *out = g_string_new (NULL);
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          json_object_iter_init_ordered (&iter, json_node_get_object (member));
          while (json_object_iter_next_ordered (&iter, &name, &value))
            {
              if (out->len > 0)
                g_string_append (out, "; ");
              g_string_append_printf (out, "%s", name);
              if (JSON_NODE_HOLDS_ARRAY (value))
                {
                  JsonArray *array = json_node_get_array (value);

                  for (guint j = 0; j < json_array_get_length (array); j++)
                    {
                      JsonNode *item = json_array_get_element (array, j);

                      if (JSON_NODE_HOLDS_VALUE (item) &&
                          json_node_get_value_type (item) == G_TYPE_STRING)
                        g_string_append_printf (out, " %s", json_node_get_string (item));
                    }
                }
              else if (JSON_NODE_HOLDS_VALUE (value) &&
                       json_node_get_value_type (value) == G_TYPE_STRING)
                g_string_append_printf (out, " %s", json_node_get_string (value));
            }
          return g_string_free (out, FALSE);
        }
    }

  return NULL;
}

/* The body is read (and parsed if declared JSON): record and return it. */
static void
finish_response (Operation *op,
                 GError    *parse_error)
{
  RosterHttpResponse *response = op->response;
  const char *tokens[4];

  log_exchange (op, response->status, response->body, response->content_type,
                response->json,
                parse_error && SOUP_STATUS_IS_SUCCESSFUL (response->status)
                ? parse_error->message : NULL);

  if (parse_error && SOUP_STATUS_IS_SUCCESSFUL (response->status))
    {
      operation_complete (op, parse_error);
      return;
    }
  /* An error page that does not parse is still a response. */
  g_clear_error (&parse_error);

  if (!SOUP_STATUS_IS_SUCCESSFUL (response->status))
    {
      g_autofree char *raw = NULL;

      if (response->json)
        raw = extract_server_message (response->json);
      else if (response->content_type &&
               g_str_has_prefix (response->content_type, "text/plain") &&
               g_bytes_get_size (response->body) <= 512)
        raw = g_strndup (g_bytes_get_data (response->body, NULL),
                         g_bytes_get_size (response->body));

      if (raw)
        {
          g_strstrip (raw);
          if (raw[0])
            response->server_message = roster_redact_text (raw, -1, 300,
                                                           secrets (op->self, tokens));
        }
    }

  operation_complete (op, NULL);
}

static void
parse_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Operation *op = user_data;
  GError *error = NULL;

  op->state = OP_ACTIVE;
  op->response->json = g_task_propagate_pointer (G_TASK (result), &error);
  finish_response (op, error);
}

/* The exchange completed with a status: decide what to do with it. */
static void
handle_response (Operation *op)
{
  RosterHttp *self = op->self;
  SoupMessageHeaders *headers = soup_message_get_response_headers (op->msg);
  RosterHttpResponse *response;
  g_autoptr(GHashTable) params = NULL;
  const char *content_type;
  guint status = soup_message_get_status (op->msg);
  gboolean declared_json;
  gint64 reset_s;

  content_type = soup_message_headers_get_content_type (headers, &params);

  g_clear_pointer (&op->response, roster_http_response_unref);
  response = op->response = g_new0 (RosterHttpResponse, 1);
  g_atomic_ref_count_init (&response->ref_count);
  response->status = status;
  response->attempts = op->attempt;
  response->method = g_strdup (op->method);
  response->url = g_uri_to_string_partial (op->uri, G_URI_HIDE_PASSWORD);
  response->content_type = content_type ? g_ascii_strdown (content_type, -1) : NULL;
  response->headers = soup_message_headers_ref (headers);
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&op->buffer));
  g_clear_object (&op->msg);

  declared_json = is_json_content_type (response->content_type) &&
                  g_bytes_get_size (response->body) > 0;

  /* Rate limits pause the whole session. */
  reset_s = parse_rate_limit_reset (headers);
  if (reset_s > 0)
    pause_session (self, reset_s);

  /* Same-origin redirects. */
  if (SOUP_STATUS_IS_REDIRECTION (status) && op->redirects < ROSTER_HTTP_MAX_REDIRECTS)
    {
      const char *location = soup_message_headers_get_one (headers, "Location");
      g_autoptr(GUri) target = location ? g_uri_parse_relative (op->uri, location,
                                                                SOUP_HTTP_URI_FLAGS, NULL)
                                        : NULL;
      gboolean method_ok = status == 307 || status == 308 ||
                           ((status == 301 || status == 302 || status == 303) &&
                            is_idempotent (op->method));

      if (target && method_ok && same_origin (target, self->base_uri))
        {
          log_exchange (op, status, response->body, response->content_type, NULL, NULL);
          g_debug ("Following a redirect (%u) on the same origin", status);
          op->redirects++;
          g_uri_unref (op->uri);
          op->uri = g_steal_pointer (&target);
          start_attempt (op);
          return;
        }
    }

  if (status == 429 || status == 502 || status == 503 || status == 504)
    {
      gint64 wait_s = parse_retry_after (headers);

      if (wait_s >= 0 && (status == 429 || status == 503))
        pause_session (self, wait_s);

      if (maybe_retry (op, wait_s))
        {
          log_exchange (op, status, response->body, response->content_type, NULL, NULL);
          return;
        }
    }

  /* Never parse a 429 body (GitLab's is plain text); others when declared,
   * unless the caller reads a successful one itself. */
  if (declared_json && status != 429 && !(op->request->raw_json && SOUP_STATUS_IS_SUCCESSFUL (status)))
    {
      if (g_bytes_get_size (response->body) > self->parse_thread_threshold)
        {
          g_autoptr(GTask) parse_task = g_task_new (self, NULL, parse_cb, op);

          op->state = OP_PARSING;
          g_task_set_source_tag (parse_task, handle_response);
          g_task_set_task_data (parse_task, g_bytes_ref (response->body),
                                (GDestroyNotify) g_bytes_unref);
          g_task_run_in_thread (parse_task, parse_thread);
          return;
        }
      else
        {
          GError *error = NULL;

          response->json = parse_json (response->body, &error);
          finish_response (op, error);
          return;
        }
    }

  finish_response (op, NULL);
}

static gboolean
body_is_truncated (Operation *op)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (op->msg);
  const char *encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  guint status = soup_message_get_status (op->msg);

  if (strcmp (op->method, "HEAD") == 0 || status == 204 || status == 304 ||
      soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return FALSE;

  /* A decoded (e.g. gzip) body is not as long as its Content-Length. */
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "identity") != 0)
    return FALSE;

  return (goffset) op->buffer->len < soup_message_headers_get_content_length (headers);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Operation *op = user_data;
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      finish_attempt_with_error (op, error, TRUE);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close (op->stream, NULL, NULL);
      g_clear_object (&op->stream);

      /* libsoup 3.2 reports a connection closed before Content-Length bytes
       * came as a plain end of stream: check the length ourselves. */
      if (body_is_truncated (op))
        {
          GError *truncated;

          g_clear_object (&op->msg);
          truncated = g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                                   _("The answer from %s ended before it was complete "
                                     "(truncated). Try again."), g_uri_get_host (op->uri));
          log_exchange (op, 0, NULL, NULL, NULL, truncated->message);
          operation_complete (op, truncated);
          return;
        }

      handle_response (op);
      return;
    }

  if (op->buffer->len + g_bytes_get_size (chunk) > op->self->max_body_size)
    {
      g_autofree char *limit = g_format_size (op->self->max_body_size);
      GError *too_big;

      close_stream (op);
      g_clear_object (&op->msg);
      too_big = g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                             _("The answer from %s is larger than %s and was not read."),
                             g_uri_get_host (op->uri), limit);
      log_exchange (op, 0, NULL, NULL, NULL, too_big->message);
      operation_complete (op, too_big);
      return;
    }

  g_byte_array_append (op->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (op->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   op->cancellable, read_cb, op);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Operation *op = user_data;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  op->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (op->stream == NULL)
    {
      finish_attempt_with_error (op, error, FALSE);
      return;
    }

  headers = soup_message_get_response_headers (op->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) op->self->max_body_size)
    {
      g_autofree char *limit = g_format_size (op->self->max_body_size);
      GError *too_big;

      close_stream (op);
      g_clear_object (&op->msg);
      too_big = g_error_new (ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                             _("The answer from %s is larger than %s and was not read."),
                             g_uri_get_host (op->uri), limit);
      log_exchange (op, 0, NULL, NULL, NULL, too_big->message);
      operation_complete (op, too_big);
      return;
    }

  op->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (op->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   op->cancellable, read_cb, op);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Operation *op = user_data;

  /* Never accepted: TLS errors are fatal. Only remembered, to explain. */
  op->tls_errors = errors;
  return FALSE;
}

static void
start_attempt (Operation *op)
{
  RosterHttp *self = op->self;
  RosterHttpRequest *request = op->request;
  SoupMessageHeaders *headers;
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  const char *token;

  g_assert (op->state == OP_ACTIVE);
  g_assert (op->msg == NULL);

  if (g_cancellable_is_cancelled (op->cancellable))
    {
      operation_complete (op, g_error_new_literal (ROSTER_ERROR, ROSTER_ERROR_CANCELLED,
                                                   _("The operation was cancelled.")));
      return;
    }

  op->attempt++;
  op->attempt_start_us = g_get_monotonic_time ();
  g_clear_pointer (&op->attempt_time, g_date_time_unref);
  op->attempt_time = g_date_time_new_now_local ();
  op->tls_errors = 0;

  op->msg = soup_message_new_from_uri (op->method, op->uri);
  soup_message_add_flags (op->msg, SOUP_MESSAGE_NO_REDIRECT);
  if (!is_idempotent (op->method))
    soup_message_add_flags (op->msg, SOUP_MESSAGE_NEW_CONNECTION);
  g_signal_connect (op->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), op);

  headers = soup_message_get_request_headers (op->msg);
  soup_message_headers_iter_init (&iter, request->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (headers, name, value);

  if (soup_message_headers_get_one (headers, "Accept") == NULL)
    soup_message_headers_replace (headers, "Accept",
                                  request->token_kind == ROSTER_TOKEN_SCIM
                                  ? "application/scim+json, application/json"
                                  : "application/json");

  token = self->tokens[request->token_kind];
  if (request->token_kind == ROSTER_TOKEN_SCIM && token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  else if (request->token_kind == ROSTER_TOKEN_API && token)
    soup_message_headers_replace (headers, "PRIVATE-TOKEN", token);

  if (op->body)
    soup_message_set_request_body_from_bytes (op->msg, op->content_type, op->body);

  soup_session_send_async (self->session, op->msg, G_PRIORITY_DEFAULT, op->cancellable,
                           send_cb, op);
}

/* ------------------------------------------------------------------------ */
/* RosterHttp */

static void
roster_http_dispose (GObject *object)
{
  RosterHttp *self = (RosterHttp *) object;

  /* Operations hold a reference on us, so none is left here. */
  g_assert (g_queue_is_empty (&self->queue));
  remove_timeout (self, &self->dispatch_id);
  if (self->session)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (roster_http_parent_class)->dispose (object);
}

static void
roster_http_finalize (GObject *object)
{
  RosterHttp *self = (RosterHttp *) object;

  for (guint i = 0; i < G_N_ELEMENTS (self->tokens); i++)
    {
      if (self->tokens[i])
        memset (self->tokens[i], 0, strlen (self->tokens[i]));
      g_clear_pointer (&self->tokens[i], g_free);
    }
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (roster_http_parent_class)->finalize (object);
}

static void
roster_http_class_init (RosterHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_http_dispose;
  object_class->finalize = roster_http_finalize;
}

static void
roster_http_init (RosterHttp *self)
{
  self->context = g_main_context_ref_thread_default ();
  g_queue_init (&self->queue);
  self->max_concurrent = ROSTER_HTTP_DEFAULT_MAX_CONCURRENT;
  self->max_attempts = ROSTER_HTTP_DEFAULT_MAX_ATTEMPTS;
  self->base_delay_ms = ROSTER_HTTP_DEFAULT_BASE_DELAY_MS;
  self->max_wait_ms = ROSTER_HTTP_DEFAULT_MAX_WAIT_MS;
  self->max_body_size = ROSTER_HTTP_DEFAULT_MAX_BODY_SIZE;
  self->parse_thread_threshold = PARSE_THREAD_THRESHOLD;
}

/**
 * roster_http_new:
 * @base_url: the API base, e.g. `https://gitlab.com/api/v4` or
 *   `https://gitlab.com/api/scim/v2/groups/acme-corp` (see
 *   roster_http_check_url() for what is accepted)
 * @log: (nullable): where every exchange is recorded
 *
 * Returns: (transfer full): a new #RosterHttp with its own #SoupSession,
 *   or %NULL with %ROSTER_ERROR_INVALID_INPUT
 */
RosterHttp *
roster_http_new (const char        *base_url,
                 RosterRequestLog  *log,
                 GError           **error)
{
  g_autoptr(RosterHttp) self = NULL;
  g_autofree char *user_agent = NULL;
  gsize len;

  g_return_val_if_fail (!log || ROSTER_IS_REQUEST_LOG (log), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!roster_http_check_url (base_url, error))
    return NULL;

  self = g_object_new (ROSTER_TYPE_HTTP, NULL);
  self->base_url = g_strdup (base_url);
  len = strlen (self->base_url);
  while (len > 0 && self->base_url[len - 1] == '/')
    self->base_url[--len] = '\0';
  self->base_uri = g_uri_parse (self->base_url, SOUP_HTTP_URI_FLAGS, NULL);
  g_assert (self->base_uri != NULL);
  self->log = log ? g_object_ref (log) : NULL;

  user_agent = g_strdup_printf ("Roster/%s ", PACKAGE_VERSION);
  self->session = soup_session_new_with_options ("max-conns", MAX_CONNS_PER_HOST * 2,
                                                 "max-conns-per-host", MAX_CONNS_PER_HOST,
                                                 "timeout", ROSTER_HTTP_DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", 60,
                                                 "user-agent", user_agent,
                                                 NULL);

  return g_steal_pointer (&self);
}

const char *
roster_http_get_base_url (RosterHttp *self)
{
  g_return_val_if_fail (ROSTER_IS_HTTP (self), NULL);
  return self->base_url;
}

/**
 * roster_http_get_request_log:
 *
 * Returns: (transfer none) (nullable): the request log given at creation
 */
RosterRequestLog *
roster_http_get_request_log (RosterHttp *self)
{
  g_return_val_if_fail (ROSTER_IS_HTTP (self), NULL);
  return self->log;
}

/**
 * roster_http_set_token:
 * @kind: %ROSTER_TOKEN_SCIM or %ROSTER_TOKEN_API
 * @token: (nullable): the token, or %NULL to forget it
 *
 * Keeps @token in memory for requests of @kind. It is never logged: the
 * request log scrubs its value from anything it records.
 */
void
roster_http_set_token (RosterHttp      *self,
                       RosterTokenKind  kind,
                       const char      *token)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (ROSTER_IS_HTTP (self));
  g_return_if_fail (kind == ROSTER_TOKEN_SCIM || kind == ROSTER_TOKEN_API);

  if (self->tokens[kind])
    memset (self->tokens[kind], 0, strlen (self->tokens[kind]));
  g_clear_pointer (&self->tokens[kind], g_free);

  if (token == NULL)
    return;

  /* Pasted tokens often carry a newline; it would break the header. */
  stripped = g_strstrip (g_strdup (token));
  if (stripped[0] != '\0')
    self->tokens[kind] = g_steal_pointer (&stripped);
}

gboolean
roster_http_has_token (RosterHttp      *self,
                       RosterTokenKind  kind)
{
  g_return_val_if_fail (ROSTER_IS_HTTP (self), FALSE);
  g_return_val_if_fail (kind <= ROSTER_TOKEN_API, FALSE);

  return self->tokens[kind] != NULL;
}

/**
 * roster_http_set_max_concurrent:
 * @max_concurrent: 1 to 16 requests in flight at once (default 4); more
 *   wait in a queue, in call order
 */
void
roster_http_set_max_concurrent (RosterHttp *self,
                                guint       max_concurrent)
{
  g_return_if_fail (ROSTER_IS_HTTP (self));
  g_return_if_fail (max_concurrent >= 1 && max_concurrent <= MAX_CONNS_PER_HOST);

  self->max_concurrent = max_concurrent;
  dispatch (self);
}

guint
roster_http_get_max_concurrent (RosterHttp *self)
{
  g_return_val_if_fail (ROSTER_IS_HTTP (self), 0);
  return self->max_concurrent;
}

/**
 * roster_http_set_retry_policy:
 * @max_attempts: exchanges per request at most, first try included (1 = no
 *   retry; default %ROSTER_HTTP_DEFAULT_MAX_ATTEMPTS)
 * @base_delay_ms: first backoff delay; doubled per retry, with jitter
 * @max_wait_ms: total time a request may spend waiting between attempts
 *   (also bounds how long a rate-limit pause is honoured)
 *
 * Retries apply to GET and HEAD only.
 */
void
roster_http_set_retry_policy (RosterHttp *self,
                              guint       max_attempts,
                              guint       base_delay_ms,
                              guint       max_wait_ms)
{
  g_return_if_fail (ROSTER_IS_HTTP (self));
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
  self->base_delay_ms = base_delay_ms;
  self->max_wait_ms = max_wait_ms;
}

/**
 * roster_http_set_max_body_size:
 * @max_body_size: the largest response body read (default 64 MiB); a larger
 *   one fails the request with %ROSTER_ERROR_PROTOCOL
 */
void
roster_http_set_max_body_size (RosterHttp *self,
                               gsize       max_body_size)
{
  g_return_if_fail (ROSTER_IS_HTTP (self));
  g_return_if_fail (max_body_size > 0);

  self->max_body_size = max_body_size;
}

/**
 * roster_http_set_timeout:
 * @seconds: I/O timeout of the session (default 60 s); 0 for none
 */
void
roster_http_set_timeout (RosterHttp *self,
                         guint       seconds)
{
  g_return_if_fail (ROSTER_IS_HTTP (self));

  soup_session_set_timeout (self->session, seconds);
}

/**
 * roster_http_set_tls_database:
 * @database: (nullable): the certificate authorities to trust, or %NULL for
 *   the system's
 *
 * For a server with a private certificate authority (and for tests). There
 * is deliberately no way to ignore certificate errors.
 */
void
roster_http_set_tls_database (RosterHttp   *self,
                              GTlsDatabase *database)
{
  g_return_if_fail (ROSTER_IS_HTTP (self));
  g_return_if_fail (!database || G_IS_TLS_DATABASE (database));

  soup_session_set_tls_database (self->session, database);
}

static GUri *
build_uri (RosterHttp         *self,
           RosterHttpRequest  *request,
           GError            **error)
{
  g_autofree char *path = roster_http_request_dup_path_and_query (request);
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  if (g_uri_peek_scheme (path) != NULL)
    url = g_strdup (path);
  else if (path[0] == '\0' || path[0] == '/' || path[0] == '?')
    url = g_strconcat (self->base_url, path, NULL);
  else
    url = g_strconcat (self->base_url, "/", path, NULL);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid request path."), request->path);
      return NULL;
    }

  if (!same_origin (uri, self->base_uri))
    {
      g_set_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL,
                   _("The server pointed to another site (%s); Roster only sends requests "
                     "and tokens to %s."), g_uri_get_host (uri), g_uri_get_host (self->base_uri));
      return NULL;
    }

  return g_steal_pointer (&uri);
}

/**
 * roster_http_request_async:
 * @request: what to send (a reference is kept; do not change it afterwards)
 * @cancellable: (nullable): cancels the request wherever it is (queued,
 *   waiting to retry, in flight); it then fails with %ROSTER_ERROR_CANCELLED
 *
 * Sends @request (see the top of roster-http.c for queueing, retries and
 * redirects). Any completed exchange gives a #RosterHttpResponse, whatever
 * its status; use roster_http_response_to_error() to turn a non-2xx one into
 * an error. Transport failures give %ROSTER_ERROR_NETWORK, %ROSTER_ERROR_TLS,
 * %ROSTER_ERROR_PROTOCOL (a 2xx body declared JSON that does not parse, is
 * not UTF-8, is nested too deep, is larger than the limit, or is truncated)
 * or %ROSTER_ERROR_CANCELLED.
 */
void
roster_http_request_async (RosterHttp          *self,
                           RosterHttpRequest   *request,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  Operation *op;

  g_return_if_fail (ROSTER_IS_HTTP (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_http_request_async);
  /* We report cancellation ourselves, as ROSTER_ERROR_CANCELLED. */
  g_task_set_check_cancellable (task, FALSE);

  op = g_new0 (Operation, 1);
  op->self = self;
  op->task = task;
  op->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  op->request = roster_http_request_ref (request);
  op->method = g_strdup (request->method);
  op->state = OP_QUEUED;
  g_task_set_task_data (task, op, (GDestroyNotify) operation_free);

  op->uri = build_uri (self, request, &error);
  if (op->uri == NULL)
    {
      op->state = OP_DONE;
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (request->json_body)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      char *data;
      gsize length;

      json_generator_set_root (generator, request->json_body);
      data = json_generator_to_data (generator, &length);
      op->body = g_bytes_new_take (data, length);
      op->json_body = json_node_ref (request->json_body);
      op->content_type = g_strdup (request->content_type);
    }
  else if (request->form)
    {
      op->body = g_bytes_new (request->form->str, request->form->len);
      op->content_type = g_strdup (request->content_type);
    }

  op->cancel_source = g_cancellable_source_new (op->cancellable);
  g_source_set_callback (op->cancel_source, (GSourceFunc) (void (*) (void)) cancelled_cb, op, NULL);
  g_source_attach (op->cancel_source, self->context);

  g_queue_push_tail (&self->queue, op);
  dispatch (self);
}

/**
 * roster_http_request_finish:
 *
 * Returns: (transfer full): the response (any status), or %NULL with a
 *   #RosterError
 */
RosterHttpResponse *
roster_http_request_finish (RosterHttp    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (ROSTER_IS_HTTP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
