/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cv-export.h"
#include "cv-trust-entry.h"

G_BEGIN_DECLS

/**
 * CvTrustWatchStatus:
 * @CV_TRUST_WATCH_UNCHANGED: the server serves the very certificate decided on
 * @CV_TRUST_WATCH_RENEWED: a new certificate for the same public key
 * @CV_TRUST_WATCH_KEY_CHANGED: a certificate for another public key
 * @CV_TRUST_WATCH_EXPIRING: the key is the saved one, but the certificate expires
 *   within the days given
 * @CV_TRUST_WATCH_EXPIRED: the key is the saved one, but the certificate has expired
 * @CV_TRUST_WATCH_REVOKED: the key is the saved one, but its issuer revoked the
 *   certificate
 * @CV_TRUST_WATCH_TLS_REFUSED: the server no longer offers TLS (%CV_ERROR_TLS_NOT_OFFERED):
 *   it refused AUTH TLS for good, answered it with anything but 234, or answered in
 *   plain text (an FTP greeting, say) where TLS was expected
 * @CV_TRUST_WATCH_UNREACHABLE: no certificate could be had from the server
 * @CV_TRUST_WATCH_NEW_PROBLEMS: the key is the saved one, but the certificate has a
 *   kind of problem the decision did not accept (a renewal for another name or from
 *   another untrusted authority, an OCSP status it must staple and does not): the
 *   next connection asks again
 *
 * What a server serves now compared with its saved decision.
 */
typedef enum
{
  CV_TRUST_WATCH_UNCHANGED,
  CV_TRUST_WATCH_RENEWED,
  CV_TRUST_WATCH_KEY_CHANGED,
  CV_TRUST_WATCH_EXPIRING,
  CV_TRUST_WATCH_EXPIRED,
  CV_TRUST_WATCH_REVOKED,
  CV_TRUST_WATCH_TLS_REFUSED,
  CV_TRUST_WATCH_UNREACHABLE,
  CV_TRUST_WATCH_NEW_PROBLEMS,
} CvTrustWatchStatus;

/**
 * cv_trust_watch_status_to_string:
 * @status: the status
 *
 * The status as the command line and its JSON write it: "unchanged", "renewed",
 * "key-changed", "expiring", "expired", "revoked", "tls-refused" or "unreachable".
 *
 * Returns: the word
 */
CV_EXPORT
const char *cv_trust_watch_status_to_string   (CvTrustWatchStatus status);

/**
 * cv_trust_watch_status_needs_action:
 * @status: the status
 *
 * Whether someone should look at the server: any status but
 * %CV_TRUST_WATCH_UNCHANGED and %CV_TRUST_WATCH_RENEWED.
 *
 * Returns: %TRUE when the status needs action
 */
CV_EXPORT
gboolean    cv_trust_watch_status_needs_action (CvTrustWatchStatus status);

#define CV_TYPE_TRUST_WATCH_RESULT (cv_trust_watch_result_get_type ())

/**
 * CvTrustWatchResult:
 *
 * What the check of one saved decision found. Read-only once made.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvTrustWatchResult, cv_trust_watch_result, CV, TRUST_WATCH_RESULT,
                      GObject)

/**
 * cv_trust_watch_result_get_entry:
 * @self: a #CvTrustWatchResult
 *
 * The saved decision checked.
 *
 * Returns: (transfer none): the decision
 */
CV_EXPORT
CvTrustEntry       *cv_trust_watch_result_get_entry     (CvTrustWatchResult *self);

/**
 * cv_trust_watch_result_get_status:
 * @self: a #CvTrustWatchResult
 *
 * What the server serves now compared with the decision.
 *
 * Returns: the status
 */
CV_EXPORT
CvTrustWatchStatus  cv_trust_watch_result_get_status    (CvTrustWatchResult *self);

/**
 * cv_trust_watch_result_get_detail:
 * @self: a #CvTrustWatchResult
 *
 * The status in a sentence for people: when the certificate expires, or why the
 * server could not be checked.
 *
 * Returns: the text
 */
CV_EXPORT
const char         *cv_trust_watch_result_get_detail    (CvTrustWatchResult *self);

/**
 * cv_trust_watch_result_get_sha256:
 * @self: a #CvTrustWatchResult
 *
 * The SHA-256 fingerprint of the certificate served.
 *
 * Returns: (nullable): the fingerprint, or %NULL when none was served
 */
CV_EXPORT
const char         *cv_trust_watch_result_get_sha256    (CvTrustWatchResult *self);

/**
 * cv_trust_watch_result_get_last_seen:
 * @self: a #CvTrustWatchResult
 *
 * When the server was last seen serving the certificate decided on: the time of
 * the check when it did (the status is unchanged or expiring, with the very
 * certificate), else the decision's own last-seen time. A run that is not
 * cancelled notes the former in the store too.
 *
 * Returns: Unix seconds
 */
CV_EXPORT
gint64              cv_trust_watch_result_get_last_seen (CvTrustWatchResult *self);

/**
 * cv_trust_watch_result_get_not_after:
 * @self: a #CvTrustWatchResult
 *
 * The end of the validity of the certificate served.
 *
 * Returns: Unix seconds, or 0 when none was served
 */
CV_EXPORT
gint64              cv_trust_watch_result_get_not_after (CvTrustWatchResult *self);

G_END_DECLS
