/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside the trust store: cv-trust-store.c is the API, cv-trust-store-open.c opens
 * the file (every check of what is named as the store, the schema, 0.1's file),
 * cv-trust-store-rows.c reads and writes rows.
 */
#pragma once

#include "cv-sqlite-private.h"
#include <sys/stat.h>
#include <sys/types.h>

#include "cv-error.h"
#include "cv-trust-store.h"

G_BEGIN_DECLS

#define CV_TRUST_STORE_COLUMNS "host, port, decision, certificate_sha256, public_key_pin, " \
                               "subject, issuer, not_after, created, last_seen, names, accepted"

typedef enum
{
  CV_TRUST_STORE_CLOSED,      /* not opened yet */
  CV_TRUST_STORE_MISSING,     /* no file: empty */
  CV_TRUST_STORE_LEGACY,      /* no file, but 0.1's trust.ini: its decisions in memory */
  CV_TRUST_STORE_READ_ONLY,   /* the file, opened for reading */
  CV_TRUST_STORE_WRITABLE,    /* the file, opened for writing */
} CvTrustStoreState;

struct _CvTrustStore
{
  GObject     parent_instance;

  char       *path;
  gboolean    is_default;
  /* Named by the program rather than by CERTVIEW_TRUST_STORE or the default */
  gboolean    named;
  /* One connection at a time; every use holds the lock */
  GMutex      lock;
  CvTrustStoreState  state;
  sqlite3    *db;
  /* The file the connection is on */
  dev_t       dev;
  ino_t       ino;
  /* Its shared-memory file when it was opened (0: none), which another program,
   * the last to close the store, may delete, and a next one make anew */
  char       *shm_path;
  dev_t       shm_dev;
  ino_t       shm_ino;
  /* Prepared once per connection: SQL text → sqlite3_stmt */
  GHashTable *statements;
  /* The result code of the last SQLite call that failed, 0 if none has */
  int         last_rc;
  /* How long a call waits for another program's lock: CV_TRUST_STORE_BUSY_MS,
   * less for what may be left undone (cv_trust_store_wait_briefly()) */
  guint       busy_ms;
  char       *legacy_path;
  char       *notice;
};

/* cv-trust-store.c: sets last-seen of each decision of @saved (CvTrustEntry) as
 * cv_trust_store_touch() does, all in one transaction; takes the lock */
gboolean      cv_trust_store_touch_all        (CvTrustStore  *self,
                                               GPtrArray     *saved,
                                               gint64         when,
                                               GError       **error);

/* PRAGMA application_id: "CvTs", so that no other program's database is taken */
#define STORE_APPLICATION_ID 0x43765473

/* cv-trust-store-file.c: what the store's file is, before SQLite opens it */
typedef enum
{
  CV_TRUST_STORE_FILE_MISSING,
  CV_TRUST_STORE_FILE_EMPTY,     /* a regular file with nothing in it yet */
  CV_TRUST_STORE_FILE_STORE,     /* an SQLite database: ours, or not set up yet */
} CvTrustStoreFileState;

/* Sets @error (CV_ERROR_TRUST_STORE) to the message; FALSE */
gboolean      cv_trust_store_error            (GError        **error,
                                               const char     *format,
                                               ...) G_GNUC_PRINTF (2, 3);
/* A store that cannot be used as it is named: the message says why, and
 * @remedy, in words for any program, what to do; the command line says it with
 * its option. FALSE */
gboolean      cv_trust_store_error_remedy     (GError        **error,
                                               CvErrorRemedy   remedy,
                                               const char     *format,
                                               ...) G_GNUC_PRINTF (3, 4);
/* Looks at the file without changing anything: a regular file (a link to one is
 * fine) of this user's, not writable by others, and empty or a Certview store;
 * @st gets what was checked, for the database opened afterwards */
gboolean      cv_trust_store_check_file       (CvTrustStore           *self,
                                               CvTrustStoreFileState  *state,
                                               struct stat            *st,
                                               GError                **error);
/* Makes the file when there is none, and its folder */
gboolean      cv_trust_store_create_file      (CvTrustStore  *self,
                                               GError       **error);

/* cv-trust-store-open.c; the caller holds the lock */
gboolean      cv_trust_store_open_for_reading (CvTrustStore  *self,
                                               GError       **error);
gboolean      cv_trust_store_open_for_writing (CvTrustStore  *self,
                                               GError       **error);
void          cv_trust_store_close            (CvTrustStore  *self);
gboolean      cv_trust_store_exec             (CvTrustStore  *self,
                                               const char    *sql,
                                               GError       **error);
/* Sets @error for a failed SQLite call @rc and returns FALSE */
gboolean      cv_trust_store_fail             (CvTrustStore  *self,
                                               int            rc,
                                               GError       **error);

/* cv-trust-store.c; the caller holds the lock and has opened the store */
/* The decision made for @host:@port itself, or NULL */
CvTrustEntry *cv_trust_store_lookup_own_locked      (CvTrustStore  *self,
                                                     const char    *host,
                                                     guint16        port,
                                                     gboolean      *failed,
                                                     GError       **error);
/* The decision that covers @host:@port among its other names, or NULL */
CvTrustEntry *cv_trust_store_lookup_covering_locked (CvTrustStore  *self,
                                                     const char    *host,
                                                     guint16        port,
                                                     gboolean      *failed,
                                                     GError       **error);
/* The first of the two; NULL when there is no store */
CvTrustEntry *cv_trust_store_lookup_locked          (CvTrustStore  *self,
                                                     const char    *host,
                                                     guint16        port,
                                                     gboolean      *failed,
                                                     GError       **error);
/* Opens the store for writing and begins a transaction */
gboolean      cv_trust_store_begin_write            (CvTrustStore  *self,
                                                     GError       **error);
/* Commits the transaction if @ok, else (or if that fails) rolls it back */
gboolean      cv_trust_store_commit                 (CvTrustStore  *self,
                                                     gboolean       ok,
                                                     GError       **error);

/* cv-trust-store-open.c: how long a change waits for another program's lock */
#define CV_TRUST_STORE_BUSY_MS 10000
/* For a note that may be left undone ("last seen"), which must not hold up what
 * it goes with, such as a prompt for a transfer: waits @busy_ms at most until
 * cv_trust_store_wait_fully(); the caller holds the lock */
void          cv_trust_store_wait_briefly     (CvTrustStore  *self,
                                               guint          busy_ms);
void          cv_trust_store_wait_fully       (CvTrustStore  *self);

/* cv-trust-store-rows.c */
gboolean      cv_trust_store_prepare          (CvTrustStore  *self,
                                               const char    *sql,
                                               sqlite3_stmt **stmt,
                                               GError       **error);
void          cv_trust_store_finish           (sqlite3_stmt  *stmt);
gboolean      cv_trust_store_step_done        (CvTrustStore  *self,
                                               sqlite3_stmt  *stmt,
                                               GError       **error);
gboolean      cv_trust_store_fields_from_row  (sqlite3_stmt       *stmt,
                                               CvTrustEntryFields *fields,
                                               GStrv              *names,
                                               GStrv              *accepted);
CvTrustEntry *cv_trust_store_entry_from_row   (sqlite3_stmt  *stmt);
CvTrustEntry *cv_trust_store_select_one       (CvTrustStore  *self,
                                               const char    *sql,
                                               const char    *host,
                                               const char    *wildcard,
                                               guint16        port,
                                               gboolean      *failed,
                                               GError       **error);
gboolean      cv_trust_store_delete_decision  (CvTrustStore  *self,
                                               const char    *host,
                                               guint16        port,
                                               GError       **error);
gboolean      cv_trust_store_insert_entry     (CvTrustStore  *self,
                                               CvTrustEntry  *entry,
                                               gboolean       replace,
                                               gboolean      *inserted,
                                               GError       **error);
gboolean      cv_trust_store_insert_entries   (CvTrustStore  *self,
                                               GPtrArray     *entries,
                                               gboolean       replace,
                                               GError       **error);

/* The command that forgets the decision of @key in this store, as a user types it:
 * with --trust-store when the program named another file than the default */
char       *cv_trust_store_dup_forget_command (CvTrustStore *self,
                                              const char   *key);

G_END_DECLS
