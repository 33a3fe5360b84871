/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * CvTrustDecision:
 * @CV_TRUST_DECISION_TRUST: always trust this certificate (and its renewals)
 * @CV_TRUST_DECISION_REJECT: always reject it
 * @CV_TRUST_DECISION_OTHER: a kind written by a newer version: kept as it is,
 *   listed, never applied
 */
typedef enum
{
  CV_TRUST_DECISION_TRUST,
  CV_TRUST_DECISION_REJECT,
  CV_TRUST_DECISION_OTHER,
} CvTrustDecision;

/* How a served certificate compares with a saved decision */
typedef enum
{
  CV_TRUST_MATCH_SAME_CERTIFICATE,  /* the very certificate the user decided on */
  CV_TRUST_MATCH_RENEWED,           /* a new certificate for the same public key */
  CV_TRUST_MATCH_CHANGED,           /* a different key: ask again, never trust silently */
} CvTrustMatch;

/* "trust", "reject"; NULL for CV_TRUST_DECISION_OTHER */
const char *cv_trust_decision_to_string   (CvTrustDecision  decision);
/* CV_TRUST_DECISION_OTHER for any other word */
CvTrustDecision cv_trust_decision_from_string (const char  *text);

#define CV_TYPE_TRUST_ENTRY (cv_trust_entry_get_type ())

G_DECLARE_FINAL_TYPE (CvTrustEntry, cv_trust_entry, CV, TRUST_ENTRY, GObject)

/* Everything a decision holds, for cv_trust_entry_new_full() */
typedef struct
{
  const char         *host;
  guint16             port;
  /* The word as stored: "trust", "reject", or a newer kind */
  const char         *decision;
  const char         *certificate_sha256;
  const char         *public_key_pin;
  const char         *subject;
  const char         *issuer;
  gint64              not_after;
  gint64              created;
  gint64              last_seen;
  /* Further DNS names of the certificate the decision covers on the same port;
   * NULL or empty: the host alone */
  const char * const *names;
  /* The problems (reason codes) the user accepted when deciding; NULL when not
   * recorded (decisions imported from older stores) */
  const char * const *accepted;
} CvTrustEntryFields;

/*
 * One saved decision, keyed by host and port. Immutable: a new decision is a new
 * entry. Times are Unix seconds (UTC). The host is normalized as
 * cv_trust_normalize_host() does; fingerprints are kept in lower case.
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
/* NULL when the host cannot be a server name */
CvTrustEntry   *cv_trust_entry_new_full            (const CvTrustEntryFields *fields);
const char     *cv_trust_entry_get_host            (CvTrustEntry    *self);
guint16         cv_trust_entry_get_port            (CvTrustEntry    *self);
/* "host:port", "[::1]:990": how people and the command line name the server */
const char     *cv_trust_entry_get_key             (CvTrustEntry    *self);
CvTrustDecision cv_trust_entry_get_decision        (CvTrustEntry    *self);
/* The word as stored, for a kind this version does not know */
const char     *cv_trust_entry_get_decision_name   (CvTrustEntry    *self);
/* Lower-case hex with colons */
const char     *cv_trust_entry_get_certificate_sha256 (CvTrustEntry *self);
/* "sha256//BASE64" of the SubjectPublicKeyInfo */
const char     *cv_trust_entry_get_public_key_pin  (CvTrustEntry    *self);
const char     *cv_trust_entry_get_subject         (CvTrustEntry    *self);
const char     *cv_trust_entry_get_issuer          (CvTrustEntry    *self);
gint64          cv_trust_entry_get_not_after       (CvTrustEntry    *self);
gint64          cv_trust_entry_get_created         (CvTrustEntry    *self);
gint64          cv_trust_entry_get_last_seen       (CvTrustEntry    *self);
/* Never NULL; empty when the decision covers its host alone */
const char * const *cv_trust_entry_get_names       (CvTrustEntry    *self);
/* NULL when not recorded */
const char * const *cv_trust_entry_get_accepted    (CvTrustEntry    *self);
/* TRUE when the decision applies to @host (normalized) on its port: its own host,
 * or one of its names (a "*.example.com" name covers one more label) */
gboolean        cv_trust_entry_covers              (CvTrustEntry    *self,
                                                    const char      *host);
/* Same server, same decision, same certificate, same names and accepted problems:
 * what an import may skip as already saved (times aside) */
gboolean        cv_trust_entry_same_decision       (CvTrustEntry    *self,
                                                    CvTrustEntry    *other);

CvTrustMatch    cv_trust_entry_match               (CvTrustEntry    *self,
                                                    const char      *certificate_sha256,
                                                    const char      *public_key_pin);

/* "host:port" for IPv4 and DNS names, "[v6]:port" for IPv6 literals */
char           *cv_trust_key_for                   (const char      *host,
                                                    guint16          port);
/* The one form a host is saved and looked up in: lower case, without a final dot,
 * IP addresses in their canonical text ("0:0::1" → "::1"). NULL when @host is
 * empty or holds characters no server name has (spaces, controls, brackets, '/'). */
char           *cv_trust_normalize_host            (const char      *host);
/* Reads a saved decision's server as the command line takes it: "host:port",
 * "[v6]:port", or a URL ("ftps://host:990"); @host normalized */
gboolean        cv_trust_parse_server              (const char      *text,
                                                    char           **host,
                                                    guint16         *port,
                                                    GError         **error);

G_END_DECLS
