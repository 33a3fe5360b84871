/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-probe-result.h"

G_BEGIN_DECLS

/* Building a result: the probe's, and the tests' */
CvProbeResult *cv_probe_result_new                 (CvTarget      *target);
void           cv_probe_result_add_certificate     (CvProbeResult *self,
                                                    GBytes        *der);
void           cv_probe_result_set_session_details (CvProbeResult *self,
                                                    const char    *mac,
                                                    const char    *signature_algorithm);
void           cv_probe_result_set_client_certificate (CvProbeResult       *self,
                                                       CvClientCertificate  asked);
void           cv_probe_result_set_staple          (CvProbeResult *self,
                                                    guint          position,
                                                    GBytes        *response);
void           cv_probe_result_set_revocation      (CvProbeResult *self,
                                                    CvRevocation  *revocation);
/* Takes @revocations: cv_revocation_check_authorities()'s answers */
void           cv_probe_result_set_authority_revocations (CvProbeResult *self,
                                                          GPtrArray     *revocations);
/* The check of the trust anchor the chain reached, when it is no root */
void           cv_probe_result_set_anchor_revocation (CvProbeResult *self,
                                                      CvRevocation  *revocation);
CvRevocation  *cv_probe_result_get_anchor_revocation (CvProbeResult *self);
void           cv_probe_result_set_connection_info (CvProbeResult *self,
                                                    const char    *tls_version,
                                                    const char    *cipher,
                                                    const char    *key_exchange,
                                                    const char    *server_name,
                                                    const char    *peer_address,
                                                    const char    *greeting);

G_END_DECLS
