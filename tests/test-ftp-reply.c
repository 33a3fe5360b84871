/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-error.h"
#include "cv-ftp-reply.h"

#include <string.h>

/* Parses @data, which must hold one whole reply and nothing else */
static CvFtpReply *
parse_whole (const char *data)
{
  g_autoptr(GError) error = NULL;
  CvFtpReply *reply;
  gsize consumed = 0;

  reply = cv_ftp_reply_parse (data, strlen (data), &consumed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpuint (consumed, ==, strlen (data));
  return reply;
}

static void
assert_needs_more (const char *data,
                   gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvFtpReply) reply = NULL;
  gsize consumed = 42;

  reply = cv_ftp_reply_parse (data, len, &consumed, &error);
  g_assert_no_error (error);
  g_assert_null (reply);
  g_assert_cmpuint (consumed, ==, 0);
}

static GError *
parse_error (const char *data,
             gsize       len)
{
  GError *error = NULL;
  g_autoptr(CvFtpReply) reply = NULL;
  gsize consumed = 0;

  reply = cv_ftp_reply_parse (data, len, &consumed, &error);
  g_assert_null (reply);
  g_assert_error (error, CV_ERROR, CV_ERROR_PROTOCOL);
  return error;
}

static void
test_single (void)
{
  g_autoptr(CvFtpReply) reply = parse_whole ("220 Service ready for new user.\r\n");

  g_assert_cmpuint (reply->code, ==, 220);
  g_assert_cmpstr (reply->text, ==, "Service ready for new user.");
}

static void
test_multi_line (void)
{
  g_autoptr(CvFtpReply) reply = NULL;
  g_autoptr(CvFtpReply) repeated = NULL;

  reply = parse_whole ("211-Features:\r\n AUTH TLS\r\n PBSZ\r\n211 End\r\n");
  g_assert_cmpuint (reply->code, ==, 211);
  g_assert_cmpstr (reply->text, ==, "Features:\n AUTH TLS\n PBSZ\nEnd");

  /* The same code with '-' inside, and other codes, are text, not the end */
  repeated = parse_whole ("220-Welcome\r\n220-to the server\r\n230 not the end\r\n"
                          "220 Ready\r\n");
  g_assert_cmpuint (repeated->code, ==, 220);
  g_assert_cmpstr (repeated->text, ==, "Welcome\nto the server\n230 not the end\nReady");
}

static void
test_bare_end (void)
{
  g_autoptr(CvFtpReply) reply = parse_whole ("220-Hello\r\nthere\r\n220\r\n");
  g_autoptr(CvFtpReply) bare = parse_whole ("200\r\n");

  g_assert_cmpuint (reply->code, ==, 220);
  g_assert_cmpstr (reply->text, ==, "Hello\nthere");
  g_assert_cmpuint (bare->code, ==, 200);
  g_assert_cmpstr (bare->text, ==, "");
}

static void
test_lf_only (void)
{
  g_autoptr(CvFtpReply) single = parse_whole ("234 AUTH TLS OK\n");
  g_autoptr(CvFtpReply) multi = parse_whole ("220-a\nb\n220 c\n");

  g_assert_cmpuint (single->code, ==, 234);
  g_assert_cmpstr (single->text, ==, "AUTH TLS OK");
  g_assert_cmpuint (multi->code, ==, 220);
  g_assert_cmpstr (multi->text, ==, "a\nb\nc");
}

static void
test_need_more (void)
{
  static const char *partial[] = {
    "",
    "2",
    "22",
    "220",
    "220 Ready",
    "220 Ready\r",
    "220-Hello\r\n",
    "220-Hello\r\nmore text\r\n",
    "220-Hello\r\n220",
    "220-Hello\r\n220 Rea",
    "220-Hello\r\n220 Ready\r",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (partial); i++)
    assert_needs_more (partial[i], strlen (partial[i]));
}

static void
test_non_numeric (void)
{
  g_autoptr(GError) error = parse_error ("ABC hello\r\n", 11);
  g_autoptr(GError) early = parse_error ("HTTP/1.1 400", 12);
  g_autoptr(GError) binary = parse_error ("\x16\x03\x01\x02\x00", 5);

  g_assert_cmpstr (error->message, ==,
                   "The server sent “ABC hello”, which is not an FTP reply. Is this an FTP "
                   "server, and the right port?");
  g_assert_nonnull (strstr (early->message, "HTTP/1.1 400"));
  /* Binary data is shown as printable ASCII only */
  g_assert_nonnull (strstr (binary->message, "“?????”"));
}

static void
test_bad_separator (void)
{
  g_autoptr(GError) tab = parse_error ("220\tReady\r\n", 11);
  g_autoptr(GError) cr = parse_error ("220\rX\n", 6);
  g_autoptr(GError) four_digits = parse_error ("2200 Ready\r\n", 12);

  /* Each one is a reply that is no FTP reply */
  g_assert_true (g_str_has_prefix (tab->message, "The server sent"));
  g_assert_true (g_str_has_prefix (cr->message, "The server sent"));
  g_assert_true (g_str_has_prefix (four_digits->message, "The server sent"));
}

static void
test_code_range (void)
{
  static const char *bad[] = { "099 x\r\n", "000 x\r\n", "600 x\r\n", "999 x\r\n", "22 x\r\n" };
  g_autoptr(CvFtpReply) low = parse_whole ("100 lowest\r\n");
  g_autoptr(CvFtpReply) high = parse_whole ("599 highest\r\n");

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = parse_error (bad[i], strlen (bad[i]));

      g_assert_nonnull (error->message);
    }

  g_assert_cmpuint (low->code, ==, 100);
  g_assert_cmpuint (high->code, ==, 599);
}

