/* roster-finding.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-finding"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-finding.h"

struct _RosterFinding
{
  gatomicrefcount    ref_count;
  RosterFindingKind  kind;
  RosterFindingTarget identity;
  gint64             other_user_id;
  char              *value;
  char              *expected;
  char              *other_username;
  char              *message;
};

G_DEFINE_BOXED_TYPE (RosterFinding, roster_finding, roster_finding_ref, roster_finding_unref)

static const struct
{
  const char     *name;
  RosterSeverity  severity;
} kinds[ROSTER_FINDING_N_KINDS] = {
  [ROSTER_FINDING_SAML_SCIM_MISMATCH]   = { "saml-scim-mismatch",   ROSTER_SEVERITY_ERROR },
  [ROSTER_FINDING_CASE_MISMATCH]        = { "case-mismatch",        ROSTER_SEVERITY_WARNING },
  [ROSTER_FINDING_IDP_MISMATCH]         = { "idp-mismatch",         ROSTER_SEVERITY_ERROR },
  [ROSTER_FINDING_SCIM_WITHOUT_SAML]    = { "scim-without-saml",    ROSTER_SEVERITY_ERROR },
  [ROSTER_FINDING_SAML_WITHOUT_SCIM]    = { "saml-without-scim",    ROSTER_SEVERITY_WARNING },
  [ROSTER_FINDING_INACTIVE_BUT_MEMBER]  = { "inactive-but-member",  ROSTER_SEVERITY_ERROR },
  [ROSTER_FINDING_DEPROVISIONED]        = { "deprovisioned",        ROSTER_SEVERITY_INFO },
  [ROSTER_FINDING_ORPHAN_IDENTITY]      = { "orphan-identity",      ROSTER_SEVERITY_WARNING },
  [ROSTER_FINDING_DUPLICATE_EXTERN_UID] = { "duplicate-extern-uid", ROSTER_SEVERITY_ERROR },
  [ROSTER_FINDING_NO_IDENTITY]          = { "no-identity",          ROSTER_SEVERITY_INFO },
};

/**
 * roster_severity_to_string:
 *
 * Returns: "ok", "info", "warning" or "error" (stable, used in JSON)
 */
const char *
roster_severity_to_string (RosterSeverity severity)
{
  switch (severity)
    {
    case ROSTER_SEVERITY_OK:      return "ok";
    case ROSTER_SEVERITY_INFO:    return "info";
    case ROSTER_SEVERITY_WARNING: return "warning";
    case ROSTER_SEVERITY_ERROR:   return "error";
    default:                      return "unknown";
    }
}

/**
 * roster_severity_is_problem:
 *
 * Returns: %TRUE for warning and error: what design.md §4 calls a problem
 *   (exit status 3, the summary line, the Problems filter)
 */
gboolean
roster_severity_is_problem (RosterSeverity severity)
{
  return severity >= ROSTER_SEVERITY_WARNING;
}

/**
 * roster_finding_kind_to_string:
 *
 * Returns: the stable name of @kind ("saml-scim-mismatch", …), or "unknown"
 */
const char *
roster_finding_kind_to_string (RosterFindingKind kind)
{
  if ((guint) kind >= ROSTER_FINDING_N_KINDS)
    return "unknown";
  return kinds[kind].name;
}

/**
 * roster_finding_kind_from_string:
 * @string: a stable kind name
 * @kind: (out): where to store the kind
 *
 * Returns: %TRUE if @string names a kind
 */
