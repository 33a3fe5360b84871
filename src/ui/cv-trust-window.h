/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CV_TYPE_TRUST_WINDOW (cv_trust_window_get_type ())

G_DECLARE_FINAL_TYPE (CvTrustWindow, cv_trust_window, CV, TRUST_WINDOW, GtkWindow)

/*
 * The saved decisions: a list of servers with their decision, expiry and when
 * they were last seen, from which decisions are removed, and a page with one
 * decision's details. The store is read, and decisions removed, on a worker;
 * closing the window cancels what is under way. Property "busy" (read-only,
 * notify on change) is TRUE while the store is read or written.
 *
 * @parent: the window it belongs to (transient-for), or NULL
 * @store_path: the trust store file, or NULL for cv_trust_store_get_default_path()
 */
CvTrustWindow *cv_trust_window_new               (GtkWindow     *parent,
                                                  const char    *store_path);
/* Reads the store again, as when the window opened */
void           cv_trust_window_reload            (CvTrustWindow *self);
gboolean       cv_trust_window_is_busy           (CvTrustWindow *self);
/* The saved decisions shown (CvTrustEntry), in the store's order */
GListModel    *cv_trust_window_get_entries       (CvTrustWindow *self);
GtkSelectionModel *cv_trust_window_get_selection (CvTrustWindow *self);
/* Shows the details of the decision at @position of the entries */
void           cv_trust_window_show_details      (CvTrustWindow *self,
                                                  guint          position);
/* "loading", "empty", "list" or "details" */
const char    *cv_trust_window_get_page          (CvTrustWindow *self);
/* The error banner's title and message, or "" when there is none */
char          *cv_trust_window_dup_error_text    (CvTrustWindow *self);

G_END_DECLS
