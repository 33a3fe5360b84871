/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-certificate.h"
#include "cv-trust-entry.h"

G_BEGIN_DECLS

#define CV_TYPE_CHANGE_WARNING (cv_change_warning_get_type ())

G_DECLARE_FINAL_TYPE (CvChangeWarning, cv_change_warning, CV, CHANGE_WARNING, GtkWidget)

/*
 * "The certificate has changed": what the saved decision was about next to what
 * the server presents now (fingerprints, issuer, dates), so that the user can see
 * what changed before deciding again.
 */
GtkWidget *cv_change_warning_new       (void);
void       cv_change_warning_set       (CvChangeWarning *self,
                                        CvTrustEntry    *saved,
                                        CvCertificate   *served);
/* For tests and screen readers: the whole warning as text */
char      *cv_change_warning_dup_text  (CvChangeWarning *self);

G_END_DECLS
