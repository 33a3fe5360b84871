/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-object-list.h"

#include <string.h>

struct _CvObjectList
{
  GObject    parent_instance;

  GType      item_type;
  GPtrArray *items;  /* a reference to each, taken and dropped here */
};

enum
{
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
cv_object_list_get_item_type (GListModel *model)
{
  return CV_OBJECT_LIST (model)->item_type;
}

static guint
cv_object_list_get_n_items (GListModel *model)
{
  return CV_OBJECT_LIST (model)->items->len;
}

static gpointer
cv_object_list_get_item (GListModel *model,
                         guint       position)
{
  CvObjectList *self = CV_OBJECT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (self->items->pdata[position]);
}

static void
cv_object_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cv_object_list_get_item_type;
  iface->get_n_items = cv_object_list_get_n_items;
  iface->get_item = cv_object_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (CvObjectList, cv_object_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cv_object_list_model_init))

static void
cv_object_list_finalize (GObject *object)
{
  CvObjectList *self = CV_OBJECT_LIST (object);

  for (guint i = 0; i < self->items->len; i++)
    g_object_unref (self->items->pdata[i]);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (cv_object_list_parent_class)->finalize (object);
}

static void
cv_object_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CvObjectList *self = CV_OBJECT_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_object_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CvObjectList *self = CV_OBJECT_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      self->item_type = g_value_get_gtype (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_object_list_class_init (CvObjectListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cv_object_list_finalize;
  object_class->get_property = cv_object_list_get_property;
  object_class->set_property = cv_object_list_set_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cv_object_list_init (CvObjectList *self)
{
  self->items = g_ptr_array_new ();
}

CvObjectList *
cv_object_list_new (GType item_type)
{
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);

  return g_object_new (CV_TYPE_OBJECT_LIST, "item-type", item_type, NULL);
}

void
cv_object_list_splice (CvObjectList *self,
                       guint         position,
                       guint         n_removed,
                       gpointer     *additions,
                       guint         n_additions)
{
  GPtrArray *items;
  guint old_len, new_len;
  gpointer *removed;

  g_return_if_fail (CV_IS_OBJECT_LIST (self));
  items = self->items;
  g_return_if_fail (position <= items->len && n_removed <= items->len - position);
  g_return_if_fail (n_additions == 0 || additions != NULL);
  g_return_if_fail (n_additions <= G_MAXUINT - (items->len - n_removed));
  for (guint i = 0; i < n_additions; i++)
    g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (additions[i], self->item_type));

  if (n_removed == 0 && n_additions == 0)
    return;

  /* The removed ones are let go of once the list holds the additions, which may
   * be among them */
  removed = g_memdup2 (items->pdata + position, n_removed * sizeof (gpointer));
  for (guint i = 0; i < n_additions; i++)
    g_object_ref (additions[i]);

  old_len = items->len;
  new_len = old_len - n_removed + n_additions;
  if (new_len > old_len)
    g_ptr_array_set_size (items, new_len);
  memmove (items->pdata + position + n_additions, items->pdata + position + n_removed,
           (old_len - position - n_removed) * sizeof (gpointer));
  if (n_additions > 0)
    memcpy (items->pdata + position, additions, n_additions * sizeof (gpointer));
  if (new_len < old_len)
    g_ptr_array_set_size (items, new_len);

  for (guint i = 0; i < n_removed; i++)
    g_object_unref (removed[i]);
  g_free (removed);

  g_list_model_items_changed (G_LIST_MODEL (self), position, n_removed, n_additions);
  if (new_len != old_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

guint
cv_object_list_insert_sorted (CvObjectList     *self,
                              gpointer          item,
                              GCompareDataFunc  compare_func,
                              gpointer          user_data)
{
  guint low = 0, high;

  g_return_val_if_fail (CV_IS_OBJECT_LIST (self), 0);
  g_return_val_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (item, self->item_type), 0);
  g_return_val_if_fail (compare_func != NULL, 0);

  /* The first item ordered after @item */
  high = self->items->len;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_func (self->items->pdata[middle], item, user_data) > 0)
        high = middle;
      else
        low = middle + 1;
    }

  cv_object_list_splice (self, low, 0, &item, 1);
  return low;
}
