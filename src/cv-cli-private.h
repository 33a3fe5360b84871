/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside the command line: cv-cli.c parses the options and starts up,
 * cv-cli-inspect.c runs --dump and --json, cv-cli-trust.c the modes that work on
 * the saved decisions, cv-cli-prompt.c decides --prompt where no window is needed.
 */
#pragma once

#include "cv-cli.h"

G_BEGIN_DECLS

/* cv-cli.c */
/* The target cv_cli_parse() parsed (transfer none), or NULL with the error it gave;
 * only for a mode that has a server argument */
CvTarget     *cv_cli_get_target     (CvCliOptions  *options,
                                     GError       **error);
/* "certview: MESSAGE" on standard error */
void          cv_cli_print_error    (GError        *error);

/* cv-cli-inspect.c */
/* Connects to @target with the options' timeout, server name, revocation mode and
 * CA file, and verifies what it serves */
CvReport     *cv_cli_inspect_target (CvCliOptions  *options,
                                     CvTarget      *target,
                                     GError       **error);
/* --dump and --json: prints the report of the server, the file or the demo */
CvExit        cv_cli_run_inspect    (CvCliOptions  *options);

/* cv-cli-trust.c */
/* The store named by --trust-store, else $CERTVIEW_TRUST_STORE, else the default;
 * opened and checked. NULL when it cannot be used: none of its decisions count. */
CvTrustStore *cv_cli_open_store     (CvCliOptions  *options,
                                     GError       **error);
/* Whether any decision could make @report's certificate acceptable: not one
 * that is revoked */
gboolean      cv_cli_may_trust      (CvReport      *report);
/* A Unix time in UTC as "2030-01-01"; "?" for one out of range */
char         *cv_cli_format_date    (gint64         seconds);
/* After a save: the 0.1 decisions that came along, if any */
void          cv_cli_print_store_notice (CvTrustStore *store);
/* --list-trusted, --check-trusted, --forget, --trust, --distrust, --import-trusted,
 * --export-trusted and --export-known-hosts */
CvExit        cv_cli_run_store_mode (CvCliOptions  *options);

/* cv-cli-trust-io.c */
/* --import-trusted */
CvExit        cv_cli_run_import     (CvCliOptions  *options);
/* --export-trusted and --export-known-hosts */
CvExit        cv_cli_run_export     (CvCliOptions  *options);

G_END_DECLS
