/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cv-cert-factory.h"
#include "cv-certificate-cells.h"
#include "cv-certificate-view.h"
#include "cv-field.h"
#include "cv-report-private.h"
#include "cv-section.h"
#include "cv-test-util.h"
#include "cv-window-testing.h"

#include <gtk/gtk.h>
#include <string.h>

/* fontconfig keeps its configuration for the life of the process; everything of
 * ours is checked with g_assert_finalize_object() and LeakSanitizer */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

/* What a test shows: a certificate from the factory, made once in main(), with
 * @problems; or, when @n_names is not 0, a self-signed one for that many names */
typedef struct
{
  CvCertFactory *factory;
  CvCertProblem  problems;
  guint          n_names;
} Case;

/* The name @i of the certificate made by many_names_der() */
static char *
many_names_name (guint i)
{
  return g_strdup_printf ("host%04u.many-names.example", i);
}

/* A self-signed certificate for @n_names host names, as DER */
static GBytes *
many_names_der (guint n_names)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree CvTestName *parts = g_new0 (CvTestName, n_names + 1);

  parts[0] = (CvTestName) { GNUTLS_OID_X520_COMMON_NAME, 0, "many-names.example" };
  for (guint i = 0; i < n_names; i++)
    {
      g_ptr_array_add (names, many_names_name (i));
      parts[i + 1] = (CvTestName) { NULL, GNUTLS_SAN_DNSNAME, g_ptr_array_index (names, i) };
    }
  return cv_test_named_certificate (parts, n_names + 1);
}

/* A window with a button before the view and one after it, as in the real window,
 * showing the case's certificate from a file in the test's directory */
typedef struct
{
  CvTestDir          dir;
  GtkWindow         *window;
  GtkWidget         *before;
  GtkWidget         *after;
  CvCertificateView *view;
  CvReport          *report;
} Fixture;

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Lets the window lay out and draw what it has */
static void
settle (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  const Case *test_case = user_data;
  g_autofree char *chain_pem = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  cv_test_dir_set_up (&fixture->dir, test_case->factory);
  if (test_case->n_names > 0)
    {
      g_autoptr(GBytes) der = many_names_der (test_case->n_names);

      path = g_build_filename (fixture->dir.dir, "view.der", NULL);
      g_file_set_contents (path, g_bytes_get_data (der, NULL), (gssize) g_bytes_get_size (der),
                           &error);
      g_assert_no_error (error);
    }
  else
    {
      chain_pem = cv_test_issue_chain_pem (test_case->factory, "localhost",
                                           test_case->problems);
      path = cv_test_write_file (fixture->dir.dir, "view.pem", chain_pem);
    }
  fixture->report = cv_report_new_for_file (path, fixture->dir.ca_file, &error);
  g_assert_no_error (error);

  fixture->window = g_object_ref (GTK_WINDOW (gtk_window_new ()));
  fixture->before = gtk_button_new_with_label ("Before");
  fixture->after = gtk_button_new_with_label ("After");
  fixture->view = CV_CERTIFICATE_VIEW (cv_certificate_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->view), TRUE);
  gtk_box_append (GTK_BOX (box), fixture->before);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->view));
  gtk_box_append (GTK_BOX (box), fixture->after);
  gtk_window_set_child (fixture->window, box);
  gtk_window_set_default_size (fixture->window, 900, 700);
  cv_certificate_view_set_report (fixture->view, fixture->report);

  gtk_window_present (fixture->window);
  settle (300);
  /* The rows come a few per frame; the tests look at all of them */
  while (cv_certificate_view_is_filling (fixture->view))
    settle (10);
  gtk_widget_grab_focus (fixture->before);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  gtk_window_destroy (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->window);
  g_assert_null (fixture->view);
  g_assert_finalize_object (fixture->report);
  cv_test_dir_tear_down (&fixture->dir, NULL);
}

static GtkWidget *
get_focus (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

/* What Tab and Shift+Tab do: GtkWindow's "move-focus" */
static void
press_tab (Fixture          *fixture,
           GtkDirectionType  direction)
{
  g_signal_emit_by_name (fixture->window, "move-focus", direction);
  settle (50);
}

static GtkWidget *
column_view (Fixture *fixture)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->view),
                                                  CV_TYPE_CERTIFICATE_VIEW, "column_view");

  g_assert_true (GTK_IS_COLUMN_VIEW (child));
  return GTK_WIDGET (child);
}

static GtkWidget *
first_visible_label (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return NULL;

  if (GTK_IS_LABEL (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = first_visible_label (child);

      if (label != NULL)
        return label;
    }

  return NULL;
}

/* The text of the first label in the focused widget: the row's section title or
 * field label */
static const char *
focused_row_text (Fixture *fixture)
{
  GtkWidget *focus = get_focus (fixture);
  GtkWidget *label;

  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, column_view (fixture)));
  label = first_visible_label (focus);
  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static GtkTreeListRow *
