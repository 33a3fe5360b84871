/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The trust policy, table-driven: what a saved decision makes of a served
 * certificate, and what follows. Then the check that applies it to real reports.
 */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-report.h"
#include "cv-test-util.h"
#include "cv-trust-check.h"
#include "cv-trust-policy-private.h"

#include <string.h>
#include <sys/stat.h>

#define SAVED_SHA "aa:aa"
#define SAVED_PIN "sha256//saved="
#define SAVED_ISSUER "CN=Saved Issuer"

typedef enum
{
  SAVED_NONE,
  SAVED_TRUST,             /* accepted: self-signed */
  SAVED_TRUST_UNRECORDED,  /* a decision from 0.1: accepted problems not recorded */
  SAVED_REJECT,
  SAVED_OTHER,             /* a kind from a newer version */
  SAVED_TRUST_REVOKED,     /* imported or edited: "revoked" among the accepted */
} Saved;

static CvTrustEntry *
make_saved (Saved saved)
{
  const char *accepted[] = { "self-signed", NULL };
  const char *accepted_revoked[] = { "self-signed", "revoked", NULL };
  CvTrustEntryFields fields = {
    .host = "h.example", .port = 21, .certificate_sha256 = SAVED_SHA,
    .public_key_pin = SAVED_PIN, .subject = "CN=h.example", .issuer = SAVED_ISSUER,
    .not_after = 1893456000, .created = 1700000000, .last_seen = 1700000000,
  };

  switch (saved)
    {
    case SAVED_TRUST:
      fields.decision = "trust";
      fields.accepted = accepted;
      break;
    case SAVED_TRUST_UNRECORDED:
      fields.decision = "trust";
      break;
    case SAVED_TRUST_REVOKED:
      fields.decision = "trust";
      fields.accepted = accepted_revoked;
      break;
    case SAVED_REJECT:
      fields.decision = "reject";
      break;
    case SAVED_OTHER:
      fields.decision = "trust-issuer";
      break;
    case SAVED_NONE:
    default:
      return NULL;
    }
  return cv_trust_entry_new_full (&fields);
}

