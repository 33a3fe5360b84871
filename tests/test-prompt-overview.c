/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the prompt shows above the tree: the overview of a real report from the
 * built-in server (fingerprint, dates, issuer, TLS version and cipher), its Copy
 * button and accessible names; the change warning's height; and, once the window
 * holds them, the prompt's minimum size in English, German and French.
 */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-certificate.h"
#include "cv-change-warning.h"
#include "cv-decision-bar.h"
#include "cv-inspect.h"
#include "cv-prompt-overview.h"
#include "cv-test-util.h"
#include "cv-trust-check.h"
#include "cv-trust-store.h"
#include "cv-window-testing.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <string.h>

#define WAIT_SECONDS 20
/* The change warning at the prompt's width, in any language, and the window */
#define CHANGE_WARNING_MAX_HEIGHT 420
#define WINDOW_WIDTH 800
#define WINDOW_HEIGHT 600

/* fontconfig keeps its configuration for the life of the process */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

static const char * const languages[] = { "en", "de", "fr" };

/* What main() makes once for the tests: the factory, and one inspection of the
 * built-in server with one of its certificates */
typedef struct
{
  CvCertFactory *factory;
  CvReport      *report;
  char          *name;
} Served;

/* A prompt-fits case: the prompt in @language, in a directory of its own */
typedef struct
{
  const Served *served;
  const char   *language;
} PromptCase;

/* The strings of templates built from now on come from @language's catalogue in
 * the build directory ("en": none, the source strings) */
static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  /* Setting the locale again drops gettext's cache of what LANGUAGE said before */
  setlocale (LC_ALL, "");
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
iterate_until (gboolean (*done) (gpointer data),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %d s", WAIT_SECONDS);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake);
}

static GPtrArray *
issue_chain (CvCertFactory *factory,
             CvCertProblem  problems)
{
  g_autofree char *chain_pem = cv_test_issue_chain_pem (factory, "localhost", problems);

  return cv_test_chain_from_pem (chain_pem);
}

/* A decision about another certificate of localhost:@port, with another key */
static CvTrustEntry *
decide_other (CvCertFactory *factory,
              guint16        port)
{
  g_autoptr(GPtrArray) chain = issue_chain (factory, CV_CERT_PROBLEM_SELF_SIGNED);
  g_autoptr(CvReport) report = NULL;
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(GError) error = NULL;

  report = cv_report_new_for_chain (chain, "localhost", NULL, &error);
  g_assert_no_error (error);
  check = cv_trust_check_new (NULL, "localhost", port, report);
  return cv_trust_check_decide (check, CV_TRUST_DECISION_TRUST, FALSE);
}

static GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
overview_text (CvPromptOverview *overview,
               const char       *name)
{
  return gtk_label_get_text (GTK_LABEL (child (GTK_WIDGET (overview),
                                               CV_TYPE_PROMPT_OVERVIEW, name)));
}

static void
test_format_fingerprint (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "", "" },
    { "ab", "ab" },
    { "ab:cd:ef:01", "ab:cd:ef:01" },
    { "ab:cd:ef:01:23", "ab:cd:ef:01 23" },
    { "00:11:22:33:44:55:66:77:88", "00:11:22:33 44:55:66:77 88" },
    { "00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10",
      "00:01:02:03 04:05:06:07 08:09:0a:0b 0c:0d:0e:0f\n10" },
    /* Not hex pairs: as it is */
    { "sha256//abc", "sha256//abc" },
    { "ab:c:ef", "ab:c:ef" },
    { "ab:cd:", "ab:cd:" },
    { "zz:cd", "zz:cd" },
  };
  g_autofree char *sha256 = NULL;
  g_autofree char *grouped = NULL;
  guint8 bytes[32];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = cv_prompt_overview_format_fingerprint (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }

  /* A SHA-256: two lines of four groups of four bytes, 8 × 11 characters, 6 spaces
   * and a line break */
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = i * 7;
  sha256 = cv_format_fingerprint (bytes, sizeof bytes);
  grouped = cv_prompt_overview_format_fingerprint (sha256);
  g_assert_cmpuint (strlen (grouped), ==, 8 * 11 + 7);
  g_assert_cmpstr (g_strstr_len (grouped, -1, " "), ==, grouped + 11);
  g_assert_true (g_str_has_prefix (grouped, "00:07:0e:15 1c:23:2a:31 "));
  g_assert_cmpint (strchr (grouped, '\n') - grouped, ==, 4 * 11 + 3);
  g_assert_cmpstr (strchr (grouped, '\n') + 1, ==,
                   "70:77:7e:85 8c:93:9a:a1 a8:af:b6:bd c4:cb:d2:d9");
}

