/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-error.h"
#include "cv-test-util.h"
#include "cv-trust-store.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_WRITERS 8
#define SAVES_PER_WRITER 5

static const char *self_path;

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("certview-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "sub", "trust.ini", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cv_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static CvTrustEntry *
make_entry (const char      *host,
            guint16          port,
            CvTrustDecision  decision,
            const char      *sha256,
            const char      *pin)
{
  return cv_trust_entry_new (host, port, decision, sha256, pin, "CN=Test,O=Certview",
                             "CN=Issuer", 1893456000, 1700000000, 1700000100);
}

static char *
read_text (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&text);
}

static void
test_round_trip (void)
{
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         g_object_unref);
  g_autoptr(GHashTable) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  CvTrustEntry *entry;
  CvTrustEntry *v6;

  entry = cv_trust_entry_new ("FTP.Example.COM", 21, CV_TRUST_DECISION_TRUST, "AB:CD",
                              "sha256//pin=", " leading space\nand\\newline\t",
                              "CN=Issuer", 1893456000, 1700000000, 1700000100);
  v6 = make_entry ("::1", 990, CV_TRUST_DECISION_REJECT, "ef:01", "sha256//other=");
  g_hash_table_replace (entries, (gpointer) cv_trust_entry_get_key (entry), entry);
  g_hash_table_replace (entries, (gpointer) cv_trust_entry_get_key (v6), v6);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "ftp.example.com:21");
  g_assert_cmpstr (cv_trust_entry_get_key (v6), ==, "[::1]:990");

  text = cv_trust_store_serialize (entries);
  parsed = cv_trust_store_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (parsed), ==, 2);

  entry = g_hash_table_lookup (parsed, "ftp.example.com:21");
  g_assert_nonnull (entry);
  g_assert_cmpstr (cv_trust_entry_get_host (entry), ==, "ftp.example.com");
  g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (entry), ==, "ab:cd");
  g_assert_cmpstr (cv_trust_entry_get_subject (entry), ==, " leading space\nand\\newline\t");
  g_assert_cmpint (cv_trust_entry_get_not_after (entry), ==, 1893456000);
  g_assert_cmpint (cv_trust_entry_get_created (entry), ==, 1700000000);
  g_assert_cmpint (cv_trust_entry_get_last_seen (entry), ==, 1700000100);
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_TRUST);

  v6 = g_hash_table_lookup (parsed, "[::1]:990");
  g_assert_nonnull (v6);
  g_assert_cmpstr (cv_trust_entry_get_host (v6), ==, "::1");
  g_assert_cmpint (cv_trust_entry_get_port (v6), ==, 990);
  g_assert_cmpint (cv_trust_entry_get_decision (v6), ==, CV_TRUST_DECISION_REJECT);

  /* Serializing what was parsed gives the same text */
  again = cv_trust_store_serialize (parsed);
  g_assert_cmpstr (again, ==, text);
}

static void
test_parse_damaged (void)
{
  const char *bad[] = {
    "garbage line\n",
    "[host:21]\ndecision=maybe\ncertificate-sha256=a\npublic-key-pin=b\n"
      "not-after=2030-01-01T00:00:00Z\ncreated=2020-01-01T00:00:00Z\n"
      "last-seen=2020-01-01T00:00:00Z\n",
    "[host]\ndecision=trust\n",
    "[host:0]\ndecision=trust\n",
    "[host:21]\ndecision=trust\ncertificate-sha256=a\npublic-key-pin=b\n"
      "not-after=yesterday\ncreated=2020-01-01T00:00:00Z\nlast-seen=2020-01-01T00:00:00Z\n",
    "[host:21]\ndecision=trust\n",
    "[host:21\n",
    "[host:21]\ndecision=trust\ncertificate-sha256=a\npublic-key-pin=b\n"
      "not-after=2030-01-01T00:00:00Z\ncreated=2020-01-01T00:00:00Z\n"
      "last-seen=2020-01-01T00:00:00Z\n[host:21]\n",
    /* The same server twice, in another case */
    "[HOST:21]\ndecision=trust\ncertificate-sha256=a\npublic-key-pin=b\n"
      "not-after=2030-01-01T00:00:00Z\ncreated=2020-01-01T00:00:00Z\n"
      "last-seen=2020-01-01T00:00:00Z\n"
      "[host:21]\ndecision=trust\ncertificate-sha256=a\npublic-key-pin=b\n"
      "not-after=2030-01-01T00:00:00Z\ncreated=2020-01-01T00:00:00Z\n"
      "last-seen=2020-01-01T00:00:00Z\n",
    /* An escape inside a fingerprint, which is never written so */
    "[host:21]\ndecision=trust\ncertificate-sha256=a\\:b\npublic-key-pin=b\n"
      "not-after=2030-01-01T00:00:00Z\ncreated=2020-01-01T00:00:00Z\n"
      "last-seen=2020-01-01T00:00:00Z\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) parsed = cv_trust_store_parse (bad[i], strlen (bad[i]), &error);

      g_assert_null (parsed);
      g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
    }
}

