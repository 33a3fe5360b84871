/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Revocation against real peers on loopback: openssl s_server stapling responses
 * that openssl ocsp made, openssl's OCSP responder, and an HTTP server in this
 * process for CRLs, canned responses and hostile answers. The certview program
 * is run as a user runs it; the cache is looked at through cv_inspect().
 */
#include "config.h"

#include "cv-inspect.h"
#include "cv-inspection.h"
#include "cv-certificate-private.h"
#include "cv-demo-server.h"
#include "cv-revocation-private.h"
#include "cv-test-revocation.h"
#include "cv-verifier-private.h"
#include "cv-test-util.h"

#include <libsoup/soup.h>
#include <string.h>

/* The default budget of the online checks, and what a run may take beyond it */
#define BUDGET_US (CV_REVOCATION_DEFAULT_BUDGET_MS * (gint64) 1000)
#define SLACK_US (3 * G_USEC_PER_SEC)

/* What a test gets: the program's one certificate factory, made once because its
 * keys are slow to generate, and for a case of a table its row */
typedef struct
{
  CvCertFactory *factory;
  gconstpointer  row;
} Case;

/* The fixture is the test's own CvTestPki: a directory with the factory's CAs
 * and an index.txt of its own */
static void
pki_set_up (CvTestPki     *pki,
            gconstpointer  data)
{
  const Case *test = data;

  cv_test_pki_init (pki, test->factory);
}

static void
pki_tear_down (CvTestPki     *pki,
               gconstpointer  data)
{
  cv_test_pki_clear (pki);
}

/* ---- running certview ---- */

/* certview --json --ca-file CA [options…] URL, killed if it takes over 60 s */
static void
run_certview_valist (CvTestPki  *pki,
                     CvTestRun  *run,
                     const char *url,
                     const char *first_option,
                     va_list     options)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  struct rusage usage;

  g_ptr_array_add (argv, (char *) "--json");
  g_ptr_array_add (argv, (char *) "--ca-file");
  g_ptr_array_add (argv, pki->ca_file);
  for (const char *option = first_option; option != NULL;
       option = va_arg (options, const char *))
    g_ptr_array_add (argv, (char *) option);
  g_ptr_array_add (argv, (char *) url);
  g_ptr_array_add (argv, NULL);

  cv_test_run_certview_rusage (run, &usage, (const char * const *) argv->pdata);
  g_test_message ("%s: exit %d after %.2f s\n%s", url, run->status,
                  run->elapsed_us / (double) G_USEC_PER_SEC, run->err);
}

static void
run_certview (CvTestPki  *pki,
              CvTestRun  *run,
              const char *url,
              const char *first_option,
              ...)
{
  va_list options;

  va_start (options, first_option);
  run_certview_valist (pki, run, url, first_option, options);
  va_end (options);
}

/* "YYYY-MM-DD HH:MM:SS UTC" or null */
static void
assert_time_member (JsonObject *revocation,
                    const char *name,
                    gboolean    required)
{
  JsonNode *node = json_object_get_member (revocation, name);
  const char *text;

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_error ("revocation.%s is null", name);
      return;
    }
  text = json_node_get_string (node);
  g_assert_nonnull (text);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$", text,
                                       0, 0));
}

/* A string member, or NULL for null; fails when it is missing or of another type */
static const char *
string_or_null (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_error ("revocation has no member “%s”", name);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_STRING);
  return json_node_get_string (node);
}

/* Fails unless the "why" of @revocation says @text */
static void
assert_why_mentions (JsonObject *revocation,
                     const char *text)
{
  const char *why = string_or_null (revocation, "why");

  if (why == NULL || strstr (why, text) == NULL)
    g_error ("revocation.why is “%s”, without “%s”", why != NULL ? why : "null", text);
}

static JsonObject *assert_revocation_object (JsonObject *revocation,
                                             const char *method,
                                             const char *status);

/* The top level's "revocation": the server certificate's */
static JsonObject *
assert_revocation (JsonObject *root,
                   const char *method,
                   const char *status)
{
  JsonObject *revocation;

  g_assert_true (json_object_has_member (root, "revocation"));
  revocation = json_object_get_object_member (root, "revocation");
  g_assert_nonnull (revocation);
  return assert_revocation_object (revocation, method, status);
}

/* certificates[@position] of the JSON, with its subject */
static JsonObject *
get_certificate (JsonObject *root,
                 guint       position)
{
  JsonArray *certificates = json_object_get_array_member (root, "certificates");
  JsonObject *certificate;

  g_assert_nonnull (certificates);
  g_assert_cmpuint (json_array_get_length (certificates), >, position);
  certificate = json_array_get_object_element (certificates, position);
  g_test_message ("certificates[%u]: %s", position,
                  json_object_get_string_member (certificate, "subject"));
  return certificate;
}

/* TRUE when the certificate has a section @id */
static gboolean
has_section (JsonObject *certificate,
             const char *id)
{
  JsonArray *sections = json_object_get_array_member (certificate, "sections");

  for (guint i = 0; i < json_array_get_length (sections); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (sections, i),
                                                    "id"), id))
      return TRUE;
  return FALSE;
}

/* A "revocation" object (the top level's, or a certificate's) with every member of
 * the contract there and well-formed, and @method and @status (NULL: any method) */
static JsonObject *
assert_revocation_object (JsonObject *revocation,
                          const char *method,
                          const char *status)
{
  static const char * const times[] = {
    "produced-at", "this-update", "next-update", "revoked-at"
  };
  static const char * const methods[] = { "stapled", "ocsp", "crl", "none" };
  static const char * const statuses[] = {
    "good", "revoked", "unknown", "not-checked", "invalid", "missing"
  };
  const char *why;

  g_test_message ("revocation: method %s, status %s, responder %s, why: %s",
                  json_object_get_string_member (revocation, "method"),
                  json_object_get_string_member (revocation, "status"),
                  string_or_null (revocation, "responder"),
                  string_or_null (revocation, "why"));

  g_assert_true (g_strv_contains (methods,
                                  json_object_get_string_member (revocation, "method")));
  g_assert_true (g_strv_contains (statuses,
                                  json_object_get_string_member (revocation, "status")));
  if (method != NULL)
    g_assert_cmpstr (json_object_get_string_member (revocation, "method"), ==, method);
  g_assert_cmpstr (json_object_get_string_member (revocation, "status"), ==, status);

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    assert_time_member (revocation, times[i], FALSE);
  string_or_null (revocation, "responder");
  string_or_null (revocation, "reason");
  why = string_or_null (revocation, "why");
  if (why != NULL)
    g_assert_cmpstr (why, !=, "");

  if (g_str_equal (status, "revoked"))
    assert_time_member (revocation, "revoked-at", TRUE);
  else
    {
      g_assert_null (string_or_null (revocation, "revoked-at"));
      g_assert_null (string_or_null (revocation, "reason"));
    }
  if (g_str_equal (status, "good") || g_str_equal (status, "revoked"))
    assert_time_member (revocation, "this-update", TRUE);
  if (g_str_equal (status, "not-checked"))
    g_assert_nonnull (why);

  return revocation;
}

static JsonObject *
get_verdict (JsonObject *root)
{
  JsonObject *verdict = json_object_get_object_member (root, "verdict");

  g_assert_nonnull (verdict);
  return verdict;
}

/* The message of the reason with @code, which has no section; NULL when there is none */
static const char *
find_reason (JsonObject *root,
             const char *code)
{
  JsonArray *reasons = json_object_get_array_member (get_verdict (root), "reasons");

  g_assert_nonnull (reasons);
  for (guint i = 0; i < json_array_get_length (reasons); i++)
    {
      JsonObject *reason = json_array_get_object_element (reasons, i);

      if (g_strcmp0 (json_object_get_string_member (reason, "code"), code) != 0)
        continue;
      return json_object_get_string_member (reason, "message");
    }
  return NULL;
}

/* Invalid for @code alone, with no section marked */
static void
assert_invalid_for (CvTestRun  *run,
                    JsonObject *root,
                    const char *code)
{
  JsonArray *reasons = json_object_get_array_member (get_verdict (root), "reasons");
  g_autofree char *marked = cv_test_marked_sections (root);
  gboolean found = FALSE;

  g_assert_cmpint (run->status, ==, 1);
  g_assert_false (json_object_get_boolean_member (get_verdict (root), "valid"));
  for (guint i = 0; i < json_array_get_length (reasons); i++)
    {
      JsonObject *reason = json_array_get_object_element (reasons, i);
      JsonNode *section = json_object_get_member (reason, "section");

      g_test_message ("reason %s: %s", json_object_get_string_member (reason, "code"),
                      json_object_get_string_member (reason, "message"));
      if (!g_str_equal (json_object_get_string_member (reason, "code"), code))
        continue;
      g_assert_nonnull (section);
      g_assert_true (JSON_NODE_HOLDS_NULL (section));
      g_assert_nonnull (json_object_get_string_member (reason, "message"));
      found = TRUE;
    }
  if (!found)
    g_error ("no reason “%s” in %s", code, run->out);
  /* Revocation belongs to no section: nothing is marked */
  g_assert_cmpstr (marked, ==, "");
}

static void
assert_valid (CvTestRun  *run,
              JsonObject *root)
{
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (json_object_get_boolean_member (get_verdict (root), "valid"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (get_verdict (root),
                                                                         "reasons")), ==, 0);
}

/* Soft-fail: not checked, says why, valid all the same, within @budget_us and the slack */
static void
assert_soft_fail (CvTestRun  *run,
                  JsonObject *root,
                  gint64      budget_us)
{
  assert_revocation (root, NULL, "not-checked");
  assert_valid (run, root);
  g_assert_cmpint (run->elapsed_us, <, budget_us + SLACK_US);
}

/* ---- fixtures ---- */

/* A staple that openssl s_server loads (a successful OCSPResponse of the basic type)
 * whose inner response is random bytes */
static GBytes *
garbage_staple (void)
{
  static const guint8 basic_oid[] = {
    0x06, 0x09, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01
  };
  guint8 garbage[100];
  GByteArray *der = g_byte_array_new ();

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = g_random_int_range (0, 256);

  /* All lengths below 128: short form throughout */
  g_byte_array_append (der, (const guint8 []) { 0x30, 3 + 2 + 2 + sizeof basic_oid +
                                                2 + sizeof garbage }, 2);
  g_byte_array_append (der, (const guint8 []) { 0x0a, 0x01, 0x00 }, 3);
  g_byte_array_append (der, (const guint8 []) { 0xa0, 2 + sizeof basic_oid +
                                                2 + sizeof garbage }, 2);
  g_byte_array_append (der, (const guint8 []) { 0x30, sizeof basic_oid +
                                                2 + sizeof garbage }, 2);
  g_byte_array_append (der, basic_oid, sizeof basic_oid);
  g_byte_array_append (der, (const guint8 []) { 0x04, sizeof garbage }, 2);
  g_byte_array_append (der, garbage, sizeof garbage);
  return g_byte_array_free_to_bytes (der);
}

/* A leaf for localhost served by s_server with @staple (NULL: none) over @version */
static void
serve_leaf (CvTestPki        *pki,
            CvTestTlsServer  *server,
            CvTestLeaf       *leaf,
            GBytes           *staple,
            CvTestTlsVersion  version)
{
  g_autofree char *status_file = staple ? cv_test_pki_write (pki, "staple.der", staple) : NULL;

  cv_test_tls_server_start (server, pki, leaf, status_file, version);
}

/* A leaf served by s_server and certview's report of it, the test's steps in
 * most cases; the server stays up until the end of the test */
typedef struct
{
  CvTestTlsServer  server;
  char            *url;
  CvTestRun        run;
  JsonParser      *parser;
} Inspected;

static void
inspected_clear (Inspected *self)
{
  g_clear_object (&self->parser);
  cv_test_run_clear (&self->run);
  g_clear_pointer (&self->url, g_free);
  cv_test_tls_server_stop (&self->server);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Inspected, inspected_clear)

/* Runs certview on @self's server, which has started */
static JsonObject *
inspect_served (CvTestPki  *pki,
                Inspected  *self,
                const char *first_option,
                va_list     options)
{
  self->url = cv_test_tls_server_url (&self->server);
  run_certview_valist (pki, &self->run, self->url, first_option, options);
  self->parser = json_parser_new ();
  return cv_test_parse_json (self->parser, self->run.out);
}

/* Serves @leaf with @staple (NULL: none) over @version, and runs certview --json
 * on it with the options given (a NULL-terminated list); the report */
static JsonObject *
inspect_leaf (CvTestPki        *pki,
              Inspected        *self,
              CvTestLeaf       *leaf,
              GBytes           *staple,
              CvTestTlsVersion  version,
              const char       *first_option,
              ...)
{
  va_list options;
  JsonObject *root;

  serve_leaf (pki, &self->server, leaf, staple, version);
  va_start (options, first_option);
  root = inspect_served (pki, self, first_option, options);
  va_end (options);
  return root;
}

/* The same with @chain_file as the chain the server sends and @status_file (NULL:
 * none) as its staple */
static JsonObject *
inspect_chain (CvTestPki        *pki,
               Inspected        *self,
               CvTestLeaf       *leaf,
               const char       *status_file,
               CvTestTlsVersion  version,
               const char       *chain_file,
               const char       *first_option,
               ...)
{
  va_list options;
  JsonObject *root;

  cv_test_tls_server_start_chain (&self->server, pki, leaf, status_file, version, chain_file);
  va_start (options, first_option);
  root = inspect_served (pki, self, first_option, options);
  va_end (options);
  return root;
}

/* The first certificate of a PEM file, as DER */
static GBytes *
der_of_file (const char *path)
{
  g_autofree char *pem = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &pem, NULL, &error);
  g_assert_no_error (error);
  chain = cv_test_chain_from_pem (pem);
  g_assert_cmpuint (chain->len, >, 0);
  return g_bytes_ref (g_ptr_array_index (chain, 0));
}

/* A response made for @revoked or good, stapled; the leaf names @ocsp_url (NULL: none) */
static void
run_stapled (CvTestPki        *pki,
             CvTestRun        *run,
             gboolean          revoked,
             CvTestTlsVersion  version,
             const char       *ocsp_url,
             const char       *mode)
{
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) response = NULL;
  g_auto(CvTestTlsServer) server = { 0 };
  g_autofree char *url = NULL;

  cv_test_pki_index (pki, leaf, revoked);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  serve_leaf (pki, &server, leaf, response, version);
  url = cv_test_tls_server_url (&server);
  run_certview (pki, run, url, mode, NULL);
}

/* ---- the harness on its own: what the tests rest on, checked by other clients ---- */

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  /* Empty input: the clients end once the handshake is through */
  g_subprocess_communicate_utf8 (process, "", NULL, &out, NULL, &error);
  g_assert_no_error (error);
  return out;
}

/* openssl s_client and gnutls-cli see the staple, TLS 1.2 and 1.3 */
static void
test_harness_staple (CvTestPki     *pki,
                     gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_autoptr(GBytes) response = NULL;

  cv_test_pki_index (pki, leaf, TRUE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);

  for (CvTestTlsVersion version = CV_TEST_TLS_1_2; version <= CV_TEST_TLS_1_3; version++)
    {
      g_auto(CvTestTlsServer) server = { 0 };
      g_autofree char *connect = NULL;
      g_autofree char *port = NULL;
      g_autofree char *out = NULL;
      g_autofree char *gnutls_out = NULL;

      serve_leaf (pki, &server, leaf, response, version);
      connect = g_strdup_printf ("127.0.0.1:%u", server.port);
      port = g_strdup_printf ("%u", server.port);

      out = run_tool ((const char * const []) {
        "openssl", "s_client", "-connect", connect, "-servername", "localhost", "-status",
        "-CAfile", pki->ca_file, "-verify_return_error", NULL });
      g_test_message ("%s", out);
      g_assert_nonnull (strstr (out, "OCSP Response Status: successful"));
      g_assert_nonnull (strstr (out, "Cert Status: revoked"));
      g_assert_nonnull (strstr (out, version == CV_TEST_TLS_1_3 ? "TLSv1.3" : "TLSv1.2"));

      gnutls_out = run_tool ((const char * const []) {
        "gnutls-cli", "--x509cafile", pki->ca_file, "--port", port, "--sni-hostname",
        "localhost", "--verify-hostname", "localhost", "127.0.0.1", NULL });
      g_test_message ("%s", gnutls_out);
      /* GnuTLS checks the staple as part of the verification */
      g_assert_nonnull (strstr (gnutls_out, "revoked"));
    }
}

