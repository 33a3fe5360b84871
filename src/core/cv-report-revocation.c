/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The revocation check as the report tells it: a reason, and a part of the tree */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-report-private.h"

#include "cv-format.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

/* Who says a certificate is revoked, as a sentence */
static const char *
revoked_by (CvRevocation *revocation)
{
  switch (cv_revocation_get_method (revocation))
    {
    case CV_REVOCATION_METHOD_STAPLED:
      return _("The OCSP response the server stapled says so.");
    case CV_REVOCATION_METHOD_CRL:
      return _("Its authority's certificate revocation list says so.");
    case CV_REVOCATION_METHOD_OCSP:
    case CV_REVOCATION_METHOD_NONE:
    default:
      return _("Its authority's OCSP responder says so.");
    }
}

CvReason *
cv_report_revocation_reason (CvRevocation *revocation,
                             guint        *bit)
{
  g_autofree char *when = NULL;
  g_autofree char *revoked = NULL;
  g_autofree char *message = NULL;

  switch (cv_revocation_get_status (revocation))
    {
    case CV_REVOCATION_STATUS_REVOKED:
      *bit = GNUTLS_CERT_REVOKED;
      when = cv_format_unix_date_words (cv_revocation_get_revoked_at (revocation), FALSE);
      if (when != NULL)
        /* TRANSLATORS: the first %s is a date, the second why, as "its key was compromised" */
        revoked = g_strdup_printf (_("The certificate was revoked on %s: %s."), when,
                                   cv_revocation_reason_describe (
                                     cv_revocation_get_reason (revocation)));
      else
        /* TRANSLATORS: %s is why, as "its key was compromised" */
        revoked = g_strdup_printf (_("The certificate was revoked: %s."),
                                   cv_revocation_reason_describe (
                                     cv_revocation_get_reason (revocation)));
      message = g_strdup_printf ("%s %s", revoked, revoked_by (revocation));
      return cv_reason_new (CV_VERDICT_SECTION_NONE, "revoked", message);

    case CV_REVOCATION_STATUS_MISSING:
      *bit = GNUTLS_CERT_MISSING_OCSP_STATUS;
      return cv_reason_new (CV_VERDICT_SECTION_NONE, "missing-ocsp-status",
                            cv_revocation_get_why (revocation));

    case CV_REVOCATION_STATUS_INVALID:
    default:
      *bit = GNUTLS_CERT_INVALID_OCSP_STATUS;
      return cv_reason_new (CV_VERDICT_SECTION_NONE, "invalid-ocsp-status",
                            cv_revocation_get_why (revocation));
    }
}

CvReason *
cv_report_authority_revocation_reason (CvRevocation *revocation,
                                       const char   *name,
                                       guint        *bit)
{
  g_autoptr(CvReason) leaf_reason = cv_report_revocation_reason (revocation, bit);
  g_autofree char *when = NULL;
  g_autofree char *message = NULL;
  g_autofree char *full = NULL;
  const char *reason;

  if (cv_revocation_get_status (revocation) != CV_REVOCATION_STATUS_REVOKED)
    {
      /* TRANSLATORS: %s is the name of a certificate authority, as "Example CA";
       * what follows is why its OCSP response cannot be used */
      message = g_strdup_printf (_("For the authority “%s” in the chain: %s"), name,
                                 leaf_reason->message);
      return cv_reason_new (CV_VERDICT_SECTION_NONE, leaf_reason->code, message);
    }

  reason = cv_revocation_reason_describe (cv_revocation_get_reason (revocation));
  when = cv_format_unix_date_words (cv_revocation_get_revoked_at (revocation), FALSE);
  if (when != NULL)
    /* TRANSLATORS: the first %s is the name of a certificate authority, as
     * "Example CA", the second a date, the third why, as "its key was compromised" */
    message = g_strdup_printf (_("The authority “%s” in the chain, which vouches for the "
                                 "certificate, was revoked on %s: %s."), name, when, reason);
  else
    /* TRANSLATORS: the first %s is the name of a certificate authority, as
     * "Example CA", the second why, as "its key was compromised" */
    message = g_strdup_printf (_("The authority “%s” in the chain, which vouches for the "
                                 "certificate, was revoked: %s."), name, reason);

  full = g_strdup_printf ("%s %s", message, revoked_by (revocation));
  return cv_reason_new (CV_VERDICT_SECTION_NONE, "revoked", full);
}

