/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-test-util.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>
#include <gnutls/x509.h>

/* What cv_test_run_certview_rusage() waits at most before it kills the program */
#define RUN_LIMIT_US (60 * G_USEC_PER_SEC)

void
cv_test_run_clear (CvTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
run_certview_va (CvTestRun   *run,
                 const char  *cwd,
                 const char  *first_arg,
                 va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("CERTVIEW");
  const char *arg;
  gint64 start;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (char *) program);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  start = g_get_monotonic_time ();
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                          &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->elapsed_us = g_get_monotonic_time () - start;
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                     : -1;
}

void
cv_test_run_certview (CvTestRun  *run,
                      const char *first_arg,
                      ...)
{
  va_list args;

  va_start (args, first_arg);
  run_certview_va (run, NULL, first_arg, args);
  va_end (args);
}

void
cv_test_run_certview_in (CvTestRun  *run,
                         const char *cwd,
                         const char *first_arg,
                         ...)
{
  va_list args;

  va_start (args, first_arg);
  run_certview_va (run, cwd, first_arg, args);
  va_end (args);
}

/* Reads what is there on @fd into @out; FALSE at end of file */
static gboolean
drain_fd (int      fd,
          GString *out)
{
  char buf[65536];
  ssize_t n;

  do
    n = read (fd, buf, sizeof buf);
  while (n < 0 && errno == EINTR);

  if (n > 0)
    g_string_append_len (out, buf, n);
  return n > 0;
}

/*
 * GSubprocess cannot report resource usage, so this spawns by hand, reads both
 * pipes until they close (the output of a long chain exceeds a pipe buffer) and
 * reaps the child with wait4().
 */
void
cv_test_run_certview_rusage (CvTestRun          *run,
                             struct rusage      *usage,
                             const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("CERTVIEW");
  struct pollfd fds[2];
  gboolean killed = FALSE;
  GPid pid;
  gint64 start;
  int status = 0;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (char *) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  start = g_get_monotonic_time ();
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CLOEXEC_PIPES |
                            G_SPAWN_STDIN_FROM_DEV_NULL,
                            NULL, NULL, &pid, NULL, &fds[0].fd, &fds[1].fd, &error);
  g_assert_no_error (error);
  fds[0].events = fds[1].events = POLLIN;

  while (fds[0].fd >= 0 || fds[1].fd >= 0)
    {
      gint64 left = start + RUN_LIMIT_US - g_get_monotonic_time ();
      int ret;

      if (left <= 0 && !killed)
        {
          /* A hung program must fail the test, not hang it */
          kill (pid, SIGKILL);
          killed = TRUE;
        }

      ret = poll (fds, 2, killed ? -1 : (int) MAX (1, left / 1000));
      if (ret < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (ret, >=, 0);

      for (guint i = 0; i < 2; i++)
        {
          if (fds[i].fd < 0 || fds[i].revents == 0)
            continue;
          if (!drain_fd (fds[i].fd, i == 0 ? out : err))
            {
              close (fds[i].fd);
              fds[i].fd = -1;
            }
        }
    }

  memset (usage, 0, sizeof *usage);
  while (wait4 (pid, &status, 0, usage) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  g_spawn_close_pid (pid);

  run->elapsed_us = g_get_monotonic_time () - start;
  run->status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  run->out = g_string_free (g_steal_pointer (&out), FALSE);
  run->err = g_string_free (g_steal_pointer (&err), FALSE);
}

JsonObject *
cv_test_parse_json (JsonParser *parser,
                    const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char *
cv_test_marked_sections (JsonObject *root)
{
  g_autoptr(GPtrArray) marked = g_ptr_array_new ();
  JsonArray *certificates = json_object_get_array_member (root, "certificates");
  JsonArray *sections;

  g_assert_nonnull (certificates);
  g_assert_cmpuint (json_array_get_length (certificates), >, 0);
  sections = json_object_get_array_member (json_array_get_object_element (certificates, 0),
                                           "sections");
  g_assert_nonnull (sections);

  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *section = json_array_get_object_element (sections, i);
      JsonArray *fields = json_object_get_array_member (section, "fields");

      for (guint j = 0; j < json_array_get_length (fields); j++)
        {
          JsonObject *field = json_array_get_object_element (fields, j);

          if (!json_object_get_boolean_member (field, "invalid"))
            {
              g_assert_false (json_object_has_member (field, "reason"));
              continue;
            }

          /* The mark sits on the section's first field, with its reason */
          g_assert_cmpuint (j, ==, 0);
          g_assert_nonnull (json_object_get_string_member (field, "reason"));
          g_ptr_array_add (marked, (char *) json_object_get_string_member (section, "id"));
        }
    }

  g_ptr_array_sort (marked, compare_strings);
  g_ptr_array_add (marked, NULL);
  return g_strjoinv (",", (char **) marked->pdata);
}

guint16
cv_test_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

char *
cv_test_write_file (const char *dir,
                    const char *name,
                    const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
freed_cb (gpointer  user_data,
          GObject  *where_the_object_was)
{
  CvTestFreed *freed = user_data;

  freed->freed_on = g_thread_self ();
  g_atomic_int_set (&freed->freed, TRUE);
}

void
cv_test_watch_freed (GObject     *object,
                     CvTestFreed *freed)
{
  freed->freed_on = NULL;
  g_atomic_int_set (&freed->freed, FALSE);
  g_object_weak_ref (object, freed_cb, freed);
}

gboolean
cv_test_is_freed (CvTestFreed *freed)
{
  return g_atomic_int_get (&freed->freed);
}

gnutls_x509_privkey_t
cv_test_new_key (void)
{
  gnutls_x509_privkey_t key = NULL;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), >=, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), >=, 0);
  return key;
}

