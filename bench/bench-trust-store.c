/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "bench-util.h"
#include "cv-cert-factory.h"
#include "cv-certificate.h"
#include "cv-test-util.h"
#include "cv-trust-store.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Measure 4: the trust store (SQLite) with 1,000, 10,000 and 100,000 saved
 * decisions: opening it plus one look-up, a look-up in an open store, saving one
 * decision, and what `certview --list-trusted` and a `certview --prompt` of a
 * pinned server cost at 100,000. Then a soak: 20 writers saving and forgetting at
 * once while they are killed at random, checked for lost and revived decisions.
 *
 *   bench-trust-store CERTVIEW [DIR]   (DIR keeps the stores, for a profiler)
 *   bench-trust-store --writer STORE NAME   (one soak writer; used by the soak)
 */

#define N_SIZES 3
#define N_LOOKUPS 200000
#define N_SOAK_WRITERS 20

static const guint sizes[N_SIZES] = { 1000, 10000, 100000 };

static char *
host_for (guint i)
{
  return g_strdup_printf ("ftp%06u.example.com", i);
}

static CvTrustEntry *
make_entry (const char *host,
            guint       i,
            gint64      now)
{
  g_autofree char *subject = g_strdup_printf ("CN=%s,O=Example Files %u", host, i);
  GString *sha256 = g_string_new (NULL);
  CvTrustEntry *entry;

  /* A fingerprint of the real length; its bytes only need to differ */
  for (guint b = 0; b < 32; b++)
    g_string_append_printf (sha256, "%s%02x", b > 0 ? ":" : "", (i * 31 + b * 7) & 0xff);

  entry = cv_trust_entry_new (host, 21, i % 5 == 0 ? CV_TRUST_DECISION_REJECT
                                                   : CV_TRUST_DECISION_TRUST,
                              sha256->str,
                              "sha256//q4oxEMSMl6Sx5vBMgDaPbMSzpnfs5lsAaJ2XVBHQbcQ=",
                              subject, "CN=Example Intermediate CA,O=Example",
                              now + 365 * 24 * 3600, now - i, now);
  g_string_free (sha256, TRUE);
  return entry;
}

static void
write_store (const char *path,
             guint       n)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(CvTrustImport) import = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *host = host_for (i);

      g_ptr_array_add (entries, make_entry (host, i, now));
    }
  import = cv_trust_store_import (store, entries, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->added->len, ==, n);
}

typedef struct
{
  double open_lookup_us;
  double lookup_us;
  double save_us;
  double touch_us;
} Figures;

static void
measure_size (const char *dir,
              guint       n,
              Figures    *figures)
{
  g_autofree char *path = g_strdup_printf ("%s/trust-%u.db", dir, n);
  g_auto(BenchSamples) open_lookup = { 0 };
  g_auto(BenchSamples) save = { 0 };
  g_auto(BenchSamples) touch = { 0 };
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (n);
  guint runs = bench_quick () ? 3 : 51;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint found = 0;
  gint64 start;

  bench_samples_init (&open_lookup);
  bench_samples_init (&save);
  bench_samples_init (&touch);
  write_store (path, n);

  /* Hosts chosen beforehand so that only the look-ups are timed; one in eight is
   * not in the store, and the case varies as typed names do */
  for (guint i = 0; i < 4096; i++)
    {
      guint k = g_rand_int_range (rand, 0, n + n / 7);
      char *host = host_for (k);

      if (i % 2 == 0)
        host[0] = 'F';
      g_ptr_array_add (hosts, host);
    }

  /* What a program that asks about one server does: open, check, look up */
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(CvTrustStore) fresh = cv_trust_store_new (path);
      g_autoptr(CvTrustEntry) entry = NULL;
      g_autoptr(GError) error = NULL;

      start = g_get_monotonic_time ();
      cv_trust_store_load (fresh, &error);
      entry = cv_trust_store_lookup (fresh, g_ptr_array_index (hosts, r), 21, &error);
      bench_samples_add (&open_lookup, g_get_monotonic_time () - start);
      g_assert_no_error (error);
    }

  store = cv_trust_store_new (path);
  cv_trust_store_load (store, NULL);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_LOOKUPS; i++)
    {
      g_autoptr(CvTrustEntry) entry =
        cv_trust_store_lookup (store, g_ptr_array_index (hosts, i % hosts->len), 21, NULL);

      found += entry != NULL;
    }
  figures->lookup_us = (double) (g_get_monotonic_time () - start) / N_LOOKUPS;
  g_assert_cmpuint (found, >, 0);

  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *host = host_for (n + r);
      g_autoptr(CvTrustEntry) entry = make_entry (host, n + r, now);
      g_autoptr(CvTrustEntry) saved = NULL;
      g_autoptr(GError) error = NULL;

      start = g_get_monotonic_time ();
      cv_trust_store_save (store, entry, &error);
      bench_samples_add (&save, g_get_monotonic_time () - start);
      g_assert_no_error (error);

      saved = cv_trust_store_lookup (store, host, 21, &error);
      start = g_get_monotonic_time ();
      cv_trust_store_touch (store, saved, now + 1 + r, &error);
      bench_samples_add (&touch, g_get_monotonic_time () - start);
      g_assert_no_error (error);
    }

  figures->open_lookup_us = bench_samples_median (&open_lookup);
  figures->save_us = bench_samples_median (&save);
  figures->touch_us = bench_samples_median (&touch);
}

