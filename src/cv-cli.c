/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cli.h"

#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-error.h"
#include "cv-inspect.h"
#include "cv-probe.h"
#include "cv-report.h"
#include "cv-target.h"
#include "cv-trust-io.h"
#include "cv-trust-store.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <gio/gio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_TIMEOUT_SECONDS 3600.0

gboolean
cv_cli_parse (CvCliOptions   *options,
              int            *argc,
              char         ***argv,
              GError        **error)
{
  const GOptionEntry entries[] = {
    { "dump", 'd', 0, G_OPTION_ARG_NONE, &options->dump,
      N_("Print the certificate tree as text, with no window"), NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print the certificate tree as JSON, with no window"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options->ca_file,
      N_("Trust the certificate authorities in FILE too (PEM)"), N_("FILE") },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &options->timeout,
      N_("Give up on the server after SECONDS (default 15)"), N_("SECONDS") },
    { "sni", 0, 0, G_OPTION_ARG_STRING, &options->sni,
      N_("Send NAME as the TLS server name and check the certificate against it"),
      N_("NAME") },
    { "revocation", 0, 0, G_OPTION_ARG_STRING, &options->revocation,
      N_("How to check for revocation: online (the default: stapled, else the OCSP "
         "responder or CRL), stapled, or off"), N_("MODE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options->demo,
      N_("Inspect the built-in demo server, whose certificate is self-signed and expired"),
      NULL },
    { "prompt", 'p', 0, G_OPTION_ARG_NONE, &options->prompt,
      N_("Ask whether to accept the server's certificate; exit 0 accepted, 1 rejected"),
      NULL },
    { "print-pin", 0, 0, G_OPTION_ARG_NONE, &options->print_pin,
      N_("With --prompt: print the accepted public key as sha256//BASE64"), NULL },
    { "trust", 0, 0, G_OPTION_ARG_STRING, &options->trust,
      N_("Always trust URL's certificate if its SHA-256 is the one given by --fingerprint"),
      N_("URL") },
    { "distrust", 0, 0, G_OPTION_ARG_STRING, &options->distrust,
      N_("Always reject URL's certificate if its SHA-256 is the one given by --fingerprint"),
      N_("URL") },
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &options->fingerprint,
      N_("The SHA-256 fingerprint that --trust or --distrust expects (hex, colons optional)"),
      N_("SHA256") },
    { "all-names", 0, 0, G_OPTION_ARG_NONE, &options->all_names,
      N_("With --trust or --distrust: decide for every host name of the certificate, on "
         "the same port"), NULL },
    { "list-trusted", 'l', 0, G_OPTION_ARG_NONE, &options->list_trusted,
      N_("List the saved trust decisions"), NULL },
    { "forget", 0, 0, G_OPTION_ARG_STRING, &options->forget,
      N_("Remove the saved decision for HOST:PORT, [IPv6]:PORT or a URL"), N_("HOST:PORT") },
    { "export-trusted", 0, 0, G_OPTION_ARG_FILENAME, &options->export_trusted,
      N_("Write the saved decisions to FILE as JSON (- for standard output)"), N_("FILE") },
    { "export-known-hosts", 0, 0, G_OPTION_ARG_FILENAME, &options->export_known_hosts,
      N_("Add the trusted keys to FILE in GnuTLS's known_hosts form (gnutls-cli --tofu)"),
      N_("FILE") },
    { "import-trusted", 0, 0, G_OPTION_ARG_FILENAME, &options->import_trusted,
      N_("Add the decisions in FILE (Certview JSON, FileZilla's trustedcerts.xml or "
         "Certview 0.1's trust.ini) for servers that have none"), N_("FILE") },
    { "trust-store", 0, 0, G_OPTION_ARG_FILENAME, &options->trust_store,
      N_("Keep saved decisions in FILE (also $CERTVIEW_TRUST_STORE)"), N_("FILE") },
    { "version", 'v', 0, G_OPTION_ARG_NONE, &options->version,
      N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->args,
      NULL, N_("[URL|FILE]") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;

  /* No number parses to -G_MAXDOUBLE seconds by chance: it tells whether --timeout
   * was given, so that the window's own default applies otherwise */
  options->timeout = -G_MAXDOUBLE;

  /* The remaining-arguments entry names [URL|FILE] in the usage line */
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Inspect the certificate of an FTPS or TLS server, or of a certificate file."));
  g_option_context_set_description (context,
    _("URL is host, host:port, [IPv6]:port, or ftp://, ftpes:// (FTP with AUTH TLS),\n"
      "ftps:// (implicit FTPS), https:// or tls:// (direct TLS) followed by the host.\n"
      "\n"
      "Exit status: 0 valid, 1 invalid, 2 could not connect, handshake or parse."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  options->timeout_given = options->timeout != -G_MAXDOUBLE;
  if (!options->timeout_given)
    options->timeout = CV_PROBE_DEFAULT_TIMEOUT_MS / 1000.0;

  if (!(options->timeout > 0 && options->timeout <= MAX_TIMEOUT_SECONDS))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--timeout takes a number of seconds greater than 0 and at most %.0f"),
                   MAX_TIMEOUT_SECONDS);
      return FALSE;
    }

  options->revocation_mode = CV_REVOCATION_MODE_ONLINE;
  if (options->revocation != NULL &&
      !cv_revocation_mode_from_string (options->revocation, &options->revocation_mode))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--revocation takes online, stapled or off, not “%s”"),
                   options->revocation);
      return FALSE;
    }

  if (options->args != NULL && g_strv_length (options->args) > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Give one server or file at a time, not %u"),
                   g_strv_length (options->args));
      return FALSE;
    }

  if (options->demo && options->args != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--demo inspects the built-in server; leave out the URL"));
      return FALSE;
    }

  {
    guint n_modes = !!options->dump + !!options->json + !!options->prompt +
                    !!options->list_trusted + (options->forget != NULL) +
                    (options->trust != NULL) + (options->distrust != NULL) +
                    (options->export_trusted != NULL) +
                    (options->export_known_hosts != NULL) +
                    (options->import_trusted != NULL);

    if (n_modes > 1)
      {
        g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                             _("Choose one of --dump, --json, --prompt, --trust, --distrust, "
                               "--list-trusted, --forget, --export-trusted, "
                               "--export-known-hosts and --import-trusted"));
        return FALSE;
      }
  }

  if ((options->dump || options->json) && options->args == NULL && !options->demo)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--dump and --json need a server URL or a certificate file"));
      return FALSE;
    }

  if (options->prompt && options->args == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--prompt needs the server URL to ask about"));
      return FALSE;
    }

  if ((options->trust != NULL || options->distrust != NULL) != (options->fingerprint != NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--trust and --distrust take a --fingerprint: "
                             "--trust URL --fingerprint SHA256"));
      return FALSE;
    }

  if (options->all_names && options->trust == NULL && options->distrust == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--all-names goes with --trust or --distrust"));
      return FALSE;
    }

  if (options->print_pin && !options->prompt)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--print-pin goes with --prompt"));
      return FALSE;
    }

  if (cv_cli_is_store_mode (options) && (options->args != NULL || options->demo))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("The options for saved decisions take no further URL or file"));
      return FALSE;
    }

  return TRUE;
}

