/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-trust-window.h"

#include "cv-format.h"

#include "cv-error.h"
#include "cv-resources.h"
#include "cv-trust-entry.h"
#include "cv-trust-policy.h"
#include "cv-trust-store.h"

#include <glib/gi18n.h>

struct _CvTrustWindow
{
  GtkWindow          parent_instance;

  char              *store_path;
  /* Touched by a worker while one runs (busy), and by nobody else then */
  CvTrustStore      *store;
  GListStore        *entries;
  GtkMultiSelection *selection;
  /* The decision the details page shows */
  CvTrustEntry      *details_entry;
  /* What the last removal took out of the store, for Undo; NULL when there is
   * nothing to undo */
  GPtrArray         *undo_entries;

  /* The current load or removal */
  GCancellable      *cancellable;
  guint              busy : 1;
  guint              loaded : 1;

  /* Template widgets */
  GtkWidget         *back_button;
  GtkRevealer       *banner_revealer;
  GtkLabel          *banner_title;
  GtkLabel          *banner_body;
  GtkRevealer       *undo_revealer;
  GtkLabel          *undo_label;
  GtkWidget         *undo_button;
  GtkStack          *stack;
  GtkSpinner        *spinner;
  GtkColumnView     *column_view;
  GtkLabel          *count_label;
  GtkWidget         *details_button;
  GtkWidget         *remove_button;
  GtkLabel          *server_value;
  GtkLabel          *decision_value;
  GtkLabel          *names_value;
  GtkLabel          *accepted_value;
  GtkLabel          *subject_value;
  GtkLabel          *issuer_value;
  GtkLabel          *expires_value;
  GtkLabel          *created_value;
  GtkLabel          *last_seen_value;
  GtkLabel          *fingerprint_value;
  GtkLabel          *pin_value;
};

G_DEFINE_FINAL_TYPE (CvTrustWindow, cv_trust_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE_PATH,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
format_expiry (CvTrustEntry *entry,
               GDateTime    *now,
               DateStyle     style)
{
  gint64 not_after = cv_trust_entry_get_not_after (entry);
  g_autofree char *date = format_local_time (not_after, now, style);

  if (not_after > 0 && not_after < g_date_time_to_unix (now))
    /* TRANSLATORS: %s is the date a certificate expired on */
    return g_strdup_printf (_("%s (expired)"), date);

  return g_steal_pointer (&date);
}

static char *
decision_label (CvTrustEntry *entry)
{
  switch (cv_trust_entry_get_decision (entry))
    {
    case CV_TRUST_DECISION_TRUST:
      return g_strdup (_("Always trust"));
    case CV_TRUST_DECISION_REJECT:
      return g_strdup (_("Always reject"));
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

/* State */

static const char *
current_page (CvTrustWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  return page != NULL ? page : "loading";
}

static gboolean
on_details_page (CvTrustWindow *self)
{
  return g_str_equal (current_page (self), "details");
}

static guint
n_selected (CvTrustWindow *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) MIN (gtk_bitset_get_size (selected), G_MAXUINT);
}

static void
update_actions (CvTrustWindow *self)
{
  gboolean details = on_details_page (self);
  gboolean any_selected = !details && n_selected (self) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.remove",
                                 !self->busy && (details || any_selected));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.details",
                                 !self->busy && any_selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.back", details);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.reload", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.copy-fingerprint", details);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.copy-pin", details);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.undo",
                                 !self->busy && self->undo_entries != NULL);
}

static void
update_count (CvTrustWindow *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  guint selected = n_selected (self);
  g_autofree char *total = NULL;

  total = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u saved decision",
                                        "%u saved decisions", n_items), n_items);
  if (selected == 0)
    {
      gtk_label_set_text (self->count_label, total);
      return;
    }

  {
    /* TRANSLATORS: %s is "N saved decisions"; %u how many of them are selected */
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%s, %u selected",
                                                          "%s, %u selected", selected),
                                             total, selected);

    gtk_label_set_text (self->count_label, text);
  }
}

/* Shows the list, or the empty state, unless the details page is up */
static void
update_page (CvTrustWindow *self)
{
  if (!self->loaded)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  if (on_details_page (self))
    return;

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->entries)) > 0
                                    ? "list" : "empty");
}

