/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The trust store on SQLite: decisions are saved, found by index, forgotten for
 * good; programs saving at once or killed half-way lose nothing; and no file that
 * is not a Certview store is ever used, moved or changed.
 */
#include "config.h"

#include "cv-error.h"
#include "cv-test-util.h"
#include "cv-trust-store.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_WRITERS 8
#define SAVES_PER_WRITER 5

/* Each test gets the path of this program as its data, to run writers with */
typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("certview-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "sub", "trust.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cv_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static CvTrustEntry *
make_entry (const char      *host,
            guint16          port,
            CvTrustDecision  decision,
            const char      *sha256,
            const char      *pin)
{
  g_autofree char *fingerprint = cv_test_fingerprint (sha256);
  g_autofree char *key_pin = cv_test_pin (pin);

  return cv_trust_entry_new (host, port, decision, fingerprint, key_pin, "CN=Test,O=Certview",
                             "CN=Issuer", 1893456000, 1700000000, 1700000100);
}

static guint
count_entries (const char *path)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = cv_trust_store_list (store, &error);
  g_assert_no_error (error);
  return entries->len;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted and joined by spaces */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_save_mode_and_lookup (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) other = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) entry = make_entry ("host.example", 21, CV_TRUST_DECISION_TRUST,
                                              "AA:BB", "sha256//x=");
  g_autoptr(CvTrustEntry) found = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  struct stat st;

  /* A missing file is an empty store, and reading it creates nothing */
  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_no_error (error);
  entries = cv_trust_store_list (store, &error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_null (cv_trust_store_lookup (store, "host.example", 21, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  g_assert_true (cv_trust_store_load (other, &error));
  g_assert_no_error (error);
  found = cv_trust_store_lookup (other, "HOST.example.", 21, &error);
  g_assert_nonnull (found);
  {
    g_autofree char *expected = cv_test_fingerprint ("aa:bb");

    g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (found), ==, expected);
  }
  g_assert_cmpstr (cv_trust_entry_get_subject (found), ==, "CN=Test,O=Certview");
  g_assert_cmpint (cv_trust_entry_get_not_after (found), ==, 1893456000);
  g_assert_cmpint (cv_trust_entry_get_created (found), ==, 1700000000);
  g_assert_cmpint (cv_trust_entry_get_last_seen (found), ==, 1700000100);
  g_assert_null (cv_trust_entry_get_accepted (found));
  g_assert_null (cv_trust_store_lookup (other, "host.example", 22, &error));

  g_assert_true (cv_trust_store_forget (other, "host.EXAMPLE", 21, &error));
  g_assert_no_error (error);
  g_assert_null (cv_trust_store_lookup (other, "host.example", 21, &error));
  g_assert_null (cv_trust_store_lookup (store, "host.example", 21, &error));
  g_assert_false (cv_trust_store_forget (other, "host.example", 21, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_NOT_FOUND);
}

/* How the command line names a decision's server: one form for each */
/* One form for each host, and that form is its own */
static void
test_normalize_host (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "Example.COM", "example.com" }, { "example.com.", "example.com" },
    { "0:0::1", "::1" }, { "::FFFF:127.0.0.1", "::ffff:127.0.0.1" },
    { "127.0.0.1", "127.0.0.1" }, { "*.Example.com", "*.example.com" },
    { "a..", NULL }, { "a..b", NULL }, { ".a", NULL }, { "", NULL }, { ".", NULL },
    { "a b", NULL }, { "a|b", NULL }, { "a*.b", NULL }, { "*", NULL }, { "x.*.b", NULL },
    { "[::1]", NULL }, { "1::2::3", NULL },
    /* Finding: an international name was kept as typed, and no command could name
     * its decision again; it is kept in the xn-- form a server is reached by */
    { "B\xc3\xbc" "cher.Example", "xn--bcher-kva.example" },
    { "*.b\xc3\xbc" "cher.example", "*.xn--bcher-kva.example" },
    /* Finding: names no server has were kept, and no command could name their
     * decisions again; wildcards for a top-level domain or an address covered more
     * than any certificate can */
    { "a&b.example", NULL }, { "x,y.example", NULL }, { "\"<s>\".example", NULL },
    { "a'b.example", NULL }, { "*.com", NULL }, { "*.com.", NULL }, { "*.0.0.1", NULL },
    { "_ftp.example.com", "_ftp.example.com" }, { "*.example.com.", "*.example.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = cv_trust_normalize_host (cases[i].in);
      g_autofree char *again = normal ? cv_trust_normalize_host (normal) : NULL;

      g_assert_cmpstr (normal, ==, cases[i].out);
      g_assert_cmpstr (again, ==, cases[i].out);
    }
}

static void
test_parse_server (void)
{
  const struct { const char *text; const char *host; guint16 port; } good[] = {
    { "host.example:21", "host.example", 21 },
    { "HOST.Example.:2121", "host.example", 2121 },
    { "[0:0::1]:990", "::1", 990 },
    { "[::1]:21", "::1", 21 },
    { "127.0.0.1:21", "127.0.0.1", 21 },
    { "ftp://Host.example:2121", "host.example", 2121 },
    { "b\xc3\xbc" "cher.example:21", "xn--bcher-kva.example", 21 },
    { "ftps://host.example", "host.example", 990 },
    { "https://[0::1]/path", "::1", 443 },
  };
  const char *bad[] = { "", "host", "no-port", "::1:21", "host:0", "host:99999", "[::1]",
                        "ho st:21", "gopher://host:1", "a..:21", "a|b:21", "*.example:21" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *host = NULL;
      g_autoptr(GError) error = NULL;
      guint16 port = 0;

      g_assert_true (cv_trust_parse_server (good[i].text, &host, &port, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (host, ==, good[i].host);
      g_assert_cmpuint (port, ==, good[i].port);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *host = NULL;
      g_autoptr(GError) error = NULL;
      guint16 port = 0;

      g_assert_false (cv_trust_parse_server (bad[i], &host, &port, &error));
      g_assert_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET);
    }

  /* Finding: a scheme short of its slashes was given the advice about IPv6 */
  {
    g_autofree char *host = NULL;
    g_autoptr(GError) error = NULL;
    guint16 port = 0;

    g_assert_false (cv_trust_parse_server ("ftp:localhost", &host, &port, &error));
    g_assert_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET);
    g_assert_nonnull (strstr (error->message, "write it like “ftp://localhost”"));
  }
}

/* What --trust saved is what --forget finds, however the address is written */
static void
test_normalized_keys (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) v6 = make_entry ("0:0::1", 2121, CV_TRUST_DECISION_TRUST, "01",
                                           "sha256//x=");
  g_autoptr(CvTrustEntry) dotted = make_entry ("Files.Example.", 21, CV_TRUST_DECISION_TRUST,
                                               "02", "sha256//y=");
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port;

  g_assert_cmpstr (cv_trust_entry_get_key (v6), ==, "[::1]:2121");
  g_assert_cmpstr (cv_trust_entry_get_key (dotted), ==, "files.example:21");
  g_assert_true (cv_trust_store_save (store, v6, &error));
  g_assert_true (cv_trust_store_save (store, dotted, &error));

  g_assert_true (cv_trust_parse_server ("[0:0:0::1]:2121", &host, &port, &error));
  g_assert_true (cv_trust_store_forget (store, host, port, &error));
  g_clear_pointer (&host, g_free);
  g_assert_true (cv_trust_parse_server ("ftp://files.example.:21", &host, &port, &error));
  g_assert_true (cv_trust_store_forget (store, host, port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (fixture->path), ==, 0);
}

/* Two programs that opened the store before either saved lose nothing */
static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CvTrustStore) a = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) b = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) x = make_entry ("x.example", 21, CV_TRUST_DECISION_TRUST, "01",
                                          "sha256//x=");
  g_autoptr(CvTrustEntry) y = make_entry ("y.example", 990, CV_TRUST_DECISION_REJECT, "02",
                                          "sha256//y=");
  g_autoptr(GPtrArray) seen_by_b = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_load (a, &error));
  g_assert_true (cv_trust_store_load (b, &error));
  g_assert_true (cv_trust_store_save (a, x, &error));
  g_assert_true (cv_trust_store_save (b, y, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_entries (fixture->path), ==, 2);
  seen_by_b = cv_trust_store_list (b, &error);
  g_assert_cmpuint (seen_by_b->len, ==, 2);
}

