/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-store.h"

#include "cv-error.h"
#include "cv-trust-entry-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_TIMEOUT_US (10 * G_USEC_PER_SEC)
#define HEADER "# Certview: saved certificate trust decisions. Manage them with\n" \
               "# certview --list-trusted and --forget HOST:PORT.\n"

struct _CvTrustStore
{
  GObject     parent_instance;

  char       *path;
  /* key → CvTrustEntry */
  GHashTable *entries;
};

G_DEFINE_FINAL_TYPE (CvTrustStore, cv_trust_store, G_TYPE_OBJECT)

char *
cv_trust_store_get_default_path (void)
{
  const char *env = g_getenv (CV_TRUST_STORE_ENV);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "certview", "trust.ini", NULL);
}

static GHashTable *
new_entry_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
}

/* Time stamps are "YYYY-MM-DDTHH:MM:SSZ"; converted by hand because the store
 * holds three per decision and is read whole before every save. */
static int
digits (const char *text,
        guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

static gboolean
parse_time (const char *text,
            gsize       len,
            gint64     *out)
{
  int year, month, day, hour, minute, second;
  gint64 days;
  int y, era, yoe, doy, doe;

  if (len != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
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
  /* The years GDateTime writes back; no leap second, which would carry past 9999 */
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 59)
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

static void
append_time (GString *out,
             gint64   seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  if (time == NULL)
    time = g_date_time_new_from_unix_utc (0);
  g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (time), g_date_time_get_month (time),
                          g_date_time_get_day_of_month (time), g_date_time_get_hour (time),
                          g_date_time_get_minute (time), g_date_time_get_second (time));
}

static void
append_escaped (GString    *out,
                const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case ' ':
          g_string_append (out, p == value ? "\\s" : " ");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

/* One allocation: the store is read whole before every save */
static char *
unescape (const char *value,
          gsize       len)
{
  char *out = g_malloc (len + 1);
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (value[i] == '\\' && i + 1 < len)
        {
          i++;
          switch (value[i])
            {
            case 'n': out[n++] = '\n'; break;
            case 'r': out[n++] = '\r'; break;
            case 't': out[n++] = '\t'; break;
            case 's': out[n++] = ' '; break;
            default: out[n++] = value[i];
            }
        }
      else
        out[n++] = value[i];
    }
  out[n] = '\0';
  return out;
}

/* "host:port" or "[v6]:port", @len bytes with no NUL among them */
static gboolean
parse_key (const char  *key,
           gsize        len,
           char       **host,
           guint16     *port)
{
  const char *key_end = key + len;
  const char *colon;
  const char *host_start = key;
  const char *host_end;
  guint64 number = 0;

  if (key[0] == '[')
    {
      host_end = memchr (key, ']', len);
      if (host_end == NULL || host_end + 1 >= key_end || host_end[1] != ':')
        return FALSE;
      host_start = key + 1;
      colon = host_end + 1;
    }
  else
    {
      colon = NULL;
      for (const char *c = key; c < key_end; c++)
        if (*c == ':')
          colon = c;
      if (colon == NULL)
        return FALSE;
      host_end = colon;
    }

  if (host_end == host_start || colon + 1 >= key_end || !g_ascii_isdigit (colon[1]))
    return FALSE;

  /* Brackets hold an IPv6 address and nothing else; a bare host has no colon,
   * so that the key written back for it reads the same */
  for (const char *p = host_start; p < host_end; p++)
    {
      if (*p == '[' || *p == ']' || (*p == ':' && key[0] != '['))
        return FALSE;
    }
  if (key[0] == '[' && memchr (host_start, ':', host_end - host_start) == NULL)
    return FALSE;
  for (const char *c = colon + 1; c < key_end; c++)
    {
      if (!g_ascii_isdigit (*c) || number > 65535)
        return FALSE;
      number = number * 10 + (guint64) (*c - '0');
    }
  if (number == 0 || number > 65535)
    return FALSE;

  *host = g_ascii_strdown (host_start, host_end - host_start);
  *port = (guint16) number;
  return TRUE;
}

/* A value as it stands in the file: no copy until a decision is made of it */
typedef struct
{
  const char *text;
  gsize       len;
} Slice;

typedef struct
{
  Slice key;
  Slice decision;
  Slice certificate_sha256;
  Slice public_key_pin;
  Slice subject;
  Slice issuer;
  Slice not_after;
  Slice created;
  Slice last_seen;
  guint line;
} Group;

/* g_ascii_strdown() of a slice, without a function call a byte */
static char *
slice_dup_lower (Slice slice)
{
  char *out = g_malloc (slice.len + 1);

  for (gsize i = 0; i < slice.len; i++)
    {
      char c = slice.text[i];

      out[i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
  out[slice.len] = '\0';
  return out;
}

static gboolean
slice_is (Slice       slice,
          const char *text)
{
  return slice.text != NULL && slice.len == strlen (text) &&
         memcmp (slice.text, text, slice.len) == 0;
}

static gboolean
damaged (GError **error,
         guint    line,
         const char *what)
{
  g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
               _("Line %u of the trust store is damaged: %s"), line, what);
  return FALSE;
}

/* Fingerprints are written as they are, so only their own alphabet may pass */
static gboolean
is_made_of (Slice        slice,
            const guchar allowed[256])
{
  if (slice.len == 0)
    return FALSE;
  for (gsize i = 0; i < slice.len; i++)
    if (!allowed[(guchar) slice.text[i]])
      return FALSE;
  return TRUE;
}

static const guchar *
alphabet_table (guchar      table[256],
                const char *alphabet)
{
  memset (table, 0, 256);
  for (const char *c = alphabet; *c != '\0'; c++)
    table[(guchar) *c] = 1;
  return table;
}

static gboolean
finish_group (Group       *group,
              GHashTable  *entries,
              GError     **error)
{
  static gsize tables_ready;
  static guchar hex_table[256];
  static guchar base64_table[256];
  g_autofree char *host = NULL;
  g_autofree char *key = NULL;
  CvTrustDecision decision;
  guint16 port;
  gint64 not_after, created, last_seen;
  CvTrustEntry *entry;

  if (group->key.text == NULL)
    return TRUE;

  if (g_once_init_enter (&tables_ready))
    {
      alphabet_table (hex_table, "0123456789abcdefABCDEF:");
      alphabet_table (base64_table,
                      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
      g_once_init_leave (&tables_ready, 1);
    }

  if (!parse_key (group->key.text, group->key.len, &host, &port))
    return damaged (error, group->line, _("the server is not HOST:PORT"));
  if (slice_is (group->decision, "trust"))
    decision = CV_TRUST_DECISION_TRUST;
  else if (slice_is (group->decision, "reject"))
    decision = CV_TRUST_DECISION_REJECT;
  else
    return damaged (error, group->line, _("the decision is neither “trust” nor “reject”"));
  if (group->certificate_sha256.text == NULL || group->public_key_pin.text == NULL)
    return damaged (error, group->line, _("a fingerprint is missing"));
  if (!is_made_of (group->certificate_sha256, hex_table) ||
      !is_made_of (group->public_key_pin, base64_table))
    return damaged (error, group->line, _("a fingerprint is malformed"));
  if (!parse_time (group->not_after.text, group->not_after.len, &not_after) ||
      !parse_time (group->created.text, group->created.len, &created) ||
      !parse_time (group->last_seen.text, group->last_seen.len, &last_seen))
    return damaged (error, group->line, _("a date is missing or malformed"));

  /* As the table keys it: "[HOST:21]" and "[host:21]" are the same server */
  key = cv_trust_key_for (host, port);
  if (g_hash_table_contains (entries, key))
    return damaged (error, group->line, _("the server is listed twice"));

  entry = cv_trust_entry_new_take (g_steal_pointer (&host), port, g_steal_pointer (&key),
                                   decision,
                                   slice_dup_lower (group->certificate_sha256),
                                   g_strndup (group->public_key_pin.text,
                                              group->public_key_pin.len),
                                   unescape (group->subject.text, group->subject.len),
                                   unescape (group->issuer.text, group->issuer.len),
                                   not_after, created, last_seen);
  g_hash_table_replace (entries, (gpointer) cv_trust_entry_get_key (entry), entry);
  *group = (Group) { 0 };
  return TRUE;
}

GHashTable *
cv_trust_store_parse (const char  *text,
                      gsize        len,
                      GError     **error)
{
  g_autoptr(GHashTable) entries = new_entry_table ();
  Group group = { 0 };
  const char *p = text;
  const char *end = text + len;
  guint line = 0;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol ? eol : end;
      const char *equals;
      gsize key_len;
      Slice *slot = NULL;

      line++;
      if (line_end > p && line_end[-1] == '\r')
        line_end--;

      if (memchr (p, '\0', line_end - p) != NULL)
        {
          damaged (error, line, _("it holds a NUL byte"));
          return NULL;
        }

      if (line_end == p || *p == '#')
        ;
      else if (*p == '[')
        {
          if (line_end[-1] != ']' || line_end - p < 3)
            {
              damaged (error, line, _("a section header is malformed"));
              return NULL;
            }
          if (!finish_group (&group, entries, error))
            return NULL;
          group.key = (Slice) { p + 1, line_end - p - 2 };
          group.line = line;
        }
      else if ((equals = memchr (p, '=', line_end - p)) != NULL && group.key.text != NULL)
        {
          key_len = equals - p;
#define KEY_IS(name) (key_len == strlen (name) && memcmp (p, name, key_len) == 0)
          if (KEY_IS ("decision"))
            slot = &group.decision;
          else if (KEY_IS ("certificate-sha256"))
            slot = &group.certificate_sha256;
          else if (KEY_IS ("public-key-pin"))
            slot = &group.public_key_pin;
          else if (KEY_IS ("subject"))
            slot = &group.subject;
          else if (KEY_IS ("issuer"))
            slot = &group.issuer;
          else if (KEY_IS ("not-after"))
            slot = &group.not_after;
          else if (KEY_IS ("created"))
            slot = &group.created;
          else if (KEY_IS ("last-seen"))
            slot = &group.last_seen;
#undef KEY_IS
          /* Keys from a newer version are passed over */
          if (slot != NULL)
            *slot = (Slice) { equals + 1, line_end - equals - 1 };
        }
      else
        {
          damaged (error, line, _("it is neither a section nor KEY=VALUE"));
          return NULL;
        }

      p = eol ? eol + 1 : end;
    }

  if (!finish_group (&group, entries, error))
    return NULL;

  return g_steal_pointer (&entries);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  CvTrustEntry *entry_a = *(CvTrustEntry * const *) a;
  CvTrustEntry *entry_b = *(CvTrustEntry * const *) b;
  int cmp = strcmp (cv_trust_entry_get_host (entry_a), cv_trust_entry_get_host (entry_b));

  if (cmp != 0)
    return cmp;
  return (int) cv_trust_entry_get_port (entry_a) - (int) cv_trust_entry_get_port (entry_b);
}

static GPtrArray *
sorted_entries (GHashTable *entries)
{
  GPtrArray *list = g_ptr_array_new_full (g_hash_table_size (entries), g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, g_object_ref (value));
  g_ptr_array_sort (list, compare_entries);
  return list;
}

char *
cv_trust_store_serialize (GHashTable *entries)
{
  g_autoptr(GPtrArray) list = sorted_entries (entries);
  GString *out = g_string_sized_new (64 + list->len * 400);

  g_string_append (out, HEADER);
  for (guint i = 0; i < list->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (list, i);

      g_string_append_printf (out, "\n[%s]\ndecision=%s\ncertificate-sha256=%s\n"
                              "public-key-pin=%s\nsubject=",
                              cv_trust_entry_get_key (entry),
                              cv_trust_decision_to_string (cv_trust_entry_get_decision (entry)),
                              cv_trust_entry_get_certificate_sha256 (entry),
                              cv_trust_entry_get_public_key_pin (entry));
      append_escaped (out, cv_trust_entry_get_subject (entry));
      g_string_append (out, "\nissuer=");
      append_escaped (out, cv_trust_entry_get_issuer (entry));
      g_string_append (out, "\nnot-after=");
      append_time (out, cv_trust_entry_get_not_after (entry));
      g_string_append (out, "\ncreated=");
      append_time (out, cv_trust_entry_get_created (entry));
      g_string_append (out, "\nlast-seen=");
      append_time (out, cv_trust_entry_get_last_seen (entry));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
cv_trust_store_finalize (GObject *object)
{
  CvTrustStore *self = CV_TRUST_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (cv_trust_store_parent_class)->finalize (object);
}

static void
cv_trust_store_class_init (CvTrustStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cv_trust_store_finalize;
}

static void
cv_trust_store_init (CvTrustStore *self)
{
  self->entries = new_entry_table ();
}

CvTrustStore *
cv_trust_store_new (const char *path)
{
  CvTrustStore *self = g_object_new (CV_TYPE_TRUST_STORE, NULL);

  self->path = path ? g_strdup (path) : cv_trust_store_get_default_path ();
  return self;
}

const char *
cv_trust_store_get_path (CvTrustStore *self)
{
  g_return_val_if_fail (CV_IS_TRUST_STORE (self), NULL);
  return self->path;
}

/* As OpenSSH does with known_hosts: decisions that another user could have
 * written are no decisions of this user's. */
static gboolean
check_safe (const char  *path,
            int          fd,
            GError     **error)
{
  struct stat st;

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("Could not check the trust store “%s”: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (st.st_uid != geteuid ())
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The trust store “%s” belongs to another user; it is not used. "
                     "Move it away or make it yours."), path);
      return FALSE;
    }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The trust store “%s” can be changed by other users; it is not used. "
                     "Fix it with: chmod 600 '%s'"), path, path);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The trust store “%s” is not a regular file."), path);
      return FALSE;
    }
  return TRUE;
}

