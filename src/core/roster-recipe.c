/* roster-recipe.c
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "roster-recipe"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "roster-recipe.h"
#include "roster-scim-client.h"
#include "roster-text.h"

/* Repair recipes: for each kind of finding (design.md §4), the ordered steps
 * that fix it, written for a group Owner in a hurry, after gitlab-api.md §4
 * and §6. Steps that Roster performs name the exact request; the others say
 * who has to act (the Owner, the user, the IdP) and why. The UI and the CLI
 * show the same recipes. */

struct _RosterRecipe
{
  gatomicrefcount    ref_count;
  RosterFindingKind  kind;
  char              *summary;
  GArray            *steps;  /* of RosterRecipeStep */
};

G_DEFINE_BOXED_TYPE (RosterRecipe, roster_recipe, roster_recipe_ref, roster_recipe_unref)

#define PATCH_OP_SCHEMA "urn:ietf:params:scim:api:messages:2.0:PatchOp"
#define NEW_VALUE "NEW_VALUE"

static void
step_clear (gpointer data)
{
  RosterRecipeStep *step = data;

  g_free (step->title);
  g_free (step->why);
  g_free (step->method);
  g_free (step->path);
  g_free (step->body);
  g_free (step->url);
}

static RosterRecipeStep *
add_step (RosterRecipe      *self,
          RosterRecipeActor  actor,
          gboolean           alternative,
          char              *title,
          char              *why)
{
  RosterRecipeStep step = { 0, };

  step.actor = actor;
  step.alternative = alternative;
  step.title = title;
  step.why = why;
  g_array_append_val (self->steps, step);
  return &g_array_index (self->steps, RosterRecipeStep, self->steps->len - 1);
}

static char *
escape_segment (const char *value)
{
  /* "@" is allowed in a path segment (RFC 3986 pchar) and GitLab's own
   * examples keep it; everything else reserved is percent-encoded. */
  return g_uri_escape_string (value, "@", FALSE);
}

static char *
rest_identity_path (const RosterRecipeContext *context,
                    RosterFindingTarget         identity,
                    const char                *uid)
{
  g_autofree char *segment = escape_segment (uid);

  return g_strdup_printf ("/api/v4/groups/%" G_GINT64_FORMAT "/%s/%s", context->group_id,
                          identity == ROSTER_FINDING_TARGET_SAML ? "saml" : "scim", segment);
}

static char *
scim_user_path (const RosterRecipeContext *context,
                const char                *uid)
{
  g_autofree char *base_path = roster_scim_client_dup_gitlab_base_path (context->group_path);
  g_autofree char *segment = escape_segment (uid);

  return g_strdup_printf ("%s/Users/%s", base_path, segment);
}

static char *
extern_uid_body (const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "extern_uid");
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
active_body (gboolean active)
{
  return g_strdup_printf ("{\"schemas\":[\"" PATCH_OP_SCHEMA "\"],"
                          "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":%s}]}",
                          active ? "true" : "false");
}

/* A REST PATCH of one identity's extern_uid (gitlab-api.md §2.2, §6). */
static RosterRecipeStep *
add_patch_step (RosterRecipe              *self,
                const RosterRecipeContext *context,
                gboolean                   alternative,
                RosterFindingTarget         identity,
                const char                *old_value,
                const char                *new_value,
                char                      *title,
                char                      *why)
{
  RosterRecipeStep *step = add_step (self, ROSTER_RECIPE_ACTOR_ROSTER, alternative, title, why);
  gboolean known = new_value != NULL && g_utf8_validate (new_value, -1, NULL);

  step->method = g_strdup ("PATCH");
  step->path = rest_identity_path (context, identity, old_value);
  step->body = extern_uid_body (known ? new_value : NEW_VALUE);
  step->token = ROSTER_RECIPE_TOKEN_API;
  step->needs_value = !known;
  return step;
}

/* A SCIM PATCH of `active` (gitlab-api.md §1.6, §6): the only way to
 * deprovision or reactivate. */
static RosterRecipeStep *
add_active_step (RosterRecipe              *self,
                 const RosterRecipeContext *context,
                 gboolean                   alternative,
                 const char                *scim_value,
                 gboolean                   active,
                 char                      *title,
                 char                      *why)
{
  RosterRecipeStep *step = add_step (self, ROSTER_RECIPE_ACTOR_ROSTER, alternative, title, why);

  step->method = g_strdup ("PATCH");
  step->path = scim_user_path (context, scim_value);
  step->body = active_body (active);
  step->token = ROSTER_RECIPE_TOKEN_SCIM;
  return step;
}

