/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * certview --check-trusted and CvTrustWatch: every saved server probed again, each a
 * built-in server on loopback serving what the test chose, with a private store.
 */
#include "config.h"

#include "cv-certificate.h"
#include "cv-format.h"
#include "cv-test-util.h"
#include "cv-trust-notification.h"
#include "cv-trust-store.h"
#include "cv-trust-watch.h"

#include <sqlite3.h>
#include <string.h>

#define CREATED 1700000000

typedef struct
{
  CvCertFactory *factory;
  char          *dir;
  char          *store;
  GPtrArray     *servers;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->factory = (CvCertFactory *) data;
  fixture->dir = g_dir_make_tmp ("certview-trust-watch-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = g_build_filename (fixture->dir, "trust.db", NULL);
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
  g_free (fixture->store);
}

/* The built-in server with @served's certificate, behaving as @behaviour; its port */
static guint16
serve (Fixture         *fixture,
       CvTestIssued    *served,
       CvDemoBehaviour  behaviour)
{
  CvDemoServer *server = cv_test_serve_issued (served, behaviour);

  g_ptr_array_add (fixture->servers, server);
  return cv_demo_server_get_port (server);
}

/* Saves "trust" for 127.0.0.1:@port with the certificate of @decided */
static void
save_decision (Fixture      *fixture,
               guint16       port,
               CvTestIssued *decided)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store);
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  entry = cv_test_trusted_entry ("127.0.0.1", port, decided->leaf, CREATED);
  g_assert_nonnull (entry);
  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);
}

/* A server that serves the saved certificate, and one renewed with the same key */
static void
add_good_servers (Fixture *fixture,
                  guint16 *unchanged_port,
                  guint16 *renewed_port)
{
  g_auto(CvTestIssued) same = { 0 };
  g_auto(CvTestIssued) before = { 0 };
  g_auto(CvTestIssued) after = { 0 };

  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &same);
  *unchanged_port = serve (fixture, &same, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision (fixture, *unchanged_port, &same);

  cv_cert_factory_set_reuse_leaf_key (fixture->factory, TRUE);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &before);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &after);
  cv_cert_factory_set_reuse_leaf_key (fixture->factory, FALSE);
  g_assert_cmpstr (cv_certificate_get_public_key_pin (before.leaf), ==,
                   cv_certificate_get_public_key_pin (after.leaf));
  *renewed_port = serve (fixture, &after, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision (fixture, *renewed_port, &before);
}

/* The line of @server in --check-trusted's text, or NULL */
static char *
find_line (const char *out,
           guint16     port)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autofree char *prefix = g_strdup_printf ("127.0.0.1:%u\t", port);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i]);
  return NULL;
}