static void
set_busy (CvTrustWindow *self,
          gboolean       busy)
{
  busy = !!busy;
  if (self->busy == (guint) busy)
    return;

  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy && !self->loaded);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (CvTrustWindow *self,
            const char    *title,
            const char    *message)
{
  gtk_label_set_text (self->banner_title, title);
  gtk_label_set_text (self->banner_body, message);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
hide_error (CvTrustWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
cancel_run (CvTrustWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* The details page */

static void
show_list (CvTrustWindow *self)
{
  g_clear_object (&self->details_entry);
  gtk_stack_set_visible_child_name (self->stack, "list");
  update_page (self);

  if (g_str_equal (current_page (self), "list"))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
show_entry (CvTrustWindow *self,
            CvTrustEntry  *entry)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expires = format_expiry (entry, now, DATE_AND_TIME);
  g_autofree char *created = format_local_time (cv_trust_entry_get_created (entry), now,
                                                DATE_AND_TIME);
  g_autofree char *seen = format_local_time (cv_trust_entry_get_last_seen (entry), now,
                                             DATE_AND_TIME);
  g_autofree char *decision = decision_label (entry);
  g_autofree char *names = format_names (entry);
  g_autofree char *accepted = format_accepted (entry);

  g_set_object (&self->details_entry, entry);

  /* Focus on Back first, so that hiding the list does not send it to a value
   * (which would select it) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.back", TRUE);
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_widget_grab_focus (self->back_button);

  gtk_label_set_text (self->server_value, cv_trust_entry_get_key (entry));
  gtk_label_set_text (self->decision_value, decision);
  gtk_label_set_text (self->names_value, names);
  gtk_label_set_text (self->accepted_value, accepted);
  gtk_label_set_text (self->subject_value, cv_trust_entry_get_subject (entry));
  gtk_label_set_text (self->issuer_value, cv_trust_entry_get_issuer (entry));
  gtk_label_set_text (self->expires_value, expires);
  gtk_label_set_text (self->created_value, created);
  gtk_label_set_text (self->last_seen_value, seen);
  gtk_label_set_text (self->fingerprint_value, cv_trust_entry_get_certificate_sha256 (entry));
  gtk_label_set_text (self->pin_value, cv_trust_entry_get_public_key_pin (entry));

  gtk_stack_set_visible_child_name (self->stack, "details");
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

static void
server_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                CvTrustWindow            *self)
{
  CvTrustEntry *entry = gtk_list_item_get_item (list_item);

  set_cell_text (list_item, cv_trust_entry_get_key (entry));
}

static void
decision_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  CvTrustWindow            *self)
{
  g_autofree char *text = decision_label (gtk_list_item_get_item (list_item));

  set_cell_text (list_item, text);
}

static void
expires_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 CvTrustWindow            *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = format_expiry (gtk_list_item_get_item (list_item), now, DATE_ONLY);

  set_cell_text (list_item, text);
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

static void
row_activate_cb (GtkColumnView *column_view,
                 guint          position,
                 CvTrustWindow *self)
{
  cv_trust_window_show_details (self, position);
}

static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      CvTrustWindow     *self)
{
  update_count (self);
  update_actions (self);
}

static void
items_changed_cb (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  CvTrustWindow *self)
{
  update_count (self);
  update_actions (self);
}

static void
page_changed_cb (GtkStack      *stack,
                 GParamSpec    *pspec,
                 CvTrustWindow *self)
{
  gtk_widget_set_visible (self->back_button, on_details_page (self));
  update_actions (self);
}

static void
banner_close_clicked_cb (GtkButton     *button,
                         CvTrustWindow *self)
{
  hide_error (self);
}

/* Loading: the store is read on a worker, which hands it over with its entries */

typedef struct
{
  CvTrustStore *store;
  GPtrArray    *entries;
  GError       *error;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->store);
  g_clear_pointer (&loaded->entries, g_ptr_array_unref);
  g_clear_error (&loaded->error);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  Loaded *loaded = g_new0 (Loaded, 1);

  /* A store that cannot be read is left empty; the error says why and what to do */
  loaded->store = cv_trust_store_new (path);
  if (cv_trust_store_load (loaded->store, &loaded->error))
    loaded->entries = cv_trust_store_list (loaded->store, &loaded->error);
  if (loaded->entries == NULL)
    loaded->entries = g_ptr_array_new_with_free_func (g_object_unref);

  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

/* Callbacks of a load or a removal get the window unreferenced: a window that goes
 * away cancels first, and then the task reports G_IO_ERROR_CANCELLED. */

static void
load_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Loaded) loaded = NULL;
  g_autoptr(GError) error = NULL;
  CvTrustWindow *self;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_TRUST_WINDOW (user_data);
  g_assert (loaded != NULL);
  g_clear_object (&self->cancellable);

  g_set_object (&self->store, loaded->store);
  g_clear_object (&self->details_entry);
  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       loaded->entries->pdata, loaded->entries->len);

  if (loaded->error != NULL)
    show_error (self, _("Could Not Read the Saved Decisions"), loaded->error->message);
  else
    hide_error (self);

  self->loaded = TRUE;
  set_busy (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "list");
  update_page (self);
  update_actions (self);
}

/* The notice under the title bar: what the last removal did, with Undo */

static void
hide_undo (CvTrustWindow *self)
{
  g_clear_pointer (&self->undo_entries, g_ptr_array_unref);
  gtk_revealer_set_reveal_child (self->undo_revealer, FALSE);
  update_actions (self);
}

static void
show_notice (CvTrustWindow *self,
             const char    *text,
             gboolean       can_undo)
{
  gtk_label_set_text (self->undo_label, text);
  /* One line, so that the notice keeps its height: the whole text on hover */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->undo_label), text);
  gtk_widget_set_visible (self->undo_button, can_undo);
  gtk_revealer_set_reveal_child (self->undo_revealer, TRUE);
  update_actions (self);
}

