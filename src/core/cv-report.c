/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-report.h"
#include "cv-report-private.h"

#include "cv-format.h"

#include "cv-error.h"
#include "cv-probe.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

/* Certificate files and CA bundles are far smaller; this bounds the reading */
#define MAX_FILE_SIZE (10 * 1024 * 1024)
/* Names listed in a hostname-mismatch sentence before "and N others" */
#define MAX_NAMES_IN_REASON 5

static void
trust_list_free (gnutls_x509_trust_list_t list)
{
  gnutls_x509_trust_list_deinit (list, 1);
}

static void
datum_clear (gnutls_datum_t *datum)
{
  g_clear_pointer (&datum->data, gnutls_free);
  datum->size = 0;
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_trust_list_t, trust_list_free, NULL)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (gnutls_datum_t, datum_clear)

/* A list of certificates as gnutls_x509_crt_list_import2() hands them out */
typedef struct
{
  gnutls_x509_crt_t *crts;
  unsigned int       n_crts;
} CrtList;

static void
crt_list_clear (CrtList *list)
{
  for (unsigned int i = 0; i < list->n_crts; i++)
    gnutls_x509_crt_deinit (list->crts[i]);
  g_clear_pointer (&list->crts, gnutls_free);
  list->n_crts = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CrtList, crt_list_clear)

struct _CvReport
{
  GObject        parent_instance;

  GListStore    *certificates;
  GListStore    *tree;
  GPtrArray     *reasons;
  CvProbeResult *probe_result;
  char          *file;
  char          *hostname;
  guint          status;
};

G_DEFINE_FINAL_TYPE (CvReport, cv_report, G_TYPE_OBJECT)

static void
cv_report_dispose (GObject *object)
{
  CvReport *self = CV_REPORT (object);

  g_clear_object (&self->tree);
  g_clear_object (&self->certificates);
  g_clear_object (&self->probe_result);

  G_OBJECT_CLASS (cv_report_parent_class)->dispose (object);
}

static void
cv_report_finalize (GObject *object)
{
  CvReport *self = CV_REPORT (object);

  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->hostname, g_free);

  G_OBJECT_CLASS (cv_report_parent_class)->finalize (object);
}

static void
cv_report_class_init (CvReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cv_report_dispose;
  object_class->finalize = cv_report_finalize;
}

static void
cv_report_init (CvReport *self)
{
  self->certificates = g_list_store_new (CV_TYPE_CERTIFICATE);
  self->tree = g_list_store_new (CV_TYPE_SECTION);
  self->reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) cv_reason_free);
}

/* Reading files */

static gboolean
read_file_bounded (const char  *path,
                   GBytes     **contents,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GByteArray) buffer = NULL;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("Could not read “%s”: %s."), display, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("Could not read “%s”: %s."), display, g_strerror (EISDIR));
      g_close (fd, NULL);
      return FALSE;
    }

  buffer = g_byte_array_new ();
  for (;;)
    {
      guint8 chunk[16 * 1024];
      gssize n_read = read (fd, chunk, sizeof chunk);

      if (n_read < 0 && errno == EINTR)
        continue;

      if (n_read < 0)
        {
          int saved_errno = errno;

          g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                       _("Could not read “%s”: %s."), display, g_strerror (saved_errno));
          g_close (fd, NULL);
          return FALSE;
        }

      if (n_read == 0)
        break;

      /* Also stops an endless device or pipe */
      if (buffer->len + (gsize) n_read > MAX_FILE_SIZE)
        {
          g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                       _("The file “%s” is larger than 10 MiB, too large to be a "
                         "certificate file."), display);
          g_close (fd, NULL);
          return FALSE;
        }

      g_byte_array_append (buffer, chunk, n_read);
    }

  g_close (fd, NULL);
  *contents = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return TRUE;
}

/* Verification */

/*
 * The trust anchors, the system's and the CA file's, are kept for the life of the
 * process: reading the system's bundle takes about 10 ms, several times a loopback
 * handshake. The CA file is read on every run and the anchors are built anew when
 * its contents change, and after ANCHORS_MAX_AGE_US so that a long-lived window
 * sees the system's bundle change. GnuTLS does not promise that one list can verify
 * on several threads at once, so one lock covers building and verifying.
 */
#define ANCHORS_MAX_AGE_US (10 * 60 * G_USEC_PER_SEC)

