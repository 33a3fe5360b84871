/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-trust-policy.h"

G_BEGIN_DECLS

/* The reason code of a certificate that does not name the host */
#define CV_TRUST_PROBLEM_HOSTNAME "hostname-mismatch"

/* cv_trust_policy_status(), for a decision found through a name it covers
 * (@covered) rather than its own: there, a certificate that does not name the
 * host is always a new problem, since the decision covers only the names the
 * certificate has */
CvTrustStatus cv_trust_policy_status_for_name (CvTrustEntry         *saved,
                                               const CvTrustServed  *served,
                                               gboolean              covered,
                                               GStrv                *new_problems);

G_END_DECLS
