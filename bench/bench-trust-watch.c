/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "bench-util.h"
#include "cv-cert-factory.h"
#include "cv-certificate.h"
#include "cv-demo-server.h"
#include "cv-test-util.h"
#include "cv-trust-store.h"
#include "cv-trust-watch.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/*
 * Measure 7: checking 1,000 saved servers again (certview --check-trusted, and the
 * Saved Decisions window's Check All), 8 at once. The servers are the built-in FTPS
 * server, 1,000 instances on 127.0.0.1 in a child process of their own, so that the
 * checking process is measured alone: its wall time, its peak resident memory during
 * the check, and the longest stall of its main loop while the check runs on worker
 * threads and its results arrive.
 *
 *   bench-trust-watch            (starts the servers itself)
 *   bench-trust-watch --serve N DIR   (the servers; used by the above)
 */

#define N_SERVERS 1000
#define N_SERVERS_QUICK 100
#define MAX_PARALLEL 8
#define TARGET_WALL_S 10.0
#define TARGET_RSS_MIB 100.0
#define TARGET_STALL_MS 4.0
/* The main loop's own wake-up: a ticker as a frame clock would be */
#define TICK_MS 1

/* Where /proc/self/clear_refs cannot be written, VmHWM is that of the whole process */
static gboolean peak_whole_life;

/* Descriptors for every listening socket and connection */
static void
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

/* The child: @n servers with one certificate, their ports on stdout, until stdin
 * closes */
static int
serve (guint       n,
       const char *dir)
{
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *chain_file = NULL;
  char line[16];

  raise_fd_limit ();
  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  g_assert_true (cv_cert_factory_issue (factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                                        &chain_pem, &key_pem, &error));
  g_assert_no_error (error);
  chain_file = cv_test_write_file (dir, "chain.pem", chain_pem);

  for (guint i = 0; i < n; i++)
    {
      CvDemoServer *server = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);

      if (!cv_demo_server_start (server, "127.0.0.1", &error))
        g_error ("server %u did not start: %s", i, error->message);
      g_ptr_array_add (servers, server);
      printf ("%u\n", cv_demo_server_get_port (server));
    }
  printf ("ready\n");
  fflush (stdout);

  /* The parent closes our stdin when it is done, or when it dies */
  while (fgets (line, sizeof line, stdin) != NULL)
    ;
  for (guint i = 0; i < servers->len; i++)
    cv_demo_server_stop (g_ptr_array_index (servers, i));
  return 0;
}

/* VmHWM or VmRSS of this process in KiB */
static gint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line != NULL ? g_ascii_strtoll (line + strlen (field), NULL, 10) : -1;
}

/* From now on VmHWM counts from the present RSS */
static gboolean
reset_peak_rss (void)
{
  return g_file_set_contents ("/proc/self/clear_refs", "5", -1, NULL);
}

typedef struct
{
  GSource  source;
  gint64   woke;      /* when poll() last returned; 0 before the first */
  gint64   longest;
} StallSource;

static gboolean
stall_prepare (GSource *source,
               int     *timeout)
{
  StallSource *self = (StallSource *) source;

  if (self->woke != 0)
    {
      /* Taken once: MAX() evaluates its arguments twice */
      gint64 stall_us = g_get_monotonic_time () - self->woke;

      self->longest = MAX (self->longest, stall_us);
    }
  *timeout = -1;
  return FALSE;
}

static gboolean
stall_check (GSource *source)
{
  StallSource *self = (StallSource *) source;

  self->woke = g_get_monotonic_time ();
  return FALSE;
}

static GSourceFuncs stall_funcs = { stall_prepare, stall_check, NULL, NULL, NULL, NULL };

typedef struct
{
  GPtrArray *results;
  GError    *error;
  gboolean   done;
  guint      needs_action;
} Run;

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  run->results = cv_trust_watch_run_finish (CV_TRUST_WATCH (source), result, &run->error);
  /* What a window or the command line does with them: look at every status */
  if (run->results != NULL)
    for (guint i = 0; i < run->results->len; i++)
      if (cv_trust_watch_status_needs_action (
            cv_trust_watch_result_get_status (g_ptr_array_index (run->results, i))))
        run->needs_action++;
  run->done = TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* One check of the whole store: wall time in µs, peak RSS in KiB, longest stall in µs */
