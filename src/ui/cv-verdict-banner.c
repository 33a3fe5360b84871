/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-verdict-banner.h"

#include "cv-certificate.h"
#include "cv-format.h"
#include "cv-style.h"
#include "cv-verdict.h"
#include "cv-wrap-frame.h"

#include <glib/gi18n.h>

struct _CvVerdictBanner
{
  GtkWidget    parent_instance;

  /* The banner tells the verdict on a report, not a failure */
  gboolean     is_verdict;

  /* Template widgets */
  GtkRevealer *banner_revealer;
  GtkWidget   *banner;
  GtkImage    *banner_icon;
  GtkLabel    *banner_title;
  GtkLabel    *banner_subject;
  GtkLabel    *banner_body;
};

G_DEFINE_FINAL_TYPE (CvVerdictBanner, cv_verdict_banner, GTK_TYPE_WIDGET)

typedef enum
{
  BANNER_SUCCESS,
  BANNER_ERROR,
  BANNER_WARNING,
} BannerStyle;

static const char * const banner_classes[] = { "success", "error", "warning" };

/* What the banner is about and why, for the alert's description: GTK 4.8 does not
 * read a description from described-by relations */
static void
update_description (CvVerdictBanner *self)
{
  const char *subject = gtk_label_get_text (self->banner_subject);
  const char *body = gtk_label_get_text (self->banner_body);
  g_autofree char *description = NULL;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->banner_subject)))
    subject = "";
  description = g_strjoin (subject[0] != '\0' && body[0] != '\0' ? "\n" : "",
                           subject, body, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* A faded-out revealer still takes its child's room */
static void
revealer_child_revealed_cb (GtkRevealer     *revealer,
                            GParamSpec      *pspec,
                            CvVerdictBanner *self)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

static void
set_subject (CvVerdictBanner *self,
             const char      *subject)
{
  gtk_label_set_text (self->banner_subject, subject != NULL ? subject : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_subject),
                          subject != NULL && subject[0] != '\0');
}

static void
show_banner (CvVerdictBanner *self,
             BannerStyle      style,
             const char      *icon_name,
             const char      *title,
             const char      *subject,
             const char      *body)
{
  set_subject (self, subject);

  for (guint i = 0; i < G_N_ELEMENTS (banner_classes); i++)
    gtk_widget_remove_css_class (self->banner, banner_classes[i]);
  gtk_widget_add_css_class (self->banner, banner_classes[style]);

  gtk_image_set_from_icon_name (self->banner_icon, icon_name);
  gtk_label_set_text (self->banner_title, title);
  gtk_label_set_text (self->banner_body, body != NULL ? body : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_body), body != NULL && body[0] != '\0');
  update_description (self);

  /* A screen reader speaks an alert as it appears: one shown over the last, before
   * that had faded, appears again; and it is named by its own title, which GTK 4.8
   * does not follow through the labelled-by relation */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (gtk_widget_get_mapped (self->banner))
    {
      gtk_widget_set_visible (self->banner, FALSE);
      gtk_widget_set_visible (self->banner, TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup (_("an unknown date"));

  return cv_format_date_words (date, FALSE);
}

static char *
dup_valid_text (CvReport   *report,
                const char *ca_file)
{
  GListModel *certificates = cv_report_get_certificates (report);
  guint n_certificates = g_list_model_get_n_items (certificates);
  g_autoptr(CvCertificate) last = NULL;
  CvCertificate *leaf = cv_report_get_leaf (report);
  CvProbeResult *result = cv_report_get_probe_result (report);
  g_autofree char *until = NULL;
  g_autofree char *trusted_by = NULL;
  const char *anchor;

  if (leaf == NULL || n_certificates == 0)
    return g_strdup (_("The certificate is trusted."));

  last = g_list_model_get_item (certificates, n_certificates - 1);
  anchor = cv_certificate_is_self_issued (last) ? cv_certificate_get_display_name (last)
                                                : cv_certificate_get_issuer_display_name (last);
  until = format_date (cv_certificate_get_not_after (leaf));

  if (ca_file != NULL)
    {
      g_autofree char *basename = g_path_get_basename (ca_file);

      /* TRANSLATORS: the second %s is the file given with --ca-file */
      trusted_by = g_strdup_printf (_("The chain leads to “%s”, which this system or %s "
                                      "trusts."), anchor, basename);
    }
  else
    {
      trusted_by = g_strdup_printf (_("The chain leads to “%s”, which this system trusts."),
                                    anchor);
    }

  if (result != NULL)
    {
      CvTarget *target = cv_probe_result_get_target (result);
      const char *name = cv_probe_result_get_server_name (result);

      if (name == NULL)
        name = cv_target_get_host (target);

      return g_strdup_printf (_("Issued for %s and valid until %s.\n%s"), name, until,
                              trusted_by);
    }

  /* A revoked certificate read from a file looks no different */
  return g_strdup_printf (_("Valid until %s. Neither a host name nor revocation was checked, "
                            "because the certificate comes from a file.\n%s"),
                          until, trusted_by);
}

/* The reasons but those of the codes in @leave_out, as a bulleted list; sets
 * whether any reason belongs to no section */
static GString *
list_reasons (CvReport           *report,
              const char * const *leave_out,
              gboolean           *any_placed,
              gboolean           *any_unplaced)
{
  GPtrArray *reasons = cv_report_get_reasons (report);
  GString *body = g_string_new (NULL);

  *any_placed = *any_unplaced = FALSE;
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      CvReason *reason = g_ptr_array_index (reasons, i);

      if (reason->section == CV_VERDICT_SECTION_NONE)
        *any_unplaced = TRUE;
      else
        *any_placed = TRUE;

      if (leave_out != NULL && g_strv_contains (leave_out, reason->code))
        continue;
      if (body->len > 0)
        g_string_append_c (body, '\n');
      /* TRANSLATORS: one reason in the banner's list */
      g_string_append_printf (body, _("• %s"), reason->message);
    }

  return body;
}

