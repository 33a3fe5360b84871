/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-certificate.h"

#include "cv-error.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>
#include <gnutls/x509.h>

/* Real certificates are a few KiB; anything bigger is refused before parsing. */
#define MAX_CERTIFICATE_SIZE (64 * 1024)
/* Repeated attributes (several OU values) shown per DN part */
#define MAX_DN_VALUES 16

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pubkey_t, gnutls_pubkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_subject_alt_names_t, gnutls_subject_alt_names_deinit,
                                 NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_aki_t, gnutls_x509_aki_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_key_purposes_t, gnutls_x509_key_purpose_deinit,
                                 NULL)

static void
datum_clear (gnutls_datum_t *datum)
{
  g_clear_pointer (&datum->data, gnutls_free);
  datum->size = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (gnutls_datum_t, datum_clear)

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

/* Pure helpers */


/* Reading the certificate */

typedef int (*DnByOidFunc) (gnutls_x509_crt_t  crt,
                            const char        *oid,
                            unsigned           indx,
                            unsigned           raw_flag,
                            void              *buf,
                            size_t            *buf_size);

/* All values of one DN attribute, joined; NULL when the DN has none */
static char *
get_dn_part (gnutls_x509_crt_t  crt,
             DnByOidFunc        func,
             const char        *oid)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (guint indx = 0; indx < MAX_DN_VALUES; indx++)
    {
      g_autofree char *buf = NULL;
      size_t size = 0;
      int ret;

      ret = func (crt, oid, indx, 0, NULL, &size);
      if (ret != GNUTLS_E_SHORT_MEMORY_BUFFER)
        break;

      buf = g_malloc0 (size + 1);
      ret = func (crt, oid, indx, 0, buf, &size);
      if (ret < 0)
        break;

      g_ptr_array_add (values, cv_sanitize_text (buf, strnlen (buf, size)));
    }

  if (values->len == 0)
    return NULL;

  g_ptr_array_add (values, NULL);
  return g_strjoinv (", ", (char **) values->pdata);
}

static char *
get_full_dn (gnutls_x509_crt_t crt,
             gboolean          issuer)
{
  g_auto(gnutls_datum_t) dn = { NULL, 0 };
  int ret;

  if (issuer)
    ret = gnutls_x509_crt_get_issuer_dn3 (crt, &dn, 0);
  else
    ret = gnutls_x509_crt_get_dn3 (crt, &dn, 0);

  if (ret < 0 || dn.data == NULL)
    return g_strdup ("");

  return cv_sanitize_text ((const char *) dn.data, dn.size);
}

static gboolean
get_self_issued (gnutls_x509_crt_t crt)
{
  g_auto(gnutls_datum_t) subject = { NULL, 0 };
  g_auto(gnutls_datum_t) issuer = { NULL, 0 };

  /* Raw DER, so that no string conversion can make two names look equal */
  if (gnutls_x509_crt_get_raw_dn (crt, &subject) < 0 ||
      gnutls_x509_crt_get_raw_issuer_dn (crt, &issuer) < 0)
    return FALSE;

  return subject.size == issuer.size &&
         memcmp (subject.data, issuer.data, subject.size) == 0;
}

static GDateTime *
date_time_from_unix (time_t when)
{
  if (when == (time_t) -1)
    return NULL;

  return g_date_time_new_from_unix_utc ((gint64) when);
}

static char *
format_ip_address (const guint8 *data,
                   gsize         size)
{
  g_autoptr(GInetAddress) address = NULL;

  if (size == 4)
    address = g_inet_address_new_from_bytes (data, G_SOCKET_FAMILY_IPV4);
  else if (size == 16)
    address = g_inet_address_new_from_bytes (data, G_SOCKET_FAMILY_IPV6);
  else
    return g_strdup (_("Malformed IP address"));

  return g_inet_address_to_string (address);
}

