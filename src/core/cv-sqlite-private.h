/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/*
 * SQLite, loaded when the trust store is first opened rather than when
 * libcertview-1 is: a program that only inspects certificates (certview --dump,
 * the first frame of the window) does not map it or resolve its symbols. The
 * store's code calls sqlite3_*() as usual; below, each name is the function of
 * the loaded library. cv_sqlite_load() must have succeeded before any of them is
 * called: every path to them starts with opening the store, which loads it.
 */

#define CV_SQLITE_FUNCTIONS(X) \
  X (bind_int) X (bind_int64) X (bind_null) X (bind_text) X (busy_timeout) \
  X (changes) X (clear_bindings) X (close_v2) X (column_int) X (column_int64) \
  X (column_text) X (column_type) X (db_readonly) X (errmsg) X (errstr) X (exec) \
  X (extended_result_codes) X (file_control) X (finalize) X (open_v2) X (prepare_v2) \
  X (prepare_v3) X (reset) X (step) X (system_errno)

typedef struct
{
#define CV_SQLITE_MEMBER(name) __typeof__ (sqlite3_##name) *name;
  CV_SQLITE_FUNCTIONS (CV_SQLITE_MEMBER)
#undef CV_SQLITE_MEMBER
} CvSqlite;

/* NULL until cv_sqlite_load() succeeds */
extern const CvSqlite *cv_sqlite;

/* Loads SQLite once for the process; FALSE with an error that says what to do */
gboolean cv_sqlite_load (GError **error);

#define sqlite3_bind_int (cv_sqlite->bind_int)
#define sqlite3_bind_int64 (cv_sqlite->bind_int64)
#define sqlite3_bind_null (cv_sqlite->bind_null)
#define sqlite3_bind_text (cv_sqlite->bind_text)
#define sqlite3_busy_timeout (cv_sqlite->busy_timeout)
#define sqlite3_changes (cv_sqlite->changes)
#define sqlite3_clear_bindings (cv_sqlite->clear_bindings)
#define sqlite3_close_v2 (cv_sqlite->close_v2)
#define sqlite3_column_int (cv_sqlite->column_int)
#define sqlite3_column_int64 (cv_sqlite->column_int64)
#define sqlite3_column_text (cv_sqlite->column_text)
#define sqlite3_column_type (cv_sqlite->column_type)
#define sqlite3_db_readonly (cv_sqlite->db_readonly)
#define sqlite3_errmsg (cv_sqlite->errmsg)
#define sqlite3_errstr (cv_sqlite->errstr)
#define sqlite3_exec (cv_sqlite->exec)
#define sqlite3_extended_result_codes (cv_sqlite->extended_result_codes)
#define sqlite3_file_control (cv_sqlite->file_control)
#define sqlite3_finalize (cv_sqlite->finalize)
#define sqlite3_open_v2 (cv_sqlite->open_v2)
#define sqlite3_prepare_v2 (cv_sqlite->prepare_v2)
#define sqlite3_prepare_v3 (cv_sqlite->prepare_v3)
#define sqlite3_reset (cv_sqlite->reset)
#define sqlite3_step (cv_sqlite->step)
#define sqlite3_system_errno (cv_sqlite->system_errno)

G_END_DECLS
