/* roster-request-log.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-request-log"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-json-reader.h"
#include "roster-request-log.h"

/* Redaction is structural: request headers never reach this file at all
 * (RosterRequestLogEntry has no field for them); JSON members, query and form
 * parameters whose name looks secret are replaced by [REDACTED]; and every
 * occurrence of a token value the HTTP layer knows is scrubbed from whatever
 * text is kept (URL, bodies, error messages). */

struct _RosterRequestRecord
{
  GObject     parent_instance;

  GDateTime  *time;
  char       *method;
  char       *path;
  char       *error;
  char       *token_kind;
  char       *request_excerpt;
  char       *response_excerpt;
  gint64      duration_us;
  guint64     request_bytes;
  guint64     response_bytes;
  guint       status;
  guint       attempt;
};

G_DEFINE_FINAL_TYPE (RosterRequestRecord, roster_request_record, G_TYPE_OBJECT)

enum {
  REC_PROP_0,
  REC_PROP_TIME,
  REC_PROP_METHOD,
  REC_PROP_PATH,
  REC_PROP_STATUS,
  REC_PROP_DURATION_US,
  REC_PROP_REQUEST_BYTES,
  REC_PROP_RESPONSE_BYTES,
  REC_PROP_ERROR,
  REC_PROP_TOKEN_KIND,
  REC_PROP_ATTEMPT,
  REC_PROP_REQUEST_EXCERPT,
  REC_PROP_RESPONSE_EXCERPT,
  REC_N_PROPS
};

static GParamSpec *record_properties[REC_N_PROPS];

struct _RosterRequestLog
{
  GObject    parent_instance;

  GPtrArray *records;        /* RosterRequestRecord, oldest first */
  guint      capacity;
  gsize      excerpt_size;
  guint64    total;
};

static void roster_request_log_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterRequestLog, roster_request_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      roster_request_log_list_model_init))

enum {
  PROP_0,
  PROP_CAPACITY,
  PROP_EXCERPT_SIZE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const secret_names[] = {
  "token", "password", "passwd", "secret", "access_token", "private_token",
  "refresh_token", "id_token", "bearer_token", "client_secret", "api_key",
  "apikey", "authorization", "cookie", "set-cookie", "private-token",
  "session", "credentials",
};

/* ------------------------------------------------------------------------ */
/* Redaction helpers */

/**
 * roster_redact_is_secret_name:
 * @name: a JSON member, query or form parameter name
 *
 * Returns: %TRUE if values under @name must never be recorded: one of the
 *   well-known names (compared case-insensitively), or any name containing
 *   "token", "password", "passwd" or "secret".
 */
gboolean
roster_redact_is_secret_name (const char *name)
{
  g_autofree char *lower = NULL;

  if (name == NULL)
    return FALSE;

  lower = g_ascii_strdown (name, -1);
  for (gsize i = 0; i < G_N_ELEMENTS (secret_names); i++)
    if (strcmp (lower, secret_names[i]) == 0)
      return TRUE;

  return strstr (lower, "token") != NULL ||
         strstr (lower, "password") != NULL ||
         strstr (lower, "passwd") != NULL ||
         strstr (lower, "secret") != NULL;
}

static gsize
longest_secret (const char * const *secrets)
{
  gsize longest = 0;

  /* A secret may also appear percent-encoded, at most three times as long. */
  for (gsize i = 0; secrets && secrets[i]; i++)
    longest = MAX (longest, 3 * strlen (secrets[i]));

  return longest;
}

static void
scrub_one (GString    *str,
           const char *needle)
{
  gsize needle_len;
  gsize pos = 0;

  if (needle == NULL || needle[0] == '\0')
    return;

  needle_len = strlen (needle);
  while (pos < str->len)
    {
      const char *found = strstr (str->str + pos, needle);

      if (found == NULL)
        break;

      pos = found - str->str;
      g_string_erase (str, pos, needle_len);
      g_string_insert (str, pos, ROSTER_REDACTED);
      pos += strlen (ROSTER_REDACTED);
    }
}

static void
scrub_secrets (GString            *str,
               const char * const *secrets)
{
  for (gsize i = 0; secrets && secrets[i]; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (secrets[i], NULL, FALSE);

      /* Tokens shorter than 4 characters would redact half of any text and
       * are not real tokens anyway. */
      if (strlen (secrets[i]) < 4)
        continue;

      scrub_one (str, secrets[i]);
      if (g_strcmp0 (escaped, secrets[i]) != 0)
        scrub_one (str, escaped);
    }
}

/* Cuts @str to at most @max_size bytes on a character boundary. */
static void
truncate_utf8 (GString *str,
               gsize    max_size)
{
  const char *end;

  if (str->len <= max_size)
    return;

  end = g_utf8_find_prev_char (str->str, str->str + max_size + 1);
  if (end == NULL)
    end = str->str;
  g_string_truncate (str, end - str->str);
  g_string_append (str, "…");
}

static void
redact_params (GString            *out,
               const char         *params,
               const char * const *secrets)
{
  g_auto(GStrv) pairs = g_strsplit (params, "&", -1);

  for (guint i = 0; pairs[i]; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *raw_name = eq ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);
      g_autofree char *name = g_uri_unescape_string (raw_name, NULL);

      if (i > 0)
        g_string_append_c (out, '&');

      if (eq && roster_redact_is_secret_name (name ? name : raw_name))
        g_string_append_printf (out, "%s=%s", raw_name, ROSTER_REDACTED);
      else
        g_string_append (out, pairs[i]);
    }
}

