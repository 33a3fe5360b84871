/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Check All and Check Now in the Saved Decisions window, against built-in servers
 * on loopback that serve what each test chose, with a private store.
 *
 * With CERTVIEW_SCREENSHOT_DIR set, the "statuses" test also writes the window
 * after Check All there, as trust-check.png (tools/screenshots sets it).
 */
#include "config.h"

#include "cv-certificate.h"
#include "cv-test-ui.h"
#include "cv-test-util.h"
#include "cv-trust-entry.h"
#include "cv-trust-store.h"
#include "cv-trust-window.h"

#include <gtk/gtk.h>
#include <string.h>

#define WAIT_SECONDS 30
#define CREATED 1700000000

const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

typedef struct
{
  CvCertFactory *factory;
  char          *dir;
  char          *store;
  GPtrArray     *servers;
  GSettings     *settings;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->factory = (CvCertFactory *) data;
  fixture->dir = g_dir_make_tmp ("certview-trust-window-check-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = g_build_filename (fixture->dir, "trust.db", NULL);
  fixture->servers = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (fixture->settings, "watch-warn-days");
  g_settings_reset (fixture->settings, "timeout");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  for (guint i = 0; i < fixture->servers->len; i++)
    cv_demo_server_stop (g_ptr_array_index (fixture->servers, i));
  g_ptr_array_unref (fixture->servers);
  g_settings_reset (fixture->settings, "watch-warn-days");
  g_settings_reset (fixture->settings, "timeout");
  g_object_unref (fixture->settings);
  cv_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store);
}

static guint16
serve (Fixture         *fixture,
       CvTestIssued    *served,
       CvDemoBehaviour  behaviour)
{
  CvDemoServer *server = cv_test_serve_issued (served, behaviour);

  g_ptr_array_add (fixture->servers, server);
  return cv_demo_server_get_port (server);
}

/* Saves "trust" for 127.0.0.1:@port with @decided's certificate; its key */
static char *
save_decision (Fixture      *fixture,
               guint16       port,
               CvTestIssued *decided)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store);
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = cv_test_trusted_entry ("127.0.0.1", port, decided->leaf, CREATED);
  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);
  return g_strdup (cv_trust_entry_get_key (entry));
}

/* The servers of every status; their keys in the order of CvTrustWatchStatus */
typedef struct
{
  char *unchanged;
  char *renewed;
  char *key_changed;
  char *expiring;
  char *expired;
  char *tls_refused;
  char *unreachable;
} Servers;

static void
servers_clear (Servers *servers)
{
  g_free (servers->unchanged);
  g_free (servers->renewed);
  g_free (servers->key_changed);
  g_free (servers->expiring);
  g_free (servers->expired);
  g_free (servers->tls_refused);
  g_free (servers->unreachable);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Servers, servers_clear)

static void
add_servers (Fixture *fixture,
             Servers *servers)
{
  g_auto(CvTestIssued) same = { 0 };
  g_auto(CvTestIssued) before = { 0 };
  g_auto(CvTestIssued) after = { 0 };
  g_auto(CvTestIssued) other = { 0 };
  g_auto(CvTestIssued) soon = { 0 };
  g_auto(CvTestIssued) old = { 0 };

  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &same);
  servers->unchanged = save_decision (fixture, serve (fixture, &same, CV_DEMO_BEHAVIOUR_NORMAL),
                                      &same);

  cv_cert_factory_set_reuse_leaf_key (fixture->factory, TRUE);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &before);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &after);
  cv_cert_factory_set_reuse_leaf_key (fixture->factory, FALSE);
  servers->renewed = save_decision (fixture, serve (fixture, &after, CV_DEMO_BEHAVIOUR_NORMAL),
                                    &before);

  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &other);
  servers->key_changed = save_decision (fixture,
                                        serve (fixture, &other, CV_DEMO_BEHAVIOUR_NORMAL),
                                        &same);

  cv_cert_factory_set_leaf_days (fixture->factory, 5);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &soon);
  cv_cert_factory_set_leaf_days (fixture->factory, 0);
  servers->expiring = save_decision (fixture, serve (fixture, &soon, CV_DEMO_BEHAVIOUR_NORMAL),
                                     &soon);

  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_EXPIRED, &old);
  servers->expired = save_decision (fixture, serve (fixture, &old, CV_DEMO_BEHAVIOUR_NORMAL),
                                    &old);

  servers->tls_refused = save_decision (fixture,
                                        serve (fixture, &same, CV_DEMO_BEHAVIOUR_AUTH_REFUSED),
                                        &same);

  servers->unreachable = save_decision (fixture, cv_test_free_port (), &same);
}

