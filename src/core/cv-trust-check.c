/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-check.h"
#include "cv-trust-policy-private.h"
#include "cv-trust-check-private.h"

#include "cv-error.h"

#include <glib/gi18n-lib.h>

struct _CvTrustCheck
{
  GObject        parent_instance;

  CvReport      *report;
  char          *host;
  guint16        port;
  CvTrustStatus  status;
  CvTrustAction  action;
  CvTrustEntry  *saved;
  GStrv          new_problems;
  char          *store_error;
};

G_DEFINE_FINAL_TYPE (CvTrustCheck, cv_trust_check, G_TYPE_OBJECT)

static void
cv_trust_check_finalize (GObject *object)
{
  CvTrustCheck *self = CV_TRUST_CHECK (object);

  g_clear_object (&self->report);
  g_clear_pointer (&self->host, g_free);
  g_clear_object (&self->saved);
  g_clear_pointer (&self->new_problems, g_strfreev);
  g_clear_pointer (&self->store_error, g_free);

  G_OBJECT_CLASS (cv_trust_check_parent_class)->finalize (object);
}

static void
cv_trust_check_class_init (CvTrustCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cv_trust_check_finalize;
}

static void
cv_trust_check_init (CvTrustCheck *self)
{
}

GStrv
cv_trust_report_problems (CvReport *report)
{
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  GPtrArray *reasons;

  g_return_val_if_fail (CV_IS_REPORT (report), NULL);

  reasons = cv_report_get_reasons (report);
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      g_strv_builder_add (codes, reason->code);
    }
  return g_strv_builder_end (codes);
}

static gboolean
has_issuer_problem (CvReport *report)
{
  GPtrArray *reasons = cv_report_get_reasons (report);

  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      if (reason->section == CV_VERDICT_SECTION_ISSUED_BY)
        return TRUE;
    }
  return FALSE;
}

static CvTrustStatus
judge (CvTrustEntry *saved,
       CvReport     *report,
       gboolean      covered,
       GStrv        *new_problems)
{
  CvCertificate *leaf = cv_report_get_leaf (report);
  g_auto(GStrv) problems = cv_trust_report_problems (report);
  CvTrustServed served = {
    .certificate_sha256 = cv_certificate_get_sha256 (leaf),
    .public_key_pin = cv_certificate_get_public_key_pin (leaf),
    .issuer = cv_certificate_get_issuer (leaf),
    .problems = (const char * const *) problems,
    .issuer_problem = has_issuer_problem (report),
  };

  return cv_trust_policy_status_for_name (saved, &served, covered, new_problems);
}

CvTrustStatus
cv_trust_check_judge (CvTrustEntry  *saved,
                      CvReport      *report,
                      GStrv         *new_problems)
{
  return judge (saved, report, FALSE, new_problems);
}

CvTrustCheck *
cv_trust_check_new (CvTrustStore *store,
                    const char   *host,
                    guint16       port,
                    CvReport     *report)
{
  g_autoptr(CvTrustCheck) self = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (store == NULL || CV_IS_TRUST_STORE (store), NULL);
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (CV_IS_REPORT (report), NULL);

  self = g_object_new (CV_TYPE_TRUST_CHECK, NULL);
  self->report = g_object_ref (report);
  self->host = cv_trust_normalize_host (host);
  if (self->host == NULL)
    self->host = g_ascii_strdown (host, -1);
  self->port = port;

  if (store != NULL)
    {
      self->saved = cv_trust_store_lookup (store, self->host, port, &error);
      if (error != NULL)
        self->store_error = g_strdup (error->message);
    }

  {
    /* A decision made for all of a certificate's names, found through another */
    g_autofree char *key = cv_trust_key_for (self->host, port);
    gboolean covered = self->saved != NULL && key != NULL &&
                       g_strcmp0 (cv_trust_entry_get_key (self->saved), key) != 0;

    self->status = judge (self->saved, report, covered, &self->new_problems);
  }
  self->action = cv_trust_policy_action (self->status, cv_report_get_valid (report));
  /* A decision that cannot be read may be one to reject the certificate: even a
   * valid one is asked about, never accepted on its validity alone */
  if (self->store_error != NULL)
    self->action = CV_TRUST_ACTION_ASK;
  if (self->new_problems == NULL)
    self->new_problems = g_new0 (char *, 1);

  /* Seen with a decision that applies: one row, and only if it still holds it */
  if ((self->status == CV_TRUST_STATUS_TRUSTED || self->status == CV_TRUST_STATUS_RENEWED) &&
      !cv_trust_store_touch (store, self->saved, g_get_real_time () / G_USEC_PER_SEC, &error))
    g_debug ("Could not note that %s was seen: %s", cv_trust_entry_get_key (self->saved),
             error->message);

  return g_steal_pointer (&self);
}

