/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-decision-bar.h"
#include "cv-prompt-overview.h"
#include "cv-style.h"

#include <glib/gi18n.h>

struct _CvDecisionBar
{
  GtkWidget  parent_instance;

  char      *server;
  char      *refusal;
  char      *other_names;   /* as the check button lists them, without mnemonics */
  guint      certificate_valid : 1;
  guint      decided : 1;
  guint      can_remember : 1;

  /* Template widgets */
  GtkWidget      *box;
  GtkLabel       *question_label;
  GtkLabel       *detail_label;
  GtkCheckButton *names_check;
  GtkLabel       *names_label;
  GtkWidget      *always_reject_button;
  GtkStack       *stack;
  GtkLabel       *refusal_label;
  GtkWidget      *always_button;
  GtkWidget      *accept_button;
  GtkWidget      *reject_button;
  GtkLabel       *confirm_label;
  GtkLabel       *confirm_fingerprint_label;
  GtkWidget      *back_button;
  GtkWidget      *confirm_button;
};

G_DEFINE_FINAL_TYPE (CvDecisionBar, cv_decision_bar, GTK_TYPE_WIDGET)

enum {
  SIGNAL_DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (CvDecisionBar *self)
{
  gboolean open = !self->decided;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.reject", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.accept-once", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.always-trust",
                                 open && self->refusal == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.confirm-trust",
                                 open && self->refusal == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.always-reject",
                                 open && self->can_remember);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.back", open);
  /* Names to remember the decision for, where nothing can be remembered */
  gtk_widget_set_sensitive (GTK_WIDGET (self->names_check),
                            open && (self->can_remember || self->refusal == NULL));
}

static void
decide (CvDecisionBar    *self,
        CvPromptDecision  decision)
{
  if (self->decided)
    return;

  self->decided = TRUE;
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_DECIDED], 0, decision);
}

static void
reject_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  decide (CV_DECISION_BAR (widget), CV_PROMPT_REJECTED);
}

static void
always_reject_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  decide (CV_DECISION_BAR (widget), CV_PROMPT_REJECTED_ALWAYS);
}

static void
accept_once_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  decide (CV_DECISION_BAR (widget), CV_PROMPT_ACCEPTED_ONCE);
}

/* The second question, for the server alone or with the other names too, as the
 * check button says when Always Trust is pressed. The fingerprint is under it
 * (cv_decision_bar_set_fingerprint()). */
static void
update_confirmation (CvDecisionBar *self)
{
  g_autofree char *confirm = NULL;

  if (self->server == NULL)
    return;
  if (cv_decision_bar_get_all_names (self) && self->other_names != NULL)
    /* TRANSLATORS: the first %s is the server, as in "ftp.example.com:21", the
     * second a list of host names, as in "ftp.example.net, example.org" */
    confirm = g_strdup_printf (_("Trust this invalid certificate for %s, and for its other "
                                 "names on the same port (%s), from now on? Certview will "
                                 "accept it without asking until the server's key "
                                 "changes. Compare its SHA-256 fingerprint, below, with "
                                 "the one the server's administrator gives you first."),
                               self->server, self->other_names);
  else
    confirm = g_strdup_printf (_("Trust this invalid certificate for %s from now on? "
                                 "Certview will accept it without asking until the "
                                 "server's key changes. Compare its SHA-256 fingerprint, "
                                 "below, with the one the server's administrator gives "
                                 "you first."), self->server);
  gtk_label_set_text (self->confirm_label, confirm);
}

/* The second question, said with the button that gets the focus, Back: GTK 4.8
 * gives a screen reader no description from a described-by relation alone, and
 * the focus goes to Back without passing the question. Trust Permanently, a Tab
 * further, says what it does in a sentence rather than all of it again. */
static void
describe_confirmation (CvDecisionBar *self)
{
  const char *fingerprint = gtk_label_get_text (self->confirm_fingerprint_label);
  g_autofree char *description = NULL;

  description = fingerprint[0] != '\0'
                  ? g_strdup_printf ("%s %s", gtk_label_get_text (self->confirm_label),
                                     fingerprint)
                  : g_strdup (gtk_label_get_text (self->confirm_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->confirm_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  cv_decision_bar_get_all_names (self)
                                    ? _("Certview will accept this certificate for the server "
                                        "and its other names without asking, until the "
                                        "server's key changes.")
                                    : _("Certview will accept this certificate for the server "
                                        "without asking, until the server's key changes."),
                                  -1);
}

static void
always_trust_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CvDecisionBar *self = CV_DECISION_BAR (widget);

  if (self->certificate_valid)
    {
      decide (self, CV_PROMPT_TRUSTED_ALWAYS);
      return;
    }

  /* Trusting an invalid certificate for good is never one click away. The advice
   * on the four choices makes way for the question, so that at 800×600 the tree
   * above keeps more than a strip */
  update_confirmation (self);
  describe_confirmation (self);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "confirm");
  gtk_widget_grab_focus (self->back_button);
}

