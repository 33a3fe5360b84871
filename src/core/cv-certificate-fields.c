/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A certificate's fields as text: names, keys, signature and extensions, read
 * from GnuTLS's parsed certificate */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-certificate-private.h"

#include "cv-format.h"
#include "cv-inet-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509-ext.h>

/* Repeated attributes (several OU values) shown per DN part */
/* Bounds on what a hostile name makes Certview read */
#define MAX_DN_VALUES 64
#define MAX_EMPTY_RDNS 4

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pubkey_t, gnutls_pubkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_subject_alt_names_t, gnutls_subject_alt_names_deinit,
                                                             NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_aki_t, gnutls_x509_aki_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_key_purposes_t, gnutls_x509_key_purpose_deinit,
                                                             NULL)


char *
cv_certificate_dn_value_text (unsigned long  tag,
                              const guint8  *data,
                              gsize          size)
{
  GString *out = g_string_sized_new (size);
  gsize width;

  switch (tag)
    {
    /* UTF8String, PrintableString, IA5String, VisibleString */
    case 12: case 19: case 22: case 26:
    case 18:                             /* NumericString */
    case 20: case 21: case 25: case 27:  /* Teletex, Videotex, Graphic, GeneralString: Latin-1
                                          * where they are not UTF-8 */
      width = 1;
      break;
    case 30:                             /* BMPString: UCS-2, big-endian */
      width = 2;
      break;
    case 28:                             /* UniversalString: UCS-4, big-endian */
      width = 4;
      break;
    default:
      g_string_free (out, TRUE);
      return NULL;
    }
  if (size % width != 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  if ((tag == 20 || tag == 21 || tag == 25 || tag == 27) &&
      !g_utf8_validate ((const char *) data, (gssize) size, NULL))
    {
      for (gsize i = 0; i < size; i++)
        g_string_append_unichar (out, data[i] == 0 ? 0xFFFD : data[i]);
      return g_string_free (out, FALSE);
    }

  for (gsize i = 0; i < size; i += width)
    {
      gunichar c = 0;

      for (gsize j = 0; j < width; j++)
        c = (c << 8) | data[i + j];
      /* A NUL is part of no name: it would end the text here */
      if (width == 1)
        {
          if (c == 0)
            g_string_append_unichar (out, 0xFFFD);
          else
            g_string_append_c (out, (char) c);
        }
      else
        g_string_append_unichar (out, c == 0 || !g_unichar_validate (c) ? 0xFFFD : c);
    }

  return g_string_free (out, FALSE);
}

/* From each attribute's own value and string type, not the DN's text, where
 * GnuTLS escapes commas and writes a name it cannot show as "#" and hex */
GPtrArray *
cv_certificate_read_dn_values (gnutls_x509_crt_t crt,
                               gboolean          issuer)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  gnutls_x509_dn_t dn = NULL;
  int ret;

  ret = issuer ? gnutls_x509_crt_get_issuer (crt, &dn) : gnutls_x509_crt_get_subject (crt, &dn);
  if (ret < 0)
    return values;

  /* An empty RDN (malformed, but read) does not end the name: only a few in a row */
  for (int irdn = 0, empty = 0; empty < MAX_EMPTY_RDNS && values->len < 2 * MAX_DN_VALUES; irdn++)
    {
      int iava;

      for (iava = 0; values->len < 2 * MAX_DN_VALUES; iava++)
        {
          gnutls_x509_ava_st ava;
          g_autofree char *text = NULL;

          if (gnutls_x509_dn_get_rdn_ava (dn, irdn, iava, &ava) < 0)
            break;
          if (ava.oid.data == NULL)
            continue;

          text = cv_certificate_dn_value_text (ava.value_tag, ava.value.data, ava.value.size);
          /* Of a type no name is written in: its bytes, as the DN's text has them */
          if (text == NULL)
            {
              g_autofree char *hex = cv_format_fingerprint (ava.value.data, ava.value.size);

              text = g_strdup_printf ("#%s", hex);
            }
          g_ptr_array_add (values, g_strndup ((const char *) ava.oid.data, ava.oid.size));
          g_ptr_array_add (values, cv_sanitize_text (text, -1));
        }
      empty = iava == 0 ? empty + 1 : 0;
    }

  return values;
}

