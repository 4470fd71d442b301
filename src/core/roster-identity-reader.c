/* roster-identity-reader.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-identity-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-error.h"
#include "roster-identity-reader.h"
#include "roster-json-reader.h"

/* A reader for `GET /groups/:id/{saml,scim}/identities`, without a JSON
 * tree.
 *
 * GitLab answers these with the whole list in one document (100 000
 * identities are about 7.5 MiB); json-glib's tree of it takes ~90 MB while
 * it exists. This reader walks the bytes once and hands each record over as
 * soon as its object is closed, so nothing but the caller's copy is kept.
 *
 * It reads exactly RFC 8259 JSON (roster-json-reader.h): a body json-glib
 * rejects is rejected here too. The records are checked as
 * roster_gitlab_identities_parse() checks them, with the same messages, and
 * a syntax error anywhere in the document wins over a record error, as it
 * does when the whole tree is parsed first. */

static const char *
identities_what (RosterIdentityKind kind)
{
  return kind == ROSTER_IDENTITY_SAML ? _("list of SAML identities") : _("list of SCIM identities");
}

/* The checks of roster_gitlab_identity_parse(), in its order. */
static gboolean
check_record (RosterIdentityKind      kind,
              const RosterJsonField  *extern_uid,
              const RosterJsonField  *user_id,
              const RosterJsonField  *active,
              gint64                 *out_user_id,
              gboolean               *out_active,
              GError                **error)
{
  if (extern_uid->kind != ROSTER_JSON_VALUE_STRING || extern_uid->text->len == 0)
    {
      char *none = NULL;

      /* Sets the error: absent, null, not a string or empty. */
      roster_json_field_get_string (extern_uid, "extern_uid",
                                    ROSTER_JSON_REQUIRED | ROSTER_JSON_NON_EMPTY, &none, error);
      g_free (none);
      return FALSE;
    }

  if (!roster_json_field_get_int (user_id, "user_id", ROSTER_JSON_REQUIRED | ROSTER_JSON_LENIENT,
                                  1, ROSTER_JSON_MAX_ID, out_user_id, NULL, error))
    return FALSE;

  *out_active = TRUE;
  if (kind == ROSTER_IDENTITY_SCIM &&
      !roster_json_field_get_boolean (active, "active", ROSTER_JSON_REQUIRED | ROSTER_JSON_NULLABLE,
                                      out_active, NULL, error))
    return FALSE;
  return TRUE;
}

/**
 * roster_identity_reader_parse:
 * @data: the body of `GET /groups/:id/{saml,scim}/identities`
 * @size: its length
 * @kind: which list answered
 * @func: (scope call): called with each record, in order
 * @user_data: closure for @func
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * Reads a top-level array of flat `{extern_uid, user_id[, active]}` objects
 * in one pass, without a JSON tree. Unknown members are skipped, whatever
 * they hold (nested up to %ROSTER_HTTP_MAX_JSON_DEPTH levels). Safe to call
 * from any thread. @func is not called again after a record fails, but
 * records before it were already handed over: on %FALSE, discard them.
 *
 * Returns: %TRUE when the whole document was read and every record is valid
 */
gboolean
roster_identity_reader_parse (const char                *data,
                              gsize                      size,
                              RosterIdentityKind         kind,
                              RosterIdentityReaderFunc   func,
                              gpointer                   user_data,
                              GError                   **error)
{
  RosterJsonReader r;
  g_autoptr(GString) key = g_string_new (NULL);
  RosterJsonField extern_uid, user_id, active;
  GError *record_error = NULL;
  gboolean ok = FALSE;
  guint item = 0;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  roster_json_field_init (&extern_uid);
  roster_json_field_init (&user_id);
  roster_json_field_init (&active);

  if (!roster_json_reader_init (&r, data, size))
    goto done;

  if (roster_json_reader_peek (&r) != '[')
    {
      /* Valid JSON but not a list is a record error; invalid, a syntax one. */
      if (roster_json_reader_read_value (&r, NULL) && roster_json_reader_end (&r))
        {
          roster_json_set_detail (&record_error, _("it is not a list"));
          roster_json_wrap_error (&record_error, identities_what (kind), 0);
        }
      goto done;
    }

  while (roster_json_reader_next_element (&r, &item))
    {
      guint n = 0;
      gint64 id = 0;
      gboolean is_active = TRUE;

      if (roster_json_reader_peek (&r) != '{')
        {
          if (roster_json_reader_read_value (&r, NULL) && record_error == NULL)
            {
              roster_json_set_detail (&record_error, _("it is not an object"));
              roster_json_wrap_error (&record_error, identities_what (kind), item);
            }
          continue;
        }

      roster_json_field_reset (&extern_uid);
      roster_json_field_reset (&user_id);
      roster_json_field_reset (&active);
      while (roster_json_reader_next_member (&r, &n, key))
        {
          RosterJsonField *field = NULL;

          /* The last of duplicate members wins, as in json-glib. */
          if (strcmp (key->str, "extern_uid") == 0 && key->len == strlen ("extern_uid"))
            field = &extern_uid;
          else if (strcmp (key->str, "user_id") == 0 && key->len == strlen ("user_id"))
            field = &user_id;
          else if (strcmp (key->str, "active") == 0 && key->len == strlen ("active"))
            field = &active;
          roster_json_reader_read_value (&r, field);
        }

      if (r.error == NULL && record_error == NULL)
        {
          if (check_record (kind, &extern_uid, &user_id, &active, &id, &is_active, &record_error))
            func (extern_uid.text->str, id, is_active, user_data);
          else
            roster_json_wrap_error (&record_error, identities_what (kind), item);
        }
    }
  roster_json_reader_end (&r);

done:
  /* A syntax error anywhere wins over a record error. */
  if (r.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      g_clear_error (&record_error);
    }
  else if (record_error != NULL)
    g_propagate_error (error, g_steal_pointer (&record_error));
  else
    ok = TRUE;

  roster_json_reader_clear (&r);
  roster_json_field_clear (&extern_uid);
  roster_json_field_clear (&user_id);
  roster_json_field_clear (&active);
  return ok;
}

typedef struct
{
  GPtrArray          *list;
  RosterIdentityKind  kind;
} ListData;

static void
add_identity (const char *extern_uid,
              gint64      user_id,
              gboolean    active,
              gpointer    user_data)
{
  ListData *data = user_data;

  g_ptr_array_add (data->list, roster_gitlab_identity_new (data->kind, extern_uid, user_id, active));
}

/**
 * roster_identity_reader_parse_list:
 * @data: the body of `GET /groups/:id/{saml,scim}/identities`
 * @size: its length
 * @kind: which list answered
 * @error: return location for a %ROSTER_ERROR_PROTOCOL error
 *
 * roster_identity_reader_parse() into identity records: what
 * roster_gitlab_identities_parse() returns for the same document, without
 * building its tree first.
 *
 * Returns: (transfer full) (element-type RosterGitlabIdentity): the
 *   identities, or %NULL with @error set
 */
GPtrArray *
roster_identity_reader_parse_list (const char          *data,
                                   gsize                size,
                                   RosterIdentityKind   kind,
                                   GError             **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_gitlab_identity_unref);
  ListData closure = { list, kind };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!roster_identity_reader_parse (data, size, kind, add_identity, &closure, error))
    return NULL;
  return g_steal_pointer (&list);
}
