/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The importer of Certview's own export on a damaged or hostile file. Whatever it
 * accepts must be exported again so that it reads as the same decisions.
 */
#include "config.h"

#include "fuzz-trust.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  cv_fuzz_init ();

  entries = cv_trust_io_parse_json ((const char *) data, size, &error);
  cv_fuzz_check_trust_result (entries, error);
  return 0;
}
