/* test-request-log.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-request-log"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "roster-request-log.h"
#include "roster-test-utils.h"

#define TOKEN "glpat-Zq3xSECRETvalue99"

static const char * const secrets[] = { TOKEN, "scim-token-abcdef", NULL };

static void
add_simple (RosterRequestLog *log,
            const char       *url,
            guint             status)
{
  RosterRequestLogEntry entry = {
    .method = "GET",
    .url = url,
    .token_kind = "api",
    .status = status,
    .duration_us = 1500,
    .attempt = 1,
    .secrets = secrets,
  };

  roster_request_log_add (log, &entry);
}

typedef struct
{
  guint n;
  guint signals;
} Mirror;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Mirror *mirror = user_data;

  g_assert_cmpuint (position + removed, <=, mirror->n);
  mirror->n = mirror->n - removed + added;
  mirror->signals++;
  g_assert_cmpuint (mirror->n, ==, g_list_model_get_n_items (model));
}

static void
test_ring (void)
{
  g_autoptr(RosterRequestLog) log = roster_request_log_new (3);
  Mirror mirror = { 0 };

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == ROSTER_TYPE_REQUEST_RECORD);
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &mirror);

  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *url = g_strdup_printf ("/r/%u", i);

      add_simple (log, url, 200);
    }

  g_assert_cmpuint (roster_request_log_get_capacity (log), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 3);
  g_assert_cmpuint (mirror.n, ==, 3);
  g_assert_cmpuint (roster_request_log_get_total (log), ==, 5);

  /* Oldest first; the two oldest were dropped. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RosterRequestRecord) record = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autofree char *expected = g_strdup_printf ("/r/%u", i + 3);

      g_assert_cmpstr (roster_request_record_get_path (record), ==, expected);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 3));

  roster_request_log_set_capacity (log, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  {
    g_autoptr(RosterRequestRecord) record = g_list_model_get_item (G_LIST_MODEL (log), 0);

    g_assert_cmpstr (roster_request_record_get_path (record), ==, "/r/5");
  }

  roster_request_log_clear (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (mirror.n, ==, 0);
  g_assert_cmpuint (roster_request_log_get_total (log), ==, 5);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_record_fields (void)
{
  g_autoptr(RosterRequestLog) log = roster_request_log_new (0);
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 3, 1, 12, 0, 0);
  g_autoptr(GBytes) body = g_bytes_new_static ("Retry later", 11);
  RosterRequestLogEntry entry = {
    .time = time,
    .method = "PATCH",
    .url = "https://user:pw@gitlab.example:8443/api/v4/groups/4242/saml/abc?x=1#frag",
    .token_kind = "scim",
    .status = 429,
    .duration_us = 2500,
    .request_bytes = 42,
    .response_bytes = 11,
    .attempt = 3,
    .response_body = body,
    .response_content_type = "text/plain",
  };
  RosterRequestRecord *record;
  g_autofree char *method = NULL;
  guint status;

  g_assert_cmpuint (roster_request_log_get_capacity (log), ==, ROSTER_REQUEST_LOG_DEFAULT_CAPACITY);
  record = roster_request_log_add (log, &entry);
  g_assert_true (roster_request_record_get_time (record) == time);
  g_assert_cmpstr (roster_request_record_get_method (record), ==, "PATCH");
  /* Path and query only: no scheme, credentials, host or fragment. */
  g_assert_cmpstr (roster_request_record_get_path (record), ==, "/api/v4/groups/4242/saml/abc?x=1");
  g_assert_cmpuint (roster_request_record_get_status (record), ==, 429);
  g_assert_cmpint (roster_request_record_get_duration_us (record), ==, 2500);
  g_assert_cmpuint (roster_request_record_get_request_bytes (record), ==, 42);
  g_assert_cmpuint (roster_request_record_get_response_bytes (record), ==, 11);
  g_assert_cmpuint (roster_request_record_get_attempt (record), ==, 3);
  g_assert_cmpstr (roster_request_record_get_token_kind (record), ==, "scim");
  g_assert_null (roster_request_record_get_error (record));
  g_assert_null (roster_request_record_get_request_excerpt (record));
  g_assert_cmpstr (roster_request_record_get_response_excerpt (record), ==, "Retry later");

  /* Properties, for list bindings. */
  g_object_get (record, "method", &method, "status", &status, NULL);
  g_assert_cmpstr (method, ==, "PATCH");
  g_assert_cmpuint (status, ==, 429);
}