/* A decision is made and saved only with fingerprints in the forms an export
 * keeps: what the store holds always imports again */
static void
test_malformed_fingerprints (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autofree char *fingerprint = cv_test_fingerprint ("01");
  g_autofree char *pin = cv_test_pin ("x");
  CvTrustEntryFields fields = {
    .host = "h.example", .port = 21, .decision = "trust",
    .certificate_sha256 = "AA:BB", .public_key_pin = pin,
  };
  g_autoptr(CvTrustEntry) entry = cv_trust_entry_new_full (&fields);
  g_autoptr(GError) error = NULL;

  g_assert_null (cv_trust_entry_new ("h.example", 21, CV_TRUST_DECISION_TRUST, "AA:BB", pin,
                                     NULL, NULL, 0, 0, 0));
  g_assert_null (cv_trust_entry_new ("h.example", 21, CV_TRUST_DECISION_TRUST, fingerprint,
                                     "sha256//x=", NULL, NULL, 0, 0, 0));

  g_assert_nonnull (entry);
  g_assert_false (cv_trust_store_save (store, entry, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_match (void)
{
  g_autoptr(CvTrustEntry) entry = make_entry ("h", 21, CV_TRUST_DECISION_TRUST, "AA:BB",
                                              "sha256//key=");
  g_autofree char *same = cv_test_fingerprint ("aa:bb");
  g_autofree char *other = cv_test_fingerprint ("cc:dd");
  g_autofree char *key = cv_test_pin ("sha256//key=");
  g_autofree char *other_key = cv_test_pin ("sha256//other=");

  g_assert_cmpint (cv_trust_entry_match (entry, same, key), ==,
                   CV_TRUST_MATCH_SAME_CERTIFICATE);
  g_assert_cmpint (cv_trust_entry_match (entry, other, key), ==,
                   CV_TRUST_MATCH_RENEWED);
  g_assert_cmpint (cv_trust_entry_match (entry, other, other_key), ==,
                   CV_TRUST_MATCH_CHANGED);
}

/*
 * Finding: a "last seen" update made by a program that read the decision before
 * another one forgot it brought the decision back. Now it is a one-row UPDATE of
 * the decision as it was read.
 */
static void
save_over_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GError **error = user_data;

  if (!cv_trust_store_save_over_finish (CV_TRUST_STORE (source), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "saved");
}

/* What cv_trust_store_save_over_async() said: NULL when it saved */
static GError *
save_over (CvTrustStore *store,
           CvTrustEntry *entry,
           CvTrustEntry *seen)
{
  GError *error = NULL;

  cv_trust_store_save_over_async (store, entry, seen, NULL, save_over_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&error);
  return error;
}

/* Finding: with two prompts open for one server, the later answer replaced the
 * earlier one without a word. A decision is saved over only what was seen. */
static void
test_save_over_seen (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CvTrustStore) one = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) two = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) reject = make_entry ("h.example", 21, CV_TRUST_DECISION_REJECT,
                                               "01", "sha256//x=");
  g_autoptr(CvTrustEntry) trust = make_entry ("h.example", 21, CV_TRUST_DECISION_TRUST, "01",
                                              "sha256//x=");
  g_autoptr(CvTrustEntry) renewed = make_entry ("h.example", 21, CV_TRUST_DECISION_TRUST,
                                                "02", "sha256//x=");
  g_autoptr(CvTrustEntry) now = NULL;
  g_autoptr(GError) error = NULL;

  /* Both saw no decision; the first answer is saved, the second refused */
  g_assert_null (save_over (one, reject, NULL));
  error = save_over (two, trust, NULL);
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE_CHANGED);
  g_assert_nonnull (strstr (error->message, "h.example:21 was set to Always Reject meanwhile"));
  /* Asking again would only meet the decision kept: the way to change it is named,
   * in this store (finding: the command forgot it in the default store) */
  {
    g_autofree char *expected = g_strdup_printf ("remove it in Saved Decisions or with "
                                                 "“certview --trust-store %s --forget "
                                                 "h.example:21”", fixture->path);

    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, expected));
  }
  g_clear_error (&error);
  now = cv_trust_store_lookup (one, "h.example", 21, &error);
  g_assert_cmpint (cv_trust_entry_get_decision (now), ==, CV_TRUST_DECISION_REJECT);
  g_clear_object (&now);

  /* Over the decision seen, a new one is saved */
  g_assert_null (save_over (two, trust, reject));
  now = cv_trust_store_lookup (one, "h.example", 21, &error);
  g_assert_cmpint (cv_trust_entry_get_decision (now), ==, CV_TRUST_DECISION_TRUST);
  g_clear_object (&now);

  /* Over one replaced meanwhile, or forgotten, nothing is */
  error = save_over (one, renewed, reject);
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE_CHANGED);
  g_assert_nonnull (strstr (error->message, "was set to Always Trust meanwhile"));
  g_clear_error (&error);
  g_assert_true (cv_trust_store_forget (two, "h.example", 21, &error));
  error = save_over (one, renewed, trust);
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE_CHANGED);
  g_assert_nonnull (strstr (error->message, "was forgotten meanwhile"));
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (fixture->path), ==, 0);
}

