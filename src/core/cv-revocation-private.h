/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <gnutls/x509.h>

#include "cv-revocation.h"

G_BEGIN_DECLS

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_ocsp_resp_t, gnutls_ocsp_resp_deinit, NULL)

/* How long an OCSP response with no nextUpdate counts, from its thisUpdate: a
 * week, the longest most CAs leave between responses (the CA/Browser Forum's
 * Baseline Requirements allow ten days), so an old "good" cannot be replayed */
#define CV_REVOCATION_OCSP_MAX_AGE (7 * 24 * 60 * 60)

/* Bounds on what a responder or a CRL server may send */
#define CV_REVOCATION_MAX_OCSP_SIZE (64 * 1024)
#define CV_REVOCATION_MAX_CRL_SIZE (16 * 1024 * 1024)

/*
 * Checks @chain (GBytes of DER, server certificate first) with @staples (GBytes of
 * a DER OCSP response, or NULL, for each position of the chain; may be NULL or
 * shorter). @issuer: the DER of the server certificate's issuer in the verified
 * path (cv_verifier_find_path_issuer()), or NULL for the certificate of the chain
 * that issued the first, wherever it was sent (never merely the second). Blocks on the network
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

/* cv_revocation_check() of a chain the caller parsed: @crts holds @chain's
 * certificates, in the same order (NULL: they are parsed here). With
 * @among_anchors, an issuer that neither the caller nor the chain has is looked
 * for among the system's anchors and @ca_file's (cv_verifier_find_path_issuer());
 * it is looked for only when someone is to be asked. */
CvRevocation      *cv_revocation_check_parsed    (GPtrArray        *chain,
                                                  gnutls_x509_crt_t *crts,
                                                  GPtrArray        *staples,
                                                  GBytes           *issuer,
                                                  gboolean          among_anchors,
                                                  const char       *ca_file,
                                                  CvRevocationMode  mode,
                                                  guint             budget_ms,
                                                  GCancellable     *cancellable);

/*
 * The check of each certificate authority on the verified path of @chain (@crts:
 * its certificates parsed, in the same order) between the server certificate and
 * the anchor: each against the one above it, or for the top of what was sent, its
 * issuer among the system's anchors and @ca_file's, from the top down. What the
 * server stapled for a position counts in every mode; responders and CRLs are
 * asked only in CV_REVOCATION_MODE_ONLINE, within @budget_ms. Made before the
 * server certificate's check, with which it shares the budget: the URLs a check
 * asks are chosen by the issuer of the certificate checked, so that the key of a
 * revoked authority, which may have issued everything below it, cannot stall the
 * check that finds it revoked. Returns an array as long as
 * @chain: at each position the answer, or NULL for the server certificate (see
 * cv_revocation_check_parsed()), a certificate on no path, a root sent along, or
 * nothing asked. @anchor_answer (nullable) gets, in the online mode, the answer
 * for the trust anchor the chain reached when that anchor is not a root (an
 * intermediate given as an anchor, in @ca_file say), checked first against its
 * own issuer among the anchors; NULL otherwise.
 */
GPtrArray         *cv_revocation_check_authorities (GPtrArray         *chain,
                                                    gnutls_x509_crt_t *crts,
                                                    GPtrArray         *staples,
                                                    const char        *ca_file,
                                                    CvRevocationMode   mode,
                                                    guint              budget_ms,
                                                    GCancellable      *cancellable,
                                                    CvRevocation     **anchor_answer);

/* RFC 5280's CRLReason certificateHold: a revocation that may be lifted */
#define CRL_REASON_HOLD 6
/* removeFromCRL: in a delta CRL, a hold that was lifted; no revocation */
#define CRL_REASON_REMOVE 8

/* cv-revocation-crl.c: why @list is not the complete list of revoked
 * certificates that @crt would be on, or NULL when it is; @listing_counts: whether
 * an entry with the certificate's serial still means it is revoked */
