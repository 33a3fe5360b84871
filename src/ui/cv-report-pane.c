/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-report-pane.h"

#include "cv-certificate.h"
#include "cv-change-warning.h"
#include "cv-icon-warmup.h"
#include "cv-style.h"
#include "cv-prompt-overview.h"

#include <glib/gi18n.h>

#define NOTICE_TIMEOUT_SECONDS 5

struct _CvReportPane
{
  GtkWidget             parent_instance;

  CvReport             *report;
  CvTrustCheck         *check;

  GtkFileChooserNative *file_chooser;
  guint                 notice_timeout_id;
  /* Whether the saved decision shows as a section above the tree */
  gboolean              shows_decision;

  /* Template widgets */
  CvVerdictBanner      *banner;
  GtkRevealer          *notice_revealer;
  GtkWidget            *notice;
  GtkLabel             *notice_label;
  GtkWidget            *content_scroller;
  GtkStack             *content_stack;
  GtkWidget            *empty_hint;
  CvCertificateView    *certificate_view;
  CvPromptOverview     *prompt_overview;
  CvChangeWarning      *change_warning;
};

G_DEFINE_FINAL_TYPE (CvReportPane, cv_report_pane, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
notice_timeout_cb (gpointer user_data)
{
  CvReportPane *self = CV_REPORT_PANE (user_data);

  self->notice_timeout_id = 0;
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

/* A faded-out revealer still takes its child's room */
static void
notice_child_revealed_cb (GtkRevealer  *revealer,
                          GParamSpec   *pspec,
                          CvReportPane *self)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

static void
notice_close_clicked_cb (GtkButton    *button,
                         CvReportPane *self)
{
  cv_report_pane_hide_notice (self);
}

static void
view_selection_changed_cb (CvCertificateView *view,
                           CvReportPane      *self)
{
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    CvReportPane    *self)
{
  gboolean whole_chain = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "whole-chain"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->file_chooser);

  if (file != NULL)
    cv_report_pane_export (self, file, whole_chain);
}

/* A file being written: the pane, kept alive until it can tell, and the name of the
 * trusted root added at the end, if any */
typedef struct
{
  CvReportPane *self;
  char         *root_name;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->self);
  g_free (export->root_name);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static void
append_pem (GString       *pem,
            CvCertificate *certificate)
{
  g_autofree char *text = cv_certificate_to_pem (certificate);

  g_string_append (pem, text);
  if (pem->len > 0 && pem->str[pem->len - 1] != '\n')
    g_string_append_c (pem, '\n');
}

/* Why a file could not be written, and what to do, in Certview's words for the
 * usual reasons; NULL for others, whose message GIO words (and which names the
 * file a second time) */
static const char *
export_failure_reason (const GError *error)
{
  if (error->domain != G_IO_ERROR)
    return NULL;
  switch (error->code)
    {
    case G_IO_ERROR_NOT_FOUND:
      return _("the folder does not exist, or cannot hold files. Choose another folder.");
    case G_IO_ERROR_PERMISSION_DENIED:
      return _("you may not write there. Choose a folder of your own.");
    case G_IO_ERROR_READ_ONLY:
      return _("the folder is on a read-only disk. Choose another folder.");
    case G_IO_ERROR_NO_SPACE:
      return _("the disk is full. Free some space, or choose another disk.");
    case G_IO_ERROR_IS_DIRECTORY:
      return _("that is a folder. Choose a file name.");
    case G_IO_ERROR_NOT_DIRECTORY:
      return _("part of the path is a file, not a folder. Choose another folder.");
    default:
      return NULL;
    }
}

static void
export_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (G_FILE (source_object));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source_object), result, NULL, &error))
    {
      const char *why = export_failure_reason (error);

      if (why != NULL)
        /* TRANSLATORS: the first %s is a file, as "/home/ada/cert.pem", the second
         * why it could not be written, as "the disk is full. Free some space…" */
        text = g_strdup_printf (_("Could not save %s: %s"), name, why);
      else
        text = g_strdup_printf (_("Could not save %s: %s"), name, error->message);
      cv_report_pane_show_notice (export->self, TRUE, text);
      return;
    }

  if (export->root_name != NULL)
    /* TRANSLATORS: after Export Chain; the first %s is the file, the second the name
     * of the trusted root certificate, which the tree lists as not sent */
    text = g_strdup_printf (_("Saved %s, with the trusted root “%s” last."), name,
                            export->root_name);
  else
    text = g_strdup_printf (_("Saved %s."), name);
  cv_report_pane_show_notice (export->self, FALSE, text);
}

static void
copy_text (CvReportPane *self,
           const char   *text,
           const char   *notice)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  cv_report_pane_show_notice (self, FALSE, notice);
}

static void
prompt_overview_copied_cb (CvPromptOverview *overview,
                           CvReportPane     *self)
{
  cv_report_pane_show_notice (self, FALSE, _("Copied the SHA-256 fingerprint."));
}

