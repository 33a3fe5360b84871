/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The store's file before SQLite opens it: what it is, whose it is and what it
 * holds, looked at without changing anything; and the new file a first save makes.
 */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-store-private.h"

#include "cv-error.h"
#include "cv-error-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SQLITE_MAGIC "SQLite format 3"
#define HEADER_SIZE 100
#define LEGACY_MAGIC "# Certview: saved certificate trust decisions"

static gboolean
set_error_valist (GError        **error,
                  CvErrorRemedy   remedy,
                  const char     *format,
                  va_list         args) G_GNUC_PRINTF (3, 0);

static gboolean
set_error_valist (GError        **error,
                  CvErrorRemedy   remedy,
                  const char     *format,
                  va_list         args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  if (remedy == CV_ERROR_REMEDY_NONE)
    g_set_error_literal (error, CV_ERROR, CV_ERROR_TRUST_STORE, message);
  else
    cv_error_set_with_remedy (error, CV_ERROR_TRUST_STORE, remedy, message);
  return FALSE;
}

gboolean
cv_trust_store_error (GError     **error,
                      const char  *format,
                      ...)
{
  va_list args;

  va_start (args, format);
  set_error_valist (error, CV_ERROR_REMEDY_NONE, format, args);
  va_end (args);
  return FALSE;
}

