/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A server with a saved decision that no longer offers TLS */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-check.h"

#include "cv-error.h"
#include "cv-trust-store-private.h"

#include <glib/gi18n-lib.h>

gboolean
cv_trust_check_tls_still_offered (CvTrustStore  *store,
                                  const char    *host,
                                  guint16        port,
                                  const GError  *probe_error,
                                  GError       **error)
{
  g_autoptr(CvTrustEntry) saved = NULL;
  g_autofree char *forget = NULL;

  g_return_val_if_fail (store == NULL || CV_IS_TRUST_STORE (store), TRUE);
  g_return_val_if_fail (host != NULL, TRUE);
  g_return_val_if_fail (error == NULL || *error == NULL, TRUE);

  if (store == NULL || !g_error_matches (probe_error, CV_ERROR, CV_ERROR_TLS_NOT_OFFERED))
    return TRUE;

  /* A store that cannot be read knows of no decision; the failure stays what it was */
  saved = cv_trust_store_lookup (store, host, port, NULL);
  if (saved == NULL)
    return TRUE;

  forget = cv_trust_store_dup_forget_command (store, cv_trust_entry_get_key (saved));
  /* TRANSLATORS: the last %s is the command that forgets the decision, as
   * "certview --forget ftp.example.com:21" */
  g_set_error (error, CV_ERROR, CV_ERROR_TLS_DOWNGRADED,
               _("%s no longer offers TLS, but it did when you decided on its certificate "
                 "(SHA-256 %s): %s Do not send passwords or files to it: nothing would be "
                 "encrypted, and someone on the way may be removing TLS. Ask the server's "
                 "administrator; if TLS was switched off on purpose, remove the decision "
                 "with %s."),
               cv_trust_entry_get_key (saved), cv_trust_entry_get_certificate_sha256 (saved),
               probe_error->message, forget);
  return FALSE;
}
