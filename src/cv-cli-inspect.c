/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cli-private.h"

#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-inspect.h"
#include "cv-probe.h"
#include "cv-report.h"

#include <stdio.h>

CvReport *
cv_cli_inspect_target (CvCliOptions  *options,
                       CvTarget      *target,
                       GError       **error)
{
  g_autoptr(CvProbe) probe = cv_probe_new (target);

  cv_probe_set_timeout_ms (probe, (guint) (options->timeout * 1000.0));
  cv_probe_set_revocation (probe, options->revocation_mode);
  if (options->sni != NULL)
    cv_probe_set_server_name (probe, options->sni);

  return cv_inspect (probe, options->ca_file, NULL, error);
}

static CvReport *
inspect_demo (CvCliOptions  *options,
              GError       **error)
{
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  CvReport *report;

  factory = cv_cert_factory_new (error);
  if (factory == NULL ||
      !cv_cert_factory_issue (factory, "localhost",
                              CV_CERT_PROBLEM_SELF_SIGNED | CV_CERT_PROBLEM_EXPIRED, 0,
                              &chain_pem, &key_pem, error))
    return NULL;

  server = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);
  if (!cv_demo_server_start (server, "127.0.0.1", error))
    return NULL;

  target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                          CV_PROTOCOL_FTP_EXPLICIT);
  report = cv_cli_inspect_target (options, target, error);
  cv_demo_server_stop (server);
  return report;
}

CvExit
cv_cli_run_inspect (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autofree char *text = NULL;

  if (options->demo)
    {
      report = inspect_demo (options, &error);
    }
  else if (cv_cli_is_file_argument (options->args[0]))
    {
      g_autofree char *path = cv_cli_file_path (options->args[0]);

      report = cv_report_new_for_file (path, options->ca_file, &error);
    }
  else
    {
      CvTarget *target = cv_cli_get_target (options, &error);

      if (target != NULL)
        report = cv_cli_inspect_target (options, target, &error);
    }

  if (report == NULL)
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }

  text = options->json ? cv_report_to_json (report) : cv_report_to_text (report);
  /* NULL: json-glib is missing, which the library has said */
  if (text == NULL)
    return CV_EXIT_FAILED;
  fputs (text, stdout);
  if (!g_str_has_suffix (text, "\n"))
    fputc ('\n', stdout);
  if (fflush (stdout) != 0)
    return CV_EXIT_FAILED;

  return cv_report_get_valid (report) ? CV_EXIT_VALID : CV_EXIT_INVALID;
}
