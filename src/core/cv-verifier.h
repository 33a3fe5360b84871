/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The trust anchors and the verification of a chain against them. The anchors,
 * the system's and those of a CA file, are built once and kept for the process;
 * every function here works on any thread.
 */

/* Starts building the anchors for @ca_file (may be NULL) on a thread of its own,
 * so that the first verification finds them ready. The verifier joins the thread
 * itself, in the first verification or look-up that follows or at exit: callers
 * have nothing to wait for. A second call while the first is still pending does
 * nothing. */
void       cv_verifier_preload     (const char   *ca_file);

/* Verifies @chain (GBytes of DER, server certificate first) against the system's
 * anchors plus @ca_file's (may be NULL), for @hostname (NULL: no name check) and
 * the TLS server purpose. @status gets the gnutls_certificate_status_t bits.
 * CV_ERROR_FILE when the CA file is unusable, CV_ERROR_CERTIFICATE when the chain
 * cannot be verified at all. */
gboolean   cv_verifier_verify      (GPtrArray    *chain,
                                    const char   *hostname,
                                    const char   *ca_file,
                                    guint        *status,
                                    GError      **error);
/* The issuer of @certificate (DER) among the trust anchors (the system's and
 * @ca_file's), as DER, or NULL */
GBytes    *cv_verifier_find_issuer (GBytes       *certificate,
                                    const char   *ca_file);

/* The certificates of a local PEM (one or more certificates) or DER file, as a
 * GPtrArray of GBytes of DER; CV_ERROR_FILE when it cannot be read, else
 * CV_ERROR_CERTIFICATE when it holds no usable certificate */
GPtrArray *cv_verifier_load_file   (const char   *path,
                                    GError      **error);

G_END_DECLS