const char        *cv_revocation_crl_out_of_scope (gnutls_x509_crl_t  list,
                                                   gnutls_x509_crt_t  crt,
                                                   gboolean          *listing_counts);
/* Why the CRL @der_list (its DER) revoked the certificate with @serial, as RFC
 * 5280's CRLReason; 0 (unspecified) when it does not say */
guint              cv_revocation_crl_reason       (const gnutls_datum_t *der_list,
                                                   const guint8         *serial,
                                                   gsize                 serial_size);
/* Whether an entry of the CRL @der_list (its DER) has a critical extension that
 * Certview does not read (a certificateIssuer, say): RFC 5280, 5.3 says not to
 * use such a list */
gboolean           cv_revocation_crl_has_unknown_critical_entry (const gnutls_datum_t *der_list);

/* The pure parts, for the fuzzers and the tests: one OCSP response or CRL judged
 * for @certificate issued by @issuer at @now (Unix seconds). @nonce: the one the
 * OCSP request sent, NULL for a staple; a "good" or "unknown" that names another
 * was made for another request, and is not believed */
CvRevocation      *cv_revocation_judge_ocsp      (GBytes               *response,
                                                  GBytes               *certificate,
                                                  GBytes               *issuer,
                                                  CvRevocationMethod    method,
                                                  const char           *responder,
                                                  const gnutls_datum_t *nonce,
                                                  gint64                now);
/* The same with the certificate and its issuer parsed already (NULL: not known) */
CvRevocation      *cv_revocation_judge_ocsp_parsed (GBytes               *response,
                                                    gnutls_x509_crt_t     crt,
                                                    gnutls_x509_crt_t     issuer_crt,
                                                    CvRevocationMethod    method,
                                                    const char           *responder,
                                                    const gnutls_datum_t *nonce,
                                                    gint64                now);
CvRevocation      *cv_revocation_judge_crl       (GBytes           *crl,
                                                  GBytes           *certificate,
                                                  GBytes           *issuer,
                                                  const char       *url,
                                                  gint64            now);
/* Until when (Unix seconds) the cache may keep @revocation: its next update, or
 * for an OCSP answer without one CV_REVOCATION_OCSP_MAX_AGE after its this
 * update; 0 for an answer it must not keep */
gint64             cv_revocation_cache_until     (CvRevocation     *revocation);
/* Forgets every cached answer (tests) */
void               cv_revocation_clear_cache     (void);
/* The cache's key of @crt issued by @issuer (DER): the issuer's digest and the
 * serial; NULL when the serial cannot be read */
char              *cv_revocation_cache_key       (gnutls_x509_crt_t  crt,
                                                  GBytes            *issuer);
/* Whether the cache holds nothing: then no key need be made */
gboolean           cv_revocation_cache_is_empty  (void);
/* The answer kept for @key that is still current at @now (Unix seconds), or NULL */
CvRevocation      *cv_revocation_cache_get       (const char        *key,
                                                  gint64             now);
/* Keeps @revocation for @key until cv_revocation_cache_until() */
void               cv_revocation_cache_put       (const char        *key,
                                                  CvRevocation      *revocation);

/* Building answers, for the judges and the check (cv-revocation.c) */

CvRevocation      *cv_revocation_new_answer      (CvRevocationMethod  method,
                                                  CvRevocationStatus  status,
                                                  const char         *responder,
                                                  const char         *why);
/* No answer to be had, and @why in words */
CvRevocation      *cv_revocation_new_not_checked (CvRevocationMethod  method,
                                                  const char         *responder,
                                                  const char         *why);
/* Unix seconds, -1 for not known */
void               cv_revocation_set_times       (CvRevocation       *self,
                                                  gint64              produced_at,
                                                  gint64              this_update,
                                                  gint64              next_update);
void               cv_revocation_set_revoked     (CvRevocation       *self,
                                                  gint64              revoked_at,
                                                  guint               reason);

G_END_DECLS
