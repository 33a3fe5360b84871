/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-column-view.h"
#include "cv-test-ui.h"
#include "cv-test-util.h"
#include "cv-tooltip.h"
#include "cv-trust-entry.h"
#include "cv-trust-store.h"
#include "cv-trust-window.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <unistd.h>

#define WAIT_SECONDS 30

/* Midday UTC, so that the local date is the same in every time zone we run in */
#define JAN_15_2030 G_GINT64_CONSTANT (1894708800)
#define MAR_1_2021  G_GINT64_CONSTANT (1614600000)

/* fontconfig keeps its configuration for the life of the process; everything of
 * ours is checked with g_assert_finalize_object() and LeakSanitizer */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("certview-trust-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "trust.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cv_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Four decisions; the store lists them sorted by host and port */
static const struct
{
  const char      *host;
  guint16          port;
  CvTrustDecision  decision;
  gint64           not_after;
} decisions[] = {
  { "backup.example.net", 990, CV_TRUST_DECISION_TRUST, JAN_15_2030 },
  { "files.example.com", 21, CV_TRUST_DECISION_TRUST, JAN_15_2030 },
  { "legacy.example.org", 21, CV_TRUST_DECISION_REJECT, MAR_1_2021 },
  { "upload.example.com", 2121, CV_TRUST_DECISION_TRUST, JAN_15_2030 },
};

static CvTrustEntry *
make_entry (guint i)
{
  g_autofree char *sha256 = g_strdup_printf ("%02x:aa:bb:cc", i);
  g_autofree char *pin = g_strdup_printf ("sha256//key%u=", i);
  g_autofree char *subject = g_strdup_printf ("CN=%s", decisions[i].host);

  return cv_test_entry_new (decisions[i].host, decisions[i].port, decisions[i].decision,
                            sha256, pin, subject, "CN=Example CA,O=Example",
                            decisions[i].not_after, MAR_1_2021, MAR_1_2021 + 3600);
}

static void
fill_store (const char *path)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);

  for (guint i = 0; i < G_N_ELEMENTS (decisions); i++)
    {
      g_autoptr(CvTrustEntry) entry = make_entry (i);
      g_autoptr(GError) error = NULL;

      g_assert_true (cv_trust_store_save (store, entry, &error));
      g_assert_no_error (error);
    }
}

/* The keys in the file, as a fresh store reads them: "a:1 b:2" */
static char *
dup_stored_keys (const char *path)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_no_error (error);
  entries = cv_trust_store_list (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    g_string_append_printf (keys, "%s%s", i > 0 ? " " : "",
                            cv_trust_entry_get_key (entries->pdata[i]));
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

/* The same of the window's list */
static char *
dup_shown_keys (CvTrustWindow *window)
{
  GListModel *entries = cv_trust_window_get_entries (window);
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (entries, i);

      g_string_append_printf (keys, "%s%s", i > 0 ? " " : "", cv_trust_entry_get_key (entry));
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main context until the window has read or written the store; returns
 * the longest the main context went without an iteration, in microseconds */
static gboolean
is_busy (gpointer window)
{
  return cv_trust_window_is_busy (window);
}

static gint64
wait_idle (CvTrustWindow *window)
{
  return cv_test_spin_while (window, is_busy, WAIT_SECONDS);
}

static CvTrustWindow *
open_window (const char *path)
{
  CvTrustWindow *window = g_object_ref (cv_trust_window_new (NULL, path));

  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  return window;
}

static void
close_window (CvTrustWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

static GObject *
child (CvTrustWindow *window,
       const char    *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window),
                                                   CV_TYPE_TRUST_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
label_text (CvTrustWindow *window,
            const char    *name)
{
  return gtk_label_get_text (GTK_LABEL (child (window, name)));
}

/* The texts of the mapped labels below @widget, one a line, in widget order */
static void
append_cell_texts (GtkWidget *widget,
                   GString   *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    append_cell_texts (c, texts);
}

/* Does a label below @widget say @text, or @text and more when @whole is FALSE? */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text,
            gboolean    whole)
{
  g_autoptr(GString) texts = g_string_new ("\n");
  g_autofree char *needle = g_strdup_printf (whole ? "\n%s\n" : "%s", text);

  append_cell_texts (widget, texts);
  return strstr (texts->str, needle) != NULL;
}

/* Does a cell of the list say @line? */
static gboolean
shows_line (CvTrustWindow *window,
            const char    *line)
{
  return shows_text (GTK_WIDGET (child (window, "column_view")), line, TRUE);
}

/* A button follows its action's state */
static gboolean
action_enabled (CvTrustWindow *window,
                const char    *button)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (child (window, button)));
}

/* Is the notice under the title bar shown? */
static gboolean
notice_shown (CvTrustWindow *window)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (child (window, "undo_revealer")));
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  CvTrustWindow *window;
  g_autofree char *keys = NULL;
  g_autofree char *banner = NULL;

  fill_store (fixture->path);
  window = open_window (fixture->path);

  g_assert_true (GTK_IS_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Saved Decisions");
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "list");
  /* Finding: the keyboard started on the Sort button, which GTK gave it while the
   * list was loading; it starts in the list */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    GtkWidget *list = GTK_WIDGET (child (window, "column_view"));

    g_test_message ("focus on opening: %s", focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "none");
    g_assert_nonnull (focus);
    g_assert_true (focus == list || gtk_widget_is_ancestor (focus, list));
  }
  banner = cv_trust_window_dup_error_text (window);
  g_assert_cmpstr (banner, ==, "");

  keys = dup_shown_keys (window);
  g_assert_cmpstr (keys, ==, "backup.example.net:990 files.example.com:21 "
                             "legacy.example.org:21 upload.example.com:2121");
  g_assert_cmpstr (label_text (window, "count_label"), ==, "4 saved decisions");

  /* What the cells say */
  g_assert_true (shows_line (window, "files.example.com:21"));
  g_assert_true (shows_line (window, "upload.example.com:2121"));
  g_assert_true (shows_line (window, "Always trust"));
  g_assert_true (shows_line (window, "Always reject"));
  g_assert_true (shows_line (window, "15 Jan 2030"));
  g_assert_true (shows_line (window, "1 Mar 2021 (expired)"));

  /* Nothing selected: nothing to remove or show */
  g_assert_false (action_enabled (window, "remove_button"));
  g_assert_false (action_enabled (window, "details_button"));
  gtk_selection_model_select_item (cv_trust_window_get_selection (window), 1, TRUE);
  g_assert_true (action_enabled (window, "remove_button"));
  g_assert_true (action_enabled (window, "details_button"));
  g_assert_cmpstr (label_text (window, "count_label"), ==, "4 saved decisions, 1 selected");

  close_window (window);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  GtkSelectionModel *selection;
  CvTrustWindow *window;
  g_autofree char *shown = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *banner = NULL;

  fill_store (fixture->path);
  window = open_window (fixture->path);
  selection = cv_trust_window_get_selection (window);

  /* Two of the four, not next to each other, with the keyboard on Remove */
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (child (window, "remove_button"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);
  /* Finding: Remove, off once nothing is selected, took the keyboard along and
   * left it nowhere; the list has it again */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    GtkWidget *list = GTK_WIDGET (child (window, "column_view"));

    g_assert_nonnull (focus);
    g_assert_true (focus == list || gtk_widget_is_ancestor (focus, list));
  }

  shown = dup_shown_keys (window);
  g_assert_cmpstr (shown, ==, "files.example.com:21 upload.example.com:2121");
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, "files.example.com:21 upload.example.com:2121");
  /* Nothing is selected: the next Delete removes nothing the user did not choose */
  g_assert_cmpstr (label_text (window, "count_label"), ==, "2 saved decisions");
  g_assert_false (gtk_selection_model_is_selected (selection, 0));
  g_assert_false (action_enabled (window, "remove_button"));
  g_assert_false (shows_line (window, "Always reject"));
  /* And the notice offers to undo it */
  g_assert_true (notice_shown (window));
  g_assert_cmpstr (label_text (window, "undo_label"), ==, "Removed 2 saved decisions");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (window, "undo_button"))));
  g_assert_true (action_enabled (window, "undo_button"));
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "list");

  /* All that is left: the empty state says how decisions get saved */
  gtk_selection_model_select_all (selection);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);

  g_clear_pointer (&stored, g_free);
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (cv_trust_window_get_entries (window)), ==, 0);
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "empty");
  /* With no list left, Undo has the keyboard */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) ==
                 GTK_WIDGET (child (window, "undo_button")));
  g_assert_true (shows_text (GTK_WIDGET (window), "No Saved Decisions", TRUE));
  g_assert_true (shows_text (GTK_WIDGET (window), "Always Trust", FALSE));
  g_assert_true (shows_text (GTK_WIDGET (window), "--fingerprint", FALSE));
  banner = cv_trust_window_dup_error_text (window);
  g_assert_cmpstr (banner, ==, "");

  close_window (window);
}

