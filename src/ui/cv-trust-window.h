/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-export.h"
#include "cv-trust-watch.h"

G_BEGIN_DECLS

#define CV_TYPE_TRUST_WINDOW (cv_trust_window_get_type ())

/**
 * CvTrustWindow:
 *
 * The Saved Decisions window: a list of servers with their decision, expiry and when
 * they were last seen, from which decisions are removed, and a page with one decision's
 * details. The store is read, and decisions removed, on a worker; closing the window
 * cancels what is under way. The property "busy" (read-only, notified on change) is
 * %TRUE while the store is read or written; "store-path" (construct-only) names the
 * trust store.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvTrustWindow, cv_trust_window, CV, TRUST_WINDOW, GtkWindow)

/**
 * cv_trust_window_new:
 * @parent: (nullable): the window it belongs to (transient-for), or %NULL
 * @store_path: (nullable) (type filename): the trust store file, or %NULL for
 *   cv_trust_store_get_default_path()
 *
 * A Saved Decisions window, not shown yet, that starts reading the store.
 *
 * Returns: (transfer none): the new window, owned by GTK's list of toplevels
 */
CV_EXPORT
CvTrustWindow *cv_trust_window_new               (GtkWindow     *parent,
                                                  const char    *store_path);

/**
 * cv_trust_window_reload:
 * @self: a #CvTrustWindow
 *
 * Reads the store again, as when the window opened.
 */
CV_EXPORT
void           cv_trust_window_reload            (CvTrustWindow *self);

/**
 * cv_trust_window_is_busy:
 * @self: a #CvTrustWindow
 *
 * Whether the store is being read or written.
 *
 * Returns: the value of the "busy" property
 */
CV_EXPORT
gboolean       cv_trust_window_is_busy           (CvTrustWindow *self);

/**
 * cv_trust_window_get_entries:
 * @self: a #CvTrustWindow
 *
 * The saved decisions shown, in the store's order.
 *
 * Returns: (transfer none): a #GListModel of #CvTrustEntry
 */
CV_EXPORT
GListModel    *cv_trust_window_get_entries       (CvTrustWindow *self);

/**
 * cv_trust_window_get_selection:
 * @self: a #CvTrustWindow
 *
 * The selection of the list, over the decisions in the order shown: that of
 * cv_trust_window_get_entries() until a column header sorts them.
 *
 * Returns: (transfer none): the selection
 */
CV_EXPORT
GtkSelectionModel *cv_trust_window_get_selection (CvTrustWindow *self);

/**
 * cv_trust_window_show_details:
 * @self: a #CvTrustWindow
 * @position: a position in cv_trust_window_get_entries()
 *
 * Shows the details of the decision at @position; nothing happens when there is none.
 */
CV_EXPORT
void           cv_trust_window_show_details      (CvTrustWindow *self,
                                                  guint          position);

/**
 * cv_trust_window_get_page:
 * @self: a #CvTrustWindow
 *
 * The page shown, for tests and scripts.
 *
 * Returns: "loading", "empty", "list" or "details"
 */
CV_EXPORT
const char    *cv_trust_window_get_page          (CvTrustWindow *self);

/**
 * cv_trust_window_dup_error_text:
 * @self: a #CvTrustWindow
 *
 * The error banner as shown, for tests: its title and message on two lines.
 *
 * Returns: (transfer full): the text, or "" when there is no error
 */
CV_EXPORT
char          *cv_trust_window_dup_error_text    (CvTrustWindow *self);

/**
 * cv_trust_window_select_servers:
 * @self: a #CvTrustWindow
 * @servers: (array zero-terminated=1): the servers, as "host:port"
 *
 * Selects the decisions of @servers (and no other) and scrolls to the first, as
 * soon as the store has been read. Servers without a decision are left out.
 */
CV_EXPORT
void           cv_trust_window_select_servers    (CvTrustWindow      *self,
                                                  const char * const *servers);

/**
 * cv_trust_window_dup_selected_servers:
 * @self: a #CvTrustWindow
 *
 * The servers of the selected decisions, in the order shown.
 *
 * Returns: (transfer full) (array zero-terminated=1): the servers, as "host:port"
 */
CV_EXPORT
char         **cv_trust_window_dup_selected_servers (CvTrustWindow *self);

/**
 * cv_trust_window_check:
 * @self: a #CvTrustWindow
 * @selected_only: %TRUE to check the selected decisions (Check Now), %FALSE for
 *   all (Check All)
 *
 * Probes the servers of the decisions again, a few at a time, and shows in the
 * Status column what each serves now compared with its decision. Nothing happens
 * while the store is read or written, or a check is under way. A check changes no
 * decision.
 */
CV_EXPORT
void           cv_trust_window_check             (CvTrustWindow *self,
                                                  gboolean       selected_only);

/**
 * cv_trust_window_cancel_check:
 * @self: a #CvTrustWindow
 *
 * Stops the check under way; its servers not checked yet show as not checked.
 */
CV_EXPORT
void           cv_trust_window_cancel_check      (CvTrustWindow *self);

/**
 * cv_trust_window_is_checking:
 * @self: a #CvTrustWindow
 *
 * Whether a check is under way; see #CvTrustWindow:checking.
 *
 * Returns: %TRUE while checking
 */
CV_EXPORT
gboolean       cv_trust_window_is_checking       (CvTrustWindow *self);

/**
 * cv_trust_window_get_result:
 * @self: a #CvTrustWindow
 * @server: a server, as "host:port"
 *
 * What the last check of @server found.
 *
 * Returns: (transfer none) (nullable): the result, or %NULL when @server has not
 *   been checked (or its check was cancelled)
 */
CV_EXPORT
CvTrustWatchResult *cv_trust_window_get_result   (CvTrustWindow *self,
                                                  const char    *server);

G_END_DECLS