/* openssl ocsp as a client of the responder and of the HTTP server */
static void
test_harness_responders (CvTestPki     *pki,
                         gconstpointer  data)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *responder_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(CvTestLeaf) revoked = cv_test_pki_issue (pki, NULL);
  g_autoptr(CvTestLeaf) good = cv_test_pki_issue (pki, NULL);
  g_autoptr(CvTestLeaf) unknown = cv_test_pki_issue (pki, NULL);
  g_auto(CvTestResponder) responder = { 0 };
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autoptr(GBytes) response = NULL;
  g_autofree char *http_url = cv_test_http_url (http, "/ocsp");
  struct { CvTestLeaf *leaf; const char *url; const char *expect; } cases[] = {
    { revoked, responder_url, ": revoked" },
    { good, responder_url, ": good" },
    { unknown, responder_url, ": unknown" },
    { revoked, http_url, ": revoked" },
  };

  cv_test_pki_index (pki, revoked, TRUE);
  cv_test_pki_index (pki, good, FALSE);
  cv_test_responder_start (&responder, pki, port);
  response = cv_test_pki_ocsp_response (pki, revoked, CV_TEST_OCSP_SIGNER_ISSUER);
  cv_test_http_set_body (http, response, "application/ocsp-response");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = run_tool ((const char * const []) {
        "openssl", "ocsp", "-issuer", pki->issuer_file, "-cert", cases[i].leaf->cert_file,
        "-url", cases[i].url, "-CAfile", pki->ca_file, "-no_nonce", "-timeout", "5", NULL });

      g_test_message ("%s", out);
      g_assert_nonnull (strstr (out, "Response verify OK"));
      g_assert_nonnull (strstr (out, cases[i].expect));
    }
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 1);
}

/* The CRLs as openssl reads them: the genuine one verifies, the impostor's does not */
static void
test_harness_crl (CvTestPki     *pki,
                  gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *serials[] = { leaf->serial, NULL };
  g_autoptr(GError) error = NULL;

  for (CvCrlSigner signer = CV_CRL_SIGNER_INTERMEDIATE; signer <= CV_CRL_SIGNER_IMPOSTOR;
       signer++)
    {
      g_autoptr(GBytes) crl = cv_cert_factory_make_crl (pki->factory, serials, now - 60,
                                                        now + 86400, signer, &error);
      g_autofree char *crl_file = NULL;
      g_autofree char *out = NULL;

      g_assert_no_error (error);
      crl_file = cv_test_pki_write (pki, "crl.der", crl);
      out = run_tool ((const char * const []) {
        "openssl", "crl", "-inform", "DER", "-in", crl_file, "-CAfile", pki->issuer_file,
        "-noout", "-text", NULL });
      g_test_message ("%s", out);
      g_assert_nonnull (strstr (out, leaf->serial));
      g_assert_nonnull (strstr (out, "CN = Certview Test Intermediate CA"));
      if (signer == CV_CRL_SIGNER_INTERMEDIATE)
        g_assert_nonnull (strstr (out, "verify OK"));
      else
        g_assert_null (strstr (out, "verify OK"));
    }
}

/* The extensions as openssl reads them; and none when the setters are not used */
static void
test_harness_extensions (CvTestPki     *pki,
                         gconstpointer  data)
{
  CvTestLeafOptions options = {
    "http://127.0.0.1:1/ocsp", "http://127.0.0.1:1/int.crl", TRUE
  };
  g_autoptr(CvTestLeaf) with = cv_test_pki_issue (pki, &options);
  g_autoptr(CvTestLeaf) without = cv_test_pki_issue (pki, NULL);
  g_autofree char *out = run_tool ((const char * const []) {
    "openssl", "x509", "-in", with->cert_file, "-noout", "-text", NULL });
  g_autofree char *plain = run_tool ((const char * const []) {
    "openssl", "x509", "-in", without->cert_file, "-noout", "-text", NULL });

  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "OCSP - URI:http://127.0.0.1:1/ocsp"));
  g_assert_nonnull (strstr (out, "URI:http://127.0.0.1:1/int.crl"));
  g_assert_nonnull (strstr (out, "TLS Feature"));
  g_assert_nonnull (strstr (out, "status_request"));
  g_assert_null (strstr (plain, "OCSP - URI"));
  g_assert_null (strstr (plain, "CRL Distribution"));
  g_assert_null (strstr (plain, "TLS Feature"));
}

static char *
soup_get (SoupSession *session,
          const char  *url,
          guint       *status,
          gsize        limit,
          GError     **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint8 buf[16384];
  gssize n;

  stream = soup_session_send (session, msg, NULL, error);
  if (stream == NULL)
    return NULL;
  *status = soup_message_get_status (msg);
  while (body->len < limit && (n = g_input_stream_read (stream, buf, sizeof buf, NULL,
                                                        error)) > 0)
    g_byte_array_append (body, buf, n);
  g_byte_array_append (body, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&body), FALSE);
}

/* Each hostile mode does what it says, to a plain HTTP client */
static void
test_harness_http (CvTestPki     *pki,
                   gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 1, NULL);
  g_autofree char *url = cv_test_http_url (http, "/x");
  g_autoptr(GBytes) crl = g_bytes_new_static ("CRL", 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  guint status = 0;
  gint64 start;

  cv_test_http_set_body (http, crl, "application/pkix-crl");
  body = soup_get (session, url, &status, G_MAXSIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (body, ==, "CRL");
  g_clear_pointer (&body, g_free);

  cv_test_http_set_mode (http, CV_TEST_HTTP_ERROR);
  body = soup_get (session, url, &status, G_MAXSIZE, &error);
  g_assert_cmpuint (status, ==, 500);
  g_clear_pointer (&body, g_free);

  cv_test_http_set_mode (http, CV_TEST_HTTP_HTML);
  body = soup_get (session, url, &status, G_MAXSIZE, &error);
  g_assert_nonnull (strstr (body, "<html>"));
  g_clear_pointer (&body, g_free);

  cv_test_http_set_mode (http, CV_TEST_HTTP_REDIRECT_LOOP);
  body = soup_get (session, url, &status, G_MAXSIZE, &error);
  g_assert_error (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS);
  g_clear_error (&error);
  g_assert_cmpuint (cv_test_http_get_requests (http), >, 10);

  for (CvTestHttpMode mode = CV_TEST_HTTP_HUGE; mode <= CV_TEST_HTTP_HUGE_DECLARED; mode++)
    {
      cv_test_http_set_mode (http, mode);
      body = soup_get (session, url, &status, 4 * 1024 * 1024, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (strlen (body), >=, 4 * 1024 * 1024);
      g_clear_pointer (&body, g_free);
    }
  g_assert_cmpuint (cv_test_http_get_bytes_sent (http), <, CV_TEST_HTTP_HUGE_SIZE);

  cv_test_http_set_mode (http, CV_TEST_HTTP_GARBAGE);
  body = soup_get (session, url, &status, G_MAXSIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&body, g_free);

  /* Drops of a byte, none far enough apart for the 1 s timeout */
  cv_test_http_set_mode (http, CV_TEST_HTTP_DRIP);
  start = g_get_monotonic_time ();
  body = soup_get (session, url, &status, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (body), ==, 8);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_clear_pointer (&body, g_free);

  cv_test_http_set_mode (http, CV_TEST_HTTP_HANG);
  start = g_get_monotonic_time ();
  body = soup_get (session, url, &status, G_MAXSIZE, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

/* ---- the core cases ---- */

static void
stapled_revoked (CvTestPki        *pki,
                 CvTestTlsVersion  version)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *revocation;

  run_stapled (pki, &run, TRUE, version, ocsp_url, NULL);
  root = cv_test_parse_json (parser, run.out);
  revocation = assert_revocation (root, "stapled", "revoked");
  assert_invalid_for (&run, root, "revoked");
  g_assert_cmpstr (json_object_get_string_member (revocation, "reason"), ==, "key-compromise");
  assert_time_member (revocation, "produced-at", TRUE);
  assert_time_member (revocation, "next-update", TRUE);
  /* The staple is the answer: nothing is fetched */
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 0);
}

static void
test_stapled_revoked_tls12 (CvTestPki     *pki,
                            gconstpointer  data)
{
  stapled_revoked (pki, CV_TEST_TLS_1_2);
}

static void
test_stapled_revoked_tls13 (CvTestPki     *pki,
                            gconstpointer  data)
{
  stapled_revoked (pki, CV_TEST_TLS_1_3);
}

static void
test_stapled_good (CvTestPki     *pki,
                   gconstpointer  data)
{
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *revocation;

  run_stapled (pki, &run, FALSE, CV_TEST_TLS_1_3, NULL, NULL);
  root = cv_test_parse_json (parser, run.out);
  revocation = assert_revocation (root, "stapled", "good");
  assert_valid (&run, root);
  assert_time_member (revocation, "next-update", TRUE);
  g_assert_null (string_or_null (revocation, "why"));
}

/* Must-staple with nothing stapled: invalid, though a responder would answer good */
static void
test_must_staple_missing (CvTestPki     *pki,
                          gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url, .must_staple = TRUE };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) response = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_pki_index (pki, leaf, FALSE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  cv_test_http_set_body (http, response, "application/ocsp-response");
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
  assert_revocation (root, NULL, "missing");
  assert_invalid_for (&inspected.run, root, "missing-ocsp-status");

  /* Finding: with checks turned off it read as valid. A missing staple needs no
   * check to be seen, and every run asks for one */
  for (guint i = 0; i < 2; i++)
    {
      g_auto(CvTestRun) again = { 0 };
      g_autoptr(JsonParser) again_parser = json_parser_new ();
      JsonObject *again_root;

      run_certview (pki, &again, inspected.url, "--revocation", i == 0 ? "off" : "stapled", NULL);
      again_root = cv_test_parse_json (again_parser, again.out);
      assert_revocation (again_root, NULL, "missing");
      assert_invalid_for (&again, again_root, "missing-ocsp-status");
    }
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 0);
}

/* Must-staple with a good staple: valid */
static void
test_must_staple_stapled (CvTestPki     *pki,
                          gconstpointer  data)
{
  CvTestLeafOptions options = { .must_staple = TRUE };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) response = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_pki_index (pki, leaf, FALSE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  root = inspect_leaf (pki, &inspected, leaf, response, CV_TEST_TLS_1_3, NULL);
  assert_revocation (root, "stapled", "good");
  assert_valid (&inspected.run, root);
}

/* No staple: openssl's responder, named by the leaf, is asked */
static void
responder (CvTestPki *pki,
           gboolean   revoked)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *ocsp_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_auto(CvTestResponder) responder = { 0 };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  JsonObject *revocation;

  cv_test_pki_index (pki, leaf, revoked);
  cv_test_responder_start (&responder, pki, port);
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
  revocation = assert_revocation (root, "ocsp", revoked ? "revoked" : "good");
  g_assert_cmpstr (string_or_null (revocation, "responder"), ==, ocsp_url);
  if (revoked)
    {
      assert_invalid_for (&inspected.run, root, "revoked");
      g_assert_cmpstr (string_or_null (revocation, "reason"), ==, "key-compromise");
    }
  else
    assert_valid (&inspected.run, root);
}

/*
 * Finding: a revoked server that stapled a genuine response about another
 * certificate was judged "invalid-ocsp-status" and nothing more; its responder
 * was never asked, so a decision that accepted the bad staple let the revoked
 * certificate through. A staple that says nothing of the certificate leaves its
 * responder to be asked, and what that says of a revocation counts.
 */
static void
test_bad_staple_responder_revoked (CvTestPki     *pki,
                                   gconstpointer  data)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *ocsp_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(CvTestLeaf) other = cv_test_pki_issue (pki, NULL);
  g_autoptr(GBytes) response = NULL;
  g_auto(CvTestResponder) responder = { 0 };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  JsonObject *revocation;

  cv_test_pki_index (pki, other, FALSE);
  cv_test_pki_index (pki, leaf, TRUE);
  response = cv_test_pki_ocsp_response (pki, other, CV_TEST_OCSP_SIGNER_ISSUER);
  cv_test_responder_start (&responder, pki, port);
  root = inspect_leaf (pki, &inspected, leaf, response, CV_TEST_TLS_1_3, NULL);
  revocation = assert_revocation (root, "ocsp", "revoked");
  g_assert_cmpstr (string_or_null (revocation, "responder"), ==, ocsp_url);
  assert_invalid_for (&inspected.run, root, "revoked");

  /* With online checks off the staple is all there is: still a bad one */
  cv_test_run_clear (&inspected.run);
  run_certview (pki, &inspected.run, inspected.url, "--revocation", "stapled", NULL);
  root = cv_test_parse_json (inspected.parser, inspected.run.out);
  assert_revocation (root, "stapled", "invalid");
  assert_invalid_for (&inspected.run, root, "invalid-ocsp-status");
}

/* A server that sends its certificate alone: the issuer is found among the
 * anchors (here the CA file, which holds the intermediate), and its responder is
 * asked all the same */
static void
test_issuer_among_anchors (CvTestPki     *pki,
                           gconstpointer  data)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *ocsp_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autofree char *root = cv_test_read_file (pki->ca_file);
  g_autofree char *intermediate = cv_test_read_file (pki->issuer_file);
  g_autoptr(GBytes) both = g_bytes_new_take (g_strconcat (root, intermediate, NULL),
                                             strlen (root) + strlen (intermediate));
  g_autofree char *anchors = cv_test_pki_write (pki, "anchors.pem", both);
  g_auto(CvTestResponder) responder = { 0 };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root_object;
  JsonObject *revocation;

  cv_test_pki_index (pki, leaf, TRUE);
  cv_test_responder_start (&responder, pki, port);
  /* The leaf as its own chain file: sent twice, kept once */
  root_object = inspect_chain (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, leaf->cert_file,
                               "--ca-file", anchors, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root_object,
                                                                         "certificates")), ==, 1);
  revocation = assert_revocation (root_object, "ocsp", "revoked");
  g_assert_cmpstr (string_or_null (revocation, "responder"), ==, ocsp_url);
  assert_invalid_for (&inspected.run, root_object, "revoked");
}

static void
test_responder_revoked (CvTestPki     *pki,
                        gconstpointer  data)
{
  responder (pki, TRUE);
}

static void
test_responder_good (CvTestPki     *pki,
                     gconstpointer  data)
{
  responder (pki, FALSE);
}

/* No responder named: the CRL from the distribution point */
static void
crl (CvTestPki *pki,
     gboolean   revoked)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(CvTestLeaf) other = cv_test_pki_issue (pki, NULL);
  const char *serials[] = { other->serial, revoked ? leaf->serial : NULL, NULL };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  JsonObject *revocation;

  cv_test_http_serve_crl (http, pki->factory, serials);
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, NULL);
  revocation = assert_revocation (root, "crl", revoked ? "revoked" : "good");
  g_assert_cmpstr (string_or_null (revocation, "responder"), ==, crl_url);
  assert_time_member (revocation, "next-update", TRUE);
  if (revoked)
    {
      const char *reason = string_or_null (revocation, "reason");

      /* The factory's CRLs give no reason code */
      g_assert_true (reason == NULL || g_str_equal (reason, "unspecified"));
      assert_invalid_for (&inspected.run, root, "revoked");
    }
  else
    assert_valid (&inspected.run, root);
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 1);

  /* Finding: the tree called the list's address its "Responder"; the field's id
   * stays, for scripts */
  {
    g_auto(CvTestRun) dump = { 0 };
    g_autofree char *line = g_strdup_printf ("CRL Address: %s\n", crl_url);

    cv_test_run_certview (&dump, "--dump", "--ca-file", pki->ca_file, inspected.url, NULL);
    g_assert_nonnull (strstr (dump.out, line));
    g_assert_null (strstr (dump.out, "Responder: "));
  }
}