static void
test_removed_elsewhere (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CvTrustStore) other = NULL;
  g_autoptr(CvTrustEntry) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *banner = NULL;
  CvTrustWindow *window;

  fill_store (fixture->path);
  window = open_window (fixture->path);

  /* Meanwhile another program forgets one and saves a new one */
  other = cv_trust_store_new (fixture->path);
  g_assert_true (cv_trust_store_forget (other, "files.example.com", 21, &error));
  g_assert_no_error (error);
  added = cv_test_entry_new ("new.example.com", 21, CV_TRUST_DECISION_TRUST, "01:02",
                             "sha256//new=", "CN=new", "CN=CA", JAN_15_2030, MAR_1_2021,
                             MAR_1_2021);
  g_assert_true (cv_trust_store_save (other, added, &error));
  g_assert_no_error (error);

  /* Removing it here too is no error, and the new one stays */
  gtk_selection_model_select_item (cv_trust_window_get_selection (window), 1, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);

  banner = cv_trust_window_dup_error_text (window);
  g_assert_cmpstr (banner, ==, "");
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, "backup.example.net:990 legacy.example.org:21 "
                               "new.example.com:21 upload.example.com:2121");

  close_window (window);
}

/* Spins the main context until @done says so for the window */
static void
wait_until (CvTrustWindow *window,
            gboolean     (*done) (CvTrustWindow *window, gconstpointer data),
            gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  /* Wakes the loop, so that the deadline is looked at when nothing happens */
  guint tick = g_timeout_add (10, tick_cb, NULL);

  while (!done (window, data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  wait_idle (window);
}

static gboolean
shows_keys (CvTrustWindow *window,
            gconstpointer  keys)
{
  g_autofree char *shown = dup_shown_keys (window);

  return g_str_equal (shown, keys);
}

static gboolean
shows_decision (CvTrustWindow *window,
                gconstpointer  decision)
{
  return g_str_equal (label_text (window, "decision_value"), decision);
}

static gboolean
on_list_page (CvTrustWindow *window,
              gconstpointer  data)
{
  return g_str_equal (cv_trust_window_get_page (window), "list");
}

/* @i's decision saved again by another program: the other decision, another key */
static void
save_elsewhere (CvTrustStore *other,
                guint         i)
{
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = cv_test_entry_new (decisions[i].host, decisions[i].port,
                             decisions[i].decision == CV_TRUST_DECISION_TRUST
                               ? CV_TRUST_DECISION_REJECT : CV_TRUST_DECISION_TRUST,
                             "ee:ee", "sha256//other=", "CN=other", "CN=Other CA",
                             JAN_15_2030, MAR_1_2021 + 7200, MAR_1_2021 + 7200);
  g_assert_true (cv_trust_store_save (other, entry, &error));
  g_assert_no_error (error);
}

static void
test_follows_store (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CvTrustStore) other = NULL;
  g_autoptr(CvTrustEntry) added = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) selected = NULL;
  g_autofree char *banner = NULL;
  GtkSelectionModel *selection;
  GtkWidget *focus;
  CvTrustWindow *window;

  fill_store (fixture->path);
  window = open_window (fixture->path);
  selection = cv_trust_window_get_selection (window);
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 3, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (child (window, "column_view")));

  /* Another program forgets one, saves a new one and changes the first */
  other = cv_trust_store_new (fixture->path);
  g_assert_true (cv_trust_store_forget (other, "files.example.com", 21, &error));
  g_assert_no_error (error);
  added = cv_test_entry_new ("new.example.com", 21, CV_TRUST_DECISION_TRUST, "01:02",
                             "sha256//new=", "CN=new", "CN=CA", JAN_15_2030, MAR_1_2021,
                             MAR_1_2021);
  g_assert_true (cv_trust_store_save (other, added, &error));
  g_assert_no_error (error);
  save_elsewhere (other, 0);

  /* The list follows, and what was selected and focused stays so */
  wait_until (window, shows_keys, "backup.example.net:990 legacy.example.org:21 "
                                  "new.example.com:21 upload.example.com:2121");
  selected = cv_trust_window_dup_selected_servers (window);
  g_assert_cmpstrv (selected, ((const char *[]) { "backup.example.net:990",
                                                  "upload.example.com:2121", NULL }));
  /* The row with the focus may be another widget now: the focus stays in the list */
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (child (window, "column_view"))));
  g_assert_cmpstr (label_text (window, "count_label"), ==, "4 saved decisions, 2 selected");
  g_assert_true (shows_line (window, "new.example.com:21"));
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "list");
  banner = cv_trust_window_dup_error_text (window);
  g_assert_cmpstr (banner, ==, "");

  /* The details page follows the decision it shows, without taking the focus */
  g_signal_emit_by_name (child (window, "column_view"), "activate", 1);
  g_assert_cmpstr (label_text (window, "server_value"), ==, "legacy.example.org:21");
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_cmpstr (label_text (window, "decision_value"), ==, "Always reject");
  save_elsewhere (other, 2);
  wait_until (window, shows_decision, "Always trust");
  {
    g_autofree char *expected = cv_test_fingerprint ("ee:ee");

    g_assert_cmpstr (label_text (window, "fingerprint_value"), ==, expected);
  }
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "details");
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == focus);

  /* And says so when it is forgotten */
  g_assert_true (cv_trust_store_forget (other, "legacy.example.org", 21, &error));
  g_assert_no_error (error);
  wait_until (window, on_list_page, NULL);
  g_clear_pointer (&banner, g_free);
  banner = cv_trust_window_dup_error_text (window);
  g_assert_cmpstr (banner, ==, "Decision Removed\nThe decision for legacy.example.org:21 was "
                               "removed by another program or window.");

  close_window (window);
}

/* No store yet, nor its folder: the first decision saved elsewhere shows */
static void
test_follows_new_store (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "not-yet", "trust.db", NULL);
  g_autoptr(CvTrustStore) other = NULL;
  g_autoptr(CvTrustEntry) entry = make_entry (1);
  g_autoptr(GError) error = NULL;
  CvTrustWindow *window;

  window = open_window (path);
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "empty");

  other = cv_trust_store_new (path);
  g_assert_true (cv_trust_store_save (other, entry, &error));
  g_assert_no_error (error);
  wait_until (window, shows_keys, "files.example.com:21");
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "list");

  close_window (window);
}

