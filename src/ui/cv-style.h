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

/* The narrowest a wrapping label made by cv_style_label_set_wrap() asks to be, in
 * characters (of the average width) */
#define CV_STYLE_WRAP_MIN_CHARS 8

/* Makes @label wrap its lines in @mode, and ask to be at least
 * CV_STYLE_WRAP_MIN_CHARS characters wide. GTK 4.8 works out a wrapping label's
 * minimum width otherwise by laying its text out at no width at all, one
 * character or word per line, and Pango shapes what is left of the text again at
 * every line it breaks: for a paragraph or a fingerprint, more time than the
 * label's other layouts together. */
void cv_style_label_set_wrap (GtkLabel      *label,
                              PangoWrapMode  mode);

G_END_DECLS
