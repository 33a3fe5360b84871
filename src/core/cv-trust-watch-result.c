/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a check of saved decisions found for one of them: its status, judged here,
 * and its sentence */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-watch-result.h"
#include "cv-trust-watch-private.h"

#include "cv-certificate.h"
#include "cv-format.h"
#include "cv-trust-check-private.h"

#include <glib/gi18n-lib.h>
#include "cv-json-private.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

G_DEFINE_FINAL_TYPE (CvTrustWatchResult, cv_trust_watch_result, G_TYPE_OBJECT)

const char *
cv_trust_watch_status_to_string (CvTrustWatchStatus status)
{
  switch (status)
    {
    case CV_TRUST_WATCH_UNCHANGED:
      return "unchanged";
    case CV_TRUST_WATCH_RENEWED:
      return "renewed";
    case CV_TRUST_WATCH_KEY_CHANGED:
      return "key-changed";
    case CV_TRUST_WATCH_EXPIRING:
      return "expiring";
    case CV_TRUST_WATCH_EXPIRED:
      return "expired";
    case CV_TRUST_WATCH_REVOKED:
      return "revoked";
    case CV_TRUST_WATCH_TLS_REFUSED:
      return "tls-refused";
    case CV_TRUST_WATCH_NEW_PROBLEMS:
      return "new-problems";
    case CV_TRUST_WATCH_UNREACHABLE:
    default:
      return "unreachable";
    }
}

gboolean
cv_trust_watch_status_needs_action (CvTrustWatchStatus status)
{
  return status != CV_TRUST_WATCH_UNCHANGED && status != CV_TRUST_WATCH_RENEWED;
}

static void
cv_trust_watch_result_finalize (GObject *object)
{
  CvTrustWatchResult *self = CV_TRUST_WATCH_RESULT (object);

  g_clear_object (&self->entry);
  g_free (self->detail);
  g_free (self->sha256);

  G_OBJECT_CLASS (cv_trust_watch_result_parent_class)->finalize (object);
}

static void
cv_trust_watch_result_class_init (CvTrustWatchResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cv_trust_watch_result_finalize;
}

static void
cv_trust_watch_result_init (CvTrustWatchResult *self)
{
}

CvTrustEntry *
cv_trust_watch_result_get_entry (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), NULL);
  return self->entry;
}

CvTrustWatchStatus
cv_trust_watch_result_get_status (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), CV_TRUST_WATCH_UNREACHABLE);
  return self->status;
}

const char *
cv_trust_watch_result_get_detail (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), NULL);
  return self->detail;
}

const char *
cv_trust_watch_result_get_sha256 (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), NULL);
  return self->sha256;
}

gint64
cv_trust_watch_result_get_last_seen (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), 0);
  return self->last_seen;
}

gint64
cv_trust_watch_result_get_not_after (CvTrustWatchResult *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (self), 0);
  return self->not_after;
}

/* The very certificate decided on, trusted when it had expired already: what the
 * decision says it accepted, or for one that says nothing (Certview 0.1's), its
 * date */
static gboolean
trusted_expired (CvTrustEntry *saved,
                 CvTrustMatch  match,
                 gint64        not_after)
{
  const char * const *accepted = cv_trust_entry_get_accepted (saved);

  return match == CV_TRUST_MATCH_SAME_CERTIFICATE &&
         cv_trust_entry_get_decision (saved) == CV_TRUST_DECISION_TRUST &&
         ((accepted != NULL && g_strv_contains (accepted, "expired")) ||
          cv_trust_entry_get_created (saved) >= not_after);
}

/* The new problems in a sentence, after what they mean for the next connection */
static char *
describe_new_problems (CvTrustEntry       *saved,
                       CvReport           *report,
                       const char * const *codes)
{
  g_autofree char *lines = cv_trust_check_describe_problems (saved, report, codes);

  g_strdelimit (lines, "\n", ' ');
  return g_strdup_printf ("%s %s", _("The certificate has problems the decision did not "
                                     "accept; the next connection asks again:"), lines);
}

