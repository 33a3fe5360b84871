/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-verifier.h"

#include "cv-anchor-index-private.h"
#include "cv-certificate-private.h"
#include "cv-error.h"
#include "cv-verifier-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

static void
trust_list_free (gnutls_x509_trust_list_t list)
{
  gnutls_x509_trust_list_deinit (list, 1);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_trust_list_t, trust_list_free, NULL)


/* Trust anchors and verification */

/*
 * The trust anchors, the system's and the CA file's, are kept for the life of the
 * process. The system's bundle is not parsed whole (about 10 ms and 3.5 MB for
 * its 150 certificates): an index of it by subject (cv-anchor-index.c, a fraction
 * of a millisecond) gives the anchors whose subject names the issuer or the
 * subject of a certificate in the chain, and only those join the list. GnuTLS
 * looks anchors up by exactly these names, so the verdict is the one the whole
 * bundle gives; a bundle the index cannot take is loaded whole, as before.
 *
 * The list is built anew when the CA file's contents change, when a chain needs a
 * system anchor it lacks (so that the anchors keep the bundle's order, the CA
 * file's last, as when everything is loaded), when the bundle changes, and after
 * ANCHORS_MAX_AGE_US. GnuTLS does not promise that one list can verify on several
 * threads at once, so one lock covers building and verifying.
 */
#define ANCHORS_MAX_AGE_US (10 * 60 * G_USEC_PER_SEC)

static GMutex                   anchors_lock;
static gnutls_x509_trust_list_t anchors;
static GBytes                  *anchors_ca_contents;
static gint64                   anchors_built;
/* The index of the system's bundle, or NULL when its anchors are in the list whole */
static CvAnchorIndex           *anchors_index;
/* The system anchors in the list, by their number in the index */
static GHashTable              *anchors_loaded;
static gboolean                 anchors_use_index = TRUE;

/* The preload's thread until someone joins it */
static GMutex                   preload_lock;
static GThread                 *preload_thread;

static gboolean
add_ca_contents (gnutls_x509_trust_list_t   list,
                 const char                *ca_file,
                 GBytes                    *contents,
                 GError                   **error)
{
  g_autofree char *display = g_filename_display_name (ca_file);
  gnutls_datum_t datum;
  gsize size = 0;
  int ret;

  datum.data = (unsigned char *) g_bytes_get_data (contents, &size);
  datum.size = size;

  if (size == 0)
    ret = 0;
  else
    ret = gnutls_x509_trust_list_add_trust_mem (list, &datum, NULL, GNUTLS_X509_FMT_PEM, 0, 0);

  if (ret == GNUTLS_E_BASE64_DECODING_ERROR || ret == GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("The CA file “%s” holds a certificate whose text is cut off or damaged "
                     "(its BEGIN or END line, or the lines between them); get the file "
                     "again."), display);
      return FALSE;
    }
  if (ret == GNUTLS_E_NO_CERTIFICATE_FOUND || ret == GNUTLS_E_BASE64_ENCODING_ERROR)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("The CA file “%s” contains no PEM certificate."), display);
      return FALSE;
    }
  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("The CA file “%s” could not be read as PEM certificates: %s"),
                   display, gnutls_strerror (ret));
      return FALSE;
    }

  if (ret == 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_FILE,
                   _("The CA file “%s” contains no PEM certificate."), display);
      return FALSE;
    }

  return TRUE;
}

static void
clear_anchors (void)
{
  g_clear_pointer (&anchors, trust_list_free);
  g_clear_pointer (&anchors_ca_contents, g_bytes_unref);
  g_clear_pointer (&anchors_index, cv_anchor_index_free);
  g_clear_pointer (&anchors_loaded, g_hash_table_unref);
}

static gint
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The system anchors @numbers (from the index) into @list, in the bundle's order.
 * FALSE if GnuTLS refuses one: then it would refuse the whole bundle too. */
static gboolean
add_indexed_anchors (gnutls_x509_trust_list_t  list,
                     GHashTable               *numbers)
{
  g_autoptr(GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (guint),
                                                g_hash_table_size (numbers));
  g_autoptr(GString) pem = g_string_new (NULL);
  GHashTableIter iter;
  gpointer number;
  gnutls_datum_t datum;

  g_hash_table_iter_init (&iter, numbers);
  while (g_hash_table_iter_next (&iter, &number, NULL))
    {
      guint n = GPOINTER_TO_UINT (number);

      g_array_append_val (sorted, n);
    }
  if (sorted->len == 0)
    return TRUE;

  g_array_sort (sorted, compare_numbers);
  if (!cv_anchor_index_append_pem (anchors_index, (const guint *) (void *) sorted->data,
                                   sorted->len, pem))
    return FALSE;

  datum.data = (unsigned char *) pem->str;
  datum.size = pem->len;
  return gnutls_x509_trust_list_add_trust_mem (list, &datum, NULL, GNUTLS_X509_FMT_PEM,
                                               0, 0) == (int) sorted->len;
}