static void
cv_report_pane_dispose (GObject *object)
{
  CvReportPane *self = CV_REPORT_PANE (object);

  g_clear_handle_id (&self->notice_timeout_id, g_source_remove);
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), CV_TYPE_REPORT_PANE);
  g_clear_object (&self->report);
  g_clear_object (&self->check);

  G_OBJECT_CLASS (cv_report_pane_parent_class)->dispose (object);
}

static void
cv_report_pane_class_init (CvReportPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cv_report_pane_dispose;

  signals[SIGNAL_SELECTION_CHANGED] =
    g_signal_new ("selection-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (CV_TYPE_VERDICT_BANNER);
  g_type_ensure (CV_TYPE_CERTIFICATE_VIEW);
  g_type_ensure (CV_TYPE_CHANGE_WARNING);
  g_type_ensure (CV_TYPE_PROMPT_OVERVIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certview/Certview/cv-report-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, CvReportPane, banner);
  gtk_widget_class_bind_template_child (widget_class, CvReportPane, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, CvReportPane, notice);
  gtk_widget_class_bind_template_child (widget_class, CvReportPane, notice_label);
  gtk_widget_class_bind_template_child (widget_class, CvReportPane, content_scroller);
  gtk_widget_class_bind_template_child (widget_class, CvReportPane, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CvReportPane, empty_hint);
  gtk_widget_class_bind_template_child (widget_class, CvReportPane, certificate_view);
  gtk_widget_class_bind_template_child (widget_class, CvReportPane, prompt_overview);
  gtk_widget_class_bind_template_child (widget_class, CvReportPane, change_warning);
  gtk_widget_class_bind_template_callback (widget_class, notice_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, notice_child_revealed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, prompt_overview_copied_cb);
}

static void
cv_report_pane_init (CvReportPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shows_decision = TRUE;
  cv_style_ensure (gtk_widget_get_display (GTK_WIDGET (self)));
  cv_icon_warmup_after_first_frame (GTK_WIDGET (self));
}

void
cv_report_pane_set_report (CvReportPane *self,
                           CvReport     *report,
                           CvTrustCheck *check)
{
  g_autoptr(CvSection) saved = NULL;
  gboolean changed;

  g_return_if_fail (CV_IS_REPORT_PANE (self));
  g_return_if_fail (report == NULL || CV_IS_REPORT (report));
  g_return_if_fail (check == NULL || CV_IS_TRUST_CHECK (check));

  if (report == NULL)
    check = NULL;
  g_set_object (&self->check, check);
  g_set_object (&self->report, report);

  /* What the saved decisions say goes above the report's own sections */
  if (check != NULL && self->shows_decision)
    saved = cv_trust_check_describe (check);
  cv_certificate_view_set_report_full (self->certificate_view, report, saved);
  gtk_stack_set_visible_child_name (self->content_stack, report != NULL ? "report" : "empty");
  /* With nothing in it to focus, GTK 4.8's scrolled window takes Tab for itself
   * even when it is not focusable, and keeps it there: Tab went nowhere while no
   * report was shown */
  gtk_widget_set_can_focus (GTK_WIDGET (self->content_scroller), report != NULL);

  changed = check != NULL && cv_trust_check_get_status (check) == CV_TRUST_STATUS_CHANGED;
  gtk_widget_set_visible (GTK_WIDGET (self->change_warning), changed);
  if (changed)
    cv_change_warning_set (self->change_warning, cv_trust_check_get_saved (check),
                           cv_report_get_leaf (report));
}

void
cv_report_pane_set_shows_decision (CvReportPane *self,
                                   gboolean      shows_decision)
{
  g_return_if_fail (CV_IS_REPORT_PANE (self));
  self->shows_decision = !!shows_decision;
}

void
cv_report_pane_set_busy (CvReportPane *self,
                         gboolean      busy)
{
  g_return_if_fail (CV_IS_REPORT_PANE (self));

  /* "Press Inspect" would be wrong while the progress line says what is happening */
  gtk_widget_set_visible (self->empty_hint, !busy);
}

CvReport *
cv_report_pane_get_report (CvReportPane *self)
{
  g_return_val_if_fail (CV_IS_REPORT_PANE (self), NULL);
  return self->report;
}

void
cv_report_pane_show_verdict (CvReportPane *self,
                             const char   *ca_file)
{
  g_return_if_fail (CV_IS_REPORT_PANE (self));
  g_return_if_fail (self->report != NULL);

  cv_verdict_banner_show_verdict (self->banner, self->report, self->check, ca_file);
}

void
cv_report_pane_show_overview (CvReportPane *self,
                              const char   *server)
{
  g_return_if_fail (CV_IS_REPORT_PANE (self));
  g_return_if_fail (self->report != NULL);

  /* What to compare before accepting, above the tree and without scrolling */
  cv_prompt_overview_set_report (self->prompt_overview, self->report, server);
  gtk_widget_set_visible (GTK_WIDGET (self->prompt_overview), TRUE);
  gtk_adjustment_set_value (
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->content_scroller)), 0);
}

