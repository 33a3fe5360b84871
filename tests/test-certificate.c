/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-test-util.h"

#include "cv-cert-factory.h"
#include "cv-certificate.h"
#include "cv-certificate-private.h"
#include "cv-error.h"
#include "cv-format-private.h"
#include "cv-report.h"

#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/x509-ext.h>

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)

/* The tests that take data get the program's one certificate factory: making
 * one generates keys */
static CvCertificate *
issue_leaf (CvCertFactory *factory,
            CvCertProblem  problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = cv_test_issue_leaf (factory, "localhost", problems);
  CvCertificate *certificate;

  certificate = cv_certificate_new_from_der (der, &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificate);
  return certificate;
}

static const char *
field_value (CvCertificate *certificate,
             const char    *section_id,
             const char    *field_id)
{
  CvSection *section = cv_certificate_find_section (certificate, section_id);
  CvField *field;

  g_assert_nonnull (section);
  field = cv_section_find_field (section, field_id);
  if (field == NULL)
    return NULL;
  return cv_field_get_value (field);
}

static gboolean
is_fingerprint (const char *text,
                gsize       n_bytes)
{
  return g_regex_match_simple ("^[0-9a-f]{2}(:[0-9a-f]{2})*$", text, 0, 0) &&
         strlen (text) == n_bytes * 3 - 1;
}

static void
test_sections (gconstpointer data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  g_autoptr(CvCertificate) leaf = issue_leaf (factory, CV_CERT_PROBLEM_NONE);
  static const char *expected[] = {
    "issued-to", "issued-by", "validity", "fingerprints", "public-key", "signature",
    "extensions",
  };
  GListModel *sections = cv_certificate_get_sections (leaf);

  g_assert_true (g_list_model_get_item_type (sections) == CV_TYPE_SECTION);
  g_assert_cmpuint (g_list_model_get_n_items (sections), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (sections, i);
      GListModel *fields = cv_section_get_fields (section);

      g_assert_cmpstr (cv_section_get_id (section), ==, expected[i]);
      g_assert_cmpuint (g_list_model_get_n_items (fields), >, 0);
      g_assert_false (cv_section_get_invalid (section));
    }

  g_assert_null (cv_certificate_find_section (leaf, "no-such-section"));
}

static void
test_names (gconstpointer data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  g_autoptr(CvCertificate) leaf = issue_leaf (factory, CV_CERT_PROBLEM_NONE);
  CvSection *issued_to = cv_certificate_find_section (leaf, "issued-to");
  const char * const *alt_names = cv_certificate_get_subject_alt_names (leaf);
  g_autoptr(CvField) first = g_list_model_get_item (cv_section_get_fields (issued_to), 0);

  g_assert_cmpstr (cv_field_get_id (first), ==, "common-name");
  g_assert_cmpstr (cv_field_get_label (first), ==, "Common Name");
  g_assert_cmpstr (cv_field_get_value (first), ==, "localhost");
  g_assert_cmpstr (cv_certificate_get_display_name (leaf), ==, "localhost");
  g_assert_cmpstr (cv_certificate_get_common_name (leaf), ==, "localhost");
  g_assert_cmpstr (field_value (leaf, "issued-to", "organization"), ==, "Certview Test");
  g_assert_null (field_value (leaf, "issued-to", "locality"));

  g_assert_nonnull (alt_names);
  g_assert_true (g_strv_contains (alt_names, "localhost"));
  g_assert_true (g_strv_contains (alt_names, "127.0.0.1"));
  g_assert_true (g_strv_contains (alt_names, "::1"));
  g_assert_nonnull (strstr (field_value (leaf, "issued-to", "subject-alt-names"),
                            "localhost"));
  g_assert_nonnull (strstr (field_value (leaf, "issued-to", "subject-alt-names"),
                            "127.0.0.1"));
  g_assert_true (is_fingerprint (field_value (leaf, "issued-to", "serial-number"), 16));

  g_assert_cmpstr (field_value (leaf, "issued-by", "common-name"), ==,
                   "Certview Test Intermediate CA");
  g_assert_cmpstr (cv_certificate_get_issuer_display_name (leaf), ==,
                   "Certview Test Intermediate CA");
  g_assert_nonnull (strstr (cv_certificate_get_subject (leaf), "CN=localhost"));
  g_assert_nonnull (strstr (cv_certificate_get_issuer (leaf),
                            "CN=Certview Test Intermediate CA"));
  g_assert_false (cv_certificate_is_self_issued (leaf));
}

