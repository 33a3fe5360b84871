/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-entry.h"
#include "cv-trust-entry-private.h"

#include <string.h>

struct _CvTrustEntry
{
  GObject          parent_instance;

  char            *host;
  guint16          port;
  char            *key;
  CvTrustDecision  decision;
  char            *certificate_sha256;
  char            *public_key_pin;
  char            *subject;
  char            *issuer;
  gint64           not_after;
  gint64           created;
  gint64           last_seen;
};

G_DEFINE_FINAL_TYPE (CvTrustEntry, cv_trust_entry, G_TYPE_OBJECT)

const char *
cv_trust_decision_to_string (CvTrustDecision decision)
{
  return decision == CV_TRUST_DECISION_TRUST ? "trust" : "reject";
}

gboolean
cv_trust_decision_from_string (const char      *text,
                               CvTrustDecision *decision)
{
  if (g_strcmp0 (text, "trust") == 0)
    *decision = CV_TRUST_DECISION_TRUST;
  else if (g_strcmp0 (text, "reject") == 0)
    *decision = CV_TRUST_DECISION_REJECT;
  else
    return FALSE;
  return TRUE;
}

char *
cv_trust_key_for (const char *host,
                  guint16     port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

static void
cv_trust_entry_finalize (GObject *object)
{
  CvTrustEntry *self = CV_TRUST_ENTRY (object);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->certificate_sha256, g_free);
  g_clear_pointer (&self->public_key_pin, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->issuer, g_free);

  G_OBJECT_CLASS (cv_trust_entry_parent_class)->finalize (object);
}

static void
cv_trust_entry_class_init (CvTrustEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cv_trust_entry_finalize;
}

static void
cv_trust_entry_init (CvTrustEntry *self)
{
}

CvTrustEntry *
cv_trust_entry_new_take (char            *host,
                         guint16          port,
                         char            *key,
                         CvTrustDecision  decision,
                         char            *certificate_sha256,
                         char            *public_key_pin,
                         char            *subject,
                         char            *issuer,
                         gint64           not_after,
                         gint64           created,
                         gint64           last_seen)
{
  CvTrustEntry *self = g_object_new (CV_TYPE_TRUST_ENTRY, NULL);

  g_assert (host != NULL && key != NULL && subject != NULL && issuer != NULL);
  g_assert (certificate_sha256 != NULL && public_key_pin != NULL);

  self->host = host;
  self->port = port;
  self->key = key;
  self->decision = decision;
  self->certificate_sha256 = certificate_sha256;
  self->public_key_pin = public_key_pin;
  self->subject = subject;
  self->issuer = issuer;
  self->not_after = not_after;
  self->created = created;
  self->last_seen = last_seen;
  return self;
}

CvTrustEntry *
cv_trust_entry_new (const char      *host,
                    guint16          port,
                    CvTrustDecision  decision,
                    const char      *certificate_sha256,
                    const char      *public_key_pin,
                    const char      *subject,
                    const char      *issuer,
                    gint64           not_after,
                    gint64           created,
                    gint64           last_seen)
{
  char *lower;

  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (port != 0, NULL);
  g_return_val_if_fail (certificate_sha256 != NULL, NULL);
  g_return_val_if_fail (public_key_pin != NULL, NULL);

  lower = g_ascii_strdown (host, -1);
  return cv_trust_entry_new_take (lower, port, cv_trust_key_for (lower, port), decision,
                                  g_ascii_strdown (certificate_sha256, -1),
                                  g_strdup (public_key_pin),
                                  g_strdup (subject ? subject : ""),
                                  g_strdup (issuer ? issuer : ""),
                                  not_after, created, last_seen);
}

CvTrustEntry *
cv_trust_entry_copy_seen (CvTrustEntry *self,
                          gint64        last_seen)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);

  return cv_trust_entry_new (self->host, self->port, self->decision, self->certificate_sha256,
                             self->public_key_pin, self->subject, self->issuer,
                             self->not_after, self->created, last_seen);
}

const char *
cv_trust_entry_get_host (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->host;
}

guint16
cv_trust_entry_get_port (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), 0);
  return self->port;
}

const char *
cv_trust_entry_get_key (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->key;
}

CvTrustDecision
cv_trust_entry_get_decision (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), CV_TRUST_DECISION_REJECT);
  return self->decision;
}

const char *
cv_trust_entry_get_certificate_sha256 (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->certificate_sha256;
}

const char *
cv_trust_entry_get_public_key_pin (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->public_key_pin;
}

const char *
cv_trust_entry_get_subject (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->subject;
}

const char *
cv_trust_entry_get_issuer (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->issuer;
}

gint64
cv_trust_entry_get_not_after (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), 0);
  return self->not_after;
}

gint64
cv_trust_entry_get_created (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), 0);
  return self->created;
}

gint64
cv_trust_entry_get_last_seen (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), 0);
  return self->last_seen;
}

CvTrustMatch
cv_trust_entry_match (CvTrustEntry *self,
                      const char   *certificate_sha256,
                      const char   *public_key_pin)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), CV_TRUST_MATCH_CHANGED);

  if (certificate_sha256 != NULL &&
      g_ascii_strcasecmp (self->certificate_sha256, certificate_sha256) == 0)
    return CV_TRUST_MATCH_SAME_CERTIFICATE;
  if (public_key_pin != NULL && g_str_equal (self->public_key_pin, public_key_pin))
    return CV_TRUST_MATCH_RENEWED;
  return CV_TRUST_MATCH_CHANGED;
}
