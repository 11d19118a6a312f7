import type { PolicyRepo } from "../../config/load-repo.js";
import type { Identity } from "../../model/identity.js";
import type { Change } from "../../plan/change.js";
import type { TargetState } from "../../targets/target-state.js";
import type { GroupIndex } from "../memberships.js";
import type { RuleContext } from "./rule.js";

/**
 * What each identity holds once the plan is applied: the targets' current state with the plan's
 * changes played over it. Entitlements are named "app:entitlement" as rules write them.
 */
export function stateAfterPlan(repo: PolicyRepo, identities: Identity[], states: ReadonlyMap<string, TargetState>, changes: readonly Change[]): Pick<RuleContext, "after" | "accountsAfter" | "credentialsAfter"> {
  const appOf = new Map(repo.apps.map((a) => [a.value.target, a.value.id]));
  const byAnchor = new Map<string, string>();
  for (const i of identities) for (const k of [i.anchor, ...i.aliases]) byAnchor.set(k, i.id);
  const after = new Map<string, Set<string>>();
  const accounts = new Map<string, Set<string>>();
  const credentials = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, id: string, v: string): void => {
    (map.get(id) ?? map.set(id, new Set()).get(id)!).add(v);
  };
  const accountOwner = new Map<string, string>(); // "target\0accountId" → identity id
  for (const [target, state] of states) {
    const app = appOf.get(target) ?? target;
    for (const a of state.accounts) {
      const id = a.externalId ? byAnchor.get(a.externalId) : undefined;
      if (!id) continue;
      accountOwner.set(`${target}\u0000${a.id}`, id);
      if (a.active) add(accounts, id, target);
      for (const e of a.entitlements) add(after, id, `${app}:${e}`);
    }
    for (const c of state.credentials) {
      const id = accountOwner.get(`${target}\u0000${c.account}`);
      if (id) add(credentials, id, `${app}:${c.credentialId ?? c.id}`);
    }
  }
  for (const c of changes) {
    const app = appOf.get(c.target) ?? c.target;
    const id = c.identity;
    switch (c.action) {
      case "grant": add(after, id, `${app}:${c.entitlement}`); break;
      case "revoke": after.get(id)?.delete(`${app}:${c.entitlement}`); break;
      case "create-account":
      case "enable-account": add(accounts, id, c.target); break;
      case "disable-account":
      case "delete-account": accounts.get(id)?.delete(c.target); break;
      case "revoke-credential": {
        const state = states.get(c.target);
        const cred = state?.credentials.find((x) => x.id === c.credential);
        credentials.get(id)?.delete(`${app}:${cred?.credentialId ?? c.credential}`);
        break;
      }
      default: break;
    }
  }
  return { after, accountsAfter: accounts, credentialsAfter: credentials };
}

export interface RuleInputs {
  repo: PolicyRepo;
  identities: Identity[];
  byId: ReadonlyMap<string, Identity>;
  memberships: GroupIndex;
  states: ReadonlyMap<string, TargetState>;
  changes: readonly Change[];
  prior?: ReadonlyMap<string, Identity>;
  now: number;
}