static GMutex                   anchors_lock;
static gnutls_x509_trust_list_t anchors;
static GBytes                  *anchors_ca_contents;
static gint64                   anchors_built;

static gboolean
add_ca_contents (gnutls_x509_trust_list_t   list,
                 const char                *ca_file,
                 GBytes                    *contents,
                 GError                   **error)
{
  g_autofree char *display = g_filename_display_name (ca_file);
  gnutls_datum_t datum;
  gsize size = 0;
  int ret;

  datum.data = (unsigned char *) g_bytes_get_data (contents, &size);
  datum.size = size;

  if (size == 0)
    ret = 0;
  else
    ret = gnutls_x509_trust_list_add_trust_mem (list, &datum, NULL, GNUTLS_X509_FMT_PEM, 0, 0);

  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("The CA file “%s” could not be read as PEM certificates: %s"),
                   display, gnutls_strerror (ret));
      return FALSE;
    }

  if (ret == 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("The CA file “%s” contains no PEM certificate."), display);
      return FALSE;
    }

  return TRUE;
}

/* With anchors_lock held: the anchors for @ca_contents (NULL: the system's only) */
static gnutls_x509_trust_list_t
get_anchors (const char  *ca_file,
             GBytes      *ca_contents,
             GError     **error)
{
  g_auto(gnutls_x509_trust_list_t) list = NULL;
  gint64 now = g_get_monotonic_time ();
  int ret;

  if (anchors != NULL && now - anchors_built < ANCHORS_MAX_AGE_US &&
      (ca_contents == NULL ? anchors_ca_contents == NULL
                           : anchors_ca_contents != NULL &&
                             g_bytes_equal (ca_contents, anchors_ca_contents)))
    return anchors;

  ret = gnutls_x509_trust_list_init (&list, 0);
  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate chain could not be verified: %s"),
                   gnutls_strerror (ret));
      return NULL;
    }

  /* A machine without system trust anchors still verifies against --ca-file */
  ret = gnutls_x509_trust_list_add_system_trust (list, 0, 0);
  if (ret < 0)
    g_debug ("No system trust anchors: %s", gnutls_strerror (ret));

  if (ca_contents != NULL && !add_ca_contents (list, ca_file, ca_contents, error))
    return NULL;

  g_clear_pointer (&anchors, trust_list_free);
  g_clear_pointer (&anchors_ca_contents, g_bytes_unref);
  anchors = g_steal_pointer (&list);
  anchors_ca_contents = ca_contents != NULL ? g_bytes_ref (ca_contents) : NULL;
  anchors_built = now;
  return anchors;
}

static gpointer
preload_anchors_thread (gpointer data)
{
  g_autofree char *ca_file = data;
  g_autoptr(GBytes) ca_contents = NULL;

  /* Any error here is met again, and reported, by the verification itself */
  if (ca_file == NULL || read_file_bounded (ca_file, &ca_contents, NULL))
    {
      g_mutex_lock (&anchors_lock);
      get_anchors (ca_file, ca_contents, NULL);
      g_mutex_unlock (&anchors_lock);
    }
  return NULL;
}

GThread *
cv_report_preload_anchors (const char *ca_file)
{
  return g_thread_new ("cv-anchors", preload_anchors_thread, g_strdup (ca_file));
}

GBytes *
cv_report_find_issuer (GBytes     *certificate,
                       const char *ca_file)
{
  g_autoptr(GBytes) ca_contents = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_x509_crt_t issuer = NULL;
  gnutls_x509_trust_list_t list;
  gnutls_datum_t datum;
  gnutls_datum_t out = { NULL, 0 };
  GBytes *result = NULL;
  gsize size = 0;

  g_return_val_if_fail (certificate != NULL, NULL);

  if (ca_file != NULL && !read_file_bounded (ca_file, &ca_contents, NULL))
    return NULL;

  datum.data = (unsigned char *) g_bytes_get_data (certificate, &size);
  datum.size = size;
  if (gnutls_x509_crt_init (&crt) < 0)
    return NULL;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      return NULL;
    }

  g_mutex_lock (&anchors_lock);
  list = get_anchors (ca_file, ca_contents, NULL);
  if (list != NULL &&
      gnutls_x509_trust_list_get_issuer (list, crt, &issuer, GNUTLS_TL_GET_COPY) == 0 &&
      gnutls_x509_crt_export2 (issuer, GNUTLS_X509_FMT_DER, &out) == 0)
    {
      result = g_bytes_new (out.data, out.size);
      gnutls_free (out.data);
    }
  g_mutex_unlock (&anchors_lock);

  if (issuer != NULL)
    gnutls_x509_crt_deinit (issuer);
  gnutls_x509_crt_deinit (crt);
  return result;
}

