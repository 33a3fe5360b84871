/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-entry.h"

#include "cv-error.h"
#include "cv-inet-private.h"
#include "cv-target.h"
#include "cv-target-private.h"
#include "cv-trust-io-private.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

struct _CvTrustEntry
{
  GObject          parent_instance;

  char            *host;
  guint16          port;
  char            *key;
  CvTrustDecision  decision;
  char            *decision_name;
  char            *certificate_sha256;
  char            *public_key_pin;
  char            *subject;
  char            *issuer;
  gint64           not_after;
  gint64           created;
  gint64           last_seen;
  GStrv            names;
  GStrv            accepted;
};

G_DEFINE_FINAL_TYPE (CvTrustEntry, cv_trust_entry, G_TYPE_OBJECT)

const char *
cv_trust_decision_to_string (CvTrustDecision decision)
{
  switch (decision)
    {
    case CV_TRUST_DECISION_TRUST:
      return "trust";
    case CV_TRUST_DECISION_REJECT:
      return "reject";
    case CV_TRUST_DECISION_OTHER:
    default:
      return NULL;
    }
}

CvTrustDecision
cv_trust_decision_from_string (const char *text)
{
  if (g_strcmp0 (text, "trust") == 0)
    return CV_TRUST_DECISION_TRUST;
  if (g_strcmp0 (text, "reject") == 0)
    return CV_TRUST_DECISION_REJECT;
  return CV_TRUST_DECISION_OTHER;
}

char *
cv_trust_key_for (const char *host,
                  guint16     port)
{
  g_return_val_if_fail (host != NULL, NULL);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

char *
cv_trust_normalize_host (const char *host)
{
  CvInetAddress address;
  g_autofree char *lower = NULL;
  gsize len;

  if (host == NULL || host[0] == '\0' || !g_utf8_validate (host, -1, NULL))
    return NULL;

  for (const char *p = host; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      /* Letters, digits, "-", "_" and "." as in host names, ":" in addresses; other
       * ASCII ("&", ",", "<", quotes, …) is no server's name, and no command could
       * name such a decision again. Other letters are an international name. */
      if (c < 0x80 && !g_ascii_isalnum (c) && strchr ("-_.:*", c) == NULL)
        return NULL;
      /* A wildcard is a whole first label, as certificates name it: "*.example.com" */
      if (c == '*' && (p != host || p[1] != '.'))
        return NULL;
    }

  /* Only an address can need another form: "0:0::1", "::FFFF:127.0.0.1" */
  if (strspn (host, "0123456789.") == strlen (host) || strchr (host, ':') != NULL)
    {
      if (cv_inet_address_parse (host, &address))
        return cv_inet_address_to_string (&address);
      if (strchr (host, ':') != NULL)
        return NULL;
    }

  /* An international name is kept in its xn-- form, the one a server is reached by */
  if (g_hostname_is_non_ascii (host))
    {
      gboolean wildcard = g_str_has_prefix (host, "*.");
      g_autofree char *ascii = g_hostname_to_ascii (wildcard ? host + 2 : host);

      if (ascii == NULL)
        return NULL;
      lower = wildcard ? g_strconcat ("*.", ascii, NULL) : g_steal_pointer (&ascii);
      return cv_trust_normalize_host (lower);
    }

  /* A wildcard stands for one label of a name of two or more beside it, never
   * for a part of an address: not "*.com", nor "*.0.0.1" */
  if (g_str_has_prefix (host, "*."))
    {
      const char *rest = host + 2;
      const char *dot = strchr (rest, '.');

      if (dot == NULL || dot[1] == '\0' || strspn (rest, "0123456789.") == strlen (rest))
        return NULL;
    }

  /* "example.com." is the same server as "example.com" */
  lower = g_ascii_strdown (host, -1);
  len = strlen (lower);
  if (len > 1 && lower[len - 1] == '.')
    lower[len - 1] = '\0';
  /* No empty label: what is left is its own normal form */
  if (lower[0] == '.' || lower[0] == '\0' || strstr (lower, "..") != NULL ||
      g_str_has_suffix (lower, "."))
    return NULL;
  return g_steal_pointer (&lower);
}

gboolean
cv_trust_parse_server (const char  *text,
                       char       **host,
                       guint16     *port,
                       GError     **error)
{
  g_autoptr(CvTarget) target = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  /* Said as the URL it was meant to be, not as an address without brackets */
  if (!cv_target_check_slashes (text, error))
    return FALSE;

  target = cv_target_parse (text, CV_PROTOCOL_FTP_EXPLICIT, NULL);
  /* A bare host would get a port by guesswork; a decision is named exactly */
  if (target != NULL && !cv_target_is_port_guessed (target))
    *host = cv_trust_normalize_host (cv_target_get_host (target));
  if (target == NULL || cv_target_is_port_guessed (target) || *host == NULL)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("“%s” is not HOST:PORT or a URL (an IPv6 address goes in brackets: "
                     "[::1]:21)."), text);
      return FALSE;
    }
  *port = cv_target_get_port (target);
  return TRUE;
}

