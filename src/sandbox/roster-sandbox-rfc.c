/* roster-sandbox-rfc.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-sandbox-rfc"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "roster-sandbox-rfc.h"

/* A plain RFC 7643/7644 service provider. Where GitLab deviates from the RFC
 * (gitlab-api.md §1), this one does not: itemsPerPage is the number of
 * Resources returned, startIndex is a number, count=0 returns no resources,
 * the full filter grammar is parsed (unsupported attributes or operators give
 * 400 invalidFilter), errors carry the status as a string, resources carry
 * meta.version as a weak ETag and If-Match is honoured.
 *
 * Choices the RFC leaves open, made here:
 * - count defaults to, and is capped at, ROSTER_SANDBOX_RFC_MAX_RESULTS;
 * - results are in creation order (sortBy is not supported, as advertised);
 * - PATCH answers 200 with the whole resource (the RFC allows 200 or 204);
 * - userName is unique, compared case-insensitively (it is caseExact=false);
 *   externalId is not unique (the RFC gives it no uniqueness);
 * - only the core User schema is known; attributes of other schemas in
 *   request bodies are ignored. */

#define SCHEMA_USER       "urn:ietf:params:scim:schemas:core:2.0:User"
#define SCHEMA_LIST       "urn:ietf:params:scim:api:messages:2.0:ListResponse"
#define SCHEMA_ERROR      "urn:ietf:params:scim:api:messages:2.0:Error"
#define SCHEMA_PATCH      "urn:ietf:params:scim:api:messages:2.0:PatchOp"
#define SCHEMA_SPC        "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
#define SCIM_CONTENT_TYPE "application/scim+json"
#define MAX_FILTER_DEPTH  32
#define MAX_FILTER_LENGTH 4096

/* ---- Schema ------------------------------------------------------------ */

typedef enum
{
  ATTR_STRING,
  ATTR_BOOLEAN,
  ATTR_DATETIME,
  ATTR_COMPLEX,
} AttrType;

typedef struct _AttrDef AttrDef;
struct _AttrDef
{
  const char    *name;
  AttrType       type;
  gboolean       multi;
  gboolean       case_exact;
  gboolean       read_only;
  gboolean       required;
  const AttrDef *subs;
};

static const AttrDef name_subs[] = {
  { .name = "formatted", .type = ATTR_STRING },
  { .name = "familyName", .type = ATTR_STRING },
  { .name = "givenName", .type = ATTR_STRING },
  { .name = "middleName", .type = ATTR_STRING },
  { .name = "honorificPrefix", .type = ATTR_STRING },
  { .name = "honorificSuffix", .type = ATTR_STRING },
  { NULL }
};

static const AttrDef email_subs[] = {
  { .name = "value", .type = ATTR_STRING },
  { .name = "display", .type = ATTR_STRING },
  { .name = "type", .type = ATTR_STRING },
  { .name = "primary", .type = ATTR_BOOLEAN },
  { NULL }
};

static const AttrDef meta_subs[] = {
  { .name = "resourceType", .type = ATTR_STRING, .case_exact = TRUE, .read_only = TRUE },
  { .name = "created", .type = ATTR_DATETIME, .read_only = TRUE },
  { .name = "lastModified", .type = ATTR_DATETIME, .read_only = TRUE },
  { .name = "location", .type = ATTR_STRING, .case_exact = TRUE, .read_only = TRUE },
  { .name = "version", .type = ATTR_STRING, .case_exact = TRUE, .read_only = TRUE },
  { NULL }
};

/* In the order resources are emitted (schemas first, meta last). */
static const AttrDef user_attrs[] = {
  { .name = "id", .type = ATTR_STRING, .case_exact = TRUE, .read_only = TRUE },
  { .name = "externalId", .type = ATTR_STRING, .case_exact = TRUE },
  { .name = "userName", .type = ATTR_STRING, .required = TRUE },
  { .name = "name", .type = ATTR_COMPLEX, .subs = name_subs },
  { .name = "displayName", .type = ATTR_STRING },
  { .name = "nickName", .type = ATTR_STRING },
  { .name = "title", .type = ATTR_STRING },
  { .name = "userType", .type = ATTR_STRING },
  { .name = "preferredLanguage", .type = ATTR_STRING },
  { .name = "locale", .type = ATTR_STRING },
  { .name = "timezone", .type = ATTR_STRING },
  { .name = "active", .type = ATTR_BOOLEAN },
  { .name = "emails", .type = ATTR_COMPLEX, .multi = TRUE, .subs = email_subs },
  { .name = "meta", .type = ATTR_COMPLEX, .read_only = TRUE, .subs = meta_subs },
  { NULL }
};

static const AttrDef *
find_attr (const AttrDef *defs,
           const char    *name,
           gsize          len)
{
  for (const AttrDef *def = defs; def->name; def++)
    if (strlen (def->name) == len && g_ascii_strncasecmp (def->name, name, len) == 0)
      return def;
  return NULL;
}

/* ---- Errors ------------------------------------------------------------ */

typedef enum
{
  RFC_ERROR_INVALID_FILTER,
  RFC_ERROR_INVALID_PATH,
  RFC_ERROR_INVALID_VALUE,
  RFC_ERROR_INVALID_SYNTAX,
  RFC_ERROR_NO_TARGET,
  RFC_ERROR_MUTABILITY,
  RFC_ERROR_UNIQUENESS,
} RfcError;

#define RFC_ERROR (rfc_error_quark ())
static G_DEFINE_QUARK (roster-sandbox-rfc-error-quark, rfc_error)

static const struct
{
  const char *scim_type;
  guint       status;
} rfc_errors[] = {
  [RFC_ERROR_INVALID_FILTER] = { "invalidFilter", 400 },
  [RFC_ERROR_INVALID_PATH] = { "invalidPath", 400 },
  [RFC_ERROR_INVALID_VALUE] = { "invalidValue", 400 },
  [RFC_ERROR_INVALID_SYNTAX] = { "invalidSyntax", 400 },
  [RFC_ERROR_NO_TARGET] = { "noTarget", 400 },
  [RFC_ERROR_MUTABILITY] = { "mutability", 400 },
  [RFC_ERROR_UNIQUENESS] = { "uniqueness", 409 },
};

/* ---- Store ------------------------------------------------------------- */

typedef struct
{
  char       *id;
  JsonObject *resource;   /* the stored resource, canonical names and order */
  guint       version;
} RfcUser;

struct _RosterSandboxRfc
{
  GObject     parent_instance;

  GPtrArray  *users;      /* RfcUser, creation order */
  GHashTable *by_id;      /* id → RfcUser (borrowed from users) */
  char       *token;
  guint       serial;     /* users ever created: seeds ids and timestamps */
};

G_DEFINE_FINAL_TYPE (RosterSandboxRfc, roster_sandbox_rfc, G_TYPE_OBJECT)

static void
rfc_user_free (gpointer data)
{
  RfcUser *user = data;

  g_free (user->id);
  json_object_unref (user->resource);
  g_free (user);
}

static char *
format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return format_time (now);
}

static char *
make_etag (guint version)
{
  return g_strdup_printf ("W/\"%u\"", version);
}

static char *
uuid_from_seed (const char *seed)
{
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA1, seed, -1);

  return g_strdup_printf ("%.8s-%.4s-5%.3s-a%.3s-%.12s",
                          hex, hex + 8, hex + 12, hex + 15, hex + 18);
}

/* ---- JSON helpers ------------------------------------------------------ */

static JsonNode *deep_copy (JsonNode *node);

static JsonObject *
object_deep_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (copy, name, deep_copy (member));
  return copy;
}

static JsonNode *
deep_copy (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonNode *copy = json_node_alloc ();

        json_node_take_object (json_node_init (copy, JSON_NODE_OBJECT),
                               object_deep_copy (json_node_get_object (node)));
        return copy;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *copy = json_array_sized_new (json_array_get_length (array));
        JsonNode *result = json_node_alloc ();

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, deep_copy (json_array_get_element (array, i)));
        json_node_take_array (json_node_init (result, JSON_NODE_ARRAY), copy);
        return result;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

static char *
node_to_string (JsonNode *node,
                gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, length);
}

