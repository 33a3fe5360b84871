/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-certificate-cells.h"

#include "cv-style.h"
#include "cv-tooltip.h"
#include "cv-wrap-frame.h"
#include "cv-field.h"
#include "cv-section.h"

#include <glib/gi18n.h>
#include <string.h>

/* Keys of the widgets a list item's cell keeps, and of the field it shows */
#define CELL_LIST_ITEM "cv-list-item"
#define CELL_EXPANDER  "cv-expander"
#define CELL_NAME      "cv-name"
#define CELL_MARK      "cv-mark"
#define CELL_VALUE     "cv-value"
#define CELL_REASON    "cv-reason"
#define CELL_FIELD     "cv-field"

static gpointer
list_item_dup_model_item (GtkListItem *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);

  if (row == NULL)
    return NULL;

  return gtk_tree_list_row_get_item (row);
}

/* The row widget that holds a cell's @child: GtkColumnView puts each cell's child in
 * a cell widget, and the cells in a row widget, which takes the keyboard focus and
 * which a screen reader announces. NULL while @child is not in a row. */
static GtkWidget *
row_widget_for_child (GtkWidget *child)
{
  GtkWidget *cell = child != NULL ? gtk_widget_get_parent (child) : NULL;

  return cell != NULL ? gtk_widget_get_parent (cell) : NULL;
}

/* What the focused row says: its label, its value, and the mark with its reason */
static void
row_accessible_update (GtkListItem *list_item,
                       GObject     *item)
{
  GtkWidget *row = row_widget_for_child (gtk_list_item_get_child (list_item));
  GtkTreeListRow *tree_row = gtk_list_item_get_item (list_item);
  g_autofree char *label = NULL;
  const char *reason = NULL;

  if (row == NULL)
    return;

  if (CV_IS_SECTION (item))
    {
      g_autoptr(GtkTreeListRow) parent =
        tree_row != NULL ? gtk_tree_list_row_get_parent (tree_row) : NULL;
      g_autoptr(GObject) owner = parent != NULL ? gtk_tree_list_row_get_item (parent) : NULL;

      if (CV_IS_FIELD (owner))
        /* Translators: a section of a certificate in the chain as a screen reader says
         * it: the section's title and the certificate, as "Issued To, Intermediate
         * certificate 1"; the leaf's own sections are said by their title alone */
        label = g_strdup_printf (C_("chain member's section", "%s, %s"),
                                 cv_section_get_title (CV_SECTION (item)),
                                 cv_field_get_label (CV_FIELD (owner)));
      else
        label = g_strdup (cv_section_get_title (CV_SECTION (item)));
    }
  else if (CV_IS_FIELD (item))
    {
      CvField *field = CV_FIELD (item);
      const char *value = cv_field_get_value (field);

      if (value == NULL || *value == '\0')
        label = g_strdup (cv_field_get_label (field));
      else if (cv_field_get_invalid (field))
        /* Translators: a row of the certificate tree as a screen reader says it: the
         * field's label, its value, and the mark that the field is invalid */
        label = g_strdup_printf (_("%s: %s, Invalid"), cv_field_get_label (field), value);
      else
        /* Translators: a row of the certificate tree as a screen reader says it: the
         * field's label and its value */
        label = g_strdup_printf (_("%s: %s"), cv_field_get_label (field), value);

      if (cv_field_get_invalid (field))
        reason = cv_field_get_reason (field);
    }

  if (label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL);

  if (reason != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  if (tree_row != NULL && gtk_tree_list_row_is_expandable (tree_row))
    gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                 GTK_ACCESSIBLE_STATE_EXPANDED,
                                 gtk_tree_list_row_get_expanded (tree_row),
                                 -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_EXPANDED);
}

static void
row_accessible_reset (GtkListItem *list_item)
{
  GtkWidget *row = row_widget_for_child (gtk_list_item_get_child (list_item));

  if (row == NULL)
    return;

  gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_EXPANDED);
}

static void
tree_row_expanded_cb (GtkTreeListRow *tree_row,
                      GParamSpec     *pspec,
                      GtkListItem    *list_item)
{
  g_autoptr(GObject) item = gtk_tree_list_row_get_item (tree_row);

  row_accessible_update (list_item, item);
}

/* Field column: expander, name and the Invalid mark */