static char *
excerpt_of (RosterRequestLog *log,
            const char       *content_type,
            const char       *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  RosterRequestLogEntry entry = {
    .method = "POST",
    .url = "/x",
    .request_body = bytes,
    .request_content_type = content_type,
    .secrets = secrets,
  };
  RosterRequestRecord *record = roster_request_log_add (log, &entry);

  return g_strdup (roster_request_record_get_request_excerpt (record));
}

static void
test_redact_json (void)
{
  g_autoptr(RosterRequestLog) log = roster_request_log_new (10);
  g_autofree char *excerpt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonObject *nested;

  excerpt = excerpt_of (log, "application/json; charset=utf-8",
                        "{\"Token\": \"abc\", \"password\": \"hunter2\", \"userName\": \"ada\","
                        " \"nested\": {\"client_secret\": \"s3\", \"ACCESS_TOKEN\": 1,"
                        " \"private_token\": [\"x\"], \"scim_token_id\": 7, \"note\": null},"
                        " \"list\": [{\"secret\": \"q\"}, \"plain\"],"
                        " \"echo\": \"Bearer " TOKEN "\", \"count\": 2, \"ratio\": 0.5,"
                        " \"ok\": true, \"refresh_token\": null}");

  g_assert_null (strstr (excerpt, "abc"));
  g_assert_null (strstr (excerpt, "hunter2"));
  g_assert_null (strstr (excerpt, "s3\""));
  g_assert_null (strstr (excerpt, TOKEN));
  g_assert_true (json_parser_load_from_data (parser, excerpt, -1, &error));
  g_assert_no_error (error);

  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "Token"), ==, "[REDACTED]");
  g_assert_cmpstr (json_object_get_string_member (object, "password"), ==, "[REDACTED]");
  g_assert_cmpstr (json_object_get_string_member (object, "userName"), ==, "ada");
  g_assert_cmpstr (json_object_get_string_member (object, "echo"), ==, "Bearer [REDACTED]");
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 2);
  g_assert_true (json_object_get_boolean_member (object, "ok"));
  g_assert_true (json_object_get_null_member (object, "refresh_token"));
  nested = json_object_get_object_member (object, "nested");
  g_assert_cmpstr (json_object_get_string_member (nested, "client_secret"), ==, "[REDACTED]");
  g_assert_cmpstr (json_object_get_string_member (nested, "ACCESS_TOKEN"), ==, "[REDACTED]");
  g_assert_cmpstr (json_object_get_string_member (nested, "private_token"), ==, "[REDACTED]");
  g_assert_cmpstr (json_object_get_string_member (nested, "scim_token_id"), ==, "[REDACTED]");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (object, "list"), 0), "secret"), ==,
                   "[REDACTED]");

  /* A tree given by the caller is used as is (no second parse). */
  {
    g_autoptr(JsonNode) node = json_from_string ("{\"password\": \"pw\", \"id\": \"7\"}", NULL);
    RosterRequestLogEntry entry = {
      .method = "GET", .url = "/x", .response_json = node,
      .response_content_type = "application/scim+json",
    };
    RosterRequestRecord *record = roster_request_log_add (log, &entry);

    g_assert_cmpstr (roster_request_record_get_response_excerpt (record), ==,
                     "{\"password\":\"[REDACTED]\",\"id\":\"7\"}");
  }
}

/* A JSON body given without its tree is read only as far as the excerpt
 * goes, with the same result as from json-glib's tree. */
