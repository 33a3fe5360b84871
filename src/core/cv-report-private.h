/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-report.h"

G_BEGIN_DECLS

/*
 * The pure part of a report, shared with cv-report-format.c and the tests.
 *
 * Builds the CvReasons for GnuTLS @status bits in ascending bit order, with
 * sentences that name the certificates of @certificates (a GListModel of
 * CvCertificate, server certificate first). @hostname may be NULL; @now is the
 * time the dates are compared with. Returns a GPtrArray of CvReason.
 */
GPtrArray  *cv_report_build_reasons (guint           status,
                                     GListModel     *certificates,
                                     const char     *hostname,
                                     GDateTime      *now);
/* Puts the Invalid mark on the first field of the leaf's section of each reason */
void        cv_report_mark_reasons  (CvCertificate  *leaf,
                                     GPtrArray      *reasons);
/* A failure of the revocation check (cv_revocation_is_failure()) as a reason of
 * no section; @bit gets the GnuTLS status bit it stands for */
CvReason   *cv_report_revocation_reason (CvRevocation *revocation,
                                         guint        *bit);
/* The tree's "revocation" section */
CvSection  *cv_report_build_revocation_section (CvRevocation *revocation);
/* The host name the chain was checked against, or NULL */
const char *cv_report_get_hostname  (CvReport       *self);

G_END_DECLS
