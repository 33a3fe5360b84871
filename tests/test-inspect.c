/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-background-private.h"
#include "cv-cert-factory.h"
#include "cv-delivery-private.h"
#include "cv-demo-server.h"
#include "cv-inspect.h"
#include "cv-report-private.h"
#include "cv-test-util.h"

typedef struct
{
  GThread   *main_thread;
  GArray    *phases;
  gboolean   off_thread;
  CvReport  *report;
  GError    *error;
  gboolean   done;
  gint64     done_at;
} Run;

static void
phase_cb (CvProbe    *probe,
          GParamSpec *pspec,
          Run        *run)
{
  CvProbePhase phase = cv_probe_get_phase (probe);

  if (g_thread_self () != run->main_thread)
    run->off_thread = TRUE;
  /* Nothing of a run comes after its callback: the caller may have freed what
   * its handlers use there */
  g_assert_false (run->done);
  g_array_append_val (run->phases, phase);
}

static void
inspect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  g_assert_true (g_thread_self () == run->main_thread);
  run->report = cv_inspect_finish (CV_PROBE (source), result, &run->error);
  run->done = TRUE;
  run->done_at = g_get_monotonic_time ();
}

static CvDemoServer *
start_server (gconstpointer   factory,
              CvDemoBehaviour behaviour)
{
  return cv_test_start_demo_server ((CvCertFactory *) factory, CV_PROTOCOL_FTP_EXPLICIT, behaviour,
                                    CV_CERT_PROBLEM_NONE);
}

/* Phases reach the caller's thread, in order, and the report is built off it */
static void
test_phases_on_main_thread (CvTestDir     *dir,
                            gconstpointer  factory)
{
  g_autoptr(CvDemoServer) server = start_server (factory, CV_DEMO_BEHAVIOUR_NORMAL);
  g_autoptr(CvTarget) target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                                              CV_PROTOCOL_FTP_EXPLICIT);
  g_autoptr(CvProbe) probe = cv_probe_new (target);
  Run run = { g_thread_self (), g_array_new (FALSE, FALSE, sizeof (CvProbePhase)) };
  CvProbePhase last = CV_PROBE_PHASE_RESOLVING;

  g_signal_connect (probe, "notify::phase", G_CALLBACK (phase_cb), &run);
  cv_inspect_async (probe, dir->ca_file, NULL, inspect_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  /* Phase updates queued before the result still arrive in order */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_no_error (run.error);
  g_assert_nonnull (run.report);
  g_assert_true (cv_report_get_valid (run.report));
  g_assert_false (run.off_thread);
  g_assert_cmpuint (run.phases->len, >=, 4);
  for (guint i = 0; i < run.phases->len; i++)
    {
      CvProbePhase phase = g_array_index (run.phases, CvProbePhase, i);

      g_assert_cmpint (phase, >=, last);
      last = phase;
    }
  g_assert_cmpint (last, ==, CV_PROBE_PHASE_DONE);

  g_signal_handlers_disconnect_by_data (probe, &run);
  g_array_unref (run.phases);
  g_clear_object (&run.report);
}

/* Cancel against a server that has gone silent returns within 100 ms */
static void
test_cancel_silent (CvTestDir     *dir,
                    gconstpointer  factory)
{
  g_autoptr(CvDemoServer) server = start_server (factory, CV_DEMO_BEHAVIOUR_SILENT);
  g_autoptr(CvTarget) target = cv_target_new ("127.0.0.1", cv_demo_server_get_port (server),
                                              CV_PROTOCOL_FTP_EXPLICIT);
  g_autoptr(CvProbe) probe = cv_probe_new (target);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { g_thread_self (), g_array_new (FALSE, FALSE, sizeof (CvProbePhase)) };
  gint64 deadline = g_get_monotonic_time () + 300 * 1000;
  gint64 cancelled_at;

  cv_inspect_async (probe, NULL, cancellable, inspect_cb, &run);
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (run.done);

  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("returned %.1f ms after cancel", (run.done_at - cancelled_at) / 1000.0);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (run.done_at - cancelled_at, <, 100 * 1000);
  g_clear_error (&run.error);
  g_array_unref (run.phases);
}

