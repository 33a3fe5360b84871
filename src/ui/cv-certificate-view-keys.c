/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-certificate-view-private.h"

#include "cv-certificate-cells.h"
#include "cv-column-view.h"

/* The context menu: right click, Shift+F10 and the Menu key, on the row they are for */

static void
popup_context_menu (CvCertificateView *self,
                    double             x,
                    double             y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };
  GtkRoot *root;

  if (self->report == NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  g_set_weak_pointer (&self->focus_before_menu, root != NULL ? gtk_root_get_focus (root) : NULL);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
context_click_pressed_cb (GtkGestureClick   *gesture,
                          int                n_press,
                          double             x,
                          double             y,
                          CvCertificateView *self)
{
  GtkWidget *picked;
  GtkListItem *list_item = NULL;
  double view_x = x;
  double view_y = y;

  picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  for (GtkWidget *widget = picked;
       widget != NULL && widget != GTK_WIDGET (self->column_view);
       widget = gtk_widget_get_parent (widget))
    {
      list_item = cv_certificate_cells_get_list_item (widget);
      if (list_item != NULL)
        break;
    }

  /* The menu acts on the row under the pointer, so select it first */
  if (list_item != NULL && gtk_list_item_get_position (list_item) != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, gtk_list_item_get_position (list_item));

  gtk_widget_translate_coordinates (GTK_WIDGET (self->column_view), GTK_WIDGET (self),
                                    x, y, &view_x, &view_y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_context_menu (self, view_x, view_y);
}

static gboolean
popup_menu_binding_cb (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  CvCertificateView *self = CV_CERTIFICATE_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  graphene_rect_t bounds;

  if (focus != NULL && gtk_widget_is_ancestor (focus, widget) &&
      gtk_widget_compute_bounds (focus, widget, &bounds))
    popup_context_menu (self, bounds.origin.x + 24, bounds.origin.y + bounds.size.height / 2);
  else
    popup_context_menu (self, 24, 24);

  return TRUE;
}

/* Keyboard: one Tab stop for the whole tree, and GTK's tree keys on the focused row */

/* The list item of the row that holds @widget or that @widget holds (a row widget
 * holds cells, whose children carry their list item) */
static GtkListItem *
list_item_for_widget (CvCertificateView *self,
                      GtkWidget         *widget)
{
  GtkListItem *list_item;

  for (GtkWidget *ancestor = widget;
       ancestor != NULL && ancestor != GTK_WIDGET (self->column_view);
       ancestor = gtk_widget_get_parent (ancestor))
    {
      list_item = cv_certificate_cells_get_list_item (ancestor);
      if (list_item != NULL)
        return list_item;
    }

  if (widget == NULL || !gtk_widget_is_ancestor (widget, GTK_WIDGET (self->column_view)))
    return NULL;

  for (GtkWidget *cell = gtk_widget_get_first_child (widget);
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *child = gtk_widget_get_first_child (cell);

      list_item = child != NULL ? cv_certificate_cells_get_list_item (child) : NULL;
      if (list_item != NULL)
        return list_item;
    }

  return NULL;
}

static GtkWidget *
find_row_widget (CvCertificateView *self,
                 guint              position)
{
  GtkWidget *list_view = cv_column_view_get_list_view (self->column_view);

  if (list_view == NULL)
    return NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (list_view);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkListItem *list_item = list_item_for_widget (self, row);

      /* A row scrolled to just now is placed at the next allocation */
      if (list_item != NULL && gtk_list_item_get_position (list_item) == position)
        return row;
    }

  return NULL;
}

/* Selects the row at @position, scrolls to it and gives it the focus; the selection
 * follows the focus, as with the arrow keys */
static gboolean
focus_position (CvCertificateView *self,
                guint              position)
{
  GtkWidget *list_view = cv_column_view_get_list_view (self->column_view);
  GtkWidget *row;

  if (list_view == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->tree)))
    return FALSE;

  cv_list_rows_show_all (&self->rows);

  gtk_single_selection_set_selected (self->selection, position);
  /* Scrolls, and keeps a widget for the row even when it was out of view */
  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);

  row = find_row_widget (self, position);
  if (row != NULL && gtk_widget_grab_focus (row))
    return TRUE;

  return gtk_widget_grab_focus (list_view);
}

