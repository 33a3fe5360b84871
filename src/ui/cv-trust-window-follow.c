/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window-private.h"

#include "cv-store-problem.h"
#include "cv-trust-entry.h"
#include "cv-trust-store.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

/*
 * Following the store: a prompt, `certview --trust` or another window may save or
 * forget decisions while the list is open. A monitor on the store's folder sees
 * their writes (SQLite writes the store or its "-wal" file; a reader only creates
 * or touches "-wal" and "-shm", which are not followed), the store is read again
 * on a worker, and the list takes in only the differences, so that the rows
 * selected, the one with the focus and the scroll position stay.
 */

/* Writes come in bursts (the log, then the store): one read after the last, but
 * no later than a second after the first, so that a program writing all the time
 * does not keep the list waiting */
#define SETTLE_MS 250
#define MAX_WAIT_US (1000 * 1000)
/* A read that fails while others write is tried again once before it is shown */
#define RETRY_MS 1000
/* More runs of differences than this: the list is replaced in one splice */
#define MAX_RUNS 32

/* Everything the list or the details page shows of a decision */
static gboolean
same_entry (CvTrustEntry *a,
            CvTrustEntry *b)
{
  return a == b ||
         (cv_trust_entry_same_decision (a, b) &&
          cv_trust_entry_get_last_seen (a) == cv_trust_entry_get_last_seen (b) &&
          cv_trust_entry_get_created (a) == cv_trust_entry_get_created (b) &&
          cv_trust_entry_get_not_after (a) == cv_trust_entry_get_not_after (b) &&
          g_strcmp0 (cv_trust_entry_get_subject (a), cv_trust_entry_get_subject (b)) == 0 &&
          g_strcmp0 (cv_trust_entry_get_issuer (a), cv_trust_entry_get_issuer (b)) == 0);
}

/* A run of differences: @removed items of the list from @position on give way to
 * @added of the store's, from @first on */
typedef struct
{
  guint position;
  guint removed;
  guint first;
  guint added;
} Run;

/* The runs of differences between the list and @fresh, both in the store's
 * order, walked side by side */
static GArray *
find_runs (GListModel *model,
           GPtrArray  *fresh)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (Run));
  guint n_items = g_list_model_get_n_items (model);
  guint shown_at = 0;
  guint next = 0;
  gboolean in_run = FALSE;

  while (shown_at < n_items || next < fresh->len)
    {
      g_autoptr(CvTrustEntry) shown = shown_at < n_items ? g_list_model_get_item (model, shown_at)
                                                         : NULL;
      CvTrustEntry *read = next < fresh->len ? g_ptr_array_index (fresh, next) : NULL;
      int order = shown == NULL ? 1
                  : read == NULL ? -1
                  : cv_trust_window_compare_servers (shown, read, NULL);
      Run *run;

      if (order == 0 && same_entry (shown, read))
        {
          in_run = FALSE;
          shown_at++;
          next++;
          continue;
        }
      if (!in_run)
        g_array_append_val (runs, ((Run) { shown_at, 0, next, 0 }));
      in_run = TRUE;
      run = &g_array_index (runs, Run, runs->len - 1);
      if (order <= 0)
        {
          run->removed++;
          shown_at++;
        }
      if (order >= 0)
        {
          run->added++;
          next++;
        }
    }
  return runs;
}

/* Makes the list hold @fresh (sorted as the store lists it), one splice for each
 * run of differences, or one for all when there are many (every splice has the
 * rows on screen bound again); returns whether anything changed */
static gboolean
merge_entries (CvTrustWindow *self,
               GPtrArray     *fresh)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  g_autoptr(GArray) runs = find_runs (model, fresh);

  if (runs->len > MAX_RUNS)
    cv_object_list_splice (self->entries, 0, g_list_model_get_n_items (model), fresh->pdata,
                           fresh->len);
  else
    /* The last first, so that the positions of the ones before still hold */
    for (guint i = runs->len; i > 0; i--)
      {
        Run *run = &g_array_index (runs, Run, i - 1);

        cv_object_list_splice (self->entries, run->position, run->removed,
                               fresh->pdata + run->first, run->added);
      }
  return runs->len > 0;
}

