/* roster-same-rows.h: asserts that two snapshots show exactly the same rows
 * (same users in the same order, same fields, same findings, same summary).
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "roster-snapshot.h"

static inline gboolean
same_member (RosterMember *a,
             RosterMember *b)
{
  if (roster_member_get_user_id (a) != roster_member_get_user_id (b)
      || g_strcmp0 (roster_member_get_username (a), roster_member_get_username (b)) != 0
      || g_strcmp0 (roster_member_get_name (a), roster_member_get_name (b)) != 0
      || g_strcmp0 (roster_member_get_email (a), roster_member_get_email (b)) != 0
      || g_strcmp0 (roster_member_get_avatar_url (a), roster_member_get_avatar_url (b)) != 0
      || g_strcmp0 (roster_member_get_state (a), roster_member_get_state (b)) != 0
      || roster_member_get_access_level (a) != roster_member_get_access_level (b)
      || roster_member_get_enterprise (a) != roster_member_get_enterprise (b)
      || roster_member_get_member (a) != roster_member_get_member (b)
      || g_strcmp0 (roster_member_get_saml_extern_uid (a), roster_member_get_saml_extern_uid (b)) != 0
      || g_strcmp0 (roster_member_get_scim_extern_uid (a), roster_member_get_scim_extern_uid (b)) != 0
      || roster_member_get_scim_active (a) != roster_member_get_scim_active (b)
      || g_strcmp0 (roster_member_get_idp_extern_uid (a), roster_member_get_idp_extern_uid (b)) != 0
      || roster_member_get_n_findings (a) != roster_member_get_n_findings (b))
    return FALSE;
  for (guint i = 0; i < roster_member_get_n_findings (a); i++)
    if (!roster_finding_equal (roster_member_get_finding (a, i), roster_member_get_finding (b, i)))
      return FALSE;
  return TRUE;
}

static inline void
assert_same_member (RosterMember *a,
                    RosterMember *b)
{
  g_assert_cmpint (roster_member_get_user_id (a), ==, roster_member_get_user_id (b));
  g_assert_cmpstr (roster_member_get_username (a), ==, roster_member_get_username (b));
  g_assert_cmpstr (roster_member_get_name (a), ==, roster_member_get_name (b));
  g_assert_cmpstr (roster_member_get_email (a), ==, roster_member_get_email (b));
  g_assert_cmpstr (roster_member_get_avatar_url (a), ==, roster_member_get_avatar_url (b));
  g_assert_cmpstr (roster_member_get_state (a), ==, roster_member_get_state (b));
  g_assert_cmpint (roster_member_get_access_level (a), ==, roster_member_get_access_level (b));
  g_assert_cmpint (roster_member_get_enterprise (a), ==, roster_member_get_enterprise (b));
  g_assert_cmpint (roster_member_get_member (a), ==, roster_member_get_member (b));
  g_assert_cmpstr (roster_member_get_saml_extern_uid (a), ==, roster_member_get_saml_extern_uid (b));
  g_assert_cmpstr (roster_member_get_scim_extern_uid (a), ==, roster_member_get_scim_extern_uid (b));
  g_assert_cmpint (roster_member_get_scim_active (a), ==, roster_member_get_scim_active (b));
  g_assert_cmpstr (roster_member_get_idp_extern_uid (a), ==, roster_member_get_idp_extern_uid (b));
  g_assert_cmpuint (roster_member_get_n_findings (a), ==, roster_member_get_n_findings (b));
  for (guint i = 0; i < roster_member_get_n_findings (a); i++)
    g_assert_true (roster_finding_equal (roster_member_get_finding (a, i),
                                         roster_member_get_finding (b, i)));
}

/* Returns how many rows have findings. */
static inline guint
assert_same_rows (RosterSnapshot *a,
                  RosterSnapshot *b)
{
  GListModel *ma = roster_snapshot_get_model (a);
  GListModel *mb = roster_snapshot_get_model (b);
  guint n = g_list_model_get_n_items (ma);
  guint with_findings = 0;

  g_assert_cmpuint (n, ==, g_list_model_get_n_items (mb));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterMember) ra = g_list_model_get_item (ma, i);
      g_autoptr(RosterMember) rb = g_list_model_get_item (mb, i);

      assert_same_member (ra, rb);
      if (roster_member_get_n_findings (ra) > 0)
        with_findings++;
    }
  g_assert_cmpmem (roster_snapshot_get_summary (a), sizeof (RosterSummary),
                   roster_snapshot_get_summary (b), sizeof (RosterSummary));
  return with_findings;
}