static void
test_long_line (void)
{
  g_autofree char *line = g_malloc (CV_FTP_MAX_LINE + 1);
  g_autofree char *ok = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvFtpReply) reply = NULL;

  /* 4097 bytes of a line with no end yet: refused without waiting for the rest */
  memset (line, 'x', CV_FTP_MAX_LINE + 1);
  memcpy (line, "220 ", 4);
  assert_needs_more (line, CV_FTP_MAX_LINE - 1);
  error = parse_error (line, CV_FTP_MAX_LINE + 1);
  g_assert_nonnull (strstr (error->message, "4096"));
  g_clear_error (&error);
  error = parse_error (line, CV_FTP_MAX_LINE);
  g_clear_error (&error);

  /* Exactly 4096 bytes with the CRLF is still allowed */
  ok = g_strnfill (CV_FTP_MAX_LINE, 'y');
  memcpy (ok, "220 ", 4);
  memcpy (ok + CV_FTP_MAX_LINE - 2, "\r\n", 2);
  reply = parse_whole (ok);
  g_assert_cmpuint (strlen (reply->text), ==, CV_FTP_MAX_LINE - 6);

  /* A long continuation line is refused too */
  {
    g_autoptr(GString) multi = g_string_new ("220-start\r\n");

    for (guint i = 0; i < CV_FTP_MAX_LINE + 10; i++)
      g_string_append_c (multi, 'z');
    error = parse_error (multi->str, multi->len);
  }
}

static void
test_oversized_reply (void)
{
  g_autoptr(GString) reply = g_string_new ("220-start\r\n");
  g_autoptr(GError) error = NULL;

  /* Lines of a legal length, but too many of them */
  while (reply->len < CV_FTP_MAX_REPLY + 100)
    g_string_append (reply, "220-more and more and more of the same greeting text\r\n");

  assert_needs_more (reply->str, CV_FTP_MAX_REPLY / 2);
  error = parse_error (reply->str, reply->len);
  g_assert_nonnull (strstr (error->message, "64 KiB"));
  g_clear_error (&error);

  /* Refused even before the end line arrives, once the bound is passed */
  error = parse_error (reply->str, CV_FTP_MAX_REPLY);
  g_clear_error (&error);

  g_string_append (reply, "220 end\r\n");
  error = parse_error (reply->str, reply->len);
}

static void
test_consumed (void)
{
  static const char data[] = "220-Hello\r\n220 Ready\r\n234 Proceed\r\n\x16\x03\x01";
  g_autoptr(GError) error = NULL;
  g_autoptr(CvFtpReply) first = NULL;
  g_autoptr(CvFtpReply) second = NULL;
  gsize len = sizeof data - 1;
  gsize consumed = 0;
  gsize consumed2 = 0;

  first = cv_ftp_reply_parse (data, len, &consumed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->code, ==, 220);
  g_assert_cmpuint (consumed, ==, strlen ("220-Hello\r\n220 Ready\r\n"));

  second = cv_ftp_reply_parse (data + consumed, len - consumed, &consumed2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->code, ==, 234);
  g_assert_cmpstr (second->text, ==, "Proceed");
  /* What follows the reply (the start of TLS) is left for the caller */
  g_assert_cmpuint (len - consumed - consumed2, ==, 3);
}

static void
test_meanings (void)
{
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (421), "not available"));
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (421), "closing"));
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (500), "does not understand AUTH TLS"));
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (502), "does not support AUTH TLS"));
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (504), "TLS as an AUTH mechanism"));
  g_assert_cmpstr (cv_ftp_reply_code_meaning (534), ==,
                   "the server's policy refuses the request");
  g_assert_cmpstr (cv_ftp_reply_code_meaning (530), ==, "not logged in");

  /* Unknown codes fall back to their class */
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (199), "preliminary"));
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (299), "completed"));
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (399), "intermediate"));
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (499), "transient"));
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (599), "permanent"));
  g_assert_nonnull (strstr (cv_ftp_reply_code_meaning (631), "protected"));
  g_assert_nonnull (cv_ftp_reply_code_meaning (0));
  g_assert_nonnull (cv_ftp_reply_code_meaning (999));
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(CvFtpReply) reply = parse_whole ("220 caf\xe9 \xff ready\r\n");

  g_assert_true (g_utf8_validate (reply->text, -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/certview/ftp-reply/single", test_single);
  g_test_add_func ("/certview/ftp-reply/multi-line", test_multi_line);
  g_test_add_func ("/certview/ftp-reply/bare-end-line", test_bare_end);
  g_test_add_func ("/certview/ftp-reply/lf-only", test_lf_only);
  g_test_add_func ("/certview/ftp-reply/need-more", test_need_more);
  g_test_add_func ("/certview/ftp-reply/non-numeric", test_non_numeric);
  g_test_add_func ("/certview/ftp-reply/bad-separator", test_bad_separator);
  g_test_add_func ("/certview/ftp-reply/code-range", test_code_range);
  g_test_add_func ("/certview/ftp-reply/long-line", test_long_line);
  g_test_add_func ("/certview/ftp-reply/oversized-reply", test_oversized_reply);
  g_test_add_func ("/certview/ftp-reply/consumed", test_consumed);
  g_test_add_func ("/certview/ftp-reply/meanings", test_meanings);
  g_test_add_func ("/certview/ftp-reply/invalid-utf8", test_invalid_utf8);

  return g_test_run ();
}
