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
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_ocsp_resp_t, gnutls_ocsp_resp_deinit, NULL)

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

CvRevocation *
cv_revocation_judge_ocsp (GBytes             *response,
                          GBytes             *certificate,
                          GBytes             *issuer,
                          CvRevocationMethod  method,
                          const char         *responder,
                          gint64              now)
{
  g_auto(gnutls_ocsp_resp_t) resp = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  g_auto(gnutls_x509_crt_t) issuer_crt = NULL;
  gnutls_datum_t datum;
  unsigned int verify = 0;
  unsigned int cert_status = 0;
  time_t this_update, next_update, revoked_at;
  unsigned int reason = 0;
  CvRevocation *self;
  gsize size = 0;
  int single;
  int ret;

  g_return_val_if_fail (response != NULL && certificate != NULL, NULL);

  crt = cv_certificate_import_der (certificate);
  issuer_crt = cv_certificate_import_der (issuer);
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
    return bad_answer (method, responder, describe_ocsp_verify (verify));

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
signed_by_key (gnutls_x509_crl_t list,
               gnutls_x509_crt_t issuer_crt)
{
  gnutls_datum_t der = { NULL, 0 };
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
  if (gnutls_x509_crl_export2 (list, GNUTLS_X509_FMT_DER, &der) < 0)
    return FALSE;

  /* CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue } */
  whole = (CvDer) { der.data, der.size };
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
  gnutls_free (der.data);
  return ok;
}

/* The scope of a CRL (RFC 5280, 5.2.4, 5.2.5 and 6.3.3) */

#define OID_CRL_NUMBER           "2.5.29.20"
#define OID_ISSUER_ALT_NAME      "2.5.29.18"
#define OID_AUTHORITY_KEY_ID     "2.5.29.35"
#define OID_DELTA_CRL_INDICATOR  "2.5.29.27"
#define OID_ISSUING_DIST_POINT   "2.5.29.28"
#define OID_FRESHEST_CRL         "2.5.29.46"

/* RFC 5280's CRLReason certificateHold: a revocation that may be lifted */
#define CRL_REASON_HOLD 6
/* removeFromCRL: in a delta CRL, a hold that was lifted; no revocation */
#define CRL_REASON_REMOVE 8

/* A BOOLEAN's value, FALSE when it is not one */
static gboolean
der_true (const CvDer *contents)
{
  return contents->left == 1 && contents->p[0] != 0;
}

/* Whether one of @names (the contents of a GeneralNames) is a URI among the
 * certificate's CRL distribution points */
static gboolean
names_match_crt (CvDer               names,
                 gnutls_x509_crt_t  crt,
                 gboolean          *malformed)
{
  while (names.left > 0)
    {
      unsigned char cls = 0;
      unsigned long tag = 0;
      CvDer name;

      if (!cv_der_next (&names, &cls, &tag, &name))
        {
          *malformed = TRUE;
          return FALSE;
        }
      /* uniformResourceIdentifier [6] IA5String */
      if (cls != ASN1_CLASS_CONTEXT_SPECIFIC || tag != 6)
        continue;
      g_autoptr(GPtrArray) uris = cv_certificate_read_crl_uris (crt);

      for (guint i = 0; i < uris->len; i++)
        {
          gsize size = 0;
          const void *uri = g_bytes_get_data (g_ptr_array_index (uris, i), &size);

          if (size == name.left && memcmp (uri, name.p, size) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* Why a CRL with this Issuing Distribution Point is not the whole list for @crt,
 * or NULL when it is. @listing_counts is set to whether an entry with the
 * certificate's serial still means it is revoked: it does on any partition of the
 * issuer's own list, since the issuer gives a serial to one certificate only; not
 * on a list that may hold other issuers' serials, or other kinds of certificate. */
static const char *
idp_out_of_scope (const gnutls_datum_t *value,
                  gnutls_x509_crt_t     crt,
                  gboolean             *listing_counts)
{
  CvDer der = { value->data, value->size };
  CvDer fields;
  unsigned char cls = 0;
  unsigned long tag = 0;
  gboolean malformed = FALSE;
  gboolean is_ca = gnutls_x509_crt_get_ca_status (crt, NULL) > 0;
  /* A partition that does not hold the certificate: its listing still counts,
   * unless a later field says the list is indirect. Every field is read first. */
  const char *partial = NULL;

  *listing_counts = FALSE;
  if (!cv_der_next (&der, &cls, &tag, &fields) || der.left != 0 ||
      cls != ASN1_CLASS_STRUCTURED || tag != ASN1_TAG_SEQUENCE)
    return _("its issuing distribution point cannot be read");

  while (fields.left > 0)
    {
      CvDer field;

      if (!cv_der_next (&fields, &cls, &tag, &field) ||
          (cls & ASN1_CLASS_CONTEXT_SPECIFIC) == 0)
        return _("its issuing distribution point cannot be read");
      switch (tag)
        {
        case 0: /* distributionPoint: explicit, a CHOICE */
          {
            CvDer name;

            if (!cv_der_next (&field, &cls, &tag, &name) || field.left != 0)
              return _("its issuing distribution point cannot be read");
            /* fullName [0] GeneralNames; a name relative to the issuer [1] names
             * no URL, so none of the certificate's can match it */
            if (!(cls == (ASN1_CLASS_CONTEXT_SPECIFIC | ASN1_CLASS_STRUCTURED) && tag == 0 &&
                  names_match_crt (name, crt, &malformed)))
              {
                if (malformed)
                  return _("its issuing distribution point cannot be read");
                if (partial == NULL)
                  partial = _("it is a partial CRL for another distribution point than the "
                              "certificate's");
              }
          }
          break;
        case 1: /* onlyContainsUserCerts */
          if (der_true (&field) && is_ca && partial == NULL)
            partial = _("it lists only end-entity certificates, and this one is a "
                        "certificate authority's");
          break;
        case 2: /* onlyContainsCACerts */
          if (der_true (&field) && !is_ca && partial == NULL)
            partial = _("it lists only certificate authorities' certificates");
          break;
        case 3: /* onlySomeReasons */
          if (partial == NULL)
            partial = _("it lists only some of the reasons for revocation");
          break;
        case 4: /* indirectCRL */
          if (der_true (&field))
            return _("it is an indirect CRL, which Certview does not read");
          break;
        case 5: /* onlyContainsAttributeCerts */
          if (der_true (&field))
            return _("it lists only attribute certificates");
          break;
        default:
          return _("its issuing distribution point cannot be read");
        }
    }
  *listing_counts = partial != NULL;
  return partial;
}

/* The reasonCode of the entry for @serial among a revokedCertificates' entries
 * (RFC 5280, 5.3.1), 0 (unspecified) when it gives none */
static guint
entry_reason (CvDer           entries,
              const guint8 *serial,
              gsize         serial_size)
{
  static const guint8 reason_oid[] = { 0x55, 0x1d, 0x15 };  /* 2.5.29.21 */

  while (entries.left > 0)
    {
      unsigned char cls = 0;
      unsigned long tag = 0;
      CvDer entry, number, date, extensions;

      if (!cv_der_next (&entries, &cls, &tag, &entry) ||
          !cv_der_next (&entry, &cls, &tag, &number) || tag != ASN1_TAG_INTEGER ||
          !cv_der_next (&entry, &cls, &tag, &date))
        return 0;
      if (number.left != serial_size || memcmp (number.p, serial, serial_size) != 0)
        continue;
      if (entry.left == 0 || !cv_der_next (&entry, &cls, &tag, &extensions))
        return 0;

      while (extensions.left > 0)
        {
          CvDer extension, id, value, code;

          if (!cv_der_next (&extensions, &cls, &tag, &extension) ||
              !cv_der_next (&extension, &cls, &tag, &id) || tag != ASN1_TAG_OBJECT_ID)
            return 0;
          if (id.left != sizeof reason_oid || memcmp (id.p, reason_oid, sizeof reason_oid) != 0)
            continue;
          /* critical BOOLEAN DEFAULT FALSE, then extnValue OCTET STRING */
          if (!cv_der_next (&extension, &cls, &tag, &value))
            return 0;
          if (tag == ASN1_TAG_BOOLEAN && !cv_der_next (&extension, &cls, &tag, &value))
            return 0;
          if (tag != ASN1_TAG_OCTET_STRING || !cv_der_next (&value, &cls, &tag, &code) ||
              tag != ASN1_TAG_ENUMERATED || code.left != 1)
            return 0;
          return code.p[0];
        }
      return 0;
    }
  return 0;
}

/* The revokedCertificates of @der_list (a CRL's DER), which @entries points
 * into; FALSE when it has none. GnuTLS reads a CRL's serials and dates, not its
 * entries' extensions: the list's DER is walked to them. */
static gboolean
find_entries (const gnutls_datum_t *der_list,
              CvDer                *entries)
{
  unsigned char cls = 0;
  unsigned long tag = 0;
  CvDer der, certificate_list, tbs;

  der = (CvDer) { der_list->data, der_list->size };
  if (!cv_der_next (&der, &cls, &tag, &certificate_list) ||
      !cv_der_next (&certificate_list, &cls, &tag, &tbs))
    return FALSE;

  /* version, signature, issuer, thisUpdate, nextUpdate: the revoked
   * certificates are the sequence whose first element is a sequence starting
   * with an integer (the signature's starts with an OID, the issuer's with a set) */
  while (tbs.left > 0)
    {
      CvDer field, first, inner, number;

      if (!cv_der_next (&tbs, &cls, &tag, &field))
        return FALSE;
      if (cls != ASN1_CLASS_STRUCTURED || tag != ASN1_TAG_SEQUENCE)
        continue;
      first = field;
      if (!cv_der_next (&first, &cls, &tag, &inner) || tag != ASN1_TAG_SEQUENCE ||
          !cv_der_next (&inner, &cls, &tag, &number) || tag != ASN1_TAG_INTEGER)
        continue;
      *entries = field;
      return TRUE;
    }
  return FALSE;
}

/* Why the CRL revoked the certificate with @serial, as RFC 5280's CRLReason, 0
 * (unspecified) when it does not say */
static guint
crl_reason (gnutls_x509_crl_t  list,
            const guint8      *serial,
            gsize              serial_size)
{
  g_auto(gnutls_datum_t) der_list = { NULL, 0 };
  CvDer entries;

  if (gnutls_x509_crl_export2 (list, GNUTLS_X509_FMT_DER, &der_list) < 0 ||
      !find_entries (&der_list, &entries))
    return 0;
  return entry_reason (entries, serial, serial_size);
}

/* Whether an entry of @list has a critical extension other than those of RFC
 * 5280, 5.3 that Certview reads or may pass over: the list must then not be used
 * at all (5.3). A certificateIssuer, say, makes the entries after it another
 * authority's. */
gboolean
cv_revocation_crl_has_unknown_critical_entry (gnutls_x509_crl_t list)
{
  static const guint8 known[][3] = {
    { 0x55, 0x1d, 0x15 },  /* reasonCode */
    { 0x55, 0x1d, 0x17 },  /* holdInstructionCode */
    { 0x55, 0x1d, 0x18 },  /* invalidityDate */
  };
  g_auto(gnutls_datum_t) der_list = { NULL, 0 };
  unsigned char cls = 0;
  unsigned long tag = 0;
  CvDer entries;

  if (gnutls_x509_crl_export2 (list, GNUTLS_X509_FMT_DER, &der_list) < 0)
    return TRUE;
  if (!find_entries (&der_list, &entries))
    return FALSE;

  while (entries.left > 0)
    {
      CvDer entry, number, date, extensions;

      if (!cv_der_next (&entries, &cls, &tag, &entry) ||
          !cv_der_next (&entry, &cls, &tag, &number) ||
          !cv_der_next (&entry, &cls, &tag, &date))
        return TRUE;
      if (entry.left == 0)
        continue;
      if (!cv_der_next (&entry, &cls, &tag, &extensions))
        return TRUE;
      while (extensions.left > 0)
        {
          CvDer extension, id, value;
          gboolean is_known = FALSE;

          if (!cv_der_next (&extensions, &cls, &tag, &extension) ||
              !cv_der_next (&extension, &cls, &tag, &id) || tag != ASN1_TAG_OBJECT_ID ||
              !cv_der_next (&extension, &cls, &tag, &value))
            return TRUE;
          if (tag != ASN1_TAG_BOOLEAN || !der_true (&value))
            continue;
          for (guint i = 0; i < G_N_ELEMENTS (known); i++)
            if (id.left == sizeof known[i] && memcmp (id.p, known[i], sizeof known[i]) == 0)
              is_known = TRUE;
          if (!is_known)
            return TRUE;
        }
    }
  return FALSE;
}

/* Why @list is not the complete list of revoked certificates that @crt would be
 * on (a partition of another distribution point, for other kinds of certificate
 * or reasons, a delta CRL, an extension it must not be read without), or NULL
 * when it is. @listing_counts: see idp_out_of_scope(); a delta CRL lists
 * revocations too, since its complete list was made. */
static const char *
crl_out_of_scope (gnutls_x509_crl_t  list,
                  gnutls_x509_crt_t  crt,
                  gboolean          *listing_counts)
{
  /* What keeps the list from saying "good" while its listing counts; a reason
   * why its listing does not count either, wherever its extension comes, wins.
   * So every extension is read first. */
  const char *partial = NULL;

  *listing_counts = FALSE;
  for (unsigned int i = 0; ; i++)
    {
      char oid[128];
      size_t oid_size = sizeof oid;
      unsigned int critical = 0;
      int ret;

      ret = gnutls_x509_crl_get_extension_info (list, i, oid, &oid_size, &critical);
      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret < 0)
        return _("its extensions cannot be read");

      if (g_str_equal (oid, OID_DELTA_CRL_INDICATOR))
        {
          if (partial == NULL)
            partial = _("it is a delta CRL, which lists only what changed since a complete "
                        "one");
          continue;
        }
      if (g_str_equal (oid, OID_FRESHEST_CRL))
        {
          if (partial == NULL)
            partial = _("newer revocations may be in a delta CRL, which Certview does not "
                        "read");
          continue;
        }
      if (g_str_equal (oid, OID_ISSUING_DIST_POINT))
        {
          gnutls_datum_t value = { NULL, 0 };
          gboolean counts = FALSE;
          const char *why;

          if (gnutls_x509_crl_get_extension_data2 (list, i, &value) < 0)
            return _("its issuing distribution point cannot be read");
          why = idp_out_of_scope (&value, crt, &counts);
          gnutls_free (value.data);
          if (why != NULL && !counts)
            return why;
          if (why != NULL && partial == NULL)
            partial = why;
          continue;
        }
      if (critical &&
          !g_str_equal (oid, OID_AUTHORITY_KEY_ID) &&
          !g_str_equal (oid, OID_CRL_NUMBER) &&
          !g_str_equal (oid, OID_ISSUER_ALT_NAME))
        return _("it has a critical extension that Certview does not understand");
    }

  /* The certificate may name a delta too (RFC 5280, 4.2.1.15) */
  if (partial == NULL)
    {
      gnutls_datum_t value = { NULL, 0 };
      unsigned int critical = 0;

      if (gnutls_x509_crt_get_extension_by_oid2 (crt, OID_FRESHEST_CRL, 0, &value,
                                                 &critical) >= 0)
        partial = _("newer revocations may be in a delta CRL, which Certview does not "
                    "read");
      gnutls_free (value.data);
    }

  *listing_counts = partial != NULL;
  return partial;
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
  else if (!signed_by_key (list, issuer_crt))
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
  scope = crl_out_of_scope (list, crt, &listing_counts);
  if (scope != NULL && !listing_counts)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, scope);
  if (cv_revocation_crl_has_unknown_critical_entry (list))
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
          cv_revocation_set_revoked (self, when, crl_reason (list, serial, serial_size));
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
