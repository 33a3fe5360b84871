/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cert-factory.h"
#include "cv-cert-factory-private.h"
#include "cv-error.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/x509-ext.h>
#include <string.h>

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_tlsfeatures_t, gnutls_x509_tlsfeatures_deinit, NULL)

/* The TLS feature of must-staple: status_request (RFC 7633) */
#define TLS_FEATURE_STATUS_REQUEST 5

G_DEFINE_FINAL_TYPE (CvCertFactory, cv_cert_factory, G_TYPE_OBJECT)

gboolean
cv_cert_factory_check (int         ret,
                       const char *what,
                       GError    **error)
{
  if (ret >= 0)
    return TRUE;

  g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
               _("Could not make a test certificate (%s): %s"),
               what, gnutls_strerror (ret));
  return FALSE;
}

static gnutls_x509_privkey_t
generate_key_of (gnutls_pk_algorithm_t   algorithm,
                 unsigned int            bits,
                 GError                **error)
{
  g_auto(gnutls_x509_privkey_t) key = NULL;

  if (!check (gnutls_x509_privkey_init (&key), "key", error) ||
      !check (gnutls_x509_privkey_generate (key, algorithm, bits, 0), "key", error))
    return NULL;

  return g_steal_pointer (&key);
}

static gnutls_x509_privkey_t
generate_key (GError **error)
{
  return generate_key_of (GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                          error);
}

static gboolean
add_ip_address (gnutls_x509_crt_t   crt,
                const char         *text,
                GError            **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);

  g_assert (address != NULL);
  return check (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS,
                                                      g_inet_address_to_bytes (address),
                                                      g_inet_address_get_native_size (address),
                                                      GNUTLS_FSAN_APPEND),
                "subject alternative name", error);
}

static gboolean
add_dns_name (gnutls_x509_crt_t   crt,
              const char         *name,
              GError            **error)
{
  return check (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME,
                                                      name, strlen (name),
                                                      GNUTLS_FSAN_APPEND),
                "subject alternative name", error);
}

static gboolean
is_loopback_name (const char *hostname)
{
  return g_str_equal (hostname, "localhost") ||
         g_str_equal (hostname, "127.0.0.1") ||
         g_str_equal (hostname, "::1");
}

/* The OCSP responder, the CRL and must-staple, as far as the factory is set to */
static gboolean
add_revocation_info (CvCertFactory      *self,
                     gnutls_x509_crt_t   crt,
                     GError            **error)
{
  if (self->ocsp_url != NULL)
    {
      gnutls_datum_t url = { (unsigned char *) self->ocsp_url, strlen (self->ocsp_url) };

      if (!check (gnutls_x509_crt_set_authority_info_access (crt, GNUTLS_IA_OCSP_URI, &url),
                  "authority information access", error))
        return FALSE;
    }

  if (self->crl_url != NULL)
    {
      g_auto(GStrv) urls = g_strsplit (self->crl_url, " ", -1);

      /* Each a distribution point of its own, in their order */
      for (guint i = 0; urls[i] != NULL; i++)
        if (urls[i][0] != '\0' &&
            !check (gnutls_x509_crt_set_crl_dist_points2 (crt, GNUTLS_SAN_URI, urls[i],
                                                          strlen (urls[i]), 0),
                    "CRL distribution points", error))
          return FALSE;
    }

  if (self->must_staple)
    {
      g_auto(gnutls_x509_tlsfeatures_t) features = NULL;

      if (!check (gnutls_x509_tlsfeatures_init (&features), "TLS features", error) ||
          !check (gnutls_x509_tlsfeatures_add (features, TLS_FEATURE_STATUS_REQUEST),
                  "TLS features", error) ||
          !check (gnutls_x509_crt_set_tlsfeatures (crt, features), "TLS features", error))
        return FALSE;
    }

  return TRUE;
}

/*
 * Makes a certificate for @key named @common_name, signed by @issuer with
 * @issuer_key, or self-signed when @issuer is NULL. @hostname is NULL for a CA.
 */
