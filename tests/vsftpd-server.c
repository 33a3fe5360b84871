/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * A real vsftpd for check-gio-prompt.py (built with the tests, never run as one):
 * starts the harness' vsftpd on 127.0.0.1 (explicit FTPS, anonymous downloads)
 * with an expired certificate for localhost from CvCertFactory, serves
 * data.bin (256 KiB of known bytes) beside hello.txt, prints the port and the
 * path of data.bin on a line each, and serves until SIGINT or SIGTERM, when it
 * stops vsftpd and removes its files.
 */
#include "config.h"

#include "cv-test-util.h"
#include "cv-test-vsftpd.h"

#include <glib/gstdio.h>
#include <glib-unix.h>
#include <stdio.h>

#define DATA_SIZE (256 * 1024)

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(CvTestVsftpd) vsftpd = { 0 };
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *contents = NULL;
  g_autofree char *path = NULL;

  factory = cv_cert_factory_new (&error);
  if (factory == NULL)
    {
      g_printerr ("vsftpd-server: %s\n", error->message);
      return 2;
    }
  cv_test_vsftpd_start (&vsftpd, factory, CV_TEST_VSFTPD_EXPLICIT, CV_CERT_PROBLEM_EXPIRED);

  /* Every byte value, in an order that a lost or repeated block would change */
  contents = g_malloc (DATA_SIZE);
  for (guint i = 0; i < DATA_SIZE; i++)
    contents[i] = (guint8) ((i * 31u) ^ (i >> 8));
  path = g_build_filename (vsftpd.dir, "pub", "data.bin", NULL);
  if (!g_file_set_contents (path, (const char *) contents, DATA_SIZE, &error))
    {
      g_printerr ("vsftpd-server: %s\n", error->message);
      return 2;
    }
  g_chmod (path, 0644);

  printf ("%u\n%s\n", vsftpd.port, path);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  return 0;
}
