/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"
#include "cv-report.h"
#include "cv-revocation.h"
#include "cv-target.h"
#include "cv-trust-check.h"

G_BEGIN_DECLS

#define CV_TYPE_INSPECTION (cv_inspection_get_type ())

/**
 * CvInspection:
 *
 * One run at a time, in the background: an inspection of a server (the probe, then the
 * check against the saved decisions) or the reading of a certificate file. Starting a
 * run cancels the one before; so do cv_inspection_cancel() and the object going away.
 *
 * What happens shows in read-only properties, each notified on change and on the main
 * context that started the run: #CvInspection:busy, #CvInspection:phase (the progress
 * line, "" when idle), #CvInspection:report (the result, %NULL until there is one),
 * #CvInspection:trust-check (what the saved decisions make of an inspected report;
 * %NULL for a file) and #CvInspection:error (why the last run failed). At the end of a
 * run "busy" is notified first, then the result.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvInspection, cv_inspection, CV, INSPECTION, GObject)

/**
 * cv_inspection_new:
 *
 * An inspection with nothing running.
 *
 * Returns: (transfer full): the new inspection
 */
CV_EXPORT
CvInspection  *cv_inspection_new                 (void);

/**
 * cv_inspection_set_ca_file:
 * @self: a #CvInspection
 * @ca_file: (nullable) (type filename): the file, or %NULL for none
 *
 * Extra trust anchors (PEM) for later runs, as --ca-file.
 */
CV_EXPORT
void           cv_inspection_set_ca_file         (CvInspection     *self,
                                                  const char       *ca_file);

/**
 * cv_inspection_get_ca_file:
 * @self: a #CvInspection
 *
 * The extra trust anchors of later runs.
 *
 * Returns: (nullable) (type filename): the file, or %NULL
 */
CV_EXPORT
const char    *cv_inspection_get_ca_file         (CvInspection     *self);

/**
 * cv_inspection_set_timeout_ms:
 * @self: a #CvInspection
 * @timeout_ms: the deadline in milliseconds, or 0 for %CV_PROBE_DEFAULT_TIMEOUT_MS
 *
 * The whole-run deadline of later inspections.
 */
CV_EXPORT
void           cv_inspection_set_timeout_ms      (CvInspection     *self,
                                                  guint             timeout_ms);

/**
 * cv_inspection_set_revocation:
 * @self: a #CvInspection
 * @mode: the mode
 *
 * How later inspections look for the certificate's revocation.
 */
CV_EXPORT
void           cv_inspection_set_revocation      (CvInspection     *self,
                                                  CvRevocationMode  mode);

/**
 * cv_inspection_set_server_name:
 * @self: a #CvInspection
 * @server_name: (nullable): the name, or %NULL for the host's
 *
 * The TLS server name (SNI) later inspections send instead of the host's.
 */
CV_EXPORT
void           cv_inspection_set_server_name     (CvInspection     *self,
                                                  const char       *server_name);

/**
 * cv_inspection_set_trust_store_path:
 * @self: a #CvInspection
 * @path: (nullable) (type filename): the store, or %NULL for the default store
 *
 * The saved decisions later inspections are checked against.
 */
CV_EXPORT
void           cv_inspection_set_trust_store_path (CvInspection     *self,
                                                   const char       *path);

/**
 * cv_inspection_get_trust_store_path:
 * @self: a #CvInspection
 *
 * The saved decisions later inspections are checked against.
 *
 * Returns: (nullable) (type filename): the store, or %NULL for the default one
 */
CV_EXPORT
const char    *cv_inspection_get_trust_store_path (CvInspection     *self);

/**
 * cv_inspection_start:
 * @self: a #CvInspection
 * @target: the server to inspect
 *
 * Inspects @target: the probe, then the saved decisions. Cancels the run before.
 */
CV_EXPORT
void           cv_inspection_start               (CvInspection     *self,
                                                  CvTarget         *target);

/**
 * cv_inspection_load_file:
 * @self: a #CvInspection
 * @path: (type filename): the file
 *
 * Reads a local certificate file (PEM or DER). Cancels the run before.
 */
CV_EXPORT
void           cv_inspection_load_file           (CvInspection     *self,
                                                  const char       *path);

/**
 * cv_inspection_cancel:
 * @self: a #CvInspection
 *
 * Stops the current run at once; nothing is reported.
 */
CV_EXPORT
void           cv_inspection_cancel              (CvInspection     *self);

/**
 * cv_inspection_get_busy:
 * @self: a #CvInspection
 *
 * Whether a run is going on.
 *
 * Returns: %TRUE while a run goes on
 */
CV_EXPORT
gboolean       cv_inspection_get_busy            (CvInspection     *self);

/**
 * cv_inspection_get_phase:
 * @self: a #CvInspection
 *
 * The progress line of the current run.
 *
 * Returns: the phase, "" when idle
 */
CV_EXPORT
const char    *cv_inspection_get_phase           (CvInspection     *self);

/**
 * cv_inspection_get_report:
 * @self: a #CvInspection
 *
 * The result of the last run.
 *
 * Returns: (transfer none) (nullable): the report, or %NULL
 */
CV_EXPORT
CvReport      *cv_inspection_get_report          (CvInspection     *self);

/**
 * cv_inspection_get_trust_check:
 * @self: a #CvInspection
 *
 * What the saved decisions make of the last inspected report.
 *
 * Returns: (transfer none) (nullable): the check, or %NULL (also for a file)
 */
CV_EXPORT
CvTrustCheck  *cv_inspection_get_trust_check     (CvInspection     *self);

/**
 * cv_inspection_get_error:
 * @self: a #CvInspection
 *
 * Why the last run failed.
 *
 * Returns: (transfer none) (nullable): the error, or %NULL
 */
CV_EXPORT
const GError  *cv_inspection_get_error           (CvInspection     *self);

/**
 * cv_inspection_get_subject:
 * @self: a #CvInspection
 *
 * What the last run was about: "host:port", or the display name of the file.
 *
 * Returns: (nullable): the subject, or %NULL before the first run
 */
CV_EXPORT
const char    *cv_inspection_get_subject         (CvInspection     *self);

/**
 * cv_inspection_get_target:
 * @self: a #CvInspection
 *
 * The server of the last run.
 *
 * Returns: (transfer none) (nullable): the target, or %NULL for a file
 */
CV_EXPORT
CvTarget      *cv_inspection_get_target          (CvInspection     *self);

G_END_DECLS