/* A CRL that says why: openssl ca lists the leaf with its reason code */
static void
test_crl_reason (CvTestPki     *pki,
                 gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) other = cv_test_pki_issue (pki, NULL);
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) list = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  JsonObject *revocation;

  /* Another entry first, with its own reason: the one for this serial counts */
  cv_test_pki_index (pki, other, TRUE);
  cv_test_pki_index (pki, leaf, TRUE);
  list = cv_test_pki_crl (pki, NULL);
  cv_test_http_set_body (http, list, "application/pkix-crl");
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, NULL);
  revocation = assert_revocation (root, "crl", "revoked");
  g_assert_cmpstr (string_or_null (revocation, "reason"), ==, "key-compromise");
  g_assert_nonnull (strstr (find_reason (root, "revoked"), "its key was compromised"));
  assert_invalid_for (&inspected.run, root, "revoked");
}

static void
test_crl_revoked (CvTestPki     *pki,
                  gconstpointer  data)
{
  crl (pki, TRUE);
}

static void
test_crl_good (CvTestPki     *pki,
               gconstpointer  data)
{
  crl (pki, FALSE);
}

/* Nothing to ask: not checked, says why, valid */
static void
test_no_revocation_info (CvTestPki     *pki,
                         gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
  assert_revocation (root, "none", "not-checked");
  assert_valid (&inspected.run, root);
}

/* ---- --revocation ---- */

/* A leaf whose responder would say revoked, with nothing stapled, checked in @mode:
 * nothing is fetched */
static void
not_fetched (CvTestPki  *pki,
             const char *mode)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) response = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_pki_index (pki, leaf, TRUE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  cv_test_http_set_body (http, response, "application/ocsp-response");
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, mode, NULL);
  assert_soft_fail (&inspected.run, root, BUDGET_US);
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 0);
}

static void
test_mode_stapled (CvTestPki     *pki,
                   gconstpointer  data)
{
  not_fetched (pki, "--revocation=stapled");
}

static void
test_mode_off (CvTestPki     *pki,
               gconstpointer  data)
{
  not_fetched (pki, "--revocation=off");
}

/* Off, and yet a stapled "revoked" is honoured */
static void
test_mode_off_stapled_revoked (CvTestPki     *pki,
                               gconstpointer  data)
{
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  run_stapled (pki, &run, TRUE, CV_TEST_TLS_1_2, NULL, "--revocation=off");
  root = cv_test_parse_json (parser, run.out);
  assert_revocation (root, "stapled", "revoked");
  assert_invalid_for (&run, root, "revoked");
}

static void
test_mode_bad (CvTestPki     *pki,
               gconstpointer  data)
{
  g_auto(CvTestRun) run = { 0 };

  run_certview (pki, &run, "tls://localhost:1", "--revocation=sometimes", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "certview: "));
  g_assert_nonnull (strstr (run.err, "sometimes"));
}

/* ---- bad staples: invalid ---- */

typedef enum
{
  BAD_STAPLE_GARBAGE,
  BAD_STAPLE_WRONG_SIGNER,
  BAD_STAPLE_OTHER_CERTIFICATE,
} BadStaple;

static void
bad_staple (CvTestPki     *pki,
            gconstpointer  data)
{
  BadStaple kind = GPOINTER_TO_INT (((const Case *) data)->row);
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_autoptr(CvTestLeaf) other = cv_test_pki_issue (pki, NULL);
  g_autoptr(GBytes) staple = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  /* Good answers that would make it valid if they were believed */
  cv_test_pki_index (pki, leaf, FALSE);
  cv_test_pki_index (pki, other, FALSE);
  switch (kind)
    {
    case BAD_STAPLE_GARBAGE:
      staple = garbage_staple ();
      break;
    case BAD_STAPLE_WRONG_SIGNER:
      staple = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_IMPOSTOR);
      break;
    case BAD_STAPLE_OTHER_CERTIFICATE:
      staple = cv_test_pki_ocsp_response (pki, other, CV_TEST_OCSP_SIGNER_ISSUER);
      break;
    default:
      g_assert_not_reached ();
    }
  root = inspect_leaf (pki, &inspected, leaf, staple, CV_TEST_TLS_1_2, NULL);
  assert_revocation (root, "stapled", "invalid");
  assert_invalid_for (&inspected.run, root, "invalid-ocsp-status");
}

/* ---- hostile responders and CRL servers: soft-fail within the budget ---- */

typedef struct
{
  CvTestHttpMode  mode;
  gboolean        crl;          /* the leaf names a CRL, not a responder */
  const char     *timeout;      /* --timeout, or NULL */
} Hostile;

static const Hostile hostile_hang = { CV_TEST_HTTP_HANG, FALSE, NULL };
static const Hostile hostile_hang_timeout = { CV_TEST_HTTP_HANG, FALSE, "2" };
static const Hostile hostile_error = { CV_TEST_HTTP_ERROR, FALSE, NULL };
static const Hostile hostile_html = { CV_TEST_HTTP_HTML, FALSE, NULL };
static const Hostile hostile_redirect = { CV_TEST_HTTP_REDIRECT_LOOP, FALSE, NULL };
static const Hostile hostile_huge = { CV_TEST_HTTP_HUGE, FALSE, NULL };
static const Hostile hostile_garbage = { CV_TEST_HTTP_GARBAGE, FALSE, NULL };
static const Hostile hostile_crl_huge = { CV_TEST_HTTP_HUGE_DECLARED, TRUE, NULL };
static const Hostile hostile_crl_huge_chunked = { CV_TEST_HTTP_HUGE, TRUE, NULL };
static const Hostile hostile_crl_hang = { CV_TEST_HTTP_HANG, TRUE, "3" };
static const Hostile hostile_drip = { CV_TEST_HTTP_DRIP, FALSE, NULL };
static const Hostile hostile_crl_drip = { CV_TEST_HTTP_DRIP, TRUE, "2" };

static void
hostile (CvTestPki     *pki,
         gconstpointer  data)
{
  const Hostile *hostile = ((const Case *) data)->row;
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *fetch_url = cv_test_http_url (http, hostile->crl ? "/int.crl" : "/ocsp");
  CvTestLeafOptions options = { 0 };
  g_autoptr(CvTestLeaf) leaf = NULL;
  g_auto(CvTestTlsServer) server = { 0 };
  g_autofree char *url = NULL;
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  gint64 budget = BUDGET_US;

  if (hostile->crl)
    options.crl_url = fetch_url;
  else
    options.ocsp_url = fetch_url;
  leaf = cv_test_pki_issue (pki, &options);
  cv_test_http_set_mode (http, hostile->mode);
  serve_leaf (pki, &server, leaf, NULL, CV_TEST_TLS_1_2);
  url = cv_test_tls_server_url (&server);

  if (hostile->timeout != NULL)
    {
      budget = g_ascii_strtoll (hostile->timeout, NULL, 10) * G_USEC_PER_SEC;
      run_certview (pki, &run, url, "--timeout", hostile->timeout, NULL);
    }
  else
    run_certview (pki, &run, url, NULL);
  root = cv_test_parse_json (parser, run.out);
  if (hostile->timeout != NULL)
    {
      /* Never beyond --timeout: half a second for the exit itself */
      assert_soft_fail (&run, root, budget);
      g_assert_cmpint (run.elapsed_us, <, budget + G_USEC_PER_SEC / 2);
    }
  else
    assert_soft_fail (&run, root, budget);
  g_assert_cmpuint (cv_test_http_get_requests (http), >, 0);
  /* Read no further than the bounds: 64 KiB for OCSP, 16 MiB for a CRL, plus what
   * the sockets hold */
  g_test_message ("%" G_GUINT64_FORMAT " bytes sent", cv_test_http_get_bytes_sent (http));
  g_assert_cmpuint (cv_test_http_get_bytes_sent (http), <,
                    (hostile->crl ? CV_REVOCATION_MAX_CRL_SIZE : CV_REVOCATION_MAX_OCSP_SIZE) +
                    8 * 1024 * 1024);
}

/* Nothing listens where the responder should be */
static void
test_responder_unreachable (CvTestPki     *pki,
                            gconstpointer  data)
{
  g_autofree char *ocsp_url = g_strdup_printf ("http://127.0.0.1:%u/", cv_test_free_port ());
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
  assert_soft_fail (&inspected.run, root, BUDGET_US);
}

/* A responder's answer signed by the wrong key, saying revoked: not believed */
static void
test_responder_wrong_key (CvTestPki     *pki,
                          gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) response = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_pki_index (pki, leaf, TRUE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_IMPOSTOR);
  cv_test_http_set_body (http, response, "application/ocsp-response");
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
  assert_soft_fail (&inspected.run, root, BUDGET_US);
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 1);
}

/* An answer made for another request, with that request's nonce, as one recorded
 * earlier and replayed would be: a "good" is not believed, a "revoked" is, since
 * a revocation the issuer signed stays true. (Answers without a nonce, as most
 * responders give, are taken by the other tests; openssl's live responder echoes
 * Certview's own.) */
static void
run_other_nonce (CvTestPki *pki,
                 CvTestRun *run,
                 gboolean   revoked)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) response = NULL;
  g_auto(CvTestTlsServer) server = { 0 };
  g_autofree char *url = NULL;

  cv_test_pki_index (pki, leaf, revoked);
  response = cv_test_pki_ocsp_response_with_nonce (pki, leaf);
  cv_test_http_set_body (http, response, "application/ocsp-response");
  serve_leaf (pki, &server, leaf, NULL, CV_TEST_TLS_1_2);
  url = cv_test_tls_server_url (&server);

  run_certview (pki, run, url, NULL);
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 1);
}

static void
test_responder_other_nonce (CvTestPki     *pki,
                            gconstpointer  data)
{
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  run_other_nonce (pki, &run, FALSE);
  root = cv_test_parse_json (parser, run.out);
  assert_soft_fail (&run, root, BUDGET_US);
  assert_why_mentions (assert_revocation (root, "ocsp", "not-checked"), "nonce");
}

static void
test_responder_other_nonce_revoked (CvTestPki     *pki,
                                    gconstpointer  data)
{
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  run_other_nonce (pki, &run, TRUE);
  root = cv_test_parse_json (parser, run.out);
  assert_revocation (root, "ocsp", "revoked");
  assert_invalid_for (&run, root, "revoked");
}

/* A CRL that lists the leaf, signed by another key under the issuer's name */
static void
test_crl_wrong_signer (CvTestPki     *pki,
                       gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *serials[] = { leaf->serial, NULL };
  g_autoptr(GBytes) list = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  g_autoptr(GError) error = NULL;

  list = cv_cert_factory_make_crl (pki->factory, serials, now - 3600, now + 86400,
                                   CV_CRL_SIGNER_IMPOSTOR, &error);
  g_assert_no_error (error);
  cv_test_http_set_body (http, list, "application/pkix-crl");
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
  assert_soft_fail (&inspected.run, root, BUDGET_US);
}


/* The responder does not know the certificate: "unknown", which is no failure */
static void
test_responder_unknown (CvTestPki     *pki,
                        gconstpointer  data)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *ocsp_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_auto(CvTestResponder) responder = { 0 };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  /* Not in the index */
  cv_test_responder_start (&responder, pki, port);
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
  assert_revocation (root, "ocsp", "unknown");
  assert_valid (&inspected.run, root);

  /* Finding: "unknown" was kept for the process, so once a CRL that could not be
   * fetched was there, the window's next inspection asked nobody. It is not kept. */
  {
    g_autoptr(GBytes) response = cv_test_pki_ocsp_response (pki, leaf,
                                                            CV_TEST_OCSP_SIGNER_ISSUER);
    g_autoptr(GBytes) leaf_der = der_of_file (leaf->cert_file);
    g_autoptr(GBytes) issuer_der = der_of_file (pki->issuer_file);
    g_autoptr(CvRevocation) unknown =
      cv_revocation_judge_ocsp (response, leaf_der, issuer_der, CV_REVOCATION_METHOD_OCSP,
                                ocsp_url, NULL, g_get_real_time () / G_USEC_PER_SEC);

    g_assert_cmpint (cv_revocation_get_status (unknown), ==, CV_REVOCATION_STATUS_UNKNOWN);
    g_assert_cmpint (cv_revocation_get_next_update (unknown), >, 0);
    g_assert_cmpint (cv_revocation_cache_until (unknown), ==, 0);
  }
}

/* Finding: the responder's "unknown" was taken as the answer, and the CRL that
 * lists the certificate was never read. "unknown" says nothing of a revocation,
 * so the list is read as when the responder does not answer. */
static void
test_responder_unknown_crl_revoked (CvTestPki     *pki,
                                    gconstpointer  data)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *ocsp_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url, .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  const char *serials[] = { leaf->serial, NULL };
  g_auto(CvTestResponder) responder = { 0 };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  /* Not in the responder's index: "unknown"; listed in the CRL */
  cv_test_http_serve_crl (http, pki->factory, serials);
  cv_test_responder_start (&responder, pki, port);
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, NULL);
  assert_revocation (root, "crl", "revoked");
  assert_invalid_for (&inspected.run, root, "revoked");
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 1);
}

/* Finding: a stapled "unknown" ended the check, so the responder, which knows the
 * certificate is revoked, was never asked */
static void
test_stapled_unknown_responder_revoked (CvTestPki     *pki,
                                        gconstpointer  data)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *ocsp_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) unknown = NULL;
  g_auto(CvTestResponder) responder = { 0 };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  /* The staple made before the leaf is in the index: "unknown", signed by the issuer */
  unknown = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  cv_test_pki_index (pki, leaf, TRUE);
  cv_test_responder_start (&responder, pki, port);
  root = inspect_leaf (pki, &inspected, leaf, unknown, CV_TEST_TLS_1_3, NULL);
  assert_revocation (root, "ocsp", "revoked");
  assert_invalid_for (&inspected.run, root, "revoked");

  /* With online checks off, what the server stapled is all there is */
  {
    g_auto(CvTestRun) stapled = { 0 };
    g_autoptr(JsonParser) stapled_parser = json_parser_new ();
    JsonObject *stapled_root;

    run_certview (pki, &stapled, inspected.url, "--revocation", "stapled", NULL);
    stapled_root = cv_test_parse_json (stapled_parser, stapled.out);
    assert_revocation (stapled_root, "stapled", "unknown");
    assert_valid (&stapled, stapled_root);
  }
}

/* Finding: a staple that answers for two certificates (RFC 6960 allows it) was
 * judged on its first answer alone: a good staple whose answer for the server's
 * certificate came second read as "about another certificate", and so did a
 * revoked one */
static void
staple_second_answer (CvTestPki *pki,
                      gboolean   revoked)
{
  g_autoptr(CvTestLeaf) other = cv_test_pki_issue (pki, NULL);
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_autoptr(GBytes) response = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_pki_index (pki, other, FALSE);
  cv_test_pki_index (pki, leaf, revoked);
  response = cv_test_pki_ocsp_response_pair (pki, other, leaf);
  root = inspect_leaf (pki, &inspected, leaf, response, CV_TEST_TLS_1_3,
                       "--revocation", "stapled", NULL);
  assert_revocation (root, "stapled", revoked ? "revoked" : "good");
  if (revoked)
    assert_invalid_for (&inspected.run, root, "revoked");
  else
    assert_valid (&inspected.run, root);
}

static void
test_staple_second_answer_good (CvTestPki     *pki,
                                gconstpointer  data)
{
  staple_second_answer (pki, FALSE);
}

