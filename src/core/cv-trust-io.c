/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* "sha256//" and the base64 of 32 bytes */
#define PIN_LEN (8 + 44)
/* 32 bytes as "ab:" … "ef" */
#define SHA256_LEN (32 * 3 - 1)

/* Shared checks */

/* Time stamps are "YYYY-MM-DDTHH:MM:SSZ"; converted by hand because a file may
 * hold many of them and GDateTime would need a copy of each */
static int
digits (const char *text,
        guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

gboolean
cv_trust_io_parse_time (const char *text,
            gsize       len,
            gint64     *out)
{
  int year, month, day, hour, minute, second;
  gint64 days;
  int y, era, yoe, doy, doe;

  if (text == NULL || len != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    return FALSE;
  for (guint i = 0; i < 19; i++)
    if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = digits (text, 4);
  month = digits (text + 5, 2);
  day = digits (text + 8, 2);
  hour = digits (text + 11, 2);
  minute = digits (text + 14, 2);
  second = digits (text + 17, 2);
  /* The years GDateTime writes back; no leap second, which would carry past 9999,
   * and no 31 February, which would be read as a day in March */
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month (month, year) || hour > 23 || minute > 59 ||
      second > 59)
    return FALSE;

  /* Days from the civil date (proleptic Gregorian), 1970-01-01 = 0 */
  y = year - (month <= 2);
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  days = (gint64) era * 146097 + doe - 719468;

  *out = days * 86400 + hour * 3600 + minute * 60 + second;
  return TRUE;
}

/* Only the form Certview writes, so that the fingerprint compares as text */
gboolean
cv_trust_io_is_sha256_fingerprint (const char *text,
                                   gsize       len)
{
  if (text == NULL || len != SHA256_LEN)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (i % 3 == 2 ? text[i] != ':' : !g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
cv_trust_io_fingerprints_are_valid (const char *certificate_sha256,
                                    const char *public_key_pin)
{
  return certificate_sha256 != NULL && public_key_pin != NULL &&
         cv_trust_io_is_sha256_fingerprint (certificate_sha256, strlen (certificate_sha256)) &&
         cv_trust_io_is_public_key_pin (public_key_pin, strlen (public_key_pin));
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* "sha256//" and the base64 of a SHA-256 digest */
gboolean
cv_trust_io_is_public_key_pin (const char *text,
                   gsize       len)
{
  if (text == NULL || len != PIN_LEN || strncmp (text, CV_TRUST_IO_PIN_PREFIX, 8) != 0)
    return FALSE;
  for (gsize i = 8; i < len - 1; i++)
    if (!is_base64_char (text[i]))
      return FALSE;
  return text[len - 1] == '=';
}

/* A kind of decision, known or from a later version: a word fit to show */
static gboolean
is_decision_word (const char *text)
{
  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/*
 * What every format requires of a decision. Returns NULL when @fields make an
 * entry that reads back the same from the export, else why not (translated).
 */
static const char *
check_fields (const CvTrustEntryFields *fields)
{
  g_autofree char *host = cv_trust_normalize_host (fields->host);

  if (host == NULL)
    return _("the host is not a server name");
  if (fields->port == 0)
    return _("the port is not a number from 1 to 65535");
  if (fields->decision == NULL)
    return _("the decision is missing");
  if (!is_decision_word (fields->decision))
    return _("the decision is not a word");
  if (fields->certificate_sha256 == NULL || fields->public_key_pin == NULL)
    return _("a fingerprint is missing");
  if (!cv_trust_io_is_sha256_fingerprint (fields->certificate_sha256,
                                          strlen (fields->certificate_sha256)) ||
      !cv_trust_io_is_public_key_pin (fields->public_key_pin, strlen (fields->public_key_pin)))
    return _("a fingerprint is malformed");
  if ((fields->subject != NULL && !g_utf8_validate (fields->subject, -1, NULL)) ||
      (fields->issuer != NULL && !g_utf8_validate (fields->issuer, -1, NULL)))
    return _("the subject or issuer is not UTF-8 text");
  for (guint i = 0; fields->names != NULL && fields->names[i] != NULL; i++)
    {
      g_autofree char *name = cv_trust_normalize_host (fields->names[i]);

      if (name == NULL)
        return _("a further name is not a server name");
    }
  for (guint i = 0; fields->accepted != NULL && fields->accepted[i] != NULL; i++)
    if (!is_decision_word (fields->accepted[i]))
      return _("an accepted problem is not a word");
  return NULL;
}

void
cv_trust_io_collection_init (CvTrustIoCollection *collection)
{
  collection->entries = g_ptr_array_new_with_free_func (g_object_unref);
  collection->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
cv_trust_io_collection_clear (CvTrustIoCollection *collection)
{
  g_clear_pointer (&collection->entries, g_ptr_array_unref);
  g_clear_pointer (&collection->keys, g_hash_table_unref);
}

/* Checks and adds a decision; @replace: a later one for the same server takes the
 * place of the earlier one, else it is an error. Returns NULL or why not. */
const char *
cv_trust_io_collection_add (CvTrustIoCollection               *collection,
                const CvTrustEntryFields *fields,
                gboolean                  replace)
{
  CvTrustEntry *entry;
  const char *why;
  guint index;

  why = check_fields (fields);
  if (why != NULL)
    return why;

  entry = cv_trust_entry_new_full (fields);
  g_assert (entry != NULL);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (collection->keys,
                                                 cv_trust_entry_get_key (entry)));
  if (index != 0 && !replace)
    {
      g_object_unref (entry);
      return _("the server is listed twice");
    }
  if (index != 0)
    {
      g_object_unref (g_ptr_array_index (collection->entries, index - 1));
      g_ptr_array_index (collection->entries, index - 1) = entry;
      return NULL;
    }

  g_ptr_array_add (collection->entries, entry);
  g_hash_table_insert (collection->keys, g_strdup (cv_trust_entry_get_key (entry)),
                       GUINT_TO_POINTER (collection->entries->len));
  return NULL;
}

GPtrArray *
cv_trust_io_collection_steal (CvTrustIoCollection *collection)
{
  return g_steal_pointer (&collection->entries);
}

gboolean
cv_trust_io_begin (const char **text,
                   gsize        len,
                   GError     **error)
{
  if (len > CV_TRUST_IO_MAX_SIZE)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The file is larger than %u MiB, too large for saved decisions. "
                     "Choose the right file."), CV_TRUST_IO_MAX_SIZE / (1024 * 1024));
      return FALSE;
    }
  /* No NULL for the byte functions that follow */
  if (len == 0)
    *text = "";
  return TRUE;
}

gboolean
cv_trust_io_is_text (const char *text,
                     gsize       len)
{
  return memchr (text, '\0', len) == NULL && g_utf8_validate_len (text, len, NULL);
}

/* Any of them */

/* Whether @text begins with Certview 0.1's group of an IPv6 server,
 * "[[2001:db8::1]:21]" on a line of its own */
static gboolean
is_ipv6_group (const char *text,
               gsize       len)
{
  gsize i = 2;

  if (len < 2 || text[0] != '[' || text[1] != '[')
    return FALSE;
  while (i < len && (g_ascii_isxdigit (text[i]) || text[i] == ':' || text[i] == '.'))
    i++;
  if (i == 2 || i + 1 >= len || text[i] != ']' || text[i + 1] != ':')
    return FALSE;
  i += 2;
  if (i >= len || !g_ascii_isdigit (text[i]))
    return FALSE;
  while (i < len && g_ascii_isdigit (text[i]))
    i++;
  if (i >= len || text[i] != ']')
    return FALSE;
  for (i++; i < len && text[i] != '\n'; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

/* "[" and then, after any space, a JSON value that no host name begins with; but
 * not the group of an IPv6 server, which begins with "[[" too */
static gboolean
is_json_list (const char *text,
              gsize       len)
{
  gsize i = 1;

  if (len == 0 || text[0] != '[' || is_ipv6_group (text, len))
    return FALSE;
  while (i < len && g_ascii_isspace (text[i]))
    i++;
  return i == len || strchr ("{[]\"", text[i]) != NULL;
}

GPtrArray *
cv_trust_io_parse (const char     *text,
                   gsize           len,
                   gint64          now,
                   CvTrustFormat  *format,
                   GError        **error)
{
  gsize start = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cv_trust_io_begin (&text, len, error))
    return NULL;

  /* Editors on some systems begin UTF-8 files with a byte-order mark */
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      len -= 3;
    }
  while (start < len && g_ascii_isspace (text[start]))
    start++;

  if (start == len)
    {
      g_set_error_literal (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                           _("The file is empty: it holds no decisions to import."));
      return NULL;
    }
  if (!cv_trust_io_is_text (text, len))
    {
      g_set_error_literal (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                           _("The file is not text, so it holds no saved decisions. Certview "
                             "imports its own export (JSON), FileZilla’s trustedcerts.xml and "
                             "Certview 0.1’s trust.ini."));
      return NULL;
    }

  /* A section of Certview 0.1's file begins with "[", as does a JSON list, which
   * no Certview export is; the JSON reader says so */
  if (start < len && (text[start] == '{' || is_json_list (text + start, len - start)))
    {
      if (format != NULL)
        *format = CV_TRUST_FORMAT_JSON;
      return cv_trust_io_parse_json (text, len, error);
    }
  if (start < len && text[start] == '<')
    {
      if (format != NULL)
        *format = CV_TRUST_FORMAT_FILEZILLA;
      return cv_trust_io_parse_filezilla (text, len, now, error);
    }
  /* Certview 0.1's file begins with a section or a comment; anything else is none
   * of the three */
  if (text[start] != '[' && text[start] != '#' && text[start] != ';')
    {
      g_set_error_literal (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                           _("The file holds no saved decisions that Certview can read. "
                             "Certview imports its own export (JSON), FileZilla’s "
                             "trustedcerts.xml and Certview 0.1’s trust.ini."));
      return NULL;
    }
  if (format != NULL)
    *format = CV_TRUST_FORMAT_LEGACY;
  return cv_trust_io_parse_legacy (text, len, error);
}

/* GnuTLS's known_hosts */

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

/* Whether @name is among @entry's other names, as the store matches them: the
 * name itself, or a wildcard for its first label */
static gboolean
covers_name (CvTrustEntry *entry,
             const char   *name)
{
  const char * const *names = cv_trust_entry_get_names (entry);
  const char *dot = strchr (name, '.');
  g_autofree char *wildcard = dot != NULL && dot != name ? g_strconcat ("*", dot, NULL) : NULL;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_equal (names[i], name) || (wildcard != NULL && g_str_equal (names[i], wildcard)))
      return TRUE;
  return FALSE;
}

/* Whether @entry is the decision the prompt goes by at @name on its port, among
 * @entries that have no decision of the name's own */
static gboolean
speaks_for (GPtrArray    *entries,
            CvTrustEntry *entry,
            const char   *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      CvTrustEntry *other = g_ptr_array_index (entries, i);

      if (other != entry &&
          cv_trust_entry_get_port (other) == cv_trust_entry_get_port (entry) &&
          covers_name (other, name) && compare_covering (other, entry) < 0)
        return FALSE;
    }
  return TRUE;
}

