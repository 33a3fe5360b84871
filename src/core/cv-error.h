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
 * @CV_ERROR_TLS_NOT_OFFERED: the server does not offer TLS: it refused AUTH TLS for
 *   good (5xx), answered it with anything but 234 or a refusal, or answered in plain
 *   text where TLS was expected
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

/**
 * CvErrorRemedy:
 * @CV_ERROR_REMEDY_NONE: nothing in particular, or the message says it all
 * @CV_ERROR_REMEDY_NAME_FILE: no file is named for the trust store (its path is
 *   empty): name one
 * @CV_ERROR_REMEDY_OTHER_FILE: what is named as the trust store is not a file, or not
 *   a Certview trust store, and was left as it is: name another file
 * @CV_ERROR_REMEDY_OWN_FILE: the trust store belongs to another user: name a file of
 *   the user's own
 *
 * What the user can do about a %CV_ERROR_TRUST_STORE error of a store that cannot be
 * used as it is named. The message ends with a sentence that says so in words any
 * program can show ("Name another file."). A program that names the store its own
 * way, with an option or a setting, can show the problem alone (cv_error_get_remedy())
 * followed by a sentence of its own that names it.
 */
typedef enum
{
  CV_ERROR_REMEDY_NONE,
  CV_ERROR_REMEDY_NAME_FILE,
  CV_ERROR_REMEDY_OTHER_FILE,
  CV_ERROR_REMEDY_OWN_FILE,
} CvErrorRemedy;

/**
 * cv_error_get_remedy: (skip)
 * @error: a #GError
 * @problem: (out) (optional) (nullable) (transfer none): where to store the message
 *   without its last sentence, the one that says what to do; %NULL when there is no
 *   remedy
 *
 * What the user can do about @error, for a program that says it in its own words.
 * The remedy goes with the #GError, g_error_copy() included; bindings that make an
 * error of their own from it (a GLib.Error in Python) have the message alone.
 *
 * Returns: the remedy; %CV_ERROR_REMEDY_NONE for an error of another domain, or one
 *   without a remedy
 */
CV_EXPORT
CvErrorRemedy cv_error_get_remedy (const GError  *error,
                                   const char   **problem);

G_END_DECLS
