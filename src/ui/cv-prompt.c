/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certview"

#include "config.h"

#include "cv-prompt.h"

#include "cv-prompt-window.h"
#include "cv-report.h"
#include "cv-store-problem.h"
#include "cv-target.h"
#include "cv-trust-check.h"
#include "cv-trust-store.h"

#include <glib/gi18n.h>

gboolean
cv_prompt_decision_accepts (CvPromptDecision decision)
{
  return decision == CV_PROMPT_ACCEPTED_ONCE ||
         decision == CV_PROMPT_TRUSTED_ALWAYS ||
         decision == CV_PROMPT_ALREADY_TRUSTED;
}

/* The worker's inputs (immutable once the task runs) and its findings */
typedef struct
{
  GtkWindow        *parent;
  char             *host;
  guint16           port;
  GPtrArray        *chain;
  char             *store_path;

  CvReport         *report;
  CvTrustStore     *store;
  char             *store_problem;
  CvTrustCheck     *check;

  CvPromptWindow   *window;
  gulong            cancelled_id;
  /* Watches the toplevels for the parent to leave them */
  gulong            toplevels_id;
  /* A parent was given: @parent, held weakly, is NULL once it is gone */
  gboolean          had_parent;
  gboolean          done;
} Prompt;

static void
prompt_free (Prompt *prompt)
{
  g_clear_weak_pointer (&prompt->parent);
  g_clear_pointer (&prompt->host, g_free);
  g_clear_pointer (&prompt->chain, g_ptr_array_unref);
  g_clear_pointer (&prompt->store_path, g_free);
  g_clear_object (&prompt->report);
  g_clear_object (&prompt->store);
  g_clear_pointer (&prompt->store_problem, g_free);
  g_clear_object (&prompt->check);
  g_assert (prompt->window == NULL);
  g_free (prompt);
}

/* Worker: verification and the store are slow enough to freeze a window */
static gboolean
same_host (const char *a,
           const char *b)
{
  g_autofree char *normal_a = a != NULL ? cv_trust_normalize_host (a) : NULL;
  g_autofree char *normal_b = b != NULL ? cv_trust_normalize_host (b) : NULL;

  return normal_a != NULL && g_strcmp0 (normal_a, normal_b) == 0;
}

static gboolean
checked_for_host (CvReport   *report,
                  const char *host)
{
  CvProbeResult *probe = cv_report_get_probe_result (report);

  if (cv_report_get_hostname (report) == NULL)
    return FALSE;
  return same_host (cv_report_get_hostname (report), host) ||
         (probe != NULL && same_host (cv_target_get_host (cv_probe_result_get_target (probe)),
                                      host));
}

static void
prompt_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Prompt *prompt = task_data;
  g_autoptr(CvTrustStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* A report made elsewhere must be about this server: verified for its name, or
   * for the name an inspection of it sent */
  if (prompt->report != NULL && !checked_for_host (prompt->report, prompt->host))
    {
      const char *checked = cv_report_get_hostname (prompt->report);

      if (checked == NULL)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("The certificate was checked for no server name, so it "
                                   "cannot be accepted for %s."), prompt->host);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("The certificate was checked for “%s”, not for %s, so it "
                                   "cannot be accepted for %s."), checked, prompt->host,
                                 prompt->host);
      return;
    }

  if (prompt->report == NULL)
    {
      prompt->report = cv_report_new_for_chain (prompt->chain, prompt->host, NULL, &error);
      if (prompt->report == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  /* Unsafe, unreadable or damaged: none of its decisions count, none is saved in it,
   * and the check, which cannot read it either, asks */
  store = cv_trust_store_new (prompt->store_path);
  if (!cv_trust_store_load (store, &error))
    prompt->store_problem = cv_store_problem_dup_text (error, prompt->store_path == NULL);
  prompt->check = cv_trust_check_new (store, prompt->host, prompt->port, prompt->report);
  if (prompt->store_problem == NULL && cv_trust_check_get_store_error (prompt->check) != NULL)
    prompt->store_problem = g_strdup (cv_trust_check_get_store_error (prompt->check));
  if (prompt->store_problem != NULL)
    g_clear_object (&store);
  prompt->store = g_steal_pointer (&store);
  g_task_return_boolean (task, TRUE);
}

/* Whether @window is still one of the program's windows. gtk_window_destroy()
 * takes a window out of the toplevels at once; its "destroy" comes only when its
 * last reference goes, which the program, or a language binding, may hold. */
static gboolean
is_toplevel (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (item == (GObject *) window)
        return TRUE;
    }
  return FALSE;
}

