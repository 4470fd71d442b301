/* test-http.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-http"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "roster-error.h"
#include "roster-http.h"
#include "roster-request-log.h"
#include "roster-test-utils.h"

/* A real HTTP server on 127.0.0.1 (SoupServer), plus a raw socket server in
 * a thread for answers no well-behaved server would give. */

#define SCIM_TOKEN "test-scim-token-0123456789"
#define API_TOKEN  "glpat-test-api-token-abcdef"

typedef struct
{
  SoupServer       *server;
  guint             port;
  char             *base_url;
  RosterRequestLog *log;
  RosterHttp       *http;
  GHashTable       *hits;          /* path → count */
  guint             in_flight;
  guint             max_in_flight;
  guint             started;
  GPtrArray        *paused;        /* SoupServerMessage waiting for their timer */
  GPtrArray        *timers;        /* Paused, owned */
  gpointer          streaming;     /* set to NULL once body data went out */
  gint64            last_request_us;
  gint64            prev_request_us;
} Fixture;

typedef struct
{
  gboolean            done;
  RosterHttpResponse *response;
  GError             *error;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->response, roster_http_response_unref);
  g_clear_error (&r->error);
  r->done = FALSE;
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->response = roster_http_request_finish (ROSTER_HTTP (object), result, &r->error);
  r->done = TRUE;
}

static guint
hit (Fixture    *f,
     const char *path)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->hits, path)) + 1;

  g_hash_table_insert (f->hits, g_strdup (path), GUINT_TO_POINTER (n));
  return n;
}

static guint
hits (Fixture    *f,
      const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->hits, path));
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static void
finished_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  Fixture *f = user_data;

  g_assert_cmpuint (f->in_flight, >, 0);
  f->in_flight--;
}

typedef struct
{
  Fixture           *f;
  SoupServerMessage *msg;
  guint              id;
} Paused;

static gboolean
unpause_cb (gpointer user_data)
{
  Paused *p = user_data;

  if (g_ptr_array_remove (p->f->paused, p->msg))
    {
      set_json (p->msg, 200, "{\"slow\":true}");
      soup_server_message_unpause (p->msg);
    }
  p->id = 0;
  g_ptr_array_remove (p->f->timers, p);   /* frees p */

  return G_SOURCE_REMOVE;
}

static void
paused_finished_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  Fixture *f = user_data;

  g_ptr_array_remove (f->paused, msg);
}

