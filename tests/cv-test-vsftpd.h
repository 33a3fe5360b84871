/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-cert-factory.h"

G_BEGIN_DECLS

/* A real vsftpd on 127.0.0.1, configured and run by the test */
typedef struct
{
  GSubprocess *process;
  char        *dir;         /* configuration, certificates, the served files under pub/ */
  char        *ca_file;     /* the factory's root CA */
  char        *chain_file;
  guint16      port;
  int          mode;
  /* Clients must send a certificate of their own; TLS 1.2 at most */
  gboolean     require_client_certificate;
  gboolean     tls12_only;
} CvTestVsftpd;

typedef enum
{
  CV_TEST_VSFTPD_EXPLICIT,  /* AUTH TLS on the control connection */
  CV_TEST_VSFTPD_IMPLICIT,  /* implicit FTPS */
  CV_TEST_VSFTPD_PLAIN,     /* no TLS: AUTH TLS is refused */
} CvTestVsftpdMode;

/* Starts vsftpd serving a certificate issued by @factory for localhost with
 * @problems, and waits until it accepts connections. Fails the test on error. */
void cv_test_vsftpd_start (CvTestVsftpd     *self,
                           CvCertFactory    *factory,
                           CvTestVsftpdMode  mode,
                           CvCertProblem     problems);
/* Stops vsftpd and starts it again on the same port with a new certificate
 * (and so a new key) with @problems */
void cv_test_vsftpd_restart (CvTestVsftpd   *self,
                             CvCertFactory  *factory,
                             CvCertProblem   problems);
/* Stops vsftpd and starts it again on the same port with the same certificate in
 * @mode: CV_TEST_VSFTPD_PLAIN switches TLS off (ssl_enable=NO) */
void cv_test_vsftpd_restart_as (CvTestVsftpd     *self,
                                CvTestVsftpdMode  mode);
/* Stops vsftpd and starts it again on the same port, requiring a client
 * certificate (which it does not check), over TLS 1.2 at most if @tls12_only */
void cv_test_vsftpd_restart_requiring_client_certificate (CvTestVsftpd *self,
                                                          gboolean      tls12_only);
/* Stops vsftpd and removes its files */
void cv_test_vsftpd_stop  (CvTestVsftpd     *self);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvTestVsftpd, cv_test_vsftpd_stop)

G_END_DECLS
