/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cli-private.h"

#include "cv-error.h"
#include "cv-trust-io.h"
#include "cv-trust-store.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/*
 * --import-trusted and --export-trusted / --export-known-hosts: the files read
 * and written, never a pipe or device that could hang the reading, never the
 * store itself, and an export that replaces its file whole.
 */

/* The whole of a regular file: never a pipe or device that could hang the read */
static gboolean
read_import_file (const char  *path,
                  char       **text,
                  gsize       *len,
                  GError     **error)
{
  GStatBuf st;

  /* "-": what is piped in, as --export-trusted - writes it */
  if (g_str_equal (path, "-") || g_str_equal (path, "/dev/stdin"))
    {
      g_autoptr(GByteArray) buffer = g_byte_array_new ();
      guint8 chunk[16 * 1024];
      size_t n;

      while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
        {
          g_byte_array_append (buffer, chunk, (guint) n);
          if (buffer->len > CV_TRUST_IO_MAX_SIZE)
            {
              g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                           _("Standard input holds more than %d MiB; it is not a file of "
                             "saved decisions."), CV_TRUST_IO_MAX_SIZE / (1024 * 1024));
              return FALSE;
            }
        }
      if (ferror (stdin))
        {
          int saved_errno = errno;

          g_set_error (error, CV_ERROR, CV_ERROR_FILE, _("Could not read standard input: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }
      *len = buffer->len;
      g_byte_array_append (buffer, (const guint8 *) "", 1);
      *text = (char *) g_byte_array_free (g_steal_pointer (&buffer), FALSE);
      return TRUE;
    }

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CV_ERROR, CV_ERROR_FILE, _("Could not read “%s”: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("“%s” is not a regular file; name the file to import."), path);
      return FALSE;
    }
  if (st.st_size > CV_TRUST_IO_MAX_SIZE)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("“%s” is larger than %d MiB; it is not a file of saved decisions."),
                   path, CV_TRUST_IO_MAX_SIZE / (1024 * 1024));
      return FALSE;
    }
  return g_file_get_contents (path, text, len, error);
}

CvExit
cv_cli_run_import (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(CvTrustImport) import = NULL;
  g_autofree char *text = NULL;
  CvTrustFormat format;
  gsize len;
  const char *from = g_str_equal (options->import_trusted, "-") ||
                     g_str_equal (options->import_trusted, "/dev/stdin")
                       ? _("standard input") : options->import_trusted;

  if (!read_import_file (options->import_trusted, &text, &len, &error) ||
      (entries = cv_trust_io_parse (text, len, g_get_real_time () / G_USEC_PER_SEC, &format,
                                    &error)) == NULL)
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }
  /* Nothing to save: no store is made for it */
  if (entries->len == 0)
    {
      g_print (_("Imported from “%s”: %u added, %u already saved, %u different and left "
                 "alone.\n"), from, 0, 0, 0);
      return CV_EXIT_VALID;
    }
  if ((store = cv_cli_open_store (options, &error)) == NULL ||
      (import = cv_trust_store_import (store, entries, &error)) == NULL)
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }
  cv_cli_print_store_notice (store);

  for (guint i = 0; i < import->added->len; i++)
    {
      CvTrustEntry *added = g_ptr_array_index (import->added, i);

      g_print (_("Added %s.\n"), cv_trust_entry_get_key (added));
      /* From a later Certview: kept as it is, and never applied */
      if (cv_trust_entry_get_decision (added) == CV_TRUST_DECISION_OTHER)
        g_printerr (_("certview: The decision for %s is of a kind this version does not "
                      "know (“%s”); it is kept, listed, and never applied.\n"),
                    cv_trust_entry_get_key (added), cv_trust_entry_get_decision_name (added));
    }
  for (guint i = 0; i < import->differing->len; i++)
    {
      CvTrustEntry *differing = g_ptr_array_index (import->differing, i);
      g_autoptr(CvTrustEntry) covering =
        cv_trust_store_lookup (store, cv_trust_entry_get_host (differing),
                               cv_trust_entry_get_port (differing), NULL);

      if (covering != NULL && g_strcmp0 (cv_trust_entry_get_key (covering),
                                         cv_trust_entry_get_key (differing)) != 0)
        g_printerr (_("certview: Left as it is: %s goes by the decision saved for %s, which "
                      "covers it and says otherwise. Forget that one first to take the "
                      "file's.\n"),
                    cv_trust_entry_get_key (differing), cv_trust_entry_get_key (covering));
      else
        g_printerr (_("certview: Left as it is: %s has another saved decision than the one "
                      "in the file. Forget it first to take the file's.\n"),
                    cv_trust_entry_get_key (differing));
    }
  g_print (_("Imported from “%s”: %u added, %u already saved, %u different and left "
             "alone.\n"),
           from, import->added->len, import->skipped->len, import->differing->len);
  return import->differing->len > 0 ? CV_EXIT_INVALID : CV_EXIT_VALID;
}

