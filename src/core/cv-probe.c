/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-probe.h"

#include "cv-error.h"
#include "cv-ftp-reply.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <string.h>

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_session_t, gnutls_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_certificate_credentials_t,
                                 gnutls_certificate_free_credentials, NULL)

/* How much of a server's text an error message shows */
#define MAX_SHOWN_TEXT  200
#define MAX_SHOWN_BYTES 40

struct _CvProbe
{
  GObject       parent_instance;

  CvTarget     *target;
  guint         timeout_ms;
  char         *server_name;
  CvProbePhase  phase;
  CvRevocationMode revocation;
};

G_DEFINE_FINAL_TYPE (CvProbe, cv_probe, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TARGET,
  PROP_TIMEOUT_MS,
  PROP_SERVER_NAME,
  PROP_PHASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the run is doing, for timeout and connection-closed messages */
typedef enum
{
  STEP_RESOLVE,
  STEP_CONNECT,
  STEP_GREETING,
  STEP_AUTH_TLS,
  STEP_HANDSHAKE,
} Step;

typedef void (*PhaseFunc) (CvProbePhase phase,
                           gpointer     user_data);

/* The worker's inputs, copied when the run starts: never changed afterwards */
typedef struct
{
  CvTarget     *target;
  guint         timeout_ms;
  char         *server_name;
  /* Only for cv_probe_run_async(): where phase changes are delivered */
  CvProbe      *probe;
  GMainContext *context;
} ProbeInput;

/* One control connection, from connect to close */
typedef struct
{
  GSocket          *socket;
  GCancellable     *cancellable;
  gint64            deadline;
  guint             timeout_ms;
  Step              step;
  const char       *host;
  guint16           port;
  char             *target_string;
  char             *peer_address;
  char             *peer_ip;
  gnutls_session_t  session;
  /* Set by the TLS transport callbacks, reported instead of GnuTLS's error */
  GError           *error;
  /* Bounded FTP read buffer; after AUTH TLS its rest is the start of the TLS stream */
  char             *buf;
  gsize             buf_len;
  gsize             buf_pos;
  gsize             n_tls_bytes;
  gboolean          no_wait;
} Conn;

static void
conn_clear (Conn *c)
{
  if (c->socket != NULL)
    g_socket_close (c->socket, NULL);
  g_clear_object (&c->socket);
  g_clear_pointer (&c->target_string, g_free);
  g_clear_pointer (&c->peer_address, g_free);
  g_clear_pointer (&c->peer_ip, g_free);
  g_clear_error (&c->error);
  g_clear_pointer (&c->buf, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Conn, conn_clear)

GType
cv_probe_phase_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { CV_PROBE_PHASE_RESOLVING, "CV_PROBE_PHASE_RESOLVING", "resolving" },
        { CV_PROBE_PHASE_CONNECTING, "CV_PROBE_PHASE_CONNECTING", "connecting" },
        { CV_PROBE_PHASE_GREETING, "CV_PROBE_PHASE_GREETING", "greeting" },
        { CV_PROBE_PHASE_AUTH_TLS, "CV_PROBE_PHASE_AUTH_TLS", "auth-tls" },
        { CV_PROBE_PHASE_HANDSHAKE, "CV_PROBE_PHASE_HANDSHAKE", "handshake" },
        { CV_PROBE_PHASE_VERIFYING, "CV_PROBE_PHASE_VERIFYING", "verifying" },
        { CV_PROBE_PHASE_DONE, "CV_PROBE_PHASE_DONE", "done" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("CvProbePhase"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

const char *
cv_probe_phase_get_label (CvProbePhase phase)
{
  switch (phase)
    {
    case CV_PROBE_PHASE_RESOLVING:
      return _("Resolving…");
    case CV_PROBE_PHASE_CONNECTING:
      return _("Connecting…");
    case CV_PROBE_PHASE_GREETING:
      return _("Waiting for the greeting…");
    case CV_PROBE_PHASE_AUTH_TLS:
      return _("Sending AUTH TLS…");
    case CV_PROBE_PHASE_HANDSHAKE:
      return _("TLS handshake…");
    case CV_PROBE_PHASE_VERIFYING:
      return _("Verifying…");
    case CV_PROBE_PHASE_DONE:
      return _("Done");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Text from the server, safe to show in one line: no control characters, bounded */
static char *
sanitize_text (const char *text,
               gsize       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);
  gsize n = 0;
  const char *p;

  for (p = valid; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
    }

  if (*p != '\0')
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

/* Raw bytes that were not what we expected: printable ASCII of the first line */
static char *
quote_bytes (const guchar *data,
             gsize         len)
{
  GString *out = g_string_new (NULL);
  gsize i;

  for (i = 0; i < len && out->len < MAX_SHOWN_BYTES; i++)
    {
      if (data[i] == '\r' || data[i] == '\n')
        break;
      g_string_append_c (out, (data[i] >= 0x20 && data[i] < 0x7f) ? (char) data[i] : '?');
    }

  if (i < len && data[i] != '\r' && data[i] != '\n')
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

static char *
format_seconds (guint ms)
{
  if (ms % 1000 == 0)
    return g_strdup_printf ("%u", ms / 1000);

  return g_strdup_printf ("%.1f", ms / 1000.0);
}

static void
set_timeout_error (Conn    *c,
                   GError **error)
{
  g_autofree char *seconds = format_seconds (c->timeout_ms);

  switch (c->step)
    {
    case STEP_RESOLVE:
      g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                   _("Timed out after %s s looking up the server “%s”. Check the name and "
                     "your network connection."), seconds, c->host);
      break;

    case STEP_CONNECT:
      g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                   _("Timed out after %s s connecting to %s port %u. Check the server "
                     "address and port, and that no firewall blocks the connection."),
                   seconds, c->peer_ip != NULL ? c->peer_ip : c->host, c->port);
      break;

    case STEP_GREETING:
      g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                   _("Timed out after %s s waiting for the server's greeting. Is this an FTP "
                     "server? For implicit FTPS or other TLS services choose another "
                     "protocol."), seconds);
      break;

    case STEP_AUTH_TLS:
      g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                   _("Timed out after %s s waiting for the reply to AUTH TLS. The server may "
                     "not support FTP over TLS."), seconds);
      break;

    case STEP_HANDSHAKE:
    default:
      g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                   _("Timed out after %s s during the TLS handshake. Is this the right port "
                     "and protocol?"), seconds);
      break;
    }
}

static void
set_closed_error (Conn    *c,
                  GError **error)
{
  switch (c->step)
    {
    case STEP_GREETING:
      g_set_error (error, CV_ERROR, CV_ERROR_CLOSED,
                   _("The server closed the connection while we waited for its greeting. It "
                     "may not be an FTP server, or it may not accept connections from you."));
      break;

    case STEP_AUTH_TLS:
      g_set_error (error, CV_ERROR, CV_ERROR_CLOSED,
                   _("The server closed the connection while we waited for the reply to AUTH "
                     "TLS. It may not support FTP over TLS."));
      break;

    case STEP_RESOLVE:
    case STEP_CONNECT:
    case STEP_HANDSHAKE:
    default:
      g_set_error (error, CV_ERROR, CV_ERROR_CLOSED,
                   _("The server closed the connection while the TLS handshake was in "
                     "progress. Is this the right port and protocol? The server may also "
                     "accept none of the TLS versions and ciphers that Certview offers."));
      break;
    }
}

/* Maps a socket error to the error the user sees */
static void
set_io_error (Conn    *c,
              GError  *local,
              GError **error)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (local));
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (local, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
           g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED))
    set_closed_error (c, error);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    set_timeout_error (c, error);
  else
    g_set_error (error, CV_ERROR, CV_ERROR_CONNECT,
                 _("Lost the connection to %s: %s. Check your network connection."),
                 c->target_string, local->message);
}

