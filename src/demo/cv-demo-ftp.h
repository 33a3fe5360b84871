/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-demo-conn.h"

G_BEGIN_DECLS

/*
 * Serves one client to the end as its protocol and behaviour say: the FTP
 * dialogue with AUTH TLS, implicit FTPS or direct TLS, or one of the hostile
 * or broken servers of CvDemoBehaviour. Returns when the client is gone, the
 * dialogue ends or the server stops; closing the socket is the caller's.
 */
void cv_demo_ftp_serve (CvDemoConn *c);

G_END_DECLS