static void
undo_close_clicked_cb (GtkButton     *button,
                       CvTrustWindow *self)
{
  hide_undo (self);
}

/* The store's order: by host, then port (SQLite compares the bytes, as strcmp()) */
static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  CvTrustEntry *entry_a = (CvTrustEntry *) a;
  CvTrustEntry *entry_b = (CvTrustEntry *) b;
  int by_host = strcmp (cv_trust_entry_get_host (entry_a), cv_trust_entry_get_host (entry_b));

  if (by_host != 0)
    return by_host;
  return (int) cv_trust_entry_get_port (entry_a) - (int) cv_trust_entry_get_port (entry_b);
}

/* The position of the decision for @entry's server in the list, or G_MAXUINT */
static guint
find_server (CvTrustWindow *self,
             CvTrustEntry  *entry)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  guint low = 0;
  guint high = g_list_model_get_n_items (model);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(CvTrustEntry) item = g_list_model_get_item (model, middle);
      int order = compare_entries (item, entry, NULL);

      if (order == 0)
        return middle;
      if (order < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return G_MAXUINT;
}

/* Removing: one cv_trust_store_forget() per decision, on a worker */

typedef struct
{
  CvTrustStore *store;
  GPtrArray    *entries;
} RemoveRun;

typedef struct
{
  GHashTable *removed;    /* keys: the rows to take out of the list */
  GPtrArray  *forgotten;  /* CvTrustEntry: what this removal took out of the store */
  GError     *error;
} Removed;

static void
remove_run_free (RemoveRun *run)
{
  g_clear_object (&run->store);
  g_clear_pointer (&run->entries, g_ptr_array_unref);
  g_free (run);
}

static void
removed_free (Removed *removed)
{
  g_clear_pointer (&removed->removed, g_hash_table_unref);
  g_clear_pointer (&removed->forgotten, g_ptr_array_unref);
  g_clear_error (&removed->error);
  g_free (removed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removed, removed_free)

static void
remove_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RemoveRun *run = task_data;
  Removed *removed = g_new0 (Removed, 1);

  removed->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  removed->forgotten = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < run->entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (run->entries, i);
      g_autoptr(GError) error = NULL;

      if (cv_trust_store_forget (run->store, cv_trust_entry_get_host (entry),
                                 cv_trust_entry_get_port (entry), &error))
        g_ptr_array_add (removed->forgotten, g_object_ref (entry));
      /* Gone already, as another program may have removed it: what was asked, but
       * not this removal's to undo */
      else if (!g_error_matches (error, CV_ERROR, CV_ERROR_NOT_FOUND))
        {
          removed->error = g_steal_pointer (&error);
          break;
        }
      g_hash_table_add (removed->removed, g_strdup (cv_trust_entry_get_key (entry)));
    }

  g_task_return_pointer (task, removed, (GDestroyNotify) removed_free);
}

