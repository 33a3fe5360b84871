/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-test-util.h"
#include "cv-test-vsftpd.h"

#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sys/stat.h>

#define N_SERVERS 8

/* The served leaf's SHA-256 as upper-case hex without colons, computed here with
 * GnuTLS rather than by certview */
static char *
leaf_sha256 (const char *chain_file)
{
  g_autofree char *pem = NULL;
  gnutls_x509_crt_t crt;
  gnutls_datum_t data;
  guint8 digest[32];
  size_t size = sizeof digest;
  GString *hex = g_string_new (NULL);

  g_assert_true (g_file_get_contents (chain_file, &pem, NULL, NULL));
  data.data = (unsigned char *) pem;
  data.size = strlen (pem);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  /* The first certificate of the file is the leaf */
  g_assert_cmpint (gnutls_x509_crt_import (crt, &data, GNUTLS_X509_FMT_PEM), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA256, digest, &size),
                   ==, 0);
  gnutls_x509_crt_deinit (crt);

  for (guint i = 0; i < size; i++)
    g_string_append_printf (hex, "%02X", digest[i]);
  return g_string_free (hex, FALSE);
}

static char *
store_path (CvTestDir  *dir,
            const char *name)
{
  return g_build_filename (dir->dir, name, NULL);
}

/* Runs certview with no display, so that it can never ask */
static void
run_headless (CvTestRun  *run,
              const char *store,
              const char *a,
              const char *b,
              const char *c,
              const char *d)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autofree char *wayland = g_strdup (g_getenv ("WAYLAND_DISPLAY"));

  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  cv_test_run_certview (run, "--trust-store", store, "--timeout", "10", a, b, c, d, NULL);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  if (wayland != NULL)
    g_setenv ("WAYLAND_DISPLAY", wayland, TRUE);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