void
cv_report_pane_show_notice (CvReportPane *self,
                            gboolean      failure,
                            const char   *text)
{
  g_return_if_fail (CV_IS_REPORT_PANE (self));
  g_return_if_fail (text != NULL);

  cv_report_pane_hide_notice (self);

  if (failure)
    gtk_widget_add_css_class (self->notice, "warning");
  else
    gtk_widget_remove_css_class (self->notice, "warning");

  cv_style_label_set_text (self->notice_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);

  if (!failure)
    self->notice_timeout_id = g_timeout_add_seconds (NOTICE_TIMEOUT_SECONDS,
                                                     notice_timeout_cb, self);
}

void
cv_report_pane_hide_notice (CvReportPane *self)
{
  g_return_if_fail (CV_IS_REPORT_PANE (self));

  g_clear_handle_id (&self->notice_timeout_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
}

gboolean
cv_report_pane_has_leaf (CvReportPane *self)
{
  g_return_val_if_fail (CV_IS_REPORT_PANE (self), FALSE);
  return self->report != NULL && cv_report_get_leaf (self->report) != NULL;
}

void
cv_report_pane_copy_value (CvReportPane *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CV_IS_REPORT_PANE (self));

  text = cv_certificate_view_dup_selected_text (self->certificate_view);
  if (text != NULL)
    copy_text (self, text, _("Copied the value."));
}

void
cv_report_pane_copy_fingerprint (CvReportPane *self)
{
  g_autofree char *fingerprint = NULL;

  g_return_if_fail (CV_IS_REPORT_PANE (self));

  fingerprint = cv_certificate_view_dup_selected_fingerprint (self->certificate_view);
  if (fingerprint != NULL)
    copy_text (self, fingerprint, _("Copied the SHA-256 fingerprint."));
}

/* Export Certificate (or Chain), modal to @parent: PEM files, proposing a name
 * made from @display_name (the certificate's; NULL for a generic one) */
static GtkFileChooserNative *
new_export_chooser (GtkWindow  *parent,
                    const char *display_name,
                    gboolean    whole_chain)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *basename = NULL;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (whole_chain ? _("Export Certificate Chain")
                                                     : _("Export Certificate"),
                                         parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (filter, _("PEM Files"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  name = g_strdup (display_name != NULL ? display_name : "certificate");
  /* Keep it a plain file name, whatever the certificate says */
  g_strcanon (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", '_');
  basename = g_strdup_printf ("%s%s.pem", name, whole_chain ? "-chain" : "");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), basename);
  return chooser;
}

void
cv_report_pane_ask_export (CvReportPane *self,
                           gboolean      whole_chain)
{
  CvCertificate *leaf;
  GtkRoot *root;

  g_return_if_fail (CV_IS_REPORT_PANE (self));

  if (self->report == NULL)
    return;

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  leaf = cv_report_get_leaf (self->report);
  self->file_chooser =
    new_export_chooser (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                        leaf != NULL ? cv_certificate_get_display_name (leaf) : NULL,
                        whole_chain);
  g_object_set_data (G_OBJECT (self->file_chooser), "whole-chain",
                     GINT_TO_POINTER (whole_chain));
  g_signal_connect (self->file_chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

void
cv_report_pane_export (CvReportPane *self,
                       GFile        *file,
                       gboolean      whole_chain)
{
  g_autoptr(GString) pem = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GListModel *certificates;
  CvCertificate *root;
  Export *export;
  guint n_certificates;

  g_return_if_fail (CV_IS_REPORT_PANE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->report == NULL)
    return;

  certificates = cv_report_get_certificates (self->report);
  n_certificates = whole_chain ? g_list_model_get_n_items (certificates) : 1;
  pem = g_string_new (NULL);
  for (guint i = 0; i < n_certificates; i++)
    {
      g_autoptr(CvCertificate) certificate = g_list_model_get_item (certificates, i);

      if (certificate == NULL)
        break;
      append_pem (pem, certificate);
    }
  /* The chain as the tree lists it: the trusted root that was not sent comes last */
  root = whole_chain ? cv_report_get_trusted_root (self->report) : NULL;
  if (root != NULL)
    append_pem (pem, root);

  bytes = g_string_free_to_bytes (g_steal_pointer (&pem));
  /* The pane stays alive until the file is written, so that it can tell */
  export = g_new0 (Export, 1);
  export->self = g_object_ref (self);
  if (root != NULL)
    export->root_name = g_strdup (cv_certificate_get_display_name (root));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       export_done_cb, export);
}

CvVerdictBanner *
cv_report_pane_get_banner (CvReportPane *self)
{
  g_return_val_if_fail (CV_IS_REPORT_PANE (self), NULL);
  return self->banner;
}

CvCertificateView *
cv_report_pane_get_certificate_view (CvReportPane *self)
{
  g_return_val_if_fail (CV_IS_REPORT_PANE (self), NULL);
  return self->certificate_view;
}

GtkWidget *
cv_report_pane_get_change_warning (CvReportPane *self)
{
  g_return_val_if_fail (CV_IS_REPORT_PANE (self), NULL);
  return GTK_WIDGET (self->change_warning);
}

GtkWidget *
cv_report_pane_get_prompt_overview (CvReportPane *self)
{
  g_return_val_if_fail (CV_IS_REPORT_PANE (self), NULL);
  return GTK_WIDGET (self->prompt_overview);
}
