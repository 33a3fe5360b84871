/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-window.h"

#include "cv-certificate.h"
#include "cv-format.h"
#include "cv-inspect.h"
#include "cv-prompt.h"
#include "cv-prompt-overview.h"
#include "cv-probe.h"
#include "cv-resources.h"
#include "cv-target.h"
#include "cv-trust-window.h"
#include "cv-verdict.h"

#include <glib/gi18n.h>
#include <string.h>

#define NOTICE_TIMEOUT_SECONDS 5
#define MAX_RECENT_SERVERS 10

struct _CvWindow
{
  GtkApplicationWindow  parent_instance;

  CvReport             *report;
  char                 *ca_file;
  char                 *server_name;
  guint                 timeout_ms;
  guint                 default_timeout_ms;
  CvRevocationMode      revocation;

  /* NULL when the schema is not installed: the window then remembers nothing */
  GSettings            *settings;
  char                **recent_servers;
  GtkListStore         *recent_store;

  /* The current run: an inspection (with its probe) or a file being read */
  GCancellable         *cancellable;
  CvProbe              *probe;
  gulong                phase_handler;
  char                 *run_name;
  /* The server of the inspection going on, or NULL for a file */
  CvTarget             *run_target;

  /* What the report shown describes: "host:port" or a file name, and for a server
   * its target, which the form is compared with */
  char                 *shown_subject;
  CvTarget             *shown_target;

  GtkFileChooserNative *file_chooser;
  guint                 notice_timeout_id;

  /* Saved decisions: where they are, and what they say of the report shown */
  char                 *store_path;
  CvTrustStore         *store;
  CvTrustCheck         *check;
  /* Prompt mode: the decision being saved */
  CvPromptDecision      saving;

  /* The form follows the Server field without echoing its own changes */
  guint                 busy : 1;
  guint                 syncing_form : 1;
  guint                 setting_text : 1;
  guint                 port_set_by_user : 1;
  guint                 text_has_port : 1;
  guint                 prompting : 1;
  guint                 prompt_decided : 1;
  /* The banner tells the verdict on the report shown, not a failure */
  guint                 banner_is_verdict : 1;

  /* Template widgets */
  GtkWidget            *open_button;
  GtkMenuButton        *primary_menu_button;
  GtkWidget            *form_grid;
  GtkEntry             *server_entry;
  GtkWidget            *protocol_label;
  GtkDropDown          *protocol_drop_down;
  GtkSpinButton        *port_spin_button;
  GtkStack             *button_stack;
  GtkWidget            *inspect_button;
  GtkWidget            *progress_box;
  GtkSpinner           *spinner;
  GtkLabel             *progress_label;
  GtkLabel             *progress_detail_label;
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner;
  GtkImage             *banner_icon;
  GtkLabel             *banner_title;
  GtkLabel             *banner_subject;
  GtkLabel             *banner_body;
  GtkRevealer          *notice_revealer;
  GtkWidget            *notice;
  GtkLabel             *notice_label;
  GtkWidget            *content_scroller;
  GtkStack             *content_stack;
  CvCertificateView    *certificate_view;
  CvPromptOverview     *prompt_overview;
  CvChangeWarning      *change_warning;
  CvDecisionBar        *decision_bar;
};

G_DEFINE_FINAL_TYPE (CvWindow, cv_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_REPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  BANNER_SUCCESS,
  BANNER_ERROR,
  BANNER_WARNING,
} BannerStyle;

static const char * const banner_classes[] = { "success", "error", "warning" };

/* Pure: does @text (host:port, [v6]:port or a URL) name a port of its own? */
static gboolean
text_names_port (const char *text)
{
  const char *authority = strstr (text, "://");
  g_autofree char *hostport = NULL;
  const char *host;
  const char *colon;

  authority = authority != NULL ? authority + 3 : text;
  hostport = g_strndup (authority, strcspn (authority, "/?#"));
  host = strrchr (hostport, '@');
  host = host != NULL ? host + 1 : hostport;

  if (host[0] == '[')
    {
      const char *close = strchr (host, ']');

      return close != NULL && close[1] == ':' && close[2] != '\0';
    }

  colon = strchr (host, ':');
  return colon != NULL && colon[1] != '\0' && strchr (colon + 1, ':') == NULL;
}

static void
update_actions (CvWindow *self)
{
  gboolean has_report = self->report != NULL;
  g_autoptr(GObject) selected = NULL;

  if (has_report)
    selected = cv_certificate_view_dup_selected_item (self->certificate_view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.inspect",
                                 !self->busy && !self->prompting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open",
                                 !self->busy && !self->prompting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel",
                                 self->busy || (self->prompting && !self->prompt_decided));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-value", selected != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-fingerprint",
                                 has_report && cv_report_get_leaf (self->report) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-certificate",
                                 has_report && cv_report_get_leaf (self->report) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-chain", has_report);
}

static void
set_busy (CvWindow *self,
          gboolean  busy)
{
  busy = !!busy;
  if (self->busy == (guint) busy)
    return;

  self->busy = busy;
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_stack_set_visible_child_name (self->button_stack, busy ? "cancel" : "inspect");
  if (!busy)
    {
      gtk_label_set_text (self->progress_label, "");
      gtk_label_set_text (self->progress_detail_label, "");
      /* GTK 4.8 drops the default widget when the stack hides it behind Cancel; Enter
       * in the port field must find Inspect again */
      if (!self->prompting)
        gtk_window_set_default_widget (GTK_WINDOW (self), self->inspect_button);
    }

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static CvProtocol selected_protocol (CvWindow *self);

static void
update_title (CvWindow *self)
{
  g_autofree char *title = NULL;

  /* The question names its server in a title of its own (cv_window_ask()) */
  if (self->prompting)
    return;

  if (self->report != NULL && self->shown_subject != NULL)
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
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_entry));
  g_autoptr(CvTarget) parsed = NULL;

  if (text[0] == '\0')
    return TRUE;
  if (self->shown_target == NULL)
    return FALSE;

  parsed = cv_target_parse (text, selected_protocol (self), NULL);
  return parsed != NULL &&
         g_ascii_strcasecmp (cv_target_get_host (parsed),
                             cv_target_get_host (self->shown_target)) == 0 &&
         gtk_spin_button_get_value_as_int (self->port_spin_button) ==
           cv_target_get_port (self->shown_target) &&
         selected_protocol (self) == cv_target_get_protocol (self->shown_target);
}

