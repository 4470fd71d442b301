/* test-enterprise-reader.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "roster-enterprise-reader.h"
#include "json-reference.h"
#include "roster-error.h"
#include "roster-gitlab-types.h"
#include "roster-http.h"
#include "roster-request-log.h"
#include "roster-sandbox.h"
#include "roster-test-utils.h"

/* The one-pass reader of a page of `GET /groups/:id/enterprise_users`
 * against the json-glib path (RosterHttp's checks, json-glib's tree,
 * roster_gitlab_enterprise_users_parse()): the same users (and their
 * identities) for every valid document, a ROSTER_ERROR_PROTOCOL error for
 * every invalid one, and the very same message when the JSON is valid but a
 * user is not. Documents: the fixture, the sandbox's real pages, every
 * field of a user and of its identities missing, null, of each wrong type
 * or out of range, syntax errors, deep nesting, escapes, generated pages. */

static void
assert_same_identities (GPtrArray *a,
                        GPtrArray *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    json_reference_assert_same_identity (g_ptr_array_index (a, i), g_ptr_array_index (b, i));
}

static void
assert_same_users (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      RosterGitlabEnterpriseUser *x = g_ptr_array_index (a, i);
      RosterGitlabEnterpriseUser *y = g_ptr_array_index (b, i);

      g_assert_cmpint (x->id, ==, y->id);
      g_assert_cmpstr (x->username, ==, y->username);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->state, ==, y->state);
      g_assert_cmpstr (x->email, ==, y->email);
      assert_same_identities (x->identities, y->identities);
      assert_same_identities (x->scim_identities, y->scim_identities);
    }
}

static const JsonReferenceReader reader = {
  .read = roster_enterprise_reader_parse_list,
  .parse = roster_gitlab_enterprise_users_parse,
  .check_depth = TRUE,
  .assert_same = assert_same_users,
  .differs = "differs: ",
};

