/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Judging an answer: an OCSP response or a CRL, for one certificate */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-certificate-private.h"
#include "cv-revocation-private.h"

#include "cv-der-private.h"

#include <glib/gi18n-lib.h>
#include <gnutls/ocsp.h>
#include <libtasn1.h>
#include <string.h>

/* Clocks disagree a little: an answer made this far in the future still counts */
#define CLOCK_SKEW_SECONDS (5 * 60)

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crl_t, gnutls_x509_crl_deinit, NULL)

/* The OCSP verification's failure bits in words */
static const char *
describe_ocsp_verify (unsigned int verify)
{
  if (verify & GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE)
    return _("its signature does not match");
  if (verify & (GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND | GNUTLS_OCSP_VERIFY_UNTRUSTED_SIGNER))
    return _("it is not signed by the certificate's issuer or a responder it appointed");
  if (verify & GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR)
    return _("its signer may not sign OCSP responses");
  if (verify & GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM)
    return _("it is signed with an insecure algorithm");
  if (verify & (GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED | GNUTLS_OCSP_VERIFY_CERT_EXPIRED))
    return _("its signer's certificate is not valid now");
  return _("its signature could not be verified");
}

/* Whether @resp carries certificates, as a responder the issuer appointed sends
 * its own */
static gboolean
includes_certificates (gnutls_ocsp_resp_t resp)
{
  gnutls_x509_crt_t *certs = NULL;
  size_t n_certs = 0;

  if (gnutls_ocsp_resp_get_certs (resp, &certs, &n_certs) < 0)
    return FALSE;
  for (size_t i = 0; i < n_certs; i++)
    gnutls_x509_crt_deinit (certs[i]);
  gnutls_free (certs);
  return n_certs > 0;
}

/* A bad answer: from the server, the certificate is invalid; from a responder,
 * it was not checked */
static CvRevocation *
bad_answer (CvRevocationMethod  method,
            const char         *responder,
            const char         *what)
{
  g_autofree char *why = NULL;

  if (method == CV_REVOCATION_METHOD_STAPLED)
    {
      /* TRANSLATORS: %s says what is wrong, as "its signature does not match" */
      why = g_strdup_printf (_("The OCSP response the server stapled is not valid: %s."), what);
      return cv_revocation_new_answer (method, CV_REVOCATION_STATUS_INVALID, NULL, why);
    }
  /* TRANSLATORS: %s says what is wrong */
  why = g_strdup_printf (_("The answer was not usable: %s."), what);
  return cv_revocation_new_not_checked (method, responder, why);
}

/* A bad answer for its dates, which are kept: they say how far out it is */
static CvRevocation *
bad_dates (CvRevocationMethod  method,
           const char         *responder,
           const char         *what,
           time_t              this_update,
           time_t              next_update)
{
  CvRevocation *self = bad_answer (method, responder, what);

  cv_revocation_set_times (self, -1, this_update, next_update);
  return self;
}

/* More answers than a response about one server's chain needs are not looked at */
#define MAX_SINGLES 64
#define NO_SINGLE (-1)
#define OTHER_SINGLES (-2)

/* The index of @resp's answer about @crt; NO_SINGLE when it holds none at all,
 * OTHER_SINGLES when none is about @crt */
static int
find_single (gnutls_ocsp_resp_t resp,
             gnutls_x509_crt_t  crt)
{
  int n = 0;

  for (; n < MAX_SINGLES; n++)
    {
      if (gnutls_ocsp_resp_get_single (resp, (unsigned int) n, NULL, NULL, NULL, NULL, NULL,
                                       NULL, NULL, NULL, NULL) < 0)
        break;
      if (gnutls_ocsp_resp_check_crt (resp, (unsigned int) n, crt) == 0)
        return n;
    }
  return n == 0 ? NO_SINGLE : OTHER_SINGLES;
}

/* Whether @resp echoes @nonce, or carries none: most responders answer from
 * responses signed in advance, without one */
