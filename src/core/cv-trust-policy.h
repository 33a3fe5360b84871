/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-export.h"
#include "cv-trust-entry.h"

G_BEGIN_DECLS

/**
 * CvTrustStatus:
 * @CV_TRUST_STATUS_UNKNOWN: no decision applies to this server
 * @CV_TRUST_STATUS_TRUSTED: saved "trust", the very certificate
 * @CV_TRUST_STATUS_RENEWED: saved "trust", a renewed certificate with the same
 *   key and no kind of failure the user did not accept
 * @CV_TRUST_STATUS_NEW_PROBLEMS: saved "trust", the same key, but the renewal
 *   brings a kind of failure the user did not accept, or the very certificate is
 *   now revoked or without the OCSP status it must staple: ask again, saying what
 *   is new
 * @CV_TRUST_STATUS_REJECTED: saved "reject", the same key
 * @CV_TRUST_STATUS_CHANGED: a decision about another key: warn and ask again
 *
 * What the saved decisions say of a served certificate.
 */
typedef enum
{
  CV_TRUST_STATUS_UNKNOWN,
  CV_TRUST_STATUS_TRUSTED,
  CV_TRUST_STATUS_RENEWED,
  CV_TRUST_STATUS_NEW_PROBLEMS,
  CV_TRUST_STATUS_REJECTED,
  CV_TRUST_STATUS_CHANGED,
} CvTrustStatus;

/**
 * CvTrustAction:
 * @CV_TRUST_ACTION_ASK: the user must decide
 * @CV_TRUST_ACTION_ACCEPT: accepted without asking: trusted by the system or by
 *   a saved decision that applies
 * @CV_TRUST_ACTION_REJECT: rejected without asking: the user said so before
 */
typedef enum
{
  CV_TRUST_ACTION_ASK,
  CV_TRUST_ACTION_ACCEPT,
  CV_TRUST_ACTION_REJECT,
} CvTrustAction;

/* The new problem of a renewal whose untrusted issuer is another one than before */
#define CV_TRUST_PROBLEM_OTHER_ISSUER "other-issuer"

/* What the policy needs to know of a served certificate */
typedef struct
{
  const char         *certificate_sha256;
  const char         *public_key_pin;
  const char         *issuer;
  /* The reason codes of its verification; NULL or empty when it is valid */
  const char * const *problems;
  /* One of the problems is the issuer's (untrusted, self-signed, …) */
  gboolean            issuer_problem;
} CvTrustServed;

/**
 * cv_trust_policy_status:
 * @saved: (nullable): the saved decision, or %NULL
 * @served: what the policy needs to know of the served certificate
 * @new_problems: (out) (transfer full) (optional): for %CV_TRUST_STATUS_NEW_PROBLEMS,
 *   the codes that are new
 *
 * The trust policy, pure: a saved trust applies silently to the same certificate, and
 * to a renewal with the same key that brings no kind of failure the user did not accept
 * when deciding (for a decision that did not record them, any failure is new). Its
 * revocation, or a missing or unusable OCSP status where one must be stapled, is
 * new even for the same certificate. A changed key never applies.
 *
 * Returns: the status
 */
CV_EXPORT
CvTrustStatus cv_trust_policy_status (CvTrustEntry         *saved,
                                      const CvTrustServed  *served,
                                      GStrv                *new_problems);

/**
 * cv_trust_policy_action:
 * @status: what the saved decisions say
 * @valid: whether the system trusts the certificate
 *
 * What follows from a status: a saved rejection stands even for a certificate the
 * system trusts; system trust or a decision that applies accepts; anything else asks.
 *
 * Returns: the action
 */
CV_EXPORT
CvTrustAction cv_trust_policy_action (CvTrustStatus         status,
                                      gboolean              valid);

/**
 * cv_trust_policy_may_trust:
 * @problems: (array zero-terminated=1) (nullable): reason codes
 *
 * Whether a certificate with these problems may be trusted for good: never one its
 * issuer revoked. Accepting it once stays the user's choice.
 *
 * Returns: %TRUE when Always Trust may be offered
 */
CV_EXPORT
gboolean      cv_trust_policy_may_trust (const char * const *problems);

G_END_DECLS
