/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cv-export.h"
#include "cv-trust-entry.h"

G_BEGIN_DECLS

/* Upper bound on the size of a file to import */
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
 * Every parser returns the decisions in the order of the file, or NULL and
 * %CV_ERROR_TRUST_STORE: all or nothing, so one bad decision fails the whole
 * file, and the message says which (line or number) and why. No two decisions
 * are for the same host and port.
 */

/**
 * cv_trust_io_parse:
 * @text: (array length=len) (element-type guint8): the file's contents
 * @len: the length of @text
 * @now: the time (Unix seconds) that stands for the times a format does not record
 * @format: (out) (optional): the format of @text
 * @error: return location for a #GError, or %NULL
 *
 * Tells the formats apart by their first character (a JSON object, XML, or a key
 * file) and parses @text. Text that is empty, or white space alone, is an error
 * (%CV_ERROR_TRUST_STORE): a file to import holds something; an empty key file
 * read on its own (cv_trust_io_parse_legacy()) is no decisions.
 *
 * Returns: (transfer container) (element-type CvTrustEntry) (nullable): the decisions, or
 *   %NULL with @error set
 */
CV_EXPORT
GPtrArray *cv_trust_io_parse               (const char     *text,
                                            gsize           len,
                                            gint64          now,
                                            CvTrustFormat  *format,
                                            GError        **error);

/**
 * cv_trust_io_parse_json:
 * @text: (array length=len) (element-type guint8): the file's contents
 * @len: the length of @text
 * @error: return location for a #GError, or %NULL
 *
 * Parses Certview's export: `{"format": "certview-trust-store", "version": 1,
 * "decisions": [{"host", "port", "decision", "certificate-sha256", "public-key-pin",
 * "subject", "issuer", "not-after", "created", "last-seen" ("YYYY-MM-DDTHH:MM:SSZ"),
 * "names" (a list, may be absent), "accepted-problems" (a list, or null when not
 * recorded)}, …]}`. Members this version does not know are passed over, so a file of a
 * later version reads as long as the members it needs are there.
 *
 * Returns: (transfer container) (element-type CvTrustEntry) (nullable): the decisions, or
 *   %NULL with @error set
 */
CV_EXPORT
GPtrArray *cv_trust_io_parse_json          (const char     *text,
                                            gsize           len,
                                            GError        **error);

/**
 * cv_trust_io_parse_legacy:
 * @text: (array length=len) (element-type guint8): the file's contents
 * @len: the length of @text
 * @error: return location for a #GError, or %NULL
 *
 * Parses the key file of Certview 0.1; its decisions have no accepted problems.
 *
 * Returns: (transfer container) (element-type CvTrustEntry) (nullable): the decisions, or
 *   %NULL with @error set
 */
CV_EXPORT
GPtrArray *cv_trust_io_parse_legacy        (const char     *text,
                                            gsize           len,
                                            GError        **error);

/**
 * cv_trust_io_parse_filezilla:
 * @text: (array length=len) (element-type guint8): the file's contents
 * @len: the length of @text
 * @now: the time (Unix seconds) the decisions are created and last seen
 * @error: return location for a #GError, or %NULL
 *
 * Parses FileZilla's trusted certificates: "trust" decisions, covering the
 * certificate's DNS names where FileZilla trusted them all (TrustSANs). Of several
 * certificates for one server the last one counts, as FileZilla appends the newer one.
 *
 * Returns: (transfer container) (element-type CvTrustEntry) (nullable): the decisions, or
 *   %NULL with @error set
 */
CV_EXPORT
GPtrArray *cv_trust_io_parse_filezilla     (const char     *text,
                                            gsize           len,
                                            gint64          now,
                                            GError        **error);

/**
 * cv_trust_io_to_json:
 * @entries: (element-type CvTrustEntry): the decisions
 *
 * @entries as Certview's export, the format cv_trust_io_parse_json() reads.
 *
 * json-glib is loaded on the first call; if it cannot be, a warning says so.
 *
 * Returns: (transfer full) (nullable): the JSON text, pretty printed, ending with a
 *   newline, or %NULL when json-glib cannot be loaded
 */
CV_EXPORT
char      *cv_trust_io_to_json             (GPtrArray      *entries);

/**
 * cv_trust_io_write_known_hosts:
 * @entries: (element-type CvTrustEntry): the decisions
 * @path: (type filename): the known_hosts file
 * @n_written: (out) (optional): the number of lines written (none for a line
 *   the file holds already)
 * @error: return location for a #GError, or %NULL
 *
 * Appends the "trust" decisions of @entries to the GnuTLS known_hosts file at @path
 * (what `gnutls-cli --tofu` reads), as commitments to the SHA-256 of the public key
 * that never expire: one for the host and one for each further name, on the decision's
 * port. A line the file holds already is not written again; GnuTLS only appends, so
 * an older line for the same server with another key stays in the file beside the
 * new one. Names that known_hosts cannot hold (wildcards) are left out.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
CV_EXPORT
gboolean   cv_trust_io_write_known_hosts   (GPtrArray      *entries,
                                            const char     *path,
                                            guint          *n_written,
                                            GError        **error);

/**
 * cv_trust_io_known_hosts_at_odds:
 * @entries: (element-type CvTrustEntry): the decisions
 * @path: (type filename): the known_hosts file
 *
 * The servers for which the GnuTLS known_hosts file at @path accepts a key that
 * @entries do not: one the decision that counts there (the server's own, else
 * the first that covers it) rejects, or another key than the one it trusts.
 * GnuTLS only appends to the file, so its lines stay after a decision changes.
 *
 * Returns: (transfer container) (element-type utf8): the servers as "host:port",
 *   each once; empty when there is none or the file cannot be read. The array
 *   frees its strings
 */
CV_EXPORT
GPtrArray *cv_trust_io_known_hosts_at_odds (GPtrArray      *entries,
                                            const char     *path);

G_END_DECLS
