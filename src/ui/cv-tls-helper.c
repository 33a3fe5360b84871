/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-tls-helper.h"

#include "cv-error.h"
#include "cv-probe.h"
#include "cv-trust-check.h"

#include <glib/gi18n.h>

/**
 * CvTlsHelper:
 *
 * Certview's trust decision and prompt for the #GTlsClientConnection of a
 * program that does its own transfer: see cv_tls_helper_attach().
 */
struct _CvTlsHelper
{
  GObject       parent_instance;

  char         *host;
  guint16       port;
  CvTrustStore *store;
  /* Made for NULL: the prompt saves in the default store, as it would itself */
  gboolean      default_store;

  /* Everything below is shared with the handshakes, which may run on any thread */
  GMutex        lock;
  /* GBytes: DER of the server certificates the user accepted through the helper */
  GPtrArray    *accepted;
  /* The last certificate refused, while a decision on it is wanted */
  GPtrArray    *peer_chain;
  CvReport     *report;
  gboolean      needs_prompt;
};

G_DEFINE_FINAL_TYPE (CvTlsHelper, cv_tls_helper, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_TRUST_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cv_tls_helper_finalize (GObject *object)
{
  CvTlsHelper *self = CV_TLS_HELPER (object);

  g_clear_pointer (&self->host, g_free);
  g_clear_object (&self->store);
  g_clear_pointer (&self->accepted, g_ptr_array_unref);
  g_clear_pointer (&self->peer_chain, g_ptr_array_unref);
  g_clear_object (&self->report);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cv_tls_helper_parent_class)->finalize (object);
}

static void
cv_tls_helper_constructed (GObject *object)
{
  CvTlsHelper *self = CV_TLS_HELPER (object);

  G_OBJECT_CLASS (cv_tls_helper_parent_class)->constructed (object);

  if (self->store == NULL)
    {
      self->store = cv_trust_store_new (NULL);
      self->default_store = TRUE;
    }
}

