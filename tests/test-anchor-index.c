/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The index of the system's trust anchors must not change a verdict: every chain
 * here is verified with the system's anchors loaded whole and through the index,
 * and the GnuTLS status bits and Certview's reasons must be the same. A wrong
 * index (one anchor forgotten) must be seen.
 */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-certificate.h"
#include "cv-certificate-private.h"
#include "cv-report.h"
#include "cv-test-util.h"
#include "cv-verdict.h"
#include "cv-verifier-private.h"

#include <glib/gstdio.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)

typedef struct
{
  char      *name;
  GPtrArray *chain;     /* GBytes, DER */
  char      *hostname;  /* nullable */
  gboolean   with_ca;   /* verified with the factory's root as --ca-file too */
  guint      status[2]; /* whole, indexed */
  char      *verdict[2];
  char      *root[2];   /* the SHA-256 of the anchor the report lists, or "none" */
} Case;

static void
case_free (Case *c)
{
  g_free (c->name);
  g_ptr_array_unref (c->chain);
  g_free (c->hostname);
  g_free (c->verdict[0]);
  g_free (c->verdict[1]);
  g_free (c->root[0]);
  g_free (c->root[1]);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Case, case_free)

static void
add_case (GPtrArray  *cases,
          GPtrArray  *chain,
          const char *hostname,
          gboolean    with_ca,
          const char *format,
          ...) G_GNUC_PRINTF (5, 6);

static void
add_case (GPtrArray  *cases,
          GPtrArray  *chain,
          const char *hostname,
          gboolean    with_ca,
          const char *format,
          ...)
{
  Case *c = g_new0 (Case, 1);
  va_list args;

  va_start (args, format);
  c->name = g_strdup_vprintf (format, args);
  va_end (args);
  c->chain = chain;
  c->hostname = g_strdup (hostname);
  c->with_ca = with_ca;
  g_ptr_array_add (cases, c);
}

/* Certview's verdict for @status: each reason's section, code and sentence */
static char *
describe_verdict (Case  *c,
                  guint  status)
{
  g_autoptr(GListStore) certificates = g_list_store_new (CV_TYPE_CERTIFICATE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < c->chain->len; i++)
    {
      g_autoptr(CvCertificate) certificate = NULL;
      g_autoptr(GError) error = NULL;

      certificate = cv_certificate_new_from_der (g_ptr_array_index (c->chain, i), &error);
      g_assert_no_error (error);
      g_list_store_append (certificates, certificate);
    }

  reasons = cv_verdict_build_reasons (status, G_LIST_MODEL (certificates), c->hostname, now);
  for (guint i = 0; i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      g_string_append_printf (text, "[%s] %s: %s\n",
                              cv_verdict_section_to_id (reason->section),
                              reason->code, reason->message);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Verifies @c with the anchors as they are now, for @way (0: whole, 1: indexed):
 * its status, its verdict and the anchor its report lists */
static void
verify_case (Case       *c,
             guint       way,
             const char *ca_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  CvCertificate *root;

  c->status[way] = G_MAXUINT;
  if (!cv_verifier_verify (c->chain, c->hostname, c->with_ca ? ca_file : NULL,
                           &c->status[way], &error))
    g_error ("%s: %s", c->name, error->message);
  c->verdict[way] = describe_verdict (c, c->status[way]);

  report = cv_report_new_for_chain (c->chain, c->hostname, c->with_ca ? ca_file : NULL,
                                    &error);
  if (report == NULL)
    g_error ("%s: %s", c->name, error->message);
  g_assert_cmpuint (cv_report_get_status (report), ==, c->status[way]);
  root = cv_report_get_trusted_root (report);
  c->root[way] = g_strdup (root != NULL ? cv_certificate_get_sha256 (root) : "none");
}

/* Verifies every case one way (@way 0: anchors whole, 1: indexed), those without
 * the CA file first so that the anchors are built twice only */
static void
verify_all (GPtrArray  *cases,
            guint       way,
            const char *ca_file)
{
  cv_verifier_set_use_index (way == 1);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < cases->len; i++)
      {
        Case *c = g_ptr_array_index (cases, i);

        if (c->with_ca == (pass == 1))
          verify_case (c, way, ca_file);
      }
}

/* The number of cases whose status or verdict differ between the two ways */
static guint
count_differences (GPtrArray *cases)
{
  guint differences = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = g_ptr_array_index (cases, i);

      if (c->status[0] == c->status[1] && g_str_equal (c->verdict[0], c->verdict[1]) &&
          g_str_equal (c->root[0], c->root[1]))
        continue;

      g_test_message ("%s: whole 0x%x (%s, root %s), indexed 0x%x (%s, root %s)", c->name,
                      c->status[0], c->verdict[0], c->root[0],
                      c->status[1], c->verdict[1], c->root[1]);
      differences++;
    }

  return differences;
}

