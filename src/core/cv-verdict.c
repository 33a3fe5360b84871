/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-verdict.h"

#include "cv-section.h"

#include <gnutls/gnutls.h>

typedef struct
{
  guint             bit;
  CvVerdictSection  section;
  const char       *code;
} CvVerdictEntry;

/* Every named gnutls_certificate_status_t bit; anything else is "invalid" with no
 * section, so that a bit added by a newer GnuTLS still makes the verdict fail. */
static const CvVerdictEntry verdict_table[] = {
  { GNUTLS_CERT_INVALID, CV_VERDICT_SECTION_NONE, "invalid" },
  { GNUTLS_CERT_REVOKED, CV_VERDICT_SECTION_NONE, "revoked" },
  { GNUTLS_CERT_SIGNER_NOT_FOUND, CV_VERDICT_SECTION_ISSUED_BY, "untrusted-issuer" },
  { GNUTLS_CERT_SIGNER_NOT_CA, CV_VERDICT_SECTION_ISSUED_BY, "signer-not-ca" },
  { GNUTLS_CERT_INSECURE_ALGORITHM, CV_VERDICT_SECTION_ISSUED_BY, "insecure-algorithm" },
  { GNUTLS_CERT_NOT_ACTIVATED, CV_VERDICT_SECTION_VALIDITY, "not-yet-valid" },
  { GNUTLS_CERT_EXPIRED, CV_VERDICT_SECTION_VALIDITY, "expired" },
  { GNUTLS_CERT_SIGNATURE_FAILURE, CV_VERDICT_SECTION_ISSUED_BY, "bad-signature" },
  { GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, CV_VERDICT_SECTION_NONE,
    "revocation-data-superseded" },
  { GNUTLS_CERT_UNEXPECTED_OWNER, CV_VERDICT_SECTION_ISSUED_TO, "hostname-mismatch" },
  { GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, CV_VERDICT_SECTION_NONE,
    "revocation-data-in-future" },
  { GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, CV_VERDICT_SECTION_ISSUED_BY,
    "signer-constraints" },
  { GNUTLS_CERT_MISMATCH, CV_VERDICT_SECTION_NONE, "certificate-mismatch" },
  { GNUTLS_CERT_PURPOSE_MISMATCH, CV_VERDICT_SECTION_NONE, "purpose-mismatch" },
  { GNUTLS_CERT_MISSING_OCSP_STATUS, CV_VERDICT_SECTION_NONE, "missing-ocsp-status" },
  { GNUTLS_CERT_INVALID_OCSP_STATUS, CV_VERDICT_SECTION_NONE, "invalid-ocsp-status" },
  { GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, CV_VERDICT_SECTION_NONE,
    "unknown-critical-extensions" },
};

static const CvVerdictEntry *
find_entry (guint bit)
{
  for (gsize i = 0; i < G_N_ELEMENTS (verdict_table); i++)
    {
      if (verdict_table[i].bit == bit)
        return &verdict_table[i];
    }

  return NULL;
}

CvVerdictSection
cv_verdict_section_for_status_bit (guint bit)
{
  const CvVerdictEntry *entry = find_entry (bit);

  return entry != NULL ? entry->section : CV_VERDICT_SECTION_NONE;
}

const char *
cv_verdict_section_to_id (CvVerdictSection section)
{
  switch (section)
    {
    case CV_VERDICT_SECTION_ISSUED_TO:
      return CV_SECTION_ISSUED_TO;
    case CV_VERDICT_SECTION_ISSUED_BY:
      return CV_SECTION_ISSUED_BY;
    case CV_VERDICT_SECTION_VALIDITY:
      return CV_SECTION_VALIDITY;
    case CV_VERDICT_SECTION_NONE:
    default:
      return NULL;
    }
}

const char *
cv_verdict_code_for_status_bit (guint bit)
{
  const CvVerdictEntry *entry = find_entry (bit);

  return entry != NULL ? entry->code : "invalid";
}

G_DEFINE_BOXED_TYPE (CvReason, cv_reason, cv_reason_copy, cv_reason_free)

CvReason *
cv_reason_new (CvVerdictSection  section,
               const char       *code,
               const char       *message)
{
  CvReason *reason;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  reason = g_new0 (CvReason, 1);
  reason->section = section;
  reason->code = g_strdup (code);
  reason->message = g_strdup (message);
  return reason;
}

CvReason *
cv_reason_copy (const CvReason *reason)
{
  g_return_val_if_fail (reason != NULL, NULL);

  return cv_reason_new (reason->section, reason->code, reason->message);
}

void
cv_reason_free (CvReason *reason)
{
  if (reason == NULL)
    return;

  g_free (reason->code);
  g_free (reason->message);
  g_free (reason);
}
