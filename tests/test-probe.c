/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RTLD_NEXT, for the test's getaddrinfo() */
#define _GNU_SOURCE
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-error.h"
#include "cv-ftp-reply.h"
#include "cv-inspect.h"
#include "cv-probe.h"
#include "cv-probe-private.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netdb.h>
#include <string.h>
#include <time.h>

/* A test that waits on the main loop fails instead of hanging after this long */
#define GUARD_TIMEOUT_S 20

/* How long a look-up of a name under "slow.invalid" takes here */
#define SLOW_LOOKUP_US (1500 * G_TIME_SPAN_MILLISECOND)

typedef int (*GetaddrinfoFunc) (const char             *node,
                                const char             *service,
                                const struct addrinfo  *hints,
                                struct addrinfo       **res);

static GetaddrinfoFunc system_getaddrinfo;
static gint slow_lookups_done;

/*
 * A name service that takes its time: the probe's look-up calls this
 * getaddrinfo(), the program's own, ahead of the C library's. A name under
 * "slow.invalid" is answered after SLOW_LOOKUP_US (not found); any other by the
 * C library.
 */
__attribute__ ((visibility ("default"))) int
getaddrinfo (const char             *node,
             const char             *service,
             const struct addrinfo  *hints,
             struct addrinfo       **res)
{
  if (node != NULL && g_str_has_suffix (node, ".slow.invalid"))
    {
      g_usleep (SLOW_LOOKUP_US);
      g_atomic_int_inc (&slow_lookups_done);
      return EAI_NONAME;
    }

  return system_getaddrinfo (node, service, hints, res);
}

/* Until the slow look-ups a run left behind have ended, so that what they free
 * is freed under the test's eyes (AddressSanitizer's, in CI) */
static void
wait_for_slow_lookups (gint n_done)
{
  gint64 limit = g_get_monotonic_time () + 3 * SLOW_LOOKUP_US;

  while (g_atomic_int_get (&slow_lookups_done) < n_done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, limit);
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  /* The thread's last steps after the answer: the pipe, its reference */
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
}

/* The certificate every server here shows, issued once in main() and passed to the
 * tests as their data */
typedef struct
{
  char   *chain_pem;
  char   *key_pem;
  GBytes *leaf_der;
} Served;

static CvDemoServer *
start_server (const Served    *served,
              CvProtocol       protocol,
              CvDemoBehaviour  behaviour,
              const char      *address)
{
  g_autoptr(GError) error = NULL;
  CvDemoServer *server = cv_demo_server_new (protocol, served->chain_pem, served->key_pem);

  cv_demo_server_set_behaviour (server, behaviour);
  cv_demo_server_start (server, address, &error);
  g_assert_no_error (error);
  return server;
}

/* A probe of @host, @port with the protocol and timeout given, run to its end */
static CvProbeResult *
run_probe_at (const char    *host,
              guint16        port,
              CvProtocol     protocol,
              guint          timeout_ms,
              GCancellable  *cancellable,
              gint64        *elapsed_us,
              GError       **error)
{
  g_autoptr(CvTarget) target = cv_target_new (host, port, protocol);
  g_autoptr(CvProbe) probe = cv_probe_new (target);
  CvProbeResult *result;
  gint64 start;

  cv_probe_set_timeout_ms (probe, timeout_ms);
  start = g_get_monotonic_time ();
  result = cv_probe_run (probe, cancellable, error);
  if (elapsed_us != NULL)
    *elapsed_us = g_get_monotonic_time () - start;
  if (result != NULL)
    g_assert_cmpint (cv_probe_get_phase (probe), ==, CV_PROBE_PHASE_DONE);
  return result;
}

static CvProbeResult *
run_probe (CvDemoServer  *server,
           CvProtocol     protocol,
           const char    *host,
           guint          timeout_ms,
           gint64        *elapsed_us,
           GError       **error)
{
  return run_probe_at (host, cv_demo_server_get_port (server), protocol, timeout_ms, NULL,
                       elapsed_us, error);
}

static void
assert_good_result (const Served  *served,
                    CvProbeResult *result,
                    const char    *server_name,
                    const char    *peer_address)
{
  GPtrArray *chain = cv_probe_result_get_chain (result);

  g_assert_nonnull (chain);
  g_assert_cmpuint (chain->len, >=, 1);
  g_assert_true (g_bytes_equal (g_ptr_array_index (chain, 0), served->leaf_der));
  g_assert_nonnull (cv_probe_result_get_tls_version (result));
  g_assert_cmpstr (cv_probe_result_get_tls_version (result), !=, "");
  g_assert_nonnull (cv_probe_result_get_cipher (result));
  g_assert_cmpstr (cv_probe_result_get_cipher (result), !=, "");
  g_assert_nonnull (cv_probe_result_get_key_exchange (result));
  g_assert_cmpstr (cv_probe_result_get_key_exchange (result), !=, "");
  /* The built-in server negotiates TLS 1.3 with an AEAD cipher and signs with ECDSA */
  g_assert_cmpstr (cv_probe_result_get_mac (result), ==, "AEAD");
  g_assert_true (g_str_has_prefix (cv_probe_result_get_signature_algorithm (result), "ECDSA"));
  g_assert_cmpstr (cv_probe_result_get_server_name (result), ==, server_name);
  g_assert_cmpstr (cv_probe_result_get_peer_address (result), ==, peer_address);
}

