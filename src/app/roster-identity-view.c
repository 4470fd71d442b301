/* roster-identity-view.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-identity-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "roster-diff.h"
#include "roster-identity-view.h"

/* The identity values of one user side by side, the characters in which
 * they differ highlighted (roster-diff), each with a copy button, and a
 * verdict in words under them. The SAML NameId is the reference: it is
 * what sign-in compares. Without one, the SCIM id is. */

typedef struct
{
  GtkWidget *row;
  GtkLabel  *value_label;
  GtkWidget *copy_button;
  char      *value;       /* owned, raw */
} Slot;

struct _RosterIdentityView
{
  GtkWidget  parent_instance;

  /* owned */
  Slot       slots[ROSTER_IDENTITY_SLOT_N];

  /* children */
  GtkWidget *list;
  GtkWidget *verdict_box;
  GtkImage  *verdict_icon;
  GtkLabel  *verdict_label;
  GtkLabel  *legend;
};

G_DEFINE_FINAL_TYPE (RosterIdentityView, roster_identity_view, GTK_TYPE_WIDGET)

static const char *
slot_title (RosterIdentitySlot slot)
{
  switch (slot)
    {
    case ROSTER_IDENTITY_SLOT_SAML:
      return _("SAML NameId");
    case ROSTER_IDENTITY_SLOT_SCIM:
      return _("SCIM ID");
    case ROSTER_IDENTITY_SLOT_IDP:
      return _("Identity Provider");
    default:
      g_assert_not_reached ();
    }
}

static const char *
slot_missing (RosterIdentitySlot slot)
{
  switch (slot)
    {
    case ROSTER_IDENTITY_SLOT_SAML:
      return _("No SAML identity");
    case ROSTER_IDENTITY_SLOT_SCIM:
      return _("No SCIM identity");
    case ROSTER_IDENTITY_SLOT_IDP:
      return _("Not in the IdP export");
    default:
      g_assert_not_reached ();
    }
}

/**
 * roster_identity_display_text:
 * @value: (nullable): a value from a server or a file
 *
 * Returns: (transfer full): @value as it can be shown: valid UTF-8, with
 *   invalid bytes and control characters written as \xNN or \u{NNNN} so
 *   that they are visible (and not swallowed by the label). "" for %NULL.
 */
char *
roster_identity_display_text (const char *value)
{
  GString *out;
  const char *p;
  const char *end;

  if (value == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  p = value;
  end = value + strlen (value);
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }

      if (g_unichar_iscntrl (c) || c == 0x200B || c == 0xFEFF)
        g_string_append_printf (out, c < 0x100 ? "\\x%02X" : "\\u{%04X}", c);
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}

static void
copy_clicked_cb (GtkButton          *button,
                 RosterIdentityView *self)
{
  RosterIdentitySlot slot = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "slot"));
  const char *value = self->slots[slot].value;
  g_autofree char *toast = NULL;

  if (value == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), value);
  /* Translators: %s is "SAML NameId", "SCIM ID" or "Identity Provider". */
  toast = g_strdup_printf (_("%s copied"), slot_title (slot));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", toast);
}

static void
build_slot (RosterIdentityView *self,
            RosterIdentitySlot  slot)
{
  Slot *s = &self->slots[slot];
  GtkWidget *box;
  GtkWidget *texts;
  GtkWidget *title;
  g_autofree char *tooltip = NULL;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);

  title = gtk_label_new (slot_title (slot));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_box_append (GTK_BOX (texts), title);

  s->value_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (s->value_label, 0);
  gtk_label_set_wrap (s->value_label, TRUE);
  gtk_label_set_wrap_mode (s->value_label, PANGO_WRAP_CHAR);
  gtk_label_set_selectable (s->value_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (s->value_label), "identity-value");
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (s->value_label));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (s->value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL,
                                  -1);

  /* Translators: %s is "SAML NameId", "SCIM ID" or "Identity Provider". */
  tooltip = g_strdup_printf (_("Copy %s"), slot_title (slot));
  s->copy_button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_tooltip_text (s->copy_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (s->copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_set_valign (s->copy_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (s->copy_button, "flat");
  g_object_set_data (G_OBJECT (s->copy_button), "slot", GUINT_TO_POINTER (slot));
  g_signal_connect (s->copy_button, "clicked", G_CALLBACK (copy_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), s->copy_button);

  s->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (s->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (s->row), box);
  gtk_list_box_append (GTK_LIST_BOX (self->list), s->row);
}

static void
show_slot (RosterIdentityView *self,
           RosterIdentitySlot  slot,
           GArray             *spans)
{
  Slot *s = &self->slots[slot];
  GtkWidget *label = GTK_WIDGET (s->value_label);

  if (s->value == NULL)
    {
      gtk_label_set_text (s->value_label, slot_missing (slot));
      gtk_label_set_attributes (s->value_label, NULL);
      gtk_widget_remove_css_class (label, "monospace");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_visible (s->copy_button, FALSE);
    }
  else
    {
      g_autofree char *text = roster_identity_display_text (s->value);
      g_autoptr(PangoAttrList) attrs = NULL;

      /* Spans index the display text, which equals the value whenever it
       * is valid and printable; otherwise they were computed on it. */
      attrs = roster_diff_spans_to_attributes (spans);
      gtk_label_set_text (s->value_label, text);
      gtk_label_set_attributes (s->value_label, attrs);
      gtk_widget_add_css_class (label, "monospace");
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_set_visible (s->copy_button, TRUE);
    }
}

static gboolean
only_case (GArray *spans)
{
  for (guint i = 0; i < spans->len; i++)
    if (g_array_index (spans, RosterDiffSpan, i).kind != ROSTER_DIFF_CASE)
      return FALSE;
  return TRUE;
}

typedef enum
{
  VERDICT_NONE,
  VERDICT_OK,
  VERDICT_WARNING,
  VERDICT_ERROR,
} Verdict;

static void
set_verdict (RosterIdentityView *self,
             Verdict             verdict,
             const char         *text)
{
  static const char * const icons[] = {
    "dialog-information-symbolic", "emblem-ok-symbolic",
    "dialog-warning-symbolic", "dialog-error-symbolic",
  };
  static const char * const classes[] = { "dim-label", "success", "warning", "error" };

  gtk_image_set_from_icon_name (self->verdict_icon, icons[verdict]);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), classes[verdict]);
  gtk_label_set_text (self->verdict_label, text);
}

