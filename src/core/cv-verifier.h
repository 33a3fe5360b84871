/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"

G_BEGIN_DECLS

/*
 * The trust anchors and the verification of a chain against them. The anchors,
 * the system's and those of a CA file, are built once and kept for the process;
 * every function here works on any thread.
 */

/**
 * cv_verifier_preload:
 * @ca_file: (nullable) (type filename): a file of extra trust anchors, or %NULL
 *
 * Starts building the trust anchors for @ca_file on a thread of its own, so that the
 * first verification finds them ready. The verifier joins the thread itself, in the
 * first verification or look-up that follows or at exit: callers have nothing to wait
 * for. A second call while the first is still pending does nothing. Where the system's
 * CA bundle is indexed by subject, a verification loads only the anchors its chain
 * names, a fraction of a millisecond, and no thread is started.
 */
CV_EXPORT
void       cv_verifier_preload     (const char   *ca_file);

/**
 * cv_verifier_verify:
 * @chain: (element-type GBytes): the certificates as DER, the server's first
 * @hostname: (nullable): the name the server certificate must be for, or %NULL for no
 *   name check
 * @ca_file: (nullable) (type filename): a file of extra trust anchors, or %NULL
 * @status: (out): the `gnutls_certificate_status_t` bits of the verification
 * @error: return location for a #GError, or %NULL
 *
 * Verifies @chain against the system's trust anchors plus @ca_file's, for @hostname and
 * the TLS server purpose. The error is %CV_ERROR_FILE when the CA file is unusable,
 * %CV_ERROR_CERTIFICATE when the chain cannot be verified at all.
 *
 * Returns: %TRUE when @status was set, else %FALSE with @error set
 */
CV_EXPORT
gboolean   cv_verifier_verify      (GPtrArray    *chain,
                                    const char   *hostname,
                                    const char   *ca_file,
                                    guint        *status,
                                    GError      **error);

/**
 * cv_verifier_find_issuer:
 * @certificate: a certificate as DER
 * @ca_file: (nullable) (type filename): a file of extra trust anchors, or %NULL
 *
 * The issuer of @certificate among the trust anchors, the system's and @ca_file's.
 *
 * Returns: (transfer full) (nullable): the issuer as DER, or %NULL when none is
 *   among them
 */
CV_EXPORT
GBytes    *cv_verifier_find_issuer (GBytes       *certificate,
                                    const char   *ca_file);

/**
 * cv_verifier_load_file:
 * @path: (type filename): a PEM file of one or more certificates, or a DER file
 * @error: return location for a #GError, or %NULL
 *
 * The certificates of a local file. The error is %CV_ERROR_FILE when it cannot be
 * read, else %CV_ERROR_CERTIFICATE when it holds no usable certificate.
 *
 * Returns: (transfer container) (element-type GBytes) (nullable): the certificates as DER,
 *   in the order of the file, or %NULL with @error set
 */
CV_EXPORT
GPtrArray *cv_verifier_load_file   (const char   *path,
                                    GError      **error);

G_END_DECLS