static void
test_fixture (void)
{
  g_autofree char *path = roster_test_data_path ("gitlab", "enterprise-users.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  RosterGitlabEnterpriseUser *ada;
  RosterGitlabIdentity *identity;
  gsize size;

  g_file_get_contents (path, &text, &size, &error);
  g_assert_no_error (error);
  g_assert_true (json_reference_agree_len (&reader, text, size, TRUE));

  /* What it holds, not only that both agree. */
  users = roster_enterprise_reader_parse_list (text, size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 4);
  ada = g_ptr_array_index (users, 0);
  g_assert_cmpint (ada->id, ==, 7101);
  g_assert_cmpstr (ada->username, ==, "alovelace");
  g_assert_cmpstr (ada->name, ==, "Ada Lovelace");
  g_assert_cmpstr (ada->state, ==, "active");
  g_assert_cmpstr (ada->email, ==, "ada.lovelace@acme.example");
  g_assert_cmpuint (ada->identities->len, ==, 1);
  identity = g_ptr_array_index (ada->identities, 0);
  g_assert_cmpint (identity->kind, ==, ROSTER_IDENTITY_SAML);
  g_assert_cmpstr (identity->provider, ==, "group_saml");
  g_assert_cmpstr (identity->extern_uid, ==, "9f1c2a7e-3b4d-4e5f-8a6b-0c1d2e3f4a5b");
  g_assert_cmpint (identity->saml_provider_id, ==, 318);
  g_assert_cmpint (identity->user_id, ==, 7101);
  identity = g_ptr_array_index (((RosterGitlabEnterpriseUser *) g_ptr_array_index (users, 3))->scim_identities, 0);
  g_assert_cmpint (identity->kind, ==, ROSTER_IDENTITY_SCIM);
  g_assert_false (identity->active);
  g_assert_cmpint (identity->group_id, ==, 4242);
  g_assert_cmpint (identity->user_id, ==, 7104);

  /* Every truncation is rejected (up to the closing bracket); a sample of
   * them against json-glib too (slower). */
  json_reference_assert_truncations (&reader, text, size, 97);
}

/* ---- one user, every field mutated ---- */

/* A user as a list of members (key, JSON text), NULL key ends it; an
 * identity likewise. Mutations replace or drop one value. */
typedef struct
{
  const char *key;
  const char *value;
} Member;

static const Member saml_identity[] = {
  { "provider", "\"group_saml\"" },
  { "extern_uid", "\"9f1c2a7e-3b4d\"" },
  { "saml_provider_id", "318" },
  { NULL, NULL },
};

static const Member scim_identity[] = {
  { "extern_uid", "\"9f1c2a7e-3b4d\"" },
  { "group_id", "4242" },
  { "active", "true" },
  { NULL, NULL },
};

static const Member user[] = {
  { "id", "7101" },
  { "username", "\"alovelace\"" },
  { "name", "\"Ada Lovelace\"" },
  { "state", "\"active\"" },
  { "locked", "false" },
  { "avatar_url", "\"https://secure.gravatar.com/avatar/3c5d?s=80&d=identicon\"" },
  { "bio", "\"\"" },
  { "location", "null" },
  { "followers", "0" },
  { "email", "\"ada.lovelace@acme.example\"" },
  { "identities", NULL },       /* [saml_identity, saml_identity] */
  { "two_factor_enabled", "true" },
  { "scim_identities", NULL },  /* [scim_identity, scim_identity] */
  { NULL, NULL },
};

/* Values every field is set to in turn ("" drops it). */
static const char *variants[] = {
  "",
  "null",
  "\"\"",
  "\"x\"",
  "\"12\"",
  "\"-3\"",
  "\"0\"",
  "\"007\"",
  "\" 12\"",
  "\"9007199254740993\"",
  "\"99999999999999999999\"",
  "12",
  "0",
  "-1",
  "-0",
  "1.5",
  "1.0",
  "1e2",
  "-2E-3",
  "9007199254740992",
  "9007199254740993",
  "9223372036854775807",
  "-9223372036854775808",
  "9223372036854775808",
  "99999999999999999999",
  "true",
  "false",
  "\"true\"",
  "\"FALSE\"",
  "{}",
  "{\"a\":1}",
  "[]",
  "[{}]",
  "[1]",
  "[null]",
  "[\"x\"]",
  "[[]]",
  "\"\\u00e9\\ud83d\\ude00\\n\"",
};

typedef struct
{
  const char *path;   /* "id", "identities", "identities[1].extern_uid"… */
  const char *value;  /* NULL: as in the template; "": absent */
} Mutation;

static void
append_object (GString       *s,
               const Member  *members,
               const char    *prefix,
               const Mutation *m);

static void
append_identities (GString        *s,
                   const char     *key,
                   const Member   *identity,
                   const Mutation *m)
{
  g_string_append_c (s, '[');
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%s[%u]", key, i);

      if (i > 0)
        g_string_append_c (s, ',');
      if (m != NULL && strcmp (m->path, prefix) == 0)
        g_string_append (s, m->value);
      else
        append_object (s, identity, prefix, m);
    }
  g_string_append_c (s, ']');
}

static void
append_object (GString        *s,
               const Member   *members,
               const char     *prefix,
               const Mutation *m)
{
  gboolean first = TRUE;

  g_string_append_c (s, '{');
  for (const Member *p = members; p->key != NULL; p++)
    {
      g_autofree char *path = prefix != NULL ? g_strdup_printf ("%s.%s", prefix, p->key) : g_strdup (p->key);
      gboolean mutated = m != NULL && strcmp (m->path, path) == 0;

      if (mutated && m->value[0] == '\0')
        continue;
      if (!first)
        g_string_append_c (s, ',');
      first = FALSE;
      g_string_append_printf (s, "\"%s\":", p->key);
      if (mutated)
        g_string_append (s, m->value);
      else if (p->value != NULL)
        g_string_append (s, p->value);
      else
        append_identities (s, p->key, strcmp (p->key, "identities") == 0 ? saml_identity : scim_identity, m);
    }
  g_string_append_c (s, '}');
}