static void
check_normal (const Served *served,
              CvProtocol    protocol,
              const char   *host,
              const char   *server_name,
              const char   *greeting)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  g_autofree char *peer = NULL;

  server = start_server (served, protocol, CV_DEMO_BEHAVIOUR_NORMAL, "127.0.0.1");
  result = run_probe (server, protocol, host, 10000, NULL, &error);
  g_assert_no_error (error);

  peer = g_strdup_printf ("127.0.0.1:%u", cv_demo_server_get_port (server));
  assert_good_result (served, result, server_name, peer);
  g_assert_cmpstr (cv_probe_result_get_greeting (result), ==, greeting);
  g_test_message ("%s, %s, %s", cv_probe_result_get_tls_version (result),
                  cv_probe_result_get_cipher (result),
                  cv_probe_result_get_key_exchange (result));
}

static void
test_explicit (gconstpointer data)
{
  const Served *served = data;

  check_normal (served, CV_PROTOCOL_FTP_EXPLICIT, "localhost", "localhost",
                "Certview demo server ready");
}

static void
test_implicit (gconstpointer data)
{
  const Served *served = data;

  check_normal (served, CV_PROTOCOL_FTP_IMPLICIT, "localhost", "localhost", NULL);
}

static void
test_direct (gconstpointer data)
{
  const Served *served = data;

  check_normal (served, CV_PROTOCOL_DIRECT_TLS, "localhost", "localhost", NULL);
}

static void
test_ip_literal_no_sni (gconstpointer data)
{
  const Served *served = data;

  check_normal (served, CV_PROTOCOL_FTP_EXPLICIT, "127.0.0.1", NULL, "Certview demo server ready");
  check_normal (served, CV_PROTOCOL_DIRECT_TLS, "127.0.0.1", NULL, NULL);
}

static void
test_sni_override (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  g_autoptr(CvProbeResult) result = NULL;

  server = start_server (served, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_NORMAL, "127.0.0.1");
  target = cv_target_new ("127.0.0.1", cv_demo_server_get_port (server),
                          CV_PROTOCOL_DIRECT_TLS);
  probe = cv_probe_new (target);
  cv_probe_set_server_name (probe, "ftp.example.org");
  result = cv_probe_run (probe, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cv_probe_result_get_server_name (result), ==, "ftp.example.org");
}

/* A server on ::1, reached by its address and by "localhost" and the names under
 * it, which are the machine itself, IPv6 first (RFC 6761), without asking the name
 * service */
static void
test_ipv6 (gconstpointer data)
{
  const Served *served = data;
  const char *hosts[] = { "::1", "localhost", "LocalHost", "ftp.localhost" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *peer = NULL;

  server = cv_demo_server_new (CV_PROTOCOL_FTP_IMPLICIT, served->chain_pem, served->key_pem);
  if (!cv_demo_server_start (server, "::1", &error))
    {
      g_test_skip ("No IPv6 loopback on this machine");
      return;
    }

  peer = g_strdup_printf ("[::1]:%u", cv_demo_server_get_port (server));
  for (gsize i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autoptr(CvProbeResult) result = NULL;
      /* An address is sent as no server name */
      g_autofree char *server_name = i == 0 ? NULL : g_ascii_strdown (hosts[i], -1);

      result = run_probe (server, CV_PROTOCOL_FTP_IMPLICIT, hosts[i], 10000, NULL, &error);
      g_assert_no_error (error);
      assert_good_result (served, result, server_name, peer);
    }
}

/* A name the C library's resolver answers (the machine's own, from /etc/hosts
 * where it has one), through the lookup thread: the probe connects to the
 * address it gave first */
static void
test_host_name (gconstpointer data)
{
  const Served *served = data;
  const char *name = g_get_host_name ();
  struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_ADDRCONFIG };
  struct addrinfo *found = NULL;
  char address[INET6_ADDRSTRLEN] = "";
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *peer = NULL;

  if (getaddrinfo (name, NULL, &hints, &found) == 0)
    {
      const struct sockaddr *sa = found->ai_addr;
      gboolean loopback = FALSE;

      if (sa->sa_family == AF_INET)
        {
          const struct in_addr *in = &((const struct sockaddr_in *) sa)->sin_addr;

          loopback = (g_ntohl (in->s_addr) >> 24) == 127;
          inet_ntop (AF_INET, in, address, sizeof address);
        }
      else if (sa->sa_family == AF_INET6)
        {
          const struct in6_addr *in6 = &((const struct sockaddr_in6 *) sa)->sin6_addr;

          loopback = IN6_IS_ADDR_LOOPBACK (in6);
          inet_ntop (AF_INET6, in6, address, sizeof address);
        }
      if (!loopback)
        address[0] = '\0';
      freeaddrinfo (found);
    }

  if (address[0] == '\0' || g_ascii_strcasecmp (name, "localhost") == 0)
    {
      g_test_skip ("This machine's name does not resolve to a loopback address");
      return;
    }

  server = start_server (served, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_NORMAL, address);
  result = run_probe (server, CV_PROTOCOL_DIRECT_TLS, name, 10000, NULL, &error);
  g_assert_no_error (error);
  peer = g_strdup_printf (strchr (address, ':') != NULL ? "[%s]:%u" : "%s:%u", address,
                          cv_demo_server_get_port (server));
  assert_good_result (served, result, lower, peer);
}

typedef struct
{
  GArray        *phases;
  GThread       *main_thread;
  CvProbeResult *result;
  GError        *error;
  gboolean       finished;
  gint64         cancel_time;
  gint64         done_time;
  GCancellable  *cancellable;
} AsyncData;

static void
on_phase_notify (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  AsyncData *data = user_data;
  CvProbePhase phase = cv_probe_get_phase (CV_PROBE (object));

  /* Delivered on the caller's main context, never from the worker */
  g_assert_true (g_thread_self () == data->main_thread);
  g_array_append_val (data->phases, phase);
}

