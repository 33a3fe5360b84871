/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cell-frame.h"

struct _CvCellFrame
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (CvCellFrame, cv_cell_frame, GTK_TYPE_WIDGET)

static GtkSizeRequestMode
cv_cell_frame_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cv_cell_frame_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child == NULL || !gtk_widget_get_visible (child))
    {
      *minimum = *natural = 0;
      return;
    }

  /* A width is asked for at no height; a height, at the width given */
  gtk_widget_measure (child, orientation,
                      orientation == GTK_ORIENTATION_HORIZONTAL ? -1 : for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
cv_cell_frame_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);
  int minimum = 0;
  int natural = 0;

  if (child == NULL || !gtk_widget_get_visible (child))
    return;

  /* At the top, as tall as the content is at this width */
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
  gtk_widget_allocate (child, width, MAX (minimum, MIN (natural, height)), -1, NULL);
}

static void
cv_cell_frame_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cv_cell_frame_parent_class)->dispose (object);
}

static void
cv_cell_frame_class_init (CvCellFrameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cv_cell_frame_dispose;
  widget_class->get_request_mode = cv_cell_frame_get_request_mode;
  widget_class->measure = cv_cell_frame_measure;
  widget_class->size_allocate = cv_cell_frame_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "cellframe");
}

static void
cv_cell_frame_init (CvCellFrame *self)
{
}

GtkWidget *
cv_cell_frame_new (GtkWidget *child)
{
  GtkWidget *self;

  g_return_val_if_fail (GTK_IS_WIDGET (child), NULL);
  g_return_val_if_fail (gtk_widget_get_parent (child) == NULL, NULL);

  self = g_object_new (CV_TYPE_CELL_FRAME, NULL);
  gtk_widget_set_parent (child, self);
  return self;
}
