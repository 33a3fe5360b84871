/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window.h"
#include "cv-trust-window-private.h"

#include "cv-a11y.h"
#include "cv-trust-entry.h"
#include "cv-trust-store.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (CvTrustWindow, cv_trust_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE_PATH,
  PROP_BUSY,
  PROP_CHECKING,
  PROP_SORT_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* State */

static const char *
current_page (CvTrustWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  return page != NULL ? page : "loading";
}

gboolean
cv_trust_window_on_details_page (CvTrustWindow *self)
{
  return g_str_equal (current_page (self), "details");
}

void
cv_trust_window_update_actions (CvTrustWindow *self)
{
  gboolean details = cv_trust_window_on_details_page (self);
  gboolean any_selected = !details && cv_trust_window_n_selected (self) > 0;
  gboolean can_check = !self->busy && !self->checking && self->loaded && self->store != NULL;
  gboolean idle = !self->busy && !self->checking;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.check-all",
                                 can_check &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->entries)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.check-selected",
                                 can_check && (details || any_selected));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.cancel-check", self->checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.remove",
                                 idle && (details || any_selected));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.details",
                                 !self->busy && any_selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.back", details);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.reload", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.sort-by", !details);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.copy-fingerprint", details);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.copy-pin", details);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.undo",
                                 idle && self->undo_entries != NULL);
}

/* Shows the list, or the empty state, unless the details page is up */
void
cv_trust_window_update_page (CvTrustWindow *self)
{
  if (!self->loaded)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  if (cv_trust_window_on_details_page (self))
    return;

  /* A store that could not be read may hold decisions all the same */
  gtk_label_set_text (self->empty_title, self->read_failed
                                           ? _("The Saved Decisions Could Not Be Read")
                                           : _("No Saved Decisions"));
  gtk_label_set_text (self->empty_body,
                      self->read_failed
                        ? _("The message above says why. Nothing was changed.")
                        : _("A decision is saved when you choose Always Trust or Always "
                            "Reject for a server's certificate, or when you pin a "
                            "certificate's fingerprint on the command line:"));
  gtk_widget_set_visible (self->empty_command, !self->read_failed);

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->entries)) > 0
                                    ? "list" : "empty");
}

void
cv_trust_window_set_busy (CvTrustWindow *self,
                          gboolean       busy)
{
  busy = !!busy;
  if (self->busy == (guint) busy)
    return;

  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy && !self->loaded);
  cv_trust_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (!busy)
    cv_trust_window_follow_after_run (self);
}

void
cv_trust_window_show_error (CvTrustWindow *self,
                            const char    *title,
                            const char    *message)
{
  gtk_label_set_text (self->banner_title, title);
  gtk_label_set_text (self->banner_body, message);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

void
cv_trust_window_hide_error (CvTrustWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

void
cv_trust_window_cancel_run (CvTrustWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
row_activate_cb (GtkColumnView *column_view,
                 guint          position,
                 CvTrustWindow *self)
{
  g_autoptr(CvTrustEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                         position);

  if (entry != NULL)
    cv_trust_window_show_entry (self, entry);
}

/* Closing during a check lets it end out of sight; its notification tells what it
 * found. Without an application nothing would be told: the check stops. */
static gboolean
close_request_cb (GtkWindow     *window,
                  CvTrustWindow *self)
{
  if (!self->checking || gtk_window_get_application (window) == NULL)
    return cv_trust_window_close_rows_first (self);

  self->close_when_checked = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return TRUE;
}

static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      CvTrustWindow     *self)
{
  cv_trust_window_update_count (self);
  cv_trust_window_update_actions (self);
}

static void
items_changed_cb (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  CvTrustWindow *self)
{
  cv_trust_window_drop_stale_results (self, position, added);
  cv_trust_window_update_count (self);
  cv_trust_window_update_actions (self);
  if (self->loaded_expired >= 0)
    cv_trust_window_fit_expires (self, self->loaded_expired);
  else
    cv_trust_window_fit_to_entries (self, position, added,
                                    added == g_list_model_get_n_items (model));
}

static void
page_changed_cb (GtkStack      *stack,
                 GParamSpec    *pspec,
                 CvTrustWindow *self)
{
  gtk_widget_set_visible (self->back_button, cv_trust_window_on_details_page (self));
  cv_trust_window_update_actions (self);
}

static void
banner_close_clicked_cb (GtkButton     *button,
                         CvTrustWindow *self)
{
  cv_trust_window_hide_error (self);
}

static void
undo_close_clicked_cb (GtkButton     *button,
                       CvTrustWindow *self)
{
  cv_trust_window_hide_undo (self);
}

/* GObject */

static void
cv_trust_window_constructed (GObject *object)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (object);

  G_OBJECT_CLASS (cv_trust_window_parent_class)->constructed (object);

  cv_trust_window_init_follow (self);
  cv_trust_window_reload (self);
}

/* The window goes with its parent. Not through GTK's destroy-with-parent: in GTK
 * 4.8 that leaves a window that something else still holds (a binding, a
 * program's reference) pointing to the parent it has freed */
static void
parent_destroyed_cb (GtkWindow     *parent,
                     CvTrustWindow *self)
{
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
transient_for_changed_cb (CvTrustWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent == self->watched_parent)
    return;
  if (self->watched_parent != NULL)
    g_signal_handlers_disconnect_by_func (self->watched_parent, parent_destroyed_cb, self);
  self->watched_parent = parent;
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (parent_destroyed_cb), self, 0);
}