static void
test_fingerprints (gconstpointer data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  g_autoptr(CvCertificate) leaf = issue_leaf (factory, CV_CERT_PROBLEM_NONE);
  g_auto(gnutls_x509_crt_t) crt = NULL;
  const char *pin = cv_certificate_get_public_key_pin (leaf);
  GBytes *der = cv_certificate_get_der (leaf);
  gnutls_datum_t datum;
  gsize size = 0;
  guint8 key_id[32];
  size_t key_id_size = sizeof key_id;
  g_autofree char *encoded = NULL;
  g_autofree char *expected_sha256 = NULL;
  g_autofree char *expected_pin = NULL;
  GChecksum *checksum;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_assert_true (is_fingerprint (cv_certificate_get_sha256 (leaf), 32));
  g_assert_true (is_fingerprint (cv_certificate_get_sha1 (leaf), 20));
  g_assert_cmpstr (field_value (leaf, "fingerprints", "sha256"), ==,
                   cv_certificate_get_sha256 (leaf));
  g_assert_cmpstr (field_value (leaf, "fingerprints", "sha1"), ==,
                   cv_certificate_get_sha1 (leaf));

  /* SHA-256 of the DER, computed another way */
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = size;
  g_checksum_update (checksum, datum.data, size);
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_checksum_free (checksum);
  expected_sha256 = cv_format_fingerprint (digest, digest_len);
  g_assert_cmpstr (cv_certificate_get_sha256 (leaf), ==, expected_sha256);

  /* The pin: "sha256//" and base64 of 32 bytes, which GnuTLS's SHA-256 key id
   * (the hash of the SubjectPublicKeyInfo) must equal */
  g_assert_nonnull (pin);
  g_assert_true (g_str_has_prefix (pin, "sha256//"));
  g_assert_cmpuint (strlen (pin + strlen ("sha256//")), ==, 44);
  g_assert_true (g_regex_match_simple ("^sha256//[A-Za-z0-9+/]{43}=$", pin, 0, 0));
  g_assert_cmpstr (field_value (leaf, "fingerprints", "public-key-pin"), ==, pin);

  g_assert_cmpint (gnutls_x509_crt_init (&crt), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA256,
                                               key_id, &key_id_size), >=, 0);
  g_assert_cmpuint (key_id_size, ==, 32);
  encoded = g_base64_encode (key_id, key_id_size);
  expected_pin = g_strconcat ("sha256//", encoded, NULL);
  g_assert_cmpstr (pin, ==, expected_pin);
}

static void
test_validity (gconstpointer data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  g_autoptr(CvCertificate) leaf = issue_leaf (factory, CV_CERT_PROBLEM_NONE);
  g_autoptr(CvCertificate) expired = issue_leaf (factory, CV_CERT_PROBLEM_EXPIRED);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *not_before = cv_certificate_get_not_before (leaf);
  GDateTime *not_after = cv_certificate_get_not_after (leaf);
  g_autofree char *expected = NULL;
  const char *pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} UTC$";
  CvSection *validity = cv_certificate_find_section (leaf, "validity");
  g_autoptr(CvField) first = g_list_model_get_item (cv_section_get_fields (validity), 0);

  g_assert_nonnull (not_before);
  g_assert_nonnull (not_after);
  g_assert_cmpint (g_date_time_compare (not_before, now), <, 0);
  g_assert_cmpint (g_date_time_compare (not_after, now), >, 0);

  g_assert_cmpstr (cv_field_get_id (first), ==, "not-before");
  g_assert_cmpstr (cv_field_get_label (first), ==, "Issued On");
  g_assert_true (g_regex_match_simple (pattern, field_value (leaf, "validity", "not-before"),
                                       0, 0));
  g_assert_true (g_regex_match_simple (pattern, field_value (leaf, "validity", "not-after"),
                                       0, 0));
  expected = g_date_time_format (not_after, "%Y-%m-%d %H:%M:%S UTC");
  g_assert_cmpstr (field_value (leaf, "validity", "not-after"), ==, expected);

  g_assert_cmpint (g_date_time_compare (cv_certificate_get_not_after (expired), now), <, 0);
}

static void
test_keys_and_extensions (gconstpointer data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  g_autoptr(CvCertificate) leaf = issue_leaf (factory, CV_CERT_PROBLEM_NONE);
  g_autoptr(CvCertificate) sha1 = issue_leaf (factory, CV_CERT_PROBLEM_SHA1);

  g_assert_cmpstr (field_value (leaf, "public-key", "algorithm"), ==, "ECDSA (SECP256R1)");
  g_assert_cmpstr (field_value (leaf, "public-key", "size"), ==, "256 bits");
  g_assert_cmpstr (field_value (leaf, "signature", "algorithm"), ==, "ECDSA-SHA256");
  g_assert_cmpstr (cv_certificate_get_signature_algorithm (leaf), ==, "ECDSA-SHA256");
  g_assert_cmpstr (cv_certificate_get_signature_algorithm (sha1), ==, "ECDSA-SHA1");

  g_assert_cmpstr (field_value (leaf, "extensions", "basic-constraints"), ==, "CA: no");
  g_assert_cmpstr (field_value (leaf, "extensions", "key-usage"), ==, "Digital Signature");
  g_assert_cmpstr (field_value (leaf, "extensions", "extended-key-usage"), ==,
                   "TLS Web Server Authentication");
  g_assert_true (is_fingerprint (field_value (leaf, "extensions", "subject-key-id"), 20) ||
                 is_fingerprint (field_value (leaf, "extensions", "subject-key-id"), 32));
  g_assert_nonnull (field_value (leaf, "extensions", "authority-key-id"));
  g_assert_null (field_value (leaf, "extensions", "none"));
}

