/* main.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-main"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RosterApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = roster_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