static void
test_staple_second_answer_revoked (CvTestPki     *pki,
                                   gconstpointer  data)
{
  staple_second_answer (pki, TRUE);
}

/* Finding: only the first CRL a certificate names was fetched; when it could not
 * be, the second, which lists the certificate, was never read */
static void
test_second_crl (CvTestPki     *pki,
                 gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  /* Nothing listens there */
  g_autofree char *down_url = g_strdup_printf ("http://127.0.0.1:%u/down.crl",
                                               cv_test_free_port ());
  g_autofree char *both = g_strdup_printf ("%s %s", down_url, crl_url);
  CvTestLeafOptions options = { .crl_url = both };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  const char *serials[] = { leaf->serial, NULL };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_http_serve_crl (http, pki->factory, serials);
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, NULL);
  assert_revocation (root, "crl", "revoked");
  g_assert_cmpstr (string_or_null (json_object_get_object_member (root, "revocation"),
                                   "responder"), ==, crl_url);
  assert_invalid_for (&inspected.run, root, "revoked");
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 1);
}

/* Finding: a CRL whose issuer's name was written with other string types than in
 * the certificate (UTF8String for PrintableString) was taken as another
 * authority's, and the revocation it lists went unseen. The same name is the
 * same issuer; its signature is checked against the issuer's key all the same. */
static void
crl_renamed_issuer (CvTestPki *pki,
                    gboolean   revoked)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *serials[] = { revoked ? leaf->serial : NULL, NULL };
  g_autoptr(GBytes) list = NULL;
  g_auto(Inspected) inspected = { 0 };
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  list = cv_cert_factory_make_crl (pki->factory, serials, now - 3600, now + 7 * 86400,
                                   CV_CRL_SIGNER_RENAMED, &error);
  g_assert_no_error (error);
  cv_test_http_set_body (http, list, "application/pkix-crl");
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, NULL);
  assert_revocation (root, "crl", revoked ? "revoked" : "good");
  if (revoked)
    assert_invalid_for (&inspected.run, root, "revoked");
  else
    assert_valid (&inspected.run, root);
}

static void
test_crl_renamed_issuer_revoked (CvTestPki     *pki,
                                 gconstpointer  data)
{
  crl_renamed_issuer (pki, TRUE);
}

static void
test_crl_renamed_issuer_good (CvTestPki     *pki,
                              gconstpointer  data)
{
  crl_renamed_issuer (pki, FALSE);
}

/* The same, signed with another key than the issuer's: it says nothing */
static void
test_crl_renamed_issuer_impostor (CvTestPki     *pki,
                                  gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *serials[] = { leaf->serial, NULL };
  g_autoptr(GBytes) list = NULL;
  g_auto(Inspected) inspected = { 0 };
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  list = cv_cert_factory_make_crl (pki->factory, serials, now - 3600, now + 7 * 86400,
                                   CV_CRL_SIGNER_RENAMED_IMPOSTOR, &error);
  g_assert_no_error (error);
  cv_test_http_set_body (http, list, "application/pkix-crl");
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, NULL);
  assert_why_mentions (assert_revocation (root, "crl", "not-checked"),
                       "not signed by the certificate's issuer");
}

/* Findings: a responder's address that names no server (the certificate's maker
 * chose it) set off a libsoup critical on every run, fatal where criticals are;
 * and one with a user and password showed the password as the responder asked,
 * though it is never sent (the certificate's own extension still says it) */
static void
test_responder_address_odd (CvTestPki     *pki,
                            gconstpointer  data)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *with_secret = g_strdup_printf ("http://user:secret@127.0.0.1:%u/", port);
  g_autofree char *shown = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_auto(CvTestResponder) responder = { 0 };

  {
    CvTestLeafOptions options = { .ocsp_url = "http:///ocsp" };
    g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
    g_auto(CvTestTlsServer) server = { 0 };
    g_autofree char *url = NULL;
    g_auto(CvTestRun) run = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root;

    serve_leaf (pki, &server, leaf, NULL, CV_TEST_TLS_1_3);
    url = cv_test_tls_server_url (&server);
    /* The test's environment makes criticals fatal, in certview too */
    run_certview (pki, &run, url, NULL);
    g_assert_null (strstr (run.err, "CRITICAL"));
    root = cv_test_parse_json (parser, run.out);
    assert_why_mentions (assert_revocation (root, "none", "not-checked"),
                         "names no server to ask");
    assert_valid (&run, root);
  }

  {
    CvTestLeafOptions options = { .ocsp_url = with_secret };
    g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
    g_auto(Inspected) inspected = { 0 };
    JsonObject *root;
    JsonObject *revocation;

    cv_test_pki_index (pki, leaf, TRUE);
    cv_test_responder_start (&responder, pki, port);
    root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, NULL);
    revocation = assert_revocation (root, "ocsp", "revoked");
    g_assert_cmpstr (string_or_null (revocation, "responder"), ==, shown);
    assert_invalid_for (&inspected.run, root, "revoked");
  }
}

/* Finding: a responder that sends the request on (302) was asked again with a GET
 * and no request, and its answer read as "not an OCSP response". The request is
 * sent on as it is. */
static void
test_responder_redirects (CvTestPki     *pki,
                          gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) response = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_pki_index (pki, leaf, TRUE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  cv_test_http_set_body (http, response, "application/ocsp-response");
  cv_test_http_set_mode (http, CV_TEST_HTTP_REDIRECT_POST);
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, NULL);
  assert_revocation (root, "ocsp", "revoked");
  assert_invalid_for (&inspected.run, root, "revoked");
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 2);
}

/* Finding: a CRL compressed though no compression was asked for read as "not a
 * CRL"; the reason now says what it was */
static void
test_crl_compressed (CvTestPki     *pki,
                     gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  const char *serials[] = { leaf->serial, NULL };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_http_serve_crl (http, pki->factory, serials);
  cv_test_http_set_mode (http, CV_TEST_HTTP_GZIP);
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, NULL);
  assert_why_mentions (assert_revocation (root, "crl", "not-checked"), "compressed (gzip)");
}

/* A leaf that names both: the responder is asked and the CRL is not fetched */
static void
test_ocsp_before_crl (CvTestPki     *pki,
                      gconstpointer  data)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *ocsp_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url, .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  const char *serials[] = { leaf->serial, NULL };
  g_auto(CvTestResponder) responder = { 0 };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  /* The two disagree, so that the answer tells which one was asked */
  cv_test_pki_index (pki, leaf, FALSE);
  cv_test_http_serve_crl (http, pki->factory, serials);
  cv_test_responder_start (&responder, pki, port);
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, NULL);
  assert_revocation (root, "ocsp", "good");
  assert_valid (&inspected.run, root);
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 0);
}

/* A CRL past its next update, or not yet in force, that does not list the leaf:
 * not an answer, so neither "good" nor a failure */
static void
crl_out_of_date (CvTestPki     *pki,
                 gconstpointer  data)
{
  gboolean stale = GPOINTER_TO_INT (((const Case *) data)->row);
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *serials[] = { NULL };
  g_autoptr(GBytes) list = NULL;
  g_auto(Inspected) inspected = { 0 };
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  const char *why;

  if (stale)
    list = cv_cert_factory_make_crl (pki->factory, serials, now - 10 * 86400, now - 3 * 86400,
                                     CV_CRL_SIGNER_INTERMEDIATE, &error);
  else
    list = cv_cert_factory_make_crl (pki->factory, serials, now + 3 * 86400, now + 10 * 86400,
                                     CV_CRL_SIGNER_INTERMEDIATE, &error);
  g_assert_no_error (error);
  cv_test_http_set_body (http, list, "application/pkix-crl");
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
  assert_soft_fail (&inspected.run, root, BUDGET_US);
  /* Its signature is fine: the why must not send the user after the wrong fault */
  why = string_or_null (json_object_get_object_member (root, "revocation"), "why");
  g_assert_null (strstr (why, "signed"));
}

/* Out of date, but it names the certificate: a revocation cannot be undone, so
 * the certificate is revoked all the same. Finding: one dated an hour ahead (its
 * issuer's clock fast) that names it was thrown away; it counts the same way. */
static void
test_crl_out_of_date_revoked (CvTestPki     *pki,
                              gconstpointer  data)
{
  gboolean stale = GPOINTER_TO_INT (((const Case *) data)->row);
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *serials[] = { leaf->serial, NULL };
  g_autoptr(GBytes) list = NULL;
  g_auto(Inspected) inspected = { 0 };
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *revocation;

  if (stale)
    list = cv_cert_factory_make_crl (pki->factory, serials, now - 10 * 86400, now - 3 * 86400,
                                     CV_CRL_SIGNER_INTERMEDIATE, &error);
  else
    list = cv_cert_factory_make_crl (pki->factory, serials, now + 3600, now + 7 * 86400,
                                     CV_CRL_SIGNER_INTERMEDIATE, &error);
  g_assert_no_error (error);
  cv_test_http_set_body (http, list, "application/pkix-crl");
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
  revocation = assert_revocation (root, "crl", "revoked");
  assert_time_member (revocation, "next-update", TRUE);
  assert_invalid_for (&inspected.run, root, "revoked");
}

static gboolean
inspection_phase_is (gpointer data)
{
  CvInspection *inspection = data;

  return !cv_inspection_get_busy (inspection) ||
         g_strcmp0 (cv_inspection_get_phase (inspection), "Checking revocation…") == 0;
}

/* While the responder takes its time, the window's progress line says so; it is
 * not "Done" */
static void
test_phase_while_checking (CvTestPki     *pki,
                           gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_auto(CvTestTlsServer) server = { 0 };
  g_autoptr(CvInspection) inspection = cv_inspection_new ();
  g_autoptr(CvTarget) target = NULL;
  g_autofree char *url = NULL;
  g_autofree char *store = g_build_filename (pki->dir, "trust.db", NULL);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  cv_test_http_set_mode (http, CV_TEST_HTTP_HANG);
  serve_leaf (pki, &server, leaf, NULL, CV_TEST_TLS_1_2);
  url = cv_test_tls_server_url (&server);
  target = cv_target_parse (url, CV_PROTOCOL_DIRECT_TLS, &error);
  g_assert_no_error (error);

  cv_inspection_set_ca_file (inspection, pki->ca_file);
  cv_inspection_set_trust_store_path (inspection, store);
  cv_inspection_start (inspection, target);
  while (!inspection_phase_is (inspection))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_true (cv_inspection_get_busy (inspection));
  g_assert_cmpstr (cv_inspection_get_phase (inspection), ==, "Checking revocation…");
  cv_inspection_cancel (inspection);
}

/* Finding: the window's Cancel, while the check was about to ask the responder,
 * left the check with no answer at all, which it then tried to keep. It says it
 * was cancelled, asks nobody and keeps nothing, whether or not the cache held
 * anything before. */
static void
test_cancelled_before_asking (CvTestPki     *pki,
                              gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url, .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) chain = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (leaf->chain_file, &pem, NULL, &error);
  g_assert_no_error (error);
  chain = cv_test_chain_from_pem (pem);
  g_cancellable_cancel (cancellable);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CvRevocation) revocation = NULL;

      cv_revocation_clear_cache ();
      if (i == 1)
        {
          /* Something else in the cache: the key is made before anyone is asked */
          g_autoptr(CvRevocation) other =
            cv_revocation_new_answer (CV_REVOCATION_METHOD_OCSP, CV_REVOCATION_STATUS_GOOD,
                                      "http://127.0.0.1:9/", NULL);

          gint64 now = g_get_real_time () / G_USEC_PER_SEC;

          cv_revocation_set_times (other, now, now, now + 3600);
          cv_revocation_cache_put ("elsewhere", other);
          g_assert_false (cv_revocation_cache_is_empty ());
        }
      revocation = cv_revocation_check (chain, NULL, NULL, CV_REVOCATION_MODE_ONLINE, 5000,
                                        cancellable);
      g_assert_nonnull (revocation);
      g_assert_cmpint (cv_revocation_get_status (revocation), ==,
                       CV_REVOCATION_STATUS_NOT_CHECKED);
      g_assert_cmpint (cv_revocation_get_method (revocation), ==, CV_REVOCATION_METHOD_OCSP);
      g_assert_cmpstr (cv_revocation_get_responder (revocation), ==, ocsp_url);
      g_assert_cmpstr (cv_revocation_get_why (revocation), ==, "The check was cancelled.");
      g_assert_cmpuint (cv_test_http_get_requests (http), ==, 0);
      g_assert_true (cv_revocation_cache_is_empty () == (i == 0));
    }
  cv_revocation_clear_cache ();
}

/* Both hang: --timeout bounds the whole check, not each fetch */
static void
test_ocsp_and_crl_hang (CvTestPki     *pki,
                        gconstpointer  data)
{
  g_autoptr(CvTestHttp) ocsp = cv_test_http_start ();
  g_autoptr(CvTestHttp) crl_http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (ocsp, "/ocsp");
  g_autofree char *crl_url = cv_test_http_url (crl_http, "/int.crl");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url, .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_http_set_mode (ocsp, CV_TEST_HTTP_HANG);
  cv_test_http_set_mode (crl_http, CV_TEST_HTTP_HANG);
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, "--timeout", "3", NULL);
  assert_soft_fail (&inspected.run, root, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (inspected.run.elapsed_us, <, 3 * G_USEC_PER_SEC + G_USEC_PER_SEC / 2);
}

/* Finding: a responder that accepted the request and never answered took the
 * whole time, so the CRL the certificate also names was never fetched, and a
 * revoked certificate read as not checked; one that refused the connection left
 * the CRL to find it. The responder has half of the time when there is a list. */
static void
test_ocsp_hangs_crl_revoked (CvTestPki     *pki,
                             gconstpointer  data)
{
  g_autoptr(CvTestHttp) ocsp = cv_test_http_start ();
  g_autoptr(CvTestHttp) crl_http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (ocsp, "/ocsp");
  g_autofree char *crl_url = cv_test_http_url (crl_http, "/int.crl");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url, .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  const char *serials[] = { leaf->serial, NULL };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_http_set_mode (ocsp, CV_TEST_HTTP_HANG);
  cv_test_http_serve_crl (crl_http, pki->factory, serials);
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, "--timeout", "4", NULL);
  assert_revocation (root, "crl", "revoked");
  assert_invalid_for (&inspected.run, root, "revoked");
  g_assert_cmpint (inspected.run.elapsed_us, <, 4 * G_USEC_PER_SEC);
}

/* Responder URLs that are not http: nothing read from the disk or elsewhere */
static void
test_not_http (CvTestPki     *pki,
               gconstpointer  data)
{
  const char *urls[] = { "file:///etc/passwd", "ldap://127.0.0.1/cn=x", "ftp://127.0.0.1/x" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      CvTestLeafOptions options = { .ocsp_url = urls[i], .crl_url = urls[i] };
      g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
      g_auto(Inspected) inspected = { 0 };
      JsonObject *root;
      JsonObject *revocation;

      root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
      assert_soft_fail (&inspected.run, root, BUDGET_US);
      g_assert_cmpint (inspected.run.elapsed_us, <, 2 * G_USEC_PER_SEC);
      /* The address is in the why; nobody was asked, so no responder is named */
      revocation = json_object_get_object_member (root, "revocation");
      g_assert_null (string_or_null (revocation, "responder"));
      assert_why_mentions (revocation, urls[i]);
    }
}

/* A stapled response judged days after its next update, or before its this update:
 * a bad staple. Judged in-process, since no openssl option makes one out of date. */
