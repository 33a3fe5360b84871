/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memmem() */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-anchor-index-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libtasn1.h>

/* A system bundle is well under this; a larger file is not indexed */
#define MAX_BUNDLE_SIZE (16 * 1024 * 1024)
/* Read at a time; larger than any anchor's PEM block (the largest in common bundles
 * are under 3 KiB); a bundle with a larger block is loaded whole instead */
#define READ_WINDOW (16 * 1024)
/* Base64 decoded at a time until the subject is found: 384 bytes of DER, within
 * which the subject of most certificates ends */
#define BASE64_STEP 512

#define PEM_BEGIN "-----BEGIN "
#define PEM_BEGIN_CERT "-----BEGIN CERTIFICATE-----"
#define PEM_END_CERT "-----END CERTIFICATE-----"


static void
index_error (GError     **error,
             const char  *path,
             const char  *why)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               "%s is not indexed: %s", path, why);
}

gboolean
cv_same_file_state (const struct stat *a,
                    const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
         a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Reads the header of the DER element at @p (at most @avail bytes): its class and
 * tag, how long the header is and how long its contents say they are, which may
 * be more than @avail. FALSE if the header is not well-formed DER. */
static gboolean
read_header (const guint8  *p,
             gsize          avail,
             guint8        *cls,
             gulong        *tag,
             gsize         *header_len,
             gsize         *contents_len)
{
  unsigned char tag_class = 0;
  unsigned long tag_number = 0;
  int tag_len = 0;
  gsize len_len = 1;
  gsize len;

  if (avail == 0 || avail > G_MAXINT ||
      asn1_get_tag_der (p, (int) avail, &tag_class, &tag_len, &tag_number) != ASN1_SUCCESS ||
      (gsize) tag_len >= avail)
    return FALSE;
  p += tag_len;
  avail -= (gsize) tag_len;

  /* The short form, or the long one in at most four bytes; never the indefinite
   * length (0x80), which DER does not have */
  len = p[0];
  if (len & 0x80)
    {
      len_len += len & 0x7f;
      if (len_len == 1 || len_len > 5 || len_len > avail)
        return FALSE;
      len = 0;
      for (gsize i = 1; i < len_len; i++)
        len = (len << 8) | p[i];
    }

  *cls = tag_class;
  *tag = tag_number;
  *header_len = (gsize) tag_len + len_len;
  *contents_len = len;
  return TRUE;
}

/* As read_header(), for an element that must lie within the @avail bytes */
static gboolean
read_element (const guint8  *p,
              gsize          avail,
              guint8        *cls,
              gulong        *tag,
              gsize         *header_len,
              gsize         *contents_len)
{
  return read_header (p, avail, cls, tag, header_len, contents_len) &&
         *contents_len <= avail - *header_len;
}

/*
 * The subject Name of the DER certificate of @der_len bytes (its whole element,
 * tag and length included, as GnuTLS compares names), from its first @avail
 * bytes; FALSE if it is not one certificate or the subject is not within them:
 *   Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL,
 *     serialNumber, signature, issuer, validity, subject, ... }, ... }
 */
static gboolean
find_subject (const guint8  *der,
              gsize          avail,
              gsize          der_len,
              const guint8 **subject,
              gsize         *subject_len)
{
  const guint8 *p = der;
  guint8 cls;
  gulong tag;
  gsize header, len;

  /* The certificate, exactly the whole data, then its tbsCertificate within it */
  if (avail > der_len ||
      !read_header (p, avail, &cls, &tag, &header, &len) ||
      cls != (ASN1_CLASS_UNIVERSAL | ASN1_CLASS_STRUCTURED) || tag != ASN1_TAG_SEQUENCE ||
      len != der_len - header)
    return FALSE;
  p += header;
  avail -= header;
  der_len = len;

  if (!read_header (p, avail, &cls, &tag, &header, &len) ||
      cls != (ASN1_CLASS_UNIVERSAL | ASN1_CLASS_STRUCTURED) || tag != ASN1_TAG_SEQUENCE ||
      len > der_len - header)
    return FALSE;
  p += header;
  avail = MIN (avail - header, len);

  /* The optional [0] version */
  if (!read_element (p, avail, &cls, &tag, &header, &len))
    return FALSE;
  if (cls == (ASN1_CLASS_CONTEXT_SPECIFIC | ASN1_CLASS_STRUCTURED) && tag == 0)
    {
      p += header + len;
      avail -= header + len;
    }

  /* serialNumber (an INTEGER), then signature, issuer and validity (SEQUENCEs) */
  for (guint field = 0; field < 4; field++)
    {
      if (!read_element (p, avail, &cls, &tag, &header, &len) ||
          cls != (field == 0 ? ASN1_CLASS_UNIVERSAL
                             : (ASN1_CLASS_UNIVERSAL | ASN1_CLASS_STRUCTURED)))
        return FALSE;

      p += header + len;
      avail -= header + len;
    }

  if (!read_element (p, avail, &cls, &tag, &header, &len) ||
      cls != (ASN1_CLASS_UNIVERSAL | ASN1_CLASS_STRUCTURED) || tag != ASN1_TAG_SEQUENCE)
    return FALSE;

  *subject = p;
  *subject_len = header + len;
  return TRUE;
}

/* What a character is between the PEM lines */
enum
{
  B64_OTHER,
  B64_ALPHABET,
  B64_SPACE,
  B64_PAD,
};

static guint8 b64_class[256];

static void
init_b64_class (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

      for (const char *c = alphabet; *c != '\0'; c++)
        b64_class[(guint8) *c] = B64_ALPHABET;
      b64_class[' '] = b64_class['\t'] = b64_class['\r'] = b64_class['\n'] = B64_SPACE;
      b64_class['='] = B64_PAD;
      g_once_init_leave (&done, 1);
    }
}

