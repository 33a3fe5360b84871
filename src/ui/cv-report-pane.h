/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-certificate-view.h"
#include "cv-change-warning.h"
#include "cv-prompt-overview.h"
#include "cv-report.h"
#include "cv-trust-check.h"
#include "cv-verdict-banner.h"

G_BEGIN_DECLS

#define CV_TYPE_REPORT_PANE (cv_report_pane_get_type ())

G_DECLARE_FINAL_TYPE (CvReportPane, cv_report_pane, CV, REPORT_PANE, GtkWidget)

/*
 * A report as both windows show it: the verdict banner, a line of notice (copied,
 * saved, could not save), and below, scrolling as one, the prompt's overview, the
 * warning about a changed key, and the certificate tree (or, without a report, a
 * page saying what to do). What the saved decisions say of the report is shown
 * above the tree, beside the report and not in it. Signal "selection-changed": the
 * row selected in the tree changed.
 */

/* @check (may be NULL): what the saved decisions make of @report */
void               cv_report_pane_set_report            (CvReportPane  *self,
                                                         CvReport      *report,
                                                         CvTrustCheck  *check);
/* Whether the saved decision shows as a section above the tree (by default it
 * does); for reports set later */
void               cv_report_pane_set_shows_decision    (CvReportPane  *self,
                                                         gboolean       shows_decision);
CvReport          *cv_report_pane_get_report            (CvReportPane  *self);
/* Shows the verdict on the report in the banner; @ca_file as for
 * cv_verdict_banner_show_verdict() */
void               cv_report_pane_show_verdict          (CvReportPane  *self,
                                                         const char    *ca_file);
/* Shows the overview of the report above the tree, for the question about @server,
 * and scrolls to the top */
void               cv_report_pane_show_overview         (CvReportPane  *self,
                                                         const char    *server);

/* A short message about an action that leaves the banner as it is; a failure
 * stays until dismissed, anything else goes after a few seconds */
void               cv_report_pane_show_notice           (CvReportPane  *self,
                                                         gboolean       failure,
                                                         const char    *text);
void               cv_report_pane_hide_notice           (CvReportPane  *self);

/* Whether the report shown has a server certificate, for the actions on it */
gboolean           cv_report_pane_has_leaf              (CvReportPane  *self);
/* Copies what "Copy Value" / "Copy Fingerprint" copy, and says so */
void               cv_report_pane_copy_value            (CvReportPane  *self);
void               cv_report_pane_copy_fingerprint      (CvReportPane  *self);
/* Asks for a file and exports the server certificate (or the chain) to it */
void               cv_report_pane_ask_export            (CvReportPane  *self,
                                                         gboolean       whole_chain);
/* Writes the server certificate (or the whole chain) as PEM to @file, in the
 * background; the result shows as a notice */
void               cv_report_pane_export                (CvReportPane  *self,
                                                         GFile         *file,
                                                         gboolean       whole_chain);

CvVerdictBanner   *cv_report_pane_get_banner            (CvReportPane  *self);
CvCertificateView *cv_report_pane_get_certificate_view  (CvReportPane  *self);
CvChangeWarning   *cv_report_pane_get_change_warning    (CvReportPane  *self);
CvPromptOverview  *cv_report_pane_get_prompt_overview   (CvReportPane  *self);

G_END_DECLS
