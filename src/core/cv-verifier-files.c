/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-verifier-private.h"

#include "cv-error.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* The files the verifier reads: certificate files and the CA file */

/* Certificate files and CA bundles are far smaller; this bounds the reading */
#define MAX_FILE_SIZE (10 * 1024 * 1024)

gboolean
cv_verifier_read_file (const char  *path,
                       GBytes     **contents,
                       GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GByteArray) buffer = NULL;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("Could not read “%s”: %s."), display, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("Could not read “%s”: %s."), display, g_strerror (EISDIR));
      g_close (fd, NULL);
      return FALSE;
    }

  buffer = g_byte_array_new ();
  for (;;)
    {
      guint8 chunk[16 * 1024];
      gssize n_read = read (fd, chunk, sizeof chunk);

      if (n_read < 0 && errno == EINTR)
        continue;

      if (n_read < 0)
        {
          int saved_errno = errno;

          g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                       _("Could not read “%s”: %s."), display, g_strerror (saved_errno));
          g_close (fd, NULL);
          return FALSE;
        }

      if (n_read == 0)
        break;

      /* Also stops an endless device or pipe */
      if (buffer->len + (gsize) n_read > MAX_FILE_SIZE)
        {
          g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                       _("The file “%s” is larger than 10 MiB, too large to be a "
                         "certificate file."), display);
          g_close (fd, NULL);
          return FALSE;
        }

      g_byte_array_append (buffer, chunk, n_read);
    }

  g_close (fd, NULL);
  *contents = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return TRUE;
}

/*
 * The CA file is read for every verification, so that a change to it counts at
 * once. What was read last is kept with what stat() said of the file just before:
 * the same file (device, inode), size and change time mean the same contents, once
 * that change time is older than the read by more than the clock's coarseness
 * (any write after the read then moves it). One stat() instead of reading the file.
 */
#define CA_FILE_SETTLED_US G_USEC_PER_SEC

static GMutex  ca_file_lock;
static char   *ca_file_path;
static GBytes *ca_file_contents;
static struct stat ca_file_stat;
static gint64  ca_file_read_at;

gboolean
cv_verifier_read_ca_file (const char  *path,
                          GBytes     **contents,
                          GError     **error)
{
  struct stat st;
  gboolean have_stat;
  gint64 now = g_get_real_time ();

  have_stat = g_stat (path, &st) == 0 && S_ISREG (st.st_mode);

  g_mutex_lock (&ca_file_lock);
  if (have_stat && ca_file_path != NULL && strcmp (path, ca_file_path) == 0 &&
      cv_same_file_state (&st, &ca_file_stat) &&
      (gint64) st.st_ctim.tv_sec * G_USEC_PER_SEC + st.st_ctim.tv_nsec / 1000 <
        ca_file_read_at - CA_FILE_SETTLED_US)
    {
      *contents = g_bytes_ref (ca_file_contents);
      g_mutex_unlock (&ca_file_lock);
      return TRUE;
    }
  g_mutex_unlock (&ca_file_lock);

  if (!cv_verifier_read_file (path, contents, error))
    return FALSE;

  if (have_stat)
    {
      g_mutex_lock (&ca_file_lock);
      g_free (ca_file_path);
      ca_file_path = g_strdup (path);
      g_clear_pointer (&ca_file_contents, g_bytes_unref);
      ca_file_contents = g_bytes_ref (*contents);
      ca_file_stat = st;
      ca_file_read_at = now;
      g_mutex_unlock (&ca_file_lock);
    }
  return TRUE;
}
