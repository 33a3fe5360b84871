/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Opening the store: nothing that is not a Certview store of this user's is ever
 * used, and nothing is created, moved, rewritten or chmodded by reading.
 */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-store-private.h"

#include "cv-error.h"
#include "cv-error-private.h"
#include "cv-trust-io.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* Another program's transaction is waited for this long */
#define LEGACY_NAME "trust.ini"
/* Beside 0.1's file, which is only read: its decisions are in a store already */
#define LEGACY_MARKER_NAME "trust.ini.imported"

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS decisions ("
  "  host TEXT NOT NULL,"
  "  port INTEGER NOT NULL,"
  "  decision TEXT NOT NULL,"
  "  certificate_sha256 TEXT NOT NULL,"
  "  public_key_pin TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  issuer TEXT NOT NULL,"
  "  not_after INTEGER NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  last_seen INTEGER NOT NULL,"
  "  names TEXT NOT NULL DEFAULT '',"
  "  accepted TEXT,"
  "  PRIMARY KEY (host, port)"
  ") WITHOUT ROWID;"
  /* The further names a decision covers, by name: look-ups stay on an index */
  "CREATE TABLE IF NOT EXISTS names ("
  "  name TEXT NOT NULL,"
  "  port INTEGER NOT NULL,"
  "  host TEXT NOT NULL,"
  "  PRIMARY KEY (name, port, host)"
  ") WITHOUT ROWID;";

/* What the system said, when SQLite's failure came from it: "Read-only file system" */
static const char *
system_reason (CvTrustStore *self,
               int           rc)
{
  int saved_errno = self->db ? sqlite3_system_errno (self->db) : 0;

  if (saved_errno != 0)
    return g_strerror (saved_errno);
  if (self->db != NULL)
    return sqlite3_errmsg (self->db);
  return sqlite3_errstr (rc);
}

void
cv_trust_store_wait_briefly (CvTrustStore *self,
                             guint         busy_ms)
{
  self->busy_ms = MIN (busy_ms, CV_TRUST_STORE_BUSY_MS);
  if (self->db != NULL)
    sqlite3_busy_timeout (self->db, (int) self->busy_ms);
}

void
cv_trust_store_wait_fully (CvTrustStore *self)
{
  cv_trust_store_wait_briefly (self, CV_TRUST_STORE_BUSY_MS);
}

/* The store's -wal or -shm file when it is there and its owner may not write it:
 * SQLite makes them with the store's mode, so a read of a read-only store leaves
 * them read-only, and they stay so when the store is made writable again */
static char *
read_only_beside (CvTrustStore *self)
{
  const char *suffixes[] = { "-shm", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (self->path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (path, &st) == 0 && (st.st_mode & S_IWUSR) == 0)
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* A failed SQLite call: damage is said as such, and the file is never moved */
gboolean
cv_trust_store_fail (CvTrustStore  *self,
              int            rc,
              GError       **error)
{
  g_autofree char *read_only_companion = NULL;
  int primary = rc & 0xff;

  self->last_rc = rc;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                 _("The trust store “%s” is damaged (%s). It was left as it is: move it "
                   "away to start a new one, or put back a copy from a backup."),
                 self->path, sqlite3_errstr (rc));
  else if ((primary == SQLITE_BUSY || primary == SQLITE_LOCKED) &&
           self->busy_ms < CV_TRUST_STORE_BUSY_MS)
    g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                 _("Another program is changing the trust store “%s”; try again when it "
                   "is done."), self->path);
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                 _("Another program has kept the trust store “%s” busy for %d seconds; "
                   "try again when it is done."),
                 self->path, CV_TRUST_STORE_BUSY_MS / 1000);
  else if (primary == SQLITE_READONLY && (read_only_companion = read_only_beside (self)) != NULL)
    {
      g_autofree char *problem =
        /* TRANSLATORS: the second %s is the store's -wal or -shm file */
        g_strdup_printf (_("Could not save to the trust store “%s”: the file “%s” beside it, "
                           "which SQLite keeps with it, is read-only (a read while the store "
                           "was read-only leaves it so). The saved decisions are unchanged; "
                           "remove that file while no program has the store open."),
                         self->path, read_only_companion);

      cv_error_set_with_remedy (error, CV_ERROR_TRUST_STORE, CV_ERROR_REMEDY_OTHER_FILE,
                                problem);
    }
  else if (primary == SQLITE_READONLY)
    {
      g_autofree char *problem =
        g_strdup_printf (_("Could not save to the trust store “%s”: you may not write it, or "
                           "its folder. The saved decisions are unchanged; make both "
                           "writable for you."), self->path);

      cv_error_set_with_remedy (error, CV_ERROR_TRUST_STORE, CV_ERROR_REMEDY_OTHER_FILE,
                                problem);
    }
  else if (primary == SQLITE_FULL)
    g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                 _("Could not save to the trust store “%s”: %s. The saved decisions are "
                   "unchanged; free some space and try again."),
                 self->path, g_strerror (ENOSPC));
  else
    g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                 _("Could not use the trust store “%s”: %s. The saved decisions are "
                   "unchanged."),
                 self->path, system_reason (self, rc));
  return FALSE;
}