/**
 * roster_redact_url:
 * @url: an absolute URL, or a path with an optional query
 * @secrets: (nullable) (array zero-terminated=1): token values to scrub
 *
 * Returns: (transfer full): the path and query of @url (scheme, user info,
 *   host and fragment dropped), with secret-looking query parameters and
 *   known token values replaced by [REDACTED].
 */
char *
roster_redact_url (const char         *url,
                   const char * const *secrets)
{
  GString *out = g_string_new (NULL);
  const char *path = url ? url : "";
  const char *scheme_end = strstr (path, "://");
  const char *query;
  const char *fragment;
  gsize path_len;

  if (scheme_end != NULL && strcspn (path, "/?#") > (gsize) (scheme_end - path))
    {
      path = scheme_end + 3;
      path += strcspn (path, "/?#");
    }

  fragment = strchr (path, '#');
  query = strchr (path, '?');
  if (query && fragment && query > fragment)
    query = NULL;

  path_len = query ? (gsize) (query - path) : fragment ? (gsize) (fragment - path) : strlen (path);
  g_string_append_len (out, path, path_len);
  if (out->len == 0)
    g_string_append_c (out, '/');

  if (query != NULL)
    {
      g_autofree char *params = fragment ? g_strndup (query + 1, fragment - query - 1)
                                         : g_strdup (query + 1);

      g_string_append_c (out, '?');
      redact_params (out, params, secrets);
    }

  scrub_secrets (out, secrets);
  return g_string_free (out, FALSE);
}

/**
 * roster_redact_text:
 * @text: (nullable): any text (a body that is not JSON, an error message)
 * @length: length of @text, or -1 when nul-terminated
 * @max_size: keep at most this many bytes (then "…"); 0 for no limit
 * @secrets: (nullable) (array zero-terminated=1): token values to scrub
 *
 * Invalid UTF-8 is replaced (U+FFFD), known tokens are scrubbed before the
 * text is cut, so that no prefix of a token survives at the cut.
 *
 * Returns: (transfer full): the redacted text
 */
char *
roster_redact_text (const char         *text,
                    gssize              length,
                    gsize               max_size,
                    const char * const *secrets)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize len;
  gsize window;

  if (text == NULL)
    return g_strdup ("");

  len = length < 0 ? strlen (text) : (gsize) length;
  window = max_size == 0 ? len : MIN (len, max_size + longest_secret (secrets) + 4);
  valid = g_utf8_make_valid (text, window);
  out = g_string_new (valid);
  scrub_secrets (out, secrets);
  if (max_size > 0)
    truncate_utf8 (out, max_size);
  else if (window < len)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

typedef struct
{
  GString            *out;
  gsize               max_size;
  const char * const *secrets;
} JsonWriter;

static gboolean
writer_full (JsonWriter *w)
{
  return w->max_size > 0 && w->out->len > w->max_size;
}

