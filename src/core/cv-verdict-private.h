/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-verdict.h"

G_BEGIN_DECLS

/* cv_verdict_build_reasons(), with words for a chain read from a file
 * (@from_file) rather than served by a server */
GPtrArray *cv_verdict_build_reasons_full (guint        status,
                                          GListModel  *certificates,
                                          const char  *hostname,
                                          GDateTime   *now,
                                          gboolean     from_file);

G_END_DECLS
