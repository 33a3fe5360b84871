/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-window-private.h"
#include "cv-window-testing.h"

#include "cv-error.h"
#include "cv-server-subject.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (CvWindow, cv_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_REPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_title (CvWindow *self)
{
  g_autofree char *title = NULL;

  if (cv_report_pane_get_report (self->pane) != NULL && self->shown_subject != NULL)
    /* TRANSLATORS: the window title; %s is the server ("host:port") or the file
     * whose certificate is shown */
    title = g_strdup_printf (_("%s — Certview"), self->shown_subject);

  gtk_window_set_title (GTK_WINDOW (self), title != NULL ? title : _("Certview"));
}

/* Whether the form names the server shown: same host, port and protocol. A file
 * shown is named by an empty form only */
static gboolean
form_names_shown (CvWindow *self)
{
  CvTarget *target = cv_server_form_get_target (self->server_form);

  if (cv_server_form_get_text (self->server_form)[0] == '\0')
    return TRUE;
  if (self->shown_target == NULL || target == NULL)
    return FALSE;

  return g_ascii_strcasecmp (cv_target_get_host (target),
                             cv_target_get_host (self->shown_target)) == 0 &&
         cv_target_get_port (target) == cv_target_get_port (self->shown_target) &&
         cv_target_get_protocol (target) == cv_target_get_protocol (self->shown_target);
}

/* Whether Enter would inspect what the form says: a server, or a file */
static gboolean
form_can_inspect (CvWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (cv_server_form_get_target (self->server_form) != NULL)
    return TRUE;
  file = cv_server_form_dup_file (self->server_form);
  return file != NULL;
}

/* The banner's line naming what the verdict is about; once the form names another
 * server, it says that the result is still the old one's */
static void
update_subject (CvWindow *self)
{
  g_autofree char *text = NULL;

  if (self->shown_subject == NULL)
    text = g_strdup ("");
  else if (!form_names_shown (self) && !form_can_inspect (self))
    /* TRANSLATORS: in the banner, when the Server field was edited after a result
     * into something that is not an address; %s is the server ("host:port") or the
     * file the result is about */
    text = g_strdup_printf (_("Showing %s, not what the Server field says"),
                            self->shown_subject);
  else if (!form_names_shown (self))
    /* TRANSLATORS: in the banner, when the Server field was edited after a result;
     * %s is the server ("host:port") or the file the result is about */
    text = g_strdup_printf (_("Showing %s; press Enter to inspect the new address"),
                            self->shown_subject);
  else if (self->shown_target != NULL)
    text = cv_server_subject (self->shown_subject, cv_target_get_host (self->shown_target),
                              cv_report_pane_get_report (self->pane));
  else
    /* TRANSLATORS: in the banner; %s is the name of a certificate file */
    text = g_strdup_printf (_("File: %s"), self->shown_subject);

  cv_verdict_banner_set_subject (cv_report_pane_get_banner (self->pane), text);
}

/* Following the inspection */