static void
assert_line_status (const char *out,
                    guint16     port,
                    const char *status)
{
  g_autofree char *line = find_line (out, port);
  g_auto(GStrv) fields = NULL;

  g_assert_nonnull (line);
  fields = g_strsplit (line, "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 3);
  g_assert_cmpstr (fields[1], ==, status);
  g_assert_cmpstr (fields[2], !=, "");
}

/* The JSON object of @port's server in --check-trusted --json */
static JsonObject *
find_server (JsonObject *root,
             guint16     port)
{
  JsonArray *servers = json_object_get_array_member (root, "servers");
  g_autofree char *name = g_strdup_printf ("127.0.0.1:%u", port);

  for (guint i = 0; i < json_array_get_length (servers); i++)
    {
      JsonObject *server = json_array_get_object_element (servers, i);

      if (g_str_equal (json_object_get_string_member (server, "server"), name))
        return server;
    }
  g_assert_not_reached ();
}

static void
test_all_good (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(CvTestRun) text = { 0 };
  g_auto(CvTestRun) json = { 0 };
  g_auto(CvTestRun) warn = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *server;
  guint16 unchanged, renewed;

  add_good_servers (fixture, &unchanged, &renewed);

  /* Finding: with another program writing the store, "last seen" could not be
   * noted, yet the JSON gave the time of the check; it gives what the store holds */
  {
    g_auto(CvTestRun) locked = { 0 };
    g_autoptr(JsonParser) locked_parser = json_parser_new ();
    g_autofree char *before = cv_format_iso8601 (CREATED);
    sqlite3 *other = NULL;

    g_assert_cmpint (sqlite3_open (fixture->store, &other), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==,
                     SQLITE_OK);
    cv_test_run_certview (&locked, "--check-trusted", "--json", "--trust-store",
                          fixture->store, NULL);
    sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close (other);
    g_assert_cmpint (locked.status, ==, 0);
    root = cv_test_parse_json (locked_parser, locked.out);
    server = find_server (root, unchanged);
    g_assert_cmpstr (json_object_get_string_member (server, "last-seen"), ==, before);
  }

  cv_test_run_certview (&text, "--check-trusted", "--timeout", "10", "--trust-store",
                        fixture->store, NULL);
  g_test_message ("%s%s", text.out, text.err);
  g_assert_cmpint (text.status, ==, 0);
  assert_line_status (text.out, unchanged, "unchanged");
  assert_line_status (text.out, renewed, "renewed");
  g_assert_cmpint (text.elapsed_us, <, 20 * G_USEC_PER_SEC);

  cv_test_run_certview (&json, "--check-trusted", "--json", "--trust-store", fixture->store,
                        NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = cv_test_parse_json (parser, json.out);
  g_assert_true (json_object_has_member (root, "checked"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "servers")),
                    ==, 2);
  server = find_server (root, unchanged);
  g_assert_cmpstr (json_object_get_string_member (server, "status"), ==, "unchanged");
  g_assert_cmpstr (json_object_get_string_member (server, "decision"), ==, "trust");
  g_assert_nonnull (json_object_get_string_member (server, "sha256"));
  g_assert_nonnull (json_object_get_string_member (server, "not-after"));
  g_assert_nonnull (json_object_get_string_member (server, "detail"));
  server = find_server (root, renewed);
  g_assert_cmpstr (json_object_get_string_member (server, "status"), ==, "renewed");

  /* Every certificate expires within a century */
  cv_test_run_certview (&warn, "--check-trusted", "--warn-days", "36500", "--trust-store",
                        fixture->store, NULL);
  g_assert_cmpint (warn.status, ==, 1);
  assert_line_status (warn.out, unchanged, "expiring");
  assert_line_status (warn.out, renewed, "expiring");
}

/* Unix seconds of an ISO 8601 time */
static gint64
iso8601_seconds (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

/* Renewed with the same key, but for another name: the prompt would ask again, so
 * the check says it needs action and why */
static void
test_new_problems (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(CvTestIssued) before = { 0 };
  g_auto(CvTestIssued) after = { 0 };
  g_auto(CvTestRun) text = { 0 };
  g_autofree char *line = NULL;
  guint16 port;

  cv_cert_factory_set_reuse_leaf_key (fixture->factory, TRUE);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &before);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_WRONG_HOST, &after);
  cv_cert_factory_set_reuse_leaf_key (fixture->factory, FALSE);
  port = serve (fixture, &after, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision (fixture, port, &before);

  cv_test_run_certview (&text, "--check-trusted", "--timeout", "10", "--trust-store",
                        fixture->store, NULL);
  g_test_message ("%s%s", text.out, text.err);
  g_assert_cmpint (text.status, ==, 1);
  assert_line_status (text.out, port, "new-problems");
  line = find_line (text.out, port);
  g_assert_nonnull (strstr (line, "the next connection asks again"));
  g_assert_nonnull (strstr (line, CV_CERT_WRONG_HOST_NAME));
}

static void
test_needs_action (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(CvTestIssued) decided = { 0 };
  g_auto(CvTestIssued) other = { 0 };
  g_auto(CvTestIssued) expired = { 0 };
  g_auto(CvTestRun) text = { 0 };
  g_auto(CvTestRun) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store);
  g_autoptr(CvTrustEntry) after = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *server;
  guint16 unchanged, renewed, changed, old, refused, closed;

  add_good_servers (fixture, &unchanged, &renewed);

  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &decided);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &other);
  changed = serve (fixture, &other, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision (fixture, changed, &decided);

  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_EXPIRED, &expired);
  old = serve (fixture, &expired, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision (fixture, old, &expired);

  refused = serve (fixture, &decided, CV_DEMO_BEHAVIOUR_AUTH_REFUSED);
  save_decision (fixture, refused, &decided);

  closed = cv_test_free_port ();
  save_decision (fixture, closed, &decided);

  cv_test_run_certview (&text, "--check-trusted", "--timeout", "10", "--trust-store",
                        fixture->store, NULL);
  g_test_message ("%s%s", text.out, text.err);
  g_assert_cmpint (text.status, ==, 1);
  assert_line_status (text.out, unchanged, "unchanged");
  assert_line_status (text.out, renewed, "renewed");
  assert_line_status (text.out, changed, "key-changed");
  assert_line_status (text.out, old, "expired");
  assert_line_status (text.out, refused, "tls-refused");
  assert_line_status (text.out, closed, "unreachable");
  g_assert_cmpint (text.elapsed_us, <, 30 * G_USEC_PER_SEC);

  cv_test_run_certview (&json, "--check-trusted", "--json", "--timeout", "10",
                        "--trust-store", fixture->store, NULL);
  g_assert_cmpint (json.status, ==, 1);
  root = cv_test_parse_json (parser, json.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "servers")),
                    ==, 6);
  /* last-seen as the check leaves it: the check's time for the server seen with
   * the certificate decided on, else the decision's own */
  server = find_server (root, unchanged);
  g_assert_cmpint (iso8601_seconds (json_object_get_string_member (server, "last-seen")), >=,
                   iso8601_seconds (json_object_get_string_member (root, "checked")));
  g_assert_cmpint (iso8601_seconds (json_object_get_string_member (server, "last-seen")), <=,
                   iso8601_seconds (json_object_get_string_member (root, "checked")) + 30);
  server = find_server (root, renewed);
  g_assert_cmpint (iso8601_seconds (json_object_get_string_member (server, "last-seen")), ==,
                   CREATED);
  server = find_server (root, changed);
  g_assert_cmpstr (json_object_get_string_member (server, "status"), ==, "key-changed");
  g_assert_cmpstr (json_object_get_string_member (server, "sha256"), ==,
                   cv_certificate_get_sha256 (other.leaf));
  server = find_server (root, old);
  g_assert_cmpstr (json_object_get_string_member (server, "status"), ==, "expired");
  server = find_server (root, refused);
  g_assert_cmpstr (json_object_get_string_member (server, "status"), ==, "tls-refused");
  g_assert_true (json_object_get_null_member (server, "sha256"));
  g_assert_true (json_object_get_null_member (server, "not-after"));
  server = find_server (root, closed);
  g_assert_cmpstr (json_object_get_string_member (server, "status"), ==, "unreachable");
  g_assert_cmpstr (json_object_get_string_member (server, "detail"), !=, "");

  /* A check notes when a server was seen with the certificate decided on, only */
  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_no_error (error);
  after = cv_trust_store_lookup (store, "127.0.0.1", unchanged, &error);
  g_assert_no_error (error);
  g_assert_nonnull (after);
  g_assert_cmpint (cv_trust_entry_get_last_seen (after), >, CREATED);
  g_clear_object (&after);
  after = cv_trust_store_lookup (store, "127.0.0.1", renewed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cv_trust_entry_get_last_seen (after), ==, CREATED);
}

