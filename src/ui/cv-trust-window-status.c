/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How the Saved Decisions window shows what a check found: the Status column's
 * cells (a few words, an icon, a style; bold and "Needs action" for what calls
 * for a decision again), the status line of the details page, and the sorting
 * by status and by expiry. The results themselves come from
 * cv-trust-window-check.c.
 */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window-private.h"

#include "cv-trust-notification.h"
#include "cv-style.h"
#include "cv-tooltip.h"

#include <glib/gi18n.h>

/* Statuses */

/* How urgent a status is: the smaller, the sooner someone should look */
static guint
urgency (CvTrustWatchResult *result)
{
  if (result == NULL)
    return 100;

  switch (cv_trust_watch_result_get_status (result))
    {
    case CV_TRUST_WATCH_KEY_CHANGED:
      return 0;
    case CV_TRUST_WATCH_REVOKED:
      return 1;
    case CV_TRUST_WATCH_EXPIRED:
      return 2;
    case CV_TRUST_WATCH_NEW_PROBLEMS:
      return 3;
    case CV_TRUST_WATCH_TLS_REFUSED:
      return 4;
    case CV_TRUST_WATCH_EXPIRING:
      return 5;
    case CV_TRUST_WATCH_UNREACHABLE:
      return 6;
    case CV_TRUST_WATCH_RENEWED:
      return 7;
    case CV_TRUST_WATCH_UNCHANGED:
    default:
      return 8;
    }
}

/* What stands out: a status that calls for a decision again */
static gboolean
is_alarming (CvTrustWatchStatus status)
{
  return status == CV_TRUST_WATCH_KEY_CHANGED || status == CV_TRUST_WATCH_TLS_REFUSED ||
         status == CV_TRUST_WATCH_EXPIRED || status == CV_TRUST_WATCH_REVOKED ||
         status == CV_TRUST_WATCH_NEW_PROBLEMS;
}

static const char *
status_icon (CvTrustWatchStatus status)
{
  switch (status)
    {
    case CV_TRUST_WATCH_UNCHANGED:
    case CV_TRUST_WATCH_RENEWED:
      return "emblem-ok-symbolic";
    case CV_TRUST_WATCH_EXPIRING:
      return "alarm-symbolic";
    case CV_TRUST_WATCH_KEY_CHANGED:
    case CV_TRUST_WATCH_TLS_REFUSED:
    case CV_TRUST_WATCH_NEW_PROBLEMS:
      return "dialog-warning-symbolic";
    case CV_TRUST_WATCH_EXPIRED:
    case CV_TRUST_WATCH_REVOKED:
      return "dialog-error-symbolic";
    case CV_TRUST_WATCH_UNREACHABLE:
    default:
      return "network-offline-symbolic";
    }
}

static const char *
status_style (CvTrustWatchStatus status)
{
  if (is_alarming (status))
    return "status-error";
  if (status == CV_TRUST_WATCH_EXPIRING || status == CV_TRUST_WATCH_UNREACHABLE)
    return "status-warning";
  return "status-ok";
}

/* The status of @key as the Status column and the details page show it: a few
 * words, a sentence (NULL for none), an icon (NULL for none), a style class */
typedef struct
{
  char       *text;
  char       *detail;
  const char *icon;
  const char *style;
  gboolean    alarming;
} Shown;

static void
shown_clear (Shown *shown)
{
  g_free (shown->text);
  g_free (shown->detail);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Shown, shown_clear)

/* The two statuses of the window's own */
#define CHECKING N_("Checking…")
#define NOT_CHECKED N_("Not checked")
/* The status cell's icon and the space after it (status_setup_cb()) */
#define STATUS_ICON_WIDTH (16 + 6)
/* A days count as wide as they come: "Expires in 365 days" */
#define WIDEST_DAYS 365