static void
test_ca (gconstpointer data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  const char *ca_pem = cv_cert_factory_get_ca_pem (factory);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (ca_pem);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertificate) ca = NULL;
  g_autofree char *pem = NULL;

  g_assert_cmpuint (chain->len, ==, 1);
  ca = cv_certificate_new_from_der (g_ptr_array_index (chain, 0), &error);
  g_assert_no_error (error);

  g_assert_true (cv_certificate_is_self_issued (ca));
  g_assert_cmpstr (cv_certificate_get_subject (ca), ==, cv_certificate_get_issuer (ca));
  g_assert_cmpstr (cv_certificate_get_display_name (ca), ==, "Certview Test Root CA");
  g_assert_cmpstr (field_value (ca, "extensions", "basic-constraints"), ==, "CA: yes");
  g_assert_cmpstr (field_value (ca, "extensions", "key-usage"), ==,
                   "Certificate Signing, CRL Signing");
  g_assert_null (field_value (ca, "extensions", "extended-key-usage"));
  g_assert_null (field_value (ca, "issued-to", "subject-alt-names"));
  g_assert_cmpuint (g_strv_length ((char **) cv_certificate_get_subject_alt_names (ca)), ==, 0);

  /* PEM round trip */
  pem = cv_certificate_to_pem (ca);
  g_assert_cmpstr (pem, ==, ca_pem);
}

static void
test_self_signed (gconstpointer data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  g_autoptr(CvCertificate) leaf = issue_leaf (factory, CV_CERT_PROBLEM_SELF_SIGNED);

  g_assert_true (cv_certificate_is_self_issued (leaf));
  g_assert_cmpstr (field_value (leaf, "issued-by", "common-name"), ==, "localhost");
}

static void
assert_refused (GBytes *der)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertificate) certificate = NULL;

  certificate = cv_certificate_new_from_der (der, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_CERTIFICATE);
  g_assert_null (certificate);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s", error->message);
}

static void
test_malformed (void)
{
  static const char garbage[] = "this is not a certificate at all";
  g_autoptr(GBytes) bytes = g_bytes_new_static (garbage, sizeof garbage - 1);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) asn1 = g_bytes_new_static ("\x30\x03\x02\x01\x00", 5);
  g_autofree guint8 *huge_data = g_malloc0 (64 * 1024 + 1);
  g_autoptr(GBytes) huge = NULL;

  huge_data[0] = 0x30;
  huge = g_bytes_new_take (g_steal_pointer (&huge_data), 64 * 1024 + 1);

  assert_refused (bytes);
  assert_refused (empty);
  assert_refused (asn1);
  assert_refused (huge);
}

static void
test_truncated (gconstpointer data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  g_autoptr(CvCertificate) leaf = issue_leaf (factory, CV_CERT_PROBLEM_NONE);
  GBytes *der = cv_certificate_get_der (leaf);
  gsize size = g_bytes_get_size (der);

  for (gsize cut = 1; cut < size; cut += MAX (1, size / 23))
    {
      g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (der, 0, size - cut);

      assert_refused (truncated);
    }
}

static void
test_format_fingerprint (void)
{
  static const guint8 bytes[] = { 0x00, 0xab, 0x0f, 0xff };
  g_autofree char *four = cv_format_fingerprint (bytes, sizeof bytes);
  g_autofree char *one = cv_format_fingerprint (bytes + 1, 1);
  g_autofree char *none = cv_format_fingerprint (NULL, 0);

  g_assert_cmpstr (four, ==, "00:ab:0f:ff");
  g_assert_cmpstr (one, ==, "ab");
  g_assert_cmpstr (none, ==, "");
}

