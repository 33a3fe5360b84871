/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cv-export.h"

G_BEGIN_DECLS

/* Dates and times. Every time is UTC: a certificate's validity is. */

/**
 * cv_format_date_time:
 * @when: (nullable): the time
 *
 * A time as the tree shows it: "2030-01-01 00:00:00 UTC".
 *
 * Returns: (transfer full): the text; "Unknown" (translated) for %NULL
 */
CV_EXPORT
char *cv_format_date_time       (GDateTime    *when);

/**
 * cv_format_unix_time:
 * @seconds: Unix seconds
 *
 * The same as cv_format_date_time() for Unix seconds.
 *
 * Returns: (transfer full): the text
 */
CV_EXPORT
char *cv_format_unix_time       (gint64        seconds);

/**
 * cv_format_date_words:
 * @when: the time
 * @abbreviated: whether to abbreviate the month
 *
 * A date for people, "1 January 2021" (@abbreviated: "1 Jan 2021"), with the month
 * named in the language of Certview's messages.
 *
 * Returns: (transfer full): the text
 */
CV_EXPORT
char *cv_format_date_words      (GDateTime    *when,
                                 gboolean      abbreviated);

/**
 * cv_format_unix_date_words:
 * @seconds: Unix seconds
 * @abbreviated: whether to abbreviate the month
 *
 * The same as cv_format_date_words() for Unix seconds.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when @seconds is negative or
 *   past year 9999
 */
CV_EXPORT
char *cv_format_unix_date_words (gint64        seconds,
                                 gboolean      abbreviated);

/**
 * cv_format_iso8601:
 * @seconds: Unix seconds
 *
 * A time as the export files write it: "2030-01-01T00:00:00Z", with four-digit years.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL outside years 1 to 9999
 */
CV_EXPORT
char *cv_format_iso8601         (gint64        seconds);

/**
 * cv_format_iso8601_date:
 * @seconds: Unix seconds
 *
 * The date alone: "2030-01-01".
 *
 * Returns: (transfer full) (nullable): the text, or %NULL outside years 1 to 9999
 */
CV_EXPORT
char *cv_format_iso8601_date    (gint64        seconds);

/**
 * cv_format_fingerprint:
 * @data: (array length=len): the bytes
 * @len: the number of bytes
 *
 * Bytes as lower-case hex pairs joined by ':', as fingerprints and serial numbers are
 * shown.
 *
 * Returns: (transfer full): the text
 */
CV_EXPORT
char *cv_format_fingerprint     (const guint8 *data,
                                 gsize         len);

/* Text from a certificate, a server or a file, made safe to show */

/**
 * cv_sanitize_text:
 * @text: (nullable): the text
 * @len: its length in bytes, or -1 when nul-terminated
 *
 * Text from a certificate, a server or a file as valid UTF-8 with control and
 * bidirectional-override characters replaced by U+FFFD, so that it cannot garble the
 * text or JSON output.
 *
 * Returns: (transfer full): the text; "" for %NULL
 */
CV_EXPORT
char *cv_sanitize_text          (const char   *text,
                                 gssize        len);

/**
 * cv_sanitize_line:
 * @text: (nullable): the text
 * @max_chars: the most characters to keep
 *
 * Text for one line of a message: valid UTF-8, control characters as spaces, at most
 * @max_chars characters and then "…".
 *
 * Returns: (transfer full): the line; "" for %NULL
 */
CV_EXPORT
char *cv_sanitize_line          (const char   *text,
                                 gsize         max_chars);

G_END_DECLS
