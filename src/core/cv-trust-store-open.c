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
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Another program's transaction is waited for this long */
#define BUSY_TIMEOUT_MS 10000
/* PRAGMA application_id: "CvTs", so that no other program's database is taken */
#define STORE_APPLICATION_ID 0x43765473
#define SQLITE_MAGIC "SQLite format 3"
#define HEADER_SIZE 100
#define LEGACY_NAME "trust.ini"
#define LEGACY_MAGIC "# Certview: saved certificate trust decisions"

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

static gboolean
store_error (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
store_error (GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CV_ERROR, CV_ERROR_TRUST_STORE, message);
  return FALSE;
}

/* A store that cannot be used as it is named: @problem says why, and a sentence after
 * it what to do, in words for any program; the command line says it with its option */
static gboolean
store_error_remedy (GError        **error,
                    CvErrorRemedy   remedy,
                    const char     *format,
                    ...) G_GNUC_PRINTF (3, 4);

static gboolean
store_error_remedy (GError        **error,
                    CvErrorRemedy   remedy,
                    const char     *format,
                    ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  cv_error_set_with_remedy (error, CV_ERROR_TRUST_STORE, remedy, problem);
  return FALSE;
}

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

/* A failed SQLite call: damage is said as such, and the file is never moved */
gboolean
cv_trust_store_fail (CvTrustStore  *self,
              int            rc,
              GError       **error)
{
  int primary = rc & 0xff;

  self->last_rc = rc;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                 _("The trust store “%s” is damaged (%s). It was left as it is: move it "
                   "away to start a new one, or put back a copy from a backup."),
                 self->path, sqlite3_errstr (rc));
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                 _("Another program has kept the trust store “%s” busy for %d seconds; "
                   "try again when it is done."),
                 self->path, BUSY_TIMEOUT_MS / 1000);
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

static const char *
file_kind (mode_t mode)
{
  if (S_ISDIR (mode))
    return _("a folder");
  if (S_ISFIFO (mode))
    return _("a named pipe");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return _("a device");
  if (S_ISSOCK (mode))
    return _("a socket");
  return _("not a regular file");
}

/* A file that appears while it is being looked at is opened again, this many
 * times in all: other processes create the store at the same moment */
#define OPEN_ATTEMPTS 3

typedef enum
{
  FILE_MISSING,
  FILE_EMPTY,     /* a regular file with nothing in it yet */
  FILE_STORE,     /* an SQLite database: ours, or not set up yet */
} FileState;

/*
 * Looks at the file without changing anything: it must be a regular file (a link
 * to one is fine) of this user's, not writable by others, and empty or an SQLite
 * database that is a Certview store. @st gets what was checked, so that the
 * database opened afterwards can be compared with it.
 */