/* The rows of the store as text, to compare before and after: all but last seen,
 * which a check notes for the servers still serving their certificate */
static char *
dup_store_text (const char *path)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_no_error (error);
  entries = cv_trust_store_list (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      CvTrustEntry *entry = entries->pdata[i];

      g_string_append_printf (text, "%s %s %s %s %" G_GINT64_FORMAT "\n",
                              cv_trust_entry_get_key (entry),
                              cv_trust_entry_get_decision_name (entry),
                              cv_trust_entry_get_certificate_sha256 (entry),
                              cv_trust_entry_get_public_key_pin (entry),
                              cv_trust_entry_get_not_after (entry));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gint64
last_seen_of (const char *path,
              const char *key)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_load (store, &error));
  entries = cv_trust_store_list (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (cv_trust_entry_get_key (entries->pdata[i]), key))
      return cv_trust_entry_get_last_seen (entries->pdata[i]);
  g_assert_not_reached ();
}

/* Spins the main context while @busy says so; the longest the main context went
 * without an iteration, in microseconds */
static gint64
spin_while (CvTrustWindow *window,
            gboolean     (*busy) (gpointer window))
{
  return cv_test_spin_while (window, busy, WAIT_SECONDS);
}

static gboolean
is_busy (gpointer window)
{
  return cv_trust_window_is_busy (window);
}

static gboolean
is_checking (gpointer window)
{
  return cv_trust_window_is_checking (window);
}

static CvTrustWindow *
open_window (Fixture *fixture)
{
  CvTrustWindow *window = g_object_ref (cv_trust_window_new (NULL, fixture->store));

  gtk_window_set_default_size (GTK_WINDOW (window), 780, 520);
  gtk_window_present (GTK_WINDOW (window));
  spin_while (window, is_busy);
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

static void
activate (CvTrustWindow *window,
          const char    *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

/* The status the window found for @server: "key-changed", or "" when not checked */
static const char *
status_of (CvTrustWindow *window,
           const char    *server)
{
  CvTrustWatchResult *result = cv_trust_window_get_result (window, server);

  if (result == NULL)
    return "";
  return cv_trust_watch_status_to_string (cv_trust_watch_result_get_status (result));
}

/* The entry of @server in the window's list (not in the order shown), and where */
static CvTrustEntry *
entry_of (CvTrustWindow *window,
          const char    *server,
          guint         *position)
{
  GListModel *entries = cv_trust_window_get_entries (window);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (entries, i);

      if (g_str_equal (cv_trust_entry_get_key (entry), server))
        {
          if (position != NULL)
            *position = i;
          return g_steal_pointer (&entry);
        }
    }
  g_assert_not_reached ();
}

/* The port of @server, "127.0.0.1:PORT" */
static guint16
entry_port (const char *server)
{
  return (guint16) g_ascii_strtoull (strrchr (server, ':') + 1, NULL, 10);
}

/* The last-seen time of @server's row in the window */
static gint64
shown_last_seen (CvTrustWindow *window,
                 const char    *server)
{
  g_autoptr(CvTrustEntry) entry = entry_of (window, server, NULL);

  return cv_trust_entry_get_last_seen (entry);
}

/* Shows the details of @server */
static void
show_details_of (CvTrustWindow *window,
                 const char    *server)
{
  g_autoptr(CvTrustEntry) entry = NULL;
  guint position;

  entry = entry_of (window, server, &position);
  cv_trust_window_show_details (window, position);
}

/* The texts of the mapped labels below @widget, one a line */
static void
append_texts (GtkWidget *widget,
              GString   *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    append_texts (c, texts);
}

static gboolean
shows_line (CvTrustWindow *window,
            const char    *line)
{
  g_autoptr(GString) texts = g_string_new ("\n");
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);

  append_texts (GTK_WIDGET (child (window, "column_view")), texts);
  return strstr (texts->str, needle) != NULL;
}