static void
describe (CvTrustWindow *self,
          const char    *key,
          Shown         *shown)
{
  CvTrustWatchResult *result = g_hash_table_lookup (self->results, key);
  CvTrustWatchStatus status;

  *shown = (Shown) { 0 };
  if (g_hash_table_contains (self->pending, key))
    {
      shown->text = g_strdup (_(CHECKING));
      shown->style = "dim-label";
      return;
    }
  if (result == NULL)
    {
      shown->text = g_strdup (_(NOT_CHECKED));
      shown->style = "dim-label";
      return;
    }

  status = cv_trust_watch_result_get_status (result);
  /* A kind of status not shown before may want a wider column */
  if (!(self->statuses_shown & (1u << status)))
    {
      self->statuses_shown |= 1u << status;
      cv_trust_window_fit_status_column (self);
    }
  shown->text = cv_trust_watch_result_dup_summary (result, g_get_real_time () / G_USEC_PER_SEC);
  shown->detail = g_strdup (cv_trust_watch_result_get_detail (result));
  shown->icon = status_icon (status);
  shown->style = status_style (status);
  shown->alarming = is_alarming (status);
}

/* Cells of the Status column */

/* As wide as the statuses shown so far, at their widest (the alarming ones are
 * bold): at 800 pixels the Server column needs the room the others leave */
void
cv_trust_window_fit_status_column (CvTrustWindow *self)
{
  g_autoptr(GEnumClass) statuses = g_type_class_ref (CV_TYPE_TRUST_WATCH_STATUS);
  int widest = MAX (cv_trust_window_text_width (self, _(CHECKING), FALSE),
                    cv_trust_window_text_width (self, _(NOT_CHECKED), FALSE));

  for (guint i = 0; i < statuses->n_values; i++)
    {
      CvTrustWatchStatus status = statuses->values[i].value;
      g_autofree char *text = NULL;

      if (!(self->statuses_shown & (1u << status)))
        continue;
      text = cv_trust_watch_status_dup_summary (status, WIDEST_DAYS);
      widest = MAX (widest, cv_trust_window_text_width (self, text, is_alarming (status)));
    }

  cv_trust_window_fit_column (self, self->status_column, widest + STATUS_ICON_WIDTH);
}

