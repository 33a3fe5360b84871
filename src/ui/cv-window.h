/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-certificate-view.h"
#include "cv-change-warning.h"
#include "cv-decision-bar.h"
#include "cv-prompt-overview.h"
#include "cv-report.h"
#include "cv-trust-check.h"
#include "cv-trust-store.h"

G_BEGIN_DECLS

#define CV_TYPE_WINDOW (cv_window_get_type ())

G_DECLARE_FINAL_TYPE (CvWindow, cv_window, CV, WINDOW, GtkApplicationWindow)

/*
 * The main window: the connection form, progress, the verdict banner and the
 * certificate tree. One run (an inspection or a file) at a time; starting a new
 * one cancels the old, and so do Cancel, Escape and closing the window.
 * Properties "busy" and "report" (read-only, notify on change).
 *
 * In prompt mode (cv_window_ask()) it is the question before a transfer: the form
 * gives way to the decision bar, and "decided" (a CvPromptDecision) is emitted once,
 * for a button, for Escape, or for closing the window (a rejection).
 */
CvWindow          *cv_window_new                  (GtkApplication  *application);

/* Extra trust anchors (PEM) for later runs, as --ca-file; NULL for none */
void               cv_window_set_ca_file          (CvWindow        *self,
                                                   const char      *ca_file);
const char        *cv_window_get_ca_file          (CvWindow        *self);
/* Whole-run deadline of later inspections; 0 restores the default: the "timeout"
 * setting, or CV_PROBE_DEFAULT_TIMEOUT_MS without the schema */
void               cv_window_set_timeout_ms       (CvWindow        *self,
                                                   guint            timeout_ms);
/* Puts @text first in the recent servers the Server field completes from (kept in
 * the "recent-servers" setting when the schema is installed); done after each
 * successful inspection */
void               cv_window_remember_server      (CvWindow        *self,
                                                   const char      *text);
const char * const *cv_window_get_recent_servers  (CvWindow        *self);
/* The saved decisions that inspections are checked against, as --trust-store;
 * NULL for the default store */
void               cv_window_set_trust_store_path (CvWindow        *self,
                                                   const char      *path);
const char        *cv_window_get_trust_store_path (CvWindow        *self);
/* The TLS server name (SNI) to send instead of the host's, as --sni. It belongs
 * to the server that is in the form: editing the Server field drops it. */
void               cv_window_set_server_name      (CvWindow        *self,
                                                   const char      *server_name);
/* Overrides the "revocation" setting, as --revocation does */
void               cv_window_set_revocation       (CvWindow        *self,
                                                   CvRevocationMode mode);

/* Puts @text (host, host:port, or a URL) in the Server field, lets the protocol
 * and port follow it, and starts an inspection as the Inspect button does. */
void               cv_window_inspect              (CvWindow        *self,
                                                   const char      *text);
/* Reads a local certificate file (PEM or DER) on a worker thread and shows it */
void               cv_window_open_file            (CvWindow        *self,
                                                   GFile           *file);
/* Stops the current run at once and returns to idle; nothing is reported */
void               cv_window_cancel               (CvWindow        *self);
/* Writes the server certificate (or the whole chain) as PEM to @file, in the
 * background; the result shows in the window */
void               cv_window_export               (CvWindow        *self,
                                                   GFile           *file,
                                                   gboolean         whole_chain);
/*
 * Prompt mode: shows the report of @check and asks whether to accept it for its
 * server; the check says what the saved decisions make of it (a changed key is
 * shown as a warning, new problems of a renewal in the banner).
 * @store: where Always Trust and Always Reject save the decision; NULL when there
 * is no usable store, and @store_problem (a sentence) then says why they are not
 * offered.
 */
void               cv_window_ask                  (CvWindow        *self,
                                                   CvTrustCheck    *check,
                                                   CvTrustStore    *store,
                                                   const char      *store_problem);
gboolean           cv_window_is_prompting         (CvWindow        *self);
CvDecisionBar     *cv_window_get_decision_bar     (CvWindow        *self);
CvChangeWarning   *cv_window_get_change_warning   (CvWindow        *self);
CvPromptOverview  *cv_window_get_prompt_overview  (CvWindow        *self);

/* Shows a failure in the banner, as for a run that failed */
void               cv_window_show_error           (CvWindow        *self,
                                                   const char      *heading,
                                                   const char      *message);

gboolean           cv_window_is_busy              (CvWindow        *self);
/* The report shown, or NULL */
CvReport          *cv_window_get_report           (CvWindow        *self);
CvCertificateView *cv_window_get_certificate_view (CvWindow        *self);
/* For tests: the banner as shown, one line for its heading, one for what it is
 * about (when it says) and its text ("" when hidden); the progress line ("" when
 * idle) */
char              *cv_window_dup_banner_text      (CvWindow        *self);
const char        *cv_window_get_progress_text    (CvWindow        *self);
/* The form as the next inspection would use it */
CvProtocol         cv_window_get_protocol         (CvWindow        *self);
guint16            cv_window_get_port             (CvWindow        *self);

G_END_DECLS
