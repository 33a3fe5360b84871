/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The TLS handshake over the probe's connection: the GnuTLS session, and what it
 * learns of the server (chain, stapled responses, connection details) */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-probe-private.h"

#include "cv-error.h"
#include "cv-format.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_session_t, gnutls_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_certificate_credentials_t,
                                 gnutls_certificate_free_credentials, NULL)

/* How much of unexpected bytes an error message shows: the bytes read for it,
 * and the characters of their first line quoted */
#define MAX_SHOWN_BYTES 40
#define MAX_SHOWN_CHARS 40

/* Whether @data is, or may be the start of, an FTP reply: "220 ", "220-"; what a
 * slow server has sent of it so far counts too */
static gboolean
opens_as_ftp_reply (const guchar *data,
                    gsize         len)
{
  for (gsize i = 0; i < MIN (len, 4); i++)
    if (i < 3 ? !g_ascii_isdigit (data[i]) : data[i] != ' ' && data[i] != '-')
      return FALSE;
  return len > 0;
}

/* How many of @data's @len bytes are whole UTF-8, when what follows them is the
 * start of a character cut off at the end; @len when all are; 0 when the bytes are
 * no UTF-8 at all */
static gsize
utf8_whole_length (const guchar *data,
                   gsize         len)
{
  const char *end = NULL;
  gsize valid;
  gsize rest;
  gsize needed;

  if (g_utf8_validate ((const char *) data, (gssize) len, &end))
    return len;

  /* A lead byte (0xC2..0xF4) and fewer continuation bytes than it announces */
  valid = (gsize) (end - (const char *) data);
  rest = len - valid;
  if (data[valid] < 0xC2 || data[valid] > 0xF4)
    return 0;
  needed = data[valid] < 0xE0 ? 2 : data[valid] < 0xF0 ? 3 : 4;
  if (rest >= needed)
    return 0;
  for (gsize i = valid + 1; i < len; i++)
    if (data[i] < 0x80 || data[i] > 0xBF)
      return 0;
  return valid;
}

static char *
quote_bytes (const guchar *data,
             gsize         len)
{
  g_autofree char *line = NULL;
  g_autofree char *safe = NULL;
  gsize n = 0;

  /* The first line, its control bytes made visible; then UTF-8 as such (a server
   * may greet in it), anything else, or a character that could disguise the
   * text, as U+FFFD */
  while (n < len && data[n] != '\r' && data[n] != '\n')
    n++;
  /* The bytes at hand may end within a character: it is left out, and the line
   * said to go on */
  if (n == len && len > MAX_SHOWN_BYTES)
    {
      gsize whole = utf8_whole_length (data, n);

      if (whole > 0 && whole < n)
        n = whole;
    }
  line = g_malloc (n + 1);
  for (gsize i = 0; i < n; i++)
    line[i] = data[i] < 0x20 || data[i] == 0x7f ? '?' : (char) data[i];
  line[n] = '\0';
  safe = cv_sanitize_text (line, (gssize) n);

  /* A line cut off is said to be */
  if (g_utf8_strlen (safe, -1) > MAX_SHOWN_CHARS)
    {
      g_autofree char *shown = g_utf8_substring (safe, 0, MAX_SHOWN_CHARS);

      return g_strconcat (shown, "…", NULL);
    }
  if (n < len && data[n] != '\r' && data[n] != '\n')
    return g_strconcat (safe, "…", NULL);
  return g_steal_pointer (&safe);
}

/* An FTP reply ("220 " and what follows, whatever the bytes), or text without
 * control bytes but line ends and tabs that is UTF-8 (ASCII too; the last
 * character may be cut off) */
static gboolean
is_plain_text (const guchar *data,
               gsize         len)
{
  if (len >= 4 && opens_as_ftp_reply (data, len))
    return TRUE;

  for (gsize i = 0; i < len; i++)
    if ((data[i] < 0x20 || data[i] == 0x7f) &&
        data[i] != '\r' && data[i] != '\n' && data[i] != '\t')
      return FALSE;
  return len > 0 && utf8_whole_length (data, len) > 0;
}