static CvTrustEntry *
numbered_entry (guint i)
{
  g_autofree char *host = g_strdup_printf ("h%04u.example.com", i);
  g_autofree char *sha256 = g_strdup_printf ("%02x:%02x", i / 256, i % 256);

  return cv_test_entry_new (host, 21, CV_TRUST_DECISION_TRUST, sha256, "sha256//n=", "CN=n",
                            "CN=CA", JAN_15_2030, MAR_1_2021, MAR_1_2021);
}

static gboolean
shows_count (CvTrustWindow *window,
             gconstpointer  count)
{
  return g_list_model_get_n_items (cv_trust_window_get_entries (window)) ==
         GPOINTER_TO_UINT (count);
}

/* Another program saves many decisions, each between two already listed, one
 * at a time: the list follows while it writes, and takes them in whole */
static void
test_follows_many_changes (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) selected = NULL;
  CvTrustWindow *window;

  for (guint i = 0; i < 400; i += 2)
    {
      g_autoptr(CvTrustEntry) entry = numbered_entry (i);

      g_assert_true (cv_trust_store_save (store, entry, &error));
      g_assert_no_error (error);
    }
  window = open_window (fixture->path);
  gtk_selection_model_select_item (cv_trust_window_get_selection (window), 100, TRUE);

  for (guint i = 1; i < 400; i += 2)
    {
      g_autoptr(CvTrustEntry) entry = numbered_entry (i);

      g_assert_true (cv_trust_store_save (store, entry, &error));
      g_assert_no_error (error);
      /* A few writes a frame, as a busy program would */
      if (i % 40 == 1)
        for (guint k = 0; k < 10; k++)
          g_main_context_iteration (NULL, FALSE);
    }
  wait_until (window, shows_count, GUINT_TO_POINTER (400));

  selected = cv_trust_window_dup_selected_servers (window);
  g_assert_cmpstrv (selected, ((const char *[]) { "h0200.example.com:21", NULL }));
  close_window (window);
}

/* The window names the store through a link: the folder it leads to is followed */
static void
test_follows_link (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *real_dir = g_build_filename (fixture->dir, "real", NULL);
  g_autofree char *link_dir = g_build_filename (fixture->dir, "link", NULL);
  g_autofree char *real = g_build_filename (real_dir, "trust.db", NULL);
  g_autofree char *link = g_build_filename (link_dir, "trust.db", NULL);
  g_autoptr(CvTrustStore) other = NULL;
  g_autoptr(GError) error = NULL;
  CvTrustWindow *window;

  g_assert_cmpint (g_mkdir (real_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (link_dir, 0700), ==, 0);
  fill_store (real);
  g_assert_cmpint (symlink (real, link), ==, 0);
  window = open_window (link);
  g_assert_true (shows_keys (window, "backup.example.net:990 files.example.com:21 "
                                     "legacy.example.org:21 upload.example.com:2121"));

  other = cv_trust_store_new (real);
  g_assert_true (cv_trust_store_forget (other, "files.example.com", 21, &error));
  g_assert_no_error (error);
  wait_until (window, shows_keys, "backup.example.net:990 legacy.example.org:21 "
                                  "upload.example.com:2121");
  close_window (window);
}

static void
test_details (Fixture       *fixture,
              gconstpointer  data)
{
  CvTrustWindow *window;
  g_autofree char *stored = NULL;

  fill_store (fixture->path);
  window = open_window (fixture->path);

  /* Enter or a double click on a row */
  g_signal_emit_by_name (child (window, "column_view"), "activate", 2);
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "details");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (window, "back_button"))));
  g_assert_cmpstr (label_text (window, "server_value"), ==, "legacy.example.org:21");
  g_assert_cmpstr (label_text (window, "decision_value"), ==, "Always reject");
  /* Saved by the older API: its host alone, and no record of what was accepted */
  g_assert_cmpstr (label_text (window, "names_value"), ==, "None: this server’s name only");
  g_assert_cmpstr (label_text (window, "accepted_value"), ==, "Not recorded");
  g_assert_cmpstr (label_text (window, "subject_value"), ==, "CN=legacy.example.org");
  g_assert_cmpstr (label_text (window, "issuer_value"), ==, "CN=Example CA,O=Example");
  {
    g_autofree char *expected = cv_test_fingerprint ("02:aa:bb:cc");

    g_assert_cmpstr (label_text (window, "fingerprint_value"), ==, expected);
  }
  {
    g_autofree char *expected = cv_test_pin ("sha256//key2=");

    g_assert_cmpstr (label_text (window, "pin_value"), ==, expected);
  }
  g_assert_nonnull (strstr (label_text (window, "expires_value"), "2021"));
  g_assert_nonnull (strstr (label_text (window, "expires_value"), "(expired)"));
  g_assert_nonnull (strstr (label_text (window, "created_value"), "1 Mar 2021"));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (child (window, "fingerprint_value"))));
  /* Finding: a screen reader said each value before its title ("Always reject
   * Decision"); each is named title first */
  {
    static const char *names[] = { "server", "status", "decision", "names", "accepted",
                                   "subject", "issuer", "expires", "created", "last_seen",
                                   "fingerprint", "pin" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *key = g_strconcat (names[i], "_key", NULL);
        g_autofree char *value = g_strconcat (names[i], "_value", NULL);
        g_autofree char *expected = g_strdup_printf ("%s: %s", label_text (window, key),
                                                     label_text (window, value));

        gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (window, value)),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
      }
  }

  /* Back, and the Details button for the selected row */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.back", NULL));
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "list");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (window, "back_button"))));
  gtk_selection_model_select_item (cv_trust_window_get_selection (window), 3, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.details", NULL));
  g_assert_cmpstr (label_text (window, "server_value"), ==, "upload.example.com:2121");
  g_assert_cmpstr (label_text (window, "decision_value"), ==, "Always trust");

  /* Finding: copying said nothing, on screen or to a screen reader */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (window, "copied_label"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.copy-pin", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (window, "copied_label"))));
  g_assert_cmpstr (label_text (window, "copied_label"), ==, "Copied the public-key pin.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.copy-fingerprint",
                                             NULL));
  g_assert_cmpstr (label_text (window, "copied_label"), ==, "Copied the SHA-256 fingerprint.");

  /* Remove on the details page removes the one shown, and goes back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "list");
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, "backup.example.net:990 files.example.com:21 "
                               "legacy.example.org:21");

  close_window (window);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  /* No file yet: an empty store, and no error */
  CvTrustWindow *window = open_window (fixture->path);
  g_autofree char *banner = cv_trust_window_dup_error_text (window);

  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "empty");
  g_assert_cmpstr (banner, ==, "");
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  close_window (window);
}

static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *banner = NULL;
  CvTrustWindow *window;

  /* An SQLite header with no page size, and then nothing a database could be read
   * from */
  {
    char damaged[4096] = "SQLite format 3";

    memset (damaged + 100, 0xa5, sizeof damaged - 100);
    g_file_set_contents_full (fixture->path, damaged, sizeof damaged,
                              G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
    g_assert_no_error (error);
  }

  window = open_window (fixture->path);
  banner = cv_trust_window_dup_error_text (window);
  g_test_message ("%s", banner);
  g_assert_true (g_str_has_prefix (banner, "Could Not Read the Saved Decisions\n"));
  /* The store's own message: what is wrong, and that the file was left alone */
  g_assert_nonnull (strstr (banner, "damaged"));
  g_assert_nonnull (strstr (banner, "left as it is"));
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "empty");
  /* Finding: under the error, the page said "No Saved Decisions" */
  g_assert_cmpstr (label_text (window, "empty_title"), ==,
                   "The Saved Decisions Could Not Be Read");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (window, "empty_command"))));

  close_window (window);
}

