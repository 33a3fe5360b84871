/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cli.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

static gboolean
have_display (void)
{
  return g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
}

/* --prompt: silent when the certificate is already trusted, else asks in a window */
static int
run_prompt (CvCliOptions *options)
{
  g_autoptr(CvReport) report = NULL;
  g_autoptr(CvTarget) target = NULL;
  CvTrustStatus status;
  CvExit exit_code;

  if (cv_cli_prompt_decide (options, &exit_code, &report, &target, &status))
    return exit_code;

  if (!have_display ())
    return cv_cli_prompt_no_display (options, status);

  return cv_cli_prompt_no_display (options, status);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(CvCliOptions) options = { 0 };
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!cv_cli_parse (&options, &argc, &argv, &error))
    {
      g_printerr ("certview: %s\n", error->message);
      g_printerr (_("Run “certview --help” to see the options.\n"));
      return CV_EXIT_FAILED;
    }

  if (options.version)
    {
      g_print ("certview %s\n", PACKAGE_VERSION);
      return CV_EXIT_VALID;
    }

  if (cv_cli_is_headless (&options))
    return cv_cli_run_headless (&options);

  if (options.prompt)
    return run_prompt (&options);

  g_printerr ("certview: %s\n", _("The window is not built yet; use --dump or --json."));
  return CV_EXIT_FAILED;
}
