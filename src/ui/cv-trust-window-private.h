/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside the Saved Decisions window: cv-trust-window.c is the widget and its
 * state; cv-trust-window-load.c reading the store on a worker and taking in
 * what was read; cv-trust-window-view.c the text of a decision in the list's
 * cells and on the details page; cv-trust-window-remove.c removing decisions
 * and putting them back (Undo); cv-trust-window-actions.c the actions and their
 * keys; cv-trust-window-follow.c reading the store again when another program
 * or window changes it; cv-trust-window-selection.c the selection and the focus
 * in the list, kept when rows are replaced; cv-trust-window-rows.c a long
 * list's rows over several frames, and over several iterations when the window
 * closes; cv-trust-window-check.c and
 * cv-trust-window-status.c checking servers again and showing what was found.
 */
#pragma once

#include "cv-trust-window.h"

#include "cv-list-rows.h"
#include "cv-object-list.h"
#include "cv-trust-entry.h"
#include "cv-trust-store.h"
#include "cv-trust-watch.h"

G_BEGIN_DECLS

struct _CvTrustWindow
{
  GtkWindow          parent_instance;

  char              *store_path;
  /* Touched by a worker while one runs (busy), and by nobody else then */
  CvTrustStore      *store;
  /* The decisions, in the store's order: one array (cv-object-list.h) */
  CvObjectList      *entries;
  /* The entries in the order the column view's sorter gives */
  GtkSortListModel  *sorted;
  /* The sorted entries that have rows: when a long list first comes, they come a
   * few per frame (cv-trust-window-rows.c) */
  CvListRows         rows;
  GtkMultiSelection *selection;
  /* The decision the details page shows */
  CvTrustEntry      *details_entry;
  /* The window it is transient for, whose destruction it follows */
  GtkWindow         *watched_parent;
  GtkWindow         *shortcuts;       /* weak: the Keyboard Shortcuts window */
  GtkLabel          *copied_label;
  char             **reload_selection;  /* the servers selected when F5 was pressed */
  gboolean           reload_in_list;
  guint              copied_timeout_id;
  /* Closing: the window is hidden, and destroyed once its rows are gone */
  guint              close_id;
  /* What the last removal took out of the store, for Undo; NULL when there is
   * nothing to undo */
  GPtrArray         *undo_entries;

  /* The current load or removal */
  GCancellable      *cancellable;
  guint              busy : 1;
  guint              loaded : 1;
  /* The keyboard was given its first place, after the first load */
  guint              focus_placed : 1;
  /* The last read of the store failed: its empty state is no "none saved" */
  guint              read_failed : 1;
  /* A Tab press is moving the focus */
  guint              tabbing : 1;

  /* Check All and Check Now (cv-trust-window-check.c): the check under way */
  CvTrustWatch      *watch;
  GCancellable      *check_cancellable;
  guint              check_total;
  guint              check_done;
  guint              checking : 1;
  /* Closed during a check: hidden until it is done, then destroyed */
  guint              close_when_checked : 1;
  /* "host:port" → CvTrustWatchResult: what the checks found, the last for each */
  GHashTable        *results;
  /* "host:port" of the check under way that are not done yet */
  GHashTable        *pending;
  /* "host:port" → the GtkListItem of its Status cell, and of its Expires cell,
   * while bound */
  GHashTable        *status_cells;
  GHashTable        *expires_cells;
  /* The Status and Expires columns' (owned by the columns) */
  GtkSorter         *status_sorter;
  GtkSorter         *expiry_sorter;
  /* The order the Sort menu marks (cv-trust-window-actions.c): "server", "status",
   * "expires", or "" when the headers sorted the list in none of them */
  const char        *sort_order;
  /* The column view's sorter changed since sort_order was last known right */
  gboolean           sort_order_stale;
  /* The statuses (1 << CvTrustWatchStatus) shown so far: the column fits them */
  guint              statuses_shown;
  /* Whether the Expires column has room for "(expired)" */
  gboolean           expires_fits_expired;
  /* While a whole reading goes in: whether any of it has expired, found on the
   * worker (-1 when the entries must be looked at, as after a check) */
  int                loaded_expired;
  /* Servers to select once the store is read */
  char             **select_pending;

