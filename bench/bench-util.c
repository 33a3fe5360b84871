/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview-bench"

#include "config.h"

#include "bench-util.h"

#include <stdio.h>
#include <stdlib.h>

void
bench_samples_init (BenchSamples *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
}

void
bench_samples_clear (BenchSamples *self)
{
  g_clear_pointer (&self->values, g_array_unref);
}

void
bench_samples_add (BenchSamples *self,
                   double        value)
{
  g_array_append_val (self->values, value);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_samples_quantile (BenchSamples *self,
                        double        fraction)
{
  g_autoptr(GArray) sorted = NULL;
  double position;
  guint low;

  if (self->values->len == 0)
    return 0;

  sorted = g_array_copy (self->values);
  g_array_sort (sorted, compare_doubles);

  /* Linear interpolation between the two nearest ranks */
  position = fraction * (sorted->len - 1);
  low = (guint) position;
  if (low + 1 >= sorted->len)
    return g_array_index (sorted, double, sorted->len - 1);

  return g_array_index (sorted, double, low) +
         (position - low) * (g_array_index (sorted, double, low + 1) -
                             g_array_index (sorted, double, low));
}

double
bench_samples_median (BenchSamples *self)
{
  return bench_samples_quantile (self, 0.5);
}

double
bench_samples_max (BenchSamples *self)
{
  return bench_samples_quantile (self, 1.0);
}

double
bench_samples_min (BenchSamples *self)
{
  return bench_samples_quantile (self, 0.0);
}

char *
bench_verdict (double value,
               double target)
{
  if (value <= target)
    return g_strdup ("met");

  return g_strdup_printf ("NOT met (%.2fx the target)", value / target);
}

void
bench_heading (const char *title)
{
  g_print ("\n== %s ==\n", title);
}

gboolean
bench_quick (void)
{
  return g_strcmp0 (g_getenv ("CERTVIEW_BENCH_QUICK"), "1") == 0;
}