/* What the banner is about and why, for the alert's description: GTK 4.8 does not
 * read a description from described-by relations */
static void
update_banner_description (CvWindow *self)
{
  const char *subject = gtk_label_get_text (self->banner_subject);
  const char *body = gtk_label_get_text (self->banner_body);
  g_autofree char *description = NULL;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->banner_subject)))
    subject = "";
  description = g_strjoin (subject[0] != '\0' && body[0] != '\0' ? "\n" : "",
                           subject, body, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* The banner's line naming what the verdict is about; once the form names another
 * server, it says that the result is still the old one's */
static void
update_subject (CvWindow *self)
{
  g_autofree char *text = NULL;

  if (!self->banner_is_verdict)
    return;

  if (self->shown_subject == NULL)
    text = g_strdup ("");
  else if (!self->prompting && !form_names_shown (self))
    /* TRANSLATORS: in the banner, when the Server field was edited after a result;
     * %s is the server ("host:port") or the file the result is about */
    text = g_strdup_printf (_("Showing %s; press Enter to inspect the new address"),
                            self->shown_subject);
  else if (self->shown_target != NULL || self->prompting)
    /* TRANSLATORS: in the banner; %s is "host:port" */
    text = g_strdup_printf (_("Server: %s"), self->shown_subject);
  else
    /* TRANSLATORS: in the banner; %s is the name of a certificate file */
    text = g_strdup_printf (_("File: %s"), self->shown_subject);

  gtk_label_set_text (self->banner_subject, text);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_subject), text[0] != '\0');
  update_banner_description (self);
}

/* @subject: what @report describes ("host:port" or a file name); @target: its
 * server, NULL for a file */
static void
set_report (CvWindow   *self,
            CvReport   *report,
            const char *subject,
            CvTarget   *target)
{
  gboolean changed;

  if (report == NULL)
    {
      subject = NULL;
      target = NULL;
    }
  if (g_strcmp0 (self->shown_subject, subject) != 0)
    {
      g_free (self->shown_subject);
      self->shown_subject = g_strdup (subject);
    }
  g_set_object (&self->shown_target, target);
  changed = g_set_object (&self->report, report);
  update_title (self);
  if (!changed)
    return;

  cv_certificate_view_set_report (self->certificate_view, report);
  gtk_stack_set_visible_child_name (self->content_stack, report != NULL ? "report" : "empty");
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

static void
hide_banner (CvWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

/* @subject: a line under the title naming what the banner is about, or NULL */
static void
show_banner (CvWindow    *self,
             BannerStyle  style,
             const char  *icon_name,
             const char  *title,
             const char  *subject,
             const char  *body)
{
  self->banner_is_verdict = FALSE;
  gtk_label_set_text (self->banner_subject, subject != NULL ? subject : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_subject),
                          subject != NULL && subject[0] != '\0');

  for (guint i = 0; i < G_N_ELEMENTS (banner_classes); i++)
    gtk_widget_remove_css_class (self->banner, banner_classes[i]);
  gtk_widget_add_css_class (self->banner, banner_classes[style]);

  gtk_image_set_from_icon_name (self->banner_icon, icon_name);
  gtk_label_set_text (self->banner_title, title);
  gtk_label_set_text (self->banner_body, body != NULL ? body : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_body), body != NULL && body[0] != '\0');
  update_banner_description (self);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
hide_notice (CvWindow *self)
{
  g_clear_handle_id (&self->notice_timeout_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
}

static gboolean
notice_timeout_cb (gpointer user_data)
{
  CvWindow *self = CV_WINDOW (user_data);

  self->notice_timeout_id = 0;
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

/* A short message about an action (copied, saved, could not save) that leaves the
 * verdict banner as it is; failures stay until dismissed */
static void
show_notice (CvWindow   *self,
             gboolean    failure,
             const char *text)
{
  hide_notice (self);

  if (failure)
    gtk_widget_add_css_class (self->notice, "warning");
  else
    gtk_widget_remove_css_class (self->notice, "warning");

  gtk_label_set_text (self->notice_label, text);
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);

  if (!failure)
    self->notice_timeout_id = g_timeout_add_seconds (NOTICE_TIMEOUT_SECONDS,
                                                     notice_timeout_cb, self);
}

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup (_("an unknown date"));

  return cv_format_date_words (date, FALSE);
}

static char *
dup_valid_text (CvWindow *self,
                CvReport *report)
{
  GListModel *certificates = cv_report_get_certificates (report);
  guint n_certificates = g_list_model_get_n_items (certificates);
  g_autoptr(CvCertificate) last = NULL;
  CvCertificate *leaf = cv_report_get_leaf (report);
  CvProbeResult *result = cv_report_get_probe_result (report);
  g_autofree char *until = NULL;
  g_autofree char *trusted_by = NULL;
  const char *anchor;

  if (leaf == NULL || n_certificates == 0)
    return g_strdup (_("The certificate is trusted."));

  last = g_list_model_get_item (certificates, n_certificates - 1);
  anchor = cv_certificate_is_self_issued (last) ? cv_certificate_get_display_name (last)
                                                : cv_certificate_get_issuer_display_name (last);
  until = format_date (cv_certificate_get_not_after (leaf));

  if (self->ca_file != NULL)
    {
      g_autofree char *basename = g_path_get_basename (self->ca_file);

      /* TRANSLATORS: the second %s is the file given with --ca-file */
      trusted_by = g_strdup_printf (_("The chain leads to “%s”, which this system or %s "
                                      "trusts."), anchor, basename);
    }
  else
    {
      trusted_by = g_strdup_printf (_("The chain leads to “%s”, which this system trusts."),
                                    anchor);
    }

  if (result != NULL)
    {
      CvTarget *target = cv_probe_result_get_target (result);
      const char *name = cv_probe_result_get_server_name (result);

      if (name == NULL)
        name = cv_target_get_host (target);

      return g_strdup_printf (_("Issued for %s and valid until %s.\n%s"), name, until,
                              trusted_by);
    }

  return g_strdup_printf (_("Valid until %s; no host name was checked, because the "
                            "certificate comes from a file.\n%s"), until, trusted_by);
}

/* The reasons as a bulleted list; sets whether any belongs to no section */
static GString *
list_reasons (CvReport *report,
              gboolean *any_placed,
              gboolean *any_unplaced)
{
  GPtrArray *reasons = cv_report_get_reasons (report);
  GString *body = g_string_new (NULL);

  *any_placed = *any_unplaced = FALSE;
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      if (reason->section == CV_VERDICT_SECTION_NONE)
        *any_unplaced = TRUE;
      else
        *any_placed = TRUE;

      if (body->len > 0)
        g_string_append_c (body, '\n');
      /* TRANSLATORS: one reason in the banner's list */
      g_string_append_printf (body, _("• %s"), reason->message);
    }

  return body;
}