/* A page of three users, the mutation applied to the second. */
static char *
mutated_page (const Mutation *m)
{
  GString *s = g_string_new ("[");

  append_object (s, user, NULL, NULL);
  g_string_append_c (s, ',');
  append_object (s, user, NULL, m);
  g_string_append_c (s, ',');
  append_object (s, user, NULL, NULL);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static void
test_mutations (void)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint accepted = 0;
  guint rejected = 0;

  for (const Member *p = user; p->key != NULL; p++)
    g_ptr_array_add (paths, g_strdup (p->key));
  for (guint i = 0; i < 2; i++)
    {
      g_ptr_array_add (paths, g_strdup_printf ("identities[%u]", i));
      g_ptr_array_add (paths, g_strdup_printf ("scim_identities[%u]", i));
      for (const Member *p = saml_identity; p->key != NULL; p++)
        g_ptr_array_add (paths, g_strdup_printf ("identities[%u].%s", i, p->key));
      for (const Member *p = scim_identity; p->key != NULL; p++)
        g_ptr_array_add (paths, g_strdup_printf ("scim_identities[%u].%s", i, p->key));
    }

  for (guint i = 0; i < paths->len; i++)
    for (guint j = 0; j < G_N_ELEMENTS (variants); j++)
      {
        Mutation m = { g_ptr_array_index (paths, i), variants[j] };
        g_autofree char *text = NULL;

        /* A whole identity cannot be absent: drop it from the list instead. */
        if (variants[j][0] == '\0' && strchr (m.path, '[') != NULL && !strchr (m.path, '.'))
          continue;
        text = mutated_page (&m);
        if (json_reference_agree (&reader, text))
          accepted++;
        else
          rejected++;
      }

  /* Both kinds of outcome were exercised. */
  g_test_message ("%u mutated pages accepted, %u rejected", accepted, rejected);
  g_assert_cmpuint (accepted, >, 100);
  g_assert_cmpuint (rejected, >, 100);
}

/* Two mutations at once: the first failing check (in the parser's order)
 * is reported. */
