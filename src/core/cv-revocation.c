/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-revocation.h"

#include "cv-error.h"
#include "cv-revocation-http.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <gnutls/x509.h>
#include <string.h>

/* Clocks disagree a little: an answer made this far in the future still counts */
#define CLOCK_SKEW_SECONDS (5 * 60)
/* TLS feature (RFC 7633) status_request: OCSP must-staple */
#define TLS_FEATURE_STATUS_REQUEST 5

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

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crl_t, gnutls_x509_crl_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_ocsp_req_t, gnutls_ocsp_req_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_ocsp_resp_t, gnutls_ocsp_resp_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_tlsfeatures_t, gnutls_x509_tlsfeatures_deinit,
                                 NULL)

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

static CvRevocation *
revocation_new (CvRevocationMethod  method,
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

static CvRevocation *
not_checked (CvRevocationMethod  method,
             const char         *responder,
             const char         *why)
{
  return revocation_new (method, CV_REVOCATION_STATUS_NOT_CHECKED, responder, why);
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

const char *
cv_revocation_mode_to_string (CvRevocationMode mode)
{
  switch (mode)
    {
    case CV_REVOCATION_MODE_STAPLED:
      return "stapled";
    case CV_REVOCATION_MODE_OFF:
      return "off";
    case CV_REVOCATION_MODE_ONLINE:
    default:
      return "online";
    }
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
  { "cessation-of-operation", N_("the server ceased operation") },
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

static gnutls_x509_crt_t
import_crt (GBytes *der)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  gsize size = 0;

  if (der == NULL)
    return NULL;
  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = size;
  if (gnutls_x509_crt_init (&crt) < 0)
    return NULL;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      return NULL;
    }
  return crt;
}

/* The OCSP verification's failure bits in words */
static const char *
describe_ocsp_verify (unsigned int verify)
{
  if (verify & GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE)
    return _("its signature does not match");
  if (verify & (GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND | GNUTLS_OCSP_VERIFY_UNTRUSTED_SIGNER))
    return _("it is not signed by the certificate's issuer or a responder it appointed");
  if (verify & GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR)
    return _("its signer may not sign OCSP responses");
  if (verify & GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM)
    return _("it is signed with an insecure algorithm");
  if (verify & (GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED | GNUTLS_OCSP_VERIFY_CERT_EXPIRED))
    return _("its signer's certificate is not valid now");
  return _("its signature could not be verified");
}

/* A bad answer: from the server, the certificate is invalid; from a responder,
 * it was not checked */
static CvRevocation *
bad_answer (CvRevocationMethod  method,
            const char         *responder,
            const char         *what)
{
  g_autofree char *why = NULL;

  if (method == CV_REVOCATION_METHOD_STAPLED)
    {
      /* TRANSLATORS: %s says what is wrong, as "its signature does not match" */
      why = g_strdup_printf (_("The OCSP response the server stapled is not valid: %s."), what);
      return revocation_new (method, CV_REVOCATION_STATUS_INVALID, NULL, why);
    }
  /* TRANSLATORS: %s says what is wrong */
  why = g_strdup_printf (_("The answer was not usable: %s."), what);
  return not_checked (method, responder, why);
}

CvRevocation *
cv_revocation_judge_ocsp (GBytes             *response,
                          GBytes             *certificate,
                          GBytes             *issuer,
                          CvRevocationMethod  method,
                          const char         *responder,
                          gint64              now)
{
  g_auto(gnutls_ocsp_resp_t) resp = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  g_auto(gnutls_x509_crt_t) issuer_crt = NULL;
  gnutls_datum_t datum;
  unsigned int verify = 0;
  unsigned int cert_status = 0;
  time_t this_update, next_update, revoked_at;
  unsigned int reason = 0;
  CvRevocation *self;
  gsize size = 0;
  int ret;

  g_return_val_if_fail (response != NULL && certificate != NULL, NULL);

  crt = import_crt (certificate);
  issuer_crt = import_crt (issuer);
  if (crt == NULL || issuer_crt == NULL)
    return not_checked (method, responder, _("The certificate's issuer is not known."));

  datum.data = (unsigned char *) g_bytes_get_data (response, &size);
  datum.size = size;
  if (gnutls_ocsp_resp_init (&resp) < 0 ||
      gnutls_ocsp_resp_import (resp, &datum) < 0)
    return bad_answer (method, responder, _("it is not an OCSP response"));

  if (gnutls_ocsp_resp_get_status (resp) != GNUTLS_OCSP_RESP_SUCCESSFUL)
    return bad_answer (method, responder, _("the responder reported an error"));

  ret = gnutls_ocsp_resp_check_crt (resp, 0, crt);
  if (ret < 0)
    return bad_answer (method, responder, _("it is about another certificate"));

  ret = gnutls_ocsp_resp_verify_direct (resp, issuer_crt, &verify, 0);
  if (ret < 0 || verify != 0)
    return bad_answer (method, responder, describe_ocsp_verify (verify));

  ret = gnutls_ocsp_resp_get_single (resp, 0, NULL, NULL, NULL, NULL, &cert_status,
                                     &this_update, &next_update, &revoked_at, &reason);
  if (ret < 0)
    return bad_answer (method, responder, _("it holds no answer"));

  if (this_update == (time_t) -1 || this_update > now + CLOCK_SKEW_SECONDS)
    return bad_answer (method, responder, _("it is dated in the future"));
  if (next_update != (time_t) -1 && next_update + CLOCK_SKEW_SECONDS < now)
    return bad_answer (method, responder, _("it is out of date"));

  switch (cert_status)
    {
    case GNUTLS_OCSP_CERT_GOOD:
      self = revocation_new (method, CV_REVOCATION_STATUS_GOOD, responder, NULL);
      break;
    case GNUTLS_OCSP_CERT_REVOKED:
      self = revocation_new (method, CV_REVOCATION_STATUS_REVOKED, responder, NULL);
      self->revoked_at = revoked_at;
      self->reason = reason;
      break;
    case GNUTLS_OCSP_CERT_UNKNOWN:
    default:
      self = revocation_new (method, CV_REVOCATION_STATUS_UNKNOWN, responder,
                             _("The responder does not know the certificate."));
      break;
    }
  self->produced_at = gnutls_ocsp_resp_get_produced (resp);
  self->this_update = this_update;
  self->next_update = next_update;
  return self;
}

CvRevocation *
cv_revocation_judge_crl (GBytes     *crl,
                         GBytes     *certificate,
                         GBytes     *issuer,
                         const char *url,
                         gint64      now)
{
  g_auto(gnutls_x509_crl_t) list = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  g_auto(gnutls_x509_crt_t) issuer_crt = NULL;
  gnutls_x509_crl_iter_t iter = NULL;
  gnutls_datum_t datum;
  gnutls_datum_t crl_issuer = { NULL, 0 };
  gnutls_datum_t crt_issuer = { NULL, 0 };
  unsigned char serial[64];
  size_t serial_size = sizeof serial;
  unsigned int verify = 0;
  gboolean same_issuer;
  CvRevocation *self = NULL;
  time_t this_update, next_update;
  gsize size = 0;
  int ret;

  g_return_val_if_fail (crl != NULL && certificate != NULL, NULL);

  crt = import_crt (certificate);
  issuer_crt = import_crt (issuer);
  if (crt == NULL || issuer_crt == NULL)
    return not_checked (CV_REVOCATION_METHOD_CRL, url, _("The certificate's issuer is not known."));

  datum.data = (unsigned char *) g_bytes_get_data (crl, &size);
  datum.size = size;
  if (gnutls_x509_crl_init (&list) < 0 ||
      (gnutls_x509_crl_import (list, &datum, GNUTLS_X509_FMT_DER) < 0 &&
       gnutls_x509_crl_import (list, &datum, GNUTLS_X509_FMT_PEM) < 0))
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, _("it is not a CRL"));

  /* A list from another authority says nothing of this certificate */
  if (gnutls_x509_crl_get_raw_issuer_dn (list, &crl_issuer) < 0 ||
      gnutls_x509_crt_get_raw_issuer_dn (crt, &crt_issuer) < 0)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, _("its issuer cannot be read"));
  same_issuer = crl_issuer.size == crt_issuer.size &&
                memcmp (crl_issuer.data, crt_issuer.data, crl_issuer.size) == 0;
  gnutls_free (crl_issuer.data);
  gnutls_free (crt_issuer.data);
  if (!same_issuer)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url,
                       _("it is issued by another authority than the certificate"));

  /* The signature only: the dates are judged against @now below */
  ret = gnutls_x509_crl_verify (list, &issuer_crt, 1, GNUTLS_VERIFY_DISABLE_TIME_CHECKS,
                                &verify);
  /* GnuTLS flags a stale list here too; only the signature's own bits count */
  if (ret < 0 || (verify & (GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_SIGNER_NOT_FOUND |
                            GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_INSECURE_ALGORITHM |
                            GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)) != 0)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url,
                       _("it is not signed by the certificate's issuer"));

  this_update = gnutls_x509_crl_get_this_update (list);
  next_update = gnutls_x509_crl_get_next_update (list);
  if (this_update == (time_t) -1 || this_update > now + CLOCK_SKEW_SECONDS)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, _("it is dated in the future"));
  if (next_update != (time_t) -1 && next_update + CLOCK_SKEW_SECONDS < now)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, _("it is out of date"));

  if (gnutls_x509_crt_get_serial (crt, serial, &serial_size) < 0)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, _("the certificate's serial cannot be read"));

  for (;;)
    {
      unsigned char listed[64];
      size_t listed_size = sizeof listed;
      time_t when = -1;

      ret = gnutls_x509_crl_iter_crt_serial (list, &iter, listed, &listed_size, &when);
      if (ret < 0)
        break;
      if (listed_size == serial_size && memcmp (listed, serial, serial_size) == 0)
        {
          self = revocation_new (CV_REVOCATION_METHOD_CRL, CV_REVOCATION_STATUS_REVOKED, url,
                                 NULL);
          self->revoked_at = when;
          break;
        }
    }
  gnutls_x509_crl_iter_deinit (iter);

  if (self == NULL && ret != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
    return bad_answer (CV_REVOCATION_METHOD_CRL, url, _("its entries cannot be read"));
  if (self == NULL)
    self = revocation_new (CV_REVOCATION_METHOD_CRL, CV_REVOCATION_STATUS_GOOD, url, NULL);
  self->this_update = this_update;
  self->next_update = next_update;
  return self;
}

