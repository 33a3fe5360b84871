/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-test-revocation.h"
#include "cv-test-util.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* How long an openssl command may take before the test fails */
#define OPENSSL_LIMIT_US (20 * G_USEC_PER_SEC)
/* How long a server may take to accept connections */
#define READY_TIMEOUT_US (5 * G_USEC_PER_SEC)
#define START_ATTEMPTS 5
/* The chunks CV_TEST_HTTP_HUGE writes */
#define HUGE_CHUNK (64 * 1024)

/* ---- running openssl ---- */

/* The test process, as its children see their parent */
static pid_t test_pid;

/* In the child, before exec: a test that fails ends with abort(), and cleanups do
 * not run then; the kernel ends the servers instead of leaving them listening */
static void
die_with_test_cb (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* The test died before the line above */
  if (getppid () != test_pid)
    _exit (127);
}

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  test_pid = getpid ();
  g_subprocess_launcher_set_child_setup (launcher, die_with_test_cb, NULL, NULL);
  return launcher;
}

typedef struct
{
  gboolean  done;
  char     *output;
} OpensslRun;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  OpensslRun *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->output, NULL,
                                        NULL);
  run->done = TRUE;
}

/* Runs openssl with @args (NULL-terminated) and fails the test unless it succeeds
 * within OPENSSL_LIMIT_US; a hung openssl is killed by its PID */
static void
run_openssl (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  gint64 deadline = g_get_monotonic_time () + OPENSSL_LIMIT_US;
  OpensslRun run = { FALSE, NULL };
  gboolean killed = FALSE;

  g_ptr_array_add (argv, (char *) "openssl");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  command = g_strjoinv (" ", (char **) argv->pdata);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_main_context_push_thread_default (context);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &run);
  while (!run.done)
    {
      if (!killed && g_get_monotonic_time () > deadline)
        {
          g_subprocess_force_exit (process);
          killed = TRUE;
        }
      /* Wakes up now and then to look at the clock */
      if (!g_main_context_iteration (context, FALSE))
        g_usleep (5 * 1000);
    }
  g_subprocess_wait (process, NULL, NULL);
  g_main_context_pop_thread_default (context);

  if (killed || !g_subprocess_get_successful (process))
    g_error ("%s: %s\n%s", killed ? "Timed out" : "Failed", command,
             run.output ? run.output : "");
  g_free (run.output);
}

/* ---- the PKI ---- */

static char *
write_text (const char *dir,
            const char *name,
            const char *text,
            gboolean    secret)
{
  char *path = cv_test_write_file (dir, name, text);

  if (secret)
    g_chmod (path, 0600);
  return path;
}

void
cv_test_pki_init (CvTestPki     *self,
                  CvCertFactory *factory)
{
  g_autofree char *impostor_pem = NULL;
  g_autofree char *impostor_key_pem = NULL;
  g_autofree char *attr_file = NULL;
  g_autoptr(GError) error = NULL;

  memset (self, 0, sizeof *self);
  self->factory = g_object_ref (factory);
  self->dir = g_dir_make_tmp ("certview-revocation-XXXXXX", &error);
  g_assert_no_error (error);

  self->ca_file = write_text (self->dir, "ca.pem", cv_cert_factory_get_ca_pem (factory), FALSE);
  self->issuer_file = write_text (self->dir, "int.pem",
                                  cv_cert_factory_get_intermediate_pem (factory), FALSE);
  self->issuer_key_file = write_text (self->dir, "int.key",
                                      cv_cert_factory_get_intermediate_key_pem (factory), TRUE);
  g_assert_true (cv_cert_factory_get_impostor (factory, &impostor_pem, &impostor_key_pem,
                                               &error));
  g_assert_no_error (error);
  self->impostor_file = write_text (self->dir, "impostor.pem", impostor_pem, FALSE);
  self->impostor_key_file = write_text (self->dir, "impostor.key", impostor_key_pem, TRUE);

  /* Every leaf is CN=localhost: the index must not insist on unique names */
  attr_file = write_text (self->dir, "index.txt.attr", "unique_subject = no\n", FALSE);
  self->index = g_string_new (NULL);
  self->index_file = write_text (self->dir, "index.txt", "", FALSE);
}

void
cv_test_pki_clear (CvTestPki *self)
{
  if (self->dir != NULL)
    cv_test_remove_tree (self->dir);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->issuer_file, g_free);
  g_clear_pointer (&self->issuer_key_file, g_free);
  g_clear_pointer (&self->impostor_file, g_free);
  g_clear_pointer (&self->impostor_key_file, g_free);
  g_clear_pointer (&self->index_file, g_free);
  if (self->index != NULL)
    g_string_free (g_steal_pointer (&self->index), TRUE);
  g_clear_object (&self->factory);
}

