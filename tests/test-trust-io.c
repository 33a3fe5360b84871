/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-certificate.h"
#include "cv-error.h"
#include "cv-test-util.h"
#include "cv-trust-io.h"

#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <string.h>

#define SHA_A "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:" \
              "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89"
#define SHA_B "01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:" \
              "11:12:13:14:15:16:17:18:19:1a:1b:1c:1d:1e:1f:20"
#define PIN_A "sha256//AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define PIN_B "sha256//ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="
#define NOW 1717171717

/* Certificates with fresh keys, issued once: leaves for ftp.example.com, for
 * localhost (names 127.0.0.1 and ::1 too), and another for ftp.example.com with a
 * key of its own */
typedef struct
{
  GBytes *ftp;
  GBytes *localhost;
  GBytes *other;
} Leaves;

static CvCertificate *
certificate_of (GBytes *der)
{
  g_autoptr(GError) error = NULL;
  CvCertificate *certificate = cv_certificate_new_from_der (der, &error);

  g_assert_no_error (error);
  return certificate;
}

static CvTrustEntry *
make_entry (const char         *host,
            guint16             port,
            const char         *decision,
            const char         *subject,
            const char * const *names,
            const char * const *accepted)
{
  CvTrustEntryFields fields = {
    .host = host,
    .port = port,
    .decision = decision,
    .certificate_sha256 = SHA_A,
    .public_key_pin = PIN_A,
    .subject = subject,
    .issuer = "CN=Issuer, O=Certview",
    .not_after = 1893456000,
    .created = 1700000000,
    .last_seen = 1700000100,
    .names = names,
    .accepted = accepted,
  };
  CvTrustEntry *entry = cv_trust_entry_new_full (&fields);

  g_assert_nonnull (entry);
  return entry;
}

static void
assert_same_entries (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      CvTrustEntry *x = g_ptr_array_index (a, i);
      CvTrustEntry *y = g_ptr_array_index (b, i);

      g_assert_true (cv_trust_entry_same_decision (x, y));
      g_assert_cmpint (cv_trust_entry_get_decision (x), ==, cv_trust_entry_get_decision (y));
      g_assert_cmpstr (cv_trust_entry_get_subject (x), ==, cv_trust_entry_get_subject (y));
      g_assert_cmpstr (cv_trust_entry_get_issuer (x), ==, cv_trust_entry_get_issuer (y));
      g_assert_cmpint (cv_trust_entry_get_not_after (x), ==, cv_trust_entry_get_not_after (y));
      g_assert_cmpint (cv_trust_entry_get_created (x), ==, cv_trust_entry_get_created (y));
      g_assert_cmpint (cv_trust_entry_get_last_seen (x), ==, cv_trust_entry_get_last_seen (y));
    }
}

static GPtrArray *
parse_json_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = cv_trust_io_parse_json (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

/* JSON */

static void
test_json_round_trip (void)
{
  static const char * const names[] = { "WWW.Example.com", "*.example.com", NULL };
  static const char * const accepted[] = { "self-signed", "expired", NULL };
  static const char * const none[] = { NULL };
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  CvTrustEntry *entry;

  g_ptr_array_add (entries, make_entry ("FTP.Example.COM.", 21, "trust",
                                        " leading space\nnew line\\back\ttab\r \"quoted\"",
                                        names, accepted));
  g_ptr_array_add (entries, make_entry ("0:0::1", 990, "reject",
                                        "CN=Ünïcode 日本語, O=\"Quoted, Inc.\"", NULL, NULL));
  g_ptr_array_add (entries, make_entry ("192.0.2.7", 65535, "pin-only", "", NULL, none));
  /* The first and last second a time stamp can hold */
  {
    CvTrustEntryFields fields = {
      .host = "edge.example",
      .port = 1,
      .decision = "trust",
      .certificate_sha256 = SHA_B,
      .public_key_pin = PIN_B,
      .not_after = G_GINT64_CONSTANT (-62135596800),
      .created = G_GINT64_CONSTANT (253402300799),
      .last_seen = -1,
    };

    g_ptr_array_add (entries, cv_trust_entry_new_full (&fields));
  }

  text = cv_trust_io_to_json (entries);
  g_assert_true (g_str_has_suffix (text, "}\n"));
  /* Pretty printed */
  g_assert_nonnull (strstr (text, "\n  \"decisions\""));

  parsed = parse_json_ok (text);
  assert_same_entries (entries, parsed);

  entry = g_ptr_array_index (parsed, 0);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "ftp.example.com:21");
  g_assert_cmpstrv (cv_trust_entry_get_names (entry),
                    ((const char * const[]) { "*.example.com", "www.example.com", NULL }));
  g_assert_cmpstrv (cv_trust_entry_get_accepted (entry), accepted);
  entry = g_ptr_array_index (parsed, 1);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "[::1]:990");
  g_assert_null (cv_trust_entry_get_accepted (entry));
  entry = g_ptr_array_index (parsed, 2);
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_OTHER);
  g_assert_cmpstr (cv_trust_entry_get_decision_name (entry), ==, "pin-only");
  g_assert_nonnull (cv_trust_entry_get_accepted (entry));
  g_assert_cmpstrv (cv_trust_entry_get_accepted (entry), none);

  g_assert_nonnull (strstr (text, "\"0001-01-01T00:00:00Z\""));
  g_assert_nonnull (strstr (text, "\"9999-12-31T23:59:59Z\""));
  g_assert_nonnull (strstr (text, "\"1969-12-31T23:59:59Z\""));

  /* Writing what was read gives the same file */
  again = cv_trust_io_to_json (parsed);
  g_assert_cmpstr (text, ==, again);
}

static void
test_json_empty (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *text = cv_trust_io_to_json (entries);

  parsed = parse_json_ok (text);
  g_assert_cmpuint (parsed->len, ==, 0);
}

/* No JSON at all: said to be empty, as the reader of any format says */
static void
test_json_blank (void)
{
  const char *blanks[] = { "", " \n\t", "\xef\xbb\xbf\n" };

  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      g_autoptr(GPtrArray) parsed = NULL;
      g_autoptr(GError) error = NULL;

      parsed = cv_trust_io_parse_json (blanks[i], strlen (blanks[i]), &error);
      g_assert_null (parsed);
      g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
      g_assert_cmpstr (error->message, ==, "The file is empty: it holds no decisions to import.");
    }
}

