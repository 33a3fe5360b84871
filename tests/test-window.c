/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-application.h"
#include "cv-server-form.h"

#include "cv-cert-factory.h"
#include "cv-certificate.h"
#include "cv-demo-server.h"
#include "cv-field.h"
#include "cv-icon-warmup.h"
#include "cv-probe-result.h"
#include "cv-section.h"
#include "cv-target.h"
#include "cv-test-ui.h"
#include "cv-test-util.h"
#include "cv-trust-check.h"
#include "cv-window-testing.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#define WAIT_SECONDS 30

/* A test's own directory, with the root CA and the trust store that the windows
 * use, and the factory of main(), the test's data */
typedef struct
{
  CvTestDir      dir;
  CvCertFactory *factory;
} Fixture;

/* fontconfig keeps its configuration for the life of the process; everything of
 * ours is checked with g_assert_finalize_object() and LeakSanitizer */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  factory)
{
  g_autofree char *store = NULL;

  cv_test_dir_set_up (&fixture->dir, factory);
  fixture->factory = (CvCertFactory *) factory;
  /* Never the user's own saved decisions */
  store = g_build_filename (fixture->dir.dir, "trust.db", NULL);
  g_setenv ("CERTVIEW_TRUST_STORE", store, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  factory)
{
  cv_test_dir_tear_down (&fixture->dir, factory);
}

static CvDemoServer *
start_server (Fixture         *fixture,
              CvDemoBehaviour  behaviour,
              CvCertProblem    problems)
{
  return cv_test_start_demo_server (fixture->factory, CV_PROTOCOL_FTP_EXPLICIT, behaviour,
                                    problems);
}

static char *
server_url (CvDemoServer *server)
{
  return g_strdup_printf ("ftp://127.0.0.1:%u", cv_demo_server_get_port (server));
}

static CvWindow *
new_window (Fixture *fixture)
{
  CvWindow *window = g_object_ref (cv_window_new (NULL));

  cv_window_set_ca_file (window, fixture->dir.ca_file);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @done says so, or fails after @seconds */
static void
wait_for (gboolean (*done) (CvWindow *window),
          CvWindow  *window,
          double     seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (!done (window))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %.1f s waiting for the window", seconds);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake);
}

static gboolean
is_idle (CvWindow *window)
{
  return !cv_window_is_busy (window);
}

/* Lets the window lay out and draw what it has: first all rows of the report
 * (they come a few per frame), then @milliseconds more */
static void
settle (CvWindow *window,
        guint     milliseconds)
{
  gint64 limit = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  gint64 until;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (window != NULL &&
         cv_certificate_view_is_filling (cv_window_get_certificate_view (window)))
    {
      if (g_get_monotonic_time () > limit)
        g_error ("the certificate view did not show all its rows within %d s",
                 (int) WAIT_SECONDS);
      g_main_context_iteration (NULL, TRUE);
    }

  until = g_get_monotonic_time () + milliseconds * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);
}

static void
destroy_window (CvWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

static gboolean
icons_ready (CvWindow *window)
{
  return cv_icon_warmup_peek_ready (gtk_widget_get_display (GTK_WIDGET (window))) != NULL;
}

/* The icons a result brings are ready before one comes, under the very look-ups
 * the widgets make: GTK keeps an icon's image with the look-up that made it, so
 * an icon made ready under another size, direction or flags is made again, on
 * the main thread, in the frame that first shows it */
static void
test_icons_ready (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct
  {
    const char         *name;
    int                 size;
    GtkTextDirection    direction;
    GtkIconLookupFlags  flags;
  } asked[] = {
    /* The tree's expanders and the spinner, from CSS */
    { "pan-end-symbolic", 16, GTK_TEXT_DIR_NONE, 0 },
    { "pan-down-symbolic", 16, GTK_TEXT_DIR_NONE, 0 },
    { "process-working-symbolic", 16, GTK_TEXT_DIR_NONE, 0 },
    /* The banner's image, as its style first asks and as a new icon asks */
    { "channel-secure-symbolic", 24, GTK_TEXT_DIR_LTR, GTK_ICON_LOOKUP_PRELOAD },
    { "channel-secure-symbolic", 24, GTK_TEXT_DIR_LTR, 0 },
    { "channel-insecure-symbolic", 24, GTK_TEXT_DIR_LTR, GTK_ICON_LOOKUP_PRELOAD },
    { "channel-insecure-symbolic", 24, GTK_TEXT_DIR_LTR, 0 },
    { "network-error-symbolic", 24, GTK_TEXT_DIR_LTR, 0 },
    { "dialog-warning-symbolic", 24, GTK_TEXT_DIR_LTR, 0 },
  };
  CvWindow *window = new_window (fixture);
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (display);
  GPtrArray *ready;

  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_LTR);
  wait_for (icons_ready, window, WAIT_SECONDS);
  ready = cv_icon_warmup_peek_ready (display);
  for (guint i = 0; i < G_N_ELEMENTS (asked); i++)
    {
      g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, asked[i].name, NULL,
                                                                     asked[i].size, 1,
                                                                     asked[i].direction,
                                                                     asked[i].flags);

      g_test_message ("%s at %d, flags %d", asked[i].name, asked[i].size, asked[i].flags);
      g_assert_true (g_ptr_array_find (ready, icon, NULL));
    }

  destroy_window (window);
}

/* A widget of the window's template, or of the form's or the report pane's in it */
static GtkWidget *
template_child (CvWindow   *window,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), CV_TYPE_WINDOW, name);

  if (child == NULL)
    child = gtk_widget_get_template_child (GTK_WIDGET (cv_window_get_server_form (window)),
                                           CV_TYPE_SERVER_FORM, name);
  if (child == NULL)
    child = gtk_widget_get_template_child (GTK_WIDGET (cv_window_get_pane (window)),
                                           CV_TYPE_REPORT_PANE, name);
  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* Inspects @url as the command line hands it over, parsed once */
static void
inspect_url (CvWindow   *window,
             const char *url)
{
  g_autoptr(CvTarget) target = cv_target_parse (url, CV_PROTOCOL_FTP_EXPLICIT, NULL);

  g_assert_nonnull (target);
  cv_window_inspect (window, target);
}

