/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The trust store loader on a damaged or hostile file. Whatever it accepts must
 * be written back so that it reads as the same decisions: otherwise the next
 * save would silently change or lose what the user decided.
 */
#include "config.h"

#include "fuzz-common.h"

#include "cv-error.h"
#include "cv-trust-store.h"

#include <string.h>

static void
check_same_entry (CvTrustEntry *a,
                  CvTrustEntry *b)
{
  cv_fuzz_check (g_str_equal (cv_trust_entry_get_key (a), cv_trust_entry_get_key (b)));
  cv_fuzz_check (g_str_equal (cv_trust_entry_get_host (a), cv_trust_entry_get_host (b)));
  cv_fuzz_check (cv_trust_entry_get_port (a) == cv_trust_entry_get_port (b));
  cv_fuzz_check (cv_trust_entry_get_decision (a) == cv_trust_entry_get_decision (b));
  cv_fuzz_check (g_str_equal (cv_trust_entry_get_certificate_sha256 (a),
                              cv_trust_entry_get_certificate_sha256 (b)));
  cv_fuzz_check (g_str_equal (cv_trust_entry_get_public_key_pin (a),
                              cv_trust_entry_get_public_key_pin (b)));
  cv_fuzz_check (g_str_equal (cv_trust_entry_get_subject (a),
                              cv_trust_entry_get_subject (b)));
  cv_fuzz_check (g_str_equal (cv_trust_entry_get_issuer (a), cv_trust_entry_get_issuer (b)));
  cv_fuzz_check (cv_trust_entry_get_not_after (a) == cv_trust_entry_get_not_after (b));
  cv_fuzz_check (cv_trust_entry_get_created (a) == cv_trust_entry_get_created (b));
  cv_fuzz_check (cv_trust_entry_get_last_seen (a) == cv_trust_entry_get_last_seen (b));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(GHashTable) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  GHashTableIter iter;
  gpointer key, value;

  cv_fuzz_init ();

  entries = cv_trust_store_parse ((const char *) data, size, &error);
  if (entries == NULL)
    {
      cv_fuzz_check (error != NULL && error->domain == CV_ERROR);
      cv_fuzz_check (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  cv_fuzz_check (error == NULL);

  text = cv_trust_store_serialize (entries);
  again = cv_trust_store_parse (text, strlen (text), &error);
  if (again == NULL)
    g_printerr ("The store written back does not parse: %s\n%s", error->message, text);
  cv_fuzz_check (again != NULL);
  cv_fuzz_check (g_hash_table_size (again) == g_hash_table_size (entries));

  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      CvTrustEntry *entry = value;
      CvTrustEntry *other = g_hash_table_lookup (again, cv_trust_entry_get_key (entry));

      /* The table is keyed by the entry's own key */
      cv_fuzz_check (g_str_equal (key, cv_trust_entry_get_key (entry)));
      if (other == NULL)
        g_printerr ("“%s” is lost in:\n%s", cv_trust_entry_get_key (entry), text);
      cv_fuzz_check (other != NULL);
      check_same_entry (entry, other);
    }

  /* Saving twice writes the same file */
  text_again = cv_trust_store_serialize (again);
  cv_fuzz_check (g_str_equal (text, text_again));
  return 0;
}