static void
inspection_busy_cb (CvInspection *inspection,
                    GParamSpec   *pspec,
                    CvWindow     *self)
{
  gboolean busy = cv_inspection_get_busy (inspection);

  gtk_widget_set_visible (self->progress_box, busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  cv_server_form_set_busy (self->server_form, busy);
  cv_report_pane_set_busy (self->pane, busy);
  if (!busy)
    {
      gtk_label_set_text (self->progress_detail_label, "");
      /* GTK 4.8 drops the default widget when the stack hides it behind Cancel; Enter
       * in the port field must find Inspect again */
      gtk_window_set_default_widget (GTK_WINDOW (self),
                                     cv_server_form_get_inspect_button (self->server_form));
    }

  cv_window_actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
inspection_phase_cb (CvInspection *inspection,
                     GParamSpec   *pspec,
                     CvWindow     *self)
{
  gtk_label_set_text (self->progress_label, cv_inspection_get_phase (inspection));
}

static void
inspection_report_cb (CvInspection *inspection,
                      GParamSpec   *pspec,
                      CvWindow     *self)
{
  CvReport *report = cv_inspection_get_report (inspection);
  CvTrustCheck *check = cv_inspection_get_trust_check (inspection);

  g_clear_pointer (&self->shown_subject, g_free);
  g_clear_object (&self->shown_target);
  if (report != NULL)
    {
      self->shown_subject = g_strdup (cv_inspection_get_subject (inspection));
      g_set_object (&self->shown_target, cv_inspection_get_target (inspection));
    }

  cv_report_pane_set_report (self->pane, report, check);
  update_title (self);
  cv_window_actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);

  if (report == NULL)
    return;

  cv_report_pane_show_verdict (self->pane, cv_inspection_get_ca_file (inspection));
  update_subject (self);
  /* Saved decisions that cannot be read must not pass in silence */
  if (check != NULL && cv_trust_check_get_store_error (check) != NULL)
    {
      g_autofree char *notice =
        g_strdup_printf ("%s %s", cv_trust_check_get_store_error (check),
                         /* TRANSLATORS: after a message that the saved decisions
                          * cannot be used; --trust-store and CERTVIEW_TRUST_STORE are
                          * not to be translated */
                         _("To keep the saved decisions in another file, start Certview with "
                           "--trust-store FILE or CERTVIEW_TRUST_STORE set."));

      cv_report_pane_show_notice (self->pane, TRUE, notice);
    }

  if (self->shown_target != NULL)
    cv_window_remember_server (self, cv_server_form_get_text (self->server_form));
}

/* Whether the Server field holds @file's path or file:// URI, as typed there */
static gboolean
form_names_file (CvWindow *self,
                 GFile    *file)
{
  g_autofree char *text = g_strstrip (g_strdup (cv_server_form_get_text (self->server_form)));
  g_autoptr(GFile) named = NULL;

  if (!g_str_has_prefix (text, "file://") && !g_path_is_absolute (text))
    return FALSE;
  named = g_file_new_for_commandline_arg (text);
  return g_file_equal (named, file);
}

static void
inspection_error_cb (CvInspection *inspection,
                     GParamSpec   *pspec,
                     CvWindow     *self)
{
  const GError *error = cv_inspection_get_error (inspection);
  const char *subject = cv_inspection_get_subject (inspection);
  CvVerdictBanner *banner = cv_report_pane_get_banner (self->pane);
  g_autofree char *heading = NULL;
  g_autofree char *line = NULL;

  if (error == NULL)
    return;

  /* The server had TLS when it was decided on: a failed verdict, not a network error */
  /* "Server: host:port" as in every other banner, not the bare name, which the
   * message repeats */
  if (g_error_matches (error, CV_ERROR, CV_ERROR_TLS_DOWNGRADED))
    {
      g_autofree char *server = cv_server_subject (subject, NULL, NULL);

      cv_verdict_banner_show_failure (banner, _("TLS No Longer Offered"), server,
                                      error->message);
      return;
    }

  if (cv_inspection_get_target (inspection) != NULL)
    {
      heading = g_strdup_printf (_("Could Not Inspect %s"), subject);
      cv_verdict_banner_show_problem (banner, "network-error-symbolic", heading, NULL,
                                      error->message);
      return;
    }

  line = g_strdup_printf (_("File: %s"), subject);
  cv_verdict_banner_show_problem (banner, "dialog-warning-symbolic",
                                  _("Could Not Open the Certificate File"), line,
                                  error->message);

  /* A path typed in the Server field is there to be mended, as a bad address is */
  if (self->last_file != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->last_file);

      if (form_names_file (self, file))
        cv_server_form_focus_server (self->server_form);
    }
}

/* Clears what is shown for a new run; @detail is what the progress line names */
static void
begin_run (CvWindow   *self,
           const char *detail)
{
  cv_verdict_banner_hide (cv_report_pane_get_banner (self->pane));
  cv_report_pane_hide_notice (self->pane);
  gtk_label_set_text (self->progress_detail_label, detail);
}

void
cv_window_start_inspection (CvWindow *self,
                            CvTarget *target)
{
  g_autofree char *name = cv_target_to_string (target);

  /* Enter in an empty form is for a file opened after this */
  g_clear_pointer (&self->last_file, g_free);
  begin_run (self, name);
  cv_inspection_start (self->inspection, target);
}

/* The form */

static void
server_form_changed_cb (CvServerForm *form,
                        CvWindow     *self)
{
  update_subject (self);
}

/* A server name given for another server does not apply to this one */
static void
server_form_edited_cb (CvServerForm *form,
                       CvWindow     *self)
{
  cv_inspection_set_server_name (self->inspection, NULL);
}

static void
selection_changed_cb (CvReportPane *pane,
                      CvWindow     *self)
{
  cv_window_actions_update (self);
}

/* GObject */