/* DNS names and IP addresses go to @names, e-mail addresses to @emails */
static void
read_subject_alt_names (gnutls_x509_crt_t  crt,
                        GPtrArray         *names,
                        GPtrArray         *emails)
{
  g_auto(gnutls_datum_t) ext = { NULL, 0 };
  g_auto(gnutls_subject_alt_names_t) sans = NULL;
  unsigned int critical = 0;

  if (gnutls_x509_crt_get_extension_by_oid2 (crt, GNUTLS_X509EXT_OID_SAN, 0,
                                             &ext, &critical) < 0)
    return;

  if (gnutls_subject_alt_names_init (&sans) < 0 ||
      gnutls_x509_ext_import_subject_alt_names (&ext, sans, 0) < 0)
    return;

  for (guint seq = 0; ; seq++)
    {
      gnutls_datum_t san = { NULL, 0 };
      unsigned int type = 0;

      /* The datum belongs to @sans */
      if (gnutls_subject_alt_names_get (sans, seq, &type, &san, NULL) < 0)
        break;

      switch (type)
        {
        case GNUTLS_SAN_DNSNAME:
          g_ptr_array_add (names, cv_sanitize_text ((const char *) san.data, san.size));
          break;

        case GNUTLS_SAN_IPADDRESS:
          g_ptr_array_add (names, format_ip_address (san.data, san.size));
          break;

        case GNUTLS_SAN_RFC822NAME:
          g_ptr_array_add (emails, cv_sanitize_text ((const char *) san.data, san.size));
          break;

        default:
          break;
        }
    }
}

static char *
join_strings (GPtrArray *strings)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (strings, i));
    }

  return g_string_free (out, FALSE);
}

static char *
compute_public_key_pin (gnutls_x509_crt_t crt)
{
  g_auto(gnutls_pubkey_t) pubkey = NULL;
  g_auto(gnutls_datum_t) spki = { NULL, 0 };
  guint8 digest[32];
  g_autofree char *encoded = NULL;

  if (gnutls_pubkey_init (&pubkey) < 0 ||
      gnutls_pubkey_import_x509 (pubkey, crt, 0) < 0 ||
      gnutls_pubkey_export2 (pubkey, GNUTLS_X509_FMT_DER, &spki) < 0)
    return NULL;

  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, spki.data, spki.size, digest) < 0)
    return NULL;

  encoded = g_base64_encode (digest, sizeof digest);
  return g_strconcat ("sha256//", encoded, NULL);
}

static char *
describe_public_key (gnutls_x509_crt_t  crt,
                     char             **size)
{
  unsigned int bits = 0;
  int algorithm;

  algorithm = gnutls_x509_crt_get_pk_algorithm (crt, &bits);

  if (bits > 0)
    *size = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u bit", "%u bits", bits), bits);
  else
    *size = g_strdup (_("Unknown"));

  switch (algorithm)
    {
    case GNUTLS_PK_RSA:
      return g_strdup ("RSA");

    case GNUTLS_PK_RSA_PSS:
      return g_strdup ("RSA-PSS");

    case GNUTLS_PK_DSA:
      return g_strdup ("DSA");

    case GNUTLS_PK_ECDSA:
      {
        g_auto(gnutls_datum_t) x = { NULL, 0 };
        g_auto(gnutls_datum_t) y = { NULL, 0 };
        gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
        const char *curve_name = NULL;

        if (gnutls_x509_crt_get_pk_ecc_raw (crt, &curve, &x, &y) >= 0)
          curve_name = gnutls_ecc_curve_get_name (curve);

        if (curve_name == NULL)
          return g_strdup ("ECDSA");

        return g_strdup_printf ("ECDSA (%s)", curve_name);
      }

    case GNUTLS_PK_EDDSA_ED25519:
      return g_strdup ("Ed25519");

    case GNUTLS_PK_EDDSA_ED448:
      return g_strdup ("Ed448");

    default:
      {
        const char *name = NULL;
        char oid[128];
        size_t oid_size = sizeof oid;

        if (algorithm > 0)
          name = gnutls_pk_algorithm_get_name (algorithm);
        if (name != NULL)
          return g_strdup (name);

        if (gnutls_x509_crt_get_pk_oid (crt, oid, &oid_size) >= 0)
          return cv_sanitize_text (oid, strnlen (oid, sizeof oid));

        return g_strdup (_("Unknown"));
      }
    }
}