static void
update (RosterIdentityView *self)
{
  const char *saml = self->slots[ROSTER_IDENTITY_SLOT_SAML].value;
  const char *scim = self->slots[ROSTER_IDENTITY_SLOT_SCIM].value;
  const char *idp = self->slots[ROSTER_IDENTITY_SLOT_IDP].value;
  gboolean show_idp = gtk_widget_get_visible (self->slots[ROSTER_IDENTITY_SLOT_IDP].row);
  g_autofree char *saml_text = roster_identity_display_text (saml);
  g_autofree char *scim_text = roster_identity_display_text (scim);
  g_autofree char *idp_text = roster_identity_display_text (idp);
  g_autoptr(GArray) saml_spans = NULL;
  g_autoptr(GArray) scim_spans = NULL;
  g_autoptr(GArray) idp_spans = NULL;
  g_autoptr(GString) verdict_text = g_string_new (NULL);
  Verdict verdict = VERDICT_NONE;
  gboolean any_diff = FALSE;

  if (saml != NULL && scim != NULL)
    {
      roster_diff_compute (saml_text, scim_text, &saml_spans, &scim_spans);
      if (scim_spans->len == 0 && saml_spans->len == 0)
        {
          verdict = VERDICT_OK;
          g_string_append (verdict_text, _("The SAML NameId and the SCIM ID match."));
        }
      else if (only_case (saml_spans) && only_case (scim_spans))
        {
          verdict = VERDICT_WARNING;
          g_string_append (verdict_text,
                           _("The SAML NameId and the SCIM ID differ only in letter case. "
                             "SCIM ignores case, SAML sign-in does not."));
        }
      else
        {
          verdict = VERDICT_ERROR;
          g_string_append (verdict_text,
                           _("The SAML NameId and the SCIM ID differ: the IdP cannot "
                             "match this user’s sign-in to their provisioned account."));
        }
    }
  else if (saml == NULL && scim != NULL)
    {
      verdict = VERDICT_ERROR;
      g_string_append (verdict_text,
                       _("Provisioned by SCIM but not linked to a SAML identity: the user "
                         "has not signed in through the group’s SSO yet."));
    }
  else if (saml != NULL && scim == NULL)
    {
      verdict = VERDICT_WARNING;
      g_string_append (verdict_text,
                       _("Signs in with SAML but has no SCIM identity: the IdP will not "
                         "deprovision this user."));
    }
  else
    {
      g_string_append (verdict_text, _("This user has neither a SAML nor a SCIM identity."));
    }

  if (show_idp && idp != NULL && (saml != NULL || scim != NULL))
    {
      g_autoptr(GArray) ref_spans = NULL;
      const char *ref_text = saml != NULL ? saml_text : scim_text;
      GArray **ref_spans_out = saml != NULL ? &saml_spans : &scim_spans;

      roster_diff_compute (ref_text, idp_text, &ref_spans, &idp_spans);
      if (idp_spans->len > 0 || ref_spans->len > 0)
        {
          if (*ref_spans_out == NULL)
            *ref_spans_out = g_steal_pointer (&ref_spans);
          else
            roster_diff_merge_spans (*ref_spans_out, ref_spans);

          verdict = VERDICT_ERROR;
          g_string_append_c (verdict_text, ' ');
          g_string_append (verdict_text,
                           saml != NULL
                           ? _("The identity provider sends a different value than the SAML NameId.")
                           : _("The identity provider sends a different value than the SCIM ID."));
        }
    }

  show_slot (self, ROSTER_IDENTITY_SLOT_SAML, saml_spans);
  show_slot (self, ROSTER_IDENTITY_SLOT_SCIM, scim_spans);
  show_slot (self, ROSTER_IDENTITY_SLOT_IDP, idp_spans);
  set_verdict (self, verdict, verdict_text->str);

  any_diff = (saml_spans != NULL && saml_spans->len > 0)
             || (scim_spans != NULL && scim_spans->len > 0)
             || (idp_spans != NULL && idp_spans->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->legend), any_diff);
}