static gboolean
verify_chain (GPtrArray   *chain,
              const char  *hostname,
              const char  *ca_file,
              guint       *status,
              GError     **error)
{
  g_autoptr(GBytes) ca_contents = NULL;
  g_auto(CrtList) crts = { NULL, 0 };
  gnutls_x509_trust_list_t list;
  gnutls_typed_vdata_st data[2];
  unsigned int n_data = 0;
  unsigned int verify_status = 0;
  int ret = 0;

  /* Read here rather than with gnutls_x509_trust_list_add_trust_file(), so that
   * the error can say why the file is unreadable. */
  if (ca_file != NULL && !read_file_bounded (ca_file, &ca_contents, error))
    return FALSE;

  crts.crts = gnutls_calloc (chain->len, sizeof (gnutls_x509_crt_t));
  for (guint i = 0; i < chain->len; i++)
    {
      gsize size = 0;
      gnutls_datum_t datum;

      datum.data = (unsigned char *) g_bytes_get_data (g_ptr_array_index (chain, i), &size);
      datum.size = size;

      if ((ret = gnutls_x509_crt_init (&crts.crts[i])) < 0)
        break;
      crts.n_crts++;

      if ((ret = gnutls_x509_crt_import (crts.crts[i], &datum, GNUTLS_X509_FMT_DER)) < 0)
        break;
    }

  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate chain could not be verified: %s"),
                   gnutls_strerror (ret));
      return FALSE;
    }

  /* A textual IP address here is matched against iPAddress names (GnuTLS ≥ 3.4) */
  if (hostname != NULL)
    {
      data[n_data].type = GNUTLS_DT_DNS_HOSTNAME;
      data[n_data].data = (unsigned char *) hostname;
      data[n_data].size = 0;
      n_data++;
    }

  data[n_data].type = GNUTLS_DT_KEY_PURPOSE_OID;
  data[n_data].data = (unsigned char *) GNUTLS_KP_TLS_WWW_SERVER;
  data[n_data].size = 0;
  n_data++;

  g_mutex_lock (&anchors_lock);
  list = get_anchors (ca_file, ca_contents, error);
  if (list != NULL)
    ret = gnutls_x509_trust_list_verify_crt2 (list, crts.crts, crts.n_crts, data, n_data,
                                              0, &verify_status, NULL);
  g_mutex_unlock (&anchors_lock);

  if (list == NULL)
    return FALSE;

  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate chain could not be verified: %s"),
                   gnutls_strerror (ret));
      return FALSE;
    }

  *status = verify_status;
  return TRUE;
}

/* Reasons */

static CvCertificate *
get_certificate (GListModel *certificates,
                 guint       position)
{
  g_autoptr(CvCertificate) certificate = g_list_model_get_item (certificates, position);

  /* The model keeps its reference */
  return certificate;
}

typedef enum
{
  DATE_CHECK_EXPIRED,
  DATE_CHECK_NOT_YET_VALID,
} DateCheck;

static gboolean
date_check_fails (CvCertificate *certificate,
                  DateCheck      check,
                  GDateTime     *now)
{
  GDateTime *when;

  if (check == DATE_CHECK_EXPIRED)
    {
      when = cv_certificate_get_not_after (certificate);
      return when != NULL && g_date_time_compare (when, now) < 0;
    }

  when = cv_certificate_get_not_before (certificate);
  return when != NULL && g_date_time_compare (when, now) > 0;
}

