/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * libcertview-gtk-1: a GTK 4 program includes this header alone (pkg-config
 * certview-gtk-1). It brings the core's, <certview.h>, along.
 */

#include <certview.h>

#include "cv-certificate-view.h"
#include "cv-prompt.h"
#include "cv-report-pane.h"
#include "cv-tls-helper.h"
#include "cv-trust-window.h"
#include "cv-ui-enums.h"
#include "cv-verdict-banner.h"
