/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-error.h"
#include "cv-ftp-reply.h"

#include <string.h>

/* Every blocking step of a test gives up after this long */
#define IO_TIMEOUT_S 10

/* What every test serves, issued once for "localhost" */
typedef struct
{
  char *chain_pem;
  char *key_pem;
} Credentials;

static CvDemoServer *
start_server (const Credentials *credentials,
              CvProtocol         protocol,
              CvDemoBehaviour    behaviour,
              const char        *address)
{
  g_autoptr(GError) error = NULL;
  CvDemoServer *server = cv_demo_server_new (protocol, credentials->chain_pem,
                                             credentials->key_pem);

  cv_demo_server_set_behaviour (server, behaviour);
  g_assert_true (cv_demo_server_start (server, address, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cv_demo_server_get_port (server), >, 0);
  return server;
}

static GSocket *
connect_to (const char *address,
            guint16     port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, port);
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (socket, IO_TIMEOUT_S);
  g_socket_connect (socket, socket_address, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&socket);
}

/* Reads one FTP reply; @buf keeps what follows it */
static CvFtpReply *
read_reply (GSocket *socket,
            GString *buf)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      CvFtpReply *reply;
      gsize consumed = 0;
      char chunk[1024];
      gssize n;

      reply = cv_ftp_reply_parse (buf->str, buf->len, &consumed, &error);
      g_assert_no_error (error);
      if (reply != NULL)
        {
          g_string_erase (buf, 0, consumed);
          return reply;
        }

      n = g_socket_receive (socket, chunk, sizeof chunk, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (buf, chunk, n);
    }
}

static CvFtpReply *
command (GSocket    *socket,
         GString    *buf,
         const char *line)
{
  g_autoptr(GError) error = NULL;

  g_socket_send (socket, line, strlen (line), NULL, &error);
  g_assert_no_error (error);
  return read_reply (socket, buf);
}

static void
wait_for_connections (CvDemoServer *server,
                      guint         n)
{
  gint64 end = g_get_monotonic_time () + IO_TIMEOUT_S * G_USEC_PER_SEC;

  while (cv_demo_server_get_n_connections (server) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
}

static gboolean
have_ipv6_loopback (void)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, 0);
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, NULL);
  return socket != NULL && g_socket_bind (socket, address, TRUE, NULL);
}

static void
check_greeting_and_commands (const Credentials *credentials,
                             const char        *address)
{
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(CvFtpReply) greeting = NULL;
  g_autoptr(CvFtpReply) feat = NULL;
  g_autoptr(CvFtpReply) other = NULL;
  g_autoptr(CvFtpReply) user = NULL;
  g_autoptr(CvFtpReply) quit = NULL;
  char byte;

  server = start_server (credentials, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_NORMAL, address);
  socket = connect_to (address, cv_demo_server_get_port (server));

  greeting = read_reply (socket, buf);
  g_assert_cmpuint (greeting->code, ==, 220);
  g_assert_cmpstr (greeting->text, ==, "Certview demo server ready");

  feat = command (socket, buf, "FEAT\r\n");
  g_assert_cmpuint (feat->code, ==, 211);
  g_assert_nonnull (strstr (feat->text, "AUTH TLS"));

  other = command (socket, buf, "NOOP\r\n");
  g_assert_cmpuint (other->code, ==, 502);

  user = command (socket, buf, "USER anonymous\r\n");
  g_assert_cmpuint (user->code, ==, 530);

  quit = command (socket, buf, "QUIT\r\n");
  g_assert_cmpuint (quit->code, ==, 221);
  g_assert_cmpint (g_socket_receive (socket, &byte, 1, NULL, NULL), ==, 0);

  g_assert_cmpuint (cv_demo_server_get_n_connections (server), ==, 1);
  cv_demo_server_stop (server);
  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
test_ipv4 (gconstpointer credentials)
{
  check_greeting_and_commands (credentials, "127.0.0.1");
}

static void
test_ipv6 (gconstpointer credentials)
{
  if (!have_ipv6_loopback ())
    {
      g_test_skip ("No IPv6 loopback on this machine");
      return;
    }

  check_greeting_and_commands (credentials, "::1");
}

static void
test_n_connections (gconstpointer data)
{
  const Credentials *credentials = data;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(GSocket) idle = NULL;
  g_autoptr(GSocket) second = NULL;
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(CvFtpReply) greeting = NULL;

  server = start_server (credentials, CV_PROTOCOL_FTP_EXPLICIT,
                         CV_DEMO_BEHAVIOUR_NORMAL, "127.0.0.1");
  g_assert_cmpuint (cv_demo_server_get_n_connections (server), ==, 0);

  /* A client that sends nothing does not hold up the next one */
  idle = connect_to ("127.0.0.1", cv_demo_server_get_port (server));
  wait_for_connections (server, 1);
  second = connect_to ("127.0.0.1", cv_demo_server_get_port (server));
  greeting = read_reply (second, buf);
  g_assert_cmpuint (greeting->code, ==, 220);
  g_assert_cmpuint (cv_demo_server_get_n_connections (server), ==, 2);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GSocket) socket = connect_to ("127.0.0.1", cv_demo_server_get_port (server));

      g_socket_close (socket, NULL);
    }

  wait_for_connections (server, 7);
  g_assert_cmpuint (cv_demo_server_get_n_connections (server), ==, 7);
}