/*
 * The hash of the subject of the certificate whose base64 is @text (between the
 * PEM lines: only the alphabet, then at most two '=', and white space anywhere;
 * anything else is left to GnuTLS, without an index), into @hash. It is decoded
 * only as far as the subject: the rest is the key, the extensions and the
 * signature.
 */
static gboolean
subject_hash_from_base64 (const char *text,
                          gsize       len,
                          guint64    *hash)
{
  g_autofree guint8 *der = NULL;
  const guint8 *subject;
  gsize subject_len;
  gsize n_chars = 0;
  gsize der_len;
  gsize decoded = 0;
  guint n_pad = 0;
  gint state = 0;
  guint save = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 kind = b64_class[(guint8) text[i]];

      if (kind == B64_SPACE)
        continue;
      if (kind == B64_PAD)
        n_pad++;
      else if (n_pad > 0 || kind != B64_ALPHABET)
        return FALSE;
      n_chars++;
    }

  if (n_chars == 0 || n_chars % 4 != 0 || n_pad > 2)
    return FALSE;
  der_len = n_chars / 4 * 3 - n_pad;

  /* A step at a time, until the subject is within what is decoded */
  der = g_malloc (len / 4 * 3 + 3);
  for (gsize done = 0; done < len;)
    {
      gsize step = MIN (len - done, BASE64_STEP);

      decoded += g_base64_decode_step (text + done, step, der + decoded, &state, &save);
      done += step;
      if (find_subject (der, decoded, der_len, &subject, &subject_len))
        {
          *hash = cv_anchor_index_hash_name (subject, subject_len);
          return TRUE;
        }
    }
  return FALSE;
}

static int
open_bundle (const char   *path,
             struct stat  *st,
             GError      **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return -1;
    }

  if (fstat (fd, st) != 0 || !S_ISREG (st->st_mode) || st->st_size <= 0 ||
      st->st_size > MAX_BUNDLE_SIZE)
    {
      index_error (error, path, "not a regular file of a bundle's size");
      g_close (fd, NULL);
      return -1;
    }

  return fd;
}

/* Reads up to @len bytes at @offset; how many, or -1 */
static gssize
read_at (int     fd,
         char   *buffer,
         gsize   len,
         goffset offset)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = pread (fd, buffer + done, len - done, offset + (goffset) done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += (gsize) n;
    }
  return (gssize) done;
}

static const char *
find (const char *haystack,
      const char *end,
      const char *needle)
{
  return memmem (haystack, (gsize) (end - haystack), needle, strlen (needle));
}

/* Adds the certificate block [@begin, @stop + END line) of @data, which starts at
 * @offset in the file, to the index */
