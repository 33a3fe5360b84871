/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-prompt-overview.h"

#include "cv-a11y.h"

#include "cv-certificate.h"
#include "cv-probe-result.h"

#include <glib/gi18n.h>
#include <string.h>

#define FINGERPRINT_GROUP_BYTES 4
#define FINGERPRINT_LINE_GROUPS 4

struct _CvPromptOverview
{
  GtkWidget  parent_instance;

  CvReport  *report;
  char      *server;

  /* Template widgets */
  GtkWidget *grid;
  GtkLabel  *server_title;
  GtkLabel  *server_label;
  GtkLabel  *fingerprint_title;
  GtkLabel  *fingerprint_label;
  GtkWidget *copy_button;
  GtkLabel  *validity_title;
  GtkLabel  *validity_label;
  GtkLabel  *issuer_title;
  GtkLabel  *issuer_label;
  GtkLabel  *connection_title;
  GtkLabel  *connection_label;
};

G_DEFINE_FINAL_TYPE (CvPromptOverview, cv_prompt_overview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REPORT,
  PROP_SERVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_COPIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static CvCertificate *
get_leaf (CvPromptOverview *self)
{
  return self->report != NULL ? cv_report_get_leaf (self->report) : NULL;
}

static void
copy_fingerprint_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CvPromptOverview *self = CV_PROMPT_OVERVIEW (widget);
  CvCertificate *leaf = get_leaf (self);

  if (leaf == NULL)
    return;

  /* The canonical form, as the tree and the command line show it, not the groups */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), cv_certificate_get_sha256 (leaf));
  g_signal_emit (self, signals[SIGNAL_COPIED], 0);
}

static void
set_row (GtkLabel   *title,
         GtkLabel   *value,
         const char *text)
{
  gboolean visible = text != NULL && text[0] != '\0';

  gtk_label_set_text (value, visible ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (title), visible);
  gtk_widget_set_visible (GTK_WIDGET (value), visible);
}

static void
cv_prompt_overview_dispose (GObject *object)
{
  CvPromptOverview *self = CV_PROMPT_OVERVIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CV_TYPE_PROMPT_OVERVIEW);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (cv_prompt_overview_parent_class)->dispose (object);
}

static void
cv_prompt_overview_finalize (GObject *object)
{
  CvPromptOverview *self = CV_PROMPT_OVERVIEW (object);

  g_clear_pointer (&self->server, g_free);

  G_OBJECT_CLASS (cv_prompt_overview_parent_class)->finalize (object);
}

static void
cv_prompt_overview_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CvPromptOverview *self = CV_PROMPT_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;

    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_prompt_overview_class_init (CvPromptOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cv_prompt_overview_dispose;
  object_class->finalize = cv_prompt_overview_finalize;
  object_class->get_property = cv_prompt_overview_get_property;

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL,
                         CV_TYPE_REPORT,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CvPromptOverview::copied:
   *
   * The fingerprint was put on the clipboard; the window says so.
   */
  signals[SIGNAL_COPIED] =
    g_signal_new ("copied",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certview/Certview/"
                                               "cv-prompt-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, grid);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, server_title);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, server_label);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, fingerprint_title);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, copy_button);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, validity_title);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, validity_label);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, issuer_title);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, issuer_label);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, connection_title);
  gtk_widget_class_bind_template_child (widget_class, CvPromptOverview, connection_label);

  gtk_widget_class_install_action (widget_class, "overview.copy-fingerprint", NULL,
                                   copy_fingerprint_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "promptoverview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cv_prompt_overview_init (CvPromptOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Certificate Summary"),
                                  -1);
  /* Said title first, as the tree's rows are: a fingerprint was heard before the
   * word "SHA-256" */
  cv_a11y_name_by_title (self->server_label, self->server_title, NULL);
  cv_a11y_name_by_title (self->fingerprint_label, self->fingerprint_title, NULL);
  cv_a11y_name_by_title (self->validity_label, self->validity_title, NULL);
  cv_a11y_name_by_title (self->issuer_label, self->issuer_title, NULL);
  cv_a11y_name_by_title (self->connection_label, self->connection_title, NULL);
  cv_prompt_overview_set_report (self, NULL, NULL);
}

GtkWidget *
cv_prompt_overview_new (void)
{
  return g_object_new (CV_TYPE_PROMPT_OVERVIEW, NULL);
}