static void
test_staple_out_of_date (CvTestPki     *pki,
                         gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_autoptr(GBytes) response = NULL;
  g_autofree char *chain_pem = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 when[] = { now, now + 3 * 86400, now - 3 * 86400 };
  CvRevocationStatus expect[] = {
    CV_REVOCATION_STATUS_GOOD, CV_REVOCATION_STATUS_INVALID, CV_REVOCATION_STATUS_INVALID
  };

  cv_test_pki_index (pki, leaf, FALSE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  g_file_get_contents (leaf->chain_file, &chain_pem, NULL, &error);
  g_assert_no_error (error);
  chain = cv_test_chain_from_pem (chain_pem);
  g_assert_cmpuint (chain->len, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (when); i++)
    {
      g_autoptr(CvRevocation) revocation = NULL;

      revocation = cv_revocation_judge_ocsp (response, g_ptr_array_index (chain, 0),
                                             g_ptr_array_index (chain, 1),
                                             CV_REVOCATION_METHOD_STAPLED, NULL, NULL,
                                             when[i]);
      g_test_message ("at %+" G_GINT64_FORMAT " s: %s, %s", when[i] - now,
                      cv_revocation_status_to_string (cv_revocation_get_status (revocation)),
                      cv_revocation_get_why (revocation));
      g_assert_cmpint (cv_revocation_get_status (revocation), ==, expect[i]);
      g_assert_cmpint (cv_revocation_is_failure (revocation), ==,
                       expect[i] == CV_REVOCATION_STATUS_INVALID);
      /* Its dates, good or not: they say how far out it is */
      g_assert_cmpint (cv_revocation_get_this_update (revocation), >, now - 3600);
      g_assert_cmpint (cv_revocation_get_next_update (revocation), >, now);
    }
}

/* A responder the issuer appointed (RFC 6960, 4.2.2.2) answers for it when its
 * certificate comes with the answer. Finding: without it, the answer was said to
 * have a signature that "does not match", which sends one looking for a forgery;
 * it says what is missing. */
static void
test_delegated_responder (CvTestPki     *pki,
                          gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_autoptr(GBytes) leaf_der = der_of_file (leaf->cert_file);
  g_autoptr(GBytes) issuer_der = der_of_file (pki->issuer_file);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(GBytes) unsent = NULL;
  g_autoptr(CvRevocation) good = NULL;
  g_autoptr(CvRevocation) unusable = NULL;

  cv_test_pki_index (pki, leaf, FALSE);
  sent = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_DELEGATED);
  unsent = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_DELEGATED_UNSENT);

  good = cv_revocation_judge_ocsp (sent, leaf_der, issuer_der, CV_REVOCATION_METHOD_OCSP,
                                   "http://127.0.0.1:9/", NULL, now);
  g_test_message ("sent: %s", cv_revocation_get_why (good));
  g_assert_cmpint (cv_revocation_get_status (good), ==, CV_REVOCATION_STATUS_GOOD);

  unusable = cv_revocation_judge_ocsp (unsent, leaf_der, issuer_der, CV_REVOCATION_METHOD_OCSP,
                                       "http://127.0.0.1:9/", NULL, now);
  g_assert_cmpint (cv_revocation_get_status (unusable), ==, CV_REVOCATION_STATUS_NOT_CHECKED);
  g_assert_cmpstr (cv_revocation_get_why (unusable), ==,
                   "The answer was not usable: it is not signed by the certificate's issuer, "
                   "and includes no certificate of a responder the issuer appointed.");
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crl_t, gnutls_x509_crl_deinit, NULL)

static GBytes *
bytes_of_datum (gnutls_datum_t *datum)
{
  GBytes *bytes = g_bytes_new (datum->data, datum->size);

  gnutls_free (datum->data);
  return bytes;
}

/* A P-256 key and a certificate for @dn with @key_usage, signed by @issuer
 * (@issuer_key), or by itself when @issuer is NULL */
static gnutls_x509_crt_t
make_certificate (const char            *dn,
                  unsigned int           key_usage,
                  gboolean               ca,
                  gnutls_x509_crt_t      issuer,
                  gnutls_x509_privkey_t  issuer_key,
                  gnutls_x509_privkey_t *key)
{
  gnutls_x509_crt_t crt = NULL;
  time_t now = time (NULL);
  unsigned char serial[8];

  g_assert_cmpint (gnutls_x509_privkey_init (key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (*key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = (unsigned char) g_random_int_range (1, 256);
  serial[0] &= 0x7f;
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + 86400), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn (crt, dn, NULL), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, *key), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_basic_constraints (crt, ca, -1), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_usage (crt, key_usage), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, issuer != NULL ? issuer : crt,
                                          issuer_key != NULL ? issuer_key : *key,
                                          GNUTLS_DIG_SHA256, 0), ==, 0);
  return crt;
}

/* Finding: a CRL from the certificate's issuer, whose key usage leaves CRLs out,
 * was said to be "not signed by the certificate's issuer", which it is. It is
 * still not used (RFC 5280, 4.2.1.3), and says why. */
static void
test_crl_issuer_without_crl_sign (void)
{
  g_auto(gnutls_x509_privkey_t) issuer_key = NULL;
  g_auto(gnutls_x509_privkey_t) leaf_key = NULL;
  g_auto(gnutls_x509_crt_t) issuer = NULL;
  g_auto(gnutls_x509_crt_t) leaf = NULL;
  g_auto(gnutls_x509_crl_t) crl = NULL;
  g_autoptr(GBytes) issuer_der = NULL;
  g_autoptr(GBytes) leaf_der = NULL;
  g_autoptr(GBytes) crl_der = NULL;
  g_autoptr(CvRevocation) revocation = NULL;
  gnutls_datum_t datum = { NULL, 0 };
  time_t now = time (NULL);

  issuer = make_certificate ("CN=Certview Test CA Without cRLSign", GNUTLS_KEY_KEY_CERT_SIGN,
                             TRUE, NULL, NULL, &issuer_key);
  leaf = make_certificate ("CN=localhost", GNUTLS_KEY_DIGITAL_SIGNATURE, FALSE, issuer,
                           issuer_key, &leaf_key);
  g_assert_cmpint (gnutls_x509_crl_init (&crl), ==, 0);
  g_assert_cmpint (gnutls_x509_crl_set_version (crl, 2), ==, 0);
  g_assert_cmpint (gnutls_x509_crl_set_this_update (crl, now - 60), ==, 0);
  g_assert_cmpint (gnutls_x509_crl_set_next_update (crl, now + 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crl_set_crt (crl, leaf, now - 60), ==, 0);
  g_assert_cmpint (gnutls_x509_crl_sign2 (crl, issuer, issuer_key, GNUTLS_DIG_SHA256, 0), ==, 0);

  g_assert_cmpint (gnutls_x509_crt_export2 (issuer, GNUTLS_X509_FMT_DER, &datum), ==, 0);
  issuer_der = bytes_of_datum (&datum);
  g_assert_cmpint (gnutls_x509_crt_export2 (leaf, GNUTLS_X509_FMT_DER, &datum), ==, 0);
  leaf_der = bytes_of_datum (&datum);
  g_assert_cmpint (gnutls_x509_crl_export2 (crl, GNUTLS_X509_FMT_DER, &datum), ==, 0);
  crl_der = bytes_of_datum (&datum);

  revocation = cv_revocation_judge_crl (crl_der, leaf_der, issuer_der,
                                        "http://127.0.0.1:9/int.crl", now);
  g_assert_cmpint (cv_revocation_get_status (revocation), ==, CV_REVOCATION_STATUS_NOT_CHECKED);
  g_assert_cmpstr (cv_revocation_get_why (revocation), ==,
                   "The answer was not usable: the certificate's issuer may not sign CRLs: "
                   "its key usage leaves them out.");
}

/* A response with no nextUpdate: believed for CV_REVOCATION_OCSP_MAX_AGE after
 * its thisUpdate, stapled or from a responder, then out of date. Judged
 * in-process at later times, since openssl dates every response now. */
static void
test_staple_no_next_update (CvTestPki     *pki,
                            gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GBytes) leaf_der = der_of_file (leaf->cert_file);
  g_autoptr(GBytes) issuer_der = der_of_file (pki->issuer_file);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const struct
  {
    gint64              when;
    CvRevocationStatus  stapled;
    CvRevocationStatus  online;
  } rows[] = {
    { now, CV_REVOCATION_STATUS_GOOD, CV_REVOCATION_STATUS_GOOD },
    { now + 6 * 86400, CV_REVOCATION_STATUS_GOOD, CV_REVOCATION_STATUS_GOOD },
    { now + 8 * 86400, CV_REVOCATION_STATUS_INVALID, CV_REVOCATION_STATUS_NOT_CHECKED },
    { now + 300 * 86400, CV_REVOCATION_STATUS_INVALID, CV_REVOCATION_STATUS_NOT_CHECKED },
  };

  cv_test_pki_index (pki, leaf, FALSE);
  response = cv_test_pki_ocsp_response_full (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(CvRevocation) stapled = NULL;
      g_autoptr(CvRevocation) online = NULL;

      stapled = cv_revocation_judge_ocsp (response, leaf_der, issuer_der,
                                          CV_REVOCATION_METHOD_STAPLED, NULL, NULL,
                                          rows[i].when);
      online = cv_revocation_judge_ocsp (response, leaf_der, issuer_der,
                                         CV_REVOCATION_METHOD_OCSP, "http://127.0.0.1:9/",
                                         NULL, rows[i].when);
      g_test_message ("at %+" G_GINT64_FORMAT " s: stapled %s (%s), online %s (%s)",
                      rows[i].when - now,
                      cv_revocation_status_to_string (cv_revocation_get_status (stapled)),
                      cv_revocation_get_why (stapled),
                      cv_revocation_status_to_string (cv_revocation_get_status (online)),
                      cv_revocation_get_why (online));
      g_assert_cmpint (cv_revocation_get_status (stapled), ==, rows[i].stapled);
      g_assert_cmpint (cv_revocation_get_status (online), ==, rows[i].online);
      if (rows[i].stapled == CV_REVOCATION_STATUS_GOOD)
        {
          g_assert_cmpint (cv_revocation_get_next_update (stapled), ==, -1);
          /* Kept no longer than it is believed */
          g_assert_cmpint (cv_revocation_cache_until (online), ==,
                           cv_revocation_get_this_update (online) +
                           CV_REVOCATION_OCSP_MAX_AGE);
        }
      else
        {
          g_assert_nonnull (strstr (cv_revocation_get_why (stapled), "out of date"));
          g_assert_nonnull (strstr (cv_revocation_get_why (online), "out of date"));
          g_assert_cmpint (cv_revocation_cache_until (online), ==, 0);
        }
    }
}

/* A recent staple with no nextUpdate, end to end: good and valid */
static void
test_staple_no_next_update_recent (CvTestPki     *pki,
                                   gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_autoptr(GBytes) response = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  JsonObject *revocation;

  cv_test_pki_index (pki, leaf, FALSE);
  response = cv_test_pki_ocsp_response_full (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER, FALSE);
  root = inspect_leaf (pki, &inspected, leaf, response, CV_TEST_TLS_1_3, NULL);
  revocation = assert_revocation (root, "stapled", "good");
  assert_valid (&inspected.run, root);
  g_assert_null (string_or_null (revocation, "next-update"));
}

/* ---- the cache ---- */

static CvReport *
inspect (CvTestPki  *pki,
         const char *url)
{
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  CvReport *report;

  target = cv_target_parse (url, CV_PROTOCOL_DIRECT_TLS, &error);
  g_assert_no_error (error);
  probe = cv_probe_new (target);
  cv_probe_set_revocation (probe, CV_REVOCATION_MODE_ONLINE);
  report = cv_inspect (probe, pki->ca_file, NULL, &error);
  g_assert_no_error (error);
  return report;
}

typedef struct
{
  CvTestHttp   *http;
  GCancellable *cancellable;
} CancelWhenAsked;

/* Cancels once the responder has been asked: the check is under way */
static gpointer
cancel_when_asked (gpointer data)
{
  CancelWhenAsked *when = data;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (cv_test_http_get_requests (when->http) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_cancellable_cancel (when->cancellable);
  return NULL;
}

/* Finding: the blocking cv_inspect(), cancelled while the responder was being
 * asked, gave a report, valid, made of a check cut short; cv_inspect_async()
 * failed with G_IO_ERROR_CANCELLED. Both fail so. */
static void
test_sync_cancel_during_check (CvTestPki     *pki,
                               gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_auto(CvTestTlsServer) server = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvProbe) probe = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  CancelWhenAsked when = { http, cancellable };
  GThread *canceller;
  gint64 started;

  cv_test_http_set_mode (http, CV_TEST_HTTP_HANG);
  serve_leaf (pki, &server, leaf, NULL, CV_TEST_TLS_1_2);
  url = cv_test_tls_server_url (&server);
  target = cv_target_parse (url, CV_PROTOCOL_DIRECT_TLS, &error);
  g_assert_no_error (error);
  probe = cv_probe_new (target);
  cv_probe_set_revocation (probe, CV_REVOCATION_MODE_ONLINE);

  cv_revocation_clear_cache ();
  canceller = g_thread_new ("canceller", cancel_when_asked, &when);
  started = g_get_monotonic_time ();
  report = cv_inspect (probe, pki->ca_file, cancellable, &error);
  g_thread_join (canceller);
  g_test_message ("ended %" G_GINT64_FORMAT " ms after it began",
                  (g_get_monotonic_time () - started) / 1000);
  g_assert_cmpuint (cv_test_http_get_requests (http), >, 0);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Two inspections in one process: one request, the second answer from the cache */
static void
test_cache (CvTestPki     *pki,
            gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) response = NULL;
  g_auto(CvTestTlsServer) server = { 0 };
  g_autofree char *url = NULL;

  cv_test_pki_index (pki, leaf, FALSE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  cv_test_http_set_body (http, response, "application/ocsp-response");
  serve_leaf (pki, &server, leaf, NULL, CV_TEST_TLS_1_2);
  url = cv_test_tls_server_url (&server);

  cv_revocation_clear_cache ();
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CvReport) report = inspect (pki, url);
      CvRevocation *revocation = cv_report_get_revocation (report);

      g_assert_nonnull (revocation);
      g_test_message ("inspection %u: %s, %s", i + 1,
                      cv_revocation_status_to_string (cv_revocation_get_status (revocation)),
                      cv_revocation_get_why (revocation));
      g_assert_cmpint (cv_revocation_get_method (revocation), ==, CV_REVOCATION_METHOD_OCSP);
      g_assert_cmpint (cv_revocation_get_status (revocation), ==, CV_REVOCATION_STATUS_GOOD);
      g_assert_cmpstr (cv_revocation_get_responder (revocation), ==, ocsp_url);
      g_assert_cmpint (cv_revocation_get_next_update (revocation), >,
                       g_get_real_time () / G_USEC_PER_SEC);
      g_assert_true (cv_report_get_valid (report));
      g_assert_cmpuint (cv_test_http_get_requests (http), ==, 1);
    }

  /* Forgotten: asked again */
  cv_revocation_clear_cache ();
  {
    g_autoptr(CvReport) report = inspect (pki, url);

    g_assert_cmpint (cv_revocation_get_status (cv_report_get_revocation (report)), ==,
                     CV_REVOCATION_STATUS_GOOD);
    g_assert_cmpuint (cv_test_http_get_requests (http), ==, 2);
  }
}

/* Answers are kept per certificate: another leaf of the same issuer, at the
 * same responder, is asked about, and the first is still answered from memory */
