/* roster-json-reader.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "roster-json-private.h"

G_BEGIN_DECLS

/* A one-pass pull reader of JSON text, without a tree: private to
 * libroster-core (not installed), for the readers of big API documents
 * (roster-identity-reader.c, roster-member-reader.c).
 *
 * It reads exactly RFC 8259 JSON. json-glib is laxer (it takes comments,
 * single quotes, unknown escapes, leading zeros, raw control characters in
 * strings and a byte order mark, and cuts a string at \u0000): a body
 * json-glib rejects is rejected here too, with a ROSTER_ERROR_PROTOCOL
 * error naming the line and column. Containers nest at most
 * ROSTER_HTTP_MAX_JSON_DEPTH levels, as RosterHttp allows.
 *
 * Use: roster_json_reader_init(), then walk the document with
 * roster_json_reader_peek() (what comes next), roster_json_reader_next_element()
 * and roster_json_reader_next_member() (containers to descend into) and
 * roster_json_reader_read_value() (any value: scalars are kept in a
 * RosterJsonField, containers checked and skipped), then
 * roster_json_reader_end(), then roster_json_reader_clear(). Every value
 * must be consumed, by one of these, before the next is asked for.
 *
 *   RosterJsonReader r;
 *   guint i = 0;
 *
 *   if (!roster_json_reader_init (&r, data, size))
 *     goto out;                                  // r.error is set
 *   if (roster_json_reader_peek (&r) != '[')
 *     ...                                        // not a list
 *   while (roster_json_reader_next_element (&r, &i))
 *     {
 *       guint n = 0;
 *
 *       if (roster_json_reader_peek (&r) != '{')
 *         roster_json_reader_read_value (&r, NULL);  // not an object
 *       else
 *         while (roster_json_reader_next_member (&r, &n, key))
 *           roster_json_reader_read_value (&r, is_wanted (key) ? &field : NULL);
 *     }
 *   roster_json_reader_end (&r);
 *   out:
 *   if (r.error != NULL) ...                     // the first syntax error
 *   roster_json_reader_clear (&r);
 *
 * After an error, every call returns %FALSE (peek: '\0') at once: a loop
 * ends, and the error is the first one met. Safe to use from any thread
 * (one reader per thread). */

/**
 * RosterJsonValueKind:
 * @ROSTER_JSON_VALUE_ABSENT: nothing was read (a member not in the object)
 * @ROSTER_JSON_VALUE_NULL: `null`
 * @ROSTER_JSON_VALUE_STRING: a string
 * @ROSTER_JSON_VALUE_INT: a whole number that fits a #gint64 (no fraction,
 *   no exponent: `1.0` and `1e3` are @ROSTER_JSON_VALUE_DOUBLE, as in json-glib)
 * @ROSTER_JSON_VALUE_BIG_INT: a whole number outside #gint64
 * @ROSTER_JSON_VALUE_DOUBLE: a number with a fraction or an exponent
 * @ROSTER_JSON_VALUE_TRUE: `true`
 * @ROSTER_JSON_VALUE_FALSE: `false`
 * @ROSTER_JSON_VALUE_OBJECT: an object (skipped by roster_json_reader_read_value())
 * @ROSTER_JSON_VALUE_ARRAY: an array (skipped by roster_json_reader_read_value())
 */
typedef enum
{
  ROSTER_JSON_VALUE_ABSENT,
  ROSTER_JSON_VALUE_NULL,
  ROSTER_JSON_VALUE_STRING,
  ROSTER_JSON_VALUE_INT,
  ROSTER_JSON_VALUE_BIG_INT,
  ROSTER_JSON_VALUE_DOUBLE,
  ROSTER_JSON_VALUE_TRUE,
  ROSTER_JSON_VALUE_FALSE,
  ROSTER_JSON_VALUE_OBJECT,
  ROSTER_JSON_VALUE_ARRAY,
} RosterJsonValueKind;

/**
 * RosterJsonField:
 * @kind: what was read
 * @number: the value, for %ROSTER_JSON_VALUE_INT
 * @text: the decoded string, for %ROSTER_JSON_VALUE_STRING (valid UTF-8,
 *   never holds NUL); owned, allocated by roster_json_field_init()
 * @token: for a number (%ROSTER_JSON_VALUE_INT, _BIG_INT, _DOUBLE), the
 *   number as written, in the document (not NUL-terminated)
 * @token_len: its length
 *
 * One value as roster_json_reader_read_value() keeps it: reusable, set
 * @kind to %ROSTER_JSON_VALUE_ABSENT (roster_json_field_reset()) before
 * reading each record.
 */