/* The cache: answers from responders and CRLs, per issuer and serial */

typedef struct
{
  CvRevocation *revocation;
  gint64        expires;
} Cached;

static GMutex      cache_lock;
static GHashTable *cache;

static void
cached_free (Cached *cached)
{
  g_clear_object (&cached->revocation);
  g_free (cached);
}

void
cv_revocation_clear_cache (void)
{
  g_mutex_lock (&cache_lock);
  g_clear_pointer (&cache, g_hash_table_unref);
  g_mutex_unlock (&cache_lock);
}

static char *
cache_key (gnutls_x509_crt_t crt,
           gnutls_x509_crt_t issuer)
{
  unsigned char id[64];
  size_t id_size = sizeof id;
  unsigned char serial[64];
  size_t serial_size = sizeof serial;
  g_autofree char *id_hex = NULL;
  g_autofree char *serial_hex = NULL;

  if (gnutls_x509_crt_get_key_id (issuer, GNUTLS_KEYID_USE_SHA256, id, &id_size) < 0 ||
      gnutls_x509_crt_get_serial (crt, serial, &serial_size) < 0)
    return NULL;
  id_hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, id, id_size);
  serial_hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, serial, serial_size);
  return g_strconcat (id_hex, ":", serial_hex, NULL);
}

static CvRevocation *
cache_get (const char *key,
           gint64      now)
{
  CvRevocation *found = NULL;
  Cached *cached;

  g_mutex_lock (&cache_lock);
  if (cache != NULL && (cached = g_hash_table_lookup (cache, key)) != NULL)
    {
      if (cached->expires > now)
        found = g_object_ref (cached->revocation);
      else
        g_hash_table_remove (cache, key);
    }
  g_mutex_unlock (&cache_lock);
  return found;
}