/* Visible GtkLabels below @widget, in tree order */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static guint
count_labels (GtkWidget  *widget,
              const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint count = 0;

  collect_labels (widget, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      count++;

  return count;
}

/* The rows of the lists below @widget (a popover's too), in order */
static void
collect_list_items (GtkWidget *widget,
                    GPtrArray *rows)
{
  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) ==
      GTK_ACCESSIBLE_ROLE_LIST_ITEM && gtk_widget_get_child_visible (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_list_items (child, rows);
}

static void
test_template (Fixture       *fixture,
               gconstpointer  data)
{
  CvWindow *window = new_window (fixture);
  GtkWidget *entry = template_child (window, "server_entry");
  GtkWidget *drop_down = template_child (window, "protocol_drop_down");
  GtkWidget *spin = template_child (window, "port_spin_button");
  g_autofree char *banner = cv_window_dup_banner_text (window);

  g_assert_true (GTK_IS_APPLICATION_WINDOW (window));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (window)) ==
                 template_child (window, "inspect_button"));
  g_assert_false (cv_window_is_busy (window));
  g_assert_null (cv_window_get_report (window));
  g_assert_cmpstr (banner, ==, "");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Certview");
  g_assert_nonnull (cv_window_get_certificate_view (window));

  /* The protocol drop-down lists the three protocols, and the port follows it */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (drop_down))),
                    ==, 3);
  g_assert_cmpint (cv_window_get_protocol (window), ==, CV_PROTOCOL_FTP_EXPLICIT);
  g_assert_cmpuint (cv_window_get_port (window), ==, 21);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), CV_PROTOCOL_FTP_IMPLICIT);
  g_assert_cmpuint (cv_window_get_port (window), ==, 990);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), CV_PROTOCOL_DIRECT_TLS);
  g_assert_cmpuint (cv_window_get_port (window), ==, 443);

  /* Its popup's rows are named after their protocols, as their labels say */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    g_signal_emit_by_name (drop_down, "activate");
    settle (window, 200);
    collect_list_items (drop_down, rows);
    g_assert_cmpuint (rows->len, ==, CV_N_PROTOCOLS);
    for (guint i = 0; i < rows->len; i++)
      gtk_test_accessible_assert_property (g_ptr_array_index (rows, i),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           cv_protocol_get_label ((CvProtocol) i));
    g_signal_emit_by_name (drop_down, "activate");
    settle (window, 100);
  }

  /* A URL sets both */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ftps://files.example.com");
  g_assert_cmpint (cv_window_get_protocol (window), ==, CV_PROTOCOL_FTP_IMPLICIT);
  g_assert_cmpuint (cv_window_get_port (window), ==, 990);
  gtk_editable_set_text (GTK_EDITABLE (entry), "https://www.example.org:8443/path");
  g_assert_cmpint (cv_window_get_protocol (window), ==, CV_PROTOCOL_DIRECT_TLS);
  g_assert_cmpuint (cv_window_get_port (window), ==, 8443);
  gtk_editable_set_text (GTK_EDITABLE (entry), "[2001:db8::1]:2121");
  g_assert_cmpuint (cv_window_get_port (window), ==, 2121);

  /* A host alone leaves the port to the protocol, unless the user set the port */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ftp.example.com");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), CV_PROTOCOL_FTP_EXPLICIT);
  g_assert_cmpuint (cv_window_get_port (window), ==, 21);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2100);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), CV_PROTOCOL_FTP_IMPLICIT);
  g_assert_cmpuint (cv_window_get_port (window), ==, 2100);

  /* The user's port or protocol, against a URL that says otherwise, writes the URL
   * anew: the field names the server that Inspect connects to */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ftp://files.example.com:2121");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==,
                   "ftp://files.example.com:2100");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), CV_PROTOCOL_DIRECT_TLS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==,
                   "tls://files.example.com:2100");
  g_assert_cmpint (cv_window_get_protocol (window), ==, CV_PROTOCOL_DIRECT_TLS);
  g_assert_cmpuint (cv_window_get_port (window), ==, 2100);
  /* The Port field changes the port, not the protocol: 990 alone would say FTPS,
   * so the text says its scheme (finding: the arrows from 989 switched the
   * protocol to FTPS) */
  gtk_editable_set_text (GTK_EDITABLE (entry), "files.example.com:21");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 990);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==,
                   "ftp://files.example.com:990");
  g_assert_cmpint (cv_window_get_protocol (window), ==, CV_PROTOCOL_FTP_EXPLICIT);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==,
                   "ftp://files.example.com:2100");

  /* Finding: typing "localhost:9921" went through ":992", a direct TLS port, and
   * Direct TLS stayed; the same text given whole stayed FTP. Typed key by key, a
   * port says as much as the whole text, and the user's choice comes back. */
  {
    const struct { CvProtocol chosen; const char *text; CvProtocol expected; } typed[] = {
      { CV_PROTOCOL_FTP_EXPLICIT, "localhost:9921", CV_PROTOCOL_FTP_EXPLICIT },
      { CV_PROTOCOL_FTP_EXPLICIT, "localhost:9901", CV_PROTOCOL_FTP_EXPLICIT },
      { CV_PROTOCOL_FTP_IMPLICIT, "localhost:44303", CV_PROTOCOL_FTP_IMPLICIT },
      { CV_PROTOCOL_DIRECT_TLS, "localhost:2100", CV_PROTOCOL_DIRECT_TLS },
      { CV_PROTOCOL_FTP_EXPLICIT, "localhost:992", CV_PROTOCOL_DIRECT_TLS },
    };

    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        guint port_before;

        gtk_editable_set_text (GTK_EDITABLE (entry), "");
        gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), typed[i].chosen);
        port_before = cv_window_get_port (window);
        for (gsize n = 1; typed[i].text[n - 1] != '\0'; n++)
          {
            g_autofree char *prefix = g_strndup (typed[i].text, n);

            gtk_editable_set_text (GTK_EDITABLE (entry), prefix);
          }
        g_test_message ("typed %s", typed[i].text);
        g_assert_cmpint (cv_window_get_protocol (window), ==, typed[i].expected);
        /* The port rubbed out again, key by key: the choice holds, with its port */
        for (gsize n = strlen (typed[i].text); n >= strlen ("localhost"); n--)
          {
            g_autofree char *prefix = g_strndup (typed[i].text, n);

            gtk_editable_set_text (GTK_EDITABLE (entry), prefix);
          }
        g_assert_cmpint (cv_window_get_protocol (window), ==, typed[i].chosen);
        g_assert_cmpuint (cv_window_get_port (window), ==, port_before);
      }
  }

  /* Finding: a port the user set in the Port field was lost when a port typed in
   * the text was rubbed out again */
  gtk_editable_set_text (GTK_EDITABLE (entry), "localhost");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2121);
  gtk_editable_set_text (GTK_EDITABLE (entry), "localhost:9");
  g_assert_cmpuint (cv_window_get_port (window), ==, 9);
  gtk_editable_set_text (GTK_EDITABLE (entry), "localhost");
  g_assert_cmpuint (cv_window_get_port (window), ==, 2121);

  /* Finding: with "localhost:992" in the field, choosing FTPS in the drop-down
   * went straight back to Direct TLS, as the port alone says. The text takes a
   * scheme instead. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "localhost:992");
  g_assert_cmpint (cv_window_get_protocol (window), ==, CV_PROTOCOL_DIRECT_TLS);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), CV_PROTOCOL_FTP_IMPLICIT);
  g_assert_cmpint (cv_window_get_protocol (window), ==, CV_PROTOCOL_FTP_IMPLICIT);
  g_assert_cmpuint (cv_window_get_port (window), ==, 992);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "ftps://localhost:992");

  /* A malformed address is refused in the banner, and nothing starts */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ftp://bad host");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect", NULL);
  g_assert_false (cv_window_is_busy (window));
  g_clear_pointer (&banner, g_free);
  banner = cv_window_dup_banner_text (window);
  g_assert_true (g_str_has_prefix (banner, "Check the Server Address"));

  destroy_window (window);
}

static gboolean
has_section_titled (GListModel *tree,
                    const char *title)
{
  guint n_items = g_list_model_get_n_items (tree);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (tree, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (gtk_tree_list_row_get_depth (row) == 0 && CV_IS_SECTION (item) &&
          g_strcmp0 (cv_section_get_title (CV_SECTION (item)), title) == 0)
        return gtk_tree_list_row_get_expanded (row);
    }

  return FALSE;
}

static void
test_inspect_valid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url (server);
  g_autofree char *banner = NULL;
  CvWindow *window = new_window (fixture);
  CvCertificateView *view = cv_window_get_certificate_view (window);
  GListModel *tree;
  CvReport *report;
  guint n_rows;
  gboolean expanded_member = FALSE;

  inspect_url (window, url);
  g_assert_true (cv_window_is_busy (window));
  g_assert_cmpstr (cv_window_get_progress_text (window), !=, "");
  wait_for (is_idle, window, WAIT_SECONDS);

  report = cv_window_get_report (window);
  g_assert_nonnull (report);
  g_object_add_weak_pointer (G_OBJECT (report), (gpointer *) &report);
  g_assert_true (cv_report_get_valid (report));
  banner = cv_window_dup_banner_text (window);
  g_assert_true (g_str_has_prefix (banner, "Valid Certificate\n"));

  /* The certificate's sections are the top-level rows, expanded at start */
  tree = G_LIST_MODEL (cv_certificate_view_get_tree_model (view));
  for (guint i = 0; i < 5; i++)
    {
      const char *titles[] = {
        "Issued To", "Issued By", "Validity", "Certificate Chain", "Connection"
      };
      g_assert_true (has_section_titled (tree, titles[i]));
    }

  /* They are on screen too */
  settle (window, 300);
  g_assert_cmpuint (count_labels (GTK_WIDGET (view), "Issued To"), ==, 1);
  g_assert_cmpuint (count_labels (GTK_WIDGET (view), "Validity"), ==, 1);
  g_assert_cmpuint (count_labels (GTK_WIDGET (view), "Invalid"), ==, 0);

  /* A chain member expands into its own sections */
  n_rows = g_list_model_get_n_items (tree);
  for (guint i = 0; i < n_rows && !expanded_member; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (tree, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (CV_IS_FIELD (item) && gtk_tree_list_row_is_expandable (row))
        {
          g_assert_false (gtk_tree_list_row_get_expanded (row));
          gtk_tree_list_row_set_expanded (row, TRUE);
          g_assert_cmpuint (g_list_model_get_n_items (tree), >, n_rows);
          expanded_member = TRUE;
        }
    }
  g_assert_true (expanded_member);

  destroy_window (window);
  g_assert_null (report);
}