/*
 * TLS records start with a content type (20..24) and major version 3; anything
 * else means the server is not speaking TLS, and waiting for more is pointless.
 */
static gboolean
conn_check_tls_bytes (CvProbeConn  *c,
                      const guchar *data,
                      gsize         len)
{
  gboolean ok = TRUE;

  for (gsize i = 0; i < len && c->n_tls_bytes + i < 2; i++)
    {
      gsize offset = c->n_tls_bytes + i;

      if (offset == 0 && (data[i] < 20 || data[i] > 24))
        ok = FALSE;
      if (offset == 1 && data[i] != 3)
        ok = FALSE;
    }

  c->n_tls_bytes += len;

  if (!ok && c->error == NULL)
    {
      g_autofree char *quoted = NULL;
      gboolean plain;
      guchar shown[MAX_SHOWN_BYTES + 1];
      gsize n_shown = MIN (len, sizeof shown);

      /* GnuTLS reads 5 bytes at first: show what else is already there too */
      memcpy (shown, data, n_shown);
      if (n_shown < sizeof shown && c->buf_pos < c->buf_len)
        {
          gsize n = MIN (sizeof shown - n_shown, c->buf_len - c->buf_pos);

          memcpy (shown + n_shown, c->buf + c->buf_pos, n);
          n_shown += n;
        }
      if (n_shown < sizeof shown)
        {
          gssize n = recv (c->fd, shown + n_shown, sizeof shown - n_shown, MSG_DONTWAIT);
          if (n > 0)
            n_shown += n;
        }

      quoted = quote_bytes (shown, n_shown);

      /* Text (an FTP greeting, an HTTP answer): the server speaks, but not TLS */
      plain = is_plain_text (shown, n_shown);
      c->answered_as_ftp = plain && opens_as_ftp_reply (shown, n_shown);
      /* ftp:// already: the server agreed to TLS, then went on in plain FTP */
      if (c->auth_accepted && plain)
        g_set_error (&c->error, CV_ERROR, CV_ERROR_TLS_NOT_OFFERED,
                     _("The server at %s accepted AUTH TLS, but did not answer with TLS; "
                       "it sent “%s”, plain text. Something on the way may be answering "
                       "for it."),
                     c->target_string, quoted);
      else if (c->answered_as_ftp)
        g_set_error (&c->error, CV_ERROR, CV_ERROR_TLS_NOT_OFFERED,
                     _("The server at %s did not answer with TLS; it sent “%s”, plain text. "
                       "It does not offer TLS here: is this the right port and protocol? It "
                       "greets as an FTP server does, so FTP with explicit TLS (ftp://) may "
                       "be what it offers."),
                     c->target_string, quoted);
      else if (plain)
        g_set_error (&c->error, CV_ERROR, CV_ERROR_TLS_NOT_OFFERED,
                     _("The server at %s did not answer with TLS; it sent “%s”, plain text. "
                       "It does not offer TLS here: is this the right port and protocol?"),
                     c->target_string, quoted);
      else
        g_set_error (&c->error, CV_ERROR, CV_ERROR_TLS,
                     _("The server at %s did not answer with TLS; it sent “%s”. Is this the "
                       "right port and protocol?"), c->target_string, quoted);
    }

  return ok;
}

static ssize_t
tls_pull_cb (gnutls_transport_ptr_t ptr,
             void                  *data,
             size_t                 len)
{
  CvProbeConn *c = ptr;
  gssize n;

  if (c->error != NULL)
    {
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }

  /* What came in the same read as the 234 reply is the start of the handshake */
  if (c->buf_pos < c->buf_len)
    {
      n = MIN (len, c->buf_len - c->buf_pos);
      memcpy (data, c->buf + c->buf_pos, n);
      c->buf_pos += n;
    }
  else
    {
      n = cv_probe_conn_receive (c, data, len, &c->error);
      if (n < 0)
        {
          gnutls_transport_set_errno (c->session, EIO);
          return -1;
        }

      if (n == 0)
        {
          cv_probe_conn_set_closed_error (c, &c->error);
          return 0;
        }
    }

  if (!c->no_wait && !conn_check_tls_bytes (c, data, n))
    {
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }

  return n;
}

