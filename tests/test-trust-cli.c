/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Saved decisions through the command line, as users and scripts meet them:
 * several certview processes at once, odd files named as the store, renewals
 * with the same key, --trust, --distrust and --forget, and Certview 0.1's store.
 * Every server is the built-in one on loopback.
 */
#include "config.h"

#include "cv-certificate.h"
#include "cv-test-util.h"
#include "cv-trust-store.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct
{
  CvCertFactory *factory;          /* the test data: the program's one factory */
  char          *dir;
  char          *store;
  const char    *child_data_home;  /* XDG_DATA_HOME of the programs spawn_certview()
                                    * starts, or NULL to leave it */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->factory = (CvCertFactory *) data;
  fixture->child_data_home = NULL;
  fixture->dir = g_dir_make_tmp ("certview-trust-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = g_build_filename (fixture->dir, "trust.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cv_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store);
}

/* The built-in server on @address with a certificate of @problems from the
 * fixture's factory; @sha256 gets its fingerprint and @url its ftp:// URL */
static CvDemoServer *
start_server_for (Fixture        *fixture,
                  CvProtocol      protocol,
                  const char     *address,
                  CvCertProblem   problems,
                  char          **sha256,
                  char          **url)
{
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GError) error = NULL;
  CvDemoServer *server;

  g_assert_true (cv_cert_factory_issue (fixture->factory, "localhost", problems, 0,
                                        &chain_pem, &key_pem, &error));
  chain = cv_test_chain_from_pem (chain_pem);
  leaf = cv_certificate_new_from_der (g_ptr_array_index (chain, 0), &error);
  g_assert_no_error (error);
  server = cv_demo_server_new (protocol, chain_pem, key_pem);
  g_assert_true (cv_demo_server_start (server, address, &error));
  g_assert_no_error (error);

  *sha256 = g_strdup (cv_certificate_get_sha256 (leaf));
  if (strchr (address, ':') != NULL)
    *url = g_strdup_printf ("%s://[%s]:%u", protocol == CV_PROTOCOL_DIRECT_TLS ? "tls" : "ftp",
                            address, cv_demo_server_get_port (server));
  else
    *url = g_strdup_printf ("%s://localhost:%u",
                            protocol == CV_PROTOCOL_DIRECT_TLS ? "tls" : "ftp",
                            cv_demo_server_get_port (server));
  return server;
}

static CvDemoServer *
start_server (Fixture        *fixture,
              const char     *address,
              CvCertProblem   problems,
              char          **sha256,
              char          **url)
{
  return start_server_for (fixture, CV_PROTOCOL_FTP_EXPLICIT, address, problems, sha256, url);
}

/* A decision of the form real ones have, so that it also exports and imports */
static CvTrustEntry *
make_entry (guint i)
{
  g_autofree char *host = g_strdup_printf ("host%05u.example", i);
  g_autoptr(GString) sha256 = g_string_new (NULL);

  for (guint b = 0; b < 32; b++)
    g_string_append_printf (sha256, "%s%02x", b > 0 ? ":" : "", (i * 31 + b * 7) & 0xff);
  return cv_trust_entry_new (host, 21, CV_TRUST_DECISION_TRUST, sha256->str,
                             "sha256//q4oxEMSMl6Sx5vBMgDaPbMSzpnfs5lsAaJ2XVBHQbcQ=",
                             "CN=x", "CN=y", 1893456000, 1700000000, 1700000000);
}

static void
fill_store (const char *path,
            guint       n)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(CvTrustImport) import = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (entries, make_entry (i));
  import = cv_trust_store_import (store, entries, &error);
  g_assert_no_error (error);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* A certview process of its own, started now, with stdout and stderr kept */
static GSubprocess *
spawn_certview (Fixture    *fixture,
                const char *first_arg,
                ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("CERTVIEW"));
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (fixture->child_data_home != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->child_data_home,
                                    TRUE);
      g_subprocess_launcher_unsetenv (launcher, CV_TRUST_STORE_ENV);
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                          &error);
  g_assert_no_error (error);
  return process;
}

static int
finish_process (GSubprocess  *process,
                char        **out,
                char        **err)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static gboolean
same_file (const char  *path,
           struct stat *before)
{
  struct stat now;

  return g_stat (path, &now) == 0 && now.st_ino == before->st_ino &&
         now.st_dev == before->st_dev;
}

/* Only the store and SQLite's journal beside it */
static void
assert_no_stray_files (const char *dir,
                       const char *keep)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *wal = g_strconcat (keep, "-wal", NULL);
      g_autofree char *shm = g_strconcat (keep, "-shm", NULL);

      if (!g_str_equal (name, keep) && !g_str_equal (name, wal) && !g_str_equal (name, shm))
        g_error ("a file was left beside the store: %s", name);
    }
}

/*
 * Finding 1: a damaged 5,000-decision store, six --list-trusted and three --trust
 * at once. Every one of them says the store is damaged, none claims to have
 * saved, and the file stays where it was, byte for byte.
 */
static void
test_damaged_concurrent (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  struct stat st;
  int fd;

  fill_store (fixture->store, 5000);
  fd = g_open (fixture->store, O_WRONLY, 0);
  g_assert_cmpint (pwrite (fd, "\xde\xad\xbe\xef damaged", 12, 100), ==, 12);
  close (fd);
  g_assert_true (g_file_get_contents (fixture->store, &before, &before_len, NULL));
  g_assert_cmpint (g_stat (fixture->store, &st), ==, 0);

  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url);
  for (guint i = 0; i < 9; i++)
    {
      if (i % 3 == 2)
        g_ptr_array_add (processes, spawn_certview (fixture, "--trust", url, "--fingerprint",
                                                    sha256, "--trust-store", fixture->store,
                                                    NULL));
      else
        g_ptr_array_add (processes, spawn_certview (fixture, "--list-trusted", "--trust-store",
                                                    fixture->store, NULL));
    }
  for (guint i = 0; i < processes->len; i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (finish_process (g_ptr_array_index (processes, i), &out, &err), ==, 2);
      g_assert_nonnull (strstr (err, "damaged"));
      g_assert_null (strstr (out, "Always trusting"));
    }
  cv_demo_server_stop (server);

  g_assert_true (same_file (fixture->store, &st));
  g_assert_true (g_file_get_contents (fixture->store, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);
  assert_no_stray_files (fixture->dir, "trust.db");
}

