/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CV_TYPE_FIELD (cv_field_get_type ())

G_DECLARE_FINAL_TYPE (CvField, cv_field, CV, FIELD, GObject)

/* cv-certificate.h includes this header */
typedef struct _CvCertificate CvCertificate;

/* One row of the certificate tree: a labelled value, possibly with children
 * (a chain member expands into its certificate's sections). Properties:
 * "id", "label", "value" (construct-only), "invalid", "reason" (notify on change),
 * "children" (construct-only, a GListModel or NULL), "certificate" (construct-only,
 * a CvCertificate or NULL). */
CvField    *cv_field_new          (const char  *id,
                                   const char  *label,
                                   const char  *value);
/* A member of the chain: its value is @certificate's display name, its children
 * are @certificate's sections */
CvField    *cv_field_new_for_certificate (const char    *id,
                                          const char    *label,
                                          CvCertificate *certificate);
const char *cv_field_get_id       (CvField     *self);
const char *cv_field_get_label    (CvField     *self);
const char *cv_field_get_value    (CvField     *self);
GListModel *cv_field_get_children (CvField     *self);
/* The certificate of a chain member, NULL for every other field */
CvCertificate *cv_field_get_certificate (CvField  *self);
gboolean    cv_field_get_invalid  (CvField     *self);
/* The reason in plain words, NULL when not invalid */
const char *cv_field_get_reason   (CvField     *self);
/* Marks the field invalid; a second reason is appended on a new line */
void        cv_field_mark_invalid (CvField     *self,
                                   const char  *reason);

G_END_DECLS