/* The rows of the server certificate's own sections that carry the mark */
static char *
marked_rows (CvCertificateView *view)
{
  GListModel *tree = G_LIST_MODEL (cv_certificate_view_get_tree_model (view));
  g_autoptr(GPtrArray) marked = g_ptr_array_new_with_free_func (g_free);
  guint n_items = g_list_model_get_n_items (tree);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (tree, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);
      g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (row);
      g_autoptr(GObject) section = NULL;

      if (!CV_IS_FIELD (item) || !cv_field_get_invalid (CV_FIELD (item)))
        continue;

      g_assert_nonnull (parent);
      g_assert_nonnull (cv_field_get_reason (CV_FIELD (item)));
      section = gtk_tree_list_row_get_item (parent);
      g_assert_true (CV_IS_SECTION (section));
      /* The mark sits on the section's first field */
      g_assert_cmpuint (gtk_tree_list_row_get_position (row), ==,
                        gtk_tree_list_row_get_position (parent) + 1);
      g_ptr_array_add (marked, g_strdup_printf ("%s/%s", cv_section_get_id (CV_SECTION (section)),
                                                cv_field_get_id (CV_FIELD (item))));
    }

  g_ptr_array_add (marked, NULL);
  return g_strjoinv (",", (char **) marked->pdata);
}

static const char *
first_section_id (CvReport *report)
{
  g_autoptr(CvSection) first = g_list_model_get_item (cv_report_get_tree (report), 0);

  return cv_section_get_id (first);
}

/* The top-level row the tree shows first */
static const char *
first_shown_section_id (CvWindow *window)
{
  GtkTreeListModel *tree = cv_certificate_view_get_tree_model (
    cv_window_get_certificate_view (window));
  g_autoptr(CvSection) first = g_list_model_get_item (gtk_tree_list_model_get_model (tree), 0);

  return cv_section_get_id (first);
}

/* Always Trust for @report's certificate at 127.0.0.1:@port, made now */
static CvTrustEntry *
decide_trust (CvReport *report,
              guint16   port)
{
  g_autoptr(CvTrustCheck) check = cv_trust_check_new (NULL, "127.0.0.1", port, report);

  return cv_trust_check_decide (check, CV_TRUST_DECISION_TRUST, FALSE);
}

/* A decision saved for this certificate turns the banner green and says so in the
 * tree; one saved for another key shows what changed */
static void
test_saved_decision (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_EXPIRED);
  g_autoptr(CvDemoServer) other = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                CV_CERT_PROBLEM_SELF_SIGNED);
  g_autofree char *url = server_url (server);
  g_autofree char *other_url = server_url (other);
  g_autofree char *store_path = g_build_filename (fixture->dir.dir, "saved-decision.db", NULL);
  g_autoptr(CvTrustStore) store = cv_trust_store_new (store_path);
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(CvTrustEntry) stale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *banner = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *marked = NULL;
  CvWindow *window = new_window (fixture);
  CvReport *report;

  cv_window_set_trust_store_path (window, store_path);
  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);
  report = cv_window_get_report (window);
  g_assert_nonnull (report);
  g_assert_cmpstr (first_section_id (report), ==, "issued-to");
  g_assert_cmpstr (first_shown_section_id (window), ==, "issued-to");
  g_assert_false (gtk_widget_get_visible (cv_window_get_change_warning (window)));

  /* Trusted for this server, and the same decision for the other server's port,
   * whose certificate has another key */
  entry = decide_trust (report, cv_demo_server_get_port (server));
  stale = decide_trust (report, cv_demo_server_get_port (other));
  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_true (cv_trust_store_save (store, stale, &error));
  g_assert_no_error (error);

  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);
  report = cv_window_get_report (window);
  banner = cv_window_dup_banner_text (window);
  g_test_message ("%s", banner);
  g_assert_true (g_str_has_prefix (banner, "Trusted by Your Decision"));
  /* Shown above the tree; the report itself stays as it was made */
  g_assert_cmpstr (first_shown_section_id (window), ==, "saved-decision");
  g_assert_cmpstr (first_section_id (report), ==, "issued-to");
  /* The facts stay marked */
  marked = marked_rows (cv_window_get_certificate_view (window));
  g_assert_cmpstr (marked, ==, "validity/not-before");

  inspect_url (window, other_url);
  wait_for (is_idle, window, WAIT_SECONDS);
  g_clear_pointer (&banner, g_free);
  banner = cv_window_dup_banner_text (window);
  g_assert_false (g_str_has_prefix (banner, "Trusted"));
  g_assert_true (gtk_widget_get_visible (cv_window_get_change_warning (window)));
  warning = cv_change_warning_dup_text (
    CV_CHANGE_WARNING (cv_window_get_change_warning (window)));
  g_assert_nonnull (strstr (warning, cv_trust_entry_get_certificate_sha256 (stale)));

  destroy_window (window);
}

/* Finding: a valid certificate the user chose to always reject showed a green
 * "Valid Certificate", the decision only in the tree below */
static void
test_rejected_valid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url (server);
  g_autofree char *store_path = g_build_filename (fixture->dir.dir, "rejected.db", NULL);
  g_autoptr(CvTrustStore) store = cv_trust_store_new (store_path);
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *banner = NULL;
  CvWindow *window = new_window (fixture);

  cv_window_set_trust_store_path (window, store_path);
  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);
  g_assert_true (cv_report_get_valid (cv_window_get_report (window)));
  banner = cv_window_dup_banner_text (window);
  g_assert_true (g_str_has_prefix (banner, "Valid Certificate"));

  check = cv_trust_check_new (NULL, "127.0.0.1", cv_demo_server_get_port (server),
                              cv_window_get_report (window));
  entry = cv_trust_check_decide (check, CV_TRUST_DECISION_REJECT, FALSE);
  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);

  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);
  g_clear_pointer (&banner, g_free);
  banner = cv_window_dup_banner_text (window);
  g_test_message ("%s", banner);
  g_assert_true (g_str_has_prefix (banner, "Rejected by Your Decision"));
  g_assert_nonnull (strstr (banner, "to always reject this certificate of 127.0.0.1:"));
  g_assert_nonnull (strstr (banner, "although on its own it is valid"));
  g_assert_cmpstr (first_shown_section_id (window), ==, "saved-decision");

  destroy_window (window);
}

/* A store that cannot be read is said, not passed over: its decisions count for
 * nothing here */
