/* test-window.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <libsecret/secret.h>

#include "roster-account-dialog.h"
#include "roster-application.h"
#include "roster-request-log-window.h"
#include "roster-secrets.h"
#include "roster-error.h"
#include "roster-identity-view.h"
#include "roster-sandbox.h"
#include "roster-test-utils.h"
#include "ui-test-utils.h"
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
  g_assert_true (gtk_widget_get_sensitive (add_group));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add_group)), ==, "win.add-group");
  g_assert_true (gtk_widget_get_sensitive (explore));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (explore)), ==, "win.explore-sandbox");

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
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* Written, not only created: the write is asynchronous. */
  *exists = g_file_get_contents (path, &contents, &length, NULL) && length > 0;
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

/* ---- Groups in the window, against the sandbox in-process ------------- */

static void
loading_changed_cb (RosterSession *session,
                    GParamSpec    *pspec,
                    gboolean      *done)
{
  if (!roster_session_get_loading (session))
    *done = TRUE;
}

static void
wait_loaded (RosterSession *session)
{
  gboolean done = !roster_session_get_loading (session);
  gulong id = g_signal_connect (session, "notify::loading", G_CALLBACK (loading_changed_cb), &done);

  roster_test_wait_for (&done, 60000);
  g_signal_handler_disconnect (session, id);
}

static void
wait_list (RosterMemberList *list)
{
  /* A safety net against hangs, not a speed assertion (sanitizers are
   * slow). */
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (roster_member_list_is_busy (list))
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  /* Then what it queued (an animation may keep the loop busy for ever). */
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static RosterSandbox *
new_sandbox (RosterSandboxWorld world)
{
  g_autoptr(GError) error = NULL;
  RosterSandbox *sandbox = roster_sandbox_new (world);

  roster_sandbox_listen (sandbox, 0, NULL, &error);
  g_assert_no_error (error);
  return sandbox;
}

static RosterWindow *
new_window (int width)
{
  GtkWidget *window = roster_window_new (get_app ());

  gtk_window_set_default_size (GTK_WINDOW (window), width, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  return ROSTER_WINDOW (window);
}

static guint
find_user (RosterMemberList *list,
           const char       *username)
{
  GListModel *model = roster_member_list_get_visible_model (list);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RosterMember) member = g_list_model_get_item (model, i);

      if (g_strcmp0 (roster_member_get_username (member), username) == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* The first widget of @type under @widget, depth first. */
static GtkWidget *
find_by_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_fixture_world (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(RosterSession) session = roster_session_new_sandbox (sandbox);
  RosterWindow *window = new_window (1280);
  RosterMemberList *list = roster_window_get_member_list (window);
  RosterMemberDetail *detail = roster_window_get_member_detail (window);
  RosterIdentityView *identities = roster_member_detail_get_identity_view (detail);
  RosterMember *selected;
  GtkWidget *finding_row;

  roster_window_set_session (window, session);
  g_assert_cmpstr (roster_window_get_page (window), ==, "main");
  g_assert_true (roster_session_get_loading (session));
  wait_loaded (session);
  wait_list (list);
  g_assert_null (roster_session_get_error (session));
  g_assert_cmpstr (roster_window_get_page (window), ==, "main");
  g_assert_false (adw_leaflet_get_folded (roster_window_get_leaflet (window)));

  /* The five people of the fixtures. */
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_ALL), ==, 5);
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_PROBLEMS), ==, 1);
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_DEPROVISIONED), ==, 1);
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_ENTERPRISE), ==, 4);
  g_assert_cmpstr (roster_member_list_get_summary (list), ==, "1 member cannot sign in");

  roster_member_list_set_category (list, ROSTER_MEMBER_CATEGORY_PROBLEMS);
  wait_list (list);
  g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, 1);
  roster_member_list_set_category (list, ROSTER_MEMBER_CATEGORY_ALL);
  roster_member_list_set_search_text (list, "acme.example");
  wait_list (list);
  g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, 4);
  roster_member_list_set_search_text (list, "turing");
  wait_list (list);
  g_assert_cmpuint (roster_member_list_get_n_visible (list), ==, 1);

  /* Selecting Alan fills the detail pane, his mismatch highlighted. */
  g_assert_true (roster_member_list_select_position (list, find_user (list, "aturing")));
  g_assert_true (roster_member_detail_get_member (detail) == roster_member_list_get_selected (list));
  g_assert_cmpstr (roster_identity_view_get_value (identities, ROSTER_IDENTITY_SLOT_SAML), ==,
                   "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");
  g_assert_cmpstr (roster_identity_view_get_value (identities, ROSTER_IDENTITY_SLOT_SCIM), ==,
                   "aturing@acme.example");
  g_assert_true (ui_test_label_has_background (roster_identity_view_get_value_label (identities, ROSTER_IDENTITY_SLOT_SAML)));
  g_assert_true (ui_test_label_has_background (roster_identity_view_get_value_label (identities, ROSTER_IDENTITY_SLOT_SCIM)));
  g_assert_cmpuint (roster_member_detail_get_n_findings_shown (detail), ==, 1);

  /* A refresh swaps in a new snapshot and keeps Alan selected. */
  selected = roster_member_list_get_selected (list);
  finding_row = find_by_type (GTK_WIDGET (detail), ADW_TYPE_EXPANDER_ROW);
  g_assert_nonnull (finding_row);
  {
    RosterSnapshot *before = roster_session_get_snapshot (session);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
    g_assert_true (roster_session_get_loading (session));
    /* The old snapshot stays until the new one is complete. */
    g_assert_true (roster_session_get_snapshot (session) == before);
    wait_loaded (session);
    wait_list (list);
    g_assert_true (roster_session_get_snapshot (session) != before);
  }
  g_assert_nonnull (roster_member_list_get_selected (list));
  g_assert_true (roster_member_list_get_selected (list) != selected);
  g_assert_cmpstr (roster_member_get_username (roster_member_list_get_selected (list)), ==, "aturing");
  g_assert_true (roster_member_detail_get_member (detail) == roster_member_list_get_selected (list));
  /* Alan unchanged: the page was not built again, neither for the new
   * member nor for the new snapshot's group (the same). */
  g_assert_true (find_by_type (GTK_WIDGET (detail), ADW_TYPE_EXPANDER_ROW) == finding_row);
  g_assert_cmpuint (roster_member_detail_get_n_findings_shown (detail), ==, 1);

  destroy_all_windows ();
}

