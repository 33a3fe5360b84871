/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-demo-server.h"

#include "cv-error.h"
#include "cv-ftp-reply.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_session_t, gnutls_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit,
                                 NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_certificate_credentials_t,
                                 gnutls_certificate_free_credentials, NULL)

#define DRIP_INTERVAL_MS  200
#define HUGE_BANNER_SIZE  (20 * 1024 * 1024)
#define HUGE_CHUNK_SIZE   (64 * 1024)
/* A TLS record is at most 2^14 bytes plus expansion (RFC 8446 §5.2) */
#define MAX_RECORD_SIZE   (16384 + 2048)

struct _CvDemoServer
{
  GObject                           parent_instance;

  CvProtocol                        protocol;
  char                             *chain_pem;
  char                             *key_pem;
  gnutls_certificate_credentials_t  credentials;

  /* Atomic: set by the owner at any time, read by each new connection */
  gint                              behaviour;
  gint                              auth_reply;
  gint                              n_connections;

  guint16                           port;
  /* 0: a free port */
  guint16                           requested_port;
  GSocket                          *listener;
  GCancellable                     *cancellable;
  GThread                          *accept_thread;
};

G_DEFINE_FINAL_TYPE (CvDemoServer, cv_demo_server, G_TYPE_OBJECT)

/* What the accept thread needs; owned by that thread */
typedef struct
{
  CvDemoServer *server;   /* not a ref: stop() joins the thread before the server goes */
  GSocket      *listener;
  GCancellable *cancellable;
} AcceptData;

/* One client, served in its own thread */
typedef struct
{
  GSocket                          *socket;
  GCancellable                     *cancellable;
  gnutls_certificate_credentials_t  credentials;  /* the server's; it outlives us */
  CvProtocol                        protocol;
  CvDemoBehaviour                   behaviour;
  guint                             auth_reply;
  gnutls_session_t                  session;
  gboolean                          tls_active;
  /* Received plain text not yet handled: command lines, or the start of TLS */
  char                              in[CV_FTP_MAX_LINE];
  gsize                             in_len;
  GThread                          *thread;
  gint                              done;
} DemoConn;

static void
demo_conn_free (DemoConn *c)
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
demo_wait (DemoConn     *c,
           GIOCondition  condition)
{
  return g_socket_condition_wait (c->socket, condition, c->cancellable, NULL);
}