GBytes *
cv_test_named_certificate (const CvTestName *names,
                           guint             n_names)
{
  gnutls_x509_privkey_t key = cv_test_new_key ();
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t der = { NULL, 0 };
  guint8 serial[] = { 0x01, 0x02 };
  time_t now = time (NULL);
  GBytes *bytes;

  g_assert_cmpint (gnutls_x509_crt_init (&crt), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - 60), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + 3600), >=, 0);
  for (guint i = 0; i < n_names; i++)
    {
      if (names[i].oid != NULL)
        g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, names[i].oid, 0, names[i].value,
                                                        strlen (names[i].value)), >=, 0);
      else
        g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (crt, names[i].san_type,
                                                               names[i].value,
                                                               strlen (names[i].value),
                                                               GNUTLS_FSAN_APPEND), >=, 0);
    }
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der), >=, 0);

  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);
  return bytes;
}

char *
cv_test_trusted_pem (GBytes *der)
{
  /* SEQUENCE { trust: SEQUENCE OF { serverAuth } } */
  static const guint8 aux[] = {
    0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01
  };
  g_autoptr(GByteArray) whole = g_byte_array_new ();
  g_autofree char *base64 = NULL;
  g_autoptr(GString) pem = g_string_new ("-----BEGIN TRUSTED CERTIFICATE-----\n");

  g_byte_array_append (whole, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_byte_array_append (whole, aux, sizeof aux);
  base64 = g_base64_encode (whole->data, whole->len);
  for (gsize i = 0, length = strlen (base64); i < length; i += 64)
    g_string_append_printf (pem, "%.64s\n", base64 + i);
  g_string_append (pem, "-----END TRUSTED CERTIFICATE-----\n");
  return g_string_free (g_steal_pointer (&pem), FALSE);
}

char *
cv_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

void
cv_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
            !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          cv_test_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

GPtrArray *
cv_test_chain_from_pem (const char *pem)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gnutls_x509_crt_t *crts = NULL;
  unsigned int n_crts = 0;
  gnutls_datum_t datum = { (unsigned char *) pem, strlen (pem) };

  g_assert_cmpint (gnutls_x509_crt_list_import2 (&crts, &n_crts, &datum,
                                                 GNUTLS_X509_FMT_PEM, 0), >=, 0);
  for (unsigned int i = 0; i < n_crts; i++)
    {
      gnutls_datum_t der = { NULL, 0 };

      g_assert_cmpint (gnutls_x509_crt_export2 (crts[i], GNUTLS_X509_FMT_DER, &der), >=, 0);
      g_ptr_array_add (chain, g_bytes_new (der.data, der.size));
      gnutls_free (der.data);
      gnutls_x509_crt_deinit (crts[i]);
    }
  gnutls_free (crts);
  return chain;
}

GBytes *
cv_test_pkcs7_bundle (GPtrArray             *ders,
                      gnutls_x509_crt_fmt_t  format)
{
  gnutls_pkcs7_t pkcs7;
  gnutls_datum_t out = { NULL, 0 };
  GBytes *bundle;

  g_assert_cmpint (gnutls_pkcs7_init (&pkcs7), ==, 0);
  for (guint i = 0; i < ders->len; i++)
    {
      gsize size = 0;
      gnutls_datum_t der;

      der.data = (unsigned char *) g_bytes_get_data (ders->pdata[i], &size);
      der.size = (unsigned int) size;
      g_assert_cmpint (gnutls_pkcs7_set_crt_raw (pkcs7, &der), ==, 0);
    }
  g_assert_cmpint (gnutls_pkcs7_export2 (pkcs7, format, &out), ==, 0);
  bundle = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  gnutls_pkcs7_deinit (pkcs7);
  return bundle;
}

CvDemoServer *
cv_test_start_demo_server (CvCertFactory   *factory,
                           CvProtocol       protocol,
                           CvDemoBehaviour  behaviour,
                           CvCertProblem    problems)
{
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(GError) error = NULL;
  CvDemoServer *server;

  cv_cert_factory_issue (factory, "localhost", problems, 0, &chain_pem, &key_pem, &error);
  g_assert_no_error (error);
  server = cv_demo_server_new (protocol, chain_pem, key_pem);
  cv_demo_server_set_behaviour (server, behaviour);
  cv_demo_server_start (server, "127.0.0.1", &error);
  g_assert_no_error (error);
  return server;
}

