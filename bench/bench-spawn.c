/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * bench-spawn PROGRAM ARG…: runs PROGRAM with no input and its output thrown
 * away, and prints "STATUS WALL_US PEAK_RSS_KIB" for it.
 *
 * Linux folds the address space a process had before exec() into the peak RSS that
 * wait4() reports, so a child spawned by the benchmark itself would be charged the
 * benchmark's own memory. This helper uses libc only and is small, so what it hands
 * down is far below a megabyte and the same for every program measured.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A run that takes longer is stuck */
#define RUN_LIMIT_S 20

static volatile pid_t child;

static void
alarm_cb (int signum)
{
  if (child > 0)
    kill (child, SIGKILL);
}

static long long
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int
main (int   argc,
      char *argv[])
{
  struct rusage usage = { 0 };
  long long start;
  int status = 0;
  pid_t pid;

  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-spawn PROGRAM [ARG…]\n");
      return 2;
    }

  signal (SIGALRM, alarm_cb);
  start = now_us ();
  pid = fork ();
  if (pid < 0)
    {
      perror ("fork");
      return 2;
    }

  if (pid == 0)
    {
      int null_fd = open ("/dev/null", O_RDWR);

      dup2 (null_fd, 0);
      dup2 (null_fd, 1);
      dup2 (null_fd, 2);
      execvp (argv[1], argv + 1);
      _exit (127);
    }

  child = pid;
  alarm (RUN_LIMIT_S);
  while (wait4 (pid, &status, 0, &usage) < 0)
    {
      if (errno != EINTR)
        {
          perror ("wait4");
          return 2;
        }
    }
  alarm (0);

  printf ("%d %lld %ld\n", WIFEXITED (status) ? WEXITSTATUS (status) : -1,
          now_us () - start, usage.ru_maxrss);
  return 0;
}
