/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The probe's connection: resolving the host, connecting, reading and writing
 * within the run's deadline, and the messages for what goes wrong there.
 *
 * It runs on the C library's sockets, poll() and getaddrinfo(), not on GIO's
 * GSocket and GResolver: those would bring GIO's networking types and their
 * code into every inspection (about 360 KiB of `certview --dump`'s peak memory,
 * BENCHMARKS.md), for a client that needs one socket and one wait. */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-probe-private.h"

#include "cv-error.h"
#include "cv-ftp-reply.h"
#include "cv-inet-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

void
cv_probe_conn_clear (CvProbeConn *c)
{
  if (c->fd >= 0)
    close (c->fd);
  c->fd = -1;
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

/* Maps a failed recv() or send() to the error the user sees */
void
cv_probe_conn_set_errno_error (CvProbeConn *c,
                               int          errsv,
                               GError     **error)
{
  switch (errsv)
    {
    case ECONNRESET:
    case EPIPE:
    case ENOTCONN:
      cv_probe_conn_set_closed_error (c, error);
      break;

    case ETIMEDOUT:
      cv_probe_conn_set_timeout_error (c, error);
      break;

    default:
      g_set_error (error, CV_ERROR, CV_ERROR_CONNECT,
                   _("Lost the connection to %s: %s. Check your network connection."),
                   c->target_string, g_strerror (errsv));
      break;
    }
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

CvProbeWait
cv_probe_conn_poll (CvProbeConn *c,
                    int          fd,
                    short        events,
                    gint64       wait_us)
{
  struct pollfd fds[2] = { { .fd = fd, .events = events } };
  GPollFD cancel_fd = { .fd = -1 };
  nfds_t n_fds = 1;
  gint64 end = g_get_monotonic_time () + wait_us;
  CvProbeWait outcome;

  if (c->cancellable != NULL && g_cancellable_make_pollfd (c->cancellable, &cancel_fd))
    {
      fds[1].fd = cancel_fd.fd;
      fds[1].events = POLLIN;
      n_fds = 2;
    }

  for (;;)
    {
      gint64 remaining;
      int ret;

      if (g_cancellable_is_cancelled (c->cancellable))
        {
          outcome = CV_PROBE_WAIT_CANCELLED;
          break;
        }

      remaining = end - g_get_monotonic_time ();
      if (remaining <= 0)
        {
          outcome = CV_PROBE_WAIT_TIMED_OUT;
          break;
        }

      /* Rounded up: a wait never ends before its time */
      ret = poll (fds, n_fds, (int) MIN ((remaining + 999) / 1000, G_MAXINT));
      if (ret < 0 && errno != EINTR)
        {
          /* poll() fails only for a bad argument or want of memory: the read or
           * write that follows reports what is wrong, and the deadline still ends
           * the run */
          outcome = CV_PROBE_WAIT_READY;
          break;
        }

      /* An error or a hang-up on the socket counts as ready: the read or write
       * that follows reports it */
      if (ret > 0 && fds[0].revents != 0 && !g_cancellable_is_cancelled (c->cancellable))
        {
          outcome = CV_PROBE_WAIT_READY;
          break;
        }
    }

  if (cancel_fd.fd >= 0)
    g_cancellable_release_fd (c->cancellable);

  return outcome;
}

/* Waits for @events until the run's deadline, or until cancelled */
gboolean
cv_probe_conn_wait (CvProbeConn *c,
                    int          fd,
                    short        events,
                    GError     **error)
{
  if (!cv_probe_conn_check (c, error))
    return FALSE;

  if (c->first_wait != NULL)
    {
      CvProbeWaitFunc func = g_steal_pointer (&c->first_wait);

      func (c->first_wait_data);
    }

  switch (cv_probe_conn_poll (c, fd, events, c->deadline - g_get_monotonic_time ()))
    {
    case CV_PROBE_WAIT_READY:
      return TRUE;

    case CV_PROBE_WAIT_CANCELLED:
      g_cancellable_set_error_if_cancelled (c->cancellable, error);
      return FALSE;

    case CV_PROBE_WAIT_TIMED_OUT:
    default:
      cv_probe_conn_set_timeout_error (c, error);
      return FALSE;
    }
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
      gssize n = recv (c->fd, data, len, 0);
      int errsv = errno;

      if (n >= 0)
        return n;

      if (errsv == EINTR)
        continue;

      if (errsv != EAGAIN && errsv != EWOULDBLOCK)
        {
          cv_probe_conn_set_errno_error (c, errsv, error);
          return -1;
        }

      if (!cv_probe_conn_wait (c, c->fd, POLLIN, error))
        return -1;
    }
}

gssize
cv_probe_conn_send (CvProbeConn *c,
                    const void  *data,
                    gsize        len)
{
  gssize n;

  /* MSG_NOSIGNAL: a closed peer is an error (EPIPE), not SIGPIPE */
  do
    n = send (c->fd, data, len, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);

  return n;
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
      gssize n = cv_probe_conn_send (c, data, len);

      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EAGAIN || errsv == EWOULDBLOCK)
            {
              /* A full send buffer: wait until it takes more */
              if (!cv_probe_conn_wait (c, c->fd, POLLOUT, error))
                return FALSE;
              continue;
            }

          cv_probe_conn_set_errno_error (c, errsv, error);
          return FALSE;
        }

      data += n;
      len -= n;
    }

  return TRUE;
}