static void
test_unusable_store (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_SELF_SIGNED);
  g_autofree char *url = server_url (server);
  g_autofree char *path = cv_test_write_file (fixture->dir.dir, "not-a-store", "# .bashrc\n");
  g_autofree char *text = NULL;
  CvWindow *window = new_window (fixture);
  GtkLabel *label;

  cv_window_set_trust_store_path (window, path);
  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);

  g_assert_true (gtk_revealer_get_reveal_child (
    GTK_REVEALER (template_child (window, "notice_revealer"))));
  label = GTK_LABEL (template_child (window, "notice_label"));
  g_test_message ("%s", gtk_label_get_text (label));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "not a Certview trust store"));
  /* Finding: it said to name another file, not how */
  g_assert_nonnull (strstr (gtk_label_get_text (label), "start Certview with --trust-store"));
  /* Finding: wrapped at 800 pixels, in French, it read "--trust-" and "store" */
  cv_test_assert_label_keeps_whole (label, "--trust-store FILE");
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "# .bashrc\n");

  destroy_window (window);
}

static void
test_invalid_marks (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_EXPIRED |
                                                 CV_CERT_PROBLEM_WRONG_HOST);
  g_autofree char *url = server_url (server);
  g_autofree char *banner = NULL;
  g_autofree char *marked = NULL;
  CvWindow *window = new_window (fixture);
  CvCertificateView *view = cv_window_get_certificate_view (window);
  CvReport *report;
  GPtrArray *reasons;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);

  report = cv_window_get_report (window);
  g_assert_nonnull (report);
  g_assert_false (cv_report_get_valid (report));

  /* Only the first field of Issued To and of Validity, in tree order */
  marked = marked_rows (view);
  g_assert_cmpstr (marked, ==, "issued-to/common-name,validity/not-before");

  /* The banner gives every reason in words */
  banner = cv_window_dup_banner_text (window);
  reasons = cv_report_get_reasons (report);
  g_assert_cmpuint (reasons->len, ==, 2);
  for (guint i = 0; i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      g_assert_cmpint (reason->section, !=, CV_VERDICT_SECTION_NONE);
      g_assert_nonnull (strstr (banner, reason->message));
    }
  g_assert_false (g_str_has_prefix (banner, "Invalid Certificate"));

  /* On screen: two visible "Invalid" marks, each in the row after its section's
   * title, with the reason shown in the value column */
  settle (window, 300);
  collect_labels (GTK_WIDGET (view), labels);
  g_assert_cmpuint (count_labels (GTK_WIDGET (view), "Invalid"), ==, 2);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (labels->pdata[i]);

      if (g_strcmp0 (text, "Issued To") == 0 || g_strcmp0 (text, "Validity") == 0)
        {
          /* title, [value of the title row,] first field's label, mark */
          gboolean found = FALSE;

          for (guint j = i + 1; j < MIN (i + 5, labels->len); j++)
            found |= g_strcmp0 (gtk_label_get_text (labels->pdata[j]), "Invalid") == 0;
          g_assert_true (found);
        }
    }
  for (guint i = 0; i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      g_assert_cmpuint (count_labels (GTK_WIDGET (view), reason->message), ==, 1);
    }

  destroy_window (window);
}

/* Finding: with another server name (SNI), the banner named the host alone,
 * while the certificate was checked against the other name */
static void
test_server_name_shown (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url (server);
  g_autofree char *banner = NULL;
  g_autofree char *expected = NULL;
  CvWindow *window = new_window (fixture);

  cv_window_set_server_name (window, "other.example");
  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);
  banner = cv_window_dup_banner_text (window);
  g_test_message ("%s", banner);
  expected = g_strdup_printf (":%u, asked for other.example\n", cv_demo_server_get_port (server));
  g_assert_nonnull (strstr (banner, expected));
  /* Checked against that name, which the certificate does not carry */
  g_assert_false (cv_report_get_valid (cv_window_get_report (window)));

  destroy_window (window);
}

static void
test_cancel_silent (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_SILENT,
                                                 CV_CERT_PROBLEM_NONE);
  g_autoptr(CvDemoServer) good = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                               CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url (server);
  g_autofree char *good_url = server_url (good);
  g_autofree char *banner = NULL;
  CvWindow *window = new_window (fixture);
  gint64 start;
  gint64 elapsed;

  inspect_url (window, url);
  settle (window, 300);
  g_assert_true (cv_window_is_busy (window));
  /* The empty page gives no advice to press Inspect while the run goes on */
  g_assert_false (gtk_widget_get_visible (template_child (window, "empty_hint")));

  /* Cancel (the button, and Escape) returns to idle at once */
  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  wait_for (is_idle, window, 1);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("Idle %" G_GINT64_FORMAT " us after Cancel", elapsed);
  g_assert_cmpint (elapsed, <, 100 * 1000);

  /* No banner and no report, a notice that says why, and the late end of the
   * run changes nothing */
  settle (window, 300);
  g_assert_false (cv_window_is_busy (window));
  g_assert_null (cv_window_get_report (window));
  banner = cv_window_dup_banner_text (window);
  g_assert_cmpstr (banner, ==, "");
  g_assert_cmpstr (cv_window_get_progress_text (window), ==, "");
  g_assert_true (gtk_revealer_get_reveal_child (
    GTK_REVEALER (template_child (window, "notice_revealer"))));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (template_child (window, "notice_label"))), ==,
                   "The inspection was cancelled.");
  g_assert_true (gtk_widget_get_visible (template_child (window, "empty_hint")));
  /* Escape with nothing running says nothing */
  cv_report_pane_hide_notice (cv_window_get_pane (window));
  cv_window_cancel (window);
  settle (window, 100);
  g_assert_false (gtk_revealer_get_reveal_child (
    GTK_REVEALER (template_child (window, "notice_revealer"))));

  /* A new run replaces a running one */
  inspect_url (window, url);
  settle (window, 100);
  inspect_url (window, good_url);
  wait_for (is_idle, window, WAIT_SECONDS);
  g_assert_nonnull (cv_window_get_report (window));
  g_clear_pointer (&banner, g_free);
  banner = cv_window_dup_banner_text (window);
  g_assert_true (g_str_has_prefix (banner, "Valid Certificate"));

  destroy_window (window);
}

static void
test_auth_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_AUTH_REFUSED,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url (server);
  g_autofree char *banner = NULL;
  CvWindow *window = new_window (fixture);

  cv_demo_server_set_auth_reply (server, 534);
  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);

  g_assert_null (cv_window_get_report (window));
  banner = cv_window_dup_banner_text (window);
  g_test_message ("Banner: %s", banner);
  g_assert_true (g_str_has_prefix (banner, "Could Not Inspect 127.0.0.1:"));
  g_assert_nonnull (strstr (banner, "534"));

  destroy_window (window);
}

static void
test_close_mid_run (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_SILENT,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url (server);
  CvWindow *window = new_window (fixture);

  inspect_url (window, url);
  settle (window, 200);
  g_assert_true (cv_window_is_busy (window));

  /* The run is cancelled, and its end finds no window to touch */
  destroy_window (window);
  settle (NULL, 300);
}

/* The window's target for dropped files */
static GtkDropTarget *
file_drop_target (CvWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller) &&
          gtk_drop_target_get_gtypes (GTK_DROP_TARGET (controller), NULL)[0] ==
            GDK_TYPE_FILE_LIST)
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* @file dropped on @window, as from a file manager */
static void
drop_file (CvWindow *window,
           GFile    *file)
{
  GtkDropTarget *target = file_drop_target (window);
  g_auto(GValue) value = G_VALUE_INIT;
  GSList *files = g_slist_append (NULL, file);
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free (files);

  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
}

/* How a file reaches the window */
typedef enum
{
  BY_OPEN,        /* Open… (Ctrl+O) */
  BY_DROP,        /* dropped on the window */
  BY_TYPED_PATH,  /* its path in the Server field, then Enter */
  BY_TYPED_URI,   /* its file:// URI there, as a drop on the field leaves it */
} FileWay;

static void enter_and_wait (CvWindow  *window,
                            GtkWidget *editable);

/* A certificate file that reaches the window @way is read on a worker and shown
 * with its verdict; the Server field names no server then */
