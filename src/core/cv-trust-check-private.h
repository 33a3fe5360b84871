/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-report.h"
#include "cv-trust-entry.h"
#include "cv-trust-policy.h"

G_BEGIN_DECLS

/* The trust policy's status of @report's certificate against @saved (NULL: no
 * decision), as cv_trust_check_new() finds it; @new_problems as for
 * cv_trust_policy_status() */
CvTrustStatus cv_trust_check_judge (CvTrustEntry  *saved,
                                    CvReport      *report,
                                    GStrv         *new_problems);

/* What each of @codes (new problems of @report's certificate against @saved)
 * means, a line each: the verification's own words, or for another untrusted
 * issuer both issuers */
char         *cv_trust_check_describe_problems (CvTrustEntry       *saved,
                                                CvReport           *report,
                                                const char * const *codes);

G_END_DECLS
