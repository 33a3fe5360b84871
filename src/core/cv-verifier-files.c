/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-verifier-private.h"

#include "cv-certificate-private.h"
#include "cv-error.h"
#include "cv-probe.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* The files the verifier reads: certificate files (PEM, DER, PKCS #7) and the CA
 * file */

/* Certificate files and CA bundles are far smaller; this bounds the reading */
#define MAX_FILE_SIZE (10 * 1024 * 1024)

char *
cv_verifier_file_display_name (const char *path)
{
  if (g_str_equal (path, "/dev/stdin"))
    return g_strdup (_("standard input"));
  return g_filename_display_name (path);
}

gboolean
cv_verifier_read_file (const char  *path,
                       GBytes     **contents,
                       GError     **error)
{
  g_autofree char *display = cv_verifier_file_display_name (path);
  g_autoptr(GByteArray) buffer = NULL;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("Could not read “%s”: %s."), display, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("Could not read “%s”: %s."), display, g_strerror (EISDIR));
      g_close (fd, NULL);
      return FALSE;
    }

  buffer = g_byte_array_new ();
  for (;;)
    {
      guint8 chunk[16 * 1024];
      gssize n_read = read (fd, chunk, sizeof chunk);

      if (n_read < 0 && errno == EINTR)
        continue;

      if (n_read < 0)
        {
          int saved_errno = errno;

          g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                       _("Could not read “%s”: %s."), display, g_strerror (saved_errno));
          g_close (fd, NULL);
          return FALSE;
        }

      if (n_read == 0)
        break;

      /* Also stops an endless device or pipe */
      if (buffer->len + (gsize) n_read > MAX_FILE_SIZE)
        {
          g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                       _("The file “%s” is larger than 10 MiB, too large to be a "
                         "certificate file."), display);
          g_close (fd, NULL);
          return FALSE;
        }

      g_byte_array_append (buffer, chunk, n_read);
    }

  g_close (fd, NULL);
  *contents = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return TRUE;
}

/*
 * The CA file is read for every verification, so that a change to it counts at
 * once. What was read last is kept with what stat() said of the file just before:
 * the same file (device, inode), size and change time mean the same contents, once
 * that change time is older than the read by more than the clock's coarseness
 * (any write after the read then moves it). One stat() instead of reading the file.
 */
#define CA_FILE_SETTLED_US G_USEC_PER_SEC

static GMutex  ca_file_lock;
static char   *ca_file_path;
static GBytes *ca_file_contents;
static struct stat ca_file_stat;
static gint64  ca_file_read_at;
/* cv_verifier_ca_file_authorities() of the contents it was worked out for */
static GBytes    *authorities_contents;
static GPtrArray *authorities;

gboolean
cv_verifier_read_ca_file (const char  *path,
                          GBytes     **contents,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  gboolean have_stat;
  gint64 now = g_get_real_time ();

  have_stat = g_stat (path, &st) == 0 && S_ISREG (st.st_mode);

  g_mutex_lock (&ca_file_lock);
  if (have_stat && ca_file_path != NULL && strcmp (path, ca_file_path) == 0 &&
      cv_same_file_state (&st, &ca_file_stat) &&
      (gint64) st.st_ctim.tv_sec * G_USEC_PER_SEC + st.st_ctim.tv_nsec / 1000 <
        ca_file_read_at - CA_FILE_SETTLED_US)
    {
      *contents = g_bytes_ref (ca_file_contents);
      g_mutex_unlock (&ca_file_lock);
      return TRUE;
    }
  g_mutex_unlock (&ca_file_lock);

  if (!cv_verifier_read_file (path, contents, &local_error))
    {
      /* Named as the CA file: the user may have given several files */
      g_set_error (error, local_error->domain, local_error->code,
                   /* TRANSLATORS: %s is why the file could not be read, a sentence */
                   _("%s Check the path of the CA file."), local_error->message);
      return FALSE;
    }

  if (have_stat)
    {
      g_mutex_lock (&ca_file_lock);
      g_free (ca_file_path);
      ca_file_path = g_strdup (path);
      g_clear_pointer (&ca_file_contents, g_bytes_unref);
      ca_file_contents = g_bytes_ref (*contents);
      ca_file_stat = st;
      ca_file_read_at = now;
      g_mutex_unlock (&ca_file_lock);
    }
  return TRUE;
}