static void
write_string (JsonWriter *w,
              const char *value)
{
  g_autoptr(GString) scrubbed = g_string_new (value);

  scrub_secrets (scrubbed, w->secrets);
  g_string_append_c (w->out, '"');
  for (const char *p = scrubbed->str; *p; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"':  g_string_append (w->out, "\\\""); break;
        case '\\': g_string_append (w->out, "\\\\"); break;
        case '\n': g_string_append (w->out, "\\n"); break;
        case '\r': g_string_append (w->out, "\\r"); break;
        case '\t': g_string_append (w->out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (w->out, "\\u%04x", c);
          else
            g_string_append_c (w->out, c);
        }

      if (writer_full (w))
        return;
    }
  g_string_append_c (w->out, '"');
}

static void
write_node (JsonWriter *w,
            JsonNode   *node)
{
  if (writer_full (w))
    return;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (w->out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member) && !writer_full (w))
          {
            if (!first)
              g_string_append_c (w->out, ',');
            first = FALSE;
            write_string (w, name);
            g_string_append_c (w->out, ':');
            if (roster_redact_is_secret_name (name) && !JSON_NODE_HOLDS_NULL (member))
              write_string (w, ROSTER_REDACTED);
            else
              write_node (w, member);
          }
        g_string_append_c (w->out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (w->out, '[');
        for (guint i = 0; i < n && !writer_full (w); i++)
          {
            if (i > 0)
              g_string_append_c (w->out, ',');
            write_node (w, json_array_get_element (array, i));
          }
        g_string_append_c (w->out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          write_string (w, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (w->out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            g_string_append (w->out, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
          }
          break;
        default:
          g_string_append_printf (w->out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        }
      break;

    case JSON_NODE_NULL:
      g_string_append (w->out, "null");
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * roster_redact_json:
 * @node: a JSON tree
 * @max_size: stop after about this many bytes (then "…"); 0 for no limit
 * @secrets: (nullable) (array zero-terminated=1): token values to scrub
 *
 * Serialises @node compactly, replacing the value of every member whose
 * name is secret (see roster_redact_is_secret_name()) by "[REDACTED]" and
 * scrubbing known tokens from every string. Only the part that is kept is
 * written, so a huge tree costs no more than its excerpt.
 *
 * Returns: (transfer full): the redacted JSON text (maybe cut)
 */
char *
roster_redact_json (JsonNode           *node,
                    gsize               max_size,
                    const char * const *secrets)
{
  JsonWriter w = { g_string_new (NULL), max_size, secrets };

  g_return_val_if_fail (node != NULL, NULL);

  write_node (&w, node);
  if (max_size > 0)
    truncate_utf8 (w.out, max_size);

  return g_string_free (w.out, FALSE);
}

/* roster_redact_json() for a body given as text, without a tree: read with
 * the pull reader only as far as the excerpt goes, so that a big page
 * costs its excerpt, not a json-glib tree of all of it on the thread that
 * logs. The same text as roster_redact_json() on json-glib's tree of the
 * same JSON (when no object repeats a member name). Returns FALSE when what
 * had to be read is not RFC 8259 JSON. */
typedef enum
{
  STREAM_OK,
  STREAM_FULL,    /* the excerpt is complete: stop reading */
  STREAM_ERROR,
} StreamStatus;

static StreamStatus
stream_value (JsonWriter       *w,
              RosterJsonReader *r,
              RosterJsonField  *field,
              GString          *name)
{
  guint n = 0;

  if (writer_full (w))
    return STREAM_FULL;

  switch (roster_json_reader_peek (r))
    {
    case '{':
      g_string_append_c (w->out, '{');
      while (roster_json_reader_next_member (r, &n, name))
        {
          StreamStatus status;

          if (writer_full (w))
            return STREAM_FULL;
          if (n > 1)
            g_string_append_c (w->out, ',');
          write_string (w, name->str);
          g_string_append_c (w->out, ':');
          if (roster_redact_is_secret_name (name->str) && roster_json_reader_peek (r) != 'n')
            {
              write_string (w, ROSTER_REDACTED);
              if (!roster_json_reader_read_value (r, NULL))
                return STREAM_ERROR;
            }
          else if ((status = stream_value (w, r, field, name)) != STREAM_OK)
            return status;
        }
      if (r->error != NULL)
        return STREAM_ERROR;
      g_string_append_c (w->out, '}');
      return STREAM_OK;

    case '[':
      g_string_append_c (w->out, '[');
      while (roster_json_reader_next_element (r, &n))
        {
          StreamStatus status;

          if (writer_full (w))
            return STREAM_FULL;
          if (n > 1)
            g_string_append_c (w->out, ',');
          if ((status = stream_value (w, r, field, name)) != STREAM_OK)
            return status;
        }
      if (r->error != NULL)
        return STREAM_ERROR;
      g_string_append_c (w->out, ']');
      return STREAM_OK;

    default:
      break;
    }

  if (!roster_json_reader_read_value (r, field))
    return STREAM_ERROR;
  switch (field->kind)
    {
    case ROSTER_JSON_VALUE_STRING:
      write_string (w, field->text->str);
      break;
    case ROSTER_JSON_VALUE_TRUE:
      g_string_append (w->out, "true");
      break;
    case ROSTER_JSON_VALUE_FALSE:
      g_string_append (w->out, "false");
      break;
    case ROSTER_JSON_VALUE_NULL:
      g_string_append (w->out, "null");
      break;
    case ROSTER_JSON_VALUE_INT:
      g_string_append_printf (w->out, "%" G_GINT64_FORMAT, field->number);
      break;
    case ROSTER_JSON_VALUE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_autofree char *token = g_strndup (field->token, field->token_len);

        g_string_append (w->out, g_ascii_dtostr (buf, sizeof buf, g_ascii_strtod (token, NULL)));
      }
      break;
    case ROSTER_JSON_VALUE_BIG_INT:
      g_string_append_len (w->out, field->token, field->token_len);
      break;
    case ROSTER_JSON_VALUE_ABSENT:
    case ROSTER_JSON_VALUE_OBJECT:
    case ROSTER_JSON_VALUE_ARRAY:
    default:
      g_assert_not_reached ();
    }
  return STREAM_OK;
}

static char *
redact_json_text (const char         *data,
                  gsize               size,
                  gsize               max_size,
                  const char * const *secrets)
{
  JsonWriter w = { g_string_new (NULL), max_size, secrets };
  g_autoptr(GString) name = g_string_new (NULL);
  RosterJsonReader r;
  RosterJsonField field;
  StreamStatus status = STREAM_ERROR;

  roster_json_field_init (&field);
  /* UTF-8 checked as far as it is read: a page's excerpt does not cost
   * a pass over the whole page (on the main thread, for each response). */
  if (roster_json_reader_init_partial (&r, data, size))
    status = stream_value (&w, &r, &field, name);
  if (status == STREAM_OK && !roster_json_reader_end (&r))
    status = STREAM_ERROR;
  roster_json_reader_clear (&r);
  roster_json_field_clear (&field);

  if (status == STREAM_ERROR)
    {
      g_string_free (w.out, TRUE);
      return NULL;
    }
  if (max_size > 0)
    truncate_utf8 (w.out, max_size);
  return g_string_free (w.out, FALSE);
}

static gboolean
is_json_type (const char *content_type)
{
  g_autofree char *mime = NULL;

  if (content_type == NULL)
    return FALSE;

  mime = g_ascii_strdown (content_type, strcspn (content_type, ";"));
  g_strstrip (mime);
  return strcmp (mime, "application/json") == 0 || g_str_has_suffix (mime, "+json");
}

static gboolean
is_form_type (const char *content_type)
{
  return content_type != NULL &&
         g_ascii_strncasecmp (content_type, "application/x-www-form-urlencoded",
                              strlen ("application/x-www-form-urlencoded")) == 0;
}

/* json-glib parses recursively: refuse absurd nesting before parsing. */
#define MAX_JSON_DEPTH 64

static gboolean
depth_ok (const char *data,
          gsize       size)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < size; i++)
    {
      if (in_string)
        {
          if (data[i] == '\\')
            i++;
          else if (data[i] == '"')
            in_string = FALSE;
        }
      else if (data[i] == '"')
        in_string = TRUE;
      else if ((data[i] == '{' || data[i] == '[') && ++depth > MAX_JSON_DEPTH)
        return FALSE;
      else if ((data[i] == '}' || data[i] == ']') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* Bodies up to this size are parsed here when the caller passed no tree;
 * larger JSON bodies are kept as text excerpts with their tokens scrubbed
 * and secret-looking members blanked by a string scan. */
#define PARSE_FOR_EXCERPT_MAX (1024 * 1024)

static char *
redact_body (GBytes             *body,
             const char         *content_type,
             JsonNode           *json,
             gsize               max_size,
             const char * const *secrets)
{
  const char *data;
  gsize size;

  if (json != NULL)
    return roster_redact_json (json, max_size, secrets);

  if (body == NULL || g_bytes_get_size (body) == 0)
    return NULL;

  data = g_bytes_get_data (body, &size);

  if (is_json_type (content_type) && size <= PARSE_FOR_EXCERPT_MAX)
    {
      g_autoptr(JsonParser) parser = NULL;
      char *excerpt;

      /* Read only as far as the excerpt goes; json-glib (laxer) when
       * that is not strict JSON. */
      if ((excerpt = redact_json_text (data, size, max_size, secrets)) != NULL)
        return excerpt;

      parser = json_parser_new_immutable ();

      if (g_utf8_validate (data, size, NULL) && depth_ok (data, size) &&
          json_parser_load_from_data (parser, data, size, NULL) &&
          json_parser_get_root (parser) != NULL)
        return roster_redact_json (json_parser_get_root (parser), max_size, secrets);
    }

  if (is_form_type (content_type))
    {
      g_autofree char *text = g_utf8_make_valid (data, MIN (size, PARSE_FOR_EXCERPT_MAX));
      g_autoptr(GString) out = g_string_new (NULL);

      redact_params (out, text, secrets);
      return roster_redact_text (out->str, out->len, max_size, secrets);
    }

  /* Not JSON (or unparseable / too big to parse): a truncated, scrubbed
   * excerpt. A body that pretends to be JSON but did not parse may still
   * hold "token": "…" pairs, so blank everything after such a name. */
  {
    g_autofree char *text = roster_redact_text (data, size, max_size, secrets);
    GString *out = g_string_new (text);

    if (is_json_type (content_type) || text[0] == '{' || text[0] == '[')
      {
        /* Replace the string value after any quoted secret-looking name. */
        gsize pos = 0;

        while (pos < out->len)
          {
            char *quote = strchr (out->str + pos, '"');
            char *end;
            g_autofree char *name = NULL;

            if (quote == NULL)
              break;
            end = strchr (quote + 1, '"');
            if (end == NULL)
              break;

            name = g_strndup (quote + 1, end - quote - 1);
            pos = end - out->str + 1;

            if (roster_redact_is_secret_name (name))
              {
                const char *p = end + 1;
                gsize start;
                const char *v;

                while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
                  p++;
                if (*p != ':')
                  continue;
                p++;
                while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
                  p++;
                if (*p != '"')
                  continue;

                start = p - out->str;
                for (v = p + 1; *v && *v != '"'; v++)
                  if (*v == '\\' && v[1])
                    v++;
                g_string_erase (out, start, (*v ? v + 1 : v) - p);
                g_string_insert (out, start, "\"" ROSTER_REDACTED "\"");
                pos = start + strlen ("\"" ROSTER_REDACTED "\"");
              }
          }
      }

    return g_string_free (out, FALSE);
  }
}

/* ------------------------------------------------------------------------ */
/* RosterRequestRecord */

static void
roster_request_record_finalize (GObject *object)
{
  RosterRequestRecord *self = (RosterRequestRecord *) object;

  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->token_kind, g_free);
  g_clear_pointer (&self->request_excerpt, g_free);
  g_clear_pointer (&self->response_excerpt, g_free);

  G_OBJECT_CLASS (roster_request_record_parent_class)->finalize (object);
}

static void
roster_request_record_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RosterRequestRecord *self = ROSTER_REQUEST_RECORD (object);

  switch (prop_id)
    {
    case REC_PROP_TIME:             g_value_set_boxed (value, self->time); break;
    case REC_PROP_METHOD:           g_value_set_string (value, self->method); break;
    case REC_PROP_PATH:             g_value_set_string (value, self->path); break;
    case REC_PROP_STATUS:           g_value_set_uint (value, self->status); break;
    case REC_PROP_DURATION_US:      g_value_set_int64 (value, self->duration_us); break;
    case REC_PROP_REQUEST_BYTES:    g_value_set_uint64 (value, self->request_bytes); break;
    case REC_PROP_RESPONSE_BYTES:   g_value_set_uint64 (value, self->response_bytes); break;
    case REC_PROP_ERROR:            g_value_set_string (value, self->error); break;
    case REC_PROP_TOKEN_KIND:       g_value_set_string (value, self->token_kind); break;
    case REC_PROP_ATTEMPT:          g_value_set_uint (value, self->attempt); break;
    case REC_PROP_REQUEST_EXCERPT:  g_value_set_string (value, self->request_excerpt); break;
    case REC_PROP_RESPONSE_EXCERPT: g_value_set_string (value, self->response_excerpt); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_request_record_class_init (RosterRequestRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = roster_request_record_finalize;
  object_class->get_property = roster_request_record_get_property;

  record_properties[REC_PROP_TIME] =
    g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  record_properties[REC_PROP_METHOD] =
    g_param_spec_string ("method", NULL, NULL, NULL, flags);
  record_properties[REC_PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, flags);
  record_properties[REC_PROP_STATUS] =
    g_param_spec_uint ("status", NULL, NULL, 0, 999, 0, flags);
  record_properties[REC_PROP_DURATION_US] =
    g_param_spec_int64 ("duration-us", NULL, NULL, 0, G_MAXINT64, 0, flags);
  record_properties[REC_PROP_REQUEST_BYTES] =
    g_param_spec_uint64 ("request-bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  record_properties[REC_PROP_RESPONSE_BYTES] =
    g_param_spec_uint64 ("response-bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  record_properties[REC_PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, flags);
  record_properties[REC_PROP_TOKEN_KIND] =
    g_param_spec_string ("token-kind", NULL, NULL, NULL, flags);
  record_properties[REC_PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 1, flags);
  record_properties[REC_PROP_REQUEST_EXCERPT] =
    g_param_spec_string ("request-excerpt", NULL, NULL, NULL, flags);
  record_properties[REC_PROP_RESPONSE_EXCERPT] =
    g_param_spec_string ("response-excerpt", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, REC_N_PROPS, record_properties);
}

static void
roster_request_record_init (RosterRequestRecord *self)
{
}

GDateTime *
roster_request_record_get_time (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), NULL);
  return self->time;
}

const char *
roster_request_record_get_method (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), NULL);
  return self->method;
}

/**
 * roster_request_record_get_path:
 *
 * Returns: the URL path and query (redacted), without scheme and host
 */
const char *
roster_request_record_get_path (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), NULL);
  return self->path;
}

