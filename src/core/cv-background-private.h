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

/* The nice value of these threads: against the main thread (or any other
 * program at nice 0) each gets about a tenth of a core (weight 110 against
 * 1024). Lower still (19, 1.5 %) measured no better for the window, and would
 * leave an inspection crawling while the machine is busy with other work. */
#define CV_BACKGROUND_NICE 10

void cv_background_lower_priority (void);

G_END_DECLS