/* Waits for @condition until the run's deadline, or until cancelled */
static gboolean
conn_wait (Conn          *c,
           GSocket       *socket,
           GIOCondition   condition,
           GError       **error)
{
  g_autoptr(GError) local = NULL;
  gint64 remaining;

  if (g_cancellable_set_error_if_cancelled (c->cancellable, error))
    return FALSE;

  remaining = c->deadline - g_get_monotonic_time ();
  if (remaining <= 0)
    {
      set_timeout_error (c, error);
      return FALSE;
    }

  if (!g_socket_condition_timed_wait (socket, condition, remaining, c->cancellable, &local))
    {
      set_io_error (c, local, error);
      return FALSE;
    }

  return TRUE;
}

/* Returns the bytes read, 0 when the server closed the connection, -1 on error */
static gssize
conn_receive (Conn     *c,
              void     *data,
              gsize     len,
              GError  **error)
{
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gssize n;

      if (!conn_wait (c, c->socket, G_IO_IN, error))
        return -1;

      n = g_socket_receive (c->socket, data, len, NULL, &local);
      if (n >= 0)
        return n;

      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          set_io_error (c, local, error);
          return -1;
        }
    }
}

static gboolean
conn_send_all (Conn        *c,
               const char  *data,
               gsize        len,
               GError     **error)
{
  while (len > 0)
    {
      g_autoptr(GError) local = NULL;
      gssize n;

      if (!conn_wait (c, c->socket, G_IO_OUT, error))
        return FALSE;

      /* GSocket sends with MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE */
      n = g_socket_send (c->socket, data, len, NULL, &local);
      if (n < 0)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            continue;

          set_io_error (c, local, error);
          return FALSE;
        }

      data += n;
      len -= n;
    }

  return TRUE;
}

