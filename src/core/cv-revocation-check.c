/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The revocation check of a chain: staples, then responders and CRLs online, with
 * a cache of their answers (cv-revocation-cache.c) */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-certificate-private.h"
#include "cv-revocation-private.h"

#include "cv-error.h"
#include "cv-revocation-http.h"
#include "cv-verifier-private.h"

#include <glib/gi18n-lib.h>
#include <gnutls/ocsp.h>
#include <string.h>

/* TLS feature (RFC 7633) status_request: OCSP must-staple */
#define TLS_FEATURE_STATUS_REQUEST 5

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_ocsp_req_t, gnutls_ocsp_req_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_tlsfeatures_t, gnutls_x509_tlsfeatures_deinit,
                                 NULL)

/* Online */

/* A certificate may name several responders and lists, for when one cannot be
 * reached; more than this are not tried */
#define MAX_SOURCES 3

/* Keeps @text in @urls when it is an http:// URL and there is room, else the
 * first other one in @other */
static void
consider_url (const char  *text,
              gsize        size,
              char       **urls,
              char       **other)
{
  g_autofree char *copy = NULL;
  g_autoptr(GUri) uri = NULL;

  if (memchr (text, '\0', size) != NULL || !g_utf8_validate (text, size, NULL))
    return;
  copy = g_strndup (text, size);
  /* An http:// address with a host to ask: the certificate's issuer wrote it,
   * or anyone who made the certificate */
  if (size > 7 && g_ascii_strncasecmp (copy, "http://", 7) == 0 &&
      (uri = g_uri_parse (copy, G_URI_FLAGS_NONE, NULL)) != NULL &&
      g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0')
    {
      for (guint i = 0; i < MAX_SOURCES; i++)
        if (urls[i] == NULL)
          {
            /* Credentials in it are not sent, nor shown */
            urls[i] = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);
            return;
          }
    }
  else if (*other == NULL)
    *other = g_steal_pointer (&copy);
}

static void
consider_urls (GPtrArray  *uris,
               char      **urls,
               char      **other)
{
  for (guint i = 0; i < uris->len; i++)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (g_ptr_array_index (uris, i), &size);

      consider_url (data, size, urls, other);
    }
}

/* Where a certificate's revocation can be learnt: its first http:// OCSP
 * responders and CRLs, in its order, and the first address of another kind,
 * which Certview does not fetch. Read once per certificate and check: reading
 * them decodes the extensions. */
typedef struct
{
  char *ocsp[MAX_SOURCES];
  char *crl[MAX_SOURCES];
  char *other;
} Sources;

static void
sources_read (gnutls_x509_crt_t  crt,
              Sources           *sources)
{
  g_autoptr(GPtrArray) ocsp = cv_certificate_read_access_uris (crt, GNUTLS_IA_OCSP_URI);
  g_autoptr(GPtrArray) crl = cv_certificate_read_crl_uris (crt);

  consider_urls (ocsp, sources->ocsp, &sources->other);
  consider_urls (crl, sources->crl, &sources->other);
}