/* Member lookup ignoring case (attribute names are case-insensitive). */
static JsonNode *
object_get_ci (JsonObject *object,
               const char *name)
{
  JsonObjectIter iter;
  const char *member_name;
  JsonNode *member;

  if ((member = json_object_get_member (object, name)))
    return member;
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member_name, &member))
    if (g_ascii_strcasecmp (member_name, name) == 0)
      return member;
  return NULL;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_boolean (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

/* ---- Filter parsing (RFC 7644 §3.4.2.2) -------------------------------- */

typedef enum
{
  TOK_END,
  TOK_WORD,
  TOK_STRING,
  TOK_LPAREN,
  TOK_RPAREN,
  TOK_LBRACKET,
  TOK_RBRACKET,
} TokKind;

typedef struct
{
  TokKind  kind;
  char    *text;   /* word, or the decoded string */
} Token;

static void
token_free (gpointer data)
{
  Token *token = data;

  g_free (token->text);
  g_free (token);
}

/* Decodes a JSON string literal starting at *p (the opening quote),
 * strictly: only the escapes of RFC 8259, no raw control characters. */
static char *
decode_json_string (const char **p,
                    GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *s = *p + 1;

  for (;;)
    {
      guchar c = (guchar) *s;

      if (c == '\0')
        {
          g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER, "Unterminated string in filter");
          return NULL;
        }
      if (c < 0x20)
        {
          g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER,
                       "Control character in a filter string must be escaped");
          return NULL;
        }
      if (c == '"')
        {
          s++;
          break;
        }
      if (c != '\\')
        {
          g_string_append_c (out, (char) c);
          s++;
          continue;
        }

      s++;
      switch (*s)
        {
        case '"': g_string_append_c (out, '"'); s++; break;
        case '\\': g_string_append_c (out, '\\'); s++; break;
        case '/': g_string_append_c (out, '/'); s++; break;
        case 'b': g_string_append_c (out, '\b'); s++; break;
        case 'f': g_string_append_c (out, '\f'); s++; break;
        case 'n': g_string_append_c (out, '\n'); s++; break;
        case 'r': g_string_append_c (out, '\r'); s++; break;
        case 't': g_string_append_c (out, '\t'); s++; break;
        case 'u':
          {
            gunichar ch = 0;

            for (int k = 0; k < 4; k++)
              {
                int digit = g_ascii_xdigit_value (s[1 + k]);

                if (digit < 0)
                  {
                    g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER,
                                 "Invalid \\u escape in filter string");
                    return NULL;
                  }
                ch = ch * 16 + (gunichar) digit;
              }
            s += 5;
            if (ch >= 0xD800 && ch <= 0xDBFF)
              {
                gunichar low = 0;

                if (s[0] != '\\' || s[1] != 'u')
                  {
                    g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER,
                                 "Unpaired surrogate in filter string");
                    return NULL;
                  }
                for (int k = 0; k < 4; k++)
                  {
                    int digit = g_ascii_xdigit_value (s[2 + k]);

                    if (digit < 0)
                      {
                        g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER,
                                     "Invalid \\u escape in filter string");
                        return NULL;
                      }
                    low = low * 16 + (gunichar) digit;
                  }
                if (low < 0xDC00 || low > 0xDFFF)
                  {
                    g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER,
                                 "Unpaired surrogate in filter string");
                    return NULL;
                  }
                s += 6;
                ch = 0x10000 + ((ch - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (ch >= 0xDC00 && ch <= 0xDFFF)
              {
                g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER,
                             "Unpaired surrogate in filter string");
                return NULL;
              }
            if (ch == 0)
              {
                g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER,
                             "NUL character in filter string");
                return NULL;
              }
            g_string_append_unichar (out, ch);
          }
          break;
        default:
          g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER,
                       "Invalid escape sequence in filter string");
          return NULL;
        }
    }

  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER, "Filter string is not valid UTF-8");
      return NULL;
    }

  *p = s;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GPtrArray *
tokenize (const char *input,
          RfcError    code,
          GError    **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (token_free);
  const char *p = input;

  while (*p)
    {
      Token *token;

      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          p++;
          continue;
        }

      token = g_new0 (Token, 1);
      g_ptr_array_add (tokens, token);

      switch (*p)
        {
        case '(': token->kind = TOK_LPAREN; p++; break;
        case ')': token->kind = TOK_RPAREN; p++; break;
        case '[': token->kind = TOK_LBRACKET; p++; break;
        case ']': token->kind = TOK_RBRACKET; p++; break;
        case '"':
          {
            GError *local_error = NULL;

            token->kind = TOK_STRING;
            if (!(token->text = decode_json_string (&p, &local_error)))
              {
                g_set_error_literal (error, RFC_ERROR, code, local_error->message);
                g_error_free (local_error);
                return NULL;
              }
          }
          break;
        default:
          {
            const char *start = p;

            while (*p && !strchr (" \t\r\n()[]\"", *p))
              p++;
            token->kind = TOK_WORD;
            token->text = g_strndup (start, p - start);
          }
          break;
        }
    }

  return g_steal_pointer (&tokens);
}

typedef enum
{
  FILTER_COMPARE,
  FILTER_PRESENT,
  FILTER_AND,
  FILTER_OR,
  FILTER_NOT,
  FILTER_VALUE_PATH,
} FilterKind;

typedef enum
{
  OP_EQ,
  OP_NE,
  OP_CO,
  OP_SW,
  OP_EW,
  OP_GT,
  OP_GE,
  OP_LT,
  OP_LE,
} CompareOp;

static const char * const op_names[] = { "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le" };

typedef struct _Filter Filter;
struct _Filter
{
  FilterKind     kind;
  const AttrDef *attr;    /* attribute of the scope the filter applies to */
  const AttrDef *sub;     /* its sub-attribute, for complex attributes */
  CompareOp      op;
  JsonNode      *value;
  Filter        *left;
  Filter        *right;
};

static void
filter_free (Filter *filter)
{
  if (!filter)
    return;
  g_clear_pointer (&filter->value, json_node_unref);
  filter_free (filter->left);
  filter_free (filter->right);
  g_free (filter);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Filter, filter_free)

typedef struct
{
  GPtrArray     *tokens;
  guint          pos;
  const AttrDef *scope;    /* user_attrs, or the sub-attributes inside [] */
  guint          depth;
  RfcError       code;     /* invalidFilter, or invalidPath inside a PATCH path */
} Parser;

static Token *
parser_peek (Parser *parser)
{
  static Token end = { TOK_END, NULL };

  return parser->pos < parser->tokens->len ? g_ptr_array_index (parser->tokens, parser->pos) : &end;
}

static gboolean
parser_peek_word (Parser     *parser,
                  const char *word)
{
  Token *token = parser_peek (parser);

  return token->kind == TOK_WORD && g_ascii_strcasecmp (token->text, word) == 0;
}

static const char *
strip_urn (const char *path)
{
  gsize len = strlen (SCHEMA_USER);

  if (g_ascii_strncasecmp (path, SCHEMA_USER, len) == 0 && path[len] == ':')
    return path + len + 1;
  return path;
}

/* Resolves "attr" or "attr.sub" (optionally URN-prefixed) in scope. */
static gboolean
resolve_attr_path (const AttrDef  *scope,
                   const char     *path,
                   const AttrDef **attr,
                   const AttrDef **sub)
{
  const char *dot;

  if (scope == user_attrs)
    path = strip_urn (path);
  dot = strchr (path, '.');

  *attr = find_attr (scope, path, dot ? (gsize) (dot - path) : strlen (path));
  *sub = NULL;
  if (!*attr)
    return FALSE;
  if (dot)
    {
      if ((*attr)->type != ATTR_COMPLEX)
        return FALSE;
      *sub = find_attr ((*attr)->subs, dot + 1, strlen (dot + 1));
      if (!*sub)
        return FALSE;
    }
  return TRUE;
}

static Filter *parse_or (Parser  *parser,
                         GError **error);

static gboolean
parse_compare_op (const char *word,
                  CompareOp  *op)
{
  for (guint i = 0; i < G_N_ELEMENTS (op_names); i++)
    if (g_ascii_strcasecmp (word, op_names[i]) == 0)
      {
        *op = i;
        return TRUE;
      }
  return FALSE;
}

static Filter *
parse_attr_expr (Parser  *parser,
                 GError **error)
{
  g_autoptr(Filter) filter = g_new0 (Filter, 1);
  Token *token = parser_peek (parser);
  const AttrDef *attr, *sub;
  Token *value_token;

  if (token->kind != TOK_WORD)
    {
      g_set_error (error, RFC_ERROR, parser->code, "Expected an attribute name in filter");
      return NULL;
    }
  if (!resolve_attr_path (parser->scope, token->text, &attr, &sub))
    {
      g_set_error (error, RFC_ERROR, parser->code,
                   "Unsupported attribute \"%s\" in filter", token->text);
      return NULL;
    }
  parser->pos++;

  if (parser_peek (parser)->kind == TOK_LBRACKET)
    {
      const AttrDef *outer_scope = parser->scope;

      if (parser->scope != user_attrs || attr->type != ATTR_COMPLEX || !attr->multi || sub)
        {
          g_set_error (error, RFC_ERROR, parser->code,
                       "A value filter needs a multi-valued complex attribute");
          return NULL;
        }
      parser->pos++;
      parser->scope = attr->subs;
      filter->left = parse_or (parser, error);
      parser->scope = outer_scope;
      if (!filter->left)
        return NULL;
      if (parser_peek (parser)->kind != TOK_RBRACKET)
        {
          g_set_error (error, RFC_ERROR, parser->code, "Expected \"]\" in filter");
          return NULL;
        }
      parser->pos++;
      filter->kind = FILTER_VALUE_PATH;
      filter->attr = attr;
      return g_steal_pointer (&filter);
    }

  /* A complex attribute compared as a whole: the multi-valued ones compare
   * their "value" sub-attribute (RFC 7644 §3.4.2.2); others cannot. */
  if (attr->type == ATTR_COMPLEX && !sub)
    {
      if (!attr->multi || !(sub = find_attr (attr->subs, "value", 5)))
        {
          g_set_error (error, RFC_ERROR, parser->code,
                       "Attribute \"%s\" cannot be compared as a whole", attr->name);
          return NULL;
        }
    }
  filter->attr = attr;
  filter->sub = sub;

  token = parser_peek (parser);
  if (token->kind != TOK_WORD)
    {
      g_set_error (error, RFC_ERROR, parser->code, "Expected an operator in filter");
      return NULL;
    }
  if (g_ascii_strcasecmp (token->text, "pr") == 0)
    {
      parser->pos++;
      filter->kind = FILTER_PRESENT;
      return g_steal_pointer (&filter);
    }
  if (!parse_compare_op (token->text, &filter->op))
    {
      g_set_error (error, RFC_ERROR, parser->code, "Unsupported operator \"%s\" in filter",
                   token->text);
      return NULL;
    }
  parser->pos++;
  filter->kind = FILTER_COMPARE;

  value_token = parser_peek (parser);
  if (value_token->kind == TOK_STRING)
    filter->value = json_node_init_string (json_node_alloc (), value_token->text);
  else if (value_token->kind == TOK_WORD && g_ascii_strcasecmp (value_token->text, "true") == 0)
    filter->value = json_node_init_boolean (json_node_alloc (), TRUE);
  else if (value_token->kind == TOK_WORD && g_ascii_strcasecmp (value_token->text, "false") == 0)
    filter->value = json_node_init_boolean (json_node_alloc (), FALSE);
  else
    {
      g_set_error (error, RFC_ERROR, parser->code,
                   "Expected a quoted string or a boolean after \"%s\" in filter",
                   op_names[filter->op]);
      return NULL;
    }
  parser->pos++;

  {
    const AttrDef *target = sub ? sub : attr;

    switch (target->type)
      {
      case ATTR_STRING:
        if (!node_is_string (filter->value))
          {
            g_set_error (error, RFC_ERROR, parser->code,
                         "Attribute \"%s\" is compared with a quoted string", target->name);
            return NULL;
          }
        break;
      case ATTR_BOOLEAN:
        if (!node_is_boolean (filter->value) || (filter->op != OP_EQ && filter->op != OP_NE))
          {
            g_set_error (error, RFC_ERROR, parser->code,
                         "Attribute \"%s\" supports only eq and ne with true or false",
                         target->name);
            return NULL;
          }
        break;
      case ATTR_DATETIME:
        {
          g_autoptr(GDateTime) time = NULL;

          if (node_is_string (filter->value))
            time = g_date_time_new_from_iso8601 (json_node_get_string (filter->value), NULL);
          if (!time || filter->op == OP_CO || filter->op == OP_SW || filter->op == OP_EW)
            {
              g_set_error (error, RFC_ERROR, parser->code,
                           "Attribute \"%s\" is compared with eq, ne, gt, ge, lt or le "
                           "and an xsd:dateTime string", target->name);
              return NULL;
            }
        }
        break;
      case ATTR_COMPLEX:
      default:
        g_assert_not_reached ();
      }
  }

  return g_steal_pointer (&filter);
}

