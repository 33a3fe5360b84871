/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-certificate.h"
#include "cv-certificate-private.h"

#include "cv-error.h"
#include "cv-probe.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>

/* Real certificates are a few KiB; anything bigger is refused before parsing. */
#define MAX_CERTIFICATE_SIZE (64 * 1024)

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)

struct _CvCertificate
{
  GObject     parent_instance;

  GBytes     *der;
  GListStore *sections;

  char       *subject;
  char       *issuer;
  char       *display_name;
  char       *common_name;
  char       *issuer_display_name;
  char       *signature_algorithm;
  GDateTime  *not_before;
  GDateTime  *not_after;
  char       *sha256;
  char       *sha1;
  char       *public_key_pin;
  GStrv       subject_alt_names;
  gboolean    self_issued;
};

G_DEFINE_FINAL_TYPE (CvCertificate, cv_certificate, G_TYPE_OBJECT)

static void
cv_certificate_dispose (GObject *object)
{
  CvCertificate *self = CV_CERTIFICATE (object);

  g_clear_object (&self->sections);

  G_OBJECT_CLASS (cv_certificate_parent_class)->dispose (object);
}

static void
cv_certificate_finalize (GObject *object)
{
  CvCertificate *self = CV_CERTIFICATE (object);

  g_clear_pointer (&self->der, g_bytes_unref);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->common_name, g_free);
  g_clear_pointer (&self->issuer_display_name, g_free);
  g_clear_pointer (&self->signature_algorithm, g_free);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->sha1, g_free);
  g_clear_pointer (&self->public_key_pin, g_free);
  g_clear_pointer (&self->subject_alt_names, g_strfreev);

  G_OBJECT_CLASS (cv_certificate_parent_class)->finalize (object);
}

static void
cv_certificate_class_init (CvCertificateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cv_certificate_dispose;
  object_class->finalize = cv_certificate_finalize;
}

static void
cv_certificate_init (CvCertificate *self)
{
  self->sections = g_list_store_new (CV_TYPE_SECTION);
}

static GDateTime *
date_time_from_unix (time_t when)
{
  if (when == (time_t) -1)
    return NULL;

  return g_date_time_new_from_unix_utc ((gint64) when);
}

static void
add_optional (CvSection  *section,
              const char *id,
              const char *label,
              const char *value)
{
  if (value != NULL && *value != '\0')
    cv_section_add (section, id, label, value);
}

static void
append_section (CvCertificate *self,
                CvSection     *section)
{
  g_list_store_append (self->sections, section);
}

/* The names to call the certificate and its issuer by: the first common name,
 * where the subject has several, else the whole name */
static void
load_display_names (CvCertificate *self,
                    GPtrArray     *subject_values,
                    GPtrArray     *issuer_values)
{
  char *issuer_name;

  self->common_name = cv_certificate_dn_part (subject_values, GNUTLS_OID_X520_COMMON_NAME, TRUE);
  if (self->common_name != NULL)
    self->display_name = g_strdup (self->common_name);
  else if (*self->subject != '\0')
    self->display_name = g_strdup (self->subject);
  else
    self->display_name = g_strdup (_("Unnamed certificate"));

  issuer_name = cv_certificate_dn_part (issuer_values, GNUTLS_OID_X520_COMMON_NAME, TRUE);
  if (issuer_name != NULL)
    self->issuer_display_name = issuer_name;
  else if (*self->issuer != '\0')
    self->issuer_display_name = g_strdup (self->issuer);
  else
    self->issuer_display_name = g_strdup (_("Unnamed authority"));
}

