/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IP addresses through the C library: parsing, printing, socket addresses */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-inet-private.h"

#include <arpa/inet.h>
#include <string.h>

gboolean
cv_inet_address_parse (const char    *text,
                       CvInetAddress *address)
{
  CvInetAddress parsed = { 0 };

  g_return_val_if_fail (text != NULL, FALSE);

  if (inet_pton (AF_INET6, text, &parsed.bytes.v6) == 1)
    parsed.family = AF_INET6;
  else if (inet_pton (AF_INET, text, &parsed.bytes.v4) == 1)
    parsed.family = AF_INET;
  else
    return FALSE;

  if (address != NULL)
    *address = parsed;
  return TRUE;
}

char *
cv_inet_address_to_string (const CvInetAddress *address)
{
  char text[INET6_ADDRSTRLEN];

  g_return_val_if_fail (address != NULL, NULL);

  if (inet_ntop (address->family, &address->bytes, text, sizeof text) == NULL)
    g_return_val_if_reached (NULL);

  return g_strdup (text);
}

socklen_t
cv_inet_address_to_native (const CvInetAddress     *address,
                           guint16                  port,
                           struct sockaddr_storage *native)
{
  memset (native, 0, sizeof *native);

  if (address->family == AF_INET6)
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) native;

      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = g_htons (port);
      sin6->sin6_addr = address->bytes.v6;
      return sizeof *sin6;
    }
  else
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) native;

      sin->sin_family = AF_INET;
      sin->sin_port = g_htons (port);
      sin->sin_addr = address->bytes.v4;
      return sizeof *sin;
    }
}