void
cv_test_issued_clear (CvTestIssued *issued)
{
  g_free (issued->chain_pem);
  g_free (issued->key_pem);
  g_clear_object (&issued->leaf);
}

void
cv_test_issue (CvCertFactory *factory,
               CvCertProblem  problems,
               CvTestIssued  *issued)
{
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_cert_factory_issue (factory, "localhost", problems, 0,
                                        &issued->chain_pem, &issued->key_pem, &error));
  g_assert_no_error (error);
  chain = cv_test_chain_from_pem (issued->chain_pem);
  issued->leaf = cv_certificate_new_from_der (g_ptr_array_index (chain, 0), &error);
  g_assert_no_error (error);
}

CvDemoServer *
cv_test_serve_issued (const CvTestIssued *issued,
                      CvDemoBehaviour     behaviour)
{
  g_autoptr(GError) error = NULL;
  CvDemoServer *server = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, issued->chain_pem,
                                             issued->key_pem);

  cv_demo_server_set_behaviour (server, behaviour);
  g_assert_true (cv_demo_server_start (server, "127.0.0.1", &error));
  g_assert_no_error (error);
  return server;
}

char *
cv_test_issue_chain_pem (CvCertFactory *factory,
                         const char    *hostname,
                         CvCertProblem  problems)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_pem = NULL;
  char *chain_pem = NULL;

  cv_cert_factory_issue (factory, hostname, problems, 0, &chain_pem, &key_pem, &error);
  g_assert_no_error (error);
  g_assert_nonnull (chain_pem);
  return chain_pem;
}

char *
cv_test_fingerprint (const char *hex)
{
  GString *digits = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  for (const char *p = hex; *p != '\0'; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (digits, g_ascii_tolower (*p));
  g_assert_cmpuint (digits->len, <=, 64);
  while (digits->len < 64)
    g_string_append_c (digits, '0');
  for (guint i = 0; i < 64; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_len (out, digits->str + i, 2);
    }
  g_string_free (digits, TRUE);
  return g_string_free (out, FALSE);
}

char *
cv_test_pin (const char *seed)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize size = sizeof digest;
  g_autofree char *encoded = NULL;

  g_checksum_update (checksum, (const guchar *) seed, -1);
  g_checksum_get_digest (checksum, digest, &size);
  encoded = g_base64_encode (digest, size);
  return g_strconcat ("sha256//", encoded, NULL);
}

CvTrustEntry *
cv_test_entry_new (const char      *host,
                   guint16          port,
                   CvTrustDecision  decision,
                   const char      *hex,
                   const char      *pin_seed,
                   const char      *subject,
                   const char      *issuer,
                   gint64           not_after,
                   gint64           created,
                   gint64           last_seen)
{
  g_autofree char *fingerprint = cv_test_fingerprint (hex);
  g_autofree char *pin = cv_test_pin (pin_seed);

  return cv_trust_entry_new (host, port, decision, fingerprint, pin, subject, issuer,
                             not_after, created, last_seen);
}

GBytes *
cv_test_issue_leaf (CvCertFactory *factory,
                    const char    *hostname,
                    CvCertProblem  problems)
{
  g_autofree char *chain_pem = cv_test_issue_chain_pem (factory, hostname, problems);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);

  g_assert_cmpuint (chain->len, >=, 1);
  return g_bytes_ref (g_ptr_array_index (chain, 0));
}

void
cv_test_dir_set_up (CvTestDir     *self,
                    gconstpointer  factory)
{
  g_autoptr(GError) error = NULL;

  self->dir = g_dir_make_tmp ("certview-test-XXXXXX", &error);
  g_assert_no_error (error);
  self->ca_file = NULL;
  if (factory != NULL)
    self->ca_file = cv_test_write_file (self->dir, "ca.pem",
                                        cv_cert_factory_get_ca_pem ((CvCertFactory *) factory));
}

void
cv_test_dir_tear_down (CvTestDir     *self,
                       gconstpointer  factory)
{
  if (self->dir != NULL)
    cv_test_remove_tree (self->dir);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->ca_file, g_free);
}

CvTrustEntry *
cv_test_trusted_entry (const char    *host,
                       guint16        port,
                       CvCertificate *leaf,
                       gint64         created)
{
  const char * const accepted[] = { "untrusted-issuer", NULL };
  CvTrustEntryFields fields = {
    .host = host,
    .port = port,
    .decision = "trust",
    .certificate_sha256 = cv_certificate_get_sha256 (leaf),
    .public_key_pin = cv_certificate_get_public_key_pin (leaf),
    .subject = cv_certificate_get_subject (leaf),
    .issuer = cv_certificate_get_issuer (leaf),
    .not_after = g_date_time_to_unix (cv_certificate_get_not_after (leaf)),
    .created = created,
    .last_seen = created,
    .accepted = accepted,
  };

  return cv_trust_entry_new_full (&fields);
}