static void
sources_clear (Sources *sources)
{
  for (guint i = 0; i < MAX_SOURCES; i++)
    {
      g_clear_pointer (&sources->ocsp[i], g_free);
      g_clear_pointer (&sources->crl[i], g_free);
    }
  g_clear_pointer (&sources->other, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sources, sources_clear)

/* Whether a check with these sources and @staple asks anyone, and so needs the
 * issuer */
static gboolean
sources_need_issuer (const Sources *sources,
                     GBytes        *staple)
{
  return staple != NULL ||
         sources->ocsp[0] != NULL || sources->crl[0] != NULL || sources->other != NULL;
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
  gnutls_datum_t nonce = { NULL, 0 };
  CvRevocation *revocation;

  /* A nonce, so that an answer recorded for an earlier request cannot pass for
   * this one where the responder echoes it */
  if (gnutls_ocsp_req_init (&req) < 0 ||
      gnutls_ocsp_req_add_cert (req, GNUTLS_DIG_SHA1, issuer_crt, crt) < 0 ||
      gnutls_ocsp_req_randomize_nonce (req) < 0 ||
      gnutls_ocsp_req_get_nonce (req, NULL, &nonce) < 0 ||
      gnutls_ocsp_req_export (req, &data) < 0)
    {
      gnutls_free (nonce.data);
      return cv_revocation_new_not_checked (CV_REVOCATION_METHOD_OCSP, url,
                                            _("No OCSP request could be made for the certificate."));
    }
  request = g_bytes_new (data.data, data.size);
  gnutls_free (data.data);

  answer = cv_revocation_http_fetch (url, "application/ocsp-request", request,
                                     CV_REVOCATION_MAX_OCSP_SIZE, deadline, cancellable,
                                     &error);
  if (answer == NULL)
    {
      gnutls_free (nonce.data);
      /* TRANSLATORS: %s is why, as "it did not answer in time" */
      what = in_sentence (error->message);
      why = g_strdup_printf (_("The OCSP responder could not be asked: %s."), what);
      return cv_revocation_new_not_checked (CV_REVOCATION_METHOD_OCSP, url, why);
    }
  revocation = cv_revocation_judge_ocsp_parsed (answer, crt, issuer_crt, CV_REVOCATION_METHOD_OCSP,
                                                url, &nonce, g_get_real_time () / G_USEC_PER_SEC);
  gnutls_free (nonce.data);
  return revocation;
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
      return cv_revocation_new_not_checked (CV_REVOCATION_METHOD_CRL, url, why);
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
  return cv_revocation_check_parsed (chain, NULL, staples, issuer, FALSE, NULL, mode,
                                     budget_ms, cancellable);
}

/* Not checked, for a certificate that names no responder and no CRL Certview
 * fetches: @other, an address it does not fetch, or NULL */
static CvRevocation *
no_source (const char *other)
{
  if (other != NULL)
    {
      g_autofree char *safe = g_strescape (other, NULL);
      g_autofree char *why =
        g_ascii_strncasecmp (other, "http://", 7) == 0
        /* TRANSLATORS: %s is a URL that names no server, as "http:///ocsp" */
        ? g_strdup_printf (_("The certificate's OCSP responder or CRL is at “%s”, which "
                             "names no server to ask."), safe)
        /* TRANSLATORS: %s is a URL, as "ldap://ldap.example.com/…" */
        : g_strdup_printf (_("The certificate's OCSP responder or CRL is at “%s”, which "
                             "Certview does not fetch: only http:// addresses."), safe);

      /* Named in the why, not as the responder: nobody was asked */
      return cv_revocation_new_not_checked (CV_REVOCATION_METHOD_NONE, NULL, why);
    }
  return cv_revocation_new_not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                                        _("The certificate names no OCSP responder and no CRL."));
}

/* Whether @answer settles the question: good or revoked */
static gboolean
says_revoked_or_not (CvRevocation *answer)
{
  CvRevocationStatus status = cv_revocation_get_status (answer);

  return status == CV_REVOCATION_STATUS_GOOD || status == CV_REVOCATION_STATUS_REVOKED;
}

/* How much an answer says: good or revoked, then "unknown", then nothing */
static guint
answer_weight (CvRevocation *answer)
{
  if (says_revoked_or_not (answer))
    return 2;
  return cv_revocation_get_status (answer) == CV_REVOCATION_STATUS_UNKNOWN ? 1 : 0;
}

/* Keeps @next (transfer full) in @kept when there is none yet or it says more */
static void
keep_better (CvRevocation **kept,
             CvRevocation  *next)
{
  if (*kept == NULL || answer_weight (next) > answer_weight (*kept))
    {
      g_clear_object (kept);
      *kept = next;
    }
  else
    g_object_unref (next);
}

/* What the certificate's responder or CRL says of @crt, asked (or from the cache)
 * in the online mode: @crt parsed from @certificate, whose @sources were read,
 * issued by @issuer (@issuer_crt parsed; both NULL when not known) */
