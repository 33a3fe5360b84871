/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report's model, built on first use: the same certificates, reasons, tree and
 * output as when it is built at once, built once however many threads ask; and the
 * CA file it is verified against, read again whenever it changes */
#include "config.h"

#include "cv-test-util.h"

#include "cv-cert-factory.h"
#include "cv-certificate-private.h"
#include "cv-error.h"
#include "cv-report.h"
#include "cv-report-private.h"

#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <string.h>
#include <unistd.h>

#define N_THREADS 8

static CvReport *
new_report (CvTestDir     *dir,
            CvCertFactory *factory,
            CvCertProblem  problems,
            const char    *hostname)
{
  g_autofree char *pem = cv_test_issue_chain_pem (factory, "localhost", problems);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (pem);
  g_autoptr(GError) error = NULL;
  CvReport *report;

  report = cv_report_new_for_chain (chain, hostname, dir->ca_file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static char *
reason_codes (CvReport *report)
{
  GPtrArray *reasons = cv_report_get_reasons (report);
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < reasons->len; i++)
    g_string_append_printf (codes, "%s%s", i > 0 ? "," : "",
                            ((CvReason *) g_ptr_array_index (reasons, i))->code);
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

/* The verdict needs no model; every reader of the model gets it built */
static void
test_built_on_first_use (CvTestDir     *dir,
                         gconstpointer  factory)
{
  const struct
  {
    CvCertProblem  problems;
    const char    *hostname;
    const char    *codes;
  } cases[] = {
    { CV_CERT_PROBLEM_NONE, "localhost", "" },
    { CV_CERT_PROBLEM_EXPIRED, "localhost", "expired" },
    { CV_CERT_PROBLEM_NONE, "other.example", "hostname-mismatch" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CvReport) lazy = new_report (dir, (CvCertFactory *) factory,
                                             cases[i].problems, cases[i].hostname);
      g_autoptr(CvReport) eager = new_report (dir, (CvCertFactory *) factory,
                                              cases[i].problems, cases[i].hostname);
      g_autofree char *codes = NULL;

      cv_report_build_model (eager);
      g_assert_true (cv_report_has_model (eager));

      /* Valid, status, host name, file and probe result leave it unbuilt */
      g_assert_cmpint (cv_report_get_valid (lazy), ==, cases[i].codes[0] == '\0');
      g_assert_cmpuint (cv_report_get_status (lazy), ==, cv_report_get_status (eager));
      g_assert_cmpstr (cv_report_get_hostname (lazy), ==, cases[i].hostname);
      g_assert_null (cv_report_get_file (lazy));
      g_assert_null (cv_report_get_probe_result (lazy));
      g_assert_null (cv_report_get_revocation (lazy));
      g_assert_false (cv_report_has_model (lazy));

      codes = reason_codes (lazy);
      g_assert_true (cv_report_has_model (lazy));
      g_assert_cmpstr (codes, ==, cases[i].codes);
    }

  /* Each reader on a report of its own builds the model */
  {
    g_autoptr(CvReport) report = new_report (dir, (CvCertFactory *) factory,
                                             CV_CERT_PROBLEM_NONE, "localhost");

    g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_certificates (report)), ==, 2);
    g_assert_true (cv_report_has_model (report));
  }
  {
    g_autoptr(CvReport) report = new_report (dir, (CvCertFactory *) factory,
                                             CV_CERT_PROBLEM_NONE, "localhost");

    g_assert_nonnull (cv_report_get_leaf (report));
    g_assert_true (cv_report_has_model (report));
  }
  {
    g_autoptr(CvReport) report = new_report (dir, (CvCertFactory *) factory,
                                             CV_CERT_PROBLEM_NONE, "localhost");

    g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_tree (report)), >, 0);
    g_assert_true (cv_report_has_model (report));
  }
}

