/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-policy.h"
#include "cv-trust-policy-private.h"

static gboolean
contains (const char * const *words,
          const char         *word)
{
  return words != NULL && g_strv_contains (words, word);
}

/* What the issuer says of the certificate now: a decision made before cannot
 * have accepted it, unless it did so by name (but see cv_trust_policy_may_trust()) */
static const char * const revocation_problems[] = {
  "revoked", "missing-ocsp-status", "invalid-ocsp-status", NULL
};

/* A problem no decision accepts: its issuer revoked the certificate */
static gboolean
never_accepted (const char *problem)
{
  return g_str_equal (problem, "revoked");
}

CvTrustStatus
cv_trust_policy_status (CvTrustEntry         *saved,
                        const CvTrustServed  *served,
                        GStrv                *new_problems)
{
  return cv_trust_policy_status_for_name (saved, served, FALSE, new_problems);
}

CvTrustStatus
cv_trust_policy_status_for_name (CvTrustEntry         *saved,
                                 const CvTrustServed  *served,
                                 gboolean              covered,
                                 GStrv                *new_problems)
{
  g_autoptr(GStrvBuilder) fresh = NULL;
  const char * const *accepted;
  gboolean same = FALSE;
  gboolean any = FALSE;

  g_return_val_if_fail (saved == NULL || CV_IS_TRUST_ENTRY (saved), CV_TRUST_STATUS_UNKNOWN);
  g_return_val_if_fail (served != NULL, CV_TRUST_STATUS_UNKNOWN);

  if (new_problems != NULL)
    *new_problems = NULL;

  if (saved == NULL || cv_trust_entry_get_decision (saved) == CV_TRUST_DECISION_OTHER)
    return CV_TRUST_STATUS_UNKNOWN;

  switch (cv_trust_entry_match (saved, served->certificate_sha256, served->public_key_pin))
    {
    case CV_TRUST_MATCH_CHANGED:
      return CV_TRUST_STATUS_CHANGED;
    case CV_TRUST_MATCH_SAME_CERTIFICATE:
      same = TRUE;
      break;
    case CV_TRUST_MATCH_RENEWED:
    default:
      break;
    }

  if (cv_trust_entry_get_decision (saved) == CV_TRUST_DECISION_REJECT)
    return CV_TRUST_STATUS_REJECTED;

  /* A renewal: every kind of failure must be one the user accepted. The same
   * certificate: what it had then was accepted with it, but not its revocation
   * or a status it no longer staples. */
  accepted = cv_trust_entry_get_accepted (saved);
  fresh = g_strv_builder_new ();
  for (guint i = 0; served->problems != NULL && served->problems[i] != NULL; i++)
    {
      const char *problem = served->problems[i];
      gboolean is_new;

      /* A name the decision covers is one the certificate names: that it does
       * not is new there, whatever was accepted for the decision's own name */
      if (covered && g_str_equal (problem, CV_TRUST_PROBLEM_HOSTNAME))
        is_new = TRUE;
      else if (same && !contains (revocation_problems, problem))
        is_new = FALSE;
      else
        /* A decision that lists a revocation among its problems, imported or
         * edited, accepts no revocation all the same */
        is_new = !contains (accepted, problem) || never_accepted (problem);

      if (is_new)
        {
          g_strv_builder_add (fresh, problem);
          any = TRUE;
        }
    }
  /* Trusting one unknown authority is not trusting another */
  if (!same && served->issuer_problem &&
      g_strcmp0 (served->issuer, cv_trust_entry_get_issuer (saved)) != 0)
    {
      g_strv_builder_add (fresh, CV_TRUST_PROBLEM_OTHER_ISSUER);
      any = TRUE;
    }

  if (!any)
    return same ? CV_TRUST_STATUS_TRUSTED : CV_TRUST_STATUS_RENEWED;
  if (new_problems != NULL)
    *new_problems = g_strv_builder_end (fresh);
  return CV_TRUST_STATUS_NEW_PROBLEMS;
}

CvTrustAction
cv_trust_policy_action (CvTrustStatus status,
                        gboolean      valid)
{
  switch (status)
    {
    case CV_TRUST_STATUS_REJECTED:
      return CV_TRUST_ACTION_REJECT;
    case CV_TRUST_STATUS_TRUSTED:
    case CV_TRUST_STATUS_RENEWED:
      return CV_TRUST_ACTION_ACCEPT;
    case CV_TRUST_STATUS_UNKNOWN:
    case CV_TRUST_STATUS_NEW_PROBLEMS:
    case CV_TRUST_STATUS_CHANGED:
    default:
      return valid ? CV_TRUST_ACTION_ACCEPT : CV_TRUST_ACTION_ASK;
    }
}

gboolean
cv_trust_policy_may_trust (const char * const *problems)
{
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    if (never_accepted (problems[i]))
      return FALSE;
  return TRUE;
}