gboolean
cv_trust_store_error_remedy (GError        **error,
                             CvErrorRemedy   remedy,
                             const char     *format,
                             ...)
{
  va_list args;

  va_start (args, format);
  set_error_valist (error, remedy, format, args);
  va_end (args);
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

/*
 * The file's first @size bytes, read through SQLite. A descriptor of Certview's
 * own would, when closed, end every lock that this process's connections hold on
 * the file (POSIX locks are the process's, whichever descriptor took them): another
 * store of the same program would lose its lock, and another program, thinking
 * itself the last one out, would take away the journal that store still writes
 * to. SQLite keeps a descriptor it is done with open until those locks are gone.
 * The number of bytes read, or -1 with @error set.
 */
static gssize
read_header (CvTrustStore      *self,
             const struct stat *st,
             guchar            *header,
             gsize              size,
             GError           **error)
{
  sqlite3 *db = NULL;
  sqlite3_file *file = NULL;
  int rc;

  if (!cv_sqlite_load (error))
    return -1;

  /* Read-only, and no statement: nothing is locked, changed or made beside it */
  memset (header, 0, size);
  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_file_control (db, "main", SQLITE_FCNTL_FILE_POINTER, &file);
  if (rc == SQLITE_OK && (file == NULL || file->pMethods == NULL))
    rc = SQLITE_CANTOPEN;
  if (rc == SQLITE_OK)
    rc = file->pMethods->xRead (file, header, (int) size, 0);
  sqlite3_close_v2 (db);

  /* A shorter file is read whole; SQLite fills the rest with zeros */
  if (rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ)
    return (gssize) MIN ((goffset) size, (goffset) st->st_size);
  cv_trust_store_error (error, _("Could not read the trust store “%s”: %s"), self->path,
                        sqlite3_errstr (rc));
  return -1;
}

/*
 * Looks at the file without changing anything: it must be a regular file (a link
 * to one is fine) of this user's, not writable by others, and empty or an SQLite
 * database that is a Certview store. @st gets what was checked, so that the
 * database opened afterwards can be compared with it.
 */
/* SQLite reads the files beside the store as part of it: a write-ahead log's
 * pages, or a journal's, stand for the store's own. One that another user owns
 * or may write, or a link, could make a saved rejection a trust; the store is
 * then not used, as one of theirs would not be. */
static gboolean
check_companions (CvTrustStore  *self,
                  GError       **error)
{
  static const char *const suffixes[] = { "-wal", "-journal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (self->path, suffixes[i], NULL);
      const char *why = NULL;
      struct stat st;

      if (g_lstat (companion, &st) != 0)
        continue;
      if (!S_ISREG (st.st_mode))
        /* TRANSLATORS: why a file beside the trust store is not to be trusted */
        why = _("is not a plain file");
      else if (st.st_uid != geteuid ())
        why = _("belongs to another user");
      else if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
        why = _("can be changed by other users");
      if (why != NULL)
        /* TRANSLATORS: the first %s is the trust store, the second the file beside
         * it, the third why, as "belongs to another user" */
        return cv_trust_store_error (error,
                                     _("The trust store “%s” is not used: “%s”, which SQLite "
                                       "reads as part of it, %s, and could change the saved "
                                       "decisions. Keep the store in a folder of your own, or "
                                       "if that file is yours, remove it."),
                                     self->path, companion, why);
    }
  return TRUE;
}

gboolean
cv_trust_store_check_file (CvTrustStore           *self,
                           CvTrustStoreFileState  *state,
                           struct stat            *st,
                           GError                **error)
{
  guchar header[HEADER_SIZE];
  struct stat link_st;
  gssize n;

  if (self->path[0] == '\0')
    return cv_trust_store_error_remedy (error, CV_ERROR_REMEDY_NAME_FILE, "%s",
                                        _("No file is named for the trust store."));

  for (guint attempt = 1; ; attempt++)
    {
      int saved_errno;

      /* Looked at, not opened: see read_header() */
      if (g_stat (self->path, st) == 0)
        break;

      saved_errno = errno;
      /* Not there to look at through the name, but there as a name: a link to
       * nothing, or a file that another process made between the two looks, to be
       * looked at again */
      if (saved_errno == ENOENT && g_lstat (self->path, &link_st) == 0)
        {
          if (!S_ISLNK (link_st.st_mode) && attempt < OPEN_ATTEMPTS)
            continue;
          if (S_ISLNK (link_st.st_mode))
            return cv_trust_store_error (error,
                                         _("The trust store “%s” is a symbolic link to a file "
                                           "that does not exist; it is not used. Remove the link "
                                           "or make it point to the store."), self->path);
        }
      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        {
          /* A store made now would take in a log left beside its name */
          if (!check_companions (self, error))
            return FALSE;
          *state = CV_TRUST_STORE_FILE_MISSING;
          return TRUE;
        }
      if (saved_errno == EACCES || saved_errno == EPERM)
        return cv_trust_store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                            _("Could not read the trust store “%s”: %s. Make it, "
                                              "and its folder, readable for you."),
                                            self->path, g_strerror (saved_errno));
      return cv_trust_store_error (error, _("Could not check the trust store “%s”: %s"),
                                   self->path, g_strerror (saved_errno));
    }

  if (!S_ISREG (st->st_mode))
    return cv_trust_store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                        _("The trust store “%s” is %s, not a file; it is not "
                                          "used."),
                                        self->path, file_kind (st->st_mode));
  /* As OpenSSH does with known_hosts: decisions that another user could have
   * written are no decisions of this user's */
  if (st->st_uid != geteuid ())
    return cv_trust_store_error_remedy (error, CV_ERROR_REMEDY_OWN_FILE,
                                        _("The trust store “%s” belongs to another user; it is "
                                          "not used."), self->path);
  if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0)
    return cv_trust_store_error (error,
                                 _("The trust store “%s” can be changed by other users; it is "
                                   "not used. If it is yours, make it private: chmod 600 '%s'"),
                                 self->path, self->path);
  if (g_access (self->path, R_OK) != 0)
    {
      int saved_errno = errno;

      return cv_trust_store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                          _("Could not read the trust store “%s”: %s. Make it, "
                                            "and its folder, readable for you."),
                                          self->path, g_strerror (saved_errno));
    }
  if (!check_companions (self, error))
    return FALSE;

  if (st->st_size == 0)
    {
      *state = CV_TRUST_STORE_FILE_EMPTY;
      return TRUE;
    }

  n = read_header (self, st, header, sizeof header, error);
  if (n < 0)
    return FALSE;

  /* Certview 0.1's file: its first line says so, or, where that line was taken
   * out, its first group names a server and holds a decision */
  if ((n >= (ssize_t) sizeof LEGACY_MAGIC - 1 &&
       memcmp (header, LEGACY_MAGIC, sizeof LEGACY_MAGIC - 1) == 0) ||
      (n > 0 && header[0] == '[' &&
       (g_strstr_len ((const char *) header, n, "\ndecision=") != NULL ||
        g_strstr_len ((const char *) header, n, "\ncertificate-sha256=") != NULL)))
    return cv_trust_store_error (error,
                                 _("“%s” holds saved decisions of Certview 0.1, which this "
                                   "version keeps in a database. It was left as it is; bring its "
                                   "decisions over with: certview --import-trusted '%s'"),
                                 self->path, self->path);

  if (n < HEADER_SIZE || memcmp (header, SQLITE_MAGIC, sizeof SQLITE_MAGIC) != 0)
    return cv_trust_store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                        _("“%s” is not a Certview trust store; it was left as it "
                                          "is."),
                                        self->path);

  /* What every SQLite header holds: a page size that is a power of two from 512
   * to 65536 (stored as 1), and the payload fractions 64, 32 and 32. Without them
   * the file is no database of anyone's, but a damaged one. */
  {
    guint page_size = (guint) header[16] << 8 | header[17];

    if (!(page_size == 1 || (page_size >= 512 && (page_size & (page_size - 1)) == 0)) ||
        header[21] != 64 || header[22] != 32 || header[23] != 32)
      return cv_trust_store_error (error,
                                   _("The trust store “%s” is damaged (its header is not that of "
                                     "a database). It was left as it is: move it away to start a "
                                     "new one, or put back a copy from a backup."), self->path);
  }

  /* Bytes 68–71: the application ID, big-endian. 0: a database not set up yet */
  {
    guint32 id = (guint32) header[68] << 24 | (guint32) header[69] << 16 |
                 (guint32) header[70] << 8 | header[71];

    if (id != STORE_APPLICATION_ID && id != 0)
      return cv_trust_store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                          _("“%s” is a database of another program, not a "
                                            "Certview trust store; it was left as it is."),
                                          self->path);
  }

  *state = CV_TRUST_STORE_FILE_STORE;
  return TRUE;
}


/* Creates the file when there is none: O_EXCL, so that nothing that appeared in
 * the meantime, not even a dangling link, is written through */
gboolean
cv_trust_store_create_file (CvTrustStore  *self,
                            GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      return cv_trust_store_error (error,
                                   _("Could not create the folder “%s” for the trust store: "
                                     "%s"), dir, g_strerror (saved_errno));
    }

  fd = g_open (self->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
        return cv_trust_store_error_remedy (error, CV_ERROR_REMEDY_OTHER_FILE,
                                            _("Could not create the trust store “%s”: %s. Make "
                                              "its folder writable for you."),
                                            self->path, g_strerror (saved_errno));
      return cv_trust_store_error (error, _("Could not create the trust store “%s”: %s"),
                                   self->path, g_strerror (saved_errno));
    }
  if (fd >= 0)
    close (fd);
  return TRUE;
}

