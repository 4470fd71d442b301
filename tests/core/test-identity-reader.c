/* test-identity-reader.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "json-reference.h"
#include "roster-error.h"
#include "roster-gitlab-types.h"
#include "roster-identity-reader.h"
#include "roster-test-utils.h"

/* The streaming reader against the json-glib path (RosterHttp's checks,
 * json-glib's tree, roster_gitlab_identities_parse()): the same records for
 * every valid document, a ROSTER_ERROR_PROTOCOL error for every invalid one,
 * and the same message when the JSON is valid but a record is not. */

/* The readers and parsers of each kind. */

static GPtrArray *
read_saml (const char  *text,
           gsize        size,
           GError     **error)
{
  return roster_identity_reader_parse_list (text, size, ROSTER_IDENTITY_SAML, error);
}

static GPtrArray *
read_scim (const char  *text,
           gsize        size,
           GError     **error)
{
  return roster_identity_reader_parse_list (text, size, ROSTER_IDENTITY_SCIM, error);
}

static GPtrArray *
parse_saml (JsonNode  *root,
            GError   **error)
{
  return roster_gitlab_identities_parse (root, ROSTER_IDENTITY_SAML, error);
}

static GPtrArray *
parse_scim (JsonNode  *root,
            GError   **error)
{
  return roster_gitlab_identities_parse (root, ROSTER_IDENTITY_SCIM, error);
}

static void
assert_same_lists (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      RosterGitlabIdentity *x = g_ptr_array_index (a, i);
      RosterGitlabIdentity *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->extern_uid, ==, y->extern_uid);
      g_assert_cmpint (x->user_id, ==, y->user_id);
      g_assert_cmpint (x->active, ==, y->active);
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_null (y->provider);
    }
}

static const JsonReferenceReader saml = {
  .read = read_saml,
  .parse = parse_saml,
  .check_depth = FALSE,
  .assert_same = assert_same_lists,
  .differs = NULL,
};

static const JsonReferenceReader scim = {
  .read = read_scim,
  .parse = parse_scim,
  .check_depth = FALSE,
  .assert_same = assert_same_lists,
  .differs = NULL,
};

/* Both agree on @text, for both kinds (see json_reference_agree_len()). */
static void
assert_agree_len (const char *text,
                  gsize       size,
                  gboolean    strict)
{
  json_reference_agree_len (&saml, text, size, strict);
  json_reference_agree_len (&scim, text, size, strict);
}

static void
assert_agree (const char *text)
{
  assert_agree_len (text, strlen (text), TRUE);
}

static void
test_fixtures (void)
{
  const char *names[] = { "rest-saml-identities.json", "rest-scim-identities.json" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = roster_test_data_path ("gitlab", names[i], NULL);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      gsize size;

      g_file_get_contents (path, &text, &size, &error);
      g_assert_no_error (error);
      assert_agree_len (text, size, TRUE);

      /* Every truncation is rejected by both (up to the closing bracket). */
      for (gsize cut = 0; cut < size && strchr (text + cut, ']') != NULL; cut++)
        {
          JsonReferenceOutcome got;

          json_reference_read (&scim, text, cut, &got);
          g_assert_error (got.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
          json_reference_outcome_clear (&got);
          if (cut % 7 == 0)   /* the reference is slower: a sample */
            assert_agree_len (text, cut, TRUE);
        }
    }
}

/* Valid documents with odd strings, numbers and layout: same records. */
static const char *valid[] = {
  "[]",
  " \t\r\n[ \t\r\n] \t\r\n",
  "[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":true}]",
  "[{\"user_id\":2,\"active\":false,\"extern_uid\":\"b\"}]",
  "[{\"extern_uid\":\"q\\\"b\\\\s\\/f\\b\\f\\n\\r\\t\",\"user_id\":3,\"active\":null}]",
  "[{\"extern_uid\":\"\\u00e9\\u20AC\\ud83d\\ude00\\uDBFF\\uDFFF\",\"user_id\":4,\"active\":true}]",
  "[{\"extern_uid\":\"é€😀 raw\",\"user_id\":\"5\",\"active\":true}]",
  "[{\"extern\\u005fuid\":\"escaped key\",\"user_id\":6,\"active\":true}]",
  "[{\"extern_uid\":\"dup\",\"extern_uid\":\"last wins\",\"user_id\":7,\"user_id\":8,\"active\":false,\"active\":true}]",
  "[{\"extern_uid\":\"x\",\"user_id\":9,\"active\":true,\"other\":{\"a\":[1,2.5e-3,-0,{\"b\":null}],\"c\":\"}]\"},\"more\":[[[]]]}]",
  "[{\"extern_uid\":\"x\",\"user_id\":9007199254740992,\"active\":true}]",
  "[{\"extern_uid\":\"x\",\"user_id\":10,\"active\":true,\"provider\":\"group_saml\",\"n\":-12.5E+3}]",
  "[ { \"extern_uid\" : \"spaced\" , \"user_id\" : 11 , \"active\" : true } , {\"extern_uid\":\"y\",\"user_id\":12,\"active\":true} ]",
  "[{\"extern_uid\":\" \",\"user_id\":13,\"active\":true},{\"extern_uid\":\"\\u0020\",\"user_id\":13,\"active\":true}]",
};

