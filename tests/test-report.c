/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-test-util.h"

#include "cv-cert-factory.h"
#include "cv-error.h"
#include "cv-report.h"
#include "cv-probe-result-private.h"
#include "cv-report-private.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <json-glib/json-glib.h>

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)

/* Each test that issues certificates gets the program's one certificate factory
 * (making one generates keys) and a directory of its own with the factory's root */
typedef struct
{
  CvTestDir      tmp;
  CvCertFactory *factory;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  factory)
{
  cv_test_dir_set_up (&fixture->tmp, factory);
  fixture->factory = (CvCertFactory *) factory;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  factory)
{
  cv_test_dir_tear_down (&fixture->tmp, factory);
}

/* Helpers */

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->tmp.dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static char *
issue_pem (Fixture       *fixture,
           CvCertProblem  problems)
{
  return cv_test_issue_chain_pem (fixture->factory, "localhost", problems);
}

static CvReport *
report_for (Fixture       *fixture,
            CvCertProblem  problems,
            const char    *hostname)
{
  g_autofree char *chain_pem = issue_pem (fixture, problems);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  g_autoptr(GError) error = NULL;
  CvReport *report;

  report = cv_report_new_for_chain (chain, hostname, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* "issued-to,validity": the leaf's sections with an invalid field, in tree order;
 * asserts that only a section's first field carries the mark */
static char *
marked_sections (CvReport *report)
{
  GListModel *sections = cv_certificate_get_sections (cv_report_get_leaf (report));
  guint n_sections = g_list_model_get_n_items (sections);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < n_sections; i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (sections, i);
      GListModel *fields = cv_section_get_fields (section);
      guint n_fields = g_list_model_get_n_items (fields);

      for (guint j = 0; j < n_fields; j++)
        {
          g_autoptr(CvField) field = g_list_model_get_item (fields, j);

          if (!cv_field_get_invalid (field))
            {
              g_assert_null (cv_field_get_reason (field));
              continue;
            }

          g_assert_cmpuint (j, ==, 0);
          g_assert_nonnull (cv_field_get_reason (field));
          g_ptr_array_add (ids, (gpointer) cv_section_get_id (section));
        }
    }

  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

static const CvReason *
find_reason (CvReport   *report,
             const char *code)
{
  GPtrArray *reasons = cv_report_get_reasons (report);

  for (guint i = 0; i < reasons->len; i++)
    {
      const CvReason *reason = g_ptr_array_index (reasons, i);

      if (g_str_equal (reason->code, code))
        return reason;
    }

  return NULL;
}

static char *
reason_codes (CvReport *report)
{
  GPtrArray *reasons = cv_report_get_reasons (report);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; i < reasons->len; i++)
    g_ptr_array_add (codes, ((CvReason *) g_ptr_array_index (reasons, i))->code);
  g_ptr_array_add (codes, NULL);

  return g_strjoinv (",", (char **) codes->pdata);
}

static const char *
first_field_reason (CvReport   *report,
                    const char *section_id)
{
  CvSection *section = cv_certificate_find_section (cv_report_get_leaf (report), section_id);
  g_autoptr(CvField) first = g_list_model_get_item (cv_section_get_fields (section), 0);

  return cv_field_get_reason (first);
}

/* Verification through the factory's chains */

static void
test_good (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_NONE, "localhost");
  g_autofree char *marked = marked_sections (report);

  g_assert_true (cv_report_get_valid (report));
  g_assert_cmpuint (cv_report_get_status (report), ==, 0);
  g_assert_cmpuint (cv_report_get_reasons (report)->len, ==, 0);
  g_assert_cmpstr (marked, ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_certificates (report)), ==, 2);
  g_assert_null (cv_report_get_probe_result (report));
  g_assert_null (cv_report_get_file (report));
}

static void
test_without_ca_file (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autofree char *marked = NULL;

  /* The system does not trust the factory's root */
  report = cv_report_new_for_chain (chain, "localhost", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (cv_report_get_valid (report));
  g_assert_nonnull (find_reason (report, "untrusted-issuer"));
  marked = marked_sections (report);
  g_assert_cmpstr (marked, ==, "issued-by");
  /* The server sent its intermediate: the chain is complete up to a root nobody
   * here trusts, so no word of missing intermediates */
  g_assert_cmpstr (find_reason (report, "untrusted-issuer")->message, ==,
                   "The certificate is issued by an authority that is not trusted "
                   "(“Certview Test Root CA”).");
}

/* GnuTLS stops at the untrusted top of a chain; what is wrong below it must
 * still be reported, and marked in its own section */
static void
test_problems_under_untrusted_root (Fixture       *fixture,
                                    gconstpointer  data)
{
  static const struct
  {
    CvCertProblem  problems;
    const char    *marked;
    const char    *codes;
  } cases[] = {
    { CV_CERT_PROBLEM_EXPIRED, "issued-by,validity", "untrusted-issuer,expired" },
    { CV_CERT_PROBLEM_NOT_YET_VALID, "issued-by,validity", "untrusted-issuer,not-yet-valid" },
    { CV_CERT_PROBLEM_WRONG_HOST, "issued-to,issued-by", "untrusted-issuer,hostname-mismatch" },
    { CV_CERT_PROBLEM_SHA1, "issued-by", "untrusted-issuer,insecure-algorithm" },
    { CV_CERT_PROBLEM_EXPIRED | CV_CERT_PROBLEM_WRONG_HOST, "issued-to,issued-by,validity",
      "untrusted-issuer,expired,hostname-mismatch" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *chain_pem = issue_pem (fixture, cases[i].problems);
      g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
      g_autoptr(GError) error = NULL;
      g_autoptr(CvReport) report = NULL;
      g_autofree char *marked = NULL;
      g_autofree char *codes = NULL;

      g_test_message ("problems 0x%x", cases[i].problems);
      /* The leaf and the intermediate, whose root the system does not trust */
      g_assert_cmpuint (chain->len, ==, 2);
      report = cv_report_new_for_chain (chain, "localhost", NULL, &error);
      g_assert_no_error (error);
      g_assert_false (cv_report_get_valid (report));
      marked = marked_sections (report);
      codes = reason_codes (report);
      g_assert_cmpstr (marked, ==, cases[i].marked);
      g_assert_cmpstr (codes, ==, cases[i].codes);
    }
}

static void
test_expired (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_EXPIRED, "localhost");
  g_autofree char *marked = marked_sections (report);
  g_autofree char *codes = reason_codes (report);
  const CvReason *reason = find_reason (report, "expired");

  g_assert_false (cv_report_get_valid (report));
  g_assert_true (cv_report_get_status (report) & GNUTLS_CERT_EXPIRED);
  g_assert_cmpstr (marked, ==, "validity");
  g_assert_cmpstr (codes, ==, "expired");
  g_assert_nonnull (reason);
  g_assert_cmpint (reason->section, ==, CV_VERDICT_SECTION_VALIDITY);
  g_assert_true (g_regex_match_simple ("^The certificate expired on [0-9]{1,2} [A-Z][a-z]+ "
                                       "[0-9]{4}\\.$", reason->message, 0, 0));
  g_assert_cmpstr (first_field_reason (report, "validity"), ==, reason->message);
}

static void
test_not_yet_valid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_NOT_YET_VALID, "localhost");
  g_autofree char *marked = marked_sections (report);
  g_autofree char *codes = reason_codes (report);
  const CvReason *reason = find_reason (report, "not-yet-valid");

  g_assert_false (cv_report_get_valid (report));
  g_assert_cmpstr (marked, ==, "validity");
  g_assert_cmpstr (codes, ==, "not-yet-valid");
  g_assert_cmpint (reason->section, ==, CV_VERDICT_SECTION_VALIDITY);
  g_assert_true (g_str_has_prefix (reason->message, "The certificate is not valid until "));
}

static void
test_wrong_host (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_WRONG_HOST, "localhost");
  g_autofree char *marked = marked_sections (report);
  g_autofree char *codes = reason_codes (report);
  const CvReason *reason = find_reason (report, "hostname-mismatch");

  g_assert_false (cv_report_get_valid (report));
  g_assert_cmpstr (marked, ==, "issued-to");
  g_assert_cmpstr (codes, ==, "hostname-mismatch");
  g_assert_cmpint (reason->section, ==, CV_VERDICT_SECTION_ISSUED_TO);
  g_assert_cmpstr (reason->message, ==,
                   "The certificate is issued for wrong.host.example, not for localhost.");
}

static void
test_self_signed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_SELF_SIGNED, "localhost");
  g_autofree char *marked = marked_sections (report);
  const CvReason *reason = find_reason (report, "self-signed");

  g_assert_false (cv_report_get_valid (report));
  g_assert_cmpstr (marked, ==, "issued-by");
  g_assert_nonnull (reason);
  g_assert_cmpint (reason->section, ==, CV_VERDICT_SECTION_ISSUED_BY);
  g_assert_null (find_reason (report, "untrusted-issuer"));
  g_assert_true (g_str_has_prefix (reason->message, "The certificate is self-signed"));
}

static void
test_untrusted_root (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_UNTRUSTED_ROOT, "localhost");
  g_autofree char *marked = marked_sections (report);
  const CvReason *reason = find_reason (report, "untrusted-issuer");

  g_assert_false (cv_report_get_valid (report));
  g_assert_cmpstr (marked, ==, "issued-by");
  g_assert_nonnull (reason);
  g_assert_cmpstr (reason->message, ==,
                   "The certificate is issued by an authority that is not trusted "
                   "(“Certview Untrusted Root CA”).");
}

