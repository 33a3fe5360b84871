/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-revocation.h"
#include "cv-revocation-private.h"

#include <glib/gi18n-lib.h>

struct _CvRevocation
{
  GObject             parent_instance;

  CvRevocationMethod  method;
  CvRevocationStatus  status;
  char               *responder;
  gint64              produced_at;
  gint64              this_update;
  gint64              next_update;
  gint64              revoked_at;
  guint               reason;
  char               *why;
};

G_DEFINE_FINAL_TYPE (CvRevocation, cv_revocation, G_TYPE_OBJECT)

static void
cv_revocation_finalize (GObject *object)
{
  CvRevocation *self = CV_REVOCATION (object);

  g_clear_pointer (&self->responder, g_free);
  g_clear_pointer (&self->why, g_free);

  G_OBJECT_CLASS (cv_revocation_parent_class)->finalize (object);
}

static void
cv_revocation_class_init (CvRevocationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cv_revocation_finalize;
}

static void
cv_revocation_init (CvRevocation *self)
{
  self->produced_at = -1;
  self->this_update = -1;
  self->next_update = -1;
  self->revoked_at = -1;
}

CvRevocation *
cv_revocation_new_answer (CvRevocationMethod  method,
                          CvRevocationStatus  status,
                          const char         *responder,
                          const char         *why)
{
  CvRevocation *self = g_object_new (CV_TYPE_REVOCATION, NULL);

  self->method = method;
  self->status = status;
  self->responder = g_strdup (responder);
  self->why = g_strdup (why);
  return self;
}

CvRevocation *
cv_revocation_new_not_checked (CvRevocationMethod  method,
                               const char         *responder,
                               const char         *why)
{
  return cv_revocation_new_answer (method, CV_REVOCATION_STATUS_NOT_CHECKED, responder, why);
}

void
cv_revocation_set_times (CvRevocation *self,
                         gint64        produced_at,
                         gint64        this_update,
                         gint64        next_update)
{
  self->produced_at = produced_at;
  self->this_update = this_update;
  self->next_update = next_update;
}

void
cv_revocation_set_revoked (CvRevocation *self,
                           gint64        revoked_at,
                           guint         reason)
{
  self->revoked_at = revoked_at;
  self->reason = reason;
}

#define GETTER(type, name, field, fallback) \
  type \
  cv_revocation_get_##name (CvRevocation *self) \
  { \
    g_return_val_if_fail (CV_IS_REVOCATION (self), fallback); \
    return self->field; \
  }

GETTER (CvRevocationMethod, method, method, CV_REVOCATION_METHOD_NONE)
GETTER (CvRevocationStatus, status, status, CV_REVOCATION_STATUS_NOT_CHECKED)
GETTER (const char *, responder, responder, NULL)
GETTER (gint64, produced_at, produced_at, -1)
GETTER (gint64, this_update, this_update, -1)
GETTER (gint64, next_update, next_update, -1)
GETTER (gint64, revoked_at, revoked_at, -1)
GETTER (guint, reason, reason, 0)
GETTER (const char *, why, why, NULL)

#undef GETTER

gboolean
cv_revocation_is_failure (CvRevocation *self)
{
  g_return_val_if_fail (CV_IS_REVOCATION (self), FALSE);

  return self->status == CV_REVOCATION_STATUS_REVOKED ||
         self->status == CV_REVOCATION_STATUS_INVALID ||
         self->status == CV_REVOCATION_STATUS_MISSING;
}

gboolean
cv_revocation_mode_from_string (const char       *text,
                                CvRevocationMode *mode)
{
  if (g_strcmp0 (text, "online") == 0)
    *mode = CV_REVOCATION_MODE_ONLINE;
  else if (g_strcmp0 (text, "stapled") == 0)
    *mode = CV_REVOCATION_MODE_STAPLED;
  else if (g_strcmp0 (text, "off") == 0)
    *mode = CV_REVOCATION_MODE_OFF;
  else
    return FALSE;
  return TRUE;
}

const char *
cv_revocation_method_to_string (CvRevocationMethod method)
{
  switch (method)
    {
    case CV_REVOCATION_METHOD_STAPLED:
      return "stapled";
    case CV_REVOCATION_METHOD_OCSP:
      return "ocsp";
    case CV_REVOCATION_METHOD_CRL:
      return "crl";
    case CV_REVOCATION_METHOD_NONE:
    default:
      return "none";
    }
}

const char *
cv_revocation_status_to_string (CvRevocationStatus status)
{
  switch (status)
    {
    case CV_REVOCATION_STATUS_GOOD:
      return "good";
    case CV_REVOCATION_STATUS_REVOKED:
      return "revoked";
    case CV_REVOCATION_STATUS_UNKNOWN:
      return "unknown";
    case CV_REVOCATION_STATUS_INVALID:
      return "invalid";
    case CV_REVOCATION_STATUS_MISSING:
      return "missing";
    case CV_REVOCATION_STATUS_NOT_CHECKED:
    default:
      return "not-checked";
    }
}

static const struct
{
  const char *id;
  const char *words;
} reasons[] = {
  /* RFC 5280 CRLReason, by value; 7 is not used */
  { "unspecified", N_("no reason was given") },
  { "key-compromise", N_("its key was compromised") },
  { "ca-compromise", N_("the authority's key was compromised") },
  { "affiliation-changed", N_("the holder's affiliation changed") },
  { "superseded", N_("it was superseded by another certificate") },
  { "cessation-of-operation", N_("its holder ceased operation") },
  { "certificate-hold", N_("it is on hold") },
  { "unspecified", N_("no reason was given") },
  { "remove-from-crl", N_("it was removed from the list") },
  { "privilege-withdrawn", N_("a privilege was withdrawn") },
  { "aa-compromise", N_("the attribute authority's key was compromised") },
};

const char *
cv_revocation_reason_to_string (guint reason)
{
  return reason < G_N_ELEMENTS (reasons) ? reasons[reason].id : "unspecified";
}

const char *
cv_revocation_reason_describe (guint reason)
{
  return _(reason < G_N_ELEMENTS (reasons) ? reasons[reason].words : reasons[0].words);
}