typedef struct
{
  GList    *addresses;
  GError   *error;
  gboolean  done;
  gboolean  timed_out;
} LookupData;

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LookupData *data = user_data;

  data->addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result,
                                                      &data->error);
  data->done = TRUE;
}

static gboolean
lookup_timeout_cb (gpointer user_data)
{
  GCancellable *lookup_cancellable = user_data;

  g_cancellable_cancel (lookup_cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
lookup_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GCancellable *lookup_cancellable = user_data;

  g_cancellable_cancel (lookup_cancellable);
  return G_SOURCE_REMOVE;
}

/*
 * The blocking resolver call has no timeout, so this runs the asynchronous one
 * in a private main context that also watches the deadline and the cancellable.
 */
static GList *
conn_resolve (Conn    *c,
              GError **error)
{
  g_autoptr(GInetAddress) literal = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GCancellable) lookup_cancellable = NULL;
  g_autoptr(GResolver) resolver = NULL;
  g_autoptr(GSource) timeout_source = NULL;
  g_autoptr(GSource) cancel_source = NULL;
  LookupData data = { 0 };
  gint64 remaining;

  literal = g_inet_address_new_from_string (c->host);
  if (literal != NULL)
    return g_list_append (NULL, g_steal_pointer (&literal));

  if (g_cancellable_set_error_if_cancelled (c->cancellable, error))
    return NULL;

  remaining = c->deadline - g_get_monotonic_time ();
  if (remaining <= 0)
    {
      set_timeout_error (c, error);
      return NULL;
    }

  context = g_main_context_new ();
  lookup_cancellable = g_cancellable_new ();
  resolver = g_resolver_get_default ();

  g_main_context_push_thread_default (context);

  timeout_source = g_timeout_source_new ((guint) MAX (1, remaining / 1000));
  g_source_set_callback (timeout_source, lookup_timeout_cb, lookup_cancellable, NULL);
  g_source_attach (timeout_source, context);

  if (c->cancellable != NULL)
    {
      cancel_source = g_cancellable_source_new (c->cancellable);
      g_source_set_callback (cancel_source, G_SOURCE_FUNC (lookup_cancelled_cb),
                             lookup_cancellable, NULL);
      g_source_attach (cancel_source, context);
    }

  g_resolver_lookup_by_name_async (resolver, c->host, lookup_cancellable, lookup_cb, &data);

  while (!data.done)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout_source);
  if (cancel_source != NULL)
    g_source_destroy (cancel_source);

  g_main_context_pop_thread_default (context);

  if (data.addresses != NULL)
    {
      g_clear_error (&data.error);
      return data.addresses;
    }

  if (g_cancellable_set_error_if_cancelled (c->cancellable, error))
    {
      g_clear_error (&data.error);
      return NULL;
    }

  if (g_cancellable_is_cancelled (lookup_cancellable))
    {
      set_timeout_error (c, error);
      g_clear_error (&data.error);
      return NULL;
    }

  g_set_error (error, CV_ERROR, CV_ERROR_RESOLVE,
               _("Could not find the server “%s”: %s. Check the name and your network "
                 "connection."),
               c->host, data.error != NULL ? data.error->message : _("no addresses"));
  g_clear_error (&data.error);
  return NULL;
}

static char *
format_address (GInetAddress *address,
                guint16       port)
{
  g_autofree char *text = g_inet_address_to_string (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[%s]:%u", text, port);

  return g_strdup_printf ("%s:%u", text, port);
}

static void
set_connect_error (GInetAddress  *address,
                   guint16        port,
                   GError        *local,
                   GError       **error)
{
  g_autofree char *text = g_inet_address_to_string (address);
  const char *reason = local->message;

  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    reason = _("Connection refused");
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    reason = _("No route to host");
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    reason = _("Network is unreachable");

  g_set_error (error, CV_ERROR, CV_ERROR_CONNECT,
               _("Could not connect to %s port %u: %s. Check the server address and port, "
                 "and that the server is running."), text, port, reason);
}

static GSocket *
connect_one (Conn          *c,
             GInetAddress  *address,
             GError       **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GError) local = NULL;

  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &local);
  if (socket == NULL)
    {
      set_connect_error (address, c->port, local, error);
      return NULL;
    }

  g_socket_set_blocking (socket, FALSE);
  socket_address = g_inet_socket_address_new (address, c->port);

  if (!g_socket_connect (socket, socket_address, c->cancellable, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }

      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PENDING))
        {
          set_connect_error (address, c->port, local, error);
          return NULL;
        }

      g_clear_error (&local);

      if (!conn_wait (c, socket, G_IO_OUT, error))
        return NULL;

      if (!g_socket_check_connect_result (socket, &local))
        {
          set_connect_error (address, c->port, local, error);
          return NULL;
        }
    }

  return g_steal_pointer (&socket);
}

