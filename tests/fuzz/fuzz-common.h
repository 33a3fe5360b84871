/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

G_BEGIN_DECLS

/* libFuzzer's entry point; also called by replay.c when CI replays a corpus */
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/*
 * Once per process: a critical or warning from GLib means the input drove the
 * core into a state it does not expect, so it must crash like any other bug.
 */
static inline void
cv_fuzz_init (void)
{
  static gboolean done = FALSE;

  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* Text that a user sees must be UTF-8 with no control character other than
 * '\n', so that hostile input cannot garble a terminal or a label. */
static inline gboolean
cv_fuzz_text_is_safe (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '\n' && g_unichar_iscntrl (c))
        return FALSE;
    }

  return TRUE;
}

/* abort() rather than g_assert(): G_DISABLE_ASSERT must not turn a finding off */
#define cv_fuzz_check(expr) \
  G_STMT_START { \
    if (G_UNLIKELY (!(expr))) \
      { \
        g_printerr ("%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #expr); \
        abort (); \
      } \
  } G_STMT_END

G_END_DECLS