static void
show_verdict_banner (CvWindow *self,
                     CvReport *report)
{
  g_autoptr(GString) body = NULL;
  gboolean any_unplaced;
  gboolean any_placed;
  CvTrustStatus status = self->check ? cv_trust_check_get_status (self->check)
                                     : CV_TRUST_STATUS_UNKNOWN;
  CvTrustEntry *saved = self->check ? cv_trust_check_get_saved (self->check) : NULL;
  gboolean by_decision = status == CV_TRUST_STATUS_TRUSTED ||
                         status == CV_TRUST_STATUS_RENEWED;

  if (cv_report_get_valid (report))
    {
      g_autofree char *text = dup_valid_text (self, report);

      show_banner (self, BANNER_SUCCESS, "channel-secure-symbolic",
                   _("Valid Certificate"), NULL, text);
      return;
    }

  body = list_reasons (report, &any_placed, &any_unplaced);

  if (by_decision)
    {
      g_autoptr(GDateTime) decided =
        g_date_time_new_from_unix_local (cv_trust_entry_get_created (saved));
      g_autofree char *date = format_date (decided);
      g_autofree char *intro = NULL;

      intro = g_strdup_printf (status == CV_TRUST_STATUS_RENEWED
                                 ? _("You chose on %s to always trust the certificate of "
                                     "%s; it has been renewed since, with the same key. "
                                     "On its own it is not valid:")
                                 : _("You chose on %s to always trust this certificate of "
                                     "%s. On its own it is not valid:"),
                               date, cv_trust_entry_get_key (saved));
      g_string_prepend_c (body, '\n');
      g_string_prepend (body, intro);
      show_banner (self, BANNER_SUCCESS, "channel-secure-symbolic",
                   _("Trusted by Your Decision"), NULL, body->str);
      return;
    }

  if (status == CV_TRUST_STATUS_REJECTED)
    g_string_append_printf (body, "\n%s", _("You chose to always reject this certificate."));
  if (status == CV_TRUST_STATUS_NEW_PROBLEMS)
    {
      g_autofree char *what = cv_trust_check_describe_new_problems (self->check);

      g_string_append_printf (body, "\n%s\n%s",
                              _("You chose to trust this server's key before, but its renewed "
                                "certificate brings problems you did not accept:"), what);
    }
  if (any_placed)
    g_string_append_printf (body, "\n%s", _("The fields marked Invalid below show where."));

  show_banner (self, BANNER_ERROR, "channel-insecure-symbolic",
               any_unplaced || !any_placed ? _("Invalid Certificate")
                                           : _("This Certificate Is Not Valid"),
               NULL, body->str);
}

static void
show_verdict (CvWindow *self,
              CvReport *report)
{
  show_verdict_banner (self, report);
  self->banner_is_verdict = TRUE;
  update_subject (self);
}

/* Runs */

static void
clear_run (CvWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->probe != NULL)
    g_clear_signal_handler (&self->phase_handler, self->probe);
  g_clear_object (&self->probe);
  g_clear_pointer (&self->run_name, g_free);
  g_clear_object (&self->run_target);
}

/* @detail: what the progress line names; @run_name: how the result will be named */
static void
begin_run (CvWindow   *self,
           const char *phase,
           const char *detail,
           const char *run_name)
{
  clear_run (self);

  self->cancellable = g_cancellable_new ();
  self->run_name = g_strdup (run_name);

  hide_banner (self);
  hide_notice (self);
  set_report (self, NULL, NULL, NULL);
  g_clear_object (&self->check);
  gtk_widget_set_visible (GTK_WIDGET (self->change_warning), FALSE);

  gtk_label_set_text (self->progress_label, phase);
  gtk_label_set_text (self->progress_detail_label, detail);
  set_busy (self, TRUE);
}

static void
probe_phase_cb (CvProbe    *probe,
                GParamSpec *pspec,
                CvWindow   *self)
{
  gtk_label_set_text (self->progress_label,
                      cv_probe_phase_get_label (cv_probe_get_phase (probe)));
}

static void check_saved_decision (CvWindow *self,
                                  CvReport *report);

/* The callbacks of a run get the window unreferenced: a window that goes away
 * cancels its run first, and a cancelled run reports G_IO_ERROR_CANCELLED, so
 * they look at the window only when the run was not cancelled. */

static void
inspect_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  CvWindow *self;

  report = cv_inspect_finish (CV_PROBE (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_WINDOW (user_data);
  g_assert (g_task_get_cancellable (G_TASK (result)) == self->cancellable);

  if (report == NULL)
    {
      heading = g_strdup_printf (_("Could Not Inspect %s"), self->run_name);
      clear_run (self);
      set_busy (self, FALSE);
      show_banner (self, BANNER_WARNING, "network-error-symbolic", heading, NULL,
                   error->message);
      return;
    }

  check_saved_decision (self, report);
}

/* The store behind the window, made when first needed; it is only ever used on
 * workers (cv_trust_check_new_async(), cv_trust_store_save_async()) */
static CvTrustStore *
get_store (CvWindow *self)
{
  if (self->store == NULL)
    self->store = cv_trust_store_new (self->store_path);
  return self->store;
}

static void
saved_checked_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvSection) section = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autofree char *subject = NULL;
  CvReport *report;
  CvWindow *self;

  check = cv_trust_check_new_finish (result, &error);
  if (check == NULL)
    return;

  /* Not cancelled, so the window is still there */
  self = CV_WINDOW (user_data);
  subject = g_steal_pointer (&self->run_name);
  target = g_steal_pointer (&self->run_target);
  clear_run (self);
  set_busy (self, FALSE);

  report = cv_trust_check_get_report (check);
  g_set_object (&self->check, check);
  section = cv_trust_check_describe (check);
  if (section != NULL)
    cv_report_prepend_section (report, section);

  gtk_widget_set_visible (GTK_WIDGET (self->change_warning),
                          cv_trust_check_get_status (check) == CV_TRUST_STATUS_CHANGED);
  if (cv_trust_check_get_status (check) == CV_TRUST_STATUS_CHANGED)
    cv_change_warning_set (self->change_warning, cv_trust_check_get_saved (check),
                           cv_report_get_leaf (report));

  set_report (self, report, subject, target);
  show_verdict (self, report);
  /* Saved decisions that cannot be read must not pass in silence */
  if (cv_trust_check_get_store_error (check) != NULL)
    show_notice (self, TRUE, cv_trust_check_get_store_error (check));

  if (!self->prompting)
    cv_window_remember_server (self,
                               gtk_editable_get_text (GTK_EDITABLE (self->server_entry)));
}

