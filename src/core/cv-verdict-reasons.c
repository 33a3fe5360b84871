/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reasons of a verdict: one sentence per failed check, naming the certificate
 * at fault */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-verdict-private.h"

#include "cv-certificate-private.h"
#include "cv-format.h"
#include "cv-verifier-private.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

/* Names listed in a hostname-mismatch sentence before "and N others" */
#define MAX_NAMES_IN_REASON 5

static CvCertificate *
get_certificate (GListModel *certificates,
                 guint       position)
{
  g_autoptr(CvCertificate) certificate = g_list_model_get_item (certificates, position);

  /* The model keeps its reference */
  return certificate;
}

/* The certificates parsed, and the path from the leaf through them that the
 * verification took: the certificate at fault is looked for along it, so that
 * one the server sent besides the chain is never blamed */
typedef struct
{
  GListModel         *certificates;
  gnutls_x509_crt_t  *crts;     /* NULL where a certificate cannot be read */
  guint              *path;
  guint               n_path;
  CvCertificate      *anchor;   /* the anchor reached, not in the chain; nullable */
} Chain;

static void
chain_init (Chain      *chain,
            GListModel *certificates)
{
  guint n_certificates = g_list_model_get_n_items (certificates);

  chain->certificates = certificates;
  chain->crts = g_new0 (gnutls_x509_crt_t, n_certificates);
  chain->path = g_new0 (guint, n_certificates);
  for (guint i = 0; i < n_certificates; i++)
    chain->crts[i] = cv_certificate_import_der (
      cv_certificate_get_der (get_certificate (certificates, i)));
  chain->n_path = cv_verifier_chain_path (chain->crts, n_certificates, chain->path);
}

static void
chain_clear (Chain *chain)
{
  guint n_certificates = g_list_model_get_n_items (chain->certificates);

  for (guint i = 0; i < n_certificates; i++)
    if (chain->crts[i] != NULL)
      gnutls_x509_crt_deinit (chain->crts[i]);
  g_clear_pointer (&chain->crts, g_free);
  g_clear_pointer (&chain->path, g_free);
}

/* The @step-th certificate of the path, the leaf's being 0 */
static CvCertificate *
chain_certificate (Chain *chain,
                   guint  step)
{
  return get_certificate (chain->certificates, chain->path[step]);
}