get_row (Fixture *fixture,
         guint    position)
{
  GtkTreeListRow *row = g_list_model_get_item (
    G_LIST_MODEL (cv_certificate_view_get_tree_model (fixture->view)), position);

  g_assert_nonnull (row);
  g_object_unref (row);
  return row;
}

/* The text that row @position shows in the Field column */
static const char *
row_text (Fixture *fixture,
          guint    position)
{
  g_autoptr(GObject) item = gtk_tree_list_row_get_item (get_row (fixture, position));

  if (CV_IS_SECTION (item))
    return cv_section_get_title (CV_SECTION (item));
  return cv_field_get_label (CV_FIELD (item));
}

/* The position of the top-level section @id */
static guint
section_position (Fixture    *fixture,
                  const char *id)
{
  GListModel *tree = G_LIST_MODEL (cv_certificate_view_get_tree_model (fixture->view));

  for (guint i = 0; i < g_list_model_get_n_items (tree); i++)
    {
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (get_row (fixture, i));

      if (CV_IS_SECTION (item) && g_str_equal (cv_section_get_id (CV_SECTION (item)), id))
        return i;
    }

  g_assert_not_reached ();
}

static guint
selected (Fixture *fixture)
{
  return gtk_single_selection_get_selected (cv_certificate_view_get_selection (fixture->view));
}

/* One Tab into the tree, on its first row; one more out of it */
static void
test_tab_one_stop (Fixture       *fixture,
                   gconstpointer  user_data)
{
  guint position;

  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  /* The row itself, not a widget inside it */
  gtk_test_accessible_assert_role (get_focus (fixture), GTK_ACCESSIBLE_ROLE_ROW);
  g_assert_cmpstr (focused_row_text (fixture), ==, "Issued To");
  /* The selection follows the focus, so the focused row shows */
  g_assert_cmpuint (selected (fixture), ==, 0);
  g_assert_true (gtk_widget_has_focus (get_focus (fixture)));

  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  g_assert_true (get_focus (fixture) == fixture->after);

  /* Back in with Shift+Tab, on the selected row; out again with one more */
  press_tab (fixture, GTK_DIR_TAB_BACKWARD);
  g_assert_cmpstr (focused_row_text (fixture), ==, "Issued To");
  press_tab (fixture, GTK_DIR_TAB_BACKWARD);
  g_assert_true (get_focus (fixture) == fixture->before);

  /* A selected row further down is where Tab lands */
  position = section_position (fixture, CV_SECTION_VALIDITY) + 1;
  gtk_single_selection_set_selected (cv_certificate_view_get_selection (fixture->view), position);
  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  g_assert_cmpstr (focused_row_text (fixture), ==, row_text (fixture, position));
  g_assert_cmpuint (selected (fixture), ==, position);
  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  g_assert_true (get_focus (fixture) == fixture->after);
}

/* Finding: with the row's menu closed (Escape, or an item chosen), the focus was
 * on the scrolled window, where no key moved it: it is on the row again */
static void
test_menu_gives_focus_back (Fixture       *fixture,
                            gconstpointer  user_data)
{
  GObject *menu = gtk_widget_get_template_child (GTK_WIDGET (fixture->view),
                                                 CV_TYPE_CERTIFICATE_VIEW, "context_menu");
  GtkWidget *row;

  g_assert_true (GTK_IS_POPOVER (menu));
  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  row = get_focus (fixture);
  gtk_test_accessible_assert_role (row, GTK_ACCESSIBLE_ROLE_ROW);

  for (guint round = 0; round < 2; round++)
    {
      gtk_popover_popup (GTK_POPOVER (menu));
      settle (100);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (menu)));
      g_assert_false (get_focus (fixture) == row);

      gtk_popover_popdown (GTK_POPOVER (menu));
      settle (100);
      g_assert_true (get_focus (fixture) == row);
      g_assert_true (gtk_widget_has_focus (row));
    }
}

/* Runs what @keyval does in the tree, through the shortcut that the column view
 * has for it; FALSE when the key was left to others */
static gboolean
press_key (Fixture *fixture,
           guint    keyval)
{
  GtkWidget *widget = column_view (fixture);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GtkShortcutController *keys = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && keys == NULL; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller) &&
          g_strcmp0 (gtk_event_controller_get_name (controller), "cv-tree-keys") == 0)
        keys = GTK_SHORTCUT_CONTROLLER (controller);
    }
  g_assert_nonnull (keys);
  /* Before the list view's own bindings, which take Left and Right */
  g_assert_cmpint (gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (keys)), ==,
                   GTK_PHASE_CAPTURE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (keys)); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (keys), i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

      if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
          gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
          gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
        return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                             gtk_shortcut_get_arguments (shortcut));
    }

  g_error ("No shortcut for %s", gdk_keyval_name (keyval));
}