/* Text, JSON, the certificates and the Invalid marks: the same either way */
static void
test_same_as_built_at_once (CvTestDir     *dir,
                            gconstpointer  factory)
{
  const CvCertProblem problems[] = {
    CV_CERT_PROBLEM_NONE,
    CV_CERT_PROBLEM_EXPIRED,
    CV_CERT_PROBLEM_SELF_SIGNED,
    CV_CERT_PROBLEM_UNTRUSTED_ROOT,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (problems); i++)
    {
      g_autofree char *pem = cv_test_issue_chain_pem ((CvCertFactory *) factory, "localhost",
                                                      problems[i]);
      g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (pem);
      g_autoptr(CvReport) lazy = NULL;
      g_autoptr(CvReport) eager = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *lazy_text = NULL;
      g_autofree char *eager_text = NULL;
      g_autofree char *lazy_json = NULL;
      g_autofree char *eager_json = NULL;
      GListModel *certificates;

      lazy = cv_report_new_for_chain (chain, "localhost", dir->ca_file, &error);
      g_assert_no_error (error);
      eager = cv_report_new_for_chain (chain, "localhost", dir->ca_file, &error);
      g_assert_no_error (error);
      cv_report_build_model (eager);

      /* Later than the verification: what the model says is as of the verification */
      g_usleep (G_USEC_PER_SEC / 100);
      lazy_text = cv_report_to_text (lazy);
      eager_text = cv_report_to_text (eager);
      g_assert_cmpstr (lazy_text, ==, eager_text);
      lazy_json = cv_report_to_json (lazy);
      eager_json = cv_report_to_json (eager);
      g_assert_cmpstr (lazy_json, ==, eager_json);

      /* Each certificate is the one cv_certificate_new_from_der() makes of its DER */
      certificates = cv_report_get_certificates (lazy);
      g_assert_cmpuint (g_list_model_get_n_items (certificates), ==, chain->len);
      for (guint j = 0; j < chain->len; j++)
        {
          g_autoptr(CvCertificate) got = g_list_model_get_item (certificates, j);
          g_autoptr(CvCertificate) alone = NULL;

          alone = cv_certificate_new_from_der (g_ptr_array_index (chain, j), &error);
          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (cv_certificate_get_der (got),
                                        g_ptr_array_index (chain, j)));
          g_assert_cmpstr (cv_certificate_get_sha256 (got), ==,
                           cv_certificate_get_sha256 (alone));
          g_assert_cmpstr (cv_certificate_get_sha1 (got), ==, cv_certificate_get_sha1 (alone));
          g_assert_cmpstr (cv_certificate_get_subject (got), ==,
                           cv_certificate_get_subject (alone));
          g_assert_cmpstr (cv_certificate_get_display_name (got), ==,
                           cv_certificate_get_display_name (alone));
          g_assert_cmpuint (g_list_model_get_n_items (cv_certificate_get_sections (got)), ==,
                            g_list_model_get_n_items (cv_certificate_get_sections (alone)));
        }
    }
}

typedef struct
{
  CvReport  *report;
  GMutex     lock;
  GCond      cond;
  gboolean   go;
  gpointer   leaf[N_THREADS];
  gpointer   tree[N_THREADS];
} Race;

typedef struct
{
  Race  *race;
  guint  index;
} RaceSeat;

static gpointer
race_seat_thread (gpointer data)
{
  RaceSeat *seat = data;
  Race *race = seat->race;

  g_mutex_lock (&race->lock);
  while (!race->go)
    g_cond_wait (&race->cond, &race->lock);
  g_mutex_unlock (&race->lock);

  /* Half ask for the leaf first, half for the tree */
  if (seat->index % 2 == 0)
    {
      race->leaf[seat->index] = cv_report_get_leaf (race->report);
      race->tree[seat->index] = cv_report_get_tree (race->report);
    }
  else
    {
      race->tree[seat->index] = cv_report_get_tree (race->report);
      race->leaf[seat->index] = cv_report_get_leaf (race->report);
    }
  return NULL;
}