static void
test_cache_per_certificate (CvTestPki     *pki,
                            gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) first = cv_test_pki_issue (pki, &options);
  g_autoptr(CvTestLeaf) second = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) first_response = NULL;
  g_autoptr(GBytes) second_response = NULL;
  g_auto(CvTestTlsServer) first_server = { 0 };
  g_auto(CvTestTlsServer) second_server = { 0 };
  g_autofree char *first_url = NULL;
  g_autofree char *second_url = NULL;
  /* the first leaf is asked about; the second is asked about too, not taken for
   * the first; the first again is answered from memory */
  static const guint requests_after[] = { 1, 2, 2 };

  cv_test_pki_index (pki, first, FALSE);
  cv_test_pki_index (pki, second, TRUE);
  first_response = cv_test_pki_ocsp_response (pki, first, CV_TEST_OCSP_SIGNER_ISSUER);
  second_response = cv_test_pki_ocsp_response (pki, second, CV_TEST_OCSP_SIGNER_ISSUER);
  serve_leaf (pki, &first_server, first, NULL, CV_TEST_TLS_1_2);
  serve_leaf (pki, &second_server, second, NULL, CV_TEST_TLS_1_2);
  first_url = cv_test_tls_server_url (&first_server);
  second_url = cv_test_tls_server_url (&second_server);

  cv_revocation_clear_cache ();
  for (guint i = 0; i < G_N_ELEMENTS (requests_after); i++)
    {
      gboolean is_first = i != 1;
      CvRevocationStatus expected = is_first ? CV_REVOCATION_STATUS_GOOD
                                             : CV_REVOCATION_STATUS_REVOKED;
      g_autoptr(CvReport) report = NULL;
      CvRevocation *revocation;

      cv_test_http_set_body (http, is_first ? first_response : second_response,
                             "application/ocsp-response");
      report = inspect (pki, is_first ? first_url : second_url);
      revocation = cv_report_get_revocation (report);
      g_test_message ("step %u: %s, %s", i + 1,
                      cv_revocation_status_to_string (cv_revocation_get_status (revocation)),
                      cv_revocation_get_why (revocation));
      g_assert_cmpint (cv_revocation_get_status (revocation), ==, expected);
      g_assert_cmpuint (cv_test_http_get_requests (http), ==, requests_after[i]);
    }
}

/* What could not be learnt is not remembered: the next inspection asks again */
static void
test_cache_not_failures (CvTestPki     *pki,
                         gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) response = NULL;
  g_auto(CvTestTlsServer) server = { 0 };
  g_autofree char *url = NULL;
  g_autoptr(CvReport) failed = NULL;
  g_autoptr(CvReport) answered = NULL;

  cv_test_pki_index (pki, leaf, FALSE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  cv_test_http_set_body (http, response, "application/ocsp-response");
  cv_test_http_set_mode (http, CV_TEST_HTTP_ERROR);
  serve_leaf (pki, &server, leaf, NULL, CV_TEST_TLS_1_2);
  url = cv_test_tls_server_url (&server);

  cv_revocation_clear_cache ();
  failed = inspect (pki, url);
  g_assert_cmpint (cv_revocation_get_status (cv_report_get_revocation (failed)), ==,
                   CV_REVOCATION_STATUS_NOT_CHECKED);
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 1);

  cv_test_http_set_mode (http, CV_TEST_HTTP_SERVE);
  answered = inspect (pki, url);
  g_assert_cmpint (cv_revocation_get_status (cv_report_get_revocation (answered)), ==,
                   CV_REVOCATION_STATUS_GOOD);
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 2);
}

/* ---- the issuer is the one the verification finds ---- */

/* @first then @second (PEM files) in a new file of the PKI's */
static char *
join_chain (CvTestPki  *pki,
            const char *first,
            const char *second)
{
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autofree char *both = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (first, &one, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (second, &two, NULL, &error);
  g_assert_no_error (error);
  both = g_strconcat (one, two, NULL);
  bytes = g_bytes_new (both, strlen (both));
  return cv_test_pki_write (pki, "chain.pem", bytes);
}

/* A revoked leaf, and after it an unrelated self-signed certificate, then the
 * intermediate: the CRL is checked against the intermediate, not the stranger */
static void
test_chain_stranger_second (CvTestPki     *pki,
                            gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autofree char *stranger = cv_test_pki_stranger (pki);
  g_autofree char *chain_file = join_chain (pki, stranger, pki->issuer_file);
  const char *serials[] = { leaf->serial, NULL };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_http_serve_crl (http, pki->factory, serials);
  root = inspect_chain (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, chain_file, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root,
                                                                         "certificates")),
                    ==, 3);
  assert_revocation (root, "crl", "revoked");
  assert_invalid_for (&inspected.run, root, "revoked");
}

/* The same with the answer from the leaf's OCSP responder */
static void
test_chain_stranger_second_ocsp (CvTestPki     *pki,
                                 gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *ocsp_url = cv_test_http_url (http, "/ocsp");
  CvTestLeafOptions options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autofree char *stranger = cv_test_pki_stranger (pki);
  g_autofree char *chain_file = join_chain (pki, stranger, pki->issuer_file);
  g_autoptr(GBytes) response = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_pki_index (pki, leaf, TRUE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  cv_test_http_set_body (http, response, "application/ocsp-response");
  root = inspect_chain (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, chain_file, NULL);
  assert_revocation (root, "ocsp", "revoked");
  assert_invalid_for (&inspected.run, root, "revoked");
}

/* A good leaf with a genuine staple, its chain sent as leaf, root, intermediate:
 * the staple is checked against the intermediate, and the chain is valid */
static void
test_chain_out_of_order (CvTestPki     *pki,
                         gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_autofree char *chain_file = join_chain (pki, pki->ca_file, pki->issuer_file);
  g_autoptr(GBytes) response = NULL;
  g_autofree char *status_file = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_pki_index (pki, leaf, FALSE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  status_file = cv_test_pki_write (pki, "staple.der", response);
  root = inspect_chain (pki, &inspected, leaf, status_file, CV_TEST_TLS_1_3, chain_file, NULL);
  assert_revocation (root, "stapled", "good");
  assert_valid (&inspected.run, root);
}

/* Finding: a server that sent its certificate twice (leaf, leaf, intermediate, as
 * s_server does with the chain file in -cert_chain) showed it twice, and made
 * GnuTLS sort the chain: a self-signed certificate read as issued by an
 * untrusted authority, a long chain under a trusted root as untrusted. It is
 * kept once, as in a file, and its staple still counts. */
static void
test_chain_sent_twice (CvTestPki     *pki,
                       gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_autoptr(GBytes) response = NULL;
  g_autofree char *status_file = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  JsonArray *certificates;

  cv_test_pki_index (pki, leaf, FALSE);
  response = cv_test_pki_ocsp_response (pki, leaf, CV_TEST_OCSP_SIGNER_ISSUER);
  status_file = cv_test_pki_write (pki, "staple.der", response);
  root = inspect_chain (pki, &inspected, leaf, status_file, CV_TEST_TLS_1_3, leaf->chain_file,
                        NULL);
  certificates = json_object_get_array_member (root, "certificates");
  g_assert_cmpuint (json_array_get_length (certificates), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (certificates,
                                                                                 1),
                                                  "subject"),
                   !=,
                   json_object_get_string_member (json_array_get_object_element (certificates,
                                                                                 0),
                                                  "subject"));
  assert_revocation (root, "stapled", "good");
  assert_valid (&inspected.run, root);
}

/* The choice itself: the certificate that issued the first, as GnuTLS orders the
 * chain, not the one sent second; none when the chain holds no issuer */
static void
test_chain_issuer (CvTestPki     *pki,
                   gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_autofree char *stranger = cv_test_pki_stranger (pki);
  const char *files[] = { leaf->cert_file, stranger, pki->ca_file, pki->issuer_file };
  gnutls_x509_crt_t crts[G_N_ELEMENTS (files)];
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) issuer = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *pem = NULL;
      g_autoptr(GPtrArray) one = NULL;
      g_autoptr(GError) error = NULL;

      g_file_get_contents (files[i], &pem, NULL, &error);
      g_assert_no_error (error);
      one = cv_test_chain_from_pem (pem);
      g_ptr_array_add (chain, g_bytes_ref (g_ptr_array_index (one, 0)));
      crts[i] = cv_certificate_import_der (g_ptr_array_index (chain, i));
      g_assert_nonnull (crts[i]);
    }

  g_assert_cmpint (cv_verifier_chain_issuer (crts, 4), ==, 3);
  g_assert_cmpint (cv_verifier_chain_issuer (crts, 3), ==, -1);
  g_assert_cmpint (cv_verifier_chain_issuer (crts, 1), ==, -1);
  /* From the chain when it holds it, from the anchors when it does not */
  issuer = cv_verifier_find_path_issuer (chain, crts, NULL);
  g_assert_true (g_bytes_equal (issuer, g_ptr_array_index (chain, 3)));
  g_clear_pointer (&issuer, g_bytes_unref);
  g_ptr_array_set_size (chain, 3);
  issuer = cv_verifier_find_path_issuer (chain, crts, pki->issuer_file);
  g_assert_nonnull (issuer);
  {
    g_auto(gnutls_x509_crt_t) found = cv_certificate_import_der (issuer);
    gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };

    g_assert_cmpint (gnutls_x509_crt_export2 (found, GNUTLS_X509_FMT_DER, &a), ==, 0);
    g_assert_cmpint (gnutls_x509_crt_export2 (crts[3], GNUTLS_X509_FMT_DER, &b), ==, 0);
    g_assert_cmpmem (a.data, a.size, b.data, b.size);
    gnutls_free (a.data);
    gnutls_free (b.data);
  }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    gnutls_x509_crt_deinit (crts[i]);
}

/* ---- the scope of a CRL ---- */

/* A CRL is judged for @subject: the leaf (which names LEAF_CRL_URL) or a CA
 * certificate the intermediate issued */
#define LEAF_CRL_URL "http://127.0.0.1:9/int.crl"

typedef enum
{
  SCOPE_LEAF,
  SCOPE_SUB_CA,
} ScopeSubject;

typedef struct
{
  const char         *name;
  const char         *extensions;
  ScopeSubject        subject;
  CvRevocationStatus  expected;
  const char         *why;        /* in the reason when not checked */
  /* When the list names the leaf: a partition of the issuer's own list still
   * says "revoked"; a list that may hold others' serials does not */
  CvRevocationStatus  listed;
} ScopeRow;

#define REVOKED CV_REVOCATION_STATUS_REVOKED
#define NOT_CHECKED CV_REVOCATION_STATUS_NOT_CHECKED

static const ScopeRow scope_rows[] = {
  { "complete", NULL, SCOPE_LEAF, CV_REVOCATION_STATUS_GOOD, NULL, REVOKED },
  { "idp-this-point",
    "issuingDistributionPoint=critical,@idp\n[idp]\nfullname=URI:" LEAF_CRL_URL,
    SCOPE_LEAF, CV_REVOCATION_STATUS_GOOD, NULL, REVOKED },
  { "idp-other-point",
    "issuingDistributionPoint=critical,@idp\n[idp]\n"
    "fullname=URI:http://127.0.0.1:9/shard-2.crl",
    SCOPE_LEAF, NOT_CHECKED, "distribution point", REVOKED },
  { "only-ca-for-leaf",
    "issuingDistributionPoint=critical,@idp\n[idp]\nonlyCA=TRUE",
    SCOPE_LEAF, NOT_CHECKED, "certificate authorities", REVOKED },
  { "only-ca-for-ca",
    "issuingDistributionPoint=critical,@idp\n[idp]\nonlyCA=TRUE",
    SCOPE_SUB_CA, CV_REVOCATION_STATUS_GOOD, NULL, 0 },
  { "only-user-for-leaf",
    "issuingDistributionPoint=critical,@idp\n[idp]\nonlyuser=TRUE",
    SCOPE_LEAF, CV_REVOCATION_STATUS_GOOD, NULL, REVOKED },
  { "only-user-for-ca",
    "issuingDistributionPoint=critical,@idp\n[idp]\nonlyuser=TRUE",
    SCOPE_SUB_CA, NOT_CHECKED, "end-entity", 0 },
  { "only-attribute",
    "issuingDistributionPoint=critical,@idp\n[idp]\nonlyAA=TRUE",
    SCOPE_LEAF, NOT_CHECKED, "attribute", NOT_CHECKED },
  { "only-some-reasons",
    "issuingDistributionPoint=critical,@idp\n[idp]\nonlysomereasons=keyCompromise",
    SCOPE_LEAF, NOT_CHECKED, "reasons", REVOKED },
  { "indirect",
    "issuingDistributionPoint=critical,@idp\n[idp]\nindirectCRL=TRUE",
    SCOPE_LEAF, NOT_CHECKED, "indirect", NOT_CHECKED },
  /* deltaCRLIndicator, BaseCRLNumber 1 */
  { "delta", "2.5.29.27=critical,DER:02:01:01",
    SCOPE_LEAF, NOT_CHECKED, "delta", REVOKED },
  { "unknown-critical", "1.3.6.1.4.1.55555.1=critical,DER:05:00",
    SCOPE_LEAF, NOT_CHECKED, "critical extension", NOT_CHECKED },
  { "unknown-not-critical", "1.3.6.1.4.1.55555.1=DER:05:00",
    SCOPE_LEAF, CV_REVOCATION_STATUS_GOOD, NULL, REVOKED },
  /* Findings: a field that limits the scope, read before indirectCRL, let the
   * listing count, though an indirect list may hold other issuers' serials; and
   * a delta marker read first did the same for a later indirect field or
   * critical extension. Every field and extension is read first. */
  { "indirect-after-reasons",
    "issuingDistributionPoint=critical,@idp\n[idp]\nonlysomereasons=keyCompromise\n"
    "indirectCRL=TRUE",
    SCOPE_LEAF, NOT_CHECKED, "indirect", NOT_CHECKED },
  { "indirect-after-other-point",
    "issuingDistributionPoint=critical,@idp\n[idp]\n"
    "fullname=URI:http://127.0.0.1:9/shard-2.crl\nindirectCRL=TRUE",
    SCOPE_LEAF, NOT_CHECKED, "indirect", NOT_CHECKED },
  { "delta-then-indirect",
    "2.5.29.27=critical,DER:02:01:01\nissuingDistributionPoint=critical,@idp\n[idp]\n"
    "indirectCRL=TRUE",
    SCOPE_LEAF, NOT_CHECKED, "indirect", NOT_CHECKED },
  { "delta-then-unknown-critical",
    "2.5.29.27=critical,DER:02:01:01\n1.3.6.1.4.1.55555.1=critical,DER:05:00",
    SCOPE_LEAF, NOT_CHECKED, "critical extension", NOT_CHECKED },
  /* Finding: a list that names a delta (freshestCRL) said "good" on its own, where
   * the delta may revoke the certificate */
  { "freshest", "freshestCRL=URI:http://127.0.0.1:9/delta.crl",
    SCOPE_LEAF, NOT_CHECKED, "delta CRL", REVOKED },
};

/* Each list leaves one leaf out, as a partition that does not hold it would: only
 * one that is the whole list for it may say "good". It names another leaf of the
 * same issuer as revoked. */
static void
test_crl_scope (CvTestPki     *pki,
                gconstpointer  data)
{
  CvTestLeafOptions options = { .crl_url = LEAF_CRL_URL };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(CvTestLeaf) revoked_leaf = cv_test_pki_issue (pki, &options);
  g_autofree char *sub_ca_file = cv_test_pki_sub_ca (pki);
  g_autoptr(GBytes) leaf_der = der_of_file (leaf->cert_file);
  g_autoptr(GBytes) revoked_der = der_of_file (revoked_leaf->cert_file);
  g_autoptr(GBytes) sub_ca_der = der_of_file (sub_ca_file);
  g_autoptr(GBytes) issuer_der = der_of_file (pki->issuer_file);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  cv_test_pki_index (pki, leaf, FALSE);
  cv_test_pki_index (pki, revoked_leaf, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (scope_rows); i++)
    {
      const ScopeRow *row = &scope_rows[i];
      g_autoptr(GBytes) list = cv_test_pki_crl (pki, row->extensions);

      for (guint pass = 0; pass < 2; pass++)
        {
          gboolean listed = pass == 1;
          g_autoptr(CvRevocation) revocation = NULL;
          GBytes *subject;
          const char *why;

          if (listed && row->subject != SCOPE_LEAF)
            continue;
          subject = listed ? revoked_der : row->subject == SCOPE_LEAF ? leaf_der : sub_ca_der;
          revocation = cv_revocation_judge_crl (list, subject, issuer_der, LEAF_CRL_URL, now);
          why = cv_revocation_get_why (revocation);
          g_test_message ("%s%s: %s, %s", row->name, listed ? ", listed" : "",
                          cv_revocation_status_to_string (cv_revocation_get_status (revocation)),
                          why);
          g_assert_cmpint (cv_revocation_get_status (revocation), ==,
                           listed ? row->listed : row->expected);
          g_assert_cmpint (cv_revocation_get_method (revocation), ==,
                           CV_REVOCATION_METHOD_CRL);
          if (cv_revocation_get_status (revocation) == NOT_CHECKED && row->why != NULL)
            {
              g_assert_nonnull (why);
              g_assert_nonnull (strstr (why, row->why));
            }
        }
    }
}