void
cv_cli_options_clear (CvCliOptions *options)
{
  g_clear_pointer (&options->ca_file, g_free);
  g_clear_pointer (&options->sni, g_free);
  g_clear_pointer (&options->revocation, g_free);
  g_clear_pointer (&options->args, g_strfreev);
  g_clear_pointer (&options->trust_store, g_free);
  g_clear_pointer (&options->forget, g_free);
  g_clear_pointer (&options->trust, g_free);
  g_clear_pointer (&options->distrust, g_free);
  g_clear_pointer (&options->fingerprint, g_free);
  g_clear_pointer (&options->export_trusted, g_free);
  g_clear_pointer (&options->export_known_hosts, g_free);
  g_clear_pointer (&options->import_trusted, g_free);
}

gboolean
cv_cli_is_store_mode (CvCliOptions *options)
{
  return options->list_trusted || options->forget != NULL || options->trust != NULL ||
         options->distrust != NULL || options->export_trusted != NULL ||
         options->export_known_hosts != NULL || options->import_trusted != NULL;
}

gboolean
cv_cli_is_headless (CvCliOptions *options)
{
  return options->dump || options->json || cv_cli_is_store_mode (options);
}

gboolean
cv_cli_is_file_argument (const char *arg)
{
  return strstr (arg, "://") == NULL && g_file_test (arg, G_FILE_TEST_IS_REGULAR);
}