/* Tries each address in turn, as the resolver ordered them */
static gboolean
conn_connect (Conn     *c,
              GList    *addresses,
              GError  **error)
{
  g_autoptr(GError) last_error = NULL;

  for (GList *l = addresses; l != NULL; l = l->next)
    {
      GInetAddress *address = l->data;

      g_clear_error (&last_error);
      g_clear_pointer (&c->peer_address, g_free);
      g_clear_pointer (&c->peer_ip, g_free);
      c->peer_address = format_address (address, c->port);
      c->peer_ip = g_inet_address_to_string (address);

      c->socket = connect_one (c, address, &last_error);
      if (c->socket != NULL)
        return TRUE;

      /* The deadline and the user's Cancel are for the whole run, not one address */
      if (!g_error_matches (last_error, CV_ERROR, CV_ERROR_CONNECT))
        break;
    }

  g_clear_pointer (&c->peer_address, g_free);
  g_propagate_error (error, g_steal_pointer (&last_error));
  return FALSE;
}

static CvFtpReply *
conn_read_reply (Conn    *c,
                 GError **error)
{
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      CvFtpReply *reply;
      gsize consumed = 0;
      gssize n;

      reply = cv_ftp_reply_parse (c->buf, c->buf_len, &consumed, &local);
      if (reply != NULL)
        {
          memmove (c->buf, c->buf + consumed, c->buf_len - consumed);
          c->buf_len -= consumed;
          return reply;
        }

      /* The parser refuses oversized replies before this; never read past the buffer */
      if (local == NULL && c->buf_len >= CV_FTP_MAX_REPLY)
        g_set_error (&local, CV_ERROR, CV_ERROR_PROTOCOL,
                     _("The server's reply is longer than %d KiB, which is more than an "
                       "FTP server should send."), CV_FTP_MAX_REPLY / 1024);

      if (local != NULL)
        {
          /* The parser knows what was wrong; the user also needs to know when */
          if (c->step == STEP_GREETING)
            g_prefix_error (&local, _("While waiting for the greeting: "));
          else
            g_prefix_error (&local, _("While waiting for the reply to AUTH TLS: "));
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }

      n = conn_receive (c, c->buf + c->buf_len, CV_FTP_MAX_REPLY - c->buf_len, error);
      if (n < 0)
        return NULL;

      if (n == 0)
        {
          set_closed_error (c, error);
          return NULL;
        }

      c->buf_len += n;
    }
}

/* 1xx replies announce another reply: the answer is the next one that is not 1xx */
static CvFtpReply *
conn_read_final_reply (Conn    *c,
                       GError **error)
{
  for (;;)
    {
      CvFtpReply *reply = conn_read_reply (c, error);

      if (reply == NULL || reply->code >= 200)
        return reply;

      cv_ftp_reply_free (reply);
    }
}

static char *
conn_read_greeting (Conn    *c,
                    GError **error)
{
  g_autoptr(CvFtpReply) reply = NULL;
  g_autofree char *shown = NULL;

  c->step = STEP_GREETING;

  reply = conn_read_final_reply (c, error);
  if (reply == NULL)
    return NULL;

  if (reply->code == 220)
    return g_steal_pointer (&reply->text);

  shown = sanitize_text (reply->text, MAX_SHOWN_TEXT);

  if (reply->code >= 400)
    g_set_error (error, CV_ERROR, CV_ERROR_FTP_REPLY,
                 _("The server refused the connection with %u “%s” (%s)."),
                 reply->code, shown, cv_ftp_reply_code_meaning (reply->code));
  else
    g_set_error (error, CV_ERROR, CV_ERROR_PROTOCOL,
                 _("The server greeted with %u “%s” instead of 220 (ready). It may not be an "
                   "FTP server."), reply->code, shown);

  return NULL;
}

