/* roster-json-private.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "roster-error.h"

G_BEGIN_DECLS

/* Defensive readers of server JSON, shared by the parsers of libroster-core.
 *
 * json-glib's own getters emit criticals (fatal in tests) when a node has an
 * unexpected type, and silently convert between numbers, booleans and
 * strings. These helpers check the node type first and report any mismatch
 * as a ROSTER_ERROR_PROTOCOL error whose message is a short "detail" naming
 * the field ("user_id is not a number"); the parsers wrap it into a sentence
 * with roster_json_wrap_error(). */

typedef enum
{
  ROSTER_JSON_OPTIONAL = 0,       /* absent is fine: the output keeps its default */
  ROSTER_JSON_REQUIRED = 1 << 0,  /* absent is an error */
  ROSTER_JSON_NULLABLE = 1 << 1,  /* null is fine (output: NULL / default) */
  ROSTER_JSON_NON_EMPTY = 1 << 2, /* strings: "" is an error */
  ROSTER_JSON_LENIENT = 1 << 3,   /* numbers: a string of digits is accepted too;
                                     booleans: "true"/"false" in any case too */
} RosterJsonFlags;

/* Largest id accepted: 2^53, beyond any real database id and exactly
 * representable by every JSON implementation. */
#define ROSTER_JSON_MAX_ID G_GINT64_CONSTANT (9007199254740992)

G_GNUC_INTERNAL
JsonObject *roster_json_node_get_object   (JsonNode        *node);
G_GNUC_INTERNAL
JsonArray  *roster_json_node_get_array    (JsonNode        *node);
G_GNUC_INTERNAL
gboolean    roster_json_node_is_null      (JsonNode        *node);

G_GNUC_INTERNAL
gboolean    roster_json_get_string        (JsonObject      *object,
                                           const char      *member,
                                           const char      *label,
                                           RosterJsonFlags  flags,
                                           char           **out,
                                           GError         **error);
G_GNUC_INTERNAL
gboolean    roster_json_get_int           (JsonObject      *object,
                                           const char      *member,
                                           const char      *label,
                                           RosterJsonFlags  flags,
                                           gint64           min,
                                           gint64           max,
                                           gint64          *out,
                                           gboolean        *present,
                                           GError         **error);
G_GNUC_INTERNAL
gboolean    roster_json_get_boolean       (JsonObject      *object,
                                           const char      *member,
                                           const char      *label,
                                           RosterJsonFlags  flags,
                                           gboolean        *out,
                                           gboolean        *present,
                                           GError         **error);
G_GNUC_INTERNAL
gboolean    roster_json_get_object        (JsonObject      *object,
                                           const char      *member,
                                           const char      *label,
                                           RosterJsonFlags  flags,
                                           JsonObject     **out,
                                           GError         **error);
G_GNUC_INTERNAL
gboolean    roster_json_get_array         (JsonObject      *object,
                                           const char      *member,
                                           const char      *label,
                                           RosterJsonFlags  flags,
                                           JsonArray      **out,
                                           GError         **error);

/* Number (or, leniently, numeric string) held by a bare node. */
G_GNUC_INTERNAL
gboolean    roster_json_node_to_int       (JsonNode        *node,
                                           const char      *label,
                                           RosterJsonFlags  flags,
                                           gint64           min,
                                           gint64           max,
                                           gint64          *out,
                                           GError         **error);

/* Turns a detail error into "The server's WHAT is not in the expected
 * form (DETAIL)" ; item is 1-based, 0 for "not an item of a list". */
G_GNUC_INTERNAL
void        roster_json_wrap_error        (GError         **error,
                                           const char      *what,
                                           guint            item);

/* Sets a detail error. */
G_GNUC_INTERNAL
void        roster_json_set_detail        (GError         **error,
                                           const char      *format,
                                           ...) G_GNUC_PRINTF (2, 3);

G_GNUC_INTERNAL
gboolean    roster_json_check_depth       (const char      *data,
                                           gsize            size,
                                           guint            max_depth);

G_END_DECLS
