/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-certificate.h"
#include "cv-export.h"
#include "cv-probe-result.h"
#include "cv-section.h"
#include "cv-target.h"
#include "cv-verdict.h"

G_BEGIN_DECLS

#define CV_TYPE_REPORT (cv_report_get_type ())

/**
 * CvReport:
 *
 * The verdict on a certificate chain and the model that shows it: the certificates, the
 * reasons it is invalid, and the tree of sections whose failing ones carry the Invalid
 * mark. Read-only once built.
 *
 * The verdict (cv_report_get_valid(), cv_report_get_status()) is settled when the
 * report is made. The model (cv_report_get_certificates(), cv_report_get_leaf(),
 * cv_report_get_reasons(), cv_report_get_tree()) is built, once, when one of them is
 * first called, on whichever thread calls it, and is then the same as if it had
 * been built at once. A report from cv_inspect_async() comes with its model built.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvReport, cv_report, CV, REPORT, GObject)

/**
 * cv_report_new_for_chain:
 * @chain: (element-type GBytes): the DER certificates, server certificate first
 * @hostname: (nullable): the name to check the certificate for, or %NULL (or "") for
 *   no name check (as for a local file); a final dot ("example.com.") is dropped
 * @ca_file: (nullable) (type filename): extra trust anchors (PEM), or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Verifies @chain against the system's trust anchors plus @ca_file, for @hostname, and
 * builds the model: certificates, verdict, reasons and the Invalid marks. Works on any
 * thread, and blocks.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
CV_EXPORT
CvReport      *cv_report_new_for_chain    (GPtrArray      *chain,
                                           const char     *hostname,
                                           const char     *ca_file,
                                           GError        **error);

/**
 * cv_report_new_for_probe:
 * @result: what a probe learnt
 * @ca_file: (nullable) (type filename): extra trust anchors (PEM), or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * The same as cv_report_new_for_chain(), for what a probe brought back: adds the target
 * and the connection details.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
CV_EXPORT
CvReport      *cv_report_new_for_probe    (CvProbeResult  *result,
                                           const char     *ca_file,
                                           GError        **error);

/**
 * cv_report_new_for_file:
 * @path: (type filename): the file
 * @ca_file: (nullable) (type filename): extra trust anchors (PEM), or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Reads a local PEM (one or more certificates) or DER file and verifies it with no host
 * name.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
CV_EXPORT
CvReport      *cv_report_new_for_file     (const char     *path,
                                           const char     *ca_file,
                                           GError        **error);

/**
 * cv_report_get_probe_result:
 * @self: a #CvReport
 *
 * What the probe learnt.
 *
 * Returns: (transfer none) (nullable): the probe result, or %NULL for a local file
 */
CV_EXPORT
CvProbeResult *cv_report_get_probe_result (CvReport       *self);

/**
 * cv_report_get_revocation:
 * @self: a #CvReport
 *
 * What is known of the server certificate's revocation.
 *
 * Returns: (transfer none) (nullable): the revocation, or %NULL for a file
 */
CV_EXPORT
CvRevocation  *cv_report_get_revocation   (CvReport       *self);

/**
 * cv_report_get_file:
 * @self: a #CvReport
 *
 * The name of the file the report was read from.
 *
 * Returns: (nullable) (type filename): the file, or %NULL for a server
 */
CV_EXPORT
const char    *cv_report_get_file         (CvReport       *self);

/**
 * cv_report_get_hostname:
 * @self: a #CvReport
 *
 * The server name the certificate was verified for: the host inspected, or the
 * name sent in its place (SNI), or the name given to cv_report_new_for_chain().
 *
 * Returns: (nullable): the name, or %NULL when no name was checked (a file)
 */
CV_EXPORT
const char    *cv_report_get_hostname     (CvReport       *self);

/**
 * cv_report_get_certificates:
 * @self: a #CvReport
 *
 * The certificates of the chain (those the server sent), server certificate
 * first.
 *
 * Returns: (transfer none): a #GListModel of #CvCertificate
 */
CV_EXPORT
GListModel    *cv_report_get_certificates (CvReport       *self);

/**
 * cv_report_get_trusted_root:
 * @self: a #CvReport
 *
 * The trust anchor (from the system's anchors or the CA file) that the chain
 * reached, when the chain does not hold it: a server usually leaves its root
 * out. It is the last member of the tree's Certificate Chain part, and not one
 * of cv_report_get_certificates().
 *
 * Returns: (transfer none) (nullable): the anchor's certificate, or %NULL when
 *   the chain reached no anchor or holds the one it reached
 */
CV_EXPORT
CvCertificate *cv_report_get_trusted_root (CvReport       *self);

/**
 * cv_report_get_revoked_authority:
 * @self: a #CvReport
 *
 * The first certificate authority of the chain above the server certificate
 * that its own revocation check found revoked (see
 * cv_probe_result_get_authority_revocation()).
 *
 * Returns: (transfer none) (nullable): the authority's certificate, or %NULL
 *   when none was found revoked
 */
CV_EXPORT
CvCertificate *cv_report_get_revoked_authority (CvReport   *self);

/**
 * cv_report_get_leaf:
 * @self: a #CvReport
 *
 * The server's own certificate.
 *
 * Returns: (transfer none): the certificate
 */
CV_EXPORT
CvCertificate *cv_report_get_leaf         (CvReport       *self);

/**
 * cv_report_get_valid:
 * @self: a #CvReport
 *
 * Whether the certificate is valid: the verification status was 0.
 *
 * Returns: %TRUE when valid
 */
CV_EXPORT
gboolean       cv_report_get_valid        (CvReport       *self);

/**
 * cv_report_get_status:
 * @self: a #CvReport
 *
 * The verification status.
 *
 * Returns: the raw gnutls_certificate_status_t bits
 */
CV_EXPORT
guint          cv_report_get_status       (CvReport       *self);

/**
 * cv_report_get_reasons:
 * @self: a #CvReport
 *
 * Why the certificate is invalid, in a stable order.
 *
 * Returns: (transfer none) (element-type CvReason): the reasons; empty when valid
 */
CV_EXPORT
GPtrArray     *cv_report_get_reasons      (CvReport       *self);

/**
 * cv_report_get_tree:
 * @self: a #CvReport
 *
 * The tree's top level: the server certificate's sections, then "Certificate Chain"
 * (each member a field whose children are its sections), then "Connection" when the
 * report comes from a probe.
 *
 * Returns: (transfer none): a #GListModel of #CvSection
 */
CV_EXPORT
GListModel    *cv_report_get_tree         (CvReport       *self);

/**
 * cv_report_to_text:
 * @self: a #CvReport
 *
 * The report as the command line's --dump prints it.
 *
 * Returns: (transfer full): the text
 */
CV_EXPORT
char          *cv_report_to_text          (CvReport       *self);

/**
 * cv_report_to_json:
 * @self: a #CvReport
 *
 * The report as the command line's --json prints it; the README documents the shape.
 *
 * json-glib is loaded on the first call; if it cannot be, a warning says so.
 *
 * Returns: (transfer full) (nullable): the JSON text, or %NULL when json-glib
 *   cannot be loaded
 */
CV_EXPORT
char          *cv_report_to_json          (CvReport       *self);

G_END_DECLS
