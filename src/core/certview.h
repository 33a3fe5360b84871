/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * libcertview-1: a program includes this header alone (pkg-config certview-1).
 * The core needs no GTK: targets, the probe and its report, the saved decisions.
 */

#include "cv-certificate.h"
#include "cv-enums.h"
#include "cv-error.h"
#include "cv-export.h"
#include "cv-field.h"
#include "cv-format.h"
#include "cv-inspect.h"
#include "cv-inspection.h"
#include "cv-probe-result.h"
#include "cv-probe.h"
#include "cv-report.h"
#include "cv-revocation.h"
#include "cv-section.h"
#include "cv-target.h"
#include "cv-trust-check.h"
#include "cv-trust-entry.h"
#include "cv-trust-io.h"
#include "cv-trust-notification.h"
#include "cv-trust-policy.h"
#include "cv-trust-store.h"
#include "cv-trust-watch-result.h"
#include "cv-trust-watch.h"
#include "cv-verdict.h"
#include "cv-verifier.h"
#include "cv-version.h"
