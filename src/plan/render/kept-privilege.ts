// What "every target matches the desired state" does not cover: privilege a person keeps that the
// policy does not manage (through an unmanaged group, or held directly), which the plan never
// touches and reports on every plan (plan/unmanaged-group-privilege.ts, unmanaged-direct-privilege.ts).
// A plan with no changes must not read as "all is well" over it.
import type { Plan } from "../plan.js";

const GROUP_RULE = "privilege-through-unmanaged-group";
const DIRECT_RULE = "privilege-held-unmanaged";

/** ", but N identities keep …" to follow "every target matches the desired state", or "" when nobody does. */
export function keptPrivilegeNote(plan: Plan): string {
  const people = new Set<string | undefined>();
  const rules = new Set<string>();
  for (const f of plan.findings) {
    if (f.rule !== GROUP_RULE && f.rule !== DIRECT_RULE) continue;
    people.add(f.identity);
    rules.add(f.rule);
  }
  if (people.size === 0) return "";
  const who = `${people.size} ${people.size === 1 ? "identity keeps" : "identities keep"}`;
  const what = rules.has(DIRECT_RULE) ? "privileged access the policy does not manage" : "privilege through groups the policy does not manage";
  return `, but ${who} ${what} (findings ${[...rules].sort().join(", ")})`;
}