/* Threads that ask at once all get the one model, complete */
static void
test_built_once_across_threads (CvTestDir     *dir,
                                gconstpointer  factory)
{
  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(CvReport) report = new_report (dir, (CvCertFactory *) factory,
                                               CV_CERT_PROBLEM_EXPIRED, "localhost");
      Race race = { report };
      RaceSeat seats[N_THREADS];
      GThread *threads[N_THREADS];
      guint n_sections;

      g_mutex_init (&race.lock);
      g_cond_init (&race.cond);
      for (guint i = 0; i < N_THREADS; i++)
        {
          seats[i].race = &race;
          seats[i].index = i;
          threads[i] = g_thread_new ("race", race_seat_thread, &seats[i]);
        }

      g_mutex_lock (&race.lock);
      race.go = TRUE;
      g_cond_broadcast (&race.cond);
      g_mutex_unlock (&race.lock);
      for (guint i = 0; i < N_THREADS; i++)
        g_thread_join (threads[i]);

      for (guint i = 1; i < N_THREADS; i++)
        {
          g_assert_true (race.leaf[i] == race.leaf[0]);
          g_assert_true (race.tree[i] == race.tree[0]);
        }

      /* Built once: two certificates, the leaf's sections, then the chain and, for
       * a file, its revocation not checked */
      g_assert_cmpuint (g_list_model_get_n_items (cv_report_get_certificates (report)), ==, 2);
      n_sections = g_list_model_get_n_items (cv_certificate_get_sections (race.leaf[0]));
      g_assert_cmpuint (g_list_model_get_n_items (race.tree[0]), ==, n_sections + 2);
      g_assert_cmpuint (cv_report_get_reasons (report)->len, ==, 1);

      g_mutex_clear (&race.lock);
      g_cond_clear (&race.cond);
    }
}

/* A report nobody reads the model of frees what it kept for it */
static void
test_never_built (CvTestDir     *dir,
                  gconstpointer  factory)
{
  g_autoptr(CvReport) report = new_report (dir, (CvCertFactory *) factory,
                                           CV_CERT_PROBLEM_NONE, "localhost");

  g_assert_true (cv_report_get_valid (report));
  g_assert_false (cv_report_has_model (report));
  /* The leak checkers (valgrind, ASan) see the parsed chain freed with the report */
}

/* The errors of a chain that cannot be parsed come at once, as before */
static void
test_errors_at_once (CvTestDir     *dir,
                     gconstpointer  factory)
{
  g_autofree char *pem = cv_test_issue_chain_pem ((CvCertFactory *) factory, "localhost",
                                                  CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) good = cv_test_chain_from_pem (pem);
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(CvParsedChain) parsed = NULL;

  g_ptr_array_add (chain, g_bytes_ref (g_ptr_array_index (good, 0)));
  g_ptr_array_add (chain, g_bytes_new_static ("", 0));
  report = cv_report_new_for_chain (chain, "localhost", dir->ca_file, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_CERTIFICATE);
  g_assert_cmpstr (error->message, ==, "Certificate 2 of the chain: The certificate is empty.");
  g_assert_null (report);
  g_clear_error (&error);

  parsed = cv_parsed_chain_new (chain, &error);
  g_assert_error (error, CV_ERROR, CV_ERROR_CERTIFICATE);
  g_assert_null (parsed);
  g_clear_error (&error);

  /* A good chain parsed keeps its own references and gives the same models */
  parsed = cv_parsed_chain_new (good, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->der->len, ==, good->len);
  for (guint i = 0; i < good->len; i++)
    {
      g_autoptr(CvCertificate) certificate = cv_parsed_chain_new_certificate (parsed, i);
      g_autoptr(CvCertificate) alone = cv_certificate_new_from_der (g_ptr_array_index (good, i),
                                                                    &error);

      g_assert_no_error (error);
      g_assert_cmpstr (cv_certificate_get_sha256 (certificate), ==,
                       cv_certificate_get_sha256 (alone));
      g_assert_cmpstr (cv_certificate_get_issuer (certificate), ==,
                       cv_certificate_get_issuer (alone));
    }
}

