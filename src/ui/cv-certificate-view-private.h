/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-certificate-view.h"

#include "cv-list-rows.h"

G_BEGIN_DECLS

struct _CvCertificateView
{
  GtkWidget           parent_instance;

  CvReport           *report;
  /* Shown above the report's sections, not part of the report */
  CvSection          *extra;
  GtkTreeListModel   *tree;
  /* The rows of @tree that have widgets so far, or those of the last report still
   * being taken down; the selection and the column view see these */
  CvListRows          rows;
  GtkSingleSelection *selection;

  /* Template widgets */
  GtkScrolledWindow  *scrolled_window;
  GtkColumnView      *column_view;
  GtkPopoverMenu     *context_menu;
  /* What had the focus when the context menu opened, to have it again after */
  GtkWidget          *focus_before_menu;
};

/* The keyboard and the context menu, in cv-certificate-view-keys.c */
void cv_certificate_view_class_keys_init (CvCertificateViewClass *klass);
void cv_certificate_view_keys_init       (CvCertificateView      *self);

G_END_DECLS
