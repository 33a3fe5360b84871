/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-test-ui.h"

#include <string.h>

void
cv_test_assert_label_keeps_whole (GtkLabel   *label,
                                  const char *whole)
{
  const char *text = gtk_label_get_text (label);
  const char *found = strstr (text, whole);
  int start;
  int end;

  g_assert_nonnull (found);
  start = (int) (found - text);
  end = start + (int) strlen (whole);
  /* As the label lays it out, only breaking anywhere a word is too long */
  for (int width = 40; width <= 800; width += 3)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (label), text);
      PangoLayoutIter *iter;

      pango_layout_set_attributes (layout, gtk_label_get_attributes (label));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_width (layout, width * PANGO_SCALE);
      iter = pango_layout_get_iter (layout);
      do
        {
          int index = pango_layout_iter_get_line_readonly (iter)->start_index;

          if (index > start && index < end)
            g_error ("at %d pixels a line starts at “%s”", width, text + index);
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
    }
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gint64
cv_test_spin_while (gpointer   object,
                    gboolean (*busy) (gpointer object),
                    guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gint64 last = g_get_monotonic_time ();
  gint64 longest = 0;

  while (busy (object))
    {
      gint64 now;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      now = g_get_monotonic_time ();
      longest = MAX (longest, now - last);
      last = now;
    }
  g_source_remove (wake);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  return longest;
}
