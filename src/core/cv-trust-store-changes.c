/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-store.h"
#include "cv-trust-store-private.h"

#include "cv-error.h"

#include <glib/gi18n-lib.h>

/*
 * What happens to saved decisions after they are made: seen again ("last
 * seen"), forgotten, and imported from other files.
 */

/* "Last seen" is a note: another program's write (a long import, a save) is not
 * waited for longer than this, and the note is left for the next time */
#define TOUCH_BUSY_MS 250

/* The caller holds the lock and has opened the store for writing */
static gboolean
touch_row (CvTrustStore  *self,
           CvTrustEntry  *saved,
           gint64         when,
           GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  /* An UPDATE, never an insert: a decision forgotten meanwhile is not brought back,
   * and one replaced meanwhile is not touched */
  if (!cv_trust_store_prepare (self, "UPDATE decisions SET last_seen = ?3 "
                               "WHERE host = ?1 AND port = ?2 AND decision = ?4 "
                               "AND certificate_sha256 = ?5 AND last_seen < ?3",
                               &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, cv_trust_entry_get_host (saved), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, cv_trust_entry_get_port (saved));
  sqlite3_bind_int64 (stmt, 3, when);
  sqlite3_bind_text (stmt, 4, cv_trust_entry_get_decision_name (saved), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, cv_trust_entry_get_certificate_sha256 (saved), -1,
                     SQLITE_STATIC);
  return cv_trust_store_step_done (self, stmt, error);
}

/* Whether there is a store to note anything in; the caller holds the lock */
static gboolean
open_for_touch (CvTrustStore  *self,
                gboolean      *nothing_to_do,
                GError       **error)
{
  *nothing_to_do = FALSE;
  /* Nothing to note in a store that is not there yet */
  if (!cv_trust_store_open_for_reading (self, error))
    return FALSE;
  if (self->state == CV_TRUST_STORE_MISSING || self->state == CV_TRUST_STORE_LEGACY)
    {
      *nothing_to_do = TRUE;
      return TRUE;
    }
  return cv_trust_store_open_for_writing (self, error);
}

gboolean
cv_trust_store_touch (CvTrustStore  *self,
                      CvTrustEntry  *saved,
                      gint64         when,
                      GError       **error)
{
  gboolean nothing_to_do;
  gboolean ok;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (saved), FALSE);

  g_mutex_lock (&self->lock);
  cv_trust_store_wait_briefly (self, TOUCH_BUSY_MS);
  ok = open_for_touch (self, &nothing_to_do, error) &&
       (nothing_to_do || touch_row (self, saved, when, error));
  cv_trust_store_wait_fully (self);
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
cv_trust_store_touch_all (CvTrustStore  *self,
                          GPtrArray     *saved,
                          gint64         when,
                          GError       **error)
{
  gboolean nothing_to_do;
  gboolean ok;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (saved != NULL, FALSE);

  if (saved->len == 0)
    return TRUE;

  g_mutex_lock (&self->lock);
  cv_trust_store_wait_briefly (self, TOUCH_BUSY_MS);
  ok = open_for_touch (self, &nothing_to_do, error);
  if (ok && !nothing_to_do)
    {
      /* One transaction: one write to the disk for all of them */
      ok = cv_trust_store_exec (self, "BEGIN IMMEDIATE", error);
      for (guint i = 0; ok && i < saved->len; i++)
        ok = touch_row (self, g_ptr_array_index (saved, i), when, error);
      if (ok)
        ok = cv_trust_store_commit (self, TRUE, error);
      else
        cv_trust_store_commit (self, FALSE, NULL);
    }
  cv_trust_store_wait_fully (self);
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
cv_trust_store_forget (CvTrustStore  *self,
                       const char    *host,
                       guint16        port,
                       GError       **error)
{
  g_autofree char *normal = NULL;
  g_autofree char *key = NULL;
  g_autoptr(CvTrustEntry) cover = NULL;
  gboolean failed = FALSE;
  gboolean ok = FALSE;
  int changes;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  normal = cv_trust_normalize_host (host);
  key = cv_trust_key_for (normal ? normal : host, port);
  if (normal == NULL)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_NOT_FOUND,
                   _("There is no saved decision for %s."), key);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  if (!cv_trust_store_open_for_reading (self, error))
    goto out;
  if (self->state == CV_TRUST_STORE_MISSING)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_NOT_FOUND,
                   _("There is no saved decision for %s."), key);
      goto out;
    }
  if (!cv_trust_store_begin_write (self, error))
    goto out;
  if (!cv_trust_store_delete_decision (self, normal, port, error))
    {
      cv_trust_store_commit (self, FALSE, NULL);
      goto out;
    }
  changes = sqlite3_changes (self->db);
  if (changes == 0)
    cover = cv_trust_store_lookup_locked (self, normal, port, &failed, NULL);
  if (!cv_trust_store_commit (self, TRUE, error))
    goto out;

  if (changes > 0)
    ok = TRUE;
  else if (cover != NULL)
    {
      g_autofree char *forget =
        cv_trust_store_dup_forget_command (self, cv_trust_entry_get_key (cover));

      /* TRANSLATORS: the last %s is the command that forgets the decision that
       * covers it, as "certview --forget ftp.example.com:21" */
      g_set_error (error, CV_ERROR, CV_ERROR_NOT_FOUND,
                   _("%s has no decision of its own: the decision for %s covers it, with "
                     "the other names of its certificate. Forget that one: %s"),
                   key, cv_trust_entry_get_key (cover), forget);
    }
  else
    g_set_error (error, CV_ERROR, CV_ERROR_NOT_FOUND,
                 _("There is no saved decision for %s."), key);

