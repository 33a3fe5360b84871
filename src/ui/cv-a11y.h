/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Names @value for screen readers "@title: its text", title first, as the
 * certificate tree's rows are said. GTK 4.8 reads a label's own text before
 * the labels of a labelled-by relation, so that a value named by its title
 * that way was heard before the title. Again after each change of @value's
 * text, which renames it */
void cv_a11y_name_value (GtkLabel   *value,
                         const char *title);

G_END_DECLS