/* The certificates of @contents (PEM) that did not issue themselves, as DER */
static GPtrArray *
find_authorities (GBytes *contents)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gnutls_x509_crt_t *crts = NULL;
  unsigned int n_crts = 0;
  gnutls_datum_t data;
  gsize size = 0;

  data.data = (unsigned char *) g_bytes_get_data (contents, &size);
  data.size = size;
  if (gnutls_x509_crt_list_import2 (&crts, &n_crts, &data, GNUTLS_X509_FMT_PEM, 0) < 0)
    return NULL;
  for (unsigned int i = 0; i < n_crts; i++)
    {
      gnutls_datum_t der = { NULL, 0 };

      if (!cv_certificate_issued_by (crts[i], crts[i]) &&
          gnutls_x509_crt_export2 (crts[i], GNUTLS_X509_FMT_DER, &der) >= 0)
        {
          g_ptr_array_add (found, g_bytes_new (der.data, der.size));
          gnutls_free (der.data);
        }
      gnutls_x509_crt_deinit (crts[i]);
    }
  gnutls_free (crts);
  return found->len > 0 ? g_steal_pointer (&found) : NULL;
}

GPtrArray *
cv_verifier_ca_file_authorities (const char *path)
{
  g_autoptr(GBytes) contents = NULL;
  GPtrArray *result;

  g_return_val_if_fail (path != NULL, NULL);

  if (!cv_verifier_read_ca_file (path, &contents, NULL))
    return NULL;

  /* Read again only when the file was: read_ca_file() hands out the same bytes */
  g_mutex_lock (&ca_file_lock);
  if (authorities_contents != contents)
    {
      g_clear_pointer (&authorities_contents, g_bytes_unref);
      g_clear_pointer (&authorities, g_ptr_array_unref);
      authorities = find_authorities (contents);
      authorities_contents = g_bytes_ref (contents);
    }
  result = authorities != NULL ? g_ptr_array_ref (authorities) : NULL;
  g_mutex_unlock (&ca_file_lock);
  return result;
}

/* Certificate files */

static guint
count_occurrences (const char *haystack,
                   gsize       haystack_len,
                   const char *needle)
{
  gsize needle_len = strlen (needle);
  guint count = 0;
  const char *p = haystack;
  const char *end = haystack + haystack_len;

  /* The data may hold NUL bytes (DER), so no str* search */
  while ((gsize) (end - p) >= needle_len)
    {
      const char *dash = memchr (p, needle[0], end - p);

      if (dash == NULL || (gsize) (end - dash) < needle_len)
        break;

      if (memcmp (dash, needle, needle_len) == 0)
        {
          count++;
          p = dash + needle_len;
        }
      else
        p = dash + 1;
    }

  return count;
}

/* Adds the path from crts[@start] to @chain, among the certificates not yet
 * @taken, as the verification orders a chain (cv_verifier_follow_issuers());
 * returns how many it took */
static guint
add_path (GPtrArray         *chain,
          gnutls_x509_crt_t *crts,
          GBytes           **ders,
          guint              n,
          gboolean          *taken,
          guint              start)
{
  g_autofree guint *path = g_new (guint, n);
  guint length = cv_verifier_follow_issuers (crts, n, taken, start, path);

  for (guint i = 0; chain != NULL && i < length; i++)
    g_ptr_array_add (chain, g_bytes_ref (ders[path[i]]));
  return length;
}

/* Whether @crt looks like a server's certificate: no certificate authority, or
 * one that names servers (openssl req -x509 makes self-signed server
 * certificates authorities too) */
static gboolean
looks_like_server (gnutls_x509_crt_t crt)
{
  unsigned int ca = 0;
  size_t size = 0;

  if (gnutls_x509_crt_get_basic_constraints (crt, NULL, &ca, NULL) < 0 || !ca)
    return TRUE;
  return gnutls_x509_crt_get_subject_alt_name (crt, 0, NULL, &size, NULL) !=
         GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE;
}