/* A report on @first_pem followed by @second_pem, as a server would send them */
static CvReport *
report_for_pair (Fixture    *fixture,
                 const char *first_pem,
                 const char *second_pem)
{
  g_autofree char *pem = g_strconcat (first_pem, second_pem, NULL);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (pem);
  g_autoptr(GError) error = NULL;
  CvReport *report;

  report = cv_report_new_for_chain (chain, "localhost", fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  return report;
}

/* What the server sends besides its chain is never the authority to blame: a
 * self-signed certificate with an unrelated CA after it is self-signed, and an
 * unrelated certificate after a leaf leaves the leaf's own issuer missing */
static void
test_unrelated_extra (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *self_signed = issue_pem (fixture, CV_CERT_PROBLEM_SELF_SIGNED);
  g_autofree char *leaf = issue_pem (fixture, CV_CERT_PROBLEM_INCOMPLETE_CHAIN);
  g_autoptr(CvReport) report = NULL;
  const CvReason *reason;

  report = report_for_pair (fixture, self_signed,
                            cv_cert_factory_get_intermediate_pem (fixture->factory));
  g_assert_false (cv_report_get_valid (report));
  g_assert_nonnull (find_reason (report, "self-signed"));
  g_assert_null (find_reason (report, "untrusted-issuer"));
  g_clear_object (&report);

  report = report_for_pair (fixture, leaf, self_signed);
  reason = find_reason (report, "untrusted-issuer");
  g_assert_nonnull (reason);
  g_assert_cmpstr (reason->message, ==,
                   "The certificate is issued by an authority that is not trusted "
                   "(“Certview Test Intermediate CA”); the server may not send its "
                   "intermediate certificates.");
}

static void
test_incomplete_chain (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_INCOMPLETE_CHAIN, "localhost");
  g_autofree char *marked = marked_sections (report);
  const CvReason *reason = find_reason (report, "untrusted-issuer");

  g_assert_false (cv_report_get_valid (report));
  g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_certificates (report)), ==, 1);
  g_assert_cmpstr (marked, ==, "issued-by");
  g_assert_nonnull (reason);
  g_assert_cmpstr (reason->message, ==,
                   "The certificate is issued by an authority that is not trusted "
                   "(“Certview Test Intermediate CA”); the server may not send its "
                   "intermediate certificates.");
}

static void
test_sha1 (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_SHA1, "localhost");
  g_autofree char *marked = marked_sections (report);
  g_autofree char *codes = reason_codes (report);
  const CvReason *reason = find_reason (report, "insecure-algorithm");

  g_test_message ("SHA-1 status 0x%x: %s", cv_report_get_status (report), codes);
  g_assert_false (cv_report_get_valid (report));
  g_assert_cmpstr (marked, ==, "issued-by");
  g_assert_nonnull (reason);
  g_assert_cmpstr (reason->message, ==,
                   "The certificate is signed with an insecure algorithm (ECDSA-SHA1).");
}

/* A key as weak as GnuTLS's default profile refuses (RSA under 1024 bits) makes
 * the chain invalid, as gnutls-cli says, and the reason names its certificate */
static void
test_weak_key (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_WEAK_KEY, "localhost");
  g_autofree char *marked = marked_sections (report);
  g_autofree char *codes = reason_codes (report);
  const CvReason *reason = find_reason (report, "insecure-algorithm");

  g_test_message ("weak key status 0x%x: %s", cv_report_get_status (report), codes);
  g_assert_false (cv_report_get_valid (report));
  g_assert_cmpstr (marked, ==, "issued-by");
  g_assert_cmpstr (codes, ==, "insecure-algorithm");
  g_assert_nonnull (reason);
  g_assert_cmpstr (reason->message, ==,
                   "The key of “" CV_CERT_WEAK_CA_NAME "” in the chain is too weak to be "
                   "secure (RSA, 512 bits).");
}

static void
test_expired_wrong_host (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture,
                                           CV_CERT_PROBLEM_EXPIRED | CV_CERT_PROBLEM_WRONG_HOST,
                                           "localhost");
  g_autofree char *marked = marked_sections (report);
  g_autofree char *codes = reason_codes (report);

  g_assert_false (cv_report_get_valid (report));
  g_assert_cmpstr (marked, ==, "issued-to,validity");
  /* Ascending bit order: EXPIRED (1 << 10) before UNEXPECTED_OWNER (1 << 14) */
  g_assert_cmpstr (codes, ==, "expired,hostname-mismatch");
}

static void
test_self_signed_expired (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_SELF_SIGNED |
                                           CV_CERT_PROBLEM_EXPIRED,
                                           "localhost");
  g_autofree char *marked = marked_sections (report);
  const char *reason = first_field_reason (report, "issued-by");

  g_assert_cmpstr (marked, ==, "issued-by,validity");
  g_assert_nonnull (find_reason (report, "self-signed"));
  g_assert_nonnull (find_reason (report, "expired"));
  g_assert_true (g_str_has_prefix (reason, "The certificate is self-signed"));
}

static void
test_ip_hostnames (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CvReport) v4 = report_for (fixture, CV_CERT_PROBLEM_NONE, "127.0.0.1");
  g_autoptr(CvReport) v6 = report_for (fixture, CV_CERT_PROBLEM_NONE, "::1");
  g_autoptr(CvReport) other = report_for (fixture, CV_CERT_PROBLEM_NONE, "10.0.0.1");
  g_autoptr(CvReport) by_name = report_for (fixture, CV_CERT_PROBLEM_NONE, "LOCALHOST");
  g_autofree char *marked = NULL;

  g_assert_true (cv_report_get_valid (v4));
  g_assert_true (cv_report_get_valid (v6));
  g_assert_true (cv_report_get_valid (by_name));

  g_assert_false (cv_report_get_valid (other));
  marked = marked_sections (other);
  g_assert_cmpstr (marked, ==, "issued-to");
  g_assert_cmpstr (find_reason (other, "hostname-mismatch")->message, ==,
                   "The certificate is issued for localhost, 127.0.0.1, ::1, not for "
                   "10.0.0.1.");
}

static void
test_no_hostname (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_WRONG_HOST, NULL);

  /* No name to check, as for a local file */
  g_assert_true (cv_report_get_valid (report));
}

static void
test_long_chain (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(CvReport) report = NULL;

  cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 3, &chain_pem,
                         &key_pem, &error);
  g_assert_no_error (error);
  chain = cv_test_chain_from_pem (chain_pem);
  g_assert_cmpuint (chain->len, ==, 5);

  report = cv_report_new_for_chain (chain, "localhost", fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  g_assert_true (cv_report_get_valid (report));
  g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_certificates (report)), ==, 5);
}

static void
test_bad_chains (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) huge = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) garbage = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) good = cv_test_chain_from_pem (chain_pem);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;

  report = cv_report_new_for_chain (empty, "localhost", fixture->tmp.ca_file, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_CERTIFICATE);
  g_assert_null (report);
  g_clear_error (&error);

  for (guint i = 0; i < 151; i++)
    g_ptr_array_add (huge, g_bytes_ref (g_ptr_array_index (good, 0)));
  report = cv_report_new_for_chain (huge, "localhost", fixture->tmp.ca_file, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_CERTIFICATE);
  g_assert_null (report);
  g_clear_error (&error);

  g_ptr_array_add (garbage, g_bytes_ref (g_ptr_array_index (good, 0)));
  g_ptr_array_add (garbage, g_bytes_new_static ("\x30\x82garbage", 9));
  report = cv_report_new_for_chain (garbage, "localhost", fixture->tmp.ca_file, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_CERTIFICATE);
  g_assert_nonnull (strstr (error->message, "Certificate 2 "));
  g_assert_null (report);
}

static void
test_bad_ca_files (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  g_autofree char *missing = g_build_filename (fixture->tmp.dir, "missing-ca.pem", NULL);
  g_autofree char *empty = write_file (fixture, "empty-ca.pem", "", 0);
  g_autofree char *junk = write_file (fixture, "junk-ca.pem", "no certificates here\n", -1);
  const char *paths[] = { missing, empty, junk };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvReport) report = NULL;
      g_autofree char *base = g_path_get_basename (paths[i]);

      report = cv_report_new_for_chain (chain, "localhost", paths[i], &error);
      g_assert_error (error, CV_ERROR, CV_ERROR_FILE);
      g_assert_null (report);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, base));
    }
}

/* A CA valid until now + @ca_lifetime seconds and a leaf whose common name is
 * @common_name, with no other name, and @purpose, made here where the factory has
 * no knob for them */
static void
make_test_chain (gint64       ca_lifetime,
                 const char  *purpose,
                 const char  *common_name,
                 char       **ca_pem,
                 GBytes     **ca_der,
                 GBytes     **leaf_der)
{
  g_auto(gnutls_x509_privkey_t) ca_key = NULL;
  g_auto(gnutls_x509_privkey_t) key = NULL;
  g_auto(gnutls_x509_crt_t) ca = NULL;
  g_auto(gnutls_x509_crt_t) leaf = NULL;
  gnutls_datum_t out = { NULL, 0 };
  time_t now = time (NULL);
  guint8 serial[] = { 0x11 };

  g_assert_cmpint (gnutls_x509_privkey_init (&ca_key), >=, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (ca_key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), >=, 0);
  g_assert_cmpint (gnutls_x509_privkey_init (&key), >=, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), >=, 0);

  g_assert_cmpint (gnutls_x509_crt_init (&ca), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (ca, 3), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (ca, serial, sizeof serial), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (ca, now - 3600), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (ca, now + ca_lifetime), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (ca, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                  "Test CA", 7), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (ca, ca_key), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_basic_constraints (ca, 1, -1), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_usage (ca, GNUTLS_KEY_KEY_CERT_SIGN), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (ca, ca, ca_key, GNUTLS_DIG_SHA256, 0), >=, 0);

  serial[0] = 0x12;
  g_assert_cmpint (gnutls_x509_crt_init (&leaf), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (leaf, 3), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (leaf, serial, sizeof serial), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (leaf, now - 3600), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (leaf, now + 86400), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (leaf, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                  common_name, strlen (common_name)), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (leaf, key), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_purpose_oid (leaf, purpose, 0), >=, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (leaf, ca, ca_key, GNUTLS_DIG_SHA256, 0), >=, 0);

  g_assert_cmpint (gnutls_x509_crt_export2 (ca, GNUTLS_X509_FMT_PEM, &out), >=, 0);
  *ca_pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);

  g_assert_cmpint (gnutls_x509_crt_export2 (ca, GNUTLS_X509_FMT_DER, &out), >=, 0);
  *ca_der = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);

  g_assert_cmpint (gnutls_x509_crt_export2 (leaf, GNUTLS_X509_FMT_DER, &out), >=, 0);
  *leaf_der = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
}

/* Finding: a fully qualified name, "localhost.", did not match the certificate
 * for localhost, though the targets, the prompt and the saved decisions all
 * take it for localhost */
static void
test_final_dot (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_NONE, "localhost.");

  g_assert_true (cv_report_get_valid (report));
  g_assert_cmpstr (cv_report_get_hostname (report), ==, "localhost");
}