static gboolean
check_file (CvTrustStore  *self,
            FileState     *state,
            struct stat   *st,
            GError       **error)
{
  guchar header[HEADER_SIZE];
  struct stat link_st;
  ssize_t n;
  int fd;

  if (self->path[0] == '\0')
    return store_error_remedy (error, CV_ERROR_REMEDY_NAME_FILE, "%s",
                               _("No file is named for the trust store."));

  for (guint attempt = 1; ; attempt++)
    {
      int saved_errno;

      /* Non-blocking, so that a named pipe cannot hang the open */
      fd = g_open (self->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
      if (fd >= 0)
        break;

      saved_errno = errno;
      /* Not there to open, but there to look at: a link to nothing, or a file
       * that another process made between the two looks, to be opened again */
      if (saved_errno == ENOENT && g_lstat (self->path, &link_st) == 0)
        {
          if (!S_ISLNK (link_st.st_mode) && attempt < OPEN_ATTEMPTS)
            continue;
          if (S_ISLNK (link_st.st_mode))
            return store_error (error,
                                _("The trust store “%s” is a symbolic link to a file that "
                                  "does not exist; it is not used. Remove the link or make "
                                  "it point to the store."), self->path);
        }
      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        {
          *state = FILE_MISSING;
          return TRUE;
        }
      if (saved_errno == EACCES || saved_errno == EPERM)
        return store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                   _("Could not read the trust store “%s”: %s. Make it, and "
                                     "its folder, readable for you."),
                                   self->path, g_strerror (saved_errno));
      return store_error (error, _("Could not read the trust store “%s”: %s"),
                          self->path, g_strerror (saved_errno));
    }

  if (fstat (fd, st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return store_error (error, _("Could not check the trust store “%s”: %s"),
                          self->path, g_strerror (saved_errno));
    }

  if (!S_ISREG (st->st_mode))
    {
      close (fd);
      return store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                 _("The trust store “%s” is %s, not a file; it is not used."),
                                 self->path, file_kind (st->st_mode));
    }
  /* As OpenSSH does with known_hosts: decisions that another user could have
   * written are no decisions of this user's */
  if (st->st_uid != geteuid ())
    {
      close (fd);
      return store_error_remedy (error, CV_ERROR_REMEDY_OWN_FILE,
                                 _("The trust store “%s” belongs to another user; it is not "
                                   "used."), self->path);
    }
  if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0)
    {
      close (fd);
      return store_error (error,
                          _("The trust store “%s” can be changed by other users; it is not "
                            "used. If it is yours, make it private: chmod 600 '%s'"),
                          self->path, self->path);
    }

  if (st->st_size == 0)
    {
      close (fd);
      *state = FILE_EMPTY;
      return TRUE;
    }

  do
    n = read (fd, header, sizeof header);
  while (n < 0 && errno == EINTR);
  close (fd);

  /* Certview 0.1's file: its first line says so, or, where that line was taken
   * out, its first group names a server and holds a decision */
  if ((n >= (ssize_t) sizeof LEGACY_MAGIC - 1 &&
       memcmp (header, LEGACY_MAGIC, sizeof LEGACY_MAGIC - 1) == 0) ||
      (n > 0 && header[0] == '[' &&
       (g_strstr_len ((const char *) header, n, "\ndecision=") != NULL ||
        g_strstr_len ((const char *) header, n, "\ncertificate-sha256=") != NULL)))
    return store_error (error,
                        _("“%s” holds saved decisions of Certview 0.1, which this version "
                          "keeps in a database. It was left as it is; bring its decisions "
                          "over with: certview --import-trusted '%s'"),
                        self->path, self->path);

  if (n < HEADER_SIZE || memcmp (header, SQLITE_MAGIC, sizeof SQLITE_MAGIC) != 0)
    return store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                               _("“%s” is not a Certview trust store; it was left as it is."),
                               self->path);

  /* What every SQLite header holds: a page size that is a power of two from 512
   * to 65536 (stored as 1), and the payload fractions 64, 32 and 32. Without them
   * the file is no database of anyone's, but a damaged one. */
  {
    guint page_size = (guint) header[16] << 8 | header[17];

    if (!(page_size == 1 || (page_size >= 512 && (page_size & (page_size - 1)) == 0)) ||
        header[21] != 64 || header[22] != 32 || header[23] != 32)
      return store_error (error,
                          _("The trust store “%s” is damaged (its header is not that of a "
                            "database). It was left as it is: move it away to start a new "
                            "one, or put back a copy from a backup."), self->path);
  }

  /* Bytes 68–71: the application ID, big-endian. 0: a database not set up yet */
  {
    guint32 id = (guint32) header[68] << 24 | (guint32) header[69] << 16 |
                 (guint32) header[70] << 8 | header[71];

    if (id != STORE_APPLICATION_ID && id != 0)
      return store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                 _("“%s” is a database of another program, not a Certview "
                                   "trust store; it was left as it is."), self->path);
  }

  *state = FILE_STORE;
  return TRUE;
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
    return store_error (error,
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
    return store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
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
        return store_error (error, _("Could not read the trust store “%s”."), self->path);
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
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
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
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * (gint64) 1000;
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
legacy_path_for (CvTrustStore *self)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (!self->is_default)
    return NULL;
  dir = g_path_get_dirname (self->path);
  path = g_build_filename (dir, LEGACY_NAME, NULL);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&path) : NULL;
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
      store_error (error, _("Could not read the saved decisions of Certview 0.1 in “%s”: %s"),
                   self->legacy_path, local_error->message);
      return NULL;
    }
  entries = cv_trust_io_parse_legacy (text, len, &local_error);
  if (entries == NULL)
    store_error (error,
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

  return cv_trust_store_exec (self, schema_sql, error) && cv_trust_store_exec (self, pragmas, error);
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

/*
 * What is open is still what the path names: a store object can live as long as a
 * window, while the user removes, replaces or first creates the file elsewhere.
 * One stat() an operation, so that nothing is ever saved into a file that is no
 * longer the store.
 */
/* The shared-memory file of the store: the index of its journal, which all
 * connections of all programs must share to see each other's writes */
static void
note_shared_memory (CvTrustStore *self)
{
  g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);
  struct stat st;

  self->shm_dev = 0;
  self->shm_ino = 0;
  /* A connection makes it, or takes it up, at its first read */
  if (g_stat (shm, &st) != 0 && self->db != NULL)
    sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (g_stat (shm, &st) == 0)
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
  g_autofree char *shm = NULL;
  struct stat st;

  if (self->shm_ino == 0)
    return TRUE;
  shm = g_strconcat (self->path, "-shm", NULL);
  return g_stat (shm, &st) == 0 && st.st_dev == self->shm_dev && st.st_ino == self->shm_ino;
}

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
  FileState file;
  gboolean needs_setup;

  if (still_current (self))
    return TRUE;
  cv_trust_store_close (self);

  if (!check_file (self, &file, &st, error))
    return FALSE;
  if (file == FILE_MISSING)
    return open_missing (self, error);
  if (file == FILE_EMPTY)
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