/* The DER of every certificate GnuTLS takes as the system's anchors, with counts */
static GHashTable *
system_anchors_by_gnutls (void)
{
  GHashTable *set = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                           (GDestroyNotify) g_bytes_unref, NULL);
  gnutls_x509_trust_list_t list;
  gnutls_x509_trust_list_iter_t iter = NULL;
  gnutls_x509_crt_t crt;

  g_assert_cmpint (gnutls_x509_trust_list_init (&list, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_trust_list_add_system_trust (list, 0, 0), >, 0);
  while (gnutls_x509_trust_list_iter_get_ca (list, &iter, &crt) == 0)
    {
      gnutls_datum_t der = { NULL, 0 };
      g_autoptr(GBytes) key = NULL;

      g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der), ==, 0);
      key = g_bytes_new (der.data, der.size);
      g_hash_table_insert (set, g_bytes_ref (key),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (set, key))
                                             + 1));
      gnutls_free (der.data);
      gnutls_x509_crt_deinit (crt);
    }
  gnutls_x509_trust_list_iter_deinit (iter);
  gnutls_x509_trust_list_deinit (list, 1);
  return set;
}

/* The DER of the index's anchor @n */
static GBytes *
anchor_der (CvAnchorIndex *index,
            guint          n)
{
  g_autoptr(GString) pem = g_string_new (NULL);
  g_autoptr(GPtrArray) chain = NULL;

  g_assert_true (cv_anchor_index_append_pem (index, &n, 1, pem));
  chain = cv_test_chain_from_pem (pem->str);
  g_assert_cmpuint (chain->len, ==, 1);
  return g_bytes_ref (g_ptr_array_index (chain, 0));
}

static gboolean
have_index (void)
{
  cv_verifier_set_use_index (TRUE);
  if (cv_verifier_get_index () == NULL)
    {
      g_test_skip ("The system's CA bundle (" CV_SYSTEM_ANCHORS_FILE ") is not indexed here");
      return FALSE;
    }
  return TRUE;
}

/* The index holds exactly the certificates GnuTLS loads as the system's anchors */
static void
test_same_anchors (void)
{
  g_autoptr(GHashTable) expected = NULL;
  CvAnchorIndex *index;

  if (!have_index ())
    return;

  expected = system_anchors_by_gnutls ();
  index = cv_verifier_get_index ();
  for (guint n = 0; n < cv_anchor_index_get_n_anchors (index); n++)
    {
      g_autoptr(GBytes) der = anchor_der (index, n);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (expected, der));

      g_assert_cmpuint (count, >, 0);
      if (count == 1)
        g_hash_table_remove (expected, der);
      else
        g_hash_table_insert (expected, g_bytes_ref (der), GUINT_TO_POINTER (count - 1));
    }
  g_assert_cmpuint (g_hash_table_size (expected), ==, 0);
}

/* The chains: the factory's with each of its problems, with and without its root as
 * CA file, and each system anchor presented alone and under a leaf of the factory */