static void
test_sanitize (void)
{
  struct {
    const char *input;
    gssize      len;
    const char *expected;
  } cases[] = {
    { "plain.example", -1, "plain.example" },
    { "Zürich", -1, "Zürich" },
    { "line\nbreak", -1, "line\357\277\275break" },
    { "esc\033[31mred", -1, "esc\357\277\275[31mred" },
    { "bad\377utf8", -1, "bad\357\277\275utf8" },
    { "nul\0inside", 10, "nul\357\277\275inside" },
    { "rtl\342\200\256evil", -1, "rtl\357\277\275evil" },
    /* Zero width space and byte order mark: invisible, so two names look alike */
    { "ex\342\200\213ample", -1, "ex\357\277\275ample" },
    { "ex\357\273\277ample", -1, "ex\357\277\275ample" },
    { "", -1, "" },
  };
  g_autofree char *line = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *safe = cv_sanitize_text (cases[i].input, cases[i].len);

      g_assert_cmpstr (safe, ==, cases[i].expected);
    }

  /* One line of a server's text: controls become spaces, an override U+FFFD */
  line = cv_sanitize_line ("120 ready\r\nin \342\200\256five", 100);
  g_assert_cmpstr (line, ==, "120 ready  in \357\277\275five");
}

/* The control-character test without tables answers as GLib's for every code
 * point and for values past the last one */
static void
test_control_characters (void)
{
  for (gunichar c = 0; c <= 0x110000; c++)
    if (cv_unichar_is_control (c) != g_unichar_iscntrl (c))
      g_error ("U+%04X: %d, GLib %d", c, cv_unichar_is_control (c), g_unichar_iscntrl (c));
  g_assert_false (cv_unichar_is_control (0xFFFFFFFF));
}

/* A self-signed certificate whose names are hostile: control characters, a bidi
 * override and bytes that are not UTF-8 */
static GBytes *
make_hostile_certificate (void)
{
  const CvTestName parts[] = {
    { GNUTLS_OID_X520_COMMON_NAME, 0, "evil\n\033[2Jname\342\200\256" },
    { GNUTLS_OID_X520_ORGANIZATION_NAME, 0, "Org\r\nInjected: yes" },
    { NULL, GNUTLS_SAN_DNSNAME, "a\001b.example" },
  };

  return cv_test_named_certificate (parts, G_N_ELEMENTS (parts));
}

static void
assert_printable (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (g_unichar_iscntrl (c));
      g_assert_cmpuint (c, !=, 0x202E);
    }
}

