/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "bench-field-list.h"

#include <gtk/gtk.h>

/* The least a GTK 4 program does to show a window with some text: the start-up
 * benchmark's baseline, 640×480 or WIDTH×HEIGHT from the command line. It runs
 * until it is closed or killed.
 *
 * With ROWS as well, the window shows a column view of ROWS fields of a
 * certificate (bench-field-list.h) in place of its label. Not the baseline: it
 * tells how much of a viewer's start-up is GTK's own work for such a list. */
int
main (int   argc,
      char *argv[])
{
  GtkWidget *window;
  int width = 640;
  int height = 480;
  guint n_rows = 0;

  if (argc == 2 || argc > 4)
    g_error ("usage: %s [WIDTH HEIGHT [ROWS]]", argv[0]);
  if (argc >= 3)
    {
      width = (int) g_ascii_strtoll (argv[1], NULL, 10);
      height = (int) g_ascii_strtoll (argv[2], NULL, 10);
    }
  if (argc == 4)
    n_rows = (guint) g_ascii_strtoull (argv[3], NULL, 10);

  gtk_init ();
  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Bare window");
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  if (n_rows > 0)
    {
      g_autoptr(GtkStringList) rows = gtk_string_list_new (NULL);

      bench_field_list_append_rows (rows, n_rows);
      gtk_window_set_child (GTK_WINDOW (window), bench_field_list_new (rows));
    }
  else
    {
      gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("A bare GTK 4 window"));
    }
  gtk_window_present (GTK_WINDOW (window));

  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    g_main_context_iteration (NULL, TRUE);

  return 0;
}
