/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * GnuTLS's known_hosts file: the trusted keys added to it for gnutls-cli --tofu,
 * and the servers for which it accepts a key the decisions do not. A covered
 * name goes by the decision the prompt would, chosen as cv_trust_store_lookup()
 * chooses.
 */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-io-private.h"

#include "cv-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <string.h>
#include <unistd.h>

/* Larger than any known_hosts file of people's: 100,000 servers take 13 MB */
#define MAX_KNOWN_HOSTS_SIZE (256 * 1024 * 1024)

/* A name that a known_hosts line holds as it is: "|" separates the fields and a
 * host of "*" would stand for every server */
static gboolean
fits_known_hosts (const char *name)
{
  return strpbrk (name, "|*") == NULL;
}

static char *
hex_string (const guchar *data,
            gsize         len)
{
  GString *hex = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

/* Whether the @size bytes of @fd (the file at @path) are a known_hosts file's:
 * text whose lines are GnuTLS's ("|g0|" keys, "|c0|" commitments), comments or
 * empty. Nothing of another file is quoted: it may be a private key. */
static gboolean
check_known_hosts_lines (int          fd,
                         const char  *path,
                         gsize        size,
                         GError     **error)
{
  g_autofree char *contents = g_malloc (size + 1);
  g_auto(GStrv) lines = NULL;

  if (pread (fd, contents, size, 0) != (ssize_t) size)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("Could not read “%s”. Check that you may read it."), path);
      return FALSE;
    }
  contents[size] = '\0';
  /* GnuTLS reads a comment in any encoding; a NUL byte is no text's */
  if (memchr (contents, '\0', size) != NULL)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("“%s” is not a known_hosts file: it is not text. Give the path of the "
                     "known_hosts file, such as ~/.gnutls/known_hosts."), path);
      return FALSE;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (*line != '\0' && *line != '#' &&
          !g_str_has_prefix (line, "|g0|") && !g_str_has_prefix (line, "|c0|"))
        {
          g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                       /* TRANSLATORS: %s is a file, %u a line number */
                       _("“%s” is not a known_hosts file: line %u is not one GnuTLS writes. "
                         "Give the path of the known_hosts file, such as "
                         "~/.gnutls/known_hosts."), path, i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

/* Whether @path is a file to append to: a regular one, or none yet (a device or a
 * pipe would be read without end, or written to where nothing stays); and ends its
 * last line when it has no line break, for GnuTLS to append whole lines */
static gboolean
prepare_known_hosts_file (const char  *path,
                          GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return TRUE;
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   S_ISDIR (st.st_mode)
                   ? _("“%s” is a folder, not a known_hosts file; give the path of the "
                       "file, such as ~/.gnutls/known_hosts.")
                   : _("“%s” is not a regular file, so it cannot be a known_hosts file; "
                       "give the path of the file, such as ~/.gnutls/known_hosts."), path);
      return FALSE;
    }
  if (st.st_size > MAX_KNOWN_HOSTS_SIZE)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("“%s” is larger than any known_hosts file should be; check that it "
                     "is the right file."), path);
      return FALSE;
    }
  if (access (path, W_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("Could not add to “%s”: %s. Check that you may write it."), path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  /* Lines go at the end of a known_hosts file only: never into a database (the
   * trust store, say), a certificate or a key, and never onto the end of a last
   * line that has no line break */
  if (st.st_size > 0)
    {
      static const char sqlite_magic[] = "SQLite format 3";
      char head[sizeof sqlite_magic] = { 0 };
      char last = '\n';
      int fd = g_open (path, O_RDWR | O_APPEND | O_CLOEXEC, 0);
      gboolean ok = fd >= 0;

      if (ok && pread (fd, head, sizeof head, 0) == (ssize_t) sizeof head &&
          memcmp (head, sqlite_magic, sizeof sqlite_magic) == 0)
        {
          close (fd);
          g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                       _("“%s” is a database, not a known_hosts file; give the path of the "
                         "file, such as ~/.gnutls/known_hosts."), path);
          return FALSE;
        }
      if (ok && !check_known_hosts_lines (fd, path, (gsize) st.st_size, error))
        {
          close (fd);
          return FALSE;
        }
      if (ok && pread (fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
        ok = write (fd, "\n", 1) == 1;
      if (fd >= 0)
        close (fd);
      if (!ok)
        {
          g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                       _("Could not add to “%s”. Check that you may write it."), path);
          return FALSE;
        }
    }
  return TRUE;
}

/* The lines of the known_hosts file at @path, as a set; empty when it cannot be
 * read (GnuTLS then says why, or creates it) */
static GHashTable *
read_known_hosts_lines (const char *path)
{
  GHashTable *lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) split = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return lines;
  split = g_strsplit (contents, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    g_hash_table_add (lines, g_strdup (g_strstrip (split[i])));
  return lines;
}

/* How a decision that covers a name ranks among others covering it, as
 * cv_trust_store_lookup() ranks them: a rejection first, then a trust, then a
 * kind of a later version; the newest first among equals. Negative when @a
 * comes first. */
static int
compare_covering (CvTrustEntry *a,
                  CvTrustEntry *b)
{
  static const int rank[] = {
    [CV_TRUST_DECISION_REJECT] = 0, [CV_TRUST_DECISION_TRUST] = 1,
    [CV_TRUST_DECISION_OTHER] = 2,
  };
  int ra = rank[cv_trust_entry_get_decision (a)];
  int rb = rank[cv_trust_entry_get_decision (b)];

  if (ra != rb)
    return ra - rb;
  return cv_trust_entry_get_created (a) > cv_trust_entry_get_created (b) ? -1
         : cv_trust_entry_get_created (a) < cv_trust_entry_get_created (b) ? 1 : 0;
}

/* Which decision the prompt goes by at each server, as cv_trust_store_lookup()
 * chooses, built once for all the look-ups of an export or a check: every
 * decision by its "host:port", and for each of its other names on its port
 * ("name:port", wildcards as they are) the one of those covering it that comes
 * first */
typedef struct
{
  GHashTable *own;
  GHashTable *covering;
} Decisions;

static void
decisions_init (Decisions *self,
                GPtrArray *entries)
{
  self->own = g_hash_table_new (g_str_hash, g_str_equal);
  self->covering = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (entries, i);
      const char * const *names = cv_trust_entry_get_names (entry);

      g_hash_table_insert (self->own, (gpointer) cv_trust_entry_get_key (entry), entry);
      for (guint j = 0; names != NULL && names[j] != NULL; j++)
        {
          char *key = g_strdup_printf ("%s:%u", names[j], cv_trust_entry_get_port (entry));
          CvTrustEntry *first = g_hash_table_lookup (self->covering, key);

          if (first == NULL || compare_covering (entry, first) < 0)
            g_hash_table_insert (self->covering, key, entry);
          else
            g_free (key);
        }
    }
}

