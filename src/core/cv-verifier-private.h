/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-anchor-index-private.h"
#include "cv-verifier.h"

G_BEGIN_DECLS

/* TRUE (the default): the system's anchors come through their index, as a chain
 * needs them; FALSE: they are loaded whole. Either way the anchors kept so far are
 * dropped. */
void           cv_verifier_set_use_index (gboolean use_index);

/* The index in use (built now if need be), or NULL when the anchors are loaded
 * whole; valid until the next verification or cv_verifier_set_use_index() */
CvAnchorIndex *cv_verifier_get_index     (void);

G_END_DECLS
