/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-io-private.h"

#include "cv-error.h"

#include "cv-certificate.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* FileZilla's trustedcerts.xml */

typedef enum
{
  FIELD_NONE,
  FIELD_DATA,
  FIELD_HOST,
  FIELD_PORT,
  FIELD_TRUST_SANS,
  N_FIELDS,
} Field;

typedef struct
{
  CvTrustIoCollection  collection;
  gint64      now;
  /* Of the element that starts or ends, the root being 1 */
  guint       depth;
  /* Inside <TrustedCerts>, inside one of its <Certificate>s */
  gboolean    in_trusted;
  gboolean    in_certificate;
  guint       number;
  Field       field;
  GString    *values[N_FIELDS];
} FileZillaParser;

static gboolean
unusable_certificate (GError     **error,
                      guint        number,
                      const char  *why)
{
  g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
               _("Certificate %u in the FileZilla file cannot be imported: %s. Remove it "
                 "in FileZilla (or from the file), then import the file again."),
               number, why);
  return FALSE;
}

static GBytes *
hex_decode (const char *text)
{
  gsize len = strlen (text);
  guint8 *data;

  if (len == 0 || len % 2 != 0)
    return NULL;
  data = g_malloc (len / 2);
  for (gsize i = 0; i < len; i += 2)
    {
      int high = g_ascii_xdigit_value (text[i]);
      int low = g_ascii_xdigit_value (text[i + 1]);

      if (high < 0 || low < 0)
        {
          g_free (data);
          return NULL;
        }
      data[i / 2] = (guint8) (high << 4 | low);
    }
  return g_bytes_new_take (data, len / 2);
}

/* The certificate's DNS names that Certview can keep, addresses aside */
static GPtrArray *
dns_names (CvCertificate *certificate)
{
  g_auto(GStrv) all = cv_certificate_dup_dns_names (certificate);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; all[i] != NULL; i++)
    {
      char *name = cv_trust_normalize_host (all[i]);

      if (name != NULL)
        g_ptr_array_add (names, name);
    }
  g_ptr_array_add (names, NULL);
  return names;
}

static gboolean
finish_certificate (FileZillaParser  *self,
                    GError          **error)
{
  const char *data_hex = self->values[FIELD_DATA]->str;
  const char *host = self->values[FIELD_HOST]->str;
  const char *port_text = self->values[FIELD_PORT]->str;
  const char *trust_sans = self->values[FIELD_TRUST_SANS]->str;
  g_autoptr(CvCertificate) certificate = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GBytes) der = NULL;
  CvTrustEntryFields fields = { 0 };
  guint64 port = 0;
  const char *why;

  der = hex_decode (data_hex);
  if (der == NULL)
    return unusable_certificate (error, self->number,
                                 _("its data is missing or not hexadecimal"));
  certificate = cv_certificate_new_from_der (der, NULL);
  if (certificate == NULL)
    return unusable_certificate (error, self->number, _("its data is not a certificate"));
  if (*host == '\0')
    return unusable_certificate (error, self->number, _("the host is missing"));
  if (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    return unusable_certificate (error, self->number,
                                 _("the port is not a number from 1 to 65535"));
  if (cv_certificate_get_not_after (certificate) == NULL)
    return unusable_certificate (error, self->number, _("its expiry date cannot be read"));

  if (g_str_equal (trust_sans, "1") || g_ascii_strcasecmp (trust_sans, "true") == 0)
    names = dns_names (certificate);

  fields.host = host;
  fields.port = (guint16) port;
  fields.decision = "trust";
  fields.certificate_sha256 = cv_certificate_get_sha256 (certificate);
  fields.public_key_pin = cv_certificate_get_public_key_pin (certificate);
  fields.subject = cv_certificate_get_subject (certificate);
  fields.issuer = cv_certificate_get_issuer (certificate);
  fields.not_after = g_date_time_to_unix (cv_certificate_get_not_after (certificate));
  fields.created = self->now;
  fields.last_seen = self->now;
  fields.names = names ? (const char * const *) names->pdata : NULL;

  /* FileZilla appends a certificate it is told to trust: the last one is the newest */
  why = cv_trust_io_collection_add (&self->collection, &fields, TRUE);
  if (why != NULL)
    return unusable_certificate (error, self->number, why);
  return TRUE;
}

/* FileZilla indents its file: values come with white space around them */
static void
strip (GString *value)
{
  gsize start = 0;

  while (value->len > 0 && g_ascii_isspace (value->str[value->len - 1]))
    g_string_truncate (value, value->len - 1);
  while (start < value->len && g_ascii_isspace (value->str[start]))
    start++;
  g_string_erase (value, 0, (gssize) start);
}