/* Overwrites @path in place (same inode) with @text padded with newlines to @size */
static void
overwrite_in_place (const char *path,
                    const char *text,
                    gsize       size)
{
  g_autofree char *padded = g_malloc (size);
  int fd;

  g_assert_cmpuint (strlen (text), <=, size);
  memset (padded, '\n', size);
  memcpy (padded, text, strlen (text));
  fd = open (path, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, padded, size), ==, (gssize) size);
  g_assert_cmpint (close (fd), ==, 0);
}

static gboolean
valid_with (GPtrArray  *chain,
            const char *ca_file)
{
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = cv_report_new_for_chain (chain, "localhost", ca_file, &error);
  g_assert_no_error (error);
  return cv_report_get_valid (report);
}

/* A CA file rewritten in place, even to the same size, counts at once: at first
 * (just written) and once it has settled and is no longer read each time */
static void
test_ca_file_rewritten (CvTestDir     *dir,
                        gconstpointer  factory)
{
  g_autoptr(CvCertFactory) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = cv_test_issue_chain_pem ((CvCertFactory *) factory, "localhost",
                                                  CV_CERT_PROBLEM_NONE);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (pem);
  g_autofree char *other_pem = NULL;
  g_autoptr(GPtrArray) other_chain = NULL;
  const char *ca = cv_cert_factory_get_ca_pem ((CvCertFactory *) factory);
  const char *other_ca;
  gsize size;

  other = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  other_pem = cv_test_issue_chain_pem (other, "localhost", CV_CERT_PROBLEM_NONE);
  other_chain = cv_test_chain_from_pem (other_pem);
  other_ca = cv_cert_factory_get_ca_pem (other);
  size = MAX (strlen (ca), strlen (other_ca)) + 1;

  for (guint round = 0; round < 2; round++)
    {
      overwrite_in_place (dir->ca_file, ca, size);
      g_assert_true (valid_with (chain, dir->ca_file));
      g_assert_false (valid_with (other_chain, dir->ca_file));

      if (round == 1)
        {
          /* Settled: the file is now older than the clock's coarseness */
          g_usleep (G_USEC_PER_SEC * 3 / 2);
          g_assert_true (valid_with (chain, dir->ca_file));
          g_assert_true (valid_with (chain, dir->ca_file));
        }

      overwrite_in_place (dir->ca_file, other_ca, size);
      g_assert_false (valid_with (chain, dir->ca_file));
      g_assert_true (valid_with (other_chain, dir->ca_file));
    }

  /* Gone: the error says so, as when it was never there */
  g_assert_cmpint (unlink (dir->ca_file), ==, 0);
  {
    g_autoptr(CvReport) report = cv_report_new_for_chain (chain, "localhost", dir->ca_file,
                                                          &error);

    g_assert_error (error, CV_ERROR, CV_ERROR_FILE);
    g_assert_null (report);
    g_clear_error (&error);
  }
  /* The fixture removes its directory, CA file included */
  g_assert_true (g_file_set_contents (dir->ca_file, ca, -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  g_test_add ("/certview/report-model/built-on-first-use", CvTestDir, factory,
              cv_test_dir_set_up, test_built_on_first_use, cv_test_dir_tear_down);
  g_test_add ("/certview/report-model/same-as-built-at-once", CvTestDir, factory,
              cv_test_dir_set_up, test_same_as_built_at_once, cv_test_dir_tear_down);
  g_test_add ("/certview/report-model/built-once-across-threads", CvTestDir, factory,
              cv_test_dir_set_up, test_built_once_across_threads, cv_test_dir_tear_down);
  g_test_add ("/certview/report-model/never-built", CvTestDir, factory,
              cv_test_dir_set_up, test_never_built, cv_test_dir_tear_down);
  g_test_add ("/certview/report-model/errors-at-once", CvTestDir, factory,
              cv_test_dir_set_up, test_errors_at_once, cv_test_dir_tear_down);
  g_test_add ("/certview/report-model/ca-file-rewritten", CvTestDir, factory,
              cv_test_dir_set_up, test_ca_file_rewritten, cv_test_dir_tear_down);
  return g_test_run ();
}