static RosterRecipeStep *
add_sso_step (RosterRecipe              *self,
              const RosterRecipeContext *context,
              gboolean                   alternative,
              char                      *title,
              char                      *why)
{
  RosterRecipeStep *step = add_step (self, ROSTER_RECIPE_ACTOR_USER, alternative, title, why);

  step->url = roster_recipe_sso_url (context);
  return step;
}

/**
 * roster_recipe_sso_url:
 *
 * Returns: (transfer full): the group's SSO sign-in URL,
 *   "https://<instance>/groups/<group>/-/saml/sso"
 */
char *
roster_recipe_sso_url (const RosterRecipeContext *context)
{
  g_autofree char *group = NULL;

  g_return_val_if_fail (context != NULL, NULL);

  group = g_uri_escape_string (context->group_path ? context->group_path : "", NULL, FALSE);
  return g_strdup_printf ("%s/groups/%s/-/saml/sso",
                          context->instance_url ? context->instance_url : "", group);
}

static void
build_mismatch (RosterRecipe              *self,
                RosterFinding             *finding,
                const char                *who,
                const char                *saml,
                const char                *scim,
                const RosterRecipeContext *context)
{
  g_autofree char *saml_shown = roster_text_escape (saml);
  g_autofree char *scim_shown = roster_text_escape (scim);

  self->summary = g_strdup_printf (_("Make %s's SCIM id equal to the NameID the IdP sends."), who);

  add_step (self, ROSTER_RECIPE_ACTOR_IDP, FALSE,
            g_strdup_printf (_("In the IdP, check which value it sends for %s as SAML NameID and "
                               "as SCIM externalId."), who),
            g_strdup (_("GitLab needs the NameID, the SCIM externalId and the SCIM id to be the "
                        "same value. Importing an IdP export into Roster compares them for you.")));

  add_patch_step (self, context, FALSE, ROSTER_FINDING_TARGET_SCIM, scim, saml,
                  g_strdup_printf (_("Set the SCIM id from “%s” to the NameID “%s”."),
                                   scim_shown, saml_shown),
                  g_strdup (_("SSO sign-in already works with the NameID. Once the SCIM id "
                              "matches it, the IdP's SCIM app finds the user again (no more "
                              "“User has already been taken”), and removing the user in the "
                              "IdP deprovisions them in GitLab.")));

  add_patch_step (self, context, TRUE, ROSTER_FINDING_TARGET_SAML, saml, scim,
                  g_strdup_printf (_("Or, if the IdP really sends “%s” as NameID, set the SAML "
                                     "identity from “%s” to “%s”."),
                                   scim_shown, saml_shown, scim_shown),
                  g_strdup (_("SAML sign-in compares the NameID exactly: the SAML identity must "
                              "hold what the IdP sends, or the user is locked out.")));

  add_step (self, ROSTER_RECIPE_ACTOR_IDP, FALSE,
            g_strdup (_("Push the user again from the IdP's SCIM app (re-sync).")),
            g_strdup (_("Proves the repair: the sync should now succeed without a 409 error.")));
}

static void
build_case_mismatch (RosterRecipe              *self,
                     const char                *who,
                     const char                *saml,
                     const char                *scim,
                     const RosterRecipeContext *context)
{
  g_autofree char *saml_shown = roster_text_escape (saml);
  g_autofree char *scim_shown = roster_text_escape (scim);

  self->summary = g_strdup_printf (_("Spell %s's SCIM id exactly like the NameID."), who);

  add_patch_step (self, context, FALSE, ROSTER_FINDING_TARGET_SCIM, scim, saml,
                  g_strdup_printf (_("Set the SCIM id from “%s” to “%s”."), scim_shown, saml_shown),
                  g_strdup (_("SCIM lookups ignore letter case, so nothing is broken yet; but "
                              "SAML sign-in compares the NameID exactly, and one spelling "
                              "everywhere avoids a lock-out the day the IdP sends the other.")));

  add_step (self, ROSTER_RECIPE_ACTOR_IDP, FALSE,
            g_strdup (_("Check that the IdP sends the same spelling as NameID and as externalId.")),
            g_strdup (_("If the IdP itself changes the case between the two attributes, the "
                        "mismatch comes back at the next sync.")));
}