static gboolean
all_expanded_below (GtkTreeListRow *row)
{
  GListModel *children;

  if (!gtk_tree_list_row_is_expandable (row))
    return TRUE;
  if (!gtk_tree_list_row_get_expanded (row))
    return FALSE;

  children = gtk_tree_list_row_get_children (row);
  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(GtkTreeListRow) child = gtk_tree_list_row_get_child_row (row, i);

      if (!all_expanded_below (child))
        return FALSE;
    }

  return TRUE;
}

/* Left and Right collapse and expand, or go to the parent and the first child;
 * +, - and * as in GTK's trees */
static void
test_tree_keys (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkTreeListRow *issued_to = get_row (fixture, 0);
  guint chain_position;
  GtkTreeListRow *chain;
  g_autoptr(GtkTreeListRow) member = NULL;

  /* Nothing of the tree has the focus: the keys are left to others */
  g_assert_false (press_key (fixture, GDK_KEY_Left));
  g_assert_false (press_key (fixture, GDK_KEY_plus));

  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  g_assert_cmpstr (focused_row_text (fixture), ==, "Issued To");
  g_assert_true (gtk_tree_list_row_get_expanded (issued_to));

  /* Left collapses; on a collapsed top-level row it stays */
  g_assert_true (press_key (fixture, GDK_KEY_Left));
  g_assert_false (gtk_tree_list_row_get_expanded (issued_to));
  g_assert_true (press_key (fixture, GDK_KEY_KP_Left));
  g_assert_false (gtk_tree_list_row_get_expanded (issued_to));
  g_assert_cmpstr (focused_row_text (fixture), ==, "Issued To");

  /* Right expands, then goes to the first child */
  g_assert_true (press_key (fixture, GDK_KEY_Right));
  g_assert_true (gtk_tree_list_row_get_expanded (issued_to));
  g_assert_cmpstr (focused_row_text (fixture), ==, "Issued To");
  g_assert_true (press_key (fixture, GDK_KEY_Right));
  g_assert_cmpstr (focused_row_text (fixture), ==, row_text (fixture, 1));
  g_assert_cmpuint (selected (fixture), ==, 1);

  /* Left on a field goes to its section */
  g_assert_true (press_key (fixture, GDK_KEY_Left));
  g_assert_cmpstr (focused_row_text (fixture), ==, "Issued To");
  g_assert_cmpuint (selected (fixture), ==, 0);
  g_assert_true (gtk_tree_list_row_get_expanded (issued_to));

  /* - and + */
  g_assert_true (press_key (fixture, GDK_KEY_minus));
  g_assert_false (gtk_tree_list_row_get_expanded (issued_to));
  g_assert_true (press_key (fixture, GDK_KEY_plus));
  g_assert_true (gtk_tree_list_row_get_expanded (issued_to));
  g_assert_true (press_key (fixture, GDK_KEY_KP_Subtract));
  g_assert_false (gtk_tree_list_row_get_expanded (issued_to));
  g_assert_true (press_key (fixture, GDK_KEY_KP_Add));
  g_assert_true (gtk_tree_list_row_get_expanded (issued_to));

  /* * expands the chain, its members and their sections */
  chain_position = section_position (fixture, CV_SECTION_CHAIN);
  chain = get_row (fixture, chain_position);
  gtk_tree_list_row_set_expanded (chain, FALSE);
  gtk_single_selection_set_selected (cv_certificate_view_get_selection (fixture->view),
                                     chain_position);
  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  press_tab (fixture, GTK_DIR_TAB_BACKWARD);
  g_assert_cmpstr (focused_row_text (fixture), ==, row_text (fixture, chain_position));
  g_assert_false (all_expanded_below (chain));
  g_assert_true (press_key (fixture, GDK_KEY_asterisk));
  g_assert_true (all_expanded_below (chain));
  member = gtk_tree_list_row_get_child_row (chain, 0);
  g_assert_nonnull (member);
  g_assert_true (gtk_tree_list_row_is_expandable (member));
  g_assert_true (gtk_tree_list_row_get_expanded (member));
}

/* The focused row says its label, its value, the mark and the reason */
static GtkWidget *
row_widget_showing (GtkWidget  *widget,
                    const char *text)
{
  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_ROW &&
      gtk_widget_get_child_visible (widget))
    {
      GtkWidget *label = first_visible_label (widget);

      return label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0
             ? widget : NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = row_widget_showing (child, text);

      if (row != NULL)
        return row;
    }

  return NULL;
}

/* Every row widget of @widget that shows @text, in @rows */
static void
row_widgets_showing (GtkWidget  *widget,
                     const char *text,
                     GPtrArray  *rows)
{
  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_ROW &&
      gtk_widget_get_child_visible (widget))
    {
      GtkWidget *label = first_visible_label (widget);

      if (label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0)
        g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    row_widgets_showing (child, text, rows);
}

/* How many of @rows a screen reader names @name */
static guint
count_named (GPtrArray  *rows,
             const char *name)
{
  guint count = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *wrong =
        gtk_test_accessible_check_property (g_ptr_array_index (rows, i),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, name);

      if (wrong == NULL)
        count++;
    }
  return count;
}

