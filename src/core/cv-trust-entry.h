/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cv-export.h"

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

/**
 * CvTrustMatch:
 * @CV_TRUST_MATCH_SAME_CERTIFICATE: the very certificate the user decided on
 * @CV_TRUST_MATCH_RENEWED: a new certificate for the same public key
 * @CV_TRUST_MATCH_CHANGED: a different key: ask again, never trust silently
 *
 * How a served certificate compares with a saved decision.
 */
typedef enum
{
  CV_TRUST_MATCH_SAME_CERTIFICATE,
  CV_TRUST_MATCH_RENEWED,
  CV_TRUST_MATCH_CHANGED,
} CvTrustMatch;

/**
 * cv_trust_decision_to_string:
 * @decision: the decision
 *
 * The word a decision is stored as.
 *
 * Returns: (nullable): "trust", "reject"; %NULL for %CV_TRUST_DECISION_OTHER
 */
CV_EXPORT
const char *cv_trust_decision_to_string   (CvTrustDecision  decision);

/**
 * cv_trust_decision_from_string:
 * @text: the word
 *
 * Reads a stored decision word.
 *
 * Returns: the decision; %CV_TRUST_DECISION_OTHER for any other word
 */
CV_EXPORT
CvTrustDecision cv_trust_decision_from_string (const char  *text);

#define CV_TYPE_TRUST_ENTRY (cv_trust_entry_get_type ())

/**
 * CvTrustEntry:
 *
 * One saved decision, keyed by host and port. Immutable: a new decision is a new entry.
 * Times are Unix seconds (UTC). The host is normalized as cv_trust_normalize_host()
 * does; fingerprints are kept in lower case.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvTrustEntry, cv_trust_entry, CV, TRUST_ENTRY, GObject)

/**
 * CvTrustEntryFields:
 * @host: the server's host
 * @port: the server's port
 * @decision: the word as stored: "trust", "reject", or a newer kind
 * @certificate_sha256: the certificate's SHA-256 fingerprint
 * @public_key_pin: the public key's pin, "sha256//BASE64"
 * @subject: the subject DN; %NULL when not known
 * @issuer: the issuer DN; %NULL when not known
 * @not_after: the end of the validity, Unix seconds
 * @created: when the decision was made, Unix seconds
 * @last_seen: when the server was last seen with it, Unix seconds
 * @names: further DNS names of the certificate the decision covers on the same
 *   port; %NULL or empty: the host alone
 * @accepted: the problems (reason codes) the user accepted when deciding; %NULL
 *   when not recorded (decisions imported from older stores)
 *
 * Everything a decision holds, for cv_trust_entry_new_full().
 */
typedef struct
{
  const char         *host;
  guint16             port;
  const char         *decision;
  const char         *certificate_sha256;
  const char         *public_key_pin;
  const char         *subject;
  const char         *issuer;
  gint64              not_after;
  gint64              created;
  gint64              last_seen;
  const char * const *names;
  const char * const *accepted;
} CvTrustEntryFields;

/**
 * cv_trust_entry_new:
 * @host: the server's host
 * @port: the server's port
 * @decision: trust or reject
 * @certificate_sha256: the certificate's SHA-256 fingerprint
 * @public_key_pin: the public key's pin, "sha256//BASE64"
 * @subject: (nullable): the subject DN, or %NULL when not known
 * @issuer: (nullable): the issuer DN, or %NULL when not known
 * @not_after: the end of the validity, Unix seconds
 * @created: when the decision was made, Unix seconds
 * @last_seen: when the server was last seen with it, Unix seconds
 *
 * A decision about @host's certificate on @port. A subject or issuer not given is
 * the empty string to cv_trust_entry_get_subject() and cv_trust_entry_get_issuer().
 * The fingerprints must be in the forms Certview writes, those that
 * cv_certificate_get_sha256() and cv_certificate_get_public_key_pin() give, so that
 * the decision exports and imports again.
 *
 * Returns: (transfer full) (nullable): the new entry, or %NULL when the host cannot be
 *   a server name or a fingerprint is not in that form
 */
CV_EXPORT
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

/**
 * cv_trust_entry_new_full: (skip)
 * @fields: the decision's fields
 *
 * A decision with everything it can hold.
 *
 * Returns: (transfer full) (nullable): the new entry, or %NULL when the host cannot be
 *   a server name
 */
CV_EXPORT
CvTrustEntry   *cv_trust_entry_new_full            (const CvTrustEntryFields *fields);

/**
 * cv_trust_entry_get_host:
 * @self: a #CvTrustEntry
 *
 * The server's host, normalized.
 *
 * Returns: the host
 */