static void
test_explore_sandbox (void)
{
  RosterWindow *window = new_window (1280);
  GtkStack *stack = GTK_STACK (get_child (GTK_WIDGET (window), "stack"));
  RosterSession *session;

  g_assert_cmpstr (roster_window_get_page (window), ==, "welcome");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.explore-sandbox", NULL));
  session = roster_window_get_session (window);
  g_assert_nonnull (session);
  g_assert_true (roster_session_is_sandbox (session));
  g_assert_cmpstr (roster_window_get_page (window), ==, "main");
  /* At once, without a crossfade from the Welcome page: the first frames
   * of the member list are the load's. */
  g_assert_false (gtk_stack_get_transition_running (stack));
  wait_loaded (session);
  wait_list (roster_window_get_member_list (window));
  g_assert_null (roster_session_get_error (session));
  /* The demo world: the fixture people and generated colleagues. */
  g_assert_cmpuint (roster_member_list_get_count (roster_window_get_member_list (window),
                                                  ROSTER_MEMBER_CATEGORY_ALL), >, 5);

  /* Closing it goes back to the Welcome page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-session", NULL));
  g_assert_null (roster_window_get_session (window));
  g_assert_cmpstr (roster_window_get_page (window), ==, "welcome");

  destroy_all_windows ();
}

static void
test_bad_token (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(RosterSession) session = NULL;
  RosterWindow *window = new_window (1280);
  GtkWidget *error_page = get_child (GTK_WIDGET (window), "error_page");

  session = roster_session_new ("Acme", roster_sandbox_get_url (sandbox),
                                roster_sandbox_get_group_path (sandbox), "not-a-valid-token", NULL);
  roster_window_set_session (window, session);
  wait_loaded (session);

  g_assert_error ((GError *) roster_session_get_error (session), ROSTER_ERROR, ROSTER_ERROR_AUTH);
  g_assert_cmpstr (roster_window_get_page (window), ==, "error");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (error_page)), ==, "Token Not Accepted");
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (error_page)), !=, NULL);
  g_assert_true (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (error_page)),
                         "not-a-valid-token") == NULL);

  destroy_all_windows ();
}

static void
test_group_not_found (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(RosterSession) session = NULL;
  RosterWindow *window = new_window (1280);
  GtkWidget *error_page = get_child (GTK_WIDGET (window), "error_page");

  session = roster_session_new ("Acme", roster_sandbox_get_url (sandbox), "no-such-group",
                                roster_sandbox_get_api_token (sandbox), NULL);
  roster_window_set_session (window, session);
  wait_loaded (session);

  g_assert_error ((GError *) roster_session_get_error (session), ROSTER_ERROR, ROSTER_ERROR_NOT_FOUND);
  g_assert_cmpstr (roster_window_get_page (window), ==, "error");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (error_page)), ==, "Group Not Found");

  destroy_all_windows ();
}

static void
test_dotted_group_path (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_DEMO);
  g_autoptr(RosterSession) session = NULL;
  RosterWindow *window = new_window (1280);
  GtkWidget *error_page = get_child (GTK_WIDGET (window), "error_page");
  GtkWidget *load_anyway = get_child (GTK_WIDGET (window), "load_anyway_button");
  gboolean scim = FALSE;
  const RosterConnectionCheck *check;

  /* GitLab's SCIM API cannot route a group path with a dot: the IdP
   * cannot provision this group, whatever its token. */
  session = roster_session_new ("Acme Labs", roster_sandbox_get_url (sandbox), "acme.labs",
                                roster_sandbox_get_api_token (sandbox), "sandbox-labs-scim-token");
  roster_window_set_session (window, session);
  wait_loaded (session);

  check = roster_session_get_blocking_check (session, &scim);
  g_assert_nonnull (check);
  g_assert_true (scim);
  g_assert_cmpint (check->outcome, ==, ROSTER_CONNECTION_DOTTED_GROUP_PATH);
  g_assert_cmpstr (roster_window_get_page (window), ==, "error");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (error_page)), ==, "Group Path Contains a Dot");
  /* Cause and fix. */
  g_assert_nonnull (check->fix);
  g_assert_true (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (error_page)), check->fix) != NULL
                 || strchr (check->fix, '&') != NULL || strchr (check->fix, '<') != NULL);
  g_assert_true (gtk_widget_get_visible (load_anyway));

  /* The members can still be looked at. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-anyway", NULL));
  wait_loaded (session);
  g_assert_null (roster_session_get_blocking_check (session, NULL));

  destroy_all_windows ();
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return GTK_WIDGET (toplevel);
    }
  return NULL;
}

static void
set_row (GtkWidget  *dialog,
         const char *name,
         const char *text)
{
  GObject *row = gtk_widget_get_template_child (dialog, ROSTER_TYPE_ACCOUNT_DIALOG, name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static char *
lookup_secret (const char *account_id,
               const char *kind)
{
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (roster_secrets_get_schema (), NULL, &error,
                                              "account", account_id, "kind", kind, NULL);

  g_assert_no_error (error);
  return secret;
}

static void
assert_no_secret_in (GSettings  *settings,
                     const char *secret_a,
                     const char *secret_b)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_test_message ("%s = %s", keys[i], printed);
      g_assert_null (strstr (printed, secret_a));
      g_assert_null (strstr (printed, secret_b));
    }
}

static void
saved_cb (RosterAccountDialog *dialog,
          RosterAccount       *account,
          gboolean            *saved)
{
  *saved = TRUE;
}

static gboolean
report_ready_cb (gpointer user_data)
{
  gpointer *data = user_data;

  if (roster_account_dialog_get_report (data[0]) == NULL)
    return G_SOURCE_CONTINUE;
  *(gboolean *) data[1] = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
secret_gone_cb (gpointer user_data)
{
  gpointer *data = user_data;
  g_autofree char *api = lookup_secret (data[0], "api");
  g_autofree char *scim = lookup_secret (data[0], "scim");

  if (api != NULL || scim != NULL)
    return G_SOURCE_CONTINUE;
  *(gboolean *) data[1] = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_account_dialog (void)
{
  g_autoptr(RosterSandbox) sandbox = NULL;
  g_autoptr(GSettings) settings = get_settings ();
  g_autoptr(GSettings) account_settings = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *api = NULL;
  g_autofree char *scim = NULL;
  RosterWindow *window;
  GtkWidget *dialog;
  RosterConnectionReport *report;
  RosterSession *session;
  gboolean tested = FALSE;
  gboolean saved = FALSE;
  gboolean gone = FALSE;
  gpointer data[2];

  if (!roster_test_require_bus ())
    return;

  sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  window = new_window (1280);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-group", NULL));
  dialog = find_toplevel (ROSTER_TYPE_ACCOUNT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  /* Nothing to save until the group is named. */
  g_assert_false (gtk_widget_activate_action (dialog, "account.save", NULL) &&
                  roster_account_dialog_get_account (ROSTER_ACCOUNT_DIALOG (dialog)) != NULL);

  set_row (dialog, "instance_row", roster_sandbox_get_url (sandbox));
  set_row (dialog, "group_row", roster_sandbox_get_group_path (sandbox));
  set_row (dialog, "label_row", "Acme Corp");
  set_row (dialog, "api_row", roster_sandbox_get_api_token (sandbox));
  set_row (dialog, "scim_row", roster_sandbox_get_scim_token (sandbox));

  /* Test Connection: a result line per token. */
  g_assert_true (gtk_widget_activate_action (dialog, "account.test", NULL));
  data[0] = dialog;
  data[1] = &tested;
  g_timeout_add (10, report_ready_cb, data);
  roster_test_wait_for (&tested, 30000);
  report = roster_account_dialog_get_report (ROSTER_ACCOUNT_DIALOG (dialog));
  g_assert_cmpint (report->api->outcome, ==, ROSTER_CONNECTION_OK);
  g_assert_cmpint (report->scim->outcome, ==, ROSTER_CONNECTION_OK);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (dialog, ROSTER_TYPE_ACCOUNT_DIALOG, "api_result_row"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (dialog, ROSTER_TYPE_ACCOUNT_DIALOG, "scim_result_row"))));

  /* Save: the tokens go to the keyring, the rest to GSettings. */
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  g_assert_true (gtk_widget_activate_action (dialog, "account.save", NULL));
  roster_test_wait_for (&saved, 30000);
  g_assert_null (find_toplevel (ROSTER_TYPE_ACCOUNT_DIALOG));

  {
    g_auto(GStrv) accounts = g_settings_get_strv (settings, "accounts");

    g_assert_cmpuint (g_strv_length (accounts), ==, 1);
    id = g_strdup (accounts[0]);
  }
  api = lookup_secret (id, "api");
  scim = lookup_secret (id, "scim");
  g_assert_cmpstr (api, ==, roster_sandbox_get_api_token (sandbox));
  g_assert_cmpstr (scim, ==, roster_sandbox_get_scim_token (sandbox));

  path = g_strconcat ("/io/github/rosterapp/Roster/accounts/", id, "/", NULL);
  account_settings = g_settings_new_with_path ("io.github.rosterapp.Roster.Account", path);
  {
    g_autofree char *group_path = g_settings_get_string (account_settings, "group-path");

    g_assert_cmpstr (group_path, ==, "acme-corp");
  }
  assert_no_secret_in (settings, api, scim);
  assert_no_secret_in (account_settings, api, scim);

  /* The window opens the new group, with the tokens from the keyring. */
  data[0] = NULL;
  while ((session = roster_window_get_session (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (roster_session_is_sandbox (session));
  g_assert_cmpstr (roster_session_get_label (session), ==, "Acme Corp");
  wait_loaded (session);
  g_assert_null (roster_session_get_error (session));
  g_assert_cmpstr (roster_window_get_page (window), ==, "main");

  /* Remove, undo, remove: when the toast goes, so do the tokens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-group", NULL));
  g_assert_cmpstr (roster_window_get_page (window), ==, "welcome");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-remove", NULL));
  while ((session = roster_window_get_session (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&api, g_free);
  api = lookup_secret (id, "api");
  g_assert_nonnull (api);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-group", NULL));
  destroy_all_windows ();
  data[0] = id;
  data[1] = &gone;
  g_timeout_add (10, secret_gone_cb, data);
  roster_test_wait_for (&gone, 30000);
  {
    g_auto(GStrv) accounts = g_settings_get_strv (settings, "accounts");

    g_assert_cmpuint (g_strv_length (accounts), ==, 0);
  }

  g_settings_reset (settings, "active-account");
}

static gboolean
file_has_content_cb (gpointer user_data)
{
  gpointer *data = user_data;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (data[0], &contents, &length, NULL) || length == 0)
    return G_SOURCE_CONTINUE;
  *(gboolean *) data[1] = TRUE;
  return G_SOURCE_REMOVE;
}

/* The first label in @widget's tree that asks for its tooltip when shown. */
static GtkWidget *
find_tooltip_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_has_tooltip (widget) &&
      gtk_widget_get_tooltip_text (widget) == NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_request_log (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(RosterSession) session = roster_session_new_sandbox (sandbox);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("roster-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "requests.json", NULL);
  g_autofree char *details = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RosterWindow *window = new_window (1280);
  RosterRequestLogWindow *log_window;
  guint total;
  gboolean written = FALSE;
  gpointer data[2] = { path, &written };

  g_assert_no_error (error);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "request-log"));
  roster_window_set_session (window, session);
  wait_loaded (session);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.request-log", NULL));
  log_window = ROSTER_REQUEST_LOG_WINDOW (find_toplevel (ROSTER_TYPE_REQUEST_LOG_WINDOW));
  g_assert_nonnull (log_window);
  total = g_list_model_get_n_items (G_LIST_MODEL (roster_session_get_request_log (session)));
  g_assert_cmpuint (total, >, 0);
  g_assert_cmpuint (roster_request_log_window_get_n_visible (log_window), ==, total);

  /* Cells show their whole text in a tooltip, asked for when it shows. */
  {
    g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
    GtkWidget *cell;
    gboolean shown = FALSE;

    gtk_test_widget_wait_for_draw (GTK_WIDGET (log_window));
    cell = find_tooltip_label (GTK_WIDGET (log_window));
    g_assert_nonnull (cell);
    g_signal_emit_by_name (cell, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
    g_assert_true (shown);
  }

  roster_request_log_window_set_filter_text (log_window, "saml/identities");
  g_assert_cmpuint (roster_request_log_window_get_n_visible (log_window), >=, 1);
  g_assert_cmpuint (roster_request_log_window_get_n_visible (log_window), <, total);
  g_assert_true (roster_request_log_window_select (log_window, 0));
  details = roster_request_log_window_dup_details (log_window);
  g_assert_true (g_str_has_prefix (details, "GET /api/v4/groups/"));
  g_assert_null (strstr (details, roster_sandbox_get_api_token (sandbox)));

  roster_request_log_window_set_filter_text (log_window, "no request has this");
  g_assert_cmpuint (roster_request_log_window_get_n_visible (log_window), ==, 0);

  /* Export: JSON, no token in it. */
  roster_request_log_window_export (log_window, file);
  g_timeout_add (10, file_has_content_cb, data);
  roster_test_wait_for (&written, 30000);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (contents, roster_sandbox_get_api_token (sandbox)));
  g_assert_null (strstr (contents, roster_sandbox_get_scim_token (sandbox)));
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_true (json_parser_load_from_data (parser, contents, -1, &error));
    g_assert_no_error (error);
  }

  gtk_window_destroy (GTK_WINDOW (log_window));
  destroy_all_windows ();
  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
idp_loaded_cb (gpointer user_data)
{
  gpointer *data = user_data;

  if (roster_session_get_idp_export (data[0]) == NULL)
    return G_SOURCE_CONTINUE;
  *(gboolean *) data[1] = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_idp_export (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(RosterSession) session = roster_session_new_sandbox (sandbox);
  g_autofree char *bad_path = roster_test_data_path ("idp", "bad-quote.csv", NULL);
  g_autofree char *path = roster_test_data_path ("idp", "generic.csv", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RosterWindow *window = new_window (1280);
  RosterMemberList *list = roster_window_get_member_list (window);
  RosterIdentityView *identities =
    roster_member_detail_get_identity_view (roster_window_get_member_detail (window));
  GtkLabel *idp_label = roster_identity_view_get_value_label (identities, ROSTER_IDENTITY_SLOT_IDP);
  gboolean loaded = FALSE;
  gpointer data[2] = { session, &loaded };

  roster_window_set_session (window, session);
  wait_loaded (session);
  wait_list (list);
  g_assert_true (roster_member_list_select_position (list, find_user (list, "aturing")));
  g_assert_nonnull (roster_member_list_get_selected (list));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (idp_label), GTK_TYPE_LIST_BOX_ROW)));

  /* A broken export changes nothing (a toast says why). */
  roster_window_load_idp_export (window, bad);
  for (guint i = 0; i < 200; i++)
    g_main_context_iteration (NULL, FALSE);
  g_test_message ("after bad: selected %p", roster_member_list_get_selected (list));

  /* A good one: the IdP's value shows as a third one. */
  roster_window_load_idp_export (window, file);
  g_timeout_add (10, idp_loaded_cb, data);
  roster_test_wait_for (&loaded, 30000);
  wait_list (list);
  g_test_message ("selected %p detail %p", roster_member_list_get_selected (list),
                  roster_member_detail_get_member (roster_window_get_member_detail (window)));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (idp_label), GTK_TYPE_LIST_BOX_ROW)));
  g_assert_cmpstr (roster_identity_view_get_value (identities, ROSTER_IDENTITY_SLOT_IDP), ==,
                   "c4e8a1f2-7d3b-4a9c-b6e5-1f2a3b4c5d6e");

  destroy_all_windows ();
}