static char *
new_path (CvTestPki  *self,
          const char *suffix)
{
  g_autofree char *name = g_strdup_printf ("f%03u%s", ++self->n_files, suffix);

  return g_build_filename (self->dir, name, NULL);
}

char *
cv_test_pki_write (CvTestPki  *self,
                   const char *name,
                   GBytes     *contents)
{
  g_autofree char *unique = g_strdup_printf ("f%03u-%s", ++self->n_files, name);
  g_autofree char *path = g_build_filename (self->dir, unique, NULL);
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (contents, &size);

  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

CvTestLeaf *
cv_test_pki_issue (CvTestPki               *self,
                   const CvTestLeafOptions *options)
{
  static const CvTestLeafOptions none = { NULL, NULL, FALSE };
  g_autoptr(CvTestLeaf) leaf = g_new0 (CvTestLeaf, 1);
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *leaf_pem = NULL;
  g_autoptr(GError) error = NULL;
  const char *end;

  if (options == NULL)
    options = &none;

  cv_cert_factory_set_ocsp_url (self->factory, options->ocsp_url);
  cv_cert_factory_set_crl_url (self->factory, options->crl_url);
  cv_cert_factory_set_must_staple (self->factory, options->must_staple);
  cv_cert_factory_issue (self->factory, "localhost", CV_CERT_PROBLEM_NONE, 0, &chain_pem,
                         &key_pem, &error);
  cv_cert_factory_set_ocsp_url (self->factory, NULL);
  cv_cert_factory_set_crl_url (self->factory, NULL);
  cv_cert_factory_set_must_staple (self->factory, FALSE);
  g_assert_no_error (error);

  leaf->serial = g_strdup (cv_cert_factory_get_last_serial (self->factory));
  g_assert_nonnull (leaf->serial);

  /* The leaf comes first in the chain */
  end = strstr (chain_pem, "-----END CERTIFICATE-----\n");
  g_assert_nonnull (end);
  leaf_pem = g_strndup (chain_pem, end + strlen ("-----END CERTIFICATE-----\n") - chain_pem);

  leaf->chain_file = new_path (self, "-chain.pem");
  g_file_set_contents (leaf->chain_file, chain_pem, -1, &error);
  g_assert_no_error (error);
  leaf->cert_file = new_path (self, "-leaf.pem");
  g_file_set_contents (leaf->cert_file, leaf_pem, -1, &error);
  g_assert_no_error (error);
  leaf->key_file = new_path (self, "-leaf.key");
  g_file_set_contents (leaf->key_file, key_pem, -1, &error);
  g_assert_no_error (error);
  g_chmod (leaf->key_file, 0600);

  return g_steal_pointer (&leaf);
}

void
cv_test_leaf_free (CvTestLeaf *leaf)
{
  g_free (leaf->serial);
  g_free (leaf->cert_file);
  g_free (leaf->chain_file);
  g_free (leaf->key_file);
  g_free (leaf);
}

/* ASN.1 UTCTime as index.txt has it: YYMMDDHHMMSSZ */
static char *
utc_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%y%m%d%H%M%SZ");
}

void
cv_test_pki_index (CvTestPki  *self,
                   CvTestLeaf *leaf,
                   gboolean    revoked)
{
  cv_test_pki_index_reason (self, leaf, revoked ? "keyCompromise" : NULL);
}

void
cv_test_pki_index_reason (CvTestPki  *self,
                          CvTestLeaf *leaf,
                          const char *reason)
{
  gboolean revoked = reason != NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *expires = utc_time (now + 365 * 24 * 60 * 60);
  g_autofree char *revoked_at = utc_time (now - 24 * 60 * 60);
  g_autoptr(GError) error = NULL;

  /* status, expiry, revocation[,reason], serial, file, subject */
  g_string_append_printf (self->index, "%s\t%s\t%s%s%s\t%s\tunknown\t/CN=localhost\n",
                          revoked ? "R" : "V", expires,
                          revoked ? revoked_at : "", revoked ? "," : "",
                          revoked ? reason : "", leaf->serial);
  g_file_set_contents (self->index_file, self->index->str, -1, &error);
  g_assert_no_error (error);
}

GBytes *
cv_test_pki_ocsp_response (CvTestPki        *self,
                           CvTestLeaf       *leaf,
                           CvTestOcspSigner  signer)
{
  return cv_test_pki_ocsp_response_full (self, leaf, signer, TRUE);
}