static void
check_saved_decision (CvWindow *self,
                      CvReport *report)
{
  CvTarget *target = cv_probe_result_get_target (cv_report_get_probe_result (report));

  gtk_label_set_text (self->progress_label, _("Checking saved decisions…"));
  /* An unreadable or unsafe store says nothing here; the prompt is where that matters */
  cv_trust_check_new_async (get_store (self), cv_target_get_host (target),
                            cv_target_get_port (target), report, self->cancellable,
                            saved_checked_cb, self);
}

static void
start_inspection (CvWindow *self,
                  CvTarget *target)
{
  g_autofree char *name = cv_target_to_string (target);

  begin_run (self, cv_probe_phase_get_label (CV_PROBE_PHASE_RESOLVING), name, name);
  self->run_target = g_object_ref (target);

  self->probe = cv_probe_new (target);
  cv_probe_set_timeout_ms (self->probe, self->timeout_ms);
  cv_probe_set_revocation (self->probe, self->revocation);
  if (self->server_name != NULL)
    cv_probe_set_server_name (self->probe, self->server_name);
  self->phase_handler = g_signal_connect (self->probe, "notify::phase",
                                          G_CALLBACK (probe_phase_cb), self);

  cv_inspect_async (self->probe, self->ca_file, self->cancellable, inspect_cb, self);
}

typedef struct
{
  char *path;
  char *ca_file;
} FileRun;

static void
file_run_free (FileRun *run)
{
  g_free (run->path);
  g_free (run->ca_file);
  g_free (run);
}

static void
load_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FileRun *run = task_data;
  GError *error = NULL;
  CvReport *report;

  report = cv_report_new_for_file (run->path, run->ca_file, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, g_object_unref);
}

static void
file_loaded_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  CvWindow *self;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_WINDOW (user_data);
  g_assert (g_task_get_cancellable (G_TASK (result)) == self->cancellable);

  subject = g_steal_pointer (&self->run_name);
  clear_run (self);
  set_busy (self, FALSE);

  if (report == NULL)
    {
      g_autofree char *line = g_strdup_printf (_("File: %s"), subject);

      show_banner (self, BANNER_WARNING, "dialog-warning-symbolic",
                   _("Could Not Open the Certificate File"), line, error->message);
      return;
    }

  set_report (self, report, subject, NULL);
  show_verdict (self, report);
}

/* The form */

static CvProtocol
selected_protocol (CvWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->protocol_drop_down);

  return selected < CV_N_PROTOCOLS ? (CvProtocol) selected : CV_PROTOCOL_FTP_EXPLICIT;
}

static void
set_port_quietly (CvWindow *self,
                  guint     port)
{
  self->syncing_form = TRUE;
  gtk_spin_button_set_value (self->port_spin_button, port);
  self->syncing_form = FALSE;
}

/* The completion offers the recent servers while the user types. What the program
 * changes (the text it sets, a server it remembers) detaches them until the user
 * types again, or the completion would pop up over the result */
static void
attach_completion (CvWindow *self,
                   gboolean  attach)
{
  GtkEntryCompletion *completion = gtk_entry_get_completion (self->server_entry);

  if (completion != NULL)
    gtk_entry_completion_set_model (completion,
                                    attach ? GTK_TREE_MODEL (self->recent_store) : NULL);
}

static void
server_entry_changed_cb (GtkEditable *editable,
                         CvWindow    *self)
{
  const char *text = gtk_editable_get_text (editable);
  g_autoptr(CvTarget) target = NULL;
  gboolean has_scheme = strstr (text, "://") != NULL;

  /* A server name given for another server does not apply to this one */
  if (!self->setting_text)
    {
      g_clear_pointer (&self->server_name, g_free);
      attach_completion (self, TRUE);
    }

  self->text_has_port = text_names_port (text);
  if (has_scheme || self->text_has_port)
    target = cv_target_parse (text, selected_protocol (self), NULL);

  /* What the user typed wins: the scheme picks the protocol, and the port is the
   * URL's own or the scheme's default */
  if (target != NULL)
    {
      self->syncing_form = TRUE;
      gtk_drop_down_set_selected (self->protocol_drop_down, cv_target_get_protocol (target));
      gtk_spin_button_set_value (self->port_spin_button, cv_target_get_port (target));
      self->syncing_form = FALSE;
    }

  update_subject (self);
}

/* Enter in the Server field inspects what it names. Not through the window's
 * default widget: the default is lost while the Inspect button is swapped out */
static void
server_entry_activate_cb (GtkEntry *entry,
                          CvWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.inspect", NULL);
}

static void
protocol_selected_cb (GtkDropDown *drop_down,
                      GParamSpec  *pspec,
                      CvWindow    *self)
{
  if (!self->syncing_form && !self->port_set_by_user && !self->text_has_port)
    set_port_quietly (self, cv_protocol_get_default_port (selected_protocol (self)));

  update_subject (self);
}

static void
port_value_changed_cb (GtkSpinButton *spin_button,
                       CvWindow      *self)
{
  if (!self->syncing_form)
    self->port_set_by_user = TRUE;

  update_subject (self);
}

static void
selection_changed_cb (CvCertificateView *view,
                      CvWindow          *self)
{
  update_actions (self);
}

static void
notice_close_clicked_cb (GtkButton *button,
                         CvWindow  *self)
{
  hide_notice (self);
}

/* Actions */

