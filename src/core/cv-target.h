/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cv-enums.h"

G_BEGIN_DECLS

/**
 * CvProtocol:
 * @CV_PROTOCOL_FTP_EXPLICIT: FTP, then AUTH TLS on the control connection (RFC 4217)
 * @CV_PROTOCOL_FTP_IMPLICIT: implicit FTPS: TLS from the first byte
 * @CV_PROTOCOL_DIRECT_TLS: any TLS service: TLS from the first byte, no FTP
 */
typedef enum
{
  CV_PROTOCOL_FTP_EXPLICIT, /*< nick=ftp-explicit-tls >*/
  CV_PROTOCOL_FTP_IMPLICIT, /*< nick=ftp-implicit-tls >*/
  CV_PROTOCOL_DIRECT_TLS,
} CvProtocol;

#define CV_N_PROTOCOLS 3

/* "ftp-explicit-tls", "ftp-implicit-tls", "direct-tls": the JSON contract's names */
const char *cv_protocol_to_string       (CvProtocol   protocol);
gboolean    cv_protocol_from_string     (const char  *name,
                                         CvProtocol  *protocol);
/* Translated, for people: "FTP with explicit TLS (AUTH TLS)", … */
const char *cv_protocol_get_label       (CvProtocol   protocol);
/* 21, 990, 443 */
guint16     cv_protocol_get_default_port (CvProtocol  protocol);

#define CV_TYPE_TARGET (cv_target_get_type ())

G_DECLARE_FINAL_TYPE (CvTarget, cv_target, CV, TARGET, GObject)

CvTarget   *cv_target_new           (const char  *host,
                                     guint16      port,
                                     CvProtocol   protocol);
CvTarget   *cv_target_parse         (const char  *text,
                                     CvProtocol   default_protocol,
                                     GError     **error);
/* TRUE for a target parsed from text that named neither a scheme nor a port: its
 * port is only the default protocol's */
gboolean    cv_target_is_port_guessed (CvTarget *self);
/* @self as cv_target_parse() would have made it with @default_protocol: another
 * target when @self came from text that named no scheme (and the port, when the
 * text named none, the protocol's default), else @self. For a program whose
 * default protocol is a setting read after the command line was parsed. */
CvTarget   *cv_target_with_default_protocol (CvTarget   *self,
                                             CvProtocol  default_protocol);
/* Host without brackets, lower-case for DNS names: "ftp.example.com", "::1" */
const char *cv_target_get_host      (CvTarget    *self);
guint16     cv_target_get_port      (CvTarget    *self);
CvProtocol  cv_target_get_protocol  (CvTarget    *self);
/* TRUE when the host is an IPv4 or IPv6 literal: no SNI is sent for those */
gboolean    cv_target_is_ip_literal (CvTarget    *self);
/* "ftp.example.com:21", "[::1]:990": for people and for trust-store keys */
char       *cv_target_to_string     (CvTarget    *self);
/* "ftp://ftp.example.com:21", "ftps://[::1]:990", "tls://host:443" */
char       *cv_target_to_uri        (CvTarget    *self);

G_END_DECLS