/* Finding: a folder named as the store was called "the file", and the banner said
 * to name another file without saying how. A window given no store has it from
 * CERTVIEW_TRUST_STORE, which is then the way; one given a path leaves the way to
 * the program. */
static void
test_folder (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *folder = g_strconcat (fixture->path, ".d", NULL);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint named = 0; named < 2; named++)
    {
      g_autofree char *banner = NULL;
      CvTrustWindow *window;

      g_setenv (CV_TRUST_STORE_ENV, folder, TRUE);
      window = open_window (named ? folder : NULL);
      g_unsetenv (CV_TRUST_STORE_ENV);
      banner = cv_trust_window_dup_error_text (window);
      g_test_message ("%s", banner);
      g_assert_true (g_str_has_prefix (banner, "Could Not Read the Saved Decisions\n"));
      g_assert_nonnull (strstr (banner, "is a folder, not a file"));
      if (named)
        g_assert_true (g_str_has_suffix (banner, " Name another file."));
      else
        g_assert_true (g_str_has_suffix (banner, " To keep the saved decisions in another "
                                                 "file, set CERTVIEW_TRUST_STORE to its "
                                                 "name."));
      g_assert_cmpstr (label_text (window, "empty_body"), ==,
                       "The message above says why. Nothing was changed.");
      close_window (window);
    }
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

static void
test_unsafe (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *banner = NULL;
  CvTrustWindow *window;

  fill_store (fixture->path);
  g_assert_cmpint (g_chmod (fixture->path, 0666), ==, 0);

  window = open_window (fixture->path);
  banner = cv_trust_window_dup_error_text (window);
  g_assert_nonnull (strstr (banner, "chmod 600"));
  g_assert_cmpuint (g_list_model_get_n_items (cv_trust_window_get_entries (window)), ==, 0);

  close_window (window);
}

/* The decision saved for @host and @port, as a fresh store reads it */
static CvTrustEntry *
lookup_stored (const char *path,
               const char *host,
               guint16     port)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(GError) error = NULL;
  CvTrustEntry *entry;

  g_assert_true (cv_trust_store_load (store, &error));
  entry = cv_trust_store_lookup (store, host, port, &error);
  g_assert_no_error (error);
  return entry;
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  GtkSelectionModel *selection;
  CvTrustWindow *window;
  g_autofree char *shown = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *banner = NULL;

  fill_store (fixture->path);
  window = open_window (fixture->path);
  selection = cv_trust_window_get_selection (window);
  g_assert_false (notice_shown (window));
  g_assert_false (action_enabled (window, "undo_button"));

  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, "files.example.com:21 upload.example.com:2121");
  g_assert_true (notice_shown (window));

  /* Undo (Ctrl+Z, or the button) puts both back, in the store and in the list */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.undo", NULL));
  g_assert_true (cv_trust_window_is_busy (window));
  wait_idle (window);

  g_clear_pointer (&stored, g_free);
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, "backup.example.net:990 files.example.com:21 "
                               "legacy.example.org:21 upload.example.com:2121");
  shown = dup_shown_keys (window);
  g_assert_cmpstr (shown, ==, stored);
  g_assert_true (shows_line (window, "Always reject"));
  /* Selected again, as they were */
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  g_assert_false (gtk_selection_model_is_selected (selection, 1));
  g_assert_true (gtk_selection_model_is_selected (selection, 2));
  g_assert_cmpstr (label_text (window, "count_label"), ==, "4 saved decisions, 2 selected");
  banner = cv_trust_window_dup_error_text (window);
  g_assert_cmpstr (banner, ==, "");
  g_assert_false (notice_shown (window));
  g_assert_false (action_enabled (window, "undo_button"));

  /* The decisions themselves, dates and all, are the ones removed */
  for (guint i = 0; i < G_N_ELEMENTS (decisions); i += 2)
    {
      g_autoptr(CvTrustEntry) expected = make_entry (i);
      g_autoptr(CvTrustEntry) entry = lookup_stored (fixture->path, decisions[i].host,
                                                     decisions[i].port);

      g_assert_nonnull (entry);
      g_assert_true (cv_trust_entry_same_decision (entry, expected));
      g_assert_cmpint (cv_trust_entry_get_created (entry), ==, MAR_1_2021);
      g_assert_cmpint (cv_trust_entry_get_last_seen (entry), ==, MAR_1_2021 + 3600);
      g_assert_cmpint (cv_trust_entry_get_not_after (entry), ==, decisions[i].not_after);
    }

  close_window (window);
}

/* Finding: F5 dropped the selection, where following the store keeps it */
static void
test_reload_keeps_selection (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkSelectionModel *selection;
  CvTrustWindow *window;

  fill_store (fixture->path);
  window = open_window (fixture->path);
  selection = cv_trust_window_get_selection (window);
  gtk_selection_model_select_item (selection, 1, TRUE);
  gtk_selection_model_select_item (selection, 3, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.reload", NULL));
  wait_idle (window);
  g_assert_false (gtk_selection_model_is_selected (selection, 0));
  g_assert_true (gtk_selection_model_is_selected (selection, 1));
  g_assert_false (gtk_selection_model_is_selected (selection, 2));
  g_assert_true (gtk_selection_model_is_selected (selection, 3));
  g_assert_cmpstr (label_text (window, "count_label"), ==, "4 saved decisions, 2 selected");
  close_window (window);
}

/* Finding: Ctrl+? did nothing in this window, though the shortcuts window says
 * it works in every one. It opens the Keyboard Shortcuts at this window's page,
 * which goes with the window. */
static void
test_shortcuts (Fixture       *fixture,
                gconstpointer  data)
{
  CvTrustWindow *window;
  GtkWindow *shortcuts = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autofree char *section = NULL;

  fill_store (fixture->path);
  window = open_window (fixture->path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.show-shortcuts",
                                             NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (toplevel))
        shortcuts = GTK_WINDOW (toplevel);
    }
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  g_object_get (shortcuts, "section-name", &section, NULL);
  g_assert_cmpstr (section, ==, "decisions");
  g_object_add_weak_pointer (G_OBJECT (shortcuts), (gpointer *) &shortcuts);

  close_window (window);
  g_assert_null (shortcuts);
}

/* The position of @key in the list as shown (sorted), or G_MAXUINT */
static guint
shown_position (CvTrustWindow *window,
                const char    *key)
{
  GListModel *shown = G_LIST_MODEL (cv_trust_window_get_selection (window));

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (shown, i);

      if (g_str_equal (cv_trust_entry_get_key (entry), key))
        return i;
    }
  return G_MAXUINT;
}

/* Finding: sorted by expiry or status, Undo selected the rows at the positions
 * the decisions have in the store, which are other rows there, and the next
 * Delete removed a decision nobody had chosen. It selects the ones put back. */
