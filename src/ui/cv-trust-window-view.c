/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window-private.h"

#include "cv-format.h"
#include "cv-tooltip.h"
#include "cv-trust-entry.h"
#include "cv-trust-policy.h"

#include <glib/gi18n.h>

/* The GtkListItem a server cell's label shows */
#define ROW_LIST_ITEM "cv-trust-window-list-item"
/* The fewest characters of a server name the list shows */
#define SERVER_MIN_CHARS 16

/* Formatting, in local time */

typedef enum
{
  DATE_ONLY,
  DATE_AND_TIME,
  DATE_NEAR_NOW,  /* "Today, 14:02" and "Yesterday, 09:15" for recent times */
} DateStyle;

/* Pure but for the time zone: @seconds (Unix time) as people read a date */
static char *
format_local_time (gint64     seconds,
                   GDateTime *now,
                   DateStyle  style)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (seconds <= 0 || (local = g_date_time_new_from_unix_local (seconds)) == NULL)
    return g_strdup (_("Unknown"));

  if (style == DATE_NEAR_NOW)
    {
      g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
      int year, month, day;

      g_date_time_get_ymd (local, &year, &month, &day);
      if (g_date_time_get_year (now) == year && g_date_time_get_month (now) == month &&
          g_date_time_get_day_of_month (now) == day)
        /* TRANSLATORS: a time today, see g_date_time_format() */
        return g_date_time_format (local, _("Today, %H:%M"));
      if (g_date_time_get_year (yesterday) == year &&
          g_date_time_get_month (yesterday) == month &&
          g_date_time_get_day_of_month (yesterday) == day)
        /* TRANSLATORS: a time yesterday, see g_date_time_format() */
        return g_date_time_format (local, _("Yesterday, %H:%M"));
    }

  date = cv_format_date_words (local, TRUE);
  if (style == DATE_ONLY)
    return g_steal_pointer (&date);

  time = g_date_time_format (local, "%H:%M");
  /* TRANSLATORS: a date and a time in a list, as "1 Jan 2027, 12:00" */
  return g_strdup_printf (C_("date and time", "%s, %s"), date, time);
}

static char *
format_expired (const char *date)
{
  /* TRANSLATORS: %s is the date a certificate expired on */
  return g_strdup_printf (_("%s (expired)"), date);
}

static char *
format_expiry (gint64     not_after,
               GDateTime *now,
               DateStyle  style)
{
  g_autofree char *date = format_local_time (not_after, now, style);

  if (not_after > 0 && not_after < g_date_time_to_unix (now))
    return format_expired (date);

  return g_steal_pointer (&date);
}

gint64
cv_trust_window_shown_not_after (CvTrustWindow *self,
                                 CvTrustEntry  *entry)
{
  CvTrustWatchResult *result = self->results != NULL
                               ? g_hash_table_lookup (self->results,
                                                      cv_trust_entry_get_key (entry))
                               : NULL;

  if (result != NULL && cv_trust_watch_result_get_not_after (result) > 0)
    switch (cv_trust_watch_result_get_status (result))
      {
      case CV_TRUST_WATCH_UNCHANGED:
      case CV_TRUST_WATCH_RENEWED:
      case CV_TRUST_WATCH_EXPIRING:
      case CV_TRUST_WATCH_EXPIRED:
      case CV_TRUST_WATCH_REVOKED:
      case CV_TRUST_WATCH_NEW_PROBLEMS:
        return cv_trust_watch_result_get_not_after (result);
      case CV_TRUST_WATCH_KEY_CHANGED:
      case CV_TRUST_WATCH_TLS_REFUSED:
      case CV_TRUST_WATCH_UNREACHABLE:
      default:
        break;
      }

  return cv_trust_entry_get_not_after (entry);
}

/* The fixed columns as wide as what they show in this language and font, and
 * never narrower than their title: the Server column has the rest */

/* The cell's padding (6 px each side in the theme), and a little to spare */
#define CELL_EXTRA_WIDTH 20
/* A column's title, with room for the sort arrow */
#define TITLE_EXTRA_WIDTH 36

