/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cv-enums.h"
#include "cv-export.h"

G_BEGIN_DECLS

/**
 * CvProtocol:
 * @CV_PROTOCOL_FTP_EXPLICIT: FTP, then AUTH TLS on the control connection (RFC 4217)
 * @CV_PROTOCOL_FTP_IMPLICIT: implicit FTPS: TLS from the first byte
 * @CV_PROTOCOL_DIRECT_TLS: any TLS service: TLS from the first byte, no FTP
 *
 * How a server is reached. The nicks of the enum type are the names of
 * cv_protocol_to_string(): "ftp-explicit-tls", "ftp-implicit-tls", "direct-tls".
 */
typedef enum
{
  CV_PROTOCOL_FTP_EXPLICIT, /*< nick=ftp-explicit-tls >*/
  CV_PROTOCOL_FTP_IMPLICIT, /*< nick=ftp-implicit-tls >*/
  CV_PROTOCOL_DIRECT_TLS,   /*< nick=direct-tls >*/
} CvProtocol;

#define CV_N_PROTOCOLS 3

/**
 * cv_protocol_to_string:
 * @protocol: the protocol
 *
 * The name of @protocol in the JSON output: "ftp-explicit-tls", "ftp-implicit-tls" or
 * "direct-tls".
 *
 * Returns: the name
 */
CV_EXPORT
const char *cv_protocol_to_string       (CvProtocol   protocol);

/**
 * cv_protocol_from_string:
 * @name: the name
 * @protocol: (out): where to store the protocol
 *
 * Reads a protocol name as cv_protocol_to_string() writes it.
 *
 * Returns: %TRUE when @name is a protocol name
 */
CV_EXPORT
gboolean    cv_protocol_from_string     (const char  *name,
                                         CvProtocol  *protocol);

/**
 * cv_protocol_get_label:
 * @protocol: the protocol
 *
 * The protocol for people, translated: "FTP with explicit TLS (AUTH TLS)", …
 *
 * Returns: the label
 */
CV_EXPORT
const char *cv_protocol_get_label       (CvProtocol   protocol);

/**
 * cv_protocol_get_default_port:
 * @protocol: the protocol
 *
 * The port a protocol uses unless told otherwise: 21, 990 or 443.
 *
 * Returns: the port
 */
CV_EXPORT
guint16     cv_protocol_get_default_port (CvProtocol  protocol);

#define CV_TYPE_TARGET (cv_target_get_type ())

/**
 * CvTarget:
 *
 * A server to inspect: host, port and protocol. Immutable. Its construct properties
 * "host", "port" and "protocol" take what cv_target_new() takes, port 0 included.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvTarget, cv_target, CV, TARGET, GObject)

/**
 * cv_target_new:
 * @host: the host name or address
 * @port: the port, or 0 for the protocol's default port
 * @protocol: the protocol
 *
 * A target for @host and @port. @host is a DNS name or an IP address, not empty and
 * without brackets ("::1", not "[::1]"); it is not checked further, unlike the text
 * cv_target_parse() reads. A @port of 0 stands for the default port of @protocol
 * (cv_protocol_get_default_port()): cv_target_get_port() then gives 21, 990 or 443.
 *
 * An empty @host or one in brackets is a programming error: %NULL is returned, with a
 * critical warning.
 *
 * Returns: (transfer full) (nullable): the new target, or %NULL for a @host that
 *   cannot be one
 */
CV_EXPORT
CvTarget   *cv_target_new           (const char  *host,
                                     guint16      port,
                                     CvProtocol   protocol);

/**
 * cv_target_parse:
 * @text: the text to parse
 * @default_protocol: the protocol of text that names no scheme
 * @error: return location for a #GError, or %NULL
 *
 * Parses what people type: "host", "host:port", "[v6::addr]:port" or a URL ("ftp://",
 * "ftpes://", "ftps://", "https://", "tls://").
 *
 * A scheme names the protocol: "ftp://" and "ftpes://" FTP with explicit TLS,
 * "ftps://" implicit FTPS, "https://" and "tls://" direct TLS. Text without a scheme
 * takes its protocol from a well-known port: 21 is FTP with explicit TLS, 990
 * implicit FTPS, and 443, 465, 563, 636, 853, 989, 992, 993, 994, 995, 5061 and 8443
 * are direct TLS, whatever @default_protocol says; any other port, or no port, takes
 * @default_protocol. Text without a port gets the default port of its protocol
 * (cv_protocol_get_default_port()). So "example.com:990" is implicit FTPS,
 * "example.com:2121" and "example.com" are @default_protocol, and the latter on that
 * protocol's port.
 *
 * Returns: (transfer full): the target, or %NULL with @error set
 *   (%CV_ERROR_INVALID_TARGET)
 */
CV_EXPORT
CvTarget   *cv_target_parse         (const char  *text,
                                     CvProtocol   default_protocol,
                                     GError     **error);

/**
 * cv_target_is_port_guessed:
 * @self: a #CvTarget
 *
 * Whether the target was parsed from text that named neither a scheme nor a port: its
 * port is only the default protocol's.
 *
 * Returns: %TRUE when the port was not given
 */
CV_EXPORT
gboolean    cv_target_is_port_guessed (CvTarget *self);

/**
 * cv_target_with_default_protocol:
 * @self: a #CvTarget
 * @default_protocol: the protocol to apply
 *
 * @self as cv_target_parse() would have made it with @default_protocol: another target
 * when @self came from text that named no scheme (and the port, when the text named
 * none, the protocol's default), else @self. For a program whose default protocol is a
 * setting read after the command line was parsed.
 *
 * Returns: (transfer full): a target
 */
CV_EXPORT
CvTarget   *cv_target_with_default_protocol (CvTarget   *self,
                                             CvProtocol  default_protocol);

/**
 * cv_target_get_host:
 * @self: a #CvTarget
 *
 * The host without brackets, lower-case for DNS names: "ftp.example.com", "::1".
 *
 * Returns: the host
 */
CV_EXPORT
const char *cv_target_get_host      (CvTarget    *self);

/**
 * cv_target_get_port:
 * @self: a #CvTarget
 *
 * The port to connect to.
 *
 * Returns: the port
 */
CV_EXPORT
guint16     cv_target_get_port      (CvTarget    *self);

/**
 * cv_target_get_protocol:
 * @self: a #CvTarget
 *
 * How the server is reached.
 *
 * Returns: the protocol
 */
CV_EXPORT
CvProtocol  cv_target_get_protocol  (CvTarget    *self);

/**
 * cv_target_is_ip_literal:
 * @self: a #CvTarget
 *
 * Whether the host is an IPv4 or IPv6 address: no SNI is sent for those.
 *
 * Returns: %TRUE for an address
 */
CV_EXPORT
gboolean    cv_target_is_ip_literal (CvTarget    *self);

/**
 * cv_target_to_string:
 * @self: a #CvTarget
 *
 * The target for people and for trust-store keys: "ftp.example.com:21", "[::1]:990".
 *
 * Returns: (transfer full): the text
 */
CV_EXPORT
char       *cv_target_to_string     (CvTarget    *self);

/**
 * cv_target_to_uri:
 * @self: a #CvTarget
 *
 * The target as a URL: "ftp://ftp.example.com:21", "ftps://[::1]:990",
 * "tls://host:443".
 *
 * Returns: (transfer full): the URL
 */
CV_EXPORT
char       *cv_target_to_uri        (CvTarget    *self);

G_END_DECLS