static char *
excerpt_with (RosterRequestLog *log,
              const char       *body,
              gboolean          tree)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(JsonNode) node = tree ? json_from_string (body, NULL) : NULL;
  RosterRequestLogEntry entry = {
    .method = "GET",
    .url = "/x",
    .response_body = bytes,
    .response_content_type = "application/json",
    .response_json = node,
    .secrets = secrets,
  };
  RosterRequestRecord *record;

  g_assert_true (!tree || node != NULL);
  record = roster_request_log_add (log, &entry);
  return g_strdup (roster_request_record_get_response_excerpt (record));
}

static void
test_redact_json_text (void)
{
  g_autoptr(RosterRequestLog) log = roster_request_log_new (10);
  g_autofree char *path = roster_test_data_path ("gitlab", "group-members.json", NULL);
  g_autofree char *members = NULL;
  g_autoptr(GString) big = g_string_new ("[");
  const char *bodies[] = {
    "{}", "[]", "null", "true", "-0", "12", "\"text\"",
    "{\"Token\": \"abc\", \"password\": \"hunter2\", \"userName\": \"ada\","
    " \"nested\": {\"client_secret\": \"s3\", \"ACCESS_TOKEN\": 1,"
    " \"private_token\": [\"x\"], \"scim_token_id\": 7, \"note\": null},"
    " \"list\": [{\"secret\": \"q\"}, \"plain\"],"
    " \"echo\": \"Bearer " TOKEN "\", \"count\": 2, \"ratio\": 0.5,"
    " \"ok\": true, \"refresh_token\": null}",
    "[1.0, 1e3, -2.5E-3, 0.1, 123456789.123456789, -9223372036854775808, 9223372036854775807]",
    "{\"s\": \"q\\\"b\\\\s\\/f\\b\\f\\n\\r\\t \\u00e9\\ud83d\\ude00 \\u0001 é€😀\"}",
    "{\"\\u0074oken\": \"escaped name\", \"a\": {\"b\": [[[], {}], [{\"c\": [null]}]]}}",
  };
  gsize sizes[] = { 1 << 20, 4096, 200, 37, 8, 1 };

  g_assert_true (g_file_get_contents (path, &members, NULL, NULL));
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (big, "%s{\"id\":%u,\"token\":\"%s\",\"name\":\"user \\u00e9 %u\"}",
                            i ? "," : "", i, TOKEN, i);
  g_string_append_c (big, ']');

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      roster_request_log_set_excerpt_size (log, sizes[k]);
      for (guint i = 0; i < G_N_ELEMENTS (bodies) + 2; i++)
        {
          const char *body = i < G_N_ELEMENTS (bodies) ? bodies[i] : i == G_N_ELEMENTS (bodies) ? members : big->str;
          g_autofree char *from_tree = excerpt_with (log, body, TRUE);
          g_autofree char *from_text = excerpt_with (log, body, FALSE);

          g_assert_cmpstr (from_text, ==, from_tree);
          g_assert_null (strstr (from_text, TOKEN));
        }
    }

  /* Invalid UTF-8 after the excerpt is not read: the same excerpt as
   * without it. Within the excerpt, the body is not JSON text: it shows
   * as text made valid, its tokens scrubbed. */
  roster_request_log_set_excerpt_size (log, 200);
  {
    g_autofree char *valid = excerpt_with (log, big->str, FALSE);
    g_autoptr(GString) broken_end = g_string_new (big->str);
    g_autoptr(GString) broken_start = g_string_new (big->str);
    g_autofree char *from_end = NULL;
    g_autofree char *from_start = NULL;

    g_string_insert (broken_end, broken_end->len - 4, "\xff");
    from_end = excerpt_with (log, broken_end->str, FALSE);
    g_assert_cmpstr (from_end, ==, valid);

    g_string_insert (broken_start, strlen ("[{\"id\":0,\"to"), "\xff");
    from_start = excerpt_with (log, broken_start->str, FALSE);
    g_assert_true (g_utf8_validate (from_start, -1, NULL));
    g_assert_cmpstr (from_start, !=, valid);
    g_assert_null (strstr (from_start, TOKEN));
  }

  /* JSON json-glib takes but RFC 8259 does not: still read by json-glib. */
  roster_request_log_set_excerpt_size (log, 4096);
  {
    g_autofree char *from_tree = excerpt_with (log, "{'password': 'pw', /* c */ \"id\": 01}", TRUE);
    g_autofree char *from_text = excerpt_with (log, "{'password': 'pw', /* c */ \"id\": 01}", FALSE);

    g_assert_cmpstr (from_text, ==, from_tree);
    g_assert_null (strstr (from_text, "pw\""));
  }
}

