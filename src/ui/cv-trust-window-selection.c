/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window-private.h"

#include "cv-column-view.h"
#include "cv-trust-entry.h"

#include <glib/gi18n.h>

/*
 * The selection and the keyboard in the list: how many decisions are selected,
 * the servers a caller asked to select, the row that gets the focus, and what
 * stays selected when rows are replaced by a read of the store or by a check.
 */

guint
cv_trust_window_n_selected (CvTrustWindow *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) MIN (gtk_bitset_get_size (selected), G_MAXUINT);
}

void
cv_trust_window_update_count (CvTrustWindow *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  guint selected = cv_trust_window_n_selected (self);
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;

  total = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u saved decision",
                                        "%u saved decisions", n_items), n_items);
  if (selected == 0)
    {
      gtk_label_set_text (self->count_label, total);
      return;
    }

  /* TRANSLATORS: %s is "N saved decisions"; %u how many of them are selected */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u selected", "%s, %u selected",
                                       selected),
                          total, selected);
  gtk_label_set_text (self->count_label, text);
}

/* The positions in the list of the decisions of the servers @keys ("host:port") */
static GtkBitset *
positions_of (CvTrustWindow      *self,
              const char * const *keys)
{
  GListModel *shown = G_LIST_MODEL (self->selection);
  guint n_items;
  GtkBitset *positions = gtk_bitset_new_empty ();

  cv_trust_window_show_all_rows (self);
  n_items = g_list_model_get_n_items (shown);
  if (keys[0] == NULL)
    return positions;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (shown, i);

      if (g_strv_contains (keys, cv_trust_entry_get_key (entry)))
        gtk_bitset_add (positions, i);
    }

  return positions;
}

static void
select_exactly (CvTrustWindow *self,
                GtkBitset     *selected)
{
  g_autoptr(GtkBitset) mask = NULL;

  cv_trust_window_show_all_rows (self);
  mask = gtk_bitset_new_range (0, g_list_model_get_n_items (G_LIST_MODEL (self->selection)));

  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), selected, mask);
}

void
cv_trust_window_focus_position (CvTrustWindow *self,
                                guint          position)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkWidget *list_view = cv_column_view_get_list_view (self->column_view);
  GtkWidget *focus = GTK_WIDGET (self->column_view);

  cv_trust_window_show_all_rows (self);
  if (list_view == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;
  /* A row just put back (Undo) has no height until it is laid out, and the list
   * would scroll to the place above it */
  cv_trust_window_lay_out_rows (self);
  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);

  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkListItem *item = g_object_get_data (G_OBJECT (row), "cv-trust-list-item");

      if (item != NULL && gtk_list_item_get_position (item) == position)
        focus = row;
    }
  gtk_widget_grab_focus (focus);

  /* Focus given to a row may select it alone: the selection stays what it was */
  select_exactly (self, selected);
}

void
cv_trust_window_focus_selected (CvTrustWindow *self)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkWidget *list_view = cv_column_view_get_list_view (self->column_view);
  guint first;

  if (gtk_bitset_is_empty (selected) || list_view == NULL)
    return;
  first = gtk_bitset_get_minimum (selected);
  cv_trust_window_focus_position (self, first);
  /* Where Shift with the arrows extends from: the row shown selected and focused,
   * not the one the list last selected itself. (Selecting it so would drop the
   * others of a selection of several.) */
  if (gtk_bitset_get_size (selected) == 1)
    {
      gtk_widget_activate_action (list_view, "list.select-item", "(ubb)", first, FALSE, FALSE);
      select_exactly (self, selected);
    }
}

gboolean
cv_trust_window_list_has_focus (CvTrustWindow *self)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  return focus != NULL &&
         (focus == GTK_WIDGET (self->column_view) ||
          gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)));
}

void
cv_trust_window_reselect (CvTrustWindow      *self,
                          const char * const *keys,
                          gboolean            had_focus)
{
  g_autoptr(GtkBitset) selected = positions_of (self, keys);
  g_autoptr(GtkBitset) before =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (!gtk_bitset_equals (selected, before))
    select_exactly (self, selected);

  /* A row replaced while it had the focus took the focus along: back to the list */
  if (had_focus && !cv_trust_window_list_has_focus (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

void
cv_trust_window_apply_pending_selection (CvTrustWindow *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->select_pending == NULL || !self->loaded)
    return;

  selected = positions_of (self, (const char * const *) self->select_pending);
  g_clear_pointer (&self->select_pending, g_strfreev);

  if (cv_trust_window_on_details_page (self))
    cv_trust_window_show_list (self);
  select_exactly (self, selected);

  if (gtk_bitset_is_empty (selected))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  else
    cv_trust_window_focus_selected (self);
}

void
cv_trust_window_select_servers (CvTrustWindow      *self,
                                const char * const *servers)
{
  g_return_if_fail (CV_IS_TRUST_WINDOW (self));
  g_return_if_fail (servers != NULL);

  g_strfreev (self->select_pending);
  self->select_pending = g_strdupv ((char **) servers);
  if (!self->busy)
    cv_trust_window_apply_pending_selection (self);
}

char **
cv_trust_window_dup_selected_servers (CvTrustWindow *self)
{
  g_autoptr(GStrvBuilder) servers = g_strv_builder_new ();
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), NULL);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                             position);

      if (entry != NULL)
        g_strv_builder_add (servers, cv_trust_entry_get_key (entry));
    }
  return g_strv_builder_end (servers);
}