static void
test_accessible_rows (Fixture       *fixture,
                      gconstpointer  user_data)
{
  guint validity = section_position (fixture, CV_SECTION_VALIDITY);
  g_autoptr(GObject) not_before = gtk_tree_list_row_get_item (get_row (fixture, validity + 1));
  g_autoptr(GObject) not_after = gtk_tree_list_row_get_item (get_row (fixture, validity + 2));
  g_autofree char *marked_label = NULL;
  g_autofree char *plain_label = NULL;
  GtkWidget *row;

  g_assert_true (cv_field_get_invalid (CV_FIELD (not_before)));
  g_assert_false (cv_field_get_invalid (CV_FIELD (not_after)));

  /* The marked field: label, value and "Invalid" in its name, the reason beside */
  marked_label = g_strdup_printf ("%s: %s, Invalid", cv_field_get_label (CV_FIELD (not_before)),
                                  cv_field_get_value (CV_FIELD (not_before)));
  row = row_widget_showing (GTK_WIDGET (fixture->view),
                            cv_field_get_label (CV_FIELD (not_before)));
  g_assert_nonnull (row);
  gtk_test_accessible_assert_role (row, GTK_ACCESSIBLE_ROLE_ROW);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, marked_label);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       cv_field_get_reason (CV_FIELD (not_before)));
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (row),
                                                 GTK_ACCESSIBLE_STATE_EXPANDED));

  /* A field that is not marked: label and value, no description */
  plain_label = g_strdup_printf ("%s: %s", cv_field_get_label (CV_FIELD (not_after)),
                                 cv_field_get_value (CV_FIELD (not_after)));
  row = row_widget_showing (GTK_WIDGET (fixture->view),
                            cv_field_get_label (CV_FIELD (not_after)));
  g_assert_nonnull (row);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, plain_label);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  /* A mark that comes later is said too */
  cv_field_mark_invalid (CV_FIELD (not_after), "Checked again");
  g_clear_pointer (&plain_label, g_free);
  plain_label = g_strdup_printf ("%s: %s, Invalid", cv_field_get_label (CV_FIELD (not_after)),
                                 cv_field_get_value (CV_FIELD (not_after)));
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, plain_label);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Checked again");

  /* The focused row is the widget that says all that; a section says its title
   * and whether it is expanded */
  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  row = get_focus (fixture);
  gtk_test_accessible_assert_role (row, GTK_ACCESSIBLE_ROLE_ROW);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "Issued To");
  gtk_test_accessible_assert_state (row, GTK_ACCESSIBLE_STATE_EXPANDED, TRUE);
  gtk_tree_list_row_set_expanded (get_row (fixture, 0), FALSE);
  gtk_test_accessible_assert_state (row, GTK_ACCESSIBLE_STATE_EXPANDED, FALSE);

  /* A section of a certificate in the chain says whose it is: the same titles
   * recur for every member */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    GtkTreeListRow *chain = get_row (fixture, section_position (fixture, CV_SECTION_CHAIN));
    g_autoptr(GtkTreeListRow) member = NULL;
    g_autoptr(GObject) member_field = NULL;
    g_autofree char *nested = NULL;

    /* The sections before the chain folded, so that its rows are on screen */
    for (guint i = 0; get_row (fixture, i) != chain; i++)
      gtk_tree_list_row_set_expanded (get_row (fixture, i), FALSE);
    gtk_tree_list_row_set_expanded (chain, TRUE);
    member = gtk_tree_list_row_get_child_row (chain, 0);
    gtk_tree_list_row_set_expanded (member, TRUE);
    member_field = gtk_tree_list_row_get_item (member);
    settle (100);

    nested = g_strdup_printf ("Issued To, %s", cv_field_get_label (CV_FIELD (member_field)));
    row_widgets_showing (GTK_WIDGET (fixture->view), "Issued To", rows);
    g_assert_cmpuint (rows->len, ==, 2);
    g_assert_cmpuint (count_named (rows, "Issued To"), ==, 1);
    g_assert_cmpuint (count_named (rows, nested), ==, 1);
  }
}

/* Pixels of @widget as drawn now that are mostly red, and those that are light */
static void
count_text_pixels (GtkWidget *widget,
                   guint     *red,
                   guint     *light)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *data = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  data = g_malloc (width * height * 4);
  gdk_texture_download (texture, data, width * 4);
  gsk_renderer_unrealize (renderer);

  *red = *light = 0;
  for (int i = 0; i < width * height; i++)
    {
      /* Cairo's ARGB32, premultiplied: B, G, R, A on little-endian machines */
      guint32 pixel = ((guint32 *) data)[i];
      guint a = pixel >> 24, r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

      if (a < 200)
        continue;
      if (r > 120 && r > 2 * g && r > 2 * b)
        (*red)++;
      if (r > 200 && g > 200 && b > 200)
        (*light)++;
    }
}