static void
remove_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Removed) removed = NULL;
  g_autoptr(GError) error = NULL;
  CvTrustWindow *self;
  GListModel *model;
  guint end;

  removed = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_TRUST_WINDOW (user_data);
  g_assert (removed != NULL);
  g_clear_object (&self->cancellable);

  /* From the end, a run of removed rows at a time */
  model = G_LIST_MODEL (self->entries);
  end = g_list_model_get_n_items (model);
  while (end > 0)
    {
      guint start = end;

      while (start > 0)
        {
          g_autoptr(CvTrustEntry) entry = g_list_model_get_item (model, start - 1);

          if (!g_hash_table_contains (removed->removed, cv_trust_entry_get_key (entry)))
            break;
          start--;
        }

      if (start < end)
        g_list_store_splice (self->entries, start, end - start, NULL, 0);
      end = start > 0 ? start - 1 : 0;
    }

  if (removed->error != NULL)
    show_error (self, _("Could Not Remove the Decision"), removed->error->message);

  /* Undo puts back what this removal took out; an earlier removal stays done */
  g_clear_pointer (&self->undo_entries, g_ptr_array_unref);
  if (removed->forgotten->len > 0)
    {
      guint n = removed->forgotten->len;
      g_autofree char *text = NULL;

      self->undo_entries = g_steal_pointer (&removed->forgotten);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u saved decision",
                                           "Removed %u saved decisions", n), n);
      show_notice (self, text, TRUE);
    }
  else
    hide_undo (self);

  set_busy (self, FALSE);
  if (self->details_entry != NULL &&
      g_hash_table_contains (removed->removed, cv_trust_entry_get_key (self->details_entry)))
    show_list (self);
  else
    update_page (self);

  /* Nothing is selected now: a second Delete must not remove the next row, which
   * the user never chose */
  update_actions (self);
}

static void
start_removal (CvTrustWindow *self,
               GPtrArray     *entries)
{
  g_autoptr(GTask) task = NULL;
  RemoveRun *run;

  g_assert (!self->busy && self->store != NULL);

  cancel_run (self);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  run = g_new0 (RemoveRun, 1);
  run->store = g_object_ref (self->store);
  run->entries = entries;

  task = g_task_new (NULL, self->cancellable, remove_done_cb, self);
  g_task_set_source_tag (task, start_removal);
  g_task_set_task_data (task, run, (GDestroyNotify) remove_run_free);
  g_task_run_in_thread (task, remove_thread);
}

/* Undo: the removed decisions go back through cv_trust_store_import(), on a worker,
 * so that a decision saved meanwhile for the same server (by another program) is
 * kept, never overwritten */

typedef struct
{
  CvTrustImport *import;
  GPtrArray     *current;  /* CvTrustEntry: what is saved instead, for each differing */
  GError        *error;
} Restored;

static void
restored_free (Restored *restored)
{
  g_clear_pointer (&restored->import, cv_trust_import_free);
  g_clear_pointer (&restored->current, g_ptr_array_unref);
  g_clear_error (&restored->error);
  g_free (restored);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Restored, restored_free)

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RemoveRun *run = task_data;
  Restored *restored = g_new0 (Restored, 1);

  restored->current = g_ptr_array_new_with_free_func (g_object_unref);
  restored->import = cv_trust_store_import (run->store, run->entries, &restored->error);
  for (guint i = 0; restored->import != NULL && i < restored->import->differing->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (restored->import->differing, i);
      CvTrustEntry *saved;

      /* Only to show it: the list is no worse off without it */
      saved = cv_trust_store_lookup (run->store, cv_trust_entry_get_host (entry),
                                     cv_trust_entry_get_port (entry), NULL);
      if (saved != NULL)
        g_ptr_array_add (restored->current, saved);
    }

  g_task_return_pointer (task, restored, (GDestroyNotify) restored_free);
}

/* Shows @entries in the list, in the store's order, and selects them */
static void
put_back (CvTrustWindow *self,
          GPtrArray     *entries,
          gboolean       select)
{
  for (guint i = 0; i < entries->len; i++)
    {
      CvTrustEntry *entry = g_ptr_array_index (entries, i);
      guint position = find_server (self, entry);

      if (position != G_MAXUINT)
        continue;
      position = g_list_store_insert_sorted (self->entries, entry, compare_entries, NULL);
      if (select)
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position,
                                         FALSE);
    }
}

