/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Writes the fuzzers' seed corpora: certificates of every problem kind from the
 * project's own certificate factory (and damaged copies of them), FTP replies,
 * targets, and trust decisions in the formats Certview imports.
 *
 *   make-corpus OUTDIR   writes OUTDIR/{certificate,ftp-reply,target,trust-store,
 *                        trust-json,trust-filezilla}/
 */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-certificate.h"
#include "cv-test-util.h"
#include "cv-trust-io.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <glib/gstdio.h>
#include <string.h>

/* The corpus is committed: a fixed seed keeps the damaged copies reproducible */
#define SEED 20240607

static void
write_bytes (const char   *dir,
             const char   *name,
             const void   *data,
             gsize         len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, len, &error))
    g_error ("%s", error->message);
}

static void
write_text (const char *dir,
            const char *name,
            const char *text)
{
  write_bytes (dir, name, text, strlen (text));
}

static char *
make_dir (const char *outdir,
          const char *name)
{
  char *dir = g_build_filename (outdir, name, NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    g_error ("cannot create %s", dir);
  return dir;
}

/* The certificate, and copies cut short or with bits flipped */
static void
write_der_variants (const char *dir,
                    const char *name,
                    GBytes     *der,
                    GRand      *rand)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (der, &len);
  g_autofree guint8 *copy = g_memdup2 (data, len);
  g_autofree char *full = g_strdup_printf ("%s.der", name);
  g_autofree char *half = g_strdup_printf ("%s-cut-half.der", name);
  g_autofree char *short_by_one = g_strdup_printf ("%s-cut-1.der", name);

  write_bytes (dir, full, data, len);
  write_bytes (dir, half, data, len / 2);
  write_bytes (dir, short_by_one, data, len - 1);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *flipped = g_strdup_printf ("%s-flip-%u.der", name, i);
      gsize at = g_rand_int_range (rand, 0, (gint32) len);

      memcpy (copy, data, len);
      copy[at] ^= 1 << g_rand_int_range (rand, 0, 8);
      write_bytes (dir, flipped, copy, len);
    }
}

static void
make_certificates (CvCertFactory *factory,
                   const char    *outdir,
                   GRand         *rand)
{
  static const struct
  {
    const char    *name;
    CvCertProblem  problems;
  } kinds[] = {
    { "good", CV_CERT_PROBLEM_NONE },
    { "expired", CV_CERT_PROBLEM_EXPIRED },
    { "not-yet-valid", CV_CERT_PROBLEM_NOT_YET_VALID },
    { "wrong-host", CV_CERT_PROBLEM_WRONG_HOST },
    { "self-signed", CV_CERT_PROBLEM_SELF_SIGNED },
    { "untrusted-root", CV_CERT_PROBLEM_UNTRUSTED_ROOT },
    { "incomplete-chain", CV_CERT_PROBLEM_INCOMPLETE_CHAIN },
    { "sha1", CV_CERT_PROBLEM_SHA1 },
    { "self-signed-expired", CV_CERT_PROBLEM_SELF_SIGNED | CV_CERT_PROBLEM_EXPIRED },
    { "expired-wrong-host", CV_CERT_PROBLEM_EXPIRED | CV_CERT_PROBLEM_WRONG_HOST },
  };
  g_autofree char *dir = make_dir (outdir, "certificate");

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ders = NULL;
      g_autofree char *chain_pem = NULL;
      g_autofree char *key_pem = NULL;
      g_autofree char *name = g_strdup_printf ("leaf-%s", kinds[i].name);
      const char *hostname = i % 2 == 0 ? "ftp.example.com" : "127.0.0.1";

      if (!cv_cert_factory_issue (factory, hostname, kinds[i].problems, 0,
                                  &chain_pem, &key_pem, &error))
        g_error ("%s", error->message);

      ders = cv_test_chain_from_pem (chain_pem);
      write_der_variants (dir, name, g_ptr_array_index (ders, 0), rand);

      /* The intermediate CA, once: a certificate with CA extensions */
      if (kinds[i].problems == CV_CERT_PROBLEM_NONE && ders->len > 1)
        write_der_variants (dir, "intermediate-ca", g_ptr_array_index (ders, 1), rand);
    }

  {
    g_autoptr(GPtrArray) ders = cv_test_chain_from_pem (cv_cert_factory_get_ca_pem (factory));
    gsize len = 0;
    const guint8 *data = g_bytes_get_data (g_ptr_array_index (ders, 0), &len);

    write_bytes (dir, "root-ca.der", data, len);
  }
}