static gboolean
conn_auth_tls (Conn    *c,
               GError **error)
{
  static const char command[] = "AUTH TLS\r\n";
  g_autoptr(CvFtpReply) reply = NULL;
  g_autofree char *shown = NULL;

  c->step = STEP_AUTH_TLS;

  if (!conn_send_all (c, command, strlen (command), error))
    return FALSE;

  reply = conn_read_final_reply (c, error);
  if (reply == NULL)
    return FALSE;

  /* RFC 4217 §4: 234 and nothing else starts the TLS negotiation */
  if (reply->code == 234)
    return TRUE;

  shown = sanitize_text (reply->text, MAX_SHOWN_TEXT);

  if (reply->code >= 400)
    g_set_error (error, CV_ERROR, CV_ERROR_FTP_REPLY,
                 _("The server refused AUTH TLS with %u “%s” (%s)."),
                 reply->code, shown, cv_ftp_reply_code_meaning (reply->code));
  else
    g_set_error (error, CV_ERROR, CV_ERROR_PROTOCOL,
                 _("The server answered AUTH TLS with %u “%s” instead of 234, so TLS cannot "
                   "start (%s)."), reply->code, shown, cv_ftp_reply_code_meaning (reply->code));

  return FALSE;
}

/*
 * TLS records start with a content type (20..24) and major version 3; anything
 * else means the server is not speaking TLS, and waiting for more is pointless.
 */
static gboolean
conn_check_tls_bytes (Conn         *c,
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
          gssize n = g_socket_receive_with_blocking (c->socket, (char *) shown + n_shown,
                                                     sizeof shown - n_shown, FALSE,
                                                     NULL, NULL);
          if (n > 0)
            n_shown += n;
        }

      quoted = quote_bytes (shown, n_shown);

      g_set_error (&c->error, CV_ERROR, CV_ERROR_TLS,
                   _("The server at %s did not answer with TLS; it sent “%s”. Is this the "
                     "right port and protocol?"), c->target_string, quoted);
    }

  return ok;
}

static ssize_t
tls_pull_cb (gnutls_transport_ptr_t  ptr,
             void                   *data,
             size_t                  len)
{
  Conn *c = ptr;
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
      n = conn_receive (c, data, len, &c->error);
      if (n < 0)
        {
          gnutls_transport_set_errno (c->session, EIO);
          return -1;
        }

      if (n == 0)
        {
          set_closed_error (c, &c->error);
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
tls_push_cb (gnutls_transport_ptr_t  ptr,
             const void             *data,
             size_t                  len)
{
  Conn *c = ptr;

  if (c->error != NULL)
    {
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }

  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gssize n;

      if (!c->no_wait && !conn_wait (c, c->socket, G_IO_OUT, &c->error))
        {
          gnutls_transport_set_errno (c->session, EIO);
          return -1;
        }

      n = g_socket_send (c->socket, data, len, NULL, &local);
      if (n >= 0)
        return n;

      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (c->no_wait)
            {
              gnutls_transport_set_errno (c->session, EAGAIN);
              return -1;
            }
          continue;
        }

      if (!c->no_wait)
        set_io_error (c, local, &c->error);
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }
}

/* GnuTLS asks whether data arrives within @ms; our own deadline still applies */
static int
tls_pull_timeout_cb (gnutls_transport_ptr_t ptr,
                     unsigned int           ms)
{
  Conn *c = ptr;
  g_autoptr(GError) local = NULL;
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
      set_timeout_error (c, &c->error);
      gnutls_transport_set_errno (c->session, EIO);
      return -1;
    }

  wait_us = remaining;
  if (ms != GNUTLS_INDEFINITE_TIMEOUT && (gint64) ms * 1000 < remaining)
    {
      wait_us = (gint64) ms * 1000;
      limited_by_gnutls = TRUE;
    }

  if (g_socket_condition_timed_wait (c->socket, G_IO_IN, wait_us, c->cancellable, &local))
    return 1;

  if (limited_by_gnutls && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return 0;

  set_io_error (c, local, &c->error);
  gnutls_transport_set_errno (c->session, EIO);
  return -1;
}

static void
set_handshake_error (Conn              *c,
                     gnutls_session_t   session,
                     int                ret,
                     GError           **error)
{
  if (c->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&c->error));
      return;
    }

  switch (ret)
    {
    case GNUTLS_E_FATAL_ALERT_RECEIVED:
      g_set_error (error, CV_ERROR, CV_ERROR_TLS,
                   _("The server at %s ended the TLS handshake with the alert “%s”. It may "
                     "accept none of the TLS versions and ciphers that Certview offers, or "
                     "need a different server name (SNI)."),
                   c->target_string, gnutls_alert_get_name (gnutls_alert_get (session)));
      break;

    case GNUTLS_E_PREMATURE_TERMINATION:
    case GNUTLS_E_UNEXPECTED_PACKET_LENGTH:
      set_closed_error (c, error);
      break;

    default:
      g_set_error (error, CV_ERROR, CV_ERROR_TLS,
                   _("The server at %s did not complete a TLS handshake: %s. Is this the "
                     "right port and protocol?"), c->target_string, gnutls_strerror (ret));
      break;
    }
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

