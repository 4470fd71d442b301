/* json-reference.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "roster-gitlab-types.h"

G_BEGIN_DECLS

/* The oracle of the one-pass readers' differential tests: a body read the
 * way the client read it before, through RosterHttp's checks and
 * json-glib's tree; the comparison of a reader with it; and the pieces the
 * tests generate documents from. */

void        json_reference_note (const char  *prefix,
                                 const char  *text);
JsonParser *json_reference_load (const char  *text,
                                 gsize        size,
                                 gboolean     check_depth,
                                 GError     **error);

/* What one side made of a document. */
typedef struct
{
  GPtrArray *list;    /* NULL on error */
  GError    *error;
  gboolean   syntax;  /* the error is about the JSON, not a record */
} JsonReferenceOutcome;

/* A reader under test, and what it is compared with. */
typedef struct
{
  /* The one-pass reader: a list, or %NULL with @error set. */
  GPtrArray  *(*read)        (const char  *text,
                              gsize        size,
                              GError     **error);
  /* The tree parser the client used before, on json-glib's root. */
  GPtrArray  *(*parse)       (JsonNode    *root,
                              GError     **error);
  /* Whether RosterHttp checked the body's nesting before json-glib. */
  gboolean      check_depth;
  /* Asserts that two lists hold the same records. */
  void        (*assert_same) (GPtrArray   *expected,
                              GPtrArray   *got);
  /* The note before the assertion when the two messages differ. */
  const char   *differs;
} JsonReferenceReader;

void     json_reference_outcome_clear       (JsonReferenceOutcome       *o);
void     json_reference_read                (const JsonReferenceReader  *reader,
                                             const char                 *text,
                                             gsize                       size,
                                             JsonReferenceOutcome       *o);
void     json_reference_parse               (const JsonReferenceReader  *reader,
                                             const char                 *text,
                                             gsize                       size,
                                             JsonReferenceOutcome       *o);
gboolean json_reference_agree_len           (const JsonReferenceReader  *reader,
                                             const char                 *text,
                                             gsize                       size,
                                             gboolean                    strict);
gboolean json_reference_agree               (const JsonReferenceReader  *reader,
                                             const char                 *text);
void     json_reference_assert_truncations  (const JsonReferenceReader  *reader,
                                             const char                 *text,
                                             gsize                       size,
                                             guint                       sample);
void     json_reference_assert_valid        (const JsonReferenceReader  *reader,
                                             const char *const          *texts,
                                             guint                       n);
void     json_reference_assert_invalid_json (const JsonReferenceReader  *reader,
                                             const char *const          *texts,
                                             guint                       n);
void     json_reference_assert_lax_json     (const JsonReferenceReader  *reader,
                                             const char *const          *texts,
                                             guint                       n);

void json_reference_assert_same_identity (const RosterGitlabIdentity *x,
                                          const RosterGitlabIdentity *y);

/* Generated documents, from g_test_rand_*(): the same seed, the same
 * documents. */

/* Writes field @field (below the n_fields given to
 * json_reference_append_object()) as `"key":value`. */
typedef void (*JsonReferenceFieldFunc) (GString  *s,
                                        guint     field,
                                        gpointer  user_data);

void json_reference_append_ws            (GString                *s);
void json_reference_append_string        (GString                *s,
                                          guint                   max_length,
                                          gboolean                every_escape);
void json_reference_append_object        (GString                *s,
                                          guint                   n_fields,
                                          guint                   n_unknown,
                                          JsonReferenceFieldFunc  append_field,
                                          gpointer                user_data);
void json_reference_append_page          (GString                *s,
                                          guint                   max_items,
                                          void                  (*append_item) (GString *s));

G_END_DECLS
