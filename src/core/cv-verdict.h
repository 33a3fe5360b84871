/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-enums.h"

G_BEGIN_DECLS

/* Where a verification failure belongs in the tree */
typedef enum
{
  CV_VERDICT_SECTION_NONE,       /* "Invalid Certificate", no section marked */
  CV_VERDICT_SECTION_ISSUED_TO,
  CV_VERDICT_SECTION_ISSUED_BY,
  CV_VERDICT_SECTION_VALIDITY,
} CvVerdictSection;

/*
 * The pure mapping from one GnuTLS gnutls_certificate_status_t bit to the section
 * it belongs to. Unknown bits, GNUTLS_CERT_INVALID itself and bits of no section
 * (revoked, OCSP, purpose, …) map to CV_VERDICT_SECTION_NONE.
 */
CvVerdictSection cv_verdict_section_for_status_bit (guint             bit);
/* "issued-to", "issued-by", "validity", or NULL for NONE */
const char      *cv_verdict_section_to_id          (CvVerdictSection  section);
/* A stable code for a status bit: "expired", "not-yet-valid", "hostname-mismatch",
 * "untrusted-issuer", "signer-not-ca", "bad-signature", "insecure-algorithm",
 * "revoked", …; "invalid" for a bit with no better name */
const char      *cv_verdict_code_for_status_bit    (guint             bit);

/* One reason a certificate is invalid */
typedef struct
{
  CvVerdictSection  section;
  char             *code;     /* as cv_verdict_code_for_status_bit(), or "self-signed" */
  char             *message;  /* a whole translated sentence */
} CvReason;

CvReason *cv_reason_new  (CvVerdictSection  section,
                          const char       *code,
                          const char       *message);
void      cv_reason_free (CvReason         *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvReason, cv_reason_free)

/*
 * Builds the CvReasons for GnuTLS @status bits in ascending bit order, with
 * sentences that name the certificates of @certificates (a GListModel of
 * CvCertificate, server certificate first). @hostname may be NULL; @now is the
 * time the dates are compared with. Returns a GPtrArray of CvReason.
 */
GPtrArray *cv_verdict_build_reasons (guint        status,
                                     GListModel  *certificates,
                                     const char  *hostname,
                                     GDateTime   *now);

G_END_DECLS
