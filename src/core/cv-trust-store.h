/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"
#include "cv-trust-entry.h"

G_BEGIN_DECLS

/* Names another trust store file, like --trust-store */
#define CV_TRUST_STORE_ENV "CERTVIEW_TRUST_STORE"

/* The schema this version writes (PRAGMA user_version). A newer version may add
 * tables, columns with defaults and decision kinds; older rows stay readable. */
#define CV_TRUST_STORE_SCHEMA_VERSION 1

#define CV_TYPE_TRUST_STORE (cv_trust_store_get_type ())

/**
 * CvTrustStore:
 *
 * The saved decisions: an SQLite database (WAL journal, one transaction per change).
 * Opening it never creates, renames, rewrites or chmods anything; only the first save
 * creates the file (mode 0600, folder 0700). Only a regular file of this user's, not
 * writable by others, that is a Certview store (or empty) is used; and only when the
 * files SQLite reads as part of it ("-wal", "-journal", "-shm" beside it), if there
 * are any, are such files too, so that a store in a shared folder cannot be changed
 * by a log another user leaves there. When the default
 * store does not exist yet and Certview 0.1's trust.ini is beside it, its decisions are
 * read from there, and the first save imports them for good and leaves the old file in
 * place.
 *
 * Every function may be called from any thread; each blocks on the database, so a GTK
 * main thread calls none of them but cv_trust_store_save_async().
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvTrustStore, cv_trust_store, CV, TRUST_STORE, GObject)

/**
 * cv_trust_store_get_default_path:
 *
 * The store used when none is named: $CERTVIEW_TRUST_STORE, else
 * g_get_user_data_dir()/certview/trust.db.
 *
 * Returns: (transfer full) (type filename): the path
 */
CV_EXPORT
char         *cv_trust_store_get_default_path (void);

/**
 * cv_trust_store_new:
 * @path: (nullable) (type filename): the file, or %NULL for
 *   cv_trust_store_get_default_path()
 *
 * A store at @path; nothing is opened yet.
 *
 * Returns: (transfer full): the new store
 */
CV_EXPORT
CvTrustStore *cv_trust_store_new              (const char    *path);

/**
 * cv_trust_store_load:
 * @self: a #CvTrustStore
 * @error: return location for a #GError, or %NULL
 *
 * Opens the store for reading and checks it. A missing file is an empty store. When it
 * is not safe, not a store, or damaged, the error (%CV_ERROR_TRUST_STORE) says what is
 * wrong and what to do; nothing is moved.
 *
 * Returns: %TRUE when the store can be used
 */
CV_EXPORT
gboolean      cv_trust_store_load             (CvTrustStore  *self,
                                               GError       **error);

/**
 * cv_trust_store_lookup:
 * @self: a #CvTrustStore
 * @host: the host
 * @port: the port
 * @error: return location for a #GError, or %NULL
 *
 * The decision that applies to @host (any case) on @port: the one saved for it, else
 * one that covers it among its certificate's names.
 *
 * Returns: (transfer full) (nullable): the decision, or %NULL (with no error when there
 *   is none)
 */
CV_EXPORT
CvTrustEntry *cv_trust_store_lookup           (CvTrustStore  *self,
                                               const char    *host,
                                               guint16        port,
                                               GError       **error);

/* Called for each decision; @fields are valid during the call only. FALSE stops. */
typedef gboolean (*CvTrustStoreFunc) (const CvTrustEntryFields *fields,
                                      gpointer                  user_data);

/**
 * cv_trust_store_foreach: (skip)
 * @self: a #CvTrustStore
 * @func: (scope call): called for each decision; %FALSE stops
 * @user_data: (closure): data for @func
 * @error: return location for a #GError, or %NULL
 *
 * Calls @func for every decision in turn, sorted by host and port, without making an
 * object of each: for the long lists of scripts.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
CV_EXPORT
gboolean      cv_trust_store_foreach          (CvTrustStore      *self,
                                               CvTrustStoreFunc   func,
                                               gpointer           user_data,
                                               GError           **error);

/**
 * cv_trust_store_list:
 * @self: a #CvTrustStore
 * @error: return location for a #GError, or %NULL
 *
 * Every decision, sorted by host and port.
 *
 * Returns: (transfer container) (element-type CvTrustEntry): the decisions, or %NULL with
 *   @error set
 */
CV_EXPORT
GPtrArray    *cv_trust_store_list             (CvTrustStore  *self,
                                               GError       **error);

/**
 * cv_trust_store_save:
 * @self: a #CvTrustStore
 * @entry: the decision
 * @error: return location for a #GError, or %NULL
 *
 * Saves @entry in place of any decision for its host and port.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
CV_EXPORT
gboolean      cv_trust_store_save             (CvTrustStore  *self,
                                               CvTrustEntry  *entry,
                                               GError       **error);

/**
 * cv_trust_store_save_over:
 * @self: a #CvTrustStore
 * @entry: the decision
 * @seen: (nullable): the decision the caller saw for @entry's server (host and
 *   port), or %NULL when it saw none
 * @error: return location for a #GError, or %NULL
 *
 * Saves @entry unless the server's decision is no longer @seen: another window
 * or program decided meanwhile. Then nothing is saved, and it fails with
 * %CV_ERROR_TRUST_STORE_CHANGED, whose message says what was decided. The
 * blocking form of cv_trust_store_save_over_async().
 *
 * Returns: %TRUE when @entry was saved, else %FALSE with @error set
 */
CV_EXPORT
gboolean      cv_trust_store_save_over        (CvTrustStore  *self,
                                               CvTrustEntry  *entry,
                                               CvTrustEntry  *seen,
                                               GError       **error);

