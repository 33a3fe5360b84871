/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-report.h"
#include "cv-revocation.h"
#include "cv-target.h"
#include "cv-trust-check.h"

G_BEGIN_DECLS

#define CV_TYPE_INSPECTION (cv_inspection_get_type ())

G_DECLARE_FINAL_TYPE (CvInspection, cv_inspection, CV, INSPECTION, GObject)

/*
 * One run at a time, in the background: an inspection of a server (the probe, then
 * the check against the saved decisions) or the reading of a certificate file.
 * Starting a run cancels the one before; so do cv_inspection_cancel() and the
 * object going away. What happens shows in read-only properties, each notified on
 * change and on the main context that started the run: "busy", "phase" (the
 * progress line, "" when idle), "report" (the result, NULL until there is one),
 * "trust-check" (what the saved decisions make of an inspected report; NULL for a
 * file) and "error" (a GError, why the last run failed). At the end of a run
 * "busy" is notified first, then the result.
 */
CvInspection  *cv_inspection_new                 (void);

/* Extra trust anchors (PEM) for later runs, as --ca-file; NULL for none */
void           cv_inspection_set_ca_file         (CvInspection     *self,
                                                  const char       *ca_file);
const char    *cv_inspection_get_ca_file         (CvInspection     *self);
/* Whole-run deadline of later inspections; 0 for CV_PROBE_DEFAULT_TIMEOUT_MS */
void           cv_inspection_set_timeout_ms      (CvInspection     *self,
                                                  guint             timeout_ms);
void           cv_inspection_set_revocation      (CvInspection     *self,
                                                  CvRevocationMode  mode);
/* The TLS server name (SNI) to send instead of the host's; NULL for the host's */
void           cv_inspection_set_server_name     (CvInspection     *self,
                                                  const char       *server_name);
/* The saved decisions inspections are checked against; NULL for the default store */
void           cv_inspection_set_trust_store_path (CvInspection     *self,
                                                   const char       *path);
const char    *cv_inspection_get_trust_store_path (CvInspection     *self);

/* Inspects @target: the probe, then the saved decisions */
void           cv_inspection_start               (CvInspection     *self,
                                                  CvTarget         *target);
/* Reads a local certificate file (PEM or DER) at @path */
void           cv_inspection_load_file           (CvInspection     *self,
                                                  const char       *path);
/* Stops the current run at once; nothing is reported */
void           cv_inspection_cancel              (CvInspection     *self);

gboolean       cv_inspection_get_busy            (CvInspection     *self);
const char    *cv_inspection_get_phase           (CvInspection     *self);
CvReport      *cv_inspection_get_report          (CvInspection     *self);
CvTrustCheck  *cv_inspection_get_trust_check     (CvInspection     *self);
const GError  *cv_inspection_get_error           (CvInspection     *self);
/* What the last run was about: "host:port", or the display name of the file */
const char    *cv_inspection_get_subject         (CvInspection     *self);
/* The server of the last run; NULL for a file */
CvTarget      *cv_inspection_get_target          (CvInspection     *self);

G_END_DECLS
