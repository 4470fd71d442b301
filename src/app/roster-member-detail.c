/* roster-member-detail.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-member-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-member-counts.h"
#include "roster-member-detail.h"
#include "roster-recipe.h"

/* The detail pane: who the member is, their identities side by side, each
 * finding with its explanation and repair recipe, and their membership.
 * Repairs themselves come with the write path (design.md §5); until then
 * the recipe says what to do and who does it, and offers no buttons. */

struct _RosterMemberDetail
{
  AdwBin                parent_instance;

  /* owned */
  RosterMember         *member;
  GPtrArray            *finding_rows;
  char                 *instance_url;
  char                 *group_path;
  gint64                group_id;
  gboolean              show_idp;

  /* children */
  RosterIdentityView   *identity_view;

  /* children */
  GtkStack             *stack;   /* the template's root */
  AdwPreferencesPage   *page;
  AdwAvatar            *avatar;
  GtkLabel             *name_label;
  GtkLabel             *username_label;
  GtkLabel             *email_label;
  AdwPreferencesGroup  *identities_group;
  AdwPreferencesGroup  *findings_group;
  AdwActionRow         *role_row;
  AdwActionRow         *account_row;
  AdwActionRow         *scim_row;
  AdwActionRow         *user_id_row;

  /* state */
  guint                 update_source;
};

G_DEFINE_FINAL_TYPE (RosterMemberDetail, roster_member_detail, ADW_TYPE_BIN)

static const char *
actor_icon (RosterRecipeActor actor)
{
  switch (actor)
    {
    case ROSTER_RECIPE_ACTOR_ROSTER:
      return "system-run-symbolic";
    case ROSTER_RECIPE_ACTOR_OWNER:
      return "avatar-default-symbolic";
    case ROSTER_RECIPE_ACTOR_USER:
      return "system-users-symbolic";
    case ROSTER_RECIPE_ACTOR_IDP:
      return "network-server-symbolic";
    default:
      return "dialog-information-symbolic";
    }
}

static const char *
actor_label (RosterRecipeActor actor)
{
  switch (actor)
    {
    case ROSTER_RECIPE_ACTOR_ROSTER:
      return _("Roster can do this");
    case ROSTER_RECIPE_ACTOR_OWNER:
      return _("For you, the group Owner");
    case ROSTER_RECIPE_ACTOR_USER:
      return _("For the user");
    case ROSTER_RECIPE_ACTOR_IDP:
      return _("In the identity provider");
    default:
      return "";
    }
}

static const char *
severity_icon (RosterSeverity severity)
{
  switch (severity)
    {
    case ROSTER_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case ROSTER_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case ROSTER_SEVERITY_INFO:
    case ROSTER_SEVERITY_OK:
    default:
      return "dialog-information-symbolic";
    }
}

static const char *
severity_class (RosterSeverity severity)
{
  switch (severity)
    {
    case ROSTER_SEVERITY_ERROR:
      return "error";
    case ROSTER_SEVERITY_WARNING:
      return "warning";
    case ROSTER_SEVERITY_INFO:
    case ROSTER_SEVERITY_OK:
    default:
      return "dim-label";
    }
}

static GtkWidget *
new_step_row (const RosterRecipeStep *step,
              guint                   number)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (actor_icon (step->actor));
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (step->why);

  /* An alternative says so itself ("Or, if …"): it shares the number of
   * the step it replaces. */
  if (step->alternative)
    title = g_strdup (step->title);
  else
    title = g_strdup_printf ("%u. %s", number, step->title);

  if (step->url != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "", step->url);
  if (step->method != NULL && step->path != NULL)
    g_string_append_printf (subtitle, "%s%s %s", subtitle->len > 0 ? "\n" : "",
                            step->method, step->path);

  gtk_widget_set_tooltip_text (icon, actor_label (step->actor));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, actor_label (step->actor),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  return row;
}