/* An address a certificate names only as a host name: the sentence says so, and
 * does not say the certificate is not for the very name it lists */
static void
test_address_as_name (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *ca_pem = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autoptr(GBytes) leaf_der = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GListStore) certificates = g_list_store_new (CV_TYPE_CERTIFICATE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) same = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GError) error = NULL;
  guint status = GNUTLS_CERT_UNEXPECTED_OWNER | GNUTLS_CERT_INVALID;

  make_test_chain (86400, GNUTLS_KP_TLS_WWW_SERVER, "127.0.0.1", &ca_pem, &ca, &leaf_der);
  leaf = cv_certificate_new_from_der (leaf_der, &error);
  g_assert_no_error (error);
  g_list_store_append (certificates, leaf);

  same = cv_verdict_build_reasons (status, G_LIST_MODEL (certificates), "127.0.0.1", now);
  g_assert_cmpuint (same->len, ==, 1);
  g_assert_cmpstr (((CvReason *) g_ptr_array_index (same, 0))->message, ==,
                   "The certificate names 127.0.0.1 only as a host name. A certificate for an "
                   "IP address must list it as an IP address.");

  other = cv_verdict_build_reasons (status, G_LIST_MODEL (certificates), "10.0.0.1", now);
  g_assert_cmpstr (((CvReason *) g_ptr_array_index (other, 0))->message, ==,
                   "The certificate is issued for 127.0.0.1, not for 10.0.0.1.");
}

/* Reasons of no section */

static GListModel *
certificates_of (Fixture       *fixture,
                 CvCertProblem  problems)
{
  g_autofree char *chain_pem = issue_pem (fixture, problems);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  GListStore *store = g_list_store_new (CV_TYPE_CERTIFICATE);

  for (guint i = 0; i < chain->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvCertificate) certificate = NULL;

      certificate = cv_certificate_new_from_der (g_ptr_array_index (chain, i), &error);
      g_assert_no_error (error);
      g_list_store_append (store, certificate);
    }

  return G_LIST_MODEL (store);
}

static void
test_reason_without_section (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GListModel) certificates = certificates_of (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(CvCertificate) leaf = g_list_model_get_item (certificates, 0);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) revoked = NULL;
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(GPtrArray) none = NULL;
  const CvReason *reason;
  GListModel *sections;

  revoked = cv_verdict_build_reasons (GNUTLS_CERT_REVOKED | GNUTLS_CERT_INVALID, certificates,
                                      "localhost", now);
  g_assert_cmpuint (revoked->len, ==, 1);
  reason = g_ptr_array_index (revoked, 0);
  g_assert_cmpint (reason->section, ==, CV_VERDICT_SECTION_NONE);
  g_assert_cmpstr (reason->code, ==, "revoked");
  g_assert_cmpstr (reason->message, ==, "The certificate has been revoked by its issuer.");

  cv_report_mark_reasons (leaf, revoked);
  sections = cv_certificate_get_sections (leaf);
  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (sections, i);

      g_assert_false (cv_section_get_invalid (section));
    }

  /* GNUTLS_CERT_INVALID alone is the one reason */
  invalid = cv_verdict_build_reasons (GNUTLS_CERT_INVALID, certificates, "localhost", now);
  g_assert_cmpuint (invalid->len, ==, 1);
  reason = g_ptr_array_index (invalid, 0);
  g_assert_cmpint (reason->section, ==, CV_VERDICT_SECTION_NONE);
  g_assert_cmpstr (reason->code, ==, "invalid");
  g_assert_cmpstr (reason->message, ==, "The certificate is not valid.");

  /* A bit GnuTLS does not name today */
  unknown = cv_verdict_build_reasons ((1u << 30) | GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED,
                                      certificates, "localhost", now);
  g_assert_cmpuint (unknown->len, ==, 2);
  reason = g_ptr_array_index (unknown, 0);
  g_assert_cmpstr (reason->code, ==, "expired");
  reason = g_ptr_array_index (unknown, 1);
  g_assert_cmpint (reason->section, ==, CV_VERDICT_SECTION_NONE);
  g_assert_cmpstr (reason->code, ==, "invalid");
  g_assert_nonnull (strstr (reason->message, "30"));

  none = cv_verdict_build_reasons (0, certificates, "localhost", now);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_every_bit_has_a_sentence (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GListModel) certificates = certificates_of (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < 32; i++)
    {
      guint bit = 1u << i;
      g_autoptr(GPtrArray) reasons = NULL;
      const CvReason *reason;

      reasons = cv_verdict_build_reasons (bit | GNUTLS_CERT_INVALID, certificates,
                                          "localhost", now);
      g_assert_cmpuint (reasons->len, ==, 1);
      reason = g_ptr_array_index (reasons, 0);
      g_assert_cmpint (reason->section, ==, cv_verdict_section_for_status_bit (bit));
      g_assert_cmpstr (reason->code, ==, cv_verdict_code_for_status_bit (bit));
      g_assert_true (g_str_has_suffix (reason->message, "."));
      g_assert_true (g_ascii_isupper (reason->message[0]));
    }
}

static void
test_chain_member_expired (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *test_ca_pem = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autoptr(GBytes) leaf = NULL;
  g_autofree char *test_ca_file = NULL;
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autofree char *marked = NULL;
  const CvReason *reason;

  /* The CA expired a minute ago; the leaf is in date */
  make_test_chain (-60, GNUTLS_KP_TLS_WWW_SERVER, "test.example", &test_ca_pem, &ca, &leaf);
  test_ca_file = write_file (fixture, "expired-ca.pem", test_ca_pem, -1);
  g_ptr_array_add (chain, g_bytes_ref (leaf));
  g_ptr_array_add (chain, g_bytes_ref (ca));

  report = cv_report_new_for_chain (chain, "test.example", test_ca_file, &error);
  g_assert_no_error (error);
  g_test_message ("expired CA status 0x%x", cv_report_get_status (report));
  g_assert_false (cv_report_get_valid (report));
  reason = find_reason (report, "expired");
  g_assert_nonnull (reason);
  g_assert_true (g_str_has_prefix (reason->message,
                                   "The certificate of “Test CA” in the chain expired on "));
  marked = marked_sections (report);
  g_assert_cmpstr (marked, ==, "validity");

  /* Finding: an expired certificate the server sends besides the path, sent
   * before the authority, was named instead of it */
  {
    g_autofree char *stray_pem = issue_pem (fixture, CV_CERT_PROBLEM_EXPIRED);
    g_autoptr(GPtrArray) stray = cv_test_chain_from_pem (stray_pem);
    g_autoptr(GPtrArray) with_stray =
      g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
    g_autoptr(CvReport) again = NULL;

    g_ptr_array_add (with_stray, g_bytes_ref (leaf));
    g_ptr_array_add (with_stray, g_bytes_ref (g_ptr_array_index (stray, 0)));
    g_ptr_array_add (with_stray, g_bytes_ref (ca));
    again = cv_report_new_for_chain (with_stray, "test.example", test_ca_file, &error);
    g_assert_no_error (error);
    reason = find_reason (again, "expired");
    g_assert_nonnull (reason);
    g_test_message ("%s", reason->message);
    g_assert_true (g_str_has_prefix (reason->message,
                                     "The certificate of “Test CA” in the chain expired on "));
  }

  /* Finding: the same CA, not sent but reached in the CA file, was listed as the
   * trusted root and the reason named no one; it names it */
  {
    g_autoptr(GPtrArray) leaf_alone =
      g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
    g_autoptr(CvReport) unsent = NULL;

    g_ptr_array_add (leaf_alone, g_bytes_ref (leaf));
    unsent = cv_report_new_for_chain (leaf_alone, "test.example", test_ca_file, &error);
    g_assert_no_error (error);
    g_assert_false (cv_report_get_valid (unsent));
    g_assert_nonnull (cv_report_get_trusted_root (unsent));
    reason = find_reason (unsent, "expired");
    g_assert_nonnull (reason);
    g_test_message ("%s", reason->message);
    g_assert_true (g_str_has_prefix (reason->message,
                                     "The trusted authority “Test CA”, which vouches for the "
                                     "chain, expired on "));
  }
}

/* Files */

/* A file without the intermediate is the file's doing, not a server's */
static void
test_file_incomplete_chain (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *leaf_pem = issue_pem (fixture, CV_CERT_PROBLEM_INCOMPLETE_CHAIN);
  g_autofree char *path = write_file (fixture, "leaf.pem", leaf_pem, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  const CvReason *reason;

  report = cv_report_new_for_file (path, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  reason = find_reason (report, "untrusted-issuer");
  g_assert_nonnull (reason);
  g_assert_cmpstr (reason->message, ==,
                   "The certificate is issued by an authority that is not trusted "
                   "(“Certview Test Intermediate CA”); the file may lack the intermediate "
                   "certificates.");
}

static void
test_file_pem_chain (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autofree char *path = write_file (fixture, "chain.pem", chain_pem, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;

  report = cv_report_new_for_file (path, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cv_report_get_file (report), ==, path);
  g_assert_null (cv_report_get_probe_result (report));
  g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_certificates (report)), ==, 2);
  g_assert_true (cv_report_get_valid (report));
}

/* A PEM file put together root first shows the leaf first all the same */
static void
test_file_pem_root_first (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  const char *ca_pem = cv_cert_factory_get_ca_pem (fixture->factory);
  const char *second = strstr (chain_pem + 1, "-----BEGIN CERTIFICATE-----");
  g_autofree char *leaf_pem = g_strndup (chain_pem, second - chain_pem);
  g_autofree char *reversed = g_strconcat (ca_pem, second, leaf_pem, NULL);
  g_autofree char *path = write_file (fixture, "root-first.pem", reversed, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  GListModel *certificates;

  g_assert_nonnull (second);
  report = cv_report_new_for_file (path, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  certificates = cv_report_get_certificates (report);
  g_assert_cmpuint (g_list_model_get_n_items (certificates), ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CvCertificate) certificate = g_list_model_get_item (certificates, i);

      g_assert_true (g_bytes_equal (cv_certificate_get_der (certificate), chain->pdata[i]));
    }
  g_assert_cmpstr (cv_certificate_get_display_name (cv_report_get_leaf (report)), ==,
                   "localhost");
  g_assert_true (cv_report_get_valid (report));
}

/* An unrelated CA put first in the file is not what the file is about: the leaf
 * is the certificate that is no authority, wherever it is */
static void
test_file_unrelated_ca_first (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  /* The untrusted root, a self-signed CA of another name, comes after its leaf */
  g_autofree char *rogue_chain = issue_pem (fixture, CV_CERT_PROBLEM_UNTRUSTED_ROOT);
  const char *rogue = strstr (rogue_chain + 1, "-----BEGIN CERTIFICATE-----");
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;

  g_assert_nonnull (rogue);
  contents = g_strconcat (rogue, chain_pem, NULL);
  path = write_file (fixture, "unrelated-first.pem", contents, -1);
  report = cv_report_new_for_file (path, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_certificates (report)), ==, 3);
  g_assert_cmpstr (cv_certificate_get_display_name (cv_report_get_leaf (report)), ==,
                   "localhost");
  g_assert_true (cv_report_get_valid (report));
  g_clear_object (&report);

  /* A certificate the file holds twice is one certificate of the chain */
  g_free (contents);
  g_free (path);
  contents = g_strconcat (chain_pem, chain_pem, NULL);
  path = write_file (fixture, "twice.pem", contents, -1);
  report = cv_report_new_for_file (path, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_certificates (report)), ==, 2);
  g_assert_true (cv_report_get_valid (report));
}

