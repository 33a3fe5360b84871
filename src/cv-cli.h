/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cv-report.h"
#include "cv-target.h"
#include "cv-trust-check.h"
#include "cv-trust-store.h"

G_BEGIN_DECLS

/* The process exit codes of every mode */
typedef enum
{
  CV_EXIT_VALID  = 0,   /* valid, or accepted */
  CV_EXIT_INVALID = 1,  /* invalid, or rejected */
  CV_EXIT_FAILED = 2,   /* could not connect, handshake, parse, or bad usage */
} CvExit;

#define CV_CLI_WARN_DAYS_UNSET G_MININT

typedef struct
{
  gboolean   dump;
  gboolean   json;
  gboolean   demo;
  gboolean   version;
  char      *ca_file;
  /* --timeout as given, or NULL; cv_cli_parse() sets @timeout from it */
  char      *timeout_text;
  double     timeout;
  gboolean   timeout_given;
  char      *sni;
  char      *revocation;
  CvRevocationMode revocation_mode;
  char     **args;
  /* The server the mode works on (the URL of --trust or --distrust, else the first
   * argument), parsed once by cv_cli_parse(): NULL when there is none or it does
   * not parse, and then @target_error says why */
  CvTarget  *target;
  GError    *target_error;
  /* Prompt and saved decisions */
  gboolean   prompt;
  gboolean   print_pin;
  /* Set by the prompt: the saved decisions could not be read (and it said why) */
  gboolean   store_unreadable;
  gboolean   list_trusted;
  char      *trust_store;
  char      *forget;
  char      *trust;
  char      *distrust;
  char      *fingerprint;
  gboolean   all_names;
  char      *export_trusted;
  char      *export_known_hosts;
  char      *import_trusted;
  gboolean   check_trusted;
  /* --warn-days, or CV_CLI_WARN_DAYS_UNSET when not given */
  int        warn_days;
  char      *warn_days_text;   /* --warn-days as given */
  /* --notify: a desktop notification when a server needs action */
  gboolean   notify;
} CvCliOptions;

/* What both programs do first: the locale and text domain, the options and
 * --version. TRUE to go on; FALSE with @exit_code set when done already. */
gboolean cv_cli_begin       (CvCliOptions  *options,
                             int           *argc,
                             char        ***argv,
                             CvExit        *exit_code);
/* An argument names a file when it is a file:// URI or "-", or has no scheme and a
 * regular file of that name exists, or it can only be a path (from the root, the
 * current or the home folder) or a certificate file's name (".pem", ".crt", …),
 * which the file reader then reports on if it cannot be read (and reads if it is a
 * pipe, like standard input); otherwise it is a server: "host", "host:port",
 * "host/path" */
gboolean cv_cli_is_file_argument (const char *arg);
/* The file a file argument names: "-" is standard input, "~/" the home folder,
 * file:// URIs are local paths; free it */
char *cv_cli_file_path (const char *arg);
/* TRUE when the program runs from its build tree, where its translations and icons
 * are not under the install prefix */
gboolean cv_cli_is_uninstalled (void);
/* The user's locale and Certview's text domain; cv_cli_begin() starts with it */
void     cv_cli_set_up_locale  (void);
/* TRUE when there is a display to open a window on, as far as the environment says */
gboolean cv_cli_have_display (void);

/* Parses the command line; FALSE with an error for bad usage. Consumes no GTK option. */
gboolean cv_cli_parse       (CvCliOptions  *options,
                             int           *argc,
                             char        ***argv,
                             GError       **error);
void     cv_cli_options_clear (CvCliOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvCliOptions, cv_cli_options_clear)

/* TRUE for the modes that need no display: --dump, --json, --list-trusted, --forget,
 * --trust, --distrust, --export-trusted, --export-known-hosts, --import-trusted,
 * --check-trusted */
gboolean cv_cli_is_headless  (CvCliOptions *options);
/* TRUE for the modes that work on the saved decisions alone */
gboolean cv_cli_is_store_mode (CvCliOptions *options);
/* Runs a headless mode; returns the exit code */
CvExit   cv_cli_run_headless (CvCliOptions *options);

/* @exit_code, or a failure when what was printed on standard output did not all
 * reach it (a full disk, a closed pipe), which it then says */
CvExit   cv_cli_end_output   (CvExit        exit_code);

/* --prompt: inspects the target and decides with no window when the trust policy
 * can (system trust, or a saved decision that applies). Returns TRUE with
 * @exit_code set when decided; FALSE when the user must be asked, with @check
 * (the report, the server and what the saved decisions say) for the window. */
gboolean cv_cli_prompt_decide (CvCliOptions   *options,
                               CvExit         *exit_code,
                               CvTrustCheck  **check);
/* What --prompt does once accepted: prints the pin when asked to */
CvExit   cv_cli_prompt_accepted (CvCliOptions *options,
                                 CvReport     *report);
/* The exit of --prompt when a window would be needed but there is no display */
CvExit   cv_cli_prompt_no_display (CvCliOptions *options,
                                   CvTrustCheck *check);

G_END_DECLS
