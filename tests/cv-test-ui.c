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