static void
test_forgotten_stays_forgotten (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(CvTrustStore) prompt = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) forget = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) entry = make_entry ("h.example", 21, CV_TRUST_DECISION_TRUST, "01",
                                              "sha256//x=");
  g_autoptr(CvTrustEntry) replacement = make_entry ("h.example", 21, CV_TRUST_DECISION_TRUST,
                                                    "02", "sha256//y=");
  g_autoptr(CvTrustEntry) read_before = NULL;
  g_autoptr(CvTrustEntry) now = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_save (forget, entry, &error));

  /* The prompt reads the decision, then the user forgets it elsewhere */
  read_before = cv_trust_store_lookup (prompt, "h.example", 21, &error);
  g_assert_nonnull (read_before);
  g_assert_true (cv_trust_store_forget (forget, "h.example", 21, &error));

  g_assert_true (cv_trust_store_touch (prompt, read_before, 1800000000, &error));
  g_assert_no_error (error);
  g_assert_null (cv_trust_store_lookup (forget, "h.example", 21, &error));
  g_assert_cmpuint (count_entries (fixture->path), ==, 0);

  /* Nor does it touch a new decision made for the server in the meantime */
  g_assert_true (cv_trust_store_save (forget, replacement, &error));
  g_assert_true (cv_trust_store_touch (prompt, read_before, 1800000000, &error));
  now = cv_trust_store_lookup (forget, "h.example", 21, &error);
  {
    g_autofree char *expected = cv_test_fingerprint ("02");

    g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (now), ==, expected);
  }
  g_assert_cmpint (cv_trust_entry_get_last_seen (now), ==, 1700000100);
}

static gint64
file_size (const char *path)
{
  struct stat st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

/* Finding: every --prompt of a pinned server rewrote the whole store */
static void
test_touch_writes_one_row (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CvTrustEntry) saved = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(CvTrustImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *host = g_strdup_printf ("host%05u.example", i);

      g_ptr_array_add (entries, make_entry (host, 21, CV_TRUST_DECISION_TRUST, "01",
                                            "sha256//x="));
    }
  store = cv_trust_store_new (fixture->path);
  import = cv_trust_store_import (store, entries, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->added->len, ==, 5000);
  /* Closing the last connection moves the journal into the database */
  g_clear_object (&store);
  g_assert_cmpint (file_size (wal), ==, 0);
  g_assert_cmpint (file_size (fixture->path), >, 400 * 1024);

  store = cv_trust_store_new (fixture->path);
  saved = cv_trust_store_lookup (store, "host02500.example", 21, &error);
  g_assert_true (cv_trust_store_touch (store, saved, 1800000000, &error));
  g_assert_no_error (error);

  /* A few pages in the journal, not a copy of the store */
  g_test_message ("journal after one touch: %" G_GINT64_FORMAT " bytes", file_size (wal));
  g_assert_cmpint (file_size (wal), <=, 32 + 4 * (24 + 4096));
  g_clear_object (&saved);
  saved = cv_trust_store_lookup (store, "host02500.example", 21, &error);
  g_assert_cmpint (cv_trust_entry_get_last_seen (saved), ==, 1800000000);
}

/* A decision for all of a certificate's names covers each of them, on its port */
static void
test_other_names (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *names[] = { "www.example.com", "*.cdn.example.com", "EXAMPLE.com", NULL };
  const char *accepted[] = { "self-signed", NULL };
  g_autofree char *fingerprint = cv_test_fingerprint ("01");
  g_autofree char *key_pin = cv_test_pin ("sha256//x=");
  CvTrustEntryFields fields = {
    .host = "example.com", .port = 21, .decision = "trust",
    .certificate_sha256 = fingerprint, .public_key_pin = key_pin,
    .subject = "CN=example.com", .issuer = "CN=example.com",
    .not_after = 1893456000, .created = 1700000000, .last_seen = 1700000000,
    .names = names, .accepted = accepted,
  };
  g_autoptr(CvTrustEntry) entry = cv_trust_entry_new_full (&fields);
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) found = NULL;
  g_autoptr(CvTrustEntry) wild = NULL;
  g_autoptr(GError) error = NULL;
  const char * const expected_names[] = { "*.cdn.example.com", "www.example.com", NULL };

  /* The decision's own host is not repeated among its names */
  g_assert_true (g_strv_equal (cv_trust_entry_get_names (entry), expected_names));
  g_assert_true (cv_trust_store_save (store, entry, &error));

  found = cv_trust_store_lookup (store, "WWW.example.com", 21, &error);
  g_assert_nonnull (found);
  g_assert_cmpstr (cv_trust_entry_get_key (found), ==, "example.com:21");
  g_assert_true (g_strv_equal (cv_trust_entry_get_names (found), expected_names));
  g_assert_true (g_strv_equal (cv_trust_entry_get_accepted (found), accepted));
  wild = cv_trust_store_lookup (store, "a.cdn.example.com", 21, &error);
  g_assert_nonnull (wild);
  g_assert_null (cv_trust_store_lookup (store, "a.b.cdn.example.com", 21, &error));
  g_assert_null (cv_trust_store_lookup (store, "www.example.com", 22, &error));
  g_assert_null (cv_trust_store_lookup (store, "other.example.com", 21, &error));
  g_assert_no_error (error);

  /* Forgetting a covered name points at the decision to forget */
  g_assert_false (cv_trust_store_forget (store, "www.example.com", 21, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "example.com:21"));
  g_clear_error (&error);

  g_assert_true (cv_trust_store_forget (store, "example.com", 21, &error));
  g_assert_null (cv_trust_store_lookup (store, "www.example.com", 21, &error));
}

