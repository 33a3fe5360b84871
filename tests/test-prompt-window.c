/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The question before a transfer, as a GTK program embeds it: cv_prompt_async()
 * with a chain the factory made, answered through the window's own actions and
 * key bindings, with the trust store checked on disk afterwards.
 */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-certificate.h"
#include "cv-error.h"
#include "cv-prompt.h"
#include "cv-test-ui.h"
#include "cv-test-util.h"
#include "cv-trust-check.h"
#include "cv-trust-store.h"
#include "cv-trust-window.h"
#include "cv-window-testing.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sqlite3.h>

#define WAIT_SECONDS 20

/* fontconfig keeps its configuration for the life of the process */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

/* One question: its own directory for the store, and the factory of main(), the
 * test's data, for the chains */
typedef struct
{
  CvTestDir         dir;
  CvCertFactory    *factory;
  GPtrArray        *chain;
  char             *store_path;
  GCancellable     *cancellable;
  gboolean          done;
  CvPromptDecision  decision;
  GError           *error;
  CvReport         *report;
  /* What the window emitted, if it was watched */
  int               emitted;
} Fixture;

static GPtrArray *
issue_chain (Fixture       *fixture,
             CvCertProblem  problems)
{
  g_autofree char *chain_pem = cv_test_issue_chain_pem (fixture->factory, "localhost",
                                                        problems);

  return cv_test_chain_from_pem (chain_pem);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  factory)
{
  cv_test_dir_set_up (&fixture->dir, NULL);
  fixture->factory = (CvCertFactory *) factory;
  /* Expired: nothing on this machine trusts it, so the window must ask */
  fixture->chain = issue_chain (fixture, CV_CERT_PROBLEM_EXPIRED);
  fixture->store_path = g_build_filename (fixture->dir.dir, "trust.db", NULL);
  fixture->cancellable = g_cancellable_new ();
  fixture->emitted = -1;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  factory)
{
  g_clear_pointer (&fixture->chain, g_ptr_array_unref);
  g_clear_pointer (&fixture->store_path, g_free);
  g_clear_object (&fixture->cancellable);
  g_clear_error (&fixture->error);
  g_clear_object (&fixture->report);
  cv_test_dir_tear_down (&fixture->dir, NULL);
}

static void
prompt_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_clear_object (&fixture->report);
  fixture->decision = cv_prompt_finish (result, &fixture->report, &fixture->error);
  fixture->done = TRUE;
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

static gboolean
fixture_done (gpointer data)
{
  return ((Fixture *) data)->done;
}

/* The first toplevel of @type */
static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

static CvPromptWindow *
find_prompt_window (void)
{
  return find_toplevel (CV_TYPE_PROMPT_WINDOW);
}

static gboolean
window_or_done (gpointer data)
{
  return ((Fixture *) data)->done || find_prompt_window () != NULL;
}

/* Starts the question and returns its window, weakly watched: it must go away
 * when the question ends */
static CvPromptWindow *
start_prompt (Fixture  *fixture,
              gpointer *weak)
{
  CvPromptWindow *window;

  cv_prompt_async (NULL, "localhost", 2121, fixture->chain, fixture->store_path,
                   fixture->cancellable, prompt_done_cb, fixture);
  iterate_until (window_or_done, fixture);
  g_assert_false (fixture->done);

  window = find_prompt_window ();
  g_assert_nonnull (window);
  *weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), weak);
  return window;
}

static gboolean
weak_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
finish (Fixture  *fixture,
        gpointer *weak)
{
  iterate_until (fixture_done, fixture);
  /* The window is destroyed and finalized with the question */
  iterate_until (weak_gone, weak);
}

static GtkWidget *
bar_child (CvDecisionBar *bar,
           const char    *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (bar), CV_TYPE_DECISION_BAR, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static CvTrustEntry *
load_entry (const char *store_path)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (store_path);
  g_autoptr(GError) error = NULL;
  CvTrustEntry *entry;

  cv_trust_store_load (store, &error);
  g_assert_no_error (error);
  entry = cv_trust_store_lookup (store, "localhost", 2121, &error);
  g_assert_no_error (error);
  return entry;
}

/* A decision about @chain as the window would make it, made now */
static CvTrustEntry *
decide_for_chain (GPtrArray       *chain,
                  CvTrustDecision  decision)
{
  g_autoptr(CvReport) report = NULL;
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(GError) error = NULL;

  report = cv_report_new_for_chain (chain, "localhost", NULL, &error);
  g_assert_no_error (error);
  check = cv_trust_check_new (NULL, "localhost", 2121, report);
  return cv_trust_check_decide (check, decision, FALSE);
}

static void
save_entry (const char   *store_path,
            CvTrustEntry *entry)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (store_path);
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);
}

/* A decision for another server, so that the store exists and holds one */
static CvTrustEntry *
unrelated_entry (Fixture *fixture)
{
  g_autoptr(GPtrArray) chain = issue_chain (fixture, CV_CERT_PROBLEM_SELF_SIGNED);
  g_autoptr(CvReport) report = cv_report_new_for_chain (chain, "localhost", NULL, NULL);
  g_autoptr(CvTrustCheck) check = cv_trust_check_new (NULL, "other.example.com", 21, report);

  return cv_trust_check_decide (check, CV_TRUST_DECISION_TRUST, FALSE);
}

static void
window_decided_cb (CvPromptWindow   *window,
                   CvPromptDecision  decision,
                   Fixture          *fixture)
{
  fixture->emitted = decision;
}

static void
watch_decided (Fixture        *fixture,
               CvPromptWindow *window)
{
  g_signal_connect (window, "decided", G_CALLBACK (window_decided_cb), fixture);
}

