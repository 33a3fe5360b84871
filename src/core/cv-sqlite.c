/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"
#define CV_SQLITE_COMPILATION

#include "config.h"

#include "cv-sqlite-private.h"

#include "cv-error.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

/* The shared library's name, as linking with -lsqlite3 would record it */
#define SQLITE_SONAME "libsqlite3.so.0"

const CvSqlite *cv_sqlite;

static CvSqlite functions;
static char *load_problem;

static gpointer
load_sqlite (gpointer data)
{
  GModule *module;

  module = g_module_open (SQLITE_SONAME, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      load_problem = g_strdup (g_module_error ());
      return NULL;
    }

#define CV_SQLITE_LOOK_UP(name) \
  if (!g_module_symbol (module, "sqlite3_" #name, (gpointer *) &functions.name) || \
      functions.name == NULL) \
    { \
      load_problem = g_strdup (g_module_error ()); \
      g_module_close (module); \
      return NULL; \
    }
  CV_SQLITE_FUNCTIONS (CV_SQLITE_LOOK_UP)
#undef CV_SQLITE_LOOK_UP

  g_module_make_resident (module);
  cv_sqlite = &functions;
  return (gpointer) cv_sqlite;
}

gboolean
cv_sqlite_load (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  if (g_once (&once, load_sqlite, NULL) != NULL)
    return TRUE;

  /* TRANSLATORS: %s is the system loader's reason, in English */
  g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
               _("SQLite could not be loaded for the saved decisions (%s). Install the "
                 "sqlite3 library (libsqlite3-0)."), load_problem);
  return FALSE;
}
