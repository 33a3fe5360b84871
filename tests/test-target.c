/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-error.h"
#include "cv-target.h"

#include <pthread.h>
#include <string.h>

/* Short names keep the tables readable */
#define EXP CV_PROTOCOL_FTP_EXPLICIT
#define IMP CV_PROTOCOL_FTP_IMPLICIT
#define TLS CV_PROTOCOL_DIRECT_TLS

typedef struct
{
  const char *text;
  CvProtocol  default_protocol;
  const char *host;
  guint16     port;
  CvProtocol  protocol;
  gboolean    ip_literal;
} ValidCase;

static const ValidCase valid_cases[] = {
  { "ftp.example.com", EXP, "ftp.example.com", 21, EXP, FALSE },
  { "ftp.example.com", IMP, "ftp.example.com", 990, IMP, FALSE },
  { "ftp.example.com", TLS, "ftp.example.com", 443, TLS, FALSE },
  { "  FTP.Example.COM \t\n", EXP, "ftp.example.com", 21, EXP, FALSE },
  { "example.com.", EXP, "example.com", 21, EXP, FALSE },
  { "my_host-1.local", EXP, "my_host-1.local", 21, EXP, FALSE },
  { "host:2121", EXP, "host", 2121, EXP, FALSE },
  { "host:2121", TLS, "host", 2121, TLS, FALSE },
  { "host:21", TLS, "host", 21, EXP, FALSE },
  { "host:990", EXP, "host", 990, IMP, FALSE },
  { "host:443", EXP, "host", 443, TLS, FALSE },
  { "host:465", EXP, "host", 465, TLS, FALSE },
  { "host:563", EXP, "host", 563, TLS, FALSE },
  { "host:636", EXP, "host", 636, TLS, FALSE },
  { "host:853", EXP, "host", 853, TLS, FALSE },
  { "host:989", EXP, "host", 989, TLS, FALSE },
  { "host:992", EXP, "host", 992, TLS, FALSE },
  { "host:993", EXP, "host", 993, TLS, FALSE },
  { "host:994", EXP, "host", 994, TLS, FALSE },
  { "host:995", EXP, "host", 995, TLS, FALSE },
  { "host:5061", EXP, "host", 5061, TLS, FALSE },
  { "host:8443", EXP, "host", 8443, TLS, FALSE },
  { "host:65535", EXP, "host", 65535, EXP, FALSE },
  /* Leading zeros count for nothing (040021 was "too large") */
  { "host:021", EXP, "host", 21, EXP, FALSE },
  { "host:040021", EXP, "host", 40021, EXP, FALSE },
  /* The host "ftp" with a port, not a scheme */
  { "ftp:2121", EXP, "ftp", 2121, EXP, FALSE },
  { "ftp:2121/pub", EXP, "ftp", 2121, EXP, FALSE },
  { "127.0.0.1", EXP, "127.0.0.1", 21, EXP, TRUE },
  { "127.0.0.1:2121", EXP, "127.0.0.1", 2121, EXP, TRUE },
  { "[::1]", EXP, "::1", 21, EXP, TRUE },
  { "[::1]:990", EXP, "::1", 990, IMP, TRUE },
  { "[2001:DB8::1]:2121", EXP, "2001:db8::1", 2121, EXP, TRUE },
  { "::1", IMP, "::1", 990, IMP, TRUE },
  { "2001:db8::2", EXP, "2001:db8::2", 21, EXP, TRUE },
  { "ftp://host", TLS, "host", 21, EXP, FALSE },
  { "FTP://Host", TLS, "host", 21, EXP, FALSE },
  { "ftpes://host", TLS, "host", 21, EXP, FALSE },
  { "ftps://host", EXP, "host", 990, IMP, FALSE },
  { "https://host", EXP, "host", 443, TLS, FALSE },
  { "tls://host", EXP, "host", 443, TLS, FALSE },
  { "TLS://host:8000", EXP, "host", 8000, TLS, FALSE },
  /* With a scheme the port does not change the protocol */
  { "ftp://host:990", EXP, "host", 990, EXP, FALSE },
  { "ftps://host:2121/pub/file.txt", EXP, "host", 2121, IMP, FALSE },
  { "ftp://user@host", EXP, "host", 21, EXP, FALSE },
  { "ftp://user:secret@host:2121/", EXP, "host", 2121, EXP, FALSE },
  { "ftps://[::1]:2990", EXP, "::1", 2990, IMP, TRUE },
  { "https://user:pw@[2001:db8::5]/index.html", EXP, "2001:db8::5", 443, TLS, TRUE },
  { "tls://10.0.0.1:853", EXP, "10.0.0.1", 853, TLS, TRUE },
  { "host/some/path", EXP, "host", 21, EXP, FALSE },
  { "user@host:2121", EXP, "host", 2121, EXP, FALSE },
  { "ftp://host?query#fragment", EXP, "host", 21, EXP, FALSE },
  /* An international name in its xn-- form, as it goes on the wire */
  { "b\xc3\xbc" "cher.de", EXP, "xn--bcher-kva.de", 21, EXP, FALSE },
  { "ftps://B\xc3\x9c" "CHER.de:2121/x", EXP, "xn--bcher-kva.de", 2121, IMP, FALSE },
};

