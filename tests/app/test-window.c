/* test-window.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "roster-application.h"
#include "roster-test-utils.h"
#include "roster-window.h"

/* One application for the whole program, registered (which runs its
 * startup) on first use: a GtkApplication cannot be registered twice. */
static RosterApplication *the_app;

static RosterApplication *
get_app (void)
{
  if (the_app == NULL)
    {
      g_autoptr(GError) error = NULL;

      the_app = roster_application_new ();
      /* Do not depend on owning the bus name. */
      g_application_set_flags (G_APPLICATION (the_app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (the_app), NULL, &error);
      g_assert_no_error (error);
    }

  return the_app;
}

static GSettings *
get_settings (void)
{
  return g_settings_new (BASE_ID);
}

static void
destroy_all_windows (void)
{
  GtkApplication *app = GTK_APPLICATION (get_app ());
  GList *windows;

  while ((windows = gtk_application_get_windows (app)) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));

  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
get_child (GtkWidget  *window,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (window, ROSTER_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static GtkWidget *
find_by_buildable_id (GtkWidget  *widget,
                      const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_buildable_id (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_welcome (void)
{
  RosterApplication *app = get_app ();
  GtkWindow *window;
  GtkStack *stack;
  AdwStatusPage *welcome;
  GtkWidget *add_group;
  GtkWidget *explore;
  GtkIconTheme *icon_theme;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (ROSTER_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* A second activation presents the same window. */
  g_application_activate (G_APPLICATION (app));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  stack = GTK_STACK (get_child (GTK_WIDGET (window), "stack"));
  welcome = ADW_STATUS_PAGE (get_child (GTK_WIDGET (window), "welcome_page"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "welcome");
  g_assert_true (gtk_stack_get_visible_child (stack) == gtk_widget_get_ancestor (GTK_WIDGET (welcome), GTK_TYPE_BOX));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (welcome)));
  g_assert_cmpstr (adw_status_page_get_title (welcome), ==, "Welcome to Roster");
  g_assert_cmpstr (adw_status_page_get_description (welcome), !=, NULL);
  g_assert_cmpstr (adw_status_page_get_icon_name (welcome), ==, APP_ID);

  /* The icon comes from the resources when Roster is not installed. */
  icon_theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  g_assert_true (gtk_icon_theme_has_icon (icon_theme, APP_ID));
  g_assert_true (gtk_icon_theme_has_icon (icon_theme, BASE_ID "-symbolic"));

  add_group = find_by_buildable_id (GTK_WIDGET (welcome), "add_group_button");
  explore = find_by_buildable_id (GTK_WIDGET (welcome), "explore_sandbox_button");
  g_assert_nonnull (add_group);
  g_assert_nonnull (explore);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (add_group)), ==, "_Add Group…");
  g_assert_true (gtk_widget_has_css_class (add_group, "suggested-action"));
  g_assert_true (gtk_widget_has_css_class (add_group, "pill"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (explore)), ==, "_Explore the Sandbox");
  g_assert_true (gtk_widget_has_css_class (explore, "pill"));
  /* Their features come with later issues: until then they do nothing,
   * and say so by being insensitive. */
  g_assert_false (gtk_widget_get_sensitive (add_group));
  g_assert_false (gtk_widget_get_sensitive (explore));

  destroy_all_windows ();
}

static void
test_size_restored (void)
{
  g_autoptr(GSettings) settings = get_settings ();
  GtkWidget *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 500);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  window = roster_window_new (get_app ());
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));
  destroy_all_windows ();

  /* Maximized. Without a window manager (Xvfb) only a window that asks
   * before it is mapped becomes maximized: what a restored one does. */
  g_settings_set_boolean (settings, "window-maximized", TRUE);
  window = roster_window_new (get_app ());
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (gtk_window_is_maximized (GTK_WINDOW (window)));
  destroy_all_windows ();

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

static void
test_size_saved (void)
{
  g_autoptr(GSettings) settings = get_settings ();
  GtkWidget *window;

  g_settings_set_boolean (settings, "window-maximized", TRUE);

  window = roster_window_new (get_app ());
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_unmaximize (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);

  gtk_window_close (GTK_WINDOW (window));
  g_assert_null (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A maximized window keeps the size to return to. */
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  window = roster_window_new (get_app ());
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 400);
  gtk_window_maximize (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (gtk_window_is_maximized (GTK_WINDOW (window)));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_null (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  destroy_all_windows ();
}

static void
test_quit_saves (void)
{
  g_autoptr(GSettings) settings = get_settings ();
  RosterApplication *app = get_app ();
  GtkWidget *window;

  window = roster_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 820, 610);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_about (void)
{
  RosterApplication *app = get_app ();
  GtkWindow *window;
  g_autoptr(GListModel) toplevels = NULL;
  AdwAboutWindow *about = NULL;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        {
          g_assert_null (about);
          about = ADW_ABOUT_WINDOW (toplevel);
        }
    }

  g_assert_nonnull (about);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (about)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == window);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Roster");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "The Roster Authors");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://github.com/rosterapp/roster");
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==, "https://github.com/rosterapp/roster/issues");

  gtk_window_destroy (GTK_WINDOW (about));
  destroy_all_windows ();
}