static ssize_t
tls_push_cb (gnutls_transport_ptr_t ptr,
             const void            *data,
             size_t                 len)
{
  CvProbeConn *c = ptr;

  if (c->error != NULL)
    {
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }

  if (!c->no_wait && !cv_probe_conn_check (c, &c->error))
    {
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }

  /* Sent at once when the socket takes it; waited on only when it is full */
  for (;;)
    {
      gssize n = cv_probe_conn_send (c, data, len);
      int errsv = errno;

      if (n >= 0)
        return n;

      if (errsv == EAGAIN || errsv == EWOULDBLOCK)
        {
          if (c->no_wait)
            {
              gnutls_transport_set_errno (c->session, EAGAIN);
              return -1;
            }
          if (!cv_probe_conn_wait (c, c->fd, POLLOUT, &c->error))
            {
              gnutls_transport_set_errno (c->session, EIO);
              return -1;
            }
          continue;
        }

      if (!c->no_wait)
        cv_probe_conn_set_errno_error (c, errsv, &c->error);
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }
}

/* GnuTLS asks whether data arrives within @ms; our own deadline still applies */
static int
tls_pull_timeout_cb (gnutls_transport_ptr_t ptr,
                     unsigned int           ms)
{
  CvProbeConn *c = ptr;
  gint64 remaining;
  gint64 wait_us;
  gboolean limited_by_gnutls = FALSE;

  if (c->error != NULL)
    {
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }

  if (c->buf_pos < c->buf_len)
    return 1;

  if (g_cancellable_set_error_if_cancelled (c->cancellable, &c->error))
    {
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }

  remaining = c->deadline - g_get_monotonic_time ();
  if (remaining <= 0)
    {
      cv_probe_conn_set_timeout_error (c, &c->error);
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }

  wait_us = remaining;
  if (ms != GNUTLS_INDEFINITE_TIMEOUT && (gint64) ms * 1000 < remaining)
    {
      wait_us = (gint64) ms * 1000;
      limited_by_gnutls = TRUE;
    }

  switch (cv_probe_conn_poll (c, c->fd, POLLIN, wait_us))
    {
    case CV_PROBE_WAIT_READY:
      return 1;

    case CV_PROBE_WAIT_TIMED_OUT:
      if (limited_by_gnutls)
        return 0;
      cv_probe_conn_set_timeout_error (c, &c->error);
      break;

    case CV_PROBE_WAIT_CANCELLED:
    default:
      g_cancellable_set_error_if_cancelled (c->cancellable, &c->error);
      break;
    }

  gnutls_transport_set_errno (c->session, EIO);
  return -1;
}

/* GnuTLS's reason for @ret inside a sentence of ours: without the period it
 * ends with */
static char *
tls_reason (int ret)
{
  char *why = g_strdup (gnutls_strerror (ret));
  gsize len = strlen (why);

  if (len > 0 && why[len - 1] == '.')
    why[len - 1] = '\0';
  return why;
}

