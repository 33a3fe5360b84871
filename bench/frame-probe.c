/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include <dlfcn.h>
#include <glib-object.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/*
 * Loaded with LD_PRELOAD into a GTK 3 or GTK 4 program by bench-startup: writes
 * the CLOCK_MONOTONIC time of the first frame that shows the program's content to
 * the file descriptor named by CV_BENCH_FRAME_FD, then ends the process.
 *
 * It links no GTK: the few GTK functions it needs, which have the same form in
 * both versions, are looked up in whichever GTK the program loaded. At the first
 * main-loop iteration it hooks the frame clock of every toplevel. A frame shows
 * the content when, as the frame's layout begins, the content is there:
 *  - a window with a "report" property (Certview): the report is set;
 *  - otherwise, a window holding a text view (gcr-viewer): the text view has text;
 *  - otherwise (the bare window): at once.
 * After that frame is painted it waits until the X server has processed the
 * drawing (gdk_display_sync()), then takes the time.
 */

typedef GList *     (*ListToplevelsFunc) (void);
typedef GObject *   (*GetObjectFunc)     (gpointer object);
typedef int         (*GetIntFunc)        (gpointer object);
typedef void        (*ForallFunc)        (gpointer container,
                                          void   (*callback) (gpointer widget, gpointer data),
                                          gpointer data);
typedef void        (*VoidFunc)          (gpointer object);
typedef gpointer    (*GetDefaultFunc)    (void);

static int frame_fd = -1;
static gboolean content_shown;

static gpointer
gtk_symbol (const char *name)
{
  return dlsym (RTLD_DEFAULT, name);
}

typedef struct
{
  GType    text_view_type;
  gboolean found;
} TextSearch;

/* GTK 3 only: any text view below @widget with text in it */
static void
search_text (gpointer widget,
             gpointer data)
{
  TextSearch *search = data;
  ForallFunc forall = gtk_symbol ("gtk_container_forall");
  GType container_type = g_type_from_name ("GtkContainer");

  if (search->found)
    return;

  if (search->text_view_type != 0 && G_TYPE_CHECK_INSTANCE_TYPE (widget, search->text_view_type))
    {
      GetObjectFunc get_buffer = gtk_symbol ("gtk_text_view_get_buffer");
      GetIntFunc get_count = gtk_symbol ("gtk_text_buffer_get_char_count");

      if (get_buffer != NULL && get_count != NULL && get_count (get_buffer (widget)) > 0)
        search->found = TRUE;
      return;
    }

  if (forall != NULL && container_type != 0 && G_TYPE_CHECK_INSTANCE_TYPE (widget, container_type))
    forall (widget, search_text, search);
}

static gboolean
has_content (GObject *window)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (window);
  TextSearch search = { g_type_from_name ("GtkTextView"), FALSE };

  if (g_object_class_find_property (klass, "report") != NULL)
    {
      g_autoptr(GObject) report = NULL;

      g_object_get (window, "report", &report, NULL);
      return report != NULL;
    }

  if (gtk_symbol ("gtk_container_forall") != NULL)
    {
      search_text (window, &search);
      if (g_type_from_name ("GcrViewerWindow") != 0)
        return search.found;
    }

  return TRUE;
}

static void
layout_cb (GObject  *clock,
           gpointer  window)
{
  if (!content_shown)
    content_shown = has_content (window);
}

static void
after_paint_cb (GObject  *clock,
                gpointer  window)
{
  GetDefaultFunc get_default = gtk_symbol ("gdk_display_get_default");
  VoidFunc sync = gtk_symbol ("gdk_display_sync");
  struct timespec now;
  char line[64];
  int len;

  if (!content_shown)
    return;

  sync (get_default ());
  clock_gettime (CLOCK_MONOTONIC, &now);
  len = snprintf (line, sizeof line, "%lld\n",
                  (long long) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000);
  if (write (frame_fd, line, len) != len)
    _exit (3);
  /* The time is taken; what the program does after its first frame is not measured */
  _exit (0);
}

static gboolean
hook_windows_cb (gpointer user_data)
{
  ListToplevelsFunc list_toplevels = gtk_symbol ("gtk_window_list_toplevels");
  GetObjectFunc get_frame_clock = gtk_symbol ("gtk_widget_get_frame_clock");
  GList *toplevels;
  gboolean hooked = FALSE;

  if (list_toplevels == NULL || get_frame_clock == NULL)
    return G_SOURCE_CONTINUE;

  toplevels = list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      GObject *clock = get_frame_clock (l->data);

      if (clock == NULL)
        continue;
      g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), l->data);
      g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), l->data);
      hooked = TRUE;
    }
  g_list_free (toplevels);

  /* No window realized yet: look again at the next iteration */
  return hooked ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void frame_probe_init (void) __attribute__ ((constructor));

static void
frame_probe_init (void)
{
  const char *fd = g_getenv ("CV_BENCH_FRAME_FD");

  if (fd == NULL)
    return;

  /* certview links no GTK and hands its window to certview-window by exec():
   * the probe (and its pipe) go along to the program that draws */
  if (dlsym (RTLD_DEFAULT, "gtk_window_list_toplevels") == NULL)
    return;

  frame_fd = atoi (fd);
  /* Not for the programs this one may start */
  g_unsetenv ("LD_PRELOAD");
  g_unsetenv ("CV_BENCH_FRAME_FD");
  g_idle_add_full (G_PRIORITY_HIGH, hook_windows_cb, NULL, NULL);
}