static void
check_file_opens (Fixture *fixture,
                  FileWay  way)
{
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *path = NULL;
  g_autofree char *banner = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  CvWindow *window = new_window (fixture);
  GtkWidget *entry = template_child (window, "server_entry");
  CvReport *report;

  cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_EXPIRED, 0,
                         &chain_pem, &key_pem, &error);
  g_assert_no_error (error);
  path = cv_test_write_file (fixture->dir.dir, "expired.pem", chain_pem);
  file = g_file_new_for_path (path);

  switch (way)
    {
    case BY_OPEN:
      cv_window_open_file (window, file);
      break;
    case BY_DROP:
      drop_file (window, file);
      break;
    case BY_TYPED_PATH:
    case BY_TYPED_URI:
      {
        g_autofree char *uri = g_file_get_uri (file);
        g_autofree char *typed = g_strdup_printf (" %s\n", way == BY_TYPED_URI ? uri : path);

        gtk_widget_grab_focus (entry);
        gtk_editable_set_text (GTK_EDITABLE (entry), typed);
        enter_and_wait (window, entry);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  wait_for (is_idle, window, WAIT_SECONDS);

  report = cv_window_get_report (window);
  g_assert_nonnull (report);
  g_assert_cmpstr (cv_report_get_file (report), ==, path);
  g_assert_false (cv_report_get_valid (report));
  banner = cv_window_dup_banner_text (window);
  g_assert_nonnull (strstr (banner, "expired"));
  /* A path typed there stays; a file from elsewhere leaves the field empty */
  if (way == BY_TYPED_PATH)
    g_assert_nonnull (strstr (gtk_editable_get_text (GTK_EDITABLE (entry)), path));
  else if (way == BY_TYPED_URI)
    g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (entry)), " file://"));
  else
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  destroy_window (window);
}

/* Finding: a file path typed in the Server field, mistyped or naming a file that
 * is no certificate, was cleared when the file could not be read, and had to be
 * typed again. It stays there, with the keyboard on it, as a bad address does. */
static void
test_typed_file_fails (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir.dir, "misspelt.pem", NULL);
  g_autofree char *garbage = cv_test_write_file (fixture->dir.dir, "garbage.pem", "no PEM\n");
  const char *paths[] = { missing, garbage };
  CvWindow *window = new_window (fixture);
  GtkWidget *entry = template_child (window, "server_entry");

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *banner = NULL;

      gtk_widget_grab_focus (template_child (window, "inspect_button"));
      gtk_editable_set_text (GTK_EDITABLE (entry), paths[i]);
      enter_and_wait (window, entry);

      g_assert_null (cv_window_get_report (window));
      banner = cv_window_dup_banner_text (window);
      g_test_message ("%s: %s", paths[i], banner);
      g_assert_nonnull (strstr (banner, "Could Not Open the Certificate File"));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, paths[i]);
      g_assert_true (gtk_widget_is_focus (entry) ||
                     gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
    }

  destroy_window (window);
}

static void
test_open_file (Fixture       *fixture,
                gconstpointer  data)
{
  check_file_opens (fixture, BY_OPEN);
}

static void
test_drop_file (Fixture       *fixture,
                gconstpointer  data)
{
  check_file_opens (fixture, BY_DROP);
}

static void
test_typed_file (Fixture       *fixture,
                 gconstpointer  data)
{
  check_file_opens (fixture, BY_TYPED_PATH);
  check_file_opens (fixture, BY_TYPED_URI);
}

/* The windows of @application that show a report */
static guint
count_windows_with_report (GtkApplication *application)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (CV_IS_WINDOW (l->data) && cv_window_get_report (l->data) != NULL)
      n++;
  return n;
}

static gboolean
three_reports (CvWindow *window)
{
  return count_windows_with_report (gtk_window_get_application (GTK_WINDOW (window))) == 3;
}

/* Finding: of several files dropped on the window only the first opened; the
 * others were dropped with a critical warning, since the application did not
 * handle opening files. Each of the others opens in a window of its own. */
static void
test_drop_several_files (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CvApplication) application = cv_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GValue) value = G_VALUE_INIT;
  GSList *list = NULL;
  gboolean accepted = FALSE;
  CvWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  window = cv_window_new (GTK_APPLICATION (application));
  cv_window_set_ca_file (window, fixture->dir.ca_file);
  gtk_window_present (GTK_WINDOW (window));

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *chain_pem = NULL;
      g_autofree char *key_pem = NULL;
      g_autofree char *name = g_strdup_printf ("dropped-%u.pem", i);
      g_autofree char *path = NULL;

      cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                             &chain_pem, &key_pem, &error);
      g_assert_no_error (error);
      path = cv_test_write_file (fixture->dir.dir, name, chain_pem);
      g_ptr_array_add (files, g_file_new_for_path (path));
      list = g_slist_append (list, g_ptr_array_index (files, i));
    }
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free (list);
  g_signal_emit_by_name (file_drop_target (window), "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);

  wait_for (three_reports, window, WAIT_SECONDS);
  /* Finding: a revoked certificate read from a file read as valid with no word
   * that its revocation was not checked */
  {
    g_autofree char *banner = cv_window_dup_banner_text (window);

    g_test_message ("%s", banner);
    g_assert_nonnull (strstr (banner, "Neither a host name nor revocation was checked"));
  }
  while (gtk_application_get_windows (GTK_APPLICATION (application)) != NULL)
    gtk_window_destroy (gtk_application_get_windows (GTK_APPLICATION (application))->data);
}

/* Finding: with no certificate shown, one Tab from Inspect rested on the pane that
 * scrolls the result, which showed no focus and had no name. Tab goes on to the
 * next control. */
static void
test_empty_no_invisible_stop (Fixture       *fixture,
                              gconstpointer  data)
{
  CvWindow *window = new_window (fixture);
  GtkWidget *focus;
  GtkWidget *inspect_button = template_child (window, "inspect_button");
  GtkWidget *open_button = template_child (window, "open_button");
  gboolean header_reached = FALSE;
  guint presses = 0;

  gtk_widget_grab_focus (inspect_button);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_test_message ("after Inspect: %s", G_OBJECT_TYPE_NAME (focus));
  g_assert_false (GTK_IS_SCROLLED_WINDOW (focus));
  g_assert_false (GTK_IS_VIEWPORT (focus));

  /* Finding: and from there on Tab went nowhere, staying on Inspect: the header's
   * buttons were reached only backwards. Tab goes round the window and back to the
   * Server field */
  g_assert_true (focus != inspect_button);
  while (!gtk_widget_is_ancestor (focus, GTK_WIDGET (cv_window_get_server_form (window))))
    {
      GtkWidget *before = focus;

      header_reached |= focus == open_button;
      g_assert_cmpuint (++presses, <, 20);
      /* At the end of the chain the window lets go, and the next Tab starts over */
      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_test_message ("Tab: %s", G_OBJECT_TYPE_NAME (focus));
      g_assert_true (focus != before);
    }
  g_assert_true (header_reached);
  destroy_window (window);
}

/* The top-level rows: which are expanded, as "id:1,id:0,…" */
static char *
expanded_sections (CvWindow *window)
{
  GtkTreeListModel *tree = cv_certificate_view_get_tree_model (
    cv_window_get_certificate_view (window));
  GListModel *root = gtk_tree_list_model_get_model (tree);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (root); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (tree, i);
      g_autoptr(CvSection) section = g_list_model_get_item (root, i);

      g_string_append_printf (out, "%s%s:%d", out->len > 0 ? "," : "",
                              cv_section_get_id (section), gtk_tree_list_row_get_expanded (row));
    }

  return g_string_free (out, FALSE);
}

/* Sections start expanded, but a long chain starts collapsed: each row shown
 * costs widgets on the main loop */
