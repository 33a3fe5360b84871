/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-anchor-index-private.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gnutls/crypto.h>

/*
 * The index of the system's CA bundle, kept in a file of the user's cache so that
 * each process does not read and decode the whole bundle again. The file is a
 * GVariant of CACHE_TYPE:
 *
 *   version, the bundle's path (bytes), its device, inode and size, mtime and
 *   ctime (seconds, nanoseconds), and the blocks (start, end, the hash of the
 *   subject) in the file's order,
 *
 * followed by the SHA-256 of those bytes, so that a file damaged on disk or cut
 * short by a crash is never taken for an index (a hash changed in place would
 * otherwise hide an anchor from every chain that needs it). It is read as
 * untrusted: GVariant checks its framing, and every offset is checked here. A
 * block named by a wrong cache would still only ever be read from the system
 * bundle itself, and GnuTLS parses what is read.
 */

#define CACHE_VERSION 2
#define CACHE_TYPE "(uaytttxxxxa(ttt))"
/* A bundle of 16 MiB has no more than this in its index */
#define MAX_CACHE_SIZE (4 * 1024 * 1024)
#define DIGEST_LEN 32

static char *
cache_file_for (const char *path,
                const char *cache_dir)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
  g_autofree char *name = g_strdup_printf ("anchors-%.16s.index", digest);

  return g_build_filename (cache_dir, name, NULL);
}

/* The SHA-256 of @data, by GnuTLS (whose code uses the CPU's SHA instructions) */
static gboolean
compute_digest (const void *data,
                gsize       len,
                guint8      digest[DIGEST_LEN])
{
  return gnutls_hash_fast (GNUTLS_DIG_SHA256, data, len, digest) == 0;
}

/* TRUE when the DIGEST_LEN bytes after @data[@len] are the SHA-256 of @data */
static gboolean
digest_matches (const char *data,
                gsize       len)
{
  guint8 digest[DIGEST_LEN];

  return compute_digest (data, len, digest) &&
         memcmp (digest, data + len, DIGEST_LEN) == 0;
}

static gint64
child_int64 (GVariant *tuple,
             gsize     i)
{
  g_autoptr(GVariant) child = g_variant_get_child_value (tuple, i);

  if (g_variant_is_of_type (child, G_VARIANT_TYPE_UINT64))
    return (gint64) g_variant_get_uint64 (child);
  return g_variant_get_int64 (child);
}

/* The index the cache @contents_owned (taken) describes, if it is that of the
 * bundle at @path with the state @st, else NULL */
static CvAnchorIndex *
index_from_cache (GBytes            *contents_owned,
                  const char        *path,
                  const struct stat *st)
{
  g_autoptr(GBytes) contents = contents_owned;
  g_autoptr(GVariant) cache = NULL;
  g_autoptr(GVariant) version = NULL;
  g_autoptr(GVariant) cached_path = NULL;
  g_autoptr(GVariant) blocks = NULL;
  g_autoptr(CvAnchorIndex) self = NULL;
  const guint64 *block_data;
  const char *path_data;
  gsize n_blocks, path_len;
  guint64 previous_end = 0;

  cache = g_variant_new_from_bytes (G_VARIANT_TYPE (CACHE_TYPE), contents, FALSE);
  version = g_variant_get_child_value (cache, 0);
  if (g_variant_get_uint32 (version) != CACHE_VERSION)
    return NULL;

  cached_path = g_variant_get_child_value (cache, 1);
  path_data = g_variant_get_fixed_array (cached_path, &path_len, 1);
  if (path_len != strlen (path) || memcmp (path_data, path, path_len) != 0)
    return NULL;

  if ((guint64) child_int64 (cache, 2) != (guint64) st->st_dev ||
      (guint64) child_int64 (cache, 3) != (guint64) st->st_ino ||
      (guint64) child_int64 (cache, 4) != (guint64) st->st_size ||
      child_int64 (cache, 5) != (gint64) st->st_mtim.tv_sec ||
      child_int64 (cache, 6) != (gint64) st->st_mtim.tv_nsec ||
      child_int64 (cache, 7) != (gint64) st->st_ctim.tv_sec ||
      child_int64 (cache, 8) != (gint64) st->st_ctim.tv_nsec)
    return NULL;

  blocks = g_variant_get_child_value (cache, 9);
  block_data = g_variant_get_fixed_array (blocks, &n_blocks, 3 * sizeof (guint64));
  if (n_blocks == 0)
    return NULL;

  self = cv_anchor_index_new_empty (path);
  self->st = *st;
  for (gsize i = 0; i < n_blocks; i++)
    {
      guint64 start = block_data[3 * i];
      guint64 end = block_data[3 * i + 1];

      /* In the file's order, and inside the file */
      if (start < previous_end || end <= start || end > (guint64) st->st_size)
        return NULL;

      cv_anchor_index_add (self, block_data[3 * i + 2], (gsize) start, (gsize) end);
      previous_end = end;
    }

  self->from_cache = TRUE;
  return g_steal_pointer (&self);
}

