/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The top of a cell of the certificate tree (CvCertificateView), holding what the
 * cell shows at the top of the cell, as tall as it is at the column's width, so that
 * a field's name and its arrow stay beside the start of a long value.
 *
 * GtkColumnView allocates each cell's content after asking for its width at the
 * row's height, and GTK asks the same of a widget aligned other than to fill; a
 * wrapping GtkLabel answers that with a binary search over widths, laying its text
 * out again at each step (about 18 times a label, in every frame that adds rows).
 * A cell's width is its column's, never its content's: the frame gives its
 * content's width at no particular height, which costs a label two layouts, and
 * aligns the content itself.
 */
#define CV_TYPE_CELL_FRAME (cv_cell_frame_get_type ())
G_DECLARE_FINAL_TYPE (CvCellFrame, cv_cell_frame, CV, CELL_FRAME, GtkWidget)

/* A frame around @child (which it takes) */
GtkWidget *cv_cell_frame_new (GtkWidget *child);

G_END_DECLS