static void
test_file_der (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  GBytes *leaf = g_ptr_array_index (chain, 0);
  g_autofree char *path = write_file (fixture, "leaf.der", g_bytes_get_data (leaf, NULL),
                                      g_bytes_get_size (leaf));
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autofree char *marked = NULL;

  report = cv_report_new_for_file (path, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_certificates (report)), ==, 1);
  g_assert_cmpstr (cv_certificate_get_display_name (cv_report_get_leaf (report)), ==,
                   "localhost");
  /* Without its intermediate the leaf does not reach the root */
  g_assert_false (cv_report_get_valid (report));
  marked = marked_sections (report);
  g_assert_cmpstr (marked, ==, "issued-by");
}

/* A PKCS #7 bundle (.p7b) holds a set, here with the root first: the report
 * shows it as a served chain, the leaf first and each issuer after */
static void
test_file_pkcs7 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  g_autoptr(GPtrArray) root =
    cv_test_chain_from_pem (cv_cert_factory_get_ca_pem (fixture->factory));
  g_autoptr(GPtrArray) bundle = g_ptr_array_new ();
  const gnutls_x509_crt_fmt_t formats[] = { GNUTLS_X509_FMT_PEM, GNUTLS_X509_FMT_DER };

  g_assert_cmpuint (chain->len, ==, 2);
  g_ptr_array_add (bundle, root->pdata[0]);
  g_ptr_array_add (bundle, chain->pdata[1]);
  g_ptr_array_add (bundle, chain->pdata[0]);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(GBytes) contents = cv_test_pkcs7_bundle (bundle, formats[f]);
      g_autofree char *path = write_file (fixture, f == 0 ? "chain.p7b" : "chain-der.p7b",
                                          g_bytes_get_data (contents, NULL),
                                          (gssize) g_bytes_get_size (contents));
      g_autoptr(GError) error = NULL;
      g_autoptr(CvReport) report = cv_report_new_for_file (path, fixture->tmp.ca_file, &error);
      GListModel *certificates;

      g_assert_no_error (error);
      certificates = cv_report_get_certificates (report);
      g_assert_cmpuint (g_list_model_get_n_items (certificates), ==, 3);
      g_assert_cmpstr (cv_certificate_get_display_name (cv_report_get_leaf (report)), ==,
                       "localhost");
      for (guint i = 0; i < 3; i++)
        {
          g_autoptr(CvCertificate) certificate = g_list_model_get_item (certificates, i);
          GBytes *der = cv_certificate_get_der (certificate);

          g_assert_true (g_bytes_equal (der, i < 2 ? chain->pdata[i] : root->pdata[0]));
        }
      g_assert_true (cv_report_get_valid (report));
    }
}

/* The chain as the file reader gives it: the leaf, then the intermediate */
static void
assert_file_chain (const char *path,
                   const char *ca_file,
                   GPtrArray  *chain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = cv_report_new_for_file (path, ca_file, &error);
  GListModel *certificates;

  g_assert_no_error (error);
  certificates = cv_report_get_certificates (report);
  g_assert_cmpuint (g_list_model_get_n_items (certificates), ==, chain->len);
  for (guint i = 0; i < chain->len; i++)
    {
      g_autoptr(CvCertificate) certificate = g_list_model_get_item (certificates, i);

      g_assert_true (g_bytes_equal (cv_certificate_get_der (certificate), chain->pdata[i]));
    }
  g_assert_true (cv_report_get_valid (report));
}

/* Certificates in files as other tools write them: DER one after another (cat
 * int.der leaf.der), OpenSSL's trusted PEM, alone or with plain blocks, and a
 * PKCS #7 bundle followed by a plain block */
static void
test_file_concatenated_and_trusted (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  g_autoptr(GByteArray) ders = g_byte_array_new ();
  g_autofree char *leaf_trusted = cv_test_trusted_pem (chain->pdata[0]);
  g_autofree char *issuer_trusted = cv_test_trusted_pem (chain->pdata[1]);
  const char *second = strstr (chain_pem + 1, "-----BEGIN CERTIFICATE-----");
  g_autofree char *all_trusted = g_strconcat (issuer_trusted, leaf_trusted, NULL);
  g_autofree char *mixed = g_strconcat (leaf_trusted, second, NULL);
  g_autofree char *der_path = NULL;
  g_autofree char *trusted_path = NULL;
  g_autofree char *mixed_path = NULL;
  g_autofree char *broken_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) broken = NULL;

  g_assert_cmpuint (chain->len, ==, 2);
  g_assert_nonnull (second);
  /* The intermediate first, as people put files together */
  g_byte_array_append (ders, g_bytes_get_data (chain->pdata[1], NULL),
                       g_bytes_get_size (chain->pdata[1]));
  g_byte_array_append (ders, g_bytes_get_data (chain->pdata[0], NULL),
                       g_bytes_get_size (chain->pdata[0]));
  der_path = write_file (fixture, "chain.der", (const char *) ders->data, ders->len);
  assert_file_chain (der_path, fixture->tmp.ca_file, chain);

  trusted_path = write_file (fixture, "trusted.pem", all_trusted, -1);
  assert_file_chain (trusted_path, fixture->tmp.ca_file, chain);
  mixed_path = write_file (fixture, "mixed.pem", mixed, -1);
  assert_file_chain (mixed_path, fixture->tmp.ca_file, chain);

  /* A PKCS #7 bundle of the intermediate, then the leaf as a plain block */
  {
    g_autoptr(GPtrArray) issuer = g_ptr_array_new ();
    g_autoptr(GBytes) bundle = NULL;
    g_autofree char *leaf_block = g_strndup (chain_pem, second - chain_pem);
    g_autofree char *with_bundle = NULL;
    g_autofree char *bundle_path = NULL;
    g_autofree char *bundle_text = NULL;

    g_ptr_array_add (issuer, chain->pdata[1]);
    bundle = cv_test_pkcs7_bundle (issuer, GNUTLS_X509_FMT_PEM);
    bundle_text = g_strndup (g_bytes_get_data (bundle, NULL), g_bytes_get_size (bundle));
    with_bundle = g_strconcat (bundle_text, leaf_block, NULL);
    bundle_path = write_file (fixture, "bundle-and-leaf.pem", with_bundle, -1);
    assert_file_chain (bundle_path, fixture->tmp.ca_file, chain);
  }

  /* Certificates followed by something else are a damaged file, and said so */
  {
    g_autoptr(GError) trailing_error = NULL;
    g_autoptr(CvReport) trailing = NULL;
    g_autofree char *trailing_path = NULL;

    g_byte_array_append (ders, (const guint8 *) "\x30\x03\x02\x01\x05", 5);
    trailing_path = write_file (fixture, "trailing.der", (const char *) ders->data, ders->len);
    trailing = cv_report_new_for_file (trailing_path, fixture->tmp.ca_file, &trailing_error);
    g_assert_null (trailing);
    g_assert_error (trailing_error, CV_ERROR, CV_ERROR_CERTIFICATE);
    g_assert_nonnull (strstr (trailing_error->message, "followed by data that is not a "
                                                       "certificate"));
  }

  /* A trusted block whose contents are not DER is a damaged file */
  broken_path = write_file (fixture, "broken-trusted.pem",
                            "-----BEGIN TRUSTED CERTIFICATE-----\n"
                            "bm90IGEgY2VydGlmaWNhdGU=\n"
                            "-----END TRUSTED CERTIFICATE-----\n", -1);
  broken = cv_report_new_for_file (broken_path, fixture->tmp.ca_file, &error);
  g_assert_null (broken);
  g_assert_error (error, CV_ERROR, CV_ERROR_CERTIFICATE);
}

static void
test_file_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char garbage[] = "\x01\x02 this is neither PEM nor DER \xff";
  g_autofree char *garbage_path = write_file (fixture, "garbage.bin", garbage, sizeof garbage - 1);
  g_autofree char *empty_path = write_file (fixture, "empty.pem", "", 0);
  g_autofree char *broken_path = write_file (fixture, "broken.pem",
                                             "-----BEGIN CERTIFICATE-----\n"
                                             "bm90IGEgY2VydGlmaWNhdGU=\n"
                                             "-----END CERTIFICATE-----\n", -1);
  g_autofree char *bad_der_path = write_file (fixture, "bad.der", "\x30\x82\x01\x00\x30", 5);
  g_autofree char *broken_pkcs7_path = write_file (fixture, "broken.p7b",
                                                   "-----BEGIN PKCS7-----\n"
                                                   "bm90IGEgYnVuZGxl\n"
                                                   "-----END PKCS7-----\n", -1);
  g_autofree char *missing_path = g_build_filename (fixture->tmp.dir, "missing.pem", NULL);
  struct {
    const char *path;
    int         code;
  } cases[] = {
    { garbage_path, CV_ERROR_CERTIFICATE },
    { empty_path, CV_ERROR_CERTIFICATE },
    { broken_path, CV_ERROR_CERTIFICATE },
    { bad_der_path, CV_ERROR_CERTIFICATE },
    { broken_pkcs7_path, CV_ERROR_CERTIFICATE },
    { missing_path, CV_ERROR_FILE },
    { fixture->tmp.dir, CV_ERROR_FILE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvReport) report = NULL;
      g_autofree char *base = g_path_get_basename (cases[i].path);

      report = cv_report_new_for_file (cases[i].path, fixture->tmp.ca_file, &error);
      g_assert_error (error, CV_ERROR, cases[i].code);
      g_assert_null (report);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, base));
    }
}