gboolean
cv_trust_store_exec (CvTrustStore  *self,
          const char    *sql,
          GError       **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK || cv_trust_store_fail (self, rc, error);
}

/* The file SQLite opened must be the one check_file() looked at */
static gboolean
same_file (CvTrustStore       *self,
           const struct stat  *checked,
           GError            **error)
{
  struct stat now;

  if (g_stat (self->path, &now) != 0 || now.st_dev != checked->st_dev ||
      now.st_ino != checked->st_ino)
    return cv_trust_store_error (error,
                                 _("The trust store “%s” was replaced while it was being opened; "
                                   "try again."), self->path);
  return TRUE;
}

static int
query_int (sqlite3    *db,
           const char *sql,
           int        *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* A Certview store, or an SQLite file with nothing in it yet (set up on writing) */
static gboolean
check_schema (CvTrustStore  *self,
              gboolean      *needs_setup,
              GError       **error)
{
  int n_tables = 0;
  int n_objects = 0;
  int id = 0;
  int rc;

  if ((rc = query_int (self->db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                       "AND name = 'decisions'", &n_tables)) != SQLITE_OK ||
      (rc = query_int (self->db, "SELECT count(*) FROM sqlite_master", &n_objects)) !=
        SQLITE_OK ||
      (rc = query_int (self->db, "PRAGMA application_id", &id)) != SQLITE_OK)
    return cv_trust_store_fail (self, rc, error);

  *needs_setup = n_objects == 0 || (n_tables == 0 && id == STORE_APPLICATION_ID);
  if (!*needs_setup && (n_tables != 1 || id != STORE_APPLICATION_ID))
    return cv_trust_store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                        _("“%s” is a database of another program, not a Certview "
                                          "trust store; it was left as it is."), self->path);
  return TRUE;
}

static gboolean
open_db (CvTrustStore       *self,
         int                 flags,
         const struct stat  *checked,
         GError            **error)
{
  g_autofree char *uri = NULL;
  int rc;

  if (!cv_sqlite_load (error))
    return FALSE;

  if (flags & SQLITE_OPEN_URI)
    {
      g_autofree char *absolute = g_canonicalize_filename (self->path, NULL);
      g_autofree char *base = g_filename_to_uri (absolute, NULL, NULL);

      if (base == NULL)
        return cv_trust_store_error (error, _("Could not read the trust store “%s”."), self->path);
      uri = g_strconcat (base, "?immutable=1", NULL);
    }
  rc = sqlite3_open_v2 (uri ? uri : self->path, &self->db, flags | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      cv_trust_store_fail (self, rc, error);
      g_clear_pointer (&self->db, sqlite3_close_v2);
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, (int) self->busy_ms);
  sqlite3_extended_result_codes (self->db, 1);

  if (checked != NULL)
    {
      self->dev = checked->st_dev;
      self->ino = checked->st_ino;
    }
  if (checked != NULL && !same_file (self, checked, error))
    {
      g_clear_pointer (&self->db, sqlite3_close_v2);
      return FALSE;
    }
  return TRUE;
}