static void
test_long_chain_collapsed (Fixture       *fixture,
                           gconstpointer  data)
{
  const struct { guint extra; const char *chain; } cases[] = {
    { 0, "chain:1" },
    { 12, "chain:0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *chain_pem = NULL;
      g_autofree char *key_pem = NULL;
      g_autofree char *name = g_strdup_printf ("chain-%u.pem", cases[i].extra);
      g_autofree char *path = NULL;
      g_autofree char *expanded = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;
      CvWindow *window = new_window (fixture);

      cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, cases[i].extra,
                             &chain_pem, &key_pem, &error);
      g_assert_no_error (error);
      path = cv_test_write_file (fixture->dir.dir, name, chain_pem);
      file = g_file_new_for_path (path);
      cv_window_open_file (window, file);
      wait_for (is_idle, window, WAIT_SECONDS);

      expanded = expanded_sections (window);
      g_test_message ("%u extra: %s", cases[i].extra, expanded);
      g_assert_true (g_str_has_prefix (expanded, "issued-to:1,issued-by:1,validity:1,"));
      g_assert_nonnull (strstr (expanded, cases[i].chain));

      destroy_window (window);
    }
}

static gboolean
file_written (CvWindow *window)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (template_child (window,
                                                                      "notice_revealer")));
}

static void
read_text_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source_object), result, &error);
  g_assert_no_error (error);
}

static void
test_export_and_copy (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url (server);
  g_autofree char *path = g_build_filename (fixture->dir.dir, "chain.pem", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CvWindow *window = new_window (fixture);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_autofree char *root_pem = NULL;
  CvCertificate *root;
  const char *notice;
  CvReport *report;
  gint64 deadline;
  guint count = 0;

  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);
  report = cv_window_get_report (window);
  g_assert_nonnull (report);

  /* The whole chain as PEM, as the tree lists it: the leaf, its intermediate and
   * (finding: it was left out) the trusted root the server did not send, last */
  root = cv_report_get_trusted_root (report);
  g_assert_nonnull (root);
  cv_window_export (window, file, TRUE);
  wait_for (file_written, window, WAIT_SECONDS);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  for (const char *p = contents; (p = strstr (p, "-----BEGIN CERTIFICATE-----")) != NULL; p++)
    count++;
  g_assert_cmpuint (count, ==,
                    g_list_model_get_n_items (cv_report_get_certificates (report)) + 1);
  g_assert_cmpuint (count, >=, 3);
  root_pem = cv_certificate_to_pem (root);
  g_assert_true (g_str_has_suffix (contents, root_pem));
  notice = gtk_label_get_text (GTK_LABEL (template_child (window, "notice_label")));
  g_test_message ("%s", notice);
  g_assert_nonnull (strstr (notice, ", with the trusted root “"));

  /* The server certificate's SHA-256 fingerprint */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-fingerprint", NULL));
  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &copied);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (copied == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (copied, ==, cv_certificate_get_sha256 (cv_report_get_leaf (report)));

  /* Finding: a failed export gave GIO's message, which names the file a second
   * time in other quotes, and not what to do */
  {
    g_autofree char *missing = g_build_filename (fixture->dir.dir, "missing", "cert.pem",
                                                 NULL);
    g_autoptr(GFile) nowhere = g_file_new_for_path (missing);
    g_autofree char *expected = g_strdup_printf ("Could not save %s: the folder does not "
                                                 "exist, or cannot hold files. Choose "
                                                 "another folder.", missing);

    cv_report_pane_hide_notice (cv_window_get_pane (window));
    cv_window_export (window, nowhere, FALSE);
    wait_for (file_written, window, WAIT_SECONDS);
    notice = gtk_label_get_text (GTK_LABEL (template_child (window, "notice_label")));
    g_assert_cmpstr (notice, ==, expected);
    g_assert_true (gtk_widget_has_css_class (template_child (window, "notice"), "warning"));
  }

  destroy_window (window);
}

/* Finding: the completion offered a recent server only for what it began with,
 * scheme and all, so typing its host ("loc") offered nothing for
 * "tls://localhost:990". The host after a scheme counts as a beginning too. */
static void
test_recent_server_matches (void)
{
  g_assert_true (cv_server_form_recent_matches ("tls://localhost:990", "tls://l"));
  g_assert_true (cv_server_form_recent_matches ("tls://localhost:990", "loc"));
  g_assert_true (cv_server_form_recent_matches ("ftp.example.com", "ftp."));
  g_assert_false (cv_server_form_recent_matches ("tls://localhost:990", "host"));
  g_assert_false (cv_server_form_recent_matches ("tls://localhost:990", "990"));
  g_assert_false (cv_server_form_recent_matches ("ftp.example.com", "example"));
}

/* After a successful inspection the Server text goes first in the recent servers,
 * once, the list bounded; the settings keep them for the completion */
static void
test_recent_servers (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url (server);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_auto(GStrv) saved = NULL;
  const char * const *recent;
  CvWindow *window;
  guint n_fifth = 0;

  g_settings_reset (settings, "recent-servers");
  window = new_window (fixture);
  g_assert_cmpuint (g_strv_length ((char **) cv_window_get_recent_servers (window)), ==, 0);

  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);
  g_assert_nonnull (cv_window_get_report (window));
  recent = cv_window_get_recent_servers (window);
  g_assert_cmpuint (g_strv_length ((char **) recent), ==, 1);
  g_assert_cmpstr (recent[0], ==, url);

  /* A failed inspection is not remembered */
  inspect_url (window, "ftp://127.0.0.1:1");
  wait_for (is_idle, window, WAIT_SECONDS);
  recent = cv_window_get_recent_servers (window);
  g_assert_cmpuint (g_strv_length ((char **) recent), ==, 1);

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("ftp%u.example.com", i);

      cv_window_remember_server (window, name);
    }
  cv_window_remember_server (window, "  ftp5.example.com ");
  cv_window_remember_server (window, "   ");

  recent = cv_window_get_recent_servers (window);
  g_assert_cmpuint (g_strv_length ((char **) recent), ==, 10);
  g_assert_cmpstr (recent[0], ==, "ftp5.example.com");
  g_assert_cmpstr (recent[1], ==, "ftp11.example.com");
  g_assert_false (g_strv_contains (recent, url));
  for (guint i = 0; recent[i] != NULL; i++)
    n_fifth += g_str_equal (recent[i], "ftp5.example.com");
  g_assert_cmpuint (n_fifth, ==, 1);

  saved = g_settings_get_strv (settings, "recent-servers");
  g_assert_true (g_strv_equal ((const char * const *) saved, recent));
  destroy_window (window);

  /* A new window completes from them */
  window = new_window (fixture);
  g_assert_cmpstr (cv_window_get_recent_servers (window)[0], ==, "ftp5.example.com");
  g_assert_nonnull (gtk_entry_get_completion (GTK_ENTRY (template_child (window,
                                                                         "server_entry"))));
  destroy_window (window);
  g_settings_reset (settings, "recent-servers");
}

/* What Enter in a text field does: GtkText binds it to its "activate" signal, which
 * activates the window's default widget (activates-default) and which GtkEntry and
 * GtkSpinButton pass on */
static void
press_enter_in (GtkWidget *editable)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (editable));

  g_assert_true (GTK_IS_TEXT (delegate));
  g_signal_emit_by_name (delegate, "activate");
}

static void
count_runs_cb (CvWindow   *window,
               GParamSpec *pspec,
               guint      *n_runs)
{
  if (cv_window_is_busy (window))
    (*n_runs)++;
}

static gboolean
run_started (CvWindow *window)
{
  return *(guint *) g_object_get_data (G_OBJECT (window), "test-runs") > 0;
}

/* Presses Enter in @editable and waits until one run has started (a default button,
 * like a click, acts after a moment) and ended; fails when none starts */
static void
enter_and_wait (CvWindow  *window,
                GtkWidget *editable)
{
  guint n_runs = 0;
  gulong handler = g_signal_connect (window, "notify::busy", G_CALLBACK (count_runs_cb),
                                     &n_runs);

  g_object_set_data (G_OBJECT (window), "test-runs", &n_runs);
  press_enter_in (editable);
  wait_for (run_started, window, 2);
  wait_for (is_idle, window, WAIT_SECONDS);
  g_signal_handler_disconnect (window, handler);
  g_object_set_data (G_OBJECT (window), "test-runs", NULL);
  g_assert_cmpuint (n_runs, ==, 1);
}

