/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-certificate-view.h"
#include "cv-export.h"
#include "cv-report.h"
#include "cv-trust-check.h"
#include "cv-verdict-banner.h"

G_BEGIN_DECLS

#define CV_TYPE_REPORT_PANE (cv_report_pane_get_type ())

/**
 * CvReportPane:
 *
 * A report as Certview's windows show it: a #CvVerdictBanner, a line of notice
 * (copied, saved, could not save), and below, scrolling as one, the prompt's overview,
 * the warning about a changed key, and a #CvCertificateView (or, without a report, a
 * page saying what to do). What the saved decisions say of the report is shown above
 * the tree, beside the report and not in it.
 *
 * The signal "selection-changed" (no arguments) says that the row selected in the tree
 * changed.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvReportPane, cv_report_pane, CV, REPORT_PANE, GtkWidget)

/**
 * cv_report_pane_set_report:
 * @self: a #CvReportPane
 * @report: (nullable): the report, or %NULL for none
 * @check: (nullable): what the saved decisions make of @report, or %NULL
 *
 * Shows @report in the tree.
 */
CV_EXPORT
void               cv_report_pane_set_report            (CvReportPane  *self,
                                                         CvReport      *report,
                                                         CvTrustCheck  *check);

/**
 * cv_report_pane_set_shows_decision:
 * @self: a #CvReportPane
 * @shows_decision: whether the saved decision shows as a section above the tree
 *
 * Whether the saved decision shows as a section above the tree (by default it does),
 * for the reports set later.
 */
CV_EXPORT
void               cv_report_pane_set_shows_decision    (CvReportPane  *self,
                                                         gboolean       shows_decision);

/**
 * cv_report_pane_set_busy:
 * @self: a #CvReportPane
 * @busy: whether an inspection is running
 *
 * While an inspection runs and no report is set, the pane shows no advice on
 * starting one.
 */
CV_EXPORT
void               cv_report_pane_set_busy              (CvReportPane  *self,
                                                         gboolean       busy);

/**
 * cv_report_pane_get_report:
 * @self: a #CvReportPane
 *
 * The report shown.
 *
 * Returns: (transfer none) (nullable): the report, or %NULL
 */
CV_EXPORT
CvReport          *cv_report_pane_get_report            (CvReportPane  *self);

/**
 * cv_report_pane_show_verdict:
 * @self: a #CvReportPane
 * @ca_file: (nullable) (type filename): the extra trust anchors the report was
 *   verified with, or %NULL
 *
 * Shows the verdict on the report in the banner, as
 * cv_verdict_banner_show_verdict() does. The pane must have a report.
 */
CV_EXPORT
void               cv_report_pane_show_verdict          (CvReportPane  *self,
                                                         const char    *ca_file);

/**
 * cv_report_pane_show_overview:
 * @self: a #CvReportPane
 * @server: the server the question is about, as "host:port"
 *
 * Shows the overview of the report above the tree, for the question about @server, and
 * scrolls to the top. The pane must have a report.
 */
CV_EXPORT
void               cv_report_pane_show_overview         (CvReportPane  *self,
                                                         const char    *server);

/**
 * cv_report_pane_show_notice:
 * @self: a #CvReportPane
 * @failure: whether the notice reports a failure
 * @text: the notice
 *
 * Shows a short message about an action that leaves the banner as it is. A failure
 * stays until dismissed, anything else goes after a few seconds.
 */
CV_EXPORT
void               cv_report_pane_show_notice           (CvReportPane  *self,
                                                         gboolean       failure,
                                                         const char    *text);

/**
 * cv_report_pane_hide_notice:
 * @self: a #CvReportPane
 *
 * Hides the notice.
 */
CV_EXPORT
void               cv_report_pane_hide_notice           (CvReportPane  *self);

/**
 * cv_report_pane_has_leaf:
 * @self: a #CvReportPane
 *
 * Whether the report shown has a server certificate, for the actions on it.
 *
 * Returns: %TRUE when there is a server certificate to copy or export
 */
CV_EXPORT
gboolean           cv_report_pane_has_leaf              (CvReportPane  *self);

/**
 * cv_report_pane_copy_value:
 * @self: a #CvReportPane
 *
 * Copies what "Copy Value" copies (cv_certificate_view_dup_selected_text()) to the
 * clipboard, and says so in a notice.
 */
CV_EXPORT
void               cv_report_pane_copy_value            (CvReportPane  *self);

/**
 * cv_report_pane_copy_fingerprint:
 * @self: a #CvReportPane
 *
 * Copies what "Copy Fingerprint" copies
 * (cv_certificate_view_dup_selected_fingerprint()) to the clipboard, and says so in a
 * notice.
 */
CV_EXPORT
void               cv_report_pane_copy_fingerprint      (CvReportPane  *self);

/**
 * cv_report_pane_ask_export:
 * @self: a #CvReportPane
 * @whole_chain: whether to export the whole chain rather than the server certificate
 *
 * Asks for a file and exports the server certificate (or the chain) to it, as
 * cv_report_pane_export() does.
 */
CV_EXPORT
void               cv_report_pane_ask_export            (CvReportPane  *self,
                                                         gboolean       whole_chain);

/**
 * cv_report_pane_export:
 * @self: a #CvReportPane
 * @file: the file to write
 * @whole_chain: whether to export the whole chain rather than the server certificate
 *
 * Writes the server certificate (or the whole chain) as PEM to @file, in the
 * background; the result shows as a notice.
 */
CV_EXPORT
void               cv_report_pane_export                (CvReportPane  *self,
                                                         GFile         *file,
                                                         gboolean       whole_chain);

/**
 * cv_report_pane_get_banner:
 * @self: a #CvReportPane
 *
 * The banner above the report.
 *
 * Returns: (transfer none): the banner
 */
CV_EXPORT
CvVerdictBanner   *cv_report_pane_get_banner            (CvReportPane  *self);

/**
 * cv_report_pane_get_certificate_view:
 * @self: a #CvReportPane
 *
 * The certificate tree.
 *
 * Returns: (transfer none): the view
 */
CV_EXPORT
CvCertificateView *cv_report_pane_get_certificate_view  (CvReportPane  *self);

/**
 * cv_report_pane_get_change_warning:
 * @self: a #CvReportPane
 *
 * The warning that the server's key is not the one of its saved decision, shown above
 * the tree when that is so.
 *
 * Returns: (transfer none): the warning
 */
CV_EXPORT
GtkWidget         *cv_report_pane_get_change_warning    (CvReportPane  *self);

/**
 * cv_report_pane_get_prompt_overview:
 * @self: a #CvReportPane
 *
 * The overview that cv_report_pane_show_overview() shows above the tree.
 *
 * Returns: (transfer none): the overview
 */
CV_EXPORT
GtkWidget         *cv_report_pane_get_prompt_overview   (CvReportPane  *self);

G_END_DECLS