static void sign_with_openssl (CvTestPki  *self,
                               const char *subject,
                               const char *serial,
                               const char *issuer_file,
                               const char *issuer_key,
                               const char *extensions,
                               const char *cert,
                               const char *key);

/* What `openssl ocsp` answers, from index.txt, to a request about @leaves (one or
 * two, NULL-terminated), signed by @signer; to a request with a nonce of its own,
 * which the answer echoes, if @nonce */
static GBytes *
ocsp_response (CvTestPki         *self,
               CvTestLeaf *const *leaves,
               CvTestOcspSigner   signer,
               gboolean           next_update,
               gboolean           nonce)
{
  g_autofree char *request = new_path (self, "-request.der");
  g_autofree char *response = new_path (self, "-response.der");
  g_autofree char *responder_file = NULL;
  g_autofree char *responder_key_file = NULL;
  const char *signer_file = signer == CV_TEST_OCSP_SIGNER_ISSUER ? self->issuer_file
                                                                 : self->impostor_file;
  const char *signer_key = signer == CV_TEST_OCSP_SIGNER_ISSUER ? self->issuer_key_file
                                                                : self->impostor_key_file;
  gboolean delegated = signer == CV_TEST_OCSP_SIGNER_DELEGATED ||
                       signer == CV_TEST_OCSP_SIGNER_DELEGATED_UNSENT;
  const char *make_request[] = {
    "ocsp", "-issuer", self->issuer_file, nonce ? "-nonce" : "-no_nonce", "-reqout", request,
    "-cert", leaves[0]->cert_file,
    leaves[1] != NULL ? "-cert" : NULL, leaves[1] != NULL ? leaves[1]->cert_file : NULL, NULL
  };
  g_autoptr(GPtrArray) answer = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  g_assert_true (leaves[1] == NULL || leaves[2] == NULL);
  /* RFC 6960, 4.2.2.2: issued by the intermediate for OCSP signing alone */
  if (delegated)
    {
      g_autofree char *serial = g_strdup_printf ("0C5B%08X", g_random_int ());

      responder_file = new_path (self, "-responder.pem");
      responder_key_file = new_path (self, "-responder.key");
      sign_with_openssl (self, "/CN=Certview Test OCSP Responder", serial, self->issuer_file,
                         self->issuer_key_file,
                         "basicConstraints=critical,CA:false\n"
                         "keyUsage=critical,digitalSignature\n"
                         "extendedKeyUsage=OCSPSigning\n",
                         responder_file, responder_key_file);
      signer_file = responder_file;
      signer_key = responder_key_file;
    }
  {
    const char *always[] = {
      "ocsp", "-index", self->index_file, "-rsigner", signer_file, "-rkey", signer_key,
      "-CA", self->issuer_file, "-reqin", request, "-respout", response,
    };

    for (guint i = 0; i < G_N_ELEMENTS (always); i++)
      g_ptr_array_add (answer, (gpointer) always[i]);
  }
  /* Without -ndays, openssl gives no nextUpdate */
  if (next_update)
    {
      g_ptr_array_add (answer, "-ndays");
      g_ptr_array_add (answer, "1");
    }
  if (signer == CV_TEST_OCSP_SIGNER_DELEGATED_UNSENT)
    g_ptr_array_add (answer, "-resp_no_certs");
  g_ptr_array_add (answer, NULL);

  run_openssl (make_request);
  run_openssl ((const char * const *) answer->pdata);
  g_file_get_contents (response, &data, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, 0);
  return g_bytes_new_take (data, size);
}

GBytes *
cv_test_pki_ocsp_response_full (CvTestPki        *self,
                                CvTestLeaf       *leaf,
                                CvTestOcspSigner  signer,
                                gboolean          next_update)
{
  CvTestLeaf *leaves[] = { leaf, NULL };

  return ocsp_response (self, leaves, signer, next_update, FALSE);
}

GBytes *
cv_test_pki_ocsp_response_with_nonce (CvTestPki  *self,
                                      CvTestLeaf *leaf)
{
  CvTestLeaf *leaves[] = { leaf, NULL };

  return ocsp_response (self, leaves, CV_TEST_OCSP_SIGNER_ISSUER, TRUE, TRUE);
}

GBytes *
cv_test_pki_ocsp_response_pair (CvTestPki  *self,
                                CvTestLeaf *first,
                                CvTestLeaf *second)
{
  CvTestLeaf *leaves[] = { first, second, NULL };

  return ocsp_response (self, leaves, CV_TEST_OCSP_SIGNER_ISSUER, TRUE, FALSE);
}