static void
restore_done_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Restored) restored = NULL;
  g_autoptr(GError) error = NULL;
  CvTrustImport *import;
  CvTrustWindow *self;
  g_autofree char *text = NULL;
  guint n_kept;

  restored = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CV_TRUST_WINDOW (user_data);
  g_assert (restored != NULL);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (restored->import == NULL)
    {
      /* Nothing was restored; Undo stays offered, to try again */
      show_error (self, _("Could Not Restore the Decisions"), restored->error->message);
      update_actions (self);
      return;
    }

  import = restored->import;
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  put_back (self, import->added, TRUE);
  put_back (self, import->skipped, TRUE);
  put_back (self, restored->current, FALSE);
  g_clear_pointer (&self->undo_entries, g_ptr_array_unref);

  n_kept = import->differing->len;
  if (n_kept == 0)
    hide_undo (self);
  else
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) keys = NULL;
      g_autofree char *list = NULL;

      for (guint i = 0; i < n_kept; i++)
        g_strv_builder_add (builder,
                            cv_trust_entry_get_key (g_ptr_array_index (import->differing, i)));
      keys = g_strv_builder_end (builder);
      /* TRANSLATORS: between the items of a list */
      list = g_strjoinv (_(", "), keys);
      /* TRANSLATORS: %u is how many, %s the servers, as in "ftp.example.com:21" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u saved decision could not be restored: "
                                           "another decision was saved for its server "
                                           "meanwhile, and was kept: %s",
                                           "%u saved decisions could not be restored: "
                                           "other decisions were saved for their servers "
                                           "meanwhile, and were kept: %s", n_kept),
                              n_kept, list);
      show_notice (self, text, FALSE);
    }

  update_page (self);
  update_actions (self);
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  RemoveRun *run;

  if (self->busy || self->store == NULL || self->undo_entries == NULL)
    return;

  cancel_run (self);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  run = g_new0 (RemoveRun, 1);
  run->store = g_object_ref (self->store);
  run->entries = g_ptr_array_ref (self->undo_entries);

  task = g_task_new (NULL, self->cancellable, restore_done_cb, self);
  g_task_set_source_tag (task, undo_action_cb);
  g_task_set_task_data (task, run, (GDestroyNotify) remove_run_free);
  g_task_run_in_thread (task, restore_thread);
}

/* Actions */

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->busy || self->store == NULL)
    return;

  if (on_details_page (self))
    {
      if (self->details_entry == NULL)
        return;
      g_ptr_array_add (entries, g_object_ref (self->details_entry));
      start_removal (self, g_steal_pointer (&entries));
      return;
    }

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      CvTrustEntry *entry = g_list_model_get_item (G_LIST_MODEL (self->entries), position);

      if (entry != NULL)
        g_ptr_array_add (entries, entry);
    }

  start_removal (self, g_steal_pointer (&entries));
}

static void
details_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);
  g_autoptr(GtkBitset) selected = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!gtk_bitset_is_empty (selected))
    cv_trust_window_show_details (self, gtk_bitset_get_minimum (selected));
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);

  if (on_details_page (self))
    show_list (self);
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cv_trust_window_reload (CV_TRUST_WINDOW (widget));
}

static void
copy_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);
  const char *text;

  if (self->details_entry == NULL)
    return;

  if (g_str_equal (action_name, "decisions.copy-pin"))
    text = cv_trust_entry_get_public_key_pin (self->details_entry);
  else
    text = cv_trust_entry_get_certificate_sha256 (self->details_entry);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

/* Escape goes back from the details, and closes the window from the list */
static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (widget);

  if (on_details_page (self))
    show_list (self);
  else
    gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}

/* GObject */

static void
cv_trust_window_constructed (GObject *object)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (object);

  G_OBJECT_CLASS (cv_trust_window_parent_class)->constructed (object);

  cv_trust_window_reload (self);
}

