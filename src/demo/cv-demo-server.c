/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-demo-server.h"

#include "cv-demo-conn.h"
#include "cv-demo-ftp.h"
#include "cv-error.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit,
                                 NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_certificate_credentials_t,
                                 gnutls_certificate_free_credentials, NULL)

struct _CvDemoServer
{
  GObject                           parent_instance;

  CvProtocol                        protocol;
  char                             *chain_pem;
  char                             *key_pem;
  /* GBytes: DER OCSP responses to staple, each for a certificate of the chain */
  GPtrArray                        *staples;
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

/* The server's side of a handshake costs as much CPU as the client's. In
 * `certview --demo`, in the tests and in the benchmarks it runs in the same
 * process as a window, and may serve fifty probes at once: at the lowest priority,
 * it never keeps the window's main thread (nor the X server drawing it) from a
 * core. Linux keeps the nice value per thread. (The library's workers lower
 * theirs with cv_background_lower_priority(), which it does not export, and to nice
 * 10 only: an inspection must not crawl while the machine is busy.) */
static void
lower_priority (void)
{
#ifdef SYS_gettid
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 19) != 0)
    g_debug ("could not lower the priority of a connection's thread: %s",
             g_strerror (errno));
#endif
}

static gpointer
demo_conn_thread (gpointer data)
{
  CvDemoConn *c = data;

  lower_priority ();
  cv_demo_ftp_serve (c);

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
      CvDemoConn *c = g_ptr_array_index (conns, i - 1);

      if (all || g_atomic_int_get (&c->done))
        {
          g_thread_join (c->thread);
          cv_demo_conn_free (c);
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
      CvDemoConn *c;

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

      c = g_new0 (CvDemoConn, 1);
      c->socket = g_steal_pointer (&socket);
      c->cancellable = g_object_ref (data->cancellable);
      c->credentials = server->credentials;
      c->protocol = server->protocol;
      c->behaviour = g_atomic_int_get (&server->behaviour);
      c->auth_reply = g_atomic_int_get (&server->auth_reply);

      c->thread = g_thread_try_new ("cv-demo-conn", demo_conn_thread, c, NULL);
      if (c->thread == NULL)
        {
          cv_demo_conn_free (c);
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
  g_clear_pointer (&self->staples, g_ptr_array_unref);

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
  self->staples = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
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
  g_return_if_fail (behaviour <= CV_DEMO_BEHAVIOUR_HTTP_TEXT);

  g_atomic_int_set (&self->behaviour, behaviour);
}

void
cv_demo_server_set_auth_reply (CvDemoServer *self,
                               guint         code)
{
  g_return_if_fail (CV_IS_DEMO_SERVER (self));
  g_return_if_fail (code >= 100 && code <= 999);

  g_atomic_int_set (&self->auth_reply, (gint) code);
}

void
cv_demo_server_add_staple (CvDemoServer *self,
                           GBytes       *response)
{
  g_return_if_fail (CV_IS_DEMO_SERVER (self));
  g_return_if_fail (response != NULL);
  g_return_if_fail (self->credentials == NULL);

  g_ptr_array_add (self->staples, g_bytes_ref (response));
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
  /* GnuTLS pairs each response with the certificate it is about; TLS 1.3 staples
   * one per certificate, TLS 1.2 the server certificate's */
  for (guint i = 0; ret >= 0 && i < self->staples->len; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (self->staples, i), &size);
      gnutls_datum_t response = { (unsigned char *) data, (unsigned int) size };

      ret = gnutls_certificate_set_ocsp_status_request_mem (credentials, &response, 0,
                                                            GNUTLS_X509_FMT_DER);
    }
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

