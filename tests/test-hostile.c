/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Hostile and broken servers, end to end: each case runs the real program,
 * `certview --json --timeout 3 URL`, against the built-in server in one of its
 * hostile modes, and checks what the user gets: the exit code, one line on
 * stderr that names the step that failed (and for FTP the reply code and its
 * meaning), the time it took and the memory it used.
 */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-ftp-reply.h"
#include "cv-test-util.h"

#include <string.h>

#define TIMEOUT_S 3
/* How far past its timeout the program may take to exit: start-up and shutdown */
#define GRACE_US (1 * G_USEC_PER_SEC)
/* Peak RSS: a normal run takes about 20 MiB; a 20 MiB banner must not be kept */
#define MAX_RSS_KIB (64 * 1024)

/* AddressSanitizer's shadow memory and quarantine make RSS meaningless */
#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif
#ifndef UNDER_ASAN
# define UNDER_ASAN 0
#endif

typedef struct
{
  const char      *name;
  CvProtocol       protocol;
  CvDemoBehaviour  behaviour;
  guint            auth_reply;    /* for CV_DEMO_BEHAVIOUR_AUTH_REFUSED */
  guint            extra_chain;   /* intermediate CAs beyond the factory's own */
  const char      *address;       /* where the server listens */
  int              exit_code;
  const char      *step;          /* a regular expression the error must match */
  guint            reply_code;    /* an FTP code the error must quote, with its meaning */
  guint            timeout_s;
} HostileCase;

static const HostileCase cases[] = {
  { "silent", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_SILENT, 0, 0, "127.0.0.1",
    2, "greeting", 0, TIMEOUT_S },
  { "greeting-then-silent", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_GREETING_THEN_SILENT,
    0, 0, "127.0.0.1", 2, "AUTH TLS", 0, TIMEOUT_S },
  /* The greeting takes 3 s to drip in, so the whole-run deadline must fire at 2 s:
   * a timeout per read would never fire at all */
  { "drip-banner", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_DRIP_BANNER, 0, 0,
    "127.0.0.1", 2, "greeting", 0, 2 },
  /* 421 at connect time is the server refusing the connection */
  { "greeting-421", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_GREETING_421, 0, 0,
    "127.0.0.1", 2, "greeting|refused the connection", 421, TIMEOUT_S },
  { "auth-500", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 500, 0, "127.0.0.1",
    2, "AUTH TLS", 500, TIMEOUT_S },
  { "auth-502", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 502, 0, "127.0.0.1",
    2, "AUTH TLS", 502, TIMEOUT_S },
  { "auth-504", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 504, 0, "127.0.0.1",
    2, "AUTH TLS", 504, TIMEOUT_S },
  { "auth-534", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 534, 0, "127.0.0.1",
    2, "AUTH TLS", 534, TIMEOUT_S },
  { "non-numeric-reply", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_NON_NUMERIC_REPLY, 0, 0,
    "127.0.0.1", 2, "greeting", 0, TIMEOUT_S },
  { "multi-line-greeting", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_MULTILINE_GREETING, 0,
    0, "127.0.0.1", 0, NULL, 0, TIMEOUT_S },
  { "huge-banner", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_HUGE_BANNER, 0, 0, "127.0.0.1",
    2, "greeting", 0, TIMEOUT_S },
  { "no-line-end", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_NO_LINE_END, 0, 0, "127.0.0.1",
    2, "greeting", 0, TIMEOUT_S },
  { "garbage-after-234", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_GARBAGE_AFTER_234, 0, 0,
    "127.0.0.1", 2, "TLS handshake|answer with TLS", 0, TIMEOUT_S },
  { "close-mid-handshake", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_CLOSE_MID_HANDSHAKE, 0,
    0, "127.0.0.1", 2, "TLS handshake", 0, TIMEOUT_S },
  { "tls-alert", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_TLS_ALERT, 0, 0, "127.0.0.1",
    2, "TLS handshake.*alert", 0, TIMEOUT_S },
  { "plain-text-implicit", CV_PROTOCOL_FTP_IMPLICIT, CV_DEMO_BEHAVIOUR_PLAIN_TEXT, 0, 0,
    "127.0.0.1", 2, "TLS handshake|answer with TLS", 0, TIMEOUT_S },
  { "plain-text-direct", CV_PROTOCOL_DIRECT_TLS, CV_DEMO_BEHAVIOUR_PLAIN_TEXT, 0, 0,
    "127.0.0.1", 2, "TLS handshake|answer with TLS", 0, TIMEOUT_S },
  /* More than the probe accepts (CV_PROBE_MAX_CHAIN): refused, not verified */
  { "chain-200", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_NORMAL, 0, 200, "127.0.0.1",
    2, "certificates", 0, TIMEOUT_S },
  { "ipv6-loopback", CV_PROTOCOL_FTP_EXPLICIT, CV_DEMO_BEHAVIOUR_NORMAL, 0, 0, "::1",
    0, NULL, 0, TIMEOUT_S },
};

/* What one case gets: its row and the program's one certificate factory */
typedef struct
{
  const HostileCase *test;
  CvCertFactory     *factory;
} HostileData;

