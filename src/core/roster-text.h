/* roster-text.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text helpers shared by reconcile, the report and the IdP import.
 *
 * Identity values (extern_uids, NameIDs, usernames) come from servers and
 * files we do not control. They are compared as bytes for equality; the
 * case-insensitive comparisons use roster_text_fold_key(), which is
 * g_utf8_casefold() for valid UTF-8 (full Unicode case folding, no
 * normalisation: a precomposed "é" and "e" + U+0301 stay different, as they
 * are to GitLab) and ASCII-only folding of the raw bytes otherwise. Nothing
 * here crashes on invalid UTF-8: for display, invalid bytes and control
 * characters are escaped as \xNN. */

char   *roster_text_fold_key        (const char *value);
gboolean roster_text_equal_folded   (const char *a,
                                     const char *b);
char   *roster_text_escape          (const char *value);
gsize   roster_text_width           (const char *text);
char   *roster_text_truncate        (const char *text,
                                     gsize       width);
char   *roster_text_pad             (const char *text,
                                     gsize       width);

G_END_DECLS
