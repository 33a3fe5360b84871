/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window-private.h"

#include "cv-trust-entry.h"

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

void
cv_trust_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "decisions.remove", NULL, remove_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.details", NULL, details_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.reload", NULL, reload_action_cb);
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
}