static void
status_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 CvTrustWindow            *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                  -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
set_style (GtkWidget  *widget,
           const char *style)
{
  const char *styles[] = { "status-error", "status-warning", "status-ok", "dim-label",
                           "status-alert" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (widget, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

static void
show_in_cell (CvTrustWindow *self,
              GtkListItem   *list_item)
{
  CvTrustEntry *entry = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  g_auto(Shown) shown = { 0 };
  g_autofree char *description = NULL;
  GtkWidget *cell;

  if (entry == NULL)
    return;

  describe (self, cv_trust_entry_get_key (entry), &shown);
  gtk_image_set_from_icon_name (GTK_IMAGE (image), shown.icon);
  gtk_widget_set_visible (image, shown.icon != NULL);
  gtk_label_set_text (GTK_LABEL (label), shown.text);
  set_style (box, shown.style);
  if (shown.alarming)
    gtk_widget_add_css_class (label, "status-alert");
  else
    gtk_widget_remove_css_class (label, "status-alert");
  cv_tooltip_set_text (box, shown.detail);

  /* Not the colour alone, nor the icon: the words say it, and a screen reader hears
   * that it needs action, and why, on the row as the arrow keys reach it */
  g_free (cv_trust_window_dup_status_words (self, cv_trust_entry_get_key (entry),
                                            &description));
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  cell = gtk_widget_get_parent (box);
  if (cell != NULL && gtk_widget_get_parent (cell) != NULL)
    cv_trust_window_name_row (self, gtk_widget_get_parent (cell), entry);
}

char *
cv_trust_window_dup_status_words (CvTrustWindow  *self,
                                  const char     *key,
                                  char          **description)
{
  g_auto(Shown) shown = { 0 };

  if (description != NULL)
    *description = NULL;
  /* Binding while the window goes: no check to speak of */
  if (self->results == NULL || self->pending == NULL)
    return NULL;

  describe (self, key, &shown);
  if (description != NULL)
    {
      if (shown.detail != NULL && shown.alarming)
        /* TRANSLATORS: %s is why, as "The certificate expired on 2026-01-01." */
        *description = g_strdup_printf (_("Needs action. %s"), shown.detail);
      else
        *description = g_strdup (shown.detail != NULL ? shown.detail : "");
    }
  if (!g_hash_table_contains (self->pending, key) && !g_hash_table_contains (self->results, key))
    return NULL;
  return g_steal_pointer (&shown.text);
}

static void
status_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                CvTrustWindow            *self)
{
  CvTrustEntry *entry = gtk_list_item_get_item (list_item);

  if (self->status_cells == NULL)
    return;
  g_hash_table_replace (self->status_cells, g_strdup (cv_trust_entry_get_key (entry)),
                        list_item);
  show_in_cell (self, list_item);
}

static void
status_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  CvTrustWindow            *self)
{
  CvTrustEntry *entry = gtk_list_item_get_item (list_item);
  const char *key = entry != NULL ? cv_trust_entry_get_key (entry) : NULL;

  if (key != NULL && self->status_cells != NULL &&
      g_hash_table_lookup (self->status_cells, key) == list_item)
    g_hash_table_remove (self->status_cells, key);
}

void
cv_trust_window_show_status (CvTrustWindow *self,
                             const char    *key)
{
  GtkListItem *list_item = g_hash_table_lookup (self->status_cells, key);

  if (list_item != NULL)
    show_in_cell (self, list_item);
  cv_trust_window_show_expiry (self, key);
  if (self->details_entry != NULL &&
      g_str_equal (cv_trust_entry_get_key (self->details_entry), key))
    cv_trust_window_show_details_status (self);
}

void
cv_trust_window_show_details_status (CvTrustWindow *self)
{
  g_auto(Shown) shown = { 0 };
  g_autofree char *text = NULL;

  if (self->details_entry == NULL)
    return;

  describe (self, cv_trust_entry_get_key (self->details_entry), &shown);
  text = shown.detail != NULL ? g_strdup_printf ("%s. %s", shown.text, shown.detail)
                              : g_strdup (shown.text);
  gtk_label_set_text (self->status_value, text);
  set_style (GTK_WIDGET (self->status_value), shown.alarming ? "status-alert" : NULL);
}

/* Sorting */

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  CvTrustWindow *self = user_data;
  guint ua = urgency (g_hash_table_lookup (self->results, cv_trust_entry_get_key ((gpointer) a)));
  guint ub = urgency (g_hash_table_lookup (self->results, cv_trust_entry_get_key ((gpointer) b)));

  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

static int
compare_expiry (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  CvTrustWindow *self = user_data;
  gint64 ea = cv_trust_window_shown_not_after (self, (gpointer) a);
  gint64 eb = cv_trust_window_shown_not_after (self, (gpointer) b);

  return ea < eb ? -1 : ea > eb ? 1 : 0;
}

void
cv_trust_window_init_status (CvTrustWindow *self)
{
  g_autoptr(GtkSorter) status = NULL;
  g_autoptr(GtkSorter) expiry = NULL;

  cv_style_ensure (gtk_widget_get_display (GTK_WIDGET (self)));

  self->status_cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->expires_cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  status = GTK_SORTER (gtk_custom_sorter_new (compare_status, self, NULL));
  expiry = GTK_SORTER (gtk_custom_sorter_new (compare_expiry, self, NULL));
  gtk_column_view_column_set_sorter (self->status_column, status);
  gtk_column_view_column_set_sorter (self->expires_column, expiry);
  self->status_sorter = status;
  self->expiry_sorter = expiry;
}

void
cv_trust_window_dispose_status (CvTrustWindow *self)
{
  g_clear_pointer (&self->status_cells, g_hash_table_unref);
  g_clear_pointer (&self->expires_cells, g_hash_table_unref);
  self->status_sorter = NULL;
  self->expiry_sorter = NULL;
}

void
cv_trust_window_class_bind_status_cells (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, status_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_unbind_cb);
}
