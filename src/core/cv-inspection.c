/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-inspection.h"

#include "cv-report-private.h"

#include "cv-error.h"
#include "cv-inspect.h"
#include "cv-probe.h"
#include "cv-trust-check.h"
#include "cv-trust-store.h"

#include <glib/gi18n-lib.h>

struct _CvInspection
{
  GObject           parent_instance;

  char             *ca_file;
  char             *server_name;
  char             *store_path;
  guint             timeout_ms;
  CvRevocationMode  revocation;
  /* Made when first needed; only ever used on workers */
  CvTrustStore     *store;

  /* The current run */
  GCancellable     *cancellable;
  CvProbe          *probe;
  gulong            phase_handler;

  /* What the last run is about, and what came of it */
  char             *subject;
  CvTarget         *target;
  char             *phase;
  CvReport         *report;
  CvTrustCheck     *check;
  GError           *error;
  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (CvInspection, cv_inspection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_PHASE,
  PROP_REPORT,
  PROP_TRUST_CHECK,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_phase (CvInspection *self,
           const char   *phase)
{
  if (g_strcmp0 (self->phase, phase) == 0)
    return;

  g_free (self->phase);
  self->phase = g_strdup (phase);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static void
set_busy (CvInspection *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The result of a run; the trust status is notified before the report it is about */
static void
set_result (CvInspection *self,
            CvReport     *report,
            CvTrustCheck *check,
            GError       *error)
{
  gboolean check_changed = g_set_object (&self->check, check);
  gboolean report_changed = g_set_object (&self->report, report);
  gboolean error_changed = self->error != NULL || error != NULL;

  g_clear_error (&self->error);
  self->error = error != NULL ? g_error_copy (error) : NULL;

  if (check_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUST_CHECK]);
  if (report_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
clear_run (CvInspection *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->probe != NULL)
    g_clear_signal_handler (&self->phase_handler, self->probe);
  g_clear_object (&self->probe);
}

/* Ends the run: idle first, then what came of it */
static void
finish_run (CvInspection *self,
            CvReport     *report,
            CvTrustCheck *check,
            GError       *error)
{
  clear_run (self);
  set_busy (self, FALSE);
  set_phase (self, "");
  set_result (self, report, check, error);
}

static void
begin_run (CvInspection *self,
           const char   *phase,
           const char   *subject,
           CvTarget     *target)
{
  clear_run (self);
  self->cancellable = g_cancellable_new ();

  g_free (self->subject);
  self->subject = g_strdup (subject);
  g_set_object (&self->target, target);

  set_result (self, NULL, NULL, NULL);
  set_phase (self, phase);
  set_busy (self, TRUE);
}

static void
probe_phase_cb (CvProbe      *probe,
                GParamSpec   *pspec,
                CvInspection *self)
{
  CvProbePhase phase = cv_probe_get_phase (probe);

  /* Done with the server, the inspection is not: it asks the certificate's
   * responder (seconds, at worst) and builds the report */
  if (phase == CV_PROBE_PHASE_DONE)
    {
      set_phase (self, cv_probe_get_revocation (probe) == CV_REVOCATION_MODE_ONLINE
                         ? _("Checking revocation…")
                         : cv_probe_phase_get_label (CV_PROBE_PHASE_VERIFYING));
      return;
    }
  set_phase (self, cv_probe_phase_get_label (phase));
}

/* The callbacks of a run get the object unreferenced: disposing of it cancels the
 * run first, and a cancelled run reports G_IO_ERROR_CANCELLED, so they look at it
 * only when the run was not cancelled. */

static void
checked_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CvTrustCheck) check = NULL;
  CvInspection *self;

  check = cv_trust_check_new_finish (result, NULL);
  if (check == NULL)
    return;

  /* Not cancelled, so the object is still there */
  self = CV_INSPECTION (user_data);
  finish_run (self, cv_trust_check_get_report (check), check, NULL);
}

static CvTrustStore *
get_store (CvInspection *self)
{
  if (self->store == NULL)
    self->store = cv_trust_store_new (self->store_path);
  return self->store;
}

/* No TLS from a server with a saved decision: a failure, not a connection error */
typedef struct
{
  CvTrustStore *store;
  CvTarget     *target;
  GError       *probe_error;
} DowngradeRun;

static void
downgrade_run_free (DowngradeRun *run)
{
  g_object_unref (run->store);
  g_object_unref (run->target);
  g_error_free (run->probe_error);
  g_free (run);
}

static void
downgrade_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  DowngradeRun *run = task_data;
  GError *error = NULL;

  if (cv_trust_check_tls_still_offered (run->store, cv_target_get_host (run->target),
                                        cv_target_get_port (run->target), run->probe_error,
                                        &error))
    error = g_error_copy (run->probe_error);
  g_task_return_error (task, error);
}

static void
downgrade_checked_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  /* A run started or cancelled since owns what is shown */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  finish_run (CV_INSPECTION (source_object), NULL, NULL, error);
}