static Filter *
parse_unary (Parser  *parser,
             GError **error)
{
  Filter *inner;

  if (++parser->depth > MAX_FILTER_DEPTH)
    {
      g_set_error (error, RFC_ERROR, parser->code, "Filter is nested too deeply");
      return NULL;
    }

  if (parser_peek_word (parser, "not"))
    {
      Filter *filter;

      parser->pos++;
      if (parser_peek (parser)->kind != TOK_LPAREN)
        {
          g_set_error (error, RFC_ERROR, parser->code, "Expected \"(\" after not in filter");
          return NULL;
        }
      parser->pos++;
      if (!(inner = parse_or (parser, error)))
        return NULL;
      if (parser_peek (parser)->kind != TOK_RPAREN)
        {
          filter_free (inner);
          g_set_error (error, RFC_ERROR, parser->code, "Expected \")\" in filter");
          return NULL;
        }
      parser->pos++;
      filter = g_new0 (Filter, 1);
      filter->kind = FILTER_NOT;
      filter->left = inner;
      parser->depth--;
      return filter;
    }

  if (parser_peek (parser)->kind == TOK_LPAREN)
    {
      parser->pos++;
      if (!(inner = parse_or (parser, error)))
        return NULL;
      if (parser_peek (parser)->kind != TOK_RPAREN)
        {
          filter_free (inner);
          g_set_error (error, RFC_ERROR, parser->code, "Expected \")\" in filter");
          return NULL;
        }
      parser->pos++;
      parser->depth--;
      return inner;
    }

  inner = parse_attr_expr (parser, error);
  parser->depth--;
  return inner;
}

static Filter *
parse_and (Parser  *parser,
           GError **error)
{
  g_autoptr(Filter) left = parse_unary (parser, error);

  if (!left)
    return NULL;
  while (parser_peek_word (parser, "and"))
    {
      Filter *node;
      Filter *right;

      parser->pos++;
      if (!(right = parse_unary (parser, error)))
        return NULL;
      node = g_new0 (Filter, 1);
      node->kind = FILTER_AND;
      node->left = g_steal_pointer (&left);
      node->right = right;
      left = node;
    }
  return g_steal_pointer (&left);
}

static Filter *
parse_or (Parser  *parser,
          GError **error)
{
  g_autoptr(Filter) left = parse_and (parser, error);

  if (!left)
    return NULL;
  while (parser_peek_word (parser, "or"))
    {
      Filter *node;
      Filter *right;

      parser->pos++;
      if (!(right = parse_and (parser, error)))
        return NULL;
      node = g_new0 (Filter, 1);
      node->kind = FILTER_OR;
      node->left = g_steal_pointer (&left);
      node->right = right;
      left = node;
    }
  return g_steal_pointer (&left);
}

static Filter *
parse_filter (const char *text,
              GError    **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(Filter) filter = NULL;
  Parser parser = { 0 };

  if (strlen (text) > MAX_FILTER_LENGTH)
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER, "Filter is too long");
      return NULL;
    }
  if (!(tokens = tokenize (text, RFC_ERROR_INVALID_FILTER, error)))
    return NULL;

  parser.tokens = tokens;
  parser.scope = user_attrs;
  parser.code = RFC_ERROR_INVALID_FILTER;
  if (!(filter = parse_or (&parser, error)))
    return NULL;
  if (parser_peek (&parser)->kind != TOK_END)
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_FILTER,
                   "Unexpected text after the end of the filter");
      return NULL;
    }
  return g_steal_pointer (&filter);
}

/* ---- Filter evaluation ------------------------------------------------- */

static gboolean
compare_strings (const AttrDef *def,
                 const char    *have,
                 const char    *want,
                 CompareOp      op)
{
  g_autofree char *have_folded = NULL;
  g_autofree char *want_folded = NULL;
  int cmp;

  if (!def->case_exact)
    {
      have = have_folded = g_utf8_casefold (have, -1);
      want = want_folded = g_utf8_casefold (want, -1);
    }

  switch (op)
    {
    case OP_EQ: return strcmp (have, want) == 0;
    case OP_NE: return strcmp (have, want) != 0;
    case OP_CO: return strstr (have, want) != NULL;
    case OP_SW: return g_str_has_prefix (have, want);
    case OP_EW: return g_str_has_suffix (have, want);
    case OP_GT:
    case OP_GE:
    case OP_LT:
    case OP_LE:
    default:
      break;
    }

  cmp = strcmp (have, want);
  switch (op)
    {
    case OP_GT: return cmp > 0;
    case OP_GE: return cmp >= 0;
    case OP_LT: return cmp < 0;
    case OP_LE: return cmp <= 0;
    case OP_EQ:
    case OP_NE:
    case OP_CO:
    case OP_SW:
    case OP_EW:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
compare_value (const AttrDef *def,
               JsonNode      *have,
               CompareOp      op,
               JsonNode      *want)
{
  switch (def->type)
    {
    case ATTR_STRING:
      if (!node_is_string (have))
        return FALSE;
      return compare_strings (def, json_node_get_string (have), json_node_get_string (want), op);

    case ATTR_BOOLEAN:
      if (!node_is_boolean (have))
        return FALSE;
      return (json_node_get_boolean (have) == json_node_get_boolean (want)) == (op == OP_EQ);

    case ATTR_DATETIME:
      {
        g_autoptr(GDateTime) a = NULL;
        g_autoptr(GDateTime) b = NULL;
        int cmp;

        if (!node_is_string (have)
            || !(a = g_date_time_new_from_iso8601 (json_node_get_string (have), NULL))
            || !(b = g_date_time_new_from_iso8601 (json_node_get_string (want), NULL)))
          return FALSE;
        cmp = g_date_time_compare (a, b);
        switch (op)
          {
          case OP_EQ: return cmp == 0;
          case OP_NE: return cmp != 0;
          case OP_GT: return cmp > 0;
          case OP_GE: return cmp >= 0;
          case OP_LT: return cmp < 0;
          case OP_LE: return cmp <= 0;
          case OP_CO:
          case OP_SW:
          case OP_EW:
          default:
            return FALSE;
          }
      }

    case ATTR_COMPLEX:
    default:
      return FALSE;
    }
}

static gboolean
value_present (JsonNode *node)
{
  if (!node || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (node_is_string (node))
    return json_node_get_string (node)[0] != '\0';
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) > 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) > 0;
  return TRUE;
}

/* The values of attr(.sub) in object: several for multi-valued ones. */
static void
collect_values (JsonObject    *object,
                const AttrDef *attr,
                const AttrDef *sub,
                GPtrArray     *out)
{
  JsonNode *node = json_object_get_member (object, attr->name);

  if (!node || JSON_NODE_HOLDS_NULL (node))
    return;

  if (!sub)
    {
      g_ptr_array_add (out, node);
      return;
    }

  if (attr->multi && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonNode *value;

          if (JSON_NODE_HOLDS_OBJECT (element)
              && (value = json_object_get_member (json_node_get_object (element), sub->name)))
            g_ptr_array_add (out, value);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *value = json_object_get_member (json_node_get_object (node), sub->name);

      if (value)
        g_ptr_array_add (out, value);
    }
}

static gboolean
filter_match (const Filter *filter,
              JsonObject   *object)
{
  switch (filter->kind)
    {
    case FILTER_AND:
      return filter_match (filter->left, object) && filter_match (filter->right, object);
    case FILTER_OR:
      return filter_match (filter->left, object) || filter_match (filter->right, object);
    case FILTER_NOT:
      return !filter_match (filter->left, object);

    case FILTER_VALUE_PATH:
      {
        JsonNode *node = json_object_get_member (object, filter->attr->name);
        JsonArray *array;

        if (!node || !JSON_NODE_HOLDS_ARRAY (node))
          return FALSE;
        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (JSON_NODE_HOLDS_OBJECT (element)
                && filter_match (filter->left, json_node_get_object (element)))
              return TRUE;
          }
        return FALSE;
      }

    case FILTER_PRESENT:
    case FILTER_COMPARE:
      {
        g_autoptr(GPtrArray) values = g_ptr_array_new ();
        const AttrDef *target = filter->sub ? filter->sub : filter->attr;

        collect_values (object, filter->attr, filter->sub, values);

        if (filter->kind == FILTER_PRESENT)
          {
            for (guint i = 0; i < values->len; i++)
              if (value_present (g_ptr_array_index (values, i)))
                return TRUE;
            return FALSE;
          }

        /* "ne" on a multi-valued attribute: no value equals. */
        if (filter->op == OP_NE)
          {
            for (guint i = 0; i < values->len; i++)
              if (compare_value (target, g_ptr_array_index (values, i), OP_EQ, filter->value))
                return FALSE;
            return TRUE;
          }
        for (guint i = 0; i < values->len; i++)
          if (compare_value (target, g_ptr_array_index (values, i), filter->op, filter->value))
            return TRUE;
        return FALSE;
      }

    default:
      g_assert_not_reached ();
    }
}