/* The documented form, from a later version with members this one does not know */
static void
test_json_document (void)
{
  static const char text[] =
    "{ \"format\": \"certview-trust-store\", \"version\": 2, \"comment\": [1, {\"x\": null}],\n"
    "  \"decisions\": [ { \"host\": \"ftp.example.com\", \"port\": 21, \"decision\": \"trust\",\n"
    "      \"certificate-sha256\": \"" SHA_A "\", \"public-key-pin\": \"" PIN_A "\",\n"
    "      \"subject\": \"CN=ftp.example.com\", \"issuer\": \"CN=Issuer\",\n"
    "      \"not-after\": \"2030-01-01T00:00:00Z\", \"created\": \"2024-02-29T12:00:00Z\",\n"
    "      \"last-seen\": \"2024-03-01T23:59:59Z\", \"colour\": \"blue\",\n"
    "      \"names\": [\"www.example.com\"], \"accepted-problems\": [\"self-signed\"] },\n"
    "    { \"host\": \"ftp.example.com\", \"port\": 990, \"decision\": \"reject\",\n"
    "      \"certificate-sha256\": \"" SHA_B "\", \"public-key-pin\": \"" PIN_B "\",\n"
    "      \"not-after\": \"0001-01-01T00:00:00Z\", \"created\": \"9999-12-31T23:59:59Z\",\n"
    "      \"last-seen\": \"1970-01-01T00:00:00Z\", \"names\": null,\n"
    "      \"accepted-problems\": null } ] }";
  g_autoptr(GPtrArray) entries = parse_json_ok (text);
  CvTrustEntry *entry;

  g_assert_cmpuint (entries->len, ==, 2);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "ftp.example.com:21");
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_TRUST);
  g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (entry), ==, SHA_A);
  g_assert_cmpstr (cv_trust_entry_get_public_key_pin (entry), ==, PIN_A);
  g_assert_cmpstr (cv_trust_entry_get_subject (entry), ==, "CN=ftp.example.com");
  g_assert_cmpint (cv_trust_entry_get_not_after (entry), ==, 1893456000);
  g_assert_cmpint (cv_trust_entry_get_created (entry), ==, 1709208000);
  g_assert_cmpint (cv_trust_entry_get_last_seen (entry), ==, 1709337599);
  g_assert_true (cv_trust_entry_covers (entry, "www.example.com"));
  g_assert_cmpstrv (cv_trust_entry_get_accepted (entry),
                    ((const char * const[]) { "self-signed", NULL }));

  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_REJECT);
  g_assert_cmpstr (cv_trust_entry_get_subject (entry), ==, "");
  g_assert_cmpint (cv_trust_entry_get_not_after (entry), ==, G_GINT64_CONSTANT (-62135596800));
  g_assert_cmpint (cv_trust_entry_get_created (entry), ==, G_GINT64_CONSTANT (253402300799));
  g_assert_cmpint (cv_trust_entry_get_last_seen (entry), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) cv_trust_entry_get_names (entry)), ==, 0);
  g_assert_null (cv_trust_entry_get_accepted (entry));
}

/* One invalid member of the second decision, or a whole document */
typedef struct
{
  const char *name;
  /* The member of decision 2 to replace, with its new JSON value (NULL: left out) */
  const char *member;
  const char *value;
  /* Or the whole file */
  const char *document;
  /* In the message */
  const char *expected;
} JsonCase;

static const char * const base_members[][2] = {
  { "host", "\"b.example\"" },
  { "port", "21" },
  { "decision", "\"trust\"" },
  { "certificate-sha256", "\"" SHA_B "\"" },
  { "public-key-pin", "\"" PIN_B "\"" },
  { "subject", "\"CN=b\"" },
  { "issuer", "\"CN=i\"" },
  { "not-after", "\"2030-01-01T00:00:00Z\"" },
  { "created", "\"2024-01-01T00:00:00Z\"" },
  { "last-seen", "\"2024-01-01T00:00:00Z\"" },
  { "names", "[\"www.b.example\"]" },
  { "accepted-problems", "null" },
};

#define NUL_DOCUMENT "{ \"format\"\0: 1 }"

