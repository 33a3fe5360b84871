/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-certificate.h"
#include "cv-verdict.h"

G_BEGIN_DECLS

/* cv_verdict_build_reasons(), with words for a chain read from a file
 * (@from_file) rather than served by a server, and the trust anchor the chain
 * reached when it does not hold it (@anchor, nullable), named when its dates
 * are at fault */
GPtrArray *cv_verdict_build_reasons_full (guint          status,
                                          GListModel    *certificates,
                                          const char    *hostname,
                                          GDateTime     *now,
                                          gboolean       from_file,
                                          CvCertificate *anchor);

G_END_DECLS