/* Cancelled as it starts, a run says nothing after its callback, though its
 * thread goes on until it notices: a phase it reached meanwhile is dropped */
static void
test_cancel_at_once (CvTestDir     *dir,
                     gconstpointer  factory)
{
  g_autoptr(CvDemoServer) server = start_server (factory, CV_DEMO_BEHAVIOUR_NORMAL);
  /* An address: the thread reaches Connecting at once */
  g_autoptr(CvTarget) target = cv_target_new ("127.0.0.1", cv_demo_server_get_port (server),
                                              CV_PROTOCOL_FTP_EXPLICIT);

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(CvProbe) probe = cv_probe_new (target);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Run run = { g_thread_self (), g_array_new (FALSE, FALSE, sizeof (CvProbePhase)) };
      gint64 until;

      g_signal_connect (probe, "notify::phase", G_CALLBACK (phase_cb), &run);
      cv_inspect_async (probe, dir->ca_file, cancellable, inspect_cb, &run);
      g_cancellable_cancel (cancellable);
      while (!run.done)
        g_main_context_iteration (NULL, TRUE);
      /* Long enough for the thread to resolve, connect and give up */
      until = g_get_monotonic_time () + 50 * 1000;
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);

      g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&run.error);
      g_signal_handlers_disconnect_by_data (probe, &run);
      g_array_unref (run.phases);
    }
}

/* The worker builds the model of what it hands to the main loop; a caller on its
 * own thread gets it built when it reads it, the same */
static void
test_model_on_worker (CvTestDir     *dir,
                      gconstpointer  factory)
{
  g_autoptr(CvDemoServer) server = start_server (factory, CV_DEMO_BEHAVIOUR_NORMAL);
  g_autoptr(CvTarget) target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                                              CV_PROTOCOL_FTP_EXPLICIT);
  g_autoptr(CvProbe) probe = cv_probe_new (target);
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *async_text = NULL;
  g_autofree char *sync_text = NULL;
  Run run = { g_thread_self (), g_array_new (FALSE, FALSE, sizeof (CvProbePhase)) };

  cv_inspect_async (probe, dir->ca_file, NULL, inspect_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.error);
  g_assert_true (cv_report_has_model (run.report));

  report = cv_inspect (probe, dir->ca_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cv_report_get_valid (report));
  g_assert_false (cv_report_has_model (report));

  async_text = cv_report_to_text (run.report);
  sync_text = cv_report_to_text (report);
  g_assert_true (cv_report_has_model (report));
  g_assert_cmpstr (sync_text, ==, async_text);

  g_array_unref (run.phases);
  g_clear_object (&run.report);
}

/* A report handed to the main loop and dropped there is freed on a worker; one
 * that a worker inspected and drops itself is freed where it is */
static void
test_freed_off_reader (CvTestDir     *dir,
                       gconstpointer  factory)
{
  g_autoptr(CvDemoServer) server = start_server (factory, CV_DEMO_BEHAVIOUR_NORMAL);
  g_autoptr(CvTarget) target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                                              CV_PROTOCOL_FTP_EXPLICIT);
  g_autoptr(CvProbe) probe = cv_probe_new (target);
  g_autoptr(GError) error = NULL;
  Run run = { g_thread_self (), g_array_new (FALSE, FALSE, sizeof (CvProbePhase)) };
  CvTestFreed async_freed;
  CvTestFreed sync_freed;
  CvReport *report;
  gint64 deadline;

  cv_inspect_async (probe, dir->ca_file, NULL, inspect_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.error);
  cv_test_watch_freed (G_OBJECT (cv_report_get_tree (run.report)), &async_freed);
  g_clear_object (&run.report);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!cv_test_is_freed (&async_freed) && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_true (cv_test_is_freed (&async_freed));
  g_assert_true (async_freed.freed_on != g_thread_self ());

  report = cv_inspect (probe, dir->ca_file, NULL, &error);
  g_assert_no_error (error);
  cv_test_watch_freed (G_OBJECT (cv_report_get_tree (report)), &sync_freed);
  g_object_unref (report);
  g_assert_true (cv_test_is_freed (&sync_freed));
  g_assert_true (sync_freed.freed_on == g_thread_self ());

  g_array_unref (run.phases);
}