static gboolean
nonce_echoed (gnutls_ocsp_resp_t    resp,
              const gnutls_datum_t *nonce)
{
  gnutls_datum_t theirs = { NULL, 0 };
  gboolean same;

  if (gnutls_ocsp_resp_get_nonce (resp, NULL, &theirs) < 0)
    return TRUE;
  same = theirs.size == nonce->size && memcmp (theirs.data, nonce->data, nonce->size) == 0;
  gnutls_free (theirs.data);
  return same;
}

CvRevocation *
cv_revocation_judge_ocsp (GBytes               *response,
                          GBytes               *certificate,
                          GBytes               *issuer,
                          CvRevocationMethod    method,
                          const char           *responder,
                          const gnutls_datum_t *nonce,
                          gint64                now)
{
  g_auto(gnutls_x509_crt_t) crt = NULL;
  g_auto(gnutls_x509_crt_t) issuer_crt = NULL;

  g_return_val_if_fail (response != NULL && certificate != NULL, NULL);

  crt = cv_certificate_import_der (certificate);
  issuer_crt = cv_certificate_import_der (issuer);
  return cv_revocation_judge_ocsp_parsed (response, crt, issuer_crt, method, responder, nonce,
                                          now);
}

CvRevocation *
cv_revocation_judge_ocsp_parsed (GBytes               *response,
                                 gnutls_x509_crt_t     crt,
                                 gnutls_x509_crt_t     issuer_crt,
                                 CvRevocationMethod    method,
                                 const char           *responder,
                                 const gnutls_datum_t *nonce,
                                 gint64                now)
{
  g_auto(gnutls_ocsp_resp_t) resp = NULL;
  gnutls_datum_t datum;
  unsigned int verify = 0;
  unsigned int cert_status = 0;
  time_t this_update, next_update, revoked_at;
  unsigned int reason = 0;
  CvRevocation *self;
  gsize size = 0;
  int single;
  int ret;

  g_return_val_if_fail (response != NULL, NULL);

  if (crt == NULL || issuer_crt == NULL)
    return cv_revocation_new_not_checked (method, responder,
                                          _("The certificate's issuer is not known."));

  datum.data = (unsigned char *) g_bytes_get_data (response, &size);
  datum.size = size;
  if (gnutls_ocsp_resp_init (&resp) < 0 ||
      gnutls_ocsp_resp_import (resp, &datum) < 0)
    return bad_answer (method, responder, _("it is not an OCSP response"));

  if (gnutls_ocsp_resp_get_status (resp) != GNUTLS_OCSP_RESP_SUCCESSFUL)
    return bad_answer (method, responder, _("the responder reported an error"));

  /* A response may answer for several certificates (RFC 6960, 4.2.1): the one
   * about this certificate counts, wherever it is */
  single = find_single (resp, crt);
  if (single < 0)
    return bad_answer (method, responder,
                       single == NO_SINGLE ? _("it holds no answer")
                                           : _("it is about another certificate"));

  ret = gnutls_ocsp_resp_verify_direct (resp, issuer_crt, &verify, 0);
  if (ret < 0 || verify != 0)
    return bad_answer (method, responder,
                       (verify & GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE) != 0 &&
                       !includes_certificates (resp)
                       /* A responder the issuer appointed signs with its own key,
                        * and must send its certificate along (RFC 6960, 4.2.2.2) */
                       ? _("it is not signed by the certificate's issuer, and includes no "
                           "certificate of a responder the issuer appointed")
                       : describe_ocsp_verify (verify));

  ret = gnutls_ocsp_resp_get_single (resp, (unsigned int) single, NULL, NULL, NULL, NULL,
                                     &cert_status, &this_update, &next_update, &revoked_at,
                                     &reason);
  if (ret < 0)
    return bad_answer (method, responder, _("it holds no answer"));

  if (this_update == (time_t) -1 || this_update > now + CLOCK_SKEW_SECONDS)
    return bad_dates (method, responder, _("it is dated in the future"), this_update,
                      next_update);
  if (next_update != (time_t) -1 && next_update + CLOCK_SKEW_SECONDS < now)
    return bad_dates (method, responder, _("it is out of date"), this_update, next_update);
  /* No next update: newer information may be there at any time (RFC 6960,
   * 4.2.2.1), and an old answer must not count for ever */
  if (next_update == (time_t) -1 &&
      (gint64) this_update + CV_REVOCATION_OCSP_MAX_AGE + CLOCK_SKEW_SECONDS < now)
    return bad_dates (method, responder, _("it is out of date"), this_update, next_update);

  /* A nonce other than the one sent: an answer to another request, as one recorded
   * earlier and sent again would be (RFC 6960, 4.4.1). Only "good" and "unknown"
   * must be this request's: a revocation the issuer signed stays true */
  if (nonce != NULL && cert_status != GNUTLS_OCSP_CERT_REVOKED && !nonce_echoed (resp, nonce))
    return cv_revocation_new_not_checked (method, responder,
                                          _("The OCSP responder’s answer was made for another "
                                            "request: it names a nonce other than the one "
                                            "sent, as an answer recorded earlier and sent again "
                                            "would. Try again later."));

  switch (cert_status)
    {
    case GNUTLS_OCSP_CERT_GOOD:
      self = cv_revocation_new_answer (method, CV_REVOCATION_STATUS_GOOD, responder, NULL);
      break;
    case GNUTLS_OCSP_CERT_REVOKED:
      self = cv_revocation_new_answer (method, CV_REVOCATION_STATUS_REVOKED, responder, NULL);
      cv_revocation_set_revoked (self, revoked_at, reason);
      break;
    case GNUTLS_OCSP_CERT_UNKNOWN:
    default:
      self = cv_revocation_new_answer (method, CV_REVOCATION_STATUS_UNKNOWN, responder,
                                       _("The responder does not know the certificate."));
      break;
    }
  cv_revocation_set_times (self, gnutls_ocsp_resp_get_produced (resp), this_update,
                           next_update);
  return self;
}

