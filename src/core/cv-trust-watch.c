/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-watch.h"

#include "cv-probe-private.h"
#include "cv-trust-check-private.h"

#include "cv-certificate.h"
#include "cv-error.h"
#include "cv-format.h"
#include "cv-inspect-private.h"
#include "cv-probe.h"
#include "cv-report.h"
#include "cv-target.h"
#include "cv-trust-store-private.h"

#include <glib/gi18n-lib.h>
#include "cv-json-private.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

struct _CvTrustWatchResult
{
  GObject             parent_instance;
  CvTrustEntry       *entry;
  CvTrustWatchStatus  status;
  char               *detail;
  char               *sha256;
  gint64              not_after;
  gint64              last_seen;
};

G_DEFINE_FINAL_TYPE (CvTrustWatchResult, cv_trust_watch_result, G_TYPE_OBJECT)

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

const char *
cv_trust_watch_status_to_string (CvTrustWatchStatus status)
{
  switch (status)
    {
    case CV_TRUST_WATCH_UNCHANGED:
      return "unchanged";
    case CV_TRUST_WATCH_RENEWED:
      return "renewed";
    case CV_TRUST_WATCH_KEY_CHANGED:
      return "key-changed";
    case CV_TRUST_WATCH_EXPIRING:
      return "expiring";
    case CV_TRUST_WATCH_EXPIRED:
      return "expired";
    case CV_TRUST_WATCH_REVOKED:
      return "revoked";
    case CV_TRUST_WATCH_TLS_REFUSED:
      return "tls-refused";
    case CV_TRUST_WATCH_NEW_PROBLEMS:
      return "new-problems";
    case CV_TRUST_WATCH_UNREACHABLE:
    default:
      return "unreachable";
    }
}

gboolean
cv_trust_watch_status_needs_action (CvTrustWatchStatus status)
{
  return status != CV_TRUST_WATCH_UNCHANGED && status != CV_TRUST_WATCH_RENEWED;
}

static void
cv_trust_watch_result_finalize (GObject *object)
{
  CvTrustWatchResult *self = CV_TRUST_WATCH_RESULT (object);

  g_clear_object (&self->entry);
  g_free (self->detail);
  g_free (self->sha256);

  G_OBJECT_CLASS (cv_trust_watch_result_parent_class)->finalize (object);
}

static void
cv_trust_watch_result_class_init (CvTrustWatchResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cv_trust_watch_result_finalize;
}

static void
cv_trust_watch_result_init (CvTrustWatchResult *self)
{
}

CvTrustEntry *
cv_trust_watch_result_get_entry (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), NULL);
  return self->entry;
}

CvTrustWatchStatus
cv_trust_watch_result_get_status (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), CV_TRUST_WATCH_UNREACHABLE);
  return self->status;
}

const char *
cv_trust_watch_result_get_detail (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), NULL);
  return self->detail;
}

const char *
cv_trust_watch_result_get_sha256 (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), NULL);
  return self->sha256;
}

gint64
cv_trust_watch_result_get_last_seen (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), 0);
  return self->last_seen;
}

gint64
cv_trust_watch_result_get_not_after (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), 0);
  return self->not_after;
}

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

/* The very certificate decided on, trusted when it had expired already: what the
 * decision says it accepted, or for one that says nothing (Certview 0.1's), its
 * date */
static gboolean
trusted_expired (CvTrustEntry *saved,
                 CvTrustMatch  match,
                 gint64        not_after)
{
  const char * const *accepted = cv_trust_entry_get_accepted (saved);

  return match == CV_TRUST_MATCH_SAME_CERTIFICATE &&
         cv_trust_entry_get_decision (saved) == CV_TRUST_DECISION_TRUST &&
         ((accepted != NULL && g_strv_contains (accepted, "expired")) ||
          cv_trust_entry_get_created (saved) >= not_after);
}

/* The new problems in a sentence, after what they mean for the next connection */
static char *
describe_new_problems (CvTrustEntry       *saved,
                       CvReport           *report,
                       const char * const *codes)
{
  g_autofree char *lines = cv_trust_check_describe_problems (saved, report, codes);

  g_strdelimit (lines, "\n", ' ');
  return g_strdup_printf ("%s %s", _("The certificate has problems the decision did not "
                                     "accept; the next connection asks again:"), lines);
}