/* A CRL (DER) with one entry for serial 2002 carrying @extension, made by openssl
 * from an ASN1_generate_nconf() description; its signature is a placeholder */
static GBytes *
crl_with_entry_extension (CvTestPki  *pki,
                          const char *extension)
{
  g_autofree char *config = g_strconcat (
    "asn1=SEQUENCE:crl\n[crl]\ntbs=SEQUENCE:tbs\nalg=SEQUENCE:alg\n"
    "sig=FORMAT:HEX,BITSTRING:00\n[alg]\noid=OID:ecdsa-with-SHA256\n"
    "[tbs]\nversion=INTEGER:1\nsigalg=SEQUENCE:alg\nissuer=SEQUENCE:issuer\n"
    "thisupdate=UTCTIME:260101000000Z\nrevoked=SEQUENCE:revoked\n"
    "[issuer]\ncn=SET:cnset\n[cnset]\nattr=SEQUENCE:cnattr\n"
    "[cnattr]\noid=OID:commonName\nvalue=UTF8:Other CA\n"
    "[revoked]\ne1=SEQUENCE:entry1\n[entry1]\nserial=INTEGER:0x2002\n"
    "date=UTCTIME:260101000000Z\nexts=SEQUENCE:entryexts\n[entryexts]\ne=SEQUENCE:ext\n"
    "[gnames]\ndn=EXPLICIT:4,SEQUENCE:issuer\n[ext]\n", extension, NULL);
  g_autoptr(GBytes) config_bytes = g_bytes_new (config, strlen (config));
  g_autofree char *config_file = cv_test_pki_write (pki, "entry.cnf", config_bytes);
  g_autofree char *out = g_build_filename (pki->dir, "entry.der", NULL);
  const char *argv[] = { "openssl", "asn1parse", "-genconf", config_file, "-out", out,
                         "-noout", NULL };
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_file_get_contents (out, &data, &size, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, size);
}

/* Finding: an entry's critical certificateIssuer (the entries from there on are
 * another authority's) was passed over, so another authority's serial revoked
 * the certificate. A critical entry extension Certview does not read makes the
 * list unusable (RFC 5280, 5.3); reasonCode and the like, critical or not, do not. */
static void
test_crl_critical_entry_extension (CvTestPki     *pki,
                                   gconstpointer  data)
{
  const struct
  {
    const char *extension;
    gboolean    unusable;
  } rows[] = {
    { "oid=OID:2.5.29.29\ncritical=BOOLEAN:TRUE\nvalue=OCTWRAP,SEQUENCE:gnames\n", TRUE },
    { "oid=OID:2.5.29.29\nvalue=OCTWRAP,SEQUENCE:gnames\n", FALSE },
    { "oid=OID:2.5.29.21\ncritical=BOOLEAN:TRUE\nvalue=OCTWRAP,ENUMERATED:1\n", FALSE },
    { "oid=OID:1.3.6.1.4.1.55555.2\ncritical=BOOLEAN:TRUE\nvalue=OCTWRAP,NULL\n", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GBytes) der = crl_with_entry_extension (pki, rows[i].extension);
      gnutls_x509_crl_t list = NULL;
      gsize size = 0;
      gnutls_datum_t datum;

      datum.data = (unsigned char *) g_bytes_get_data (der, &size);
      datum.size = size;
      g_assert_cmpint (gnutls_x509_crl_init (&list), ==, 0);
      g_assert_cmpint (gnutls_x509_crl_import (list, &datum, GNUTLS_X509_FMT_DER), ==, 0);
      g_assert_cmpint (cv_revocation_crl_has_unknown_critical_entry (&datum), ==,
                       rows[i].unusable);
      gnutls_x509_crl_deinit (list);
    }
}

/* removeFromCRL lifts a hold: no revocation, in a delta CRL or anywhere else */
static void
test_crl_remove_from_crl (CvTestPki     *pki,
                          gconstpointer  data)
{
  CvTestLeafOptions options = { .crl_url = LEAF_CRL_URL };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) leaf_der = der_of_file (leaf->cert_file);
  g_autoptr(GBytes) issuer_der = der_of_file (pki->issuer_file);
  g_autoptr(GBytes) delta = NULL;
  g_autoptr(GBytes) complete = NULL;
  g_autoptr(CvRevocation) from_delta = NULL;
  g_autoptr(CvRevocation) from_complete = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  cv_test_pki_index_reason (pki, leaf, "removeFromCRL");
  delta = cv_test_pki_crl (pki, "2.5.29.27=critical,DER:02:01:01");
  complete = cv_test_pki_crl (pki, NULL);

  from_delta = cv_revocation_judge_crl (delta, leaf_der, issuer_der, LEAF_CRL_URL, now);
  g_assert_cmpint (cv_revocation_get_status (from_delta), ==, CV_REVOCATION_STATUS_NOT_CHECKED);
  g_assert_nonnull (strstr (cv_revocation_get_why (from_delta), "delta"));
  from_complete = cv_revocation_judge_crl (complete, leaf_der, issuer_der, LEAF_CRL_URL, now);
  g_assert_cmpint (cv_revocation_get_status (from_complete), ==, CV_REVOCATION_STATUS_GOOD);
}

/* A CRL in scope still says "revoked": the checks above take nothing away */
static void
test_crl_scope_revoked (CvTestPki     *pki,
                        gconstpointer  data)
{
  CvTestLeafOptions options = { .crl_url = LEAF_CRL_URL };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) leaf_der = der_of_file (leaf->cert_file);
  g_autoptr(GBytes) issuer_der = der_of_file (pki->issuer_file);
  g_autoptr(GBytes) list = NULL;
  g_autoptr(CvRevocation) revocation = NULL;

  cv_test_pki_index (pki, leaf, TRUE);
  list = cv_test_pki_crl (pki, "issuingDistributionPoint=critical,@idp\n[idp]\n"
                               "fullname=URI:" LEAF_CRL_URL "\nonlyuser=TRUE");
  revocation = cv_revocation_judge_crl (list, leaf_der, issuer_der, LEAF_CRL_URL,
                                        g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpint (cv_revocation_get_status (revocation), ==, CV_REVOCATION_STATUS_REVOKED);
}

/* A revoked leaf, and at its distribution point an empty partition of another:
 * not checked, says why, and the certificate is not called good */
static void
test_crl_other_partition (CvTestPki     *pki,
                          gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, &options);
  g_autoptr(GBytes) list = NULL;
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  JsonObject *revocation;

  /* Not in the index: the partition does not list it */
  list = cv_test_pki_crl (pki, "issuingDistributionPoint=critical,@idp\n[idp]\n"
                               "fullname=URI:http://127.0.0.1:9/shard-2.crl");
  cv_test_http_set_body (http, list, "application/pkix-crl");
  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, NULL);
  revocation = assert_revocation (root, "crl", "not-checked");
  assert_valid (&inspected.run, root);
  g_assert_cmpstr (string_or_null (revocation, "responder"), ==, crl_url);
  assert_why_mentions (revocation, "another distribution point");
}

/* ---- --sni ---- */

/* The certificate is checked against the name sent, not the URL's host */
static void
test_sni_mismatch (CvTestPki     *pki,
                   gconstpointer  data)
{
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue (pki, NULL);
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  const char *message;

  root = inspect_leaf (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2,
                       "--sni", "other.example", NULL);
  g_assert_cmpint (inspected.run.status, ==, 1);
  g_assert_false (json_object_get_boolean_member (get_verdict (root), "valid"));
  message = find_reason (root, "hostname-mismatch");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "other.example"));
}

/* Registers @func with the fixture, @factory and @row (NULL: none); @cases keeps
 * the Case until the tests have run */
/* ---- the authorities above the server certificate ---- */

/* What a run said of the sub-CA (certificates[1]) and of the intermediate above it
 * (certificates[2], which names no responder); the server certificate names none */
static JsonObject *
assert_authorities (JsonObject *root,
                    const char *method,
                    const char *status)
{
  JsonObject *leaf = get_certificate (root, 0);
  JsonObject *sub_ca = get_certificate (root, 1);
  JsonObject *intermediate = get_certificate (root, 2);
  JsonObject *revocation;

  assert_revocation (root, "none", "not-checked");
  assert_revocation_object (json_object_get_object_member (leaf, "revocation"), "none",
                            "not-checked");
  /* The server certificate's Revocation part is the tree's own, not its chain member's */
  g_assert_false (has_section (leaf, "revocation"));

  g_assert_nonnull (strstr (json_object_get_string_member (sub_ca, "subject"),
                            "Certview Test Sub CA"));
  revocation = assert_revocation_object (json_object_get_object_member (sub_ca, "revocation"),
                                         method, status);
  g_assert_true (has_section (sub_ca, "revocation"));

  assert_why_mentions (assert_revocation_object (json_object_get_object_member (intermediate,
                                                                               "revocation"),
                                                 "none", "not-checked"),
                       "names no OCSP responder and no CRL");
  return revocation;
}

/* A sub-CA that its issuer's CRL lists, or not; the server sends it between the
 * leaf and the intermediate */
static void
authority_crl (CvTestPki *pki,
               gboolean   revoked)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions ca_options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) sub_ca = NULL;
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue_below (pki, &ca_options, NULL, &sub_ca);
  const char *serials[] = { "0BADCAFE", revoked ? sub_ca->serial : NULL, NULL };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  JsonObject *revocation;

  cv_test_http_serve_crl (http, pki->factory, serials);
  root = inspect_chain (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, sub_ca->chain_file, NULL);
  revocation = assert_authorities (root, "crl", revoked ? "revoked" : "good");
  g_assert_cmpstr (string_or_null (revocation, "responder"), ==, crl_url);
  if (revoked)
    {
      const char *message;

      assert_invalid_for (&inspected.run, root, "revoked");
      message = find_reason (root, "revoked");
      g_assert_nonnull (strstr (message, "The authority “Certview Test Sub CA"));
      g_assert_nonnull (strstr (message, "was revoked on"));
      g_assert_nonnull (strstr (message, "certificate revocation list"));
    }
  else
    assert_valid (&inspected.run, root);
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 1);

  /* The same through the library: the result by position, and the tree's own
   * Revocation part saying what the authorities came to */
  {
    g_autoptr(CvReport) report = inspect (pki, inspected.url);
    CvProbeResult *result = cv_report_get_probe_result (report);
    GListModel *tree = cv_report_get_tree (report);
    g_autoptr(CvSection) last = g_list_model_get_item (tree, g_list_model_get_n_items (tree) - 1);
    GListModel *fields = cv_section_get_fields (last);
    /* In the chain's order; the intermediate names nothing to ask */
    g_autofree char *expected = g_strdup_printf ("Certview Test Sub CA %s: %s\n"
                                                 "Certview Test Intermediate CA: Not checked",
                                                 sub_ca->serial,
                                                 revoked ? "Revoked" : "Not revoked");
    g_autoptr(CvField) authorities = g_list_model_get_item (fields,
                                                            g_list_model_get_n_items (fields) - 1);

    g_assert_cmpint (cv_report_get_valid (report), ==, !revoked);
    g_assert_null (cv_probe_result_get_authority_revocation (result, 0));
    g_assert_cmpint (cv_revocation_get_status (cv_probe_result_get_authority_revocation (result,
                                                                                         1)),
                     ==, revoked ? CV_REVOCATION_STATUS_REVOKED : CV_REVOCATION_STATUS_GOOD);
    g_assert_cmpstr (cv_section_get_id (last), ==, "revocation");
    g_assert_cmpstr (cv_field_get_id (authorities), ==, "authorities");
    g_assert_cmpstr (cv_field_get_value (authorities), ==, expected);

    /* In --dump, the second authority goes on under the first */
    {
      g_autofree char *text = cv_report_to_text (report);
      g_autofree char *lines = g_strdup_printf ("\n  Authorities: Certview Test Sub CA %s: %s\n"
                                                "    Certview Test Intermediate CA: Not "
                                                "checked\n",
                                                sub_ca->serial,
                                                revoked ? "Revoked" : "Not revoked");

      g_assert_nonnull (strstr (text, lines));
    }
  }
}

static void
test_authority_crl_revoked (CvTestPki     *pki,
                            gconstpointer  data)
{
  authority_crl (pki, TRUE);
}

static void
test_authority_crl_good (CvTestPki     *pki,
                         gconstpointer  data)
{
  authority_crl (pki, FALSE);
}

/* A revoked sub-CA's key issued the server certificate, and named a CRL there that
 * never answers: the sub-CA is checked first all the same, and found revoked */
static void
test_authority_not_starved (CvTestPki     *pki,
                            gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autoptr(CvTestHttp) tarpit = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  g_autofree char *tarpit_url = cv_test_http_url (tarpit, "/sub.crl");
  CvTestLeafOptions ca_options = { .crl_url = crl_url };
  CvTestLeafOptions leaf_options = { .crl_url = tarpit_url };
  g_autoptr(CvTestLeaf) sub_ca = NULL;
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue_below (pki, &ca_options, &leaf_options,
                                                        &sub_ca);
  const char *serials[] = { sub_ca->serial, NULL };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;

  cv_test_http_serve_crl (http, pki->factory, serials);
  cv_test_http_set_mode (tarpit, CV_TEST_HTTP_HANG);
  root = inspect_chain (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, sub_ca->chain_file,
                        "--timeout", "3", NULL);
  assert_revocation_object (json_object_get_object_member (get_certificate (root, 1),
                                                           "revocation"), "crl", "revoked");
  assert_invalid_for (&inspected.run, root, "revoked");
  /* The server certificate's own check waited out the rest */
  assert_revocation (root, NULL, "not-checked");
  g_assert_cmpint (inspected.run.elapsed_us, <, 3 * G_USEC_PER_SEC + SLACK_US);
}

/* The sub-CA's OCSP responder: openssl's, signing as the intermediate */
static void
authority_responder (CvTestPki *pki,
                     gboolean   revoked)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *ocsp_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  CvTestLeafOptions ca_options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) sub_ca = NULL;
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue_below (pki, &ca_options, NULL, &sub_ca);
  g_auto(CvTestResponder) responder = { 0 };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  JsonObject *revocation;

  cv_test_pki_index (pki, sub_ca, revoked);
  cv_test_responder_start (&responder, pki, port);
  root = inspect_chain (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_2, sub_ca->chain_file, NULL);
  revocation = assert_authorities (root, "ocsp", revoked ? "revoked" : "good");
  g_assert_cmpstr (string_or_null (revocation, "responder"), ==, ocsp_url);
  if (revoked)
    {
      assert_invalid_for (&inspected.run, root, "revoked");
      g_assert_cmpstr (string_or_null (revocation, "reason"), ==, "key-compromise");
      g_assert_nonnull (strstr (find_reason (root, "revoked"), "its key was compromised"));
      g_assert_nonnull (strstr (find_reason (root, "revoked"), "OCSP responder"));
    }
  else
    assert_valid (&inspected.run, root);
}

/* Finding: an intermediate given as an anchor (the server sends its certificate
 * alone, and the CA file holds the authority that issued it) was never checked,
 * so a revoked one read as valid. It is an authority like any other, checked
 * against its own issuer among the anchors. */
