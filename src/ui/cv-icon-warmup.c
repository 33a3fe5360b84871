/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The icons a report brings, made ready before one comes, so that the frame that
 * shows the first result does not render them (librsvg, on the main thread).
 *
 * GTK keeps an icon's image with the exact look-up that made it: names (with
 * "-ltr" or "-rtl" when a direction is given), size, scale and flags. So each
 * icon is asked for as the widget that shows it will ask: the tree's expanders
 * and the spinner come from CSS, at 16 pixels, with no direction and no flags;
 * the banner's GtkImage asks at 24 pixels in its direction, with
 * GTK_ICON_LOOKUP_PRELOAD when its style is first worked out and without it when
 * its icon changes later. A look-up alone loads nothing (PRELOAD loads on a
 * thread), so each is drawn once into a snapshot that is thrown away. That
 * happens after the window's first frame, one icon per idle moment, so that
 * neither the start-up nor any one frame waits for it; the icons are kept with
 * the display so that GTK's cache cannot drop them before they are used.
 */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-icon-warmup.h"

#define WARMUP_KEY "cv-icon-warmup"
#define WARMUP_STARTED_KEY "cv-icon-warmup-started"
#define WARMUP_DONE_KEY "cv-icon-warmup-done"

typedef struct
{
  const char *name;
  int         size;
  gboolean    from_css;
} WarmIcon;

static const WarmIcon warm_icons[] = {
  { "pan-end-symbolic", 16, TRUE },
  { "pan-down-symbolic", 16, TRUE },
  { "process-working-symbolic", 16, TRUE },
  { "channel-secure-symbolic", 24, FALSE },
  { "channel-insecure-symbolic", 24, FALSE },
  { "network-error-symbolic", 24, FALSE },
  { "dialog-warning-symbolic", 24, FALSE },
};

typedef struct
{
  GdkDisplay *display;
  GPtrArray  *kept;      /* the display's, GtkIconPaintable */
  int         scale;
  guint       next;
  gulong      paint_id;
  gboolean    started;
} Warmup;

static void
warmup_free (Warmup *warmup)
{
  g_object_unref (warmup->display);
  g_ptr_array_unref (warmup->kept);
  g_free (warmup);
}

/* Renders @paintable's image once: GTK then keeps it with the paintable */
static void
draw_once (GdkPaintable *paintable,
           int           size)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  gdk_paintable_snapshot (paintable, snapshot, size, size);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    gsk_render_node_unref (node);
}

static gboolean
warm_one_cb (gpointer user_data)
{
  Warmup *warmup = user_data;
  const WarmIcon *icon = &warm_icons[warmup->next++];
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (warmup->display);
  GtkTextDirection direction = icon->from_css ? GTK_TEXT_DIR_NONE
                                              : gtk_widget_get_default_direction ();
  GtkIconPaintable *paintable;

  paintable = gtk_icon_theme_lookup_icon (theme, icon->name, NULL, icon->size,
                                          warmup->scale, direction, 0);
  draw_once (GDK_PAINTABLE (paintable), icon->size);
  g_ptr_array_add (warmup->kept, paintable);

  if (warmup->next < G_N_ELEMENTS (warm_icons))
    return G_SOURCE_CONTINUE;
  g_object_set_data (G_OBJECT (warmup->display), WARMUP_DONE_KEY, GINT_TO_POINTER (TRUE));
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Warmup        *warmup)
{
  GObject *display = G_OBJECT (warmup->display);

  /* Another window of the display was first: this Warmup goes with its handler */
  if (g_object_get_data (display, WARMUP_STARTED_KEY) != NULL)
    {
      g_clear_signal_handler (&warmup->paint_id, clock);
      return;
    }

  /* From here on the idle source owns it */
  g_object_set_data (display, WARMUP_STARTED_KEY, GINT_TO_POINTER (TRUE));
  warmup->started = TRUE;
  g_clear_signal_handler (&warmup->paint_id, clock);
  g_idle_add_full (G_PRIORITY_LOW, warm_one_cb, warmup, (GDestroyNotify) warmup_free);
}

/* A window that went before its first frame */
static void
paint_handler_gone (gpointer  data,
                    GClosure *closure)
{
  Warmup *warmup = data;

  if (!warmup->started)
    warmup_free (warmup);
}

static void
realize_cb (GtkWidget *widget,
            gpointer   user_data)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  Warmup *warmup;

  g_signal_handlers_disconnect_by_func (widget, realize_cb, user_data);
  if (clock == NULL || g_object_get_data (G_OBJECT (display), WARMUP_STARTED_KEY) != NULL)
    return;

  warmup = g_new0 (Warmup, 1);
  warmup->display = g_object_ref (display);
  warmup->kept = g_ptr_array_ref (g_object_get_data (G_OBJECT (display), WARMUP_KEY));
  warmup->scale = gtk_widget_get_scale_factor (widget);
  /* The clock is the window's: a window destroyed before its first frame takes
   * the handler, and this Warmup, with it, and the next window to draw starts */
  warmup->paint_id = g_signal_connect_data (clock, "after-paint", G_CALLBACK (after_paint_cb),
                                            warmup, paint_handler_gone, 0);
}

/* Loads on GTK's threads what a look-up with GTK_ICON_LOOKUP_PRELOAD can: the
 * banner's icons as its GtkImage first asks for them, and, for the others, at
 * least the SVG loader and the files, so that drawing them later is quick */
static void
preload (GdkDisplay *display,
         GPtrArray  *kept)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (display);

  for (guint i = 0; i < G_N_ELEMENTS (warm_icons); i++)
    {
      const WarmIcon *icon = &warm_icons[i];
      GtkTextDirection direction = icon->from_css ? GTK_TEXT_DIR_NONE
                                                  : gtk_widget_get_default_direction ();

      g_ptr_array_add (kept, gtk_icon_theme_lookup_icon (theme, icon->name, NULL, icon->size, 1,
                                                         direction, GTK_ICON_LOOKUP_PRELOAD));
    }
}

void
cv_icon_warmup_after_first_frame (GtkWidget *widget)
{
  GdkDisplay *display;
  GPtrArray *kept;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  display = gtk_widget_get_display (widget);
  if (g_object_get_data (G_OBJECT (display), WARMUP_KEY) == NULL)
    {
      kept = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_data_full (G_OBJECT (display), WARMUP_KEY, kept,
                              (GDestroyNotify) g_ptr_array_unref);
      preload (display, kept);
    }
  if (g_object_get_data (G_OBJECT (display), WARMUP_STARTED_KEY) != NULL)
    return;
  if (gtk_widget_get_realized (widget))
    realize_cb (widget, NULL);
  else
    g_signal_connect (widget, "realize", G_CALLBACK (realize_cb), NULL);
}

GPtrArray *
cv_icon_warmup_peek_ready (GdkDisplay *display)
{
  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  if (g_object_get_data (G_OBJECT (display), WARMUP_DONE_KEY) == NULL)
    return NULL;
  return g_object_get_data (G_OBJECT (display), WARMUP_KEY);
}
