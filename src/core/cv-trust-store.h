/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-report.h"
#include "cv-section.h"
#include "cv-trust-entry.h"

G_BEGIN_DECLS

/* Names another trust store file, like --trust-store */
#define CV_TRUST_STORE_ENV "CERTVIEW_TRUST_STORE"

/* Upper bound on the store file's size */
#define CV_TRUST_STORE_MAX_SIZE (256 * 1024 * 1024)

#define CV_TYPE_TRUST_STORE (cv_trust_store_get_type ())

G_DECLARE_FINAL_TYPE (CvTrustStore, cv_trust_store, CV, TRUST_STORE, GObject)

/* $CERTVIEW_TRUST_STORE, else g_get_user_data_dir()/certview/trust.ini */
char         *cv_trust_store_get_default_path (void);

/*
 * The saved decisions in one key file. Every save takes a lock, re-reads the
 * file, applies the one change to what it found, and renames a new file into
 * place, so that programs saving at once lose nothing and a crash leaves the
 * old file or the new one. A damaged file is moved aside and reported.
 * @path: the file, or NULL for cv_trust_store_get_default_path().
 */
CvTrustStore *cv_trust_store_new              (const char    *path);
const char   *cv_trust_store_get_path         (CvTrustStore  *self);
/* Reads the file; a missing file is an empty store. A damaged file is renamed to
 * PATH.damaged-TIME, the store is left empty and the error says where it went. */
gboolean      cv_trust_store_load             (CvTrustStore  *self,
                                               GError       **error);
/* The decision saved for @host (any case) and @port, or NULL; transfer none */
CvTrustEntry *cv_trust_store_lookup           (CvTrustStore  *self,
                                               const char    *host,
                                               guint16        port);
/* Every decision, sorted by host and port; transfer container */
GPtrArray    *cv_trust_store_list             (CvTrustStore  *self);
guint         cv_trust_store_get_n_entries    (CvTrustStore  *self);
/* Saves @entry in place of any decision for its host and port */
gboolean      cv_trust_store_save             (CvTrustStore  *self,
                                               CvTrustEntry  *entry,
                                               GError       **error);
/* Saves @saved again with last-seen set to now: its server was just seen with it */
gboolean      cv_trust_store_mark_seen        (CvTrustStore  *self,
                                               CvTrustEntry  *saved,
                                               GError       **error);
/* Removes the decision for @key ("host:port", "[::1]:990"); CV_ERROR_NOT_FOUND
 * when there is none */
gboolean      cv_trust_store_forget           (CvTrustStore  *self,
                                               const char    *key,
                                               GError       **error);

/* What the store says of a served certificate */
typedef enum
{
  CV_TRUST_STATUS_UNKNOWN,        /* no decision saved for this host and port */
  CV_TRUST_STATUS_TRUSTED,        /* saved "trust", the same certificate */
  CV_TRUST_STATUS_RENEWED,        /* saved "trust", a renewed certificate, same key */
  CV_TRUST_STATUS_REJECTED,       /* saved "reject", the same key */
  CV_TRUST_STATUS_CHANGED,        /* a decision for another key: warn and ask again */
} CvTrustStatus;

/* Looks up the decision for @host/@port and compares it with @report's server
 * certificate; @entry (optional) gets the saved decision, transfer full. */
CvTrustStatus cv_trust_store_check            (CvTrustStore  *self,
                                               const char    *host,
                                               guint16        port,
                                               CvReport      *report,
                                               CvTrustEntry **entry);
/* What the store says, as a section of the tree ("saved-decision"): the decision,
 * when it was made and last seen, and whether the certificate is the same one,
 * renewed with the same key, or changed. NULL for CV_TRUST_STATUS_UNKNOWN. */
CvSection    *cv_trust_store_describe         (CvTrustStatus  status,
                                               CvTrustEntry  *saved);
/* A new decision for @report's server certificate, made now */
CvTrustEntry *cv_trust_entry_new_for_report   (CvReport        *report,
                                               const char      *host,
                                               guint16          port,
                                               CvTrustDecision  decision);

/* The file format, pure: for tests and for the merge on save */
GHashTable   *cv_trust_store_parse            (const char    *text,
                                               gsize          len,
                                               GError       **error);
char         *cv_trust_store_serialize        (GHashTable    *entries);

G_END_DECLS