static void
field_cell_update (GtkListItem *list_item,
                   CvField     *field)
{
  GtkWidget *name = g_object_get_data (G_OBJECT (list_item), CELL_NAME);
  GtkWidget *mark = g_object_get_data (G_OBJECT (list_item), CELL_MARK);
  gboolean invalid = cv_field_get_invalid (field);
  const char *reason = cv_field_get_reason (field);

  gtk_widget_set_visible (mark, invalid);
  cv_tooltip_set_text (mark, invalid ? reason : NULL);

  if (invalid && reason != NULL)
    {
      g_autofree char *description = g_strdup_printf (_("Invalid: %s"), reason);

      /* The mark's name is its text, "Invalid"; the description says why */
      gtk_accessible_update_property (GTK_ACCESSIBLE (mark),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason,
                                      -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (name),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
  else
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (mark),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (name),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  row_accessible_update (list_item, G_OBJECT (field));
}

static void
field_cell_notify_cb (CvField     *field,
                      GParamSpec  *pspec,
                      GtkListItem *list_item)
{
  field_cell_update (list_item, field);
}

static void
field_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *mark = gtk_label_new (_("Invalid"));
  GtkWidget *frame;

  /* The column is narrow beside the values, and a name cut short can be read
   * nowhere else: a long one (German's, or one deep in the chain) takes two lines */
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  cv_style_label_set_wrap (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (name), GTK_NATURAL_WRAP_NONE);
  gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (mark, "invalid-mark");
  gtk_widget_set_visible (mark, FALSE);

  /* The row takes the focus, and says all of itself: a focusable expander would
   * take a second Tab stop in every row and speak only its own labels */
  gtk_widget_set_focusable (expander, FALSE);

  /* In frames, as the box and the expander would measure the name's width at the
   * row's height (see CvWrapFrame) */
  gtk_box_append (GTK_BOX (box), cv_wrap_frame_new (name));
  gtk_box_append (GTK_BOX (box), mark);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  frame = cv_wrap_frame_new (expander);
  gtk_list_item_set_child (list_item, frame);

  g_object_set_data (G_OBJECT (frame), CELL_LIST_ITEM, list_item);
  g_object_set_data (G_OBJECT (list_item), CELL_EXPANDER, expander);
  g_object_set_data (G_OBJECT (list_item), CELL_NAME, name);
  g_object_set_data (G_OBJECT (list_item), CELL_MARK, mark);
}

static void
field_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (list_item), CELL_EXPANDER);
  GtkWidget *name = g_object_get_data (G_OBJECT (list_item), CELL_NAME);
  GtkWidget *mark = g_object_get_data (G_OBJECT (list_item), CELL_MARK);
  g_autoptr(GObject) item = list_item_dup_model_item (list_item);

  GtkTreeListRow *tree_row = gtk_list_item_get_item (list_item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), tree_row);
  if (tree_row != NULL)
    g_signal_connect (tree_row, "notify::expanded", G_CALLBACK (tree_row_expanded_cb), list_item);

  if (CV_IS_SECTION (item))
    {
      gtk_label_set_text (GTK_LABEL (name), cv_section_get_title (CV_SECTION (item)));
      gtk_widget_add_css_class (name, "section-title");
      gtk_widget_set_visible (mark, FALSE);
      row_accessible_update (list_item, item);
    }
  else if (CV_IS_FIELD (item))
    {
      CvField *field = CV_FIELD (item);

      gtk_label_set_text (GTK_LABEL (name), cv_field_get_label (field));
      gtk_widget_remove_css_class (name, "section-title");

      g_signal_connect (field, "notify::invalid", G_CALLBACK (field_cell_notify_cb), list_item);
      g_signal_connect (field, "notify::reason", G_CALLBACK (field_cell_notify_cb), list_item);
      g_object_set_data_full (G_OBJECT (list_item), CELL_FIELD,
                              g_object_ref (field), g_object_unref);
      field_cell_update (list_item, field);
    }
}

static void
field_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (list_item), CELL_EXPANDER);
  CvField *field = g_object_get_data (G_OBJECT (list_item), CELL_FIELD);
  GtkTreeListRow *tree_row = gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (expander));

  if (field != NULL)
    {
      g_signal_handlers_disconnect_by_func (field, field_cell_notify_cb, list_item);
      g_object_set_data (G_OBJECT (list_item), CELL_FIELD, NULL);
    }
  if (tree_row != NULL)
    g_signal_handlers_disconnect_by_func (tree_row, tree_row_expanded_cb, list_item);

  row_accessible_reset (list_item);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

/* Value column: the value, and the reason under the first field of a failing section */

PangoAttrList *
cv_certificate_cells_names_attributes (const char *value)
{
  PangoAttrList *list = NULL;
  const char *start = value;

  g_return_val_if_fail (value != NULL, NULL);

  while (*start != '\0')
    {
      const char *end = strstr (start, ", ");
      gsize length = end != NULL ? (gsize) (end - start) : strlen (start);

      /* A longer one may break: whole, it could be wider than the window */
      if (length > 1 && length <= CV_CELLS_WHOLE_NAME)
        {
          PangoAttribute *whole = pango_attr_allow_breaks_new (FALSE);

          whole->start_index = (guint) (start - value);
          whole->end_index = whole->start_index + (guint) length;
          if (list == NULL)
            list = pango_attr_list_new ();
          pango_attr_list_insert (list, whole);
        }
      if (end == NULL)
        break;
      start = end + 2;
    }
  return list;
}