/* Finding: a private key, a certificate request or a PKCS #12 bundle given for
 * the certificate was said to be "neither PEM nor DER", or a damaged certificate */
static void
test_file_other_contents (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *key = g_build_filename (fixture->tmp.dir, "server.key", NULL);
  g_autofree char *certificate = g_build_filename (fixture->tmp.dir, "server.pem", NULL);
  g_autofree char *request = g_build_filename (fixture->tmp.dir, "server.csr", NULL);
  g_autofree char *public_key = g_build_filename (fixture->tmp.dir, "server.pub", NULL);
  g_autofree char *bundle = g_build_filename (fixture->tmp.dir, "server bundle.p12", NULL);
  g_autofree char *crl = write_file (fixture, "list.pem",
                                     "-----BEGIN X509 CRL-----\nbm90\n-----END X509 CRL-----\n",
                                     -1);
  /* Findings: a certificate whose name holds a PEM line was taken for a key; a
   * label's controls reached the terminal; text that mentions a PEM line was
   * said to hold one */
  g_autofree char *edwards_key = g_build_filename (fixture->tmp.dir, "ed.key", NULL);
  g_autofree char *named_pem = g_build_filename (fixture->tmp.dir, "named.pem", NULL);
  g_autofree char *named_der = g_build_filename (fixture->tmp.dir, "named.der", NULL);
  g_autofree char *controls = write_file (fixture, "controls.pem",
                                          "-----BEGIN \033]0;title\007-----\nAAAA\n"
                                          "-----END X-----\n", -1);
  g_autofree char *mention = write_file (fixture, "mention.txt",
                                         "paste what starts with -----BEGIN and ends with "
                                         "-----END into the box\n", -1);
  const char *make[][18] = {
    { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
      "-nodes", "-subj", "/CN=other.example", "-days", "1", "-keyout", key, "-out",
      certificate },
    { "openssl", "req", "-new", "-key", key, "-subj", "/CN=other.example", "-out", request },
    { "openssl", "pkey", "-in", key, "-pubout", "-out", public_key },
    { "openssl", "pkcs12", "-export", "-in", certificate, "-inkey", key, "-passout", "pass:",
      "-out", bundle },
    { "openssl", "genpkey", "-algorithm", "ed25519", "-out", edwards_key },
    { "openssl", "req", "-x509", "-key", edwards_key, "-days", "1", "-subj",
      "/CN=named.example/O=-----BEGIN PRIVATE KEY-----", "-out", named_pem },
    { "openssl", "x509", "-in", named_pem, "-outform", "DER", "-out", named_der },
  };
  struct {
    const char *path;
    const char *says;
  } cases[] = {
    { key, "holds a private key, not a certificate" },
    { request, "holds a certificate request, not a certificate" },
    { public_key, "holds a public key, not a certificate" },
    { crl, "of the kind “X509 CRL”" },
    { bundle, "openssl pkcs12 -in '" },
    { controls, "neither PEM nor DER" },
    { mention, "neither PEM nor DER" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (make); i++)
    {
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) make[i], NULL,
                    G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }

  /* Finding: a CA file that is not there was not named as the CA file */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *missing = g_build_filename (fixture->tmp.dir, "no-ca.pem", NULL);
    g_autoptr(CvReport) report = cv_report_new_for_file (certificate, missing, &error);

    g_assert_null (report);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "no-ca.pem"));
    g_assert_nonnull (strstr (error->message, "Check the path of the CA file."));
  }

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvReport) report = cv_report_new_for_file (cases[i].path, NULL, &error);

      g_assert_null (report);
      g_assert_error (error, CV_ERROR, CV_ERROR_CERTIFICATE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  for (guint der = 0; der < 2; der++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvReport) report = cv_report_new_for_file (der ? named_der : named_pem, NULL,
                                                           &error);

      g_assert_no_error (error);
      g_assert_nonnull (report);
    }
}

/* The tree and the two formats */

static void
test_tree (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_NONE, "localhost");
  GListModel *tree = cv_report_get_tree (report);
  static const char *expected[] = {
    "issued-to", "issued-by", "validity", "fingerprints", "public-key", "signature",
    "extensions", "chain", "revocation",
  };
  g_autoptr(CvSection) chain = NULL;
  g_autoptr(CvSection) revocation = NULL;
  g_autoptr(CvField) server = NULL;
  g_autoptr(CvField) intermediate = NULL;
  g_autoptr(CvField) root = NULL;
  GListModel *fields;

  g_assert_true (g_list_model_get_item_type (tree) == CV_TYPE_SECTION);
  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (tree, i);

      g_assert_cmpstr (cv_section_get_id (section), ==, expected[i]);
    }

  /* A file's revocation is not checked, and the tree says so and why */
  revocation = g_list_model_get_item (tree, G_N_ELEMENTS (expected) - 1);
  g_assert_cmpstr (cv_section_get_title (revocation), ==, "Revocation");
  g_assert_cmpstr (cv_field_get_value (cv_section_find_field (revocation, "status")), ==,
                   "Not checked");
  g_assert_nonnull (strstr (cv_field_get_value (cv_section_find_field (revocation, "why")),
                            "not in a certificate file"));
  g_assert_null (cv_report_get_revocation (report));

  chain = g_list_model_get_item (tree, G_N_ELEMENTS (expected) - 2);
  g_assert_cmpstr (cv_section_get_title (chain), ==, "Certificate Chain");
  fields = cv_section_get_fields (chain);
  g_assert_cmpuint (g_list_model_get_n_items (fields), ==, 3);

  server = g_list_model_get_item (fields, 0);
  g_assert_cmpstr (cv_field_get_id (server), ==, "certificate-0");
  g_assert_cmpstr (cv_field_get_label (server), ==, "Server certificate");
  g_assert_cmpstr (cv_field_get_value (server), ==, "localhost");
  g_assert_true (cv_field_get_children (server) ==
                 cv_certificate_get_sections (cv_report_get_leaf (report)));

  intermediate = g_list_model_get_item (fields, 1);
  g_assert_cmpstr (cv_field_get_id (intermediate), ==, "certificate-1");
  g_assert_cmpstr (cv_field_get_label (intermediate), ==, "Intermediate certificate 1");
  g_assert_cmpstr (cv_field_get_value (intermediate), ==, "Certview Test Intermediate CA");
  g_assert_cmpuint (g_list_model_get_n_items (cv_field_get_children (intermediate)), ==, 7);

  /* The root the chain reached, from the CA file */
  root = g_list_model_get_item (fields, 2);
  g_assert_cmpstr (cv_field_get_id (root), ==, "trusted-root");
  g_assert_cmpstr (cv_field_get_label (root), ==, "Trusted root (not in the chain)");
  g_assert_cmpstr (cv_field_get_value (root), ==, "Certview Test Root CA");
  g_assert_true (cv_field_get_certificate (root) == cv_report_get_trusted_root (report));
  g_assert_cmpuint (g_list_model_get_n_items (cv_field_get_children (root)), ==, 7);
}

/* Each member of the chain hands out its certificate; no other field has one */
static void
test_chain_field_certificate (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture, CV_CERT_PROBLEM_NONE, "localhost");
  GListModel *tree = cv_report_get_tree (report);
  GListModel *certificates = cv_report_get_certificates (report);
  guint n_sections = g_list_model_get_n_items (tree);
  /* A file's last part is its revocation, not checked */
  g_autoptr(CvSection) chain = g_list_model_get_item (tree, n_sections - 2);
  GListModel *fields = cv_section_get_fields (chain);
  g_autoptr(CvSection) issued_to = g_list_model_get_item (tree, 0);
  g_autoptr(CvField) plain = g_list_model_get_item (cv_section_get_fields (issued_to), 0);

  g_assert_cmpstr (cv_section_get_id (chain), ==, "chain");
  /* The certificates of the chain, then the root it reached */
  g_assert_cmpuint (g_list_model_get_n_items (fields), ==,
                    g_list_model_get_n_items (certificates) + 1);
  for (guint i = 0; i < g_list_model_get_n_items (certificates); i++)
    {
      g_autoptr(CvField) field = g_list_model_get_item (fields, i);
      g_autoptr(CvCertificate) certificate = g_list_model_get_item (certificates, i);
      g_autoptr(CvCertificate) property = NULL;

      g_assert_true (cv_field_get_certificate (field) == certificate);
      g_object_get (field, "certificate", &property, NULL);
      g_assert_true (property == certificate);
    }
  g_assert_null (cv_field_get_certificate (plain));
}

/* The member @position of the tree's Certificate Chain part; -1 for the last */
static CvField *
chain_member (CvReport *report,
              gint      position)
{
  GListModel *tree = cv_report_get_tree (report);
  guint n_sections = g_list_model_get_n_items (tree);

  for (guint i = 0; i < n_sections; i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (tree, i);
      GListModel *fields = cv_section_get_fields (section);

      if (g_strcmp0 (cv_section_get_id (section), "chain") == 0)
        return g_list_model_get_item (fields, position >= 0
                                              ? (guint) position
                                              : g_list_model_get_n_items (fields) - 1);
    }
  g_assert_not_reached ();
}

static CvField *
last_chain_member (CvReport *report)
{
  return chain_member (report, -1);
}