static void
build_idp_mismatch (RosterRecipe              *self,
                    RosterFinding             *finding,
                    const char                *who,
                    const RosterRecipeContext *context)
{
  RosterFindingTarget identity = roster_finding_get_target (finding);
  const char *ours = roster_finding_get_value (finding);
  const char *theirs = roster_finding_get_expected (finding);
  g_autofree char *ours_shown = roster_text_escape (ours);
  g_autofree char *theirs_shown = roster_text_escape (theirs);
  gboolean saml = identity == ROSTER_FINDING_TARGET_SAML;

  self->summary = saml
    ? g_strdup_printf (_("Make %s's SAML identity hold the NameID the IdP sends."), who)
    : g_strdup_printf (_("Make %s's SCIM id hold the externalId the IdP sends."), who);

  add_step (self, ROSTER_RECIPE_ACTOR_OWNER, FALSE,
            g_strdup (_("Make sure the IdP export is current.")),
            g_strdup (_("Roster would write the value from the export: an old export would "
                        "put back a stale value.")));

  add_patch_step (self, context, FALSE, identity, ours, theirs,
                  saml
                    ? g_strdup_printf (_("Set the SAML identity from “%s” to “%s”."), ours_shown, theirs_shown)
                    : g_strdup_printf (_("Set the SCIM id from “%s” to “%s”."), ours_shown, theirs_shown),
                  saml
                    ? g_strdup (_("At sign-in GitLab looks the user up by the exact NameID the IdP "
                                  "sends; with the value updated the next sign-in works."))
                    : g_strdup (_("The IdP's SCIM app looks the user up by its externalId; with "
                                  "the value updated its updates and deprovisioning reach the "
                                  "user again.")));

  if (saml)
    add_sso_step (self, context, FALSE,
                  g_strdup_printf (_("Ask %s to sign in once through the group's SSO URL."), who),
                  g_strdup (_("Confirms that sign-in works with the new value.")));
  else
    add_step (self, ROSTER_RECIPE_ACTOR_IDP, FALSE,
              g_strdup (_("Push the user again from the IdP's SCIM app (re-sync).")),
              g_strdup (_("Confirms that the IdP now finds the user.")));
}

static void
build_scim_without_saml (RosterRecipe              *self,
                         const char                *who,
                         const char                *scim,
                         const RosterRecipeContext *context)
{
  g_autofree char *scim_shown = roster_text_escape (scim);

  self->summary = g_strdup_printf (_("Have %s link their account through SSO."), who);

  add_sso_step (self, context, FALSE,
                g_strdup_printf (_("Ask %s to sign in to GitLab with their own account, then open "
                                   "the group's SSO URL and authorize the link."), who),
                g_strdup (_("Signing in through the group's SSO URL while signed in to GitLab "
                            "creates the SAML identity. Until then GitLab answers “User is not "
                            "linked to a SAML account” and SSO cannot find the user. GitLab has "
                            "no API to create a SAML identity, so Roster cannot do this step.")));

  add_step (self, ROSTER_RECIPE_ACTOR_IDP, FALSE,
            g_strdup_printf (_("Check that the IdP's SAML app is assigned to the user and sends "
                               "“%s” as NameID."), scim_shown),
            g_strdup (_("The link records the NameID the IdP sends; it must equal the SCIM id, "
                        "or the next check shows a SAML/SCIM mismatch.")));
}

static void
build_saml_without_scim (RosterRecipe *self,
                         const char   *who,
                         const char   *saml)
{
  g_autofree char *saml_shown = roster_text_escape (saml);

  self->summary = g_strdup_printf (_("Provision %s from the IdP, or accept that the IdP does not "
                                     "manage them."), who);

  add_step (self, ROSTER_RECIPE_ACTOR_IDP, FALSE,
            g_strdup_printf (_("Assign %s to the IdP's SCIM app (or push them), with externalId "
                               "“%s”."), who, saml_shown),
            g_strdup (_("Without a SCIM identity, removing the user in the IdP will not remove "
                        "them from the group. GitLab matches the IdP's create request to the "
                        "existing account by email and adds the SCIM identity.")));

  add_step (self, ROSTER_RECIPE_ACTOR_OWNER, TRUE,
            g_strdup (_("Or leave it as it is if this account is deliberately outside "
                        "provisioning (for example a break-glass Owner).")),
            g_strdup (_("Then remember to remove the user by hand when they leave.")));
}

