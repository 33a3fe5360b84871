/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The prompt in a program that has no display: it says so, and does not crash */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-prompt.h"
#include "cv-test-util.h"

#include <gtk/gtk.h>

typedef struct
{
  gboolean          done;
  CvPromptDecision  decision;
  GError           *error;
} Answer;

static void
decided_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Answer *answer = user_data;

  answer->decision = cv_prompt_finish (result, NULL, &answer->error);
  answer->done = TRUE;
}

/* Finding: a certificate that needed a question crashed the program in GTK,
 * whether GTK had not been started or gtk_init_check() had failed. The question
 * finishes with G_IO_ERROR_NOT_INITIALIZED, and nothing is saved. */
static void
test_no_display (CvTestDir     *dir,
                 gconstpointer  data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *store = g_build_filename (dir->dir, "trust.db", NULL);
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;

  /* Expired: nothing trusts it, so the user would be asked */
  g_assert_true (cv_cert_factory_issue (factory, "localhost", CV_CERT_PROBLEM_EXPIRED, 0,
                                        &chain_pem, &key_pem, &error));
  g_assert_no_error (error);
  chain = cv_test_chain_from_pem (chain_pem);

  for (guint started = 0; started < 2; started++)
    {
      Answer answer = { 0 };
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

      if (started)
        g_assert_false (gtk_init_check ());
      cv_prompt_async (NULL, "localhost", 2121, chain, store, NULL, decided_cb, &answer);
      while (!answer.done)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
        }
      g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
      g_test_message ("%s", answer.error->message);
      g_assert_cmpint (answer.decision, ==, CV_PROMPT_REJECTED);
      g_clear_error (&answer.error);
      g_assert_false (g_file_test (store, G_FILE_TEST_EXISTS));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(GError) error = NULL;

  /* Before GTK looks for one */
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  g_test_add ("/certview/prompt-nodisplay/no-display", CvTestDir, factory, cv_test_dir_set_up,
              test_no_display, cv_test_dir_tear_down);
  return g_test_run ();
}