/* Reads and parses the file: NULL with no error when it does not exist. A damaged
 * file is renamed aside and reported. */
static GHashTable *
read_entries (CvTrustStore  *self,
              gboolean      *missing,
              GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *aside = NULL;
  GHashTable *entries;
  struct stat st;
  gsize len = 0;
  ssize_t n;
  int fd;

  *missing = FALSE;
  fd = g_open (self->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        {
          *missing = TRUE;
          return new_entry_table ();
        }
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("Could not read the trust store “%s”: %s"), self->path,
                   g_strerror (saved_errno));
      return NULL;
    }

  if (!check_safe (self->path, fd, error) || fstat (fd, &st) != 0)
    {
      close (fd);
      return NULL;
    }
  if (st.st_size > CV_TRUST_STORE_MAX_SIZE)
    {
      close (fd);
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The trust store “%s” is larger than %d MiB; it is not used."),
                   self->path, CV_TRUST_STORE_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  contents = g_malloc ((gsize) st.st_size + 1);
  while (len < (gsize) st.st_size &&
         (n = read (fd, contents + len, (gsize) st.st_size - len)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                       _("Could not read the trust store “%s”: %s"), self->path,
                       g_strerror (saved_errno));
          return NULL;
        }
      len += n;
    }
  contents[len] = '\0';
  close (fd);

  entries = cv_trust_store_parse (contents, len, &parse_error);
  if (entries != NULL)
    return entries;

  now = g_date_time_new_now_utc ();
  stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  aside = g_strdup_printf ("%s.damaged-%s", self->path, stamp);
  if (g_rename (self->path, aside) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("%s. It could not be moved aside (%s); fix or remove “%s”."),
                   parse_error->message, g_strerror (saved_errno), self->path);
      return NULL;
    }

  g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
               _("%s. It was kept as “%s” and a new, empty store was started."),
               parse_error->message, aside);
  return NULL;
}

