/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"
#include "cv-revocation.h"
#include "cv-trust-entry.h"
#include "cv-trust-store.h"

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

#define CV_TRUST_WATCH_DEFAULT_MAX_PARALLEL 8
#define CV_TRUST_WATCH_DEFAULT_WARN_DAYS 14

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

#define CV_TYPE_TRUST_WATCH (cv_trust_watch_get_type ())

/**
 * CvTrustWatch:
 *
 * Checks every saved decision against what its server serves now: each server is
 * probed, a few at a time, on worker threads. A check never changes a decision: once
 * all are done it only sets the last-seen time of the decisions whose server served
 * the very certificate decided on (%CV_TRUST_WATCH_UNCHANGED,
 * %CV_TRUST_WATCH_EXPIRING), and nothing else.
 *
 * A decision does not record the protocol: each server is probed as "host:port" is on
 * the command line, with the protocol of its port (990: implicit FTPS; 443, 993, …:
 * direct TLS), else FTP with AUTH TLS.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvTrustWatch, cv_trust_watch, CV, TRUST_WATCH, GObject)

/**
 * cv_trust_watch_new:
 * @store: the saved decisions, loaded
 *
 * A check of every decision in @store; nothing happens until it runs.
 *
 * Returns: (transfer full): the new check
 */
CV_EXPORT
CvTrustWatch *cv_trust_watch_new              (CvTrustStore     *store);

/**
 * cv_trust_watch_set_max_parallel:
 * @self: a #CvTrustWatch
 * @max_parallel: how many servers to probe at once, at least 1
 *
 * Bounds the probes at once; the default is %CV_TRUST_WATCH_DEFAULT_MAX_PARALLEL.
 */
CV_EXPORT
void          cv_trust_watch_set_max_parallel (CvTrustWatch     *self,
                                               guint             max_parallel);

/**
 * cv_trust_watch_set_timeout_ms:
 * @self: a #CvTrustWatch
 * @timeout_ms: the deadline of each probe, in milliseconds
 *
 * Sets each probe's deadline; the default is %CV_PROBE_DEFAULT_TIMEOUT_MS.
 */
CV_EXPORT
void          cv_trust_watch_set_timeout_ms   (CvTrustWatch     *self,
                                               guint             timeout_ms);

/**
 * cv_trust_watch_set_warn_days:
 * @self: a #CvTrustWatch
 * @warn_days: the days before the end of a certificate's validity from which it is
 *   %CV_TRUST_WATCH_EXPIRING
 *
 * The default is %CV_TRUST_WATCH_DEFAULT_WARN_DAYS.
 */
CV_EXPORT
void          cv_trust_watch_set_warn_days    (CvTrustWatch     *self,
                                               guint             warn_days);

/**
 * cv_trust_watch_set_ca_file:
 * @self: a #CvTrustWatch
 * @ca_file: (nullable) (type filename): extra trust anchors (PEM), or %NULL
 *
 * Trust anchors for the verification besides the system's.
 */
CV_EXPORT
void          cv_trust_watch_set_ca_file      (CvTrustWatch     *self,
                                               const char       *ca_file);

/**
 * cv_trust_watch_set_entries:
 * @self: a #CvTrustWatch
 * @entries: (nullable) (element-type CvTrustEntry): the decisions to check, or %NULL
 *
 * Checks only @entries, in their order, rather than every decision in the store;
 * %NULL, the default, checks every one.
 */
CV_EXPORT
void          cv_trust_watch_set_entries      (CvTrustWatch     *self,
                                               GPtrArray        *entries);

/**
 * cv_trust_watch_set_revocation:
 * @self: a #CvTrustWatch
 * @mode: the mode
 *
 * How each probe looks for revocation; the default is %CV_REVOCATION_MODE_ONLINE.
 */
CV_EXPORT
void          cv_trust_watch_set_revocation   (CvTrustWatch     *self,
                                               CvRevocationMode  mode);

/**
 * cv_trust_watch_run:
 * @self: a #CvTrustWatch
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Checks every decision, blocking until all are done; the probes run on worker
 * threads. A server that cannot be reached is a result, not an error.
 *
 * Returns: (transfer container) (element-type CvTrustWatchResult): the results in
 *   the store's order, or %NULL with @error set when the store cannot be read or the
 *   run was cancelled
 */
CV_EXPORT
GPtrArray    *cv_trust_watch_run              (CvTrustWatch     *self,
                                               GCancellable     *cancellable,
                                               GError          **error);

/**
 * cv_trust_watch_run_async:
 * @self: a #CvTrustWatch
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async): called when the operation is done
 * @user_data: (closure): data for @callback
 *
 * Runs cv_trust_watch_run() on a worker thread.
 */
CV_EXPORT
void          cv_trust_watch_run_async        (CvTrustWatch        *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

/**
 * cv_trust_watch_run_finish:
 * @self: a #CvTrustWatch
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes cv_trust_watch_run_async().
 *
 * Returns: (transfer container) (element-type CvTrustWatchResult): the results, or
 *   %NULL with @error set
 */
CV_EXPORT
GPtrArray    *cv_trust_watch_run_finish       (CvTrustWatch     *self,
                                               GAsyncResult     *result,
                                               GError          **error);

/**
 * cv_trust_watch_results_to_json:
 * @results: (element-type CvTrustWatchResult): results of cv_trust_watch_run()
 * @checked: when the check ran, Unix seconds
 *
 * The results as a JSON document: {"checked": TIME, "servers": [{"server",
 * "decision", "status", "detail", "sha256", "not-after", "last-seen"}]}, times in
 * ISO 8601 (UTC), null for a fingerprint or time that there is not. json-glib is
 * loaded on the first call; if it cannot be, a warning says so.
 *
 * Returns: (transfer full) (nullable): the text, ending in a newline, or %NULL when
 *   json-glib cannot be loaded
 */
CV_EXPORT
char         *cv_trust_watch_results_to_json  (GPtrArray        *results,
                                               gint64            checked);

G_END_DECLS