static void
test_policy_table (void)
{
  static const char *none[] = { NULL };
  static const char *self_signed[] = { "self-signed", NULL };
  static const char *self_signed_expired[] = { "self-signed", "expired", NULL };
  static const char *wrong_host[] = { "self-signed", "hostname-mismatch", NULL };
  static const char *untrusted[] = { "untrusted-issuer", NULL };
  static const char *revoked[] = { "self-signed", "revoked", NULL };
  static const char *no_staple[] = { "self-signed", "missing-ocsp-status", NULL };
  static const char *bad_staple[] = { "invalid-ocsp-status", NULL };
  static const struct
  {
    const char   *what;
    Saved         saved;
    const char   *sha256;
    const char   *pin;
    const char   *issuer;
    const char  **problems;
    gboolean      issuer_problem;
    CvTrustStatus status;
    CvTrustAction action;
    const char   *new_problems;
  } cases[] = {
    { "nothing saved, valid", SAVED_NONE, "bb", "sha256//new=", "CN=CA", none, FALSE,
      CV_TRUST_STATUS_UNKNOWN, CV_TRUST_ACTION_ACCEPT, "" },
    { "nothing saved, invalid", SAVED_NONE, "bb", "sha256//new=", "CN=CA", self_signed, TRUE,
      CV_TRUST_STATUS_UNKNOWN, CV_TRUST_ACTION_ASK, "" },
    { "same certificate", SAVED_TRUST, SAVED_SHA, SAVED_PIN, SAVED_ISSUER, self_signed, TRUE,
      CV_TRUST_STATUS_TRUSTED, CV_TRUST_ACTION_ACCEPT, "" },
    { "same certificate, expired since", SAVED_TRUST, SAVED_SHA, SAVED_PIN, SAVED_ISSUER,
      self_signed_expired, TRUE, CV_TRUST_STATUS_TRUSTED, CV_TRUST_ACTION_ACCEPT, "" },
    { "same certificate, revoked since", SAVED_TRUST, SAVED_SHA, SAVED_PIN, SAVED_ISSUER,
      revoked, TRUE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK, "revoked" },
    { "same certificate, must staple and no longer does", SAVED_TRUST, SAVED_SHA, SAVED_PIN,
      SAVED_ISSUER, no_staple, TRUE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK,
      "missing-ocsp-status" },
    { "same certificate, its stapled status unusable", SAVED_TRUST, SAVED_SHA, SAVED_PIN,
      "CN=CA", bad_staple, FALSE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK,
      "invalid-ocsp-status" },
    { "unrecorded, same certificate revoked", SAVED_TRUST_UNRECORDED, SAVED_SHA, SAVED_PIN,
      SAVED_ISSUER, revoked, TRUE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK,
      "revoked" },
    /* Finding: an imported decision that listed "revoked" accepted a revoked
     * certificate. No decision accepts a revocation, whatever it lists. */
    { "same certificate revoked, accepted by name", SAVED_TRUST_REVOKED, SAVED_SHA, SAVED_PIN,
      SAVED_ISSUER, revoked, TRUE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK,
      "revoked" },
    { "renewed and revoked, accepted by name", SAVED_TRUST_REVOKED, "bb", SAVED_PIN,
      SAVED_ISSUER, revoked, TRUE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK,
      "revoked" },
    { "renewed and revoked", SAVED_TRUST, "bb", SAVED_PIN, SAVED_ISSUER, revoked, TRUE,
      CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK, "revoked" },
    { "rejected, revoked", SAVED_REJECT, SAVED_SHA, SAVED_PIN, SAVED_ISSUER, revoked, TRUE,
      CV_TRUST_STATUS_REJECTED, CV_TRUST_ACTION_REJECT, "" },
    { "renewed, same problems", SAVED_TRUST, "bb", SAVED_PIN, SAVED_ISSUER, self_signed, TRUE,
      CV_TRUST_STATUS_RENEWED, CV_TRUST_ACTION_ACCEPT, "" },
    { "renewed, now valid", SAVED_TRUST, "bb", SAVED_PIN, "CN=CA", none, FALSE,
      CV_TRUST_STATUS_RENEWED, CV_TRUST_ACTION_ACCEPT, "" },
    { "renewed, now expired", SAVED_TRUST, "bb", SAVED_PIN, SAVED_ISSUER, self_signed_expired,
      TRUE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK, "expired" },
    { "renewed, name not covered", SAVED_TRUST, "bb", SAVED_PIN, SAVED_ISSUER, wrong_host,
      TRUE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK, "hostname-mismatch" },
    { "renewed by another untrusted issuer", SAVED_TRUST, "bb", SAVED_PIN, "CN=Other",
      self_signed, TRUE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK, "other-issuer" },
    { "renewed, other kind of issuer problem", SAVED_TRUST, "bb", SAVED_PIN, SAVED_ISSUER,
      untrusted, TRUE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK, "untrusted-issuer" },
    { "unrecorded, renewed with a problem", SAVED_TRUST_UNRECORDED, "bb", SAVED_PIN,
      SAVED_ISSUER, self_signed, TRUE, CV_TRUST_STATUS_NEW_PROBLEMS, CV_TRUST_ACTION_ASK,
      "self-signed" },
    { "unrecorded, same certificate", SAVED_TRUST_UNRECORDED, SAVED_SHA, SAVED_PIN,
      SAVED_ISSUER, self_signed, TRUE, CV_TRUST_STATUS_TRUSTED, CV_TRUST_ACTION_ACCEPT, "" },
    { "key changed, invalid", SAVED_TRUST, "bb", "sha256//other=", SAVED_ISSUER, self_signed,
      TRUE, CV_TRUST_STATUS_CHANGED, CV_TRUST_ACTION_ASK, "" },
    { "key changed, valid", SAVED_TRUST, "bb", "sha256//other=", "CN=CA", none, FALSE,
      CV_TRUST_STATUS_CHANGED, CV_TRUST_ACTION_ACCEPT, "" },
    { "rejected", SAVED_REJECT, SAVED_SHA, SAVED_PIN, SAVED_ISSUER, self_signed, TRUE,
      CV_TRUST_STATUS_REJECTED, CV_TRUST_ACTION_REJECT, "" },
    { "rejected, valid all the same", SAVED_REJECT, SAVED_SHA, SAVED_PIN, "CN=CA", none, FALSE,
      CV_TRUST_STATUS_REJECTED, CV_TRUST_ACTION_REJECT, "" },
    { "rejected, renewed", SAVED_REJECT, "bb", SAVED_PIN, SAVED_ISSUER, self_signed, TRUE,
      CV_TRUST_STATUS_REJECTED, CV_TRUST_ACTION_REJECT, "" },
    { "rejected, key changed", SAVED_REJECT, "bb", "sha256//other=", SAVED_ISSUER,
      self_signed, TRUE, CV_TRUST_STATUS_CHANGED, CV_TRUST_ACTION_ASK, "" },
    { "newer kind", SAVED_OTHER, SAVED_SHA, SAVED_PIN, SAVED_ISSUER, self_signed, TRUE,
      CV_TRUST_STATUS_UNKNOWN, CV_TRUST_ACTION_ASK, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CvTrustEntry) saved = make_saved (cases[i].saved);
      g_auto(GStrv) fresh = NULL;
      g_autofree char *joined = NULL;
      CvTrustServed served = {
        .certificate_sha256 = cases[i].sha256,
        .public_key_pin = cases[i].pin,
        .issuer = cases[i].issuer,
        .problems = cases[i].problems,
        .issuer_problem = cases[i].issuer_problem,
      };
      CvTrustStatus status = cv_trust_policy_status (saved, &served, &fresh);
      gboolean valid = cases[i].problems[0] == NULL;

      g_test_message ("%s", cases[i].what);
      g_assert_cmpint (status, ==, cases[i].status);
      g_assert_cmpint (cv_trust_policy_action (status, valid), ==, cases[i].action);
      joined = fresh ? g_strjoinv (",", fresh) : g_strdup ("");
      g_assert_cmpstr (joined, ==, cases[i].new_problems);
    }
}

