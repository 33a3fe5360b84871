/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "bench-util.h"
#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-inspect.h"
#include "cv-test-util.h"
#include "cv-test-vsftpd.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * Measure 1: what the in-process probe (connect, AUTH TLS, handshake, verification,
 * the model) costs against the least a program must do for the same answer: a
 * bare GnuTLS client with credentials loaded once (system anchors and the CA file)
 * that connects, says AUTH TLS, shakes hands and lets GnuTLS verify the chain.
 */

#define DEFAULT_RUNS 300

static gnutls_certificate_credentials_t bare_credentials;

static int
connect_loopback (guint16 port)
{
  struct sockaddr_in address = { 0 };
  int one = 1;
  int fd;

  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert (fd >= 0);
  /* As GSocket does for the probe: small writes go out at once */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  address.sin_family = AF_INET;
  address.sin_port = htons (port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    g_error ("connect to port %u: %s", port, g_strerror (errno));
  return fd;
}

/* Reads FTP reply lines until the last one ("NNN text"), and checks its code */
static void
read_reply (int         fd,
            const char *code)
{
  char line[1024];
  gsize len = 0;

  for (;;)
    {
      char c;

      if (read (fd, &c, 1) != 1)
        g_error ("the FTP server closed the connection");
      if (c != '\n')
        {
          if (len < sizeof line - 1)
            line[len++] = c;
          continue;
        }

      line[len] = '\0';
      if (len >= 4 && line[3] == ' ')
        {
          if (strncmp (line, code, 3) != 0)
            g_error ("expected %s, got “%s”", code, line);
          return;
        }
      len = 0;
    }
}

static void
bare_handshake (guint16  port,
                gboolean explicit_tls)
{
  gnutls_session_t session;
  int fd = connect_loopback (port);
  int ret;

  if (explicit_tls)
    {
      static const char auth[] = "AUTH TLS\r\n";

      read_reply (fd, "220");
      if (write (fd, auth, strlen (auth)) != (gssize) strlen (auth))
        g_error ("write: %s", g_strerror (errno));
      read_reply (fd, "234");
    }

  g_assert (gnutls_init (&session, GNUTLS_CLIENT) == 0);
  g_assert (gnutls_set_default_priority (session) == 0);
  g_assert (gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, bare_credentials) == 0);
  gnutls_session_set_verify_cert (session, "127.0.0.1", 0);
  gnutls_transport_set_int (session, fd);

  do
    ret = gnutls_handshake (session);
  while (ret < 0 && !gnutls_error_is_fatal (ret));
  if (ret < 0)
    g_error ("bare handshake: %s", gnutls_strerror (ret));

  gnutls_bye (session, GNUTLS_SHUT_WR);
  gnutls_deinit (session);
  close (fd);
}

static void
probe_once (CvTarget   *target,
            const char *ca_file)
{
  g_autoptr(CvProbe) probe = cv_probe_new (target);
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = cv_inspect (probe, ca_file, NULL, &error);
  if (report == NULL)
    g_error ("probe: %s", error->message);
  if (!cv_report_get_valid (report))
    g_error ("probe: the certificate should be valid");
}

static double
elapsed_us (gint64 start)
{
  return (double) (g_get_monotonic_time () - start);
}