static gboolean
index_block (CvAnchorIndex  *self,
             const char     *begin,
             const char     *stop,
             goffset         offset)
{
  const char *body = begin + strlen (PEM_BEGIN_CERT);
  guint64 hash;

  if (!subject_hash_from_base64 (body, (gsize) (stop - body), &hash))
    return FALSE;

  cv_anchor_index_add (self, hash, (gsize) offset,
                       (gsize) offset + (gsize) (stop - begin) + strlen (PEM_END_CERT));
  return TRUE;
}

/*
 * Reads the bundle a window at a time, so that it is never in memory whole: the
 * index keeps each certificate's subject hash and where its block is, and a
 * verification reads the few blocks it needs again.
 */
static gboolean
index_bundle (CvAnchorIndex  *self,
              GError        **error)
{
  g_autofree char *window = g_malloc (READ_WINDOW);
  struct stat after;
  goffset window_offset = 0;  /* where window[0] is in the file */
  gsize have = 0;
  gboolean at_end = FALSE;
  int fd;

  fd = open_bundle (self->path, &self->st, error);
  if (fd < 0)
    return FALSE;

  for (;;)
    {
      const char *end = window + have;
      const char *p = window;
      const char *begin;
      gsize keep;
      gssize n;

      /* GnuTLS takes any "-----BEGIN CERTIFICATE…" and "-----BEGIN X509
       * CERTIFICATE" block, and refuses the whole file for one it cannot read; the
       * index takes exactly "-----BEGIN CERTIFICATE-----" blocks and nothing else */
      while ((begin = find (p, end, PEM_BEGIN)) != NULL)
        {
          const char *stop;

          if ((gsize) (end - begin) < strlen (PEM_BEGIN_CERT))
            break;
          if (memcmp (begin, PEM_BEGIN_CERT, strlen (PEM_BEGIN_CERT)) != 0)
            {
              index_error (error, self->path, "a PEM block other than a certificate");
              goto failed;
            }

          stop = find (begin + strlen (PEM_BEGIN_CERT), end, "-----");
          if (stop == NULL || (gsize) (end - stop) < strlen (PEM_END_CERT))
            break;
          if (memcmp (stop, PEM_END_CERT, strlen (PEM_END_CERT)) != 0)
            {
              index_error (error, self->path, "a certificate without its END line");
              goto failed;
            }

          if (!index_block (self, begin, stop, window_offset + (begin - window)))
            {
              index_error (error, self->path, "a certificate that is not well-formed");
              goto failed;
            }
          p = stop + strlen (PEM_END_CERT);
        }

      if (at_end)
        {
          if (begin != NULL)
            {
              index_error (error, self->path, "a certificate without its END line");
              goto failed;
            }
          break;
        }

      /* Keep an unfinished block, or what could be the start of a BEGIN line */
      if (begin != NULL)
        keep = (gsize) (end - begin);
      else
        keep = MIN ((gsize) (end - p), strlen (PEM_BEGIN) - 1);
      if (keep == READ_WINDOW)
        {
          index_error (error, self->path, "a certificate larger than any anchor");
          goto failed;
        }
      memmove (window, end - keep, keep);
      window_offset += (goffset) (have - keep);
      have = keep;

      n = read_at (fd, window + have, READ_WINDOW - have, window_offset + (goffset) have);
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       "%s: %s", self->path, g_strerror (saved_errno));
          goto failed;
        }
      have += (gsize) n;
      at_end = (gsize) n < READ_WINDOW - (have - (gsize) n);
    }

  /* Changed while read: GnuTLS would read something else */
  if (fstat (fd, &after) != 0 || !cv_same_file_state (&after, &self->st) ||
      window_offset + (goffset) have != self->st.st_size)
    {
      index_error (error, self->path, "the file changed while it was read");
      goto failed;
    }
  g_close (fd, NULL);

  if (self->blocks->len == 0)
    {
      index_error (error, self->path, "no certificate in it");
      return FALSE;
    }
  return TRUE;

failed:
  g_close (fd, NULL);
  return FALSE;
}

CvAnchorIndex *
cv_anchor_index_new_empty (const char *path)
{
  CvAnchorIndex *self = g_new0 (CvAnchorIndex, 1);

  self->path = g_strdup (path);
  self->blocks = g_array_new (FALSE, FALSE, sizeof (CvAnchorBlock));
  self->by_hash = g_array_new (FALSE, FALSE, sizeof (guint));
  self->sorted = TRUE;
  return self;
}