/* The CRL's issuer and the certificate's, compared as text: the same name written
 * with other string types (PrintableString for UTF8String, say) is the same name
 * (RFC 5280, 7.1), and so is one that differs in case */
static gboolean
same_name_as_text (gnutls_x509_crl_t list,
                   gnutls_x509_crt_t crt)
{
  gnutls_datum_t a = { NULL, 0 };
  gnutls_datum_t b = { NULL, 0 };
  gboolean same = FALSE;

  if (gnutls_x509_crl_get_issuer_dn3 (list, &a, 0) >= 0 &&
      gnutls_x509_crt_get_issuer_dn3 (crt, &b, 0) >= 0 &&
      g_utf8_validate ((const char *) a.data, a.size, NULL) &&
      g_utf8_validate ((const char *) b.data, b.size, NULL))
    {
      g_autofree char *folded_a = g_utf8_casefold ((const char *) a.data, a.size);
      g_autofree char *folded_b = g_utf8_casefold ((const char *) b.data, b.size);

      same = g_str_equal (folded_a, folded_b);
    }
  gnutls_free (a.data);
  gnutls_free (b.data);
  return same;
}

/* Whether @list is signed with @issuer_crt's key, which may sign CRLs, with an
 * algorithm that is secure: its tbsCertList against its signatureValue */
static gboolean
signed_by_key (gnutls_x509_crl_t     list,
               const gnutls_datum_t *der,
               gnutls_x509_crt_t     issuer_crt)
{
  gnutls_datum_t tbs;
  gnutls_datum_t signature;
  unsigned int usage = 0;
  unsigned char cls;
  unsigned long tag;
  CvDer whole;
  CvDer fields;
  CvDer contents;
  const guint8 *tbs_start;
  gboolean ok = FALSE;
  int algorithm = gnutls_x509_crl_get_signature_algorithm (list);

  if (algorithm < 0 || !gnutls_sign_is_secure2 ((gnutls_sign_algorithm_t) algorithm, 0))
    return FALSE;
  if (gnutls_x509_crt_get_key_usage (issuer_crt, &usage, NULL) >= 0 &&
      (usage & GNUTLS_KEY_CRL_SIGN) == 0)
    return FALSE;

  /* CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue } */
  whole = (CvDer) { der->data, der->size };
  if (cv_der_next (&whole, &cls, &tag, &fields) && tag == ASN1_TAG_SEQUENCE &&
      (tbs_start = fields.p) != NULL &&
      cv_der_next (&fields, &cls, &tag, &contents) && tag == ASN1_TAG_SEQUENCE)
    {
      tbs.data = (unsigned char *) tbs_start;
      tbs.size = (unsigned int) (contents.p + contents.left - tbs_start);
      if (cv_der_next (&fields, &cls, &tag, &contents) &&
          cv_der_next (&fields, &cls, &tag, &contents) && tag == ASN1_TAG_BIT_STRING &&
          contents.left > 1 && contents.p[0] == 0)
        {
          signature.data = (unsigned char *) contents.p + 1;
          signature.size = (unsigned int) contents.left - 1;
          ok = gnutls_x509_crt_verify_data2 (issuer_crt, (gnutls_sign_algorithm_t) algorithm,
                                             0, &tbs, &signature) >= 0;
        }
    }
  return ok;
}