static const char *invalid_cases[] = {
  "",
  "   ",
  "\t\n",
  "ftp.exa mple.com",
  "ftp.example.com\r\nQUIT",
  "ftp://host\tname",
  "host\x01name",
  "host\x7f",
  "ftp://host%0d%0a:21",
  "host%41",
  "[::1%25eth0]:21",
  "fe80::1%eth0",
  "host:0",
  "host:65536",
  "host:99999999999999999999",
  "host:abc",
  "host:21a",
  "host:",
  "ftp://host:",
  "host:+21",
  "host:-21",
  "host: 21",
  "host:0x15",
  "gopher://host",
  "://host",
  "sftp://host",
  "[::1",
  "[::1]]:21",
  "::1]",
  "[[::1]]",
  "[::1]x",
  "[::1]21",
  "[127.0.0.1]:21",
  "[not-an-address]",
  "1:2:3:4:5:6:7:8:9",
  ":::",
  "ftp://",
  "ftp://:21",
  "ftp:/host",
  "ftp:host:21",
  "ftp:/",
  "host:000000",
  ":21",
  "user@",
  "host!name",
  "host,name",
  "host..example",
  ".host",
  "ho\"st",
};

/* Finding: "ftp:host" and "ftp:/host" were refused for their port or as IPv6 */
static void
test_scheme_without_slashes (void)
{
  const char *cases[][2] = {
    { "ftp:/127.0.0.1:40021", "write it like “ftp://127.0.0.1:40021”" },
    { "ftps:host.example", "write it like “ftps://host.example”" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvTarget) target = cv_target_parse (cases[i][0], CV_PROTOCOL_FTP_EXPLICIT,
                                                    &error);

      g_assert_null (target);
      g_assert_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET);
      g_assert_nonnull (strstr (error->message, cases[i][1]));
    }
}

static void
test_valid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      const ValidCase *vc = &valid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(CvTarget) target = NULL;

      g_test_message ("valid: '%s'", vc->text);
      target = cv_target_parse (vc->text, vc->default_protocol, &error);
      g_assert_no_error (error);
      g_assert_nonnull (target);
      g_assert_cmpstr (cv_target_get_host (target), ==, vc->host);
      g_assert_cmpuint (cv_target_get_port (target), ==, vc->port);
      g_assert_cmpint (cv_target_get_protocol (target), ==, vc->protocol);
      g_assert_cmpint (cv_target_is_ip_literal (target), ==, vc->ip_literal);
    }
}