static void
test_redact_query_and_form (void)
{
  g_autoptr(RosterRequestLog) log = roster_request_log_new (10);
  g_autofree char *excerpt = NULL;
  RosterRequestRecord *record;
  RosterRequestLogEntry entry = {
    .method = "GET",
    .url = "https://h/api/v4/groups?private_token=abc&page=2&Access_Token=x%20y&"
           "q=" TOKEN "&bearer_token",
    .secrets = secrets,
  };

  record = roster_request_log_add (log, &entry);
  g_assert_cmpstr (roster_request_record_get_path (record), ==,
                   "/api/v4/groups?private_token=[REDACTED]&page=2&Access_Token=[REDACTED]&"
                   "q=[REDACTED]&bearer_token");

  excerpt = excerpt_of (log, "application/x-www-form-urlencoded",
                        "extern_uid=c4e8&password=pw&token=t");
  g_assert_cmpstr (excerpt, ==, "extern_uid=c4e8&password=[REDACTED]&token=[REDACTED]");
}

static void
test_redact_text (void)
{
  g_autoptr(RosterRequestLog) log = roster_request_log_new (10);
  g_autofree char *escaped = g_uri_escape_string ("scim-token-abcdef/+", NULL, FALSE);
  g_autofree char *body = NULL;
  g_autofree char *excerpt = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *html = NULL;
  g_autofree char *cut = NULL;
  GString *long_body;

  /* Raw and percent-encoded occurrences of known tokens, in plain text. */
  body = g_strdup_printf ("<html>token " TOKEN " and %s here</html>", escaped);
  excerpt = excerpt_of (log, "text/html", body);
  g_assert_null (strstr (excerpt, TOKEN));
  g_assert_null (strstr (excerpt, "scim-token-abcdef"));
  g_assert_cmpstr (excerpt, ==, "<html>token [REDACTED] and [REDACTED]%2F%2B here</html>");

  /* JSON that does not parse: still no secret values. */
  html = excerpt_of (log, "application/json",
                     "{\"password\": \"pw1\", \"token\" : \"t\\\"2\", \"x\": [1,");
  g_assert_null (strstr (html, "pw1"));
  g_assert_null (strstr (html, "t\\\"2"));
  g_assert_nonnull (strstr (html, "\"password\": \"[REDACTED]\""));

  /* Invalid UTF-8 is replaced, not kept. */
  broken = excerpt_of (log, "text/plain", "caf\xc3 \xff!");
  g_assert_true (g_utf8_validate (broken, -1, NULL));

  /* Cut to the excerpt size; a token across the cut leaves no prefix. */
  roster_request_log_set_excerpt_size (log, 64);
  long_body = g_string_new (NULL);
  for (guint i = 0; i < 60; i++)
    g_string_append_c (long_body, 'a');
  g_string_append (long_body, TOKEN);
  for (guint i = 0; i < 1000; i++)
    g_string_append_c (long_body, 'b');
  cut = excerpt_of (log, "text/plain", long_body->str);
  g_assert_null (strstr (cut, "glpat"));
  g_assert_null (strstr (cut, "bbb"));
  g_assert_cmpuint (strlen (cut), <=, 64 + strlen ("…"));
  g_string_free (long_body, TRUE);

  /* Excerpt size 0: no bodies at all. */
  roster_request_log_set_excerpt_size (log, 0);
  g_clear_pointer (&excerpt, g_free);
  excerpt = excerpt_of (log, "text/plain", "hello");
  g_assert_null (excerpt);

  /* Errors are scrubbed too. */
  {
    RosterRequestLogEntry entry = {
      .method = "GET", .url = "/x", .error = "failed with " TOKEN, .secrets = secrets,
    };
    RosterRequestRecord *record = roster_request_log_add (log, &entry);

    g_assert_cmpstr (roster_request_record_get_error (record), ==, "failed with [REDACTED]");
  }
}

