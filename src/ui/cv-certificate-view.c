/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-certificate-view.h"
#include "cv-window-testing.h"

#include "cv-certificate-cells.h"
#include "cv-certificate-rows.h"
#include "cv-certificate.h"
#include "cv-field.h"
#include "cv-section.h"

/* Longer chains start collapsed */
#define MAX_EXPANDED_CHAIN 10

struct _CvCertificateView
{
  GtkWidget           parent_instance;

  CvReport           *report;
  /* Shown above the report's sections, not part of the report */
  CvSection          *extra;
  GtkTreeListModel   *tree;
  /* The rows of @tree that have widgets so far, or those of the last report still
   * being taken down; the selection and the column view see these */
  CvCertificateRows   rows;
  GtkSingleSelection *selection;

  /* Template widgets */
  GtkScrolledWindow  *scrolled_window;
  GtkColumnView      *column_view;
  GtkPopoverMenu     *context_menu;
  /* What had the focus when the context menu opened, to have it again after */
  GtkWidget          *focus_before_menu;
};

G_DEFINE_FINAL_TYPE (CvCertificateView, cv_certificate_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REPORT,
  N_PROPS
};

enum {
  SIGNAL_SELECTION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GListModel *
create_child_model_cb (gpointer item,
                       gpointer user_data)
{
  GListModel *children = NULL;

  if (CV_IS_SECTION (item))
    children = cv_section_get_fields (CV_SECTION (item));
  else if (CV_IS_FIELD (item))
    children = cv_field_get_children (CV_FIELD (item));

  if (children == NULL || g_list_model_get_n_items (children) == 0)
    return NULL;

  return g_object_ref (children);
}

/* Rows and the context menu */

static void
row_activate_cb (GtkColumnView     *column_view,
                 guint              position,
                 CvCertificateView *self)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

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

/* The list view inside the column view, which holds the row widgets */
static GtkWidget *
get_list_view (CvCertificateView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        return child;
    }

  return NULL;
}

static GtkWidget *
find_row_widget (CvCertificateView *self,
                 guint              position)
{
  GtkWidget *list_view = get_list_view (self);

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
  GtkWidget *list_view = get_list_view (self);
  GtkWidget *row;

  if (list_view == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->tree)))
    return FALSE;

  cv_certificate_rows_show_all (&self->rows);

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
  GtkWidget *focus_child = gtk_widget_get_focus_child (widget);
  guint position;

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return GTK_WIDGET_CLASS (cv_certificate_view_parent_class)->focus (widget, direction);

  /* The context menu moves its focus as it does */
  if (focus_child != NULL && focus_child != GTK_WIDGET (self->scrolled_window))
    return GTK_WIDGET_CLASS (cv_certificate_view_parent_class)->focus (widget, direction);

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

static void
add_tree_keys (CvCertificateView *self)
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

static void
selection_notify_cb (GtkSingleSelection *selection,
                     GParamSpec         *pspec,
                     CvCertificateView  *self)
{
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

/* GObject */

static void
cv_certificate_view_dispose (GObject *object)
{
  CvCertificateView *self = CV_CERTIFICATE_VIEW (object);
  GtkWidget *child;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_notify_cb, self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  gtk_widget_dispose_template (GTK_WIDGET (self), CV_TYPE_CERTIFICATE_VIEW);

  g_clear_object (&self->selection);
  cv_certificate_rows_clear (&self->rows);
  g_clear_object (&self->tree);
  g_clear_object (&self->report);
  g_clear_object (&self->extra);
  g_clear_weak_pointer (&self->focus_before_menu);

  G_OBJECT_CLASS (cv_certificate_view_parent_class)->dispose (object);
}

static void
cv_certificate_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CvCertificateView *self = CV_CERTIFICATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_certificate_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CvCertificateView *self = CV_CERTIFICATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      cv_certificate_view_set_report (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_certificate_view_class_init (CvCertificateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cv_certificate_view_dispose;
  object_class->get_property = cv_certificate_view_get_property;
  object_class->set_property = cv_certificate_view_set_property;

  widget_class->focus = cv_certificate_view_focus;

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL,
                         CV_TYPE_REPORT,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SELECTION_CHANGED] =
    g_signal_new ("selection-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certview/Certview/"
                                                             "cv-certificate-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CvCertificateView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CvCertificateView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CvCertificateView, context_menu);
  cv_certificate_cells_bind_template_callbacks (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, row_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, context_click_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, context_menu_closed_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                popup_menu_binding_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, popup_menu_binding_cb, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "certificateview");
}

static void
cv_certificate_view_init (CvCertificateView *self)
{
  GListModel *empty = G_LIST_MODEL (g_list_store_new (CV_TYPE_SECTION));

  gtk_widget_init_template (GTK_WIDGET (self));
  add_tree_keys (self);

  self->tree = gtk_tree_list_model_new (empty, FALSE, FALSE, create_child_model_cb, NULL, NULL);
  cv_certificate_rows_init (&self->rows, GTK_WIDGET (self), G_LIST_MODEL (self->tree));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->rows.rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected-item",
                    G_CALLBACK (selection_notify_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

GtkWidget *
cv_certificate_view_new (void)
{
  return g_object_new (CV_TYPE_CERTIFICATE_VIEW, NULL);
}

void
cv_certificate_view_set_report (CvCertificateView *self,
                                CvReport          *report)
{
  g_return_if_fail (CV_IS_CERTIFICATE_VIEW (self));
  g_return_if_fail (report == NULL || CV_IS_REPORT (report));

  cv_certificate_view_set_report_full (self, report, NULL);
}

/* The report's sections, with @extra on top */
static GListModel *
new_root_model (CvReport  *report,
                CvSection *extra)
{
  g_autoptr(GListStore) parts = NULL;
  g_autoptr(GListStore) top = NULL;

  if (report == NULL)
    return G_LIST_MODEL (g_list_store_new (CV_TYPE_SECTION));
  if (extra == NULL)
    return g_object_ref (cv_report_get_tree (report));

  top = g_list_store_new (CV_TYPE_SECTION);
  g_list_store_append (top, extra);
  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, top);
  g_list_store_append (parts, cv_report_get_tree (report));
  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts))));
}