guint
roster_request_record_get_status (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), 0);
  return self->status;
}

gint64
roster_request_record_get_duration_us (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), 0);
  return self->duration_us;
}

guint64
roster_request_record_get_request_bytes (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), 0);
  return self->request_bytes;
}

guint64
roster_request_record_get_response_bytes (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), 0);
  return self->response_bytes;
}

const char *
roster_request_record_get_error (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), NULL);
  return self->error;
}

const char *
roster_request_record_get_token_kind (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), NULL);
  return self->token_kind;
}

guint
roster_request_record_get_attempt (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), 0);
  return self->attempt;
}

const char *
roster_request_record_get_request_excerpt (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), NULL);
  return self->request_excerpt;
}

const char *
roster_request_record_get_response_excerpt (RosterRequestRecord *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), NULL);
  return self->response_excerpt;
}

/**
 * roster_request_record_to_json:
 *
 * Returns: (transfer full): the record as a JSON object, as in the export:
 *   `time` (ISO 8601 UTC), `method`, `path`, `status` (null when no
 *   response came back), `duration_ms`, `request_bytes`, `response_bytes`,
 *   `token_kind`, `attempt`, `error`, `request_excerpt`, `response_excerpt`
 *   (null when absent)
 */
JsonNode *
roster_request_record_to_json (RosterRequestRecord *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (ROSTER_IS_REQUEST_RECORD (self), NULL);

  utc = g_date_time_to_utc (self->time);
  time = g_date_time_format_iso8601 (utc);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, self->method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, self->path);
  json_builder_set_member_name (builder, "status");
  if (self->status != 0)
    json_builder_add_int_value (builder, self->status);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_double_value (builder, self->duration_us / 1000.0);
  json_builder_set_member_name (builder, "request_bytes");
  json_builder_add_int_value (builder, self->request_bytes);
  json_builder_set_member_name (builder, "response_bytes");
  json_builder_add_int_value (builder, self->response_bytes);
  json_builder_set_member_name (builder, "token_kind");
  json_builder_add_string_value (builder, self->token_kind);
  json_builder_set_member_name (builder, "attempt");
  json_builder_add_int_value (builder, self->attempt);
  json_builder_set_member_name (builder, "error");
  if (self->error)
    json_builder_add_string_value (builder, self->error);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "request_excerpt");
  if (self->request_excerpt)
    json_builder_add_string_value (builder, self->request_excerpt);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "response_excerpt");
  if (self->response_excerpt)
    json_builder_add_string_value (builder, self->response_excerpt);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ------------------------------------------------------------------------ */
