/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-cert-factory.h"

G_BEGIN_DECLS

/*
 * Revocation on loopback: leaves with an OCSP responder, a CRL or must-staple,
 * OCSP responses made by the openssl program from an index.txt, openssl s_server
 * stapling them, openssl's own OCSP responder, and an HTTP server in this process
 * for CRLs, canned responses and hostile answers. Every process is started here
 * and ended here, by its PID, within bounded waits.
 */

/* A directory with the factory's CAs written out, where leaves and responses go */
typedef struct
{
  CvCertFactory *factory;
  char          *dir;
  char          *ca_file;          /* the root: what --ca-file takes */
  char          *issuer_file;      /* the intermediate, which issues the leaves */
  char          *issuer_key_file;
  char          *impostor_file;    /* the intermediate's name on another key */
  char          *impostor_key_file;
  char          *index_file;       /* openssl's index.txt of the leaves' status */
  GString       *index;
  guint          n_files;
} CvTestPki;

/* One leaf for "localhost", issued by the factory's intermediate */
typedef struct
{
  char *serial;      /* upper-case hex, as in index.txt */
  char *cert_file;   /* the leaf alone */
  char *chain_file;  /* the leaf and the intermediate */
  char *key_file;
} CvTestLeaf;

/* What a leaf carries; NULL / FALSE: nothing */
typedef struct
{
  const char *ocsp_url;
  const char *crl_url;
  gboolean    must_staple;
} CvTestLeafOptions;

typedef enum
{
  CV_TEST_OCSP_SIGNER_ISSUER,    /* the intermediate itself: a genuine response */
  CV_TEST_OCSP_SIGNER_IMPOSTOR,  /* the intermediate's name, another key */
  CV_TEST_OCSP_SIGNER_DELEGATED, /* a responder the intermediate appointed, its
                                  * certificate in the response */
  CV_TEST_OCSP_SIGNER_DELEGATED_UNSENT, /* the same, its certificate left out */
} CvTestOcspSigner;

void        cv_test_pki_init       (CvTestPki               *self,
                                    CvCertFactory           *factory);
void        cv_test_pki_clear      (CvTestPki               *self);
/* Issues a leaf with @options (NULL: none); the leaf is in no index yet */
CvTestLeaf *cv_test_pki_issue      (CvTestPki               *self,
                                    const CvTestLeafOptions *options);
/* Adds @leaf to index.txt as valid, or as revoked for key compromise a day ago */
void        cv_test_pki_index      (CvTestPki               *self,
                                    CvTestLeaf              *leaf,
                                    gboolean                 revoked);
/* The same, revoked a day ago for @reason (openssl's name of a CRLReason) */
void        cv_test_pki_index_reason (CvTestPki             *self,
                                      CvTestLeaf            *leaf,
                                      const char            *reason);
/*
 * An OCSP response (DER) for @leaf, as `openssl ocsp` makes it from index.txt:
 * good, revoked or (not in the index) unknown, signed by @signer, valid a day.
 * Fails the test when openssl does.
 */
GBytes     *cv_test_pki_ocsp_response (CvTestPki        *self,
                                       CvTestLeaf       *leaf,
                                       CvTestOcspSigner  signer);
/* The same with a nextUpdate a day on (@next_update) or with none */
GBytes     *cv_test_pki_ocsp_response_full (CvTestPki        *self,
                                            CvTestLeaf       *leaf,
                                            CvTestOcspSigner  signer,
                                            gboolean          next_update);
/* Made for a request that sent a nonce, which the answer echoes: any other
 * request's nonce differs from it */
GBytes     *cv_test_pki_ocsp_response_with_nonce (CvTestPki  *self,
                                                  CvTestLeaf *leaf);
/* One response, signed by the issuer, with an answer for @first, then one for
 * @second, as `openssl ocsp` makes it for a request about both */
GBytes     *cv_test_pki_ocsp_response_pair (CvTestPki  *self,
                                            CvTestLeaf *first,
                                            CvTestLeaf *second);
/* A self-signed certificate (PEM file) that has nothing to do with the PKI */
char       *cv_test_pki_stranger   (CvTestPki               *self);
/* A CA certificate (PEM file) the intermediate issued, serial 5CA1AB1E */
char       *cv_test_pki_sub_ca     (CvTestPki               *self);
/*
 * A CRL (DER) of the intermediate, as `openssl ca -gencrl` makes it from
 * index.txt (so it lists the leaves indexed as revoked), valid a day, with
 * @extensions: lines of an openssl extension section, or NULL for none
 */
GBytes     *cv_test_pki_crl        (CvTestPki               *self,
                                    const char              *extensions);
/*
 * A leaf for "localhost" one level further down, with @leaf_options' OCSP
 * responder and CRL: issued by a CA of its own, which the intermediate issued
 * with @ca_options' (NULL: none; must_staple is not used in either). @sub_ca
 * gets that CA: its serial, certificate and key, and as chain_file what a server
 * sends after the leaf (the CA, then the intermediate). Neither is in the index
 * yet.
 */