static char *
curl_download (const char *url,
               const char *pin,
               int        *status)
{
  g_autoptr(GSubprocess) curl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  /* --insecure: the system does not trust the test CA; the pin is what is checked */
  curl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                           &error, "curl", "--silent", "--show-error", "--max-time", "20",
                           "--ssl-reqd", "--insecure", "--pinnedpubkey", pin, url, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (curl, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (curl);
  g_test_message ("curl exit %d: %s", *status, err);
  return out;
}

/* The whole story against a real vsftpd: refuse, pin, accept silently, download
 * with the pin, refuse a new key, forget */
static void
test_prompt_and_transfer (CvTestDir     *dir,
                          gconstpointer  data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  g_auto(CvTestVsftpd) server = { 0 };
  g_auto(CvTestRun) untrusted = { 0 };
  g_auto(CvTestRun) wrong = { 0 };
  g_auto(CvTestRun) pinned = { 0 };
  g_auto(CvTestRun) accepted = { 0 };
  g_auto(CvTestRun) listed = { 0 };
  g_auto(CvTestRun) changed = { 0 };
  g_auto(CvTestRun) forgot = { 0 };
  g_auto(CvTestRun) empty = { 0 };
  g_autofree char *store = store_path (dir, "story.ini");
  g_autofree char *url = NULL;
  g_autofree char *file_url = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *body = NULL;
  g_autofree char *bad_body = NULL;
  g_autofree char *key = NULL;
  int curl_status;
  struct stat st;

  /* Untrusted root: the system trusts nothing about it */
  cv_test_vsftpd_start (&server, factory, CV_TEST_VSFTPD_EXPLICIT,
                        CV_CERT_PROBLEM_UNTRUSTED_ROOT);
  url = g_strdup_printf ("ftp://localhost:%u", server.port);
  file_url = g_strdup_printf ("ftp://localhost:%u/hello.txt", server.port);
  key = g_strdup_printf ("localhost:%u", server.port);
  sha256 = leaf_sha256 (server.chain_file);

  run_headless (&untrusted, store, "--sni", "localhost", "--prompt", url);
  g_assert_cmpint (untrusted.status, ==, 1);
  g_assert_cmpstr (untrusted.out, ==, "");
  /* The command that would trust it, to paste once the fingerprint is checked.
   * Finding: it left out --trust-store and --sni, so pasted, it saved into another
   * store, or looked at another certificate of the server. */
  {
    g_autofree char *command = g_strdup_printf ("  certview --trust '%s' --sni 'localhost' "
                                                "--trust-store '%s' --fingerprint ", url, store);
    const char *line = strstr (untrusted.err, command);
    g_autofree char *given = NULL;

    g_assert_nonnull (line);
    given = g_ascii_strup (line + strlen (command), -1);
    g_strstrip (given);
    g_assert_nonnull (given);
    {
      g_auto(GStrv) parts = g_strsplit (given, ":", -1);
      g_autofree char *joined = g_strjoinv ("", parts);

      g_assert_cmpstr (joined, ==, sha256);
    }
  }

  run_headless (&wrong, store, "--trust", url, "--fingerprint",
                "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:"
                "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff");
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_false (g_file_test (store, G_FILE_TEST_EXISTS));

  run_headless (&pinned, store, "--trust", url, "--fingerprint", sha256);
  g_assert_cmpint (pinned.status, ==, 0);
  g_assert_cmpint (g_stat (store, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  run_headless (&accepted, store, "--prompt", "--print-pin", url, NULL);
  g_assert_cmpint (accepted.status, ==, 0);
  g_assert_true (g_str_has_prefix (accepted.out, "sha256//"));
  pin = g_strstrip (g_strdup (accepted.out));
  g_assert_cmpuint (strlen (pin), ==, strlen ("sha256//") + 44);

  run_headless (&listed, store, "--list-trusted", NULL, NULL, NULL);
  g_assert_cmpint (listed.status, ==, 0);
  g_assert_true (g_str_has_prefix (listed.out, key));
  g_assert_nonnull (strstr (listed.out, "\ttrust\t"));

  /* The transfer checks it talks to the certificate the user accepted */
  body = curl_download (file_url, pin, &curl_status);
  g_assert_cmpint (curl_status, ==, 0);
  g_assert_cmpstr (body, ==, "Hello over FTPS\n");
  bad_body = curl_download (file_url, "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                            &curl_status);
  g_assert_cmpint (curl_status, !=, 0);

  /* A new key on the same server: the saved decision no longer applies */
  cv_test_vsftpd_restart (&server, factory, CV_CERT_PROBLEM_UNTRUSTED_ROOT);
  run_headless (&changed, store, "--prompt", "--print-pin", url, NULL);
  g_assert_cmpint (changed.status, ==, 1);
  g_assert_cmpstr (changed.out, ==, "");
  g_assert_nonnull (strstr (changed.err, "changed"));

  run_headless (&forgot, store, "--forget", key, NULL, NULL);
  g_assert_cmpint (forgot.status, ==, 0);
  run_headless (&empty, store, "--list-trusted", NULL, NULL, NULL);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_cmpstr (empty.out, ==, "");
}

/* Eight --trust runs at once, on eight servers, leave eight decisions */
static void
test_concurrent_trust (CvTestDir     *dir,
                       gconstpointer  data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  CvTestVsftpd servers[N_SERVERS];
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *store = store_path (dir, "concurrent.ini");
  g_auto(CvTestRun) listed = { 0 };
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("CERTVIEW");
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < N_SERVERS; i++)
    cv_test_vsftpd_start (&servers[i], factory, CV_TEST_VSFTPD_EXPLICIT,
                          CV_CERT_PROBLEM_SELF_SIGNED);

  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autofree char *url = g_strdup_printf ("ftp://localhost:%u", servers[i].port);
      g_autofree char *sha256 = leaf_sha256 (servers[i].chain_file);

      g_ptr_array_add (runs, g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                               program, "--trust-store", store, "--trust",
                                               url, "--fingerprint", sha256, NULL));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < runs->len; i++)
    {
      g_subprocess_wait_check (g_ptr_array_index (runs, i), NULL, &error);
      g_assert_no_error (error);
    }

  run_headless (&listed, store, "--list-trusted", NULL, NULL, NULL);
  lines = g_strsplit (g_strstrip (listed.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, N_SERVERS);

  for (guint i = 0; i < N_SERVERS; i++)
    cv_test_vsftpd_stop (&servers[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  g_test_add ("/certview/prompt/prompt-and-transfer", CvTestDir, factory,
              cv_test_dir_set_up, test_prompt_and_transfer, cv_test_dir_tear_down);
  g_test_add ("/certview/prompt/concurrent-trust", CvTestDir, factory,
              cv_test_dir_set_up, test_concurrent_trust, cv_test_dir_tear_down);

  return g_test_run ();
}