static CvProbeResult *
conn_handshake (Conn        *c,
                ProbeInput  *input,
                const char  *greeting,
                PhaseFunc    report,
                gpointer     report_data,
                GError     **error)
{
  g_auto(gnutls_certificate_credentials_t) credentials = NULL;
  g_auto(gnutls_session_t) session = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  g_autofree char *key_exchange = NULL;
  const gnutls_datum_t *peers;
  const char *server_name = NULL;
  unsigned int n_peers = 0;
  int ret;

  c->step = STEP_HANDSHAKE;

  /* No trust anchors and no verification here: the caller verifies the chain */
  ret = gnutls_certificate_allocate_credentials (&credentials);
  if (ret == GNUTLS_E_SUCCESS)
    ret = gnutls_init (&session, GNUTLS_CLIENT);
  if (ret == GNUTLS_E_SUCCESS)
    ret = gnutls_set_default_priority (session);
  if (ret == GNUTLS_E_SUCCESS)
    ret = gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, credentials);
  if (ret != GNUTLS_E_SUCCESS)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TLS,
                   _("Could not set up TLS: %s."), gnutls_strerror (ret));
      return NULL;
    }

  if (input->server_name != NULL)
    server_name = input->server_name[0] != '\0' ? input->server_name : NULL;
  else if (!cv_target_is_ip_literal (input->target))
    server_name = cv_target_get_host (input->target);

  if (server_name != NULL)
    {
      ret = gnutls_server_name_set (session, GNUTLS_NAME_DNS, server_name,
                                    strlen (server_name));
      if (ret != GNUTLS_E_SUCCESS)
        {
          g_set_error (error, CV_ERROR, CV_ERROR_TLS,
                       _("Could not use “%s” as the server name (SNI): %s."),
                       server_name, gnutls_strerror (ret));
          return NULL;
        }
    }

  /* Every run asks for stapled OCSP: a stapled "revoked" counts in every mode */
  ret = gnutls_ocsp_status_request_enable_client (session, NULL, 0, NULL);
  if (ret != GNUTLS_E_SUCCESS)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TLS,
                   _("Could not set up TLS: %s."), gnutls_strerror (ret));
      return NULL;
    }

  c->session = session;
  gnutls_transport_set_ptr (session, c);
  gnutls_transport_set_push_function (session, tls_push_cb);
  gnutls_transport_set_pull_function (session, tls_pull_cb);
  gnutls_transport_set_pull_timeout_function (session, tls_pull_timeout_cb);
  /* The run's deadline applies; GnuTLS's own handshake limit would be a second one */
  gnutls_handshake_set_timeout (session, GNUTLS_INDEFINITE_TIMEOUT);

  do
    ret = gnutls_handshake (session);
  while (ret < 0 && !gnutls_error_is_fatal (ret) && c->error == NULL);

  if (ret < 0)
    {
      set_handshake_error (c, session, ret, error);
      c->session = NULL;
      return NULL;
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

  result = cv_probe_result_new (input->target);
  for (unsigned int i = 0; i < n_peers; i++)
    {
      g_autoptr(GBytes) der = g_bytes_new (peers[i].data, peers[i].size);

      cv_probe_result_add_certificate (result, der);
    }

  /* TLS 1.3 may staple one response per certificate, TLS 1.2 one for the server's */
  for (unsigned int i = 0; i < n_peers; i++)
    {
      gnutls_datum_t response = { NULL, 0 };

      if (gnutls_ocsp_status_request_get2 (session, i, &response) == GNUTLS_E_SUCCESS &&
          response.size > 0)
        {
          g_autoptr(GBytes) staple = g_bytes_new (response.data, response.size);

          cv_probe_result_set_staple (result, i, staple);
        }
    }

  key_exchange = describe_key_exchange (session);
  cv_probe_result_set_connection_info (result,
                                       gnutls_protocol_get_name (
                                         gnutls_protocol_get_version (session)),
                                       gnutls_cipher_get_name (gnutls_cipher_get (session)),
                                       key_exchange,
                                       server_name,
                                       c->peer_address,
                                       greeting);

  {
    gnutls_mac_algorithm_t mac = gnutls_mac_get (session);
    gnutls_sign_algorithm_t sign = gnutls_sign_algorithm_get (session);

    cv_probe_result_set_session_details (result,
                                         mac == GNUTLS_MAC_AEAD ? "AEAD"
                                         : mac != GNUTLS_MAC_UNKNOWN ? gnutls_mac_get_name (mac)
                                         : NULL,
                                         sign != GNUTLS_SIGN_UNKNOWN
                                           ? gnutls_sign_get_name (sign) : NULL);
  }

  /* Say goodbye if the socket takes it at once; the server's answer does not matter */
  c->no_wait = TRUE;
  gnutls_bye (session, GNUTLS_SHUT_WR);
  c->session = NULL;

  return g_steal_pointer (&result);
}

