/* test-member-reader.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-member-reader"

#include "config.h"

#include <string.h>

#include "json-reference.h"
#include "roster-error.h"
#include "roster-gitlab-types.h"
#include "roster-http.h"
#include "roster-member-reader.h"
#include "roster-request-log.h"
#include "roster-sandbox.h"
#include "roster-test-utils.h"

/* The members page reader against the json-glib path (RosterHttp's checks,
 * json-glib's tree, roster_gitlab_members_parse()): the same members for
 * every valid document, a ROSTER_ERROR_PROTOCOL error for every invalid
 * one, and the same message when the JSON is valid but a member is not.
 * Documents: the fixture, the sandbox's real pages, and a corpus of
 * mutated members (every field missing, null, of every wrong type, out of
 * range, duplicated), syntax errors, deep nesting and unicode escapes. */

static void
assert_same_identities (RosterGitlabIdentity *x,
                        RosterGitlabIdentity *y)
{
  g_assert_true ((x == NULL) == (y == NULL));
  if (x != NULL)
    json_reference_assert_same_identity (x, y);
}

static void
assert_same_lists (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      RosterGitlabMember *x = g_ptr_array_index (a, i);
      RosterGitlabMember *y = g_ptr_array_index (b, i);

      g_assert_cmpint (x->id, ==, y->id);
      g_assert_cmpstr (x->username, ==, y->username);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->state, ==, y->state);
      g_assert_cmpint (x->locked, ==, y->locked);
      g_assert_cmpstr (x->avatar_url, ==, y->avatar_url);
      g_assert_cmpstr (x->web_url, ==, y->web_url);
      g_assert_cmpint (x->access_level, ==, y->access_level);
      g_assert_cmpstr (x->created_at, ==, y->created_at);
      g_assert_cmpstr (x->expires_at, ==, y->expires_at);
      g_assert_cmpint (x->has_created_by, ==, y->has_created_by);
      g_assert_cmpint (x->email_presence, ==, y->email_presence);
      g_assert_cmpstr (x->email, ==, y->email);
      g_assert_cmpint (x->has_seat_info, ==, y->has_seat_info);
      g_assert_cmpint (x->is_using_seat, ==, y->is_using_seat);
      g_assert_cmpstr (x->membership_state, ==, y->membership_state);
      g_assert_cmpint (x->saml_presence, ==, y->saml_presence);
      assert_same_identities (x->saml_identity, y->saml_identity);
      g_assert_cmpint (x->scim_presence, ==, y->scim_presence);
      assert_same_identities (x->scim_identity, y->scim_identity);
    }
}

static const JsonReferenceReader reader = {
  .read = roster_member_reader_parse_list,
  .parse = roster_gitlab_members_parse,
  .check_depth = FALSE,
  .assert_same = assert_same_lists,
  .differs = "document: ",
};

