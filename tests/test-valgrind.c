/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The program under Valgrind's memcheck: --dump and --json of a certificate
 * chain, --json of the built-in demo server, and --json of a server that
 * refuses AUTH TLS (an error path). Any memory error or definite leak fails.
 * Only registered when valgrind is installed and the build has no sanitizer.
 */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-test-util.h"

#include <string.h>

/* What valgrind exits with when it found an error or a definite leak */
#define VALGRIND_ERROR_EXIT 99

/* What every test gets: the program's one certificate factory and a chain issued
 * from it once, PEM */
typedef struct
{
  CvCertFactory *factory;
  const char    *chain_pem;
} Issued;

/* The test's directory, with the chain in it as chain.pem */
typedef struct
{
  CvTestDir  dir;
  char      *chain_file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Issued *issued = data;

  cv_test_dir_set_up (&fixture->dir, NULL);
  fixture->chain_file = cv_test_write_file (fixture->dir.dir, "chain.pem", issued->chain_pem);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->chain_file, g_free);
  cv_test_dir_tear_down (&fixture->dir, NULL);
}

/* Valgrind's log goes to @work_dir */
static void
run_under_valgrind (const char         *work_dir,
                    const char         *name,
                    const char * const *args,
                    int                 expected_exit)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *valgrind = g_find_program_in_path ("valgrind");
  g_autofree char *log_file = g_strdup_printf ("%s/valgrind-%s.log", work_dir, name);
  g_autofree char *log_option = g_strdup_printf ("--log-file=%s", log_file);
  g_autofree char *log = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *certview = g_getenv ("CERTVIEW");
  int status;

  g_assert_nonnull (valgrind);
  g_assert_nonnull (certview);

  g_ptr_array_add (argv, g_strdup (valgrind));
  g_ptr_array_add (argv, g_strdup ("--leak-check=full"));
  g_ptr_array_add (argv, g_strdup ("--errors-for-leak-kinds=definite"));
  g_ptr_array_add (argv, g_strdup_printf ("--error-exitcode=%d", VALGRIND_ERROR_EXIT));
  g_ptr_array_add (argv, g_strdup ("--num-callers=30"));
  g_ptr_array_add (argv, g_strconcat ("--suppressions=",
                                      g_test_get_filename (G_TEST_DIST, "valgrind.supp", NULL),
                                      NULL));
  /* certview loads certview-cli.so and runs it, or execs certview-window: the log is
   * the last program's */
  g_ptr_array_add (argv, g_strdup ("--trace-children=yes"));
  g_ptr_array_add (argv, g_steal_pointer (&log_option));
  g_ptr_array_add (argv, g_strdup (certview));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* GLib's slice allocator and lazily cleared memory would look like leaks */
  g_subprocess_launcher_setenv (launcher, "G_SLICE", "always-malloc", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "gc-friendly,fatal-warnings", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                          &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);

  g_file_get_contents (log_file, &log, NULL, &error);
  g_assert_no_error (error);
  if (status != expected_exit)
    g_test_message ("certview said: %s\nvalgrind said:\n%s", err, log);

  g_assert_cmpint (status, !=, VALGRIND_ERROR_EXIT);
  g_assert_cmpint (status, ==, expected_exit);
  g_assert_nonnull (strstr (log, "ERROR SUMMARY: 0 errors"));
}

static void
test_dump (Fixture       *fixture,
           gconstpointer  data)
{
  const char *args[] = { "--dump", fixture->chain_file, NULL };

  /* The chain's root is not trusted here: invalid, exit 1 */
  run_under_valgrind (fixture->dir.dir, "dump", args, 1);
}

static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  const char *args[] = { "--json", fixture->chain_file, NULL };

  run_under_valgrind (fixture->dir.dir, "json", args, 1);
}

static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  const char *args[] = { "--json", "--demo", NULL };

  /* The demo certificate is self-signed and expired */
  run_under_valgrind (fixture->dir.dir, "demo", args, 1);
}

/* An error path frees what it built half-way too */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  const Issued *issued = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *url = NULL;

  cv_cert_factory_issue (issued->factory, "127.0.0.1", CV_CERT_PROBLEM_NONE, 0, &chain_pem,
                         &key_pem, &error);
  g_assert_no_error (error);
  server = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);
  cv_demo_server_set_behaviour (server, CV_DEMO_BEHAVIOUR_AUTH_REFUSED);
  cv_demo_server_start (server, "127.0.0.1", &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("ftp://127.0.0.1:%u", cv_demo_server_get_port (server));

  {
    const char *args[] = { "--json", "--timeout", "30", url, NULL };

    run_under_valgrind (fixture->dir.dir, "refused", args, 2);
  }
}

#define ADD(name, func) \
  g_test_add ("/certview/valgrind/" name, Fixture, &issued, fixture_set_up, func, \
              fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  Issued issued;

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  cv_cert_factory_issue (factory, "ftp.example.com", CV_CERT_PROBLEM_EXPIRED, 0,
                         &chain_pem, &key_pem, &error);
  g_assert_no_error (error);
  issued = (Issued) { factory, chain_pem };

  ADD ("dump", test_dump);
  ADD ("json", test_json);
  ADD ("demo", test_demo);
  ADD ("refused", test_refused);

  return g_test_run ();
}