out:
  g_mutex_unlock (&self->lock);
  return ok;
}

/* Whether two decisions, for different servers, answer alike: the same kind for
 * the same certificate */
static gboolean
says_the_same (CvTrustEntry *a,
               CvTrustEntry *b)
{
  return g_strcmp0 (cv_trust_entry_get_decision_name (a),
                    cv_trust_entry_get_decision_name (b)) == 0 &&
         g_str_equal (cv_trust_entry_get_certificate_sha256 (a),
                      cv_trust_entry_get_certificate_sha256 (b));
}

CvTrustImport *
cv_trust_store_import (CvTrustStore  *self,
                       GPtrArray     *entries,
                       GError       **error)
{
  g_autoptr(CvTrustImport) import = g_new0 (CvTrustImport, 1);
  gboolean begun;
  gboolean ok;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), NULL);
  g_return_val_if_fail (entries != NULL, NULL);

  import->added = g_ptr_array_new_with_free_func (g_object_unref);
  import->skipped = g_ptr_array_new_with_free_func (g_object_unref);
  import->differing = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->lock);
  ok = begun = cv_trust_store_begin_write (self, error);
  for (guint i = 0; ok && i < entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (entries, i);
      const char *host = cv_trust_entry_get_host (entry);
      guint16 port = cv_trust_entry_get_port (entry);
      g_autoptr(CvTrustEntry) saved = NULL;
      g_autoptr(CvTrustEntry) covering = NULL;
      gboolean inserted = FALSE;
      gboolean failed = FALSE;

      saved = cv_trust_store_lookup_own_locked (self, host, port, &failed, error);
      if (saved == NULL && !failed)
        covering = cv_trust_store_lookup_covering_locked (self, host, port, &failed, error);
      if (failed)
        {
          ok = FALSE;
          break;
        }

      if (saved != NULL)
        {
          g_ptr_array_add (cv_trust_entry_same_decision (saved, entry) ? import->skipped
                                                                      : import->differing,
                           g_object_ref (entry));
          continue;
        }
      /* A server that another decision covers goes by that one: a decision of its
       * own that says otherwise would replace it in effect, which import never does */
      if (covering != NULL && !says_the_same (covering, entry))
        {
          g_ptr_array_add (import->differing, g_object_ref (entry));
          continue;
        }

      ok = cv_trust_store_insert_entry (self, entry, FALSE, &inserted, error);
      if (ok)
        g_ptr_array_add (inserted ? import->added : import->differing, g_object_ref (entry));
    }
  /* commit() rolls back what a failure left half done */
  if (begun)
    ok = cv_trust_store_commit (self, ok, error);
  g_mutex_unlock (&self->lock);

  return ok ? g_steal_pointer (&import) : NULL;
}
