/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The probe's connection: resolving the host, connecting, reading and writing
 * within the run's deadline, and the messages for what goes wrong there */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-probe-private.h"

#include "cv-error.h"
#include "cv-ftp-reply.h"

#include <glib/gi18n-lib.h>

void
cv_probe_conn_clear (CvProbeConn *c)
{
  if (c->socket != NULL)
    g_socket_close (c->socket, NULL);
  g_clear_object (&c->socket);
  g_clear_pointer (&c->target_string, g_free);
  g_clear_pointer (&c->peer_address, g_free);
  g_clear_pointer (&c->peer_ip, g_free);
  g_clear_error (&c->error);
  g_clear_pointer (&c->buf, g_free);
  g_clear_pointer (&c->preliminary_text, g_free);
}

static char *
format_seconds (guint ms)
{
  if (ms % 1000 == 0)
    return g_strdup_printf ("%u", ms / 1000);

  return g_strdup_printf ("%g", ms / 1000.0);
}

void
cv_probe_conn_set_timeout_error (CvProbeConn *c,
                                 GError     **error)
{
  g_autofree char *seconds = format_seconds (c->timeout_ms);

  switch (c->step)
    {
    case CV_PROBE_STEP_RESOLVE:
      g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                   _("Timed out after %s s looking up the server “%s”. Check the name and "
                     "your network connection."), seconds, c->host);
      break;

    case CV_PROBE_STEP_CONNECT:
      g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                   _("Timed out after %s s connecting to %s port %u. Check the server "
                     "address and port, and that no firewall blocks the connection."),
                   seconds, c->peer_ip != NULL ? c->peer_ip : c->host, c->port);
      break;

    case CV_PROBE_STEP_GREETING:
      if (c->preliminary_text != NULL)
        g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                     _("Timed out after %s s waiting for the server's greeting: it said %u "
                       "“%s” (%s), and was still not ready. Try again later."),
                     seconds, c->preliminary_code, c->preliminary_text,
                     cv_ftp_reply_code_meaning (c->preliminary_code));
      else if (c->buf_len > 0)
        g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                     _("Timed out after %s s: the server began its greeting but did not "
                       "finish it. It may be overloaded or broken; try again later."),
                     seconds);
      else
        g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                     _("Timed out after %s s waiting for the server's greeting. Is this an "
                       "FTP server? For implicit FTPS (ftps://) or other TLS services "
                       "(tls://) choose another protocol."), seconds);
      break;

    case CV_PROBE_STEP_AUTH_TLS:
      g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                   _("Timed out after %s s waiting for the reply to AUTH TLS. The server may "
                     "not support FTP over TLS."), seconds);
      break;

    case CV_PROBE_STEP_HANDSHAKE:
    default:
      g_set_error (error, CV_ERROR, CV_ERROR_TIMED_OUT,
                   _("Timed out after %s s during the TLS handshake. Is this the right port "
                     "and protocol?"), seconds);
      break;
    }
}

void
cv_probe_conn_set_closed_error (CvProbeConn *c,
                                GError     **error)
{
  switch (c->step)
    {
    case CV_PROBE_STEP_GREETING:
      g_set_error (error, CV_ERROR, CV_ERROR_CLOSED,
                   _("The server closed the connection while we waited for its greeting. It "
                     "may not be an FTP server, or it may not accept connections from you."));
      break;

    case CV_PROBE_STEP_AUTH_TLS:
      g_set_error (error, CV_ERROR, CV_ERROR_CLOSED,
                   _("The server closed the connection while we waited for the reply to AUTH "
                     "TLS. It may not support FTP over TLS."));
      break;

    case CV_PROBE_STEP_RESOLVE:
    case CV_PROBE_STEP_CONNECT:
    case CV_PROBE_STEP_HANDSHAKE:
    default:
      g_set_error (error, CV_ERROR, CV_ERROR_CLOSED,
                   _("The server closed the connection while the TLS handshake was in "
                     "progress. Is this the right port and protocol? The server may also "
                     "accept none of the TLS versions and ciphers that Certview offers."));
      break;
    }
}

