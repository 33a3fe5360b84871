/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-report.h"
#include "cv-ui-enums.h"

G_BEGIN_DECLS

/* What became of a certificate that was put to the user */
typedef enum
{
  CV_PROMPT_REJECTED,        /* Reject, Escape, closing the window, or a saved "reject" */
  CV_PROMPT_ACCEPTED_ONCE,   /* Accept Once: this connection only */
  CV_PROMPT_TRUSTED_ALWAYS,  /* Always Trust, confirmed: saved in the trust store */
  CV_PROMPT_ALREADY_TRUSTED, /* valid, or matches a saved decision: nothing was asked */
  CV_PROMPT_REJECTED_ALWAYS, /* Always Reject: saved in the trust store */
} CvPromptDecision;

/* TRUE for every decision that lets the transfer go ahead */
gboolean     cv_prompt_decision_accepts   (CvPromptDecision  decision);

/*
 * Asks whether to accept the certificate @chain (GBytes of DER, the server's
 * own certificate first) that @host:@port presented, before a transfer.
 *
 * The chain is verified for @host on a worker thread, against the system's trust
 * anchors and the saved decisions in @trust_store_path (NULL: the default store,
 * see cv_trust_store_get_default_path()). A valid certificate, or one that matches
 * a saved decision, is accepted without a window (CV_PROMPT_ALREADY_TRUSTED); a
 * saved "reject" rejects. Otherwise the certificate window opens, modal and
 * transient for @parent (may be NULL), with Reject (the default; Escape and closing
 * the window too), Accept Once and Always Trust, and a warning when the server's
 * key is not the one of a saved decision. Always Trust saves the decision.
 *
 * Cancelling @cancellable closes the window and finishes with G_IO_ERROR_CANCELLED.
 */
void             cv_prompt_async          (GtkWindow            *parent,
                                           const char           *host,
                                           guint16               port,
                                           GPtrArray            *chain,
                                           const char           *trust_store_path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* The same for a report made already (for example by a probe, whose connection
 * details the window then shows too) */
void             cv_prompt_report_async   (GtkWindow            *parent,
                                           CvReport             *report,
                                           const char           *host,
                                           guint16               port,
                                           const char           *trust_store_path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* The decision; CV_PROMPT_REJECTED with @error set when the chain could not be
 * read. @report (optional) gets the report shown, transfer full. */
CvPromptDecision cv_prompt_finish         (GAsyncResult         *result,
                                           CvReport            **report,
                                           GError              **error);

G_END_DECLS
