/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The tree's own keys on a row */
typedef enum
{
  CV_TREE_KEY_RIGHT,       /* expand, else go to the first child */
  CV_TREE_KEY_LEFT,        /* collapse, else go to the parent */
  CV_TREE_KEY_EXPAND,      /* + */
  CV_TREE_KEY_COLLAPSE,    /* - */
  CV_TREE_KEY_EXPAND_ALL,  /* *: this row and everything below it */
} CvTreeKey;

/*
 * The cells of the certificate tree (CvCertificateView): the Field column (expander,
 * label, the visible "Invalid" mark) and the Value column (value and reason), with
 * each row telling assistive technologies its label, value, mark and reason.
 */

/* Binds the factories' handlers the view's template names: field_setup_cb,
 * field_bind_cb, field_unbind_cb, value_setup_cb, value_bind_cb, value_unbind_cb */
void         cv_certificate_cells_bind_template_callbacks (GtkWidgetClass *widget_class);
/* The list item whose cell @widget is the top of, or NULL */
GtkListItem *cv_certificate_cells_get_list_item           (GtkWidget      *widget);
/* Applies @key to @tree_row (at @position in the tree): expands or collapses it.
 * Returns the position of the row that takes the focus instead, or
 * GTK_INVALID_LIST_POSITION. @rtl: the arrows swap, as the expander's do */
guint        cv_certificate_cells_apply_key               (GtkTreeListRow *tree_row,
                                                           guint           position,
                                                           CvTreeKey       key,
                                                           gboolean        rtl);

/* For a value that lists names ("a.example, b-c.example"): attributes that keep
 * each name of up to CV_CELLS_WHOLE_NAME bytes on one line, so that a name is
 * never broken at its hyphen as if it were two; NULL when @value lists none */
#define CV_CELLS_WHOLE_NAME 64
PangoAttrList *cv_certificate_cells_names_attributes      (const char     *value);

/* A Value cell shows at most CV_CELLS_MAX_LINES lines and CV_CELLS_MAX_BYTES bytes
 * of a value: measuring a label costs as much as its text is long, and the hundred
 * lines of a long chain's authorities, or a certificate's thousand names, held the
 * window for a dropped frame. Returns how many bytes of @value the cell shows: all
 * of them, or a beginning that ends with a line (with @names, a list of names: with
 * a name), else inside the first line at a character. @notice then gets the line
 * that says how much is left out and how to copy it, else NULL. Copy Value and
 * screen readers always have the whole value. */
#define CV_CELLS_MAX_LINES 12
#define CV_CELLS_MAX_BYTES 1024
gsize        cv_certificate_cells_shown_length            (const char     *value,
                                                           gboolean        names,
                                                           char          **notice);

G_END_DECLS