static void
set_handshake_error (CvProbeConn     *c,
                     gnutls_session_t session,
                     int              ret,
                     GError         **error)
{
  /* A server that asked for a client certificate and then hung up, or reset the
   * connection, did so for want of one */
  if (gnutls_certificate_client_get_request_status (session) &&
      (ret == GNUTLS_E_PREMATURE_TERMINATION || ret == GNUTLS_E_UNEXPECTED_PACKET_LENGTH ||
       g_error_matches (c->error, CV_ERROR, CV_ERROR_CLOSED)))
    {
      g_clear_error (&c->error);
      g_set_error (error, CV_ERROR, CV_ERROR_CLOSED,
                   _("The server at %s asked for a client certificate, which Certview "
                     "does not send, and closed the connection. It serves only clients "
                     "that prove who they are."),
                   c->target_string);
      return;
    }

  if (c->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&c->error));
      return;
    }

  switch (ret)
    {
    case GNUTLS_E_FATAL_ALERT_RECEIVED:
      if (gnutls_certificate_client_get_request_status (session))
        {
          g_set_error (error, CV_ERROR, CV_ERROR_TLS,
                       _("The server at %s asked for a client certificate, which Certview "
                         "does not send, and ended the TLS handshake with the alert “%s”. "
                         "It serves only clients that prove who they are."),
                       c->target_string, gnutls_alert_get_name (gnutls_alert_get (session)));
          break;
        }
      g_set_error (error, CV_ERROR, CV_ERROR_TLS,
                   _("The server at %s ended the TLS handshake with the alert “%s”. It may "
                     "accept none of the TLS versions and ciphers that Certview offers, or "
                     "need a different server name (SNI)."),
                   c->target_string, gnutls_alert_get_name (gnutls_alert_get (session)));
      break;

    case GNUTLS_E_PREMATURE_TERMINATION:
    case GNUTLS_E_UNEXPECTED_PACKET_LENGTH:
      cv_probe_conn_set_closed_error (c, error);
      break;

    default:
      {
        g_autofree char *why = tls_reason (ret);

        g_set_error (error, CV_ERROR, CV_ERROR_TLS,
                     _("The server at %s did not complete a TLS handshake: %s. Is this the "
                       "right port and protocol?"), c->target_string, why);
      }
      break;
    }
}

/* Whether the handshake ended because the server wants a client certificate,
 * with the server's certificates in hand. A TLS 1.2 server asks for one after it
 * has sent its certificates and signed its key exchange with the server
 * certificate's key, so they are shown all the same; not when the key exchange
 * was not signed (RSA key transport), which leaves the certificate unproven, nor
 * when the run timed out or was cancelled. */
static gboolean
ended_for_client_certificate (CvProbeConn     *c,
                              gnutls_session_t session,
                              int              ret)
{
  unsigned int n_peers = 0;

  if (!gnutls_certificate_client_get_request_status (session))
    return FALSE;
  if (c->error != NULL ? !g_error_matches (c->error, CV_ERROR, CV_ERROR_CLOSED)
                       : (ret != GNUTLS_E_FATAL_ALERT_RECEIVED &&
                          ret != GNUTLS_E_PREMATURE_TERMINATION &&
                          ret != GNUTLS_E_UNEXPECTED_PACKET_LENGTH))
    return FALSE;
  if (gnutls_sign_algorithm_get (session) == GNUTLS_SIGN_UNKNOWN)
    return FALSE;

  return gnutls_certificate_get_peers (session, &n_peers) != NULL && n_peers > 0;
}

/* "ECDHE-X25519", "DHE-FFDHE2048", or GnuTLS's name for the key exchange */
static char *
describe_key_exchange (gnutls_session_t session)
{
  gnutls_group_t group = gnutls_group_get (session);
  gnutls_kx_algorithm_t kx = gnutls_kx_get (session);
  const char *group_name = group != 0 ? gnutls_group_get_name (group) : NULL;
  const char *kx_name = kx != GNUTLS_KX_UNKNOWN ? gnutls_kx_get_name (kx) : NULL;

  if (group_name != NULL)
    {
      if (g_str_has_prefix (group_name, "FFDHE"))
        return g_strdup_printf ("DHE-%s", group_name);

      return g_strdup_printf ("ECDHE-%s", group_name);
    }

  return g_strdup (kx_name);
}

/* A client session on @c, asking for the server name @server_name (or none) and
 * for stapled OCSP; no trust anchors and no verification here: the caller
 * verifies the chain */
