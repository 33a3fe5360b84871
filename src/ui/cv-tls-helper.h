/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-export.h"
#include "cv-prompt.h"
#include "cv-report.h"
#include "cv-trust-store.h"

G_BEGIN_DECLS

#define CV_TYPE_TLS_HELPER (cv_tls_helper_get_type ())

CV_EXPORT
G_DECLARE_FINAL_TYPE (CvTlsHelper, cv_tls_helper, CV, TLS_HELPER, GObject)

/*
 * CvTlsHelper gives a program that makes its own GTlsClientConnection Certview's
 * decision and prompt for one server:
 *
 *   1. cv_tls_helper_attach() the connection, then run the handshake.
 *   2. The handshake succeeds when the system trusts the certificate, a saved
 *      decision accepts it, or the user accepted it earlier through this helper.
 *   3. It fails with G_TLS_ERROR_BAD_CERTIFICATE when a saved decision rejects it,
 *      or when the user must decide: then cv_tls_helper_needs_prompt() is TRUE and
 *      cv_tls_helper_prompt_async() asks. When the decision accepts, connect
 *      again: the helper accepts that certificate for the rest of its life.
 *
 * Threads: the connection's "accept-certificate" handler runs where GIO emits the
 * signal, in the thread-default main context of the thread that started the
 * handshake (for g_tls_connection_handshake_async(), the caller's). It answers at
 * once: it verifies the chain with GnuTLS (no network; the system's anchors are
 * parsed ahead on a thread of their own) and reads the one saved decision of the
 * server from the store (an indexed look-up, and a one-row note of when the server
 * was last seen with a decision that applies; both bounded by the store's busy
 * timeout when another program writes to it). The helper's state is locked, so a
 * handshake may run on any thread. cv_tls_helper_prompt_async() and the rest of
 * the API belong to the GTK main thread.
 */

CV_EXPORT
CvTlsHelper     *cv_tls_helper_new               (const char            *host,
                                                  guint16                port,
                                                  CvTrustStore          *store);

CV_EXPORT
const char      *cv_tls_helper_get_host          (CvTlsHelper           *self);
CV_EXPORT
guint16          cv_tls_helper_get_port          (CvTlsHelper           *self);
CV_EXPORT
CvTrustStore    *cv_tls_helper_get_trust_store   (CvTlsHelper           *self);

CV_EXPORT
void             cv_tls_helper_attach            (CvTlsHelper           *self,
                                                  GTlsClientConnection  *connection);

CV_EXPORT
gboolean         cv_tls_helper_needs_prompt      (CvTlsHelper           *self);
CV_EXPORT
GPtrArray       *cv_tls_helper_dup_peer_chain    (CvTlsHelper           *self);
CV_EXPORT
CvReport        *cv_tls_helper_dup_report        (CvTlsHelper           *self);

CV_EXPORT
void             cv_tls_helper_prompt_async      (CvTlsHelper           *self,
                                                  GtkWindow             *parent,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
CV_EXPORT
CvPromptDecision cv_tls_helper_prompt_finish     (CvTlsHelper           *self,
                                                  GAsyncResult          *result,
                                                  GError               **error);

G_END_DECLS