static char *
describe_date_failure (GListModel *certificates,
                       DateCheck   check,
                       GDateTime  *now)
{
  guint n_certificates = g_list_model_get_n_items (certificates);

  /* The leaf first: that is the date the user cares about */
  for (guint i = 0; i < n_certificates; i++)
    {
      CvCertificate *certificate = get_certificate (certificates, i);
      g_autofree char *date = NULL;

      if (!date_check_fails (certificate, check, now))
        continue;

      if (check == DATE_CHECK_EXPIRED)
        {
          date = cv_format_date_words (cv_certificate_get_not_after (certificate), FALSE);
          if (i == 0)
            return g_strdup_printf (_("The certificate expired on %s."), date);
          return g_strdup_printf (_("The certificate of “%s” in the chain expired on %s."),
                                  cv_certificate_get_display_name (certificate), date);
        }
      else
        {
          date = cv_format_date_words (cv_certificate_get_not_before (certificate), FALSE);
          if (i == 0)
            return g_strdup_printf (_("The certificate is not valid until %s."), date);
          return g_strdup_printf (_("The certificate of “%s” in the chain is not valid "
                                    "until %s."),
                                  cv_certificate_get_display_name (certificate), date);
        }
    }

  /* GnuTLS also checks the trust anchor, which is not part of the chain */
  if (check == DATE_CHECK_EXPIRED)
    return g_strdup (_("A certificate of the authority that issued the certificate "
                       "has expired."));

  return g_strdup (_("A certificate of the authority that issued the certificate "
                     "is not valid yet."));
}

static char *
describe_hostname_mismatch (CvCertificate *leaf,
                            const char    *hostname)
{
  const char * const *alt_names = cv_certificate_get_subject_alt_names (leaf);
  const char *common_name = cv_certificate_get_common_name (leaf);
  g_autoptr(GString) names = g_string_new (NULL);
  guint n_names = alt_names != NULL ? g_strv_length ((char **) alt_names) : 0;
  g_autofree char *listed = NULL;

  if (n_names == 0 && common_name == NULL)
    {
      if (hostname == NULL)
        return g_strdup (_("The certificate names no host."));
      return g_strdup_printf (_("The certificate names no host, so it is not valid for %s."),
                              hostname);
    }

  if (n_names == 0)
    {
      g_string_append (names, common_name);
      n_names = 1;
    }
  else
    {
      for (guint i = 0; i < n_names && i < MAX_NAMES_IN_REASON; i++)
        {
          if (i > 0)
            g_string_append (names, ", ");
          g_string_append (names, alt_names[i]);
        }
    }

  if (n_names > MAX_NAMES_IN_REASON)
    {
      guint others = n_names - MAX_NAMES_IN_REASON;

      listed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s and %u other name",
                                             "%s and %u other names",
                                             others),
                                names->str, others);
    }
  else
    listed = g_strdup (names->str);

  if (hostname == NULL)
    return g_strdup_printf (_("The certificate is issued for %s, not for the expected host."),
                            listed);

  return g_strdup_printf (_("The certificate is issued for %s, not for %s."), listed, hostname);
}

static char *
describe_insecure_algorithm (GListModel *certificates)
{
  guint n_certificates = g_list_model_get_n_items (certificates);

  for (guint i = 0; i < n_certificates; i++)
    {
      CvCertificate *certificate = get_certificate (certificates, i);
      const char *algorithm = cv_certificate_get_signature_algorithm (certificate);
      gnutls_sign_algorithm_t id = gnutls_sign_get_id (algorithm);

      /* A root's signature on itself is never checked, so never to blame */
      if (i > 0 && i == n_certificates - 1 && cv_certificate_is_self_issued (certificate))
        break;

      if (gnutls_sign_is_secure2 (id, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS))
        continue;

      if (i == 0)
        return g_strdup_printf (_("The certificate is signed with an insecure algorithm (%s)."),
                                algorithm);

      return g_strdup_printf (_("The certificate of “%s” in the chain is signed with an "
                                "insecure algorithm (%s)."),
                              cv_certificate_get_display_name (certificate), algorithm);
    }

  return g_strdup (_("A certificate in the chain is signed with an insecure algorithm."));
}

