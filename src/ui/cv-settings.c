/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-settings.h"

#include "cv-probe.h"

#define MAX_RECENT_SERVERS 10

struct _CvSettings
{
  GObject     parent_instance;

  /* NULL when the schema is not installed */
  GSettings  *settings;
  char      **recent_servers;
};

G_DEFINE_FINAL_TYPE (CvSettings, cv_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECENT_SERVERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/* @servers as they may come from the settings: what another version or a hand
 * wrote there may hold blanks, which would show as empty rows */
static void
set_recent_servers (CvSettings         *self,
                    const char * const *servers)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; servers[i] != NULL && seen->len < MAX_RECENT_SERVERS; i++)
    {
      g_autofree char *server = g_strstrip (g_strdup (servers[i]));

      if (server[0] == '\0' ||
          g_ptr_array_find_with_equal_func (seen, server, g_str_equal, NULL))
        continue;
      g_strv_builder_add (builder, server);
      g_ptr_array_add (seen, g_steal_pointer (&server));
    }
  g_strfreev (self->recent_servers);
  self->recent_servers = g_strv_builder_end (builder);
}

static void
cv_settings_dispose (GObject *object)
{
  CvSettings *self = CV_SETTINGS (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cv_settings_parent_class)->dispose (object);
}

static void
cv_settings_finalize (GObject *object)
{
  CvSettings *self = CV_SETTINGS (object);

  g_clear_pointer (&self->recent_servers, g_strfreev);

  G_OBJECT_CLASS (cv_settings_parent_class)->finalize (object);
}

static void
cv_settings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CvSettings *self = CV_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_RECENT_SERVERS:
      g_value_set_boxed (value, self->recent_servers);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_settings_class_init (CvSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cv_settings_dispose;
  object_class->finalize = cv_settings_finalize;
  object_class->get_property = cv_settings_get_property;

  properties[PROP_RECENT_SERVERS] =
    g_param_spec_boxed ("recent-servers", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cv_settings_init (CvSettings *self)
{
  g_auto(GStrv) servers = NULL;

  self->settings = new_settings ();
  if (self->settings != NULL)
    servers = g_settings_get_strv (self->settings, "recent-servers");
  else
    servers = g_new0 (char *, 1);

  set_recent_servers (self, (const char * const *) servers);
}

CvSettings *
cv_settings_new (void)
{
  return g_object_new (CV_TYPE_SETTINGS, NULL);
}

CvProtocol
cv_settings_get_default_protocol (CvSettings *self)
{
  g_return_val_if_fail (CV_IS_SETTINGS (self), CV_PROTOCOL_FTP_EXPLICIT);

  if (self->settings == NULL)
    return CV_PROTOCOL_FTP_EXPLICIT;
  return (CvProtocol) g_settings_get_enum (self->settings, "default-protocol");
}

guint
cv_settings_get_timeout_ms (CvSettings *self)
{
  g_return_val_if_fail (CV_IS_SETTINGS (self), CV_PROBE_DEFAULT_TIMEOUT_MS);

  if (self->settings == NULL)
    return CV_PROBE_DEFAULT_TIMEOUT_MS;
  return g_settings_get_uint (self->settings, "timeout") * 1000;
}

CvRevocationMode
cv_settings_get_revocation (CvSettings *self)
{
  g_return_val_if_fail (CV_IS_SETTINGS (self), 0);

  if (self->settings == NULL)
    return 0;
  return (CvRevocationMode) g_settings_get_enum (self->settings, "revocation");
}

const char * const *
cv_settings_get_recent_servers (CvSettings *self)
{
  g_return_val_if_fail (CV_IS_SETTINGS (self), NULL);
  return (const char * const *) self->recent_servers;
}

void
cv_settings_remember_server (CvSettings *self,
                             const char *text)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) servers = NULL;
  g_autofree char *server = NULL;
  guint n_servers = 1;

  g_return_if_fail (CV_IS_SETTINGS (self));
  g_return_if_fail (text != NULL);

  server = g_strstrip (g_strdup (text));
  if (*server == '\0')
    return;

  /* Newest first, each once, the oldest dropped past the limit */
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, server);
  for (guint i = 0; self->recent_servers[i] != NULL && n_servers < MAX_RECENT_SERVERS; i++)
    {
      if (g_strcmp0 (self->recent_servers[i], server) == 0)
        continue;
      g_strv_builder_add (builder, self->recent_servers[i]);
      n_servers++;
    }
  servers = g_strv_builder_end (builder);
  if (g_strv_equal ((const char * const *) servers,
                    (const char * const *) self->recent_servers))
    return;

  set_recent_servers (self, (const char * const *) servers);
  if (self->settings != NULL)
    g_settings_set_strv (self->settings, "recent-servers", (const char * const *) servers);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECENT_SERVERS]);
}

void
cv_settings_restore_window (CvSettings *self,
                            GtkWindow  *window)
{
  g_return_if_fail (CV_IS_SETTINGS (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (window,
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (window);
}

void
cv_settings_save_window (CvSettings *self,
                         GtkWindow  *window)
{
  int width = 0;
  int height = 0;

  g_return_if_fail (CV_IS_SETTINGS (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (self->settings == NULL)
    return;

  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (gtk_window_is_maximized (window))
    return;

  /* The default size follows the size the user gave the window */
  gtk_window_get_default_size (window, &width, &height);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}