/* WAL, so that readers never wait for a writer and a writer killed half-way
 * leaves the last committed state; kept in the file once set, and every save is
 * on disk when it returns. Leaving the rollback journal takes the file for this
 * connection alone, and SQLite answers SQLITE_BUSY at once, without its busy
 * handler, while another connection holds the write lock: it would deadlock
 * otherwise. So a new store that several programs open at once is retried here,
 * within the same time as any other wait. */
static gboolean
switch_to_wal (CvTrustStore  *self,
               GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + self->busy_ms * (gint64) 1000;
  gulong pause_us = 1000;
  int rc;

  while ((rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;",
                             NULL, NULL, NULL)) != SQLITE_OK)
    {
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () >= deadline)
        return cv_trust_store_fail (self, rc, error);
      g_usleep (pause_us);
      pause_us = MIN (pause_us * 2, 50000);
    }
  return TRUE;
}

/* Certview 0.1 kept its decisions in trust.ini beside the default store */
static char *
legacy_marker_path_for (CvTrustStore *self)
{
  g_autofree char *dir = g_path_get_dirname (self->path);

  return g_build_filename (dir, LEGACY_MARKER_NAME, NULL);
}

/* NULL when there is none, or when it was imported once: a decision forgotten
 * since must not come back with a new store (trust.db moved away, or empty) */
static char *
legacy_path_for (CvTrustStore *self)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *marker = NULL;

  if (!self->is_default)
    return NULL;
  dir = g_path_get_dirname (self->path);
  path = g_build_filename (dir, LEGACY_NAME, NULL);
  marker = legacy_marker_path_for (self);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_file_test (marker, G_FILE_TEST_EXISTS))
    return NULL;
  return g_steal_pointer (&path);
}