static CvProbeResult *
probe_run (ProbeInput    *input,
           GCancellable  *cancellable,
           PhaseFunc      report,
           gpointer       report_data,
           GError       **error)
{
  g_auto(Conn) c = { 0 };
  g_autolist(GInetAddress) addresses = NULL;
  g_autofree char *greeting = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  CvProtocol protocol = cv_target_get_protocol (input->target);

  c.cancellable = cancellable;
  c.timeout_ms = input->timeout_ms;
  c.deadline = g_get_monotonic_time () + (gint64) input->timeout_ms * 1000;
  c.host = cv_target_get_host (input->target);
  c.port = cv_target_get_port (input->target);
  c.target_string = cv_target_to_string (input->target);
  c.buf = g_malloc (CV_FTP_MAX_REPLY);

  report (CV_PROBE_PHASE_RESOLVING, report_data);
  c.step = STEP_RESOLVE;
  addresses = conn_resolve (&c, error);
  if (addresses == NULL)
    return NULL;

  report (CV_PROBE_PHASE_CONNECTING, report_data);
  c.step = STEP_CONNECT;
  if (!conn_connect (&c, addresses, error))
    return NULL;

  if (protocol == CV_PROTOCOL_FTP_EXPLICIT)
    {
      report (CV_PROBE_PHASE_GREETING, report_data);
      greeting = conn_read_greeting (&c, error);
      if (greeting == NULL)
        return NULL;

      report (CV_PROBE_PHASE_AUTH_TLS, report_data);
      if (!conn_auth_tls (&c, error))
        return NULL;
    }

  report (CV_PROBE_PHASE_HANDSHAKE, report_data);
  result = conn_handshake (&c, input, greeting, report, report_data, error);
  if (result == NULL)
    return NULL;

  report (CV_PROBE_PHASE_DONE, report_data);
  return g_steal_pointer (&result);
}

static ProbeInput *
probe_input_new (CvProbe *self)
{
  ProbeInput *input = g_new0 (ProbeInput, 1);

  input->target = g_object_ref (self->target);
  input->timeout_ms = self->timeout_ms;
  input->server_name = g_strdup (self->server_name);
  return input;
}

static void
probe_input_free (ProbeInput *input)
{
  g_clear_object (&input->target);
  g_clear_pointer (&input->server_name, g_free);
  g_clear_object (&input->probe);
  g_clear_pointer (&input->context, g_main_context_unref);
  g_free (input);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProbeInput, probe_input_free)

static void
cv_probe_set_phase (CvProbe      *self,
                    CvProbePhase  phase)
{
  if (self->phase == phase)
    return;

  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static void
report_phase_sync (CvProbePhase phase,
                   gpointer     user_data)
{
  cv_probe_set_phase (CV_PROBE (user_data), phase);
}

typedef struct
{
  CvProbe      *probe;
  CvProbePhase  phase;
} PhaseUpdate;

static void
phase_update_free (gpointer data)
{
  PhaseUpdate *update = data;

  g_clear_object (&update->probe);
  g_free (update);
}

static gboolean
phase_update_cb (gpointer data)
{
  PhaseUpdate *update = data;

  cv_probe_set_phase (update->probe, update->phase);
  return G_SOURCE_REMOVE;
}

/* Runs in the worker: the probe object is only touched on the caller's context */
static void
report_phase_async (CvProbePhase phase,
                    gpointer     user_data)
{
  ProbeInput *input = user_data;
  PhaseUpdate *update = g_new0 (PhaseUpdate, 1);

  update->probe = g_object_ref (input->probe);
  update->phase = phase;
  g_main_context_invoke_full (input->context, G_PRIORITY_DEFAULT,
                              phase_update_cb, update, phase_update_free);
}

static CvProbeResult *
run_reporting_to (ProbeInput    *input,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GMainContext) worker_context = g_main_context_new ();
  CvProbeResult *result;

  /*
   * Without a thread-default context of its own, this thread counts the global
   * default context as its own, and g_main_context_invoke_full() would then run
   * phase updates right here whenever that context happens to be free.
   */
  g_main_context_push_thread_default (worker_context);
  result = probe_run (input, cancellable, report_phase_async, input, error);
  g_main_context_pop_thread_default (worker_context);
  return result;
}

