/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-io-private.h"

#include "cv-certificate.h"
#include "cv-error.h"
#include "cv-format.h"

#include <glib/gi18n-lib.h>
#include "cv-json-private.h"
#include <stdio.h>
#include <string.h>

#define EXPORT_FORMAT_NAME "certview-trust-store"
#define EXPORT_VERSION 1
/* The export is four levels deep; json-glib's parser recurses */
#define JSON_MAX_DEPTH 32

/* Certview's export (JSON) */

static gboolean
invalid_decision (GError     **error,
                  guint        number,
                  const char  *why)
{
  g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
               _("Decision %u in the file is invalid: %s. Correct or delete that decision, "
                 "then import the file again."), number, why);
  return FALSE;
}

static gboolean
missing_member (GError     **error,
                guint        number,
                const char  *member)
{
  g_autofree char *why = g_strdup_printf (_("“%s” is missing or not text"), member);

  return invalid_decision (error, number, why);
}

/* json-glib recurses into arrays and objects: the nesting is bounded first */
static gboolean
nesting_is_bounded (const char *text,
                    gsize       len)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > JSON_MAX_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

typedef enum
{
  MEMBER_MISSING,
  MEMBER_OK,
  MEMBER_WRONG_TYPE,
} MemberState;

/* @member as a string, NULL when absent or null */
static MemberState
get_string (JsonObject  *object,
            const char  *member,
            const char **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return MEMBER_MISSING;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return MEMBER_WRONG_TYPE;
  *out = json_node_get_string (node);
  if (*out == NULL || !g_utf8_validate (*out, -1, NULL))
    return MEMBER_WRONG_TYPE;
  return MEMBER_OK;
}

static MemberState
get_int (JsonObject  *object,
         const char  *member,
         gint64      *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return MEMBER_MISSING;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return MEMBER_WRONG_TYPE;
  *out = json_node_get_int (node);
  return MEMBER_OK;
}

/* A list of strings, NULL (and MEMBER_MISSING) when absent or null */
static MemberState
get_strv (JsonObject   *object,
          const char   *member,
          GPtrArray   **out)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GPtrArray) list = NULL;
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return MEMBER_MISSING;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return MEMBER_WRONG_TYPE;

  array = json_node_get_array (node);
  list = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        return MEMBER_WRONG_TYPE;
      text = json_node_get_string (element);
      if (text == NULL || !g_utf8_validate (text, -1, NULL))
        return MEMBER_WRONG_TYPE;
      g_ptr_array_add (list, (gpointer) text);
    }
  g_ptr_array_add (list, NULL);
  *out = g_steal_pointer (&list);
  return MEMBER_OK;
}

static gboolean
read_decision (JsonNode    *node,
               guint        number,
               CvTrustIoCollection  *collection,
               GError     **error)
{
  static const char * const time_members[] = { "not-after", "created", "last-seen" };
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) accepted = NULL;
  CvTrustEntryFields fields = { 0 };
  gint64 *times[] = { &fields.not_after, &fields.created, &fields.last_seen };
  JsonObject *object;
  gint64 port = 0;
  const char *why;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid_decision (error, number, _("it is not an object"));
  object = json_node_get_object (node);

  if (get_string (object, "host", &fields.host) != MEMBER_OK)
    return invalid_decision (error, number, _("the host is missing or not text"));
  if (get_int (object, "port", &port) != MEMBER_OK || port < 1 || port > 65535)
    return invalid_decision (error, number, _("the port is not a number from 1 to 65535"));
  fields.port = (guint16) port;
  if (get_string (object, "decision", &fields.decision) != MEMBER_OK)
    return invalid_decision (error, number, _("the decision is missing or not text"));
  if (get_string (object, "certificate-sha256", &fields.certificate_sha256) != MEMBER_OK)
    return missing_member (error, number, "certificate-sha256");
  if (get_string (object, "public-key-pin", &fields.public_key_pin) != MEMBER_OK)
    return missing_member (error, number, "public-key-pin");
  if (get_string (object, "subject", &fields.subject) == MEMBER_WRONG_TYPE ||
      get_string (object, "issuer", &fields.issuer) == MEMBER_WRONG_TYPE)
    return invalid_decision (error, number, _("the subject or issuer is not text"));

  for (guint i = 0; i < G_N_ELEMENTS (time_members); i++)
    {
      const char *text = NULL;

      if (get_string (object, time_members[i], &text) != MEMBER_OK ||
          !cv_trust_io_parse_time (text, strlen (text), times[i]))
        {
          g_autofree char *not_a_date = g_strdup_printf (_("“%s” is missing or not a date "
                                                           "such as 2027-01-31T12:00:00Z"),
                                                         time_members[i]);

          return invalid_decision (error, number, not_a_date);
        }
    }

  if (get_strv (object, "names", &names) == MEMBER_WRONG_TYPE)
    return invalid_decision (error, number, _("the further names are not a list of text"));
  if (get_strv (object, "accepted-problems", &accepted) == MEMBER_WRONG_TYPE)
    return invalid_decision (error, number,
                             _("the accepted problems are not a list of text"));
  fields.names = names ? (const char * const *) names->pdata : NULL;
  fields.accepted = accepted ? (const char * const *) accepted->pdata : NULL;

  why = cv_trust_io_collection_add (collection, &fields, FALSE);
  if (why != NULL)
    return invalid_decision (error, number, why);
  return TRUE;
}

/* Nothing but white space, after a byte-order mark if any */
static gboolean
is_blank (const char *text,
          gsize       len)
{
  gsize start = len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

  while (start < len && g_ascii_isspace (text[start]))
    start++;
  return start == len;
}