static gnutls_x509_crt_t
make_certificate (CvCertFactory          *self,
                  gnutls_x509_privkey_t   key,
                  const char             *common_name,
                  const char             *hostname,
                  gboolean                is_ca,
                  gint64                  not_before,
                  gint64                  not_after,
                  gnutls_x509_crt_t       issuer,
                  gnutls_x509_privkey_t   issuer_key,
                  gnutls_digest_algorithm_t digest,
                  GError                **error)
{
  g_auto(gnutls_x509_crt_t) crt = NULL;
  guint8 serial[16];
  guint8 key_id[64];
  gsize key_id_size = sizeof key_id;
  const char *organization = "Certview Test";

  if (!check (gnutls_x509_crt_init (&crt), "init", error))
    return NULL;

  /* Positive and unique within the factory, random across runs */
  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = g_random_int_range (0, 256);
  serial[0] &= 0x7f;
  serial[0] |= 0x01;
  serial[15] = (guint8) ++self->serial;

  if (!check (gnutls_x509_crt_set_version (crt, 3), "version", error) ||
      !check (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "serial", error) ||
      !check (gnutls_x509_crt_set_activation_time (crt, (time_t) not_before),
              "not before", error) ||
      !check (gnutls_x509_crt_set_expiration_time (crt, (time_t) not_after),
              "not after", error) ||
      !check (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                             common_name, strlen (common_name)),
              "common name", error) ||
      !check (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                             organization, strlen (organization)),
              "organization", error) ||
      !check (gnutls_x509_crt_set_key (crt, key), "key", error) ||
      !check (gnutls_x509_crt_set_basic_constraints (crt, is_ca, -1), "basic constraints",
              error))
    return NULL;

  if (is_ca)
    {
      if (!check (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_KEY_CERT_SIGN |
                                                      GNUTLS_KEY_CRL_SIGN),
                  "key usage", error))
        return NULL;
    }
  else
    {
      if (!check (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE),
                  "key usage", error) ||
          !check (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
                  "key purpose", error) ||
          !add_dns_name (crt, hostname, error))
        return NULL;

      if (is_loopback_name (hostname))
        {
          if ((!g_str_equal (hostname, "localhost") && !add_dns_name (crt, "localhost", error)) ||
              !add_ip_address (crt, "127.0.0.1", error) ||
              !add_ip_address (crt, "::1", error))
            return NULL;
        }

      if (!add_revocation_info (self, crt, error))
        return NULL;
    }

  if (!check (gnutls_x509_crt_get_key_id (crt, 0, key_id, &key_id_size), "key id", error) ||
      !check (gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size), "key id", error))
    return NULL;

  if (issuer != NULL)
    {
      key_id_size = sizeof key_id;
      if (!check (gnutls_x509_crt_get_subject_key_id (issuer, key_id, &key_id_size, NULL),
                  "authority key id", error) ||
          !check (gnutls_x509_crt_set_authority_key_id (crt, key_id, key_id_size),
                  "authority key id", error))
        return NULL;
    }

  if (!check (gnutls_x509_crt_sign2 (crt, issuer ? issuer : crt,
                                     issuer ? issuer_key : key, digest, 0),
              "signature", error))
    return NULL;

  return g_steal_pointer (&crt);
}

static gboolean
append_pem (GString            *out,
            gnutls_x509_crt_t   crt,
            GError            **error)
{
  gnutls_datum_t pem = { NULL, 0 };

  if (!check (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem), "export", error))
    return FALSE;

  g_string_append_len (out, (const char *) pem.data, pem.size);
  gnutls_free (pem.data);
  return TRUE;
}

static void
cv_cert_factory_finalize (GObject *object)
{
  CvCertFactory *self = CV_CERT_FACTORY (object);

  g_clear_pointer (&self->root, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->root_key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&self->intermediate, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->intermediate_key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&self->rogue, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->rogue_key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&self->leaf_key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&self->ca_pem, g_free);
  g_clear_pointer (&self->impostor, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->impostor_key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&self->ocsp_url, g_free);
  g_clear_pointer (&self->crl_url, g_free);
  g_clear_pointer (&self->intermediate_pem, g_free);
  g_clear_pointer (&self->intermediate_key_pem, g_free);
  g_clear_pointer (&self->last_serial, g_free);

  G_OBJECT_CLASS (cv_cert_factory_parent_class)->finalize (object);
}

static void
cv_cert_factory_class_init (CvCertFactoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cv_cert_factory_finalize;
}