typedef struct
{
  CvTrustStore *store;
  char         *host;
  guint16       port;
  CvReport     *report;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->host, g_free);
  g_clear_object (&data->report);
  g_free (data);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *data = task_data;

  g_task_return_pointer (task, cv_trust_check_new (data->store, data->host, data->port,
                                                   data->report),
                         g_object_unref);
}

void
cv_trust_check_new_async (CvTrustStore        *store,
                          const char          *host,
                          guint16              port,
                          CvReport            *report,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (store == NULL || CV_IS_TRUST_STORE (store));
  g_return_if_fail (host != NULL);
  g_return_if_fail (CV_IS_REPORT (report));

  data = g_new0 (CheckData, 1);
  data->store = store ? g_object_ref (store) : NULL;
  data->host = g_strdup (host);
  data->port = port;
  data->report = g_object_ref (report);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cv_trust_check_new_async);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_task_run_in_thread (task, check_thread);
}

CvTrustCheck *
cv_trust_check_new_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cv_trust_check_new_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

CvReport *
cv_trust_check_get_report (CvTrustCheck *self)
{
  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), NULL);
  return self->report;
}

const char *
cv_trust_check_get_host (CvTrustCheck *self)
{
  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), NULL);
  return self->host;
}

guint16
cv_trust_check_get_port (CvTrustCheck *self)
{
  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), 0);
  return self->port;
}

CvTrustStatus
cv_trust_check_get_status (CvTrustCheck *self)
{
  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), CV_TRUST_STATUS_UNKNOWN);
  return self->status;
}

CvTrustAction
cv_trust_check_get_action (CvTrustCheck *self)
{
  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), CV_TRUST_ACTION_ASK);
  return self->action;
}

CvTrustEntry *
cv_trust_check_get_saved (CvTrustCheck *self)
{
  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), NULL);
  return self->saved;
}

const char * const *
cv_trust_check_get_new_problems (CvTrustCheck *self)
{
  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), NULL);
  return (const char * const *) self->new_problems;
}

const char *
cv_trust_check_get_store_error (CvTrustCheck *self)
{
  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), NULL);
  return self->store_error;
}

char *
cv_trust_check_describe_problems (CvTrustEntry       *saved,
                                  CvReport           *report,
                                  const char * const *codes)
{
  GString *text = g_string_new (NULL);
  GPtrArray *reasons = cv_report_get_reasons (report);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      const char *code = codes[i];

      if (text->len > 0)
        g_string_append_c (text, '\n');

      if (g_str_equal (code, CV_TRUST_PROBLEM_OTHER_ISSUER))
        {
          g_string_append_printf (text,
                                  _("It is issued by “%s”, not by “%s” as the certificate "
                                    "you chose to trust."),
                                  cv_certificate_get_issuer (cv_report_get_leaf (report)),
                                  cv_trust_entry_get_issuer (saved));
          continue;
        }
      for (guint j = 0; reasons != NULL && j < reasons->len; j++)
        {
          CvReason *reason = g_ptr_array_index (reasons, j);

          if (g_str_equal (reason->code, code))
            {
              g_string_append (text, reason->message);
              break;
            }
        }
    }
  return g_string_free (text, FALSE);
}

char *
cv_trust_check_describe_new_problems (CvTrustCheck *self)
{
  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), NULL);

  return cv_trust_check_describe_problems (self->saved, self->report,
                                           (const char * const *) self->new_problems);
}