int
cv_trust_window_text_width (CvTrustWindow *self,
                            const char    *text,
                            gboolean       bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->column_view),
                                                                  text);
  int width;

  if (bold)
    {
      g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attributes);
    }
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

void
cv_trust_window_fit_column (CvTrustWindow       *self,
                            GtkColumnViewColumn *column,
                            int                  content_width)
{
  int title = cv_trust_window_text_width (self, gtk_column_view_column_get_title (column),
                                           TRUE);

  gtk_column_view_column_set_fixed_width (column, MAX (content_width + CELL_EXTRA_WIDTH,
                                                       title + TITLE_EXTRA_WIDTH));
}

/* A date in the widest month, with its "(expired)" while an expired one is listed */
static void
fit_expires_column (CvTrustWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int widest = 0;

  for (int month = 1; month <= 12; month++)
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (2000, month, 28, 12, 0, 0);
      g_autofree char *day = format_local_time (g_date_time_to_unix (date), now, DATE_ONLY);
      g_autofree char *text = self->expires_fits_expired ? format_expired (day)
                                                         : g_strdup (day);

      widest = MAX (widest, cv_trust_window_text_width (self, text, FALSE));
    }

  cv_trust_window_fit_column (self, self->expires_column, widest);
}

static const char *
decision_text (CvTrustDecision decision)
{
  return decision == CV_TRUST_DECISION_TRUST ? _("Always trust") : _("Always reject");
}

/* The wider of the two decisions, as each language says them (a newer version's
 * kind of decision, longer, shows whole on hover) */
static void
fit_decision_column (CvTrustWindow *self)
{
  int trust = cv_trust_window_text_width (self, decision_text (CV_TRUST_DECISION_TRUST), FALSE);
  int reject = cv_trust_window_text_width (self, decision_text (CV_TRUST_DECISION_REJECT),
                                           FALSE);

  cv_trust_window_fit_column (self, self->decision_column, MAX (trust, reject));
}

void
cv_trust_window_fit_columns (CvTrustWindow *self)
{
  fit_decision_column (self);
  fit_expires_column (self);
  cv_trust_window_fit_status_column (self);
}

void
cv_trust_window_fit_to_entries (CvTrustWindow *self,
                                guint          position,
                                guint          added,
                                gboolean       all)
{
  GListModel *entries = cv_trust_window_get_entries (self);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean any_expired = all ? FALSE : self->expires_fits_expired;

  /* Only what came: a removal leaves the column as it was, until the next reading */
  for (guint i = position; i < position + added && !any_expired; i++)
    {
      g_autoptr(CvTrustEntry) entry = g_list_model_get_item (entries, i);
      gint64 not_after = cv_trust_window_shown_not_after (self, entry);

      any_expired = not_after > 0 && not_after < now;
    }

  cv_trust_window_fit_expires (self, any_expired);
}

void
cv_trust_window_fit_expires (CvTrustWindow *self,
                             gboolean       any_expired)
{
  if (any_expired != self->expires_fits_expired)
    {
      self->expires_fits_expired = any_expired;
      fit_expires_column (self);
    }
}

static char *
decision_label (CvTrustEntry *entry)
{
  switch (cv_trust_entry_get_decision (entry))
    {
    case CV_TRUST_DECISION_TRUST:
    case CV_TRUST_DECISION_REJECT:
      return g_strdup (decision_text (cv_trust_entry_get_decision (entry)));
    case CV_TRUST_DECISION_OTHER:
    default:
      /* Kept as it is and never applied: this version does not know what it means */
      /* TRANSLATORS: %s is the kind of decision as a newer version saved it */
      return g_strdup_printf (_("Unknown (%s), from a newer version"),
                              cv_trust_entry_get_decision_name (entry));
    }
}

/* A reason code of the verification, in a few plain words; the code itself for
 * one this version does not know */
