/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-inspect.h"

#include "cv-background-private.h"
#include "cv-inspect-private.h"
#include "cv-probe-private.h"
#include "cv-report-private.h"
#include "cv-revocation-private.h"
#include "cv-verifier-private.h"

#include <glib/gi18n-lib.h>

/* After the handshake, within what is left of the run's timeout: whether the
 * server certificate, and each authority above it, is revoked, into @result
 * before the report is built */
static void
check_revocation (CvProbe       *probe,
                  CvProbeResult *result,
                  CvParsedChain *parsed,
                  const char    *ca_file,
                  gint64         started,
                  GCancellable  *cancellable)
{
  GPtrArray *chain = parsed->der;
  GPtrArray *staples = cv_probe_result_get_staples (result);
  g_autoptr(CvRevocation) revocation = NULL;
  g_autoptr(CvRevocation) anchor_revocation = NULL;
  gint64 left_ms = cv_probe_get_timeout_ms (probe) -
                   (g_get_monotonic_time () - started) / 1000;
  guint budget_ms = (guint) CLAMP (left_ms, 0, CV_REVOCATION_DEFAULT_BUDGET_MS);
  gint64 deadline = g_get_monotonic_time () + (gint64) budget_ms * 1000;

  /* The authorities first, from the top down (see cv_revocation_check_authorities()
   * why), then the server certificate in what is left of the same budget */
  cv_probe_result_set_authority_revocations (
    result, cv_revocation_check_authorities (chain, parsed->crts, staples, ca_file,
                                             cv_probe_get_revocation (probe), budget_ms,
                                             cancellable, &anchor_revocation));
  cv_probe_result_set_anchor_revocation (result, anchor_revocation);

  /* The issuer the verification finds: in the chain wherever the server put it,
   * else among the anchors (a server that sends its certificate alone, or with
   * certificates that did not issue it) */
  left_ms = (deadline - g_get_monotonic_time ()) / 1000;
  revocation = cv_revocation_check_parsed (chain, parsed->crts, staples, NULL, TRUE, ca_file,
                                           cv_probe_get_revocation (probe),
                                           (guint) CLAMP (left_ms, 0, budget_ms), cancellable);
  cv_probe_result_set_revocation (result, revocation);
}

/* The chain is parsed once, for the revocation check, the verification and the
 * model alike.
 * @gated: the run works for a window, so the parts that only compute pass the
 *   CPU gate (cv-background-private.h); the revocation check waits on the
 *   network outside it.
 * @reader: the thread whose main loop gets the report (a window's), which then
 *   only reads it (cv_report_hand_to()); NULL when the caller reads it itself */
static CvReport *
report_for_result (CvProbe        *probe,
                   CvProbeResult  *result,
                   const char     *ca_file,
                   gint64          started,
                   gboolean        gated,
                   GThread        *reader,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(CvParsedChain) parsed = NULL;
  CvReport *report;

  if (gated)
    cv_background_cpu_enter ();
  parsed = cv_parsed_chain_new (cv_probe_result_get_chain (result), error);
  if (gated)
    cv_background_cpu_leave ();
  if (parsed == NULL)
    return NULL;

  check_revocation (probe, result, parsed, ca_file, started, cancellable);

  if (gated)
    cv_background_cpu_enter ();
  report = cv_report_new_for_parsed_probe (result, g_steal_pointer (&parsed), ca_file, error);
  if (report != NULL && reader != NULL)
    cv_report_hand_to (report, reader);
  if (gated)
    cv_background_cpu_leave ();
  return report;
}

/* While the run waits for the server, the anchors the verification needs */
static void
prepare_anchors_cb (gpointer data)
{
  cv_verifier_prepare (data);
}

static CvReport *
inspect (CvProbe       *probe,
         const char    *ca_file,
         gboolean       gated,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(CvProbeResult) result = NULL;
  g_autoptr(CvReport) report = NULL;
  gint64 started = g_get_monotonic_time ();

  result = cv_probe_run_full (probe, prepare_anchors_cb, (gpointer) ca_file, cancellable,
                              error);
  if (result == NULL)
    return NULL;

  report = report_for_result (probe, result, ca_file, started, gated, NULL, cancellable, error);
  /* Finding: cancelled during the revocation check, the blocking call gave a report
   * made of a check cut short, where the async one, as GIO's calls do, fails */
  if (report != NULL && g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&report);
}

CvReport *
cv_inspect (CvProbe       *probe,
            const char    *ca_file,
            GCancellable  *cancellable,
            GError       **error)
{
  g_return_val_if_fail (CV_IS_PROBE (probe), NULL);

  return inspect (probe, ca_file, FALSE, cancellable, error);
}

CvReport *
cv_inspect_gated (CvProbe       *probe,
                  const char    *ca_file,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_return_val_if_fail (CV_IS_PROBE (probe), NULL);

  return inspect (probe, ca_file, TRUE, cancellable, error);
}

