/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cv-revocation.h"
#include "cv-target.h"

G_BEGIN_DECLS

#define CV_TYPE_APPLICATION (cv_application_get_type ())

G_DECLARE_FINAL_TYPE (CvApplication, cv_application, CV, APPLICATION, GtkApplication)

/*
 * The desktop application: one window per activation. What the window does first
 * comes from the setters, called before g_application_run(): inspect a target,
 * open a file, or run the built-in demo server (kept up while the application
 * runs) and inspect it.
 */
CvApplication *cv_application_new             (void);
/* The application as D-Bus activates it (--gapplication-service): unique, it owns
 * its name on the session bus and runs what it is asked to, such as app.show-trusted
 * from a notification */
CvApplication *cv_application_new_service     (void);
/* Extra trust anchors (PEM), as --ca-file */
void           cv_application_set_ca_file     (CvApplication *self,
                                               const char    *ca_file);
/* Whole-run deadline, as --timeout; 0 for the default */
void           cv_application_set_timeout_ms  (CvApplication *self,
                                               guint          timeout_ms);
/* The TLS server name for the first inspection, as --sni */
/* Overrides the "revocation" setting of the windows, as --revocation does */
void           cv_application_set_revocation  (CvApplication    *self,
                                               CvRevocationMode  mode);
void           cv_application_set_server_name (CvApplication *self,
                                               const char    *server_name);
/* The saved decisions, as --trust-store; NULL for the default store */
void           cv_application_set_trust_store (CvApplication *self,
                                               const char    *path);
/* Inspect @target at once */
void           cv_application_set_target      (CvApplication *self,
                                               CvTarget      *target);
/* Open the certificate file at @path at once */
void           cv_application_set_file        (CvApplication *self,
                                               const char    *path);
/* Start the built-in FTPS server (self-signed, expired certificate) and inspect it */
void           cv_application_set_demo        (CvApplication *self,
                                               gboolean       demo);
/* A directory the icon theme also searches, from when About is first shown */
void           cv_application_set_icon_dir    (CvApplication *self,
                                               const char    *path);

G_END_DECLS
