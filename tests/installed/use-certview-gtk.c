/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * A GTK program built against the installed libcertview-gtk-1 alone. It needs no
 * display: it looks at the types and the decisions the prompt returns.
 */
#include <certview-gtk.h>

#include <stdio.h>

int
main (void)
{
  GType view = CV_TYPE_CERTIFICATE_VIEW;

  if (!g_type_is_a (view, GTK_TYPE_WIDGET))
    return 1;
  if (!cv_prompt_decision_accepts (CV_PROMPT_ACCEPTED_ONCE) ||
      cv_prompt_decision_accepts (CV_PROMPT_REJECTED))
    return 1;

  printf ("%s %s %s\n", g_type_name (view), g_type_name (CV_TYPE_PROMPT_DECISION),
          g_type_name (CV_TYPE_REPORT));
  return 0;
}
