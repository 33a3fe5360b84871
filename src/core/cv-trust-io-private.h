/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the import and export formats share: cv-trust-io.c (the checks every
 * decision passes, the format sniffing, known_hosts), cv-trust-io-json.c,
 * cv-trust-io-legacy.c (Certview 0.1) and cv-trust-io-filezilla.c.
 */
#pragma once

#include "cv-trust-io.h"

G_BEGIN_DECLS

#define CV_TRUST_IO_PIN_PREFIX "sha256//"

/* The decisions of one file, in its order, one per server */
typedef struct
{
  GPtrArray  *entries;
  /* key → index in @entries + 1 */
  GHashTable *keys;
} CvTrustIoCollection;

void         cv_trust_io_collection_init  (CvTrustIoCollection      *collection);
void         cv_trust_io_collection_clear (CvTrustIoCollection      *collection);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvTrustIoCollection, cv_trust_io_collection_clear)
/* Checks and adds a decision; @replace: a later one for the same server takes the
 * place of the earlier one, else it is an error. Returns NULL or why not. */
const char  *cv_trust_io_collection_add   (CvTrustIoCollection      *collection,
                                           const CvTrustEntryFields *fields,
                                           gboolean                  replace);
GPtrArray   *cv_trust_io_collection_steal (CvTrustIoCollection      *collection);
/* Where every parser begins: FALSE with an error for a file larger than
 * CV_TRUST_IO_MAX_SIZE; points an empty @text at "" (never NULL) */
gboolean     cv_trust_io_begin            (const char             **text,
                                           gsize                     len,
                                           GError                  **error);
/* @len bytes of UTF-8 without a nul byte */
gboolean     cv_trust_io_is_text          (const char               *text,
                                           gsize                     len);
/* "YYYY-MM-DDTHH:MM:SSZ" of @len bytes (cv_format_iso8601() writes it) */
gboolean     cv_trust_io_parse_time       (const char               *text,
                                           gsize                     len,
                                           gint64                   *out);
gboolean     cv_trust_io_is_public_key_pin (const char              *text,
                                            gsize                    len);
/* "aa:bb:…": the SHA-256 fingerprint as Certview writes it, either case */
gboolean     cv_trust_io_is_sha256_fingerprint (const char          *text,
                                                gsize                len);
/* Both fingerprints of a decision in the forms an export keeps */
gboolean     cv_trust_io_fingerprints_are_valid (const char         *certificate_sha256,
                                                 const char         *public_key_pin);

G_END_DECLS
