/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-report.h"

G_BEGIN_DECLS

#define CV_TYPE_PROMPT_OVERVIEW (cv_prompt_overview_get_type ())

G_DECLARE_FINAL_TYPE (CvPromptOverview, cv_prompt_overview, CV, PROMPT_OVERVIEW, GtkWidget)

/*
 * What a user compares before accepting a certificate, without scrolling: the
 * server, the server certificate's SHA-256 fingerprint (with a Copy button), its
 * validity period and issuer, and the connection's TLS version and cipher. A
 * compact grid of label and value pairs whose values wrap.
 */
GtkWidget  *cv_prompt_overview_new                (void);
/* @report: (nullable) NULL empties the overview; @server: "host:port" */
void        cv_prompt_overview_set_report         (CvPromptOverview *self,
                                                   CvReport         *report,
                                                   const char       *server);
CvReport   *cv_prompt_overview_get_report         (CvPromptOverview *self);
const char *cv_prompt_overview_get_server         (CvPromptOverview *self);
/* For tests and screen readers: the pairs shown, one "Label: value" a line */
char       *cv_prompt_overview_dup_text           (CvPromptOverview *self);

/* Pure: "ab:cd:…" (hex pairs joined by ':') in groups of four bytes separated by
 * spaces, four groups to a line, so that a SHA-256 takes two lines, a narrower
 * label wraps between groups, and two fingerprints shown one above the other line
 * up group by group; anything else is returned as it is */
char       *cv_prompt_overview_format_fingerprint (const char       *fingerprint);

G_END_DECLS