/* Issued To: the subject's name, its other names and the serial number */
static void
load_issued_to (CvCertificate    *self,
                gnutls_x509_crt_t crt,
                GPtrArray        *subject_values)
{
  g_autoptr(CvSection) section = cv_section_new (CV_SECTION_ISSUED_TO, _("Issued To"));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *common_name = NULL;
  g_autofree char *organization = NULL;
  g_autofree char *organizational_unit = NULL;
  g_autofree char *locality = NULL;
  g_autofree char *state = NULL;
  g_autofree char *country = NULL;
  g_autofree char *email = NULL;
  g_autofree char *alt_names = NULL;
  g_autofree char *alt_uris = NULL;
  g_autofree char *serial = NULL;
  guint8 serial_buf[128];
  size_t serial_size = sizeof serial_buf;

  common_name = cv_certificate_dn_part (subject_values, GNUTLS_OID_X520_COMMON_NAME, FALSE);
  organization = cv_certificate_dn_part (subject_values, GNUTLS_OID_X520_ORGANIZATION_NAME,
                                         FALSE);
  organizational_unit = cv_certificate_dn_part (subject_values,
                                                GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, FALSE);
  locality = cv_certificate_dn_part (subject_values, GNUTLS_OID_X520_LOCALITY_NAME, FALSE);
  state = cv_certificate_dn_part (subject_values, GNUTLS_OID_X520_STATE_OR_PROVINCE_NAME, FALSE);
  country = cv_certificate_dn_part (subject_values, GNUTLS_OID_X520_COUNTRY_NAME, FALSE);
  email = cv_certificate_dn_part (subject_values, GNUTLS_OID_PKCS9_EMAIL, FALSE);

  cv_certificate_read_subject_alt_names (crt, names, emails, uris);
  alt_names = cv_certificate_join_strings (names);
  /* Shown, but no name a server is reached by: not among the names checked */
  if (uris->len > 0)
    alt_uris = cv_certificate_join_strings (uris);
  if (email == NULL && emails->len > 0)
    email = cv_certificate_join_strings (emails);

  g_ptr_array_add (names, NULL);
  self->subject_alt_names = (GStrv) g_ptr_array_steal (names, NULL);

  if (gnutls_x509_crt_get_serial (crt, serial_buf, &serial_size) >= 0)
    serial = cv_format_fingerprint (serial_buf, serial_size);

  cv_section_add (section, "common-name", _("Common Name"),
                  common_name != NULL ? common_name : _("Not part of certificate"));
  add_optional (section, "organization", _("Organization"), organization);
  add_optional (section, "organizational-unit", _("Organizational Unit"),
                organizational_unit);
  add_optional (section, "locality", _("Locality"), locality);
  add_optional (section, "state", _("State or Province"), state);
  add_optional (section, "country", _("Country"), country);
  add_optional (section, "email", _("E-mail"), email);
  add_optional (section, "subject-alt-names", _("Subject Alternative Names"), alt_names);
  add_optional (section, "subject-alt-uris", _("Alternative URIs"), alt_uris);
  add_optional (section, "serial-number", _("Serial Number"), serial);
  append_section (self, section);
}

/* Issued By: the issuer's name */
static void
load_issued_by (CvCertificate *self,
                GPtrArray     *issuer_values)
{
  g_autoptr(CvSection) section = cv_section_new (CV_SECTION_ISSUED_BY, _("Issued By"));
  g_autofree char *common_name = NULL;
  g_autofree char *organization = NULL;
  g_autofree char *organizational_unit = NULL;
  g_autofree char *country = NULL;

  common_name = cv_certificate_dn_part (issuer_values, GNUTLS_OID_X520_COMMON_NAME, FALSE);
  organization = cv_certificate_dn_part (issuer_values, GNUTLS_OID_X520_ORGANIZATION_NAME,
                                         FALSE);
  organizational_unit = cv_certificate_dn_part (issuer_values,
                                                GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, FALSE);
  country = cv_certificate_dn_part (issuer_values, GNUTLS_OID_X520_COUNTRY_NAME, FALSE);

  cv_section_add (section, "common-name", _("Common Name"),
                  common_name != NULL ? common_name : _("Not part of certificate"));
  add_optional (section, "organization", _("Organization"), organization);
  add_optional (section, "organizational-unit", _("Organizational Unit"),
                organizational_unit);
  add_optional (section, "country", _("Country"), country);
  append_section (self, section);
}