static const char *
problem_label (const char *code)
{
  static const struct
  {
    const char *code;
    const char *label;
  } labels[] = {
    { "self-signed", N_("self-signed") },
    { "expired", N_("expired") },
    { "not-yet-valid", N_("not valid yet") },
    { "hostname-mismatch", N_("issued for another name") },
    { "untrusted-issuer", N_("issuer not trusted") },
    { "signer-not-ca", N_("issuer is no authority") },
    { "insecure-algorithm", N_("insecure algorithm") },
    { "bad-signature", N_("bad signature") },
    { "revoked", N_("revoked") },
    { CV_TRUST_PROBLEM_OTHER_ISSUER, N_("another issuer") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (code, labels[i].code))
      return _(labels[i].label);

  return code;
}

static char *
format_accepted (CvTrustEntry *entry)
{
  const char * const *accepted = cv_trust_entry_get_accepted (entry);
  g_autoptr(GString) text = NULL;

  if (accepted == NULL)
    /* TRANSLATORS: the problems accepted with a decision saved by an older version */
    return g_strdup (_("Not recorded"));
  if (accepted[0] == NULL)
    return g_strdup (_("None: the certificate was valid"));

  text = g_string_new (NULL);
  for (guint i = 0; accepted[i] != NULL; i++)
    {
      if (i > 0)
        /* TRANSLATORS: between the items of a list */
        g_string_append (text, _(", "));
      g_string_append (text, problem_label (accepted[i]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_names (CvTrustEntry *entry)
{
  const char * const *names = cv_trust_entry_get_names (entry);

  if (names == NULL || names[0] == NULL)
    return g_strdup (_("None: this server’s name only"));

  /* TRANSLATORS: between the items of a list */
  return g_strjoinv (_(", "), (char **) names);
}

/* The details page */

void
cv_trust_window_show_list (CvTrustWindow *self)
{
  g_clear_object (&self->details_entry);
  gtk_stack_set_visible_child_name (self->stack, "list");
  cv_trust_window_update_page (self);

  if (g_str_equal (cv_trust_window_get_page (self), "list"))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* The details page's Expires: the certificate decided on, and the one served at
 * the last check when that one has the same key and another end */
static char *
describe_expiry (CvTrustWindow *self,
                 CvTrustEntry  *entry,
                 GDateTime     *now)
{
  gint64 decided = cv_trust_entry_get_not_after (entry);
  gint64 served = cv_trust_window_shown_not_after (self, entry);
  g_autofree char *decided_text = format_expiry (decided, now, DATE_AND_TIME);
  g_autofree char *served_text = NULL;

  if (served == decided)
    return g_steal_pointer (&decided_text);

  served_text = format_expiry (served, now, DATE_AND_TIME);
  /* TRANSLATORS: two ends of validity: the certificate the server served at the
   * last check, then the one decided on */
  return g_strdup_printf (_("%s as served at the last check; %s for the certificate "
                            "decided on"), served_text, decided_text);
}

/* The details page's values for @entry, the page and the focus left as they are */
void
cv_trust_window_fill_details (CvTrustWindow *self,
                              CvTrustEntry  *entry)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expires = describe_expiry (self, entry, now);
  g_autofree char *created = format_local_time (cv_trust_entry_get_created (entry), now,
                                                DATE_AND_TIME);
  g_autofree char *seen = format_local_time (cv_trust_entry_get_last_seen (entry), now,
                                             DATE_AND_TIME);
  g_autofree char *decision = decision_label (entry);
  g_autofree char *names = format_names (entry);
  g_autofree char *accepted = format_accepted (entry);

  g_set_object (&self->details_entry, entry);

  gtk_label_set_text (self->server_value, cv_trust_entry_get_key (entry));
  gtk_label_set_text (self->decision_value, decision);
  gtk_label_set_text (self->names_value, names);
  /* Nothing was accepted with a rejection: the problems were why */
  gtk_label_set_text (self->accepted_key,
                      cv_trust_entry_get_decision (entry) == CV_TRUST_DECISION_TRUST
                        ? _("Accepted Problems") : _("Problems When Decided"));
  gtk_label_set_text (self->accepted_value, accepted);
  gtk_label_set_text (self->subject_value, cv_trust_entry_get_subject (entry));
  gtk_label_set_text (self->issuer_value, cv_trust_entry_get_issuer (entry));
  gtk_label_set_text (self->expires_value, expires);
  gtk_label_set_text (self->created_value, created);
  gtk_label_set_text (self->last_seen_value, seen);
  gtk_label_set_text (self->fingerprint_value, cv_trust_entry_get_certificate_sha256 (entry));
  gtk_label_set_text (self->pin_value, cv_trust_entry_get_public_key_pin (entry));
  cv_trust_window_show_details_status (self);
}

void
cv_trust_window_show_entry (CvTrustWindow *self,
                            CvTrustEntry  *entry)
{
  /* Focus on Back first, so that hiding the list does not send it to a value
   * (which would select it) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.back", TRUE);
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_widget_grab_focus (self->back_button);

  cv_trust_window_fill_details (self, entry);
  gtk_stack_set_visible_child_name (self->stack, "details");
}

/* The details' Last Seen again, after a check saw the server */
void
cv_trust_window_show_last_seen (CvTrustWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *seen = NULL;

  if (self->details_entry == NULL)
    return;
  seen = format_local_time (cv_trust_entry_get_last_seen (self->details_entry), now,
                            DATE_AND_TIME);
  gtk_label_set_text (self->last_seen_value, seen);
}

/* Cells */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               CvTrustWindow            *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
set_cell_text (GtkListItem *list_item,
               const char  *text)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

/* A name cut short keeps its start and its port ("backup.exa…net:990"); the
 * tooltip has it whole */
static void
server_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 CvTrustWindow            *self)
{
  cell_setup_cb (factory, list_item, self);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_list_item_get_child (list_item)),
                           PANGO_ELLIPSIZE_MIDDLE);
  /* The one column that tells rows apart never narrows to "12… 67" while the
   * dates keep their width: the window's minimum width grows instead, to about
   * 750 pixels in German */
  gtk_label_set_width_chars (GTK_LABEL (gtk_list_item_get_child (list_item)),
                             SERVER_MIN_CHARS);
  /* So that a row's widget tells which item it shows (the item owns the label) */
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (list_item)), ROW_LIST_ITEM, list_item);
}

/* The list item shown in @widget or below it: a row holds cells, a cell its label */
static GtkListItem *
find_list_item (GtkWidget *widget,
                guint      depth)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), ROW_LIST_ITEM);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       list_item == NULL && child != NULL && depth > 0;
       child = gtk_widget_get_next_sibling (child))
    list_item = find_list_item (child, depth - 1);
  return list_item;
}