static void
filezilla_start_element (GMarkupParseContext  *context,
                         const char           *element_name,
                         const char          **attribute_names,
                         const char          **attribute_values,
                         gpointer              user_data,
                         GError              **error)
{
  FileZillaParser *self = user_data;
  guint depth = ++self->depth;

  self->field = FIELD_NONE;
  if (depth == 1)
    {
      if (!g_str_equal (element_name, "FileZilla3"))
        g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                     _("The XML file is not FileZilla’s list of trusted certificates. "
                       "Choose trustedcerts.xml in FileZilla’s settings folder."));
    }
  else if (depth == 2)
    self->in_trusted = g_str_equal (element_name, "TrustedCerts");
  else if (depth == 3 && self->in_trusted && g_str_equal (element_name, "Certificate"))
    {
      self->in_certificate = TRUE;
      self->number++;
      for (guint i = 0; i < N_FIELDS; i++)
        g_string_truncate (self->values[i], 0);
    }
  else if (depth == 4 && self->in_certificate)
    {
      if (g_str_equal (element_name, "Data"))
        self->field = FIELD_DATA;
      else if (g_str_equal (element_name, "Host"))
        self->field = FIELD_HOST;
      else if (g_str_equal (element_name, "Port"))
        self->field = FIELD_PORT;
      else if (g_str_equal (element_name, "TrustSANs"))
        self->field = FIELD_TRUST_SANS;

      /* A repeated element counts once, as its last copy */
      g_string_truncate (self->values[self->field], 0);
    }
}

static void
filezilla_end_element (GMarkupParseContext  *context,
                       const char           *element_name,
                       gpointer              user_data,
                       GError              **error)
{
  FileZillaParser *self = user_data;
  guint depth = self->depth--;

  self->field = FIELD_NONE;
  if (depth == 2)
    self->in_trusted = FALSE;
  else if (depth == 3 && self->in_certificate)
    {
      self->in_certificate = FALSE;
      for (guint i = 0; i < N_FIELDS; i++)
        strip (self->values[i]);
      finish_certificate (self, error);
    }
}

static void
filezilla_text (GMarkupParseContext  *context,
                const char           *text,
                gsize                 text_len,
                gpointer              user_data,
                GError              **error)
{
  FileZillaParser *self = user_data;

  /* Text of the element itself; an element nested inside it has reset the field */
  if (self->field != FIELD_NONE)
    g_string_append_len (self->values[self->field], text, text_len);
}

GPtrArray *
cv_trust_io_parse_filezilla (const char  *text,
                             gsize        len,
                             gint64       now,
                             GError     **error)
{
  static const GMarkupParser markup_parser = {
    .start_element = filezilla_start_element,
    .end_element = filezilla_end_element,
    .text = filezilla_text,
  };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  FileZillaParser self = { .now = now };
  GPtrArray *entries = NULL;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cv_trust_io_begin (&text, len, error))
    return NULL;

  /* FileZilla writes UTF-8. Checked first, as GMarkup (GLib 2.74) can go on
   * parsing after some of its UTF-8 errors and then set a second error */
  if (!cv_trust_io_is_text (text, len))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The file is not UTF-8 text, so it is not FileZilla’s list of "
                     "trusted certificates. Choose trustedcerts.xml in FileZilla’s "
                     "settings folder."));
      return NULL;
    }

  cv_trust_io_collection_init (&self.collection);
  for (guint i = 0; i < N_FIELDS; i++)
    self.values[i] = g_string_new (NULL);

  /* A value in a CDATA section is the same value */
  context = g_markup_parse_context_new (&markup_parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &self,
                                        NULL);
  if (g_markup_parse_context_parse (context, text, (gssize) len, &local_error) &&
      g_markup_parse_context_end_parse (context, &local_error))
    entries = cv_trust_io_collection_steal (&self.collection);

  if (local_error != NULL && local_error->domain == CV_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (local_error != NULL)
    {
      /* GMarkup quotes what it stumbled on, which may be a control character */
      g_autofree char *why = cv_sanitize_text (local_error->message, -1);

      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The FileZilla file is not well-formed XML (%s). Choose "
                     "trustedcerts.xml in FileZilla’s settings folder."), why);
    }

  cv_trust_io_collection_clear (&self.collection);
  for (guint i = 0; i < N_FIELDS; i++)
    g_string_free (self.values[i], TRUE);
  return entries;
}