static void
anchor_authority (CvTestPki *pki,
                  gboolean   revoked)
{
  guint16 port = cv_test_free_port ();
  g_autofree char *ocsp_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  CvTestLeafOptions ca_options = { .ocsp_url = ocsp_url };
  g_autoptr(CvTestLeaf) sub_ca = NULL;
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue_below (pki, &ca_options, NULL, &sub_ca);
  g_autofree char *sub_ca_pem = cv_test_read_file (sub_ca->cert_file);
  g_autofree char *intermediate = cv_test_read_file (pki->issuer_file);
  g_autoptr(GBytes) both = g_bytes_new_take (g_strconcat (sub_ca_pem, intermediate, NULL),
                                             strlen (sub_ca_pem) + strlen (intermediate));
  g_autofree char *anchors = cv_test_pki_write (pki, "anchors.pem", both);
  g_auto(CvTestResponder) responder = { 0 };
  g_auto(Inspected) inspected = { 0 };
  JsonObject *root;
  JsonObject *trusted_root;
  JsonObject *revocation;

  cv_test_pki_index (pki, sub_ca, revoked);
  cv_test_responder_start (&responder, pki, port);
  /* The leaf as its own chain file: sent alone */
  root = inspect_chain (pki, &inspected, leaf, NULL, CV_TEST_TLS_1_3, leaf->cert_file,
                        "--ca-file", anchors, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root,
                                                                         "certificates")), ==, 1);
  trusted_root = json_object_get_object_member (root, "trusted-root");
  g_assert_nonnull (trusted_root);
  revocation = json_object_get_object_member (trusted_root, "revocation");
  assert_revocation_object (revocation, "ocsp", revoked ? "revoked" : "good");
  g_assert_cmpstr (string_or_null (revocation, "responder"), ==, ocsp_url);
  if (revoked)
    {
      assert_invalid_for (&inspected.run, root, "revoked");
      g_assert_nonnull (strstr (find_reason (root, "revoked"),
                                "The authority “Certview Test Sub CA"));
    }
  else
    assert_valid (&inspected.run, root);

  /* --revocation stapled asks nobody: nothing is said of the anchor */
  {
    g_auto(CvTestRun) stapled = { 0 };
    g_autoptr(JsonParser) stapled_parser = json_parser_new ();
    JsonObject *stapled_root;

    run_certview (pki, &stapled, inspected.url, "--ca-file", anchors,
                  "--revocation", "stapled", NULL);
    stapled_root = cv_test_parse_json (stapled_parser, stapled.out);
    g_assert_true (json_object_get_null_member (
      json_object_get_object_member (stapled_root, "trusted-root"), "revocation"));
  }
}

static void
test_anchor_authority_revoked (CvTestPki     *pki,
                               gconstpointer  data)
{
  anchor_authority (pki, TRUE);
}

static void
test_anchor_authority_good (CvTestPki     *pki,
                            gconstpointer  data)
{
  anchor_authority (pki, FALSE);
}

static void
test_authority_responder_revoked (CvTestPki     *pki,
                                  gconstpointer  data)
{
  authority_responder (pki, TRUE);
}

static void
test_authority_responder_good (CvTestPki     *pki,
                               gconstpointer  data)
{
  authority_responder (pki, FALSE);
}

/* --revocation stapled and off ask nobody about the authorities either: a revoked
 * sub-CA goes unseen, and its chain member has no Revocation part */
static void
test_authority_not_asked (CvTestPki     *pki,
                          gconstpointer  data)
{
  g_autoptr(CvTestHttp) http = cv_test_http_start ();
  g_autofree char *crl_url = cv_test_http_url (http, "/int.crl");
  CvTestLeafOptions ca_options = { .crl_url = crl_url };
  g_autoptr(CvTestLeaf) sub_ca = NULL;
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue_below (pki, &ca_options, NULL, &sub_ca);
  const char *serials[] = { sub_ca->serial, NULL };
  g_auto(CvTestTlsServer) server = { 0 };
  g_autofree char *url = NULL;
  const char * const modes[] = { "--revocation=stapled", "--revocation=off" };

  cv_test_http_serve_crl (http, pki->factory, serials);
  cv_test_tls_server_start_chain (&server, pki, leaf, NULL, CV_TEST_TLS_1_3, sub_ca->chain_file);
  url = cv_test_tls_server_url (&server);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_auto(CvTestRun) run = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root;
      JsonObject *member;

      run_certview (pki, &run, url, modes[i], NULL);
      root = cv_test_parse_json (parser, run.out);
      assert_valid (&run, root);
      member = get_certificate (root, 1);
      g_assert_true (json_node_is_null (json_object_get_member (member, "revocation")));
      g_assert_false (has_section (member, "revocation"));
    }
  g_assert_cmpuint (cv_test_http_get_requests (http), ==, 0);
}

/* What TLS 1.3 staples for an authority: the built-in server staples the sub-CA's
 * response, which its issuer or an impostor of it signed. (GnuTLS refuses to
 * staple a "revoked": the responder's "revoked" is tested above.) */
typedef enum
{
  AUTHORITY_STAPLE_GOOD,
  AUTHORITY_STAPLE_WRONG_SIGNER,
} AuthorityStaple;

static void
authority_stapled (CvTestPki     *pki,
                   gconstpointer  data)
{
  AuthorityStaple kind = GPOINTER_TO_INT (((const Case *) data)->row);
  g_autoptr(CvTestLeaf) sub_ca = NULL;
  g_autoptr(CvTestLeaf) leaf = cv_test_pki_issue_below (pki, NULL, NULL, &sub_ca);
  g_autofree char *chain_pem = cv_test_read_file (leaf->chain_file);
  g_autofree char *key_pem = cv_test_read_file (leaf->key_file);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autofree char *url = NULL;
  g_auto(CvTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *status = kind == AUTHORITY_STAPLE_GOOD ? "good" : "invalid";
  JsonObject *root;
  JsonObject *member;

  cv_test_pki_index (pki, sub_ca, FALSE);
  response = cv_test_pki_ocsp_response (pki, sub_ca,
                                        kind == AUTHORITY_STAPLE_WRONG_SIGNER
                                        ? CV_TEST_OCSP_SIGNER_IMPOSTOR
                                        : CV_TEST_OCSP_SIGNER_ISSUER);
  server = cv_demo_server_new (CV_PROTOCOL_DIRECT_TLS, chain_pem, key_pem);
  cv_demo_server_add_staple (server, response);
  g_assert_true (cv_demo_server_start (server, "127.0.0.1", &error));
  g_assert_no_error (error);
  url = g_strdup_printf ("tls://localhost:%u", cv_demo_server_get_port (server));

  /* What the server staples counts with online checks off too */
  run_certview (pki, &run, url, "--revocation=off", NULL);
  root = cv_test_parse_json (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root,
                                                                                 "connection"),
                                                  "tls-version"), ==, "TLS1.3");
  assert_revocation (root, "none", "not-checked");
  member = get_certificate (root, 1);
  assert_revocation_object (json_object_get_object_member (member, "revocation"), "stapled",
                            status);
  /* Nothing was stapled for the intermediate, and nobody is asked */
  g_assert_true (json_node_is_null (json_object_get_member (get_certificate (root, 2),
                                                            "revocation")));

  switch (kind)
    {
    case AUTHORITY_STAPLE_GOOD:
      assert_valid (&run, root);
      break;
    case AUTHORITY_STAPLE_WRONG_SIGNER:
    default:
      assert_invalid_for (&run, root, "invalid-ocsp-status");
      g_assert_true (g_str_has_prefix (find_reason (root, "invalid-ocsp-status"),
                                       "For the authority “Certview Test Sub CA"));
      break;
    }
  cv_demo_server_stop (server);
}

static void
add_test (GPtrArray      *cases,
          CvCertFactory  *factory,
          const char     *path,
          gconstpointer   row,
          void          (*func) (CvTestPki *, gconstpointer))
{
  Case *test = g_new (Case, 1);

  *test = (Case) { factory, row };
  g_ptr_array_add (cases, test);
  g_test_add (path, CvTestPki, test, pki_set_up, func, pki_tear_down);
}

#define ADD(path, row, func) \
  add_test (cases, factory, "/certview/revocation/" path, row, func)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);

  ADD ("harness/staple", NULL, test_harness_staple);
  ADD ("harness/responders", NULL, test_harness_responders);
  ADD ("harness/crl", NULL, test_harness_crl);
  ADD ("harness/extensions", NULL, test_harness_extensions);
  ADD ("harness/http", NULL, test_harness_http);

  ADD ("stapled-revoked-tls12", NULL, test_stapled_revoked_tls12);
  ADD ("stapled-revoked-tls13", NULL, test_stapled_revoked_tls13);
  ADD ("stapled-good", NULL, test_stapled_good);
  ADD ("must-staple-missing", NULL, test_must_staple_missing);
  ADD ("must-staple-stapled", NULL, test_must_staple_stapled);
  ADD ("responder-revoked", NULL, test_responder_revoked);
  ADD ("bad-staple-responder-revoked", NULL, test_bad_staple_responder_revoked);
  ADD ("responder-good", NULL, test_responder_good);
  ADD ("crl-revoked", NULL, test_crl_revoked);
  ADD ("crl-reason", NULL, test_crl_reason);
  ADD ("crl-good", NULL, test_crl_good);
  ADD ("no-revocation-info", NULL, test_no_revocation_info);
  ADD ("responder-unknown", NULL, test_responder_unknown);
  ADD ("delegated-responder", NULL, test_delegated_responder);
  g_test_add_func ("/certview/revocation/crl-issuer-without-crl-sign",
                   test_crl_issuer_without_crl_sign);
  ADD ("crl-compressed", NULL, test_crl_compressed);
  ADD ("responder-redirects", NULL, test_responder_redirects);
  ADD ("responder-address-odd", NULL, test_responder_address_odd);
  ADD ("crl/renamed-issuer-revoked", NULL, test_crl_renamed_issuer_revoked);
  ADD ("crl/renamed-issuer-good", NULL, test_crl_renamed_issuer_good);
  ADD ("crl/renamed-issuer-impostor", NULL, test_crl_renamed_issuer_impostor);
  ADD ("second-crl", NULL, test_second_crl);
  ADD ("staple-second-answer-good", NULL, test_staple_second_answer_good);
  ADD ("staple-second-answer-revoked", NULL, test_staple_second_answer_revoked);
  ADD ("anchor-authority-revoked", NULL, test_anchor_authority_revoked);
  ADD ("anchor-authority-good", NULL, test_anchor_authority_good);
  ADD ("responder-unknown-crl-revoked", NULL, test_responder_unknown_crl_revoked);
  ADD ("stapled-unknown-responder-revoked", NULL, test_stapled_unknown_responder_revoked);
  ADD ("ocsp-before-crl", NULL, test_ocsp_before_crl);

  ADD ("mode/stapled", NULL, test_mode_stapled);
  ADD ("mode/off", NULL, test_mode_off);
  ADD ("mode/off-stapled-revoked", NULL, test_mode_off_stapled_revoked);
  ADD ("mode/bad", NULL, test_mode_bad);

  ADD ("staple/garbage", GINT_TO_POINTER (BAD_STAPLE_GARBAGE), bad_staple);
  ADD ("staple/wrong-signer", GINT_TO_POINTER (BAD_STAPLE_WRONG_SIGNER), bad_staple);
  ADD ("staple/other-certificate", GINT_TO_POINTER (BAD_STAPLE_OTHER_CERTIFICATE), bad_staple);
  ADD ("staple/out-of-date", NULL, test_staple_out_of_date);
  ADD ("staple/no-next-update", NULL, test_staple_no_next_update);
  ADD ("staple/no-next-update-recent", NULL, test_staple_no_next_update_recent);

  ADD ("soft-fail/hang", &hostile_hang, hostile);
  ADD ("soft-fail/hang-timeout", &hostile_hang_timeout, hostile);
  ADD ("soft-fail/error-500", &hostile_error, hostile);
  ADD ("soft-fail/html", &hostile_html, hostile);
  ADD ("soft-fail/redirect-loop", &hostile_redirect, hostile);
  ADD ("soft-fail/huge", &hostile_huge, hostile);
  ADD ("soft-fail/garbage", &hostile_garbage, hostile);
  ADD ("soft-fail/unreachable", NULL, test_responder_unreachable);
  ADD ("soft-fail/wrong-key", NULL, test_responder_wrong_key);
  ADD ("soft-fail/other-nonce", NULL, test_responder_other_nonce);
  ADD ("other-nonce-revoked", NULL, test_responder_other_nonce_revoked);
  ADD ("soft-fail/crl-wrong-signer", NULL, test_crl_wrong_signer);
  ADD ("soft-fail/crl-too-large", &hostile_crl_huge, hostile);
  ADD ("soft-fail/crl-too-large-chunked", &hostile_crl_huge_chunked, hostile);
  ADD ("soft-fail/crl-hang-timeout", &hostile_crl_hang, hostile);
  ADD ("soft-fail/drip", &hostile_drip, hostile);
  ADD ("soft-fail/crl-drip", &hostile_crl_drip, hostile);
  ADD ("soft-fail/ocsp-and-crl-hang", NULL, test_ocsp_and_crl_hang);
  ADD ("ocsp-hangs-crl-revoked", NULL, test_ocsp_hangs_crl_revoked);
  ADD ("phase-while-checking", NULL, test_phase_while_checking);
  ADD ("cancelled-before-asking", NULL, test_cancelled_before_asking);
  ADD ("sync-cancel-during-check", NULL, test_sync_cancel_during_check);
  ADD ("soft-fail/not-http", NULL, test_not_http);
  ADD ("soft-fail/crl-stale", GINT_TO_POINTER (TRUE), crl_out_of_date);
  ADD ("soft-fail/crl-not-yet-valid", GINT_TO_POINTER (FALSE), crl_out_of_date);
  ADD ("crl/out-of-date-revoked", GINT_TO_POINTER (TRUE), test_crl_out_of_date_revoked);
  ADD ("crl/dated-ahead-revoked", GINT_TO_POINTER (FALSE), test_crl_out_of_date_revoked);

  ADD ("cache", NULL, test_cache);
  ADD ("cache-per-certificate", NULL, test_cache_per_certificate);
  ADD ("cache-not-failures", NULL, test_cache_not_failures);
  ADD ("sni-mismatch", NULL, test_sni_mismatch);

  ADD ("chain/stranger-second", NULL, test_chain_stranger_second);
  ADD ("chain/stranger-second-ocsp", NULL, test_chain_stranger_second_ocsp);
  ADD ("chain/out-of-order", NULL, test_chain_out_of_order);
  ADD ("chain/sent-twice", NULL, test_chain_sent_twice);
  ADD ("chain/issuer", NULL, test_chain_issuer);
  ADD ("chain/issuer-among-anchors", NULL, test_issuer_among_anchors);
  ADD ("chain/authority-crl-revoked", NULL, test_authority_crl_revoked);
  ADD ("chain/authority-crl-good", NULL, test_authority_crl_good);
  ADD ("chain/authority-responder-revoked", NULL, test_authority_responder_revoked);
  ADD ("chain/authority-responder-good", NULL, test_authority_responder_good);
  ADD ("chain/authority-not-asked", NULL, test_authority_not_asked);
  ADD ("chain/authority-not-starved", NULL, test_authority_not_starved);
  ADD ("chain/authority-stapled-good", GINT_TO_POINTER (AUTHORITY_STAPLE_GOOD),
       authority_stapled);
  ADD ("chain/authority-stapled-wrong-signer", GINT_TO_POINTER (AUTHORITY_STAPLE_WRONG_SIGNER),
       authority_stapled);

  ADD ("crl-scope/table", NULL, test_crl_scope);
  ADD ("crl-scope/critical-entry-extension", NULL, test_crl_critical_entry_extension);
  ADD ("crl-scope/revoked", NULL, test_crl_scope_revoked);
  ADD ("crl-scope/remove-from-crl", NULL, test_crl_remove_from_crl);
  ADD ("crl-scope/other-partition", NULL, test_crl_other_partition);

  return g_test_run ();
}
