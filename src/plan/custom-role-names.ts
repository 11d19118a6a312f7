// A custom repository role an app policy names that the org does not have as spelt. GitHub takes
// a grant's `permission` as "a custom repository role name, if the owning organization has defined
// any" (REST, Add a repository collaborator; Add or update team repository permissions), and its
// documentation says nothing of case; a grant in another case than the role's is refused
// (integrations/terraform-provider-github#988: the name "seems to be case sensitive"), with a 422
// "Role `…` is not available for the <org>/<repo> repository" (sigstore/community#401). scopesync
// compares the name without case when it reads who holds it (the read names it as GitHub spells
// it), so `repo:docs:security-reviewer` met a holder of `Security-Reviewer` as held, and was
// granted as spelt to anyone else: reviewed, then refused at apply on every run. Where the live read
// lists the org's custom roles (TargetState.customRoles), such an entitlement is refused at plan
// time, as a mapped team the target does not have is (missing-groups.ts): nothing of it is
// planned, and the finding gives the name as the org spells it, at the entitlement's file:line:col.
// A group's own grants (groupGrants: a team's repository access) are checked the same way, at the
// list entry's file:line:col: GitHub refuses a team's grant of the role as spelt otherwise too.
// A name the org has in no case at all (a typo) is a config error (custom-role-unknown: it holds
// what the plan gives, as role-conflict does), not a renamed team's warning: the plan cannot tell
// which role was meant. Either way the refused role's repository is held as it is for whoever it
// is given to (refusedRoleKeys): the grant it was written to make would have replaced the role
// held there (GitHub holds one per repository), so a team (whose groupGrants are all it holds)
// or a person whose other role of it no mapping gives them kept nothing there until the name was
// fixed.
import type { TargetCustomRoles } from "../model/custom-roles.js";
import type { AppPolicyDoc } from "../model/documents.js";
import { GITHUB_REPO } from "../model/github-entitlements.js";
import { closest } from "../model/suggest.js";
import type { TargetRefusal, TargetState } from "../model/target-state.js";
import { exclusiveKey, type Exclusivity } from "./exclusive-roles.js";
import { notInTarget } from "./missing-groups.js";

/** The built-in repository roles, as GitHub lists them: any other role name is a custom role's. */
const BUILT_IN = new Set(["read", "triage", "write", "maintain", "admin"]);

/** How many of the org's custom roles the finding names (an org may define many). */
const ROLES_NAMED = 10;

/** The custom role `entitlement` names (`repo:<repo>:<role>`, not a built-in role) where `bases` do not have it as spelt. */
function refusedRole(entitlement: string, bases: Record<string, string>): string | undefined {
  const role = GITHUB_REPO.exec(entitlement)?.[2];
  return role === undefined || BUILT_IN.has(role.toLowerCase()) || Object.hasOwn(bases, role) ? undefined : role;
}

/**
 * The keys (`repo:infra`) of the entitlements among `names` that name a custom role the org does
 * not have as spelt, where the read listed the org's roles: nothing else of such a key is granted
 * or revoked for whoever the refused role is given to.
 */
export function refusedRoleKeys(names: readonly string[], roles: TargetCustomRoles | undefined, traits: Exclusivity): Set<string> {
  const keys = new Set<string>();
  const bases = roles?.bases;
  if (!bases) return keys;
  for (const e of names) {
    const key = refusedRole(e, bases) === undefined ? undefined : exclusiveKey(e, traits);
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

/**
 * By the slot (position in `names`, an EntitlementTable's) of each custom role the org does not
 * have as spelt, the other slots of its key: whoever is given the refused role keeps them as held.
 */
export function refusedRoleSlots(names: readonly string[], roles: TargetCustomRoles | undefined, traits: Exclusivity): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const refused = refusedRoleKeys(names, roles, traits);
  if (refused.size === 0) return out;
  const keys = names.map((e) => exclusiveKey(e, traits));
  keys.forEach((key, slot) => {
    if (key === undefined || !refused.has(key) || refusedRole(names[slot]!, roles!.bases!) === undefined) return;
    out.set(slot, keys.flatMap((k, other) => (k === key && other !== slot ? [other] : [])));
  });
  return out;
}

/** The org's custom roles as the finding lists them: sorted, the first ROLES_NAMED and how many in all. */
function rolesListed(names: readonly string[]): string {
  if (names.length === 0) return "none";
  const sorted = [...names].sort();
  const shown = sorted.slice(0, ROLES_NAMED).join(", ");
  return sorted.length > ROLES_NAMED ? `${shown}, … (${sorted.length} in all)` : shown;
}

/**
 * The refusals of the custom repository roles `policy` maps, or gives a group (groupGrants), that
 * the org's list does not name as spelt; none where the list was not read. `at(i)`: where the
 * policy writes its i-th entitlement; `grantAt(group, i)`: where it writes the i-th of a group's
 * groupGrants.
 */
export function customRoleNameRefusals(policy: AppPolicyDoc, state: Pick<TargetState, "customRoles">, policyAt: string, at?: (i: number) => string, grantAt?: (group: string, i: number) => string): TargetRefusal[] {
  const bases = state.customRoles?.bases;
  if (!bases) return [];
  const names = Object.keys(bases);
  const refusals: TargetRefusal[] = [];
  const seen = new Set<string>();
  // A team's own grant of the role is sent as spelt just the same (PUT …/teams/{slug}/repos/…).
  const named = [
    ...(policy.entitlements ?? []).map(({ entitlement }, i) => ({ entitlement, what: "the mapping", where: () => at?.(i) ?? policyAt })),
    ...Object.entries(policy.groupGrants ?? {}).flatMap(([group, list]) => list.map((entitlement, i) => ({ entitlement, what: `${group}'s groupGrants entry`, where: () => grantAt?.(group, i) ?? policyAt }))),
  ];
  for (const { entitlement, what, where: whereOf } of named) {
    const m = GITHUB_REPO.exec(entitlement);
    const role = refusedRole(entitlement, bases);
    if (!m || role === undefined || seen.has(entitlement)) continue;
    seen.add(entitlement);
    const sameButCase = names.find((n) => n.toLowerCase() === role.toLowerCase());
    const nearest = sameButCase ?? closest(role, names);
    const spelt = nearest === undefined ? undefined : `repo:${m[1]}:${nearest}`;
    const where = whereOf();
    const held = `; no grant or revoke of it is planned (GitHub would refuse the grant), nor of another role of repo:${m[1]} for whoever it is given to (it would have replaced that role)`;
    const remediation = spelt ? `write ${spelt} in ${where}${sameButCase ? "" : ", if that is the role meant"}` : `create the custom repository role in the org's settings, or remove ${what} at ${where}`;
    if (sameButCase) {
      refusals.push(notInTarget(policy, entitlement, (e) => e, `: the org spells it ${sameButCase}, and GitHub takes a custom role's name only as spelt${held}`, remediation, where));
      continue;
    }
    // No role of any case: a typo, or a role deleted in the org. Which role was meant is the policy's to say.
    const refusal = notInTarget(policy, entitlement, (e) => e, `: the org has no custom repository role ${role}${spelt ? ` (did you mean ${spelt}?)` : ""}; its custom repository roles: ${rolesListed(names)}${held}`, remediation, where);
    refusals.push({ ...refusal, finding: { ...refusal.finding, rule: "custom-role-unknown", severity: "error" } });
  }
  return refusals;
}