/*
 * cv_inspect_async() runs each inspection on a thread of its own rather than in
 * GLib's shared pool: the thread lowers its priority first thing (see
 * cv-background-private.h) and ends with the run, so that no pool thread keeps
 * the lower priority for other work. Starting a thread costs far less than the
 * handshake it runs.
 *
 * Cancelling returns G_IO_ERROR_CANCELLED at once, without waiting for the
 * thread: whichever of the cancellation and the thread comes first returns the
 * task, the other drops what it has.
 */
typedef struct
{
  char         *ca_file;
  GMainContext *context;
  GThread      *caller;        /* the thread that gets the report */
  /* The phases and the end, to the caller's context (cv-delivery-private.h) */
  CvDelivery   *delivery;
  gulong        cancelled_id;
  gint          returned;      /* atomic: the task has been returned */
} InspectData;

static void
inspect_data_free (InspectData *data)
{
  g_free (data->ca_file);
  g_main_context_unref (data->context);
  g_thread_unref (data->caller);
  g_clear_pointer (&data->delivery, cv_delivery_unref);
  g_free (data);
}

/* What the thread ends with, delivered to the caller's context */
typedef struct
{
  GTask    *task;
  CvReport *report;
  GError   *error;
} InspectEnd;

static void
inspect_end_free (gpointer data)
{
  InspectEnd *end = data;

  g_clear_object (&end->report);
  g_clear_error (&end->error);
  g_object_unref (end->task);
  g_free (end);
}

/* TRUE for the first caller only: that one returns the task */
static gboolean
inspect_claim_return (GTask *task)
{
  InspectData *data = g_task_get_task_data (task);

  return g_atomic_int_compare_and_exchange (&data->returned, FALSE, TRUE);
}

static void
inspect_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask *task = user_data;

  /* GTask completes a cancelled task from an idle source, never in here */
  if (inspect_claim_return (task))
    g_task_return_error_if_cancelled (task);
}

/* On the caller's thread: returns the task, unless a cancellation has, and ends
 * the delivery, whose last item this is */
static gboolean
inspect_end_cb (gpointer data)
{
  InspectEnd *end = data;
  InspectData *inspect_data = g_task_get_task_data (end->task);

  if (inspect_claim_return (end->task))
    {
      if (end->report == NULL)
        g_task_return_error (end->task, g_steal_pointer (&end->error));
      else
        g_task_return_pointer (end->task, g_steal_pointer (&end->report), g_object_unref);
    }
  cv_delivery_close (inspect_data->delivery);
  return G_SOURCE_REMOVE;
}

/* Takes @task's reference given by cv_inspect_async() */
static gpointer
inspect_thread (gpointer user_data)
{
  GTask *task = user_data;
  InspectData *data = g_task_get_task_data (task);
  CvProbe *probe = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(CvProbeResult) result = NULL;
  /* The item below may free the task, and the task's data with it, before the push
   * is through */
  g_autoptr(CvDelivery) delivery = cv_delivery_ref (data->delivery);
  InspectEnd *end = g_new0 (InspectEnd, 1);
  gint64 started = g_get_monotonic_time ();

  cv_background_lower_priority ();

  /* Phases go to the caller's context: its handlers may touch widgets */
  result = cv_probe_run_delivering (probe, delivery, prepare_anchors_cb, data->ca_file,
                                    cancellable, &end->error);
  if (result != NULL)
    end->report = report_for_result (probe, result, data->ca_file, started, TRUE,
                                     data->caller, cancellable, &end->error);

  /* Waits for a cancellation handler running on another thread */
  g_cancellable_disconnect (cancellable, data->cancelled_id);
  end->task = task;
  cv_delivery_push (delivery, inspect_end_cb, end, inspect_end_free);
  return NULL;
}

void
cv_inspect_async (CvProbe             *probe,
                  const char          *ca_file,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  InspectData *data;
  GThread *thread;

  g_return_if_fail (CV_IS_PROBE (probe));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (probe, cancellable, callback, user_data);
  g_task_set_source_tag (task, cv_inspect_async);
  data = g_new0 (InspectData, 1);
  data->ca_file = g_strdup (ca_file);
  data->context = g_main_context_ref_thread_default ();
  data->caller = g_thread_ref (g_thread_self ());
  data->delivery = cv_delivery_new (data->context);
  g_task_set_task_data (task, data, (GDestroyNotify) inspect_data_free);
  cv_probe_begin (probe);

  /* Already cancelled: the handler runs (and returns the task) right here */
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable,
                                                G_CALLBACK (inspect_cancelled_cb), task, NULL);

  thread = g_thread_try_new ("cv-inspect", inspect_thread, g_object_ref (task), &error);
  if (thread != NULL)
    {
      g_thread_unref (thread);
      return;
    }

  g_cancellable_disconnect (cancellable, data->cancelled_id);
  cv_delivery_close (data->delivery);
  g_object_unref (task);
  if (inspect_claim_return (task))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("Could not start the inspection: %s. Close other programs "
                               "or windows and try again."), error->message);
}

CvReport *
cv_inspect_finish (CvProbe       *probe,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (CV_IS_PROBE (probe), NULL);
  g_return_val_if_fail (g_task_is_valid (result, probe), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cv_inspect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
