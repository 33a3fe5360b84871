/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-report.h"
#include "cv-probe-result.h"

#include <glib/gi18n.h>

G_BEGIN_DECLS

/* The banner's "Server: host:port", and the name the certificate was asked for
 * (SNI) when it is not the host's: decisions are kept per host and port, while
 * the certificate was checked against that name */
static inline char *
cv_server_subject (const char *key,
                   const char *host,
                   CvReport   *report)
{
  CvProbeResult *result = report != NULL ? cv_report_get_probe_result (report) : NULL;
  const char *name = result != NULL ? cv_probe_result_get_server_name (result) : NULL;

  if (name != NULL && host != NULL && g_ascii_strcasecmp (name, host) != 0)
    /* TRANSLATORS: in the banner; the first %s is "host:port", the second the name
     * sent to the server (SNI) and checked against the certificate */
    return g_strdup_printf (_("Server: %s, asked for %s"), key, name);

  /* TRANSLATORS: in the banner; %s is "host:port" */
  return g_strdup_printf (_("Server: %s"), key);
}

G_END_DECLS
