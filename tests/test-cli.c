/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>

#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-test-util.h"

/* @factory: the test data, the program's one CvCertFactory */
static CvDemoServer *
start_server (gconstpointer   factory,
              CvProtocol      protocol,
              CvDemoBehaviour behaviour,
              CvCertProblem   problems)
{
  return cv_test_start_demo_server ((CvCertFactory *) factory, protocol, behaviour, problems);
}

static char *
server_url (const char   *scheme,
            CvDemoServer *server)
{
  return g_strdup_printf ("%s://localhost:%u", scheme, cv_demo_server_get_port (server));
}

/*
 * LANGUAGE=de with LANG=C.UTF-8, as a German user with an English locale has it,
 * run from the build tree: the messages are German (their translation is found in
 * the build tree), and so are the months inside them, not "am 1. January 2021".
 */
static void
test_german_dates (CvTestDir     *dir,
                   gconstpointer  factory)
{
  static const char *months[] = { "Januar", "Februar", "März", "April", "Mai", "Juni",
                                  "Juli", "August", "September", "Oktober", "November",
                                  "Dezember" };
  static const char *english[] = { "January", "February", "March", "April", "May", "June",
                                   "July", "August", "September", "October", "November",
                                   "December" };
  g_autoptr(CvDemoServer) server = start_server (factory, CV_PROTOCOL_DIRECT_TLS,
                                                 CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_EXPIRED);
  g_autofree char *url = server_url ("tls", server);
  g_autofree char *saved_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *saved_lang = g_strdup (g_getenv ("LANG"));
  g_autofree char *saved_all = g_strdup (g_getenv ("LC_ALL"));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expired = g_date_time_add_days (now, -30);
  g_auto(CvTestRun) run = { 0 };
  int month = g_date_time_get_month (expired);

  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  cv_test_run_certview (&run, "--dump", "--ca-file", dir->ca_file, url, NULL);
  if (saved_language != NULL)
    g_setenv ("LANGUAGE", saved_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  if (saved_lang != NULL)
    g_setenv ("LANG", saved_lang, TRUE);
  else
    g_unsetenv ("LANG");
  if (saved_all != NULL)
    g_setenv ("LC_ALL", saved_all, TRUE);

  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "Zertifikat"));
  g_assert_nonnull (strstr (run.out, months[month - 1]));
  /* "Juni" holds no English name; only where the two differ can one be told apart */
  if (!g_str_has_prefix (english[month - 1], months[month - 1]))
    g_assert_null (strstr (run.out, english[month - 1]));
}

static void
test_version (void)
{
  g_auto(CvTestRun) run = { 0 };

  cv_test_run_certview (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "certview " PACKAGE_VERSION));
}

static void
test_help (void)
{
  g_auto(CvTestRun) run = { 0 };

  cv_test_run_certview (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < 6; i++)
    {
      const char *option[] = { "--dump", "--json", "--ca-file", "--timeout", "--sni", "--demo" };
      g_assert_nonnull (strstr (run.out, option[i]));
    }
}