static void
on_probe_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(CvReport) report = NULL;

  g_assert_true (g_thread_self () == data->main_thread);
  data->done_time = g_get_monotonic_time ();
  report = cv_inspect_finish (CV_PROBE (source), result, &data->error);
  if (report != NULL)
    data->result = g_object_ref (cv_report_get_probe_result (report));
  data->finished = TRUE;
}

static gboolean
guard_timeout_cb (gpointer user_data)
{
  g_error ("The probe did not finish within %d s", GUARD_TIMEOUT_S);
  return G_SOURCE_REMOVE;
}

static void
wait_finished (AsyncData *data)
{
  guint guard = g_timeout_add_seconds (GUARD_TIMEOUT_S, guard_timeout_cb, NULL);

  while (!data->finished)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (guard);
}

static void
async_data_clear (AsyncData *data)
{
  g_clear_pointer (&data->phases, g_array_unref);
  g_clear_object (&data->result);
  g_clear_error (&data->error);
  g_clear_object (&data->cancellable);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AsyncData, async_data_clear)

static void
test_phases (gconstpointer user_data)
{
  const Served *served = user_data;
  /* Finding: the first run never said Resolving, the phase a probe starts with,
   * so that a progress line stayed empty while the name resolved */
  static const CvProbePhase expected[] = {
    CV_PROBE_PHASE_RESOLVING,
    CV_PROBE_PHASE_CONNECTING,
    CV_PROBE_PHASE_GREETING,
    CV_PROBE_PHASE_AUTH_TLS,
    CV_PROBE_PHASE_HANDSHAKE,
    CV_PROBE_PHASE_VERIFYING,
    CV_PROBE_PHASE_DONE,
  };
  g_auto(AsyncData) data = { 0 };
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;

  data.phases = g_array_new (FALSE, FALSE, sizeof (CvProbePhase));
  data.main_thread = g_thread_self ();

  server = start_server (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_NORMAL, "127.0.0.1");
  target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                          CV_PROTOCOL_FTP_EXPLICIT);
  probe = cv_probe_new (target);
  g_signal_connect (probe, "notify::phase", G_CALLBACK (on_phase_notify), &data);

  cv_inspect_async (probe, NULL, NULL, on_probe_done, &data);
  wait_finished (&data);

  g_assert_no_error (data.error);
  assert_good_result (served, data.result, "localhost",
                      cv_probe_result_get_peer_address (data.result));
  g_assert_cmpuint (data.phases->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < data.phases->len; i++)
    g_assert_cmpint (g_array_index (data.phases, CvProbePhase, i), ==, expected[i]);
  g_assert_cmpint (cv_probe_get_phase (probe), ==, CV_PROBE_PHASE_DONE);

  /* A second run starts over from resolving */
  g_array_set_size (data.phases, 0);
  g_clear_object (&data.result);
  data.finished = FALSE;
  cv_inspect_async (probe, NULL, NULL, on_probe_done, &data);
  g_assert_cmpint (cv_probe_get_phase (probe), ==, CV_PROBE_PHASE_RESOLVING);
  wait_finished (&data);
  g_assert_no_error (data.error);
  g_assert_cmpint (g_array_index (data.phases, CvProbePhase, 0), ==,
                   CV_PROBE_PHASE_RESOLVING);
  g_assert_cmpint (g_array_index (data.phases, CvProbePhase, data.phases->len - 1), ==,
                   CV_PROBE_PHASE_DONE);

  g_signal_handlers_disconnect_by_data (probe, &data);
}

static gboolean
cancel_cb (gpointer user_data)
{
  AsyncData *data = user_data;

  data->cancel_time = g_get_monotonic_time ();
  g_cancellable_cancel (data->cancellable);
  return G_SOURCE_REMOVE;
}

static void
check_cancel (const Served   *served,
              CvProtocol      protocol,
              CvDemoBehaviour behaviour)
{
  g_auto(AsyncData) data = { 0 };
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;

  data.phases = g_array_new (FALSE, FALSE, sizeof (CvProbePhase));
  data.main_thread = g_thread_self ();
  data.cancellable = g_cancellable_new ();

  server = start_server (served, protocol, behaviour, "127.0.0.1");
  target = cv_target_new ("127.0.0.1", cv_demo_server_get_port (server), protocol);
  probe = cv_probe_new (target);

  cv_inspect_async (probe, NULL, data.cancellable, on_probe_done, &data);
  g_timeout_add (200, cancel_cb, &data);
  wait_finished (&data);

  g_assert_cmpint (data.cancel_time, >, 0);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data.result);
  g_test_message ("returned %" G_GINT64_FORMAT " us after the cancel",
                  data.done_time - data.cancel_time);
  g_assert_cmpint (data.done_time - data.cancel_time, <, 100 * G_TIME_SPAN_MILLISECOND);
}

static void
test_cancel_silent (gconstpointer data)
{
  const Served *served = data;

  check_cancel (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_SILENT);
}

static void
test_cancel_handshake (gconstpointer data)
{
  const Served *served = data;

  check_cancel (served, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_SILENT);
}

static void
test_cancel_sync (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CvProbeResult) result = NULL;

  /* Already cancelled: no I/O at all */
  server = start_server (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_NORMAL, "127.0.0.1");
  target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                          CV_PROTOCOL_FTP_EXPLICIT);
  probe = cv_probe_new (target);
  g_cancellable_cancel (cancellable);
  result = cv_probe_run (probe, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Runs a probe against a misbehaving server and checks the error and the time taken */
static void
expect_error (const Served    *served,
              CvProtocol       protocol,
              CvDemoBehaviour  behaviour,
              guint            auth_reply,
              guint            timeout_ms,
              gint             code,
              const char      *needle,
              gint64           max_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  gint64 elapsed = 0;

  server = start_server (served, protocol, behaviour, "127.0.0.1");
  if (auth_reply != 0)
    cv_demo_server_set_auth_reply (server, auth_reply);

  result = run_probe (server, protocol, "127.0.0.1", timeout_ms, &elapsed, &error);
  g_assert_null (result);
  g_test_message ("%s (%" G_GINT64_FORMAT " ms)", error->message, elapsed / 1000);
  g_assert_error (error, CV_ERROR, code);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, needle);
  g_assert_cmpint (elapsed, <, max_ms * G_TIME_SPAN_MILLISECOND);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  /* Finding: GnuTLS's sentence, with its own period, made a doubled one */
  g_assert_null (strstr (error->message, ".."));
}