/**
 * cv_trust_store_save_async:
 * @self: a #CvTrustStore
 * @entry: the decision
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async): called when the operation is done
 * @user_data: (closure): data for @callback
 *
 * Saves @entry on a worker thread. Cancelled before the worker starts, nothing
 * is saved and cv_trust_store_save_finish() fails with %G_IO_ERROR_CANCELLED;
 * a save under way is not interrupted, and its result says whether it was saved.
 */
CV_EXPORT
void          cv_trust_store_save_async       (CvTrustStore        *self,
                                               CvTrustEntry        *entry,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

/**
 * cv_trust_store_save_finish:
 * @self: a #CvTrustStore
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes cv_trust_store_save_async().
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
CV_EXPORT
gboolean      cv_trust_store_save_finish      (CvTrustStore  *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/**
 * cv_trust_store_save_over_async:
 * @self: a #CvTrustStore
 * @entry: the decision
 * @seen: (nullable): the decision the caller saw for @entry's server (host and
 *   port), or %NULL when it saw none
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async): called when the operation is done
 * @user_data: (closure): data for @callback
 *
 * Saves @entry on a worker thread, as cv_trust_store_save_async() does, unless the
 * server's decision is no longer @seen: another window or program decided
 * meanwhile. Then nothing is saved, and cv_trust_store_save_over_finish() fails
 * with %CV_ERROR_TRUST_STORE_CHANGED, whose message says what was decided.
 * @cancellable works as for cv_trust_store_save_async().
 */
CV_EXPORT
void          cv_trust_store_save_over_async  (CvTrustStore        *self,
                                               CvTrustEntry        *entry,
                                               CvTrustEntry        *seen,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

/**
 * cv_trust_store_save_over_finish:
 * @self: a #CvTrustStore
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes cv_trust_store_save_over_async().
 *
 * Returns: %TRUE when @entry was saved, else %FALSE with @error set
 */
CV_EXPORT
gboolean      cv_trust_store_save_over_finish (CvTrustStore  *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/**
 * cv_trust_store_touch:
 * @self: a #CvTrustStore
 * @saved: a decision read from the store
 * @when: Unix seconds
 * @error: return location for a #GError, or %NULL
 *
 * Sets last-seen of @saved to @when, in that one row, and only while it still holds the
 * decision @saved was read as: a decision forgotten or replaced in the meantime stays
 * so.
 *
 * Returns: %TRUE on success, also when there was nothing to update
 */
CV_EXPORT
gboolean      cv_trust_store_touch            (CvTrustStore  *self,
                                               CvTrustEntry  *saved,
                                               gint64         when,
                                               GError       **error);

/**
 * cv_trust_store_forget:
 * @self: a #CvTrustStore
 * @host: the host
 * @port: the port
 * @error: return location for a #GError, or %NULL
 *
 * Removes the decision saved for @host and @port.
 *
 * Returns: %TRUE on success; %FALSE with %CV_ERROR_NOT_FOUND when there is none (the
 *   message names the decision that covers it, if one does)
 */
CV_EXPORT
gboolean      cv_trust_store_forget           (CvTrustStore  *self,
                                               const char    *host,
                                               guint16        port,
                                               GError       **error);

/**
 * CvTrustImport:
 * @added: (element-type CvTrustEntry): the decisions for new servers
 * @skipped: (element-type CvTrustEntry): those whose same decision is saved already
 * @differing: (element-type CvTrustEntry): those whose server has another decision
 *   saved, or is covered by another server's decision that says otherwise, left as
 *   it is
 *
 * What cv_trust_store_import() did with each decision it was given.
 */
typedef struct
{
  GPtrArray *added;
  GPtrArray *skipped;
  GPtrArray *differing;
} CvTrustImport;

#define CV_TYPE_TRUST_IMPORT (cv_trust_import_get_type ())

/**
 * cv_trust_import_get_type:
 *
 * The boxed type of #CvTrustImport.
 *
 * Returns: the type
 */
CV_EXPORT
GType          cv_trust_import_get_type       (void) G_GNUC_CONST;

/**
 * cv_trust_import_copy:
 * @import: a #CvTrustImport
 *
 * Copies an import's outcome; the arrays are shared.
 *
 * Returns: (transfer full): the copy
 */
CV_EXPORT
CvTrustImport *cv_trust_import_copy           (const CvTrustImport *import);

/**
 * cv_trust_import_free:
 * @import: (nullable): a #CvTrustImport
 *
 * Frees an import's outcome.
 */
CV_EXPORT
void           cv_trust_import_free           (CvTrustImport       *import);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvTrustImport, cv_trust_import_free)

/**
 * cv_trust_store_import:
 * @self: a #CvTrustStore
 * @entries: (element-type CvTrustEntry): the decisions
 * @error: return location for a #GError, or %NULL
 *
 * Adds the decisions of @entries for servers that have none, in one transaction; never
 * replaces a saved one.
 *
 * Returns: (transfer full) (nullable): what became of each decision, or %NULL with
 *   @error set
 */
CV_EXPORT
CvTrustImport *cv_trust_store_import          (CvTrustStore  *self,
                                               GPtrArray     *entries,
                                               GError       **error);

/**
 * cv_trust_store_get_notice:
 * @self: a #CvTrustStore
 *
 * After a save that created the store from Certview 0.1's trust.ini: a sentence saying
 * so, for the user.
 *
 * Returns: (nullable): the sentence, or %NULL
 */
CV_EXPORT
const char   *cv_trust_store_get_notice       (CvTrustStore  *self);
/**
 * cv_trust_store_get_path:
 * @self: a #CvTrustStore
 *
 * The file of the store, as given to cv_trust_store_new() or the default one.
 *
 * Returns: (type filename): the path
 */
CV_EXPORT
const char   *cv_trust_store_get_path         (CvTrustStore  *self);

G_END_DECLS
