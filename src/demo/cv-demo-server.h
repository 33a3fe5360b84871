/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-target.h"

G_BEGIN_DECLS

/**
 * CvDemoBehaviour:
 * How the built-in server treats each connection. Everything but NORMAL is a
 * hostile or broken server for the tests.
 */
typedef enum
{
  CV_DEMO_BEHAVIOUR_NORMAL,
  CV_DEMO_BEHAVIOUR_SILENT,               /* accepts, never sends a byte */
  CV_DEMO_BEHAVIOUR_GREETING_THEN_SILENT, /* sends 220, then ignores everything */
  CV_DEMO_BEHAVIOUR_DRIP_BANNER,          /* the 220 greeting one byte every 200 ms */
  CV_DEMO_BEHAVIOUR_GREETING_421,         /* "421 Service not available" and close */
  CV_DEMO_BEHAVIOUR_AUTH_REFUSED,         /* answers AUTH TLS with auth-reply-code */
  CV_DEMO_BEHAVIOUR_AUTH_SSL_ONLY,        /* 504 to AUTH TLS, 234 to AUTH SSL */
  CV_DEMO_BEHAVIOUR_GREETING_TWICE,       /* two 220 replies, then normal */
  CV_DEMO_BEHAVIOUR_NON_NUMERIC_REPLY,    /* "ABC hello" as greeting */
  CV_DEMO_BEHAVIOUR_MULTILINE_GREETING,   /* "220-…" lines, then "220 …", then normal */
  CV_DEMO_BEHAVIOUR_HUGE_BANNER,          /* 20 MiB with no line end */
  CV_DEMO_BEHAVIOUR_NO_LINE_END,          /* "220 ready" with no CRLF, then silent */
  CV_DEMO_BEHAVIOUR_NOT_READY,            /* "120 Service ready in 5 minutes", then silent */
  CV_DEMO_BEHAVIOUR_GARBAGE_AFTER_234,    /* 234, then bytes that are not TLS */
  CV_DEMO_BEHAVIOUR_CLOSE_MID_HANDSHAKE,  /* reads the ClientHello and closes */
  CV_DEMO_BEHAVIOUR_TLS_ALERT,            /* answers the ClientHello with a fatal alert */
  CV_DEMO_BEHAVIOUR_CERTIFICATE_FIRST,    /* answers it with a Certificate message, no
                                           * ServerHello */
  CV_DEMO_BEHAVIOUR_PLAIN_TEXT,           /* sends an FTP greeting where TLS is expected */
  CV_DEMO_BEHAVIOUR_PLAIN_TEXT_UTF8,      /* the same, a reply in UTF-8 with non-ASCII */
  CV_DEMO_BEHAVIOUR_PLAIN_TEXT_LATIN1,    /* the same, a greeting in Latin-1 */
  CV_DEMO_BEHAVIOUR_BINARY_NOT_TLS,       /* two bytes that are neither TLS nor text */
  CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED, /* TLS 1.2 only, and demands a client
                                           * certificate, which it never gets */
  CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED_RSA_KX, /* the same with RSA key transport,
                                                  * so that the server signs nothing
                                                  * (needs an RSA key) */
  CV_DEMO_BEHAVIOUR_HTTP_TEXT,            /* a web server that speaks no TLS: silent
                                           * until spoken to, then "400 Bad Request" */
} CvDemoBehaviour;

#define CV_TYPE_DEMO_SERVER (cv_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (CvDemoServer, cv_demo_server, CV, DEMO_SERVER, GObject)

/*
 * A loopback server in its own threads: FTP with AUTH TLS, implicit FTPS or
 * direct TLS, presenting @chain_pem / @key_pem (as from cv_cert_factory_issue()).
 */
CvDemoServer *cv_demo_server_new            (CvProtocol        protocol,
                                             const char       *chain_pem,
                                             const char       *key_pem);
void          cv_demo_server_set_behaviour  (CvDemoServer     *self,
                                             CvDemoBehaviour   behaviour);
/* Reply code for CV_DEMO_BEHAVIOUR_AUTH_REFUSED (default 534); 600 to 999 make a
 * line that is not an FTP reply */
void          cv_demo_server_set_auth_reply (CvDemoServer     *self,
                                             guint             code);
/* Staples @response (DER), an OCSP response about one certificate of the chain,
 * before the server starts */
void          cv_demo_server_add_staple     (CvDemoServer     *self,
                                             GBytes           *response);
/* The port to listen on, as a server restarted with a renewed certificate does;
 * by default a free one */
void          cv_demo_server_set_port       (CvDemoServer     *self,
                                             guint16           port);
/* Listens on @address ("127.0.0.1" or "::1") at a free port, or the one set. */
gboolean      cv_demo_server_start          (CvDemoServer     *self,
                                             const char       *address,
                                             GError          **error);
guint16       cv_demo_server_get_port       (CvDemoServer     *self);
/* Connections served so far (completed or not) */
guint         cv_demo_server_get_n_connections (CvDemoServer  *self);
/* Closes the listener and every open connection and joins the threads. Also on finalize. */
void          cv_demo_server_stop           (CvDemoServer     *self);

G_END_DECLS
