/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Check All and Check Now of the Saved Decisions window: CvTrustWatch probes the
 * servers on its workers, a few at a time; each result updates its row's Status
 * cell in place as it comes (cv-trust-window-status.c), and the list is sorted
 * again once, at the end. A check never changes a decision; it notes when a server
 * was last seen with the certificate decided on.
 */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window-private.h"

#include "cv-trust-notification.h"

#include <glib/gi18n.h>

/* Settings: the application's schema when it is installed, else the defaults */

static GSettings *
app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "watch-warn-days"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static void
configure_watch (CvTrustWatch *watch)
{
  g_autoptr(GSettings) settings = app_settings ();

  if (settings == NULL)
    return;
  cv_trust_watch_set_warn_days (watch, g_settings_get_uint (settings, "watch-warn-days"));
  cv_trust_watch_set_timeout_ms (watch, g_settings_get_uint (settings, "timeout") * 1000);
}

static void checked_cb (CvTrustWatch       *watch,
                        CvTrustWatchResult *result,
                        CvTrustWindow      *self);

void
cv_trust_window_init_check (CvTrustWindow *self)
{
  self->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cv_trust_window_init_status (self);
}

void
cv_trust_window_dispose_check (CvTrustWindow *self)
{
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  /* The run's callback, which holds the window, then finds it is not its run */
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_func (self->watch, checked_cb, self);
  g_clear_object (&self->watch);
  g_clear_object (&self->check_cancellable);
  cv_trust_window_dispose_status (self);
  g_clear_pointer (&self->results, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
}

/* The run */

static void
update_progress (CvTrustWindow *self)
{
  /* TRANSLATORS: the progress of a check: "3 of 12" servers */
  g_autofree char *text = g_strdup_printf (_("%u of %u"), self->check_done, self->check_total);

  gtk_progress_bar_set_text (self->check_progress, text);
  gtk_progress_bar_set_fraction (self->check_progress,
                                 self->check_total > 0
                                 ? (double) self->check_done / self->check_total : 0.0);
}

static void
set_checking (CvTrustWindow *self,
              gboolean       checking)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *cancel = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                  CV_TYPE_TRUST_WINDOW,
                                                                  "check_cancel_button"));
  gboolean changed = self->checking != !!checking;

  self->checking = !!checking;
  /* Over, the bar stays to say how it went (show_summary()) */
  if (checking)
    {
      gtk_revealer_set_reveal_child (self->check_revealer, TRUE);
      gtk_label_set_text (self->check_label, _("Checking the servers…"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->check_progress), checking);
  /* The summary takes the room the progress had, its Dismiss at the end */
  gtk_widget_set_hexpand (GTK_WIDGET (self->check_label), !checking);
  gtk_label_set_wrap (self->check_label, !checking);
  gtk_widget_set_visible (cancel, checking);
  gtk_widget_set_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                     CV_TYPE_TRUST_WINDOW,
                                                                     "check_close_button")),
                          !checking);
  cv_trust_window_update_actions (self);

  /* The keyboard stays where it can go on: from Check All, which is off during the
   * check, to Cancel; from Cancel, which goes, to the list, or to Back when the
   * details are shown (the list is hidden then, and would take the keyboard
   * nowhere, not even Escape) */
  if (checking && GTK_IS_BUTTON (focus))
    gtk_widget_grab_focus (cancel);
  else if (!checking && focus != NULL &&
           (focus == cancel || gtk_widget_is_ancestor (focus, cancel)))
    gtk_widget_grab_focus (cv_trust_window_on_details_page (self)
                           ? self->back_button
                           : GTK_WIDGET (self->column_view));

  if (changed)
    g_object_notify (G_OBJECT (self), "checking");
}

/* How the check went, in the bar that showed its progress: a screen reader hears
 * it there (a status), and nobody has to look through every row to learn that
 * one needs action. NULL @results: stopped. */
static void
show_summary (CvTrustWindow *self,
              GPtrArray     *results)
{
  g_autofree char *text = NULL;
  guint n_action = 0;

  if (results == NULL)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Check stopped after %u server; the others were not "
                                         "checked.",
                                         "Check stopped after %u servers; the others were not "
                                         "checked.", self->check_done),
                            self->check_done);
  else
    {
      for (guint i = 0; i < results->len; i++)
        n_action += cv_trust_watch_status_needs_action (
          cv_trust_watch_result_get_status (g_ptr_array_index (results, i)));
      if (n_action == 0)
        text = g_strdup (g_dngettext (GETTEXT_PACKAGE,
                                      "Check done: the server is unchanged or renewed.",
                                      "Check done: every server is unchanged or renewed.",
                                      results->len));
      else
        /* TRANSLATORS: %u is how many of the servers checked need action */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Check done: %u server needs action; the Status "
                                             "column says why.",
                                             "Check done: %u servers need action; the Status "
                                             "column says why.", n_action),
                                n_action);
    }
  gtk_label_set_text (self->check_label, text);
  gtk_revealer_set_reveal_child (self->check_revealer, TRUE);
}

