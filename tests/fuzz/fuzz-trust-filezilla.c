/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The importer of FileZilla's trustedcerts.xml on a damaged or hostile file, with
 * the certificates in it: whatever it accepts must survive the export unchanged.
 */
#include "config.h"

#include "fuzz-trust.h"

/* A fixed "now", so that a finding replays the same */
#define NOW G_GINT64_CONSTANT (1700000000)

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  cv_fuzz_init ();

  entries = cv_trust_io_parse_filezilla ((const char *) data, size, NOW, &error);
  cv_fuzz_check_trust_result (entries, error);
  return 0;
}
