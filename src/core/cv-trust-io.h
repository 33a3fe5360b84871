/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cv-trust-entry.h"

G_BEGIN_DECLS

/* Upper bound on a file to import */
#define CV_TRUST_IO_MAX_SIZE (256 * 1024 * 1024)

/**
 * CvTrustFormat:
 * @CV_TRUST_FORMAT_JSON: Certview's export, `{"format": "certview-trust-store", …}`
 * @CV_TRUST_FORMAT_LEGACY: the key file of Certview 0.1 (trust.ini)
 * @CV_TRUST_FORMAT_FILEZILLA: FileZilla's trustedcerts.xml
 * @CV_TRUST_FORMAT_KNOWN_HOSTS: GnuTLS's trust-on-first-use file (written only)
 */
typedef enum
{
  CV_TRUST_FORMAT_JSON,
  CV_TRUST_FORMAT_LEGACY,
  CV_TRUST_FORMAT_FILEZILLA,
  CV_TRUST_FORMAT_KNOWN_HOSTS,
} CvTrustFormat;

/*
 * Every parser returns a GPtrArray of CvTrustEntry (transfer full), in the order
 * of the file, or NULL and CV_ERROR_TRUST_STORE: all or nothing, so one bad
 * decision fails the whole file, and the message says which (line or number) and
 * why. No two decisions are for the same host and port.
 */

/* Tells the formats apart by their first character (a JSON object, XML, or a
 * key file, which may be empty) and parses; @format (optional) gets the format.
 * @now stands for the times a format does not record. */
GPtrArray *cv_trust_io_parse               (const char     *text,
                                            gsize           len,
                                            gint64          now,
                                            CvTrustFormat  *format,
                                            GError        **error);
/*
 * Certview's export: {"format": "certview-trust-store", "version": 1, "decisions":
 * [{"host", "port", "decision", "certificate-sha256", "public-key-pin", "subject",
 * "issuer", "not-after", "created", "last-seen" ("YYYY-MM-DDTHH:MM:SSZ"), "names"
 * (a list, may be absent), "accepted-problems" (a list, or null when not
 * recorded)}, …]}. Members this version does not know are passed over, so a file
 * of a later version reads as long as the members it needs are there.
 */
GPtrArray *cv_trust_io_parse_json          (const char     *text,
                                            gsize           len,
                                            GError        **error);
/* The key file of Certview 0.1; its decisions have no accepted problems */
GPtrArray *cv_trust_io_parse_legacy        (const char     *text,
                                            gsize           len,
                                            GError        **error);
/* FileZilla's trusted certificates: "trust" decisions, created and last seen
 * @now, covering the certificate's DNS names where FileZilla trusted them all
 * (TrustSANs). Of several certificates for one server the last one counts, as
 * FileZilla appends the newer one. */
GPtrArray *cv_trust_io_parse_filezilla     (const char     *text,
                                            gsize           len,
                                            gint64          now,
                                            GError        **error);

/* @entries (CvTrustEntry) as Certview's export: pretty printed, ends with '\n' */
char      *cv_trust_io_to_json             (GPtrArray      *entries);

/*
 * Appends the "trust" decisions of @entries to the GnuTLS known_hosts file at
 * @path (what `gnutls-cli --tofu` reads), as commitments to the SHA-256 of the
 * public key that never expire: one for the host and one for each further name,
 * on the decision's port. GnuTLS only appends, so an older line for the same
 * server stays in the file beside the new one. Names that known_hosts cannot
 * hold (wildcards) are left out. @n_written (optional) gets the number of lines.
 */
gboolean   cv_trust_io_write_known_hosts   (GPtrArray      *entries,
                                            const char     *path,
                                            guint          *n_written,
                                            GError        **error);

G_END_DECLS