/* RosterRequestLog */

static GType
roster_request_log_get_item_type (GListModel *model)
{
  return ROSTER_TYPE_REQUEST_RECORD;
}

static guint
roster_request_log_get_n_items (GListModel *model)
{
  return ROSTER_REQUEST_LOG (model)->records->len;
}

static gpointer
roster_request_log_get_item (GListModel *model,
                             guint       position)
{
  RosterRequestLog *self = ROSTER_REQUEST_LOG (model);

  if (position >= self->records->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->records, position));
}

static void
roster_request_log_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = roster_request_log_get_item_type;
  iface->get_n_items = roster_request_log_get_n_items;
  iface->get_item = roster_request_log_get_item;
}

static void
roster_request_log_finalize (GObject *object)
{
  RosterRequestLog *self = (RosterRequestLog *) object;

  g_clear_pointer (&self->records, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_request_log_parent_class)->finalize (object);
}

static void
roster_request_log_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RosterRequestLog *self = ROSTER_REQUEST_LOG (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    case PROP_EXCERPT_SIZE:
      g_value_set_uint64 (value, self->excerpt_size);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->records->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_request_log_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RosterRequestLog *self = ROSTER_REQUEST_LOG (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      roster_request_log_set_capacity (self, g_value_get_uint (value));
      break;
    case PROP_EXCERPT_SIZE:
      roster_request_log_set_excerpt_size (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_request_log_class_init (RosterRequestLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_request_log_finalize;
  object_class->get_property = roster_request_log_get_property;
  object_class->set_property = roster_request_log_set_property;

  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL, 1, G_MAXUINT,
                       ROSTER_REQUEST_LOG_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_EXCERPT_SIZE] =
    g_param_spec_uint64 ("excerpt-size", NULL, NULL, 0, G_MAXUINT32,
                         ROSTER_REQUEST_LOG_DEFAULT_EXCERPT_SIZE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_request_log_init (RosterRequestLog *self)
{
  self->records = g_ptr_array_new_with_free_func (g_object_unref);
  self->capacity = ROSTER_REQUEST_LOG_DEFAULT_CAPACITY;
  self->excerpt_size = ROSTER_REQUEST_LOG_DEFAULT_EXCERPT_SIZE;
}

/**
 * roster_request_log_new:
 * @capacity: how many records to keep (oldest dropped first); 0 for the
 *   default (%ROSTER_REQUEST_LOG_DEFAULT_CAPACITY)
 *
 * Returns: (transfer full): a new, empty log
 */
RosterRequestLog *
roster_request_log_new (guint capacity)
{
  return g_object_new (ROSTER_TYPE_REQUEST_LOG,
                       "capacity", capacity ? capacity : ROSTER_REQUEST_LOG_DEFAULT_CAPACITY,
                       NULL);
}

guint
roster_request_log_get_capacity (RosterRequestLog *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_LOG (self), 0);
  return self->capacity;
}

static void
trim_to_capacity (RosterRequestLog *self)
{
  guint excess;

  if (self->records->len <= self->capacity)
    return;

  excess = self->records->len - self->capacity;
  g_ptr_array_remove_range (self->records, 0, excess);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, excess, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
roster_request_log_set_capacity (RosterRequestLog *self,
                                 guint             capacity)
{
  g_return_if_fail (ROSTER_IS_REQUEST_LOG (self));
  g_return_if_fail (capacity > 0);

  if (self->capacity == capacity)
    return;

  self->capacity = capacity;
  trim_to_capacity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
}

gsize
roster_request_log_get_excerpt_size (RosterRequestLog *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_LOG (self), 0);
  return self->excerpt_size;
}

/**
 * roster_request_log_set_excerpt_size:
 * @excerpt_size: bytes of each body to keep (after redaction); 0 keeps no
 *   body at all
 */
void
roster_request_log_set_excerpt_size (RosterRequestLog *self,
                                     gsize             excerpt_size)
{
  g_return_if_fail (ROSTER_IS_REQUEST_LOG (self));

  if (self->excerpt_size == excerpt_size)
    return;

  self->excerpt_size = excerpt_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXCERPT_SIZE]);
}

/**
 * roster_request_log_get_total:
 *
 * Returns: how many records were ever added (including those the ring
 *   dropped and those cleared)
 */
guint64
roster_request_log_get_total (RosterRequestLog *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_LOG (self), 0);
  return self->total;
}