CvRevocation *
cv_revocation_judge_crl (GBytes     *crl,
                         GBytes     *certificate,
                         GBytes     *issuer,
                         const char *url,
                         gint64      now)
{
  g_auto(gnutls_x509_crl_t) list = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  g_auto(gnutls_x509_crt_t) issuer_crt = NULL;
  gnutls_x509_crl_iter_t iter = NULL;
  g_auto(gnutls_datum_t) der = { NULL, 0 };
  gnutls_datum_t datum;
  gnutls_datum_t crl_issuer = { NULL, 0 };
  gnutls_datum_t crt_issuer = { NULL, 0 };
  unsigned char serial[64];
  size_t serial_size = sizeof serial;
  unsigned int verify = 0;
  gboolean same_issuer;
  gboolean listing_counts;
  gboolean stale;
  gboolean future;
  const char *scope;
  CvRevocation *self = NULL;
  time_t this_update, next_update;
  gsize size = 0;
  int ret;

  g_return_val_if_fail (crl != NULL && certificate != NULL, NULL);

  crt = cv_certificate_import_der (certificate);
  issuer_crt = cv_certificate_import_der (issuer);
  if (crt == NULL || issuer_crt == NULL)
    return cv_revocation_new_not_checked (CV_REVOCATION_METHOD_CRL, url,
                                          _("The certificate's issuer is not known."));

  datum.data = (unsigned char *) g_bytes_get_data (crl, &size);
  datum.size = size;
  if (gnutls_x509_crl_init (&list) < 0 ||
      (gnutls_x509_crl_import (list, &datum, GNUTLS_X509_FMT_DER) < 0 &&
       gnutls_x509_crl_import (list, &datum, GNUTLS_X509_FMT_PEM) < 0))
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, _("it is not a CRL"));
  /* Its DER, once, for what GnuTLS does not read of it (a PEM list is converted) */
  if (gnutls_x509_crl_export2 (list, GNUTLS_X509_FMT_DER, &der) < 0)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, _("it is not a CRL"));

  /* A list from another authority says nothing of this certificate */
  if (gnutls_x509_crl_get_raw_issuer_dn (list, &crl_issuer) < 0 ||
      gnutls_x509_crt_get_raw_issuer_dn (crt, &crt_issuer) < 0)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, _("its issuer cannot be read"));
  same_issuer = crl_issuer.size == crt_issuer.size &&
                memcmp (crl_issuer.data, crt_issuer.data, crl_issuer.size) == 0;
  gnutls_free (crl_issuer.data);
  gnutls_free (crt_issuer.data);
  if (!same_issuer && !same_name_as_text (list, crt))
    return bad_answer (CV_REVOCATION_METHOD_CRL, url,
                       _("it is issued by another authority than the certificate"));

  /* An issuer whose key usage leaves CRLs out signs none (RFC 5280, 4.2.1.3) */
  {
    unsigned int usage = 0;

    if (gnutls_x509_crt_get_key_usage (issuer_crt, &usage, NULL) >= 0 &&
        (usage & GNUTLS_KEY_CRL_SIGN) == 0)
      return bad_answer (CV_REVOCATION_METHOD_CRL, url,
                         _("the certificate's issuer may not sign CRLs: its key usage "
                           "leaves them out"));
  }

  if (same_issuer)
    {
      /* The signature only: the dates are judged against @now below */
      ret = gnutls_x509_crl_verify (list, &issuer_crt, 1, GNUTLS_VERIFY_DISABLE_TIME_CHECKS,
                                    &verify);
      /* GnuTLS flags a stale list here too; only the signature's own bits count */
      if (ret < 0 || (verify & (GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_SIGNER_NOT_FOUND |
                                GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_INSECURE_ALGORITHM |
                                GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)) != 0)
        return bad_answer (CV_REVOCATION_METHOD_CRL, url,
                           _("it is not signed by the certificate's issuer"));
    }
  /* The issuer's name written otherwise: GnuTLS looks for the signer by the
   * name's bytes, so the signature is checked here, against the issuer's key */
  else if (!signed_by_key (list, &der, issuer_crt))
    return bad_answer (CV_REVOCATION_METHOD_CRL, url,
                       _("it is not signed by the certificate's issuer"));

  this_update = gnutls_x509_crl_get_this_update (list);
  next_update = gnutls_x509_crl_get_next_update (list);
  if (this_update == (time_t) -1)
    return bad_dates (CV_REVOCATION_METHOD_CRL, url, _("it is dated in the future"),
                      this_update, next_update);
  /* Out of date, it cannot say "good"; but a revocation cannot be undone (RFC
   * 5280, 5.3.1), so a list that still names the certificate is believed, unless
   * it only put it on hold. So is one dated ahead, by an issuer whose clock is:
   * what its signature names as revoked stays so */
  stale = next_update != (time_t) -1 && next_update + CLOCK_SKEW_SECONDS < now;
  future = this_update > now + CLOCK_SKEW_SECONDS;

  /* A list that is not the whole of it for this certificate cannot say "good":
   * an empty partition must not read as that. It can still say "revoked". */
  scope = cv_revocation_crl_out_of_scope (list, crt, &listing_counts);
  if (scope != NULL && !listing_counts)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, scope);
  if (cv_revocation_crl_has_unknown_critical_entry (&der))
    return bad_answer (CV_REVOCATION_METHOD_CRL, url,
                       _("an entry has a critical extension that Certview does not "
                         "understand"));

  if (gnutls_x509_crt_get_serial (crt, serial, &serial_size) < 0)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url,
                       _("the certificate's serial cannot be read"));

  for (;;)
    {
      unsigned char listed[64];
      size_t listed_size = sizeof listed;
      time_t when = -1;

      ret = gnutls_x509_crl_iter_crt_serial (list, &iter, listed, &listed_size, &when);
      if (ret < 0)
        break;
      if (listed_size == serial_size && memcmp (listed, serial, serial_size) == 0)
        {
          self = cv_revocation_new_answer (CV_REVOCATION_METHOD_CRL, CV_REVOCATION_STATUS_REVOKED,
                                           url,
                                           NULL);
          cv_revocation_set_revoked (self, when,
                                     cv_revocation_crl_reason (&der, serial, serial_size));
          break;
        }
    }
  gnutls_x509_crl_iter_deinit (iter);

  if (self == NULL && ret != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, _("its entries cannot be read"));
  /* A hold lifted is no revocation */
  if (self != NULL && cv_revocation_get_reason (self) == CRL_REASON_REMOVE)
    g_clear_object (&self);
  if (self == NULL && scope != NULL)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, scope);
  if ((stale || future) &&
      (self == NULL || cv_revocation_get_reason (self) == CRL_REASON_HOLD))
    {
      g_clear_object (&self);
      return bad_dates (CV_REVOCATION_METHOD_CRL, url,
                        future ? _("it is dated in the future") : _("it is out of date"),
                        this_update, next_update);
    }
  if (self == NULL)
    self = cv_revocation_new_answer (CV_REVOCATION_METHOD_CRL, CV_REVOCATION_STATUS_GOOD, url,
                                     NULL);
  cv_revocation_set_times (self, -1, this_update, next_update);
  return self;
}
