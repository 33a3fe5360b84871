/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-report.h"
#include "cv-report-private.h"

#include "cv-background-private.h"
#include "cv-certificate-private.h"
#include "cv-error.h"
#include "cv-probe-result-private.h"
#include "cv-probe.h"
#include "cv-revocation-private.h"
#include "cv-verdict-private.h"
#include "cv-verifier-private.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <string.h>


/*
 * The verdict (status) is settled when the report is made. The model (the
 * certificates, the reasons and the tree) is built from the parsed chain the
 * first time someone asks for it, once, under model_lock; until then the report
 * holds the parsed chain, GnuTLS's status and the time of the verification, from
 * which the model comes out as it would have then. cv_report_hand_to() builds
 * it at once, for a worker that hands the report to a main loop.
 */
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

  GMutex         model_lock;
  gint           model_built;
  CvParsedChain *parsed;
  /* The CA file the chain was verified with, for the trust anchor it reached
   * when it does not hold it, looked up when the model is built */
  char          *ca_file;
  CvCertificate *trusted_root;
  guint          verify_status;
  GDateTime     *verified_at;
  GThread       *reader;          /* cv_report_hand_to() */
};

G_DEFINE_FINAL_TYPE (CvReport, cv_report, G_TYPE_OBJECT)

static void
release_func (gpointer data,
              gpointer user_data)
{
  /* Only the pool's one thread reads and writes it */
  static gboolean lowered;

  if (!lowered)
    {
      cv_background_lower_priority ();
      lowered = TRUE;
    }
  g_object_unref (data);
}

/* Drops @object's reference on a worker thread. A report's sections, fields and
 * certificates are thousands of objects for a long chain: freeing them takes
 * milliseconds, which a window must not spend between two frames. The pool is
 * exclusive: its one thread, started with it, is never lent to GLib's other
 * pools, so it can keep a lower priority for good. */
static void
release_on_worker (gpointer object)
{
  static GThreadPool *pool;

  if (object == NULL)
    return;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (release_func, NULL, 1, TRUE, NULL));

  g_thread_pool_push (pool, object, NULL);
}

static void
cv_report_dispose (GObject *object)
{
  CvReport *self = CV_REPORT (object);

  /* Nothing in them is bound to a thread; whoever holds them keeps them. Only
   * the thread the report was handed to is asked about, and without a lock:
   * asking whether this is the main context's owner would take that context's
   * lock from every worker that drops a report */
  if (self->reader != NULL && self->reader == g_thread_self ())
    {
      release_on_worker (g_steal_pointer (&self->tree));
      release_on_worker (g_steal_pointer (&self->certificates));
      release_on_worker (g_steal_pointer (&self->probe_result));
      release_on_worker (g_steal_pointer (&self->trusted_root));
    }

  g_clear_object (&self->tree);
  g_clear_object (&self->certificates);
  g_clear_object (&self->probe_result);
  g_clear_object (&self->trusted_root);

  G_OBJECT_CLASS (cv_report_parent_class)->dispose (object);
}

static void
cv_report_finalize (GObject *object)
{
  CvReport *self = CV_REPORT (object);

  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->hostname, g_free);
  g_clear_pointer (&self->parsed, cv_parsed_chain_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->verified_at, g_date_time_unref);
  g_clear_pointer (&self->reader, g_thread_unref);
  g_mutex_clear (&self->model_lock);

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
  g_mutex_init (&self->model_lock);
  /* Made by g_object_new() (a binding's constructor) rather than cv_report_new_*():
   * no certificate, and nothing it could be valid for */
  self->status = GNUTLS_CERT_INVALID;
}

/* Reasons */

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


/* The model */

static gboolean
revocation_failed (CvReport *self)
{
  return self->probe_result != NULL &&
         cv_probe_result_get_revocation (self->probe_result) != NULL &&
         cv_revocation_is_failure (cv_probe_result_get_revocation (self->probe_result));
}

/* The failed check of the authority at @position of the chain, or NULL */
static CvRevocation *
authority_failure (CvProbeResult *result,
                   guint          position)
{
  CvRevocation *revocation;

  if (result == NULL)
    return NULL;
  revocation = cv_probe_result_get_authority_revocation (result, position);
  return revocation != NULL && cv_revocation_is_failure (revocation) ? revocation : NULL;
}

/* The failed check of the trust anchor the chain reached, when it is no root
 * (cv_revocation_check_authorities()), or NULL */
static CvRevocation *
anchor_failure (CvProbeResult *result)
{
  CvRevocation *revocation = result != NULL ? cv_probe_result_get_anchor_revocation (result)
                                            : NULL;

  return revocation != NULL && cv_revocation_is_failure (revocation) ? revocation : NULL;
}