static void
test_undo_sorted (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkSelectionModel *selection;
  CvTrustWindow *window;
  g_autofree char *stored = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  guint position;

  fill_store (fixture->path);
  window = open_window (fixture->path);
  selection = cv_trust_window_get_selection (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.sort-by", "s",
                                             "expires"));
  /* The expired decision first: the store's order is not the list's */
  g_assert_cmpuint (shown_position (window, "legacy.example.org:21"), ==, 0);

  position = shown_position (window, "files.example.com:21");
  gtk_selection_model_select_item (selection, position, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);
  g_assert_cmpuint (shown_position (window, "files.example.com:21"), ==, G_MAXUINT);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.undo", NULL));
  wait_idle (window);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  g_assert_cmpuint (gtk_bitset_get_nth (selected, 0), ==,
                    shown_position (window, "files.example.com:21"));

  /* Delete again removes that one, and nothing else */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, "backup.example.net:990 legacy.example.org:21 "
                               "upload.example.com:2121");

  close_window (window);
}

/* Finding: Delete, Delete, Undo put back the second decision only, and the first
 * was lost. Undo puts back every removal its notice counts. */
static void
test_undo_every_removal (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkSelectionModel *selection;
  CvTrustWindow *window;
  g_autofree char *before = NULL;
  g_autofree char *stored = NULL;

  fill_store (fixture->path);
  before = dup_stored_keys (fixture->path);
  window = open_window (fixture->path);
  selection = cv_trust_window_get_selection (window);

  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);
  g_assert_cmpstr (label_text (window, "undo_label"), ==, "Removed 1 saved decision");
  gtk_selection_model_select_item (selection, 1, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);
  g_assert_cmpstr (label_text (window, "undo_label"), ==, "Removed 2 saved decisions");
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpuint (strlen (stored), <, strlen (before));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.undo", NULL));
  wait_idle (window);
  g_clear_pointer (&stored, g_free);
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, before);
  g_assert_false (notice_shown (window));

  close_window (window);
}

/* What Tab (or Shift+Tab, @backward) does in the list: its capture-phase key
 * handler, as GTK runs it; TRUE when the key was taken */
static gboolean
press_tab_in_list (CvTrustWindow *window,
                   gboolean       backward)
{
  GtkWidget *list = GTK_WIDGET (child (window, "column_view"));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (list);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed",
                               backward ? GDK_KEY_ISO_Left_Tab : GDK_KEY_Tab, 0,
                               backward ? GDK_SHIFT_MASK : 0, &handled);
    }
  return handled;
}

static void
spin_ms (guint ms)
{
  for (gint64 until = g_get_monotonic_time () + ms * 1000; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
selection_is_empty (CvTrustWindow *window)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (cv_trust_window_get_selection (window));

  return gtk_bitset_is_empty (selected);
}

/* A Tab press as the window's capture-phase key handler sees it */
static void
press_window_tab (CvTrustWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Tab, 0, 0, &handled);
    }
}

/* Finding: Tab went from row to row; the list is one Tab stop */
static void
test_list_one_tab_stop (Fixture       *fixture,
                        gconstpointer  data)
{
  CvTrustWindow *window;
  GtkWidget *list;
  GtkWidget *focus;

  fill_store (fixture->path);
  window = open_window (fixture->path);
  list = GTK_WIDGET (child (window, "column_view"));
  g_assert_true (gtk_widget_grab_focus (list));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, list));
  /* Focus given to the list, as after a removal, selects nothing */
  spin_ms (100);
  g_assert_true (selection_is_empty (window));

  g_assert_true (press_tab_in_list (window, FALSE));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_false (focus == list || gtk_widget_is_ancestor (focus, list));
  g_assert_true (gtk_widget_get_can_focus (list));

  g_assert_true (gtk_widget_grab_focus (list));
  g_assert_true (press_tab_in_list (window, TRUE));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_false (focus == list || gtk_widget_is_ancestor (focus, list));

  /* Tab into the list selects the row it comes to, so that Details and Remove
   * act on it */
  press_window_tab (window);
  g_assert_true (gtk_widget_grab_focus (list));
  spin_ms (100);
  g_assert_false (selection_is_empty (window));
  g_assert_true (action_enabled (window, "remove_button"));

  close_window (window);
}

static void
test_second_delete (Fixture       *fixture,
                    gconstpointer  data)
{
  CvTrustWindow *window;
  g_autofree char *stored = NULL;
  g_autofree char *shown = NULL;

  fill_store (fixture->path);
  window = open_window (fixture->path);

  /* Delete, and Delete again: the second one has nothing chosen to remove */
  gtk_selection_model_select_item (cv_trust_window_get_selection (window), 1, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL);
  wait_idle (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL);
  wait_idle (window);

  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, "backup.example.net:990 legacy.example.org:21 "
                               "upload.example.com:2121");
  shown = dup_shown_keys (window);
  g_assert_cmpstr (shown, ==, stored);
  g_assert_cmpstr (label_text (window, "undo_label"), ==, "Removed 1 saved decision");

  /* Nor after a removal from the details page */
  g_signal_emit_by_name (child (window, "column_view"), "activate", 0);
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "details");
  gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL);
  wait_idle (window);
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "list");
  gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL);
  wait_idle (window);
  g_clear_pointer (&stored, g_free);
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, "legacy.example.org:21 upload.example.com:2121");

  close_window (window);
}

static void
test_undo_keeps_newer (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CvTrustStore) other = NULL;
  g_autoptr(CvTrustEntry) newer = NULL;
  g_autoptr(CvTrustEntry) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *notice = NULL;
  CvTrustWindow *window;
  GtkSelectionModel *selection;

  fill_store (fixture->path);
  window = open_window (fixture->path);
  selection = cv_trust_window_get_selection (window);

  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);

  /* Meanwhile another program decides anew for one of the two servers */
  other = cv_trust_store_new (fixture->path);
  newer = cv_test_entry_new ("files.example.com", 21, CV_TRUST_DECISION_REJECT, "ff:ee",
                             "sha256//newer=", "CN=files", "CN=Other CA", JAN_15_2030,
                             JAN_15_2030 - 3600, JAN_15_2030 - 3600);
  g_assert_true (cv_trust_store_save (other, newer, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.undo", NULL));
  wait_idle (window);

  /* The other program's decision stands; the other one is back */
  kept = lookup_stored (fixture->path, "files.example.com", 21);
  g_assert_cmpint (cv_trust_entry_get_decision (kept), ==, CV_TRUST_DECISION_REJECT);
  {
    g_autofree char *expected = cv_test_fingerprint ("ff:ee");

    g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (kept), ==, expected);
  }
  stored = dup_stored_keys (fixture->path);
  g_assert_cmpstr (stored, ==, "backup.example.net:990 files.example.com:21 "
                               "legacy.example.org:21 upload.example.com:2121");

  /* The banner says so, whole (a one-line notice cut it off at 800 pixels), with
   * nothing more to undo; the list shows what is saved */
  g_assert_false (notice_shown (window));
  notice = cv_trust_window_dup_error_text (window);
  g_test_message ("%s", notice);
  g_assert_true (g_str_has_prefix (notice, "Not Every Decision Was Restored\n"));
  g_assert_nonnull (strstr (notice, "1 saved decision could not be restored"));
  g_assert_nonnull (strstr (notice, "files.example.com:21"));
  g_assert_false (action_enabled (window, "undo_button"));
  cv_trust_window_show_details (window, 1);
  g_assert_cmpstr (label_text (window, "server_value"), ==, "files.example.com:21");
  {
    g_autofree char *expected = cv_test_fingerprint ("ff:ee");

    g_assert_cmpstr (label_text (window, "fingerprint_value"), ==, expected);
  }

  close_window (window);
}

