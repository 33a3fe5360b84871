/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The process exit codes of every mode */
typedef enum
{
  CV_EXIT_VALID  = 0,   /* valid, or accepted */
  CV_EXIT_INVALID = 1,  /* invalid, or rejected */
  CV_EXIT_FAILED = 2,   /* could not connect, handshake, parse, or bad usage */
} CvExit;

typedef struct
{
  gboolean   dump;
  gboolean   json;
  gboolean   demo;
  gboolean   version;
  char      *ca_file;
  double     timeout;
  char      *sni;
  char     **args;
} CvCliOptions;

/* Parses the command line; FALSE with an error for bad usage. Consumes no GTK option. */
gboolean cv_cli_parse       (CvCliOptions  *options,
                             int           *argc,
                             char        ***argv,
                             GError       **error);
void     cv_cli_options_clear (CvCliOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvCliOptions, cv_cli_options_clear)
/* Runs --dump or --json with no display; returns the exit code */
CvExit   cv_cli_run_headless (CvCliOptions *options);

G_END_DECLS