static void
show_verdict (CvVerdictBanner *self,
              CvReport        *report,
              CvTrustCheck    *check,
              const char      *ca_file)
{
  g_autoptr(GString) body = NULL;
  gboolean any_unplaced;
  gboolean any_placed;
  CvTrustStatus status = check ? cv_trust_check_get_status (check) : CV_TRUST_STATUS_UNKNOWN;
  CvTrustEntry *saved = check ? cv_trust_check_get_saved (check) : NULL;
  gboolean by_decision = status == CV_TRUST_STATUS_TRUSTED ||
                         status == CV_TRUST_STATUS_RENEWED;

  if (cv_report_get_valid (report) && status == CV_TRUST_STATUS_REJECTED)
    {
      g_autoptr(GDateTime) decided =
        g_date_time_new_from_unix_local (cv_trust_entry_get_created (saved));
      g_autofree char *date = format_date (decided);
      g_autofree char *valid = dup_valid_text (report, ca_file);
      g_autofree char *text = NULL;

      /* A valid certificate is still one the user refused: that is what counts */
      text = g_strdup_printf (_("You chose on %s to always reject this certificate of %s, "
                                "although on its own it is valid:\n%s"),
                              date, cv_trust_entry_get_key (saved), valid);
      show_banner (self, BANNER_ERROR, "channel-insecure-symbolic",
                   _("Rejected by Your Decision"), NULL, text);
      return;
    }

  if (cv_report_get_valid (report))
    {
      g_autofree char *text = dup_valid_text (report, ca_file);

      show_banner (self, BANNER_SUCCESS, "channel-secure-symbolic",
                   _("Valid Certificate"), NULL, text);
      return;
    }

  body = list_reasons (report, NULL, &any_placed, &any_unplaced);

  if (by_decision)
    {
      g_autoptr(GDateTime) decided =
        g_date_time_new_from_unix_local (cv_trust_entry_get_created (saved));
      g_autofree char *date = format_date (decided);
      g_autofree char *intro = NULL;

      intro = g_strdup_printf (status == CV_TRUST_STATUS_RENEWED
                                 ? _("You chose on %s to always trust the certificate of "
                                     "%s; it has been renewed since, with the same key. "
                                     "On its own it is not valid:")
                                 : _("You chose on %s to always trust this certificate of "
                                     "%s. On its own it is not valid:"),
                               date, cv_trust_entry_get_key (saved));
      g_string_prepend_c (body, '\n');
      g_string_prepend (body, intro);
      show_banner (self, BANNER_SUCCESS, "channel-secure-symbolic",
                   _("Trusted by Your Decision"), NULL, body->str);
      return;
    }

  if (status == CV_TRUST_STATUS_REJECTED)
    g_string_append_printf (body, "\n%s", _("You chose to always reject this certificate."));
  if (status == CV_TRUST_STATUS_NEW_PROBLEMS)
    {
      g_autofree char *what = cv_trust_check_describe_new_problems (check);
      g_auto(GStrv) lines = g_strsplit (what, "\n", -1);
      g_autoptr(GString) rest = NULL;
      gboolean placed, unplaced;

      /* What is new first, each once; then what was accepted before */
      rest = list_reasons (report, cv_trust_check_get_new_problems (check), &placed, &unplaced);
      if (cv_trust_entry_match (saved, cv_certificate_get_sha256 (cv_report_get_leaf (report)),
                                NULL) == CV_TRUST_MATCH_SAME_CERTIFICATE)
        g_string_assign (body, _("You chose to always trust this certificate, but it now has "
                                 "problems you did not accept:"));
      else
        g_string_assign (body, _("You chose to trust this server's key before, but its "
                                 "renewed certificate brings problems you did not accept:"));
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_string_append_c (body, '\n');
          g_string_append_printf (body, _("• %s"), lines[i]);
        }
      if (rest->len > 0)
        g_string_append_printf (body, "\n%s\n%s",
                                _("As when you chose to trust it:"), rest->str);
    }
  if (any_placed)
    g_string_append_printf (body, "\n%s", _("The fields marked Invalid below show where."));

  show_banner (self, BANNER_ERROR, "channel-insecure-symbolic",
               any_unplaced || !any_placed ? _("Invalid Certificate")
                                           : _("This Certificate Is Not Valid"),
               NULL, body->str);
}