static GPtrArray *
make_cases (CvCertFactory *factory,
            CvAnchorIndex *index)
{
  static const struct { const char *name; CvCertProblem problems; } sets[] = {
    { "valid", CV_CERT_PROBLEM_NONE },
    { "expired", CV_CERT_PROBLEM_EXPIRED },
    { "not yet valid", CV_CERT_PROBLEM_NOT_YET_VALID },
    { "wrong host", CV_CERT_PROBLEM_WRONG_HOST },
    { "self-signed", CV_CERT_PROBLEM_SELF_SIGNED },
    { "untrusted root", CV_CERT_PROBLEM_UNTRUSTED_ROOT },
    { "incomplete chain", CV_CERT_PROBLEM_INCOMPLETE_CHAIN },
    { "SHA-1", CV_CERT_PROBLEM_SHA1 },
    { "weak key", CV_CERT_PROBLEM_WEAK_KEY },
    { "expired, self-signed", CV_CERT_PROBLEM_EXPIRED | CV_CERT_PROBLEM_SELF_SIGNED },
    { "wrong host, incomplete", CV_CERT_PROBLEM_WRONG_HOST | CV_CERT_PROBLEM_INCOMPLETE_CHAIN },
  };
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);
  g_autoptr(GBytes) leaf = cv_test_issue_leaf (factory, "localhost", CV_CERT_PROBLEM_NONE);
  g_autofree char *impostor = NULL;
  g_autofree char *impostor_key = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    for (guint with_ca = 0; with_ca < 2; with_ca++)
      {
        g_autofree char *pem = cv_test_issue_chain_pem (factory, "localhost", sets[i].problems);

        add_case (cases, cv_test_chain_from_pem (pem), "localhost", with_ca,
                  "%s%s", sets[i].name, with_ca ? ", CA file" : "");
      }

  /* A long chain: five more intermediates */
  for (guint with_ca = 0; with_ca < 2; with_ca++)
    {
      g_autofree char *pem = NULL;
      g_autofree char *key = NULL;

      g_assert_true (cv_cert_factory_issue (factory, "localhost", CV_CERT_PROBLEM_NONE, 5,
                                            &pem, &key, &error));
      add_case (cases, cv_test_chain_from_pem (pem), "localhost", with_ca,
                "long chain%s", with_ca ? ", CA file" : "");
    }

  /* The intermediate's impostor: its name, another key */
  g_assert_true (cv_cert_factory_get_impostor (factory, &impostor, &impostor_key, &error));
  {
    GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

    g_ptr_array_add (chain, g_bytes_ref (leaf));
    g_ptr_array_extend_and_steal (chain, cv_test_chain_from_pem (impostor));
    add_case (cases, chain, "localhost", TRUE, "under the intermediate's impostor");
  }

  for (guint n = 0; index != NULL && n < cv_anchor_index_get_n_anchors (index); n++)
    {
      GPtrArray *alone = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      GPtrArray *under = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

      g_ptr_array_add (alone, anchor_der (index, n));
      add_case (cases, alone, NULL, FALSE, "system anchor %u alone", n);

      /* Cross-signed, as it were: the factory's leaf with a system root after it */
      g_ptr_array_add (under, g_bytes_ref (leaf));
      g_ptr_array_add (under, anchor_der (index, n));
      add_case (cases, under, "localhost", n % 2 == 0, "factory leaf, then system anchor %u", n);
    }

  return cases;
}