static void
cv_certificate_load (CvCertificate     *self,
                     gnutls_x509_crt_t  crt,
                     const guint8      *sha256,
                     const guint8      *sha1)
{
  g_autoptr(CvSection) validity = NULL;
  g_autoptr(CvSection) fingerprints = NULL;
  g_autoptr(CvSection) public_key = NULL;
  g_autoptr(CvSection) signature = NULL;
  g_autoptr(CvSection) extensions = NULL;
  g_autoptr(GPtrArray) subject_values = NULL;
  g_autoptr(GPtrArray) issuer_values = NULL;
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  g_autofree char *key_algorithm = NULL;
  g_autofree char *key_size = NULL;

  /* Names */
  self->subject = cv_certificate_read_dn (crt, FALSE);
  self->issuer = cv_certificate_read_dn (crt, TRUE);
  self->self_issued = cv_certificate_read_self_issued (crt);
  subject_values = cv_certificate_read_dn_values (crt, FALSE);
  issuer_values = cv_certificate_read_dn_values (crt, TRUE);
  load_display_names (self, subject_values, issuer_values);
  load_issued_to (self, crt, subject_values);
  load_issued_by (self, issuer_values);

  /* Validity */
  self->not_before = date_time_from_unix (gnutls_x509_crt_get_activation_time (crt));
  self->not_after = date_time_from_unix (gnutls_x509_crt_get_expiration_time (crt));
  not_before = cv_format_date_time (self->not_before);
  not_after = cv_format_date_time (self->not_after);

  validity = cv_section_new (CV_SECTION_VALIDITY, _("Validity"));
  cv_section_add (validity, "not-before", _("Issued On"), not_before);
  cv_section_add (validity, "not-after", _("Expires On"), not_after);
  append_section (self, validity);

  /* Fingerprints, over the DER as received */
  self->sha256 = cv_format_fingerprint (sha256, CV_CERTIFICATE_SHA256_SIZE);
  self->sha1 = cv_format_fingerprint (sha1, CV_CERTIFICATE_SHA1_SIZE);
  self->public_key_pin = cv_certificate_read_public_key_pin (crt);

  fingerprints = cv_section_new (CV_SECTION_FINGERPRINTS, _("Fingerprints"));
  cv_section_add (fingerprints, "sha256", _("SHA-256"), self->sha256);
  cv_section_add (fingerprints, "sha1", _("SHA-1"), self->sha1);
  cv_section_add (fingerprints, "public-key-pin", _("Public Key Pin"),
                  self->public_key_pin != NULL ? self->public_key_pin : _("Not available"));
  append_section (self, fingerprints);

  /* Keys */
  key_algorithm = cv_certificate_describe_public_key (crt, &key_size);
  public_key = cv_section_new (CV_SECTION_PUBLIC_KEY, _("Public Key"));
  cv_section_add (public_key, "algorithm", _("Algorithm"), key_algorithm);
  cv_section_add (public_key, "size", _("Key Size"), key_size);
  append_section (self, public_key);

  self->signature_algorithm = cv_certificate_describe_signature (crt);
  signature = cv_section_new (CV_SECTION_SIGNATURE, _("Signature"));
  cv_section_add (signature, "algorithm", _("Algorithm"), self->signature_algorithm);
  append_section (self, signature);

  extensions = cv_section_new (CV_SECTION_EXTENSIONS, _("Extensions"));
  cv_certificate_add_extensions (extensions, crt);
  append_section (self, extensions);
}

gnutls_x509_crt_t
cv_certificate_parse_der (GBytes  *der,
                          GError **error)
{
  g_auto(gnutls_x509_crt_t) crt = NULL;
  gnutls_datum_t datum;
  gsize size = 0;
  const guint8 *data;
  int ret;

  g_return_val_if_fail (der != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (der, &size);

  if (size == 0)
    {
      g_set_error_literal (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                           _("The certificate is empty."));
      return NULL;
    }

  if (size > MAX_CERTIFICATE_SIZE)
    {
      g_set_error_literal (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                           _("The certificate is larger than 64 KiB, which no real "
                             "certificate is; it was not read."));
      return NULL;
    }

  ret = gnutls_x509_crt_init (&crt);
  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate could not be read: %s"), gnutls_strerror (ret));
      return NULL;
    }

  datum.data = (unsigned char *) data;
  datum.size = size;
  ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER);
  if (ret == GNUTLS_E_ASN1_DER_ERROR || ret == GNUTLS_E_ASN1_DER_OVERFLOW ||
      ret == GNUTLS_E_ASN1_TAG_ERROR || ret == GNUTLS_E_ASN1_ELEMENT_NOT_FOUND)
    {
      /* Cut off, or not a certificate at all: GnuTLS's words name its parser */
      g_set_error_literal (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                           _("The certificate is damaged or cut off: what it holds cannot "
                             "be read as a certificate."));
      return NULL;
    }
  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate is malformed and cannot be read: %s"),
                   gnutls_strerror (ret));
      return NULL;
    }

  return g_steal_pointer (&crt);
}