/* Says that 0.1's decisions are in the store, so that no store imports them again */
static gboolean
write_legacy_marker (CvTrustStore  *self,
                     GError       **error)
{
  g_autofree char *marker = legacy_marker_path_for (self);
  g_autofree char *text =
    g_strdup_printf ("# Certview imported the saved decisions of Certview 0.1 in %s into\n"
                     "# %s and will not import them again, so that a decision forgotten\n"
                     "# since stays forgotten. To have them back, import the file with\n"
                     "# certview --import-trusted, which adds only what is not decided.\n",
                     self->legacy_path, self->path);

  return g_file_set_contents_full (marker, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

static GPtrArray *
read_legacy (CvTrustStore  *self,
             GError       **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *entries;
  gsize len;

  if (!g_file_get_contents (self->legacy_path, &text, &len, &local_error))
    {
      cv_trust_store_error (error,
                            _("Could not read the saved decisions of Certview 0.1 in “%s”: %s"),
                            self->legacy_path, local_error->message);
      return NULL;
    }
  entries = cv_trust_io_parse_legacy (text, len, &local_error);
  if (entries == NULL)
    cv_trust_store_error (error,
                          _("The saved decisions of Certview 0.1 in “%s” could not be read (%s). "
                            "The file was left as it is; fix it and import it with "
                            "certview --import-trusted."),
                          self->legacy_path, local_error->message);
  return entries;
}

/* Creates the tables; the caller holds a write transaction */
static gboolean
setup_schema (CvTrustStore  *self,
              GError       **error)
{
  g_autofree char *pragmas =
    g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                     STORE_APPLICATION_ID, CV_TRUST_STORE_SCHEMA_VERSION);

  return cv_trust_store_exec (self, schema_sql, error) &&
         cv_trust_store_exec (self, pragmas, error);
}

/* No store file: an empty store, or 0.1's decisions held in memory until a save */
static gboolean
open_missing (CvTrustStore  *self,
              GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_clear_pointer (&self->legacy_path, g_free);
  self->legacy_path = legacy_path_for (self);
  if (self->legacy_path == NULL)
    {
      self->state = CV_TRUST_STORE_MISSING;
      return TRUE;
    }

  entries = read_legacy (self, error);
  if (entries == NULL || !cv_sqlite_load (error))
    return FALSE;

  if (sqlite3_open_v2 (":memory:", &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK ||
      !cv_trust_store_exec (self, schema_sql, error) ||
      !cv_trust_store_insert_entries (self, entries, TRUE, error))
    {
      g_clear_pointer (&self->db, sqlite3_close_v2);
      return FALSE;
    }
  self->state = CV_TRUST_STORE_LEGACY;
  return TRUE;
}

/* The shared-memory file of the store: the index of its journal, which all
 * connections of all programs must share to see each other's writes */
static void
note_shared_memory (CvTrustStore *self)
{
  struct stat st;

  if (self->shm_path == NULL)
    self->shm_path = g_strconcat (self->path, "-shm", NULL);
  self->shm_dev = 0;
  self->shm_ino = 0;
  /* A connection makes it, or takes it up, at its first read */
  if (g_stat (self->shm_path, &st) != 0 && self->db != NULL)
    sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (g_stat (self->shm_path, &st) == 0)
    {
      self->shm_dev = st.st_dev;
      self->shm_ino = st.st_ino;
    }
}

/* Whether the connection still shares the shared-memory file of the others. When
 * the last program out deletes it (while a connection in this one had let go of
 * its lock), this connection would go on reading its own copy: others' writes
 * unseen, or files gone. */
static gboolean
same_shared_memory (CvTrustStore *self)
{
  struct stat st;

  if (self->shm_ino == 0)
    return TRUE;
  return g_stat (self->shm_path, &st) == 0 && st.st_dev == self->shm_dev &&
         st.st_ino == self->shm_ino;
}

/*
 * What is open is still what the path names: a store object can live as long as a
 * window, while the user removes, replaces or first creates the file elsewhere.
 * Two stat() an operation, the file and its shared memory, so that nothing is ever
 * saved into a file that is no longer the store, nor read from a journal no one
 * else writes.
 */
static gboolean
still_current (CvTrustStore *self)
{
  struct stat st;

  switch (self->state)
    {
    case CV_TRUST_STORE_CLOSED:
      return FALSE;
    case CV_TRUST_STORE_MISSING:
    case CV_TRUST_STORE_LEGACY:
      return g_stat (self->path, &st) != 0;
    case CV_TRUST_STORE_READ_ONLY:
    case CV_TRUST_STORE_WRITABLE:
    default:
      return g_stat (self->path, &st) == 0 && st.st_dev == self->dev &&
             st.st_ino == self->ino && same_shared_memory (self);
    }
}

/* Whether @rc is SQLite's failure to make or use the shared-memory file that
 * reading a WAL database needs: a read-only folder or file system, a full disk */
static gboolean
shared_memory_refused (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_READONLY:
      /* Recovery is a journal to replay: the file alone would be out of date */
      return rc != SQLITE_READONLY_RECOVERY;
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
      return TRUE;
    case SQLITE_IOERR:
      return rc == SQLITE_IOERR_SHMOPEN || rc == SQLITE_IOERR_SHMSIZE ||
             rc == SQLITE_IOERR_SHMMAP || rc == SQLITE_IOERR_SHMLOCK;
    default:
      return FALSE;
    }
}

gboolean
cv_trust_store_open_for_reading (CvTrustStore  *self,
                                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  CvTrustStoreFileState file;
  gboolean needs_setup;

  if (still_current (self))
    return TRUE;
  cv_trust_store_close (self);

  if (!cv_trust_store_check_file (self, &file, &st, error))
    return FALSE;
  if (file == CV_TRUST_STORE_FILE_MISSING)
    return open_missing (self, error);
  if (file == CV_TRUST_STORE_FILE_EMPTY)
    {
      self->state = CV_TRUST_STORE_MISSING;
      return TRUE;
    }

  self->last_rc = 0;
  if (!open_db (self, SQLITE_OPEN_READONLY, &st, error))
    return FALSE;
  if (!check_schema (self, &needs_setup, &local_error))
    {
      g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
      struct stat wal_st;

      cv_trust_store_close (self);
      /* Reading a WAL database needs its shared-memory file, which a read-only
       * folder or a full disk cannot give. When the journal holds nothing, the
       * file alone is the store, and can be read as it is. Never past another
       * program's lock, nor a damaged file: the file alone would be read while
       * it changes, or read wrong. */
      if (!g_error_matches (local_error, CV_ERROR, CV_ERROR_TRUST_STORE) ||
          !shared_memory_refused (self->last_rc) ||
          (g_stat (wal, &wal_st) == 0 && wal_st.st_size > 0))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!open_db (self, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &st, error))
        return FALSE;
      if (!check_schema (self, &needs_setup, error))
        {
          cv_trust_store_close (self);
          return FALSE;
        }
    }
  if (needs_setup)
    {
      /* Set up by the first save */
      cv_trust_store_close (self);
      self->state = CV_TRUST_STORE_MISSING;
      return TRUE;
    }
  note_shared_memory (self);
  self->state = CV_TRUST_STORE_READ_ONLY;
  return TRUE;
}

