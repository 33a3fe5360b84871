/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-library-private.h"

#include <gmodule.h>

char *
cv_library_open (const char         *soname,
                 const char         *prefix,
                 const char * const *names,
                 gpointer           *slots)
{
  GModule *module = g_module_open (soname, G_MODULE_BIND_LOCAL);

  if (module == NULL)
    return g_strdup (g_module_error ());

  for (gsize i = 0; names[i] != NULL; i++)
    {
      g_autofree char *symbol = g_strconcat (prefix, names[i], NULL);

      if (!g_module_symbol (module, symbol, &slots[i]) || slots[i] == NULL)
        {
          char *problem = g_strdup_printf ("%s: %s", soname, g_module_error ());

          g_module_close (module);
          return problem;
        }
    }

  g_module_make_resident (module);
  return NULL;
}
