/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The least a GTK 4 program needs to show a certificate's fields: a column view
 * with a field's name and its value in each row (values wrap, as a viewer's
 * must), in a scrolled window, nothing selected. Each of @rows' strings is one
 * row, "NAME\tVALUE". The floor that start-up and the window's stalls are
 * compared with. */
GtkWidget *bench_field_list_new          (GtkStringList *rows);

/* @n_rows rows of a typical certificate's fields, appended to @rows */
void       bench_field_list_append_rows  (GtkStringList *rows,
                                          guint          n_rows);

G_END_DECLS