/* Adds to @numbers the system anchors named as issuer or subject in @crts */
static void
select_anchors (gnutls_x509_crt_t *crts,
                unsigned int       n_crts,
                GHashTable        *numbers)
{
  for (unsigned int i = 0; i < n_crts; i++)
    {
      gnutls_datum_t issuer = { NULL, 0 };
      gnutls_datum_t subject = { NULL, 0 };

      if (gnutls_x509_crt_get_raw_issuer_dn (crts[i], &issuer) == 0)
        cv_anchor_index_select (anchors_index, issuer.data, issuer.size, numbers);
      if (gnutls_x509_crt_get_raw_dn (crts[i], &subject) == 0)
        cv_anchor_index_select (anchors_index, subject.data, subject.size, numbers);
      gnutls_free (issuer.data);
      gnutls_free (subject.data);
    }
}

/* With anchors_lock held: the anchors for @ca_contents (NULL: the system's only)
 * that the chain @crts may need */
static gnutls_x509_trust_list_t
get_anchors (const char         *ca_file,
             GBytes             *ca_contents,
             gnutls_x509_crt_t  *crts,
             unsigned int        n_crts,
             GError            **error)
{
  g_auto(gnutls_x509_trust_list_t) list = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  gint64 now = g_get_monotonic_time ();
  int ret;

  if (anchors == NULL || now - anchors_built >= ANCHORS_MAX_AGE_US ||
      (ca_contents == NULL ? anchors_ca_contents != NULL
                           : anchors_ca_contents == NULL ||
                             !g_bytes_equal (ca_contents, anchors_ca_contents)) ||
      (anchors_index != NULL && !cv_anchor_index_is_current (anchors_index)))
    {
      g_autoptr(GError) index_error = NULL;

      clear_anchors ();
      anchors_built = now;
      if (anchors_use_index && CV_SYSTEM_ANCHORS_FILE[0] != '\0')
        {
          g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (),
                                                         "certview", NULL);

          anchors_index = cv_anchor_index_new_cached (CV_SYSTEM_ANCHORS_FILE, cache_dir,
                                                      &index_error);
          if (anchors_index == NULL)
            g_debug ("The system's trust anchors are loaded whole: %s", index_error->message);
        }
      anchors_loaded = g_hash_table_new (NULL, NULL);
    }
  else if (anchors_index == NULL)
    return anchors;

  if (anchors_index != NULL)
    {
      GHashTableIter iter;
      gpointer number;

      wanted = g_hash_table_new (NULL, NULL);
      g_hash_table_iter_init (&iter, anchors_loaded);
      while (g_hash_table_iter_next (&iter, &number, NULL))
        g_hash_table_add (wanted, number);
      select_anchors (crts, n_crts, wanted);
      if (anchors != NULL && g_hash_table_size (wanted) == g_hash_table_size (anchors_loaded))
        return anchors;
    }

  ret = gnutls_x509_trust_list_init (&list, 0);
  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate chain could not be verified: %s"),
                   gnutls_strerror (ret));
      return NULL;
    }

  if (anchors_index != NULL && !add_indexed_anchors (list, wanted))
    {
      /* What GnuTLS cannot read in the bundle is for it to judge, with all of it */
      g_debug ("An indexed trust anchor was refused or the bundle changed; "
               "loading the system's anchors whole");
      g_clear_pointer (&anchors_index, cv_anchor_index_free);
      g_clear_pointer (&list, trust_list_free);
      gnutls_x509_trust_list_init (&list, 0);
    }

  if (anchors_index == NULL)
    {
      /* A machine without system trust anchors still verifies against --ca-file */
      ret = gnutls_x509_trust_list_add_system_trust (list, 0, 0);
      if (ret < 0)
        g_debug ("No system trust anchors: %s", gnutls_strerror (ret));
    }

  if (ca_contents != NULL && !add_ca_contents (list, ca_file, ca_contents, error))
    {
      /* Nothing kept: the next run reads the CA file again */
      clear_anchors ();
      return NULL;
    }

  g_clear_pointer (&anchors, trust_list_free);
  g_clear_pointer (&anchors_ca_contents, g_bytes_unref);
  anchors = g_steal_pointer (&list);
  anchors_ca_contents = ca_contents != NULL ? g_bytes_ref (ca_contents) : NULL;
  if (wanted != NULL)
    {
      g_clear_pointer (&anchors_loaded, g_hash_table_unref);
      anchors_loaded = g_steal_pointer (&wanted);
    }
  return anchors;
}