/* A decision covering @name among its other names, for @host, of @decision, made
 * at @created */
static CvTrustEntry *
make_covering (const char *host,
               const char *name,
               const char *decision,
               const char *sha256,
               gint64      created)
{
  const char *names[] = { name, NULL };
  g_autofree char *fingerprint = cv_test_fingerprint (sha256);
  g_autofree char *key_pin = cv_test_pin ("sha256//c=");
  CvTrustEntryFields fields = {
    .host = host, .port = 21, .decision = decision,
    .certificate_sha256 = fingerprint, .public_key_pin = key_pin,
    .subject = "CN=x", .issuer = "CN=x", .not_after = 1893456000,
    .created = created, .last_seen = created, .names = names,
  };

  return cv_trust_entry_new_full (&fields);
}

/* Finding: noting "last seen" waited the whole ten seconds another program may
 * keep the store busy for, so a --prompt for a transfer took ten seconds beyond
 * its --timeout. The note is left undone after a short wait; reads go on. */
static void
test_touch_does_not_wait (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CvTrustEntry) entry = make_covering ("a.example", "b.example", "trust", "0a",
                                                 1700000000);
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) found = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;
  gint64 started;

  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  started = g_get_monotonic_time ();
  g_assert_false (cv_trust_store_touch (store, entry, 1800000000, &error));
  g_test_message ("%s, after %.2f s", error->message,
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);
  found = cv_trust_store_lookup (store, "a.example", 21, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);

  /* Once the other program is done, the note is made, and a save waits as long
   * as before */
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  g_assert_true (cv_trust_store_touch (store, entry, 1800000000, &error));
  g_clear_object (&found);
  found = cv_trust_store_lookup (store, "a.example", 21, &error);
  g_assert_cmpint (cv_trust_entry_get_last_seen (found), ==, 1800000000);
}

/* Finding: a decision whose names held an address (imported so) answered for the
 * address. An address is covered by its own decision only. */
static void
test_other_names_no_address (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CvTrustEntry) v4 = make_covering ("a.example", "127.0.0.1", "trust", "0a",
                                              1700000000);
  g_autoptr(CvTrustEntry) v6 = make_covering ("b.example", "::1", "trust", "0b", 1700000000);
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_save (store, v4, &error));
  g_assert_true (cv_trust_store_save (store, v6, &error));
  g_assert_null (cv_trust_store_lookup (store, "127.0.0.1", 21, &error));
  g_assert_null (cv_trust_store_lookup (store, "::1", 21, &error));
  g_assert_null (cv_trust_store_lookup (store, "[::1]", 21, &error));
  g_assert_no_error (error);
}

/*
 * Finding: of the decisions covering a name, the newest counted, so a decision
 * made later for another certificate (or imported with a later date), or one of
 * a later version's kind, which is never applied, turned off an Always Reject
 * that covered the name. A rejection comes first, then a trust, then another kind.
 */
static void
test_covering_reject_first (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) reject = make_covering ("d.example", "b.example", "reject", "0d",
                                                  1700000000);
  g_autoptr(CvTrustEntry) trust = make_covering ("c.example", "b.example", "trust", "0c",
                                                 1800000000);
  g_autoptr(CvTrustEntry) later = make_covering ("e.example", "b.example", "quarantine", "0e",
                                                 4000000000);
  g_autoptr(CvTrustEntry) found = NULL;
  g_autoptr(CvTrustEntry) still = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_save (store, reject, &error));
  g_assert_true (cv_trust_store_save (store, trust, &error));
  g_assert_no_error (error);
  found = cv_trust_store_lookup (store, "b.example", 21, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cv_trust_entry_get_key (found), ==, "d.example:21");

  /* Finding: an import gave the covered name a decision of its own that trusts,
   * reported as added, and the rejection no longer applied there. Import never
   * replaces a decision, not even in effect; one that agrees is added. */
  {
    g_autoptr(GPtrArray) incoming = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(CvTrustImport) import = NULL;
    g_autoptr(CvTrustEntry) now = NULL;

    g_ptr_array_add (incoming, make_covering ("b.example", "x.example", "trust", "0d",
                                              1900000000));
    g_ptr_array_add (incoming, make_covering ("b.example", "x.example", "reject", "0d",
                                              1900000000));
    import = cv_trust_store_import (store, incoming, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (import->differing->len, ==, 1);
    g_assert_cmpint (cv_trust_entry_get_decision (g_ptr_array_index (import->differing, 0)),
                     ==, CV_TRUST_DECISION_TRUST);
    g_assert_cmpuint (import->added->len, ==, 1);
    now = cv_trust_store_lookup (store, "b.example", 21, &error);
    g_assert_cmpint (cv_trust_entry_get_decision (now), ==, CV_TRUST_DECISION_REJECT);
    g_assert_true (cv_trust_store_forget (store, "b.example", 21, &error));
    g_assert_no_error (error);
  }

  /* Without the rejection, the trust; a later kind never comes first */
  g_assert_true (cv_trust_store_save (store, later, &error));
  g_assert_true (cv_trust_store_forget (store, "d.example", 21, &error));
  g_assert_no_error (error);
  still = cv_trust_store_lookup (store, "b.example", 21, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cv_trust_entry_get_key (still), ==, "c.example:21");
}

/* Import adds what is new, skips what is there, and never replaces a decision */
static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) kept = make_entry ("a.example", 21, CV_TRUST_DECISION_TRUST, "01",
                                             "sha256//a=");
  g_autoptr(CvTrustEntry) same = make_entry ("b.example", 21, CV_TRUST_DECISION_TRUST, "02",
                                             "sha256//b=");
  g_autoptr(GPtrArray) incoming = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CvTrustImport) import = NULL;
  g_autoptr(CvTrustEntry) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_save (store, kept, &error));
  g_assert_true (cv_trust_store_save (store, same, &error));

  g_ptr_array_add (incoming, make_entry ("a.example", 21, CV_TRUST_DECISION_REJECT, "99",
                                         "sha256//z="));
  g_ptr_array_add (incoming, make_entry ("b.example", 21, CV_TRUST_DECISION_TRUST, "02",
                                         "sha256//b="));
  g_ptr_array_add (incoming, make_entry ("c.example", 990, CV_TRUST_DECISION_TRUST, "03",
                                         "sha256//c="));
  import = cv_trust_store_import (store, incoming, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->added->len, ==, 1);
  g_assert_cmpstr (cv_trust_entry_get_key (g_ptr_array_index (import->added, 0)), ==,
                   "c.example:990");
  g_assert_cmpuint (import->skipped->len, ==, 1);
  g_assert_cmpuint (import->differing->len, ==, 1);
  g_assert_cmpstr (cv_trust_entry_get_key (g_ptr_array_index (import->differing, 0)), ==,
                   "a.example:21");

  after = cv_trust_store_lookup (store, "a.example", 21, &error);
  g_assert_cmpint (cv_trust_entry_get_decision (after), ==, CV_TRUST_DECISION_TRUST);
  {
    g_autofree char *expected = cv_test_fingerprint ("01");

    g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (after), ==, expected);
  }
  g_assert_cmpuint (count_entries (fixture->path), ==, 3);
}