static void
inspect_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_entry));
  CvProtocol protocol = selected_protocol (self);
  g_autoptr(CvTarget) parsed = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(GError) error = NULL;

  if (self->busy)
    return;

  parsed = cv_target_parse (text, protocol, &error);
  if (parsed == NULL)
    {
      hide_notice (self);
      show_banner (self, BANNER_WARNING, "dialog-warning-symbolic",
                   _("Check the Server Address"), NULL, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_entry));
      return;
    }

  /* The form shows what the text implies (see server_entry_changed_cb); the protocol
   * and port fields are what the user sees, so they decide */
  gtk_spin_button_update (self->port_spin_button);
  target = cv_target_new (cv_target_get_host (parsed),
                          (guint16) gtk_spin_button_get_value_as_int (self->port_spin_button),
                          protocol);
  start_inspection (self, target);
}

static void
emit_decided (CvWindow         *self,
              CvPromptDecision  decision)
{
  if (!self->prompting || self->prompt_decided)
    return;

  self->prompt_decided = TRUE;
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_DECIDED], 0, decision);
}

/* Escape: stops a run; in prompt mode steps back from the confirmation, or rejects */
static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);

  if (self->busy)
    cv_window_cancel (self);
  else if (self->prompting && cv_decision_bar_is_confirming (self->decision_bar))
    cv_decision_bar_back (self->decision_bar);
  else if (self->prompting)
    emit_decided (self, CV_PROMPT_REJECTED);
}

static void
decision_saved_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CvWindow) self = CV_WINDOW (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *key = NULL;
  CvTrustStore *store = CV_TRUST_STORE (source_object);
  CvPromptDecision decision = self->saving;

  gtk_widget_set_sensitive (GTK_WIDGET (self->decision_bar), TRUE);
  if (cv_trust_store_save_finish (store, result, &error))
    {
      if (cv_trust_store_get_notice (store) != NULL)
        g_message ("%s", cv_trust_store_get_notice (store));
      emit_decided (self, decision);
      return;
    }

  /* Nothing is decided yet: the user can still accept once, or reject */
  show_notice (self, TRUE, error->message);
  why = g_strdup_printf (_("Always Trust is not offered: the decision could not be "
                           "saved. %s"), error->message);
  key = cv_trust_key_for (cv_trust_check_get_host (self->check),
                          cv_trust_check_get_port (self->check));
  cv_decision_bar_set_always_refusal (self->decision_bar, why);
  cv_decision_bar_ask (self->decision_bar, key, cv_report_get_valid (self->report));
}

static void
decision_bar_decided_cb (CvDecisionBar    *bar,
                         CvPromptDecision  decision,
                         CvWindow         *self)
{
  g_autoptr(CvTrustEntry) entry = NULL;
  CvTrustDecision saved;

  if (decision != CV_PROMPT_TRUSTED_ALWAYS && decision != CV_PROMPT_REJECTED_ALWAYS)
    {
      emit_decided (self, decision);
      return;
    }

  g_assert (self->store != NULL && self->check != NULL);
  saved = decision == CV_PROMPT_TRUSTED_ALWAYS ? CV_TRUST_DECISION_TRUST
                                               : CV_TRUST_DECISION_REJECT;
  entry = cv_trust_check_decide (self->check, saved, cv_decision_bar_get_all_names (bar));

  /* Saved on a worker: the main thread never waits for the store */
  self->saving = decision;
  gtk_widget_set_sensitive (GTK_WIDGET (self->decision_bar), FALSE);
  cv_trust_store_save_async (self->store, entry, NULL, decision_saved_cb,
                             g_object_ref (self));
}

static void
save_window_state (CvWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (gtk_window_is_maximized (GTK_WINDOW (self)))
    return;

  /* The default size follows the size the user gave the window */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
cv_window_close_request (GtkWindow *window)
{
  save_window_state (CV_WINDOW (window));

  /* Closing the question is a rejection */
  emit_decided (CV_WINDOW (window), CV_PROMPT_REJECTED);

  return GTK_WINDOW_CLASS (cv_window_parent_class)->close_request (window);
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
new_file_chooser (CvWindow             *self,
                  const char           *title,
                  GtkFileChooserAction  action,
                  const char           *accept_label)
{
  GtkFileChooserNative *chooser;

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                         accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  self->file_chooser = chooser;
  return chooser;
}

static void
open_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);
  const char * const all_patterns[] = { "*.pem", "*.crt", "*.cer", "*.der", NULL };
  const char * const mime_types[] = {
    "application/x-x509-ca-cert", "application/x-x509-user-cert", "application/pkix-cert",
    "application/x-pem-file", NULL
  };
  const char * const pem_patterns[] = { "*.pem", "*.crt", NULL };
  const char * const der_patterns[] = { "*.der", "*.cer", NULL };
  const char * const any_pattern[] = { "*", NULL };
  GtkFileChooserNative *chooser;

  chooser = new_file_chooser (self, _("Open Certificate File"),
                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  add_filter (GTK_FILE_CHOOSER (chooser), _("Certificates (PEM, CRT, DER)"),
              all_patterns, mime_types);
  add_filter (GTK_FILE_CHOOSER (chooser), _("PEM Files"), pem_patterns, NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), _("DER Files"), der_patterns, NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), _("All Files"), any_pattern, NULL);

  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    CvWindow        *self)
{
  gboolean whole_chain = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "whole-chain"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->file_chooser);

  if (file != NULL)
    cv_window_export (self, file, whole_chain);
}

static char *
dup_export_basename (CvWindow *self,
                     gboolean  whole_chain)
{
  CvCertificate *leaf = cv_report_get_leaf (self->report);
  g_autofree char *name = NULL;

  name = g_strdup (leaf != NULL ? cv_certificate_get_display_name (leaf) : "certificate");
  /* Keep it a plain file name, whatever the certificate says */
  g_strcanon (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", '_');

  return g_strdup_printf ("%s%s.pem", name, whole_chain ? "-chain" : "");
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);
  gboolean whole_chain = g_str_equal (action_name, "win.export-chain");
  const char * const pem_patterns[] = { "*.pem", "*.crt", NULL };
  g_autofree char *basename = NULL;
  GtkFileChooserNative *chooser;

  if (self->report == NULL)
    return;

  chooser = new_file_chooser (self,
                              whole_chain ? _("Export Certificate Chain")
                                          : _("Export Certificate"),
                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
  add_filter (GTK_FILE_CHOOSER (chooser), _("PEM Files"), pem_patterns, NULL);
  basename = dup_export_basename (self, whole_chain);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), basename);
  g_object_set_data (G_OBJECT (chooser), "whole-chain", GINT_TO_POINTER (whole_chain));

  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
