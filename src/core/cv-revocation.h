/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-enums.h"

G_BEGIN_DECLS

/* How far a run looks for revocation (--revocation, the "revocation" setting) */
typedef enum
{
  CV_REVOCATION_MODE_ONLINE,   /* stapled responses, else the OCSP responder, else the CRL */
  CV_REVOCATION_MODE_STAPLED,  /* what the server staples, nothing fetched */
  CV_REVOCATION_MODE_OFF,      /* nothing checked; a stapled "revoked" still counts */
} CvRevocationMode;

/* "online", "stapled", "off" */
gboolean    cv_revocation_mode_from_string (const char       *text,
                                            CvRevocationMode *mode);

/* Where the answer came from */
typedef enum
{
  CV_REVOCATION_METHOD_NONE,
  CV_REVOCATION_METHOD_STAPLED,
  CV_REVOCATION_METHOD_OCSP,
  CV_REVOCATION_METHOD_CRL,
} CvRevocationMethod;

typedef enum
{
  CV_REVOCATION_STATUS_NOT_CHECKED,  /* no answer to be had: soft-fail, says why */
  CV_REVOCATION_STATUS_GOOD,
  CV_REVOCATION_STATUS_REVOKED,      /* invalid, no section */
  CV_REVOCATION_STATUS_UNKNOWN,      /* the responder does not know the certificate */
  CV_REVOCATION_STATUS_INVALID,      /* a stapled response that is bad: invalid, no section */
  CV_REVOCATION_STATUS_MISSING,      /* must-staple, and nothing stapled: invalid, no section */
} CvRevocationStatus;

/* Budget of the online checks unless the run's timeout leaves less */
#define CV_REVOCATION_DEFAULT_BUDGET_MS 5000
/* Bounds on what a responder or a CRL server may send */
#define CV_REVOCATION_MAX_OCSP_SIZE (64 * 1024)
#define CV_REVOCATION_MAX_CRL_SIZE (16 * 1024 * 1024)

#define CV_TYPE_REVOCATION (cv_revocation_get_type ())

G_DECLARE_FINAL_TYPE (CvRevocation, cv_revocation, CV, REVOCATION, GObject)

/*
 * What is known of the server certificate's revocation, immutable. Times are Unix
 * seconds, -1 when unknown.
 */
CvRevocationMethod cv_revocation_get_method      (CvRevocation *self);
CvRevocationStatus cv_revocation_get_status      (CvRevocation *self);
/* The responder's or the CRL's URL, or NULL */
const char        *cv_revocation_get_responder   (CvRevocation *self);
gint64             cv_revocation_get_produced_at (CvRevocation *self);
gint64             cv_revocation_get_this_update (CvRevocation *self);
gint64             cv_revocation_get_next_update (CvRevocation *self);
gint64             cv_revocation_get_revoked_at  (CvRevocation *self);
/* RFC 5280 reason code (gnutls_x509_crl_reason_t), 0 (unspecified) when none given */
guint              cv_revocation_get_reason      (CvRevocation *self);
/* Why it was not checked, or what is wrong with the answer: a sentence; or NULL */
const char        *cv_revocation_get_why         (CvRevocation *self);
/* TRUE when the certificate is invalid for it: revoked, a bad staple, must-staple
 * without one */
gboolean           cv_revocation_is_failure      (CvRevocation *self);

/* "stapled", "ocsp", "crl", "none": the JSON contract's names */
const char        *cv_revocation_method_to_string (CvRevocationMethod method);
/* "good", "revoked", "unknown", "not-checked", "invalid", "missing" */
const char        *cv_revocation_status_to_string (CvRevocationStatus status);
/* "key-compromise", "ca-compromise", "affiliation-changed", "superseded",
 * "cessation-of-operation", "certificate-hold", "remove-from-crl",
 * "privilege-withdrawn", "aa-compromise", "unspecified" */
const char        *cv_revocation_reason_to_string (guint reason);
/* The same in words, translated: "the key was compromised" */
const char        *cv_revocation_reason_describe  (guint reason);

/*
 * Checks @chain (GBytes of DER, server certificate first) with @staples (GBytes of
 * a DER OCSP response, or NULL, for each position of the chain; may be NULL or
 * shorter). @issuer: the DER of the server certificate's issuer when the chain
 * does not hold it (found among the trust anchors), or NULL. Blocks on the network
 * in CV_REVOCATION_MODE_ONLINE, for at most @budget_ms, honouring @cancellable;
 * answers are cached for the process until their next update. Never fails: what
 * cannot be learnt is CV_REVOCATION_STATUS_NOT_CHECKED, with the reason.
 */
CvRevocation      *cv_revocation_check           (GPtrArray        *chain,
                                                  GPtrArray        *staples,
                                                  GBytes           *issuer,
                                                  CvRevocationMode  mode,
                                                  guint             budget_ms,
                                                  GCancellable     *cancellable);

/* The pure parts, for the fuzzers and the tests: one OCSP response or CRL judged
 * for @certificate issued by @issuer at @now (Unix seconds) */
CvRevocation      *cv_revocation_judge_ocsp      (GBytes           *response,
                                                  GBytes           *certificate,
                                                  GBytes           *issuer,
                                                  CvRevocationMethod method,
                                                  const char       *responder,
                                                  gint64            now);
CvRevocation      *cv_revocation_judge_crl       (GBytes           *crl,
                                                  GBytes           *certificate,
                                                  GBytes           *issuer,
                                                  const char       *url,
                                                  gint64            now);
/* Forgets every cached answer (tests) */
void               cv_revocation_clear_cache     (void);

G_END_DECLS
