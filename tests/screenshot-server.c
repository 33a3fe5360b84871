/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * A built-in server for tools/screenshots (built with the tests, never run as
 * one): starts CvDemoServer on 127.0.0.1 with a certificate from CvCertFactory,
 * writes the factory's root CA to DIR/ca.pem, prints the port on a line of its
 * own, and serves until SIGINT or SIGTERM.
 *
 *   screenshot-server [--problem none|expired|wrong-host|self-signed|…]
 *                     [--auth-refused CODE] [--protocol ftp|ftps|tls] DIR
 */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-demo-server.h"

#include <glib-unix.h>
#include <stdio.h>

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_problem (const char    *name,
               CvCertProblem *problem)
{
  const struct { const char *name; CvCertProblem problem; } problems[] = {
    { "none", CV_CERT_PROBLEM_NONE },
    { "expired", CV_CERT_PROBLEM_EXPIRED },
    { "not-yet-valid", CV_CERT_PROBLEM_NOT_YET_VALID },
    { "wrong-host", CV_CERT_PROBLEM_WRONG_HOST },
    { "self-signed", CV_CERT_PROBLEM_SELF_SIGNED },
    { "untrusted-root", CV_CERT_PROBLEM_UNTRUSTED_ROOT },
    { "incomplete-chain", CV_CERT_PROBLEM_INCOMPLETE_CHAIN },
    { "sha1", CV_CERT_PROBLEM_SHA1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    if (g_str_equal (name, problems[i].name))
      {
        *problem = problems[i].problem;
        return TRUE;
      }

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  char *problem_name = NULL;
  char *protocol_name = NULL;
  int auth_refused = 0;
  const GOptionEntry entries[] = {
    { "problem", 0, 0, G_OPTION_ARG_STRING, &problem_name, "What is wrong with the certificate",
      "NAME" },
    { "auth-refused", 0, 0, G_OPTION_ARG_INT, &auth_refused, "Refuse AUTH TLS with CODE",
      "CODE" },
    { "protocol", 0, 0, G_OPTION_ARG_STRING, &protocol_name, "ftp (default), ftps or tls",
      "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *ca_path = NULL;
  CvCertProblem problem = CV_CERT_PROBLEM_NONE;
  CvProtocol protocol = CV_PROTOCOL_FTP_EXPLICIT;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("screenshot-server: %s\n", error != NULL ? error->message : "give one DIR");
      return 2;
    }

  if (problem_name != NULL && !parse_problem (problem_name, &problem))
    {
      g_printerr ("screenshot-server: unknown problem “%s”\n", problem_name);
      return 2;
    }

  if (g_strcmp0 (protocol_name, "ftps") == 0)
    protocol = CV_PROTOCOL_FTP_IMPLICIT;
  else if (g_strcmp0 (protocol_name, "tls") == 0)
    protocol = CV_PROTOCOL_DIRECT_TLS;

  factory = cv_cert_factory_new (&error);
  if (factory == NULL ||
      !cv_cert_factory_issue (factory, "localhost", problem, 0, &chain_pem, &key_pem, &error))
    {
      g_printerr ("screenshot-server: %s\n", error->message);
      return 2;
    }

  ca_path = g_build_filename (argv[1], "ca.pem", NULL);
  if (!g_file_set_contents (ca_path, cv_cert_factory_get_ca_pem (factory), -1, &error))
    {
      g_printerr ("screenshot-server: %s\n", error->message);
      return 2;
    }

  server = cv_demo_server_new (protocol, chain_pem, key_pem);
  if (auth_refused > 0)
    {
      cv_demo_server_set_behaviour (server, CV_DEMO_BEHAVIOUR_AUTH_REFUSED);
      cv_demo_server_set_auth_reply (server, (guint) auth_refused);
    }

  if (!cv_demo_server_start (server, "127.0.0.1", &error))
    {
      g_printerr ("screenshot-server: %s\n", error->message);
      return 2;
    }

  printf ("%u\n", cv_demo_server_get_port (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  cv_demo_server_stop (server);
  g_free (problem_name);
  g_free (protocol_name);
  return 0;
}