/* A DN attribute's value as the text it holds, whatever its string type */
static void
test_dn_value_text (void)
{
  static const struct
  {
    unsigned long  tag;
    const char    *bytes;
    gsize          size;
    const char    *text;
  } cases[] = {
    { 12, "GoDaddy.com, Inc.", 17, "GoDaddy.com, Inc." },
    { 19, "R&D \"Lab\"", 9, "R&D \"Lab\"" },
    { 12, "a\0b", 3, "a\357\277\275b" },
    { 30, "\0A\0\351", 4, "A\303\251" },
    { 28, "\0\0\0A\0\0\0\351", 8, "A\303\251" },
    { 28, "\0\0\0A\0\0", 6, NULL },
    { 20, "Z\374rich", 6, "Z\303\274rich" },
    { 20, "Z\303\274rich", 7, "Z\303\274rich" },
    { 4, "abc", 3, NULL },
    { 12, "", 0, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cv_certificate_dn_value_text (cases[i].tag,
                                                            (const guint8 *) cases[i].bytes,
                                                            cases[i].size);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The same in a certificate, in its fields and its display name; and its other
 * names */
static void
test_names_as_written (void)
{
  static const char common_name[] = "Example, Inc.";
  static const char organization[] = "GoDaddy.com, Inc.";
  static const char unit[] = "R&D \"Lab\" \\ 1+1";
  static const char dns_name[] = "ftp.example.org";
  static const char uri[] = "spiffe://example.org/ftp";
  const CvTestName parts[] = {
    { GNUTLS_OID_X520_COMMON_NAME, 0, common_name },
    { GNUTLS_OID_X520_ORGANIZATION_NAME, 0, organization },
    { GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, 0, unit },
    { NULL, GNUTLS_SAN_DNSNAME, dns_name },
    { NULL, GNUTLS_SAN_URI, uri },
  };
  g_autoptr(GBytes) bytes = cv_test_named_certificate (parts, G_N_ELEMENTS (parts));
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertificate) certificate = NULL;

  certificate = cv_certificate_new_from_der (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (field_value (certificate, "issued-to", "common-name"), ==, common_name);
  g_assert_cmpstr (field_value (certificate, "issued-to", "organization"), ==, organization);
  g_assert_cmpstr (field_value (certificate, "issued-to", "organizational-unit"), ==, unit);
  g_assert_cmpstr (field_value (certificate, "issued-by", "organization"), ==, organization);
  g_assert_cmpstr (cv_certificate_get_display_name (certificate), ==, common_name);
  g_assert_cmpstr (cv_certificate_get_issuer_display_name (certificate), ==, common_name);
  /* Finding: a URI among the alternative names was left out without a word. It
   * is shown, and is no name the certificate is checked for. */
  g_assert_cmpstr (field_value (certificate, "issued-to", "subject-alt-names"), ==, dns_name);
  g_assert_cmpstr (field_value (certificate, "issued-to", "subject-alt-uris"), ==, uri);
  g_assert_cmpuint (g_strv_length ((char **) cv_certificate_get_subject_alt_names (certificate)),
                    ==, 1);
  /* The whole DN keeps its escapes: there they are part of the syntax */
  g_assert_nonnull (strstr (cv_certificate_get_subject (certificate), "O=GoDaddy.com\\, Inc."));
}

/* Finding: several values of one attribute were joined with ", ", which a value
 * may hold; two common names and no alternative name were said to be "issued for
 * localhost, not for localhost" */
static void
test_several_values (void)
{
  const CvTestName parts[] = {
    { GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, 0, "R&D \"Lab\"" },
    { GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, 0, "Second, unit" },
    { GNUTLS_OID_X520_COMMON_NAME, 0, "localhost" },
    { GNUTLS_OID_X520_COMMON_NAME, 0, "other.example" },
  };
  g_autoptr(GBytes) der = cv_test_named_certificate (parts, G_N_ELEMENTS (parts));
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertificate) certificate = cv_certificate_new_from_der (der, &error);
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(CvReport) report = NULL;
  GPtrArray *reasons;
  gboolean said = FALSE;

  g_assert_no_error (error);
  g_assert_cmpstr (field_value (certificate, "issued-to", "organizational-unit"), ==,
                   "R&D \"Lab\"\nSecond, unit");
  g_assert_cmpstr (field_value (certificate, "issued-to", "common-name"), ==,
                   "localhost\nother.example");
  g_assert_cmpstr (cv_certificate_get_display_name (certificate), ==, "localhost");
  g_assert_cmpstr (cv_certificate_get_common_name (certificate), ==, "localhost");

  g_ptr_array_add (chain, g_bytes_ref (der));
  report = cv_report_new_for_chain (chain, "localhost", NULL, &error);
  g_assert_no_error (error);
  reasons = cv_report_get_reasons (report);
  for (guint i = 0; i < reasons->len; i++)
    {
      const CvReason *reason = g_ptr_array_index (reasons, i);

      g_test_message ("%s: %s", reason->code, reason->message);
      if (g_str_equal (reason->code, "hostname-mismatch"))
        said = strstr (reason->message, "several common names (localhost, other.example)") !=
               NULL;
    }
  g_assert_true (said);
}

static void
test_hostile_names (void)
{
  g_autoptr(GBytes) der = make_hostile_certificate ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertificate) certificate = NULL;
  GListModel *sections;
  guint n_sections;

  certificate = cv_certificate_new_from_der (der, &error);
  g_assert_no_error (error);

  assert_printable (cv_certificate_get_display_name (certificate));
  assert_printable (cv_certificate_get_subject (certificate));
  assert_printable (cv_certificate_get_issuer (certificate));
  g_assert_true (g_str_has_prefix (cv_certificate_get_display_name (certificate), "evil"));
  g_assert_true (cv_certificate_is_self_issued (certificate));
  g_assert_cmpstr (field_value (certificate, "extensions", "none"), ==, "None");

  sections = cv_certificate_get_sections (certificate);
  n_sections = g_list_model_get_n_items (sections);
  for (guint i = 0; i < n_sections; i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (sections, i);
      GListModel *fields = cv_section_get_fields (section);
      guint n_fields = g_list_model_get_n_items (fields);

      for (guint j = 0; j < n_fields; j++)
        {
          g_autoptr(CvField) field = g_list_model_get_item (fields, j);

          assert_printable (cv_field_get_value (field));
        }
    }
}

/* Where revocation is published and where the issuer's certificate is: shown
 * under Extensions */
static void
test_access_extensions (gconstpointer data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(CvCertificate) plain = NULL;
  g_autoptr(CvCertificate) issuers_listed = NULL;
  g_auto(gnutls_x509_privkey_t) key = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  gnutls_datum_t der = { NULL, 0 };
  static const char http[] = "http://ca.example/ca.der";
  static const char ldap[] = "ldap://ca.example/cn=CA";
  gnutls_datum_t issuers = { (unsigned char *) http, sizeof http - 1 };
  gnutls_datum_t second = { (unsigned char *) ldap, sizeof ldap - 1 };
  gnutls_x509_aia_t aia = NULL;
  gnutls_datum_t extension = { NULL, 0 };
  guint8 serial[] = { 0x06 };
  time_t now = time (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  cv_cert_factory_set_crl_url (factory, "http://crl.example/ca.crl");
  cv_cert_factory_set_ocsp_url (factory, "http://ocsp.example/");
  leaf = issue_leaf (factory, CV_CERT_PROBLEM_NONE);
  cv_cert_factory_set_crl_url (factory, NULL);
  cv_cert_factory_set_ocsp_url (factory, NULL);
  g_assert_cmpstr (field_value (leaf, "extensions", "crl-distribution-points"), ==,
                   "http://crl.example/ca.crl");
  g_assert_cmpstr (field_value (leaf, "extensions", "ocsp-responders"), ==,
                   "http://ocsp.example/");
  g_assert_null (field_value (leaf, "extensions", "ca-issuers"));

  /* None of them: no field */
  plain = issue_leaf (factory, CV_CERT_PROBLEM_NONE);
  g_assert_null (field_value (plain, "extensions", "crl-distribution-points"));
  g_assert_null (field_value (plain, "extensions", "ocsp-responders"));

  /* Two addresses of the issuer (GnuTLS writes no address with a control
   * character; the fuzz targets read such ones) */
  key = cv_test_new_key ();
  g_assert_cmpint (gnutls_x509_crt_init (&crt), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - 60), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + 3600), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn (crt, "CN=issuers.example", NULL), >=, 0);
  /* GnuTLS sets only OCSP responders by itself: the extension is made whole */
  g_assert_cmpint (gnutls_x509_aia_init (&aia), >=, 0);
  g_assert_cmpint (gnutls_x509_aia_set (aia, GNUTLS_OID_AD_CAISSUERS, GNUTLS_SAN_URI,
                                        &issuers), >=, 0);
  g_assert_cmpint (gnutls_x509_aia_set (aia, GNUTLS_OID_AD_CAISSUERS, GNUTLS_SAN_URI,
                                        &second), >=, 0);
  g_assert_cmpint (gnutls_x509_ext_export_aia (aia, &extension), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_extension_by_oid (crt, GNUTLS_OID_AIA, extension.data,
                                                         extension.size, 0), >=, 0);
  gnutls_free (extension.data);
  gnutls_x509_aia_deinit (aia);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der), >=, 0);
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);

  issuers_listed = cv_certificate_new_from_der (bytes, &error);
  g_assert_no_error (error);
  g_test_message ("%s", field_value (issuers_listed, "extensions", "ca-issuers"));
  assert_printable (field_value (issuers_listed, "extensions", "ca-issuers"));
  g_assert_cmpstr (field_value (issuers_listed, "extensions", "ca-issuers"), ==,
                   "http://ca.example/ca.der, ldap://ca.example/cn=CA");
}