static GtkWidget *
reason_label (GtkWidget  *widget,
              const char *reason)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), reason) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = reason_label (child, reason);

      if (label != NULL)
        return label;
    }

  return NULL;
}

/* What GtkApplication loads for the real window: the application's style */
static GtkCssProvider *
add_app_style (void)
{
  GtkCssProvider *provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/certview/Certview/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  return provider;
}

static void
remove_app_style (GtkCssProvider *provider)
{
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (provider));
  g_object_unref (provider);
}

/* On the selection's colour, the reason takes the selection's text colour */
static void
test_selected_reason_readable (Fixture       *fixture,
                               gconstpointer  user_data)
{
  GtkCssProvider *provider = add_app_style ();
  guint validity = section_position (fixture, CV_SECTION_VALIDITY);
  guint issued_by = section_position (fixture, CV_SECTION_ISSUED_BY);
  g_autoptr(GObject) expired = gtk_tree_list_row_get_item (get_row (fixture, validity + 1));
  g_autoptr(GObject) self_signed = gtk_tree_list_row_get_item (get_row (fixture, issued_by + 1));
  GtkWidget *selected_reason;
  GtkWidget *other_reason;
  GtkWidget *row;
  guint red, light;

  g_assert_true (cv_field_get_invalid (CV_FIELD (expired)));
  g_assert_true (cv_field_get_invalid (CV_FIELD (self_signed)));
  gtk_single_selection_set_selected (cv_certificate_view_get_selection (fixture->view),
                                     validity + 1);
  settle (200);

  selected_reason = reason_label (GTK_WIDGET (fixture->view),
                                  cv_field_get_reason (CV_FIELD (expired)));
  other_reason = reason_label (GTK_WIDGET (fixture->view),
                               cv_field_get_reason (CV_FIELD (self_signed)));
  g_assert_nonnull (selected_reason);
  g_assert_nonnull (other_reason);

  /* Not selected: red, as before */
  count_text_pixels (other_reason, &red, &light);
  g_test_message ("reason on a plain row: %u red pixels, %u light", red, light);
  g_assert_cmpuint (red, >, 20);

  /* Selected: light text on the selection, no red */
  count_text_pixels (selected_reason, &red, &light);
  g_test_message ("reason on the selected row: %u red pixels, %u light", red, light);
  g_assert_cmpuint (red, ==, 0);
  g_assert_cmpuint (light, >, 20);

  /* The mark is still there, in words */
  row = row_widget_showing (GTK_WIDGET (fixture->view),
                            cv_field_get_label (CV_FIELD (expired)));
  g_assert_nonnull (row);
  g_assert_nonnull (reason_label (row, "Invalid"));

  remove_app_style (provider);
}

/* The labels shown under @widget that are cut short ("Subject Alternative Na…"),
 * or wider than the room they have */
static guint
count_cut_labels (GtkWidget *widget)
{
  guint cut = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (widget));
      int width = 0;

      pango_layout_get_pixel_size (layout, &width, NULL);
      if (pango_layout_is_ellipsized (layout) || width > gtk_widget_get_width (widget))
        {
          g_test_message ("cut: “%s”", gtk_label_get_text (GTK_LABEL (widget)));
          cut++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cut += count_cut_labels (child);
  return cut;
}

/* Finding: at 800×600 the Field column cut long names short, the first field of a
 * failing section beside its mark among them, and deeper in the chain English ones
 * too; nothing let one read them whole. Every name is shown whole, on two lines if
 * it must. */
static void
test_names_whole (Fixture       *fixture,
                  gconstpointer  data)
{
  /* The application's style, whose room around each cell is part of the finding */
  GtkCssProvider *provider = add_app_style ();
  guint chain = section_position (fixture, CV_SECTION_CHAIN);
  GtkSingleSelection *selection = cv_certificate_view_get_selection (fixture->view);
  guint n_rows;


  /* A narrower column than the window's, so that the finding does not hang on the
   * fonts of the machine: names of any language deep in the chain are that long */
  {
    GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view (fixture)));
    g_autoptr(GtkColumnViewColumn) field_column = g_list_model_get_item (columns, 0);

    gtk_column_view_column_set_fixed_width (field_column, 180);
  }

  /* The chain's members, and the sections inside them: the deepest rows */
  for (guint i = chain + 1; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      GtkTreeListRow *row = get_row (fixture, i);

      if (gtk_tree_list_row_is_expandable (row))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  settle (300);
  while (cv_certificate_view_is_filling (fixture->view))
    settle (10);

  /* Row by row from the chain down, each shown in turn */
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (selection));
  for (guint i = chain; i < n_rows; i += 4)
    {
      gtk_single_selection_set_selected (selection, i);
      gtk_widget_activate_action (column_view (fixture), "list.scroll-to-item", "u", i);
      settle (60);
      g_assert_cmpuint (count_cut_labels (column_view (fixture)), ==, 0);
    }

  remove_app_style (provider);
}