static void
test_fixture (void)
{
  g_autofree char *path = roster_test_data_path ("gitlab", "group-members.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gsize size;

  g_file_get_contents (path, &text, &size, &error);
  g_assert_no_error (error);
  g_assert_true (json_reference_agree_len (&reader, text, size, TRUE));

  /* The fixture has what the reader must get right. */
  list = roster_member_reader_parse_list (text, size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >=, 4);
  for (guint i = 0; i < list->len; i++)
    {
      RosterGitlabMember *m = g_ptr_array_index (list, i);

      if (m->has_created_by)
        return;
    }
  g_assert_not_reached ();
}

static void
test_fixture_truncated (void)
{
  g_autofree char *path = roster_test_data_path ("gitlab", "group-members.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_file_get_contents (path, &text, &size, &error);
  g_assert_no_error (error);

  /* Every truncation is rejected by both (up to the closing bracket). */
  json_reference_assert_truncations (&reader, text, size, 13);
}

/* ---------------------------------------------------------------------- */
/* The sandbox's own pages, over HTTP */

typedef struct
{
  gboolean            done;
  RosterHttpResponse *response;
  GError             *error;
} Fetch;

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->response = roster_http_request_finish (ROSTER_HTTP (object), result, &fetch->error);
  fetch->done = TRUE;
}

/* Every page of @suffix ("members", "members/all"), compared; returns how
 * many members were read. */
static guint
compare_pages (RosterSandbox *sandbox,
               const char    *suffix,
               gboolean       seat_info)
{
  g_autoptr(RosterRequestLog) log = roster_request_log_new (10);
  g_autoptr(RosterHttp) http = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v4/groups/%" G_GINT64_FORMAT "/%s",
                                           roster_sandbox_get_group_id (sandbox), suffix);
  guint total = 0;

  http = roster_http_new (roster_sandbox_get_url (sandbox), log, &error);
  g_assert_no_error (error);
  roster_http_set_token (http, ROSTER_TOKEN_API, roster_sandbox_get_api_token (sandbox));

  for (guint page = 1; ; page++)
    {
      g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", path);
      Fetch fetch = { FALSE, NULL, NULL };
      g_autoptr(GPtrArray) members = NULL;
      GBytes *body;
      gsize size;
      const char *data;

      roster_http_request_set_token_kind (request, ROSTER_TOKEN_API);
      roster_http_request_add_query_int (request, "per_page", 100);
      roster_http_request_add_query_int (request, "page", page);
      if (seat_info)
        roster_http_request_add_query (request, "show_seat_info", "true");
      roster_http_request_set_raw_json (request, TRUE);
      roster_http_request_async (http, request, NULL, fetch_cb, &fetch);
      roster_test_wait_for (&fetch.done, 10000);
      g_assert_no_error (fetch.error);
      g_assert_true (roster_http_response_is_success (fetch.response));
      g_assert_true (roster_http_response_declares_json (fetch.response));

      body = roster_http_response_get_body (fetch.response);
      data = g_bytes_get_data (body, &size);
      g_assert_true (json_reference_agree_len (&reader, data, size, TRUE));

      members = roster_member_reader_parse_list (data, size, &error);
      g_assert_no_error (error);
      total += members->len;
      roster_http_response_unref (fetch.response);
      if (members->len < 100)
        break;
    }

  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  roster_test_finalize_eventually (g_steal_pointer (&http));
  return total;
}