/* ---- Resource validation and canonical form ---------------------------- */

static gboolean
check_simple_value (const AttrDef *def,
                    JsonNode      *value,
                    GError       **error)
{
  switch (def->type)
    {
    case ATTR_STRING:
      if (node_is_string (value))
        return TRUE;
      break;
    case ATTR_BOOLEAN:
      if (node_is_boolean (value))
        return TRUE;
      break;
    case ATTR_DATETIME:
      if (node_is_string (value))
        {
          g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_node_get_string (value),
                                                                   NULL);
          if (time)
            return TRUE;
        }
      break;
    case ATTR_COMPLEX:
    default:
      g_assert_not_reached ();
    }

  g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_VALUE,
               "Attribute \"%s\" must be %s", def->name,
               def->type == ATTR_BOOLEAN ? "a boolean" : "a string");
  return FALSE;
}

/* A complex value (one object) with canonical sub-attribute names; unknown
 * sub-attributes and nulls are dropped. */
static JsonNode *
canonical_complex (const AttrDef *def,
                   JsonNode      *value,
                   GError       **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  JsonObject *in;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_VALUE,
                   "Attribute \"%s\" must be an object", def->name);
      return NULL;
    }
  in = json_node_get_object (value);
  for (const AttrDef *sub = def->subs; sub->name; sub++)
    {
      JsonNode *member = object_get_ci (in, sub->name);

      if (!member || JSON_NODE_HOLDS_NULL (member))
        continue;
      if (!check_simple_value (sub, member, error))
        return NULL;
      json_object_set_member (out, sub->name, json_node_copy (member));
    }
  node = json_node_alloc ();
  json_node_take_object (json_node_init (node, JSON_NODE_OBJECT), g_steal_pointer (&out));
  return node;
}

/* The canonical value of attribute def: checked type, canonical names. */
static JsonNode *
canonical_value (const AttrDef *def,
                 JsonNode      *value,
                 GError       **error)
{
  if (def->type != ATTR_COMPLEX)
    {
      if (!check_simple_value (def, value, error))
        return NULL;
      return json_node_copy (value);
    }

  if (def->multi)
    {
      g_autoptr(JsonArray) out = json_array_new ();
      JsonNode *node;
      JsonArray *in;

      if (JSON_NODE_HOLDS_OBJECT (value))
        {
          JsonNode *element = canonical_complex (def, value, error);

          if (!element)
            return NULL;
          json_array_add_element (out, element);
        }
      else if (JSON_NODE_HOLDS_ARRAY (value))
        {
          in = json_node_get_array (value);
          for (guint i = 0; i < json_array_get_length (in); i++)
            {
              JsonNode *element = canonical_complex (def, json_array_get_element (in, i), error);

              if (!element)
                return NULL;
              json_array_add_element (out, element);
            }
        }
      else
        {
          g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_VALUE,
                       "Attribute \"%s\" must be an array of objects", def->name);
          return NULL;
        }
      node = json_node_alloc ();
      json_node_take_array (json_node_init (node, JSON_NODE_ARRAY), g_steal_pointer (&out));
      return node;
    }

  return canonical_complex (def, value, error);
}

/* Rebuilds object in the canonical member order, dropping empty values. */
static JsonObject *
reorder_resource (JsonObject *object)
{
  JsonObject *out = json_object_new ();
  JsonNode *schemas = json_object_get_member (object, "schemas");

  if (schemas)
    json_object_set_member (out, "schemas", json_node_copy (schemas));
  for (const AttrDef *def = user_attrs; def->name; def++)
    {
      JsonNode *member = json_object_get_member (object, def->name);

      if (!member || JSON_NODE_HOLDS_NULL (member))
        continue;
      if (def->type == ATTR_COMPLEX && !value_present (member))
        continue;
      json_object_set_member (out, def->name, json_node_copy (member));
    }
  return out;
}

/* Checks the rules that hold for any stored resource. */
static gboolean
validate_resource (RosterSandboxRfc *self,
                   JsonObject       *resource,
                   const char       *own_id,
                   GError          **error)
{
  JsonNode *user_name = json_object_get_member (resource, "userName");
  JsonNode *emails = json_object_get_member (resource, "emails");
  g_autofree char *folded = NULL;

  if (!node_is_string (user_name) || json_node_get_string (user_name)[0] == '\0')
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_VALUE,
                   "Attribute \"userName\" is required");
      return FALSE;
    }

  if (emails && JSON_NODE_HOLDS_ARRAY (emails))
    {
      JsonArray *array = json_node_get_array (emails);
      guint n_primary = 0;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *email = json_array_get_object_element (array, i);

          if (json_object_get_boolean_member_with_default (email, "primary", FALSE))
            n_primary++;
        }
      if (n_primary > 1)
        {
          g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_VALUE,
                       "At most one email can be primary");
          return FALSE;
        }
    }

  folded = g_utf8_casefold (json_node_get_string (user_name), -1);
  for (guint i = 0; i < self->users->len; i++)
    {
      RfcUser *other = g_ptr_array_index (self->users, i);
      const char *other_name;
      g_autofree char *other_folded = NULL;

      if (own_id && strcmp (other->id, own_id) == 0)
        continue;
      other_name = json_object_get_string_member (other->resource, "userName");
      other_folded = g_utf8_casefold (other_name, -1);
      if (strcmp (folded, other_folded) == 0)
        {
          g_set_error (error, RFC_ERROR, RFC_ERROR_UNIQUENESS,
                       "userName \"%s\" is already in use", json_node_get_string (user_name));
          return FALSE;
        }
    }

  return TRUE;
}

/* The writable attributes of a POST/PUT body, canonical. */
static JsonObject *
resource_from_body (JsonObject *body,
                    GError    **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  JsonNode *schemas = object_get_ci (body, "schemas");
  gboolean has_user_schema = FALSE;

  if (schemas && JSON_NODE_HOLDS_ARRAY (schemas))
    {
      JsonArray *array = json_node_get_array (schemas);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (node_is_string (element) && strcmp (json_node_get_string (element), SCHEMA_USER) == 0)
            has_user_schema = TRUE;
        }
    }
  if (!has_user_schema)
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_SYNTAX,
                   "\"schemas\" must contain \"" SCHEMA_USER "\"");
      return NULL;
    }

  for (const AttrDef *def = user_attrs; def->name; def++)
    {
      JsonNode *member;
      JsonNode *value;

      /* id and meta are assigned by the service provider: ignored. */
      if (def->read_only)
        continue;
      member = object_get_ci (body, def->name);
      if (!member || JSON_NODE_HOLDS_NULL (member))
        continue;
      if (!(value = canonical_value (def, member, error)))
        return NULL;
      json_object_set_member (out, def->name, value);
    }

  return g_steal_pointer (&out);
}

/* ---- PATCH (RFC 7644 §3.5.2) ------------------------------------------- */

typedef struct
{
  const AttrDef *attr;
  Filter        *filter;   /* value filter on a multi-valued attribute */
  const AttrDef *sub;
} PatchPath;

static void
patch_path_clear (PatchPath *path)
{
  g_clear_pointer (&path->filter, filter_free);
}

static gboolean
parse_patch_path (const char *text,
                  PatchPath  *path,
                  GError    **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  Parser parser = { 0 };
  Token *token;

  memset (path, 0, sizeof *path);
  if (!(tokens = tokenize (text, RFC_ERROR_INVALID_PATH, error)))
    return FALSE;
  parser.tokens = tokens;
  parser.scope = user_attrs;
  parser.code = RFC_ERROR_INVALID_PATH;

  token = parser_peek (&parser);
  if (token->kind != TOK_WORD || !resolve_attr_path (user_attrs, token->text, &path->attr, &path->sub))
    goto invalid;
  parser.pos++;

  if (parser_peek (&parser)->kind == TOK_LBRACKET)
    {
      if (path->sub || !path->attr->multi)
        goto invalid;
      parser.pos++;
      parser.scope = path->attr->subs;
      if (!(path->filter = parse_or (&parser, error)))
        return FALSE;
      if (parser_peek (&parser)->kind != TOK_RBRACKET)
        goto invalid;
      parser.pos++;
      token = parser_peek (&parser);
      if (token->kind == TOK_WORD)
        {
          if (token->text[0] != '.'
              || !(path->sub = find_attr (path->attr->subs, token->text + 1, strlen (token->text + 1))))
            goto invalid;
          parser.pos++;
        }
    }

  if (parser_peek (&parser)->kind != TOK_END)
    goto invalid;
  return TRUE;

invalid:
  patch_path_clear (path);
  g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_PATH, "Invalid path \"%s\"", text);
  return FALSE;
}