static void
build_model (CvReport *self)
{
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GBytes) anchor_der = NULL;

  /* Made empty (cv_report_init()): an empty model */
  if (self->parsed == NULL)
    return;

  for (guint i = 0; i < self->parsed->der->len; i++)
    {
      g_autoptr(CvCertificate) certificate = cv_parsed_chain_new_certificate (self->parsed, i);

      g_list_store_append (self->certificates, certificate);
    }

  /* The anchor, which GnuTLS accepted: a certificate that cannot be read is no
   * reason to fail the report, only to leave it out */
  anchor_der = cv_verifier_find_anchor (self->parsed->crts, self->parsed->der->len,
                                        self->ca_file, self->verify_status);
  if (anchor_der != NULL)
    self->trusted_root = cv_certificate_new_from_der (anchor_der, NULL);

  reasons = cv_verdict_build_reasons_full (self->verify_status,
                                           G_LIST_MODEL (self->certificates), self->hostname,
                                           self->verified_at, self->file != NULL,
                                           self->trusted_root);

  /* Revoked, a bad staple, a missing one: invalid, and no section is at fault */
  if (revocation_failed (self))
    {
      CvRevocation *revocation = cv_probe_result_get_revocation (self->probe_result);
      guint bit = 0;

      g_ptr_array_add (reasons, cv_report_revocation_reason (revocation, &bit));
    }
  /* The same for each authority above the server certificate, which it names */
  for (guint i = 1; i < self->parsed->der->len; i++)
    {
      CvRevocation *failed = authority_failure (self->probe_result, i);
      guint bit = 0;

      if (failed != NULL)
        g_ptr_array_add (reasons,
                         cv_report_authority_revocation_reason (
                           failed,
                           cv_certificate_get_display_name (
                             cv_report_chain_member (G_LIST_MODEL (self->certificates), i)),
                           &bit));
    }
  /* And for the anchor, when it is an authority that could be revoked */
  if (anchor_failure (self->probe_result) != NULL)
    {
      guint bit = 0;

      g_ptr_array_add (reasons,
                       cv_report_authority_revocation_reason (
                         anchor_failure (self->probe_result),
                         self->trusted_root != NULL
                           ? cv_certificate_get_display_name (self->trusted_root)
                           : _("trusted authority"),
                         &bit));
    }
  cv_report_mark_reasons (cv_report_chain_member (G_LIST_MODEL (self->certificates), 0), reasons);
  g_ptr_array_extend_and_steal (self->reasons, g_steal_pointer (&reasons));

  {
    CvReportTreeSource source = {
      .certificates = G_LIST_MODEL (self->certificates),
      .parsed = self->parsed,
      .trusted_root = self->trusted_root,
      .probe_result = self->probe_result,
      .is_file = self->file != NULL,
    };

    cv_report_build_tree (self->tree, &source);
  }
  g_clear_pointer (&self->parsed, cv_parsed_chain_free);
}

static void
ensure_model (CvReport *self)
{
  if (g_atomic_int_get (&self->model_built))
    return;

  g_mutex_lock (&self->model_lock);
  if (!self->model_built)
    {
      build_model (self);
      g_atomic_int_set (&self->model_built, TRUE);
    }
  g_mutex_unlock (&self->model_lock);
}

void
cv_report_build_model (CvReport *self)
{
  g_return_if_fail (CV_IS_REPORT (self));
  ensure_model (self);
}

void
cv_report_hand_to (CvReport *self,
                   GThread  *reader)
{
  g_return_if_fail (CV_IS_REPORT (self));
  g_return_if_fail (reader != NULL);

  ensure_model (self);
  g_clear_pointer (&self->reader, g_thread_unref);
  self->reader = g_thread_ref (reader);
}

gboolean
cv_report_has_model (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), FALSE);
  return g_atomic_int_get (&self->model_built);
}

/* Construction */

/* Takes @parsed, or parses @chain when it is NULL */
static CvReport *
cv_report_new_internal (CvParsedChain  *parsed,
                        GPtrArray      *chain,
                        const char     *hostname,
                        const char     *ca_file,
                        CvProbeResult  *probe_result,
                        const char     *file,
                        GError        **error)
{
  g_autoptr(CvParsedChain) own_parsed = parsed;
  g_autoptr(CvReport) self = NULL;
  guint status = 0;

  if (own_parsed == NULL)
    {
      own_parsed = cv_parsed_chain_new (chain, error);
      if (own_parsed == NULL)
        return NULL;
    }

  if (!cv_verifier_verify_parsed (own_parsed->crts, own_parsed->der->len, hostname, ca_file,
                                  &status, error))
    return NULL;

  self = g_object_new (CV_TYPE_REPORT, NULL);
  self->hostname = g_strdup (hostname);
  self->file = g_strdup (file);
  if (probe_result != NULL)
    self->probe_result = g_object_ref (probe_result);
  self->verify_status = status;
  self->verified_at = g_date_time_new_now_utc ();
  self->parsed = g_steal_pointer (&own_parsed);
  self->ca_file = g_strdup (ca_file);

  /* Revoked, a bad staple, a missing one: invalid, and no section is at fault */
  if (revocation_failed (self))
    {
      guint bit = 0;
      CvReason *reason = cv_report_revocation_reason (
        cv_probe_result_get_revocation (probe_result), &bit);

      cv_reason_free (reason);
      status |= bit | GNUTLS_CERT_INVALID;
    }
  for (guint i = 1; i < self->parsed->der->len; i++)
    {
      CvRevocation *failed = authority_failure (probe_result, i);
      guint bit = 0;

      if (failed != NULL)
        {
          cv_reason_free (cv_report_revocation_reason (failed, &bit));
          status |= bit | GNUTLS_CERT_INVALID;
        }
    }
  if (anchor_failure (probe_result) != NULL)
    {
      guint bit = 0;

      cv_reason_free (cv_report_revocation_reason (anchor_failure (probe_result), &bit));
      status |= bit | GNUTLS_CERT_INVALID;
    }
  self->status = status;

  return g_steal_pointer (&self);
}