static void
test_same_verdicts (CvTestDir     *dir,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) cases = NULL;
  guint valid_anchors = 0;

  if (!have_index ())
    return;

  cases = make_cases ((CvCertFactory *) data, cv_verifier_get_index ());
  verify_all (cases, 0, dir->ca_file);
  verify_all (cases, 1, dir->ca_file);
  g_assert_cmpuint (count_differences (cases), ==, 0);

  /* Not all alike: the valid chains are valid, the broken ones not, and the
   * system's anchors are trusted when presented alone */
  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = g_ptr_array_index (cases, i);

      if (g_str_equal (c->name, "valid, CA file") || g_str_equal (c->name, "long chain, CA file"))
        {
          g_assert_cmpuint (c->status[1], ==, 0);
          /* The factory's root, from the CA file: the chain leaves it out */
          g_assert_cmpstr (c->root[1], !=, "none");
        }
      else if (g_str_equal (c->name, "valid") || g_str_equal (c->name, "expired, CA file"))
        g_assert_cmpuint (c->status[1], !=, 0);
      if (g_str_has_prefix (c->name, "system anchor") && c->status[1] == 0)
        {
          /* An anchor presented alone is the anchor it reaches */
          g_assert_cmpstr (c->root[1], ==, "none");
          valid_anchors++;
        }
    }
  g_assert_cmpuint (valid_anchors, >, 0);
}

/* An index that forgot one anchor changes that anchor's verdict, and the
 * comparison sees it */
static void
test_wrong_index_seen (CvTestDir     *dir,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) cases = NULL;
  CvAnchorIndex *index;
  guint dropped = G_MAXUINT;

  if (!have_index ())
    return;

  /* Whole: find an anchor that is valid when presented alone */
  index = cv_verifier_get_index ();
  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);
  for (guint n = 0; n < cv_anchor_index_get_n_anchors (index); n++)
    {
      GPtrArray *alone = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

      g_ptr_array_add (alone, anchor_der (index, n));
      add_case (cases, alone, NULL, FALSE, "system anchor %u alone", n);
    }
  verify_all (cases, 0, NULL);
  for (guint n = 0; n < cases->len && dropped == G_MAXUINT; n++)
    if (((Case *) g_ptr_array_index (cases, n))->status[0] == 0)
      dropped = n;
  g_assert_cmpuint (dropped, !=, G_MAXUINT);

  /* Indexed, with that anchor dropped from the index before any verification */
  cv_verifier_set_use_index (TRUE);
  cv_anchor_index_drop_for_testing (cv_verifier_get_index (), dropped);
  for (guint i = 0; i < cases->len; i++)
    verify_case (g_ptr_array_index (cases, i), 1, NULL);

  g_assert_cmpuint (count_differences (cases), ==, 1);
  g_assert_cmpuint (((Case *) g_ptr_array_index (cases, dropped))->status[1] &
                    GNUTLS_CERT_SIGNER_NOT_FOUND, !=, 0);
  cv_verifier_set_use_index (TRUE);
}

/* A file that is not a plain PEM bundle gives no index */
static void
test_refused_bundles (CvTestDir     *dir,
                      gconstpointer  data)
{
  g_autofree char *chain = cv_test_issue_chain_pem ((CvCertFactory *) data, "localhost",
                                                    CV_CERT_PROBLEM_NONE);
  g_autofree char *broken = g_strdup (chain);
  g_autofree char *request = NULL;
  const char *bad[4];
  g_autofree char *good_path = cv_test_write_file (dir->dir, "good.pem", chain);
  g_autoptr(CvAnchorIndex) good = cv_anchor_index_new (good_path, NULL);

  g_assert_nonnull (good);
  g_assert_cmpuint (cv_anchor_index_get_n_anchors (good), ==, 2);
  g_assert_true (cv_anchor_index_is_current (good));

  /* A character that is not base64 in the middle of the first certificate */
  broken[strlen ("-----BEGIN CERTIFICATE-----\n") + 10] = '*';
  request = g_strconcat (chain, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
                         "-----END CERTIFICATE REQUEST-----\n", NULL);
  bad[0] = broken;
  bad[1] = request;
  bad[2] = "no certificate at all\n";
  bad[3] = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u.pem", i);
      g_autofree char *path = cv_test_write_file (dir->dir, name, bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(CvAnchorIndex) index = cv_anchor_index_new (path, &error);

      g_assert_null (index);
      g_assert_nonnull (error);
    }

  /* Rewritten: no longer the file it was built from, and its blocks are not read */
  g_free (cv_test_write_file (dir->dir, "good.pem", broken));
  g_assert_false (cv_anchor_index_is_current (good));
  {
    g_autoptr(GString) pem = g_string_new (NULL);
    guint first = 0;

    g_assert_false (cv_anchor_index_append_pem (good, &first, 1, pem));
  }
}