static const JsonCase json_cases[] = {
  { "not-json", NULL, NULL, "{ \"format\": ", "not valid JSON" },
  { "trailing-garbage", NULL, NULL, "{ \"format\": 1 } x", "not valid JSON" },
  { "trailing-comma", NULL, NULL, "{ \"format\": 1, }", "not valid JSON" },
  /* Finding: where it went wrong read "<data>:1:15:" */
  { "where", NULL, NULL, "{ \"format\": 1, }", "goes wrong at line 1, column " },
  { "not-utf8", NULL, NULL, "{ \"format\": \"\xff\" }", "not UTF-8" },
  { "nul-byte", NULL, NULL, NUL_DOCUMENT, "not UTF-8" },
  { "too-deep", NULL, NULL,
    "{\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    "nests" },
  { "root-not-object", NULL, NULL, "[1, 2]", "not a Certview export" },
  { "format-missing", NULL, NULL, "{ \"version\": 1, \"decisions\": [] }",
    "not a Certview export" },
  { "format-other", NULL, NULL,
    "{ \"format\": \"other-store\", \"version\": 1, \"decisions\": [] }",
    "not a Certview export" },
  { "version-missing", NULL, NULL, "{ \"format\": \"certview-trust-store\", \"decisions\": [] }",
    "version" },
  { "version-zero", NULL, NULL,
    "{ \"format\": \"certview-trust-store\", \"version\": 0, \"decisions\": [] }", "version" },
  { "version-text", NULL, NULL,
    "{ \"format\": \"certview-trust-store\", \"version\": \"1\", \"decisions\": [] }",
    "version" },
  { "decisions-missing", NULL, NULL, "{ \"format\": \"certview-trust-store\", \"version\": 1 }",
    "no list of decisions" },
  { "decisions-object", NULL, NULL,
    "{ \"format\": \"certview-trust-store\", \"version\": 1, \"decisions\": {} }",
    "no list of decisions" },
  { "decision-not-object", NULL, NULL,
    "{ \"format\": \"certview-trust-store\", \"version\": 1, \"decisions\": [ 7 ] }",
    "Decision 1 in the file is invalid: it is not an object" },
  { "host-missing", "host", NULL, NULL, "the host is missing or not text" },
  { "host-number", "host", "42", NULL, "the host is missing or not text" },
  { "host-space", "host", "\"b example\"", NULL, "the host is not a server name" },
  { "host-brackets", "host", "\"[::1]\"", NULL, "the host is not a server name" },
  { "host-dots", "host", "\"b..\"", NULL, "the host is not a server name" },
  /* Finding: taken, and then --check-trusted called it no server name */
  { "host-wildcard", "host", "\"*.wild.example.com\"", NULL, "the host is a wildcard" },
  { "port-missing", "port", NULL, NULL, "the port is not a number from 1 to 65535" },
  { "port-zero", "port", "0", NULL, "the port is not a number from 1 to 65535" },
  { "port-too-large", "port", "65536", NULL, "the port is not a number from 1 to 65535" },
  { "port-negative", "port", "-21", NULL, "the port is not a number from 1 to 65535" },
  { "port-text", "port", "\"21\"", NULL, "the port is not a number from 1 to 65535" },
  { "port-fraction", "port", "21.5", NULL, "the port is not a number from 1 to 65535" },
  { "decision-missing", "decision", NULL, NULL, "the decision is missing or not text" },
  { "decision-number", "decision", "1", NULL, "the decision is missing or not text" },
  { "decision-empty", "decision", "\"\"", NULL, "the decision is not a word" },
  { "decision-control", "decision", "\"tr\\u0007ust\"", NULL, "the decision is not a word" },
  { "sha256-missing", "certificate-sha256", NULL, NULL,
    "“certificate-sha256” is missing or not text" },
  { "sha256-number", "certificate-sha256", "12", NULL,
    "“certificate-sha256” is missing or not text" },
  { "sha256-short", "certificate-sha256", "\"ab:cd\"", NULL, "a fingerprint is malformed" },
  { "sha256-alphabet", "certificate-sha256",
    "\"zz:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:"
    "11:12:13:14:15:16:17:18:19:1a:1b:1c:1d:1e:1f:20\"", NULL, "a fingerprint is malformed" },
  { "sha256-no-colons", "certificate-sha256",
    "\"0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20000000000000000000"
    "000000000000\"", NULL, "a fingerprint is malformed" },
  { "pin-missing", "public-key-pin", NULL, NULL, "“public-key-pin” is missing or not text" },
  { "pin-no-prefix", "public-key-pin",
    "\"sha384//ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=\"", NULL,
    "a fingerprint is malformed" },
  { "pin-alphabet", "public-key-pin",
    "\"sha256//ICEiIyQlJicoKSorLC0uLz!xMjM0NTY3ODk6Ozw9Pj8=\"", NULL,
    "a fingerprint is malformed" },
  { "pin-short", "public-key-pin", "\"sha256//ICEiIyQl\"", NULL, "a fingerprint is malformed" },
  { "subject-number", "subject", "1", NULL, "the subject or issuer is not text" },
  { "issuer-list", "issuer", "[]", NULL, "the subject or issuer is not text" },
  { "not-after-missing", "not-after", NULL, NULL, "“not-after” is missing or not a date" },
  { "created-number", "created", "1700000000", NULL, "“created” is missing or not a date" },
  { "last-seen-space", "last-seen", "\"2024-01-01 00:00:00Z\"", NULL,
    "“last-seen” is missing or not a date" },
  { "date-no-zone", "not-after", "\"2030-01-01T00:00:00\"", NULL,
    "“not-after” is missing or not a date" },
  { "date-month-13", "not-after", "\"2030-13-01T00:00:00Z\"", NULL,
    "“not-after” is missing or not a date" },
  { "date-february-30", "not-after", "\"2030-02-30T00:00:00Z\"", NULL,
    "“not-after” is missing or not a date" },
  { "date-hour-24", "not-after", "\"2030-01-01T24:00:00Z\"", NULL,
    "“not-after” is missing or not a date" },
  { "date-leap-second", "not-after", "\"2016-12-31T23:59:60Z\"", NULL,
    "“not-after” is missing or not a date" },
  { "date-year-zero", "not-after", "\"0000-01-01T00:00:00Z\"", NULL,
    "“not-after” is missing or not a date" },
  { "names-text", "names", "\"www.b.example\"", NULL, "the further names are not a list" },
  { "names-number", "names", "[1]", NULL, "the further names are not a list" },
  { "names-bad-name", "names", "[\"bad name\"]", NULL, "a further name is not a server name" },
  /* Finding: an address among the names was kept, and the decision answered for it */
  { "names-address", "names", "[\"127.0.0.1\"]", NULL, "a further name is an IP address" },
  { "names-address-v6", "names", "[\"::1\"]", NULL, "a further name is an IP address" },
  { "accepted-object", "accepted-problems", "{}", NULL, "the accepted problems are not a list" },
  { "accepted-null-element", "accepted-problems", "[null]", NULL,
    "the accepted problems are not a list" },
  { "accepted-empty", "accepted-problems", "[\"\"]", NULL, "an accepted problem is not a word" },
  { "listed-twice", "host", "\"A.Example.\"", NULL, "the server is listed twice" },
};

static char *
json_case_document (const JsonCase *test)
{
  GString *text = g_string_new (
    "{\"format\": \"certview-trust-store\", \"version\": 1, \"decisions\": [\n"
    "  {\"host\": \"a.example\", \"port\": 21, \"decision\": \"trust\", "
    "\"certificate-sha256\": \"" SHA_A "\", \"public-key-pin\": \"" PIN_A "\", "
    "\"not-after\": \"2030-01-01T00:00:00Z\", \"created\": \"2024-01-01T00:00:00Z\", "
    "\"last-seen\": \"2024-01-01T00:00:00Z\"},\n  {");
  gboolean first = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (base_members); i++)
    {
      const char *value = base_members[i][1];

      if (g_str_equal (base_members[i][0], test->member))
        value = test->value;
      if (value == NULL)
        continue;
      g_string_append_printf (text, "%s\"%s\": %s", first ? "" : ", ", base_members[i][0],
                              value);
      first = FALSE;
    }
  g_string_append (text, "}]}\n");
  return g_string_free (text, FALSE);
}

static void
test_json_invalid (gconstpointer data)
{
  const JsonCase *test = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *text = NULL;
  gsize len;

  if (test->document != NULL)
    {
      /* "nul-byte" holds a NUL: its length is the literal's */
      len = g_str_equal (test->name, "nul-byte") ? sizeof (NUL_DOCUMENT) - 1
                                                 : strlen (test->document);
      text = g_memdup2 (test->document, len);
    }
  else
    {
      text = json_case_document (test);
      len = strlen (text);
    }

  entries = cv_trust_io_parse_json (text, len, &error);
  g_assert_null (entries);
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  if (strstr (error->message, test->expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, test->expected);
  /* Which decision: always the second one here */
  if (test->member != NULL)
    g_assert_nonnull (strstr (error->message, "Decision 2 "));
}

/* The JSON case's own text works when the member is good: the table tests one
 * thing at a time */
static void
test_json_invalid_base (void)
{
  JsonCase good = { "good", "none", NULL, NULL, NULL };
  g_autofree char *text = json_case_document (&good);
  g_autoptr(GPtrArray) entries = parse_json_ok (text);

  g_assert_cmpuint (entries->len, ==, 2);
}

/* The Certview 0.1 key file */

static const char legacy_good[] =
  "# Certview: saved certificate trust decisions. Manage them with\n"
  "# certview --list-trusted and --forget HOST:PORT.\n"
  "\n"
  "[FTP.Example.COM:21]\n"
  "decision=trust\n"
  "certificate-sha256=" SHA_A "\n"
  "public-key-pin=" PIN_A "\n"
  "subject=\\sleading space\\nnew line\\\\back\\ttab\\r\n"
  "issuer=CN=Ünïcode, O=\"Quoted, Inc.\"\n"
  "not-after=2030-01-01T00:00:00Z\n"
  "created=2023-11-14T22:13:20Z\n"
  "last-seen=2023-11-14T22:15:00Z\n"
  "\r\n"
  "[[0:0::1]:990]\r\n"
  "decision=reject\r\n"
  "certificate-sha256=" SHA_B "\r\n"
  "public-key-pin=" PIN_B "\r\n"
  "future-key=whatever\r\n"
  "subject=CN=x\r\n"
  "not-after=9999-12-31T23:59:59Z\r\n"
  "created=1970-01-01T00:00:00Z\r\n"
  "last-seen=2038-01-19T03:14:08Z\r\n"
  "\n"
  "[192.0.2.1:2121]\n"
  "decision=pin-only\n"
  "certificate-sha256=" SHA_B "\n"
  "public-key-pin=" PIN_A "\n"
  "not-after=2030-01-01T00:00:00Z\n"
  "created=2024-01-01T00:00:00Z\n"
  "last-seen=2024-01-01T00:00:00Z";

static const char legacy_ipv6_first[] =
  "[[::1]:990]\n"
  "decision=reject\n"
  "certificate-sha256=" SHA_B "\n"
  "public-key-pin=" PIN_B "\n"
  "subject=CN=x\n"
  "not-after=2030-01-01T00:00:00Z\n"
  "created=2024-01-01T00:00:00Z\n"
  "last-seen=2024-01-01T00:00:00Z\n";

static void
test_legacy_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *json = NULL;
  CvTrustEntry *entry;

  entries = cv_trust_io_parse_legacy (legacy_good, strlen (legacy_good), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);

  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "ftp.example.com:21");
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_TRUST);
  g_assert_cmpstr (cv_trust_entry_get_subject (entry), ==,
                   " leading space\nnew line\\back\ttab\r");
  g_assert_cmpstr (cv_trust_entry_get_issuer (entry), ==, "CN=Ünïcode, O=\"Quoted, Inc.\"");
  g_assert_cmpint (cv_trust_entry_get_not_after (entry), ==, 1893456000);
  g_assert_cmpint (cv_trust_entry_get_created (entry), ==, 1700000000);
  g_assert_cmpint (cv_trust_entry_get_last_seen (entry), ==, 1700000100);
  g_assert_null (cv_trust_entry_get_accepted (entry));
  g_assert_cmpuint (g_strv_length ((char **) cv_trust_entry_get_names (entry)), ==, 0);

  /* CRLF lines, an IPv6 key in its canonical form, an unknown key passed over */
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "[::1]:990");
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_REJECT);
  g_assert_cmpstr (cv_trust_entry_get_subject (entry), ==, "CN=x");
  g_assert_cmpstr (cv_trust_entry_get_issuer (entry), ==, "");
  g_assert_cmpint (cv_trust_entry_get_not_after (entry), ==, G_GINT64_CONSTANT (253402300799));
  g_assert_cmpint (cv_trust_entry_get_last_seen (entry), ==, G_GINT64_CONSTANT (2147483648));

  /* A kind of decision from a later version is kept as it is */
  entry = g_ptr_array_index (entries, 2);
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_OTHER);
  g_assert_cmpstr (cv_trust_entry_get_decision_name (entry), ==, "pin-only");

  json = cv_trust_io_to_json (entries);
  again = parse_json_ok (json);
  assert_same_entries (entries, again);
}