static void
test_bad_usage (void)
{
  const char *bad[][3] = {
    { "--timeout", "0", "ftp://localhost" },
    { "--timeout", "-3", "ftp://localhost" },
    { "--timeout", "abc", "ftp://localhost" },
    /* Less than the millisecond the waits are counted in */
    { "--timeout", "0.0005", "ftp://localhost" },
    { "--timeout", "5s", "ftp://localhost" },
    /* Finding: hexadecimal was read, 0x10 as 16 seconds */
    { "--timeout", "0x10", "ftp://localhost" },
    { "--timeout", "1e1", "ftp://localhost" },
    /* A server name is a host name alone, never an address (RFC 6066) */
    { "--sni", "127.0.0.1", "ftp://localhost" },
    { "--sni", "::1", "ftp://localhost" },
    { "--sni", "bad name", "ftp://localhost" },
    { "--sni", "host.example:21", "ftp://localhost" },
    /* Finding: the advice for an empty name suggested a URL, which --sni refuses */
    { "--sni", "", "ftp://localhost" },
    { "--dump", "--json", "ftp://localhost" },
    { "--dump", "a", "b" },
    { "--no-such-option", NULL, NULL },
    { "--json", NULL, NULL },
    /* Finding: GLib's own message, without the range */
    { "--check-trusted", "--warn-days", "abc" },
    { "--check-trusted", "--warn-days", "36501" },
    { "--check-trusted", "--warn-days", "+7" },
    /* Finding: the message took --json for a second mode to choose */
    { "--list-trusted", "--json", NULL },
  };
  g_auto(CvTestRun) prompt_file = { 0 };
  g_auto(CvTestRun) trust_file = { 0 };
  g_auto(CvTestRun) distrust_file = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(CvTestRun) run = { 0 };

      cv_test_run_certview (&run, bad[i][0], bad[i][1], bad[i][2], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_true (g_str_has_prefix (run.err, "certview: "));
      g_assert_cmpstr (run.out, ==, "");
      if (g_str_equal (bad[i][0], "--timeout"))
        g_assert_nonnull (strstr (run.err, "--timeout takes a number of seconds from 0.001 to "
                                           "3600, such as 5 or 2.5, not “"));
      if (g_str_equal (bad[i][0], "--sni") && g_str_equal (bad[i][1], ""))
        g_assert_nonnull (strstr (run.err, "--sni takes a host name, such as ftp.example.com; "
                                           "it is empty"));
      if (g_str_equal (bad[i][0], "--list-trusted"))
        g_assert_nonnull (strstr (run.err, "--list-trusted has no JSON form; for the saved "
                                           "decisions as JSON use --export-trusted -"));
      if (g_strcmp0 (bad[i][1], "--warn-days") == 0)
        g_assert_nonnull (strstr (run.err, "--warn-days takes a number of days from 0 to "
                                           "36500"));
    }

  /* The prompt is about a server: a file is refused before any window or look-up */
  cv_test_run_certview (&prompt_file, "--prompt", "server.pem", NULL);
  g_assert_cmpint (prompt_file.status, ==, 2);
  g_assert_true (g_str_has_prefix (prompt_file.err, "certview: --prompt asks about a server, "
                                                    "and “server.pem” is a file"));
  /* So are --trust and --distrust: "certs/a.pem" was looked up as the host "certs" */
  cv_test_run_certview (&trust_file, "--trust", "certs/a.pem", "--fingerprint",
                        "00:11", NULL);
  g_assert_cmpint (trust_file.status, ==, 2);
  g_assert_true (g_str_has_prefix (trust_file.err, "certview: --trust decides about a server, "
                                                   "and “certs/a.pem” is a file"));
  cv_test_run_certview (&distrust_file, "--distrust", "./a.crt", "--fingerprint",
                        "00:11", NULL);
  g_assert_cmpint (distrust_file.status, ==, 2);
  g_assert_true (g_str_has_prefix (distrust_file.err, "certview: --distrust decides about a "
                                                      "server, and “./a.crt” is a file"));
}

/* Malformed targets are refused before any network I/O, with one line on stderr */
static void
test_malformed_targets (void)
{
  const char *targets[] = {
    "", "ftp://", "ftp://bad host", "ftp://host%0d%0a.example", "ftp://host:0",
    "ftp://host:65536", "gopher://host", "[::1", "host\r\nUSER x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_auto(CvTestRun) run = { 0 };

      cv_test_run_certview (&run, "--json", targets[i], NULL);
      g_test_message ("%s → %s", targets[i], run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "certview: "));
      /* One line: the message ends the output */
      g_assert_nonnull (strchr (run.err, '\n'));
      g_assert_cmpstr (strchr (run.err, '\n'), ==, "\n");
    }
}

/* A script under LC_ALL=C gets plain quotes, not GLib's "?" for “ and ” */
static void
test_ascii_locale (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));
  g_auto(CvTestRun) ascii = { 0 };
  g_auto(CvTestRun) utf8 = { 0 };

  g_setenv ("LC_ALL", "C", TRUE);
  cv_test_run_certview (&ascii, "--forget", "not a key", NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  cv_test_run_certview (&utf8, "--forget", "not a key", NULL);
  if (saved != NULL)
    g_setenv ("LC_ALL", saved, TRUE);
  else
    g_unsetenv ("LC_ALL");

  g_assert_cmpint (ascii.status, ==, 2);
  g_assert_cmpstr (ascii.err, ==, "certview: \"not a key\" is not HOST:PORT or a URL (an IPv6 "
                                  "address goes in brackets: [::1]:21).\n");
  g_assert_cmpstr (utf8.err, ==, "certview: “not a key” is not HOST:PORT or a URL (an IPv6 "
                                 "address goes in brackets: [::1]:21).\n");
}

