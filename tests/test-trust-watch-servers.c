/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * certview --check-trusted and --prompt against servers that went wrong since they
 * were decided on: hostile ones (each within its deadline), a revoked certificate, a
 * real vsftpd restarted with TLS switched off and with another key. A check leaves
 * every decision as it was, but for when its server was last seen.
 */
#include "config.h"

#include "cv-certificate.h"
#include "cv-test-revocation.h"
#include "cv-test-util.h"
#include "cv-test-vsftpd.h"
#include "cv-trust-store.h"
#include "cv-trust-watch.h"

#include <string.h>

#define CREATED 1700000000
/* The probe's deadline in these tests, and what a run of certview may add to it */
#define TIMEOUT_S 2
#define SLACK_US (4 * G_USEC_PER_SEC)

typedef struct
{
  CvCertFactory *factory;
  char          *dir;
  GPtrArray     *servers;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->factory = (CvCertFactory *) data;
  fixture->dir = g_dir_make_tmp ("certview-watch-servers-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->servers = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  for (guint i = 0; i < fixture->servers->len; i++)
    cv_demo_server_stop (g_ptr_array_index (fixture->servers, i));
  g_ptr_array_unref (fixture->servers);
  cv_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* The leaf of a PEM chain */
static CvCertificate *
leaf_of (const char *chain_pem)
{
  g_autoptr(GPtrArray) chain = cv_test_chain_from_pem (chain_pem);
  g_autoptr(GError) error = NULL;
  CvCertificate *leaf = cv_certificate_new_from_der (g_ptr_array_index (chain, 0), &error);

  g_assert_no_error (error);
  return leaf;
}

/* The built-in server for @protocol serving @chain_pem, behaving as @behaviour */
static guint16
serve (Fixture         *fixture,
       CvProtocol       protocol,
       const char      *chain_pem,
       const char      *key_pem,
       CvDemoBehaviour  behaviour,
       guint            auth_reply)
{
  g_autoptr(GError) error = NULL;
  CvDemoServer *server = cv_demo_server_new (protocol, chain_pem, key_pem);

  cv_demo_server_set_behaviour (server, behaviour);
  if (auth_reply != 0)
    cv_demo_server_set_auth_reply (server, auth_reply);
  g_assert_true (cv_demo_server_start (server, "127.0.0.1", &error));
  g_assert_no_error (error);
  g_ptr_array_add (fixture->servers, server);
  return cv_demo_server_get_port (server);
}

/* Saves "trust" for 127.0.0.1:@port with @leaf in the store at @path */
static void
save_decision (const char    *path,
               guint16        port,
               CvCertificate *leaf)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = cv_trust_entry_new ("127.0.0.1", port, CV_TRUST_DECISION_TRUST,
                              cv_certificate_get_sha256 (leaf),
                              cv_certificate_get_public_key_pin (leaf),
                              cv_certificate_get_subject (leaf),
                              cv_certificate_get_issuer (leaf),
                              g_date_time_to_unix (cv_certificate_get_not_after (leaf)),
                              CREATED, CREATED);
  g_assert_nonnull (entry);
  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);
}

static char *
join (const char * const *strv)
{
  return strv != NULL ? g_strjoinv (",", (GStrv) strv) : g_strdup ("(none)");
}

/* Everything a decision holds but when its server was last seen, as text; and that */
static char *
snapshot (const char *path,
          guint16     port,
          gint64     *last_seen)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autofree char *accepted = NULL;

  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_no_error (error);
  entry = cv_trust_store_lookup (store, "127.0.0.1", port, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);

  *last_seen = cv_trust_entry_get_last_seen (entry);
  names = join (cv_trust_entry_get_names (entry));
  accepted = join (cv_trust_entry_get_accepted (entry));
  return g_strdup_printf ("%s|%s|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s|%s",
                          cv_trust_entry_get_key (entry),
                          cv_trust_entry_get_decision_name (entry),
                          cv_trust_entry_get_certificate_sha256 (entry),
                          cv_trust_entry_get_public_key_pin (entry),
                          cv_trust_entry_get_subject (entry),
                          cv_trust_entry_get_issuer (entry),
                          cv_trust_entry_get_not_after (entry),
                          cv_trust_entry_get_created (entry), names, accepted);
}