static CvReason *
build_reason (guint       bit,
              GListModel *certificates,
              const char *hostname,
              GDateTime  *now)
{
  CvVerdictSection section = cv_verdict_section_for_status_bit (bit);
  const char *code = cv_verdict_code_for_status_bit (bit);
  guint n_certificates = g_list_model_get_n_items (certificates);
  CvCertificate *leaf = get_certificate (certificates, 0);
  CvCertificate *last = get_certificate (certificates, n_certificates - 1);
  g_autofree char *message = NULL;

  switch (bit)
    {
    case GNUTLS_CERT_EXPIRED:
      message = describe_date_failure (certificates, DATE_CHECK_EXPIRED, now);
      break;

    case GNUTLS_CERT_NOT_ACTIVATED:
      message = describe_date_failure (certificates, DATE_CHECK_NOT_YET_VALID, now);
      break;

    case GNUTLS_CERT_UNEXPECTED_OWNER:
      message = describe_hostname_mismatch (leaf, hostname);
      break;

    case GNUTLS_CERT_SIGNER_NOT_FOUND:
      if (n_certificates == 1 && cv_certificate_is_self_issued (leaf))
        {
          code = "self-signed";
          message = g_strdup (_("The certificate is self-signed: it vouches for itself and "
                                "no trusted authority vouches for it."));
        }
      else if (n_certificates == 1)
        {
          /* Only then can the missing link be an intermediate the server left out:
           * with a chain sent, an authority nobody trusts is the likelier story */
          message = g_strdup_printf (_("The certificate is issued by an authority that is not "
                                       "trusted (“%s”); the server may not send its "
                                       "intermediate certificates."),
                                     cv_certificate_get_issuer_display_name (last));
        }
      else
        {
          message = g_strdup_printf (_("The certificate is issued by an authority that is not "
                                       "trusted (“%s”)."),
                                     cv_certificate_get_issuer_display_name (last));
        }
      break;

    case GNUTLS_CERT_SIGNER_NOT_CA:
      message = g_strdup_printf (_("The certificate is issued by “%s”, which is not a "
                                   "certificate authority."),
                                 cv_certificate_get_issuer_display_name (leaf));
      break;

    case GNUTLS_CERT_SIGNATURE_FAILURE:
      message = g_strdup (_("The signature on the certificate does not match its issuer: "
                            "the certificate may have been tampered with."));
      break;

    case GNUTLS_CERT_INSECURE_ALGORITHM:
      message = describe_insecure_algorithm (certificates);
      break;

    case GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE:
      message = g_strdup (_("An authority in the chain is not allowed to issue the "
                            "certificate: its constraints forbid it."));
      break;

    case GNUTLS_CERT_REVOKED:
      message = g_strdup (_("The certificate has been revoked by its issuer."));
      break;

    case GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED:
      message = g_strdup (_("The revocation data for the certificate are out of date."));
      break;

    case GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE:
      message = g_strdup (_("The revocation data for the certificate are dated in the "
                            "future."));
      break;

    case GNUTLS_CERT_MISMATCH:
      message = g_strdup (_("The certificate is not the one expected for this server."));
      break;

    case GNUTLS_CERT_PURPOSE_MISMATCH:
      message = g_strdup (_("The certificate is not meant to identify a TLS server."));
      break;

    case GNUTLS_CERT_MISSING_OCSP_STATUS:
      message = g_strdup (_("The certificate requires the server to send its revocation "
                            "status (OCSP), and the server did not."));
      break;

    case GNUTLS_CERT_INVALID_OCSP_STATUS:
      message = g_strdup (_("The revocation status (OCSP) the server sent for the "
                            "certificate is not valid."));
      break;

    case GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS:
      message = g_strdup (_("The certificate has critical extensions that are not "
                            "supported."));
      break;

    case GNUTLS_CERT_INVALID:
      message = g_strdup (_("The certificate is not valid."));
      break;

    default:
      message = g_strdup_printf (_("The certificate failed a verification check unknown to "
                                   "Certview (status bit %u)."),
                                 (guint) g_bit_nth_lsf (bit, -1));
      break;
    }

  return cv_reason_new (section, code, message);
}

GPtrArray *
cv_report_build_reasons (guint       status,
                         GListModel *certificates,
                         const char *hostname,
                         GDateTime  *now)
{
  g_autoptr(GPtrArray) reasons = NULL;
  guint failures;

  g_return_val_if_fail (G_IS_LIST_MODEL (certificates), NULL);
  g_return_val_if_fail (g_list_model_get_n_items (certificates) > 0, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) cv_reason_free);

  if (status == 0)
    return g_steal_pointer (&reasons);

  /* GNUTLS_CERT_INVALID accompanies every failure; it says more only alone */
  failures = status & ~(guint) GNUTLS_CERT_INVALID;
  if (failures == 0)
    {
      g_ptr_array_add (reasons, build_reason (GNUTLS_CERT_INVALID, certificates, hostname, now));
      return g_steal_pointer (&reasons);
    }

  for (guint i = 0; i < 32; i++)
    {
      guint bit = 1u << i;

      if (failures & bit)
        g_ptr_array_add (reasons, build_reason (bit, certificates, hostname, now));
    }

  return g_steal_pointer (&reasons);
}