static void
test_mutation_pairs (void)
{
  static const Mutation firsts[] = {
    { "id", "null" }, { "username", "\"\"" }, { "name", "1" }, { "email", "[]" },
    { "identities", "{}" }, { "identities[0]", "1" }, { "identities[1].extern_uid", "\"\"" },
    { "identities[0].saml_provider_id", "0" }, { "scim_identities[0].active", "1" },
  };
  static const Mutation seconds[] = {
    { "state", "false" }, { "scim_identities", "\"x\"" }, { "scim_identities[1].group_id", "-1" },
    { "identities[0].provider", "2" }, { "username", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (firsts); i++)
    for (guint j = 0; j < G_N_ELEMENTS (seconds); j++)
      {
        g_autoptr(GString) s = g_string_new ("[");
        g_autofree char *one = NULL;
        g_autofree char *two = NULL;

        /* The first mutation in user 2, the second in users 2 and 3. */
        append_object (s, user, NULL, NULL);
        one = mutated_page (&firsts[i]);
        two = mutated_page (&seconds[j]);
        g_string_append_c (s, ',');
        g_string_append (s, one + 1);
        g_string_truncate (s, s->len - 1);
        g_string_append_c (s, ',');
        g_string_append (s, two + 1);
        json_reference_agree_len (&reader, s->str, s->len, TRUE);
      }
}

/* ---- hand-written documents ---- */

#define U(fields) "{\"id\":1,\"username\":\"u\"" fields "}"

/* Valid pages with odd strings, numbers, layout and repeated members. */
static const char *valid[] = {
  "[]",
  " \t\r\n[ \t\r\n] \t\r\n",
  "[" U("") "]",
  "[{\"username\":\"u\",\"id\":\"42\"}]",
  "[" U(",\"name\":null,\"state\":null,\"email\":null,\"identities\":null,\"scim_identities\":null") "]",
  "[" U(",\"identities\":[],\"scim_identities\":[]") "]",
  "[" U(",\"name\":\"q\\\"b\\\\s\\/f\\b\\f\\n\\r\\t\",\"email\":\"\\u00e9\\u20AC\\ud83d\\ude00\\uDBFF\\uDFFF\"") "]",
  "[" U(",\"name\":\"é€😀 raw\",\"state\":\"\"") "]",
  "[{\"\\u0069d\":3,\"user\\u006eame\":\"escaped keys\"}]",
  "[{\"id\":1,\"id\":2,\"username\":\"first\",\"username\":\"last wins\",\"email\":null,\"email\":\"e\"}]",
  /* A repeated list: the last one wins, whole. */
  "[" U(",\"identities\":[{\"extern_uid\":\"a\"}],\"identities\":[{\"extern_uid\":\"b\"},{\"extern_uid\":\"c\"}]") "]",
  "[" U(",\"identities\":[{\"extern_uid\":\"a\"}],\"identities\":null") "]",
  "[" U(",\"identities\":[{\"extern_uid\":\"a\",\"extern_uid\":\"b\",\"provider\":\"x\",\"provider\":null}]") "]",
  "[" U(",\"identities\":[{\"extern_uid\":\"a\",\"saml_provider_id\":\"17\"}]") "]",
  "[" U(",\"identities\":[{\"extern_uid\":\"a\",\"provider\":\"ldapmain\",\"saml_provider_id\":null}]") "]",
  "[" U(",\"scim_identities\":[{\"extern_uid\":\"a\",\"active\":null,\"group_id\":null}]") "]",
  "[" U(",\"scim_identities\":[{\"extern_uid\":\"a\",\"active\":false,\"group_id\":\"9\"},{\"extern_uid\":\"b\"}]") "]",
  /* Unknown members, anywhere, whatever they hold. */
  "[" U(",\"other\":{\"a\":[1,2.5e-3,-0,{\"b\":null}],\"c\":\"}]\"},\"more\":[[[]]]") "]",
  "[" U(",\"identities\":[{\"extern_uid\":\"a\",\"x\":{\"identities\":[1]},\"user_id\":\"nonsense\",\"active\":7}]") "]",
  "[" U(",\"scim_identities\":[{\"extern_uid\":\"a\",\"provider\":5,\"saml_provider_id\":\"no\",\"user_id\":[]}]") "]",
  "[{\"id\":9007199254740992,\"username\":\"max\"}]",
  "[ { \"id\" : 1 , \"username\" : \"spaced\" , \"identities\" : [ { \"extern_uid\" : \"s\" } ] } ]",
  "[" U("") "," U("") "]",
};

/* Valid JSON, invalid pages: both reject, with the same message. */
static const char *invalid_users[] = {
  "{}",
  "\"text\"",
  "42",
  "null",
  "true",
  "[1]",
  "[[]]",
  "[null]",
  "[" U("") ", \"x\"]",
  "[{}]",
  "[{\"username\":\"u\"}]",
  "[{\"id\":1}]",
  "[{\"id\":\"\",\"username\":\"u\"}]",
  "[{\"id\":\"1.5\",\"username\":\"u\"}]",
  "[{\"id\":\"+1\",\"username\":\"u\"}]",
  "[{\"id\":1,\"username\":\"u\",\"identities\":[{}]}]",
  "[{\"id\":1,\"username\":\"u\",\"identities\":[{\"extern_uid\":\"a\"},[]]}]",
  "[{\"id\":1,\"username\":\"u\",\"scim_identities\":[{\"extern_uid\":\"a\"},{\"extern_uid\":\"b\",\"active\":\"yes\"}]}]",
  "[{\"id\":1,\"username\":\"u\",\"scim_identities\":[{\"extern_uid\":\"a\",\"active\":\"true\"}]}]",
  "[{\"id\":1,\"username\":\"u\",\"identities\":[{\"extern_uid\":\"a\",\"saml_provider_id\":\"\"}]}]",
  /* The first bad user is reported, even with a later one. */
  "[" U("") ",{\"id\":2},{\"id\":0,\"username\":\"\"}]",
  /* Fields are checked in the parser's order, not the document's. */
  "[{\"scim_identities\":1,\"identities\":2,\"email\":3,\"state\":4,\"name\":5,\"username\":6,\"id\":7}]",
  "[{\"scim_identities\":[{}],\"identities\":[{}],\"id\":1,\"username\":\"u\"}]",
  "[{\"identities\":[{\"saml_provider_id\":0,\"provider\":1,\"extern_uid\":\"a\"}],\"id\":1,\"username\":\"u\"}]",
  "[{\"scim_identities\":[{\"group_id\":0,\"active\":1,\"extern_uid\":\"a\"}],\"id\":1,\"username\":\"u\"}]",
  /* A bad identity is reported after the user's own fields. */
  "[{\"identities\":[1],\"id\":null,\"username\":\"u\"}]",
  /* Keys are compared whole and exactly: not "id". */
  "[{\"ID\":1,\"username\":\"u\"}]",
  "[{\"id \":1,\"username\":\"u\"}]",
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
  "[{\"id\":1,\"username\":\"u\",\"identities\":[",
  "[{\"id\":1,\"username\":\"u\",\"identities\":[{\"extern_uid\":\"a\"",
  "[{\"id\":1,\"username\":\"u\",\"identities\":[{\"extern_uid\":\"a\"}}]",
  "[{\"id\":1,\"username\":\"u\",\"identities\":[{\"extern_uid\":\"a\"]}]",
  "[{\"id\":1,\"username\":\"u\",\"identities\":[{\"extern_uid\":\"a\"},]}]",
  "[{\"id\":1,\"username\":\"u\",\"scim_identities\":[{\"active\":tru}]}]",
  "[1,]",
  "[,1]",
  "[1 2]",
  "[{}{}]",
  "[{\"a\" 1}]",
  "[{\"a\":1,}]",
  "[{1:2}]",
  "[tru]",
  "[nul]",
  "[-]",
  "[1e]",
  "[+1]",
  "[NaN]",
  "[] x",
  "[\"\\ud800\"]",
  "[\"\\udc00\"]",
  "[\"\\ud800\\u0041\"]",
  "[\"\\u12\"]",
  "[{\"id\":1,\"username\":\"u\\ud800\"}]",
  /* A syntax error later wins over an earlier bad user. */
  "[{\"id\":null},{\"id\":1,\"username\":\"u\",\"state\":tru}]",
  "[{\"id\":1,\"username\":\"u\",\"identities\":[{}]},{\"id\":1,\"username\":\"u\",\"name\":\"a]",
  "[\"\xff\"]",
  "[\"\xc3\"]",
  "[\"\xed\xa0\x80\"]",
};

/* Documents json-glib 1.6 accepts although they are not JSON: refused
 * here (the reader follows RFC 8259; none of these come from GitLab). */
static const char *lax_json[] = {
  "[{\"id\":1,\"username\":\"a\tb\"}]",                      /* raw tab */
  "[{\"id\":1,\"username\":\"a\\xb\"}]",                     /* unknown escape */
  "[{'id':1,'username':'a'}]",                               /* single quotes */
  "[{\"id\":01,\"username\":\"a\"}]",                        /* leading zero */
  "[{\"id\":1,\"username\":\"a\",\"n\":.5}]",
  "[{\"id\":1,\"username\":\"a\",\"n\":1.}]",
  "[/* comment */]",
  "\xef\xbb\xbf[]",                                          /* byte order mark */
  "[\"\\u12G4\"]",                                           /* not hexadecimal */
  /* json-glib cuts the string at the NUL ("a"): refused rather than
   * silently read as another value. */
  "[{\"id\":1,\"username\":\"a\\u0000b\"}]",
  "[{\"id\":1,\"username\":\"a\",\"identities\":[{\"extern_uid\":\"a\\u0000\"}]}]",
  /* json-glib reads this key as "id". */
  "[{\"id\\u0000\":1,\"username\":\"u\"}]",
};

static void
test_valid (void)
{
  json_reference_assert_valid (&reader, valid, G_N_ELEMENTS (valid));
}

static void
test_invalid_users (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_users); i++)
    {
      JsonReferenceOutcome ref;

      json_reference_note ("", invalid_users[i]);
      json_reference_parse (&reader, invalid_users[i], strlen (invalid_users[i]), &ref);
      /* The table is right: json-glib reads it, the parser refuses. */
      g_assert_false (ref.syntax);
      g_assert_nonnull (ref.error);
      json_reference_note ("-> ", ref.error->message);
      json_reference_outcome_clear (&ref);
      g_assert_false (json_reference_agree (&reader, invalid_users[i]));
    }
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