static void
cv_trust_entry_finalize (GObject *object)
{
  CvTrustEntry *self = CV_TRUST_ENTRY (object);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->decision_name, g_free);
  g_clear_pointer (&self->certificate_sha256, g_free);
  g_clear_pointer (&self->public_key_pin, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->accepted, g_strfreev);

  G_OBJECT_CLASS (cv_trust_entry_parent_class)->finalize (object);
}

static void
cv_trust_entry_class_init (CvTrustEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cv_trust_entry_finalize;
}

static void
cv_trust_entry_init (CvTrustEntry *self)
{
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Normalized, without the entry's own host and without repeats, sorted */
static GStrv
normalize_names (const char * const *names,
                 const char         *host)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      char *name = cv_trust_normalize_host (names[i]);

      if (name == NULL || g_str_equal (name, host) ||
          g_ptr_array_find_with_equal_func (out, name, g_str_equal, NULL))
        {
          g_free (name);
          continue;
        }
      g_ptr_array_add (out, name);
    }
  g_ptr_array_sort (out, compare_names);
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

CvTrustEntry *
cv_trust_entry_new_full (const CvTrustEntryFields *fields)
{
  g_autofree char *host = NULL;
  CvTrustEntry *self;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->port != 0, NULL);
  g_return_val_if_fail (fields->decision != NULL, NULL);
  g_return_val_if_fail (fields->certificate_sha256 != NULL, NULL);
  g_return_val_if_fail (fields->public_key_pin != NULL, NULL);

  host = cv_trust_normalize_host (fields->host);
  if (host == NULL)
    return NULL;

  self = g_object_new (CV_TYPE_TRUST_ENTRY, NULL);
  self->key = cv_trust_key_for (host, fields->port);
  self->port = fields->port;
  self->decision = cv_trust_decision_from_string (fields->decision);
  self->decision_name = g_strdup (fields->decision);
  self->certificate_sha256 = g_ascii_strdown (fields->certificate_sha256, -1);
  self->public_key_pin = g_strdup (fields->public_key_pin);
  self->subject = g_strdup (fields->subject ? fields->subject : "");
  self->issuer = g_strdup (fields->issuer ? fields->issuer : "");
  self->not_after = fields->not_after;
  self->created = fields->created;
  self->last_seen = fields->last_seen;
  self->names = normalize_names (fields->names, host);
  self->accepted = fields->accepted ? g_strdupv ((char **) fields->accepted) : NULL;
  self->host = g_steal_pointer (&host);
  return self;
}

