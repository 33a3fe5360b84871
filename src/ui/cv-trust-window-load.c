/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window.h"
#include "cv-trust-window-private.h"

#include "cv-store-problem.h"
#include "cv-trust-entry.h"
#include "cv-trust-store.h"

#include <glib/gi18n.h>

/* Loading: the store is read on a worker, which hands it over with its entries */


typedef struct
{
  CvTrustStore *store;
  GPtrArray    *entries;
  gboolean      any_expired;
  GError       *error;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->store);
  g_clear_pointer (&loaded->entries, g_ptr_array_unref);
  g_clear_error (&loaded->error);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  Loaded *loaded = g_new0 (Loaded, 1);
  gint64 now;

  /* A store that cannot be read is left empty; the error says why and what to do */
  loaded->store = cv_trust_store_new (path);
  if (cv_trust_store_load (loaded->store, &loaded->error))
    loaded->entries = cv_trust_store_list (loaded->store, &loaded->error);
  if (loaded->entries == NULL)
    loaded->entries = g_ptr_array_new_with_free_func (g_object_unref);

  /* What the Expires column must make room for, looked at here rather than in
   * the splice on the main thread (16 ms for 100,000 decisions) */
  now = g_get_real_time () / G_USEC_PER_SEC;
  for (guint i = 0; i < loaded->entries->len && !loaded->any_expired; i++)
    {
      gint64 not_after = cv_trust_entry_get_not_after (loaded->entries->pdata[i]);

      loaded->any_expired = not_after > 0 && not_after < now;
    }

  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

/* Callbacks of a load or a removal get the window unreferenced: a window that goes
 * away cancels first, and then the task reports G_IO_ERROR_CANCELLED. */

static void
load_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Loaded) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) reselect = NULL;
  CvTrustWindow *self;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_TRUST_WINDOW (user_data);
  g_assert (loaded != NULL);
  g_clear_object (&self->cancellable);

  /* Read again (F5): the servers selected stay so, where they still are, as when
   * the window follows the store */
  reselect = g_steal_pointer (&self->reload_selection);

  g_set_object (&self->store, loaded->store);
  g_clear_object (&self->details_entry);
  cv_trust_window_fill_rows (self, loaded->entries->len, reselect != NULL);
  /* A server's last check may show another expiry than its decision */
  if (self->results == NULL || g_hash_table_size (self->results) == 0)
    self->loaded_expired = loaded->any_expired;
  cv_object_list_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                         loaded->entries->pdata, loaded->entries->len);
  self->loaded_expired = -1;
  if (reselect != NULL)
    cv_trust_window_reselect (self, (const char * const *) reselect, self->reload_in_list);

  self->read_failed = loaded->error != NULL;
  if (loaded->error != NULL)
    {
      g_autofree char *text = cv_store_problem_dup_text (loaded->error,
                                                         self->store_path == NULL);

      cv_trust_window_show_error (self, _("Could Not Read the Saved Decisions"), text);
    }
  else
    cv_trust_window_hide_error (self);

  self->loaded = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "list");
  cv_trust_window_update_page (self);
  cv_trust_window_apply_pending_selection (self);
  cv_trust_window_set_busy (self, FALSE);
  cv_trust_window_update_actions (self);

  /* A window just opened has the keyboard nowhere yet, or where GTK put it while
   * the list was loading (the Sort button): the list takes it, so that a screen
   * reader says where one is and the arrows work at once. Later loads leave it */
  if (!self->focus_placed)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      self->focus_placed = TRUE;
      if ((focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stack))) &&
          gtk_widget_get_visible (GTK_WIDGET (self->column_view)) &&
          g_list_model_get_n_items (G_LIST_MODEL (self->entries)) > 0)
        gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
    }
}

void
cv_trust_window_reload (CvTrustWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CV_IS_TRUST_WINDOW (self));

  cv_trust_window_cancel_run (self);
  cv_trust_window_stop_follow_read (self);
  cv_trust_window_set_busy (self, FALSE);

  /* What is selected stays so once read again (a load still going keeps what was
   * selected before it) */
  if (self->loaded)
    {
      g_strfreev (self->reload_selection);
      self->reload_selection = cv_trust_window_dup_selected_servers (self);
      self->reload_in_list = cv_trust_window_list_has_focus (self);
    }

  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  g_clear_object (&self->details_entry);
  cv_trust_window_update_page (self);
  cv_trust_window_set_busy (self, TRUE);

  task = g_task_new (NULL, self->cancellable, load_done_cb, self);
  g_task_set_source_tag (task, cv_trust_window_reload);
  g_task_set_task_data (task, g_strdup (self->store_path), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}
