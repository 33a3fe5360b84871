/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "bench-util.h"
#include "cv-test-util.h"
#include "cv-trust-store.h"

/*
 * Measure 4: the trust store with 1,000, 10,000 and 100,000 saved decisions:
 * loading the file, looking a decision up, and saving one (lock, re-read, merge,
 * write, rename), and how each grows with the number of decisions.
 */

#define N_SIZES 3
#define N_LOOKUPS 200000

static const guint sizes[N_SIZES] = { 1000, 10000, 100000 };

static char *
host_for (guint i)
{
  return g_strdup_printf ("ftp%06u.example.com", i);
}

static CvTrustEntry *
make_entry (guint  i,
            gint64 now)
{
  g_autofree char *host = host_for (i);
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
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < n; i++)
    {
      CvTrustEntry *entry = make_entry (i, now);

      g_hash_table_replace (entries, (gpointer) cv_trust_entry_get_key (entry), entry);
    }

  text = cv_trust_store_serialize (entries);
  g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

typedef struct
{
  double load_us;
  double lookup_us;
  double save_us;
} Figures;

static void
measure_size (const char *dir,
              guint       n,
              Figures    *figures)
{
  g_autofree char *path = g_strdup_printf ("%s/trust-%u.ini", dir, n);
  g_auto(BenchSamples) load = { 0 };
  g_auto(BenchSamples) save = { 0 };
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (n);
  guint load_runs = bench_quick () ? 2 : (n >= 100000 ? 7 : 21);
  guint save_runs = bench_quick () ? 2 : (n >= 100000 ? 7 : 21);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint found = 0;
  gint64 start;

  bench_samples_init (&load);
  bench_samples_init (&save);
  write_store (path, n);

  for (guint r = 0; r < load_runs; r++)
    {
      g_autoptr(CvTrustStore) fresh = cv_trust_store_new (path);
      g_autoptr(GError) error = NULL;

      start = g_get_monotonic_time ();
      cv_trust_store_load (fresh, &error);
      bench_samples_add (&load, g_get_monotonic_time () - start);
      g_assert_no_error (error);
      g_assert_cmpuint (cv_trust_store_get_n_entries (fresh), ==, n);
    }

  store = cv_trust_store_new (path);
  cv_trust_store_load (store, NULL);

  /* Hosts chosen beforehand so that only the lookups are timed; one in eight is
   * not in the store, and the case varies as typed names do */
  for (guint i = 0; i < 4096; i++)
    {
      guint k = g_rand_int_range (rand, 0, n + n / 7);
      char *host = host_for (k);

      if (i % 2 == 0)
        host[0] = 'F';
      g_ptr_array_add (hosts, host);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_LOOKUPS; i++)
    found += cv_trust_store_lookup (store, g_ptr_array_index (hosts, i % hosts->len), 21) != NULL;
  figures->lookup_us = (double) (g_get_monotonic_time () - start) / N_LOOKUPS;
  g_assert_cmpuint (found, >, 0);

  for (guint r = 0; r < save_runs; r++)
    {
      g_autoptr(CvTrustEntry) entry = make_entry (n + r, now);
      g_autoptr(GError) error = NULL;

      start = g_get_monotonic_time ();
      cv_trust_store_save (store, entry, &error);
      bench_samples_add (&save, g_get_monotonic_time () - start);
      g_assert_no_error (error);
    }

  figures->load_us = bench_samples_median (&load);
  figures->save_us = bench_samples_median (&save);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  Figures figures[N_SIZES] = { { 0 } };

  /* A directory given on the command line keeps the files, for a profiler */
  if (argc > 1)
    dir = g_strdup (argv[1]);
  else
    dir = g_dir_make_tmp ("certview-bench-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint s = 0; s < N_SIZES; s++)
    measure_size (dir, sizes[s], &figures[s]);

  bench_heading ("4. Trust store: load, lookup, save one");
  g_print ("decisions   load (median)   lookup (mean of %u)   save one (median)\n",
           N_LOOKUPS);
  for (guint s = 0; s < N_SIZES; s++)
    g_print ("%9u   %10.2f ms   %15.3f us   %14.2f ms\n", sizes[s],
             figures[s].load_us / 1000, figures[s].lookup_us, figures[s].save_us / 1000);

  /* Growth per tenfold size: 10 means linear, 1 means constant */
  for (guint s = 1; s < N_SIZES; s++)
    g_print ("growth %u -> %u (10x the decisions): load %.1fx, lookup %.1fx, save %.1fx\n",
             sizes[s - 1], sizes[s],
             figures[s].load_us / figures[s - 1].load_us,
             figures[s].lookup_us / figures[s - 1].lookup_us,
             figures[s].save_us / figures[s - 1].save_us);

  {
    g_autofree char *lookup_verdict = bench_verdict (figures[N_SIZES - 1].lookup_us, 10);
    g_autofree char *load_verdict = bench_verdict (figures[N_SIZES - 1].load_us / 1000, 100);

    g_print ("at 100000: lookup %.3f us = %.3fx the target of 10 us: %s\n",
             figures[N_SIZES - 1].lookup_us, figures[N_SIZES - 1].lookup_us / 10,
             lookup_verdict);
    g_print ("at 100000: load %.1f ms = %.2fx the target of 100 ms: %s\n",
             figures[N_SIZES - 1].load_us / 1000, figures[N_SIZES - 1].load_us / 1000 / 100,
             load_verdict);
  }

  if (argc == 1)
    cv_test_remove_tree (dir);
  return 0;
}