static void
test_secret_names (void)
{
  const char *secret[] = { "token", "TOKEN", "Password", "secret", "access_token", "private_token",
                           "PRIVATE-TOKEN", "Authorization", "cookie", "client_secret",
                           "scim_token", "api_key", "passwd" };
  const char *plain[] = { "id", "externalId", "extern_uid", "userName", "message", "tokens_count_x" };

  for (gsize i = 0; i < G_N_ELEMENTS (secret); i++)
    g_assert_true (roster_redact_is_secret_name (secret[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (plain) - 1; i++)
    g_assert_false (roster_redact_is_secret_name (plain[i]));
  /* Over-redaction is the safe side. */
  g_assert_true (roster_redact_is_secret_name ("tokens_count_x"));
}

static void
check_export (const char *json,
              guint       n_records)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *records;
  const char *keys[] = { "time", "method", "path", "status", "duration_ms", "request_bytes",
                         "response_bytes", "token_kind", "attempt", "error", "request_excerpt",
                         "response_excerpt" };

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "roster_request_log"), ==, 1);
  g_assert_nonnull (json_object_get_string_member (root, "exported_at"));
  records = json_object_get_array_member (root, "records");
  g_assert_cmpuint (json_array_get_length (records), ==, n_records);

  for (guint i = 0; i < n_records; i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_object_get_string_member (record,
                                                                                               "time"),
                                                                NULL);

      g_assert_nonnull (time);
      g_assert_cmpuint (json_object_get_size (record), ==, G_N_ELEMENTS (keys));
      for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
        g_assert_true (json_object_has_member (record, keys[k]));
      /* Never any headers. */
      g_assert_false (json_object_has_member (record, "headers"));
    }
}

typedef struct
{
  gboolean done;
  gboolean ok;
} SaveResult;

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SaveResult *r = user_data;
  g_autoptr(GError) error = NULL;

  r->ok = roster_request_log_save_finish (ROSTER_REQUEST_LOG (object), result, &error);
  g_assert_no_error (error);
  r->done = TRUE;
}

static void
test_export (void)
{
  g_autoptr(RosterRequestLog) log = roster_request_log_new (10);
  g_autofree char *json = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"token\":\"zzz\",\"id\":1}", 22);
  RosterRequestLogEntry failed = {
    .method = "GET", .url = "/Users?count=1", .token_kind = "scim",
    .error = "refused " TOKEN, .attempt = 2, .secrets = secrets,
    .response_body = body, .response_content_type = "application/json",
  };
  SaveResult r = { 0 };
  GStatBuf st;

  json = roster_request_log_to_json (log);
  check_export (json, 0);
  g_clear_pointer (&json, g_free);

  add_simple (log, "/api/v4/groups/4242/members?per_page=100", 200);
  roster_request_log_add (log, &failed);
  json = roster_request_log_to_json (log);
  check_export (json, 2);
  g_assert_null (strstr (json, TOKEN));
  g_assert_null (strstr (json, "zzz"));
  g_assert_nonnull (strstr (json, "\"status\" : null"));

  dir = g_dir_make_tmp ("roster-log-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "log.json", NULL);
  file = g_file_new_for_path (path);
  roster_request_log_save_async (log, file, NULL, save_cb, &r);
  roster_test_wait_for (&r.done, 10000);
  g_assert_true (r.ok);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  check_export (contents, 2);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/request-log/ring", test_ring);
  g_test_add_func ("/roster/request-log/record-fields", test_record_fields);
  g_test_add_func ("/roster/request-log/secret-names", test_secret_names);
  g_test_add_func ("/roster/request-log/redact-json", test_redact_json);
  g_test_add_func ("/roster/request-log/redact-json-text", test_redact_json_text);
  g_test_add_func ("/roster/request-log/redact-query-and-form", test_redact_query_and_form);
  g_test_add_func ("/roster/request-log/redact-text", test_redact_text);
  g_test_add_func ("/roster/request-log/export", test_export);

  return g_test_run ();
}
