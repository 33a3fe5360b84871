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

/* What one test gets: the program's one certificate factory (making one generates
 * keys), how its vsftpd runs, and its row of cases[] (NULL for none) */
typedef struct
{
  CvCertFactory    *factory;
  CvTestVsftpdMode  mode;
  const Case       *test_case;
} VsftpdData;

/* The test's own vsftpd, serving a certificate with the case's problems */
static void
server_set_up (CvTestVsftpd  *server,
               gconstpointer  data)
{
  const VsftpdData *vsftpd = data;

  cv_test_vsftpd_start (server, vsftpd->factory, vsftpd->mode,
                        vsftpd->test_case != NULL ? vsftpd->test_case->problems
                                                  : CV_CERT_PROBLEM_NONE);
}

static void
server_tear_down (CvTestVsftpd  *server,
                  gconstpointer  data)
{
  cv_test_vsftpd_stop (server);
}

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

/* Explicit or implicit FTPS, as the data says */
static void
test_served (CvTestVsftpd  *server,
             gconstpointer  data)
{
  const VsftpdData *vsftpd = data;
  const Case *test_case = vsftpd->test_case;
  gboolean implicit = vsftpd->mode == CV_TEST_VSFTPD_IMPLICIT;
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *url = NULL;
  g_autofree char *marked = NULL;
  JsonObject *root;
  JsonObject *target;

  url = g_strdup_printf ("%s://localhost:%u", implicit ? "ftps" : "ftp", server->port);
  cv_test_run_certview (&run, "--json", "--timeout", "10", "--ca-file", server->ca_file, url,
                        NULL);

  g_test_message ("%s: exit %d, stderr: %s", url, run.status, run.err);
  g_assert_cmpint (run.status, ==, test_case->status);
  root = cv_test_parse_json (parser, run.out);

  target = json_object_get_object_member (root, "target");
  g_assert_cmpstr (json_object_get_string_member (target, "host"), ==, "localhost");
  g_assert_cmpint (json_object_get_int_member (target, "port"), ==, server->port);
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

/* vsftpd with TLS switched off answers AUTH TLS with an error reply */
static void
test_auth_refused (CvTestVsftpd  *server,
                   gconstpointer  data)
{
  g_auto(CvTestRun) run = { 0 };
  g_autofree char *url = NULL;

  url = g_strdup_printf ("ftp://localhost:%u", server->port);
  cv_test_run_certview (&run, "--json", "--timeout", "10", url, NULL);

  g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "AUTH TLS"));
  g_assert_nonnull (strstr (run.err, "530"));
}

/* A server that requires a client certificate: over TLS 1.3 it says so after the
 * handshake, over TLS 1.2 it ends the handshake; either way its certificate is
 * inspected, and the connection says what it asked for */
static void
test_client_certificate (CvTestVsftpd  *server,
                         gconstpointer  data)
{
  const struct { gboolean tls12_only; const char *version; const char *asked; } steps[] = {
    { FALSE, "TLS1.3", "requested" },
    { TRUE, "TLS1.2", "required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_auto(CvTestRun) run = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *url = NULL;
      JsonObject *root;
      JsonObject *connection;

      cv_test_vsftpd_restart_requiring_client_certificate (server, steps[i].tls12_only);
      url = g_strdup_printf ("ftp://localhost:%u", server->port);
      cv_test_run_certview (&run, "--json", "--timeout", "10", "--ca-file", server->ca_file,
                            url, NULL);

      g_test_message ("%s: exit %d, stderr: %s", steps[i].version, run.status, run.err);
      g_assert_cmpint (run.status, ==, 0);
      root = cv_test_parse_json (parser, run.out);
      connection = json_object_get_object_member (root, "connection");
      g_assert_cmpstr (json_object_get_string_member (connection, "tls-version"), ==,
                       steps[i].version);
      g_assert_cmpstr (json_object_get_string_member (connection, "client-certificate"), ==,
                       steps[i].asked);
      g_assert_true (json_object_get_boolean_member (
                       json_object_get_object_member (root, "verdict"), "valid"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;
  VsftpdData data[2 * G_N_ELEMENTS (cases) + 2];
  guint n_data = 0;

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *explicit_path = g_strdup_printf ("/certview/vsftpd/explicit/%s",
                                                        cases[i].name);
      g_autofree char *implicit_path = g_strdup_printf ("/certview/vsftpd/implicit/%s",
                                                        cases[i].name);

      data[n_data] = (VsftpdData) { factory, CV_TEST_VSFTPD_EXPLICIT, &cases[i] };
      g_test_add (explicit_path, CvTestVsftpd, &data[n_data++],
                  server_set_up, test_served, server_tear_down);
      data[n_data] = (VsftpdData) { factory, CV_TEST_VSFTPD_IMPLICIT, &cases[i] };
      g_test_add (implicit_path, CvTestVsftpd, &data[n_data++],
                  server_set_up, test_served, server_tear_down);
    }
  data[n_data] = (VsftpdData) { factory, CV_TEST_VSFTPD_EXPLICIT, NULL };
  g_test_add ("/certview/vsftpd/client-certificate", CvTestVsftpd, &data[n_data++],
              server_set_up, test_client_certificate, server_tear_down);
  data[n_data] = (VsftpdData) { factory, CV_TEST_VSFTPD_PLAIN, NULL };
  g_test_add ("/certview/vsftpd/auth-refused", CvTestVsftpd, &data[n_data++],
              server_set_up, test_auth_refused, server_tear_down);
  g_assert_cmpuint (n_data, ==, G_N_ELEMENTS (data));

  return g_test_run ();
}