gboolean
cv_certificate_digest_der (GBytes  *der,
                           guint8  *sha256,
                           guint8  *sha1,
                           GError **error)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (der, &size);

  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, data, size, sha256) < 0 ||
      gnutls_hash_fast (GNUTLS_DIG_SHA1, data, size, sha1) < 0)
    {
      g_set_error_literal (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                           _("The certificate's fingerprints could not be computed."));
      return FALSE;
    }

  return TRUE;
}

CvCertificate *
cv_certificate_new_parsed (GBytes            *der,
                           gnutls_x509_crt_t  crt,
                           const guint8      *sha256,
                           const guint8      *sha1)
{
  CvCertificate *self = g_object_new (CV_TYPE_CERTIFICATE, NULL);

  self->der = g_bytes_ref (der);
  cv_certificate_load (self, crt, sha256, sha1);
  return self;
}

CvCertificate *
cv_certificate_new_from_der (GBytes  *der,
                             GError **error)
{
  g_auto(gnutls_x509_crt_t) crt = NULL;
  guint8 sha256[CV_CERTIFICATE_SHA256_SIZE];
  guint8 sha1[CV_CERTIFICATE_SHA1_SIZE];

  g_return_val_if_fail (der != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  crt = cv_certificate_parse_der (der, error);
  if (crt == NULL || !cv_certificate_digest_der (der, sha256, sha1, error))
    return NULL;

  return cv_certificate_new_parsed (der, crt, sha256, sha1);
}

GBytes *
cv_certificate_get_der (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->der;
}

void
cv_certificate_add_section (CvCertificate *self,
                            CvSection     *section)
{
  g_return_if_fail (CV_IS_CERTIFICATE (self));
  g_return_if_fail (CV_IS_SECTION (section));
  append_section (self, section);
}

GListModel *
cv_certificate_get_sections (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return G_LIST_MODEL (self->sections);
}

CvSection *
cv_certificate_find_section (CvCertificate *self,
                             const char    *section_id)
{
  guint n_items;

  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  g_return_val_if_fail (section_id != NULL, NULL);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->sections));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (G_LIST_MODEL (self->sections), i);

      /* The store keeps its reference: the pointer stays valid */
      if (g_strcmp0 (cv_section_get_id (section), section_id) == 0)
        return section;
    }

  return NULL;
}

const char *
cv_certificate_get_display_name (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->display_name;
}

const char *
cv_certificate_get_common_name (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->common_name;
}

const char *
cv_certificate_get_subject (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->subject;
}

const char *
cv_certificate_get_issuer (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->issuer;
}

const char *
cv_certificate_get_issuer_display_name (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->issuer_display_name;
}

const char *
cv_certificate_get_signature_algorithm (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->signature_algorithm;
}

GDateTime *
cv_certificate_get_not_before (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->not_before;
}

GDateTime *
cv_certificate_get_not_after (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->not_after;
}

const char *
cv_certificate_get_sha256 (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->sha256;
}

const char *
cv_certificate_get_sha1 (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->sha1;
}

const char *
cv_certificate_get_public_key_pin (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->public_key_pin;
}

const char * const *
cv_certificate_get_subject_alt_names (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return (const char * const *) self->subject_alt_names;
}

