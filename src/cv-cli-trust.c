/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-cli-private.h"

#include "cv-error.h"
#include "cv-format.h"
#include "cv-report.h"
#include "cv-trust-io.h"
#include "cv-trust-notification.h"
#include "cv-trust-store.h"
#include "cv-trust-watch.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The store named by --trust-store, else $CERTVIEW_TRUST_STORE, else the default;
 * opened and checked. NULL when it cannot be used: none of its decisions count. */
CvTrustStore *
cv_cli_open_store (CvCliOptions  *options,
                   GError       **error)
{
  g_autoptr(CvTrustStore) store = cv_trust_store_new (options->trust_store);

  if (!cv_trust_store_load (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

void
cv_cli_print_store_notice (CvTrustStore *store)
{
  const char *notice = cv_trust_store_get_notice (store);

  if (notice != NULL)
    g_printerr ("certview: %s\n", notice);
}

/* A Unix time in UTC, "2030-01-01" or with @with_time "2030-01-01T00:00:00Z"; "?" for
 * one out of range. By hand: the list prints two a decision, for 100,000 of them. */
char *
cv_cli_format_date (gint64 seconds)
{
  char *date = cv_format_iso8601_date (seconds);

  return date != NULL ? date : g_strdup ("?");
}

static gboolean
print_decision_cb (const CvTrustEntryFields *fields,
                   gpointer                  user_data)
{
  g_autofree char *expires = cv_format_iso8601_date (fields->not_after);
  g_autofree char *seen = cv_format_iso8601 (fields->last_seen);

  fprintf (stdout, strchr (fields->host, ':') ? "[%s]:%u\t%s\t%s\t%s\t%s\t"
                                              : "%s:%u\t%s\t%s\t%s\t%s\t",
           fields->host, fields->port, fields->decision, fields->certificate_sha256,
           expires != NULL ? expires : "?", seen != NULL ? seen : "?");
  for (guint n = 0; fields->names != NULL && fields->names[n] != NULL; n++)
    {
      if (n > 0)
        fputc (',', stdout);
      fputs (fields->names[n], stdout);
    }
  fputc ('\n', stdout);
  return TRUE;
}

static CvExit
run_list_trusted (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTrustStore) store = cv_cli_open_store (options, &error);

  /* Printed as read: at 100,000 decisions, an object each would triple the time */
  if (store == NULL || !cv_trust_store_foreach (store, print_decision_cb, NULL, &error))
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }
  return fflush (stdout) == 0 ? CV_EXIT_VALID : CV_EXIT_FAILED;
}

static CvExit
run_forget (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autofree char *host = NULL;
  g_autofree char *key = NULL;
  guint16 port;

  if (!cv_trust_parse_server (options->forget, &host, &port, &error) ||
      (store = cv_cli_open_store (options, &error)) == NULL ||
      !cv_trust_store_forget (store, host, port, &error))
    {
      /* The store may have taken Certview 0.1's decisions in even so: say it */
      if (store != NULL)
        cv_cli_print_store_notice (store);
      cv_cli_print_error (error);
      return g_error_matches (error, CV_ERROR, CV_ERROR_NOT_FOUND) ? CV_EXIT_INVALID
                                                                   : CV_EXIT_FAILED;
    }
  cv_cli_print_store_notice (store);
  key = cv_trust_key_for (host, port);
  g_print (_("Forgot the decision for %s.\n"), key);
  return CV_EXIT_VALID;
}

/* Lower-case hex with colons, or NULL when @text is not 32 bytes of hex */
static char *
normalize_fingerprint (const char *text)
{
  GString *hex = g_string_new (NULL);
  GString *out;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p))
        {
          g_string_free (hex, TRUE);
          return NULL;
        }
      g_string_append_c (hex, g_ascii_tolower (*p));
    }
  if (hex->len != 64)
    {
      g_string_free (hex, TRUE);
      return NULL;
    }

  out = g_string_new (NULL);
  for (gsize i = 0; i < hex->len; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_len (out, hex->str + i, 2);
    }
  g_string_free (hex, TRUE);
  return g_string_free (out, FALSE);
}

gboolean
cv_cli_may_trust (CvReport *report)
{
  g_auto(GStrv) problems = cv_trust_report_problems (report);

  return cv_trust_policy_may_trust ((const char * const *) problems);
}

/* Every problem a decision pins over, said before it is saved */
static void
print_problems (CvReport   *report,
                const char *intro)
{
  GPtrArray *reasons = cv_report_get_reasons (report);

  g_printerr ("certview: %s\n", intro);
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      g_printerr ("  • %s\n", reason->message);
    }
}

/* The decision saved for @target itself, not one that covers it; NULL for none */
static CvTrustEntry *
own_decision (CvTrustStore  *store,
              const char    *host,
              guint16        port,
              GError       **error)
{
  g_autoptr(CvTrustEntry) found = cv_trust_store_lookup (store, host, port, error);
  g_autofree char *key = cv_trust_key_for (host, port);

  if (found == NULL || key == NULL || !g_str_equal (cv_trust_entry_get_key (found), key))
    return NULL;
  return g_steal_pointer (&found);
}