static void
test_empty_and_errors (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(CvTestRun) empty = { 0 };
  g_auto(CvTestRun) json = { 0 };
  g_auto(CvTestRun) bad_days = { 0 };
  g_auto(CvTestRun) minus_one = { 0 };
  g_auto(CvTestRun) lone_days = { 0 };
  g_auto(CvTestRun) lone_notify = { 0 };
  g_auto(CvTestRun) not_a_store = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  cv_test_run_certview (&empty, "--check-trusted", "--trust-store", fixture->store, NULL);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_cmpstr (empty.out, !=, "");

  cv_test_run_certview (&json, "--check-trusted", "--json", "--trust-store", fixture->store,
                        NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = cv_test_parse_json (parser, json.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "servers")),
                    ==, 0);

  cv_test_run_certview (&bad_days, "--check-trusted", "--warn-days", "-3", "--trust-store",
                        fixture->store, NULL);
  g_assert_cmpint (bad_days.status, ==, 2);
  /* -1 is no "not given" */
  cv_test_run_certview (&minus_one, "--check-trusted", "--warn-days", "-1", "--trust-store",
                        fixture->store, NULL);
  g_assert_cmpint (minus_one.status, ==, 2);
  g_assert_nonnull (strstr (minus_one.err, "--warn-days takes a number of days from 0 to 36500"));

  cv_test_run_certview (&lone_days, "--warn-days", "3", NULL);
  g_assert_cmpint (lone_days.status, ==, 2);

  cv_test_run_certview (&lone_notify, "--notify", NULL);
  g_assert_cmpint (lone_notify.status, ==, 2);
  g_assert_nonnull (strstr (lone_notify.err, "--notify goes with --check-trusted"));

  /* A directory is no store */
  cv_test_run_certview (&not_a_store, "--check-trusted", "--trust-store", fixture->dir, NULL);
  g_assert_cmpint (not_a_store.status, ==, 2);
  g_assert_cmpstr (not_a_store.err, !=, "");
}

