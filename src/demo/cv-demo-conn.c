/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-demo-conn.h"

#include <errno.h>
#include <string.h>

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_session_t, gnutls_deinit, NULL)

/* A TLS record is at most 2^14 bytes plus expansion (RFC 8446 §5.2) */
#define MAX_RECORD_SIZE   (16384 + 2048)

void
cv_demo_conn_free (CvDemoConn *c)
{
  g_clear_pointer (&c->session, gnutls_deinit);
  if (c->socket != NULL)
    g_socket_close (c->socket, NULL);
  g_clear_object (&c->socket);
  g_clear_object (&c->cancellable);
  g_free (c);
}

/* Waits for @condition until the client is ready or the server stops */
static gboolean
demo_wait (CvDemoConn   *c,
           GIOCondition  condition)
{
  return g_socket_condition_wait (c->socket, condition, c->cancellable, NULL);
}

gboolean
cv_demo_conn_sleep (CvDemoConn *c,
                    guint       ms)
{
  GPollFD pollfd;

  if (g_cancellable_make_pollfd (c->cancellable, &pollfd))
    {
      g_poll (&pollfd, 1, ms);
      g_cancellable_release_fd (c->cancellable);
    }
  else
    {
      g_usleep (ms * G_TIME_SPAN_MILLISECOND);
    }

  return !g_cancellable_is_cancelled (c->cancellable);
}

/* Returns the bytes read, 0 at end of stream, -1 on error or stop */
static gssize
plain_receive (CvDemoConn *c,
               void       *data,
               gsize       len)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (!demo_wait (c, G_IO_IN))
        return -1;

      n = g_socket_receive (c->socket, data, len, NULL, &error);
      if (n >= 0)
        return n;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return -1;
    }
}

/* Returns the bytes sent, -1 when the client is gone (no SIGPIPE: GSocket uses
 * MSG_NOSIGNAL) or the server stops */
static gssize
plain_send (CvDemoConn *c,
            const void *data,
            gsize       len)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (!demo_wait (c, G_IO_OUT))
        return -1;

      n = g_socket_send (c->socket, data, len, NULL, &error);
      if (n >= 0)
        return n;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return -1;
    }
}

static gboolean
plain_send_all (CvDemoConn *c,
                const char *data,
                gsize       len)
{
  while (len > 0)
    {
      gssize n = plain_send (c, data, len);

      if (n < 0)
        return FALSE;
      data += n;
      len -= n;
    }

  return TRUE;
}

/* Raw bytes for the TLS layer: first what already came with the command lines */
static gssize
raw_receive (CvDemoConn *c,
             void       *data,
             gsize       len)
{
  if (c->in_len > 0)
    {
      gsize n = MIN (len, c->in_len);

      memcpy (data, c->in, n);
      memmove (c->in, c->in + n, c->in_len - n);
      c->in_len -= n;
      return n;
    }

  return plain_receive (c, data, len);
}

static gboolean
raw_receive_exact (CvDemoConn *c,
                   guchar     *data,
                   gsize       len)
{
  while (len > 0)
    {
      gssize n = raw_receive (c, data, len);

      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }

  return TRUE;
}

static ssize_t
tls_pull_cb (gnutls_transport_ptr_t  ptr,
             void                   *data,
             size_t                  len)
{
  CvDemoConn *c = ptr;
  gssize n = raw_receive (c, data, len);

  if (n < 0)
    gnutls_transport_set_errno (c->session, EIO);

  return n;
}

static ssize_t
tls_push_cb (gnutls_transport_ptr_t  ptr,
             const void             *data,
             size_t                  len)
{
  CvDemoConn *c = ptr;
  gssize n = plain_send (c, data, len);

  if (n < 0)
    gnutls_transport_set_errno (c->session, EPIPE);

  return n;
}

static int
tls_pull_timeout_cb (gnutls_transport_ptr_t ptr,
                     unsigned int           ms)
{
  CvDemoConn *c = ptr;
  g_autoptr(GError) error = NULL;
  gint64 timeout_us = ms == GNUTLS_INDEFINITE_TIMEOUT ? -1 : (gint64) ms * 1000;

  if (c->in_len > 0)
    return 1;

  if (g_socket_condition_timed_wait (c->socket, G_IO_IN, timeout_us, c->cancellable, &error))
    return 1;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return 0;

  gnutls_transport_set_errno (c->session, EIO);
  return -1;
}

gboolean
cv_demo_conn_send (CvDemoConn *c,
                   const char *data,
                   gsize       len)
{
  if (!c->tls_active)
    return plain_send_all (c, data, len);

  while (len > 0)
    {
      ssize_t ret = gnutls_record_send (c->session, data, len);

      if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
        continue;
      if (ret < 0)
        return FALSE;
      data += ret;
      len -= ret;
    }

  return TRUE;
}

gboolean
cv_demo_conn_send_text (CvDemoConn *c,
                        const char *text)
{
  return cv_demo_conn_send (c, text, strlen (text));
}

static gssize
demo_receive (CvDemoConn *c,
              void       *data,
              gsize       len)
{
  if (!c->tls_active)
    return plain_receive (c, data, len);

  for (;;)
    {
      ssize_t ret = gnutls_record_recv (c->session, data, len);

      if (ret >= 0)
        return ret;
      if (ret != GNUTLS_E_AGAIN && ret != GNUTLS_E_INTERRUPTED)
        return -1;
    }
}

/* Reads and drops everything until the client closes or the server stops */
void
cv_demo_conn_drain (CvDemoConn *c)
{
  char buf[4096];

  c->in_len = 0;
  while (demo_receive (c, buf, sizeof buf) > 0)
    ;
}

