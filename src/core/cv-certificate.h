/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"
#include "cv-format.h"

G_BEGIN_DECLS

#define CV_TYPE_CERTIFICATE (cv_certificate_get_type ())

/**
 * CvCertificate:
 *
 * One X.509 certificate and the sections the tree shows for it.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvCertificate, cv_certificate, CV, CERTIFICATE, GObject)

G_END_DECLS

/* After the type, as in cv-section.h */
#include "cv-section.h"

G_BEGIN_DECLS

/**
 * cv_certificate_new_from_der:
 * @der: the DER certificate
 * @error: return location for a #GError, or %NULL
 *
 * Parses one DER certificate into its sections.
 *
 * Returns: (transfer full): the certificate, or %NULL with @error set
 *   (%CV_ERROR_CERTIFICATE)
 */
CV_EXPORT
CvCertificate *cv_certificate_new_from_der       (GBytes         *der,
                                                  GError        **error);

/**
 * cv_certificate_get_der:
 * @self: a #CvCertificate
 *
 * The certificate as it was parsed.
 *
 * Returns: (transfer none): the DER
 */
CV_EXPORT
GBytes        *cv_certificate_get_der            (CvCertificate  *self);

/**
 * cv_certificate_get_sections:
 * @self: a #CvCertificate
 *
 * The sections the tree shows for one certificate: issued-to, issued-by, validity,
 * fingerprints, public-key, signature, extensions.
 *
 * Returns: (transfer none): a #GListModel of #CvSection
 */
CV_EXPORT
GListModel    *cv_certificate_get_sections       (CvCertificate  *self);

/**
 * cv_certificate_find_section:
 * @self: a #CvCertificate
 * @section_id: one of the CV_SECTION_ ids
 *
 * Finds a section by id.
 *
 * Returns: (transfer none) (nullable): the section, or %NULL
 */
CV_EXPORT
CvSection     *cv_certificate_find_section       (CvCertificate  *self,
                                                  const char     *section_id);

/**
 * cv_certificate_get_display_name:
 * @self: a #CvCertificate
 *
 * The subject's common name (the first, where it has several), or the whole
 * subject DN when it has none.
 *
 * Returns: the name
 */
CV_EXPORT
const char    *cv_certificate_get_display_name   (CvCertificate  *self);

/**
 * cv_certificate_get_common_name:
 * @self: a #CvCertificate
 *
 * The subject's common name, the first where it has several (the Issued To
 * section lists them all, one per line).
 *
 * Returns: (nullable): the name, or %NULL when it has none
 */
CV_EXPORT
const char    *cv_certificate_get_common_name    (CvCertificate  *self);

/**
 * cv_certificate_get_subject:
 * @self: a #CvCertificate
 *
 * The subject DN.
 *
 * Returns: the subject
 */
CV_EXPORT
const char    *cv_certificate_get_subject        (CvCertificate  *self);

/**
 * cv_certificate_get_issuer:
 * @self: a #CvCertificate
 *
 * The issuer DN.
 *
 * Returns: the issuer
 */
CV_EXPORT
const char    *cv_certificate_get_issuer         (CvCertificate  *self);

/**
 * cv_certificate_get_issuer_display_name:
 * @self: a #CvCertificate
 *
 * The issuer's common name, or the whole issuer DN when it has none.
 *
 * Returns: the name
 */
CV_EXPORT
const char    *cv_certificate_get_issuer_display_name (CvCertificate *self);

/**
 * cv_certificate_get_signature_algorithm:
 * @self: a #CvCertificate
 *
 * The GnuTLS name of the signature algorithm ("ECDSA-SHA256"), or its OID.
 *
 * Returns: the algorithm
 */
CV_EXPORT
const char    *cv_certificate_get_signature_algorithm (CvCertificate *self);

/**
 * cv_certificate_get_not_before:
 * @self: a #CvCertificate
 *
 * The start of the validity.
 *
 * Returns: (transfer none): the time, UTC
 */
CV_EXPORT
GDateTime     *cv_certificate_get_not_before     (CvCertificate  *self);

/**
 * cv_certificate_get_not_after:
 * @self: a #CvCertificate
 *
 * The end of the validity.
 *
 * Returns: (transfer none): the time, UTC
 */
CV_EXPORT
GDateTime     *cv_certificate_get_not_after      (CvCertificate  *self);

/**
 * cv_certificate_get_sha256:
 * @self: a #CvCertificate
 *
 * The SHA-256 fingerprint, lower-case hex with colons: "ab:cd:…".
 *
 * Returns: the fingerprint
 */
CV_EXPORT
const char    *cv_certificate_get_sha256         (CvCertificate  *self);

/**
 * cv_certificate_get_sha1:
 * @self: a #CvCertificate
 *
 * The SHA-1 fingerprint, lower-case hex with colons.
 *
 * Returns: the fingerprint
 */
CV_EXPORT
const char    *cv_certificate_get_sha1           (CvCertificate  *self);

/**
 * cv_certificate_get_public_key_pin:
 * @self: a #CvCertificate
 *
 * "sha256//BASE64" of the SubjectPublicKeyInfo: the form curl's --pinnedpubkey takes.
 *
 * Returns: the pin
 */
CV_EXPORT
const char    *cv_certificate_get_public_key_pin (CvCertificate  *self);

/**
 * cv_certificate_get_subject_alt_names:
 * @self: a #CvCertificate
 *
 * The DNS names and IP addresses of the subjectAltName extension.
 *
 * Returns: (array zero-terminated=1) (transfer none): the names
 */
CV_EXPORT
const char * const *cv_certificate_get_subject_alt_names (CvCertificate *self);

/**
 * cv_certificate_dup_dns_names:
 * @self: a #CvCertificate
 *
 * The DNS names of the subjectAltName extension, addresses left out.
 *
 * Returns: (transfer full): the names
 */
CV_EXPORT
GStrv          cv_certificate_dup_dns_names      (CvCertificate  *self);

/**
 * cv_certificate_is_self_issued:
 * @self: a #CvCertificate
 *
 * Whether subject and issuer are the same name.
 *
 * Returns: %TRUE when self-issued
 */
CV_EXPORT
gboolean       cv_certificate_is_self_issued     (CvCertificate  *self);

/**
 * cv_certificate_to_pem:
 * @self: a #CvCertificate
 *
 * The certificate as PEM text.
 *
 * Returns: (transfer full): the PEM
 */
CV_EXPORT
char          *cv_certificate_to_pem             (CvCertificate  *self);

G_END_DECLS
