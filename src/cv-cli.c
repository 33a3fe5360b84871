/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cli.h"

#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-error.h"
#include "cv-inspect.h"
#include "cv-probe.h"
#include "cv-report.h"
#include "cv-target.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <stdio.h>

#define MAX_TIMEOUT_SECONDS 3600.0

gboolean
cv_cli_parse (CvCliOptions   *options,
              int            *argc,
              char         ***argv,
              GError        **error)
{
  const GOptionEntry entries[] = {
    { "dump", 'd', 0, G_OPTION_ARG_NONE, &options->dump,
      N_("Print the certificate tree as text, with no window"), NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print the certificate tree as JSON, with no window"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options->ca_file,
      N_("Trust the certificate authorities in FILE too (PEM)"), N_("FILE") },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &options->timeout,
      N_("Give up on the server after SECONDS (default 15)"), N_("SECONDS") },
    { "sni", 0, 0, G_OPTION_ARG_STRING, &options->sni,
      N_("Send NAME as the TLS server name and check the certificate against it"),
      N_("NAME") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options->demo,
      N_("Inspect the built-in demo server, whose certificate is self-signed and expired"),
      NULL },
    { "version", 'v', 0, G_OPTION_ARG_NONE, &options->version,
      N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->args,
      NULL, N_("[URL|FILE]") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;

  options->timeout = CV_PROBE_DEFAULT_TIMEOUT_MS / 1000.0;

  context = g_option_context_new (N_("[URL|FILE]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Inspect the certificate of an FTPS or TLS server, or of a certificate file."));
  g_option_context_set_description (context,
    _("URL is host, host:port, [IPv6]:port, or ftp://, ftpes:// (FTP with AUTH TLS),\n"
      "ftps:// (implicit FTPS), https:// or tls:// (direct TLS) followed by the host.\n"
      "\n"
      "Exit status: 0 valid, 1 invalid, 2 could not connect, handshake or parse."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (!(options->timeout > 0 && options->timeout <= MAX_TIMEOUT_SECONDS))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--timeout takes a number of seconds greater than 0 and at most %.0f"),
                   MAX_TIMEOUT_SECONDS);
      return FALSE;
    }

  if (options->args != NULL && g_strv_length (options->args) > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Give one server or file at a time, not %u"),
                   g_strv_length (options->args));
      return FALSE;
    }

  if (options->demo && options->args != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--demo inspects the built-in server; leave out the URL"));
      return FALSE;
    }

  if (options->dump && options->json)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Choose either --dump or --json"));
      return FALSE;
    }

  if ((options->dump || options->json) && options->args == NULL && !options->demo)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--dump and --json need a server URL or a certificate file"));
      return FALSE;
    }

  return TRUE;
}

void
cv_cli_options_clear (CvCliOptions *options)
{
  g_clear_pointer (&options->ca_file, g_free);
  g_clear_pointer (&options->sni, g_free);
  g_clear_pointer (&options->args, g_strfreev);
}

/* An argument names a file when it has no scheme and a regular file of that name exists */
static gboolean
is_file_argument (const char *arg)
{
  return strstr (arg, "://") == NULL && g_file_test (arg, G_FILE_TEST_IS_REGULAR);
}

static CvReport *
inspect_target (CvCliOptions  *options,
                CvTarget      *target,
                GError       **error)
{
  g_autoptr(CvProbe) probe = cv_probe_new (target);

  cv_probe_set_timeout_ms (probe, (guint) (options->timeout * 1000.0));
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

  target = cv_target_new ("127.0.0.1", cv_demo_server_get_port (server),
                          CV_PROTOCOL_FTP_EXPLICIT);
  if (options->sni == NULL)
    options->sni = g_strdup ("localhost");
  report = inspect_target (options, target, error);
  cv_demo_server_stop (server);
  return report;
}

CvExit
cv_cli_run_headless (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autofree char *text = NULL;

  if (options->demo)
    {
      report = inspect_demo (options, &error);
    }
  else if (is_file_argument (options->args[0]))
    {
      report = cv_report_new_for_file (options->args[0], options->ca_file, &error);
    }
  else
    {
      g_autoptr(CvTarget) target = cv_target_parse (options->args[0],
                                                    CV_PROTOCOL_FTP_EXPLICIT, &error);

      if (target != NULL)
        report = inspect_target (options, target, &error);
    }

  if (report == NULL)
    {
      g_printerr ("certview: %s\n", error->message);
      return CV_EXIT_FAILED;
    }

  text = options->json ? cv_report_to_json (report) : cv_report_to_text (report);
  fputs (text, stdout);
  if (!g_str_has_suffix (text, "\n"))
    fputc ('\n', stdout);
  if (fflush (stdout) != 0)
    return CV_EXIT_FAILED;

  return cv_report_get_valid (report) ? CV_EXIT_VALID : CV_EXIT_INVALID;
}
