/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Samples of one measure, in the unit the caller chose (µs, KiB, …) */
typedef struct
{
  GArray *values;   /* of double */
} BenchSamples;

void    bench_samples_init   (BenchSamples *self);
void    bench_samples_clear  (BenchSamples *self);
void    bench_samples_add    (BenchSamples *self,
                              double        value);
double  bench_samples_median (BenchSamples *self);
double  bench_samples_max    (BenchSamples *self);
double  bench_samples_min    (BenchSamples *self);
/* The value below which @fraction (0…1) of the samples lie */
double  bench_samples_quantile (BenchSamples *self,
                                double        fraction);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BenchSamples, bench_samples_clear)

/* "met", or "NOT met (1.23× the target)": @value against @target, lower is better */
char   *bench_verdict        (double        value,
                              double        target);

/* A heading for one measure, so that the driver's output reads as one report */
void    bench_heading        (const char   *title);

/* CERTVIEW_BENCH_QUICK=1: far fewer runs, to check that the harness works */
gboolean bench_quick         (void);

G_END_DECLS
