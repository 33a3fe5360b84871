/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-enums.h"
#include "cv-probe-result.h"
#include "cv-revocation.h"
#include "cv-target.h"

G_BEGIN_DECLS

typedef enum
{
  CV_PROBE_PHASE_RESOLVING,
  CV_PROBE_PHASE_CONNECTING,
  CV_PROBE_PHASE_GREETING,
  CV_PROBE_PHASE_AUTH_TLS,
  CV_PROBE_PHASE_HANDSHAKE,
  CV_PROBE_PHASE_VERIFYING,
  CV_PROBE_PHASE_DONE,
} CvProbePhase;

/* Translated: "Resolving ftp.example.com…" style labels without the host: "Resolving…" */
const char *cv_probe_phase_get_label (CvProbePhase phase);

/* Upper bound on the certificates a server may send */
#define CV_PROBE_MAX_CHAIN 150

#define CV_PROBE_DEFAULT_TIMEOUT_MS 15000

#define CV_TYPE_PROBE (cv_probe_get_type ())

G_DECLARE_FINAL_TYPE (CvProbe, cv_probe, CV, PROBE, GObject)

CvProbe       *cv_probe_new             (CvTarget             *target);
/* Whole-probe deadline, from the start of the run; default CV_PROBE_DEFAULT_TIMEOUT_MS */
void           cv_probe_set_timeout_ms  (CvProbe              *self,
                                         guint                 timeout_ms);
/* Overrides the SNI name (default: the target's host unless it is an IP literal) */
void           cv_probe_set_server_name (CvProbe              *self,
                                         const char           *server_name);
guint          cv_probe_get_timeout_ms  (CvProbe              *self);
/* How cv_inspect() looks for the certificate's revocation; default online */
void           cv_probe_set_revocation  (CvProbe              *self,
                                         CvRevocationMode      mode);
CvRevocationMode cv_probe_get_revocation (CvProbe             *self);
/* The phase last reported; "notify::phase" follows the run as cv_probe_run() and
 * cv_probe_run_for_context() say. */
CvProbePhase   cv_probe_get_phase       (CvProbe              *self);

/* Runs the probe on the calling thread, for the command line; phase changes are
 * notified on the calling thread */
CvProbeResult *cv_probe_run             (CvProbe              *self,
                                         GCancellable         *cancellable,
                                         GError              **error);

/* For a worker thread that runs the probe as part of a larger job: the work runs on
 * the calling thread and "notify::phase" is emitted on @context */
CvProbeResult *cv_probe_run_for_context (CvProbe             *self,
                                         GMainContext         *context,
                                         GCancellable         *cancellable,
                                         GError              **error);

G_END_DECLS
