/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bounds on what a server may send on the control connection. */
#define CV_FTP_MAX_LINE   4096          /* bytes in one reply line, CRLF included */
#define CV_FTP_MAX_REPLY  (64 * 1024)   /* bytes in one (multi-line) reply */

typedef struct
{
  guint  code;   /* 100..599 */
  char  *text;   /* the reply's text, lines joined with '\n', codes and CRLF removed */
} CvFtpReply;

void        cv_ftp_reply_free          (CvFtpReply  *reply);

/*
 * Parses one reply (RFC 959 §4.2, single or multi-line) from the start of @data.
 * Returns a reply and sets @consumed to its length in bytes when @data holds a
 * whole reply; returns NULL with no error when more data is needed; returns NULL
 * with CV_ERROR_PROTOCOL when the data is not an FTP reply or breaks the bounds.
 */
CvFtpReply *cv_ftp_reply_parse         (const char  *data,
                                        gsize        len,
                                        gsize       *consumed,
                                        GError     **error);

/* What a reply code means, in plain translated words, e.g. 534 → "the server's
 * policy refuses the request". Never NULL: unknown codes get their class meaning. */
const char *cv_ftp_reply_code_meaning  (guint        code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvFtpReply, cv_ftp_reply_free)

G_END_DECLS