/* The pages of @a and @b that differ, and how many pages @b has */
static guint
changed_pages (GBytes *a,
               GBytes *b,
               guint  *n_pages)
{
  gsize len_a, len_b;
  const guint8 *pa = g_bytes_get_data (a, &len_a);
  const guint8 *pb = g_bytes_get_data (b, &len_b);
  guint changed = 0;

  *n_pages = (guint) (len_b / 4096);
  for (gsize off = 0; off < MAX (len_a, len_b); off += 4096)
    {
      if (off >= len_a || off >= len_b ||
          memcmp (pa + off, pb + off, MIN (4096, MIN (len_a, len_b) - off)) != 0)
        changed++;
    }
  return changed;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);

  g_assert_nonnull (file);
  return g_bytes_new (g_mapped_file_get_contents (file), g_mapped_file_get_length (file));
}

/* `certview --list-trusted` and a `certview --prompt` of a pinned server, at 100,000 */
static void
measure_programs (const char *certview,
                  const char *dir)
{
  g_autofree char *path = g_strdup_printf ("%s/trust-%u.db", dir, sizes[N_SIZES - 1]);
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *url = NULL;
  g_auto(BenchSamples) list = { 0 };
  g_auto(CvTestRun) trust = { 0 };
  g_auto(CvTestRun) prompt = { 0 };
  guint runs = bench_quick () ? 2 : 11;
  guint n_pages = 0;
  guint changed;
  double list_ms;

  g_setenv ("CERTVIEW", certview, TRUE);
  bench_samples_init (&list);
  for (guint r = 0; r < runs; r++)
    {
      g_auto(CvTestRun) run = { 0 };

      cv_test_run_certview (&run, "--list-trusted", "--trust-store", path, NULL);
      g_assert_cmpint (run.status, ==, 0);
      bench_samples_add (&list, run.elapsed_us / 1000.0);
    }
  list_ms = bench_samples_median (&list);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  g_assert_true (cv_cert_factory_issue (factory, "localhost", CV_CERT_PROBLEM_SELF_SIGNED, 0,
                                        &chain_pem, &key_pem, &error));
  chain = cv_test_chain_from_pem (chain_pem);
  leaf = cv_certificate_new_from_der (g_ptr_array_index (chain, 0), &error);
  server = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);
  g_assert_true (cv_demo_server_start (server, "127.0.0.1", &error));
  url = g_strdup_printf ("ftp://localhost:%u", cv_demo_server_get_port (server));

  cv_test_run_certview (&trust, "--trust", url, "--fingerprint",
                        cv_certificate_get_sha256 (leaf), "--trust-store", path, NULL);
  g_assert_cmpint (trust.status, ==, 0);

  /* A second later, so that "last seen" really changes */
  g_usleep (1100 * 1000);
  before = read_bytes (path);
  cv_test_run_certview (&prompt, "--prompt", url, "--trust-store", path, NULL);
  g_assert_cmpint (prompt.status, ==, 0);
  after = read_bytes (path);
  changed = changed_pages (before, after, &n_pages);
  cv_demo_server_stop (server);

  g_print ("at %u: certview --list-trusted %.1f ms (median of %u) = %.2fx the target of "
           "300 ms: %s\n", sizes[N_SIZES - 1], list_ms, runs, list_ms / 300,
           list_ms <= 300 ? "met" : "NOT met");
  g_print ("at %u: certview --prompt of a pinned server changed %u of %u pages of the "
           "store (%.1f ms): %s\n", sizes[N_SIZES - 1], changed, n_pages,
           prompt.elapsed_us / 1000.0, changed <= 4 ? "one row, met" : "NOT met");
}

