/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-watch.h"

#include "cv-probe-private.h"
#include "cv-trust-check-private.h"
#include "cv-trust-watch-private.h"

#include "cv-certificate.h"
#include "cv-error.h"
#include "cv-format.h"
#include "cv-inspect-private.h"
#include "cv-probe.h"
#include "cv-report.h"
#include "cv-target.h"
#include "cv-trust-store-private.h"

#include <glib/gi18n-lib.h>

struct _CvTrustWatch
{
  GObject           parent_instance;
  CvTrustStore     *store;
  guint             max_parallel;
  guint             timeout_ms;
  guint             warn_days;
  char             *ca_file;
  CvRevocationMode  revocation;
  /* The decisions to check, or NULL for every one in the store */
  GPtrArray        *entries;
};

G_DEFINE_FINAL_TYPE (CvTrustWatch, cv_trust_watch, G_TYPE_OBJECT)

enum {
  SIGNAL_CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cv_trust_watch_finalize (GObject *object)
{
  CvTrustWatch *self = CV_TRUST_WATCH (object);

  g_clear_object (&self->store);
  g_free (self->ca_file);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (cv_trust_watch_parent_class)->finalize (object);
}

static void
cv_trust_watch_class_init (CvTrustWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cv_trust_watch_finalize;

  /**
   * CvTrustWatch::checked:
   * @self: the #CvTrustWatch
   * @result: what the check of one decision found
   *
   * Emitted during cv_trust_watch_run_async() as each decision has been checked,
   * in the thread-default main context of its caller, before the run's callback.
   * Not emitted for the decisions of a cancelled run.
   */
  signals[SIGNAL_CHECKED] =
    g_signal_new ("checked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CV_TYPE_TRUST_WATCH_RESULT);
}

static void
cv_trust_watch_init (CvTrustWatch *self)
{
  self->max_parallel = CV_TRUST_WATCH_DEFAULT_MAX_PARALLEL;
  self->timeout_ms = CV_PROBE_DEFAULT_TIMEOUT_MS;
  self->warn_days = CV_TRUST_WATCH_DEFAULT_WARN_DAYS;
  self->revocation = CV_REVOCATION_MODE_ONLINE;
}

CvTrustWatch *
cv_trust_watch_new (CvTrustStore *store)
{
  CvTrustWatch *self;

  g_return_val_if_fail (CV_IS_TRUST_STORE (store), NULL);

  self = g_object_new (CV_TYPE_TRUST_WATCH, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
cv_trust_watch_set_max_parallel (CvTrustWatch *self,
                                 guint         max_parallel)
{
  g_return_if_fail (CV_IS_TRUST_WATCH (self));
  self->max_parallel = MAX (max_parallel, 1);
}

void
cv_trust_watch_set_timeout_ms (CvTrustWatch *self,
                               guint         timeout_ms)
{
  g_return_if_fail (CV_IS_TRUST_WATCH (self));
  self->timeout_ms = timeout_ms;
}

void
cv_trust_watch_set_warn_days (CvTrustWatch *self,
                              guint         warn_days)
{
  g_return_if_fail (CV_IS_TRUST_WATCH (self));
  self->warn_days = warn_days;
}

void
cv_trust_watch_set_ca_file (CvTrustWatch *self,
                            const char   *ca_file)
{
  g_return_if_fail (CV_IS_TRUST_WATCH (self));
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

void
cv_trust_watch_set_entries (CvTrustWatch *self,
                            GPtrArray    *entries)
{
  g_return_if_fail (CV_IS_TRUST_WATCH (self));

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  if (entries == NULL)
    return;
  self->entries = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      g_return_if_fail (CV_IS_TRUST_ENTRY (g_ptr_array_index (entries, i)));
      g_ptr_array_add (self->entries, g_object_ref (g_ptr_array_index (entries, i)));
    }
}

void
cv_trust_watch_set_revocation (CvTrustWatch     *self,
                               CvRevocationMode  mode)
{
  g_return_if_fail (CV_IS_TRUST_WATCH (self));
  self->revocation = mode;
}

/* One decision to check, and where its result goes */
typedef struct
{
  CvTrustWatch       *watch;
  CvTrustEntry       *entry;
  GCancellable       *cancellable;
  gint64              now;
  CvTrustWatchResult *result;
} Job;

/* The server answers, but not with TLS: it refused AUTH TLS for good (5xx), answered
 * it with anything but 234 or a refusal, or sent plain text where the handshake
 * should be. A 4xx refusal may pass, and is no downgrade. */
static gboolean
is_tls_refused (const GError *error)
{
  return g_error_matches (error, CV_ERROR, CV_ERROR_TLS_NOT_OFFERED);
}

/* Seen serving the very certificate decided on, which still holds */
static gboolean
is_seen (CvTrustWatchResult *result)
{
  return (result->status == CV_TRUST_WATCH_UNCHANGED ||
          result->status == CV_TRUST_WATCH_EXPIRING) &&
         g_strcmp0 (result->sha256,
                    cv_trust_entry_get_certificate_sha256 (result->entry)) == 0;
}

static void
check_entry (Job *job)
{
  CvTrustWatch *watch = job->watch;
  CvTrustWatchResult *result = g_object_new (CV_TYPE_TRUST_WATCH_RESULT, NULL);
  const char *key = cv_trust_entry_get_key (job->entry);
  g_autoptr(CvTarget) tls_target = NULL;
  g_autoptr(CvTarget) ftp_target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean tls_first;
  gint64 start, elapsed_ms;

  result->entry = g_object_ref (job->entry);
  job->result = result;

  /*
   * A decision keeps the server and port, not how the server was reached. A port
   * that names a protocol (21, 990, 443, …) has it; on another, direct TLS comes
   * first: a TLS server sends nothing until it is spoken to, so FTP first would
   * wait the whole timeout for its greeting, while an FTP server's greeting ends
   * a TLS handshake at once, and FTP with AUTH TLS follows.
   */
  tls_target = cv_target_parse (key, CV_PROTOCOL_DIRECT_TLS, &error);
  if (tls_target != NULL)
    ftp_target = cv_target_parse (key, CV_PROTOCOL_FTP_EXPLICIT, &error);
  if (tls_target == NULL || ftp_target == NULL)
    {
      result->status = CV_TRUST_WATCH_UNREACHABLE;
      result->detail = g_strdup (error->message);
      return;
    }

  tls_first = cv_target_get_protocol (tls_target) != cv_target_get_protocol (ftp_target);
  probe = cv_probe_new (tls_first ? tls_target : ftp_target);
  cv_probe_set_timeout_ms (probe, watch->timeout_ms);
  cv_probe_set_revocation (probe, watch->revocation);
  start = g_get_monotonic_time ();
  report = cv_inspect_gated (probe, watch->ca_file, job->cancellable, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  /* Reached, and answered with something other than TLS: FTP, in the time left
   * (a server silent all along would be as silent to FTP); what FTP finds stands.
   * A server that answered with TLS and failed the handshake (an alert, a client
   * certificate it requires, a certificate that does not match what it signed)
   * is a TLS server: its failure is the answer. */
  if (report == NULL && tls_first && cv_probe_get_phase (probe) == CV_PROBE_PHASE_HANDSHAKE &&
      !cv_probe_answered_with_tls (probe) &&
      !g_error_matches (error, CV_ERROR, CV_ERROR_TIMED_OUT) &&
      /* Text that is no FTP reply (a web server's) says all: TLS is not offered */
      (!is_tls_refused (error) || cv_probe_answered_as_ftp (probe)) &&
      elapsed_ms < (gint64) watch->timeout_ms && !g_cancellable_is_cancelled (job->cancellable))
    {
      g_autoptr(CvProbe) ftp_probe = cv_probe_new (ftp_target);
      g_autoptr(GError) ftp_error = NULL;

      cv_probe_set_timeout_ms (ftp_probe, watch->timeout_ms - (guint) elapsed_ms);
      cv_probe_set_shown_timeout_ms (ftp_probe, watch->timeout_ms);
      cv_probe_set_revocation (ftp_probe, watch->revocation);
      report = cv_inspect_gated (ftp_probe, watch->ca_file, job->cancellable, &ftp_error);
      g_set_object (&probe, ftp_probe);
      g_clear_error (&error);
      error = g_steal_pointer (&ftp_error);
    }

  if (report != NULL && cv_report_get_leaf (report) != NULL)
    {
      cv_trust_watch_result_judge (result, watch->warn_days, report, job->now);
      return;
    }

  result->status = error != NULL && is_tls_refused (error) ? CV_TRUST_WATCH_TLS_REFUSED
                                                           : CV_TRUST_WATCH_UNREACHABLE;
  result->detail = g_strdup (error != NULL ? error->message
                                           : _("The server sent no certificate."));
}

/* Only last-seen changes, and only for the servers seen with their certificate; a
 * store that cannot be written spoils no check */
static void
note_seen (CvTrustWatch *self,
           GPtrArray    *results,
           gint64        now)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < results->len; i++)
    {
      CvTrustWatchResult *result = g_ptr_array_index (results, i);

      /* What each result already says the store will hold */
      if (result->last_seen > cv_trust_entry_get_last_seen (result->entry))
        g_ptr_array_add (seen, result->entry);
    }

  if (!cv_trust_store_touch_all (self->store, seen, now, &error))
    {
      g_debug ("Could not note when the servers were seen: %s", error->message);
      /* What the results say is what the store holds: still the time before */
      for (guint i = 0; i < results->len; i++)
        {
          CvTrustWatchResult *result = g_ptr_array_index (results, i);

          result->last_seen = cv_trust_entry_get_last_seen (result->entry);
        }
    }
}

/* A result on its way to the caller's context */
typedef struct
{
  CvTrustWatch       *watch;
  CvTrustWatchResult *result;
} Checked;

static void
checked_free (gpointer data)
{
  Checked *checked = data;

  g_object_unref (checked->watch);
  g_object_unref (checked->result);
  g_free (checked);
}

static gboolean
emit_checked_cb (gpointer data)
{
  Checked *checked = data;

  g_signal_emit (checked->watch, signals[SIGNAL_CHECKED], 0, checked->result);
  return G_SOURCE_REMOVE;
}

static void
check_one (gpointer data,
           gpointer user_data)
{
  Job *job = data;
  GMainContext *context = user_data;
  g_autoptr(GError) error = NULL;

  /* Cancelled while waiting for a worker: no probe, whose set-up alone takes a while */
  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    {
      job->result = g_object_new (CV_TYPE_TRUST_WATCH_RESULT, NULL);
      job->result->entry = g_object_ref (job->entry);
      job->result->status = CV_TRUST_WATCH_UNREACHABLE;
      job->result->detail = g_strdup (error->message);
    }
  else
    check_entry (job);

  /* As the store will have it once the run is done (note_seen()) */
  job->result->last_seen = cv_trust_entry_get_last_seen (job->entry);
  if (is_seen (job->result))
    job->result->last_seen = MAX (job->result->last_seen, job->now);

  /* The result is read-only from here on: the caller's context may share it */
  if (context != NULL && !g_cancellable_is_cancelled (job->cancellable))
    {
      Checked *checked = g_new0 (Checked, 1);

      checked->watch = g_object_ref (job->watch);
      checked->result = g_object_ref (job->result);
      g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, emit_checked_cb, checked,
                                  checked_free);
    }
}

/* Emits ::checked in @context when not NULL */
static GPtrArray *
run_checks (CvTrustWatch  *self,
            GMainContext  *context,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree Job *jobs = NULL;
  GThreadPool *pool;
  GPtrArray *results;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (CV_IS_TRUST_WATCH (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->entries != NULL)
    entries = g_ptr_array_ref (self->entries);
  else
    entries = cv_trust_store_list (self->store, error);
  if (entries == NULL)
    return NULL;

  jobs = g_new0 (Job, MAX (entries->len, 1));
  pool = g_thread_pool_new (check_one, context, (int) self->max_parallel, FALSE, error);
  if (pool == NULL)
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      jobs[i] = (Job) { self, g_ptr_array_index (entries, i), cancellable, now, NULL };
      if (!g_thread_pool_push (pool, &jobs[i], error))
        {
          g_thread_pool_free (pool, TRUE, TRUE);
          for (guint j = 0; j < entries->len; j++)
            g_clear_object (&jobs[j].result);
          return NULL;
        }
    }
  /* Waits for every job: each returns within its deadline, or at once when cancelled */
  g_thread_pool_free (pool, FALSE, TRUE);

  results = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (results, jobs[i].result);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_ptr_array_unref (results);
      return NULL;
    }

  note_seen (self, results, now);
  return results;
}

GPtrArray *
cv_trust_watch_run (CvTrustWatch  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return run_checks (self, NULL, cancellable, error);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *results = run_checks (CV_TRUST_WATCH (source_object), task_data, cancellable,
                                   &error);

  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
cv_trust_watch_run_async (CvTrustWatch        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CV_IS_TRUST_WATCH (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cv_trust_watch_run_async);
  g_task_set_task_data (task, g_main_context_ref_thread_default (),
                        (GDestroyNotify) g_main_context_unref);
  g_task_run_in_thread (task, run_in_thread);
}

GPtrArray *
cv_trust_watch_run_finish (CvTrustWatch  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