static void
check_close_clicked_cb (GtkButton     *button,
                        CvTrustWindow *self)
{
  gtk_revealer_set_reveal_child (self->check_revealer, FALSE);
  if (!cv_trust_window_on_details_page (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Whether the list shows the very decision @result checked: one replaced or
 * removed meanwhile (by another program, a read of the store) was not */
static gboolean
is_current (CvTrustWindow      *self,
            CvTrustWatchResult *result)
{
  CvTrustEntry *checked = cv_trust_watch_result_get_entry (result);
  guint position = cv_trust_window_find_server (self, checked);
  g_autoptr(CvTrustEntry) entry = NULL;

  if (position == G_MAXUINT)
    return FALSE;
  entry = g_list_model_get_item (G_LIST_MODEL (self->entries), position);
  return cv_trust_entry_same_decision (entry, checked);
}

static void
take_result (CvTrustWindow      *self,
             CvTrustWatchResult *result)
{
  const char *key = cv_trust_entry_get_key (cv_trust_watch_result_get_entry (result));

  g_hash_table_remove (self->pending, key);
  if (is_current (self, result))
    g_hash_table_replace (self->results, g_strdup (key), g_object_ref (result));
  else
    g_hash_table_remove (self->results, key);
  cv_trust_window_show_status (self, key);
}

void
cv_trust_window_drop_stale_results (CvTrustWindow *self,
                                    guint          position,
                                    guint          added)
{
  GListModel *entries = G_LIST_MODEL (self->entries);

  if (self->results == NULL || g_hash_table_size (self->results) == 0)
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (entries, i);
      const char *key = cv_trust_entry_get_key (entry);
      CvTrustWatchResult *result = g_hash_table_lookup (self->results, key);

      if (result != NULL &&
          !cv_trust_entry_same_decision (entry, cv_trust_watch_result_get_entry (result)))
        {
          g_hash_table_remove (self->results, key);
          cv_trust_window_show_status (self, key);
        }
    }
}

static void
checked_cb (CvTrustWatch       *watch,
            CvTrustWatchResult *result,
            CvTrustWindow      *self)
{
  if (watch != self->watch)
    return;

  take_result (self, result);
  self->check_done = MIN (self->check_done + 1, self->check_total);
  update_progress (self);
}

/* Tells the desktop what needs action when nobody is looking at the window */
static void
maybe_notify (CvTrustWindow *self,
              GPtrArray     *results)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GNotification) notification = NULL;

  if (application == NULL ||
      (gtk_widget_get_visible (GTK_WIDGET (self)) && gtk_window_is_active (GTK_WINDOW (self))))
    return;

  notification = cv_trust_watch_results_to_notification (results,
                                                         g_get_real_time () / G_USEC_PER_SEC);
  if (notification != NULL)
    g_application_send_notification (G_APPLICATION (application), CV_TRUST_NOTIFICATION_ID,
                                     notification);
}

/* @entry as it is now that its server was seen at @last_seen */
static CvTrustEntry *
entry_seen_at (CvTrustEntry *entry,
               gint64        last_seen)
{
  CvTrustEntryFields fields = {
    .host = cv_trust_entry_get_host (entry),
    .port = cv_trust_entry_get_port (entry),
    .decision = cv_trust_entry_get_decision_name (entry),
    .certificate_sha256 = cv_trust_entry_get_certificate_sha256 (entry),
    .public_key_pin = cv_trust_entry_get_public_key_pin (entry),
    .subject = cv_trust_entry_get_subject (entry),
    .issuer = cv_trust_entry_get_issuer (entry),
    .not_after = cv_trust_entry_get_not_after (entry),
    .created = cv_trust_entry_get_created (entry),
    .last_seen = last_seen,
    .names = cv_trust_entry_get_names (entry),
    .accepted = cv_trust_entry_get_accepted (entry),
  };

  return cv_trust_entry_new_full (&fields);
}

/* A finished check noted in the store when each server still serving the
 * certificate decided on was seen: the rows (and the details shown) say so too.
 * Each such row is replaced where it is; what was selected stays selected. */
static void
show_last_seen (CvTrustWindow *self,
                GPtrArray     *results)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) selected = NULL;
  gboolean had_focus;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  for (guint i = 0; i < results->len; i++)
    {
      CvTrustWatchResult *result = g_ptr_array_index (results, i);
      CvTrustEntry *checked = cv_trust_watch_result_get_entry (result);

      if (cv_trust_watch_result_get_last_seen (result) > cv_trust_entry_get_last_seen (checked))
        g_hash_table_insert (seen, (gpointer) cv_trust_entry_get_key (checked), result);
    }
  if (g_hash_table_size (seen) == 0)
    return;

  selected = cv_trust_window_dup_selected_servers (self);
  had_focus = cv_trust_window_list_has_focus (self);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);
      CvTrustWatchResult *result = g_hash_table_lookup (seen, cv_trust_entry_get_key (entry));
      g_autoptr(CvTrustEntry) updated = NULL;

      /* Only the very decision checked: the list may have been read again since */
      if (result == NULL ||
          !cv_trust_entry_same_decision (entry, cv_trust_watch_result_get_entry (result)))
        continue;
      updated = entry_seen_at (entry, cv_trust_watch_result_get_last_seen (result));
      if (updated == NULL)
        continue;
      cv_object_list_splice (self->entries, i, 1, (gpointer *) &updated, 1);
      if (self->details_entry != NULL &&
          g_str_equal (cv_trust_entry_get_key (self->details_entry),
                       cv_trust_entry_get_key (updated)))
        {
          g_set_object (&self->details_entry, updated);
          cv_trust_window_show_last_seen (self);
        }
    }

  cv_trust_window_reselect (self, (const char * const *) selected, had_focus);
}