/*
 * A name lookup on a thread of its own: getaddrinfo() has no timeout and cannot
 * be cancelled, so the run waits for the thread's answer on a pipe, beside the
 * deadline and the cancellable, and leaves a lookup that outlives them behind.
 * The last of the two to let go frees it.
 */
typedef struct
{
  gint             done;
  char            *host;
  int              pipe_fds[2];
  int              status;
  struct addrinfo *result;
} Lookup;

/* In a GLib reference-counted box */
static Lookup *
lookup_new (const char *host)
{
  Lookup *lookup = g_atomic_rc_box_new0 (Lookup);

  lookup->host = g_strdup (host);
  lookup->pipe_fds[0] = lookup->pipe_fds[1] = -1;
  return lookup;
}

static void
lookup_clear (Lookup *lookup)
{
  if (lookup->result != NULL)
    freeaddrinfo (lookup->result);
  if (lookup->pipe_fds[0] >= 0)
    close (lookup->pipe_fds[0]);
  if (lookup->pipe_fds[1] >= 0)
    close (lookup->pipe_fds[1]);
  g_free (lookup->host);
}

static void
lookup_release (Lookup *lookup)
{
  g_atomic_rc_box_release_full (lookup, (GDestroyNotify) lookup_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_release)

static void
lookup_run (Lookup *lookup)
{
  struct addrinfo hints = {
    .ai_socktype = SOCK_STREAM,
    .ai_flags = AI_ADDRCONFIG,
  };

  lookup->status = getaddrinfo (lookup->host, NULL, &hints, &lookup->result);
  /* A full barrier: whoever sees done sees the result */
  g_atomic_int_set (&lookup->done, TRUE);
}

static gpointer
lookup_thread (gpointer data)
{
  Lookup *lookup = data;
  gssize ret;

  lookup_run (lookup);

  do
    ret = write (lookup->pipe_fds[1], "", 1);
  while (ret < 0 && errno == EINTR);

  lookup_release (lookup);
  return NULL;
}

/* TRUE when the lookup is done; FALSE with the error when the deadline passed or
 * the run was cancelled first */
static gboolean
lookup_wait (CvProbeConn *c,
             Lookup      *lookup,
             GError     **error)
{
  GThread *thread = NULL;

  if (g_unix_open_pipe (lookup->pipe_fds, FD_CLOEXEC, NULL))
    {
      thread = g_thread_try_new ("cv-resolve", lookup_thread, g_atomic_rc_box_acquire (lookup),
                                 NULL);
      if (thread == NULL)
        lookup_release (lookup);    /* the thread's reference, never taken up */
    }

  /* No pipe or no thread to spare: the lookup without a timeout beats none */
  if (thread == NULL)
    {
      lookup_run (lookup);
      return cv_probe_conn_check (c, error);
    }
  g_thread_unref (thread);

  switch (cv_probe_conn_poll (c, lookup->pipe_fds[0], POLLIN,
                              c->deadline - g_get_monotonic_time ()))
    {
    case CV_PROBE_WAIT_CANCELLED:
      g_cancellable_set_error_if_cancelled (c->cancellable, error);
      return FALSE;

    case CV_PROBE_WAIT_READY:
      if (g_atomic_int_get (&lookup->done))
        return TRUE;
      G_GNUC_FALLTHROUGH;

    case CV_PROBE_WAIT_TIMED_OUT:
    default:
      cv_probe_conn_set_timeout_error (c, error);
      return FALSE;
    }
}

static void
append_address (GArray              *addresses,
                const struct sockaddr *native)
{
  CvInetAddress address = { .family = native->sa_family };

  if (native->sa_family == AF_INET)
    address.bytes.v4 = ((const struct sockaddr_in *) native)->sin_addr;
  else if (native->sa_family == AF_INET6)
    address.bytes.v6 = ((const struct sockaddr_in6 *) native)->sin6_addr;
  else
    return;

  /* One address per family and number, in the order the C library ranked them */
  for (guint i = 0; i < addresses->len; i++)
    {
      const CvInetAddress *seen = &g_array_index (addresses, CvInetAddress, i);

      if (seen->family == address.family &&
          memcmp (&seen->bytes, &address.bytes,
                  address.family == AF_INET ? sizeof address.bytes.v4
                                            : sizeof address.bytes.v6) == 0)
        return;
    }

  g_array_append_val (addresses, address);
}

static void
set_lookup_error (CvProbeConn *c,
                  int          status,
                  GError     **error)
{
  if (status == EAI_AGAIN)
    g_set_error (error, CV_ERROR, CV_ERROR_RESOLVE,
                 _("Could not look up the server “%s”: the name service did not answer. "
                   "Check your network connection and try again."), c->host);
  else
    g_set_error (error, CV_ERROR, CV_ERROR_RESOLVE,
                 _("The server “%s” was not found. Check the name and your network "
                   "connection."), c->host);
}

/* "localhost" and the names under it are the machine itself (RFC 6761), not a
 * question for the name service: IPv6 first, then IPv4 */
static gboolean
is_localhost (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 ||
         (strlen (host) > strlen (".localhost") &&
          g_ascii_strcasecmp (host + strlen (host) - strlen (".localhost"), ".localhost") == 0);
}

GArray *
cv_probe_conn_resolve (CvProbeConn *c,
                       GError     **error)
{
  g_autoptr(GArray) addresses = g_array_new (FALSE, TRUE, sizeof (CvInetAddress));
  g_autoptr(Lookup) lookup = NULL;
  CvInetAddress literal;

  if (!cv_probe_conn_check (c, error))
    return NULL;

  if (cv_inet_address_parse (c->host, &literal))
    {
      g_array_append_val (addresses, literal);
      return g_steal_pointer (&addresses);
    }

  if (is_localhost (c->host))
    {
      CvInetAddress loopback6 = { .family = AF_INET6, .bytes.v6 = IN6ADDR_LOOPBACK_INIT };
      CvInetAddress loopback4 = { .family = AF_INET,
                                  .bytes.v4.s_addr = g_htonl (INADDR_LOOPBACK) };

      g_array_append_val (addresses, loopback6);
      g_array_append_val (addresses, loopback4);
      return g_steal_pointer (&addresses);
    }

  lookup = lookup_new (c->host);
  if (!lookup_wait (c, lookup, error))
    return NULL;

  if (lookup->status != 0)
    {
      set_lookup_error (c, lookup->status, error);
      return NULL;
    }

  for (const struct addrinfo *ai = lookup->result; ai != NULL; ai = ai->ai_next)
    append_address (addresses, ai->ai_addr);

  if (addresses->len == 0)
    {
      set_lookup_error (c, EAI_NONAME, error);
      return NULL;
    }

  return g_steal_pointer (&addresses);
}

static char *
format_address (const CvInetAddress *address,
                guint16              port)
{
  g_autofree char *text = cv_inet_address_to_string (address);

  if (address->family == AF_INET6)
    return g_strdup_printf ("[%s]:%u", text, port);

  return g_strdup_printf ("%s:%u", text, port);
}

static void
set_connect_error (const CvInetAddress *address,
                   guint16              port,
                   int                  errsv,
                   GError             **error)
{
  g_autofree char *text = cv_inet_address_to_string (address);
  const char *reason;

  switch (errsv)
    {
    case ECONNREFUSED:
      reason = _("Connection refused");
      break;

    case EHOSTUNREACH:
      reason = _("No route to host");
      break;

    case ENETUNREACH:
      reason = _("Network is unreachable");
      break;

    default:
      reason = g_strerror (errsv);
      break;
    }

  g_set_error (error, CV_ERROR, CV_ERROR_CONNECT,
               _("Could not connect to %s port %u: %s. Check the server address and port, "
                 "and that the server is running."), text, port, reason);
}

/* A connected socket that does not block, or -1 with the error */
static int
connect_one (CvProbeConn         *c,
             const CvInetAddress *address,
             GError             **error)
{
  struct sockaddr_storage native;
  socklen_t native_len = cv_inet_address_to_native (address, c->port, &native);
  int fd;
  int ret;
  int errsv;
  socklen_t errsv_len = sizeof errsv;

  fd = socket (address->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0)
    {
      set_connect_error (address, c->port, errno, error);
      return -1;
    }

  ret = connect (fd, (struct sockaddr *) &native, native_len);
  errsv = errno;
  if (ret == 0)
    return fd;

  /* An interrupted connect() goes on, as one in progress does */
  if (errsv != EINPROGRESS && errsv != EINTR)
    {
      close (fd);
      set_connect_error (address, c->port, errsv, error);
      return -1;
    }

  if (!cv_probe_conn_wait (c, fd, POLLOUT, error))
    {
      close (fd);
      return -1;
    }

  if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &errsv, &errsv_len) < 0)
    errsv = errno;
  if (errsv != 0)
    {
      close (fd);
      set_connect_error (address, c->port, errsv, error);
      return -1;
    }

  return fd;
}

/* Tries each address in turn, as the resolver ordered them */
gboolean
cv_probe_conn_connect (CvProbeConn *c,
                       GArray      *addresses,
                       GError     **error)
{
  g_autoptr(GError) last_error = NULL;

  for (guint i = 0; i < addresses->len; i++)
    {
      const CvInetAddress *address = &g_array_index (addresses, CvInetAddress, i);

      g_clear_error (&last_error);
      g_clear_pointer (&c->peer_address, g_free);
      g_clear_pointer (&c->peer_ip, g_free);
      c->peer_address = format_address (address, c->port);
      c->peer_ip = cv_inet_address_to_string (address);

      c->fd = connect_one (c, address, &last_error);
      if (c->fd >= 0)
        return TRUE;

      /* The deadline and the user's Cancel are for the whole run, not one address */
      if (!g_error_matches (last_error, CV_ERROR, CV_ERROR_CONNECT))
        break;
    }

  g_clear_pointer (&c->peer_address, g_free);
  g_propagate_error (error, g_steal_pointer (&last_error));
  return FALSE;
}