/* The host:port of the server the shown report comes from */
static char *
dup_shown_server (CvWindow *window)
{
  CvReport *report = cv_window_get_report (window);
  CvProbeResult *result;

  g_assert_nonnull (report);
  result = cv_report_get_probe_result (report);
  g_assert_nonnull (result);
  return cv_target_to_string (cv_probe_result_get_target (result));
}

/* Typing a server and pressing Enter inspects it, every time in the same window,
 * after a failure too; each result is shown under the server it comes from */
static void
test_enter_each_time (Fixture       *fixture,
                      gconstpointer  data)
{
  CvDemoServer *servers[3] = { NULL };
  CvWindow *window = new_window (fixture);
  GtkWidget *entry = template_child (window, "server_entry");
  g_autofree char *banner = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    servers[i] = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL, CV_CERT_PROBLEM_NONE);

  /* A first run that fails (nothing listens on port 1) */
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "ftp://127.0.0.1:1");
  enter_and_wait (window, entry);
  g_assert_null (cv_window_get_report (window));
  banner = cv_window_dup_banner_text (window);
  g_assert_true (g_str_has_prefix (banner, "Could Not Inspect 127.0.0.1:1\n"));

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autofree char *url = server_url (servers[i]);
      g_autofree char *hostport = g_strdup_printf ("127.0.0.1:%u",
                                                   cv_demo_server_get_port (servers[i]));
      g_autofree char *shown = NULL;

      /* Select all, type the next server, Enter */
      gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
      gtk_editable_set_text (GTK_EDITABLE (entry), url);
      enter_and_wait (window, entry);

      shown = dup_shown_server (window);
      g_assert_cmpstr (shown, ==, hostport);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, url);
      g_clear_pointer (&banner, g_free);
      banner = cv_window_dup_banner_text (window);
      g_assert_nonnull (strstr (banner, hostport));
      g_assert_null (strstr (banner, "Showing"));
    }

  /* Enter in the port field inspects too, as the Inspect button would */
  enter_and_wait (window, template_child (window, "port_spin_button"));
  g_assert_nonnull (cv_window_get_report (window));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (window)) ==
                 template_child (window, "inspect_button"));

  destroy_window (window);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    g_object_unref (servers[i]);
}

/* The title and the banner name the server a result comes from */
static void
test_subject_server (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_EXPIRED);
  g_autofree char *url = server_url (server);
  g_autofree char *hostport = g_strdup_printf ("127.0.0.1:%u",
                                               cv_demo_server_get_port (server));
  g_autofree char *title = g_strdup_printf ("%s — Certview", hostport);
  g_autofree char *banner = NULL;
  CvWindow *window = new_window (fixture);

  inspect_url (window, url);
  /* Nothing is shown while the run goes */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Certview");
  wait_for (is_idle, window, WAIT_SECONDS);
  g_assert_nonnull (cv_window_get_report (window));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
  banner = cv_window_dup_banner_text (window);
  g_test_message ("%s", banner);
  g_assert_true (g_str_has_prefix (banner, "This Certificate Is Not Valid\n"));
  g_assert_nonnull (strstr (banner, hostport));
  g_assert_null (strstr (banner, "Showing"));

  destroy_window (window);
}

/* A file shown after a server: the form no longer shows the server, and the title
 * and the banner name the file */
static void
test_subject_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url (server);
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *path = NULL;
  g_autofree char *banner = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GtkRevealer *notice_revealer;
  GtkLabel *notice_label;
  CvWindow *window = new_window (fixture);
  GtkWidget *entry = template_child (window, "server_entry");

  cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_EXPIRED, 0,
                         &chain_pem, &key_pem, &error);
  g_assert_no_error (error);
  path = cv_test_write_file (fixture->dir.dir, "subject.pem", chain_pem);
  file = g_file_new_for_path (path);

  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);
  g_assert_nonnull (cv_window_get_report (window));

  cv_window_open_file (window, file);
  wait_for (is_idle, window, WAIT_SECONDS);
  g_assert_cmpstr (cv_report_get_file (cv_window_get_report (window)), ==, path);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "subject.pem — Certview");
  banner = cv_window_dup_banner_text (window);
  g_test_message ("%s", banner);
  g_assert_nonnull (strstr (banner, "subject.pem"));
  g_assert_null (strstr (banner, "127.0.0.1"));

  /* Finding: the port of the server before stayed beside the empty form */
  g_assert_cmpuint (cv_window_get_port (window), ==, 21);

  /* Typing a server over a file's result says what is shown */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ftp.example.com");
  g_clear_pointer (&banner, g_free);
  banner = cv_window_dup_banner_text (window);
  g_assert_nonnull (strstr (banner, "Showing subject.pem; press Enter to inspect the new "
                                    "address"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "subject.pem — Certview");

  /* Finding: an address that cannot be inspected took the result's banner, and left
   * the file's certificate under "Check the Server Address". Nothing was inspected:
   * the result keeps its verdict, and a notice says what is wrong. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ftp://bad host");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect", NULL);
  g_assert_false (cv_window_is_busy (window));
  g_assert_nonnull (cv_window_get_report (window));
  g_clear_pointer (&banner, g_free);
  banner = cv_window_dup_banner_text (window);
  g_test_message ("%s", banner);
  g_assert_true (g_str_has_prefix (banner, "This Certificate Is Not Valid\n"));
  /* Finding: the banner still said to press Enter, which was just refused */
  g_assert_nonnull (strstr (banner, "Showing subject.pem, not what the Server field says"));
  g_assert_null (strstr (banner, "press Enter"));
  notice_revealer = GTK_REVEALER (template_child (window, "notice_revealer"));
  notice_label = GTK_LABEL (template_child (window, "notice_label"));
  g_assert_true (gtk_revealer_get_reveal_child (notice_revealer));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (notice_label),
                                   "Check the server address: "));

  /* Finding: Enter in the emptied form did not read the file again */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect", NULL);
  g_assert_true (cv_window_is_busy (window));
  wait_for (is_idle, window, WAIT_SECONDS);
  g_assert_cmpstr (cv_report_get_file (cv_window_get_report (window)), ==, path);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "subject.pem — Certview");

  /* Nor once the file could not be read for a while */
  {
    g_autofree char *moved = g_strconcat (path, ".away", NULL);

    g_assert_cmpint (g_rename (path, moved), ==, 0);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect", NULL);
    wait_for (is_idle, window, WAIT_SECONDS);
    g_assert_null (cv_window_get_report (window));
    g_assert_cmpint (g_rename (moved, path), ==, 0);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect", NULL);
    wait_for (is_idle, window, WAIT_SECONDS);
    g_assert_nonnull (cv_window_get_report (window));
    g_assert_cmpstr (cv_report_get_file (cv_window_get_report (window)), ==, path);
  }

  destroy_window (window);
}

/* Editing the form after a result marks the result as the old server's, until the
 * form names that server again */
