/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* DER being read: what is left of it */
typedef struct
{
  const guint8 *p;
  gsize         left;
} CvDer;

/* Reads the next element of @der: its class bits (context-specific, constructed)
 * and number, and its contents; FALSE when it is not well-formed DER (a length
 * past the end, the indefinite length) */
gboolean cv_der_next (CvDer         *der,
                      unsigned char *cls,
                      unsigned long *tag,
                      CvDer         *contents);

G_END_DECLS