static void
test_silent (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  gint64 elapsed = 0;

  server = start_server (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_SILENT, "127.0.0.1");
  result = run_probe (server, CV_PROTOCOL_FTP_EXPLICIT, "127.0.0.1", 1000, &elapsed, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "greeting"));
  g_assert_nonnull (strstr (error->message, "1 s"));
  g_assert_cmpint (elapsed, >=, 900 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, <, 2500 * G_TIME_SPAN_MILLISECOND);
}

static void
test_silent_implicit (gconstpointer data)
{
  const Served *served = data;

  expect_error (served, CV_PROTOCOL_FTP_IMPLICIT, CV_DEMO_BEHAVIOUR_SILENT, 0, 1000,
                CV_ERROR_TIMED_OUT, "during the TLS handshake", 2500);
}

static void
test_greeting_then_silent (gconstpointer data)
{
  const Served *served = data;

  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_GREETING_THEN_SILENT, 0, 1000,
                CV_ERROR_TIMED_OUT, "reply to AUTH TLS", 2500);
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  g_autofree char *expected = NULL;
  guint16 port;

  /* A port that was free a moment ago and that nobody listens on now */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  target = cv_target_new ("127.0.0.1", port, CV_PROTOCOL_FTP_EXPLICIT);
  probe = cv_probe_new (target);
  cv_probe_set_timeout_ms (probe, 5000);
  result = cv_probe_run (probe, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CV_ERROR, CV_ERROR_CONNECT);
  expected = g_strdup_printf ("Could not connect to 127.0.0.1 port %u: Connection refused. "
                              "Check the server address and port, and that the server is "
                              "running.", port);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (cv_probe_get_phase (probe), ==, CV_PROBE_PHASE_CONNECTING);
}

static void
test_auth_refused (gconstpointer data)
{
  const Served *served = data;
  static const guint codes[] = { 534, 500, 502, 504 };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *code = g_strdup_printf ("AUTH TLS with %u “", codes[i]);

      expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_AUTH_REFUSED, codes[i],
                    5000, CV_ERROR_TLS_NOT_OFFERED, code, 2000);
      expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_AUTH_REFUSED, codes[i],
                    5000, CV_ERROR_TLS_NOT_OFFERED, cv_ftp_reply_code_meaning (codes[i]), 2000);
    }

  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 534, 5000,
                CV_ERROR_TLS_NOT_OFFERED,
                "The server refused AUTH TLS with 534 “Policy forbids TLS here” (the server's "
                "policy refuses the request).", 2000);
  /* Finding: vsftpd with TLS turned off answers 530, which read as "not logged in"
   * alone */
  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 530, 5000,
                CV_ERROR_TLS_NOT_OFFERED, "how some servers say that they have TLS turned off",
                2000);
  /* Finding: an answer that is no FTP reply at all, after an FTP greeting, was a
   * failure to connect, where any answer but 234 is a server that does not start
   * TLS (with a saved decision, a downgrade) */
  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 600, 5000,
                CV_ERROR_TLS_NOT_OFFERED,
                "The server answered AUTH TLS with “600 Refused”, which is not an FTP reply, "
                "so TLS cannot start.", 2000);
}

/* Finding: a server that knows only the draft's name, AUTH SSL, answered AUTH TLS
 * with 504 and read as offering no TLS, where curl and FileZilla connect with TLS
 * (and with a saved decision, as TLS no longer offered) */
static void
test_auth_ssl_only (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;

  g_autofree char *peer = NULL;

  server = start_server (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_AUTH_SSL_ONLY,
                         "127.0.0.1");
  result = run_probe (server, CV_PROTOCOL_FTP_EXPLICIT, "127.0.0.1", 5000, NULL, &error);
  g_assert_no_error (error);
  peer = g_strdup_printf ("127.0.0.1:%u", cv_demo_server_get_port (server));
  assert_good_result (served, result, NULL, peer);
}

/* Finding: a greeting sent twice had its second 220 taken for the answer to AUTH
 * TLS: "TLS no longer offered" for a server that offers it */
static void
test_greeting_twice (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;

  server = start_server (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_GREETING_TWICE,
                         "127.0.0.1");
  result = run_probe (server, CV_PROTOCOL_FTP_EXPLICIT, "127.0.0.1", 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cv_probe_result_get_chain (result));
}

/* Finding: --check-trusted, where TLS met an FTP greeting and FTP was tried in the
 * time left, said that time ("Timed out after 3.999 s"), not the timeout given.
 * Such a second probe says the run's whole timeout. */
static void
test_shown_timeout (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;

  server = start_server (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_SILENT,
                         "127.0.0.1");
  target = cv_target_new ("127.0.0.1", cv_demo_server_get_port (server),
                          CV_PROTOCOL_FTP_EXPLICIT);
  probe = cv_probe_new (target);
  cv_probe_set_timeout_ms (probe, 300);
  cv_probe_set_shown_timeout_ms (probe, 4000);
  result = cv_probe_run (probe, NULL, &error);
  g_assert_null (result);
  g_test_message ("%s", error->message);
  g_assert_error (error, CV_ERROR, CV_ERROR_TIMED_OUT);
  g_assert_true (g_str_has_prefix (error->message, "Timed out after 4 s "));
}

