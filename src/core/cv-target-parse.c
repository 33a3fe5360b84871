/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Server addresses as people type them: URLs, host:port, IPv6 literals */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-target-private.h"

#include "cv-error.h"
#include "cv-format-private.h"
#include "cv-inet-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* DNS names are at most 253 characters (RFC 1035) */
#define MAX_HOST_LENGTH 253

/* User input quoted in a message: control characters shown as escapes, never raw */
static char *
quote_input (const char *text,
             gssize      len)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (cv_unichar_is_control (c))
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
parse_port (const char  *text,
            guint16     *port,
            GError     **error)
{
  guint64 value = 0;
  gsize len = strlen (text);

  if (len == 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("The port after “:” is missing; add a number such as 21 or 990, "
                     "or remove the colon."));
      return FALSE;
    }

  /* Only plain digits: no sign, no spaces, no hex */
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        {
          g_autofree char *quoted = quote_input (text, -1);

          g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                       _("The port “%s” is not a number; use a number from 1 to 65535."),
                       quoted);
          return FALSE;
        }
    }

  /* Leading zeros count for nothing, as in 021 */
  while (len > 1 && text[0] == '0')
    {
      text++;
      len--;
    }

  /* Computed here rather than by g_ascii_string_to_unsigned(): on its first use
   * in a process, threads that call it at once can see errno set by GLib's own
   * lock and take a good number for a bad one (the saved servers are checked
   * eight at a time) */
  for (gsize i = 0; i < len && len <= 5; i++)
    value = value * 10 + (guint64) (text[i] - '0');

  if (len > 5 || value > G_MAXUINT16)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("The port %s is too large; use a number from 1 to 65535."), text);
      return FALSE;
    }

  if (value == 0)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("Port 0 cannot be connected to; use a number from 1 to 65535."));
      return FALSE;
    }

  *port = (guint16) value;
  return TRUE;
}

/* Checks a host that is not in brackets: an IPv4 literal or a DNS name */
static gboolean
check_host (const char  *host,
            GError     **error)
{
  const char *p;

  if (host[0] == '\0')
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("The server name is missing; enter a name such as ftp.example.com."));
      return FALSE;
    }

  for (p = host; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c <= 0x20 || c == 0x7f)
        {
          g_autofree char *quoted = quote_input (host, -1);

          g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                       _("The server name “%s” contains a space or a control character; "
                         "remove it."), quoted);
          return FALSE;
        }

      if (c == '%')
        {
          g_autofree char *quoted = quote_input (host, -1);

          g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                       _("The server name “%s” contains “%%”; percent-encoded names are not "
                         "accepted, type the name itself."), quoted);
          return FALSE;
        }
    }

  if (!g_utf8_validate (host, -1, NULL))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("The server name is not valid text; type it again."));
      return FALSE;
    }

  for (p = host; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!(c < 0x80 && (g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_')))
        {
          g_autofree char *quoted = quote_input (host, -1);
          char ch[8] = { 0 };
          g_autofree char *quoted_ch = NULL;

          g_unichar_to_utf8 (c, ch);
          quoted_ch = quote_input (ch, -1);
          g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                       _("The server name “%s” contains “%s”; use only letters, digits, "
                         "hyphens and dots (international names in their xn-- form)."),
                       quoted, quoted_ch);
          return FALSE;
        }
    }

  if (host[0] == '.' || strstr (host, "..") != NULL)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("The server name “%s” has an empty part between dots; remove the "
                     "extra dot."), host);
      return FALSE;
    }

  if (strlen (host) > MAX_HOST_LENGTH)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("The server name is longer than %d characters; check it."),
                   MAX_HOST_LENGTH);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_ipv6 (const char  *literal,
            char       **canonical,
            GError     **error)
{
  CvInetAddress address;

  if (strchr (literal, '%') != NULL)
    {
      g_autofree char *quoted = quote_input (literal, -1);

      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("The IPv6 address “%s” contains “%%”; zone indexes and percent-encoding "
                     "are not accepted."), quoted);
      return FALSE;
    }

  for (const char *p = literal; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || (guchar) *p == 0x7f)
        {
          g_autofree char *quoted = quote_input (literal, -1);

          g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                       _("The IPv6 address “%s” contains a space or a control character; "
                         "remove it."), quoted);
          return FALSE;
        }
    }

  if (!cv_inet_address_parse (literal, &address) || address.family != AF_INET6)
    {
      g_autofree char *quoted = quote_input (literal, -1);

      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("“%s” is not a valid IPv6 address; write it like [2001:db8::1], in "
                     "brackets, and a port after them: [2001:db8::1]:990."),
                   quoted);
      return FALSE;
    }

  *canonical = cv_inet_address_to_string (&address);
  return TRUE;
}