static void
test_common_name_absent (void)
{
  g_auto(gnutls_x509_privkey_t) key = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  gnutls_datum_t der = { NULL, 0 };
  static const char organization[] = "Nameless Ltd";
  guint8 serial[] = { 0x05 };
  time_t now = time (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertificate) certificate = NULL;

  key = cv_test_new_key ();
  g_assert_cmpint (gnutls_x509_crt_init (&crt), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - 60), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + 3600), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                                  organization, strlen (organization)), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der), >=, 0);
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);

  certificate = cv_certificate_new_from_der (bytes, &error);
  g_assert_no_error (error);

  /* Common Name is always there: it is the field that carries the Invalid mark */
  g_assert_cmpstr (field_value (certificate, "issued-to", "common-name"), ==,
                   "Not part of certificate");
  g_assert_null (cv_certificate_get_common_name (certificate));
  g_assert_cmpstr (cv_certificate_get_display_name (certificate), ==, "O=Nameless Ltd");
  g_assert_cmpstr (cv_certificate_get_issuer_display_name (certificate), ==, "O=Nameless Ltd");
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_field_notify (void)
{
  g_autoptr(CvField) field = cv_field_new ("common-name", "Common Name", "localhost");
  guint n_invalid = 0;
  guint n_reason = 0;
  gboolean invalid = TRUE;
  g_autofree char *reason = NULL;

  g_signal_connect (field, "notify::invalid", G_CALLBACK (count_notify_cb), &n_invalid);
  g_signal_connect (field, "notify::reason", G_CALLBACK (count_notify_cb), &n_reason);

  g_object_get (field, "invalid", &invalid, "reason", &reason, NULL);
  g_assert_false (invalid);
  g_assert_null (reason);
  g_assert_null (cv_field_get_children (field));

  cv_field_mark_invalid (field, "First.");
  g_assert_true (cv_field_get_invalid (field));
  g_assert_cmpstr (cv_field_get_reason (field), ==, "First.");
  g_assert_cmpuint (n_invalid, ==, 1);
  g_assert_cmpuint (n_reason, ==, 1);

  /* A second reason appends; "invalid" does not change, so it does not notify */
  cv_field_mark_invalid (field, "Second.");
  g_assert_cmpstr (cv_field_get_reason (field), ==, "First.\nSecond.");
  g_assert_cmpuint (n_invalid, ==, 1);
  g_assert_cmpuint (n_reason, ==, 2);
}