/* Only answers that say something, and only until the responder would say more */
static void
cache_put (const char   *key,
           CvRevocation *revocation)
{
  Cached *cached;

  if (revocation->next_update <= 0 ||
      (revocation->status != CV_REVOCATION_STATUS_GOOD &&
       revocation->status != CV_REVOCATION_STATUS_REVOKED &&
       revocation->status != CV_REVOCATION_STATUS_UNKNOWN))
    return;

  cached = g_new0 (Cached, 1);
  cached->revocation = g_object_ref (revocation);
  cached->expires = revocation->next_update;
  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) cached_free);
  g_hash_table_replace (cache, g_strdup (key), cached);
  g_mutex_unlock (&cache_lock);
}

/* Online */

/* Keeps the first http:// URL in @url, and the first other one in @other */
static void
consider_url (const char  *text,
              gsize        size,
              char       **url,
              char       **other)
{
  if (memchr (text, '\0', size) != NULL || !g_utf8_validate (text, size, NULL))
    return;
  if (*url == NULL && size > 7 && g_ascii_strncasecmp (text, "http://", 7) == 0)
    *url = g_strndup (text, size);
  else if (*other == NULL)
    *other = g_strndup (text, size);
}

/* The certificate's OCSP responders */
static void
ocsp_url (gnutls_x509_crt_t   crt,
          char              **url,
          char              **other)
{
  for (unsigned int seq = 0; seq < 16; seq++)
    {
      gnutls_datum_t data = { NULL, 0 };
      int ret;

      ret = gnutls_x509_crt_get_authority_info_access (crt, seq, GNUTLS_IA_OCSP_URI, &data,
                                                       NULL);
      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret < 0)
        continue;
      consider_url ((const char *) data.data, data.size, url, other);
      gnutls_free (data.data);
    }
}