/* The certificates of a file in the order of a served chain: a PKCS #7
 * "certs-only" SignedData (.p7b, .p7c) holds a set, and a PEM file is often put
 * together root first. The leaf is one that issued none of the others: of those,
 * one that looks like a server's (an unrelated CA in the file, before the
 * server's certificate or after a self-signed one, is not what the file is
 * about), then the one with the longest path, then the first; each next one is
 * the issuer of the one before; what does not chain follows as it came, so that
 * a file in served order stays as it is */
static void
add_in_chain_order (GPtrArray         *chain,
                    gnutls_x509_crt_t *crts,
                    GBytes           **ders,
                    guint              n)
{
  g_autofree gboolean *taken = g_new0 (gboolean, n);
  /* A certificate the file holds twice is shown once */
  g_autofree gboolean *repeated = g_new0 (gboolean, n);
  guint leaf = n;
  gboolean leaf_server = FALSE;
  guint leaf_length = 0;

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < i && !repeated[i]; j++)
      repeated[i] = g_bytes_equal (ders[i], ders[j]);

  for (guint i = 0; i < n; i++)
    {
      gboolean issued_another = FALSE;
      gboolean server;
      guint length;

      if (repeated[i])
        continue;
      for (guint j = 0; j < n && !issued_another; j++)
        issued_another = j != i && cv_certificate_issued_by (crts[j], crts[i]) &&
                         !cv_certificate_issued_by (crts[i], crts[j]);
      if (issued_another)
        continue;

      server = looks_like_server (crts[i]);
      memcpy (taken, repeated, n * sizeof *taken);
      length = add_path (NULL, crts, ders, n, taken, i);
      if (leaf == n ||
          (!leaf_server && server) ||
          (leaf_server == server && length > leaf_length))
        {
          leaf = i;
          leaf_server = server;
          leaf_length = length;
        }
    }

  memcpy (taken, repeated, n * sizeof *taken);
  add_path (chain, crts, ders, n, taken, leaf < n ? leaf : 0);

  for (guint i = 0; i < n; i++)
    if (!taken[i])
      g_ptr_array_add (chain, g_bytes_ref (ders[i]));
}

/* @ders, certificates as DER, parsed and added to @chain in the order of a
 * served chain; FALSE with @error when one cannot be read */
static gboolean
add_ders_in_chain_order (GPtrArray   *chain,
                         GPtrArray   *ders,
                         const char  *display,
                         GError     **error)
{
  g_autofree gnutls_x509_crt_t *crts = g_new0 (gnutls_x509_crt_t, ders->len);
  int ret = 0;

  for (guint i = 0; ret >= 0 && i < ders->len; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (ders, i), &size);
      gnutls_datum_t datum = { (unsigned char *) data, (unsigned int) size };

      ret = gnutls_x509_crt_init (&crts[i]);
      if (ret >= 0)
        ret = gnutls_x509_crt_import (crts[i], &datum, GNUTLS_X509_FMT_DER);
    }
  if (ret >= 0)
    add_in_chain_order (chain, crts, (GBytes **) ders->pdata, ders->len);
  else
    cv_verifier_set_malformed (error, display, ret);

  for (guint i = 0; i < ders->len; i++)
    if (crts[i] != NULL)
      gnutls_x509_crt_deinit (crts[i]);
  return ret >= 0;
}