static CvRevocation *
ask_sources (GBytes             *certificate,
             gnutls_x509_crt_t   crt,
             const Sources      *sources,
             GBytes             *issuer,
             gnutls_x509_crt_t   issuer_crt,
             gint64              deadline,
             GCancellable       *cancellable)
{
  g_autoptr(CvRevocation) answer = NULL;
  g_autofree char *key = NULL;
  const char *ocsp = sources->ocsp[0];
  const char *crl = sources->crl[0];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* Before the issuer: it has none but itself, wherever the chain goes on */
  if (cv_certificate_issued_by (crt, crt))
    return cv_revocation_new_not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                                          _("A self-signed certificate cannot be revoked by "
                                            "anyone else."));

  /* Nothing to ask, whoever the issuer is */
  if (ocsp == NULL && crl == NULL)
    return no_source (sources->other);

  /* What would have been asked, so that what could not be checked shows as such */
  if (issuer_crt == NULL)
    return cv_revocation_new_not_checked (ocsp != NULL ? CV_REVOCATION_METHOD_OCSP
                                                       : CV_REVOCATION_METHOD_CRL,
                                          ocsp != NULL ? ocsp : crl,
                                          _("The certificate's issuer is not known, so "
                                            "no responder can be asked."));

  /* The cache holds what responders and CRLs said, so it is asked first (when it
   * holds anything: the key costs a hash): a certificate that names neither
   * is never there */
  if (!cv_revocation_cache_is_empty ())
    key = cv_revocation_cache_key (crt, issuer);
  if (key != NULL && (answer = cv_revocation_cache_get (key, now)) != NULL)
    return g_steal_pointer (&answer);

  if (ocsp != NULL)
    {
      /* Responders that do not answer leave the lists half of the time */
      gint64 ocsp_deadline = deadline;
      gint64 started = g_get_monotonic_time ();

      if (crl != NULL && deadline > started)
        ocsp_deadline = started + (deadline - started) / 2;
      /* One after the other, while they say nothing of a revocation */
      for (guint i = 0; i < MAX_SOURCES && sources->ocsp[i] != NULL &&
                        (answer == NULL || !says_revoked_or_not (answer)) &&
                        !g_cancellable_is_cancelled (cancellable); i++)
        keep_better (&answer, check_ocsp (crt, issuer_crt, sources->ocsp[i], ocsp_deadline,
                                          cancellable));
    }
  /* The lists are the fallback when there is no responder, or none said anything
   * of the certificate's revocation: no answer, or "unknown", which a revoked
   * certificate's responder may say too */
  for (guint i = 0; i < MAX_SOURCES && sources->crl[i] != NULL &&
                    (answer == NULL || !says_revoked_or_not (answer)) &&
                    !g_cancellable_is_cancelled (cancellable); i++)
    keep_better (&answer, check_crl (certificate, issuer, sources->crl[i], deadline,
                                     cancellable));

  /* Cancelled before anyone was asked: nothing to keep, and nothing known */
  if (answer == NULL)
    return cv_revocation_new_not_checked (ocsp != NULL ? CV_REVOCATION_METHOD_OCSP
                                                       : CV_REVOCATION_METHOD_CRL,
                                          ocsp != NULL ? ocsp : crl,
                                          _("The check was cancelled."));

  if (key == NULL)
    key = cv_revocation_cache_key (crt, issuer);
  if (key != NULL)
    cv_revocation_cache_put (key, answer);
  return g_steal_pointer (&answer);
}

/* The check of one certificate, @crt parsed from @certificate, whose @sources
 * were read, issued by @issuer (@issuer_crt parsed; both NULL when not known),
 * with what the server stapled for it (@staple, or NULL). @server_certificate:
 * must-staple is asked of the server's certificate alone, whose staple TLS 1.2
 * carries. */
