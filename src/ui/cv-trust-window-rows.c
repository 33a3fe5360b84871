/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window-private.h"

/*
 * A long list's rows over several frames. GTK 4.8's list views make widgets for
 * the first 200 rows of a list in the splice that brings them, in view or not:
 * some 70 ms for any store of more than 200 decisions. The rows come a few per
 * frame instead (cv-list-rows.h), while the entries, the count and the actions
 * have every decision from the start; whatever acts on rows by position has
 * them all first. Taking them down costs as much: a window that closes hides at
 * once and loses its rows a few per main-loop iteration before it is destroyed.
 */

/* A list longer than this gets its rows over several frames when it first comes */
#define ROWS_AT_ONCE 24
/* Rows are made for this long per frame: 300 decisions get their 200 rows in
 * about a second, no frame longer than the one that first shows the list (9 ms
 * here), where 0.4 ms, as the certificate tree, took 3.4 s */
#define ROWS_BUDGET_US 1500

/* The user acts on the whole list, never on the part of it that has rows yet:
 * the first key, click or scroll brings the rest at once. Pointer motion alone
 * does not */
static gboolean
input_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          CvTrustWindow            *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      cv_trust_window_show_all_rows (self);
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

void
cv_trust_window_init_rows (CvTrustWindow *self)
{
  GtkEventController *input = gtk_event_controller_legacy_new ();

  cv_list_rows_init (&self->rows, GTK_WIDGET (self->column_view), G_LIST_MODEL (self->sorted));
  cv_list_rows_set_budget (&self->rows, ROWS_BUDGET_US);

  gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
  g_signal_connect (input, "event", G_CALLBACK (input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), input);
}

void
cv_trust_window_fill_rows (CvTrustWindow *self,
                           guint          n_coming,
                           gboolean       reselecting)
{
  /* Only into an empty list, and not when servers are to be selected: they need
   * their positions at once */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->entries)) == 0 &&
      n_coming > ROWS_AT_ONCE && !reselecting && self->select_pending == NULL)
    cv_list_rows_fill (&self->rows, G_LIST_MODEL (self->sorted));
}

void
cv_trust_window_show_all_rows (CvTrustWindow *self)
{
  if (!cv_list_rows_is_filling (&self->rows))
    return;

  cv_list_rows_show_all (&self->rows);
  cv_trust_window_lay_out_rows (self);
}

static gboolean
destroy_when_rows_gone_cb (gpointer user_data)
{
  CvTrustWindow *self = user_data;

  if (cv_list_rows_is_draining (&self->rows))
    return G_SOURCE_CONTINUE;

  self->close_id = 0;
  gtk_window_destroy (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

gboolean
cv_trust_window_close_rows_first (CvTrustWindow *self)
{
  if (self->close_id != 0)
    return TRUE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->rows.rows)) <= ROWS_AT_ONCE)
    return FALSE;

  /* Gone from the screen and from the application's windows now: one asked to
   * show the decisions again gets a new window */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_window_set_application (GTK_WINDOW (self), NULL);
  cv_list_rows_drain (&self->rows, G_LIST_MODEL (self->sorted), NULL);
  self->close_id = g_idle_add (destroy_when_rows_gone_cb, self);
  return TRUE;
}

void
cv_trust_window_lay_out_rows (CvTrustWindow *self)
{
  GtkWidget *column_view = GTK_WIDGET (self->column_view);
  GtkAllocation allocation;

  /* GTK 4.8 finds a row by the heights of the rows laid out: asked for one (End,
   * Page Down, a server to select, one put back) before the rows that just came
   * are, the list would scroll to the wrong place, or move nowhere. They are laid
   * out now, where the column view already is */
  gtk_widget_get_allocation (column_view, &allocation);
  if (gtk_widget_get_mapped (column_view) && allocation.width > 0 && allocation.height > 0)
    gtk_widget_size_allocate (column_view, &allocation, -1);
}