static void
test_default_is_reject (Fixture       *fixture,
                        gconstpointer  data)
{
  gpointer weak = NULL;
  CvPromptWindow *window = start_prompt (fixture, &weak);
  CvDecisionBar *bar = cv_prompt_window_get_decision_bar (window);
  GtkWidget *reject = bar_child (bar, "reject_button");

  /* Reject is the default widget and has the focus: Enter rejects */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (window)) == reject);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == reject);
  g_assert_false (gtk_widget_get_visible (
    GTK_WIDGET (cv_prompt_window_get_change_warning (window))));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "default.activate", NULL));
  finish (fixture, &weak);

  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
  g_assert_false (cv_prompt_decision_accepts (fixture->decision));
  g_assert_nonnull (fixture->report);
  g_assert_false (g_file_test (fixture->store_path, G_FILE_TEST_EXISTS));
}

/* Finding: the overview's copy button put the fingerprint on the clipboard and said
 * nothing, where the window's own Copy says what it copied */
static void
test_copy_says_so (Fixture       *fixture,
                   gconstpointer  data)
{
  gpointer weak = NULL;
  CvPromptWindow *window = start_prompt (fixture, &weak);
  GtkWidget *overview = GTK_WIDGET (cv_prompt_window_get_prompt_overview (window));
  GtkWidget *pane = gtk_widget_get_ancestor (overview, CV_TYPE_REPORT_PANE);
  GObject *copy = gtk_widget_get_template_child (overview, CV_TYPE_PROMPT_OVERVIEW,
                                                 "copy_button");
  GObject *revealer = gtk_widget_get_template_child (pane, CV_TYPE_REPORT_PANE,
                                                     "notice_revealer");
  GObject *label = gtk_widget_get_template_child (pane, CV_TYPE_REPORT_PANE, "notice_label");

  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_signal_emit_by_name (copy, "clicked");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   "Copied the SHA-256 fingerprint.");
  /* Finding: its close button was named as the window's own Close is */
  {
    GObject *notice = gtk_widget_get_template_child (pane, CV_TYPE_REPORT_PANE, "notice");
    GtkWidget *dismiss = gtk_widget_get_last_child (GTK_WIDGET (notice));
    g_autofree char *wrong = NULL;

    g_assert_true (GTK_IS_BUTTON (dismiss));
    wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (dismiss),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, "Dismiss Notice");

    g_assert_null (wrong);
  }

  gtk_window_close (GTK_WINDOW (window));
  finish (fixture, &weak);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
}

static void
test_escape_rejects (Fixture       *fixture,
                     gconstpointer  data)
{
  gpointer weak = NULL;
  CvPromptWindow *window = start_prompt (fixture, &weak);

  /* Escape is bound to win.cancel, which rejects when nothing runs */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  finish (fixture, &weak);

  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
}

static void
test_close_rejects (Fixture       *fixture,
                    gconstpointer  data)
{
  gpointer weak = NULL;
  CvPromptWindow *window = start_prompt (fixture, &weak);

  gtk_window_close (GTK_WINDOW (window));
  finish (fixture, &weak);

  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
}

static void
test_accept_once (Fixture       *fixture,
                  gconstpointer  data)
{
  gpointer weak = NULL;
  CvPromptWindow *window = start_prompt (fixture, &weak);
  GtkWidget *accept = bar_child (cv_prompt_window_get_decision_bar (window), "accept_button");

  /* A click on the button is its "clicked" signal, which runs its action */
  g_signal_emit_by_name (accept, "clicked");
  finish (fixture, &weak);

  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_ACCEPTED_ONCE);
  g_assert_true (cv_prompt_decision_accepts (fixture->decision));
  /* Once is once: nothing saved */
  g_assert_false (g_file_test (fixture->store_path, G_FILE_TEST_EXISTS));
}

static void
test_always_trust_needs_confirmation (Fixture       *fixture,
                                      gconstpointer  data)
{
  gpointer weak = NULL;
  CvPromptWindow *window = start_prompt (fixture, &weak);
  CvDecisionBar *bar = cv_prompt_window_get_decision_bar (window);
  g_autoptr(CvTrustEntry) entry = NULL;
  GStatBuf st;

  /* The first step only asks for confirmation; Escape steps back, not out */
  g_signal_emit_by_name (bar_child (bar, "always_button"), "clicked");
  g_assert_true (cv_decision_bar_is_confirming (bar));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == bar_child (bar, "back_button"));
  /* The fingerprint it asks to compare is beside the question: all 32 bytes */
  {
    GtkWidget *shown = bar_child (bar, "confirm_fingerprint_label");
    const char *text = gtk_label_get_text (GTK_LABEL (shown));
    guint separators = 0;

    g_assert_true (gtk_widget_get_visible (shown));
    /* "aa:bb:cc:dd ee:…": 32 bytes, 31 colons, spaces or line ends between them */
    for (const char *p = text; *p != '\0'; p++)
      separators += *p == ':' || *p == ' ' || *p == '\n';
    g_assert_cmpuint (separators, ==, 31);

    /* Finding: a screen reader heard only "Back": the question and the fingerprint
     * are the description of Back, which gets the focus. Finding: Trust
     * Permanently had all of it too, read again on every Tab: it says what it
     * does, in a sentence. */
    for (guint i = 0; i < 2; i++)
      {
        GtkAccessible *button = GTK_ACCESSIBLE (bar_child (bar, i == 0 ? "back_button"
                                                                      : "confirm_button"));
        g_autofree char *expected =
          i == 0 ? g_strdup_printf ("%s %s", gtk_label_get_text (GTK_LABEL (bar_child (
                                               bar, "confirm_label"))), text)
                 : g_strdup ("Certview will accept this certificate for the server without "
                             "asking, until the server's key changes.");
        g_autofree char *wrong = NULL;

        g_assert_true (gtk_test_accessible_has_property (button,
                                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
        wrong = gtk_test_accessible_check_property (button, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                    expected);
        g_assert_null (wrong);
      }
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  g_assert_false (cv_decision_bar_is_confirming (bar));
  g_assert_false (fixture->done);

  g_signal_emit_by_name (bar_child (bar, "always_button"), "clicked");
  g_signal_emit_by_name (bar_child (bar, "confirm_button"), "clicked");
  finish (fixture, &weak);

  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_TRUSTED_ALWAYS);

  entry = load_entry (fixture->store_path);
  g_assert_nonnull (entry);
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_TRUST);
  g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (entry), ==,
                   cv_certificate_get_sha256 (cv_report_get_leaf (fixture->report)));
  g_assert_cmpint (g_stat (fixture->store_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Asked again: the saved decision answers, with no window */
  fixture->done = FALSE;
  cv_prompt_async (NULL, "LOCALHOST", 2121, fixture->chain, fixture->store_path, NULL,
                   prompt_done_cb, fixture);
  iterate_until (fixture_done, fixture);
  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_ALREADY_TRUSTED);
  g_assert_null (find_prompt_window ());
}

