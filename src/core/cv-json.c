/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-json-private.h"

#include "cv-error.h"

#include "cv-library-private.h"

#include <glib/gi18n-lib.h>

/* The shared library's name, as linking with -ljson-glib-1.0 would record it */
#define JSON_GLIB_SONAME "libjson-glib-1.0.so.0"

#define CV_JSON_NAME(name) #name,
static const char * const names[] = { CV_JSON_FUNCTIONS (CV_JSON_NAME) NULL };
#undef CV_JSON_NAME

/* The functions, filled in as the slots of cv_library_open() */
static union
{
  CvJson   functions;
  gpointer slots[G_N_ELEMENTS (names) - 1];
} loaded;
G_STATIC_ASSERT (sizeof (CvJson) == sizeof loaded.slots);

const CvJson *cv_json;

static char *load_problem;

static gpointer
load_json_glib (gpointer data)
{
  load_problem = cv_library_open (JSON_GLIB_SONAME, "json_", names, loaded.slots);
  if (load_problem != NULL)
    return NULL;

  cv_json = &loaded.functions;
  return (gpointer) cv_json;
}

gboolean
cv_json_load (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  if (g_once (&once, load_json_glib, NULL) != NULL)
    return TRUE;

  /* TRANSLATORS: %s is the system loader's reason, in English */
  g_set_error (error, CV_ERROR, CV_ERROR_FILE,
               _("The JSON library could not be loaded (%s). Install json-glib "
                 "(libjson-glib-1.0-0)."), load_problem);
  return FALSE;
}

char *
cv_json_builder_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonNode *root = json_builder_get_root (builder);
  char *text;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  json_node_unref (root);
  return text;
}
