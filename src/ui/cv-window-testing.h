/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the tests look at inside the windows; not for the program itself */

#include "cv-change-warning.h"
#include "cv-decision-bar.h"
#include "cv-prompt-overview.h"
#include "cv-prompt-window.h"
#include "cv-report-pane.h"
#include "cv-server-form.h"
#include "cv-window.h"

G_BEGIN_DECLS

/* The banner as shown, one line for its heading, one for what it is about (when it
 * says) and its text ("" when hidden) */
char              *cv_window_dup_banner_text             (CvWindow        *self);
/* The progress line ("" when idle) */
const char        *cv_window_get_progress_text           (CvWindow        *self);
/* The form as the next inspection would use it */
CvProtocol         cv_window_get_protocol                (CvWindow        *self);
guint16            cv_window_get_port                    (CvWindow        *self);
GtkWidget         *cv_window_get_change_warning          (CvWindow        *self);
CvReportPane      *cv_window_get_pane                    (CvWindow        *self);
CvServerForm      *cv_window_get_server_form             (CvWindow        *self);

/* Whether rows of the report are still to come (they are added a few per frame) */
gboolean           cv_certificate_view_is_filling        (CvCertificateView *self);

char              *cv_prompt_window_dup_banner_text      (CvPromptWindow  *self);
CvDecisionBar     *cv_prompt_window_get_decision_bar     (CvPromptWindow  *self);
CvChangeWarning   *cv_prompt_window_get_change_warning   (CvPromptWindow  *self);
CvPromptOverview  *cv_prompt_window_get_prompt_overview  (CvPromptWindow  *self);

G_END_DECLS