void
cv_prompt_overview_set_report (CvPromptOverview *self,
                               CvReport         *report,
                               const char       *server)
{
  CvProbeResult *probe_result;
  CvCertificate *leaf;
  g_autofree char *fingerprint = NULL;
  g_autofree char *validity = NULL;
  g_autofree char *connection = NULL;

  g_return_if_fail (CV_IS_PROMPT_OVERVIEW (self));
  g_return_if_fail (report == NULL || CV_IS_REPORT (report));

  if (g_set_object (&self->report, report))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
  if (g_strcmp0 (self->server, server) != 0)
    {
      g_free (self->server);
      self->server = g_strdup (server);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
    }

  leaf = get_leaf (self);
  probe_result = report != NULL ? cv_report_get_probe_result (report) : NULL;

  if (leaf != NULL)
    {
      g_autofree char *not_before = cv_format_date_time (cv_certificate_get_not_before (leaf));
      g_autofree char *not_after = cv_format_date_time (cv_certificate_get_not_after (leaf));

      fingerprint = cv_prompt_overview_format_fingerprint (cv_certificate_get_sha256 (leaf));
      /* TRANSLATORS: a validity period, from the first date to the second */
      validity = g_strdup_printf (_("%s – %s"), not_before, not_after);
    }

  if (probe_result != NULL && cv_probe_result_get_tls_version (probe_result) != NULL)
    {
      const char *cipher = cv_probe_result_get_cipher (probe_result);

      connection = cipher != NULL
        /* TRANSLATORS: the TLS version and the cipher, as in "TLS1.3, AES-256-GCM" */
        ? g_strdup_printf (_("%s, %s"), cv_probe_result_get_tls_version (probe_result), cipher)
        : g_strdup (cv_probe_result_get_tls_version (probe_result));

      /* The program that transfers files then needs a certificate of its own */
      switch (cv_probe_result_get_client_certificate (probe_result))
        {
        case CV_CLIENT_CERTIFICATE_REQUIRED:
          {
            /* TRANSLATORS: %s is the connection, as "TLS1.2" */
            char *more = g_strdup_printf (_("%s; the server requires a client certificate"),
                                          connection);

            g_free (connection);
            connection = more;
          }
          break;
        case CV_CLIENT_CERTIFICATE_REQUESTED:
          {
            /* TRANSLATORS: %s is the connection, as "TLS1.3, AES-256-GCM" */
            char *more = g_strdup_printf (_("%s; the server asks for a client certificate"),
                                          connection);

            g_free (connection);
            connection = more;
          }
          break;
        case CV_CLIENT_CERTIFICATE_NOT_REQUESTED:
        default:
          break;
        }
    }

  set_row (self->server_title, self->server_label, server);
  set_row (self->fingerprint_title, self->fingerprint_label, fingerprint);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->fingerprint_label)),
                          fingerprint != NULL);
  set_row (self->validity_title, self->validity_label, validity);
  set_row (self->issuer_title, self->issuer_label,
           leaf != NULL ? cv_certificate_get_issuer_display_name (leaf) : NULL);
  set_row (self->connection_title, self->connection_label, connection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.copy-fingerprint", leaf != NULL);
}

CvReport *
cv_prompt_overview_get_report (CvPromptOverview *self)
{
  g_return_val_if_fail (CV_IS_PROMPT_OVERVIEW (self), NULL);
  return self->report;
}

const char *
cv_prompt_overview_get_server (CvPromptOverview *self)
{
  g_return_val_if_fail (CV_IS_PROMPT_OVERVIEW (self), NULL);
  return self->server;
}

char *
cv_prompt_overview_dup_text (CvPromptOverview *self)
{
  GtkLabel *titles[] = { self->server_title, self->fingerprint_title, self->validity_title,
                         self->issuer_title, self->connection_title };
  GtkLabel *values[] = { self->server_label, self->fingerprint_label, self->validity_label,
                         self->issuer_label, self->connection_label };
  GString *text;

  g_return_val_if_fail (CV_IS_PROMPT_OVERVIEW (self), NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      if (!gtk_widget_get_visible (GTK_WIDGET (values[i])))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", gtk_label_get_text (titles[i]),
                              gtk_label_get_text (values[i]));
    }

  return g_string_free (text, FALSE);
}

char *
cv_prompt_overview_format_fingerprint (const char *fingerprint)
{
  g_auto(GStrv) bytes = NULL;
  GString *grouped;
  guint n_bytes;

  g_return_val_if_fail (fingerprint != NULL, NULL);

  bytes = g_strsplit (fingerprint, ":", -1);
  n_bytes = g_strv_length (bytes);
  for (guint i = 0; i < n_bytes; i++)
    {
      if (strlen (bytes[i]) != 2 ||
          !g_ascii_isxdigit (bytes[i][0]) || !g_ascii_isxdigit (bytes[i][1]))
        return g_strdup (fingerprint);
    }

  grouped = g_string_sized_new (strlen (fingerprint));
  for (guint i = 0; i < n_bytes; i++)
    {
      if (i % (FINGERPRINT_GROUP_BYTES * FINGERPRINT_LINE_GROUPS) == 0 && i > 0)
        g_string_append_c (grouped, '\n');
      else if (i % FINGERPRINT_GROUP_BYTES == 0 && i > 0)
        g_string_append_c (grouped, ' ');
      else if (i > 0)
        g_string_append_c (grouped, ':');
      g_string_append (grouped, bytes[i]);
    }

  return g_string_free (grouped, FALSE);
}