  /* Following the store (cv-trust-window-follow.c): its folder's monitor, its
   * path, folder and name, the wait for a burst of writes to end, the read under
   * way */
  GFileMonitor      *follow_monitor;
  char              *follow_path;
  char              *follow_folder;
  char              *follow_name;
  guint              follow_source;
  /* When the first change of the burst being waited out came */
  gint64             follow_first;
  GCancellable      *follow_cancellable;
  /* The store changed during a load or removal: read it again after */
  guint              follow_pending : 1;
  /* The last read failed and is being tried again */
  guint              follow_retried : 1;

  /* Template widgets */
  GtkWidget         *back_button;
  GtkRevealer       *banner_revealer;
  GtkLabel          *banner_title;
  GtkLabel          *banner_body;
  GtkLabel          *empty_title;
  GtkLabel          *empty_body;
  GtkWidget         *empty_command;
  GtkRevealer       *undo_revealer;
  GtkLabel          *undo_label;
  GtkWidget         *undo_button;
  GtkStack          *stack;
  GtkSpinner        *spinner;
  GtkColumnView     *column_view;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *decision_column;
  GtkColumnViewColumn *expires_column;
  GtkMenuButton     *sort_button;
  GtkRevealer       *check_revealer;
  GtkLabel          *check_label;
  GtkProgressBar    *check_progress;
  GtkLabel          *status_value;
  GtkLabel          *count_label;
  GtkWidget         *details_button;
  GtkWidget         *remove_button;
  GtkLabel          *server_value;
  GtkLabel          *decision_value;
  GtkLabel          *names_value;
  GtkLabel          *accepted_key;
  GtkLabel          *accepted_value;
  GtkLabel          *subject_value;
  GtkLabel          *issuer_value;
  GtkLabel          *expires_value;
  GtkLabel          *created_value;
  GtkLabel          *last_seen_value;
  GtkLabel          *fingerprint_value;
  GtkLabel          *pin_value;
  /* The titles of the details' values, which name them for screen readers */
  GtkLabel          *server_key;
  GtkLabel          *decision_key;
  GtkLabel          *names_key;
  GtkLabel          *subject_key;
  GtkLabel          *issuer_key;
  GtkLabel          *expires_key;
  GtkLabel          *created_key;
  GtkLabel          *last_seen_key;
  GtkLabel          *fingerprint_key;
  GtkLabel          *pin_key;
  GtkLabel          *status_key;
};

/* cv-trust-window.c */
gboolean cv_trust_window_on_details_page   (CvTrustWindow  *self);
/* Enables the actions as the page, the selection and a run allow */
void     cv_trust_window_update_actions    (CvTrustWindow  *self);
/* Shows the list, or the empty state, unless the details page is up */
void     cv_trust_window_update_page       (CvTrustWindow  *self);
void     cv_trust_window_set_busy          (CvTrustWindow  *self,
                                            gboolean        busy);
/* The error banner under the title bar */
void     cv_trust_window_show_error        (CvTrustWindow  *self,
                                            const char     *title,
                                            const char     *message);
void     cv_trust_window_hide_error        (CvTrustWindow  *self);
/* Cancels the load or removal under way, whose callback then does nothing */
void     cv_trust_window_cancel_run        (CvTrustWindow  *self);

/* cv-trust-window-view.c */
/* The position of the item that @row (a row of the list, or a widget in it)
 * shows, or GTK_INVALID_LIST_POSITION */
guint    cv_trust_window_position_of_row (GtkWidget *row);
/* Names @row, which shows @entry, for screen readers: its server, its decision
 * and, once checked, its status and why */
void     cv_trust_window_name_row          (CvTrustWindow  *self,
                                            GtkWidget      *row,
                                            CvTrustEntry   *entry);

