/* ui-test-utils.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-test-utils.h"

/* Whether some of @label's text has a background colour: how the identity
 * view highlights the characters where two values differ. */
gboolean
ui_test_label_has_background (GtkLabel *label)
{
  PangoAttrList *attrs = gtk_label_get_attributes (label);
  g_autoptr(GSList) list = NULL;
  gboolean found = FALSE;

  if (attrs == NULL)
    return FALSE;
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      if (((PangoAttribute *) l->data)->klass->type == PANGO_ATTR_BACKGROUND)
        found = TRUE;
      pango_attribute_destroy (l->data);
    }
  return found;
}

/* A copy of @model's items (a reference each), for a test to check that
 * the model's "items-changed" signals tell the truth: pass each one to
 * ui_test_mirror_update(). */
GPtrArray *
ui_test_mirror_new (GListModel *model)
{
  GPtrArray *mirror = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (mirror, g_list_model_get_item (model, i));
  return mirror;
}

/* Applies a change of @model to @mirror; asserts that it fits. */
void
ui_test_mirror_update (GPtrArray  *mirror,
                       GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (model));
}
