/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-report.h"
#include "cv-section.h"

G_BEGIN_DECLS

#define CV_TYPE_CERTIFICATE_VIEW (cv_certificate_view_get_type ())

G_DECLARE_FINAL_TYPE (CvCertificateView, cv_certificate_view, CV, CERTIFICATE_VIEW, GtkWidget)

/*
 * The certificate tree: a GtkColumnView (Field, Value) over a GtkTreeListModel of
 * the report's sections. Top-level sections are expanded when a report is set;
 * chain members expand into their own sections. The first field of a failing
 * section carries a visible, accessible "Invalid" mark and its reason.
 * Right-click (or Shift+F10, Menu) opens a context menu with the "win.copy-value"
 * and "win.copy-fingerprint" actions, which an ancestor provides.
 * Keyboard: the tree is one Tab stop (the selected row, else the first, which it
 * selects); Up/Down move, Right expands or goes to the first child, Left collapses
 * or goes to the parent, + and - expand and collapse, * expands all below. Each
 * row tells assistive technologies its label, value, Invalid mark and reason.
 * Property "report" (notify on change); signal "selection-changed".
 */
GtkWidget          *cv_certificate_view_new                  (void);
void                cv_certificate_view_set_report           (CvCertificateView *self,
                                                              CvReport          *report);
/* The same, with @extra (may be NULL) shown above the report's sections: something
 * said about the report that is not part of it */
void                cv_certificate_view_set_report_full      (CvCertificateView *self,
                                                              CvReport          *report,
                                                              CvSection         *extra);
CvReport           *cv_certificate_view_get_report           (CvCertificateView *self);
/* The rows as shown: a GtkTreeListModel of GtkTreeListRow (items CvSection or CvField) */
GtkTreeListModel   *cv_certificate_view_get_tree_model       (CvCertificateView *self);
GtkSingleSelection *cv_certificate_view_get_selection        (CvCertificateView *self);
/* The CvSection or CvField of the selected row, or NULL */
GObject            *cv_certificate_view_dup_selected_item    (CvCertificateView *self);
/* What "Copy Value" copies: a field's value, or a section's fields as
 * "Label: value" lines; NULL when nothing is selected */
char               *cv_certificate_view_dup_selected_text    (CvCertificateView *self);
/* The SHA-256 fingerprint of the certificate the selected row belongs to (a chain
 * member's own, else the server certificate's); NULL without a report */
char               *cv_certificate_view_dup_selected_fingerprint (CvCertificateView *self);

G_END_DECLS
