/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @c is a control character: Unicode's general category Cc, U+0000 to
 * U+001F and U+007F to U+009F. Unicode never changes that set, so this answers as
 * g_unichar_iscntrl() does without reading GLib's character tables, which a
 * command line that prints only ASCII would otherwise map for this alone (see
 * BENCHMARKS.md, "Seventh round") */
static inline gboolean
cv_unichar_is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/* @word as one word of a command a user may paste into a shell: as it is when the
 * shell reads it so ("ftp.example.com:21", "/home/ada/trust.db"), else quoted
 * ("[::1]:990", a path with a space) */
char *cv_format_shell_word (const char *word);

G_END_DECLS