/* One command line without its line end, or NULL when the client went away */
char *
cv_demo_conn_read_line (CvDemoConn *c)
{
  for (;;)
    {
      char *lf = memchr (c->in, '\n', c->in_len);
      gssize n;

      if (lf != NULL)
        {
          gsize line_len = lf - c->in + 1;
          char *line = g_strndup (c->in, line_len);

          memmove (c->in, c->in + line_len, c->in_len - line_len);
          c->in_len -= line_len;
          return g_strchomp (line);
        }

      /* A client that sends endless lines gets no more attention */
      if (c->in_len == sizeof c->in)
        return NULL;

      n = demo_receive (c, c->in + c->in_len, sizeof c->in - c->in_len);
      if (n <= 0)
        return NULL;
      c->in_len += n;
    }
}

/* Reads one TLS record, the ClientHello, so the client is waiting for an answer */
static gboolean
read_client_hello (CvDemoConn *c)
{
  guchar header[5];
  g_autofree guchar *body = NULL;
  gsize len;

  if (!raw_receive_exact (c, header, sizeof header))
    return FALSE;

  len = ((gsize) header[3] << 8) | header[4];
  if (len > MAX_RECORD_SIZE)
    return FALSE;

  body = g_malloc (len);
  return raw_receive_exact (c, body, len);
}

void
cv_demo_conn_answer_as_web_server (CvDemoConn *c)
{
  guchar request[512];

  if (raw_receive (c, request, sizeof request) > 0 &&
      plain_send_all (c, CV_DEMO_HTTP_TEXT, strlen (CV_DEMO_HTTP_TEXT)))
    cv_demo_conn_drain (c);
}

/* Starts TLS as the server, or misbehaves as configured; TRUE when TLS is up */
gboolean
cv_demo_conn_start_tls (CvDemoConn *c)
{
  /* A fatal alert record: level 2 (fatal), description 40 (handshake_failure) */
  static const guchar alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
  /* A handshake record holding an empty Certificate message (type 11), where the
   * ServerHello must come */
  static const guchar certificate_first[] = { 0x16, 0x03, 0x03, 0x00, 0x07,
                                              0x0b, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00 };
  const char *text;
  g_auto(gnutls_session_t) session = NULL;
  int ret;

  switch (c->behaviour)
    {
    case CV_DEMO_BEHAVIOUR_CLOSE_MID_HANDSHAKE:
      read_client_hello (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_TLS_ALERT:
      if (read_client_hello (c) && plain_send_all (c, (const char *) alert, sizeof alert))
        cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_CERTIFICATE_FIRST:
      if (read_client_hello (c) &&
          plain_send_all (c, (const char *) certificate_first, sizeof certificate_first))
        cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_PLAIN_TEXT:
      if (plain_send_all (c, "220 plain FTP here\r\n", 20))
        cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_PLAIN_TEXT_UTF8:
      text = "500 Befehl unbekannt \u2013 sp\u00e4ter\r\n";
      if (plain_send_all (c, text, strlen (text)))
        cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_BINARY_NOT_TLS:
      if (plain_send_all (c, "\xff\xfe", 2))
        cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_PLAIN_TEXT_LATIN1:
      text = "220 Gr\xfc\xdf" "e aus K\xf6ln\r\n";
      if (plain_send_all (c, text, strlen (text)))
        cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_HTTP_TEXT:
      cv_demo_conn_answer_as_web_server (c);
      return FALSE;

    default:
      break;
    }

  if (gnutls_init (&session, GNUTLS_SERVER) != GNUTLS_E_SUCCESS ||
      gnutls_set_default_priority (session) != GNUTLS_E_SUCCESS ||
      gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, c->credentials)
        != GNUTLS_E_SUCCESS)
    return FALSE;

  /* In TLS 1.2 the request comes after the server's certificate, and the
   * refusal ends the client's handshake */
  if (c->behaviour == CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED ||
      c->behaviour == CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED_RSA_KX)
    {
      const char *priority = c->behaviour == CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED
                             ? "-VERS-TLS1.3" : "-VERS-TLS1.3:-KX-ALL:+RSA";

      if (gnutls_set_default_priority_append (session, priority, NULL, 0) != GNUTLS_E_SUCCESS)
        return FALSE;
      gnutls_certificate_server_set_request (session, GNUTLS_CERT_REQUIRE);
    }

  c->session = g_steal_pointer (&session);
  gnutls_transport_set_ptr (c->session, c);
  gnutls_transport_set_push_function (c->session, tls_push_cb);
  gnutls_transport_set_pull_function (c->session, tls_pull_cb);
  gnutls_transport_set_pull_timeout_function (c->session, tls_pull_timeout_cb);
  gnutls_handshake_set_timeout (c->session, GNUTLS_INDEFINITE_TIMEOUT);

  do
    ret = gnutls_handshake (c->session);
  while (ret < 0 && !gnutls_error_is_fatal (ret) && !g_cancellable_is_cancelled (c->cancellable));

  if (ret < 0)
    {
      /* As a server refusing a client says why, and lets it read that: closed
       * with the client's last records unread, the connection would be reset */
      if ((c->behaviour == CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED ||
           c->behaviour == CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED_RSA_KX) &&
          gnutls_alert_send_appropriate (c->session, ret) >= 0)
        cv_demo_conn_drain (c);
      return FALSE;
    }

  c->tls_active = TRUE;
  return TRUE;
}
