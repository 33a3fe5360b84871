/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-anchor-index-private.h"
#include "cv-verifier.h"

#include <gnutls/x509.h>

G_BEGIN_DECLS

/* Chains are verified at GnuTLS's default profile, as gnutls-cli and certtool
 * verify them: a key below its "low" level (80 bits of security: RSA and DSA
 * under 1024 bits, elliptic curves under 160) is an insecure algorithm */
#define CV_VERIFY_MIN_SEC_PARAM GNUTLS_SEC_PARAM_LOW
#define CV_VERIFY_FLAGS GNUTLS_PROFILE_TO_VFLAGS (GNUTLS_PROFILE_LOW)

/* A list of certificates as gnutls_x509_crt_list_import2() hands them out */
typedef struct
{
  gnutls_x509_crt_t *crts;
  unsigned int       n_crts;
} CvCrtList;

static inline void
cv_crt_list_clear (CvCrtList *list)
{
  for (unsigned int i = 0; i < list->n_crts; i++)
    gnutls_x509_crt_deinit (list->crts[i]);
  g_clear_pointer (&list->crts, gnutls_free);
  list->n_crts = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvCrtList, cv_crt_list_clear)

/* @path as people read it: "standard input" for what `certview -` reads */
char          *cv_verifier_file_display_name (const char *path);

/* The whole of a local file of at most 10 MiB, or NULL with an error for people */
gboolean       cv_verifier_read_file     (const char         *path,
                                          GBytes            **contents,
                                          GError            **error);

/* The certificates of a certificate file's @contents (PEM, DER, or a PKCS #7
 * bundle of either, put in chain order), as DER; @path names it in errors */
GPtrArray     *cv_verifier_parse_file    (const char         *path,
                                          GBytes             *contents,
                                          GError            **error);

/* The parts of a certificate file (cv-verifier-file-contents.c) */

/* @error for a certificate of the file @display that GnuTLS cannot read (@ret) */
void           cv_verifier_set_malformed (GError            **error,
                                          const char         *display,
                                          int                 ret);
/* @error for a file of @n certificates, more than CV_PROBE_MAX_CHAIN */
void           cv_verifier_set_too_many  (GError            **error,
                                          const char         *display,
                                          guint               n);
/* The certificates of a DER file that holds several one after another, each as
 * DER; NULL with nothing set for a file that does not begin with a certificate,
 * or holds one alone, and NULL with @error for one that has too many, or
 * something else after them */
GPtrArray     *cv_verifier_split_der     (const char         *data,
                                          gsize               size,
                                          const char         *display,
                                          GError            **error);
/* The certificates of @datum as a PKCS #7 bundle, added to @ders as DER: 1 when
 * it is one, 0 when it is not (nothing added), -1 with @error set when it is one
 * that holds no certificate, too many, or one that cannot be read */
int            cv_verifier_pkcs7_certificates (GPtrArray            *ders,
                                               const gnutls_datum_t *datum,
                                               gnutls_x509_crt_fmt_t format,
                                               const char           *display,
                                               GError              **error);
/* The certificates of a PEM file block by block, as DER in the file's order,
 * the certificates of its PKCS #7 and trusted-certificate blocks included */
GPtrArray     *cv_verifier_pem_certificates (const char   *data,
                                             gsize         size,
                                             const char   *display,
                                             GError      **error);
/* Set @error and return TRUE when a file that holds no certificate holds
 * another PEM block (a key, a request) or is a PKCS #12 bundle */
gboolean       cv_verifier_name_other_pem (const char    *data,
                                           gsize          size,
                                           const char    *display,
                                           GError       **error);
gboolean       cv_verifier_name_pkcs12   (const char         *data,
                                          gsize               size,
                                          const char         *display,
                                          GError            **error);

/* cv_verifier_read_file() of the CA file, kept while stat() shows it unchanged */
gboolean       cv_verifier_read_ca_file  (const char         *path,
                                          GBytes            **contents,
                                          GError            **error);

