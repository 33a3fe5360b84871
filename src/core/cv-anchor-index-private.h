/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/*
 * An index of the system's CA bundle by subject name. Building it reads the
 * bundle a window at a time, never whole, and decodes each certificate only as
 * far as its subject (a fraction of a
 * millisecond for the usual 150 anchors), so that a verification hands GnuTLS the
 * few anchors whose subject names a certificate of the chain rather than all of
 * them. A bundle that is not plain, well-formed PEM certificates gives no index:
 * the caller then loads the system's anchors whole, as GnuTLS does.
 */
typedef struct _CvAnchorIndex CvAnchorIndex;

/* Where one anchor's PEM block is in the bundle, [start, end), and the hash of
 * its subject (cv_anchor_index_hash_name()) */
typedef struct
{
  gsize   start;
  gsize   end;
  guint64 subject_hash;
} CvAnchorBlock;

/*
 * Of each subject only its hash is kept, 8 bytes where the name takes about a
 * hundred: a name of the chain that shares its hash with another anchor's only
 * adds that anchor to what GnuTLS gets, and GnuTLS matches anchors by name
 * itself, so no verdict can change.
 */
struct _CvAnchorIndex
{
  char       *path;
  struct stat st;          /* of the bundle the index describes */
  GArray     *blocks;      /* of CvAnchorBlock, in the file's order */
  GArray     *by_hash;     /* of guint anchor numbers, by subject hash, then number */
  gboolean    sorted;      /* by_hash is in order (adding an anchor appends) */
  gboolean    from_cache;
};

/* The index of the bundle at @path, or NULL (reason in @error) */
CvAnchorIndex *cv_anchor_index_new         (const char           *path,
                                            GError              **error);

/*
 * The same, read from a cache file in @cache_dir when it describes the bundle as
 * it is now (its path, device, inode, size, mtime and ctime), else built from the
 * bundle and written there for the next process (so once each time the bundle
 * changes; a cache that cannot be written is only noted in the debug log).
 * Reading the cache costs one small file where building costs a pass over the
 * whole bundle. The cache is checked as untrusted input; anything in it that
 * does not hold together means the bundle is indexed again.
 */
CvAnchorIndex *cv_anchor_index_new_cached  (const char           *path,
                                            const char           *cache_dir,
                                            GError              **error);

/* TRUE when @self was read from the cache rather than built from the bundle */
gboolean       cv_anchor_index_is_from_cache (CvAnchorIndex      *self);

/* Pure: the hash under which the index keeps the DER Name @name (64-bit FNV-1a) */
guint64        cv_anchor_index_hash_name   (const guint8         *name,
                                            gsize                 name_len);

/* For the cache: an index with no anchors yet, and one anchor added */
CvAnchorIndex *cv_anchor_index_new_empty   (const char           *path);
void           cv_anchor_index_add         (CvAnchorIndex        *self,
                                            guint64               subject_hash,
                                            gsize                 start,
                                            gsize                 end);
void           cv_anchor_index_free        (CvAnchorIndex        *self);

/* FALSE when the file at the index's path is no longer the one it was built from */
gboolean       cv_anchor_index_is_current  (CvAnchorIndex        *self);

guint          cv_anchor_index_get_n_anchors (CvAnchorIndex      *self);

/* Adds to @anchors (a set of guint anchor numbers, GUINT_TO_POINTER) every anchor
 * whose subject is the DER Name @name */
void           cv_anchor_index_select      (CvAnchorIndex        *self,
                                            const guint8         *name,
                                            gsize                 name_len,
                                            GHashTable           *anchors);

/* Appends to @pem the PEM text of each anchor in @numbers, from "-----BEGIN" to
 * the end of its "-----END" line and a newline, read again from the bundle. FALSE
 * when the bundle is no longer the file the index was built from. */
gboolean       cv_anchor_index_append_pem  (CvAnchorIndex        *self,
                                            const guint          *numbers,
                                            guint                 n_numbers,
                                            GString              *pem);

/* Tests only: forget that anchor @n exists, to show that a wrong index is seen */
void           cv_anchor_index_drop_for_testing (CvAnchorIndex   *self,
                                                 guint            n);

/* TRUE when @a and @b are stat() of the same file with the same size and times:
 * as far as stat() can tell, the same contents */
gboolean       cv_same_file_state          (const struct stat    *a,
                                            const struct stat    *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvAnchorIndex, cv_anchor_index_free)

G_END_DECLS
