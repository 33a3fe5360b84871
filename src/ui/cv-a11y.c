/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-a11y.h"

#include <glib/gi18n.h>

#define TITLE_KEY "cv-a11y-title"
#define COLUMN_KEY "cv-a11y-column"

static void
rename_value (GtkLabel *value)
{
  GtkLabel *title = g_object_get_data (G_OBJECT (value), TITLE_KEY);
  GtkLabel *column = g_object_get_data (G_OBJECT (value), COLUMN_KEY);
  g_autofree char *heading = NULL;
  g_autofree char *name = NULL;

  heading = column != NULL
              /* TRANSLATORS: what a screen reader says before a value of a table
               * (the comparison of two certificates): its row, then its column,
               * as "Issued By, Saved Decision" */
              ? g_strdup_printf (C_("accessible name", "%s, %s"), gtk_label_get_text (title),
                                 gtk_label_get_text (column))
              : g_strdup (gtk_label_get_text (title));
  /* TRANSLATORS: what a screen reader says for a value shown under or beside its
   * title: the title, then the value */
  name = g_strdup_printf (C_("accessible name", "%s: %s"), heading, gtk_label_get_text (value));
  gtk_accessible_update_property (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

void
cv_a11y_name_by_title (GtkLabel *value,
                       GtkLabel *title,
                       GtkLabel *column)
{
  g_return_if_fail (GTK_IS_LABEL (value));
  g_return_if_fail (GTK_IS_LABEL (title));
  g_return_if_fail (column == NULL || GTK_IS_LABEL (column));

  /* The labels of one template: they live as long as one another */
  g_object_set_data (G_OBJECT (value), TITLE_KEY, title);
  g_object_set_data (G_OBJECT (value), COLUMN_KEY, column);

  /* After GtkLabel's own naming of @value by its text, which a change of it
   * brings */
  g_signal_connect (value, "notify::label", G_CALLBACK (rename_value), NULL);
  g_signal_connect_object (title, "notify::label", G_CALLBACK (rename_value), value,
                           G_CONNECT_SWAPPED);
  if (column != NULL)
    g_signal_connect_object (column, "notify::label", G_CALLBACK (rename_value), value,
                             G_CONNECT_SWAPPED);
  rename_value (value);
}