static void
build_inactive_but_member (RosterRecipe              *self,
                           const char                *who,
                           const char                *scim,
                           const RosterRecipeContext *context)
{
  self->summary = g_strdup_printf (_("Remove %s's access again, or reactivate their identity."), who);

  add_step (self, ROSTER_RECIPE_ACTOR_OWNER, FALSE,
            g_strdup_printf (_("Decide whether %s should still have access."), who),
            g_strdup (_("The IdP deprovisioned the user, but they were added back to the group "
                        "by other means and keep their access.")));

  add_active_step (self, context, FALSE, scim, FALSE,
                   g_strdup (_("Deprovision again (SCIM active = false).")),
                   g_strdup (_("Removes the membership of the group, its subgroups and projects. "
                               "The account is not deleted and the SAML identity is kept.")));

  add_active_step (self, context, TRUE, scim, TRUE,
                   g_strdup (_("Or reactivate the identity (SCIM active = true).")),
                   g_strdup (_("Makes the identity agree with the membership, so the IdP manages "
                               "the user again.")));

  add_step (self, ROSTER_RECIPE_ACTOR_IDP, FALSE,
            g_strdup (_("Make the user's assignment in the IdP agree with your decision.")),
            g_strdup (_("Otherwise the IdP's next sync undoes it.")));
}

static void
build_deprovisioned (RosterRecipe              *self,
                     RosterMember              *member,
                     const char                *who,
                     const char                *scim,
                     const RosterRecipeContext *context)
{
  self->summary = g_strdup_printf (_("Nothing to do, unless deprovisioning %s was a mistake."), who);

  add_step (self, ROSTER_RECIPE_ACTOR_OWNER, FALSE,
            g_strdup_printf (_("Nothing to do if %s left on purpose."), who),
            g_strdup (_("Deprovisioning removes the membership but keeps the account and the "
                        "identities, so this user is still listed.")));

  add_active_step (self, context, TRUE, scim, TRUE,
                   g_strdup (_("If it was a mistake, reactivate the identity (SCIM active = true).")),
                   g_strdup (_("Re-adds the user to the group with the SAML provider's default "
                               "membership role, not their previous role: adjust it afterwards.")));

  if (roster_member_get_saml_extern_uid (member) == NULL)
    add_sso_step (self, context, FALSE,
                  g_strdup_printf (_("After reactivating, ask %s to link their account through "
                                     "the group's SSO URL."), who),
                  g_strdup (_("This user has no SAML identity any more (deprovisioning removed it "
                              "before GitLab 16.4).")));

  add_step (self, ROSTER_RECIPE_ACTOR_IDP, FALSE,
            g_strdup (_("If you reactivate, assign the user again in the IdP.")),
            g_strdup (_("Otherwise the IdP's next sync deprovisions them again.")));
}

static void
build_orphan (RosterRecipe              *self,
              const char                *who,
              const char                *scim,
              const RosterRecipeContext *context)
{
  self->summary = g_strdup_printf (_("Deprovision %s's identity, or give them their membership back."), who);

  add_step (self, ROSTER_RECIPE_ACTOR_OWNER, FALSE,
            g_strdup_printf (_("Decide whether %s should have access."), who),
            g_strdup (_("The identity says the IdP manages an active user, but the user is not "
                        "in the group (removed by hand, or the membership expired).")));

  add_active_step (self, context, FALSE, scim, FALSE,
                   g_strdup (_("If not, deprovision the identity (SCIM active = false).")),
                   g_strdup (_("GitLab and the IdP then agree that the user is gone.")));

  add_step (self, ROSTER_RECIPE_ACTOR_IDP, TRUE,
            g_strdup (_("If so, remove the user from the IdP's SCIM app and assign them again, "
                        "or add them back on the group's Members page.")),
            g_strdup (_("Re-provisioning recreates the membership with the default role.")));
}

