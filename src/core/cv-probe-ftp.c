/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The FTP dialogue before TLS: the greeting and AUTH TLS (RFC 4217) */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-probe-private.h"

#include "cv-error.h"
#include "cv-format.h"
#include "cv-ftp-reply.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* How much of a server's text an error message shows */
#define MAX_SHOWN_TEXT 200

static CvFtpReply *
conn_read_reply (CvProbeConn *c,
                 GError     **error)
{
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      CvFtpReply *reply;
      gsize consumed = 0;
      gssize n;

      reply = cv_ftp_reply_parse (c->buf, c->buf_len, &consumed, &local);
      if (reply != NULL)
        {
          memmove (c->buf, c->buf + consumed, c->buf_len - consumed);
          c->buf_len -= consumed;
          return reply;
        }

      /* The greeting was FTP's: what is not an answer to AUTH TLS is a server that
       * does not start TLS, as any answer but 234 is */
      if (local != NULL && c->step == CV_PROBE_STEP_AUTH_TLS)
        {
          gsize length = 0;
          g_autofree char *line = NULL;
          g_autofree char *shown = NULL;

          while (length < c->buf_len && c->buf[length] != '\r' && c->buf[length] != '\n')
            length++;
          line = g_strndup (c->buf, length);
          shown = cv_sanitize_line (line, MAX_SHOWN_TEXT);

          g_set_error (error, CV_ERROR, CV_ERROR_TLS_NOT_OFFERED,
                       _("The server answered AUTH TLS with “%s”, which is not an FTP reply, "
                         "so TLS cannot start."), shown);
          return NULL;
        }

      /* The parser refuses oversized replies before this; never read past the buffer */
      if (local == NULL && c->buf_len >= CV_FTP_MAX_REPLY)
        g_set_error (&local, CV_ERROR, CV_ERROR_PROTOCOL,
                     _("The server's reply is longer than %d KiB, which is more than an "
                       "FTP server should send."), CV_FTP_MAX_REPLY / 1024);

      if (local != NULL)
        {
          /* The parser knows what was wrong; the user also needs to know when */
          if (c->step == CV_PROBE_STEP_GREETING)
            g_prefix_error (&local, _("While waiting for the greeting: "));
          else
            g_prefix_error (&local, _("While waiting for the reply to AUTH TLS: "));
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }

      n = cv_probe_conn_receive (c, c->buf + c->buf_len, CV_FTP_MAX_REPLY - c->buf_len, error);
      if (n < 0)
        return NULL;

      if (n == 0)
        {
          cv_probe_conn_set_closed_error (c, error);
          return NULL;
        }

      c->buf_len += n;
    }
}

/* 1xx replies announce another reply: the answer is the next one that is not 1xx */
static CvFtpReply *
conn_read_final_reply (CvProbeConn *c,
                       GError     **error)
{
  for (;;)
    {
      CvFtpReply *reply = conn_read_reply (c, error);

      if (reply == NULL || reply->code >= 200)
        return reply;

      /* Said if the wait ends in a timeout */
      c->preliminary_code = reply->code;
      g_free (c->preliminary_text);
      c->preliminary_text = cv_sanitize_line (reply->text, MAX_SHOWN_TEXT);
      cv_ftp_reply_free (reply);
    }
}

char *
cv_probe_ftp_read_greeting (CvProbeConn *c,
                            GError     **error)
{
  g_autoptr(CvFtpReply) reply = NULL;
  g_autofree char *shown = NULL;

  c->step = CV_PROBE_STEP_GREETING;

  reply = conn_read_final_reply (c, error);
  if (reply == NULL)
    return NULL;

  if (reply->code == 220)
    return g_steal_pointer (&reply->text);

  shown = cv_sanitize_line (reply->text, MAX_SHOWN_TEXT);

  if (reply->code >= 400)
    g_set_error (error, CV_ERROR, CV_ERROR_FTP_REPLY,
                 _("The server refused the connection with %u “%s” (%s)."),
                 reply->code, shown, cv_ftp_reply_code_meaning (reply->code));
  else
    g_set_error (error, CV_ERROR, CV_ERROR_PROTOCOL,
                 _("The server greeted with %u “%s” instead of 220 (ready). It may not be an "
                   "FTP server."), reply->code, shown);

  return NULL;
}

