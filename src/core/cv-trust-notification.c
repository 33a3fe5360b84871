/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-notification.h"

#include <glib/gi18n-lib.h>

#define SECONDS_PER_DAY (24 * 60 * 60)
/* The servers named in the body; the rest are counted */
#define MAX_LISTED 4

char *
cv_trust_watch_status_dup_summary (CvTrustWatchStatus status,
                                   guint              days_left)
{
  switch (status)
    {
    case CV_TRUST_WATCH_UNCHANGED:
      return g_strdup (_("Unchanged"));
    case CV_TRUST_WATCH_RENEWED:
      return g_strdup (_("Renewed, same key"));
    case CV_TRUST_WATCH_KEY_CHANGED:
      return g_strdup (_("Key changed"));
    case CV_TRUST_WATCH_EXPIRING:
      days_left = MAX (days_left, 1);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expires in %u day",
                                           "Expires in %u days", days_left), days_left);
    case CV_TRUST_WATCH_EXPIRED:
      return g_strdup (_("Expired"));
    case CV_TRUST_WATCH_REVOKED:
      return g_strdup (_("Revoked"));
    case CV_TRUST_WATCH_TLS_REFUSED:
      return g_strdup (_("TLS no longer offered"));
    case CV_TRUST_WATCH_NEW_PROBLEMS:
      return g_strdup (_("New problems"));
    case CV_TRUST_WATCH_UNREACHABLE:
    default:
      return g_strdup (_("Unreachable"));
    }
}

char *
cv_trust_watch_result_dup_summary (CvTrustWatchResult *result,
                                   gint64              now)
{
  gint64 left;

  g_return_val_if_fail (CV_IS_TRUST_WATCH_RESULT (result), NULL);

  left = cv_trust_watch_result_get_not_after (result) - now;
  return cv_trust_watch_status_dup_summary (
    cv_trust_watch_result_get_status (result),
    (guint) CLAMP ((left + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY, 1, G_MAXUINT));
}

char **
cv_trust_watch_results_dup_servers_needing_action (GPtrArray *results)
{
  g_autoptr(GStrvBuilder) servers = g_strv_builder_new ();

  g_return_val_if_fail (results != NULL, NULL);

  for (guint i = 0; i < results->len; i++)
    {
      CvTrustWatchResult *result = g_ptr_array_index (results, i);

      if (cv_trust_watch_status_needs_action (cv_trust_watch_result_get_status (result)))
        g_strv_builder_add (servers,
                            cv_trust_entry_get_key (cv_trust_watch_result_get_entry (result)));
    }
  return g_strv_builder_end (servers);
}

GNotification *
cv_trust_watch_results_to_notification (GPtrArray *results,
                                        gint64     now)
{
  g_auto(GStrv) servers = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  GNotification *notification;
  gboolean urgent = FALSE;
  guint n_servers, listed = 0;

  g_return_val_if_fail (results != NULL, NULL);

  servers = cv_trust_watch_results_dup_servers_needing_action (results);
  n_servers = g_strv_length (servers);
  if (n_servers == 0)
    return NULL;

  for (guint i = 0; i < results->len; i++)
    {
      CvTrustWatchResult *result = g_ptr_array_index (results, i);
      CvTrustWatchStatus status = cv_trust_watch_result_get_status (result);
      g_autofree char *summary = NULL;

      if (!cv_trust_watch_status_needs_action (status))
        continue;
      urgent |= status == CV_TRUST_WATCH_KEY_CHANGED || status == CV_TRUST_WATCH_REVOKED;
      if (listed++ >= MAX_LISTED)
        continue;
      summary = cv_trust_watch_result_dup_summary (result, now);
      if (body->len > 0)
        g_string_append_c (body, '\n');
      /* TRANSLATORS: a line of the notification: "host:port: what was found" */
      g_string_append_printf (body, _("%s: %s"),
                              cv_trust_entry_get_key (cv_trust_watch_result_get_entry (result)),
                              summary);
    }
  if (n_servers > MAX_LISTED)
    {
      guint more = n_servers - MAX_LISTED;

      g_string_append_c (body, '\n');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "and %u more server",
                                                 "and %u more servers", more), more);
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "A Saved Server Needs Attention",
                                        "%u Saved Servers Need Attention", n_servers),
                           n_servers);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_priority (notification, urgent ? G_NOTIFICATION_PRIORITY_HIGH
                                                    : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target_value (
    notification, CV_TRUST_NOTIFICATION_ACTION,
    g_variant_new_strv ((const char * const *) servers, -1));
  g_notification_add_button_with_target_value (notification, _("Show Saved Decisions"),
                                               CV_TRUST_NOTIFICATION_ACTION,
                                               g_variant_new_strv ((const char * const *) servers,
                                                                   -1));
  return notification;
}