char *
cv_certificate_dn_part (GPtrArray  *values,
                        const char *oid,
                        gboolean    first)
{
  g_autoptr(GString) out = NULL;

  for (guint i = 0; i + 1 < values->len; i += 2)
    {
      const char *text = g_ptr_array_index (values, i + 1);

      if (!g_str_equal (g_ptr_array_index (values, i), oid))
        continue;
      if (first)
        {
          /* A name to call it by: the first that says anything */
          if (*text != '\0')
            return g_strdup (text);
          continue;
        }
      if (out == NULL)
        out = g_string_new (NULL);
      else
        /* One per line: a value may hold ", " itself */
        g_string_append_c (out, '\n');
      g_string_append (out, text);
    }

  return out != NULL ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

char *
cv_certificate_read_dn (gnutls_x509_crt_t crt,
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

gboolean
cv_certificate_read_self_issued (gnutls_x509_crt_t crt)
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

/* Whether @a and @b, two DNs, cannot have the same text in GnuTLS's eyes. When
 * their DER differs, gnutls_x509_crt_check_issuer() compares their RFC 4514 text,
 * which costs far more than the rest of it; this walk proves most names different
 * without it: another shape, another attribute, or a value of the same string type
 * with other bytes. Anything it cannot prove (another string type, a NUL in a
 * value) counts as possibly the same. */
static gboolean
dn_differs (gnutls_x509_dn_t a,
            gnutls_x509_dn_t b)
{
  for (int irdn = 0;; irdn++)
    for (int iava = 0;; iava++)
      {
        gnutls_x509_ava_st ava_a;
        gnutls_x509_ava_st ava_b;
        gboolean end_a = gnutls_x509_dn_get_rdn_ava (a, irdn, iava, &ava_a) < 0;
        gboolean end_b = gnutls_x509_dn_get_rdn_ava (b, irdn, iava, &ava_b) < 0;

        if (end_a != end_b)
          return TRUE;
        if (end_a)
          {
            /* No value at the start of an RDN: past the last one */
            if (iava == 0)
              return FALSE;
            break;
          }
        if (ava_a.oid.size != ava_b.oid.size ||
            memcmp (ava_a.oid.data, ava_b.oid.data, ava_a.oid.size) != 0)
          return TRUE;
        if (ava_a.value_tag == ava_b.value_tag &&
            (ava_a.value.size != ava_b.value.size ||
             memcmp (ava_a.value.data, ava_b.value.data, ava_a.value.size) != 0) &&
            memchr (ava_a.value.data, '\0', ava_a.value.size) == NULL &&
            memchr (ava_b.value.data, '\0', ava_b.value.size) == NULL)
          return TRUE;
      }
}

gboolean
cv_certificate_issued_by (gnutls_x509_crt_t crt,
                          gnutls_x509_crt_t issuer)
{
  gnutls_x509_dn_t named = NULL;
  gnutls_x509_dn_t name = NULL;

  g_return_val_if_fail (crt != NULL && issuer != NULL, FALSE);

  if (gnutls_x509_crt_get_issuer (crt, &named) == 0 &&
      gnutls_x509_crt_get_subject (issuer, &name) == 0 &&
      dn_differs (named, name))
    return FALSE;
  return gnutls_x509_crt_check_issuer (crt, issuer) != 0;
}

static char *
format_ip_address (const guint8 *data,
                   gsize         size)
{
  CvInetAddress address = { 0 };

  if (size == 4)
    address.family = AF_INET;
  else if (size == 16)
    address.family = AF_INET6;
  else
    return g_strdup (_("Malformed IP address"));

  memcpy (&address.bytes, data, size);
  return cv_inet_address_to_string (&address);
}

/* DNS names and IP addresses go to @names, e-mail addresses to @emails */
void
cv_certificate_read_subject_alt_names (gnutls_x509_crt_t  crt,
                                       GPtrArray         *names,
                                       GPtrArray         *emails,
                                       GPtrArray         *uris)
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

        case GNUTLS_SAN_URI:
          g_ptr_array_add (uris, cv_sanitize_text ((const char *) san.data, san.size));
          break;

        default:
          break;
        }
    }
}