/* The trust anchor a chain reached is listed when the chain does not hold it */
static void
test_trusted_root (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *ca_pem = cv_cert_factory_get_ca_pem (fixture->factory);
  const char *intermediate_pem = cv_cert_factory_get_intermediate_pem (fixture->factory);
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  g_autoptr(GPtrArray) root = cv_test_chain_from_pem (ca_pem);
  g_autoptr(GPtrArray) with_root = cv_test_chain_from_pem (chain_pem);
  g_autoptr(GPtrArray) leaf_alone = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_bytes_unref);
  g_autofree char *intermediate_ca = write_file (fixture, "intermediate.pem", intermediate_pem,
                                                 -1);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (with_root, g_bytes_ref (g_ptr_array_index (root, 0)));
  g_ptr_array_add (leaf_alone, g_bytes_ref (g_ptr_array_index (chain, 0)));

  /* Leaf and intermediate, the root from the CA file: listed, and never one of
   * the certificates the chain holds */
  {
    g_autoptr(CvReport) report = cv_report_new_for_chain (chain, "localhost",
                                                          fixture->tmp.ca_file, &error);
    g_autoptr(CvField) last = NULL;
    CvCertificate *trusted;

    g_assert_no_error (error);
    trusted = cv_report_get_trusted_root (report);
    g_assert_nonnull (trusted);
    g_assert_true (g_bytes_equal (cv_certificate_get_der (trusted),
                                  g_ptr_array_index (root, 0)));
    g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_certificates (report)), ==, 2);
    last = last_chain_member (report);
    g_assert_true (cv_field_get_certificate (last) == trusted);
    g_assert_false (cv_field_get_invalid (last));
  }

  /* A chain that holds its root lists it once, as the chain's */
  {
    g_autoptr(CvReport) report = cv_report_new_for_chain (with_root, "localhost",
                                                          fixture->tmp.ca_file, &error);
    g_autoptr(CvField) last = NULL;

    g_assert_no_error (error);
    g_assert_true (cv_report_get_valid (report));
    g_assert_null (cv_report_get_trusted_root (report));
    last = last_chain_member (report);
    g_assert_cmpstr (cv_field_get_id (last), ==, "certificate-2");
    g_assert_cmpstr (cv_field_get_label (last), ==, "Root certificate");
  }

  /* No anchor reached: nothing to list */
  {
    g_autoptr(CvReport) report = cv_report_new_for_chain (chain, "localhost", NULL, &error);
    g_autoptr(CvField) last = NULL;

    g_assert_no_error (error);
    g_assert_false (cv_report_get_valid (report));
    g_assert_null (cv_report_get_trusted_root (report));
    last = last_chain_member (report);
    g_assert_cmpstr (cv_field_get_id (last), ==, "certificate-1");
  }

  /* An invalid chain that reaches an anchor still shows which */
  {
    g_autofree char *expired_pem = issue_pem (fixture, CV_CERT_PROBLEM_EXPIRED);
    g_autoptr(GPtrArray) expired = cv_test_chain_from_pem (expired_pem);
    g_autoptr(CvReport) report = cv_report_new_for_chain (expired, "localhost",
                                                          fixture->tmp.ca_file, &error);

    g_assert_no_error (error);
    g_assert_false (cv_report_get_valid (report));
    g_assert_nonnull (cv_report_get_trusted_root (report));
  }

  /* The intermediate trusted as an anchor of its own: the chain holds it */
  {
    g_autoptr(CvReport) report = cv_report_new_for_chain (chain, "localhost", intermediate_ca,
                                                          &error);

    g_assert_no_error (error);
    g_assert_true (cv_report_get_valid (report));
    g_assert_null (cv_report_get_trusted_root (report));
  }

  /* ...and a leaf sent alone reaches it: an authority, not a root */
  {
    g_autoptr(CvReport) report = cv_report_new_for_chain (leaf_alone, "localhost",
                                                          intermediate_ca, &error);
    g_autoptr(CvField) last = NULL;

    g_assert_no_error (error);
    g_assert_true (cv_report_get_valid (report));
    last = last_chain_member (report);
    g_assert_cmpstr (cv_field_get_id (last), ==, "trusted-root");
    g_assert_cmpstr (cv_field_get_label (last), ==, "Trusted authority (not in the chain)");
    g_assert_cmpstr (cv_field_get_value (last), ==, "Certview Test Intermediate CA");
  }

  /* Two roots of one name ("Test CA"), each key its own (no key identifiers
   * tell them apart): the one listed is the one whose key signed the chain */
  {
    g_autofree char *pem_a = NULL;
    g_autofree char *pem_b = NULL;
    g_autoptr(GBytes) root_a = NULL;
    g_autoptr(GBytes) root_b = NULL;
    g_autoptr(GBytes) leaf_a = NULL;
    g_autoptr(GBytes) leaf_b = NULL;
    g_autoptr(GPtrArray) chain_a = g_ptr_array_new_with_free_func (
      (GDestroyNotify) g_bytes_unref);
    g_autofree char *both = NULL;
    g_autofree char *both_file = NULL;
    g_autofree char *other_file = NULL;
    g_autoptr(CvReport) report = NULL;
    g_autoptr(CvReport) forged = NULL;

    make_test_chain (86400, GNUTLS_KP_TLS_WWW_SERVER, "a.example", &pem_a, &root_a, &leaf_a);
    make_test_chain (86400, GNUTLS_KP_TLS_WWW_SERVER, "b.example", &pem_b, &root_b, &leaf_b);
    g_ptr_array_add (chain_a, g_bytes_ref (leaf_a));
    both = g_strconcat (pem_b, pem_a, NULL);
    both_file = write_file (fixture, "twins.pem", both, -1);
    other_file = write_file (fixture, "other-twin.pem", pem_b, -1);

    report = cv_report_new_for_chain (chain_a, "a.example", both_file, &error);
    g_assert_no_error (error);
    g_assert_true (cv_report_get_valid (report));
    g_assert_nonnull (cv_report_get_trusted_root (report));
    g_assert_true (g_bytes_equal (cv_certificate_get_der (cv_report_get_trusted_root (report)),
                                  root_a));

    /* Only the other one trusted: its name is the issuer's, its key signed nothing */
    forged = cv_report_new_for_chain (chain_a, "a.example", other_file, &error);
    g_assert_no_error (error);
    g_assert_false (cv_report_get_valid (forged));
    g_assert_null (cv_report_get_trusted_root (forged));
  }

  /* A certificate of the issuer's name and key identifier but another key
   * vouches for nothing: the chain reached no anchor */
  {
    g_autofree char *impostor_pem = NULL;
    g_autofree char *impostor_key = NULL;
    g_autofree char *impostor_ca = NULL;
    g_autoptr(CvReport) report = NULL;

    g_assert_true (cv_cert_factory_get_impostor (fixture->factory, &impostor_pem,
                                                 &impostor_key, &error));
    impostor_ca = write_file (fixture, "impostor.pem", impostor_pem, -1);
    report = cv_report_new_for_chain (leaf_alone, "localhost", impostor_ca, &error);
    g_assert_no_error (error);
    g_assert_false (cv_report_get_valid (report));
    g_assert_null (cv_report_get_trusted_root (report));
  }

  /* An extra self-signed certificate sent last is no root of the chain */
  {
    g_autofree char *other_pem = NULL;
    g_autoptr(GBytes) other = NULL;
    g_autoptr(GBytes) other_leaf = NULL;
    g_autoptr(GPtrArray) with_other = cv_test_chain_from_pem (chain_pem);
    g_autoptr(CvReport) report = NULL;
    g_autoptr(CvField) last = NULL;
    g_autoptr(CvField) extra = NULL;

    make_test_chain (86400, GNUTLS_KP_TLS_WWW_SERVER, "other.example", &other_pem, &other,
                     &other_leaf);
    g_ptr_array_add (with_other, g_bytes_ref (other));
    report = cv_report_new_for_chain (with_other, "localhost", fixture->tmp.ca_file, &error);
    g_assert_no_error (error);
    g_assert_true (cv_report_get_valid (report));
    last = last_chain_member (report);
    g_assert_cmpstr (cv_field_get_id (last), ==, "trusted-root");
    extra = chain_member (report, 2);
    g_assert_cmpstr (cv_field_get_id (extra), ==, "certificate-2");
    g_assert_cmpstr (cv_field_get_label (extra), ==, "Unrelated certificate 2");
  }

  /* A file says what it lacks */
  {
    g_autofree char *path = write_file (fixture, "chain.pem", chain_pem, -1);
    g_autoptr(CvReport) report = cv_report_new_for_file (path, fixture->tmp.ca_file, &error);
    g_autoptr(CvField) last = NULL;
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    last = last_chain_member (report);
    g_assert_cmpstr (cv_field_get_label (last), ==, "Trusted root (not in the file)");
    text = cv_report_to_text (report);
    g_assert_nonnull (strstr (text, "\n  Trusted root (not in the file): Certview Test Root CA\n"));
  }
}

/* An authority whose own signature was changed: its certificate is named, not
 * the server's, whose signature holds; and no anchor was reached */