/* The servers in the order shown */
static char *
dup_shown_order (CvTrustWindow *window)
{
  GListModel *shown = G_LIST_MODEL (cv_trust_window_get_selection (window));
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (shown, i);

      g_string_append_printf (keys, "%s%s", i > 0 ? " " : "", cv_trust_entry_get_key (entry));
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static void
save_screenshot (CvTrustWindow *window,
                 const char    *name)
{
  const char *dir = g_getenv ("CERTVIEW_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;

  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}

static void
test_statuses (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(Servers) servers = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CvTrustWindow *window;
  gint64 longest;
  gint64 seen_before;

  add_servers (fixture, &servers);
  before = dup_store_text (fixture->store);
  seen_before = last_seen_of (fixture->store, servers.unchanged);
  g_assert_cmpint (last_seen_of (fixture->store, servers.unreachable), ==, seen_before);
  window = open_window (fixture);

  g_assert_true (shows_line (window, "Not checked"));
  g_assert_false (cv_trust_window_is_checking (window));
  activate (window, "decisions.check-all");
  g_assert_true (cv_trust_window_is_checking (window));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (window, "check_revealer"))));
  /* No second check, nor a removal, while one runs */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (window, "check_all_button"))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (window, "remove_button"))));

  longest = spin_while (window, is_checking);
  g_test_message ("longest pause during the check: %" G_GINT64_FORMAT " ms", longest / 1000);
  g_assert_cmpint (longest, <, 500 * 1000);

  g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (child (window, "check_progress"))),
                   ==, "7 of 7");
  /* Finding: once over, the check said nothing of how it went, and the status a
   * screen reader had heard was still "Checking the servers…". The bar stays with
   * a summary until dismissed. */
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (window, "check_revealer"))));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (window, "check_label"))), ==,
                   "Check done: 5 servers need action; the Status column says why.");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (window, "check_progress"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (window, "check_cancel_button"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (window, "check_close_button"))));
  g_signal_emit_by_name (child (window, "check_close_button"), "clicked");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (child (window, "check_revealer"))));
  g_assert_cmpstr (status_of (window, servers.unchanged), ==, "unchanged");
  g_assert_cmpstr (status_of (window, servers.renewed), ==, "renewed");
  g_assert_cmpstr (status_of (window, servers.key_changed), ==, "key-changed");
  g_assert_cmpstr (status_of (window, servers.expiring), ==, "expiring");
  g_assert_cmpstr (status_of (window, servers.expired), ==, "expired");
  g_assert_cmpstr (status_of (window, servers.tls_refused), ==, "tls-refused");
  g_assert_cmpstr (status_of (window, servers.unreachable), ==, "unreachable");

  /* What the Status column says */
  g_assert_true (shows_line (window, "Unchanged"));
  g_assert_true (shows_line (window, "Renewed, same key"));
  g_assert_true (shows_line (window, "Key changed"));
  g_assert_true (shows_line (window, "Expires in 5 days"));
  g_assert_true (shows_line (window, "Expired"));
  g_assert_true (shows_line (window, "TLS no longer offered"));
  g_assert_true (shows_line (window, "Unreachable"));
  g_assert_false (shows_line (window, "Not checked"));

  /* The details page gives the reason */
  {
    GListModel *entries = cv_trust_window_get_entries (window);

    for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
      {
        g_autoptr(CvTrustEntry) entry = g_list_model_get_item (entries, i);

        if (!g_str_equal (cv_trust_entry_get_key (entry), servers.unreachable))
          continue;
        cv_trust_window_show_details (window, i);
        g_assert_true (g_str_has_prefix (
          gtk_label_get_text (GTK_LABEL (child (window, "status_value"))), "Unreachable. "));
        g_assert_cmpuint (strlen (gtk_label_get_text (GTK_LABEL (child (window, "status_value")))),
                          >, strlen ("Unreachable. "));
        activate (window, "decisions.back");
      }
  }

  /* A check changes no decision; it notes when a server still serving the
   * certificate decided on was seen, and only then */
  after = dup_store_text (fixture->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (last_seen_of (fixture->store, servers.unchanged), >, seen_before);
  g_assert_cmpint (last_seen_of (fixture->store, servers.expiring), >, seen_before);
  g_assert_cmpint (last_seen_of (fixture->store, servers.renewed), ==, seen_before);
  g_assert_cmpint (last_seen_of (fixture->store, servers.key_changed), ==, seen_before);
  g_assert_cmpint (last_seen_of (fixture->store, servers.tls_refused), ==, seen_before);
  g_assert_cmpint (last_seen_of (fixture->store, servers.unreachable), ==, seen_before);

  /* The most urgent first, for the screenshot */
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (child (window, "column_view")),
                                  GTK_COLUMN_VIEW_COLUMN (child (window, "status_column")),
                                  GTK_SORT_ASCENDING);
  /* And the page's slide back to the list ends */
  for (gint64 until = g_get_monotonic_time () + 500 * 1000; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  save_screenshot (window, "trust-check.png");

  close_window (window);
}

