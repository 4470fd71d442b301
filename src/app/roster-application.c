/* roster-application.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-application"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-application.h"
#include "roster-bench.h"
#include "roster-window.h"

struct _RosterApplication
{
  AdwApplication  parent_instance;

  /* owned */
  char           *ready_file;  /* $ROSTER_READY_FILE when the window opened */

  /* state */
  gboolean        explore_sandbox;  /* --sandbox */
};

G_DEFINE_FINAL_TYPE (RosterApplication, roster_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version of Roster and exit"), NULL },
  { "sandbox", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Explore the built-in sandbox: sample data, no setup"), NULL },
  { NULL }
};

static void
ready_file_written_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_warning ("Could not write the ready file: %s", error->message);

  g_application_release (app);
}

/* ROSTER_READY_FILE=PATH: once the first frame of the window is drawn, write
 * PATH, so that a script taking screenshots knows when to take them. */
static void
after_paint_cb (GdkFrameClock *frame_clock,
                GtkWindow     *window)
{
  RosterApplication *self = ROSTER_APPLICATION (gtk_window_get_application (window));
  GApplication *app = G_APPLICATION (self);
  g_autoptr(GFile) file = NULL;

  g_signal_handlers_disconnect_by_func (frame_clock, after_paint_cb, window);

  if (self == NULL || self->ready_file == NULL)
    return;

  g_debug ("First frame drawn, writing %s", self->ready_file);
  file = g_file_new_for_path (self->ready_file);
  g_application_hold (app);
  g_file_replace_contents_async (file, "ready\n", strlen ("ready\n"), NULL, FALSE,
                                 G_FILE_CREATE_NONE, NULL, ready_file_written_cb,
                                 g_object_ref (app));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  RosterApplication *self = user_data;
  static const char *developers[] = { "The Roster Authors", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", window != NULL,
                        "application-name", "Roster",
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("See who in your GitLab group cannot sign in with single "
                                      "sign-on, and repair their SAML and SCIM identities."),
                        "developer-name", "The Roster Authors",
                        "developers", developers,
                        "copyright", "© 2026 The Roster Authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", PACKAGE_URL,
                        "issue-url", PACKAGE_BUGREPORT,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
explore_sandbox (RosterApplication *self,
                 GtkWindow         *window)
{
  g_autoptr(GError) error = NULL;

  if (!roster_window_explore_sandbox (ROSTER_WINDOW (window), &error))
    roster_window_show_toast (ROSTER_WINDOW (window), error->message);
}

static void
explore_sandbox_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  RosterApplication *self = user_data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (ROSTER_IS_WINDOW (window))
    explore_sandbox (self, window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  RosterApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Close the windows rather than quit outright: a window saves its size
   * when it closes, and the application ends with its last window. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static const GActionEntry app_entries[] = {
  { "about", about_action, NULL, NULL, NULL },
  { "explore-sandbox", explore_sandbox_action, NULL, NULL, NULL },
  { "quit", quit_action, NULL, NULL, NULL },
};

static int
roster_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("roster %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* roster --sandbox: like the Welcome page's button. A running Roster
   * opens the sandbox itself. */
  if (g_variant_dict_contains (options, "sandbox"))
    {
      RosterApplication *self = ROSTER_APPLICATION (app);
      g_autoptr(GError) error = NULL;

      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      if (g_application_get_is_remote (app))
        {
          g_action_group_activate_action (G_ACTION_GROUP (app), "explore-sandbox", NULL);
          return EXIT_SUCCESS;
        }
      self->explore_sandbox = TRUE;
    }

  return G_APPLICATION_CLASS (roster_application_parent_class)->handle_local_options (app, options);
}

static void
roster_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (roster_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries,
                                   G_N_ELEMENTS (app_entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static void
roster_application_activate (GApplication *app)
{
  RosterApplication *self = ROSTER_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  const char *ready_file = g_getenv ("ROSTER_READY_FILE");

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  window = GTK_WINDOW (roster_window_new (self));
  gtk_window_present (window);

  /* tests/bench/bench-window.sh */
  if (roster_bench_requested ())
    roster_bench_start (ROSTER_WINDOW (window));
  else if (self->explore_sandbox)
    {
      self->explore_sandbox = FALSE;
      explore_sandbox (self, window);
    }

  /* Presenting realizes the window, so it has a frame clock now. */
  if (ready_file != NULL && *ready_file != '\0')
    {
      g_free (self->ready_file);
      self->ready_file = g_strdup (ready_file);
      g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                               G_CALLBACK (after_paint_cb), window, G_CONNECT_DEFAULT);
    }
}

static void
roster_application_finalize (GObject *object)
{
  RosterApplication *self = (RosterApplication *) object;

  g_clear_pointer (&self->ready_file, g_free);

  G_OBJECT_CLASS (roster_application_parent_class)->finalize (object);
}

static void
roster_application_class_init (RosterApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = roster_application_finalize;

  app_class->handle_local_options = roster_application_handle_local_options;
  app_class->startup = roster_application_startup;
  app_class->activate = roster_application_activate;
}

static void
roster_application_init (RosterApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

/**
 * roster_application_new:
 *
 * Returns: (transfer full): the Roster application, with the application id
 *   of this build (io.github.rosterapp.Roster, or ….Devel)
 */
RosterApplication *
roster_application_new (void)
{
  return g_object_new (ROSTER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* The same resources for both profiles. */
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}