static void
test_shows_report (gconstpointer data)
{
  const Served *served = data;
  CvPromptOverview *overview = CV_PROMPT_OVERVIEW (g_object_ref_sink (cv_prompt_overview_new ()));
  CvCertificate *leaf = cv_report_get_leaf (served->report);
  CvProbeResult *probe_result = cv_report_get_probe_result (served->report);
  const char *sha256 = cv_certificate_get_sha256 (leaf);
  g_autofree char *grouped = cv_prompt_overview_format_fingerprint (sha256);
  g_autofree char *not_before = cv_format_date_time (cv_certificate_get_not_before (leaf));
  g_autofree char *not_after = cv_format_date_time (cv_certificate_get_not_after (leaf));
  g_autofree char *text = NULL;
  const char *validity;

  /* Empty until given a report */
  g_assert_false (gtk_widget_get_visible (child (GTK_WIDGET (overview), CV_TYPE_PROMPT_OVERVIEW,
                                                 "fingerprint_label")));

  cv_prompt_overview_set_report (overview, served->report, served->name);
  text = cv_prompt_overview_dup_text (overview);
  g_test_message ("%s", text);

  g_assert_true (cv_prompt_overview_get_report (overview) == served->report);
  g_assert_cmpstr (cv_prompt_overview_get_server (overview), ==, served->name);
  g_assert_cmpstr (overview_text (overview, "server_label"), ==, served->name);
  g_assert_cmpstr (overview_text (overview, "fingerprint_label"), ==, grouped);
  g_assert_cmpstr (overview_text (overview, "issuer_label"), ==,
                   cv_certificate_get_issuer_display_name (leaf));
  validity = overview_text (overview, "validity_label");
  g_assert_true (g_str_has_prefix (validity, not_before));
  g_assert_true (g_str_has_suffix (validity, not_after));

  g_assert_nonnull (probe_result);
  g_assert_nonnull (cv_probe_result_get_tls_version (probe_result));
  g_assert_nonnull (cv_probe_result_get_cipher (probe_result));
  g_assert_nonnull (strstr (overview_text (overview, "connection_label"),
                            cv_probe_result_get_tls_version (probe_result)));
  g_assert_nonnull (strstr (overview_text (overview, "connection_label"),
                            cv_probe_result_get_cipher (probe_result)));
  g_assert_nonnull (strstr (text, "SHA-256: "));
  g_assert_nonnull (strstr (text, cv_certificate_get_issuer_display_name (leaf)));

  /* Compact: no wider than the window's own minimum, and a few lines tall */
  {
    int min_width = 0;
    int min_height = 0;

    gtk_widget_measure (GTK_WIDGET (overview), GTK_ORIENTATION_HORIZONTAL, -1,
                        &min_width, NULL, NULL, NULL);
    gtk_widget_measure (GTK_WIDGET (overview), GTK_ORIENTATION_VERTICAL, 560,
                        &min_height, NULL, NULL, NULL);
    g_test_message ("overview: minimum width %d, minimum height at 560: %d",
                    min_width, min_height);
    g_assert_cmpint (min_width, <=, 400);
    g_assert_cmpint (min_height, <=, 200);
  }

  g_assert_finalize_object (overview);
}

/* Finding: the prompt for a server that requires a client certificate did not
 * say so, although the program that transfers the files then needs one */