static CvReport *
inspect_target (CvCliOptions  *options,
                CvTarget      *target,
                GError       **error)
{
  g_autoptr(CvProbe) probe = cv_probe_new (target);

  cv_probe_set_timeout_ms (probe, (guint) (options->timeout * 1000.0));
  cv_probe_set_revocation (probe, options->revocation_mode);
  if (options->sni != NULL)
    cv_probe_set_server_name (probe, options->sni);

  return cv_inspect (probe, options->ca_file, NULL, error);
}

static CvReport *
inspect_demo (CvCliOptions  *options,
              GError       **error)
{
  g_autoptr(CvCertFactory) factory = NULL;
  g_autoptr(CvDemoServer) server = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;
  CvReport *report;

  factory = cv_cert_factory_new (error);
  if (factory == NULL ||
      !cv_cert_factory_issue (factory, "localhost",
                              CV_CERT_PROBLEM_SELF_SIGNED | CV_CERT_PROBLEM_EXPIRED, 0,
                              &chain_pem, &key_pem, error))
    return NULL;

  server = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);
  if (!cv_demo_server_start (server, "127.0.0.1", error))
    return NULL;

  target = cv_target_new ("localhost", cv_demo_server_get_port (server),
                          CV_PROTOCOL_FTP_EXPLICIT);
  report = inspect_target (options, target, error);
  cv_demo_server_stop (server);
  return report;
}

static void
print_error (GError *error)
{
  g_printerr ("certview: %s\n", error->message);
}

static CvExit
run_inspect (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autofree char *text = NULL;

  if (options->demo)
    {
      report = inspect_demo (options, &error);
    }
  else if (cv_cli_is_file_argument (options->args[0]))
    {
      report = cv_report_new_for_file (options->args[0], options->ca_file, &error);
    }
  else
    {
      g_autoptr(CvTarget) target = cv_target_parse (options->args[0],
                                                    CV_PROTOCOL_FTP_EXPLICIT, &error);

      if (target != NULL)
        report = inspect_target (options, target, &error);
    }

  if (report == NULL)
    {
      print_error (error);
      return CV_EXIT_FAILED;
    }

  text = options->json ? cv_report_to_json (report) : cv_report_to_text (report);
  fputs (text, stdout);
  if (!g_str_has_suffix (text, "\n"))
    fputc ('\n', stdout);
  if (fflush (stdout) != 0)
    return CV_EXIT_FAILED;

  return cv_report_get_valid (report) ? CV_EXIT_VALID : CV_EXIT_INVALID;
}

/* The store named by --trust-store, else $CERTVIEW_TRUST_STORE, else the default;
 * opened and checked. NULL when it cannot be used: none of its decisions count. */