static void
run_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/*
 * Finding: a decision kind or a key from a newer version moved the whole store
 * aside, or was dropped by the next save. Rows and columns this version does not
 * know are kept, listed, and never applied.
 */
static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) again = NULL;
  g_autoptr(CvTrustEntry) first = make_entry ("a.example", 21, CV_TRUST_DECISION_TRUST, "01",
                                              "sha256//a=");
  g_autoptr(CvTrustEntry) second = make_entry ("b.example", 21, CV_TRUST_DECISION_TRUST,
                                               "02", "sha256//b=");
  g_autoptr(CvTrustEntry) pinned = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (cv_trust_store_save (store, first, &error));
  g_clear_object (&store);

  /* What a later version might write */
  run_sql (fixture->path,
           "ALTER TABLE decisions ADD COLUMN comment TEXT NOT NULL DEFAULT '';"
           "UPDATE decisions SET comment = 'kept' WHERE host = 'a.example';"
           "INSERT INTO decisions (host, port, decision, certificate_sha256, public_key_pin,"
           "  subject, issuer, not_after, created, last_seen, names, accepted, comment)"
           "  VALUES ('ca.example', 21, 'trust-issuer', 'ff', 'sha256//f=', 'CN=x', 'CN=y',"
           "  1893456000, 1700000000, 1700000000, '', NULL, 'new kind');"
           "PRAGMA user_version = 7;");

  again = cv_trust_store_new (fixture->path);
  g_assert_true (cv_trust_store_load (again, &error));
  g_assert_no_error (error);
  pinned = cv_trust_store_lookup (again, "ca.example", 21, &error);
  g_assert_nonnull (pinned);
  g_assert_cmpint (cv_trust_entry_get_decision (pinned), ==, CV_TRUST_DECISION_OTHER);
  g_assert_cmpstr (cv_trust_entry_get_decision_name (pinned), ==, "trust-issuer");

  /* A save of this version keeps both, and the column's values */
  g_assert_true (cv_trust_store_save (again, second, &error));
  g_assert_true (cv_trust_store_save (again, first, &error));
  g_assert_no_error (error);
  entries = cv_trust_store_list (again, &error);
  g_assert_cmpuint (entries->len, ==, 3);
  g_clear_object (&again);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat(comment, ',') FROM "
                                       "(SELECT comment FROM decisions ORDER BY host)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "kept,,new kind");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 7);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/*
 * Finding: while another program held the store's lock, a reader waited out the
 * busy time and then read the file alone, as if its folder were read-only, past
 * the lock of a program that may be writing it. It now says the store is busy.
 */
static void
test_locked_by_another (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) reader = NULL;
  g_autoptr(CvTrustEntry) entry = make_entry ("a.example", 21, CV_TRUST_DECISION_TRUST, "01",
                                              "sha256//a=");
  g_autoptr(CvTrustEntry) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  sqlite3 *db = NULL;
  GStatBuf st;

  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_assert_no_error (error);
  /* The last connection to close empties the journal into the file */
  g_clear_object (&store);
  g_assert_true (g_stat (wal, &st) != 0 || st.st_size == 0);

  /* Another program takes the store for itself, with nothing in the journal */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  reader = cv_trust_store_new (fixture->path);
  found = cv_trust_store_lookup (reader, "a.example", 21, &error);
  g_assert_null (found);
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_assert_nonnull (strstr (error->message, "busy"));

  sqlite3_exec (db, "COMMIT;", NULL, NULL, NULL);
  sqlite3_close (db);

  /* Once it is done, the store reads as before */
  g_clear_error (&error);
  found = cv_trust_store_lookup (reader, "a.example", 21, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
}

/* The file's identity and bytes, to show it was neither moved nor changed */
typedef struct
{
  dev_t   dev;
  ino_t   ino;
  char   *bytes;
  gsize   len;
} Snapshot;

static void
snapshot (const char *path,
          Snapshot   *shot)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  shot->dev = st.st_dev;
  shot->ino = st.st_ino;
  g_assert_true (g_file_get_contents (path, &shot->bytes, &shot->len, NULL));
}

static void
assert_untouched (const char *path,
                  Snapshot   *shot)
{
  Snapshot now = { 0 };

  snapshot (path, &now);
  g_assert_true (now.dev == shot->dev && now.ino == shot->ino);
  g_assert_cmpmem (now.bytes, now.len, shot->bytes, shot->len);
  g_free (now.bytes);
  g_free (shot->bytes);
}

/* The library's messages name no option of the command line's; a remedy is their
 * last sentence, and cv_error_get_remedy() gives what comes before it */
static void
assert_remedy (const GError  *error,
               CvErrorRemedy  expected)
{
  static const char *sentences[] = {
    [CV_ERROR_REMEDY_NAME_FILE] = " Name a file.",
    [CV_ERROR_REMEDY_OTHER_FILE] = " Name another file.",
    [CV_ERROR_REMEDY_OWN_FILE] = " Name a file of your own.",
  };
  const char *problem = "unset";
  g_autofree char *whole = NULL;

  g_assert_null (strstr (error->message, "--trust-store"));
  g_assert_cmpint (cv_error_get_remedy (error, &problem), ==, expected);
  if (expected == CV_ERROR_REMEDY_NONE)
    {
      g_assert_null (problem);
      return;
    }
  whole = g_strconcat (problem, sentences[expected], NULL);
  g_assert_cmpstr (error->message, ==, whole);

  /* It goes with the error */
  {
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_cmpint (cv_error_get_remedy (copy, NULL), ==, expected);
  }
}