static void
test_save_mode_and_lookup (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) other = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) entry = make_entry ("host.example", 21, CV_TRUST_DECISION_TRUST,
                                              "aa:bb", "sha256//x=");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  struct stat st;

  /* A missing file is an empty store */
  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cv_trust_store_get_n_entries (store), ==, 0);

  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  g_assert_true (cv_trust_store_load (other, &error));
  g_assert_no_error (error);
  g_assert_nonnull (cv_trust_store_lookup (other, "HOST.example", 21));
  g_assert_null (cv_trust_store_lookup (other, "host.example", 22));

  g_assert_true (cv_trust_store_forget (other, "host.EXAMPLE:21", &error));
  g_assert_no_error (error);
  g_assert_null (cv_trust_store_lookup (other, "host.example", 21));
  g_assert_false (cv_trust_store_forget (other, "host.example:21", &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cv_trust_store_forget (other, "no-port", &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET);
}

/* Two programs that loaded the store before either saved lose nothing */
static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CvTrustStore) a = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) b = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) check = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) x = make_entry ("x.example", 21, CV_TRUST_DECISION_TRUST, "01",
                                          "sha256//x=");
  g_autoptr(CvTrustEntry) y = make_entry ("y.example", 990, CV_TRUST_DECISION_REJECT, "02",
                                          "sha256//y=");
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_load (a, &error));
  g_assert_true (cv_trust_store_load (b, &error));
  g_assert_true (cv_trust_store_save (a, x, &error));
  g_assert_true (cv_trust_store_save (b, y, &error));
  g_assert_no_error (error);

  g_assert_true (cv_trust_store_load (check, &error));
  g_assert_cmpuint (cv_trust_store_get_n_entries (check), ==, 2);
  /* b saw a's decision when it saved */
  g_assert_cmpuint (cv_trust_store_get_n_entries (b), ==, 2);
}

static void
test_match (void)
{
  g_autoptr(CvTrustEntry) entry = make_entry ("h", 21, CV_TRUST_DECISION_TRUST, "AA:BB",
                                              "sha256//key=");

  g_assert_cmpint (cv_trust_entry_match (entry, "aa:bb", "sha256//key="), ==,
                   CV_TRUST_MATCH_SAME_CERTIFICATE);
  g_assert_cmpint (cv_trust_entry_match (entry, "cc:dd", "sha256//key="), ==,
                   CV_TRUST_MATCH_RENEWED);
  g_assert_cmpint (cv_trust_entry_match (entry, "cc:dd", "sha256//other="), ==,
                   CV_TRUST_MATCH_CHANGED);
}

/* The tree's "Saved Decision" section says what the store says */
static void
test_describe (void)
{
  g_autoptr(CvTrustEntry) entry = make_entry ("h", 21, CV_TRUST_DECISION_TRUST, "aa:bb",
                                              "sha256//key=");
  const struct { CvTrustStatus status; const char *match; } cases[] = {
    { CV_TRUST_STATUS_TRUSTED, "The same certificate" },
    { CV_TRUST_STATUS_RENEWED, "Renewed" },
    { CV_TRUST_STATUS_CHANGED, "Changed" },
  };

  g_assert_null (cv_trust_store_describe (CV_TRUST_STATUS_UNKNOWN, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CvSection) section = cv_trust_store_describe (cases[i].status, entry);

      g_assert_cmpstr (cv_section_get_id (section), ==, "saved-decision");
      g_assert_true (g_str_has_prefix (
        cv_field_get_value (cv_section_find_field (section, "match")), cases[i].match));
      g_assert_cmpstr (cv_field_get_value (cv_section_find_field (section, "decision")), ==,
                       "Always trust");
      g_assert_cmpstr (cv_field_get_value (cv_section_find_field (section, "saved-sha256")),
                       ==, "aa:bb");
    }
}