GPtrArray *
cv_trust_io_parse_json (const char  *text,
                        gsize        len,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_auto(CvTrustIoCollection) collection = { 0 };
  JsonObject *root;
  JsonNode *decisions;
  JsonArray *array;
  const char *format = NULL;
  gint64 version = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cv_trust_io_begin (&text, len, error))
    return NULL;
  if (!cv_trust_io_is_text (text, len))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The file is not UTF-8 text, so it is not a Certview export. "
                     "Choose the file that Certview exported."));
      return NULL;
    }
  if (is_blank (text, len))
    {
      g_set_error_literal (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                           _("The file is empty: it holds no decisions to import."));
      return NULL;
    }
  if (!nesting_is_bounded (text, len))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The file nests lists deeper than a Certview export does. "
                     "Choose the file that Certview exported."));
      return NULL;
    }

  if (!cv_json_load (error))
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) len, &json_error))
    {
      unsigned int line = 0, column = 0;

      /* Where it goes wrong, not json-glib's English of why (which quotes the
       * character it stumbled on, maybe a control); it names the text "<data>" */
      if (sscanf (json_error->message, "<data>:%u:%u:", &line, &column) == 2)
        g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                     /* TRANSLATORS: %u are a line and a column of the file */
                     _("The file is not valid JSON: it goes wrong at line %u, column %u. "
                       "Choose the file that Certview exported, or correct it."),
                     line, column);
      else
        g_set_error_literal (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                             _("The file is not valid JSON. Choose the file that Certview "
                               "exported, or correct it."));
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto not_an_export;
  root = json_node_get_object (json_parser_get_root (parser));
  if (get_string (root, "format", &format) != MEMBER_OK ||
      !g_str_equal (format, EXPORT_FORMAT_NAME))
    goto not_an_export;
  /* A later version is read as far as this one understands it */
  if (get_int (root, "version", &version) != MEMBER_OK || version < 1)
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The file has no valid version number. Export the decisions "
                     "again."));
      return NULL;
    }
  decisions = json_object_get_member (root, "decisions");
  if (decisions == NULL || !JSON_NODE_HOLDS_ARRAY (decisions))
    {
      g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
                   _("The file has no list of decisions. Export the decisions again."));
      return NULL;
    }

  cv_trust_io_collection_init (&collection);
  array = json_node_get_array (decisions);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (!read_decision (json_array_get_element (array, i), i + 1, &collection, error))
        return NULL;
    }
  return cv_trust_io_collection_steal (&collection);

not_an_export:
  g_set_error (error, CV_ERROR, CV_ERROR_TRUST_STORE,
               _("The file is JSON but not a Certview export of saved decisions. "
                 "Choose the file that Certview exported."));
  return NULL;
}

/* Text that json-glib writes as it is; an entry made in code might hold other bytes */
static void
add_text (JsonBuilder *builder,
          const char  *text)
{
  if (g_utf8_validate (text, -1, NULL))
    {
      json_builder_add_string_value (builder, text);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      json_builder_add_string_value (builder, valid);
    }
}

static void
add_iso_time_member (JsonBuilder *builder,
                     const char  *member,
                     gint64       seconds)
{
  g_autofree char *text = cv_format_iso8601 (seconds);

  /* Outside years 1 to 9999: no entry read from a file has such a time */
  if (text == NULL)
    text = cv_format_iso8601 (0);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_text_member (JsonBuilder *builder,
                 const char  *member,
                 const char  *text)
{
  json_builder_set_member_name (builder, member);
  add_text (builder, text);
}

static void
add_strv (JsonBuilder        *builder,
          const char * const *strv)
{
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    add_text (builder, strv[i]);
  json_builder_end_array (builder);
}

char *
cv_trust_io_to_json (GPtrArray *entries)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (entries != NULL, NULL);

  if (!cv_json_load (&error))
    {
      g_warning ("%s", error->message);
      return NULL;
    }

  builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, EXPORT_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, EXPORT_VERSION);
  json_builder_set_member_name (builder, "decisions");
  json_builder_begin_array (builder);

  for (guint i = 0; i < entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (entries, i);
      const char * const *accepted = cv_trust_entry_get_accepted (entry);

      json_builder_begin_object (builder);
      add_text_member (builder, "host", cv_trust_entry_get_host (entry));
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, cv_trust_entry_get_port (entry));
      add_text_member (builder, "decision", cv_trust_entry_get_decision_name (entry));
      add_text_member (builder, "certificate-sha256",
                       cv_trust_entry_get_certificate_sha256 (entry));
      add_text_member (builder, "public-key-pin", cv_trust_entry_get_public_key_pin (entry));
      add_text_member (builder, "subject", cv_trust_entry_get_subject (entry));
      add_text_member (builder, "issuer", cv_trust_entry_get_issuer (entry));
      add_iso_time_member (builder, "not-after", cv_trust_entry_get_not_after (entry));
      add_iso_time_member (builder, "created", cv_trust_entry_get_created (entry));
      add_iso_time_member (builder, "last-seen", cv_trust_entry_get_last_seen (entry));
      json_builder_set_member_name (builder, "names");
      add_strv (builder, cv_trust_entry_get_names (entry));
      json_builder_set_member_name (builder, "accepted-problems");
      if (accepted != NULL)
        add_strv (builder, accepted);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  text = cv_json_builder_to_text (builder);
  return g_strconcat (text, "\n", NULL);
}