static void
test_help_overlay (void)
{
  GtkWidget *window = roster_window_new (get_app ());
  GtkShortcutsWindow *overlay;

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  g_assert_cmpstr (gtk_buildable_get_buildable_id (GTK_BUILDABLE (overlay)), ==, "help_overlay");

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-help-overlay", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  destroy_all_windows ();
}

static void
assert_accel (const char *action,
              const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (get_app ()), action);

  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

static void
test_accels (void)
{
  assert_accel ("app.quit", "<Control>q");
  assert_accel ("window.close", "<Control>w");
  assert_accel ("win.show-help-overlay", "<Control>question");
}

static gboolean
file_exists_cb (gpointer user_data)
{
  gboolean *exists = user_data;
  const char *path = g_object_get_data (G_OBJECT (get_app ()), "test-ready-file");

  *exists = g_file_test (path, G_FILE_TEST_EXISTS);
  return *exists ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
test_ready_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("roster-test-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gboolean exists = FALSE;

  g_assert_no_error (error);
  path = g_build_filename (dir, "ready", NULL);
  g_object_set_data (G_OBJECT (get_app ()), "test-ready-file", path);

  g_setenv ("ROSTER_READY_FILE", path, TRUE);
  g_application_activate (G_APPLICATION (get_app ()));
  g_unsetenv ("ROSTER_READY_FILE");

  g_timeout_add (10, file_exists_cb, &exists);
  roster_test_wait_for (&exists, 20000);
  /* The write is async: wait for the application to release its hold. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "ready\n");

  g_object_set_data (G_OBJECT (get_app ()), "test-ready-file", NULL);
  destroy_all_windows ();
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_version (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RosterApplication) app = roster_application_new ();
      char *argv[] = { (char *) "roster", (char *) "--version", NULL };

      exit (g_application_run (G_APPLICATION (app), 2, argv));
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("roster " PACKAGE_VERSION "\n");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/roster/window/welcome", test_welcome);
  g_test_add_func ("/roster/window/size-restored", test_size_restored);
  g_test_add_func ("/roster/window/size-saved", test_size_saved);
  g_test_add_func ("/roster/window/quit-saves-size", test_quit_saves);
  g_test_add_func ("/roster/window/about", test_about);
  g_test_add_func ("/roster/window/help-overlay", test_help_overlay);
  g_test_add_func ("/roster/window/accels", test_accels);
  g_test_add_func ("/roster/window/ready-file", test_ready_file);
  g_test_add_func ("/roster/window/version", test_version);

  ret = g_test_run ();

  g_clear_object (&the_app);
  return ret;
}