static gboolean
is_checking_or_busy (gpointer window)
{
  return cv_trust_window_is_checking (window) || cv_trust_window_is_busy (window);
}

static void
test_check_now (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(Servers) servers = { 0 };
  g_auto(GStrv) selected = NULL;
  g_autofree char *details_before = NULL;
  const char *chosen[3] = { NULL };
  CvTrustWindow *window;
  gint64 seen_before;

  add_servers (fixture, &servers);
  window = open_window (fixture);

  /* Nothing selected: nothing to check now */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (window, "check_now_button"))));
  chosen[0] = servers.key_changed;
  chosen[1] = servers.unchanged;
  cv_trust_window_select_servers (window, chosen);
  selected = cv_trust_window_dup_selected_servers (window);
  g_assert_cmpuint (g_strv_length (selected), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) selected, servers.key_changed));
  g_assert_true (g_strv_contains ((const char * const *) selected, servers.unchanged));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (child (window, "check_now_button"))));

  seen_before = last_seen_of (fixture->store, servers.unchanged);
  /* From the details of a server, with the keyboard on Back: Check Now checks the
   * server shown, and the keyboard is on Cancel meanwhile */
  show_details_of (window, servers.unchanged);
  details_before = g_strdup (gtk_label_get_text (GTK_LABEL (child (window, "last_seen_value"))));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) ==
                 GTK_WIDGET (child (window, "back_button")));
  activate (window, "decisions.check-selected");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) ==
                 GTK_WIDGET (child (window, "check_cancel_button")));
  spin_while (window, is_checking_or_busy);
  g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (child (window, "check_progress"))),
                   ==, "1 of 1");
  /* Then back on Back, not on the hidden list (where even Escape is lost) */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) ==
                 GTK_WIDGET (child (window, "back_button")));
  /* The details say when the check saw the server, as the store does */
  g_assert_cmpint (last_seen_of (fixture->store, servers.unchanged), >, seen_before);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (window, "last_seen_value"))), !=,
                   details_before);
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "details");
  activate (window, "decisions.back");

  /* From the list, the selection: the rows say it too, the other row is as it
   * was, and the selection stays */
  activate (window, "decisions.check-selected");
  spin_while (window, is_checking_or_busy);
  g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (child (window, "check_progress"))),
                   ==, "2 of 2");
  g_assert_cmpint (shown_last_seen (window, servers.unchanged), ==,
                   last_seen_of (fixture->store, servers.unchanged));
  g_assert_cmpint (shown_last_seen (window, servers.unchanged), >, seen_before);
  g_assert_cmpint (shown_last_seen (window, servers.key_changed), ==,
                   last_seen_of (fixture->store, servers.key_changed));
  g_assert_cmpint (shown_last_seen (window, servers.key_changed), ==, seen_before);
  g_clear_pointer (&selected, g_strfreev);
  selected = cv_trust_window_dup_selected_servers (window);
  g_assert_cmpuint (g_strv_length (selected), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) selected, servers.key_changed));
  g_assert_true (g_strv_contains ((const char * const *) selected, servers.unchanged));
  g_assert_cmpstr (status_of (window, servers.key_changed), ==, "key-changed");
  g_assert_cmpstr (status_of (window, servers.unchanged), ==, "unchanged");
  g_assert_cmpstr (status_of (window, servers.renewed), ==, "");
  g_assert_cmpstr (status_of (window, servers.expired), ==, "");
  g_assert_cmpstr (status_of (window, servers.unreachable), ==, "");
  g_assert_true (shows_line (window, "Not checked"));

  close_window (window);
}