static void
test_damaged_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  const char *damage = "[host:21]\ndecision=trust\n\x01 broken";

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents_full (fixture->path, damage, -1, 0, 0600, NULL));

  g_assert_false (cv_trust_store_load (store, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_assert_nonnull (strstr (error->message, ".damaged-"));
  g_assert_cmpuint (cv_trust_store_get_n_entries (store), ==, 0);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  /* The damaged file is kept, byte for byte */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (strstr (name, ".damaged-") != NULL)
      aside = g_build_filename (dir, name, NULL);
  g_assert_nonnull (aside);
  kept = read_text (aside);
  g_assert_cmpstr (kept, ==, damage);
}

static void
test_unsafe_file (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) entry = make_entry ("h", 21, CV_TRUST_DECISION_TRUST, "01",
                                              "sha256//x=");
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_cmpint (g_chmod (fixture->path, 0666), ==, 0);

  g_assert_false (cv_trust_store_load (store, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_clear_error (&error);
  /* Nor is a decision saved into it */
  g_assert_false (cv_trust_store_save (store, entry, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_clear_error (&error);

  g_assert_cmpint (g_chmod (fixture->path, 0600), ==, 0);
  if (geteuid () == 0)
    {
      /* Root can hand the file to somebody else: then it is not root's */
      g_assert_cmpint (chown (fixture->path, 65534, 65534), ==, 0);
      g_assert_false (cv_trust_store_load (store, &error));
      g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
      g_assert_nonnull (strstr (error->message, "another user"));
    }
}

static GSubprocess *
spawn_writer (const char *path,
              const char *name,
              guint       count)
{
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--writer", path,
                              name, count_text, NULL);
  g_assert_no_error (error);
  return process;
}

/* Eight processes saving at once lose nothing; repeated to shake out races */
static void
test_concurrent_writers (Fixture       *fixture,
                         gconstpointer  data)
{
  for (guint round = 0; round < 10; round++)
    {
      g_autoptr(GPtrArray) writers = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
      g_autoptr(GError) error = NULL;

      g_unlink (fixture->path);
      for (guint i = 0; i < N_WRITERS; i++)
        {
          g_autofree char *name = g_strdup_printf ("writer%u", i);

          g_ptr_array_add (writers, spawn_writer (fixture->path, name, SAVES_PER_WRITER));
        }
      for (guint i = 0; i < writers->len; i++)
        {
          g_subprocess_wait_check (g_ptr_array_index (writers, i), NULL, &error);
          g_assert_no_error (error);
        }

      g_assert_true (cv_trust_store_load (store, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (cv_trust_store_get_n_entries (store), ==,
                        N_WRITERS * SAVES_PER_WRITER);
    }
}

/* A writer killed at any moment leaves a store that loads: the old one or the new */
static void
test_killed_writer (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CvTrustStore) seed = cv_trust_store_new (fixture->path);
  g_autoptr(GError) error = NULL;

  /* A store big enough that a save takes a while */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *host = g_strdup_printf ("seed%u.example", i);
      g_autoptr(CvTrustEntry) entry = make_entry (host, 21, CV_TRUST_DECISION_TRUST, "01",
                                                  "sha256//x=");

      g_assert_true (cv_trust_store_save (seed, entry, &error));
    }

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(GSubprocess) writer = spawn_writer (fixture->path, "killed", 100000);
      g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);

      g_usleep (g_random_int_range (5, 60) * 1000);
      g_subprocess_send_signal (writer, SIGKILL);
      g_subprocess_wait (writer, NULL, NULL);

      g_assert_true (cv_trust_store_load (store, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (cv_trust_store_get_n_entries (store), >=, 20);
    }
}

static int
run_writer (const char *path,
            const char *name,
            guint       count)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *host = g_strdup_printf ("%s-%u.example", name, i);
      g_autoptr(CvTrustEntry) entry = make_entry (host, 21, CV_TRUST_DECISION_TRUST, "01",
                                                  "sha256//x=");
      g_autoptr(GError) error = NULL;

      if (!cv_trust_store_save (store, entry, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 5 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], argv[3], (guint) atoi (argv[4]));

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/certview/trust-store/round-trip", test_round_trip);
  g_test_add_func ("/certview/trust-store/parse-damaged", test_parse_damaged);
  g_test_add_func ("/certview/trust-store/match", test_match);
  g_test_add_func ("/certview/trust-store/describe", test_describe);
  g_test_add ("/certview/trust-store/save-mode-lookup", Fixture, NULL, fixture_setup,
              test_save_mode_and_lookup, fixture_teardown);
  g_test_add ("/certview/trust-store/merge", Fixture, NULL, fixture_setup, test_merge,
              fixture_teardown);
  g_test_add ("/certview/trust-store/damaged-file", Fixture, NULL, fixture_setup,
              test_damaged_file, fixture_teardown);
  g_test_add ("/certview/trust-store/unsafe-file", Fixture, NULL, fixture_setup,
              test_unsafe_file, fixture_teardown);
  g_test_add ("/certview/trust-store/concurrent-writers", Fixture, NULL, fixture_setup,
              test_concurrent_writers, fixture_teardown);
  g_test_add ("/certview/trust-store/killed-writer", Fixture, NULL, fixture_setup,
              test_killed_writer, fixture_teardown);

  return g_test_run ();
}