/* A file edited by hand, with blanks where GLib's key files allow them */
static void
test_legacy_blanks (void)
{
  static const char text[] =
    "  # indented comment\n"
    " \t \n"
    "  [b.example:21] \t\n"
    "decision = trust\n"
    "\tcertificate-sha256 =\t" SHA_B "\n"
    "public-key-pin= " PIN_B "\r\n"
    "subject =  CN=b\n"
    "not-after =2030-01-01T00:00:00Z\n"
    "created = 2024-01-01T00:00:00Z\n"
    "last-seen = 2024-01-01T00:00:00Z\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  CvTrustEntry *entry;

  entries = cv_trust_io_parse_legacy (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "b.example:21");
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_TRUST);
  g_assert_cmpstr (cv_trust_entry_get_subject (entry), ==, "CN=b");
  g_assert_cmpint (cv_trust_entry_get_not_after (entry), ==, 1893456000);
}

static void
test_legacy_empty (void)
{
  static const char * const texts[] = { "", "# nothing saved yet\n\n", "\n\r\n" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = cv_trust_io_parse_legacy (texts[i], strlen (texts[i]),
                                                               &error);

      g_assert_no_error (error);
      g_assert_cmpuint (entries->len, ==, 0);
    }
}

#define LEGACY_GOOD_GROUP \
  "# first\n" \
  "[a.example:21]\n" \
  "decision=trust\n" \
  "certificate-sha256=" SHA_A "\n" \
  "public-key-pin=" PIN_A "\n" \
  "not-after=2030-01-01T00:00:00Z\n" \
  "created=2024-01-01T00:00:00Z\n" \
  "last-seen=2024-01-01T00:00:00Z\n" \
  "\n"
/* Lines 10-: a damaged group whose header is line 10 */
#define LEGACY_REST(decision, sha, pin, date) \
  "decision=" decision "\n" \
  "certificate-sha256=" sha "\n" \
  "public-key-pin=" pin "\n" \
  "not-after=" date "\n" \
  "created=2024-01-01T00:00:00Z\n" \
  "last-seen=2024-01-01T00:00:00Z\n"

typedef struct
{
  const char *name;
  const char *text;
  gsize       len;
  guint       line;
  const char *expected;
} LegacyCase;

#define LEGACY_CASE(name, text, line, expected) \
  { name, LEGACY_GOOD_GROUP text, sizeof (LEGACY_GOOD_GROUP text) - 1, line, expected }
#define GOOD_REST LEGACY_REST ("trust", SHA_B, PIN_B, "2030-01-01T00:00:00Z")

