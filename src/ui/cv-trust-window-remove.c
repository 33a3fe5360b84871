/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window-private.h"

#include "cv-error.h"
#include "cv-trust-entry.h"
#include "cv-trust-store.h"

#include <glib/gi18n.h>
#include <string.h>

/* The notice under the title bar: what the last removal did, with Undo */

void
cv_trust_window_hide_undo (CvTrustWindow *self)
{
  g_clear_pointer (&self->undo_entries, g_ptr_array_unref);
  gtk_revealer_set_reveal_child (self->undo_revealer, FALSE);
  cv_trust_window_update_actions (self);
}

static void
show_notice (CvTrustWindow *self,
             const char    *text,
             gboolean       can_undo)
{
  gtk_label_set_text (self->undo_label, text);
  /* One line, so that the notice keeps its height: the whole text on hover */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->undo_label), text);
  gtk_widget_set_visible (self->undo_button, can_undo);
  gtk_revealer_set_reveal_child (self->undo_revealer, TRUE);
  cv_trust_window_update_actions (self);
}

int
cv_trust_window_compare_servers (gconstpointer a,
                                 gconstpointer b,
                                 gpointer      user_data)
{
  CvTrustEntry *entry_a = (CvTrustEntry *) a;
  CvTrustEntry *entry_b = (CvTrustEntry *) b;
  int by_host = strcmp (cv_trust_entry_get_host (entry_a), cv_trust_entry_get_host (entry_b));

  if (by_host != 0)
    return by_host;
  return (int) cv_trust_entry_get_port (entry_a) - (int) cv_trust_entry_get_port (entry_b);
}

guint
cv_trust_window_find_server (CvTrustWindow *self,
                             CvTrustEntry  *entry)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  guint low = 0;
  guint high = g_list_model_get_n_items (model);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(CvTrustEntry) item = g_list_model_get_item (model, middle);
      int order = cv_trust_window_compare_servers (item, entry, NULL);

      if (order == 0)
        return middle;
      if (order < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return G_MAXUINT;
}

/* Removing: one cv_trust_store_forget() per decision, on a worker */

typedef struct
{
  CvTrustStore *store;
  GPtrArray    *entries;
} RemoveRun;

typedef struct
{
  GHashTable *removed;    /* keys: the rows to take out of the list */
  GPtrArray  *forgotten;  /* CvTrustEntry: what this removal took out of the store */
  GError     *error;
} Removed;

static void
remove_run_free (RemoveRun *run)
{
  g_clear_object (&run->store);
  g_clear_pointer (&run->entries, g_ptr_array_unref);
  g_free (run);
}

static void
removed_free (Removed *removed)
{
  g_clear_pointer (&removed->removed, g_hash_table_unref);
  g_clear_pointer (&removed->forgotten, g_ptr_array_unref);
  g_clear_error (&removed->error);
  g_free (removed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removed, removed_free)

static void
remove_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RemoveRun *run = task_data;
  Removed *removed = g_new0 (Removed, 1);

  removed->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  removed->forgotten = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < run->entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (run->entries, i);
      g_autoptr(GError) error = NULL;

      if (cv_trust_store_forget (run->store, cv_trust_entry_get_host (entry),
                                 cv_trust_entry_get_port (entry), &error))
        g_ptr_array_add (removed->forgotten, g_object_ref (entry));
      /* Gone already, as another program may have removed it: what was asked, but
       * not this removal's to undo */
      else if (!g_error_matches (error, CV_ERROR, CV_ERROR_NOT_FOUND))
        {
          removed->error = g_steal_pointer (&error);
          break;
        }
      g_hash_table_add (removed->removed, g_strdup (cv_trust_entry_get_key (entry)));
    }

  g_task_return_pointer (task, removed, (GDestroyNotify) removed_free);
}

/* Where the first of @keys is in the list as shown, or G_MAXUINT */
static guint
first_shown (CvTrustWindow *self,
             GHashTable    *keys)
{
  GListModel *shown = G_LIST_MODEL (self->sorted);
  guint n_items = g_list_model_get_n_items (shown);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (shown, i);

      if (g_hash_table_contains (keys, cv_trust_entry_get_key (entry)))
        return i;
    }
  return G_MAXUINT;
}