char *
cv_test_pki_stranger (CvTestPki *self)
{
  g_autofree char *cert = new_path (self, "-stranger.pem");
  g_autofree char *key = new_path (self, "-stranger.key");
  const char *args[] = {
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", key, "-out", cert, "-days", "30", "-subj", "/CN=Certview Test Stranger", NULL
  };

  run_openssl (args);
  return g_steal_pointer (&cert);
}

char *
cv_test_pki_sub_ca (CvTestPki *self)
{
  g_autofree char *request = new_path (self, "-sub-ca.csr");
  g_autofree char *key = new_path (self, "-sub-ca.key");
  g_autofree char *cert = new_path (self, "-sub-ca.pem");
  g_autofree char *extensions = write_text (self->dir, "sub-ca.cnf",
                                            "[sub_ca]\n"
                                            "basicConstraints=critical,CA:true\n"
                                            "keyUsage=critical,keyCertSign,cRLSign\n", FALSE);
  const char *make_request[] = {
    "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", key, "-out", request, "-subj", "/CN=Certview Test Sub CA", NULL
  };
  const char *sign[] = {
    "x509", "-req", "-in", request, "-CA", self->issuer_file, "-CAkey", self->issuer_key_file,
    "-set_serial", "0x5ca1ab1e", "-days", "30", "-extfile", extensions,
    "-extensions", "sub_ca", "-out", cert, NULL
  };

  run_openssl (make_request);
  run_openssl (sign);
  return g_steal_pointer (&cert);
}

/* A key and a certificate for @subject that @issuer_file (@issuer_key) signs,
 * serial @serial (hex), with the lines of @extensions; into @cert and @key */
static void
sign_with_openssl (CvTestPki  *self,
                   const char *subject,
                   const char *serial,
                   const char *issuer_file,
                   const char *issuer_key,
                   const char *extensions,
                   const char *cert,
                   const char *key)
{
  g_autofree char *request = new_path (self, ".csr");
  g_autofree char *config = new_path (self, ".cnf");
  g_autofree char *hex_serial = g_strdup_printf ("0x%s", serial);
  g_autofree char *text = g_strdup_printf ("[ext]\n%s", extensions);
  const char *make_request[] = {
    "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", key, "-out", request, "-subj", subject, NULL
  };
  const char *sign[] = {
    "x509", "-req", "-in", request, "-CA", issuer_file, "-CAkey", issuer_key,
    "-set_serial", hex_serial, "-days", "30", "-extfile", config, "-extensions", "ext",
    "-out", cert, NULL
  };
  g_autoptr(GError) error = NULL;

  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);
  run_openssl (make_request);
  run_openssl (sign);
  g_chmod (key, 0600);
}

/* The lines of an openssl extension section naming @options' OCSP responder and
 * CRL (NULL: none) */
static void
add_revocation_urls (GString                 *extensions,
                     const CvTestLeafOptions *options)
{
  if (options != NULL && options->ocsp_url != NULL)
    g_string_append_printf (extensions, "authorityInfoAccess=OCSP;URI:%s\n",
                            options->ocsp_url);
  if (options != NULL && options->crl_url != NULL)
    g_string_append_printf (extensions, "crlDistributionPoints=URI:%s\n", options->crl_url);
}

