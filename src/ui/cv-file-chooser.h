/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The file choosers of the windows, modal to @parent. The caller connects to
 * "response" and destroys the chooser (gtk_native_dialog_destroy()) when done.
 */

/* Open Certificate File: PEM, CRT and DER files first */
GtkFileChooserNative *cv_file_chooser_new_open   (GtkWindow  *parent);
/* Export Certificate (or Chain): PEM files, proposing a name made from
 * @display_name (the certificate's; NULL for a generic one) */
GtkFileChooserNative *cv_file_chooser_new_export (GtkWindow  *parent,
                                                  const char *display_name,
                                                  gboolean    whole_chain);

G_END_DECLS