static void
cv_tls_helper_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CvTlsHelper *self = CV_TLS_HELPER (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_TRUST_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_tls_helper_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CvTlsHelper *self = CV_TLS_HELPER (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_ascii_strdown (g_value_get_string (value), -1);
      break;
    case PROP_PORT:
      self->port = (guint16) g_value_get_uint (value);
      break;
    case PROP_TRUST_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cv_tls_helper_class_init (CvTlsHelperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cv_tls_helper_finalize;
  object_class->constructed = cv_tls_helper_constructed;
  object_class->get_property = cv_tls_helper_get_property;
  object_class->set_property = cv_tls_helper_set_property;

  /**
   * CvTlsHelper:host:
   *
   * The server's host name, as the certificate must name it (lower case).
   */
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, "localhost",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CvTlsHelper:port:
   *
   * The server's port: saved decisions are made for a host and a port.
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, G_MAXUINT16, 21,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CvTlsHelper:trust-store:
   *
   * Where the saved decisions are read and saved; the default store when
   * constructed with none.
   */
  properties[PROP_TRUST_STORE] =
    g_param_spec_object ("trust-store", NULL, NULL, CV_TYPE_TRUST_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cv_tls_helper_init (CvTlsHelper *self)
{
  g_mutex_init (&self->lock);
  self->accepted = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

/**
 * cv_tls_helper_new:
 * @host: the server's host name, as the connection's server identity names it
 * @port: the server's port
 * @store: (nullable): the saved decisions; %NULL for the default store
 *   (cv_trust_store_get_default_path())
 *
 * Makes a helper for the connections of a program to one server. Starts parsing
 * the system's trust anchors on a thread, so that the first handshake finds them
 * ready.
 *
 * Returns: (transfer full): the helper
 */
CvTlsHelper *
cv_tls_helper_new (const char   *host,
                   guint16       port,
                   CvTrustStore *store)
{
  g_return_val_if_fail (host != NULL && host[0] != '\0', NULL);
  g_return_val_if_fail (port != 0, NULL);
  g_return_val_if_fail (store == NULL || CV_IS_TRUST_STORE (store), NULL);

  return g_object_new (CV_TYPE_TLS_HELPER,
                       "host", host,
                       "port", (guint) port,
                       "trust-store", store,
                       NULL);
}

/**
 * cv_tls_helper_get_host:
 * @self: a #CvTlsHelper
 *
 * Returns: (transfer none): the server's host name, lower case
 */
const char *
cv_tls_helper_get_host (CvTlsHelper *self)
{
  g_return_val_if_fail (CV_IS_TLS_HELPER (self), NULL);
  return self->host;
}

/**
 * cv_tls_helper_get_port:
 * @self: a #CvTlsHelper
 *
 * Returns: the server's port
 */
guint16
cv_tls_helper_get_port (CvTlsHelper *self)
{
  g_return_val_if_fail (CV_IS_TLS_HELPER (self), 0);
  return self->port;
}

/**
 * cv_tls_helper_get_trust_store:
 * @self: a #CvTlsHelper
 *
 * Returns: (transfer none): the store of saved decisions the helper uses
 */
CvTrustStore *
cv_tls_helper_get_trust_store (CvTlsHelper *self)
{
  g_return_val_if_fail (CV_IS_TLS_HELPER (self), NULL);
  return self->store;
}

/* The chain as the peer sent it, DER, the server's certificate first; one more
 * than a report takes, so that an overlong chain is refused rather than cut */
static GPtrArray *
peer_chain_new (GTlsCertificate *certificate)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (GTlsCertificate *member = certificate;
       member != NULL && chain->len <= CV_PROBE_MAX_CHAIN;
       member = g_tls_certificate_get_issuer (member))
    {
      g_autoptr(GByteArray) der = NULL;

      g_object_get (member, "certificate", &der, NULL);
      if (der == NULL)
        break;
      /* The certificate shares its array: copy, never take it */
      g_ptr_array_add (chain, g_bytes_new (der->data, der->len));
    }

  return chain;
}

static gboolean
is_accepted_locked (CvTlsHelper *self,
                    GBytes      *leaf)
{
  for (guint i = 0; i < self->accepted->len; i++)
    if (g_bytes_equal (g_ptr_array_index (self->accepted, i), leaf))
      return TRUE;
  return FALSE;
}

/* Takes @chain and @report (either may be NULL) as the last certificate refused */
static void
keep_refused (CvTlsHelper *self,
              GPtrArray   *chain,
              CvReport    *report,
              gboolean     needs_prompt)
{
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->peer_chain, g_ptr_array_unref);
  g_clear_object (&self->report);
  self->peer_chain = chain;
  self->report = report;
  self->needs_prompt = needs_prompt;
  g_mutex_unlock (&self->lock);
}

/* Where GIO emits the signal: the context of the thread that runs the handshake */
static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *peer_cert,
                       GTlsCertificateFlags  errors,
                       CvTlsHelper          *self)
{
  g_autoptr(GPtrArray) chain = peer_chain_new (peer_cert);
  g_autoptr(CvReport) report = NULL;
  g_autoptr(CvTrustCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  CvTrustStore *store = self->store;
  gboolean accepted;

  if (chain->len == 0)
    {
      keep_refused (self, NULL, NULL, FALSE);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  accepted = is_accepted_locked (self, g_ptr_array_index (chain, 0));
  g_mutex_unlock (&self->lock);
  if (accepted)
    {
      keep_refused (self, NULL, NULL, FALSE);
      return TRUE;
    }

  /* Unreadable: there is nothing a person could judge */
  report = cv_report_new_for_chain (chain, self->host, NULL, &error);
  if (report == NULL)
    {
      g_debug ("The certificate of %s:%u is refused: %s", self->host, self->port,
               error->message);
      keep_refused (self, g_steal_pointer (&chain), NULL, FALSE);
      return FALSE;
    }

  /* A store that cannot be used has no decision to apply, and one that may be a
   * rejection cannot be read: the check asks, and the prompt says why */
  check = cv_trust_check_new (store, self->host, self->port, report);

  switch (cv_trust_check_get_action (check))
    {
    case CV_TRUST_ACTION_ACCEPT:
      keep_refused (self, NULL, NULL, FALSE);
      return TRUE;
    case CV_TRUST_ACTION_REJECT:
      keep_refused (self, g_steal_pointer (&chain), g_steal_pointer (&report), FALSE);
      return FALSE;
    case CV_TRUST_ACTION_ASK:
    default:
      keep_refused (self, g_steal_pointer (&chain), g_steal_pointer (&report), TRUE);
      return FALSE;
    }
}

static void
unref_helper (gpointer  data,
              GClosure *closure)
{
  g_object_unref (data);
}

/**
 * cv_tls_helper_attach:
 * @self: a #CvTlsHelper
 * @connection: a client connection to the helper's server, before its handshake
 *
 * Lets the helper decide whether @connection accepts the server's certificate.
 * The helper unsets the connection's #GTlsDatabase, so that every certificate
 * comes to its #GTlsConnection::accept-certificate handler, which accepts what
 * the system's trust anchors or a saved decision accept and what the user
 * accepted through this helper, and refuses the rest. A refused handshake fails
 * with %G_TLS_ERROR_BAD_CERTIFICATE; cv_tls_helper_needs_prompt() then says
 * whether the user can be asked.
 *
 * Attach every connection to the server, the data connections of FTP too. The
 * connection keeps a reference on the helper.
 */
void
cv_tls_helper_attach (CvTlsHelper          *self,
                      GTlsClientConnection *connection)
{
  g_return_if_fail (CV_IS_TLS_HELPER (self));
  g_return_if_fail (G_IS_TLS_CLIENT_CONNECTION (connection));

  /* One judge: a saved rejection stands even for a certificate the system trusts */
  g_tls_connection_set_database (G_TLS_CONNECTION (connection), NULL);
  g_signal_connect_data (connection, "accept-certificate", G_CALLBACK (accept_certificate_cb),
                         g_object_ref (self), unref_helper, 0);
}

/**
 * cv_tls_helper_needs_prompt:
 * @self: a #CvTlsHelper
 *
 * Whether the last certificate refused waits for the user's decision:
 * cv_tls_helper_prompt_async() asks for it.
 *
 * Returns: %TRUE when the user must decide
 */
gboolean
cv_tls_helper_needs_prompt (CvTlsHelper *self)
{
  gboolean needs_prompt;

  g_return_val_if_fail (CV_IS_TLS_HELPER (self), FALSE);

  g_mutex_lock (&self->lock);
  needs_prompt = self->needs_prompt;
  g_mutex_unlock (&self->lock);
  return needs_prompt;
}

static gpointer
copy_bytes (gconstpointer src,
            gpointer      user_data)
{
  return g_bytes_ref ((GBytes *) src);
}

/**
 * cv_tls_helper_dup_peer_chain:
 * @self: a #CvTlsHelper
 *
 * The chain of the last certificate refused.
 *
 * Returns: (transfer container) (element-type GBytes) (nullable): the DER of
 *   each certificate, the server's own first; %NULL when none was refused
 */
GPtrArray *
cv_tls_helper_dup_peer_chain (CvTlsHelper *self)
{
  GPtrArray *chain = NULL;

  g_return_val_if_fail (CV_IS_TLS_HELPER (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->peer_chain != NULL)
    chain = g_ptr_array_copy (self->peer_chain, copy_bytes, NULL);
  g_mutex_unlock (&self->lock);
  return chain;
}

/**
 * cv_tls_helper_dup_report:
 * @self: a #CvTlsHelper
 *
 * The report on the last certificate refused: its verdict says what is wrong
 * with it.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL when none was
 *   refused or the chain could not be read
 */
CvReport *
cv_tls_helper_dup_report (CvTlsHelper *self)
{
  CvReport *report;

  g_return_val_if_fail (CV_IS_TLS_HELPER (self), NULL);

  g_mutex_lock (&self->lock);
  report = self->report != NULL ? g_object_ref (self->report) : NULL;
  g_mutex_unlock (&self->lock);
  return report;
}

typedef struct
{
  CvReport *report;
  GBytes   *leaf;
} Question;

static void
question_free (Question *question)
{
  g_clear_object (&question->report);
  g_clear_pointer (&question->leaf, g_bytes_unref);
  g_free (question);
}

static void
prompted_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  CvTlsHelper *self = g_task_get_source_object (task);
  Question *question = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  CvPromptDecision decision;

  decision = cv_prompt_finish (result, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_mutex_lock (&self->lock);
  /* Also for Always Trust: the next handshake does not wait for the store */
  if (cv_prompt_decision_accepts (decision) && !is_accepted_locked (self, question->leaf))
    g_ptr_array_add (self->accepted, g_bytes_ref (question->leaf));
  if (self->report == question->report)
    self->needs_prompt = FALSE;
  g_mutex_unlock (&self->lock);

  g_task_return_int (task, decision);
}

/**
 * cv_tls_helper_prompt_async:
 * @self: a #CvTlsHelper
 * @parent: (nullable): the window the question is about, or %NULL
 * @cancellable: (nullable): cancels the question, closing its window
 * @callback: (scope async): called with the decision, on the thread-default
 *   main context of the call
 * @user_data: (closure): data for @callback
 *
 * Asks the user about the certificate the helper last refused
 * (cv_tls_helper_needs_prompt()), with cv_prompt_report_async(): the certificate
 * window, modal and transient for @parent, with Reject, Accept Once and Always
 * Trust. Always Trust and Always Reject save the decision in the helper's store.
 * A decision that accepts makes the helper accept that certificate from the
 * server in every later handshake: connect again to go ahead.
 *
 * Call it on the GTK main thread.
 */
void
cv_tls_helper_prompt_async (CvTlsHelper         *self,
                            GtkWindow           *parent,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Question *question;

  g_return_if_fail (CV_IS_TLS_HELPER (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cv_tls_helper_prompt_async);

  question = g_new0 (Question, 1);
  g_mutex_lock (&self->lock);
  if (self->needs_prompt)
    {
      question->report = g_object_ref (self->report);
      question->leaf = g_bytes_ref (g_ptr_array_index (self->peer_chain, 0));
    }
  g_mutex_unlock (&self->lock);
  g_task_set_task_data (task, question, (GDestroyNotify) question_free);

  if (question->report == NULL)
    {
      g_task_return_new_error (task, CV_ERROR, CV_ERROR_CERTIFICATE,
                               _("No certificate of %s:%u waits for a decision; run the TLS "
                                 "handshake first."),
                               self->host, self->port);
      return;
    }

  cv_prompt_report_async (parent, question->report, self->host, self->port,
                          self->default_store ? NULL : cv_trust_store_get_path (self->store),
                          cancellable, prompted_cb, g_steal_pointer (&task));
}

/**
 * cv_tls_helper_prompt_finish:
 * @self: a #CvTlsHelper
 * @result: the result given to the callback
 * @error: return location for an error: %G_IO_ERROR_CANCELLED when cancelled
 *
 * The user's decision; cv_prompt_decision_accepts() tells whether to connect
 * again.
 *
 * Returns: the decision; %CV_PROMPT_REJECTED with @error set on failure
 */
CvPromptDecision
cv_tls_helper_prompt_finish (CvTlsHelper   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  gssize decision;

  g_return_val_if_fail (CV_IS_TLS_HELPER (self), CV_PROMPT_REJECTED);
  g_return_val_if_fail (g_task_is_valid (result, self), CV_PROMPT_REJECTED);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cv_tls_helper_prompt_async,
                        CV_PROMPT_REJECTED);

  decision = g_task_propagate_int (G_TASK (result), error);
  if (decision < 0)
    return CV_PROMPT_REJECTED;
  return (CvPromptDecision) decision;
}