/* The CPU gate lets exactly its slots in at a time, however many threads ask */
typedef struct
{
  gint inside;
  gint most;
} Gate;

static gpointer
gate_thread (gpointer user_data)
{
  Gate *gate = user_data;

  for (guint i = 0; i < 3; i++)
    {
      int now;
      int most;

      cv_background_cpu_enter ();
      now = g_atomic_int_add (&gate->inside, 1) + 1;
      do
        most = g_atomic_int_get (&gate->most);
      while (now > most && !g_atomic_int_compare_and_exchange (&gate->most, most, now));
      g_usleep (5000);
      g_atomic_int_add (&gate->inside, -1);
      cv_background_cpu_leave ();
    }
  return NULL;
}

static void
test_cpu_gate (void)
{
  guint slots = cv_background_cpu_slots ();
  guint n_threads = slots * 3 + 2;
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);
  Gate gate = { 0, 0 };

  g_assert_cmpuint (slots, >=, 1);
  g_assert_cmpuint (slots, <=, MAX (1, g_get_num_processors ()));

  for (guint i = 0; i < n_threads; i++)
    threads[i] = g_thread_new ("gate", gate_thread, &gate);
  for (guint i = 0; i < n_threads; i++)
    g_thread_join (threads[i]);

  /* Each thread stays inside for 5 ms, three times: the slots fill up */
  g_assert_cmpint (gate.most, ==, (int) slots);
  g_assert_cmpint (gate.inside, ==, 0);
}

/* ---- the delivery of phases and ends to the caller's context ---- */

#define DELIVERY_THREADS 4
#define DELIVERY_ITEMS 2000

typedef struct
{
  GThread *main_thread;
  guint    next[DELIVERY_THREADS];   /* the sequence number each thread's next item must have */
  guint    received;
  gint     freed;                    /* atomic */
  gboolean off_thread;
  gboolean out_of_order;
} DeliveryCheck;

typedef struct
{
  DeliveryCheck *check;
  guint          thread;
  guint          sequence;
} DeliveryItem;

static gboolean
delivery_item_cb (gpointer data)
{
  DeliveryItem *item = data;
  DeliveryCheck *check = item->check;

  if (g_thread_self () != check->main_thread)
    check->off_thread = TRUE;
  if (item->sequence != check->next[item->thread])
    check->out_of_order = TRUE;
  check->next[item->thread] = item->sequence + 1;
  check->received++;
  return G_SOURCE_REMOVE;
}

static void
delivery_item_free (gpointer data)
{
  DeliveryItem *item = data;

  g_atomic_int_inc (&item->check->freed);
  g_free (item);
}

typedef struct
{
  CvDelivery    *delivery;
  DeliveryCheck *check;
  guint          thread;
} Pusher;

static gpointer
delivery_pusher (gpointer data)
{
  Pusher *pusher = data;

  for (guint i = 0; i < DELIVERY_ITEMS; i++)
    {
      DeliveryItem *item = g_new0 (DeliveryItem, 1);

      item->check = pusher->check;
      item->thread = pusher->thread;
      item->sequence = i;
      cv_delivery_push (pusher->delivery, delivery_item_cb, item, delivery_item_free);
    }
  return NULL;
}

/* Items pushed from several threads at once all run on the context's thread, each
 * thread's in the order it pushed them, and each is freed once; after the delivery
 * is closed, an item is freed without running */
