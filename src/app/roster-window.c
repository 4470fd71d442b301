/* roster-window.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-window"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-window.h"

struct _RosterWindow
{
  AdwApplicationWindow  parent_instance;

  /* owned */
  GSettings            *settings;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *welcome_page;
};

G_DEFINE_FINAL_TYPE (RosterWindow, roster_window, ADW_TYPE_APPLICATION_WINDOW)

static void
restore_window_state (RosterWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  g_debug ("Restoring the window size %d×%d%s", width, height,
           g_settings_get_boolean (self->settings, "window-maximized") ? ", maximized" : "");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (RosterWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  /* A maximized window keeps the size it had before, to go back to it. */
  if (!maximized)
    {
      int width;
      int height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_debug ("Saving the window size %d×%d", width, height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  g_settings_set_boolean (self->settings, "window-maximized", maximized);
}

static gboolean
roster_window_close_request (GtkWindow *window)
{
  save_window_state (ROSTER_WINDOW (window));

  return GTK_WINDOW_CLASS (roster_window_parent_class)->close_request (window);
}

static void
roster_window_constructed (GObject *object)
{
  RosterWindow *self = (RosterWindow *) object;

  G_OBJECT_CLASS (roster_window_parent_class)->constructed (object);

  /* Not in init: a maximize asked for before GtkWindow is constructed is
   * lost (GTK 4.8). */
  restore_window_state (self);
}

static void
roster_window_dispose (GObject *object)
{
  RosterWindow *self = (RosterWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_WINDOW);

  G_OBJECT_CLASS (roster_window_parent_class)->dispose (object);
}

static void
roster_window_finalize (GObject *object)
{
  RosterWindow *self = (RosterWindow *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (roster_window_parent_class)->finalize (object);
}

static void
roster_window_class_init (RosterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = roster_window_constructed;
  object_class->dispose = roster_window_dispose;
  object_class->finalize = roster_window_finalize;
  window_class->close_request = roster_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/roster-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, welcome_page);
}

static void
roster_window_init (RosterWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The schema keeps the stable id in both profiles. */
  self->settings = g_settings_new (BASE_ID);

  /* The .ui cannot know the id of this build: the development profile has
   * its own icon name. */
  adw_status_page_set_icon_name (self->welcome_page, APP_ID);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/**
 * roster_window_new:
 * @application: the #RosterApplication
 *
 * Returns: (transfer none): a new main window (GTK owns toplevels), at the size it had when it
 *   was last closed, showing the Welcome page
 */
GtkWidget *
roster_window_new (RosterApplication *application)
{
  g_return_val_if_fail (ROSTER_IS_APPLICATION (application), NULL);

  return g_object_new (ROSTER_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