static void
test_changed_key_warns (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) old_chain = issue_chain (fixture, CV_CERT_PROBLEM_SELF_SIGNED);
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store_path);
  g_autoptr(CvTrustEntry) old_entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CvChangeWarning *warning;
  gpointer weak = NULL;
  CvPromptWindow *window;

  /* A decision to trust another certificate, with another key, for this server */
  old_entry = decide_for_chain (old_chain, CV_TRUST_DECISION_TRUST);
  cv_trust_store_save (store, old_entry, &error);
  g_assert_no_error (error);

  window = start_prompt (fixture, &weak);
  warning = cv_prompt_window_get_change_warning (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (warning)));
  text = cv_change_warning_dup_text (warning);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Changed"));
  g_assert_nonnull (strstr (text, cv_trust_entry_get_certificate_sha256 (old_entry)));
  g_assert_nonnull (strstr (text, cv_certificate_get_sha256 (
    cv_report_get_leaf (cv_prompt_window_get_report (window)))));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  finish (fixture, &weak);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);

  /* Rejecting keeps the old decision as it was */
  {
    g_autoptr(CvTrustEntry) kept = load_entry (fixture->store_path);

    g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (kept), ==,
                     cv_trust_entry_get_certificate_sha256 (old_entry));
  }
}

static void
test_always_reject (Fixture       *fixture,
                    gconstpointer  data)
{
  gpointer weak = NULL;
  CvPromptWindow *window = start_prompt (fixture, &weak);
  CvDecisionBar *bar = cv_prompt_window_get_decision_bar (window);
  g_autoptr(CvTrustEntry) entry = NULL;
  const char * const *accepted;

  /* One click, no confirmation: rejecting for good is the safe way round */
  watch_decided (fixture, window);
  g_assert_true (gtk_widget_is_sensitive (bar_child (bar, "always_reject_button")));
  g_signal_emit_by_name (bar_child (bar, "always_reject_button"), "clicked");
  finish (fixture, &weak);

  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->emitted, ==, CV_PROMPT_REJECTED_ALWAYS);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED_ALWAYS);
  g_assert_false (cv_prompt_decision_accepts (fixture->decision));

  entry = load_entry (fixture->store_path);
  g_assert_nonnull (entry);
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_REJECT);
  g_assert_cmpstr (cv_trust_entry_get_decision_name (entry), ==, "reject");
  g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (entry), ==,
                   cv_certificate_get_sha256 (cv_report_get_leaf (fixture->report)));
  /* The host alone, and what was wrong with the certificate when it was rejected */
  g_assert_cmpuint (g_strv_length ((char **) cv_trust_entry_get_names (entry)), ==, 0);
  accepted = cv_trust_entry_get_accepted (entry);
  g_assert_nonnull (accepted);
  {
    g_auto(GStrv) problems = cv_trust_report_problems (fixture->report);
    g_autofree char *joined = g_strjoinv (" ", (char **) accepted);

    g_test_message ("accepted: %s", joined);
    g_assert_cmpuint (g_strv_length ((char **) accepted), >, 0);
    g_assert_true (g_strv_equal (accepted, (const char * const *) problems));
  }

  /* Asked again: the saved decision rejects, with no window */
  fixture->done = FALSE;
  cv_prompt_async (NULL, "localhost", 2121, fixture->chain, fixture->store_path, NULL,
                   prompt_done_cb, fixture);
  iterate_until (fixture_done, fixture);
  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
  g_assert_null (find_prompt_window ());
}

static void
test_other_names (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CvTrustEntry) entry = NULL;
  const char * const *names;
  CvDecisionBar *bar;
  GtkWidget *check;
  gpointer weak = NULL;
  CvPromptWindow *window;

  /* Only "localhost" and addresses: nothing else to offer */
  window = start_prompt (fixture, &weak);
  bar = cv_prompt_window_get_decision_bar (window);
  g_assert_false (gtk_widget_get_visible (bar_child (bar, "names_check")));
  g_assert_false (cv_decision_bar_get_all_names (bar));
  gtk_window_close (GTK_WINDOW (window));
  finish (fixture, &weak);

  /* A certificate for another name: the check button offers it */
  g_ptr_array_unref (fixture->chain);
  fixture->chain = issue_chain (fixture, CV_CERT_PROBLEM_WRONG_HOST);
  fixture->done = FALSE;
  window = start_prompt (fixture, &weak);
  bar = cv_prompt_window_get_decision_bar (window);
  check = bar_child (bar, "names_check");
  g_assert_true (gtk_widget_get_visible (check));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (bar_child (bar, "names_label"))));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (bar_child (bar, "names_label"))),
                            CV_CERT_WRONG_HOST_NAME));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (cv_decision_bar_get_all_names (bar));

  /* Finding: the confirmation asked to trust it for the server alone, with the
   * other names ticked above it. It names them, and follows the box. */
  {
    GtkLabel *confirm = GTK_LABEL (bar_child (bar, "confirm_label"));

    gtk_widget_activate_action (GTK_WIDGET (bar), "decision.always-trust", NULL);
    g_assert_true (cv_decision_bar_is_confirming (bar));
    g_test_message ("%s", gtk_label_get_text (confirm));
    g_assert_nonnull (strstr (gtk_label_get_text (confirm),
                              "for localhost:2121, and for its other names on the same "
                              "port (" CV_CERT_WRONG_HOST_NAME "), from now on?"));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
    g_assert_true (g_str_has_prefix (gtk_label_get_text (confirm),
                                     "Trust this invalid certificate for localhost:2121 from "
                                     "now on?"));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    g_assert_nonnull (strstr (gtk_label_get_text (confirm), CV_CERT_WRONG_HOST_NAME));
    cv_decision_bar_back (bar);
    g_assert_false (cv_decision_bar_is_confirming (bar));
  }

  g_signal_emit_by_name (bar_child (bar, "always_reject_button"), "clicked");
  finish (fixture, &weak);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED_ALWAYS);

  entry = load_entry (fixture->store_path);
  g_assert_nonnull (entry);
  names = cv_trust_entry_get_names (entry);
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 1);
  g_assert_cmpstr (names[0], ==, CV_CERT_WRONG_HOST_NAME);
  g_assert_true (cv_trust_entry_covers (entry, CV_CERT_WRONG_HOST_NAME));
}

