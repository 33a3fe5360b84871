/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A system library that the core loads on first use rather than links (SQLite,
 * json-glib): cv-sqlite.c and cv-json.c keep its functions in a struct of
 * pointers, one per name in a NULL-terminated list.
 *
 * Opens @soname and stores the address of @prefix followed by each of @names in
 * the matching element of @slots. The library stays loaded for the process (its
 * GObject types, once registered, must never go). Returns NULL when every name
 * was found, else the loader's reason, to free, with nothing kept loaded.
 */
char *cv_library_open (const char         *soname,
                       const char         *prefix,
                       const char * const *names,
                       gpointer           *slots);

G_END_DECLS
