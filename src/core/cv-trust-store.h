/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-trust-entry.h"

G_BEGIN_DECLS

/* Names another trust store file, like --trust-store */
#define CV_TRUST_STORE_ENV "CERTVIEW_TRUST_STORE"

/* The schema this version writes (PRAGMA user_version). A newer version may add
 * tables, columns with defaults and decision kinds; older rows stay readable. */
#define CV_TRUST_STORE_SCHEMA_VERSION 1

#define CV_TYPE_TRUST_STORE (cv_trust_store_get_type ())

G_DECLARE_FINAL_TYPE (CvTrustStore, cv_trust_store, CV, TRUST_STORE, GObject)

/* $CERTVIEW_TRUST_STORE, else g_get_user_data_dir()/certview/trust.db */
char         *cv_trust_store_get_default_path (void);

/*
 * The saved decisions: an SQLite database (WAL journal, one transaction per
 * change). Opening it never creates, renames, rewrites or chmods anything; only
 * the first save creates the file (mode 0600, folder 0700). Only a regular file of
 * this user's, not writable by others, that is a Certview store (or empty) is
 * used. When the default store does not exist yet and Certview 0.1's trust.ini is
 * beside it, its decisions are read from there, and the first save imports them
 * for good and leaves the old file in place.
 *
 * Every function may be called from any thread; each blocks on the database, so
 * the GTK main thread calls none of them (cv_trust_store_save_async() is there
 * for it). @path: the file, or NULL for cv_trust_store_get_default_path().
 */
CvTrustStore *cv_trust_store_new              (const char    *path);
/* Opens the store for reading and checks it. A missing file is an empty store.
 * FALSE with CV_ERROR_TRUST_STORE when it is not safe or not a store, or damaged:
 * the message says what is wrong and what to do; nothing is moved. */
gboolean      cv_trust_store_load             (CvTrustStore  *self,
                                               GError       **error);
/* The decision that applies to @host (any case) on @port: the one saved for it,
 * else one that covers it among its certificate's names. NULL with no error when
 * there is none; transfer full. */
CvTrustEntry *cv_trust_store_lookup           (CvTrustStore  *self,
                                               const char    *host,
                                               guint16        port,
                                               GError       **error);
/* Called for each decision; @fields are valid during the call only. FALSE stops. */
typedef gboolean (*CvTrustStoreFunc) (const CvTrustEntryFields *fields,
                                      gpointer                  user_data);

/* Every decision in turn, sorted by host and port, without making an object of
 * each: for the long lists of scripts */
gboolean      cv_trust_store_foreach          (CvTrustStore      *self,
                                               CvTrustStoreFunc   func,
                                               gpointer           user_data,
                                               GError           **error);
/* Every decision, sorted by host and port; transfer full */
GPtrArray    *cv_trust_store_list             (CvTrustStore  *self,
                                               GError       **error);
/* Saves @entry in place of any decision for its host and port */
gboolean      cv_trust_store_save             (CvTrustStore  *self,
                                               CvTrustEntry  *entry,
                                               GError       **error);
void          cv_trust_store_save_async       (CvTrustStore        *self,
                                               CvTrustEntry        *entry,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      cv_trust_store_save_finish      (CvTrustStore  *self,
                                               GAsyncResult  *result,
                                               GError       **error);
/* Sets last-seen of @saved to @when, in that one row, and only while it still
 * holds the decision @saved was read as: a decision forgotten or replaced in the
 * meantime stays so. TRUE also when there was nothing to update. */
gboolean      cv_trust_store_touch            (CvTrustStore  *self,
                                               CvTrustEntry  *saved,
                                               gint64         when,
                                               GError       **error);
/* Removes the decision saved for @host and @port; CV_ERROR_NOT_FOUND when there
 * is none (the message names the decision that covers it, if one does) */
gboolean      cv_trust_store_forget           (CvTrustStore  *self,
                                               const char    *host,
                                               guint16        port,
                                               GError       **error);

/* What cv_trust_store_import() did with each decision it was given */
typedef struct
{
  GPtrArray *added;      /* CvTrustEntry: new servers */
  GPtrArray *skipped;    /* CvTrustEntry: the same decision is saved already */
  GPtrArray *differing;  /* CvTrustEntry: another decision is saved; left as it is */
} CvTrustImport;

void          cv_trust_import_free            (CvTrustImport *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvTrustImport, cv_trust_import_free)

/* Adds the decisions of @entries for servers that have none, in one transaction;
 * never replaces a saved one */
CvTrustImport *cv_trust_store_import          (CvTrustStore  *self,
                                               GPtrArray     *entries,
                                               GError       **error);
/* After a save that created the store from Certview 0.1's trust.ini: a sentence
 * saying so, for the user; else NULL */
const char   *cv_trust_store_get_notice       (CvTrustStore  *self);
/* The file of the store */
const char   *cv_trust_store_get_path         (CvTrustStore  *self);

G_END_DECLS