void
cv_report_mark_reasons (CvCertificate *leaf,
                        GPtrArray     *reasons)
{
  g_return_if_fail (CV_IS_CERTIFICATE (leaf));
  g_return_if_fail (reasons != NULL);

  for (guint i = 0; i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);
      const char *section_id = cv_verdict_section_to_id (reason->section);
      CvSection *section;

      if (section_id == NULL)
        continue;

      section = cv_certificate_find_section (leaf, section_id);
      g_assert (section != NULL);
      cv_section_mark_invalid (section, reason->message);
    }
}

/* The tree */

static char *
chain_member_label (CvReport *self,
                    guint     position,
                    guint     n_certificates)
{
  CvCertificate *certificate = get_certificate (G_LIST_MODEL (self->certificates), position);

  if (position == 0 && self->file != NULL)
    return g_strdup (_("Certificate"));
  if (position == 0)
    return g_strdup (_("Server certificate"));
  if (position == n_certificates - 1 && cv_certificate_is_self_issued (certificate))
    return g_strdup (_("Root certificate"));

  return g_strdup_printf (_("Intermediate certificate %u"), position);
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
  const char *greeting = cv_probe_result_get_greeting (result);
  g_autoptr(CvSection) section = NULL;
  g_autofree char *safe_server_name = NULL;

  section = cv_section_new (CV_SECTION_CONNECTION, _("Connection"));
  cv_section_add (section, "protocol", _("Protocol"), cv_protocol_get_label (protocol));
  cv_section_add (section, "tls-version", _("TLS Version"),
                  or_unknown (cv_probe_result_get_tls_version (result)));
  cv_section_add (section, "cipher", _("Cipher"),
                  or_unknown (cv_probe_result_get_cipher (result)));
  cv_section_add (section, "mac", _("MAC"),
                  g_strcmp0 (cv_probe_result_get_mac (result), "AEAD") == 0
                    ? _("AEAD (the cipher authenticates)")
                    : or_unknown (cv_probe_result_get_mac (result)));
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

  if (protocol != CV_PROTOCOL_DIRECT_TLS && greeting != NULL)
    {
      g_auto(GStrv) lines = g_strsplit_set (greeting, "\r\n", -1);
      g_autofree char *joined = NULL;
      g_autofree char *safe = NULL;

      /* One line in the tree and in --dump; the server chose the text */
      joined = g_strjoinv (" ", lines);
      safe = cv_sanitize_text (g_strstrip (joined), -1);
      cv_section_add (section, "greeting", _("FTP Greeting"), safe);
    }

  return g_steal_pointer (&section);
}

static void
build_tree (CvReport *self)
{
  GListModel *certificates = G_LIST_MODEL (self->certificates);
  guint n_certificates = g_list_model_get_n_items (certificates);
  GListModel *leaf_sections = cv_certificate_get_sections (get_certificate (certificates, 0));
  guint n_sections = g_list_model_get_n_items (leaf_sections);
  g_autoptr(CvSection) chain = NULL;

  for (guint i = 0; i < n_sections; i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (leaf_sections, i);

      g_list_store_append (self->tree, section);
    }

  chain = cv_section_new (CV_SECTION_CHAIN, _("Certificate Chain"));
  for (guint i = 0; i < n_certificates; i++)
    {
      CvCertificate *certificate = get_certificate (certificates, i);
      g_autofree char *id = g_strdup_printf ("certificate-%u", i);
      g_autofree char *label = chain_member_label (self, i, n_certificates);
      g_autoptr(CvField) field = NULL;

      field = cv_field_new_with_children (id, label,
                                          cv_certificate_get_display_name (certificate),
                                          cv_certificate_get_sections (certificate));
      cv_section_append (chain, field);
    }
  g_list_store_append (self->tree, chain);

  if (self->probe_result != NULL)
    {
      g_autoptr(CvSection) connection = build_connection_section (self->probe_result);

      g_list_store_append (self->tree, connection);
    }

  if (cv_report_get_revocation (self) != NULL)
    {
      g_autoptr(CvSection) revocation = cv_report_build_revocation_section (
        cv_report_get_revocation (self));

      g_list_store_append (self->tree, revocation);
    }
}

