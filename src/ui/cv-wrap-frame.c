/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-wrap-frame.h"

struct _CvWrapFrame
{
  GtkWidget  parent_instance;

  GtkWidget *child;
};

enum
{
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CvWrapFrame, cv_wrap_frame, GTK_TYPE_WIDGET)

static GtkSizeRequestMode
cv_wrap_frame_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cv_wrap_frame_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  CvWrapFrame *self = CV_WRAP_FRAME (widget);

  if (self->child == NULL || !gtk_widget_get_visible (self->child))
    {
      *minimum = *natural = 0;
      return;
    }

  /* A width is asked for at no height; a height, at the width given */
  gtk_widget_measure (self->child, orientation,
                      orientation == GTK_ORIENTATION_HORIZONTAL ? -1 : for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
cv_wrap_frame_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  CvWrapFrame *self = CV_WRAP_FRAME (widget);
  int minimum = 0;
  int natural = 0;

  if (self->child == NULL || !gtk_widget_get_visible (self->child))
    return;

  /* At the top, as tall as the content is at this width */
  gtk_widget_measure (self->child, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural,
                      NULL, NULL);
  gtk_widget_allocate (self->child, width, MAX (minimum, MIN (natural, height)), -1, NULL);
}

static void
cv_wrap_frame_dispose (GObject *object)
{
  CvWrapFrame *self = CV_WRAP_FRAME (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (cv_wrap_frame_parent_class)->dispose (object);
}

static void
cv_wrap_frame_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CvWrapFrame *self = CV_WRAP_FRAME (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_wrap_frame_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CvWrapFrame *self = CV_WRAP_FRAME (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      cv_wrap_frame_set_child (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_wrap_frame_class_init (CvWrapFrameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cv_wrap_frame_dispose;
  object_class->get_property = cv_wrap_frame_get_property;
  object_class->set_property = cv_wrap_frame_set_property;
  widget_class->get_request_mode = cv_wrap_frame_get_request_mode;
  widget_class->measure = cv_wrap_frame_measure;
  widget_class->size_allocate = cv_wrap_frame_size_allocate;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapframe");
}

static void
cv_wrap_frame_init (CvWrapFrame *self)
{
}

GtkWidget *
cv_wrap_frame_new (GtkWidget *child)
{
  g_return_val_if_fail (GTK_IS_WIDGET (child), NULL);

  return g_object_new (CV_TYPE_WRAP_FRAME, "child", child, NULL);
}

GtkWidget *
cv_wrap_frame_get_child (CvWrapFrame *self)
{
  g_return_val_if_fail (CV_IS_WRAP_FRAME (self), NULL);

  return self->child;
}

void
cv_wrap_frame_set_child (CvWrapFrame *self,
                         GtkWidget   *child)
{
  g_return_if_fail (CV_IS_WRAP_FRAME (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_return_if_fail (child == NULL || gtk_widget_get_parent (child) == NULL);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}
