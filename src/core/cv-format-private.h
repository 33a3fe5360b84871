/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @word as one word of a command a user may paste into a shell: as it is when the
 * shell reads it so ("ftp.example.com:21", "/home/ada/trust.db"), else quoted
 * ("[::1]:990", a path with a space) */
char *cv_format_shell_word (const char *word);

G_END_DECLS
