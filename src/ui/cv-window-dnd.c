/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the window takes by drag and drop: certificate files */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-window-private.h"

/* Certificate files dropped on the window: the first opens here, as Open would
 * open it; the others in windows of their own, as the desktop opens files */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  CvWindow *self = user_data;
  GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GPtrArray) others = g_ptr_array_new ();

  if (files == NULL)
    return FALSE;

  cv_window_open_file (self, files->data);
  for (GSList *l = files->next; l != NULL; l = l->next)
    g_ptr_array_add (others, l->data);
  if (others->len > 0 && application != NULL)
    g_application_open (G_APPLICATION (application), (GFile **) others->pdata,
                        (int) others->len, "");

  g_slist_free (files);
  return TRUE;
}

void
cv_window_dnd_init (CvWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