static void
reconciling_cb (RosterSession *session,
                gboolean      *reconciling)
{
  g_autofree char *text = roster_session_dup_progress_text (session);

  if (g_strcmp0 (text, "Comparing identities…") == 0)
    *reconciling = TRUE;
}

/* Waits until the load under way reconciles (in the background). */
static void
wait_reconciling (RosterSession *session)
{
  gboolean reconciling = FALSE;
  gulong id = g_signal_connect (session, "progress", G_CALLBACK (reconciling_cb), &reconciling);

  roster_test_wait_for (&reconciling, 60000);
  g_signal_handler_disconnect (session, id);
}

static void
assert_alan_shown (RosterWindow *window)
{
  RosterMemberList *list = roster_window_get_member_list (window);
  RosterMemberDetail *detail = roster_window_get_member_detail (window);
  RosterIdentityView *identities = roster_member_detail_get_identity_view (detail);
  RosterMember *alan = roster_member_list_get_selected (list);

  g_assert_nonnull (alan);
  g_assert_cmpstr (roster_member_get_username (alan), ==, "aturing");
  g_assert_true (roster_member_has_finding (alan, ROSTER_FINDING_SAML_SCIM_MISMATCH));
  g_assert_true (roster_member_detail_get_member (detail) == alan);
  g_assert_cmpuint (roster_member_detail_get_n_findings_shown (detail), ==, 1);
  g_assert_true (ui_test_label_has_background (roster_identity_view_get_value_label (identities, ROSTER_IDENTITY_SLOT_SAML)));
  g_assert_true (ui_test_label_has_background (roster_identity_view_get_value_label (identities, ROSTER_IDENTITY_SLOT_SCIM)));
  g_assert_cmpstr (roster_member_list_get_summary (list), ==, "1 member cannot sign in");
  g_assert_cmpuint (roster_member_list_get_count (list, ROSTER_MEMBER_CATEGORY_PROBLEMS), ==, 1);
}