CvTestLeaf *cv_test_pki_issue_below (CvTestPki               *self,
                                     const CvTestLeafOptions *ca_options,
                                     const CvTestLeafOptions *leaf_options,
                                     CvTestLeaf             **sub_ca);
/* Writes @contents to a new file in the directory and returns its path */
char       *cv_test_pki_write      (CvTestPki               *self,
                                    const char              *name,
                                    GBytes                  *contents);
void        cv_test_leaf_free      (CvTestLeaf              *leaf);

/* openssl s_server serving a leaf, with a stapled response or none */
typedef struct
{
  GSubprocess *process;
  char        *log_file;
  guint16      port;
} CvTestTlsServer;

typedef enum
{
  CV_TEST_TLS_1_2,
  CV_TEST_TLS_1_3,
} CvTestTlsVersion;

/* Starts it on 127.0.0.1 and waits until it accepts; @status_file: the DER of
 * the response to staple, or NULL for none. Fails the test when it cannot start. */
void        cv_test_tls_server_start (CvTestTlsServer  *self,
                                      CvTestPki        *pki,
                                      CvTestLeaf       *leaf,
                                      const char       *status_file,
                                      CvTestTlsVersion  version);
/* The same, sending @chain_file (PEM, in its order) after the leaf rather than
 * the intermediate (NULL: the intermediate) */
void        cv_test_tls_server_start_chain (CvTestTlsServer  *self,
                                            CvTestPki        *pki,
                                            CvTestLeaf       *leaf,
                                            const char       *status_file,
                                            CvTestTlsVersion  version,
                                            const char       *chain_file);
/* "tls://localhost:PORT" */
char       *cv_test_tls_server_url   (CvTestTlsServer  *self);
void        cv_test_tls_server_stop  (CvTestTlsServer  *self);

/* openssl's own OCSP responder over the index as it is when started */
typedef struct
{
  GSubprocess *process;
  char        *log_file;
  guint16      port;
} CvTestResponder;

/* @port: from cv_test_free_port(), and in the leaves' URL already */
void        cv_test_responder_start  (CvTestResponder  *self,
                                      CvTestPki        *pki,
                                      guint16           port);
void        cv_test_responder_stop   (CvTestResponder  *self);

/* What the in-process HTTP server does with every request */
typedef enum
{
  CV_TEST_HTTP_SERVE,          /* 200 with the body set, whatever the path or method */
  CV_TEST_HTTP_HANG,           /* reads the request, never answers */
  CV_TEST_HTTP_ERROR,          /* 500 */
  CV_TEST_HTTP_HTML,           /* 200, text/html: a captive portal */
  CV_TEST_HTTP_REDIRECT_LOOP,  /* 302 to itself, for ever */
  CV_TEST_HTTP_REDIRECT_POST,  /* 302 to /moved, which serves the body to a POST with a
                                  request body only (400 to anything else) */
  CV_TEST_HTTP_GZIP,           /* 200, the body gzip-compressed, unasked */
  CV_TEST_HTTP_HUGE,           /* 200, 100 MB streamed in chunks, no length given */
  CV_TEST_HTTP_HUGE_DECLARED,  /* 200, 100 MB streamed with its Content-Length */
  CV_TEST_HTTP_GARBAGE,        /* 200 with the body's content type, random bytes */
  CV_TEST_HTTP_DRIP,           /* 200, then a byte every 200 ms for a minute: never idle
                                * long, never done */
} CvTestHttpMode;

#define CV_TEST_HTTP_HUGE_SIZE (100 * 1024 * 1024)

typedef struct _CvTestHttp CvTestHttp;

/* Serves on 127.0.0.1 from a thread of its own, so that a blocking caller (a
 * certview run, cv_inspect()) is answered */
CvTestHttp *cv_test_http_start        (void);
void        cv_test_http_set_mode     (CvTestHttp      *self,
                                       CvTestHttpMode   mode);
void        cv_test_http_set_body     (CvTestHttp      *self,
                                       GBytes          *body,
                                       const char      *content_type);
/* Serves the factory intermediate's CRL of @serials (NULL-terminated), valid
 * from an hour ago for a day */
void        cv_test_http_serve_crl    (CvTestHttp         *self,
                                       CvCertFactory      *factory,
                                       const char * const *serials);
/* "http://127.0.0.1:PORT@path" */
char       *cv_test_http_url          (CvTestHttp      *self,
                                       const char      *path);
/* Requests so far (each redirection counts) */
guint       cv_test_http_get_requests (CvTestHttp      *self);
/* Bytes of the huge body written so far */
guint64     cv_test_http_get_bytes_sent (CvTestHttp    *self);
void        cv_test_http_stop         (CvTestHttp      *self);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvTestPki, cv_test_pki_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvTestLeaf, cv_test_leaf_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvTestTlsServer, cv_test_tls_server_stop)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvTestResponder, cv_test_responder_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvTestHttp, cv_test_http_stop)

G_END_DECLS