/* Builds the anchors for @ca_file; with @wait FALSE, nothing if another thread
 * holds them */
static void
prepare_anchors (const char *ca_file,
                 gboolean    wait)
{
  g_autoptr(GBytes) ca_contents = NULL;

  /* Any error here is met again, and reported, by the verification itself */
  if (ca_file != NULL && !cv_verifier_read_ca_file (ca_file, &ca_contents, NULL))
    return;

  if (wait)
    g_mutex_lock (&anchors_lock);
  else if (!g_mutex_trylock (&anchors_lock))
    return;
  get_anchors (ca_file, ca_contents, NULL, 0, NULL);
  g_mutex_unlock (&anchors_lock);
}

static gpointer
preload_thread_func (gpointer data)
{
  g_autofree char *ca_file = data;

  prepare_anchors (ca_file, TRUE);
  return NULL;
}

void
cv_verifier_prepare (const char *ca_file)
{
  prepare_anchors (ca_file, FALSE);
}

/*
 * Joins the preload thread if one is pending. A verification calls it first, so
 * that it uses the anchors the preload built rather than build them twice; at
 * exit it keeps GnuTLS from being torn down under the thread.
 */
static void
join_preload (void)
{
  GThread *thread;

  g_mutex_lock (&preload_lock);
  thread = g_steal_pointer (&preload_thread);
  g_mutex_unlock (&preload_lock);

  if (thread != NULL)
    g_thread_join (thread);
}

void
cv_verifier_preload (const char *ca_file)
{
  static gsize registered = 0;

  /* Indexed, the system's anchors cost a fraction of a millisecond where a chain
   * needs them: a thread would cost more than it hides */
  if (anchors_use_index && CV_SYSTEM_ANCHORS_FILE[0] != '\0' &&
      g_file_test (CV_SYSTEM_ANCHORS_FILE, G_FILE_TEST_IS_REGULAR))
    return;

  /* Registered after the libraries' own exit handlers, so run before them */
  if (g_once_init_enter (&registered))
    {
      atexit (join_preload);
      g_once_init_leave (&registered, 1);
    }

  g_mutex_lock (&preload_lock);
  if (preload_thread == NULL)
    preload_thread = g_thread_new ("cv-anchors", preload_thread_func, g_strdup (ca_file));
  g_mutex_unlock (&preload_lock);
}

GBytes *
cv_verifier_find_issuer (GBytes     *certificate,
                         const char *ca_file)
{
  g_autoptr(GBytes) ca_contents = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_x509_crt_t issuer = NULL;
  gnutls_x509_trust_list_t list;
  gnutls_datum_t out = { NULL, 0 };
  GBytes *result = NULL;

  g_return_val_if_fail (certificate != NULL, NULL);

  if (ca_file != NULL && !cv_verifier_read_ca_file (ca_file, &ca_contents, NULL))
    return NULL;

  crt = cv_certificate_import_der (certificate);
  if (crt == NULL)
    return NULL;

  join_preload ();
  g_mutex_lock (&anchors_lock);
  list = get_anchors (ca_file, ca_contents, &crt, 1, NULL);
  if (list != NULL &&
      gnutls_x509_trust_list_get_issuer (list, crt, &issuer, GNUTLS_TL_GET_COPY) == 0 &&
      gnutls_x509_crt_export2 (issuer, GNUTLS_X509_FMT_DER, &out) == 0)
    {
      result = g_bytes_new (out.data, out.size);
      gnutls_free (out.data);
    }
  g_mutex_unlock (&anchors_lock);

  if (issuer != NULL)
    gnutls_x509_crt_deinit (issuer);
  gnutls_x509_crt_deinit (crt);
  return result;
}

/* The first of @crts not yet @used that issued crts[@current], as GnuTLS picks
 * it when it orders an unsorted chain; @n_crts when there is none */
static unsigned int
next_issuer (gnutls_x509_crt_t *crts,
             unsigned int       n_crts,
             const gboolean    *used,
             unsigned int       current)
{
  for (unsigned int i = 0; i < n_crts; i++)
    if (!used[i] && crts[i] != NULL && cv_certificate_issued_by (crts[current], crts[i]))
      return i;
  return n_crts;
}

