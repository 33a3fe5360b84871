/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The factory's certificate revocation lists */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cert-factory-private.h"
#include "cv-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crl_t, gnutls_x509_crl_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)

/* Hex to bytes; NULL when @hex is not an even number of hex digits */
static GBytes *
parse_serial (const char *hex)
{
  gsize len = strlen (hex);
  g_autofree guint8 *bytes = NULL;

  if (len == 0 || len % 2 != 0)
    return NULL;

  bytes = g_malloc (len / 2);
  for (gsize i = 0; i < len / 2; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return NULL;
      bytes[i] = (guint8) (high << 4 | low);
    }
  return g_bytes_new_take (g_steal_pointer (&bytes), len / 2);
}

/* @text as the DER of a UTF8String */
static GBytes *
utf8_string (const char *text)
{
  gsize len = strlen (text);
  guint8 *der = g_malloc (len + 2);

  g_assert (len < 128);
  der[0] = 0x0c;
  der[1] = (guint8) len;
  memcpy (der + 2, text, len);
  return g_bytes_new_take (der, len + 2);
}

/* The intermediate's key, under its name written as UTF8Strings where the
 * intermediate's own certificate has PrintableStrings: the same name, other bytes */
static gnutls_x509_crt_t
make_renamed (CvCertFactory          *self,
              gnutls_x509_privkey_t   key,
              GError                **error)
{
  g_autoptr(GBytes) common_name = utf8_string ("Certview Test Intermediate CA");
  g_autoptr(GBytes) organization = utf8_string ("Certview Test");
  gnutls_x509_crt_t crt = NULL;
  guint8 serial[] = { 0x7e, 0x4a, 0x3e, 0xd0 };
  gsize size = 0;
  gconstpointer data;

  if (!check (gnutls_x509_crt_init (&crt), "init", error))
    return NULL;
  data = g_bytes_get_data (common_name, &size);
  if (!check (gnutls_x509_crt_set_version (crt, 3), "version", error) ||
      !check (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "serial", error) ||
      !check (gnutls_x509_crt_set_activation_time (crt, 0), "not before", error) ||
      !check (gnutls_x509_crt_set_expiration_time (crt, (time_t) 4102444800), "not after",
              error) ||
      !check (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 1, data,
                                             size),
              "common name", error))
    goto failed;
  data = g_bytes_get_data (organization, &size);
  if (!check (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 1, data,
                                             size),
              "organization", error) ||
      !check (gnutls_x509_crt_set_key (crt, key), "key", error) ||
      !check (gnutls_x509_crt_set_basic_constraints (crt, TRUE, -1), "basic constraints",
              error) ||
      !check (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0),
              "signature", error))
    goto failed;
  return crt;

failed:
  gnutls_x509_crt_deinit (crt);
  return NULL;
}

GBytes *
cv_cert_factory_make_crl (CvCertFactory       *self,
                          const char * const  *serials,
                          gint64               this_update,
                          gint64               next_update,
                          CvCrlSigner          signer,
                          GError             **error)
{
  g_auto(gnutls_x509_crl_t) crl = NULL;
  g_auto(gnutls_x509_crt_t) renamed = NULL;
  gnutls_datum_t der = { NULL, 0 };
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  guint8 number = 1;
  gnutls_x509_crt_t issuer;
  gnutls_x509_privkey_t issuer_key;
  GBytes *bytes;

  g_return_val_if_fail (CV_IS_CERT_FACTORY (self), NULL);
  g_return_val_if_fail (serials != NULL, NULL);

  issuer = self->intermediate;
  issuer_key = self->intermediate_key;
  if (signer == CV_CRL_SIGNER_IMPOSTOR)
    {
      if (!cv_cert_factory_ensure_impostor (self, error))
        return NULL;
      issuer = self->impostor;
      issuer_key = self->impostor_key;
    }
  else if (signer == CV_CRL_SIGNER_RENAMED || signer == CV_CRL_SIGNER_RENAMED_IMPOSTOR)
    {
      if (signer == CV_CRL_SIGNER_RENAMED_IMPOSTOR && !cv_cert_factory_ensure_impostor (self, error))
        return NULL;
      if (signer == CV_CRL_SIGNER_RENAMED_IMPOSTOR)
        issuer_key = self->impostor_key;
      if (!(renamed = make_renamed (self, issuer_key, error)))
        return NULL;
      issuer = renamed;
    }

  if (!check (gnutls_x509_crl_init (&crl), "CRL", error) ||
      !check (gnutls_x509_crl_set_version (crl, 2), "CRL version", error) ||
      !check (gnutls_x509_crl_set_this_update (crl, (time_t) this_update), "this update",
              error) ||
      !check (gnutls_x509_crl_set_next_update (crl, (time_t) next_update), "next update",
              error))
    return NULL;

  for (guint i = 0; serials[i] != NULL; i++)
    {
      g_autoptr(GBytes) serial = parse_serial (serials[i]);
      gsize size;
      gconstpointer data;

      if (serial == NULL)
        {
          g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                       _("Could not make a test CRL: “%s” is not a serial number in hex"),
                       serials[i]);
          return NULL;
        }
      data = g_bytes_get_data (serial, &size);
      if (!check (gnutls_x509_crl_set_crt_serial (crl, data, size,
                                                  (time_t) (this_update - 60 * 60)),
                  "CRL entry", error))
        return NULL;
    }

  /* Always the genuine issuer's key identifier: an impostor's CRL differs from the
   * real one in its signature only */
  if (!check (gnutls_x509_crt_get_subject_key_id (self->intermediate, key_id, &key_id_size,
                                                  NULL),
              "authority key id", error) ||
      !check (gnutls_x509_crl_set_authority_key_id (crl, key_id, key_id_size),
              "authority key id", error) ||
      !check (gnutls_x509_crl_set_number (crl, &number, sizeof number), "CRL number", error) ||
      !check (gnutls_x509_crl_sign2 (crl, issuer, issuer_key, GNUTLS_DIG_SHA256, 0),
              "CRL signature", error) ||
      !check (gnutls_x509_crl_export2 (crl, GNUTLS_X509_FMT_DER, &der), "CRL export", error))
    return NULL;

  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  return bytes;
}