static void
build_duplicate (RosterRecipe              *self,
                 RosterFinding             *finding,
                 RosterMember              *member,
                 const char                *who,
                 const RosterRecipeContext *context)
{
  RosterFindingTarget identity = roster_finding_get_target (finding);
  const char *value = roster_finding_get_value (finding);
  g_autofree char *shown = roster_text_escape (value);
  g_autofree char *other = NULL;
  const char *own = roster_member_get_idp_extern_uid (member);

  if (roster_finding_get_other_username (finding) != NULL)
    {
      g_autofree char *username = roster_text_escape (roster_finding_get_other_username (finding));

      other = g_strdup_printf ("@%s", username);
    }
  else
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, roster_finding_get_other_user_id (finding));

      /* TRANSLATORS: a user known only by their numeric id */
      other = g_strdup_printf (_("user %s"), id);
    }

  self->summary = g_strdup_printf (_("Decide whether “%s” belongs to %s or to %s, then change "
                                     "the other one."), shown, who, other);

  add_step (self, ROSTER_RECIPE_ACTOR_OWNER, FALSE,
            g_strdup_printf (_("Find out in the IdP whose object id “%s” is."), shown),
            g_strdup (_("One value must identify one person: GitLab signs in, provisions and "
                        "deprovisions whoever holds it, and SCIM compares it ignoring case.")));

  add_patch_step (self, context, FALSE, identity, value,
                  own != NULL && g_strcmp0 (own, value) != 0 ? own : NULL,
                  identity == ROSTER_FINDING_TARGET_SAML
                    ? g_strdup_printf (_("If it is not %s's, change their SAML identity from “%s” "
                                         "to their own value."), who, shown)
                    : g_strdup_printf (_("If it is not %s's, change their SCIM id from “%s” to "
                                         "their own value."), who, shown),
                  g_strdup (_("Roster checks before writing that the new value is not held by "
                              "anyone else in the group.")));

  add_step (self, ROSTER_RECIPE_ACTOR_OWNER, TRUE,
            g_strdup_printf (_("If it is %s's, repair %s instead (see their findings)."), who, other),
            g_strdup (_("The other user shows the same finding.")));
}

static void
build_no_identity (RosterRecipe              *self,
                   const char                *who,
                   const RosterRecipeContext *context)
{
  self->summary = g_strdup (_("Nothing to do unless the group enforces SSO."));

  add_step (self, ROSTER_RECIPE_ACTOR_OWNER, FALSE,
            g_strdup_printf (_("Nothing to do if %s is meant to work without SSO (a contractor "
                               "added by hand, a bot)."), who),
            g_strdup (_("With SSO enforced, a member without a SAML identity cannot reach the "
                        "group's content until they link.")));

  add_sso_step (self, context, TRUE,
                g_strdup_printf (_("Otherwise, ask %s to sign in through the group's SSO URL "
                                   "to link their account."), who),
                g_strdup (_("Creates the SAML identity for the NameID the IdP sends.")));

  add_step (self, ROSTER_RECIPE_ACTOR_IDP, FALSE,
            g_strdup (_("If the IdP should manage the user, assign them to its SCIM app.")),
            g_strdup (_("GitLab matches the IdP's create request to this account by email.")));
}

/**
 * roster_recipe_new:
 * @finding: a finding of @member
 * @member: the user
 * @context: the group
 *
 * Returns: (transfer full): the repair recipe for @finding
 */
RosterRecipe *
roster_recipe_new (RosterFinding             *finding,
                   RosterMember              *member,
                   const RosterRecipeContext *context)
{
  RosterRecipe *self;
  g_autofree char *who = NULL;
  const char *saml;
  const char *scim;

  g_return_val_if_fail (finding != NULL, NULL);
  g_return_val_if_fail (ROSTER_IS_MEMBER (member), NULL);
  g_return_val_if_fail (context != NULL, NULL);

  self = g_new0 (RosterRecipe, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = roster_finding_get_kind (finding);
  self->steps = g_array_new (FALSE, TRUE, sizeof (RosterRecipeStep));
  g_array_set_clear_func (self->steps, step_clear);

  who = roster_text_escape (roster_member_get_display_name (member));
  if (*who == '\0')
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, roster_member_get_user_id (member));

      g_free (who);
      /* TRANSLATORS: a user known only by their numeric id */
      who = g_strdup_printf (_("user %s"), id);
    }
  saml = roster_member_get_saml_extern_uid (member);
  scim = roster_member_get_scim_extern_uid (member);

  switch (self->kind)
    {
    case ROSTER_FINDING_SAML_SCIM_MISMATCH:
      build_mismatch (self, finding, who, saml, scim, context);
      break;
    case ROSTER_FINDING_CASE_MISMATCH:
      build_case_mismatch (self, who, saml, scim, context);
      break;
    case ROSTER_FINDING_IDP_MISMATCH:
      build_idp_mismatch (self, finding, who, context);
      break;
    case ROSTER_FINDING_SCIM_WITHOUT_SAML:
      build_scim_without_saml (self, who, scim, context);
      break;
    case ROSTER_FINDING_SAML_WITHOUT_SCIM:
      build_saml_without_scim (self, who, saml);
      break;
    case ROSTER_FINDING_INACTIVE_BUT_MEMBER:
      build_inactive_but_member (self, who, scim, context);
      break;
    case ROSTER_FINDING_DEPROVISIONED:
      build_deprovisioned (self, member, who, scim, context);
      break;
    case ROSTER_FINDING_ORPHAN_IDENTITY:
      build_orphan (self, who, scim, context);
      break;
    case ROSTER_FINDING_DUPLICATE_EXTERN_UID:
      build_duplicate (self, finding, member, who, context);
      break;
    case ROSTER_FINDING_NO_IDENTITY:
      build_no_identity (self, who, context);
      break;
    default:
      g_assert_not_reached ();
    }

  return self;
}