/* The cache of @self */
static GBytes *
cache_contents (CvAnchorIndex *self)
{
  g_autoptr(GArray) blocks = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GVariant) cache = NULL;

  for (guint n = 0; n < self->blocks->len; n++)
    {
      const CvAnchorBlock *block = &g_array_index (self->blocks, CvAnchorBlock, n);
      guint64 triple[3] = { block->start, block->end, block->subject_hash };

      g_array_append_vals (blocks, triple, 3);
    }

  cache = g_variant_new ("(u@aytttxxxx@a(ttt))",
                         (guint32) CACHE_VERSION,
                         g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, self->path,
                                                    strlen (self->path), 1),
                         (guint64) self->st.st_dev, (guint64) self->st.st_ino,
                         (guint64) self->st.st_size,
                         (gint64) self->st.st_mtim.tv_sec, (gint64) self->st.st_mtim.tv_nsec,
                         (gint64) self->st.st_ctim.tv_sec, (gint64) self->st.st_ctim.tv_nsec,
                         g_variant_new_fixed_array (G_VARIANT_TYPE ("(ttt)"), blocks->data,
                                                    self->blocks->len, 3 * sizeof (guint64)));
  g_variant_ref_sink (cache);
  return g_variant_get_data_as_bytes (cache);
}

static void
write_cache (CvAnchorIndex *self,
             const char    *cache_dir,
             const char    *file)
{
  g_autoptr(GBytes) contents = cache_contents (self);
  g_autoptr(GByteArray) file_data = NULL;
  g_autoptr(GError) error = NULL;
  guint8 digest[DIGEST_LEN];
  gsize size;
  const guint8 *data;

  data = g_bytes_get_data (contents, &size);
  if (!compute_digest (data, size, digest))
    return;
  file_data = g_byte_array_sized_new ((guint) (size + DIGEST_LEN));
  g_byte_array_append (file_data, data, (guint) size);
  g_byte_array_append (file_data, digest, DIGEST_LEN);

  /* The user's own: which anchors a machine has is no secret, but nobody else's
   * file may stand in for it */
  if (g_mkdir_with_parents (cache_dir, 0700) != 0 ||
      !g_file_set_contents_full (file, (const char *) file_data->data,
                                 (gssize) file_data->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("The index of %s is not cached in %s: %s", self->path, cache_dir,
             error != NULL ? error->message : g_strerror (errno));
}

CvAnchorIndex *
cv_anchor_index_new_cached (const char  *path,
                            const char  *cache_dir,
                            GError     **error)
{
  g_autofree char *file = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GBytes) contents = NULL;
  CvAnchorIndex *self;
  struct stat st;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cache_dir != NULL, NULL);

  file = cache_file_for (path, cache_dir);
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
      g_file_get_contents (file, &data, &len, NULL) && len > DIGEST_LEN &&
      len <= MAX_CACHE_SIZE && digest_matches (data, len - DIGEST_LEN))
    {
      contents = g_bytes_new_take (g_steal_pointer (&data), len);
      self = index_from_cache (g_bytes_new_from_bytes (contents, 0, len - DIGEST_LEN),
                               path, &st);
      if (self != NULL)
        return self;
    }

  self = cv_anchor_index_new (path, error);
  if (self != NULL)
    write_cache (self, cache_dir, file);
  return self;
}

gboolean
cv_anchor_index_is_from_cache (CvAnchorIndex *self)
{
  return self->from_cache;
}