static void
echo (SoupServerMessage *msg,
      const char        *path)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  const char *authorization = soup_message_headers_get_one (req, "Authorization");
  const char *private_token = soup_message_headers_get_one (req, "PRIVATE-TOKEN");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, soup_server_message_get_method (msg));
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, g_uri_get_path (uri));
  json_builder_set_member_name (b, "query");
  json_builder_add_string_value (b, g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  /* The server checks the credentials; it never echoes them. */
  json_builder_set_member_name (b, "scim_auth_ok");
  json_builder_add_boolean_value (b, g_strcmp0 (authorization, "Bearer " SCIM_TOKEN) == 0);
  json_builder_set_member_name (b, "api_auth_ok");
  json_builder_add_boolean_value (b, g_strcmp0 (private_token, API_TOKEN) == 0);
  json_builder_set_member_name (b, "has_authorization");
  json_builder_add_boolean_value (b, authorization != NULL);
  json_builder_set_member_name (b, "has_private_token");
  json_builder_add_boolean_value (b, private_token != NULL);
  json_builder_set_member_name (b, "accept");
  json_builder_add_string_value (b, soup_message_headers_get_one (req, "Accept"));
  json_builder_set_member_name (b, "content_type");
  json_builder_add_string_value (b, soup_message_headers_get_one (req, "Content-Type"));
  json_builder_set_member_name (b, "remote_port");
  json_builder_add_int_value (b, g_inet_socket_address_get_port (
                                   G_INET_SOCKET_ADDRESS (soup_server_message_get_remote_address (msg))));
  json_builder_set_member_name (b, "body");
  json_builder_add_string_value (b, g_bytes_get_size (bytes) ? g_bytes_get_data (bytes, NULL)
                                                              : "");
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  data = json_generator_to_data (gen, NULL);
  set_json (msg, 200, data);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const char *q;
  guint n;

  f->in_flight++;
  f->started++;
  f->max_in_flight = MAX (f->max_in_flight, f->in_flight);
  f->prev_request_us = f->last_request_us;
  f->last_request_us = g_get_monotonic_time ();
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), f);
  n = hit (f, path);

  if (g_str_has_prefix (path, "/echo"))
    echo (msg, path);
  else if (g_str_has_prefix (path, "/status/"))
    {
      guint status = atoi (path + strlen ("/status/"));

      set_json (msg, status, "{\"message\":\"404 Group Not Found\"}");
    }
  else if (strcmp (path, "/validation") == 0)
    set_json (msg, 400, "{\"message\":{\"extern_uid\":[\"has already been taken\"]}}");
  else if (strcmp (path, "/scim-error") == 0)
    set_json (msg, 412, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                        "\"detail\":\"Unsupported Filter\",\"status\":412}");
  else if (strcmp (path, "/slow") == 0)
    {
      Paused *p = g_new0 (Paused, 1);
      guint ms = 50;

      if (query && (q = g_hash_table_lookup (query, "ms")))
        ms = atoi (q);
      p->f = f;
      p->msg = msg;
      g_ptr_array_add (f->paused, msg);
      g_signal_connect (msg, "finished", G_CALLBACK (paused_finished_cb), f);
      soup_server_message_pause (msg);
      g_ptr_array_add (f->timers, p);
      p->id = g_timeout_add (ms, unpause_cb, p);
    }
  else if (g_str_has_prefix (path, "/flaky/"))
    {
      /* /flaky/STATUS?fail=N[&retry-after=S] fails N times, then succeeds. */
      guint status = atoi (path + strlen ("/flaky/"));
      guint fail = query && (q = g_hash_table_lookup (query, "fail")) ? atoi (q) : 1;

      if (n <= fail)
        {
          if (query && (q = g_hash_table_lookup (query, "retry-after")))
            soup_message_headers_replace (resp, "Retry-After", q);
          soup_server_message_set_status (msg, status, NULL);
          soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                            "Retry later\n", strlen ("Retry later\n"));
        }
      else
        set_json (msg, 200, "{\"ok\":true}");
    }
  else if (strcmp (path, "/ratelimit") == 0)
    {
      /* The first answer says the budget is spent until one second later. */
      if (n == 1)
        {
          soup_message_headers_replace (resp, "RateLimit-Remaining", "0");
          soup_message_headers_replace (resp, "RateLimit-Reset", "1");
        }
      set_json (msg, 200, "{\"ok\":true}");
    }
  else if (strcmp (path, "/malformed") == 0)
    set_json (msg, 200, "{\"Resources\": [1, 2,");
  else if (strcmp (path, "/malformed-404") == 0)
    set_json (msg, 404, "<html>not json</html>");
  else if (strcmp (path, "/invalid-utf8") == 0)
    set_json (msg, 200, "{\"name\": \"\xff\xfe\"}");
  else if (strcmp (path, "/deep") == 0)
    {
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < 5000; i++)
        g_string_append_c (s, '[');
      for (guint i = 0; i < 5000; i++)
        g_string_append_c (s, ']');
      set_json (msg, 200, s->str);
      g_string_free (s, TRUE);
    }
  else if (strcmp (path, "/array") == 0)
    set_json (msg, 200, "[1, 2, 3]");
  else if (strcmp (path, "/big") == 0)
    {
      /* Large and valid: parsed in a worker thread. */
      GString *s = g_string_new ("[");

      for (guint i = 0; i < 20000; i++)
        g_string_append_printf (s, "%s{\"id\":%u,\"token\":\"x\"}", i ? "," : "", i);
      g_string_append_c (s, ']');
      set_json (msg, 200, s->str);
      g_string_free (s, TRUE);
    }
  else if (strcmp (path, "/big-chunked") == 0)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);
      g_autofree char *chunk = g_strnfill (4096, ' ');

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (resp, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (resp, "application/json", NULL);
      for (guint i = 0; i < 64; i++)
        soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, strlen (chunk));
      soup_message_body_complete (body);
    }
  else if (strcmp (path, "/stream") == 0)
    {
      /* Headers and a first chunk, then nothing: the body never ends. */
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (resp, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (resp, "application/json", NULL);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "[1,2,3,", 7);
      g_signal_connect_swapped (msg, "wrote-body-data", G_CALLBACK (g_nullify_pointer),
                                &f->streaming);
    }
  else if (strcmp (path, "/redirect-same") == 0)
    {
      soup_message_headers_replace (resp, "Location", "/echo/after-redirect");
      soup_server_message_set_status (msg, 302, NULL);
    }
  else if (strcmp (path, "/redirect-loop") == 0)
    {
      soup_message_headers_replace (resp, "Location", "/redirect-loop");
      soup_server_message_set_status (msg, 302, NULL);
    }
  else if (strcmp (path, "/redirect-cross") == 0)
    {
      g_autofree char *location = g_strdup_printf ("http://127.0.0.2:%u/users/sign_in", f->port);

      soup_message_headers_replace (resp, "Location", location);
      soup_server_message_set_status (msg, 302, NULL);
    }
  else if (strcmp (path, "/redirect-post") == 0)
    {
      soup_message_headers_replace (resp, "Location", "/echo/posted");
      soup_server_message_set_status (msg, 307, NULL);
    }
  else if (strcmp (path, "/pages") == 0)
    {
      soup_message_headers_replace (resp, "link",
                                    "<https://x.example/api/v4/groups?page=1>; rel=\"prev\", "
                                    "<https://x.example/api/v4/groups?page=3&a=1,2>; rel=\"next\", "
                                    "<https://x.example/api/v4/groups?page=9>; rel=\"last first\"");
      set_json (msg, 200, "[]");
    }
  else
    set_json (msg, 404, "{\"message\":\"404 Not Found\"}");
}

static guint
listening_port (SoupServer *server)
{
  g_autoptr(GSList) listeners = soup_server_get_listeners (server);
  g_autoptr(GSocketAddress) address = NULL;

  g_assert_nonnull (listeners);
  address = g_socket_get_local_address (listeners->data, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static void
fixture_start (Fixture         *f,
               GTlsCertificate *certificate)
{
  g_autoptr(GError) error = NULL;

  f->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->paused = g_ptr_array_new ();
  f->timers = g_ptr_array_new_with_free_func (g_free);
  f->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  {
    /* soup_server_listen_local() leaks a GSocketAddress in libsoup 3.2. */
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

    soup_server_listen (f->server, address, certificate ? SOUP_SERVER_LISTEN_HTTPS : 0, &error);
    g_assert_no_error (error);
  }
  f->port = listening_port (f->server);
  f->base_url = g_strdup_printf ("%s://127.0.0.1:%u", certificate ? "https" : "http", f->port);
  f->log = roster_request_log_new (100);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_start (f, NULL);
  f->http = roster_http_new (f->base_url, f->log, &error);
  g_assert_no_error (error);
  roster_http_set_token (f->http, ROSTER_TOKEN_SCIM, SCIM_TOKEN);
  roster_http_set_token (f->http, ROSTER_TOKEN_API, API_TOKEN);
  roster_http_set_retry_policy (f->http, 4, 10, 5000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->http)
    g_assert_finalize_object (g_steal_pointer (&f->http));

  /* Timers of slow answers must not outlive the fixture. */
  for (guint i = 0; i < f->timers->len; i++)
    g_clear_handle_id (&((Paused *) g_ptr_array_index (f->timers, i))->id, g_source_remove);
  g_clear_pointer (&f->timers, g_ptr_array_unref);
  for (guint i = 0; i < f->paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (f->paused, i));
  soup_server_disconnect (f->server);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (g_steal_pointer (&f->server));
  g_assert_finalize_object (g_steal_pointer (&f->log));
  g_clear_pointer (&f->hits, g_hash_table_unref);
  g_clear_pointer (&f->paused, g_ptr_array_unref);
  g_clear_pointer (&f->base_url, g_free);
}

static void
run (Fixture           *f,
     RosterHttpRequest *request,
     Result            *r)
{
  result_clear (r);
  roster_http_request_async (f->http, request, NULL, request_cb, r);
  roster_test_wait_for (&r->done, 20000);
}

static void
get (Fixture    *f,
     const char *path,
     Result     *r)
{
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", path);

  run (f, request, r);
}

static const char *
member (RosterHttpResponse *response,
        const char         *name)
{
  JsonNode *json = roster_http_response_get_json (response);

  g_assert_nonnull (json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json));
  return json_object_get_string_member (json_node_get_object (json), name);
}

static gboolean
member_bool (RosterHttpResponse *response,
             const char         *name)
{
  return json_object_get_boolean_member (json_node_get_object (roster_http_response_get_json (response)),
                                         name);
}

/* ------------------------------------------------------------------------ */

static void
test_url_check (void)
{
  const char *good[] = {
    "https://gitlab.com", "https://gitlab.example/api/v4", "http://127.0.0.1:8080",
    "http://127.1.2.3", "http://localhost:3000/api", "http://[::1]:8080", "HTTPS://GitLab.com/",
  };
  const char *bad[] = {
    "", "gitlab.com", "ftp://gitlab.com", "http://gitlab.com", "http://10.0.0.1",
    "http://192.168.1.10:8080", "https://user:pw@gitlab.com", "https://gitlab.com/?x=1",
    "https://gitlab.com/#top", "https://", "http://localhost.example.com",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (roster_http_check_url (good[i], &error));
      g_assert_no_error (error);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RosterHttp) http = NULL;

      g_assert_false (roster_http_check_url (bad[i], &error));
      g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
      g_assert_nonnull (error->message);
      g_clear_error (&error);

      http = roster_http_new (bad[i], NULL, &error);
      g_assert_null (http);
      g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (roster_http_check_url ("http://gitlab.example.com", &error));
    /* The message says why, so the user can fix it. */
    g_assert_nonnull (strstr (error->message, "https://"));
  }
}

