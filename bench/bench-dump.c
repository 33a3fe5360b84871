/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "cv-inspect.h"

#include <locale.h>

/*
 * bench-dump [--ca-file FILE] URL: what certview --dump does, in a program that
 * links the core only. Set beside certview --dump, it shows what loading GTK and
 * its libraries costs a command line run that never opens a window.
 */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *ca_file = NULL;

  setlocale (LC_ALL, "");

  if (argc == 4 && g_str_equal (argv[1], "--ca-file"))
    ca_file = argv[2];
  else if (argc != 2)
    {
      g_printerr ("usage: bench-dump [--ca-file FILE] URL\n");
      return 2;
    }

  target = cv_target_parse (argv[argc - 1], CV_PROTOCOL_FTP_EXPLICIT, &error);
  if (target == NULL)
    {
      g_printerr ("bench-dump: %s\n", error->message);
      return 2;
    }

  probe = cv_probe_new (target);
  report = cv_inspect (probe, ca_file, NULL, &error);
  if (report == NULL)
    {
      g_printerr ("bench-dump: %s\n", error->message);
      return 2;
    }

  text = cv_report_to_text (report);
  g_print ("%s", text);
  return cv_report_get_valid (report) ? 0 : 1;
}