/* certview --check-trusted --json on the store at @path, which holds one server: its
 * status, after asserting the exit code and the time bound */
static char *
check_one (const char *path,
           const char *ca_file,
           int         exit_code)
{
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *timeout = g_strdup_printf ("%d", TIMEOUT_S);
  JsonObject *root;
  JsonArray *servers;
  JsonObject *server;

  if (ca_file != NULL)
    cv_test_run_certview (&run, "--check-trusted", "--json", "--timeout", timeout,
                          "--ca-file", ca_file, "--trust-store", path, NULL);
  else
    cv_test_run_certview (&run, "--check-trusted", "--json", "--timeout", timeout,
                          "--trust-store", path, NULL);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, exit_code);
  g_assert_cmpint (run.elapsed_us, <, TIMEOUT_S * G_USEC_PER_SEC + SLACK_US);

  root = cv_test_parse_json (parser, run.out);
  servers = json_object_get_array_member (root, "servers");
  g_assert_cmpuint (json_array_get_length (servers), ==, 1);
  server = json_array_get_object_element (servers, 0);
  g_assert_cmpstr (json_object_get_string_member (server, "detail"), !=, "");
  return g_strdup (json_object_get_string_member (server, "status"));
}

typedef struct
{
  const char      *name;
  CvDemoBehaviour  behaviour;   /* CV_DEMO_BEHAVIOUR_NORMAL here: nothing listens */
  guint            auth_reply;
  const char      *status;
} HostileRow;

static const HostileRow hostile_rows[] = {
  { "hang after accept", CV_DEMO_BEHAVIOUR_SILENT, 0, "unreachable" },
  { "connection refused", CV_DEMO_BEHAVIOUR_NORMAL, 0, "unreachable" },
  { "closed mid-handshake", CV_DEMO_BEHAVIOUR_CLOSE_MID_HANDSHAKE, 0, "unreachable" },
  /* Plain text that is no FTP either, where a TLS server was decided on */
  { "garbage greeting", CV_DEMO_BEHAVIOUR_NON_NUMERIC_REPLY, 0, "tls-refused" },
  { "web server", CV_DEMO_BEHAVIOUR_HTTP_TEXT, 0, "tls-refused" },
  { "TLS alert", CV_DEMO_BEHAVIOUR_TLS_ALERT, 0, "unreachable" },
  { "slow drip", CV_DEMO_BEHAVIOUR_DRIP_BANNER, 0, "unreachable" },
  { "plain text after 234", CV_DEMO_BEHAVIOUR_GARBAGE_AFTER_234, 0, "tls-refused" },
  { "AUTH TLS 502", CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 502, "tls-refused" },
  { "AUTH TLS 534", CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 534, "tls-refused" },
  /* Answered without refusing, and TLS does not start: what stripping it looks like */
  { "AUTH TLS 200", CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 200, "tls-refused" },
  /* Refused for now (RFC 4217: 431, a resource it needs is missing) */
  { "AUTH TLS 431", CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 431, "unreachable" },
};

/* Each hostile server ends with a clear status within the deadline, exit 1, and its
 * decision untouched, when it was last seen included */