static CvRevocation *
check_certificate (GBytes             *certificate,
                   gnutls_x509_crt_t   crt,
                   const Sources      *sources,
                   GBytes             *staple,
                   GBytes             *issuer,
                   gnutls_x509_crt_t   issuer_crt,
                   gboolean            server_certificate,
                   CvRevocationMode    mode,
                   gint64              deadline,
                   GCancellable       *cancellable)
{
  g_autoptr(CvRevocation) stapled = NULL;
  g_autoptr(CvRevocation) answer = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* What the server stapled counts in every mode: it came with the connection. A
   * bad staple says nothing of the certificate, nor does "unknown", so its
   * sources are asked all the same where they may be, and a revocation they
   * report is the answer. */
  if (staple != NULL)
    {
      /* The certificates as the chain parsed them: importing them again costs a
       * fresh process about 0.1 ms (BENCHMARKS.md, "Tenth round") */
      stapled = cv_revocation_judge_ocsp_parsed (staple, crt, issuer_crt,
                                                 CV_REVOCATION_METHOD_STAPLED, NULL, NULL, now);
      if (says_revoked_or_not (stapled))
        return g_steal_pointer (&stapled);
    }

  /* Also a staple the server left out: no check is needed to see that (every
   * run asks for one) */
  if (server_certificate && staple == NULL && requires_staple (crt))
    return cv_revocation_new_answer (CV_REVOCATION_METHOD_STAPLED, CV_REVOCATION_STATUS_MISSING,
                                     NULL,
                                     _("The certificate requires the server to staple an OCSP "
                                       "response (must-staple), and the server sent none."));

  if (mode == CV_REVOCATION_MODE_OFF)
    return stapled ? g_steal_pointer (&stapled)
                   : cv_revocation_new_not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                                                    _("Revocation checks are turned off."));

  if (mode == CV_REVOCATION_MODE_STAPLED)
    return stapled ? g_steal_pointer (&stapled)
                   : cv_revocation_new_not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                                                    _("The server stapled no OCSP response, "
                                                      "and online checks are turned off."));

  answer = ask_sources (certificate, crt, sources, issuer, issuer_crt, deadline, cancellable);
  if (stapled != NULL && cv_revocation_get_status (stapled) == CV_REVOCATION_STATUS_INVALID &&
      cv_revocation_get_status (answer) != CV_REVOCATION_STATUS_REVOKED)
    return g_steal_pointer (&stapled);
  /* A stapled "unknown" stands when the sources could not say more */
  if (stapled != NULL && cv_revocation_get_status (stapled) == CV_REVOCATION_STATUS_UNKNOWN &&
      !says_revoked_or_not (answer))
    return g_steal_pointer (&stapled);
  return g_steal_pointer (&answer);
}

