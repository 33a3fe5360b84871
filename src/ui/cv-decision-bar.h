/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-prompt.h"

G_BEGIN_DECLS

#define CV_TYPE_DECISION_BAR (cv_decision_bar_get_type ())

G_DECLARE_FINAL_TYPE (CvDecisionBar, cv_decision_bar, CV, DECISION_BAR, GtkWidget)

/*
 * The question before a transfer: Reject, Always Reject, Accept Once, Always
 * Trust. For an
 * invalid certificate Always Trust takes a second, explicit step; where it is not
 * offered at all the bar says why. Emits "decided" (a CvPromptDecision) once per
 * question; cv_decision_bar_ask() puts a new one.
 */
/* A new question about @server ("host:port"); @certificate_valid decides whether
 * Always Trust needs the confirmation step */
void       cv_decision_bar_ask                    (CvDecisionBar *self,
                                                   const char    *server,
                                                   gboolean       certificate_valid);
/* Why Always Trust is not offered (a whole sentence), or NULL to offer it */
void       cv_decision_bar_set_always_refusal     (CvDecisionBar *self,
                                                   const char    *why);
/* The button Enter presses: Reject */
GtkWidget *cv_decision_bar_get_default_widget     (CvDecisionBar *self);
/* Back from the confirmation step to the three choices */
void       cv_decision_bar_back                   (CvDecisionBar *self);
gboolean   cv_decision_bar_is_confirming          (CvDecisionBar *self);
/* FALSE when no decision can be saved: Always Reject is then not offered either */
void       cv_decision_bar_set_can_remember       (CvDecisionBar *self,
                                                   gboolean       can_remember);
/* The names a decision could cover besides the server's own (see
 * cv_trust_check_dup_other_names()), offered as "remember the decision for its
 * other names too"; hidden when there are none */
void       cv_decision_bar_set_other_names        (CvDecisionBar      *self,
                                                   const char * const *names);
/* The certificate's SHA-256 fingerprint ("aa:bb:…"), shown under the question that
 * asks to compare it before trusting for good; set before cv_decision_bar_ask() */
void       cv_decision_bar_set_fingerprint        (CvDecisionBar *self,
                                                   const char    *sha256);
/* Whether the user asked the saved decision to cover those other names */
gboolean   cv_decision_bar_get_all_names          (CvDecisionBar *self);

G_END_DECLS