gboolean
cv_trust_store_load (CvTrustStore  *self,
                     GError       **error)
{
  GHashTable *entries;
  gboolean missing;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);

  entries = read_entries (self, &missing, error);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  self->entries = entries ? entries : new_entry_table ();
  return entries != NULL;
}

CvTrustEntry *
cv_trust_store_lookup (CvTrustStore *self,
                       const char   *host,
                       guint16       port)
{
  g_autofree char *lower = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  lower = g_ascii_strdown (host, -1);
  key = cv_trust_key_for (lower, port);
  return g_hash_table_lookup (self->entries, key);
}

GPtrArray *
cv_trust_store_list (CvTrustStore *self)
{
  g_return_val_if_fail (CV_IS_TRUST_STORE (self), NULL);
  return sorted_entries (self->entries);
}

guint
cv_trust_store_get_n_entries (CvTrustStore *self)
{
  g_return_val_if_fail (CV_IS_TRUST_STORE (self), 0);
  return g_hash_table_size (self->entries);
}

static int
take_lock (CvTrustStore  *self,
           GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  gint64 deadline = g_get_monotonic_time () + LOCK_TIMEOUT_US;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("Could not create the folder “%s” for the trust store: %s"), dir,
                   g_strerror (saved_errno));
      return -1;
    }

  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("Could not save to the trust store: the lock file “%s” cannot be "
                     "opened: %s"), lock_path, g_strerror (saved_errno));
      return -1;
    }

  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno != EWOULDBLOCK && errno != EINTR)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                       _("Could not lock the trust store “%s”: %s"), lock_path,
                       g_strerror (saved_errno));
          return -1;
        }
      if (g_get_monotonic_time () > deadline)
        {
          close (fd);
          g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                       _("Another program has held the trust store lock “%s” for 10 "
                         "seconds; try again when it is done."), lock_path);
          return -1;
        }
      g_usleep (2000);
    }
  return fd;
}

