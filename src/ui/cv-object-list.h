/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A GListModel of objects in one array, for the Saved Decisions window's long
 * lists. GListStore keeps a GSequence node per item: a splice of 100,000 items
 * into it takes 7–14 ms, into an array 1–2 ms, and an item is found at once by
 * its position. Changes are splices, as with GListStore, each one
 * ::items-changed.
 */
#define CV_TYPE_OBJECT_LIST (cv_object_list_get_type ())
G_DECLARE_FINAL_TYPE (CvObjectList, cv_object_list, CV, OBJECT_LIST, GObject)

CvObjectList *cv_object_list_new           (GType             item_type);
/* Removes @n_removed items at @position and puts @n_additions items there in
 * their place, taking a reference to each; the additions may be among the items
 * removed */
void          cv_object_list_splice        (CvObjectList     *self,
                                            guint             position,
                                            guint             n_removed,
                                            gpointer         *additions,
                                            guint             n_additions);
/* Puts @item after the last item that @compare_func does not order after it, in
 * a list sorted by @compare_func; returns its position */
guint         cv_object_list_insert_sorted (CvObjectList     *self,
                                            gpointer          item,
                                            GCompareDataFunc  compare_func,
                                            gpointer          user_data);

G_END_DECLS