static void
cv_cert_factory_init (CvCertFactory *self)
{
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

CvCertFactory *
cv_cert_factory_new (GError **error)
{
  g_autoptr(CvCertFactory) self = g_object_new (CV_TYPE_CERT_FACTORY, NULL);
  g_autoptr(GString) pem = g_string_new (NULL);
  gint64 now = now_seconds ();
  gint64 not_before = now - DAY_SECONDS;
  gint64 not_after = now + 3650 * (gint64) DAY_SECONDS;

  if (!(self->root_key = generate_key (error)) ||
      !(self->root = make_certificate (self, self->root_key, "Certview Test Root CA", NULL,
                                       TRUE, not_before, not_after, NULL, NULL,
                                       GNUTLS_DIG_SHA256, error)) ||
      !(self->intermediate_key = generate_key (error)) ||
      !(self->intermediate = make_certificate (self, self->intermediate_key,
                                               "Certview Test Intermediate CA", NULL, TRUE,
                                               not_before, not_after, self->root,
                                               self->root_key, GNUTLS_DIG_SHA256, error)) ||
      !append_pem (pem, self->root, error))
    return NULL;

  self->ca_pem = g_string_free (g_steal_pointer (&pem), FALSE);
  return g_steal_pointer (&self);
}

const char *
cv_cert_factory_get_ca_pem (CvCertFactory *self)
{
  g_return_val_if_fail (CV_IS_CERT_FACTORY (self), NULL);
  return self->ca_pem;
}

static gboolean
ensure_rogue_root (CvCertFactory  *self,
                   GError        **error)
{
  gint64 now = now_seconds ();

  if (self->rogue != NULL)
    return TRUE;

  if (!(self->rogue_key = generate_key (error)) ||
      !(self->rogue = make_certificate (self, self->rogue_key, "Certview Untrusted Root CA",
                                        NULL, TRUE, now - DAY_SECONDS,
                                        now + 3650 * (gint64) DAY_SECONDS, NULL, NULL,
                                        GNUTLS_DIG_SHA256, error)))
    return FALSE;

  return TRUE;
}

static gboolean
remember_serial (CvCertFactory      *self,
                 gnutls_x509_crt_t   leaf,
                 GError            **error)
{
  guint8 serial[64];
  size_t serial_size = sizeof serial;
  GString *hex;

  if (!check (gnutls_x509_crt_get_serial (leaf, serial, &serial_size), "serial", error))
    return FALSE;

  hex = g_string_new (NULL);
  for (size_t i = 0; i < serial_size; i++)
    g_string_append_printf (hex, "%02X", serial[i]);
  g_free (self->last_serial);
  self->last_serial = g_string_free (hex, FALSE);
  return TRUE;
}

gboolean
cv_cert_factory_issue (CvCertFactory  *self,
                       const char     *hostname,
                       CvCertProblem   problems,
                       guint           extra_chain,
                       char          **chain_pem,
                       char          **key_pem,
                       GError        **error)
{
  g_autoptr(GPtrArray) cas = NULL;
  g_autoptr(GPtrArray) ca_keys = NULL;
  g_auto(gnutls_x509_privkey_t) key = NULL;
  g_auto(gnutls_x509_crt_t) leaf = NULL;
  g_autoptr(GString) chain = g_string_new (NULL);
  gnutls_datum_t key_data = { NULL, 0 };
  gnutls_x509_crt_t issuer;
  gnutls_x509_privkey_t issuer_key;
  gint64 now = now_seconds ();
  gint64 not_before = now - DAY_SECONDS;
  gint64 not_after = now + (self->leaf_days > 0 ? self->leaf_days : 365) * (gint64) DAY_SECONDS;
  const char *name = hostname;

  g_return_val_if_fail (CV_IS_CERT_FACTORY (self), FALSE);
  g_return_val_if_fail (hostname != NULL && *hostname != '\0', FALSE);
  g_return_val_if_fail (chain_pem != NULL && key_pem != NULL, FALSE);

  if (problems & CV_CERT_PROBLEM_EXPIRED)
    {
      not_before = now - 400 * (gint64) DAY_SECONDS;
      not_after = now - 30 * (gint64) DAY_SECONDS;
    }
  else if (problems & CV_CERT_PROBLEM_NOT_YET_VALID)
    {
      not_before = now + 30 * (gint64) DAY_SECONDS;
      not_after = now + 400 * (gint64) DAY_SECONDS;
    }

  if (problems & CV_CERT_PROBLEM_WRONG_HOST)
    name = CV_CERT_WRONG_HOST_NAME;

  /* The CAs between the leaf and the root, nearest the root first */
  cas = g_ptr_array_new_with_free_func ((GDestroyNotify) gnutls_x509_crt_deinit);
  ca_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) gnutls_x509_privkey_deinit);

  if (problems & CV_CERT_PROBLEM_UNTRUSTED_ROOT)
    {
      if (!ensure_rogue_root (self, error))
        return FALSE;
      issuer = self->rogue;
      issuer_key = self->rogue_key;
    }
  else
    {
      issuer = self->intermediate;
      issuer_key = self->intermediate_key;
    }

  /* One more CA for a weak key, below the others */
  for (guint i = 0; i < extra_chain + !!(problems & CV_CERT_PROBLEM_WEAK_KEY); i++)
    {
      gboolean weak = i == extra_chain;
      g_autofree char *cn = weak ? g_strdup (CV_CERT_WEAK_CA_NAME)
                                 : g_strdup_printf ("Certview Test Sub-CA %u", i + 1);
      gnutls_x509_privkey_t ca_key = weak ? generate_key_of (GNUTLS_PK_RSA, 512, error)
                                          : generate_key (error);
      gnutls_x509_crt_t ca;

      if (ca_key == NULL)
        return FALSE;
      g_ptr_array_add (ca_keys, ca_key);

      ca = make_certificate (self, ca_key, cn, NULL, TRUE, now - DAY_SECONDS,
                             now + 3650 * (gint64) DAY_SECONDS, issuer, issuer_key,
                             GNUTLS_DIG_SHA256, error);
      if (ca == NULL)
        return FALSE;
      g_ptr_array_add (cas, ca);

      issuer = ca;
      issuer_key = ca_key;
    }

  if (self->reuse_leaf_key && self->leaf_key != NULL)
    {
      if (!check (gnutls_x509_privkey_init (&key), "key", error) ||
          !check (gnutls_x509_privkey_cpy (key, self->leaf_key), "key", error))
        return FALSE;
    }
  else if (!(key = generate_key (error)))
    return FALSE;
  if (self->reuse_leaf_key && self->leaf_key == NULL)
    {
      if (!check (gnutls_x509_privkey_init (&self->leaf_key), "key", error) ||
          !check (gnutls_x509_privkey_cpy (self->leaf_key, key), "key", error))
        return FALSE;
    }

  if (problems & CV_CERT_PROBLEM_SELF_SIGNED)
    leaf = make_certificate (self, key, name, name, FALSE, not_before, not_after, NULL, NULL,
                             (problems & CV_CERT_PROBLEM_SHA1) ? GNUTLS_DIG_SHA1
                                                               : GNUTLS_DIG_SHA256,
                             error);
  else
    leaf = make_certificate (self, key, name, name, FALSE, not_before, not_after, issuer,
                             issuer_key,
                             (problems & CV_CERT_PROBLEM_SHA1) ? GNUTLS_DIG_SHA1
                                                               : GNUTLS_DIG_SHA256,
                             error);
  if (leaf == NULL || !append_pem (chain, leaf, error) ||
      !remember_serial (self, leaf, error))
    return FALSE;

  if (!(problems & (CV_CERT_PROBLEM_SELF_SIGNED | CV_CERT_PROBLEM_INCOMPLETE_CHAIN)))
    {
      for (guint i = cas->len; i > 0; i--)
        if (!append_pem (chain, g_ptr_array_index (cas, i - 1), error))
          return FALSE;

      if (problems & CV_CERT_PROBLEM_UNTRUSTED_ROOT)
        {
          if (!append_pem (chain, self->rogue, error))
            return FALSE;
        }
      else if (!append_pem (chain, self->intermediate, error))
        return FALSE;
    }

  if (!check (gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &key_data), "export",
              error))
    return FALSE;

  *key_pem = g_strndup ((const char *) key_data.data, key_data.size);
  gnutls_free (key_data.data);
  *chain_pem = g_string_free (g_steal_pointer (&chain), FALSE);
  return TRUE;
}

