/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-report.h"
#include "cv-trust-watch.h"

G_BEGIN_DECLS

/* What a check found for one decision (cv-trust-watch-result.c); the watch fills
 * it in */
struct _CvTrustWatchResult
{
  GObject             parent_instance;
  CvTrustEntry       *entry;
  CvTrustWatchStatus  status;
  char               *detail;
  char               *sha256;
  gint64              not_after;
  gint64              last_seen;
};

/* Judges @report, what the server of @result's decision serves now, against the
 * decision: the status and its sentence */
void cv_trust_watch_result_judge (CvTrustWatchResult *result,
                                  guint               warn_days,
                                  CvReport           *report,
                                  gint64              now);

G_END_DECLS
