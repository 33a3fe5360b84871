/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-store-problem.h"

#include "cv-error.h"

#include <glib/gi18n.h>

char *
cv_store_problem_dup_text (const GError *error,
                           gboolean      default_store)
{
  const char *problem = NULL;
  const char *remedy = NULL;

  if (!default_store)
    return g_strdup (error->message);

  switch (cv_error_get_remedy (error, &problem))
    {
    case CV_ERROR_REMEDY_NAME_FILE:
    case CV_ERROR_REMEDY_OTHER_FILE:
      /* TRANSLATORS: after why the trust store cannot be used; CERTVIEW_TRUST_STORE
       * is not to be translated */
      remedy = _("To keep the saved decisions in another file, set CERTVIEW_TRUST_STORE "
                 "to its name.");
      break;
    case CV_ERROR_REMEDY_OWN_FILE:
      /* TRANSLATORS: after why the trust store cannot be used; CERTVIEW_TRUST_STORE
       * is not to be translated */
      remedy = _("To keep the saved decisions in a file of your own, set "
                 "CERTVIEW_TRUST_STORE to its name.");
      break;
    case CV_ERROR_REMEDY_NONE:
    default:
      return g_strdup (error->message);
    }
  return g_strdup_printf ("%s %s", problem, remedy);
}
