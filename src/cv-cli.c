/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cli.h"
#include "cv-cli-private.h"

#include "cv-error.h"
#include "cv-probe.h"
#include "cv-target.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MIN_TIMEOUT_SECONDS 0.001
#define MAX_TIMEOUT_SECONDS 3600.0

/* --sni: a host name as a URL would hold it, and no address (RFC 6066, 3); the
 * name as the URL's host is sent and checked (lower case, no final dot, an
 * international name in its xn-- form), or NULL with @error */
static char *
refuse_address (const char  *name,
                GError     **error)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--sni takes a host name; TLS never sends an address such as “%s” as "
                 "the server name"), name);
  return NULL;
}

static char *
normalize_server_name (const char  *name,
                       GError     **error)
{
  g_autoptr(CvTarget) target = NULL;
  g_autoptr(GError) local_error = NULL;

  if (*name == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--sni takes a host name, such as ftp.example.com; it is empty"));
      return NULL;
    }
  /* Before the checks of what a name holds: "::1" is an address, not a port */
  if (g_hostname_is_ip_address (name))
    return refuse_address (name, error);
  if (strpbrk (name, ":/[]@") != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--sni takes a host name alone, such as ftp.example.com, not “%s”"),
                   name);
      return NULL;
    }
  target = cv_target_parse (name, CV_PROTOCOL_DIRECT_TLS, &local_error);
  if (target == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--sni: %s",
                   local_error->message);
      return NULL;
    }
  /* "127.0.0.1." is an address too, once its final dot is gone */
  if (cv_target_is_ip_literal (target))
    return refuse_address (name, error);
  return g_strdup (cv_target_get_host (target));
}

