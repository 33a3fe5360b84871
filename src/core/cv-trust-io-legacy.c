/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-io-private.h"

#include "cv-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The key file of Certview 0.1 */

static char *
unescape (const char *value,
          gsize       len)
{
  char *out = g_malloc (len + 1);
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (value[i] == '\\' && i + 1 < len)
        {
          i++;
          switch (value[i])
            {
            case 'n': out[n++] = '\n'; break;
            case 'r': out[n++] = '\r'; break;
            case 't': out[n++] = '\t'; break;
            case 's': out[n++] = ' '; break;
            default: out[n++] = value[i];
            }
        }
      else
        out[n++] = value[i];
    }
  out[n] = '\0';
  return out;
}

/* "host:port" or "[v6]:port", @len bytes with no NUL among them */
static gboolean
parse_key (const char  *key,
           gsize        len,
           char       **host,
           guint16     *port)
{
  const char *key_end = key + len;
  const char *colon;
  const char *host_start = key;
  const char *host_end;
  guint64 number = 0;

  if (key[0] == '[')
    {
      host_end = memchr (key, ']', len);
      if (host_end == NULL || host_end + 1 >= key_end || host_end[1] != ':')
        return FALSE;
      host_start = key + 1;
      colon = host_end + 1;
    }
  else
    {
      colon = NULL;
      for (const char *c = key; c < key_end; c++)
        if (*c == ':')
          colon = c;
      if (colon == NULL)
        return FALSE;
      host_end = colon;
    }

  if (host_end == host_start || colon + 1 >= key_end || !g_ascii_isdigit (colon[1]))
    return FALSE;

  /* Brackets hold an IPv6 address and nothing else; a bare host has no colon */
  for (const char *p = host_start; p < host_end; p++)
    {
      if (*p == '[' || *p == ']' || (*p == ':' && key[0] != '['))
        return FALSE;
    }
  if (key[0] == '[' && memchr (host_start, ':', host_end - host_start) == NULL)
    return FALSE;
  for (const char *c = colon + 1; c < key_end; c++)
    {
      if (!g_ascii_isdigit (*c) || number > 65535)
        return FALSE;
      number = number * 10 + (guint64) (*c - '0');
    }
  if (number == 0 || number > 65535)
    return FALSE;

  *host = g_strndup (host_start, host_end - host_start);
  *port = (guint16) number;
  return TRUE;
}

/* A value as it stands in the file: no copy until a decision is made of it */
typedef struct
{
  const char *text;
  gsize       len;
} Slice;

typedef struct
{
  Slice key;
  Slice decision;
  Slice certificate_sha256;
  Slice public_key_pin;
  Slice subject;
  Slice issuer;
  Slice not_after;
  Slice created;
  Slice last_seen;
  guint line;
} Group;

static gboolean
damaged (GError     **error,
         guint        line,
         const char  *why)
{
  g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
               _("Line %u of the Certview 0.1 trust store is damaged: %s. Correct or "
                 "delete that decision, then import the file again."), line, why);
  return FALSE;
}

static gboolean
finish_group (Group       *group,
              CvTrustIoCollection  *collection,
              GError     **error)
{
  g_autofree char *host = NULL;
  g_autofree char *decision = NULL;
  g_autofree char *certificate_sha256 = NULL;
  g_autofree char *public_key_pin = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  CvTrustEntryFields fields = { 0 };
  const char *why;

  if (group->key.text == NULL)
    return TRUE;

  if (!parse_key (group->key.text, group->key.len, &host, &fields.port))
    return damaged (error, group->line, _("the server is not HOST:PORT"));
  if (group->decision.text == NULL)
    return damaged (error, group->line, _("the decision is missing"));
  if (group->certificate_sha256.text == NULL || group->public_key_pin.text == NULL)
    return damaged (error, group->line, _("a fingerprint is missing"));
  if (!cv_trust_io_parse_time (group->not_after.text, group->not_after.len, &fields.not_after) ||
      !cv_trust_io_parse_time (group->created.text, group->created.len, &fields.created) ||
      !cv_trust_io_parse_time (group->last_seen.text, group->last_seen.len, &fields.last_seen))
    return damaged (error, group->line, _("a date is missing or malformed"));

  decision = g_strndup (group->decision.text, group->decision.len);
  certificate_sha256 = g_strndup (group->certificate_sha256.text,
                                  group->certificate_sha256.len);
  public_key_pin = g_strndup (group->public_key_pin.text, group->public_key_pin.len);
  subject = unescape (group->subject.text, group->subject.len);
  issuer = unescape (group->issuer.text, group->issuer.len);

  fields.host = host;
  fields.decision = decision;
  fields.certificate_sha256 = certificate_sha256;
  fields.public_key_pin = public_key_pin;
  fields.subject = subject;
  fields.issuer = issuer;

  why = cv_trust_io_collection_add (collection, &fields, FALSE);
  if (why != NULL)
    return damaged (error, group->line, why);

  *group = (Group) { 0 };
  return TRUE;
}

