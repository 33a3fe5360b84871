/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>
#include <sys/socket.h>

G_BEGIN_DECLS

/* An IPv4 or IPv6 address as the C library keeps it. The probe connects with
 * these and the C library's sockets, so that inspecting a server loads none of
 * GIO's networking (its types, its resolver, its socket class). */
typedef struct
{
  int family;                   /* AF_INET or AF_INET6 */
  union
  {
    struct in_addr  v4;
    struct in6_addr v6;
  } bytes;
} CvInetAddress;

/* TRUE when @text is an IP address in the usual notation (dotted IPv4, IPv6 as
 * RFC 4291 writes it, without brackets or a zone), filling @address */
gboolean cv_inet_address_parse     (const char          *text,
                                    CvInetAddress       *address);
/* The address in its canonical notation (RFC 5952 for IPv6) */
char    *cv_inet_address_to_string (const CvInetAddress *address);
/* The address and @port as a socket address for connect() */
socklen_t cv_inet_address_to_native (const CvInetAddress     *address,
                                     guint16                  port,
                                     struct sockaddr_storage *native);

G_END_DECLS