static const LegacyCase legacy_cases[] = {
  { "no-section", "decision=trust\n", 15, 1, "neither a section nor KEY=VALUE" },
  LEGACY_CASE ("not-key-value", "[b.example:21]\njust some words\n", 11,
               "neither a section nor KEY=VALUE"),
  LEGACY_CASE ("header-unclosed", "[b.example:21\n" GOOD_REST, 10,
               "a section header is malformed"),
  LEGACY_CASE ("header-empty", "[]\n" GOOD_REST, 10, "a section header is malformed"),
  LEGACY_CASE ("key-no-port", "[b.example]\n" GOOD_REST, 10, "the server is not HOST:PORT"),
  LEGACY_CASE ("key-port-zero", "[b.example:0]\n" GOOD_REST, 10,
               "the server is not HOST:PORT"),
  LEGACY_CASE ("key-port-too-large", "[b.example:65536]\n" GOOD_REST, 10,
               "the server is not HOST:PORT"),
  LEGACY_CASE ("key-v6-unbracketed", "[::1:21]\n" GOOD_REST, 10,
               "the server is not HOST:PORT"),
  LEGACY_CASE ("key-brackets-not-v6", "[[b.example]:21]\n" GOOD_REST, 10,
               "the server is not HOST:PORT"),
  LEGACY_CASE ("host-space", "[b example:21]\n" GOOD_REST, 10,
               "the host is not a server name"),
  LEGACY_CASE ("host-dots", "[b..:21]\n" GOOD_REST, 10, "the host is not a server name"),
  LEGACY_CASE ("host-wildcard", "[*.b.example:21]\n" GOOD_REST, 10, "the host is a wildcard"),
  LEGACY_CASE ("decision-missing", "[b.example:21]\ncertificate-sha256=" SHA_B "\n"
               "public-key-pin=" PIN_B "\nnot-after=2030-01-01T00:00:00Z\n"
               "created=2024-01-01T00:00:00Z\nlast-seen=2024-01-01T00:00:00Z\n", 10,
               "the decision is missing"),
  LEGACY_CASE ("decision-empty",
               "[b.example:21]\n" LEGACY_REST ("", SHA_B, PIN_B, "2030-01-01T00:00:00Z"), 10,
               "the decision is not a word"),
  LEGACY_CASE ("decision-control",
               "[b.example:21]\n" LEGACY_REST ("tr\tust", SHA_B, PIN_B,
                                               "2030-01-01T00:00:00Z"), 10,
               "the decision is not a word"),
  LEGACY_CASE ("sha256-missing", "[b.example:21]\ndecision=trust\npublic-key-pin=" PIN_B "\n"
               "not-after=2030-01-01T00:00:00Z\ncreated=2024-01-01T00:00:00Z\n"
               "last-seen=2024-01-01T00:00:00Z\n", 10, "a fingerprint is missing"),
  LEGACY_CASE ("pin-missing", "[b.example:21]\ndecision=trust\ncertificate-sha256=" SHA_B "\n"
               "not-after=2030-01-01T00:00:00Z\ncreated=2024-01-01T00:00:00Z\n"
               "last-seen=2024-01-01T00:00:00Z\n", 10, "a fingerprint is missing"),
  LEGACY_CASE ("sha256-malformed",
               "[b.example:21]\n" LEGACY_REST ("trust", "AB:CD", PIN_B,
                                               "2030-01-01T00:00:00Z"), 10,
               "a fingerprint is malformed"),
  LEGACY_CASE ("pin-malformed",
               "[b.example:21]\n" LEGACY_REST ("trust", SHA_B, "sha256//AAAA",
                                               "2030-01-01T00:00:00Z"), 10,
               "a fingerprint is malformed"),
  LEGACY_CASE ("date-missing", "[b.example:21]\ndecision=trust\ncertificate-sha256=" SHA_B "\n"
               "public-key-pin=" PIN_B "\ncreated=2024-01-01T00:00:00Z\n"
               "last-seen=2024-01-01T00:00:00Z\n", 10, "a date is missing or malformed"),
  LEGACY_CASE ("date-malformed",
               "[b.example:21]\n" LEGACY_REST ("trust", SHA_B, PIN_B,
                                               "2030-13-01T00:00:00Z"), 10,
               "a date is missing or malformed"),
  LEGACY_CASE ("subject-not-utf8", "[b.example:21]\n" GOOD_REST "subject=CN=\xff\n", 10,
               "the subject or issuer is not UTF-8 text"),
  LEGACY_CASE ("listed-twice", "[A.Example.:21]\n" GOOD_REST, 10,
               "the server is listed twice"),
  LEGACY_CASE ("nul-byte", "[b.example:21]\ndecision=tr\0ust\n", 11, "it holds a NUL byte"),
};

static void
test_legacy_damaged (gconstpointer data)
{
  const LegacyCase *test = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *line = g_strdup_printf ("Line %u ", test->line);

  entries = cv_trust_io_parse_legacy (test->text, test->len, &error);
  g_assert_null (entries);
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  if (strstr (error->message, test->expected) == NULL || strstr (error->message, line) == NULL)
    g_error ("“%s” does not say “%s” and “%s”", error->message, line, test->expected);
}

/* FileZilla */

static char *
hex_encode (GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GString *out = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02x", data[i]);
  return g_string_free (out, FALSE);
}

/* One <Certificate> as FileZilla writes it */
static void
append_certificate (GString    *xml,
                    GBytes     *der,
                    const char *host,
                    const char *port,
                    const char *trust_sans)
{
  g_autofree char *hex = der ? hex_encode (der) : g_strdup ("");

  g_string_append_printf (xml,
                          "\t\t<Certificate>\n"
                          "\t\t\t<Data>%s</Data>\n"
                          "\t\t\t<ActivationTime>1700000000</ActivationTime>\n"
                          "\t\t\t<ExpirationTime>1900000000</ExpirationTime>\n", hex);
  if (host != NULL)
    g_string_append_printf (xml, "\t\t\t<Host>%s</Host>\n", host);
  if (port != NULL)
    g_string_append_printf (xml, "\t\t\t<Port>%s</Port>\n", port);
  g_string_append_printf (xml, "\t\t\t<TrustSANs>%s</TrustSANs>\n\t\t</Certificate>\n",
                          trust_sans);
}

static GString *
filezilla_start (void)
{
  return g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<FileZilla3 version=\"3.63.0\" platform=\"*nix\">\n"
                       "\t<TrustedCerts>\n");
}

static char *
filezilla_finish (GString *xml)
{
  g_string_append (xml, "\t</TrustedCerts>\n"
                        "\t<InsecureHosts>\n"
                        "\t\t<Host Port=\"21\">plain.example.com</Host>\n"
                        "\t</InsecureHosts>\n"
                        "\t<FtpSessionResumption>\n"
                        "\t\t<Entry Host=\"ftp.example.com\" Port=\"21\">1</Entry>\n"
                        "\t</FtpSessionResumption>\n"
                        "</FileZilla3>\n");
  return g_string_free (xml, FALSE);
}

static void
test_filezilla (gconstpointer data)
{
  const Leaves *leaves = data;
  g_autoptr(CvCertificate) ftp = certificate_of (leaves->ftp);
  g_autoptr(CvCertificate) localhost = certificate_of (leaves->localhost);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *json = NULL;
  GString *builder = filezilla_start ();
  CvTrustEntry *entry;

  append_certificate (builder, leaves->ftp, "FTP.Example.com", "21", "0");
  append_certificate (builder, leaves->localhost, "ftp.example.com", "990", "1");
  xml = filezilla_finish (builder);

  entries = cv_trust_io_parse_filezilla (xml, strlen (xml), NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);

  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "ftp.example.com:21");
  g_assert_cmpint (cv_trust_entry_get_decision (entry), ==, CV_TRUST_DECISION_TRUST);
  g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (entry), ==,
                   cv_certificate_get_sha256 (ftp));
  g_assert_cmpstr (cv_trust_entry_get_public_key_pin (entry), ==,
                   cv_certificate_get_public_key_pin (ftp));
  g_assert_cmpstr (cv_trust_entry_get_subject (entry), ==, cv_certificate_get_subject (ftp));
  g_assert_cmpstr (cv_trust_entry_get_issuer (entry), ==, cv_certificate_get_issuer (ftp));
  g_assert_cmpint (cv_trust_entry_get_not_after (entry), ==,
                   g_date_time_to_unix (cv_certificate_get_not_after (ftp)));
  g_assert_cmpint (cv_trust_entry_get_created (entry), ==, NOW);
  g_assert_cmpint (cv_trust_entry_get_last_seen (entry), ==, NOW);
  g_assert_null (cv_trust_entry_get_accepted (entry));
  /* TrustSANs 0: the host alone */
  g_assert_cmpuint (g_strv_length ((char **) cv_trust_entry_get_names (entry)), ==, 0);

  /* TrustSANs 1: the certificate's DNS names, not its IP addresses */
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "ftp.example.com:990");
  g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (entry), ==,
                   cv_certificate_get_sha256 (localhost));
  g_assert_cmpstrv (cv_trust_entry_get_names (entry),
                    ((const char * const[]) { "localhost", NULL }));
  g_assert_true (cv_trust_entry_covers (entry, "localhost"));
  g_assert_false (cv_trust_entry_covers (entry, "127.0.0.1"));

  json = cv_trust_io_to_json (entries);
  again = parse_json_ok (json);
  assert_same_entries (entries, again);
}