/* The window with nothing to show it on: one line that says what to do, exit 2 */
static void
test_no_display (void)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autofree char *wayland = g_strdup (g_getenv ("WAYLAND_DISPLAY"));
  g_auto(CvTestRun) run = { 0 };

  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  cv_test_run_certview (&run, "ftp.example.com", NULL);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  if (wayland != NULL)
    g_setenv ("WAYLAND_DISPLAY", wayland, TRUE);

  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "certview: No window can be opened"));
  g_assert_nonnull (strstr (run.err, "--dump"));
  g_assert_cmpstr (strchr (run.err, '\n'), ==, "\n");
}

static void
test_dump_valid (CvTestDir     *dir,
                 gconstpointer  factory)
{
  g_autoptr(CvDemoServer) server = start_server (factory, CV_PROTOCOL_FTP_EXPLICIT,
                                                 CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url ("ftp", server);
  g_auto(CvTestRun) run = { 0 };

  cv_test_run_certview (&run, "--dump", "--ca-file", dir->ca_file, url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Issued To"));
  g_assert_nonnull (strstr (run.out, "Issued By"));
  g_assert_nonnull (strstr (run.out, "Validity"));
  g_assert_null (strstr (run.out, "Invalid"));

  /* --sni names the host as a URL does: in any case, with a final dot */
  cv_test_run_clear (&run);
  cv_test_run_certview (&run, "--dump", "--ca-file", dir->ca_file, "--sni", "LocalHost.", url,
                        NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Server Name (SNI): localhost\n"));
}

static void
test_dump_invalid (CvTestDir     *dir,
                   gconstpointer  factory)
{
  g_autoptr(CvDemoServer) server = start_server (factory, CV_PROTOCOL_DIRECT_TLS,
                                                 CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_WRONG_HOST);
  g_autofree char *url = server_url ("tls", server);
  g_auto(CvTestRun) run = { 0 };

  cv_test_run_certview (&run, "--dump", "--ca-file", dir->ca_file, url, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "[Invalid"));
  g_assert_nonnull (strstr (run.out, "wrong.host.example"));
}

static void
test_demo (void)
{
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *marked = NULL;

  JsonObject *root;

  cv_test_run_certview (&run, "--json", "--demo", NULL);
  g_assert_cmpint (run.status, ==, 1);
  root = cv_test_parse_json (parser, run.out);
  marked = cv_test_marked_sections (root);
  g_assert_cmpstr (marked, ==, "issued-by,validity");
  /* The FTP greeting, as --dump shows it */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root,
                                                                                 "connection"),
                                                  "greeting"),
                   ==, "Certview demo server ready");
}

/* The Done-when case: --timeout 3 against a silent server exits 2 within 4 s */
static void
test_silent_timeout (gconstpointer factory)
{
  g_autoptr(CvDemoServer) server = start_server (factory, CV_PROTOCOL_FTP_EXPLICIT,
                                                 CV_DEMO_BEHAVIOUR_SILENT,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url ("ftp", server);
  g_auto(CvTestRun) run = { 0 };

  cv_test_run_certview (&run, "--json", "--timeout", "3", url, NULL);
  g_test_message ("%.2f s: %s", run.elapsed_us / 1e6, run.err);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpint (run.elapsed_us, <, 4 * G_USEC_PER_SEC);
  g_assert_cmpint (run.elapsed_us, >=, 3 * G_USEC_PER_SEC - G_USEC_PER_SEC / 10);
  g_assert_nonnull (strstr (run.err, "Timed out"));
  g_assert_nonnull (strstr (run.err, "greeting"));
}

static void
test_auth_refused (gconstpointer factory)
{
  g_autoptr(CvDemoServer) server = start_server (factory, CV_PROTOCOL_FTP_EXPLICIT,
                                                 CV_DEMO_BEHAVIOUR_AUTH_REFUSED,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url ("ftp", server);
  g_auto(CvTestRun) run = { 0 };

  cv_demo_server_set_auth_reply (server, 534);
  cv_test_run_certview (&run, "--json", url, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "534"));
  g_assert_nonnull (strstr (run.err, "policy"));
}

static void
test_refused (void)
{
  g_autofree char *url = g_strdup_printf ("ftp://127.0.0.1:%u", cv_test_free_port ());
  g_auto(CvTestRun) run = { 0 };

  cv_test_run_certview (&run, "--json", url, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "refused"));
}

