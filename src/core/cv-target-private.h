/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-target.h"

G_BEGIN_DECLS

/* What cv_target_parse() records of the text: whether the protocol, and the port,
 * came from the default rather than from the text */
void     cv_target_set_defaulted (CvTarget *self,
                                  gboolean  protocol,
                                  gboolean  port);
/* The protocol's flag; @port gets the port's */
gboolean cv_target_get_defaulted (CvTarget *self,
                                  gboolean *port);

/* FALSE, with @error saying how to write it, for text that starts with a scheme
 * short of its slashes ("ftp:host", "ftp:/host"), which is not the host "ftp"
 * with a port ("ftp:2121", "ftp:2121/pub") */
gboolean cv_target_check_slashes (const char  *text,
                                  GError     **error);

G_END_DECLS