static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                                        &chain_pem, &key_pem, &error));
  g_assert_no_error (error);
  leaf = leaf_of (chain_pem);

  for (gsize i = 0; i < G_N_ELEMENTS (hostile_rows); i++)
    {
      const HostileRow *row = &hostile_rows[i];
      g_autofree char *name = g_strdup_printf ("hostile-%zu.db", i);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *status = NULL;
      gint64 seen_before, seen_after;
      guint16 port;

      g_test_message ("%s", row->name);
      if (row->behaviour == CV_DEMO_BEHAVIOUR_NORMAL)
        port = cv_test_free_port ();
      else
        port = serve (fixture, CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem, row->behaviour,
                      row->auth_reply);
      save_decision (path, port, leaf);
      before = snapshot (path, port, &seen_before);

      status = check_one (path, NULL, 1);
      g_assert_cmpstr (status, ==, row->status);

      after = snapshot (path, port, &seen_after);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpint (seen_after, ==, seen_before);
    }
}

/* All the hostile servers at once, through the core: the run takes one deadline, not
 * the sum of them */
static void
test_hostile_parallel (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "all.db", NULL);
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(CvTrustWatch) watch = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint16 ports[G_N_ELEMENTS (hostile_rows)];
  gint64 start;

  g_assert_true (cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                                        &chain_pem, &key_pem, &error));
  g_assert_no_error (error);
  leaf = leaf_of (chain_pem);
  /* The servers first, then the port where none listens: a port found free before
   * a server started could be the one that server then took */
  for (gsize i = 0; i < G_N_ELEMENTS (hostile_rows); i++)
    if (hostile_rows[i].behaviour != CV_DEMO_BEHAVIOUR_NORMAL)
      ports[i] = serve (fixture, CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem,
                        hostile_rows[i].behaviour, hostile_rows[i].auth_reply);
  for (gsize i = 0; i < G_N_ELEMENTS (hostile_rows); i++)
    {
      if (hostile_rows[i].behaviour == CV_DEMO_BEHAVIOUR_NORMAL)
        ports[i] = cv_test_free_port ();
      save_decision (path, ports[i], leaf);
    }

  store = cv_trust_store_new (path);
  g_assert_true (cv_trust_store_load (store, &error));
  watch = cv_trust_watch_new (store);
  cv_trust_watch_set_timeout_ms (watch, TIMEOUT_S * 1000);
  cv_trust_watch_set_max_parallel (watch, G_N_ELEMENTS (hostile_rows));
  start = g_get_monotonic_time ();
  results = cv_trust_watch_run (watch, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   TIMEOUT_S * G_USEC_PER_SEC + G_USEC_PER_SEC);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (hostile_rows));

  for (guint i = 0; i < results->len; i++)
    {
      CvTrustWatchResult *result = g_ptr_array_index (results, i);
      CvTrustEntry *entry = cv_trust_watch_result_get_entry (result);
      CvTrustWatchStatus status = cv_trust_watch_result_get_status (result);

      for (gsize j = 0; j < G_N_ELEMENTS (hostile_rows); j++)
        if (ports[j] == cv_trust_entry_get_port (entry))
          g_assert_cmpstr (cv_trust_watch_status_to_string (status), ==,
                           hostile_rows[j].status);
      g_assert_true (cv_trust_watch_status_needs_action (status));
      g_assert_null (cv_trust_watch_result_get_sha256 (result));
    }
}

/* A plain FTP greeting where TLS comes first: the protocol comes from the port, so
 * these servers need the ports that mean implicit FTPS (990) and direct TLS (5061);
 * a port taken, or not allowed, skips its row */