/* The certificate's CRL distribution points */
static void
crl_url (gnutls_x509_crt_t   crt,
         char              **url,
         char              **other)
{
  for (unsigned int seq = 0; seq < 16; seq++)
    {
      char buffer[2048];
      size_t size = sizeof buffer - 1;
      unsigned int reason_flags = 0;
      int ret;

      ret = gnutls_x509_crt_get_crl_dist_points (crt, seq, buffer, &size, &reason_flags, NULL);
      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret != GNUTLS_SAN_URI || size >= sizeof buffer)
        continue;
      consider_url (buffer, size, url, other);
    }
}

/* A library's message inside a sentence: "Connection refused" as "connection
 * refused", with no full stop of its own */
static char *
in_sentence (const char *message)
{
  char *text = g_strdup (message);
  gsize len = strlen (text);

  if (g_ascii_isupper (text[0]) && g_ascii_islower (text[1]))
    text[0] = g_ascii_tolower (text[0]);
  if (len > 0 && text[len - 1] == '.')
    text[len - 1] = '\0';
  return text;
}

static CvRevocation *
check_ocsp (gnutls_x509_crt_t  crt,
            gnutls_x509_crt_t  issuer_crt,
            GBytes            *certificate,
            GBytes            *issuer,
            const char        *url,
            gint64             deadline,
            GCancellable      *cancellable)
{
  g_auto(gnutls_ocsp_req_t) req = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *what = NULL;
  gnutls_datum_t data = { NULL, 0 };

  if (gnutls_ocsp_req_init (&req) < 0 ||
      gnutls_ocsp_req_add_cert (req, GNUTLS_DIG_SHA1, issuer_crt, crt) < 0 ||
      gnutls_ocsp_req_export (req, &data) < 0)
    return not_checked (CV_REVOCATION_METHOD_OCSP, url,
                        _("No OCSP request could be made for the certificate."));
  request = g_bytes_new (data.data, data.size);
  gnutls_free (data.data);

  answer = cv_revocation_http_fetch (url, "application/ocsp-request", request,
                                     CV_REVOCATION_MAX_OCSP_SIZE, deadline, cancellable,
                                     &error);
  if (answer == NULL)
    {
      /* TRANSLATORS: %s is why, as "it did not answer in time" */
      what = in_sentence (error->message);
      why = g_strdup_printf (_("The OCSP responder could not be asked: %s."), what);
      return not_checked (CV_REVOCATION_METHOD_OCSP, url, why);
    }
  return cv_revocation_judge_ocsp (answer, certificate, issuer, CV_REVOCATION_METHOD_OCSP, url,
                                   g_get_real_time () / G_USEC_PER_SEC);
}

static CvRevocation *
check_crl (GBytes       *certificate,
           GBytes       *issuer,
           const char   *url,
           gint64        deadline,
           GCancellable *cancellable)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *what = NULL;

  answer = cv_revocation_http_fetch (url, NULL, NULL, CV_REVOCATION_MAX_CRL_SIZE, deadline,
                                     cancellable, &error);
  if (answer == NULL)
    {
      /* TRANSLATORS: %s is why, as "it answered HTTP 500 Internal Server Error" */
      what = in_sentence (error->message);
      why = g_strdup_printf (_("The CRL could not be fetched: %s."), what);
      return not_checked (CV_REVOCATION_METHOD_CRL, url, why);
    }
  return cv_revocation_judge_crl (answer, certificate, issuer, url,
                                  g_get_real_time () / G_USEC_PER_SEC);
}

