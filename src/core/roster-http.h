/* roster-http.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-request-log.h"

G_BEGIN_DECLS

/**
 * RosterTokenKind:
 * @ROSTER_TOKEN_NONE: no credentials are sent
 * @ROSTER_TOKEN_SCIM: the group SCIM token, sent as `Authorization: Bearer`;
 *   the request also asks for `application/scim+json`
 * @ROSTER_TOKEN_API: a GitLab personal/group access token, sent as
 *   `PRIVATE-TOKEN`
 *
 * Which of the account's tokens a request carries. Tokens are kept in memory
 * by #RosterHttp only; they are never logged nor recorded.
 */
typedef enum
{
  ROSTER_TOKEN_NONE,
  ROSTER_TOKEN_SCIM,
  ROSTER_TOKEN_API,
} RosterTokenKind;

const char *roster_token_kind_to_string (RosterTokenKind kind);

/* ------------------------------------------------------------------------ */
/* RosterHttpRequest: what to send (boxed, reference counted, not thread-safe) */

typedef struct _RosterHttpRequest RosterHttpRequest;

#define ROSTER_TYPE_HTTP_REQUEST (roster_http_request_get_type ())
GType               roster_http_request_get_type       (void) G_GNUC_CONST;

RosterHttpRequest  *roster_http_request_new            (const char        *method,
                                                        const char        *path);
RosterHttpRequest  *roster_http_request_ref            (RosterHttpRequest *self);
void                roster_http_request_unref          (RosterHttpRequest *self);
const char         *roster_http_request_get_method     (RosterHttpRequest *self);
const char         *roster_http_request_get_path       (RosterHttpRequest *self);
void                roster_http_request_set_token_kind (RosterHttpRequest *self,
                                                        RosterTokenKind    kind);
RosterTokenKind     roster_http_request_get_token_kind (RosterHttpRequest *self);
void                roster_http_request_add_query      (RosterHttpRequest *self,
                                                        const char        *name,
                                                        const char        *value);
void                roster_http_request_add_query_int  (RosterHttpRequest *self,
                                                        const char        *name,
                                                        gint64             value);
char               *roster_http_request_dup_path_and_query (RosterHttpRequest *self);
void                roster_http_request_set_header     (RosterHttpRequest *self,
                                                        const char        *name,
                                                        const char        *value);
void                roster_http_request_set_json_body  (RosterHttpRequest *self,
                                                        JsonNode          *body,
                                                        const char        *content_type);
void                roster_http_request_set_raw_json   (RosterHttpRequest *self,
                                                        gboolean           raw);
void                roster_http_request_add_form_field (RosterHttpRequest *self,
                                                        const char        *name,
                                                        const char        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterHttpRequest, roster_http_request_unref)

/* ------------------------------------------------------------------------ */
/* RosterHttpResponse: what came back (boxed, reference counted, immutable) */

typedef struct _RosterHttpResponse RosterHttpResponse;

#define ROSTER_TYPE_HTTP_RESPONSE (roster_http_response_get_type ())
GType               roster_http_response_get_type         (void) G_GNUC_CONST;

RosterHttpResponse *roster_http_response_ref              (RosterHttpResponse *self);
void                roster_http_response_unref            (RosterHttpResponse *self);
guint               roster_http_response_get_status       (RosterHttpResponse *self);
gboolean            roster_http_response_is_success       (RosterHttpResponse *self);
const char         *roster_http_response_get_method       (RosterHttpResponse *self);
const char         *roster_http_response_get_url          (RosterHttpResponse *self);
const char         *roster_http_response_get_header       (RosterHttpResponse *self,
                                                           const char         *name);
SoupMessageHeaders *roster_http_response_get_headers      (RosterHttpResponse *self);
const char         *roster_http_response_get_content_type (RosterHttpResponse *self);
GBytes             *roster_http_response_get_body         (RosterHttpResponse *self);
gboolean            roster_http_response_is_json          (RosterHttpResponse *self);
gboolean            roster_http_response_declares_json    (RosterHttpResponse *self);
JsonNode           *roster_http_response_get_json         (RosterHttpResponse *self);
guint               roster_http_response_get_attempts     (RosterHttpResponse *self);
const char         *roster_http_response_get_server_message (RosterHttpResponse *self);
char               *roster_http_response_dup_link         (RosterHttpResponse *self,
                                                           const char         *rel);
guint               roster_http_response_get_retry_after  (RosterHttpResponse *self);
gboolean            roster_http_response_to_error         (RosterHttpResponse *self,
                                                           GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterHttpResponse, roster_http_response_unref)

/* ------------------------------------------------------------------------ */
/* RosterHttp: one SoupSession per account */

#define ROSTER_HTTP_DEFAULT_MAX_CONCURRENT   4
#define ROSTER_HTTP_DEFAULT_MAX_ATTEMPTS     5
#define ROSTER_HTTP_DEFAULT_MAX_WAIT_MS      (60 * 1000)
#define ROSTER_HTTP_DEFAULT_BASE_DELAY_MS    500
#define ROSTER_HTTP_DEFAULT_MAX_BODY_SIZE    (64 * 1024 * 1024)
#define ROSTER_HTTP_DEFAULT_TIMEOUT_SECONDS  60
#define ROSTER_HTTP_MAX_JSON_DEPTH           64
#define ROSTER_HTTP_MAX_REDIRECTS            5

#define ROSTER_TYPE_HTTP (roster_http_get_type ())
G_DECLARE_FINAL_TYPE (RosterHttp, roster_http, ROSTER, HTTP, GObject)

gboolean            roster_http_check_url              (const char          *url,
                                                        GError             **error);
RosterHttp         *roster_http_new                    (const char          *base_url,
                                                        RosterRequestLog    *log,
                                                        GError             **error);
const char         *roster_http_get_base_url           (RosterHttp          *self);
RosterRequestLog   *roster_http_get_request_log        (RosterHttp          *self);
void                roster_http_set_token              (RosterHttp          *self,
                                                        RosterTokenKind      kind,
                                                        const char          *token);
gboolean            roster_http_has_token              (RosterHttp          *self,
                                                        RosterTokenKind      kind);
void                roster_http_set_max_concurrent     (RosterHttp          *self,
                                                        guint                max_concurrent);
guint               roster_http_get_max_concurrent     (RosterHttp          *self);
void                roster_http_set_retry_policy       (RosterHttp          *self,
                                                        guint                max_attempts,
                                                        guint                base_delay_ms,
                                                        guint                max_wait_ms);
void                roster_http_set_max_body_size      (RosterHttp          *self,
                                                        gsize                max_body_size);
void                roster_http_set_timeout            (RosterHttp          *self,
                                                        guint                seconds);
void                roster_http_set_tls_database       (RosterHttp          *self,
                                                        GTlsDatabase        *database);
void                roster_http_request_async          (RosterHttp          *self,
                                                        RosterHttpRequest   *request,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
RosterHttpResponse *roster_http_request_finish         (RosterHttp          *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Helpers for building paths and queries (RFC 3986 percent-encoding). */
char               *roster_http_escape_segment         (const char          *segment);
char               *roster_http_escape_query_value     (const char          *value);

G_END_DECLS