/* The same on a sound store: nothing is lost, and the three saves all land */
static void
test_concurrent_programs (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(CvTestRun) list = { 0 };

  fill_store (fixture->store, 5000);
  for (guint i = 0; i < 9; i++)
    {
      if (i % 3 == 2)
        {
          g_autofree char *sha256 = NULL;
          g_autofree char *url = NULL;

          g_ptr_array_add (servers, start_server (fixture, "127.0.0.1",
                                                  CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url));
          g_ptr_array_add (processes, spawn_certview (fixture, "--trust", url, "--fingerprint",
                                                      sha256, "--trust-store",
                                                      fixture->store, NULL));
        }
      else
        g_ptr_array_add (processes, spawn_certview (fixture, "--list-trusted", "--trust-store",
                                                    fixture->store, NULL));
    }
  for (guint i = 0; i < processes->len; i++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (finish_process (g_ptr_array_index (processes, i), &out, &err), ==, 0);
      if (i % 3 != 2)
        g_assert_cmpuint (count_lines (out), >=, 5000);
    }
  for (guint i = 0; i < servers->len; i++)
    cv_demo_server_stop (g_ptr_array_index (servers, i));

  cv_test_run_certview (&list, "--list-trusted", "--trust-store", fixture->store, NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpuint (count_lines (list.out), ==, 5003);
  assert_no_stray_files (fixture->dir, "trust.db");
}

/*
 * Finding 2: --forget while a --prompt of the same pinned server runs. Whenever
 * forget says it forgot, the decision stays forgotten.
 */
static void
test_forget_during_prompt (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  guint forgotten = 0;

  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url);
  key = g_strdup_printf ("localhost:%u", cv_demo_server_get_port (server));

  for (guint round = 0; round < 20; round++)
    {
      g_auto(CvTestRun) trust = { 0 };
      g_auto(CvTestRun) list = { 0 };
      g_autoptr(GSubprocess) prompt = NULL;
      g_autoptr(GSubprocess) forget = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *forget_out = NULL;
      g_autofree char *forget_err = NULL;
      int forget_status;

      cv_test_run_certview (&trust, "--trust", url, "--fingerprint", sha256,
                            "--trust-store", fixture->store, NULL);
      g_assert_cmpint (trust.status, ==, 0);

      prompt = spawn_certview (fixture, "--prompt", url, "--trust-store", fixture->store, NULL);
      g_usleep (g_random_int_range (0, 40) * 1000);
      forget = spawn_certview (fixture, "--forget", key, "--trust-store", fixture->store, NULL);
      forget_status = finish_process (forget, &forget_out, &forget_err);
      finish_process (prompt, &out, &err);

      cv_test_run_certview (&list, "--list-trusted", "--trust-store", fixture->store, NULL);
      if (forget_status == 0)
        {
          forgotten++;
          g_assert_null (strstr (list.out, key));
        }
    }
  g_assert_cmpuint (forgotten, ==, 20);
  cv_demo_server_stop (server);
}

/* Finding 3: commands that only read moved any file named as the store */
static void
test_not_a_store (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *bashrc = cv_test_write_file (fixture->dir, ".bashrc",
                                                "# .bashrc\nalias ll='ls -l'\n");
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *after = NULL;
  g_auto(CvTestRun) list = { 0 };
  g_auto(CvTestRun) trust = { 0 };
  g_auto(CvTestRun) forget = { 0 };
  struct stat st;

  g_assert_cmpint (g_stat (bashrc, &st), ==, 0);
  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url);

  cv_test_run_certview (&list, "--list-trusted", "--trust-store", bashrc, NULL);
  g_assert_cmpint (list.status, ==, 2);
  g_assert_nonnull (strstr (list.err, "not a Certview trust store"));
  /* The library's message, with the command line's way to name another file */
  g_assert_nonnull (strstr (list.err, "left as it is. Name another file "
                                     "with --trust-store or CERTVIEW_TRUST_STORE.\n"));
  cv_test_run_certview (&trust, "--trust", url, "--fingerprint", sha256, "--trust-store",
                        bashrc, NULL);
  g_assert_cmpint (trust.status, ==, 2);
  cv_test_run_certview (&forget, "--forget", "localhost:21", "--trust-store", bashrc, NULL);
  g_assert_cmpint (forget.status, ==, 2);
  cv_demo_server_stop (server);

  g_assert_true (same_file (bashrc, &st));
  g_assert_true (g_file_get_contents (bashrc, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "# .bashrc\nalias ll='ls -l'\n");
  assert_no_stray_files (fixture->dir, ".bashrc");
}

/* Finding 4: a FIFO as the store hung --list-trusted, --prompt and --trust */
static void
test_fifo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (fixture->dir, "fifo", NULL);
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_auto(CvTestRun) list = { 0 };
  g_auto(CvTestRun) prompt = { 0 };
  g_auto(CvTestRun) trust = { 0 };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url);

  cv_test_run_certview (&list, "--list-trusted", "--trust-store", fifo, NULL);
  g_assert_cmpint (list.status, ==, 2);
  g_assert_nonnull (strstr (list.err, "named pipe"));
  g_assert_nonnull (strstr (list.err, "it is not used. Name another file "
                                     "with --trust-store or CERTVIEW_TRUST_STORE.\n"));
  g_assert_cmpint (list.elapsed_us, <, 10 * G_USEC_PER_SEC);

  /* No display: the prompt rejects, after saying why the store was not used */
  cv_test_run_certview (&prompt, "--prompt", url, "--trust-store", fifo, NULL);
  g_assert_cmpint (prompt.status, ==, 1);
  g_assert_nonnull (strstr (prompt.err, "named pipe"));
  g_assert_nonnull (strstr (prompt.err, "Name another file with --trust-store or "
                                       "CERTVIEW_TRUST_STORE."));
  g_assert_cmpint (prompt.elapsed_us, <, 10 * G_USEC_PER_SEC);

  cv_test_run_certview (&trust, "--trust", url, "--fingerprint", sha256, "--trust-store",
                        fifo, NULL);
  g_assert_cmpint (trust.status, ==, 2);
  g_assert_nonnull (strstr (trust.err, "named pipe"));
  g_assert_cmpint (trust.elapsed_us, <, 10 * G_USEC_PER_SEC);
  cv_demo_server_stop (server);
}

/*
 * Finding 5: a saved trust for a self-signed certificate, then the same key in a
 * certificate that expired, or that names another host: --prompt said "renewed
 * with the same key" and accepted. Now it asks again and says what is new.
 */