static CvTrustStore *
open_store (CvCliOptions  *options,
            GError       **error)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (options->trust_store);

  if (!cv_trust_store_load (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

/* After a save: the 0.1 decisions that came along, if any */
static void
print_store_notice (CvTrustStore *store)
{
  const char *notice = cv_trust_store_get_notice (store);

  if (notice != NULL)
    g_printerr ("certview: %s\n", notice);
}

/* A Unix time in UTC, "2030-01-01" or with @with_time "2030-01-01T00:00:00Z"; "?" for
 * one out of range. By hand: the list prints two a decision, for 100,000 of them. */
static void
format_date_into (char     *out,
                  gsize     size,
                  gint64    seconds,
                  gboolean  with_time)
{
  time_t t = (time_t) seconds;
  struct tm tm;
  size_t n;

  if ((gint64) t != seconds || gmtime_r (&t, &tm) == NULL)
    n = 0;
  else if (with_time)
    n = strftime (out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
  else
    n = strftime (out, size, "%Y-%m-%d", &tm);
  if (n == 0)
    g_strlcpy (out, "?", size);
}

static char *
format_date (gint64 seconds)
{
  char text[64];

  format_date_into (text, sizeof text, seconds, FALSE);
  return g_strdup (text);
}

static gboolean
print_decision_cb (const CvTrustEntryFields *fields,
                   gpointer                  user_data)
{
  char expires[32];
  char seen[32];

  format_date_into (expires, sizeof expires, fields->not_after, FALSE);
  format_date_into (seen, sizeof seen, fields->last_seen, TRUE);
  fprintf (stdout, strchr (fields->host, ':') ? "[%s]:%u\t%s\t%s\t%s\t%s\t"
                                              : "%s:%u\t%s\t%s\t%s\t%s\t",
           fields->host, fields->port, fields->decision, fields->certificate_sha256,
           expires, seen);
  for (guint n = 0; fields->names != NULL && fields->names[n] != NULL; n++)
    {
      if (n > 0)
        fputc (',', stdout);
      fputs (fields->names[n], stdout);
    }
  fputc ('\n', stdout);
  return TRUE;
}

static CvExit
run_list_trusted (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTrustStore) store = open_store (options, &error);

  /* Printed as read: at 100,000 decisions, an object each would triple the time */
  if (store == NULL || !cv_trust_store_foreach (store, print_decision_cb, NULL, &error))
    {
      print_error (error);
      return CV_EXIT_FAILED;
    }
  return fflush (stdout) == 0 ? CV_EXIT_VALID : CV_EXIT_FAILED;
}

static CvExit
run_forget (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autofree char *host = NULL;
  g_autofree char *key = NULL;
  guint16 port;

  if (!cv_trust_parse_server (options->forget, &host, &port, &error) ||
      (store = open_store (options, &error)) == NULL ||
      !cv_trust_store_forget (store, host, port, &error))
    {
      print_error (error);
      return g_error_matches (error, CV_ERROR, CV_ERROR_NOT_FOUND) ? CV_EXIT_INVALID
                                                                   : CV_EXIT_FAILED;
    }
  print_store_notice (store);
  key = cv_trust_key_for (host, port);
  g_print (_("Forgot the decision for %s.\n"), key);
  return CV_EXIT_VALID;
}

/* Lower-case hex with colons, or NULL when @text is not 32 bytes of hex */
static char *
normalize_fingerprint (const char *text)
{
  GString *hex = g_string_new (NULL);
  GString *out;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p))
        {
          g_string_free (hex, TRUE);
          return NULL;
        }
      g_string_append_c (hex, g_ascii_tolower (*p));
    }
  if (hex->len != 64)
    {
      g_string_free (hex, TRUE);
      return NULL;
    }

  out = g_string_new (NULL);
  for (gsize i = 0; i < hex->len; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_len (out, hex->str + i, 2);
    }
  g_string_free (hex, TRUE);
  return g_string_free (out, FALSE);
}

static gboolean
report_has_code (CvReport   *report,
                 const char *code)
{
  g_auto(GStrv) problems = cv_trust_report_problems (report);

  return g_strv_contains ((const char * const *) problems, code);
}

/* Every problem a decision pins over, said before it is saved */
static void
print_problems (CvReport   *report,
                const char *intro)
{
  GPtrArray *reasons = cv_report_get_reasons (report);

  g_printerr ("certview: %s\n", intro);
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      g_printerr ("  • %s\n", reason->message);
    }
}

