/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-store.h"
#include "cv-trust-store-private.h"
#include "cv-trust-io-private.h"

#include "cv-error.h"
#include "cv-format-private.h"

#include <glib/gi18n-lib.h>

G_DEFINE_FINAL_TYPE (CvTrustStore, cv_trust_store, G_TYPE_OBJECT)

char *
cv_trust_store_get_default_path (void)
{
  const char *env = g_getenv (CV_TRUST_STORE_ENV);

  if (env != NULL)
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "certview", "trust.db", NULL);
}

G_DEFINE_BOXED_TYPE (CvTrustImport, cv_trust_import, cv_trust_import_copy, cv_trust_import_free)

CvTrustImport *
cv_trust_import_copy (const CvTrustImport *import)
{
  CvTrustImport *copy;

  g_return_val_if_fail (import != NULL, NULL);

  copy = g_new0 (CvTrustImport, 1);
  copy->added = import->added != NULL ? g_ptr_array_ref (import->added) : NULL;
  copy->skipped = import->skipped != NULL ? g_ptr_array_ref (import->skipped) : NULL;
  copy->differing = import->differing != NULL ? g_ptr_array_ref (import->differing) : NULL;
  return copy;
}

void
cv_trust_import_free (CvTrustImport *import)
{
  if (import == NULL)
    return;
  g_clear_pointer (&import->added, g_ptr_array_unref);
  g_clear_pointer (&import->skipped, g_ptr_array_unref);
  g_clear_pointer (&import->differing, g_ptr_array_unref);
  g_free (import);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

void
cv_trust_store_close (CvTrustStore *self)
{
  g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  self->state = CV_TRUST_STORE_CLOSED;
}

static void
cv_trust_store_finalize (GObject *object)
{
  CvTrustStore *self = CV_TRUST_STORE (object);

  cv_trust_store_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->shm_path, g_free);
  g_clear_pointer (&self->legacy_path, g_free);
  g_clear_pointer (&self->notice, g_free);

  G_OBJECT_CLASS (cv_trust_store_parent_class)->finalize (object);
}

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cv_trust_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CvTrustStore *self = CV_TRUST_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_trust_store_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CvTrustStore *self = CV_TRUST_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Made with g_object_new() (a binding's constructor) as with cv_trust_store_new():
 * no path is the default store */
static void
cv_trust_store_constructed (GObject *object)
{
  CvTrustStore *self = CV_TRUST_STORE (object);

  G_OBJECT_CLASS (cv_trust_store_parent_class)->constructed (object);
  self->named = self->path != NULL;
  if (self->path == NULL)
    {
      self->is_default = g_getenv (CV_TRUST_STORE_ENV) == NULL;
      self->path = cv_trust_store_get_default_path ();
    }
}

static void
cv_trust_store_class_init (CvTrustStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cv_trust_store_finalize;
  object_class->constructed = cv_trust_store_constructed;
  object_class->get_property = cv_trust_store_get_property;
  object_class->set_property = cv_trust_store_set_property;

  /**
   * CvTrustStore:path: (type filename)
   *
   * The store's file; %NULL when made, for the default store
   * (cv_trust_store_get_default_path()).
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cv_trust_store_init (CvTrustStore *self)
{
  g_mutex_init (&self->lock);
  self->busy_ms = CV_TRUST_STORE_BUSY_MS;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            finalize_statement);
}

CvTrustStore *
cv_trust_store_new (const char *path)
{
  return g_object_new (CV_TYPE_TRUST_STORE, "path", path, NULL);
}

const char *
cv_trust_store_get_notice (CvTrustStore *self)
{
  g_return_val_if_fail (CV_IS_TRUST_STORE (self), NULL);
  return self->notice;
}

const char *
cv_trust_store_get_path (CvTrustStore *self)
{
  g_return_val_if_fail (CV_IS_TRUST_STORE (self), NULL);
  return self->path;
}

char *
cv_trust_store_dup_forget_command (CvTrustStore *self,
                                   const char   *key)
{
  g_autofree char *default_path = cv_trust_store_get_default_path ();
  g_autofree char *quoted_key = cv_format_shell_word (key);

  if (self->named && g_strcmp0 (self->path, default_path) != 0)
    {
      g_autofree char *quoted_path = cv_format_shell_word (self->path);

      return g_strdup_printf ("certview --trust-store %s --forget %s", quoted_path, quoted_key);
    }
  return g_strdup_printf ("certview --forget %s", quoted_key);
}

gboolean
cv_trust_store_load (CvTrustStore  *self,
                     GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);

  g_mutex_lock (&self->lock);
  ok = cv_trust_store_open_for_reading (self, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

/* The decision made for @host:@port itself, or NULL */
CvTrustEntry *
cv_trust_store_lookup_own_locked (CvTrustStore  *self,
                                  const char    *host,
                                  guint16        port,
                                  gboolean      *failed,
                                  GError       **error)
{
  return cv_trust_store_select_one (self, "SELECT " CV_TRUST_STORE_COLUMNS " FROM decisions "
                                    "WHERE host = ?1 AND port = ?2", host, NULL, port, failed,
                                    error);
}

CvTrustEntry *
cv_trust_store_lookup_locked (CvTrustStore  *self,
                              const char    *host,
                              guint16        port,
                              gboolean      *failed,
                              GError       **error)
{
  CvTrustEntry *entry;

  *failed = FALSE;
  if (self->db == NULL)
    return NULL;

  entry = cv_trust_store_lookup_own_locked (self, host, port, failed, error);
  if (entry != NULL || *failed)
    return entry;
  return cv_trust_store_lookup_covering_locked (self, host, port, failed, error);
}

/* The decision that covers @host:@port among its other names, or NULL */
CvTrustEntry *
cv_trust_store_lookup_covering_locked (CvTrustStore  *self,
                                       const char    *host,
                                       guint16        port,
                                       gboolean      *failed,
                                       GError       **error)
{
  g_autofree char *wildcard = NULL;
  const char *dot;

  /* An address has no other names: only its own decision answers for it */
  if (g_hostname_is_ip_address (host))
    return NULL;

  /* A decision made for all of a certificate's names. Of several, a rejection
   * before a trust, so that no other decision turns a rejection off, and either
   * before a kind of a later version, which is never applied; then the newest.
   * cv_trust_io_write_known_hosts() chooses alike. */
  dot = strchr (host, '.');
  if (dot != NULL && dot != host)
    wildcard = g_strconcat ("*", dot, NULL);
  return cv_trust_store_select_one (self,
                                    "SELECT d.host, d.port, d.decision, d.certificate_sha256, "
                                    "d.public_key_pin, d.subject, d.issuer, d.not_after, "
                                    "d.created, d.last_seen, d.names, d.accepted "
                                    "FROM names n JOIN decisions d "
                                    "ON d.host = n.host AND d.port = n.port "
                                    "WHERE n.port = ?2 AND (n.name = ?1 OR n.name = ?3) "
                                    "ORDER BY CASE d.decision WHEN 'reject' THEN 0 "
                                    "WHEN 'trust' THEN 1 ELSE 2 END, d.created DESC",
                                    host, wildcard ? wildcard : host, port, failed, error);
}

CvTrustEntry *
cv_trust_store_lookup (CvTrustStore  *self,
                       const char    *host,
                       guint16        port,
                       GError       **error)
{
  g_autofree char *normal = NULL;
  CvTrustEntry *entry = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normal = cv_trust_normalize_host (host);
  if (normal == NULL)
    return NULL;

  g_mutex_lock (&self->lock);
  if (cv_trust_store_open_for_reading (self, error))
    entry = cv_trust_store_lookup_locked (self, normal, port, &failed, error);
  g_mutex_unlock (&self->lock);
  return entry;
}

gboolean
cv_trust_store_foreach (CvTrustStore      *self,
                        CvTrustStoreFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_mutex_lock (&self->lock);
  if (!cv_trust_store_open_for_reading (self, error))
    goto out;
  if (self->db == NULL)
    {
      ok = TRUE;
      goto out;
    }
  if (!cv_trust_store_prepare (self, "SELECT " CV_TRUST_STORE_COLUMNS " FROM decisions "
                               "ORDER BY host, port", &stmt, error))
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GStrv) names = NULL;
      g_auto(GStrv) accepted = NULL;
      CvTrustEntryFields fields;

      if (cv_trust_store_fields_from_row (stmt, &fields, &names, &accepted) &&
          !func (&fields, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  ok = rc == SQLITE_DONE || cv_trust_store_fail (self, rc, error);
  cv_trust_store_finish (stmt);

out:
  g_mutex_unlock (&self->lock);
  return ok;
}

static gboolean
add_entry_cb (const CvTrustEntryFields *fields,
              gpointer                  user_data)
{
  CvTrustEntry *entry = cv_trust_entry_new_full (fields);

  if (entry != NULL)
    g_ptr_array_add (user_data, entry);
  return TRUE;
}

GPtrArray *
cv_trust_store_list (CvTrustStore  *self,
                     GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), NULL);

  if (!cv_trust_store_foreach (self, add_entry_cb, entries, error))
    return NULL;
  return g_steal_pointer (&entries);
}

gboolean
cv_trust_store_begin_write (CvTrustStore  *self,
                            GError       **error)
{
  return cv_trust_store_open_for_writing (self, error) &&
         cv_trust_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
cv_trust_store_commit (CvTrustStore  *self,
                       gboolean       ok,
                       GError       **error)
{
  if (ok && cv_trust_store_exec (self, "COMMIT", error))
    return TRUE;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
cv_trust_store_save (CvTrustStore  *self,
                     CvTrustEntry  *entry,
                     GError       **error)
{
  gboolean inserted;
  gboolean ok;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (entry), FALSE);

  /* What is saved must export and import again */
  if (!cv_trust_io_fingerprints_are_valid (cv_trust_entry_get_certificate_sha256 (entry),
                                           cv_trust_entry_get_public_key_pin (entry)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The decision for %s was not saved: its fingerprints are not those of "
                     "a certificate."),
                   cv_trust_entry_get_key (entry));
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  ok = cv_trust_store_begin_write (self, error) &&
       cv_trust_store_commit (self,
                              cv_trust_store_insert_entry (self, entry, TRUE, &inserted, error),
                              error);
  g_mutex_unlock (&self->lock);
  return ok;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (cv_trust_store_save (CV_TRUST_STORE (source_object), task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cv_trust_store_save_async (CvTrustStore        *self,
                           CvTrustEntry        *entry,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CV_IS_TRUST_STORE (self));
  g_return_if_fail (CV_IS_TRUST_ENTRY (entry));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cv_trust_store_save_async);
  /* A save that ran says whether it was saved, cancelled meanwhile or not */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_object_ref (entry), g_object_unref);
  g_task_run_in_thread (task, save_thread);
}

gboolean
cv_trust_store_save_finish (CvTrustStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cv_trust_store_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cv_trust_store_save_over (CvTrustStore  *self,
                          CvTrustEntry  *entry,
                          CvTrustEntry  *seen,
                          GError       **error)
{
  g_autoptr(CvTrustEntry) current = NULL;
  gboolean inserted;
  gboolean failed = FALSE;
  gboolean begun;
  gboolean ok;

  g_return_val_if_fail (CV_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (entry), FALSE);
  g_return_val_if_fail (seen == NULL || CV_IS_TRUST_ENTRY (seen), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->lock);
  ok = begun = cv_trust_store_begin_write (self, error);
  if (ok)
    {
      current = cv_trust_store_select_one (self, "SELECT " CV_TRUST_STORE_COLUMNS
                                           " FROM decisions WHERE host = ?1 AND port = ?2",
                                           cv_trust_entry_get_host (entry), NULL,
                                           cv_trust_entry_get_port (entry), &failed, error);
      ok = !failed;
    }
  if (ok && ((current == NULL) != (seen == NULL) ||
             (current != NULL && !cv_trust_entry_same_decision (current, seen))))
    {
      if (current == NULL)
        g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE_CHANGED,
                     _("The saved decision for %s was forgotten meanwhile, in another "
                       "window or program. Nothing was saved: ask about the server again."),
                     cv_trust_entry_get_key (entry));
      else
        {
          g_autofree char *forget =
            cv_trust_store_dup_forget_command (self, cv_trust_entry_get_key (current));

          g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE_CHANGED,
                       cv_trust_entry_get_decision (current) == CV_TRUST_DECISION_REJECT
                         /* TRANSLATORS: %1$s is the server, as "ftp.example.com:21";
                          * %2$s the command that forgets it, as "certview --forget …" */
                         ? _("%1$s was set to Always Reject meanwhile, in another window or "
                             "program. That decision was kept. To change it, remove it in "
                             "Saved Decisions or with “%2$s”.")
                         /* TRANSLATORS: %1$s is the server, as "ftp.example.com:21";
                          * %2$s the command that forgets it, as "certview --forget …" */
                         : _("%1$s was set to Always Trust meanwhile, in another window or "
                             "program. That decision was kept. To change it, remove it in "
                             "Saved Decisions or with “%2$s”."),
                       cv_trust_entry_get_key (current), forget);
        }
      ok = FALSE;
    }
  else if (ok)
    ok = cv_trust_store_insert_entry (self, entry, TRUE, &inserted, error);
  /* commit() rolls back what was not to be saved */
  if (begun)
    ok = cv_trust_store_commit (self, ok, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

typedef struct
{
  CvTrustEntry *entry;
  CvTrustEntry *seen;
} SaveOver;

static void
save_over_free (SaveOver *data)
{
  g_clear_object (&data->entry);
  g_clear_object (&data->seen);
  g_free (data);
}

static void
save_over_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SaveOver *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (cv_trust_store_save_over (CV_TRUST_STORE (source_object), data->entry, data->seen,
                                &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cv_trust_store_save_over_async (CvTrustStore        *self,
                                CvTrustEntry        *entry,
                                CvTrustEntry        *seen,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveOver *data;

  g_return_if_fail (CV_IS_TRUST_STORE (self));
  g_return_if_fail (CV_IS_TRUST_ENTRY (entry));
  g_return_if_fail (seen == NULL || CV_IS_TRUST_ENTRY (seen));

  data = g_new0 (SaveOver, 1);
  data->entry = g_object_ref (entry);
  data->seen = seen != NULL ? g_object_ref (seen) : NULL;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cv_trust_store_save_over_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) save_over_free);
  g_task_run_in_thread (task, save_over_thread);
}

gboolean
cv_trust_store_save_over_finish (CvTrustStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          cv_trust_store_save_over_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