/* The decision the prompt goes by at @host:@port among @entries: the server's own,
 * else the first of those covering it; NULL for none */
static CvTrustEntry *
decision_at (GPtrArray  *entries,
             const char *host,
             guint16     port)
{
  g_autofree char *key = cv_trust_key_for (host, port);
  CvTrustEntry *best = NULL;

  for (guint i = 0; key != NULL && i < entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (cv_trust_entry_get_key (entry), key))
        return entry;
      if (cv_trust_entry_get_port (entry) == port && covers_name (entry, host) &&
          (best == NULL || compare_covering (entry, best) < 0))
        best = entry;
    }
  return best;
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
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (entries != NULL, at_odds);
  g_return_val_if_fail (path != NULL, at_odds);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return at_odds;
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
      decision = decision_at (entries, fields[2], (guint16) port);
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
  g_autoptr(GHashTable) own = NULL;
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

  /* A name with a decision of its own goes by that one, as the prompt does: a
   * decision that covers other names never speaks for it */
  own = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < entries->len; i++)
    g_hash_table_add (own, (gpointer) cv_trust_entry_get_key (g_ptr_array_index (entries, i)));

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

          if (!fits_known_hosts (host))
            continue;
          if (j >= 0)
            {
              g_autofree char *key = cv_trust_key_for (host, cv_trust_entry_get_port (entry));

              if (key != NULL && g_hash_table_contains (own, key))
                continue;
              /* Nor where another decision covering it comes first: a rejection */
              if (!speaks_for (entries, entry, host))
                continue;
            }

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