static gboolean
start_session (CvProbeConn                      *c,
               const char                       *server_name,
               gnutls_certificate_credentials_t *credentials,
               gnutls_session_t                 *session,
               GError                          **error)
{
  int ret;

  ret = gnutls_certificate_allocate_credentials (credentials);
  if (ret == GNUTLS_E_SUCCESS)
    ret = gnutls_init (session, GNUTLS_CLIENT);
  if (ret == GNUTLS_E_SUCCESS)
    ret = gnutls_set_default_priority (*session);
  if (ret == GNUTLS_E_SUCCESS)
    ret = gnutls_credentials_set (*session, GNUTLS_CRD_CERTIFICATE, *credentials);
  if (ret != GNUTLS_E_SUCCESS)
    {
      g_autofree char *why = tls_reason (ret);

      g_set_error (error, CV_ERROR, CV_ERROR_TLS, _("Could not set up TLS: %s."), why);
      return FALSE;
    }

  if (server_name != NULL)
    {
      ret = gnutls_server_name_set (*session, GNUTLS_NAME_DNS, server_name,
                                    strlen (server_name));
      if (ret != GNUTLS_E_SUCCESS)
        {
          g_autofree char *why = tls_reason (ret);

          g_set_error (error, CV_ERROR, CV_ERROR_TLS,
                       _("Could not use “%s” as the server name (SNI): %s."),
                       server_name, why);
          return FALSE;
        }
    }

  /* Every run asks for stapled OCSP: a stapled "revoked" counts in every mode */
  ret = gnutls_ocsp_status_request_enable_client (*session, NULL, 0, NULL);
  if (ret != GNUTLS_E_SUCCESS)
    {
      g_autofree char *why = tls_reason (ret);

      g_set_error (error, CV_ERROR, CV_ERROR_TLS, _("Could not set up TLS: %s."), why);
      return FALSE;
    }

  gnutls_transport_set_ptr (*session, c);
  gnutls_transport_set_push_function (*session, tls_push_cb);
  gnutls_transport_set_pull_function (*session, tls_pull_cb);
  gnutls_transport_set_pull_timeout_function (*session, tls_pull_timeout_cb);
  /* The run's deadline applies; GnuTLS's own handshake limit would be a second one */
  gnutls_handshake_set_timeout (*session, GNUTLS_INDEFINITE_TIMEOUT);
  return TRUE;
}

/* The @n_peers certificates the server sent, into @result with their staples. A
 * certificate sent twice (the server's own, often) is kept once, as in a file:
 * GnuTLS would sort such a chain and verify no more than 16 of it. */
static void
take_chain (CvProbeResult        *result,
            gnutls_session_t      session,
            const gnutls_datum_t *peers,
            unsigned int          n_peers)
{
  g_autofree guint *position = g_new (guint, n_peers);
  guint n_kept = 0;

  for (unsigned int i = 0; i < n_peers; i++)
    {
      position[i] = n_kept;
      for (unsigned int j = 0; j < i; j++)
        if (peers[j].size == peers[i].size &&
            memcmp (peers[j].data, peers[i].data, peers[i].size) == 0)
          {
            position[i] = position[j];
            break;
          }
      if (position[i] == n_kept)
        {
          g_autoptr(GBytes) der = g_bytes_new (peers[i].data, peers[i].size);

          cv_probe_result_add_certificate (result, der);
          n_kept++;
        }
    }

  /* TLS 1.3 may staple one response per certificate, TLS 1.2 one for the server's;
   * a repeated certificate's counts where the first copy has none */
  for (unsigned int i = 0; i < n_peers; i++)
    {
      gnutls_datum_t response = { NULL, 0 };
      GPtrArray *staples = cv_probe_result_get_staples (result);

      if (staples != NULL && position[i] < staples->len &&
          g_ptr_array_index (staples, position[i]) != NULL)
        continue;
      if (gnutls_ocsp_status_request_get2 (session, i, &response) == GNUTLS_E_SUCCESS &&
          response.size > 0)
        {
          g_autoptr(GBytes) staple = g_bytes_new (response.data, response.size);

          cv_probe_result_set_staple (result, position[i], staple);
        }
    }
}

/* What was agreed: the version, cipher, MAC, key exchange and its signature. A
 * handshake that @ended early never began to encrypt: GnuTLS then names the
 * null cipher and MAC of the records before it, which were not agreed. */