/* Under the lock: re-read, apply the change, write a new file and rename it in */
static gboolean
update (CvTrustStore  *self,
        CvTrustEntry  *entry,
        const char    *forget_key,
        GError       **error)
{
  g_autoptr(GHashTable) entries = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean missing;
  int lock_fd;

  lock_fd = take_lock (self, error);
  if (lock_fd < 0)
    return FALSE;

  entries = read_entries (self, &missing, error);
  if (entries == NULL)
    {
      close (lock_fd);
      return FALSE;
    }

  if (forget_key != NULL && !g_hash_table_remove (entries, forget_key))
    {
      close (lock_fd);
      g_set_error (error, CV_ERROR, CV_ERROR_NOT_FOUND,
                   _("There is no saved decision for %s."), forget_key);
      g_clear_pointer (&self->entries, g_hash_table_unref);
      self->entries = g_steal_pointer (&entries);
      return FALSE;
    }
  if (entry != NULL)
    g_hash_table_replace (entries, (gpointer) cv_trust_entry_get_key (entry),
                          g_object_ref (entry));

  text = cv_trust_store_serialize (entries);
  if (!g_file_set_contents_full (self->path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0600, &local_error))
    {
      close (lock_fd);
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("Could not save the trust store; the saved decisions are "
                     "unchanged. %s"), local_error->message);
      return FALSE;
    }

  close (lock_fd);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  self->entries = g_steal_pointer (&entries);
  return TRUE;
}

