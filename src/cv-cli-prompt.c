/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cli-private.h"

#include "cv-error.h"
#include "cv-report.h"
#include "cv-trust-check.h"
#include "cv-trust-store.h"

#include <glib/gi18n.h>
#include <stdio.h>

static void
print_changed (CvTrustEntry *saved,
               CvReport     *report)
{
  CvCertificate *leaf = cv_report_get_leaf (report);
  g_autofree char *old_expiry = cv_cli_format_date (cv_trust_entry_get_not_after (saved));
  g_autofree char *new_expiry =
    cv_cli_format_date (g_date_time_to_unix (cv_certificate_get_not_after (leaf)));

  g_printerr (_("certview: The certificate of %s has changed since you decided on it, "
                "and its key is not the same.\n"
                "  saved:  SHA-256 %s, issued by %s, expires %s\n"
                "  served: SHA-256 %s, issued by %s, expires %s\n"),
              cv_trust_entry_get_key (saved),
              cv_trust_entry_get_certificate_sha256 (saved),
              cv_trust_entry_get_issuer (saved), old_expiry,
              cv_certificate_get_sha256 (leaf), cv_certificate_get_issuer (leaf),
              new_expiry);
}

static void
print_new_problems (CvTrustCheck *check)
{
  g_autofree char *text = cv_trust_check_describe_new_problems (check);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  CvTrustEntry *saved = cv_trust_check_get_saved (check);
  CvCertificate *leaf = cv_report_get_leaf (cv_trust_check_get_report (check));

  if (cv_trust_entry_match (saved, cv_certificate_get_sha256 (leaf), NULL) ==
      CV_TRUST_MATCH_SAME_CERTIFICATE)
    g_printerr (_("certview: You chose to always trust this certificate of %s, but it now "
                  "has problems you did not accept:\n"), cv_trust_entry_get_key (saved));
  else
    g_printerr (_("certview: The certificate of %s was renewed with the same key since you "
                  "chose to trust it, but it brings problems you did not accept:\n"),
                cv_trust_entry_get_key (saved));
  for (guint i = 0; lines[i] != NULL; i++)
    g_printerr ("  • %s\n", lines[i]);
}

/* A server with a saved decision that no longer offers TLS is rejected, loudly; any
 * other failure is one */
static CvExit
prompt_failed (CvCliOptions *options,
               CvTarget     *target,
               GError       *error)
{
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(GError) downgrade = NULL;

  if (g_error_matches (error, CV_ERROR, CV_ERROR_TLS_NOT_OFFERED))
    store = cv_cli_open_store (options, NULL);

  if (cv_trust_check_tls_still_offered (store, cv_target_get_host (target),
                                        cv_target_get_port (target), error, &downgrade))
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }

  g_printerr (_("certview: WARNING: TLS is no longer offered. Rejected.\n"));
  cv_cli_print_error (downgrade);
  return CV_EXIT_INVALID;
}

gboolean
cv_cli_prompt_decide (CvCliOptions   *options,
                      CvExit         *exit_code,
                      CvTrustCheck  **check_out)
{
  g_autoptr(GError) error = NULL;
  CvTarget *target;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(CvTrustCheck) check = NULL;
  CvTrustEntry *saved;

  target = cv_cli_get_target (options, &error);
  if (target == NULL)
    {
      cv_cli_print_error (error);
      *exit_code = CV_EXIT_FAILED;
      return TRUE;
    }
  report = cv_cli_inspect_target (options, target, &error);
  if (report == NULL)
    {
      *exit_code = prompt_failed (options, target, error);
      return TRUE;
    }

  /* An unsafe, damaged or busy store decides nothing, and the user still gets asked,
   * even about a valid certificate: one of its decisions may be to reject it. It is
   * read once, so that a busy one is waited for once. */
  store = cv_trust_store_new (options->trust_store);
  if (!cv_trust_store_load (store, &error))
    {
      cv_cli_print_error (error);
      options->store_unreadable = TRUE;
      g_clear_object (&store);
    }
  check = cv_trust_check_new (store, cv_target_get_host (target),
                              cv_target_get_port (target), report);
  if (!options->store_unreadable && cv_trust_check_get_store_error (check) != NULL)
    {
      g_printerr ("certview: %s\n", cv_trust_check_get_store_error (check));
      options->store_unreadable = TRUE;
    }
  saved = cv_trust_check_get_saved (check);

  switch (options->store_unreadable ? CV_TRUST_ACTION_ASK : cv_trust_check_get_action (check))
    {
    case CV_TRUST_ACTION_ACCEPT:
      if (cv_trust_check_get_status (check) == CV_TRUST_STATUS_RENEWED)
        g_printerr (_("certview: The certificate of %s was renewed with the same key since "
                      "you chose to trust it; the decision applies.\n"),
                    cv_trust_entry_get_key (saved));
      /* Accepted as any valid certificate is, never on the old decision's word, and
       * never without a word */
      if (cv_trust_check_get_status (check) == CV_TRUST_STATUS_CHANGED)
        {
          print_changed (saved, report);
          g_printerr (_("certview: The new certificate is valid, so it is accepted as "
                        "valid certificates are; the saved decision no longer applies "
                        "(certview --forget %s removes it).\n"),
                      cv_trust_entry_get_key (saved));
        }
      *exit_code = cv_cli_prompt_accepted (options, report);
      return TRUE;
    case CV_TRUST_ACTION_REJECT:
      g_printerr (_("certview: Rejected: you chose to always reject this certificate of "
                    "%s.\n"), cv_trust_entry_get_key (saved));
      *exit_code = CV_EXIT_INVALID;
      return TRUE;
    case CV_TRUST_ACTION_ASK:
    default:
      break;
    }

  if (cv_trust_check_get_status (check) == CV_TRUST_STATUS_CHANGED)
    print_changed (saved, report);
  else if (cv_trust_check_get_status (check) == CV_TRUST_STATUS_NEW_PROBLEMS)
    print_new_problems (check);

  *check_out = g_steal_pointer (&check);
  return FALSE;
}