gboolean
roster_finding_kind_from_string (const char        *string,
                                 RosterFindingKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < ROSTER_FINDING_N_KINDS; i++)
    if (g_str_equal (string, kinds[i].name))
      {
        *kind = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * roster_finding_kind_get_severity:
 *
 * Returns: the severity design.md §4 gives @kind
 */
RosterSeverity
roster_finding_kind_get_severity (RosterFindingKind kind)
{
  g_return_val_if_fail ((guint) kind < ROSTER_FINDING_N_KINDS, ROSTER_SEVERITY_OK);

  return kinds[kind].severity;
}

/**
 * roster_finding_kind_get_title:
 *
 * Returns: (transfer none): a short translated title for @kind, for headings
 *   and filters ("SAML and SCIM Disagree", …)
 */
const char *
roster_finding_kind_get_title (RosterFindingKind kind)
{
  switch (kind)
    {
    case ROSTER_FINDING_SAML_SCIM_MISMATCH:   return _("SAML and SCIM Disagree");
    case ROSTER_FINDING_CASE_MISMATCH:        return _("SAML and SCIM Differ in Case");
    case ROSTER_FINDING_IDP_MISMATCH:         return _("GitLab and the IdP Disagree");
    case ROSTER_FINDING_SCIM_WITHOUT_SAML:    return _("Not Linked to SAML");
    case ROSTER_FINDING_SAML_WITHOUT_SCIM:    return _("Not Provisioned by SCIM");
    case ROSTER_FINDING_INACTIVE_BUT_MEMBER:  return _("Deprovisioned but Still a Member");
    case ROSTER_FINDING_DEPROVISIONED:        return _("Deprovisioned");
    case ROSTER_FINDING_ORPHAN_IDENTITY:      return _("Active Identity Without Membership");
    case ROSTER_FINDING_DUPLICATE_EXTERN_UID: return _("Identity Value Used Twice");
    case ROSTER_FINDING_NO_IDENTITY:          return _("No Identity");
    default:                                  return _("Unknown Finding");
    }
}

/**
 * roster_finding_target_to_string:
 *
 * Returns: "saml", "scim" or "none"
 */
const char *
roster_finding_target_to_string (RosterFindingTarget kind)
{
  switch (kind)
    {
    case ROSTER_FINDING_TARGET_SAML: return "saml";
    case ROSTER_FINDING_TARGET_SCIM: return "scim";
    case ROSTER_FINDING_TARGET_NONE: return "none";
    default:                   return "none";
    }
}

/**
 * roster_finding_new:
 * @kind: the kind
 * @identity: the identity record a repair would change
 * @value: (nullable): the value GitLab holds in that record
 * @expected: (nullable): the value it should hold, when known
 * @other_user_id: the other holder of a duplicate value, or 0
 * @other_username: (nullable): that user's username
 * @message: the human message (translated)
 *
 * Returns: (transfer full): a new finding
 */
RosterFinding *
roster_finding_new (RosterFindingKind   kind,
                    RosterFindingTarget  identity,
                    const char         *value,
                    const char         *expected,
                    gint64              other_user_id,
                    const char         *other_username,
                    const char         *message)
{
  RosterFinding *self;

  g_return_val_if_fail ((guint) kind < ROSTER_FINDING_N_KINDS, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_new0 (RosterFinding, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->identity = identity;
  self->value = g_strdup (value);
  self->expected = g_strdup (expected);
  self->other_user_id = other_user_id;
  self->other_username = g_strdup (other_username);
  self->message = g_strdup (message);

  return self;
}

RosterFinding *
roster_finding_ref (RosterFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
roster_finding_unref (RosterFinding *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->value);
  g_free (self->expected);
  g_free (self->other_username);
  g_free (self->message);
  g_free (self);
}

RosterFindingKind
roster_finding_get_kind (const RosterFinding *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->kind;
}

RosterSeverity
roster_finding_get_severity (const RosterFinding *self)
{
  g_return_val_if_fail (self != NULL, ROSTER_SEVERITY_OK);
  return kinds[self->kind].severity;
}

RosterFindingTarget
roster_finding_get_target (const RosterFinding *self)
{
  g_return_val_if_fail (self != NULL, ROSTER_FINDING_TARGET_NONE);
  return self->identity;
}

const char *
roster_finding_get_value (const RosterFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->value;
}

const char *
roster_finding_get_expected (const RosterFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->expected;
}

gint64
roster_finding_get_other_user_id (const RosterFinding *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->other_user_id;
}

const char *
roster_finding_get_other_username (const RosterFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->other_username;
}

const char *
roster_finding_get_message (const RosterFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->message;
}

/**
 * roster_finding_equal:
 *
 * Returns: %TRUE when @a and @b say the same thing (kind, values, message)
 */
gboolean
roster_finding_equal (const RosterFinding *a,
                      const RosterFinding *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->kind == b->kind &&
         a->identity == b->identity &&
         a->other_user_id == b->other_user_id &&
         g_strcmp0 (a->value, b->value) == 0 &&
         g_strcmp0 (a->expected, b->expected) == 0 &&
         g_strcmp0 (a->other_username, b->other_username) == 0 &&
         g_strcmp0 (a->message, b->message) == 0;
}
