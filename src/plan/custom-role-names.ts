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
import type { AppPolicyDoc } from "../model/documents.js";
import { GITHUB_REPO } from "../model/github-entitlements.js";
import { closest } from "../model/suggest.js";
import type { TargetRefusal, TargetState } from "../model/target-state.js";
import { notInTarget } from "./missing-groups.js";

/** The built-in repository roles, as GitHub lists them: any other role name is a custom role's. */
const BUILT_IN = new Set(["read", "triage", "write", "maintain", "admin"]);

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
    const role = m?.[2];
    if (!m || role === undefined || BUILT_IN.has(role.toLowerCase()) || Object.hasOwn(bases, role) || seen.has(entitlement)) continue;
    seen.add(entitlement);
    const sameButCase = names.find((n) => n.toLowerCase() === role.toLowerCase());
    const nearest = sameButCase ?? closest(role, names);
    const spelt = nearest === undefined ? undefined : `repo:${m[1]}:${nearest}`;
    const where = whereOf();
    const why = sameButCase ? `the org spells it ${sameButCase}, and GitHub takes a custom role's name only as spelt` : `the org has no custom repository role ${role}${spelt ? ` (did you mean ${spelt}?)` : ""}`;
    const remediation = spelt ? `write ${spelt} in ${where}${sameButCase ? "" : ", if that is the role meant"}` : `create the custom repository role in the org's settings, or remove ${what} at ${where}`;
    refusals.push(notInTarget(policy, entitlement, (e) => e, `: ${why}; no grant or revoke of it is planned (GitHub would refuse the grant)`, remediation, where));
  }
  return refusals;
}
