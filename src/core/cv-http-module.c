/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

/*
 * certview-http.so: the revocation checks' HTTP exchange, with libsoup 3. It is a
 * module of its own, loaded by cv-revocation-http.c on the first online check, so
 * that a program that never fetches an OCSP answer or a CRL does not load
 * libsoup and the libraries it brings (Kerberos, nghttp2, brotli, libpsl).
 */

#include "cv-revocation-http.h"

#include "cv-error.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>
#include <libsoup/soup.h>

#define READ_CHUNK 16384

typedef struct
{
  GQuark        domain;
  GMainContext *context;
  GCancellable *cancellable;
  GInputStream *stream;
  GByteArray   *body;
  gsize         max_size;
  GError       *error;
  gboolean      done;
  gboolean      timed_out;
} Fetch;

static void read_next (Fetch *fetch);

static void
too_large (Fetch *fetch)
{
  g_autofree char *size = g_format_size_full (fetch->max_size, G_FORMAT_SIZE_IEC_UNITS);

  /* TRANSLATORS: %s is a size, as "16.0 MiB" */
  g_set_error (&fetch->error, fetch->domain, CV_ERROR_PROTOCOL, _("the answer is larger than %s"),
               size);
  fetch->done = TRUE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &fetch->error);
  if (chunk == NULL)
    {
      fetch->done = TRUE;
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      fetch->done = TRUE;
      return;
    }
  if (fetch->body->len + g_bytes_get_size (chunk) > fetch->max_size)
    {
      too_large (fetch);
      return;
    }
  g_byte_array_append (fetch->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next (fetch);
}

static void
read_next (Fetch *fetch)
{
  g_input_stream_read_bytes_async (fetch->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   fetch->cancellable, read_cb, fetch);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  guint status;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (source), result, &fetch->error);
  if (fetch->stream == NULL)
    {
      fetch->done = TRUE;
      return;
    }

  status = soup_message_get_status (message);
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (&fetch->error, fetch->domain, CV_ERROR_PROTOCOL,
                   _("it answered HTTP %u %s"), status,
                   soup_message_get_reason_phrase (message));
      fetch->done = TRUE;
      return;
    }
  /* A length announced too large is refused before anything is read */
  if (soup_message_headers_get_encoding (soup_message_get_response_headers (message)) ==
        SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (soup_message_get_response_headers (message)) >
        (goffset) fetch->max_size)
    {
      too_large (fetch);
      return;
    }
  read_next (fetch);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->timed_out = TRUE;
  g_cancellable_cancel (fetch->cancellable);
  return G_SOURCE_REMOVE;
}

static void
parent_cancelled_cb (GCancellable *parent,
                     GCancellable *child)
{
  g_cancellable_cancel (child);
}

/* Looked up by name: CV_HTTP_MODULE_ENTRY */
G_MODULE_EXPORT CvHttpFetch cv_http_module_fetch;

G_MODULE_EXPORT GBytes *
cv_http_module_fetch (GQuark         domain,
                      const char    *url,
                      const char    *content_type,
                      GBytes        *body,
                      gsize          max_size,
                      gint64         deadline,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GSource) timer = NULL;
  g_autoptr(GCancellable) local = g_cancellable_new ();
  gint64 remaining_ms = (deadline - g_get_monotonic_time ()) / 1000;
  gulong parent_id = 0;
  Fetch fetch = { 0 };
  GBytes *result = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  if (remaining_ms <= 0)
    {
      g_set_error_literal (error, domain, CV_ERROR_TIMED_OUT,
                           _("no time was left for it"));
      return NULL;
    }

  message = soup_message_new (body != NULL ? SOUP_METHOD_POST : SOUP_METHOD_GET, url);
  if (message == NULL)
    {
      g_set_error_literal (error, domain, CV_ERROR_INVALID_TARGET,
                           _("its address is not a URL Certview can fetch"));
      return NULL;
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, content_type, body);

  /* The session, its sockets and every callback live in this context, which only
   * this function iterates: the calling thread's own loop is never touched */
  g_main_context_push_thread_default (context);

  session = soup_session_new_with_options ("user-agent", "Certview/" PACKAGE_VERSION,
                                           "max-conns-per-host", 1,
                                           NULL);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);

  fetch.domain = domain;
  fetch.context = context;
  fetch.cancellable = local;
  fetch.body = g_byte_array_new ();
  fetch.max_size = max_size;

  if (cancellable != NULL)
    parent_id = g_cancellable_connect (cancellable, G_CALLBACK (parent_cancelled_cb),
                                       local, NULL);
  timer = g_timeout_source_new ((guint) MIN (remaining_ms, G_MAXUINT));
  g_source_set_callback (timer, deadline_cb, &fetch, NULL);
  g_source_attach (timer, context);

  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, local, sent_cb, &fetch);
  while (!fetch.done)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timer);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, parent_id);

  if (fetch.error == NULL)
    result = g_byte_array_free_to_bytes (g_steal_pointer (&fetch.body));
  else if (fetch.timed_out)
    g_set_error_literal (error, domain, CV_ERROR_TIMED_OUT, _("it did not answer in time"));
  else if (g_cancellable_is_cancelled (cancellable))
    g_propagate_error (error, g_steal_pointer (&fetch.error));
  else
    g_propagate_error (error, g_steal_pointer (&fetch.error));

  g_clear_error (&fetch.error);
  g_clear_pointer (&fetch.body, g_byte_array_unref);
  if (fetch.stream != NULL)
    g_input_stream_close (fetch.stream, NULL, NULL);
  g_clear_object (&fetch.stream);
  g_clear_object (&message);
  g_clear_object (&session);
  /* What the session leaves behind (closing sockets) finishes here */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return result;
}
