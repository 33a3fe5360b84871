/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-server-form.h"

#include <string.h>

struct _CvServerForm
{
  GtkWidget       parent_instance;

  GtkListStore   *recent_store;
  /* What the form names, parsed once per change, or why it names nothing */
  CvTarget       *target;
  GError         *error;

  /* The form follows the Server field without echoing its own changes */
  guint           syncing : 1;
  guint           setting_text : 1;
  guint           port_set_by_user : 1;
  guint           text_has_port : 1;
  /* The Port field shows the port the text named, not the user's nor a default */
  guint           port_from_text : 1;
  /* The port the user set in the Port field, while port_set_by_user */
  guint16         user_port;
  /* The protocol the user (or the program) chose, which the drop-down shows
   * unless the text's scheme or well-known port says otherwise */
  CvProtocol      chosen_protocol;

  /* Template widgets */
  GtkWidget      *form_grid;
  GtkEntry       *server_entry;
  GtkWidget      *protocol_label;
  GtkDropDown    *protocol_drop_down;
  GtkSpinButton  *port_spin_button;
  GtkStack       *button_stack;
  GtkWidget      *inspect_button;
};

G_DEFINE_FINAL_TYPE (CvServerForm, cv_server_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  SIGNAL_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Pure: does @text (host:port, [v6]:port or a URL) name a port of its own? */
static gboolean
text_names_port (const char *text)
{
  const char *authority = strstr (text, "://");
  g_autofree char *hostport = NULL;
  const char *host;
  const char *colon;

  authority = authority != NULL ? authority + 3 : text;
  hostport = g_strndup (authority, strcspn (authority, "/?#"));
  host = strrchr (hostport, '@');
  host = host != NULL ? host + 1 : hostport;

  if (host[0] == '[')
    {
      const char *close = strchr (host, ']');

      return close != NULL && close[1] == ':' && close[2] != '\0';
    }

  colon = strchr (host, ':');
  return colon != NULL && colon[1] != '\0' && strchr (colon + 1, ':') == NULL;
}

static gboolean
same_target (CvTarget *a,
             CvTarget *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_str_equal (cv_target_get_host (a), cv_target_get_host (b)) &&
         cv_target_get_port (a) == cv_target_get_port (b) &&
         cv_target_get_protocol (a) == cv_target_get_protocol (b);
}

/* The text names the host; the protocol and port fields are what the user sees,
 * so they decide */
static void
update_target (CvServerForm *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_entry));
  CvProtocol protocol = cv_server_form_get_protocol (self);
  g_autoptr(CvTarget) parsed = NULL;
  g_autoptr(CvTarget) target = NULL;

  g_clear_error (&self->error);
  parsed = cv_target_parse (text, protocol, &self->error);
  if (parsed != NULL)
    target = cv_target_new (cv_target_get_host (parsed), cv_server_form_get_port (self),
                            protocol);

  if (!same_target (self->target, target))
    {
      g_set_object (&self->target, target);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
set_form_quietly (CvServerForm *self,
                  CvProtocol    protocol,
                  guint         port)
{
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->protocol_drop_down, protocol);
  gtk_spin_button_set_value (self->port_spin_button, port);
  self->syncing = FALSE;
}

/* The completion offers the recent servers while the user types. What the program
 * changes (the text it sets, a server it remembers) detaches them until the user
 * types again, or the completion would pop up over the result */
static void
attach_completion (CvServerForm *self,
                   gboolean      attach)
{
  GtkEntryCompletion *completion = gtk_entry_get_completion (self->server_entry);

  if (completion != NULL)
    gtk_entry_completion_set_model (completion,
                                    attach ? GTK_TREE_MODEL (self->recent_store) : NULL);
}

