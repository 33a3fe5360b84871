/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * A frame around content with wrapping text: it asks for the content's width at no
 * particular height, and holds the content at its top, as tall as the content is at
 * the width given (so that, in the certificate tree, a field's name stays beside the
 * start of a long value).
 *
 * GTK 4.8 asks a widget for its width at a given height in several places: a
 * horizontal box for each child, GtkColumnView for each cell's content, and any
 * widget aligned other than to fill. A wrapping GtkLabel answers with a binary
 * search over widths, laying its text out again at each step, about 18 times a
 * label; a frame's content is never wider than the room it is given, so the frame
 * answers with the width at no height, which costs a label two layouts. Used where
 * text changes while the window runs: the tree's cells, the verdict banner.
 */
#define CV_TYPE_WRAP_FRAME (cv_wrap_frame_get_type ())
G_DECLARE_FINAL_TYPE (CvWrapFrame, cv_wrap_frame, CV, WRAP_FRAME, GtkWidget)

/* A frame around @child (which it takes) */
GtkWidget *cv_wrap_frame_new       (GtkWidget   *child);
/* The content, or NULL */
GtkWidget *cv_wrap_frame_get_child (CvWrapFrame *self);
/* Replaces the content with @child (which it takes), or none */
void       cv_wrap_frame_set_child (CvWrapFrame *self,
                                    GtkWidget   *child);

G_END_DECLS