static void
test_escape (void)
{
  struct { const char *in; const char *out; } segments[] = {
    { "aturing@acme.example", "aturing%40acme.example" },
    { "a/b", "a%2Fb" },
    { "100%", "100%25" },
    { "a+b c", "a%2Bb%20c" },
    { "é", "%C3%A9" },
    { "c4e8a1f2-7d3b-4e5a-9c6d-0f1e2d3c4b5a", "c4e8a1f2-7d3b-4e5a-9c6d-0f1e2d3c4b5a" },
    { "?#&=", "%3F%23%26%3D" },
    { ".", "%2E" },
    { "..", "%2E%2E" },
  };
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("get", "/Users");
  g_autofree char *path = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (segments); i++)
    {
      g_autofree char *escaped = roster_http_escape_segment (segments[i].in);

      g_assert_cmpstr (escaped, ==, segments[i].out);
    }

  g_assert_cmpstr (roster_http_request_get_method (request), ==, "GET");
  roster_http_request_add_query (request, "filter", "userName eq \"a+b@x.example\"");
  roster_http_request_add_query_int (request, "count", 100);
  path = roster_http_request_dup_path_and_query (request);
  g_assert_cmpstr (path, ==,
                   "/Users?filter=userName%20eq%20%22a%2Bb%40x.example%22&count=100");
}

static void
test_json_roundtrip (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("PATCH", "/echo/Users");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *segment = roster_http_escape_segment ("a/b@c %+é");
  g_autofree char *path = g_strconcat ("/echo/Users/", segment, NULL);
  g_autoptr(RosterHttpRequest) get_request = roster_http_request_new ("GET", path);
  Result r = { 0 };

  g_assert_true (json_parser_load_from_data (parser,
                                             "{\"Operations\":[{\"op\":\"replace\",\"path\":"
                                             "\"active\",\"value\":false}]}", -1, &error));
  roster_http_request_set_token_kind (request, ROSTER_TOKEN_SCIM);
  roster_http_request_set_json_body (request, json_parser_get_root (parser),
                                     "application/scim+json");
  roster_http_request_add_query (request, "q", "a b&c");
  run (f, request, &r);

  g_assert_no_error (r.error);
  g_assert_nonnull (r.response);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 200);
  g_assert_true (roster_http_response_is_success (r.response));
  g_assert_true (roster_http_response_is_json (r.response));
  g_assert_cmpstr (roster_http_response_get_content_type (r.response), ==, "application/json");
  g_assert_true (roster_http_response_to_error (r.response, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (member (r.response, "method"), ==, "PATCH");
  g_assert_cmpstr (member (r.response, "query"), ==, "q=a%20b%26c");
  g_assert_cmpstr (member (r.response, "content_type"), ==, "application/scim+json");
  g_assert_cmpstr (member (r.response, "accept"), ==, "application/scim+json, application/json");
  g_assert_cmpstr (member (r.response, "body"), ==,
                   "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");

  /* A segment with reserved characters stays one segment. */
  run (f, get_request, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (member (r.response, "path"), ==, "/echo/Users/a/b@c %+é");
  g_assert_cmpuint (roster_http_response_get_attempts (r.response), ==, 1);
  g_assert_true (g_str_has_suffix (roster_http_response_get_url (r.response),
                                   "/echo/Users/a%2Fb%40c%20%25%2B%C3%A9"));
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (f->log));
    g_autoptr(RosterRequestRecord) record = g_list_model_get_item (G_LIST_MODEL (f->log), n - 1);

    g_assert_cmpstr (roster_request_record_get_path (record), ==,
                     "/echo/Users/a%2Fb%40c%20%25%2B%C3%A9");
  }

  result_clear (&r);
}