/* Merges the sub-attributes of complex value "from" into object "into". */
static void
merge_complex (JsonObject *into,
               JsonObject *from)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, from);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (into, name, json_node_copy (member));
}

static JsonArray *
ensure_array (JsonObject *resource,
              const char *name)
{
  JsonNode *node = json_object_get_member (resource, name);

  if (!node || !JSON_NODE_HOLDS_ARRAY (node))
    {
      json_object_set_array_member (resource, name, json_array_new ());
      node = json_object_get_member (resource, name);
    }
  return json_node_get_array (node);
}

typedef enum
{
  PATCH_ADD,
  PATCH_REMOVE,
  PATCH_REPLACE,
} PatchOp;

static gboolean
apply_patch_op (JsonObject *resource,
                PatchOp     op,
                PatchPath  *path,
                JsonNode   *value,
                GError    **error)
{
  const AttrDef *attr = path->attr;
  const AttrDef *sub = path->sub;

  if (attr->read_only)
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_MUTABILITY,
                   "Attribute \"%s\" is read-only", attr->name);
      return FALSE;
    }
  if (op != PATCH_REMOVE && !value)
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_VALUE,
                   "Operation \"%s\" needs a value", op == PATCH_ADD ? "add" : "replace");
      return FALSE;
    }
  if (op == PATCH_REMOVE && attr->required && !sub)
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_VALUE,
                   "Attribute \"%s\" is required and cannot be removed", attr->name);
      return FALSE;
    }

  /* Value-filtered: emails[type eq "work"] or emails[type eq "work"].value */
  if (path->filter)
    {
      JsonNode *node = json_object_get_member (resource, attr->name);
      g_autoptr(JsonArray) kept = json_array_new ();
      g_autoptr(JsonNode) new_value = NULL;
      JsonArray *array;
      guint n_matched = 0;

      if (op != PATCH_REMOVE
          && !(new_value = sub ? canonical_value (sub, value, error)
                               : canonical_complex (attr, value, error)))
        return FALSE;

      array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      for (guint i = 0; array && i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *object = json_node_get_object (element);

          if (!filter_match (path->filter, object))
            {
              json_array_add_element (kept, json_node_copy (element));
              continue;
            }
          n_matched++;
          if (op == PATCH_REMOVE)
            {
              if (sub)
                {
                  json_object_remove_member (object, sub->name);
                  json_array_add_element (kept, json_node_copy (element));
                }
            }
          else if (sub)
            {
              json_object_set_member (object, sub->name, json_node_copy (new_value));
              json_array_add_element (kept, json_node_copy (element));
            }
          else if (op == PATCH_ADD)
            {
              merge_complex (object, json_node_get_object (new_value));
              json_array_add_element (kept, json_node_copy (element));
            }
          else
            json_array_add_element (kept, json_node_copy (new_value));
        }

      if (n_matched == 0)
        {
          g_set_error (error, RFC_ERROR, RFC_ERROR_NO_TARGET,
                       "No value of \"%s\" matches the filter", attr->name);
          return FALSE;
        }
      json_object_set_array_member (resource, attr->name, g_steal_pointer (&kept));
      return TRUE;
    }

  /* Plain attribute (userName, active, name, emails) */
  if (!sub)
    {
      g_autoptr(JsonNode) new_value = NULL;

      if (op == PATCH_REMOVE)
        {
          json_object_remove_member (resource, attr->name);
          return TRUE;
        }
      if (JSON_NODE_HOLDS_NULL (value))
        {
          /* Setting null is the same as removing (RFC 7643 §2.5). */
          if (attr->required)
            {
              g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_VALUE,
                           "Attribute \"%s\" is required", attr->name);
              return FALSE;
            }
          json_object_remove_member (resource, attr->name);
          return TRUE;
        }
      if (!(new_value = canonical_value (attr, value, error)))
        return FALSE;

      if (attr->type == ATTR_COMPLEX && attr->multi)
        {
          JsonArray *array = ensure_array (resource, attr->name);
          JsonArray *add = json_node_get_array (new_value);

          if (op == PATCH_REPLACE)
            {
              json_object_set_member (resource, attr->name, g_steal_pointer (&new_value));
              return TRUE;
            }
          for (guint i = 0; i < json_array_get_length (add); i++)
            {
              JsonNode *element = json_array_get_element (add, i);
              gboolean duplicate = FALSE;

              for (guint j = 0; j < json_array_get_length (array); j++)
                if (json_node_equal (json_array_get_element (array, j), element))
                  duplicate = TRUE;
              if (!duplicate)
                json_array_add_element (array, json_node_copy (element));
            }
          return TRUE;
        }

      if (attr->type == ATTR_COMPLEX)
        {
          JsonNode *existing = json_object_get_member (resource, attr->name);

          /* add and replace both merge sub-attributes (§3.5.2.1, §3.5.2.3) */
          if (existing && JSON_NODE_HOLDS_OBJECT (existing))
            {
              merge_complex (json_node_get_object (existing), json_node_get_object (new_value));
              return TRUE;
            }
        }

      json_object_set_member (resource, attr->name, g_steal_pointer (&new_value));
      return TRUE;
    }

  /* Sub-attribute without filter: name.givenName, or every emails.value */
  {
    JsonNode *node = json_object_get_member (resource, attr->name);
    g_autoptr(JsonNode) new_value = NULL;
    gboolean remove = op == PATCH_REMOVE || JSON_NODE_HOLDS_NULL (value);

    if (!remove && !(new_value = canonical_value (sub, value, error)))
      return FALSE;

    if (attr->multi)
      {
        JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

        if (!array || json_array_get_length (array) == 0)
          {
            if (remove)
              return TRUE;
            g_set_error (error, RFC_ERROR, RFC_ERROR_NO_TARGET,
                         "Attribute \"%s\" has no values", attr->name);
            return FALSE;
          }
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonObject *object = json_array_get_object_element (array, i);

            if (remove)
              json_object_remove_member (object, sub->name);
            else
              json_object_set_member (object, sub->name, json_node_copy (new_value));
          }
        return TRUE;
      }

    if (remove)
      {
        if (node && JSON_NODE_HOLDS_OBJECT (node))
          json_object_remove_member (json_node_get_object (node), sub->name);
        return TRUE;
      }
    if (!node || !JSON_NODE_HOLDS_OBJECT (node))
      {
        json_object_set_object_member (resource, attr->name, json_object_new ());
        node = json_object_get_member (resource, attr->name);
      }
    json_object_set_member (json_node_get_object (node), sub->name, g_steal_pointer (&new_value));
    return TRUE;
  }
}

static gboolean
apply_patch (JsonObject *resource,
             JsonNode   *body,
             GError    **error)
{
  JsonObject *object;
  JsonNode *schemas, *operations;
  JsonArray *ops;
  gboolean has_schema = FALSE;

  if (!body || !JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_SYNTAX, "Request body must be a JSON object");
      return FALSE;
    }
  object = json_node_get_object (body);

  schemas = object_get_ci (object, "schemas");
  if (schemas && JSON_NODE_HOLDS_ARRAY (schemas))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (schemas)); i++)
      {
        JsonNode *element = json_array_get_element (json_node_get_array (schemas), i);

        if (node_is_string (element) && strcmp (json_node_get_string (element), SCHEMA_PATCH) == 0)
          has_schema = TRUE;
      }
  if (!has_schema)
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_SYNTAX,
                   "\"schemas\" must contain \"" SCHEMA_PATCH "\"");
      return FALSE;
    }

  operations = object_get_ci (object, "Operations");
  if (!operations || !JSON_NODE_HOLDS_ARRAY (operations)
      || json_array_get_length (json_node_get_array (operations)) == 0)
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_SYNTAX,
                   "\"Operations\" must be a non-empty array");
      return FALSE;
    }
  ops = json_node_get_array (operations);

  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonNode *element = json_array_get_element (ops, i);
      JsonObject *operation;
      JsonNode *op_node, *path_node, *value;
      const char *op_name;
      PatchOp op;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_SYNTAX, "Each operation must be an object");
          return FALSE;
        }
      operation = json_node_get_object (element);
      op_node = object_get_ci (operation, "op");
      path_node = object_get_ci (operation, "path");
      value = object_get_ci (operation, "value");

      op_name = node_is_string (op_node) ? json_node_get_string (op_node) : "";
      if (g_ascii_strcasecmp (op_name, "add") == 0)
        op = PATCH_ADD;
      else if (g_ascii_strcasecmp (op_name, "remove") == 0)
        op = PATCH_REMOVE;
      else if (g_ascii_strcasecmp (op_name, "replace") == 0)
        op = PATCH_REPLACE;
      else
        {
          g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_SYNTAX,
                       "\"op\" must be \"add\", \"remove\" or \"replace\"");
          return FALSE;
        }

      if (path_node && !JSON_NODE_HOLDS_NULL (path_node))
        {
          PatchPath path;
          gboolean ok;

          if (!node_is_string (path_node))
            {
              g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_PATH, "\"path\" must be a string");
              return FALSE;
            }
          if (!parse_patch_path (json_node_get_string (path_node), &path, error))
            return FALSE;
          ok = apply_patch_op (resource, op, &path, value, error);
          patch_path_clear (&path);
          if (!ok)
            return FALSE;
          continue;
        }

      /* No path: remove needs one; add/replace take an object of attributes. */
      if (op == PATCH_REMOVE)
        {
          g_set_error (error, RFC_ERROR, RFC_ERROR_NO_TARGET, "Operation \"remove\" needs a path");
          return FALSE;
        }
      if (!value || !JSON_NODE_HOLDS_OBJECT (value))
        {
          g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_VALUE,
                       "An operation without a path needs an object value");
          return FALSE;
        }
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, json_node_get_object (value));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            PatchPath path = { 0 };

            if (g_ascii_strcasecmp (name, "schemas") == 0)
              continue;
            if (!resolve_attr_path (user_attrs, name, &path.attr, &path.sub))
              {
                /* Attributes of schemas this provider does not know. */
                if (g_str_has_prefix (name, "urn:"))
                  continue;
                g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_PATH,
                             "Unknown attribute \"%s\"", name);
                return FALSE;
              }
            if (!apply_patch_op (resource, op, &path, member, error))
              return FALSE;
          }
      }
    }

  return TRUE;
}