CvSection *
cv_trust_check_describe (CvTrustCheck *self)
{
  g_autoptr(CvSection) section = NULL;
  g_autofree char *created = NULL;
  g_autofree char *last_seen = NULL;
  const char *decision;
  const char *match;

  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), NULL);

  if (self->status == CV_TRUST_STATUS_UNKNOWN || self->saved == NULL)
    return NULL;

  switch (self->status)
    {
    case CV_TRUST_STATUS_RENEWED:
      match = _("Renewed: a new certificate for the same public key; the decision still "
                "applies");
      break;
    case CV_TRUST_STATUS_NEW_PROBLEMS:
      match = cv_trust_entry_match (self->saved,
                                    cv_certificate_get_sha256 (cv_report_get_leaf (self->report)),
                                    NULL) == CV_TRUST_MATCH_SAME_CERTIFICATE
                ? _("The same certificate, but with problems you did not accept; the "
                    "decision does not apply")
                : _("Renewed with the same key, but with problems you did not accept; the "
                    "decision does not apply");
      break;
    case CV_TRUST_STATUS_CHANGED:
      match = _("Changed: the server now presents a different key; the decision does not "
                "apply");
      break;
    case CV_TRUST_STATUS_TRUSTED:
    case CV_TRUST_STATUS_REJECTED:
    case CV_TRUST_STATUS_UNKNOWN:
    default:
      match = _("The same certificate");
      break;
    }

  decision = cv_trust_entry_get_decision (self->saved) == CV_TRUST_DECISION_TRUST
               ? _("Always trust") : _("Always reject");
  created = cv_format_unix_time (cv_trust_entry_get_created (self->saved));
  last_seen = cv_format_unix_time (cv_trust_entry_get_last_seen (self->saved));

  section = cv_section_new (CV_SECTION_SAVED_DECISION, _("Saved Decision"));
  cv_section_add (section, "decision", _("Decision"), decision);
  if (!g_str_equal (cv_trust_entry_get_host (self->saved), self->host))
    cv_section_add (section, "made-for", _("Made For"), cv_trust_entry_get_key (self->saved));
  cv_section_add (section, "match", _("Certificate"), match);
  cv_section_add (section, "created", _("Decided On"), created);
  cv_section_add (section, "last-seen", _("Last Seen"), last_seen);
  cv_section_add (section, "saved-sha256", _("Saved SHA-256"),
                  cv_trust_entry_get_certificate_sha256 (self->saved));
  return g_steal_pointer (&section);
}

CvTrustEntry *
cv_trust_check_decide (CvTrustCheck    *self,
                       CvTrustDecision  decision,
                       gboolean         all_names)
{
  g_auto(GStrv) problems = NULL;
  g_auto(GStrv) names = NULL;
  CvCertificate *leaf;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  CvTrustEntryFields fields = { 0 };

  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), NULL);
  g_return_val_if_fail (decision != CV_TRUST_DECISION_OTHER, NULL);

  leaf = cv_report_get_leaf (self->report);
  problems = cv_trust_report_problems (self->report);
  if (all_names)
    names = cv_certificate_dup_dns_names (leaf);

  fields.host = self->host;
  fields.port = self->port;
  fields.decision = cv_trust_decision_to_string (decision);
  fields.certificate_sha256 = cv_certificate_get_sha256 (leaf);
  fields.public_key_pin = cv_certificate_get_public_key_pin (leaf);
  fields.subject = cv_certificate_get_subject (leaf);
  fields.issuer = cv_certificate_get_issuer (leaf);
  fields.not_after = g_date_time_to_unix (cv_certificate_get_not_after (leaf));
  fields.created = now;
  fields.last_seen = now;
  fields.names = (const char * const *) names;
  fields.accepted = (const char * const *) problems;
  return cv_trust_entry_new_full (&fields);
}

GStrv
cv_trust_check_dup_other_names (CvTrustCheck *self)
{
  g_autoptr(CvTrustEntry) entry = NULL;

  g_return_val_if_fail (CV_IS_TRUST_CHECK (self), NULL);

  /* Exactly what a decision for all names would save */
  entry = cv_trust_check_decide (self, CV_TRUST_DECISION_TRUST, TRUE);
  return g_strdupv ((char **) cv_trust_entry_get_names (entry));
}