static gboolean
requires_staple (gnutls_x509_crt_t crt)
{
  g_auto(gnutls_x509_tlsfeatures_t) features = NULL;
  unsigned int feature = 0;

  if (gnutls_x509_tlsfeatures_init (&features) < 0 ||
      gnutls_x509_crt_get_tlsfeatures (crt, features, 0, NULL) < 0)
    return FALSE;
  for (unsigned int i = 0; gnutls_x509_tlsfeatures_get (features, i, &feature) == 0; i++)
    if (feature == TLS_FEATURE_STATUS_REQUEST)
      return TRUE;
  return FALSE;
}

CvRevocation *
cv_revocation_check (GPtrArray        *chain,
                     GPtrArray        *staples,
                     GBytes           *issuer,
                     CvRevocationMode  mode,
                     guint             budget_ms,
                     GCancellable     *cancellable)
{
  g_auto(gnutls_x509_crt_t) crt = NULL;
  g_auto(gnutls_x509_crt_t) issuer_crt = NULL;
  g_autoptr(CvRevocation) stapled = NULL;
  g_autoptr(CvRevocation) answer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ocsp = NULL;
  g_autofree char *crl = NULL;
  g_autofree char *other = NULL;
  GBytes *certificate;
  GBytes *staple = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) budget_ms * 1000;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (chain != NULL && chain->len > 0, NULL);

  certificate = g_ptr_array_index (chain, 0);
  if (issuer == NULL && chain->len > 1)
    issuer = g_ptr_array_index (chain, 1);
  if (staples != NULL && staples->len > 0)
    staple = g_ptr_array_index (staples, 0);

  crt = import_crt (certificate);
  if (crt == NULL)
    return not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                        _("The certificate could not be read."));
  issuer_crt = import_crt (issuer);

  /* What the server stapled counts in every mode: it came with the connection */
  if (staple != NULL)
    {
      stapled = cv_revocation_judge_ocsp (staple, certificate, issuer,
                                          CV_REVOCATION_METHOD_STAPLED, NULL, now);
      if (stapled->status != CV_REVOCATION_STATUS_NOT_CHECKED)
        return g_steal_pointer (&stapled);
    }

  if (mode == CV_REVOCATION_MODE_OFF)
    return stapled ? g_steal_pointer (&stapled)
                   : not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                                  _("Revocation checks are turned off."));

  if (staple == NULL && requires_staple (crt))
    return revocation_new (CV_REVOCATION_METHOD_STAPLED, CV_REVOCATION_STATUS_MISSING, NULL,
                           _("The certificate requires the server to staple an OCSP "
                             "response (must-staple), and the server sent none."));

  if (mode == CV_REVOCATION_MODE_STAPLED)
    return stapled ? g_steal_pointer (&stapled)
                   : not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                                  _("The server stapled no OCSP response, and online checks "
                                    "are turned off."));

  if (issuer_crt == NULL)
    return not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                        _("The certificate's issuer is not known, so no responder can be "
                          "asked."));
  if (gnutls_x509_crt_check_issuer (crt, crt))
    return not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                        _("A self-signed certificate cannot be revoked by anyone else."));

  key = cache_key (crt, issuer_crt);
  if (key != NULL && (answer = cache_get (key, now)) != NULL)
    return g_steal_pointer (&answer);

  ocsp_url (crt, &ocsp, &other);
  crl_url (crt, &crl, &other);
  if (ocsp != NULL)
    answer = check_ocsp (crt, issuer_crt, certificate, issuer, ocsp, deadline, cancellable);
  /* The list is the fallback when there is no responder, or it gave no answer */
  if (crl != NULL && (answer == NULL || answer->status == CV_REVOCATION_STATUS_NOT_CHECKED) &&
      !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(CvRevocation) listed = check_crl (certificate, issuer, crl, deadline,
                                                  cancellable);

      if (answer == NULL || listed->status != CV_REVOCATION_STATUS_NOT_CHECKED)
        g_set_object (&answer, listed);
    }

  if (answer == NULL && other != NULL)
    {
      g_autofree char *safe = g_strescape (other, NULL);
      g_autofree char *why =
        /* TRANSLATORS: %s is a URL, as "ldap://ldap.example.com/…" */
        g_strdup_printf (_("The certificate's OCSP responder or CRL is at “%s”, which "
                           "Certview does not fetch: only http:// addresses."), safe);

      return not_checked (CV_REVOCATION_METHOD_NONE, other, why);
    }
  if (answer == NULL)
    return not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                        _("The certificate names no OCSP responder and no CRL."));
  if (key != NULL)
    cache_put (key, answer);
  return g_steal_pointer (&answer);
}
