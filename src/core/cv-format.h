/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates and times. Every time is UTC: a certificate's validity is. */

/* "2030-01-01 00:00:00 UTC", as the tree shows times; "Unknown" (translated) for NULL */
char *cv_format_date_time       (GDateTime    *when);
/* The same for Unix seconds */
char *cv_format_unix_time       (gint64        seconds);
/*
 * A date for people, "1 January 2021" (@abbreviated: "1 Jan 2021"), with the month
 * named in the language of Certview's messages. g_date_time_format()'s %B follows
 * LC_TIME instead, which gives "am 1. January 2021" under LANGUAGE=de LANG=C.UTF-8.
 */
char *cv_format_date_words      (GDateTime    *when,
                                 gboolean      abbreviated);
/* The same for Unix seconds; NULL when @seconds is negative or past year 9999 */
char *cv_format_unix_date_words (gint64        seconds,
                                 gboolean      abbreviated);
/* "2030-01-01T00:00:00Z", the files' form, with four-digit years; NULL outside
 * years 1 to 9999 */
char *cv_format_iso8601         (gint64        seconds);
/* "2030-01-01", the date alone, likewise */
char *cv_format_iso8601_date    (gint64        seconds);

/* Fingerprints and serial numbers: bytes as lower-case hex pairs joined by ':' */
char *cv_format_fingerprint     (const guint8 *data,
                                 gsize         len);

/* Text from a certificate, a server or a file, made safe to show */

/* @text (@len bytes, or nul-terminated when -1) as valid UTF-8 with control and
 * bidirectional-override characters replaced by U+FFFD, so that a hostile
 * certificate or server cannot garble the text or JSON output; "" for NULL */
char *cv_sanitize_text          (const char   *text,
                                 gssize        len);
/* @text for one line of a message: valid UTF-8, control characters as spaces, at
 * most @max_chars characters and then "…"; "" for NULL */
char *cv_sanitize_line          (const char   *text,
                                 gsize         max_chars);

G_END_DECLS