static void
test_tampered_authority (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  GBytes *intermediate = g_ptr_array_index (chain, 1);
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data (intermediate, &size);
  guint8 *der = g_memdup2 (bytes, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  CvReason *reason;

  /* The last byte is the signature's */
  g_assert_cmpuint (size, >, 0);
  der[size - 1] ^= 0x01;
  g_ptr_array_index (chain, 1) = g_bytes_new_take (der, size);
  g_bytes_unref (intermediate);

  report = cv_report_new_for_chain (chain, "localhost", fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  g_assert_false (cv_report_get_valid (report));
  g_assert_cmpuint (cv_report_get_reasons (report)->len, ==, 1);
  reason = g_ptr_array_index (cv_report_get_reasons (report), 0);
  g_assert_cmpstr (reason->code, ==, "bad-signature");
  g_assert_cmpstr (reason->message, ==,
                   "The signature on the certificate of “Certview Test Intermediate CA” in "
                   "the chain does not match its issuer: the certificate may have been "
                   "tampered with.");
  g_assert_null (cv_report_get_trusted_root (report));
}

static CvProbeResult *
probe_result_for (Fixture       *fixture,
                  CvCertProblem  problems,
                  const char    *host,
                  const char    *server_name)
{
  g_autofree char *chain_pem = issue_pem (fixture, problems);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  g_autoptr(CvTarget) target = cv_target_new (host, 2121, CV_PROTOCOL_FTP_EXPLICIT);
  CvProbeResult *result = cv_probe_result_new (target);

  for (guint i = 0; i < chain->len; i++)
    cv_probe_result_add_certificate (result, g_ptr_array_index (chain, i));
  cv_probe_result_set_connection_info (result, "TLS1.3", "AES-256-GCM", "ECDHE-SECP256R1",
                                       server_name, "127.0.0.1:2121",
                                       "220 Welcome\r\nto the \033[31mdemo");
  cv_probe_result_set_session_details (result, "AEAD", "ECDSA-SECP256R1-SHA256");
  return result;
}

static void
test_probe_report (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CvProbeResult) result = probe_result_for (fixture, CV_CERT_PROBLEM_NONE, "127.0.0.1",
                                                      NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(CvSection) connection = NULL;
  GListModel *tree;
  guint n_sections;
  CvField *field;

  report = cv_report_new_for_probe (result, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  g_assert_true (cv_report_get_valid (report));
  g_assert_true (cv_report_get_probe_result (report) == result);
  {
    g_autoptr(CvField) last = last_chain_member (report);

    g_assert_cmpstr (cv_field_get_label (last), ==, "Trusted root (not sent)");
  }

  tree = cv_report_get_tree (report);
  n_sections = g_list_model_get_n_items (tree);
  connection = g_list_model_get_item (tree, n_sections - 1);
  g_assert_cmpstr (cv_section_get_id (connection), ==, "connection");
  g_assert_cmpstr (cv_section_get_title (connection), ==, "Connection");

  field = cv_section_find_field (connection, "tls-version");
  g_assert_cmpstr (cv_field_get_value (field), ==, "TLS1.3");
  field = cv_section_find_field (connection, "server-name");
  g_assert_cmpstr (cv_field_get_label (field), ==, "Server Name (SNI)");
  g_assert_cmpstr (cv_field_get_value (field), ==, "None (IP address)");
  field = cv_section_find_field (connection, "peer-address");
  g_assert_cmpstr (cv_field_get_value (field), ==, "127.0.0.1:2121");
  field = cv_section_find_field (connection, "protocol");
  g_assert_cmpstr (cv_field_get_value (field), ==,
                   cv_protocol_get_label (CV_PROTOCOL_FTP_EXPLICIT));
  field = cv_section_find_field (connection, "greeting");
  g_assert_cmpstr (cv_field_get_label (field), ==, "FTP Greeting");
  g_assert_cmpstr (cv_field_get_value (field), ==, "220 Welcome  to the \357\277\275[31mdemo");
}

/* What the server asked of the client: a row only when it asked, a JSON member
 * always; a handshake that ended for want of a certificate agreed no cipher in
 * use */
static void
test_client_certificate (Fixture       *fixture,
                         gconstpointer  data)
{
  const struct {
    CvClientCertificate asked;
    const char *row;
    const char *json;
  } cases[] = {
    { CV_CLIENT_CERTIFICATE_NOT_REQUESTED, NULL, "not-requested" },
    { CV_CLIENT_CERTIFICATE_REQUESTED, "Asked for; Certview sends none", "requested" },
    { CV_CLIENT_CERTIFICATE_REQUIRED, "Required: the server asked for one and ended the "
      "handshake without it (Certview sends none). What it sent before is shown.", "required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CvProbeResult) result = probe_result_for (fixture, CV_CERT_PROBLEM_NONE,
                                                          "localhost", "localhost");
      g_autoptr(GError) error = NULL;
      g_autoptr(CvReport) report = NULL;
      g_autoptr(CvSection) connection = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *json = NULL;
      GListModel *tree;
      CvField *field;
      JsonObject *root;
      gboolean ended = cases[i].asked == CV_CLIENT_CERTIFICATE_REQUIRED;

      if (ended)
        {
          cv_probe_result_set_connection_info (result, "TLS1.2", NULL, "ECDHE-SECP256R1",
                                               "localhost", "127.0.0.1:2121", NULL);
          cv_probe_result_set_session_details (result, NULL, "ECDSA-SECP256R1-SHA256");
        }
      cv_probe_result_set_client_certificate (result, cases[i].asked);
      report = cv_report_new_for_probe (result, fixture->tmp.ca_file, &error);
      g_assert_no_error (error);
      /* The certificate is judged as any other */
      g_assert_true (cv_report_get_valid (report));

      tree = cv_report_get_tree (report);
      connection = g_list_model_get_item (tree, g_list_model_get_n_items (tree) - 1);
      field = cv_section_find_field (connection, "client-certificate");
      if (cases[i].row == NULL)
        {
          g_assert_null (field);
        }
      else
        {
          g_assert_nonnull (field);
          g_assert_cmpstr (cv_field_get_label (field), ==, "Client Certificate");
          g_assert_cmpstr (cv_field_get_value (field), ==, cases[i].row);
        }
      field = cv_section_find_field (connection, "cipher");
      g_assert_cmpstr (cv_field_get_value (field), ==,
                       ended ? "None: the handshake ended first" : "AES-256-GCM");
      field = cv_section_find_field (connection, "mac");
      g_assert_cmpstr (cv_field_get_value (field), ==,
                       ended ? "None: the handshake ended first"
                             : "AEAD (the cipher authenticates)");

      json = cv_report_to_json (report);
      root = json_object_get_object_member (cv_test_parse_json (parser, json), "connection");
      g_assert_cmpstr (json_object_get_string_member (root, "client-certificate"), ==,
                       cases[i].json);
      if (ended)
        {
          g_assert_true (json_object_get_null_member (root, "cipher"));
          g_assert_true (json_object_get_null_member (root, "mac"));
        }
    }
}

static void
assert_certificate_json (JsonObject *certificate,
                         gboolean    may_be_invalid)
{
  JsonArray *sections = json_object_get_array_member (certificate, "sections");

  g_assert_true (g_str_has_prefix (json_object_get_string_member (certificate,
                                                                  "public-key-pin"),
                                   "sha256//"));
  g_assert_cmpuint (strlen (json_object_get_string_member (certificate, "sha256")), ==, 95);
  g_assert_nonnull (json_object_get_string_member (certificate, "subject"));
  g_assert_nonnull (json_object_get_string_member (certificate, "issuer"));
  g_assert_cmpuint (json_array_get_length (sections), ==, 7);

  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *section = json_array_get_object_element (sections, i);
      JsonArray *fields = json_object_get_array_member (section, "fields");

      g_assert_nonnull (json_object_get_string_member (section, "id"));
      g_assert_nonnull (json_object_get_string_member (section, "title"));
      g_assert_cmpuint (json_array_get_length (fields), >, 0);

      for (guint j = 0; j < json_array_get_length (fields); j++)
        {
          JsonObject *field = json_array_get_object_element (fields, j);
          gboolean invalid = json_object_get_boolean_member (field, "invalid");

          g_assert_nonnull (json_object_get_string_member (field, "id"));
          g_assert_nonnull (json_object_get_string_member (field, "label"));
          g_assert_nonnull (json_object_get_string_member (field, "value"));
          g_assert_true (json_object_has_member (field, "invalid"));
          /* "reason" only on invalid fields */
          g_assert_cmpint (json_object_has_member (field, "reason"), ==, invalid);
          if (invalid)
            {
              g_assert_true (may_be_invalid);
              g_assert_cmpuint (j, ==, 0);
              g_assert_nonnull (json_object_get_string_member (field, "reason"));
            }
        }
    }
}

static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture,
                                           CV_CERT_PROBLEM_EXPIRED | CV_CERT_PROBLEM_WRONG_HOST,
                                           "localhost");
  g_autofree char *json = cv_report_to_json (report);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = cv_test_parse_json (parser, json);
  JsonObject *target;
  JsonObject *verdict;
  JsonArray *reasons;
  JsonArray *certificates;
  JsonObject *leaf;
  JsonArray *sections;
  JsonObject *validity;
  JsonObject *not_before;
  JsonObject *trusted;
  g_autofree char *again = cv_report_to_json (report);

  g_assert_cmpstr (json, ==, again);
  g_assert_nonnull (strstr (json, "\n  \"verdict\""));

  g_assert_true (json_object_has_member (root, "target"));
  target = json_object_get_object_member (root, "target");
  g_assert_cmpstr (json_object_get_string_member (target, "host"), ==, "localhost");

  verdict = json_object_get_object_member (root, "verdict");
  g_assert_false (json_object_get_boolean_member (verdict, "valid"));
  reasons = json_object_get_array_member (verdict, "reasons");
  g_assert_cmpuint (json_array_get_length (reasons), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reasons, 0),
                                                  "section"), ==, "validity");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reasons, 0),
                                                  "code"), ==, "expired");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reasons, 1),
                                                  "section"), ==, "issued-to");
  g_assert_true (g_str_has_prefix (
    json_object_get_string_member (json_array_get_object_element (reasons, 1), "message"),
    "The certificate is issued for wrong.host.example, not for localhost"));

  g_assert_true (json_object_has_member (root, "connection"));
  g_assert_true (json_object_get_null_member (root, "connection"));

  certificates = json_object_get_array_member (root, "certificates");
  g_assert_cmpuint (json_array_get_length (certificates), ==, 2);
  assert_certificate_json (json_array_get_object_element (certificates, 0), TRUE);
  assert_certificate_json (json_array_get_object_element (certificates, 1), FALSE);

  leaf = json_array_get_object_element (certificates, 0);
  sections = json_object_get_array_member (leaf, "sections");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sections, 0),
                                                  "id"), ==, "issued-to");
  validity = json_array_get_object_element (sections, 2);
  g_assert_cmpstr (json_object_get_string_member (validity, "id"), ==, "validity");
  not_before = json_array_get_object_element (json_object_get_array_member (validity, "fields"),
                                              0);
  g_assert_cmpstr (json_object_get_string_member (not_before, "id"), ==, "not-before");
  g_assert_cmpstr (json_object_get_string_member (not_before, "label"), ==, "Issued On");
  g_assert_true (json_object_get_boolean_member (not_before, "invalid"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (not_before, "reason"),
                                   "The certificate expired on "));

  /* The root from the CA file, which the chain does not hold */
  trusted = json_object_get_object_member (root, "trusted-root");
  assert_certificate_json (trusted, FALSE);
  g_assert_cmpstr (json_object_get_string_member (trusted, "sha256"), ==,
                   cv_certificate_get_sha256 (cv_report_get_trusted_root (report)));
  g_assert_true (json_object_get_null_member (trusted, "revocation"));
}