static void
check_done_cb (GObject      *source_object,
               GAsyncResult *res,
               gpointer      user_data)
{
  CvTrustWatch *watch = CV_TRUST_WATCH (source_object);
  GWeakRef *weak = user_data;
  g_autoptr(CvTrustWindow) self = g_weak_ref_get (weak);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;

  g_weak_ref_clear (weak);
  g_free (weak);
  results = cv_trust_watch_run_finish (watch, res, &error);
  /* A window gone, or a run it no longer waits for */
  if (self == NULL || watch != self->watch)
    return;

  g_signal_handlers_disconnect_by_func (watch, checked_cb, self);
  g_clear_object (&self->watch);
  g_clear_object (&self->check_cancellable);

  /* Cancelled: the rows not done yet are as if never checked */
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *server = g_strdup (key);

      g_hash_table_iter_remove (&iter);
      cv_trust_window_show_status (self, server);
    }

  if (results != NULL)
    {
      for (guint i = 0; i < results->len; i++)
        take_result (self, g_ptr_array_index (results, i));
      show_last_seen (self, results);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    cv_trust_window_show_error (self, _("Could Not Check the Servers"), error->message);

  /* Sorted again once, now that every status and expiry is known */
  if (self->status_sorter != NULL)
    gtk_sorter_changed (self->status_sorter, GTK_SORTER_CHANGE_DIFFERENT);
  if (self->expiry_sorter != NULL)
    gtk_sorter_changed (self->expiry_sorter, GTK_SORTER_CHANGE_DIFFERENT);

  set_checking (self, FALSE);
  if (results != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_summary (self, results);
  else
    gtk_revealer_set_reveal_child (self->check_revealer, FALSE);

  if (results != NULL)
    maybe_notify (self, results);
  if (self->close_when_checked)
    gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
cv_trust_window_start_check (CvTrustWindow *self,
                             GPtrArray     *entries)
{
  g_autoptr(CvTrustWatch) watch = NULL;
  GWeakRef *weak;

  if (self->checking || self->busy || self->store == NULL || entries->len == 0)
    return FALSE;

  watch = cv_trust_watch_new (self->store);
  configure_watch (watch);
  cv_trust_watch_set_entries (watch, entries);
  g_signal_connect (watch, "checked", G_CALLBACK (checked_cb), self);

  for (guint i = 0; i < entries->len; i++)
    {
      const char *key = cv_trust_entry_get_key (g_ptr_array_index (entries, i));

      g_hash_table_remove (self->results, key);
      g_hash_table_add (self->pending, g_strdup (key));
      cv_trust_window_show_status (self, key);
    }

  g_set_object (&self->watch, watch);
  self->check_cancellable = g_cancellable_new ();
  self->check_total = entries->len;
  self->check_done = 0;
  update_progress (self);
  set_checking (self, TRUE);

  /* Not a reference: a window destroyed during the check goes at once, and cancels */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  cv_trust_watch_run_async (watch, self->check_cancellable, check_done_cb, weak);
  return TRUE;
}

void
cv_trust_window_check (CvTrustWindow *self,
                       gboolean       selected_only)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *shown;

  g_return_if_fail (CV_IS_TRUST_WINDOW (self));

  if (selected_only && cv_trust_window_on_details_page (self))
    {
      if (self->details_entry != NULL)
        g_ptr_array_add (entries, g_object_ref (self->details_entry));
    }
  else if (selected_only)
    {
      g_autoptr(GtkBitset) selected = NULL;
      GtkBitsetIter iter;
      guint position;

      shown = G_LIST_MODEL (self->selection);
      selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
           more;
           more = gtk_bitset_iter_next (&iter, &position))
        g_ptr_array_add (entries, g_list_model_get_item (shown, position));
    }
  else
    {
      shown = G_LIST_MODEL (self->entries);
      for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
        g_ptr_array_add (entries, g_list_model_get_item (shown, i));
    }

  cv_trust_window_start_check (self, entries);
}

void
cv_trust_window_cancel_check (CvTrustWindow *self)
{
  g_return_if_fail (CV_IS_TRUST_WINDOW (self));

  if (self->check_cancellable == NULL)
    return;
  g_cancellable_cancel (self->check_cancellable);
  gtk_label_set_text (self->check_label, _("Cancelling…"));
}

gboolean
cv_trust_window_is_checking (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), FALSE);
  return self->checking;
}

CvTrustWatchResult *
cv_trust_window_get_result (CvTrustWindow *self,
                            const char    *server)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);
  return g_hash_table_lookup (self->results, server);
}

void
cv_trust_window_class_bind_check (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, check_close_clicked_cb);
}