static void
test_decision_kinds (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  const char * const names[] = { "www.example.com", "*.files.example.com", NULL };
  const char * const accepted[] = { "self-signed", "expired", "hostname-mismatch",
                                    "untrusted-issuer", "something-newer", NULL };
  const char * const none[] = { NULL };
  g_autofree char *fingerprint = cv_test_fingerprint ("aa:bb");
  g_autofree char *pin = cv_test_pin ("sha256//x=");
  CvTrustEntryFields fields = {
    .port = 21,
    .certificate_sha256 = fingerprint,
    .public_key_pin = pin,
    .subject = "CN=x",
    .issuer = "CN=y",
    .not_after = JAN_15_2030,
    .created = MAR_1_2021,
    .last_seen = MAR_1_2021,
  };
  g_autoptr(GError) error = NULL;
  CvTrustWindow *window;

  /* A kind a newer version wrote; one covering more names; one made over no problem */
  fields.host = "a.example.com";
  fields.decision = "pin-only";
  {
    g_autoptr(CvTrustEntry) entry = cv_trust_entry_new_full (&fields);

    g_assert_true (cv_trust_store_save (store, entry, &error));
    g_assert_no_error (error);
  }
  fields.host = "b.example.com";
  fields.decision = "trust";
  fields.names = names;
  fields.accepted = accepted;
  {
    g_autoptr(CvTrustEntry) entry = cv_trust_entry_new_full (&fields);

    g_assert_true (cv_trust_store_save (store, entry, &error));
    g_assert_no_error (error);
  }
  fields.host = "c.example.com";
  fields.decision = "reject";
  fields.names = NULL;
  fields.accepted = none;
  {
    g_autoptr(CvTrustEntry) entry = cv_trust_entry_new_full (&fields);

    g_assert_true (cv_trust_store_save (store, entry, &error));
    g_assert_no_error (error);
  }

  window = open_window (fixture->path);
  g_assert_true (shows_line (window, "Unknown (pin-only), from a newer version"));
  g_assert_true (shows_line (window, "Always trust"));
  g_assert_true (shows_line (window, "Always reject"));
  g_assert_false (shows_line (window, "Trusted"));

  cv_trust_window_show_details (window, 0);
  g_assert_cmpstr (label_text (window, "decision_value"), ==,
                   "Unknown (pin-only), from a newer version");

  cv_trust_window_show_details (window, 1);
  g_assert_cmpstr (label_text (window, "decision_value"), ==, "Always trust");
  g_assert_nonnull (strstr (label_text (window, "names_value"), "www.example.com"));
  g_assert_nonnull (strstr (label_text (window, "names_value"), "*.files.example.com"));
  g_assert_cmpstr (label_text (window, "accepted_key"), ==, "Accepted Problems");
  g_assert_cmpstr (label_text (window, "accepted_value"), ==,
                   "self-signed, expired, issued for another name, issuer not trusted, "
                   "something-newer");

  /* Nothing is accepted with a rejection */
  cv_trust_window_show_details (window, 2);
  g_assert_cmpstr (label_text (window, "decision_value"), ==, "Always reject");
  g_assert_cmpstr (label_text (window, "accepted_key"), ==, "Problems When Decided");
  g_assert_cmpstr (label_text (window, "accepted_value"), ==, "None: the certificate was valid");

  close_window (window);
}

static void
write_large_store (const char *path,
                   guint       n_entries)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CvTrustImport) import = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *host = g_strdup_printf ("host%06u.example.com", i);

      g_ptr_array_add (entries, cv_test_entry_new (host, 21, CV_TRUST_DECISION_TRUST,
                                                   "aa:bb", "sha256//x=", "CN=x", "CN=y",
                                                   JAN_15_2030, MAR_1_2021, MAR_1_2021));
    }

  /* One transaction */
  import = cv_trust_store_import (store, entries, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->added->len, ==, n_entries);
}

static void
test_large (Fixture       *fixture,
            gconstpointer  data)
{
  CvTrustWindow *window;
  gint64 longest;

  write_large_store (fixture->path, 100000);

  window = g_object_ref (cv_trust_window_new (NULL, fixture->path));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "loading");

  /* The window keeps drawing while the store is read */
  longest = wait_idle (window);
  g_test_message ("longest pause while loading: %" G_GINT64_FORMAT " ms", longest / 1000);
  g_assert_cmpint (longest, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (g_list_model_get_n_items (cv_trust_window_get_entries (window)), ==, 100000);
  g_assert_cmpstr (label_text (window, "count_label"), ==, "100000 saved decisions");

  close_window (window);
}

/* The rows that have widgets: what the column view sees, which the window's own
 * cv_trust_window_get_selection() would complete */
static guint
rows_shown (CvTrustWindow *window)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (child (window, "column_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (column_view)));
}

/* Until *@deadline (monotonic time) */
static gboolean
before (gpointer deadline)
{
  return g_get_monotonic_time () < *(gint64 *) deadline;
}

/* A few frames */
static void
spin_frames (void)
{
  gint64 deadline = g_get_monotonic_time () + 300 * 1000;

  cv_test_spin_while (&deadline, before, WAIT_SECONDS);
}

static gboolean
rows_coming (gpointer window)
{
  return rows_shown (window) < g_list_model_get_n_items (cv_trust_window_get_entries (window));
}

/* The window opened on @path, its list read, its rows still coming */
static CvTrustWindow *
open_while_rows_come (const char *path)
{
  CvTrustWindow *window = g_object_ref (cv_trust_window_new (NULL, path));

  gtk_window_present (GTK_WINDOW (window));
  cv_test_spin_while (window, is_busy, WAIT_SECONDS);
  g_assert_cmpuint (rows_shown (window), <, 300);
  return window;
}

/* A list of a few hundred decisions gets its rows over several frames, as GTK
 * 4.8 would make widgets for 200 of them in one. Nothing waits for them: the
 * actions work on the decisions, and whoever asks for the selection gets all of
 * it */
static void
test_rows_in_frames (Fixture       *fixture,
                     gconstpointer  data)
{
  CvTrustWindow *window;
  gint64 longest;
  gint64 deadline;

  write_large_store (fixture->path, 300);

  /* Loaded: all 300 counted, the actions there; then the rows come, from the top */
  window = open_while_rows_come (fixture->path);
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "list");
  g_assert_cmpstr (label_text (window, "count_label"), ==, "300 saved decisions");
  g_assert_true (action_enabled (window, "check_all_button"));
  longest = cv_test_spin_while (window, rows_coming, WAIT_SECONDS);
  g_test_message ("longest pause while the rows came: %" G_GINT64_FORMAT " ms",
                  longest / 1000);
  g_assert_cmpuint (rows_shown (window), ==, 300);
  g_assert_true (shows_line (window, "host000000.example.com:21"));
  close_window (window);

  /* Asked for the selection before, the list has all its rows at once */
  window = open_while_rows_come (fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cv_trust_window_get_selection (window))),
                    ==, 300);
  g_assert_cmpuint (rows_shown (window), ==, 300);
  gtk_selection_model_select_item (cv_trust_window_get_selection (window), 299, TRUE);
  g_assert_true (gtk_selection_model_is_selected (cv_trust_window_get_selection (window), 299));
  close_window (window);

  /* A server selected while they come is shown, once the rows before it are laid
   * out (GTK 4.8 scrolls by the heights of the rows it laid out) */
  window = open_while_rows_come (fixture->path);
  cv_trust_window_select_servers (window, (const char *[]) { "host000299.example.com:21", NULL });
  g_assert_cmpuint (rows_shown (window), ==, 300);
  spin_frames ();
  g_assert_true (shows_line (window, "host000299.example.com:21"));
  g_assert_false (shows_line (window, "host000000.example.com:21"));
  close_window (window);

  /* Closed while they come: nothing is left to run */
  window = open_while_rows_come (fixture->path);
  close_window (window);
  deadline = g_get_monotonic_time () + 100 * 1000;
  cv_test_spin_while (&deadline, before, WAIT_SECONDS);
}

