/* roster-finding.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * RosterSeverity:
 * @ROSTER_SEVERITY_OK: no finding at all
 * @ROSTER_SEVERITY_INFO: worth knowing, not a problem
 * @ROSTER_SEVERITY_WARNING: a problem that does not stop anyone today
 * @ROSTER_SEVERITY_ERROR: a problem that stops sign-in or deprovisioning
 *
 * Ordered: a larger value is worse. A "problem" (design.md §4) is a finding
 * of severity warning or error.
 */
typedef enum
{
  ROSTER_SEVERITY_OK,
  ROSTER_SEVERITY_INFO,
  ROSTER_SEVERITY_WARNING,
  ROSTER_SEVERITY_ERROR,
} RosterSeverity;

/**
 * RosterFindingKind:
 *
 * The kinds of design.md §4. Their strings (roster_finding_kind_to_string())
 * are stable: the JSON report, the CLI, the UI and the tests use them.
 */
typedef enum
{
  ROSTER_FINDING_SAML_SCIM_MISMATCH,
  ROSTER_FINDING_CASE_MISMATCH,
  ROSTER_FINDING_IDP_MISMATCH,
  ROSTER_FINDING_SCIM_WITHOUT_SAML,
  ROSTER_FINDING_SAML_WITHOUT_SCIM,
  ROSTER_FINDING_INACTIVE_BUT_MEMBER,
  ROSTER_FINDING_DEPROVISIONED,
  ROSTER_FINDING_ORPHAN_IDENTITY,
  ROSTER_FINDING_DUPLICATE_EXTERN_UID,
  ROSTER_FINDING_NO_IDENTITY,
} RosterFindingKind;

#define ROSTER_FINDING_N_KINDS (ROSTER_FINDING_NO_IDENTITY + 1)

/**
 * RosterFindingTarget:
 * @ROSTER_FINDING_TARGET_NONE: the finding is not about one identity record
 * @ROSTER_FINDING_TARGET_SAML: the user's SAML identity (the NameID GitLab holds)
 * @ROSTER_FINDING_TARGET_SCIM: the user's SCIM identity (GitLab's SCIM `id`)
 */
typedef enum
{
  ROSTER_FINDING_TARGET_NONE,
  ROSTER_FINDING_TARGET_SAML,
  ROSTER_FINDING_TARGET_SCIM,
} RosterFindingTarget;

const char       *roster_severity_to_string          (RosterSeverity      severity);
gboolean          roster_severity_is_problem         (RosterSeverity      severity);

const char       *roster_finding_kind_to_string      (RosterFindingKind   kind);
gboolean          roster_finding_kind_from_string    (const char         *string,
                                                      RosterFindingKind  *kind);
RosterSeverity    roster_finding_kind_get_severity   (RosterFindingKind   kind);
const char       *roster_finding_kind_get_title      (RosterFindingKind   kind);

const char       *roster_finding_target_to_string     (RosterFindingTarget  kind);

#define ROSTER_TYPE_FINDING (roster_finding_get_type ())

/**
 * RosterFinding:
 *
 * One finding about one user: an immutable, reference-counted boxed type.
 * Besides the kind and the human message it keeps the values the message
 * names, so that a repair recipe can be built from it:
 *
 * - identity: which identity record the repair would change (may be NONE)
 * - value: the value GitLab holds in that record now
 * - expected: the value it should hold, when known (NameID, IdP value)
 * - other_user_id / other_username: the other holder of a duplicate value
 */
typedef struct _RosterFinding RosterFinding;

GType              roster_finding_get_type           (void) G_GNUC_CONST;
RosterFinding     *roster_finding_new                (RosterFindingKind   kind,
                                                      RosterFindingTarget  identity,
                                                      const char         *value,
                                                      const char         *expected,
                                                      gint64              other_user_id,
                                                      const char         *other_username,
                                                      const char         *message);
RosterFinding     *roster_finding_ref                (RosterFinding      *self);
void               roster_finding_unref              (RosterFinding      *self);
RosterFindingKind  roster_finding_get_kind           (const RosterFinding *self);
RosterSeverity     roster_finding_get_severity       (const RosterFinding *self);
RosterFindingTarget roster_finding_get_target       (const RosterFinding *self);
const char        *roster_finding_get_value          (const RosterFinding *self);
const char        *roster_finding_get_expected       (const RosterFinding *self);
gint64             roster_finding_get_other_user_id  (const RosterFinding *self);
const char        *roster_finding_get_other_username (const RosterFinding *self);
const char        *roster_finding_get_message        (const RosterFinding *self);
gboolean           roster_finding_equal              (const RosterFinding *a,
                                                      const RosterFinding *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterFinding, roster_finding_unref)

G_END_DECLS