/* The window the question was for was given, and has gone */
static gboolean
parent_gone (Prompt *prompt)
{
  return prompt->had_parent && (prompt->parent == NULL || !is_toplevel (prompt->parent));
}

static void
return_cancelled (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The question was cancelled."));
}

/* Closes the window and lets go of the cancellable; the caller returns the task */
static void
end_prompt (GTask *task)
{
  Prompt *prompt = g_task_get_task_data (task);
  CvPromptWindow *window = g_steal_pointer (&prompt->window);

  prompt->done = TRUE;
  if (prompt->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), prompt->cancelled_id);
  prompt->cancelled_id = 0;
  g_clear_signal_handler (&prompt->toplevels_id, gtk_window_get_toplevels ());

  if (window != NULL)
    {
      /* Drops the window's reference on the task; the caller holds another */
      g_signal_handlers_disconnect_by_data (window, task);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
window_decided_cb (CvPromptWindow   *window,
                   CvPromptDecision  decision,
                   GTask            *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  Prompt *prompt = g_task_get_task_data (task);

  /* end_prompt() may drop the last reference but the caller's */
  g_object_ref (task);
  end_prompt (task);
  /* Cancelled, or its window gone, while a decision was being saved: the saved
   * decision is the answer; one that was not saved leaves the cancellation */
  if (decision != CV_PROMPT_TRUSTED_ALWAYS && decision != CV_PROMPT_REJECTED_ALWAYS &&
      ((cancellable != NULL && g_cancellable_is_cancelled (cancellable)) ||
       parent_gone (prompt)))
    return_cancelled (task);
  else
    g_task_return_int (task, decision);
  g_object_unref (task);
}

static gboolean
cancel_idle_cb (gpointer user_data)
{
  GTask *task = G_TASK (user_data);
  Prompt *prompt = g_task_get_task_data (task);

  /* A decision being saved gives the answer when the save ends (the window's
   * ::decided): the caller must not hear "cancelled" of a decision in the store */
  if (!prompt->done &&
      (prompt->window == NULL || !cv_prompt_window_close_when_saved (prompt->window)))
    {
      end_prompt (task);
      return_cancelled (task);
    }

  return G_SOURCE_REMOVE;
}

/* Any thread, inside g_cancellable_cancel(): the window is closed from the task's
 * own main context, where disconnecting from the cancellable is allowed */
static void
cancelled_cb (GCancellable *cancellable,
              GTask        *task)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, cancel_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
}

/* The program destroyed the window (gtk_window_destroy()), which no user's
 * answer does: the question is cancelled. Said by "destroy" when nobody else
 * holds the window, else by its leaving the toplevels (toplevels_changed_cb()). */
static void
window_gone (GTask *task)
{
  Prompt *prompt = g_task_get_task_data (task);
  CvPromptWindow *window = g_steal_pointer (&prompt->window);

  if (prompt->done || window == NULL)
    return;
  /* The window's handlers hold the task: they go, and it must not go with them */
  g_object_ref (task);
  g_signal_handlers_disconnect_by_data (window, task);
  end_prompt (task);
  return_cancelled (task);
  g_object_unref (task);
}

static void
window_destroyed_cb (CvPromptWindow *window,
                     GTask          *task)
{
  Prompt *prompt = g_task_get_task_data (task);

  if (prompt->window == window)
    window_gone (task);
}

/* A question about a transfer whose window has gone is not asked any longer, nor
 * one whose own window the program destroyed. gtk_window_destroy() takes a window
 * out of the toplevels at once, where its "destroy" would come only when a
 * reference the program holds goes. */
static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GTask      *task)
{
  Prompt *prompt = g_task_get_task_data (task);

  if (removed == 0)
    return;
  if (prompt->window != NULL && !is_toplevel (GTK_WINDOW (prompt->window)))
    {
      window_gone (task);
      return;
    }
  if (!parent_gone (prompt))
    return;
  g_clear_signal_handler (&prompt->toplevels_id, toplevels);
  cancelled_cb (NULL, task);
}

static void
unref_task (gpointer  data,
            GClosure *closure)
{
  g_object_unref (data);
}