/* Valid JSON, invalid records: both reject, with the same message. */
static const char *invalid_records[] = {
  "{}",
  "\"text\"",
  "42",
  "null",
  "[1]",
  "[[]]",
  "[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":true}, \"x\"]",
  "[{}]",
  "[{\"user_id\":1,\"active\":true}]",
  "[{\"extern_uid\":null,\"user_id\":1,\"active\":true}]",
  "[{\"extern_uid\":\"\",\"user_id\":1,\"active\":true}]",
  "[{\"extern_uid\":12,\"user_id\":1,\"active\":true}]",
  "[{\"extern_uid\":[\"a\"],\"user_id\":1,\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":null,\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":0,\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":-3,\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":9007199254740993,\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":9223372036854775807,\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":1.0,\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":1e3,\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":\"1x\",\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":\"\",\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":\"0\",\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":true,\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":{},\"active\":true}]",
  "[{\"extern_uid\":\"a\",\"user_id\":1}]",
  "[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":\"true\"}]",
  "[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":1}]",
  "[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":{}}]",
  /* The first bad record is reported, even with a later one. */
  "[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":true},{\"user_id\":2},{\"extern_uid\":\"\"}]",
};

/* Invalid JSON: both reject. */
static const char *invalid_json[] = {
  "",
  "   ",
  "[",
  "]",
  "[{",
  "[{\"extern_uid\"",
  "[{\"extern_uid\":",
  "[{\"extern_uid\":\"a",
  "[{\"extern_uid\":\"a\"",
  "[{\"extern_uid\":\"a\",",
  "[{\"extern_uid\":\"a\"}",
  "[{\"extern_uid\":\"a\"},",
  "[1,]",
  "[,1]",
  "[1 2]",
  "[{}{}]",
  "[{\"a\" 1}]",
  "[{\"a\":1,}]",
  "[{1:2}]",
  "[tru]",
  "[truex]",
  "[nul]",
  "[-]",
  "[1e]",
  "[+1]",
  "[NaN]",
  "[Infinity]",
  "[] x",
  "[\"\\ud800\"]",
  "[\"\\udc00\"]",
  "[\"\\ud800\\u0041\"]",
  "[\"\\ud800\\ud800\"]",
  "[\"\\u12\"]",
  "[{\"extern_uid\":\"a\\ud800\",\"user_id\":1,\"active\":true}]",
  /* A syntax error later wins over an earlier bad record. */
  "[{\"user_id\":1},{\"extern_uid\":\"a\",\"user_id\":1,\"active\":tru}]",
  "[\"\xff\"]",
  "[\"\xc3\"]",
  "[\"\xed\xa0\x80\"]",
};

/* Documents json-glib 1.6 accepts although they are not JSON: rejected
 * here (the reader follows RFC 8259; none of these come from GitLab). */
static const char *lax_json[] = {
  "[{\"extern_uid\":\"a\tb\",\"user_id\":1,\"active\":true}]",     /* raw tab */
  "[{\"extern_uid\":\"a\\xb\",\"user_id\":1,\"active\":true}]",    /* unknown escape */
  "[{'extern_uid':'a','user_id':1,'active':true}]",                /* single quotes */
  "[{\"extern_uid\":\"a\",\"user_id\":01,\"active\":true}]",       /* leading zero */
  "[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":true,\"n\":.5}]",
  "[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":true,\"n\":1.}]",
  "[/* comment */]",
  "\xef\xbb\xbf[]",                                                 /* byte order mark */
  "[\"\\u12G4\"]",                                                   /* not hexadecimal */
  /* json-glib cuts the string at the NUL ("a"): refused rather than
   * silently read as another value. */
  "[{\"extern_uid\":\"a\\u0000b\",\"user_id\":1,\"active\":true}]",
};

static void
test_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(GError) error = NULL;

      json_reference_note ("", valid[i]);
      assert_agree (valid[i]);
      list = roster_identity_reader_parse_list (valid[i], strlen (valid[i]), ROSTER_IDENTITY_SCIM, &error);
      g_assert_no_error (error);
    }
}

