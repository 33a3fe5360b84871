/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window-private.h"

#include "cv-trust-entry.h"

#include <glib/gi18n.h>

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->busy || self->store == NULL)
    return;

  if (cv_trust_window_on_details_page (self))
    {
      if (self->details_entry == NULL)
        return;
      g_ptr_array_add (entries, g_object_ref (self->details_entry));
      cv_trust_window_remove_entries (self, g_steal_pointer (&entries));
      return;
    }

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      CvTrustEntry *entry = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (entry != NULL)
        g_ptr_array_add (entries, entry);
    }

  cv_trust_window_remove_entries (self, g_steal_pointer (&entries));
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  cv_trust_window_undo (CV_TRUST_WINDOW (widget));
}

static void
details_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);
  g_autoptr(GtkBitset) selected = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!gtk_bitset_is_empty (selected))
    {
      g_autoptr(CvTrustEntry) entry =
        g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (selected));

      cv_trust_window_show_entry (self, entry);
    }
}

static void
check_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  cv_trust_window_check (CV_TRUST_WINDOW (widget),
                         g_str_equal (action_name, "decisions.check-selected"));
}

static void
cancel_check_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  cv_trust_window_cancel_check (CV_TRUST_WINDOW (widget));
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);

  if (cv_trust_window_on_details_page (self))
    cv_trust_window_show_list (self);
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cv_trust_window_reload (CV_TRUST_WINDOW (widget));
}

/* How long "Copied" stays */
#define COPIED_SECONDS 5

static gboolean
copied_timeout_cb (gpointer user_data)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (user_data);

  self->copied_timeout_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->copied_label), FALSE);
  return G_SOURCE_REMOVE;
}

static void
copy_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);
  const char *text;

  if (self->details_entry == NULL)
    return;

  if (g_str_equal (action_name, "decisions.copy-pin"))
    text = cv_trust_entry_get_public_key_pin (self->details_entry);
  else
    text = cv_trust_entry_get_certificate_sha256 (self->details_entry);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);

  /* Finding: nothing said it was done, on screen or to a screen reader */
  gtk_label_set_text (self->copied_label,
                      g_str_equal (action_name, "decisions.copy-pin")
                        ? _("Copied the public-key pin.")
                        : _("Copied the SHA-256 fingerprint."));
  gtk_widget_set_visible (GTK_WIDGET (self->copied_label), TRUE);
  g_clear_handle_id (&self->copied_timeout_id, g_source_remove);
  self->copied_timeout_id = g_timeout_add_seconds (COPIED_SECONDS, copied_timeout_cb, self);
}

/* Escape stops a check; else goes back from the details, and closes the window
 * from the list */
static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);

  if (self->checking)
    cv_trust_window_cancel_check (self);
  else if (cv_trust_window_on_details_page (self))
    cv_trust_window_show_list (self);
  else
    gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}

/*
 * GTK 4.8's list views put every row in the Tab chain, so Tab walked the list row
 * by row. The list is one Tab stop, as the certificate tree is: Tab and
 * Shift+Tab leave it at once.
 */
static gboolean
list_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     CvTrustWindow         *self)
{
  GtkWidget *list = GTK_WIDGET (self->column_view);
  GtkDirectionType direction;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  direction = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK)
                ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;

  /* Out of the list: the chain as if no row could take the focus */
  gtk_widget_set_can_focus (list, FALSE);
  gtk_widget_child_focus (GTK_WIDGET (self), direction);
  gtk_widget_set_can_focus (list, TRUE);
  return TRUE;
}

/* Tab into the list focuses a row but selected nothing, and Details, Check Now and
 * Remove waited for Space: the row Tab comes to is selected, when nothing else is */
static gboolean
select_focused_row_cb (gpointer data)
{
  CvTrustWindow *self = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  g_autoptr(GtkBitset) selected = NULL;
  guint position;

  if (focus == NULL || self->selection == NULL ||
      !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return G_SOURCE_REMOVE;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!gtk_bitset_is_empty (selected))
    return G_SOURCE_REMOVE;
  position = cv_trust_window_position_of_row (focus);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  return G_SOURCE_REMOVE;
}

/* Only for Tab: focus given back to the list after a removal selects nothing, so
 * that Delete pressed twice removes one decision. The window's focus is the row
 * only once the crossing is done. */
static void
list_focus_enter_cb (GtkEventControllerFocus *controller,
                     CvTrustWindow           *self)
{
  if (!self->tabbing)
    return;
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, select_focused_row_cb, g_object_ref (self),
                   g_object_unref);
}

static gboolean
tab_done_cb (gpointer data)
{
  CV_TRUST_WINDOW (data)->tabbing = FALSE;
  return G_SOURCE_REMOVE;
}

/* Notes that a Tab press is moving the focus, until it is handled */
static gboolean
window_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       CvTrustWindow         *self)
{
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab || keyval == GDK_KEY_ISO_Left_Tab)
    {
      self->tabbing = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, tab_done_cb, g_object_ref (self),
                       g_object_unref);
    }
  return FALSE;
}

/* The Sort menu's orders. "server" is the list's own order; the others are the
 * sorting the column headers give, for the keyboard: the headers take no focus */
static const char * const sort_orders[] = { "server", "status", "expires" };