/* When the window said it stopped checking */
static void
checking_cb (CvTrustWindow *window,
             GParamSpec    *pspec,
             gint64        *stopped)
{
  if (!cv_trust_window_is_checking (window))
    *stopped = g_get_monotonic_time ();
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_auto(CvTestIssued) same = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *first = NULL;
  CvTrustWindow *window;
  gint64 start, elapsed, stopped = 0;

  /* More servers that never answer than are probed at once, and a long deadline */
  g_settings_set_uint (fixture->settings, "timeout", 120);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &same);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *key = save_decision (fixture,
                                            serve (fixture, &same,
                                                   i % 2 ? CV_DEMO_BEHAVIOUR_SILENT
                                                         : CV_DEMO_BEHAVIOUR_GREETING_THEN_SILENT),
                                            &same);

      if (first == NULL)
        first = g_steal_pointer (&key);
    }
  before = dup_store_text (fixture->store);
  window = open_window (fixture);

  /* The Cancel button */
  activate (window, "decisions.check-all");
  for (gint64 until = g_get_monotonic_time () + 300 * 1000; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (cv_trust_window_is_checking (window));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (child (window, "check_cancel_button"))));
  g_signal_connect (window, "notify::checking", G_CALLBACK (checking_cb), &stopped);
  start = g_get_monotonic_time ();
  g_signal_emit_by_name (child (window, "check_cancel_button"), "clicked");
  spin_while (window, is_checking);
  elapsed = stopped - start;
  g_test_message ("Cancel stopped the check in %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_cmpint (elapsed, <, 100 * 1000);
  g_assert_cmpstr (status_of (window, first), ==, "");
  g_assert_true (shows_line (window, "Not checked"));
  g_assert_false (shows_line (window, "Checking…"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child (window,
                                                                         "check_label"))),
                                   "Check stopped after "));

  /* Destroyed during a check, the window stops it and goes */
  activate (window, "decisions.check-all");
  for (gint64 until = g_get_monotonic_time () + 300 * 1000; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (cv_trust_window_is_checking (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  start = g_get_monotonic_time ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  while (window != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, WAIT_SECONDS * G_USEC_PER_SEC);
      g_main_context_iteration (NULL, TRUE);
    }
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("the destroyed window went in %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_cmpint (elapsed, <, 100 * 1000);

  after = dup_store_text (fixture->store);
  g_assert_cmpstr (after, ==, before);
}

/* The order the Sort menu marks when it opens, as its items' action holds it */
static void
assert_sort_marked (CvTrustWindow *window,
                    const char    *expected)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (child (window, "sort_button"));
  g_autofree char *order = NULL;

  gtk_menu_button_popup (button);
  g_object_get (window, "sort-order", &order, NULL);
  gtk_menu_button_popdown (button);
  g_assert_cmpstr (order, ==, expected);
}

static void
test_sort (Fixture       *fixture,
           gconstpointer  data)
{
  g_auto(Servers) servers = { 0 };
  g_autofree char *order = NULL;
  g_autofree char *expected = NULL;
  GtkColumnView *column_view;
  CvTrustWindow *window;
  GListModel *shown;
  gint64 previous = G_MININT64;

  add_servers (fixture, &servers);
  window = open_window (fixture);
  column_view = GTK_COLUMN_VIEW (child (window, "column_view"));
  shown = G_LIST_MODEL (cv_trust_window_get_selection (window));

  activate (window, "decisions.check-all");
  spin_while (window, is_checking);

  /* Most urgent first, as the Sort menu does it for the keyboard (the headers
   * take no focus) */
  assert_sort_marked (window, "server");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.sort-by", "s",
                                             "status"));
  order = dup_shown_order (window);
  expected = g_strjoin (" ", servers.key_changed, servers.expired, servers.tls_refused,
                        servers.expiring, servers.unreachable, servers.renewed,
                        servers.unchanged, NULL);
  g_assert_cmpstr (order, ==, expected);
  assert_sort_marked (window, "status");

  /* Descending: the least urgent first, as a second click on the header gives it;
   * the Sort menu then marks none of its orders */
  gtk_column_view_sort_by_column (column_view,
                                  GTK_COLUMN_VIEW_COLUMN (child (window, "status_column")),
                                  GTK_SORT_DESCENDING);
  g_clear_pointer (&order, g_free);
  order = dup_shown_order (window);
  g_assert_true (g_str_has_prefix (order, servers.unchanged));
  assert_sort_marked (window, "");

  /* Ascending again by the header: the menu marks it */
  gtk_column_view_sort_by_column (column_view,
                                  GTK_COLUMN_VIEW_COLUMN (child (window, "status_column")),
                                  GTK_SORT_ASCENDING);
  assert_sort_marked (window, "status");

  /* By expiry, the soonest first (here each server serves the certificate
   * decided on, or one of another key) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.sort-by", "s",
                                             "expires"));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (shown, i);

      g_assert_cmpint (cv_trust_entry_get_not_after (entry), >=, previous);
      previous = cv_trust_entry_get_not_after (entry);
    }
  {
    g_autoptr(CvTrustEntry) first = g_list_model_get_item (shown, 0);

    g_assert_cmpstr (cv_trust_entry_get_key (first), ==, servers.expired);
  }
  assert_sort_marked (window, "expires");

  /* Back to the list's own order, by server */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "decisions.sort-by", "s",
                                             "server"));
  {
    GListModel *entries = cv_trust_window_get_entries (window);

    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(CvTrustEntry) a = g_list_model_get_item (shown, i);
        g_autoptr(CvTrustEntry) b = g_list_model_get_item (entries, i);

        g_assert_true (a == b);
      }
  }
  assert_sort_marked (window, "server");

  close_window (window);
}

