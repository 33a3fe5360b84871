/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-window-private.h"

#include "cv-file-chooser.h"
#include "cv-trust-window.h"

#include <glib/gi18n.h>

void
cv_window_actions_update (CvWindow *self)
{
  gboolean busy = cv_inspection_get_busy (self->inspection);
  gboolean has_report = cv_report_pane_get_report (self->pane) != NULL;
  gboolean has_leaf = cv_report_pane_has_leaf (self->pane);
  g_autoptr(GObject) selected = NULL;

  if (has_report)
    selected = cv_certificate_view_dup_selected_item (
      cv_report_pane_get_certificate_view (self->pane));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.inspect", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-value", selected != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-fingerprint", has_leaf);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-certificate", has_leaf);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-chain", has_report);
}

/* Inspects what the form names, or says what is wrong with it */
static void
inspect_form (CvWindow *self)
{
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (cv_inspection_get_busy (self->inspection))
    return;

  /* A file named in the field opens as Open would */
  file = cv_server_form_dup_file (self->server_form);
  if (file != NULL)
    {
      cv_window_open_file (self, file);
      return;
    }

  /* A file opened last, and a form left empty: Enter reads the file again, as it
   * inspects a server again, also after the file could not be read */
  text = g_strstrip (g_strdup (cv_server_form_get_text (self->server_form)));
  if (text[0] == '\0' && self->last_file != NULL)
    {
      file = g_file_new_for_path (self->last_file);
      cv_window_open_file (self, file);
      return;
    }

  target = cv_server_form_dup_target (self->server_form, &error);
  if (target == NULL)
    {
      /* Nothing was inspected: a result shown keeps its verdict, and the banner above
       * it stays its own */
      if (cv_report_pane_get_report (self->pane) != NULL)
        {
          g_autofree char *notice =
            /* TRANSLATORS: above a result, when Enter found no address to inspect in
             * the Server field; %s says what is wrong with it */
            g_strdup_printf (_("Check the server address: %s"),
                             error != NULL ? error->message : "");

          cv_report_pane_show_notice (self->pane, TRUE, notice);
        }
      else
        {
          cv_report_pane_hide_notice (self->pane);
          cv_verdict_banner_show_problem (cv_report_pane_get_banner (self->pane),
                                          "dialog-warning-symbolic",
                                          _("Check the Server Address"), NULL,
                                          error != NULL ? error->message : NULL);
        }
      cv_server_form_focus_server (self->server_form);
      return;
    }

  cv_window_start_inspection (self, target);
}

static void
inspect_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  inspect_form (CV_WINDOW (widget));
}

/* Escape stops a run */
static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cv_window_cancel (CV_WINDOW (widget));
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  CvWindow        *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->file_chooser);

  if (file != NULL)
    cv_window_open_file (self, file);
}

static void
open_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);

  self->file_chooser = cv_file_chooser_new_open (GTK_WINDOW (self));
  g_signal_connect (self->file_chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);

  cv_report_pane_ask_export (self->pane, g_str_equal (action_name, "win.export-chain"));
}

static void
copy_value_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cv_report_pane_copy_value (CV_WINDOW (widget)->pane);
}

static void
copy_fingerprint_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  cv_report_pane_copy_fingerprint (CV_WINDOW (widget)->pane);
}

static void
saved_decisions_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);
  CvTrustWindow *window =
    cv_trust_window_new (GTK_WINDOW (self),
                         cv_inspection_get_trust_store_path (self->inspection));

  gtk_window_present (GTK_WINDOW (window));
}

/* The Keyboard Shortcuts window, built when first asked for rather than with every
 * main window: nothing of it is needed before then */
static void
show_help_overlay_action_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);

  if (self->help_overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/certview/Certview/help-overlay.ui");

      self->help_overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_transient_for (self->help_overlay, GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (self->help_overlay, TRUE);
      gtk_window_set_hide_on_close (self->help_overlay, TRUE);
      g_object_add_weak_pointer (G_OBJECT (self->help_overlay),
                                 (gpointer *) &self->help_overlay);
    }

  gtk_window_present (self->help_overlay);
}

void
cv_window_class_actions_init (CvWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.inspect", NULL, inspect_action_cb);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action_cb);
  gtk_widget_class_install_action (widget_class, "win.copy-value", NULL, copy_value_action_cb);
  gtk_widget_class_install_action (widget_class, "win.copy-fingerprint", NULL,
                                   copy_fingerprint_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-certificate", NULL,
                                   export_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-chain", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "win.saved-decisions", NULL,
                                   saved_decisions_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "win.copy-value", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}