copy_text (CvWindow   *self,
           const char *text,
           const char *notice)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  show_notice (self, FALSE, notice);
}

static void
copy_value_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);
  g_autofree char *text = cv_certificate_view_dup_selected_text (self->certificate_view);

  if (text != NULL)
    copy_text (self, text, _("Copied the value."));
}

static void
copy_fingerprint_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);
  g_autofree char *fingerprint = NULL;

  fingerprint = cv_certificate_view_dup_selected_fingerprint (self->certificate_view);
  if (fingerprint != NULL)
    copy_text (self, fingerprint, _("Copied the SHA-256 fingerprint."));
}

static void
saved_decisions_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CvWindow *self = CV_WINDOW (widget);
  CvTrustWindow *window = cv_trust_window_new (GTK_WINDOW (self), self->store_path);

  gtk_window_present (GTK_WINDOW (window));
}

/* GObject */

static void
cv_window_dispose (GObject *object)
{
  CvWindow *self = CV_WINDOW (object);

  /* A run still going is cancelled; its callback will not look at the window */
  clear_run (self);
  g_clear_handle_id (&self->notice_timeout_id, g_source_remove);

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);

  if (self->certificate_view != NULL)
    g_signal_handlers_disconnect_by_func (self->certificate_view, selection_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CV_TYPE_WINDOW);
  g_clear_object (&self->report);
  g_clear_object (&self->shown_target);
  g_clear_object (&self->store);
  g_clear_object (&self->check);
  g_clear_object (&self->recent_store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cv_window_parent_class)->dispose (object);
}

static void
cv_window_finalize (GObject *object)
{
  CvWindow *self = CV_WINDOW (object);

  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->server_name, g_free);
  g_clear_pointer (&self->shown_subject, g_free);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->recent_servers, g_strfreev);

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
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_REPORT:
      g_value_set_object (value, self->report);
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

  /**
   * CvWindow::decided:
   * @decision: a CvPromptDecision
   *
   * Prompt mode: the user answered (or closed the window). Emitted once.
   */
  signals[SIGNAL_DECIDED] =
    g_signal_new ("decided",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CV_TYPE_PROMPT_DECISION);

  /* The resources live in a static library; naming them keeps the linker from
   * dropping the object file whose constructor registers them */
  g_assert_nonnull (cv_get_resource ());
  g_type_ensure (CV_TYPE_CERTIFICATE_VIEW);
  g_type_ensure (CV_TYPE_CHANGE_WARNING);
  g_type_ensure (CV_TYPE_PROMPT_OVERVIEW);
  g_type_ensure (CV_TYPE_DECISION_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certview/Certview/cv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CvWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, form_grid);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, server_entry);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, protocol_label);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, protocol_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, port_spin_button);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, button_stack);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, inspect_button);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, progress_detail_label);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, banner_title);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, banner_subject);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, banner_body);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, notice);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, content_scroller);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, certificate_view);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, prompt_overview);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, change_warning);
  gtk_widget_class_bind_template_child (widget_class, CvWindow, decision_bar);
  gtk_widget_class_bind_template_callback (widget_class, server_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, protocol_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, notice_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, decision_bar_decided_cb);

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

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "win.copy-value", NULL);
}

/* Once per display: the window's look, also when another program embeds the prompt */
static void
ensure_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "cv-style") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/certview/Certview/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "cv-style", g_steal_pointer (&provider),
                          g_object_unref);
}

static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* An uninstalled build or a test may have no schema: then nothing is remembered */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/* @servers as they may come from the settings: what another version or a hand
 * wrote there may hold blanks, which would show as empty rows */
static void
set_recent_servers (CvWindow           *self,
                    const char * const *servers)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  attach_completion (self, FALSE);
  for (guint i = 0; servers[i] != NULL && seen->len < MAX_RECENT_SERVERS; i++)
    {
      g_autofree char *server = g_strstrip (g_strdup (servers[i]));

      if (server[0] == '\0' ||
          g_ptr_array_find_with_equal_func (seen, server, g_str_equal, NULL))
        continue;
      g_strv_builder_add (builder, server);
      g_ptr_array_add (seen, g_steal_pointer (&server));
    }
  g_strfreev (self->recent_servers);
  self->recent_servers = g_strv_builder_end (builder);

  gtk_list_store_clear (self->recent_store);
  for (guint i = 0; self->recent_servers[i] != NULL; i++)
    gtk_list_store_insert_with_values (self->recent_store, NULL, -1,
                                       0, self->recent_servers[i], -1);
}

/* A recent server matches when it begins with what was typed, whatever the case:
 * choosing it then completes the text rather than replacing it with another */
static gboolean
recent_server_matches_cb (GtkEntryCompletion *completion,
                          const char         *key,
                          GtkTreeIter        *iter,
                          gpointer            user_data)
{
  GtkTreeModel *model = gtk_entry_completion_get_model (completion);
  g_autofree char *server = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;

  gtk_tree_model_get (model, iter, 0, &server, -1);
  if (server == NULL || server[0] == '\0' || key[0] == '\0')
    return FALSE;

  /* The key comes normalized and case-folded already; the server is made alike */
  normalized = g_utf8_normalize (server, -1, G_NORMALIZE_ALL);
  if (normalized == NULL)
    return FALSE;
  folded = g_utf8_casefold (normalized, -1);
  return g_str_has_prefix (folded, key);
}

static void
setup_settings (CvWindow *self)
{
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();
  g_auto(GStrv) servers = NULL;
  CvProtocol protocol = CV_PROTOCOL_FTP_EXPLICIT;

  self->default_timeout_ms = CV_PROBE_DEFAULT_TIMEOUT_MS;
  self->recent_store = gtk_list_store_new (1, G_TYPE_STRING);
  self->settings = new_settings ();

  if (self->settings != NULL)
    {
      protocol = (CvProtocol) g_settings_get_enum (self->settings, "default-protocol");
      self->default_timeout_ms = g_settings_get_uint (self->settings, "timeout") * 1000;
      self->revocation = (CvRevocationMode) g_settings_get_enum (self->settings, "revocation");
      servers = g_settings_get_strv (self->settings, "recent-servers");
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  else
    servers = g_new0 (char *, 1);

  self->timeout_ms = self->default_timeout_ms;
  self->syncing_form = TRUE;
  gtk_drop_down_set_selected (self->protocol_drop_down, protocol);
  gtk_spin_button_set_value (self->port_spin_button, cv_protocol_get_default_port (protocol));
  self->syncing_form = FALSE;

  set_recent_servers (self, (const char * const *) servers);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->recent_store));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_match_func (completion, recent_server_matches_cb, NULL, NULL);
  gtk_entry_set_completion (self->server_entry, completion);
}

