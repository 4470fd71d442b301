/* roster-member-counts.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-member-counts"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-member-counts.h"

/* How the window speaks about members: filter categories and their counts,
 * the summary line, role names and the status column. Pure functions of a
 * RosterMember, so that the tests can check every word. */

/**
 * roster_member_in_category:
 *
 * Returns: whether @member belongs in the list under @category
 */
gboolean
roster_member_in_category (RosterMember         *member,
                           RosterMemberCategory  category)
{
  switch (category)
    {
    case ROSTER_MEMBER_CATEGORY_ALL:
      return TRUE;
    case ROSTER_MEMBER_CATEGORY_PROBLEMS:
      return roster_member_is_problem (member);
    case ROSTER_MEMBER_CATEGORY_ENTERPRISE:
      return roster_member_get_enterprise (member);
    case ROSTER_MEMBER_CATEGORY_DEPROVISIONED:
      return roster_member_get_scim_active (member) == ROSTER_SCIM_ACTIVE_FALSE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * roster_member_counts_add:
 *
 * Counts @member in @counts.
 */
void
roster_member_counts_add (RosterMemberCounts *counts,
                          RosterMember       *member)
{
  g_return_if_fail (counts != NULL);
  g_return_if_fail (ROSTER_IS_MEMBER (member));

  for (guint c = 0; c < ROSTER_MEMBER_N_CATEGORIES; c++)
    if (roster_member_in_category (member, c))
      counts->categories[c]++;

  if (roster_member_get_pending (member))
    counts->pending++;
  if (roster_member_get_n_findings (member) == 0)
    return;

  if (roster_member_has_finding (member, ROSTER_FINDING_SAML_SCIM_MISMATCH)
      || roster_member_has_finding (member, ROSTER_FINDING_CASE_MISMATCH)
      || roster_member_has_finding (member, ROSTER_FINDING_IDP_MISMATCH))
    counts->cannot_sign_in++;
  if (roster_member_has_finding (member, ROSTER_FINDING_SCIM_WITHOUT_SAML))
    counts->not_linked++;
  if (roster_member_has_finding (member, ROSTER_FINDING_INACTIVE_BUT_MEMBER))
    counts->still_member++;
  if (roster_member_has_finding (member, ROSTER_FINDING_SAML_WITHOUT_SCIM))
    counts->unmanaged++;
  if (roster_member_has_finding (member, ROSTER_FINDING_DUPLICATE_EXTERN_UID))
    counts->shared++;
  if (roster_member_has_finding (member, ROSTER_FINDING_ORPHAN_IDENTITY))
    counts->orphaned++;
}

/**
 * roster_member_counts_summary:
 *
 * Returns: (transfer full): the summary line of problems, most serious
 *   first: "3 members cannot sign in · 1 not linked"; "No problems found"
 *   when there are none
 */
char *
roster_member_counts_summary (const RosterMemberCounts *counts)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (counts != NULL, NULL);

  if (counts->cannot_sign_in > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u member cannot sign in",
                                                       "%u members cannot sign in",
                                                       counts->cannot_sign_in),
                                             counts->cannot_sign_in));
  if (counts->not_linked > 0)
    /* Translators: users with a SCIM identity but no SAML identity. */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u not linked", "%u not linked",
                                                       counts->not_linked),
                                             counts->not_linked));
  if (counts->still_member > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u deprovisioned but still a member",
                                                       "%u deprovisioned but still members",
                                                       counts->still_member),
                                             counts->still_member));
  if (counts->shared > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u shares an identity value",
                                                       "%u share identity values",
                                                       counts->shared),
                                             counts->shared));
  if (counts->unmanaged > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u not managed by the IdP",
                                                       "%u not managed by the IdP",
                                                       counts->unmanaged),
                                             counts->unmanaged));
  if (counts->orphaned > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u orphaned identity",
                                                       "%u orphaned identities",
                                                       counts->orphaned),
                                             counts->orphaned));

  if (parts->len == 0)
    return g_strdup (_("No problems found"));

  g_ptr_array_add (parts, NULL);
  /* The separator between the parts of the summary line. */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

/**
 * roster_member_category_title:
 *
 * Returns: the filter's label
 */
const char *
roster_member_category_title (RosterMemberCategory category)
{
  switch (category)
    {
    case ROSTER_MEMBER_CATEGORY_ALL:
      return C_("filter", "All");
    case ROSTER_MEMBER_CATEGORY_PROBLEMS:
      return C_("filter", "Problems");
    case ROSTER_MEMBER_CATEGORY_ENTERPRISE:
      return C_("filter", "Enterprise");
    case ROSTER_MEMBER_CATEGORY_DEPROVISIONED:
      return C_("filter", "Deprovisioned");
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * roster_access_level_to_label:
 *
 * Returns: GitLab's name of the role with @access_level
 */
const char *
roster_access_level_to_label (int access_level)
{
  if (access_level >= 50)
    return C_("role", "Owner");
  if (access_level >= 40)
    return C_("role", "Maintainer");
  if (access_level >= 30)
    return C_("role", "Developer");
  if (access_level >= 20)
    return C_("role", "Reporter");
  if (access_level >= 15)
    return C_("role", "Planner");
  if (access_level >= 10)
    return C_("role", "Guest");
  if (access_level >= 5)
    return C_("role", "Minimal Access");
  return C_("role", "No Access");
}

/**
 * roster_member_role_label:
 *
 * Returns: the member's role, or "Not a Member" for a user who only holds
 *   an identity in the group
 */
const char *
roster_member_role_label (RosterMember *member)
{
  g_return_val_if_fail (ROSTER_IS_MEMBER (member), "");

  if (!roster_member_get_member (member))
    return C_("role", "Not a Member");
  return roster_access_level_to_label (roster_member_get_access_level (member));
}

/**
 * roster_member_status_icon:
 *
 * Returns: the icon name of the member's worst finding; a neutral one while
 *   the member is pending
 */
const char *
roster_member_status_icon (RosterMember *member)
{
  if (roster_member_get_pending (member))
    return "content-loading-symbolic";

  switch (roster_member_get_worst_severity (member))
    {
    case ROSTER_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case ROSTER_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case ROSTER_SEVERITY_INFO:
      return "dialog-information-symbolic";
    case ROSTER_SEVERITY_OK:
      return "emblem-ok-symbolic";
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * roster_member_status_text:
 *
 * Returns: (transfer full): the titles of the member's findings, one per
 *   line, "No problems", or "Not checked yet" while the member is pending;
 *   the tooltip and accessible label of the status
 */
char *
roster_member_status_text (RosterMember *member)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (ROSTER_IS_MEMBER (member), NULL);

  if (roster_member_get_pending (member))
    /* Translators: the status of a member whose identities are not
     * compared yet (the group is still loading). */
    return g_strdup (_("Not checked yet"));

  n = roster_member_get_n_findings (member);
  if (n == 0)
    return g_strdup (_("No problems"));

  for (guint i = 0; i < n; i++)
    {
      RosterFinding *finding = roster_member_get_finding (member, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, roster_finding_kind_get_title (roster_finding_get_kind (finding)));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
