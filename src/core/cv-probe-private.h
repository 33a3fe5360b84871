/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gnutls/gnutls.h>

#include "cv-delivery-private.h"
#include "cv-probe.h"
#include "cv-probe-result-private.h"

G_BEGIN_DECLS

/* What the run is doing, for timeout and connection-closed messages */
typedef enum
{
  CV_PROBE_STEP_RESOLVE,
  CV_PROBE_STEP_CONNECT,
  CV_PROBE_STEP_GREETING,
  CV_PROBE_STEP_AUTH_TLS,
  CV_PROBE_STEP_HANDSHAKE,
} CvProbeStep;

/* Called on the worker as the run moves on */
typedef void (*CvProbePhaseFunc) (CvProbePhase phase,
                                  gpointer     user_data);

/* Work the run does on its own thread the first time it waits for the server
 * (connect, greeting or handshake), while the CPU would otherwise be idle */
typedef void (*CvProbeWaitFunc)  (gpointer     user_data);

/* One control connection, from connect to close */
typedef struct
{
  /* The socket, which does not block; -1 before the connection and after it */
  int               fd;
  GCancellable     *cancellable;
  gint64            deadline;
  guint             timeout_ms;
  CvProbeStep       step;
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
  /* The last 1xx reply ("120 ready in 5 minutes"), for a wait that ends in time */
  guint             preliminary_code;
  char             *preliminary_text;
  gboolean          no_wait;
  /* Where TLS should have started, the server sent plain text that opens as an FTP
   * reply does ("220 …"): it may be an FTP server on a port that names no protocol */
  gboolean          answered_as_ftp;
  /* The server answered AUTH TLS (or AUTH SSL) with 234: TLS is what comes next */
  gboolean          auth_accepted;
  /* The server sent TLS: a handshake message or an alert, even in a handshake
   * that failed */
  gboolean          answered_with_tls;
  /* Called once, then cleared, before the first wait for the server */
  CvProbeWaitFunc   first_wait;
  gpointer          first_wait_data;
} CvProbeConn;

/* Whether the last run found plain text that opens as an FTP reply where TLS should
 * have started */
gboolean       cv_probe_answered_as_ftp        (CvProbe           *self);
/* For a probe given what is left of a longer run's timeout (a second try): the
 * run's whole timeout, which a timeout's message then says */
void           cv_probe_set_shown_timeout_ms   (CvProbe           *self,
                                                guint              timeout_ms);
/* Whether the last run's server answered with TLS (a handshake message or an
 * alert), whatever came of it: a TLS server, not one of another protocol */
gboolean       cv_probe_answered_with_tls      (CvProbe           *self);

/* For a caller that hands the run to a worker: the phase starts over from
 * CV_PROBE_PHASE_RESOLVING at once, on the caller's thread */
void           cv_probe_begin                  (CvProbe           *self);

/* cv_probe_run(), calling @first_wait (if not NULL) with @data once, the first
 * time the run waits for the server; @data must outlive the run */
CvProbeResult *cv_probe_run_full               (CvProbe           *self,
                                                CvProbeWaitFunc    first_wait,
                                                gpointer           data,
                                                GCancellable      *cancellable,
                                                GError           **error);
/* The same, with the phases pushed to @delivery (cv-delivery-private.h), for
 * another thread's main context */
CvProbeResult *cv_probe_run_delivering         (CvProbe           *self,
                                                CvDelivery        *delivery,
                                                CvProbeWaitFunc    first_wait,
                                                gpointer           data,
                                                GCancellable      *cancellable,
                                                GError           **error);

/* The connection: cv-probe-conn.c */

/* Closes the socket and frees what @c owns; @c itself is the caller's */
void           cv_probe_conn_clear             (CvProbeConn       *c);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvProbeConn, cv_probe_conn_clear)

/* The user's message for the deadline passing, or the connection closing, in
 * the current step */
void           cv_probe_conn_set_timeout_error (CvProbeConn       *c,
                                                GError           **error);
void           cv_probe_conn_set_closed_error  (CvProbeConn       *c,
                                                GError           **error);
/* Maps a failed recv() or send() (its errno) to the error the user sees */
void           cv_probe_conn_set_errno_error   (CvProbeConn       *c,
                                                int                errsv,
                                                GError           **error);
/* FALSE, with the user's message, when the run is cancelled or past its deadline */
gboolean       cv_probe_conn_check             (CvProbeConn       *c,
                                                GError           **error);
typedef enum
{
  CV_PROBE_WAIT_READY,
  CV_PROBE_WAIT_TIMED_OUT,
  CV_PROBE_WAIT_CANCELLED,
} CvProbeWait;

/* Waits up to @wait_us for poll() @events on @fd, or until the run is cancelled;
 * an error or hang-up on @fd counts as ready. Sets no error. */
CvProbeWait    cv_probe_conn_poll              (CvProbeConn       *c,
                                                int                fd,
                                                short              events,
                                                gint64             wait_us);
/* Waits for @events on @fd until the run's deadline, or until cancelled */
gboolean       cv_probe_conn_wait              (CvProbeConn       *c,
                                                int                fd,
                                                short              events,
                                                GError           **error);
/* Returns the bytes read, 0 when the server closed the connection, -1 on error */
gssize         cv_probe_conn_receive           (CvProbeConn       *c,
                                                void              *data,
                                                gsize              len,
                                                GError           **error);
/* One send() that neither blocks nor raises SIGPIPE: the bytes sent, or -1 with
 * errno (EAGAIN when the socket's buffer is full) */
gssize         cv_probe_conn_send              (CvProbeConn       *c,
                                                const void        *data,
                                                gsize              len);
gboolean       cv_probe_conn_send_all          (CvProbeConn       *c,
                                                const char        *data,
                                                gsize              len,
                                                GError           **error);
/* The addresses of the host, within the deadline: a GArray of CvInetAddress
 * (cv-inet-private.h) */
GArray        *cv_probe_conn_resolve           (CvProbeConn       *c,
                                                GError           **error);
/* Connects to the first of @addresses that answers */
gboolean       cv_probe_conn_connect           (CvProbeConn       *c,
                                                GArray            *addresses,
                                                GError           **error);

/* The FTP dialogue: cv-probe-ftp.c */

/* The text of the server's 220 greeting */
char          *cv_probe_ftp_read_greeting      (CvProbeConn       *c,
                                                GError           **error);
/* Sends AUTH TLS; TRUE when the server answered 234 */
gboolean       cv_probe_ftp_auth_tls           (CvProbeConn       *c,
                                                GError           **error);

/* The TLS handshake: cv-probe-tls.c */

/* Shakes hands on @c, sending @server_name (NULL: none) as SNI, and collects the
 * chain, the stapled OCSP responses and the connection details; reports
 * CV_PROBE_PHASE_VERIFYING once the handshake is done */
CvProbeResult *cv_probe_tls_handshake          (CvProbeConn       *c,
                                                CvTarget          *target,
                                                const char        *server_name,
                                                const char        *greeting,
                                                CvProbePhaseFunc   report,
                                                gpointer           report_data,
                                                GError           **error);

G_END_DECLS
