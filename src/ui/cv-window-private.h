/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-window.h"

#include "cv-inspection.h"
#include "cv-report-pane.h"
#include "cv-server-form.h"
#include "cv-settings.h"

G_BEGIN_DECLS

/* What cv-window.c, its actions (cv-window-actions.c) and its drag and drop
 * (cv-window-dnd.c) share */
struct _CvWindow
{
  GtkApplicationWindow  parent_instance;

  CvSettings           *settings;
  /* The runs; the window only follows what it notifies */
  CvInspection         *inspection;

  /* What the report shown describes: "host:port" or a file name, and for a server
   * its target, which the form is compared with */
  char                 *shown_subject;
  CvTarget             *shown_target;
  /* The certificate file opened last, which Enter in an empty form opens again */
  char                 *last_file;

  GtkFileChooserNative *file_chooser;
  /* Keyboard Shortcuts, once shown */
  GtkWindow            *help_overlay;

  /* Template widgets */
  GtkWidget            *open_button;
  GtkMenuButton        *primary_menu_button;
  CvServerForm         *server_form;
  GtkWidget            *progress_box;
  GtkSpinner           *spinner;
  GtkLabel             *progress_label;
  GtkLabel             *progress_detail_label;
  CvReportPane         *pane;
};

/* Installs the window's actions (win.inspect, win.cancel, win.open, …) and their keys */
void cv_window_class_actions_init (CvWindowClass *klass);
/* Enables the actions that apply to the window's state */
void cv_window_actions_update     (CvWindow      *self);
/* Takes certificate files dropped on the window */
void cv_window_dnd_init           (CvWindow      *self);
/* Starts inspecting @target, whatever the form says */
void cv_window_start_inspection   (CvWindow      *self,
                                   CvTarget      *target);

G_END_DECLS
