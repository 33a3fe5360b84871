/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a CRL covers, and what its entries say: its scope (RFC 5280, 5.2.4, 5.2.5
 * and 6.3.3) and its entries' extensions, which GnuTLS does not read */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-certificate-private.h"
#include "cv-revocation-private.h"

#include "cv-der-private.h"

#include <glib/gi18n-lib.h>
#include <libtasn1.h>
#include <string.h>

#define OID_CRL_NUMBER           "2.5.29.20"
#define OID_ISSUER_ALT_NAME      "2.5.29.18"
#define OID_AUTHORITY_KEY_ID     "2.5.29.35"
#define OID_DELTA_CRL_INDICATOR  "2.5.29.27"
#define OID_ISSUING_DIST_POINT   "2.5.29.28"
#define OID_FRESHEST_CRL         "2.5.29.46"

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
guint
cv_revocation_crl_reason (const gnutls_datum_t *der_list,
                          const guint8         *serial,
                          gsize                 serial_size)
{
  CvDer entries;

  if (!find_entries (der_list, &entries))
    return 0;
  return entry_reason (entries, serial, serial_size);
}

/* Whether an entry of the CRL @der_list has a critical extension other than those of RFC
 * 5280, 5.3 that Certview reads or may pass over: the list must then not be used
 * at all (5.3). A certificateIssuer, say, makes the entries after it another
 * authority's. */
gboolean
cv_revocation_crl_has_unknown_critical_entry (const gnutls_datum_t *der_list)
{
  static const guint8 known[][3] = {
    { 0x55, 0x1d, 0x15 },  /* reasonCode */
    { 0x55, 0x1d, 0x17 },  /* holdInstructionCode */
    { 0x55, 0x1d, 0x18 },  /* invalidityDate */
  };
  unsigned char cls = 0;
  unsigned long tag = 0;
  CvDer entries;

  if (!find_entries (der_list, &entries))
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
const char *
cv_revocation_crl_out_of_scope (gnutls_x509_crl_t  list,
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