/* Maps a socket error to the error the user sees */
void
cv_probe_conn_set_io_error (CvProbeConn *c,
                            GError      *local,
                            GError     **error)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (local));
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (local, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
           g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED))
    cv_probe_conn_set_closed_error (c, error);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    cv_probe_conn_set_timeout_error (c, error);
  else
    g_set_error (error, CV_ERROR, CV_ERROR_CONNECT,
                 _("Lost the connection to %s: %s. Check your network connection."),
                 c->target_string, local->message);
}

/* FALSE with the error when the run is cancelled or its deadline has passed */
gboolean
cv_probe_conn_check (CvProbeConn *c,
                     GError     **error)
{
  if (g_cancellable_set_error_if_cancelled (c->cancellable, error))
    return FALSE;

  if (c->deadline - g_get_monotonic_time () <= 0)
    {
      cv_probe_conn_set_timeout_error (c, error);
      return FALSE;
    }

  return TRUE;
}

/* Waits for @condition until the run's deadline, or until cancelled */
gboolean
cv_probe_conn_wait (CvProbeConn *c,
                    GSocket     *socket,
                    GIOCondition condition,
                    GError     **error)
{
  g_autoptr(GError) local = NULL;
  gint64 remaining;

  if (!cv_probe_conn_check (c, error))
    return FALSE;

  if (c->first_wait != NULL)
    {
      CvProbeWaitFunc func = g_steal_pointer (&c->first_wait);

      func (c->first_wait_data);
    }

  remaining = MAX (1, c->deadline - g_get_monotonic_time ());
  if (!g_socket_condition_timed_wait (socket, condition, remaining, c->cancellable, &local))
    {
      cv_probe_conn_set_io_error (c, local, error);
      return FALSE;
    }

  return TRUE;
}

/*
 * Returns the bytes read, 0 when the server closed the connection, -1 on error.
 * The socket does not block: what has arrived is read at once, and only an empty
 * socket is waited on (the cancellable and the deadline are checked either way).
 */
gssize
cv_probe_conn_receive (CvProbeConn *c,
                       void        *data,
                       gsize        len,
                       GError     **error)
{
  if (!cv_probe_conn_check (c, error))
    return -1;

  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gssize n;

      n = g_socket_receive (c->socket, data, len, NULL, &local);
      if (n >= 0)
        return n;

      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          cv_probe_conn_set_io_error (c, local, error);
          return -1;
        }

      if (!cv_probe_conn_wait (c, c->socket, G_IO_IN, error))
        return -1;
    }
}

gboolean
cv_probe_conn_send_all (CvProbeConn *c,
                        const char  *data,
                        gsize        len,
                        GError     **error)
{
  if (!cv_probe_conn_check (c, error))
    return FALSE;

  while (len > 0)
    {
      g_autoptr(GError) local = NULL;
      gssize n;

      /* GSocket sends with MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE */
      n = g_socket_send (c->socket, data, len, NULL, &local);
      if (n < 0)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              /* A full send buffer: wait until it takes more */
              if (!cv_probe_conn_wait (c, c->socket, G_IO_OUT, error))
                return FALSE;
              continue;
            }

          cv_probe_conn_set_io_error (c, local, error);
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
GList *
cv_probe_conn_resolve (CvProbeConn *c,
                       GError     **error)
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
      cv_probe_conn_set_timeout_error (c, error);
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
      cv_probe_conn_set_timeout_error (c, error);
      g_clear_error (&data.error);
      return NULL;
    }

  /* GLib's message names the host again, in quotes of its own */
  if (g_error_matches (data.error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
    g_set_error (error, CV_ERROR, CV_ERROR_RESOLVE,
                 _("Could not look up the server “%s”: the name service did not answer. "
                   "Check your network connection and try again."), c->host);
  else
    g_set_error (error, CV_ERROR, CV_ERROR_RESOLVE,
                 _("The server “%s” was not found. Check the name and your network "
                   "connection."), c->host);
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
set_connect_error (GInetAddress *address,
                   guint16       port,
                   GError       *local,
                   GError      **error)
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
connect_one (CvProbeConn  *c,
             GInetAddress *address,
             GError      **error)
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

      if (!cv_probe_conn_wait (c, socket, G_IO_OUT, error))
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
gboolean
cv_probe_conn_connect (CvProbeConn *c,
                       GList       *addresses,
                       GError     **error)
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