/*
 * Finding: a decision made for all of a certificate's names accepted it at a
 * covered name the certificate does not name (a "*.test" or "*.0.0.1" name, a
 * name with a trailing dot), or at one a renewal with the same key no longer
 * names, since the decision's own name had been accepted without a match. At a
 * covered name, that the certificate does not name it is always new.
 */
static void
test_covered_name (void)
{
  static const char *wrong_host[] = { "self-signed", "hostname-mismatch", NULL };
  static const char *self_signed[] = { "self-signed", NULL };
  const char *accepted[] = { "self-signed", "hostname-mismatch", NULL };
  CvTrustEntryFields fields = {
    .host = "h.example", .port = 21, .certificate_sha256 = SAVED_SHA, .decision = "trust",
    .public_key_pin = SAVED_PIN, .subject = "CN=h.example", .issuer = SAVED_ISSUER,
    .not_after = 1893456000, .created = 1700000000, .last_seen = 1700000000,
    .accepted = accepted,
  };
  g_autoptr(CvTrustEntry) saved = cv_trust_entry_new_full (&fields);
  const char *shas[] = { SAVED_SHA, "bb" };

  for (guint i = 0; i < G_N_ELEMENTS (shas); i++)
    {
      CvTrustServed served = {
        .certificate_sha256 = shas[i], .public_key_pin = SAVED_PIN, .issuer = SAVED_ISSUER,
        .problems = wrong_host, .issuer_problem = TRUE,
      };
      g_auto(GStrv) fresh = NULL;
      g_auto(GStrv) own = NULL;
      g_auto(GStrv) named = NULL;

      /* At its own name, as accepted */
      g_assert_cmpint (cv_trust_policy_status_for_name (saved, &served, FALSE, &own), ==,
                       i == 0 ? CV_TRUST_STATUS_TRUSTED : CV_TRUST_STATUS_RENEWED);
      /* At a name it covers, which the certificate does not name: asked */
      g_assert_cmpint (cv_trust_policy_status_for_name (saved, &served, TRUE, &fresh), ==,
                       CV_TRUST_STATUS_NEW_PROBLEMS);
      g_assert_cmpstr (fresh[0], ==, "hostname-mismatch");
      g_assert_null (fresh[1]);
      /* At a name it covers, which the certificate names */
      served.problems = self_signed;
      g_assert_cmpint (cv_trust_policy_status_for_name (saved, &served, TRUE, &named), ==,
                       i == 0 ? CV_TRUST_STATUS_TRUSTED : CV_TRUST_STATUS_RENEWED);
    }
}

/* A store in a directory of the test's own; the test data is the program's one
 * certificate factory (making one generates keys) */
