/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-style.h"

#include <string.h>

#define STYLE_KEY "cv-style"

void
cv_style_ensure (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), STYLE_KEY) != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/certview/Certview/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), STYLE_KEY, g_steal_pointer (&provider),
                          g_object_unref);
}

void
cv_style_label_set_text (GtkLabel   *label,
                         const char *text)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  const char *option = text;

  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (text != NULL);

  /* "--" that starts a word, up to the next space: the option and whatever is
   * joined to it ("--trust-store=FILE", a closing quote) */
  while ((option = strstr (option, "--")) != NULL)
    {
      const char *end = option;
      PangoAttribute *attr;

      if (option > text && !g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (option))) &&
          !g_unichar_ispunct (g_utf8_get_char (g_utf8_prev_char (option))))
        {
          option += 2;
          continue;
        }
      while (*end != '\0' && !g_unichar_isspace (g_utf8_get_char (end)))
        end = g_utf8_next_char (end);
      /* With its argument when one follows in capitals: "--trust-store FILE" */
      if (*end == ' ')
        {
          const char *word = end + 1;
          const char *after = word;

          while (*after != '\0' && g_unichar_isupper (g_utf8_get_char (after)))
            after = g_utf8_next_char (after);
          if (after - word >= 2 && (*after == '\0' || g_unichar_isspace (g_utf8_get_char (after)) ||
                                    g_unichar_ispunct (g_utf8_get_char (after))))
            end = after;
        }
      attr = pango_attr_allow_breaks_new (FALSE);
      attr->start_index = (guint) (option - text);
      attr->end_index = (guint) (end - text);
      pango_attr_list_insert (attrs, attr);
      option = end;
    }

  /* Nor just after the slash that starts a path: "« /" at the end of a line */
  for (const char *slash = strchr (text, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
    {
      PangoAttribute *attr;

      if (slash > text && !g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (slash))) &&
          !g_unichar_ispunct (g_utf8_get_char (g_utf8_prev_char (slash))))
        continue;
      if (slash[1] == '\0' || g_unichar_isspace (g_utf8_get_char (slash + 1)))
        continue;
      attr = pango_attr_allow_breaks_new (FALSE);
      attr->start_index = (guint) (slash - text);
      attr->end_index = (guint) (g_utf8_next_char (slash + 1) - text);
      pango_attr_list_insert (attrs, attr);
    }

  gtk_label_set_text (label, text);
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

void
cv_style_label_set_wrap (GtkLabel      *label,
                         PangoWrapMode  mode)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, mode);
  gtk_label_set_width_chars (label, CV_STYLE_WRAP_MIN_CHARS);
}