static void
check_downgrade (CvInspection *self,
                 const GError *probe_error)
{
  g_autoptr(GTask) task = NULL;
  DowngradeRun *run = g_new0 (DowngradeRun, 1);

  run->store = g_object_ref (get_store (self));
  run->target = g_object_ref (self->target);
  run->probe_error = g_error_copy (probe_error);

  set_phase (self, _("Checking saved decisions…"));
  task = g_task_new (self, self->cancellable, downgrade_checked_cb, NULL);
  g_task_set_source_tag (task, check_downgrade);
  g_task_set_task_data (task, run, (GDestroyNotify) downgrade_run_free);
  g_task_run_in_thread (task, downgrade_thread);
}

static void
inspected_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  CvInspection *self;

  report = cv_inspect_finish (CV_PROBE (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_INSPECTION (user_data);
  g_assert (g_task_get_cancellable (G_TASK (result)) == self->cancellable);

  if (g_error_matches (error, CV_ERROR, CV_ERROR_TLS_NOT_OFFERED))
    {
      check_downgrade (self, error);
      return;
    }
  if (report == NULL)
    {
      finish_run (self, NULL, NULL, error);
      return;
    }

  set_phase (self, _("Checking saved decisions…"));
  /* An unreadable or unsafe store says nothing here; the check tells, beside the
   * report */
  cv_trust_check_new_async (get_store (self), cv_target_get_host (self->target),
                            cv_target_get_port (self->target), report, self->cancellable,
                            checked_cb, self);
}

typedef struct
{
  char    *path;
  char    *ca_file;
  GThread *caller;  /* the thread that gets the report */
} FileRun;

static void
file_run_free (FileRun *run)
{
  g_free (run->path);
  g_free (run->ca_file);
  g_thread_unref (run->caller);
  g_free (run);
}

static void
load_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FileRun *run = task_data;
  GError *error = NULL;
  CvReport *report;

  report = cv_report_new_for_file (run->path, run->ca_file, &error);
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The window only reads what it gets: the model is built here */
  cv_report_hand_to (report, run->caller);
  g_task_return_pointer (task, report, g_object_unref);
}

static void
file_loaded_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  CvInspection *self;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_INSPECTION (user_data);
  g_assert (g_task_get_cancellable (G_TASK (result)) == self->cancellable);
  finish_run (self, report, NULL, error);
}

static void
cv_inspection_dispose (GObject *object)
{
  CvInspection *self = CV_INSPECTION (object);

  /* A run still going is cancelled; its callback will not look at the object */
  clear_run (self);
  g_clear_object (&self->store);
  g_clear_object (&self->target);
  g_clear_object (&self->report);
  g_clear_object (&self->check);

  G_OBJECT_CLASS (cv_inspection_parent_class)->dispose (object);
}

static void
cv_inspection_finalize (GObject *object)
{
  CvInspection *self = CV_INSPECTION (object);

  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->server_name, g_free);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->phase, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (cv_inspection_parent_class)->finalize (object);
}