/* The lines a list of names falls into at @width pixels: FALSE when one begins
 * inside a name */
static gboolean
lines_begin_at_names (GtkWidget     *widget,
                      const char    *text,
                      PangoAttrList *attributes,
                      int            width)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  gboolean whole = TRUE;

  pango_layout_set_attributes (layout, attributes);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;

      if (line->start_index > 1 && strncmp (text + line->start_index - 2, ", ", 2) != 0)
        {
          g_test_message ("a line begins inside a name: “%s”", text + line->start_index);
          whole = FALSE;
        }
    }
  return whole;
}

/* The label under @widget that shows @text, or NULL */
static GtkLabel *
label_showing (GtkWidget  *widget,
               const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = label_showing (child, text);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* Finding: the alternative names were broken at their hyphens ("host2.many-" /
 * "sans.example"), which reads as two names. Each name stays on one line, up to a
 * length that would be wider than the window. */
static void
test_names_not_broken (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *names = "host1.many-sans.example, host2.many-sans.example, "
                      "ftp-backup.example-company.test, a-b.example";
  g_autofree char *long_name = g_strnfill (CV_CELLS_WHOLE_NAME + 1, 'x');
  PangoAttrList *attributes = cv_certificate_cells_names_attributes (names);
  GtkWidget *widget = GTK_WIDGET (fixture->view);

  /* The widest name with the comma after it, which may not begin a line */
  g_autoptr(PangoLayout) widest =
    gtk_widget_create_pango_layout (widget, "ftp-backup.example-company.test,");
  gboolean broken_without = FALSE;
  int name_width = 0;

  g_assert_nonnull (attributes);
  /* From as wide as the widest name to twice that, whatever the fonts: without the
   * attributes, some width breaks a name inside; with them, none does */
  pango_layout_get_pixel_size (widest, &name_width, NULL);
  for (int width = name_width + 2; width < 2 * name_width; width += 8)
    {
      broken_without |= !lines_begin_at_names (widget, names, NULL, width);
      g_assert_true (lines_begin_at_names (widget, names, attributes, width));
    }
  g_assert_true (broken_without);
  pango_attr_list_unref (attributes);

  /* The tree's cell for the names has them */
  {
    g_autoptr(CvSection) issued_to = g_list_model_get_item (cv_report_get_tree (fixture->report),
                                                            0);
    CvField *field = cv_section_find_field (issued_to, "subject-alt-names");
    GtkLabel *cell = label_showing (widget, cv_field_get_value (field));

    g_assert_nonnull (cell);
    g_assert_nonnull (gtk_label_get_attributes (cell));
  }

  /* One name too long to keep whole, and a value with no name */
  g_assert_null (cv_certificate_cells_names_attributes (long_name));
  g_assert_null (cv_certificate_cells_names_attributes (""));
}

/* Copy Fingerprint gives the certificate of the chain member selected, or inside
 * it; elsewhere the server certificate's */
static void
test_chain_member_fingerprint (Fixture       *fixture,
                               gconstpointer  data)
{
  GListModel *certificates = cv_report_get_certificates (fixture->report);
  g_autoptr(CvCertificate) leaf = g_list_model_get_item (certificates, 0);
  g_autoptr(CvCertificate) intermediate = g_list_model_get_item (certificates, 1);
  GtkSingleSelection *selection = cv_certificate_view_get_selection (fixture->view);
  guint chain = section_position (fixture, CV_SECTION_CHAIN);
  g_autofree char *fingerprint = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (certificates), >=, 2);

  gtk_single_selection_set_selected (selection, 0);
  fingerprint = cv_certificate_view_dup_selected_fingerprint (fixture->view);
  g_assert_cmpstr (fingerprint, ==, cv_certificate_get_sha256 (leaf));
  g_clear_pointer (&fingerprint, g_free);

  /* The second member of the chain, then a row inside it */
  g_assert_cmpstr (row_text (fixture, chain + 2), ==, "Intermediate certificate 1");
  gtk_single_selection_set_selected (selection, chain + 2);
  fingerprint = cv_certificate_view_dup_selected_fingerprint (fixture->view);
  g_assert_cmpstr (fingerprint, ==, cv_certificate_get_sha256 (intermediate));
  g_clear_pointer (&fingerprint, g_free);

  gtk_tree_list_row_set_expanded (get_row (fixture, chain + 2), TRUE);
  gtk_single_selection_set_selected (selection, chain + 3);
  fingerprint = cv_certificate_view_dup_selected_fingerprint (fixture->view);
  g_assert_cmpstr (fingerprint, ==, cv_certificate_get_sha256 (intermediate));
}