static void
test_invalid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvTarget) target = NULL;
      g_autofree char *escaped = g_strescape (invalid_cases[i], NULL);

      g_test_message ("invalid: '%s'", escaped);
      target = cv_target_parse (invalid_cases[i], CV_PROTOCOL_FTP_EXPLICIT, &error);
      g_assert_null (target);
      g_assert_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET);
      g_assert_nonnull (error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      /* Messages never carry the control characters they complain about */
      for (const char *p = error->message; *p != '\0'; p++)
        g_assert_cmpint ((guchar) *p, >=, 0x20);
    }
}

static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTarget) target = NULL;

  target = cv_target_parse ("gopher://host", CV_PROTOCOL_FTP_EXPLICIT, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET);
  g_assert_cmpstr (error->message, ==,
                   "Unknown scheme “gopher”; use ftp://, ftps://, ftpes://, https:// or tls://");
  g_clear_error (&error);

  target = cv_target_parse ("host:0", CV_PROTOCOL_FTP_EXPLICIT, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET);
  g_assert_nonnull (strstr (error->message, "65535"));
  g_clear_error (&error);

  target = cv_target_parse ("ftp://ex%0d%0aample.com", CV_PROTOCOL_FTP_EXPLICIT, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET);
  g_assert_nonnull (strstr (error->message, "%"));
  g_clear_error (&error);

  target = cv_target_parse ("[::1", CV_PROTOCOL_FTP_EXPLICIT, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET);
  g_assert_nonnull (strstr (error->message, "]"));
}

typedef struct
{
  const char *text;
  const char *string;
  const char *uri;
} RoundTrip;

static void
test_round_trip (void)
{
  static const RoundTrip cases[] = {
    { "ftp.example.com", "ftp.example.com:21", "ftp://ftp.example.com:21" },
    { "ftps://Host.Example:2990", "host.example:2990", "ftps://host.example:2990" },
    { "[::1]:990", "[::1]:990", "ftps://[::1]:990" },
    { "::1", "[::1]:21", "ftp://[::1]:21" },
    { "https://127.0.0.1", "127.0.0.1:443", "tls://127.0.0.1:443" },
    { "tls://[2001:db8::1]:8443", "[2001:db8::1]:8443", "tls://[2001:db8::1]:8443" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvTarget) target = NULL;
      g_autoptr(CvTarget) again = NULL;
      g_autofree char *string = NULL;
      g_autofree char *uri = NULL;
      g_autofree char *uri_again = NULL;

      target = cv_target_parse (cases[i].text, CV_PROTOCOL_FTP_EXPLICIT, &error);
      g_assert_no_error (error);
      string = cv_target_to_string (target);
      uri = cv_target_to_uri (target);
      g_assert_cmpstr (string, ==, cases[i].string);
      g_assert_cmpstr (uri, ==, cases[i].uri);

      /* The URI parses back to the same target, whatever the default protocol */
      again = cv_target_parse (uri, CV_PROTOCOL_DIRECT_TLS, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (cv_target_get_host (again), ==, cv_target_get_host (target));
      g_assert_cmpuint (cv_target_get_port (again), ==, cv_target_get_port (target));
      g_assert_cmpint (cv_target_get_protocol (again), ==, cv_target_get_protocol (target));
      uri_again = cv_target_to_uri (again);
      g_assert_cmpstr (uri_again, ==, uri);
    }
}

static void
test_protocol (void)
{
  static const char *names[CV_N_PROTOCOLS] = {
    "ftp-explicit-tls", "ftp-implicit-tls", "direct-tls",
  };
  static const guint16 ports[CV_N_PROTOCOLS] = { 21, 990, 443 };
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (CV_TYPE_PROTOCOL);
  CvProtocol protocol;

  g_assert_cmpuint (enum_class->n_values, ==, CV_N_PROTOCOLS);
  for (guint i = 0; i < CV_N_PROTOCOLS; i++)
    {
      g_assert_cmpstr (cv_protocol_to_string (i), ==, names[i]);
      /* The GEnum (introspection, GSettings, GtkBuilder) uses the same names */
      g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==, names[i]);
      g_assert_true (cv_protocol_from_string (names[i], &protocol));
      g_assert_cmpint (protocol, ==, i);
      g_assert_cmpuint (cv_protocol_get_default_port (i), ==, ports[i]);
      g_assert_nonnull (cv_protocol_get_label (i));
    }

  g_assert_cmpstr (cv_protocol_get_label (CV_PROTOCOL_FTP_EXPLICIT), ==,
                   "FTP with explicit TLS (AUTH TLS)");
  g_assert_cmpstr (cv_protocol_get_label (CV_PROTOCOL_FTP_IMPLICIT), ==, "FTPS (implicit TLS)");
  g_assert_cmpstr (cv_protocol_get_label (CV_PROTOCOL_DIRECT_TLS), ==, "Direct TLS");
  g_assert_false (cv_protocol_from_string ("ftp", &protocol));
}

