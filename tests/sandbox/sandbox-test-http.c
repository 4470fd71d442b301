/* sandbox-test-http.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sandbox-test-http"

#include "config.h"

#include <string.h>

#include "roster-test-utils.h"
#include "sandbox-test-http.h"

void
test_response_free (TestResponse *response)
{
  g_free (response->content_type);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Pending;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                     &pending->error);
  pending->done = TRUE;
}

TestResponse *
test_request (SoupSession   *session,
              RosterSandbox *sandbox,
              const char    *method,
              const char    *path,
              const char    *token,
              const char    *content_type,
              const char    *body)
{
  g_autofree char *url = g_strconcat (roster_sandbox_get_url (sandbox), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  TestResponse *response;
  Pending pending = { NULL, NULL, FALSE };
  const char *type;

  g_assert_nonnull (msg);
  soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (token)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &pending);
  roster_test_wait_for (&pending.done, 10000);
  g_assert_no_error (pending.error);

  response = g_new0 (TestResponse, 1);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = pending.body;
  type = soup_message_headers_get_content_type (response->headers, NULL);
  response->content_type = g_strdup (type);

  if (g_bytes_get_size (response->body) > 0 && type && strstr (type, "json"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      gsize size = 0;
      const char *data = g_bytes_get_data (response->body, &size);

      if (json_parser_load_from_data (parser, data, size, &error))
        response->json = json_node_copy (json_parser_get_root (parser));
      else
        g_error ("invalid JSON from the sandbox: %s", error->message);
    }

  return response;
}

JsonNode *
test_load_json (const char *first_element,
                ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_getenv ("ROSTER_TEST_DATA"));
  g_ptr_array_add (parts, (gpointer) first_element);
  va_start (args, first_element);
  for (const char *part = va_arg (args, const char *); part; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  g_assert_nonnull (g_ptr_array_index (parts, 0));
  path = g_build_filenamev ((char **) parts->pdata);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_equal_at (JsonNode   *expected,
                 JsonNode   *actual,
                 const char *where)
{
  if (actual == NULL)
    g_error ("%s: missing", where);
  if (json_node_get_node_type (expected) != json_node_get_node_type (actual))
    g_error ("%s: node type differs", where);

  switch (json_node_get_node_type (expected))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *a = json_node_get_object (expected);
        JsonObject *b = json_node_get_object (actual);
        g_autoptr(GList) names_a = json_object_get_members (a);
        g_autoptr(GList) names_b = json_object_get_members (b);
        GList *la, *lb;

        for (la = names_a, lb = names_b; la && lb; la = la->next, lb = lb->next)
          {
            g_autofree char *sub = g_strdup_printf ("%s.%s", where, (char *) la->data);

            if (strcmp (la->data, lb->data) != 0)
              g_error ("%s: expected key \"%s\", got \"%s\"", where, (char *) la->data,
                       (char *) lb->data);
            assert_equal_at (json_object_get_member (a, la->data),
                             json_object_get_member (b, lb->data), sub);
          }
        if (la || lb)
          g_error ("%s: key \"%s\" %s", where, (char *) (la ? la : lb)->data,
                   la ? "missing" : "unexpected");
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (expected);
        JsonArray *b = json_node_get_array (actual);

        if (json_array_get_length (a) != json_array_get_length (b))
          g_error ("%s: %u elements expected, got %u", where, json_array_get_length (a),
                   json_array_get_length (b));
        for (guint i = 0; i < json_array_get_length (a); i++)
          {
            g_autofree char *sub = g_strdup_printf ("%s[%u]", where, i);

            assert_equal_at (json_array_get_element (a, i), json_array_get_element (b, i), sub);
          }
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (expected) != json_node_get_value_type (actual))
        g_error ("%s: value type differs (%s vs %s)", where,
                 g_type_name (json_node_get_value_type (expected)),
                 g_type_name (json_node_get_value_type (actual)));
      if (!json_node_equal (expected, actual))
        {
          g_autofree char *a = json_to_string (expected, FALSE);
          g_autofree char *b = json_to_string (actual, FALSE);

          g_error ("%s: expected %s, got %s", where, a, b);
        }
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

void
test_assert_json_equal (JsonNode *expected,
                        JsonNode *actual)
{
  g_assert_nonnull (expected);
  assert_equal_at (expected, actual, "$");
}

static JsonNode *
lookup (JsonNode   *node,
        const char *path)
{
  g_autoptr(JsonPath) json_path = json_path_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  JsonArray *array;

  json_path_compile (json_path, path, &error);
  g_assert_no_error (error);
  result = json_path_match (json_path, node);
  array = json_node_get_array (result);
  if (json_array_get_length (array) != 1)
    g_error ("%s: %u matches", path, json_array_get_length (array));
  return json_node_copy (json_array_get_element (array, 0));
}

const char *
test_json_string (JsonNode   *node,
                  const char *path)
{
  g_autoptr(JsonNode) value = lookup (node, path);
  /* Kept alive by an intern: the tests compare short strings. */
  return g_intern_string (json_node_get_string (value));
}

gint64
test_json_int (JsonNode   *node,
               const char *path)
{
  g_autoptr(JsonNode) value = lookup (node, path);

  return json_node_get_int (value);
}

void
test_shutdown (SoupSession   *session,
               RosterSandbox *sandbox)
{
  soup_session_abort (session);
  roster_sandbox_stop (sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}
