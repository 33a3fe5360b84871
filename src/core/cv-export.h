/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * CV_EXPORT marks a function of the public API. The libraries are compiled with
 * hidden visibility (and CERTVIEW_COMPILATION defined), so that they export these
 * functions and nothing else; for a program that uses them it is a plain extern.
 */
#if defined (CERTVIEW_COMPILATION) && defined (__GNUC__)
# define CV_EXPORT __attribute__ ((visibility ("default"))) extern
#else
# define CV_EXPORT extern
#endif
