/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

/*
 * The trust anchor a verified chain reached, when the chain does not hold it:
 * which anchor of the list signed a certificate of the path, for the report to
 * list under Certificate Chain. The list and its lock are cv-verifier.c's.
 */

#include "config.h"

#include "cv-verifier-private.h"

#include <string.h>

/* Whether @a and @b hold the same public key */
static gboolean
same_key (gnutls_x509_crt_t a,
          gnutls_x509_crt_t b)
{
  guint8 id_a[32];
  guint8 id_b[32];
  size_t size_a = sizeof id_a;
  size_t size_b = sizeof id_b;

  return gnutls_x509_crt_get_key_id (a, GNUTLS_KEYID_USE_SHA256, id_a, &size_a) == 0 &&
         gnutls_x509_crt_get_key_id (b, GNUTLS_KEYID_USE_SHA256, id_b, &size_b) == 0 &&
         size_a == size_b && memcmp (id_a, id_b, size_a) == 0;
}

gboolean
cv_verifier_signed_by (gnutls_x509_crt_t crt,
                       gnutls_x509_crt_t issuer)
{
  unsigned int status = 0;

  if (gnutls_x509_crt_verify (crt, &issuer, 1,
                              GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                              GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
                              GNUTLS_VERIFY_DISABLE_CA_SIGN |
                              GNUTLS_VERIFY_ALLOW_BROKEN,
                              &status) < 0)
    return FALSE;
  return !(status & (GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_SIGNER_NOT_FOUND));
}

/* Whether @crt names the key that signed it (authority key identifier) and
 * @issuer has that key identifier */
static gboolean
key_ids_match (gnutls_x509_crt_t crt,
               gnutls_x509_crt_t issuer)
{
  guint8 named[64];
  guint8 own[64];
  size_t named_size = sizeof named;
  size_t own_size = sizeof own;

  return gnutls_x509_crt_get_authority_key_id (crt, named, &named_size, NULL) == 0 &&
         gnutls_x509_crt_get_subject_key_id (issuer, own, &own_size, NULL) == 0 &&
         named_size == own_size && memcmp (named, own, named_size) == 0;
}

/*
 * The anchor of @list whose key signed @crt, or NULL. Mostly @list's own
 * certificate, unchanged while the caller holds the list; when the
 * first anchor of the issuer's name has another key (two roots of one name), a
 * copy of the one that signed it, left in @copy for the caller to free. After a
 * verification that found nothing wrong (@verified), an anchor whose key
 * identifier @crt names is the one: no signature is checked again.
 */
static gnutls_x509_crt_t
signing_anchor (gnutls_x509_trust_list_t  list,
                gnutls_x509_crt_t         crt,
                gboolean                  verified,
                gnutls_x509_crt_t        *copy)
{
  gnutls_x509_trust_list_iter_t iter = NULL;
  gnutls_x509_crt_t first = NULL;
  gnutls_x509_crt_t ca = NULL;

  *copy = NULL;
  if (gnutls_x509_trust_list_get_issuer (list, crt, &first, 0) < 0)
    return NULL;
  if ((verified && key_ids_match (crt, first)) || cv_verifier_signed_by (crt, first))
    return first;

  while (*copy == NULL && gnutls_x509_trust_list_iter_get_ca (list, &iter, &ca) == 0)
    {
      if (gnutls_x509_crt_check_issuer (crt, ca) && !gnutls_x509_crt_equals (ca, first) &&
          cv_verifier_signed_by (crt, ca))
        *copy = ca;
      else
        gnutls_x509_crt_deinit (ca);
    }
  gnutls_x509_trust_list_iter_deinit (iter);
  return *copy;
}

/* Whether @anchor is among @crts, or is another issue of @crt (self-signed,
 * with its name and key), as a bundle may hold two of one root */
static gboolean
anchor_sent (gnutls_x509_crt_t  anchor,
             gnutls_x509_crt_t  crt,
             gnutls_x509_crt_t *crts,
             unsigned int       n_crts)
{
  if (gnutls_x509_crt_check_issuer (crt, crt) && gnutls_x509_crt_check_issuer (crt, anchor) &&
      same_key (anchor, crt))
    return TRUE;
  for (unsigned int i = 0; i < n_crts; i++)
    if (crts[i] != NULL && gnutls_x509_crt_equals (anchor, crts[i]))
      return TRUE;
  return FALSE;
}

/* It is the first anchor up the path whose key signed a certificate of the
 * path, as GnuTLS ends a chain at its first certificate with a trusted issuer.
 * An anchor found by name whose key signed nothing of the chain was not
 * reached. */
GBytes *
cv_verifier_unsent_anchor (gnutls_x509_trust_list_t  list,
                           gnutls_x509_crt_t        *crts,
                           unsigned int              n_crts,
                           gboolean                  verified)
{
  g_autofree guint *path = g_new (guint, n_crts);
  guint n_path = cv_verifier_chain_path (crts, n_crts, path);

  for (guint step = 0; step < n_path; step++)
    {
      gnutls_x509_crt_t crt = crts[path[step]];
      gnutls_x509_crt_t copy = NULL;
      gnutls_x509_crt_t anchor;
      gnutls_datum_t der = { NULL, 0 };
      GBytes *result = NULL;

      if (crt == NULL || (anchor = signing_anchor (list, crt, verified, &copy)) == NULL)
        continue;
      if (!anchor_sent (anchor, crt, crts, n_crts) &&
          gnutls_x509_crt_export2 (anchor, GNUTLS_X509_FMT_DER, &der) >= 0)
        {
          result = g_bytes_new (der.data, der.size);
          gnutls_free (der.data);
        }
      if (copy != NULL)
        gnutls_x509_crt_deinit (copy);
      return result;
    }
  return NULL;
}
