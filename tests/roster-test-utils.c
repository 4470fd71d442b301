/* roster-test-utils.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-test-utils"

#include "config.h"

#include "roster-test-utils.h"

char *
roster_test_data_path (const char *first_element,
                       ...)
{
  const char *base = g_getenv ("ROSTER_TEST_DATA");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_assert_nonnull (base);
  g_ptr_array_add (parts, (gpointer) base);
  g_ptr_array_add (parts, (gpointer) first_element);

  va_start (args, first_element);
  for (const char *part = va_arg (args, const char *); part; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);

  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* The sanitizer setup runs everything several times slower, and a loaded
 * machine slower still: ROSTER_TEST_TIMEOUT_SCALE (set by the "asan" test
 * setup) stretches every safety-net timeout instead of each test guessing. */
static guint
scale_timeout (guint timeout_ms)
{
  const char *scale = g_getenv ("ROSTER_TEST_TIMEOUT_SCALE");
  guint64 factor = scale ? g_ascii_strtoull (scale, NULL, 10) : 1;

  factor = CLAMP (factor, 1, 100);
  return (guint) MIN ((guint64) timeout_ms * factor, G_MAXUINT);
}

void
roster_test_wait_for (gboolean *flag,
                      guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id;

  timeout_ms = scale_timeout (timeout_ms);
  id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  else
    g_error ("timed out after %u ms waiting for a condition", timeout_ms);
}

void
roster_test_finalize_eventually (gpointer object)
{
  gpointer weak = object;
  gint64 deadline;

  g_assert_true (G_IS_OBJECT (object));

  deadline = g_get_monotonic_time () + (gint64) scale_timeout (10000) * 1000;
  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  while (weak != NULL && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  if (weak != NULL)
    g_error ("%s was not finalized", G_OBJECT_TYPE_NAME (weak));
}

gboolean
roster_test_require_bus (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no D-Bus session bus (run through tests/run-headless.sh)");
      return FALSE;
    }
  return TRUE;
}