CvTestLeaf *
cv_test_pki_issue_below (CvTestPki               *self,
                         const CvTestLeafOptions *ca_options,
                         const CvTestLeafOptions *leaf_options,
                         CvTestLeaf             **sub_ca)
{
  g_autoptr(CvTestLeaf) ca = g_new0 (CvTestLeaf, 1);
  g_autoptr(CvTestLeaf) leaf = g_new0 (CvTestLeaf, 1);
  g_autoptr(GString) ca_extensions = g_string_new ("basicConstraints=critical,CA:true\n"
                                                   "keyUsage=critical,keyCertSign,cRLSign\n"
                                                   "subjectKeyIdentifier=hash\n"
                                                   "authorityKeyIdentifier=keyid\n");
  g_autoptr(GString) leaf_extensions = g_string_new ("basicConstraints=critical,CA:false\n"
                                                     "keyUsage=critical,digitalSignature\n"
                                                     "extendedKeyUsage=serverAuth\n"
                                                     "subjectAltName=DNS:localhost\n"
                                                     "subjectKeyIdentifier=hash\n"
                                                     "authorityKeyIdentifier=keyid\n");
  g_autofree char *ca_name = NULL;
  g_autofree char *ca_pem = NULL;
  g_autofree char *issuer_pem = NULL;
  g_autofree char *leaf_pem = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *whole = NULL;
  g_autoptr(GError) error = NULL;

  add_revocation_urls (ca_extensions, ca_options);

  /* Serials of their own, so that no cached answer stands for another test's */
  ca->serial = g_strdup_printf ("5CA1%08X", g_random_int ());
  ca->cert_file = new_path (self, "-sub-ca.pem");
  ca->key_file = new_path (self, "-sub-ca.key");
  ca_name = g_strdup_printf ("/CN=Certview Test Sub CA %s", ca->serial);
  sign_with_openssl (self, ca_name, ca->serial, self->issuer_file, self->issuer_key_file,
                     ca_extensions->str, ca->cert_file, ca->key_file);

  leaf->serial = g_strdup_printf ("1EAF%08X", g_random_int ());
  leaf->cert_file = new_path (self, "-leaf.pem");
  leaf->key_file = new_path (self, "-leaf.key");
  add_revocation_urls (leaf_extensions, leaf_options);
  sign_with_openssl (self, "/CN=localhost", leaf->serial, ca->cert_file, ca->key_file,
                     leaf_extensions->str, leaf->cert_file, leaf->key_file);

  /* What the server sends after the leaf: the sub-CA and the intermediate */
  ca_pem = cv_test_read_file (ca->cert_file);
  issuer_pem = cv_test_read_file (self->issuer_file);
  leaf_pem = cv_test_read_file (leaf->cert_file);
  sent = g_strconcat (ca_pem, issuer_pem, NULL);
  whole = g_strconcat (leaf_pem, ca_pem, issuer_pem, NULL);
  ca->chain_file = new_path (self, "-sub-ca-chain.pem");
  g_file_set_contents (ca->chain_file, sent, -1, &error);
  g_assert_no_error (error);
  leaf->chain_file = new_path (self, "-chain.pem");
  g_file_set_contents (leaf->chain_file, whole, -1, &error);
  g_assert_no_error (error);

  *sub_ca = g_steal_pointer (&ca);
  return g_steal_pointer (&leaf);
}

GBytes *
cv_test_pki_crl (CvTestPki  *self,
                 const char *extensions)
{
  g_autofree char *config = new_path (self, "-crl.cnf");
  g_autofree char *crl_pem = new_path (self, "-crl.pem");
  g_autofree char *crl_der = new_path (self, "-crl.der");
  g_autofree char *text = NULL;
  const char *generate[] = {
    "ca", "-gencrl", "-config", config, "-keyfile", self->issuer_key_file,
    "-cert", self->issuer_file, "-crldays", "1", "-out", crl_pem,
    extensions != NULL ? "-crlexts" : NULL, "crl_ext", NULL
  };
  const char *convert[] = {
    "crl", "-in", crl_pem, "-outform", "DER", "-out", crl_der, NULL
  };
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  text = g_strdup_printf ("[ca]\ndefault_ca = test_ca\n"
                          "[test_ca]\ndatabase = %s\ndefault_md = sha256\n"
                          "[crl_ext]\n%s\n",
                          self->index_file, extensions != NULL ? extensions : "");
  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);
  run_openssl (generate);
  run_openssl (convert);
  g_file_get_contents (crl_der, &data, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, 0);
  return g_bytes_new_take (data, size);
}

/* ---- processes that serve ---- */

static gboolean
port_accepts (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_timeout (client, 1);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

/* Ends @process by its PID and reaps it; a process that ignores SIGTERM for a
 * second is killed */
static void
stop_process (GSubprocess **process)
{
  gint64 deadline;

  if (*process == NULL)
    return;

  if (g_subprocess_get_identifier (*process) != NULL)
    g_subprocess_send_signal (*process, SIGTERM);

  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_subprocess_get_identifier (*process) != NULL &&
         g_get_monotonic_time () < deadline)
    {
      /* The identifier goes once the child is reaped, which needs the GLib worker */
      g_usleep (10 * 1000);
    }
  if (g_subprocess_get_identifier (*process) != NULL)
    g_subprocess_force_exit (*process);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}

static gboolean
log_says (const char *log_file,
          const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (log_file, &contents, NULL, NULL) &&
         strstr (contents, text) != NULL;
}

/* Spawns @argv with its output in @log_file, and waits until @port accepts, or
 * until the log has @ready_text when it is not NULL; FALSE when the process exits
 * first or is not ready in time (it is ended then) */
