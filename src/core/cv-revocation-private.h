/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cv-revocation.h"

G_BEGIN_DECLS

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)

/* Building answers, for the judges and the check (cv-revocation.c) */

CvRevocation      *cv_revocation_new_answer      (CvRevocationMethod  method,
                                                  CvRevocationStatus  status,
                                                  const char         *responder,
                                                  const char         *why);
/* No answer to be had, and @why in words */
CvRevocation      *cv_revocation_new_not_checked (CvRevocationMethod  method,
                                                  const char         *responder,
                                                  const char         *why);
/* Unix seconds, -1 for not known */
void               cv_revocation_set_times       (CvRevocation       *self,
                                                  gint64              produced_at,
                                                  gint64              this_update,
                                                  gint64              next_update);
void               cv_revocation_set_revoked     (CvRevocation       *self,
                                                  gint64              revoked_at,
                                                  guint               reason);

G_END_DECLS