static void
server_entry_changed_cb (GtkEditable  *editable,
                         CvServerForm *self)
{
  const char *text = gtk_editable_get_text (editable);
  g_autoptr(CvTarget) target = NULL;
  gboolean has_scheme = strstr (text, "://") != NULL;

  if (!self->setting_text)
    {
      attach_completion (self, TRUE);
      g_signal_emit (self, signals[SIGNAL_EDITED], 0);
    }

  self->text_has_port = text_names_port (text);
  /* Against the chosen protocol, not the one a port typed halfway picked: ":992"
   * on the way to ":9921" must not leave Direct TLS behind */
  if (has_scheme || self->text_has_port)
    target = cv_target_parse (text, self->chosen_protocol, NULL);

  /* What the user typed wins: the scheme picks the protocol, and the port is the
   * URL's own or the scheme's default. Text that says neither leaves the choice
   * as it was. */
  if (target != NULL)
    {
      set_form_quietly (self, cv_target_get_protocol (target), cv_target_get_port (target));
      self->port_from_text = TRUE;
    }
  else if (!has_scheme && !self->text_has_port &&
           (self->port_from_text || cv_server_form_get_protocol (self) != self->chosen_protocol))
    {
      /* Nor does a port rubbed out key by key leave its first digit behind */
      set_form_quietly (self, self->chosen_protocol,
                        self->port_set_by_user
                          ? self->user_port
                          : cv_protocol_get_default_port (self->chosen_protocol));
      self->port_from_text = FALSE;
    }

  update_target (self);
}

/* Enter in the Server field inspects what it names. Not through the window's
 * default widget: the default is lost while the Inspect button is swapped out */
static void
server_entry_activate_cb (GtkEntry     *entry,
                          CvServerForm *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.inspect", NULL);
}

/* After the user changed the protocol or the port: text whose scheme or port says
 * otherwise is written anew, so that the Server field never names another server
 * than the one Inspect connects to */
static void
text_follow_form (CvServerForm *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_entry));
  gboolean has_scheme = strstr (text, "://") != NULL;
  g_autoptr(CvTarget) said = NULL;
  g_autofree char *rewritten = NULL;
  gboolean use_scheme;

  if (self->target == NULL || (!has_scheme && !self->text_has_port))
    return;

  said = cv_target_parse (text, cv_server_form_get_protocol (self), NULL);
  if (said == NULL || same_target (said, self->target))
    return;

  /* With its scheme where the port alone would say another protocol: "host:992"
   * with FTPS chosen must not read as Direct TLS again, nor "host:990" (the
   * Port field's arrows from 989) as FTPS */
  rewritten = cv_target_to_string (self->target);
  use_scheme = has_scheme;
  if (!use_scheme)
    {
      g_autoptr(CvTarget) again = cv_target_parse (rewritten, self->chosen_protocol, NULL);

      use_scheme = again == NULL ||
                   cv_target_get_protocol (again) != cv_target_get_protocol (self->target);
    }
  if (use_scheme)
    {
      g_free (rewritten);
      rewritten = cv_target_to_uri (self->target);
    }
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), rewritten);
  self->setting_text = FALSE;
}

static void
protocol_selected_cb (GtkDropDown  *drop_down,
                      GParamSpec   *pspec,
                      CvServerForm *self)
{
  CvProtocol protocol = cv_server_form_get_protocol (self);

  if (!self->syncing)
    self->chosen_protocol = protocol;
  if (!self->syncing && !self->port_set_by_user && !self->text_has_port)
    set_form_quietly (self, protocol, cv_protocol_get_default_port (protocol));

  update_target (self);
  if (!self->syncing)
    text_follow_form (self);
}

static void
port_value_changed_cb (GtkSpinButton *spin_button,
                       CvServerForm  *self)
{
  if (!self->syncing)
    {
      self->port_set_by_user = TRUE;
      self->port_from_text = FALSE;
      self->user_port = cv_server_form_get_port (self);
    }

  update_target (self);
  if (!self->syncing)
    text_follow_form (self);
}

/* Enter in the Port field inspects too, once the spin button has read the value
 * typed. Not through the window's default widget, as for the Server field */
static void
port_activate_cb (GtkText      *text,
                  CvServerForm *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.inspect", NULL);
}

/* A recent server matches when it begins with what was typed, whatever the case:
 * choosing it then completes the text rather than replacing it with another */
static gboolean
recent_server_matches_cb (GtkEntryCompletion *completion,
                          const char         *key,
                          GtkTreeIter        *iter,
                          gpointer            user_data)
{
  GtkTreeModel *model = gtk_entry_completion_get_model (completion);
  g_autofree char *server = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;

  gtk_tree_model_get (model, iter, 0, &server, -1);
  if (server == NULL || server[0] == '\0' || key[0] == '\0')
    return FALSE;

  /* The key comes normalized and case-folded already; the server is made alike */
  normalized = g_utf8_normalize (server, -1, G_NORMALIZE_ALL);
  if (normalized == NULL)
    return FALSE;
  folded = g_utf8_casefold (normalized, -1);
  return cv_server_form_recent_matches (folded, key);
}

