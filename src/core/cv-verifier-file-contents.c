/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-verifier-private.h"

#include "cv-certificate-private.h"
#include "cv-der-private.h"
#include "cv-error.h"
#include "cv-format-private.h"
#include "cv-probe.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/pkcs12.h>
#include <gnutls/pkcs7.h>
#include <libtasn1.h>

/*
 * What a certificate file holds, part by part: PEM blocks, DER certificates one
 * after another, PKCS #7 bundles; and, for a file that holds no certificate, what
 * it holds instead, so that the error names it. cv_verifier_parse_file()
 * (cv-verifier-files.c) decides which of these a file is read with.
 */

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pkcs12_t, gnutls_pkcs12_deinit, NULL)

/* Why a certificate in the file @display cannot be read (GnuTLS's @ret), in words for
 * people: GnuTLS's own name a decoder's state */
void
cv_verifier_set_malformed (GError     **error,
                           const char  *display,
                           int          ret)
{
  switch (ret)
    {
    case GNUTLS_E_BASE64_DECODING_ERROR:
    case GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR:
    case GNUTLS_E_BASE64_ENCODING_ERROR:
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The file “%s” holds a certificate whose text is cut off or damaged "
                     "(its BEGIN or END line, or the lines between them); get the file "
                     "again."), display);
      break;
    case GNUTLS_E_ASN1_DER_ERROR:
    case GNUTLS_E_ASN1_DER_OVERFLOW:
    case GNUTLS_E_ASN1_ELEMENT_NOT_FOUND:
    case GNUTLS_E_ASN1_IDENTIFIER_NOT_FOUND:
    case GNUTLS_E_ASN1_TAG_ERROR:
    case GNUTLS_E_ASN1_TAG_IMPLICIT:
    case GNUTLS_E_ASN1_TYPE_ANY_ERROR:
    case GNUTLS_E_ASN1_SYNTAX_ERROR:
    case GNUTLS_E_ASN1_VALUE_NOT_FOUND:
    case GNUTLS_E_ASN1_VALUE_NOT_VALID:
    case GNUTLS_E_ASN1_GENERIC_ERROR:
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The file “%s” holds a certificate that is damaged: what it holds "
                     "cannot be read as a certificate. Get the file again."), display);
      break;
    default:
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The file “%s” contains a malformed certificate: %s"),
                   display, gnutls_strerror (ret));
      break;
    }
}

void
cv_verifier_set_too_many (GError     **error,
                          const char  *display,
                          guint        n)
{
  g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
               _("The file “%s” contains %u certificates; more than %u are refused. Keep "
                 "only the chain of the certificate to inspect in it."),
               display, n, (guint) CV_PROBE_MAX_CHAIN);
}

/* Reads the next element of @der if it has a certificate's outer shape: a
 * SEQUENCE whose contents begin with a SEQUENCE (the signed part) */
static gboolean
next_certificate_shaped (CvDer *der)
{
  CvDer rest = *der;
  CvDer contents;
  CvDer signed_part;
  unsigned char cls = 0;
  unsigned long tag = 0;

  if (!cv_der_next (&rest, &cls, &tag, &contents) ||
      cls != ASN1_CLASS_STRUCTURED || tag != ASN1_TAG_SEQUENCE ||
      !cv_der_next (&contents, &cls, &tag, &signed_part) ||
      cls != ASN1_CLASS_STRUCTURED || tag != ASN1_TAG_SEQUENCE)
    return FALSE;
  *der = rest;
  return TRUE;
}

/* The certificates of a DER file that holds several one after another (cat
 * int.der leaf.der), each as DER; NULL with nothing set for a file that does not
 * begin with a certificate, or holds one alone (read whole, as before), and NULL
 * with @error for one that has too many, or something else after them */
GPtrArray *
cv_verifier_split_der (const char  *data,
                       gsize        size,
                       const char  *display,
                       GError     **error)
{
  g_autoptr(GPtrArray) parts = NULL;
  CvDer der = { (const guint8 *) data, size };
  guint n = 0;

  /* Counted first, keeping nothing: a huge file of small elements costs little */
  while (der.left > 0 && next_certificate_shaped (&der))
    n++;
  if (n == 0)
    return NULL;
  if (der.left > 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The file “%s” holds certificates followed by data that is not a "
                     "certificate: it may be damaged. Get the file again."), display);
      return NULL;
    }
  if (n == 1)
    return NULL;
  if (n > CV_PROBE_MAX_CHAIN)
    {
      cv_verifier_set_too_many (error, display, n);
      return NULL;
    }

  parts = g_ptr_array_new_full (n, (GDestroyNotify) g_bytes_unref);
  der = (CvDer) { (const guint8 *) data, size };
  while (der.left > 0)
    {
      const guint8 *start = der.p;

      next_certificate_shaped (&der);
      g_ptr_array_add (parts, g_bytes_new (start, (gsize) (der.p - start)));
    }
  return g_steal_pointer (&parts);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pkcs7_t, gnutls_pkcs7_deinit, NULL)