/* Certificate files as people get them: a PEM chain, one DER certificate, PKCS #7
 * bundles in PEM and DER with the root first, DER certificates one after another,
 * OpenSSL's trusted PEM, and damaged copies of each kind */
static void
make_certificate_files (CvCertFactory *factory,
                        const char    *outdir,
                        GRand         *rand)
{
  g_autofree char *dir = make_dir (outdir, "certificate-file");
  g_autoptr(GError) error = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GPtrArray) root = cv_test_chain_from_pem (cv_cert_factory_get_ca_pem (factory));
  g_autoptr(GPtrArray) bundle = g_ptr_array_new ();
  g_autoptr(GBytes) bundle_pem = NULL;
  g_autoptr(GBytes) bundle_der = NULL;
  gsize len = 0;
  const void *data;

  if (!cv_cert_factory_issue (factory, "ftp.example.com", CV_CERT_PROBLEM_NONE, 1,
                              &chain_pem, &key_pem, &error))
    g_error ("%s", error->message);
  chain = cv_test_chain_from_pem (chain_pem);

  write_text (dir, "chain.pem", chain_pem);
  write_bytes (dir, "chain-cut-half.pem", chain_pem, strlen (chain_pem) / 2);
  write_der_variants (dir, "leaf", g_ptr_array_index (chain, 0), rand);

  g_ptr_array_add (bundle, g_ptr_array_index (root, 0));
  for (guint i = chain->len; i > 0; i--)
    g_ptr_array_add (bundle, g_ptr_array_index (chain, i - 1));
  bundle_pem = cv_test_pkcs7_bundle (bundle, GNUTLS_X509_FMT_PEM);
  data = g_bytes_get_data (bundle_pem, &len);
  write_bytes (dir, "root-first.p7b", data, len);
  bundle_der = cv_test_pkcs7_bundle (bundle, GNUTLS_X509_FMT_DER);
  write_der_variants (dir, "root-first-p7b", bundle_der, rand);

  write_text (dir, "empty-pkcs7.pem", "-----BEGIN PKCS7-----\n-----END PKCS7-----\n");

  /* DER certificates one after another, the issuer first; OpenSSL's trusted PEM */
  {
    g_autoptr(GByteArray) joined = g_byte_array_new ();
    g_autoptr(GBytes) ders = NULL;
    g_autofree char *trusted = NULL;

    for (guint i = chain->len; i > 0; i--)
      g_byte_array_append (joined, g_bytes_get_data (g_ptr_array_index (chain, i - 1), NULL),
                           g_bytes_get_size (g_ptr_array_index (chain, i - 1)));
    ders = g_byte_array_free_to_bytes (g_steal_pointer (&joined));
    write_der_variants (dir, "issuer-first-der", ders, rand);
    trusted = cv_test_trusted_pem (g_ptr_array_index (chain, 0));
    write_text (dir, "trusted.pem", trusted);
  }
}