static void
test_plain_text_tls_ports (Fixture       *fixture,
                           gconstpointer  data)
{
  static const struct
  {
    CvProtocol  protocol;
    guint16     port;
  } rows[] = {
    { CV_PROTOCOL_FTP_IMPLICIT, 990 },
    { CV_PROTOCOL_DIRECT_TLS, 5061 },
  };
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GError) error = NULL;
  guint n_run = 0;

  g_assert_true (cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                                        &chain_pem, &key_pem, &error));
  g_assert_no_error (error);
  leaf = leaf_of (chain_pem);

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(CvDemoServer) server = cv_demo_server_new (rows[i].protocol, chain_pem,
                                                           key_pem);
      g_autofree char *name = g_strdup_printf ("port-%u.db", rows[i].port);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *status = NULL;
      g_autoptr(GError) local = NULL;

      cv_demo_server_set_behaviour (server, CV_DEMO_BEHAVIOUR_PLAIN_TEXT);
      cv_demo_server_set_port (server, rows[i].port);
      if (!cv_demo_server_start (server, "127.0.0.1", &local))
        {
          g_test_message ("port %u: %s", rows[i].port, local->message);
          continue;
        }
      save_decision (path, rows[i].port, leaf);
      status = check_one (path, NULL, 1);
      g_assert_cmpstr (status, ==, "tls-refused");
      cv_demo_server_stop (server);
      n_run++;
    }

  if (n_run == 0)
    g_test_skip ("Neither port 990 nor 5061 on 127.0.0.1 could be had");
}

/* Finding: a decision for a direct-TLS server on a port that names no protocol was
 * checked over FTP and reported unreachable after the whole timeout. Each protocol
 * on such a port is found: TLS first, then FTP with AUTH TLS. */
static void
test_any_port (Fixture       *fixture,
               gconstpointer  data)
{
  static const CvProtocol protocols[] = {
    CV_PROTOCOL_DIRECT_TLS, CV_PROTOCOL_FTP_IMPLICIT, CV_PROTOCOL_FTP_EXPLICIT,
  };
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *ca_file = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                                        &chain_pem, &key_pem, &error));
  g_assert_no_error (error);
  ca_file = cv_test_write_file (fixture->dir, "ca.pem",
                                cv_cert_factory_get_ca_pem (fixture->factory));
  leaf = leaf_of (chain_pem);

  for (gsize i = 0; i < G_N_ELEMENTS (protocols); i++)
    {
      g_autofree char *name = g_strdup_printf ("any-port-%zu.db", i);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *status = NULL;
      guint16 port;

      port = serve (fixture, protocols[i], chain_pem, key_pem, CV_DEMO_BEHAVIOUR_NORMAL, 0);
      save_decision (path, port, leaf);
      status = check_one (path, ca_file, 0);
      g_assert_cmpstr (status, ==, "unchanged");
    }
}

/* Finding: a TLS server on a port that names no protocol, which failed the
 * handshake, was tried again as FTP, which waited out the timeout for a greeting
 * and blamed the protocol. A server that requires a client certificate is
 * checked as the command line inspects it. */
static void
test_tls_server_fails (Fixture       *fixture,
                       gconstpointer  data)
{
  static const struct {
    CvDemoBehaviour behaviour;
    CvTrustWatchStatus status;
    const char *detail;
  } rows[] = {
    { CV_DEMO_BEHAVIOUR_TLS_ALERT, CV_TRUST_WATCH_UNREACHABLE, "alert" },
    { CV_DEMO_BEHAVIOUR_CLIENT_CERT_REQUIRED, CV_TRUST_WATCH_UNCHANGED, "The same certificate" },
  };
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *ca_file = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                                        &chain_pem, &key_pem, &error));
  g_assert_no_error (error);
  ca_file = cv_test_write_file (fixture->dir, "ca.pem",
                                cv_cert_factory_get_ca_pem (fixture->factory));
  leaf = leaf_of (chain_pem);

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *name = g_strdup_printf ("tls-fails-%zu.db", i);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autoptr(CvTrustStore) store = NULL;
      g_autoptr(CvTrustWatch) watch = NULL;
      g_autoptr(GPtrArray) results = NULL;
      CvTrustWatchResult *result;
      guint16 port;

      port = serve (fixture, CV_PROTOCOL_DIRECT_TLS, chain_pem, key_pem, rows[i].behaviour, 0);
      save_decision (path, port, leaf);
      store = cv_trust_store_new (path);
      g_assert_true (cv_trust_store_load (store, &error));
      watch = cv_trust_watch_new (store);
      cv_trust_watch_set_timeout_ms (watch, TIMEOUT_S * 1000);
      cv_trust_watch_set_ca_file (watch, ca_file);
      results = cv_trust_watch_run (watch, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (results->len, ==, 1);
      result = g_ptr_array_index (results, 0);
      g_test_message ("%s", cv_trust_watch_result_get_detail (result));
      g_assert_cmpint (cv_trust_watch_result_get_status (result), ==, rows[i].status);
      /* The TLS server's own answer, not FTP's */
      g_assert_null (strstr (cv_trust_watch_result_get_detail (result), "greeting"));
      g_assert_nonnull (strstr (cv_trust_watch_result_get_detail (result), rows[i].detail));
    }
}