/* The certificates of @datum as a PKCS #7 bundle, added to @ders as DER: 1 when it
 * is one, 0 when it is not (nothing added), -1 with @error set when it is one that
 * holds no certificate, too many, or one that cannot be read */
int
cv_verifier_pkcs7_certificates (GPtrArray            *ders,
                                const gnutls_datum_t *datum,
                                gnutls_x509_crt_fmt_t format,
                                const char           *display,
                                GError              **error)
{
  g_auto(gnutls_pkcs7_t) pkcs7 = NULL;
  int count;

  if (gnutls_pkcs7_init (&pkcs7) < 0 || gnutls_pkcs7_import (pkcs7, datum, format) < 0)
    return 0;

  count = gnutls_pkcs7_get_crt_count (pkcs7);
  if (count <= 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The file “%s” contains no certificate: it is a PKCS #7 bundle "
                     "without one."), display);
      return -1;
    }
  if (count > CV_PROBE_MAX_CHAIN)
    {
      cv_verifier_set_too_many (error, display, (guint) count);
      return -1;
    }

  for (int i = 0; i < count; i++)
    {
      g_auto(gnutls_datum_t) raw = { NULL, 0 };
      int ret = gnutls_pkcs7_get_crt_raw2 (pkcs7, (unsigned) i, &raw);

      if (ret < 0)
        {
          cv_verifier_set_malformed (error, display, ret);
          return -1;
        }
      g_ptr_array_add (ders, g_bytes_new (raw.data, raw.size));
    }
  return 1;
}

#define PEM_BEGIN "-----BEGIN "

/* The certificates of a PEM file block by block, as DER in the file's order: for
 * a file that mixes PKCS #7 bundles with certificates, or holds OpenSSL's
 * "TRUSTED CERTIFICATE" blocks (openssl x509 -trustout), which are a certificate
 * followed by the trust settings OpenSSL gives it; those are not read (the
 * anchors are the system's and --ca-file's) */
GPtrArray *
cv_verifier_pem_certificates (const char  *data,
                              gsize        size,
                              const char  *display,
                              GError     **error)
{
  static const char * const kinds[] = {
    "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE", "PKCS7"
  };
  g_autoptr(GPtrArray) ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const char *end = data + size;
  const char *p = data;

  while ((p = memchr (p, '-', (gsize) (end - p))) != NULL)
    {
      const char *name = p + strlen (PEM_BEGIN);
      gnutls_datum_t block = { (unsigned char *) p, (unsigned int) (end - p) };
      gnutls_datum_t der = { NULL, 0 };
      const char *kind = NULL;
      int ret;

      if ((gsize) (end - p) <= strlen (PEM_BEGIN) ||
          memcmp (p, PEM_BEGIN, strlen (PEM_BEGIN)) != 0)
        {
          p++;
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (kinds) && kind == NULL; k++)
        if ((gsize) (end - name) > strlen (kinds[k]) + 5 &&
            memcmp (name, kinds[k], strlen (kinds[k])) == 0 &&
            memcmp (name + strlen (kinds[k]), "-----", 5) == 0)
          kind = kinds[k];
      p = name;
      if (kind == NULL)
        continue;

      /* Decodes the first block of that kind from here: this one */
      ret = gnutls_pem_base64_decode2 (kind, &block, &der);
      if (ret < 0)
        {
          cv_verifier_set_malformed (error, display, ret);
          return NULL;
        }
      if (g_str_equal (kind, "PKCS7"))
        {
          int found = cv_verifier_pkcs7_certificates (ders, &der, GNUTLS_X509_FMT_DER,
                                                      display, error);

          gnutls_free (der.data);
          if (found == 0)
            g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                         _("The file “%s” contains a malformed PKCS #7 bundle."), display);
          if (found <= 0)
            return NULL;
          continue;
        }
      if (g_str_equal (kind, "TRUSTED CERTIFICATE"))
        {
          CvDer rest = { der.data, der.size };
          unsigned char cls = 0;
          unsigned long tag = 0;
          CvDer contents;

          if (!cv_der_next (&rest, &cls, &tag, &contents))
            {
              gnutls_free (der.data);
              cv_verifier_set_malformed (error, display, GNUTLS_E_ASN1_DER_ERROR);
              return NULL;
            }
          der.size = (unsigned int) (rest.p - der.data);
        }
      g_ptr_array_add (ders, g_bytes_new (der.data, der.size));
      gnutls_free (der.data);
    }
  return g_steal_pointer (&ders);
}