static gboolean
cv_window_close_request (GtkWindow *window)
{
  CvWindow *self = CV_WINDOW (window);

  cv_settings_save_window (self->settings, window);

  return GTK_WINDOW_CLASS (cv_window_parent_class)->close_request (window);
}

static void
cv_window_dispose (GObject *object)
{
  CvWindow *self = CV_WINDOW (object);

  /* A run still going is cancelled; the window no longer follows it */
  if (self->inspection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->inspection, self);
      cv_inspection_cancel (self->inspection);
    }
  g_clear_object (&self->inspection);

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);

  if (self->help_overlay != NULL)
    gtk_window_destroy (self->help_overlay);

  gtk_widget_dispose_template (GTK_WIDGET (self), CV_TYPE_WINDOW);
  g_clear_object (&self->shown_target);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cv_window_parent_class)->dispose (object);
}

static void
cv_window_finalize (GObject *object)
{
  CvWindow *self = CV_WINDOW (object);

  g_clear_pointer (&self->last_file, g_free);
  g_clear_pointer (&self->shown_subject, g_free);

  G_OBJECT_CLASS (cv_window_parent_class)->finalize (object);
}

static void
cv_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CvWindow *self = CV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, cv_window_is_busy (self));
      break;

    case PROP_REPORT:
      g_value_set_object (value, cv_window_get_report (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_window_class_init (CvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cv_window_dispose;
  object_class->finalize = cv_window_finalize;
  object_class->get_property = cv_window_get_property;
  window_class->close_request = cv_window_close_request;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL,
                         CV_TYPE_REPORT,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CV_TYPE_SERVER_FORM);
  g_type_ensure (CV_TYPE_REPORT_PANE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certview/Certview/cv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CvWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, server_form);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, progress_detail_label);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, pane);
  gtk_widget_class_bind_template_callback (widget_class, server_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_form_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);

  cv_window_class_actions_init (klass);
}

/* The main menu is made when it first opens (click or F10), not with the window */
static void
create_primary_menu_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (gtk_menu_button_get_menu_model (button) != NULL)
    return;

  builder = gtk_builder_new_from_resource ("/io/github/certview/Certview/cv-primary-menu.ui");
  gtk_menu_button_set_menu_model (button,
                                  G_MENU_MODEL (gtk_builder_get_object (builder,
                                                                        "primary_menu")));
}

static void
cv_window_init (CvWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_primary_menu_cb,
                                         NULL, NULL);

  self->settings = cv_settings_new ();
  cv_settings_restore_window (self->settings, GTK_WINDOW (self));
  cv_server_form_set_protocol (self->server_form,
                               cv_settings_get_default_protocol (self->settings));
  cv_server_form_set_recent_servers (self->server_form,
                                     cv_settings_get_recent_servers (self->settings));

  self->inspection = cv_inspection_new ();
  cv_inspection_set_timeout_ms (self->inspection, cv_settings_get_timeout_ms (self->settings));
  cv_inspection_set_revocation (self->inspection, cv_settings_get_revocation (self->settings));
  g_signal_connect (self->inspection, "notify::busy", G_CALLBACK (inspection_busy_cb), self);
  g_signal_connect (self->inspection, "notify::phase", G_CALLBACK (inspection_phase_cb), self);
  g_signal_connect (self->inspection, "notify::report", G_CALLBACK (inspection_report_cb), self);
  g_signal_connect (self->inspection, "notify::error", G_CALLBACK (inspection_error_cb), self);

  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 cv_server_form_get_inspect_button (self->server_form));
  cv_window_actions_update (self);
  cv_window_dnd_init (self);
}

CvWindow *
cv_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (CV_TYPE_WINDOW, "application", application, NULL);
}

void
cv_window_set_ca_file (CvWindow   *self,
                       const char *ca_file)
{
  g_return_if_fail (CV_IS_WINDOW (self));
  cv_inspection_set_ca_file (self->inspection, ca_file);
}

const char *
cv_window_get_ca_file (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return cv_inspection_get_ca_file (self->inspection);
}

void
cv_window_set_timeout_ms (CvWindow *self,
                          guint     timeout_ms)
{
  g_return_if_fail (CV_IS_WINDOW (self));

  cv_inspection_set_timeout_ms (self->inspection,
                                timeout_ms > 0 ? timeout_ms
                                               : cv_settings_get_timeout_ms (self->settings));
}

