/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"
#include "cv-revocation.h"
#include "cv-trust-entry.h"
#include "cv-trust-store.h"
#include "cv-trust-watch-result.h"

G_BEGIN_DECLS

#define CV_TRUST_WATCH_DEFAULT_MAX_PARALLEL 8
#define CV_TRUST_WATCH_DEFAULT_WARN_DAYS 14

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