static void
test_purpose_mismatch (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *client_ca_pem = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autoptr(GBytes) leaf = NULL;
  g_autofree char *client_ca_file = NULL;
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *marked = NULL;
  JsonObject *root;
  JsonObject *reason;

  /* A leaf for TLS clients only: verification fails on purpose, a reason of no section */
  make_test_chain (86400, GNUTLS_KP_TLS_WWW_CLIENT, "test.example", &client_ca_pem, &ca,
                   &leaf);
  client_ca_file = write_file (fixture, "client-ca.pem", client_ca_pem, -1);
  g_ptr_array_add (chain, g_bytes_ref (leaf));

  report = cv_report_new_for_chain (chain, NULL, client_ca_file, &error);
  g_assert_no_error (error);
  g_test_message ("client-only status 0x%x", cv_report_get_status (report));
  g_assert_false (cv_report_get_valid (report));
  g_assert_nonnull (find_reason (report, "purpose-mismatch"));
  g_assert_cmpint (find_reason (report, "purpose-mismatch")->section, ==,
                   CV_VERDICT_SECTION_NONE);
  marked = marked_sections (report);
  g_assert_cmpstr (marked, ==, "");

  json = cv_report_to_json (report);
  root = cv_test_parse_json (parser, json);
  g_assert_true (json_object_get_null_member (root, "target"));
  reason = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (root, "verdict"), "reasons"),
    0);
  g_assert_true (json_object_has_member (reason, "section"));
  g_assert_true (json_object_get_null_member (reason, "section"));
  g_assert_cmpstr (json_object_get_string_member (reason, "code"), ==, "purpose-mismatch");

  text = cv_report_to_text (report);
  g_assert_nonnull (strstr (text, "Verdict: INVALID\n  - The certificate is not meant"));
  g_assert_null (strstr (text, "[Invalid:"));
}

static void
test_json_probe_and_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CvProbeResult) result = probe_result_for (fixture, CV_CERT_PROBLEM_NONE, "localhost",
                                                      "localhost");
  g_autofree char *chain_pem = issue_pem (fixture, CV_CERT_PROBLEM_NONE);
  g_autofree char *path = write_file (fixture, "for-json.pem", chain_pem, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) probe_report = NULL;
  g_autoptr(CvReport) file_report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) file_parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *file_json = NULL;
  JsonObject *root;
  JsonObject *target;
  JsonObject *connection;

  probe_report = cv_report_new_for_probe (result, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  json = cv_report_to_json (probe_report);
  root = cv_test_parse_json (parser, json);

  target = json_object_get_object_member (root, "target");
  g_assert_cmpstr (json_object_get_string_member (target, "host"), ==, "localhost");
  g_assert_cmpint (json_object_get_int_member (target, "port"), ==, 2121);
  g_assert_cmpstr (json_object_get_string_member (target, "protocol"), ==, "ftp-explicit-tls");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root,
                                                                                "verdict"),
                                                 "valid"));
  connection = json_object_get_object_member (root, "connection");
  g_assert_cmpstr (json_object_get_string_member (connection, "tls-version"), ==, "TLS1.3");
  g_assert_cmpstr (json_object_get_string_member (connection, "cipher"), ==, "AES-256-GCM");
  g_assert_cmpstr (json_object_get_string_member (connection, "key-exchange"), ==,
                   "ECDHE-SECP256R1");
  g_assert_cmpstr (json_object_get_string_member (connection, "mac"), ==, "AEAD");
  g_assert_cmpstr (json_object_get_string_member (connection, "signature-algorithm"), ==,
                   "ECDSA-SECP256R1-SHA256");
  g_assert_cmpstr (json_object_get_string_member (connection, "server-name"), ==, "localhost");
  g_assert_cmpstr (json_object_get_string_member (connection, "address"), ==,
                   "127.0.0.1:2121");

  file_report = cv_report_new_for_file (path, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  file_json = cv_report_to_json (file_report);
  root = cv_test_parse_json (file_parser, file_json);
  target = json_object_get_object_member (root, "target");
  g_assert_cmpstr (json_object_get_string_member (target, "file"), ==, path);
  g_assert_false (json_object_has_member (target, "host"));
  g_assert_true (json_object_get_null_member (root, "connection"));
}

/* The line of @text that starts with @prefix, or NULL */
static char *
find_line (const char *text,
           const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], prefix))
        return g_strdup (lines[i]);
    }

  return NULL;
}

static void
test_text (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(CvReport) report = report_for (fixture,
                                           CV_CERT_PROBLEM_EXPIRED | CV_CERT_PROBLEM_WRONG_HOST,
                                           "localhost");
  g_autofree char *text = cv_report_to_text (report);
  g_autofree char *again = cv_report_to_text (report);
  g_autofree char *common_name = find_line (text, "  Common Name: wrong.host.example");
  g_autofree char *issued_on = find_line (text, "  Issued On: ");
  g_autofree char *expires_on = find_line (text, "  Expires On: ");
  g_autofree char *issuer = find_line (text, "  Common Name: Certview Test Intermediate CA");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_test_message ("%s", text);
  g_assert_cmpstr (text, ==, again);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\033'));

  g_assert_cmpstr (lines[0], ==, "Host: localhost");
  g_assert_cmpstr (lines[1], ==, "Verdict: INVALID");
  g_assert_true (g_str_has_prefix (lines[2], "  - The certificate expired on "));
  g_assert_cmpstr (lines[3], ==,
                   "  - The certificate is issued for wrong.host.example, not for localhost.");

  g_assert_nonnull (common_name);
  g_assert_cmpstr (common_name, ==,
                   "  Common Name: wrong.host.example  [Invalid: The certificate is issued "
                   "for wrong.host.example, not for localhost.]");
  g_assert_nonnull (issued_on);
  g_assert_nonnull (strstr (issued_on, "  [Invalid: The certificate expired on "));
  g_assert_nonnull (expires_on);
  g_assert_null (strstr (expires_on, "[Invalid:"));
  g_assert_nonnull (issuer);
  g_assert_null (strstr (issuer, "[Invalid:"));

  g_assert_nonnull (strstr (text, "\nCertificate Chain\n  Server certificate: "
                                  "wrong.host.example\n    Issued To\n      Common Name: "
                                  "wrong.host.example  [Invalid:"));
  g_assert_nonnull (strstr (text, "\n  Intermediate certificate 1: Certview Test "
                                  "Intermediate CA\n    Issued To\n      Common Name: "
                                  "Certview Test Intermediate CA\n"));
}

static void
test_text_valid_probe (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CvProbeResult) result = probe_result_for (fixture, CV_CERT_PROBLEM_NONE, "localhost",
                                                      "localhost");
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  report = cv_report_new_for_probe (result, fixture->tmp.ca_file, &error);
  g_assert_no_error (error);
  text = cv_report_to_text (report);
  lines = g_strsplit (text, "\n", -1);

  g_assert_true (g_str_has_prefix (lines[0], "Server: localhost:2121"));
  g_assert_cmpstr (lines[1], ==, "Verdict: valid");
  g_assert_null (strstr (text, "[Invalid:"));
  g_assert_nonnull (strstr (text, "\nConnection\n  Protocol: "));
  g_assert_nonnull (strstr (text, "\n  TLS Version: TLS1.3\n"));
  g_assert_nonnull (strstr (text, "\n  Server Name (SNI): localhost\n"));
  g_assert_null (strchr (text, '\033'));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, factory, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  ADD ("/certview/report/good", test_good);
  ADD ("/certview/report/without-ca-file", test_without_ca_file);
  ADD ("/certview/report/problems-under-untrusted-root", test_problems_under_untrusted_root);
  ADD ("/certview/report/expired", test_expired);
  ADD ("/certview/report/not-yet-valid", test_not_yet_valid);
  ADD ("/certview/report/wrong-host", test_wrong_host);
  ADD ("/certview/report/self-signed", test_self_signed);
  ADD ("/certview/report/untrusted-root", test_untrusted_root);
  ADD ("/certview/report/incomplete-chain", test_incomplete_chain);
  ADD ("/certview/report/sha1", test_sha1);
  ADD ("/certview/report/weak-key", test_weak_key);
  ADD ("/certview/report/unrelated-extra", test_unrelated_extra);
  ADD ("/certview/report/address-as-name", test_address_as_name);
  ADD ("/certview/report/final-dot", test_final_dot);
  ADD ("/certview/report/expired-wrong-host", test_expired_wrong_host);
  ADD ("/certview/report/self-signed-expired", test_self_signed_expired);
  ADD ("/certview/report/ip-hostnames", test_ip_hostnames);
  ADD ("/certview/report/no-hostname", test_no_hostname);
  ADD ("/certview/report/long-chain", test_long_chain);
  ADD ("/certview/report/bad-chains", test_bad_chains);
  ADD ("/certview/report/bad-ca-files", test_bad_ca_files);
  ADD ("/certview/report/reason-without-section", test_reason_without_section);
  ADD ("/certview/report/every-bit-has-a-sentence", test_every_bit_has_a_sentence);
  ADD ("/certview/report/chain-member-expired", test_chain_member_expired);
  ADD ("/certview/report/purpose-mismatch", test_purpose_mismatch);
  ADD ("/certview/report/file-pem-chain", test_file_pem_chain);
  ADD ("/certview/report/file-incomplete-chain", test_file_incomplete_chain);
  ADD ("/certview/report/file-pem-root-first", test_file_pem_root_first);
  ADD ("/certview/report/file-unrelated-ca-first", test_file_unrelated_ca_first);
  ADD ("/certview/report/file-der", test_file_der);
  ADD ("/certview/report/file-pkcs7", test_file_pkcs7);
  ADD ("/certview/report/file-concatenated-and-trusted", test_file_concatenated_and_trusted);
  ADD ("/certview/report/file-errors", test_file_errors);
  ADD ("/certview/report/file-other-contents", test_file_other_contents);
  ADD ("/certview/report/tree", test_tree);
  ADD ("/certview/report/chain-field-certificate", test_chain_field_certificate);
  ADD ("/certview/report/trusted-root", test_trusted_root);
  ADD ("/certview/report/tampered-authority", test_tampered_authority);
  ADD ("/certview/report/probe", test_probe_report);
  ADD ("/certview/report/client-certificate", test_client_certificate);
  ADD ("/certview/report/json", test_json);
  ADD ("/certview/report/json-probe-and-file", test_json_probe_and_file);
  ADD ("/certview/report/text", test_text);
  ADD ("/certview/report/text-valid-probe", test_text_valid_probe);

  return g_test_run ();
}
