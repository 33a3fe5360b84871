/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the window tests share */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* However narrow @label is made, no line of it starts inside the first @whole in
 * its text: wrapped, @label never breaks it */
void cv_test_assert_label_keeps_whole (GtkLabel   *label,
                                       const char *whole);

/* Spins the default main context while @busy (@object) says so, failing the test
 * after @seconds, then lets the window lay out and draw; returns the longest the
 * context went without an iteration, in microseconds. A timer wakes the loop
 * every 10 ms, so that the deadline is looked at when nothing happens. */
gint64 cv_test_spin_while (gpointer   object,
                           gboolean (*busy) (gpointer object),
                           guint      seconds);

G_END_DECLS