static void
test_client_certificate (gconstpointer data)
{
  const Served *served = data;
  CvPromptOverview *overview = CV_PROMPT_OVERVIEW (g_object_ref_sink (cv_prompt_overview_new ()));
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *connection;

  server = cv_test_start_demo_server (served->factory, CV_PROTOCOL_DIRECT_TLS,
                                      CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED,
                                      CV_CERT_PROBLEM_NONE);
  target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                          CV_PROTOCOL_DIRECT_TLS);
  probe = cv_probe_new (target);
  report = cv_inspect (probe, NULL, NULL, &error);
  g_assert_no_error (error);

  cv_prompt_overview_set_report (overview, report, "localhost");
  connection = overview_text (overview, "connection_label");
  g_test_message ("%s", connection);
  g_assert_cmpstr (connection, ==, "TLS1.2; the server requires a client certificate");

  /* A server that does not ask: nothing said */
  cv_prompt_overview_set_report (overview, served->report, served->name);
  g_assert_null (strstr (overview_text (overview, "connection_label"), "client certificate"));

  g_assert_finalize_object (overview);
}

/* A report of a local chain has no connection: the row goes */
static void
test_no_connection (gconstpointer data)
{
  const Served *served = data;
  CvPromptOverview *overview = CV_PROMPT_OVERVIEW (g_object_ref_sink (cv_prompt_overview_new ()));
  g_autoptr(GPtrArray) chain = issue_chain (served->factory, CV_CERT_PROBLEM_EXPIRED);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = cv_report_new_for_chain (chain, "localhost", NULL, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  cv_prompt_overview_set_report (overview, report, "localhost:2121");
  g_assert_false (gtk_widget_get_visible (child (GTK_WIDGET (overview), CV_TYPE_PROMPT_OVERVIEW,
                                                 "connection_label")));
  g_assert_false (gtk_widget_get_visible (child (GTK_WIDGET (overview), CV_TYPE_PROMPT_OVERVIEW,
                                                 "connection_title")));
  text = cv_prompt_overview_dup_text (overview);
  g_assert_null (strstr (text, "Connection"));
  g_assert_nonnull (strstr (text, "localhost:2121"));

  /* And NULL empties it */
  cv_prompt_overview_set_report (overview, NULL, NULL);
  g_assert_null (cv_prompt_overview_get_report (overview));
  g_clear_pointer (&text, g_free);
  text = cv_prompt_overview_dup_text (overview);
  g_assert_cmpstr (text, ==, "");
  g_assert_finalize_object (overview);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source_object), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
read_clipboard (GdkClipboard *clipboard)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, &read);
  iterate_until (clipboard_read_done, &read);
  return read.text;
}

static void
test_copy_fingerprint (gconstpointer data)
{
  const Served *served = data;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *overview = cv_prompt_overview_new ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (overview);
  GtkWidget *copy_button = child (overview, CV_TYPE_PROMPT_OVERVIEW, "copy_button");
  g_autofree char *copied = NULL;
  g_autofree char *copied_again = NULL;

  gtk_window_set_child (window, overview);
  gtk_window_present (window);

  /* Nothing to copy yet */
  g_assert_false (gtk_widget_is_sensitive (copy_button));

  cv_prompt_overview_set_report (CV_PROMPT_OVERVIEW (overview), served->report, served->name);
  g_assert_true (gtk_widget_is_sensitive (copy_button));

  gdk_clipboard_set_text (clipboard, "something else");
  g_signal_emit_by_name (copy_button, "clicked");
  copied = read_clipboard (clipboard);
  /* The fingerprint as the tree writes it, not in the groups the label shows */
  g_assert_cmpstr (copied, ==,
                   cv_certificate_get_sha256 (cv_report_get_leaf (served->report)));

  gdk_clipboard_set_text (clipboard, "something else");
  g_assert_true (gtk_widget_activate_action (overview, "overview.copy-fingerprint", NULL));
  copied_again = read_clipboard (clipboard);
  g_assert_cmpstr (copied_again, ==, copied);

  gtk_window_destroy (window);
}

