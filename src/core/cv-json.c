/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-json-private.h"

#include "cv-error.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

/* The shared library's name, as linking with -ljson-glib-1.0 would record it */
#define JSON_GLIB_SONAME "libjson-glib-1.0.so.0"

const CvJson *cv_json;

static CvJson functions;
static char *load_problem;

static gpointer
load_json_glib (gpointer data)
{
  GModule *module;

  module = g_module_open (JSON_GLIB_SONAME, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      load_problem = g_strdup (g_module_error ());
      return NULL;
    }

#define CV_JSON_LOOK_UP(name) \
  if (!g_module_symbol (module, "json_" #name, (gpointer *) &functions.name) || \
      functions.name == NULL) \
    { \
      load_problem = g_strdup (g_module_error ()); \
      g_module_close (module); \
      return NULL; \
    }
  CV_JSON_FUNCTIONS (CV_JSON_LOOK_UP)
#undef CV_JSON_LOOK_UP

  /* Its types stay registered with GObject: the library must never go */
  g_module_make_resident (module);
  cv_json = &functions;
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
