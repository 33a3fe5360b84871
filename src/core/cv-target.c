/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-target-private.h"

#include "cv-error.h"
#include "cv-inet-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _CvTarget
{
  GObject     parent_instance;

  char       *host;
  guint16     port;
  CvProtocol  protocol;
  gboolean    is_ip_literal;
  /* Parsed from text without a scheme: the protocol (and without a port, the
   * port) came from the caller's default */
  gboolean    protocol_defaulted;
  gboolean    port_defaulted;
};

G_DEFINE_FINAL_TYPE (CvTarget, cv_target, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_PROTOCOL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *name;
  const char *label;
  guint16     default_port;
} protocols[CV_N_PROTOCOLS] = {
  [CV_PROTOCOL_FTP_EXPLICIT] = { "ftp-explicit-tls", N_("FTP with explicit TLS (AUTH TLS)"), 21 },
  [CV_PROTOCOL_FTP_IMPLICIT] = { "ftp-implicit-tls", N_("FTPS (implicit TLS)"), 990 },
  [CV_PROTOCOL_DIRECT_TLS]   = { "direct-tls", N_("Direct TLS"), 443 },
};

const char *
cv_protocol_to_string (CvProtocol protocol)
{
  g_return_val_if_fail ((guint) protocol < CV_N_PROTOCOLS, NULL);

  return protocols[protocol].name;
}

gboolean
cv_protocol_from_string (const char *name,
                         CvProtocol *protocol)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < CV_N_PROTOCOLS; i++)
    {
      if (g_strcmp0 (name, protocols[i].name) == 0)
        {
          if (protocol != NULL)
            *protocol = (CvProtocol) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
cv_protocol_get_label (CvProtocol protocol)
{
  g_return_val_if_fail ((guint) protocol < CV_N_PROTOCOLS, NULL);

  return _(protocols[protocol].label);
}

guint16
cv_protocol_get_default_port (CvProtocol protocol)
{
  g_return_val_if_fail ((guint) protocol < CV_N_PROTOCOLS, 0);

  return protocols[protocol].default_port;
}

static void
cv_target_constructed (GObject *object)
{
  CvTarget *self = CV_TARGET (object);

  G_OBJECT_CLASS (cv_target_parent_class)->constructed (object);

  /* cv_target_new() guards its own callers; this is for g_object_new() and bindings */
  if (self->host == NULL || self->host[0] == '\0' || strpbrk (self->host, "[]") != NULL)
    g_critical ("A CvTarget needs a host: a DNS name or an IP address without brackets");
  if (self->host == NULL)
    self->host = g_strdup ("");

  self->is_ip_literal = cv_inet_address_parse (self->host, NULL);

  /* Port 0 means "the protocol's usual port" */
  if (self->port == 0)
    self->port = cv_protocol_get_default_port (self->protocol);
}

static void
cv_target_finalize (GObject *object)
{
  CvTarget *self = CV_TARGET (object);

  g_clear_pointer (&self->host, g_free);

  G_OBJECT_CLASS (cv_target_parent_class)->finalize (object);
}

static void
cv_target_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CvTarget *self = CV_TARGET (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_PROTOCOL:
      g_value_set_enum (value, self->protocol);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_target_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CvTarget *self = CV_TARGET (object);

  switch (prop_id)
    {
    case PROP_HOST:
      /* Lower-case so that trust-store keys and SNI do not depend on how it was typed */
      g_free (self->host);
      self->host = g_value_get_string (value) != NULL
                   ? g_ascii_strdown (g_value_get_string (value), -1)
                   : NULL;
      break;

    case PROP_PORT:
      self->port = (guint16) g_value_get_uint (value);
      break;

    case PROP_PROTOCOL:
      self->protocol = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_target_class_init (CvTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cv_target_constructed;
  object_class->finalize = cv_target_finalize;
  object_class->get_property = cv_target_get_property;
  object_class->set_property = cv_target_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROTOCOL] =
    g_param_spec_enum ("protocol", NULL, NULL,
                       CV_TYPE_PROTOCOL,
                       CV_PROTOCOL_FTP_EXPLICIT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cv_target_init (CvTarget *self)
{
}

void
cv_target_set_defaulted (CvTarget *self,
                         gboolean  protocol,
                         gboolean  port)
{
  self->protocol_defaulted = protocol;
  self->port_defaulted = port;
}

gboolean
cv_target_get_defaulted (CvTarget *self,
                         gboolean *port)
{
  *port = self->port_defaulted;
  return self->protocol_defaulted;
}

gboolean
cv_target_is_port_guessed (CvTarget *self)
{
  g_return_val_if_fail (CV_IS_TARGET (self), FALSE);
  return self->protocol_defaulted && self->port_defaulted;
}

/* A port of 0 stands for the protocol's default port. */
CvTarget *
cv_target_new (const char *host,
               guint16     port,
               CvProtocol  protocol)
{
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (host[0] != '\0', NULL);
  g_return_val_if_fail (strpbrk (host, "[]") == NULL, NULL);
  g_return_val_if_fail ((guint) protocol < CV_N_PROTOCOLS, NULL);

  return g_object_new (CV_TYPE_TARGET,
                       "host", host,
                       "port", (guint) port,
                       "protocol", protocol,
                       NULL);
}

const char *
cv_target_get_host (CvTarget *self)
{
  g_return_val_if_fail (CV_IS_TARGET (self), NULL);

  return self->host;
}

guint16
cv_target_get_port (CvTarget *self)
{
  g_return_val_if_fail (CV_IS_TARGET (self), 0);

  return self->port;
}

CvProtocol
cv_target_get_protocol (CvTarget *self)
{
  g_return_val_if_fail (CV_IS_TARGET (self), CV_PROTOCOL_FTP_EXPLICIT);

  return self->protocol;
}

gboolean
cv_target_is_ip_literal (CvTarget *self)
{
  g_return_val_if_fail (CV_IS_TARGET (self), FALSE);

  return self->is_ip_literal;
}

char *
cv_target_to_string (CvTarget *self)
{
  g_return_val_if_fail (CV_IS_TARGET (self), NULL);

  if (strchr (self->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->host, self->port);

  return g_strdup_printf ("%s:%u", self->host, self->port);
}

char *
cv_target_to_uri (CvTarget *self)
{
  static const char *schemes[CV_N_PROTOCOLS] = {
    [CV_PROTOCOL_FTP_EXPLICIT] = "ftp",
    [CV_PROTOCOL_FTP_IMPLICIT] = "ftps",
    [CV_PROTOCOL_DIRECT_TLS] = "tls",
  };
  g_autofree char *hostport = NULL;

  g_return_val_if_fail (CV_IS_TARGET (self), NULL);

  hostport = cv_target_to_string (self);
  return g_strdup_printf ("%s://%s", schemes[self->protocol], hostport);
}
