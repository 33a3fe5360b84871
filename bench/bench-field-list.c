/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "bench-field-list.h"

#include <string.h>

static const char *const some_fields[] = {
  "Common Name\tlocalhost",
  "Organization\tExample Organization",
  "Country\tDE",
  "Serial Number\t51:5c:d5:51:c1:68:63:82:ce:b3:f1:57:b6:b6:21:d0:2d:66:da:ae",
  "Issued On\t2026-12-03 22:09:57 UTC",
  "Expires On\t2027-01-02 22:09:57 UTC",
  ("SHA-256 Fingerprint\t3f:9a:0c:44:be:71:d2:58:09:e6:1b:7c:aa:30:f5:92:"
   "6d:48:c1:0e:77:b3:25:e9:8a:d4:13:6f:c2:50:9b:e1"),
};

void
bench_field_list_append_rows (GtkStringList *rows,
                              guint          n_rows)
{
  guint first = g_list_model_get_n_items (G_LIST_MODEL (rows));

  for (guint i = first; i < first + n_rows; i++)
    gtk_string_list_append (rows, some_fields[i % G_N_ELEMENTS (some_fields)]);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_list_item_set_child (item, label);
}

/* user_data: non-NULL in the value column */
static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  const char *row = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const char *tab = strchr (row, '\t');
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));

  g_assert (tab != NULL);
  if (user_data != NULL)
    {
      gtk_label_set_text (label, tab + 1);
    }
  else
    {
      g_autofree char *name = g_strndup (row, (gsize) (tab - row));

      gtk_label_set_text (label, name);
    }
}

GtkWidget *
bench_field_list_new (GtkStringList *rows)
{
  GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (rows)));
  GtkWidget *view = gtk_column_view_new (GTK_SELECTION_MODEL (selection));
  GtkWidget *scrolled;

  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  for (guint c = 0; c < 2; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (c == 0 ? "Field" : "Value", factory);
      /* As wide as Certview's */
      if (c == 0)
        gtk_column_view_column_set_fixed_width (column, 260);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
      g_object_unref (column);
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  return scrolled;
}