/* Greetings sent again before the answer to AUTH TLS that are passed over */
#define MAX_EXTRA_GREETINGS 3

/* Servers that predate RFC 4217 know the mechanism by its draft's name alone, as
 * curl and FileZilla know: asked after AUTH TLS was not understood. TRUE when it
 * starts TLS (234, or 334 as some of them answer) */
static gboolean
auth_ssl (CvProbeConn *c)
{
  static const char command[] = "AUTH SSL\r\n";
  g_autoptr(CvFtpReply) reply = NULL;

  if (!cv_probe_conn_send_all (c, command, strlen (command), NULL))
    return FALSE;
  reply = conn_read_final_reply (c, NULL);
  return reply != NULL && (reply->code == 234 || reply->code == 334);
}

gboolean
cv_probe_ftp_auth_tls (CvProbeConn *c,
                       GError     **error)
{
  static const char command[] = "AUTH TLS\r\n";
  g_autoptr(CvFtpReply) reply = NULL;
  g_autofree char *shown = NULL;

  c->step = CV_PROBE_STEP_AUTH_TLS;

  if (!cv_probe_conn_send_all (c, command, strlen (command), error))
    return FALSE;

  /* A 220 answers no command but the connection: one the server sent again, or a
   * greeting's extra line, is passed over rather than taken for the answer */
  for (guint skipped = 0; ; skipped++)
    {
      reply = conn_read_final_reply (c, error);
      if (reply == NULL)
        return FALSE;
      if (reply->code != 220 || skipped == MAX_EXTRA_GREETINGS)
        break;
      g_clear_pointer (&reply, cv_ftp_reply_free);
    }

  /* RFC 4217 §4: 234 and nothing else starts the TLS negotiation */
  if (reply->code == 234)
    return c->auth_accepted = TRUE;

  /* Not understood (500, 502, 504), rather than refused by policy (534) or for
   * want of a login (530): the older name may be */
  if ((reply->code == 500 || reply->code == 502 || reply->code == 504) && auth_ssl (c))
    return c->auth_accepted = TRUE;

  shown = cv_sanitize_line (reply->text, MAX_SHOWN_TEXT);

  /* 5xx is final (RFC 4217 §4: 500, 502, 504, 534): the server does not offer TLS;
   * 4xx may pass. Any other answer goes on without TLS, as a server that does not
   * offer it would, or one whose AUTH TLS was answered on the way. */
  if (reply->code >= 500)
    g_set_error (error, CV_ERROR, CV_ERROR_TLS_NOT_OFFERED,
                 _("The server refused AUTH TLS with %u “%s” (%s)."),
                 reply->code, shown,
                 /* vsftpd with TLS turned off, for one, answers AUTH TLS so */
                 reply->code == 530
                 ? _("not logged in: the server does not start TLS before a login, which is "
                     "how some servers say that they have TLS turned off")
                 : cv_ftp_reply_code_meaning (reply->code));
  else if (reply->code >= 400)
    g_set_error (error, CV_ERROR, CV_ERROR_FTP_REPLY,
                 _("The server refused AUTH TLS with %u “%s” (%s)."),
                 reply->code, shown, cv_ftp_reply_code_meaning (reply->code));
  else
    g_set_error (error, CV_ERROR, CV_ERROR_TLS_NOT_OFFERED,
                 _("The server answered AUTH TLS with %u “%s” instead of 234, so TLS cannot "
                   "start (%s)."), reply->code, shown, cv_ftp_reply_code_meaning (reply->code));

  return FALSE;
}
