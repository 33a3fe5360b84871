/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"
#include "cv-probe.h"
#include "cv-report.h"

G_BEGIN_DECLS

/**
 * cv_inspect_async:
 * @probe: a #CvProbe
 * @ca_file: (nullable) (type filename): extra trust anchors (PEM), or %NULL
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async): called when the operation is done
 * @user_data: (closure): data for @callback
 *
 * Runs @probe and builds its report (verification and model) on a worker thread, so
 * that the caller's main loop never waits on the network or on GnuTLS. The probe's
 * #GObject::notify for "phase" keeps arriving on the caller's thread-default main
 * context; after %CV_PROBE_PHASE_DONE the revocation check and the report follow.
 */
CV_EXPORT
void      cv_inspect_async  (CvProbe              *probe,
                             const char           *ca_file,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data);

/**
 * cv_inspect_finish:
 * @probe: the #CvProbe given to cv_inspect_async()
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes cv_inspect_async().
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
CV_EXPORT
CvReport *cv_inspect_finish (CvProbe              *probe,
                             GAsyncResult         *result,
                             GError              **error);

/**
 * cv_inspect:
 * @probe: a #CvProbe
 * @ca_file: (nullable) (type filename): extra trust anchors (PEM), or %NULL
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Runs @probe and builds its report on the calling thread, blocking. The report's
 * verdict is settled; its model is built when first read (see #CvReport).
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
CV_EXPORT
CvReport *cv_inspect        (CvProbe              *probe,
                             const char           *ca_file,
                             GCancellable         *cancellable,
                             GError              **error);

G_END_DECLS