static void
test_renewal_new_problems (Fixture       *fixture,
                           gconstpointer  data)
{
  CvCertFactory *factory = fixture->factory;
  const struct { CvCertProblem problems; const char *says; } renewals[] = {
    { CV_CERT_PROBLEM_SELF_SIGNED | CV_CERT_PROBLEM_EXPIRED, "expired" },
    { CV_CERT_PROBLEM_SELF_SIGNED | CV_CERT_PROBLEM_WRONG_HOST, CV_CERT_WRONG_HOST_NAME },
  };

  cv_cert_factory_set_reuse_leaf_key (factory, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (renewals); i++)
    {
      g_autoptr(CvDemoServer) first = NULL;
      g_autoptr(CvDemoServer) renewed = NULL;
      g_autoptr(CvDemoServer) same = NULL;
      g_autofree char *sha256 = NULL;
      g_autofree char *url = NULL;
      g_autofree char *same_sha256 = NULL;
      g_autofree char *same_url = NULL;
      g_autofree char *store = g_strdup_printf ("%s/renewal-%u.db", fixture->dir, i);
      g_auto(CvTestRun) trust = { 0 };
      g_auto(CvTestRun) prompt = { 0 };
      g_auto(CvTestRun) renewal_ok = { 0 };
      guint16 port;

      first = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url);
      cv_test_run_certview (&trust, "--trust", url, "--fingerprint", sha256,
                            "--trust-store", store, NULL);
      g_assert_cmpint (trust.status, ==, 0);
      /* What it pins over is said, not passed over in silence */
      g_assert_nonnull (strstr (trust.err, "self-signed"));
      port = cv_demo_server_get_port (first);
      cv_demo_server_stop (first);

      /* The renewal on the same port */
      {
        g_autofree char *chain_pem = NULL;
        g_autofree char *key_pem = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_true (cv_cert_factory_issue (factory, "localhost", renewals[i].problems, 0,
                                              &chain_pem, &key_pem, &error));
        renewed = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);
        cv_demo_server_set_port (renewed, port);
        g_assert_true (cv_demo_server_start (renewed, "127.0.0.1", &error));
        g_assert_no_error (error);
      }

      cv_test_run_certview (&prompt, "--prompt", url, "--trust-store", store, NULL);
      g_test_message ("%s", prompt.err);
      g_assert_cmpint (prompt.status, ==, 1);
      g_assert_nonnull (strstr (prompt.err, "renewed with the same key"));
      g_assert_nonnull (strstr (prompt.err, "problems you did not accept"));
      g_assert_nonnull (strstr (prompt.err, renewals[i].says));
      cv_demo_server_stop (renewed);

      /* A renewal with only the problem that was accepted still applies */
      same = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &same_sha256,
                           &same_url);
      cv_demo_server_stop (same);
      g_clear_object (&same);
      {
        g_autofree char *chain_pem = NULL;
        g_autofree char *key_pem = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_true (cv_cert_factory_issue (factory, "localhost",
                                              CV_CERT_PROBLEM_SELF_SIGNED, 0, &chain_pem,
                                              &key_pem, &error));
        same = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);
        cv_demo_server_set_port (same, port);
        g_assert_true (cv_demo_server_start (same, "127.0.0.1", &error));
      }
      cv_test_run_certview (&renewal_ok, "--prompt", url, "--trust-store", store, NULL);
      g_assert_cmpint (renewal_ok.status, ==, 0);
      g_assert_nonnull (strstr (renewal_ok.err, "the decision applies"));
      cv_demo_server_stop (same);
    }
  cv_cert_factory_set_reuse_leaf_key (factory, FALSE);
}

/* Finding: a new key that a trusted authority vouches for was accepted with no
 * word of the change. It is accepted as a valid certificate, and the change is
 * said on stderr. */
static void
test_changed_but_valid (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CvDemoServer) first = NULL;
  g_autoptr(CvDemoServer) valid = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *ca_file = cv_test_write_file (fixture->dir, "ca.pem",
                                                 cv_cert_factory_get_ca_pem (fixture->factory));
  g_auto(CvTestRun) trust = { 0 };
  g_auto(CvTestRun) prompt = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  guint16 port;

  first = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url);
  cv_test_run_certview (&trust, "--trust", url, "--fingerprint", sha256, "--trust-store",
                        fixture->store, NULL);
  g_assert_cmpint (trust.status, ==, 0);
  port = cv_demo_server_get_port (first);
  cv_demo_server_stop (first);

  /* A certificate of the authority in the CA file, with a key of its own */
  g_assert_true (cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                                        &chain_pem, &key_pem, &error));
  valid = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);
  cv_demo_server_set_port (valid, port);
  g_assert_true (cv_demo_server_start (valid, "127.0.0.1", &error));
  g_assert_no_error (error);

  cv_test_run_certview (&prompt, "--prompt", "--print-pin", "--ca-file", ca_file, url,
                        "--trust-store", fixture->store, NULL);
  g_test_message ("%s", prompt.err);
  g_assert_cmpint (prompt.status, ==, 0);
  g_assert_true (g_str_has_prefix (prompt.out, "sha256//"));
  g_assert_nonnull (strstr (prompt.err, "has changed since you decided on it"));
  g_assert_nonnull (strstr (prompt.err, sha256));
  g_assert_nonnull (strstr (prompt.err, "the saved decision no longer applies"));
  cv_demo_server_stop (valid);
}

/* Finding 5: a "reject" decision could be shown but never made */
static void
test_distrust (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_auto(CvTestRun) distrust = { 0 };
  g_auto(CvTestRun) wrong = { 0 };
  g_auto(CvTestRun) prompt = { 0 };
  g_auto(CvTestRun) list = { 0 };

  /* Even a certificate the system would trust */
  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_NONE, &sha256, &url);

  cv_test_run_certview (&wrong, "--distrust", url, "--fingerprint",
                        "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:"
                        "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00",
                        "--trust-store", fixture->store, NULL);
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, "Nothing was saved"));

  cv_test_run_certview (&distrust, "--distrust", url, "--fingerprint", sha256,
                        "--trust-store", fixture->store, NULL);
  g_assert_cmpint (distrust.status, ==, 0);
  g_assert_nonnull (strstr (distrust.out, "Always rejecting"));

  cv_test_run_certview (&prompt, "--prompt", url, "--trust-store", fixture->store, NULL);
  g_assert_cmpint (prompt.status, ==, 1);
  g_assert_nonnull (strstr (prompt.err, "always reject"));

  cv_test_run_certview (&list, "--list-trusted", "--trust-store", fixture->store, NULL);
  g_assert_nonnull (strstr (list.out, "\treject\t"));
  cv_demo_server_stop (server);
}

/* Findings: --trust replaced a saved rejection without a word, and a decision
 * of a newer version's kind, which every other command keeps */