static void
test_renewal_new_problems (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(CvTrustEntry) trusted = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *banner = NULL;
  const char * const *accepted;
  gpointer weak = NULL;
  CvPromptWindow *window;

  /* Self-signed, trusted over that one problem; then renewed with the same key, and
   * let expire */
  cv_cert_factory_set_reuse_leaf_key (fixture->factory, TRUE);
  first = issue_chain (fixture, CV_CERT_PROBLEM_SELF_SIGNED);
  g_ptr_array_unref (fixture->chain);
  fixture->chain = issue_chain (fixture, CV_CERT_PROBLEM_SELF_SIGNED | CV_CERT_PROBLEM_EXPIRED);
  cv_cert_factory_set_reuse_leaf_key (fixture->factory, FALSE);

  trusted = decide_for_chain (first, CV_TRUST_DECISION_TRUST);
  accepted = cv_trust_entry_get_accepted (trusted);
  g_assert_nonnull (accepted);
  g_assert_true (g_strv_contains (accepted, "self-signed"));
  g_assert_false (g_strv_contains (accepted, "expired"));
  save_entry (fixture->store_path, trusted);

  /* What the policy makes of it */
  store = cv_trust_store_new (fixture->store_path);
  report = cv_report_new_for_chain (fixture->chain, "localhost", NULL, &error);
  g_assert_no_error (error);
  check = cv_trust_check_new (store, "localhost", 2121, report);
  g_assert_cmpint (cv_trust_check_get_status (check), ==, CV_TRUST_STATUS_NEW_PROBLEMS);
  g_assert_cmpint (cv_trust_check_get_action (check), ==, CV_TRUST_ACTION_ASK);

  /* The same key, so no change warning; the banner says what is new */
  window = start_prompt (fixture, &weak);
  g_assert_false (gtk_widget_get_visible (
    GTK_WIDGET (cv_prompt_window_get_change_warning (window))));
  banner = cv_prompt_window_dup_banner_text (window);
  g_test_message ("%s", banner);
  g_assert_nonnull (strstr (banner, "problems you did not accept"));
  g_assert_nonnull (strstr (banner, "The certificate expired on"));
  /* Finding: the new problem was said twice, in the list and after it. Now once,
   * with what was accepted before set apart */
  g_assert_null (strstr (strstr (banner, "The certificate expired on") + 1,
                         "The certificate expired on"));
  g_assert_nonnull (strstr (banner, "As when you chose to trust it:\n• The certificate is "
                                    "self-signed"));

  gtk_window_close (GTK_WINDOW (window));
  finish (fixture, &weak);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
}

static gboolean
report_cb (gpointer user_data)
{
  *(gint64 *) user_data = g_get_monotonic_time ();
  return G_SOURCE_CONTINUE;
}

/* Spins the main context for @milliseconds; returns the longest it went without
 * running a 10 ms timeout, in microseconds */
static gint64
spin (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;
  gint64 last = g_get_monotonic_time ();
  gint64 longest = 0;
  gint64 ran = last;
  guint timeout = g_timeout_add (10, report_cb, &ran);

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, TRUE);
      longest = MAX (longest, ran - last);
      last = ran;
    }
  g_source_remove (timeout);
  return longest;
}

static void
test_save_off_main_thread (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CvTrustEntry) unrelated = unrelated_entry (fixture);
  g_autoptr(CvTrustEntry) entry = NULL;
  CvDecisionBar *bar;
  sqlite3 *db = NULL;
  gpointer weak = NULL;
  CvPromptWindow *window;
  gint64 longest;

  /* A store that exists, with another server's decision in it */
  save_entry (fixture->store_path, unrelated);

  window = start_prompt (fixture, &weak);
  bar = cv_prompt_window_get_decision_bar (window);
  watch_decided (fixture, window);

  /* Another program writes to the store, and takes its time */
  g_assert_cmpint (sqlite3_open (fixture->store_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  /* The click returns at once and the window goes on drawing: the save waits on a
   * worker. Saved on the main thread, it would hang here until the store gave up. */
  g_signal_emit_by_name (bar_child (bar, "always_reject_button"), "clicked");
  longest = spin (1000);
  g_test_message ("longest pause while the store was busy: %" G_GINT64_FORMAT " ms",
                  longest / 1000);
  g_assert_cmpint (longest, <, 500 * 1000);
  g_assert_false (fixture->done);
  g_assert_cmpint (fixture->emitted, ==, -1);
  /* No second answer meanwhile */
  g_assert_false (gtk_widget_is_sensitive (bar_child (bar, "reject_button")));

  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  finish (fixture, &weak);

  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->emitted, ==, CV_PROMPT_REJECTED_ALWAYS);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED_ALWAYS);
  entry = load_entry (fixture->store_path);
  g_assert_nonnull (entry);
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_REJECT);
}

