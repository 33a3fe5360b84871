/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-test-revocation.h"
#include "cv-test-util.h"
#include "cv-trust-entry.h"
#include "cv-trust-store.h"

#include <json-glib/json-glib.h>

/*
 * A saved decision and what the issuer says now: `certview --prompt` does not
 * accept, on an "always trust" made before, the very certificate once it is
 * revoked or once the OCSP status it must staple is missing. Real servers
 * (openssl s_server) and stapled responses made at test time.
 */

typedef struct
{
  CvTestPki  pki;
  char      *store;
} Fixture;

static CvCertFactory *factory;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  cv_test_pki_init (&fixture->pki, factory);
  fixture->store = g_build_filename (fixture->pki.dir, "trust.db", NULL);
  g_setenv ("CERTVIEW_TRUST_STORE", fixture->store, TRUE);
  /* The prompt answers on stderr, as with no display to ask on */
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_unsetenv ("CERTVIEW_TRUST_STORE");
  g_free (fixture->store);
  cv_test_pki_clear (&fixture->pki);
}

/* Saves "always trust" for the certificate @url serves, as `certview --json`
 * sees it: what the user would have decided before this, having accepted the
 * problems named in @accepted */
static void
trust_served_accepting (Fixture            *fixture,
                        const char         *url,
                        const char * const *accepted)
{
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store);
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *leaf;
  CvTrustEntryFields fields = { 0 };

  cv_test_run_certview (&run, "--json", "--ca-file", fixture->pki.ca_file, url, NULL);
  root = cv_test_parse_json (parser, run.out);
  leaf = json_array_get_object_element (json_object_get_array_member (root, "certificates"), 0);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);

  fields.host = "localhost";
  fields.port = (guint16) g_uri_get_port (uri);
  fields.decision = "trust";
  fields.certificate_sha256 = json_object_get_string_member (leaf, "sha256");
  fields.public_key_pin = json_object_get_string_member (leaf, "public-key-pin");
  fields.subject = "CN=localhost";
  fields.issuer = "CN=Certview Test Intermediate CA";
  fields.not_after = g_get_real_time () / G_USEC_PER_SEC + 86400;
  fields.created = g_get_real_time () / G_USEC_PER_SEC - 86400;
  fields.last_seen = fields.created;
  fields.accepted = accepted;
  entry = cv_trust_entry_new_full (&fields);
  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);
}

static void
trust_served (Fixture    *fixture,
              const char *url)
{
  const char * const accepted[] = { NULL };

  trust_served_accepting (fixture, url, accepted);
}

/* @leaf served with a stapled response that says it is good or revoked; the URL */
static char *
serve_stapled (Fixture         *fixture,
               CvTestTlsServer *server,
               CvTestLeaf      *leaf,
               gboolean         revoked)
{
  g_autoptr(GBytes) response = NULL;
  g_autofree char *status_file = NULL;

  cv_test_pki_index (&fixture->pki, leaf, revoked);
  response = cv_test_pki_ocsp_response (&fixture->pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  status_file = cv_test_pki_write (&fixture->pki, "staple.der", response);
  cv_test_tls_server_start (server, &fixture->pki, leaf, status_file, CV_TEST_TLS_1_3);
  return cv_test_tls_server_url (server);
}

/* `certview --prompt --print-pin URL`, with the test's root trusted or not */
static void
prompt (Fixture    *fixture,
        CvTestRun  *run,
        const char *url,
        gboolean    root_trusted)
{
  if (root_trusted)
    cv_test_run_certview (run, "--prompt", "--print-pin", "--ca-file", fixture->pki.ca_file,
                          url, NULL);
  else
    cv_test_run_certview (run, "--prompt", "--print-pin", url, NULL);
  g_test_message ("%s: exit %d\n%s", url, run->status, run->err);
}

static void
test_revoked_since (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (&fixture->pki, NULL);
  g_auto(CvTestTlsServer) server = { 0 };
  g_auto(CvTestRun) run = { 0 };
  g_autofree char *url = serve_stapled (fixture, &server, leaf, TRUE);
  g_autofree char *said = NULL;

  trust_served (fixture, url);

  prompt (fixture, &run, url, TRUE);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  said = g_strdup_printf ("You chose to always trust this certificate of localhost:%u, but "
                          "it now has problems you did not accept:", server.port);
  g_assert_nonnull (strstr (run.err, said));
  g_assert_nonnull (strstr (run.err, "revoked"));
  /* And no advice to trust it again */
  g_assert_nonnull (strstr (run.err, "it cannot be trusted"));
  g_assert_null (strstr (run.err, "--trust"));
}

/* Finding: a decision imported with "revoked" among its accepted problems let the
 * revoked certificate through. Whatever a decision lists, it accepts no
 * revocation. */
static void
test_revoked_accepted_by_name (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (&fixture->pki, NULL);
  g_auto(CvTestTlsServer) server = { 0 };
  g_autofree char *url = serve_stapled (fixture, &server, leaf, TRUE);
  const char * const accepted[] = { "revoked", "untrusted-issuer", NULL };

  trust_served_accepting (fixture, url, accepted);

  for (guint root_trusted = 0; root_trusted < 2; root_trusted++)
    {
      g_auto(CvTestRun) run = { 0 };

      prompt (fixture, &run, url, root_trusted);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, "revoked"));
      g_assert_nonnull (strstr (run.err, "it cannot be trusted"));
    }
}

