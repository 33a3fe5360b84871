/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rows of the store: statements, and decisions to and from rows */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-store-private.h"

/* Space-separated words, as the names and accepted columns keep them */
static char *
join_words (const char * const *words)
{
  if (words == NULL)
    return NULL;
  return g_strjoinv (" ", (char **) words);
}

static GStrv
split_words (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_strsplit_set (text, " ", -1);
}

static GStrv
drop_empty (GStrv words)
{
  guint n = 0;

  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        g_free (words[i]);
      else
        words[n++] = words[i];
    }
  if (words != NULL)
    words[n] = NULL;
  return words;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* A row as fields, borrowed from @stmt; @names and @accepted hold the split lists
 * (freed by the caller). FALSE for a row no decision can be made of. */
gboolean
cv_trust_store_fields_from_row (sqlite3_stmt       *stmt,
                 CvTrustEntryFields *fields,
                 GStrv              *names,
                 GStrv              *accepted)
{
  gint64 port = sqlite3_column_int64 (stmt, 1);
  const char *names_text = column_text (stmt, 10);

  *names = NULL;
  *accepted = NULL;
  if (port < 1 || port > 65535 || column_text (stmt, 0) == NULL ||
      column_text (stmt, 2) == NULL || column_text (stmt, 3) == NULL ||
      column_text (stmt, 4) == NULL)
    return FALSE;

  if (names_text != NULL && names_text[0] != '\0')
    *names = drop_empty (split_words (names_text));
  if (sqlite3_column_type (stmt, 11) != SQLITE_NULL)
    *accepted = drop_empty (split_words (column_text (stmt, 11)));

  *fields = (CvTrustEntryFields) {
    .host = column_text (stmt, 0),
    .port = (guint16) port,
    .decision = column_text (stmt, 2),
    .certificate_sha256 = column_text (stmt, 3),
    .public_key_pin = column_text (stmt, 4),
    .subject = column_text (stmt, 5),
    .issuer = column_text (stmt, 6),
    .not_after = sqlite3_column_int64 (stmt, 7),
    .created = sqlite3_column_int64 (stmt, 8),
    .last_seen = sqlite3_column_int64 (stmt, 9),
    .names = (const char * const *) *names,
    .accepted = (const char * const *) *accepted,
  };
  return TRUE;
}

CvTrustEntry *
cv_trust_store_entry_from_row (sqlite3_stmt *stmt)
{
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) accepted = NULL;
  CvTrustEntryFields fields;

  if (!cv_trust_store_fields_from_row (stmt, &fields, &names, &accepted))
    return NULL;
  return cv_trust_entry_new_full (&fields);
}

/* @sql, a literal, stays the cache's key. Give the statement back with finish(). */
gboolean
cv_trust_store_prepare (CvTrustStore  *self,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  int rc;

  *stmt = g_hash_table_lookup (self->statements, sql);
  if (*stmt != NULL)
    return TRUE;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);
  if (rc != SQLITE_OK)
    return cv_trust_store_fail (self, rc, error);
  g_hash_table_insert (self->statements, (gpointer) sql, *stmt);
  return TRUE;
}

