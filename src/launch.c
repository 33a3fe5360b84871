/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * certview: chooses what does what the command line asks, before any library but
 * the C library is loaded:
 *  - with no option (no argument that begins with "-"), which is always a window
 *    (`certview`, `certview URL`, `certview FILE`): it execs certview-window, in
 *    the same process with the same arguments;
 *  - otherwise it loads the command line, the module certview-cli.so (src/main.c),
 *    with dlopen() and runs it here: it parses the options, does what needs no
 *    window itself and hands the rest to certview-window.
 * The window thus starts after one dynamic link, not two, and the window-less
 * modes cost no second exec(): loading the module links the same libraries a
 * program on them would. Both take the same options and report wrong arguments
 * the same way.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WINDOW_PROGRAM "certview-window"
#define CLI_MODULE "certview-cli.so"

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

typedef int (*CliMainFunc) (int   argc,
                            char *argv[]);

/* Beside this program in a build tree; LIBEXECDIR once installed */
static void
find_part (const char *name,
           char       *path,
           size_t      size,
           int         mode,
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
              access (path, mode) == 0)
            {
              *uninstalled = strncmp (self, BUILD_ROOT "/", strlen (BUILD_ROOT "/")) == 0;
              return;
            }
        }
    }

  snprintf (path, size, "%s/%s", LIBEXECDIR, name);
}

/* Only when something went wrong is a message worth the translations */
static void
set_up_messages (int uninstalled)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, uninstalled ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

/* The command line, loaded into this process; returns only when it cannot be */
static int
run_cli (int   argc,
         char *argv[])
{
  char module[PATH_MAX];
  int uninstalled;
  void *handle;
  CliMainFunc cli_main = NULL;
  int slice_set;
  /* dlerror()'s text lives only until the next call */
  char reason[512];

  find_part (CLI_MODULE, module, sizeof module, R_OK, &uninstalled);

  /* GLib 2.74's slice allocator keeps blocks of each size in magazines of their
   * own, which a short run never fills: plain malloc() takes 84 KiB less of the
   * peak memory of a --dump. GLib reads G_SLICE as its libraries are loaded (GLib
   * 2.76 and later use malloc() anyway); a value of the user's stays, and the
   * variable is gone again before anything this process starts could see it */
  slice_set = getenv ("G_SLICE") == NULL && setenv ("G_SLICE", "always-malloc", 0) == 0;
  handle = dlopen (module, RTLD_LAZY | RTLD_LOCAL);
  if (slice_set)
    unsetenv ("G_SLICE");
  if (handle != NULL)
    cli_main = (CliMainFunc) dlsym (handle, "certview_cli_main");
  if (cli_main != NULL)
    return cli_main (argc, argv);

  snprintf (reason, sizeof reason, "%s", dlerror ());
  set_up_messages (uninstalled);
  fprintf (stderr,
           dgettext (GETTEXT_PACKAGE,
                     "certview: Cannot load the command line %s: %s. Reinstall "
                     "Certview.\n"),
           module, reason);
  /* CV_EXIT_FAILED */
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  char program[PATH_MAX];
  int uninstalled;
  int saved_errno;

  if (!only_operands (argc, argv))
    return run_cli (argc, argv);

  find_part (WINDOW_PROGRAM, program, sizeof program, X_OK, &uninstalled);
  execv (program, argv);
  saved_errno = errno;

  set_up_messages (uninstalled);
  fprintf (stderr,
           dgettext (GETTEXT_PACKAGE,
                     "certview: Cannot start the window program %s: %s. Reinstall Certview, "
                     "or use --dump or --json, which need no window.\n"),
           program, strerror (saved_errno));
  /* CV_EXIT_FAILED */
  return 2;
}