guint
cv_verifier_follow_issuers (gnutls_x509_crt_t *crts,
                            unsigned int       n_crts,
                            gboolean          *used,
                            guint              start,
                            guint             *path)
{
  guint length = 1;

  g_return_val_if_fail (crts != NULL && start < n_crts && crts[start] != NULL, 0);
  g_return_val_if_fail (used != NULL && path != NULL, 0);

  used[start] = TRUE;
  path[0] = start;
  for (;;)
    {
      unsigned int next = next_issuer (crts, n_crts, used, path[length - 1]);

      if (next == n_crts)
        return length;
      used[next] = TRUE;
      path[length++] = next;
    }
}

guint
cv_verifier_chain_path (gnutls_x509_crt_t *crts,
                        unsigned int       n_crts,
                        guint             *path)
{
  g_autofree gboolean *used = NULL;

  g_return_val_if_fail (crts != NULL && n_crts > 0 && path != NULL, 0);

  path[0] = 0;
  if (crts[0] == NULL)
    return 1;

  used = g_new0 (gboolean, n_crts);
  return cv_verifier_follow_issuers (crts, n_crts, used, 0, path);
}

/* The certificate at the top of @crts's path */
static gnutls_x509_crt_t
chain_top (gnutls_x509_crt_t *crts,
           unsigned int       n_crts)
{
  g_autofree guint *path = g_new (guint, n_crts);

  return crts[path[cv_verifier_chain_path (crts, n_crts, path) - 1]];
}

int
cv_verifier_chain_issuer (gnutls_x509_crt_t *crts,
                          unsigned int       n_crts)
{
  g_autofree gboolean *used = NULL;
  unsigned int found;

  g_return_val_if_fail (crts != NULL && n_crts > 0, -1);

  used = g_new0 (gboolean, n_crts);
  used[0] = TRUE;
  found = next_issuer (crts, n_crts, used, 0);
  return found == n_crts ? -1 : (int) found;
}

GBytes *
cv_verifier_find_path_issuer (GPtrArray         *chain,
                              gnutls_x509_crt_t *crts,
                              const char        *ca_file)
{
  int found;

  g_return_val_if_fail (chain != NULL && chain->len > 0 && crts != NULL, NULL);

  found = cv_verifier_chain_issuer (crts, chain->len);
  if (found > 0)
    return g_bytes_ref (g_ptr_array_index (chain, found));
  return cv_verifier_find_issuer (g_ptr_array_index (chain, 0), ca_file);
}

/*
 * GnuTLS verifies a chain from its top down and stops at the first certificate
 * it refuses: when the top's issuer is unknown, it says so and never looks at
 * the certificates below, so an expired server certificate under an untrusted
 * root would read as merely untrusted. This verifies the chain again as if its
 * top were trusted and returns what that finds below it; 0 if it cannot.
 */
static unsigned int
verify_below_top (gnutls_x509_crt_t     *crts,
                  unsigned int           n_crts,
                  gnutls_typed_vdata_st *data,
                  unsigned int           n_data)
{
  g_auto(gnutls_x509_trust_list_t) list = NULL;
  g_auto(gnutls_datum_t) der = { NULL, 0 };
  gnutls_x509_crt_t top = NULL;
  unsigned int status = 0;

  if (gnutls_x509_trust_list_init (&list, 0) < 0 ||
      gnutls_x509_crt_export2 (chain_top (crts, n_crts), GNUTLS_X509_FMT_DER, &der) < 0 ||
      gnutls_x509_crt_init (&top) < 0)
    return 0;
  if (gnutls_x509_crt_import (top, &der, GNUTLS_X509_FMT_DER) < 0 ||
      gnutls_x509_trust_list_add_cas (list, &top, 1, 0) != 1)
    {
      gnutls_x509_crt_deinit (top);
      return 0;
    }
  if (gnutls_x509_trust_list_verify_crt2 (list, crts, n_crts, data, n_data,
                                          CV_VERIFY_FLAGS, &status, NULL) < 0)
    return 0;
  return status;
}