static void
test_warn_days (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(CvTestIssued) year = { 0 };
  g_autofree char *key = NULL;
  CvTrustWindow *window;

  /* A certificate valid for 300 days: unchanged with 14 days of warning, expiring
   * with 365 */
  cv_cert_factory_set_leaf_days (fixture->factory, 300);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &year);
  cv_cert_factory_set_leaf_days (fixture->factory, 0);
  key = save_decision (fixture, serve (fixture, &year, CV_DEMO_BEHAVIOUR_NORMAL), &year);
  window = open_window (fixture);

  activate (window, "decisions.check-all");
  spin_while (window, is_checking);
  g_assert_cmpstr (status_of (window, key), ==, "unchanged");

  g_settings_set_uint (fixture->settings, "watch-warn-days", 365);
  activate (window, "decisions.check-all");
  spin_while (window, is_checking);
  g_assert_cmpstr (status_of (window, key), ==, "expiring");
  g_assert_true (shows_line (window, "Expires in 300 days"));

  close_window (window);
}

/* A thousand decisions for servers that refuse the connection: the rows update in
 * place as the results come, and the main loop keeps going */
static void
test_many (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CvTrustImport) import = NULL;
  g_autoptr(GError) error = NULL;
  guint16 ports[4];
  CvTrustWindow *window;
  gint64 start, longest;
  guint unreachable = 0;

  for (guint p = 0; p < G_N_ELEMENTS (ports); p++)
    ports[p] = cv_test_free_port ();
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *host = g_strdup_printf ("127.0.%u.%u", i / 250, 1 + i % 250);

      g_ptr_array_add (entries, cv_test_entry_new (host, ports[i % 4], CV_TRUST_DECISION_TRUST,
                                                   "aa:bb", "sha256//x=", "CN=x", "CN=y",
                                                   CREATED + 86400 * (i % 97), CREATED,
                                                   CREATED));
    }
  import = cv_trust_store_import (store, entries, &error);
  g_assert_no_error (error);
  window = open_window (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (cv_trust_window_get_entries (window)), ==, 1000);

  start = g_get_monotonic_time ();
  activate (window, "decisions.check-all");
  longest = spin_while (window, is_checking);
  g_test_message ("1000 servers checked in %" G_GINT64_FORMAT " ms; longest pause %"
                  G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000,
                  longest / 1000);
  g_assert_cmpint (longest, <, 500 * 1000);
  g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (child (window, "check_progress"))),
                   ==, "1000 of 1000");
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (status_of (window, cv_trust_entry_get_key (entries->pdata[i])),
                     "unreachable"))
      unreachable++;
  g_assert_cmpuint (unreachable, ==, 1000);

  close_window (window);
}