static void
test_greeting_421 (gconstpointer data)
{
  const Served *served = data;

  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_GREETING_421, 0, 5000,
                CV_ERROR_FTP_REPLY, "421 “Service not available”", 2000);
  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_GREETING_421, 0, 5000,
                CV_ERROR_FTP_REPLY, cv_ftp_reply_code_meaning (421), 2000);
}

static void
test_non_numeric (gconstpointer data)
{
  const Served *served = data;

  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_NON_NUMERIC_REPLY, 0, 5000,
                CV_ERROR_PROTOCOL, "“ABC hello”", 2000);
}

static void
test_multiline_greeting (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;

  server = start_server (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_MULTILINE_GREETING,
                         "127.0.0.1");
  result = run_probe (server, CV_PROTOCOL_FTP_EXPLICIT, "localhost", 10000, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (g_ptr_array_index (cv_probe_result_get_chain (result), 0),
                                served->leaf_der));
  g_assert_true (g_str_has_prefix (cv_probe_result_get_greeting (result),
                                   "Welcome to the Certview demo server\n"));
  g_assert_true (g_str_has_suffix (cv_probe_result_get_greeting (result), "\nReady"));
}

/* Peak resident memory in KiB, or -1 where /proc does not say */
static gint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static void
test_huge_banner (gconstpointer data)
{
  const Served *served = data;
  gint64 before = peak_rss_kib ();
  gint64 after;

  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_HUGE_BANNER, 0, 10000,
                CV_ERROR_PROTOCOL, "longer than 4096 bytes", 2000);

  /* The 20 MiB never end up in memory: reads stop at the reply bound */
  after = peak_rss_kib ();
  if (before > 0 && after > 0)
    g_assert_cmpint (after - before, <, 8 * 1024);
}

static void
test_no_line_end (gconstpointer data)
{
  const Served *served = data;

  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_NO_LINE_END, 0, 1000,
                CV_ERROR_TIMED_OUT, "the server began its greeting but did not finish it", 2500);

  /* A server that says it is not ready yet is not "perhaps no FTP server" */
  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_NOT_READY, 0, 1000,
                CV_ERROR_TIMED_OUT, "it said 120 “Service ready in 5 minutes”", 2500);
}

static void
test_garbage_after_234 (gconstpointer data)
{
  const Served *served = data;

  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_GARBAGE_AFTER_234, 0, 5000,
                CV_ERROR_TLS_NOT_OFFERED, "did not answer with TLS; it sent “This is not TLS",
                2000);
}

static void
test_close_mid_handshake (gconstpointer data)
{
  const Served *served = data;
  static const CvProtocol protocols[] = {
    CV_PROTOCOL_FTP_EXPLICIT, CV_PROTOCOL_FTP_IMPLICIT, CV_PROTOCOL_DIRECT_TLS,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (protocols); i++)
    expect_error (served, protocols[i], CV_DEMO_BEHAVIOUR_CLOSE_MID_HANDSHAKE, 0, 5000,
                  CV_ERROR_CLOSED, "closed the connection while the TLS handshake", 2000);
}

static void
test_tls_alert (gconstpointer data)
{
  const Served *served = data;
  g_autofree char *needle = g_strdup_printf ("alert “%s”",
                                             gnutls_alert_get_name (GNUTLS_A_HANDSHAKE_FAILURE));

  expect_error (served, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_TLS_ALERT, 0, 5000,
                CV_ERROR_TLS, needle, 2000);
  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_TLS_ALERT, 0, 5000,
                CV_ERROR_TLS, needle, 2000);
  /* GnuTLS's own reason, ending in a period, in a sentence of ours */
  expect_error (served, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_CERTIFICATE_FIRST, 0, 5000,
                CV_ERROR_TLS, "did not complete a TLS handshake: ", 2000);
}

/* A self-signed RSA certificate for 127.0.0.1 and its key, in PEM: RSA key
 * transport needs an RSA key */
static void
make_rsa_served (Served *served)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t pem = { NULL, 0 };
  const char *name = "CN=Certview RSA test";
  unsigned char serial[] = { 0x11 };
  time_t now = time (NULL);

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_RSA, 2048, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn (crt, name, NULL), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_issuer_dn (crt, name, NULL), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + 86400), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS,
                                                         "\x7f\0\0\x01", 4,
                                                         GNUTLS_FSAN_SET), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                                       GNUTLS_KEY_KEY_ENCIPHERMENT), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);

  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem), ==, 0);
  served->chain_pem = g_strndup ((const char *) pem.data, pem.size);
  gnutls_free (pem.data);
  g_assert_cmpint (gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &pem), ==, 0);
  served->key_pem = g_strndup ((const char *) pem.data, pem.size);
  gnutls_free (pem.data);

  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);
}

/* A TLS 1.2 server that ends the handshake for want of a client certificate has
 * sent its certificates and signed its key exchange by then: they are shown,
 * with what it asked for. With RSA key transport it signs nothing, and nothing
 * it sent is shown. */