/* A bundle many times the read window, its blocks cut at every kind of place:
 * each is found whole, where it is */
static void
test_large_bundle (CvTestDir     *dir,
                   gconstpointer  data)
{
  g_autofree char *chain = cv_test_issue_chain_pem ((CvCertFactory *) data, "localhost",
                                                    CV_CERT_PROBLEM_NONE);
  g_autoptr(GString) bundle = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(CvAnchorIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  guint n_copies = 0;

  /* Text between the blocks of every length from 0 to 96, as bundles have comments */
  while (bundle->len < 300 * 1024)
    {
      for (guint i = 0; i < n_copies % 97; i++)
        g_string_append_c (bundle, i % 60 == 59 ? '\n' : '#');
      g_string_append (bundle, chain);
      n_copies++;
    }
  path = cv_test_write_file (dir->dir, "large.pem", bundle->str);

  index = cv_anchor_index_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cv_anchor_index_get_n_anchors (index), ==, 2 * n_copies);

  for (guint n = 0; n < 2 * n_copies; n++)
    {
      g_autoptr(GString) pem = g_string_new (NULL);
      g_autoptr(GPtrArray) read = NULL;
      g_autoptr(GPtrArray) expected = cv_test_chain_from_pem (chain);

      g_assert_true (cv_anchor_index_append_pem (index, &n, 1, pem));
      read = cv_test_chain_from_pem (pem->str);
      g_assert_cmpuint (read->len, ==, 1);
      g_assert_true (g_bytes_equal (g_ptr_array_index (read, 0),
                                    g_ptr_array_index (expected, n % 2)));
    }
}

/* @a and @b index the same blocks under the same subjects */
static void
assert_same_index (CvAnchorIndex *a,
                   CvAnchorIndex *b)
{
  g_assert_cmpuint (a->blocks->len, ==, b->blocks->len);
  for (guint n = 0; n < a->blocks->len; n++)
    {
      CvAnchorBlock *x = &g_array_index (a->blocks, CvAnchorBlock, n);
      CvAnchorBlock *y = &g_array_index (b->blocks, CvAnchorBlock, n);

      g_assert_cmpuint (x->start, ==, y->start);
      g_assert_cmpuint (x->end, ==, y->end);
      g_assert_cmpuint (x->subject_hash, ==, y->subject_hash);
    }
}

/* The only file in @dir */
static char *
only_file (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_null (found);
      found = g_build_filename (dir, name, NULL);
    }
  g_assert_nonnull (found);
  return found;
}

/* The index read back from the cache is the index built from the bundle, for the
 * system's bundle and for a large one; a changed bundle, a damaged cache or one
 * that cannot be written means the bundle is indexed again */