/* Finding: the pin of --print-pin, or the lines of --check-trusted, that did not
 * reach standard output (a full disk, a closed pipe) still made exit 0, and a script
 * went on without them */
static void
test_output_lost (CvTestDir     *dir,
                  gconstpointer  factory)
{
  g_autofree char *chain_pem = cv_test_issue_chain_pem ((CvCertFactory *) factory,
                                                        "localhost", CV_CERT_PROBLEM_NONE);
  g_autofree char *pem_file = cv_test_write_file (dir->dir, "good.pem", chain_pem);
  const char *modes[] = { "--dump", "--json" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;

      g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/full");
      process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CERTVIEW"),
                                             modes[i], "--ca-file", dir->ca_file, pem_file,
                                             NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %s", modes[i], err);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_nonnull (strstr (err, "standard output"));
    }
}

static void
test_files (CvTestDir     *dir,
            gconstpointer  factory)
{
  g_autofree char *chain_pem = NULL;
  g_autofree char *pem_file = NULL;
  g_autofree char *garbage_file = NULL;
  g_autofree char *missing_file = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CvTestRun) good = { 0 };
  g_auto(CvTestRun) expired = { 0 };
  g_auto(CvTestRun) garbage = { 0 };
  g_auto(CvTestRun) missing = { 0 };
  JsonObject *root;

  chain_pem = cv_test_issue_chain_pem ((CvCertFactory *) factory, "localhost",
                                       CV_CERT_PROBLEM_NONE);
  pem_file = cv_test_write_file (dir->dir, "good.pem", chain_pem);
  cv_test_run_certview (&good, "--json", "--ca-file", dir->ca_file, pem_file, NULL);
  g_assert_cmpint (good.status, ==, 0);
  root = cv_test_parse_json (parser, good.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "certificates")),
                    ==, 2);

  /* As a file manager passes it to the desktop file's "certview %u" */
  {
    g_autofree char *uri = g_filename_to_uri (pem_file, NULL, NULL);
    g_autofree char *remote = g_strdup_printf ("file://elsewhere%s", pem_file);
    g_autofree char *remote_says = g_strdup_printf ("certview: Could not read “%s”: %s.\n",
                                                    remote, g_strerror (ENOENT));
    g_auto(CvTestRun) by_uri = { 0 };
    g_auto(CvTestRun) by_remote_uri = { 0 };

    cv_test_run_certview (&by_uri, "--dump", "--ca-file", dir->ca_file, uri, NULL);
    g_assert_cmpint (by_uri.status, ==, 0);
    g_assert_true (g_str_has_prefix (by_uri.out, "File: "));
    g_assert_cmpstr (by_uri.err, ==, "");

    /* Another machine's file is not this one's */
    cv_test_run_certview (&by_remote_uri, "--dump", remote, NULL);
    g_assert_cmpint (by_remote_uri.status, ==, 2);
    g_assert_cmpstr (by_remote_uri.err, ==, remote_says);
  }

  /* "~/" unexpanded, as a script or a quoted argument passes it */
  {
    g_autofree char *base = g_path_get_basename (pem_file);
    g_autofree char *tilde = g_strdup_printf ("~/%s", base);
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *out = NULL;

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_subprocess_launcher_setenv (launcher, "HOME", dir->dir, TRUE);
    process = g_subprocess_launcher_spawn (launcher, &local, g_getenv ("CERTVIEW"), "--dump",
                                           "--ca-file", dir->ca_file, tilde, NULL);
    g_assert_no_error (local);
    g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &local);
    g_assert_no_error (local);
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
    g_assert_true (g_str_has_prefix (out, "File: "));
  }

  g_clear_pointer (&chain_pem, g_free);
  g_clear_pointer (&pem_file, g_free);
  chain_pem = cv_test_issue_chain_pem ((CvCertFactory *) factory, "localhost",
                                       CV_CERT_PROBLEM_EXPIRED);
  pem_file = cv_test_write_file (dir->dir, "expired.pem", chain_pem);
  cv_test_run_certview (&expired, "--dump", "--ca-file", dir->ca_file, pem_file, NULL);
  g_assert_cmpint (expired.status, ==, 1);

  garbage_file = cv_test_write_file (dir->dir, "garbage.pem", "not a certificate\n");
  cv_test_run_certview (&garbage, "--dump", garbage_file, NULL);
  g_assert_cmpint (garbage.status, ==, 2);
  g_assert_true (g_str_has_prefix (garbage.err, "certview: "));

  missing_file = g_build_filename (dir->dir, "missing.pem", NULL);
  cv_test_run_certview (&missing, "--dump", missing_file, NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_true (g_str_has_prefix (missing.err, "certview: Could not read “"));
  g_assert_true (g_str_has_suffix (missing.err, "missing.pem”: No such file or directory.\n"));
}

