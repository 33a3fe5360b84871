/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The window on a server that answers without TLS: with a saved decision for it, a
 * failed verdict ("TLS No Longer Offered"); without one, a connection error as ever.
 */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-certificate.h"
#include "cv-demo-server.h"
#include "cv-report-pane.h"
#include "cv-target.h"
#include "cv-test-util.h"
#include "cv-trust-store.h"
#include "cv-verdict-banner.h"
#include "cv-window-testing.h"

#include <gtk/gtk.h>
#include <string.h>

#define WAIT_SECONDS 30

const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

typedef struct
{
  CvTestDir      dir;
  CvCertFactory *factory;
  char          *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  factory)
{
  cv_test_dir_set_up (&fixture->dir, factory);
  fixture->factory = (CvCertFactory *) factory;
  fixture->store = g_build_filename (fixture->dir.dir, "trust.db", NULL);
  g_setenv ("CERTVIEW_TRUST_STORE", fixture->store, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  factory)
{
  g_free (fixture->store);
  cv_test_dir_tear_down (&fixture->dir, factory);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_idle (CvWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (cv_window_is_busy (window))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %d s waiting for the window", WAIT_SECONDS);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

/* Saves "trust" for 127.0.0.1:@port with the leaf of @chain_pem */
static void
save_decision (Fixture    *fixture,
               guint16     port,
               const char *chain_pem)
{
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store);
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  leaf = cv_certificate_new_from_der (g_ptr_array_index (chain, 0), &error);
  g_assert_no_error (error);
  entry = cv_trust_entry_new ("127.0.0.1", port, CV_TRUST_DECISION_TRUST,
                              cv_certificate_get_sha256 (leaf),
                              cv_certificate_get_public_key_pin (leaf),
                              cv_certificate_get_subject (leaf),
                              cv_certificate_get_issuer (leaf),
                              g_date_time_to_unix (cv_certificate_get_not_after (leaf)),
                              1700000000, 1700000000);
  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);
}

/* The banner's box, whose style says success, error or warning */
static GtkWidget *
find_banner_box (GtkWidget *widget)
{
  if (gtk_widget_has_css_class (widget, "banner"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_banner_box (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Inspects @url in a new window; the banner's text, and whether it shows a failure */
static char *
inspect (const char *url,
         gboolean   *failed)
{
  g_autoptr(CvTarget) target = cv_target_parse (url, CV_PROTOCOL_FTP_EXPLICIT, NULL);
  CvWindow *window = g_object_ref (cv_window_new (NULL));
  CvVerdictBanner *banner;
  GtkWidget *box;
  char *text;

  gtk_window_present (GTK_WINDOW (window));
  cv_window_inspect (window, target);
  wait_idle (window);

  g_assert_null (cv_window_get_report (window));
  text = cv_window_dup_banner_text (window);
  banner = cv_report_pane_get_banner (cv_window_get_pane (window));
  box = find_banner_box (GTK_WIDGET (banner));
  g_assert_nonnull (box);
  *failed = gtk_widget_has_css_class (box, "error");
  if (*failed)
    g_assert_false (gtk_widget_has_css_class (box, "warning"));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
  return text;
}

static void
test_downgrade (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct
  {
    CvProtocol       protocol;
    const char      *scheme;
    CvDemoBehaviour  behaviour;
  } servers[] = {
    { CV_PROTOCOL_FTP_IMPLICIT, "ftps", CV_DEMO_BEHAVIOUR_PLAIN_TEXT },
    { CV_PROTOCOL_FTP_EXPLICIT, "ftp", CV_DEMO_BEHAVIOUR_AUTH_REFUSED },
  };
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                                        &chain_pem, &key_pem, &error));
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autoptr(CvDemoServer) decided = cv_demo_server_new (servers[i].protocol, chain_pem,
                                                            key_pem);
      g_autoptr(CvDemoServer) unknown = cv_demo_server_new (servers[i].protocol, chain_pem,
                                                            key_pem);
      g_autofree char *decided_url = NULL;
      g_autofree char *unknown_url = NULL;
      g_autofree char *banner = NULL;
      g_autofree char *heading = NULL;
      gboolean failed;

      cv_demo_server_set_behaviour (decided, servers[i].behaviour);
      cv_demo_server_set_behaviour (unknown, servers[i].behaviour);
      g_assert_true (cv_demo_server_start (decided, "127.0.0.1", &error));
      g_assert_true (cv_demo_server_start (unknown, "127.0.0.1", &error));
      g_assert_no_error (error);
      save_decision (fixture, cv_demo_server_get_port (decided), chain_pem);
      decided_url = g_strdup_printf ("%s://127.0.0.1:%u", servers[i].scheme,
                                     cv_demo_server_get_port (decided));
      unknown_url = g_strdup_printf ("%s://127.0.0.1:%u", servers[i].scheme,
                                     cv_demo_server_get_port (unknown));

      /* Decided on with TLS: a failed verdict, which says what to do */
      banner = inspect (decided_url, &failed);
      g_test_message ("%s: %s", decided_url, banner);
      g_assert_true (g_str_has_prefix (banner, "TLS No Longer Offered\n"));
      /* Finding: the second line was the bare host:port, which the message repeats;
       * every other banner says "Server: …" */
      {
        g_autofree char *server = g_strdup_printf ("TLS No Longer Offered\nServer: 127.0.0.1:%u\n",
                                                   cv_demo_server_get_port (decided));

        g_assert_true (g_str_has_prefix (banner, server));
      }
      g_assert_true (failed);
      g_assert_nonnull (strstr (banner, "no longer offers TLS, but it did"));
      g_assert_nonnull (strstr (banner, "certview --forget 127.0.0.1:"));
      g_clear_pointer (&banner, g_free);

      /* Never decided on: a connection error, as before */
      banner = inspect (unknown_url, &failed);
      g_test_message ("%s: %s", unknown_url, banner);
      heading = g_strdup_printf ("Could Not Inspect 127.0.0.1:%u",
                                 cv_demo_server_get_port (unknown));
      g_assert_true (g_str_has_prefix (banner, heading));
      g_assert_false (failed);
      g_assert_null (strstr (banner, "no longer offers TLS"));

      cv_demo_server_stop (decided);
      cv_demo_server_stop (unknown);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(GError) error = NULL;

  /* The AT-SPI registry, started on demand in this private session, would write to
   * the TAP stream, as in the other window tests */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  g_test_add ("/certview/window-downgrade/tls-no-longer-offered", Fixture, factory, fixture_set_up,
              test_downgrade, fixture_tear_down);

  return g_test_run ();
}
