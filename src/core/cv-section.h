/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"

G_BEGIN_DECLS

/* Section ids: the JSON contract's names */
#define CV_SECTION_ISSUED_TO    "issued-to"
#define CV_SECTION_ISSUED_BY    "issued-by"
#define CV_SECTION_VALIDITY     "validity"
#define CV_SECTION_FINGERPRINTS "fingerprints"
#define CV_SECTION_PUBLIC_KEY   "public-key"
#define CV_SECTION_SIGNATURE    "signature"
#define CV_SECTION_EXTENSIONS   "extensions"
#define CV_SECTION_CHAIN        "chain"
#define CV_SECTION_CONNECTION   "connection"
#define CV_SECTION_REVOCATION   "revocation"
#define CV_SECTION_SAVED_DECISION "saved-decision"

#define CV_TYPE_SECTION (cv_section_get_type ())

/**
 * CvSection:
 *
 * A top-level group of fields of the certificate tree ("Issued To"); its fields are a
 * #GListModel of #CvField.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvSection, cv_section, CV, SECTION, GObject)

G_END_DECLS

/* After the type: the field and certificate headers include this one, and each
 * type is declared once (C99 allows no second typedef) before it is used */
#include "cv-field.h"

G_BEGIN_DECLS

/**
 * cv_section_new:
 * @id: the section id (the JSON output's)
 * @title: the title, for people
 *
 * An empty section, for example for cv_certificate_view_set_report_full().
 *
 * Returns: (transfer full): the new section
 */
CV_EXPORT
CvSection  *cv_section_new          (const char *id,
                                     const char *title);

/**
 * cv_section_get_id:
 * @self: a #CvSection
 *
 * The id: one of the CV_SECTION_ names, the JSON output's.
 *
 * Returns: the id
 */
CV_EXPORT
const char *cv_section_get_id       (CvSection  *self);

/**
 * cv_section_get_title:
 * @self: a #CvSection
 *
 * The title, for people: "Issued To".
 *
 * Returns: the title
 */
CV_EXPORT
const char *cv_section_get_title    (CvSection  *self);

/**
 * cv_section_get_fields:
 * @self: a #CvSection
 *
 * The fields of the section.
 *
 * Returns: (transfer none): a #GListModel of #CvField
 */
CV_EXPORT
GListModel *cv_section_get_fields   (CvSection  *self);

/**
 * cv_section_append:
 * @self: a #CvSection
 * @field: the field to append
 *
 * Appends @field to the section.
 */
CV_EXPORT
void        cv_section_append       (CvSection  *self,
                                     CvField    *field);

/**
 * cv_section_add:
 * @self: a #CvSection
 * @id: the field id
 * @label: the label, for people
 * @value: (nullable): the value
 *
 * Appends a new field.
 *
 * Returns: (transfer none): the new field, owned by the section
 */
CV_EXPORT
CvField    *cv_section_add          (CvSection  *self,
                                     const char *id,
                                     const char *label,
                                     const char *value);

/**
 * cv_section_find_field:
 * @self: a #CvSection
 * @field_id: the field id
 *
 * Finds a field of the section by id.
 *
 * Returns: (transfer none) (nullable): the field, or %NULL
 */
CV_EXPORT
CvField    *cv_section_find_field   (CvSection  *self,
                                     const char *field_id);

/**
 * cv_section_mark_invalid:
 * @self: a #CvSection
 * @reason: the reason, in plain words
 *
 * Marks the first field invalid with @reason.
 */
CV_EXPORT
void        cv_section_mark_invalid (CvSection  *self,
                                     const char *reason);

/**
 * cv_section_get_invalid:
 * @self: a #CvSection
 *
 * Whether one of the fields is marked invalid.
 *
 * Returns: %TRUE when marked
 */
CV_EXPORT
gboolean    cv_section_get_invalid  (CvSection  *self);

G_END_DECLS