/* The decision on the details page, as the store now has it */
static void
follow_details (CvTrustWindow *self)
{
  g_autoptr(CvTrustEntry) now = NULL;
  g_autofree char *message = NULL;
  GListModel *model = G_LIST_MODEL (self->entries);
  const char *key;

  if (self->details_entry == NULL || !cv_trust_window_on_details_page (self))
    return;

  key = cv_trust_entry_get_key (self->details_entry);
  for (guint i = 0; i < g_list_model_get_n_items (model) && now == NULL; i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (model, i);

      if (g_str_equal (cv_trust_entry_get_key (entry), key))
        now = g_steal_pointer (&entry);
    }

  if (now != NULL)
    {
      if (now != self->details_entry)
        cv_trust_window_fill_details (self, now);
      return;
    }

  message = g_strdup_printf (_("The decision for %s was removed by another program or "
                               "window."), key);
  cv_trust_window_show_list (self);
  cv_trust_window_show_error (self, _("Decision Removed"), message);
}

typedef struct
{
  GPtrArray    *entries;
  GError       *error;
} Read;

static void
read_free (Read *read)
{
  g_clear_pointer (&read->entries, g_ptr_array_unref);
  g_clear_error (&read->error);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Read *read = g_new0 (Read, 1);
  /* Read and closed here: the window's own store object opens the file again
   * for what it does, and nothing is held open between two reads */
  g_autoptr(CvTrustStore) store = cv_trust_store_new (task_data);

  if (cv_trust_store_load (store, &read->error))
    read->entries = cv_trust_store_list (store, &read->error);
  g_task_return_pointer (task, read, (GDestroyNotify) read_free);
}

static void schedule_read (CvTrustWindow *self,
                           guint          delay_ms);

/* Gets the window unreferenced: a window that goes away cancels first */
static void
read_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Read) read = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) selected = NULL;
  gboolean in_list;
  CvTrustWindow *self;

  read = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_TRUST_WINDOW (user_data);
  g_assert (read != NULL);
  g_clear_object (&self->follow_cancellable);

  /* A load or removal began meanwhile: the store is read again after it */
  if (self->busy)
    {
      self->follow_pending = TRUE;
      return;
    }

  /* What the list shows stays; the banner says why it may be out of date. A
   * store read while another program writes it may fail once: again first */
  if (read->error != NULL && !self->follow_retried)
    {
      self->follow_retried = TRUE;
      schedule_read (self, RETRY_MS);
      return;
    }
  self->follow_retried = FALSE;
  if (read->error != NULL)
    {
      g_autofree char *text = cv_store_problem_dup_text (read->error,
                                                         self->store_path == NULL);

      self->read_failed = TRUE;
      cv_trust_window_show_error (self, _("Could Not Read the Saved Decisions"), text);
      cv_trust_window_update_page (self);
      return;
    }

  if (self->read_failed)
    {
      self->read_failed = FALSE;
      cv_trust_window_hide_error (self);
    }

  selected = cv_trust_window_dup_selected_servers (self);
  in_list = cv_trust_window_list_has_focus (self);
  if (merge_entries (self, read->entries))
    {
      cv_trust_window_reselect (self, (const char * const *) selected, in_list);
      follow_details (self);
    }
  cv_trust_window_update_page (self);
}

static void
read_again (CvTrustWindow *self)
{
  g_autoptr(GTask) task = NULL;

  cv_trust_window_stop_follow_read (self);
  self->follow_cancellable = g_cancellable_new ();

  task = g_task_new (NULL, self->follow_cancellable, read_done_cb, self);
  g_task_set_source_tag (task, read_again);
  g_task_set_task_data (task, g_strdup (self->follow_path), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, read_thread);
}

