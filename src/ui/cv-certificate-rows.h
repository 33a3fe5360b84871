/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The rows of the certificate tree that have widgets (CvCertificateView): a
 * GtkSliceListModel between the GtkTreeListModel and the column view. When a
 * report comes in, its rows appear a few per frame: each row costs its widgets,
 * their style, layout and painting, and a whole report at once would drop frames.
 * The last report's rows, hidden already, are taken down a few per main-loop
 * iteration.
 *
 * The last report itself is kept until its rows are gone. Its objects are made on
 * an inspection's thread, and freeing them on the main thread waits for the lock
 * of that thread's malloc arena whenever another inspection, at a lower priority,
 * holds it (up to 3 ms a time). When the report goes, it hands its references to
 * them to a worker thread (cv-report.c); they are freed there only if no row
 * holds them any more.
 */
typedef struct
{
  GtkWidget         *owner;     /* whose frames the rows come in */
  GListModel        *tree;      /* the rows to show */
  GtkSliceListModel *rows;      /* what the column view sees */
  guint              tick_id;
  guint              drain_id;
  guint              frames_to_skip;
  GObject           *previous;  /* the report whose rows may still be shown */
} CvCertificateRows;

void      cv_certificate_rows_init       (CvCertificateRows *self,
                                          GtkWidget         *owner,
                                          GListModel        *tree);
void      cv_certificate_rows_clear      (CvCertificateRows *self);
/* Shows @tree, a few rows per frame from the top, starting with the frame after
 * the next one (a widget not realized yet starts at its second frame). The rows
 * shown before go at once: the caller keeps the report they came from until this
 * returns */
void      cv_certificate_rows_fill       (CvCertificateRows *self,
                                          GListModel        *tree);
/* Takes the rows shown down between frames, keeping @previous (the report they
 * came from, or NULL) until they are gone; then shows @tree (empty) */
void      cv_certificate_rows_drain      (CvCertificateRows *self,
                                          GListModel        *tree,
                                          GObject           *previous);
/* All rows at once, for whoever needs them all now (a position to select or to
 * move the focus to) */
void      cv_certificate_rows_show_all   (CvCertificateRows *self);
gboolean  cv_certificate_rows_is_filling (CvCertificateRows *self);

G_END_DECLS
