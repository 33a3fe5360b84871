/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-certificate.h"
#include "cv-probe-result.h"
#include "cv-section.h"
#include "cv-target.h"
#include "cv-verdict.h"

G_BEGIN_DECLS

#define CV_TYPE_REPORT (cv_report_get_type ())

G_DECLARE_FINAL_TYPE (CvReport, cv_report, CV, REPORT, GObject)

/*
 * Verifies @chain (GBytes of DER, server certificate first) against the system's
 * trust anchors plus @ca_file (may be NULL), for @hostname (NULL: no name check,
 * as for a local file), and builds the model: certificates, verdict, reasons and
 * the Invalid marks. Works on any thread; the result is handed over whole.
 */
CvReport      *cv_report_new_for_chain    (GPtrArray      *chain,
                                           const char     *hostname,
                                           const char     *ca_file,
                                           GError        **error);
/* The same, for what a probe brought back: adds the target and connection details */
CvReport      *cv_report_new_for_probe    (CvProbeResult  *result,
                                           const char     *ca_file,
                                           GError        **error);
/* A local PEM (one or more certificates) or DER file, verified with no host name */
CvReport      *cv_report_new_for_file     (const char     *path,
                                           const char     *ca_file,
                                           GError        **error);

/* NULL for a local file */
CvProbeResult *cv_report_get_probe_result (CvReport       *self);
/* What is known of the server certificate's revocation; NULL for a file */
CvRevocation  *cv_report_get_revocation   (CvReport       *self);
/* The file name for a local file, else NULL */
const char    *cv_report_get_file         (CvReport       *self);
/* Certificates, server certificate first: a GListModel of CvCertificate */
GListModel    *cv_report_get_certificates (CvReport       *self);
CvCertificate *cv_report_get_leaf         (CvReport       *self);
/* Valid: the verification status was 0 */
gboolean       cv_report_get_valid        (CvReport       *self);
/* The raw gnutls_certificate_status_t bits */
guint          cv_report_get_status       (CvReport       *self);
/* GPtrArray of CvReason, in a stable order; empty when valid */
GPtrArray     *cv_report_get_reasons      (CvReport       *self);
/* The tree's top level: the leaf's sections, then "Certificate Chain" (each
 * member a field whose children are its sections), then "Connection" when the
 * report comes from a probe. A GListModel of CvSection. */
GListModel    *cv_report_get_tree         (CvReport       *self);

/* The command line's two formats; the README documents the JSON contract */
char          *cv_report_to_text          (CvReport       *self);
char          *cv_report_to_json          (CvReport       *self);

G_END_DECLS