static GtkWidget *
new_finding_row (RosterMemberDetail *self,
                 RosterFinding      *finding)
{
  RosterFindingKind kind = roster_finding_get_kind (finding);
  RosterSeverity severity = roster_finding_get_severity (finding);
  RosterRecipeContext context = {
    .instance_url = self->instance_url != NULL ? self->instance_url : "https://gitlab.com",
    .group_path = self->group_path != NULL ? self->group_path : "",
    .group_id = self->group_id,
  };
  g_autoptr(RosterRecipe) recipe = roster_recipe_new (finding, self->member, &context);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (severity));
  guint number = 0;

  gtk_widget_add_css_class (icon, severity_class (severity));
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), roster_finding_kind_get_title (kind));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), roster_finding_get_message (finding));
  /* A problem is explained at once; information can wait for a click. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), roster_severity_is_problem (severity));

  if (recipe != NULL)
    {
      for (guint i = 0; i < roster_recipe_get_n_steps (recipe); i++)
        {
          const RosterRecipeStep *step = roster_recipe_get_step (recipe, i);

          if (!step->alternative)
            number++;
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_step_row (step, number));
        }
    }

  return row;
}

static void
clear_findings (RosterMemberDetail *self)
{
  for (guint i = 0; i < self->finding_rows->len; i++)
    adw_preferences_group_remove (self->findings_group, g_ptr_array_index (self->finding_rows, i));
  g_ptr_array_set_size (self->finding_rows, 0);
}

static void
update (RosterMemberDetail *self)
{
  RosterMember *member = self->member;
  g_autofree char *username = NULL;
  g_autofree char *account = NULL;
  g_autofree char *user_id = NULL;
  const char *email;
  const char *state;
  const char *scim;
  gboolean pending;
  guint n_findings;

  g_clear_handle_id (&self->update_source, g_source_remove);
  clear_findings (self);

  if (member == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  adw_avatar_set_text (self->avatar, roster_member_get_display_name (member));
  gtk_label_set_text (self->name_label, roster_member_get_display_name (member));
  if (roster_member_get_username (member) != NULL)
    username = g_strconcat ("@", roster_member_get_username (member), NULL);
  gtk_label_set_text (self->username_label, username != NULL ? username : "");
  gtk_widget_set_visible (GTK_WIDGET (self->username_label), username != NULL);
  email = roster_member_get_email (member);
  gtk_label_set_text (self->email_label, email != NULL ? email : "");
  gtk_widget_set_visible (GTK_WIDGET (self->email_label), email != NULL);

  roster_identity_view_set_values (self->identity_view,
                                   roster_member_get_saml_extern_uid (member),
                                   roster_member_get_scim_extern_uid (member),
                                   roster_member_get_idp_extern_uid (member),
                                   self->show_idp);
  /* While the group loads, a member shows before its identities are all
   * read and compared: no values that may be incomplete, no verdict. */
  pending = roster_member_get_pending (member);
  gtk_widget_set_visible (GTK_WIDGET (self->identity_view), !pending);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_group), !pending);
  adw_preferences_group_set_description (self->identities_group,
                                         pending ? _("Not compared yet: the identities are compared "
                                                     "once the whole group has loaded.")
                                                 : NULL);

  n_findings = pending ? 0 : roster_member_get_n_findings (member);
  for (guint i = 0; i < n_findings; i++)
    {
      GtkWidget *row = new_finding_row (self, roster_member_get_finding (member, i));

      g_ptr_array_add (self->finding_rows, row);
      adw_preferences_group_add (self->findings_group, row);
    }
  adw_preferences_group_set_description (self->findings_group,
                                         n_findings == 0 ? _("No problems with this user’s identities")
                                                         : NULL);

  adw_action_row_set_subtitle (self->role_row, roster_member_role_label (member));

  state = roster_member_get_state (member);
  if (g_strcmp0 (state, "blocked") == 0)
    state = _("Blocked");
  else if (g_strcmp0 (state, "active") == 0 || state == NULL)
    state = _("Active");
  account = roster_member_get_enterprise (member)
            ? g_strdup_printf (_("%s · Enterprise user of this group"), state)
            : g_strdup (state);
  adw_action_row_set_subtitle (self->account_row, account);

  switch (roster_member_get_scim_active (member))
    {
    case ROSTER_SCIM_ACTIVE_TRUE:
      scim = _("Active: the identity provider manages this user");
      break;
    case ROSTER_SCIM_ACTIVE_FALSE:
      scim = _("Deprovisioned by the identity provider");
      break;
    case ROSTER_SCIM_ACTIVE_UNKNOWN:
    default:
      scim = _("Not provisioned");
      break;
    }
  adw_action_row_set_subtitle (self->scim_row, scim);

  user_id = g_strdup_printf ("%" G_GINT64_FORMAT, roster_member_get_user_id (member));
  adw_action_row_set_subtitle (self->user_id_row, user_id);

  gtk_stack_set_visible_child_name (self->stack, "member");
}