/* Whether @field's value lists host names, which may hold hyphens */
gsize
cv_certificate_cells_shown_length (const char  *value,
                                   gboolean     names,
                                   char       **notice)
{
  const char *separator = names ? ", " : "\n";
  gsize separator_len = strlen (separator);
  guint max_parts = names ? G_MAXUINT : CV_CELLS_MAX_LINES;
  const char *start = value;
  gsize length;
  gsize shown = 0;
  guint kept = 0;
  guint left = 0;

  g_return_val_if_fail (value != NULL, 0);
  g_return_val_if_fail (notice != NULL, 0);

  *notice = NULL;
  length = strlen (value);

  /* The whole lines, or names, that fit */
  while (kept < max_parts)
    {
      const char *end = strstr (start, separator);
      gsize part_end = end != NULL ? (gsize) (end - value) : length;

      if (part_end > CV_CELLS_MAX_BYTES)
        break;
      if (end == NULL)
        return length;
      kept++;
      shown = part_end;
      start = end + separator_len;
    }

  if (kept > 0)
    {
      for (const char *p = value + shown; (p = strstr (p, separator)) != NULL;
           p += separator_len)
        left++;
      if (names)
        *notice = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "… %u more name. Ctrl+C copies the whole "
                                                "value.",
                                                "… %u more names. Ctrl+C copies the whole "
                                                "value.", left), left);
      else
        *notice = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "… %u more line. Ctrl+C copies the whole "
                                                "value.",
                                                "… %u more lines. Ctrl+C copies the whole "
                                                "value.", left), left);
      return shown;
    }

  /* A first line longer than a cell shows: up to a character (values are UTF-8;
   * bytes that begin none are cut where the cell's room ends) */
  {
    const char *cut = g_utf8_find_prev_char (value, value + CV_CELLS_MAX_BYTES + 1);

    shown = cut != NULL ? (gsize) (cut - value) : CV_CELLS_MAX_BYTES;
  }
  left = (guint) g_utf8_strlen (value + shown, -1);
  *notice = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "… %u more character. Ctrl+C copies the whole "
                                          "value.",
                                          "… %u more characters. Ctrl+C copies the whole "
                                          "value.", left), left);
  return shown;
}

static gboolean
lists_names (CvField *field)
{
  return g_str_equal (cv_field_get_id (field), "subject-alt-names");
}

static void
value_cell_update (GtkListItem *list_item,
                   CvField     *field)
{
  GtkWidget *reason = g_object_get_data (G_OBJECT (list_item), CELL_REASON);
  gboolean invalid = cv_field_get_invalid (field);

  gtk_label_set_text (GTK_LABEL (reason), invalid ? cv_field_get_reason (field) : "");
  gtk_widget_set_visible (reason, invalid);
}

static void
value_cell_notify_cb (CvField     *field,
                      GParamSpec  *pspec,
                      GtkListItem *list_item)
{
  value_cell_update (list_item, field);
}

static void
value_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value = gtk_label_new (NULL);
  GtkWidget *reason = gtk_label_new (NULL);
  GtkWidget *frame;

  for (guint i = 0; i < 2; i++)
    {
      GtkLabel *label = GTK_LABEL (i == 0 ? value : reason);

      gtk_label_set_xalign (label, 0.0);
      cv_style_label_set_wrap (label, PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_hexpand (GTK_WIDGET (label), TRUE);
    }

  gtk_widget_add_css_class (reason, "invalid-reason");
  gtk_widget_set_visible (reason, FALSE);

  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), reason);
  frame = cv_wrap_frame_new (box);
  gtk_list_item_set_child (list_item, frame);

  g_object_set_data (G_OBJECT (frame), CELL_LIST_ITEM, list_item);
  g_object_set_data (G_OBJECT (list_item), CELL_VALUE, value);
  g_object_set_data (G_OBJECT (list_item), CELL_REASON, reason);
}