/* Finding: a <Data> value in a CDATA section, as a file edited by hand may have
 * it, was refused as "missing or not hexadecimal"; it is the same value */
static void
test_filezilla_cdata (gconstpointer data)
{
  const Leaves *leaves = data;
  g_autoptr(CvCertificate) ftp = certificate_of (leaves->ftp);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hex = hex_encode (leaves->ftp);
  g_autofree char *wrapped = g_strdup_printf ("<![CDATA[%s]]>", hex);
  g_autofree char *xml = NULL;
  GString *builder = filezilla_start ();

  append_certificate (builder, leaves->ftp, "ftp.example.com", "21", "0");
  xml = filezilla_finish (builder);
  builder = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (builder, hex, wrapped, 1), ==, 1);
  g_clear_pointer (&xml, g_free);
  xml = g_string_free (builder, FALSE);

  entries = cv_trust_io_parse_filezilla (xml, strlen (xml), NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (g_ptr_array_index (entries, 0)), ==,
                   cv_certificate_get_sha256 (ftp));
}

/* FileZilla appends the certificate it was told to trust: the last one counts */
static void
test_filezilla_repeated (gconstpointer data)
{
  const Leaves *leaves = data;
  g_autoptr(CvCertificate) other = certificate_of (leaves->other);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  GString *builder = filezilla_start ();
  CvTrustEntry *entry;

  append_certificate (builder, leaves->ftp, "ftp.example.com", "21", "0");
  append_certificate (builder, leaves->localhost, "localhost", "21", "0");
  append_certificate (builder, leaves->other, "ftp.example.com", " 21 ", "0");
  xml = filezilla_finish (builder);

  entries = cv_trust_io_parse_filezilla (xml, strlen (xml), NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "ftp.example.com:21");
  g_assert_cmpstr (cv_trust_entry_get_certificate_sha256 (entry), ==,
                   cv_certificate_get_sha256 (other));
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (cv_trust_entry_get_key (entry), ==, "localhost:21");
}

static void
test_filezilla_empty (void)
{
  static const char * const texts[] = {
    "<FileZilla3/>",
    "<?xml version=\"1.0\"?><FileZilla3><TrustedCerts/></FileZilla3>",
    "<FileZilla3><Settings><Certificate><Host>x</Host></Certificate></Settings></FileZilla3>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      entries = cv_trust_io_parse_filezilla (texts[i], strlen (texts[i]), NOW, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (entries->len, ==, 0);
    }
}

typedef enum
{
  CERT_GOOD,
  CERT_NO_DATA,
  CERT_ODD_HEX,
  CERT_NOT_HEX,
  CERT_CUT,
} CertData;

typedef struct
{
  const char *name;
  /* The second certificate's */
  CertData    data;
  const char *host;
  const char *port;
  /* Or the whole file */
  const char *document;
  const char *expected;
} FileZillaCase;

static const FileZillaCase filezilla_cases[] = {
  { "data-missing", CERT_NO_DATA, "b.example", "21", NULL,
    "its data is missing or not hexadecimal" },
  { "data-odd", CERT_ODD_HEX, "b.example", "21", NULL,
    "its data is missing or not hexadecimal" },
  { "data-not-hex", CERT_NOT_HEX, "b.example", "21", NULL,
    "its data is missing or not hexadecimal" },
  { "data-cut", CERT_CUT, "b.example", "21", NULL, "its data is not a certificate" },
  { "host-missing", CERT_GOOD, NULL, "21", NULL, "the host is missing" },
  { "host-empty", CERT_GOOD, " ", "21", NULL, "the host is missing" },
  { "host-invalid", CERT_GOOD, "b example", "21", NULL, "the host is not a server name" },
  { "host-wildcard", CERT_GOOD, "*.b.example", "21", NULL, "the host is a wildcard" },
  { "port-missing", CERT_GOOD, "b.example", NULL, NULL,
    "the port is not a number from 1 to 65535" },
  { "port-zero", CERT_GOOD, "b.example", "0", NULL,
    "the port is not a number from 1 to 65535" },
  { "port-too-large", CERT_GOOD, "b.example", "65536", NULL,
    "the port is not a number from 1 to 65535" },
  { "port-text", CERT_GOOD, "b.example", "ftp", NULL,
    "the port is not a number from 1 to 65535" },
  { "not-filezilla", CERT_GOOD, NULL, NULL, "<?xml version=\"1.0\"?><Other/>",
    "not FileZilla’s list" },
  { "not-xml", CERT_GOOD, NULL, NULL, "<FileZilla3><TrustedCerts></FileZilla3>",
    "not well-formed XML" },
  { "cut-short", CERT_GOOD, NULL, NULL, "<FileZilla3><TrustedCerts>", "not well-formed XML" },
  { "not-utf8", CERT_GOOD, NULL, NULL, "<FileZilla3>\xff</FileZilla3>", "not UTF-8 text" },
  { "cdata-not-utf8", CERT_GOOD, NULL, NULL,
    "<FileZilla3><![CDATA[\xff]]>\n</b\"c></FileZilla3>", "not UTF-8 text" },
};

/* What a case gets: its row and the leaves */
typedef struct
{
  const FileZillaCase *test;
  const Leaves        *leaves;
} FileZillaData;

