/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The tooltips of list cells (cv-tooltip.h): set without a word to the X server,
 * however often a list rebinds its cells, but for the cell under the pointer,
 * whose tooltip may be showing; and given when GTK asks for them.
 */
#include "config.h"

#include "cv-tooltip.h"

#include <gtk/gtk.h>
#include <gdk/x11/gdkx.h>

/* fontconfig keeps its configuration for the life of the process */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

static GtkWidget *
shown_label (GtkWindow **window)
{
  GtkWidget *label = gtk_label_new ("ftp.example.com:21");

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (*window, label);
  gtk_window_present (*window);
  while (!gtk_widget_get_mapped (label))
    g_main_context_iteration (NULL, TRUE);
  /* Whatever the first frame still asks of the server */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return label;
}

static void
contains_pointer_cb (GObject    *controller,
                     GParamSpec *pspec,
                     gboolean   *inside)
{
  *inside = gtk_event_controller_motion_contains_pointer (
    GTK_EVENT_CONTROLLER_MOTION (controller));
}

/* Moves the pointer onto @widget (@inside) or off the window, and waits until
 * *@is_inside (kept by a motion controller of @widget) says so */
static void
hover (GtkWindow *window,
       GtkWidget *widget,
       gboolean   inside,
       gboolean  *is_inside)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *xdisplay = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));
  if (inside)
    XWarpPointer (xdisplay, None, gdk_x11_surface_get_xid (surface), 0, 0, 0, 0,
                  (int) (bounds.origin.x + bounds.size.width / 2),
                  (int) (bounds.origin.y + bounds.size.height / 2));
  else
    XWarpPointer (xdisplay, None, gdk_x11_surface_get_xid (surface), 0, 0, 0, 0,
                  gtk_widget_get_width (GTK_WIDGET (window)) + 50,
                  gtk_widget_get_height (GTK_WIDGET (window)) + 50);
  XFlush (xdisplay);
  while (*is_inside != inside)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  /* Not waiting for what the motion set going (a tooltip's timeout) */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Finding: a check of 1000 saved servers held the window still for 180 ms (400 ms
 * and more under the sanitizers): each status cell updated asked the X server
 * where the pointer was, three round trips each, in gtk_widget_set_tooltip_text() */
static void
test_no_round_trip (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  GtkWindow *window;
  GtkWidget *label;
  Display *xdisplay;
  unsigned long before;
  GtkEventController *motion;
  gboolean inside = FALSE;

  if (!GDK_IS_X11_DISPLAY (display))
    {
      g_test_skip ("counts the requests of an X11 display");
      return;
    }
  xdisplay = gdk_x11_display_get_xdisplay (display);
  label = shown_label (&window);

  /* What the count would see: GTK 4.8's own setter asks at every call. A GTK that
   * no longer does leaves nothing for this test to tell apart */
  before = XNextRequest (xdisplay);
  for (guint i = 0; i < 20; i++)
    gtk_widget_set_tooltip_text (label, i % 2 ? "one" : "other");
  gtk_widget_set_tooltip_text (label, NULL);
  if (XNextRequest (xdisplay) - before < 20)
    {
      gtk_window_destroy (window);
      g_test_skip ("GTK's own tooltips ask nothing of the X server here");
      return;
    }

  before = XNextRequest (xdisplay);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *text = g_strdup_printf ("server %u", i);

      cv_tooltip_set_text (label, i % 3 == 2 ? NULL : text);
    }
  g_assert_cmpuint (XNextRequest (xdisplay) - before, ==, 0);

  /* Under the pointer the tooltip may be showing, and GTK is asked to look again,
   * as for its own; elsewhere it is not */
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "notify::contains-pointer", G_CALLBACK (contains_pointer_cb),
                    &inside);
  gtk_widget_add_controller (label, motion);
  hover (window, label, TRUE, &inside);
  before = XNextRequest (xdisplay);
  for (guint i = 0; i < 20; i++)
    cv_tooltip_set_text (label, i % 2 ? "one" : "other");
  g_assert_cmpuint (XNextRequest (xdisplay) - before, >=, 20);
  hover (window, label, FALSE, &inside);
  before = XNextRequest (xdisplay);
  for (guint i = 0; i < 20; i++)
    cv_tooltip_set_text (label, i % 2 ? "one" : "other");
  g_assert_cmpuint (XNextRequest (xdisplay) - before, ==, 0);

  gtk_window_destroy (window);
}

static gboolean
query (GtkWidget *widget)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (widget, "query-tooltip", 0, 0, FALSE, tooltip, &shown);
  return shown;
}

static void
test_given_when_asked (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("ftp.example.com:21"));

  g_assert_false (gtk_widget_get_has_tooltip (label));
  g_assert_false (query (label));

  cv_tooltip_set_text (label, "backup.example.net:990");
  g_assert_true (gtk_widget_get_has_tooltip (label));
  g_assert_cmpstr (cv_tooltip_get_text (label), ==, "backup.example.net:990");
  g_assert_true (query (label));
  /* Not GTK's own tooltip, nor the description GTK would give it */
  g_assert_null (gtk_widget_get_tooltip_text (label));

  cv_tooltip_set_text (label, "ftp.example.org:21");
  g_assert_cmpstr (cv_tooltip_get_text (label), ==, "ftp.example.org:21");
  g_assert_true (query (label));

  /* Empty is none, as GTK has it */
  cv_tooltip_set_text (label, "");
  g_assert_false (gtk_widget_get_has_tooltip (label));
  g_assert_null (cv_tooltip_get_text (label));
  g_assert_false (query (label));

  cv_tooltip_set_text (label, "ftp.example.org:21");
  cv_tooltip_set_text (label, NULL);
  g_assert_false (gtk_widget_get_has_tooltip (label));
  g_assert_false (query (label));

  g_object_unref (label);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/certview/tooltip/given-when-asked", test_given_when_asked);
  g_test_add_func ("/certview/tooltip/no-round-trip", test_no_round_trip);
  return g_test_run ();
}