static void
test_form_body (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("PATCH", "/echo/saml/7103");
  Result r = { 0 };

  roster_http_request_set_token_kind (request, ROSTER_TOKEN_API);
  roster_http_request_add_form_field (request, "extern_uid", "c4e8+a1f2 @x");
  run (f, request, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (member (r.response, "content_type"), ==, "application/x-www-form-urlencoded");
  g_assert_cmpstr (member (r.response, "body"), ==, "extern_uid=c4e8%2Ba1f2%20%40x");
  g_assert_cmpstr (member (r.response, "accept"), ==, "application/json");
  result_clear (&r);
}

static void
test_auth_headers (Fixture       *f,
                   gconstpointer  data)
{
  Result r = { 0 };
  struct { RosterTokenKind kind; gboolean scim; gboolean api; } cases[] = {
    { ROSTER_TOKEN_NONE, FALSE, FALSE },
    { ROSTER_TOKEN_SCIM, TRUE, FALSE },
    { ROSTER_TOKEN_API, FALSE, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", "/echo");

      roster_http_request_set_token_kind (request, cases[i].kind);
      run (f, request, &r);
      g_assert_no_error (r.error);
      g_assert_cmpint (member_bool (r.response, "scim_auth_ok"), ==, cases[i].scim);
      g_assert_cmpint (member_bool (r.response, "has_authorization"), ==, cases[i].scim);
      g_assert_cmpint (member_bool (r.response, "api_auth_ok"), ==, cases[i].api);
      g_assert_cmpint (member_bool (r.response, "has_private_token"), ==, cases[i].api);
    }

  /* A forgotten token is not sent. */
  roster_http_set_token (f->http, ROSTER_TOKEN_API, NULL);
  g_assert_false (roster_http_has_token (f->http, ROSTER_TOKEN_API));
  {
    g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", "/echo");

    roster_http_request_set_token_kind (request, ROSTER_TOKEN_API);
    run (f, request, &r);
    g_assert_false (member_bool (r.response, "has_private_token"));
  }

  /* A pasted token with a trailing newline still works. */
  roster_http_set_token (f->http, ROSTER_TOKEN_API, API_TOKEN "\n");
  {
    g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", "/echo");

    roster_http_request_set_token_kind (request, ROSTER_TOKEN_API);
    run (f, request, &r);
    g_assert_true (member_bool (r.response, "api_auth_ok"));
  }

  result_clear (&r);
}

static void
test_status_mapping (Fixture       *f,
                     gconstpointer  data)
{
  struct { guint status; int code; } cases[] = {
    { 401, ROSTER_ERROR_AUTH },
    { 403, ROSTER_ERROR_FORBIDDEN },
    { 404, ROSTER_ERROR_NOT_FOUND },
    { 409, ROSTER_ERROR_CONFLICT },
    { 412, ROSTER_ERROR_PRECONDITION },
    { 500, ROSTER_ERROR_SERVER },
    { 418, ROSTER_ERROR_PROTOCOL },
  };
  Result r = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/status/%u", cases[i].status);
      g_autoptr(GError) error = NULL;

      get (f, path, &r);
      /* Any completed exchange is a response, whatever its status. */
      g_assert_no_error (r.error);
      g_assert_cmpuint (roster_http_response_get_status (r.response), ==, cases[i].status);
      g_assert_true (roster_http_response_is_json (r.response));
      g_assert_false (roster_http_response_to_error (r.response, &error));
      g_assert_error (error, ROSTER_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, "404 Group Not Found"));
    }

  {
    g_autoptr(GError) error = NULL;

    get (f, "/validation", &r);
    g_assert_false (roster_http_response_to_error (r.response, &error));
    g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "extern_uid has already been taken"));
  }
  {
    g_autoptr(GError) error = NULL;

    get (f, "/scim-error", &r);
    g_assert_false (roster_http_response_to_error (r.response, &error));
    g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PRECONDITION);
    g_assert_nonnull (strstr (error->message, "Unsupported Filter"));
  }
  {
    g_autoptr(GError) error = NULL;

    /* An error page that is not JSON is still a response, without a tree. */
    get (f, "/malformed-404", &r);
    g_assert_no_error (r.error);
    g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 404);
    g_assert_false (roster_http_response_is_json (r.response));
    g_assert_false (roster_http_response_to_error (r.response, &error));
    g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
  }

  result_clear (&r);
}

static void
test_link_header (Fixture       *f,
                  gconstpointer  data)
{
  Result r = { 0 };
  g_autofree char *next = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *last = NULL;

  get (f, "/pages", &r);
  g_assert_no_error (r.error);
  next = roster_http_response_dup_link (r.response, "next");
  prev = roster_http_response_dup_link (r.response, "prev");
  last = roster_http_response_dup_link (r.response, "last");
  g_assert_cmpstr (next, ==, "https://x.example/api/v4/groups?page=3&a=1,2");
  g_assert_cmpstr (prev, ==, "https://x.example/api/v4/groups?page=1");
  g_assert_cmpstr (last, ==, "https://x.example/api/v4/groups?page=9");
  {
    g_autofree char *first = roster_http_response_dup_link (r.response, "first");
    g_autofree char *none = roster_http_response_dup_link (r.response, "self");

    g_assert_cmpstr (first, ==, "https://x.example/api/v4/groups?page=9");
    g_assert_null (none);
  }

  /* A link to another origin is refused, not followed. */
  {
    g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", next);

    run (f, request, &r);
    g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
    g_assert_null (r.response);
  }
  /* An absolute URL of the same origin is fine. */
  {
    g_autofree char *url = g_strdup_printf ("%s/echo?page=2", f->base_url);
    g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", url);

    run (f, request, &r);
    g_assert_no_error (r.error);
    g_assert_cmpstr (member (r.response, "query"), ==, "page=2");
  }

  result_clear (&r);
}