static void
confirm_trust_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CvDecisionBar *self = CV_DECISION_BAR (widget);

  if (cv_decision_bar_is_confirming (self) || self->certificate_valid)
    decide (self, CV_PROMPT_TRUSTED_ALWAYS);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  cv_decision_bar_back (CV_DECISION_BAR (widget));
}

static void
cv_decision_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CV_TYPE_DECISION_BAR);

  G_OBJECT_CLASS (cv_decision_bar_parent_class)->dispose (object);
}

static void
cv_decision_bar_finalize (GObject *object)
{
  CvDecisionBar *self = CV_DECISION_BAR (object);

  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->refusal, g_free);
  g_clear_pointer (&self->other_names, g_free);

  G_OBJECT_CLASS (cv_decision_bar_parent_class)->finalize (object);
}

static void
cv_decision_bar_class_init (CvDecisionBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cv_decision_bar_dispose;
  object_class->finalize = cv_decision_bar_finalize;

  /**
   * CvDecisionBar::decided:
   * @decision: a CvPromptDecision
   *
   * The user answered; emitted once per question.
   */
  signals[SIGNAL_DECIDED] =
    g_signal_new ("decided",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CV_TYPE_PROMPT_DECISION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certview/Certview/"
                                               "cv-decision-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, box);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, question_label);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, detail_label);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, names_check);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, names_label);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, always_reject_button);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, stack);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, always_button);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, accept_button);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, reject_button);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, confirm_fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, back_button);
  gtk_widget_class_bind_template_child (widget_class, CvDecisionBar, confirm_button);

  gtk_widget_class_install_action (widget_class, "decision.reject", NULL, reject_action_cb);
  gtk_widget_class_install_action (widget_class, "decision.always-reject", NULL,
                                   always_reject_action_cb);
  gtk_widget_class_install_action (widget_class, "decision.accept-once", NULL,
                                   accept_once_action_cb);
  gtk_widget_class_install_action (widget_class, "decision.always-trust", NULL,
                                   always_trust_action_cb);
  gtk_widget_class_install_action (widget_class, "decision.confirm-trust", NULL,
                                   confirm_trust_action_cb);
  gtk_widget_class_install_action (widget_class, "decision.back", NULL, back_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "decisionbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* GTK 4.8 names a button with a mnemonic from both its accessible label, which
 * gtk_button_set_label() sets to the text with the underline, and its label child:
 * "_Reject Reject". The child alone reads as shown */
static void
name_buttons_from_labels (CvDecisionBar *self)
{
  GtkWidget *buttons[] = {
    self->always_reject_button, self->always_button, self->accept_button,
    self->reject_button, self->back_button, self->confirm_button,
  };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (buttons[i]),
                                   GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* Enter answers with the default, Reject, wherever the focus is in the bar: on
 * the check button it would tick it, and quietly widen what Always Trust
 * covers. Space still ticks it. */
static gboolean
names_check_key_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    CvDecisionBar         *self)
{
  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter &&
       keyval != GDK_KEY_ISO_Enter) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "default.activate", NULL);
  return TRUE;
}

/* Ticked or cleared while the second question is up: it says what it is about */
static void
names_check_toggled_cb (GtkCheckButton *check,
                        CvDecisionBar  *self)
{
  if (!cv_decision_bar_is_confirming (self))
    return;
  update_confirmation (self);
  describe_confirmation (self);
}

static void
cv_decision_bar_init (CvDecisionBar *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (names_check_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->names_check), keys);
  g_signal_connect (self->names_check, "toggled", G_CALLBACK (names_check_toggled_cb), self);
  self->can_remember = TRUE;
  name_buttons_from_labels (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Decision"),
                                  -1);
  update_actions (self);
}

static void
update_texts (CvDecisionBar *self)
{
  g_autofree char *question = NULL;

  /* TRANSLATORS: %s is the server, as in "ftp.example.com:21" */
  question = g_strdup_printf (_("Accept this certificate for %s?"), self->server);
  gtk_label_set_text (self->question_label, question);

  /* Where nothing can be remembered, the text does not promise it */
  if (!self->can_remember)
    gtk_label_set_text (self->detail_label,
                        self->certificate_valid
                          ? _("Accept Once allows this connection only.")
                          : _("Reject unless you know why the certificate is not valid. "
                              "Accept Once allows this connection only."));
  else
    gtk_label_set_text (self->detail_label,
                        self->certificate_valid
                          ? _("Accept Once allows this connection only; Always Trust and "
                              "Always Reject remember your answer for this server.")
                          : _("Reject unless you know why the certificate is not valid. "
                              "Accept Once allows this connection only; Always Trust and "
                              "Always Reject remember your answer for this server."));

  update_confirmation (self);

  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), self->refusal != NULL);
  cv_style_label_set_text (self->refusal_label, self->refusal != NULL ? self->refusal : "");
  /* Where Always Trust is not offered, its tooltip says why */
  gtk_widget_set_tooltip_text (self->always_button,
                               self->refusal != NULL
                                 ? self->refusal
                                 : _("Remember this certificate for this server, after you "
                                     "confirm"));
}