static void
setup_accessible (CvWindow *self)
{
  /* The alert reads its title (its description follows the text, see
   * update_banner_description()) */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->banner),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->banner_title, NULL,
                                  -1);

  /* GtkDropDown (4.8) leaves the button inside it, which is what a screen reader
   * lands on, unnamed; the label of the drop-down names it too. Not an accessible
   * label on the drop-down itself: 4.8 would read it besides the mnemonic label */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->protocol_drop_down));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_relation (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      self->protocol_label, NULL,
                                      -1);
}

static void
cv_window_init (CvWindow *self)
{
  const char *labels[CV_N_PROTOCOLS + 1] = { NULL };
  g_autoptr(GtkStringList) protocols = NULL;
  GtkEditable *port_text;

  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_style (gtk_widget_get_display (GTK_WIDGET (self)));

  self->timeout_ms = CV_PROBE_DEFAULT_TIMEOUT_MS;

  for (guint i = 0; i < CV_N_PROTOCOLS; i++)
    labels[i] = cv_protocol_get_label ((CvProtocol) i);
  protocols = gtk_string_list_new (labels);
  self->syncing_form = TRUE;
  gtk_drop_down_set_model (self->protocol_drop_down, G_LIST_MODEL (protocols));
  gtk_drop_down_set_selected (self->protocol_drop_down, CV_PROTOCOL_FTP_EXPLICIT);
  gtk_spin_button_set_value (self->port_spin_button,
                             cv_protocol_get_default_port (CV_PROTOCOL_FTP_EXPLICIT));
  self->syncing_form = FALSE;

  setup_settings (self);
  setup_accessible (self);

  /* Enter in the port field inspects too */
  port_text = gtk_editable_get_delegate (GTK_EDITABLE (self->port_spin_button));
  if (GTK_IS_TEXT (port_text))
    gtk_text_set_activates_default (GTK_TEXT (port_text), TRUE);

  update_actions (self);
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

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

const char *
cv_window_get_ca_file (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return self->ca_file;
}

void
cv_window_set_timeout_ms (CvWindow *self,
                          guint     timeout_ms)
{
  g_return_if_fail (CV_IS_WINDOW (self));

  self->timeout_ms = timeout_ms > 0 ? timeout_ms : self->default_timeout_ms;
}

void
cv_window_remember_server (CvWindow   *self,
                           const char *text)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) servers = NULL;
  g_autofree char *server = NULL;
  guint n_servers = 1;

  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  server = g_strstrip (g_strdup (text));
  if (*server == '\0')
    return;

  /* Newest first, each once, the oldest dropped past the limit */
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, server);
  for (guint i = 0; self->recent_servers[i] != NULL && n_servers < MAX_RECENT_SERVERS; i++)
    {
      if (g_strcmp0 (self->recent_servers[i], server) == 0)
        continue;
      g_strv_builder_add (builder, self->recent_servers[i]);
      n_servers++;
    }
  servers = g_strv_builder_end (builder);

  set_recent_servers (self, (const char * const *) servers);
  if (self->settings != NULL)
    g_settings_set_strv (self->settings, "recent-servers", (const char * const *) servers);
}

const char * const *
cv_window_get_recent_servers (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return (const char * const *) self->recent_servers;
}

void
cv_window_set_trust_store_path (CvWindow   *self,
                                const char *path)
{
  g_return_if_fail (CV_IS_WINDOW (self));

  g_free (self->store_path);
  self->store_path = g_strdup (path);
}

const char *
cv_window_get_trust_store_path (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return self->store_path;
}

void
cv_window_set_server_name (CvWindow   *self,
                           const char *server_name)
{
  g_return_if_fail (CV_IS_WINDOW (self));

  g_free (self->server_name);
  self->server_name = g_strdup (server_name);
}

void
cv_window_set_revocation (CvWindow         *self,
                          CvRevocationMode  mode)
{
  g_return_if_fail (CV_IS_WINDOW (self));
  self->revocation = mode;
}

void
cv_window_inspect (CvWindow   *self,
                   const char *text)
{
  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  self->setting_text = TRUE;
  attach_completion (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), text);
  self->setting_text = FALSE;

  cv_window_cancel (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.inspect", NULL);
}

void
cv_window_open_file (CvWindow *self,
                     GFile    *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *basename = NULL;
  FileRun *run;

  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  name = g_file_get_parse_name (file);
  if (path == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a local file; save it on this computer first."), name);

      cv_window_cancel (self);
      show_banner (self, BANNER_WARNING, "dialog-warning-symbolic",
                   _("Could Not Open the Certificate File"), NULL, message);
      return;
    }

  /* The form would otherwise name a server the file has nothing to do with */
  self->setting_text = TRUE;
  attach_completion (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), "");
  self->setting_text = FALSE;
  g_clear_pointer (&self->server_name, g_free);

  basename = g_filename_display_basename (path);
  begin_run (self, _("Reading the certificate file…"), name, basename);

  run = g_new0 (FileRun, 1);
  run->path = g_steal_pointer (&path);
  run->ca_file = g_strdup (self->ca_file);

  task = g_task_new (NULL, self->cancellable, file_loaded_cb, self);
  g_task_set_source_tag (task, cv_window_open_file);
  g_task_set_task_data (task, run, (GDestroyNotify) file_run_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_file_thread);
}

void
cv_window_cancel (CvWindow *self)
{
  g_return_if_fail (CV_IS_WINDOW (self));

  if (!self->busy)
    return;

  clear_run (self);
  set_busy (self, FALSE);
}

static void
export_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CvWindow) self = CV_WINDOW (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (G_FILE (source_object));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source_object), result, NULL, &error))
    {
      text = g_strdup_printf (_("Could not save %s: %s"), name, error->message);
      show_notice (self, TRUE, text);
      return;
    }

  text = g_strdup_printf (_("Saved %s."), name);
  show_notice (self, FALSE, text);
}