/* The values given as text: --timeout, --sni, --revocation and --warn-days */
static gboolean
read_values (CvCliOptions  *options,
             GError       **error)
{
  /* Without --timeout, the window's own default applies */
  options->timeout_given = options->timeout_text != NULL;
  options->timeout = CV_PROBE_DEFAULT_TIMEOUT_MS / 1000.0;
  if (options->timeout_given)
    {
      char *end = NULL;

      /* In the locale's way or with a point, as GOption reads numbers */
      options->timeout = g_strtod (options->timeout_text, &end);
      /* Waits are counted in milliseconds: less than one would be none. Written in
       * decimal: strtod() also reads hexadecimal and exponents */
      if (end == options->timeout_text || *end != '\0' ||
          strpbrk (options->timeout_text, "xXeEpP") != NULL ||
          !(options->timeout >= MIN_TIMEOUT_SECONDS && options->timeout <= MAX_TIMEOUT_SECONDS))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--timeout takes a number of seconds from %g to %g, such as 5 or "
                         "2.5, not “%s”"),
                       MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, options->timeout_text);
          return FALSE;
        }
    }

  if (options->sni != NULL)
    {
      char *name = normalize_server_name (options->sni, error);

      if (name == NULL)
        return FALSE;
      g_free (options->sni);
      options->sni = name;
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

  /* Read here rather than by GOption, whose message would not give the range */
  if (options->warn_days_text != NULL)
    {
      g_autofree char *text = g_strstrip (g_strdup (options->warn_days_text));
      gint64 days = 0;

      /* Digits alone, as in a port: no sign */
      if (!g_ascii_isdigit (text[0]) ||
          !g_ascii_string_to_signed (text, 10, 0, 36500, &days, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--warn-days takes a number of days from 0 to %d"), 36500);
          return FALSE;
        }
      options->warn_days = (int) days;
    }

  return TRUE;
}

/* The options that go together, and those that do not */
static gboolean
check_combinations (CvCliOptions  *options,
                    GError       **error)
{
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

  if (options->warn_days != CV_CLI_WARN_DAYS_UNSET && !options->check_trusted)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--warn-days goes with --check-trusted"));
      return FALSE;
    }

  if (options->notify && !options->check_trusted)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--notify goes with --check-trusted"));
      return FALSE;
    }

  /* Scripts reach for it; the export is the saved decisions as JSON */
  if (options->list_trusted && options->json)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--list-trusted has no JSON form; for the saved decisions as "
                             "JSON use --export-trusted -"));
      return FALSE;
    }

  {
    /* With --check-trusted, --json chooses its output */
    guint n_modes = !!options->dump + (options->json && !options->check_trusted) +
                    !!options->prompt + !!options->check_trusted +
                    !!options->list_trusted + (options->forget != NULL) +
                    (options->trust != NULL) + (options->distrust != NULL) +
                    (options->export_trusted != NULL) +
                    (options->export_known_hosts != NULL) +
                    (options->import_trusted != NULL);

    if (n_modes > 1)
      {
        g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                             _("Choose one of --dump, --json, --prompt, --trust, --distrust, "
                               "--list-trusted, --check-trusted, --forget, --export-trusted, "
                               "--export-known-hosts and --import-trusted"));
        return FALSE;
      }
  }

  if ((options->dump || options->json) && options->args == NULL && !options->demo &&
      !options->check_trusted)
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

  if (options->prompt && cv_cli_is_file_argument (options->args[0]))
    {
      g_autofree char *name = g_filename_display_name (options->args[0]);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("--prompt asks about a server, and “%s” is a file: give the server’s "
                     "URL"), name);
      return FALSE;
    }

  if ((options->trust != NULL && cv_cli_is_file_argument (options->trust)) ||
      (options->distrust != NULL && cv_cli_is_file_argument (options->distrust)))
    {
      g_autofree char *name = g_filename_display_name (options->trust != NULL
                                                         ? options->trust
                                                         : options->distrust);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("%s decides about a server, and “%s” is a file: give the server’s URL"),
                   options->trust != NULL ? "--trust" : "--distrust", name);
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
    { "timeout", 't', 0, G_OPTION_ARG_STRING, &options->timeout_text,
      N_("Give up after SECONDS for the whole run (default 15)"), N_("SECONDS") },
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
    { "check-trusted", 0, 0, G_OPTION_ARG_NONE, &options->check_trusted,
      N_("Probe every server with a saved decision and say whether its certificate is the "
         "same; exit 0 all unchanged or renewed, 1 some need action"), NULL },
    { "warn-days", 0, 0, G_OPTION_ARG_STRING, &options->warn_days_text,
      N_("With --check-trusted: report certificates that expire within DAYS (default 14)"),
      N_("DAYS") },
    { "notify", 0, 0, G_OPTION_ARG_NONE, &options->notify,
      N_("With --check-trusted: also send a desktop notification when a server needs "
         "action"), NULL },
    { "trust-store", 0, 0, G_OPTION_ARG_FILENAME, &options->trust_store,
      N_("Keep saved decisions in FILE (also $CERTVIEW_TRUST_STORE)"), N_("FILE") },
    { "version", 'v', 0, G_OPTION_ARG_NONE, &options->version,
      N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->args,
      NULL, N_("[URL|FILE]") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  const char *server;

  options->warn_days = CV_CLI_WARN_DAYS_UNSET;

  /* The remaining-arguments entry names [URL|FILE] in the usage line */
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Inspect the certificate of an FTPS or TLS server, or of a certificate file."));
  g_option_context_set_description (context,
    _("URL is host, host:port, [IPv6]:port, or ftp://, ftpes:// (FTP with AUTH TLS),\n"
      "ftps:// (implicit FTPS), https:// or tls:// (direct TLS) followed by the host.\n"
      "FILE holds PEM, DER or PKCS #7 certificates; - reads them from standard input.\n"
      "\n"
      "Exit status: 0 valid, 1 invalid, 2 could not connect, handshake or parse, or bad\n"
      "usage."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (!read_values (options, error) || !check_combinations (options, error))
    return FALSE;

  /* The server, parsed once; a mode that needs it reports an argument that does not
   * parse when it comes to it, as a failure to reach the server */
  server = options->trust != NULL ? options->trust : options->distrust;
  if (server == NULL && options->args != NULL)
    server = options->args[0];
  if (server != NULL)
    options->target = cv_target_parse (server, CV_PROTOCOL_FTP_EXPLICIT,
                                       &options->target_error);

  return TRUE;
}

void
cv_cli_options_clear (CvCliOptions *options)
{
  g_clear_pointer (&options->ca_file, g_free);
  g_clear_pointer (&options->timeout_text, g_free);
  g_clear_pointer (&options->warn_days_text, g_free);
  g_clear_pointer (&options->sni, g_free);
  g_clear_pointer (&options->revocation, g_free);
  g_clear_pointer (&options->args, g_strfreev);
  g_clear_object (&options->target);
  g_clear_error (&options->target_error);
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
  return options->list_trusted || options->check_trusted || options->forget != NULL ||
         options->trust != NULL || options->distrust != NULL || options->export_trusted != NULL ||
         options->export_known_hosts != NULL || options->import_trusted != NULL;
}

gboolean
cv_cli_is_headless (CvCliOptions *options)
{
  return options->dump || options->json || cv_cli_is_store_mode (options);
}

/* Names that end as certificate files do; no top-level domain does */
static const char *const file_endings[] = { ".pem", ".crt", ".cer", ".der", ".p7b", ".p7c" };
/* Paths from the root, the current and the home folder */
static const char *const path_starts[] = { "/", "./", "../", "~/" };

gboolean
cv_cli_is_file_argument (const char *arg)
{
  g_autofree char *lower = NULL;

  /* A file manager that starts the desktop file's "certview %u" passes a URI */
  if (g_str_has_prefix (arg, "file://"))
    return TRUE;
  if (strstr (arg, "://") != NULL)
    return FALSE;
  if (g_str_equal (arg, "-") || g_file_test (arg, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (path_starts); i++)
    if (g_str_has_prefix (arg, path_starts[i]))
      return TRUE;
  lower = g_ascii_strdown (arg, -1);
  for (guint i = 0; i < G_N_ELEMENTS (file_endings); i++)
    if (g_str_has_suffix (lower, file_endings[i]))
      return TRUE;
  return FALSE;
}

char *
cv_cli_file_path (const char *arg)
{
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;

  if (g_str_equal (arg, "-"))
    return g_strdup ("/dev/stdin");
  /* Where no shell expanded it: quoted, or from a script */
  if (g_str_has_prefix (arg, "~/"))
    return g_build_filename (g_get_home_dir (), arg + 2, NULL);
  if (!g_str_has_prefix (arg, "file://"))
    return g_strdup (arg);

  /* A URI that names no file of this machine is kept, for the reader to report */
  path = g_filename_from_uri (arg, &host, NULL);
  if (path == NULL || (host != NULL && g_ascii_strcasecmp (host, "localhost") != 0))
    return g_strdup (arg);
  return g_steal_pointer (&path);
}

CvTarget *
cv_cli_get_target (CvCliOptions  *options,
                   GError       **error)
{
  if (options->target == NULL)
    {
      g_assert (options->target_error != NULL);
      g_propagate_error (error, g_error_copy (options->target_error));
    }
  return options->target;
}

CvExit
cv_cli_end_output (CvExit exit_code)
{
  int saved_errno;

  /* GLib flushes after each g_print() and forgets a failure; the stream keeps it */
  errno = 0;
  if (fflush (stdout) == 0 && !ferror (stdout))
    return exit_code;
  saved_errno = errno;

  g_printerr ("certview: ");
  if (saved_errno != 0)
    g_printerr (_("Could not write to standard output: %s."), g_strerror (saved_errno));
  else
    g_printerr ("%s", _("Could not write all of the output to standard output."));
  g_printerr ("\n");
  return exit_code == CV_EXIT_VALID ? CV_EXIT_FAILED : exit_code;
}

void
cv_cli_print_error (GError *error)
{
  const char *problem = NULL;

  /* The library says what to do with a store in words for any program; here the
   * store is named with --trust-store or the environment */
  switch (cv_error_get_remedy (error, &problem))
    {
    case CV_ERROR_REMEDY_NAME_FILE:
      g_printerr ("certview: %s\n",
                  _("No file is named for the trust store: --trust-store or "
                    "CERTVIEW_TRUST_STORE is empty. Name a file, or leave both out "
                    "for the default."));
      break;

    case CV_ERROR_REMEDY_OTHER_FILE:
      g_printerr ("certview: %s %s\n", problem,
                  _("Name another file with --trust-store or CERTVIEW_TRUST_STORE."));
      break;

    case CV_ERROR_REMEDY_OWN_FILE:
      g_printerr ("certview: %s %s\n", problem,
                  _("Name a file of your own with --trust-store or "
                    "CERTVIEW_TRUST_STORE."));
      break;

    case CV_ERROR_REMEDY_NONE:
    default:
      g_printerr ("certview: %s\n", error->message);
    }
}

CvExit
cv_cli_run_headless (CvCliOptions *options)
{
  if (cv_cli_is_store_mode (options))
    return cv_cli_run_store_mode (options);
  return cv_cli_run_inspect (options);
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

/* Of the user's locale the command line takes what it uses: the character set,
 * the messages and the decimal point (of --timeout and its messages). Its dates
 * come from its own translations (cv-format.c), it sorts nothing by language, and
 * each other category would be a file to open and map at every start */
void
cv_cli_set_up_locale (void)
{
  setlocale (LC_CTYPE, "");
  setlocale (LC_MESSAGES, "");
  setlocale (LC_NUMERIC, "");
  bindtextdomain (GETTEXT_PACKAGE, cv_cli_is_uninstalled () ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

gboolean
cv_cli_begin (CvCliOptions   *options,
              int            *argc,
              char         ***argv,
              CvExit         *exit_code)
{
  g_autoptr(GError) error = NULL;

  cv_cli_set_up_locale ();
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
