/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-report.h"
#include "cv-section.h"
#include "cv-trust-policy.h"
#include "cv-trust-store.h"

G_BEGIN_DECLS

#define CV_TYPE_TRUST_CHECK (cv_trust_check_get_type ())

G_DECLARE_FINAL_TYPE (CvTrustCheck, cv_trust_check, CV, TRUST_CHECK, GObject)

/*
 * What the saved decisions say of @report's server certificate at @host and
 * @port, and what to do: the one place where the command line, the window and
 * the prompt apply the trust policy. Looks the decision up in @store (NULL: no
 * store to use) and, when a decision applies silently, notes in its one row that
 * the server was seen with it. Blocks on the store: call it on a worker thread.
 * Read-only once made.
 */
CvTrustCheck   *cv_trust_check_new                (CvTrustStore   *store,
                                                   const char     *host,
                                                   guint16         port,
                                                   CvReport       *report);
void            cv_trust_check_new_async          (CvTrustStore        *store,
                                                   const char          *host,
                                                   guint16              port,
                                                   CvReport            *report,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CvTrustCheck   *cv_trust_check_new_finish         (GAsyncResult   *result,
                                                   GError        **error);

CvReport       *cv_trust_check_get_report         (CvTrustCheck   *self);
const char     *cv_trust_check_get_host           (CvTrustCheck   *self);
guint16         cv_trust_check_get_port           (CvTrustCheck   *self);
CvTrustStatus   cv_trust_check_get_status         (CvTrustCheck   *self);
CvTrustAction   cv_trust_check_get_action         (CvTrustCheck   *self);
/* The decision found for the server, or NULL */
CvTrustEntry   *cv_trust_check_get_saved          (CvTrustCheck   *self);
/* For CV_TRUST_STATUS_NEW_PROBLEMS: the reason codes that are new; else empty */
const char * const *cv_trust_check_get_new_problems (CvTrustCheck *self);
/* The same, in sentences for people, one per line */
char           *cv_trust_check_describe_new_problems (CvTrustCheck *self);
/* Why the store could not be used (none of its decisions count, and none can be
 * saved in it), or NULL */
const char     *cv_trust_check_get_store_error    (CvTrustCheck   *self);
/* The saved decision as a section of the tree ("saved-decision"): the decision,
 * when it was made and last seen, and how the certificate compares. NULL when no
 * decision applies to the server. */
CvSection      *cv_trust_check_describe           (CvTrustCheck   *self);
/* A new decision about this certificate, made now, remembering the problems it
 * is made over; @all_names: for every DNS name of the certificate on this port */
CvTrustEntry   *cv_trust_check_decide             (CvTrustCheck   *self,
                                                   CvTrustDecision decision,
                                                   gboolean        all_names);

/* The names besides the server's own that a decision made with @all_names would
 * cover: the certificate's other DNS names, normalized; empty when none */
GStrv           cv_trust_check_dup_other_names    (CvTrustCheck   *self);

/* The reason codes of @report, in its order; transfer full */
GStrv           cv_trust_report_problems          (CvReport       *report);

G_END_DECLS