static void
take_connection (CvProbeResult   *result,
                 CvProbeConn     *c,
                 gnutls_session_t session,
                 const char      *server_name,
                 const char      *greeting,
                 gboolean         ended)
{
  g_autofree char *key_exchange = describe_key_exchange (session);
  const char *cipher = ended ? NULL : gnutls_cipher_get_name (gnutls_cipher_get (session));
  gnutls_mac_algorithm_t mac = ended ? GNUTLS_MAC_UNKNOWN : gnutls_mac_get (session);
  gnutls_sign_algorithm_t sign = gnutls_sign_algorithm_get (session);

  cv_probe_result_set_connection_info (result,
                                       gnutls_protocol_get_name (
                                         gnutls_protocol_get_version (session)),
                                       cipher,
                                       key_exchange,
                                       server_name,
                                       c->peer_address,
                                       greeting);
  cv_probe_result_set_session_details (result,
                                       mac == GNUTLS_MAC_AEAD ? "AEAD"
                                       : mac != GNUTLS_MAC_UNKNOWN ? gnutls_mac_get_name (mac)
                                       : NULL,
                                       sign != GNUTLS_SIGN_UNKNOWN
                                         ? gnutls_sign_get_name (sign) : NULL);
}

CvProbeResult *
cv_probe_tls_handshake (CvProbeConn     *c,
                        CvTarget        *target,
                        const char      *server_name,
                        const char      *greeting,
                        CvProbePhaseFunc report,
                        gpointer         report_data,
                        GError         **error)
{
  g_auto(gnutls_certificate_credentials_t) credentials = NULL;
  g_auto(gnutls_session_t) session = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  const gnutls_datum_t *peers;
  unsigned int n_peers = 0;
  CvClientCertificate client_certificate = CV_CLIENT_CERTIFICATE_NOT_REQUESTED;
  int ret;

  c->step = CV_PROBE_STEP_HANDSHAKE;

  if (!start_session (c, server_name, &credentials, &session, error))
    return NULL;

  c->session = session;
  do
    ret = gnutls_handshake (session);
  while (ret < 0 && !gnutls_error_is_fatal (ret) && c->error == NULL);

  /* Whatever came of it, a server that sent a handshake message or an alert
   * speaks TLS: no other protocol is worth trying on its port */
  c->answered_with_tls = ret >= 0 || ret == GNUTLS_E_FATAL_ALERT_RECEIVED ||
                         (int) gnutls_handshake_get_last_in (session) >=
                           (int) GNUTLS_HANDSHAKE_SERVER_HELLO;

  if (ret < 0 && ended_for_client_certificate (c, session, ret))
    {
      g_clear_error (&c->error);
      client_certificate = CV_CLIENT_CERTIFICATE_REQUIRED;
    }
  else if (ret < 0)
    {
      set_handshake_error (c, session, ret, error);
      c->session = NULL;
      return NULL;
    }
  else if (gnutls_certificate_client_get_request_status (session))
    {
      client_certificate = CV_CLIENT_CERTIFICATE_REQUESTED;
    }

  report (CV_PROBE_PHASE_VERIFYING, report_data);

  peers = gnutls_certificate_get_peers (session, &n_peers);
  if (peers == NULL || n_peers == 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The server at %s did not send a certificate."), c->target_string);
      c->session = NULL;
      return NULL;
    }

  if (n_peers > CV_PROBE_MAX_CHAIN)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The server at %s sent %u certificates; Certview accepts at most %d."),
                   c->target_string, n_peers, CV_PROBE_MAX_CHAIN);
      c->session = NULL;
      return NULL;
    }

  result = cv_probe_result_new (target);
  take_chain (result, session, peers, n_peers);
  take_connection (result, c, session, server_name, greeting,
                   client_certificate == CV_CLIENT_CERTIFICATE_REQUIRED);
  cv_probe_result_set_client_certificate (result, client_certificate);

  /* Say goodbye if the socket takes it at once; the server's answer does not
   * matter. A server that ended the handshake has gone already. */
  c->no_wait = TRUE;
  if (client_certificate != CV_CLIENT_CERTIFICATE_REQUIRED)
    gnutls_bye (session, GNUTLS_SHUT_WR);
  c->session = NULL;

  return g_steal_pointer (&result);
}
