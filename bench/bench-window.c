/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "bench-field-list.h"
#include "bench-util.h"
#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-inspect.h"
#include "cv-test-util.h"
#include "cv-window.h"

#include <gtk/gtk.h>
#include <time.h>

/*
 * Measure 3: the longest main-loop stall of the real window while 1, 10 and 50
 * probes run. The window inspects the server itself and the other probes run
 * beside it in the same process (as other windows or prompts would), their phase
 * changes and results arriving on the same main loop.
 *
 * A stall is the time the main loop spends between waking up from poll() and
 * going back to it: dispatching events, our callbacks, layout and painting. Input
 * that arrives during that time waits for all of it. A GSource that watches no
 * file and never dispatches sees both ends of every iteration: check() runs as
 * poll() returns, prepare() as the next iteration begins.
 *
 * Beside the wall time, the main thread's CPU time in the same iteration: on a
 * shared machine the wall time also holds the time other programs had the CPU,
 * the CPU time only what the window did.
 *
 * Last, for scale and not against the target, the same over GTK alone: a bare
 * window of the same size that shows a certificate's fields in a column view
 * (bench-field-list.h), its rows at once and then one a frame.
 *
 * bench/run starts it under Xvfb with a window manager (openbox), as on a desktop:
 * without one, GTK 4.8's X11 backend looks for one with a round trip to the X
 * server in every frame that lays the window out.
 */

#define TARGET_MS 4.0
#define PROBE_TIMEOUT_MS 1000
/* The window and the probes must be done by then; then the result is drawn */
#define SCENARIO_LIMIT_US (60 * G_USEC_PER_SEC)
#define SETTLE_MS 400

typedef struct
{
  GSource  source;
  gint64   woke;      /* when poll() last returned; 0 before the first */
  gint64   woke_cpu;  /* the main thread's CPU time then */
  gint64   longest;
  gint64   longest_cpu;
} StallSource;

/* µs of CPU time the calling thread has used */
static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static gboolean
stall_prepare (GSource *source,
               int     *timeout)
{
  StallSource *self = (StallSource *) source;

  if (self->woke != 0)
    {
      /* Each taken once: MAX() evaluates its arguments twice */
      gint64 wall = g_get_monotonic_time () - self->woke;
      gint64 cpu = thread_cpu_time () - self->woke_cpu;

      self->longest = MAX (self->longest, wall);
      self->longest_cpu = MAX (self->longest_cpu, cpu);
    }
  *timeout = -1;
  return FALSE;
}

static gboolean
stall_check (GSource *source)
{
  StallSource *self = (StallSource *) source;

  self->woke = g_get_monotonic_time ();
  self->woke_cpu = thread_cpu_time ();
  return FALSE;
}

static GSourceFuncs stall_funcs = { stall_prepare, stall_check, NULL, NULL, NULL, NULL };

static StallSource *stall;

static void
stall_reset (void)
{
  stall->woke = 0;
  stall->longest = 0;
  stall->longest_cpu = 0;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
settle (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;
  guint wake = g_timeout_add (50, wake_cb, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static void
inspect_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  guint *pending = user_data;
  CvReport *report = cv_inspect_finish (CV_PROBE (source), result, NULL);

  g_clear_object (&report);
  (*pending)--;
}

/* Runs one scenario and returns the longest stall in µs; @longest_cpu gets the
 * most CPU time the main thread used in one iteration */
static gint64
run_scenario (CvWindow   *window,
              const char *url,
              guint       n_probes,
              gint64     *longest_cpu)
{
  g_autoptr(CvTarget) target = cv_target_parse (url, CV_PROTOCOL_FTP_EXPLICIT, NULL);
  gint64 deadline = g_get_monotonic_time () + SCENARIO_LIMIT_US;
  guint pending = n_probes - 1;
  guint wake;

  g_assert (target != NULL);
  stall_reset ();

  cv_window_inspect (window, target);
  for (guint i = 1; i < n_probes; i++)
    {
      g_autoptr(CvProbe) probe = cv_probe_new (target);

      cv_probe_set_timeout_ms (probe, PROBE_TIMEOUT_MS);
      cv_inspect_async (probe, cv_window_get_ca_file (window), NULL, inspect_done_cb,
                        &pending);
    }

  /* Our own wake-up is 50 ms apart, far from the stalls measured */
  wake = g_timeout_add (50, wake_cb, NULL);
  while (pending > 0 || cv_window_is_busy (window))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the probes did not finish within %d s",
                 (int) (SCENARIO_LIMIT_US / G_USEC_PER_SEC));
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);

  /* The frames that draw the result belong to the run */
  settle (SETTLE_MS);
  *longest_cpu = MAX (*longest_cpu, stall->longest_cpu);
  return stall->longest;
}

