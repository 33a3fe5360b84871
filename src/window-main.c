/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * certview-window: what `certview` runs for every mode that opens a window (the
 * window itself, --demo, and --prompt on a display), so that the command-line
 * program itself never loads GTK. It takes the same options.
 */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cli.h"

#include "cv-application.h"
#include "cv-prompt.h"
#include "cv-verifier.h"

#include <glib/gi18n.h>

static int
run_window (CvCliOptions *options,
            char         *program)
{
  g_autoptr(CvApplication) application = NULL;
  char *app_argv[] = { program, NULL };

  /* GApplication registers on the session bus before the window is made; the
   * connection and its authentication go on GDBus's thread meanwhile, while GTK
   * starts, and registering takes the connection made */
  g_bus_get (G_BUS_TYPE_SESSION, NULL, NULL, NULL);

  /* GtkApplication would only warn and exit; say what to do instead */
  if (!gtk_init_check ())
    {
      g_printerr (_("certview: No window can be opened, because no display is available. Use "
                    "--dump or --json to inspect a server without one.\n"));
      return CV_EXIT_FAILED;
    }

  /* GTK reads the icon theme on a thread from when it is first asked for it: from
   * now, while the window is made, not when the window's first icon needs it */
  gtk_icon_theme_get_for_display (gdk_display_get_default ());

  application = cv_application_new ();
  /* The About window's icon, when not installed yet */
  if (cv_cli_is_uninstalled ())
    cv_application_set_icon_dir (application, SOURCE_ICONDIR);
  cv_application_set_ca_file (application, options->ca_file);
  /* Without --timeout the window takes the "timeout" setting */
  if (options->timeout_given)
    cv_application_set_timeout_ms (application, (guint) (options->timeout * 1000.0));
  cv_application_set_server_name (application, options->sni);
  if (options->revocation != NULL)
    cv_application_set_revocation (application, options->revocation_mode);
  cv_application_set_trust_store (application, options->trust_store);

  if (options->demo)
    cv_application_set_demo (application, TRUE);
  else if (options->args != NULL && cv_cli_is_file_argument (options->args[0]))
    {
      g_autofree char *path = cv_cli_file_path (options->args[0]);

      cv_application_set_file (application, path);
    }
  else if (options->target != NULL)
    cv_application_set_target (application, options->target);
  else if (options->target_error != NULL)
    {
      g_printerr ("certview: %s\n", options->target_error->message);
      return CV_EXIT_FAILED;
    }

  /* The options are parsed already: GApplication sees the program name only */
  return g_application_run (G_APPLICATION (application), 1, app_argv);
}

typedef struct
{
  GMainLoop        *loop;
  CvPromptDecision  decision;
  GError           *error;
} PromptRun;

static void
prompt_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PromptRun *run = user_data;

  run->decision = cv_prompt_finish (result, NULL, &run->error);
  g_main_loop_quit (run->loop);
}

/* The window asks; Reject, Escape and closing it all reject */
static int
run_prompt_window (CvCliOptions *options,
                   CvTrustCheck *check)
{
  CvReport *report = cv_trust_check_get_report (check);
  PromptRun run = { 0 };

  g_set_application_name (_("Certview"));
  run.loop = g_main_loop_new (NULL, FALSE);
  cv_prompt_report_async (NULL, report, cv_trust_check_get_host (check),
                          cv_trust_check_get_port (check), options->trust_store, NULL,
                          prompt_done_cb, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);

  if (run.error != NULL)
    {
      g_printerr ("certview: %s\n", run.error->message);
      g_error_free (run.error);
      return CV_EXIT_FAILED;
    }

  if (!cv_prompt_decision_accepts (run.decision))
    {
      g_printerr ("certview: %s\n", _("Rejected."));
      return CV_EXIT_INVALID;
    }

  return cv_cli_prompt_accepted (options, report);
}

/* --prompt: silent when the certificate is already trusted, else asks in a window */
static int
run_prompt (CvCliOptions *options)
{
  g_autoptr(CvTrustCheck) check = NULL;
  CvExit exit_code;

  if (cv_cli_prompt_decide (options, &exit_code, &check))
    return exit_code;

  if (!cv_cli_have_display () || !gtk_init_check ())
    return cv_cli_prompt_no_display (options, check);

  return run_prompt_window (options, check);
}

/* --gapplication-service, as the D-Bus service file runs it: the application owns
 * its name and waits for what the desktop asks, such as a notification's action */
static int
run_service (char *program)
{
  g_autoptr(CvApplication) application = NULL;
  char *app_argv[] = { program, NULL };

  if (!gtk_init_check ())
    {
      g_printerr (_("certview: No window can be opened, because no display is available.\n"));
      return CV_EXIT_FAILED;
    }
  application = cv_application_new_service ();
  return g_application_run (G_APPLICATION (application), 1, app_argv);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(CvCliOptions) options = { 0 };
  CvExit exit_code;

  if (argc == 2 && g_str_equal (argv[1], "--gapplication-service"))
    {
      cv_cli_set_up_locale ();
      return run_service (argv[0]);
    }

  if (!cv_cli_begin (&options, &argc, &argv, &exit_code))
    return exit_code;

  /* Every mode here verifies a certificate soon; the system's anchors take about
   * 10 ms to parse, which can happen while GTK starts */
  cv_verifier_preload (options.ca_file);

  if (cv_cli_is_headless (&options))
    exit_code = cv_cli_run_headless (&options);
  else if (options.prompt)
    exit_code = run_prompt (&options);
  else
    exit_code = run_window (&options, argv[0]);

  /* The pin of an accepted prompt is of no use unless it reached the script */
  return cv_cli_end_output (exit_code);
}