/* The core alone: a cancelled run returns at once, with the error */
static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store);
  g_autoptr(CvTrustWatch) watch = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint16 unchanged, renewed;

  add_good_servers (fixture, &unchanged, &renewed);
  g_assert_true (cv_trust_store_load (store, &error));
  watch = cv_trust_watch_new (store);
  cv_trust_watch_set_max_parallel (watch, 1);
  results = cv_trust_watch_run (watch, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  g_clear_pointer (&results, g_ptr_array_unref);

  g_cancellable_cancel (cancellable);
  results = cv_trust_watch_run (watch, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (results);
}

/* The core alone: each result's last-seen is what the store holds after the run,
 * the time of the check only for the server seen with its certificate */
static void
test_result_last_seen (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store);
  g_autoptr(CvTrustStore) reread = cv_trust_store_new (fixture->store);
  g_autoptr(CvTrustWatch) watch = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unchanged_key = NULL;
  gint64 started = g_get_real_time () / G_USEC_PER_SEC;
  guint16 unchanged, renewed;

  add_good_servers (fixture, &unchanged, &renewed);
  unchanged_key = g_strdup_printf ("127.0.0.1:%u", unchanged);
  g_assert_true (cv_trust_store_load (store, &error));
  watch = cv_trust_watch_new (store);
  results = cv_trust_watch_run (watch, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);

  g_assert_true (cv_trust_store_load (reread, &error));
  for (guint i = 0; i < results->len; i++)
    {
      CvTrustWatchResult *result = g_ptr_array_index (results, i);
      CvTrustEntry *checked = cv_trust_watch_result_get_entry (result);
      g_autoptr(CvTrustEntry) stored = NULL;

      stored = cv_trust_store_lookup (reread, cv_trust_entry_get_host (checked),
                                      cv_trust_entry_get_port (checked), &error);
      g_assert_no_error (error);
      g_assert_nonnull (stored);
      g_assert_cmpint (cv_trust_watch_result_get_last_seen (result), ==,
                       cv_trust_entry_get_last_seen (stored));
      if (g_str_equal (cv_trust_entry_get_key (checked), unchanged_key))
        g_assert_cmpint (cv_trust_watch_result_get_last_seen (result), >=, started);
      else
        g_assert_cmpint (cv_trust_watch_result_get_last_seen (result), ==, CREATED);
      /* The decision checked is the one read before the run */
      g_assert_cmpint (cv_trust_entry_get_last_seen (checked), ==, CREATED);
    }
}

static char *
join (const char * const *strv)
{
  return strv != NULL ? g_strjoinv (",", (GStrv) strv) : g_strdup ("(none)");
}

/* Every decision of the store, all but last-seen, one line each; and last-seen by key */
static char *
dump_decisions (const char *path,
                GHashTable *last_seen)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  g_assert_true (cv_trust_store_load (store, &error));
  entries = cv_trust_store_list (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *names = join (cv_trust_entry_get_names (entry));
      g_autofree char *accepted = join (cv_trust_entry_get_accepted (entry));

      g_string_append_printf (out, "%s|%s|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
                              "|%s|%s\n", cv_trust_entry_get_key (entry),
                              cv_trust_entry_get_decision_name (entry),
                              cv_trust_entry_get_certificate_sha256 (entry),
                              cv_trust_entry_get_public_key_pin (entry),
                              cv_trust_entry_get_subject (entry),
                              cv_trust_entry_get_issuer (entry),
                              cv_trust_entry_get_not_after (entry),
                              cv_trust_entry_get_created (entry), names, accepted);
      g_hash_table_insert (last_seen, g_strdup (cv_trust_entry_get_key (entry)),
                           g_memdup2 (&(gint64) { cv_trust_entry_get_last_seen (entry) },
                                      sizeof (gint64)));
    }
  return g_string_free (out, FALSE);
}