static const char *
scheme_for (CvProtocol protocol)
{
  switch (protocol)
    {
    case CV_PROTOCOL_FTP_IMPLICIT:
      return "ftps";
    case CV_PROTOCOL_DIRECT_TLS:
      return "tls";
    case CV_PROTOCOL_FTP_EXPLICIT:
    default:
      return "ftp";
    }
}

static void
check_error_line (const HostileCase *test,
                  const char        *err)
{
  const char *line_end = strchr (err, '\n');

  g_test_message ("certview said: %s", err);

  /* One line, for scripts and for people */
  g_assert_true (g_str_has_prefix (err, "certview: "));
  g_assert_nonnull (line_end);
  if (line_end != NULL)
    g_assert_cmpstr (line_end + 1, ==, "");
  g_assert_true (g_utf8_validate (err, -1, NULL));

  if (!g_regex_match_simple (test->step, err, G_REGEX_CASELESS, 0))
    g_test_message ("the message does not name the step that failed (/%s/)", test->step);
  g_assert_true (g_regex_match_simple (test->step, err, G_REGEX_CASELESS, 0));

  if (test->reply_code != 0)
    {
      g_autofree char *code = g_strdup_printf ("%u", test->reply_code);

      g_assert_nonnull (strstr (err, code));
      g_assert_nonnull (strstr (err, cv_ftp_reply_code_meaning (test->reply_code)));
    }
}

/* The case's directory, with the factory's CA in it */
static void
dir_set_up (CvTestDir     *dir,
            gconstpointer  data)
{
  const HostileData *hostile = data;

  cv_test_dir_set_up (dir, hostile->factory);
}

static void
test_hostile (CvTestDir     *dir,
              gconstpointer  data)
{
  const HostileData *hostile = data;
  const HostileCase *test = hostile->test;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *url = NULL;
  g_autofree char *timeout = g_strdup_printf ("%u", test->timeout_s);
  g_auto(CvTestRun) run = { 0 };
  struct rusage usage;
  const char *host = strchr (test->address, ':') != NULL ? "[::1]" : test->address;

  g_assert_true (cv_cert_factory_issue (hostile->factory, test->address, CV_CERT_PROBLEM_NONE,
                                        test->extra_chain, &chain_pem, &key_pem, &error));
  g_assert_no_error (error);

  server = cv_demo_server_new (test->protocol, chain_pem, key_pem);
  cv_demo_server_set_behaviour (server, test->behaviour);
  if (test->auth_reply != 0)
    cv_demo_server_set_auth_reply (server, test->auth_reply);

  if (!cv_demo_server_start (server, test->address, &error))
    {
      /* Containers without IPv6 cannot run this case; that is not a failure */
      if (strchr (test->address, ':') != NULL)
        {
          g_autofree char *why = g_strdup_printf ("no IPv6 loopback here: %s",
                                                  error->message);

          g_test_skip (why);
          return;
        }
      g_assert_no_error (error);
    }

  url = g_strdup_printf ("%s://%s:%u", scheme_for (test->protocol), host,
                         cv_demo_server_get_port (server));
  {
    const char *argv[] = { "--json", "--timeout", timeout, "--ca-file", dir->ca_file, url,
                           NULL };

    cv_test_run_certview_rusage (&run, &usage, argv);
  }
  cv_demo_server_stop (server);

  g_test_message ("%s: exit %d after %.2f s, peak RSS %ld KiB", url, run.status,
                  run.elapsed_us / (double) G_USEC_PER_SEC, usage.ru_maxrss);

  g_assert_cmpint (run.status, ==, test->exit_code);
  if (run.status != test->exit_code)
    {
      g_test_message ("stderr: %s", run.err);
      g_test_message ("stdout: %.3000s", run.out);
    }
  else if (test->exit_code == 2)
    {
      check_error_line (test, run.err);
      /* No half-written JSON for a script to trip over */
      g_assert_cmpuint (strlen (run.out), ==, 0);
    }
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root;

      g_assert_cmpstr (run.err, ==, "");
      root = cv_test_parse_json (parser, run.out);
      g_assert_true (json_object_get_boolean_member (
        json_object_get_object_member (root, "verdict"), "valid"));
    }

  /* Bounded time: the run's deadline covers every step */
  g_assert_cmpint (run.elapsed_us, <, test->timeout_s * G_USEC_PER_SEC + GRACE_US);

  /* Bounded memory */
  if (UNDER_ASAN)
    g_test_message ("RSS not checked: AddressSanitizer's shadow memory inflates it");
  else
    g_assert_cmpint (usage.ru_maxrss, <, MAX_RSS_KIB);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;
  HostileData data[G_N_ELEMENTS (cases)];

  g_test_init (&argc, &argv, NULL);
  /* One misbehaving case must not hide the verdict on the others */
  g_test_set_nonfatal_assertions ();

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/certview/hostile/%s", cases[i].name);

      data[i] = (HostileData) { &cases[i], factory };
      g_test_add (path, CvTestDir, &data[i], dir_set_up, test_hostile, cv_test_dir_tear_down);
    }

  return g_test_run ();
}