static void
test_invalid_records (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_records); i++)
    {
      JsonReferenceOutcome ref;

      json_reference_note ("", invalid_records[i]);
      json_reference_parse (&scim, invalid_records[i], strlen (invalid_records[i]), &ref);
      /* The table is right: json-glib reads it, the record parser refuses. */
      g_assert_false (ref.syntax);
      g_assert_nonnull (ref.error);
      json_reference_outcome_clear (&ref);
      assert_agree (invalid_records[i]);
    }
}

static void
test_invalid_json (void)
{
  json_reference_assert_invalid_json (&scim, invalid_json, G_N_ELEMENTS (invalid_json));
}

static void
test_lax_json (void)
{
  json_reference_assert_lax_json (&scim, lax_json, G_N_ELEMENTS (lax_json));
}

static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":true},\n {\"extern_uid\":\"b\",\"user_id\":2,\"active\":tru}]";

  g_assert_null (roster_identity_reader_parse_list (text, strlen (text), ROSTER_IDENTITY_SCIM, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  /* Where: line 2, the column of "tru". */
  g_assert_nonnull (strstr (error->message, "line 2, column 41"));
  g_clear_error (&error);

  /* Two documents: json-glib 1.6 takes them (and leaks the first), not us. */
  g_assert_null (roster_identity_reader_parse_list ("[][]", 4, ROSTER_IDENTITY_SCIM, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_clear_error (&error);

  text = "[{\"extern_uid\":\"a\",\"user_id\":\"x\",\"active\":true}]";
  g_assert_null (roster_identity_reader_parse_list (text, strlen (text), ROSTER_IDENTITY_SAML, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "SAML"));
  g_assert_nonnull (strstr (error->message, "item 1"));
  g_assert_nonnull (strstr (error->message, "user_id"));
}

/* Unknown members may nest up to RosterHttp's limit, not beyond. */
static void
test_depth (void)
{
  for (guint levels = 60; levels <= 66; levels++)
    {
      g_autoptr(GString) text = g_string_new ("[{\"extern_uid\":\"a\",\"user_id\":1,\"active\":true,\"deep\":");
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < levels; i++)
        g_string_append_c (text, '[');
      for (guint i = 0; i < levels; i++)
        g_string_append_c (text, ']');
      g_string_append (text, "}]");

      /* Two levels above the unknown value: the list and the record. */
      list = roster_identity_reader_parse_list (text->str, text->len, ROSTER_IDENTITY_SCIM, &error);
      if (levels + 2 <= 64)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
          g_assert_nonnull (strstr (error->message, "64"));
        }
    }
}

/* Generated documents: random strings (every kind of escape, astral
 * characters, raw UTF-8), random layout, unknown members, ids as numbers or
 * strings. */
static void
append_record_field (GString  *s,
                     guint     field,
                     gpointer  user_data)
{
  switch (field)
    {
    case 0:
      g_string_append (s, "\"extern_uid\":");
      json_reference_append_ws (s);
      /* Now and then empty: both reject it the same way. */
      json_reference_append_string (s, 12, TRUE);
      break;
    case 1:
      g_string_append_printf (s, g_test_rand_int_range (0, 8) == 0 ? "\"user_id\":\"%d\"" : "\"user_id\":%d",
                              g_test_rand_int_range (1, G_MAXINT32));
      break;
    case 2:
      g_string_append (s, "\"active\":");
      g_string_append (s, g_test_rand_int_range (0, 4) == 0 ? "null" : g_test_rand_bit () ? "true" : "false");
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Three fields the reader reads, one it does not. */
static void
append_record (GString *s)
{
  json_reference_append_object (s, 3, 1, append_record_field, NULL);
}

static void
test_generated (void)
{
  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      json_reference_append_page (s, 30, append_record);
      assert_agree_len (s->str, s->len, TRUE);
      /* And one damaged copy: a byte cut out of it. */
      if (s->len > 2)
        {
          g_string_erase (s, g_test_rand_int_range (0, (gint32) s->len), 1);
          assert_agree_len (s->str, s->len, FALSE);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/identity-reader/fixtures", test_fixtures);
  g_test_add_func ("/roster/identity-reader/valid", test_valid);
  g_test_add_func ("/roster/identity-reader/invalid-records", test_invalid_records);
  g_test_add_func ("/roster/identity-reader/invalid-json", test_invalid_json);
  g_test_add_func ("/roster/identity-reader/lax-json", test_lax_json);
  g_test_add_func ("/roster/identity-reader/messages", test_messages);
  g_test_add_func ("/roster/identity-reader/depth", test_depth);
  g_test_add_func ("/roster/identity-reader/generated", test_generated);

  return g_test_run ();
}