typedef struct
{
  CvTestDir     dir;
  CvTrustStore *store;
} StoreFixture;

static void
store_set_up (StoreFixture  *fixture,
              gconstpointer  factory)
{
  g_autofree char *path = NULL;

  cv_test_dir_set_up (&fixture->dir, NULL);
  path = g_build_filename (fixture->dir.dir, "trust.db", NULL);
  fixture->store = cv_trust_store_new (path);
}

static void
store_tear_down (StoreFixture  *fixture,
                 gconstpointer  factory)
{
  g_clear_object (&fixture->store);
  cv_test_dir_tear_down (&fixture->dir, NULL);
}

static CvReport *
issue_report (CvCertFactory *factory,
              CvCertProblem  problems)
{
  g_autofree char *chain_pem = cv_test_issue_chain_pem (factory, "localhost", problems);
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  g_autoptr(GError) error = NULL;
  CvReport *report;

  report = cv_report_new_for_chain (chain, "localhost", NULL, &error);
  g_assert_no_error (error);
  return report;
}

/* The check on real certificates: a decision remembers what it pinned over, and a
 * renewal with the same key is judged by it */
static void
test_check_renewal (StoreFixture  *fixture,
                    gconstpointer  data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  CvTrustStore *store = fixture->store;
  g_autoptr(CvReport) first = NULL;
  g_autoptr(CvReport) renewed = NULL;
  g_autoptr(CvReport) expired = NULL;
  g_autoptr(CvReport) other_key = NULL;
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(CvSection) section = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  const char * const self_signed[] = { "self-signed", NULL };
  const char * const expired_only[] = { "expired", NULL };

  cv_cert_factory_set_reuse_leaf_key (factory, TRUE);
  first = issue_report (factory, CV_CERT_PROBLEM_SELF_SIGNED);
  renewed = issue_report (factory, CV_CERT_PROBLEM_SELF_SIGNED);
  expired = issue_report (factory, CV_CERT_PROBLEM_SELF_SIGNED | CV_CERT_PROBLEM_EXPIRED);
  cv_cert_factory_set_reuse_leaf_key (factory, FALSE);
  other_key = issue_report (factory, CV_CERT_PROBLEM_SELF_SIGNED);

  /* Nothing saved: ask */
  check = cv_trust_check_new (store, "LocalHost", 2121, first);
  g_assert_cmpint (cv_trust_check_get_status (check), ==, CV_TRUST_STATUS_UNKNOWN);
  g_assert_cmpint (cv_trust_check_get_action (check), ==, CV_TRUST_ACTION_ASK);
  g_assert_null (cv_trust_check_describe (check));

  entry = cv_trust_check_decide (check, CV_TRUST_DECISION_TRUST, FALSE);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "localhost:2121");
  g_assert_true (g_strv_equal (cv_trust_entry_get_accepted (entry), self_signed));
  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_clear_object (&check);

  check = cv_trust_check_new (store, "localhost", 2121, first);
  g_assert_cmpint (cv_trust_check_get_status (check), ==, CV_TRUST_STATUS_TRUSTED);
  g_assert_cmpint (cv_trust_check_get_action (check), ==, CV_TRUST_ACTION_ACCEPT);
  section = cv_trust_check_describe (check);
  g_assert_cmpstr (cv_section_get_id (section), ==, "saved-decision");
  g_assert_cmpstr (cv_field_get_value (cv_section_find_field (section, "decision")), ==,
                   "Always trust");
  g_assert_cmpstr (cv_field_get_value (cv_section_find_field (section, "match")), ==,
                   "The same certificate");
  g_clear_object (&section);
  g_clear_object (&check);

  check = cv_trust_check_new (store, "localhost", 2121, renewed);
  g_assert_cmpint (cv_trust_check_get_status (check), ==, CV_TRUST_STATUS_RENEWED);
  g_assert_cmpint (cv_trust_check_get_action (check), ==, CV_TRUST_ACTION_ACCEPT);
  g_clear_object (&check);

  /* Finding: a renewal that now expired was accepted silently */
  check = cv_trust_check_new (store, "localhost", 2121, expired);
  g_assert_cmpint (cv_trust_check_get_status (check), ==, CV_TRUST_STATUS_NEW_PROBLEMS);
  g_assert_cmpint (cv_trust_check_get_action (check), ==, CV_TRUST_ACTION_ASK);
  g_assert_true (g_strv_equal (cv_trust_check_get_new_problems (check), expired_only));
  said = cv_trust_check_describe_new_problems (check);
  g_assert_nonnull (strstr (said, "expired"));
  section = cv_trust_check_describe (check);
  g_assert_true (g_str_has_prefix (
    cv_field_get_value (cv_section_find_field (section, "match")), "Renewed with the same key"));
  g_clear_object (&section);
  g_clear_object (&check);

  check = cv_trust_check_new (store, "localhost", 2121, other_key);
  g_assert_cmpint (cv_trust_check_get_status (check), ==, CV_TRUST_STATUS_CHANGED);
  g_assert_cmpint (cv_trust_check_get_action (check), ==, CV_TRUST_ACTION_ASK);
  g_clear_object (&check);

  /* An unusable store decides nothing and says why */
  {
    g_autoptr(CvTrustStore) fifo_store = NULL;
    g_autofree char *fifo = g_build_filename (fixture->dir.dir, "fifo", NULL);

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    fifo_store = cv_trust_store_new (fifo);
    check = cv_trust_check_new (fifo_store, "localhost", 2121, first);
    g_assert_cmpint (cv_trust_check_get_status (check), ==, CV_TRUST_STATUS_UNKNOWN);
    g_assert_nonnull (cv_trust_check_get_store_error (check));
    g_clear_object (&check);
  }

}

