/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-report.h"
#include "cv-report-private.h"

#include "cv-probe-result-private.h"

#include <glib/gi18n-lib.h>
#include "cv-json-private.h"
#include "cv-verifier-private.h"

/* JSON: the stable contract the README documents */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* For strings that come from the user or a server rather than from GnuTLS */
static void
add_safe_string_member (JsonBuilder *builder,
                        const char  *name,
                        const char  *value)
{
  g_autofree char *safe = value != NULL ? cv_sanitize_text (value, -1) : NULL;

  add_string_member (builder, name, safe);
}

static void
add_target (JsonBuilder *builder,
            CvReport    *self)
{
  CvProbeResult *result = cv_report_get_probe_result (self);
  const char *file = cv_report_get_file (self);
  const char *hostname = cv_report_get_hostname (self);

  json_builder_set_member_name (builder, "target");

  if (result != NULL)
    {
      CvTarget *target = cv_probe_result_get_target (result);

      json_builder_begin_object (builder);
      add_safe_string_member (builder, "host", cv_target_get_host (target));
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, cv_target_get_port (target));
      add_string_member (builder, "protocol",
                         cv_protocol_to_string (cv_target_get_protocol (target)));
      json_builder_end_object (builder);
    }
  else if (file != NULL)
    {
      g_autofree char *display = g_filename_display_name (file);

      json_builder_begin_object (builder);
      add_string_member (builder, "file", display);
      json_builder_end_object (builder);
    }
  else if (hostname != NULL)
    {
      json_builder_begin_object (builder);
      add_safe_string_member (builder, "host", hostname);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_verdict (JsonBuilder *builder,
             CvReport    *self)
{
  GPtrArray *reasons = cv_report_get_reasons (self);

  json_builder_set_member_name (builder, "verdict");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, cv_report_get_valid (self));

  json_builder_set_member_name (builder, "reasons");
  json_builder_begin_array (builder);
  for (guint i = 0; i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "section", cv_verdict_section_to_id (reason->section));
      add_string_member (builder, "code", reason->code);
      add_string_member (builder, "message", reason->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

static const char *
client_certificate_id (CvClientCertificate asked)
{
  switch (asked)
    {
    case CV_CLIENT_CERTIFICATE_REQUESTED:
      return "requested";
    case CV_CLIENT_CERTIFICATE_REQUIRED:
      return "required";
    case CV_CLIENT_CERTIFICATE_NOT_REQUESTED:
    default:
      return "not-requested";
    }
}

static void
add_connection (JsonBuilder *builder,
                CvReport    *self)
{
  CvProbeResult *result = cv_report_get_probe_result (self);
  g_autofree char *greeting = NULL;

  json_builder_set_member_name (builder, "connection");

  if (result == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  add_string_member (builder, "tls-version", cv_probe_result_get_tls_version (result));
  add_string_member (builder, "cipher", cv_probe_result_get_cipher (result));
  add_string_member (builder, "mac", cv_probe_result_get_mac (result));
  add_string_member (builder, "key-exchange", cv_probe_result_get_key_exchange (result));
  add_string_member (builder, "signature-algorithm",
                     cv_probe_result_get_signature_algorithm (result));
  add_safe_string_member (builder, "server-name", cv_probe_result_get_server_name (result));
  add_safe_string_member (builder, "address", cv_probe_result_get_peer_address (result));
  greeting = cv_report_greeting_line (result);
  add_string_member (builder, "greeting", greeting);
  add_string_member (builder, "client-certificate",
                     client_certificate_id (cv_probe_result_get_client_certificate (result)));
  json_builder_end_object (builder);
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       seconds)
{
  g_autofree char *text = seconds >= 0 ? cv_format_unix_time (seconds) : NULL;

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_revocation (JsonBuilder  *builder,
                CvRevocation *revocation)
{
  gboolean revoked;

  json_builder_set_member_name (builder, "revocation");
  if (revocation == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  revoked = cv_revocation_get_status (revocation) == CV_REVOCATION_STATUS_REVOKED;
  json_builder_begin_object (builder);
  add_string_member (builder, "method",
                     cv_revocation_method_to_string (cv_revocation_get_method (revocation)));
  add_string_member (builder, "status",
                     cv_revocation_status_to_string (cv_revocation_get_status (revocation)));
  add_safe_string_member (builder, "responder", cv_revocation_get_responder (revocation));
  add_time_member (builder, "produced-at", cv_revocation_get_produced_at (revocation));
  add_time_member (builder, "this-update", cv_revocation_get_this_update (revocation));
  add_time_member (builder, "next-update", cv_revocation_get_next_update (revocation));
  add_time_member (builder, "revoked-at",
                   revoked ? cv_revocation_get_revoked_at (revocation) : -1);
  add_string_member (builder, "reason",
                     revoked ? cv_revocation_reason_to_string (
                                 cv_revocation_get_reason (revocation))
                             : NULL);
  add_safe_string_member (builder, "why", cv_revocation_get_why (revocation));
  json_builder_end_object (builder);
}

static void
add_fields (JsonBuilder *builder,
            GListModel  *fields)
{
  guint n_fields = g_list_model_get_n_items (fields);

  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autoptr(CvField) field = g_list_model_get_item (fields, i);
      gboolean invalid = cv_field_get_invalid (field);

      json_builder_begin_object (builder);
      add_string_member (builder, "id", cv_field_get_id (field));
      add_string_member (builder, "label", cv_field_get_label (field));
      add_string_member (builder, "value", cv_field_get_value (field));
      json_builder_set_member_name (builder, "invalid");
      json_builder_add_boolean_value (builder, invalid);
      if (invalid)
        add_string_member (builder, "reason", cv_field_get_reason (field));
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
}

/* @revocation: what was learnt of its revocation, or NULL */
static void
add_certificate (JsonBuilder   *builder,
                 CvCertificate *certificate,
                 CvRevocation  *revocation)
{
  GListModel *sections = cv_certificate_get_sections (certificate);
  guint n_sections = g_list_model_get_n_items (sections);

  json_builder_begin_object (builder);
  add_string_member (builder, "subject", cv_certificate_get_subject (certificate));
  add_string_member (builder, "issuer", cv_certificate_get_issuer (certificate));
  add_string_member (builder, "sha256", cv_certificate_get_sha256 (certificate));
  add_string_member (builder, "public-key-pin",
                     cv_certificate_get_public_key_pin (certificate));
  add_revocation (builder, revocation);

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_sections; i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (sections, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "id", cv_section_get_id (section));
      add_string_member (builder, "title", cv_section_get_title (section));
      add_fields (builder, cv_section_get_fields (section));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

char *
cv_report_to_json (CvReport *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *certificates;
  guint n_certificates;

  g_return_val_if_fail (CV_IS_REPORT (self), NULL);

  if (!cv_json_load (&error))
    {
      g_warning ("%s", error->message);
      return NULL;
    }

  certificates = cv_report_get_certificates (self);
  n_certificates = g_list_model_get_n_items (certificates);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  add_target (builder, self);
  add_verdict (builder, self);
  add_connection (builder, self);
  add_revocation (builder, cv_report_get_revocation (self));

  json_builder_set_member_name (builder, "certificates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_certificates; i++)
    {
      g_autoptr(CvCertificate) certificate = g_list_model_get_item (certificates, i);
      CvProbeResult *result = cv_report_get_probe_result (self);
      CvRevocation *revocation = NULL;

      if (i == 0)
        revocation = cv_report_get_revocation (self);
      else if (result != NULL)
        revocation = cv_probe_result_get_authority_revocation (result, i);
      add_certificate (builder, certificate, revocation);
    }
  json_builder_end_array (builder);

  /* A root is trusted as it is: its revocation is never checked; an authority
   * trusted as an anchor is */
  json_builder_set_member_name (builder, "trusted-root");
  if (cv_report_get_trusted_root (self) != NULL)
    add_certificate (builder, cv_report_get_trusted_root (self),
                     cv_report_get_probe_result (self) != NULL
                       ? cv_probe_result_get_anchor_revocation (
                           cv_report_get_probe_result (self))
                       : NULL);
  else
    json_builder_add_null_value (builder);

  json_builder_end_object (builder);

  return cv_json_builder_to_text (builder);
}

/* Text: the tree as --dump prints it */

static void
append_indent (GString *out,
               guint    depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
append_sections (GString    *out,
                 GListModel *sections,
                 guint       depth)
{
  guint n_sections = g_list_model_get_n_items (sections);

  for (guint i = 0; i < n_sections; i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (sections, i);
      GListModel *fields = cv_section_get_fields (section);
      guint n_fields = g_list_model_get_n_items (fields);

      if (depth == 0)
        g_string_append_c (out, '\n');

      append_indent (out, depth);
      g_string_append_printf (out, "%s\n", cv_section_get_title (section));

      for (guint j = 0; j < n_fields; j++)
        {
          g_autoptr(CvField) field = g_list_model_get_item (fields, j);
          const char *value = cv_field_get_value (field);
          GListModel *children = cv_field_get_children (field);

          append_indent (out, depth + 1);
          /* Translators: a field's label before its value in --dump; French puts a
           * space before the colon */
          g_string_append_printf (out, C_("dump field", "%s:"), cv_field_get_label (field));
          if (value != NULL && *value != '\0')
            {
              g_auto(GStrv) lines = g_strsplit (value, "\n", -1);

              /* A value of several lines goes on under the label, indented */
              g_string_append_printf (out, " %s", lines[0]);
              for (guint k = 1; lines[k] != NULL; k++)
                {
                  g_string_append_c (out, '\n');
                  append_indent (out, depth + 2);
                  g_string_append (out, lines[k]);
                }
            }

          if (cv_field_get_invalid (field))
            {
              g_auto(GStrv) lines = g_strsplit (cv_field_get_reason (field) != NULL ?
                                                cv_field_get_reason (field) : "",
                                                "\n", -1);
              g_autofree char *reason = g_strjoinv (" ", lines);

              g_string_append (out, "  ");
              /* Translators: the Invalid mark after a value in --dump */
              g_string_append_printf (out, _("[Invalid: %s]"), reason);
            }

          g_string_append_c (out, '\n');

          if (children != NULL)
            append_sections (out, children, depth + 2);
        }
    }
}

char *
cv_report_to_text (CvReport *self)
{
  CvProbeResult *result;
  const char *file;
  const char *hostname;
  GPtrArray *reasons;
  GString *out;

  g_return_val_if_fail (CV_IS_REPORT (self), NULL);

  result = cv_report_get_probe_result (self);
  file = cv_report_get_file (self);
  hostname = cv_report_get_hostname (self);
  reasons = cv_report_get_reasons (self);
  out = g_string_new (NULL);

  if (result != NULL)
    {
      CvTarget *target = cv_probe_result_get_target (result);
      g_autofree char *where = cv_target_to_string (target);
      g_autofree char *safe = cv_sanitize_text (where, -1);

      g_string_append_printf (out, _("Server: %s (%s)"), safe,
                              cv_protocol_get_label (cv_target_get_protocol (target)));
    }
  else if (file != NULL)
    {
      g_autofree char *display = cv_verifier_file_display_name (file);
      g_autofree char *safe = cv_sanitize_text (display, -1);

      g_string_append_printf (out, _("File: %s"), safe);
    }
  else if (hostname != NULL)
    {
      g_autofree char *safe = cv_sanitize_text (hostname, -1);

      g_string_append_printf (out, _("Host: %s"), safe);
    }
  else
    g_string_append (out, _("Certificate chain"));
  g_string_append_c (out, '\n');

  if (cv_report_get_valid (self))
    g_string_append (out, _("Verdict: valid"));
  else
    g_string_append (out, _("Verdict: INVALID"));
  g_string_append_c (out, '\n');

  for (guint i = 0; i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      g_string_append_printf (out, "  - %s\n", reason->message);
    }

  append_sections (out, cv_report_get_tree (self), 0);

  return g_string_free (out, FALSE);
}