/**
 * roster_request_log_add:
 * @entry: the exchange
 *
 * Redacts @entry and appends it, dropping the oldest record when the ring
 * is full. Emits #GListModel::items-changed.
 *
 * Returns: (transfer none): the record as kept
 */
RosterRequestRecord *
roster_request_log_add (RosterRequestLog            *self,
                        const RosterRequestLogEntry *entry)
{
  RosterRequestRecord *record;

  g_return_val_if_fail (ROSTER_IS_REQUEST_LOG (self), NULL);
  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (entry->method != NULL, NULL);

  record = g_object_new (ROSTER_TYPE_REQUEST_RECORD, NULL);
  record->time = entry->time ? g_date_time_ref (entry->time) : g_date_time_new_now_local ();
  record->method = g_strdup (entry->method);
  record->path = roster_redact_url (entry->url, entry->secrets);
  record->token_kind = g_strdup (entry->token_kind ? entry->token_kind : "none");
  record->status = entry->status;
  record->duration_us = MAX (entry->duration_us, 0);
  record->request_bytes = entry->request_bytes;
  record->response_bytes = entry->response_bytes;
  record->attempt = MAX (entry->attempt, 1);
  if (entry->error)
    record->error = roster_redact_text (entry->error, -1, 0, entry->secrets);
  if (self->excerpt_size > 0)
    {
      record->request_excerpt = redact_body (entry->request_body, entry->request_content_type,
                                             entry->request_json, self->excerpt_size,
                                             entry->secrets);
      record->response_excerpt = redact_body (entry->response_body,
                                              entry->response_content_type,
                                              entry->response_json, self->excerpt_size,
                                              entry->secrets);
    }

  g_ptr_array_add (self->records, record);
  self->total++;
  g_list_model_items_changed (G_LIST_MODEL (self), self->records->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  trim_to_capacity (self);

  return record;
}

void
roster_request_log_clear (RosterRequestLog *self)
{
  guint n;

  g_return_if_fail (ROSTER_IS_REQUEST_LOG (self));

  n = self->records->len;
  if (n == 0)
    return;

  g_ptr_array_set_size (self->records, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * roster_request_log_to_json:
 *
 * The export format, version 1:
 * `{ "roster_request_log": 1, "exported_at": "…", "capacity": N,
 *    "total": N, "records": [ <roster_request_record_to_json()>, … ] }`,
 * oldest record first.
 *
 * Returns: (transfer full): the log as pretty-printed JSON
 */
char *
roster_request_log_to_json (RosterRequestLog *self)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *exported_at = NULL;

  g_return_val_if_fail (ROSTER_IS_REQUEST_LOG (self), NULL);

  now = g_date_time_new_now_utc ();
  exported_at = g_date_time_format_iso8601 (now);
  builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "roster_request_log");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, exported_at);
  json_builder_set_member_name (builder, "capacity");
  json_builder_add_int_value (builder, self->capacity);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, self->total);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->records->len; i++)
    json_builder_add_value (builder,
                            roster_request_record_to_json (g_ptr_array_index (self->records, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, error->code,
                                 _("Could not save the request log to “%s”: %s"),
                                 name, error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * roster_request_log_save_async:
 * @file: where to write the export (replaced; created private, mode 0600)
 *
 * Writes roster_request_log_to_json() to @file.
 */
void
roster_request_log_save_async (RosterRequestLog    *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *json;

  g_return_if_fail (ROSTER_IS_REQUEST_LOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_request_log_save_async);

  json = roster_request_log_to_json (self);
  bytes = g_bytes_new_take (json, strlen (json));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, save_cb, g_steal_pointer (&task));
}

/**
 * roster_request_log_save_finish:
 *
 * Returns: %TRUE when written; %FALSE with a #GIOError otherwise
 */
gboolean
roster_request_log_save_finish (RosterRequestLog  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_LOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