/* An argument that can only be a file is read as one: the reader says why it cannot
 * be, where a server name would have been looked up */
static void
test_not_files (CvTestDir     *dir,
                gconstpointer  data)
{
  static const struct
  {
    const char *arg;
    const char *says;
  } cases[] = {
    { "cert.pem", "certview: Could not read “cert.pem”: No such file or directory.\n" },
    { "CHAIN.CRT", "certview: Could not read “CHAIN.CRT”: No such file or directory.\n" },
    { "./server", "certview: Could not read “./server”: No such file or directory.\n" },
    { "../none.der", "certview: Could not read “../none.der”: No such file or directory.\n" },
    { "/dev/null", "certview: The file “/dev/null” is empty: it contains no certificate.\n" },
  };
  g_auto(CvTestRun) folder = { 0 };
  g_autofree char *folder_says = g_strdup_printf ("certview: Could not read “%s”: %s.\n",
                                                  dir->dir, g_strerror (EISDIR));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CvTestRun) run = { 0 };

      /* In the test's own folder, where none of them exists */
      cv_test_run_certview_in (&run, dir->dir, "--dump", cases[i].arg, NULL);
      g_test_message ("%s → %s", cases[i].arg, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, ==, cases[i].says);
    }

  cv_test_run_certview (&folder, "--json", dir->dir, NULL);
  g_assert_cmpint (folder.status, ==, 2);
  g_assert_cmpstr (folder.err, ==, folder_says);
}

/* Finding: a certificate file cut short said "Base64 unexpected header error", or
 * "ASN1 parser: Error in DER parsing" */
