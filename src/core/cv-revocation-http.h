/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * One HTTP exchange for the revocation checks (libsoup 3), on the calling thread:
 * a POST of @body (@content_type) when @body is given, else a GET. The answer's
 * body, at most @max_size bytes; NULL with an error for anything else (refused,
 * an HTTP error status, too large, past @deadline (monotonic µs), cancelled, or
 * the HTTP module missing). The error's message is a sentence for people.
 *
 * The exchange itself is in the module certview-http.so, loaded on the first call.
 */
GBytes *cv_revocation_http_fetch (const char    *url,
                                  const char    *content_type,
                                  GBytes        *body,
                                  gsize          max_size,
                                  gint64         deadline,
                                  GCancellable  *cancellable,
                                  GError       **error);

/* The module's one entry point, "cv_http_module_fetch": errors in @domain, with
 * the codes of CvError */
#define CV_HTTP_MODULE_ENTRY "cv_http_module_fetch"
#define CV_HTTP_MODULE_NAME "certview-http.so"

typedef GBytes *CvHttpFetch (GQuark         domain,
                             const char    *url,
                             const char    *content_type,
                             GBytes        *body,
                             gsize          max_size,
                             gint64         deadline,
                             GCancellable  *cancellable,
                             GError       **error);

G_END_DECLS
