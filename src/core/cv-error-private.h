/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-error.h"

G_BEGIN_DECLS

/* Sets @error to @problem followed by the sentence that says what to do about
 * it, in words any program can show, and marks it with @remedy
 * (cv_error_get_remedy()) */
void cv_error_set_with_remedy (GError        **error,
                               CvError         code,
                               CvErrorRemedy   remedy,
                               const char     *problem);

G_END_DECLS
