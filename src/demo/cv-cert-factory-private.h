/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cv-cert-factory.h"

G_BEGIN_DECLS

/* What the factory's files share: its state, and how they report GnuTLS errors */

#define DAY_SECONDS (24 * 60 * 60)

struct _CvCertFactory
{
  GObject               parent_instance;

  gnutls_x509_privkey_t root_key;
  gnutls_x509_crt_t     root;
  gnutls_x509_privkey_t intermediate_key;
  gnutls_x509_crt_t     intermediate;
  /* Made on first use: the root of chains that nobody trusts */
  gnutls_x509_privkey_t rogue_key;
  gnutls_x509_crt_t     rogue;
  char                 *ca_pem;
  guint                 serial;
  /* With cv_cert_factory_set_reuse_leaf_key(): the key every leaf gets */
  gnutls_x509_privkey_t leaf_key;
  gboolean              reuse_leaf_key;
  /* The days a leaf is valid for from now; 0 for a year */
  guint                 leaf_days;
  /* What leaves carry for revocation checks */
  char                 *ocsp_url;
  char                 *crl_url;
  gboolean              must_staple;
  char                 *intermediate_key_pem;
  char                 *intermediate_pem;
  /* Made on first use: the intermediate's name on another key */
  gnutls_x509_privkey_t impostor_key;
  gnutls_x509_crt_t     impostor;
  char                 *last_serial;
};

/* TRUE when @ret is a GnuTLS success; otherwise sets @error, naming @what */
gboolean cv_cert_factory_check           (int             ret,
                                          const char     *what,
                                          GError        **error);
/* The same, short, for the chains of calls that build a certificate */
static inline gboolean
check (int         ret,
       const char *what,
       GError    **error)
{
  return cv_cert_factory_check (ret, what, error);
}
/* Makes the impostor (the intermediate's name on another key) on first use */
gboolean cv_cert_factory_ensure_impostor (CvCertFactory  *self,
                                          GError        **error);

G_END_DECLS