static void
cv_probe_run_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ProbeInput *input = task_data;
  g_autoptr(GError) error = NULL;
  CvProbeResult *result;

  result = run_reporting_to (input, cancellable, &error);
  if (result != NULL)
    g_task_return_pointer (task, result, g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
cv_probe_finalize (GObject *object)
{
  CvProbe *self = CV_PROBE (object);

  g_clear_object (&self->target);
  g_clear_pointer (&self->server_name, g_free);

  G_OBJECT_CLASS (cv_probe_parent_class)->finalize (object);
}

static void
cv_probe_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CvProbe *self = CV_PROBE (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;

    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;

    case PROP_SERVER_NAME:
      g_value_set_string (value, self->server_name);
      break;

    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_probe_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CvProbe *self = CV_PROBE (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      self->target = g_value_dup_object (value);
      break;

    case PROP_TIMEOUT_MS:
      cv_probe_set_timeout_ms (self, g_value_get_uint (value));
      break;

    case PROP_SERVER_NAME:
      cv_probe_set_server_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_probe_class_init (CvProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cv_probe_finalize;
  object_class->get_property = cv_probe_get_property;
  object_class->set_property = cv_probe_set_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL,
                         CV_TYPE_TARGET,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL,
                       0, G_MAXUINT, CV_PROBE_DEFAULT_TIMEOUT_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_SERVER_NAME] =
    g_param_spec_string ("server-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL,
                       CV_TYPE_PROBE_PHASE,
                       CV_PROBE_PHASE_RESOLVING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cv_probe_init (CvProbe *self)
{
  self->timeout_ms = CV_PROBE_DEFAULT_TIMEOUT_MS;
  self->phase = CV_PROBE_PHASE_RESOLVING;
}

CvProbe *
cv_probe_new (CvTarget *target)
{
  g_return_val_if_fail (CV_IS_TARGET (target), NULL);

  return g_object_new (CV_TYPE_PROBE, "target", target, NULL);
}

CvTarget *
cv_probe_get_target (CvProbe *self)
{
  g_return_val_if_fail (CV_IS_PROBE (self), NULL);

  return self->target;
}

/* 0 restores the default */
void
cv_probe_set_timeout_ms (CvProbe *self,
                         guint    timeout_ms)
{
  g_return_if_fail (CV_IS_PROBE (self));

  if (timeout_ms == 0)
    timeout_ms = CV_PROBE_DEFAULT_TIMEOUT_MS;

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

/* NULL: the target's host when it is a DNS name; "": send no server name at all */
void
cv_probe_set_server_name (CvProbe    *self,
                          const char *server_name)
{
  g_return_if_fail (CV_IS_PROBE (self));

  if (g_strcmp0 (self->server_name, server_name) == 0)
    return;

  g_free (self->server_name);
  self->server_name = g_strdup (server_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_NAME]);
}

guint
cv_probe_get_timeout_ms (CvProbe *self)
{
  g_return_val_if_fail (CV_IS_PROBE (self), 0);
  return self->timeout_ms;
}

void
cv_probe_set_revocation (CvProbe          *self,
                         CvRevocationMode  mode)
{
  g_return_if_fail (CV_IS_PROBE (self));
  self->revocation = mode;
}

CvRevocationMode
cv_probe_get_revocation (CvProbe *self)
{
  g_return_val_if_fail (CV_IS_PROBE (self), CV_REVOCATION_MODE_ONLINE);
  return self->revocation;
}

CvProbePhase
cv_probe_get_phase (CvProbe *self)
{
  g_return_val_if_fail (CV_IS_PROBE (self), CV_PROBE_PHASE_RESOLVING);

  return self->phase;
}

void
cv_probe_run_async (CvProbe             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProbeInput *input;

  g_return_if_fail (CV_IS_PROBE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  input = probe_input_new (self);
  input->probe = g_object_ref (self);
  input->context = g_main_context_ref_thread_default ();

  cv_probe_set_phase (self, CV_PROBE_PHASE_RESOLVING);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cv_probe_run_async);
  g_task_set_task_data (task, input, (GDestroyNotify) probe_input_free);
  g_task_run_in_thread (task, cv_probe_run_thread);
}

CvProbeResult *
cv_probe_run_finish (CvProbe       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (CV_IS_PROBE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cv_probe_run_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

CvProbeResult *
cv_probe_run (CvProbe       *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(ProbeInput) input = NULL;

  g_return_val_if_fail (CV_IS_PROBE (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input = probe_input_new (self);
  return probe_run (input, cancellable, report_phase_sync, self, error);
}

CvProbeResult *
cv_probe_run_for_context (CvProbe       *self,
                          GMainContext  *context,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(ProbeInput) input = NULL;

  g_return_val_if_fail (CV_IS_PROBE (self), NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input = probe_input_new (self);
  input->probe = g_object_ref (self);
  input->context = g_main_context_ref (context);
  return run_reporting_to (input, cancellable, error);
}