CvRevocation *
cv_revocation_check_parsed (GPtrArray          *chain,
                            gnutls_x509_crt_t  *crts,
                            GPtrArray          *staples,
                            GBytes             *issuer,
                            gboolean            among_anchors,
                            const char         *ca_file,
                            CvRevocationMode    mode,
                            guint               budget_ms,
                            GCancellable       *cancellable)
{
  g_auto(gnutls_x509_crt_t) own_crt = NULL;
  g_auto(gnutls_x509_crt_t) own_issuer_crt = NULL;
  g_autoptr(GBytes) own_issuer = NULL;
  g_auto(Sources) sources = { { NULL }, { NULL }, NULL };
  gnutls_x509_crt_t crt;
  gnutls_x509_crt_t issuer_crt;
  GBytes *certificate;
  GBytes *staple = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) budget_ms * 1000;

  g_return_val_if_fail (chain != NULL && chain->len > 0, NULL);

  certificate = g_ptr_array_index (chain, 0);
  if (staples != NULL && staples->len > 0)
    staple = g_ptr_array_index (staples, 0);

  /* The chain's certificates as the caller parsed them, or parsed here */
  crt = crts != NULL ? crts[0] : (own_crt = cv_certificate_import_der (certificate));
  if (crt == NULL)
    return cv_revocation_new_not_checked (CV_REVOCATION_METHOD_NONE, NULL,
                                          _("The certificate could not be read."));
  sources_read (crt, &sources);

  /* Not the second certificate sent: the one that issued the first, as the
   * verification orders the chain, so that an unrelated certificate the server
   * slips in, or an intermediate it sends last, cannot stand for the issuer.
   * Looked for only when someone is to be asked: finding it compares key
   * identifiers, which costs more than the rest of a check that asks nobody. */
  issuer_crt = NULL;
  if (issuer == NULL && chain->len > 1 && sources_need_issuer (&sources, staple))
    {
      g_autofree gnutls_x509_crt_t *own_crts = NULL;
      gnutls_x509_crt_t *all = crts;
      int found;

      if (all == NULL)
        {
          own_crts = g_new0 (gnutls_x509_crt_t, chain->len);
          own_crts[0] = crt;
          for (guint i = 1; i < chain->len; i++)
            own_crts[i] = cv_certificate_import_der (g_ptr_array_index (chain, i));
          all = own_crts;
        }
      found = cv_verifier_chain_issuer (all, chain->len);
      if (found > 0)
        {
          issuer = g_ptr_array_index (chain, found);
          issuer_crt = crts != NULL ? crts[found] : (own_issuer_crt = own_crts[found]);
        }
      for (guint i = 1; own_crts != NULL && i < chain->len; i++)
        if (own_crts[i] != NULL && own_crts[i] != own_issuer_crt)
          gnutls_x509_crt_deinit (own_crts[i]);
    }
  /* A server that sends its certificate alone, or with certificates that did
   * not issue it */
  if (issuer == NULL && among_anchors && sources_need_issuer (&sources, staple))
    issuer = own_issuer = cv_verifier_find_issuer (certificate, ca_file);
  if (issuer != NULL && issuer_crt == NULL)
    issuer_crt = own_issuer_crt = cv_certificate_import_der (issuer);

  return check_certificate (certificate, crt, &sources, staple, issuer, issuer_crt, TRUE, mode,
                            deadline, cancellable);
}

static void
unref_answer (gpointer answer)
{
  if (answer != NULL)
    g_object_unref (answer);
}

/* The trust anchor above @top_crt when it is an authority from @ca_file rather
 * than a root, checked against its own issuer among the anchors; NULL when there
 * is no such anchor. The system's anchors are roots; an intermediate trusted as
 * an anchor is one given in a CA file, which is looked through once per contents,
 * so that a probe pays nothing for it when there is none. */
static CvRevocation *
check_anchor (gnutls_x509_crt_t  top_crt,
              const char        *ca_file,
              gint64             deadline,
              GCancellable      *cancellable)
{
  g_autoptr(GPtrArray) authorities = NULL;
  g_autoptr(GPtrArray) alone = NULL;
  g_autoptr(GBytes) issuer = NULL;
  g_auto(gnutls_x509_crt_t) anchor_crt = NULL;
  g_auto(gnutls_x509_crt_t) issuer_crt = NULL;
  g_auto(Sources) sources = { { NULL }, { NULL }, NULL };
  GBytes *anchor = NULL;

  /* A root sent along is the anchor itself */
  if (ca_file == NULL || cv_certificate_issued_by (top_crt, top_crt) ||
      (authorities = cv_verifier_ca_file_authorities (ca_file)) == NULL)
    return NULL;
  for (guint i = 0; anchor == NULL && i < authorities->len; i++)
    {
      g_clear_pointer (&anchor_crt, gnutls_x509_crt_deinit);
      anchor_crt = cv_certificate_import_der (g_ptr_array_index (authorities, i));
      if (anchor_crt != NULL && cv_certificate_issued_by (top_crt, anchor_crt))
        anchor = g_ptr_array_index (authorities, i);
    }
  if (anchor == NULL)
    return NULL;

  sources_read (anchor_crt, &sources);
  if (sources_need_issuer (&sources, NULL))
    {
      alone = g_ptr_array_new ();
      g_ptr_array_add (alone, anchor);
      issuer = cv_verifier_find_path_issuer (alone, &anchor_crt, ca_file);
      if (issuer != NULL)
        issuer_crt = cv_certificate_import_der (issuer);
    }
  return check_certificate (anchor, anchor_crt, &sources, NULL, issuer, issuer_crt, FALSE,
                            CV_REVOCATION_MODE_ONLINE, deadline, cancellable);
}