static void
test_trust_over_decision (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(CvTrustEntry) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_auto(CvTestRun) distrust = { 0 };
  g_auto(CvTestRun) trust = { 0 };
  g_auto(CvTestRun) again = { 0 };
  g_auto(CvTestRun) refused = { 0 };
  g_auto(CvTestRun) list = { 0 };
  g_auto(CvTestRun) prompt = { 0 };
  CvTrustEntryFields fields = { 0 };

  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_NONE, &sha256, &url);

  cv_test_run_certview (&distrust, "--distrust", url, "--fingerprint", sha256,
                        "--trust-store", fixture->store, NULL);
  g_assert_cmpint (distrust.status, ==, 0);
  g_assert_null (strstr (distrust.out, "replaces"));

  cv_test_run_certview (&trust, "--trust", url, "--fingerprint", sha256,
                        "--trust-store", fixture->store, NULL);
  g_test_message ("%s", trust.out);
  g_assert_cmpint (trust.status, ==, 0);
  g_assert_nonnull (strstr (trust.out, "This replaces the decision saved before: Always "
                                       "reject, SHA-256 "));
  /* The same decision again replaces nothing */
  cv_test_run_certview (&again, "--trust", url, "--fingerprint", sha256,
                        "--trust-store", fixture->store, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_null (strstr (again.out, "replaces"));

  /* A kind from a newer version is kept */
  store = cv_trust_store_new (fixture->store);
  fields.host = "localhost";
  fields.port = cv_demo_server_get_port (server);
  fields.decision = "trust-issuer";
  fields.certificate_sha256 = sha256;
  fields.public_key_pin = "sha256//q4oxEMSMl6Sx5vBMgDaPbMSzpnfs5lsAaJ2XVBHQbcQ=";
  later = cv_trust_entry_new_full (&fields);
  g_assert_true (cv_trust_store_save (store, later, &error));
  g_assert_no_error (error);
  cv_test_run_certview (&refused, "--trust", url, "--fingerprint", sha256,
                        "--trust-store", fixture->store, NULL);
  g_test_message ("%s", refused.err);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "“trust-issuer”"));
  g_assert_nonnull (strstr (refused.err, "certview --forget "));
  cv_test_run_certview (&list, "--list-trusted", "--trust-store", fixture->store, NULL);
  g_assert_nonnull (strstr (list.out, "\ttrust-issuer\t"));
  /* Without a display the prompt's advice forgets it first, as --trust asks */
  cv_test_run_certview (&prompt, "--prompt", url, "--trust-store", fixture->store, NULL);
  g_test_message ("%s", prompt.err);
  g_assert_cmpint (prompt.status, ==, 1);
  g_assert_nonnull (strstr (prompt.err, "  certview --forget "));
  g_assert_true (strstr (prompt.err, "  certview --forget ") <
                 strstr (prompt.err, "  certview --trust "));
  cv_demo_server_stop (server);
}

/* Findings: --all-names on a certificate whose other names are IP addresses alone
 * saved nothing more, and said nothing about it; and it said it covered a name
 * that keeps a decision of its own */
static void
test_all_names (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *by_address = NULL;
  g_auto(CvTestRun) covering = { 0 };
  g_auto(CvTestRun) by_name = { 0 };
  g_auto(CvTestRun) again = { 0 };

  /* localhost's certificate: localhost, 127.0.0.1 and ::1 */
  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_NONE, &sha256, &url);
  by_address = g_strdup_printf ("ftp://127.0.0.1:%u", cv_demo_server_get_port (server));
  cv_test_run_certview (&covering, "--trust", by_address, "--fingerprint", sha256,
                        "--all-names", "--trust-store", fixture->store, NULL);
  g_test_message ("%s", covering.out);
  g_assert_cmpint (covering.status, ==, 0);
  g_assert_nonnull (strstr (covering.out, "other names on port"));
  g_assert_nonnull (strstr (covering.out, ": localhost.\n"));

  cv_test_run_certview (&by_name, "--distrust", url, "--fingerprint", sha256, "--all-names",
                        "--trust-store", fixture->store, NULL);
  g_test_message ("%s", by_name.out);
  g_assert_cmpint (by_name.status, ==, 0);
  g_assert_nonnull (strstr (by_name.out, "names no other host that a decision can cover"));

  /* localhost now has a decision of its own, which it keeps */
  cv_test_run_certview (&again, "--trust", by_address, "--fingerprint", sha256,
                        "--all-names", "--trust-store", fixture->store, NULL);
  g_test_message ("%s", again.out);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_null (strstr (again.out, "other names on port"));
  g_assert_nonnull (strstr (again.out, "These names keep the decision saved for them: "
                                       "localhost.\n"));
  cv_demo_server_stop (server);
}

/* Finding: with the store damaged, the saved rejection of a valid certificate could
 * not be read, and --prompt accepted it (exit 0, and the pin printed). A decision
 * that cannot be read may be a rejection: the certificate is not accepted on its
 * validity alone, and no advice to save in the same store is given. */
static void
test_distrust_damaged (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvDemoServer) untrusted = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *untrusted_sha256 = NULL;
  g_autofree char *untrusted_url = NULL;
  g_auto(CvTestRun) distrust = { 0 };
  g_auto(CvTestRun) prompt = { 0 };
  g_auto(CvTestRun) other = { 0 };
  g_autofree char *ca_file = cv_test_write_file (fixture->dir, "ca.pem",
                                                 cv_cert_factory_get_ca_pem (fixture->factory));
  int fd;

  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_NONE, &sha256, &url);
  untrusted = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED,
                            &untrusted_sha256, &untrusted_url);
  cv_test_run_certview (&distrust, "--distrust", url, "--fingerprint", sha256,
                        "--trust-store", fixture->store, NULL);
  g_assert_cmpint (distrust.status, ==, 0);

  fd = g_open (fixture->store, O_WRONLY, 0);
  g_assert_cmpint (pwrite (fd, "\xde\xad\xbe\xef damaged", 12, 100), ==, 12);
  close (fd);

  cv_test_run_certview (&prompt, "--prompt", "--print-pin", "--ca-file", ca_file, url,
                        "--trust-store", fixture->store, NULL);
  g_test_message ("%s", prompt.err);
  g_assert_cmpint (prompt.status, ==, 1);
  g_assert_cmpstr (prompt.out, ==, "");
  g_assert_nonnull (strstr (prompt.err, "damaged"));
  g_assert_nonnull (strstr (prompt.err, "may be to reject"));
  g_assert_null (strstr (prompt.err, "--trust "));

  /* Nor is an untrusted one to be trusted in the same store */
  cv_test_run_certview (&other, "--prompt", untrusted_url, "--trust-store", fixture->store,
                        NULL);
  g_test_message ("%s", other.err);
  g_assert_cmpint (other.status, ==, 1);
  g_assert_nonnull (strstr (other.err, "saved decisions cannot be read"));
  g_assert_null (strstr (other.err, "--trust "));

  cv_demo_server_stop (untrusted);
  cv_demo_server_stop (server);
}

