/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The list view inside @column_view, which holds the row widgets and whose
 * actions ("list.scroll-to-item", "list.select-item") move in the list; GTK 4.8
 * gives no other way to it */
static inline GtkWidget *
cv_column_view_get_list_view (GtkColumnView *column_view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

G_END_DECLS
