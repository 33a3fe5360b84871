/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-io-private.h"

#include "cv-error.h"
#include "cv-format-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

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
    if (cv_unichar_is_control (g_utf8_get_char (p)))
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
  /* A certificate's name may be one; the server a decision is for is not */
  if (g_str_has_prefix (host, "*."))
    return _("the host is a wildcard, not a server: a decision is for one server, and "
             "its further names cover the others");
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
      /* As --all-names decides: an address is covered by its own decision only */
      if (g_hostname_is_ip_address (name))
        return _("a further name is an IP address, which only a decision of its own "
                 "may cover");
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
