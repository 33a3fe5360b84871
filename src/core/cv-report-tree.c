/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-report-private.h"

#include "cv-probe-result-private.h"
#include "cv-probe.h"
#include "cv-revocation-private.h"
#include "cv-verifier-private.h"

#include <glib/gi18n-lib.h>

/*
 * The report's tree: the server certificate's sections, then the chain (each
 * certificate labelled by its place on the verified path, and the trusted root
 * that was not sent), the connection and the revocation check.
 */

CvCertificate *
cv_report_chain_member (GListModel *certificates,
                        guint       position)
{
  g_autoptr(CvCertificate) certificate = g_list_model_get_item (certificates, position);

  /* The model keeps its reference */
  return certificate;
}

/* The label of the chain's certificate at @position, which is @step on the path
 * the verification took from the server certificate (G_MAXUINT: on no path,
 * an extra certificate that issued none of the others) of @n_path steps */
static char *
chain_member_label (const CvReportTreeSource *source,
                    guint                     position,
                    guint                     step,
                    guint                     n_path)
{
  CvCertificate *certificate = cv_report_chain_member (source->certificates, position);

  if (position == 0 && source->is_file)
    return g_strdup (_("Certificate"));
  if (position == 0)
    return g_strdup (_("Server certificate"));
  if (step == G_MAXUINT)
    /* TRANSLATORS: a certificate sent with the chain that is not on its path to a
     * root; %u is its place in what was sent, counted from 0 for the server's */
    return g_strdup_printf (_("Unrelated certificate %u"), position);
  if (step == n_path - 1 && cv_certificate_is_self_issued (certificate))
    return g_strdup (_("Root certificate"));

  return g_strdup_printf (_("Intermediate certificate %u"), step);
}

/* The anchor the chain reached, which the chain does not hold: a root, or an
 * authority trusted as an anchor of its own */
static const char *
trusted_root_label (const CvReportTreeSource *source)
{
  gboolean root = cv_certificate_is_self_issued (source->trusted_root);

  if (source->probe_result != NULL)
    return root ? _("Trusted root (not sent)") : _("Trusted authority (not sent)");
  if (source->is_file)
    return root ? _("Trusted root (not in the file)") : _("Trusted authority (not in the file)");
  return root ? _("Trusted root (not in the chain)") : _("Trusted authority (not in the chain)");
}

static const char *
or_unknown (const char *value)
{
  return value != NULL ? value : _("Unknown");
}

static CvSection *
build_connection_section (CvProbeResult *result)
{
  CvTarget *target = cv_probe_result_get_target (result);
  CvProtocol protocol = cv_target_get_protocol (target);
  const char *server_name = cv_probe_result_get_server_name (result);
  g_autofree char *greeting = cv_report_greeting_line (result);
  g_autoptr(CvSection) section = NULL;
  g_autofree char *safe_server_name = NULL;

  section = cv_section_new (CV_SECTION_CONNECTION, _("Connection"));
  cv_section_add (section, "protocol", _("Protocol"), cv_protocol_get_label (protocol));
  cv_section_add (section, "tls-version", _("TLS Version"),
                  or_unknown (cv_probe_result_get_tls_version (result)));
  if (cv_probe_result_get_client_certificate (result) == CV_CLIENT_CERTIFICATE_REQUIRED)
    {
      cv_section_add (section, "cipher", _("Cipher"), _("None: the handshake ended first"));
      cv_section_add (section, "mac", _("MAC"), _("None: the handshake ended first"));
    }
  else
    {
      cv_section_add (section, "cipher", _("Cipher"),
                      or_unknown (cv_probe_result_get_cipher (result)));
      cv_section_add (section, "mac", _("MAC"),
                      g_strcmp0 (cv_probe_result_get_mac (result), "AEAD") == 0
                        ? _("AEAD (the cipher authenticates)")
                        : or_unknown (cv_probe_result_get_mac (result)));
    }
  cv_section_add (section, "key-exchange", _("Key Exchange"),
                  or_unknown (cv_probe_result_get_key_exchange (result)));
  cv_section_add (section, "signature-algorithm", _("Key Exchange Signature"),
                  or_unknown (cv_probe_result_get_signature_algorithm (result)));

  if (server_name != NULL)
    safe_server_name = cv_sanitize_text (server_name, -1);
  cv_section_add (section, "server-name", _("Server Name (SNI)"),
                  safe_server_name != NULL ? safe_server_name : _("None (IP address)"));

  cv_section_add (section, "peer-address", _("Address"),
                  or_unknown (cv_probe_result_get_peer_address (result)));

  if (greeting != NULL)
    cv_section_add (section, "greeting", _("FTP Greeting"), greeting);

  switch (cv_probe_result_get_client_certificate (result))
    {
    case CV_CLIENT_CERTIFICATE_REQUESTED:
      cv_section_add (section, "client-certificate", _("Client Certificate"),
                      _("Asked for; Certview sends none"));
      break;
    case CV_CLIENT_CERTIFICATE_REQUIRED:
      cv_section_add (section, "client-certificate", _("Client Certificate"),
                      _("Required: the server asked for one and ended the handshake "
                        "without it (Certview sends none). What it sent before is shown."));
      break;
    case CV_CLIENT_CERTIFICATE_NOT_REQUESTED:
    default:
      break;
    }

  return g_steal_pointer (&section);
}