/* Finding 6: --prompt of a pinned server rewrote the whole store */
static void
test_prompt_writes_one_row (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  guint changed = 0;
  g_auto(CvTestRun) trust = { 0 };
  g_auto(CvTestRun) prompt = { 0 };

  fill_store (fixture->store, 2000);
  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url);
  cv_test_run_certview (&trust, "--trust", url, "--fingerprint", sha256, "--trust-store",
                        fixture->store, NULL);
  g_assert_cmpint (trust.status, ==, 0);

  /* Last seen changes with the second */
  g_usleep (1100 * 1000);
  g_assert_true (g_file_get_contents (fixture->store, &before, &before_len, NULL));
  cv_test_run_certview (&prompt, "--prompt", url, "--trust-store", fixture->store, NULL);
  g_assert_cmpint (prompt.status, ==, 0);
  g_assert_true (g_file_get_contents (fixture->store, &after, &after_len, NULL));
  cv_demo_server_stop (server);

  g_assert_cmpuint (after_len, ==, before_len);
  for (gsize off = 0; off < after_len; off += 4096)
    changed += memcmp (before + off, after + off, MIN (4096, after_len - off)) != 0;
  g_test_message ("%u of %" G_GSIZE_FORMAT " pages changed", changed, after_len / 4096);
  g_assert_cmpuint (changed, >=, 1);
  g_assert_cmpuint (changed, <=, 4);
}

/* Finding 7: the smaller ones */
static void
test_forget_forms (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CvDemoServer) v6 = NULL;
  g_autoptr(CvDemoServer) v4 = NULL;
  g_autofree char *v6_sha256 = NULL;
  g_autofree char *v6_url = NULL;
  g_autofree char *v4_sha256 = NULL;
  g_autofree char *v4_url = NULL;
  g_autofree char *v6_key = NULL;
  g_autofree char *dotted = NULL;
  g_autofree char *as_url = NULL;
  g_auto(CvTestRun) trust6 = { 0 };
  g_auto(CvTestRun) trust4 = { 0 };
  g_auto(CvTestRun) forget6 = { 0 };
  g_auto(CvTestRun) forget4 = { 0 };
  g_auto(CvTestRun) trust_again = { 0 };
  g_auto(CvTestRun) forget_url = { 0 };
  g_auto(CvTestRun) list = { 0 };

  v6 = start_server (fixture, "::1", CV_CERT_PROBLEM_SELF_SIGNED, &v6_sha256, &v6_url);
  v4 = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &v4_sha256, &v4_url);

  cv_test_run_certview (&trust6, "--trust", v6_url, "--fingerprint", v6_sha256,
                        "--trust-store", fixture->store, NULL);
  g_assert_cmpint (trust6.status, ==, 0);
  cv_test_run_certview (&trust4, "--trust", v4_url, "--fingerprint", v4_sha256,
                        "--trust-store", fixture->store, NULL);
  g_assert_cmpint (trust4.status, ==, 0);

  v6_key = g_strdup_printf ("[0:0::1]:%u", cv_demo_server_get_port (v6));
  cv_test_run_certview (&forget6, "--forget", v6_key, "--trust-store", fixture->store, NULL);
  g_assert_cmpint (forget6.status, ==, 0);
  dotted = g_strdup_printf ("LocalHost.:%u", cv_demo_server_get_port (v4));
  cv_test_run_certview (&forget4, "--forget", dotted, "--trust-store", fixture->store, NULL);
  g_assert_cmpint (forget4.status, ==, 0);

  cv_test_run_certview (&trust_again, "--trust", v4_url, "--fingerprint", v4_sha256,
                        "--trust-store", fixture->store, NULL);
  as_url = g_strdup_printf ("ftp://localhost:%u", cv_demo_server_get_port (v4));
  cv_test_run_certview (&forget_url, "--forget", as_url, "--trust-store", fixture->store,
                        NULL);
  g_assert_cmpint (forget_url.status, ==, 0);

  cv_test_run_certview (&list, "--list-trusted", "--trust-store", fixture->store, NULL);
  g_assert_cmpstr (list.out, ==, "");
  cv_demo_server_stop (v6);
  cv_demo_server_stop (v4);
}

static void
test_odd_store_names (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_auto(CvTestRun) empty = { 0 };
  g_auto(CvTestRun) null = { 0 };

  /* From inside the test's folder, so that a ./.lock would show */
  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
  cv_test_run_certview (&empty, "--list-trusted", "--trust-store", "", NULL);
  g_assert_cmpint (empty.status, ==, 2);
  g_assert_nonnull (strstr (empty.err, "certview: No file is named for the trust store: "
                                       "--trust-store or CERTVIEW_TRUST_STORE is empty. "
                                       "Name a file, or leave both out for the default.\n"));
  assert_no_stray_files (fixture->dir, "trust.db");

  cv_test_run_certview (&null, "--forget", "h:21", "--trust-store", "/dev/null", NULL);
  g_assert_cmpint (null.status, ==, 2);
  g_assert_nonnull (strstr (null.err, "device"));
  g_assert_null (strstr (null.err, "chmod"));
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

#define OLD_SHA256 "aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:" \
                   "aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99"

/* The output of certview with @args, started by spawn_certview() */
#define RUN(fixture, status, out, err, ...) \
  status = finish_process (spawn_certview (fixture, __VA_ARGS__, NULL), &out, &err)

/* The 0.1 key file beside the default store is read, then imported once */
static void
test_legacy_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (fixture->dir, "data", NULL);
  g_autofree char *store_dir = g_build_filename (data_dir, "certview", NULL);
  g_autofree char *db = g_build_filename (store_dir, "trust.db", NULL);
  g_autofree char *legacy = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *legacy_after = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  char *out[4] = { NULL };
  char *err[4] = { NULL };
  int status;
  const char *text =
    "# Certview: saved certificate trust decisions. Manage them with\n"
    "# certview --list-trusted and --forget HOST:PORT.\n"
    "\n[old.example:21]\ndecision=trust\n"
    "certificate-sha256=" OLD_SHA256 "\n"
    "public-key-pin=sha256//q4oxEMSMl6Sx5vBMgDaPbMSzpnfs5lsAaJ2XVBHQbcQ=\n"
    "subject=CN=old.example\nissuer=CN=Old CA\nnot-after=2030-01-01T00:00:00Z\n"
    "created=2024-01-01T00:00:00Z\nlast-seen=2024-02-01T00:00:00Z\n";

  g_assert_cmpint (g_mkdir_with_parents (store_dir, 0700), ==, 0);
  legacy = cv_test_write_file (store_dir, "trust.ini", text);
  fixture->child_data_home = data_dir;

  /* Read where it is, and nothing is created by reading */
  RUN (fixture, status, out[0], err[0], "--list-trusted");
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out[0], "old.example:21\ttrust\t" OLD_SHA256
                                            "\t2030-01-01\t"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url);
  RUN (fixture, status, out[1], err[1], "--trust", url, "--fingerprint", sha256);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err[1], "was imported"));
  g_assert_nonnull (strstr (err[1], "left in place"));
  cv_demo_server_stop (server);

  RUN (fixture, status, out[2], err[2], "--list-trusted");
  g_assert_cmpuint (count_lines (out[2]), ==, 2);
  g_assert_nonnull (strstr (out[2], "old.example:21"));

  /* Once: the old file is left as it was, and a note beside it says it was
   * imported */
  g_assert_true (g_file_get_contents (legacy, &legacy_after, NULL, NULL));
  g_assert_cmpstr (legacy_after, ==, text);
  imported = g_strconcat (legacy, ".imported", NULL);
  g_assert_true (g_file_test (imported, G_FILE_TEST_IS_REGULAR));

  /* Finding: a decision forgotten after the import came back, and --prompt
   * accepted its server again, once trust.db was moved away (as the message of
   * a damaged store advises) or was an empty file */
  RUN (fixture, status, out[3], err[3], "--forget", "old.example:21");
  g_assert_cmpint (status, ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *moved = g_strconcat (db, ".moved", NULL);
      g_autofree char *list_out = NULL;
      g_autofree char *list_err = NULL;

      /* First with no store at all, then with an empty file in its place */
      g_assert_cmpint (g_rename (db, moved), ==, 0);
      if (i == 1)
        g_free (cv_test_write_file (store_dir, "trust.db", ""));
      RUN (fixture, status, list_out, list_err, "--list-trusted");
      g_test_message ("%s", list_err);
      g_assert_cmpint (status, ==, 0);
      g_assert_null (strstr (list_out, "old.example"));
      g_assert_cmpint (g_rename (moved, db), ==, 0);
    }
  fixture->child_data_home = NULL;
  for (guint i = 0; i < 4; i++)
    {
      g_free (out[i]);
      g_free (err[i]);
    }

  /* Finding: named with --trust-store, and without its first comment line, the
   * same file was "not a Certview trust store", with no word of importing it */
  {
    const char *body = strstr (text, "\n[old.example:21]") + 1;
    g_autofree char *bare = cv_test_write_file (fixture->dir, "bare.ini", body);
    g_auto(CvTestRun) bare_run = { 0 };

    cv_test_run_certview (&bare_run, "--list-trusted", "--trust-store", bare, NULL);
    g_test_message ("%s", bare_run.err);
    g_assert_cmpint (bare_run.status, ==, 2);
    g_assert_nonnull (strstr (bare_run.err, "Certview 0.1"));
    g_assert_nonnull (strstr (bare_run.err, "--import-trusted"));
  }
}

