/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-probe-result-private.h"

struct _CvProbeResult
{
  GObject    parent_instance;

  CvTarget  *target;
  GPtrArray *chain;
  char      *tls_version;
  char      *cipher;
  char      *key_exchange;
  char      *server_name;
  char      *peer_address;
  char      *greeting;
  /* GBytes of a stapled OCSP response, or NULL, per position of the chain */
  GPtrArray *staples;
  char      *mac;
  char      *signature_algorithm;
  CvClientCertificate client_certificate;
  CvRevocation *revocation;
  /* CvRevocation, or NULL, per position of the chain */
  GPtrArray *authority_revocations;
  CvRevocation *anchor_revocation;
};

G_DEFINE_FINAL_TYPE (CvProbeResult, cv_probe_result, G_TYPE_OBJECT)

static void
cv_probe_result_finalize (GObject *object)
{
  CvProbeResult *self = CV_PROBE_RESULT (object);

  g_clear_object (&self->target);
  g_clear_pointer (&self->chain, g_ptr_array_unref);
  g_clear_pointer (&self->tls_version, g_free);
  g_clear_pointer (&self->cipher, g_free);
  g_clear_pointer (&self->key_exchange, g_free);
  g_clear_pointer (&self->server_name, g_free);
  g_clear_pointer (&self->peer_address, g_free);
  g_clear_pointer (&self->greeting, g_free);
  g_clear_pointer (&self->staples, g_ptr_array_unref);
  g_clear_pointer (&self->mac, g_free);
  g_clear_pointer (&self->signature_algorithm, g_free);
  g_clear_object (&self->revocation);
  g_clear_pointer (&self->authority_revocations, g_ptr_array_unref);
  g_clear_object (&self->anchor_revocation);

  G_OBJECT_CLASS (cv_probe_result_parent_class)->finalize (object);
}

static void
cv_probe_result_class_init (CvProbeResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cv_probe_result_finalize;
}

static void
cv_probe_result_init (CvProbeResult *self)
{
  self->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

CvProbeResult *
cv_probe_result_new (CvTarget *target)
{
  CvProbeResult *self;

  g_return_val_if_fail (CV_IS_TARGET (target), NULL);

  self = g_object_new (CV_TYPE_PROBE_RESULT, NULL);
  self->target = g_object_ref (target);
  return self;
}

CvTarget *
cv_probe_result_get_target (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->target;
}

GPtrArray *
cv_probe_result_get_chain (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->chain;
}

void
cv_probe_result_add_certificate (CvProbeResult *self,
                                 GBytes        *der)
{
  g_return_if_fail (CV_IS_PROBE_RESULT (self));
  g_return_if_fail (der != NULL);
  g_ptr_array_add (self->chain, g_bytes_ref (der));
}

const char *
cv_probe_result_get_tls_version (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->tls_version;
}

const char *
cv_probe_result_get_cipher (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->cipher;
}

const char *
cv_probe_result_get_key_exchange (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->key_exchange;
}

const char *
cv_probe_result_get_server_name (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->server_name;
}

const char *
cv_probe_result_get_peer_address (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->peer_address;
}

const char *
cv_probe_result_get_greeting (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->greeting;
}

void
cv_probe_result_set_connection_info (CvProbeResult *self,
                                     const char    *tls_version,
                                     const char    *cipher,
                                     const char    *key_exchange,
                                     const char    *server_name,
                                     const char    *peer_address,
                                     const char    *greeting)
{
  g_return_if_fail (CV_IS_PROBE_RESULT (self));

  g_free (self->tls_version);
  self->tls_version = g_strdup (tls_version);
  g_free (self->cipher);
  self->cipher = g_strdup (cipher);
  g_free (self->key_exchange);
  self->key_exchange = g_strdup (key_exchange);
  g_free (self->server_name);
  self->server_name = g_strdup (server_name);
  g_free (self->peer_address);
  self->peer_address = g_strdup (peer_address);
  g_free (self->greeting);
  self->greeting = g_strdup (greeting);
}

GPtrArray *
cv_probe_result_get_staples (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->staples;
}

void
cv_probe_result_set_staple (CvProbeResult *self,
                            guint          position,
                            GBytes        *response)
{
  g_return_if_fail (CV_IS_PROBE_RESULT (self));
  g_return_if_fail (response != NULL);

  if (self->staples == NULL)
    self->staples = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (self->staples->len <= position)
    g_ptr_array_set_size (self->staples, position + 1);
  g_clear_pointer (&g_ptr_array_index (self->staples, position), g_bytes_unref);
  g_ptr_array_index (self->staples, position) = g_bytes_ref (response);
}

CvRevocation *
cv_probe_result_get_revocation (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->revocation;
}

void
cv_probe_result_set_revocation (CvProbeResult *self,
                                CvRevocation  *revocation)
{
  g_return_if_fail (CV_IS_PROBE_RESULT (self));
  g_set_object (&self->revocation, revocation);
}

CvRevocation *
cv_probe_result_get_authority_revocation (CvProbeResult *self,
                                          guint          position)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);

  if (self->authority_revocations == NULL || position >= self->authority_revocations->len)
    return NULL;
  return g_ptr_array_index (self->authority_revocations, position);
}

void
cv_probe_result_set_authority_revocations (CvProbeResult *self,
                                           GPtrArray     *revocations)
{
  g_return_if_fail (CV_IS_PROBE_RESULT (self));
  g_clear_pointer (&self->authority_revocations, g_ptr_array_unref);
  self->authority_revocations = revocations;
}

void
cv_probe_result_set_anchor_revocation (CvProbeResult *self,
                                       CvRevocation  *revocation)
{
  g_return_if_fail (CV_IS_PROBE_RESULT (self));
  g_set_object (&self->anchor_revocation, revocation);
}

CvRevocation *
cv_probe_result_get_anchor_revocation (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->anchor_revocation;
}

const char *
cv_probe_result_get_mac (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->mac;
}

const char *
cv_probe_result_get_signature_algorithm (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), NULL);
  return self->signature_algorithm;
}

CvClientCertificate
cv_probe_result_get_client_certificate (CvProbeResult *self)
{
  g_return_val_if_fail (CV_IS_PROBE_RESULT (self), CV_CLIENT_CERTIFICATE_NOT_REQUESTED);
  return self->client_certificate;
}

void
cv_probe_result_set_client_certificate (CvProbeResult       *self,
                                        CvClientCertificate  asked)
{
  g_return_if_fail (CV_IS_PROBE_RESULT (self));
  self->client_certificate = asked;
}

void
cv_probe_result_set_session_details (CvProbeResult *self,
                                     const char    *mac,
                                     const char    *signature_algorithm)
{
  g_return_if_fail (CV_IS_PROBE_RESULT (self));

  g_free (self->mac);
  self->mac = g_strdup (mac);
  g_free (self->signature_algorithm);
  self->signature_algorithm = g_strdup (signature_algorithm);
}