static gboolean
settled_cb (gpointer user_data)
{
  CvTrustWindow *self = user_data;

  self->follow_source = 0;
  /* A load or removal under way: after it */
  if (self->busy || !self->loaded)
    self->follow_pending = TRUE;
  else
    read_again (self);
  return G_SOURCE_REMOVE;
}

/* A read in @delay_ms; a burst of changes puts it off, but not for ever */
static void
schedule_read (CvTrustWindow *self,
               guint          delay_ms)
{
  gint64 now = g_get_monotonic_time ();

  if (self->follow_source != 0 && now - self->follow_first >= MAX_WAIT_US)
    return;
  if (self->follow_source == 0)
    self->follow_first = now;
  g_clear_handle_id (&self->follow_source, g_source_remove);
  self->follow_source = g_timeout_add (delay_ms, settled_cb, self);
}

static void
store_changed_cb (GFileMonitor      *monitor,
                  GFile             *file,
                  GFile             *other_file,
                  GFileMonitorEvent  event,
                  CvTrustWindow     *self)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *other_name = other_file != NULL ? g_file_get_basename (other_file) : NULL;
  gboolean store = g_strcmp0 (name, self->follow_name) == 0 ||
                   g_strcmp0 (other_name, self->follow_name) == 0;
  gboolean wal = g_str_has_prefix (name, self->follow_name) &&
                 g_str_equal (name + strlen (self->follow_name), "-wal");

  /* A folder made after the window opened: the store may be in it already by
   * the time the folder itself is followed */
  if (event == G_FILE_MONITOR_EVENT_CREATED &&
      g_strcmp0 (g_file_peek_path (file), self->follow_folder) == 0)
    store = TRUE;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGED:
      if (!store && !wal)
        return;
      break;
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      /* The store replaced or taken away; the log comes and goes with readers */
      if (!store)
        return;
      break;
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      return;
    }

  schedule_read (self, SETTLE_MS);
}

void
cv_trust_window_init_follow (CvTrustWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  self->follow_path = self->store_path != NULL ? g_strdup (self->store_path)
                                               : cv_trust_store_get_default_path ();
  /* A link to the store: SQLite writes the store, its log and its shared memory
   * where the link leads, so that is the folder to follow */
  target = realpath (self->follow_path, NULL);
  file = g_file_new_for_path (target != NULL ? target : self->follow_path);
  folder = g_file_get_parent (file);
  self->follow_name = g_file_get_basename (file);
  if (folder == NULL)
    return;
  self->follow_folder = g_file_get_path (folder);

  /* A folder not made yet is followed from when it is */
  self->follow_monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL,
                                                   &error);
  if (self->follow_monitor == NULL)
    {
      g_debug ("Saved Decisions will not follow changes to %s: %s", self->follow_path,
               error->message);
      return;
    }
  g_signal_connect (self->follow_monitor, "changed", G_CALLBACK (store_changed_cb), self);
}

void
cv_trust_window_follow_after_run (CvTrustWindow *self)
{
  if (!self->follow_pending || self->follow_monitor == NULL)
    return;

  self->follow_pending = FALSE;
  schedule_read (self, SETTLE_MS);
}

void
cv_trust_window_stop_follow_read (CvTrustWindow *self)
{
  if (self->follow_cancellable != NULL)
    g_cancellable_cancel (self->follow_cancellable);
  g_clear_object (&self->follow_cancellable);
}

void
cv_trust_window_dispose_follow (CvTrustWindow *self)
{
  cv_trust_window_stop_follow_read (self);
  g_clear_handle_id (&self->follow_source, g_source_remove);
  if (self->follow_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->follow_monitor, store_changed_cb, self);
      g_file_monitor_cancel (self->follow_monitor);
    }
  g_clear_object (&self->follow_monitor);
  g_clear_pointer (&self->follow_path, g_free);
  g_clear_pointer (&self->follow_name, g_free);
  g_clear_pointer (&self->follow_folder, g_free);
}
