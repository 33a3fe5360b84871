/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the window tests share */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* However narrow @label is made, no line of it starts inside the first @whole in
 * its text: wrapped, @label never breaks it */
void cv_test_assert_label_keeps_whole (GtkLabel   *label,
                                       const char *whole);

G_END_DECLS