/* Servers asked for before the store is read are selected once it is */
static void
test_select_servers (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Servers) servers = { 0 };
  g_auto(GStrv) selected = NULL;
  const char *chosen[3] = { NULL };
  CvTrustWindow *window;

  add_servers (fixture, &servers);
  window = g_object_ref (cv_trust_window_new (NULL, fixture->store));
  chosen[0] = servers.expired;
  chosen[1] = "nowhere.example:21";
  cv_trust_window_select_servers (window, chosen);
  gtk_window_present (GTK_WINDOW (window));
  spin_while (window, is_busy);

  selected = cv_trust_window_dup_selected_servers (window);
  g_assert_cmpuint (g_strv_length (selected), ==, 1);
  g_assert_cmpstr (selected[0], ==, servers.expired);
  g_assert_cmpstr (cv_trust_window_get_page (window), ==, "list");

  close_window (window);
}

/* Spins the main context until the window has a decision for @server, for @leaf */
static void
wait_for_decision (CvTrustWindow *window,
                   const char    *server,
                   CvCertificate *leaf)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      GListModel *entries = cv_trust_window_get_entries (window);

      for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
        {
          g_autoptr(CvTrustEntry) entry = g_list_model_get_item (entries, i);

          if (g_str_equal (cv_trust_entry_get_key (entry), server) &&
              g_ascii_strcasecmp (cv_trust_entry_get_certificate_sha256 (entry),
                                  cv_certificate_get_sha256 (leaf)) == 0)
            return;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Finding: what a check found stayed on a row after its decision was replaced
 * elsewhere ("Key changed" beside the decision for the very key served), and a
 * check that ended after the replacement showed "Unchanged" for a decision it
 * never checked */
static void
test_replaced_elsewhere (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(CvTestIssued) decided = { 0 };
  g_auto(CvTestIssued) served = { 0 };
  g_autoptr(CvTrustEntry) replacement = NULL;
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *slow = NULL;
  CvTrustWindow *window;

  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &decided);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &served);
  server = save_decision (fixture, serve (fixture, &served, CV_DEMO_BEHAVIOUR_NORMAL), &decided);
  window = open_window (fixture);

  activate (window, "decisions.check-all");
  spin_while (window, is_checking_or_busy);
  g_assert_cmpstr (status_of (window, server), ==, "key-changed");

  /* Another program trusts the certificate served: the row is not checked yet */
  replacement = cv_test_trusted_entry ("127.0.0.1", entry_port (server), served.leaf, CREATED);
  g_assert_true (cv_trust_store_save (store, replacement, &error));
  g_assert_no_error (error);
  wait_for_decision (window, server, served.leaf);
  g_assert_cmpstr (status_of (window, server), ==, "");
  g_assert_true (shows_line (window, "Not checked"));

  /* A check under way when the decision is replaced: what it finds is about the
   * decision it started with, and is not shown for the new one */
  slow = save_decision (fixture, serve (fixture, &decided, CV_DEMO_BEHAVIOUR_DRIP_BANNER),
                         &decided);
  wait_for_decision (window, slow, decided.leaf);
  activate (window, "decisions.check-all");
  g_assert_true (cv_trust_window_is_checking (window));
  g_clear_object (&replacement);
  replacement = cv_test_trusted_entry ("127.0.0.1", entry_port (slow), served.leaf, CREATED);
  g_assert_true (cv_trust_store_save (store, replacement, &error));
  g_assert_no_error (error);
  wait_for_decision (window, slow, served.leaf);
  g_assert_true (cv_trust_window_is_checking (window));
  spin_while (window, is_checking_or_busy);
  g_assert_cmpstr (status_of (window, slow), ==, "");
  /* The other server's decision stood: its result is shown */
  g_assert_cmpstr (status_of (window, server), ==, "unchanged");

  close_window (window);
}