/* Finding: a reader renamed any file named as the store (.bashrc, say) aside */
static void
test_not_a_store (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(CvTrustEntry) entry = make_entry ("h", 21, CV_TRUST_DECISION_TRUST, "01",
                                              "sha256//x=");
  const struct {
    const char    *content;
    const char    *says;
    CvErrorRemedy  remedy;
  } files[] = {
    { "# ~/.bashrc\nexport PATH=$HOME/bin:$PATH\nalias ll='ls -l'\n", "not a Certview",
      CV_ERROR_REMEDY_OTHER_FILE },
    { "root:x:0:0:root:/root:/bin/bash\n", "not a Certview", CV_ERROR_REMEDY_OTHER_FILE },
    { "# Certview: saved certificate trust decisions. Manage them with\n[h:21]\n",
      "--import-trusted", CV_ERROR_REMEDY_NONE },
  };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
      g_autoptr(GError) error = NULL;
      g_autofree char *listing = NULL;
      Snapshot shot = { 0 };

      g_assert_true (g_file_set_contents_full (fixture->path, files[i].content, -1, 0, 0600,
                                               NULL));
      snapshot (fixture->path, &shot);

      g_assert_false (cv_trust_store_load (store, &error));
      g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
      g_assert_nonnull (strstr (error->message, files[i].says));
      g_assert_nonnull (strstr (error->message, "left as it is"));
      assert_remedy (error, files[i].remedy);
      g_clear_error (&error);
      g_assert_null (cv_trust_store_list (store, &error));
      g_clear_error (&error);
      g_assert_false (cv_trust_store_save (store, entry, &error));
      g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);

      assert_untouched (fixture->path, &shot);
      listing = list_dir (dir);
      g_assert_cmpstr (listing, ==, "trust.db");
    }

  /* Another program's SQLite database is not ours either */
  {
    g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
    g_autoptr(GError) error = NULL;
    Snapshot shot = { 0 };

    g_unlink (fixture->path);
    run_sql (fixture->path, "CREATE TABLE places (url TEXT); INSERT INTO places VALUES ('x')");
    snapshot (fixture->path, &shot);
    g_assert_false (cv_trust_store_save (store, entry, &error));
    g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
    g_assert_nonnull (strstr (error->message, "another program"));
    assert_untouched (fixture->path, &shot);
  }

  /* Finding: read by a name relative to the current folder, it was "could not
   * read" */
  {
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *base = g_path_get_basename (fixture->path);
    g_autoptr(CvTrustStore) store = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (g_chdir (dir), ==, 0);
    store = cv_trust_store_new (base);
    g_assert_false (cv_trust_store_load (store, &error));
    g_assert_cmpint (g_chdir (cwd), ==, 0);
    g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
    g_assert_nonnull (strstr (error->message, "another program"));
  }

  /* Finding: SQLite's magic followed by garbage was "another program's"; it is
   * a damaged file */
  {
    g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
    g_autoptr(GError) error = NULL;
    guchar garbage[4096];
    Snapshot shot = { 0 };

    memcpy (garbage, "SQLite format 3", 16);
    for (gsize i = 16; i < sizeof garbage; i++)
      garbage[i] = (guchar) (i * 131 + 7);
    g_assert_true (g_file_set_contents_full (fixture->path, (const char *) garbage,
                                             sizeof garbage, 0, 0600, NULL));
    snapshot (fixture->path, &shot);
    g_assert_false (cv_trust_store_load (store, &error));
    g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
    g_assert_nonnull (strstr (error->message, "is damaged"));
    g_assert_nonnull (strstr (error->message, "left as it is"));
    assert_untouched (fixture->path, &shot);
  }
}

/*
 * Finding: a damaged store was renamed aside by whichever program read it first,
 * and concurrent writers then lost every decision. Now it is reported and left
 * where it is, byte for byte.
 */
static void
test_damaged_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) reader = NULL;
  g_autoptr(CvTrustEntry) entry = make_entry ("h", 21, CV_TRUST_DECISION_TRUST, "01",
                                              "sha256//x=");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *listing = NULL;
  Snapshot shot = { 0 };
  int fd;

  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_clear_object (&store);

  /* Garbage over the schema in the first page, after the 100-byte header */
  fd = g_open (fixture->path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "\xde\xad\xbe\xef garbage garbage garbage garbage", 36, 100),
                   ==, 36);
  g_assert_cmpint (pwrite (fd, "\xff\xff\xff\xff\xff\xff\xff\xff", 8, 3000), ==, 8);
  close (fd);
  snapshot (fixture->path, &shot);

  reader = cv_trust_store_new (fixture->path);
  if (cv_trust_store_load (reader, &error))
    g_assert_null (cv_trust_store_list (reader, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_nonnull (strstr (error->message, "left as it is"));
  g_clear_error (&error);

  store = cv_trust_store_new (fixture->path);
  g_assert_false (cv_trust_store_save (store, entry, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);

  assert_untouched (fixture->path, &shot);
  listing = list_dir (dir);
  g_assert_false (strstr (listing, "damaged") != NULL);
}

/* Findings: a FIFO hung every command; /dev/null got "chmod 600" advice; an empty
 * name made ./.lock; a link to one's own store was refused while a dangling one
 * was written through */
static void
test_unusual_files (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (fixture->dir, "fifo", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, "link.db", NULL);
  g_autofree char *dangling = g_build_filename (fixture->dir, "dangling.db", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "nowhere.db", NULL);
  g_autoptr(CvTrustEntry) entry = make_entry ("h", 21, CV_TRUST_DECISION_TRUST, "01",
                                              "sha256//x=");
  const struct { const char *path; const char *says; CvErrorRemedy remedy; } refused[] = {
    { fifo, "named pipe", CV_ERROR_REMEDY_OTHER_FILE },
    { "/dev/null", "device", CV_ERROR_REMEDY_OTHER_FILE },
    { fixture->dir, "folder", CV_ERROR_REMEDY_OTHER_FILE },
    { "", "No file is named", CV_ERROR_REMEDY_NAME_FILE },
    { dangling, "does not exist", CV_ERROR_REMEDY_NONE },
  };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink (nowhere, dangling), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(CvTrustStore) store = cv_trust_store_new (refused[i].path);
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_assert_false (cv_trust_store_load (store, &error));
      g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
      g_assert_nonnull (strstr (error->message, refused[i].says));
      g_assert_null (strstr (error->message, "chmod"));
      assert_remedy (error, refused[i].remedy);
      g_clear_error (&error);
      g_assert_false (cv_trust_store_save (store, entry, &error));
      g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
    }
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (".lock", G_FILE_TEST_EXISTS));

  /* A link to one's own store is that store */
  {
    g_autoptr(CvTrustStore) real = cv_trust_store_new (fixture->path);
    g_autoptr(CvTrustStore) linked = cv_trust_store_new (link);
    g_autoptr(CvTrustEntry) found = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (cv_trust_store_save (real, entry, &error));
    g_assert_cmpint (symlink (fixture->path, link), ==, 0);
    g_assert_true (cv_trust_store_load (linked, &error));
    g_assert_no_error (error);
    found = cv_trust_store_lookup (linked, "h", 21, &error);
    g_assert_nonnull (found);
    g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  }
}