static void
test_delivery (void)
{
  g_autoptr(CvDelivery) delivery = cv_delivery_new (NULL);
  DeliveryCheck check = { .main_thread = g_thread_self () };
  Pusher pushers[DELIVERY_THREADS];
  GThread *threads[DELIVERY_THREADS];
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  DeliveryItem *late;

  for (guint i = 0; i < DELIVERY_THREADS; i++)
    {
      pushers[i] = (Pusher) { delivery, &check, i };
      threads[i] = g_thread_new ("pusher", delivery_pusher, &pushers[i]);
    }
  while (check.received < DELIVERY_THREADS * DELIVERY_ITEMS &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < DELIVERY_THREADS; i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (check.received, ==, DELIVERY_THREADS * DELIVERY_ITEMS);
  g_assert_false (check.off_thread);
  g_assert_false (check.out_of_order);
  g_assert_cmpint (g_atomic_int_get (&check.freed), ==, DELIVERY_THREADS * DELIVERY_ITEMS);

  cv_delivery_close (delivery);
  late = g_new0 (DeliveryItem, 1);
  late->check = &check;
  cv_delivery_push (delivery, delivery_item_cb, late, delivery_item_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (check.received, ==, DELIVERY_THREADS * DELIVERY_ITEMS);
  g_assert_cmpint (g_atomic_int_get (&check.freed), ==, DELIVERY_THREADS * DELIVERY_ITEMS + 1);
}

/* More inspections than the gate has slots all finish, each with its model */
static void
test_many_at_once (CvTestDir     *dir,
                   gconstpointer  factory)
{
  g_autoptr(CvDemoServer) server = start_server (factory, CV_DEMO_BEHAVIOUR_NORMAL);
  g_autoptr(CvTarget) target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                                              CV_PROTOCOL_FTP_EXPLICIT);
  guint n_runs = cv_background_cpu_slots () * 4 + 4;
  g_autofree Run *runs = g_new0 (Run, n_runs);
  guint pending = n_runs;

  for (guint i = 0; i < n_runs; i++)
    {
      g_autoptr(CvProbe) probe = cv_probe_new (target);

      runs[i].main_thread = g_thread_self ();
      runs[i].phases = g_array_new (FALSE, FALSE, sizeof (CvProbePhase));
      cv_inspect_async (probe, dir->ca_file, NULL, inspect_cb, &runs[i]);
    }

  while (pending > 0)
    {
      g_main_context_iteration (NULL, TRUE);
      pending = 0;
      for (guint i = 0; i < n_runs; i++)
        pending += runs[i].done ? 0 : 1;
    }

  for (guint i = 0; i < n_runs; i++)
    {
      g_assert_no_error (runs[i].error);
      g_assert_true (cv_report_get_valid (runs[i].report));
      g_assert_true (cv_report_has_model (runs[i].report));
      g_clear_object (&runs[i].report);
      g_array_unref (runs[i].phases);
    }
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

  g_test_add ("/certview/inspect/phases-on-main-thread", CvTestDir, factory,
              cv_test_dir_set_up, test_phases_on_main_thread, cv_test_dir_tear_down);
  g_test_add ("/certview/inspect/model-on-worker", CvTestDir, factory,
              cv_test_dir_set_up, test_model_on_worker, cv_test_dir_tear_down);
  g_test_add ("/certview/inspect/freed-off-reader", CvTestDir, factory,
              cv_test_dir_set_up, test_freed_off_reader, cv_test_dir_tear_down);
  g_test_add ("/certview/inspect/many-at-once", CvTestDir, factory,
              cv_test_dir_set_up, test_many_at_once, cv_test_dir_tear_down);
  g_test_add_func ("/certview/inspect/cpu-gate", test_cpu_gate);
  g_test_add_func ("/certview/inspect/delivery", test_delivery);
  g_test_add ("/certview/inspect/cancel-at-once", CvTestDir, factory,
              cv_test_dir_set_up, test_cancel_at_once, cv_test_dir_tear_down);
  g_test_add ("/certview/inspect/cancel-silent", CvTestDir, factory,
              cv_test_dir_set_up, test_cancel_silent, cv_test_dir_tear_down);

  return g_test_run ();
}
