/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A certificate file from anywhere (a download, a mail attachment): PEM, DER or a
 * PKCS #7 bundle, through the reader that the window and the command line use.
 * What it refuses, it refuses with a CV_ERROR whose message is safe to show; what
 * it accepts is a chain of one to CV_PROBE_MAX_CHAIN certificates, each of which
 * the certificate model reads or refuses with an error of its own.
 */
#include "config.h"

#include "fuzz-common.h"

#include "cv-certificate.h"
#include "cv-error.h"
#include "cv-probe.h"
#include "cv-verifier-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) contents = g_bytes_new (data, size);
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;

  cv_fuzz_init ();

  chain = cv_verifier_parse_file ("input.p7b", contents, &error);
  if (chain == NULL)
    {
      cv_fuzz_check (error != NULL && error->domain == CV_ERROR);
      cv_fuzz_check (cv_fuzz_text_is_safe (error->message));
      return 0;
    }

  cv_fuzz_check (error == NULL);
  cv_fuzz_check (chain->len >= 1 && chain->len <= CV_PROBE_MAX_CHAIN);
  for (guint i = 0; i < chain->len; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(CvCertificate) certificate = NULL;

      cv_fuzz_check (g_bytes_get_size (chain->pdata[i]) > 0);
      certificate = cv_certificate_new_from_der (chain->pdata[i], &local);
      cv_fuzz_check ((certificate != NULL) != (local != NULL));
      if (certificate != NULL)
        cv_fuzz_check (cv_fuzz_text_is_safe (cv_certificate_get_display_name (certificate)));
      else
        cv_fuzz_check (cv_fuzz_text_is_safe (local->message));
    }
  return 0;
}