/* --trust and --distrust: the fingerprint given is the deliberate confirmation */
static CvExit
run_pin (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autofree char *expected = normalize_fingerprint (options->fingerprint);
  g_autofree char *name = NULL;
  gboolean trust = options->trust != NULL;
  const char *served;
  const char * const *names;

  if (expected == NULL)
    {
      g_printerr ("certview: %s\n",
                  _("--fingerprint takes a SHA-256 fingerprint: 64 hexadecimal digits, "
                    "colons optional"));
      return CV_EXIT_FAILED;
    }

  target = cv_target_parse (trust ? options->trust : options->distrust,
                            CV_PROTOCOL_FTP_EXPLICIT, &error);
  if (target == NULL || (store = open_store (options, &error)) == NULL ||
      (report = inspect_target (options, target, &error)) == NULL)
    {
      print_error (error);
      return CV_EXIT_FAILED;
    }

  name = cv_target_to_string (target);
  served = cv_certificate_get_sha256 (cv_report_get_leaf (report));
  if (g_ascii_strcasecmp (served, expected) != 0)
    {
      g_printerr (_("certview: Refused: %s serves a certificate with SHA-256 %s, not %s. "
                    "Nothing was saved.\n"), name, served, expected);
      return CV_EXIT_INVALID;
    }

  if (trust && report_has_code (report, "revoked"))
    {
      g_printerr (_("certview: Refused: the authority that issued the certificate of %s has "
                    "revoked it; it cannot be trusted. Nothing was saved.\n"), name);
      return CV_EXIT_INVALID;
    }
  check = cv_trust_check_new (NULL, cv_target_get_host (target),
                              cv_target_get_port (target), report);
  entry = cv_trust_check_decide (check, trust ? CV_TRUST_DECISION_TRUST
                                              : CV_TRUST_DECISION_REJECT,
                                 options->all_names);
  if (!cv_trust_store_save (store, entry, &error))
    {
      print_error (error);
      return CV_EXIT_FAILED;
    }
  print_store_notice (store);

  if (trust)
    g_print (_("Always trusting %s with SHA-256 %s.\n"), name, served);
  else
    g_print (_("Always rejecting %s with SHA-256 %s.\n"), name, served);
  if (trust && !cv_report_get_valid (report))
    {
      g_autofree char *intro =
        g_strdup_printf (_("The certificate of %s is not valid on its own; the saved "
                           "decision trusts it over these problems:"), name);

      print_problems (report, intro);
    }

  names = cv_trust_entry_get_names (entry);
  if (names[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) names);

      g_print (_("The decision covers the certificate's other names on port %u too: %s.\n"),
               cv_trust_entry_get_port (entry), list);
    }
  return CV_EXIT_VALID;
}

/* The whole of a regular file: never a pipe or device that could hang the read */
static gboolean
read_import_file (const char  *path,
                  char       **text,
                  gsize       *len,
                  GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CV_ERROR, CV_ERROR_FILE, _("Could not read “%s”: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("“%s” is not a regular file; name the file to import."), path);
      return FALSE;
    }
  if (st.st_size > CV_TRUST_IO_MAX_SIZE)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("“%s” is larger than %d MiB; it is not a file of saved decisions."),
                   path, CV_TRUST_IO_MAX_SIZE / (1024 * 1024));
      return FALSE;
    }
  return g_file_get_contents (path, text, len, error);
}

static CvExit
run_import (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(CvTrustImport) import = NULL;
  g_autofree char *text = NULL;
  CvTrustFormat format;
  gsize len;

  if (!read_import_file (options->import_trusted, &text, &len, &error) ||
      (entries = cv_trust_io_parse (text, len, g_get_real_time () / G_USEC_PER_SEC, &format,
                                    &error)) == NULL ||
      (store = open_store (options, &error)) == NULL ||
      (import = cv_trust_store_import (store, entries, &error)) == NULL)
    {
      print_error (error);
      return CV_EXIT_FAILED;
    }
  print_store_notice (store);

  for (guint i = 0; i < import->added->len; i++)
    g_print (_("Added %s.\n"),
             cv_trust_entry_get_key (g_ptr_array_index (import->added, i)));
  for (guint i = 0; i < import->differing->len; i++)
    g_printerr (_("certview: Left as it is: %s has another saved decision than the one in "
                  "the file. Forget it first to take the file's.\n"),
                cv_trust_entry_get_key (g_ptr_array_index (import->differing, i)));
  g_print (_("Imported from “%s”: %u added, %u already saved, %u different and left "
             "alone.\n"),
           options->import_trusted, import->added->len, import->skipped->len,
           import->differing->len);
  return import->differing->len > 0 ? CV_EXIT_INVALID : CV_EXIT_VALID;
}

