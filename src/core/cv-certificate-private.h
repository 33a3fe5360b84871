/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cv-certificate.h"

G_BEGIN_DECLS

/* Reading a parsed certificate's fields as text, for cv-certificate.c:
 * cv-certificate-fields.c. Every text is sanitized (cv_sanitize_text()). */

static inline void
cv_certificate_datum_clear (gnutls_datum_t *datum)
{
  g_clear_pointer (&datum->data, gnutls_free);
  datum->size = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (gnutls_datum_t, cv_certificate_datum_clear)

/* Pure: the text of a DN attribute's value of ASN.1 string type @tag (UTF8String,
 * BMPString, …), a NUL as U+FFFD; NULL for a type that holds no text. Not
 * sanitized. */
char     *cv_certificate_dn_value_text            (unsigned long       tag,
                                                   const guint8       *data,
                                                   gsize               size);

/* The attribute values of the subject (or with @issuer the issuer's), in order,
 * two items each: the OID, then the text */
GPtrArray *cv_certificate_read_dn_values          (gnutls_x509_crt_t   crt,
                                                   gboolean            issuer);
/* The values of @oid among @values, one per line, or with @first the first that
 * is not empty; NULL when there is none */
char     *cv_certificate_dn_part                  (GPtrArray          *values,
                                                   const char         *oid,
                                                   gboolean            first);
/* The whole subject DN, or with @issuer the issuer's */
char     *cv_certificate_read_dn                  (gnutls_x509_crt_t   crt,
                                                   gboolean            issuer);
/* Subject and issuer are the same name, byte for byte */
gboolean  cv_certificate_read_self_issued         (gnutls_x509_crt_t   crt);
/* Whether @issuer issued @crt, as gnutls_x509_crt_check_issuer() judges it (the
 * names, then the key identifiers), without its costly comparison of the names as
 * text where their attributes already differ */
gboolean  cv_certificate_issued_by                (gnutls_x509_crt_t   crt,
                                                   gnutls_x509_crt_t   issuer);
/* DNS names and IP addresses go to @names, e-mail addresses to @emails, URIs to
 * @uris */
void      cv_certificate_read_subject_alt_names   (gnutls_x509_crt_t   crt,
                                                   GPtrArray          *names,
                                                   GPtrArray          *emails,
                                                   GPtrArray          *uris);
/* "sha256//BASE64" of the SubjectPublicKeyInfo, or NULL */
char     *cv_certificate_read_public_key_pin      (gnutls_x509_crt_t   crt);
/* The key's algorithm; @size gets its size ("256 bits", or "Unknown") */
char     *cv_certificate_describe_public_key      (gnutls_x509_crt_t   crt,
                                                   char              **size);
/* GnuTLS's name of the signature algorithm, or its OID */
char     *cv_certificate_describe_signature       (gnutls_x509_crt_t   crt);
/* The extensions Certview shows, as fields of @section */
void      cv_certificate_add_extensions           (CvSection          *section,
                                                   gnutls_x509_crt_t   crt);
/* The URIs of @crt's CRL distribution points, as they are written (GBytes
 * each: nothing guarantees they are text) */
GPtrArray *cv_certificate_read_crl_uris           (gnutls_x509_crt_t   crt);
/* The URIs of @crt's Authority Information Access for @what
 * (GNUTLS_IA_OCSP_URI or GNUTLS_IA_CAISSUERS_URI), as they are written */
GPtrArray *cv_certificate_read_access_uris        (gnutls_x509_crt_t   crt,
                                                   int                 what);
/* @strings joined by ", " */
char     *cv_certificate_join_strings             (GPtrArray          *strings);
/* @der parsed, or NULL when it is NULL or malformed */
gnutls_x509_crt_t cv_certificate_import_der       (GBytes             *der);

/* Adds @section after the certificate's own: what a report learnt of it */
void      cv_certificate_add_section              (CvCertificate      *self,
                                                   CvSection          *section);

/* Making the model of a certificate parsed elsewhere: cv-certificate.c */

#define CV_CERTIFICATE_SHA256_SIZE 32
#define CV_CERTIFICATE_SHA1_SIZE 20

/* @der checked (not empty, at most 64 KiB) and parsed, or NULL with the error
 * cv_certificate_new_from_der() gives */
gnutls_x509_crt_t cv_certificate_parse_der        (GBytes             *der,
                                                   GError            **error);
/* The SHA-256 and SHA-1 digests of @der, into @sha256 and @sha1 */
gboolean  cv_certificate_digest_der               (GBytes             *der,
                                                   guint8             *sha256,
                                                   guint8             *sha1,
                                                   GError            **error);
/* The model of @der, which @crt holds parsed (the caller keeps @crt), with its
 * digests from cv_certificate_digest_der() */
CvCertificate *cv_certificate_new_parsed          (GBytes             *der,
                                                   gnutls_x509_crt_t   crt,
                                                   const guint8       *sha256,
                                                   const guint8       *sha1);

/*
 * A chain as received (GBytes of DER, server certificate first), checked and
 * parsed once: the verification, the revocation check and the model all read
 * these gnutls_x509_crt_t rather than parse the chain each on its own.
 */
typedef struct
{
  GPtrArray         *der;
  gnutls_x509_crt_t *crts;
  guint              n_crts;
  guint8            *sha256;
  guint8            *sha1;
} CvParsedChain;

/* @chain parsed, or NULL with the error a report of it gives (empty, too long,
 * "Certificate N of the chain: …"); keeps references to @chain's bytes */
CvParsedChain *cv_parsed_chain_new                (GPtrArray          *chain,
                                                   GError            **error);
void           cv_parsed_chain_free               (CvParsedChain      *self);
/* The model of the certificate at @position */
CvCertificate *cv_parsed_chain_new_certificate    (CvParsedChain      *self,
                                                   guint               position);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvParsedChain, cv_parsed_chain_free)

G_END_DECLS