static void
test_filezilla_invalid (gconstpointer data)
{
  const FileZillaCase *test = ((const FileZillaData *) data)->test;
  const Leaves *leaves = ((const FileZillaData *) data)->leaves;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *xml = NULL;

  if (test->document != NULL)
    xml = g_strdup (test->document);
  else
    {
      GString *builder = filezilla_start ();
      g_autoptr(GString) second = g_string_new (NULL);
      g_autoptr(GBytes) der = NULL;
      gsize len = 0;
      const guint8 *bytes = g_bytes_get_data (leaves->localhost, &len);

      switch (test->data)
        {
        case CERT_GOOD:
          der = g_bytes_ref (leaves->localhost);
          break;
        case CERT_NO_DATA:
          break;
        case CERT_CUT:
          der = g_bytes_new (bytes, len / 2);
          break;
        case CERT_ODD_HEX:
        case CERT_NOT_HEX:
          der = g_bytes_new (bytes, len);
          break;
        default:
          g_assert_not_reached ();
        }

      append_certificate (builder, leaves->ftp, "a.example", "21", "1");
      append_certificate (second, der, test->host, test->port, "0");
      if (test->data == CERT_ODD_HEX)
        g_string_replace (second, "</Data>", "0</Data>", 1);
      else if (test->data == CERT_NOT_HEX)
        g_string_replace (second, "</Data>", "zz</Data>", 1);
      g_string_append (builder, second->str);
      xml = filezilla_finish (builder);
    }

  entries = cv_trust_io_parse_filezilla (xml, strlen (xml), NOW, &error);
  g_assert_null (entries);
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  if (strstr (error->message, test->expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, test->expected);
  if (test->document == NULL && strstr (error->message, "Certificate 2 ") == NULL)
    g_error ("“%s” does not say “Certificate 2”", error->message);
}

/* Any format */

static void
test_sniff (gconstpointer data)
{
  const Leaves *leaves = data;
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *json = NULL;
  g_autofree char *json_bom = NULL;
  g_autofree char *xml = NULL;
  GString *builder = filezilla_start ();
  const struct
  {
    const char    *text;
    CvTrustFormat  format;
    guint          n_entries;
  } cases[] = {
    { NULL, CV_TRUST_FORMAT_JSON, 1 },
    { NULL, CV_TRUST_FORMAT_JSON, 1 },
    { NULL, CV_TRUST_FORMAT_FILEZILLA, 1 },
    { legacy_good, CV_TRUST_FORMAT_LEGACY, 3 },
    { "\xef\xbb\xbf" "# a comment\n", CV_TRUST_FORMAT_LEGACY, 0 },
    /* Finding: a 0.1 file whose first server is an IPv6 address, "[[::1]:990]",
     * was taken for a JSON list and refused */
    { legacy_ipv6_first, CV_TRUST_FORMAT_LEGACY, 1 },
  };
  /* Findings: an empty file imported "0 decisions", binary data and a JSON list
   * were called a damaged Certview 0.1 file */
  const struct
  {
    const char *text;
    gsize       len;
    const char *says;
  } refused[] = {
    { "", 0, "The file is empty" },
    { "\xef\xbb\xbf \n\t", 6, "The file is empty" },
    { "\x7f" "ELF\x02\x01\x01\0\0", 9, "The file is not text" },
    { "\x89PNG\r\n\x1a\n\xff\xfe", 10, "The file is not text" },
    { "[]", 2, "The file is JSON but not a Certview export" },
    { "[ {\"host\": \"a\"} ]", 17, "The file is JSON but not a Certview export" },
    { "[\n]", 3, "The file is JSON but not a Certview export" },
    /* Finding: any other text was read as a damaged Certview 0.1 file */
    { "MIIDdzCCAl+gAwIBAgIE\nAgIDAwQE\n", 30, "The file holds no saved decisions that Certview" },
    { "host=a.example\n", 15, "The file holds no saved decisions that Certview" },
  };

  g_ptr_array_add (one, make_entry ("a.example", 21, "trust", "CN=a", NULL, NULL));
  json = cv_trust_io_to_json (one);
  json_bom = g_strconcat ("\xef\xbb\xbf\n  ", json, NULL);
  append_certificate (builder, leaves->ftp, "ftp.example.com", "21", "0");
  xml = filezilla_finish (builder);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *text = cases[i].text;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      CvTrustFormat format = CV_TRUST_FORMAT_KNOWN_HOSTS;

      if (text == NULL)
        text = i == 0 ? json : i == 1 ? json_bom : xml;
      entries = cv_trust_io_parse (text, strlen (text), NOW, &format, &error);
      g_assert_no_error (error);
      g_assert_cmpint (format, ==, cases[i].format);
      g_assert_cmpuint (entries->len, ==, cases[i].n_entries);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      entries = cv_trust_io_parse (refused[i].text, refused[i].len, NOW, NULL, &error);
      g_assert_null (entries);
      g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, refused[i].says));
    }

  /* An error from the format found */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    CvTrustFormat format = CV_TRUST_FORMAT_KNOWN_HOSTS;

    entries = cv_trust_io_parse ("{\"format\": 1}", 13, NOW, &format, &error);
    g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
    g_assert_null (entries);
    g_assert_cmpint (format, ==, CV_TRUST_FORMAT_JSON);
  }
}

/* GnuTLS's known_hosts */

static int
verify_stored (const char *path,
               const char *host,
               const char *port,
               GBytes     *der)
{
  gsize len = 0;
  gnutls_datum_t datum;

  datum.data = (unsigned char *) g_bytes_get_data (der, &len);
  datum.size = (unsigned int) len;
  return gnutls_verify_stored_pubkey (path, NULL, host, port, GNUTLS_CRT_X509, &datum, 0);
}

/* A directory of its own, without a CA file */
static void
dir_set_up (CvTestDir     *dir,
            gconstpointer  leaves)
{
  cv_test_dir_set_up (dir, NULL);
}

static void
test_known_hosts (CvTestDir     *dir,
                  gconstpointer  data)
{
  const Leaves *leaves = data;
  g_autoptr(CvCertificate) localhost = certificate_of (leaves->localhost);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *contents = NULL;
  GString *builder = filezilla_start ();
  CvTrustEntryFields rejected = { 0 };
  CvTrustEntryFields wildcard = { 0 };
  CvTrustEntryFields own = { 0 };
  CvTrustEntryFields covering_reject = { 0 };
  static const char * const covered_by_reject[] = { "www.example.org", NULL };
  static const char * const wildcard_names[] = { "*.example.org", "www.example.org",
                                                 "files.example.org", NULL };
  guint n_written = 0;

  path = g_build_filename (dir->dir, "known_hosts", NULL);

  /* From FileZilla: real certificates, one trusted for all its names */
  append_certificate (builder, leaves->ftp, "ftp.example.com", "21", "0");
  append_certificate (builder, leaves->localhost, "ftp.example.com", "990", "1");
  xml = filezilla_finish (builder);
  entries = cv_trust_io_parse_filezilla (xml, strlen (xml), NOW, &error);
  g_assert_no_error (error);

  /* A rejected server is not written */
  rejected.host = "rejected.example";
  rejected.port = 21;
  rejected.decision = "reject";
  rejected.certificate_sha256 = cv_certificate_get_sha256 (localhost);
  rejected.public_key_pin = cv_certificate_get_public_key_pin (localhost);
  g_ptr_array_add (entries, cv_trust_entry_new_full (&rejected));
  /* A wildcard name is not written, the other name is */
  wildcard = rejected;
  wildcard.host = "example.org";
  wildcard.decision = "trust";
  wildcard.names = wildcard_names;
  g_ptr_array_add (entries, cv_trust_entry_new_full (&wildcard));
  /* Finding: a name that the decision above covers, and that has its own
   * decision to reject the same certificate, was written as trusted */
  own = rejected;
  own.host = "files.example.org";
  g_ptr_array_add (entries, cv_trust_entry_new_full (&own));
  /* Finding: nor is a name that a rejection covers, which the prompt goes by */
  covering_reject = rejected;
  covering_reject.host = "other.example.org";
  covering_reject.names = covered_by_reject;
  g_ptr_array_add (entries, cv_trust_entry_new_full (&covering_reject));

  g_assert_true (cv_trust_io_write_known_hosts (entries, path, &n_written, &error));
  g_assert_no_error (error);
  /* ftp.example.com:21; ftp.example.com:990 and localhost:990; example.org:21 */
  g_assert_cmpuint (n_written, ==, 4);

  g_assert_cmpint (verify_stored (path, "ftp.example.com", "21", leaves->ftp), ==, 0);
  g_assert_cmpint (verify_stored (path, "ftp.example.com", "990", leaves->localhost), ==, 0);
  g_assert_cmpint (verify_stored (path, "localhost", "990", leaves->localhost), ==, 0);
  g_assert_cmpint (verify_stored (path, "example.org", "21", leaves->localhost), ==, 0);
  /* Another key for a known server */
  g_assert_cmpint (verify_stored (path, "ftp.example.com", "21", leaves->other), ==,
                   GNUTLS_E_CERTIFICATE_KEY_MISMATCH);
  g_assert_cmpint (verify_stored (path, "ftp.example.com", "990", leaves->ftp), ==,
                   GNUTLS_E_CERTIFICATE_KEY_MISMATCH);
  /* Not written: a rejected server, a wildcard, another port */
  g_assert_cmpint (verify_stored (path, "rejected.example", "21", leaves->localhost), ==,
                   GNUTLS_E_NO_CERTIFICATE_FOUND);
  g_assert_cmpint (verify_stored (path, "*.example.org", "21", leaves->localhost), ==,
                   GNUTLS_E_NO_CERTIFICATE_FOUND);
  g_assert_cmpint (verify_stored (path, "files.example.org", "21", leaves->localhost), ==,
                   GNUTLS_E_NO_CERTIFICATE_FOUND);
  g_assert_cmpint (verify_stored (path, "www.example.org", "21", leaves->localhost), ==,
                   GNUTLS_E_NO_CERTIFICATE_FOUND);
  g_assert_cmpint (verify_stored (path, "localhost", "21", leaves->localhost), ==,
                   GNUTLS_E_NO_CERTIFICATE_FOUND);

  /* Written again, nothing is added; a line of the same server with another key
   * stays (GnuTLS appends) */
  g_assert_true (cv_trust_io_write_known_hosts (entries, path, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 0);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  {
    g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

    /* Four lines and the empty string after the last newline */
    g_assert_cmpuint (g_strv_length (lines), ==, 5);
  }

  /* Finding: a key trusted before and rejected since stayed accepted in the file,
   * and exporting again said nothing. The file agrees with the decisions, then not
   * once ftp.example.com:21 is rejected */
  {
    g_autoptr(GPtrArray) agreed = cv_trust_io_known_hosts_at_odds (entries, path);
    g_autoptr(GPtrArray) now = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) at_odds = NULL;
    CvTrustEntryFields changed = { 0 };

    g_assert_cmpuint (agreed->len, ==, 0);
    for (guint i = 0; i < entries->len; i++)
      {
        CvTrustEntry *entry = g_ptr_array_index (entries, i);

        if (g_str_equal (cv_trust_entry_get_key (entry), "ftp.example.com:21"))
          {
            changed.host = "ftp.example.com";
            changed.port = 21;
            changed.decision = "reject";
            changed.certificate_sha256 = cv_trust_entry_get_certificate_sha256 (entry);
            changed.public_key_pin = cv_trust_entry_get_public_key_pin (entry);
            g_ptr_array_add (now, cv_trust_entry_new_full (&changed));
          }
        else
          g_ptr_array_add (now, g_object_ref (entry));
      }
    at_odds = cv_trust_io_known_hosts_at_odds (now, path);
    g_assert_cmpuint (at_odds->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (at_odds, 0), ==, "ftp.example.com:21");
  }

  /* A folder that does not exist */
  missing = g_build_filename (dir->dir, "no-such-folder", "known_hosts", NULL);
  g_assert_false (cv_trust_io_write_known_hosts (entries, missing, &n_written, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_FILE);
  g_assert_cmpuint (n_written, ==, 0);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir->dir), ==, 0);
}

