/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gnutls/gnutls.h>

#include "cv-demo-server.h"

G_BEGIN_DECLS

/* The longest command line a client may send, CRLF included (RFC 959 sets no
 * limit; a client's commands are a few dozen bytes) */
#define CV_DEMO_MAX_COMMAND_LINE 4096

/* What CV_DEMO_BEHAVIOUR_HTTP_TEXT answers to what a client first sends */
#define CV_DEMO_HTTP_TEXT "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"

/*
 * CvDemoConn:
 * One client of the built-in server, served in a thread of its own: its socket,
 * plain or under TLS, and what the server was set to when it connected. Private
 * to the built-in server.
 */
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
  char                              in[CV_DEMO_MAX_COMMAND_LINE];
  gsize                             in_len;
  GThread                          *thread;
  gint                              done;
} CvDemoConn;

/* Closes the socket and frees @c; the thread must be joined already */
void      cv_demo_conn_free      (CvDemoConn *c);

/* Waits @ms milliseconds; FALSE when the server stops meanwhile */
gboolean  cv_demo_conn_sleep     (CvDemoConn *c,
                                  guint       ms);
/* Sends all of @data, under TLS once it is active; FALSE when the client is gone
 * or the server stops */
gboolean  cv_demo_conn_send      (CvDemoConn *c,
                                  const char *data,
                                  gsize       len);
gboolean  cv_demo_conn_send_text (CvDemoConn *c,
                                  const char *text);
/* Reads and drops everything until the client closes or the server stops */
void      cv_demo_conn_drain     (CvDemoConn *c);
/* As a web server that speaks no TLS: waits for the client to speak, and answers
 * that it did not understand (to an FTP client that waits for a greeting, never) */
void      cv_demo_conn_answer_as_web_server (CvDemoConn *c);
/* One command line without its line end, or NULL when the client went away */
char     *cv_demo_conn_read_line (CvDemoConn *c);
/* Starts TLS as the server, or misbehaves as the behaviour says (closes in the
 * handshake, answers with an alert or with plain text); TRUE when TLS is up */
gboolean  cv_demo_conn_start_tls (CvDemoConn *c);

G_END_DECLS
