/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-a11y.h"

#include <glib/gi18n.h>

void
cv_a11y_name_value (GtkLabel   *value,
                    const char *title)
{
  g_autofree char *name = NULL;

  g_return_if_fail (GTK_IS_LABEL (value));
  g_return_if_fail (title != NULL);

  /* TRANSLATORS: what a screen reader says for a value shown under or beside its
   * title: the title, then the value */
  name = g_strdup_printf (C_("accessible name", "%s: %s"), title, gtk_label_get_text (value));
  gtk_accessible_update_property (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}