static void
test_cache (CvTestDir     *dir,
            gconstpointer  data)
{
  g_autofree char *chain = cv_test_issue_chain_pem ((CvCertFactory *) data, "localhost",
                                                    CV_CERT_PROBLEM_NONE);
  g_autofree char *cache_dir = g_build_filename (dir->dir, "cache", NULL);
  g_autoptr(GString) bundle = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *cache_file = NULL;
  g_autofree char *cache = NULL;
  g_autoptr(CvAnchorIndex) built = NULL;
  g_autoptr(CvAnchorIndex) cached = NULL;
  g_autoptr(GError) error = NULL;
  gsize cache_len;

  /* The system's bundle, where there is one */
  if (CV_SYSTEM_ANCHORS_FILE[0] != '\0' &&
      g_file_test (CV_SYSTEM_ANCHORS_FILE, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *system_cache = g_build_filename (dir->dir, "system-cache", NULL);
      g_autoptr(CvAnchorIndex) whole = cv_anchor_index_new (CV_SYSTEM_ANCHORS_FILE, NULL);
      g_autoptr(CvAnchorIndex) first = NULL;
      g_autoptr(CvAnchorIndex) second = NULL;

      if (whole != NULL)
        {
          first = cv_anchor_index_new_cached (CV_SYSTEM_ANCHORS_FILE, system_cache, &error);
          g_assert_no_error (error);
          g_assert_false (cv_anchor_index_is_from_cache (first));
          second = cv_anchor_index_new_cached (CV_SYSTEM_ANCHORS_FILE, system_cache, &error);
          g_assert_no_error (error);
          g_assert_true (cv_anchor_index_is_from_cache (second));
          assert_same_index (whole, second);
        }
    }

  for (guint i = 0; i < 40; i++)
    g_string_append (bundle, chain);
  path = cv_test_write_file (dir->dir, "bundle.pem", bundle->str);

  built = cv_anchor_index_new_cached (path, cache_dir, &error);
  g_assert_no_error (error);
  g_assert_false (cv_anchor_index_is_from_cache (built));
  cache_file = only_file (cache_dir);

  cached = cv_anchor_index_new_cached (path, cache_dir, &error);
  g_assert_no_error (error);
  g_assert_true (cv_anchor_index_is_from_cache (cached));
  assert_same_index (built, cached);

  /* Each subject names its 40 copies, and only them, in both */
  for (guint first = 0; first < cv_anchor_index_get_n_anchors (cached) / 40; first++)
    {
      g_autoptr(GBytes) der = anchor_der (cached, first);
      g_auto(gnutls_x509_crt_t) crt = cv_certificate_import_der (der);
      gnutls_datum_t name = { NULL, 0 };
      guint per_copy = cv_anchor_index_get_n_anchors (cached) / 40;

      g_assert_nonnull (crt);
      g_assert_cmpint (gnutls_x509_crt_get_raw_dn (crt, &name), ==, 0);
      for (guint which = 0; which < 2; which++)
        {
          g_autoptr(GHashTable) found = g_hash_table_new (NULL, NULL);

          cv_anchor_index_select (which == 0 ? built : cached, name.data, name.size, found);
          g_assert_cmpuint (g_hash_table_size (found), ==, 40);
          for (guint copy = 0; copy < 40; copy++)
            g_assert_true (g_hash_table_contains (found,
                                                  GUINT_TO_POINTER (first + copy * per_copy)));
        }
      gnutls_free (name.data);
    }
  for (guint n = 0; n < cv_anchor_index_get_n_anchors (cached); n++)
    {
      g_autoptr(GString) pem = g_string_new (NULL);
      g_autoptr(GString) expected = g_string_new (NULL);

      g_assert_true (cv_anchor_index_append_pem (cached, &n, 1, pem));
      g_assert_true (cv_anchor_index_append_pem (built, &n, 1, expected));
      g_assert_cmpstr (pem->str, ==, expected->str);
    }

  /* Damaged: one byte changed anywhere, or cut short */
  g_assert_true (g_file_get_contents (cache_file, &cache, &cache_len, NULL));
  for (gsize at = 0; at < cache_len; at += cache_len / 97 + 1)
    for (guint cut = 0; cut < 2; cut++)
      {
        g_autofree char *damaged = g_memdup2 (cache, cache_len);
        g_autoptr(CvAnchorIndex) again = NULL;

        if (cut == 0)
          damaged[at] ^= 0x20;
        g_assert_true (g_file_set_contents (cache_file, damaged, cut == 0 ? (gssize) cache_len
                                                                          : (gssize) at,
                                            NULL));
        again = cv_anchor_index_new_cached (path, cache_dir, &error);
        g_assert_no_error (error);
        g_assert_false (cv_anchor_index_is_from_cache (again));
        assert_same_index (built, again);
      }

  /* Written again by the last of those, and used */
  g_clear_pointer (&cached, cv_anchor_index_free);
  cached = cv_anchor_index_new_cached (path, cache_dir, &error);
  g_assert_true (cv_anchor_index_is_from_cache (cached));

  /* The bundle changed: indexed again, and the cache then describes the new one */
  g_string_append (bundle, chain);
  g_free (cv_test_write_file (dir->dir, "bundle.pem", bundle->str));
  g_clear_pointer (&cached, cv_anchor_index_free);
  cached = cv_anchor_index_new_cached (path, cache_dir, &error);
  g_assert_no_error (error);
  g_assert_false (cv_anchor_index_is_from_cache (cached));
  g_assert_cmpuint (cv_anchor_index_get_n_anchors (cached), ==, 2 * 41);
  g_clear_pointer (&cached, cv_anchor_index_free);
  cached = cv_anchor_index_new_cached (path, cache_dir, &error);
  g_assert_true (cv_anchor_index_is_from_cache (cached));
  g_assert_cmpuint (cv_anchor_index_get_n_anchors (cached), ==, 2 * 41);

  /* The cache of another bundle under this one's name is not taken */
  {
    g_autofree char *other_dir = g_build_filename (dir->dir, "other-cache", NULL);
    g_autofree char *other_path = cv_test_write_file (dir->dir, "other.pem", chain);
    g_autoptr(CvAnchorIndex) other = cv_anchor_index_new_cached (other_path, other_dir,
                                                                 &error);
    g_autofree char *other_file = only_file (other_dir);
    g_autofree char *other_cache = NULL;
    gsize other_len;

    g_assert_no_error (error);
    g_assert_nonnull (other);
    g_assert_true (g_file_get_contents (other_file, &other_cache, &other_len, NULL));
    g_assert_true (g_file_set_contents (cache_file, other_cache, (gssize) other_len, NULL));
    g_clear_pointer (&cached, cv_anchor_index_free);
    cached = cv_anchor_index_new_cached (path, cache_dir, &error);
    g_assert_false (cv_anchor_index_is_from_cache (cached));
    g_assert_cmpuint (cv_anchor_index_get_n_anchors (cached), ==, 2 * 41);
  }

  /* A cache directory that cannot be made: the index all the same */
  {
    g_autofree char *blocked = g_build_filename (dir->dir, "blocked", NULL);
    g_autoptr(CvAnchorIndex) plain = NULL;

    g_free (cv_test_write_file (dir->dir, "blocked", "a file where the directory would be"));
    plain = cv_anchor_index_new_cached (path, blocked, &error);
    g_assert_no_error (error);
    g_assert_false (cv_anchor_index_is_from_cache (plain));
    g_assert_cmpuint (cv_anchor_index_get_n_anchors (plain), ==, 2 * 41);
  }
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

  g_test_add_func ("/certview/anchor-index/same-anchors", test_same_anchors);
  g_test_add ("/certview/anchor-index/same-verdicts", CvTestDir, factory,
              cv_test_dir_set_up, test_same_verdicts, cv_test_dir_tear_down);
  g_test_add ("/certview/anchor-index/large-bundle", CvTestDir, factory,
              cv_test_dir_set_up, test_large_bundle, cv_test_dir_tear_down);
  g_test_add ("/certview/anchor-index/wrong-index-seen", CvTestDir, factory,
              cv_test_dir_set_up, test_wrong_index_seen, cv_test_dir_tear_down);
  g_test_add ("/certview/anchor-index/refused-bundles", CvTestDir, factory,
              cv_test_dir_set_up, test_refused_bundles, cv_test_dir_tear_down);
  g_test_add ("/certview/anchor-index/cache", CvTestDir, factory,
              cv_test_dir_set_up, test_cache, cv_test_dir_tear_down);

  return g_test_run ();
}