/* After a check of every status, every decision is what it was; last-seen moved only
 * where the server served the certificate decided on */
static void
test_decisions_kept (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(CvTestIssued) decided = { 0 };
  g_auto(CvTestIssued) other = { 0 };
  g_auto(CvTestIssued) expired = { 0 };
  g_autoptr(GHashTable) seen_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             g_free);
  g_autoptr(GHashTable) seen_after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
  g_autofree char *before = NULL;
  guint16 unchanged, renewed, changed, old, refused, closed;
  const char *warn_days[] = { "0", "36500" };

  add_good_servers (fixture, &unchanged, &renewed);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &decided);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &other);
  changed = serve (fixture, &other, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision (fixture, changed, &decided);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_EXPIRED, &expired);
  old = serve (fixture, &expired, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision (fixture, old, &expired);
  refused = serve (fixture, &decided, CV_DEMO_BEHAVIOUR_AUTH_REFUSED);
  save_decision (fixture, refused, &decided);
  closed = cv_test_free_port ();
  save_decision (fixture, closed, &decided);
  before = dump_decisions (fixture->store, seen_before);

  /* Once with no warning (unchanged), once warning for a century (expiring) */
  for (gsize i = 0; i < G_N_ELEMENTS (warn_days); i++)
    {
      g_auto(CvTestRun) run = { 0 };
      g_autofree char *after = NULL;
      GHashTableIter iter;
      gpointer key, value;

      cv_test_run_certview (&run, "--check-trusted", "--timeout", "10", "--warn-days",
                            warn_days[i], "--trust-store", fixture->store, NULL);
      g_test_message ("%s%s", run.out, run.err);
      g_assert_cmpint (run.status, ==, 1);
      assert_line_status (run.out, unchanged, i == 0 ? "unchanged" : "expiring");
      assert_line_status (run.out, renewed, i == 0 ? "renewed" : "expiring");
      assert_line_status (run.out, changed, "key-changed");
      assert_line_status (run.out, old, "expired");
      assert_line_status (run.out, refused, "tls-refused");
      assert_line_status (run.out, closed, "unreachable");

      g_hash_table_remove_all (seen_after);
      after = dump_decisions (fixture->store, seen_after);
      g_assert_cmpstr (after, ==, before);

      g_hash_table_iter_init (&iter, seen_before);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *unchanged_key = g_strdup_printf ("127.0.0.1:%u", unchanged);
          gint64 then = *(gint64 *) value;
          gint64 now = *(gint64 *) g_hash_table_lookup (seen_after, key);

          if (g_str_equal (key, unchanged_key))
            g_assert_cmpint (now, >, then);
          else
            g_assert_cmpint (now, ==, then);
        }
    }
}

/* Every status has its few words, each its own; the days are counted in them */
static void
test_summaries (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GEnumClass) statuses = g_type_class_ref (CV_TYPE_TRUST_WATCH_STATUS);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *one = cv_trust_watch_status_dup_summary (CV_TRUST_WATCH_EXPIRING, 1);
  g_autofree char *none = cv_trust_watch_status_dup_summary (CV_TRUST_WATCH_EXPIRING, 0);
  g_autofree char *many = cv_trust_watch_status_dup_summary (CV_TRUST_WATCH_EXPIRING, 365);
  g_autofree char *refused = cv_trust_watch_status_dup_summary (CV_TRUST_WATCH_TLS_REFUSED, 9);

  for (guint i = 0; i < statuses->n_values; i++)
    {
      char *text = cv_trust_watch_status_dup_summary (statuses->values[i].value, 3);

      g_assert_cmpstr (text, !=, "");
      g_assert_false (g_hash_table_contains (seen, text));
      g_hash_table_add (seen, text);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, statuses->n_values);

  g_assert_cmpstr (one, ==, "Expires in 1 day");
  g_assert_cmpstr (none, ==, "Expires in 1 day");
  g_assert_cmpstr (many, ==, "Expires in 365 days");
  g_assert_cmpstr (refused, ==, "TLS no longer offered");
}

/* Saves a decision to trust @decided on @port, made at @created, that accepted
 * @accepted */
