/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gio-ftps-get: downloads one file over FTP with explicit TLS (AUTH TLS), using
 * GIO's own TLS connections, and lets CvTlsHelper decide on the server's
 * certificate:
 *
 *   gio-ftps-get [--trust-store FILE] HOST PORT REMOTE-FILE LOCAL-FILE
 *
 * The FTP dialogue runs on a worker thread with blocking GIO calls. When the
 * handshake fails because the user must decide, the main thread shows Certview's
 * prompt and, when the user accepts, the download starts again from the top.
 *
 * Exit status: 0 the file arrived; 1 the certificate was rejected (nothing is
 * written); 2 anything else went wrong.
 */
#include <certview-gtk.h>

#include <gtk/gtk.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every blocking read and write on a socket gives up after this long */
#define TIMEOUT_S 30
/* An FTP reply line longer than this, or a reply of more lines, is garbage */
#define MAX_LINE 2048
#define MAX_REPLY_LINES 64
/* A server that presents yet another certificate after each answer is not asked
 * for ever */
#define MAX_PROMPTS 3

enum
{
  EXIT_DOWNLOADED = 0,
  EXIT_REJECTED = 1,
  EXIT_FAILED = 2,
};

typedef struct
{
  char        *host;
  guint16      port;
  char        *remote;
  char        *local;
  CvTlsHelper *helper;

  GMainLoop   *loop;
  guint        prompts;
  int          status;
} Download;

/* The control connection: plain at first, then the TLS connection over it */
typedef struct
{
  GIOStream        *stream;
  GDataInputStream *in;
} Control;

static void
control_set_stream (Control   *control,
                    GIOStream *stream)
{
  g_set_object (&control->stream, stream);
  g_clear_object (&control->in);
  control->in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  /* The stream goes on under TLS: dropping the reader must not close it */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (control->in), FALSE);
  g_data_input_stream_set_newline_type (control->in, G_DATA_STREAM_NEWLINE_TYPE_ANY);
}

static void
control_clear (Control *control)
{
  g_clear_object (&control->in);
  g_clear_object (&control->stream);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Control, control_clear)

/* One reply, also of several lines ("123-first", …, "123 last"): its code, and
 * its last line in @text */
static gboolean
read_reply (Control       *control,
            guint         *code,
            char         **text,
            GCancellable  *cancellable,
            GError       **error)
{
  for (guint n = 0; n < MAX_REPLY_LINES; n++)
    {
      g_autofree char *line = NULL;
      gsize length = 0;

      line = g_data_input_stream_read_line (control->in, &length, cancellable, error);
      if (line == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                         "The server closed the connection.");
          return FALSE;
        }
      if (length > MAX_LINE || length < 3 || !g_ascii_isdigit (line[0]) ||
          !g_ascii_isdigit (line[1]) || !g_ascii_isdigit (line[2]))
        {
          if (n > 0)
            continue;  /* free text inside a reply of several lines */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The server's answer is not FTP.");
          return FALSE;
        }
      if (line[3] == '-')
        continue;

      *code = (guint) g_ascii_strtoull (line, NULL, 10);
      *text = g_strdup (line);
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "The server's answer has more than %d lines.", MAX_REPLY_LINES);
  return FALSE;
}

/* Sends @command (NULL: only read, as for the greeting) and reads the reply, which
 * must be @expected or @also (0: none) */
static gboolean
ftp (Control       *control,
     const char    *command,
     guint          expected,
     guint          also,
     char         **reply,
     GCancellable  *cancellable,
     GError       **error)
{
  g_autofree char *text = NULL;
  guint code = 0;

  if (command != NULL)
    {
      g_autofree char *line = g_strconcat (command, "\r\n", NULL);
      GOutputStream *out = g_io_stream_get_output_stream (control->stream);

      if (!g_output_stream_write_all (out, line, strlen (line), NULL, cancellable, error))
        return FALSE;
    }

  if (!read_reply (control, &code, &text, cancellable, error))
    return FALSE;

  if (code != expected && (also == 0 || code != also))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The server answered “%s” to %s.",
                   text, command != NULL ? command : "the connection");
      return FALSE;
    }

  if (reply != NULL)
    *reply = g_steal_pointer (&text);
  return TRUE;
}

/* The port of "229 Entering Extended Passive Mode (|||40123|)" */
static gboolean
parse_epsv (const char *reply,
            guint16    *port)
{
  const char *open = strchr (reply, '(');
  guint64 value;
  char *end;
  char delimiter;

  if (open == NULL || open[1] == '\0')
    return FALSE;
  delimiter = open[1];
  if (open[2] != delimiter || open[3] != delimiter)
    return FALSE;
  value = g_ascii_strtoull (open + 4, &end, 10);
  if (end == open + 4 || *end != delimiter || value == 0 || value > G_MAXUINT16)
    return FALSE;
  *port = (guint16) value;
  return TRUE;
}

/* The port of "227 Entering Passive Mode (127,0,0,1,156,64)."; the address is
 * ignored: the data connection goes to the host of the control connection */
