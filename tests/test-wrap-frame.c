/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * CvWrapFrame, around the certificate tree's cells and the verdict banner's text:
 * the width it asks for is its content's at no particular height, it holds the
 * content at its top, as tall as the content is at the width given, and its content
 * can be replaced. And the wrapping labels set up by cv_style_label_set_wrap() ask
 * for a few characters' width at least, not for one.
 */
#include "config.h"

#include "cv-style.h"
#include "cv-wrap-frame.h"

#include <gtk/gtk.h>

/* fontconfig keeps its configuration for the life of the process */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

#define TEXT "A value long enough to wrap onto several lines in a narrow column of the tree"

static GtkWidget *
wrapping_label (void)
{
  GtkWidget *label = gtk_label_new (TEXT);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  return label;
}

/* Finding: GtkColumnView asks each cell's content for its width at the row's height,
 * and a wrapping label answers with a binary search over widths, laying its text out
 * about 18 times; the frames that add rows spent half their time there. Asked for a
 * width at some height, the frame answers with its width at none. */
static void
test_width_at_no_height (void)
{
  GtkWidget *label = wrapping_label ();
  GtkWidget *frame = g_object_ref_sink (cv_wrap_frame_new (label));
  int label_min = 0, label_nat = 0, label_min_at_row = 0;
  int frame_min = 0, frame_nat = 0, frame_min_at_row = 0, frame_nat_at_row = 0;
  int line_height = 0;

  g_assert_true (gtk_widget_get_parent (label) == frame);
  g_assert_cmpint (gtk_widget_get_request_mode (frame), ==, GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);

  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, &line_height, NULL, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &label_min, &label_nat,
                      NULL, NULL);
  /* The label alone, at one line's height, must be a line wide */
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, line_height, &label_min_at_row,
                      NULL, NULL, NULL);
  g_assert_cmpint (label_min, <, label_min_at_row);

  gtk_widget_measure (frame, GTK_ORIENTATION_HORIZONTAL, -1, &frame_min, &frame_nat,
                      NULL, NULL);
  gtk_widget_measure (frame, GTK_ORIENTATION_HORIZONTAL, line_height, &frame_min_at_row,
                      &frame_nat_at_row, NULL, NULL);
  g_assert_cmpint (frame_min, ==, label_min);
  g_assert_cmpint (frame_nat, ==, label_nat);
  g_assert_cmpint (frame_min_at_row, ==, label_min);
  g_assert_cmpint (frame_nat_at_row, ==, label_nat);

  /* The frame takes its content with it */
  g_object_add_weak_pointer (G_OBJECT (label), (gpointer *) &label);
  g_assert_finalize_object (frame);
  g_assert_null (label);
}

/* The content at the top of a tall cell, as tall as it is at the cell's width, so that
 * a field's name stays beside the start of a long value */
static void
test_content_at_top (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = wrapping_label ();
  GtkWidget *frame = cv_wrap_frame_new (label);
  graphene_rect_t bounds;
  int natural_height = 0;
  int width;

  gtk_widget_set_size_request (frame, 160, 400);
  gtk_window_set_child (GTK_WINDOW (window), frame);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (frame) == 0)
    g_main_context_iteration (NULL, TRUE);

  width = gtk_widget_get_width (frame);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, NULL, &natural_height, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (frame), >=, 400);
  g_assert_true (gtk_widget_compute_bounds (label, frame, &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 0);
  g_assert_cmpfloat (bounds.origin.y, ==, 0);
  g_assert_cmpfloat (bounds.size.width, ==, width);
  g_assert_cmpfloat (bounds.size.height, ==, natural_height);
  g_assert_cmpint (natural_height, <, 400);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* The content set from a template ("child") or replaced: the last one goes */
static void
test_child (void)
{
  GtkWidget *first = gtk_label_new ("First");
  GtkWidget *second = gtk_label_new ("Second");
  CvWrapFrame *frame = CV_WRAP_FRAME (g_object_ref_sink (cv_wrap_frame_new (first)));
  g_autoptr(GtkWidget) child = NULL;
  guint notified = 0;

  g_signal_connect (frame, "notify::child", G_CALLBACK (notify_cb), &notified);
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);

  g_object_get (frame, "child", &child, NULL);
  g_assert_true (child == first);
  g_clear_object (&child);

  cv_wrap_frame_set_child (frame, second);
  g_assert_null (first);
  g_assert_true (cv_wrap_frame_get_child (frame) == second);
  g_assert_true (gtk_widget_get_parent (second) == GTK_WIDGET (frame));
  g_assert_cmpuint (notified, ==, 1);

  /* The same again is no change */
  cv_wrap_frame_set_child (frame, second);
  g_assert_cmpuint (notified, ==, 1);

  g_object_set (frame, "child", NULL, NULL);
  g_assert_null (cv_wrap_frame_get_child (frame));
  g_assert_cmpuint (notified, ==, 2);

  g_assert_finalize_object (frame);
}

/* Finding: GTK 4.8 works out a wrapping label's minimum width by laying its text out
 * at no width, a line per character, and Pango shapes the rest of the text again
 * at every break; for the banner's paragraph that took 1.2 ms of a 4 ms frame.
 * A label set up to wrap asks for CV_STYLE_WRAP_MIN_CHARS characters instead, and
 * still wraps a long word to that width. */
static void
test_label_minimum_width (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new (
    "SHA-256 65:72:D3:7A:54:59:33:B7:40:F7:1C:22:9E:0B:5D:AA:31:F1:87:E1:39:4C:"
    "08:EE:F2:FD:E2:F1:9B:5D:51:0E:FF:34 and some words after it"));
  PangoFontMetrics *metrics;
  int char_width;
  int minimum, natural;
  int height_at_minimum, height_at_natural, unused;

  cv_style_label_set_wrap (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (label)));
  g_assert_cmpint (gtk_label_get_wrap_mode (GTK_LABEL (label)), ==, PANGO_WRAP_WORD_CHAR);

  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (label), NULL, NULL);
  char_width = PANGO_PIXELS (pango_font_metrics_get_approximate_char_width (metrics));
  pango_font_metrics_unref (metrics);
  g_assert_cmpint (char_width, >, 0);

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  /* Some characters wide, where one (the widest) would do without */
  g_assert_cmpint (minimum, >=, char_width * (CV_STYLE_WRAP_MIN_CHARS - 2));
  g_assert_cmpint (minimum, <=, char_width * (CV_STYLE_WRAP_MIN_CHARS + 4));
  g_assert_cmpint (natural, >, minimum);

  /* and the text, its long word too, wraps to fit that width */
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, minimum, &height_at_minimum, &unused,
                      NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, natural, &height_at_natural, &unused,
                      NULL, NULL);
  g_assert_cmpint (height_at_minimum, >=, 4 * height_at_natural);

  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/certview/wrap-frame/width-at-no-height", test_width_at_no_height);
  g_test_add_func ("/certview/wrap-frame/content-at-top", test_content_at_top);
  g_test_add_func ("/certview/wrap-frame/child", test_child);
  g_test_add_func ("/certview/wrap-frame/label-minimum-width", test_label_minimum_width);

  return g_test_run ();
}