/* The issuer revoked the certificate decided on: its CRL says so */
static void
test_revoked (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/intermediate.crl");
  g_autofree char *path = g_build_filename (fixture->dir, "revoked.db", NULL);
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *status = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seen_before, seen_after;
  guint16 port;

  cv_cert_factory_set_crl_url (fixture->factory, crl_url);
  g_assert_true (cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                                        &chain_pem, &key_pem, &error));
  cv_cert_factory_set_crl_url (fixture->factory, NULL);
  g_assert_no_error (error);
  serial = g_strdup (cv_cert_factory_get_last_serial (fixture->factory));
  cv_test_http_serve_crl (http, fixture->factory, (const char * const []) { serial, NULL });
  ca_file = cv_test_write_file (fixture->dir, "ca.pem",
                                cv_cert_factory_get_ca_pem (fixture->factory));

  leaf = leaf_of (chain_pem);
  port = serve (fixture, CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem,
                CV_DEMO_BEHAVIOUR_NORMAL, 0);
  save_decision (path, port, leaf);
  before = snapshot (path, port, &seen_before);

  status = check_one (path, ca_file, 1);
  g_assert_cmpstr (status, ==, "revoked");
  g_assert_cmpuint (cv_test_http_get_requests (http), >=, 1);

  /* Seen, but with a certificate that no longer holds: not noted */
  after = snapshot (path, port, &seen_after);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (seen_after, ==, seen_before);
}

/* An authority between the issuer and the certificate decided on was revoked
 * since: the certificate no longer holds either */
static void
test_authority_revoked (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/intermediate.crl");
  g_autofree char *path = g_build_filename (fixture->dir, "authority.db", NULL);
  g_auto(CvTestPki) pki = { 0 };
  CvTestLeafOptions ca_options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) sub_ca = NULL;
  g_autoptr(CvTestLeaf) issued = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *status = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  guint16 port;

  cv_test_pki_init (&pki, fixture->factory);
  issued = cv_test_pki_issue_below (&pki, &ca_options, NULL, &sub_ca);
  chain_pem = cv_test_read_file (issued->chain_file);
  key_pem = cv_test_read_file (issued->key_file);
  cv_test_http_serve_crl (http, fixture->factory,
                          (const char * const []) { sub_ca->serial, NULL });

  leaf = leaf_of (chain_pem);
  port = serve (fixture, CV_PROTOCOL_DIRECT_TLS, chain_pem, key_pem, CV_DEMO_BEHAVIOUR_NORMAL,
                0);
  save_decision (path, port, leaf);

  status = check_one (path, pki.ca_file, 1);
  g_assert_cmpstr (status, ==, "revoked");
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 1);
}

static char *
vsftpd_url (CvTestVsftpd *vsftpd)
{
  return g_strdup_printf ("ftp://127.0.0.1:%u", vsftpd->port);
}