RosterRecipe *
roster_recipe_ref (RosterRecipe *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
roster_recipe_unref (RosterRecipe *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_array_unref (self->steps);
  g_free (self->summary);
  g_free (self);
}

RosterFindingKind
roster_recipe_get_kind (RosterRecipe *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->kind;
}

/**
 * roster_recipe_get_summary:
 *
 * Returns: (transfer none): one translated sentence: the gist of the repair
 */
const char *
roster_recipe_get_summary (RosterRecipe *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->summary;
}

guint
roster_recipe_get_n_steps (RosterRecipe *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->steps->len;
}

/**
 * roster_recipe_get_step:
 *
 * Returns: (transfer none): the step at @index
 */
const RosterRecipeStep *
roster_recipe_get_step (RosterRecipe *self,
                        guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return &g_array_index (self->steps, RosterRecipeStep, index);
}

/**
 * roster_recipe_has_roster_step:
 *
 * Returns: %TRUE when Roster can perform at least one step
 */
gboolean
roster_recipe_has_roster_step (RosterRecipe *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->steps->len; i++)
    if (g_array_index (self->steps, RosterRecipeStep, i).actor == ROSTER_RECIPE_ACTOR_ROSTER)
      return TRUE;
  return FALSE;
}

/**
 * roster_recipe_actor_to_string:
 *
 * Returns: (transfer none): a short translated label for who does a step
 */
const char *
roster_recipe_actor_to_string (RosterRecipeActor actor)
{
  switch (actor)
    {
    case ROSTER_RECIPE_ACTOR_ROSTER: return _("Roster can do this");
    case ROSTER_RECIPE_ACTOR_OWNER:  return _("You decide");
    case ROSTER_RECIPE_ACTOR_USER:   return _("The user does this");
    case ROSTER_RECIPE_ACTOR_IDP:    return _("In the identity provider");
    default:                         return "";
    }
}

/**
 * roster_recipe_to_text:
 *
 * Returns: (transfer full): the recipe as plain text, numbered steps, for
 *   the CLI's `show` and for copying
 */
char *
roster_recipe_to_text (RosterRecipe *self)
{
  GString *out;
  guint number = 0;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (self->summary);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < self->steps->len; i++)
    {
      const RosterRecipeStep *step = &g_array_index (self->steps, RosterRecipeStep, i);

      if (!step->alternative)
        number++;
      g_string_append_printf (out, "  %s%u. [%s] %s\n", step->alternative ? "   " : "",
                              number, roster_recipe_actor_to_string (step->actor), step->title);
      g_string_append_printf (out, "  %s   %s\n", step->alternative ? "   " : "", step->why);
      if (step->method != NULL)
        g_string_append_printf (out, "  %s   %s %s  %s%s\n", step->alternative ? "   " : "",
                                step->method, step->path, step->body ? step->body : "",
                                step->token == ROSTER_RECIPE_TOKEN_SCIM ? _("  (SCIM token)")
                                                                        : _("  (API token)"));
      if (step->url != NULL)
        g_string_append_printf (out, "  %s   %s\n", step->alternative ? "   " : "", step->url);
    }

  return g_string_free (out, FALSE);
}