void
cv_cert_factory_set_reuse_leaf_key (CvCertFactory *self,
                                    gboolean       reuse)
{
  g_return_if_fail (CV_IS_CERT_FACTORY (self));

  self->reuse_leaf_key = !!reuse;
  if (!reuse)
    g_clear_pointer (&self->leaf_key, gnutls_x509_privkey_deinit);
}

void
cv_cert_factory_set_ocsp_url (CvCertFactory *self,
                              const char    *url)
{
  g_return_if_fail (CV_IS_CERT_FACTORY (self));

  g_free (self->ocsp_url);
  self->ocsp_url = g_strdup (url);
}

void
cv_cert_factory_set_crl_url (CvCertFactory *self,
                             const char    *url)
{
  g_return_if_fail (CV_IS_CERT_FACTORY (self));

  g_free (self->crl_url);
  self->crl_url = g_strdup (url);
}

void
cv_cert_factory_set_must_staple (CvCertFactory *self,
                                 gboolean       must_staple)
{
  g_return_if_fail (CV_IS_CERT_FACTORY (self));

  self->must_staple = !!must_staple;
}

const char *
cv_cert_factory_get_intermediate_pem (CvCertFactory *self)
{
  g_return_val_if_fail (CV_IS_CERT_FACTORY (self), NULL);

  if (self->intermediate_pem == NULL)
    {
      g_autoptr(GString) pem = g_string_new (NULL);

      /* Exporting a certificate that was just made cannot fail */
      if (!append_pem (pem, self->intermediate, NULL))
        g_assert_not_reached ();
      self->intermediate_pem = g_string_free (g_steal_pointer (&pem), FALSE);
    }
  return self->intermediate_pem;
}