CvReport *
cv_report_new_for_chain (GPtrArray   *chain,
                         const char  *hostname,
                         const char  *ca_file,
                         GError     **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  for (guint i = 0; i < chain->len; i++)
    g_return_val_if_fail (g_ptr_array_index (chain, i) != NULL, NULL);

  /* An empty name is none: there is nothing to check the certificate for. A
   * fully qualified name's final dot is no part of the names a certificate
   * lists, as the targets, the prompt and the saved decisions have it */
  if (hostname != NULL && *hostname != '\0')
    {
      gsize len = strlen (hostname);

      name = g_strndup (hostname, len > 1 && hostname[len - 1] == '.' ? len - 1 : len);
    }

  return cv_report_new_internal (NULL, chain, name, ca_file, NULL, NULL, error);
}

CvReport *
cv_report_new_for_parsed_probe (CvProbeResult  *result,
                                CvParsedChain  *parsed,
                                const char     *ca_file,
                                GError        **error)
{
  CvTarget *target;

  g_return_val_if_fail (CV_IS_PROBE_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  target = cv_probe_result_get_target (result);

  /* The name sent is the name checked: --sni other.example asks for that server */
  return cv_report_new_internal (parsed, cv_probe_result_get_chain (result),
                                 cv_probe_result_get_server_name (result) != NULL
                                   ? cv_probe_result_get_server_name (result)
                                   : cv_target_get_host (target),
                                 ca_file, result, NULL, error);
}

CvReport *
cv_report_new_for_probe (CvProbeResult  *result,
                         const char     *ca_file,
                         GError        **error)
{
  return cv_report_new_for_parsed_probe (result, NULL, ca_file, error);
}

CvReport *
cv_report_new_for_file (const char  *path,
                        const char  *ca_file,
                        GError     **error)
{
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) local_error = NULL;
  CvReport *report;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  chain = cv_verifier_load_file (path, error);
  if (chain == NULL)
    return NULL;

  report = cv_report_new_internal (NULL, chain, NULL, ca_file, NULL, path, &local_error);
  if (report == NULL)
    {
      /* Say which file, unless the error is about the CA file */
      if (g_error_matches (local_error, CV_ERROR, CV_ERROR_CERTIFICATE))
        {
          g_autofree char *display = cv_verifier_file_display_name (path);

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
  ensure_model (self);
  return G_LIST_MODEL (self->certificates);
}

CvCertificate *
cv_report_get_trusted_root (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);
  ensure_model (self);
  return self->trusted_root;
}

CvCertificate *
cv_report_get_revoked_authority (CvReport *self)
{
  GListModel *certificates;

  g_return_val_if_fail (CV_IS_REPORT (self), NULL);

  certificates = cv_report_get_certificates (self);
  for (guint i = 1; self->probe_result != NULL && i < g_list_model_get_n_items (certificates); i++)
    {
      CvRevocation *revocation = cv_probe_result_get_authority_revocation (self->probe_result, i);

      if (revocation != NULL &&
          cv_revocation_get_status (revocation) == CV_REVOCATION_STATUS_REVOKED)
        return cv_report_chain_member (certificates, i);
    }
  if (self->probe_result != NULL &&
      cv_probe_result_get_anchor_revocation (self->probe_result) != NULL &&
      cv_revocation_get_status (cv_probe_result_get_anchor_revocation (self->probe_result)) ==
        CV_REVOCATION_STATUS_REVOKED)
    return cv_report_get_trusted_root (self);
  return NULL;
}

CvCertificate *
cv_report_get_leaf (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);
  ensure_model (self);
  return cv_report_chain_member (G_LIST_MODEL (self->certificates), 0);
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
  ensure_model (self);
  return self->reasons;
}

GListModel *
cv_report_get_tree (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);
  ensure_model (self);
  return G_LIST_MODEL (self->tree);
}

CvRevocation *
cv_report_get_revocation (CvReport *self)
{
  g_return_val_if_fail (CV_IS_REPORT (self), NULL);

  return self->probe_result != NULL ? cv_probe_result_get_revocation (self->probe_result)
                                    : NULL;
}

