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
/* Redirects of an OCSP request followed at most, as libsoup does for a GET */
#define MAX_POST_REDIRECTS 3

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
  /* Where a POST was sent on, which libsoup would follow as a GET without the
   * request (301, 302) or not at all (307, 308) */
  char         *redirect;
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
  const char *encoding;
  guint status;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (source), result, &fetch->error);
  if (fetch->stream == NULL)
    {
      fetch->done = TRUE;
      return;
    }

  status = soup_message_get_status (message);
  if (SOUP_STATUS_IS_REDIRECTION (status) &&
      (soup_message_get_flags (message) & SOUP_MESSAGE_NO_REDIRECT) != 0)
    {
      const char *location =
        soup_message_headers_get_one (soup_message_get_response_headers (message), "Location");

      if (location != NULL)
        {
          fetch->redirect = g_strdup (location);
          fetch->done = TRUE;
          return;
        }
    }
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (&fetch->error, fetch->domain, CV_ERROR_PROTOCOL,
                   _("it answered HTTP %u %s"), status,
                   soup_message_get_reason_phrase (message));
      fetch->done = TRUE;
      return;
    }
  /* No Accept-Encoding is sent: a body compressed all the same is said as such,
   * not judged as what it is not */
  encoding = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                           "Content-Encoding");
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "identity") != 0)
    {
      g_autofree char *safe = g_strescape (encoding, NULL);

      /* TRANSLATORS: %s is an HTTP content coding, as "gzip" */
      g_set_error (&fetch->error, fetch->domain, CV_ERROR_PROTOCOL,
                   _("it sent its answer compressed (%s), which it was not asked for"), safe);
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

/* A GET, or a POST of @body, which answers a redirect itself: libsoup would send
 * it on as a GET with no body (301, 302), or not at all (307, 308) */
static SoupMessage *
new_message (const char *url,
             const char *content_type,
             GBytes     *body)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  SoupMessage *message;

  /* What libsoup would refuse with a critical: no http(s) address with a host */
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0))
    return NULL;
  message = soup_message_new_from_uri (body != NULL ? SOUP_METHOD_POST : SOUP_METHOD_GET, uri);
  if (message != NULL && body != NULL)
    {
      soup_message_set_request_body_from_bytes (message, content_type, body);
      soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
    }
  return message;
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

  message = new_message (url, content_type, body);
  if (message == NULL)
    {
      g_set_error_literal (error, domain, CV_ERROR_INVALID_TARGET,
                           _("its address is not a URL Certview can fetch"));
      return NULL;
    }

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

  for (guint hops = 0; ; hops++)
    {
      g_autoptr(GUri) base = NULL;
      g_autoptr(GUri) next = NULL;
      g_autofree char *next_url = NULL;

      soup_session_send_async (session, message, G_PRIORITY_DEFAULT, local, sent_cb, &fetch);
      while (!fetch.done)
        g_main_context_iteration (context, TRUE);
      if (fetch.redirect == NULL)
        break;

      /* The same request, to where the responder sends it */
      base = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      next = base != NULL ? g_uri_parse_relative (base, fetch.redirect, G_URI_FLAGS_NONE, NULL)
                          : NULL;
      next_url = next != NULL ? g_uri_to_string (next) : NULL;
      g_clear_object (&message);
      if (hops < MAX_POST_REDIRECTS && next_url != NULL)
        message = new_message (next_url, content_type, body);
      if (message == NULL)
        {
          g_autofree char *safe = g_strescape (fetch.redirect, NULL);

          /* TRANSLATORS: %s is the address the responder sent the request on to */
          g_set_error (&fetch.error, domain, CV_ERROR_PROTOCOL,
                       _("it sent the request on to “%s”, once too often or to no address "
                         "Certview can fetch"), safe);
          g_clear_pointer (&fetch.redirect, g_free);
          break;
        }
      g_clear_pointer (&fetch.redirect, g_free);
      if (fetch.stream != NULL)
        g_input_stream_close (fetch.stream, NULL, NULL);
      g_clear_object (&fetch.stream);
      fetch.done = FALSE;
    }

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
  g_clear_pointer (&fetch.redirect, g_free);
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