static void
test_section_mark (void)
{
  g_autoptr(CvSection) section = cv_section_new ("validity", "Validity");
  g_autoptr(CvField) extra = cv_field_new ("extra", "Extra", NULL);
  CvField *first;
  CvField *second;

  first = cv_section_add (section, "not-before", "Issued On", "2020-01-01 00:00:00 UTC");
  second = cv_section_add (section, "not-after", "Expires On", "2021-01-01 00:00:00 UTC");
  cv_section_append (section, extra);

  g_assert_cmpuint (g_list_model_get_n_items (cv_section_get_fields (section)), ==, 3);
  g_assert_true (cv_section_find_field (section, "not-after") == second);
  g_assert_true (cv_section_find_field (section, "extra") == extra);
  g_assert_null (cv_section_find_field (section, "nothing"));
  g_assert_cmpstr (cv_field_get_value (extra), ==, "");
  g_assert_false (cv_section_get_invalid (section));

  cv_section_mark_invalid (section, "The certificate expired on 1 January 2021.");
  g_assert_true (cv_section_get_invalid (section));
  g_assert_true (cv_field_get_invalid (first));
  g_assert_false (cv_field_get_invalid (second));
  g_assert_cmpstr (cv_field_get_reason (first), ==,
                   "The certificate expired on 1 January 2021.");
  g_assert_null (cv_field_get_reason (second));
}

/* A certificate named by @names (DER attribute values, NUL-separated pairs of an
 * OID and its value's DER), for @key, signed by @signer (NULL: itself), whose
 * subject becomes its issuer name. The key identifiers are set from the keys, as
 * a CA's would be. */
static gnutls_x509_crt_t
make_raw_named (const char * const     *names,
                gnutls_x509_privkey_t   key,
                gnutls_x509_crt_t       signer,
                gnutls_x509_privkey_t   signer_key)
{
  g_autoptr(GBytes) bytes = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t der = { NULL, 0 };
  guint8 serial[] = { 0x03 };
  guint8 id[64];
  size_t id_size = sizeof id;
  time_t now = time (NULL);

  g_assert_cmpint (gnutls_x509_crt_init (&crt), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - 60), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + 3600), >=, 0);
  for (guint i = 0; names[i] != NULL; i += 2)
    {
      const guint8 *value = (const guint8 *) names[i + 1];

      /* Tag, length (short form), content */
      g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, names[i], 1, value, 2u + value[1]),
                       >=, 0);
    }
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), >=, 0);
  g_assert_cmpint (gnutls_x509_privkey_get_key_id (key, 0, id, &id_size), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_subject_key_id (crt, id, id_size), >=, 0);
  if (signer != NULL)
    {
      id_size = sizeof id;
      g_assert_cmpint (gnutls_x509_privkey_get_key_id (signer_key, 0, id, &id_size), >=, 0);
      g_assert_cmpint (gnutls_x509_crt_set_authority_key_id (crt, id, id_size), >=, 0);
    }
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, signer != NULL ? signer : crt,
                                          signer != NULL ? signer_key : key,
                                          GNUTLS_DIG_SHA256, 0), >=, 0);

  /* Read back as a peer's would be: GnuTLS keeps the DER of the names only of
   * what it imports */
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der), >=, 0);
  gnutls_x509_crt_deinit (crt);
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  crt = cv_certificate_import_der (bytes);
  g_assert_nonnull (crt);
  return crt;
}

static void
assert_issued_by (gnutls_x509_crt_t crt,
                  gnutls_x509_crt_t issuer,
                  gboolean          expected)
{
  /* The same answer as GnuTLS's, whose verification orders the chain */
  g_assert_cmpint (gnutls_x509_crt_check_issuer (crt, issuer) != 0, ==, expected);
  g_assert_cmpint (cv_certificate_issued_by (crt, issuer), ==, expected);
}

/* cv_certificate_issued_by() says what gnutls_x509_crt_check_issuer() says, where
 * the names are the same text in other string types as well */