/* ---- HTTP -------------------------------------------------------------- */

static void
send_node (SoupServerMessage *msg,
           guint              status,
           JsonNode          *node)
{
  gsize length;
  char *data = node_to_string (node, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, SCIM_CONTENT_TYPE, SOUP_MEMORY_TAKE, data, length);
}

static void
send_scim_error (SoupServerMessage *msg,
                 guint              status,
                 const char        *scim_type,
                 const char        *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *status_text = g_strdup_printf ("%u", status);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schemas");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, SCHEMA_ERROR);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status_text);
  if (scim_type)
    {
      json_builder_set_member_name (builder, "scimType");
      json_builder_add_string_value (builder, scim_type);
    }
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  send_node (msg, status, root);
}

static void
send_gerror (SoupServerMessage *msg,
             const GError      *error)
{
  g_assert (error->domain == RFC_ERROR);
  send_scim_error (msg, rfc_errors[error->code].status, rfc_errors[error->code].scim_type,
                   error->message);
}

static char *
base_url (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return g_strdup_printf ("%s://%s:%d" ROSTER_SANDBOX_RFC_BASE_PATH,
                          g_uri_get_scheme (uri), g_uri_get_host (uri), g_uri_get_port (uri));
}

/* The attribute names of an attributes / excludedAttributes parameter, URN
 * prefixes stripped ("name.givenName" stays one entry). */
static GStrv
attribute_list (const char *text)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (!text || !*text)
    return NULL;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      const char *name = strip_urn (g_strstrip (parts[i]));

      if (*name)
        g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

/* How names (from attribute_list) select member `name`: the whole of it,
 * some of its sub-attributes (added to subs), or nothing. */
static gboolean
names_select (GStrv       names,
              const char *name,
              GPtrArray  *subs)
{
  gsize len = strlen (name);
  gboolean whole = FALSE;

  for (guint i = 0; names[i]; i++)
    {
      if (g_ascii_strcasecmp (names[i], name) == 0)
        whole = TRUE;
      else if (g_ascii_strncasecmp (names[i], name, len) == 0 && names[i][len] == '.')
        g_ptr_array_add (subs, names[i] + len + 1);
    }
  return whole;
}

/* A copy of a complex value (object, or array of objects) keeping (keep)
 * or dropping (!keep) the sub-attributes in subs. */
static JsonNode *
filter_subs (JsonNode  *value,
             GPtrArray *subs,
             gboolean   keep)
{
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      JsonArray *out = json_array_new ();
      JsonNode *node = json_node_alloc ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (out, filter_subs (json_array_get_element (array, i), subs, keep));
      json_node_take_array (json_node_init (node, JSON_NODE_ARRAY), out);
      return node;
    }
  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *out = json_object_new ();
      JsonNode *node = json_node_alloc ();
      JsonObjectIter iter;
      const char *member_name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (value));
      while (json_object_iter_next_ordered (&iter, &member_name, &member))
        {
          gboolean listed = FALSE;

          for (guint i = 0; i < subs->len; i++)
            if (g_ascii_strcasecmp (g_ptr_array_index (subs, i), member_name) == 0)
              listed = TRUE;
          if (listed == keep)
            json_object_set_member (out, member_name, json_node_copy (member));
        }
      json_node_take_object (json_node_init (node, JSON_NODE_OBJECT), out);
      return node;
    }
  return json_node_copy (value);
}

/* RFC 7644 §3.9: `attributes` returns only the named attributes,
 * `excludedAttributes` all but those; schemas and id are always returned. */
static JsonNode *
project_resource (JsonObject *resource,
                  GHashTable *query)
{
  g_auto(GStrv) wanted = attribute_list (query ? g_hash_table_lookup (query, "attributes") : NULL);
  g_auto(GStrv) unwanted = attribute_list (query ? g_hash_table_lookup (query, "excludedAttributes")
                                                 : NULL);
  JsonObject *out;
  JsonNode *node = json_node_alloc ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!wanted && !unwanted)
    return json_node_init_object (node, resource);

  out = json_object_new ();
  json_object_iter_init_ordered (&iter, resource);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      g_autoptr(GPtrArray) subs = g_ptr_array_new ();

      if (strcmp (name, "schemas") == 0 || strcmp (name, "id") == 0)
        json_object_set_member (out, name, json_node_copy (member));
      else if (wanted && names_select (wanted, name, subs))
        json_object_set_member (out, name, json_node_copy (member));
      else if (wanted && subs->len > 0)
        json_object_set_member (out, name, filter_subs (member, subs, TRUE));
      else if (wanted)
        continue;
      else if (names_select (unwanted, name, subs))
        continue;
      else if (subs->len > 0)
        json_object_set_member (out, name, filter_subs (member, subs, FALSE));
      else
        json_object_set_member (out, name, json_node_copy (member));
    }
  json_node_take_object (json_node_init (node, JSON_NODE_OBJECT), out);
  return node;
}

/* The stored resource, with meta.location made absolute for this request. */
static JsonNode *
user_node (RfcUser           *user,
           SoupServerMessage *msg,
           GHashTable        *query)
{
  g_autofree char *base = base_url (msg);
  g_autofree char *location = g_strdup_printf ("%s/Users/%s", base, user->id);
  JsonObject *meta = json_object_get_object_member (user->resource, "meta");
  json_object_set_string_member (meta, "location", location);
  return project_resource (user->resource, query);
}

static void
send_user (SoupServerMessage *msg,
           guint              status,
           RfcUser           *user,
           GHashTable        *query)
{
  g_autoptr(JsonNode) node = user_node (user, msg, query);
  g_autofree char *etag = make_etag (user->version);
  g_autofree char *base = base_url (msg);
  g_autofree char *location = g_strdup_printf ("%s/Users/%s", base, user->id);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "ETag", etag);
  if (status == SOUP_STATUS_CREATED)
    soup_message_headers_replace (headers, "Location", location);
  send_node (msg, status, node);
}

static gboolean
check_auth (RosterSandboxRfc  *self,
            SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value && g_ascii_strncasecmp (value, "Bearer ", 7) == 0)
    {
      const char *token = value + 7;

      while (*token == ' ')
        token++;
      if (strcmp (token, self->token) == 0)
        return TRUE;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Bearer realm=\"roster-sandbox\"");
  send_scim_error (msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                   "Authorization failure: the bearer token is missing or invalid");
  return FALSE;
}

/* If-Match (RFC 7644 §3.14): "*" or a list of entity tags, one of which must
 * be the current version. Weak tags compare by their opaque value. */
static gboolean
if_match_ok (SoupServerMessage *msg,
             RfcUser           *user,
             const char        *header)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    header);
  g_autofree char *current = g_strdup_printf ("\"%u\"", user->version);
  g_auto(GStrv) tags = NULL;

  if (!value)
    return strcmp (header, "If-Match") == 0;

  tags = g_strsplit (value, ",", -1);
  for (guint i = 0; tags[i]; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (strcmp (tag, "*") == 0)
        return TRUE;
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, current) == 0)
        return TRUE;
    }
  return FALSE;
}

static JsonNode *
parse_body (SoupServerMessage *msg,
            GError           **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (length == 0 || !json_parser_load_from_data (parser, data, length, NULL))
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_SYNTAX, "Request body is not valid JSON");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