void
cv_certificate_view_set_report_full (CvCertificateView *self,
                                     CvReport          *report,
                                     CvSection         *extra)
{
  GListModel *root;
  guint n_sections;
  gboolean changed;

  g_return_if_fail (CV_IS_CERTIFICATE_VIEW (self));
  g_return_if_fail (report == NULL || CV_IS_REPORT (report));
  g_return_if_fail (extra == NULL || CV_IS_SECTION (extra));

  if (report == NULL)
    extra = NULL;
  changed = g_set_object (&self->report, report);
  if (!g_set_object (&self->extra, extra) && !changed)
    return;

  root = new_root_model (report, extra);

  g_clear_object (&self->tree);
  self->tree = gtk_tree_list_model_new (root, FALSE, FALSE, create_child_model_cb, NULL, NULL);

  /* Sections start expanded; chain members (fields with children) start collapsed,
   * and so does a chain too long to take in at a glance: every row shown costs the
   * main loop widgets, and a hostile server may send a hundred certificates */
  n_sections = g_list_model_get_n_items (root);
  for (guint i = 0; i < n_sections; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (self->tree, i);
      g_autoptr(CvSection) section = g_list_model_get_item (root, i);

      if (row == NULL)
        continue;
      if (g_str_equal (cv_section_get_id (section), CV_SECTION_CHAIN) &&
          g_list_model_get_n_items (cv_section_get_fields (section)) > MAX_EXPANDED_CHAIN)
        continue;
      gtk_tree_list_row_set_expanded (row, TRUE);
    }

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  /* Without a report the page with the rows is hidden, and they go between
   * frames; a report's rows come a few per frame */
  if (report == NULL)
    cv_certificate_rows_drain (&self->rows, G_LIST_MODEL (self->tree));
  else
    cv_certificate_rows_fill (&self->rows, G_LIST_MODEL (self->tree));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0.0);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

CvReport *
cv_certificate_view_get_report (CvCertificateView *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE_VIEW (self), NULL);
  return self->report;
}

GtkTreeListModel *
cv_certificate_view_get_tree_model (CvCertificateView *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE_VIEW (self), NULL);
  return self->tree;
}

GtkSingleSelection *
cv_certificate_view_get_selection (CvCertificateView *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE_VIEW (self), NULL);

  /* Positions in it are those of the tree model */
  cv_certificate_rows_show_all (&self->rows);
  return self->selection;
}

static GtkTreeListRow *
dup_selected_row (CvCertificateView *self)
{
  gpointer row;

  if (self->selection == NULL)
    return NULL;

  row = gtk_single_selection_get_selected_item (self->selection);

  return row != NULL ? g_object_ref (row) : NULL;
}

GObject *
cv_certificate_view_dup_selected_item (CvCertificateView *self)
{
  g_autoptr(GtkTreeListRow) row = NULL;

  g_return_val_if_fail (CV_IS_CERTIFICATE_VIEW (self), NULL);

  row = dup_selected_row (self);
  if (row == NULL)
    return NULL;

  return gtk_tree_list_row_get_item (row);
}

char *
cv_certificate_view_dup_selected_text (CvCertificateView *self)
{
  g_autoptr(GObject) item = NULL;

  g_return_val_if_fail (CV_IS_CERTIFICATE_VIEW (self), NULL);

  item = cv_certificate_view_dup_selected_item (self);

  if (CV_IS_FIELD (item))
    return g_strdup (cv_field_get_value (CV_FIELD (item)));

  if (CV_IS_SECTION (item))
    {
      GListModel *fields = cv_section_get_fields (CV_SECTION (item));
      g_autoptr(GString) text = g_string_new (NULL);
      guint n_fields = g_list_model_get_n_items (fields);

      for (guint i = 0; i < n_fields; i++)
        {
          g_autoptr(CvField) field = g_list_model_get_item (fields, i);

          g_string_append_printf (text, "%s: %s\n",
                                  cv_field_get_label (field), cv_field_get_value (field));
        }

      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  return NULL;
}

char *
cv_certificate_view_dup_selected_fingerprint (CvCertificateView *self)
{
  g_autoptr(GtkTreeListRow) row = NULL;
  CvCertificate *leaf;

  g_return_val_if_fail (CV_IS_CERTIFICATE_VIEW (self), NULL);

  if (self->report == NULL)
    return NULL;

  row = dup_selected_row (self);
  while (row != NULL)
    {
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);
      GtkTreeListRow *parent;

      /* A chain member carries its certificate */
      if (CV_IS_FIELD (item) && cv_field_get_certificate (CV_FIELD (item)) != NULL)
        return g_strdup (cv_certificate_get_sha256 (cv_field_get_certificate (CV_FIELD (item))));

      parent = gtk_tree_list_row_get_parent (row);
      g_object_unref (row);
      row = parent;
    }

  leaf = cv_report_get_leaf (self->report);
  return leaf != NULL ? g_strdup (cv_certificate_get_sha256 (leaf)) : NULL;
}

/* For tests */

gboolean
cv_certificate_view_is_filling (CvCertificateView *self)
{
  g_return_val_if_fail (CV_IS_CERTIFICATE_VIEW (self), FALSE);
  return cv_certificate_rows_is_filling (&self->rows);
}
