/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-probe.h"
#include "cv-report.h"

G_BEGIN_DECLS

/*
 * Runs @probe and builds its report (verification and model) on a worker thread,
 * so that the caller's main loop never waits on the network or on GnuTLS.
 * The probe's "notify::phase" keeps arriving on the caller's main context.
 */
void      cv_inspect_async  (CvProbe              *probe,
                             const char           *ca_file,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data);
CvReport *cv_inspect_finish (CvProbe              *probe,
                             GAsyncResult         *result,
                             GError              **error);
/* The same on the calling thread */
CvReport *cv_inspect        (CvProbe              *probe,
                             const char           *ca_file,
                             GCancellable         *cancellable,
                             GError              **error);

G_END_DECLS