/* A chain from an authority nobody trusts: the verification stops at the missing
 * issuer, but a renewal that has expired still brings "expired" */
static void
test_check_untrusted_renewal (StoreFixture  *fixture,
                              gconstpointer  data)
{
  CvCertFactory *factory = (CvCertFactory *) data;
  CvTrustStore *store = fixture->store;
  g_autoptr(CvReport) first = NULL;
  g_autoptr(CvReport) expired = NULL;
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(CvTrustCheck) again = NULL;
  g_autoptr(CvTrustEntry) entry = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(GError) error = NULL;
  const char * const expired_only[] = { "expired", NULL };

  cv_cert_factory_set_reuse_leaf_key (factory, TRUE);
  first = issue_report (factory, CV_CERT_PROBLEM_UNTRUSTED_ROOT);
  expired = issue_report (factory, CV_CERT_PROBLEM_UNTRUSTED_ROOT | CV_CERT_PROBLEM_EXPIRED);
  cv_cert_factory_set_reuse_leaf_key (factory, FALSE);

  problems = cv_trust_report_problems (expired);
  g_assert_true (g_strv_contains ((const char * const *) problems, "expired"));

  check = cv_trust_check_new (store, "localhost", 21, first);
  entry = cv_trust_check_decide (check, CV_TRUST_DECISION_TRUST, FALSE);
  g_assert_true (cv_trust_store_save (store, entry, &error));
  again = cv_trust_check_new (store, "localhost", 21, expired);
  g_assert_cmpint (cv_trust_check_get_status (again), ==, CV_TRUST_STATUS_NEW_PROBLEMS);
  g_assert_true (g_strv_equal (cv_trust_check_get_new_problems (again), expired_only));
}

/* Trusting for good is never offered for a revoked certificate, whatever else */
static void
test_may_trust (void)
{
  static const char *none[] = { NULL };
  static const char *expired[] = { "expired", "self-signed", NULL };
  static const char *revoked[] = { "revoked", NULL };
  static const char *revoked_too[] = { "expired", "revoked", NULL };

  g_assert_true (cv_trust_policy_may_trust (NULL));
  g_assert_true (cv_trust_policy_may_trust (none));
  g_assert_true (cv_trust_policy_may_trust (expired));
  g_assert_false (cv_trust_policy_may_trust (revoked));
  g_assert_false (cv_trust_policy_may_trust (revoked_too));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/certview/trust-policy/table", test_policy_table);
  g_test_add_func ("/certview/trust-policy/may-trust", test_may_trust);
  g_test_add_func ("/certview/trust-policy/covered-name", test_covered_name);
  g_test_add ("/certview/trust-policy/check-renewal", StoreFixture, factory,
              store_set_up, test_check_renewal, store_tear_down);
  g_test_add ("/certview/trust-policy/check-untrusted-renewal", StoreFixture, factory,
              store_set_up, test_check_untrusted_renewal, store_tear_down);

  return g_test_run ();
}
