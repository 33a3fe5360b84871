/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * CV_EXPORT marks a function of the public API. The libraries are compiled with
 * hidden visibility (and CERTVIEW_COMPILATION defined), so that they export these
 * functions and nothing else; for a program that uses them it is a plain extern.
 * It goes on a line of its own before each declaration, and before
 * G_DECLARE_FINAL_TYPE for the type's get_type function (a second declaration
 * of that function would be one too many for g-ir-scanner).
 */
#if defined (CERTVIEW_COMPILATION) && defined (__GNUC__)
# define CV_EXPORT __attribute__ ((visibility ("default"))) extern
#else
# define CV_EXPORT extern
#endif
