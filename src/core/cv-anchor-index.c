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
/* Read at a time; far larger than any certificate's PEM block */
#define READ_WINDOW (64 * 1024)

#define PEM_BEGIN "-----BEGIN "
#define PEM_BEGIN_CERT "-----BEGIN CERTIFICATE-----"
#define PEM_END_CERT "-----END CERTIFICATE-----"

/* Where one anchor's PEM block is in the bundle */
typedef struct
{
  gsize start;
  gsize end;
} Block;

struct _CvAnchorIndex
{
  char       *path;
  struct stat st;
  GArray     *blocks;      /* of Block, in the file's order */
  GHashTable *by_subject;  /* GBytes (DER Name) -> GArray of guint, ascending */
};

static void
index_error (GError     **error,
             const char  *path,
             const char  *why)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               "%s is not indexed: %s", path, why);
}

static gboolean
same_file (const struct stat *a,
           const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
         a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Reads the DER element at @p (at most @avail bytes): its class and tag, where its
 * contents start and how long they are. FALSE if it is not well-formed DER. */
static gboolean
read_element (const guint8  *p,
              gsize          avail,
              guint8        *cls,
              gulong        *tag,
              gsize         *header_len,
              gsize         *contents_len)
{
  unsigned char tag_class = 0;
  unsigned long tag_number = 0;
  int tag_len = 0;
  int len_len = 0;
  long len;

  if (avail == 0 || avail > G_MAXINT ||
      asn1_get_tag_der (p, (int) avail, &tag_class, &tag_len, &tag_number) != ASN1_SUCCESS)
    return FALSE;

  len = asn1_get_length_der (p + tag_len, (int) (avail - tag_len), &len_len);
  /* Negative: malformed, indefinite (not DER) or longer than the data */
  if (len < 0 || (gsize) len > avail - tag_len - len_len)
    return FALSE;

  *cls = tag_class;
  *tag = tag_number;
  *header_len = tag_len + len_len;
  *contents_len = (gsize) len;
  return TRUE;
}

/*
 * The subject Name of the DER certificate @der (its whole element, tag and length
 * included, as GnuTLS compares names), or FALSE if @der is not one certificate:
 *   Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL,
 *     serialNumber, signature, issuer, validity, subject, ... }, ... }
 */
static gboolean
find_subject (const guint8  *der,
              gsize          der_len,
              const guint8 **subject,
              gsize         *subject_len)
{
  const guint8 *p = der;
  gsize avail = der_len;
  guint8 cls;
  gulong tag;
  gsize header, len;

  /* The certificate, exactly the whole data, then its tbsCertificate */
  if (!read_element (p, avail, &cls, &tag, &header, &len) ||
      cls != (ASN1_CLASS_UNIVERSAL | ASN1_CLASS_STRUCTURED) || tag != ASN1_TAG_SEQUENCE ||
      header + len != der_len)
    return FALSE;
  p += header;
  avail = len;

  if (!read_element (p, avail, &cls, &tag, &header, &len) ||
      cls != (ASN1_CLASS_UNIVERSAL | ASN1_CLASS_STRUCTURED) || tag != ASN1_TAG_SEQUENCE)
    return FALSE;
  p += header;
  avail = len;

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

/* Base64 between the PEM lines: only the alphabet, then at most two '=', and
 * white space anywhere. Anything else is left to GnuTLS, without an index. */
static gboolean
decode_base64 (const char *text,
               gsize       len,
               guint8    **der,
               gsize      *der_len)
{
  gsize n_chars = 0;
  guint n_pad = 0;
  gint state = 0;
  guint save = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        continue;
      if (c == '=')
        n_pad++;
      else if (n_pad > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
      n_chars++;
    }

  if (n_chars == 0 || n_chars % 4 != 0 || n_pad > 2)
    return FALSE;

  /* As g_base64_decode_step() asks: room for the whole input */
  *der = g_malloc (len / 4 * 3 + 3);
  *der_len = g_base64_decode_step (text, len, *der, &state, &save);
  return TRUE;
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
  g_autofree guint8 *der = NULL;
  gsize der_len = 0;
  const guint8 *subject;
  gsize subject_len;
  g_autoptr(GBytes) key = NULL;
  GArray *anchors;
  Block block;
  guint n;

  if (!decode_base64 (body, (gsize) (stop - body), &der, &der_len) ||
      !find_subject (der, der_len, &subject, &subject_len))
    return FALSE;

  block.start = (gsize) offset;
  block.end = (gsize) offset + (gsize) (stop - begin) + strlen (PEM_END_CERT);
  n = self->blocks->len;
  g_array_append_val (self->blocks, block);

  key = g_bytes_new (subject, subject_len);
  anchors = g_hash_table_lookup (self->by_subject, key);
  if (anchors == NULL)
    {
      anchors = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (self->by_subject, g_steal_pointer (&key), anchors);
    }
  g_array_append_val (anchors, n);
  return TRUE;
}

/*
 * Reads the bundle a window at a time, so that it is never in memory whole: the
 * index keeps each certificate's subject and where its block is, and a
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
  if (fstat (fd, &after) != 0 || !same_file (&after, &self->st) ||
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
cv_anchor_index_new (const char  *path,
                     GError     **error)
{
  g_autoptr(CvAnchorIndex) self = g_new0 (CvAnchorIndex, 1);

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  self->blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  self->by_subject = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                            (GDestroyNotify) g_bytes_unref,
                                            (GDestroyNotify) g_array_unref);

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
  g_clear_pointer (&self->by_subject, g_hash_table_unref);
  g_free (self);
}

gboolean
cv_anchor_index_is_current (CvAnchorIndex *self)
{
  struct stat st;

  return g_stat (self->path, &st) == 0 && same_file (&st, &self->st);
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
  g_autoptr(GBytes) key = g_bytes_new_static (name, name_len);
  GArray *found = g_hash_table_lookup (self->by_subject, key);

  for (guint i = 0; found != NULL && i < found->len; i++)
    g_hash_table_add (anchors, GUINT_TO_POINTER (g_array_index (found, guint, i)));
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
  if (!same_file (&st, &self->st))
    ok = FALSE;

  for (guint i = 0; ok && i < n_numbers; i++)
    {
      const Block *block;
      gsize len;
      gsize old_len = pem->len;

      if (numbers[i] >= self->blocks->len)
        {
          ok = FALSE;
          break;
        }
      block = &g_array_index (self->blocks, Block, numbers[i]);
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
  GHashTableIter iter;
  GArray *anchors;

  g_hash_table_iter_init (&iter, self->by_subject);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &anchors))
    for (guint i = 0; i < anchors->len; i++)
      if (g_array_index (anchors, guint, i) == n)
        g_array_remove_index (anchors, i--);
}