static void
test_cut_files (CvTestDir     *dir,
                gconstpointer  factory)
{
  g_autofree char *chain_pem = cv_test_issue_chain_pem ((CvCertFactory *) factory, "localhost",
                                                        CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  GBytes *leaf = g_ptr_array_index (chain, 0);
  gsize der_size = 0;
  const guint8 *der = g_bytes_get_data (leaf, &der_size);
  g_autofree char *cut_pem = g_strndup (chain_pem, 500);
  g_autofree char *pem_file = cv_test_write_file (dir->dir, "cut.pem", cut_pem);
  g_autofree char *der_file = g_build_filename (dir->dir, "cut.der", NULL);
  g_auto(CvTestRun) pem = { 0 };
  g_auto(CvTestRun) der_run = { 0 };

  g_assert_true (g_file_set_contents (der_file, (const char *) der, (gssize) der_size / 2,
                                      NULL));

  cv_test_run_certview (&pem, "--dump", pem_file, NULL);
  g_test_message ("%s", pem.err);
  g_assert_cmpint (pem.status, ==, 2);
  g_assert_nonnull (strstr (pem.err, "cut off or damaged"));
  g_assert_null (strstr (pem.err, "Base64"));

  cv_test_run_certview (&der_run, "--dump", der_file, NULL);
  g_test_message ("%s", der_run.err);
  g_assert_cmpint (der_run.status, ==, 2);
  g_assert_nonnull (strstr (der_run.err, "damaged or cut off"));
  g_assert_null (strstr (der_run.err, "ASN1"));

  /* The same for a CA file */
  {
    g_auto(CvTestRun) ca = { 0 };
    g_autofree char *good = cv_test_write_file (dir->dir, "good.pem", chain_pem);

    cv_test_run_certview (&ca, "--dump", "--ca-file", pem_file, good, NULL);
    g_test_message ("%s", ca.err);
    g_assert_cmpint (ca.status, ==, 2);
    g_assert_nonnull (strstr (ca.err, "The CA file"));
    g_assert_nonnull (strstr (ca.err, "cut off or damaged"));
  }
}

/* A chain piped in, named "-" or /dev/stdin, and called standard input */
static void
test_stdin (CvTestDir     *dir,
            gconstpointer  factory)
{
  static const char *const names[] = { "-", "/dev/stdin" };
  g_autofree char *chain_pem = cv_test_issue_chain_pem ((CvCertFactory *) factory, "localhost",
                                                        CV_CERT_PROBLEM_NONE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      /* The chain, then nothing at all */
      const char *inputs[] = { chain_pem, "" };

      for (guint j = 0; j < G_N_ELEMENTS (inputs); j++)
        {
          g_autoptr(GSubprocess) process = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *out = NULL;
          g_autofree char *err = NULL;

          process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                      G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                      G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                      g_getenv ("CERTVIEW"), "--dump", "--ca-file", dir->ca_file,
                                      names[i], NULL);
          g_assert_no_error (error);
          g_subprocess_communicate_utf8 (process, inputs[j], NULL, &out, &err, &error);
          g_assert_no_error (error);
          g_assert_true (g_subprocess_get_if_exited (process));
          if (j == 0)
            {
              g_assert_cmpstr (err, ==, "");
              g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
              g_assert_true (g_str_has_prefix (out, "File: standard input\n"));
              g_assert_nonnull (strstr (out, "Verdict: valid\n"));
            }
          else
            {
              g_assert_cmpstr (out, ==, "");
              g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
              g_assert_cmpstr (err, ==, "certview: The file “standard input” is empty: "
                                        "it contains no certificate.\n");
            }
        }
    }
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

  g_test_add_func ("/certview/cli/version", test_version);
  g_test_add_func ("/certview/cli/help", test_help);
  g_test_add_func ("/certview/cli/bad-usage", test_bad_usage);
  g_test_add_func ("/certview/cli/malformed-targets", test_malformed_targets);
  g_test_add_func ("/certview/cli/ascii-locale", test_ascii_locale);
  g_test_add_func ("/certview/cli/no-display", test_no_display);
  g_test_add ("/certview/cli/dump-valid", CvTestDir, factory,
              cv_test_dir_set_up, test_dump_valid, cv_test_dir_tear_down);
  g_test_add ("/certview/cli/dump-invalid", CvTestDir, factory,
              cv_test_dir_set_up, test_dump_invalid, cv_test_dir_tear_down);
  g_test_add ("/certview/cli/german-dates", CvTestDir, factory,
              cv_test_dir_set_up, test_german_dates, cv_test_dir_tear_down);
  g_test_add_func ("/certview/cli/demo", test_demo);
  g_test_add_data_func ("/certview/cli/silent-timeout", factory, test_silent_timeout);
  g_test_add_data_func ("/certview/cli/auth-refused", factory, test_auth_refused);
  g_test_add_func ("/certview/cli/refused", test_refused);
  g_test_add ("/certview/cli/files", CvTestDir, factory,
              cv_test_dir_set_up, test_files, cv_test_dir_tear_down);
  g_test_add ("/certview/cli/not-files", CvTestDir, factory,
              cv_test_dir_set_up, test_not_files, cv_test_dir_tear_down);
  g_test_add ("/certview/cli/stdin", CvTestDir, factory,
              cv_test_dir_set_up, test_stdin, cv_test_dir_tear_down);
  g_test_add ("/certview/cli/cut-files", CvTestDir, factory,
              cv_test_dir_set_up, test_cut_files, cv_test_dir_tear_down);
  g_test_add ("/certview/cli/output-lost", CvTestDir, factory,
              cv_test_dir_set_up, test_output_lost, cv_test_dir_tear_down);

  return g_test_run ();
}