static void
make_ftp_replies (const char *outdir)
{
  static const struct
  {
    const char *name;
    const char *text;
  } replies[] = {
    { "greeting", "220 Certview demo server ready\r\n" },
    { "greeting-lf-only", "220 ready\n" },
    { "greeting-bare-code", "220\r\n" },
    { "greeting-then-234", "220 ready\r\n234 Proceed with negotiation.\r\n" },
    { "multi-line", "220-Welcome to the Certview demo server\r\n"
                    "220-It greets in several lines,\r\n"
                    "  as RFC 959 allows.\r\n"
                    "220 Ready\r\n" },
    { "multi-line-plain-continuation", "211-Features:\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n"
                                       "211 End\r\n" },
    { "multi-line-other-code-inside", "220-first\r\n230 not the end\r\n220 end\r\n" },
    { "multi-line-empty", "220-\r\n220 \r\n" },
    { "multi-line-unfinished", "220-first\r\n220-second\r\n" },
    { "preliminary-then-final", "120 wait a minute\r\n220 ready now\r\n" },
    { "auth-534", "534 Policy forbids TLS here\r\n" },
    { "auth-500", "500 Unknown command\r\n" },
    { "auth-502", "502 Command not implemented\r\n" },
    { "auth-504", "504 Security mechanism not understood\r\n" },
    { "greeting-421", "421 Service not available\r\n" },
    { "non-numeric", "ABC hello\r\n" },
    { "code-600", "600 not a class\r\n" },
    { "code-099", "099 too small\r\n" },
    { "code-then-tab", "220\tready\r\n" },
    { "no-line-end", "220 ready" },
    { "garbage-after-234", "234 Proceed with negotiation.\r\nThis is not TLS, only garbage.\r\n" },
    { "tls-record-instead", "\x16\x03\x01\x02\x05\x01\x02\x03\xfc\x03\x03" },
    { "utf8-text", "220 Grüße aus Köln, 日本語\r\n" },
    { "invalid-utf8", "220 \xff\xfe\xc3 bad \xe2\x82\r\n" },
    { "control-chars", "220 \x1b[31mred\x1b[0m \a\b\r\n" },
    { "nul-byte", "220 a\0b\r\n" },
    { "cr-only", "220 old mac\r220 again\r" },
  };
  g_autofree char *dir = make_dir (outdir, "ftp-reply");

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.txt", replies[i].name);
      /* "nul-byte" holds a NUL: its length is the literal's */
      gsize len = g_str_equal (replies[i].name, "nul-byte") ? 9 : strlen (replies[i].text);

      write_bytes (dir, name, replies[i].text, len);
    }

  /* Just past the bounds: one line too long, one reply too long */
  {
    g_autoptr(GString) line = g_string_new ("220 ");
    g_autoptr(GString) reply = g_string_new ("220-start\r\n");

    while (line->len < 4100)
      g_string_append_c (line, 'x');
    g_string_append (line, "\r\n");
    write_bytes (dir, "line-too-long.txt", line->str, line->len);

    while (reply->len < 66 * 1024)
      g_string_append (reply, "220-this line repeats until the reply is too long\r\n");
    g_string_append (reply, "220 end\r\n");
    write_bytes (dir, "reply-too-long.txt", reply->str, reply->len);
  }
}

static void
make_targets (const char *outdir)
{
  static const char *targets[] = {
    "ftp.example.com",
    "FTP.Example.COM.",
    "ftp.example.com:2121",
    "ftp://ftp.example.com",
    "ftpes://ftp.example.com:21/pub/file.txt",
    "ftps://ftp.example.com:990",
    "https://user:secret@www.example.com:8443/path?query#fragment",
    "tls://mail.example.com:993",
    "127.0.0.1",
    "127.0.0.1:990",
    "[::1]:21",
    "ftps://[2001:db8::1]:990",
    "::1",
    "[::ffff:127.0.0.1]",
    "[fe80::1%eth0]:21",
    "[::1",
    "::1]:21",
    "host:",
    "host:0",
    "host:65536",
    "host:+21",
    "host:0x15",
    "gopher://example.com",
    "://nothing",
    "ftp://",
    "",
    "   \t ",
    "ex ample.com",
    "a..b.example",
    ".example.com",
    "bücher.example",
    "xn--bcher-kva.example",
    "under_score.example",
    "evil\x1b[31m.example",
    "percent%41.example",
    "host:21:22",
  };
  g_autofree char *dir = make_dir (outdir, "target");
  g_autoptr(GString) long_name = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *name = g_strdup_printf ("target-%02u.txt", i);

      write_text (dir, name, targets[i]);
    }

  /* Longer than a DNS name may be */
  while (long_name->len < 260)
    g_string_append (long_name, "label.");
  g_string_append (long_name, "example");
  write_text (dir, "target-too-long.txt", long_name->str);
}

/* A decision on @der's certificate, made at a fixed time */
static CvTrustEntry *
entry_for (GBytes             *der,
           const char         *host,
           guint16             port,
           const char         *decision,
           const char * const *names,
           const char * const *accepted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertificate) certificate = cv_certificate_new_from_der (der, &error);
  CvTrustEntryFields fields = { 0 };

  if (certificate == NULL)
    g_error ("%s", error->message);
  fields.host = host;
  fields.port = port;
  fields.decision = decision;
  fields.certificate_sha256 = cv_certificate_get_sha256 (certificate);
  fields.public_key_pin = cv_certificate_get_public_key_pin (certificate);
  fields.subject = cv_certificate_get_subject (certificate);
  fields.issuer = cv_certificate_get_issuer (certificate);
  fields.not_after = g_date_time_to_unix (cv_certificate_get_not_after (certificate));
  fields.created = 1700000000;
  fields.last_seen = 1700000100;
  fields.names = names;
  fields.accepted = accepted;
  return cv_trust_entry_new_full (&fields);
}

