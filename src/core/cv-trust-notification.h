/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"
#include "cv-trust-watch.h"

G_BEGIN_DECLS

/**
 * CV_TRUST_NOTIFICATION_ID:
 *
 * The id under which the notification of a check is sent: a newer one replaces the
 * one before.
 */
#define CV_TRUST_NOTIFICATION_ID "check-trusted"

/**
 * CV_TRUST_NOTIFICATION_ACTION:
 *
 * The detailed name of the action that a click on the notification activates, with
 * the servers (`as`, "host:port") as its target: the application opens its Saved
 * Decisions window with them selected.
 */
#define CV_TRUST_NOTIFICATION_ACTION "app.show-trusted"

/**
 * cv_trust_watch_status_dup_summary:
 * @status: the status
 * @days_left: for %CV_TRUST_WATCH_EXPIRING, the days until the certificate
 *   expires, at least 1; otherwise not read
 *
 * @status in a few words for people, as cv_trust_watch_result_dup_summary()
 * gives it for a result; with every status, what a column of statuses must
 * find room for.
 *
 * Returns: (transfer full): the text
 */
CV_EXPORT
char          *cv_trust_watch_status_dup_summary   (CvTrustWatchStatus  status,
                                                    guint               days_left);

/**
 * cv_trust_watch_result_dup_summary:
 * @result: a #CvTrustWatchResult
 * @now: the time to count days to an expiry from, Unix seconds
 *
 * The status in a few words for people: "Unchanged", "Key changed", "Expires in 3
 * days", "TLS no longer offered"…
 *
 * Returns: (transfer full): the text
 */
CV_EXPORT
char          *cv_trust_watch_result_dup_summary   (CvTrustWatchResult *result,
                                                    gint64              now);

/**
 * cv_trust_watch_results_to_notification:
 * @results: (element-type CvTrustWatchResult): what a check found
 * @now: when, Unix seconds
 *
 * One notification that sums up the servers that need action (see
 * cv_trust_watch_status_needs_action()): how many, which and why. Its default
 * action is %CV_TRUST_NOTIFICATION_ACTION with those servers as the target.
 *
 * Returns: (transfer full) (nullable): the notification, or %NULL when no server
 *   needs action
 */
CV_EXPORT
GNotification *cv_trust_watch_results_to_notification (GPtrArray *results,
                                                       gint64     now);

/**
 * cv_trust_watch_results_dup_servers_needing_action:
 * @results: (element-type CvTrustWatchResult): what a check found
 *
 * The servers ("host:port") whose status needs action, in the order of @results.
 *
 * Returns: (transfer full) (array zero-terminated=1): the servers, perhaps none
 */
CV_EXPORT
char         **cv_trust_watch_results_dup_servers_needing_action (GPtrArray *results);

G_END_DECLS
