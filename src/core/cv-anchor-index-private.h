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

/* The index of the bundle at @path, or NULL (reason in @error) */
CvAnchorIndex *cv_anchor_index_new         (const char           *path,
                                            GError              **error);
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
