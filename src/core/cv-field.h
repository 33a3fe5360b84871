/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-export.h"

G_BEGIN_DECLS

#define CV_TYPE_FIELD (cv_field_get_type ())

/**
 * CvField:
 *
 * One row of the certificate tree: a labelled value, possibly with children (a chain
 * member expands into its certificate's sections), and the Invalid mark with its
 * reason.
 */
CV_EXPORT
G_DECLARE_FINAL_TYPE (CvField, cv_field, CV, FIELD, GObject)

G_END_DECLS

/* After the type, as in cv-section.h: CvCertificate, declared there once */
#include "cv-certificate.h"

G_BEGIN_DECLS

/**
 * cv_field_new:
 * @id: the field id (the JSON output's)
 * @label: the label, for people
 * @value: (nullable): the value
 *
 * A field with no children.
 *
 * Returns: (transfer full): the new field
 */
CV_EXPORT
CvField    *cv_field_new          (const char  *id,
                                   const char  *label,
                                   const char  *value);

/**
 * cv_field_new_for_certificate:
 * @id: the field id
 * @label: the label, for people
 * @certificate: the chain member
 *
 * A member of the chain: its value is @certificate's display name, its children are
 * @certificate's sections.
 *
 * Returns: (transfer full): the new field
 */
CV_EXPORT
CvField    *cv_field_new_for_certificate (const char    *id,
                                          const char    *label,
                                          CvCertificate *certificate);

/**
 * cv_field_get_id:
 * @self: a #CvField
 *
 * The id, the JSON output's: "common-name".
 *
 * Returns: the id
 */
CV_EXPORT
const char *cv_field_get_id       (CvField     *self);

/**
 * cv_field_get_label:
 * @self: a #CvField
 *
 * The label, for people: "Common Name".
 *
 * Returns: the label
 */
CV_EXPORT
const char *cv_field_get_label    (CvField     *self);

/**
 * cv_field_get_value:
 * @self: a #CvField
 *
 * The value, as shown.
 *
 * Returns: (nullable): the value
 */
CV_EXPORT
const char *cv_field_get_value    (CvField     *self);

/**
 * cv_field_get_children:
 * @self: a #CvField
 *
 * The rows below this one: a chain member's sections.
 *
 * Returns: (transfer none) (nullable): a #GListModel of #CvSection, or %NULL
 */
CV_EXPORT
GListModel *cv_field_get_children (CvField     *self);

/**
 * cv_field_get_certificate:
 * @self: a #CvField
 *
 * The certificate of a chain member.
 *
 * Returns: (transfer none) (nullable): the certificate, or %NULL for every other field
 */
CV_EXPORT
CvCertificate *cv_field_get_certificate (CvField  *self);

/**
 * cv_field_get_invalid:
 * @self: a #CvField
 *
 * Whether the field carries the Invalid mark.
 *
 * Returns: %TRUE when marked
 */
CV_EXPORT
gboolean    cv_field_get_invalid  (CvField     *self);

/**
 * cv_field_get_reason:
 * @self: a #CvField
 *
 * Why the field is marked invalid, in plain words.
 *
 * Returns: (nullable): the reason, or %NULL when not invalid
 */
CV_EXPORT
const char *cv_field_get_reason   (CvField     *self);

/**
 * cv_field_mark_invalid:
 * @self: a #CvField
 * @reason: the reason, in plain words
 *
 * Marks the field invalid; a second reason is appended on a new line.
 */
CV_EXPORT
void        cv_field_mark_invalid (CvField     *self,
                                   const char  *reason);

G_END_DECLS
