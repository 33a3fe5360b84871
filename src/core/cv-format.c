/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-format.h"
#include "cv-format-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char *months[] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
  NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
  NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

static const char *short_months[] = {
  NC_("short month", "Jan"), NC_("short month", "Feb"), NC_("short month", "Mar"),
  NC_("short month", "Apr"), NC_("short month", "May"), NC_("short month", "Jun"),
  NC_("short month", "Jul"), NC_("short month", "Aug"), NC_("short month", "Sep"),
  NC_("short month", "Oct"), NC_("short month", "Nov"), NC_("short month", "Dec"),
};

char *
cv_format_date_words (GDateTime *when,
                      gboolean   abbreviated)
{
  int month;
  const char *name;

  g_return_val_if_fail (when != NULL, NULL);

  month = g_date_time_get_month (when);
  name = abbreviated ? g_dpgettext2 (GETTEXT_PACKAGE, "short month", short_months[month - 1])
                     : g_dpgettext2 (GETTEXT_PACKAGE, "month", months[month - 1]);

  if (g_date_time_get_day_of_month (when) == 1)
    /* TRANSLATORS: the same date as "%1$d %2$s %3$d" above, on the first day of a
     * month, for languages that write it otherwise: French "%1$der %2$s %3$d" */
    return g_strdup_printf (C_("date, the first of a month", "%1$d %2$s %3$d"), 1, name,
                            g_date_time_get_year (when));

  /* TRANSLATORS: a date: %1$d is the day, %2$s the month's name, %3$d the year;
   * reorder them as your language writes dates, as "%1$d. %2$s %3$d" */
  return g_strdup_printf (C_("date", "%1$d %2$s %3$d"), g_date_time_get_day_of_month (when),
                          name, g_date_time_get_year (when));
}

char *
cv_format_unix_date_words (gint64   seconds,
                           gboolean abbreviated)
{
  g_autoptr(GDateTime) when = seconds >= 0 ? g_date_time_new_from_unix_utc (seconds) : NULL;

  return when != NULL ? cv_format_date_words (when, abbreviated) : NULL;
}

char *
cv_format_unix_time (gint64 seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (seconds);

  return cv_format_date_time (when);
}

char *
cv_format_date_time (GDateTime *when)
{
  if (when == NULL)
    return g_strdup (_("Unknown"));

  return g_date_time_format (when, "%Y-%m-%d %H:%M:%S UTC");
}

char *
cv_format_iso8601 (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  if (time == NULL)
    return NULL;

  /* By hand: %Y of g_date_time_format() leaves out the zeros of years before 1000 */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (time), g_date_time_get_month (time),
                          g_date_time_get_day_of_month (time), g_date_time_get_hour (time),
                          g_date_time_get_minute (time), g_date_time_get_second (time));
}

char *
cv_format_iso8601_date (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  if (time == NULL)
    return NULL;

  return g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (time),
                          g_date_time_get_month (time), g_date_time_get_day_of_month (time));
}

char *
cv_format_fingerprint (const guint8 *data,
                       gsize         len)
{
  static const char hex[] = "0123456789abcdef";
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new (len * 3);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, hex[data[i] >> 4]);
      g_string_append_c (out, hex[data[i] & 0xf]);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_unsafe_char (gunichar c)
{
  if (cv_unichar_is_control (c))
    return TRUE;

  /* Bidirectional overrides and isolates can make "evil.example" read as
   * something else, and invisible characters (zero width space, word joiner,
   * byte order mark) make two names look alike; no legitimate certificate field
   * needs them */
  return c == 0x061C || c == 0x200B || c == 0x200E || c == 0x200F || c == 0x2060 ||
         c == 0xFEFF ||
         (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) ||
         c == 0x2028 || c == 0x2029;
}

char *
cv_sanitize_text (const char *text,
                  gssize      len)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, len);
  out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_unsafe_char (c))
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

char *
cv_sanitize_line (const char *text,
                  gsize       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);
  gsize n = 0;
  const char *p;

  for (p = valid; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      /* Line ends and other controls as spaces; what could disguise the text (a
       * bidirectional override) as U+FFFD, as cv_sanitize_text() has it */
      if (cv_unichar_is_control (c))
        c = ' ';
      else if (is_unsafe_char (c))
        c = 0xFFFD;
      g_string_append_unichar (out, c);
    }

  if (*p != '\0')
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

char *
cv_format_shell_word (const char *word)
{
  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_.:/+=@%,", *p) == NULL)
      return g_shell_quote (word);
  return g_strdup (word);
}
