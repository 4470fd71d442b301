/* roster-test-utils.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Absolute path of a file under tests/data (ROSTER_TEST_DATA). */
char     *roster_test_data_path    (const char *first_element,
                                    ...) G_GNUC_NULL_TERMINATED;

/* Iterate the default main context until *flag is TRUE, or fail the test
 * after timeout_ms (a safety net against hangs, not a speed assertion). */
void      roster_test_wait_for     (gboolean   *flag,
                                    guint       timeout_ms);

/* Drop the caller's reference to object and iterate the default main
 * context until it is finalized, or fail the test (after a safety-net
 * timeout scaled like roster_test_wait_for()'s). For objects that a worker
 * thread's GTask may hold for a moment after the main thread got its
 * result, where g_assert_finalize_object() would race that thread. */
void      roster_test_finalize_eventually (gpointer object);

/* TRUE when a session bus is there (the headless wrapper provides one);
 * otherwise marks the current test skipped and returns FALSE. */
gboolean  roster_test_require_bus  (void);

G_END_DECLS