static void
test_new (void)
{
  g_autoptr(CvTarget) target = cv_target_new ("Mixed.Example", 0, CV_PROTOCOL_FTP_IMPLICIT);
  g_autoptr(CvTarget) literal = cv_target_new ("::1", 2121, CV_PROTOCOL_FTP_EXPLICIT);
  g_autofree char *host = NULL;
  guint port = 0;
  CvProtocol protocol = 0;

  g_assert_cmpstr (cv_target_get_host (target), ==, "mixed.example");
  g_assert_cmpuint (cv_target_get_port (target), ==, 990);
  g_assert_false (cv_target_is_ip_literal (target));
  g_assert_true (cv_target_is_ip_literal (literal));

  g_object_get (literal, "host", &host, "port", &port, "protocol", &protocol, NULL);
  g_assert_cmpstr (host, ==, "::1");
  g_assert_cmpuint (port, ==, 2121);
  g_assert_cmpint (protocol, ==, CV_PROTOCOL_FTP_EXPLICIT);
}

/* What cv_target_parse() turns down is a programming error to cv_target_new() */
static void
test_new_invalid (void)
{
  static const char *hosts[] = { "", "[::1]", "[::1", "::1]", "[example.com]" };
  g_autoptr(CvTarget) made = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      CvTarget *target;

      g_test_expect_message ("certview", G_LOG_LEVEL_CRITICAL, "*cv_target_new*");
      target = cv_target_new (hosts[i], 21, CV_PROTOCOL_FTP_EXPLICIT);
      g_test_assert_expected_messages ();
      g_assert_null (target);
    }

  /* Through g_object_new(), as bindings make it: a warning, and still a target */
  g_test_expect_message ("certview", G_LOG_LEVEL_CRITICAL, "*needs a host*");
  made = g_object_new (CV_TYPE_TARGET, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (cv_target_get_host (made), ==, "");
}

/* Port 0 stands for the protocol's default port */
static void
test_new_default_port (void)
{
  static const guint16 ports[CV_N_PROTOCOLS] = { 21, 990, 443 };

  for (CvProtocol protocol = 0; protocol < CV_N_PROTOCOLS; protocol++)
    {
      g_autoptr(CvTarget) target = cv_target_new ("example.com", 0, protocol);
      g_autoptr(CvTarget) made = g_object_new (CV_TYPE_TARGET, "host", "example.com",
                                               "protocol", protocol, NULL);

      g_assert_cmpuint (cv_target_get_port (target), ==, ports[protocol]);
      g_assert_cmpuint (cv_target_get_port (made), ==, ports[protocol]);
    }
}