static void
test_auth_refused (gconstpointer data)
{
  const Credentials *credentials = data;
  static const struct
  {
    guint       code;
    const char *text;
  } cases[] = {
    { 534, "Policy forbids TLS here" },
    { 500, "Unknown command" },
    { 502, "Command not implemented" },
    { 504, "Security mechanism not understood" },
    { 421, "Service not available" },
  };
  g_autoptr(CvDemoServer) server = NULL;

  server = start_server (credentials, CV_PROTOCOL_FTP_EXPLICIT,
                         CV_DEMO_BEHAVIOUR_AUTH_REFUSED, "127.0.0.1");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSocket) socket = NULL;
      g_autoptr(GString) buf = g_string_new (NULL);
      g_autoptr(CvFtpReply) greeting = NULL;
      g_autoptr(CvFtpReply) reply = NULL;

      /* The code applies to connections accepted after it is set */
      cv_demo_server_set_auth_reply (server, cases[i].code);
      socket = connect_to ("127.0.0.1", cv_demo_server_get_port (server));
      greeting = read_reply (socket, buf);
      g_assert_cmpuint (greeting->code, ==, 220);
      reply = command (socket, buf, "AUTH TLS\r\n");
      g_assert_cmpuint (reply->code, ==, cases[i].code);
      g_assert_cmpstr (reply->text, ==, cases[i].text);
    }
}

/* Stop returns promptly even while connections wait, drip or send a huge banner */
static void
test_stop_prompt (gconstpointer data)
{
  const Credentials *credentials = data;
  static const CvDemoBehaviour behaviours[] = {
    CV_DEMO_BEHAVIOUR_SILENT,
    CV_DEMO_BEHAVIOUR_GREETING_THEN_SILENT,
    CV_DEMO_BEHAVIOUR_DRIP_BANNER,
    CV_DEMO_BEHAVIOUR_HUGE_BANNER,
    CV_DEMO_BEHAVIOUR_NO_LINE_END,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (behaviours); i++)
    {
      g_autoptr(CvDemoServer) server = NULL;
      g_autoptr(GSocket) first = NULL;
      g_autoptr(GSocket) second = NULL;
      gint64 start;

      server = start_server (credentials, CV_PROTOCOL_FTP_EXPLICIT, behaviours[i], "127.0.0.1");
      first = connect_to ("127.0.0.1", cv_demo_server_get_port (server));
      second = connect_to ("127.0.0.1", cv_demo_server_get_port (server));
      wait_for_connections (server, 2);
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);

      start = g_get_monotonic_time ();
      cv_demo_server_stop (server);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 500 * G_TIME_SPAN_MILLISECOND);

      /* A second stop, and the one in finalize, do nothing */
      cv_demo_server_stop (server);
      g_assert_finalize_object (g_steal_pointer (&server));
    }
}

/* The huge banner stops as soon as the client goes away */
static void
test_huge_banner_client_closes (gconstpointer data)
{
  const Credentials *credentials = data;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(GSocket) socket = NULL;
  char chunk[4096];
  gint64 start;

  server = start_server (credentials, CV_PROTOCOL_FTP_EXPLICIT,
                         CV_DEMO_BEHAVIOUR_HUGE_BANNER, "127.0.0.1");
  socket = connect_to ("127.0.0.1", cv_demo_server_get_port (server));
  g_assert_cmpint (g_socket_receive (socket, chunk, sizeof chunk, NULL, NULL), >, 0);
  g_socket_close (socket, NULL);

  /* The server's thread ends by itself; stop only has to join it */
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  start = g_get_monotonic_time ();
  cv_demo_server_stop (server);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 500 * G_TIME_SPAN_MILLISECOND);
}

static void
test_bad_certificate (gconstpointer data)
{
  const Credentials *credentials = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;

  server = cv_demo_server_new (CV_PROTOCOL_DIRECT_TLS, "not a certificate",
                               credentials->key_pem);
  g_assert_false (cv_demo_server_start (server, "127.0.0.1", &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_CERTIFICATE);
  g_assert_cmpuint (cv_demo_server_get_n_connections (server), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;
  Credentials credentials = { NULL, NULL };
  int ret;

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  cv_cert_factory_issue (factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                         &credentials.chain_pem, &credentials.key_pem, &error);
  g_assert_no_error (error);

  g_test_add_data_func ("/certview/demo-server/ipv4", &credentials, test_ipv4);
  g_test_add_data_func ("/certview/demo-server/ipv6", &credentials, test_ipv6);
  g_test_add_data_func ("/certview/demo-server/n-connections", &credentials,
                        test_n_connections);
  g_test_add_data_func ("/certview/demo-server/auth-refused", &credentials, test_auth_refused);
  g_test_add_data_func ("/certview/demo-server/stop-prompt", &credentials, test_stop_prompt);
  g_test_add_data_func ("/certview/demo-server/huge-banner-client-closes", &credentials,
                        test_huge_banner_client_closes);
  g_test_add_data_func ("/certview/demo-server/bad-certificate", &credentials,
                        test_bad_certificate);

  ret = g_test_run ();

  g_free (credentials.chain_pem);
  g_free (credentials.key_pem);
  return ret;
}