static void
test_concurrency (Fixture       *f,
                  gconstpointer  data)
{
  Result results[12] = { 0 };

  roster_http_set_max_concurrent (f->http, 3);
  g_assert_cmpuint (roster_http_get_max_concurrent (f->http), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", "/slow?ms=30");

      roster_http_request_async (f->http, request, NULL, request_cb, &results[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      roster_test_wait_for (&results[i].done, 20000);
      g_assert_no_error (results[i].error);
      g_assert_cmpuint (roster_http_response_get_status (results[i].response), ==, 200);
      result_clear (&results[i]);
    }

  /* The server saw all of them, never more than three at once, and the
   * bound was actually reached (so the test can fail). */
  g_assert_cmpuint (f->started, ==, 12);
  g_assert_cmpuint (f->max_in_flight, ==, 3);
}

static void
test_retry_429 (Fixture       *f,
                gconstpointer  data)
{
  Result r = { 0 };
  g_autoptr(GError) error = NULL;

  /* Without Retry-After: exponential backoff. */
  get (f, "/flaky/429?fail=2", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 200);
  g_assert_cmpuint (roster_http_response_get_attempts (r.response), ==, 3);
  g_assert_cmpuint (hits (f, "/flaky/429"), ==, 3);

  /* With Retry-After (seconds): waits that long. */
  g_hash_table_remove_all (f->hits);
  get (f, "/flaky/429?fail=1&retry-after=1", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 200);
  g_assert_cmpuint (hits (f, "/flaky/429"), ==, 2);
  g_assert_cmpint (f->last_request_us - f->prev_request_us, >=, G_USEC_PER_SEC - 50000);

  /* Always 429: after max attempts the 429 is the response. */
  g_hash_table_remove_all (f->hits);
  get (f, "/flaky/429?fail=100&retry-after=0", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 429);
  g_assert_cmpuint (hits (f, "/flaky/429"), ==, 4);
  g_assert_false (roster_http_response_is_json (r.response));
  g_assert_false (roster_http_response_to_error (r.response, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_RATE_LIMITED);
  g_clear_error (&error);

  /* A wait beyond the cap is not done: the 429 comes back at once, and the
   * error says how long to wait. */
  g_hash_table_remove_all (f->hits);
  get (f, "/flaky/429?fail=100&retry-after=3600", &r);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 429);
  g_assert_cmpuint (hits (f, "/flaky/429"), ==, 1);
  g_assert_cmpuint (roster_http_response_get_retry_after (r.response), ==, 3600);
  g_assert_false (roster_http_response_to_error (r.response, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "3600"));

  result_clear (&r);
}

static void
test_retry_http_date (Fixture       *f,
                      gconstpointer  data)
{
  Result r = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_seconds (now, -10);
  g_autofree char *date = soup_date_time_to_string (past, SOUP_DATE_HTTP);
  g_autofree char *escaped = g_uri_escape_string (date, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/flaky/503?fail=1&retry-after=%s", escaped);

  /* An HTTP date in the past means "now". */
  get (f, path, &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 200);
  g_assert_cmpuint (hits (f, "/flaky/503"), ==, 2);
  result_clear (&r);
}

static void
test_retry_5xx (Fixture       *f,
                gconstpointer  data)
{
  const char *paths[] = { "/flaky/502", "/flaky/503", "/flaky/504" };
  Result r = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *path = g_strconcat (paths[i], "?fail=2", NULL);

      get (f, path, &r);
      g_assert_no_error (r.error);
      g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 200);
      g_assert_cmpuint (hits (f, paths[i]), ==, 3);
    }

  /* 500 is not retried. */
  get (f, "/flaky/500?fail=1", &r);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 500);
  g_assert_cmpuint (hits (f, "/flaky/500"), ==, 1);

  result_clear (&r);
}

static void
test_no_retry_writes (Fixture       *f,
                      gconstpointer  data)
{
  const char *methods[] = { "POST", "PATCH", "PUT", "DELETE" };
  Result r = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(RosterHttpRequest) request = roster_http_request_new (methods[i],
                                                                      "/flaky/503?fail=1");
      g_autoptr(GError) error = NULL;

      g_hash_table_remove_all (f->hits);
      run (f, request, &r);
      g_assert_no_error (r.error);
      g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 503);
      g_assert_cmpuint (hits (f, "/flaky/503"), ==, 1);
      g_assert_false (roster_http_response_to_error (r.response, &error));
      g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_SERVER);
    }

  /* Also not on 429. */
  {
    g_autoptr(RosterHttpRequest) request = roster_http_request_new ("PATCH",
                                                                    "/flaky/429?fail=1&retry-after=0");

    run (f, request, &r);
    g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 429);
    g_assert_cmpuint (hits (f, "/flaky/429"), ==, 1);
  }

  result_clear (&r);
}

static gint64
remote_port (RosterHttpResponse *response)
{
  return json_object_get_int_member (json_node_get_object (roster_http_response_get_json (response)),
                                     "remote_port");
}

static void
test_writes_new_connection (Fixture       *f,
                            gconstpointer  data)
{
  const char *methods[] = { "PATCH", "DELETE", "PUT", "POST" };
  Result r = { 0 };
  gint64 first;
  gint64 second;

  /* Reads share a kept-alive connection... */
  get (f, "/echo", &r);
  first = remote_port (r.response);
  get (f, "/echo", &r);
  second = remote_port (r.response);
  g_assert_cmpint (first, ==, second);

  /* ...a write gets a connection of its own, so that nothing can re-send
   * it on finding a stale one (libsoup would reuse one for PUT and DELETE). */
  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(RosterHttpRequest) write = roster_http_request_new (methods[i], "/echo");

      get (f, "/echo", &r);
      first = remote_port (r.response);
      run (f, write, &r);
      g_assert_no_error (r.error);
      g_assert_cmpstr (member (r.response, "method"), ==, methods[i]);
      g_assert_cmpint (remote_port (r.response), !=, first);
    }

  result_clear (&r);
}

