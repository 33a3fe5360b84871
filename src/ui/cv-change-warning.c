/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-change-warning.h"

#include "cv-a11y.h"

#include "cv-prompt-overview.h"

#include <glib/gi18n.h>

struct _CvChangeWarning
{
  GtkWidget  parent_instance;

  /* The fingerprints as given, for the text; the labels show them in groups */
  char      *old_sha256;
  char      *new_sha256;

  /* Template widgets */
  GtkWidget *box;
  GtkLabel  *title_label;
  GtkLabel  *body_label;
  GtkWidget *fingerprint_grid;
  GtkLabel  *fingerprint_title;
  GtkLabel  *old_sha256_title;
  GtkLabel  *new_sha256_title;
  GtkWidget *grid;
  GtkLabel  *saved_column_title;
  GtkLabel  *served_column_title;
  GtkLabel  *issuer_title;
  GtkLabel  *expires_title;
  GtkLabel  *old_sha256_label;
  GtkLabel  *new_sha256_label;
  GtkLabel  *old_issuer_label;
  GtkLabel  *new_issuer_label;
  GtkLabel  *old_expires_label;
  GtkLabel  *new_expires_label;
  GtkLabel  *old_date_title;
  GtkLabel  *old_date_label;
  GtkLabel  *new_date_label;
};

G_DEFINE_FINAL_TYPE (CvChangeWarning, cv_change_warning, GTK_TYPE_WIDGET)

static void
cv_change_warning_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CV_TYPE_CHANGE_WARNING);

  G_OBJECT_CLASS (cv_change_warning_parent_class)->dispose (object);
}

static void
cv_change_warning_finalize (GObject *object)
{
  CvChangeWarning *self = CV_CHANGE_WARNING (object);

  g_clear_pointer (&self->old_sha256, g_free);
  g_clear_pointer (&self->new_sha256, g_free);

  G_OBJECT_CLASS (cv_change_warning_parent_class)->finalize (object);
}

static void
cv_change_warning_class_init (CvChangeWarningClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cv_change_warning_dispose;
  object_class->finalize = cv_change_warning_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certview/Certview/"
                                               "cv-change-warning.ui");
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, box);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, title_label);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, body_label);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, fingerprint_grid);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, fingerprint_title);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, old_sha256_title);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, new_sha256_title);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, grid);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, old_sha256_label);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, new_sha256_label);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, old_issuer_label);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, new_issuer_label);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, saved_column_title);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, served_column_title);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, issuer_title);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, expires_title);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, old_expires_label);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, new_expires_label);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, old_date_title);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, old_date_label);
  gtk_widget_class_bind_template_child (widget_class, CvChangeWarning, new_date_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "changewarning");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
cv_change_warning_init (CvChangeWarning *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The fingerprints by their side; the other values by their row and their
   * column: the row's title alone would not tell a screen reader which of the
   * two values it is */
  cv_a11y_name_by_title (self->old_sha256_label, self->old_sha256_title, NULL);
  cv_a11y_name_by_title (self->new_sha256_label, self->new_sha256_title, NULL);
  cv_a11y_name_by_title (self->old_issuer_label, self->issuer_title, self->saved_column_title);
  cv_a11y_name_by_title (self->new_issuer_label, self->issuer_title, self->served_column_title);
  cv_a11y_name_by_title (self->old_expires_label, self->expires_title, self->saved_column_title);
  cv_a11y_name_by_title (self->new_expires_label, self->expires_title,
                         self->served_column_title);
  cv_a11y_name_by_title (self->old_date_label, self->old_date_title, self->saved_column_title);
  cv_a11y_name_by_title (self->new_date_label, self->old_date_title, self->served_column_title);
}

GtkWidget *
cv_change_warning_new (void)
{
  return g_object_new (CV_TYPE_CHANGE_WARNING, NULL);
}

void
cv_change_warning_set (CvChangeWarning *self,
                       CvTrustEntry    *saved,
                       CvCertificate   *served)
{
  g_autofree char *body = NULL;
  g_autofree char *old_expires = NULL;
  g_autofree char *new_expires = NULL;
  g_autofree char *decided = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *date_title = NULL;
  g_autofree char *old_grouped = NULL;
  g_autofree char *new_grouped = NULL;
  gboolean trusted;

  g_return_if_fail (CV_IS_CHANGE_WARNING (self));
  g_return_if_fail (CV_IS_TRUST_ENTRY (saved));
  g_return_if_fail (CV_IS_CERTIFICATE (served));

  trusted = cv_trust_entry_get_decision (saved) == CV_TRUST_DECISION_TRUST;
  decided = cv_format_unix_time (cv_trust_entry_get_created (saved));
  body = g_strdup_printf (trusted
                            ? _("You chose to trust another certificate for %s, with a "
                                "different key. The server may have a new key, or "
                                "someone may be intercepting the connection. Compare "
                                "the fingerprints with the server's administrator "
                                "before you accept.")
                            : _("You chose to reject another certificate for %s, with a "
                                "different key. Compare the fingerprints with the "
                                "server's administrator before you accept."),
                          cv_trust_entry_get_key (saved));
  gtk_label_set_text (self->body_label, body);

  g_free (self->old_sha256);
  self->old_sha256 = g_strdup (cv_trust_entry_get_certificate_sha256 (saved));
  g_free (self->new_sha256);
  self->new_sha256 = g_strdup (cv_certificate_get_sha256 (served));
  old_grouped = cv_prompt_overview_format_fingerprint (self->old_sha256);
  new_grouped = cv_prompt_overview_format_fingerprint (self->new_sha256);
  gtk_label_set_text (self->old_sha256_label, old_grouped);
  gtk_label_set_text (self->new_sha256_label, new_grouped);
  gtk_label_set_text (self->old_issuer_label, cv_trust_entry_get_issuer (saved));
  gtk_label_set_text (self->new_issuer_label, cv_certificate_get_issuer (served));

  old_expires = cv_format_unix_time (cv_trust_entry_get_not_after (saved));
  new_expires = cv_format_date_time (cv_certificate_get_not_after (served));
  gtk_label_set_text (self->old_expires_label, old_expires);
  gtk_label_set_text (self->new_expires_label, new_expires);

  /* The saved side has the day of the decision, the served side its issue date */
  issued = cv_format_date_time (cv_certificate_get_not_before (served));
  date_title = g_strdup_printf ("%s / %s", _("Decided On"), _("Issued On"));
  gtk_label_set_text (self->old_date_title, date_title);
  gtk_label_set_text (self->old_date_label, decided);
  gtk_label_set_text (self->new_date_label, issued);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->title_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, body,
                                  -1);
}

char *
cv_change_warning_dup_text (CvChangeWarning *self)
{
  GString *text;

  g_return_val_if_fail (CV_IS_CHANGE_WARNING (self), NULL);

  text = g_string_new (gtk_label_get_text (self->title_label));
  g_string_append_printf (text, "\n%s", gtk_label_get_text (self->body_label));
  /* The fingerprints as the tree and the command line write them, not in groups */
  g_string_append_printf (text, "\n%s\n%s\n%s\n%s\n%s",
                          gtk_label_get_text (self->fingerprint_title),
                          gtk_label_get_text (self->old_sha256_title),
                          self->old_sha256 != NULL ? self->old_sha256 : "",
                          gtk_label_get_text (self->new_sha256_title),
                          self->new_sha256 != NULL ? self->new_sha256 : "");
  for (GtkWidget *child = gtk_widget_get_first_child (self->grid);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_string_append_printf (text, "\n%s", gtk_label_get_text (GTK_LABEL (child)));
    }

  return g_string_free (text, FALSE);
}
