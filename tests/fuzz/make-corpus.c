/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Writes the fuzzers' seed corpora: certificates of every problem kind from the
 * project's own certificate factory (and damaged copies of them), FTP replies,
 * targets and trust-store files.
 *
 *   make-corpus OUTDIR   writes OUTDIR/{certificate,ftp-reply,target,trust-store}/
 */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-report.h"
#include "cv-trust-store.h"

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

/* The DER certificates of a PEM chain, leaf first */
static GPtrArray *
pem_to_der (const char *pem)
{
  GPtrArray *ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gnutls_datum_t datum = { (unsigned char *) pem, strlen (pem) };
  gnutls_x509_crt_t *crts = NULL;
  unsigned int n_crts = 0;

  if (gnutls_x509_crt_list_import2 (&crts, &n_crts, &datum, GNUTLS_X509_FMT_PEM, 0) < 0)
    g_error ("the factory made PEM that GnuTLS cannot read");

  for (unsigned int i = 0; i < n_crts; i++)
    {
      gnutls_datum_t der = { NULL, 0 };

      if (gnutls_x509_crt_export2 (crts[i], GNUTLS_X509_FMT_DER, &der) < 0)
        g_error ("cannot export a certificate as DER");
      g_ptr_array_add (ders, g_bytes_new (der.data, der.size));
      gnutls_free (der.data);
      gnutls_x509_crt_deinit (crts[i]);
    }
  gnutls_free (crts);
  return ders;
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

      ders = pem_to_der (chain_pem);
      write_der_variants (dir, name, g_ptr_array_index (ders, 0), rand);

      /* The intermediate CA, once: a certificate with CA extensions */
      if (kinds[i].problems == CV_CERT_PROBLEM_NONE && ders->len > 1)
        write_der_variants (dir, "intermediate-ca", g_ptr_array_index (ders, 1), rand);
    }

  {
    g_autoptr(GPtrArray) ders = pem_to_der (cv_cert_factory_get_ca_pem (factory));
    gsize len = 0;
    const guint8 *data = g_bytes_get_data (g_ptr_array_index (ders, 0), &len);

    write_bytes (dir, "root-ca.der", data, len);
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

static void
add_entry (GHashTable   *entries,
           CvTrustEntry *entry)
{
  g_hash_table_replace (entries, (gpointer) cv_trust_entry_get_key (entry), entry);
}

static void
make_trust_stores (CvCertFactory *factory,
                   const char    *outdir)
{
  g_autofree char *dir = make_dir (outdir, "trust-store");
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ders = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
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
    { "bad-date", "[ftp.example.com:21]\ndecision=trust\ncertificate-sha256=ab\n"
                  "public-key-pin=sha256//x\nnot-after=2030-13-01T00:00:00Z\n"
                  "created=2024-01-01T00:00:00Z\nlast-seen=2024-01-01T00:00:00Z\n" },
    { "missing-pin", "[ftp.example.com:21]\ndecision=trust\ncertificate-sha256=ab\n"
                     "not-after=2030-01-01T00:00:00Z\ncreated=2024-01-01T00:00:00Z\n"
                     "last-seen=2024-01-01T00:00:00Z\n" },
    { "listed-twice", "[a.example:21]\ndecision=trust\ncertificate-sha256=ab\n"
                      "public-key-pin=p\nnot-after=2030-01-01T00:00:00Z\n"
                      "created=2024-01-01T00:00:00Z\nlast-seen=2024-01-01T00:00:00Z\n"
                      "[a.example:21]\ndecision=reject\ncertificate-sha256=cd\n"
                      "public-key-pin=q\nnot-after=2030-01-01T00:00:00Z\n"
                      "created=2024-01-01T00:00:00Z\nlast-seen=2024-01-01T00:00:00Z\n" },
    { "crlf-unknown-keys", "[[::1]:990]\r\ndecision=reject\r\ncertificate-sha256=AB:CD\r\n"
                           "public-key-pin=sha256//AAAA\r\nfuture-key=whatever\r\n"
                           "subject=\\sCN=x\\ty\\\\z\r\nissuer=CN=i\r\n"
                           "not-after=1999-12-31T23:59:60Z\r\n"
                           "created=1970-01-01T00:00:00Z\r\n"
                           "last-seen=2038-01-19T03:14:08Z\r\n" },
    { "not-key-value", "[ftp.example.com:21]\njust some words\n" },
  };

  if (!cv_cert_factory_issue (factory, "ftp.example.com", CV_CERT_PROBLEM_EXPIRED, 0,
                              &chain_pem, &key_pem, &error))
    g_error ("%s", error->message);
  ders = pem_to_der (chain_pem);
  report = cv_report_new_for_chain (ders, "ftp.example.com", NULL, &error);
  if (report == NULL)
    g_error ("%s", error->message);

  add_entry (entries, cv_trust_entry_new_for_report (report, "ftp.example.com", 21,
                                                     CV_TRUST_DECISION_TRUST));
  one = cv_trust_store_serialize (entries);
  write_text (dir, "one-decision.ini", one);

  add_entry (entries, cv_trust_entry_new_for_report (report, "::1", 990,
                                                     CV_TRUST_DECISION_REJECT));
  add_entry (entries, cv_trust_entry_new ("Odd.Example", 2121, CV_TRUST_DECISION_TRUST,
                                          "AB:CD:EF", "sha256//pin=",
                                          " leading space\nnew line\\back\ttab\r",
                                          "CN=Ünïcode, O=\"Quoted, Inc.\"",
                                          253402300799, 0, 1700000000));
  text = cv_trust_store_serialize (entries);
  write_text (dir, "three-decisions.ini", text);
  write_bytes (dir, "three-decisions-cut.ini", text, strlen (text) / 2);

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.ini", damaged[i].name);

      write_text (dir, name, damaged[i].text);
    }
  write_bytes (dir, "nul-byte.ini", "[a:1]\ndecision=tr\0ust\n", 22);
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
  make_trust_stores (factory, argv[1]);
  return 0;
}
