/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Once per display: after @widget's window has drawn its first frame, the icons a
 * report brings are made ready, one per idle moment */
void       cv_icon_warmup_after_first_frame (GtkWidget  *widget);
/* The icons made ready (GtkIconPaintable), once all are; NULL before */
GPtrArray *cv_icon_warmup_peek_ready        (GdkDisplay *display);

G_END_DECLS