static void
test_accessible (gconstpointer data)
{
  const Served *served = data;
  GtkWidget *overview = g_object_ref_sink (cv_prompt_overview_new ());
  const char *values[] = { "server_label", "fingerprint_label", "validity_label",
                           "issuer_label", "connection_label" };
  const char *titles[] = { "server_title", "fingerprint_title", "validity_title",
                           "issuer_title", "connection_title" };
  GtkWidget *copy_button = child (overview, CV_TYPE_PROMPT_OVERVIEW, "copy_button");
  guint named = 0;

  cv_prompt_overview_set_report (CV_PROMPT_OVERVIEW (overview), served->report, served->name);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (overview), GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (overview),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Certificate Summary");
  /* An icon alone says nothing to a screen reader */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (copy_button),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Copy SHA-256 Fingerprint");
  g_assert_nonnull (gtk_widget_get_tooltip_text (copy_button));
  /* Every value is named by its title, said first. Finding: with the title as
   * a labelled-by relation, GTK 4.8 said the value first, the 32 bytes of a
   * fingerprint before the word "SHA-256" */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      GtkWidget *value = child (overview, CV_TYPE_PROMPT_OVERVIEW, values[i]);
      GtkWidget *title = child (overview, CV_TYPE_PROMPT_OVERVIEW, titles[i]);
      g_autofree char *expected = g_strdup_printf ("%s: %s", gtk_label_get_text (GTK_LABEL (title)),
                                                   gtk_label_get_text (GTK_LABEL (value)));

      if (!gtk_widget_get_visible (value))
        continue;
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (value),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
      g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (value),
                                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY));
      named++;
    }
  g_assert_cmpuint (named, ==, G_N_ELEMENTS (values));

  g_assert_finalize_object (overview);
}

static void
test_change_warning_height (gconstpointer data)
{
  const Served *served = data;
  g_autoptr(CvTrustEntry) saved = decide_other (served->factory, 2121);
  CvCertificate *leaf = cv_report_get_leaf (served->report);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      CvChangeWarning *warning;
      g_autofree char *text = NULL;
      int min_width = 0;
      int min_height = 0;
      int height_560 = 0;

      use_language (languages[i]);
      warning = CV_CHANGE_WARNING (g_object_ref_sink (cv_change_warning_new ()));
      cv_change_warning_set (warning, saved, leaf);

      gtk_widget_measure (GTK_WIDGET (warning), GTK_ORIENTATION_HORIZONTAL, -1,
                          &min_width, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (warning), GTK_ORIENTATION_VERTICAL, -1,
                          &min_height, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (warning), GTK_ORIENTATION_VERTICAL, 560,
                          &height_560, NULL, NULL, NULL);
      g_test_message ("change warning (%s): minimum %d×%d, minimum height at 560: %d",
                      languages[i], min_width, min_height, height_560);
      g_assert_cmpint (min_width, <=, 560);
      g_assert_cmpint (height_560, <=, CHANGE_WARNING_MAX_HEIGHT);

      /* Both fingerprints in full, as the tree writes them */
      text = cv_change_warning_dup_text (warning);
      g_assert_nonnull (strstr (text, cv_trust_entry_get_certificate_sha256 (saved)));
      g_assert_nonnull (strstr (text, cv_certificate_get_sha256 (leaf)));

      /* Finding: a screen reader heard "Issued By" for both values; each is named
       * by its row and its column. Finding: and after its value, which it now
       * follows */
      {
        static const char *values[][3] = {
          { "old_issuer_label", "issuer_title", "saved_column_title" },
          { "new_issuer_label", "issuer_title", "served_column_title" },
          { "old_expires_label", "expires_title", "saved_column_title" },
          { "new_expires_label", "expires_title", "served_column_title" },
          { "old_date_label", "old_date_title", "saved_column_title" },
          { "new_date_label", "old_date_title", "served_column_title" },
        };

        for (guint j = 0; j < G_N_ELEMENTS (values); j++)
          {
            GObject *objects[3];
            g_autofree char *title = NULL;
            g_autofree char *expected = NULL;
            g_autofree char *wrong = NULL;

            for (guint k = 0; k < 3; k++)
              objects[k] = gtk_widget_get_template_child (GTK_WIDGET (warning),
                                                          CV_TYPE_CHANGE_WARNING, values[j][k]);
            /* Row, column, then the value (between them ": ", or in French " : ") */
            title = g_strdup_printf ("%s, %s", gtk_label_get_text (GTK_LABEL (objects[1])),
                                     gtk_label_get_text (GTK_LABEL (objects[2])));
            g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (objects[0]),
                                                             GTK_ACCESSIBLE_PROPERTY_LABEL));
            expected = g_strdup_printf ("%s: %s", title,
                                        gtk_label_get_text (GTK_LABEL (objects[0])));
            wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (objects[0]),
                                                        GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                        expected);
            if (wrong != NULL)
              {
                g_autofree char *french = g_strdup_printf (
                  "%s : %s", title, gtk_label_get_text (GTK_LABEL (objects[0])));

                g_clear_pointer (&wrong, g_free);
                wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (objects[0]),
                                                            GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                            french);
              }
            g_assert_null (wrong);
          }
      }

      g_assert_finalize_object (warning);
    }
  use_language ("en");
}