static gnutls_x509_crt_t
chain_crt (Chain *chain,
           guint  step)
{
  return chain->crts[chain->path[step]];
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

/* The first certificate along the path whose dates fail @check: the leaf first,
 * the date the user cares about, and never one the server sent besides the path,
 * which the verification does not look at */
static char *
describe_date_failure (Chain      *chain,
                       DateCheck   check,
                       GDateTime  *now)
{
  for (guint i = 0; i < chain->n_path; i++)
    {
      CvCertificate *certificate = chain_certificate (chain, i);
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

  /* GnuTLS also checks the trust anchor, which is not part of the chain: named
   * when it is known */
  if (chain->anchor != NULL && date_check_fails (chain->anchor, check, now))
    {
      g_autofree char *date = NULL;

      if (check == DATE_CHECK_EXPIRED)
        {
          date = cv_format_date_words (cv_certificate_get_not_after (chain->anchor), FALSE);
          /* TRANSLATORS: the first %s names a certificate authority trusted on this
           * computer (or in the CA file), the second is a date */
          return g_strdup_printf (_("The trusted authority “%s”, which vouches for the "
                                    "chain, expired on %s."),
                                  cv_certificate_get_display_name (chain->anchor), date);
        }
      date = cv_format_date_words (cv_certificate_get_not_before (chain->anchor), FALSE);
      return g_strdup_printf (_("The trusted authority “%s”, which vouches for the chain, "
                                "is not valid until %s."),
                              cv_certificate_get_display_name (chain->anchor), date);
    }
  if (check == DATE_CHECK_EXPIRED)
    return g_strdup (_("A certificate of the authority that issued the certificate "
                       "has expired."));

  return g_strdup (_("A certificate of the authority that issued the certificate "
                     "is not valid yet."));
}

/* Whether @text is among @alt_names, or is the common name when there are none */
static gboolean
names_text (const char * const *alt_names,
            const char         *common_name,
            const char         *text)
{
  if (alt_names == NULL || alt_names[0] == NULL)
    return common_name != NULL && g_ascii_strcasecmp (common_name, text) == 0;
  for (guint i = 0; alt_names[i] != NULL; i++)
    if (g_ascii_strcasecmp (alt_names[i], text) == 0)
      return TRUE;
  return FALSE;
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
      CvField *field = cv_section_find_field (cv_certificate_find_section (leaf, "issued-to"),
                                              "common-name");
      const char *all = field != NULL ? cv_field_get_value (field) : NULL;

      /* Several common names and no alternative name: GnuTLS takes none of them,
       * and "issued for localhost, not for localhost" would say nothing */
      if (all != NULL && strchr (all, '\n') != NULL)
        {
          g_auto(GStrv) lines = g_strsplit (all, "\n", -1);
          g_autofree char *joined = g_strjoinv (", ", lines);

          return g_strdup_printf (_("The certificate names its hosts in several common names "
                                    "(%s) and in no alternative name, so it is valid for "
                                    "none of them."), joined);
        }
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

  /* An address written as a name (in the common name, or as a DNS name) names
   * no address: the sentence would otherwise say it is not for itself */
  if (g_hostname_is_ip_address (hostname) && names_text (alt_names, common_name, hostname))
    return g_strdup_printf (_("The certificate names %s only as a host name. A certificate "
                              "for an IP address must list it as an IP address."),
                            hostname);

  return g_strdup_printf (_("The certificate is issued for %s, not for %s."), listed, hostname);
}

/* Whether @crt's key is weaker than the verification allows */
static gboolean
key_is_weak (gnutls_x509_crt_t  crt,
             const char       **algorithm,
             unsigned int      *bits)
{
  int pk = gnutls_x509_crt_get_pk_algorithm (crt, bits);
  gnutls_sec_param_t level;

  if (pk < 0)
    return FALSE;
  level = gnutls_pk_bits_to_sec_param ((gnutls_pk_algorithm_t) pk, *bits);
  *algorithm = gnutls_pk_get_name ((gnutls_pk_algorithm_t) pk);
  return level != GNUTLS_SEC_PARAM_UNKNOWN && level < CV_VERIFY_MIN_SEC_PARAM;
}

static char *
describe_insecure_algorithm (Chain *chain)
{
  for (guint step = 0; step < chain->n_path; step++)
    {
      CvCertificate *certificate = chain_certificate (chain, step);
      gnutls_x509_crt_t crt = chain_crt (chain, step);
      const char *algorithm = cv_certificate_get_signature_algorithm (certificate);
      gnutls_sign_algorithm_t id = gnutls_sign_get_id (algorithm);
      const char *key_algorithm = NULL;
      unsigned int bits = 0;

      /* A root's signature on itself is never checked, so never to blame; its
       * key signs what is below it */
      if ((step == 0 || step < chain->n_path - 1 ||
           !cv_certificate_is_self_issued (certificate)) &&
          !gnutls_sign_is_secure2 (id, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS))
        {
          if (step == 0)
            return g_strdup_printf (_("The certificate is signed with an insecure algorithm "
                                      "(%s)."),
                                    algorithm);
          return g_strdup_printf (_("The certificate of “%s” in the chain is signed with an "
                                    "insecure algorithm (%s)."),
                                  cv_certificate_get_display_name (certificate), algorithm);
        }

      if (crt != NULL && key_is_weak (crt, &key_algorithm, &bits))
        {
          if (step == 0)
            /* TRANSLATORS: %s is the key's algorithm, %u its size, as "RSA, 512 bits" */
            return g_strdup_printf (_("The certificate's key is too weak to be secure (%s, %u "
                                      "bits)."),
                                    key_algorithm, bits);
          /* TRANSLATORS: the first %s names a certificate; then the key's algorithm
           * and size, as "RSA, 512 bits" */
          return g_strdup_printf (_("The key of “%s” in the chain is too weak to be secure "
                                    "(%s, %u bits)."),
                                  cv_certificate_get_display_name (certificate), key_algorithm,
                                  bits);
        }
    }

  return g_strdup (_("A certificate in the chain, or the authority it leads to, uses an "
                     "insecure algorithm or too weak a key."));
}

/* The step of the path whose certificate is not a certificate authority but
 * issued the one below it; 0 when no certificate of the path is to blame (the
 * signer is a trust anchor the server did not send) */
static guint
find_signer_not_ca (Chain *chain)
{
  for (guint step = 1; step < chain->n_path; step++)
    {
      gnutls_x509_crt_t crt = chain_crt (chain, step);
      unsigned int ca = 0;

      if (crt != NULL &&
          (gnutls_x509_crt_get_basic_constraints (crt, NULL, &ca, NULL) < 0 || !ca))
        return step;
    }
  return 0;
}

/* Whether @crt may vouch for a TLS server: no extended key usage, or one that
 * names TLS servers or any purpose */
static gboolean
allows_tls_server (gnutls_x509_crt_t crt)
{
  for (unsigned int i = 0;; i++)
    {
      char oid[128];
      size_t size = sizeof oid;
      int ret = gnutls_x509_crt_get_key_purpose_oid (crt, i, oid, &size, NULL);

      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        return i == 0;
      if (ret < 0)
        continue;
      if (g_str_equal (oid, GNUTLS_KP_TLS_WWW_SERVER) || g_str_equal (oid, GNUTLS_KP_ANY))
        return TRUE;
    }
}

static char *
describe_purpose_mismatch (Chain *chain)
{
  for (guint step = 0; step < chain->n_path; step++)
    {
      gnutls_x509_crt_t crt = chain_crt (chain, step);

      if (crt == NULL || allows_tls_server (crt))
        continue;
      if (step > 0)
        return g_strdup_printf (_("The authority “%s” in the chain is not allowed to vouch "
                                  "for TLS servers: its extended key usage leaves them out."),
                                cv_certificate_get_display_name (chain_certificate (chain, step)));
      break;
    }
  return g_strdup (_("The certificate is not meant to identify a TLS server."));
}

/* No trusted authority above the top of @chain's path: a self-signed certificate
 * (then *@code becomes "self-signed"), or an authority nobody here trusts */
static char *
describe_unknown_issuer (Chain       *chain,
                         gboolean     from_file,
                         const char **code)
{
  /* Where the path from the leaf ends: the authority above it is the one missing */
  CvCertificate *top = chain_certificate (chain, chain->n_path - 1);
  const char *issuer = cv_certificate_get_issuer_display_name (top);

  if (chain->n_path == 1 && cv_certificate_is_self_issued (top))
    {
      *code = "self-signed";
      return g_strdup (_("The certificate is self-signed: it vouches for itself and "
                         "no trusted authority vouches for it."));
    }
  if (chain->n_path == 1 && from_file)
    return g_strdup_printf (_("The certificate is issued by an authority that is not "
                              "trusted (“%s”); the file may lack the intermediate "
                              "certificates."),
                            issuer);
  /* Only then can the missing link be an intermediate the server left out: with a
   * chain sent, an authority nobody trusts is the likelier story */
  if (chain->n_path == 1)
    return g_strdup_printf (_("The certificate is issued by an authority that is not "
                              "trusted (“%s”); the server may not send its "
                              "intermediate certificates."),
                            issuer);
  return g_strdup_printf (_("The certificate is issued by an authority that is not "
                            "trusted (“%s”)."),
                          issuer);
}

/* A certificate in @chain issued by one that is no certificate authority */
static char *
describe_signer_not_ca (Chain *chain)
{
  CvCertificate *top = chain_certificate (chain, chain->n_path - 1);
  /* The signer that is none in the path, else the anchor above its top, which
   * then issued the top */
  guint step = find_signer_not_ca (chain);
  const char *signer;

  if (step == 0)
    step = chain->n_path;
  signer = step < chain->n_path
    ? cv_certificate_get_display_name (chain_certificate (chain, step))
    : cv_certificate_get_issuer_display_name (top);
  if (step > 1)
    return g_strdup_printf (_("The certificate of “%s” in the chain is issued by “%s”, "
                              "which is not a certificate authority."),
                            cv_certificate_get_display_name (
                              chain_certificate (chain, step - 1)),
                            signer);
  return g_strdup_printf (_("The certificate is issued by “%s”, which is not a "
                            "certificate authority."),
                          signer);
}

/* The first certificate along the path whose signature its issuer's key did not
 * make; when every link holds, the top, whose issuer is an anchor of its name */
static char *
describe_signature_failure (Chain *chain)
{
  guint culprit = chain->n_path - 1;
  CvCertificate *certificate;

  for (guint step = 0; step + 1 < chain->n_path; step++)
    if (!cv_verifier_signed_by (chain_crt (chain, step), chain_crt (chain, step + 1)))
      {
        culprit = step;
        break;
      }
  certificate = chain_certificate (chain, culprit);
  if (culprit == 0 || cv_certificate_is_self_issued (certificate))
    return g_strdup (_("The signature on the certificate does not match its issuer: "
                       "the certificate may have been tampered with."));
  return g_strdup_printf (_("The signature on the certificate of “%s” in the chain does not "
                            "match its issuer: the certificate may have been tampered with."),
                          cv_certificate_get_display_name (certificate));
}

static CvReason *
build_reason (guint       bit,
              Chain      *chain,
              const char *hostname,
              GDateTime  *now,
              gboolean    from_file)
{
  CvVerdictSection section = cv_verdict_section_for_status_bit (bit);
  const char *code = cv_verdict_code_for_status_bit (bit);
  GListModel *certificates = chain->certificates;
  CvCertificate *leaf = get_certificate (certificates, 0);
  g_autofree char *message = NULL;

  switch (bit)
    {
    case GNUTLS_CERT_EXPIRED:
      message = describe_date_failure (chain, DATE_CHECK_EXPIRED, now);
      break;

    case GNUTLS_CERT_NOT_ACTIVATED:
      message = describe_date_failure (chain, DATE_CHECK_NOT_YET_VALID, now);
      break;

    case GNUTLS_CERT_UNEXPECTED_OWNER:
      message = describe_hostname_mismatch (leaf, hostname);
      break;

    case GNUTLS_CERT_SIGNER_NOT_FOUND:
      message = describe_unknown_issuer (chain, from_file, &code);
      break;

    case GNUTLS_CERT_SIGNER_NOT_CA:
      message = describe_signer_not_ca (chain);
      break;

    case GNUTLS_CERT_SIGNATURE_FAILURE:
      message = describe_signature_failure (chain);
      break;

    case GNUTLS_CERT_INSECURE_ALGORITHM:
      message = describe_insecure_algorithm (chain);
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
      message = describe_purpose_mismatch (chain);
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
cv_verdict_build_reasons (guint       status,
                          GListModel *certificates,
                          const char *hostname,
                          GDateTime  *now)
{
  return cv_verdict_build_reasons_full (status, certificates, hostname, now, FALSE, NULL);
}

GPtrArray *
cv_verdict_build_reasons_full (guint          status,
                               GListModel    *certificates,
                               const char    *hostname,
                               GDateTime     *now,
                               gboolean       from_file,
                               CvCertificate *anchor)
{
  g_autoptr(GPtrArray) reasons = NULL;
  Chain chain;
  guint failures;

  g_return_val_if_fail (G_IS_LIST_MODEL (certificates), NULL);
  g_return_val_if_fail (g_list_model_get_n_items (certificates) > 0, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) cv_reason_free);

  if (status == 0)
    return g_steal_pointer (&reasons);

  /* GNUTLS_CERT_INVALID accompanies every failure; it says more only alone */
  failures = status & ~(guint) GNUTLS_CERT_INVALID;
  chain_init (&chain, certificates);
  chain.anchor = anchor;
  if (failures == 0)
    failures = GNUTLS_CERT_INVALID;

  for (guint i = 0; i < 32; i++)
    {
      guint bit = 1u << i;

      if (failures & bit)
        g_ptr_array_add (reasons, build_reason (bit, &chain, hostname, now, from_file));
    }

  chain_clear (&chain);
  return g_steal_pointer (&reasons);
}