static void
cv_inspection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CvInspection *self = CV_INSPECTION (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_PHASE:
      g_value_set_string (value, self->phase);
      break;

    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;

    case PROP_TRUST_CHECK:
      g_value_set_object (value, self->check);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_inspection_class_init (CvInspectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cv_inspection_dispose;
  object_class->finalize = cv_inspection_finalize;
  object_class->get_property = cv_inspection_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_PHASE] =
    g_param_spec_string ("phase", NULL, NULL,
                         "",
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL,
                         CV_TYPE_REPORT,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TRUST_CHECK] =
    g_param_spec_object ("trust-check", NULL, NULL,
                         CV_TYPE_TRUST_CHECK,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cv_inspection_init (CvInspection *self)
{
  self->phase = g_strdup ("");
}

CvInspection *
cv_inspection_new (void)
{
  return g_object_new (CV_TYPE_INSPECTION, NULL);
}

void
cv_inspection_set_ca_file (CvInspection *self,
                           const char   *ca_file)
{
  g_return_if_fail (CV_IS_INSPECTION (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

const char *
cv_inspection_get_ca_file (CvInspection *self)
{
  g_return_val_if_fail (CV_IS_INSPECTION (self), NULL);
  return self->ca_file;
}

void
cv_inspection_set_timeout_ms (CvInspection *self,
                              guint         timeout_ms)
{
  g_return_if_fail (CV_IS_INSPECTION (self));
  self->timeout_ms = timeout_ms;
}

void
cv_inspection_set_revocation (CvInspection     *self,
                              CvRevocationMode  mode)
{
  g_return_if_fail (CV_IS_INSPECTION (self));
  self->revocation = mode;
}

void
cv_inspection_set_server_name (CvInspection *self,
                               const char   *server_name)
{
  g_return_if_fail (CV_IS_INSPECTION (self));

  g_free (self->server_name);
  self->server_name = g_strdup (server_name);
}

void
cv_inspection_set_trust_store_path (CvInspection *self,
                                    const char   *path)
{
  g_return_if_fail (CV_IS_INSPECTION (self));

  if (g_strcmp0 (self->store_path, path) == 0)
    return;
  g_free (self->store_path);
  self->store_path = g_strdup (path);
  g_clear_object (&self->store);
}

const char *
cv_inspection_get_trust_store_path (CvInspection *self)
{
  g_return_val_if_fail (CV_IS_INSPECTION (self), NULL);
  return self->store_path;
}

void
cv_inspection_start (CvInspection *self,
                     CvTarget     *target)
{
  g_autofree char *name = NULL;

  g_return_if_fail (CV_IS_INSPECTION (self));
  g_return_if_fail (CV_IS_TARGET (target));

  name = cv_target_to_string (target);
  begin_run (self, cv_probe_phase_get_label (CV_PROBE_PHASE_RESOLVING), name, target);

  self->probe = cv_probe_new (target);
  cv_probe_set_timeout_ms (self->probe,
                           self->timeout_ms > 0 ? self->timeout_ms : CV_PROBE_DEFAULT_TIMEOUT_MS);
  cv_probe_set_revocation (self->probe, self->revocation);
  if (self->server_name != NULL)
    cv_probe_set_server_name (self->probe, self->server_name);
  self->phase_handler = g_signal_connect (self->probe, "notify::phase",
                                          G_CALLBACK (probe_phase_cb), self);

  cv_inspect_async (self->probe, self->ca_file, self->cancellable, inspected_cb, self);
}

void
cv_inspection_load_file (CvInspection *self,
                         const char   *path)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *basename = NULL;
  FileRun *run;

  g_return_if_fail (CV_IS_INSPECTION (self));
  g_return_if_fail (path != NULL);

  basename = g_filename_display_basename (path);
  begin_run (self, _("Reading the certificate file…"), basename, NULL);

  run = g_new0 (FileRun, 1);
  run->path = g_strdup (path);
  run->ca_file = g_strdup (self->ca_file);
  run->caller = g_thread_ref (g_thread_self ());

  task = g_task_new (NULL, self->cancellable, file_loaded_cb, self);
  g_task_set_source_tag (task, cv_inspection_load_file);
  g_task_set_task_data (task, run, (GDestroyNotify) file_run_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_file_thread);
}

void
cv_inspection_cancel (CvInspection *self)
{
  g_return_if_fail (CV_IS_INSPECTION (self));

  if (!self->busy)
    return;

  clear_run (self);
  set_busy (self, FALSE);
  set_phase (self, "");
}

gboolean
cv_inspection_get_busy (CvInspection *self)
{
  g_return_val_if_fail (CV_IS_INSPECTION (self), FALSE);
  return self->busy;
}

const char *
cv_inspection_get_phase (CvInspection *self)
{
  g_return_val_if_fail (CV_IS_INSPECTION (self), NULL);
  return self->phase;
}

CvReport *
cv_inspection_get_report (CvInspection *self)
{
  g_return_val_if_fail (CV_IS_INSPECTION (self), NULL);
  return self->report;
}

CvTrustCheck *
cv_inspection_get_trust_check (CvInspection *self)
{
  g_return_val_if_fail (CV_IS_INSPECTION (self), NULL);
  return self->check;
}

const GError *
cv_inspection_get_error (CvInspection *self)
{
  g_return_val_if_fail (CV_IS_INSPECTION (self), NULL);
  return self->error;
}

const char *
cv_inspection_get_subject (CvInspection *self)
{
  g_return_val_if_fail (CV_IS_INSPECTION (self), NULL);
  return self->subject;
}

CvTarget *
cv_inspection_get_target (CvInspection *self)
{
  g_return_val_if_fail (CV_IS_INSPECTION (self), NULL);
  return self->target;
}