static gboolean
parse_pasv (const char *reply,
            guint16    *port)
{
  const char *open = strchr (reply, '(');
  guint h1, h2, h3, h4, p1, p2;

  if (open == NULL ||
      sscanf (open, "(%u,%u,%u,%u,%u,%u)", &h1, &h2, &h3, &h4, &p1, &p2) != 6 ||
      p1 > 255 || p2 > 255 || (p1 == 0 && p2 == 0))
    return FALSE;
  *port = (guint16) (p1 * 256 + p2);
  return TRUE;
}

/* A TLS client connection over @base that the helper judges, handshaken */
static GIOStream *
start_tls (Download         *download,
           GIOStream        *base,
           GTlsConnection   *session_from,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GIOStream) tls = NULL;

  identity = g_network_address_new (download->host, download->port);
  tls = g_tls_client_connection_new (base, identity, error);
  if (tls == NULL)
    return NULL;

  /* For servers that want the data connection to resume the control's session */
  if (session_from != NULL)
    g_tls_client_connection_copy_session_state (G_TLS_CLIENT_CONNECTION (tls),
                                                G_TLS_CLIENT_CONNECTION (session_from));

  cv_tls_helper_attach (download->helper, G_TLS_CLIENT_CONNECTION (tls));
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), cancellable, error))
    return NULL;
  return g_steal_pointer (&tls);
}

static gboolean
open_data (Download           *download,
           GSocketClient      *client,
           Control            *control,
           GSocketConnection **data,
           GCancellable       *cancellable,
           GError            **error)
{
  g_autofree char *reply = NULL;
  g_autoptr(GError) epsv_error = NULL;
  guint16 port = 0;

  if (ftp (control, "EPSV", 229, 0, &reply, cancellable, &epsv_error))
    {
      if (!parse_epsv (reply, &port))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The server's answer to EPSV names no port: “%s”.", reply);
          return FALSE;
        }
    }
  else if (g_error_matches (epsv_error, G_IO_ERROR, G_IO_ERROR_FAILED))
    {
      if (!ftp (control, "PASV", 227, 0, &reply, cancellable, error))
        return FALSE;
      if (!parse_pasv (reply, &port))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The server's answer to PASV names no port: “%s”.", reply);
          return FALSE;
        }
    }
  else
    {
      g_propagate_error (error, g_steal_pointer (&epsv_error));
      return FALSE;
    }

  *data = g_socket_client_connect_to_host (client, download->host, port, cancellable, error);
  return *data != NULL;
}

/* A new file beside @file, for the download until it is whole; GIO's replace
 * writes straight into a file that does not exist yet */
static GFileOutputStream *
create_partial (GFile         *file,
                GFile        **partial,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *base = g_file_get_basename (file);

  for (guint attempt = 0; ; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());
      g_autoptr(GFile) child = g_file_get_child (parent, name);
      g_autoptr(GError) local_error = NULL;
      GFileOutputStream *out;

      out = g_file_create (child, G_FILE_CREATE_NONE, cancellable, &local_error);
      if (out != NULL)
        {
          *partial = g_steal_pointer (&child);
          return out;
        }
      if (attempt == 9 || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
}

/* Worker: the whole dialogue, every step bounded by the sockets' timeout */
static gboolean
download_file (Download      *download,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) plain = NULL;
  g_autoptr(GSocketConnection) data_plain = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GIOStream) data = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) partial = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree char *retr = NULL;
  g_autofree char *user_reply = NULL;
  g_auto(Control) control = { 0 };
  gssize size;

  g_socket_client_set_timeout (client, TIMEOUT_S);
  plain = g_socket_client_connect_to_host (client, download->host, download->port,
                                           cancellable, error);
  if (plain == NULL)
    return FALSE;
  control_set_stream (&control, G_IO_STREAM (plain));

  if (!ftp (&control, NULL, 220, 0, NULL, cancellable, error) ||
      !ftp (&control, "AUTH TLS", 234, 0, NULL, cancellable, error))
    return FALSE;

  /* Here the helper accepts, refuses, or refuses and wants the user asked */
  tls = start_tls (download, G_IO_STREAM (plain), NULL, cancellable, error);
  if (tls == NULL)
    return FALSE;
  control_set_stream (&control, tls);

  if (!ftp (&control, "USER anonymous", 331, 230, &user_reply, cancellable, error))
    return FALSE;
  if (g_str_has_prefix (user_reply, "331") &&
      !ftp (&control, "PASS anonymous@", 230, 0, NULL, cancellable, error))
    return FALSE;
  if (!ftp (&control, "PBSZ 0", 200, 0, NULL, cancellable, error) ||
      !ftp (&control, "PROT P", 200, 0, NULL, cancellable, error) ||
      !ftp (&control, "TYPE I", 200, 0, NULL, cancellable, error))
    return FALSE;

  if (!open_data (download, client, &control, &data_plain, cancellable, error))
    return FALSE;
  retr = g_strconcat ("RETR ", download->remote, NULL);
  if (!ftp (&control, retr, 150, 125, NULL, cancellable, error))
    return FALSE;
  data = start_tls (download, G_IO_STREAM (data_plain), G_TLS_CONNECTION (tls), cancellable,
                    error);
  if (data == NULL)
    return FALSE;

  /* Written beside the file and put in its place only once the server confirms */
  file = g_file_new_for_commandline_arg (download->local);
  out = create_partial (file, &partial, cancellable, error);
  if (out == NULL)
    return FALSE;
  size = g_output_stream_splice (G_OUTPUT_STREAM (out), g_io_stream_get_input_stream (data),
                                 G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, cancellable, error);
  if (size < 0 ||
      !g_io_stream_close (data, cancellable, error) ||
      !ftp (&control, NULL, 226, 250, NULL, cancellable, error) ||
      !g_file_move (partial, file, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    cancellable, NULL, NULL, error))
    {
      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
      g_file_delete (partial, NULL, NULL);
      return FALSE;
    }

  /* The file is here: a failing goodbye is not worth failing for */
  if (ftp (&control, "QUIT", 221, 0, NULL, cancellable, NULL))
    g_io_stream_close (tls, cancellable, NULL);

  g_print ("Downloaded %s (%" G_GSSIZE_FORMAT " bytes) to %s.\n", download->remote, size,
           download->local);
  return TRUE;
}