void
cv_decision_bar_ask (CvDecisionBar *self,
                     const char    *server,
                     gboolean       certificate_valid)
{
  g_return_if_fail (CV_IS_DECISION_BAR (self));
  g_return_if_fail (server != NULL);

  g_free (self->server);
  self->server = g_strdup (server);
  self->certificate_valid = !!certificate_valid;
  self->decided = FALSE;

  gtk_stack_set_visible_child_name (self->stack, "choose");
  update_texts (self);
  update_actions (self);

  /* Asked again after a choice that could not be kept: the button that had the
   * keyboard may be gone, and the keyboard with it. Reject, the safe one, takes it */
  {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

    if (root != NULL &&
        (focus == NULL || !gtk_widget_is_sensitive (focus) ||
         !gtk_widget_get_mapped (focus) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self))))
      gtk_widget_grab_focus (self->reject_button);
  }
}

void
cv_decision_bar_set_always_refusal (CvDecisionBar *self,
                                    const char    *why)
{
  g_return_if_fail (CV_IS_DECISION_BAR (self));

  if (g_strcmp0 (self->refusal, why) == 0)
    return;

  g_free (self->refusal);
  self->refusal = g_strdup (why);
  if (why != NULL)
    cv_decision_bar_back (self);
  if (self->server != NULL)
    update_texts (self);
  update_actions (self);
}

GtkWidget *
cv_decision_bar_get_default_widget (CvDecisionBar *self)
{
  g_return_val_if_fail (CV_IS_DECISION_BAR (self), NULL);
  return self->reject_button;
}

void
cv_decision_bar_set_fingerprint (CvDecisionBar *self,
                                 const char    *sha256)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (CV_IS_DECISION_BAR (self));

  shown = sha256 != NULL ? cv_prompt_overview_format_fingerprint (sha256) : NULL;
  gtk_label_set_text (self->confirm_fingerprint_label, shown != NULL ? shown : "");
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_fingerprint_label), shown != NULL);
}

void
cv_decision_bar_back (CvDecisionBar *self)
{
  g_return_if_fail (CV_IS_DECISION_BAR (self));

  if (!cv_decision_bar_is_confirming (self))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "choose");
  gtk_widget_grab_focus (self->reject_button);
}

gboolean
cv_decision_bar_is_confirming (CvDecisionBar *self)
{
  g_return_val_if_fail (CV_IS_DECISION_BAR (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "confirm") == 0;
}

void
cv_decision_bar_set_can_remember (CvDecisionBar *self,
                                  gboolean       can_remember)
{
  g_return_if_fail (CV_IS_DECISION_BAR (self));

  self->can_remember = !!can_remember;
  update_actions (self);
}

void
cv_decision_bar_set_other_names (CvDecisionBar      *self,
                                 const char * const *names)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *label = NULL;
  guint n_names = names != NULL ? g_strv_length ((char **) names) : 0;

  g_return_if_fail (CV_IS_DECISION_BAR (self));

  gtk_check_button_set_active (self->names_check, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->names_check), n_names > 0);
  g_clear_pointer (&self->other_names, g_free);
  if (n_names == 0)
    return;

  for (guint i = 0; i < n_names && i < 3; i++)
    {
      g_auto(GStrv) parts = g_strsplit (names[i], "_", -1);
      g_autofree char *escaped = g_strjoinv ("__", parts);

      if (i > 0)
        g_string_append (list, ", ");
      /* In a mnemonic label: "_ftp.example" must not lose its underscore */
      g_string_append (list, escaped);
    }
  if (n_names > 3)
    /* TRANSLATORS: %s is a list of three host names, %u how many more there are */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Remember the decision for its other _names too: "
                                          "%s and %u more",
                                          "Remember the decision for its other _names too: "
                                          "%s and %u more", n_names - 3),
                             list->str, n_names - 3);
  else
    /* TRANSLATORS: %s is a list of host names */
    label = g_strdup_printf (_("Remember the decision for its other _names too: %s"),
                             list->str);
  /* Screen readers hear the label's text through its mnemonic widget, without
   * the underscore that GtkCheckButton's own label would keep */
  gtk_label_set_text_with_mnemonic (self->names_label, label);

  /* For the confirmation: every name, however many */
  {
    g_autofree char *joined = g_strjoinv (", ", (char **) names);

    self->other_names = g_steal_pointer (&joined);
  }
}

gboolean
cv_decision_bar_get_all_names (CvDecisionBar *self)
{
  g_return_val_if_fail (CV_IS_DECISION_BAR (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->names_check)) &&
         gtk_check_button_get_active (self->names_check);
}
