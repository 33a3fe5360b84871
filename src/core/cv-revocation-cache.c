/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cache of the revocation checks: what responders and CRLs answered, per
 * issuer and serial, for the process, until each answer's next update */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-revocation-private.h"

#include "cv-format.h"

#include <gnutls/crypto.h>

typedef struct
{
  CvRevocation *revocation;
  gint64        expires;
} Cached;

static GMutex      cache_lock;
static GHashTable *cache;

static void
cached_free (Cached *cached)
{
  g_clear_object (&cached->revocation);
  g_free (cached);
}

void
cv_revocation_clear_cache (void)
{
  g_mutex_lock (&cache_lock);
  g_clear_pointer (&cache, g_hash_table_unref);
  g_mutex_unlock (&cache_lock);
}

/* What an OCSP CertID names (RFC 6960, 4.1.1): the issuer and the serial number.
 * The issuer is taken whole, by the SHA-256 of its DER, rather than by name and
 * key as a CertID does: that needs no parsing, so an answer from the cache costs
 * less than reading the certificate's extensions. An issuer certificate issued
 * again with the same key only misses the cache. */
char *
cv_revocation_cache_key (gnutls_x509_crt_t  crt,
                         GBytes            *issuer)
{
  unsigned char serial[64];
  size_t serial_size = sizeof serial;
  unsigned char digest[32];
  gsize issuer_size;
  const guint8 *issuer_data = g_bytes_get_data (issuer, &issuer_size);
  g_autofree char *issuer_hex = NULL;
  g_autofree char *serial_hex = NULL;

  if (gnutls_x509_crt_get_serial (crt, serial, &serial_size) < 0 ||
      gnutls_hash_fast (GNUTLS_DIG_SHA256, issuer_data, issuer_size, digest) < 0)
    return NULL;
  issuer_hex = cv_format_fingerprint (digest, sizeof digest);
  serial_hex = cv_format_fingerprint (serial, serial_size);
  return g_strconcat (issuer_hex, "/", serial_hex, NULL);
}

gboolean
cv_revocation_cache_is_empty (void)
{
  gboolean empty;

  g_mutex_lock (&cache_lock);
  empty = cache == NULL || g_hash_table_size (cache) == 0;
  g_mutex_unlock (&cache_lock);
  return empty;
}

CvRevocation *
cv_revocation_cache_get (const char *key,
                         gint64      now)
{
  CvRevocation *found = NULL;
  Cached *cached;

  g_mutex_lock (&cache_lock);
  if (cache != NULL && (cached = g_hash_table_lookup (cache, key)) != NULL)
    {
      if (cached->expires > now)
        found = g_object_ref (cached->revocation);
      else
        g_hash_table_remove (cache, key);
    }
  g_mutex_unlock (&cache_lock);
  return found;
}

/* Only answers that say whether the certificate is revoked, and only until the
 * responder would say more: an OCSP answer with no next update no longer than the
 * judge believes it. Not "unknown": the lists are read after it, and one that
 * could not be fetched this time may say more the next. */
gint64
cv_revocation_cache_until (CvRevocation *revocation)
{
  gint64 next_update = cv_revocation_get_next_update (revocation);
  gint64 this_update = cv_revocation_get_this_update (revocation);
  CvRevocationStatus status = cv_revocation_get_status (revocation);

  if (status != CV_REVOCATION_STATUS_GOOD && status != CV_REVOCATION_STATUS_REVOKED)
    return 0;
  if (next_update > 0)
    return next_update;
  if (cv_revocation_get_method (revocation) == CV_REVOCATION_METHOD_OCSP && this_update > 0)
    return this_update + CV_REVOCATION_OCSP_MAX_AGE;
  return 0;
}

void
cv_revocation_cache_put (const char   *key,
                         CvRevocation *revocation)
{
  gint64 until = cv_revocation_cache_until (revocation);
  Cached *cached;

  if (until <= g_get_real_time () / G_USEC_PER_SEC)
    return;

  cached = g_new0 (Cached, 1);
  cached->revocation = g_object_ref (revocation);
  cached->expires = until;
  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) cached_free);
  g_hash_table_replace (cache, g_strdup (key), cached);
  g_mutex_unlock (&cache_lock);
}
