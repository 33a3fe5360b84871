/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The FTP reply parser over what a server might send: replies are taken one
 * after another as the probe does. Beyond not crashing, a reply must not depend
 * on how the bytes arrived: the parser sees the same reply in exactly its own
 * bytes, and only "need more data" in any shorter prefix of them.
 */
#include "config.h"

#include "fuzz-common.h"

#include "cv-error.h"
#include "cv-ftp-reply.h"

#include <string.h>

static void
check_prefixes (const char *data,
                CvFtpReply *reply,
                gsize       consumed)
{
  /* The whole prefix range would be quadratic; these catch the boundaries */
  const gsize lengths[] = { 0, 1, 3, 4, consumed / 2, consumed - 2, consumed - 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CvFtpReply) exact = NULL;
  gsize exact_consumed = 0;

  exact = cv_ftp_reply_parse (data, consumed, &exact_consumed, &error);
  cv_fuzz_check (exact != NULL && error == NULL);
  cv_fuzz_check (exact_consumed == consumed);
  cv_fuzz_check (exact->code == reply->code);
  cv_fuzz_check (g_str_equal (exact->text, reply->text));

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(GError) prefix_error = NULL;
      g_autoptr(CvFtpReply) partial = NULL;
      gsize partial_consumed = 1;

      if (lengths[i] >= consumed)
        continue;

      partial = cv_ftp_reply_parse (data, lengths[i], &partial_consumed, &prefix_error);
      if (prefix_error != NULL)
        g_printerr ("prefix of %" G_GSIZE_FORMAT " bytes: %s\n", lengths[i],
                    prefix_error->message);
      cv_fuzz_check (partial == NULL && prefix_error == NULL);
      cv_fuzz_check (partial_consumed == 0);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  gsize pos = 0;

  cv_fuzz_init ();

  while (pos < size)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvFtpReply) reply = NULL;
      gsize consumed = G_MAXSIZE;

      reply = cv_ftp_reply_parse (text + pos, size - pos, &consumed, &error);
      if (reply == NULL)
        {
          cv_fuzz_check (consumed == 0);
          if (error != NULL)
            {
              cv_fuzz_check (error->domain == CV_ERROR);
              cv_fuzz_check (cv_fuzz_text_is_safe (error->message));
            }
          break;
        }

      cv_fuzz_check (error == NULL);
      cv_fuzz_check (consumed > 0 && consumed <= size - pos);
      cv_fuzz_check (consumed <= CV_FTP_MAX_REPLY);
      cv_fuzz_check (reply->code >= 100 && reply->code <= 599);
      cv_fuzz_check (reply->text != NULL && g_utf8_validate (reply->text, -1, NULL));
      cv_fuzz_check (cv_ftp_reply_code_meaning (reply->code) != NULL);

      check_prefixes (text + pos, reply, consumed);
      pos += consumed;
    }

  return 0;
}
