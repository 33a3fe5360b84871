/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-revocation.h"
#include "cv-target.h"

G_BEGIN_DECLS

#define CV_TYPE_SETTINGS (cv_settings_get_type ())

G_DECLARE_FINAL_TYPE (CvSettings, cv_settings, CV, SETTINGS, GObject)

/*
 * What the window keeps between runs, in GSettings. Without the schema (an
 * uninstalled build, a test) it works all the same, with the defaults, and
 * remembers nothing beyond its own life.
 */
CvSettings         *cv_settings_new                  (void);

CvProtocol          cv_settings_get_default_protocol (CvSettings  *self);
/* The "timeout" setting in milliseconds; CV_PROBE_DEFAULT_TIMEOUT_MS without the schema */
guint               cv_settings_get_timeout_ms       (CvSettings  *self);
CvRevocationMode    cv_settings_get_revocation       (CvSettings  *self);

/* The recent servers, newest first, each once, without blanks; never NULL */
const char * const *cv_settings_get_recent_servers   (CvSettings  *self);
/* Puts @text first in the recent servers (the oldest dropped past ten); blank
 * text is ignored. Notifies "recent-servers" */
void                cv_settings_remember_server      (CvSettings  *self,
                                                      const char  *text);

/* Gives @window the size and maximized state saved last */
void                cv_settings_restore_window       (CvSettings  *self,
                                                      GtkWindow   *window);
/* Saves the size and maximized state of @window */
void                cv_settings_save_window          (CvSettings  *self,
                                                      GtkWindow   *window);

G_END_DECLS