static void
measure (const char *label,
         CvProtocol  protocol,
         guint16     port,
         const char *ca_file,
         guint       runs)
{
  g_auto(BenchSamples) probe = { 0 };
  g_auto(BenchSamples) bare = { 0 };
  g_autoptr(CvTarget) target = cv_target_new ("127.0.0.1", port, protocol);
  g_autofree char *verdict = NULL;
  gboolean explicit_tls = protocol == CV_PROTOCOL_FTP_EXPLICIT;
  double ratio;

  bench_samples_init (&probe);
  bench_samples_init (&bare);

  /* Warm-up: first-use costs (the system anchors' file in the page cache, GType
   * registration) are not what a run costs */
  probe_once (target, ca_file);
  bare_handshake (port, explicit_tls);

  /* Interleaved, and the order swapped every other run, so that the machine's
   * load and the server's state fall on both alike */
  for (guint i = 0; i < runs; i++)
    {
      for (guint j = 0; j < 2; j++)
        {
          gint64 start = g_get_monotonic_time ();

          if ((i + j) % 2 == 0)
            {
              probe_once (target, ca_file);
              bench_samples_add (&probe, elapsed_us (start));
            }
          else
            {
              bare_handshake (port, explicit_tls);
              bench_samples_add (&bare, elapsed_us (start));
            }
        }
    }

  ratio = bench_samples_median (&probe) / bench_samples_median (&bare);
  verdict = bench_verdict (ratio, 1.10);
  g_print ("%-28s probe %7.3f ms  bare GnuTLS %7.3f ms  (p90 %.3f / %.3f)  "
           "ratio %.2fx  target <= 1.10x: %s\n",
           label,
           bench_samples_median (&probe) / 1000, bench_samples_median (&bare) / 1000,
           bench_samples_quantile (&probe, 0.9) / 1000,
           bench_samples_quantile (&bare, 0.9) / 1000,
           ratio, verdict);
}

static CvDemoServer *
start_demo (CvCertFactory *factory,
            CvProtocol     protocol)
{
  CvDemoServer *server;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(GError) error = NULL;

  cv_cert_factory_issue (factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                         &chain_pem, &key_pem, &error);
  g_assert_no_error (error);
  server = cv_demo_server_new (protocol, chain_pem, key_pem);
  cv_demo_server_start (server, "127.0.0.1", &error);
  g_assert_no_error (error);
  return server;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(CvDemoServer) demo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *ca_file = NULL;
  guint runs = bench_quick () ? 20 : DEFAULT_RUNS;

  if (argc > 1)
    runs = (guint) g_ascii_strtoull (argv[1], NULL, 10);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  dir = g_dir_make_tmp ("certview-bench-XXXXXX", &error);
  g_assert_no_error (error);
  ca_file = cv_test_write_file (dir, "ca.pem", cv_cert_factory_get_ca_pem (factory));

  g_assert (gnutls_certificate_allocate_credentials (&bare_credentials) == 0);
  g_assert (gnutls_certificate_set_x509_system_trust (bare_credentials) >= 0);
  g_assert (gnutls_certificate_set_x509_trust_file (bare_credentials, ca_file,
                                                    GNUTLS_X509_FMT_PEM) == 1);

  bench_heading ("1. Probe overhead: in-process probe against a bare GnuTLS handshake");
  g_print ("median of %u runs each, interleaved; valid certificate issued for 127.0.0.1\n",
           runs);

  {
    g_auto(CvTestVsftpd) vsftpd = { 0 };

    cv_test_vsftpd_start (&vsftpd, factory, CV_TEST_VSFTPD_EXPLICIT, CV_CERT_PROBLEM_NONE);
    measure ("explicit FTPS (vsftpd)", CV_PROTOCOL_FTP_EXPLICIT, vsftpd.port, ca_file, runs);
  }

  {
    g_auto(CvTestVsftpd) vsftpd = { 0 };

    cv_test_vsftpd_start (&vsftpd, factory, CV_TEST_VSFTPD_IMPLICIT, CV_CERT_PROBLEM_NONE);
    measure ("implicit FTPS (vsftpd)", CV_PROTOCOL_FTP_IMPLICIT, vsftpd.port, ca_file, runs);
  }

  demo = start_demo (factory, CV_PROTOCOL_DIRECT_TLS);
  measure ("direct TLS (built-in server)", CV_PROTOCOL_DIRECT_TLS,
           cv_demo_server_get_port (demo), ca_file, runs);
  cv_demo_server_stop (demo);

  gnutls_certificate_free_credentials (bare_credentials);
  cv_test_remove_tree (dir);
  return 0;
}
