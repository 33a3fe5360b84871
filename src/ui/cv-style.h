/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Certview's style sheet (the banner, the Invalid mark, the section titles, the
 * Saved Decisions' statuses) on @display, once: any of its windows may be the
 * first to open, also inside another program that shows the prompt */
void cv_style_ensure (GdkDisplay *display);

/* Sets @text on @label, wrapped where it must be but never inside a command-line
 * option ("--trust-store"): broken at its hyphens, it reads as two words and is
 * copied wrong. Nor just after the slash that starts a path ("« /" and "tmp/…"). */
void cv_style_label_set_text (GtkLabel   *label,
                              const char *text);

G_END_DECLS