/* The certificates of the CA file that are not self-issued (DER): authorities
 * trusted as anchors, which one above them could revoke; worked out once for the
 * file's contents. NULL when there are none or the file cannot be read. */
GPtrArray     *cv_verifier_ca_file_authorities (const char  *path);

/* cv_verifier_verify() of a chain already parsed (server certificate first) */
gboolean       cv_verifier_verify_parsed (gnutls_x509_crt_t  *crts,
                                          unsigned int        n_crts,
                                          const char         *hostname,
                                          const char         *ca_file,
                                          guint              *status,
                                          GError            **error);
/* The trust anchor (the system's or @ca_file's) that the chain @crts, verified
 * with @status, reached, as DER, when the chain does not hold it; else NULL.
 * Asked when a report's model is built, not by the verification: only what is
 * shown needs it */
GBytes        *cv_verifier_find_anchor   (gnutls_x509_crt_t  *crts,
                                          unsigned int        n_crts,
                                          const char         *ca_file,
                                          guint               status);
/* The same from @list, which the caller holds unchanged (cv-verifier-anchor.c);
 * @verified: the verification found nothing wrong */
GBytes        *cv_verifier_unsent_anchor (gnutls_x509_trust_list_t  list,
                                          gnutls_x509_crt_t        *crts,
                                          unsigned int              n_crts,
                                          gboolean                  verified);

/* Whether @issuer's key signed @crt: the signature alone, whatever the dates,
 * the algorithms or the issuer's constraints */
gboolean       cv_verifier_signed_by     (gnutls_x509_crt_t   crt,
                                          gnutls_x509_crt_t   issuer);

/* The path from crts[0] through @crts as GnuTLS orders a chain for verification:
 * each next certificate the first not yet on the path that issued the one before.
 * @path (room for @n_crts) gets their positions, crts[0]'s first; returns how many.
 * Entries of @crts may be NULL (unreadable): they are on no path */
guint          cv_verifier_chain_path    (gnutls_x509_crt_t  *crts,
                                          unsigned int        n_crts,
                                          guint              *path);
/* The same from crts[@start], among the certificates not yet @used (room for
 * @n_crts), which it marks used as it goes; crts[@start] must be readable */
guint          cv_verifier_follow_issuers (gnutls_x509_crt_t *crts,
                                           unsigned int       n_crts,
                                           gboolean          *used,
                                           guint              start,
                                           guint             *path);

/* Where the issuer of crts[0] is in @crts: the certificate GnuTLS puts above it
 * when it orders the chain for verification, wherever the server sent it, so that
 * an unrelated certificate sent second is passed over; -1 when the chain holds
 * none */
int            cv_verifier_chain_issuer  (gnutls_x509_crt_t  *crts,
                                          unsigned int        n_crts);

/* The issuer in the verified path of @chain's first certificate (@crts: @chain
 * parsed): from the chain as cv_verifier_chain_issuer() finds it, else among the
 * trust anchors, the system's and @ca_file's. NULL when neither holds it. */
GBytes        *cv_verifier_find_path_issuer (GPtrArray         *chain,
                                             gnutls_x509_crt_t *crts,
                                             const char        *ca_file);

/* Builds now, on this thread, what a verification against @ca_file needs first
 * (the index of the system's anchors, the CA file's anchors), unless another
 * thread is at it: for a probe to call while it waits for the server */
void           cv_verifier_prepare       (const char         *ca_file);

/* TRUE (the default): the system's anchors come through their index, as a chain
 * needs them; FALSE: they are loaded whole. Either way the anchors kept so far are
 * dropped. */
void           cv_verifier_set_use_index (gboolean use_index);

/* The index in use (built now if need be), or NULL when the anchors are loaded
 * whole; valid until the next verification or cv_verifier_set_use_index() */
CvAnchorIndex *cv_verifier_get_index     (void);

G_END_DECLS