#define FLOOR_ROWS 40

/* The floor, for scale: what GTK itself takes to show a certificate's fields in a
 * bare window of the same size, with nothing of Certview in it. Its rows all at
 * once (as a viewer's first frame), and one more each frame (as Certview's tree
 * fills); the longest iteration of each, worst of @rounds, in µs. */
static void
run_floor (guint   rounds,
           gint64 *at_once,
           gint64 *at_once_cpu,
           gint64 *by_row,
           gint64 *by_row_cpu)
{
  g_autoptr(GtkStringList) rows = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) all = gtk_string_list_new (NULL);
  GtkWidget *window = gtk_window_new ();
  const char **strings = g_new0 (const char *, FLOOR_ROWS + 1);

  bench_field_list_append_rows (all, FLOOR_ROWS);
  for (guint i = 0; i < FLOOR_ROWS; i++)
    strings[i] = gtk_string_list_get_string (all, i);

  gtk_window_set_title (GTK_WINDOW (window), "Bare window");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 680);
  gtk_window_set_child (GTK_WINDOW (window), bench_field_list_new (rows));
  gtk_window_present (GTK_WINDOW (window));
  settle (1000);

  *at_once = *at_once_cpu = *by_row = *by_row_cpu = 0;
  for (guint r = 0; r < rounds; r++)
    {
      stall_reset ();
      gtk_string_list_splice (rows, 0, 0, strings);
      settle (SETTLE_MS);
      *at_once = MAX (*at_once, stall->longest);
      *at_once_cpu = MAX (*at_once_cpu, stall->longest_cpu);

      gtk_string_list_splice (rows, 0, FLOOR_ROWS, NULL);
      settle (SETTLE_MS);

      stall_reset ();
      for (guint i = 0; i < FLOOR_ROWS; i++)
        {
          gtk_string_list_append (rows, strings[i]);
          /* A frame or two each, as the window's rows come */
          settle (30);
        }
      settle (SETTLE_MS);
      *by_row = MAX (*by_row, stall->longest);
      *by_row_cpu = MAX (*by_row_cpu, stall->longest_cpu);

      gtk_string_list_splice (rows, 0, FLOOR_ROWS, NULL);
      settle (SETTLE_MS);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_free (strings);
}

static CvDemoServer *
start_server (CvCertFactory   *factory,
              CvDemoBehaviour  behaviour,
              guint            extra_chain)
{
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(GError) error = NULL;
  CvDemoServer *server;

  cv_cert_factory_issue (factory, "localhost", CV_CERT_PROBLEM_NONE, extra_chain,
                         &chain_pem, &key_pem, &error);
  g_assert_no_error (error);
  server = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);
  cv_demo_server_set_behaviour (server, behaviour);
  cv_demo_server_start (server, "127.0.0.1", &error);
  g_assert_no_error (error);
  return server;
}

