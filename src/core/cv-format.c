/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-format.h"

#include <glib/gi18n-lib.h>

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

  /* TRANSLATORS: a date: %1$d is the day, %2$s the month's name, %3$d the year;
   * reorder them as your language writes dates, as "%1$d. %2$s %3$d" */
  return g_strdup_printf (C_("date", "%1$d %2$s %3$d"), g_date_time_get_day_of_month (when),
                          name, g_date_time_get_year (when));
}
