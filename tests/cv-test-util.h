/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gnutls/x509.h>
#include <json-glib/json-glib.h>
#include <sys/resource.h>

#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-certificate.h"
#include "cv-trust-entry.h"

G_BEGIN_DECLS

/* What one run of the certview program did */
typedef struct
{
  int   status;       /* exit code, or -1 when killed by a signal */
  char *out;
  char *err;
  gint64 elapsed_us;
} CvTestRun;

void        cv_test_run_clear     (CvTestRun    *run);
/* Runs the built certview (the CERTVIEW environment variable names it) with @argv,
 * NULL-terminated, and waits at most 60 s. */
void        cv_test_run_certview  (CvTestRun    *run,
                                   const char   *first_arg,
                                   ...) G_GNUC_NULL_TERMINATED;
/* The same, in the folder @cwd */
void        cv_test_run_certview_in (CvTestRun    *run,
                                     const char   *cwd,
                                     const char   *first_arg,
                                     ...) G_GNUC_NULL_TERMINATED;
/* The same, with the arguments in @argv (NULL-terminated), also returning the
 * process's resource usage from wait4(): ru_maxrss is its peak RSS in KiB. */
void        cv_test_run_certview_rusage (CvTestRun          *run,
                                         struct rusage      *usage,
                                         const char * const *argv);
/* Parses --json output; fails the test when it is not an object */
JsonObject *cv_test_parse_json    (JsonParser   *parser,
                                   const char   *text);
/* "issued-by,validity": the ids of certificates[0]'s sections that have an invalid
 * field, sorted; asserts that the invalid field is the section's first one */
char       *cv_test_marked_sections (JsonObject *root);
/* A port on 127.0.0.1 that nothing listens on right now */
guint16     cv_test_free_port     (void);
/* One part of a test certificate's subject (@oid set), or one of its alternative
 * names (@oid NULL, @san_type a GNUTLS_SAN_*) */
typedef struct
{
  const char *oid;
  unsigned    san_type;
  const char *value;
} CvTestName;

/* A new ECDSA P-256 key, for the certificates a test makes itself */
gnutls_x509_privkey_t cv_test_new_key (void);
/* A self-signed certificate (ECDSA P-256, valid from a minute ago for an hour)
 * named with @names, as DER */
GBytes     *cv_test_named_certificate (const CvTestName *names,
                                       guint             n_names);
/* Writes @contents to @dir/@name and returns the path */
char       *cv_test_write_file    (const char   *dir,
                                   const char   *name,
                                   const char   *contents);
/* @der as OpenSSL's "TRUSTED CERTIFICATE" PEM (openssl x509 -trustout): the
 * certificate, then the trust settings OpenSSL keeps with it (here serverAuth) */
char       *cv_test_trusted_pem   (GBytes       *der);
/* The whole of the file at @path; fails the test when it cannot be read */
char       *cv_test_read_file     (const char   *path);

/* The certificates of @pem as GBytes of DER, in order */
GPtrArray  *cv_test_chain_from_pem (const char *pem);
/* "Always trust" for @host:@port and @leaf's certificate, made and last seen at
 * @created, as the prompt saves it when the user accepts a certificate from an
 * authority this machine does not know */
CvTrustEntry *cv_test_trusted_entry (const char    *host,
                                     guint16        port,
                                     CvCertificate *leaf,
                                     gint64         created);
/* @ders (GBytes of DER) as a PKCS #7 bundle (.p7b) in @format, in their order */
GBytes     *cv_test_pkcs7_bundle   (GPtrArray             *ders,
                                    gnutls_x509_crt_fmt_t  format);
/* The built-in server on 127.0.0.1, serving a certificate for "localhost" from
 * @factory with @problems and behaving as @behaviour; fails the test when it
 * cannot start */
CvDemoServer *cv_test_start_demo_server (CvCertFactory   *factory,
                                         CvProtocol       protocol,
                                         CvDemoBehaviour  behaviour,
                                         CvCertProblem    problems);
/* A certificate for "localhost" from a factory: its chain (leaf first) and key,
 * PEM, and its leaf */
typedef struct
{
  char          *chain_pem;
  char          *key_pem;
  CvCertificate *leaf;
} CvTestIssued;

void          cv_test_issued_clear (CvTestIssued    *issued);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvTestIssued, cv_test_issued_clear)
/* Issues @issued from @factory with @problems; fails the test when it cannot */
void          cv_test_issue        (CvCertFactory   *factory,
                                    CvCertProblem    problems,
                                    CvTestIssued    *issued);
/* The built-in server on 127.0.0.1, explicit FTPS, serving @issued and behaving as
 * @behaviour; fails the test when it cannot start */
CvDemoServer *cv_test_serve_issued (const CvTestIssued *issued,
                                    CvDemoBehaviour     behaviour);
/* Removes @path and everything below it */
void        cv_test_remove_tree   (const char   *path);

/* A chain for @hostname with @problems from @factory, PEM, leaf first; fails the
 * test when it cannot be issued */
char       *cv_test_issue_chain_pem (CvCertFactory *factory,
                                     const char    *hostname,
                                     CvCertProblem  problems);
/* The leaf of such a chain, DER */
GBytes     *cv_test_issue_leaf      (CvCertFactory *factory,
                                     const char    *hostname,
                                     CvCertProblem  problems);

/* A SHA-256 fingerprint in the form Certview writes, made from a few hex digits
 * ("AA:BB" gives "aa:bb:00:…:00"), for decisions that name no real certificate */
char       *cv_test_fingerprint     (const char    *hex);
/* A public key pin, "sha256//BASE64", made from any text */
char       *cv_test_pin             (const char    *seed);
/* cv_trust_entry_new() with the fingerprint cv_test_fingerprint() makes of @hex and
 * the pin cv_test_pin() makes of @pin_seed */
CvTrustEntry *cv_test_entry_new     (const char      *host,
                                     guint16          port,
                                     CvTrustDecision  decision,
                                     const char      *hex,
                                     const char      *pin_seed,
                                     const char      *subject,
                                     const char      *issuer,
                                     gint64           not_after,
                                     gint64           created,
                                     gint64           last_seen);

/* A directory made for one test and removed after it, with the root CA of the
 * test's factory in it as ca.pem */
typedef struct
{
  char *dir;
  char *ca_file;
} CvTestDir;

/* The set-up and tear-down of g_test_add (path, CvTestDir, factory, …): @factory is
 * the test's CvCertFactory, or NULL for a directory without ca_file */
void        cv_test_dir_set_up    (CvTestDir     *self,
                                   gconstpointer  factory);
void        cv_test_dir_tear_down (CvTestDir     *self,
                                   gconstpointer  factory);

/* Whether an object has been finalized yet, and on which thread */
typedef struct
{
  GThread *freed_on;
  gint     freed;       /* atomic */
} CvTestFreed;

/* Fills @freed in when @object is finalized, on whichever thread that is */
void        cv_test_watch_freed   (GObject       *object,
                                   CvTestFreed   *freed);
/* Whether @freed has been filled in; read once the object may be gone */
gboolean    cv_test_is_freed      (CvTestFreed   *freed);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvTestRun, cv_test_run_clear)

G_END_DECLS
