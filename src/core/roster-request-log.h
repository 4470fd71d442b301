/* roster-request-log.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ROSTER_REQUEST_LOG_DEFAULT_CAPACITY      1000
#define ROSTER_REQUEST_LOG_DEFAULT_EXCERPT_SIZE  4096
#define ROSTER_REDACTED                          "[REDACTED]"

/* ------------------------------------------------------------------------ */
/* RosterRequestRecord: one HTTP exchange (immutable, already redacted) */

#define ROSTER_TYPE_REQUEST_RECORD (roster_request_record_get_type ())
G_DECLARE_FINAL_TYPE (RosterRequestRecord, roster_request_record, ROSTER, REQUEST_RECORD, GObject)

GDateTime  *roster_request_record_get_time             (RosterRequestRecord *self);
const char *roster_request_record_get_method           (RosterRequestRecord *self);
const char *roster_request_record_get_path             (RosterRequestRecord *self);
guint       roster_request_record_get_status           (RosterRequestRecord *self);
gint64      roster_request_record_get_duration_us      (RosterRequestRecord *self);
guint64     roster_request_record_get_request_bytes    (RosterRequestRecord *self);
guint64     roster_request_record_get_response_bytes   (RosterRequestRecord *self);
const char *roster_request_record_get_error            (RosterRequestRecord *self);
const char *roster_request_record_get_token_kind       (RosterRequestRecord *self);
guint       roster_request_record_get_attempt          (RosterRequestRecord *self);
const char *roster_request_record_get_request_excerpt  (RosterRequestRecord *self);
const char *roster_request_record_get_response_excerpt (RosterRequestRecord *self);
JsonNode   *roster_request_record_to_json              (RosterRequestRecord *self);

/* ------------------------------------------------------------------------ */
/* RosterRequestLog: a bounded ring of records, oldest first (a GListModel) */

/**
 * RosterRequestLogEntry:
 * @time: (nullable): when the exchange started; %NULL for now
 * @method: HTTP method
 * @url: the URL, absolute or path + query; only path + query are kept
 * @token_kind: "none", "scim" or "api" (never the token itself)
 * @status: HTTP status, 0 when no response came back
 * @duration_us: how long the exchange took
 * @request_bytes: size of the request body
 * @response_bytes: size of the response body received
 * @error: (nullable): why the exchange failed
 * @attempt: 1 for the first try, 2… for retries and redirects
 * @request_body: (nullable): the body sent
 * @request_content_type: (nullable): its media type
 * @request_json: (nullable): the same body, already parsed (saves a parse)
 * @response_body: (nullable): the body received
 * @response_content_type: (nullable): its media type
 * @response_json: (nullable): the same body, already parsed
 * @secrets: (nullable) (array zero-terminated=1): token values to scrub
 *   from anything recorded
 *
 * What the HTTP layer hands to roster_request_log_add(). The log redacts
 * everything before it keeps it: request headers are never part of an entry.
 */
typedef struct
{
  GDateTime          *time;
  const char         *method;
  const char         *url;
  const char         *token_kind;
  guint               status;
  gint64              duration_us;
  guint64             request_bytes;
  guint64             response_bytes;
  const char         *error;
  guint               attempt;
  GBytes             *request_body;
  const char         *request_content_type;
  JsonNode           *request_json;
  GBytes             *response_body;
  const char         *response_content_type;
  JsonNode           *response_json;
  const char * const *secrets;
} RosterRequestLogEntry;

#define ROSTER_TYPE_REQUEST_LOG (roster_request_log_get_type ())
G_DECLARE_FINAL_TYPE (RosterRequestLog, roster_request_log, ROSTER, REQUEST_LOG, GObject)

RosterRequestLog    *roster_request_log_new              (guint                       capacity);
guint                roster_request_log_get_capacity     (RosterRequestLog           *self);
void                 roster_request_log_set_capacity     (RosterRequestLog           *self,
                                                          guint                       capacity);
gsize                roster_request_log_get_excerpt_size (RosterRequestLog           *self);
void                 roster_request_log_set_excerpt_size (RosterRequestLog           *self,
                                                          gsize                       excerpt_size);
guint64              roster_request_log_get_total        (RosterRequestLog           *self);
RosterRequestRecord *roster_request_log_add              (RosterRequestLog           *self,
                                                          const RosterRequestLogEntry *entry);
void                 roster_request_log_clear            (RosterRequestLog           *self);
char                *roster_request_log_to_json          (RosterRequestLog           *self);
void                 roster_request_log_save_async       (RosterRequestLog           *self,
                                                          GFile                      *file,
                                                          GCancellable               *cancellable,
                                                          GAsyncReadyCallback         callback,
                                                          gpointer                    user_data);
gboolean             roster_request_log_save_finish      (RosterRequestLog           *self,
                                                          GAsyncResult               *result,
                                                          GError                    **error);

/* Redaction helpers, shared with anything else that must show a body. */
gboolean             roster_redact_is_secret_name        (const char                 *name);
char                 *roster_redact_url                  (const char                 *url,
                                                          const char * const         *secrets);
char                 *roster_redact_text                 (const char                 *text,
                                                          gssize                      length,
                                                          gsize                       max_size,
                                                          const char * const         *secrets);
char                 *roster_redact_json                 (JsonNode                   *node,
                                                          gsize                       max_size,
                                                          const char * const         *secrets);

G_END_DECLS