/* Export and import give back the same decisions, in another store */
static void
test_export_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *exported = g_build_filename (fixture->dir, "decisions.json", NULL);
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_auto(CvTestRun) trust = { 0 };
  g_auto(CvTestRun) export = { 0 };
  g_auto(CvTestRun) import = { 0 };
  g_auto(CvTestRun) again = { 0 };
  g_auto(CvTestRun) list = { 0 };
  g_auto(CvTestRun) list_other = { 0 };
  struct stat st;

  fill_store (fixture->store, 20);
  server = start_server (fixture, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url);
  cv_test_run_certview (&trust, "--trust", url, "--fingerprint", sha256, "--trust-store",
                        fixture->store, NULL);
  g_assert_cmpint (trust.status, ==, 0);
  cv_demo_server_stop (server);

  cv_test_run_certview (&export, "--export-trusted", exported, "--trust-store",
                        fixture->store, NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_cmpint (g_stat (exported, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  cv_test_run_certview (&import, "--import-trusted", exported, "--trust-store", other, NULL);
  g_assert_cmpint (import.status, ==, 0);
  g_assert_nonnull (strstr (import.out, "21 added, 0 already saved, 0 different"));
  cv_test_run_certview (&again, "--import-trusted", exported, "--trust-store", other, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "0 added, 21 already saved"));

  cv_test_run_certview (&list, "--list-trusted", "--trust-store", fixture->store, NULL);
  cv_test_run_certview (&list_other, "--list-trusted", "--trust-store", other, NULL);
  g_assert_cmpstr (list_other.out, ==, list.out);

  /* Finding: "-" was looked for as a file, and /dev/stdin refused as no regular
   * one; both are standard input, as for export */
  for (guint i = 0; i < 2; i++)
    {
      const char *names[] = { "-", "/dev/stdin" };
      g_autofree char *piped = g_strdup_printf ("%s/piped-%u.db", fixture->dir, i);
      g_autofree char *json = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_auto(CvTestRun) list_piped = { 0 };

      g_assert_true (g_file_get_contents (exported, &json, NULL, NULL));
      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                  G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                  g_getenv ("CERTVIEW"), "--import-trusted", names[i],
                                  "--trust-store", piped, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, json, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_test_message ("%s%s", out, err);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      g_assert_nonnull (strstr (out, "Imported from “standard input”: 21 added"));
      cv_test_run_certview (&list_piped, "--list-trusted", "--trust-store", piped, NULL);
      g_assert_cmpstr (list_piped.out, ==, list.out);
    }

  /* Finding: a file of no decisions made a store all the same */
  {
    g_autofree char *none = cv_test_write_file (fixture->dir, "none.json",
                                                "{ \"format\": \"certview-trust-store\", "
                                                "\"version\": 1, \"decisions\": [] }");
    g_autofree char *empty_store = g_build_filename (fixture->dir, "empty.db", NULL);
    g_auto(CvTestRun) import_none = { 0 };

    cv_test_run_certview (&import_none, "--import-trusted", none, "--trust-store", empty_store,
                          NULL);
    g_test_message ("%s%s", import_none.out, import_none.err);
    g_assert_cmpint (import_none.status, ==, 0);
    g_assert_nonnull (strstr (import_none.out, "0 added"));
    g_assert_false (g_file_test (empty_store, G_FILE_TEST_EXISTS));
  }
}

/* An export through a link replaces the file it links to, and keeps the link; a
 * folder, a circle of links or no name is refused with a word of why */
static void
test_export_targets (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *real = g_build_filename (fixture->dir, "real.json", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, "link.json", NULL);
  g_autofree char *circle = g_build_filename (fixture->dir, "circle", NULL);
  g_autofree char *circle_back = g_build_filename (fixture->dir, "circle-back", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "folder", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", "x.json", NULL);
  g_autofree char *fifo = g_build_filename (fixture->dir, "fifo", NULL);
  g_autofree char *read_only = cv_test_write_file (fixture->dir, "read-only.json", "{}");
  g_autofree char *wal = g_strconcat (fixture->store, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->store, "-shm", NULL);
  g_autofree char *journal = g_strconcat (fixture->store, "-journal", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *target = NULL;
  const struct
  {
    const char *path;
    const char *says;
  } refused[] = {
    { folder, "is a folder; give the name of a file" },
    { circle, "is a link that leads round in a circle" },
    { "", "Give --export-trusted the name of a file to write" },
    { missing, "Check that its folder exists and that you may write in it." },
    /* Finding: a device or a pipe was replaced by a regular file */
    { fifo, "is not a regular file" },
    /* Finding: the export replaced the store it was read from */
    { fixture->store, "is the trust store itself" },
    /* Finding: an export wrote into the store's journal, which lost decisions and
     * brought back forgotten ones; shell completion offers these names */
    { wal, "belongs to the trust store" },
    { shm, "belongs to the trust store" },
    { journal, "belongs to the trust store" },
    /* Finding: root replaced a file its owner had made read-only */
    { read_only, "is read-only" },
  };
  g_auto(CvTestRun) through_link = { 0 };
  g_auto(CvTestRun) known_hosts = { 0 };

  fill_store (fixture->store, 2);
  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (symlink ("real.json", link), ==, 0);
  g_assert_cmpint (symlink ("circle-back", circle), ==, 0);
  g_assert_cmpint (symlink ("circle", circle_back), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_chmod (read_only, 0444), ==, 0);

  cv_test_run_certview (&through_link, "--export-trusted", link, "--trust-store",
                        fixture->store, NULL);
  g_assert_cmpint (through_link.status, ==, 0);
  target = g_file_read_link (link, NULL);
  g_assert_cmpstr (target, ==, "real.json");
  g_assert_true (g_file_get_contents (real, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "host00001.example"));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto(CvTestRun) run = { 0 };

      cv_test_run_certview (&run, "--export-trusted", refused[i].path, "--trust-store",
                            fixture->store, NULL);
      g_test_message ("%s: %s", refused[i].path, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, refused[i].says));
      g_assert_null (strstr (run.err, "g_rename"));
    }
  g_assert_true (g_file_test (circle, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  /* The journal is SQLite's as the reads left it (or not there), never the JSON */
  g_clear_pointer (&contents, g_free);
  if (g_file_get_contents (wal, &contents, NULL, NULL))
    g_assert_false (g_str_has_prefix (contents, "{") || g_str_has_prefix (contents, "["));
  g_clear_pointer (&contents, g_free);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));

  /* Nor does known_hosts add to the journal, an empty file as it may be */
  {
    g_auto(CvTestRun) into_wal = { 0 };

    g_assert_true (g_file_set_contents (wal, "", 0, NULL));
    cv_test_run_certview (&into_wal, "--export-known-hosts", wal, "--trust-store",
                          fixture->store, NULL);
    g_test_message ("%s", into_wal.err);
    g_assert_cmpint (into_wal.status, ==, 2);
    g_assert_nonnull (strstr (into_wal.err, "belongs to the trust store"));
    g_assert_true (g_file_get_contents (wal, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "");
    g_clear_pointer (&contents, g_free);
    g_assert_cmpint (g_unlink (wal), ==, 0);
  }

  /* Finding: known_hosts was read from the pipe, and waited for ever (or read a
   * device without end) */
  cv_test_run_certview (&known_hosts, "--export-known-hosts", fifo, "--trust-store",
                        fixture->store, NULL);
  g_test_message ("%s", known_hosts.err);
  g_assert_cmpint (known_hosts.status, ==, 2);
  g_assert_nonnull (strstr (known_hosts.err, "is not a regular file"));
  g_assert_true (g_file_test (fifo, G_FILE_TEST_EXISTS) &&
                 !g_file_test (fifo, G_FILE_TEST_IS_REGULAR));

  /* Findings: known_hosts lines were added to the end of a last line without a
   * line break, spoiling both, and to a database */
  {
    g_autofree char *no_break = cv_test_write_file (fixture->dir, "no-break",
                                                    "|c0|other.example|21|0|6|00112233");
    g_autofree char *added = NULL;
    g_autofree char *store_before = NULL;
    g_autofree char *store_after = NULL;
    g_auto(CvTestRun) lines = { 0 };
    g_auto(CvTestRun) database = { 0 };

    cv_test_run_certview (&lines, "--export-known-hosts", no_break, "--trust-store",
                          fixture->store, NULL);
    g_assert_cmpint (lines.status, ==, 0);
    g_assert_true (g_file_get_contents (no_break, &added, NULL, NULL));
    g_assert_true (g_str_has_prefix (added, "|c0|other.example|21|0|6|00112233\n|c0|"));

    g_assert_true (g_file_get_contents (fixture->store, &store_before, NULL, NULL));
    cv_test_run_certview (&database, "--export-known-hosts", fixture->store,
                          "--trust-store", fixture->store, NULL);
    g_assert_cmpint (database.status, ==, 2);
    g_assert_nonnull (strstr (database.err, "is the trust store itself"));
    g_assert_true (g_file_get_contents (fixture->store, &store_after, NULL, NULL));
    g_assert_cmpstr (store_after, ==, store_before);
  }

  /* Finding: the lines were added to the end of a binary file (a DER certificate),
   * blamed on the disk, and added again on every run; and to a private key */
  {
    static const char binary[] = "0\x82\x01\x0a\x02\x00binary";
    g_autofree char *der = g_build_filename (fixture->dir, "server.der", NULL);
    g_autofree char *key = cv_test_write_file (fixture->dir, "server.key",
                                               "-----BEGIN PRIVATE KEY-----\nMIGH\n"
                                               "-----END PRIVATE KEY-----\n");
    const char *files[] = { der, key };

    g_assert_true (g_file_set_contents (der, binary, sizeof binary, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *before = NULL;
        g_autofree char *after = NULL;
        gsize before_len;
        gsize after_len;
        g_auto(CvTestRun) not_hosts = { 0 };

        g_assert_true (g_file_get_contents (files[i], &before, &before_len, NULL));
        cv_test_run_certview (&not_hosts, "--export-known-hosts", files[i], "--trust-store",
                              fixture->store, NULL);
        g_test_message ("%s", not_hosts.err);
        g_assert_cmpint (not_hosts.status, ==, 2);
        g_assert_nonnull (strstr (not_hosts.err, "is not a known_hosts file"));
        g_assert_null (strstr (not_hosts.err, "disk"));
        /* Nothing of the file is quoted: it may be a key */
        g_assert_null (strstr (not_hosts.err, "MIGH"));
        g_assert_true (g_file_get_contents (files[i], &after, &after_len, NULL));
        g_assert_cmpmem (after, after_len, before, before_len);
      }
  }

  /* Finding: a known_hosts file with a comment in Latin-1, which GnuTLS reads, was
   * refused as not text */
  {
    g_autofree char *latin1 = cv_test_write_file (fixture->dir, "latin1-hosts",
                                                  "# M\374ller's servers\r\n"
                                                  "|c0|other.example|21|0|6|00112233\r\n");
    g_auto(CvTestRun) comment = { 0 };

    cv_test_run_certview (&comment, "--export-known-hosts", latin1, "--trust-store",
                          fixture->store, NULL);
    g_test_message ("%s", comment.err);
    g_assert_cmpint (comment.status, ==, 0);
  }
}

/* Finding: an export from a later Certview, with a kind of decision this version
 * does not know, imported without a word */
static void
test_import_later_kind (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *file = cv_test_write_file (fixture->dir, "later.json",
    "{\"format\": \"certview-trust-store\", \"version\": 99, \"decisions\": ["
    "{\"host\": \"n.example\", \"port\": 21, \"decision\": \"trust-issuer\", "
    "\"certificate-sha256\": \"" OLD_SHA256 "\", "
    "\"public-key-pin\": \"sha256//l4cgpCN3gtZnNyqd4HipK9n1ytdra7xJKkI09T/ylwo=\", "
    "\"subject\": \"CN=x\", \"issuer\": \"CN=x\", \"not-after\": \"2027-12-01T00:00:00Z\", "
    "\"created\": \"2026-12-01T00:00:00Z\", \"last-seen\": \"2026-12-01T00:00:00Z\", "
    "\"names\": [], \"accepted-problems\": []}]}");
  g_auto(CvTestRun) run = { 0 };

  cv_test_run_certview (&run, "--import-trusted", file, "--trust-store", fixture->store, NULL);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Added n.example:21."));
  g_assert_nonnull (strstr (run.err, "“trust-issuer”"));
  g_assert_nonnull (strstr (run.err, "never applied"));
}

/* A different decision in the file is reported and left alone: exit 1 */
static void
test_import_differs (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *exported = g_build_filename (fixture->dir, "decisions.json", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "other.db", NULL);
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(CvTrustEntry) entry = make_entry (1);
  g_autoptr(CvTrustEntry) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CvTestRun) export = { 0 };
  g_auto(CvTestRun) import = { 0 };

  fill_store (fixture->store, 3);
  cv_test_run_certview (&export, "--export-trusted", exported, "--trust-store",
                        fixture->store, NULL);
  fill_store (other, 3);
  store = cv_trust_store_new (other);
  changed = cv_trust_entry_new ("host00001.example", 21, CV_TRUST_DECISION_REJECT,
                                cv_trust_entry_get_certificate_sha256 (entry),
                                cv_trust_entry_get_public_key_pin (entry), "CN=x", "CN=y",
                                1893456000, 1700000000, 1700000000);
  g_assert_true (cv_trust_store_save (store, changed, &error));

  cv_test_run_certview (&import, "--import-trusted", exported, "--trust-store", other, NULL);
  g_assert_cmpint (import.status, ==, 1);
  g_assert_nonnull (strstr (import.err, "host00001.example:21"));
  g_assert_nonnull (strstr (import.out, "0 added, 2 already saved, 1 different"));
}

/* What gnutls-cli --tofu makes of the exported keys: the server it knows */
static void
test_known_hosts_gnutls_cli (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *gnutls_cli = g_find_program_in_path ("gnutls-cli");
  g_autofree char *home = g_build_filename (fixture->dir, "home", NULL);
  g_autofree char *gnutls_dir = g_build_filename (home, ".gnutls", NULL);
  g_autofree char *known_hosts = g_build_filename (gnutls_dir, "known_hosts", NULL);
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *port = NULL;
  g_auto(CvTestRun) trust = { 0 };
  g_auto(CvTestRun) export = { 0 };
  g_auto(CvTestRun) to_stdout = { 0 };
  g_autofree char *dash = NULL;

  if (gnutls_cli == NULL)
    {
      g_test_skip ("gnutls-cli is not installed (Debian: gnutls-bin)");
      return;
    }

  server = start_server_for (fixture, CV_PROTOCOL_DIRECT_TLS, "127.0.0.1",
                             CV_CERT_PROBLEM_SELF_SIGNED, &sha256, &url);
  port = g_strdup_printf ("%u", cv_demo_server_get_port (server));
  cv_test_run_certview (&trust, "--trust", url, "--fingerprint", sha256, "--trust-store",
                        fixture->store, NULL);
  g_assert_cmpint (trust.status, ==, 0);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      /* First without the file: gnutls-cli asks, and with no answer refuses */
      if (round == 1)
        {
          g_assert_cmpint (g_mkdir_with_parents (gnutls_dir, 0700), ==, 0);
          cv_test_run_certview (&export, "--export-known-hosts", known_hosts,
                                "--trust-store", fixture->store, NULL);
          g_assert_cmpint (export.status, ==, 0);
        }
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                            G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                            G_SUBPROCESS_FLAGS_STDERR_MERGE);
      g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
      process = g_subprocess_launcher_spawn (launcher, &error, "timeout", "20", gnutls_cli,
                                             "--tofu", "--port", port, "localhost", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, "", NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("gnutls-cli said: %s", out);
      if (round == 0)
        g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
      else
        {
          g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
          g_assert_nonnull (strstr (out, "Handshake was completed"));
        }
    }

  /* Standard output is no known_hosts file, nor is a file named "-" made */
  cv_test_run_certview_in (&to_stdout, fixture->dir, "--export-known-hosts", "-",
                           "--trust-store", fixture->store, NULL);
  g_assert_cmpint (to_stdout.status, ==, 2);
  g_assert_cmpstr (to_stdout.out, ==, "");
  g_assert_nonnull (strstr (to_stdout.err, "give its path"));
  dash = g_build_filename (fixture->dir, "-", NULL);
  g_assert_false (g_file_test (dash, G_FILE_TEST_EXISTS));
  cv_demo_server_stop (server);
}

#define ADD(name, func) \
  g_test_add ("/certview/trust-cli/" name, Fixture, factory, fixture_setup, func, \
              fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;

  g_test_init (&argc, &argv, NULL);
  /* --prompt must never find a display here: what it cannot decide, it rejects */
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  ADD ("damaged-concurrent", test_damaged_concurrent);
  ADD ("concurrent-programs", test_concurrent_programs);
  ADD ("forget-during-prompt", test_forget_during_prompt);
  ADD ("not-a-store", test_not_a_store);
  ADD ("fifo", test_fifo);
  ADD ("renewal-new-problems", test_renewal_new_problems);
  ADD ("distrust", test_distrust);
  ADD ("trust-over-decision", test_trust_over_decision);
  ADD ("all-names", test_all_names);
  ADD ("distrust-damaged", test_distrust_damaged);
  ADD ("prompt-writes-one-row", test_prompt_writes_one_row);
  ADD ("forget-forms", test_forget_forms);
  ADD ("odd-store-names", test_odd_store_names);
  ADD ("legacy-import", test_legacy_import);
  ADD ("changed-but-valid", test_changed_but_valid);
  ADD ("export-import", test_export_import);
  ADD ("export-targets", test_export_targets);
  ADD ("import-differs", test_import_differs);
  ADD ("import-later-kind", test_import_later_kind);
  ADD ("known-hosts-gnutls-cli", test_known_hosts_gnutls_cli);

  return g_test_run ();
}