static void
value_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *value = g_object_get_data (G_OBJECT (list_item), CELL_VALUE);
  GtkWidget *reason = g_object_get_data (G_OBJECT (list_item), CELL_REASON);
  g_autoptr(GObject) item = list_item_dup_model_item (list_item);

  if (CV_IS_FIELD (item))
    {
      CvField *field = CV_FIELD (item);

      gboolean names = lists_names (field);
      g_autofree char *notice = NULL;
      gsize shown = cv_certificate_cells_shown_length (cv_field_get_value (field), names,
                                                       &notice);
      g_autofree char *text = g_strndup (cv_field_get_value (field), shown);
      PangoAttrList *attributes = names ? cv_certificate_cells_names_attributes (text) : NULL;

      if (notice != NULL)
        {
          /* The notice on a line of its own, set apart from the value */
          PangoAttribute *italic = pango_attr_style_new (PANGO_STYLE_ITALIC);
          g_autofree char *shown_text = g_steal_pointer (&text);

          text = g_strconcat (shown_text, "\n", notice, NULL);
          italic->start_index = (guint) shown + 1;
          italic->end_index = PANGO_ATTR_INDEX_TO_TEXT_END;
          if (attributes == NULL)
            attributes = pango_attr_list_new ();
          pango_attr_list_insert (attributes, italic);
        }

      gtk_label_set_text (GTK_LABEL (value), text);
      gtk_label_set_attributes (GTK_LABEL (value), attributes);
      g_clear_pointer (&attributes, pango_attr_list_unref);
      gtk_widget_set_visible (value, TRUE);
      g_signal_connect (field, "notify::invalid", G_CALLBACK (value_cell_notify_cb), list_item);
      g_signal_connect (field, "notify::reason", G_CALLBACK (value_cell_notify_cb), list_item);
      g_object_set_data_full (G_OBJECT (list_item), CELL_FIELD,
                              g_object_ref (field), g_object_unref);
      value_cell_update (list_item, field);
    }
  else
    {
      /* A section's title row has no value */
      gtk_label_set_text (GTK_LABEL (value), "");
      gtk_label_set_attributes (GTK_LABEL (value), NULL);
      gtk_widget_set_visible (value, FALSE);
      gtk_widget_set_visible (reason, FALSE);
    }
}

static void
value_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  CvField *field = g_object_get_data (G_OBJECT (list_item), CELL_FIELD);

  if (field != NULL)
    {
      g_signal_handlers_disconnect_by_func (field, value_cell_notify_cb, list_item);
      g_object_set_data (G_OBJECT (list_item), CELL_FIELD, NULL);
    }
}
void
cv_certificate_cells_bind_template_callbacks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, field_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, value_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, value_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, value_unbind_cb);
}

GtkListItem *
cv_certificate_cells_get_list_item (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  return g_object_get_data (G_OBJECT (widget), CELL_LIST_ITEM);
}

static void
expand_all (GtkTreeListRow *tree_row)
{
  GListModel *children;
  guint n_children;

  if (!gtk_tree_list_row_is_expandable (tree_row))
    return;

  gtk_tree_list_row_set_expanded (tree_row, TRUE);
  children = gtk_tree_list_row_get_children (tree_row);
  n_children = children != NULL ? g_list_model_get_n_items (children) : 0;
  for (guint i = 0; i < n_children; i++)
    {
      g_autoptr(GtkTreeListRow) child = gtk_tree_list_row_get_child_row (tree_row, i);

      if (child != NULL)
        expand_all (child);
    }
}

guint
cv_certificate_cells_apply_key (GtkTreeListRow *tree_row,
                                guint           position,
                                CvTreeKey       key,
                                gboolean        rtl)
{
  gboolean expandable;
  gboolean expanded;

  g_return_val_if_fail (GTK_IS_TREE_LIST_ROW (tree_row), GTK_INVALID_LIST_POSITION);

  expandable = gtk_tree_list_row_is_expandable (tree_row);
  expanded = gtk_tree_list_row_get_expanded (tree_row);

  /* Right-to-left, the arrows swap, as the expander does */
  if (rtl)
    {
      if (key == CV_TREE_KEY_RIGHT)
        key = CV_TREE_KEY_LEFT;
      else if (key == CV_TREE_KEY_LEFT)
        key = CV_TREE_KEY_RIGHT;
    }

  switch (key)
    {
    case CV_TREE_KEY_RIGHT:
      if (expandable && !expanded)
        gtk_tree_list_row_set_expanded (tree_row, TRUE);
      else if (expandable)
        return position + 1;
      break;

    case CV_TREE_KEY_LEFT:
      if (expandable && expanded)
        {
          gtk_tree_list_row_set_expanded (tree_row, FALSE);
        }
      else
        {
          g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (tree_row);

          if (parent != NULL)
            return gtk_tree_list_row_get_position (parent);
        }
      break;

    case CV_TREE_KEY_EXPAND:
      gtk_tree_list_row_set_expanded (tree_row, TRUE);
      break;

    case CV_TREE_KEY_COLLAPSE:
      gtk_tree_list_row_set_expanded (tree_row, FALSE);
      break;

    case CV_TREE_KEY_EXPAND_ALL:
      expand_all (tree_row);
      break;

    default:
      g_assert_not_reached ();
    }

  return GTK_INVALID_LIST_POSITION;
}