static char *
export_key (gnutls_x509_privkey_t   key,
            GError                **error)
{
  gnutls_datum_t data = { NULL, 0 };
  char *pem;

  if (!check (gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &data), "export", error))
    return NULL;
  pem = g_strndup ((const char *) data.data, data.size);
  gnutls_free (data.data);
  return pem;
}

const char *
cv_cert_factory_get_intermediate_key_pem (CvCertFactory *self)
{
  g_return_val_if_fail (CV_IS_CERT_FACTORY (self), NULL);

  if (self->intermediate_key_pem == NULL)
    {
      self->intermediate_key_pem = export_key (self->intermediate_key, NULL);
      g_assert (self->intermediate_key_pem != NULL);
    }
  return self->intermediate_key_pem;
}

gboolean
cv_cert_factory_ensure_impostor (CvCertFactory  *self,
                                 GError        **error)
{
  gint64 now = now_seconds ();

  if (self->impostor != NULL)
    return TRUE;

  /* make_certificate() writes the same two name attributes in the same order, so
   * the impostor's name is byte for byte the intermediate's */
  if (!(self->impostor_key = generate_key (error)) ||
      !(self->impostor = make_certificate (self, self->impostor_key,
                                           "Certview Test Intermediate CA", NULL, TRUE,
                                           now - DAY_SECONDS,
                                           now + 3650 * (gint64) DAY_SECONDS, NULL, NULL,
                                           GNUTLS_DIG_SHA256, error)))
    {
      g_clear_pointer (&self->impostor_key, gnutls_x509_privkey_deinit);
      return FALSE;
    }

  return TRUE;
}

gboolean
cv_cert_factory_get_impostor (CvCertFactory  *self,
                              char          **cert_pem,
                              char          **key_pem,
                              GError        **error)
{
  g_autoptr(GString) pem = g_string_new (NULL);
  char *key;

  g_return_val_if_fail (CV_IS_CERT_FACTORY (self), FALSE);
  g_return_val_if_fail (cert_pem != NULL && key_pem != NULL, FALSE);

  if (!cv_cert_factory_ensure_impostor (self, error) ||
      !append_pem (pem, self->impostor, error) ||
      !(key = export_key (self->impostor_key, error)))
    return FALSE;

  *key_pem = key;
  *cert_pem = g_string_free (g_steal_pointer (&pem), FALSE);
  return TRUE;
}

const char *
cv_cert_factory_get_last_serial (CvCertFactory *self)
{
  g_return_val_if_fail (CV_IS_CERT_FACTORY (self), NULL);
  return self->last_serial;
}

void
cv_cert_factory_set_leaf_days (CvCertFactory *self,
                               guint          days)
{
  g_return_if_fail (CV_IS_CERT_FACTORY (self));
  self->leaf_days = days;
}