static void
download_thread (GTask        *task,
                 gpointer      source_object G_GNUC_UNUSED,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (download_file (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void start_download (Download *download);

static void
finish (Download   *download,
        int         status,
        const char *message)
{
  if (message != NULL)
    g_printerr ("gio-ftps-get: %s\n", message);
  download->status = status;
  g_main_loop_quit (download->loop);
}

static void
prompted_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GError) error = NULL;
  CvPromptDecision decision;

  decision = cv_tls_helper_prompt_finish (CV_TLS_HELPER (source_object), result, &error);
  if (error != NULL)
    finish (download, EXIT_FAILED, error->message);
  else if (!cv_prompt_decision_accepts (decision))
    finish (download, EXIT_REJECTED, "The certificate was rejected; nothing was downloaded.");
  else
    start_download (download);
}

static void
downloaded_cb (GObject      *source_object G_GNUC_UNUSED,
               GAsyncResult *result,
               gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish (download, EXIT_DOWNLOADED, NULL);
      return;
    }

  if (!g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      finish (download, EXIT_FAILED, error->message);
      return;
    }

  if (!cv_tls_helper_needs_prompt (download->helper))
    {
      finish (download, EXIT_REJECTED,
              "The server's certificate is refused: a saved decision rejects it, or it "
              "cannot be read. Nothing was downloaded.");
      return;
    }

  if (download->prompts >= MAX_PROMPTS)
    {
      finish (download, EXIT_REJECTED, "The server keeps presenting new certificates.");
      return;
    }

  /* Only now is a window needed */
  if (!gtk_is_initialized () && !gtk_init_check ())
    {
      finish (download, EXIT_REJECTED,
              "The server's certificate is not trusted, and without a display no one can "
              "be asked to accept it. Nothing was downloaded.");
      return;
    }

  download->prompts++;
  cv_tls_helper_prompt_async (download->helper, NULL, NULL, prompted_cb, download);
}

static void
start_download (Download *download)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, downloaded_cb, download);

  g_task_set_task_data (task, download, NULL);
  g_task_run_in_thread (task, download_thread);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *store_path = NULL;
  const GOptionEntry entries[] = {
    { "trust-store", 0, 0, G_OPTION_ARG_FILENAME, &store_path,
      "Read and save the decisions in FILE", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  Download download = { 0 };
  guint64 port = 0;

  /* The user's language and character set, for the library's messages as well */
  setlocale (LC_ALL, "");

  context = g_option_context_new ("HOST PORT REMOTE-FILE LOCAL-FILE");
  g_option_context_set_summary (context,
                                "Downloads a file over FTP with explicit TLS, and asks "
                                "whether to trust a certificate that is not trusted yet.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gio-ftps-get: %s\n", error->message);
      return EXIT_FAILED;
    }
  if (argc != 5 ||
      !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXUINT16, &port, &error))
    {
      g_printerr ("gio-ftps-get: %s\n", error != NULL ? error->message
                  : "Give HOST PORT REMOTE-FILE LOCAL-FILE.");
      return EXIT_FAILED;
    }

  download.host = argv[1];
  download.port = (guint16) port;
  download.remote = argv[3];
  download.local = argv[4];
  if (store_path != NULL)
    store = cv_trust_store_new (store_path);
  download.helper = cv_tls_helper_new (download.host, download.port, store);
  download.loop = g_main_loop_new (NULL, FALSE);

  start_download (&download);
  g_main_loop_run (download.loop);

  g_main_loop_unref (download.loop);
  g_object_unref (download.helper);
  return download.status;
}
