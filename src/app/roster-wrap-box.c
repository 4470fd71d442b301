/* roster-wrap-box.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-wrap-box"

#include "config.h"

#include "roster-wrap-box.h"

/* A row of children at their natural width that wraps onto more lines
 * when the width runs out (libadwaita has AdwWrapBox only from 1.7). The
 * filter chips sit in one: on a narrow window, every filter stays in
 * sight instead of running off the edge. */

struct _RosterWrapBox
{
  GtkWidget parent_instance;

  int spacing;       /* between children on a line */
  int line_spacing;  /* between lines */
};

G_DEFINE_FINAL_TYPE (RosterWrapBox, roster_wrap_box, GTK_TYPE_WIDGET)

/* Lays the children out in @width; returns the height it takes. With
 * @allocate, also allocates them. */
static int
layout (RosterWrapBox *self,
        int            width,
        gboolean       allocate)
{
  int x = 0;
  int y = 0;
  int line_height = 0;
  GtkWidget *line_start = gtk_widget_get_first_child (GTK_WIDGET (self));
  GtkWidget *child;

  for (child = line_start; child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_min;
      int child_width;
      int child_height;

      if (!gtk_widget_should_layout (child))
        continue;

      /* Natural width, down to the minimum when the line is narrower. */
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_width, NULL, NULL);
      child_width = MAX (child_min, MIN (child_width, width));
      if (x > 0 && x + child_width > width)
        {
          /* A new line. */
          y += line_height + self->line_spacing;
          x = 0;
          line_height = 0;
        }
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height, NULL, NULL);
      if (allocate)
        {
          GtkAllocation box = { x, y, child_width, child_height };

          if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
            box.x = width - x - child_width;
          gtk_widget_size_allocate (child, &box, -1);
        }
      x += child_width + self->spacing;
      line_height = MAX (line_height, child_height);
    }

  return y + line_height;
}

static GtkSizeRequestMode
roster_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
roster_wrap_box_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  RosterWrapBox *self = ROSTER_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least the widest child; at best all of them on one line. */
      int widest = 0;
      int line = 0;
      guint n = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          widest = MAX (widest, child_min);
          line += child_nat + (n > 0 ? self->spacing : 0);
          n++;
        }
      *minimum = widest;
      *natural = line;
    }
  else
    {
      int height;

      if (for_size < 0)
        {
          /* No width given: as on one line at the natural width. */
          int minimum_width, natural_width;

          roster_wrap_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1,
                                   &minimum_width, &natural_width, NULL, NULL);
          for_size = natural_width;
        }
      height = layout (self, for_size, FALSE);
      *minimum = height;
      *natural = height;
    }
}

static void
roster_wrap_box_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  layout (ROSTER_WRAP_BOX (widget), width, TRUE);
}

static void
roster_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (roster_wrap_box_parent_class)->dispose (object);
}

static void
roster_wrap_box_class_init (RosterWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_wrap_box_dispose;
  widget_class->get_request_mode = roster_wrap_box_get_request_mode;
  widget_class->measure = roster_wrap_box_measure;
  widget_class->size_allocate = roster_wrap_box_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
roster_wrap_box_init (RosterWrapBox *self)
{
  self->spacing = 6;
  self->line_spacing = 6;
}

/**
 * roster_wrap_box_new:
 *
 * Returns: (transfer floating): a box that wraps its children onto lines,
 *   6 px apart either way
 */
GtkWidget *
roster_wrap_box_new (void)
{
  return g_object_new (ROSTER_TYPE_WRAP_BOX, NULL);
}

/**
 * roster_wrap_box_append:
 * @self: a #RosterWrapBox
 * @child: a widget without a parent
 *
 * Adds @child after the others.
 */
void
roster_wrap_box_append (RosterWrapBox *self,
                        GtkWidget     *child)
{
  g_return_if_fail (ROSTER_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}
