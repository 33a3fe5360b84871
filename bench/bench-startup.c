/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "bench-util.h"
#include "cv-cert-factory.h"
#include "cv-test-util.h"

#include <gio/gio.h>
#include <poll.h>
#include <unistd.h>

/*
 * Measure 5: start-up, from just before exec to the first frame that shows a
 * certificate, for `certview FILE`, a bare GTK 4 window and `gcr-viewer FILE`,
 * under Xvfb (run it under xvfb-run). The frame is timed inside each program by
 * frame-probe (LD_PRELOAD), the same way for all three; see there.
 *
 * Usage: bench-startup CERTVIEW BARE-WINDOW FRAME-PROBE.so [RUNS]
 */

#define DEFAULT_RUNS 15
#define RUN_LIMIT_MS 20000

typedef struct
{
  const char   *name;
  GStrv         argv;
  BenchSamples  startup;
} Program;

static const char *frame_probe;

/* µs from spawn to the first frame with content, or fails */
static double
run_once (Program *program)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  struct pollfd pfd;
  char line[64] = { 0 };
  gssize n;
  gint64 start;
  int fds[2];

  if (pipe (fds) != 0)
    g_error ("pipe: %s", g_strerror (errno));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", frame_probe, TRUE);
  g_subprocess_launcher_setenv (launcher, "CV_BENCH_FRAME_FD", "3", TRUE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) program->argv,
                                          &error);
  g_assert_no_error (error);
  /* The launcher holds the write end until it goes; then only the child has it */
  g_clear_object (&launcher);

  pfd.fd = fds[0];
  pfd.events = POLLIN;
  if (poll (&pfd, 1, RUN_LIMIT_MS) != 1)
    {
      g_subprocess_force_exit (process);
      g_error ("%s showed no frame within %d s", program->name, RUN_LIMIT_MS / 1000);
    }

  n = read (fds[0], line, sizeof line - 1);
  close (fds[0]);
  if (n <= 0)
    {
      g_subprocess_force_exit (process);
      g_error ("%s ended before its first frame", program->name);
    }

  g_subprocess_wait (process, NULL, NULL);
  return (double) (g_ascii_strtoll (line, NULL, 10) - start);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *certview_verdict = NULL;
  Program programs[5] = { { 0 } };
  guint runs = bench_quick () ? 3 : DEFAULT_RUNS;
  double bare;

  if (argc < 4)
    g_error ("usage: %s CERTVIEW BARE-WINDOW FRAME-PROBE.so [RUNS]", argv[0]);
  frame_probe = argv[3];
  if (argc > 4)
    runs = (guint) g_ascii_strtoull (argv[4], NULL, 10);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  cv_cert_factory_issue (factory, "localhost", CV_CERT_PROBLEM_NONE, 0, &chain_pem, &key_pem,
                         &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("certview-bench-XXXXXX", &error);
  g_assert_no_error (error);
  pem = cv_test_write_file (dir, "server-chain.pem", chain_pem);

  programs[0].name = "certview FILE";
  programs[0].argv = g_strdupv ((char *[]) { argv[1], pem, NULL });
  programs[1].name = "bare GTK 4 window";
  programs[1].argv = g_strdupv ((char *[]) { argv[2], NULL });
  programs[2].name = "gcr-viewer FILE";
  programs[2].argv = g_strdupv ((char *[]) { "gcr-viewer", pem, NULL });
  /* Not the baseline: the bare window at Certview's default size, to tell how
   * much of the difference is only the pixels of a larger window */
  programs[3].name = "bare at 900x680";
  programs[3].argv = g_strdupv ((char *[]) { argv[2], "900", "680", NULL });
  /* Nor this: the same with a list of a certificate's 40 fields in place of the
   * label, GTK's own work for the rows a viewer shows */
  programs[4].name = "bare with 40 rows";
  programs[4].argv = g_strdupv ((char *[]) { argv[2], "900", "680", "40", NULL });

  /* One run each first, outside the figures: the programs and their libraries
   * then come from the page cache for all alike */
  for (guint p = 0; p < G_N_ELEMENTS (programs); p++)
    {
      bench_samples_init (&programs[p].startup);
      run_once (&programs[p]);
    }

  for (guint i = 0; i < runs; i++)
    for (guint k = 0; k < G_N_ELEMENTS (programs); k++)
      {
        Program *program = &programs[(i + k) % G_N_ELEMENTS (programs)];

        bench_samples_add (&program->startup, run_once (program));
      }

  bench_heading ("5. Start-up: exec to the first frame showing the certificate (Xvfb)");
  g_print ("%u interleaved runs each; GSK_RENDERER=cairo, no GL\n", runs);
  bare = bench_samples_median (&programs[1].startup);
  for (guint p = 0; p < G_N_ELEMENTS (programs); p++)
    g_print ("%-18s median %7.1f ms (p10 %.1f, p90 %.1f)   %.2fx the bare window\n",
             programs[p].name,
             bench_samples_median (&programs[p].startup) / 1000,
             bench_samples_quantile (&programs[p].startup, 0.1) / 1000,
             bench_samples_quantile (&programs[p].startup, 0.9) / 1000,
             bench_samples_median (&programs[p].startup) / bare);

  certview_verdict = bench_verdict (bench_samples_median (&programs[0].startup) / bare, 1.2);
  g_print ("certview / bare window = %.2fx   target <= 1.20x: %s\n",
           bench_samples_median (&programs[0].startup) / bare, certview_verdict);
  g_print ("certview / gcr-viewer = %.2fx\n",
           bench_samples_median (&programs[0].startup) /
           bench_samples_median (&programs[2].startup));
  g_print ("certview / the bare window at its size (900x680, not the target) = %.2fx\n",
           bench_samples_median (&programs[0].startup) /
           bench_samples_median (&programs[3].startup));
  g_print ("certview / the bare window at its size with 40 rows in a column view = %.2fx;"
           " that window / the bare window = %.2fx\n",
           bench_samples_median (&programs[0].startup) /
           bench_samples_median (&programs[4].startup),
           bench_samples_median (&programs[4].startup) / bare);

  for (guint p = 0; p < G_N_ELEMENTS (programs); p++)
    {
      g_strfreev (programs[p].argv);
      bench_samples_clear (&programs[p].startup);
    }
  cv_test_remove_tree (dir);
  return 0;
}