static CvExit
run_export (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTrustStore) store = open_store (options, &error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *json = NULL;
  const char *path = options->export_trusted;
  guint n_written = 0;

  if (store == NULL || (entries = cv_trust_store_list (store, &error)) == NULL)
    {
      print_error (error);
      return CV_EXIT_FAILED;
    }

  if (options->export_known_hosts != NULL)
    {
      if (!cv_trust_io_write_known_hosts (entries, options->export_known_hosts, &n_written,
                                          &error))
        {
          print_error (error);
          return CV_EXIT_FAILED;
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "Added %u trusted key to “%s”.\n",
                            "Added %u trusted keys to “%s”.\n", n_written),
               n_written, options->export_known_hosts);
      return CV_EXIT_VALID;
    }

  json = cv_trust_io_to_json (entries);
  if (g_str_equal (path, "-"))
    {
      fputs (json, stdout);
      return fflush (stdout) == 0 ? CV_EXIT_VALID : CV_EXIT_FAILED;
    }
  /* The decisions say which servers the user deals with: private, as the store */
  if (!g_file_set_contents_full (path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &error))
    {
      print_error (error);
      return CV_EXIT_FAILED;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u saved decision to “%s”.\n",
                        "Wrote %u saved decisions to “%s”.\n", entries->len),
           entries->len, path);
  return CV_EXIT_VALID;
}

CvExit
cv_cli_run_headless (CvCliOptions *options)
{
  if (options->list_trusted)
    return run_list_trusted (options);
  if (options->forget != NULL)
    return run_forget (options);
  if (options->trust != NULL || options->distrust != NULL)
    return run_pin (options);
  if (options->import_trusted != NULL)
    return run_import (options);
  if (options->export_trusted != NULL || options->export_known_hosts != NULL)
    return run_export (options);
  return run_inspect (options);
}

static void
print_changed (CvTrustEntry *saved,
               CvReport     *report)
{
  CvCertificate *leaf = cv_report_get_leaf (report);
  g_autofree char *old_expiry = format_date (cv_trust_entry_get_not_after (saved));
  g_autofree char *new_expiry = g_date_time_format (cv_certificate_get_not_after (leaf),
                                                    "%Y-%m-%d");

  g_printerr (_("certview: The certificate of %s has changed since you decided on it, "
                "and its key is not the same.\n"
                "  saved:  SHA-256 %s, issued by %s, expires %s\n"
                "  served: SHA-256 %s, issued by %s, expires %s\n"),
              cv_trust_entry_get_key (saved),
              cv_trust_entry_get_certificate_sha256 (saved),
              cv_trust_entry_get_issuer (saved), old_expiry,
              cv_certificate_get_sha256 (leaf), cv_certificate_get_issuer (leaf),
              new_expiry);
}

static void
print_new_problems (CvTrustCheck *check)
{
  g_autofree char *text = cv_trust_check_describe_new_problems (check);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_printerr (_("certview: The certificate of %s was renewed with the same key since you "
                "chose to trust it, but it brings problems you did not accept:\n"),
              cv_trust_entry_get_key (cv_trust_check_get_saved (check)));
  for (guint i = 0; lines[i] != NULL; i++)
    g_printerr ("  • %s\n", lines[i]);
}

