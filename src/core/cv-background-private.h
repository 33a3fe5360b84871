/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Threads that work for a window without being watched: a probe's handshake,
 * verification and model, freeing a report. They lower their own scheduling
 * priority so that, when they and the main thread want the same core, the main
 * thread gets it and the window keeps drawing its frames on time; when the main
 * thread sleeps they have the cores as before.
 *
 * A thread cannot raise its priority again without CAP_SYS_NICE, so only
 * threads that Certview starts itself and that do only such work lower
 * themselves: never a thread of GLib's shared pool, which would keep the lower
 * priority for whatever it runs next.
 */

/* The nice value of these threads: their share of a core against the main
 * thread's is about 1.5 % each (weight 15 against 1024) */
#define CV_BACKGROUND_NICE 19

void cv_background_lower_priority (void);

G_END_DECLS