guint
cv_trust_window_position_of_row (GtkWidget *row)
{
  GtkListItem *list_item = find_list_item (row, 3);

  return list_item != NULL ? gtk_list_item_get_position (list_item)
                           : GTK_INVALID_LIST_POSITION;
}

static void
server_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                CvTrustWindow            *self)
{
  CvTrustEntry *entry = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  GtkWidget *cell = gtk_widget_get_parent (label);
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

  set_cell_text (list_item, cv_trust_entry_get_key (entry));
  /* Not as the description too, as GTK's own tooltips are: a screen reader would
   * say the name a second time */
  cv_tooltip_set_text (label, cv_trust_entry_get_key (entry));

  /* The row that takes the focus is named by what it is about, not by GTK's type */
  if (row != NULL)
    {
      g_object_set_data (G_OBJECT (row), "cv-trust-list-item", list_item);
      cv_trust_window_name_row (self, row, entry);
    }
}

void
cv_trust_window_name_row (CvTrustWindow *self,
                          GtkWidget     *row,
                          CvTrustEntry  *entry)
{
  g_autofree char *decision = decision_label (entry);
  g_autofree char *description = NULL;
  g_autofree char *status = cv_trust_window_dup_status_words (self,
                                                              cv_trust_entry_get_key (entry),
                                                              &description);
  g_autofree char *name = NULL;

  if (status != NULL)
    /* TRANSLATORS: a row of Saved Decisions as a screen reader says it once checked:
     * the server ("host:port"), the decision, as "Always trust", and the status, as
     * "Key changed" */
    name = g_strdup_printf (_("%s, %s, %s"), cv_trust_entry_get_key (entry), decision, status);
  else
    /* TRANSLATORS: a row of Saved Decisions as a screen reader says it: the server
     * ("host:port") and the decision, as "Always trust" */
    name = g_strdup_printf (_("%s, %s"), cv_trust_entry_get_key (entry), decision);

  /* Finding: the row said nothing of what a sighted user sees first in it, an
   * expired certificate */
  {
    gint64 not_after = cv_trust_window_shown_not_after (self, entry);

    if (not_after > 0 && not_after < g_get_real_time () / G_USEC_PER_SEC)
      {
        /* TRANSLATORS: after a row's name, as "ftp.example.com:21, Always trust",
         * for a certificate whose validity has ended */
        g_autofree char *expired = g_strdup_printf (_("%s, expired"), name);

        g_free (name);
        name = g_steal_pointer (&expired);
      }
  }

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
decision_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  CvTrustWindow            *self)
{
  CvTrustEntry *entry = gtk_list_item_get_item (list_item);
  g_autofree char *text = decision_label (entry);

  set_cell_text (list_item, text);
  /* A newer version's kind is longer than the column: whole on hover */
  cv_tooltip_set_text (gtk_list_item_get_child (list_item),
                       cv_trust_entry_get_decision (entry) == CV_TRUST_DECISION_OTHER
                         ? text : NULL);
}