static gboolean
update_idle_cb (gpointer user_data)
{
  RosterMemberDetail *self = user_data;

  self->update_source = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* A refresh updates the member in place, one property after the other:
 * show the result once. */
static void
member_notify_cb (RosterMemberDetail *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add (update_idle_cb, self);
}

static void
roster_member_detail_dispose (GObject *object)
{
  RosterMemberDetail *self = (RosterMemberDetail *) object;

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->member != NULL)
    g_signal_handlers_disconnect_by_data (self->member, self);
  g_clear_object (&self->member);
  g_clear_pointer (&self->finding_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_MEMBER_DETAIL);

  G_OBJECT_CLASS (roster_member_detail_parent_class)->dispose (object);
}

static void
roster_member_detail_finalize (GObject *object)
{
  RosterMemberDetail *self = (RosterMemberDetail *) object;

  g_free (self->instance_url);
  g_free (self->group_path);

  G_OBJECT_CLASS (roster_member_detail_parent_class)->finalize (object);
}

static void
roster_member_detail_class_init (RosterMemberDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_member_detail_dispose;
  object_class->finalize = roster_member_detail_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/roster-member-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, page);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, avatar);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, username_label);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, email_label);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, identities_group);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, findings_group);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, role_row);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, account_row);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, scim_row);
  gtk_widget_class_bind_template_child (widget_class, RosterMemberDetail, user_id_row);
}

static void
roster_member_detail_init (RosterMemberDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not a bound template child: gtk_widget_dispose_template () would
   * unparent it behind AdwBin's back (GTK 4.8). */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));

  self->finding_rows = g_ptr_array_new ();
  self->identity_view = ROSTER_IDENTITY_VIEW (roster_identity_view_new ());
  adw_preferences_group_add (self->identities_group, GTK_WIDGET (self->identity_view));
  update (self);
}

/**
 * roster_member_detail_new:
 *
 * Returns: (transfer floating): a detail pane showing nobody
 */
GtkWidget *
roster_member_detail_new (void)
{
  return g_object_new (ROSTER_TYPE_MEMBER_DETAIL, NULL);
}

/* Whether @a and @b show the same: a refresh brings a new member for the
 * same user, most often unchanged. */
static gboolean
same_view (RosterMember *a,
           RosterMember *b)
{
  guint n;

  if (roster_member_get_user_id (a) != roster_member_get_user_id (b)
      || g_strcmp0 (roster_member_get_display_name (a), roster_member_get_display_name (b)) != 0
      || g_strcmp0 (roster_member_get_username (a), roster_member_get_username (b)) != 0
      || g_strcmp0 (roster_member_get_email (a), roster_member_get_email (b)) != 0
      || g_strcmp0 (roster_member_get_state (a), roster_member_get_state (b)) != 0
      || roster_member_get_access_level (a) != roster_member_get_access_level (b)
      || roster_member_get_member (a) != roster_member_get_member (b)
      || roster_member_get_enterprise (a) != roster_member_get_enterprise (b)
      || roster_member_get_scim_active (a) != roster_member_get_scim_active (b)
      || g_strcmp0 (roster_member_get_saml_extern_uid (a), roster_member_get_saml_extern_uid (b)) != 0
      || g_strcmp0 (roster_member_get_scim_extern_uid (a), roster_member_get_scim_extern_uid (b)) != 0
      || g_strcmp0 (roster_member_get_idp_extern_uid (a), roster_member_get_idp_extern_uid (b)) != 0
      || roster_member_get_pending (a) != roster_member_get_pending (b)
      || roster_member_get_n_findings (a) != roster_member_get_n_findings (b))
    return FALSE;

  n = roster_member_get_n_findings (a);
  for (guint i = 0; i < n; i++)
    if (!roster_finding_equal (roster_member_get_finding (a, i), roster_member_get_finding (b, i)))
      return FALSE;
  return TRUE;
}

