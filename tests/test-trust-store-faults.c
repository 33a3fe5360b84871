/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The trust store where the file system says no: a save into a read-only or a
 * full location fails with a message and keeps the old decisions, in the library
 * and through the command line; a store that another user owns or can change is
 * refused, as OpenSSH refuses such a known_hosts.
 *
 * Root ignores permissions, so a really read-only or full location needs a file
 * system of its own: a small tmpfs in a private mount namespace (a user namespace
 * too, so that it also works without root). Those cases run in a subprocess,
 * which enters the namespaces while it has no threads yet.
 */
/* unshare() and the CLONE_* flags */
#define _GNU_SOURCE

#include "config.h"

#include "cv-certificate.h"
#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-error.h"
#include "cv-test-util.h"
#include "cv-trust-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The user and group a test that must be bound by file modes works as, under root */
#define NOBODY_ID 65534

#define OLD_HOST "old.example"
#define OLD_KEY "old.example:21"
/* Small, so that filling it takes no time */
#define TMPFS_OPTIONS "size=64k,mode=0700"

/*
 * Each test works in a directory of its own (a CvTestDir fixture) and gets the
 * program's one certificate factory as its data: making one generates keys.
 */

/* Writes @text to a /proc file with plain system calls: it also runs in a forked child */
static gboolean
write_proc (const char *path,
            const char *text)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, text, strlen (text)) == (ssize_t) strlen (text);
  close (fd);
  return ok;
}

/*
 * A mount namespace of our own, in a user namespace where we keep our own uid
 * (so that file ownership and geteuid() are unchanged); root may also do without
 * the user namespace. Needs a single-threaded process. Returns an errno, 0 on success.
 */
static int
enter_private_mounts (void)
{
  uid_t uid = geteuid ();
  gid_t gid = getegid ();
  char map[64];

  if (unshare (CLONE_NEWUSER | CLONE_NEWNS) == 0)
    {
      snprintf (map, sizeof map, "%u %u 1\n", (unsigned) uid, (unsigned) uid);
      if (!write_proc ("/proc/self/uid_map", map))
        return errno ? errno : EIO;
      if (!write_proc ("/proc/self/setgroups", "deny"))
        return errno ? errno : EIO;
      snprintf (map, sizeof map, "%u %u 1\n", (unsigned) gid, (unsigned) gid);
      if (!write_proc ("/proc/self/gid_map", map))
        return errno ? errno : EIO;
    }
  else if (uid != 0 || unshare (CLONE_NEWNS) != 0)
    {
      return errno;
    }

  /* Nothing mounted from here on may show up outside */
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    return errno;

  return 0;
}

/* Whether enter_private_mounts() and a tmpfs work here, tried in a throwaway child */
static gboolean
private_mounts_work (const char  *work_dir,
                     char       **why)
{
  g_autofree char *dir = g_build_filename (work_dir, "probe", NULL);
  int status = 0;
  pid_t pid;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int err = enter_private_mounts ();

      if (err == 0 && mount ("none", dir, "tmpfs", 0, TMPFS_OPTIONS) != 0)
        err = errno;
      _exit (MIN (err, 255));
    }

  while (waitpid (pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  g_rmdir (dir);

  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return TRUE;

  *why = g_strdup_printf ("no private mount namespace with a tmpfs here (%s): needs user "
                          "namespaces, or root",
                          WIFEXITED (status) ? g_strerror (WEXITSTATUS (status))
                                             : "the probe crashed");
  return FALSE;
}

/* Fails the test with the error's text, which says more than a number */
static void
assert_no_errno (int err)
{
  g_assert_cmpstr (err == 0 ? "" : g_strerror (err), ==, "");
}

static void
mount_tmpfs (const char *dir)
{
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  assert_no_errno (mount ("none", dir, "tmpfs", 0, TMPFS_OPTIONS) == 0 ? 0 : errno);
}

/* A store at @path holding one decision, for OLD_KEY */
static void
make_old_store (const char *path)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = cv_test_fingerprint ("01:02");
  g_autofree char *pin = cv_test_pin ("old");

  entry = cv_trust_entry_new (OLD_HOST, 21, CV_TRUST_DECISION_TRUST, fingerprint,
                              pin, "CN=" OLD_HOST, "CN=Old CA",
                              1893456000, 1700000000, 1700000000);
  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);
}

static void
check_one_line_error (CvTestRun  *run,
                      const char *expected)
{
  const char *line_end = strchr (run->err, '\n');

  g_test_message ("certview said: %s", run->err);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "certview: "));
  g_assert_nonnull (line_end);
  g_assert_cmpstr (line_end + 1, ==, "");
  g_assert_nonnull (strstr (run->err, expected));
}

