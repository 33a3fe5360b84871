/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-certificate-view-private.h"
#include "cv-window-testing.h"

#include "cv-certificate-cells.h"
#include "cv-list-rows.h"
#include "cv-certificate.h"
#include "cv-field.h"
#include "cv-section.h"

/* Longer chains start collapsed */
#define MAX_EXPANDED_CHAIN 10

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

/* Rows */

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
  cv_list_rows_clear (&self->rows);
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
  cv_certificate_view_class_keys_init (klass);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "certificateview");
}

static void
cv_certificate_view_init (CvCertificateView *self)
{
  GListModel *empty = G_LIST_MODEL (g_list_store_new (CV_TYPE_SECTION));

  gtk_widget_init_template (GTK_WIDGET (self));
  cv_certificate_view_keys_init (self);

  self->tree = gtk_tree_list_model_new (empty, FALSE, FALSE, create_child_model_cb, NULL, NULL);
  cv_list_rows_init (&self->rows, GTK_WIDGET (self), G_LIST_MODEL (self->tree));
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
  /* Kept until its rows are gone (cv-list-rows.h): past the fill below, or
   * by the rows while they are taken down */
  g_autoptr(CvReport) previous = NULL;
  GListModel *root;
  guint n_sections;
  gboolean changed;

  g_return_if_fail (CV_IS_CERTIFICATE_VIEW (self));
  g_return_if_fail (report == NULL || CV_IS_REPORT (report));
  g_return_if_fail (extra == NULL || CV_IS_SECTION (extra));

  if (report == NULL)
    extra = NULL;
  previous = self->report != NULL ? g_object_ref (self->report) : NULL;
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
    cv_list_rows_drain (&self->rows, G_LIST_MODEL (self->tree), G_OBJECT (previous));
  else
    cv_list_rows_fill (&self->rows, G_LIST_MODEL (self->tree));

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
  cv_list_rows_show_all (&self->rows);
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
  return cv_list_rows_is_filling (&self->rows);
}
