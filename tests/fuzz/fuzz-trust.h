/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fuzz-common.h"

#include "cv-error.h"
#include "cv-trust-io.h"

#include <string.h>

G_BEGIN_DECLS

/* The same decision: what an import keeps, times and texts included */
static inline void
cv_fuzz_check_same_entry (CvTrustEntry *a,
                          CvTrustEntry *b)
{
  cv_fuzz_check (cv_trust_entry_same_decision (a, b));
  cv_fuzz_check (g_str_equal (cv_trust_entry_get_host (a), cv_trust_entry_get_host (b)));
  cv_fuzz_check (cv_trust_entry_get_port (a) == cv_trust_entry_get_port (b));
  cv_fuzz_check (cv_trust_entry_get_decision (a) == cv_trust_entry_get_decision (b));
  cv_fuzz_check (g_str_equal (cv_trust_entry_get_decision_name (a),
                              cv_trust_entry_get_decision_name (b)));
  cv_fuzz_check (g_str_equal (cv_trust_entry_get_subject (a),
                              cv_trust_entry_get_subject (b)));
  cv_fuzz_check (g_str_equal (cv_trust_entry_get_issuer (a), cv_trust_entry_get_issuer (b)));
  cv_fuzz_check (cv_trust_entry_get_not_after (a) == cv_trust_entry_get_not_after (b));
  cv_fuzz_check (cv_trust_entry_get_created (a) == cv_trust_entry_get_created (b));
  cv_fuzz_check (cv_trust_entry_get_last_seen (a) == cv_trust_entry_get_last_seen (b));
}

/*
 * What a parser did with hostile input: either a CV_ERROR with a message fit to
 * show, or decisions that the export writes so that they read back the same, and
 * that are written the same way again. Otherwise importing and exporting would
 * silently change or lose what the user decided.
 */
static inline void
cv_fuzz_check_trust_result (GPtrArray *entries,
                            GError    *error)
{
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  g_autoptr(GHashTable) keys = NULL;

  if (entries == NULL)
    {
      cv_fuzz_check (error != NULL && error->domain == CV_ERROR &&
                     error->code == CV_ERROR_TRUST_STORE);
      cv_fuzz_check (cv_fuzz_text_is_safe (error->message));
      return;
    }
  cv_fuzz_check (error == NULL);

  /* One decision per server */
  keys = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < entries->len; i++)
    cv_fuzz_check (g_hash_table_add (keys, (gpointer) cv_trust_entry_get_key (
                                       g_ptr_array_index (entries, i))));

  json = cv_trust_io_to_json (entries);
  cv_fuzz_check (g_str_has_suffix (json, "\n"));
  again = cv_trust_io_parse_json (json, strlen (json), &again_error);
  if (again == NULL)
    g_printerr ("The export does not read back: %s\n%s", again_error->message, json);
  cv_fuzz_check (again != NULL);
  cv_fuzz_check (again->len == entries->len);
  for (guint i = 0; i < entries->len; i++)
    cv_fuzz_check_same_entry (g_ptr_array_index (entries, i), g_ptr_array_index (again, i));

  json_again = cv_trust_io_to_json (again);
  cv_fuzz_check (g_str_equal (json, json_again));
}

G_END_DECLS
