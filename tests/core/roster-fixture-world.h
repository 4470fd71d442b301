/* roster-fixture-world.h: the fixture world of tests/data/gitlab, fed into
 * a snapshot through the real parsers.
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "roster-snapshot.h"
#include "roster-test-utils.h"

static inline GPtrArray *
fixture_parse (const char  *file,
               int          what)   /* 0 members, 1 SAML, 2 SCIM, 3 enterprise users */
{
  g_autofree char *path = roster_test_data_path ("gitlab", file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *result = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  switch (what)
    {
    case 0: result = roster_gitlab_members_parse (json_parser_get_root (parser), &error); break;
    case 1: result = roster_gitlab_identities_parse (json_parser_get_root (parser), ROSTER_IDENTITY_SAML, &error); break;
    case 2: result = roster_gitlab_identities_parse (json_parser_get_root (parser), ROSTER_IDENTITY_SCIM, &error); break;
    case 3: result = roster_gitlab_enterprise_users_parse (json_parser_get_root (parser), &error); break;
    default: g_assert_not_reached ();
    }
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static inline RosterSnapshot *
fixture_snapshot (gboolean finish)
{
  RosterSnapshot *snapshot = roster_snapshot_new ("https://gitlab.example.com", 4242, "acme-corp");
  g_autoptr(GPtrArray) members = fixture_parse ("group-members.json", 0);
  g_autoptr(GPtrArray) saml = fixture_parse ("rest-saml-identities.json", 1);
  g_autoptr(GPtrArray) scim = fixture_parse ("rest-scim-identities.json", 2);
  g_autoptr(GPtrArray) enterprise = fixture_parse ("enterprise-users.json", 3);

  roster_snapshot_add_members (snapshot, members);
  roster_snapshot_set_identities (snapshot, ROSTER_IDENTITY_SAML, saml);
  roster_snapshot_set_identities (snapshot, ROSTER_IDENTITY_SCIM, scim);
  roster_snapshot_set_enterprise_users (snapshot, enterprise, TRUE);
  if (finish)
    roster_snapshot_finish (snapshot);
  return snapshot;
}
