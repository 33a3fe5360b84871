/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-test-util.h"
#include "cv-test-vsftpd.h"

/* One certificate problem served by a real vsftpd, and what certview must say */
typedef struct
{
  const char    *name;
  CvCertProblem  problems;
  int            status;
  const char    *marked;   /* sorted ids of the sections whose first field is Invalid */
  const char    *code;     /* a reason code that must be among the verdict's reasons */
} Case;

static const Case cases[] = {
  { "good", CV_CERT_PROBLEM_NONE, 0, "", NULL },
  { "expired", CV_CERT_PROBLEM_EXPIRED, 1, "validity", "expired" },
  { "not-yet-valid", CV_CERT_PROBLEM_NOT_YET_VALID, 1, "validity", "not-yet-valid" },
  { "wrong-host", CV_CERT_PROBLEM_WRONG_HOST, 1, "issued-to", "hostname-mismatch" },
  { "self-signed", CV_CERT_PROBLEM_SELF_SIGNED, 1, "issued-by", "self-signed" },
  { "untrusted-root", CV_CERT_PROBLEM_UNTRUSTED_ROOT, 1, "issued-by", "untrusted-issuer" },
  { "incomplete-chain", CV_CERT_PROBLEM_INCOMPLETE_CHAIN, 1, "issued-by", "untrusted-issuer" },
  { "sha1", CV_CERT_PROBLEM_SHA1, 1, "issued-by", "insecure-algorithm" },
  { "expired-wrong-host", CV_CERT_PROBLEM_EXPIRED | CV_CERT_PROBLEM_WRONG_HOST, 1,
    "issued-to,validity", "hostname-mismatch" },
};

static CvCertFactory *factory;

static gboolean
has_reason_code (JsonObject *root,
                 const char *code)
{
  JsonArray *reasons = json_object_get_array_member (
    json_object_get_object_member (root, "verdict"), "reasons");

  for (guint i = 0; i < json_array_get_length (reasons); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (reasons, i),
                                                  "code"), code) == 0)
      return TRUE;
  return FALSE;
}

static void
check_case (gconstpointer data,
            gboolean      implicit)
{
  const Case *test_case = data;
  g_auto(CvTestVsftpd) server = { 0 };
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *url = NULL;
  g_autofree char *marked = NULL;
  JsonObject *root;
  JsonObject *target;

  cv_test_vsftpd_start (&server, factory,
                        implicit ? CV_TEST_VSFTPD_IMPLICIT : CV_TEST_VSFTPD_EXPLICIT,
                        test_case->problems);
  url = g_strdup_printf ("%s://localhost:%u", implicit ? "ftps" : "ftp", server.port);
  cv_test_run_certview (&run, "--json", "--timeout", "10", "--ca-file", server.ca_file, url,
                        NULL);

  g_test_message ("%s: exit %d, stderr: %s", url, run.status, run.err);
  g_assert_cmpint (run.status, ==, test_case->status);
  root = cv_test_parse_json (parser, run.out);

  target = json_object_get_object_member (root, "target");
  g_assert_cmpstr (json_object_get_string_member (target, "host"), ==, "localhost");
  g_assert_cmpint (json_object_get_int_member (target, "port"), ==, server.port);
  g_assert_cmpstr (json_object_get_string_member (target, "protocol"), ==,
                   implicit ? "ftp-implicit-tls" : "ftp-explicit-tls");
  g_assert_cmpint (json_object_get_boolean_member (
                     json_object_get_object_member (root, "verdict"), "valid"),
                   ==, test_case->status == 0);

  marked = cv_test_marked_sections (root);
  g_assert_cmpstr (marked, ==, test_case->marked);
  if (test_case->code != NULL)
    g_assert_true (has_reason_code (root, test_case->code));
}

static void
test_explicit (gconstpointer data)
{
  check_case (data, FALSE);
}

static void
test_implicit (gconstpointer data)
{
  check_case (data, TRUE);
}

/* vsftpd with TLS switched off answers AUTH TLS with an error reply */
static void
test_auth_refused (void)
{
  g_auto(CvTestVsftpd) server = { 0 };
  g_auto(CvTestRun) run = { 0 };
  g_autofree char *url = NULL;

  cv_test_vsftpd_start (&server, factory, CV_TEST_VSFTPD_PLAIN, CV_CERT_PROBLEM_NONE);
  url = g_strdup_printf ("ftp://localhost:%u", server.port);
  cv_test_run_certview (&run, "--json", "--timeout", "10", url, NULL);

  g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "AUTH TLS"));
  g_assert_nonnull (strstr (run.err, "530"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *explicit_path = g_strdup_printf ("/certview/vsftpd/explicit/%s",
                                                        cases[i].name);
      g_autofree char *implicit_path = g_strdup_printf ("/certview/vsftpd/implicit/%s",
                                                        cases[i].name);

      g_test_add_data_func (explicit_path, &cases[i], test_explicit);
      g_test_add_data_func (implicit_path, &cases[i], test_implicit);
    }
  g_test_add_func ("/certview/vsftpd/auth-refused", test_auth_refused);

  status = g_test_run ();
  g_clear_object (&factory);
  return status;
}
