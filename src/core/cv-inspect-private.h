/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-inspect.h"

G_BEGIN_DECLS

/* cv_inspect() for a thread that works for a window (the saved servers' check):
 * parsing and verifying pass the CPU gate of cv-background-private.h */
CvReport *cv_inspect_gated (CvProbe       *probe,
                            const char    *ca_file,
                            GCancellable  *cancellable,
                            GError       **error);

G_END_DECLS
