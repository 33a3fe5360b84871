/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Names @value for screen readers by its title (and, for a table, its column),
 * said first: "Issued By, Saved Decision: CN=…", as the certificate tree's rows
 * are said. GTK 4.8 reads a label's own text before the labels of a labelled-by
 * relation, so that a value named by its title that way was heard before the
 * title. The name follows the three labels' texts from then on. */
void cv_a11y_name_by_title (GtkLabel *value,
                            GtkLabel *title,
                            GtkLabel *column);

G_END_DECLS