/* Finding: after a check, Expires gave the certificate decided on (a year
 * away) beside the status Expired of the certificate served with the same key */
static void
test_served_expiry (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(CvTestIssued) decided = { 0 };
  g_auto(CvTestIssued) served = { 0 };
  g_autofree char *server = NULL;
  g_autoptr(GString) texts = g_string_new (NULL);
  const char *details;
  CvTrustWindow *window;

  cv_cert_factory_set_reuse_leaf_key (fixture->factory, TRUE);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &decided);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_EXPIRED, &served);
  cv_cert_factory_set_reuse_leaf_key (fixture->factory, FALSE);
  server = save_decision (fixture, serve (fixture, &served, CV_DEMO_BEHAVIOUR_NORMAL), &decided);
  window = open_window (fixture);

  append_texts (GTK_WIDGET (child (window, "column_view")), texts);
  g_assert_null (strstr (texts->str, "(expired)"));

  activate (window, "decisions.check-all");
  spin_while (window, is_checking_or_busy);
  g_assert_cmpstr (status_of (window, server), ==, "expired");
  g_string_truncate (texts, 0);
  append_texts (GTK_WIDGET (child (window, "column_view")), texts);
  g_test_message ("%s", texts->str);
  g_assert_nonnull (strstr (texts->str, "(expired)\n"));

  /* The details give both */
  show_details_of (window, server);
  details = gtk_label_get_text (GTK_LABEL (child (window, "expires_value")));
  g_test_message ("%s", details);
  g_assert_nonnull (strstr (details, "(expired) as served at the last check; "));
  g_assert_nonnull (strstr (details, " for the certificate decided on"));

  close_window (window);
}

#define ADD(name, func) \
  g_test_add ("/certview/trust-window-check/" name, Fixture, factory, fixture_setup, func, \
              fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;

  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  ADD ("statuses", test_statuses);
  ADD ("check-now", test_check_now);
  ADD ("cancel", test_cancel);
  ADD ("sort", test_sort);
  ADD ("warn-days", test_warn_days);
  ADD ("select-servers", test_select_servers);
  ADD ("many", test_many);
  ADD ("replaced-elsewhere", test_replaced_elsewhere);
  ADD ("served-expiry", test_served_expiry);

  return g_test_run ();
}