static gboolean
protocol_for_scheme (const char *scheme,
                     CvProtocol *protocol)
{
  if (g_ascii_strcasecmp (scheme, "ftp") == 0 || g_ascii_strcasecmp (scheme, "ftpes") == 0)
    *protocol = CV_PROTOCOL_FTP_EXPLICIT;
  else if (g_ascii_strcasecmp (scheme, "ftps") == 0)
    *protocol = CV_PROTOCOL_FTP_IMPLICIT;
  else if (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "tls") == 0)
    *protocol = CV_PROTOCOL_DIRECT_TLS;
  else
    return FALSE;

  return TRUE;
}

gboolean
cv_target_check_slashes (const char  *text,
                         GError     **error)
{
  const char *colon = strchr (text, ':');
  g_autofree char *scheme = NULL;
  const char *rest;
  const char *host;
  gsize digits;
  CvProtocol ignored;

  if (colon == NULL || g_str_has_prefix (colon, "://"))
    return TRUE;
  scheme = g_strndup (text, colon - text);
  if (!protocol_for_scheme (scheme, &ignored))
    return TRUE;

  /* The host "ftp" with a port, and perhaps a path after it ("ftp:2121/pub") */
  rest = colon + 1;
  digits = strspn (rest, "0123456789");
  if (digits > 0 && strchr ("/?#", rest[digits]) != NULL)
    return TRUE;

  /* Only a scheme ("ftp:", "ftp:/"): what is missing is more than slashes */
  host = rest + strspn (rest, "/");
  if (*host == '\0')
    return TRUE;

  {
    g_autofree char *meant = g_strdup_printf ("%s://%s", scheme, host);
    g_autofree char *quoted = quote_input (meant, -1);

    g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                 _("A URL has two slashes after its scheme; write it like “%s”."), quoted);
  }
  return FALSE;
}

/* "[2001:db8::1]" or "[2001:db8::1]:990" at @hostport: the address into @host,
 * in its canonical form, and where the port begins, if one follows, into
 * @port_text */
static gboolean
parse_bracketed (const char  *hostport,
                 char       **host,
                 const char **port_text,
                 GError     **error)
{
  const char *close = strchr (hostport, ']');
  g_autofree char *literal = NULL;

  if (close == NULL)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("The “[” before the IPv6 address has no matching “]”; write it "
                     "like [2001:db8::1]:990."));
      return FALSE;
    }

  literal = g_strndup (hostport + 1, close - hostport - 1);
  if (strchr (literal, '[') != NULL || strchr (close + 1, ']') != NULL ||
      strchr (close + 1, '[') != NULL)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("The brackets around the IPv6 address do not match; write it "
                     "like [2001:db8::1]:990."));
      return FALSE;
    }

  if (close[1] == ':')
    {
      *port_text = close + 2;
    }
  else if (close[1] != '\0')
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("Only a “:” and a port may follow the IPv6 address in brackets; "
                     "write it like [2001:db8::1]:990."));
      return FALSE;
    }

  return check_ipv6 (literal, host, error);
}

/* A host name, an IPv4 address or a bare IPv6 address at @hostport, with a
 * ":port" after the first two: the host into @host, in the form that goes on the
 * wire and into the saved decisions, and where the port begins into @port_text */
static gboolean
parse_plain (const char  *hostport,
             char       **host,
             const char **port_text,
             GError     **error)
{
  const char *colon = strchr (hostport, ':');
  CvInetAddress address;
  g_autofree char *name = NULL;

  /* Several colons: a bare IPv6 literal, which cannot carry a port */
  if (colon != NULL && strchr (colon + 1, ':') != NULL)
    return check_ipv6 (hostport, host, error);

  if (colon != NULL)
    {
      name = g_strndup (hostport, colon - hostport);
      *port_text = colon + 1;
    }
  else
    {
      name = g_strdup (hostport);
    }

  /* An international name goes on the wire, and into the saved decisions, in its
   * xn-- form; one that has none is checked below, which says why */
  if (g_utf8_validate (name, -1, NULL) && g_hostname_is_non_ascii (name))
    {
      char *ascii = g_hostname_to_ascii (name);

      if (ascii != NULL)
        {
          g_free (name);
          name = ascii;
        }
    }

  if (!check_host (name, error))
    return FALSE;

  /* "example.com." is the same name as "example.com", and SNI forbids the dot */
  if (g_str_has_suffix (name, ".") && !g_str_equal (name, "."))
    name[strlen (name) - 1] = '\0';

  if (cv_inet_address_parse (name, &address))
    *host = cv_inet_address_to_string (&address);
  else
    *host = g_ascii_strdown (name, -1);
  return TRUE;
}