static void
cv_verdict_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CV_TYPE_VERDICT_BANNER);

  G_OBJECT_CLASS (cv_verdict_banner_parent_class)->dispose (object);
}

static void
cv_verdict_banner_class_init (CvVerdictBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cv_verdict_banner_dispose;

  g_type_ensure (CV_TYPE_WRAP_FRAME);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/certview/Certview/cv-verdict-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, CvVerdictBanner, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, CvVerdictBanner, banner);
  gtk_widget_class_bind_template_child (widget_class, CvVerdictBanner, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, CvVerdictBanner, banner_title);
  gtk_widget_class_bind_template_child (widget_class, CvVerdictBanner, banner_subject);
  gtk_widget_class_bind_template_child (widget_class, CvVerdictBanner, banner_body);
  gtk_widget_class_bind_template_callback (widget_class, revealer_child_revealed_cb);
}

static void
cv_verdict_banner_init (CvVerdictBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cv_style_label_set_wrap (self->banner_title, PANGO_WRAP_WORD);
  cv_style_label_set_wrap (self->banner_subject, PANGO_WRAP_WORD_CHAR);
  cv_style_label_set_wrap (self->banner_body, PANGO_WRAP_WORD_CHAR);

  /* The alert is named by its title as each is shown (show_banner()), and its
   * description follows the text (update_description()) */
}

void
cv_verdict_banner_show_verdict (CvVerdictBanner *self,
                                CvReport        *report,
                                CvTrustCheck    *check,
                                const char      *ca_file)
{
  g_return_if_fail (CV_IS_VERDICT_BANNER (self));
  g_return_if_fail (CV_IS_REPORT (report));
  g_return_if_fail (check == NULL || CV_IS_TRUST_CHECK (check));

  show_verdict (self, report, check, ca_file);
  self->is_verdict = TRUE;
}

void
cv_verdict_banner_show_problem (CvVerdictBanner *self,
                                const char      *icon_name,
                                const char      *heading,
                                const char      *subject,
                                const char      *message)
{
  g_return_if_fail (CV_IS_VERDICT_BANNER (self));
  g_return_if_fail (heading != NULL);

  self->is_verdict = FALSE;
  show_banner (self, BANNER_WARNING, icon_name, heading, subject, message);
}

void
cv_verdict_banner_show_failure (CvVerdictBanner *self,
                                const char      *heading,
                                const char      *subject,
                                const char      *message)
{
  g_return_if_fail (CV_IS_VERDICT_BANNER (self));
  g_return_if_fail (heading != NULL);

  self->is_verdict = FALSE;
  show_banner (self, BANNER_ERROR, "channel-insecure-symbolic", heading, subject, message);
}

void
cv_verdict_banner_set_subject (CvVerdictBanner *self,
                               const char      *subject)
{
  g_return_if_fail (CV_IS_VERDICT_BANNER (self));

  if (!self->is_verdict)
    return;

  set_subject (self, subject);
  update_description (self);
}

void
cv_verdict_banner_hide (CvVerdictBanner *self)
{
  g_return_if_fail (CV_IS_VERDICT_BANNER (self));

  /* At once, not faded out: it goes when a run starts, in the frame that shows the
   * progress line and the empty page; fading out would move everything below it
   * and repaint the window once more a moment later */
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), FALSE);
}

char *
cv_verdict_banner_dup_text (CvVerdictBanner *self)
{
  g_autoptr(GString) text = NULL;
  GtkLabel *lines[2];

  g_return_val_if_fail (CV_IS_VERDICT_BANNER (self), NULL);

  lines[0] = self->banner_subject;
  lines[1] = self->banner_body;

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return g_strdup ("");

  text = g_string_new (gtk_label_get_text (self->banner_title));
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (lines[i])) &&
        gtk_label_get_text (lines[i])[0] != '\0')
      g_string_append_printf (text, "\n%s", gtk_label_get_text (lines[i]));

  return g_string_free (g_steal_pointer (&text), FALSE);
}
