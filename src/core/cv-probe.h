/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-enums.h"
#include "cv-export.h"
#include "cv-probe-result.h"
#include "cv-revocation.h"
#include "cv-target.h"

G_BEGIN_DECLS

/**
 * CvProbePhase:
 * @CV_PROBE_PHASE_RESOLVING: looking the host's addresses up
 * @CV_PROBE_PHASE_CONNECTING: connecting to one of them
 * @CV_PROBE_PHASE_GREETING: waiting for the FTP server's greeting
 * @CV_PROBE_PHASE_AUTH_TLS: asking the FTP server for TLS (`AUTH TLS`)
 * @CV_PROBE_PHASE_HANDSHAKE: the TLS handshake
 * @CV_PROBE_PHASE_VERIFYING: reading what the server sent
 * @CV_PROBE_PHASE_DONE: the connection is over and the certificates are in hand.
 *   cv_inspect_async() then still checks revocation (online with
 *   %CV_REVOCATION_MODE_ONLINE, within the probe's timeout) and builds the report
 *   before it calls back: a progress line should not say "done" until then
 *   (Certview's says "Checking revocation…").
 *
 * Where a probe is, as #CvProbe:phase says.
 */
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

/**
 * cv_probe_phase_get_label:
 * @phase: the phase
 *
 * The phase for a progress line, translated and without the host: "Resolving…".
 *
 * Returns: the label
 */
CV_EXPORT
const char *cv_probe_phase_get_label (CvProbePhase phase);

/* Upper bound on the certificates a server may send */
#define CV_PROBE_MAX_CHAIN 150

#define CV_PROBE_DEFAULT_TIMEOUT_MS 15000

#define CV_TYPE_PROBE (cv_probe_get_type ())

/**
 * CvProbe:
 *
 * One connection to a server that collects what it presents: the certificate chain,
 * stapled OCSP responses and the TLS parameters. It judges nothing; cv_inspect_async()
 * builds the report.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvProbe, cv_probe, CV, PROBE, GObject)

/**
 * cv_probe_new:
 * @target: a #CvTarget
 *
 * A probe of @target; nothing happens until it runs.
 *
 * Returns: (transfer full): the new probe
 */
CV_EXPORT
CvProbe       *cv_probe_new             (CvTarget             *target);

/**
 * cv_probe_set_timeout_ms:
 * @self: a #CvProbe
 * @timeout_ms: the deadline in milliseconds; 0 for the default
 *
 * Sets the whole probe's deadline, from the start of the run; the default is
 * %CV_PROBE_DEFAULT_TIMEOUT_MS, which 0 also sets (a probe never waits without a
 * bound).
 */
CV_EXPORT
void           cv_probe_set_timeout_ms  (CvProbe              *self,
                                         guint                 timeout_ms);

/**
 * cv_probe_set_server_name:
 * @self: a #CvProbe
 * @server_name: (nullable): the name, or %NULL for the default
 *
 * Overrides the TLS server name (SNI) sent and checked; by default the target's host,
 * unless it is an IP address.
 */
CV_EXPORT
void           cv_probe_set_server_name (CvProbe              *self,
                                         const char           *server_name);

/**
 * cv_probe_get_timeout_ms:
 * @self: a #CvProbe
 *
 * The whole probe's deadline.
 *
 * Returns: the deadline in milliseconds
 */
CV_EXPORT
guint          cv_probe_get_timeout_ms  (CvProbe              *self);

/**
 * cv_probe_set_revocation:
 * @self: a #CvProbe
 * @mode: the mode
 *
 * How cv_inspect() looks for the certificate's revocation; the default is
 * %CV_REVOCATION_MODE_ONLINE.
 */
CV_EXPORT
void           cv_probe_set_revocation  (CvProbe              *self,
                                         CvRevocationMode      mode);

/**
 * cv_probe_get_revocation:
 * @self: a #CvProbe
 *
 * How the run looks for the certificate's revocation.
 *
 * Returns: the mode
 */
CV_EXPORT
CvRevocationMode cv_probe_get_revocation (CvProbe             *self);

/**
 * cv_probe_get_phase:
 * @self: a #CvProbe
 *
 * The phase last reported. #GObject::notify for "phase" follows the run as
 * cv_probe_run() and cv_probe_run_for_context() say.
 *
 * Returns: the phase
 */
CV_EXPORT
CvProbePhase   cv_probe_get_phase       (CvProbe              *self);

/**
 * cv_probe_run:
 * @self: a #CvProbe
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Runs the probe on the calling thread, blocking; phase changes are notified on the
 * calling thread.
 *
 * Returns: (transfer full): what the probe learnt, or %NULL with @error set
 */
CV_EXPORT
CvProbeResult *cv_probe_run             (CvProbe              *self,
                                         GCancellable         *cancellable,
                                         GError              **error);

/**
 * cv_probe_run_for_context:
 * @self: a #CvProbe
 * @context: (nullable): the main context for the notifications, or %NULL for the global
 *   default one
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Runs the probe on the calling thread, as part of a larger job on a worker thread;
 * #GObject::notify for "phase" is emitted on @context.
 *
 * Returns: (transfer full): what the probe learnt, or %NULL with @error set
 */
CV_EXPORT
CvProbeResult *cv_probe_run_for_context (CvProbe             *self,
                                         GMainContext         *context,
                                         GCancellable         *cancellable,
                                         GError              **error);

G_END_DECLS
