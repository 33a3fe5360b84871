/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A tooltip for a cell of a list, set at every bind or update.
 *
 * gtk_widget_set_tooltip_text() asks the display where the pointer is each time
 * it is called on a visible widget, so that a tooltip already shown follows its
 * new text: on X11 three round trips to the server per call. A list that
 * rebinds or updates hundreds of cells in one frame then waits for hundreds of
 * replies; a check of 1000 saved servers held the window still for 180 ms.
 * This one keeps the text and gives it when GTK asks, on hover or for the
 * keyboard; only a widget under the pointer, whose tooltip may be showing, has
 * GTK look again, so that the tooltip follows its new text.
 *
 * Unlike gtk_widget_set_tooltip_text(), it leaves the accessible description
 * alone: the cells say what screen readers need themselves. NULL or "" removes
 * the tooltip. */
void        cv_tooltip_set_text (GtkWidget  *widget,
                                 const char *text);
const char *cv_tooltip_get_text (GtkWidget  *widget);

G_END_DECLS