static gboolean
demo_sleep (DemoConn *c,
            guint     ms)
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
plain_receive (DemoConn *c,
               void     *data,
               gsize     len)
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
plain_send (DemoConn   *c,
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
plain_send_all (DemoConn   *c,
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
raw_receive (DemoConn *c,
             void     *data,
             gsize     len)
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
raw_receive_exact (DemoConn *c,
                   guchar   *data,
                   gsize     len)
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
  DemoConn *c = ptr;
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
  DemoConn *c = ptr;
  gssize n = plain_send (c, data, len);

  if (n < 0)
    gnutls_transport_set_errno (c->session, EPIPE);

  return n;
}

static int
tls_pull_timeout_cb (gnutls_transport_ptr_t ptr,
                     unsigned int           ms)
{
  DemoConn *c = ptr;
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

static gboolean
demo_send (DemoConn   *c,
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

static gboolean
demo_send_text (DemoConn   *c,
                const char *text)
{
  return demo_send (c, text, strlen (text));
}

static gssize
demo_receive (DemoConn *c,
              void     *data,
              gsize     len)
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
static void
demo_drain (DemoConn *c)
{
  char buf[4096];

  c->in_len = 0;
  while (demo_receive (c, buf, sizeof buf) > 0)
    ;
}

/* One command line without its line end, or NULL when the client went away */
static char *
demo_read_line (DemoConn *c)
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
read_client_hello (DemoConn *c)
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

/* Starts TLS as the server, or misbehaves as configured; TRUE when TLS is up */
static gboolean
demo_start_tls (DemoConn *c)
{
  /* A fatal alert record: level 2 (fatal), description 40 (handshake_failure) */
  static const guchar alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
  g_auto(gnutls_session_t) session = NULL;
  int ret;

  switch (c->behaviour)
    {
    case CV_DEMO_BEHAVIOUR_CLOSE_MID_HANDSHAKE:
      read_client_hello (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_TLS_ALERT:
      if (read_client_hello (c) && plain_send_all (c, (const char *) alert, sizeof alert))
        demo_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_PLAIN_TEXT:
      if (plain_send_all (c, "220 plain FTP here\r\n", 20))
        demo_drain (c);
      return FALSE;

    default:
      break;
    }

  if (gnutls_init (&session, GNUTLS_SERVER) != GNUTLS_E_SUCCESS ||
      gnutls_set_default_priority (session) != GNUTLS_E_SUCCESS ||
      gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, c->credentials)
        != GNUTLS_E_SUCCESS)
    return FALSE;

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
    return FALSE;

  c->tls_active = TRUE;
  return TRUE;
}

static gboolean
send_huge_banner (DemoConn *c)
{
  g_autofree char *chunk = g_malloc (HUGE_CHUNK_SIZE);
  gsize sent = 0;

  memset (chunk, 'x', HUGE_CHUNK_SIZE);
  memcpy (chunk, "220 ", 4);

  /* In chunks, so that a client that closes or a stop ends it at once */
  while (sent < HUGE_BANNER_SIZE)
    {
      if (!demo_send (c, chunk, HUGE_CHUNK_SIZE))
        return FALSE;
      sent += HUGE_CHUNK_SIZE;
      if (sent == HUGE_CHUNK_SIZE)
        chunk[0] = chunk[1] = chunk[2] = chunk[3] = 'x';
    }

  return TRUE;
}

/* Sends the greeting as configured; TRUE when commands should be served next */
static gboolean
demo_greet (DemoConn *c)
{
  static const char slow[] = "220 slow ready\r\n";

  switch (c->behaviour)
    {
    case CV_DEMO_BEHAVIOUR_SILENT:
      demo_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_GREETING_THEN_SILENT:
      if (demo_send_text (c, "220 Certview demo server ready\r\n"))
        demo_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_DRIP_BANNER:
      for (gsize i = 0; i < strlen (slow); i++)
        {
          if (!demo_send (c, slow + i, 1))
            return FALSE;
          if (i + 1 < strlen (slow) && !demo_sleep (c, DRIP_INTERVAL_MS))
            return FALSE;
        }
      return TRUE;

    case CV_DEMO_BEHAVIOUR_GREETING_421:
      demo_send_text (c, "421 Service not available\r\n");
      return FALSE;

    case CV_DEMO_BEHAVIOUR_NON_NUMERIC_REPLY:
      if (demo_send_text (c, "ABC hello\r\n"))
        demo_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_MULTILINE_GREETING:
      return demo_send_text (c,
                             "220-Welcome to the Certview demo server\r\n"
                             "220-It greets in several lines,\r\n"
                             "  as RFC 959 allows.\r\n"
                             "220 Ready\r\n");

    case CV_DEMO_BEHAVIOUR_HUGE_BANNER:
      send_huge_banner (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_NO_LINE_END:
      if (demo_send_text (c, "220 ready"))
        demo_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_NORMAL:
    case CV_DEMO_BEHAVIOUR_AUTH_REFUSED:
    case CV_DEMO_BEHAVIOUR_GARBAGE_AFTER_234:
    case CV_DEMO_BEHAVIOUR_CLOSE_MID_HANDSHAKE:
    case CV_DEMO_BEHAVIOUR_TLS_ALERT:
    case CV_DEMO_BEHAVIOUR_PLAIN_TEXT:
    default:
      return demo_send_text (c, "220 Certview demo server ready\r\n");
    }
}

static const char *
auth_refusal (guint code)
{
  switch (code)
    {
    case 421: return "421 Service not available\r\n";
    case 500: return "500 Unknown command\r\n";
    case 502: return "502 Command not implemented\r\n";
    case 504: return "504 Security mechanism not understood\r\n";
    case 534: return "534 Policy forbids TLS here\r\n";
    default: return NULL;
    }
}

/* Answers AUTH; FALSE when the connection should end */
static gboolean
demo_auth (DemoConn   *c,
           const char *mechanism)
{
  if (c->tls_active)
    return demo_send_text (c, "503 TLS is already active.\r\n");

  if (g_ascii_strcasecmp (mechanism, "TLS") != 0 && g_ascii_strcasecmp (mechanism, "SSL") != 0)
    return demo_send_text (c, "504 Security mechanism not understood\r\n");

  switch (c->behaviour)
    {
    case CV_DEMO_BEHAVIOUR_AUTH_REFUSED:
      {
        const char *text = auth_refusal (c->auth_reply);
        g_autofree char *other = NULL;

        if (text == NULL)
          text = other = g_strdup_printf ("%03u Refused\r\n", c->auth_reply);

        if (!demo_send_text (c, text))
          return FALSE;

        /* 421 means the server closes the control connection */
        return c->auth_reply != 421;
      }

    case CV_DEMO_BEHAVIOUR_GARBAGE_AFTER_234:
      /* In one write, so that the client reads the garbage with the reply */
      if (demo_send_text (c, "234 Proceed with negotiation.\r\n"
                             "This is not TLS, only garbage.\r\n"))
        demo_drain (c);
      return FALSE;

    default:
      if (!demo_send_text (c, "234 Proceed with negotiation.\r\n"))
        return FALSE;
      return demo_start_tls (c);
    }
}

static void
demo_serve_commands (DemoConn *c)
{
  for (;;)
    {
      g_autofree char *line = demo_read_line (c);
      g_auto(GStrv) words = NULL;
      const char *verb;
      const char *argument;
      gboolean go_on = TRUE;

      if (line == NULL)
        return;

      words = g_strsplit (line, " ", 2);
      verb = words[0] != NULL ? words[0] : "";
      argument = (words[0] != NULL && words[1] != NULL) ? g_strstrip (words[1]) : "";

      if (g_ascii_strcasecmp (verb, "AUTH") == 0)
        go_on = demo_auth (c, argument);
      else if (g_ascii_strcasecmp (verb, "FEAT") == 0)
        go_on = demo_send_text (c, "211-Features:\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n211 End\r\n");
      else if (g_ascii_strcasecmp (verb, "QUIT") == 0)
        {
          demo_send_text (c, "221 Goodbye.\r\n");
          go_on = FALSE;
        }
      else if (g_ascii_strcasecmp (verb, "USER") == 0 || g_ascii_strcasecmp (verb, "PASS") == 0)
        go_on = demo_send_text (c, c->tls_active ? "230 Logged in.\r\n"
                                                 : "530 Use AUTH TLS first.\r\n");
      else if (c->tls_active && (g_ascii_strcasecmp (verb, "PBSZ") == 0 ||
                                 g_ascii_strcasecmp (verb, "PROT") == 0))
        go_on = demo_send_text (c, "200 OK.\r\n");
      else
        go_on = demo_send_text (c, "502 Command not implemented.\r\n");

      if (!go_on)
        return;
    }
}

static gpointer
demo_conn_thread (gpointer data)
{
  DemoConn *c = data;

  switch (c->protocol)
    {
    case CV_PROTOCOL_FTP_EXPLICIT:
      if (demo_greet (c))
        demo_serve_commands (c);
      break;

    case CV_PROTOCOL_FTP_IMPLICIT:
      if (c->behaviour == CV_DEMO_BEHAVIOUR_SILENT)
        demo_drain (c);
      else if (demo_start_tls (c) && demo_greet (c))
        demo_serve_commands (c);
      break;

    case CV_PROTOCOL_DIRECT_TLS:
    default:
      if (c->behaviour == CV_DEMO_BEHAVIOUR_SILENT || demo_start_tls (c))
        demo_drain (c);
      break;
    }

  /* Close now: the accept thread may join us only much later */
  g_socket_close (c->socket, NULL);
  g_atomic_int_set (&c->done, TRUE);
  return NULL;
}

static void
reap_connections (GPtrArray *conns,
                  gboolean   all)
{
  for (guint i = conns->len; i > 0; i--)
    {
      DemoConn *c = g_ptr_array_index (conns, i - 1);

      if (all || g_atomic_int_get (&c->done))
        {
          g_thread_join (c->thread);
          demo_conn_free (c);
          g_ptr_array_remove_index_fast (conns, i - 1);
        }
    }
}

static gpointer
accept_thread (gpointer user_data)
{
  AcceptData *data = user_data;
  CvDemoServer *server = data->server;
  g_autoptr(GPtrArray) conns = g_ptr_array_new ();

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) socket = NULL;
      DemoConn *c;

      if (!g_socket_condition_wait (data->listener, G_IO_IN, data->cancellable, NULL))
        break;

      socket = g_socket_accept (data->listener, NULL, &error);
      if (socket == NULL)
        {
          /* Out of descriptors, say: wait a little instead of spinning */
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            g_usleep (10 * G_TIME_SPAN_MILLISECOND);
          continue;
        }

      g_atomic_int_inc (&server->n_connections);
      g_socket_set_blocking (socket, FALSE);
      /* A TLS flight is several records, each its own send: without this, Nagle's
       * algorithm holds the later ones until the client's delayed ACK (40 ms) */
      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

      c = g_new0 (DemoConn, 1);
      c->socket = g_steal_pointer (&socket);
      c->cancellable = g_object_ref (data->cancellable);
      c->credentials = server->credentials;
      c->protocol = server->protocol;
      c->behaviour = g_atomic_int_get (&server->behaviour);
      c->auth_reply = g_atomic_int_get (&server->auth_reply);

      c->thread = g_thread_try_new ("cv-demo-conn", demo_conn_thread, c, NULL);
      if (c->thread == NULL)
        {
          demo_conn_free (c);
          continue;
        }

      g_ptr_array_add (conns, c);
      reap_connections (conns, FALSE);
    }

  reap_connections (conns, TRUE);

  g_clear_object (&data->listener);
  g_clear_object (&data->cancellable);
  g_free (data);
  return NULL;
}

static void
cv_demo_server_dispose (GObject *object)
{
  cv_demo_server_stop (CV_DEMO_SERVER (object));

  G_OBJECT_CLASS (cv_demo_server_parent_class)->dispose (object);
}

static void
cv_demo_server_finalize (GObject *object)
{
  CvDemoServer *self = CV_DEMO_SERVER (object);

  cv_demo_server_stop (self);
  g_clear_pointer (&self->credentials, gnutls_certificate_free_credentials);
  g_clear_pointer (&self->chain_pem, g_free);
  g_clear_pointer (&self->key_pem, g_free);

  G_OBJECT_CLASS (cv_demo_server_parent_class)->finalize (object);
}

static void
cv_demo_server_class_init (CvDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cv_demo_server_dispose;
  object_class->finalize = cv_demo_server_finalize;
}

static void
cv_demo_server_init (CvDemoServer *self)
{
  self->behaviour = CV_DEMO_BEHAVIOUR_NORMAL;
  self->auth_reply = 534;
}

CvDemoServer *
cv_demo_server_new (CvProtocol  protocol,
                    const char *chain_pem,
                    const char *key_pem)
{
  CvDemoServer *self;

  g_return_val_if_fail ((guint) protocol < CV_N_PROTOCOLS, NULL);
  g_return_val_if_fail (chain_pem != NULL, NULL);
  g_return_val_if_fail (key_pem != NULL, NULL);

  self = g_object_new (CV_TYPE_DEMO_SERVER, NULL);
  self->protocol = protocol;
  self->chain_pem = g_strdup (chain_pem);
  self->key_pem = g_strdup (key_pem);
  return self;
}

void
cv_demo_server_set_behaviour (CvDemoServer    *self,
                              CvDemoBehaviour  behaviour)
{
  g_return_if_fail (CV_IS_DEMO_SERVER (self));
  g_return_if_fail (behaviour <= CV_DEMO_BEHAVIOUR_PLAIN_TEXT);

  g_atomic_int_set (&self->behaviour, behaviour);
}

void
cv_demo_server_set_auth_reply (CvDemoServer *self,
                               guint         code)
{
  g_return_if_fail (CV_IS_DEMO_SERVER (self));
  g_return_if_fail (code >= 100 && code <= 599);

  g_atomic_int_set (&self->auth_reply, (gint) code);
}

static gboolean
load_credentials (CvDemoServer  *self,
                  GError       **error)
{
  g_auto(gnutls_certificate_credentials_t) credentials = NULL;
  g_auto(gnutls_x509_privkey_t) private_key = NULL;
  gnutls_datum_t chain = { (unsigned char *) self->chain_pem, strlen (self->chain_pem) };
  gnutls_datum_t key = { (unsigned char *) self->key_pem, strlen (self->key_pem) };
  gnutls_x509_crt_t *certificates = NULL;
  unsigned int n_certificates = 0;
  int ret;

  if (self->credentials != NULL)
    return TRUE;

  /* The PEM loaders stop at 16 certificates; hostile modes send longer chains */
  ret = gnutls_certificate_allocate_credentials (&credentials);
  if (ret >= 0)
    ret = gnutls_x509_crt_list_import2 (&certificates, &n_certificates, &chain,
                                        GNUTLS_X509_FMT_PEM, 0);
  if (ret >= 0)
    ret = gnutls_x509_privkey_init (&private_key);
  if (ret >= 0)
    ret = gnutls_x509_privkey_import (private_key, &key, GNUTLS_X509_FMT_PEM);
  if (ret >= 0)
    ret = gnutls_certificate_set_x509_key (credentials, certificates, n_certificates,
                                           private_key);
  for (unsigned int i = 0; i < n_certificates; i++)
    gnutls_x509_crt_deinit (certificates[i]);
  gnutls_free (certificates);
  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The demo server cannot use its certificate and key: %s."),
                   gnutls_strerror (ret));
      return FALSE;
    }

  self->credentials = g_steal_pointer (&credentials);
  return TRUE;
}

