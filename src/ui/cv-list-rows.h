/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The rows of a list that have widgets: a GtkSliceListModel between a model and
 * its column view, so that new rows appear a few per frame. Each row costs its
 * widgets, their style, layout and painting, and GTK 4.8's list views make widgets
 * for up to 200 rows at once, visible or not: all of them in one frame would drop
 * several.
 *
 * The certificate tree (CvCertificateView) fills it with each report, and takes
 * the last report's rows, hidden already, down a few per main-loop iteration. The
 * Saved Decisions window fills it when it first shows a long list, and takes a
 * long list's rows down so when it closes.
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
  guint              budget_us; /* rows are made for this long per frame */
  GObject           *previous;  /* the report whose rows may still be shown */
} CvListRows;

void     cv_list_rows_init       (CvListRows *self,
                                  GtkWidget  *owner,
                                  GListModel *tree);
void     cv_list_rows_clear      (CvListRows *self);
/* How long rows are made per frame: 0.4 ms unless set */
void     cv_list_rows_set_budget (CvListRows *self,
                                  guint       microseconds);
/* Shows @tree, a few rows per frame from the top, starting with the frame after
 * the next one (a widget not realized yet starts at its second frame). The rows
 * shown before go at once: the caller keeps the report they came from, if any,
 * until this returns */
void     cv_list_rows_fill       (CvListRows *self,
                                  GListModel *tree);
/* Takes the rows shown down between frames, keeping @previous (the report they
 * came from, or NULL) until they are gone; then shows @tree (empty) */
void     cv_list_rows_drain      (CvListRows *self,
                                  GListModel *tree,
                                  GObject    *previous);
/* All rows at once, for whoever needs them all now (a position to select or to
 * move the focus to, the user's own input) */
void     cv_list_rows_show_all   (CvListRows *self);
gboolean cv_list_rows_is_filling (CvListRows *self);
gboolean cv_list_rows_is_draining (CvListRows *self);

G_END_DECLS
