/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-application.h"

#include "cv-cert-factory.h"
#include "cv-demo-server.h"
#include "cv-trust-window.h"
#include "cv-window.h"

#include <glib/gi18n.h>

struct _CvApplication
{
  GtkApplication  parent_instance;

  char           *ca_file;
  char           *server_name;
  gboolean        revocation_set;
  CvRevocationMode revocation;
  CvTarget       *target;
  char           *file;
  char           *trust_store;
  guint           timeout_ms;
  gboolean        demo;
  /* Where the About window's icon is when not installed; taken into the icon
   * theme once About is first shown */
  char           *icon_dir;

  CvDemoServer   *demo_server;
};

G_DEFINE_FINAL_TYPE (CvApplication, cv_application, GTK_TYPE_APPLICATION)

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *application = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  /* Closing the windows cancels their runs before the main loop ends */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = next;
    }

  g_application_quit (application);
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CvApplication *self = CV_APPLICATION (user_data);
  GtkApplication *application = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Certview developers"), NULL };

  /* Not before: a new search path has the icon theme read again, which would
   * otherwise happen while the first window is being made */
  if (self->icon_dir != NULL)
    {
      gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                      self->icon_dir);
      g_clear_pointer (&self->icon_dir, g_free);
    }

  gtk_show_about_dialog (gtk_application_get_active_window (application),
                         "program-name", _("Certview"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Inspect and decide on FTPS and TLS server certificates"),
                         "logo-icon-name", APPLICATION_ID,
                         "authors", developers,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", PACKAGE_URL,
                         /* TRANSLATORS: the link to the project's page, where its
                          * source and its issue tracker are */
                         "website-label", _("Source code and bug reports"),
                         NULL);
}

/* CERTVIEW_TEST_SHOWN_FILE: for the tests, what the Saved Decisions window shows
 * once it has read the store: its page, then the selected servers, a line each */
static void
trust_window_busy_cb (CvTrustWindow *window,
                      GParamSpec    *pspec,
                      gpointer       user_data)
{
  const char *path = g_getenv ("CERTVIEW_TEST_SHOWN_FILE");
  g_auto(GStrv) selected = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (cv_trust_window_is_busy (window) || path == NULL)
    return;

  selected = cv_trust_window_dup_selected_servers (window);
  lines = g_strjoinv ("\n", selected);
  text = g_strdup_printf ("%s\n%s\n", cv_trust_window_get_page (window), lines);
  if (!g_file_set_contents (path, text, -1, &error))
    g_warning ("%s", error->message);
}

/* app.show-trusted (as): the Saved Decisions window with these servers ("host:port")
 * selected; what a notification of a check opens */
static void
show_trusted_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  CvApplication *self = CV_APPLICATION (user_data);
  g_autofree const char **servers = g_variant_get_strv (parameter, NULL);
  CvTrustWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (CV_IS_TRUST_WINDOW (l->data))
      {
        window = l->data;
        break;
      }

  if (window == NULL)
    {
      window = cv_trust_window_new (NULL, self->trust_store);
      gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
      if (g_getenv ("CERTVIEW_TEST_SHOWN_FILE") != NULL)
        g_signal_connect (window, "notify::busy", G_CALLBACK (trust_window_busy_cb), NULL);
    }
  cv_trust_window_select_servers (window, servers);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action_cb },
  { .name = "quit", .activate = quit_action_cb },
  { .name = "show-trusted", .activate = show_trusted_action_cb, .parameter_type = "as" },
};

/* The demo: a certificate that is self-signed and expired, served over FTP with
 * AUTH TLS on loopback until the application quits */
static gboolean
start_demo (CvApplication  *self,
            GError        **error)
{
  g_autoptr(CvCertFactory) factory = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *key_pem = NULL;

  factory = cv_cert_factory_new (error);
  if (factory == NULL ||
      !cv_cert_factory_issue (factory, "localhost",
                              CV_CERT_PROBLEM_SELF_SIGNED | CV_CERT_PROBLEM_EXPIRED, 0,
                              &chain_pem, &key_pem, error))
    return FALSE;

  self->demo_server = cv_demo_server_new (CV_PROTOCOL_FTP_EXPLICIT, chain_pem, key_pem);
  if (!cv_demo_server_start (self->demo_server, "127.0.0.1", error))
    {
      g_clear_object (&self->demo_server);
      return FALSE;
    }

  return TRUE;
}

static void
cv_application_startup (GApplication *application)
{
  const char * const quit_accels[] = { "<Control>q", NULL };
  const char * const help_overlay_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (cv_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         quit_accels);
  /* The main window builds its Keyboard Shortcuts window when first asked for it */
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.show-help-overlay",
                                         help_overlay_accels);
}

/* What the command line asked the first window to show: the demo, a file or a server */
static void
start_run (CvApplication *self,
           CvWindow      *window)
{
  if (self->demo)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvTarget) target = NULL;

      if (!start_demo (self, &error))
        {
          cv_window_show_error (window, _("Could Not Start the Demo Server"), error->message);
          return;
        }

      /* The certificate names localhost, which reaches the server on 127.0.0.1 */
      target = cv_target_new ("localhost", cv_demo_server_get_port (self->demo_server),
                              CV_PROTOCOL_FTP_EXPLICIT);
      cv_window_set_server_name (window, self->server_name);
      if (self->revocation_set)
        cv_window_set_revocation (window, self->revocation);
      cv_window_inspect (window, target);
    }
  else if (self->file != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (self->file);

      cv_window_open_file (window, file);
    }
  else if (self->target != NULL)
    {
      cv_window_set_server_name (window, self->server_name);
      if (self->revocation_set)
        cv_window_set_revocation (window, self->revocation);
      cv_window_inspect (window, self->target);
    }
}

