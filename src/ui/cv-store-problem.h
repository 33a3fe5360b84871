/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Why the trust store of @error cannot be used, and what to do, for the widgets
 * that other programs show too. A program that names no store (@default_store)
 * has it from CERTVIEW_TRUST_STORE or the default, and the environment is the one
 * way to name another: the user is told so. A program that names the store has
 * its own way, which the message's last sentence leaves to it. */
char *cv_store_problem_dup_text (const GError *error,
                                 gboolean      default_store);

G_END_DECLS
