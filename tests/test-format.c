/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Dates in words, in the languages Certview speaks, from the translations as
 * built: the order of day, month and year, and the first of a month that some
 * languages write otherwise.
 */
#include "config.h"

#include "cv-format.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

/* 2026-11-01 and 2026-11-02, 12:00 UTC */
#define FIRST_OF_NOVEMBER  G_GINT64_CONSTANT (1793534400)
#define SECOND_OF_NOVEMBER G_GINT64_CONSTANT (1793620800)

static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");
}

static void
check_dates (const char *language,
             const char *first,
             const char *second)
{
  g_autofree char *first_words = NULL;
  g_autofree char *second_words = NULL;

  use_language (language);
  first_words = cv_format_unix_date_words (FIRST_OF_NOVEMBER, FALSE);
  second_words = cv_format_unix_date_words (SECOND_OF_NOVEMBER, FALSE);
  g_test_message ("%s: %s, %s", language, first_words, second_words);
  g_assert_cmpstr (first_words, ==, first);
  g_assert_cmpstr (second_words, ==, second);
}

/* Finding: French wrote "le 1 novembre", where it writes "le 1er novembre" */
static void
test_first_of_month (void)
{
  check_dates ("fr", "1er novembre 2026", "2 novembre 2026");
  check_dates ("de", "1. November 2026", "2. November 2026");
  check_dates ("en", "1 November 2026", "2 November 2026");
}

int
main (int   argc,
      char *argv[])
{
  /* GLib decides at its first g_dgettext() whether to translate at all: in a
   * language that has translations */
  use_language ("fr");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_dgettext (GETTEXT_PACKAGE, "");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/certview/format/first-of-month", test_first_of_month);
  return g_test_run ();
}
