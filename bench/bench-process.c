/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "bench-util.h"
#include "cv-cert-factory.h"
#include "cv-test-util.h"
#include "cv-test-vsftpd.h"


/*
 * Measure 2: the whole process. certview --dump against gnutls-cli and
 * openssl s_client doing STARTTLS against the same real vsftpd, each told to
 * trust the same CA, so that all three connect, say AUTH TLS, shake hands and
 * verify. Runs are interleaved; wall time is fork to exit, memory is the peak RSS
 * that wait4() reports, both taken by bench-spawn.
 */

#define DEFAULT_RUNS 60

typedef struct
{
  const char   *name;
  GStrv         argv;
  BenchSamples  wall;
  BenchSamples  rss;
} Tool;

static const char *spawn_helper;

/* Runs @argv through bench-spawn (see there why); returns the exit status */
static int
run_once (char   **argv,
          double  *wall_us,
          double  *rss_kib)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) fields = NULL;
  int wait_status = 0;

  g_ptr_array_add (args, (char *) spawn_helper);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &wait_status, &error))
    g_error ("could not run %s: %s", spawn_helper, error->message);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_error ("%s %s: %s", spawn_helper, argv[0], error->message);

  fields = g_strsplit (g_strstrip (out), " ", -1);
  if (g_strv_length (fields) != 3)
    g_error ("%s printed “%s”", spawn_helper, out);

  *wall_us = g_ascii_strtod (fields[1], NULL);
  *rss_kib = g_ascii_strtod (fields[2], NULL);
  return (int) g_ascii_strtoll (fields[0], NULL, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CvTestVsftpd) vsftpd = { 0 };
  g_autofree char *port = NULL;
  g_autofree char *connect = NULL;
  g_autofree char *url = NULL;
  const char *certview;
  guint runs = bench_quick () ? 5 : DEFAULT_RUNS;
  Tool tools[4] = { { 0 } };
  Tool *gnutls_cli = &tools[1];
  Tool *fastest_other;
  double certview_wall, certview_rss;

  if (argc < 4)
    g_error ("usage: %s CERTVIEW BENCH-SPAWN BENCH-DUMP [RUNS]", argv[0]);
  certview = argv[1];
  spawn_helper = argv[2];
  if (argc > 4)
    runs = (guint) g_ascii_strtoull (argv[4], NULL, 10);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  cv_test_vsftpd_start (&vsftpd, factory, CV_TEST_VSFTPD_EXPLICIT, CV_CERT_PROBLEM_NONE);

  port = g_strdup_printf ("%u", vsftpd.port);
  connect = g_strdup_printf ("127.0.0.1:%u", vsftpd.port);
  url = g_strdup_printf ("ftp://127.0.0.1:%u", vsftpd.port);

  tools[0].name = "certview --dump";
  tools[0].argv = g_strdupv ((char *[]) { (char *) certview, "--dump", "--ca-file",
                                          vsftpd.ca_file, url, NULL });
  tools[1].name = "gnutls-cli";
  tools[1].argv = g_strdupv ((char *[]) { "gnutls-cli", "--starttls-proto=ftp",
                                          "--x509cafile", vsftpd.ca_file, "-p", port,
                                          "127.0.0.1", NULL });
  tools[2].name = "openssl s_client";
  tools[2].argv = g_strdupv ((char *[]) { "openssl", "s_client", "-starttls", "ftp",
                                          "-connect", connect, "-CAfile", vsftpd.ca_file,
                                          "-verify_return_error", NULL });
  /* Not a competitor: the same work without GTK loaded, to show what that costs */
  tools[3].name = "core-only dump";
  tools[3].argv = g_strdupv ((char *[]) { argv[3], "--ca-file", vsftpd.ca_file, url, NULL });

  /* One run each first: every tool must succeed (valid certificate, exit 0), and
   * the programs are then in the page cache for all alike */
  for (guint t = 0; t < G_N_ELEMENTS (tools); t++)
    {
      double wall, rss;
      int status;

      bench_samples_init (&tools[t].wall);
      bench_samples_init (&tools[t].rss);
      status = run_once (tools[t].argv, &wall, &rss);
      if (status != 0)
        g_error ("%s exited with %d", tools[t].name, status);
    }

  for (guint i = 0; i < runs; i++)
    for (guint k = 0; k < G_N_ELEMENTS (tools); k++)
      {
        /* A different tool goes first on each round */
        Tool *tool = &tools[(i + k) % G_N_ELEMENTS (tools)];
        double wall, rss;

        if (run_once (tool->argv, &wall, &rss) != 0)
          g_error ("%s failed during the runs", tool->name);
        bench_samples_add (&tool->wall, wall);
        bench_samples_add (&tool->rss, rss);
      }

  bench_heading ("2. Whole process: certview --dump against gnutls-cli and openssl s_client");
  g_print ("explicit FTPS (AUTH TLS) on vsftpd, each verifying against the same CA; "
           "%u interleaved runs each\n", runs);
  for (guint t = 0; t < G_N_ELEMENTS (tools); t++)
    g_print ("%-18s wall median %7.2f ms (p10 %.2f, p90 %.2f)   peak RSS median %6.0f KiB\n",
             tools[t].name,
             bench_samples_median (&tools[t].wall) / 1000,
             bench_samples_quantile (&tools[t].wall, 0.1) / 1000,
             bench_samples_quantile (&tools[t].wall, 0.9) / 1000,
             bench_samples_median (&tools[t].rss));

  fastest_other = bench_samples_median (&tools[1].wall) <= bench_samples_median (&tools[2].wall)
                  ? &tools[1] : &tools[2];
  g_print ("(core-only dump: bench/bench-dump, the --dump code path linked without GTK)\n");
  certview_wall = bench_samples_median (&tools[0].wall) /
                  bench_samples_median (&fastest_other->wall);
  certview_rss = bench_samples_median (&tools[0].rss) / bench_samples_median (&gnutls_cli->rss);

  {
    g_autofree char *wall_verdict = bench_verdict (certview_wall, 1.0);
    g_autofree char *rss_verdict = bench_verdict (certview_rss, 1.5);

    g_print ("wall: certview / %s (the faster) = %.2fx   target <= 1.00x: %s\n",
             fastest_other->name, certview_wall, wall_verdict);
    g_print ("peak memory: certview / gnutls-cli = %.2fx   target <= 1.50x: %s\n",
             certview_rss, rss_verdict);
  }

  for (guint t = 0; t < G_N_ELEMENTS (tools); t++)
    {
      g_strfreev (tools[t].argv);
      bench_samples_clear (&tools[t].wall);
      bench_samples_clear (&tools[t].rss);
    }

  return 0;
}