void
cv_window_remember_server (CvWindow   *self,
                           const char *text)
{
  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  cv_settings_remember_server (self->settings, text);
  cv_server_form_set_recent_servers (self->server_form,
                                     cv_settings_get_recent_servers (self->settings));
}

const char * const *
cv_window_get_recent_servers (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return cv_settings_get_recent_servers (self->settings);
}

void
cv_window_set_trust_store_path (CvWindow   *self,
                                const char *path)
{
  g_return_if_fail (CV_IS_WINDOW (self));
  cv_inspection_set_trust_store_path (self->inspection, path);
}

void
cv_window_set_server_name (CvWindow   *self,
                           const char *server_name)
{
  g_return_if_fail (CV_IS_WINDOW (self));
  cv_inspection_set_server_name (self->inspection, server_name);
}

void
cv_window_set_revocation (CvWindow         *self,
                          CvRevocationMode  mode)
{
  g_return_if_fail (CV_IS_WINDOW (self));
  cv_inspection_set_revocation (self->inspection, mode);
}

void
cv_window_inspect (CvWindow *self,
                   CvTarget *target)
{
  g_autoptr(CvTarget) chosen = NULL;

  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (CV_IS_TARGET (target));

  /* Text without a scheme means the protocol of the "default-protocol" setting */
  chosen = cv_target_with_default_protocol (target,
                                            cv_settings_get_default_protocol (self->settings));
  /* The server name given with the target stays: the program set the text */
  cv_server_form_set_target (self->server_form, chosen);
  cv_window_cancel (self);
  cv_window_start_inspection (self, chosen);
}

void
cv_window_open_file (CvWindow *self,
                     GFile    *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  name = g_file_get_parse_name (file);
  if (path == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a local file; save it on this computer first."), name);

      cv_window_cancel (self);
      cv_verdict_banner_show_problem (cv_report_pane_get_banner (self->pane),
                                      "dialog-warning-symbolic",
                                      _("Could Not Open the Certificate File"), NULL, message);
      return;
    }

  g_free (self->last_file);
  self->last_file = g_strdup (path);

  /* The form would otherwise name a server the file has nothing to do with; a
   * path typed there stays, to be mended should the file not open */
  if (!form_names_file (self, file))
    cv_server_form_set_target (self->server_form, NULL);
  cv_inspection_set_server_name (self->inspection, NULL);

  begin_run (self, name);
  cv_inspection_load_file (self->inspection, path);
}

void
cv_window_cancel (CvWindow *self)
{
  g_return_if_fail (CV_IS_WINDOW (self));

  if (!cv_inspection_get_busy (self->inspection))
    return;
  cv_inspection_cancel (self->inspection);
  /* Else the window would fall back to its empty page without a word */
  cv_report_pane_show_notice (self->pane, FALSE, _("The inspection was cancelled."));
}

void
cv_window_export (CvWindow *self,
                  GFile    *file,
                  gboolean  whole_chain)
{
  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  cv_report_pane_export (self->pane, file, whole_chain);
}

void
cv_window_show_error (CvWindow   *self,
                      const char *heading,
                      const char *message)
{
  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (heading != NULL);

  cv_verdict_banner_show_problem (cv_report_pane_get_banner (self->pane),
                                  "dialog-warning-symbolic", heading, NULL, message);
}

gboolean
cv_window_is_busy (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), FALSE);
  return cv_inspection_get_busy (self->inspection);
}

CvReport *
cv_window_get_report (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return cv_report_pane_get_report (self->pane);
}

CvCertificateView *
cv_window_get_certificate_view (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return cv_report_pane_get_certificate_view (self->pane);
}

/* For tests */

char *
cv_window_dup_banner_text (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return cv_verdict_banner_dup_text (cv_report_pane_get_banner (self->pane));
}

const char *
cv_window_get_progress_text (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);

  return cv_window_is_busy (self) ? gtk_label_get_text (self->progress_label) : "";
}

CvProtocol
cv_window_get_protocol (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), CV_PROTOCOL_FTP_EXPLICIT);
  return cv_server_form_get_protocol (self->server_form);
}

guint16
cv_window_get_port (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), 0);
  return cv_server_form_get_port (self->server_form);
}

GtkWidget *
cv_window_get_change_warning (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return cv_report_pane_get_change_warning (self->pane);
}

CvReportPane *
cv_window_get_pane (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return self->pane;
}

CvServerForm *
cv_window_get_server_form (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return self->server_form;
}
