/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-delivery-private.h"

#include <errno.h>
#include <sys/eventfd.h>
#include <unistd.h>

typedef struct
{
  GSourceFunc    func;
  gpointer       data;
  GDestroyNotify notify;
} Item;

struct _CvDelivery
{
  gint     ref_count;
  /* Guards the queue and closed alone: held for a few instructions, never
   * across a system call or a callback */
  GMutex   lock;
  GQueue   items;
  gboolean closed;
  int      fd;
  /* Owned by the context while attached; touched on the context's thread alone */
  GSource *source;
};

typedef struct
{
  GSource     source;
  CvDelivery *delivery;
} DeliverySource;

static void
item_free (Item *item)
{
  if (item->notify != NULL)
    item->notify (item->data);
  g_free (item);
}

static gboolean
delivery_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  CvDelivery *self = ((DeliverySource *) source)->delivery;
  eventfd_t count;
  Item *item;

  /* Cleared first: a push after the queue was emptied wakes the loop again */
  while (eventfd_read (self->fd, &count) < 0 && errno == EINTR)
    ;

  for (;;)
    {
      g_mutex_lock (&self->lock);
      item = self->closed ? NULL : g_queue_pop_head (&self->items);
      g_mutex_unlock (&self->lock);
      if (item == NULL)
        break;
      item->func (item->data);
      item_free (item);
    }
  return G_SOURCE_CONTINUE;
}

static void
delivery_finalize (GSource *source)
{
  CvDelivery *self = ((DeliverySource *) source)->delivery;

  self->source = NULL;
  cv_delivery_unref (self);
}

static GSourceFuncs delivery_funcs = {
  .dispatch = delivery_dispatch,
  .finalize = delivery_finalize,
};

CvDelivery *
cv_delivery_new (GMainContext *context)
{
  CvDelivery *self = g_new0 (CvDelivery, 1);
  DeliverySource *source;

  self->ref_count = 1;
  g_mutex_init (&self->lock);
  g_queue_init (&self->items);
  self->fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (self->fd < 0)
    g_error ("Certview cannot make an eventfd: %s", g_strerror (errno));

  source = (DeliverySource *) g_source_new (&delivery_funcs, sizeof (DeliverySource));
  source->delivery = cv_delivery_ref (self);
  g_source_set_static_name (&source->source, "[certview] delivery");
  g_source_add_unix_fd (&source->source, self->fd, G_IO_IN);
  self->source = &source->source;
  g_source_attach (self->source, context);
  g_source_unref (self->source);
  return self;
}

CvDelivery *
cv_delivery_ref (CvDelivery *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
cv_delivery_unref (CvDelivery *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_queue_clear_full (&self->items, (GDestroyNotify) item_free);
  g_mutex_clear (&self->lock);
  close (self->fd);
  g_free (self);
}

void
cv_delivery_push (CvDelivery     *self,
                  GSourceFunc     func,
                  gpointer        data,
                  GDestroyNotify  notify)
{
  Item *item = g_new (Item, 1);
  gboolean closed;

  item->func = func;
  item->data = data;
  item->notify = notify;

  g_mutex_lock (&self->lock);
  closed = self->closed;
  if (!closed)
    g_queue_push_tail (&self->items, item);
  g_mutex_unlock (&self->lock);

  if (closed)
    item_free (item);
  else
    eventfd_write (self->fd, 1);
}

void
cv_delivery_close (CvDelivery *self)
{
  GQueue left = G_QUEUE_INIT;

  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  left = self->items;
  g_queue_init (&self->items);
  g_mutex_unlock (&self->lock);

  g_queue_clear_full (&left, (GDestroyNotify) item_free);
  if (self->source != NULL)
    g_source_destroy (self->source);
}
