/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-demo-ftp.h"

#include <string.h>

#define DRIP_INTERVAL_MS  200
#define HUGE_BANNER_SIZE  (20 * 1024 * 1024)
#define HUGE_CHUNK_SIZE   (64 * 1024)

static gboolean
send_huge_banner (CvDemoConn *c)
{
  g_autofree char *chunk = g_malloc (HUGE_CHUNK_SIZE);
  gsize sent = 0;

  memset (chunk, 'x', HUGE_CHUNK_SIZE);
  memcpy (chunk, "220 ", 4);

  /* In chunks, so that a client that closes or a stop ends it at once */
  while (sent < HUGE_BANNER_SIZE)
    {
      if (!cv_demo_conn_send (c, chunk, HUGE_CHUNK_SIZE))
        return FALSE;
      sent += HUGE_CHUNK_SIZE;
      if (sent == HUGE_CHUNK_SIZE)
        chunk[0] = chunk[1] = chunk[2] = chunk[3] = 'x';
    }

  return TRUE;
}

/* Sends the greeting as configured; TRUE when commands should be served next */
static gboolean
demo_greet (CvDemoConn *c)
{
  static const char slow[] = "220 slow ready\r\n";

  switch (c->behaviour)
    {
    case CV_DEMO_BEHAVIOUR_SILENT:
      cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_GREETING_THEN_SILENT:
      if (cv_demo_conn_send_text (c, "220 Certview demo server ready\r\n"))
        cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_DRIP_BANNER:
      for (gsize i = 0; i < strlen (slow); i++)
        {
          if (!cv_demo_conn_send (c, slow + i, 1))
            return FALSE;
          if (i + 1 < strlen (slow) && !cv_demo_conn_sleep (c, DRIP_INTERVAL_MS))
            return FALSE;
        }
      return TRUE;

    case CV_DEMO_BEHAVIOUR_GREETING_421:
      cv_demo_conn_send_text (c, "421 Service not available\r\n");
      return FALSE;

    case CV_DEMO_BEHAVIOUR_NON_NUMERIC_REPLY:
      if (cv_demo_conn_send_text (c, "ABC hello\r\n"))
        cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_MULTILINE_GREETING:
      return cv_demo_conn_send_text (c,
                             "220-Welcome to the Certview demo server\r\n"
                             "220-It greets in several lines,\r\n"
                             "  as RFC 959 allows.\r\n"
                             "220 Ready\r\n");

    case CV_DEMO_BEHAVIOUR_HUGE_BANNER:
      send_huge_banner (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_NO_LINE_END:
      if (cv_demo_conn_send_text (c, "220 ready"))
        cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_NOT_READY:
      if (cv_demo_conn_send_text (c, "120 Service ready in 5 minutes\r\n"))
        cv_demo_conn_drain (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_HTTP_TEXT:
      cv_demo_conn_answer_as_web_server (c);
      return FALSE;

    case CV_DEMO_BEHAVIOUR_GREETING_TWICE:
      return cv_demo_conn_send_text (c, "220 Certview demo server ready\r\n"
                                        "220 Ready, as said\r\n");

    case CV_DEMO_BEHAVIOUR_NORMAL:
    case CV_DEMO_BEHAVIOUR_AUTH_REFUSED:
    case CV_DEMO_BEHAVIOUR_AUTH_SSL_ONLY:
    case CV_DEMO_BEHAVIOUR_GARBAGE_AFTER_234:
    case CV_DEMO_BEHAVIOUR_CLOSE_MID_HANDSHAKE:
    case CV_DEMO_BEHAVIOUR_TLS_ALERT:
    case CV_DEMO_BEHAVIOUR_PLAIN_TEXT:
    default:
      return cv_demo_conn_send_text (c, "220 Certview demo server ready\r\n");
    }
}

static const char *
auth_refusal (guint code)
{
  switch (code)
    {
    case 421: return "421 Service not available\r\n";
    case 500: return "500 Unknown command\r\n";
    case 502: return "502 Command not implemented\r\n";
    case 504: return "504 Security mechanism not understood\r\n";
    case 534: return "534 Policy forbids TLS here\r\n";
    default: return NULL;
    }
}

/* Answers AUTH; FALSE when the connection should end */
static gboolean
demo_auth (CvDemoConn *c,
           const char *mechanism)
{
  if (c->tls_active)
    return cv_demo_conn_send_text (c, "503 TLS is already active.\r\n");

  if (g_ascii_strcasecmp (mechanism, "TLS") != 0 && g_ascii_strcasecmp (mechanism, "SSL") != 0)
    return cv_demo_conn_send_text (c, "504 Security mechanism not understood\r\n");

  switch (c->behaviour)
    {
    case CV_DEMO_BEHAVIOUR_AUTH_SSL_ONLY:
      if (g_ascii_strcasecmp (mechanism, "SSL") != 0)
        return cv_demo_conn_send_text (c, "504 Security mechanism not understood\r\n");
      if (!cv_demo_conn_send_text (c, "234 AUTH SSL OK.\r\n"))
        return FALSE;
      return cv_demo_conn_start_tls (c);

    case CV_DEMO_BEHAVIOUR_AUTH_REFUSED:
      {
        const char *text = auth_refusal (c->auth_reply);
        g_autofree char *other = NULL;

        if (text == NULL)
          text = other = g_strdup_printf ("%03u Refused\r\n", c->auth_reply);

        if (!cv_demo_conn_send_text (c, text))
          return FALSE;

        /* 421 means the server closes the control connection */
        return c->auth_reply != 421;
      }

    case CV_DEMO_BEHAVIOUR_GARBAGE_AFTER_234:
      /* In one write, so that the client reads the garbage with the reply */
      if (cv_demo_conn_send_text (c, "234 Proceed with negotiation.\r\n"
                             "This is not TLS, only garbage.\r\n"))
        cv_demo_conn_drain (c);
      return FALSE;

    default:
      if (!cv_demo_conn_send_text (c, "234 Proceed with negotiation.\r\n"))
        return FALSE;
      return cv_demo_conn_start_tls (c);
    }
}

static void
demo_serve_commands (CvDemoConn *c)
{
  for (;;)
    {
      g_autofree char *line = cv_demo_conn_read_line (c);
      g_auto(GStrv) words = NULL;
      const char *verb;
      const char *argument;
      gboolean go_on = TRUE;

      if (line == NULL)
        return;

      words = g_strsplit (line, " ", 2);
      verb = words[0] != NULL ? words[0] : "";
      argument = (words[0] != NULL && words[1] != NULL) ? g_strstrip (words[1]) : "";

      if (g_ascii_strcasecmp (verb, "AUTH") == 0)
        go_on = demo_auth (c, argument);
      else if (g_ascii_strcasecmp (verb, "FEAT") == 0)
        go_on = cv_demo_conn_send_text (c, "211-Features:\r\n AUTH TLS\r\n PBSZ\r\n"
                                           " PROT\r\n211 End\r\n");
      else if (g_ascii_strcasecmp (verb, "QUIT") == 0)
        {
          cv_demo_conn_send_text (c, "221 Goodbye.\r\n");
          go_on = FALSE;
        }
      else if (g_ascii_strcasecmp (verb, "USER") == 0 || g_ascii_strcasecmp (verb, "PASS") == 0)
        go_on = cv_demo_conn_send_text (c, c->tls_active ? "230 Logged in.\r\n"
                                                 : "530 Use AUTH TLS first.\r\n");
      else if (c->tls_active && (g_ascii_strcasecmp (verb, "PBSZ") == 0 ||
                                 g_ascii_strcasecmp (verb, "PROT") == 0))
        go_on = cv_demo_conn_send_text (c, "200 OK.\r\n");
      else
        go_on = cv_demo_conn_send_text (c, "502 Command not implemented.\r\n");

      if (!go_on)
        return;
    }
}

void
cv_demo_ftp_serve (CvDemoConn *c)
{
  switch (c->protocol)
    {
    case CV_PROTOCOL_FTP_EXPLICIT:
      if (demo_greet (c))
        demo_serve_commands (c);
      break;

    case CV_PROTOCOL_FTP_IMPLICIT:
      if (c->behaviour == CV_DEMO_BEHAVIOUR_SILENT)
        cv_demo_conn_drain (c);
      else if (cv_demo_conn_start_tls (c) && demo_greet (c))
        demo_serve_commands (c);
      break;

    case CV_PROTOCOL_DIRECT_TLS:
    default:
      if (c->behaviour == CV_DEMO_BEHAVIOUR_SILENT || cv_demo_conn_start_tls (c))
        cv_demo_conn_drain (c);
      break;
    }
}