static void
checked_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  Prompt *prompt = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  CvPromptWindow *window;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  if (parent_gone (prompt))
    {
      prompt->done = TRUE;
      return_cancelled (task);
      return;
    }

  switch (cv_trust_check_get_action (prompt->check))
    {
    case CV_TRUST_ACTION_ACCEPT:
      prompt->done = TRUE;
      g_task_return_int (task, CV_PROMPT_ALREADY_TRUSTED);
      return;
    case CV_TRUST_ACTION_REJECT:
      prompt->done = TRUE;
      g_task_return_int (task, CV_PROMPT_REJECTED);
      return;
    case CV_TRUST_ACTION_ASK:
    default:
      break;
    }

  /* A program without a display cannot ask: it hears so, rather than GTK's
   * crash in making a window */
  if (gdk_display_get_default () == NULL)
    {
      prompt->done = TRUE;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s",
                               _("The certificate needs the user's answer, but there is no "
                                 "display to ask on: GTK was not started with one."));
      return;
    }

  window = cv_prompt_window_new (prompt->parent != NULL
                                   ? gtk_window_get_application (prompt->parent) : NULL,
                                 prompt->check, prompt->store, prompt->store_problem);
  if (prompt->parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (window), prompt->parent);
      gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    }
  cv_prompt_window_set_store_path (window, prompt->store_path);
  prompt->window = window;

  /* The open window keeps the task alive; the cancellable only points at it, and
   * end_prompt() disconnects both before the task goes */
  g_signal_connect_data (window, "decided", G_CALLBACK (window_decided_cb),
                         g_object_ref (task), unref_task, 0);
  g_signal_connect (window, "destroy", G_CALLBACK (window_destroyed_cb), task);
  if (cancellable != NULL)
    prompt->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                  task, NULL);
  /* For the parent leaving, and the window itself */
  prompt->toplevels_id = g_signal_connect (gtk_window_get_toplevels (), "items-changed",
                                           G_CALLBACK (toplevels_changed_cb), task);

  gtk_window_present (GTK_WINDOW (window));
}

static void
start (Prompt              *prompt,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cv_prompt_async);
  /* A decision saved while the caller cancelled is still the answer; every path
   * that ends on cancellation returns its error itself */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, prompt, (GDestroyNotify) prompt_free);

  /* The worker's result comes back here, on the caller's main context */
  worker = g_task_new (NULL, cancellable, checked_cb, g_object_ref (task));
  g_task_set_task_data (worker, prompt, NULL);
  g_task_run_in_thread (worker, prompt_thread);
}

static Prompt *
prompt_new (GtkWindow  *parent,
            const char *host,
            guint16     port,
            const char *trust_store_path)
{
  Prompt *prompt = g_new0 (Prompt, 1);

  /* Weakly: the question must not keep its window from going */
  g_set_weak_pointer (&prompt->parent, parent);
  prompt->had_parent = parent != NULL;
  prompt->host = g_ascii_strdown (host, -1);
  prompt->port = port;
  prompt->store_path = g_strdup (trust_store_path);
  return prompt;
}

void
cv_prompt_async (GtkWindow           *parent,
                 const char          *host,
                 guint16              port,
                 GPtrArray           *chain,
                 const char          *trust_store_path,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  Prompt *prompt;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (host != NULL && host[0] != '\0');
  g_return_if_fail (port != 0);
  /* An empty chain is what a server may present: the worker says so */
  g_return_if_fail (chain != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  prompt = prompt_new (parent, host, port, trust_store_path);
  /* A copy of the array: the worker must not see the caller change it */
  prompt->chain = g_ptr_array_new_full (chain->len, (GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < chain->len; i++)
    g_ptr_array_add (prompt->chain, g_bytes_ref (g_ptr_array_index (chain, i)));

  start (prompt, cancellable, callback, user_data);
}

void
cv_prompt_report_async (GtkWindow           *parent,
                        CvReport            *report,
                        const char          *host,
                        guint16              port,
                        const char          *trust_store_path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  Prompt *prompt;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CV_IS_REPORT (report));
  g_return_if_fail (host != NULL && host[0] != '\0');
  g_return_if_fail (port != 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  prompt = prompt_new (parent, host, port, trust_store_path);
  prompt->report = g_object_ref (report);

  start (prompt, cancellable, callback, user_data);
}

CvPromptDecision
cv_prompt_finish (GAsyncResult  *result,
                  CvReport     **report,
                  GError       **error)
{
  Prompt *prompt;
  gssize decision;

  g_return_val_if_fail (g_task_is_valid (result, NULL), CV_PROMPT_REJECTED);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cv_prompt_async,
                        CV_PROMPT_REJECTED);

  prompt = g_task_get_task_data (G_TASK (result));
  decision = g_task_propagate_int (G_TASK (result), error);
  if (decision < 0)
    return CV_PROMPT_REJECTED;

  if (report != NULL)
    *report = prompt->report != NULL ? g_object_ref (prompt->report) : NULL;
  return (CvPromptDecision) decision;
}