CV_EXPORT
const char     *cv_trust_entry_get_host            (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_port:
 * @self: a #CvTrustEntry
 *
 * The server's port.
 *
 * Returns: the port
 */
CV_EXPORT
guint16         cv_trust_entry_get_port            (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_key:
 * @self: a #CvTrustEntry
 *
 * How people and the command line name the server: "host:port", "[::1]:990".
 *
 * Returns: the key
 */
CV_EXPORT
const char     *cv_trust_entry_get_key             (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_decision:
 * @self: a #CvTrustEntry
 *
 * The decision.
 *
 * Returns: the decision
 */
CV_EXPORT
CvTrustDecision cv_trust_entry_get_decision        (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_decision_name:
 * @self: a #CvTrustEntry
 *
 * The word as stored, also for a kind this version does not know.
 *
 * Returns: the word
 */
CV_EXPORT
const char     *cv_trust_entry_get_decision_name   (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_certificate_sha256:
 * @self: a #CvTrustEntry
 *
 * The SHA-256 fingerprint of the certificate decided on, lower-case hex with colons.
 *
 * Returns: the fingerprint
 */
CV_EXPORT
const char     *cv_trust_entry_get_certificate_sha256 (CvTrustEntry *self);

/**
 * cv_trust_entry_get_public_key_pin:
 * @self: a #CvTrustEntry
 *
 * "sha256//BASE64" of its SubjectPublicKeyInfo.
 *
 * Returns: the pin
 */
CV_EXPORT
const char     *cv_trust_entry_get_public_key_pin  (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_subject:
 * @self: a #CvTrustEntry
 *
 * The subject DN of the certificate decided on.
 *
 * Returns: (nullable): the subject
 */
CV_EXPORT
const char     *cv_trust_entry_get_subject         (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_issuer:
 * @self: a #CvTrustEntry
 *
 * The issuer DN of the certificate decided on.
 *
 * Returns: (nullable): the issuer
 */
CV_EXPORT
const char     *cv_trust_entry_get_issuer          (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_not_after:
 * @self: a #CvTrustEntry
 *
 * The end of the certificate's validity.
 *
 * Returns: Unix seconds
 */
CV_EXPORT
gint64          cv_trust_entry_get_not_after       (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_created:
 * @self: a #CvTrustEntry
 *
 * When the decision was made.
 *
 * Returns: Unix seconds
 */
CV_EXPORT
gint64          cv_trust_entry_get_created         (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_last_seen:
 * @self: a #CvTrustEntry
 *
 * When the server was last seen with the decision applying.
 *
 * Returns: Unix seconds
 */
CV_EXPORT
gint64          cv_trust_entry_get_last_seen       (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_names:
 * @self: a #CvTrustEntry
 *
 * The further DNS names of the certificate the decision covers on the same port.
 *
 * Returns: (array zero-terminated=1) (transfer none): the names; empty when the
 *   decision covers its host alone
 */
CV_EXPORT
const char * const *cv_trust_entry_get_names       (CvTrustEntry    *self);

/**
 * cv_trust_entry_get_accepted:
 * @self: a #CvTrustEntry
 *
 * The problems (reason codes) the user accepted when deciding.
 *
 * Returns: (array zero-terminated=1) (transfer none) (nullable): the codes, or %NULL
 *   when not recorded
 */
CV_EXPORT
const char * const *cv_trust_entry_get_accepted    (CvTrustEntry    *self);

/**
 * cv_trust_entry_covers:
 * @self: a #CvTrustEntry
 * @host: a normalized host
 *
 * Whether the decision applies to @host on its port: its own host, or one of its names
 * (a "*.example.com" name covers one more label).
 *
 * Returns: %TRUE when it applies
 */
CV_EXPORT
gboolean        cv_trust_entry_covers              (CvTrustEntry    *self,
                                                    const char      *host);

/**
 * cv_trust_entry_same_decision:
 * @self: a #CvTrustEntry
 * @other: another entry
 *
 * Same server, same decision, same certificate, same names and accepted problems: what
 * an import may skip as already saved (times aside).
 *
 * Returns: %TRUE when the same
 */
CV_EXPORT
gboolean        cv_trust_entry_same_decision       (CvTrustEntry    *self,
                                                    CvTrustEntry    *other);

/**
 * cv_trust_entry_match:
 * @self: a #CvTrustEntry
 * @certificate_sha256: the served certificate's SHA-256 fingerprint
 * @public_key_pin: its public key's pin
 *
 * How a served certificate compares with the decision.
 *
 * Returns: the match
 */
CV_EXPORT
CvTrustMatch    cv_trust_entry_match               (CvTrustEntry    *self,
                                                    const char      *certificate_sha256,
                                                    const char      *public_key_pin);

/**
 * cv_trust_key_for:
 * @host: the host
 * @port: the port
 *
 * The key of a server: "host:port" for IPv4 and DNS names, "[v6]:port" for IPv6
 * addresses.
 *
 * Returns: (transfer full): the key
 */
CV_EXPORT
char           *cv_trust_key_for                   (const char      *host,
                                                    guint16          port);

/**
 * cv_trust_normalize_host:
 * @host: a host
 *
 * The one form a host is saved and looked up in: lower case, without a final dot, IP
 * addresses in their canonical text ("0:0::1" becomes "::1").
 *
 * Returns: (transfer full) (nullable): the host, or %NULL when @host is empty or holds
 *   characters no server name has
 */
CV_EXPORT
char           *cv_trust_normalize_host            (const char      *host);

/**
 * cv_trust_parse_server:
 * @text: the text
 * @host: (out) (transfer full): the normalized host
 * @port: (out): the port
 * @error: return location for a #GError, or %NULL
 *
 * Reads a saved decision's server as the command line takes it: "host:port",
 * "[v6]:port", or a URL ("ftps://host:990").
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
CV_EXPORT
gboolean        cv_trust_parse_server              (const char      *text,
                                                    char           **host,
                                                    guint16         *port,
                                                    GError         **error);

G_END_DECLS