GStrv
cv_certificate_dup_dns_names (CvCertificate *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);

  /* None in a certificate made by g_object_new() (a binding's constructor) */
  for (guint i = 0; self->subject_alt_names != NULL && self->subject_alt_names[i] != NULL; i++)
    if (!g_hostname_is_ip_address (self->subject_alt_names[i]))
      g_strv_builder_add (names, self->subject_alt_names[i]);
  return g_strv_builder_end (names);
}

gboolean
cv_certificate_is_self_issued (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), FALSE);
  return self->self_issued;
}

char *
cv_certificate_to_pem (CvCertificate *self)
{
  g_autofree char *encoded = NULL;
  GString *pem;
  gsize size = 0;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);

  /* Made by g_object_new() rather than read: nothing to write */
  if (self->der == NULL)
    return g_strdup ("");
  data = g_bytes_get_data (self->der, &size);
  encoded = g_base64_encode (data, size);
  len = strlen (encoded);

  pem = g_string_new ("-----BEGIN CERTIFICATE-----\n");
  /* RFC 7468: 64 characters a line */
  for (gsize i = 0; i < len; i += 64)
    {
      g_string_append_len (pem, encoded + i, MIN (64, len - i));
      g_string_append_c (pem, '\n');
    }
  g_string_append (pem, "-----END CERTIFICATE-----\n");

  return g_string_free (pem, FALSE);
}

gnutls_x509_crt_t
cv_certificate_import_der (GBytes *der)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  gsize size = 0;

  if (der == NULL)
    return NULL;
  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = size;
  if (gnutls_x509_crt_init (&crt) < 0)
    return NULL;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      return NULL;
    }
  return crt;
}

/* A chain parsed once */

CvParsedChain *
cv_parsed_chain_new (GPtrArray  *chain,
                     GError    **error)
{
  g_autoptr(CvParsedChain) self = NULL;

  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (chain->len == 0)
    {
      g_set_error_literal (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                           _("There is no certificate to inspect: the chain is empty."));
      return NULL;
    }

  if (chain->len > CV_PROBE_MAX_CHAIN)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate chain has %u certificates; more than %u are refused."),
                   chain->len, (guint) CV_PROBE_MAX_CHAIN);
      return NULL;
    }

  self = g_new0 (CvParsedChain, 1);
  self->der = g_ptr_array_new_full (chain->len, (GDestroyNotify) g_bytes_unref);
  self->crts = g_new0 (gnutls_x509_crt_t, chain->len);
  self->n_crts = chain->len;
  self->sha256 = g_new (guint8, (gsize) chain->len * CV_CERTIFICATE_SHA256_SIZE);
  self->sha1 = g_new (guint8, (gsize) chain->len * CV_CERTIFICATE_SHA1_SIZE);

  for (guint i = 0; i < chain->len; i++)
    {
      GBytes *der = g_ptr_array_index (chain, i);

      self->crts[i] = cv_certificate_parse_der (der, error);
      if (self->crts[i] == NULL ||
          !cv_certificate_digest_der (der, self->sha256 + i * CV_CERTIFICATE_SHA256_SIZE,
                                      self->sha1 + i * CV_CERTIFICATE_SHA1_SIZE, error))
        {
          if (chain->len > 1)
            g_prefix_error (error, _("Certificate %u of the chain: "), i + 1);
          return NULL;
        }

      g_ptr_array_add (self->der, g_bytes_ref (der));
    }

  return g_steal_pointer (&self);
}

void
cv_parsed_chain_free (CvParsedChain *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->n_crts; i++)
    g_clear_pointer (&self->crts[i], gnutls_x509_crt_deinit);
  g_ptr_array_unref (self->der);
  g_free (self->crts);
  g_free (self->sha256);
  g_free (self->sha1);
  g_free (self);
}

CvCertificate *
cv_parsed_chain_new_certificate (CvParsedChain *self,
                                 guint          position)
{
  g_return_val_if_fail (position < self->der->len, NULL);

  return cv_certificate_new_parsed (g_ptr_array_index (self->der, position),
                                    self->crts[position],
                                    self->sha256 + position * CV_CERTIFICATE_SHA256_SIZE,
                                    self->sha1 + position * CV_CERTIFICATE_SHA1_SIZE);
}