static void
test_client_certificate (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  g_autofree char *peer = NULL;
  Served rsa = { NULL };

  server = start_server (served, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED,
                         "127.0.0.1");
  result = run_probe (server, CV_PROTOCOL_DIRECT_TLS, "127.0.0.1", 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (cv_probe_result_get_client_certificate (result), ==,
                   CV_CLIENT_CERTIFICATE_REQUIRED);
  g_assert_true (g_bytes_equal (g_ptr_array_index (cv_probe_result_get_chain (result), 0),
                                served->leaf_der));
  g_assert_cmpstr (cv_probe_result_get_tls_version (result), ==, "TLS1.2");
  g_assert_true (g_str_has_prefix (cv_probe_result_get_signature_algorithm (result), "ECDSA"));
  peer = g_strdup_printf ("127.0.0.1:%u", cv_demo_server_get_port (server));
  g_assert_cmpstr (cv_probe_result_get_peer_address (result), ==, peer);
  g_clear_object (&result);
  g_clear_object (&server);

  /* Through AUTH TLS too */
  server = start_server (served, CV_PROTOCOL_FTP_EXPLICIT,
                         CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED, "127.0.0.1");
  result = run_probe (server, CV_PROTOCOL_FTP_EXPLICIT, "127.0.0.1", 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cv_probe_result_get_client_certificate (result), ==,
                   CV_CLIENT_CERTIFICATE_REQUIRED);
  g_clear_object (&result);
  g_clear_object (&server);

  /* A server that does not ask */
  server = start_server (served, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_NORMAL, "127.0.0.1");
  result = run_probe (server, CV_PROTOCOL_DIRECT_TLS, "127.0.0.1", 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cv_probe_result_get_client_certificate (result), ==,
                   CV_CLIENT_CERTIFICATE_NOT_REQUESTED);
  g_clear_object (&result);
  g_clear_object (&server);

  make_rsa_served (&rsa);
  expect_error (&rsa, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED_RSA_KX, 0,
                5000, CV_ERROR_TLS, "asked for a client certificate, which Certview does not "
                "send, and ended the TLS handshake", 2000);
  g_free (rsa.chain_pem);
  g_free (rsa.key_pem);
}

/* What answered on the port: a TLS server, even one that failed the handshake,
 * or something else, which another protocol may suit */
static void
test_answered_with_tls (gconstpointer data)
{
  const Served *served = data;
  const struct { CvDemoBehaviour behaviour; gboolean tls; } rows[] = {
    { CV_DEMO_BEHAVIOUR_NORMAL, TRUE },
    { CV_DEMO_BEHAVIOUR_TLS_ALERT, TRUE },
    { CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED, TRUE },
    { CV_DEMO_BEHAVIOUR_PLAIN_TEXT, FALSE },
    { CV_DEMO_BEHAVIOUR_HTTP_TEXT, FALSE },
    { CV_DEMO_BEHAVIOUR_BINARY_NOT_TLS, FALSE },
    { CV_DEMO_BEHAVIOUR_CLOSE_MID_HANDSHAKE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(CvDemoServer) server = start_server (served, CV_PROTOCOL_DIRECT_TLS,
                                                     rows[i].behaviour, "127.0.0.1");
      g_autoptr(CvTarget) target = cv_target_new ("127.0.0.1", cv_demo_server_get_port (server),
                                                  CV_PROTOCOL_DIRECT_TLS);
      g_autoptr(CvProbe) probe = cv_probe_new (target);
      g_autoptr(CvProbeResult) result = NULL;
      g_autoptr(GError) error = NULL;

      cv_probe_set_timeout_ms (probe, 5000);
      result = cv_probe_run (probe, NULL, &error);
      g_test_message ("behaviour %d: %s", rows[i].behaviour,
                      error != NULL ? error->message : "inspected");
      g_assert_cmpint (cv_probe_answered_with_tls (probe), ==, rows[i].tls);
    }
}

static void
test_plain_text (gconstpointer data)
{
  const Served *served = data;

  expect_error (served, CV_PROTOCOL_FTP_IMPLICIT, CV_DEMO_BEHAVIOUR_PLAIN_TEXT, 0, 5000,
                CV_ERROR_TLS_NOT_OFFERED,
                "did not answer with TLS; it sent “220 plain FTP here”, plain text", 2000);
  expect_error (served, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_PLAIN_TEXT, 0, 5000,
                CV_ERROR_TLS_NOT_OFFERED, "is this the right port and protocol?", 2000);
  /* Finding: which protocol to choose was left to the user to guess */
  expect_error (served, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_PLAIN_TEXT, 0, 5000,
                CV_ERROR_TLS_NOT_OFFERED, "FTP with explicit TLS (ftp://) may be what it offers",
                2000);

  /* Finding: after 234 to AUTH TLS, plain FTP was met with the advice to try FTP with
   * explicit TLS, which the run was using */
  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_PLAIN_TEXT, 0, 5000,
                CV_ERROR_TLS_NOT_OFFERED, "accepted AUTH TLS, but did not answer with TLS", 2000);

  /* Text with letters beyond ASCII is text all the same: a downgrade is no less
   * one for a server that answers in German; UTF-8 is quoted as it is */
  expect_error (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_PLAIN_TEXT_UTF8, 0, 5000,
                CV_ERROR_TLS_NOT_OFFERED,
                "it sent “500 Befehl unbekannt – später”, plain text", 2000);
  expect_error (served, CV_PROTOCOL_FTP_IMPLICIT, CV_DEMO_BEHAVIOUR_PLAIN_TEXT_LATIN1, 0, 5000,
                CV_ERROR_TLS_NOT_OFFERED,
                "it sent “220 Gr\uFFFD\uFFFDe aus K\uFFFDln”, plain text", 2000);

  /* Bytes that cannot begin a character are no text: no downgrade is claimed */
  expect_error (served, CV_PROTOCOL_FTP_IMPLICIT, CV_DEMO_BEHAVIOUR_BINARY_NOT_TLS, 0, 5000,
                CV_ERROR_TLS, "it sent “\uFFFD\uFFFD”. Is this the right port", 2000);
}

/* Explicit FTP against an implicit FTPS port: the client waits for a greeting */
static void
test_wrong_protocol (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;

  server = start_server (served, CV_PROTOCOL_FTP_IMPLICIT, CV_DEMO_BEHAVIOUR_NORMAL, "127.0.0.1");
  result = run_probe (server, CV_PROTOCOL_FTP_EXPLICIT, "127.0.0.1", 1000, NULL, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_TIMED_OUT);
}

static void
test_drip_banner (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  gint64 elapsed = 0;

  server = start_server (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_DRIP_BANNER,
                         "127.0.0.1");
  result = run_probe (server, CV_PROTOCOL_FTP_EXPLICIT, "localhost", 15000, &elapsed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cv_probe_result_get_greeting (result), ==, "slow ready");
  /* 16 bytes, 200 ms apart */
  g_assert_cmpint (elapsed, >=, 2500 * G_TIME_SPAN_MILLISECOND);
}

static void
test_resolve_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvProbeResult) result = NULL;

  /* .invalid never resolves (RFC 6761), and fails without network access */
  result = run_probe_at ("no-such-host.invalid", 21, CV_PROTOCOL_FTP_EXPLICIT, 5000, NULL, NULL,
                         &error);
  g_assert_null (result);
  if (g_error_matches (error, CV_ERROR, CV_ERROR_TIMED_OUT))
    {
      g_test_skip ("The resolver is too slow here");
      return;
    }
  g_assert_error (error, CV_ERROR, CV_ERROR_RESOLVE);
  /* The name once, in Certview's words */
  g_assert_cmpstr (error->message, ==,
                   "The server “no-such-host.invalid” was not found. Check the name and your "
                   "network connection.");
}