typedef struct
{
  RosterJsonValueKind  kind;
  gint64               number;
  GString             *text;
  const char          *token;
  gsize                token_len;
} RosterJsonField;

/**
 * RosterJsonReader:
 * @error: the first syntax error, or %NULL; owned (steal it, or
 *   roster_json_reader_clear() frees it)
 *
 * The reader's state, on the stack. The other members are private.
 */
typedef struct
{
  const char *data;
  const char *p;
  const char *end;
  guint       depth;
  GError     *error;
  gboolean    check_strings;
} RosterJsonReader;

G_GNUC_INTERNAL
gboolean roster_json_reader_init          (RosterJsonReader  *self,
                                           const char        *data,
                                           gsize              size);
G_GNUC_INTERNAL
gboolean roster_json_reader_init_partial  (RosterJsonReader  *self,
                                           const char        *data,
                                           gsize              size);
G_GNUC_INTERNAL
void     roster_json_reader_clear         (RosterJsonReader  *self);

G_GNUC_INTERNAL
char     roster_json_reader_peek          (RosterJsonReader  *self);
G_GNUC_INTERNAL
gboolean roster_json_reader_read_value    (RosterJsonReader  *self,
                                           RosterJsonField   *field);
G_GNUC_INTERNAL
gboolean roster_json_reader_next_element  (RosterJsonReader  *self,
                                           guint             *index);
G_GNUC_INTERNAL
gboolean roster_json_reader_next_member   (RosterJsonReader  *self,
                                           guint             *index,
                                           GString           *name);
G_GNUC_INTERNAL
gboolean roster_json_reader_end           (RosterJsonReader  *self);

/**
 * RosterJsonRecordFunc:
 * @reader: the reader, on the opening `{` of a record
 * @name: a buffer for the record's member names, reused from record to
 *   record
 * @user_data: the closure given to roster_json_reader_parse_list()
 * @error: where a record error goes
 *
 * Reads one record object, through its closing `}`, and checks it. A
 * syntax error stays in @reader (return %NULL, leave @error alone); a
 * record that is valid JSON but not a valid record sets @error.
 *
 * Returns: (transfer full) (nullable): the item made of the record
 */
typedef gpointer (*RosterJsonRecordFunc) (RosterJsonReader  *reader,
                                          GString           *name,
                                          gpointer           user_data,
                                          GError           **error);

G_GNUC_INTERNAL
GPtrArray *roster_json_reader_parse_list  (const char            *data,
                                           gsize                  size,
                                           const char            *what,
                                           RosterJsonRecordFunc   read_record,
                                           gpointer               user_data,
                                           GDestroyNotify         item_free,
                                           GError               **error);

G_GNUC_INTERNAL
void     roster_json_field_init           (RosterJsonField   *field);
G_GNUC_INTERNAL
void     roster_json_field_clear          (RosterJsonField   *field);
G_GNUC_INTERNAL
void     roster_json_field_reset          (RosterJsonField   *field);

/* The checks of roster-json-private.h's roster_json_get_*() on a field
 * read by roster_json_reader_read_value(): same flags, same outcome, same
 * detail messages ("user_id is not a number"), so that a reader rejects a
 * record exactly as the json-glib parser of the same record does. A whole
 * number outside gint64 (which json-glib does not read) is "out of range". */
G_GNUC_INTERNAL
gboolean roster_json_field_get_string     (const RosterJsonField  *field,
                                           const char             *label,
                                           RosterJsonFlags         flags,
                                           char                  **out,
                                           GError                **error);
G_GNUC_INTERNAL
gboolean roster_json_field_get_int        (const RosterJsonField  *field,
                                           const char             *label,
                                           RosterJsonFlags         flags,
                                           gint64                  min,
                                           gint64                  max,
                                           gint64                 *out,
                                           gboolean               *present,
                                           GError                **error);
G_GNUC_INTERNAL
gboolean roster_json_field_get_boolean    (const RosterJsonField  *field,
                                           const char             *label,
                                           RosterJsonFlags         flags,
                                           gboolean               *out,
                                           gboolean               *present,
                                           GError                **error);
G_GNUC_INTERNAL
gboolean roster_json_field_check_object   (const RosterJsonField  *field,
                                           const char             *label,
                                           RosterJsonFlags         flags,
                                           GError                **error);

G_END_DECLS
