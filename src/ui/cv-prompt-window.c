/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-prompt-window.h"

#include "cv-decision-bar.h"
#include "cv-error.h"
#include "cv-prompt.h"
#include "cv-report-pane.h"
#include "cv-server-subject.h"
#include "cv-trust-window.h"
#include "cv-window-testing.h"

#include <glib/gi18n.h>

struct _CvPromptWindow
{
  GtkApplicationWindow  parent_instance;

  CvTrustCheck         *check;
  CvTrustStore         *store;
  /* "host:port", the server asked about */
  char                 *key;
  /* What Saved Decisions shows: the store asked, also when it cannot be used */
  char                 *store_path;
  /* The decision being saved, while save_cancellable is set */
  CvPromptDecision      saving;
  GCancellable         *save_cancellable;
  gboolean              decided;
  /* Closed or cancelled while saving: the save's end gives the answer */
  gboolean              closing;

  /* Template widgets */
  GtkMenuButton        *primary_menu_button;
  CvReportPane         *pane;
  CvDecisionBar        *decision_bar;
};

G_DEFINE_FINAL_TYPE (CvPromptWindow, cv_prompt_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  SIGNAL_DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (CvPromptWindow *self)
{
  CvCertificateView *view = cv_report_pane_get_certificate_view (self->pane);
  g_autoptr(GObject) selected = cv_certificate_view_dup_selected_item (view);
  gboolean has_leaf = cv_report_pane_has_leaf (self->pane);
  gboolean has_report = cv_report_pane_get_report (self->pane) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", !self->decided);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-value", selected != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-fingerprint", has_leaf);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-certificate", has_leaf);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-chain", has_report);
}

static void
emit_decided (CvPromptWindow   *self,
              CvPromptDecision  decision)
{
  if (self->decided)
    return;

  self->decided = TRUE;
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_DECIDED], 0, decision);
}

/* Pure: why Always Trust is not offered for @report, or NULL when it is */
static char *
dup_always_refusal (CvReport   *report,
                    const char *store_problem,
                    gboolean    have_store)
{
  g_auto(GStrv) problems = cv_trust_report_problems (report);

  if (!cv_trust_policy_may_trust ((const char * const *) problems))
    {
      CvCertificate *authority = cv_report_get_revoked_authority (report);

      if (authority != NULL)
        /* TRANSLATORS: %s is the name of a certificate authority, as "Example CA" */
        return g_strdup_printf (_("Always Trust is not offered: the authority “%s”, which "
                                  "vouches for this certificate, has been revoked."),
                                cv_certificate_get_display_name (authority));
      return g_strdup (_("Always Trust is not offered: the authority that issued this "
                         "certificate has revoked it."));
    }

  if (!have_store)
    return g_strdup_printf (_("Always Trust and Always Reject are not offered: saved "
                              "decisions cannot be used. %s"),
                            store_problem != NULL ? store_problem : "");

  return NULL;
}

static void
decision_saved_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CvPromptWindow) self = CV_PROMPT_WINDOW (user_data);
  g_autoptr(GError) error = NULL;
  CvTrustStore *store = CV_TRUST_STORE (source_object);

  g_clear_object (&self->save_cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->decision_bar), TRUE);
  /* Saved: that is the answer, even to a window closed meanwhile */
  if (cv_trust_store_save_over_finish (store, result, &error))
    {
      if (cv_trust_store_get_notice (store) != NULL)
        g_message ("%s", cv_trust_store_get_notice (store));
      emit_decided (self, self->saving);
      return;
    }
  if (self->closing)
    {
      emit_decided (self, CV_PROMPT_REJECTED);
      return;
    }

  /* Nothing is decided yet: the user can still accept once, or reject. Neither
   * decision can be saved now (or, decided elsewhere meanwhile, should be on what
   * this window shows), so neither is offered again. */
  cv_report_pane_show_notice (self->pane, TRUE, error->message);
  /* The notice says why; said again here, it would push the overview away */
  cv_decision_bar_set_always_refusal (self->decision_bar,
                                      _("Always Trust and Always Reject are no longer "
                                        "offered: the notice above says why."));
  cv_decision_bar_set_can_remember (self->decision_bar, FALSE);
  cv_decision_bar_ask (self->decision_bar, self->key,
                       cv_report_get_valid (cv_trust_check_get_report (self->check)));
}

