/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-certificate-view.h"
#include "cv-report.h"
#include "cv-revocation.h"
#include "cv-target.h"

G_BEGIN_DECLS

#define CV_TYPE_WINDOW (cv_window_get_type ())

G_DECLARE_FINAL_TYPE (CvWindow, cv_window, CV, WINDOW, GtkApplicationWindow)

/*
 * The main window: the connection form, progress, the verdict banner and the
 * certificate tree. One run (an inspection or a file) at a time; starting a new
 * one cancels the old, and so do Cancel, Escape and closing the window.
 * Properties "busy" and "report" (read-only, notify on change).
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
/* The TLS server name (SNI) to send instead of the host's, as --sni. It belongs
 * to the server that is in the form: editing the Server field drops it. */
void               cv_window_set_server_name      (CvWindow        *self,
                                                   const char      *server_name);
/* Overrides the "revocation" setting, as --revocation does */
void               cv_window_set_revocation       (CvWindow        *self,
                                                   CvRevocationMode mode);

/* Shows @target in the form and inspects it, as the Inspect button does; a target
 * parsed from text that named no scheme takes the "default-protocol" setting */
void               cv_window_inspect              (CvWindow        *self,
                                                   CvTarget        *target);
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

/* Shows a failure in the banner, as for a run that failed */
void               cv_window_show_error           (CvWindow        *self,
                                                   const char      *heading,
                                                   const char      *message);

gboolean           cv_window_is_busy              (CvWindow        *self);
/* The report shown, or NULL */
CvReport          *cv_window_get_report           (CvWindow        *self);
CvCertificateView *cv_window_get_certificate_view (CvWindow        *self);

G_END_DECLS
