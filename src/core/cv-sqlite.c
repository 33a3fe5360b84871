/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-sqlite-private.h"

#include "cv-error.h"

#include "cv-library-private.h"

#include <glib/gi18n-lib.h>

/* The shared library's name, as linking with -lsqlite3 would record it */
#define SQLITE_SONAME "libsqlite3.so.0"

#define CV_SQLITE_NAME(name) #name,
static const char * const names[] = { CV_SQLITE_FUNCTIONS (CV_SQLITE_NAME) NULL };
#undef CV_SQLITE_NAME

/* The functions, filled in as the slots of cv_library_open() */
static union
{
  CvSqlite functions;
  gpointer slots[G_N_ELEMENTS (names) - 1];
} loaded;
G_STATIC_ASSERT (sizeof (CvSqlite) == sizeof loaded.slots);

const CvSqlite *cv_sqlite;

static char *load_problem;

static gpointer
load_sqlite (gpointer data)
{
  load_problem = cv_library_open (SQLITE_SONAME, "sqlite3_", names, loaded.slots);
  if (load_problem != NULL)
    return NULL;

  cv_sqlite = &loaded.functions;
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