static GtkWidget *
list_view_of (CvTrustWindow *window)
{
  return cv_column_view_get_list_view (GTK_COLUMN_VIEW (child (window, "column_view")));
}

/* The row with a cell that says @line, or NULL */
static GtkWidget *
row_showing (CvTrustWindow *window,
             const char    *line)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);

  for (GtkWidget *row = gtk_widget_get_first_child (list_view_of (window)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autoptr(GString) texts = g_string_new ("\n");

      append_cell_texts (row, texts);
      if (strstr (texts->str, needle) != NULL)
        return row;
    }
  return NULL;
}

/* Is the row that says @line wholly within the part of the list one sees? */
static gboolean
row_in_view (CvTrustWindow *window,
             const char    *line)
{
  GtkWidget *list_view = list_view_of (window);
  GtkWidget *row = row_showing (window, line);
  graphene_rect_t bounds;

  return row != NULL && gtk_widget_compute_bounds (row, list_view, &bounds) &&
         bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (list_view);
}

/* Has the row that says @line the keyboard? */
static gboolean
row_has_focus (CvTrustWindow *window,
               const char    *line)
{
  GtkWidget *row = row_showing (window, line);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return row != NULL && focus != NULL && (focus == row || gtk_widget_is_ancestor (focus, row));
}

static void
test_undo_in_view (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *last[] = { "host000059.example.com:21", NULL };
  const char *middle[] = { "host000030.example.com:21", NULL };
  GtkSelectionModel *selection;
  CvTrustWindow *window;

  write_large_store (fixture->path, 60);
  window = open_window (fixture->path);
  selection = cv_trust_window_get_selection (window);

  /* The last decision, then one in the middle, removed and put back: each comes
   * back selected where one sees it. Finding: the last came back below the rows
   * shown, the list at its end */
  for (guint round = 0; round < 2; round++)
    {
      const char **servers = round == 0 ? last : middle;
      guint position = round == 0 ? 59 : 30;

      cv_trust_window_select_servers (window, servers);
      spin_frames ();
      g_assert_true (row_in_view (window, servers[0]));

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
      wait_idle (window);
      spin_frames ();
      g_assert_false (shows_line (window, servers[0]));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.undo", NULL));
      wait_idle (window);
      spin_frames ();

      g_assert_true (gtk_selection_model_is_selected (selection, position));
      g_assert_cmpstr (label_text (window, "count_label"), ==, "60 saved decisions, 1 selected");
      g_assert_true (row_in_view (window, servers[0]));
    }

  close_window (window);
}

static void
test_remove_focus (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *middle[] = { "host000005.example.com:21", "host000006.example.com:21",
                           "host000007.example.com:21", "host000008.example.com:21", NULL };
  const char *last[] = { "host000057.example.com:21", "host000058.example.com:21",
                         "host000059.example.com:21", NULL };
  const char *one[] = { "host000020.example.com:21", NULL };
  CvTrustWindow *window;

  write_large_store (fixture->path, 60);
  window = open_window (fixture->path);

  /* Finding: Delete on four rows, selected with Shift+Down so that the keyboard
   * was on the last of them, left it two rows past the one that came after
   * them. It goes to that one, nothing selected */
  cv_trust_window_select_servers (window, middle);
  spin_frames ();
  g_assert_true (gtk_widget_grab_focus (row_showing (window, middle[3])));
  gtk_selection_model_select_range (cv_trust_window_get_selection (window), 5, 4, TRUE);
  spin_frames ();
  g_assert_true (row_has_focus (window, middle[3]));
  g_assert_cmpstr (label_text (window, "count_label"), ==, "60 saved decisions, 4 selected");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);
  spin_frames ();
  g_assert_true (row_has_focus (window, "host000009.example.com:21"));
  g_assert_true (selection_is_empty (window));

  /* The last ones: to the row that is last now, where one sees it */
  cv_trust_window_select_servers (window, last);
  spin_frames ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);
  spin_frames ();
  g_assert_true (row_has_focus (window, "host000056.example.com:21"));
  g_assert_true (row_in_view (window, "host000056.example.com:21"));
  g_assert_true (selection_is_empty (window));

  /* With the Remove button pressed, which is off then: the same */
  cv_trust_window_select_servers (window, one);
  spin_frames ();
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (child (window, "remove_button"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.remove", NULL));
  wait_idle (window);
  spin_frames ();
  g_assert_true (row_has_focus (window, "host000021.example.com:21"));
  g_assert_true (selection_is_empty (window));
  g_assert_cmpstr (label_text (window, "count_label"), ==, "52 saved decisions");

  close_window (window);
}

static gboolean
is_toplevel (gpointer window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel == window)
        return TRUE;
    }
  return FALSE;
}

static void
test_close_long_list (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *short_path = NULL;
  CvTrustWindow *window;

  /* Finding: closing the window with 300 decisions held the main loop for one
   * iteration of 34–53 ms, taking all the rows' widgets down with the window.
   * It is gone from the screen at once, and its rows over several iterations
   * before it is destroyed */
  write_large_store (fixture->path, 60);
  window = open_window (fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cv_trust_window_get_selection (window))),
                    ==, 60);
  g_assert_cmpuint (rows_shown (window), ==, 60);

  gtk_window_close (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (is_toplevel (window));
  g_assert_cmpuint (rows_shown (window), ==, 60);
  /* A few rows an iteration */
  for (guint i = 0; i < 100 && rows_shown (window) == 60; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (rows_shown (window), <, 60);
  g_assert_cmpuint (rows_shown (window), >, 0);
  g_assert_true (is_toplevel (window));
  cv_test_spin_while (window, is_toplevel, WAIT_SECONDS);
  g_assert_cmpuint (rows_shown (window), ==, 0);
  /* Asked again, it closes as one would expect: nothing is left to run */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  spin_frames ();

  /* A short list goes with the window at once */
  short_path = g_build_filename (fixture->dir, "short.db", NULL);
  write_large_store (short_path, 20);
  window = open_window (short_path);
  g_assert_cmpuint (rows_shown (window), ==, 20);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_false (is_toplevel (window));
  g_assert_finalize_object (window);
}

static void
test_close_while_loading (Fixture       *fixture,
                          gconstpointer  data)
{
  CvTrustWindow *window;

  write_large_store (fixture->path, 20000);

  window = g_object_ref (cv_trust_window_new (NULL, fixture->path));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cv_trust_window_is_busy (window));
  close_window (window);

  /* The cancelled load reports to nobody */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* The mapped label below @widget whose text is @text, or (@suffix) ends with it;
 * NULL for none */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text,
            gboolean    suffix)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) &&
      (suffix ? g_str_has_suffix (gtk_label_get_text (GTK_LABEL (widget)), text)
              : g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text)))
    return GTK_LABEL (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_label (c, text, suffix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Finding: a screen reader heard a row's server and decision, not that its
 * certificate had expired, which the row shows */
static void
test_row_names (Fixture       *fixture,
                gconstpointer  data)
{
  CvTrustWindow *window;
  GtkWidget *expired;
  GtkWidget *valid;
  g_autofree char *wrong = NULL;

  fill_store (fixture->path);
  window = open_window (fixture->path);
  expired = GTK_WIDGET (find_label (GTK_WIDGET (child (window, "column_view")),
                                    "legacy.example.org:21", FALSE));
  valid = GTK_WIDGET (find_label (GTK_WIDGET (child (window, "column_view")),
                                  "files.example.com:21", FALSE));
  g_assert_nonnull (expired);
  g_assert_nonnull (valid);
  /* The row: the cell's parent */
  expired = gtk_widget_get_parent (gtk_widget_get_parent (expired));
  valid = gtk_widget_get_parent (gtk_widget_get_parent (valid));
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (expired),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              "legacy.example.org:21, Always reject, expired");
  g_assert_null (wrong);
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (valid),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              "files.example.com:21, Always trust");
  g_assert_null (wrong);
  close_window (window);
}