static void
show_expiry_in_cell (CvTrustWindow *self,
                     GtkListItem   *list_item)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  CvTrustEntry *entry = gtk_list_item_get_item (list_item);
  g_autofree char *text = format_expiry (cv_trust_window_shown_not_after (self, entry), now,
                                         DATE_ONLY);

  set_cell_text (list_item, text);
}

static void
expires_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 CvTrustWindow            *self)
{
  if (self->expires_cells != NULL)
    g_hash_table_replace (self->expires_cells,
                          g_strdup (cv_trust_entry_get_key (gtk_list_item_get_item (list_item))),
                          list_item);
  show_expiry_in_cell (self, list_item);
}

static void
expires_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   CvTrustWindow            *self)
{
  CvTrustEntry *entry = gtk_list_item_get_item (list_item);
  const char *key = entry != NULL ? cv_trust_entry_get_key (entry) : NULL;

  if (key != NULL && self->expires_cells != NULL &&
      g_hash_table_lookup (self->expires_cells, key) == list_item)
    g_hash_table_remove (self->expires_cells, key);
}

void
cv_trust_window_show_expiry (CvTrustWindow *self,
                             const char    *key)
{
  GtkListItem *list_item = self->expires_cells != NULL
                           ? g_hash_table_lookup (self->expires_cells, key) : NULL;
  CvTrustEntry *entry = list_item != NULL ? gtk_list_item_get_item (list_item) : NULL;
  gboolean details = self->details_entry != NULL &&
                     g_str_equal (cv_trust_entry_get_key (self->details_entry), key);
  guint position;

  if (entry == NULL && details)
    entry = self->details_entry;
  if (entry == NULL)
    return;

  /* "(expired)" may need room the column did not have */
  position = cv_trust_window_find_server (self, entry);
  if (position != G_MAXUINT)
    cv_trust_window_fit_to_entries (self, position, 1, FALSE);

  if (list_item != NULL)
    show_expiry_in_cell (self, list_item);
  if (details)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *expires = describe_expiry (self, self->details_entry, now);

      gtk_label_set_text (self->expires_value, expires);
    }
}

static void
last_seen_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   CvTrustWindow            *self)
{
  CvTrustEntry *entry = gtk_list_item_get_item (list_item);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = format_local_time (cv_trust_entry_get_last_seen (entry), now,
                                             DATE_NEAR_NOW);

  set_cell_text (list_item, text);
}

void
cv_trust_window_class_bind_cells (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, cell_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, decision_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, expires_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, expires_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, last_seen_bind_cb);
}