static void
add_time_field (CvSection  *section,
                const char *id,
                const char *label,
                gint64      seconds)
{
  g_autofree char *text = NULL;

  if (seconds < 0)
    return;
  text = cv_format_unix_time (seconds);
  cv_section_add (section, id, label, text);
}

static const char *
status_words (CvRevocation *revocation)
{
  switch (cv_revocation_get_status (revocation))
    {
    case CV_REVOCATION_STATUS_GOOD:
      return _("Not revoked");
    case CV_REVOCATION_STATUS_REVOKED:
      return _("Revoked");
    case CV_REVOCATION_STATUS_UNKNOWN:
      return _("Unknown to the responder");
    case CV_REVOCATION_STATUS_INVALID:
      return _("The stapled response is not valid");
    case CV_REVOCATION_STATUS_MISSING:
      return _("No stapled response, though the certificate requires one");
    case CV_REVOCATION_STATUS_NOT_CHECKED:
    default:
      return _("Not checked");
    }
}

void
cv_report_add_authorities_field (CvSection  *section,
                                 GPtrArray  *names,
                                 GPtrArray  *revocations)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: a certificate authority's name, then what its revocation
       * check found, as "Example CA: Not revoked" */
      g_string_append_printf (text, C_("authority revocation", "%s: %s"),
                              (const char *) g_ptr_array_index (names, i),
                              status_words (g_ptr_array_index (revocations, i)));
    }
  if (text->len > 0)
    cv_section_add (section, "authorities", _("Authorities"), text->str);
}

CvSection *
cv_report_build_revocation_section (CvRevocation *revocation)
{
  CvSection *section = cv_section_new (CV_SECTION_REVOCATION, _("Revocation"));
  const char *method;

  switch (cv_revocation_get_method (revocation))
    {
    case CV_REVOCATION_METHOD_STAPLED:
      method = _("OCSP response stapled by the server");
      break;
    case CV_REVOCATION_METHOD_OCSP:
      method = _("OCSP responder");
      break;
    case CV_REVOCATION_METHOD_CRL:
      method = _("Certificate revocation list");
      break;
    case CV_REVOCATION_METHOD_NONE:
    default:
      method = _("None");
      break;
    }

  cv_section_add (section, "method", _("Checked With"), method);
  cv_section_add (section, "status", _("Status"), status_words (revocation));
  /* The field's id stays "responder" for scripts; a list is fetched, not asked */
  if (cv_revocation_get_responder (revocation) != NULL)
    cv_section_add (section, "responder",
                    cv_revocation_get_method (revocation) == CV_REVOCATION_METHOD_CRL
                      ? _("CRL Address") : _("Responder"),
                    cv_revocation_get_responder (revocation));
  add_time_field (section, "produced-at", _("Answer Produced"),
                  cv_revocation_get_produced_at (revocation));
  add_time_field (section, "this-update", _("This Update"),
                  cv_revocation_get_this_update (revocation));
  add_time_field (section, "next-update", _("Next Update"),
                  cv_revocation_get_next_update (revocation));
  if (cv_revocation_get_status (revocation) == CV_REVOCATION_STATUS_REVOKED)
    {
      add_time_field (section, "revoked-at", _("Revoked On"),
                      cv_revocation_get_revoked_at (revocation));
      cv_section_add (section, "reason", _("Reason"),
                      cv_revocation_reason_describe (cv_revocation_get_reason (revocation)));
    }
  if (cv_revocation_get_why (revocation) != NULL)
    cv_section_add (section, "why", _("Why"), cv_revocation_get_why (revocation));
  return section;
}