/* A setting read after the command line: the same as parsing with it as default */
static void
test_default_protocol (void)
{
  static const char *texts[] = {
    "ftp.example.com", "ftp.example.com:990", "ftp.example.com:21", "ftp.example.com:2121",
    "[::1]", "[::1]:443", "ftp://ftp.example.com", "ftps://ftp.example.com:2990",
    "tls://example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (CvProtocol first = 0; first < CV_N_PROTOCOLS; first++)
      for (CvProtocol then = 0; then < CV_N_PROTOCOLS; then++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(CvTarget) parsed = cv_target_parse (texts[i], first, &error);
          g_autoptr(CvTarget) expected = cv_target_parse (texts[i], then, &error);
          g_autoptr(CvTarget) applied = NULL;
          g_autoptr(CvTarget) twice = NULL;

          g_assert_no_error (error);
          applied = cv_target_with_default_protocol (parsed, then);
          g_assert_cmpstr (cv_target_get_host (applied), ==, cv_target_get_host (expected));
          g_assert_cmpuint (cv_target_get_port (applied), ==, cv_target_get_port (expected));
          g_assert_cmpint (cv_target_get_protocol (applied), ==,
                           cv_target_get_protocol (expected));
          /* Still as typed: a later default applies again */
          twice = cv_target_with_default_protocol (applied, first);
          g_assert_cmpuint (cv_target_get_port (twice), ==, cv_target_get_port (parsed));
          g_assert_cmpint (cv_target_get_protocol (twice), ==, cv_target_get_protocol (parsed));
        }

  /* A target made with a protocol keeps it */
  {
    g_autoptr(CvTarget) made = cv_target_new ("localhost", 2121, CV_PROTOCOL_FTP_EXPLICIT);
    g_autoptr(CvTarget) applied = cv_target_with_default_protocol (made,
                                                                   CV_PROTOCOL_DIRECT_TLS);

    g_assert_true (applied == made);
  }
}

#define N_PARSERS 8
#define PARSE_AT_START "--parse-at-start"

static const char *test_program;
static pthread_barrier_t parsers_ready;
static gint parse_failures;

static gpointer
parse_saved_server (gpointer data)
{
  g_autoptr(CvTarget) target = NULL;

  pthread_barrier_wait (&parsers_ready);
  target = cv_target_parse ("127.0.0.1:34669", CV_PROTOCOL_FTP_EXPLICIT, NULL);
  if (target == NULL || cv_target_get_port (target) != 34669)
    g_atomic_int_inc (&parse_failures);
  return NULL;
}

/* The child: threads that parse at once, before anything else in the process has
 * parsed a number; exits with how many failed */
static int
parse_at_start (void)
{
  GThread *threads[N_PARSERS];

  pthread_barrier_init (&parsers_ready, NULL, N_PARSERS);
  for (guint i = 0; i < N_PARSERS; i++)
    threads[i] = g_thread_new ("parser", parse_saved_server, NULL);
  for (guint i = 0; i < N_PARSERS; i++)
    g_thread_join (threads[i]);
  pthread_barrier_destroy (&parsers_ready);
  return g_atomic_int_get (&parse_failures);
}

/* Threads that parse at once, first thing in a fresh process (as the saved servers
 * are checked, eight at a time), all get the port: each run is a new process that
 * starts with it, before g_test_init() */
static void
test_threads_at_start (void)
{
  for (guint run = 0; run < 200; run++)
    {
      const char *argv[] = { test_program, PARSE_AT_START, NULL };
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                    &status, &error);
      g_assert_no_error (error);
      g_spawn_check_wait_status (status, &error);
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && strcmp (argv[1], PARSE_AT_START) == 0)
    return parse_at_start ();

  test_program = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/certview/target/valid", test_valid);
  g_test_add_func ("/certview/target/invalid", test_invalid);
  g_test_add_func ("/certview/target/messages", test_messages);
  g_test_add_func ("/certview/target/scheme-without-slashes", test_scheme_without_slashes);
  g_test_add_func ("/certview/target/threads-at-start", test_threads_at_start);
  g_test_add_func ("/certview/target/round-trip", test_round_trip);
  g_test_add_func ("/certview/target/protocol", test_protocol);
  g_test_add_func ("/certview/target/new", test_new);
  g_test_add_func ("/certview/target/new-invalid", test_new_invalid);
  g_test_add_func ("/certview/target/new-default-port", test_new_default_port);
  g_test_add_func ("/certview/target/default-protocol", test_default_protocol);

  return g_test_run ();
}
