import type { PolicyRepo } from "../../config/load-repo.js";
import type { Identity } from "../../model/identity.js";
import type { Change } from "../../plan/change.js";
import type { TargetCredential, TargetState } from "../../targets/target-state.js";
import type { GroupIndex } from "../memberships.js";
import type { RuleContext } from "./rule.js";

/**
 * What each identity holds once the plan is applied: the targets' current state with the plan's
 * changes played over it. Entitlements are named "app:entitlement" as rules write them.
 */
export function stateAfterPlan(repo: PolicyRepo, identities: Identity[], states: ReadonlyMap<string, TargetState>, changes: readonly Change[], byAnchor?: ReadonlyMap<string, Identity>): Pick<RuleContext, "after" | "accountsAfter" | "credentialsAfter"> {
  const appOf = new Map(repo.apps.map((a) => [a.value.target, a.value.id]));
  // The planner's anchor index when given (same last-wins order), else built here.
  const ownerOf = byAnchor ?? anchorIndex(identities);
  const after = new Map<string, Set<string>>();
  const accounts = new Map<string, Set<string>>();
  const credentials = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, id: string, v: string): void => {
    const set = map.get(id);
    if (set) set.add(v);
    else map.set(id, new Set([v]));
  };
  // "app:entitlement" names, one string per distinct name rather than one per account that holds it.
  const names = new Map<string, Map<string, string>>();
  const nameOf = (app: string, entitlement: string): string => {
    let byEntitlement = names.get(app);
    if (!byEntitlement) names.set(app, (byEntitlement = new Map()));
    let name = byEntitlement.get(entitlement);
    if (name === undefined) byEntitlement.set(entitlement, (name = `${app}:${entitlement}`));
    return name;
  };
  for (const [target, state] of states) {
    const app = appOf.get(target) ?? target;
    // Only accounts that hold a credential need their owner remembered.
    const withCredentials = new Set(state.credentials.map((c) => c.account));
    const accountOwner = new Map<string, string>(); // account id → identity id
    for (const a of state.accounts) {
      const id = a.externalId ? ownerOf.get(a.externalId)?.id : undefined;
      if (!id) continue;
      if (withCredentials.has(a.id)) accountOwner.set(a.id, id);
      if (a.active) add(accounts, id, target);
      for (const e of a.entitlements) add(after, id, nameOf(app, e));
    }
    for (const c of state.credentials) {
      const id = accountOwner.get(c.account);
      if (id) add(credentials, id, `${app}:${c.credentialId ?? c.id}`);
    }
  }
  // target → credential id → the first credential with it (a find() per revocation was quadratic)
  const credentialById = new Map<string, Map<string | undefined, TargetCredential>>();
  const credentialOf = (target: string, id: string | undefined): TargetCredential | undefined => {
    let byId = credentialById.get(target);
    if (!byId) {
      credentialById.set(target, (byId = new Map()));
      for (const c of states.get(target)?.credentials ?? []) if (!byId.has(c.id)) byId.set(c.id, c);
    }
    return byId.get(id);
  };
  for (const c of changes) {
    const app = appOf.get(c.target) ?? c.target;
    const id = c.identity;
    switch (c.action) {
      case "grant": add(after, id, nameOf(app, c.entitlement!)); break;
      case "revoke": after.get(id)?.delete(`${app}:${c.entitlement}`); break;
      case "create-account":
      case "enable-account": add(accounts, id, c.target); break;
      case "disable-account":
      case "delete-account": accounts.get(id)?.delete(c.target); break;
      case "revoke-credential": {
        const cred = credentialOf(c.target, c.credential);
        credentials.get(id)?.delete(`${app}:${cred?.credentialId ?? c.credential}`);
        break;
      }
      default: break;
    }
  }
  return { after, accountsAfter: accounts, credentialsAfter: credentials };
}

/** anchor or alias → identity; a later identity wins a shared key, as in the planner's index. */
function anchorIndex(identities: Identity[]): Map<string, Identity> {
  const byAnchor = new Map<string, Identity>();
  for (const i of identities) {
    byAnchor.set(i.anchor, i);
    for (const k of i.aliases) byAnchor.set(k, i);
  }
  return byAnchor;
}

export interface RuleInputs {
  repo: PolicyRepo;
  identities: Identity[];
  byId: ReadonlyMap<string, Identity>;
  memberships: GroupIndex;
  states: ReadonlyMap<string, TargetState>;
  changes: readonly Change[];
  prior?: ReadonlyMap<string, Identity>;
  /** The planner's anchor-or-alias → identity index, if it has one. */
  byAnchor?: ReadonlyMap<string, Identity>;
  now: number;
}
