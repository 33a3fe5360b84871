/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A date for people, "1 January 2021" (@abbreviated: "1 Jan 2021"), with the month
 * named in the language of Certview's messages. g_date_time_format()'s %B follows
 * LC_TIME instead, which gives "am 1. January 2021" under LANGUAGE=de LANG=C.UTF-8.
 */
char *cv_format_date_words (GDateTime *when,
                            gboolean   abbreviated);

G_END_DECLS