/* A real vsftpd decided on with TLS, then restarted without, then with another key */
static void
test_vsftpd_tls_off (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(CvTestVsftpd) vsftpd = { 0 };
  g_autofree char *path = g_build_filename (fixture->dir, "vsftpd.db", NULL);
  g_autofree char *chain_pem = NULL;
  g_autofree char *url = NULL;
  g_autofree char *decided = NULL;
  g_autofree char *now = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_auto(CvTestRun) accepted = { 0 };
  g_auto(CvTestRun) refused = { 0 };
  gint64 seen_created, seen_first, seen_later;
  char *status;

  cv_test_vsftpd_start (&vsftpd, fixture->factory, CV_TEST_VSFTPD_EXPLICIT,
                        CV_CERT_PROBLEM_NONE);
  g_assert_true (g_file_get_contents (vsftpd.chain_file, &chain_pem, NULL, NULL));
  leaf = leaf_of (chain_pem);
  url = vsftpd_url (&vsftpd);
  save_decision (path, vsftpd.port, leaf);
  decided = snapshot (path, vsftpd.port, &seen_created);

  /* With TLS: unchanged, and seen now */
  status = check_one (path, vsftpd.ca_file, 0);
  g_assert_cmpstr (status, ==, "unchanged");
  g_free (status);
  now = snapshot (path, vsftpd.port, &seen_first);
  g_assert_cmpstr (now, ==, decided);
  g_assert_cmpint (seen_first, >, seen_created);
  g_clear_pointer (&now, g_free);

  cv_test_run_certview (&accepted, "--prompt", "--timeout", "5", "--trust-store", path, url,
                        NULL);
  g_test_message ("%s", accepted.err);
  g_assert_cmpint (accepted.status, ==, 0);
  /* An accepted prompt notes when the server was seen too */
  now = snapshot (path, vsftpd.port, &seen_first);
  g_assert_cmpstr (now, ==, decided);
  g_clear_pointer (&now, g_free);

  /* TLS switched off: refused, and --prompt rejects loudly */
  cv_test_vsftpd_restart_as (&vsftpd, CV_TEST_VSFTPD_PLAIN);
  status = check_one (path, vsftpd.ca_file, 1);
  g_assert_cmpstr (status, ==, "tls-refused");
  g_free (status);

  cv_test_run_certview (&refused, "--prompt", "--timeout", "5", "--trust-store", path, url,
                        NULL);
  g_test_message ("%s", refused.err);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "TLS is no longer offered"));
  g_assert_nonnull (strstr (refused.err, "no longer offers TLS, but it did"));
  g_assert_nonnull (strstr (refused.err, "AUTH TLS"));
  /* In the store named (finding: the command forgot it in the default store) */
  {
    g_autofree char *forget = g_strdup_printf ("certview --trust-store %s --forget 127.0.0.1:",
                                               path);

    g_assert_nonnull (strstr (refused.err, forget));
  }

  now = snapshot (path, vsftpd.port, &seen_later);
  g_assert_cmpstr (now, ==, decided);
  g_assert_cmpint (seen_later, ==, seen_first);
  g_clear_pointer (&now, g_free);

  /* TLS back, with another key */
  vsftpd.mode = CV_TEST_VSFTPD_EXPLICIT;
  cv_test_vsftpd_restart (&vsftpd, fixture->factory, CV_CERT_PROBLEM_NONE);
  status = check_one (path, vsftpd.ca_file, 1);
  g_assert_cmpstr (status, ==, "key-changed");
  g_free (status);
  now = snapshot (path, vsftpd.port, &seen_later);
  g_assert_cmpstr (now, ==, decided);
  g_assert_cmpint (seen_later, ==, seen_first);
}

/* --prompt on servers that answer in plain text, or refuse or skip AUTH TLS: rejected
 * (1) with a warning when a decision was saved, a failure (2) as before when none
 * was, and when the refusal is for now (4xx), as --check-trusted says */
