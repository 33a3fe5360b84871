/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-list-rows.h"

/* Per frame, rows are added until making them took this long (at least one row),
 * unless the owner sets another time; their style, layout and painting cost about
 * as much again, and every frame that changes the layout costs GDK's X11 backend
 * about 1 ms of round trips to the X server on top */
#define GROW_BUDGET_US 400
/* GTK 4.8's list views make widgets for at most 200 rows around the one they keep
 * in place, and 2 more above and below it: rows past these come all at once,
 * costing nothing but their count */
#define ROWS_WITH_WIDGETS 205
/* Rows of the last report taken down per main-loop iteration */
#define ROWS_PER_DRAIN 12

static void
stop (CvListRows *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (self->owner, self->tick_id);
  self->tick_id = 0;
  g_clear_handle_id (&self->drain_id, g_source_remove);
}

static void
set_tree (CvListRows *self,
          GListModel *tree)
{
  g_set_object (&self->tree, tree);
}

/* Adds rows for this frame; TRUE once all are there */
static gboolean
grow (CvListRows *self)
{
  gint64 until = g_get_monotonic_time () + self->budget_us;
  guint n_rows = g_list_model_get_n_items (self->tree);
  guint size = gtk_slice_list_model_get_size (self->rows);

  do
    {
      if (++size >= MIN (n_rows, ROWS_WITH_WIDGETS))
        {
          /* From now on rows follow the tree as it is expanded and collapsed */
          gtk_slice_list_model_set_size (self->rows, G_MAXUINT);
          return TRUE;
        }
      gtk_slice_list_model_set_size (self->rows, size);
    }
  while (g_get_monotonic_time () < until);

  return FALSE;
}

static gboolean
grow_tick_cb (GtkWidget     *widget,
              GdkFrameClock *frame_clock,
              gpointer       user_data)
{
  CvListRows *self = user_data;

  /* The frame that shows a new result has the banner and the title to lay out,
   * the one that first shows Saved Decisions' list the page */
  if (self->frames_to_skip > 0)
    {
      self->frames_to_skip--;
      return G_SOURCE_CONTINUE;
    }

  if (!grow (self))
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
drain_cb (gpointer user_data)
{
  CvListRows *self = user_data;
  guint size = MIN (gtk_slice_list_model_get_size (self->rows),
                    g_list_model_get_n_items (G_LIST_MODEL (self->rows)));

  if (size > ROWS_PER_DRAIN)
    {
      gtk_slice_list_model_set_size (self->rows, size - ROWS_PER_DRAIN);
      return G_SOURCE_CONTINUE;
    }

  self->drain_id = 0;
  gtk_slice_list_model_set_size (self->rows, 0);
  gtk_slice_list_model_set_model (self->rows, self->tree);
  g_clear_object (&self->previous);
  return G_SOURCE_REMOVE;
}

void
cv_list_rows_init (CvListRows *self,
                   GtkWidget  *owner,
                   GListModel *tree)
{
  self->owner = owner;
  self->tree = g_object_ref (tree);
  self->rows = gtk_slice_list_model_new (g_object_ref (tree), 0, G_MAXUINT);
  self->tick_id = 0;
  self->drain_id = 0;
  self->frames_to_skip = 0;
  self->previous = NULL;
  self->budget_us = GROW_BUDGET_US;
}

void
cv_list_rows_set_budget (CvListRows *self,
                         guint       microseconds)
{
  self->budget_us = microseconds;
}

void
cv_list_rows_clear (CvListRows *self)
{
  stop (self);
  g_clear_object (&self->rows);
  g_clear_object (&self->tree);
  g_clear_object (&self->previous);
}

void
cv_list_rows_fill (CvListRows *self,
                   GListModel *tree)
{
  stop (self);
  set_tree (self, tree);

  /* What is left of the last report goes at once, and then the report, if its
   * rows were being taken down */
  gtk_slice_list_model_set_size (self->rows, 0);
  gtk_slice_list_model_set_model (self->rows, tree);
  g_clear_object (&self->previous);
  /* No rows before the next frame: the caller is handling a result, which brings
   * more to show than the rows */
  self->frames_to_skip = 1;
  self->tick_id = gtk_widget_add_tick_callback (self->owner, grow_tick_cb, self, NULL);
}

void
cv_list_rows_drain (CvListRows *self,
                    GListModel *tree,
                    GObject    *previous)
{
  stop (self);
  /* One report at most has rows left: the next report's rows replace them at
   * once (cv_list_rows_fill()) */
  g_set_object (&self->previous, previous);
  set_tree (self, tree);
  self->drain_id = g_idle_add (drain_cb, self);
}

void
cv_list_rows_show_all (CvListRows *self)
{
  if (self->tick_id == 0 && self->drain_id == 0)
    return;

  stop (self);
  gtk_slice_list_model_set_model (self->rows, self->tree);
  gtk_slice_list_model_set_size (self->rows, G_MAXUINT);
  g_clear_object (&self->previous);
}

gboolean
cv_list_rows_is_filling (CvListRows *self)
{
  return self->tick_id != 0;
}

gboolean
cv_list_rows_is_draining (CvListRows *self)
{
  return self->drain_id != 0;
}