/* Finding: the window closed, or the question cancelled, while Always Reject (or
 * Always Trust) was being saved to a busy store: the program heard "rejected" or
 * "cancelled", and the decision was saved all the same, to apply from then on.
 * The answer now waits for the save, and agrees with the store. */
static void
test_closed_while_saving (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CvTrustEntry) unrelated = unrelated_entry (fixture);

  for (guint how = 0; how < 3; how++)
    {
      g_autoptr(CvTrustEntry) entry = NULL;
      CvDecisionBar *bar;
      sqlite3 *db = NULL;
      gpointer weak = NULL;
      CvPromptWindow *window;

      g_remove (fixture->store_path);
      g_clear_error (&fixture->error);
      g_clear_object (&fixture->cancellable);
      fixture->cancellable = g_cancellable_new ();
      fixture->done = FALSE;
      fixture->emitted = -1;

      /* A store that exists, for another program to hold busy */
      save_entry (fixture->store_path, unrelated);
      window = start_prompt (fixture, &weak);
      bar = cv_prompt_window_get_decision_bar (window);
      g_assert_cmpint (sqlite3_open (fixture->store_path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

      g_signal_emit_by_name (bar_child (bar, "always_reject_button"), "clicked");
      spin (200);
      if (how == 0)
        gtk_window_close (GTK_WINDOW (window));
      else if (how == 1)
        g_cancellable_cancel (fixture->cancellable);
      else
        gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
      spin (200);
      /* Gone from the screen at once, and no answer before the save ends */
      if (weak != NULL)
        g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
      g_assert_false (fixture->done);

      g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
      finish (fixture, &weak);

      entry = load_entry (fixture->store_path);
      g_test_message ("way %u: decision %d, saved %s, error %s", how, fixture->decision,
                      entry != NULL ? "yes" : "no",
                      fixture->error != NULL ? fixture->error->message : "none");
      if (entry != NULL)
        {
          g_assert_no_error (fixture->error);
          g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED_ALWAYS);
        }
      else if (how == 1)
        g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      else
        g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
    }
}

static CvTrustWindow *
find_trust_window (void)
{
  return find_toplevel (CV_TYPE_TRUST_WINDOW);
}

static gboolean
trust_window_loaded (gpointer data)
{
  CvTrustWindow *window = find_trust_window ();

  return window != NULL && !cv_trust_window_is_busy (window);
}

/* Finding: Saved Decisions, from the prompt of a program with a store of its
 * own, showed the default store, where a removal acted on the wrong decisions */
static void
test_saved_decisions_store (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CvTrustEntry) unrelated = unrelated_entry (fixture);
  gpointer weak = NULL;
  CvPromptWindow *window;
  CvTrustWindow *decisions;

  save_entry (fixture->store_path, unrelated);
  window = start_prompt (fixture, &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.saved-decisions", NULL));
  iterate_until (trust_window_loaded, NULL);
  decisions = find_trust_window ();
  g_assert_cmpuint (g_list_model_get_n_items (cv_trust_window_get_entries (decisions)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (decisions));
  gtk_window_close (GTK_WINDOW (window));
  finish (fixture, &weak);
}

/* Finding: the prompt's menu was the main window's, with Open, Keyboard Shortcuts,
 * About and Quit greyed out, also inside another program. Each item is the
 * prompt's own action now. */
static void
test_menu_items (Fixture       *fixture,
                 gconstpointer  data)
{
  gpointer weak = NULL;
  CvPromptWindow *window = start_prompt (fixture, &weak);
  GtkMenuButton *button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                          CV_TYPE_PROMPT_WINDOW,
                                                                          "primary_menu_button"));
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);
  g_autoptr(GPtrArray) installed = g_ptr_array_new ();
  guint n_items = 0;
  gpointer klass = g_type_class_peek (CV_TYPE_PROMPT_WINDOW);
  const GVariantType *parameter_type;
  const char *property;
  const char *name;
  GType owner;

  for (guint i = 0;
       gtk_widget_class_query_action (klass, i, &owner, &name, &parameter_type, &property); i++)
    g_ptr_array_add (installed, (gpointer) name);

  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION,
                                                          "s", &action));
          g_test_message ("menu item %s", action);
          g_assert_true (g_ptr_array_find_with_equal_func (installed, action, g_str_equal,
                                                           NULL));
          n_items++;
        }
    }
  g_assert_cmpuint (n_items, >, 0);

  gtk_window_close (GTK_WINDOW (window));
  finish (fixture, &weak);
}

