/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-test-vsftpd.h"
#include "cv-test-util.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#define START_ATTEMPTS 5
#define READY_TIMEOUT_US (5 * G_USEC_PER_SEC)

/* vsftpd links OpenSSL, which by default refuses to load a SHA-1 signed
 * certificate; the SHA-1 case needs the server to present one anyway. */
#define OPENSSL_CONF \
  "openssl_conf = certview_test\n" \
  "[certview_test]\n" \
  "ssl_conf = certview_ssl\n" \
  "[certview_ssl]\n" \
  "system_default = certview_tls\n" \
  "[certview_tls]\n" \
  "CipherString = DEFAULT:@SECLEVEL=0\n"
static const char openssl_conf[] = OPENSSL_CONF;
/* The same, with TLS 1.2 at most */
static const char openssl_conf_tls12[] = OPENSSL_CONF "MaxProtocol = TLSv1.2\n";

static char *
find_vsftpd (void)
{
  char *path = g_find_program_in_path ("vsftpd");

  if (path == NULL && g_file_test ("/usr/sbin/vsftpd", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/sbin/vsftpd");
  if (path == NULL)
    g_error ("vsftpd is not installed: apt-get install vsftpd");
  return path;
}

static gboolean
port_accepts (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_timeout (client, 1);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

static char *
make_config (CvTestVsftpd     *self,
             CvTestVsftpdMode  mode,
             const char       *key_file)
{
  g_autofree char *empty = g_build_filename (self->dir, "empty", NULL);
  g_autofree char *pub = g_build_filename (self->dir, "pub", NULL);

  return g_strdup_printf ("listen=YES\n"
                          "listen_ipv6=NO\n"
                          "listen_address=127.0.0.1\n"
                          "listen_port=%u\n"
                          "background=NO\n"
                          "anonymous_enable=YES\n"
                          "no_anon_password=YES\n"
                          "anon_root=%s\n"
                          "local_enable=NO\n"
                          "write_enable=NO\n"
                          "secure_chroot_dir=%s\n"
                          "seccomp_sandbox=NO\n"
                          "xferlog_enable=NO\n"
                          "pasv_enable=YES\n"
                          "pasv_address=127.0.0.1\n"
                          "ssl_enable=%s\n"
                          "implicit_ssl=%s\n"
                          "allow_anon_ssl=YES\n"
                          "force_anon_logins_ssl=YES\n"
                          "force_anon_data_ssl=YES\n"
                          "require_ssl_reuse=NO\n"
                          "ssl_ciphers=HIGH:@SECLEVEL=0\n"
                          "rsa_cert_file=%s\n"
                          "rsa_private_key_file=%s\n"
                          "require_cert=%s\n"
                          "validate_cert=NO\n",
                          self->port, pub, empty,
                          mode == CV_TEST_VSFTPD_PLAIN ? "NO" : "YES",
                          mode == CV_TEST_VSFTPD_IMPLICIT ? "YES" : "NO",
                          self->chain_file, key_file,
                          self->require_client_certificate ? "YES" : "NO");
}

static gboolean
try_start (CvTestVsftpd     *self,
           const char       *program,
           CvTestVsftpdMode  mode,
           const char       *key_file,
           guint16           port)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *openssl_file = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  self->port = port ? port : cv_test_free_port ();
  config = make_config (self, mode, key_file);
  config_file = cv_test_write_file (self->dir, "vsftpd.conf", config);
  openssl_file = cv_test_write_file (self->dir, "openssl.cnf",
                                     self->tls12_only ? openssl_conf_tls12 : openssl_conf);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "OPENSSL_CONF", openssl_file, TRUE);
  self->process = g_subprocess_launcher_spawn (launcher, &error, program, config_file, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + READY_TIMEOUT_US;
  while (g_get_monotonic_time () < deadline)
    {
      /* Exited: a bad configuration, or another program took the port first */
      if (g_subprocess_get_identifier (self->process) == NULL)
        break;
      if (port_accepts (self->port))
        return TRUE;
      g_usleep (20 * 1000);
    }

  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
  return FALSE;
}

static void
write_certificate (CvTestVsftpd  *self,
                   CvCertFactory *factory,
                   CvCertProblem  problems,
                   char         **key_file)
{
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(GError) error = NULL;

  cv_cert_factory_issue (factory, "localhost", problems, 0, &chain_pem, &key_pem, &error);
  g_assert_no_error (error);
  g_free (self->chain_file);
  self->chain_file = cv_test_write_file (self->dir, "chain.pem", chain_pem);
  *key_file = cv_test_write_file (self->dir, "key.pem", key_pem);
  g_chmod (*key_file, 0600);
}

static void
launch (CvTestVsftpd *self,
        const char   *key_file,
        guint16       port)
{
  g_autofree char *program = find_vsftpd ();

  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    if (try_start (self, program, self->mode, key_file, port))
      return;

  g_error ("vsftpd did not start; try it by hand: %s %s/vsftpd.conf", program, self->dir);
}

void
cv_test_vsftpd_start (CvTestVsftpd     *self,
                      CvCertFactory    *factory,
                      CvTestVsftpdMode  mode,
                      CvCertProblem     problems)
{
  g_autofree char *key_file = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *hello = NULL;
  g_autoptr(GError) error = NULL;

  memset (self, 0, sizeof *self);
  self->mode = mode;
  self->dir = g_dir_make_tmp ("certview-vsftpd-XXXXXX", &error);
  g_assert_no_error (error);
  /* vsftpd's anonymous user must be able to enter the tree, and must not write to it */
  g_chmod (self->dir, 0755);

  write_certificate (self, factory, problems, &key_file);
  self->ca_file = cv_test_write_file (self->dir, "ca.pem", cv_cert_factory_get_ca_pem (factory));

  sub = g_build_filename (self->dir, "empty", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_clear_pointer (&sub, g_free);
  sub = g_build_filename (self->dir, "pub", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  hello = cv_test_write_file (sub, "hello.txt", "Hello over FTPS\n");
  g_chmod (hello, 0644);

  launch (self, key_file, 0);
}

static void
stop_process (CvTestVsftpd *self)
{
  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
    }
}

void
cv_test_vsftpd_restart (CvTestVsftpd  *self,
                        CvCertFactory *factory,
                        CvCertProblem  problems)
{
  g_autofree char *key_file = NULL;
  guint16 port = self->port;

  stop_process (self);
  write_certificate (self, factory, problems, &key_file);
  launch (self, key_file, port);
}

void
cv_test_vsftpd_restart_as (CvTestVsftpd     *self,
                           CvTestVsftpdMode  mode)
{
  g_autofree char *key_file = g_build_filename (self->dir, "key.pem", NULL);
  guint16 port = self->port;

  stop_process (self);
  self->mode = mode;
  launch (self, key_file, port);
}

void
cv_test_vsftpd_restart_requiring_client_certificate (CvTestVsftpd *self,
                                                     gboolean      tls12_only)
{
  self->require_client_certificate = TRUE;
  self->tls12_only = tls12_only;
  cv_test_vsftpd_restart_as (self, self->mode);
}

void
cv_test_vsftpd_stop (CvTestVsftpd *self)
{
  stop_process (self);
  if (self->dir != NULL)
    cv_test_remove_tree (self->dir);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->chain_file, g_free);
}