static gboolean
parse_int_param (GHashTable *query,
                 const char *name,
                 gint64      fallback,
                 gint64     *out,
                 GError    **error)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  gint64 value;

  if (!text || *text == '\0')
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, &value, NULL))
    {
      g_set_error (error, RFC_ERROR, RFC_ERROR_INVALID_VALUE,
                   "\"%s\" must be an integer", name);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static void
handle_list (RosterSandboxRfc  *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Filter) filter = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *filter_text = query ? g_hash_table_lookup (query, "filter") : NULL;
  gint64 start_index, count;
  guint first, n_items;

  if (!parse_int_param (query, "startIndex", 1, &start_index, &error)
      || !parse_int_param (query, "count", ROSTER_SANDBOX_RFC_MAX_RESULTS, &count, &error))
    {
      send_gerror (msg, error);
      return;
    }
  /* RFC 7644 §3.4.2.4: startIndex < 1 means 1; negative count means 0. */
  start_index = MAX (start_index, 1);
  count = CLAMP (count, 0, ROSTER_SANDBOX_RFC_MAX_RESULTS);

  if (filter_text && !(filter = parse_filter (filter_text, &error)))
    {
      send_gerror (msg, error);
      return;
    }

  for (guint i = 0; i < self->users->len; i++)
    {
      RfcUser *user = g_ptr_array_index (self->users, i);

      if (!filter || filter_match (filter, user->resource))
        g_ptr_array_add (matches, user);
    }

  first = (guint) MIN ((gint64) matches->len, start_index - 1);
  n_items = (guint) MIN ((gint64) (matches->len - first), count);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schemas");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, SCHEMA_LIST);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "totalResults");
  json_builder_add_int_value (builder, matches->len);
  json_builder_set_member_name (builder, "itemsPerPage");
  json_builder_add_int_value (builder, n_items);
  json_builder_set_member_name (builder, "startIndex");
  json_builder_add_int_value (builder, start_index);
  json_builder_set_member_name (builder, "Resources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_items; i++)
    json_builder_add_value (builder, user_node (g_ptr_array_index (matches, first + i), msg, query));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  send_node (msg, SOUP_STATUS_OK, root);
}

static RfcUser *
store_new_user (RosterSandboxRfc *self,
                JsonObject       *attributes,
                const char       *created)
{
  g_autofree char *seed = g_strdup_printf ("roster-sandbox-rfc-user:%u", self->serial++);
  g_autoptr(JsonObject) resource = object_deep_copy (attributes);
  JsonObject *meta = json_object_new ();
  JsonArray *schemas = json_array_new ();
  RfcUser *user = g_new0 (RfcUser, 1);

  user->id = uuid_from_seed (seed);
  user->version = 1;

  json_array_add_string_element (schemas, SCHEMA_USER);
  json_object_set_array_member (resource, "schemas", schemas);
  json_object_set_string_member (resource, "id", user->id);
  json_object_set_string_member (meta, "resourceType", "User");
  json_object_set_string_member (meta, "created", created);
  json_object_set_string_member (meta, "lastModified", created);
  json_object_set_string_member (meta, "location", "");
  json_object_set_string_member (meta, "version", "W/\"1\"");
  json_object_set_object_member (resource, "meta", meta);
  user->resource = reorder_resource (resource);

  g_ptr_array_add (self->users, user);
  g_hash_table_insert (self->by_id, user->id, user);
  return user;
}

static void
handle_create (RosterSandboxRfc  *self,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) attributes = NULL;
  g_autofree char *now = NULL;
  RfcUser *user;

  if (!(body = parse_body (msg, &error)))
    {
      send_gerror (msg, error);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      send_scim_error (msg, 400, "invalidSyntax", "Request body must be a JSON object");
      return;
    }
  if (!(attributes = resource_from_body (json_node_get_object (body), &error))
      || !validate_resource (self, attributes, NULL, &error))
    {
      send_gerror (msg, error);
      return;
    }

  now = now_string ();
  user = store_new_user (self, attributes, now);
  send_user (msg, SOUP_STATUS_CREATED, user, query);
}

/* Stores the modified copy when it differs; bumps version and lastModified. */
static void
commit_user (RfcUser    *user,
             JsonObject *modified)
{
  g_autoptr(JsonObject) ordered = reorder_resource (modified);
  g_autoptr(JsonNode) old_node = json_node_init_object (json_node_alloc (), user->resource);
  g_autoptr(JsonNode) new_node = json_node_init_object (json_node_alloc (), ordered);
  g_autofree char *now = NULL;
  g_autofree char *etag = NULL;
  JsonObject *meta;

  if (json_node_equal (old_node, new_node))
    return;

  user->version++;
  now = now_string ();
  etag = make_etag (user->version);
  meta = json_object_get_object_member (ordered, "meta");
  json_object_set_string_member (meta, "lastModified", now);
  json_object_set_string_member (meta, "version", etag);
  json_object_unref (user->resource);
  user->resource = json_object_ref (ordered);
}

static void
handle_patch (RosterSandboxRfc  *self,
              SoupServerMessage *msg,
              RfcUser           *user,
              GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) working = object_deep_copy (user->resource);

  if (!(body = parse_body (msg, &error))
      || !apply_patch (working, body, &error)
      || !validate_resource (self, working, user->id, &error))
    {
      send_gerror (msg, error);
      return;
    }
  commit_user (user, working);
  send_user (msg, SOUP_STATUS_OK, user, query);
}

static void
handle_replace (RosterSandboxRfc  *self,
                SoupServerMessage *msg,
                RfcUser           *user,
                GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) working = NULL;

  if (!(body = parse_body (msg, &error)))
    {
      send_gerror (msg, error);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      send_scim_error (msg, 400, "invalidSyntax", "Request body must be a JSON object");
      return;
    }
  if (!(working = resource_from_body (json_node_get_object (body), &error))
      || !validate_resource (self, working, user->id, &error))
    {
      send_gerror (msg, error);
      return;
    }
  json_object_set_member (working, "schemas",
                          json_node_copy (json_object_get_member (user->resource, "schemas")));
  json_object_set_string_member (working, "id", user->id);
  json_object_set_member (working, "meta",
                          deep_copy (json_object_get_member (user->resource, "meta")));
  commit_user (user, working);
  send_user (msg, SOUP_STATUS_OK, user, query);
}

static void
handle_delete (RosterSandboxRfc  *self,
               SoupServerMessage *msg,
               RfcUser           *user)
{
  g_hash_table_remove (self->by_id, user->id);
  g_ptr_array_remove (self->users, user);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handle_service_provider_config (SoupServerMessage *msg)
{
  static const char config[] =
    "{\"schemas\":[\"" SCHEMA_SPC "\"],"
    "\"documentationUri\":\"https://datatracker.ietf.org/doc/html/rfc7644\","
    "\"patch\":{\"supported\":true},"
    "\"bulk\":{\"supported\":false,\"maxOperations\":0,\"maxPayloadSize\":0},"
    "\"filter\":{\"supported\":true,\"maxResults\":100},"
    "\"changePassword\":{\"supported\":false},"
    "\"sort\":{\"supported\":false},"
    "\"etag\":{\"supported\":true},"
    "\"authenticationSchemes\":[{\"type\":\"oauthbearertoken\",\"name\":\"OAuth Bearer Token\","
    "\"description\":\"Authentication with a bearer token\",\"primary\":true}],"
    "\"meta\":{\"resourceType\":\"ServiceProviderConfig\"}}";

  G_STATIC_ASSERT (ROSTER_SANDBOX_RFC_MAX_RESULTS == 100);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, SCIM_CONTENT_TYPE, SOUP_MEMORY_STATIC,
                                    config, sizeof config - 1);
}

static void
rfc_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  roster_sandbox_rfc_handle_message (user_data, msg, query);
}

void
roster_sandbox_rfc_handle_message (RosterSandboxRfc  *self,
                                   SoupServerMessage *msg,
                                   GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *rest;
  g_autofree char *id = NULL;
  RfcUser *user;

  g_return_if_fail (ROSTER_IS_SANDBOX_RFC (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  g_debug ("%s %s", method, path);

  if (!g_str_has_prefix (path, ROSTER_SANDBOX_RFC_BASE_PATH))
    {
      send_scim_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "Resource type not found");
      return;
    }
  rest = path + strlen (ROSTER_SANDBOX_RFC_BASE_PATH);

  if (strcmp (rest, "/ServiceProviderConfig") == 0)
    {
      if (strcmp (method, SOUP_METHOD_GET) != 0)
        send_scim_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, "Method not allowed");
      else
        handle_service_provider_config (msg);
      return;
    }

  if (strcmp (rest, "/Users") != 0 && !g_str_has_prefix (rest, "/Users/"))
    {
      send_scim_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "Resource type not found");
      return;
    }

  if (!check_auth (self, msg))
    return;

  if (strcmp (rest, "/Users") == 0 || strcmp (rest, "/Users/") == 0)
    {
      if (strcmp (method, SOUP_METHOD_GET) == 0)
        handle_list (self, msg, query);
      else if (strcmp (method, SOUP_METHOD_POST) == 0)
        handle_create (self, msg, query);
      else
        send_scim_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, "Method not allowed");
      return;
    }

  if (strcmp (rest, "/Users/.search") == 0)
    {
      send_scim_error (msg, SOUP_STATUS_NOT_IMPLEMENTED, NULL, "Searching with POST is not supported");
      return;
    }

  /* libsoup 3.2 has decoded the path once already (g_uri_get_path() of a
   * SoupServerMessage is decoded, "%2F" included): the rest is the id as
   * sent, and decoding it again would turn an id "%41" into "A". No id
   * contains a "/", so an id with one finds nobody. */
  id = g_strdup (rest + strlen ("/Users/"));
  user = g_hash_table_lookup (self->by_id, id);
  if (!user)
    {
      g_autofree char *detail = g_strdup_printf ("Resource %s not found", id);

      send_scim_error (msg, SOUP_STATUS_NOT_FOUND, NULL, detail);
      return;
    }

  if (strcmp (method, SOUP_METHOD_GET) == 0)
    {
      if (if_match_ok (msg, user, "If-None-Match"))
        {
          g_autofree char *etag = make_etag (user->version);

          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "ETag", etag);
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }
      send_user (msg, SOUP_STATUS_OK, user, query);
      return;
    }

  if (strcmp (method, "PATCH") != 0 && strcmp (method, SOUP_METHOD_PUT) != 0
      && strcmp (method, SOUP_METHOD_DELETE) != 0)
    {
      send_scim_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, "Method not allowed");
      return;
    }

  if (!if_match_ok (msg, user, "If-Match"))
    {
      /* RFC 7644 §3.14: 412, the resource changed; §3.12 defines no scimType for it. */
      send_scim_error (msg, SOUP_STATUS_PRECONDITION_FAILED, NULL,
                       "Failed to update. Resource has changed on the server.");
      return;
    }

  if (strcmp (method, "PATCH") == 0)
    handle_patch (self, msg, user, query);
  else if (strcmp (method, SOUP_METHOD_PUT) == 0)
    handle_replace (self, msg, user, query);
  else
    handle_delete (self, msg, user);
}