int
main (int   argc,
      char *argv[])
{
  static const guint counts[] = { 1, 10, 50 };
  static const struct
  {
    const char      *name;
    CvDemoBehaviour  behaviour;
    guint            extra_chain;
  } servers[] = {
    { "normal server", CV_DEMO_BEHAVIOUR_NORMAL, 0 },
    { "silent server", CV_DEMO_BEHAVIOUR_SILENT, 0 },
    /* leaf, 98 more CAs, the factory's intermediate: 100 certificates */
    { "100-certificate chain", CV_DEMO_BEHAVIOUR_NORMAL, 98 },
  };
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *store = NULL;
  g_autofree char *worst_verdict = NULL;
  CvWindow *window;
  gint64 idle_stall;
  gint64 idle_stall_cpu;
  gint64 floor_at_once, floor_at_once_cpu, floor_by_row, floor_by_row_cpu;
  gint64 worst = 0;
  guint rounds = bench_quick () ? 1 : 3;

  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_init ();

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("certview-bench-XXXXXX", &error);
  g_assert_no_error (error);
  ca_file = cv_test_write_file (dir, "ca.pem", cv_cert_factory_get_ca_pem (factory));
  store = g_build_filename (dir, "trust.ini", NULL);

  stall = (StallSource *) g_source_new (&stall_funcs, sizeof (StallSource));
  /* First of all sources in both phases, so that it brackets the whole dispatch */
  g_source_set_priority (&stall->source, G_PRIORITY_HIGH - 100);
  g_source_attach (&stall->source, NULL);

  window = g_object_ref (cv_window_new (NULL));
  cv_window_set_ca_file (window, ca_file);
  cv_window_set_trust_store_path (window, store);
  cv_window_set_timeout_ms (window, PROBE_TIMEOUT_MS);
  gtk_window_present (GTK_WINDOW (window));
  settle (1000);

  /* What the window does on its own, for scale: a second of an idle window */
  stall_reset ();
  settle (1000);
  idle_stall = stall->longest;
  idle_stall_cpu = stall->longest_cpu;

  bench_heading ("3. Responsiveness: longest main-loop stall in the window while probes run");
  g_print ("worst of %u rounds per row; probe timeout %d ms; idle window for scale: "
           "%.2f ms (CPU %.2f ms)\n", rounds, PROBE_TIMEOUT_MS, idle_stall / 1000.0,
           idle_stall_cpu / 1000.0);

  for (guint s = 0; s < G_N_ELEMENTS (servers); s++)
    {
      g_autoptr(CvDemoServer) server = start_server (factory, servers[s].behaviour,
                                                     servers[s].extra_chain);
      g_autofree char *url = g_strdup_printf ("ftp://127.0.0.1:%u",
                                              cv_demo_server_get_port (server));

      for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
        {
          g_autofree char *verdict = NULL;
          gint64 longest = 0;
          gint64 longest_cpu = 0;

          for (guint r = 0; r < rounds; r++)
            {
              /* Not inside MAX(), which would run the scenario a second time and
               * keep only that run's stall */
              gint64 stall_us = run_scenario (window, url, counts[c], &longest_cpu);

              longest = MAX (longest, stall_us);
            }

          worst = MAX (worst, longest);
          verdict = bench_verdict (longest / 1000.0, TARGET_MS);
          g_print ("%-22s %2u probes: longest stall %7.2f ms = %5.2fx the target of %.0f ms: "
                   "%s; main thread's CPU time %.2f ms\n", servers[s].name, counts[c],
                   longest / 1000.0, longest / 1000.0 / TARGET_MS, TARGET_MS, verdict,
                   longest_cpu / 1000.0);
        }

      cv_demo_server_stop (server);
    }

  worst_verdict = bench_verdict (worst / 1000.0, TARGET_MS);
  g_print ("worst stall %.2f ms: %s\n", worst / 1000.0, worst_verdict);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  run_floor (rounds, &floor_at_once, &floor_at_once_cpu, &floor_by_row, &floor_by_row_cpu);
  g_print ("for scale, GTK alone: a bare window of the same size with a column view of a "
           "certificate's %u fields (bench-field-list.c):\n"
           "  all rows at once %.2f ms (CPU %.2f ms); one row a frame, longest %.2f ms "
           "(CPU %.2f ms)\n", FLOOR_ROWS, floor_at_once / 1000.0, floor_at_once_cpu / 1000.0,
           floor_by_row / 1000.0, floor_by_row_cpu / 1000.0);
  g_source_destroy (&stall->source);
  g_source_unref (&stall->source);
  cv_test_remove_tree (dir);
  return 0;
}