static gboolean
spawn_server (const char * const  *argv,
              const char          *log_file,
              guint16              port,
              const char          *ready_text,
              GSubprocess        **process)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_file);
  *process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + READY_TIMEOUT_US;
  while (g_get_monotonic_time () < deadline)
    {
      if (g_subprocess_get_identifier (*process) == NULL)
        break;
      if (ready_text != NULL ? log_says (log_file, ready_text) : port_accepts (port))
        return TRUE;
      g_usleep (20 * 1000);
    }

  stop_process (process);
  return FALSE;
}

static char *
read_log (const char *log_file)
{
  char *text = NULL;

  if (!g_file_get_contents (log_file, &text, NULL, NULL))
    return g_strdup ("(no output)");
  return text;
}

void
cv_test_tls_server_start (CvTestTlsServer  *self,
                          CvTestPki        *pki,
                          CvTestLeaf       *leaf,
                          const char       *status_file,
                          CvTestTlsVersion  version)
{
  cv_test_tls_server_start_chain (self, pki, leaf, status_file, version, NULL);
}

void
cv_test_tls_server_start_chain (CvTestTlsServer  *self,
                                CvTestPki        *pki,
                                CvTestLeaf       *leaf,
                                const char       *status_file,
                                CvTestTlsVersion  version,
                                const char       *chain_file)
{
  memset (self, 0, sizeof *self);
  self->log_file = new_path (pki, "-s_server.log");

  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

      self->port = cv_test_free_port ();
      g_ptr_array_add (argv, g_strdup ("openssl"));
      g_ptr_array_add (argv, g_strdup ("s_server"));
      g_ptr_array_add (argv, g_strdup ("-accept"));
      g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:%u", self->port));
      g_ptr_array_add (argv, g_strdup ("-cert"));
      g_ptr_array_add (argv, g_strdup (leaf->cert_file));
      g_ptr_array_add (argv, g_strdup ("-key"));
      g_ptr_array_add (argv, g_strdup (leaf->key_file));
      g_ptr_array_add (argv, g_strdup ("-cert_chain"));
      g_ptr_array_add (argv, g_strdup (chain_file != NULL ? chain_file : pki->issuer_file));
      g_ptr_array_add (argv, g_strdup (version == CV_TEST_TLS_1_3 ? "-tls1_3" : "-tls1_2"));
      /* Answers an HTTP GET, and goes on accepting after each connection */
      g_ptr_array_add (argv, g_strdup ("-www"));
      if (status_file != NULL)
        {
          g_ptr_array_add (argv, g_strdup ("-status_file"));
          g_ptr_array_add (argv, g_strdup (status_file));
        }
      g_ptr_array_add (argv, NULL);

      if (spawn_server ((const char * const *) argv->pdata, self->log_file, self->port, NULL,
                        &self->process))
        return;
    }

  g_error ("openssl s_server did not start: %s", read_log (self->log_file));
}

char *
cv_test_tls_server_url (CvTestTlsServer *self)
{
  return g_strdup_printf ("tls://localhost:%u", self->port);
}

void
cv_test_tls_server_stop (CvTestTlsServer *self)
{
  stop_process (&self->process);
  g_clear_pointer (&self->log_file, g_free);
}

void
cv_test_responder_start (CvTestResponder *self,
                         CvTestPki       *pki,
                         guint16          port)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  /* -ignore_err: a bad request must not end it. openssl ocsp cannot bind to one
   * address: it listens on all. */
  const char *argv[] = {
    "openssl", "ocsp", "-index", pki->index_file, "-port", port_text,
    "-rsigner", pki->issuer_file, "-rkey", pki->issuer_key_file, "-CA", pki->issuer_file,
    "-ndays", "1", "-ignore_err", NULL
  };

  memset (self, 0, sizeof *self);
  self->port = port;
  self->log_file = new_path (pki, "-ocsp.log");
  /* Not a connection to see whether it listens: one that brings no request leaves
   * openssl 3.0's responder waiting on it, deaf to every later one */
  if (!spawn_server (argv, self->log_file, port, "waiting for OCSP client connections",
                     &self->process))
    g_error ("openssl ocsp did not start: %s", read_log (self->log_file));
}

void
cv_test_responder_stop (CvTestResponder *self)
{
  stop_process (&self->process);
  g_clear_pointer (&self->log_file, g_free);
}

/* ---- the HTTP server in this process ---- */

struct _CvTestHttp
{
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  SoupServer     *server;
  guint16         port;

  GMutex          mutex;
  GCond           cond;
  gboolean        ready;
  CvTestHttpMode  mode;
  GBytes         *body;
  char           *content_type;
  guint           requests;
  guint64         bytes_sent;
};