/* Shows the windows made next in @language */
static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  /* Setting the locale again drops gettext's cache of what LANGUAGE said before */
  setlocale (LC_ALL, "");
}

/* At 800 pixels, in each language, an expired date shows whole: the Expires
 * column is as wide as the widest month makes it. So do both decisions, whose
 * column is as wide as the wider of them (finding: German and French said
 * "Vertrauen" and "Confiance" to fit a column made for English, where the
 * prompt's buttons say "Immer vertrauen", "Toujours faire confiance") */
static void
test_cells_whole (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char *languages[] = { "en", "de", "fr" };
  static const char *decision_texts[] = { "Always trust", "Always reject" };

  fill_store (fixture->path);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      CvTrustWindow *window;
      GtkLabel *label;

      use_language (languages[i]);
      /* Every language ends "%s (expired)" with a bracket, and no other cell does */
      g_assert_true (g_str_has_suffix (_("%s (expired)"), ")"));

      window = g_object_ref (cv_trust_window_new (NULL, fixture->path));
      gtk_window_set_default_size (GTK_WINDOW (window), 790, 520);
      gtk_window_present (GTK_WINDOW (window));
      wait_idle (window);

      label = find_label (GTK_WIDGET (child (window, "column_view")), ")", TRUE);
      g_assert_nonnull (label);
      g_test_message ("%s: “%s”", languages[i], gtk_label_get_text (label));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));

      for (guint d = 0; d < G_N_ELEMENTS (decision_texts); d++)
        {
          label = find_label (GTK_WIDGET (child (window, "column_view")),
                              _(decision_texts[d]), FALSE);
          g_assert_nonnull (label);
          g_test_message ("%s: “%s”", languages[i], gtk_label_get_text (label));
          g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
        }

      close_window (window);
    }
  use_language ("en");
}

/* In German at 800 pixels the Server column is narrow: a name cut short keeps its
 * start and its port, and its tooltip has it whole */
static void
test_server_names (Fixture       *fixture,
                   gconstpointer  data)
{
  CvTrustWindow *window;

  fill_store (fixture->path);
  use_language ("de");

  window = g_object_ref (cv_trust_window_new (NULL, fixture->path));
  gtk_window_set_default_size (GTK_WINDOW (window), 790, 520);
  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);

  for (guint i = 0; i < G_N_ELEMENTS (decisions); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s:%u", decisions[i].host, decisions[i].port);
      GtkLabel *label = find_label (GTK_WIDGET (child (window, "column_view")), key, FALSE);

      g_assert_nonnull (label);
      g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_MIDDLE);
      g_assert_cmpstr (cv_tooltip_get_text (GTK_WIDGET (label)), ==, key);
      /* A screen reader hears the name once */
      g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (label),
                                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
    }

  close_window (window);
  use_language ("en");
}

/* Finding: at its narrowest the window kept the dates whole and cut the server
 * names to "12… 67", so that rows could not be told apart. The names keep 16
 * characters, and the window still fits 800 pixels in each language. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  static const char *languages[] = { "en", "de", "fr" };

  fill_store (fixture->path);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      CvTrustWindow *window;
      GtkLabel *label;
      int min_width = 0;

      use_language (languages[i]);
      window = g_object_ref (cv_trust_window_new (NULL, fixture->path));
      gtk_window_present (GTK_WINDOW (window));
      wait_idle (window);
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL,
                          NULL, NULL);
      g_test_message ("%s: narrowest %d pixels", languages[i], min_width);
      g_assert_cmpint (min_width, <=, 800);

      gtk_window_set_default_size (GTK_WINDOW (window), min_width, 520);
      wait_idle (window);
      label = find_label (GTK_WIDGET (child (window, "column_view")), "backup.example.net:990",
                          FALSE);
      g_assert_nonnull (label);
      g_test_message ("%s: “%s” %d pixels wide", languages[i], gtk_label_get_text (label),
                      gtk_widget_get_width (GTK_WIDGET (label)));
      g_assert_cmpint (gtk_label_get_width_chars (label), >=, 16);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), >=, 120);
      close_window (window);
    }
  use_language ("en");
}

/* Finding: a window made with a parent and held by someone else (a binding
 * holds every window it made) kept a pointer to its parent once GTK 4.8's
 * destroy-with-parent had freed the parent, and read it afterwards. It goes
 * with its parent, and lets go of it */
static void
test_parent_destroyed (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());
  CvTrustWindow *window;
  gpointer weak_parent = parent;

  fill_store (fixture->path);
  g_object_add_weak_pointer (G_OBJECT (parent), &weak_parent);
  gtk_window_present (parent);
  window = g_object_ref (cv_trust_window_new (parent, fixture->path));
  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) == parent);

  gtk_window_destroy (parent);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (weak_parent);
  g_assert_null (gtk_window_get_transient_for (GTK_WINDOW (window)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  /* See tests/test-window.c: the accessibility bus would write to the TAP stream */
  /* GTK's own accessibility backend for tests: what a screen reader is given is
   * kept, and no bus is needed */
  g_setenv ("GTK_A11Y", "test", TRUE);
  /* The translations as built, for the widths in German and French */
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* GLib decides once, from the language of its first call, whether g_dgettext()
   * (which the core's month names go through) translates at all: in German, yes */
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");
  g_dgettext (GETTEXT_PACKAGE, "");
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/certview/trust-window/" name, Fixture, NULL, fixture_setup, func, \
              fixture_teardown)
  ADD ("list", test_list);
  ADD ("parent-destroyed", test_parent_destroyed);
  ADD ("remove", test_remove);
  ADD ("removed-elsewhere", test_removed_elsewhere);
  ADD ("follows-store", test_follows_store);
  ADD ("follows-new-store", test_follows_new_store);
  ADD ("follows-many-changes", test_follows_many_changes);
  ADD ("follows-link", test_follows_link);
  ADD ("details", test_details);
  ADD ("undo", test_undo);
  ADD ("undo-sorted", test_undo_sorted);
  ADD ("shortcuts", test_shortcuts);
  ADD ("reload-keeps-selection", test_reload_keeps_selection);
  ADD ("row-names", test_row_names);
  ADD ("narrow", test_narrow);
  ADD ("undo-every-removal", test_undo_every_removal);
  ADD ("list-one-tab-stop", test_list_one_tab_stop);
  ADD ("second-delete", test_second_delete);
  ADD ("undo-keeps-newer", test_undo_keeps_newer);
  ADD ("decision-kinds", test_decision_kinds);
  ADD ("empty", test_empty);
  ADD ("damaged", test_damaged);
  ADD ("folder", test_folder);
  ADD ("unsafe", test_unsafe);
  ADD ("large", test_large);
  ADD ("rows-in-frames", test_rows_in_frames);
  ADD ("cells-whole", test_cells_whole);
  ADD ("server-names", test_server_names);
  ADD ("close-while-loading", test_close_while_loading);
  ADD ("undo-in-view", test_undo_in_view);
  ADD ("remove-focus", test_remove_focus);
  ADD ("close-long-list", test_close_long_list);
#undef ADD

  return g_test_run ();
}