/* Construction */

static CvReport *
cv_report_new_internal (GPtrArray      *chain,
                        const char     *hostname,
                        const char     *ca_file,
                        CvProbeResult  *probe_result,
                        const char     *file,
                        GError        **error)
{
  g_autoptr(CvReport) self = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  guint status = 0;

  if (chain->len == 0)
    {
      g_set_error_literal (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                           _("There is no certificate to inspect: the chain is empty."));
      return NULL;
    }

  if (chain->len > CV_PROBE_MAX_CHAIN)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate chain has %u certificates; more than %u are refused."),
                   chain->len, (guint) CV_PROBE_MAX_CHAIN);
      return NULL;
    }

  self = g_object_new (CV_TYPE_REPORT, NULL);
  self->hostname = g_strdup (hostname);
  self->file = g_strdup (file);
  if (probe_result != NULL)
    self->probe_result = g_object_ref (probe_result);

  for (guint i = 0; i < chain->len; i++)
    {
      g_autoptr(CvCertificate) certificate = NULL;

      certificate = cv_certificate_new_from_der (g_ptr_array_index (chain, i), error);
      if (certificate == NULL)
        {
          if (chain->len > 1)
            g_prefix_error (error, _("Certificate %u of the chain: "), i + 1);
          return NULL;
        }

      g_list_store_append (self->certificates, certificate);
    }

  if (!verify_chain (chain, hostname, ca_file, &status, error))
    return NULL;

  now = g_date_time_new_now_utc ();
  reasons = cv_report_build_reasons (status, G_LIST_MODEL (self->certificates), hostname, now);

  /* Revoked, a bad staple, a missing one: invalid, and no section is at fault */
  if (probe_result != NULL && cv_probe_result_get_revocation (probe_result) != NULL &&
      cv_revocation_is_failure (cv_probe_result_get_revocation (probe_result)))
    {
      guint bit = 0;

      g_ptr_array_add (reasons,
                       cv_report_revocation_reason (cv_probe_result_get_revocation (probe_result), &bit));
      status |= bit | GNUTLS_CERT_INVALID;
    }
  self->status = status;
  cv_report_mark_reasons (cv_report_get_leaf (self), reasons);
  g_ptr_array_extend_and_steal (self->reasons, g_steal_pointer (&reasons));

  build_tree (self);

  return g_steal_pointer (&self);
}

CvReport *
cv_report_new_for_chain (GPtrArray   *chain,
                         const char  *hostname,
                         const char  *ca_file,
                         GError     **error)
{
  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cv_report_new_internal (chain, hostname, ca_file, NULL, NULL, error);
}

