// A target's custom roles and the built-in role each one is based on (GitHub: a custom repository
// role "inherits" a base role, read to maintain, and adds permissions to it; GET
// /orgs/{org}/custom-repository-roles names each role's `base_role`). The planner and the
// connector's apply backstop both judge a grant that would replace a role held by hand by the same
// rule (replacedRoleKept), so the plan and the apply cannot disagree about it.

/** The custom roles as a live read found them: their bases where the list was read, or why it was not. */
export interface TargetCustomRoles {
  /**
   * By the role's name as the target spells it, its base role ("write"). Present when the list was
   * read (empty when the target has none).
   */
  bases?: Record<string, string>;
  /** Why the list could not be read (absent when it was): the plan says it beside a grant it keeps back. */
  unread?: string;
}

/** A role by rank (0 the least; a custom role by its base's) and whether it is a custom one. */
export interface RankedRole {
  rank: number;
  custom: boolean;
}

/**
 * Whether a grant of `wanted` must not replace `held` (a role held by hand that no mapping gives),
 * both ranked: a higher role held is kept (the grant would lower it), and so is a custom role held
 * whose base is as high as the grant, for the grant would take what the custom role adds to that
 * base. A custom role wanted over a lower role is a raise (its base gives more), as a built-in
 * one is. A custom role held whose base the grant outranks is replaced: the grant gives more than
 * the base, which is what a reviewer compares.
 */
export function replacedRoleKept(held: RankedRole, wanted: RankedRole): boolean {
  return held.rank > wanted.rank || (held.rank === wanted.rank && held.custom);
}

/** The base role of custom role `name` (compared without case, as GitHub lists it against a policy's spelling), if known. */
export function customRoleBase(roles: TargetCustomRoles | undefined, name: string): string | undefined {
  const bases = roles?.bases;
  if (!bases) return undefined;
  if (Object.hasOwn(bases, name)) return bases[name];
  const lower = name.toLowerCase();
  for (const [n, base] of Object.entries(bases)) if (n.toLowerCase() === lower) return base;
  return undefined;
}
