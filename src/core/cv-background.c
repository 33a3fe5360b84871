/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-background-private.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Lowers the calling thread's priority for the rest of its life. Linux keeps
 * the nice value per thread (PRIO_PROCESS with a thread id); other threads of
 * the process, the main thread first, keep theirs. */
void
cv_background_lower_priority (void)
{
#ifdef SYS_gettid
  id_t tid = (id_t) syscall (SYS_gettid);

  /* Raising one's own nice value needs no privilege; a failure only means the
   * thread competes with the main thread as before */
  if (setpriority (PRIO_PROCESS, tid, CV_BACKGROUND_NICE) != 0)
    g_debug ("could not lower the priority of a worker thread: %s", g_strerror (errno));
#endif
}

/* The CPU gate: a counting semaphore */
static GMutex gate_lock;
static GCond gate_free;
static guint gate_busy;

guint
cv_background_cpu_slots (void)
{
  static gsize slots = 0;

  if (g_once_init_enter (&slots))
    g_once_init_leave (&slots, (gsize) MAX (1, g_get_num_processors () - 1));
  return (guint) slots;
}

void
cv_background_cpu_enter (void)
{
  guint slots = cv_background_cpu_slots ();

  g_mutex_lock (&gate_lock);
  while (gate_busy >= slots)
    g_cond_wait (&gate_free, &gate_lock);
  gate_busy++;
  g_mutex_unlock (&gate_lock);
}

void
cv_background_cpu_leave (void)
{
  g_mutex_lock (&gate_lock);
  g_assert (gate_busy > 0);
  gate_busy--;
  g_cond_signal (&gate_free);
  g_mutex_unlock (&gate_lock);
}