/* The run starts before the window is shown: a file is read and verified on a
 * worker while the window is realized and laid out, so that the first frame can
 * show its certificate rather than the progress line */
static void
cv_application_activate (GApplication *application)
{
  CvApplication *self = CV_APPLICATION (application);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (application));
  CvWindow *window;

  if (active != NULL)
    {
      gtk_window_present (active);
      return;
    }

  window = cv_window_new (GTK_APPLICATION (application));
  cv_window_set_ca_file (window, self->ca_file);
  cv_window_set_timeout_ms (window, self->timeout_ms);
  cv_window_set_trust_store_path (window, self->trust_store);
  start_run (self, window);
  gtk_window_present (GTK_WINDOW (window));
}

/* What the desktop opens through D-Bus activation (a file, or an ftp://, ftps://
 * URL of the desktop file's %u): a window for each */
static void
cv_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  CvApplication *self = CV_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      CvWindow *window = cv_window_new (GTK_APPLICATION (application));

      cv_window_set_ca_file (window, self->ca_file);
      cv_window_set_timeout_ms (window, self->timeout_ms);
      cv_window_set_trust_store_path (window, self->trust_store);

      /* As in activate: the run first, then the window */
      if (g_file_is_native (files[i]))
        cv_window_open_file (window, files[i]);
      else
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autoptr(CvTarget) target = NULL;
          g_autoptr(GError) error = NULL;

          target = cv_target_parse (uri, CV_PROTOCOL_FTP_EXPLICIT, &error);
          if (target != NULL)
            cv_window_inspect (window, target);
          else
            cv_window_show_error (window, _("Could Not Open the Address"), error->message);
        }
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
cv_application_shutdown (GApplication *application)
{
  CvApplication *self = CV_APPLICATION (application);

  if (self->demo_server != NULL)
    cv_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);

  G_APPLICATION_CLASS (cv_application_parent_class)->shutdown (application);
}

static void
cv_application_finalize (GObject *object)
{
  CvApplication *self = CV_APPLICATION (object);

  g_clear_object (&self->demo_server);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->server_name, g_free);
  g_clear_object (&self->target);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->trust_store, g_free);
  g_clear_pointer (&self->icon_dir, g_free);

  G_OBJECT_CLASS (cv_application_parent_class)->finalize (object);
}

static void
cv_application_class_init (CvApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cv_application_finalize;
  application_class->startup = cv_application_startup;
  application_class->activate = cv_application_activate;
  application_class->open = cv_application_open;
  application_class->shutdown = cv_application_shutdown;
}

static void
cv_application_init (CvApplication *self)
{
}

/* Handles open for files dropped on a window, which open in windows of their
 * own; the command line it is run with names none. No resource base path:
 * GtkApplication would otherwise look there for menus, a
 * help overlay and icons at start-up, and adding a resource path to the icon theme
 * has it read the theme again, on the main thread, while the first window is made.
 * The windows load their own resources. */
CvApplication *
cv_application_new (void)
{
  return g_object_new (CV_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", NULL,
                       NULL);
}

CvApplication *
cv_application_new_service (void)
{
  CvApplication *self = g_object_new (CV_TYPE_APPLICATION,
                                      "application-id", APPLICATION_ID,
                                      "flags", G_APPLICATION_IS_SERVICE |
                                               G_APPLICATION_HANDLES_OPEN,
                                      "resource-base-path", NULL,
                                      NULL);

  /* Started for one action or activation; gone again soon after its last window */
  g_application_set_inactivity_timeout (G_APPLICATION (self), 10000);
  return self;
}

static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

void
cv_application_set_ca_file (CvApplication *self,
                            const char    *ca_file)
{
  g_return_if_fail (CV_IS_APPLICATION (self));
  replace_string (&self->ca_file, ca_file);
}

void
cv_application_set_timeout_ms (CvApplication *self,
                               guint          timeout_ms)
{
  g_return_if_fail (CV_IS_APPLICATION (self));
  self->timeout_ms = timeout_ms;
}

void
cv_application_set_server_name (CvApplication *self,
                                const char    *server_name)
{
  g_return_if_fail (CV_IS_APPLICATION (self));
  replace_string (&self->server_name, server_name);
}

void
cv_application_set_revocation (CvApplication    *self,
                               CvRevocationMode  mode)
{
  g_return_if_fail (CV_IS_APPLICATION (self));
  self->revocation = mode;
  self->revocation_set = TRUE;
}

void
cv_application_set_target (CvApplication *self,
                           CvTarget      *target)
{
  g_return_if_fail (CV_IS_APPLICATION (self));
  g_return_if_fail (target == NULL || CV_IS_TARGET (target));
  g_set_object (&self->target, target);
}

void
cv_application_set_file (CvApplication *self,
                         const char    *path)
{
  g_return_if_fail (CV_IS_APPLICATION (self));
  replace_string (&self->file, path);
}

void
cv_application_set_demo (CvApplication *self,
                         gboolean       demo)
{
  g_return_if_fail (CV_IS_APPLICATION (self));
  self->demo = !!demo;
}

void
cv_application_set_trust_store (CvApplication *self,
                                 const char    *path)
{
  g_return_if_fail (CV_IS_APPLICATION (self));
  replace_string (&self->trust_store, path);
}

void
cv_application_set_icon_dir (CvApplication *self,
                             const char    *path)
{
  g_return_if_fail (CV_IS_APPLICATION (self));
  replace_string (&self->icon_dir, path);
}