CvReport *
cv_report_new_for_probe (CvProbeResult  *result,
                         const char     *ca_file,
                         GError        **error)
{
  CvTarget *target;

  g_return_val_if_fail (CV_IS_PROBE_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  target = cv_probe_result_get_target (result);

  /* The name sent is the name checked: --sni other.example asks for that server */
  return cv_report_new_internal (cv_probe_result_get_chain (result),
                                 cv_probe_result_get_server_name (result) != NULL
                                   ? cv_probe_result_get_server_name (result)
                                   : cv_target_get_host (target),
                                 ca_file, result, NULL, error);
}

static guint
count_occurrences (const char *haystack,
                   gsize       haystack_len,
                   const char *needle)
{
  gsize needle_len = strlen (needle);
  guint count = 0;
  const char *p = haystack;
  const char *end = haystack + haystack_len;

  /* The data may hold NUL bytes (DER), so no str* search */
  while ((gsize) (end - p) >= needle_len)
    {
      const char *dash = memchr (p, needle[0], end - p);

      if (dash == NULL || (gsize) (end - dash) < needle_len)
        break;

      if (memcmp (dash, needle, needle_len) == 0)
        {
          count++;
          p = dash + needle_len;
        }
      else
        p = dash + 1;
    }

  return count;
}

/* The certificates of a PEM or DER file, as DER */
static GPtrArray *
load_file_chain (const char  *path,
                 GBytes      *contents,
                 GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_auto(CrtList) crts = { NULL, 0 };
  gsize size = 0;
  const char *data = g_bytes_get_data (contents, &size);
  guint n_pem;
  gnutls_datum_t datum;
  int ret;

  n_pem = count_occurrences (data, size, "-----BEGIN CERTIFICATE-----") +
          count_occurrences (data, size, "-----BEGIN X509 CERTIFICATE-----");

  if (size == 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The file “%s” is empty: it contains no certificate."), display);
      return NULL;
    }

  if (n_pem == 0)
    {
      /* A DER certificate is an ASN.1 SEQUENCE */
      if ((guint8) data[0] != 0x30)
        {
          g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                       _("The file “%s” contains no certificate: it is neither PEM "
                         "nor DER."), display);
          return NULL;
        }

      g_ptr_array_add (chain, g_bytes_ref (contents));
      return g_steal_pointer (&chain);
    }

  /* Refused before parsing, so that a huge file costs little */
  if (n_pem > CV_PROBE_MAX_CHAIN)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The file “%s” contains %u certificates; more than %u are refused."),
                   display, n_pem, (guint) CV_PROBE_MAX_CHAIN);
      return NULL;
    }

  datum.data = (unsigned char *) data;
  datum.size = size;
  ret = gnutls_x509_crt_list_import2 (&crts.crts, &crts.n_crts, &datum,
                                      GNUTLS_X509_FMT_PEM, 0);
  if (ret < 0 || crts.n_crts == 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The file “%s” contains a malformed certificate: %s"),
                   display, gnutls_strerror (ret < 0 ? ret : GNUTLS_E_NO_CERTIFICATE_FOUND));
      return NULL;
    }

  for (unsigned int i = 0; i < crts.n_crts; i++)
    {
      g_auto(gnutls_datum_t) der = { NULL, 0 };

      ret = gnutls_x509_crt_export2 (crts.crts[i], GNUTLS_X509_FMT_DER, &der);
      if (ret < 0)
        {
          g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                       _("The file “%s” contains a malformed certificate: %s"),
                       display, gnutls_strerror (ret));
          return NULL;
        }

      g_ptr_array_add (chain, g_bytes_new (der.data, der.size));
    }

  return g_steal_pointer (&chain);
}

CvReport *
cv_report_new_for_file (const char  *path,
                        const char  *ca_file,
                        GError     **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) local_error = NULL;
  CvReport *report;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_file_bounded (path, &contents, error))
    return NULL;

  chain = load_file_chain (path, contents, error);
  if (chain == NULL)
    return NULL;

  report = cv_report_new_internal (chain, NULL, ca_file, NULL, path, &local_error);
  if (report == NULL)
    {
      /* Say which file, unless the error is about the CA file */
      if (g_error_matches (local_error, CV_ERROR, CV_ERROR_CERTIFICATE))
        {
          g_autofree char *display = g_filename_display_name (path);

          g_prefix_error (&local_error, _("“%s”: "), display);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return report;
}

/* Accessors */

CvProbeResult *
cv_report_get_probe_result (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);
  return self->probe_result;
}

const char *
cv_report_get_file (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);
  return self->file;
}

const char *
cv_report_get_hostname (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);
  return self->hostname;
}

GListModel *
cv_report_get_certificates (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);
  return G_LIST_MODEL (self->certificates);
}

CvCertificate *
cv_report_get_leaf (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);
  return get_certificate (G_LIST_MODEL (self->certificates), 0);
}

gboolean
cv_report_get_valid (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), FALSE);
  return self->status == 0;
}

guint
cv_report_get_status (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), 0);
  return self->status;
}

GPtrArray *
cv_report_get_reasons (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);
  return self->reasons;
}

void
cv_report_prepend_section (CvReport  *self,
                           CvSection *section)
{
  g_return_if_fail (CV_IS_REPORT (self));
  g_return_if_fail (CV_IS_SECTION (section));

  g_list_store_insert (self->tree, 0, section);
}

GListModel *
cv_report_get_tree (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);
  return G_LIST_MODEL (self->tree);
}

CvRevocation *
cv_report_get_revocation (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);

  return self->probe_result != NULL ? cv_probe_result_get_revocation (self->probe_result)
                                    : NULL;
}