/* The label under @widget whose text holds @text, or NULL */
static GtkWidget *
label_with (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = label_with (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Finding: destroying the window the question was for left the question open,
 * orphaned, and the call pending until someone answered it. Also when the
 * program still holds the window, as a language binding does: then GTK emits
 * "destroy" only when that reference goes. */
static void
parent_destroyed (Fixture  *fixture,
                  gboolean  held)
{
  GtkWidget *parent = gtk_window_new ();
  g_autoptr(GtkWidget) holder = held ? g_object_ref (parent) : NULL;
  gpointer weak = NULL;
  CvPromptWindow *window;

  gtk_window_present (GTK_WINDOW (parent));
  cv_prompt_async (GTK_WINDOW (parent), "localhost", 2121, fixture->chain,
                   fixture->store_path, fixture->cancellable, prompt_done_cb, fixture);
  iterate_until (window_or_done, fixture);
  window = find_prompt_window ();
  g_assert_nonnull (window);
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);

  gtk_window_destroy (GTK_WINDOW (parent));
  finish (fixture, &weak);
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelled while the window still lives, held */
  if (held)
    g_assert_true (GTK_IS_WINDOW (holder));
}

static void
test_parent_destroyed (Fixture       *fixture,
                       gconstpointer  data)
{
  parent_destroyed (fixture, FALSE);
}

static void
test_parent_destroyed_held (Fixture       *fixture,
                            gconstpointer  data)
{
  parent_destroyed (fixture, TRUE);
}

/* Finding: with a store that cannot be written, Always Reject failed, stayed
 * offered and failed again without a new word. After a failed save neither
 * Always is offered; Reject still is, and rejects. */
static void
test_failed_save_offers_reject (Fixture       *fixture,
                                gconstpointer  data)
{
  gpointer weak = NULL;
  CvPromptWindow *window = start_prompt (fixture, &weak);
  CvDecisionBar *bar = cv_prompt_window_get_decision_bar (window);

  watch_decided (fixture, window);
  /* The store's name now names a folder: nothing can be saved there */
  g_remove (fixture->store_path);
  g_assert_cmpint (g_mkdir (fixture->store_path, 0700), ==, 0);

  g_signal_emit_by_name (bar_child (bar, "always_reject_button"), "clicked");
  spin (500);
  g_assert_false (fixture->done);
  g_assert_cmpint (fixture->emitted, ==, -1);
  g_assert_false (gtk_widget_is_sensitive (bar_child (bar, "always_reject_button")));
  g_assert_false (gtk_widget_is_sensitive (bar_child (bar, "always_button")));
  g_assert_false (gtk_widget_is_sensitive (bar_child (bar, "names_check")));
  g_assert_true (gtk_widget_is_sensitive (bar_child (bar, "reject_button")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (bar_child (bar, "refusal_label"))),
                            "Always Trust and Always Reject are no longer offered"));
  /* Nor does the question promise to remember */
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (bar_child (bar, "detail_label"))),
                         "remember"));

  g_signal_emit_by_name (bar_child (bar, "reject_button"), "clicked");
  finish (fixture, &weak);
  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
  g_assert_cmpint (g_rmdir (fixture->store_path), ==, 0);
}

/* Finding: two prompts for one server, and the later answer silently replaced
 * the earlier one. A decision saved elsewhere meanwhile is kept and said. */
static void
test_decided_elsewhere_meanwhile (Fixture       *fixture,
                                  gconstpointer  data)
{
  gpointer weak = NULL;
  CvPromptWindow *window = start_prompt (fixture, &weak);
  CvDecisionBar *bar = cv_prompt_window_get_decision_bar (window);
  g_autoptr(CvTrustEntry) elsewhere = NULL;
  g_autoptr(CvTrustEntry) entry = NULL;

  watch_decided (fixture, window);
  {
    g_autoptr(CvReport) report = cv_report_new_for_chain (fixture->chain, "localhost", NULL,
                                                          NULL);
    g_autoptr(CvTrustCheck) check = cv_trust_check_new (NULL, "localhost", 2121, report);

    elsewhere = cv_trust_check_decide (check, CV_TRUST_DECISION_TRUST, FALSE);
    save_entry (fixture->store_path, elsewhere);
  }

  gtk_widget_grab_focus (bar_child (bar, "always_reject_button"));
  g_signal_emit_by_name (bar_child (bar, "always_reject_button"), "clicked");
  spin (500);
  g_assert_false (fixture->done);
  /* Finding: the bar said again, in a narrow column beside the buttons, what the
   * notice above it says, and in German pushed the overview out of the window.
   * The notice says why; the bar says where, on a line of its own. */
  g_assert_nonnull (label_with (GTK_WIDGET (window),
                                "localhost:2121 was set to Always Trust meanwhile"));
  {
    GtkWidget *refusal = bar_child (bar, "refusal_label");

    g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (refusal)), "meanwhile"));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (refusal)), "the notice above"));
    graphene_rect_t said;
    graphene_rect_t button;

    g_assert_true (gtk_widget_compute_bounds (refusal, GTK_WIDGET (bar), &said));
    g_assert_true (gtk_widget_compute_bounds (bar_child (bar, "reject_button"),
                                              GTK_WIDGET (bar), &button));
    g_assert_cmpfloat (said.origin.y + said.size.height, <=, button.origin.y);
  }
  g_assert_false (gtk_widget_is_sensitive (bar_child (bar, "always_reject_button")));
  g_assert_true (gtk_widget_is_sensitive (bar_child (bar, "reject_button")));
  /* Finding: the keyboard was left on the button that went, nowhere */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == bar_child (bar, "reject_button"));
  entry = load_entry (fixture->store_path);
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_TRUST);

  g_signal_emit_by_name (bar_child (bar, "reject_button"), "clicked");
  finish (fixture, &weak);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
}

/* The smallest width @widget takes */
static int
min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