gboolean
cv_server_form_recent_matches (const char *server,
                               const char *key)
{
  const char *authority = strstr (server, "://");

  g_return_val_if_fail (server != NULL && key != NULL, FALSE);

  /* What was typed, or the host without the scheme it was typed with */
  return g_str_has_prefix (server, key) ||
         (authority != NULL && key[0] != '\0' && g_str_has_prefix (authority + 3, key));
}

static void
cv_server_form_dispose (GObject *object)
{
  CvServerForm *self = CV_SERVER_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CV_TYPE_SERVER_FORM);
  g_clear_object (&self->recent_store);
  g_clear_object (&self->target);

  G_OBJECT_CLASS (cv_server_form_parent_class)->dispose (object);
}

static void
cv_server_form_finalize (GObject *object)
{
  CvServerForm *self = CV_SERVER_FORM (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (cv_server_form_parent_class)->finalize (object);
}

static void
cv_server_form_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CvServerForm *self = CV_SERVER_FORM (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_server_form_class_init (CvServerFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cv_server_form_dispose;
  object_class->finalize = cv_server_form_finalize;
  object_class->get_property = cv_server_form_get_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL,
                         CV_TYPE_TARGET,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[SIGNAL_EDITED] =
    g_signal_new ("edited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certview/Certview/cv-server-form.ui");
  gtk_widget_class_bind_template_child (widget_class, CvServerForm, form_grid);
  gtk_widget_class_bind_template_child (widget_class, CvServerForm, server_entry);
  gtk_widget_class_bind_template_child (widget_class, CvServerForm, protocol_label);
  gtk_widget_class_bind_template_child (widget_class, CvServerForm, protocol_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CvServerForm, port_spin_button);
  gtk_widget_class_bind_template_child (widget_class, CvServerForm, button_stack);
  gtk_widget_class_bind_template_child (widget_class, CvServerForm, inspect_button);
  gtk_widget_class_bind_template_callback (widget_class, server_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, protocol_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_value_changed_cb);
}

/* The popup's rows (GtkDropDown's own, 4.8) show their protocol in a label, and a
 * screen reader, landing on the row, heard an unnamed list item: the row is named
 * after the protocol too, once the drop-down's factory has bound it */
static void
protocol_item_bind_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       gpointer                  user_data)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GtkWidget *row = child != NULL ? gtk_widget_get_parent (child) : NULL;
  GObject *item = gtk_list_item_get_item (list_item);

  if (row != NULL && GTK_IS_STRING_OBJECT (item))
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_string_object_get_string (GTK_STRING_OBJECT (item)),
                                    -1);
}

static void
setup_accessible (CvServerForm *self)
{
  GtkListItemFactory *factory = gtk_drop_down_get_factory (self->protocol_drop_down);

  if (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory))
    g_signal_connect_after (factory, "bind", G_CALLBACK (protocol_item_bind_cb), NULL);

  /* GtkDropDown (4.8) leaves the button inside it, which is what a screen reader
   * lands on, unnamed; the label of the drop-down names it too. Not an accessible
   * label on the drop-down itself: 4.8 would read it besides the mnemonic label */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->protocol_drop_down));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_relation (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      self->protocol_label, NULL,
                                      -1);
}

static void
cv_server_form_init (CvServerForm *self)
{
  const char *labels[CV_N_PROTOCOLS + 1] = { NULL };
  g_autoptr(GtkStringList) protocols = NULL;
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();
  GtkEditable *port_text;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Before the model: every row the drop-down makes is named */
  setup_accessible (self);

  for (guint i = 0; i < CV_N_PROTOCOLS; i++)
    labels[i] = cv_protocol_get_label ((CvProtocol) i);
  protocols = gtk_string_list_new (labels);
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->protocol_drop_down, G_LIST_MODEL (protocols));
  self->syncing = FALSE;
  self->chosen_protocol = CV_PROTOCOL_FTP_EXPLICIT;
  set_form_quietly (self, CV_PROTOCOL_FTP_EXPLICIT,
                    cv_protocol_get_default_port (CV_PROTOCOL_FTP_EXPLICIT));

  self->recent_store = gtk_list_store_new (1, G_TYPE_STRING);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->recent_store));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_match_func (completion, recent_server_matches_cb, NULL, NULL);
  gtk_entry_set_completion (self->server_entry, completion);

  port_text = gtk_editable_get_delegate (GTK_EDITABLE (self->port_spin_button));
  if (GTK_IS_TEXT (port_text))
    g_signal_connect_after (port_text, "activate", G_CALLBACK (port_activate_cb), self);
}

