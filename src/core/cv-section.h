/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cv-field.h"

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

#define CV_TYPE_SECTION (cv_section_get_type ())

G_DECLARE_FINAL_TYPE (CvSection, cv_section, CV, SECTION, GObject)

/* A top-level group of fields ("Issued To"); its fields are a GListModel of CvField */
CvSection  *cv_section_new          (const char *id,
                                     const char *title);
const char *cv_section_get_id       (CvSection  *self);
const char *cv_section_get_title    (CvSection  *self);
GListModel *cv_section_get_fields   (CvSection  *self);
void        cv_section_append       (CvSection  *self,
                                     CvField    *field);
/* Convenience: appends a new field and returns it (owned by the section) */
CvField    *cv_section_add          (CvSection  *self,
                                     const char *id,
                                     const char *label,
                                     const char *value);
CvField    *cv_section_find_field   (CvSection  *self,
                                     const char *field_id);
/* Marks the first field invalid with @reason */
void        cv_section_mark_invalid (CvSection  *self,
                                     const char *reason);
gboolean    cv_section_get_invalid  (CvSection  *self);

G_END_DECLS