static char *
describe_signature (gnutls_x509_crt_t crt)
{
  int algorithm = gnutls_x509_crt_get_signature_algorithm (crt);
  const char *name = NULL;
  char oid[128];
  size_t oid_size = sizeof oid;

  if (algorithm > 0)
    name = gnutls_sign_get_name (algorithm);
  if (name != NULL)
    return g_strdup (name);

  if (gnutls_x509_crt_get_signature_oid (crt, oid, &oid_size) >= 0)
    return cv_sanitize_text (oid, strnlen (oid, sizeof oid));

  return g_strdup (_("Unknown"));
}

static char *
describe_key_usage (unsigned int usage)
{
  static const struct {
    unsigned int  flag;
    const char   *name;
  } usages[] = {
    { GNUTLS_KEY_DIGITAL_SIGNATURE, N_("Digital Signature") },
    { GNUTLS_KEY_NON_REPUDIATION, N_("Non Repudiation") },
    { GNUTLS_KEY_KEY_ENCIPHERMENT, N_("Key Encipherment") },
    { GNUTLS_KEY_DATA_ENCIPHERMENT, N_("Data Encipherment") },
    { GNUTLS_KEY_KEY_AGREEMENT, N_("Key Agreement") },
    { GNUTLS_KEY_KEY_CERT_SIGN, N_("Certificate Signing") },
    { GNUTLS_KEY_CRL_SIGN, N_("CRL Signing") },
    { GNUTLS_KEY_ENCIPHER_ONLY, N_("Encipher Only") },
    { GNUTLS_KEY_DECIPHER_ONLY, N_("Decipher Only") },
  };
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (usages); i++)
    {
      if (usage & usages[i].flag)
        g_ptr_array_add (names, (gpointer) _(usages[i].name));
    }

  if (names->len == 0)
    return g_strdup (_("None"));

  return join_strings (names);
}