typedef struct
{
  CvTestHttp *http;
  guint64     left;
  GBytes     *chunk;
} HugeBody;

static void
huge_body_free (gpointer data)
{
  HugeBody *huge = data;

  g_bytes_unref (huge->chunk);
  g_free (huge);
}

static void
huge_append (SoupServerMessage *msg,
             HugeBody          *huge)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize size = MIN (huge->left, HUGE_CHUNK);

  if (size == 0)
    {
      soup_message_body_complete (body);
      return;
    }
  /* The same block every time, shared rather than copied */
  if (size == HUGE_CHUNK)
    soup_message_body_append_bytes (body, huge->chunk);
  else
    soup_message_body_append (body, SOUP_MEMORY_COPY, g_bytes_get_data (huge->chunk, NULL),
                              size);
  huge->left -= size;
}

static void
huge_wrote_chunk_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  HugeBody *huge = user_data;

  g_mutex_lock (&huge->http->mutex);
  huge->http->bytes_sent += HUGE_CHUNK;
  g_mutex_unlock (&huge->http->mutex);
  huge_append (msg, huge);
}

static void
serve_huge (CvTestHttp        *self,
            SoupServerMessage *msg,
            gboolean           declared)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  HugeBody *huge = g_new0 (HugeBody, 1);
  guint8 *block = g_malloc (HUGE_CHUNK);

  memset (block, 'A', HUGE_CHUNK);
  huge->chunk = g_bytes_new_take (block, HUGE_CHUNK);
  huge->http = self;
  huge->left = CV_TEST_HTTP_HUGE_SIZE;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/ocsp-response", NULL);
  if (declared)
    soup_message_headers_set_content_length (headers, CV_TEST_HTTP_HUGE_SIZE);
  else
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  /* Written chunks are dropped: 100 MB never sits in memory */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  g_signal_connect_data (msg, "wrote-chunk", G_CALLBACK (huge_wrote_chunk_cb), huge,
                         (GClosureNotify) (void (*) (void)) huge_body_free, 0);
  huge_append (msg, huge);
}

typedef struct
{
  CvTestHttp        *http;
  SoupServerMessage *msg;
  GSource           *source;
  gulong             finished_id;
  gulong             disconnected_id;
  guint              left;
} Drip;

static void
drip_free (gpointer data)
{
  Drip *drip = data;

  g_clear_signal_handler (&drip->finished_id, drip->msg);
  g_clear_signal_handler (&drip->disconnected_id, drip->msg);
  g_object_unref (drip->msg);
  g_free (drip);
}

static gboolean
drip_cb (gpointer data)
{
  Drip *drip = data;
  SoupMessageBody *body = soup_server_message_get_response_body (drip->msg);

  if (drip->left-- == 0)
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (drip->msg);
      return G_SOURCE_REMOVE;
    }
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "0", 1);
  soup_server_message_unpause (drip->msg);
  g_mutex_lock (&drip->http->mutex);
  drip->http->bytes_sent++;
  g_mutex_unlock (&drip->http->mutex);
  return G_SOURCE_CONTINUE;
}

static void
drip_stop_cb (SoupServerMessage *msg,
              gpointer           data)
{
  Drip *drip = data;

  /* The message ended or the client went away: the message has no I/O left to
   * unpause, so no more drops */
  g_source_destroy (drip->source);
}

