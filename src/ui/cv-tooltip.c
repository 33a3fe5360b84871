/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-tooltip.h"

#define TEXT_KEY "cv-tooltip-text"
#define MOTION_KEY "cv-tooltip-motion"

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = cv_tooltip_get_text (widget);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
cv_tooltip_set_text (GtkWidget  *widget,
                     const char *text)
{
  GObject *object;
  GtkEventController *motion;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  object = G_OBJECT (widget);

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (cv_tooltip_get_text (widget), text) == 0)
    return;

  motion = g_object_get_data (object, MOTION_KEY);
  if (motion == NULL)
    {
      /* Knows whether the pointer is over the widget without asking the server */
      motion = gtk_event_controller_motion_new ();
      gtk_widget_add_controller (widget, motion);
      g_object_set_data (object, MOTION_KEY, motion);
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
    }
  g_object_set_data_full (object, TEXT_KEY, g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);

  /* Under the pointer, the tooltip may be showing: it follows the new text, as
   * GTK's own would (one widget asks, not every cell) */
  if (gtk_event_controller_motion_contains_pointer (GTK_EVENT_CONTROLLER_MOTION (motion)))
    gtk_widget_trigger_tooltip_query (widget);
}

const char *
cv_tooltip_get_text (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_data (G_OBJECT (widget), TEXT_KEY);
}