static void
remove_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Removed) removed = NULL;
  g_autoptr(GError) error = NULL;
  CvTrustWindow *self;
  GListModel *model;
  GtkWidget *focus;
  gboolean list_shown;
  guint end, first, n_left;

  removed = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_TRUST_WINDOW (user_data);
  g_assert (removed != NULL);
  g_clear_object (&self->cancellable);

  /* From the end, a run of removed rows at a time */
  first = first_shown (self, removed->removed);
  model = G_LIST_MODEL (self->entries);
  end = g_list_model_get_n_items (model);
  while (end > 0)
    {
      guint start = end;

      while (start > 0)
        {
          g_autoptr(CvTrustEntry) entry = g_list_model_get_item (model, start - 1);

          if (!g_hash_table_contains (removed->removed, cv_trust_entry_get_key (entry)))
            break;
          start--;
        }

      if (start < end)
        cv_object_list_splice (self->entries, start, end - start, NULL, 0);
      end = start > 0 ? start - 1 : 0;
    }

  if (removed->error != NULL)
    cv_trust_window_show_error (self, _("Could Not Remove the Decision"), removed->error->message);

  /* Undo puts back every removal since its notice showed, not only the last:
   * Delete, Delete, Undo loses nothing */
  if (removed->forgotten->len > 0)
    {
      g_autofree char *text = NULL;
      guint n;

      if (self->undo_entries == NULL)
        self->undo_entries = g_steal_pointer (&removed->forgotten);
      else
        g_ptr_array_extend_and_steal (self->undo_entries,
                                      g_steal_pointer (&removed->forgotten));
      n = self->undo_entries->len;
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u saved decision",
                                           "Removed %u saved decisions", n), n);
      show_notice (self, text, TRUE);
    }
  else if (self->undo_entries == NULL)
    cv_trust_window_hide_undo (self);

  cv_trust_window_set_busy (self, FALSE);
  if (self->details_entry != NULL &&
      g_hash_table_contains (removed->removed, cv_trust_entry_get_key (self->details_entry)))
    cv_trust_window_show_list (self);
  else
    cv_trust_window_update_page (self);

  /* Nothing is selected now: a second Delete must not remove the next row, which
   * the user never chose */
  cv_trust_window_update_actions (self);

  /* Remove (or Details) pressed is off now, and took the keyboard along, or the
   * row that had it is gone: the list has it again, on the row that came after
   * the first one removed (or on the last), as Delete from the keyboard leaves
   * it; Undo has it when no decision is left to list */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  list_shown = g_str_equal (cv_trust_window_get_page (self), "list");
  n_left = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  if (focus == NULL || !gtk_widget_is_sensitive (focus) || !gtk_widget_get_mapped (focus) ||
      ((first != G_MAXUINT || !list_shown) && cv_trust_window_list_has_focus (self)))
    {
      if (list_shown && first != G_MAXUINT && n_left > 0)
        cv_trust_window_focus_position (self, MIN (first, n_left - 1));
      else if (list_shown)
        gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
      else if (gtk_widget_get_visible (self->undo_button))
        gtk_widget_grab_focus (self->undo_button);
    }
}

void
cv_trust_window_remove_entries (CvTrustWindow *self,
                                GPtrArray     *entries)
{
  g_autoptr(GTask) task = NULL;
  RemoveRun *run;

  g_assert (!self->busy && self->store != NULL);

  cv_trust_window_cancel_run (self);
  self->cancellable = g_cancellable_new ();
  cv_trust_window_set_busy (self, TRUE);

  run = g_new0 (RemoveRun, 1);
  run->store = g_object_ref (self->store);
  run->entries = entries;

  task = g_task_new (NULL, self->cancellable, remove_done_cb, self);
  g_task_set_source_tag (task, cv_trust_window_remove_entries);
  g_task_set_task_data (task, run, (GDestroyNotify) remove_run_free);
  g_task_run_in_thread (task, remove_thread);
}

/* Undo: the removed decisions go back through cv_trust_store_import(), on a worker,
 * so that a decision saved meanwhile for the same server (by another program) is
 * kept, never overwritten */

typedef struct
{
  CvTrustImport *import;
  GPtrArray     *current;  /* CvTrustEntry: what is saved instead, for each differing */
  GError        *error;
} Restored;

static void
restored_free (Restored *restored)
{
  g_clear_pointer (&restored->import, cv_trust_import_free);
  g_clear_pointer (&restored->current, g_ptr_array_unref);
  g_clear_error (&restored->error);
  g_free (restored);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Restored, restored_free)

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RemoveRun *run = task_data;
  Restored *restored = g_new0 (Restored, 1);

  restored->current = g_ptr_array_new_with_free_func (g_object_unref);
  restored->import = cv_trust_store_import (run->store, run->entries, &restored->error);
  for (guint i = 0; restored->import != NULL && i < restored->import->differing->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (restored->import->differing, i);
      CvTrustEntry *saved;

      /* Only to show it: the list is no worse off without it */
      saved = cv_trust_store_lookup (run->store, cv_trust_entry_get_host (entry),
                                     cv_trust_entry_get_port (entry), NULL);
      if (saved != NULL)
        g_ptr_array_add (restored->current, saved);
    }

  g_task_return_pointer (task, restored, (GDestroyNotify) restored_free);
}