/* One soak writer: saves and forgets decisions of its own. It says "saved" and
 * "forgot" once the change is committed, and "forgetting" before it starts one,
 * so that a kill between the two leaves that decision either way. */
static int
run_writer (const char *path,
            const char *name)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0;; i++)
    {
      g_autofree char *host = g_strdup_printf ("%s-%u.example", name, i);
      g_autoptr(CvTrustEntry) entry = make_entry (host, i, now);
      g_autoptr(GError) error = NULL;

      if (!cv_trust_store_save (store, entry, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("saved %s\n", host);
      fflush (stdout);

      if (i % 4 == 3)
        {
          g_autofree char *old = g_strdup_printf ("%s-%u.example", name, i - 2);

          g_print ("forgetting %s\n", old);
          fflush (stdout);
          if (!cv_trust_store_forget (store, old, 21, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          g_print ("forgot %s\n", old);
          fflush (stdout);
        }
    }
  return 0;
}

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
} Writer;

static void
start_writer (Writer     *writer,
              const char *self,
              const char *path,
              guint       serial)
{
  g_autofree char *name = g_strdup_printf ("w%u", serial);
  g_autoptr(GError) error = NULL;

  writer->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self,
                                      "--writer", path, name, NULL);
  g_assert_no_error (error);
  writer->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer->process));
}

/* Every line the writer printed: what it committed */
static void
collect (Writer     *writer,
         GHashTable *saved,
         GHashTable *forgotten)
{
  char *line;

  /* A decision being forgotten when the writer was killed may be either way */
  while ((line = g_data_input_stream_read_line (writer->out, NULL, NULL, NULL)) != NULL)
    {
      if (g_str_has_prefix (line, "saved "))
        g_hash_table_add (saved, g_strdup (line + 6));
      else if (g_str_has_prefix (line, "forgetting "))
        g_hash_table_remove (saved, line + 11);
      else if (g_str_has_prefix (line, "forgot "))
        g_hash_table_add (forgotten, g_strdup (line + 7));
      g_free (line);
    }
  g_clear_object (&writer->out);
  g_clear_object (&writer->process);
}