static const char *
describe_key_purpose (const char *oid)
{
  static const struct {
    const char *oid;
    const char *name;
  } purposes[] = {
    { GNUTLS_KP_TLS_WWW_SERVER, N_("TLS Web Server Authentication") },
    { GNUTLS_KP_TLS_WWW_CLIENT, N_("TLS Web Client Authentication") },
    { GNUTLS_KP_CODE_SIGNING, N_("Code Signing") },
    { GNUTLS_KP_EMAIL_PROTECTION, N_("E-mail Protection") },
    { GNUTLS_KP_TIME_STAMPING, N_("Time Stamping") },
    { GNUTLS_KP_OCSP_SIGNING, N_("OCSP Signing") },
    { GNUTLS_KP_ANY, N_("Any Purpose") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (purposes); i++)
    {
      if (g_strcmp0 (purposes[i].oid, oid) == 0)
        return _(purposes[i].name);
    }

  return NULL;
}

/* The extension's DER, or FALSE when the certificate does not have it */
static gboolean
get_extension (gnutls_x509_crt_t  crt,
               const char        *oid,
               gnutls_datum_t    *ext)
{
  unsigned int critical = 0;

  return gnutls_x509_crt_get_extension_by_oid2 (crt, oid, 0, ext, &critical) >= 0;
}

static void
add_extensions (CvSection         *section,
                gnutls_x509_crt_t  crt)
{
  g_auto(gnutls_datum_t) basic = { NULL, 0 };
  g_auto(gnutls_datum_t) usage = { NULL, 0 };
  g_auto(gnutls_datum_t) purposes = { NULL, 0 };
  g_auto(gnutls_datum_t) ski = { NULL, 0 };
  g_auto(gnutls_datum_t) aki = { NULL, 0 };

  if (get_extension (crt, GNUTLS_X509EXT_OID_BASIC_CONSTRAINTS, &basic))
    {
      unsigned int ca = 0;
      int path_length = -1;
      g_autofree char *value = NULL;

      if (gnutls_x509_ext_import_basic_constraints (&basic, &ca, &path_length) < 0)
        value = g_strdup (_("Malformed"));
      else if (ca && path_length >= 0)
        value = g_strdup_printf (_("CA: yes, path length %d"), path_length);
      else if (ca)
        value = g_strdup (_("CA: yes"));
      else
        value = g_strdup (_("CA: no"));

      cv_section_add (section, "basic-constraints", _("Basic Constraints"), value);
    }

  if (get_extension (crt, GNUTLS_X509EXT_OID_KEY_USAGE, &usage))
    {
      unsigned int bits = 0;
      g_autofree char *value = NULL;

      if (gnutls_x509_ext_import_key_usage (&usage, &bits) < 0)
        value = g_strdup (_("Malformed"));
      else
        value = describe_key_usage (bits);

      cv_section_add (section, "key-usage", _("Key Usage"), value);
    }

  if (get_extension (crt, GNUTLS_X509EXT_OID_EXTENDED_KEY_USAGE, &purposes))
    {
      g_auto(gnutls_x509_key_purposes_t) list = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *value = NULL;

      if (gnutls_x509_key_purpose_init (&list) >= 0 &&
          gnutls_x509_ext_import_key_purposes (&purposes, list, 0) >= 0)
        {
          for (guint i = 0; ; i++)
            {
              gnutls_datum_t oid = { NULL, 0 };
              g_autofree char *text = NULL;
              const char *name;

              if (gnutls_x509_key_purpose_get (list, i, &oid) < 0)
                break;

              text = cv_sanitize_text ((const char *) oid.data, oid.size);
              name = describe_key_purpose (text);
              g_ptr_array_add (names, name != NULL ? g_strdup (name) : g_steal_pointer (&text));
            }

          value = names->len > 0 ? join_strings (names) : g_strdup (_("None"));
        }
      else
        value = g_strdup (_("Malformed"));

      cv_section_add (section, "extended-key-usage", _("Extended Key Usage"), value);
    }

  if (get_extension (crt, GNUTLS_X509EXT_OID_SUBJECT_KEY_ID, &ski))
    {
      g_auto(gnutls_datum_t) id = { NULL, 0 };
      g_autofree char *value = NULL;

      if (gnutls_x509_ext_import_subject_key_id (&ski, &id) < 0)
        value = g_strdup (_("Malformed"));
      else
        value = cv_format_fingerprint (id.data, id.size);

      cv_section_add (section, "subject-key-id", _("Subject Key Identifier"), value);
    }

  if (get_extension (crt, GNUTLS_X509EXT_OID_AUTHORITY_KEY_ID, &aki))
    {
      g_auto(gnutls_x509_aki_t) parsed = NULL;
      gnutls_datum_t id = { NULL, 0 };
      g_autofree char *value = NULL;

      /* An AKI may name the issuer and serial instead of a key id; then there is
       * no id to show, and the field is left out. */
      if (gnutls_x509_aki_init (&parsed) < 0 ||
          gnutls_x509_ext_import_authority_key_id (&aki, parsed, 0) < 0)
        value = g_strdup (_("Malformed"));
      else if (gnutls_x509_aki_get_id (parsed, &id) >= 0)
        value = cv_format_fingerprint (id.data, id.size);

      if (value != NULL)
        cv_section_add (section, "authority-key-id", _("Authority Key Identifier"), value);
    }

  if (g_list_model_get_n_items (cv_section_get_fields (section)) == 0)
    cv_section_add (section, "none", _("Extensions"), _("None"));
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

static gboolean
cv_certificate_load (CvCertificate      *self,
                     gnutls_x509_crt_t   crt)
{
  g_autoptr(CvSection) issued_to = NULL;
  g_autoptr(CvSection) issued_by = NULL;
  g_autoptr(CvSection) validity = NULL;
  g_autoptr(CvSection) fingerprints = NULL;
  g_autoptr(CvSection) public_key = NULL;
  g_autoptr(CvSection) signature = NULL;
  g_autoptr(CvSection) extensions = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *common_name = NULL;
  g_autofree char *organization = NULL;
  g_autofree char *organizational_unit = NULL;
  g_autofree char *locality = NULL;
  g_autofree char *state = NULL;
  g_autofree char *country = NULL;
  g_autofree char *email = NULL;
  g_autofree char *alt_names = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *issuer_common_name = NULL;
  g_autofree char *issuer_organization = NULL;
  g_autofree char *issuer_organizational_unit = NULL;
  g_autofree char *issuer_country = NULL;
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  g_autofree char *key_algorithm = NULL;
  g_autofree char *key_size = NULL;
  const char *not_present = _("Not part of certificate");
  guint8 digest[32];
  guint8 serial_buf[128];
  size_t serial_size = sizeof serial_buf;
  gsize der_size = 0;
  const guint8 *der_data = g_bytes_get_data (self->der, &der_size);

  /* Names */
  self->subject = get_full_dn (crt, FALSE);
  self->issuer = get_full_dn (crt, TRUE);
  self->self_issued = get_self_issued (crt);

  common_name = get_dn_part (crt, gnutls_x509_crt_get_dn_by_oid, GNUTLS_OID_X520_COMMON_NAME);
  organization = get_dn_part (crt, gnutls_x509_crt_get_dn_by_oid,
                              GNUTLS_OID_X520_ORGANIZATION_NAME);
  organizational_unit = get_dn_part (crt, gnutls_x509_crt_get_dn_by_oid,
                                     GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME);
  locality = get_dn_part (crt, gnutls_x509_crt_get_dn_by_oid, GNUTLS_OID_X520_LOCALITY_NAME);
  state = get_dn_part (crt, gnutls_x509_crt_get_dn_by_oid,
                       GNUTLS_OID_X520_STATE_OR_PROVINCE_NAME);
  country = get_dn_part (crt, gnutls_x509_crt_get_dn_by_oid, GNUTLS_OID_X520_COUNTRY_NAME);
  email = get_dn_part (crt, gnutls_x509_crt_get_dn_by_oid, GNUTLS_OID_PKCS9_EMAIL);

  issuer_common_name = get_dn_part (crt, gnutls_x509_crt_get_issuer_dn_by_oid,
                                    GNUTLS_OID_X520_COMMON_NAME);
  issuer_organization = get_dn_part (crt, gnutls_x509_crt_get_issuer_dn_by_oid,
                                     GNUTLS_OID_X520_ORGANIZATION_NAME);
  issuer_organizational_unit = get_dn_part (crt, gnutls_x509_crt_get_issuer_dn_by_oid,
                                            GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME);
  issuer_country = get_dn_part (crt, gnutls_x509_crt_get_issuer_dn_by_oid,
                                GNUTLS_OID_X520_COUNTRY_NAME);

  read_subject_alt_names (crt, names, emails);
  alt_names = join_strings (names);
  if (email == NULL && emails->len > 0)
    email = join_strings (emails);

  g_ptr_array_add (names, NULL);
  self->subject_alt_names = (GStrv) g_ptr_array_steal (names, NULL);

  self->common_name = g_strdup (common_name);
  if (common_name != NULL)
    self->display_name = g_strdup (common_name);
  else if (*self->subject != '\0')
    self->display_name = g_strdup (self->subject);
  else
    self->display_name = g_strdup (_("Unnamed certificate"));

  if (issuer_common_name != NULL)
    self->issuer_display_name = g_strdup (issuer_common_name);
  else if (*self->issuer != '\0')
    self->issuer_display_name = g_strdup (self->issuer);
  else
    self->issuer_display_name = g_strdup (_("Unnamed authority"));

  if (gnutls_x509_crt_get_serial (crt, serial_buf, &serial_size) >= 0)
    serial = cv_format_fingerprint (serial_buf, serial_size);

  issued_to = cv_section_new (CV_SECTION_ISSUED_TO, _("Issued To"));
  cv_section_add (issued_to, "common-name", _("Common Name"),
                  common_name != NULL ? common_name : not_present);
  add_optional (issued_to, "organization", _("Organization"), organization);
  add_optional (issued_to, "organizational-unit", _("Organizational Unit"),
                organizational_unit);
  add_optional (issued_to, "locality", _("Locality"), locality);
  add_optional (issued_to, "state", _("State or Province"), state);
  add_optional (issued_to, "country", _("Country"), country);
  add_optional (issued_to, "email", _("E-mail"), email);
  add_optional (issued_to, "subject-alt-names", _("Subject Alternative Names"), alt_names);
  add_optional (issued_to, "serial-number", _("Serial Number"), serial);
  append_section (self, issued_to);

  issued_by = cv_section_new (CV_SECTION_ISSUED_BY, _("Issued By"));
  cv_section_add (issued_by, "common-name", _("Common Name"),
                  issuer_common_name != NULL ? issuer_common_name : not_present);
  add_optional (issued_by, "organization", _("Organization"), issuer_organization);
  add_optional (issued_by, "organizational-unit", _("Organizational Unit"),
                issuer_organizational_unit);
  add_optional (issued_by, "country", _("Country"), issuer_country);
  append_section (self, issued_by);

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
  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, der_data, der_size, digest) < 0)
    return FALSE;
  self->sha256 = cv_format_fingerprint (digest, 32);
  if (gnutls_hash_fast (GNUTLS_DIG_SHA1, der_data, der_size, digest) < 0)
    return FALSE;
  self->sha1 = cv_format_fingerprint (digest, 20);
  self->public_key_pin = compute_public_key_pin (crt);

  fingerprints = cv_section_new (CV_SECTION_FINGERPRINTS, _("Fingerprints"));
  cv_section_add (fingerprints, "sha256", _("SHA-256"), self->sha256);
  cv_section_add (fingerprints, "sha1", _("SHA-1"), self->sha1);
  cv_section_add (fingerprints, "public-key-pin", _("Public Key Pin"),
                  self->public_key_pin != NULL ? self->public_key_pin : _("Not available"));
  append_section (self, fingerprints);

  /* Keys */
  key_algorithm = describe_public_key (crt, &key_size);
  public_key = cv_section_new (CV_SECTION_PUBLIC_KEY, _("Public Key"));
  cv_section_add (public_key, "algorithm", _("Algorithm"), key_algorithm);
  cv_section_add (public_key, "size", _("Key Size"), key_size);
  append_section (self, public_key);

  self->signature_algorithm = describe_signature (crt);
  signature = cv_section_new (CV_SECTION_SIGNATURE, _("Signature"));
  cv_section_add (signature, "algorithm", _("Algorithm"), self->signature_algorithm);
  append_section (self, signature);

  extensions = cv_section_new (CV_SECTION_EXTENSIONS, _("Extensions"));
  add_extensions (extensions, crt);
  append_section (self, extensions);

  return TRUE;
}

CvCertificate *
cv_certificate_new_from_der (GBytes  *der,
                             GError **error)
{
  g_autoptr(CvCertificate) self = NULL;
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
  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate is malformed and cannot be read: %s"),
                   gnutls_strerror (ret));
      return NULL;
    }

  self = g_object_new (CV_TYPE_CERTIFICATE, NULL);
  self->der = g_bytes_ref (der);

  if (!cv_certificate_load (self, crt))
    {
      g_set_error_literal (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                           _("The certificate's fingerprints could not be computed."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

GBytes *
cv_certificate_get_der (CvCertificate *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE (self), NULL);
  return self->der;
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

  for (guint i = 0; self->subject_alt_names[i] != NULL; i++)
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
