/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Walking DER with libtasn1's tag and length readers, for what GnuTLS does not
 * parse: a CRL's Issuing Distribution Point, certificates one after another */
#include "config.h"

#include "cv-der-private.h"

#include <libtasn1.h>

gboolean
cv_der_next (CvDer         *der,
             unsigned char *cls,
             unsigned long *tag,
             CvDer         *contents)
{
  int tag_len = 0;
  int len_len = 0;
  long len;

  if (der->left == 0 || der->left > G_MAXINT ||
      asn1_get_tag_der (der->p, (int) der->left, cls, &tag_len, tag) != ASN1_SUCCESS ||
      (gsize) tag_len >= der->left)
    return FALSE;
  len = asn1_get_length_der (der->p + tag_len, (int) (der->left - tag_len), &len_len);
  if (len < 0 || (gsize) len > der->left - tag_len - len_len)
    return FALSE;
  contents->p = der->p + tag_len + len_len;
  contents->left = (gsize) len;
  der->p += tag_len + len_len + len;
  der->left -= tag_len + len_len + len;
  return TRUE;
}
