/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * A program built against the installed libcertview-1 alone: parses a target and
 * reads a certificate file, as another program would.
 *
 *   use-certview TARGET CERTIFICATE-FILE
 */
#include <certview.h>

#include <stdio.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autofree char *uri = NULL;
  GPtrArray *reasons;

  if (argc != 3)
    {
      fprintf (stderr, "use: use-certview TARGET CERTIFICATE-FILE\n");
      return 2;
    }

#if !CV_CHECK_VERSION (0, 1, 0)
# error "the headers are older than 0.1.0"
#endif

  target = cv_target_parse (argv[1], CV_PROTOCOL_DIRECT_TLS, &error);
  if (target == NULL)
    {
      fprintf (stderr, "use-certview: %s\n", error->message);
      return 1;
    }
  uri = cv_target_to_uri (target);
  printf ("target: %s\n", uri);

  report = cv_report_new_for_file (argv[2], NULL, &error);
  if (report == NULL)
    {
      fprintf (stderr, "use-certview: %s\n", error->message);
      return 1;
    }
  printf ("subject: %s\n", cv_certificate_get_display_name (cv_report_get_leaf (report)));
  printf ("valid: %s\n", cv_report_get_valid (report) ? "yes" : "no");
  reasons = cv_report_get_reasons (report);
  for (guint i = 0; i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      printf ("reason: %s %s\n", reason->code,
              cv_verdict_section_to_id (reason->section) != NULL
                ? cv_verdict_section_to_id (reason->section) : "-");
    }
  printf ("version: %s\n", CV_VERSION_STRING);
  return 0;
}