static void
test_staple_gone (Fixture       *fixture,
                  gconstpointer  data)
{
  CvTestLeafOptions options = { .must_staple = TRUE };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (&fixture->pki, &options);
  g_auto(CvTestTlsServer) server = { 0 };
  g_auto(CvTestRun) run = { 0 };
  g_autofree char *url = NULL;

  /* It must staple and does not */
  cv_test_pki_index (&fixture->pki, leaf, FALSE);
  cv_test_tls_server_start (&server, &fixture->pki, leaf, NULL, CV_TEST_TLS_1_2);
  url = cv_test_tls_server_url (&server);
  trust_served (fixture, url);

  prompt (fixture, &run, url, TRUE);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "but it now has problems you did not accept:"));
  g_assert_nonnull (strstr (run.err, "staple"));
}

/* The certificate decided on is fine, but the authority between it and the
 * intermediate was revoked since: the decision no longer applies, and the
 * refusal names that authority */
static void
test_authority_revoked_since (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions ca_options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) sub_ca = NULL;
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue_below (&fixture->pki, &ca_options, NULL,
                                                        &sub_ca);
  const char *none[] = { "0BADCAFE", NULL };
  const char *revoked[] = { sub_ca->serial, NULL };
  g_auto(CvTestTlsServer) server = { 0 };
  g_auto(CvTestRun) run = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *named = NULL;

  cv_test_http_serve_crl (http, factory, none);
  cv_test_tls_server_start_chain (&server, &fixture->pki, leaf, NULL, CV_TEST_TLS_1_3,
                                  sub_ca->chain_file);
  url = cv_test_tls_server_url (&server);
  trust_served (fixture, url);

  cv_test_http_serve_crl (http, factory, revoked);
  prompt (fixture, &run, url, FALSE);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "but it now has problems you did not accept:"));
  named = g_strdup_printf ("the authority “Certview Test Sub CA %s”, which vouches for the "
                           "certificate, has been revoked; the certificate cannot be trusted",
                           sub_ca->serial);
  g_assert_nonnull (strstr (run.err, named));
  g_assert_null (strstr (run.err, "--trust"));

  /* Nor can it be trusted from the command line, which says which authority */
  {
    g_auto(CvTestRun) json = { 0 };
    g_auto(CvTestRun) trust = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *refused = NULL;
    JsonObject *root;
    JsonObject *served;

    cv_test_run_certview (&json, "--json", url, NULL);
    root = cv_test_parse_json (parser, json.out);
    served = json_array_get_object_element (json_object_get_array_member (root,
                                                                          "certificates"), 0);
    cv_test_run_certview (&trust, "--trust", url, "--fingerprint",
                          json_object_get_string_member (served, "sha256"), NULL);
    g_assert_cmpint (trust.status, ==, 1);
    refused = g_strdup_printf ("Refused: the authority “Certview Test Sub CA %s”, which vouches "
                               "for the certificate of", sub_ca->serial);
    g_assert_nonnull (strstr (trust.err, refused));
  }
}

/* The same certificate, from an authority the system does not know, with nothing
 * new: the decision applies, silently */
static void
test_still_good (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (&fixture->pki, NULL);
  g_auto(CvTestTlsServer) server = { 0 };
  g_auto(CvTestRun) run = { 0 };
  g_autofree char *url = serve_stapled (fixture, &server, leaf, FALSE);

  trust_served (fixture, url);

  prompt (fixture, &run, url, FALSE);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "sha256//"));
  g_assert_cmpstr (run.err, ==, "");
}

/* Finding: a certificate whose issuer the server does not send, and which the
 * check does not know either, read "unchanged" with no word that its revocation
 * could not be checked, though it names a CRL */
static void
test_issuer_unknown (Fixture       *fixture,
                     gconstpointer  data)
{
  CvTestLeafOptions options = { .crl_url = "http://127.0.0.1:9/int.crl" };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (&fixture->pki, &options);
  g_auto(CvTestTlsServer) server = { 0 };
  g_auto(CvTestRun) run = { 0 };
  g_autofree char *url = NULL;

  /* The leaf alone: no intermediate */
  cv_test_tls_server_start_chain (&server, &fixture->pki, leaf, NULL, CV_TEST_TLS_1_3,
                                  leaf->cert_file);
  url = cv_test_tls_server_url (&server);
  trust_served (fixture, url);

  cv_test_run_certview (&run, "--check-trusted", NULL);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\tunchanged\t"));
  g_assert_nonnull (strstr (run.out, "Whether it was revoked could not be checked. The "
                                     "certificate's issuer is not known"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

#define ADD(name, func) \
  g_test_add ("/certview/trust-revoked/" name, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("revoked-since", test_revoked_since);
  ADD ("revoked-accepted-by-name", test_revoked_accepted_by_name);
  ADD ("staple-gone", test_staple_gone);
  ADD ("authority-revoked-since", test_authority_revoked_since);
  ADD ("still-good", test_still_good);
  ADD ("issuer-unknown", test_issuer_unknown);
#undef ADD

  status = g_test_run ();
  g_clear_object (&factory);
  return status;
}