CvTrustEntry *
cv_trust_entry_new (const char      *host,
                    guint16          port,
                    CvTrustDecision  decision,
                    const char      *certificate_sha256,
                    const char      *public_key_pin,
                    const char      *subject,
                    const char      *issuer,
                    gint64           not_after,
                    gint64           created,
                    gint64           last_seen)
{
  CvTrustEntryFields fields = {
    .host = host,
    .port = port,
    .decision = cv_trust_decision_to_string (decision),
    .certificate_sha256 = certificate_sha256,
    .public_key_pin = public_key_pin,
    .subject = subject,
    .issuer = issuer,
    .not_after = not_after,
    .created = created,
    .last_seen = last_seen,
  };

  g_return_val_if_fail (decision != CV_TRUST_DECISION_OTHER, NULL);
  if (!cv_trust_io_fingerprints_are_valid (certificate_sha256, public_key_pin))
    return NULL;
  return cv_trust_entry_new_full (&fields);
}

const char *
cv_trust_entry_get_host (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->host;
}

guint16
cv_trust_entry_get_port (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), 0);
  return self->port;
}

const char *
cv_trust_entry_get_key (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->key;
}

CvTrustDecision
cv_trust_entry_get_decision (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), CV_TRUST_DECISION_OTHER);
  return self->decision;
}

const char *
cv_trust_entry_get_decision_name (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->decision_name;
}

const char *
cv_trust_entry_get_certificate_sha256 (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->certificate_sha256;
}

const char *
cv_trust_entry_get_public_key_pin (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->public_key_pin;
}

const char *
cv_trust_entry_get_subject (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->subject;
}

const char *
cv_trust_entry_get_issuer (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return self->issuer;
}

gint64
cv_trust_entry_get_not_after (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), 0);
  return self->not_after;
}

gint64
cv_trust_entry_get_created (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), 0);
  return self->created;
}

gint64
cv_trust_entry_get_last_seen (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), 0);
  return self->last_seen;
}

const char * const *
cv_trust_entry_get_names (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return (const char * const *) self->names;
}

const char * const *
cv_trust_entry_get_accepted (CvTrustEntry *self)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), NULL);
  return (const char * const *) self->accepted;
}

gboolean
cv_trust_entry_covers (CvTrustEntry *self,
                       const char   *host)
{
  const char *dot;

  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  if (g_str_equal (self->host, host))
    return TRUE;

  dot = strchr (host, '.');
  for (guint i = 0; self->names[i] != NULL; i++)
    {
      const char *name = self->names[i];

      if (g_str_equal (name, host))
        return TRUE;
      if (name[0] == '*' && name[1] == '.' && dot != NULL && dot != host &&
          g_str_equal (name + 1, dot))
        return TRUE;
    }
  return FALSE;
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

gboolean
cv_trust_entry_same_decision (CvTrustEntry *self,
                              CvTrustEntry *other)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), FALSE);
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (other), FALSE);

  return g_str_equal (self->key, other->key) &&
         g_strcmp0 (self->decision_name, other->decision_name) == 0 &&
         g_str_equal (self->certificate_sha256, other->certificate_sha256) &&
         g_str_equal (self->public_key_pin, other->public_key_pin) &&
         strv_equal0 ((const char * const *) self->names,
                      (const char * const *) other->names) &&
         strv_equal0 ((const char * const *) self->accepted,
                      (const char * const *) other->accepted);
}

CvTrustMatch
cv_trust_entry_match (CvTrustEntry *self,
                      const char   *certificate_sha256,
                      const char   *public_key_pin)
{
  g_return_val_if_fail (CV_IS_TRUST_ENTRY (self), CV_TRUST_MATCH_CHANGED);

  if (certificate_sha256 != NULL &&
      g_ascii_strcasecmp (self->certificate_sha256, certificate_sha256) == 0)
    return CV_TRUST_MATCH_SAME_CERTIFICATE;
  if (public_key_pin != NULL && g_str_equal (self->public_key_pin, public_key_pin))
    return CV_TRUST_MATCH_RENEWED;
  return CV_TRUST_MATCH_CHANGED;
}