/* --trust and --distrust: the fingerprint given is the deliberate confirmation */
static CvExit
run_pin (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  CvTarget *target;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(CvTrustEntry) entry = NULL;
  g_autoptr(CvTrustEntry) before = NULL;
  g_autofree char *expected = normalize_fingerprint (options->fingerprint);
  g_autofree char *name = NULL;
  gboolean trust = options->trust != NULL;
  const char *served;
  const char * const *names;

  if (expected == NULL)
    {
      g_printerr ("certview: %s\n",
                  _("--fingerprint takes a SHA-256 fingerprint: 64 hexadecimal digits, "
                    "colons optional"));
      return CV_EXIT_FAILED;
    }

  target = cv_cli_get_target (options, &error);
  if (target == NULL || (store = cv_cli_open_store (options, &error)) == NULL ||
      (report = cv_cli_inspect_target (options, target, &error)) == NULL)
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }

  name = cv_target_to_string (target);
  before = own_decision (store, cv_target_get_host (target), cv_target_get_port (target),
                         &error);
  if (error != NULL)
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }
  /* A decision of a newer version is kept, as every other command keeps it */
  if (before != NULL && cv_trust_entry_get_decision (before) == CV_TRUST_DECISION_OTHER)
    {
      g_printerr (_("certview: Refused: %s has a decision of a kind this version does not "
                    "know (“%s”), from a newer version of Certview; it is kept. To replace "
                    "it, forget it first: certview --forget %s\n"),
                  cv_trust_entry_get_key (before), cv_trust_entry_get_decision_name (before),
                  cv_trust_entry_get_key (before));
      return CV_EXIT_INVALID;
    }

  served = cv_certificate_get_sha256 (cv_report_get_leaf (report));
  if (g_ascii_strcasecmp (served, expected) != 0)
    {
      g_printerr (_("certview: Refused: %s serves a certificate with SHA-256 %s, not %s. "
                    "Nothing was saved.\n"), name, served, expected);
      return CV_EXIT_INVALID;
    }

  if (trust && !cv_cli_may_trust (report))
    {
      CvCertificate *authority = cv_report_get_revoked_authority (report);

      if (authority != NULL)
        /* TRANSLATORS: the first %s names a certificate authority, as "Example CA";
         * the second a server, as "ftp://ftp.example.com" */
        g_printerr (_("certview: Refused: the authority “%s”, which vouches for the "
                      "certificate of %s, has been revoked; the certificate cannot be "
                      "trusted. Nothing was saved.\n"),
                    cv_certificate_get_display_name (authority), name);
      else
        g_printerr (_("certview: Refused: the authority that issued the certificate of %s "
                      "has revoked it; it cannot be trusted. Nothing was saved.\n"), name);
      return CV_EXIT_INVALID;
    }
  check = cv_trust_check_new (NULL, cv_target_get_host (target),
                              cv_target_get_port (target), report);
  entry = cv_trust_check_decide (check, trust ? CV_TRUST_DECISION_TRUST
                                              : CV_TRUST_DECISION_REJECT,
                                 options->all_names);
  /* Not over a decision another program saved since it was read */
  if (!cv_trust_store_save_over (store, entry, before, &error))
    {
      cv_cli_print_store_notice (store);
      cv_cli_print_error (error);
      return g_error_matches (error, CV_ERROR, CV_ERROR_TRUST_STORE_CHANGED)
             ? CV_EXIT_INVALID : CV_EXIT_FAILED;
    }
  cv_cli_print_store_notice (store);

  if (trust)
    g_print (_("Always trusting %s with SHA-256 %s.\n"), name, served);
  else
    g_print (_("Always rejecting %s with SHA-256 %s.\n"), name, served);
  if (before != NULL && !cv_trust_entry_same_decision (before, entry))
    {
      const char *sha256 = cv_trust_entry_get_certificate_sha256 (before);

      if (cv_trust_entry_get_decision (before) == CV_TRUST_DECISION_TRUST)
        g_print (_("This replaces the decision saved before: Always trust, SHA-256 %s.\n"),
                 sha256);
      else
        g_print (_("This replaces the decision saved before: Always reject, SHA-256 %s.\n"),
                 sha256);
    }
  if (trust && !cv_report_get_valid (report))
    {
      g_autofree char *intro =
        g_strdup_printf (_("The certificate of %s is not valid on its own; the saved "
                           "decision trusts it over these problems:"), name);

      print_problems (report, intro);
    }

  names = cv_trust_entry_get_names (entry);
  if (names[0] != NULL)
    {
      g_autoptr(GStrvBuilder) covered = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) own = g_strv_builder_new ();
      g_auto(GStrv) covered_names = NULL;
      g_auto(GStrv) own_names = NULL;

      /* A name with a decision of its own goes by that one, as the prompt does */
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autoptr(CvTrustEntry) its_own = own_decision (store, names[i],
                                                          cv_trust_entry_get_port (entry), NULL);

          g_strv_builder_add (its_own != NULL ? own : covered, names[i]);
        }
      covered_names = g_strv_builder_end (covered);
      own_names = g_strv_builder_end (own);
      if (covered_names[0] != NULL)
        {
          g_autofree char *list = g_strjoinv (", ", covered_names);

          g_print (_("The decision covers the certificate's other names on port %u too: "
                     "%s.\n"), cv_trust_entry_get_port (entry), list);
        }
      if (own_names[0] != NULL)
        {
          g_autofree char *list = g_strjoinv (", ", own_names);

          g_print (_("These names keep the decision saved for them: %s.\n"), list);
        }
    }
  else if (options->all_names)
    g_print (_("The certificate names no other host that a decision can cover (IP "
               "addresses are covered only by a decision of their own): this one is for "
               "%s alone.\n"), name);
  return CV_EXIT_VALID;
}

