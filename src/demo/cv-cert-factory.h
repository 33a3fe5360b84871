/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * CvCertProblem:
 * @CV_CERT_PROBLEM_NONE: a good leaf, issued by the factory's intermediate CA,
 *   served with the intermediate
 * @CV_CERT_PROBLEM_EXPIRED: the leaf expired (not after is in the past)
 * @CV_CERT_PROBLEM_NOT_YET_VALID: the leaf's not before is in the future
 * @CV_CERT_PROBLEM_WRONG_HOST: the leaf names wrong.host.example only
 * @CV_CERT_PROBLEM_SELF_SIGNED: the leaf is self-signed, no chain
 * @CV_CERT_PROBLEM_UNTRUSTED_ROOT: the chain leads to a root that is not the factory's CA
 * @CV_CERT_PROBLEM_INCOMPLETE_CHAIN: the leaf is served without its intermediate
 * @CV_CERT_PROBLEM_SHA1: the leaf is signed with SHA-1
 * @CV_CERT_PROBLEM_WEAK_KEY: the leaf is issued by one more intermediate CA, whose
 *   key is RSA of 512 bits
 *
 * Flags, so that problems combine (expired and wrong host, self-signed and expired).
 */
typedef enum
{
  CV_CERT_PROBLEM_NONE             = 0,
  CV_CERT_PROBLEM_EXPIRED          = 1 << 0,
  CV_CERT_PROBLEM_NOT_YET_VALID    = 1 << 1,
  CV_CERT_PROBLEM_WRONG_HOST       = 1 << 2,
  CV_CERT_PROBLEM_SELF_SIGNED      = 1 << 3,
  CV_CERT_PROBLEM_UNTRUSTED_ROOT   = 1 << 4,
  CV_CERT_PROBLEM_INCOMPLETE_CHAIN = 1 << 5,
  CV_CERT_PROBLEM_SHA1             = 1 << 6,
  CV_CERT_PROBLEM_WEAK_KEY         = 1 << 7,
} CvCertProblem;

/* The name of the intermediate CA with the weak key */
#define CV_CERT_WEAK_CA_NAME "Certview Test Weak CA"

#define CV_CERT_WRONG_HOST_NAME "wrong.host.example"

#define CV_TYPE_CERT_FACTORY (cv_cert_factory_get_type ())

G_DECLARE_FINAL_TYPE (CvCertFactory, cv_cert_factory, CV, CERT_FACTORY, GObject)

/* Makes a root CA and an intermediate CA, with fresh keys (ECDSA P-256). */
CvCertFactory *cv_cert_factory_new        (GError        **error);
/* The root CA, PEM: what --ca-file takes to trust the factory's chains */
const char    *cv_cert_factory_get_ca_pem (CvCertFactory  *self);

/*
 * Issues a server certificate for @hostname with @problems. @chain_pem gets the
 * certificates a server should send (leaf first), @key_pem the leaf's private key.
 * A good leaf names @hostname, and also localhost, 127.0.0.1 and ::1 when
 * @hostname is one of them. @extra_chain adds that many further intermediate CAs
 * between the leaf and the factory's intermediate (long-chain tests); 0 for none.
 */
gboolean       cv_cert_factory_issue      (CvCertFactory  *self,
                                           const char     *hostname,
                                           CvCertProblem   problems,
                                           guint           extra_chain,
                                           char          **chain_pem,
                                           char          **key_pem,
                                           GError        **error);

/* TRUE: every leaf issued from now on has the same key (that of the next one
 * issued), as a renewal does; FALSE: a fresh key each time (the default) */
void           cv_cert_factory_set_reuse_leaf_key (CvCertFactory *self,
                                                   gboolean       reuse);

/* Leaves issued from now on (but expired or not yet valid ones) are valid for
 * @days from now; 0 for a year (the default) */
void           cv_cert_factory_set_leaf_days (CvCertFactory *self,
                                              guint          days);

/*
 * Revocation data that every leaf issued from now on carries (a good leaf, and
 * one with problems alike); NULL or FALSE (the default) leaves it out again.
 * @url: the OCSP responder, in the Authority Information Access extension
 */
void           cv_cert_factory_set_ocsp_url    (CvCertFactory *self,
                                                const char    *url);
/* @url: the CRL, in the CRL Distribution Points extension; several, separated by
 * spaces, each a distribution point of its own */
void           cv_cert_factory_set_crl_url     (CvCertFactory *self,
                                                const char    *url);
/* TRUE: the leaf demands a stapled OCSP response (TLS feature status_request) */
void           cv_cert_factory_set_must_staple (CvCertFactory *self,
                                                gboolean       must_staple);

/* The intermediate CA, which issues the leaves and so signs their OCSP responses
 * and CRLs: its certificate and its private key, PEM */
const char    *cv_cert_factory_get_intermediate_pem     (CvCertFactory *self);
const char    *cv_cert_factory_get_intermediate_key_pem (CvCertFactory *self);
/*
 * An impostor of the intermediate: a self-signed CA with the intermediate's
 * very name and another key, for answers signed by the wrong key. Made on first
 * use, the same one afterwards.
 */
gboolean       cv_cert_factory_get_impostor     (CvCertFactory  *self,
                                                 char          **cert_pem,
                                                 char          **key_pem,
                                                 GError        **error);
/* The serial number of the leaf issued last, upper-case hex with no separators
 * ("4F1A…", as an OpenSSL index.txt has it), or NULL before the first */
const char    *cv_cert_factory_get_last_serial  (CvCertFactory  *self);

typedef enum
{
  CV_CRL_SIGNER_INTERMEDIATE,  /* the leaves' issuer: a genuine CRL */
  CV_CRL_SIGNER_IMPOSTOR,      /* the issuer's name, its key identifier, another key */
  CV_CRL_SIGNER_RENAMED,       /* the issuer's key, its name written as UTF8Strings */
  CV_CRL_SIGNER_RENAMED_IMPOSTOR, /* the same name, written so, on another key */
} CvCrlSigner;

/*
 * A CRL (DER) of the intermediate CA that lists @serials (upper- or lower-case
 * hex, as cv_cert_factory_get_last_serial() gives them; NULL-terminated, may be
 * empty) as revoked an hour before @this_update, with no reason code (GnuTLS
 * writes none). @this_update and @next_update are Unix seconds.
 */
GBytes        *cv_cert_factory_make_crl         (CvCertFactory       *self,
                                                 const char * const  *serials,
                                                 gint64               this_update,
                                                 gint64               next_update,
                                                 CvCrlSigner          signer,
                                                 GError             **error);

G_END_DECLS
