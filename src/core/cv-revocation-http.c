/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-revocation-http.h"

#include "cv-error.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

/* Where certview-http.so is: beside the build's libcertview-1 for a program run
 * from the build tree, as the command line finds its translations; else where it
 * is installed */
static char *
module_path (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *root = g_strconcat (BUILD_ROOT, G_DIR_SEPARATOR_S, NULL);

  if (exe != NULL && g_str_has_prefix (exe, root))
    return g_build_filename (BUILD_ROOT, "src", "core", CV_HTTP_MODULE_NAME, NULL);
  return g_build_filename (CV_MODULE_DIR, CV_HTTP_MODULE_NAME, NULL);
}

typedef struct
{
  CvHttpFetch    *fetch;
  char           *problem;  /* why it could not be loaded */
} Loaded;

static gpointer
load_module (gpointer data)
{
  Loaded *loaded = g_new0 (Loaded, 1);
  g_autofree char *path = module_path ();
  GModule *module;
  gpointer symbol = NULL;

  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      loaded->problem = g_strdup (g_module_error ());
      return loaded;
    }

  if (!g_module_symbol (module, CV_HTTP_MODULE_ENTRY, &symbol) || symbol == NULL)
    {
      loaded->problem = g_strdup (g_module_error ());
      g_module_close (module);
      return loaded;
    }

  /* libsoup registers types: it stays for the life of the process */
  g_module_make_resident (module);
  loaded->fetch = (CvHttpFetch *) symbol;
  return loaded;
}

GBytes *
cv_revocation_http_fetch (const char    *url,
                          const char    *content_type,
                          GBytes        *body,
                          gsize          max_size,
                          gint64         deadline,
                          GCancellable  *cancellable,
                          GError       **error)
{
  static GOnce once = G_ONCE_INIT;
  const Loaded *loaded;

  g_return_val_if_fail (url != NULL, NULL);

  loaded = g_once (&once, load_module, NULL);
  if (loaded->fetch == NULL)
    {
      /* The caller has it as the reason the check was not made: no warning, which
       * programs run with G_DEBUG=fatal-warnings would die of */
      g_debug ("No HTTP module for revocation checks: %s", loaded->problem);
      /* TRANSLATORS: a reason, in "The OCSP responder could not be asked: %s."; the
       * %s is the system's own words on why the module did not load */
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("the HTTP module of Certview is missing or broken (%s); reinstall "
                     "Certview"), loaded->problem);
      return NULL;
    }

  return loaded->fetch (CV_ERROR, url, content_type, body, max_size, deadline, cancellable,
                        error);
}
