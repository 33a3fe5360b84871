/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Open Certificate File, modal to @parent: PEM, CRT and DER files first. The
 * caller connects to "response" and destroys the chooser
 * (gtk_native_dialog_destroy()) when done. The export chooser is the report
 * pane's.
 */
GtkFileChooserNative *cv_file_chooser_new_open (GtkWindow *parent);

G_END_DECLS
