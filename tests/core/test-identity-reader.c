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

typedef struct
{
  GPtrArray *list;    /* NULL on error */
  GError    *error;
  gboolean   syntax;  /* the error is about the JSON, not a record */
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_clear_pointer (&o->list, g_ptr_array_unref);
  g_clear_error (&o->error);
}

/* What the client did before: RosterHttp's parse, then the tree parser. */
static void
reference (const char         *text,
           gsize               size,
           RosterIdentityKind  kind,
           Outcome            *o)
{
  g_autoptr(JsonParser) parser = NULL;

  memset (o, 0, sizeof *o);
  o->syntax = TRUE;
  if (!(parser = json_reference_load (text, size, FALSE, &o->error)))
    return;
  o->syntax = FALSE;
  o->list = roster_gitlab_identities_parse (json_parser_get_root (parser), kind, &o->error);
}

static void
streaming (const char         *text,
           gsize               size,
           RosterIdentityKind  kind,
           Outcome            *o)
{
  memset (o, 0, sizeof *o);
  o->list = roster_identity_reader_parse_list (text, size, kind, &o->error);
  g_assert_true ((o->list == NULL) == (o->error != NULL));
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

/* Both agree on @text, for both kinds. Not @strict (a damaged document):
 * the reader may refuse what json-glib's laxness accepts, but what it
 * accepts, json-glib reads the same way. */
static void
assert_agree_len (const char *text,
                  gsize       size,
                  gboolean    strict)
{
  for (RosterIdentityKind kind = ROSTER_IDENTITY_SAML; kind <= ROSTER_IDENTITY_SCIM; kind++)
    {
      Outcome ref, got;

      streaming (text, size, kind, &got);
      /* A damaged document the reader refuses: json-glib may take it (it
       * is laxer) or refuse it, and on some of its error paths it leaks
       * (json-glib 1.6), which LeakSanitizer would report; not asked. */
      if (!strict && got.error != NULL)
        {
          g_assert_error (got.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
          outcome_clear (&got);
          continue;
        }
      reference (text, size, kind, &ref);
      if (ref.list != NULL)
        {
          if (got.error != NULL)
            json_reference_note ("valid for json-glib, rejected: ", text);
          g_assert_no_error (got.error);
          assert_same_lists (ref.list, got.list);
        }
      else
        {
          if (got.list != NULL)
            json_reference_note ("rejected by json-glib, accepted: ", text);
          g_assert_error (got.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
          /* Valid JSON, invalid record: the very same sentence. */
          if (!ref.syntax)
            g_assert_cmpstr (got.error->message, ==, ref.error->message);
        }
      outcome_clear (&ref);
      outcome_clear (&got);
    }
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
          Outcome got;

          streaming (text, cut, ROSTER_IDENTITY_SCIM, &got);
          g_assert_error (got.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
          outcome_clear (&got);
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
      Outcome ref;

      json_reference_note ("", invalid_records[i]);
      reference (invalid_records[i], strlen (invalid_records[i]), ROSTER_IDENTITY_SCIM, &ref);
      /* The table is right: json-glib reads it, the record parser refuses. */
      g_assert_false (ref.syntax);
      g_assert_nonnull (ref.error);
      outcome_clear (&ref);
      assert_agree (invalid_records[i]);
    }
}

static void
test_invalid_json (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_json); i++)
    {
      Outcome ref, got;

      json_reference_note ("", invalid_json[i]);
      reference (invalid_json[i], strlen (invalid_json[i]), ROSTER_IDENTITY_SCIM, &ref);
      g_assert_true (ref.syntax);
      g_assert_nonnull (ref.error);
      streaming (invalid_json[i], strlen (invalid_json[i]), ROSTER_IDENTITY_SCIM, &got);
      g_assert_error (got.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
      json_reference_note ("-> ", got.error->message);
      outcome_clear (&ref);
      outcome_clear (&got);
    }
}

static void
test_lax_json (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (lax_json); i++)
    {
      Outcome ref, got;

      json_reference_note ("", lax_json[i]);
      reference (lax_json[i], strlen (lax_json[i]), ROSTER_IDENTITY_SCIM, &ref);
      /* Still true of json-glib: otherwise move the line to a table above. */
      g_assert_false (ref.syntax);
      streaming (lax_json[i], strlen (lax_json[i]), ROSTER_IDENTITY_SCIM, &got);
      g_assert_error (got.error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
      outcome_clear (&ref);
      outcome_clear (&got);
    }
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
append_ws (GString *s)
{
  static const char ws[] = " \t\r\n";

  for (guint n = g_test_rand_int_range (0, 3); n > 0; n--)
    g_string_append_c (s, ws[g_test_rand_int_range (0, 4)]);
}

static gunichar
random_char (void)
{
  switch (g_test_rand_int_range (0, 6))
    {
    case 0:  return (gunichar) g_test_rand_int_range (1, 0x20);
    case 1:  return (gunichar) g_test_rand_int_range (0x20, 0x7f);
    case 2:  return (gunichar) g_test_rand_int_range (0x80, 0x800);
    case 3:  return (gunichar) g_test_rand_int_range (0xe000, 0x10000);
    case 4:  return (gunichar) g_test_rand_int_range (0x10000, 0x110000);
    default: return g_test_rand_bit () ? '"' : '\\';
    }
}

static void
append_string (GString *s)
{
  guint n = g_test_rand_int_range (0, 12);

  g_string_append_c (s, '"');
  for (guint i = 0; i < n; i++)
    {
      gunichar c = random_char ();
      int how = g_test_rand_int_range (0, 3);

      if (c < 0x20 || c == '"' || c == '\\' || how == 0)
        {
          if (c >= 0x10000)
            g_string_append_printf (s, g_test_rand_bit () ? "\\u%04x\\u%04x" : "\\u%04X\\u%04X",
                                    0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff));
          else if (c == '"' || c == '\\')
            g_string_append_printf (s, how == 0 ? "\\u%04x" : "\\%c", c);
          else if (c == '\n' && how != 0)
            g_string_append (s, "\\n");
          else if (c == '\t' && how != 0)
            g_string_append (s, "\\t");
          else
            g_string_append_printf (s, "\\u%04x", c);
        }
      else if (c == '/' && how == 1)
        g_string_append (s, "\\/");
      else
        g_string_append_unichar (s, c);
    }
  g_string_append_c (s, '"');
}

static void
append_unknown_value (GString *s,
                      guint    depth)
{
  switch (depth > 4 ? 0 : g_test_rand_int_range (0, 6))
    {
    case 0:
      append_string (s);
      break;
    case 1:
      g_string_append_printf (s, "%d.%de%d", g_test_rand_int_range (-99, 99), g_test_rand_int_range (0, 99),
                              g_test_rand_int_range (-9, 9));
      break;
    case 2:
      g_string_append (s, g_test_rand_bit () ? "true" : "null");
      break;
    case 3:
      g_string_append_c (s, '[');
      for (guint n = g_test_rand_int_range (0, 3), i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (s, ',');
          append_ws (s);
          append_unknown_value (s, depth + 1);
          append_ws (s);
        }
      g_string_append_c (s, ']');
      break;
    default:
      g_string_append_c (s, '{');
      for (guint n = g_test_rand_int_range (0, 3), i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (s, ',');
          append_string (s);
          append_ws (s);
          g_string_append_c (s, ':');
          append_unknown_value (s, depth + 1);
        }
      g_string_append_c (s, '}');
      break;
    }
}

static void
append_record (GString *s)
{
  guint order[4] = { 0, 1, 2, 3 };

  for (guint i = 3; i > 0; i--)
    {
      guint j = g_test_rand_int_range (0, i + 1);
      guint t = order[i];

      order[i] = order[j];
      order[j] = t;
    }

  g_string_append_c (s, '{');
  for (guint i = 0; i < 4; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      append_ws (s);
      switch (order[i])
        {
        case 0:
          g_string_append (s, "\"extern_uid\":");
          append_ws (s);
          /* Now and then empty: both reject it the same way. */
          append_string (s);
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
          append_string (s);
          g_string_append_c (s, ':');
          append_unknown_value (s, 0);
          break;
        }
      append_ws (s);
    }
  g_string_append_c (s, '}');
}

static void
test_generated (void)
{
  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      guint n = g_test_rand_int_range (0, 30);

      append_ws (s);
      g_string_append_c (s, '[');
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (s, ',');
          append_ws (s);
          append_record (s);
          append_ws (s);
        }
      g_string_append_c (s, ']');
      append_ws (s);

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