void     cv_trust_window_show_list         (CvTrustWindow  *self);
/* The details page for @entry */
void     cv_trust_window_show_entry        (CvTrustWindow  *self,
                                            CvTrustEntry   *entry);
/* Its values alone, the page and the focus left as they are */
void     cv_trust_window_fill_details      (CvTrustWindow  *self,
                                            CvTrustEntry   *entry);
/* The end of validity shown for @entry: the certificate served at the last
 * check when it has the decision's key, else the one decided on */
gint64   cv_trust_window_shown_not_after   (CvTrustWindow  *self,
                                            CvTrustEntry   *entry);
/* Shows again the Expires cell and details of the server @key, after a check */
void     cv_trust_window_show_expiry       (CvTrustWindow  *self,
                                            const char     *key);
/* Binds the template callbacks of the list's cells */
void     cv_trust_window_class_bind_cells  (GtkWidgetClass *widget_class);
/* The Status and Expires columns as wide as what they show in the current
 * language and font (cv-trust-window-view.c, cv-trust-window-status.c) */
void     cv_trust_window_fit_columns       (CvTrustWindow  *self);
/* The Expires column again, for the @added entries at @position; @all: they are
 * all there are */
void     cv_trust_window_fit_to_entries    (CvTrustWindow  *self,
                                            guint           position,
                                            guint           added,
                                            gboolean        all);
/* The same when it is known already whether any of the entries shown has expired */
void     cv_trust_window_fit_expires       (CvTrustWindow  *self,
                                            gboolean        any_expired);
void     cv_trust_window_fit_status_column (CvTrustWindow  *self);
void     cv_trust_window_fit_column        (CvTrustWindow       *self,
                                            GtkColumnViewColumn *column,
                                            int                  content_width);
/* @text's width in pixels in the list's font, or its bold */
int      cv_trust_window_text_width        (CvTrustWindow  *self,
                                            const char     *text,
                                            gboolean        bold);

/* cv-trust-window-remove.c */
/* The store's order, which the list keeps: by host, then port (SQLite compares
 * the bytes, as strcmp()); a GCompareDataFunc of two CvTrustEntry */
int      cv_trust_window_compare_servers   (gconstpointer   a,
                                            gconstpointer   b,
                                            gpointer        user_data);
/* The position in the list (which is in the store's order) of the decision for
 * @entry's server, found by halving; G_MAXUINT for none */
guint    cv_trust_window_find_server       (CvTrustWindow  *self,
                                            CvTrustEntry   *entry);
/* Removes @entries (CvTrustEntry; transfer full) from the store on a worker, and
 * then from the list; offers Undo for what it took out */
void     cv_trust_window_remove_entries    (CvTrustWindow  *self,
                                            GPtrArray      *entries);
/* Puts back what the last removal took out, on a worker; nothing while busy or
 * with nothing to undo */
void     cv_trust_window_undo              (CvTrustWindow  *self);
/* Hides the notice of the last removal, and with it Undo */
void     cv_trust_window_hide_undo         (CvTrustWindow  *self);

/* cv-trust-window-check.c */
void     cv_trust_window_init_check        (CvTrustWindow  *self);
void     cv_trust_window_dispose_check     (CvTrustWindow  *self);
/* The check bar's callbacks, for the template */
void     cv_trust_window_class_bind_check  (GtkWidgetClass *widget_class);
/* Checks @entries (CvTrustEntry) again; FALSE when a check or another run is under
 * way, or there is nothing to check */
gboolean cv_trust_window_start_check       (CvTrustWindow  *self,
                                            GPtrArray      *entries);
/* The details' Last Seen, from the entry shown */
void     cv_trust_window_show_last_seen    (CvTrustWindow  *self);
/* Forgets what a check found for the decisions added at @position that are not
 * the ones it checked: a decision replaced elsewhere is not checked yet */
void     cv_trust_window_drop_stale_results (CvTrustWindow *self,
                                             guint          position,
                                             guint          added);