/* Shows @entries in the list, in the store's order, and selects them */
static void
put_back (CvTrustWindow *self,
          GPtrArray     *entries,
          GStrvBuilder  *select)
{
  for (guint i = 0; i < entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (entries, i);

      if (cv_trust_window_find_server (self, entry) != G_MAXUINT)
        continue;
      cv_object_list_insert_sorted (self->entries, entry, cv_trust_window_compare_servers, NULL);
      if (select != NULL)
        g_strv_builder_add (select, cv_trust_entry_get_key (entry));
    }
}

static void
restore_done_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Restored) restored = NULL;
  g_autoptr(GError) error = NULL;
  CvTrustImport *import;
  CvTrustWindow *self;
  g_autofree char *text = NULL;
  guint n_kept;

  restored = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_TRUST_WINDOW (user_data);
  g_assert (restored != NULL);
  g_clear_object (&self->cancellable);
  cv_trust_window_set_busy (self, FALSE);

  if (restored->import == NULL)
    {
      /* Nothing was restored; Undo stays offered, to try again */
      cv_trust_window_show_error (self, _("Could Not Restore the Decisions"),
                                  restored->error->message);
      cv_trust_window_update_actions (self);
      return;
    }

  import = restored->import;
  {
    g_autoptr(GStrvBuilder) select = g_strv_builder_new ();
    g_auto(GStrv) keys = NULL;

    put_back (self, import->added, select);
    put_back (self, import->skipped, select);
    put_back (self, restored->current, NULL);
    /* Selected where the list shows them, in its order (finding: the store's
     * positions were taken for the list's, and another decision was selected,
     * which the next Delete removed) */
    keys = g_strv_builder_end (select);
    cv_trust_window_reselect (self, (const char * const *) keys, FALSE);
  }
  /* The keyboard goes with the decisions put back, where Delete would act */
  if (!cv_trust_window_on_details_page (self))
    cv_trust_window_focus_selected (self);
  g_clear_pointer (&self->undo_entries, g_ptr_array_unref);

  n_kept = import->differing->len;
  if (n_kept == 0)
    cv_trust_window_hide_undo (self);
  else
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) keys = NULL;
      g_autofree char *list = NULL;

      for (guint i = 0; i < n_kept; i++)
        g_strv_builder_add (builder,
                            cv_trust_entry_get_key (g_ptr_array_index (import->differing, i)));
      keys = g_strv_builder_end (builder);
      /* TRANSLATORS: between the items of a list */
      list = g_strjoinv (_(", "), keys);
      /* TRANSLATORS: %u is how many, %s the servers, as in "ftp.example.com:21" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u saved decision could not be restored: "
                                           "another decision was saved for its server "
                                           "meanwhile, and was kept: %s",
                                           "%u saved decisions could not be restored: "
                                           "other decisions were saved for their servers "
                                           "meanwhile, and were kept: %s", n_kept),
                              n_kept, list);
      /* Not a one-line notice: the servers are what it is about */
      cv_trust_window_hide_undo (self);
      cv_trust_window_show_error (self, _("Not Every Decision Was Restored"), text);
    }

  cv_trust_window_update_page (self);
  cv_trust_window_update_actions (self);
}

void
cv_trust_window_undo (CvTrustWindow *self)
{
  g_autoptr(GTask) task = NULL;
  RemoveRun *run;

  if (self->busy || self->store == NULL || self->undo_entries == NULL)
    return;

  cv_trust_window_cancel_run (self);
  self->cancellable = g_cancellable_new ();
  cv_trust_window_set_busy (self, TRUE);

  run = g_new0 (RemoveRun, 1);
  run->store = g_object_ref (self->store);
  run->entries = g_ptr_array_ref (self->undo_entries);

  task = g_task_new (NULL, self->cancellable, restore_done_cb, self);
  g_task_set_source_tag (task, cv_trust_window_undo);
  g_task_set_task_data (task, run, (GDestroyNotify) remove_run_free);
  g_task_run_in_thread (task, restore_thread);
}