static void
serve_drip (CvTestHttp        *self,
            SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Drip *drip = g_new0 (Drip, 1);

  drip->http = self;
  drip->msg = g_object_ref (msg);
  drip->left = 5 * 60;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/ocsp-response", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  drip->source = g_timeout_source_new (200);
  g_source_set_callback (drip->source, drip_cb, drip, drip_free);
  drip->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (drip_stop_cb), drip);
  drip->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (drip_stop_cb), drip);
  g_source_attach (drip->source, g_main_context_get_thread_default ());
  g_source_unref (drip->source);
  /* Until the first drop: there is nothing to write yet */
  soup_server_message_pause (msg);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  CvTestHttp *self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *content_type = NULL;
  CvTestHttpMode mode;

  g_mutex_lock (&self->mutex);
  self->requests++;
  mode = self->mode;
  body = self->body != NULL ? g_bytes_ref (self->body) : NULL;
  content_type = g_strdup (self->content_type);
  g_mutex_unlock (&self->mutex);

  switch (mode)
    {
    case CV_TEST_HTTP_SERVE:
      if (body == NULL)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
          break;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL),
                                        g_bytes_get_size (body));
      break;

    case CV_TEST_HTTP_HANG:
      /* Never unpaused: the connection stays open, silent, until the server stops */
      soup_server_message_pause (msg);
      break;

    case CV_TEST_HTTP_ERROR:
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        "Internal error\n", strlen ("Internal error\n"));
      break;

    case CV_TEST_HTTP_HTML:
      {
        static const char page[] = "<!DOCTYPE html>\n<html><head><title>Log in</title></head>"
                                   "<body><form>Wi-Fi login</form></body></html>\n";

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page,
                                          strlen (page));
      }
      break;

    case CV_TEST_HTTP_REDIRECT_LOOP:
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, path);
      break;

    case CV_TEST_HTTP_GZIP:
      {
        g_autoptr(GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                 -1);
        g_autoptr(GBytes) compressed = NULL;
        gsize size = 0;
        const void *data = body != NULL ? g_bytes_get_data (body, &size) : "";
        guint8 out[65536];
        gsize read = 0;
        gsize written = 0;

        g_assert_cmpint (g_converter_convert (G_CONVERTER (gzip), data, size, out, sizeof out,
                                              G_CONVERTER_INPUT_AT_END, &read, &written, NULL),
                         ==, G_CONVERTER_FINISHED);
        compressed = g_bytes_new (out, written);
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Content-Encoding", "gzip");
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                          g_bytes_get_data (compressed, NULL), written);
      }
      break;

    case CV_TEST_HTTP_REDIRECT_POST:
      if (!g_str_equal (path, "/moved"))
        soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/moved");
      else if (body != NULL &&
               g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_POST) &&
               soup_server_message_get_request_body (msg)->length > 0)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                            g_bytes_get_data (body, NULL),
                                            g_bytes_get_size (body));
        }
      else
        soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      break;

    case CV_TEST_HTTP_HUGE:
    case CV_TEST_HTTP_HUGE_DECLARED:
      serve_huge (self, msg, mode == CV_TEST_HTTP_HUGE_DECLARED);
      break;

    case CV_TEST_HTTP_GARBAGE:
      {
        guint8 garbage[1024];

        for (guint i = 0; i < sizeof garbage; i++)
          garbage[i] = g_random_int_range (0, 256);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg,
                                          content_type ? content_type
                                                       : "application/ocsp-response",
                                          SOUP_MEMORY_COPY, (const char *) garbage,
                                          sizeof garbage);
      }
      break;

    case CV_TEST_HTTP_DRIP:
      serve_drip (self, msg);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gpointer
http_thread (gpointer data)
{
  CvTestHttp *self = data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new ("server-header", "certview-test", NULL);
  soup_server_add_handler (self->server, NULL, handle_cb, self, NULL);
  soup_server_listen (self->server, address, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&self->mutex);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_main_loop_run (self->loop);

  /* Closes the connections too, hung ones included */
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* What the closed connections left to do */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

CvTestHttp *
cv_test_http_start (void)
{
  CvTestHttp *self = g_new0 (CvTestHttp, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->mode = CV_TEST_HTTP_SERVE;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-http", http_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return self;
}

void
cv_test_http_set_mode (CvTestHttp     *self,
                       CvTestHttpMode  mode)
{
  g_mutex_lock (&self->mutex);
  self->mode = mode;
  g_mutex_unlock (&self->mutex);
}

void
cv_test_http_set_body (CvTestHttp *self,
                       GBytes     *body,
                       const char *content_type)
{
  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body != NULL ? g_bytes_ref (body) : NULL;
  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
  g_mutex_unlock (&self->mutex);
}

void
cv_test_http_serve_crl (CvTestHttp         *self,
                        CvCertFactory      *factory,
                        const char * const *serials)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GBytes) list = NULL;
  g_autoptr(GError) error = NULL;

  list = cv_cert_factory_make_crl (factory, serials, now - 3600, now + 86400,
                                   CV_CRL_SIGNER_INTERMEDIATE, &error);
  g_assert_no_error (error);
  cv_test_http_set_body (self, list, "application/pkix-crl");
}

char *
cv_test_http_url (CvTestHttp *self,
                  const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path);
}

guint
cv_test_http_get_requests (CvTestHttp *self)
{
  guint requests;

  g_mutex_lock (&self->mutex);
  requests = self->requests;
  g_mutex_unlock (&self->mutex);
  return requests;
}

guint64
cv_test_http_get_bytes_sent (CvTestHttp *self)
{
  guint64 sent;

  g_mutex_lock (&self->mutex);
  sent = self->bytes_sent;
  g_mutex_unlock (&self->mutex);
  return sent;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
cv_test_http_stop (CvTestHttp *self)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, quit_cb, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->content_type);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}