static void
test_known_hosts_bad_pin (CvTestDir     *dir,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  CvTrustEntryFields fields = {
    .host = "b.example",
    .port = 21,
    .decision = "trust",
    .certificate_sha256 = SHA_B,
    .public_key_pin = "sha256//AAAA",
  };
  guint n_written = 7;

  path = g_build_filename (dir->dir, "known_hosts", NULL);

  g_ptr_array_add (entries, make_entry ("a.example", 21, "trust", "CN=a", NULL, NULL));
  g_ptr_array_add (entries, cv_trust_entry_new_full (&fields));
  g_assert_false (cv_trust_io_write_known_hosts (entries, path, &n_written, &error));
  g_assert_error (error, CV_ERROR, CV_ERROR_TRUST_STORE);
  g_assert_nonnull (strstr (error->message, "b.example:21"));
  g_assert_cmpuint (n_written, ==, 0);
  /* Nothing written, not even the good decision */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir->dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;
  Leaves leaves;
  FileZillaData filezilla_data[G_N_ELEMENTS (filezilla_cases)];
  int status;

  g_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  leaves.ftp = cv_test_issue_leaf (factory, "ftp.example.com", CV_CERT_PROBLEM_NONE);
  leaves.localhost = cv_test_issue_leaf (factory, "localhost", CV_CERT_PROBLEM_NONE);
  leaves.other = cv_test_issue_leaf (factory, "ftp.example.com", CV_CERT_PROBLEM_NONE);

  g_test_add_func ("/certview/trust-io/json-round-trip", test_json_round_trip);
  g_test_add_func ("/certview/trust-io/json-empty", test_json_empty);
  g_test_add_func ("/certview/trust-io/json-blank", test_json_blank);
  g_test_add_func ("/certview/trust-io/json-document", test_json_document);
  g_test_add_func ("/certview/trust-io/json-invalid/base", test_json_invalid_base);
  for (guint i = 0; i < G_N_ELEMENTS (json_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/certview/trust-io/json-invalid/%s",
                                               json_cases[i].name);

      g_test_add_data_func (path, &json_cases[i], test_json_invalid);
    }
  g_test_add_func ("/certview/trust-io/legacy-good", test_legacy_good);
  g_test_add_func ("/certview/trust-io/legacy-empty", test_legacy_empty);
  g_test_add_func ("/certview/trust-io/legacy-blanks", test_legacy_blanks);
  for (guint i = 0; i < G_N_ELEMENTS (legacy_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/certview/trust-io/legacy-damaged/%s",
                                               legacy_cases[i].name);

      g_test_add_data_func (path, &legacy_cases[i], test_legacy_damaged);
    }
  g_test_add_data_func ("/certview/trust-io/filezilla", &leaves, test_filezilla);
  g_test_add_data_func ("/certview/trust-io/filezilla-repeated", &leaves,
                        test_filezilla_repeated);
  g_test_add_data_func ("/certview/trust-io/filezilla-cdata", &leaves, test_filezilla_cdata);
  g_test_add_func ("/certview/trust-io/filezilla-empty", test_filezilla_empty);
  for (guint i = 0; i < G_N_ELEMENTS (filezilla_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/certview/trust-io/filezilla-invalid/%s",
                                               filezilla_cases[i].name);

      filezilla_data[i] = (FileZillaData) { &filezilla_cases[i], &leaves };
      g_test_add_data_func (path, &filezilla_data[i], test_filezilla_invalid);
    }
  g_test_add_data_func ("/certview/trust-io/sniff", &leaves, test_sniff);
  g_test_add ("/certview/trust-io/known-hosts", CvTestDir, &leaves, dir_set_up,
              test_known_hosts, cv_test_dir_tear_down);
  g_test_add ("/certview/trust-io/known-hosts-bad-pin", CvTestDir, NULL, cv_test_dir_set_up,
              test_known_hosts_bad_pin, cv_test_dir_tear_down);

  status = g_test_run ();

  g_bytes_unref (leaves.ftp);
  g_bytes_unref (leaves.localhost);
  g_bytes_unref (leaves.other);
  return status;
}