char *
cv_certificate_join_strings (GPtrArray *strings)
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

char *
cv_certificate_read_public_key_pin (gnutls_x509_crt_t crt)
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

char *
cv_certificate_describe_public_key (gnutls_x509_crt_t crt,
                                    char            **size)
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

char *
cv_certificate_describe_signature (gnutls_x509_crt_t crt)
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

  return cv_certificate_join_strings (names);
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
get_extension (gnutls_x509_crt_t crt,
               const char       *oid,
               gnutls_datum_t   *ext)
{
  unsigned int critical = 0;

  return gnutls_x509_crt_get_extension_by_oid2 (crt, oid, 0, ext, &critical) >= 0;
}

/* More than that many of one kind is no certificate's: the rest are not read */
#define MAX_URIS 16

GPtrArray *
cv_certificate_read_crl_uris (gnutls_x509_crt_t crt)
{
  GPtrArray *uris = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (unsigned int seq = 0; seq < MAX_URIS; seq++)
    {
      char buffer[2048];
      size_t size = sizeof buffer;
      int ret = gnutls_x509_crt_get_crl_dist_points (crt, seq, buffer, &size, NULL, NULL);

      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret == GNUTLS_SAN_URI && size < sizeof buffer)
        g_ptr_array_add (uris, g_bytes_new (buffer, size));
    }
  return uris;
}

GPtrArray *
cv_certificate_read_access_uris (gnutls_x509_crt_t crt,
                                 int               what)
{
  GPtrArray *uris = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (unsigned int seq = 0; seq < MAX_URIS; seq++)
    {
      gnutls_datum_t data = { NULL, 0 };
      int ret = gnutls_x509_crt_get_authority_info_access (crt, seq, what, &data, NULL);

      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret < 0)
        continue;
      g_ptr_array_add (uris, g_bytes_new (data.data, data.size));
      gnutls_free (data.data);
    }
  return uris;
}

/* @uris as one value, each shown safely; NULL for none */
static char *
describe_uris (GPtrArray *uris)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < uris->len; i++)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (g_ptr_array_index (uris, i), &size);

      g_ptr_array_add (texts, cv_sanitize_text (data, (gssize) size));
    }
  return texts->len > 0 ? cv_certificate_join_strings (texts) : NULL;
}

void
cv_certificate_add_extensions (CvSection        *section,
                               gnutls_x509_crt_t crt)
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

          value = names->len > 0 ? cv_certificate_join_strings (names) : g_strdup (_("None"));
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

  /* Where revocation is published, and where the issuer's certificate is */
  {
    g_autoptr(GPtrArray) crl = cv_certificate_read_crl_uris (crt);
    g_autoptr(GPtrArray) ocsp = cv_certificate_read_access_uris (crt, GNUTLS_IA_OCSP_URI);
    g_autoptr(GPtrArray) issuers = cv_certificate_read_access_uris (crt,
                                                                    GNUTLS_IA_CAISSUERS_URI);
    g_autofree char *crl_text = describe_uris (crl);
    g_autofree char *ocsp_text = describe_uris (ocsp);
    g_autofree char *issuers_text = describe_uris (issuers);

    if (crl_text != NULL)
      cv_section_add (section, "crl-distribution-points", _("CRL Distribution Points"),
                      crl_text);
    if (ocsp_text != NULL)
      cv_section_add (section, "ocsp-responders", _("OCSP Responders"), ocsp_text);
    if (issuers_text != NULL)
      cv_section_add (section, "ca-issuers", _("Issuer Certificate At"), issuers_text);
  }

  if (g_list_model_get_n_items (cv_section_get_fields (section)) == 0)
    cv_section_add (section, "none", _("Extensions"), _("None"));
}