GPtrArray *
cv_verifier_parse_file (const char  *path,
                        GBytes      *contents,
                        GError     **error)
{
  g_autofree char *display = cv_verifier_file_display_name (path);
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_auto(CvCrtList) crts = { NULL, 0 };
  g_autoptr(GPtrArray) ders = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (contents, &size);
  g_autoptr(GError) split_error = NULL;
  guint n_pem;
  guint n_trusted;
  guint n_pkcs7;
  gnutls_datum_t datum;
  int ret;

  /* Before anything reads it: an empty GBytes may have no data at all */
  if (size == 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The file “%s” is empty: it contains no certificate."), display);
      return NULL;
    }

  n_pem = count_occurrences (data, size, "-----BEGIN CERTIFICATE-----") +
          count_occurrences (data, size, "-----BEGIN X509 CERTIFICATE-----");
  n_trusted = count_occurrences (data, size, "-----BEGIN TRUSTED CERTIFICATE-----");
  n_pkcs7 = count_occurrences (data, size, "-----BEGIN PKCS7-----");

  datum.data = (unsigned char *) data;
  datum.size = size;

  /* Block by block, where GnuTLS would read only some of them */
  if (n_trusted > 0 || (n_pem > 0 && n_pkcs7 > 0))
    {
      /* Each block holds one at least */
      if (n_pem + n_trusted + n_pkcs7 > CV_PROBE_MAX_CHAIN)
        {
          cv_verifier_set_too_many (error, display, n_pem + n_trusted + n_pkcs7);
          return NULL;
        }
      ders = cv_verifier_pem_certificates (data, size, display, error);
      if (ders != NULL && ders->len == 0)
        cv_verifier_set_malformed (error, display, GNUTLS_E_NO_CERTIFICATE_FOUND);
      else if (ders != NULL && ders->len > CV_PROBE_MAX_CHAIN)
        cv_verifier_set_too_many (error, display, ders->len);
      if (ders == NULL || ders->len == 0 || ders->len > CV_PROBE_MAX_CHAIN ||
          !add_ders_in_chain_order (chain, ders, display, error))
        return NULL;
      return g_steal_pointer (&chain);
    }

  if (n_pem == 0)
    {
      gboolean pem_pkcs7 = n_pkcs7 > 0;
      gnutls_x509_crt_fmt_t format;

      /* A DER certificate, and a DER PKCS #7 bundle, is an ASN.1 SEQUENCE */
      if ((guint8) data[0] != 0x30 && !pem_pkcs7)
        {
          if (cv_verifier_name_other_pem (data, size, display, error))
            return NULL;
          g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                       _("The file “%s” contains no certificate: it is neither PEM "
                         "nor DER."), display);
          return NULL;
        }

      if (!pem_pkcs7 && cv_verifier_name_pkcs12 (data, size, display, error))
        return NULL;

      ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      format = pem_pkcs7 ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER;
      switch (cv_verifier_pkcs7_certificates (ders, &datum, format, display, error))
        {
        case 1:
          return add_ders_in_chain_order (chain, ders, display, error)
                 ? g_steal_pointer (&chain) : NULL;
        case -1:
          return NULL;
        default:
          g_clear_pointer (&ders, g_ptr_array_unref);
          break;
        }

      if (pem_pkcs7)
        {
          g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                       _("The file “%s” contains a malformed PKCS #7 bundle."), display);
          return NULL;
        }

      /* Certificates one after another (cat a.der b.der), or one alone */
      ders = cv_verifier_split_der (data, size, display, &split_error);
      if (split_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&split_error));
          return NULL;
        }
      if (ders != NULL)
        return add_ders_in_chain_order (chain, ders, display, error)
               ? g_steal_pointer (&chain) : NULL;

      g_ptr_array_add (chain, g_bytes_ref (contents));
      return g_steal_pointer (&chain);
    }

  /* Refused before parsing, so that a huge file costs little */
  if (n_pem > CV_PROBE_MAX_CHAIN)
    {
      cv_verifier_set_too_many (error, display, n_pem);
      return NULL;
    }

  ret = gnutls_x509_crt_list_import2 (&crts.crts, &crts.n_crts, &datum,
                                      GNUTLS_X509_FMT_PEM, 0);
  if (ret < 0 || crts.n_crts == 0)
    {
      cv_verifier_set_malformed (error, display,
                                 ret < 0 ? ret : GNUTLS_E_NO_CERTIFICATE_FOUND);
      return NULL;
    }

  ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (unsigned int i = 0; i < crts.n_crts; i++)
    {
      g_auto(gnutls_datum_t) der = { NULL, 0 };

      ret = gnutls_x509_crt_export2 (crts.crts[i], GNUTLS_X509_FMT_DER, &der);
      if (ret < 0)
        {
          cv_verifier_set_malformed (error, display, ret);
          return NULL;
        }

      g_ptr_array_add (ders, g_bytes_new (der.data, der.size));
    }

  /* Files are put together by hand, often the root first */
  add_in_chain_order (chain, crts.crts, (GBytes **) ders->pdata, crts.n_crts);
  return g_steal_pointer (&chain);
}

GPtrArray *
cv_verifier_load_file (const char  *path,
                       GError     **error)
{
  g_autoptr(GBytes) contents = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cv_verifier_read_file (path, &contents, error))
    return NULL;

  return cv_verifier_parse_file (path, contents, error);
}