/* Reconciling runs in the background: a refresh or a switch that comes
 * while it runs cancels it, and what is shown afterwards is complete. */
static void
test_refresh_while_reconciling (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(RosterSession) session = roster_session_new_sandbox (sandbox);
  g_autoptr(RosterSession) other = roster_session_new_sandbox (sandbox);
  RosterWindow *window = new_window (1280);
  RosterMemberList *list = roster_window_get_member_list (window);
  RosterSnapshot *first;

  /* The first load, cancelled while it reconciles, then loaded again. */
  roster_window_set_session (window, session);
  wait_reconciling (session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  wait_loaded (session);
  wait_list (list);
  g_assert_null (roster_session_get_error (session));
  g_assert_true (roster_snapshot_get_loaded (roster_session_get_snapshot (session)));
  g_assert_true (roster_member_list_select_position (list, find_user (list, "aturing")));
  assert_alan_shown (window);

  /* A refresh cancelled while it reconciles by another: the window keeps
   * the loaded snapshot meanwhile, then shows the last one, Alan still
   * selected with his mismatch. */
  first = roster_session_get_snapshot (session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  wait_reconciling (session);
  g_assert_true (roster_session_get_snapshot (session) == first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_true (roster_session_get_snapshot (session) == first);
  assert_alan_shown (window);
  wait_loaded (session);
  wait_list (list);
  g_assert_null (roster_session_get_error (session));
  g_assert_true (roster_session_get_snapshot (session) != first);
  assert_alan_shown (window);

  /* Switching accounts while reconciling. */
  roster_window_set_session (window, other);
  wait_reconciling (other);
  roster_window_set_session (window, session);
  g_assert_false (roster_session_get_loading (other));
  g_assert_null (roster_session_get_error (other));
  wait_list (list);

  destroy_all_windows ();
}

static void
test_cancel_on_switch (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(RosterSession) first = roster_session_new_sandbox (sandbox);
  g_autoptr(RosterSession) second = roster_session_new_sandbox (sandbox);
  RosterWindow *window = new_window (1280);

  roster_window_set_session (window, first);
  g_assert_true (roster_session_get_loading (first));
  roster_window_set_session (window, second);
  g_assert_false (roster_session_get_loading (first));
  g_assert_true (roster_session_get_loading (second));
  wait_loaded (second);
  g_assert_null (roster_session_get_error (second));
  g_assert_null (roster_session_get_error (first));

  destroy_all_windows ();
}

static void
test_folded (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(RosterSession) session = roster_session_new_sandbox (sandbox);
  RosterWindow *window = new_window (400);
  AdwLeaflet *leaflet = roster_window_get_leaflet (window);
  RosterMemberList *list = roster_window_get_member_list (window);
  GtkColumnView *view = roster_member_list_get_column_view (list);
  GtkWidget *back = find_by_buildable_id (GTK_WIDGET (window), "back_button");
  GtkWidget *list_pane = get_child (GTK_WIDGET (window), "list_pane");
  GtkWidget *detail_pane = get_child (GTK_WIDGET (window), "detail_pane");
  guint alan;

  roster_window_set_session (window, session);
  wait_loaded (session);
  wait_list (list);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == list_pane);
  g_assert_false (gtk_widget_get_visible (get_child (GTK_WIDGET (window), "refresh_button")));
  g_assert_true (gtk_column_view_get_single_click_activate (view));

  /* Activating a row opens the detail; Back returns to the list. */
  alan = find_user (list, "aturing");
  roster_member_list_select_position (list, alan);
  g_signal_emit_by_name (view, "activate", alan);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == detail_pane);
  g_assert_true (gtk_widget_get_visible (back));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == list_pane);

  destroy_all_windows ();
}