/* @path with its links followed, as many as the kernel follows, each relative to
 * its own folder; still a link when they lead round in a circle */
static char *
follow_links (const char *path)
{
  char *current = g_canonicalize_filename (path, NULL);

  for (guint hops = 0; hops < 40 && g_file_test (current, G_FILE_TEST_IS_SYMLINK); hops++)
    {
      g_autofree char *link = g_file_read_link (current, NULL);
      g_autofree char *folder = NULL;

      if (link == NULL)
        break;
      folder = g_path_get_dirname (current);
      g_free (current);
      current = g_canonicalize_filename (link, folder);
    }
  return current;
}

/* Whether @path (its links followed) is the trust store at @store_path or a file
 * SQLite keeps beside it: the write-ahead journal, its index, a rollback journal.
 * Written over, they lose or bring back decisions, so they count by name, also
 * before they exist, as well as by what they are. @itself: whether it is the
 * store */
static gboolean
is_store_file (const char *path,
               const char *store_path,
               gboolean   *itself)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *target = NULL;
  g_autofree char *named = NULL;
  g_autofree char *store = NULL;
  GStatBuf st;

  if (store_path == NULL)
    return FALSE;
  target = follow_links (path);
  named = g_canonicalize_filename (store_path, NULL);
  store = follow_links (store_path);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *beside_name = g_strconcat (named, suffixes[i], NULL);
      g_autofree char *beside_store = g_strconcat (store, suffixes[i], NULL);
      GStatBuf beside_st;

      *itself = i == 0;
      if (g_str_equal (target, beside_name) || g_str_equal (target, beside_store))
        return TRUE;
      if (g_stat (target, &st) == 0 && g_stat (beside_store, &beside_st) == 0 &&
          st.st_dev == beside_st.st_dev && st.st_ino == beside_st.st_ino)
        return TRUE;
    }
  return FALSE;
}

/* An error when an export to @path would write over the store or its files */
static gboolean
refuse_store_file (const char  *path,
                   const char  *store_path,
                   GError     **error)
{
  gboolean itself = FALSE;

  if (!is_store_file (path, store_path, &itself))
    return TRUE;
  if (itself)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("“%s” is the trust store itself; give the name of another file "
                   "to write the decisions to"), path);
  else
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("“%s” belongs to the trust store “%s”, which needs it as it is; give "
                   "the name of another file to write to"), path, store_path);
  return FALSE;
}

/* The file that an export to @path writes: @path, or what it links to, so that the
 * file is replaced and the link stays; an error for people when it cannot be one */
static gboolean
export_target (const char  *path,
               const char  *store_path,
               char       **target,
               GError     **error)
{
  g_autofree char *current = NULL;

  if (path[0] == '\0')
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           _("Give --export-trusted the name of a file to write, or - for "
                             "standard output"));
      return FALSE;
    }

  current = follow_links (path);

  if (g_file_test (current, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_LOOP,
                   _("“%s” is a link that leads round in a circle; give the name of a "
                     "file to write the decisions to"), path);
      return FALSE;
    }
  if (g_file_test (current, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("“%s” is a folder; give the name of a file to write the decisions to"),
                   path);
      return FALSE;
    }
  /* The export replaces the file: never a device or a pipe, nor a file its owner
   * made read-only (root may write it, but the mode says not to), nor the store
   * it is read from and the files beside it */
  if (g_file_test (current, G_FILE_TEST_EXISTS) &&
      !g_file_test (current, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” is not a regular file; give the name of a file to write the "
                     "decisions to, or - for standard output"), path);
      return FALSE;
    }
  if (!refuse_store_file (path, store_path, error))
    return FALSE;
  if (g_file_test (current, G_FILE_TEST_EXISTS))
    {
      GStatBuf st;

      if (g_access (current, W_OK) != 0 ||
          (g_stat (current, &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                       _("“%s” is read-only; make it writable first, or give another "
                         "name"), path);
          return FALSE;
        }
    }

  *target = g_steal_pointer (&current);
  return TRUE;
}

