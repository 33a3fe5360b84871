/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The revocation check as the report tells it: a reason, and a part of the tree */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-report-private.h"

#include "cv-format.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

CvReason *
cv_report_revocation_reason (CvRevocation *revocation,
                             guint        *bit)
{
  g_autofree char *when = NULL;
  g_autofree char *revoked = NULL;
  g_autofree char *message = NULL;
  const char *source;

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
      switch (cv_revocation_get_method (revocation))
        {
        case CV_REVOCATION_METHOD_STAPLED:
          source = _("The OCSP response the server stapled says so.");
          break;
        case CV_REVOCATION_METHOD_CRL:
          source = _("Its authority's certificate revocation list says so.");
          break;
        case CV_REVOCATION_METHOD_OCSP:
        case CV_REVOCATION_METHOD_NONE:
        default:
          source = _("Its authority's OCSP responder says so.");
          break;
        }
      message = g_strdup_printf ("%s %s", revoked, source);
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

CvSection *
cv_report_build_revocation_section (CvRevocation *revocation)
{
  CvSection *section = cv_section_new ("revocation", _("Revocation"));
  const char *method;
  const char *status;

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

  switch (cv_revocation_get_status (revocation))
    {
    case CV_REVOCATION_STATUS_GOOD:
      status = _("Not revoked");
      break;
    case CV_REVOCATION_STATUS_REVOKED:
      status = _("Revoked");
      break;
    case CV_REVOCATION_STATUS_UNKNOWN:
      status = _("Unknown to the responder");
      break;
    case CV_REVOCATION_STATUS_INVALID:
      status = _("The stapled response is not valid");
      break;
    case CV_REVOCATION_STATUS_MISSING:
      status = _("No stapled response, though the certificate requires one");
      break;
    case CV_REVOCATION_STATUS_NOT_CHECKED:
    default:
      status = _("Not checked");
      break;
    }

  cv_section_add (section, "method", _("Checked With"), method);
  cv_section_add (section, "status", _("Status"), status);
  if (cv_revocation_get_responder (revocation) != NULL)
    cv_section_add (section, "responder", _("Responder"),
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