static void
soak (const char *self,
      const char *dir)
{
  g_autofree char *store_dir = g_build_filename (dir, "soak", NULL);
  g_autofree char *path = g_build_filename (store_dir, "trust.db", NULL);
  g_autoptr(GHashTable) saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) forgotten = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) error = NULL;
  Writer writers[N_SOAK_WRITERS] = { { 0 } };
  gint64 seconds = bench_quick () ? 5 : 60;
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint serial = 0;
  guint kills = 0;
  guint lost = 0;
  guint revived = 0;
  guint stray = 0;
  const char *name;
  struct stat first, last;
  GHashTableIter iter;
  gpointer key;

  g_assert_cmpint (g_mkdir_with_parents (store_dir, 0700), ==, 0);
  write_store (path, 1000);
  g_assert_cmpint (g_stat (path, &first), ==, 0);
  for (guint i = 0; i < 1000; i++)
    g_hash_table_add (saved, host_for (i));

  for (guint i = 0; i < N_SOAK_WRITERS; i++)
    start_writer (&writers[i], self, path, serial++);

  while (g_get_monotonic_time () < end)
    {
      guint victim = g_rand_int_range (rand, 0, N_SOAK_WRITERS);

      g_usleep (g_rand_int_range (rand, 5, 60) * 1000);
      g_subprocess_send_signal (writers[victim].process, SIGKILL);
      g_subprocess_wait (writers[victim].process, NULL, NULL);
      collect (&writers[victim], saved, forgotten);
      kills++;
      start_writer (&writers[victim], self, path, serial++);
    }
  for (guint i = 0; i < N_SOAK_WRITERS; i++)
    {
      g_subprocess_send_signal (writers[i].process, SIGKILL);
      g_subprocess_wait (writers[i].process, NULL, NULL);
      collect (&writers[i], saved, forgotten);
    }

  store = cv_trust_store_new (path);
  entries = cv_trust_store_list (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    g_hash_table_add (present,
                      (gpointer) cv_trust_entry_get_host (g_ptr_array_index (entries, i)));

  g_hash_table_iter_init (&iter, saved);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    lost += !g_hash_table_contains (present, key);
  g_hash_table_iter_init (&iter, forgotten);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    revived += g_hash_table_contains (present, key);

  listing = g_dir_open (store_dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    stray += !g_str_equal (name, "trust.db") && !g_str_equal (name, "trust.db-wal") &&
             !g_str_equal (name, "trust.db-shm");
  g_assert_cmpint (g_stat (path, &last), ==, 0);

  g_print ("soak, %" G_GINT64_FORMAT " s, %u writers, %u killed with SIGKILL: %u saves and "
           "%u forgets committed; %u lost, %u forgotten ones back, store %s, %u other "
           "files left: %s\n",
           seconds, N_SOAK_WRITERS, kills, g_hash_table_size (saved) - 1000,
           g_hash_table_size (forgotten), lost, revived,
           first.st_ino == last.st_ino ? "never renamed" : "RENAMED", stray,
           lost == 0 && revived == 0 && stray == 0 && first.st_ino == last.st_ino
             ? "met" : "NOT met");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  Figures figures[N_SIZES] = { { 0 } };

  if (argc == 4 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], argv[3]);
  if (argc < 2)
    {
      g_printerr ("usage: bench-trust-store CERTVIEW [DIR]\n");
      return 2;
    }

  if (argc > 2)
    dir = g_strdup (argv[2]);
  else
    dir = g_dir_make_tmp ("certview-bench-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint s = 0; s < N_SIZES; s++)
    measure_size (dir, sizes[s], &figures[s]);

  bench_heading ("4. Trust store: open and look up, look up, save one, note last seen");
  g_print ("decisions   open + look-up (median)   look-up (mean of %u)   save one (median)"
           "   last seen (median)\n", N_LOOKUPS);
  for (guint s = 0; s < N_SIZES; s++)
    g_print ("%9u   %20.3f ms   %17.2f us   %14.2f ms   %15.2f ms\n", sizes[s],
             figures[s].open_lookup_us / 1000, figures[s].lookup_us,
             figures[s].save_us / 1000, figures[s].touch_us / 1000);

  /* Growth per tenfold size: 10 means linear, 1 means constant */
  for (guint s = 1; s < N_SIZES; s++)
    g_print ("growth %u -> %u (10x the decisions): open + look-up %.1fx, look-up %.1fx, "
             "save %.1fx\n", sizes[s - 1], sizes[s],
             figures[s].open_lookup_us / figures[s - 1].open_lookup_us,
             figures[s].lookup_us / figures[s - 1].lookup_us,
             figures[s].save_us / figures[s - 1].save_us);

  {
    Figures *top = &figures[N_SIZES - 1];
    g_autofree char *open_verdict = bench_verdict (top->open_lookup_us / 1000, 1);
    g_autofree char *save_verdict = bench_verdict (top->save_us / 1000, 5);

    g_print ("at 100000: open + look-up %.3f ms = %.2fx the target of 1 ms: %s\n",
             top->open_lookup_us / 1000, top->open_lookup_us / 1000, open_verdict);
    g_print ("at 100000: save one %.2f ms = %.2fx the target of 5 ms: %s\n",
             top->save_us / 1000, top->save_us / 1000 / 5, save_verdict);
  }

  measure_programs (argv[1], dir);
  soak (argv[0], dir);

  if (argc == 2)
    cv_test_remove_tree (dir);
  return 0;
}