gboolean
cv_cli_prompt_decide (CvCliOptions   *options,
                      CvExit         *exit_code,
                      CvTrustCheck  **check_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(CvTrustCheck) check = NULL;
  CvTrustEntry *saved;

  target = cv_target_parse (options->args[0], CV_PROTOCOL_FTP_EXPLICIT, &error);
  if (target == NULL || (report = inspect_target (options, target, &error)) == NULL)
    {
      print_error (error);
      *exit_code = CV_EXIT_FAILED;
      return TRUE;
    }

  /* An unsafe or damaged store decides nothing, and the user still gets asked */
  store = open_store (options, &error);
  if (store == NULL)
    print_error (error);

  check = cv_trust_check_new (store, cv_target_get_host (target),
                              cv_target_get_port (target), report);
  if (cv_trust_check_get_store_error (check) != NULL)
    g_printerr ("certview: %s\n", cv_trust_check_get_store_error (check));
  saved = cv_trust_check_get_saved (check);

  switch (cv_trust_check_get_action (check))
    {
    case CV_TRUST_ACTION_ACCEPT:
      if (cv_trust_check_get_status (check) == CV_TRUST_STATUS_RENEWED)
        g_printerr (_("certview: The certificate of %s was renewed with the same key since "
                      "you chose to trust it; the decision applies.\n"),
                    cv_trust_entry_get_key (saved));
      *exit_code = cv_cli_prompt_accepted (options, report);
      return TRUE;
    case CV_TRUST_ACTION_REJECT:
      g_printerr (_("certview: Rejected: you chose to always reject this certificate of "
                    "%s.\n"), cv_trust_entry_get_key (saved));
      *exit_code = CV_EXIT_INVALID;
      return TRUE;
    case CV_TRUST_ACTION_ASK:
    default:
      break;
    }

  if (cv_trust_check_get_status (check) == CV_TRUST_STATUS_CHANGED)
    print_changed (saved, report);
  else if (cv_trust_check_get_status (check) == CV_TRUST_STATUS_NEW_PROBLEMS)
    print_new_problems (check);

  *check_out = g_steal_pointer (&check);
  return FALSE;
}

CvExit
cv_cli_prompt_accepted (CvCliOptions *options,
                        CvReport     *report)
{
  if (options->print_pin)
    {
      g_print ("%s\n", cv_certificate_get_public_key_pin (cv_report_get_leaf (report)));
      if (fflush (stdout) != 0)
        return CV_EXIT_FAILED;
    }
  return CV_EXIT_VALID;
}

CvExit
cv_cli_prompt_no_display (CvCliOptions *options,
                          CvTrustCheck *check)
{
  g_printerr ("certview: %s\n",
              _("Rejected: the certificate is not trusted and there is no display to ask "
                "on. Trust it with --trust URL --fingerprint SHA256, or run where a "
                "window can open."));
  return CV_EXIT_INVALID;
}

/* Messages are UTF-8; a terminal or log in another charset (a script under LC_ALL=C,
 * say) gets them transliterated ("“x”" as "\"x\"") rather than GLib's "?" */
static void
print_to_stderr (const char *text)
{
  g_autofree char *ascii = NULL;

  if (!g_get_charset (NULL))
    text = ascii = g_str_to_ascii (text, NULL);
  fputs (text, stderr);
}

gboolean
cv_cli_begin (CvCliOptions   *options,
              int            *argc,
              char         ***argv,
              CvExit         *exit_code)
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, cv_cli_is_uninstalled () ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_printerr_handler (print_to_stderr);

  if (!cv_cli_parse (options, argc, argv, &error))
    {
      g_printerr ("certview: %s\n", error->message);
      g_printerr (_("Run “certview --help” to see the options.\n"));
      *exit_code = CV_EXIT_FAILED;
      return FALSE;
    }

  if (options->version)
    {
      g_print ("certview %s\n", PACKAGE_VERSION);
      *exit_code = CV_EXIT_VALID;
      return FALSE;
    }

  return TRUE;
}

gboolean
cv_cli_is_uninstalled (void)
{
  static gsize done;
  static gboolean uninstalled;

  if (g_once_init_enter (&done))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *root = g_strconcat (BUILD_ROOT, G_DIR_SEPARATOR_S, NULL);

      uninstalled = exe != NULL && g_str_has_prefix (exe, root);
      g_once_init_leave (&done, 1);
    }
  return uninstalled;
}

gboolean
cv_cli_have_display (void)
{
  return g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
}