static void
check_all (const char *store_path,
           guint       n,
           double     *wall_us,
           double     *peak_kib,
           double     *stall_us)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (store_path);
  g_autoptr(CvTrustWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  StallSource *stall;
  Run run = { 0 };
  guint tick;
  gint64 start;

  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_no_error (error);
  watch = cv_trust_watch_new (store);
  cv_trust_watch_set_max_parallel (watch, MAX_PARALLEL);
  cv_trust_watch_set_timeout_ms (watch, 10000);

  stall = (StallSource *) g_source_new (&stall_funcs, sizeof (StallSource));
  g_source_set_priority (&stall->source, G_PRIORITY_HIGH - 100);
  g_source_attach (&stall->source, NULL);
  tick = g_timeout_add (TICK_MS, tick_cb, NULL);

  peak_whole_life = !reset_peak_rss ();

  start = g_get_monotonic_time ();
  cv_trust_watch_run_async (watch, NULL, checked_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  *wall_us = g_get_monotonic_time () - start;
  *peak_kib = status_kib ("VmHWM:");
  *stall_us = stall->longest;

  g_source_remove (tick);
  g_source_destroy (&stall->source);
  g_source_unref (&stall->source);

  g_assert_no_error (run.error);
  g_assert_cmpuint (run.results->len, ==, n);
  if (run.needs_action != 0)
    {
      CvTrustWatchResult *first = g_ptr_array_index (run.results, 0);

      g_error ("%u of %u servers need action, e.g. %s", run.needs_action, n,
               cv_trust_watch_result_get_detail (first));
    }
  g_ptr_array_unref (run.results);
}

/* N decisions, one for each port, on the certificate the servers serve */
static void
write_store (const char *path,
             const char *chain_file,
             GPtrArray  *ports)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CvTrustImport) import = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (g_file_get_contents (chain_file, &pem, NULL, &error));
  chain = cv_test_chain_from_pem (pem);
  leaf = cv_certificate_new_from_der (g_ptr_array_index (chain, 0), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < ports->len; i++)
    g_ptr_array_add (entries,
                     cv_trust_entry_new ("127.0.0.1", GPOINTER_TO_UINT (ports->pdata[i]),
                                         CV_TRUST_DECISION_TRUST,
                                         cv_certificate_get_sha256 (leaf),
                                         cv_certificate_get_public_key_pin (leaf),
                                         cv_certificate_get_subject (leaf),
                                         cv_certificate_get_issuer (leaf),
                                         g_date_time_to_unix (cv_certificate_get_not_after (leaf)),
                                         now, now));
  import = cv_trust_store_import (store, entries, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->added->len, ==, ports->len);
}

int
main (int   argc,
      char *argv[])
{
  guint n = bench_quick () ? N_SERVERS_QUICK : N_SERVERS;
  guint rounds = bench_quick () ? 1 : 3;
  g_autoptr(GSubprocess) servers = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GPtrArray) ports = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *chain_file = NULL;
  g_autofree char *count = NULL;
  g_auto(BenchSamples) wall = { 0 };
  g_auto(BenchSamples) peak = { 0 };
  g_auto(BenchSamples) stalls = { 0 };
  g_autofree char *wall_verdict = NULL;
  g_autofree char *rss_verdict = NULL;
  g_autofree char *stall_verdict = NULL;
  gint64 rss_before;

  if (argc == 4 && g_str_equal (argv[1], "--serve"))
    return serve ((guint) g_ascii_strtoull (argv[2], NULL, 10), argv[3]);

  raise_fd_limit ();
  dir = g_dir_make_tmp ("certview-bench-watch-XXXXXX", &error);
  g_assert_no_error (error);
  count = g_strdup_printf ("%u", n);
  servers = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error, argv[0], "--serve", count, dir, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (servers));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("the servers' process ended before it was ready");
      if (g_str_equal (line, "ready"))
        break;
      g_ptr_array_add (ports, GUINT_TO_POINTER ((guint) g_ascii_strtoull (line, NULL, 10)));
    }
  g_assert_cmpuint (ports->len, ==, n);

  chain_file = g_build_filename (dir, "chain.pem", NULL);
  store_path = g_build_filename (dir, "trust.db", NULL);
  write_store (store_path, chain_file, ports);

  bench_samples_init (&wall);
  bench_samples_init (&peak);
  bench_samples_init (&stalls);
  rss_before = status_kib ("VmRSS:");
  for (guint r = 0; r < rounds; r++)
    {
      double wall_us, peak_kib, stall_us;

      check_all (store_path, n, &wall_us, &peak_kib, &stall_us);
      bench_samples_add (&wall, wall_us);
      bench_samples_add (&peak, peak_kib);
      bench_samples_add (&stalls, stall_us);
    }

  /* Closing their stdin ends the servers */
  g_output_stream_close (g_subprocess_get_stdin_pipe (servers), NULL, NULL);
  g_subprocess_wait (servers, NULL, NULL);
  cv_test_remove_tree (dir);

  wall_verdict = bench_verdict (bench_samples_median (&wall) / G_USEC_PER_SEC, TARGET_WALL_S);
  rss_verdict = bench_verdict (bench_samples_max (&peak) / 1024.0, TARGET_RSS_MIB);
  stall_verdict = bench_verdict (bench_samples_max (&stalls) / 1000.0, TARGET_STALL_MS);

  bench_heading ("7. Watching saved servers: checking them all again, 8 at once");
  g_print ("%u saved servers on 127.0.0.1 (servers in another process), %u round%s, "
           "median of the rounds, worst for memory and stalls\n",
           n, rounds, rounds == 1 ? "" : "s");
  g_print ("wall time %.2f s (%.1f ms a server): %s\n",
           bench_samples_median (&wall) / G_USEC_PER_SEC,
           bench_samples_median (&wall) / 1000.0 / n, wall_verdict);
  g_print ("peak RSS of the checking process %.1f MiB (%s; %.1f MiB before the first "
           "check): %s\n", bench_samples_max (&peak) / 1024.0,
           peak_whole_life ? "its whole life: /proc/self/clear_refs is read-only here"
                           : "during the check", rss_before / 1024.0, rss_verdict);
  g_print ("longest main-loop stall %.2f ms (ticker every %d ms): %s\n",
           bench_samples_max (&stalls) / 1000.0, TICK_MS, stall_verdict);
  return 0;
}