gboolean
cv_trust_store_open_for_writing (CvTrustStore  *self,
                                 GError       **error)
{
  g_autoptr(GPtrArray) legacy = NULL;
  struct stat st;
  CvTrustStoreFileState file;
  gboolean needs_setup;

  if (self->state == CV_TRUST_STORE_WRITABLE && still_current (self))
    return TRUE;
  cv_trust_store_close (self);

  if (!cv_trust_store_check_file (self, &file, &st, error))
    return FALSE;
  if (file == CV_TRUST_STORE_FILE_MISSING)
    {
      if (!cv_trust_store_create_file (self, error) ||
          !cv_trust_store_check_file (self, &file, &st, error))
        return FALSE;
      if (file == CV_TRUST_STORE_FILE_MISSING)
        return cv_trust_store_error (error, _("Could not create the trust store “%s”."),
                                     self->path);
    }

  if (!open_db (self, SQLITE_OPEN_READWRITE, &st, error))
    return FALSE;

  /* SQLite falls back to reading a file it cannot write: say why instead */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      int saved_errno = g_access (self->path, W_OK) == 0 ? EACCES : errno;

      cv_trust_store_close (self);
      return cv_trust_store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                          _("Could not save to the trust store “%s”: %s. The "
                                            "saved decisions are unchanged; make the file and its "
                                            "folder writable for you."),
                                          self->path, g_strerror (saved_errno));
    }

  if (!cv_trust_store_exec (self, "BEGIN IMMEDIATE", error))
    {
      cv_trust_store_close (self);
      return FALSE;
    }

  if (!check_schema (self, &needs_setup, error))
    goto rollback;

  if (needs_setup)
    {
      g_autofree char *legacy_path = legacy_path_for (self);

      if (!setup_schema (self, error))
        goto rollback;

      /* 0.1's decisions come over once, with the store they now live in */
      if (legacy_path != NULL)
        {
          g_autoptr(GError) legacy_error = NULL;

          g_free (self->legacy_path);
          self->legacy_path = g_steal_pointer (&legacy_path);
          legacy = read_legacy (self, &legacy_error);
          if (legacy == NULL)
            {
              g_free (self->notice);
              self->notice = g_strdup (legacy_error->message);
            }
          else if (!cv_trust_store_insert_entries (self, legacy, TRUE, error))
            goto rollback;
        }
    }

  if (!cv_trust_store_exec (self, "COMMIT", error))
    goto rollback;

  /* Only now that the file is known to be a store */
  if (!switch_to_wal (self, error))
    {
      cv_trust_store_close (self);
      return FALSE;
    }

  if (legacy != NULL)
    {
      g_autoptr(GError) marker_error = NULL;

      g_free (self->notice);
      if (write_legacy_marker (self, &marker_error))
        self->notice = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE,
                       "The %u saved decision of Certview 0.1 in “%s” was imported into “%s”; "
                       "the old file was left in place.",
                       "The %u saved decisions of Certview 0.1 in “%s” were imported into "
                       "“%s”; the old file was left in place.", legacy->len),
          legacy->len, self->legacy_path, self->path);
      else
        self->notice = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE,
                       "The %u saved decision of Certview 0.1 in “%s” was imported into “%s”, "
                       "but the note that it was could not be written (%s). Delete the old "
                       "file, or a new store would import it again.",
                       "The %u saved decisions of Certview 0.1 in “%s” were imported into "
                       "“%s”, but the note that they were could not be written (%s). Delete the "
                       "old file, or a new store would import it again.", legacy->len),
          legacy->len, self->legacy_path, self->path, marker_error->message);
    }
  note_shared_memory (self);
  self->state = CV_TRUST_STORE_WRITABLE;
  return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  cv_trust_store_close (self);
  return FALSE;
}
