/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-export.h"
#include "cv-report.h"
#include "cv-ui-enums.h"

G_BEGIN_DECLS

/**
 * CvPromptDecision:
 * @CV_PROMPT_REJECTED: Reject, Escape, closing the window, or a saved "reject"
 * @CV_PROMPT_ACCEPTED_ONCE: Accept Once: this connection only
 * @CV_PROMPT_TRUSTED_ALWAYS: Always Trust, confirmed: saved in the trust store
 * @CV_PROMPT_ALREADY_TRUSTED: valid, or matches a saved decision: nothing was asked
 * @CV_PROMPT_REJECTED_ALWAYS: Always Reject: saved in the trust store
 *
 * What became of a certificate that was put to the user.
 */
typedef enum
{
  CV_PROMPT_REJECTED,
  CV_PROMPT_ACCEPTED_ONCE,
  CV_PROMPT_TRUSTED_ALWAYS,
  CV_PROMPT_ALREADY_TRUSTED,
  CV_PROMPT_REJECTED_ALWAYS,
} CvPromptDecision;

/**
 * cv_prompt_decision_accepts:
 * @decision: a decision
 *
 * Whether a decision lets the transfer go ahead.
 *
 * Returns: %TRUE for the decisions that accept
 */
CV_EXPORT
gboolean     cv_prompt_decision_accepts   (CvPromptDecision  decision);

/**
 * cv_prompt_async:
 * @parent: (nullable): the window the prompt belongs to, or %NULL
 * @host: the server's host
 * @port: the server's port
 * @chain: (element-type GBytes): the DER certificates, the server's own first
 * @trust_store_path: (nullable) (type filename): the saved decisions, or %NULL for the
 *   default store (see cv_trust_store_get_default_path())
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async): called when the operation is done
 * @user_data: (closure): data for @callback
 *
 * Asks whether to accept the certificate @chain that @host:@port presented, before a
 * transfer. A @chain that is empty, or whose certificates cannot be read, finishes
 * with %CV_ERROR_CERTIFICATE and no window.
 *
 * The chain is verified for @host on a worker thread, against the system's trust
 * anchors and the saved decisions in @trust_store_path. A valid certificate, or one
 * that matches a saved decision, is accepted without a window
 * (%CV_PROMPT_ALREADY_TRUSTED); a saved "reject" rejects. Otherwise the certificate
 * window opens, modal and transient for @parent, with Reject (the default; Escape and
 * closing the window too), Accept Once and Always Trust, and a warning when the
 * server's key is not the one of a saved decision. Always Trust saves the decision.
 *
 * Cancelling @cancellable closes the window and finishes with %G_IO_ERROR_CANCELLED;
 * but while the user's Always Trust or Always Reject is being saved, it finishes
 * when the save ends, with that decision if it was saved, so that the answer
 * always agrees with the saved decisions. Destroying @parent cancels the question
 * the same way, and so does the program's destroying the certificate window itself
 * (gtk_window_destroy(), as when it closes all its windows). Without a display
 * (gtk_init_check() failed, or GTK was never started), a question that needs a
 * window finishes with %G_IO_ERROR_NOT_INITIALIZED.
 */
CV_EXPORT
void             cv_prompt_async          (GtkWindow            *parent,
                                           const char           *host,
                                           guint16               port,
                                           GPtrArray            *chain,
                                           const char           *trust_store_path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);

/**
 * cv_prompt_report_async:
 * @parent: (nullable): the window the prompt belongs to, or %NULL
 * @report: the report of the server's certificate
 * @host: the server's host
 * @port: the server's port
 * @trust_store_path: (nullable) (type filename): the saved decisions, or %NULL for the
 *   default store
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async): called when the operation is done
 * @user_data: (closure): data for @callback
 *
 * The same as cv_prompt_async() for a report made already, for example by
 * cv_inspect_async(), whose connection details the window then shows too.
 *
 * @report must be about @host: verified for that name (cv_inspect_async() of
 * @host, or cv_report_new_for_chain() with @host as the name), or made by an
 * inspection of @host that sent another server name. Otherwise nothing is accepted:
 * the prompt finishes with %G_IO_ERROR_INVALID_ARGUMENT and no window opens.
 */
CV_EXPORT
void             cv_prompt_report_async   (GtkWindow            *parent,
                                           CvReport             *report,
                                           const char           *host,
                                           guint16               port,
                                           const char           *trust_store_path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);

/**
 * cv_prompt_finish:
 * @result: the #GAsyncResult given to the callback
 * @report: (out) (optional) (transfer full) (nullable): the report shown
 * @error: return location for a #GError, or %NULL
 *
 * Finishes cv_prompt_async() and cv_prompt_report_async().
 *
 * Returns: the decision; %CV_PROMPT_REJECTED with @error set when the chain could not
 *   be read
 */
CV_EXPORT
CvPromptDecision cv_prompt_finish         (GAsyncResult         *result,
                                           CvReport            **report,
                                           GError              **error);

G_END_DECLS