gboolean
cv_trust_store_save (CvTrustStore  *self,
                     CvTrustEntry  *entry,
                     GError       **error)
{
  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (entry), FALSE);

  return update (self, entry, NULL, error);
}

gboolean
cv_trust_store_forget (CvTrustStore  *self,
                       const char    *key,
                       GError       **error)
{
  g_autofree char *host = NULL;
  g_autofree char *normal = NULL;
  guint16 port;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (key[0] == '\0' || !parse_key (key, strlen (key), &host, &port))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("“%s” is not HOST:PORT (an IPv6 address goes in brackets: "
                     "[::1]:21)."), key);
      return FALSE;
    }
  /* parse_key() gives the host in lower case */
  normal = cv_trust_key_for (host, port);
  return update (self, NULL, normal, error);
}

CvTrustStatus
cv_trust_store_check (CvTrustStore  *self,
                      const char    *host,
                      guint16        port,
                      CvReport      *report,
                      CvTrustEntry **entry)
{
  CvCertificate *leaf;
  CvTrustEntry *saved;
  CvTrustMatch match;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), CV_TRUST_STATUS_UNKNOWN);
  g_return_val_if_fail (CV_IS_REPORT (report), CV_TRUST_STATUS_UNKNOWN);

  if (entry != NULL)
    *entry = NULL;

  saved = cv_trust_store_lookup (self, host, port);
  if (saved == NULL)
    return CV_TRUST_STATUS_UNKNOWN;
  if (entry != NULL)
    *entry = g_object_ref (saved);

  leaf = cv_report_get_leaf (report);
  match = cv_trust_entry_match (saved, cv_certificate_get_sha256 (leaf),
                                cv_certificate_get_public_key_pin (leaf));
  if (match == CV_TRUST_MATCH_CHANGED)
    return CV_TRUST_STATUS_CHANGED;
  if (cv_trust_entry_get_decision (saved) == CV_TRUST_DECISION_REJECT)
    return CV_TRUST_STATUS_REJECTED;
  return match == CV_TRUST_MATCH_SAME_CERTIFICATE ? CV_TRUST_STATUS_TRUSTED
                                                  : CV_TRUST_STATUS_RENEWED;
}

