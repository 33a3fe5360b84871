/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-error.h"
#include "cv-error-private.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  CvErrorRemedy  remedy;
  /* The message without the sentence that says what to do */
  char          *problem;
} CvErrorPrivate;

/* As G_DEFINE_EXTENDED_ERROR() finds it, before the GError; that macro would name
 * the domain "CvError", and it has been "cv-error-quark" */
static CvErrorPrivate *
cv_error_get_private (const GError *error)
{
  const gsize sa = 2 * sizeof (gsize);
  const gsize as = (sizeof (CvErrorPrivate) + (sa - 1)) & -sa;

  return (CvErrorPrivate *) (((guint8 *) error) - as);
}

static void
cv_error_private_init (GError *error)
{
  CvErrorPrivate *priv = cv_error_get_private (error);

  priv->remedy = CV_ERROR_REMEDY_NONE;
  priv->problem = NULL;
}

static void
cv_error_private_copy (const GError *src_error,
                       GError       *dest_error)
{
  const CvErrorPrivate *src_priv = cv_error_get_private (src_error);
  CvErrorPrivate *dest_priv = cv_error_get_private (dest_error);

  dest_priv->remedy = src_priv->remedy;
  dest_priv->problem = g_strdup (src_priv->problem);
}

static void
cv_error_private_clear (GError *error)
{
  g_clear_pointer (&cv_error_get_private (error)->problem, g_free);
}

GQuark
cv_error_quark (void)
{
  static GQuark quark;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      quark = g_error_domain_register_static ("cv-error-quark", sizeof (CvErrorPrivate),
                                              cv_error_private_init,
                                              cv_error_private_copy,
                                              cv_error_private_clear);
      g_once_init_leave (&initialized, 1);
    }
  return quark;
}

void
cv_error_set_with_remedy (GError        **error,
                          CvError         code,
                          CvErrorRemedy   remedy,
                          const char     *problem)
{
  CvErrorPrivate *priv;
  const char *what_to_do;

  switch (remedy)
    {
    case CV_ERROR_REMEDY_NAME_FILE:
      what_to_do = _("Name a file.");
      break;
    case CV_ERROR_REMEDY_OTHER_FILE:
      what_to_do = _("Name another file.");
      break;
    case CV_ERROR_REMEDY_OWN_FILE:
      what_to_do = _("Name a file of your own.");
      break;
    case CV_ERROR_REMEDY_NONE:
    default:
      g_return_if_reached ();
    }

  if (error == NULL)
    return;
  g_set_error (error, CV_ERROR, code, "%s %s", problem, what_to_do);
  priv = cv_error_get_private (*error);
  priv->remedy = remedy;
  g_free (priv->problem);
  priv->problem = g_strdup (problem);
}

CvErrorRemedy
cv_error_get_remedy (const GError  *error,
                     const char   **problem)
{
  CvErrorPrivate *priv = error != NULL && error->domain == CV_ERROR
                         ? cv_error_get_private (error)
                         : NULL;

  if (problem != NULL)
    *problem = priv != NULL ? priv->problem : NULL;
  return priv != NULL ? priv->remedy : CV_ERROR_REMEDY_NONE;
}