/* cv-trust-window-status.c */
/* The Status column's cells and sorters, the style they use */
void     cv_trust_window_init_status       (CvTrustWindow  *self);
void     cv_trust_window_dispose_status    (CvTrustWindow  *self);
/* The row of @key again, if it is on screen, and the details page if it shows it */
void     cv_trust_window_show_status       (CvTrustWindow  *self,
                                            const char     *key);
/* The status of the decision on the details page */
void     cv_trust_window_show_details_status (CvTrustWindow *self);
/* The status of @key's decision in words, NULL before a check; @description gets
 * why, and that it needs action when it does */
char    *cv_trust_window_dup_status_words  (CvTrustWindow  *self,
                                            const char     *key,
                                            char          **description);
void     cv_trust_window_class_bind_status_cells (GtkWidgetClass *widget_class);

/* cv-trust-window-follow.c */
/* Starts following the store's file */
void     cv_trust_window_init_follow       (CvTrustWindow  *self);
void     cv_trust_window_dispose_follow    (CvTrustWindow  *self);
/* A load or removal ended: reads the store again if it changed meanwhile */
void     cv_trust_window_follow_after_run  (CvTrustWindow  *self);
/* Cancels a read of the store begun by a change */
void     cv_trust_window_stop_follow_read  (CvTrustWindow  *self);

/* cv-trust-window-rows.c */
void     cv_trust_window_init_rows         (CvTrustWindow  *self);
/* Before @n_coming entries read from the store go into the list; @reselecting:
 * servers selected before are to be selected again */
void     cv_trust_window_fill_rows         (CvTrustWindow  *self,
                                            guint           n_coming,
                                            gboolean        reselecting);
/* Every sorted entry in the list now, laid out, if its rows are still coming */
void     cv_trust_window_show_all_rows     (CvTrustWindow  *self);
/* The rows laid out now, where the list is, so that a row can be scrolled to by
 * its position */
void     cv_trust_window_lay_out_rows      (CvTrustWindow  *self);
/* For ::close-request: a long list hides the window at once and takes its rows
 * down over several main-loop iterations before the window is destroyed (TRUE);
 * FALSE when it has few enough to go with the window */
gboolean cv_trust_window_close_rows_first  (CvTrustWindow  *self);

/* cv-trust-window-selection.c */
guint    cv_trust_window_n_selected        (CvTrustWindow  *self);
/* The count under the list: "N saved decisions, M selected" */
void     cv_trust_window_update_count      (CvTrustWindow  *self);
/* Whether the focus is in the list */
gboolean cv_trust_window_list_has_focus    (CvTrustWindow  *self);
/* Gives the keyboard to the first selected row, which is scrolled to: what
 * Delete then removes is where the focus is */
void     cv_trust_window_focus_selected    (CvTrustWindow      *self);
/* The keyboard on the row at @position of the list as shown, scrolled to; the
 * selection stays as it is */
void     cv_trust_window_focus_position    (CvTrustWindow      *self,
                                            guint               position);
/* After rows were replaced: selects exactly the listed decisions of the servers
 * @keys ("host:port"), and gives the list the focus again if it @had_focus and a
 * replaced row took it along */
void     cv_trust_window_reselect          (CvTrustWindow      *self,
                                            const char * const *keys,
                                            gboolean            had_focus);
/* Selects the servers cv_trust_window_select_servers() asked for, once the store
 * is read */
void     cv_trust_window_apply_pending_selection (CvTrustWindow *self);

/* cv-trust-window-actions.c */
/* Installs the window's actions and their keys */
void     cv_trust_window_class_add_actions (GtkWidgetClass *widget_class);
/* The list's keys (cv-trust-window-actions.c), and the Sort menu's marks */
void     cv_trust_window_init_keys         (CvTrustWindow  *self);
/* Sorts the list as the Sort menu's item @order does: "server" (the store's own
 * order), "status" (most urgent first) or "expires" (soonest first); any other
 * value changes nothing */
void     cv_trust_window_sort_by           (CvTrustWindow  *self,
                                            const char     *order);

G_END_DECLS
