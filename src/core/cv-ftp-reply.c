/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-ftp-reply.h"

#include "cv-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* How much of a bad reply an error message quotes */
#define QUOTE_MAX 40

void
cv_ftp_reply_free (CvFtpReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->text);
  g_free (reply);
}

/* The start of what the server sent, safe to show: printable ASCII only, one line */
static char *
quote_received (const char *data,
                gsize       len)
{
  GString *out = g_string_new (NULL);
  gsize i;

  for (i = 0; i < len && out->len < QUOTE_MAX; i++)
    {
      guchar c = (guchar) data[i];

      if (c == '\r' || c == '\n')
        break;
      g_string_append_c (out, (c >= 0x20 && c < 0x7f) ? (char) c : '?');
    }

  if (i < len && data[i] != '\r' && data[i] != '\n')
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

static void
set_not_a_reply_error (GError     **error,
                       const char  *data,
                       gsize        len)
{
  g_autofree char *quoted = quote_received (data, len);

  g_set_error (error, CV_ERROR, CV_ERROR_PROTOCOL,
               _("The server sent “%s”, which is not an FTP reply. Is this an FTP server, "
                 "and the right port?"), quoted);
}

/*
 * Checks the part of a first line that has arrived, so that a server that does
 * not speak FTP is caught at once rather than after a timeout.
 */
static gboolean
check_code_prefix (const char *data,
                   gsize       len)
{
  for (gsize i = 0; i < len && i < 4; i++)
    {
      char c = data[i];

      if (i == 0 && !(c >= '1' && c <= '5'))
        return FALSE;
      if ((i == 1 || i == 2) && !g_ascii_isdigit (c))
        return FALSE;
      if (i == 3 && c != ' ' && c != '-' && c != '\r' && c != '\n')
        return FALSE;
    }

  return TRUE;
}

/* The line's length without its "\r\n" or "\n" */
static gsize
content_length (const char *line,
                gsize       len_with_lf)
{
  gsize n = len_with_lf - 1;

  if (n > 0 && line[n - 1] == '\r')
    n--;

  return n;
}

static void
append_text (GString    *text,
             const char *data,
             gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (data, len);

  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, valid);
}

CvFtpReply *
cv_ftp_reply_parse (const char  *data,
                    gsize        len,
                    gsize       *consumed,
                    GError     **error)
{
  g_autoptr(GString) text = NULL;
  const char *lf;
  gsize line_len;
  gsize content;
  gsize pos;
  guint code;
  CvFtpReply *reply;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (consumed != NULL)
    *consumed = 0;

  if (len == 0)
    return NULL;

  if (!check_code_prefix (data, len))
    {
      set_not_a_reply_error (error, data, len);
      return NULL;
    }

  lf = memchr (data, '\n', MIN (len, CV_FTP_MAX_LINE));
  if (lf == NULL)
    {
      if (len >= CV_FTP_MAX_LINE)
        {
          g_autofree char *quoted = quote_received (data, len);

          g_set_error (error, CV_ERROR, CV_ERROR_PROTOCOL,
                       _("The server sent a line longer than %d bytes (“%s”), which is not a "
                         "valid FTP reply."), CV_FTP_MAX_LINE, quoted);
        }
      return NULL;
    }

  line_len = lf - data + 1;
  content = content_length (data, line_len);
  if (content < 3 || (content > 3 && data[3] != ' ' && data[3] != '-'))
    {
      set_not_a_reply_error (error, data, len);
      return NULL;
    }

  code = (data[0] - '0') * 100 + (data[1] - '0') * 10 + (data[2] - '0');
  text = g_string_new (NULL);

  /* "DDD text", or a bare "DDD": a single-line reply */
  if (content == 3 || data[3] == ' ')
    {
      if (content > 4)
        append_text (text, data + 4, content - 4);

      reply = g_new0 (CvFtpReply, 1);
      reply->code = code;
      reply->text = g_string_free (g_steal_pointer (&text), FALSE);
      if (consumed != NULL)
        *consumed = line_len;
      return reply;
    }

  /* "DDD-text": lines up to one that starts with the same code and a space */
  append_text (text, data + 4, content - 4);
  pos = line_len;

  for (;;)
    {
      const char *line = data + pos;
      gsize avail = len - pos;

      lf = memchr (line, '\n', MIN (avail, CV_FTP_MAX_LINE));
      if (lf == NULL)
        {
          if (avail >= CV_FTP_MAX_LINE)
            {
              g_autofree char *quoted = quote_received (line, avail);

              g_set_error (error, CV_ERROR, CV_ERROR_PROTOCOL,
                           _("The server sent a line longer than %d bytes (“%s”), which is "
                             "not a valid FTP reply."), CV_FTP_MAX_LINE, quoted);
            }
          else if (len >= CV_FTP_MAX_REPLY)
            {
              g_set_error (error, CV_ERROR, CV_ERROR_PROTOCOL,
                           _("The server's reply %u is longer than %d KiB, which is more than "
                             "an FTP server should send."), code, CV_FTP_MAX_REPLY / 1024);
            }
          return NULL;
        }

      line_len = lf - line + 1;
      if (pos + line_len > CV_FTP_MAX_REPLY)
        {
          g_set_error (error, CV_ERROR, CV_ERROR_PROTOCOL,
                       _("The server's reply %u is longer than %d KiB, which is more than "
                         "an FTP server should send."), code, CV_FTP_MAX_REPLY / 1024);
          return NULL;
        }

      content = content_length (line, line_len);
      pos += line_len;

      if (content >= 3 && memcmp (line, data, 3) == 0)
        {
          if (content == 3)
            break;

          if (line[3] == ' ')
            {
              append_text (text, line + 4, content - 4);
              break;
            }

          /* Many servers repeat "DDD-" on every line; the code is not text */
          if (line[3] == '-')
            {
              append_text (text, line + 4, content - 4);
              continue;
            }
        }

      append_text (text, line, content);
    }

  reply = g_new0 (CvFtpReply, 1);
  reply->code = code;
  reply->text = g_string_free (g_steal_pointer (&text), FALSE);
  if (consumed != NULL)
    *consumed = pos;
  return reply;
}

