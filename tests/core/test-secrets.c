/* test-secrets.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-secrets"

#include "config.h"

#include <string.h>

#include "roster-error.h"
#include "roster-secrets.h"
#include "roster-test-utils.h"

/* Against the real gnome-keyring that tests/run-headless.sh starts. */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *token;
  GError   *error;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->token, g_free);
  g_clear_error (&r->error);
  r->done = FALSE;
  r->ok = FALSE;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->ok = roster_secrets_store_finish (result, &r->error);
  r->done = TRUE;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  r->token = roster_secrets_lookup_finish (result, &r->error);
  r->done = TRUE;
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->ok = roster_secrets_clear_finish (result, &r->error);
  r->done = TRUE;
}

static void
store (const char      *account,
       RosterTokenKind  kind,
       const char      *token)
{
  Result r = { 0 };

  roster_secrets_store_async (account, "Acme Corp", kind, token, NULL, store_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

static char *
lookup (const char      *account,
        RosterTokenKind  kind)
{
  Result r = { 0 };

  roster_secrets_lookup_async (account, kind, NULL, lookup_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  return r.token;
}

static void
clear (const char      *account,
       RosterTokenKind  kind)
{
  Result r = { 0 };

  roster_secrets_clear_async (account, kind, NULL, clear_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

static void
test_schema (void)
{
  const SecretSchema *schema = roster_secrets_get_schema ();

  g_assert_cmpstr (schema->name, ==, "io.github.rosterapp.Roster.Token");
  g_assert_cmpstr (schema->attributes[0].name, ==, "account");
  g_assert_cmpstr (schema->attributes[1].name, ==, "kind");
  g_assert_null (schema->attributes[2].name);
}

static void
test_store_lookup_clear (void)
{
  g_autofree char *scim = NULL;
  g_autofree char *api = NULL;
  g_autofree char *other = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *replaced = NULL;

  if (!roster_test_require_bus ())
    return;

  store ("acct-1", ROSTER_TOKEN_SCIM, "glsoat-scim-1");
  store ("acct-1", ROSTER_TOKEN_API, " glpat-api-1\n");
  store ("acct-2", ROSTER_TOKEN_SCIM, "glsoat-scim-2");

  scim = lookup ("acct-1", ROSTER_TOKEN_SCIM);
  api = lookup ("acct-1", ROSTER_TOKEN_API);
  other = lookup ("acct-2", ROSTER_TOKEN_SCIM);
  g_assert_cmpstr (scim, ==, "glsoat-scim-1");
  g_assert_cmpstr (api, ==, "glpat-api-1");    /* pasted white space dropped */
  g_assert_cmpstr (other, ==, "glsoat-scim-2");

  /* Storing again replaces. */
  store ("acct-1", ROSTER_TOKEN_SCIM, "glsoat-scim-1b");
  replaced = lookup ("acct-1", ROSTER_TOKEN_SCIM);
  g_assert_cmpstr (replaced, ==, "glsoat-scim-1b");

  /* Clear one kind. */
  clear ("acct-1", ROSTER_TOKEN_SCIM);
  gone = lookup ("acct-1", ROSTER_TOKEN_SCIM);
  g_assert_null (gone);
  g_clear_pointer (&api, g_free);
  api = lookup ("acct-1", ROSTER_TOKEN_API);
  g_assert_cmpstr (api, ==, "glpat-api-1");

  /* Clear all kinds of one account; the other account keeps its token. */
  store ("acct-1", ROSTER_TOKEN_SCIM, "glsoat-scim-1c");
  clear ("acct-1", ROSTER_TOKEN_NONE);
  g_clear_pointer (&gone, g_free);
  gone = lookup ("acct-1", ROSTER_TOKEN_SCIM);
  g_assert_null (gone);
  gone = lookup ("acct-1", ROSTER_TOKEN_API);
  g_assert_null (gone);
  g_clear_pointer (&other, g_free);
  other = lookup ("acct-2", ROSTER_TOKEN_SCIM);
  g_assert_cmpstr (other, ==, "glsoat-scim-2");

  /* Clearing what is not there is fine. */
  clear ("acct-1", ROSTER_TOKEN_NONE);
  clear ("acct-2", ROSTER_TOKEN_NONE);
}

static void
test_item_label (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) found = NULL;
  g_autoptr(GVariant) label = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GVariantBuilder) attributes = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
  g_autofree const char **unlocked = NULL;
  g_autofree const char **locked = NULL;

  if (!roster_test_require_bus ())
    return;

  store ("acct-label", ROSTER_TOKEN_SCIM, "glsoat-label");

  /* Ask the Secret Service itself (libsecret's search leaks in 0.20.5):
   * one item, in the default ("login") collection, with a useful label. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_variant_builder_add (attributes, "{ss}", "xdg:schema", ROSTER_SECRETS_SCHEMA_NAME);
  g_variant_builder_add (attributes, "{ss}", "account", "acct-label");
  g_variant_builder_add (attributes, "{ss}", "kind", "scim");
  found = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "SearchItems",
                                       g_variant_new ("(a{ss})", attributes),
                                       G_VARIANT_TYPE ("(aoao)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (found, "(^a&o^a&o)", &unlocked, &locked);
  g_assert_cmpuint (g_strv_length ((char **) unlocked), ==, 1);
  g_assert_true (g_str_has_prefix (unlocked[0], "/org/freedesktop/secrets/collection/login/"));

  label = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", unlocked[0],
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", "org.freedesktop.Secret.Item",
                                                      "Label"),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (label, "(v)", &value);
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "Roster SCIM token for Acme Corp");

  clear ("acct-label", ROSTER_TOKEN_NONE);
}

static void
test_empty_token (void)
{
  Result r = { 0 };

  /* Refused before the keyring is asked, so no bus needed. */
  roster_secrets_store_async ("acct-x", NULL, ROSTER_TOKEN_API, "  \n", NULL, store_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_INVALID_INPUT);
  result_clear (&r);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result r = { 0 };

  if (!roster_test_require_bus ())
    return;

  g_cancellable_cancel (cancellable);
  roster_secrets_lookup_async ("acct-1", ROSTER_TOKEN_SCIM, cancellable, lookup_cb, &r);
  roster_test_wait_for (&r.done, 20000);
  g_assert_error (r.error, ROSTER_ERROR, ROSTER_ERROR_CANCELLED);
  result_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/secrets/schema", test_schema);
  g_test_add_func ("/roster/secrets/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/roster/secrets/item-label", test_item_label);
  g_test_add_func ("/roster/secrets/empty-token", test_empty_token);
  g_test_add_func ("/roster/secrets/cancelled", test_cancelled);

  return g_test_run ();
}