/* Without a scheme, a well-known port says more than the default protocol */
static CvProtocol
protocol_for_port (guint16    port,
                   CvProtocol default_protocol)
{
  switch (port)
    {
    case 21:
      return CV_PROTOCOL_FTP_EXPLICIT;

    case 990:
      return CV_PROTOCOL_FTP_IMPLICIT;

    case 443: case 465: case 563: case 636: case 853: case 989: case 992:
    case 993: case 994: case 995: case 5061: case 8443:
      return CV_PROTOCOL_DIRECT_TLS;

    default:
      return default_protocol;
    }
}

CvTarget *
cv_target_parse (const char  *text,
                 CvProtocol   default_protocol,
                 GError     **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *host = NULL;
  char *authority;
  char *sep;
  const char *hostport;
  const char *port_text = NULL;
  char *end;
  gboolean has_scheme = FALSE;
  CvProtocol protocol = default_protocol;
  guint16 port = 0;
  CvTarget *target;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail ((guint) default_protocol < CV_N_PROTOCOLS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  copy = g_strstrip (g_strdup (text));

  if (copy[0] == '\0')
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("Enter a server address, such as ftp.example.com or "
                     "ftps://ftp.example.com:990."));
      return NULL;
    }

  sep = strstr (copy, "://");

  if (!cv_target_check_slashes (copy, error))
    return NULL;

  if (sep != NULL)
    {
      g_autofree char *scheme = g_strndup (copy, sep - copy);

      if (!protocol_for_scheme (scheme, &protocol))
        {
          g_autofree char *quoted = quote_input (scheme, -1);

          g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                       _("Unknown scheme “%s”; use ftp://, ftps://, ftpes://, https:// or "
                         "tls://"), quoted);
          return NULL;
        }

      has_scheme = TRUE;
      authority = sep + 3;
    }
  else
    {
      authority = copy;
    }

  /* The path (and for URLs the query and fragment) plays no part in a TLS probe */
  end = authority + strcspn (authority, has_scheme ? "/?#" : "/");
  *end = '\0';

  /* user@ and user:password@ are part of the URL but not of the server's address */
  hostport = strrchr (authority, '@');
  hostport = hostport != NULL ? hostport + 1 : authority;

  if (hostport[0] == '[')
    {
      if (!parse_bracketed (hostport, &host, &port_text, error))
        return NULL;
    }
  else if (strchr (hostport, ']') != NULL || strchr (hostport, '[') != NULL)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_INVALID_TARGET,
                   _("The “]” has no matching “[”; write IPv6 addresses like "
                     "[2001:db8::1]:990."));
      return NULL;
    }
  else if (!parse_plain (hostport, &host, &port_text, error))
    {
      return NULL;
    }

  if (port_text != NULL)
    {
      if (!parse_port (port_text, &port, error))
        return NULL;

      if (!has_scheme)
        protocol = protocol_for_port (port, default_protocol);
    }
  else
    {
      port = cv_protocol_get_default_port (protocol);
    }

  target = cv_target_new (host, port, protocol);
  cv_target_set_defaulted (target, !has_scheme, port_text == NULL);
  return target;
}

CvTarget *
cv_target_with_default_protocol (CvTarget   *self,
                                 CvProtocol  default_protocol)
{
  gboolean port_defaulted;
  CvProtocol protocol;
  guint16 port;
  CvTarget *target;

  g_return_val_if_fail (CV_IS_TARGET (self), NULL);
  g_return_val_if_fail ((guint) default_protocol < CV_N_PROTOCOLS, NULL);

  if (!cv_target_get_defaulted (self, &port_defaulted))
    return g_object_ref (self);

  /* As cv_target_parse() would have made it with this default */
  if (port_defaulted)
    {
      protocol = default_protocol;
      port = cv_protocol_get_default_port (protocol);
    }
  else
    {
      port = cv_target_get_port (self);
      protocol = protocol_for_port (port, default_protocol);
    }

  target = cv_target_new (cv_target_get_host (self), port, protocol);
  cv_target_set_defaulted (target, TRUE, port_defaulted);
  return target;
}
