/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-error.h"

G_BEGIN_DECLS

/* Marks @error (of CV_ERROR) with @remedy; @problem is its message without the
 * sentence that says what to do (cv_error_get_remedy()) */
void cv_error_set_remedy (GError        *error,
                          CvErrorRemedy  remedy,
                          const char    *problem);

G_END_DECLS
