/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-probe.h"
#include "cv-probe-private.h"

#include "cv-ftp-reply.h"

#include <glib/gi18n-lib.h>

struct _CvProbe
{
  GObject       parent_instance;

  CvTarget     *target;
  guint         timeout_ms;
  /* What a timeout's message says, when not timeout_ms (cv_probe_set_shown_timeout_ms()) */
  guint         shown_timeout_ms;
  char         *server_name;
  CvProbePhase  phase;
  /* Whether "phase" was ever notified: the first run's Resolving is the phase the
   * probe starts with, and is said all the same */
  gboolean      phase_notified;
  CvRevocationMode revocation;
  /* Of the last run, set on its thread: see cv_probe_answered_as_ftp() */
  gint          answered_as_ftp;
  gint          answered_with_tls;
};

G_DEFINE_FINAL_TYPE (CvProbe, cv_probe, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TARGET,
  PROP_TIMEOUT_MS,
  PROP_SERVER_NAME,
  PROP_PHASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The worker's inputs, copied when the run starts: never changed afterwards */
typedef struct
{
  CvTarget     *target;
  guint         timeout_ms;
  guint         shown_timeout_ms;
  char         *server_name;
  /* Only for a run whose phase changes go to another thread's context */
  CvProbe      *probe;
  /* The probe run, which outlives the run (not a reference) */
  CvProbe      *owner;
  /* Where those phase changes are pushed (cv-delivery-private.h) */
  CvDelivery   *delivery;
  /* The run's, so that no phase arrives after it was cancelled */
  GCancellable *cancellable;
  CvProbeWaitFunc first_wait;
  gpointer      first_wait_data;
} ProbeInput;

const char *
cv_probe_phase_get_label (CvProbePhase phase)
{
  switch (phase)
    {
    case CV_PROBE_PHASE_RESOLVING:
      return _("Resolving…");
    case CV_PROBE_PHASE_CONNECTING:
      return _("Connecting…");
    case CV_PROBE_PHASE_GREETING:
      return _("Waiting for the greeting…");
    case CV_PROBE_PHASE_AUTH_TLS:
      return _("Sending AUTH TLS…");
    case CV_PROBE_PHASE_HANDSHAKE:
      return _("TLS handshake…");
    case CV_PROBE_PHASE_VERIFYING:
      return _("Verifying…");
    case CV_PROBE_PHASE_DONE:
      return _("Done");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The SNI name to send: the override ("" for none), else a DNS host name */
static const char *
choose_server_name (ProbeInput *input)
{
  if (input->server_name != NULL)
    return input->server_name[0] != '\0' ? input->server_name : NULL;

  if (!cv_target_is_ip_literal (input->target))
    return cv_target_get_host (input->target);

  return NULL;
}

static CvProbeResult *
probe_run (ProbeInput        *input,
           GCancellable      *cancellable,
           CvProbePhaseFunc   report,
           gpointer           report_data,
           GError           **error)
{
  g_auto(CvProbeConn) c = { .fd = -1 };
  g_autoptr(GArray) addresses = NULL;
  g_autofree char *greeting = NULL;
  g_autoptr(CvProbeResult) result = NULL;
  CvProtocol protocol = cv_target_get_protocol (input->target);

  c.cancellable = cancellable;
  c.timeout_ms = input->shown_timeout_ms != 0 ? input->shown_timeout_ms : input->timeout_ms;
  c.deadline = g_get_monotonic_time () + (gint64) input->timeout_ms * 1000;
  c.first_wait = input->first_wait;
  c.first_wait_data = input->first_wait_data;
  c.host = cv_target_get_host (input->target);
  c.port = cv_target_get_port (input->target);
  c.target_string = cv_target_to_string (input->target);
  c.buf = g_malloc (CV_FTP_MAX_REPLY);

  report (CV_PROBE_PHASE_RESOLVING, report_data);
  c.step = CV_PROBE_STEP_RESOLVE;
  addresses = cv_probe_conn_resolve (&c, error);
  if (addresses == NULL)
    return NULL;

  report (CV_PROBE_PHASE_CONNECTING, report_data);
  c.step = CV_PROBE_STEP_CONNECT;
  if (!cv_probe_conn_connect (&c, addresses, error))
    return NULL;

  if (protocol == CV_PROTOCOL_FTP_EXPLICIT)
    {
      report (CV_PROBE_PHASE_GREETING, report_data);
      greeting = cv_probe_ftp_read_greeting (&c, error);
      if (greeting == NULL)
        return NULL;

      report (CV_PROBE_PHASE_AUTH_TLS, report_data);
      if (!cv_probe_ftp_auth_tls (&c, error))
        return NULL;
    }

  report (CV_PROBE_PHASE_HANDSHAKE, report_data);
  result = cv_probe_tls_handshake (&c, input->target, choose_server_name (input), greeting,
                                   report, report_data, error);
  if (input->owner != NULL)
    {
      g_atomic_int_set (&input->owner->answered_as_ftp, c.answered_as_ftp);
      g_atomic_int_set (&input->owner->answered_with_tls, c.answered_with_tls);
    }
  if (result == NULL)
    return NULL;

  report (CV_PROBE_PHASE_DONE, report_data);
  return g_steal_pointer (&result);
}

static ProbeInput *
probe_input_new (CvProbe *self)
{
  ProbeInput *input = g_new0 (ProbeInput, 1);

  input->target = g_object_ref (self->target);
  input->timeout_ms = self->timeout_ms;
  input->shown_timeout_ms = self->shown_timeout_ms;
  input->server_name = g_strdup (self->server_name);
  return input;
}

static void
probe_input_free (ProbeInput *input)
{
  g_clear_object (&input->target);
  g_clear_pointer (&input->server_name, g_free);
  g_clear_object (&input->probe);
  g_clear_pointer (&input->delivery, cv_delivery_unref);
  g_clear_object (&input->cancellable);
  g_free (input);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProbeInput, probe_input_free)

static void
cv_probe_set_phase (CvProbe      *self,
                    CvProbePhase  phase)
{
  if (self->phase == phase && self->phase_notified)
    return;

  self->phase = phase;
  self->phase_notified = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static void
report_phase_sync (CvProbePhase phase,
                   gpointer     user_data)
{
  cv_probe_set_phase (CV_PROBE (user_data), phase);
}

typedef struct
{
  CvProbe      *probe;
  CvProbePhase  phase;
  GCancellable *cancellable;
} PhaseUpdate;

static void
phase_update_free (gpointer data)
{
  PhaseUpdate *update = data;

  g_clear_object (&update->probe);
  g_clear_object (&update->cancellable);
  g_free (update);
}

static gboolean
phase_update_cb (gpointer data)
{
  PhaseUpdate *update = data;

  /* A cancelled run is over for the caller, whose callback may have run (and
   * freed what the phase handlers use) before this update came through */
  if (!g_cancellable_is_cancelled (update->cancellable))
    cv_probe_set_phase (update->probe, update->phase);
  return G_SOURCE_REMOVE;
}

/* Runs in the worker: the probe object is only touched on the caller's context */
static void
report_phase_async (CvProbePhase phase,
                    gpointer     user_data)
{
  ProbeInput *input = user_data;
  PhaseUpdate *update = g_new0 (PhaseUpdate, 1);

  update->probe = g_object_ref (input->probe);
  update->phase = phase;
  if (input->cancellable != NULL)
    update->cancellable = g_object_ref (input->cancellable);
  cv_delivery_push (input->delivery, phase_update_cb, update, phase_update_free);
}

static void
cv_probe_finalize (GObject *object)
{
  CvProbe *self = CV_PROBE (object);

  g_clear_object (&self->target);
  g_clear_pointer (&self->server_name, g_free);

  G_OBJECT_CLASS (cv_probe_parent_class)->finalize (object);
}

static void
cv_probe_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CvProbe *self = CV_PROBE (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;

    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;

    case PROP_SERVER_NAME:
      g_value_set_string (value, self->server_name);
      break;

    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_probe_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CvProbe *self = CV_PROBE (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      self->target = g_value_dup_object (value);
      break;

    case PROP_TIMEOUT_MS:
      cv_probe_set_timeout_ms (self, g_value_get_uint (value));
      break;

    case PROP_SERVER_NAME:
      cv_probe_set_server_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_probe_class_init (CvProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cv_probe_finalize;
  object_class->get_property = cv_probe_get_property;
  object_class->set_property = cv_probe_set_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL,
                         CV_TYPE_TARGET,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL,
                       0, G_MAXUINT, CV_PROBE_DEFAULT_TIMEOUT_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_SERVER_NAME] =
    g_param_spec_string ("server-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL,
                       CV_TYPE_PROBE_PHASE,
                       CV_PROBE_PHASE_RESOLVING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cv_probe_init (CvProbe *self)
{
  self->timeout_ms = CV_PROBE_DEFAULT_TIMEOUT_MS;
  self->phase = CV_PROBE_PHASE_RESOLVING;
}

CvProbe *
cv_probe_new (CvTarget *target)
{
  g_return_val_if_fail (CV_IS_TARGET (target), NULL);

  return g_object_new (CV_TYPE_PROBE, "target", target, NULL);
}

/* 0 restores the default */
void
cv_probe_set_timeout_ms (CvProbe *self,
                         guint    timeout_ms)
{
  g_return_if_fail (CV_IS_PROBE (self));

  if (timeout_ms == 0)
    timeout_ms = CV_PROBE_DEFAULT_TIMEOUT_MS;

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

/* NULL: the target's host when it is a DNS name; "": send no server name at all */
void
cv_probe_set_server_name (CvProbe    *self,
                          const char *server_name)
{
  g_return_if_fail (CV_IS_PROBE (self));

  if (g_strcmp0 (self->server_name, server_name) == 0)
    return;

  g_free (self->server_name);
  self->server_name = g_strdup (server_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_NAME]);
}

void
cv_probe_set_shown_timeout_ms (CvProbe *self,
                               guint    timeout_ms)
{
  g_return_if_fail (CV_IS_PROBE (self));
  self->shown_timeout_ms = timeout_ms;
}

guint
cv_probe_get_timeout_ms (CvProbe *self)
{
  g_return_val_if_fail (CV_IS_PROBE (self), 0);
  return self->timeout_ms;
}

void
cv_probe_set_revocation (CvProbe          *self,
                         CvRevocationMode  mode)
{
  g_return_if_fail (CV_IS_PROBE (self));
  self->revocation = mode;
}

CvRevocationMode
cv_probe_get_revocation (CvProbe *self)
{
  g_return_val_if_fail (CV_IS_PROBE (self), CV_REVOCATION_MODE_ONLINE);
  return self->revocation;
}

gboolean
cv_probe_answered_as_ftp (CvProbe *self)
{
  g_return_val_if_fail (CV_IS_PROBE (self), FALSE);
  return g_atomic_int_get (&self->answered_as_ftp);
}

gboolean
cv_probe_answered_with_tls (CvProbe *self)
{
  g_return_val_if_fail (CV_IS_PROBE (self), FALSE);
  return g_atomic_int_get (&self->answered_with_tls);
}

CvProbePhase
cv_probe_get_phase (CvProbe *self)
{
  g_return_val_if_fail (CV_IS_PROBE (self), CV_PROBE_PHASE_RESOLVING);

  return self->phase;
}

void
cv_probe_begin (CvProbe *self)
{
  g_return_if_fail (CV_IS_PROBE (self));

  cv_probe_set_phase (self, CV_PROBE_PHASE_RESOLVING);
}

/* A run that reports its phases on this thread (@delivery NULL) or through
 * @delivery */
static CvProbeResult *
run_reporting (CvProbe          *self,
               CvDelivery       *delivery,
               CvProbeWaitFunc   first_wait,
               gpointer          data,
               GCancellable     *cancellable,
               GError          **error)
{
  g_autoptr(ProbeInput) input = NULL;

  g_return_val_if_fail (CV_IS_PROBE (self), NULL);
  /* One made by g_object_new() (a binding's constructor) without a target */
  g_return_val_if_fail (CV_IS_TARGET (self->target), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input = probe_input_new (self);
  input->owner = self;
  g_atomic_int_set (&self->answered_as_ftp, FALSE);
  g_atomic_int_set (&self->answered_with_tls, FALSE);
  input->first_wait = first_wait;
  input->first_wait_data = data;
  if (delivery == NULL)
    return probe_run (input, cancellable, report_phase_sync, self, error);

  input->probe = g_object_ref (self);
  input->delivery = cv_delivery_ref (delivery);
  if (cancellable != NULL)
    input->cancellable = g_object_ref (cancellable);
  return probe_run (input, cancellable, report_phase_async, input, error);
}

CvProbeResult *
cv_probe_run_full (CvProbe          *self,
                   CvProbeWaitFunc   first_wait,
                   gpointer          data,
                   GCancellable     *cancellable,
                   GError          **error)
{
  return run_reporting (self, NULL, first_wait, data, cancellable, error);
}

CvProbeResult *
cv_probe_run_delivering (CvProbe          *self,
                         CvDelivery       *delivery,
                         CvProbeWaitFunc   first_wait,
                         gpointer          data,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_return_val_if_fail (delivery != NULL, NULL);

  return run_reporting (self, delivery, first_wait, data, cancellable, error);
}

CvProbeResult *
cv_probe_run (CvProbe       *self,
              GCancellable  *cancellable,
              GError       **error)
{
  return cv_probe_run_full (self, NULL, NULL, cancellable, error);
}

static gboolean
close_delivery_cb (gpointer data)
{
  cv_delivery_close (data);
  return G_SOURCE_REMOVE;
}

CvProbeResult *
cv_probe_run_for_context (CvProbe       *self,
                          GMainContext  *context,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(CvDelivery) delivery = NULL;
  CvProbeResult *result;

  g_return_val_if_fail (CV_IS_PROBE (self), NULL);

  delivery = cv_delivery_new (context != NULL ? context : g_main_context_default ());
  result = cv_probe_run_delivering (self, delivery, NULL, NULL, cancellable, error);
  /* After the last phase, on the context's thread */
  cv_delivery_push (delivery, close_delivery_cb, cv_delivery_ref (delivery),
                    (GDestroyNotify) cv_delivery_unref);
  return result;
}
