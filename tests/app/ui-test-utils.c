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