/* Creates the file when there is none: O_EXCL, so that nothing that appeared in
 * the meantime, not even a dangling link, is written through */
static gboolean
create_file (CvTrustStore  *self,
             GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      return store_error (error, _("Could not create the folder “%s” for the trust store: %s"),
                          dir, g_strerror (saved_errno));
    }

  fd = g_open (self->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
        return store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                   _("Could not create the trust store “%s”: %s. Make its "
                                     "folder writable for you."),
                                   self->path, g_strerror (saved_errno));
      return store_error (error, _("Could not create the trust store “%s”: %s"),
                          self->path, g_strerror (saved_errno));
    }
  if (fd >= 0)
    close (fd);
  return TRUE;
}

gboolean
cv_trust_store_open_for_writing (CvTrustStore  *self,
                                 GError       **error)
{
  g_autoptr(GPtrArray) legacy = NULL;
  struct stat st;
  FileState file;
  gboolean needs_setup;

  if (self->state == CV_TRUST_STORE_WRITABLE && still_current (self))
    return TRUE;
  cv_trust_store_close (self);

  if (!check_file (self, &file, &st, error))
    return FALSE;
  if (file == FILE_MISSING)
    {
      if (!create_file (self, error) || !check_file (self, &file, &st, error))
        return FALSE;
      if (file == FILE_MISSING)
        return store_error (error, _("Could not create the trust store “%s”."), self->path);
    }

  if (!open_db (self, SQLITE_OPEN_READWRITE, &st, error))
    return FALSE;

  /* SQLite falls back to reading a file it cannot write: say why instead */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      int saved_errno = g_access (self->path, W_OK) == 0 ? EACCES : errno;

      cv_trust_store_close (self);
      return store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                 _("Could not save to the trust store “%s”: %s. The saved "
                                   "decisions are unchanged; make the file and its folder "
                                   "writable for you."),
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
      g_free (self->notice);
      self->notice = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "The %u saved decision of Certview 0.1 in “%s” was imported into “%s”; "
                     "the old file was left in place.",
                     "The %u saved decisions of Certview 0.1 in “%s” were imported into "
                     "“%s”; the old file was left in place.", legacy->len),
        legacy->len, self->legacy_path, self->path);
    }
  note_shared_memory (self);
  self->state = CV_TRUST_STORE_WRITABLE;
  return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  cv_trust_store_close (self);
  return FALSE;
}