void
cv_trust_watch_result_judge (CvTrustWatchResult *result,
                             guint               warn_days,
                             CvReport           *report,
                             gint64              now)
{
  CvCertificate *leaf = cv_report_get_leaf (report);
  CvRevocation *revocation = cv_report_get_revocation (report);
  CvCertificate *authority;
  g_autofree char *expires = NULL;
  g_auto(GStrv) new_problems = NULL;
  CvTrustMatch match;
  gboolean rejected;

  result->sha256 = g_strdup (cv_certificate_get_sha256 (leaf));
  result->not_after = g_date_time_to_unix (cv_certificate_get_not_after (leaf));
  expires = cv_format_iso8601_date (result->not_after);
  if (expires == NULL)
    expires = g_strdup ("?");

  match = cv_trust_entry_match (result->entry, result->sha256,
                                cv_certificate_get_public_key_pin (leaf));
  /* A key rejected for good: when its certificate expires does not matter */
  rejected = cv_trust_entry_get_decision (result->entry) == CV_TRUST_DECISION_REJECT &&
             match != CV_TRUST_MATCH_CHANGED;

  if (match == CV_TRUST_MATCH_CHANGED)
    {
      result->status = CV_TRUST_WATCH_KEY_CHANGED;
      result->detail = g_strdup_printf (_("The server's key has changed: it serves another "
                                          "certificate, SHA-256 %s."), result->sha256);
    }
  else if (revocation != NULL &&
           cv_revocation_get_status (revocation) == CV_REVOCATION_STATUS_REVOKED)
    {
      result->status = CV_TRUST_WATCH_REVOKED;
      result->detail = g_strdup (_("The issuer has revoked the certificate."));
    }
  else if ((authority = cv_report_get_revoked_authority (report)) != NULL)
    {
      result->status = CV_TRUST_WATCH_REVOKED;
      /* TRANSLATORS: %s is the name of a certificate authority, as "Example CA" */
      result->detail = g_strdup_printf (_("The authority “%s”, which vouches for the "
                                          "certificate, has been revoked."),
                                        cv_certificate_get_display_name (authority));
    }
  else if (result->not_after <= now &&
           trusted_expired (result->entry, match, result->not_after))
    {
      /* What the prompt accepts in silence: nothing new */
      result->status = CV_TRUST_WATCH_UNCHANGED;
      result->detail = g_strdup_printf (_("The same certificate, which you chose to trust "
                                          "after it expired on %s."), expires);
    }
  else if (result->not_after <= now && rejected && match == CV_TRUST_MATCH_RENEWED)
    {
      /* Rejected it stays, whatever its dates; but it is another certificate */
      result->status = CV_TRUST_WATCH_RENEWED;
      result->detail = g_strdup_printf (_("Renewed with the same key, which you chose to "
                                          "reject; it expired on %s."), expires);
    }
  else if (result->not_after <= now && rejected)
    {
      /* Rejected it stays: nothing to do */
      result->status = CV_TRUST_WATCH_UNCHANGED;
      result->detail = g_strdup_printf (_("The same certificate, which you chose to reject; it "
                                          "expired on %s."), expires);
    }
  else if (result->not_after <= now)
    {
      result->status = CV_TRUST_WATCH_EXPIRED;
      result->detail = g_strdup_printf (_("The certificate expired on %s."), expires);
    }
  else if (cv_trust_entry_get_decision (result->entry) == CV_TRUST_DECISION_TRUST &&
           cv_trust_check_judge (result->entry, report, &new_problems) ==
             CV_TRUST_STATUS_NEW_PROBLEMS)
    {
      result->status = CV_TRUST_WATCH_NEW_PROBLEMS;
      result->detail = describe_new_problems (result->entry, report,
                                              (const char * const *) new_problems);
    }
  else if (result->not_after - now < (gint64) warn_days * SECONDS_PER_DAY && !rejected)
    {
      result->status = CV_TRUST_WATCH_EXPIRING;
      result->detail = g_strdup_printf (_("The certificate expires on %s."), expires);
    }
  else if (match == CV_TRUST_MATCH_RENEWED)
    {
      result->status = CV_TRUST_WATCH_RENEWED;
      result->detail = g_strdup_printf (_("Renewed with the same key; valid until %s."),
                                        expires);
    }
  else
    {
      result->status = CV_TRUST_WATCH_UNCHANGED;
      result->detail = g_strdup_printf (_("The same certificate; valid until %s."), expires);
    }

  /* Finding: a certificate revoked since read "unchanged" where its issuer was
   * unknown (a private CA the server does not send): what was not checked is said */
  if ((result->status == CV_TRUST_WATCH_UNCHANGED || result->status == CV_TRUST_WATCH_RENEWED ||
       result->status == CV_TRUST_WATCH_EXPIRING) &&
      revocation != NULL &&
      cv_revocation_get_status (revocation) == CV_REVOCATION_STATUS_NOT_CHECKED &&
      cv_revocation_get_method (revocation) != CV_REVOCATION_METHOD_NONE &&
      cv_revocation_get_why (revocation) != NULL)
    {
      g_autofree char *fine = g_steal_pointer (&result->detail);

      /* TRANSLATORS: the first %s is the status in a sentence, the second why the
       * revocation could not be checked */
      result->detail = g_strdup_printf (_("%s Whether it was revoked could not be checked. %s"),
                                        fine, cv_revocation_get_why (revocation));
    }
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       seconds)
{
  g_autofree char *text = seconds != 0 ? cv_format_iso8601 (seconds) : NULL;

  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

char *
cv_trust_watch_results_to_json (GPtrArray *results,
                                gint64     checked)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (results != NULL, NULL);

  if (!cv_json_load (&error))
    {
      g_warning ("%s", error->message);
      return NULL;
    }

  builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_time (builder, "checked", checked);
  json_builder_set_member_name (builder, "servers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    {
      CvTrustWatchResult *result = g_ptr_array_index (results, i);
      const char *decision = cv_trust_entry_get_decision_name (result->entry);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, cv_trust_entry_get_key (result->entry));
      json_builder_set_member_name (builder, "decision");
      json_builder_add_string_value (builder, decision);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder,
                                     cv_trust_watch_status_to_string (result->status));
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, result->detail);
      json_builder_set_member_name (builder, "sha256");
      if (result->sha256 != NULL)
        json_builder_add_string_value (builder, result->sha256);
      else
        json_builder_add_null_value (builder);
      add_time (builder, "not-after", result->not_after);
      add_time (builder, "last-seen", result->last_seen);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  text = cv_json_builder_to_text (builder);
  return g_strconcat (text, "\n", NULL);
}
