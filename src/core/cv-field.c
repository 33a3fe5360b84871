/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-field.h"

#include "cv-certificate.h"

struct _CvField
{
  GObject     parent_instance;

  char       *id;
  char       *label;
  char       *value;
  char       *reason;
  GListModel *children;
  CvCertificate *certificate;
  gboolean    invalid;
};

G_DEFINE_FINAL_TYPE (CvField, cv_field, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_VALUE,
  PROP_INVALID,
  PROP_REASON,
  PROP_CHILDREN,
  PROP_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cv_field_dispose (GObject *object)
{
  CvField *self = CV_FIELD (object);

  g_clear_object (&self->children);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (cv_field_parent_class)->dispose (object);
}

static void
cv_field_finalize (GObject *object)
{
  CvField *self = CV_FIELD (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (cv_field_parent_class)->finalize (object);
}

static void
cv_field_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CvField *self = CV_FIELD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;

    case PROP_INVALID:
      g_value_set_boolean (value, self->invalid);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_CHILDREN:
      g_value_set_object (value, self->children);
      break;

    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_field_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CvField *self = CV_FIELD (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;

    case PROP_VALUE:
      self->value = g_value_dup_string (value);
      break;

    case PROP_CHILDREN:
      self->children = g_value_dup_object (value);
      break;

    case PROP_CERTIFICATE:
      self->certificate = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_field_class_init (CvFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cv_field_dispose;
  object_class->finalize = cv_field_finalize;
  object_class->get_property = cv_field_get_property;
  object_class->set_property = cv_field_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* Read-only: cv_field_mark_invalid() is the one way to set them, so that a
   * field is never invalid without a reason. */
  properties[PROP_INVALID] =
    g_param_spec_boolean ("invalid", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CHILDREN] =
    g_param_spec_object ("children", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL,
                         CV_TYPE_CERTIFICATE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cv_field_init (CvField *self)
{
}

CvField *
cv_field_new (const char *id,
              const char *label,
              const char *value)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  return g_object_new (CV_TYPE_FIELD,
                       "id", id,
                       "label", label,
                       "value", value != NULL ? value : "",
                       NULL);
}

CvField *
cv_field_new_for_certificate (const char    *id,
                              const char    *label,
                              CvCertificate *certificate)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (CV_IS_CERTIFICATE (certificate), NULL);

  return g_object_new (CV_TYPE_FIELD,
                       "id", id,
                       "label", label,
                       "value", cv_certificate_get_display_name (certificate),
                       "children", cv_certificate_get_sections (certificate),
                       "certificate", certificate,
                       NULL);
}

const char *
cv_field_get_id (CvField *self)
{
  g_return_val_if_fail (CV_IS_FIELD (self), NULL);
  return self->id;
}

const char *
cv_field_get_label (CvField *self)
{
  g_return_val_if_fail (CV_IS_FIELD (self), NULL);
  return self->label;
}

const char *
cv_field_get_value (CvField *self)
{
  g_return_val_if_fail (CV_IS_FIELD (self), NULL);
  return self->value;
}

CvCertificate *
cv_field_get_certificate (CvField *self)
{
  g_return_val_if_fail (CV_IS_FIELD (self), NULL);
  return self->certificate;
}

GListModel *
cv_field_get_children (CvField *self)
{
  g_return_val_if_fail (CV_IS_FIELD (self), NULL);
  return self->children;
}

gboolean
cv_field_get_invalid (CvField *self)
{
  g_return_val_if_fail (CV_IS_FIELD (self), FALSE);
  return self->invalid;
}

const char *
cv_field_get_reason (CvField *self)
{
  g_return_val_if_fail (CV_IS_FIELD (self), NULL);
  return self->reason;
}

void
cv_field_mark_invalid (CvField    *self,
                       const char *reason)
{
  g_return_if_fail (CV_IS_FIELD (self));
  g_return_if_fail (reason != NULL);

  g_object_freeze_notify (G_OBJECT (self));

  if (!self->invalid)
    {
      self->invalid = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVALID]);
    }

  if (self->reason == NULL)
    {
      self->reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
    }
  else
    {
      char *joined = g_strconcat (self->reason, "\n", reason, NULL);

      g_free (self->reason);
      self->reason = joined;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}
