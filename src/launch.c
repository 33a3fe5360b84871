/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * certview: chooses the program that does what the command line asks, before any
 * library but the C library is loaded, and execs it in the same process with the
 * same arguments:
 *  - with no option (no argument that begins with "-"), which is always a window
 *    (`certview`, `certview URL`, `certview FILE`): certview-window, directly;
 *  - otherwise certview-cli (src/main.c), which parses the options, does what
 *    needs no window itself and hands the rest to certview-window.
 * The window thus starts after one dynamic link, not two. Both programs take the
 * same options and report wrong arguments the same way.
 */
#include "config.h"

#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WINDOW_PROGRAM "certview-window"
#define CLI_PROGRAM "certview-cli"

/* Whether @argv holds no option: then each mode it can mean opens a window */
static int
only_operands (int   argc,
               char *argv[])
{
  for (int i = 1; i < argc; i++)
    if (argv[i][0] == '-')
      return 0;
  return 1;
}

/* Beside this program in a build tree; LIBEXECDIR once installed */
static void
find_program (const char *name,
              char       *path,
              size_t      size,
              int        *uninstalled)
{
  char self[PATH_MAX];
  ssize_t len = readlink ("/proc/self/exe", self, sizeof self - 1);
  char *slash;

  *uninstalled = 0;
  if (len > 0)
    {
      self[len] = '\0';
      slash = strrchr (self, '/');
      if (slash != NULL)
        {
          *slash = '\0';
          if ((size_t) snprintf (path, size, "%s/%s", self, name) < size &&
              access (path, X_OK) == 0)
            {
              *uninstalled = strncmp (self, BUILD_ROOT "/", strlen (BUILD_ROOT "/")) == 0;
              return;
            }
        }
    }

  snprintf (path, size, "%s/%s", LIBEXECDIR, name);
}

int
main (int   argc,
      char *argv[])
{
  const char *name = only_operands (argc, argv) ? WINDOW_PROGRAM : CLI_PROGRAM;
  char program[PATH_MAX];
  int uninstalled;
  int saved_errno;

  find_program (name, program, sizeof program, &uninstalled);
  execv (program, argv);
  saved_errno = errno;

  /* Only now is a message worth the translations */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, uninstalled ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  if (strcmp (name, WINDOW_PROGRAM) == 0)
    fprintf (stderr,
             dgettext (GETTEXT_PACKAGE,
                       "certview: Cannot start the window program %s: %s. Reinstall Certview, "
                       "or use --dump or --json, which need no window.\n"),
             program, strerror (saved_errno));
  else
    fprintf (stderr,
             dgettext (GETTEXT_PACKAGE,
                       "certview: Cannot start the command-line program %s: %s. Reinstall "
                       "Certview.\n"),
             program, strerror (saved_errno));
  /* CV_EXIT_FAILED */
  return 2;
}
