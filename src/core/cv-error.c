/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-error.h"

G_DEFINE_QUARK (cv-error-quark, cv_error)