guint64
cv_anchor_index_hash_name (const guint8 *name,
                           gsize         name_len)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < name_len; i++)
    {
      hash ^= name[i];
      hash *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return hash;
}

void
cv_anchor_index_add (CvAnchorIndex *self,
                     guint64        subject_hash,
                     gsize          start,
                     gsize          end)
{
  CvAnchorBlock block = { start, end, subject_hash };
  guint n = self->blocks->len;

  g_array_append_val (self->blocks, block);
  g_array_append_val (self->by_hash, n);
  self->sorted = FALSE;
}

/* by_hash's order: the subject's hash, then the anchor's number */
static gint
compare_by_hash (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GArray *blocks = user_data;
  guint n_a = *(const guint *) a;
  guint n_b = *(const guint *) b;
  guint64 hash_a = g_array_index (blocks, CvAnchorBlock, n_a).subject_hash;
  guint64 hash_b = g_array_index (blocks, CvAnchorBlock, n_b).subject_hash;

  if (hash_a != hash_b)
    return hash_a < hash_b ? -1 : 1;
  return n_a < n_b ? -1 : n_a > n_b;
}

static void
ensure_sorted (CvAnchorIndex *self)
{
  if (!self->sorted)
    g_array_sort_with_data (self->by_hash, compare_by_hash, self->blocks);
  self->sorted = TRUE;
}

CvAnchorIndex *
cv_anchor_index_new (const char  *path,
                     GError     **error)
{
  g_autoptr(CvAnchorIndex) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  init_b64_class ();
  self = cv_anchor_index_new_empty (path);
  if (!index_bundle (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
cv_anchor_index_free (CvAnchorIndex *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->by_hash, g_array_unref);
  g_free (self);
}

gboolean
cv_anchor_index_is_current (CvAnchorIndex *self)
{
  struct stat st;

  return g_stat (self->path, &st) == 0 && cv_same_file_state (&st, &self->st);
}

guint
cv_anchor_index_get_n_anchors (CvAnchorIndex *self)
{
  return self->blocks->len;
}

void
cv_anchor_index_select (CvAnchorIndex *self,
                        const guint8  *name,
                        gsize          name_len,
                        GHashTable    *anchors)
{
  guint64 hash = cv_anchor_index_hash_name (name, name_len);
  guint low = 0;
  guint high;

  ensure_sorted (self);

  /* The first whose hash is not below @hash */
  high = self->by_hash->len;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      guint n = g_array_index (self->by_hash, guint, middle);

      if (g_array_index (self->blocks, CvAnchorBlock, n).subject_hash < hash)
        low = middle + 1;
      else
        high = middle;
    }

  for (guint i = low; i < self->by_hash->len; i++)
    {
      guint n = g_array_index (self->by_hash, guint, i);

      if (g_array_index (self->blocks, CvAnchorBlock, n).subject_hash != hash)
        break;
      g_hash_table_add (anchors, GUINT_TO_POINTER (n));
    }
}

gboolean
cv_anchor_index_append_pem (CvAnchorIndex *self,
                            const guint   *numbers,
                            guint          n_numbers,
                            GString       *pem)
{
  struct stat st;
  gboolean ok = TRUE;
  int fd;

  fd = open_bundle (self->path, &st, NULL);
  if (fd < 0)
    return FALSE;
  if (!cv_same_file_state (&st, &self->st))
    ok = FALSE;

  for (guint i = 0; ok && i < n_numbers; i++)
    {
      const CvAnchorBlock *block;
      gsize len;
      gsize old_len = pem->len;

      if (numbers[i] >= self->blocks->len)
        {
          ok = FALSE;
          break;
        }
      block = &g_array_index (self->blocks, CvAnchorBlock, numbers[i]);
      len = block->end - block->start;
      g_string_set_size (pem, old_len + len);
      ok = read_at (fd, pem->str + old_len, len, (goffset) block->start) == (gssize) len &&
           memcmp (pem->str + old_len, PEM_BEGIN_CERT, strlen (PEM_BEGIN_CERT)) == 0;
      g_string_append_c (pem, '\n');
    }

  g_close (fd, NULL);
  return ok;
}

void
cv_anchor_index_drop_for_testing (CvAnchorIndex *self,
                                  guint          n)
{
  for (guint i = 0; i < self->by_hash->len; i++)
    if (g_array_index (self->by_hash, guint, i) == n)
      g_array_remove_index (self->by_hash, i--);
}