void
cv_trust_store_finish (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* One row of @sql with ?1 = host and ?2 = port bound, or NULL */
CvTrustEntry *
cv_trust_store_select_one (CvTrustStore  *self,
            const char    *sql,
            const char    *host,
            const char    *wildcard,
            guint16        port,
            gboolean      *failed,
            GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  CvTrustEntry *entry = NULL;
  int rc;

  if (!cv_trust_store_prepare (self, sql, &stmt, error))
    {
      *failed = TRUE;
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, host, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, port);
  if (wildcard != NULL)
    sqlite3_bind_text (stmt, 3, wildcard, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      entry = cv_trust_store_entry_from_row (stmt);
      if (entry != NULL)
        break;
    }
  if (entry == NULL && rc != SQLITE_DONE)
    {
      cv_trust_store_fail (self, rc, error);
      *failed = TRUE;
    }
  cv_trust_store_finish (stmt);
  return entry;
}
gboolean
cv_trust_store_step_done (CvTrustStore  *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  cv_trust_store_finish (stmt);
  return rc == SQLITE_DONE || cv_trust_store_fail (self, rc, error);
}

gboolean
cv_trust_store_delete_decision (CvTrustStore  *self,
                 const char    *host,
                 guint16        port,
                 GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  if (!cv_trust_store_prepare (self, "DELETE FROM names WHERE host = ?1 AND port = ?2", &stmt,
                               error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, host, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, port);
  if (!cv_trust_store_step_done (self, stmt, error))
    return FALSE;

  if (!cv_trust_store_prepare (self, "DELETE FROM decisions WHERE host = ?1 AND port = ?2", &stmt,
                               error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, host, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, port);
  return cv_trust_store_step_done (self, stmt, error);
}

/* Inside a transaction. An upsert, so that columns a newer version added keep
 * their values when @replace puts a new decision in an old row. */
gboolean
cv_trust_store_insert_entry (CvTrustStore  *self,
              CvTrustEntry  *entry,
              gboolean       replace,
              gboolean      *inserted,
              GError       **error)
{
  const char *host = cv_trust_entry_get_host (entry);
  guint16 port = cv_trust_entry_get_port (entry);
  const char * const *names = cv_trust_entry_get_names (entry);
  g_autofree char *names_text = join_words (names);
  g_autofree char *accepted_text = join_words (cv_trust_entry_get_accepted (entry));
  sqlite3_stmt *stmt = NULL;

  if (!cv_trust_store_prepare (self, replace
                  ? "INSERT INTO decisions (" CV_TRUST_STORE_COLUMNS ") "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                    "ON CONFLICT (host, port) DO UPDATE SET decision = ?3, "
                    "certificate_sha256 = ?4, public_key_pin = ?5, subject = ?6, "
                    "issuer = ?7, not_after = ?8, created = ?9, last_seen = ?10, "
                    "names = ?11, accepted = ?12"
                  : "INSERT OR IGNORE INTO decisions (" CV_TRUST_STORE_COLUMNS ") "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                &stmt, error))
    return FALSE;

  sqlite3_bind_text (stmt, 1, host, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, port);
  sqlite3_bind_text (stmt, 3, cv_trust_entry_get_decision_name (entry), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, cv_trust_entry_get_certificate_sha256 (entry), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, cv_trust_entry_get_public_key_pin (entry), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, cv_trust_entry_get_subject (entry), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, cv_trust_entry_get_issuer (entry), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, cv_trust_entry_get_not_after (entry));
  sqlite3_bind_int64 (stmt, 9, cv_trust_entry_get_created (entry));
  sqlite3_bind_int64 (stmt, 10, cv_trust_entry_get_last_seen (entry));
  sqlite3_bind_text (stmt, 11, names_text, -1, SQLITE_STATIC);
  if (accepted_text != NULL)
    sqlite3_bind_text (stmt, 12, accepted_text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 12);
  if (!cv_trust_store_step_done (self, stmt, error))
    return FALSE;

  *inserted = sqlite3_changes (self->db) > 0;
  if (!*inserted)
    return TRUE;

  if (replace)
    {
      if (!cv_trust_store_prepare (self, "DELETE FROM names WHERE host = ?1 AND port = ?2", &stmt,
                                   error))
        return FALSE;
      sqlite3_bind_text (stmt, 1, host, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, port);
      if (!cv_trust_store_step_done (self, stmt, error))
        return FALSE;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!cv_trust_store_prepare (self, "INSERT OR IGNORE INTO names (name, port, host) "
                    "VALUES (?1, ?2, ?3)", &stmt, error))
        return FALSE;
      sqlite3_bind_text (stmt, 1, names[i], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, port);
      sqlite3_bind_text (stmt, 3, host, -1, SQLITE_STATIC);
      if (!cv_trust_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cv_trust_store_insert_entries (CvTrustStore  *self,
                GPtrArray     *entries,
                gboolean       replace,
                GError       **error)
{
  gboolean inserted;

  for (guint i = 0; i < entries->len; i++)
    if (!cv_trust_store_insert_entry (self, g_ptr_array_index (entries, i), replace, &inserted,
                                      error))
      return FALSE;
  return TRUE;
}
