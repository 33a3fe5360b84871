/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-enums.h"
#include "cv-export.h"

G_BEGIN_DECLS

/**
 * CvVerdictSection:
 * @CV_VERDICT_SECTION_NONE: no section: "Invalid Certificate", nothing marked
 * @CV_VERDICT_SECTION_ISSUED_TO: Issued To (the name does not match)
 * @CV_VERDICT_SECTION_ISSUED_BY: Issued By (the issuer is not trusted, …)
 * @CV_VERDICT_SECTION_VALIDITY: Validity (expired, not yet valid)
 *
 * Where a verification failure belongs in the tree.
 */
typedef enum
{
  CV_VERDICT_SECTION_NONE,
  CV_VERDICT_SECTION_ISSUED_TO,
  CV_VERDICT_SECTION_ISSUED_BY,
  CV_VERDICT_SECTION_VALIDITY,
} CvVerdictSection;

/**
 * cv_verdict_section_for_status_bit:
 * @bit: one status bit
 *
 * The section of the tree one gnutls_certificate_status_t bit belongs to. Unknown bits,
 * GNUTLS_CERT_INVALID itself and bits of no section (revoked, OCSP, purpose, …) map to
 * %CV_VERDICT_SECTION_NONE.
 *
 * Returns: the section
 */
CV_EXPORT
CvVerdictSection cv_verdict_section_for_status_bit (guint             bit);

/**
 * cv_verdict_section_to_id:
 * @section: the section
 *
 * The id of the section in the tree and the JSON output.
 *
 * Returns: (nullable): "issued-to", "issued-by", "validity", or %NULL for
 *   %CV_VERDICT_SECTION_NONE
 */
CV_EXPORT
const char      *cv_verdict_section_to_id          (CvVerdictSection  section);

/**
 * cv_verdict_code_for_status_bit:
 * @bit: one status bit
 *
 * A stable code for a status bit: "expired", "not-yet-valid", "hostname-mismatch",
 * "untrusted-issuer", "signer-not-ca", "bad-signature", "insecure-algorithm",
 * "revoked", …
 *
 * Returns: the code; "invalid" for a bit with no better name
 */
CV_EXPORT
const char      *cv_verdict_code_for_status_bit    (guint             bit);

/**
 * CvReason:
 * @section: the section of the tree it marks, or %CV_VERDICT_SECTION_NONE
 * @code: as cv_verdict_code_for_status_bit() gives, or "self-signed"
 * @message: a whole translated sentence
 *
 * One reason a certificate is invalid.
 */
typedef struct
{
  CvVerdictSection  section;
  char             *code;
  char             *message;
} CvReason;

#define CV_TYPE_REASON (cv_reason_get_type ())

/**
 * cv_reason_get_type:
 *
 * The boxed type of #CvReason.
 *
 * Returns: the type
 */
CV_EXPORT
GType     cv_reason_get_type (void) G_GNUC_CONST;

/**
 * cv_reason_new:
 * @section: the section
 * @code: as cv_verdict_code_for_status_bit() gives, or "self-signed"
 * @message: a whole sentence, for people
 *
 * One reason a certificate is invalid.
 *
 * Returns: (transfer full): the new reason
 */
CV_EXPORT
CvReason *cv_reason_new  (CvVerdictSection  section,
                          const char       *code,
                          const char       *message);

/**
 * cv_reason_copy:
 * @reason: a #CvReason
 *
 * Copies a reason.
 *
 * Returns: (transfer full): the copy
 */
CV_EXPORT
CvReason *cv_reason_copy (const CvReason   *reason);

/**
 * cv_reason_free:
 * @reason: (nullable): a #CvReason
 *
 * Frees a reason.
 */
CV_EXPORT
void      cv_reason_free (CvReason         *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvReason, cv_reason_free)

/**
 * cv_verdict_build_reasons:
 * @status: gnutls_certificate_status_t bits
 * @certificates: a #GListModel of #CvCertificate, server certificate first
 * @hostname: (nullable): the name the certificate was checked for, or %NULL
 * @now: the time the dates are compared with
 *
 * Builds the reasons for the status bits in ascending bit order, with sentences that
 * name the certificates.
 *
 * Returns: (transfer container) (element-type CvReason): the reasons
 */
CV_EXPORT
GPtrArray *cv_verdict_build_reasons (guint        status,
                                     GListModel  *certificates,
                                     const char  *hostname,
                                     GDateTime   *now);

G_END_DECLS