gboolean
cv_verifier_verify_parsed (gnutls_x509_crt_t  *crts,
                           unsigned int        n_crts,
                           const char         *hostname,
                           const char         *ca_file,
                           guint              *status,
                           GError            **error)
{
  g_autoptr(GBytes) ca_contents = NULL;
  gnutls_x509_trust_list_t list;
  gnutls_typed_vdata_st data[2];
  unsigned int n_data = 0;
  unsigned int verify_status = 0;
  int ret = 0;

  /* Read here rather than with gnutls_x509_trust_list_add_trust_file(), so that
   * the error can say why the file is unreadable. */
  if (ca_file != NULL && !cv_verifier_read_ca_file (ca_file, &ca_contents, error))
    return FALSE;

  /* A textual IP address here is matched against iPAddress names (GnuTLS ≥ 3.4) */
  if (hostname != NULL)
    {
      data[n_data].type = GNUTLS_DT_DNS_HOSTNAME;
      data[n_data].data = (unsigned char *) hostname;
      data[n_data].size = 0;
      n_data++;
    }

  data[n_data].type = GNUTLS_DT_KEY_PURPOSE_OID;
  data[n_data].data = (unsigned char *) GNUTLS_KP_TLS_WWW_SERVER;
  data[n_data].size = 0;
  n_data++;

  join_preload ();
  g_mutex_lock (&anchors_lock);
  list = get_anchors (ca_file, ca_contents, crts, n_crts, error);
  if (list != NULL)
    ret = gnutls_x509_trust_list_verify_crt2 (list, crts, n_crts, data, n_data,
                                              CV_VERIFY_FLAGS, &verify_status, NULL);
  g_mutex_unlock (&anchors_lock);

  if (list == NULL)
    return FALSE;

  if (ret < 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate chain could not be verified: %s"),
                   gnutls_strerror (ret));
      return FALSE;
    }

  /* Every problem is reported, not only the topmost one. Only for a chain that
   * reaches no anchor: one that does was looked at whole (and a certificate
   * served above the anchor, such as an expired cross-signature, is rightly
   * ignored then). */
  if ((verify_status & GNUTLS_CERT_SIGNER_NOT_FOUND) && n_crts > 1)
    verify_status |= verify_below_top (crts, n_crts, data, n_data);

  *status = verify_status;
  return TRUE;
}

GBytes *
cv_verifier_find_anchor (gnutls_x509_crt_t *crts,
                         unsigned int       n_crts,
                         const char        *ca_file,
                         guint              status)
{
  g_autoptr(GBytes) ca_contents = NULL;
  gnutls_x509_trust_list_t list;
  GBytes *anchor = NULL;

  g_return_val_if_fail (crts != NULL && n_crts > 0, NULL);

  if ((status & GNUTLS_CERT_SIGNER_NOT_FOUND) ||
      (ca_file != NULL && !cv_verifier_read_ca_file (ca_file, &ca_contents, NULL)))
    return NULL;

  join_preload ();
  g_mutex_lock (&anchors_lock);
  list = get_anchors (ca_file, ca_contents, crts, n_crts, NULL);
  if (list != NULL)
    anchor = cv_verifier_unsent_anchor (list, crts, n_crts, status == 0);
  g_mutex_unlock (&anchors_lock);
  return anchor;
}

gboolean
cv_verifier_verify (GPtrArray   *chain,
                    const char  *hostname,
                    const char  *ca_file,
                    guint       *status,
                    GError     **error)
{
  g_auto(CvCrtList) crts = { NULL, 0 };
  int ret = 0;

  g_return_val_if_fail (chain != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  crts.crts = gnutls_calloc (chain->len, sizeof (gnutls_x509_crt_t));
  for (guint i = 0; i < chain->len; i++)
    {
      gsize size = 0;
      gnutls_datum_t datum;

      datum.data = (unsigned char *) g_bytes_get_data (g_ptr_array_index (chain, i), &size);
      datum.size = size;

      if ((ret = gnutls_x509_crt_init (&crts.crts[i])) < 0)
        break;
      crts.n_crts++;

      if ((ret = gnutls_x509_crt_import (crts.crts[i], &datum, GNUTLS_X509_FMT_DER)) < 0)
        break;
    }

  if (ret < 0)
    {
      /* The CA file is still read first, so that its error comes first as before */
      g_autoptr(GBytes) ca_contents = NULL;

      if (ca_file != NULL && !cv_verifier_read_ca_file (ca_file, &ca_contents, error))
        return FALSE;
      g_set_error (error, CV_ERROR, CV_ERROR_CERTIFICATE,
                   _("The certificate chain could not be verified: %s"),
                   gnutls_strerror (ret));
      return FALSE;
    }

  return cv_verifier_verify_parsed (crts.crts, crts.n_crts, hostname, ca_file, status, error);
}

/* Tests */

void
cv_verifier_set_use_index (gboolean use_index)
{
  join_preload ();
  g_mutex_lock (&anchors_lock);
  clear_anchors ();
  anchors_use_index = use_index;
  g_mutex_unlock (&anchors_lock);
}

CvAnchorIndex *
cv_verifier_get_index (void)
{
  CvAnchorIndex *index;

  join_preload ();
  g_mutex_lock (&anchors_lock);
  get_anchors (NULL, NULL, NULL, 0, NULL);
  index = anchors_index;
  g_mutex_unlock (&anchors_lock);
  return index;
}