static void
judge_report (CvTrustWatchResult *result,
              CvTrustWatch       *watch,
              CvReport           *report,
              gint64              now)
{
  CvCertificate *leaf = cv_report_get_leaf (report);
  CvRevocation *revocation = cv_report_get_revocation (report);
  CvCertificate *authority;
  g_autofree char *expires = NULL;
  g_auto(GStrv) new_problems = NULL;
  CvTrustMatch match;

  result->sha256 = g_strdup (cv_certificate_get_sha256 (leaf));
  result->not_after = g_date_time_to_unix (cv_certificate_get_not_after (leaf));
  expires = cv_format_iso8601_date (result->not_after);
  if (expires == NULL)
    expires = g_strdup ("?");

  match = cv_trust_entry_match (result->entry, result->sha256,
                                cv_certificate_get_public_key_pin (leaf));

  if (match == CV_TRUST_MATCH_CHANGED)
    {
      result->status = CV_TRUST_WATCH_KEY_CHANGED;
      result->detail = g_strdup_printf (_("The server's key has changed: it serves another "
                                          "certificate, SHA-256 %s."), result->sha256);
    }
  else if (revocation != NULL &&
           cv_revocation_get_status (revocation) == CV_REVOCATION_STATUS_REVOKED)
    {
      result->status = CV_TRUST_WATCH_REVOKED;
      result->detail = g_strdup (_("The issuer has revoked the certificate."));
    }
  else if ((authority = cv_report_get_revoked_authority (report)) != NULL)
    {
      result->status = CV_TRUST_WATCH_REVOKED;
      /* TRANSLATORS: %s is the name of a certificate authority, as "Example CA" */
      result->detail = g_strdup_printf (_("The authority “%s”, which vouches for the "
                                          "certificate, has been revoked."),
                                        cv_certificate_get_display_name (authority));
    }
  else if (result->not_after <= now &&
           trusted_expired (result->entry, match, result->not_after))
    {
      /* What the prompt accepts in silence: nothing new */
      result->status = CV_TRUST_WATCH_UNCHANGED;
      result->detail = g_strdup_printf (_("The same certificate, which you chose to trust "
                                          "after it expired on %s."), expires);
    }
  else if (result->not_after <= now)
    {
      result->status = CV_TRUST_WATCH_EXPIRED;
      result->detail = g_strdup_printf (_("The certificate expired on %s."), expires);
    }
  else if (cv_trust_entry_get_decision (result->entry) == CV_TRUST_DECISION_TRUST &&
           cv_trust_check_judge (result->entry, report, &new_problems) ==
             CV_TRUST_STATUS_NEW_PROBLEMS)
    {
      result->status = CV_TRUST_WATCH_NEW_PROBLEMS;
      result->detail = describe_new_problems (result->entry, report,
                                              (const char * const *) new_problems);
    }
  else if (result->not_after - now < (gint64) watch->warn_days * SECONDS_PER_DAY)
    {
      result->status = CV_TRUST_WATCH_EXPIRING;
      result->detail = g_strdup_printf (_("The certificate expires on %s."), expires);
    }
  else if (match == CV_TRUST_MATCH_RENEWED)
    {
      result->status = CV_TRUST_WATCH_RENEWED;
      result->detail = g_strdup_printf (_("Renewed with the same key; valid until %s."),
                                        expires);
    }
  else
    {
      result->status = CV_TRUST_WATCH_UNCHANGED;
      result->detail = g_strdup_printf (_("The same certificate; valid until %s."), expires);
    }

  /* Finding: a certificate revoked since read "unchanged" where its issuer was
   * unknown (a private CA the server does not send): what was not checked is said */
  if ((result->status == CV_TRUST_WATCH_UNCHANGED || result->status == CV_TRUST_WATCH_RENEWED ||
       result->status == CV_TRUST_WATCH_EXPIRING) &&
      revocation != NULL &&
      cv_revocation_get_status (revocation) == CV_REVOCATION_STATUS_NOT_CHECKED &&
      cv_revocation_get_method (revocation) != CV_REVOCATION_METHOD_NONE &&
      cv_revocation_get_why (revocation) != NULL)
    {
      g_autofree char *fine = g_steal_pointer (&result->detail);

      /* TRANSLATORS: the first %s is the status in a sentence, the second why the
       * revocation could not be checked */
      result->detail = g_strdup_printf (_("%s Whether it was revoked could not be checked. %s"),
                                        fine, cv_revocation_get_why (revocation));
    }
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
   * (a server silent all along would be as silent to FTP); what FTP finds stands */
  if (report == NULL && tls_first && cv_probe_get_phase (probe) == CV_PROBE_PHASE_HANDSHAKE &&
      !g_error_matches (error, CV_ERROR, CV_ERROR_TIMED_OUT) &&
      /* Text that is no FTP reply (a web server's) says all: TLS is not offered */
      (!is_tls_refused (error) || cv_probe_answered_as_ftp (probe)) &&
      elapsed_ms < (gint64) watch->timeout_ms && !g_cancellable_is_cancelled (job->cancellable))
    {
      g_autoptr(CvProbe) ftp_probe = cv_probe_new (ftp_target);
      g_autoptr(GError) ftp_error = NULL;

      cv_probe_set_timeout_ms (ftp_probe, watch->timeout_ms - (guint) elapsed_ms);
      cv_probe_set_revocation (ftp_probe, watch->revocation);
      report = cv_inspect_gated (ftp_probe, watch->ca_file, job->cancellable, &ftp_error);
      g_set_object (&probe, ftp_probe);
      g_clear_error (&error);
      error = g_steal_pointer (&ftp_error);
    }

  if (report != NULL && cv_report_get_leaf (report) != NULL)
    {
      judge_report (result, watch, report, job->now);
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
    g_debug ("Could not note when the servers were seen: %s", error->message);
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

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       seconds)
{
  g_autofree char *text = seconds != 0 ? cv_format_iso8601 (seconds) : NULL;

  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

char *
cv_trust_watch_results_to_json (GPtrArray *results,
                                gint64     checked)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (results != NULL, NULL);

  if (!cv_json_load (&error))
    {
      g_warning ("%s", error->message);
      return NULL;
    }

  builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_time (builder, "checked", checked);
  json_builder_set_member_name (builder, "servers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    {
      CvTrustWatchResult *result = g_ptr_array_index (results, i);
      const char *decision = cv_trust_entry_get_decision_name (result->entry);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, cv_trust_entry_get_key (result->entry));
      json_builder_set_member_name (builder, "decision");
      json_builder_add_string_value (builder, decision);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder,
                                     cv_trust_watch_status_to_string (result->status));
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, result->detail);
      json_builder_set_member_name (builder, "sha256");
      if (result->sha256 != NULL)
        json_builder_add_string_value (builder, result->sha256);
      else
        json_builder_add_null_value (builder);
      add_time (builder, "not-after", result->not_after);
      add_time (builder, "last-seen", result->last_seen);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  text = cv_json_builder_to_text (builder);
  return g_strconcat (text, "\n", NULL);
}