static void
cv_trust_window_dispose (GObject *object)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (object);

  if (self->watched_parent != NULL)
    g_signal_handlers_disconnect_by_func (self->watched_parent, parent_destroyed_cb, self);
  self->watched_parent = NULL;

  g_clear_handle_id (&self->copied_timeout_id, g_source_remove);
  g_clear_handle_id (&self->close_id, g_source_remove);
  if (self->shortcuts != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->shortcuts), (gpointer *) &self->shortcuts);
      gtk_window_destroy (self->shortcuts);
      self->shortcuts = NULL;
    }

  /* A load or removal still going is cancelled; its callback will not look here */
  cv_trust_window_cancel_run (self);
  cv_trust_window_dispose_follow (self);
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  if (self->entries != NULL)
    g_signal_handlers_disconnect_by_func (self->entries, items_changed_cb, self);

  /* Its tick callback is the column view's, which goes with the template */
  cv_list_rows_clear (&self->rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), CV_TYPE_TRUST_WINDOW);
  cv_trust_window_dispose_check (self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_pointer (&self->select_pending, g_strfreev);
  g_clear_object (&self->entries);
  g_clear_object (&self->details_entry);
  g_clear_object (&self->store);
  g_clear_pointer (&self->undo_entries, g_ptr_array_unref);

  G_OBJECT_CLASS (cv_trust_window_parent_class)->dispose (object);
}

static void
cv_trust_window_finalize (GObject *object)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (object);

  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->reload_selection, g_strfreev);

  G_OBJECT_CLASS (cv_trust_window_parent_class)->finalize (object);
}

static void
cv_trust_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      g_value_set_string (value, self->store_path);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;

    case PROP_SORT_ORDER:
      g_value_set_string (value, self->sort_order);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_trust_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      g_free (self->store_path);
      self->store_path = g_value_dup_string (value);
      break;

    case PROP_SORT_ORDER:
      cv_trust_window_sort_by (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_trust_window_class_init (CvTrustWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cv_trust_window_constructed;
  object_class->dispose = cv_trust_window_dispose;
  object_class->finalize = cv_trust_window_finalize;
  object_class->get_property = cv_trust_window_get_property;
  object_class->set_property = cv_trust_window_set_property;

  properties[PROP_STORE_PATH] =
    g_param_spec_string ("store-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * CvTrustWindow:checking:
   *
   * Whether a check of the servers is under way.
   */
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * CvTrustWindow:sort-order:
   *
   * The order of the list that the Sort menu marks: "server" (the store's own
   * order), "status" (most urgent first) or "expires" (soonest first), or "" when
   * the column headers sorted the list in none of them. Setting it sorts the list
   * so; the menu's items set it.
   */
  properties[PROP_SORT_ORDER] =
    g_param_spec_string ("sort-order", NULL, NULL,
                         "server",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certview/Certview/"
                                               "cv-trust-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, banner_title);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, banner_body);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, empty_title);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, empty_body);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, empty_command);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, undo_revealer);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, undo_label);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, status_column);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, decision_column);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, expires_column);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, sort_button);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, check_revealer);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, check_label);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, check_progress);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, status_value);
  /* Without a field: for gtk_widget_get_template_child(), as the tests look at them */
  gtk_widget_class_bind_template_child_full (widget_class, "check_all_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "check_now_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "check_cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "check_close_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, copied_label);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, details_button);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, server_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, decision_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, names_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, accepted_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, accepted_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, subject_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, issuer_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, expires_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, created_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, last_seen_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, fingerprint_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, pin_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, server_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, decision_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, names_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, subject_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, issuer_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, expires_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, created_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, last_seen_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, fingerprint_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, pin_key);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, status_key);
  cv_trust_window_class_bind_cells (widget_class);
  cv_trust_window_class_bind_status_cells (widget_class);
  cv_trust_window_class_bind_check (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, row_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, undo_close_clicked_cb);

  cv_trust_window_class_add_actions (widget_class);
}