static void
roster_identity_view_dispose (GObject *object)
{
  RosterIdentityView *self = (RosterIdentityView *) object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (roster_identity_view_parent_class)->dispose (object);
}

static void
roster_identity_view_finalize (GObject *object)
{
  RosterIdentityView *self = (RosterIdentityView *) object;

  for (guint i = 0; i < ROSTER_IDENTITY_SLOT_N; i++)
    g_free (self->slots[i].value);

  G_OBJECT_CLASS (roster_identity_view_parent_class)->finalize (object);
}

static void
roster_identity_view_class_init (RosterIdentityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_identity_view_dispose;
  object_class->finalize = roster_identity_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "identityview");
}

static void
roster_identity_view_init (RosterIdentityView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_parent (self->list, GTK_WIDGET (self));

  for (guint i = 0; i < ROSTER_IDENTITY_SLOT_N; i++)
    build_slot (self, i);
  gtk_widget_set_visible (self->slots[ROSTER_IDENTITY_SLOT_IDP].row, FALSE);

  self->verdict_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_parent (self->verdict_box, GTK_WIDGET (self));
  self->verdict_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->verdict_icon), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->verdict_box), GTK_WIDGET (self->verdict_icon));
  self->verdict_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->verdict_label, TRUE);
  gtk_label_set_xalign (self->verdict_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->verdict_label), TRUE);
  gtk_box_append (GTK_BOX (self->verdict_box), GTK_WIDGET (self->verdict_label));

  self->legend = GTK_LABEL (gtk_label_new (_("Highlighted characters differ; a double underline "
                                             "marks a difference in letter case only.")));
  gtk_label_set_wrap (self->legend, TRUE);
  gtk_label_set_xalign (self->legend, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->legend), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->legend), "dim-label");
  gtk_widget_set_parent (GTK_WIDGET (self->legend), GTK_WIDGET (self));

  update (self);
}

/**
 * roster_identity_view_new:
 *
 * Returns: (transfer floating): a view with no values
 */
GtkWidget *
roster_identity_view_new (void)
{
  return g_object_new (ROSTER_TYPE_IDENTITY_VIEW, NULL);
}

/**
 * roster_identity_view_set_values:
 * @saml: (nullable): the SAML NameId, %NULL when there is no SAML identity
 * @scim: (nullable): the SCIM id, %NULL when there is no SCIM identity
 * @idp: (nullable): the IdP's value, %NULL when the export lacks the user
 * @show_idp: whether an IdP export is loaded (shows the third row)
 *
 * Shows the values, their differences and the verdict.
 */
void
roster_identity_view_set_values (RosterIdentityView *self,
                                 const char         *saml,
                                 const char         *scim,
                                 const char         *idp,
                                 gboolean            show_idp)
{
  const char *values[] = { saml, scim, idp };

  g_return_if_fail (ROSTER_IS_IDENTITY_VIEW (self));

  for (guint i = 0; i < ROSTER_IDENTITY_SLOT_N; i++)
    {
      g_free (self->slots[i].value);
      self->slots[i].value = g_strdup (values[i]);
    }
  gtk_widget_set_visible (self->slots[ROSTER_IDENTITY_SLOT_IDP].row, show_idp);

  update (self);
}

/**
 * roster_identity_view_get_value:
 *
 * Returns: (nullable): the raw value shown in @slot
 */
const char *
roster_identity_view_get_value (RosterIdentityView *self,
                                RosterIdentitySlot  slot)
{
  g_return_val_if_fail (ROSTER_IS_IDENTITY_VIEW (self), NULL);
  g_return_val_if_fail (slot < ROSTER_IDENTITY_SLOT_N, NULL);

  return self->slots[slot].value;
}

/**
 * roster_identity_view_get_value_label:
 *
 * Returns: (transfer none): the label showing @slot (for tests)
 */
GtkLabel *
roster_identity_view_get_value_label (RosterIdentityView *self,
                                      RosterIdentitySlot  slot)
{
  g_return_val_if_fail (ROSTER_IS_IDENTITY_VIEW (self), NULL);
  g_return_val_if_fail (slot < ROSTER_IDENTITY_SLOT_N, NULL);

  return self->slots[slot].value_label;
}

/**
 * roster_identity_view_get_verdict:
 *
 * Returns: (transfer none): the label with the verdict in words (for tests)
 */
GtkLabel *
roster_identity_view_get_verdict (RosterIdentityView *self)
{
  g_return_val_if_fail (ROSTER_IS_IDENTITY_VIEW (self), NULL);

  return self->verdict_label;
}