static void
save_decision_full (Fixture            *fixture,
                    guint16             port,
                    CvTestIssued       *decided,
                    const char         *decision,
                    gint64              created,
                    const char * const *accepted)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->store);
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  CvTrustEntryFields fields = {
    .host = "127.0.0.1",
    .port = port,
    .decision = decision,
    .certificate_sha256 = cv_certificate_get_sha256 (decided->leaf),
    .public_key_pin = cv_certificate_get_public_key_pin (decided->leaf),
    .subject = cv_certificate_get_subject (decided->leaf),
    .issuer = cv_certificate_get_issuer (decided->leaf),
    .not_after = g_date_time_to_unix (cv_certificate_get_not_after (decided->leaf)),
    .created = created,
    .last_seen = created,
    .accepted = accepted,
  };

  entry = cv_trust_entry_new_full (&fields);
  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);
}

/* Finding: a certificate trusted when it had expired already, which the prompt
 * accepts in silence, was "expired" (exit 1) on every check. A renewal that has
 * expired still is. */
static void
test_expired_when_trusted (Fixture       *fixture,
                           gconstpointer  data)
{
  const char * const accepted[] = { "untrusted-issuer", "expired", NULL };
  const char * const none[] = { NULL };
  g_auto(CvTestIssued) expired = { 0 };
  g_auto(CvTestIssued) expiring = { 0 };
  g_auto(CvTestIssued) rejected_before = { 0 };
  g_auto(CvTestIssued) rejected_after = { 0 };
  g_auto(CvTestRun) run = { 0 };
  guint16 port, undated_port, rejected_port, expiring_port, renewed_port;

  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_EXPIRED, &expired);
  port = serve (fixture, &expired, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision_full (fixture, port, &expired, "trust", CREATED, accepted);

  /* A decision that lists no problems (Certview 0.1's), made after the expiry */
  undated_port = serve (fixture, &expired, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision_full (fixture, undated_port, &expired, "trust",
                      g_get_real_time () / G_USEC_PER_SEC, none);

  /* Finding: a server rejected for good was "expired" (exit 1) on every check,
   * though nothing is to be done about a certificate that is rejected */
  rejected_port = serve (fixture, &expired, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision_full (fixture, rejected_port, &expired, "reject", CREATED, none);
  cv_cert_factory_set_leaf_days (fixture->factory, 3);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &expiring);
  cv_cert_factory_set_leaf_days (fixture->factory, 0);
  expiring_port = serve (fixture, &expiring, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision_full (fixture, expiring_port, &expiring, "reject", CREATED, none);

  /* Finding: another certificate with the rejected key, expired since, read as "the
   * same certificate"; it is a renewal, rejected all the same */
  cv_cert_factory_set_reuse_leaf_key (fixture->factory, TRUE);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_NONE, &rejected_before);
  cv_test_issue (fixture->factory, CV_CERT_PROBLEM_EXPIRED, &rejected_after);
  cv_cert_factory_set_reuse_leaf_key (fixture->factory, FALSE);
  renewed_port = serve (fixture, &rejected_after, CV_DEMO_BEHAVIOUR_NORMAL);
  save_decision_full (fixture, renewed_port, &rejected_before, "reject", CREATED, none);

  cv_test_run_certview (&run, "--check-trusted", "--timeout", "10", "--trust-store",
                        fixture->store, NULL);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  assert_line_status (run.out, port, "unchanged");
  assert_line_status (run.out, undated_port, "unchanged");
  assert_line_status (run.out, rejected_port, "unchanged");
  assert_line_status (run.out, expiring_port, "unchanged");
  assert_line_status (run.out, renewed_port, "renewed");
  g_assert_nonnull (strstr (run.out, "after it expired"));
  g_assert_nonnull (strstr (run.out, "The same certificate, which you chose to reject"));
  g_assert_nonnull (strstr (run.out, "Renewed with the same key, which you chose to reject"));
}

#define ADD(name, func) \
  g_test_add ("/certview/trust-watch/" name, Fixture, factory, fixture_setup, func, \
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

  ADD ("all-good", test_all_good);
  ADD ("needs-action", test_needs_action);
  ADD ("expired-when-trusted", test_expired_when_trusted);
  ADD ("new-problems", test_new_problems);
  ADD ("empty-and-errors", test_empty_and_errors);
  ADD ("cancelled", test_cancelled);
  ADD ("result-last-seen", test_result_last_seen);
  ADD ("decisions-kept", test_decisions_kept);
  ADD ("summaries", test_summaries);

  return g_test_run ();
}