/* A value the cell shows whole, and the three ways one is cut short */
static void
test_shown_value (void)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) long_line = g_string_new (NULL);
  char *notice = NULL;
  gsize shown;

  /* Short, and as many lines as a cell shows: whole */
  g_assert_cmpuint (cv_certificate_cells_shown_length ("a\nb", FALSE, &notice), ==, 3);
  g_assert_null (notice);
  for (guint i = 0; i < CV_CELLS_MAX_LINES; i++)
    g_string_append_printf (lines, "%sAuthority %u: Not checked", i > 0 ? "\n" : "", i);
  g_assert_cmpuint (cv_certificate_cells_shown_length (lines->str, FALSE, &notice), ==,
                    lines->len);
  g_assert_null (notice);

  /* One line more: the lines a cell shows, and how many are left out */
  shown = lines->len;
  for (guint i = CV_CELLS_MAX_LINES; i < 100; i++)
    g_string_append_printf (lines, "\nAuthority %u: Not checked", i);
  g_assert_cmpuint (cv_certificate_cells_shown_length (lines->str, FALSE, &notice), ==, shown);
  g_assert_cmpstr (notice, ==, "… 88 more lines. Ctrl+C copies the whole value.");
  g_clear_pointer (&notice, g_free);

  /* Names: as many whole ones as CV_CELLS_MAX_BYTES holds */
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (names, "%sn%04u.example", i > 0 ? ", " : "", i);
  shown = cv_certificate_cells_shown_length (names->str, TRUE, &notice);
  g_assert_cmpuint (shown, <=, CV_CELLS_MAX_BYTES);
  g_assert_cmpuint (shown, >, CV_CELLS_MAX_BYTES - strlen (", n0000.example"));
  g_assert_true (g_str_has_prefix (names->str + shown, ", n"));
  g_assert_true (g_str_has_suffix (notice, " more names. Ctrl+C copies the whole value."));
  /* Each name is 13 bytes and 2 between them: shown and left make the thousand */
  g_assert_cmpuint ((shown + 2) / 15 + g_ascii_strtoull (notice + strlen ("… "), NULL, 10),
                    ==, 1000);
  g_clear_pointer (&notice, g_free);

  /* One line longer than a cell shows: cut at a character, never inside one */
  for (guint i = 0; i < CV_CELLS_MAX_BYTES; i++)
    g_string_append (long_line, "é");
  shown = cv_certificate_cells_shown_length (long_line->str, FALSE, &notice);
  g_assert_cmpuint (shown, ==, CV_CELLS_MAX_BYTES);
  g_assert_true (g_utf8_validate (long_line->str, (gssize) shown, NULL));
  g_assert_cmpstr (notice, ==, "… 512 more characters. Ctrl+C copies the whole value.");
  g_clear_pointer (&notice, g_free);
  g_string_insert_c (long_line, 0, 'x');
  shown = cv_certificate_cells_shown_length (long_line->str, FALSE, &notice);
  g_assert_cmpuint (shown, ==, CV_CELLS_MAX_BYTES - 1);
  g_assert_true (g_utf8_validate (long_line->str, (gssize) shown, NULL));
  g_assert_cmpstr (notice, ==, "… 513 more characters. Ctrl+C copies the whole value.");
  g_clear_pointer (&notice, g_free);

  /* Bytes that begin no character: cut where the cell's room ends */
  {
    g_autofree char *bytes = g_strnfill (CV_CELLS_MAX_BYTES + 10, (char) 0x80);

    g_assert_cmpuint (cv_certificate_cells_shown_length (bytes, FALSE, &notice), ==,
                      CV_CELLS_MAX_BYTES);
    g_assert_nonnull (notice);
    g_clear_pointer (&notice, g_free);
  }
}

/* Finding: a long chain's hundred authorities, shown whole in one cell, held the
 * window for 19 ms each time the row came into view: a dropped frame. The cell shows
 * the beginning and says what is left out; copying and the screen reader have all */
static void
test_long_value_cut (Fixture       *fixture,
                     gconstpointer  data)
{
  const Case *test_case = data;
  g_autoptr(CvSection) issued_to = g_list_model_get_item (cv_report_get_tree (fixture->report),
                                                          0);
  CvField *field = cv_section_find_field (issued_to, "subject-alt-names");
  const char *value = cv_field_get_value (field);
  g_autofree char *first = many_names_name (0);
  g_autofree char *last = many_names_name (test_case->n_names - 1);
  g_autofree char *notice = NULL;
  g_autofree char *shown_text = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *said = NULL;
  GtkLabel *cell;
  GtkWidget *row;
  gsize shown;

  g_assert_true (g_str_has_prefix (value, first));
  g_assert_true (g_str_has_suffix (value, last));

  shown = cv_certificate_cells_shown_length (value, TRUE, &notice);
  g_assert_cmpuint (shown, <, strlen (value));
  g_assert_nonnull (notice);
  shown_text = g_strdup_printf ("%.*s\n%s", (int) shown, value, notice);
  cell = label_showing (GTK_WIDGET (fixture->view), shown_text);
  g_assert_nonnull (cell);
  /* The names still kept whole, the notice set apart */
  g_assert_nonnull (gtk_label_get_attributes (cell));
  g_assert_null (strstr (gtk_label_get_text (cell), last));

  /* A screen reader hears every name */
  said = g_strdup_printf ("%s: %s", cv_field_get_label (field), value);
  row = row_widget_showing (GTK_WIDGET (fixture->view), cv_field_get_label (field));
  g_assert_nonnull (row);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, said);

  /* Copy Value copies every name */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (
                      cv_certificate_view_get_selection (fixture->view))); i++)
    {
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (get_row (fixture, i));

      if (item == G_OBJECT (field))
        gtk_single_selection_set_selected (cv_certificate_view_get_selection (fixture->view), i);
    }
  copied = cv_certificate_view_dup_selected_text (fixture->view);
  g_assert_cmpstr (copied, ==, value);
}

