/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-verdict.h"

#include <gnutls/gnutls.h>

typedef struct
{
  guint             bit;
  CvVerdictSection  section;
  const char       *code;
} VerdictRow;

/* One row for every bit gnutls_certificate_status_t names */
static const VerdictRow named_bits[] = {
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

static const VerdictRow *
find_row (guint bit)
{
  for (gsize i = 0; i < G_N_ELEMENTS (named_bits); i++)
    {
      if (named_bits[i].bit == bit)
        return &named_bits[i];
    }

  return NULL;
}

static void
test_every_bit (void)
{
  guint seen = 0;

  for (guint i = 0; i < 32; i++)
    {
      guint bit = 1u << i;
      const VerdictRow *row = find_row (bit);
      CvVerdictSection expected_section = row != NULL ? row->section : CV_VERDICT_SECTION_NONE;
      const char *expected_code = row != NULL ? row->code : "invalid";

      g_test_message ("bit %u (0x%08x)", i, bit);
      g_assert_cmpint (cv_verdict_section_for_status_bit (bit), ==, expected_section);
      g_assert_cmpstr (cv_verdict_code_for_status_bit (bit), ==, expected_code);

      if (row != NULL)
        seen++;
    }

  /* Each row names a single bit, so the loop met every one of them */
  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (named_bits));
}

static void
test_sections (void)
{
  guint validity = 0, issued_to = 0, issued_by = 0;

  for (guint i = 0; i < 32; i++)
    {
      switch (cv_verdict_section_for_status_bit (1u << i))
        {
        case CV_VERDICT_SECTION_VALIDITY:
          validity++;
          break;
        case CV_VERDICT_SECTION_ISSUED_TO:
          issued_to++;
          break;
        case CV_VERDICT_SECTION_ISSUED_BY:
          issued_by++;
          break;
        case CV_VERDICT_SECTION_NONE:
        default:
          break;
        }
    }

  /* The mapping: Validity (expired, not yet valid), Issued To (hostname), Issued By
   * (untrusted, self-signed, not a CA, bad signature, insecure, constraints) */
  g_assert_cmpuint (validity, ==, 2);
  g_assert_cmpuint (issued_to, ==, 1);
  g_assert_cmpuint (issued_by, ==, 5);
}

static void
test_not_a_single_bit (void)
{
  g_assert_cmpint (cv_verdict_section_for_status_bit (0), ==, CV_VERDICT_SECTION_NONE);
  g_assert_cmpstr (cv_verdict_code_for_status_bit (0), ==, "invalid");
  g_assert_cmpint (cv_verdict_section_for_status_bit (GNUTLS_CERT_EXPIRED |
                                                      GNUTLS_CERT_INVALID),
                   ==, CV_VERDICT_SECTION_NONE);
}

static void
test_section_ids (void)
{
  g_assert_cmpstr (cv_verdict_section_to_id (CV_VERDICT_SECTION_ISSUED_TO), ==, "issued-to");
  g_assert_cmpstr (cv_verdict_section_to_id (CV_VERDICT_SECTION_ISSUED_BY), ==, "issued-by");
  g_assert_cmpstr (cv_verdict_section_to_id (CV_VERDICT_SECTION_VALIDITY), ==, "validity");
  g_assert_null (cv_verdict_section_to_id (CV_VERDICT_SECTION_NONE));
}

static void
test_reason (void)
{
  g_autoptr(CvReason) reason = NULL;

  reason = cv_reason_new (CV_VERDICT_SECTION_VALIDITY, "expired",
                          "The certificate expired on 1 January 2021.");
  g_assert_cmpint (reason->section, ==, CV_VERDICT_SECTION_VALIDITY);
  g_assert_cmpstr (reason->code, ==, "expired");
  g_assert_cmpstr (reason->message, ==, "The certificate expired on 1 January 2021.");

  cv_reason_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/certview/verdict/every-bit", test_every_bit);
  g_test_add_func ("/certview/verdict/sections", test_sections);
  g_test_add_func ("/certview/verdict/not-a-single-bit", test_not_a_single_bit);
  g_test_add_func ("/certview/verdict/section-ids", test_section_ids);
  g_test_add_func ("/certview/verdict/reason", test_reason);

  return g_test_run ();
}
