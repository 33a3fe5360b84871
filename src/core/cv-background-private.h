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

/*
 * The CPU gate: the parts of such work that only compute (parsing a chain,
 * verifying it, building the model) run at most cv_background_cpu_slots() at a
 * time, one fewer than the cores the process may run on, and at least one; the
 * parts that wait on the network stay outside it. Otherwise fifty probes finishing
 * together are fifty threads ready to run at nice 10 on a few cores, and when one
 * of them is preempted while it holds a lock that the main thread needs next
 * (glibc's malloc arena, above all), the main thread waits until that thread's
 * turn comes round again: tens of milliseconds. With the gate few are ready at a
 * time, and the holder soon runs again. Computing is no faster with more threads
 * than cores, so the gate costs no throughput.
 *
 * Never nested: work inside the gate does not enter it again.
 */
guint cv_background_cpu_slots (void);
void  cv_background_cpu_enter (void);
void  cv_background_cpu_leave (void);

G_END_DECLS