/* Each value of the details named by its title, said first: "Decision: Always
 * reject", not "Always reject Decision" */
static void
name_details (CvTrustWindow *self)
{
  GtkLabel *pairs[][2] = {
    { self->server_value, self->server_key },
    { self->status_value, self->status_key },
    { self->decision_value, self->decision_key },
    { self->names_value, self->names_key },
    { self->accepted_value, self->accepted_key },
    { self->subject_value, self->subject_key },
    { self->issuer_value, self->issuer_key },
    { self->expires_value, self->expires_key },
    { self->created_value, self->created_key },
    { self->last_seen_value, self->last_seen_key },
    { self->fingerprint_value, self->fingerprint_key },
    { self->pin_value, self->pin_key },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    cv_a11y_name_by_title (pairs[i][0], pairs[i][1], NULL);
}

static void
cv_trust_window_init (CvTrustWindow *self)
{
  GtkSorter *sorter;

  /* Before the template: the Sort menu's action reads it */
  self->sort_order = "server";
  self->loaded_expired = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  cv_trust_window_fit_columns (self);

  self->entries = cv_object_list_new (CV_TYPE_TRUST_ENTRY);
  cv_trust_window_init_check (self);
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->entries)),
                                          g_object_ref (sorter));
  cv_trust_window_init_rows (self);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->rows.rows)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), self);
  g_signal_connect (self, "notify::transient-for", G_CALLBACK (transient_for_changed_cb), NULL);

  g_signal_connect (self->selection, "selection-changed",
                    G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (self->entries, "items-changed", G_CALLBACK (items_changed_cb), self);

  cv_trust_window_init_keys (self);
  name_details (self);

  cv_trust_window_update_count (self);
  cv_trust_window_update_actions (self);
}

CvTrustWindow *
cv_trust_window_new (GtkWindow  *parent,
                     const char *store_path)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (CV_TYPE_TRUST_WINDOW,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent)
                                                     : NULL,
                       "store-path", store_path,
                       NULL);
}

gboolean
cv_trust_window_is_busy (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), FALSE);
  return self->busy;
}

GListModel *
cv_trust_window_get_entries (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), NULL);
  return G_LIST_MODEL (self->entries);
}

GtkSelectionModel *
cv_trust_window_get_selection (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), NULL);
  /* Over every decision, as said, even while the rows of a long list still come */
  cv_trust_window_show_all_rows (self);
  return GTK_SELECTION_MODEL (self->selection);
}

void
cv_trust_window_show_details (CvTrustWindow *self,
                              guint          position)
{
  g_autoptr(CvTrustEntry) entry = NULL;

  g_return_if_fail (CV_IS_TRUST_WINDOW (self));

  entry = g_list_model_get_item (G_LIST_MODEL (self->entries), position);
  if (entry != NULL)
    cv_trust_window_show_entry (self, entry);
}

const char *
cv_trust_window_get_page (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), NULL);
  return current_page (self);
}

char *
cv_trust_window_dup_error_text (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return g_strdup ("");

  return g_strdup_printf ("%s\n%s", gtk_label_get_text (self->banner_title),
                          gtk_label_get_text (self->banner_body));
}