static void
decision_bar_decided_cb (CvDecisionBar    *bar,
                         CvPromptDecision  decision,
                         CvPromptWindow   *self)
{
  g_autoptr(CvTrustEntry) entry = NULL;
  CvTrustEntry *seen;
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

  /* What this window was opened on for the server: a decision for its host and
   * port, or none (a decision for other names of the certificate is a row of
   * its own). Another window's decision since then is not overwritten. */
  seen = cv_trust_check_get_saved (self->check);
  if (seen != NULL && g_strcmp0 (cv_trust_entry_get_key (seen),
                                 cv_trust_entry_get_key (entry)) != 0)
    seen = NULL;

  /* Saved on a worker: the main thread never waits for the store */
  self->saving = decision;
  self->save_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->decision_bar), FALSE);
  cv_trust_store_save_over_async (self->store, entry, seen, self->save_cancellable,
                                  decision_saved_cb, g_object_ref (self));
}

gboolean
cv_prompt_window_close_when_saved (CvPromptWindow *self)
{
  g_return_val_if_fail (CV_IS_PROMPT_WINDOW (self), FALSE);

  if (self->save_cancellable == NULL || self->decided)
    return FALSE;

  /* Not saved yet: it will not be. Saving: the answer is what the save did, so
   * that it never says "rejected" of a decision that is in the store. */
  self->closing = TRUE;
  g_cancellable_cancel (self->save_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return TRUE;
}

static void
selection_changed_cb (CvReportPane   *pane,
                      CvPromptWindow *self)
{
  update_actions (self);
}

/* Actions */

/* Escape steps back from the confirmation, or rejects */
static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CvPromptWindow *self = CV_PROMPT_WINDOW (widget);

  if (cv_prompt_window_close_when_saved (self))
    return;
  if (cv_decision_bar_is_confirming (self->decision_bar))
    cv_decision_bar_back (self->decision_bar);
  else
    emit_decided (self, CV_PROMPT_REJECTED);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CvPromptWindow *self = CV_PROMPT_WINDOW (widget);

  cv_report_pane_ask_export (self->pane, g_str_equal (action_name, "win.export-chain"));
}

static void
copy_value_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cv_report_pane_copy_value (CV_PROMPT_WINDOW (widget)->pane);
}

static void
copy_fingerprint_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  cv_report_pane_copy_fingerprint (CV_PROMPT_WINDOW (widget)->pane);
}

static void
saved_decisions_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CvPromptWindow *self = CV_PROMPT_WINDOW (widget);
  CvTrustWindow *window = cv_trust_window_new (GTK_WINDOW (self), self->store_path);

  gtk_window_present (GTK_WINDOW (window));
}

/* GObject */

static gboolean
cv_prompt_window_close_request (GtkWindow *window)
{
  CvPromptWindow *self = CV_PROMPT_WINDOW (window);

  /* Closing the question is a rejection, unless a decision is being saved */
  if (cv_prompt_window_close_when_saved (self))
    return TRUE;
  emit_decided (self, CV_PROMPT_REJECTED);

  return GTK_WINDOW_CLASS (cv_prompt_window_parent_class)->close_request (window);
}

static void
cv_prompt_window_dispose (GObject *object)
{
  CvPromptWindow *self = CV_PROMPT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CV_TYPE_PROMPT_WINDOW);
  g_clear_object (&self->save_cancellable);
  g_clear_object (&self->check);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cv_prompt_window_parent_class)->dispose (object);
}

static void
cv_prompt_window_finalize (GObject *object)
{
  CvPromptWindow *self = CV_PROMPT_WINDOW (object);

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->store_path, g_free);

  G_OBJECT_CLASS (cv_prompt_window_parent_class)->finalize (object);
}

static void
cv_prompt_window_class_init (CvPromptWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cv_prompt_window_dispose;
  object_class->finalize = cv_prompt_window_finalize;
  window_class->close_request = cv_prompt_window_close_request;

  /**
   * CvPromptWindow::decided:
   * @decision: a CvPromptDecision
   *
   * The user answered (or closed the window). Emitted once.
   */
  signals[SIGNAL_DECIDED] =
    g_signal_new ("decided",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CV_TYPE_PROMPT_DECISION);

  g_type_ensure (CV_TYPE_REPORT_PANE);
  g_type_ensure (CV_TYPE_DECISION_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certview/Certview/cv-prompt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CvPromptWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CvPromptWindow, pane);
  gtk_widget_class_bind_template_child (widget_class, CvPromptWindow, decision_bar);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, decision_bar_decided_cb);

  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "win.copy-value", NULL, copy_value_action_cb);
  gtk_widget_class_install_action (widget_class, "win.copy-fingerprint", NULL,
                                   copy_fingerprint_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-certificate", NULL,
                                   export_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-chain", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "win.saved-decisions", NULL,
                                   saved_decisions_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "win.copy-value", NULL);
  /* As in the main window; closing the prompt rejects */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