static gboolean
window_allocated (gpointer data)
{
  GtkWidget *window = data;

  return gtk_widget_get_mapped (window) && gtk_widget_get_height (window) > 0;
}

static gboolean
pause_done (gpointer data)
{
  return g_get_monotonic_time () > *(gint64 *) data;
}

/* With CV_TEST_SCREENSHOT_DIR set, @window as drawn goes to DIR/@name.png, to be
 * looked at (under a window manager at the screen size the test is about) */
static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *dir = g_getenv ("CV_TEST_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  gint64 until = g_get_monotonic_time () + 300 * 1000;
  int width;
  int height;

  if (dir == NULL)
    return;

  /* Let the revealers and the first frames settle */
  iterate_until (pause_done, &until);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file_name = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

/* The prompt window in @language, measured: with the change warning when @changed,
 * in the confirmation step of Always Trust when @confirming; its store in @dir */
static void
measure_prompt (CvTestDir    *dir,
                const Served *served,
                const char   *language,
                gboolean      changed,
                gboolean      confirming)
{
  g_autofree char *name = g_strdup_printf ("trust-%s-%d-%d.db", language, changed, confirming);
  g_autofree char *store_path = g_build_filename (dir->dir, name, NULL);
  g_autoptr(CvTrustStore) store = cv_trust_store_new (store_path);
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  CvProbeResult *probe_result = cv_report_get_probe_result (served->report);
  CvTarget *target = cv_probe_result_get_target (probe_result);
  CvDecisionBar *bar;
  CvPromptWindow *window;
  GtkWidget *button;
  graphene_rect_t bounds;
  int min_width = 0;
  int min_height = 0;
  int height_800 = 0;

  use_language (language);

  if (changed)
    {
      g_autoptr(CvTrustEntry) other = decide_other (served->factory,
                                                    cv_target_get_port (target));

      g_assert_true (cv_trust_store_save (store, other, &error));
      g_assert_no_error (error);
    }
  check = cv_trust_check_new (store, cv_target_get_host (target), cv_target_get_port (target),
                              served->report);
  g_assert_cmpint (cv_trust_check_get_status (check) == CV_TRUST_STATUS_CHANGED, ==, changed);

  window = cv_prompt_window_new (NULL, check, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), WINDOW_WIDTH, WINDOW_HEIGHT);
  bar = cv_prompt_window_get_decision_bar (window);
  if (confirming)
    {
      g_signal_emit_by_name (child (GTK_WIDGET (bar), CV_TYPE_DECISION_BAR, "always_button"),
                             "clicked");
      g_assert_true (cv_decision_bar_is_confirming (bar));
    }
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (window_allocated, window);

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, min_width,
                      &min_height, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, WINDOW_WIDTH,
                      &height_800, NULL, NULL, NULL);
  g_test_message ("prompt (%s%s%s): minimum %d×%d, minimum height at %d: %d; shown %d×%d",
                  language, changed ? ", changed" : "", confirming ? ", confirming" : "",
                  min_width, min_height, WINDOW_WIDTH, height_800,
                  gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)));

  g_assert_cmpint (min_width, <=, WINDOW_WIDTH);
  g_assert_cmpint (min_height, <, WINDOW_HEIGHT);
  g_assert_cmpint (height_800, <, WINDOW_HEIGHT);

  /* The decisions are in the window without scrolling */
  button = child (GTK_WIDGET (bar), CV_TYPE_DECISION_BAR,
                  confirming ? "confirm_button" : "reject_button");
  g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (GTK_WIDGET (window)));
  /* And so is the overview */
  {
    GtkWidget *overview = GTK_WIDGET (cv_prompt_window_get_prompt_overview (window));

    g_assert_true (gtk_widget_get_visible (overview));
    g_assert_true (gtk_widget_compute_bounds (overview, GTK_WIDGET (window), &bounds));
    g_assert_cmpfloat (bounds.origin.y, <, gtk_widget_get_height (GTK_WIDGET (window)));
  }

  {
    g_autofree char *shot = g_strdup_printf ("prompt-%s%s%s", language,
                                             changed ? "-changed" : "",
                                             confirming ? "-confirming" : "");
    save_screenshot (GTK_WIDGET (window), shot);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  use_language ("en");
}