/**
 * roster_member_detail_set_member:
 * @member: (nullable): the member to show
 */
void
roster_member_detail_set_member (RosterMemberDetail *self,
                                 RosterMember       *member)
{
  g_return_if_fail (ROSTER_IS_MEMBER_DETAIL (self));
  g_return_if_fail (member == NULL || ROSTER_IS_MEMBER (member));

  if (self->member == member)
    return;

  /* The same user as shown, after a refresh: when nothing changed, the
   * page stays as it is (building it again took some 50 ms, and would
   * scroll it back to the top). */
  if (self->member != NULL && member != NULL && self->update_source == 0
      && same_view (self->member, member))
    {
      g_signal_handlers_disconnect_by_data (self->member, self);
      g_set_object (&self->member, member);
      g_signal_connect_swapped (self->member, "notify", G_CALLBACK (member_notify_cb), self);
      return;
    }

  if (self->member != NULL)
    g_signal_handlers_disconnect_by_data (self->member, self);
  g_set_object (&self->member, member);
  if (self->member != NULL)
    g_signal_connect_swapped (self->member, "notify", G_CALLBACK (member_notify_cb), self);

  update (self);
  /* A new member starts at the top. */
  if (member != NULL)
    {
      GtkWidget *scrolled = gtk_widget_get_first_child (GTK_WIDGET (self->page));

      if (GTK_IS_SCROLLED_WINDOW (scrolled))
        gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), 0);
    }
}

RosterMember *
roster_member_detail_get_member (RosterMemberDetail *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_DETAIL (self), NULL);

  return self->member;
}

/**
 * roster_member_detail_set_context:
 *
 * Where the member is: the repair recipes name the group's URLs.
 */
void
roster_member_detail_set_context (RosterMemberDetail *self,
                                  const char         *instance_url,
                                  const char         *group_path,
                                  gint64              group_id)
{
  g_return_if_fail (ROSTER_IS_MEMBER_DETAIL (self));

  /* A refresh brings a new snapshot of the same group, and the window
   * passes its context on before the new members: the recipes name the
   * same URLs. Building the page again here (for the member from before
   * the swap, kept a moment later by same_view()) made the swap's turn
   * and the frame after it lay out new finding rows: some 35 ms of the
   * main thread at 100 000 members (BENCHMARKS.md). */
  if (g_strcmp0 (self->instance_url, instance_url) == 0
      && g_strcmp0 (self->group_path, group_path) == 0
      && self->group_id == group_id)
    return;

  g_free (self->instance_url);
  self->instance_url = g_strdup (instance_url);
  g_free (self->group_path);
  self->group_path = g_strdup (group_path);
  self->group_id = group_id;
  update (self);
}

/**
 * roster_member_detail_set_show_idp:
 *
 * Whether an IdP export is loaded: the IdP's value shows as a third one.
 */
void
roster_member_detail_set_show_idp (RosterMemberDetail *self,
                                   gboolean            show_idp)
{
  g_return_if_fail (ROSTER_IS_MEMBER_DETAIL (self));

  if (self->show_idp == !!show_idp)
    return;
  self->show_idp = !!show_idp;
  update (self);
}

RosterIdentityView *
roster_member_detail_get_identity_view (RosterMemberDetail *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_DETAIL (self), NULL);

  return self->identity_view;
}

guint
roster_member_detail_get_n_findings_shown (RosterMemberDetail *self)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER_DETAIL (self), 0);

  return self->finding_rows->len;
}