static void
test_unsafe_file (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) again = NULL;
  g_autoptr(CvTrustEntry) entry = make_entry ("h", 21, CV_TRUST_DECISION_TRUST, "01",
                                              "sha256//x=");
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_clear_object (&store);
  g_assert_cmpint (g_chmod (fixture->path, 0666), ==, 0);

  again = cv_trust_store_new (fixture->path);
  g_assert_false (cv_trust_store_load (again, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_clear_error (&error);
  /* Nor is a decision saved into it, and its mode is the user's to change */
  g_assert_false (cv_trust_store_save (again, entry, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_clear_error (&error);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0666);

  g_assert_cmpint (g_chmod (fixture->path, 0600), ==, 0);
  if (geteuid () == 0)
    {
      g_autoptr(CvTrustStore) given = cv_trust_store_new (fixture->path);

      /* Root can hand the file to somebody else: then it is not root's */
      g_assert_cmpint (chown (fixture->path, 65534, 65534), ==, 0);
      g_assert_false (cv_trust_store_load (given, &error));
      g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
      g_assert_nonnull (strstr (error->message, "another user"));
    }
}

/* Finding: SQLite reads a write-ahead log beside the store as part of it, so
 * another user who could put one there (a store in /tmp) turned a saved
 * rejection into a trust of their certificate. A log, journal or shared-memory
 * file that is not the user's own and private is refused, as the store itself
 * would be, also before the store exists. */
static void
test_planted_companions (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) entry = make_entry ("evil.example", 21, CV_TRUST_DECISION_REJECT,
                                              "01", "sha256//x=");
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (fixture->path, "-journal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_save (store, entry, &error));
  g_clear_object (&store);
  g_remove (wal);
  g_remove (shm);

  /* Writable by others */
  g_assert_true (g_file_set_contents (wal, "planted", -1, NULL));
  g_assert_cmpint (g_chmod (wal, 0666), ==, 0);
  store = cv_trust_store_new (fixture->path);
  g_assert_false (cv_trust_store_load (store, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "-wal”, which SQLite reads as part of it, can be "
                                            "changed by other users"));
  g_clear_error (&error);
  g_assert_null (cv_trust_store_lookup (store, "evil.example", 21, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_clear_error (&error);
  g_clear_object (&store);
  g_assert_cmpint (g_remove (wal), ==, 0);

  /* A link */
  g_assert_cmpint (symlink ("/tmp/elsewhere-journal", journal), ==, 0);
  store = cv_trust_store_new (fixture->path);
  g_assert_false (cv_trust_store_load (store, &error));
  g_assert_nonnull (strstr (error->message, "is not a plain file"));
  g_clear_error (&error);
  g_clear_object (&store);
  g_assert_cmpint (g_remove (journal), ==, 0);

  /* Another user's */
  if (geteuid () == 0)
    {
      g_assert_true (g_file_set_contents (shm, "", 0, NULL));
      g_assert_cmpint (g_chmod (shm, 0600), ==, 0);
      g_assert_cmpint (chown (shm, 65534, 65534), ==, 0);
      store = cv_trust_store_new (fixture->path);
      g_assert_false (cv_trust_store_load (store, &error));
      g_assert_nonnull (strstr (error->message, "belongs to another user"));
      g_clear_error (&error);
      g_clear_object (&store);
      g_assert_cmpint (g_remove (shm), ==, 0);
    }

  /* Its own, private: the store reads as before */
  store = cv_trust_store_new (fixture->path);
  g_assert_true (cv_trust_store_load (store, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CvTrustEntry) found = cv_trust_store_lookup (store, "evil.example", 21, &error);

    g_assert_no_error (error);
    g_assert_nonnull (found);
    g_assert_cmpint (cv_trust_entry_get_decision (found), ==, CV_TRUST_DECISION_REJECT);
  }
  g_clear_object (&store);

  /* Before the store exists: not made, to take in what was left there */
  g_assert_cmpint (g_remove (fixture->path), ==, 0);
  g_remove (wal);
  g_remove (shm);
  g_assert_true (g_file_set_contents (wal, "planted", -1, NULL));
  g_assert_cmpint (g_chmod (wal, 0622), ==, 0);
  store = cv_trust_store_new (fixture->path);
  g_assert_false (cv_trust_store_save (store, entry, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_clear_error (&error);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_remove (wal), ==, 0);
}

static GSubprocess *
spawn_writer (const char *self_path,
              const char *path,
              const char *name,
              guint       count)
{
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--writer", path,
                              name, count_text, NULL);
  g_assert_no_error (error);
  return process;
}

/* Eight processes saving at once lose nothing; repeated to shake out races */
static void
test_concurrent_writers (Fixture       *fixture,
                         gconstpointer  data)
{
  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(GPtrArray) writers = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_path_get_dirname (fixture->path);

      cv_test_remove_tree (dir);
      for (guint i = 0; i < N_WRITERS; i++)
        {
          g_autofree char *name = g_strdup_printf ("writer%u", i);

          g_ptr_array_add (writers, spawn_writer (data, fixture->path, name, SAVES_PER_WRITER));
        }
      for (guint i = 0; i < writers->len; i++)
        {
          g_subprocess_wait_check (g_ptr_array_index (writers, i), NULL, &error);
          g_assert_no_error (error);
        }

      g_assert_cmpuint (count_entries (fixture->path), ==, N_WRITERS * SAVES_PER_WRITER);
    }
}

/*
 * Finding: Saved Decisions, which keeps the store open and reads it again on a
 * worker when other programs write it, lost the store: "No such file or
 * directory" until the window was closed. Its connection held a journal and a
 * shared-memory file that another program had deleted. An open store reads
 * others' writes, whatever became of those files meanwhile.
 */
static void
test_others_write_while_open (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CvTrustStore) open_store = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) first = make_entry ("first.example", 21, CV_TRUST_DECISION_TRUST,
                                              "01", "sha256//f=");
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_save (open_store, first, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 4; round++)
    {
      g_autofree char *name = g_strdup_printf ("round%u", round);
      g_autoptr(GSubprocess) writer = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      /* Another reader in the same program comes and goes, as the window's does */
      {
        g_autoptr(CvTrustStore) reader = cv_trust_store_new (fixture->path);
        g_autoptr(GPtrArray) read = cv_trust_store_list (reader, &error);

        g_assert_no_error (error);
        g_assert_nonnull (read);
      }

      /* Another program writes, and as the last one out takes the journal away */
      writer = spawn_writer (data, fixture->path, name, 2);
      g_subprocess_wait_check (writer, NULL, &error);
      g_assert_no_error (error);

      entries = cv_trust_store_list (open_store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (entries->len, ==, 1 + 2 * (round + 1));
    }
}

/*
 * Finding: with two stores open on one file in one program (a list of saved
 * servers, and the prompt saving a decision), the decisions other programs saved
 * meanwhile were lost, and the program's next store said the file did not exist.
 * Looking at the file opened and closed it, and closing any descriptor of a file
 * ends every lock the process holds on it: the other store's connection lost its
 * lock, and another program, thinking itself the last one out, took the journal
 * that connection was still writing to.
 */
static void
test_two_stores_one_program (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CvTrustStore) listed = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustStore) saving = cv_trust_store_new (fixture->path);
  g_autoptr(CvTrustEntry) seed = make_entry ("seed.example", 21, CV_TRUST_DECISION_TRUST, "01",
                                             "sha256//s=");
  g_autoptr(GError) error = NULL;

  g_assert_true (cv_trust_store_save (listed, seed, &error));
  g_assert_no_error (error);
  g_assert_true (cv_trust_store_load (listed, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *host = g_strdup_printf ("mine%u.example", round);
      g_autofree char *name = g_strdup_printf ("other%u", round);
      g_autoptr(CvTrustEntry) entry = make_entry (host, 21, CV_TRUST_DECISION_TRUST, "02",
                                                  "sha256//m=");
      g_autoptr(GSubprocess) writer = NULL;

      g_assert_true (cv_trust_store_save (saving, entry, &error));
      g_assert_no_error (error);

      writer = spawn_writer (data, fixture->path, name, 1);
      g_subprocess_wait_check (writer, NULL, &error);
      g_assert_no_error (error);
    }

  /* Every decision is in the file, for this program and for others */
  g_assert_cmpuint (count_entries (fixture->path), ==, 1 + 5 + 5);
  g_assert_true (cv_trust_store_load (listed, &error));
  g_assert_no_error (error);
}

/* A writer killed at any moment loses no decision that was saved, and leaves no
 * file behind but the store and its journal */
static void
test_killed_writer (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CvTrustStore) seed = cv_trust_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *listing = NULL;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *host = g_strdup_printf ("seed%u.example", i);
      g_autoptr(CvTrustEntry) entry = make_entry (host, 21, CV_TRUST_DECISION_TRUST, "01",
                                                  "sha256//x=");

      g_assert_true (cv_trust_store_save (seed, entry, &error));
    }
  g_clear_object (&seed);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(GSubprocess) writer = spawn_writer (data, fixture->path, "killed", 100000);

      g_usleep (g_random_int_range (5, 60) * 1000);
      g_subprocess_send_signal (writer, SIGKILL);
      g_subprocess_wait (writer, NULL, NULL);

      g_assert_cmpuint (count_entries (fixture->path), >=, 20);
    }

  listing = list_dir (dir);
  g_assert_true (g_str_equal (listing, "trust.db") ||
                 g_str_equal (listing, "trust.db trust.db-shm trust.db-wal"));
}

