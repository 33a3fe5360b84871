/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-revocation.h"
#include "cv-target.h"

G_BEGIN_DECLS

#define CV_TYPE_PROBE_RESULT (cv_probe_result_get_type ())

G_DECLARE_FINAL_TYPE (CvProbeResult, cv_probe_result, CV, PROBE_RESULT, GObject)

/* What a probe learnt from the server; immutable once the probe hands it over. */
CvProbeResult *cv_probe_result_new                 (CvTarget      *target);

CvTarget      *cv_probe_result_get_target          (CvProbeResult *self);
/* The certificates as the server sent them, server certificate first: GBytes of DER */
GPtrArray     *cv_probe_result_get_chain           (CvProbeResult *self);
void           cv_probe_result_add_certificate     (CvProbeResult *self,
                                                    GBytes        *der);
/* "TLS1.3", "AES-256-GCM", "ECDHE-SECP256R1" (GnuTLS names) */
const char    *cv_probe_result_get_tls_version     (CvProbeResult *self);
const char    *cv_probe_result_get_cipher          (CvProbeResult *self);
const char    *cv_probe_result_get_key_exchange    (CvProbeResult *self);
/* The SNI name sent, or NULL when none was sent (IP literal) */
const char    *cv_probe_result_get_server_name     (CvProbeResult *self);
/* "127.0.0.1:2121", "[::1]:990": the address the probe connected to */
const char    *cv_probe_result_get_peer_address    (CvProbeResult *self);
/* "AEAD" for an AEAD cipher, else the MAC ("SHA1"); NULL when not known */
const char    *cv_probe_result_get_mac             (CvProbeResult *self);
/* How the server signed the key exchange ("ECDSA-SECP256R1-SHA256"), or NULL */
const char    *cv_probe_result_get_signature_algorithm (CvProbeResult *self);
void           cv_probe_result_set_session_details (CvProbeResult *self,
                                                    const char    *mac,
                                                    const char    *signature_algorithm);
/* The FTP greeting's text, NULL for implicit FTPS and direct TLS */
const char    *cv_probe_result_get_greeting        (CvProbeResult *self);

/* The OCSP responses the server stapled: GBytes of DER, or NULL, per position of
 * the chain; NULL when it stapled none */
GPtrArray     *cv_probe_result_get_staples         (CvProbeResult *self);
void           cv_probe_result_set_staple          (CvProbeResult *self,
                                                    guint          position,
                                                    GBytes        *response);
/* What was learnt of the server certificate's revocation, or NULL when not looked
 * at; set by the run before it hands the result over */
CvRevocation  *cv_probe_result_get_revocation      (CvProbeResult *self);
void           cv_probe_result_set_revocation      (CvProbeResult *self,
                                                    CvRevocation  *revocation);
void           cv_probe_result_set_connection_info (CvProbeResult *self,
                                                    const char    *tls_version,
                                                    const char    *cipher,
                                                    const char    *key_exchange,
                                                    const char    *server_name,
                                                    const char    *peer_address,
                                                    const char    *greeting);

G_END_DECLS
