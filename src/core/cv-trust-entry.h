/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CV_TRUST_DECISION_TRUST,
  CV_TRUST_DECISION_REJECT,
} CvTrustDecision;

/* How a served certificate compares with a saved decision */
typedef enum
{
  CV_TRUST_MATCH_SAME_CERTIFICATE,  /* the very certificate the user decided on */
  CV_TRUST_MATCH_RENEWED,           /* a new certificate for the same public key */
  CV_TRUST_MATCH_CHANGED,           /* a different key: ask again, never trust silently */
} CvTrustMatch;

/* "trust", "reject" */
const char *cv_trust_decision_to_string   (CvTrustDecision  decision);
gboolean    cv_trust_decision_from_string (const char      *text,
                                           CvTrustDecision *decision);

#define CV_TYPE_TRUST_ENTRY (cv_trust_entry_get_type ())

G_DECLARE_FINAL_TYPE (CvTrustEntry, cv_trust_entry, CV, TRUST_ENTRY, GObject)

/*
 * One saved decision, keyed by host (lower-case) and port. Immutable: a new
 * decision is a new entry. Times are Unix seconds (UTC).
 */
CvTrustEntry   *cv_trust_entry_new                 (const char      *host,
                                                    guint16          port,
                                                    CvTrustDecision  decision,
                                                    const char      *certificate_sha256,
                                                    const char      *public_key_pin,
                                                    const char      *subject,
                                                    const char      *issuer,
                                                    gint64           not_after,
                                                    gint64           created,
                                                    gint64           last_seen);
/* A copy with last-seen set to @last_seen */
CvTrustEntry   *cv_trust_entry_copy_seen           (CvTrustEntry    *self,
                                                    gint64           last_seen);
const char     *cv_trust_entry_get_host            (CvTrustEntry    *self);
guint16         cv_trust_entry_get_port            (CvTrustEntry    *self);
/* "host:port", "[::1]:990": the store's key */
const char     *cv_trust_entry_get_key             (CvTrustEntry    *self);
CvTrustDecision cv_trust_entry_get_decision        (CvTrustEntry    *self);
/* Lower-case hex with colons */
const char     *cv_trust_entry_get_certificate_sha256 (CvTrustEntry *self);
/* "sha256//BASE64" of the SubjectPublicKeyInfo */
const char     *cv_trust_entry_get_public_key_pin  (CvTrustEntry    *self);
const char     *cv_trust_entry_get_subject         (CvTrustEntry    *self);
const char     *cv_trust_entry_get_issuer          (CvTrustEntry    *self);
gint64          cv_trust_entry_get_not_after       (CvTrustEntry    *self);
gint64          cv_trust_entry_get_created         (CvTrustEntry    *self);
gint64          cv_trust_entry_get_last_seen       (CvTrustEntry    *self);

CvTrustMatch    cv_trust_entry_match               (CvTrustEntry    *self,
                                                    const char      *certificate_sha256,
                                                    const char      *public_key_pin);

/* "host:port" for IPv4 and DNS names, "[v6]:port" for IPv6 literals */
char           *cv_trust_key_for                   (const char      *host,
                                                    guint16          port);

G_END_DECLS
