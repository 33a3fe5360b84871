/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-section.h"

struct _CvSection
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  GListStore *fields;
};

G_DEFINE_FINAL_TYPE (CvSection, cv_section, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_FIELDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cv_section_dispose (GObject *object)
{
  CvSection *self = CV_SECTION (object);

  g_clear_object (&self->fields);

  G_OBJECT_CLASS (cv_section_parent_class)->dispose (object);
}

static void
cv_section_finalize (GObject *object)
{
  CvSection *self = CV_SECTION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (cv_section_parent_class)->finalize (object);
}

static void
cv_section_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CvSection *self = CV_SECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_FIELDS:
      g_value_set_object (value, self->fields);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_section_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CvSection *self = CV_SECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_section_class_init (CvSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cv_section_dispose;
  object_class->finalize = cv_section_finalize;
  object_class->get_property = cv_section_get_property;
  object_class->set_property = cv_section_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_FIELDS] =
    g_param_spec_object ("fields", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cv_section_init (CvSection *self)
{
  self->fields = g_list_store_new (CV_TYPE_FIELD);
}

CvSection *
cv_section_new (const char *id,
                const char *title)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  return g_object_new (CV_TYPE_SECTION,
                       "id", id,
                       "title", title,
                       NULL);
}

const char *
cv_section_get_id (CvSection *self)
{
  g_return_val_if_fail (CV_IS_SECTION (self), NULL);
  return self->id;
}

const char *
cv_section_get_title (CvSection *self)
{
  g_return_val_if_fail (CV_IS_SECTION (self), NULL);
  return self->title;
}

GListModel *
cv_section_get_fields (CvSection *self)
{
  g_return_val_if_fail (CV_IS_SECTION (self), NULL);
  return G_LIST_MODEL (self->fields);
}

void
cv_section_append (CvSection *self,
                   CvField   *field)
{
  g_return_if_fail (CV_IS_SECTION (self));
  g_return_if_fail (CV_IS_FIELD (field));

  g_list_store_append (self->fields, field);
}

CvField *
cv_section_add (CvSection  *self,
                const char *id,
                const char *label,
                const char *value)
{
  g_autoptr(CvField) field = NULL;

  g_return_val_if_fail (CV_IS_SECTION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  field = cv_field_new (id, label, value);
  g_list_store_append (self->fields, field);

  /* The store holds the reference the caller borrows */
  return field;
}

CvField *
cv_section_find_field (CvSection  *self,
                       const char *field_id)
{
  guint n_items;

  g_return_val_if_fail (CV_IS_SECTION (self), NULL);
  g_return_val_if_fail (field_id != NULL, NULL);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->fields));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CvField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);

      if (g_strcmp0 (cv_field_get_id (field), field_id) == 0)
        return field;
    }

  return NULL;
}

void
cv_section_mark_invalid (CvSection  *self,
                         const char *reason)
{
  g_autoptr(CvField) first = NULL;

  g_return_if_fail (CV_IS_SECTION (self));
  g_return_if_fail (reason != NULL);
  g_return_if_fail (g_list_model_get_n_items (G_LIST_MODEL (self->fields)) > 0);

  first = g_list_model_get_item (G_LIST_MODEL (self->fields), 0);
  cv_field_mark_invalid (first, reason);
}

gboolean
cv_section_get_invalid (CvSection *self)
{
  guint n_items;

  g_return_val_if_fail (CV_IS_SECTION (self), FALSE);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->fields));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CvField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);

      if (cv_field_get_invalid (field))
        return TRUE;
    }

  return FALSE;
}