/* The set-up of g_test_add (path, CvTestDir, PromptCase, …): a directory without CA
 * file */
static void
prompt_dir_set_up (CvTestDir     *dir,
                   gconstpointer  data)
{
  cv_test_dir_set_up (dir, NULL);
}

static void
test_prompt_fits (CvTestDir     *dir,
                  gconstpointer  data)
{
  const PromptCase *test_case = data;
  const char *language = test_case->language;

  measure_prompt (dir, test_case->served, language, FALSE, FALSE);
  measure_prompt (dir, test_case->served, language, TRUE, FALSE);
  measure_prompt (dir, test_case->served, language, TRUE, TRUE);
}

static void
inspect_demo_server (Served *served)
{
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  g_autoptr(GError) error = NULL;

  server = cv_test_start_demo_server (served->factory, CV_PROTOCOL_FTP_EXPLICIT,
                                      CV_DEMO_BEHAVIOUR_NORMAL, CV_CERT_PROBLEM_NONE);
  target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                          CV_PROTOCOL_FTP_EXPLICIT);
  probe = cv_probe_new (target);
  /* No CA file: an issuer nobody here trusts, the case the prompt is for */
  served->report = cv_inspect (probe, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (served->report);
  served->name = g_strdup_printf ("localhost:%u", cv_demo_server_get_port (server));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Served served = { NULL };
  PromptCase prompt_cases[G_N_ELEMENTS (languages)];
  int status;

  /* The translations as built, for the measurements in German and French */
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);

  served.factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  inspect_demo_server (&served);

  g_test_add_func ("/certview/prompt-overview/format-fingerprint", test_format_fingerprint);
  g_test_add_data_func ("/certview/prompt-overview/shows-report", &served, test_shows_report);
  g_test_add_data_func ("/certview/prompt-overview/client-certificate", &served,
                        test_client_certificate);
  g_test_add_data_func ("/certview/prompt-overview/no-connection", &served, test_no_connection);
  g_test_add_data_func ("/certview/prompt-overview/copy-fingerprint", &served,
                        test_copy_fingerprint);
  g_test_add_data_func ("/certview/prompt-overview/accessible", &served, test_accessible);
  g_test_add_data_func ("/certview/prompt-overview/change-warning-height", &served,
                        test_change_warning_height);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/certview/prompt-overview/prompt-fits/%s",
                                               languages[i]);

      prompt_cases[i].served = &served;
      prompt_cases[i].language = languages[i];
      g_test_add (path, CvTestDir, &prompt_cases[i], prompt_dir_set_up, test_prompt_fits,
                  cv_test_dir_tear_down);
    }

  status = g_test_run ();

  g_clear_object (&served.report);
  g_clear_pointer (&served.name, g_free);
  g_clear_object (&served.factory);
  return status;
}
