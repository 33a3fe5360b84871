/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cv-export.h"

G_BEGIN_DECLS

#define CV_ERROR (cv_error_quark ())

/**
 * CvError:
 * @CV_ERROR_INVALID_TARGET: the server address or URL is malformed
 * @CV_ERROR_RESOLVE: the host name could not be resolved
 * @CV_ERROR_CONNECT: the TCP connection failed (refused, unreachable)
 * @CV_ERROR_TIMED_OUT: a step did not finish within the timeout
 * @CV_ERROR_FTP_REPLY: the FTP server answered with an error reply code
 * @CV_ERROR_PROTOCOL: the server broke the protocol (malformed or oversized reply, garbage)
 * @CV_ERROR_CLOSED: the server closed the connection early
 * @CV_ERROR_TLS: the TLS handshake failed
 * @CV_ERROR_CERTIFICATE: a certificate could not be parsed, or the chain is unusable
 * @CV_ERROR_FILE: a local file could not be read
 * @CV_ERROR_TRUST_STORE: the trust store could not be read or written, or is unsafe
 * @CV_ERROR_NOT_FOUND: no saved decision for that server
 * @CV_ERROR_TLS_NOT_OFFERED: the server does not offer TLS: it refused AUTH TLS, or
 *   answered in plain text where TLS was expected
 * @CV_ERROR_TLS_DOWNGRADED: a server with a saved decision, so one that spoke TLS
 *   before, does not offer TLS any more
 * @CV_ERROR_TRUST_STORE_CHANGED: another window or program saved or forgot the
 *   server's decision after it was read, so a decision made on what was read is not
 *   saved
 *
 * Every error the core reports carries one of these codes and a message that
 * tells the user what failed and, where possible, what to do.
 */
typedef enum
{
  CV_ERROR_INVALID_TARGET,
  CV_ERROR_RESOLVE,
  CV_ERROR_CONNECT,
  CV_ERROR_TIMED_OUT,
  CV_ERROR_FTP_REPLY,
  CV_ERROR_PROTOCOL,
  CV_ERROR_CLOSED,
  CV_ERROR_TLS,
  CV_ERROR_CERTIFICATE,
  CV_ERROR_FILE,
  CV_ERROR_TRUST_STORE,
  CV_ERROR_NOT_FOUND,
  CV_ERROR_TLS_NOT_OFFERED,
  CV_ERROR_TLS_DOWNGRADED,
  CV_ERROR_TRUST_STORE_CHANGED,
} CvError;

/**
 * cv_error_quark:
 *
 * The error domain of Certview's errors, #CvError.
 *
 * Returns: the quark
 */
CV_EXPORT
GQuark cv_error_quark (void);

G_END_DECLS