static gboolean
restore_focus_cb (gpointer data)
{
  CvCertificateView *self = data;
  GtkWidget *focus = g_steal_pointer (&self->focus_before_menu);
  guint selected;

  if (focus != NULL)
    g_object_remove_weak_pointer (G_OBJECT (focus), (gpointer *) &self->focus_before_menu);
  /* A menu closed as the window goes finds nothing to give the focus to */
  if (self->selection == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_REMOVE;
  selected = gtk_single_selection_get_selected (self->selection);
  if (focus != NULL && gtk_widget_get_mapped (focus) && gtk_widget_grab_focus (focus))
    return G_SOURCE_REMOVE;
  if (selected != GTK_INVALID_LIST_POSITION)
    focus_position (self, selected);
  return G_SOURCE_REMOVE;
}

/* The popover gives the focus to its parent, a scrolled window that no key moves
 * on from: once it is gone, what had the focus before the menu has it again, else
 * the row the menu was for */
static void
context_menu_closed_cb (GtkPopover        *popover,
                        CvCertificateView *self)
{
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, restore_focus_cb, g_object_ref (self),
                   g_object_unref);
}

static GtkListItem *
get_focused_list_item (CvCertificateView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return NULL;

  return list_item_for_widget (self, focus);
}

static gboolean
cv_certificate_view_focus (GtkWidget        *widget,
                           GtkDirectionType  direction)
{
  CvCertificateView *self = CV_CERTIFICATE_VIEW (widget);
  GtkWidgetClass *parent_class = g_type_class_peek_parent (G_OBJECT_GET_CLASS (widget));
  GtkWidget *focus_child = gtk_widget_get_focus_child (widget);
  guint position;

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return parent_class->focus (widget, direction);

  /* The context menu moves its focus as it does */
  if (focus_child != NULL && focus_child != GTK_WIDGET (self->scrolled_window))
    return parent_class->focus (widget, direction);

  /* GtkListBase would take Tab from row to row; the tree is one stop, and the
   * arrow keys move inside it */
  if (focus_child != NULL)
    return FALSE;

  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;

  return focus_position (self, position);
}

static gboolean
tree_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  CvCertificateView *self = CV_CERTIFICATE_VIEW (user_data);
  GtkListItem *list_item = get_focused_list_item (self);
  guint position;

  /* Not ours: let the key go on */
  if (list_item == NULL || gtk_list_item_get_item (list_item) == NULL)
    return FALSE;

  position = cv_certificate_cells_apply_key (gtk_list_item_get_item (list_item),
                                             gtk_list_item_get_position (list_item),
                                             g_variant_get_int32 (args),
                                             gtk_widget_get_direction (widget) ==
                                               GTK_TEXT_DIR_RTL);
  if (position != GTK_INVALID_LIST_POSITION)
    focus_position (self, position);

  return TRUE;
}

void
cv_certificate_view_keys_init (CvCertificateView *self)
{
  const struct { guint keyval; CvTreeKey key; } keys[] = {
    { GDK_KEY_Right, CV_TREE_KEY_RIGHT },
    { GDK_KEY_KP_Right, CV_TREE_KEY_RIGHT },
    { GDK_KEY_Left, CV_TREE_KEY_LEFT },
    { GDK_KEY_KP_Left, CV_TREE_KEY_LEFT },
    { GDK_KEY_plus, CV_TREE_KEY_EXPAND },
    { GDK_KEY_KP_Add, CV_TREE_KEY_EXPAND },
    { GDK_KEY_minus, CV_TREE_KEY_COLLAPSE },
    { GDK_KEY_KP_Subtract, CV_TREE_KEY_COLLAPSE },
    { GDK_KEY_asterisk, CV_TREE_KEY_EXPAND_ALL },
    { GDK_KEY_KP_Multiply, CV_TREE_KEY_EXPAND_ALL },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* In the capture phase: the list view would take Left and Right for itself */
  gtk_event_controller_set_name (controller, "cv-tree-keys");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut =
        gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, 0),
                          gtk_callback_action_new (tree_key_cb, self, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (keys[i].key));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }

  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);
}

void
cv_certificate_view_class_keys_init (CvCertificateViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->focus = cv_certificate_view_focus;

  gtk_widget_class_bind_template_callback (widget_class, context_click_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, context_menu_closed_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                popup_menu_binding_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, popup_menu_binding_cb, NULL);
}