const char *
cv_ftp_reply_code_meaning (guint code)
{
  switch (code)
    {
    case 110: return _("restart marker reply");
    case 120: return _("the service will be ready in a few minutes");
    case 125: return _("the data connection is already open; the transfer is starting");
    case 150: return _("the file status is okay; the server is opening the data connection");
    case 200: return _("the command was accepted");
    case 211: return _("system status or help reply");
    case 220: return _("the service is ready for a new user");
    case 221: return _("the service is closing the control connection");
    case 226: return _("the transfer is complete; the data connection is closing");
    case 230: return _("the user is logged in");
    case 234: return _("the server accepts the security mechanism; TLS negotiation can start");
    case 331: return _("the user name is accepted; the server needs a password");
    case 332: return _("the server needs an account to log in");
    case 334: return _("the server accepts the security mechanism but wants more security data");
    case 421: return _("service not available: the server is closing the control connection");
    case 425: return _("the server cannot open a data connection");
    case 426: return _("the connection was closed and the transfer aborted");
    case 430: return _("the user name or password is invalid");
    case 431: return _("the server lacks a resource it needs to set up security");
    case 450: return _("the file is unavailable, for example because it is busy");
    case 451: return _("the server aborted the action because of a local error");
    case 452: return _("the server does not have enough storage space");
    case 500: return _("syntax error, command unrecognised: the server does not understand "
                       "AUTH TLS");
    case 501: return _("syntax error in the parameters or arguments");
    case 502: return _("command not implemented: the server does not support AUTH TLS");
    case 503: return _("bad sequence of commands");
    case 504: return _("command not implemented for that parameter: the server does not "
                       "support TLS as an AUTH mechanism");
    case 530: return _("not logged in");
    case 532: return _("the server needs an account to store files");
    case 533: return _("the server's policy refuses the command's protection level");
    case 534: return _("the server's policy refuses the request");
    case 535: return _("the security data could not be verified");
    case 536: return _("the security mechanism does not support the requested protection "
                       "level");
    case 550: return _("the file is unavailable: not found, or no access");
    case 551: return _("the action was aborted: unknown page type");
    case 552: return _("the action was aborted: storage allocation exceeded");
    case 553: return _("the file name is not allowed");
    default:
      break;
    }

  switch (code / 100)
    {
    case 1: return _("a preliminary reply: the server will send another reply");
    case 2: return _("the action completed");
    case 3: return _("an intermediate reply: the server needs more information");
    case 4: return _("a transient failure: the action may succeed if tried again later");
    case 5: return _("a permanent failure: the server refused the action");
    case 6: return _("a protected reply");
    default: return _("an unknown reply code");
    }
}
