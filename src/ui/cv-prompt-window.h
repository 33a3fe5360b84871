/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-report.h"
#include "cv-trust-check.h"
#include "cv-trust-store.h"

G_BEGIN_DECLS

#define CV_TYPE_PROMPT_WINDOW (cv_prompt_window_get_type ())

G_DECLARE_FINAL_TYPE (CvPromptWindow, cv_prompt_window, CV, PROMPT_WINDOW, GtkApplicationWindow)

/*
 * The question before a transfer: the report of @check, with the verdict, what to
 * compare, a warning when the server's key is not the one of a saved decision, the
 * certificate tree and the decision bar. Emits "decided" (a CvPromptDecision)
 * once: for a button, for Escape, or for closing the window (a rejection). Always
 * Trust and Always Reject save the decision in @store on a worker first.
 * @store: NULL when there is no usable store; @store_problem (a sentence) then
 * says why those two are not offered.
 */
CvPromptWindow *cv_prompt_window_new        (GtkApplication *application,
                                             CvTrustCheck   *check,
                                             CvTrustStore   *store,
                                             const char     *store_problem);

/* While Always Trust or Always Reject is being saved: cancels the save if it has
 * not started, hides the window, and returns TRUE; ::decided then comes when the
 * save ends, with the decision if it was saved, else a rejection. FALSE when
 * nothing is being saved. */
gboolean        cv_prompt_window_close_when_saved (CvPromptWindow *self);

/* The trust store its Saved Decisions opens; NULL (the default) for the default one */
void            cv_prompt_window_set_store_path (CvPromptWindow *self,
                                                 const char     *store_path);

/* The report asked about */
CvReport       *cv_prompt_window_get_report (CvPromptWindow *self);

G_END_DECLS
