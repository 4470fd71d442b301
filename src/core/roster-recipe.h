/* roster-recipe.h
 *
 * Copyright 2026 The Roster Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "roster-finding.h"
#include "roster-member.h"

G_BEGIN_DECLS

/**
 * RosterRecipeActor:
 * @ROSTER_RECIPE_ACTOR_ROSTER: Roster can do this step (through the
 *   confirmation flow of design.md §5); the step names the exact request
 * @ROSTER_RECIPE_ACTOR_OWNER: a decision or check for you, the group Owner
 * @ROSTER_RECIPE_ACTOR_USER: the affected user must do this
 * @ROSTER_RECIPE_ACTOR_IDP: to be done in the identity provider's admin console
 */
typedef enum
{
  ROSTER_RECIPE_ACTOR_ROSTER,
  ROSTER_RECIPE_ACTOR_OWNER,
  ROSTER_RECIPE_ACTOR_USER,
  ROSTER_RECIPE_ACTOR_IDP,
} RosterRecipeActor;

/**
 * RosterRecipeToken:
 * @ROSTER_RECIPE_TOKEN_NONE: no request
 * @ROSTER_RECIPE_TOKEN_API: a personal/group access token with `api` scope, of an Owner
 * @ROSTER_RECIPE_TOKEN_SCIM: the group's SCIM token
 */
typedef enum
{
  ROSTER_RECIPE_TOKEN_NONE,
  ROSTER_RECIPE_TOKEN_API,
  ROSTER_RECIPE_TOKEN_SCIM,
} RosterRecipeToken;

/**
 * RosterRecipeStep:
 * @actor: who does it
 * @alternative: %TRUE when this step is an alternative to the previous one
 *   (do one or the other)
 * @title: what to do, imperative, translated
 * @why: why, and what happens, translated
 * @method: (nullable): HTTP method of the request Roster sends (ROSTER steps)
 * @path: (nullable): the request's path below the instance URL, path
 *   parameters percent-encoded ("/api/v4/groups/4242/scim/aturing@acme.example")
 * @body: (nullable): the JSON body
 * @token: which token the request needs
 * @needs_value: %TRUE when the new value is not known yet: Roster will ask
 *   for it (the body then holds the value "NEW_VALUE")
 * @url: (nullable): a page to open (the group SSO URL for USER steps)
 */
typedef struct
{
  RosterRecipeActor  actor;
  gboolean           alternative;
  char              *title;
  char              *why;
  char              *method;
  char              *path;
  char              *body;
  RosterRecipeToken  token;
  gboolean           needs_value;
  char              *url;
} RosterRecipeStep;

/**
 * RosterRecipeContext:
 * @instance_url: "https://gitlab.example.com" (no trailing slash)
 * @group_path: the top-level group's full path ("acme-corp")
 * @group_id: its numeric id
 */
typedef struct
{
  const char *instance_url;
  const char *group_path;
  gint64      group_id;
} RosterRecipeContext;

#define ROSTER_TYPE_RECIPE (roster_recipe_get_type ())
typedef struct _RosterRecipe RosterRecipe;

GType                   roster_recipe_get_type       (void) G_GNUC_CONST;
RosterRecipe           *roster_recipe_new            (RosterFinding             *finding,
                                                      RosterMember              *member,
                                                      const RosterRecipeContext *context);
RosterRecipe           *roster_recipe_ref            (RosterRecipe              *self);
void                    roster_recipe_unref          (RosterRecipe              *self);
RosterFindingKind       roster_recipe_get_kind       (RosterRecipe              *self);
const char             *roster_recipe_get_summary    (RosterRecipe              *self);
guint                   roster_recipe_get_n_steps    (RosterRecipe              *self);
const RosterRecipeStep *roster_recipe_get_step       (RosterRecipe              *self,
                                                      guint                      index);
gboolean                roster_recipe_has_roster_step (RosterRecipe             *self);
char                   *roster_recipe_to_text        (RosterRecipe              *self);

const char             *roster_recipe_actor_to_string (RosterRecipeActor        actor);
char                   *roster_recipe_sso_url        (const RosterRecipeContext *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterRecipe, roster_recipe_unref)

G_END_DECLS