void
cv_window_export (CvWindow *self,
                  GFile    *file,
                  gboolean  whole_chain)
{
  g_autoptr(GString) pem = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GListModel *certificates;
  guint n_certificates;

  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->report == NULL)
    return;

  certificates = cv_report_get_certificates (self->report);
  n_certificates = whole_chain ? g_list_model_get_n_items (certificates) : 1;
  pem = g_string_new (NULL);
  for (guint i = 0; i < n_certificates; i++)
    {
      g_autoptr(CvCertificate) certificate = g_list_model_get_item (certificates, i);
      g_autofree char *text = NULL;

      if (certificate == NULL)
        break;

      text = cv_certificate_to_pem (certificate);
      g_string_append (pem, text);
      if (pem->len > 0 && pem->str[pem->len - 1] != '\n')
        g_string_append_c (pem, '\n');
    }

  bytes = g_string_free_to_bytes (g_steal_pointer (&pem));
  /* The window stays alive until the file is written, so that it can tell */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       export_done_cb, g_object_ref (self));
}

/* Pure: why Always Trust is not offered for @report, or NULL when it is */
static char *
dup_always_refusal (CvReport   *report,
                    const char *store_problem,
                    gboolean    have_store)
{
  GPtrArray *reasons = cv_report_get_reasons (report);

  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      if (g_str_equal (reason->code, "revoked"))
        return g_strdup (_("Always Trust is not offered: the authority that issued this "
                           "certificate has revoked it."));
    }

  if (!have_store)
    return g_strdup_printf (_("Always Trust and Always Reject are not offered: saved "
                              "decisions cannot be used. %s"),
                            store_problem != NULL ? store_problem : "");

  return NULL;
}

void
cv_window_ask (CvWindow     *self,
               CvTrustCheck *check,
               CvTrustStore *store,
               const char   *store_problem)
{
  g_autofree char *key = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) other_names = NULL;
  CvReport *report;
  gboolean changed;

  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (CV_IS_TRUST_CHECK (check));
  g_return_if_fail (store == NULL || CV_IS_TRUST_STORE (store));

  cv_window_cancel (self);
  hide_notice (self);

  self->prompting = TRUE;
  self->prompt_decided = FALSE;
  g_set_object (&self->check, check);
  g_set_object (&self->store, store);
  report = cv_trust_check_get_report (check);
  key = cv_trust_key_for (cv_trust_check_get_host (check), cv_trust_check_get_port (check));

  /* A question about one server: no form, no other server to inspect */
  gtk_widget_set_visible (self->form_grid, FALSE);
  gtk_widget_set_visible (self->open_button, FALSE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->banner_revealer), 12);
  /* TRANSLATORS: the window title in prompt mode; %s is "host:port" */
  title = g_strdup_printf (_("Certificate of %s"), key);
  gtk_window_set_title (GTK_WINDOW (self), title);

  set_report (self, report, key, NULL);
  show_verdict (self, report);
  /* What to compare before accepting, above the tree and without scrolling */
  cv_prompt_overview_set_report (self->prompt_overview, report, key);
  gtk_widget_set_visible (GTK_WIDGET (self->prompt_overview), TRUE);
  gtk_adjustment_set_value (
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->content_scroller)), 0);

  changed = cv_trust_check_get_status (check) == CV_TRUST_STATUS_CHANGED;
  gtk_widget_set_visible (GTK_WIDGET (self->change_warning), changed);
  if (changed)
    cv_change_warning_set (self->change_warning, cv_trust_check_get_saved (check),
                           cv_report_get_leaf (report));

  refusal = dup_always_refusal (report, store_problem, store != NULL);
  cv_decision_bar_set_always_refusal (self->decision_bar, refusal);
  cv_decision_bar_set_can_remember (self->decision_bar, store != NULL);
  other_names = cv_trust_check_dup_other_names (check);
  cv_decision_bar_set_other_names (self->decision_bar, (const char * const *) other_names);
  cv_decision_bar_ask (self->decision_bar, key, cv_report_get_valid (report));
  gtk_widget_set_visible (GTK_WIDGET (self->decision_bar), TRUE);

  /* Enter and the first focus go to Reject */
  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 cv_decision_bar_get_default_widget (self->decision_bar));
  gtk_widget_grab_focus (cv_decision_bar_get_default_widget (self->decision_bar));
  update_actions (self);
}

gboolean
cv_window_is_prompting (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), FALSE);
  return self->prompting;
}

CvDecisionBar *
cv_window_get_decision_bar (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return self->decision_bar;
}

CvChangeWarning *
cv_window_get_change_warning (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return self->change_warning;
}

CvPromptOverview *
cv_window_get_prompt_overview (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return self->prompt_overview;
}

void
cv_window_show_error (CvWindow   *self,
                      const char *heading,
                      const char *message)
{
  g_return_if_fail (CV_IS_WINDOW (self));
  g_return_if_fail (heading != NULL);

  show_banner (self, BANNER_WARNING, "dialog-warning-symbolic", heading, NULL, message);
}

gboolean
cv_window_is_busy (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), FALSE);
  return self->busy;
}

CvReport *
cv_window_get_report (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return self->report;
}

CvCertificateView *
cv_window_get_certificate_view (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);
  return self->certificate_view;
}

char *
cv_window_dup_banner_text (CvWindow *self)
{
  g_autoptr(GString) text = NULL;
  GtkLabel *lines[2];

  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);

  lines[0] = self->banner_subject;
  lines[1] = self->banner_body;

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return g_strdup ("");

  text = g_string_new (gtk_label_get_text (self->banner_title));
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (lines[i])) &&
        gtk_label_get_text (lines[i])[0] != '\0')
      g_string_append_printf (text, "\n%s", gtk_label_get_text (lines[i]));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
cv_window_get_progress_text (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), NULL);

  return self->busy ? gtk_label_get_text (self->progress_label) : "";
}

CvProtocol
cv_window_get_protocol (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), CV_PROTOCOL_FTP_EXPLICIT);
  return selected_protocol (self);
}

guint16
cv_window_get_port (CvWindow *self)
{
  g_return_val_if_fail (CV_IS_WINDOW (self), 0);
  return (guint16) gtk_spin_button_get_value_as_int (self->port_spin_button);
}
