/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-certificate-private.h"
#include "cv-report.h"

G_BEGIN_DECLS

/* The parts of a report shared with cv-report-format.c, cv-report-revocation.c
 * and the tests */

/* Puts the Invalid mark on the first field of the leaf's section of each reason */
void        cv_report_mark_reasons  (CvCertificate  *leaf,
                                     GPtrArray      *reasons);
/* A failure of the revocation check (cv_revocation_is_failure()) as a reason of
 * no section; @bit gets the GnuTLS status bit it stands for */
CvReason   *cv_report_revocation_reason (CvRevocation *revocation,
                                         guint        *bit);
/* The same for the certificate authority of the chain named @name (its display
 * name), whose own check failed */
CvReason   *cv_report_authority_revocation_reason (CvRevocation *revocation,
                                                   const char   *name,
                                                   guint        *bit);
/* Adds to the tree's "revocation" section a field with what the check of each
 * authority above the server certificate found: @names (their display names)
 * and @revocations, in the chain's order; nothing when both are empty */
void        cv_report_add_authorities_field (CvSection  *section,
                                             GPtrArray  *names,
                                             GPtrArray  *revocations);
/* The tree's "revocation" section */
CvSection  *cv_report_build_revocation_section (CvRevocation *revocation);
/* What the tree is built from */
typedef struct
{
  GListModel    *certificates;   /* the chain's models, the server's first */
  CvParsedChain *parsed;         /* the same chain, parsed: the verified path */
  CvCertificate *trusted_root;   /* the anchor reached, not in the chain; nullable */
  CvProbeResult *probe_result;   /* nullable: a file, or a chain given */
  gboolean       is_file;
} CvReportTreeSource;

/* Fills @tree: the server certificate's sections, the chain, the connection and
 * the revocation check (cv-report-tree.c) */
void        cv_report_build_tree    (GListStore               *tree,
                                     const CvReportTreeSource *source);
/* The certificate at @position of @certificates, whose reference the model keeps */
CvCertificate *cv_report_chain_member (GListModel *certificates,
                                       guint       position);
/* The FTP greeting of @result on one line, its lines joined by spaces and made safe
 * to show; NULL for direct TLS or when there was none */
char       *cv_report_greeting_line (CvProbeResult  *result);

/* cv_report_new_for_probe() of the probe's chain, which the caller parsed into
 * @parsed (transfer full; NULL: parsed here) */
CvReport   *cv_report_new_for_parsed_probe (CvProbeResult  *result,
                                            CvParsedChain  *parsed,
                                            const char     *ca_file,
                                            GError        **error);
/* The model (certificates, reasons, tree) is built on first use; this builds it
 * now (the tests compare a model built at once with one built on demand; a
 * worker uses cv_report_hand_to()) */
void        cv_report_build_model   (CvReport       *self);
/* For a worker that hands the report to @reader's main loop (a window's):
 * builds the model, so that the reader only reads; and when the last reference
 * goes on @reader, the model is freed on a worker thread (thousands of objects
 * for a long chain, milliseconds a window must not spend between two frames) */
void        cv_report_hand_to       (CvReport       *self,
                                     GThread        *reader);
/* Whether the model is built yet (tests) */
gboolean    cv_report_has_model     (CvReport       *self);

G_END_DECLS