static void
test_rate_limit_reset (Fixture       *f,
                       gconstpointer  data)
{
  Result r = { 0 };

  get (f, "/ratelimit", &r);
  g_assert_no_error (r.error);
  /* RateLimit-Remaining: 0, RateLimit-Reset: 1 → the next request waits. */
  get (f, "/ratelimit", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (hits (f, "/ratelimit"), ==, 2);
  g_assert_cmpint (f->last_request_us - f->prev_request_us, >=, G_USEC_PER_SEC - 50000);
  result_clear (&r);
}

static void
cancel_when_started_cb (GObject    *object,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) queued_cancellable = g_cancellable_new ();
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", "/slow?ms=60000");
  Result r = { 0 };
  Result queued = { 0 };
  Result after = { 0 };

  (void) cancel_when_started_cb;
  roster_http_set_max_concurrent (f->http, 1);

  /* One in flight (the server holds it), one waiting for the slot. */
  roster_http_request_async (f->http, request, cancellable, request_cb, &r);
  roster_http_request_async (f->http, request, queued_cancellable, request_cb, &queued);
  while (f->started < 1)
    g_main_context_iteration (NULL, TRUE);

  g_cancellable_cancel (queued_cancellable);
  roster_test_wait_for (&queued.done, 20000);
  g_assert_error (queued.error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
  g_assert_null (queued.response);
  g_assert_false (r.done);

  g_cancellable_cancel (cancellable);
  roster_test_wait_for (&r.done, 20000);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
  g_assert_null (r.response);

  /* The slot is free again. */
  get (f, "/echo", &after);
  g_assert_no_error (after.error);
  g_assert_cmpuint (f->started, ==, 2);

  /* Cancelled before it was even sent. */
  {
    g_autoptr(GCancellable) early = g_cancellable_new ();
    Result e = { 0 };

    g_cancellable_cancel (early);
    roster_http_request_async (f->http, request, early, request_cb, &e);
    roster_test_wait_for (&e.done, 20000);
    g_assert_error (e.error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
    result_clear (&e);
  }

  result_clear (&r);
  result_clear (&queued);
  result_clear (&after);
}

static void
test_cancel_mid_body (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", "/stream");
  Result r = { 0 };
  Result after = { 0 };

  f->streaming = f;
  roster_http_request_async (f->http, request, cancellable, request_cb, &r);
  while (f->streaming != NULL)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 10 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (r.done);

  g_cancellable_cancel (cancellable);
  roster_test_wait_for (&r.done, 20000);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
  g_assert_null (r.response);

  /* Nothing is left pending: the next request goes through. */
  get (f, "/echo", &after);
  g_assert_no_error (after.error);

  result_clear (&r);
  result_clear (&after);
}

static void
test_cancel_retry_wait (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RosterHttpRequest) request =
    roster_http_request_new ("GET", "/flaky/503?fail=100&retry-after=30");
  Result r = { 0 };

  roster_http_set_retry_policy (f->http, 4, 10, 600000);
  roster_http_request_async (f->http, request, cancellable, request_cb, &r);
  while (hits (f, "/flaky/503") < 1)
    g_main_context_iteration (NULL, TRUE);
  /* Now sleeping 30 s before the retry. */
  g_cancellable_cancel (cancellable);
  roster_test_wait_for (&r.done, 20000);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
  g_assert_cmpuint (hits (f, "/flaky/503"), ==, 1);
  result_clear (&r);
}

static void
test_hostile_bodies (Fixture       *f,
                     gconstpointer  data)
{
  const char *paths[] = { "/malformed", "/invalid-utf8", "/deep" };
  Result r = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      get (f, paths[i], &r);
      g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
      g_assert_null (r.response);
    }

  /* The wrong top-level type is the caller's business. */
  get (f, "/array", &r);
  g_assert_no_error (r.error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (roster_http_response_get_json (r.response)));

  /* Big and valid: parsed (in a worker thread). */
  get (f, "/big", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (roster_http_response_get_json (r.response))),
                    ==, 20000);

  /* Over the size limit, with and without Content-Length. */
  roster_http_set_max_body_size (f->http, 64 * 1024);
  get (f, "/big", &r);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  get (f, "/big-chunked", &r);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);

  /* Still usable afterwards. */
  get (f, "/echo", &r);
  g_assert_no_error (r.error);

  result_clear (&r);
}

static void
get_raw (Fixture    *f,
         const char *path,
         Result     *r)
{
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", path);

  roster_http_request_set_raw_json (request, TRUE);
  run (f, request, r);
}

/* Raw JSON: a successful body is handed over unparsed (even a malformed
 * one: the caller's reader judges it); error bodies are still parsed. */
static void
test_raw_json (Fixture       *f,
               gconstpointer  data)
{
  Result r = { 0 };
  gsize size;
  const char *body;

  get_raw (f, "/big", &r);
  g_assert_no_error (r.error);
  g_assert_null (roster_http_response_get_json (r.response));
  g_assert_false (roster_http_response_is_json (r.response));
  g_assert_true (roster_http_response_declares_json (r.response));
  body = g_bytes_get_data (roster_http_response_get_body (r.response), &size);
  g_assert_cmpuint (size, >, 20000 * strlen ("{\"id\":1,\"token\":\"x\"}"));
  g_assert_true (g_str_has_prefix (body, "[{\"id\":0,\"token\":\"x\"}"));
  g_assert_cmpint (body[size - 1], ==, ']');

  get_raw (f, "/malformed", &r);
  g_assert_no_error (r.error);
  g_assert_null (roster_http_response_get_json (r.response));
  g_assert_true (roster_http_response_declares_json (r.response));
  body = g_bytes_get_data (roster_http_response_get_body (r.response), &size);
  g_assert_cmpmem (body, size, "{\"Resources\": [1, 2,", strlen ("{\"Resources\": [1, 2,"));

  get_raw (f, "/status/404", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 404);
  g_assert_nonnull (roster_http_response_get_json (r.response));
  g_assert_cmpstr (member (r.response, "message"), ==, "404 Group Not Found");

  /* A 200 in plain text: not declared JSON. */
  get_raw (f, "/flaky/200?fail=1", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 200);
  g_assert_false (roster_http_response_declares_json (r.response));
  g_assert_null (roster_http_response_get_json (r.response));

  /* The size limit still holds. */
  roster_http_set_max_body_size (f->http, 64 * 1024);
  get_raw (f, "/big", &r);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_null (r.response);

  /* Without the flag, the same answer is parsed. */
  roster_http_set_max_body_size (f->http, ROSTER_HTTP_DEFAULT_MAX_BODY_SIZE);
  get (f, "/malformed", &r);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);

  result_clear (&r);
}

