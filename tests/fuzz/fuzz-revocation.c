/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The revocation answers a server or a responder sends: an OCSP response (first
 * byte 0) or a CRL (first byte 1), judged for a fixed certificate and its issuer.
 * Whatever comes in, the answer must be one of the statuses, with safe text, and
 * a "revoked" or "good" must name its times.
 */
#include "config.h"

#include "fuzz-common.h"

#include "cv-revocation-private.h"

#include <gnutls/gnutls.h>
#include <string.h>

/* Made once with openssl; the seeds in corpus/revocation are answers about it */
static const char issuer_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBijCCATGgAwIBAgIUDjlKMqkByFX2dUe2fNlmGRxVQP8wCgYIKoZIzj0EAwIw\n"
  "EjEQMA4GA1UEAwwHRnV6eiBDQTAgFw0yNjExMzAxNDMwNTFaGA8yMTI2MTEwNjE0\n"
  "MzA1MVowEjEQMA4GA1UEAwwHRnV6eiBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
  "A0IABAS/EugZCYvd4jB+kqmdhK1EObfLX278K+Q4zExo21s19WsKM7puszwYuNaK\n"
  "FxTqN32ry3ZiaGesMLfWnwAB1lmjYzBhMB0GA1UdDgQWBBTw9kAAy6Nfqr0GCPjm\n"
  "raCNMI5ggTAfBgNVHSMEGDAWgBTw9kAAy6Nfqr0GCPjmraCNMI5ggTAPBgNVHRMB\n"
  "Af8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQDAgNHADBEAiApQ/3U\n"
  "iXCRgsoRHBJhk36/k6k+JQHG7aUEeshUXFAqYgIgOUF4xgEHdrwpmrub1Gh8UhZB\n"
  "rX4FqmVFrgofeXRlm2I=\n"
  "-----END CERTIFICATE-----\n"
  ;

static const char certificate_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBdjCCARygAwIBAgICEjQwCgYIKoZIzj0EAwIwEjEQMA4GA1UEAwwHRnV6eiBD\n"
  "QTAgFw0yNjExMzAxNDMwNTJaGA8yMTI2MTEwNjE0MzA1MlowFzEVMBMGA1UEAwwM\n"
  "ZnV6ei5leGFtcGxlMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE41zn6sUwdAKY\n"
  "lo8+pO6iS+S3oKnGnJyD/OUbhigRkN/vKn/I3LuChf1WcsSEuS8ltkbKvtAP3Hxg\n"
  "KjHgZ7X6tqNbMFkwFwYDVR0RBBAwDoIMZnV6ei5leGFtcGxlMB0GA1UdDgQWBBS6\n"
  "exZ/pBlo8KN8GRxNDUK9taSZpDAfBgNVHSMEGDAWgBTw9kAAy6Nfqr0GCPjmraCN\n"
  "MI5ggTAKBggqhkjOPQQDAgNIADBFAiEAmHFDV9LhOQhSLWspF47Qd1/Taxhcpln9\n"
  "Vxheb1nhnpUCID3m1S4obSD4FCqQvIGKWUtHRWDVTxUmG1CFMZbnl4a3\n"
  "-----END CERTIFICATE-----\n"
  ;

/* A fixed "now" inside both validity periods, so that a replay always judges alike */
#define NOW 1893456000

static GBytes *
der_of (const char *pem)
{
  gnutls_datum_t in = { (unsigned char *) pem, (unsigned int) strlen (pem) };
  gnutls_datum_t out = { NULL, 0 };
  GBytes *der;

  if (gnutls_pem_base64_decode2 ("CERTIFICATE", &in, &out) < 0)
    abort ();
  der = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  return der;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static GBytes *issuer;
  static GBytes *certificate;
  static unsigned char nonce_bytes[] = "certview fuzz nonce";
  const gnutls_datum_t nonce = { nonce_bytes, sizeof nonce_bytes - 1 };
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(CvRevocation) revocation = NULL;
  CvRevocationStatus status;

  cv_fuzz_init ();
  if (issuer == NULL)
    {
      issuer = der_of (issuer_pem);
      certificate = der_of (certificate_pem);
    }
  if (size < 1)
    return 0;

  answer = g_bytes_new (data + 1, size - 1);
  /* A staple (no nonce), or a responder's answer to a request that sent one */
  if (data[0] % 2 == 0)
    revocation = cv_revocation_judge_ocsp (answer, certificate, issuer,
                                           data[0] % 4 == 0 ? CV_REVOCATION_METHOD_STAPLED
                                                            : CV_REVOCATION_METHOD_OCSP,
                                           "http://127.0.0.1/",
                                           data[0] % 4 == 0 ? NULL : &nonce, NOW);
  else
    revocation = cv_revocation_judge_crl (answer, certificate, issuer, "http://127.0.0.1/",
                                          NOW);

  cv_fuzz_check (revocation != NULL);
  status = cv_revocation_get_status (revocation);
  cv_fuzz_check (status <= CV_REVOCATION_STATUS_MISSING);
  cv_fuzz_check (cv_revocation_get_why (revocation) == NULL ||
                 cv_fuzz_text_is_safe (cv_revocation_get_why (revocation)));
  if (status == CV_REVOCATION_STATUS_GOOD || status == CV_REVOCATION_STATUS_REVOKED)
    cv_fuzz_check (cv_revocation_get_this_update (revocation) >= 0 &&
                   cv_revocation_get_this_update (revocation) <= NOW + 3600);
  if (status == CV_REVOCATION_STATUS_NOT_CHECKED || status == CV_REVOCATION_STATUS_INVALID)
    cv_fuzz_check (cv_revocation_get_why (revocation) != NULL);
  /* Only a stapled answer can make the certificate invalid when it is bad */
  if (status == CV_REVOCATION_STATUS_INVALID)
    cv_fuzz_check (cv_revocation_get_method (revocation) == CV_REVOCATION_METHOD_STAPLED);
  cv_fuzz_check (cv_revocation_reason_to_string (cv_revocation_get_reason (revocation)) != NULL);
  return 0;
}
