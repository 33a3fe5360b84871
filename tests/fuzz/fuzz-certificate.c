/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * DER bytes from a hostile server, through everything the program does with them:
 * the certificate model, verification and its reasons, the tree, and the text
 * and JSON output. What it shows must be safe text, and the JSON must parse.
 *
 * Each input loads the system trust anchors again (cv_report_new_for_chain()
 * does); that slows the fuzzer down but fuzzes the verification as it runs.
 */
#include "config.h"

#include "fuzz-common.h"

#include "cv-certificate.h"
#include "cv-error.h"
#include "cv-report.h"

#include <json-glib/json-glib.h>

static void walk_fields (GListModel *fields,
                         guint       depth);

static void
walk_sections (GListModel *sections,
               guint       depth)
{
  guint n = g_list_model_get_n_items (sections);

  /* A certificate's sections, and the chain's fields one level below */
  cv_fuzz_check (depth < 4);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CvSection) section = g_list_model_get_item (sections, i);

      cv_fuzz_check (CV_IS_SECTION (section));
      cv_fuzz_check (cv_fuzz_text_is_safe (cv_section_get_id (section)));
      cv_fuzz_check (cv_fuzz_text_is_safe (cv_section_get_title (section)));
      (void) cv_section_get_invalid (section);
      walk_fields (cv_section_get_fields (section), depth);
    }
}

static void
walk_fields (GListModel *fields,
             guint       depth)
{
  guint n = g_list_model_get_n_items (fields);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CvField) field = g_list_model_get_item (fields, i);
      GListModel *children;

      cv_fuzz_check (CV_IS_FIELD (field));
      cv_fuzz_check (cv_fuzz_text_is_safe (cv_field_get_id (field)));
      cv_fuzz_check (cv_fuzz_text_is_safe (cv_field_get_label (field)));
      cv_fuzz_check (cv_fuzz_text_is_safe (cv_field_get_value (field)));
      if (cv_field_get_invalid (field))
        cv_fuzz_check (cv_fuzz_text_is_safe (cv_field_get_reason (field)));
      else
        cv_fuzz_check (cv_field_get_reason (field) == NULL);

      children = cv_field_get_children (field);
      if (children != NULL)
        walk_sections (children, depth + 1);
    }
}

static void
check_certificate (CvCertificate *certificate)
{
  const char * const *alt_names;
  g_autofree char *pem = NULL;

  walk_sections (cv_certificate_get_sections (certificate), 0);

  cv_fuzz_check (cv_fuzz_text_is_safe (cv_certificate_get_display_name (certificate)));
  cv_fuzz_check (cv_fuzz_text_is_safe (cv_certificate_get_subject (certificate)));
  cv_fuzz_check (cv_fuzz_text_is_safe (cv_certificate_get_issuer (certificate)));
  cv_fuzz_check (cv_fuzz_text_is_safe (
    cv_certificate_get_issuer_display_name (certificate)));
  cv_fuzz_check (cv_fuzz_text_is_safe (
    cv_certificate_get_signature_algorithm (certificate)));
  cv_fuzz_check (cv_fuzz_text_is_safe (cv_certificate_get_sha256 (certificate)));
  cv_fuzz_check (cv_fuzz_text_is_safe (cv_certificate_get_sha1 (certificate)));
  /* NULL when GnuTLS cannot read the key; the model shows "Not available" */
  if (cv_certificate_get_public_key_pin (certificate) != NULL)
    cv_fuzz_check (cv_fuzz_text_is_safe (cv_certificate_get_public_key_pin (certificate)));
  if (cv_certificate_get_common_name (certificate) != NULL)
    cv_fuzz_check (cv_fuzz_text_is_safe (cv_certificate_get_common_name (certificate)));

  alt_names = cv_certificate_get_subject_alt_names (certificate);
  for (guint i = 0; alt_names != NULL && alt_names[i] != NULL; i++)
    cv_fuzz_check (cv_fuzz_text_is_safe (alt_names[i]));

  (void) cv_certificate_get_not_before (certificate);
  (void) cv_certificate_get_not_after (certificate);
  (void) cv_certificate_is_self_issued (certificate);
  (void) cv_certificate_find_section (certificate, CV_SECTION_VALIDITY);

  pem = cv_certificate_to_pem (certificate);
  cv_fuzz_check (pem != NULL);
}

static void
check_report (GBytes     *der,
              const char *hostname)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  GPtrArray *reasons;

  g_ptr_array_add (chain, g_bytes_ref (der));
  report = cv_report_new_for_chain (chain, hostname, NULL, &error);
  if (report == NULL)
    {
      cv_fuzz_check (error != NULL && cv_fuzz_text_is_safe (error->message));
      return;
    }

  cv_fuzz_check (g_list_model_get_n_items (cv_report_get_certificates (report)) == 1);
  check_certificate (cv_report_get_leaf (report));

  reasons = cv_report_get_reasons (report);
  cv_fuzz_check (cv_report_get_valid (report) == (reasons->len == 0));
  for (guint i = 0; i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      cv_fuzz_check (cv_fuzz_text_is_safe (reason->code));
      cv_fuzz_check (cv_fuzz_text_is_safe (reason->message));
    }

  walk_sections (cv_report_get_tree (report), 0);

  text = cv_report_to_text (report);
  cv_fuzz_check (g_utf8_validate (text, -1, NULL));

  json = cv_report_to_json (report);
  cv_fuzz_check (json_parser_load_from_data (parser, json, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* Host name checks against a name, an address, and none as for a local file */
  static const char *hostnames[] = { "ftp.example.com", "127.0.0.1", NULL };
  g_autoptr(GBytes) der = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertificate) certificate = NULL;

  cv_fuzz_init ();

  certificate = cv_certificate_new_from_der (der, &error);
  if (certificate == NULL)
    {
      cv_fuzz_check (error != NULL && error->domain == CV_ERROR);
      cv_fuzz_check (cv_fuzz_text_is_safe (error->message));
      return 0;
    }

  check_certificate (certificate);
  check_report (der, hostnames[size % G_N_ELEMENTS (hostnames)]);
  return 0;
}