CvExit
cv_cli_prompt_accepted (CvCliOptions *options,
                        CvReport     *report)
{
  if (options->print_pin)
    {
      g_print ("%s\n", cv_certificate_get_public_key_pin (cv_report_get_leaf (report)));
      if (fflush (stdout) != 0)
        return CV_EXIT_FAILED;
    }
  return CV_EXIT_VALID;
}

/* The options a pasted --trust or --forget needs to act where this run looked:
 * the same store, and the same server name for a server with several */
static char *
dup_same_place_options (CvCliOptions *options)
{
  GString *text = g_string_new (NULL);

  if (options->sni != NULL)
    {
      g_autofree char *quoted = g_shell_quote (options->sni);

      g_string_append_printf (text, " --sni %s", quoted);
    }
  if (options->trust_store != NULL)
    {
      g_autofree char *quoted = g_shell_quote (options->trust_store);

      g_string_append_printf (text, " --trust-store %s", quoted);
    }
  return g_string_free (text, FALSE);
}

CvExit
cv_cli_prompt_no_display (CvCliOptions *options,
                          CvTrustCheck *check)
{
  CvReport *report = cv_trust_check_get_report (check);
  CvCertificate *leaf = cv_report_get_leaf (report);
  CvTrustEntry *saved;
  g_autofree char *url = cv_target_to_uri (cv_cli_get_target (options, NULL));
  g_autofree char *quoted = g_shell_quote (url);
  g_autofree char *same_place = NULL;

  /* The store's message came first; no advice to save in it */
  if (options->store_unreadable)
    {
      g_printerr ("certview: %s\n",
                  cv_report_get_valid (report)
                  ? _("Rejected: the saved decisions cannot be read (see above), and one "
                      "of them may be to reject this server’s certificate.")
                  : _("Rejected: the certificate is not trusted, and the saved decisions "
                      "cannot be read (see above) to trust it."));
      return CV_EXIT_INVALID;
    }

  /* No decision can make a revoked certificate acceptable */
  if (!cv_cli_may_trust (report))
    {
      CvCertificate *authority = cv_report_get_revoked_authority (report);
      g_autofree char *why = NULL;

      if (authority != NULL)
        /* TRANSLATORS: %s is the name of a certificate authority, as "Example CA" */
        why = g_strdup_printf (_("Rejected: the authority “%s”, which vouches for the "
                                 "certificate, has been revoked; the certificate cannot be "
                                 "trusted. Ask the server’s administrator to replace it."),
                               cv_certificate_get_display_name (authority));
      else
        why = g_strdup (_("Rejected: the authority that issued the certificate has revoked "
                          "it; it cannot be trusted. Ask the server’s administrator to "
                          "replace it."));
      g_printerr ("certview: %s\n", why);
      return CV_EXIT_INVALID;
    }

  /* The command to paste, once the fingerprint is checked with the server's
   * administrator */
  g_printerr ("certview: %s\n",
              _("Rejected: the certificate is not trusted and there is no display to ask "
                "on. Run where a window can open, or, once you have checked the SHA-256 "
                "fingerprint with the server’s administrator, trust it with:"));
  saved = cv_trust_check_get_saved (check);
  same_place = dup_same_place_options (options);
  /* --trust keeps a newer version's decision: it is to be forgotten first */
  if (saved != NULL && cv_trust_entry_get_decision (saved) == CV_TRUST_DECISION_OTHER)
    {
      g_autofree char *key = g_shell_quote (cv_trust_entry_get_key (saved));
      g_autofree char *store_only = NULL;

      if (options->trust_store != NULL)
        {
          g_autofree char *store = g_shell_quote (options->trust_store);

          store_only = g_strdup_printf (" --trust-store %s", store);
        }
      g_printerr ("  certview --forget %s%s\n", key, store_only != NULL ? store_only : "");
    }
  if (leaf != NULL)
    g_printerr ("  certview --trust %s%s --fingerprint %s\n", quoted, same_place,
                cv_certificate_get_sha256 (leaf));
  return CV_EXIT_INVALID;
}