/* A look-up still going at the deadline: the run ends then, with the step in its
 * message, and leaves the look-up behind to end by itself */
static void
test_resolve_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  gint n_done = g_atomic_int_get (&slow_lookups_done);
  gint64 elapsed;

  result = run_probe_at ("ftp.slow.invalid", 21, CV_PROTOCOL_FTP_EXPLICIT, 300, NULL, &elapsed,
                         &error);

  g_assert_null (result);
  g_assert_error (error, CV_ERROR, CV_ERROR_TIMED_OUT);
  g_assert_cmpstr (error->message, ==,
                   "Timed out after 0.3 s looking up the server “ftp.slow.invalid”. Check "
                   "the name and your network connection.");
  g_test_message ("returned after %" G_GINT64_FORMAT " us", elapsed);
  g_assert_cmpint (elapsed, >=, 300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, <, SLOW_LOOKUP_US / 2);

  wait_for_slow_lookups (n_done + 1);
}

typedef struct
{
  GCancellable *cancellable;
  gint64        cancel_time;
} CancelLater;

static gpointer
cancel_later_thread (gpointer user_data)
{
  CancelLater *later = user_data;

  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  later->cancel_time = g_get_monotonic_time ();
  g_cancellable_cancel (later->cancellable);
  return NULL;
}

/* Cancel during a look-up ends the run at once, not when the look-up does */
static void
test_resolve_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelLater later = { cancellable, 0 };
  gint n_done = g_atomic_int_get (&slow_lookups_done);
  GThread *thread;
  gint64 done_time;

  thread = g_thread_new ("cancel-later", cancel_later_thread, &later);
  result = run_probe_at ("ftp.slow.invalid", 21, CV_PROTOCOL_FTP_EXPLICIT, 10000, cancellable,
                         NULL, &error);
  done_time = g_get_monotonic_time ();
  g_thread_join (thread);

  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("returned %" G_GINT64_FORMAT " us after the cancel",
                  done_time - later.cancel_time);
  g_assert_cmpint (later.cancel_time, >, 0);
  g_assert_cmpint (done_time - later.cancel_time, <, 100 * G_TIME_SPAN_MILLISECOND);

  wait_for_slow_lookups (n_done + 1);
}

static void
test_phase_labels (void)
{
  for (CvProbePhase phase = CV_PROBE_PHASE_RESOLVING; phase <= CV_PROBE_PHASE_DONE; phase++)
    {
      g_assert_nonnull (cv_probe_phase_get_label (phase));
      g_assert_cmpstr (cv_probe_phase_get_label (phase), !=, "");
    }
}

static GBytes *
first_certificate_der (const char *pem)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t in = { (unsigned char *) pem, strlen (pem) };
  gnutls_datum_t out = { NULL, 0 };
  GBytes *der;

  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, GNUTLS_E_SUCCESS);
  g_assert_cmpint (gnutls_x509_crt_import (crt, &in, GNUTLS_X509_FMT_PEM), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &out), ==, 0);
  der = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  gnutls_x509_crt_deinit (crt);
  return der;
}

typedef struct
{
  CvProbe *probe;
  GThread *thread;
  guint    calls;
  CvProbePhase phase;
} FirstWait;

static void
first_wait_cb (gpointer data)
{
  FirstWait *seen = data;

  seen->calls++;
  seen->thread = g_thread_self ();
  seen->phase = cv_probe_get_phase (seen->probe);
}

/* The work handed to a run is done once, on the run's thread, when it first waits
 * for the server: here the connection or the greeting, before AUTH TLS */