static void
cv_trust_window_dispose (GObject *object)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (object);

  /* A load or removal still going is cancelled; its callback will not look here */
  cancel_run (self);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  if (self->entries != NULL)
    g_signal_handlers_disconnect_by_func (self->entries, items_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CV_TYPE_TRUST_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->entries);
  g_clear_object (&self->details_entry);
  g_clear_object (&self->store);
  g_clear_pointer (&self->undo_entries, g_ptr_array_unref);

  G_OBJECT_CLASS (cv_trust_window_parent_class)->dispose (object);
}

static void
cv_trust_window_finalize (GObject *object)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (object);

  g_clear_pointer (&self->store_path, g_free);

  G_OBJECT_CLASS (cv_trust_window_parent_class)->finalize (object);
}

static void
cv_trust_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      g_value_set_string (value, self->store_path);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_trust_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CvTrustWindow *self = CV_TRUST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      g_free (self->store_path);
      self->store_path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_trust_window_class_init (CvTrustWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cv_trust_window_constructed;
  object_class->dispose = cv_trust_window_dispose;
  object_class->finalize = cv_trust_window_finalize;
  object_class->get_property = cv_trust_window_get_property;
  object_class->set_property = cv_trust_window_set_property;

  properties[PROP_STORE_PATH] =
    g_param_spec_string ("store-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* See cv_window_class_init(): keeps the resources linked in */
  g_assert_nonnull (cv_get_resource ());

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certview/Certview/"
                                               "cv-trust-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, banner_title);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, banner_body);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, undo_revealer);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, undo_label);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, details_button);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, server_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, decision_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, names_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, accepted_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, subject_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, issuer_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, expires_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, created_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, last_seen_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, fingerprint_value);
  gtk_widget_class_bind_template_child (widget_class, CvTrustWindow, pin_value);
  gtk_widget_class_bind_template_callback (widget_class, cell_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, decision_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, expires_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, last_seen_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, undo_close_clicked_cb);

  gtk_widget_class_install_action (widget_class, "decisions.remove", NULL, remove_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.details", NULL, details_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.reload", NULL, reload_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.copy-fingerprint", NULL,
                                   copy_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.copy-pin", NULL, copy_action_cb);
  gtk_widget_class_install_action (widget_class, "decisions.undo", NULL, undo_action_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "decisions.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "decisions.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "decisions.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "decisions.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "decisions.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "decisions.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
cv_trust_window_init (CvTrustWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_list_store_new (CV_TYPE_TRUST_ENTRY);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->entries)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (self->selection, "selection-changed",
                    G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (self->entries, "items-changed", G_CALLBACK (items_changed_cb), self);

  update_count (self);
  update_actions (self);
}

CvTrustWindow *
cv_trust_window_new (GtkWindow  *parent,
                     const char *store_path)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (CV_TYPE_TRUST_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "application", parent != NULL ? gtk_window_get_application (parent)
                                                     : NULL,
                       "store-path", store_path,
                       NULL);
}

void
cv_trust_window_reload (CvTrustWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CV_IS_TRUST_WINDOW (self));

  cancel_run (self);
  set_busy (self, FALSE);

  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  g_clear_object (&self->details_entry);
  update_page (self);
  set_busy (self, TRUE);

  task = g_task_new (NULL, self->cancellable, load_done_cb, self);
  g_task_set_source_tag (task, cv_trust_window_reload);
  g_task_set_task_data (task, g_strdup (self->store_path), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

gboolean
cv_trust_window_is_busy (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), FALSE);
  return self->busy;
}

GListModel *
cv_trust_window_get_entries (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), NULL);
  return G_LIST_MODEL (self->entries);
}

GtkSelectionModel *
cv_trust_window_get_selection (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

void
cv_trust_window_show_details (CvTrustWindow *self,
                              guint          position)
{
  g_autoptr(CvTrustEntry) entry = NULL;

  g_return_if_fail (CV_IS_TRUST_WINDOW (self));

  entry = g_list_model_get_item (G_LIST_MODEL (self->entries), position);
  if (entry != NULL)
    show_entry (self, entry);
}

const char *
cv_trust_window_get_page (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), NULL);
  return current_page (self);
}

char *
cv_trust_window_dup_error_text (CvTrustWindow *self)
{
  g_return_val_if_fail (CV_IS_TRUST_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return g_strdup ("");

  return g_strdup_printf ("%s\n%s", gtk_label_get_text (self->banner_title),
                          gtk_label_get_text (self->banner_body));
}
