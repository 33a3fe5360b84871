/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-target.h"

G_BEGIN_DECLS

#define CV_TYPE_SERVER_FORM (cv_server_form_get_type ())

G_DECLARE_FINAL_TYPE (CvServerForm, cv_server_form, CV, SERVER_FORM, GtkWidget)

/*
 * The address form: the Server field (completing from recent servers), the
 * protocol drop-down, the port and the Inspect/Cancel button (win.inspect,
 * win.cancel). The protocol and port follow what the text implies (a scheme, a
 * port of its own) unless the user set them. Property "target" (read-only): the
 * CvTarget the form names, NULL while it names none; it is parsed once per change.
 * Signals: "changed" after any change of the text, protocol or port; "edited" when
 * the user (not the program) edits the Server field.
 */

/* The protocol of a form that names none yet; the port follows */
void               cv_server_form_set_protocol       (CvServerForm        *self,
                                                      CvProtocol           protocol);
CvProtocol         cv_server_form_get_protocol       (CvServerForm        *self);
guint16            cv_server_form_get_port           (CvServerForm        *self);
const char        *cv_server_form_get_text           (CvServerForm        *self);
/* Shows @target (a URI naming its protocol and port); NULL empties the form's text */
void               cv_server_form_set_target         (CvServerForm        *self,
                                                      CvTarget            *target);
CvTarget          *cv_server_form_get_target         (CvServerForm        *self);
/* What the next inspection would use, with the port as typed so far; NULL with
 * @error set when the text names no server */
GFile             *cv_server_form_dup_file           (CvServerForm        *self);
CvTarget          *cv_server_form_dup_target         (CvServerForm        *self,
                                                      GError             **error);
/* The servers the Server field completes from */
void               cv_server_form_set_recent_servers (CvServerForm        *self,
                                                      const char * const  *servers);
/* Shows Cancel instead of Inspect */
void               cv_server_form_set_busy           (CvServerForm        *self,
                                                      gboolean             busy);
/* The Inspect button, for the window's default widget */
GtkWidget         *cv_server_form_get_inspect_button (CvServerForm        *self);
void               cv_server_form_focus_server       (CvServerForm        *self);
/* Whether a recent @server (normalized and case-folded, as @key is) is offered for
 * the @key typed: from its start, or from its host after a "scheme://" */
gboolean           cv_server_form_recent_matches     (const char          *server,
                                                      const char          *key);

G_END_DECLS