static void
set_sort_order (CvTrustWindow *self,
                const char    *order)
{
  if (g_strcmp0 (self->sort_order, order) == 0)
    return;
  self->sort_order = order;
  g_object_notify (G_OBJECT (self), "sort-order");
}

void
cv_trust_window_sort_by (CvTrustWindow *self,
                         const char    *order)
{
  GtkColumnViewColumn *column = NULL;
  const char *known = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sort_orders); i++)
    if (g_strcmp0 (order, sort_orders[i]) == 0)
      known = sort_orders[i];
  if (known == NULL)
    return;

  if (g_str_equal (known, "status"))
    column = self->status_column;
  else if (g_str_equal (known, "expires"))
    column = self->expires_column;

  gtk_column_view_sort_by_column (self->column_view, column, GTK_SORT_ASCENDING);
  set_sort_order (self, known);
  self->sort_order_stale = FALSE;
  /* The rows selected are elsewhere now: the keyboard goes with them */
  if (cv_trust_window_n_selected (self) > 0 && !cv_trust_window_on_details_page (self))
    cv_trust_window_focus_selected (self);
}

/* Whether the list as shown is in @order: the store's own for "server", else each
 * row before the next or tied with it */
static gboolean
shown_in_order (CvTrustWindow *self,
                const char    *order)
{
  GListModel *shown = G_LIST_MODEL (self->sorted);
  GtkSorter *sorter = NULL;
  g_autoptr(GObject) previous = NULL;
  guint n = g_list_model_get_n_items (shown);

  if (g_str_equal (order, "status"))
    sorter = self->status_sorter;
  else if (g_str_equal (order, "expires"))
    sorter = self->expiry_sorter;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (shown, i);

      if (sorter == NULL)
        {
          g_autoptr(GObject) own = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

          if (item != own)
            return FALSE;
        }
      else if (previous != NULL &&
               gtk_sorter_compare (sorter, previous, item) == GTK_ORDERING_LARGER)
        return FALSE;
      g_clear_object (&previous);
      previous = g_steal_pointer (&item);
    }
  return TRUE;
}

/* A header click, or statuses that a check changed: the order may be another */
static void
sorter_changed_cb (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   CvTrustWindow   *self)
{
  self->sort_order_stale = TRUE;
}

/* As the Sort menu opens, it marks the order the list is in, which a click on a
 * column header may have changed since: the one chosen last if the list is in
 * several (rows that tie), none if in none (a header sorted it backwards). The
 * rows are looked at only when the sorter changed since the order was known. */
static void
sort_menu_opening_cb (GtkMenuButton *button,
                      gpointer       data)
{
  CvTrustWindow *self = data;
  const char *order = "";

  if (!self->sort_order_stale)
    return;
  self->sort_order_stale = FALSE;
  if (self->sort_order[0] != '\0' && shown_in_order (self, self->sort_order))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sort_orders); i++)
    if (shown_in_order (self, sort_orders[i]))
      {
        order = sort_orders[i];
        break;
      }
  set_sort_order (self, order);
}

/* The list's keys: one Tab stop, and Tab into it selects the row it comes to */
void
cv_trust_window_init_keys (CvTrustWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEventController *window_keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
  g_signal_connect (focus, "enter", G_CALLBACK (list_focus_enter_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), focus);
  gtk_event_controller_set_propagation_phase (window_keys, GTK_PHASE_CAPTURE);
  g_signal_connect (window_keys, "key-pressed", G_CALLBACK (window_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), window_keys);
  gtk_menu_button_set_create_popup_func (self->sort_button, sort_menu_opening_cb, self, NULL);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, 0);
}

/* Ctrl+?: the Keyboard Shortcuts window at this window's page, as every Certview
 * window has it (also inside another program, whose own it is not) */
static void
shortcuts_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);

  if (self->shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/certview/Certview/help-overlay.ui");

      self->shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_transient_for (self->shortcuts, GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (self->shortcuts, TRUE);
      gtk_window_set_hide_on_close (self->shortcuts, TRUE);
      g_object_add_weak_pointer (G_OBJECT (self->shortcuts), (gpointer *) &self->shortcuts);
    }
  g_object_set (self->shortcuts, "section-name", "decisions", NULL);
  gtk_window_present (self->shortcuts);
}

void
cv_trust_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "decisions.remove", NULL, remove_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.details", NULL, details_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.reload", NULL, reload_action_cb);
  /* Stateful: the menu marks the order the list is in */
  gtk_widget_class_install_property_action (widget_class, "decisions.sort-by", "sort-order");
  gtk_widget_class_install_action (widget_class, "decisions.copy-fingerprint", NULL,
                                   copy_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.copy-pin", NULL, copy_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.undo", NULL, undo_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.check-all", NULL, check_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.check-selected", NULL,
                                   check_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.cancel-check", NULL,
                                   cancel_check_action_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "decisions.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "decisions.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "decisions.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "decisions.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "decisions.reload", NULL);
  /* Ctrl+R and F5 read the store again; K for "check" */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "decisions.check-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_K,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "decisions.check-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "decisions.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "decisions.show-shortcuts", NULL,
                                   shortcuts_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "decisions.show-shortcuts", NULL);
}