/*
 * Every way of saving into @path fails with @reason (a strerror() text) in the
 * message, and the old decision stays: in memory, on disk, and for --list-trusted.
 */
static void
check_save_fails (CvCertFactory *factory,
                  const char    *path,
                  const char    *reason)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(CvTrustEntry) old = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *before = cv_test_read_file (path);
  g_autofree char *after_trust = NULL;
  g_autofree char *after_forget = NULL;
  g_autofree char *url = NULL;
  g_autofree char *fingerprint = cv_test_fingerprint ("03:04");
  g_autofree char *pin = cv_test_pin ("new");
  g_auto(CvTestRun) trust = { 0 };
  g_auto(CvTestRun) list = { 0 };
  g_auto(CvTestRun) forget = { 0 };

  /* The library */
  cv_trust_store_load (store, &error);
  g_assert_no_error (error);
  entry = cv_trust_entry_new ("new.example", 990, CV_TRUST_DECISION_TRUST, fingerprint,
                              pin, "CN=new.example", "CN=New CA",
                              1893456000, 1700000000, 1700000000);
  g_assert_false (cv_trust_store_save (store, entry, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_test_message ("save said: %s", error->message);
  g_assert_nonnull (strstr (error->message, reason));
  g_clear_error (&error);
  old = cv_trust_store_lookup (store, OLD_HOST, 21, &error);
  g_assert_no_error (error);
  g_assert_nonnull (old);
  g_assert_null (cv_trust_store_lookup (store, "new.example", 990, &error));
  g_assert_no_error (error);

  g_assert_false (cv_trust_store_forget (store, OLD_HOST, 21, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_assert_nonnull (strstr (error->message, reason));
  g_clear_error (&error);
  g_clear_object (&old);
  old = cv_trust_store_lookup (store, OLD_HOST, 21, &error);
  g_assert_nonnull (old);

  /* The command line: --trust of a real server whose fingerprint matches */
  g_assert_true (cv_cert_factory_issue (factory, "127.0.0.1", CV_CERT_PROBLEM_SELF_SIGNED, 0,
                                        &chain_pem, &key_pem, &error));
  g_assert_no_error (error);
  chain = cv_test_chain_from_pem (chain_pem);
  leaf = cv_certificate_new_from_der (g_ptr_array_index (chain, 0), &error);
  g_assert_no_error (error);
  server = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);
  g_assert_true (cv_demo_server_start (server, "127.0.0.1", &error));
  g_assert_no_error (error);
  url = g_strdup_printf ("ftp://127.0.0.1:%u", cv_demo_server_get_port (server));

  cv_test_run_certview (&trust, "--trust", url, "--fingerprint",
                        cv_certificate_get_sha256 (leaf), "--trust-store", path,
                        "--timeout", "10", NULL);
  check_one_line_error (&trust, reason);
  g_assert_nonnull (strstr (trust.err, "save"));
  after_trust = cv_test_read_file (path);
  g_assert_cmpstr (after_trust, ==, before);

  cv_test_run_certview (&forget, "--forget", OLD_KEY, "--trust-store", path, NULL);
  check_one_line_error (&forget, reason);
  after_forget = cv_test_read_file (path);
  g_assert_cmpstr (after_forget, ==, before);

  cv_test_run_certview (&list, "--list-trusted", "--trust-store", path, NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpstr (list.err, ==, "");
  g_assert_true (g_str_has_prefix (list.out, OLD_KEY "\t"));
  g_assert_null (strstr (list.out, "127.0.0.1"));
}

/* In the subprocess: a tmpfs with the store, then remounted read-only */
static void
test_read_only_inside (const char    *work_dir,
                       CvCertFactory *factory)
{
  g_autofree char *dir = g_build_filename (work_dir, "read-only", NULL);
  g_autofree char *path = g_build_filename (dir, "trust.db", NULL);

  assert_no_errno (enter_private_mounts ());
  mount_tmpfs (dir);
  make_old_store (path);
  assert_no_errno (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, TMPFS_OPTIONS) == 0
                   ? 0 : errno);

  check_save_fails (factory, path, g_strerror (EROFS));
  umount2 (dir, MNT_DETACH);
}

static void
test_read_only (CvTestDir     *tmp,
                gconstpointer  data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  const char *work_dir = tmp->dir;
  g_autofree char *why = NULL;

  if (g_test_subprocess ())
    {
      test_read_only_inside (work_dir, factory);
      return;
    }

  /* Without root, permissions make a directory read-only */
  if (geteuid () != 0)
    {
      g_autofree char *dir = g_build_filename (work_dir, "read-only", NULL);
      g_autofree char *path = g_build_filename (dir, "trust.db", NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      make_old_store (path);
      g_assert_cmpint (g_chmod (path, 0400), ==, 0);
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
      check_save_fails (factory, path, g_strerror (EACCES));
      g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
      return;
    }

  if (!private_mounts_work (work_dir, &why))
    {
      g_test_skip (why);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* In the subprocess: a tmpfs with the store, then filled to the last block */
static void
test_full_inside (const char    *work_dir,
                  CvCertFactory *factory)
{
  g_autofree char *dir = g_build_filename (work_dir, "full", NULL);
  g_autofree char *path = g_build_filename (dir, "trust.db", NULL);
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autofree char *block = g_malloc0 (4096);
  int fd;

  assert_no_errno (enter_private_mounts ());
  mount_tmpfs (dir);
  make_old_store (path);

  /* Every last block */
  fd = g_open (filler, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, 4096) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);

  check_save_fails (factory, path, g_strerror (ENOSPC));

  /* A failed save leaves no temporary file behind to fill the disk further */
  {
    g_autoptr(GDir) contents = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (contents)) != NULL)
      g_assert_true (g_str_equal (name, "trust.db") || g_str_equal (name, "trust.db-wal") ||
                     g_str_equal (name, "trust.db-shm") || g_str_equal (name, "filler"));
  }
  umount2 (dir, MNT_DETACH);
}

static void
test_full (CvTestDir     *tmp,
           gconstpointer  data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  const char *work_dir = tmp->dir;
  g_autofree char *why = NULL;

  if (g_test_subprocess ())
    {
      test_full_inside (work_dir, factory);
      return;
    }

  if (!private_mounts_work (work_dir, &why))
    {
      g_test_skip (why);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A store of @mode in a fresh directory, with one decision */
static char *
make_store_with_mode (const char *work_dir,
                      const char *name,
                      mode_t      mode)
{
  g_autofree char *dir = g_build_filename (work_dir, name, NULL);
  char *path = g_build_filename (dir, "trust.db", NULL);

  make_old_store (path);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static void
check_refused (const char *path,
               const char *expected)
{
  g_autofree char *before = cv_test_read_file (path);
  g_autofree char *after = NULL;
  g_auto(CvTestRun) list = { 0 };
  g_auto(CvTestRun) forget = { 0 };

  cv_test_run_certview (&list, "--list-trusted", "--trust-store", path, NULL);
  check_one_line_error (&list, expected);
  g_assert_cmpstr (list.out, ==, "");

  /* Nor does a change go into it */
  cv_test_run_certview (&forget, "--forget", OLD_KEY, "--trust-store", path, NULL);
  check_one_line_error (&forget, expected);
  after = cv_test_read_file (path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_writable_by_others (CvTestDir     *tmp,
                         gconstpointer  data)
{
  g_autofree char *world = make_store_with_mode (tmp->dir, "world-writable", 0666);
  g_autofree char *group = make_store_with_mode (tmp->dir, "group-writable", 0620);
  g_autofree char *hint_world = g_strdup_printf ("chmod 600 '%s'", world);
  g_autofree char *hint_group = g_strdup_printf ("chmod 600 '%s'", group);

  check_refused (world, hint_world);
  check_refused (group, hint_group);
}

static void
test_other_owner (CvTestDir     *tmp,
                  gconstpointer  data)
{
  g_autofree char *path = NULL;

  if (geteuid () != 0)
    {
      g_test_skip ("only root can give a file to another user");
      return;
    }

  path = make_store_with_mode (tmp->dir, "other-owner", 0600);
  g_assert_cmpint (chown (path, 65534, 65534), ==, 0);
  check_refused (path, "belongs to another user; it is not used. Name a file of your own "
                       "with --trust-store or CERTVIEW_TRUST_STORE.");
}

/* A link to one's own store is that store; a link to nothing is refused, and
 * nothing is created where it points */
static void
test_symlink (CvTestDir     *tmp,
              gconstpointer  data)
{
  g_autofree char *target = make_store_with_mode (tmp->dir, "symlink", 0600);
  g_autofree char *link = g_build_filename (tmp->dir, "symlink", "link.db", NULL);
  g_autofree char *nowhere = g_build_filename (tmp->dir, "symlink", "nowhere.db", NULL);
  g_autofree char *dangling = g_build_filename (tmp->dir, "symlink", "dangling.db", NULL);
  g_auto(CvTestRun) list = { 0 };
  g_auto(CvTestRun) broken = { 0 };
  g_auto(CvTestRun) forget = { 0 };

  g_assert_cmpint (symlink (target, link), ==, 0);
  cv_test_run_certview (&list, "--list-trusted", "--trust-store", link, NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_true (g_str_has_prefix (list.out, OLD_KEY "\t"));

  g_assert_cmpint (symlink (nowhere, dangling), ==, 0);
  cv_test_run_certview (&broken, "--list-trusted", "--trust-store", dangling, NULL);
  check_one_line_error (&broken, "does not exist");
  g_assert_cmpstr (broken.out, ==, "");
  cv_test_run_certview (&forget, "--forget", OLD_KEY, "--trust-store", dangling, NULL);
  check_one_line_error (&forget, "does not exist");
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
}

/* In the subprocess, as a user whom file modes bind: root gives up its own */
static void
test_read_only_leftover_inside (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "trust.db", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *fingerprint = cv_test_fingerprint ("05:06");
  g_autofree char *pin = cv_test_pin ("later");
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (geteuid () == 0)
    {
      assert_no_errno (setgroups (0, NULL) == 0 ? 0 : errno);
      assert_no_errno (setgid (NOBODY_ID) == 0 ? 0 : errno);
      assert_no_errno (setuid (NOBODY_ID) == 0 ? 0 : errno);
    }

  {
    g_autoptr(CvTrustStore) first = cv_trust_store_new (path);
    g_autoptr(CvTrustEntry) old = NULL;

    old = cv_trust_entry_new ("old.example", 21, CV_TRUST_DECISION_TRUST, fingerprint, pin,
                              "CN=old.example", "CN=Old CA", 1893456000, 1700000000,
                              1700000000);
    cv_trust_store_save (first, old, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  {
    g_autoptr(CvTrustStore) reader = cv_trust_store_new (path);
    g_autoptr(GPtrArray) entries = cv_trust_store_list (reader, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, 1);
  }
  /* What the read left: SQLite gives it the store's mode */
  g_assert_cmpint (g_stat (shm, &st), ==, 0);
  g_assert_cmpint (st.st_mode & S_IWUSR, ==, 0);

  /* The user makes the store writable again, as the message for it says */
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  {
    g_autoptr(CvTrustStore) writer = cv_trust_store_new (path);

    entry = cv_trust_entry_new ("later.example", 21, CV_TRUST_DECISION_TRUST, fingerprint, pin,
                                "CN=later.example", "CN=Old CA", 1893456000, 1700000000,
                                1700000000);
    g_assert_false (cv_trust_store_save (writer, entry, &error));
    g_test_message ("%s", error->message);
    g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
    g_assert_nonnull (strstr (error->message, shm));
    g_assert_nonnull (strstr (error->message, "remove that file while no program has the "
                                              "store open"));
  }
}

/* Finding: a read of a read-only store left a read-only -shm beside it; made
 * writable again, the store could not be saved to, and the message blamed the
 * store's mode and its folder's, which were fine. It names the file. */
static void
test_read_only_leftover (CvTestDir     *tmp,
                         gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "leftover", NULL);

  if (g_test_subprocess ())
    {
      /* The fixture is the subprocess's own: under root, nobody works in a folder
       * of its own there */
      int status = 0;
      pid_t pid;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      if (geteuid () == 0)
        {
          g_assert_cmpint (g_chmod (tmp->dir, 0711), ==, 0);
          g_assert_cmpint (chown (dir, NOBODY_ID, NOBODY_ID), ==, 0);
        }
      /* In a child, so that this process, root still, removes the folder after */
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          test_read_only_leftover_inside (dir);
          _exit (0);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
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

  g_test_add ("/certview/trust-store-faults/read-only", CvTestDir, factory,
              cv_test_dir_set_up, test_read_only, cv_test_dir_tear_down);
  g_test_add ("/certview/trust-store-faults/full", CvTestDir, factory,
              cv_test_dir_set_up, test_full, cv_test_dir_tear_down);
  g_test_add ("/certview/trust-store-faults/writable-by-others", CvTestDir, factory,
              cv_test_dir_set_up, test_writable_by_others, cv_test_dir_tear_down);
  g_test_add ("/certview/trust-store-faults/other-owner", CvTestDir, factory,
              cv_test_dir_set_up, test_other_owner, cv_test_dir_tear_down);
  g_test_add ("/certview/trust-store-faults/symlink", CvTestDir, factory,
              cv_test_dir_set_up, test_symlink, cv_test_dir_tear_down);
  g_test_add ("/certview/trust-store-faults/read-only-leftover", CvTestDir, factory,
              cv_test_dir_set_up, test_read_only_leftover, cv_test_dir_tear_down);

  return g_test_run ();
}