/* An entry with texts no certificate of the factory has */
static CvTrustEntry *
odd_entry (void)
{
  static const char * const names[] = { "www.odd.example", "*.odd.example", NULL };
  CvTrustEntryFields fields = {
    .host = "Odd.Example",
    .port = 2121,
    .decision = "pin-only",
    .certificate_sha256 = "AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:"
                          "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89",
    .public_key_pin = "sha256//AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    .subject = " leading space\nnew line\\back\ttab\r",
    .issuer = "CN=Ünïcode 日本語, O=\"Quoted, Inc.\"",
    .not_after = G_GINT64_CONSTANT (253402300799),
    .created = G_GINT64_CONSTANT (-62135596800),
    .last_seen = 1700000000,
    .names = names,
  };

  return cv_trust_entry_new_full (&fields);
}

static void
append_escaped (GString    *out,
                const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case ' ': g_string_append (out, p == value ? "\\s" : " "); break;
        default: g_string_append_c (out, *p);
        }
    }
}

static void
append_time (GString *out,
             gint64   seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (time), g_date_time_get_month (time),
                          g_date_time_get_day_of_month (time), g_date_time_get_hour (time),
                          g_date_time_get_minute (time), g_date_time_get_second (time));
}

/* The key file as Certview 0.1 wrote it */
static char *
legacy_text (GPtrArray *entries)
{
  GString *out = g_string_new ("# Certview: saved certificate trust decisions. Manage them "
                               "with\n# certview --list-trusted and --forget HOST:PORT.\n");

  for (guint i = 0; i < entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (entries, i);

      g_string_append_printf (out, "\n[%s]\ndecision=%s\ncertificate-sha256=%s\n"
                              "public-key-pin=%s\nsubject=",
                              cv_trust_entry_get_key (entry),
                              cv_trust_entry_get_decision_name (entry),
                              cv_trust_entry_get_certificate_sha256 (entry),
                              cv_trust_entry_get_public_key_pin (entry));
      append_escaped (out, cv_trust_entry_get_subject (entry));
      g_string_append (out, "\nissuer=");
      append_escaped (out, cv_trust_entry_get_issuer (entry));
      g_string_append (out, "\nnot-after=");
      append_time (out, cv_trust_entry_get_not_after (entry));
      g_string_append (out, "\ncreated=");
      append_time (out, cv_trust_entry_get_created (entry));
      g_string_append (out, "\nlast-seen=");
      append_time (out, cv_trust_entry_get_last_seen (entry));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

#define SHA_B "01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:" \
              "11:12:13:14:15:16:17:18:19:1a:1b:1c:1d:1e:1f:20"
#define PIN_B "sha256//ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="

static void
make_trust_stores (GPtrArray  *entries,
                   const char *outdir)
{
  g_autofree char *dir = make_dir (outdir, "trust-store");
  g_autoptr(GPtrArray) first = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autofree char *one = NULL;
  static const struct
  {
    const char *name;
    const char *text;
  } damaged[] = {
    { "empty", "" },
    { "comments-only", "# nothing saved yet\n\n" },
    { "no-section", "decision=trust\n" },
    { "bad-header", "[ftp.example.com:21\ndecision=trust\n" },
    { "bad-key", "[ftp.example.com]\ndecision=trust\n" },
    { "bad-decision", "[ftp.example.com:21]\ndecision=maybe\ncertificate-sha256=ab\n"
                      "public-key-pin=sha256//x\nnot-after=2030-01-01T00:00:00Z\n"
                      "created=2024-01-01T00:00:00Z\nlast-seen=2024-01-01T00:00:00Z\n" },
    { "other-decision", "[ftp.example.com:21]\ndecision=pin-only\ncertificate-sha256=" SHA_B
                        "\npublic-key-pin=" PIN_B "\nnot-after=2030-01-01T00:00:00Z\n"
                        "created=2024-01-01T00:00:00Z\nlast-seen=2024-01-01T00:00:00Z\n" },
    { "bad-date", "[ftp.example.com:21]\ndecision=trust\ncertificate-sha256=" SHA_B "\n"
                  "public-key-pin=" PIN_B "\nnot-after=2030-02-30T00:00:00Z\n"
                  "created=2024-01-01T00:00:00Z\nlast-seen=2024-01-01T00:00:00Z\n" },
    { "missing-pin", "[ftp.example.com:21]\ndecision=trust\ncertificate-sha256=ab\n"
                     "not-after=2030-01-01T00:00:00Z\ncreated=2024-01-01T00:00:00Z\n"
                     "last-seen=2024-01-01T00:00:00Z\n" },
    { "listed-twice", "[a.example:21]\ndecision=trust\ncertificate-sha256=" SHA_B "\n"
                      "public-key-pin=" PIN_B "\nnot-after=2030-01-01T00:00:00Z\n"
                      "created=2024-01-01T00:00:00Z\nlast-seen=2024-01-01T00:00:00Z\n"
                      "[A.example.:21]\ndecision=reject\ncertificate-sha256=" SHA_B "\n"
                      "public-key-pin=" PIN_B "\nnot-after=2030-01-01T00:00:00Z\n"
                      "created=2024-01-01T00:00:00Z\nlast-seen=2024-01-01T00:00:00Z\n" },
    { "crlf-unknown-keys", "[[0:0::1]:990]\r\ndecision=reject\r\ncertificate-sha256=" SHA_B
                           "\r\npublic-key-pin=" PIN_B "\r\nfuture-key=whatever\r\n"
                           "subject=\\sCN=x\\ty\\\\z\r\nissuer=CN=i\r\n"
                           "not-after=1999-12-31T23:59:59Z\r\n"
                           "created=1970-01-01T00:00:00Z\r\n"
                           "last-seen=2038-01-19T03:14:08Z\r\n" },
    { "not-key-value", "[ftp.example.com:21]\njust some words\n" },
  };

  g_ptr_array_add (first, g_ptr_array_index (entries, 0));
  one = legacy_text (first);
  write_text (dir, "one-decision.ini", one);

  text = legacy_text (entries);
  write_text (dir, "three-decisions.ini", text);
  write_bytes (dir, "three-decisions-cut.ini", text, strlen (text) / 2);

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.ini", damaged[i].name);

      write_text (dir, name, damaged[i].text);
    }
  write_bytes (dir, "nul-byte.ini", "[a:1]\ndecision=tr\0ust\n", 22);
}

#define JSON_HEAD "{\"format\": \"certview-trust-store\", \"version\": 1, \"decisions\": ["
#define JSON_DECISION(host, port, more) \
  "{\"host\": \"" host "\", \"port\": " port ", \"decision\": \"trust\", " \
  "\"certificate-sha256\": \"" SHA_B "\", \"public-key-pin\": \"" PIN_B "\", " \
  "\"not-after\": \"2030-01-01T00:00:00Z\", \"created\": \"2024-01-01T00:00:00Z\", " \
  "\"last-seen\": \"2024-01-01T00:00:00Z\"" more "}"

static void
make_trust_json (GPtrArray  *entries,
                 const char *outdir)
{
  g_autofree char *dir = make_dir (outdir, "trust-json");
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *text = cv_trust_io_to_json (entries);
  g_autofree char *empty = cv_trust_io_to_json (none);
  g_autoptr(GString) deep = g_string_new ("{\"format\": \"certview-trust-store\", \"x\": ");
  static const struct
  {
    const char *name;
    const char *text;
  } documents[] = {
    { "minimal", JSON_HEAD JSON_DECISION ("a.example", "21", "") "]}" },
    { "later-version", "{\"format\": \"certview-trust-store\", \"version\": 7, \"extra\": "
                       "[1, {\"a\": null}], \"decisions\": ["
                       JSON_DECISION ("a.example", "21", ", \"colour\": \"blue\", "
                                      "\"names\": [\"B.example.\", \"a.example\"], "
                                      "\"accepted-problems\": [\"self-signed\"]") "]}" },
    { "escapes", JSON_HEAD JSON_DECISION ("a.example", "21",
                                          ", \"subject\": \"\\u00e9\\n\\t\\\"\\\\\\/\\u0000x\", "
                                          "\"issuer\": \"\\ud83d\\ude00\"") "]}" },
    { "listed-twice", JSON_HEAD JSON_DECISION ("a.example", "21", "") ", "
                      JSON_DECISION ("A.EXAMPLE.", "21", "") "]}" },
    { "ipv6", JSON_HEAD JSON_DECISION ("0:0::1", "990", "") "]}" },
    { "bad-port", JSON_HEAD JSON_DECISION ("a.example", "65536", "") "]}" },
    { "bad-port-type", JSON_HEAD JSON_DECISION ("a.example", "\"21\"", "") "]}" },
    { "bad-host", JSON_HEAD JSON_DECISION ("a example", "21", "") "]}" },
    { "bad-names", JSON_HEAD JSON_DECISION ("a.example", "21", ", \"names\": [1]") "]}" },
    { "lone-surrogate", JSON_HEAD JSON_DECISION ("a.example", "21",
                                                 ", \"subject\": \"\\ud800\"") "]}" },
    { "wrong-format", "{\"format\": \"other\", \"version\": 1, \"decisions\": []}" },
    { "no-version", "{\"format\": \"certview-trust-store\", \"decisions\": []}" },
    { "not-object", "[1, 2, 3]" },
    { "empty", "" },
    { "invalid-utf8", "{\"format\": \"\xff\xfe\"}" },
    { "trailing-garbage", "{\"format\": \"certview-trust-store\"} {}" },
  };

  write_text (dir, "export.json", text);
  write_bytes (dir, "export-cut.json", text, strlen (text) / 2);
  write_text (dir, "export-empty.json", empty);
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.json", documents[i].name);

      write_text (dir, name, documents[i].text);
    }
  write_bytes (dir, "nul-byte.json", "{\"format\"\0: 1}", 14);

  /* Just past the bound on nesting */
  for (guint i = 0; i < 40; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 40; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  write_text (dir, "too-deep.json", deep->str);
}

static char *
hex_encode (GBytes *der,
            gsize   len)
{
  const guint8 *data = g_bytes_get_data (der, NULL);
  GString *out = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02x", data[i]);
  return g_string_free (out, FALSE);
}

static void
append_filezilla_certificate (GString    *xml,
                              const char *hex,
                              const char *host,
                              const char *port,
                              const char *trust_sans)
{
  g_string_append_printf (xml, "\t\t<Certificate>\n\t\t\t<Data>%s</Data>\n"
                          "\t\t\t<ActivationTime>1700000000</ActivationTime>\n"
                          "\t\t\t<ExpirationTime>1900000000</ExpirationTime>\n"
                          "\t\t\t<Host>%s</Host>\n\t\t\t<Port>%s</Port>\n"
                          "\t\t\t<TrustSANs>%s</TrustSANs>\n\t\t</Certificate>\n",
                          hex, host, port, trust_sans);
}

#define FILEZILLA_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
                       "<FileZilla3 version=\"3.63.0\" platform=\"*nix\">\n\t<TrustedCerts>\n"
#define FILEZILLA_TAIL "\t</TrustedCerts>\n\t<InsecureHosts>\n" \
                       "\t\t<Host Port=\"21\">plain.example.com</Host>\n\t</InsecureHosts>\n" \
                       "\t<FtpSessionResumption>\n" \
                       "\t\t<Entry Host=\"ftp.example.com\" Port=\"21\">1</Entry>\n" \
                       "\t</FtpSessionResumption>\n</FileZilla3>\n"

static void
make_trust_filezilla (GPtrArray  *leaves,
                      const char *outdir)
{
  g_autofree char *dir = make_dir (outdir, "trust-filezilla");
  static const struct
  {
    const char *name;
    const char *host;
    const char *port;
  } one[] = {
    { "one-certificate", "ftp.example.com", "21" },
    { "entities", "ftp&#46;example&amp;.com", "21" },
    { "bad-host", "ftp example.com", "21" },
    { "missing-host", "", "21" },
    { "bad-port", "ftp.example.com", "65536" },
    { "port-text", "ftp.example.com", "ftp" },
  };
  static const struct
  {
    const char *name;
    const char *text;
  } documents[] = {
    { "empty", "" },
    { "root-only", "<FileZilla3/>" },
    { "no-certificates", FILEZILLA_HEAD FILEZILLA_TAIL },
    { "other-root", "<?xml version=\"1.0\"?><Other><TrustedCerts/></Other>" },
    { "unclosed", "<FileZilla3><TrustedCerts><Certificate><Data>30</Data>" },
    { "bad-data", FILEZILLA_HEAD "<Certificate><Data>3g</Data><Host>a</Host><Port>21</Port>"
                  "</Certificate>" FILEZILLA_TAIL },
    { "cdata", FILEZILLA_HEAD "<Certificate><Data><![CDATA[30]]></Data><Host>a</Host>"
               "<Port>21</Port></Certificate>" FILEZILLA_TAIL },
  };
  GBytes *leaf = g_ptr_array_index (leaves, 0);
  GBytes *localhost = g_ptr_array_index (leaves, 1);
  gsize len = g_bytes_get_size (leaf);
  g_autofree char *hex = hex_encode (leaf, len);
  g_autofree char *hex_localhost = hex_encode (localhost, g_bytes_get_size (localhost));
  g_autofree char *hex_cut = hex_encode (leaf, len / 2);

  for (guint i = 0; i < G_N_ELEMENTS (one); i++)
    {
      g_autoptr(GString) xml = g_string_new (FILEZILLA_HEAD);
      g_autofree char *name = g_strdup_printf ("%s.xml", one[i].name);

      append_filezilla_certificate (xml, hex, one[i].host, one[i].port, "0");
      g_string_append (xml, FILEZILLA_TAIL);
      write_text (dir, name, xml->str);
    }

  {
    g_autoptr(GString) xml = g_string_new (FILEZILLA_HEAD);

    append_filezilla_certificate (xml, hex, "ftp.example.com", "21", "0");
    append_filezilla_certificate (xml, hex_localhost, "ftp.example.com", "990", "1");
    append_filezilla_certificate (xml, hex_localhost, "FTP.example.com.", "21", "1");
    g_string_append (xml, FILEZILLA_TAIL);
    write_text (dir, "three-certificates.xml", xml->str);
    write_bytes (dir, "three-certificates-cut.xml", xml->str, xml->len / 2);
  }

  {
    g_autoptr(GString) xml = g_string_new (FILEZILLA_HEAD);

    append_filezilla_certificate (xml, hex_cut, "ftp.example.com", "21", "0");
    g_string_append (xml, FILEZILLA_TAIL);
    write_text (dir, "certificate-cut.xml", xml->str);
  }

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.xml", documents[i].name);

      write_text (dir, name, documents[i].text);
    }
}