/* Finding: a report handed to the window was dropped there after a new one came,
 * and went to a worker to be freed; but the rows and the tree still held its
 * sections, and when they let go, the sections, fields and certificates were freed
 * on the main thread, each free() waiting for the lock of the arena of the
 * inspection's thread that made them while other inspections held it (up to 3 ms
 * a time). The view keeps the report until its rows are gone, so the worker frees
 * them all: whether the next report replaces the rows at once or none does and
 * they are taken down between frames. */
static void
test_last_report_freed_off_main (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir.dir, "view.pem", NULL);

  for (guint next = 0; next < 2; next++)
    {
      CvReport *report = cv_report_new_for_file (path, fixture->dir.ca_file, &error);
      GObject *section;
      CvTestFreed freed;
      gint64 deadline;

      g_assert_no_error (error);
      cv_report_hand_to (report, g_thread_self ());
      cv_certificate_view_set_report (fixture->view, report);
      settle (50);
      while (cv_certificate_view_is_filling (fixture->view))
        settle (10);
      section = g_list_model_get_item (cv_report_get_tree (report), 0);
      g_assert_nonnull (section);
      cv_test_watch_freed (section, &freed);
      g_clear_object (&section);
      g_object_unref (report);

      /* Another report (rows replaced at once), or none (rows taken down) */
      cv_certificate_view_set_report (fixture->view, next == 0 ? fixture->report : NULL);
      deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (!cv_test_is_freed (&freed) && g_get_monotonic_time () < deadline)
        settle (10);
      g_assert_true (cv_test_is_freed (&freed));
      g_assert_true (freed.freed_on != g_thread_self ());
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvCertFactory) factory = NULL;
  Case expired = { NULL, CV_CERT_PROBLEM_EXPIRED };
  Case valid = { NULL, CV_CERT_PROBLEM_NONE };
  Case expired_self_signed = { NULL, CV_CERT_PROBLEM_EXPIRED | CV_CERT_PROBLEM_SELF_SIGNED };
  Case many_names = { NULL, CV_CERT_PROBLEM_NONE, 400 };

  /* GTK's test accessibility backend keeps what the widgets say, to be read
   * back here, and starts no AT-SPI registry that would write to the TAP stream */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  factory = cv_cert_factory_new (&error);
  g_assert_no_error (error);
  expired.factory = valid.factory = expired_self_signed.factory = many_names.factory = factory;

  g_test_add ("/certview/certificate-view/tab-one-stop", Fixture, &expired,
              fixture_set_up, test_tab_one_stop, fixture_tear_down);
  g_test_add ("/certview/certificate-view/tree-keys", Fixture, &valid,
              fixture_set_up, test_tree_keys, fixture_tear_down);
  g_test_add ("/certview/certificate-view/menu-gives-focus-back", Fixture, &valid,
              fixture_set_up, test_menu_gives_focus_back, fixture_tear_down);
  g_test_add ("/certview/certificate-view/accessible-rows", Fixture, &expired,
              fixture_set_up, test_accessible_rows, fixture_tear_down);
  g_test_add ("/certview/certificate-view/selected-reason-readable", Fixture,
              &expired_self_signed, fixture_set_up, test_selected_reason_readable,
              fixture_tear_down);
  g_test_add ("/certview/certificate-view/names-whole", Fixture, &expired_self_signed,
              fixture_set_up, test_names_whole, fixture_tear_down);
  g_test_add ("/certview/certificate-view/chain-member-fingerprint", Fixture, &valid,
              fixture_set_up, test_chain_member_fingerprint, fixture_tear_down);
  g_test_add ("/certview/certificate-view/names-not-broken", Fixture, &valid,
              fixture_set_up, test_names_not_broken, fixture_tear_down);
  g_test_add_func ("/certview/certificate-view/shown-value", test_shown_value);
  g_test_add ("/certview/certificate-view/last-report-freed-off-main", Fixture, &valid,
              fixture_set_up, test_last_report_freed_off_main, fixture_tear_down);
  g_test_add ("/certview/certificate-view/long-value-cut", Fixture, &many_names,
              fixture_set_up, test_long_value_cut, fixture_tear_down);

  return g_test_run ();
}