static void
decisions_clear (Decisions *self)
{
  g_clear_pointer (&self->own, g_hash_table_unref);
  g_clear_pointer (&self->covering, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Decisions, decisions_clear)

/* The decision the prompt goes by at @host:@port: the server's own, else the
 * first of those covering the name or a wildcard for its first label; NULL for
 * none */
static CvTrustEntry *
decision_at (Decisions  *self,
             const char *host,
             guint16     port)
{
  g_autofree char *key = cv_trust_key_for (host, port);
  g_autofree char *named = g_strdup_printf ("%s:%u", host, port);
  const char *dot = strchr (host, '.');
  g_autofree char *wildcard = dot != NULL && dot != host
    ? g_strdup_printf ("*%s:%u", dot, port) : NULL;
  CvTrustEntry *by_name;
  CvTrustEntry *by_wildcard;

  if (key != NULL && g_hash_table_contains (self->own, key))
    return g_hash_table_lookup (self->own, key);
  by_name = g_hash_table_lookup (self->covering, named);
  by_wildcard = wildcard != NULL ? g_hash_table_lookup (self->covering, wildcard) : NULL;
  if (by_name == NULL || (by_wildcard != NULL && compare_covering (by_wildcard, by_name) < 0))
    return by_wildcard;
  return by_name;
}

/* The SHA-256 of the public key a known_hosts line accepts, as lower-case hex:
 * a commitment's ("|c0|…|6|HEX", 6 being SHA-256), or of the key itself
 * ("|g0|…|BASE64"); NULL for a line of another kind */
static char *
line_key_hash (char **fields,
               guint  n_fields)
{
  guint64 algorithm = 0;

  if (n_fields == 7 && g_str_equal (fields[1], "c0") &&
      g_ascii_string_to_unsigned (fields[5], 10, 0, G_MAXUINT, &algorithm, NULL) &&
      algorithm == GNUTLS_DIG_SHA256)
    return g_ascii_strdown (fields[6], -1);
  if (n_fields == 6 && g_str_equal (fields[1], "g0"))
    {
      gsize len = 0;
      g_autofree guchar *key = g_base64_decode (fields[5], &len);

      return len > 0 ? g_compute_checksum_for_data (G_CHECKSUM_SHA256, key, len) : NULL;
    }
  return NULL;
}

GPtrArray *
cv_trust_io_known_hosts_at_odds (GPtrArray  *entries,
                                 const char *path)
{
  GPtrArray *at_odds = g_ptr_array_new_with_free_func (g_free);
  g_auto(Decisions) decisions = { NULL, NULL };
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (entries != NULL, at_odds);
  g_return_val_if_fail (path != NULL, at_odds);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return at_odds;
  decisions_init (&decisions, entries);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_strstrip (lines[i]), "|", -1);
      guint n_fields = g_strv_length (fields);
      g_autofree char *hash = NULL;
      g_autofree char *pin_hash = NULL;
      CvTrustEntry *decision;
      guint64 port = 0;

      if (n_fields < 6 || fields[0][0] != '\0' ||
          !g_ascii_string_to_unsigned (fields[3], 10, 1, G_MAXUINT16, &port, NULL) ||
          (hash = line_key_hash (fields, n_fields)) == NULL)
        continue;
      decision = decision_at (&decisions, fields[2], (guint16) port);
      if (decision == NULL || cv_trust_entry_get_decision (decision) == CV_TRUST_DECISION_OTHER)
        continue;

      if (cv_trust_entry_get_decision (decision) == CV_TRUST_DECISION_TRUST)
        {
          const char *pin = cv_trust_entry_get_public_key_pin (decision);
          gsize len = 0;
          g_autofree guchar *raw = g_str_has_prefix (pin, CV_TRUST_IO_PIN_PREFIX)
            ? g_base64_decode (pin + strlen (CV_TRUST_IO_PIN_PREFIX), &len) : NULL;

          pin_hash = raw != NULL ? hex_string (raw, len) : NULL;
          if (pin_hash != NULL && g_ascii_strcasecmp (pin_hash, hash) == 0)
            continue;
        }
      /* Rejected, or trusted with another key: Certview would not connect */
      {
        g_autofree char *key = cv_trust_key_for (fields[2], (guint16) port);

        if (key != NULL && !g_ptr_array_find_with_equal_func (at_odds, key, g_str_equal, NULL))
          g_ptr_array_add (at_odds, g_steal_pointer (&key));
      }
    }
  return at_odds;
}

