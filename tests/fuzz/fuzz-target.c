/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The target parser on arbitrary text: never crashes, fails with a CV_ERROR whose
 * message is safe to show, and what it accepts survives a round trip through the
 * URI form the program prints.
 */
#include "config.h"

#include "fuzz-common.h"

#include "cv-error.h"
#include "cv-target.h"

#include <gio/gio.h>
#include <string.h>

static void
check_round_trip (CvTarget   *target,
                  CvProtocol  default_protocol)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvTarget) again = NULL;
  g_autoptr(CvTarget) from_string = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;
  const char *host = cv_target_get_host (target);

  cv_fuzz_check (host != NULL && host[0] != '\0');
  cv_fuzz_check (cv_fuzz_text_is_safe (host) && strchr (host, '\n') == NULL);
  cv_fuzz_check (cv_target_get_port (target) != 0);
  cv_fuzz_check ((guint) cv_target_get_protocol (target) < CV_N_PROTOCOLS);

  /* The SNI decision rests on this */
  address = g_inet_address_new_from_string (host);
  cv_fuzz_check (cv_target_is_ip_literal (target) == (address != NULL));
  /* An address is kept in the notation GIO prints, which the saved decisions use */
  if (address != NULL)
    {
      g_autofree char *canonical = g_inet_address_to_string (address);

      cv_fuzz_check (g_str_equal (host, canonical));
    }

  uri = cv_target_to_uri (target);
  again = cv_target_parse (uri, default_protocol, &error);
  if (again == NULL)
    g_printerr ("“%s” does not parse again: %s\n", uri, error->message);
  cv_fuzz_check (again != NULL);
  cv_fuzz_check (g_str_equal (cv_target_get_host (again), host));
  cv_fuzz_check (cv_target_get_port (again) == cv_target_get_port (target));
  cv_fuzz_check (cv_target_get_protocol (again) == cv_target_get_protocol (target));

  /* "host:port" has no scheme, so only the address must survive */
  text = cv_target_to_string (target);
  from_string = cv_target_parse (text, cv_target_get_protocol (target), NULL);
  cv_fuzz_check (from_string != NULL);
  cv_fuzz_check (g_str_equal (cv_target_get_host (from_string), host));
  cv_fuzz_check (cv_target_get_port (from_string) == cv_target_get_port (target));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* As the command line and the entry hand it over: a C string */
  g_autofree char *text = g_strndup ((const char *) data, size);

  cv_fuzz_init ();

  for (guint p = 0; p < CV_N_PROTOCOLS; p++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvTarget) target = cv_target_parse (text, (CvProtocol) p, &error);

      if (target == NULL)
        {
          cv_fuzz_check (error != NULL);
          cv_fuzz_check (error->domain == CV_ERROR);
          if (!cv_fuzz_text_is_safe (error->message))
            g_printerr ("unsafe message: %s\n", error->message);
          cv_fuzz_check (cv_fuzz_text_is_safe (error->message));
          continue;
        }

      cv_fuzz_check (error == NULL);
      check_round_trip (target, (CvProtocol) p);
    }

  return 0;
}