char *
cv_report_greeting_line (CvProbeResult *result)
{
  CvProtocol protocol = cv_target_get_protocol (cv_probe_result_get_target (result));
  const char *greeting = cv_probe_result_get_greeting (result);
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;

  if (protocol == CV_PROTOCOL_DIRECT_TLS || greeting == NULL)
    return NULL;

  /* One line in the tree, in --dump and in the JSON; the server chose the text */
  lines = g_strsplit_set (greeting, "\r\n", -1);
  joined = g_strjoinv (" ", lines);
  return cv_sanitize_text (g_strstrip (joined), -1);
}

void
cv_report_build_tree (GListStore               *tree,
                      const CvReportTreeSource *source)
{
  GListModel *certificates = source->certificates;
  CvProbeResult *probe_result = source->probe_result;
  CvRevocation *leaf_revocation =
    probe_result != NULL ? cv_probe_result_get_revocation (probe_result) : NULL;
  guint n_certificates = g_list_model_get_n_items (certificates);
  GListModel *leaf_sections = cv_certificate_get_sections (cv_report_chain_member (certificates, 0));
  guint n_sections = g_list_model_get_n_items (leaf_sections);
  g_autoptr(CvSection) chain = NULL;
  g_autofree guint *path = g_new (guint, n_certificates);
  g_autofree guint *steps = g_new (guint, n_certificates);
  guint n_path;

  for (guint i = 0; i < n_sections; i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (leaf_sections, i);

      g_list_store_append (tree, section);
    }

  /* Each certificate's step on the verified path, G_MAXUINT for none */
  n_path = cv_verifier_chain_path (source->parsed->crts, n_certificates, path);
  for (guint i = 0; i < n_certificates; i++)
    steps[i] = G_MAXUINT;
  for (guint step = 0; step < n_path; step++)
    steps[path[step]] = step;

  chain = cv_section_new (CV_SECTION_CHAIN, _("Certificate Chain"));
  for (guint i = 0; i < n_certificates; i++)
    {
      CvCertificate *certificate = cv_report_chain_member (certificates, i);
      g_autofree char *id = g_strdup_printf ("certificate-%u", i);
      g_autofree char *label = chain_member_label (source, i, steps[i], n_path);
      CvRevocation *revocation = i > 0 && probe_result != NULL
        ? cv_probe_result_get_authority_revocation (probe_result, i) : NULL;
      g_autoptr(CvField) field = NULL;

      /* An authority that was checked shows its own Revocation part */
      if (revocation != NULL)
        {
          g_autoptr(CvSection) section = cv_report_build_revocation_section (revocation);

          cv_certificate_add_section (certificate, section);
        }

      field = cv_field_new_for_certificate (id, label, certificate);
      cv_section_append (chain, field);
    }
  if (source->trusted_root != NULL)
    {
      CvRevocation *revocation =
        probe_result != NULL ? cv_probe_result_get_anchor_revocation (probe_result) : NULL;
      g_autoptr(CvField) field = NULL;

      /* An authority trusted as an anchor, checked: its own Revocation part too */
      if (revocation != NULL)
        {
          g_autoptr(CvSection) section = cv_report_build_revocation_section (revocation);

          cv_certificate_add_section (source->trusted_root, section);
        }
      field =
        cv_field_new_for_certificate ("trusted-root", trusted_root_label (source),
                                      source->trusted_root);

      cv_section_append (chain, field);
    }
  g_list_store_append (tree, chain);

  if (probe_result != NULL)
    {
      g_autoptr(CvSection) connection = build_connection_section (probe_result);

      g_list_store_append (tree, connection);
    }

  if (leaf_revocation != NULL)
    {
      g_autoptr(CvSection) revocation = cv_report_build_revocation_section (leaf_revocation);
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GPtrArray) authorities = g_ptr_array_new ();

      /* The authorities' own parts are in the chain; here, what they came to, up
       * the path (only the certificates on it are checked) */
      for (guint step = 1; step < n_path; step++)
        {
          guint i = path[step];
          CvRevocation *authority =
            cv_probe_result_get_authority_revocation (probe_result, i);

          if (authority == NULL)
            continue;
          g_ptr_array_add (names, (gpointer) cv_certificate_get_display_name (
                                    cv_report_chain_member (certificates, i)));
          g_ptr_array_add (authorities, authority);
        }
      if (source->trusted_root != NULL &&
          cv_probe_result_get_anchor_revocation (probe_result) != NULL)
        {
          g_ptr_array_add (names,
                           (gpointer) cv_certificate_get_display_name (source->trusted_root));
          g_ptr_array_add (authorities, cv_probe_result_get_anchor_revocation (probe_result));
        }
      cv_report_add_authorities_field (revocation, names, authorities);
      g_list_store_append (tree, revocation);
    }
  else if (probe_result == NULL)
    {
      /* A file is read as it is: the part says so, rather than missing */
      g_autoptr(CvRevocation) none =
        cv_revocation_new_not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                                       _("Revocation is checked when a server is inspected, "
                                         "not in a certificate file."));
      g_autoptr(CvSection) revocation = cv_report_build_revocation_section (none);

      g_list_store_append (tree, revocation);
    }
}