static void
test_redirects (Fixture       *f,
                gconstpointer  data)
{
  Result r = { 0 };
  g_autoptr(GError) error = NULL;

  get (f, "/redirect-same", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 200);
  g_assert_cmpstr (member (r.response, "path"), ==, "/echo/after-redirect");
  g_assert_cmpuint (roster_http_response_get_attempts (r.response), ==, 2);

  get (f, "/redirect-cross", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 302);
  g_assert_false (roster_http_response_to_error (r.response, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "127.0.0.2"));

  get (f, "/redirect-loop", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 302);
  g_assert_cmpuint (hits (f, "/redirect-loop"), ==, ROSTER_HTTP_MAX_REDIRECTS + 1);

  /* 307 repeats a POST with its body. */
  {
    g_autoptr(RosterHttpRequest) request = roster_http_request_new ("POST", "/redirect-post");

    roster_http_request_add_form_field (request, "a", "b");
    run (f, request, &r);
    g_assert_no_error (r.error);
    g_assert_cmpstr (member (r.response, "method"), ==, "POST");
    g_assert_cmpstr (member (r.response, "body"), ==, "a=b");
  }

  result_clear (&r);
}

static void
test_connection_refused (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterHttp) http = NULL;
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", "/x");
  g_autofree char *url = NULL;
  Result r = { 0 };

  /* A port that was free a moment ago, and that nobody listens on. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  http = roster_http_new (url, NULL, &error);
  g_assert_no_error (error);
  roster_http_request_async (http, request, NULL, request_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_NETWORK);
  g_assert_null (r.response);
  result_clear (&r);
  g_assert_finalize_object (g_steal_pointer (&http));
}

/* A raw server in a thread: for each of its answers in turn, accepts a
 * connection, reads one request, writes the canned bytes (none: it just
 * hangs up), closes. */
typedef struct
{
  GSocket     *listener;
  const char **answers;
  guint        port;
  guint        served;
  GThread     *thread;
} RawServer;

static gpointer
raw_server_thread (gpointer data)
{
  RawServer *raw = data;

  for (guint i = 0; raw->answers[i]; i++)
    {
      g_autoptr(GSocket) client = g_socket_accept (raw->listener, NULL, NULL);
      GString *request = g_string_new (NULL);
      char buf[1024];

      if (client == NULL)
        break;

      while (!strstr (request->str, "\r\n\r\n"))
        {
          gssize n = g_socket_receive (client, buf, sizeof buf, NULL, NULL);

          if (n <= 0)
            break;
          g_string_append_len (request, buf, n);
        }

      g_socket_send (client, raw->answers[i], strlen (raw->answers[i]), NULL, NULL);
      g_socket_shutdown (client, FALSE, TRUE, NULL);
      g_socket_close (client, NULL);
      g_string_free (request, TRUE);
      g_atomic_int_inc (&raw->served);
    }

  return NULL;
}

static void
raw_server_start (RawServer   *raw,
                  const char **answers)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  raw->answers = answers;
  raw->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (raw->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (raw->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (raw->listener, &error);
  raw->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  raw->thread = g_thread_new ("raw-server", raw_server_thread, raw);
}

static void
raw_server_stop (RawServer *raw)
{
  g_thread_join (raw->thread);
  g_socket_close (raw->listener, NULL);
  g_clear_object (&raw->listener);
}

static RosterHttp *
raw_client (RawServer *raw)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", raw->port);
  RosterHttp *http = roster_http_new (url, NULL, &error);

  g_assert_no_error (error);
  roster_http_set_retry_policy (http, 3, 10, 5000);
  return http;
}

#define RAW_OK "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" \
               "Content-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}"

static void
test_reset_retry (void)
{
  const char *answers[] = { "", "", RAW_OK, NULL };
  RawServer raw = { 0 };
  g_autoptr(RosterHttp) http = NULL;
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", "/x");
  Result r = { 0 };

  /* Hung up on twice without an answer, then served. */
  raw_server_start (&raw, answers);
  http = raw_client (&raw);
  roster_http_request_async (http, request, NULL, request_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 200);
  g_assert_cmpuint (roster_http_response_get_attempts (r.response), ==, 3);
  raw_server_stop (&raw);
  g_assert_cmpuint (raw.served, ==, 3);
  result_clear (&r);
  g_assert_finalize_object (g_steal_pointer (&http));
}

static void
test_reset_no_retry_post (void)
{
  const char *answers[] = { "", NULL };
  RawServer raw = { 0 };
  g_autoptr(RosterHttp) http = NULL;
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("POST", "/x");
  g_autoptr(RosterRequestLog) log = roster_request_log_new (10);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Result r = { 0 };

  /* A write that may have reached the server is not sent again. */
  raw_server_start (&raw, answers);
  url = g_strdup_printf ("http://127.0.0.1:%u", raw.port);
  http = roster_http_new (url, log, &error);
  g_assert_no_error (error);
  roster_http_request_add_form_field (request, "a", "b");
  roster_http_request_async (http, request, NULL, request_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_NETWORK);
  raw_server_stop (&raw);
  g_assert_cmpuint (raw.served, ==, 1);

  /* The failed exchange is in the log, with its error and no status. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  {
    g_autoptr(RosterRequestRecord) record = g_list_model_get_item (G_LIST_MODEL (log), 0);

    g_assert_cmpuint (roster_request_record_get_status (record), ==, 0);
    g_assert_cmpstr (roster_request_record_get_method (record), ==, "POST");
    g_assert_nonnull (roster_request_record_get_error (record));
    g_assert_cmpstr (roster_request_record_get_request_excerpt (record), ==, "a=b");
  }

  result_clear (&r);
  g_assert_finalize_object (g_steal_pointer (&http));
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  Result r = { 0 };

  roster_http_set_timeout (f->http, 1);
  get (f, "/slow?ms=10000", &r);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_NETWORK);
  g_assert_cmpuint (hits (f, "/slow"), ==, 1);
  result_clear (&r);
}

static void
test_truncated (void)
{
  const char *answers[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    "Content-Length: 1000\r\nConnection: close\r\n\r\n{\"Resources\": [1, 2]}",
    NULL
  };
  RawServer raw = { 0 };
  g_autoptr(RosterHttp) http = NULL;
  g_autoptr(RosterHttpRequest) request = roster_http_request_new ("POST", "/x");
  Result r = { 0 };

  /* Content-Length promises 1000 bytes, 21 come (valid JSON so far), then
   * the connection ends. A POST, so that no retry opens a second connection. */
  raw_server_start (&raw, answers);
  http = raw_client (&raw);
  roster_http_request_async (http, request, NULL, request_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (r.error->message, "truncated"));
  raw_server_stop (&raw);
  result_clear (&r);
  g_assert_finalize_object (g_steal_pointer (&http));
}