gboolean
cv_trust_io_write_known_hosts (GPtrArray   *entries,
                               const char  *path,
                               guint       *n_written,
                               GError     **error)
{
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GHashTable) present = NULL;
  g_auto(Decisions) decisions = { NULL, NULL };
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  guint written = 0;

  g_return_val_if_fail (entries != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written != NULL)
    *n_written = 0;

  /* Every pin first, so that a bad one leaves the file as it was */
  for (guint i = 0; i < entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (entries, i);
      const char *pin = cv_trust_entry_get_public_key_pin (entry);
      guchar *hash = NULL;
      gsize hash_len = 0;

      if (cv_trust_entry_get_decision (entry) != CV_TRUST_DECISION_TRUST)
        {
          g_ptr_array_add (hashes, NULL);
          continue;
        }
      if (g_str_has_prefix (pin, CV_TRUST_IO_PIN_PREFIX) &&
          cv_trust_io_is_public_key_pin (pin, strlen (pin)))
        hash = g_base64_decode (pin + strlen (CV_TRUST_IO_PIN_PREFIX), &hash_len);
      if (hash == NULL || hash_len != 32)
        {
          g_free (hash);
          g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                       _("The decision for %s has no SHA-256 public-key pin, which "
                         "known_hosts needs. Decide on that server again."),
                       cv_trust_entry_get_key (entry));
          return FALSE;
        }
      g_ptr_array_add (hashes, g_bytes_new_take (hash, hash_len));
    }

  /* A name goes by the decision the prompt goes by there: its own, or the first
   * of those covering it, a rejection before a trust */
  decisions_init (&decisions, entries);

  if (!prepare_known_hosts_file (path, error))
    return FALSE;
  present = read_known_hosts_lines (path);
  for (guint i = 0; i < entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (entries, i);
      GBytes *hash = g_ptr_array_index (hashes, i);
      const char * const *names = cv_trust_entry_get_names (entry);
      g_autofree char *service = NULL;
      g_autofree char *hex = NULL;
      gnutls_datum_t datum;
      gsize hash_len = 0;

      if (hash == NULL)
        continue;

      datum.data = (unsigned char *) g_bytes_get_data (hash, &hash_len);
      datum.size = (unsigned int) hash_len;
      service = g_strdup_printf ("%u", cv_trust_entry_get_port (entry));
      hex = hex_string (datum.data, datum.size);

      for (int j = -1; j < 0 || names[j] != NULL; j++)
        {
          const char *host = j < 0 ? cv_trust_entry_get_host (entry) : names[j];
          g_autofree char *line = NULL;
          int ret;

          if (!fits_known_hosts (host) ||
              (j >= 0 && decision_at (&decisions, host, cv_trust_entry_get_port (entry)) != entry))
            continue;

          /* A commitment the file holds already is not written again */
          line = g_strdup_printf ("|c0|%s|%s|0|%u|%s", host, service,
                                  (unsigned int) GNUTLS_DIG_SHA256, hex);
          if (!g_hash_table_add (present, g_steal_pointer (&line)))
            continue;

          ret = gnutls_store_commitment (path, NULL, host, service, GNUTLS_DIG_SHA256,
                                         &datum, 0, 0);
          if (ret < 0)
            {
              /* GnuTLS says only "Error in Database backend." */
              g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                           _("Could not add to “%s”. Check that its folder exists and "
                             "that you may write there."), path);
              if (n_written != NULL)
                *n_written = written;
              return FALSE;
            }
          g_ptr_array_add (added, g_strdup_printf ("|c0|%s|%s|0|%u|%s", host, service,
                                                   (unsigned int) GNUTLS_DIG_SHA256, hex));
          written++;
        }
    }

  /* GnuTLS does not say when the disk was full as the file was closed: every line
   * written must be there */
  if (added->len > 0)
    {
      g_autoptr(GHashTable) now = read_known_hosts_lines (path);

      for (guint i = 0; i < added->len; i++)
        if (!g_hash_table_contains (now, g_ptr_array_index (added, i)))
          {
            g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                         _("Could not add to “%s”: what was written is not in it. Check "
                           "that its disk has room."), path);
            return FALSE;
          }
    }

  if (n_written != NULL)
    *n_written = written;
  return TRUE;
}