/* One line for a script: no tab or line break inside a field */
static void
print_watch_line (CvTrustWatchResult *result)
{
  g_autofree char *detail = g_strdup (cv_trust_watch_result_get_detail (result));

  g_strdelimit (detail, "\t\r\n", ' ');
  g_print ("%s\t%s\t%s\n", cv_trust_entry_get_key (cv_trust_watch_result_get_entry (result)),
           cv_trust_watch_status_to_string (cv_trust_watch_result_get_status (result)),
           detail);
}

/* Sends the notification of @results as the application (no GTK: GIO's own
 * notification backends), while a window of it may be running: not unique. FALSE
 * with @error set when there is no session bus. */
static gboolean
send_notification (GPtrArray  *results,
                   gint64      checked,
                   GError    **error)
{
  g_autoptr(GNotification) notification = cv_trust_watch_results_to_notification (results,
                                                                                 checked);
  g_autoptr(GApplication) application = NULL;
  GDBusConnection *connection;

  if (notification == NULL)
    return TRUE;

  application = g_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (application, NULL, error))
    return FALSE;
  connection = g_application_get_dbus_connection (application);
  if (connection == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("No notification could be sent: there is no D-Bus session "
                             "bus. Run the check inside your desktop session, or leave out "
                             "--notify."));
      return FALSE;
    }
  g_application_send_notification (application, CV_TRUST_NOTIFICATION_ID, notification);
  /* The message is queued: it must leave before the program ends */
  return g_dbus_connection_flush_sync (connection, NULL, error);
}

/* --check-trusted: every saved server probed again; a check changes no decision */
static CvExit
run_check_trusted (CvCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTrustStore) store = cv_cli_open_store (options, &error);
  g_autoptr(CvTrustWatch) watch = NULL;
  g_autoptr(GPtrArray) results = NULL;
  gint64 checked = g_get_real_time () / G_USEC_PER_SEC;
  gboolean needs_action = FALSE;

  if (store == NULL)
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }

  watch = cv_trust_watch_new (store);
  cv_trust_watch_set_timeout_ms (watch, (guint) (options->timeout * 1000));
  cv_trust_watch_set_ca_file (watch, options->ca_file);
  cv_trust_watch_set_revocation (watch, options->revocation_mode);
  if (options->warn_days != CV_CLI_WARN_DAYS_UNSET)
    cv_trust_watch_set_warn_days (watch, (guint) options->warn_days);

  results = cv_trust_watch_run (watch, NULL, &error);
  if (results == NULL)
    {
      cv_cli_print_error (error);
      return CV_EXIT_FAILED;
    }

  for (guint i = 0; i < results->len; i++)
    needs_action |= cv_trust_watch_status_needs_action (
      cv_trust_watch_result_get_status (g_ptr_array_index (results, i)));

  if (options->json)
    {
      g_autofree char *json = cv_trust_watch_results_to_json (results, checked);

      /* NULL: json-glib is missing, which the library has said */
      if (json == NULL)
        return CV_EXIT_FAILED;
      fputs (json, stdout);
    }
  else if (results->len == 0)
    g_print (_("No saved decisions to check.\n"));
  else
    for (guint i = 0; i < results->len; i++)
      print_watch_line (g_ptr_array_index (results, i));

  if (fflush (stdout) != 0)
    return CV_EXIT_FAILED;
  /* Only a server that needs action is notified of, and its exit status says so
   * already */
  if (options->notify && !send_notification (results, checked, &error))
    cv_cli_print_error (error);
  return needs_action ? CV_EXIT_INVALID : CV_EXIT_VALID;
}

CvExit
cv_cli_run_store_mode (CvCliOptions *options)
{
  if (options->check_trusted)
    return run_check_trusted (options);
  if (options->list_trusted)
    return run_list_trusted (options);
  if (options->forget != NULL)
    return run_forget (options);
  if (options->trust != NULL || options->distrust != NULL)
    return run_pin (options);
  if (options->import_trusted != NULL)
    return cv_cli_run_import (options);
  g_assert (options->export_trusted != NULL || options->export_known_hosts != NULL);
  return cv_cli_run_export (options);
}
