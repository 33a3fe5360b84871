/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"
#include "cv-revocation.h"
#include "cv-target.h"

G_BEGIN_DECLS

#define CV_TYPE_PROBE_RESULT (cv_probe_result_get_type ())

/**
 * CvClientCertificate:
 * @CV_CLIENT_CERTIFICATE_NOT_REQUESTED: the server did not ask for one
 * @CV_CLIENT_CERTIFICATE_REQUESTED: the server asked for one; the handshake went
 *   on without it (a TLS 1.3 server that requires one says so only after the
 *   handshake, which Certview does not wait for)
 * @CV_CLIENT_CERTIFICATE_REQUIRED: the server asked for one and ended the
 *   handshake when none came. It had sent its certificates and signed its key
 *   exchange with the server certificate's key before it asked, so what it sent
 *   is shown all the same.
 *
 * Whether the server asked the client for a certificate of its own. Certview
 * never sends one.
 */
typedef enum
{
  CV_CLIENT_CERTIFICATE_NOT_REQUESTED,
  CV_CLIENT_CERTIFICATE_REQUESTED,
  CV_CLIENT_CERTIFICATE_REQUIRED,
} CvClientCertificate;

/**
 * CvProbeResult:
 *
 * What a probe learnt from the server; immutable once the probe hands it over.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvProbeResult, cv_probe_result, CV, PROBE_RESULT, GObject)

/**
 * cv_probe_result_get_target:
 * @self: a #CvProbeResult
 *
 * The server the probe connected to.
 *
 * Returns: (transfer none): the target
 */
CV_EXPORT
CvTarget      *cv_probe_result_get_target          (CvProbeResult *self);

/**
 * cv_probe_result_get_chain:
 * @self: a #CvProbeResult
 *
 * The certificates as the server sent them, the server certificate first.
 *
 * Returns: (transfer none) (element-type GBytes): the DER of each certificate
 */
CV_EXPORT
GPtrArray     *cv_probe_result_get_chain           (CvProbeResult *self);

/**
 * cv_probe_result_get_tls_version:
 * @self: a #CvProbeResult
 *
 * The TLS version negotiated, as GnuTLS names it: "TLS1.3".
 *
 * Returns: (nullable): the version
 */
CV_EXPORT
const char    *cv_probe_result_get_tls_version     (CvProbeResult *self);

/**
 * cv_probe_result_get_cipher:
 * @self: a #CvProbeResult
 *
 * The cipher negotiated, as GnuTLS names it: "AES-256-GCM".
 *
 * Returns: (nullable): the cipher
 */
CV_EXPORT
const char    *cv_probe_result_get_cipher          (CvProbeResult *self);

/**
 * cv_probe_result_get_key_exchange:
 * @self: a #CvProbeResult
 *
 * The key exchange, as GnuTLS names it: "ECDHE-SECP256R1".
 *
 * Returns: (nullable): the key exchange
 */
CV_EXPORT
const char    *cv_probe_result_get_key_exchange    (CvProbeResult *self);

/**
 * cv_probe_result_get_server_name:
 * @self: a #CvProbeResult
 *
 * The server name (SNI) sent.
 *
 * Returns: (nullable): the name, or %NULL when none was sent (IP address)
 */
CV_EXPORT
const char    *cv_probe_result_get_server_name     (CvProbeResult *self);

/**
 * cv_probe_result_get_peer_address:
 * @self: a #CvProbeResult
 *
 * The address the probe connected to: "127.0.0.1:2121", "[::1]:990".
 *
 * Returns: (nullable): the address
 */
CV_EXPORT
const char    *cv_probe_result_get_peer_address    (CvProbeResult *self);

/**
 * cv_probe_result_get_mac:
 * @self: a #CvProbeResult
 *
 * "AEAD" for an AEAD cipher, else the MAC ("SHA1").
 *
 * Returns: (nullable): the MAC, or %NULL when not known
 */
CV_EXPORT
const char    *cv_probe_result_get_mac             (CvProbeResult *self);

/**
 * cv_probe_result_get_signature_algorithm:
 * @self: a #CvProbeResult
 *
 * How the server signed the key exchange: "ECDSA-SECP256R1-SHA256".
 *
 * Returns: (nullable): the algorithm, or %NULL when not known
 */
CV_EXPORT
const char    *cv_probe_result_get_signature_algorithm (CvProbeResult *self);

/**
 * cv_probe_result_get_client_certificate:
 * @self: a #CvProbeResult
 *
 * Whether the server asked for a client certificate, and whether it ended the
 * handshake for want of one.
 *
 * Returns: what the server asked for
 */
CV_EXPORT
CvClientCertificate cv_probe_result_get_client_certificate (CvProbeResult *self);

/**
 * cv_probe_result_get_greeting:
 * @self: a #CvProbeResult
 *
 * The text of the FTP server's greeting.
 *
 * Returns: (nullable): the greeting, or %NULL for implicit FTPS and direct TLS
 */
CV_EXPORT
const char    *cv_probe_result_get_greeting        (CvProbeResult *self);

/**
 * cv_probe_result_get_staples:
 * @self: a #CvProbeResult
 *
 * The OCSP responses the server stapled, one per position of the chain (%NULL where
 * none).
 *
 * Returns: (transfer none) (nullable) (element-type GBytes): the DER responses, or
 *   %NULL when it stapled none
 */
CV_EXPORT
GPtrArray     *cv_probe_result_get_staples         (CvProbeResult *self);

/**
 * cv_probe_result_get_revocation:
 * @self: a #CvProbeResult
 *
 * What was learnt of the server certificate's revocation.
 *
 * Returns: (transfer none) (nullable): the revocation, or %NULL when not looked at
 */
CV_EXPORT
CvRevocation  *cv_probe_result_get_revocation      (CvProbeResult *self);

/**
 * cv_probe_result_get_authority_revocation:
 * @self: a #CvProbeResult
 * @position: a position in the chain (cv_probe_result_get_chain())
 *
 * What was learnt of the revocation of the certificate authority at @position:
 * each authority between the server certificate and the trust anchor is checked
 * against the one that issued it, as the server certificate is.
 *
 * Returns: (transfer none) (nullable): the revocation, or %NULL for the server
 *   certificate (see cv_probe_result_get_revocation()), a certificate that is not
 *   on the verified path, a root, or an authority that was not looked at
 */
CV_EXPORT
CvRevocation  *cv_probe_result_get_authority_revocation (CvProbeResult *self,
                                                         guint          position);

G_END_DECLS