static void
test_issued_by (void)
{
  /* "Test CA" as a UTF8String, a PrintableString and a BMPString */
  static const char utf8[] = "\x0c\x07Test CA";
  static const char printable[] = "\x13\x07Test CA";
  static const char bmp[] = "\x1e\x0e\0T\0e\0s\0t\0 \0C\0A";
  static const char other[] = "\x0c\x07Test CB";
  static const char org[] = "\x0c\x08" "Certview";
  static const char leaf_name[] = "\x0c\x09localhost";
  const char *as_utf8[] = { GNUTLS_OID_X520_COMMON_NAME, utf8, NULL };
  const char *as_printable[] = { GNUTLS_OID_X520_COMMON_NAME, printable, NULL };
  const char *as_bmp[] = { GNUTLS_OID_X520_COMMON_NAME, bmp, NULL };
  const char *as_other[] = { GNUTLS_OID_X520_COMMON_NAME, other, NULL };
  const char *with_org[] = { GNUTLS_OID_X520_ORGANIZATION_NAME, org,
                             GNUTLS_OID_X520_COMMON_NAME, utf8, NULL };
  const char *as_organization[] = { GNUTLS_OID_X520_ORGANIZATION_NAME, utf8, NULL };
  const char *as_leaf[] = { GNUTLS_OID_X520_COMMON_NAME, leaf_name, NULL };
  g_auto(gnutls_x509_privkey_t) ca_key = NULL;
  g_auto(gnutls_x509_privkey_t) leaf_key = NULL;
  g_auto(gnutls_x509_crt_t) ca = NULL;
  g_auto(gnutls_x509_crt_t) ca_printable = NULL;
  g_auto(gnutls_x509_crt_t) ca_bmp = NULL;
  g_auto(gnutls_x509_crt_t) ca_other = NULL;
  g_auto(gnutls_x509_crt_t) ca_with_org = NULL;
  g_auto(gnutls_x509_crt_t) ca_organization = NULL;
  g_auto(gnutls_x509_crt_t) leaf = NULL;
  g_auto(gnutls_x509_crt_t) stranger = NULL;

  ca_key = cv_test_new_key ();
  leaf_key = cv_test_new_key ();

  /* One key, its name written five ways */
  ca = make_raw_named (as_utf8, ca_key, NULL, NULL);
  ca_printable = make_raw_named (as_printable, ca_key, NULL, NULL);
  ca_bmp = make_raw_named (as_bmp, ca_key, NULL, NULL);
  ca_other = make_raw_named (as_other, ca_key, NULL, NULL);
  ca_with_org = make_raw_named (with_org, ca_key, NULL, NULL);
  ca_organization = make_raw_named (as_organization, ca_key, NULL, NULL);
  leaf = make_raw_named (as_leaf, leaf_key, ca, ca_key);
  /* The same name as the issuer's, another key */
  stranger = make_raw_named (as_utf8, leaf_key, NULL, NULL);

  assert_issued_by (leaf, ca, TRUE);
  /* The same text in another string type: GnuTLS compares the text */
  assert_issued_by (leaf, ca_printable, TRUE);
  assert_issued_by (leaf, ca_bmp, TRUE);
  /* Another value, another shape, another attribute */
  assert_issued_by (leaf, ca_other, FALSE);
  assert_issued_by (leaf, ca_with_org, FALSE);
  assert_issued_by (leaf, ca_organization, FALSE);
  /* The name alone is not enough: the key identifiers differ */
  assert_issued_by (leaf, stranger, FALSE);
  /* Self-issued or not */
  assert_issued_by (ca, ca, TRUE);
  assert_issued_by (ca_bmp, ca_bmp, TRUE);
  assert_issued_by (leaf, leaf, FALSE);
  assert_issued_by (ca, leaf, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  g_test_add_data_func ("/certview/certificate/sections", factory, test_sections);
  g_test_add_data_func ("/certview/certificate/names", factory, test_names);
  g_test_add_func ("/certview/certificate/dn-value-text", test_dn_value_text);
  g_test_add_func ("/certview/certificate/names-as-written", test_names_as_written);
  g_test_add_func ("/certview/certificate/several-values", test_several_values);
  g_test_add_data_func ("/certview/certificate/fingerprints", factory, test_fingerprints);
  g_test_add_data_func ("/certview/certificate/validity", factory, test_validity);
  g_test_add_data_func ("/certview/certificate/keys-and-extensions", factory,
                        test_keys_and_extensions);
  g_test_add_data_func ("/certview/certificate/access-extensions", factory,
                        test_access_extensions);
  g_test_add_data_func ("/certview/certificate/ca", factory, test_ca);
  g_test_add_data_func ("/certview/certificate/self-signed", factory, test_self_signed);
  g_test_add_func ("/certview/certificate/malformed", test_malformed);
  g_test_add_data_func ("/certview/certificate/truncated", factory, test_truncated);
  g_test_add_func ("/certview/certificate/format-fingerprint", test_format_fingerprint);
  g_test_add_func ("/certview/certificate/sanitize", test_sanitize);
  g_test_add_func ("/certview/certificate/control-characters", test_control_characters);
  g_test_add_func ("/certview/certificate/hostile-names", test_hostile_names);
  g_test_add_func ("/certview/certificate/common-name-absent", test_common_name_absent);
  g_test_add_func ("/certview/certificate/field-notify", test_field_notify);
  g_test_add_func ("/certview/certificate/section-mark", test_section_mark);
  g_test_add_func ("/certview/certificate/issued-by", test_issued_by);

  return g_test_run ();
}