GPtrArray *
cv_trust_io_parse_legacy (const char  *text,
                          gsize        len,
                          GError     **error)
{
  g_auto(CvTrustIoCollection) collection = { 0 };
  Group group = { 0 };
  const char *p = text;
  const char *end = text + len;
  guint line = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cv_trust_io_begin (&text, len, error))
    return NULL;

  cv_trust_io_collection_init (&collection);
  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol ? eol : end;
      const char *equals;
      const char *start;
      gsize key_len;
      Slice *slot = NULL;

      line++;
      if (line_end > p && line_end[-1] == '\r')
        line_end--;

      if (line_end > p && memchr (p, '\0', line_end - p) != NULL)
        {
          damaged (error, line, _("it holds a NUL byte"));
          return NULL;
        }

      /* As GLib's key files have it: blanks before a line, around a header and
       * around the '=' do not count */
      start = p;
      while (start < line_end && (*start == ' ' || *start == '\t'))
        start++;

      if (start == line_end || *start == '#')
        ;
      else if (*start == '[')
        {
          const char *header_end = line_end;

          while (header_end > start && (header_end[-1] == ' ' || header_end[-1] == '\t'))
            header_end--;
          if (header_end[-1] != ']' || header_end - start < 3)
            {
              damaged (error, line, _("a section header is malformed"));
              return NULL;
            }
          if (!finish_group (&group, &collection, error))
            return NULL;
          group.key = (Slice) { start + 1, header_end - start - 2 };
          group.line = line;
        }
      else if ((equals = memchr (start, '=', line_end - start)) != NULL &&
               group.key.text != NULL)
        {
          const char *value = equals + 1;

          key_len = equals - start;
          while (key_len > 0 && (start[key_len - 1] == ' ' || start[key_len - 1] == '\t'))
            key_len--;
          while (value < line_end && (*value == ' ' || *value == '\t'))
            value++;
#define KEY_IS(name) (key_len == strlen (name) && memcmp (start, name, key_len) == 0)
          if (KEY_IS ("decision"))
            slot = &group.decision;
          else if (KEY_IS ("certificate-sha256"))
            slot = &group.certificate_sha256;
          else if (KEY_IS ("public-key-pin"))
            slot = &group.public_key_pin;
          else if (KEY_IS ("subject"))
            slot = &group.subject;
          else if (KEY_IS ("issuer"))
            slot = &group.issuer;
          else if (KEY_IS ("not-after"))
            slot = &group.not_after;
          else if (KEY_IS ("created"))
            slot = &group.created;
          else if (KEY_IS ("last-seen"))
            slot = &group.last_seen;
#undef KEY_IS
          /* Keys from a newer version are passed over */
          if (slot != NULL)
            *slot = (Slice) { value, line_end - value };
        }
      else
        {
          damaged (error, line, _("it is neither a section nor KEY=VALUE"));
          return NULL;
        }

      p = eol ? eol + 1 : end;
    }

  if (!finish_group (&group, &collection, error))
    return NULL;

  return cv_trust_io_collection_steal (&collection);
}