static void
banner_settled (GtkRevealer *banner)
{
  /* A safety net against hangs, not a speed assertion. */
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (gtk_revealer_get_child_revealed (banner) != gtk_revealer_get_reveal_child (banner))
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

static void
test_sandbox_banner (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(RosterSession) session = NULL;
  RosterWindow *window = new_window (1280);
  GtkRevealer *banner = GTK_REVEALER (get_child (GTK_WIDGET (window), "sandbox_banner"));
  GtkWidget *content = gtk_revealer_get_child (banner);

  /* Nothing of the banner is laid out while it is hidden. */
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_false (gtk_widget_get_visible (content));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.explore-sandbox", NULL));
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_true (gtk_widget_get_visible (content));
  banner_settled (banner);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (content));

  /* A real group: the banner goes, and its content with it. */
  session = roster_session_new ("Acme", roster_sandbox_get_url (sandbox),
                                roster_sandbox_get_group_path (sandbox),
                                roster_sandbox_get_api_token (sandbox), NULL);
  roster_window_set_session (window, session);
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  banner_settled (banner);
  g_assert_false (gtk_widget_get_visible (content));
  wait_loaded (session);

  /* Back to the sandbox: shown again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.explore-sandbox", NULL));
  g_assert_true (gtk_widget_get_visible (content));
  banner_settled (banner);
  g_assert_true (gtk_widget_get_child_visible (content));
  wait_loaded (roster_window_get_session (window));

  destroy_all_windows ();
}

static void
check_icon_buttons (GtkWidget *widget)
{
  /* GTK's own window buttons are not ours to label; hidden widgets are
   * not seen. */
  if (GTK_IS_WINDOW_CONTROLS (widget) || !gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL
      && gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    {
      g_test_message ("icon button %s", gtk_button_get_icon_name (GTK_BUTTON (widget)));
      g_assert_nonnull (gtk_widget_get_tooltip_text (widget));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
    }
  if (GTK_IS_MENU_BUTTON (widget))
    {
      g_test_message ("menu button %s", gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)));
      g_assert_nonnull (gtk_widget_get_tooltip_text (widget));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_icon_buttons (child);
}

