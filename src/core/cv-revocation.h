/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-enums.h"
#include "cv-export.h"

G_BEGIN_DECLS

/**
 * CvRevocationMode:
 * @CV_REVOCATION_MODE_ONLINE: stapled responses, else the OCSP responder, else the CRL
 * @CV_REVOCATION_MODE_STAPLED: what the server staples, nothing fetched
 * @CV_REVOCATION_MODE_OFF: nothing fetched, and must-staple not enforced; a
 *   response the server staples still counts ("revoked", or not valid)
 *
 * How far a run looks for revocation (--revocation, the "revocation" setting).
 */
typedef enum
{
  CV_REVOCATION_MODE_ONLINE,
  CV_REVOCATION_MODE_STAPLED,
  CV_REVOCATION_MODE_OFF,
} CvRevocationMode;

/**
 * cv_revocation_mode_from_string:
 * @text: the text
 * @mode: (out): where to store the mode
 *
 * Reads a mode: "online", "stapled" or "off".
 *
 * Returns: %TRUE when @text names a mode
 */
CV_EXPORT
gboolean    cv_revocation_mode_from_string (const char       *text,
                                            CvRevocationMode *mode);

/**
 * CvRevocationMethod:
 * @CV_REVOCATION_METHOD_NONE: no answer
 * @CV_REVOCATION_METHOD_STAPLED: an OCSP response the server stapled
 * @CV_REVOCATION_METHOD_OCSP: the OCSP responder
 * @CV_REVOCATION_METHOD_CRL: the certificate revocation list
 *
 * Where the answer came from.
 */
typedef enum
{
  CV_REVOCATION_METHOD_NONE,
  CV_REVOCATION_METHOD_STAPLED,
  CV_REVOCATION_METHOD_OCSP,
  CV_REVOCATION_METHOD_CRL,
} CvRevocationMethod;

/**
 * CvRevocationStatus:
 * @CV_REVOCATION_STATUS_NOT_CHECKED: no answer to be had: soft-fail, says why
 * @CV_REVOCATION_STATUS_GOOD: not revoked
 * @CV_REVOCATION_STATUS_REVOKED: revoked: invalid, no section
 * @CV_REVOCATION_STATUS_UNKNOWN: the responder does not know the certificate
 * @CV_REVOCATION_STATUS_INVALID: a stapled response that is bad: invalid, no section
 * @CV_REVOCATION_STATUS_MISSING: must-staple, and nothing stapled: invalid, no section
 *
 * What the answer says.
 */
typedef enum
{
  CV_REVOCATION_STATUS_NOT_CHECKED,
  CV_REVOCATION_STATUS_GOOD,
  CV_REVOCATION_STATUS_REVOKED,
  CV_REVOCATION_STATUS_UNKNOWN,
  CV_REVOCATION_STATUS_INVALID,
  CV_REVOCATION_STATUS_MISSING,
} CvRevocationStatus;

/* Budget of the online checks unless the run's timeout leaves less */
#define CV_REVOCATION_DEFAULT_BUDGET_MS 5000

#define CV_TYPE_REVOCATION (cv_revocation_get_type ())

/**
 * CvRevocation:
 *
 * What is known of the server certificate's revocation, immutable. Times are Unix
 * seconds, -1 when unknown.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvRevocation, cv_revocation, CV, REVOCATION, GObject)

/**
 * cv_revocation_get_method:
 * @self: a #CvRevocation
 *
 * Where the answer came from.
 *
 * Returns: the method
 */
CV_EXPORT
CvRevocationMethod cv_revocation_get_method      (CvRevocation *self);

/**
 * cv_revocation_get_status:
 * @self: a #CvRevocation
 *
 * What the answer says.
 *
 * Returns: the status
 */
CV_EXPORT
CvRevocationStatus cv_revocation_get_status      (CvRevocation *self);

/**
 * cv_revocation_get_responder:
 * @self: a #CvRevocation
 *
 * The OCSP responder's or the CRL's URL.
 *
 * Returns: (nullable): the URL, or %NULL
 */
CV_EXPORT
const char        *cv_revocation_get_responder   (CvRevocation *self);

/**
 * cv_revocation_get_produced_at:
 * @self: a #CvRevocation
 *
 * When the OCSP response was made.
 *
 * Returns: Unix seconds, or -1 when unknown
 */
CV_EXPORT
gint64             cv_revocation_get_produced_at (CvRevocation *self);

/**
 * cv_revocation_get_this_update:
 * @self: a #CvRevocation
 *
 * When the answer was last updated.
 *
 * Returns: Unix seconds, or -1 when unknown
 */
CV_EXPORT
gint64             cv_revocation_get_this_update (CvRevocation *self);

/**
 * cv_revocation_get_next_update:
 * @self: a #CvRevocation
 *
 * When the answer is next updated.
 *
 * Returns: Unix seconds, or -1 when unknown
 */
CV_EXPORT
gint64             cv_revocation_get_next_update (CvRevocation *self);

/**
 * cv_revocation_get_revoked_at:
 * @self: a #CvRevocation
 *
 * When the certificate was revoked.
 *
 * Returns: Unix seconds, or -1 when unknown or not revoked
 */
CV_EXPORT
gint64             cv_revocation_get_revoked_at  (CvRevocation *self);

/**
 * cv_revocation_get_reason:
 * @self: a #CvRevocation
 *
 * Why the certificate was revoked: an RFC 5280 reason code (gnutls_x509_crl_reason_t).
 *
 * Returns: the code, 0 (unspecified) when none was given
 */
CV_EXPORT
guint              cv_revocation_get_reason      (CvRevocation *self);

/**
 * cv_revocation_get_why:
 * @self: a #CvRevocation
 *
 * Why it was not checked, or what is wrong with the answer: a sentence.
 *
 * Returns: (nullable): the sentence, or %NULL
 */
CV_EXPORT
const char        *cv_revocation_get_why         (CvRevocation *self);

/**
 * cv_revocation_is_failure:
 * @self: a #CvRevocation
 *
 * Whether the certificate is invalid for it: revoked, a bad staple, must-staple without
 * one.
 *
 * Returns: %TRUE for a failure
 */
CV_EXPORT
gboolean           cv_revocation_is_failure      (CvRevocation *self);

/**
 * cv_revocation_method_to_string:
 * @method: the method
 *
 * The method's name in the JSON output: "stapled", "ocsp", "crl", "none".
 *
 * Returns: the name
 */
CV_EXPORT
const char        *cv_revocation_method_to_string (CvRevocationMethod method);

/**
 * cv_revocation_status_to_string:
 * @status: the status
 *
 * The status's name in the JSON output: "good", "revoked", "unknown", "not-checked",
 * "invalid", "missing".
 *
 * Returns: the name
 */
CV_EXPORT
const char        *cv_revocation_status_to_string (CvRevocationStatus status);

/**
 * cv_revocation_reason_to_string:
 * @reason: the reason code
 *
 * The name of an RFC 5280 reason code: "key-compromise", "ca-compromise", "superseded",
 * …, "unspecified".
 *
 * Returns: the name
 */
CV_EXPORT
const char        *cv_revocation_reason_to_string (guint reason);

/**
 * cv_revocation_reason_describe:
 * @reason: the reason code
 *
 * An RFC 5280 reason code in words, translated: "the key was compromised".
 *
 * Returns: the words
 */
CV_EXPORT
const char        *cv_revocation_reason_describe  (guint reason);

G_END_DECLS
