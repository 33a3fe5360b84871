/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * certview-cli.so: the command line, a module that `certview` (src/launch.c) loads
 * with dlopen() and runs through certview_cli_main(). The modes that need no
 * window (--dump, --json, the saved decisions, and --prompt when it can decide
 * alone) run here, without GTK; the others are handed to certview-window, which
 * takes the same options, by exec() in the same process.
 */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cli.h"
#include "cv-verifier.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <unistd.h>

#define WINDOW_PROGRAM "certview-window"

/* Beside the running program (certview) in a build tree; LIBEXECDIR once installed */
static char *
find_window_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, WINDOW_PROGRAM, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (LIBEXECDIR, WINDOW_PROGRAM, NULL);
}

static int
exec_window (char **argv)
{
  g_autofree char *program = find_window_program ();
  int saved_errno;

  execv (program, argv);
  saved_errno = errno;

  g_printerr (_("certview: Cannot start the window program %s: %s. Reinstall Certview, "
                "or use --dump or --json, which need no window.\n"),
              program, g_strerror (saved_errno));
  return CV_EXIT_FAILED;
}

/* What needs no window. With no display the question is settled here: accepted
 * only when already trusted, never asked. */
static CvExit
run_here (CvCliOptions *options)
{
  g_autoptr(CvTrustCheck) check = NULL;
  CvExit exit_code;

  if (!options->prompt)
    return cv_cli_run_headless (options);

  if (cv_cli_prompt_decide (options, &exit_code, &check))
    return exit_code;
  return cv_cli_prompt_no_display (options, check);
}

/* What certview calls once it has loaded this module: main() of the command line */
__attribute__ ((visibility ("default")))
int certview_cli_main (int argc, char *argv[]);

int
certview_cli_main (int   argc,
                   char *argv[])
{
  g_auto(CvCliOptions) options = { 0 };
  /* Parsing takes the options out of argv; the window program gets them all */
  g_auto(GStrv) original_argv = g_strdupv (argv);
  CvExit exit_code;

  /* --version and --help are output too */
  if (!cv_cli_begin (&options, &argc, &argv, &exit_code))
    return cv_cli_end_output (exit_code);

  if (cv_cli_is_headless (&options) || (options.prompt && !cv_cli_have_display ()))
    {
      /* The system's trust anchors take about 10 ms to parse: while the probe
       * waits on the network, not after it */
      if (options.dump || options.json || options.prompt || options.trust != NULL ||
          options.distrust != NULL)
        cv_verifier_preload (options.ca_file);
      exit_code = run_here (&options);
      return cv_cli_end_output (exit_code);
    }

  return exec_window (original_argv);
}
