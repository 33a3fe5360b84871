/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-file-chooser.h"

#include <glib/gi18n.h>

static void
add_filter (GtkFileChooser     *chooser,
            const char         *name,
            const char * const *patterns,
            const char * const *mime_types)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static GtkFileChooserNative *
new_chooser (GtkWindow            *parent,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept_label)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, parent, action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

GtkFileChooserNative *
cv_file_chooser_new_open (GtkWindow *parent)
{
  const char * const all_patterns[] = { "*.pem", "*.crt", "*.cer", "*.der", "*.p7b", "*.p7c",
                                        NULL };
  const char * const mime_types[] = {
    "application/x-x509-ca-cert", "application/x-x509-user-cert", "application/pkix-cert",
    "application/x-pem-file", "application/x-pkcs7-certificates", NULL
  };
  const char * const pem_patterns[] = { "*.pem", "*.crt", NULL };
  const char * const der_patterns[] = { "*.der", "*.cer", NULL };
  const char * const pkcs7_patterns[] = { "*.p7b", "*.p7c", NULL };
  const char * const any_pattern[] = { "*", NULL };
  GtkFileChooserNative *chooser;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  chooser = new_chooser (parent, _("Open Certificate File"),
                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  add_filter (GTK_FILE_CHOOSER (chooser), _("Certificates (PEM, CRT, DER, P7B)"),
              all_patterns, mime_types);
  add_filter (GTK_FILE_CHOOSER (chooser), _("PEM Files"), pem_patterns, NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), _("DER Files"), der_patterns, NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), _("PKCS #7 Bundles"), pkcs7_patterns, NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), _("All Files"), any_pattern, NULL);
  return chooser;
}