void
cv_server_form_set_protocol (CvServerForm *self,
                             CvProtocol    protocol)
{
  g_return_if_fail (CV_IS_SERVER_FORM (self));

  self->chosen_protocol = protocol;
  set_form_quietly (self, protocol, cv_protocol_get_default_port (protocol));
}

CvProtocol
cv_server_form_get_protocol (CvServerForm *self)
{
  guint selected;

  g_return_val_if_fail (CV_IS_SERVER_FORM (self), CV_PROTOCOL_FTP_EXPLICIT);

  selected = gtk_drop_down_get_selected (self->protocol_drop_down);
  return selected < CV_N_PROTOCOLS ? (CvProtocol) selected : CV_PROTOCOL_FTP_EXPLICIT;
}

guint16
cv_server_form_get_port (CvServerForm *self)
{
  g_return_val_if_fail (CV_IS_SERVER_FORM (self), 0);
  return (guint16) gtk_spin_button_get_value_as_int (self->port_spin_button);
}

const char *
cv_server_form_get_text (CvServerForm *self)
{
  g_return_val_if_fail (CV_IS_SERVER_FORM (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->server_entry));
}

void
cv_server_form_set_target (CvServerForm *self,
                           CvTarget     *target)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CV_IS_SERVER_FORM (self));
  g_return_if_fail (target == NULL || CV_IS_TARGET (target));

  text = target != NULL ? cv_target_to_uri (target) : g_strdup ("");
  self->setting_text = TRUE;
  attach_completion (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), text);
  self->setting_text = FALSE;
  /* An empty form shows no port of the server it named before */
  if (target == NULL)
    {
      CvProtocol protocol = cv_server_form_get_protocol (self);

      self->port_set_by_user = FALSE;
      set_form_quietly (self, protocol, cv_protocol_get_default_port (protocol));
      update_target (self);
    }
}

CvTarget *
cv_server_form_get_target (CvServerForm *self)
{
  g_return_val_if_fail (CV_IS_SERVER_FORM (self), NULL);
  return self->target;
}

/* A file's path or file:// URI, typed, pasted or dropped in the field, names a
 * certificate file to open rather than a server */
GFile *
cv_server_form_dup_file (CvServerForm *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CV_IS_SERVER_FORM (self), NULL);

  text = g_strstrip (g_strdup (cv_server_form_get_text (self)));
  if (g_str_has_prefix (text, "file://") || g_path_is_absolute (text))
    return g_file_new_for_commandline_arg (text);
  return NULL;
}

CvTarget *
cv_server_form_dup_target (CvServerForm  *self,
                           GError       **error)
{
  g_return_val_if_fail (CV_IS_SERVER_FORM (self), NULL);

  /* A port still being typed counts */
  gtk_spin_button_update (self->port_spin_button);
  if (self->target == NULL)
    {
      if (self->error != NULL)
        g_propagate_error (error, g_error_copy (self->error));
      return NULL;
    }

  return g_object_ref (self->target);
}

void
cv_server_form_set_recent_servers (CvServerForm       *self,
                                   const char * const *servers)
{
  g_return_if_fail (CV_IS_SERVER_FORM (self));
  g_return_if_fail (servers != NULL);

  attach_completion (self, FALSE);
  gtk_list_store_clear (self->recent_store);
  for (guint i = 0; servers[i] != NULL; i++)
    gtk_list_store_insert_with_values (self->recent_store, NULL, -1, 0, servers[i], -1);
}

void
cv_server_form_set_busy (CvServerForm *self,
                         gboolean      busy)
{
  g_return_if_fail (CV_IS_SERVER_FORM (self));
  gtk_stack_set_visible_child_name (self->button_stack, busy ? "cancel" : "inspect");
}

GtkWidget *
cv_server_form_get_inspect_button (CvServerForm *self)
{
  g_return_val_if_fail (CV_IS_SERVER_FORM (self), NULL);
  return self->inspect_button;
}

void
cv_server_form_focus_server (CvServerForm *self)
{
  g_return_if_fail (CV_IS_SERVER_FORM (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->server_entry));
}