GPtrArray *
cv_revocation_check_authorities (GPtrArray          *chain,
                                 gnutls_x509_crt_t  *crts,
                                 GPtrArray          *staples,
                                 const char         *ca_file,
                                 CvRevocationMode    mode,
                                 guint               budget_ms,
                                 GCancellable       *cancellable,
                                 CvRevocation      **anchor_answer)
{
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree guint *path = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) budget_ms * 1000;
  guint n_path;

  g_return_val_if_fail (chain != NULL && crts != NULL, NULL);

  if (anchor_answer != NULL)
    *anchor_answer = NULL;
  answers = g_ptr_array_new_full (chain->len, unref_answer);
  g_ptr_array_set_size (answers, chain->len);
  if (chain->len < 1 || crts[0] == NULL)
    return g_steal_pointer (&answers);

  path = g_new (guint, chain->len);
  n_path = cv_verifier_chain_path (crts, chain->len, path);
  if (n_path == 0)
    return g_steal_pointer (&answers);

  /* The top first: an intermediate trusted as an anchor (one given in the CA file
   * for a server that sends its certificate alone, say) is an authority too, and
   * it was not sent, so nothing but a responder or its CRL can say it is revoked */
  if (anchor_answer != NULL && mode == CV_REVOCATION_MODE_ONLINE &&
      crts[path[n_path - 1]] != NULL)
    *anchor_answer = check_anchor (crts[path[n_path - 1]], ca_file, deadline, cancellable);

  /* From the top down: whose URLs a check asks is chosen by the certificate's
   * issuer, so a revoked authority, whose key may have issued everything below
   * it, cannot make the checks before its own use up the budget */
  for (guint k = n_path - 1; k >= 1; k--)
    {
      guint position = path[k];
      gnutls_x509_crt_t crt = crts[position];
      GBytes *staple = staples != NULL && position < staples->len
                       ? g_ptr_array_index (staples, position) : NULL;
      g_autoptr(GBytes) own_issuer = NULL;
      g_auto(gnutls_x509_crt_t) own_issuer_crt = NULL;
      g_auto(Sources) sources = { { NULL }, { NULL }, NULL };
      GBytes *issuer;
      gnutls_x509_crt_t issuer_crt;

      /* A root the server sent along: nobody above it could revoke it */
      if (cv_certificate_issued_by (crt, crt))
        continue;
      /* Only what came with the connection, unless online checks are on: a
       * member's "turned off" would only repeat the server certificate's */
      if (staple == NULL && mode != CV_REVOCATION_MODE_ONLINE)
        continue;

      sources_read (crt, &sources);
      if (!sources_need_issuer (&sources, staple))
        {
          /* Nothing to ask: the issuer is not looked for */
          issuer = NULL;
          issuer_crt = NULL;
        }
      else if (k + 1 < n_path)
        {
          issuer = g_ptr_array_index (chain, path[k + 1]);
          issuer_crt = crts[path[k + 1]];
        }
      else
        {
          /* The top of what was sent: its issuer is an anchor, if anyone */
          g_autoptr(GPtrArray) alone = g_ptr_array_new ();

          g_ptr_array_add (alone, g_ptr_array_index (chain, position));
          issuer = own_issuer = cv_verifier_find_path_issuer (alone, &crts[position], ca_file);
          issuer_crt = own_issuer_crt = cv_certificate_import_der (own_issuer);
        }

      answers->pdata[position] =
        check_certificate (g_ptr_array_index (chain, position), crt, &sources, staple, issuer,
                           issuer_crt, FALSE, mode, deadline, cancellable);
    }
  return g_steal_pointer (&answers);
}
