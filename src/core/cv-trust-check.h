/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"
#include "cv-report.h"
#include "cv-section.h"
#include "cv-trust-policy.h"
#include "cv-trust-store.h"

G_BEGIN_DECLS

#define CV_TYPE_TRUST_CHECK (cv_trust_check_get_type ())

/**
 * CvTrustCheck:
 *
 * What the saved decisions say of a report's server certificate, and what to do: ask,
 * accept or refuse. Read-only once made.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvTrustCheck, cv_trust_check, CV, TRUST_CHECK, GObject)

/**
 * cv_trust_check_new:
 * @store: (nullable): the saved decisions, or %NULL for none
 * @host: the server's host
 * @port: the server's port
 * @report: the report of the server's certificate
 *
 * What the saved decisions say of @report's server certificate at @host and @port, and
 * what to do: the one place where the command line, the window and the prompt apply the
 * trust policy. When a decision applies silently, notes in its one row that the server
 * was seen with it. Blocks on the store: call it on a worker thread.
 *
 * Returns: (transfer full): the check
 */
CV_EXPORT
CvTrustCheck   *cv_trust_check_new                (CvTrustStore   *store,
                                                   const char     *host,
                                                   guint16         port,
                                                   CvReport       *report);

/**
 * cv_trust_check_new_async:
 * @store: (nullable): the saved decisions, or %NULL for none
 * @host: the server's host
 * @port: the server's port
 * @report: the report of the server's certificate
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async): called when the operation is done
 * @user_data: (closure): data for @callback
 *
 * Makes the check of cv_trust_check_new() on a worker thread.
 */
CV_EXPORT
void            cv_trust_check_new_async          (CvTrustStore        *store,
                                                   const char          *host,
                                                   guint16              port,
                                                   CvReport            *report,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);

/**
 * cv_trust_check_new_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes cv_trust_check_new_async().
 *
 * Returns: (transfer full): the check, or %NULL with @error set
 */
CV_EXPORT
CvTrustCheck   *cv_trust_check_new_finish         (GAsyncResult   *result,
                                                   GError        **error);

/**
 * cv_trust_check_get_report:
 * @self: a #CvTrustCheck
 *
 * The report checked.
 *
 * Returns: (transfer none): the report
 */
CV_EXPORT
CvReport       *cv_trust_check_get_report         (CvTrustCheck   *self);

/**
 * cv_trust_check_get_host:
 * @self: a #CvTrustCheck
 *
 * The server's host.
 *
 * Returns: the host
 */
CV_EXPORT
const char     *cv_trust_check_get_host           (CvTrustCheck   *self);

/**
 * cv_trust_check_get_port:
 * @self: a #CvTrustCheck
 *
 * The server's port.
 *
 * Returns: the port
 */
CV_EXPORT
guint16         cv_trust_check_get_port           (CvTrustCheck   *self);

/**
 * cv_trust_check_get_status:
 * @self: a #CvTrustCheck
 *
 * What the saved decisions say.
 *
 * Returns: the status
 */
CV_EXPORT
CvTrustStatus   cv_trust_check_get_status         (CvTrustCheck   *self);

/**
 * cv_trust_check_get_action:
 * @self: a #CvTrustCheck
 *
 * What to do: ask, accept or refuse.
 *
 * Returns: the action
 */
CV_EXPORT
CvTrustAction   cv_trust_check_get_action         (CvTrustCheck   *self);

/**
 * cv_trust_check_get_saved:
 * @self: a #CvTrustCheck
 *
 * The decision found for the server.
 *
 * Returns: (transfer none) (nullable): the decision, or %NULL
 */
CV_EXPORT
CvTrustEntry   *cv_trust_check_get_saved          (CvTrustCheck   *self);

/**
 * cv_trust_check_get_new_problems:
 * @self: a #CvTrustCheck
 *
 * For %CV_TRUST_STATUS_NEW_PROBLEMS, the reason codes that are new.
 *
 * Returns: (array zero-terminated=1) (transfer none): the codes; empty for any other
 *   status
 */
CV_EXPORT
const char * const *cv_trust_check_get_new_problems (CvTrustCheck *self);

/**
 * cv_trust_check_describe_new_problems:
 * @self: a #CvTrustCheck
 *
 * The new problems in sentences for people, one per line.
 *
 * Returns: (transfer full): the text
 */
CV_EXPORT
char           *cv_trust_check_describe_new_problems (CvTrustCheck *self);

/**
 * cv_trust_check_get_store_error:
 * @self: a #CvTrustCheck
 *
 * Why the store could not be used: none of its decisions count, and none can be saved
 * in it. The action is then %CV_TRUST_ACTION_ASK, also for a valid certificate: a
 * decision that cannot be read may be one to reject it.
 *
 * Returns: (nullable): the message, or %NULL
 */
CV_EXPORT
const char     *cv_trust_check_get_store_error    (CvTrustCheck   *self);

/**
 * cv_trust_check_describe:
 * @self: a #CvTrustCheck
 *
 * The saved decision as a section of the tree ("saved-decision"): the decision, when it
 * was made and last seen, and how the certificate compares.
 *
 * Returns: (transfer full) (nullable): the section, or %NULL when no decision applies
 */
CV_EXPORT
CvSection      *cv_trust_check_describe           (CvTrustCheck   *self);

/**
 * cv_trust_check_decide:
 * @self: a #CvTrustCheck
 * @decision: trust or reject
 * @all_names: whether it is for every DNS name of the certificate on this port
 *
 * A new decision about this certificate, made now, remembering the problems it is made
 * over.
 *
 * Returns: (transfer full): the decision
 */
CV_EXPORT
CvTrustEntry   *cv_trust_check_decide             (CvTrustCheck   *self,
                                                   CvTrustDecision decision,
                                                   gboolean        all_names);

/**
 * cv_trust_check_dup_other_names:
 * @self: a #CvTrustCheck
 *
 * The names besides the server's own that a decision made for all names would cover:
 * the certificate's other DNS names, normalized.
 *
 * Returns: (transfer full): the names; empty when none
 */
CV_EXPORT
GStrv           cv_trust_check_dup_other_names    (CvTrustCheck   *self);

/**
 * cv_trust_report_problems:
 * @report: a report
 *
 * The reason codes of @report, in its order.
 *
 * Returns: (transfer full): the codes
 */
CV_EXPORT
GStrv           cv_trust_report_problems          (CvReport       *report);

/**
 * cv_trust_check_tls_still_offered:
 * @store: (nullable): the saved decisions, or %NULL
 * @host: the server's host
 * @port: the server's port
 * @probe_error: what inspecting @host on @port failed with
 * @error: return location for a #GError, or %NULL
 *
 * Whether a failed inspection is a downgrade: @probe_error is
 * %CV_ERROR_TLS_NOT_OFFERED (the server refused AUTH TLS, or answered in plain text),
 * and @store holds a decision for the server, so it offered TLS before. That is no
 * connection error but a failure to report loudly: the connection would not be
 * encrypted, and TLS may be stripped on the way.
 *
 * Returns: %FALSE with @error set to %CV_ERROR_TLS_DOWNGRADED (its message names the
 *   server and says what to do) for a downgrade; %TRUE otherwise, also when the store
 *   cannot be read
 */
CV_EXPORT
gboolean        cv_trust_check_tls_still_offered  (CvTrustStore   *store,
                                                   const char     *host,
                                                   guint16         port,
                                                   const GError   *probe_error,
                                                   GError        **error);

G_END_DECLS
