/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Work handed from a worker thread to the thread that runs a main context,
 * without taking that context's lock.
 *
 * g_main_context_invoke(), g_idle_add() and GTask's return from a thread each
 * attach a source to the receiving context, and wake its thread while they still
 * hold the context's lock. A worker at a lower priority (cv-background-private.h)
 * is then often preempted by the very thread it woke, lock in hand; that thread
 * blocks on the lock until the worker's turn comes round again, behind the other
 * workers: milliseconds in which the window draws no frame. A CvDelivery keeps
 * its own queue, under a lock that guards nothing but the queue's links, and
 * wakes the receiver with an eventfd after letting go of it.
 *
 * Made on any thread; its source, attached to the context when it is made, runs
 * what was pushed in order, on the context's thread. cv_delivery_close() (on
 * that thread, typically from the last item) detaches it; what is still queued
 * then is freed unrun.
 */
typedef struct _CvDelivery CvDelivery;

CvDelivery *cv_delivery_new   (GMainContext   *context);
CvDelivery *cv_delivery_ref   (CvDelivery     *self);
void        cv_delivery_unref (CvDelivery     *self);
/* From any thread: @func (@data) runs on the context's thread, then @notify
 * (@data), or only @notify if the delivery is closed first */
void        cv_delivery_push  (CvDelivery     *self,
                               GSourceFunc     func,
                               gpointer        data,
                               GDestroyNotify  notify);
void        cv_delivery_close (CvDelivery     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvDelivery, cv_delivery_unref)

G_END_DECLS