static void
test_first_wait (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  FirstWait seen = { 0 };

  server = start_server (served, CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_DRIP_BANNER,
                         "127.0.0.1");
  target = cv_target_new ("127.0.0.1", cv_demo_server_get_port (server),
                          CV_PROTOCOL_FTP_EXPLICIT);
  probe = cv_probe_new (target);
  seen.probe = probe;
  result = cv_probe_run_full (probe, first_wait_cb, &seen, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_true (seen.thread == g_thread_self ());
  g_assert_cmpint (seen.phase, >=, CV_PROBE_PHASE_CONNECTING);
  g_assert_cmpint (seen.phase, <=, CV_PROBE_PHASE_GREETING);
}

typedef struct
{
  CvProbe       *probe;
  CvProbeResult *result;
  GError        *error;
  gint           finished;
} ContextRun;

static gpointer
run_for_default_context (gpointer user_data)
{
  ContextRun *run = user_data;

  run->result = cv_probe_run_for_context (run->probe, NULL, NULL, &run->error);
  g_atomic_int_set (&run->finished, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Finding: a NULL context, which the documentation allows, was refused with a
 * critical, and the error was not set. It is the global default context. */
static void
test_run_for_default_context (gconstpointer user_data)
{
  const Served *served = user_data;
  g_auto(AsyncData) data = { 0 };
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  ContextRun run = { 0 };
  GThread *thread;

  data.phases = g_array_new (FALSE, FALSE, sizeof (CvProbePhase));
  data.main_thread = g_thread_self ();
  server = start_server (served, CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_NORMAL, "127.0.0.1");
  target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                          CV_PROTOCOL_DIRECT_TLS);
  probe = cv_probe_new (target);
  g_signal_connect (probe, "notify::phase", G_CALLBACK (on_phase_notify), &data);

  run.probe = probe;
  thread = g_thread_new ("probe-job", run_for_default_context, &run);
  while (!g_atomic_int_get (&run.finished))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_no_error (run.error);
  g_assert_nonnull (run.result);
  g_clear_object (&run.result);
  g_assert_cmpuint (data.phases->len, >, 0);
  g_assert_cmpint (g_array_index (data.phases, CvProbePhase, data.phases->len - 1), ==,
                   CV_PROBE_PHASE_DONE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;
  Served served = { NULL };
  int ret;

  g_test_init (&argc, &argv, NULL);

  system_getaddrinfo = (GetaddrinfoFunc) dlsym (RTLD_NEXT, "getaddrinfo");
  g_assert_nonnull (system_getaddrinfo);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  cv_cert_factory_issue (factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                         &served.chain_pem, &served.key_pem, &error);
  g_assert_no_error (error);
  served.leaf_der = first_certificate_der (served.chain_pem);

  g_test_add_data_func ("/certview/probe/explicit", &served, test_explicit);
  g_test_add_data_func ("/certview/probe/implicit", &served, test_implicit);
  g_test_add_data_func ("/certview/probe/direct", &served, test_direct);
  g_test_add_data_func ("/certview/probe/ip-literal-no-sni", &served, test_ip_literal_no_sni);
  g_test_add_data_func ("/certview/probe/sni-override", &served, test_sni_override);
  g_test_add_data_func ("/certview/probe/ipv6", &served, test_ipv6);
  g_test_add_data_func ("/certview/probe/host-name", &served, test_host_name);
  g_test_add_data_func ("/certview/probe/phases", &served, test_phases);
  g_test_add_data_func ("/certview/probe/run-for-default-context", &served,
                        test_run_for_default_context);
  g_test_add_func ("/certview/probe/phase-labels", test_phase_labels);
  g_test_add_data_func ("/certview/probe/first-wait", &served, test_first_wait);
  g_test_add_data_func ("/certview/probe/silent", &served, test_silent);
  g_test_add_data_func ("/certview/probe/silent-implicit", &served, test_silent_implicit);
  g_test_add_data_func ("/certview/probe/greeting-then-silent", &served,
                        test_greeting_then_silent);
  g_test_add_func ("/certview/probe/refused", test_refused);
  g_test_add_data_func ("/certview/probe/auth-refused", &served, test_auth_refused);
  g_test_add_data_func ("/certview/probe/auth-ssl-only", &served, test_auth_ssl_only);
  g_test_add_data_func ("/certview/probe/greeting-twice", &served, test_greeting_twice);
  g_test_add_data_func ("/certview/probe/shown-timeout", &served, test_shown_timeout);
  g_test_add_data_func ("/certview/probe/client-certificate", &served,
                        test_client_certificate);
  g_test_add_data_func ("/certview/probe/answered-with-tls", &served, test_answered_with_tls);
  g_test_add_data_func ("/certview/probe/greeting-421", &served, test_greeting_421);
  g_test_add_data_func ("/certview/probe/non-numeric", &served, test_non_numeric);
  g_test_add_data_func ("/certview/probe/multiline-greeting", &served, test_multiline_greeting);
  g_test_add_data_func ("/certview/probe/huge-banner", &served, test_huge_banner);
  g_test_add_data_func ("/certview/probe/no-line-end", &served, test_no_line_end);
  g_test_add_data_func ("/certview/probe/garbage-after-234", &served, test_garbage_after_234);
  g_test_add_data_func ("/certview/probe/close-mid-handshake", &served, test_close_mid_handshake);
  g_test_add_data_func ("/certview/probe/tls-alert", &served, test_tls_alert);
  g_test_add_data_func ("/certview/probe/plain-text", &served, test_plain_text);
  g_test_add_data_func ("/certview/probe/wrong-protocol", &served, test_wrong_protocol);
  g_test_add_data_func ("/certview/probe/drip-banner", &served, test_drip_banner);
  g_test_add_func ("/certview/probe/resolve-error", test_resolve_error);
  g_test_add_func ("/certview/probe/resolve-timeout", test_resolve_timeout);
  g_test_add_func ("/certview/probe/resolve-cancel", test_resolve_cancel);
  g_test_add_data_func ("/certview/probe/cancel-silent", &served, test_cancel_silent);
  g_test_add_data_func ("/certview/probe/cancel-handshake", &served, test_cancel_handshake);
  g_test_add_data_func ("/certview/probe/cancel-sync", &served, test_cancel_sync);

  ret = g_test_run ();

  g_bytes_unref (served.leaf_der);
  g_free (served.chain_pem);
  g_free (served.key_pem);
  return ret;
}