static void
test_prompt_downgrade (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "prompt.db", NULL);
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(CvCertificate) leaf = NULL;
  g_autoptr(GError) error = NULL;
  struct
  {
    CvProtocol       protocol;
    const char      *scheme;
    CvDemoBehaviour  behaviour;
    guint            auth_reply;
    gboolean         decided;
    int              exit_code;
  } rows[] = {
    { CV_PROTOCOL_FTP_IMPLICIT, "ftps", CV_DEMO_BEHAVIOUR_PLAIN_TEXT, 0, TRUE, 1 },
    { CV_PROTOCOL_DIRECT_TLS, "tls", CV_DEMO_BEHAVIOUR_PLAIN_TEXT, 0, TRUE, 1 },
    { CV_PROTOCOL_DIRECT_TLS, "tls", CV_DEMO_BEHAVIOUR_HTTP_TEXT, 0, TRUE, 1 },
    { CV_PROTOCOL_FTP_EXPLICIT, "ftp", CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 534, TRUE, 1 },
    { CV_PROTOCOL_FTP_EXPLICIT, "ftp", CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 200, TRUE, 1 },
    { CV_PROTOCOL_FTP_EXPLICIT, "ftp", CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 431, TRUE, 2 },
    { CV_PROTOCOL_FTP_IMPLICIT, "ftps", CV_DEMO_BEHAVIOUR_PLAIN_TEXT, 0, FALSE, 2 },
    { CV_PROTOCOL_FTP_EXPLICIT, "ftp", CV_DEMO_BEHAVIOUR_AUTH_REFUSED, 534, FALSE, 2 },
  };

  g_assert_true (cv_cert_factory_issue (fixture->factory, "localhost", CV_CERT_PROBLEM_NONE, 0,
                                        &chain_pem, &key_pem, &error));
  g_assert_no_error (error);
  leaf = leaf_of (chain_pem);

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_auto(CvTestRun) run = { 0 };
      g_autofree char *url = NULL;
      g_autofree char *key = NULL;
      guint16 port;

      port = serve (fixture, rows[i].protocol, chain_pem, key_pem, rows[i].behaviour,
                    rows[i].auth_reply);
      if (rows[i].decided)
        save_decision (path, port, leaf);
      url = g_strdup_printf ("%s://127.0.0.1:%u", rows[i].scheme, port);
      key = g_strdup_printf ("127.0.0.1:%u no longer offers TLS", port);

      cv_test_run_certview (&run, "--prompt", "--timeout", "5", "--trust-store", path, url,
                            NULL);
      g_test_message ("%s: %s", url, run.err);
      g_assert_cmpint (run.status, ==, rows[i].exit_code);
      g_assert_cmpint (run.elapsed_us, <, 5 * G_USEC_PER_SEC + SLACK_US);
      if (rows[i].exit_code == 1)
        {
          g_assert_nonnull (strstr (run.err, "WARNING: TLS is no longer offered"));
          g_assert_nonnull (strstr (run.err, key));
          g_assert_nonnull (strstr (run.err, cv_certificate_get_sha256 (leaf)));
        }
      else
        {
          g_assert_null (strstr (run.err, "no longer offers TLS"));
          g_assert_nonnull (strstr (run.err, rows[i].behaviour == CV_DEMO_BEHAVIOUR_PLAIN_TEXT
                                             ? "plain text" : "AUTH TLS"));
          g_assert_null (strstr (run.err, "WARNING"));
        }
    }
}

#define ADD(name, func) \
  g_test_add ("/certview/trust-watch-servers/" name, Fixture, factory, fixture_setup, func, \
              fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  ADD ("hostile", test_hostile);
  ADD ("hostile-parallel", test_hostile_parallel);
  ADD ("plain-text-tls-ports", test_plain_text_tls_ports);
  ADD ("any-port", test_any_port);
  ADD ("tls-server-fails", test_tls_server_fails);
  ADD ("revoked", test_revoked);
  ADD ("authority-revoked", test_authority_revoked);
  ADD ("vsftpd-tls-off", test_vsftpd_tls_off);
  ADD ("prompt-downgrade", test_prompt_downgrade);

  return g_test_run ();
}