/* ---- Seed data --------------------------------------------------------- */

typedef struct
{
  const char *user_name;
  const char *external_id;   /* NULL: none */
  const char *given_name;
  const char *family_name;
  const char *display_name;  /* NULL: "given family" */
  const char *home_email;    /* NULL: only the work email (= userName) */
  gboolean    inactive;
} SeedUser;

/* Values chosen to break naive filter building: quotes, backslashes, spaces,
 * operator words, non-ASCII, control characters. */
static const SeedUser seed_users[] = {
  { "ada.lovelace@corp.example", "00u1ada0000lovelace", "Ada", "Lovelace" },
  { "grace.hopper@corp.example", "00u1grace000hopper", "Grace", "Hopper", NULL, "grace@home.example" },
  { "shaq.oneal@corp.example", "ext-\"quoted\"-007", "Shaquille", "O'Neal", "Shaquille \"Shaq\" O'Neal" },
  { "jdoe@corp.example", "CORP\\jdoe", "John", "Doe" },
  { "tricky@corp.example", "a\\\"b", "Tricky", "Backslash-Quote" },
  { "trailing@corp.example", "ends-with-backslash\\", "Trailing", "Backslash" },
  { "jane.public@corp.example", "Jane Q. Public", "Jane", "Public", "Jane Q. Public" },
  { "jose.muller@corp.example", "ß-ünï-çødé-ключ", "José", "Müller-Øst" },
  { "li.lei@corp.example", "李雷-0042", "雷", "李", "李雷" },
  { "zoe@corp.example", "🦄-unicorn", "Zoë", "Ðunn" },
  { "mallory@corp.example", "x\" or userName pr or externalId eq \"y", "Mallory", "Injection" },
  { "bobby.tables@corp.example", "Robert'); DROP TABLE users;--", "Robert", "Tables" },
  { "ops+roster@corp.example", "group/sub/ops", "Ops", "Robot", "ops (robot)" },
  { "percent@corp.example", "100% sure & more?#frag", "Per", "Cent" },
  { "and.or@corp.example", "and or not eq pr", "Andor", "Keywords" },
  { "brackets@corp.example", "emails[type eq \"work\"].value", "Brack", "Ets" },
  { "newline@corp.example", "line1\nline2\ttab", "New", "Line" },
  { "no.external@corp.example", NULL, "Noex", "Ternal" },
  { "Mixed.Case@Corp.Example", "MiXeD-CaSe-ID", "Mixed", "Case" },
  { "mixed-case-id@corp.example", "mixed-case-id", "Lower", "Case" },
  { "inactive.one@corp.example", "00u-inactive-0001", "Ina", "Ctive", NULL, NULL, TRUE },
  { "inactive.two@corp.example", "00u-inactive-0002", "Dee", "Provisioned", NULL, NULL, TRUE },
};

static const char * const given_names[] = {
  "Alan", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Gordon", "Hedy",
  "Ivan", "Jean", "Ken", "Leslie", "Margaret", "Niklaus", "Ole-Johan", "Peter",
  "Radia", "Sophie", "Tim", "Whitfield",
};

static const char * const family_names[] = {
  "Turing", "Liskov", "Shannon", "Knuth", "Dijkstra", "Allen", "Moore", "Lamarr",
  "Sutherland", "Sammet", "Thompson", "Lamport", "Hamilton", "Wirth", "Dahl", "Naur",
  "Perlman", "Wilson", "Berners-Lee", "Diffie",
};

/* Seeds and generated users are created at fixed times, 97 minutes apart. */
static char *
seed_time (guint serial)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 1, 6, 9, 0, 0);
  g_autoptr(GDateTime) time = g_date_time_add_minutes (base, 97 * (int) serial);

  return format_time (time);
}

static JsonObject *
seed_attributes (const char *user_name,
                 const char *external_id,
                 const char *given_name,
                 const char *family_name,
                 const char *display_name,
                 const char *home_email,
                 gboolean    active)
{
  JsonObject *attributes = json_object_new ();
  JsonObject *name = json_object_new ();
  JsonArray *emails = json_array_new ();
  JsonObject *work = json_object_new ();
  g_autofree char *formatted = g_strdup_printf ("%s %s", given_name, family_name);

  if (external_id)
    json_object_set_string_member (attributes, "externalId", external_id);
  json_object_set_string_member (attributes, "userName", user_name);
  json_object_set_string_member (name, "formatted", formatted);
  json_object_set_string_member (name, "familyName", family_name);
  json_object_set_string_member (name, "givenName", given_name);
  json_object_set_object_member (attributes, "name", name);
  json_object_set_string_member (attributes, "displayName", display_name ? display_name : formatted);
  json_object_set_boolean_member (attributes, "active", active);
  json_object_set_string_member (work, "value", user_name);
  json_object_set_string_member (work, "type", "work");
  json_object_set_boolean_member (work, "primary", TRUE);
  json_array_add_object_element (emails, work);
  if (home_email)
    {
      JsonObject *home = json_object_new ();

      json_object_set_string_member (home, "value", home_email);
      json_object_set_string_member (home, "type", "home");
      json_object_set_boolean_member (home, "primary", FALSE);
      json_array_add_object_element (emails, home);
    }
  json_object_set_array_member (attributes, "emails", emails);
  return attributes;
}

static void
add_seed (RosterSandboxRfc *self,
          JsonObject       *attributes)
{
  g_autoptr(JsonObject) owned = attributes;
  g_autofree char *created = seed_time (self->serial);

  store_new_user (self, owned, created);
}

/* ---- GObject ----------------------------------------------------------- */

static void
roster_sandbox_rfc_finalize (GObject *object)
{
  RosterSandboxRfc *self = (RosterSandboxRfc *) object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (roster_sandbox_rfc_parent_class)->finalize (object);
}

static void
roster_sandbox_rfc_class_init (RosterSandboxRfcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_sandbox_rfc_finalize;
}

static void
roster_sandbox_rfc_init (RosterSandboxRfc *self)
{
  self->users = g_ptr_array_new_with_free_func (rfc_user_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->token = g_strdup (ROSTER_SANDBOX_RFC_DEFAULT_TOKEN);
}

RosterSandboxRfc *
roster_sandbox_rfc_new (void)
{
  RosterSandboxRfc *self = g_object_new (ROSTER_TYPE_SANDBOX_RFC, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (seed_users); i++)
    {
      const SeedUser *seed = &seed_users[i];

      add_seed (self, seed_attributes (seed->user_name, seed->external_id, seed->given_name,
                                       seed->family_name, seed->display_name, seed->home_email,
                                       !seed->inactive));
    }
  roster_sandbox_rfc_add_generated (self, 50 - G_N_ELEMENTS (seed_users));

  return self;
}

void
roster_sandbox_rfc_add_generated (RosterSandboxRfc *self,
                                  guint             n_users)
{
  g_return_if_fail (ROSTER_IS_SANDBOX_RFC (self));

  for (guint i = 0; i < n_users; i++)
    {
      guint n = self->serial;
      const char *given = given_names[n % G_N_ELEMENTS (given_names)];
      const char *family = family_names[(n / G_N_ELEMENTS (given_names) + n) % G_N_ELEMENTS (family_names)];
      g_autofree char *lower = g_ascii_strdown (given, -1);
      g_autofree char *lower_family = g_ascii_strdown (family, -1);
      g_autofree char *user_name = g_strdup_printf ("%s.%s.%u@corp.example", lower, lower_family, n);
      g_autofree char *ext_seed = g_strdup_printf ("roster-sandbox-rfc-external:%u", n);
      g_autofree char *external_id = uuid_from_seed (ext_seed);

      add_seed (self, seed_attributes (user_name, external_id, given, family, NULL, NULL,
                                       n % 17 != 5));
    }
}

void
roster_sandbox_rfc_set_token (RosterSandboxRfc *self,
                              const char       *token)
{
  g_return_if_fail (ROSTER_IS_SANDBOX_RFC (self));
  g_return_if_fail (token != NULL && *token != '\0');

  g_free (self->token);
  self->token = g_strdup (token);
}

const char *
roster_sandbox_rfc_get_token (RosterSandboxRfc *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX_RFC (self), NULL);

  return self->token;
}

guint
roster_sandbox_rfc_get_n_users (RosterSandboxRfc *self)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX_RFC (self), 0);

  return self->users->len;
}

const char *
roster_sandbox_rfc_lookup_id (RosterSandboxRfc *self,
                              const char       *user_name)
{
  g_return_val_if_fail (ROSTER_IS_SANDBOX_RFC (self), NULL);
  g_return_val_if_fail (user_name != NULL, NULL);

  for (guint i = 0; i < self->users->len; i++)
    {
      RfcUser *user = g_ptr_array_index (self->users, i);

      if (g_strcmp0 (json_object_get_string_member (user->resource, "userName"), user_name) == 0)
        return user->id;
    }
  return NULL;
}

void
roster_sandbox_rfc_install (RosterSandboxRfc *self,
                            SoupServer       *server)
{
  g_return_if_fail (ROSTER_IS_SANDBOX_RFC (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  soup_server_add_handler (server, ROSTER_SANDBOX_RFC_BASE_PATH, rfc_handler,
                           g_object_ref (self), g_object_unref);
}
