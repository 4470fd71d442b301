/* sandbox-test-http.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "roster-sandbox-private.h"

G_BEGIN_DECLS

/* A small HTTP client for the sandbox's contract tests: real requests on
 * 127.0.0.1 with the async libsoup API, the main context iterated until
 * the answer is there. */

typedef struct
{
  guint               status;
  char               *content_type;   /* without parameters */
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;           /* NULL when the body is not JSON */
} TestResponse;

void          test_response_free   (TestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestResponse, test_response_free)

/* method and path relative to the sandbox URL ("/api/scim/v2/…", already
 * percent-encoded); token as "Authorization: Bearer" (NULL for none); body
 * sent as content_type when not NULL. */
TestResponse *test_request         (SoupSession   *session,
                                    RosterSandbox *sandbox,
                                    const char    *method,
                                    const char    *path,
                                    const char    *token,
                                    const char    *content_type,
                                    const char    *body);

/* Parses a file of tests/data. */
JsonNode     *test_load_json       (const char    *first_element,
                                    ...) G_GNUC_NULL_TERMINATED;

/* Asserts that two JSON trees are equal, object members in the same order. */
void          test_assert_json_equal (JsonNode    *expected,
                                    JsonNode      *actual);

/* Shorthands. */
const char   *test_json_string     (JsonNode      *node,
                                    const char    *path);
gint64        test_json_int        (JsonNode      *node,
                                    const char    *path);

/* Stops the sandbox and drains the main context (libsoup leak rule). */
void          test_shutdown        (SoupSession   *session,
                                    RosterSandbox *sandbox);

G_END_DECLS