static GTlsCertificate *
load_certificate (const char *cert_name,
                  const char *key_name)
{
  g_autofree char *cert = roster_test_data_path ("tls", cert_name, NULL);
  g_autofree char *key = roster_test_data_path ("tls", key_name, NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_files (cert, key, &error);

  g_assert_no_error (error);
  return certificate;
}

static void
test_tls (void)
{
  g_autoptr(GTlsCertificate) certificate = load_certificate ("test-cert.pem", "test-key.pem");
  g_autofree char *cert_path = roster_test_data_path ("tls", "test-cert.pem", NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *localhost_url = NULL;
  Fixture f = { 0 };
  Result r = { 0 };

  fixture_start (&f, certificate);

  /* Self-signed, not trusted: refused, with an explanation. */
  f.http = roster_http_new (f.base_url, f.log, &error);
  g_assert_no_error (error);
  get (&f, "/echo", &r);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_TLS);
  g_assert_nonnull (strstr (r.error->message, "not trusted"));
  g_assert_null (r.response);
  g_assert_cmpuint (f.started, ==, 0);

  /* Trusted: it works. */
  database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  roster_http_set_tls_database (f.http, database);
  get (&f, "/echo", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (roster_http_response_get_status (r.response), ==, 200);
  g_assert_finalize_object (g_steal_pointer (&f.http));

  /* Trusted, but for another host name. */
  localhost_url = g_strdup_printf ("https://localhost:%u", f.port);
  f.http = roster_http_new (localhost_url, f.log, &error);
  g_assert_no_error (error);
  roster_http_set_tls_database (f.http, database);
  get (&f, "/echo", &r);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_TLS);
  g_assert_nonnull (strstr (r.error->message, "different host name"));

  result_clear (&r);
  fixture_teardown (&f, NULL);
}

static void
test_log_records (Fixture       *f,
                  gconstpointer  data)
{
  Result r = { 0 };
  g_autoptr(RosterRequestRecord) first = NULL;
  g_autoptr(RosterRequestRecord) last = NULL;
  guint n;

  get (f, "/flaky/503?fail=1", &r);
  g_assert_no_error (r.error);

  /* Every exchange is recorded, the retry too. */
  n = g_list_model_get_n_items (G_LIST_MODEL (f->log));
  g_assert_cmpuint (n, ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (f->log), 0);
  last = g_list_model_get_item (G_LIST_MODEL (f->log), 1);
  g_assert_cmpstr (roster_request_record_get_method (first), ==, "GET");
  g_assert_cmpstr (roster_request_record_get_path (first), ==, "/flaky/503?fail=1");
  g_assert_cmpuint (roster_request_record_get_status (first), ==, 503);
  g_assert_cmpuint (roster_request_record_get_attempt (first), ==, 1);
  g_assert_cmpuint (roster_request_record_get_status (last), ==, 200);
  g_assert_cmpuint (roster_request_record_get_attempt (last), ==, 2);
  g_assert_cmpstr (roster_request_record_get_token_kind (last), ==, "none");
  g_assert_cmpstr (roster_request_record_get_response_excerpt (last), ==, "{\"ok\":true}");

  result_clear (&r);
}

static void
test_tls_expired (void)
{
  g_autoptr(GTlsCertificate) certificate = load_certificate ("expired-cert.pem",
                                                             "expired-key.pem");
  g_autofree char *cert_path = roster_test_data_path ("tls", "expired-cert.pem", NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  Result r = { 0 };

  /* Trusted but expired: still refused, and the message says why. */
  fixture_start (&f, certificate);
  f.http = roster_http_new (f.base_url, f.log, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  roster_http_set_tls_database (f.http, database);
  get (&f, "/echo", &r);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_TLS);
  g_assert_nonnull (strstr (r.error->message, "expired"));
  g_assert_cmpuint (f.started, ==, 0);

  result_clear (&r);
  fixture_teardown (&f, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/roster/http/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/roster/http/url-check", test_url_check);
  g_test_add_func ("/roster/http/escape", test_escape);
  ADD ("json-roundtrip", test_json_roundtrip);
  ADD ("form-body", test_form_body);
  ADD ("auth-headers", test_auth_headers);
  ADD ("status-mapping", test_status_mapping);
  ADD ("link-header", test_link_header);
  ADD ("concurrency", test_concurrency);
  ADD ("retry-429", test_retry_429);
  ADD ("retry-http-date", test_retry_http_date);
  ADD ("retry-5xx", test_retry_5xx);
  ADD ("no-retry-writes", test_no_retry_writes);
  ADD ("rate-limit-reset", test_rate_limit_reset);
  ADD ("writes-new-connection", test_writes_new_connection);
  ADD ("cancel", test_cancel);
  ADD ("cancel-mid-body", test_cancel_mid_body);
  ADD ("cancel-retry-wait", test_cancel_retry_wait);
  ADD ("hostile-bodies", test_hostile_bodies);
  ADD ("raw-json", test_raw_json);
  ADD ("redirects", test_redirects);
  ADD ("log-records", test_log_records);
  g_test_add_func ("/roster/http/connection-refused", test_connection_refused);
  g_test_add_func ("/roster/http/truncated", test_truncated);
  g_test_add_func ("/roster/http/reset-retry", test_reset_retry);
  g_test_add_func ("/roster/http/reset-no-retry-post", test_reset_no_retry_post);
  ADD ("timeout", test_timeout);
  g_test_add_func ("/roster/http/tls", test_tls);
  g_test_add_func ("/roster/http/tls-expired", test_tls_expired);

  return g_test_run ();
}