static void
compare_world (RosterSandbox *sandbox,
               guint          major,
               guint          minor)
{
  g_autoptr(GError) error = NULL;

  if (major != 0)
    roster_sandbox_set_gitlab_version (sandbox, major, minor);
  roster_sandbox_listen (sandbox, 0, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (compare_pages (sandbox, "members", TRUE), >, 0);
  g_assert_cmpuint (compare_pages (sandbox, "members", FALSE), >, 0);
  g_assert_cmpuint (compare_pages (sandbox, "members/all", TRUE), >, 0);

  roster_sandbox_stop (sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (sandbox);
}

static void
test_sandbox (void)
{
  compare_world (roster_sandbox_new (ROSTER_SANDBOX_WORLD_FIXTURE), 0, 0);
  compare_world (roster_sandbox_new (ROSTER_SANDBOX_WORLD_DEMO), 0, 0);
  /* Before group_scim_identity in the members API. */
  compare_world (roster_sandbox_new (ROSTER_SANDBOX_WORLD_DEMO), 17, 0);
  compare_world (roster_sandbox_new_generated (1500, 7, 0.2), 0, 0);
}

/* ---------------------------------------------------------------------- */
/* Mutated members */

typedef struct
{
  const char *key;
  const char *value;  /* JSON text */
} Pair;

/* A member as GitLab sends it to an Owner, every field the parser reads
 * present, and one it does not read. */
static const Pair base_member[] = {
  { "id", "7101" },
  { "username", "\"alovelace\"" },
  { "name", "\"Ada Lovelace\"" },
  { "state", "\"active\"" },
  { "locked", "false" },
  { "avatar_url", "\"https://secure.gravatar.com/avatar/3c5d?s=80&d=identicon\"" },
  { "web_url", "\"https://gitlab.example.com/alovelace\"" },
  { "access_level", "50" },
  { "created_at", "\"2024-02-05T10:12:44.317Z\"" },
  { "created_by", "{\"id\":1,\"username\":\"root\",\"name\":\"Administrator\"}" },
  { "expires_at", "null" },
  { "group_saml_identity", "{\"provider\":\"group_saml\",\"extern_uid\":\"9f1c-2a7e\",\"saml_provider_id\":318}" },
  { "group_scim_identity", "{\"extern_uid\":\"9f1c-2a7e\",\"group_id\":4242,\"active\":true}" },
  { "email", "\"ada.lovelace@acme.example\"" },
  { "is_using_seat", "true" },
  { "membership_state", "\"active\"" },
  { "custom_attributes", "[{\"key\":\"department\",\"value\":\"R&D\"}]" },
};

static const Pair base_saml[] = {
  { "provider", "\"group_saml\"" },
  { "extern_uid", "\"9f1c-2a7e\"" },
  { "saml_provider_id", "318" },
};

static const Pair base_scim[] = {
  { "extern_uid", "\"9f1c-2a7e\"" },
  { "group_id", "4242" },
  { "active", "true" },
};

/* Values every field is tried with (NULL: the member is left out). */
static const char *mutations[] = {
  NULL,
  "null",
  "\"\"",
  "\"text\"",
  "\"42\"",
  "\"-1\"",
  "\"0\"",
  "\"007\"",
  "\" 7\"",
  "\"9007199254740993\"",
  "\"99999999999999999999\"",
  "\"TRUE\"",
  "\"false\"",
  "\"\\u00e9\\ud83d\\ude00\"",
  "0",
  "1",
  "-1",
  "10",
  "50",
  "100",
  "101",
  "318",
  "9007199254740992",
  "9007199254740993",
  "9223372036854775807",
  "-9223372036854775807",
  "1.0",
  "1e3",
  "-0",
  "0.5",
  "true",
  "false",
  "{}",
  "[]",
  "{\"extern_uid\":\"x\"}",
  "[{\"extern_uid\":\"x\"}]",
  "[1,2]",
};

static void
append_object (GString    *s,
               const Pair *pairs,
               guint       n,
               int         target,      /* -1: none */
               const char *value,       /* for @target; NULL: left out */
               int         duplicate)   /* 0: no, 1: value first, 2: value last */
{
  gboolean first = TRUE;

  g_string_append_c (s, '{');
  for (guint i = 0; i < n; i++)
    {
      const char *v = pairs[i].value;

      if ((int) i == target && duplicate != 0)
        {
          g_string_append_printf (s, "%s\"%s\":%s,\"%s\":%s", first ? "" : ",", pairs[i].key,
                                  duplicate == 1 ? value : v, pairs[i].key, duplicate == 1 ? v : value);
          first = FALSE;
          continue;
        }
      if ((int) i == target)
        v = value;
      if (v == NULL)
        continue;
      g_string_append_printf (s, "%s\"%s\":%s", first ? "" : ",", pairs[i].key, v);
      first = FALSE;
    }
  g_string_append_c (s, '}');
}

/* [a valid member, the member with @key set to @value]. */
static char *
mutated_page (int         target,
              const char *value,
              int         duplicate)
{
  GString *s = g_string_new ("[");

  append_object (s, base_member, G_N_ELEMENTS (base_member), -1, NULL, 0);
  g_string_append (s, ",\n");
  append_object (s, base_member, G_N_ELEMENTS (base_member), target, value, duplicate);
  g_string_append (s, "]");
  return g_string_free (s, FALSE);
}

/* Same, with the link @link (group_saml_identity or …scim…) holding
 * @key = @value; @key may be one the link does not have. */
static char *
mutated_link_page (const char *link,
                   const Pair *pairs,
                   guint       n,
                   const char *key,
                   const char *value,
                   int         duplicate)
{
  g_autoptr(GString) object = g_string_new (NULL);
  g_autofree Pair *extended = g_new0 (Pair, n + 1);
  Pair member[G_N_ELEMENTS (base_member)];
  int target = -1;
  guint n_pairs = n;

  memcpy (extended, pairs, n * sizeof (Pair));
  for (guint i = 0; i < n; i++)
    if (strcmp (pairs[i].key, key) == 0)
      target = (int) i;
  if (target < 0)
    {
      extended[n].key = key;
      extended[n].value = value;
      target = (int) n;
      n_pairs++;
    }
  append_object (object, extended, n_pairs, target, value, duplicate);

  memcpy (member, base_member, sizeof member);
  for (guint i = 0; i < G_N_ELEMENTS (member); i++)
    if (strcmp (member[i].key, link) == 0)
      member[i].value = object->str;

  {
    GString *s = g_string_new ("[");

    append_object (s, base_member, G_N_ELEMENTS (base_member), -1, NULL, 0);
    g_string_append (s, ",");
    append_object (s, member, G_N_ELEMENTS (member), -1, NULL, 0);
    g_string_append (s, "]");
    return g_string_free (s, FALSE);
  }
}

static void
test_mutated_fields (void)
{
  guint accepted = 0, total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (base_member); i++)
    for (guint j = 0; j < G_N_ELEMENTS (mutations); j++)
      for (int duplicate = 0; duplicate <= 2; duplicate++)
        {
          g_autofree char *text = NULL;

          if (duplicate != 0 && mutations[j] == NULL)
            continue;
          text = mutated_page ((int) i, mutations[j], duplicate);
          accepted += json_reference_agree (&reader, text);
          total++;
        }
  /* The corpus has both kinds. */
  g_test_message ("%u of %u mutated pages valid", accepted, total);
  g_assert_cmpuint (accepted, >, 0);
  g_assert_cmpuint (accepted, <, total);
}

static void
test_mutated_links (void)
{
  const char *keys[] = { "extern_uid", "provider", "saml_provider_id", "active", "group_id", "other" };
  guint accepted = 0, total = 0;

  for (guint link = 0; link < 2; link++)
    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      for (guint j = 0; j < G_N_ELEMENTS (mutations); j++)
        for (int duplicate = 0; duplicate <= 2; duplicate++)
          {
            g_autofree char *text = NULL;

            if (duplicate != 0 && mutations[j] == NULL)
              continue;
            if (link == 0)
              text = mutated_link_page ("group_saml_identity", base_saml, G_N_ELEMENTS (base_saml),
                                        keys[k], mutations[j], duplicate);
            else
              text = mutated_link_page ("group_scim_identity", base_scim, G_N_ELEMENTS (base_scim),
                                        keys[k], mutations[j], duplicate);
            accepted += json_reference_agree (&reader, text);
            total++;
          }
  g_test_message ("%u of %u mutated pages valid", accepted, total);
  g_assert_cmpuint (accepted, >, 0);
  g_assert_cmpuint (accepted, <, total);
}

/* Valid documents with odd strings, keys, numbers and layout. */
static const char *valid[] = {
  "[]",
  " \t\r\n[ \t\r\n] \t\r\n",
  "[{\"id\":1,\"username\":\"a\",\"access_level\":10}]",
  "[{\"access_level\":0,\"username\":\"a\",\"id\":\"1\"}]",
  "[{\"\\u0069d\":2,\"user\\u006eame\":\"\\u00e9\\u20AC\\ud83d\\ude00\\uDBFF\\uDFFF\",\"access_level\":100}]",
  "[{\"id\":3,\"username\":\"q\\\"b\\\\s\\/f\\b\\f\\n\\r\\t\",\"access_level\":30,\"name\":\"é€😀 raw\"}]",
  "[{\"id\":4,\"username\":\"u\",\"access_level\":30,\"email\":\"\"}]",
  "[{\"id\":4,\"username\":\"u\",\"access_level\":30,\"email\":null}]",
  "[{\"id\":4,\"username\":\"u\",\"access_level\":30,\"email\":\"\",\"email\":\"e@x\"}]",
  "[{\"id\":5,\"username\":\"u\",\"access_level\":30,\"group_saml_identity\":null,\"group_scim_identity\":null}]",
  "[{\"id\":5,\"username\":\"u\",\"access_level\":30,\"group_saml_identity\":{\"extern_uid\":\"s\"},"
    "\"group_scim_identity\":{\"extern_uid\":\"c\",\"active\":false}}]",
  "[{\"id\":5,\"username\":\"u\",\"access_level\":30,\"group_saml_identity\":{\"extern_uid\":\"s\"},"
    "\"group_saml_identity\":null}]",
  "[{\"id\":5,\"username\":\"u\",\"access_level\":30,\"group_scim_identity\":null,"
    "\"group_scim_identity\":{\"extern_uid\":\"c\",\"active\":null,\"group_id\":\"12\"}}]",
  "[{\"id\":5,\"username\":\"u\",\"access_level\":30,\"group_scim_identity\":{\"extern_uid\":\"c\",\"x\":{\"a\":[1,{\"b\":null}]}},"
    "\"group_saml_identity\":{\"extern_uid\":\"s\",\"active\":\"not read\",\"group_id\":[]}}]",
  "[{\"id\":6,\"username\":\"u\",\"access_level\":30,\"created_by\":{}},{\"id\":7,\"username\":\"v\",\"access_level\":30,\"created_by\":null}]",
  "[{\"id\":8,\"username\":\"u\",\"access_level\":30,\"other\":{\"a\":[1,2.5e-3,-0,{\"b\":null}],\"c\":\"}]\"},\"more\":[[[]]]}]",
  "[ { \"id\" : 9 , \"username\" : \"spaced\" , \"access_level\" : 20 } ,\n {\"id\":9,\"username\":\"again\",\"access_level\":20} ]",
  "[{\"id\":9007199254740992,\"username\":\"max\",\"access_level\":40,\"is_using_seat\":false,\"locked\":null}]",
};

/* Invalid JSON: both reject. */
static const char *invalid_json[] = {
  "",
  "   ",
  "[",
  "]",
  "[{",
  "[{\"id\"",
  "[{\"id\":",
  "[{\"id\":1",
  "[{\"id\":1,",
  "[{\"id\":1}",
  "[{\"id\":1},",
  "[{\"id\":1,\"group_saml_identity\":{",
  "[{\"id\":1,\"group_saml_identity\":{\"extern_uid\":\"a\"}",
  "[{\"id\":1,\"group_saml_identity\":{\"extern_uid\":\"a\",}}]",
  "[{\"id\":1,\"group_saml_identity\":{\"extern_uid\" \"a\"}}]",
  "[{\"id\":1,\"group_scim_identity\":{\"active\":tru}}]",
  "[{\"id\":1,\"created_by\":{\"id\":1,}}]",
  "[1,]",
  "[,1]",
  "[1 2]",
  "[{}{}]",
  "[{\"a\" 1}]",
  "[{\"a\":1,}]",
  "[{1:2}]",
  "[nul]",
  "[-]",
  "[1e]",
  "[+1]",
  "[] x",
  "[\"\\ud800\"]",
  "[\"\\udc00\"]",
  "[\"\\u12\"]",
  "[{\"username\":\"a\\ud800\",\"id\":1,\"access_level\":10}]",
  /* A syntax error later wins over an earlier bad member. */
  "[{\"id\":0},{\"id\":1,\"username\":\"a\",\"access_level\":tru}]",
  "[{\"username\":\"\xff\"}]",
  "[\"\xed\xa0\x80\"]",
};

/* Documents json-glib 1.6 accepts although they are not JSON: rejected
 * here. */
static const char *lax_json[] = {
  "[{\"id\":1,\"username\":\"a\tb\",\"access_level\":10}]",
  "[{\"id\":1,\"username\":\"a\\xb\",\"access_level\":10}]",
  "[{'id':1,'username':'a','access_level':10}]",
  "[{\"id\":01,\"username\":\"a\",\"access_level\":10}]",
  "[/* comment */]",
  "\xef\xbb\xbf[]",
  "[{\"id\":1,\"username\":\"a\\u0000b\",\"access_level\":10}]",
};

static void
test_valid (void)
{
  json_reference_assert_valid (&reader, valid, G_N_ELEMENTS (valid));
}

static void
test_invalid_json (void)
{
  json_reference_assert_invalid_json (&reader, invalid_json, G_N_ELEMENTS (invalid_json));
}

static void
test_lax_json (void)
{
  json_reference_assert_lax_json (&reader, lax_json, G_N_ELEMENTS (lax_json));
}

/* Not a list, not objects: the same record errors. */
static void
test_shapes (void)
{
  const char *shapes[] = {
    "{}", "\"text\"", "42", "null", "true",
    "[1]", "[[]]", "[null]", "[\"a\"]",
    "[{}]",
    "[{\"id\":1,\"username\":\"a\",\"access_level\":10},7]",
    /* The first bad member is reported, even with a later one. */
    "[{\"id\":1,\"username\":\"a\",\"access_level\":10},{\"id\":2},{\"username\":\"\"},3]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      json_reference_note ("", shapes[i]);
      g_assert_false (json_reference_agree (&reader, shapes[i]));
    }
}

static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "[{\"id\":1,\"username\":\"a\",\"access_level\":10},\n {\"id\":2,\"username\":\"b\",\"access_level\":tru}]";

  g_assert_null (roster_member_reader_parse_list (text, strlen (text), &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  /* Where: line 2, the column of "tru". */
  g_assert_nonnull (strstr (error->message, "line 2, column 40"));
  g_clear_error (&error);

  text = "[{\"id\":1,\"username\":\"a\",\"access_level\":10},"
         "{\"id\":2,\"username\":\"b\",\"access_level\":10,\"group_scim_identity\":{\"extern_uid\":\"\"}}]";
  g_assert_null (roster_member_reader_parse_list (text, strlen (text), &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "group members"));
  g_assert_nonnull (strstr (error->message, "item 2"));
  g_assert_nonnull (strstr (error->message, "group_scim_identity.extern_uid is empty"));
}

/* Unknown members, created_by and the links may nest up to RosterHttp's
 * limit, not beyond. */
static void
test_depth (void)
{
  /* The levels above the innermost value: list, member, then the link. */
  const struct { const char *prefix; const char *suffix; guint above; } places[] = {
    { "[{\"id\":1,\"username\":\"a\",\"access_level\":10,\"deep\":", "}]", 2 },
    { "[{\"id\":1,\"username\":\"a\",\"access_level\":10,\"created_by\":{\"x\":", "}}]", 3 },
    { "[{\"id\":1,\"username\":\"a\",\"access_level\":10,\"group_scim_identity\":{\"extern_uid\":\"c\",\"x\":", "}}]", 3 },
  };

  for (guint p = 0; p < G_N_ELEMENTS (places); p++)
    for (guint levels = 58; levels <= 66; levels++)
      {
        g_autoptr(GString) text = g_string_new (places[p].prefix);
        g_autoptr(GPtrArray) list = NULL;
        g_autoptr(GError) error = NULL;

        for (guint i = 0; i < levels; i++)
          g_string_append_c (text, '[');
        for (guint i = 0; i < levels; i++)
          g_string_append_c (text, ']');
        g_string_append (text, places[p].suffix);

        list = roster_member_reader_parse_list (text->str, text->len, &error);
        if (levels + places[p].above <= 64)
          g_assert_no_error (error);
        else
          {
            g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
            g_assert_nonnull (strstr (error->message, "64"));
          }
      }
}

/* Generated pages: the base member with its values replaced at random
 * (including strings with every kind of escape), random layout, each
 * checked whole and with one byte cut out. */
static void
append_member (GString *s)
{
  g_string_append_c (s, '{');
  for (guint i = 0; i < G_N_ELEMENTS (base_member); i++)
    {
      const char *key = base_member[i].key;
      int how = g_test_rand_int_range (0, 10);

      if (how == 0)
        continue;  /* left out */
      if (s->str[s->len - 1] != '{')
        g_string_append_c (s, ',');
      json_reference_append_ws (s);
      g_string_append_printf (s, "\"%s\":", key);
      json_reference_append_ws (s);
      if (how == 1)
        g_string_append (s, mutations[g_test_rand_int_range (1, G_N_ELEMENTS (mutations))]);
      else if (how <= 4 && base_member[i].value[0] == '"')
        json_reference_append_string (s, 10, FALSE);
      else if (how == 5 && strcmp (key, "group_scim_identity") == 0)
        {
          g_string_append (s, "{\"extern_uid\":");
          json_reference_append_string (s, 10, FALSE);
          g_string_append_printf (s, ",\"active\":%s}", g_test_rand_bit () ? "false" : "null");
        }
      else if (how == 5 && strcmp (key, "id") == 0)
        g_string_append_printf (s, "%d", g_test_rand_int_range (1, G_MAXINT32));
      else
        g_string_append (s, base_member[i].value);
      json_reference_append_ws (s);
    }
  g_string_append_c (s, '}');
}

static void
test_generated (void)
{
  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      json_reference_append_page (s, 8, append_member);
      json_reference_agree_len (&reader, s->str, s->len, TRUE);
      /* And one damaged copy: a byte cut out of it. */
      if (s->len > 2)
        {
          g_string_erase (s, g_test_rand_int_range (0, (gint32) s->len), 1);
          json_reference_agree_len (&reader, s->str, s->len, FALSE);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/member-reader/fixture", test_fixture);
  g_test_add_func ("/roster/member-reader/fixture-truncated", test_fixture_truncated);
  g_test_add_func ("/roster/member-reader/sandbox", test_sandbox);
  g_test_add_func ("/roster/member-reader/mutated-fields", test_mutated_fields);
  g_test_add_func ("/roster/member-reader/mutated-links", test_mutated_links);
  g_test_add_func ("/roster/member-reader/valid", test_valid);
  g_test_add_func ("/roster/member-reader/invalid-json", test_invalid_json);
  g_test_add_func ("/roster/member-reader/lax-json", test_lax_json);
  g_test_add_func ("/roster/member-reader/shapes", test_shapes);
  g_test_add_func ("/roster/member-reader/messages", test_messages);
  g_test_add_func ("/roster/member-reader/depth", test_depth);
  g_test_add_func ("/roster/member-reader/generated", test_generated);

  return g_test_run ();
}
