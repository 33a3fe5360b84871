/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-export.h"
#include "cv-report.h"
#include "cv-trust-check.h"

G_BEGIN_DECLS

#define CV_TYPE_VERDICT_BANNER (cv_verdict_banner_get_type ())

/**
 * CvVerdictBanner:
 *
 * The banner above a certificate: a heading, a line naming what it is about, and the
 * verdict with its reasons (or what went wrong). An alert for screen readers, named by
 * its heading and described by the rest.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvVerdictBanner, cv_verdict_banner, CV, VERDICT_BANNER, GtkWidget)

/**
 * cv_verdict_banner_show_verdict:
 * @self: a #CvVerdictBanner
 * @report: the report
 * @check: (nullable): what the saved decisions make of @report, or %NULL
 * @ca_file: (nullable) (type filename): the extra trust anchors @report was verified
 *   with, or %NULL
 *
 * Shows the verdict on @report: valid, trusted by a saved decision, or invalid with its
 * reasons.
 */
CV_EXPORT
void     cv_verdict_banner_show_verdict (CvVerdictBanner *self,
                                         CvReport        *report,
                                         CvTrustCheck    *check,
                                         const char      *ca_file);

/**
 * cv_verdict_banner_show_problem:
 * @self: a #CvVerdictBanner
 * @icon_name: (nullable): the name of the icon beside the heading, or %NULL
 * @heading: the heading
 * @subject: (nullable): what the failure is about, or %NULL
 * @message: (nullable): what went wrong, or %NULL
 *
 * Shows a failure instead of a verdict.
 */
CV_EXPORT
void     cv_verdict_banner_show_problem (CvVerdictBanner *self,
                                         const char      *icon_name,
                                         const char      *heading,
                                         const char      *subject,
                                         const char      *message);

/**
 * cv_verdict_banner_show_failure:
 * @self: a #CvVerdictBanner
 * @heading: the heading
 * @subject: (nullable): what the failure is about, or %NULL
 * @message: (nullable): what went wrong and what to do, or %NULL
 *
 * Shows a failed verdict that has no certificate to go with it, such as a server
 * that offered TLS before and does not any more: styled as an invalid certificate,
 * not as a connection error.
 */
CV_EXPORT
void     cv_verdict_banner_show_failure (CvVerdictBanner *self,
                                         const char      *heading,
                                         const char      *subject,
                                         const char      *message);

/**
 * cv_verdict_banner_set_subject:
 * @self: a #CvVerdictBanner
 * @subject: (nullable): what the verdict shown is about; "" or %NULL hides the line
 *
 * Changes the line naming what the verdict shown is about. Ignored while the banner
 * shows no verdict.
 */
CV_EXPORT
void     cv_verdict_banner_set_subject  (CvVerdictBanner *self,
                                         const char      *subject);

/**
 * cv_verdict_banner_hide:
 * @self: a #CvVerdictBanner
 *
 * Hides the banner.
 */
CV_EXPORT
void     cv_verdict_banner_hide         (CvVerdictBanner *self);

/**
 * cv_verdict_banner_dup_text:
 * @self: a #CvVerdictBanner
 *
 * The banner as shown, for tests and screen reader checks: one line for its heading,
 * one for what it is about (when it says) and its text.
 *
 * Returns: (transfer full): the text, or "" when the banner is hidden
 */
CV_EXPORT
char    *cv_verdict_banner_dup_text     (CvVerdictBanner *self);

G_END_DECLS
