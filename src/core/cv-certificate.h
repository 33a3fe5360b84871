/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-format.h"
#include "cv-section.h"

G_BEGIN_DECLS

#define CV_TYPE_CERTIFICATE (cv_certificate_get_type ())

G_DECLARE_FINAL_TYPE (CvCertificate, cv_certificate, CV, CERTIFICATE, GObject)

/* Parses one DER certificate into its sections; CV_ERROR_CERTIFICATE when malformed. */
CvCertificate *cv_certificate_new_from_der       (GBytes         *der,
                                                  GError        **error);
GBytes        *cv_certificate_get_der            (CvCertificate  *self);
/* The sections the window shows for one certificate: issued-to, issued-by, validity,
 * fingerprints, public-key, signature, extensions. A GListModel of CvSection. */
GListModel    *cv_certificate_get_sections       (CvCertificate  *self);
CvSection     *cv_certificate_find_section       (CvCertificate  *self,
                                                  const char     *section_id);
/* The subject's common name, or the whole subject DN when it has none */
const char    *cv_certificate_get_display_name   (CvCertificate  *self);
/* The subject's common name, or NULL when it has none */
const char    *cv_certificate_get_common_name    (CvCertificate  *self);
const char    *cv_certificate_get_subject        (CvCertificate  *self);
const char    *cv_certificate_get_issuer         (CvCertificate  *self);
/* The issuer's common name, or the whole issuer DN when it has none */
const char    *cv_certificate_get_issuer_display_name (CvCertificate *self);
/* The GnuTLS name of the signature algorithm ("ECDSA-SHA256"), or its OID */
const char    *cv_certificate_get_signature_algorithm (CvCertificate *self);
GDateTime     *cv_certificate_get_not_before     (CvCertificate  *self);
GDateTime     *cv_certificate_get_not_after      (CvCertificate  *self);
/* Lower-case hex with colons: "ab:cd:…" */
const char    *cv_certificate_get_sha256         (CvCertificate  *self);
const char    *cv_certificate_get_sha1           (CvCertificate  *self);
/* "sha256//BASE64" of the SubjectPublicKeyInfo: curl's --pinnedpubkey form */
const char    *cv_certificate_get_public_key_pin (CvCertificate  *self);
/* DNS names and IP addresses of the subjectAltName extension */
const char * const *cv_certificate_get_subject_alt_names (CvCertificate *self);
/* The DNS names of the subjectAltName extension, addresses left out */
GStrv          cv_certificate_dup_dns_names      (CvCertificate  *self);
/* Subject and issuer are the same name */
gboolean       cv_certificate_is_self_issued     (CvCertificate  *self);
/* PEM text of this certificate */
char          *cv_certificate_to_pem             (CvCertificate  *self);

G_END_DECLS