static void
test_fits_small_screen (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *buttons[] = { "always_reject_button", "always_button", "accept_button",
                            "reject_button" };
  gpointer weak = NULL;
  CvPromptWindow *window;
  CvDecisionBar *bar;

  /* The longest check button label there is: a certificate for other names */
  g_ptr_array_unref (fixture->chain);
  fixture->chain = issue_chain (fixture, CV_CERT_PROBLEM_WRONG_HOST);
  window = start_prompt (fixture, &weak);
  bar = cv_prompt_window_get_decision_bar (window);

  g_test_message ("minimum width: window %d, decision bar %d, names %d",
                  min_width (GTK_WIDGET (window)), min_width (GTK_WIDGET (bar)),
                  min_width (bar_child (bar, "names_check")));
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    g_test_message ("%s: %d", buttons[i], min_width (bar_child (bar, buttons[i])));
  {
    const char *parts[] = { "stack", "question_label", "detail_label", "confirm_label",
                            "back_button", "confirm_button", "refusal_label" };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      g_test_message ("%s: %d", parts[i], min_width (bar_child (bar, parts[i])));
  }

  /* An 800×600 screen shows the whole window, and every decision in it */
  g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 800);

  /* Also with long other names, which wrap; their underscores are theirs, not
   * mnemonics */
  {
    const char *names[] = {
      "very-long-alternative-name-number-one.subdomain.department.example.com",
      "very-long-alternative-name-number-two.subdomain.department.example.com",
      "_ftp.example", "ftp_backup.example", NULL
    };
    const char *expected =
      "Remember the decision for its other names too: "
      "very-long-alternative-name-number-one.subdomain.department.example.com, "
      "very-long-alternative-name-number-two.subdomain.department.example.com, "
      "_ftp.example and 1 more";

    cv_decision_bar_set_other_names (bar, names);
    g_test_message ("minimum width with long names: window %d",
                    min_width (GTK_WIDGET (window)));
    g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 800);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bar_child (bar, "names_label"))), ==,
                     expected);
    names[0] = "ftp_backup.example";
    names[1] = NULL;
    cv_decision_bar_set_other_names (bar, names);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bar_child (bar, "names_label"))), ==,
                     "Remember the decision for its other names too: ftp_backup.example");
  }

  /* And the confirmation step too */
  g_signal_emit_by_name (bar_child (bar, "always_button"), "clicked");
  g_assert_true (cv_decision_bar_is_confirming (bar));
  g_test_message ("minimum width while confirming: window %d, decision bar %d",
                  min_width (GTK_WIDGET (window)), min_width (GTK_WIDGET (bar)));
  g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 800);
  /* Finding: at 800×600 the tree shrank to a strip while confirming, under the
   * advice on the four choices, which no longer applies then */
  g_assert_false (gtk_widget_get_visible (bar_child (bar, "detail_label")));
  cv_decision_bar_back (bar);
  g_assert_true (gtk_widget_get_visible (bar_child (bar, "detail_label")));

  gtk_window_close (GTK_WINDOW (window));
  finish (fixture, &weak);
}

static void
test_unsafe_store_refuses_always (Fixture       *fixture,
                                  gconstpointer  data)
{
  CvDecisionBar *bar;
  GtkWidget *refusal;
  gpointer weak = NULL;
  CvPromptWindow *window;

  /* Writable by others: none of its decisions count, and none is saved in it */
  g_assert_true (g_file_set_contents (fixture->store_path, "", 0, NULL));
  g_assert_cmpint (g_chmod (fixture->store_path, 0666), ==, 0);

  window = start_prompt (fixture, &weak);
  bar = cv_prompt_window_get_decision_bar (window);
  refusal = bar_child (bar, "refusal_label");
  g_assert_true (gtk_widget_get_visible (refusal));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (refusal)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (refusal)),
                                   "Always Trust and Always Reject are not offered"));
  g_assert_false (gtk_widget_is_sensitive (bar_child (bar, "always_button")));
  /* Nor Always Reject: it would be saved there too */
  g_assert_false (gtk_widget_is_sensitive (bar_child (bar, "always_reject_button")));

  g_signal_emit_by_name (bar_child (bar, "accept_button"), "clicked");
  finish (fixture, &weak);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_ACCEPTED_ONCE);
}

/* The refusal's text, for a store that is a folder: named by the program that
 * asks (@named), or by CERTVIEW_TRUST_STORE for one that names none */
static char *
folder_store_refusal (Fixture  *fixture,
                      gboolean  named)
{
  g_autofree char *folder = g_build_filename (fixture->dir.dir, "folder", NULL);
  g_autofree char *text = NULL;
  CvDecisionBar *bar;
  GtkWidget *refusal;
  gpointer weak = NULL;
  CvPromptWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_free (fixture->store_path);
  fixture->store_path = named ? g_strdup (folder) : NULL;
  g_setenv (CV_TRUST_STORE_ENV, folder, TRUE);
  fixture->done = FALSE;

  window = start_prompt (fixture, &weak);
  g_unsetenv (CV_TRUST_STORE_ENV);
  bar = cv_prompt_window_get_decision_bar (window);
  refusal = bar_child (bar, "refusal_label");
  g_assert_true (gtk_widget_get_visible (refusal));
  text = g_strdup (gtk_label_get_text (GTK_LABEL (refusal)));
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Always Trust and Always Reject are not offered"));
  g_assert_nonnull (strstr (text, folder));
  /* Finding: in French the path began at the end of a line with "« /" */
  {
    g_autofree char *path_start = g_strndup (folder, 4);

    cv_test_assert_label_keeps_whole (GTK_LABEL (refusal), path_start);
  }
  gtk_window_close (GTK_WINDOW (window));
  finish (fixture, &weak);
  return g_steal_pointer (&text);
}

/* Finding: the refusal said to name another file, not how. A program that names
 * no store has it from CERTVIEW_TRUST_STORE, which is then the way; one that names
 * it has its own way, which it says itself. */
static void
test_unusable_store_says_how (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *by_environment = folder_store_refusal (fixture, FALSE);
  g_autofree char *by_program = folder_store_refusal (fixture, TRUE);

  g_assert_true (g_str_has_suffix (by_environment, " To keep the saved decisions in another "
                                                   "file, set CERTVIEW_TRUST_STORE to its "
                                                   "name."));
  g_assert_null (strstr (by_environment, "Name another file."));
  g_assert_true (g_str_has_suffix (by_program, " Name another file."));
  g_assert_null (strstr (by_program, "CERTVIEW_TRUST_STORE"));
}

static void
test_cancel_closes (Fixture       *fixture,
                    gconstpointer  data)
{
  gpointer weak = NULL;

  start_prompt (fixture, &weak);
  g_cancellable_cancel (fixture->cancellable);
  finish (fixture, &weak);

  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
}

/* Finding: a program that destroyed the window itself (tearing down its windows,
 * or Python's destroy()) aborted in the prompt's clean-up, and never heard an
 * answer. The question is cancelled; a reference the program keeps changes
 * nothing. */