/* Why a file could not be written, without the name of GLib's temporary file
 * that its message begins with ("Failed to write file “x.json.AB12CD”: …") */
static const char *
file_error_reason (const GError *error)
{
  const char *after_name = strstr (error->message, "”: ");

  return after_name != NULL && after_name[strlen ("”: ")] != '\0'
           ? after_name + strlen ("”: ")
           : error->message;
}

CvExit
cv_cli_run_export (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTrustStore) store = cv_cli_open_store (options, &error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *json = NULL;
  g_autofree char *target = NULL;
  const char *path = options->export_trusted;
  guint n_written = 0;

  if (store == NULL || (entries = cv_trust_store_list (store, &error)) == NULL)
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }

  if (options->export_known_hosts != NULL)
    {
      /* GnuTLS adds to a file; "-" would be a file of that name */
      if (g_str_equal (options->export_known_hosts, "-"))
        {
          g_printerr ("certview: %s\n",
                      _("--export-known-hosts adds to the file that gnutls-cli --tofu "
                        "reads, such as ~/.gnutls/known_hosts: give its path"));
          return CV_EXIT_FAILED;
        }
      if (!refuse_store_file (options->export_known_hosts, cv_trust_store_get_path (store),
                              &error) ||
          !cv_trust_io_write_known_hosts (entries, options->export_known_hosts, &n_written,
                                          &error))
        {
          cv_cli_print_error (error);
          return CV_EXIT_FAILED;
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "Added %u trusted key to “%s”.\n",
                            "Added %u trusted keys to “%s”.\n", n_written),
               n_written, options->export_known_hosts);

      /* GnuTLS only appends: lines written before a decision changed stay */
      {
        g_autoptr(GPtrArray) at_odds =
          cv_trust_io_known_hosts_at_odds (entries, options->export_known_hosts);

        for (guint i = 0; i < at_odds->len; i++)
          g_printerr (_("certview: “%s” still accepts for %s a key that Certview does not "
                        "(rejected, or not the key trusted): gnutls-cli --tofu would connect. "
                        "Remove that server's lines from the file.\n"),
                      options->export_known_hosts, (char *) g_ptr_array_index (at_odds, i));
        return at_odds->len > 0 ? CV_EXIT_INVALID : CV_EXIT_VALID;
      }
    }

  json = cv_trust_io_to_json (entries);
  /* NULL: json-glib is missing, which the library has said */
  if (json == NULL)
    return CV_EXIT_FAILED;
  if (g_str_equal (path, "-"))
    {
      fputs (json, stdout);
      return fflush (stdout) == 0 ? CV_EXIT_VALID : CV_EXIT_FAILED;
    }
  if (!export_target (options->export_trusted, cv_trust_store_get_path (store), &target,
                      &error))
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }
  /* The decisions say which servers the user deals with: private, as the store */
  if (!g_file_set_contents_full (target, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &error))
    {
      /* GLib's message names the temporary file beside it */
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
          g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
          g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM) ||
          g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ROFS))
        {
          g_printerr ("certview: ");
          g_printerr (_("Could not write “%s”. Check that its folder exists and that you "
                        "may write in it."), path);
          g_printerr ("\n");
        }
      else if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
        {
          g_printerr ("certview: ");
          g_printerr (_("Could not write “%s”: the disk is full. Nothing was written; make "
                        "room, or write it elsewhere."), path);
          g_printerr ("\n");
        }
      else
        {
          g_printerr ("certview: ");
          /* TRANSLATORS: the second %s is why, as the system says it */
          g_printerr (_("Could not write “%s”: %s"), path, file_error_reason (error));
          g_printerr ("\n");
        }
      return CV_EXIT_FAILED;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u saved decision to “%s”.\n",
                        "Wrote %u saved decisions to “%s”.\n", entries->len),
           entries->len, path);
  return CV_EXIT_VALID;
}