static void
make_trust_files (CvCertFactory *factory,
                  const char    *outdir)
{
  static const char * const accepted[] = { "expired", NULL };
  static const char * const names[] = { "localhost", NULL };
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) leaves = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  static const struct
  {
    const char    *hostname;
    CvCertProblem  problems;
  } kinds[] = {
    { "ftp.example.com", CV_CERT_PROBLEM_EXPIRED },
    { "localhost", CV_CERT_PROBLEM_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ders = NULL;
      g_autofree char *chain_pem = NULL;
      g_autofree char *key_pem = NULL;

      if (!cv_cert_factory_issue (factory, kinds[i].hostname, kinds[i].problems, 0,
                                  &chain_pem, &key_pem, &error))
        g_error ("%s", error->message);
      ders = cv_test_chain_from_pem (chain_pem);
      g_ptr_array_add (leaves, g_bytes_ref (g_ptr_array_index (ders, 0)));
    }

  g_ptr_array_add (entries, entry_for (g_ptr_array_index (leaves, 0), "ftp.example.com", 21,
                                       "trust", NULL, accepted));
  g_ptr_array_add (entries, entry_for (g_ptr_array_index (leaves, 1), "::1", 990, "reject",
                                       names, NULL));
  g_ptr_array_add (entries, odd_entry ());

  make_trust_stores (entries, outdir);
  make_trust_json (entries, outdir);
  make_trust_filezilla (leaves, outdir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);

  if (argc != 2)
    {
      g_printerr ("Usage: %s OUTDIR\n", argv[0]);
      return 2;
    }

  factory = cv_cert_factory_new (&error);
  if (factory == NULL)
    g_error ("%s", error->message);

  make_certificates (factory, argv[1], rand);
  make_ftp_replies (argv[1]);
  make_targets (argv[1]);
  make_trust_files (factory, argv[1]);
  make_certificate_files (factory, argv[1], rand);
  return 0;
}