gboolean
cv_trust_store_mark_seen (CvTrustStore  *self,
                          CvTrustEntry  *saved,
                          GError       **error)
{
  g_autoptr(CvTrustEntry) seen = NULL;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (saved), FALSE);

  seen = cv_trust_entry_copy_seen (saved, g_get_real_time () / G_USEC_PER_SEC);
  return cv_trust_store_save (self, seen, error);
}

CvSection *
cv_trust_store_describe (CvTrustStatus  status,
                         CvTrustEntry  *saved)
{
  g_autoptr(CvSection) section = NULL;
  g_autofree char *created = NULL;
  g_autofree char *last_seen = NULL;
  gboolean trusted;
  const char *match;

  g_return_val_if_fail (saved == NULL || CV_IS_TRUST_ENTRY (saved), NULL);

  if (status == CV_TRUST_STATUS_UNKNOWN || saved == NULL)
    return NULL;

  switch (status)
    {
    case CV_TRUST_STATUS_RENEWED:
      match = _("Renewed: a new certificate for the same public key; the decision still "
                "applies");
      break;
    case CV_TRUST_STATUS_CHANGED:
      match = _("Changed: the server now presents a different key; the decision does not "
                "apply");
      break;
    case CV_TRUST_STATUS_TRUSTED:
    case CV_TRUST_STATUS_REJECTED:
    case CV_TRUST_STATUS_UNKNOWN:
    default:
      match = _("The same certificate");
      break;
    }

  trusted = cv_trust_entry_get_decision (saved) == CV_TRUST_DECISION_TRUST;
  created = cv_format_unix_time (cv_trust_entry_get_created (saved));
  last_seen = cv_format_unix_time (cv_trust_entry_get_last_seen (saved));

  section = cv_section_new ("saved-decision", _("Saved Decision"));
  cv_section_add (section, "decision", _("Decision"),
                  trusted ? _("Always trust") : _("Reject"));
  cv_section_add (section, "match", _("Certificate"), match);
  cv_section_add (section, "created", _("Decided On"), created);
  cv_section_add (section, "last-seen", _("Last Seen"), last_seen);
  cv_section_add (section, "saved-sha256", _("Saved SHA-256"),
                  cv_trust_entry_get_certificate_sha256 (saved));
  return g_steal_pointer (&section);
}

CvTrustEntry *
cv_trust_entry_new_for_report (CvReport        *report,
                               const char      *host,
                               guint16          port,
                               CvTrustDecision  decision)
{
  CvCertificate *leaf;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (CV_IS_REPORT (report), NULL);

  leaf = cv_report_get_leaf (report);
  return cv_trust_entry_new (host, port, decision, cv_certificate_get_sha256 (leaf),
                             cv_certificate_get_public_key_pin (leaf),
                             cv_certificate_get_subject (leaf),
                             cv_certificate_get_issuer (leaf),
                             g_date_time_to_unix (cv_certificate_get_not_after (leaf)),
                             now, now);
}