static void
test_icon_buttons (void)
{
  g_autoptr(RosterSandbox) sandbox = new_sandbox (ROSTER_SANDBOX_WORLD_FIXTURE);
  g_autoptr(RosterSession) session = roster_session_new_sandbox (sandbox);
  RosterWindow *window = new_window (1280);
  RosterMemberList *list = roster_window_get_member_list (window);

  roster_window_set_session (window, session);
  wait_loaded (session);
  wait_list (list);
  roster_member_list_select_position (list, find_user (list, "aturing"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Every icon-only button says what it does. */
  check_icon_buttons (GTK_WIDGET (window));

  destroy_all_windows ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* GTK's in-memory accessibility backend: the tests read accessible
   * labels back, without an accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
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
  g_test_add_func ("/roster/window/fixture-world", test_fixture_world);
  g_test_add_func ("/roster/window/refresh-while-reconciling", test_refresh_while_reconciling);
  g_test_add_func ("/roster/window/explore-sandbox", test_explore_sandbox);
  g_test_add_func ("/roster/window/bad-token", test_bad_token);
  g_test_add_func ("/roster/window/group-not-found", test_group_not_found);
  g_test_add_func ("/roster/window/dotted-group-path", test_dotted_group_path);
  g_test_add_func ("/roster/window/cancel-on-switch", test_cancel_on_switch);
  g_test_add_func ("/roster/window/account-dialog", test_account_dialog);
  g_test_add_func ("/roster/window/request-log", test_request_log);
  g_test_add_func ("/roster/window/idp-export", test_idp_export);
  g_test_add_func ("/roster/window/folded", test_folded);
  g_test_add_func ("/roster/window/icon-buttons", test_icon_buttons);
  g_test_add_func ("/roster/window/sandbox-banner", test_sandbox_banner);

  ret = g_test_run ();

  g_clear_object (&the_app);
  return ret;
}
