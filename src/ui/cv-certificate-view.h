/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-export.h"
#include "cv-report.h"
#include "cv-section.h"

G_BEGIN_DECLS

#define CV_TYPE_CERTIFICATE_VIEW (cv_certificate_view_get_type ())

/**
 * CvCertificateView:
 *
 * The certificate tree: a #GtkColumnView (Field, Value) over a #GtkTreeListModel of a
 * report's sections. Top-level sections are expanded when a report is set; chain
 * members expand into their own sections. The first field of a failing section carries
 * a visible, accessible "Invalid" mark and its reason.
 *
 * Right-click (or Shift+F10, Menu) opens a context menu with the "win.copy-value" and
 * "win.copy-fingerprint" actions, which an ancestor provides. The tree is one Tab stop;
 * Up and Down move, Right expands, Left collapses.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvCertificateView, cv_certificate_view, CV, CERTIFICATE_VIEW, GtkWidget)

/**
 * cv_certificate_view_new:
 *
 * A certificate view with no report.
 *
 * Returns: (transfer full): the new view
 */
CV_EXPORT
GtkWidget          *cv_certificate_view_new                  (void);

/**
 * cv_certificate_view_set_report:
 * @self: a #CvCertificateView
 * @report: (nullable): the report, or %NULL for none
 *
 * Shows @report, its top-level sections expanded.
 */
CV_EXPORT
void                cv_certificate_view_set_report           (CvCertificateView *self,
                                                              CvReport          *report);

/**
 * cv_certificate_view_set_report_full:
 * @self: a #CvCertificateView
 * @report: (nullable): the report, or %NULL for none
 * @extra: (nullable): a section to show first, or %NULL
 *
 * Shows @report with @extra above its sections: something said about the report that is
 * not part of it, such as cv_trust_check_describe().
 */
CV_EXPORT
void                cv_certificate_view_set_report_full      (CvCertificateView *self,
                                                              CvReport          *report,
                                                              CvSection         *extra);

/**
 * cv_certificate_view_get_report:
 * @self: a #CvCertificateView
 *
 * The report shown.
 *
 * Returns: (transfer none) (nullable): the report, or %NULL
 */
CV_EXPORT
CvReport           *cv_certificate_view_get_report           (CvCertificateView *self);

/**
 * cv_certificate_view_get_tree_model:
 * @self: a #CvCertificateView
 *
 * The rows as shown.
 *
 * Returns: (transfer none): a #GtkTreeListModel of #GtkTreeListRow whose items are
 *   #CvSection or #CvField
 */
CV_EXPORT
GtkTreeListModel   *cv_certificate_view_get_tree_model       (CvCertificateView *self);

/**
 * cv_certificate_view_get_selection:
 * @self: a #CvCertificateView
 *
 * The selection of the rows.
 *
 * Returns: (transfer none): the selection
 */
CV_EXPORT
GtkSingleSelection *cv_certificate_view_get_selection        (CvCertificateView *self);

/**
 * cv_certificate_view_dup_selected_item:
 * @self: a #CvCertificateView
 *
 * The section or field of the selected row.
 *
 * Returns: (transfer full) (nullable): the #CvSection or #CvField, or %NULL
 */
CV_EXPORT
GObject            *cv_certificate_view_dup_selected_item    (CvCertificateView *self);

/**
 * cv_certificate_view_dup_selected_text:
 * @self: a #CvCertificateView
 *
 * What "Copy Value" copies: a field's value, or a section's fields as "Label: value"
 * lines.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when nothing is selected
 */
CV_EXPORT
char               *cv_certificate_view_dup_selected_text    (CvCertificateView *self);

/**
 * cv_certificate_view_dup_selected_fingerprint:
 * @self: a #CvCertificateView
 *
 * The SHA-256 fingerprint of the certificate the selected row belongs to: a chain
 * member's own, else the server certificate's.
 *
 * Returns: (transfer full) (nullable): the fingerprint, or %NULL without a report
 */
CV_EXPORT
char               *cv_certificate_view_dup_selected_fingerprint (CvCertificateView *self);

G_END_DECLS