cv_prompt_window_init (CvPromptWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  builder = gtk_builder_new_from_resource ("/io/github/certview/Certview/cv-primary-menu.ui");
  gtk_menu_button_set_menu_model (self->primary_menu_button,
                                  G_MENU_MODEL (gtk_builder_get_object (builder,
                                                                        "prompt_menu")));

  /* No form above: the banner keeps off the header bar */
  gtk_widget_set_margin_top (GTK_WIDGET (cv_report_pane_get_banner (self->pane)), 12);
  /* The banner and the warning say what a saved decision makes of the report */
  cv_report_pane_set_shows_decision (self->pane, FALSE);
}

/* Shows the question about @check */
static void
ask (CvPromptWindow *self,
     CvTrustCheck   *check,
     CvTrustStore   *store,
     const char     *store_problem)
{
  CvReport *report = cv_trust_check_get_report (check);
  g_autofree char *title = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *refusal = NULL;
  g_auto(GStrv) other_names = NULL;
  GtkWidget *reject;

  self->check = g_object_ref (check);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->key = cv_trust_key_for (cv_trust_check_get_host (check),
                                cv_trust_check_get_port (check));

  /* TRANSLATORS: the window title in prompt mode; %s is "host:port" */
  title = g_strdup_printf (_("Certificate of %s"), self->key);
  gtk_window_set_title (GTK_WINDOW (self), title);

  cv_report_pane_set_report (self->pane, report, check);
  cv_report_pane_show_verdict (self->pane, NULL);
  subject = cv_server_subject (self->key, cv_trust_check_get_host (check), report);
  cv_verdict_banner_set_subject (cv_report_pane_get_banner (self->pane), subject);
  cv_report_pane_show_overview (self->pane, self->key);

  refusal = dup_always_refusal (report, store_problem, store != NULL);
  cv_decision_bar_set_always_refusal (self->decision_bar, refusal);
  cv_decision_bar_set_can_remember (self->decision_bar, store != NULL);
  other_names = cv_trust_check_dup_other_names (check);
  cv_decision_bar_set_other_names (self->decision_bar, (const char * const *) other_names);
  cv_decision_bar_set_fingerprint (self->decision_bar,
                                   cv_certificate_get_sha256 (cv_report_get_leaf (report)));
  cv_decision_bar_ask (self->decision_bar, self->key, cv_report_get_valid (report));

  /* Enter and the first focus go to Reject */
  reject = cv_decision_bar_get_default_widget (self->decision_bar);
  gtk_window_set_default_widget (GTK_WINDOW (self), reject);
  gtk_widget_grab_focus (reject);
  update_actions (self);
}

CvPromptWindow *
cv_prompt_window_new (GtkApplication *application,
                      CvTrustCheck   *check,
                      CvTrustStore   *store,
                      const char     *store_problem)
{
  CvPromptWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CV_IS_TRUST_CHECK (check), NULL);
  g_return_val_if_fail (store == NULL || CV_IS_TRUST_STORE (store), NULL);

  self = g_object_new (CV_TYPE_PROMPT_WINDOW, "application", application, NULL);
  ask (self, check, store, store_problem);
  return self;
}

void
cv_prompt_window_set_store_path (CvPromptWindow *self,
                                 const char     *store_path)
{
  g_return_if_fail (CV_IS_PROMPT_WINDOW (self));

  g_free (self->store_path);
  self->store_path = g_strdup (store_path);
}

CvReport *
cv_prompt_window_get_report (CvPromptWindow *self)
{
  g_return_val_if_fail (CV_IS_PROMPT_WINDOW (self), NULL);
  return cv_report_pane_get_report (self->pane);
}

/* For tests */

char *
cv_prompt_window_dup_banner_text (CvPromptWindow *self)
{
  g_return_val_if_fail (CV_IS_PROMPT_WINDOW (self), NULL);
  return cv_verdict_banner_dup_text (cv_report_pane_get_banner (self->pane));
}

CvDecisionBar *
cv_prompt_window_get_decision_bar (CvPromptWindow *self)
{
  g_return_val_if_fail (CV_IS_PROMPT_WINDOW (self), NULL);
  return self->decision_bar;
}

CvChangeWarning *
cv_prompt_window_get_change_warning (CvPromptWindow *self)
{
  g_return_val_if_fail (CV_IS_PROMPT_WINDOW (self), NULL);
  return CV_CHANGE_WARNING (cv_report_pane_get_change_warning (self->pane));
}

CvPromptOverview *
cv_prompt_window_get_prompt_overview (CvPromptWindow *self)
{
  g_return_val_if_fail (CV_IS_PROMPT_WINDOW (self), NULL);
  return CV_PROMPT_OVERVIEW (cv_report_pane_get_prompt_overview (self->pane));
}