gboolean
cv_demo_server_start (CvDemoServer  *self,
                      const char    *address,
                      GError       **error)
{
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) local_address = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  AcceptData *data;
  GThread *thread;

  g_return_val_if_fail (CV_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->accept_thread == NULL, FALSE);

  inet_address = g_inet_address_new_from_string (address);
  if (inet_address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The demo server can only listen on an IP address, not on “%s”."),
                   address);
      return FALSE;
    }

  if (!load_credentials (self, error))
    return FALSE;

  listener = g_socket_new (g_inet_address_get_family (inet_address), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return FALSE;

  g_socket_set_blocking (listener, FALSE);
  socket_address = g_inet_socket_address_new (inet_address, self->requested_port);

  if (!g_socket_bind (listener, socket_address, TRUE, error) ||
      !g_socket_listen (listener, error))
    return FALSE;

  local_address = g_socket_get_local_address (listener, error);
  if (local_address == NULL)
    return FALSE;

  cancellable = g_cancellable_new ();

  data = g_new0 (AcceptData, 1);
  data->server = self;
  data->listener = g_object_ref (listener);
  data->cancellable = g_object_ref (cancellable);

  thread = g_thread_try_new ("cv-demo-accept", accept_thread, data, error);
  if (thread == NULL)
    {
      g_clear_object (&data->listener);
      g_clear_object (&data->cancellable);
      g_free (data);
      return FALSE;
    }

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local_address));
  self->listener = g_steal_pointer (&listener);
  self->cancellable = g_steal_pointer (&cancellable);
  self->accept_thread = thread;
  return TRUE;
}

guint16
cv_demo_server_get_port (CvDemoServer *self)
{
  g_return_val_if_fail (CV_IS_DEMO_SERVER (self), 0);

  return self->port;
}

guint
cv_demo_server_get_n_connections (CvDemoServer *self)
{
  g_return_val_if_fail (CV_IS_DEMO_SERVER (self), 0);

  return (guint) g_atomic_int_get (&self->n_connections);
}

void
cv_demo_server_stop (CvDemoServer *self)
{
  g_return_if_fail (CV_IS_DEMO_SERVER (self));

  if (self->accept_thread == NULL)
    return;

  /* Every wait in every thread polls this cancellable, so they all return now */
  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->accept_thread));

  g_socket_close (self->listener, NULL);
  g_clear_object (&self->listener);
  g_clear_object (&self->cancellable);
}

void
cv_demo_server_set_port (CvDemoServer *self,
                         guint16       port)
{
  g_return_if_fail (CV_IS_DEMO_SERVER (self));
  g_return_if_fail (self->listener == NULL);

  self->requested_port = port;
}