static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "[{\"id\":1,\"username\":\"u\"},\n {\"id\":2,\"username\":\"v\",\"state\":tru}]";

  g_assert_null (roster_enterprise_reader_parse_list (text, strlen (text), &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  /* Where: line 2, the column of "tru". */
  json_reference_note ("-> ", error->message);
  g_assert_nonnull (strstr (error->message, "line 2, column 33"));
  g_clear_error (&error);

  /* Two documents: json-glib 1.6 takes them (and leaks the first), not us. */
  g_assert_null (roster_enterprise_reader_parse_list ("[][]", 4, &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* A nested list is named with its index, the user with its number. */
  text = "[{\"id\":1,\"username\":\"u\"},{\"id\":2,\"username\":\"v\",\"scim_identities\":"
         "[{\"extern_uid\":\"a\"},{\"extern_uid\":\"b\",\"group_id\":0}]}]";
  g_assert_null (roster_enterprise_reader_parse_list (text, strlen (text), &error));
  g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "enterprise users"));
  g_assert_nonnull (strstr (error->message, "item 2"));
  g_assert_nonnull (strstr (error->message, "scim_identities[1].group_id"));
}

/* Unknown members may nest up to RosterHttp's limit, not beyond, at any
 * level: in a user, or in one of its identities. */
static void
test_depth (void)
{
  static const struct
  {
    const char *before;
    const char *after;
    guint       levels;   /* of containers before the unknown value */
  } places[] = {
    { "[{\"id\":1,\"username\":\"u\",\"deep\":", "}]", 2 },
    { "[{\"id\":1,\"username\":\"u\",\"identities\":[{\"extern_uid\":\"a\",\"deep\":", "}]}]", 4 },
    { "[{\"id\":1,\"username\":\"u\",\"scim_identities\":[{\"extern_uid\":\"a\"}],\"x\":[{\"y\":", "}]}]", 4 },
  };

  for (guint p = 0; p < G_N_ELEMENTS (places); p++)
    for (guint levels = 58; levels <= 66; levels++)
      {
        g_autoptr(GString) text = g_string_new (places[p].before);
        g_autoptr(GPtrArray) list = NULL;
        g_autoptr(GError) error = NULL;

        /* Objects and lists in turn: {"k":[{"k":[…0…]}]} */
        for (guint i = 0; i < levels; i++)
          g_string_append (text, i % 2 ? "[" : "{\"k\":");
        g_string_append (text, "0");
        for (guint i = levels; i > 0; i--)
          g_string_append_c (text, (i - 1) % 2 ? ']' : '}');
        g_string_append (text, places[p].after);

        list = roster_enterprise_reader_parse_list (text->str, text->len, &error);
        if (places[p].levels + levels <= ROSTER_HTTP_MAX_JSON_DEPTH)
          g_assert_no_error (error);
        else
          {
            g_assert_error (error, ROSTER_ERROR, ROSTER_ERROR_PROTOCOL);
            g_assert_nonnull (strstr (error->message, "64"));
          }
        json_reference_agree_len (&reader, text->str, text->len, TRUE);
      }
}

/* ---- generated pages ---- */

static void
append_maybe_string (GString *s)
{
  switch (g_test_rand_int_range (0, 8))
    {
    case 0:  g_string_append (s, "null"); break;
    default: json_reference_append_string (s, 12, TRUE); break;
    }
}

static void
append_id (GString *s)
{
  if (g_test_rand_int_range (0, 8) == 0)
    g_string_append_printf (s, "\"%d\"", g_test_rand_int_range (1, G_MAXINT32));
  else
    g_string_append_printf (s, "%d", g_test_rand_int_range (1, G_MAXINT32));
}

/* @user_data: whether the identity is a SCIM one */
static void
append_identity_field (GString  *s,
                       guint     field,
                       gpointer  user_data)
{
  gboolean scim = GPOINTER_TO_INT (user_data);

  switch (field)
    {
    case 0:
      g_string_append (s, "\"extern_uid\":");
      /* Now and then empty: both reject it the same way. */
      json_reference_append_string (s, 12, TRUE);
      break;
    case 1:
      g_string_append (s, scim ? "\"group_id\":" : "\"saml_provider_id\":");
      if (g_test_rand_int_range (0, 6) == 0)
        g_string_append (s, "null");
      else
        append_id (s);
      break;
    case 2:
      if (scim)
        {
          g_string_append (s, "\"active\":");
          g_string_append (s, g_test_rand_int_range (0, 4) == 0 ? "null" : g_test_rand_bit () ? "true" : "false");
        }
      else
        {
          g_string_append (s, "\"provider\":");
          append_maybe_string (s);
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
append_user_field (GString  *s,
                   guint     field,
                   gpointer  user_data)
{
  switch (field)
    {
    case 0:
      g_string_append (s, "\"id\":");
      append_id (s);
      break;
    case 1:
      g_string_append (s, "\"username\":");
      json_reference_append_string (s, 12, TRUE);
      break;
    case 2:
      g_string_append (s, "\"name\":");
      append_maybe_string (s);
      break;
    case 3:
      g_string_append (s, "\"state\":");
      append_maybe_string (s);
      break;
    case 4:
      g_string_append (s, "\"email\":");
      append_maybe_string (s);
      break;
    case 5:
    case 6:
      g_string_append (s, field == 5 ? "\"identities\":" : "\"scim_identities\":");
      if (g_test_rand_int_range (0, 8) == 0)
        g_string_append (s, "null");
      else
        {
          g_string_append_c (s, '[');
          for (guint n = g_test_rand_int_range (0, 3), j = 0; j < n; j++)
            {
              if (j > 0)
                g_string_append_c (s, ',');
              json_reference_append_ws (s);
              /* Three fields the reader reads, two it does not. */
              json_reference_append_object (s, 3, 2, append_identity_field, GINT_TO_POINTER (field == 6));
            }
          g_string_append_c (s, ']');
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Seven fields the reader reads, three it does not. */
static void
append_user (GString *s)
{
  json_reference_append_object (s, 7, 3, append_user_field, NULL);
}

static void
test_generated (void)
{
  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      json_reference_append_page (s, 12, append_user);
      json_reference_agree_len (&reader, s->str, s->len, TRUE);
      /* And damaged copies: a byte cut out, a byte changed. */
      if (s->len > 2)
        {
          g_autoptr(GString) copy = g_string_new_len (s->str, s->len);
          static const char bytes[] = "{}[],:\"\\0-e.tn ";

          g_string_erase (s, g_test_rand_int_range (0, (gint32) s->len), 1);
          json_reference_agree_len (&reader, s->str, s->len, FALSE);
          copy->str[g_test_rand_int_range (0, (gint32) copy->len)] = bytes[g_test_rand_int_range (0, sizeof bytes - 1)];
          json_reference_agree_len (&reader, copy->str, copy->len, FALSE);
        }
    }
}

/* ---- the sandbox's real pages ---- */

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
  Fetch *f = user_data;

  f->response = roster_http_request_finish (ROSTER_HTTP (object), result, &f->error);
  f->done = TRUE;
}

static void
test_sandbox_pages (void)
{
  g_autoptr(RosterSandbox) sandbox = roster_sandbox_new_generated (450, 7, 0.2);
  g_autoptr(RosterRequestLog) log = roster_request_log_new (10);
  g_autoptr(RosterHttp) http = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint users = 0;

  roster_sandbox_listen (sandbox, 0, NULL, &error);
  g_assert_no_error (error);
  http = roster_http_new (roster_sandbox_get_url (sandbox), log, &error);
  g_assert_no_error (error);
  roster_http_set_token (http, ROSTER_TOKEN_API, roster_sandbox_get_api_token (sandbox));
  path = g_strdup_printf ("/api/v4/groups/%" G_GINT64_FORMAT "/enterprise_users",
                          roster_sandbox_get_group_id (sandbox));

  for (guint page = 1;; page++)
    {
      g_autoptr(RosterHttpRequest) request = roster_http_request_new ("GET", path);
      Fetch f = { 0, };
      GBytes *body;
      const char *data;
      gsize size;
      JsonReferenceOutcome got;

      roster_http_request_set_token_kind (request, ROSTER_TOKEN_API);
      roster_http_request_add_query_int (request, "per_page", 100);
      roster_http_request_add_query_int (request, "page", page);
      roster_http_request_set_raw_json (request, TRUE);
      roster_http_request_async (http, request, NULL, fetch_cb, &f);
      roster_test_wait_for (&f.done, 60000);
      g_assert_no_error (f.error);
      g_assert_true (roster_http_response_is_success (f.response));

      body = roster_http_response_get_body (f.response);
      data = g_bytes_get_data (body, &size);
      g_assert_true (json_reference_agree_len (&reader, data, size, TRUE));
      json_reference_read (&reader, data, size, &got);
      users += got.list->len;
      if (got.list->len < 100)
        {
          json_reference_outcome_clear (&got);
          roster_http_response_unref (f.response);
          break;
        }
      json_reference_outcome_clear (&got);
      roster_http_response_unref (f.response);
    }

  /* Most of the generated users are enterprise users. */
  g_test_message ("%u enterprise users", users);
  g_assert_cmpuint (users, >, 300);

  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  roster_test_finalize_eventually (g_steal_pointer (&http));
  roster_sandbox_stop (sandbox);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/enterprise-reader/fixture", test_fixture);
  g_test_add_func ("/roster/enterprise-reader/mutations", test_mutations);
  g_test_add_func ("/roster/enterprise-reader/mutation-pairs", test_mutation_pairs);
  g_test_add_func ("/roster/enterprise-reader/valid", test_valid);
  g_test_add_func ("/roster/enterprise-reader/invalid-users", test_invalid_users);
  g_test_add_func ("/roster/enterprise-reader/invalid-json", test_invalid_json);
  g_test_add_func ("/roster/enterprise-reader/lax-json", test_lax_json);
  g_test_add_func ("/roster/enterprise-reader/messages", test_messages);
  g_test_add_func ("/roster/enterprise-reader/depth", test_depth);
  g_test_add_func ("/roster/enterprise-reader/generated", test_generated);
  g_test_add_func ("/roster/enterprise-reader/sandbox-pages", test_sandbox_pages);

  return g_test_run ();
}
