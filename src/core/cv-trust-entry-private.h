/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cv-trust-entry.h"

G_BEGIN_DECLS

/* For the store's parser: takes every string as it is, already lower-case where the
 * entry keeps it so (@host, @certificate_sha256), and @key as cv_trust_key_for()
 * makes it; @subject and @issuer may not be NULL */
CvTrustEntry *cv_trust_entry_new_take (char            *host,
                                       guint16          port,
                                       char            *key,
                                       CvTrustDecision  decision,
                                       char            *certificate_sha256,
                                       char            *public_key_pin,
                                       char            *subject,
                                       char            *issuer,
                                       gint64           not_after,
                                       gint64           created,
                                       gint64           last_seen);

G_END_DECLS