static void
test_window_destroyed (Fixture       *fixture,
                       gconstpointer  data)
{
  for (guint held = 0; held < 2; held++)
    {
      gpointer weak = NULL;
      CvPromptWindow *window;

      fixture->done = FALSE;
      window = start_prompt (fixture, &weak);
      if (held)
        g_object_ref (window);
      gtk_window_destroy (GTK_WINDOW (window));
      g_test_message ("destroyed (held: %u)", held);
      iterate_until (fixture_done, fixture);
      g_test_message ("answered");
      g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
      g_clear_error (&fixture->error);
      if (held)
        g_object_unref (window);
      iterate_until (weak_gone, &weak);
      /* Nothing saved */
      g_assert_false (g_file_test (fixture->store_path, G_FILE_TEST_EXISTS));
    }
}

static void
test_bad_chain (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_ptr_array_add (chain, g_bytes_new_static ("not a certificate", 17));
  cv_prompt_async (NULL, "localhost", 2121, chain, fixture->store_path, NULL,
                   prompt_done_cb, fixture);
  iterate_until (fixture_done, fixture);

  g_assert_nonnull (fixture->error);
  g_test_message ("%s", fixture->error->message);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
  g_assert_null (find_prompt_window ());

  /* Finding: an empty chain was refused with a critical warning, and the
   * callback never came: the caller waited for ever */
  g_ptr_array_set_size (chain, 0);
  g_clear_error (&fixture->error);
  fixture->done = FALSE;
  cv_prompt_async (NULL, "localhost", 2121, chain, fixture->store_path, NULL,
                   prompt_done_cb, fixture);
  iterate_until (fixture_done, fixture);
  g_assert_error (fixture->error, CV_ERROR, CV_ERROR_CERTIFICATE);
  g_test_message ("%s", fixture->error->message);
  g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
  g_assert_null (find_prompt_window ());
}

/* A report verified for no name or another one is not accepted for a server */
static void
test_report_for_other_host (Fixture       *fixture,
                            gconstpointer  data)
{
  static const struct
  {
    const char *checked;
    const char *host;
    const char *message;
  } cases[] = {
    { NULL, "localhost", "The certificate was checked for no server name, so it cannot be "
                         "accepted for localhost." },
    { "localhost", "evil.example", "The certificate was checked for “localhost”, not for "
                                   "evil.example, so it cannot be accepted for evil.example." },
  };

  g_autoptr(GPtrArray) chain = issue_chain (fixture, CV_CERT_PROBLEM_NONE);
  g_autofree char *ca_file = g_build_filename (fixture->dir.dir, "ca.pem", NULL);
  g_autoptr(GError) error = NULL;

  /* Valid under the factory's root: only the name stands in the way */
  g_file_set_contents (ca_file, cv_cert_factory_get_ca_pem (fixture->factory), -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CvReport) report = NULL;

      report = cv_report_new_for_chain (chain, cases[i].checked, ca_file, &error);
      g_assert_no_error (error);
      fixture->done = FALSE;
      g_clear_error (&fixture->error);
      cv_prompt_report_async (NULL, report, cases[i].host, 2121, fixture->store_path, NULL,
                              prompt_done_cb, fixture);
      iterate_until (fixture_done, fixture);

      g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (fixture->error->message, ==, cases[i].message);
      g_assert_cmpint (fixture->decision, ==, CV_PROMPT_REJECTED);
      g_assert_null (find_prompt_window ());
    }
}

/* The same name in another form is the same server: the question is asked */
static void
test_report_for_same_host (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gpointer weak = NULL;

  report = cv_report_new_for_chain (fixture->chain, "LocalHost.", NULL, &error);
  g_assert_no_error (error);
  cv_prompt_report_async (NULL, report, "localhost", 2121, fixture->store_path,
                          fixture->cancellable, prompt_done_cb, fixture);
  iterate_until (window_or_done, fixture);
  g_assert_no_error (fixture->error);
  g_assert_false (fixture->done);
  weak = find_prompt_window ();
  g_assert_nonnull (weak);
  g_object_add_weak_pointer (G_OBJECT (weak), &weak);

  g_cancellable_cancel (fixture->cancellable);
  iterate_until (fixture_done, fixture);
  iterate_until (weak_gone, &weak);
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;

  /* GTK's own accessibility backend for tests: what a screen reader is given is
   * kept, and no bus is needed */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add ("/certview/prompt-window/" path, Fixture, factory, fixture_setup, func, \
              fixture_teardown)
  ADD ("default-is-reject", test_default_is_reject);
  ADD ("copy-says-so", test_copy_says_so);
  ADD ("escape-rejects", test_escape_rejects);
  ADD ("close-rejects", test_close_rejects);
  ADD ("accept-once", test_accept_once);
  ADD ("always-trust-needs-confirmation", test_always_trust_needs_confirmation);
  ADD ("changed-key-warns", test_changed_key_warns);
  ADD ("always-reject", test_always_reject);
  ADD ("other-names", test_other_names);
  ADD ("renewal-new-problems", test_renewal_new_problems);
  ADD ("save-off-main-thread", test_save_off_main_thread);
  ADD ("closed-while-saving", test_closed_while_saving);
  ADD ("parent-destroyed", test_parent_destroyed);
  ADD ("parent-destroyed-held", test_parent_destroyed_held);
  ADD ("saved-decisions-store", test_saved_decisions_store);
  ADD ("menu-items", test_menu_items);
  ADD ("failed-save-offers-reject", test_failed_save_offers_reject);
  ADD ("decided-elsewhere-meanwhile", test_decided_elsewhere_meanwhile);
  ADD ("fits-small-screen", test_fits_small_screen);
  ADD ("unsafe-store-refuses-always", test_unsafe_store_refuses_always);
  ADD ("unusable-store-says-how", test_unusable_store_says_how);
  ADD ("window-destroyed", test_window_destroyed);
  ADD ("cancel-closes", test_cancel_closes);
  ADD ("bad-chain", test_bad_chain);
  ADD ("report-for-other-host", test_report_for_other_host);
  ADD ("report-for-same-host", test_report_for_same_host);
#undef ADD

  return g_test_run ();
}