static void
test_subject_edited (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CvDemoServer) server = start_server (fixture, CV_DEMO_BEHAVIOUR_NORMAL,
                                                 CV_CERT_PROBLEM_NONE);
  g_autofree char *url = server_url (server);
  g_autofree char *hostport = g_strdup_printf ("127.0.0.1:%u",
                                               cv_demo_server_get_port (server));
  g_autofree char *title = g_strdup_printf ("%s — Certview", hostport);
  g_autofree char *stale = g_strdup_printf ("Showing %s; press Enter to inspect the new "
                                            "address", hostport);
  g_autofree char *banner = NULL;
  CvWindow *window = new_window (fixture);
  GtkWidget *entry = template_child (window, "server_entry");
  GtkWidget *spin = template_child (window, "port_spin_button");
  guint port = cv_demo_server_get_port (server);

  inspect_url (window, url);
  wait_for (is_idle, window, WAIT_SECONDS);
  g_assert_nonnull (cv_window_get_report (window));

  gtk_editable_set_text (GTK_EDITABLE (entry), "ftp.example.com");
  banner = cv_window_dup_banner_text (window);
  g_test_message ("%s", banner);
  g_assert_true (g_str_has_prefix (banner, "Valid Certificate\n"));
  g_assert_nonnull (strstr (banner, stale));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);

  /* Back to the server shown: nothing to mark */
  gtk_editable_set_text (GTK_EDITABLE (entry), url);
  g_clear_pointer (&banner, g_free);
  banner = cv_window_dup_banner_text (window);
  g_assert_null (strstr (banner, "Showing"));
  g_assert_nonnull (strstr (banner, hostport));

  /* Another port is another server */
  gtk_editable_set_text (GTK_EDITABLE (entry), "127.0.0.1");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), port == 65535 ? 1 : port + 1);
  g_clear_pointer (&banner, g_free);
  banner = cv_window_dup_banner_text (window);
  g_assert_nonnull (strstr (banner, stale));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), port);
  g_clear_pointer (&banner, g_free);
  banner = cv_window_dup_banner_text (window);
  g_assert_null (strstr (banner, "Showing"));

  destroy_window (window);
}

/* The rows the completion popup of @entry offers, "|"-separated */
static char *
dup_completion_rows (GtkWidget *entry)
{
  GtkEntryCompletion *completion = gtk_entry_get_completion (GTK_ENTRY (entry));
  GtkWidget *tree_view = NULL;
  GtkTreeModel *model;
  GtkTreeIter iter;
  g_autoptr(GString) rows = g_string_new (NULL);
  gboolean valid;

  /* GtkEntryCompletion (GTK 4.8) shows its matches in a GtkTreeView in a popover
   * that is a child of the entry */
  for (GtkWidget *child = gtk_widget_get_first_child (entry);
       child != NULL && tree_view == NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_POPOVER (child))
        continue;
      for (GtkWidget *node = gtk_widget_get_first_child (child);
           node != NULL;
           node = gtk_widget_get_first_child (node))
        if (GTK_IS_TREE_VIEW (node))
          {
            tree_view = node;
            break;
          }
    }
  g_assert_nonnull (completion);
  g_assert_nonnull (tree_view);

  model = gtk_tree_view_get_model (GTK_TREE_VIEW (tree_view));
  for (valid = model != NULL && gtk_tree_model_get_iter_first (model, &iter);
       valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *text = NULL;

      gtk_tree_model_get (model, &iter, gtk_entry_completion_get_text_column (completion),
                          &text, -1);
      g_string_append_printf (rows, "%s%s", rows->len > 0 ? "|" : "", text);
    }

  return g_strdup (rows->str);
}

/* The recent servers complete what is typed by prefix (of the text, or of its host
 * after a scheme), whatever the case, and the list never holds an empty server */
static void
test_recent_completion (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  const char * const saved[] = {
    "ftps://ftp.example.com", "", "FTP.Example.org:2121", "sftp-gateway.example.net", "  ",
    "files.example.net", NULL
  };
  const struct { const char *typed; const char *offered; } cases[] = {
    { "ftp", "ftps://ftp.example.com|FTP.Example.org:2121" },
    /* The host after a scheme too */
    { "FTP.e", "ftps://ftp.example.com|FTP.Example.org:2121" },
    { "Files", "files.example.net" },
    { "example", "" },
    { "gateway", "" },
    /* A blank server, offered for a space, would be an empty row */
    { " ", "" },
  };
  const char * const *recent;
  CvWindow *window;
  GtkWidget *entry;

  g_settings_set_strv (settings, "recent-servers", saved);
  window = new_window (fixture);
  entry = template_child (window, "server_entry");

  recent = cv_window_get_recent_servers (window);
  g_assert_cmpuint (g_strv_length ((char **) recent), ==, 4);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (recent[i]));

      g_assert_cmpstr (stripped, !=, "");
    }

  gtk_widget_grab_focus (entry);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *offered = NULL;

      gtk_editable_set_text (GTK_EDITABLE (entry), cases[i].typed);
      gtk_entry_completion_complete (gtk_entry_get_completion (GTK_ENTRY (entry)));
      settle (window, 50);
      offered = dup_completion_rows (entry);
      g_test_message ("%s: %s", cases[i].typed, offered);
      g_assert_cmpstr (offered, ==, cases[i].offered);
    }

  destroy_window (window);
  g_settings_reset (settings, "recent-servers");
}

/* The size is saved on close and restored; the default protocol comes from the settings,
 * for the form and for a server given without a scheme */
static void
test_settings_size (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  CvWindow *window;
  int width = 0;
  int height = 0;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 520);
  g_settings_set_string (settings, "default-protocol", "direct-tls");

  window = new_window (fixture);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 520);
  g_assert_cmpint (cv_window_get_protocol (window), ==, CV_PROTOCOL_DIRECT_TLS);
  g_assert_cmpuint (cv_window_get_port (window), ==, 443);

  /* A command-line server without a scheme takes the setting too */
  {
    g_autoptr(CvTarget) typed = cv_target_parse ("127.0.0.1", CV_PROTOCOL_FTP_EXPLICIT, NULL);
    g_autoptr(CvTarget) named = cv_target_parse ("ftp://127.0.0.1", CV_PROTOCOL_FTP_EXPLICIT,
                                                 NULL);

    cv_window_inspect (window, typed);
    cv_window_cancel (window);
    g_assert_cmpint (cv_window_get_protocol (window), ==, CV_PROTOCOL_DIRECT_TLS);
    g_assert_cmpuint (cv_window_get_port (window), ==, 443);
    cv_window_inspect (window, named);
    cv_window_cancel (window);
    g_assert_cmpint (cv_window_get_protocol (window), ==, CV_PROTOCOL_FTP_EXPLICIT);
    g_assert_cmpuint (cv_window_get_port (window), ==, 21);
  }

  gtk_window_set_default_size (GTK_WINDOW (window), 820, 610);
  settle (window, 100);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = new_window (fixture);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 820);
  g_assert_cmpint (height, ==, 610);
  destroy_window (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "default-protocol");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;

  /* Accessible properties as the tests set them, kept in the process: the AT-SPI
   * registry, started on demand in this private session, would write to the TAP
   * stream; tests/check-accessible.py checks the tree over AT-SPI */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add ("/certview/window/" path, Fixture, factory, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("template", test_template);
  ADD ("inspect-valid", test_inspect_valid);
  ADD ("invalid-marks", test_invalid_marks);
  ADD ("saved-decision", test_saved_decision);
  ADD ("rejected-valid", test_rejected_valid);
  ADD ("cancel-silent", test_cancel_silent);
  ADD ("server-name-shown", test_server_name_shown);
  ADD ("auth-refused", test_auth_refused);
  ADD ("close-mid-run", test_close_mid_run);
  ADD ("open-file", test_open_file);
  ADD ("drop-file", test_drop_file);
  ADD ("typed-file", test_typed_file);
  ADD ("typed-file-fails", test_typed_file_fails);
  ADD ("drop-several-files", test_drop_several_files);
  ADD ("empty-no-invisible-stop", test_empty_no_invisible_stop);
  ADD ("unusable-store", test_unusable_store);
  ADD ("long-chain-collapsed", test_long_chain_collapsed);
  ADD ("export-and-copy", test_export_and_copy);
  ADD ("recent-servers", test_recent_servers);
  g_test_add_func ("/certview/window/recent-server-matches", test_recent_server_matches);
  ADD ("settings-size", test_settings_size);
  ADD ("enter-each-time", test_enter_each_time);
  ADD ("subject-server", test_subject_server);
  ADD ("subject-file", test_subject_file);
  ADD ("subject-edited", test_subject_edited);
  ADD ("recent-completion", test_recent_completion);
  ADD ("icons-ready", test_icons_ready);
#undef ADD

  return g_test_run ();
}