/* The label of the first PEM block of @data ("RSA PRIVATE KEY"), or NULL: a line
 * "-----BEGIN LABEL-----" whose label is what PEM labels are made of (RFC 7468),
 * so that text that merely mentions one names nothing, and nothing but those
 * characters is ever quoted */
static char *
first_pem_label (const char *data,
                 gsize       size)
{
  static const char begin[] = "-----BEGIN ";
  const char *end = data + size;

  for (const char *at = data; at < end; at++)
    {
      const char *label;
      gsize len;

      at = g_strstr_len (at, end - at, begin);
      if (at == NULL)
        return NULL;
      if (at != data && at[-1] != '\n')
        continue;

      label = at + strlen (begin);
      len = strspn (label, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 #");
      if (len > 0 && len <= 64 && label + len + 5 <= end &&
          strncmp (label + len, "-----", 5) == 0 &&
          (label + len + 5 == end || label[len + 5] == '\n' || label[len + 5] == '\r'))
        return g_strndup (label, len);
    }
  return NULL;
}

/* What a text file that holds no certificate holds instead, when it is one of
 * the PEM files people take for the certificate: a key, a request. Sets @error
 * and returns TRUE when it has a PEM block of another kind. */
gboolean
cv_verifier_name_other_pem (const char  *data,
                            gsize        size,
                            const char  *display,
                            GError     **error)
{
  g_autofree char *kind = first_pem_label (data, size);

  if (kind == NULL)
    return FALSE;

  if (strstr (kind, "PRIVATE KEY") != NULL)
    g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                 _("The file “%s” holds a private key, not a certificate. Give the "
                   "certificate file instead: its text begins with “-----BEGIN "
                   "CERTIFICATE-----”."), display);
  else if (strstr (kind, "CERTIFICATE REQUEST") != NULL)
    g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                 _("The file “%s” holds a certificate request, not a certificate. "
                   "Give the certificate that was issued for it."), display);
  else if (strstr (kind, "PUBLIC KEY") != NULL)
    g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                 _("The file “%s” holds a public key, not a certificate. Give the "
                   "certificate file instead: its text begins with “-----BEGIN "
                   "CERTIFICATE-----”."), display);
  else
    g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                 /* TRANSLATORS: the second %s is a PEM label, as "X509 CRL" */
                 _("The file “%s” holds a PEM block of the kind “%s”, not a "
                   "certificate. Give a file whose text begins with “-----BEGIN "
                   "CERTIFICATE-----”."), display, kind);
  return TRUE;
}

/* Sets @error and returns TRUE when @data, which starts as DER does, is a
 * PKCS #12 bundle: a certificate never reads as one */
gboolean
cv_verifier_name_pkcs12 (const char  *data,
                         gsize        size,
                         const char  *display,
                         GError     **error)
{
  g_auto(gnutls_pkcs12_t) pkcs12 = NULL;
  gnutls_datum_t datum = { (unsigned char *) data, (unsigned int) size };
  g_autofree char *argument = NULL;

  if (gnutls_pkcs12_init (&pkcs12) != 0 ||
      gnutls_pkcs12_import (pkcs12, &datum, GNUTLS_X509_FMT_DER, 0) != 0)
    return FALSE;

  /* The file's own name in the command where it names a file (not standard
   * input, nor a name whose bytes could not be shown), quoted for the shell
   * where it needs to be */
  if (g_file_test (display, G_FILE_TEST_IS_REGULAR))
    argument = cv_format_shell_word (display);
  else
    argument = g_strdup ("bundle.p12");

  g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
               /* TRANSLATORS: the second %s is the file again, in a command */
               _("The file “%s” is a PKCS #12 bundle, which Certview does not read. "
                 "Take its certificates out, for example with “openssl pkcs12 -in "
                 "%s -nokeys -out certificates.pem”, and give that file."),
               display, argument);
  return TRUE;
}
