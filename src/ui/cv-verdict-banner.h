/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-report.h"
#include "cv-trust-check.h"

G_BEGIN_DECLS

#define CV_TYPE_VERDICT_BANNER (cv_verdict_banner_get_type ())

G_DECLARE_FINAL_TYPE (CvVerdictBanner, cv_verdict_banner, CV, VERDICT_BANNER, GtkWidget)

/*
 * The banner above the certificate: a heading, a line naming what it is about, and
 * the verdict with its reasons (or what went wrong). An alert for screen readers,
 * named by its heading and described by the rest.
 */

/*
 * Shows the verdict on @report: valid, trusted by a saved decision, or invalid
 * with its reasons. @check (may be NULL) says what the saved decisions make of it;
 * @ca_file is the extra trust anchors the report was verified with, or NULL.
 */
void     cv_verdict_banner_show_verdict (CvVerdictBanner *self,
                                         CvReport        *report,
                                         CvTrustCheck    *check,
                                         const char      *ca_file);
/* Shows a failure: @subject (may be NULL) names what it is about */
void     cv_verdict_banner_show_problem (CvVerdictBanner *self,
                                         const char      *icon_name,
                                         const char      *heading,
                                         const char      *subject,
                                         const char      *message);
/* The line naming what the verdict shown is about ("" hides it); ignored while the
 * banner shows no verdict */
void     cv_verdict_banner_set_subject  (CvVerdictBanner *self,
                                         const char      *subject);
void     cv_verdict_banner_hide         (CvVerdictBanner *self);
/* The banner as shown: one line for its heading, one for what it is about (when it
 * says) and its text; "" when hidden */
char    *cv_verdict_banner_dup_text     (CvVerdictBanner *self);

G_END_DECLS