static int
run_writer (const char *path,
            const char *name,
            guint       count)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (path);

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *host = g_strdup_printf ("%s-%u.example", name, i);
      g_autoptr(CvTrustEntry) entry = make_entry (host, 21, CV_TRUST_DECISION_TRUST, "01",
                                                  "sha256//x=");
      g_autoptr(GError) error = NULL;

      if (!cv_trust_store_save (store, entry, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  return 0;
}

#define ADD(name, func) \
  g_test_add ("/certview/trust-store/" name, Fixture, self_path, fixture_setup, func, \
              fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  const char *self_path = argv[0];

  if (argc == 5 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], argv[3], (guint) atoi (argv[4]));

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/certview/trust-store/match", test_match);
  g_test_add_func ("/certview/trust-store/normalize-host", test_normalize_host);
  g_test_add_func ("/certview/trust-store/parse-server", test_parse_server);
  ADD ("save-mode-lookup", test_save_mode_and_lookup);
  ADD ("malformed-fingerprints", test_malformed_fingerprints);
  ADD ("normalized-keys", test_normalized_keys);
  ADD ("merge", test_merge);
  ADD ("forgotten-stays-forgotten", test_forgotten_stays_forgotten);
  ADD ("save-over-seen", test_save_over_seen);
  ADD ("touch-writes-one-row", test_touch_writes_one_row);
  ADD ("other-names", test_other_names);
  ADD ("other-names-no-address", test_other_names_no_address);
  ADD ("touch-does-not-wait", test_touch_does_not_wait);
  ADD ("covering-reject-first", test_covering_reject_first);
  ADD ("import", test_import);
  ADD ("newer-version", test_newer_version);
  ADD ("not-a-store", test_not_a_store);
  ADD ("damaged-file", test_damaged_file);
  ADD ("locked-by-another", test_locked_by_another);
  ADD ("unusual-files", test_unusual_files);
  ADD ("unsafe-file", test_unsafe_file);
  ADD ("planted-companions", test_planted_companions);
  ADD ("concurrent-writers", test_concurrent_writers);
  ADD ("others-write-while-open", test_others_write_while_open);
  ADD ("two-stores-one-program", test_two_stores_one_program);
  ADD ("killed-writer", test_killed_writer);

  return g_test_run ();
}
