/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Certview's style sheet (the banner, the Invalid mark, the section titles, the
 * Saved Decisions' statuses) on @display, once: any of its windows may be the
 * first to open, also inside another program that shows the prompt */
void cv_style_ensure (GdkDisplay *display);

G_END_DECLS
