import type { TargetCredential, TargetState } from "../../model/target-state.js";
import type { Change } from "../../model/change.js";
import { revocationRefused } from "../../model/refused-revocation.js";
import type { TargetCapabilities } from "../../model/target-types.js";
import { removalsOf, takesHoldings } from "../../model/account-removals.js";

/**
 * What the rules need to know of one target's accounts once its diff is done: by account position,
 * who owns the account, whether it is active and what it holds; and the target's credentials with
 * the owner of each one's account. The accounts' ids, logins and attributes are not kept: a plan
 * too large to hold every target at once diffs them a few at a time and lets each state go, keeping
 * only this (the entitlement lists are the state's own, not copies).
 */
export interface TargetHoldings {
  target: string;
  /** By account position: the index of the identity that owns it, or -1. */
  owners: Int32Array;
  /** By account position: 1 when the account is active. */
  active: Uint8Array;
  /** By account position: its entitlements, as the target names them. */
  entitlements: readonly (readonly string[])[];
  /**
   * By account position: 1 when the plan removes the account and what it holds with it (a GitHub
   * member's removal, any delete: model/account-removals.ts). Absent: the plan removes none. A
   * member an enterprise team keeps in the org is removed too: account-kept-by-external-group
   * (plan/external-groups.ts) is the warning that says the target will not let the removal finish.
   */
  removed?: Uint8Array;
  credentials: readonly TargetCredential[];
  /**
   * Ids of the credentials a person must take away, which the plan names with what to do: the
   * target cannot revoke them through its API (manualRevocation: credential-manual-revocation), or
   * refuses to (a deploy key of an archived GitHub repository: the refusal's finding).
   */
  leftToAPerson: ReadonlySet<string>;
  /** Account id → its owner's identity index, for the accounts that hold a credential. */
  credentialOwners: ReadonlyMap<string, number>;
}

/** What the plan does to one target's accounts: its changes there, and the target type's traits. */
export interface TargetPlanned {
  changes: readonly Change[];
  traits: Pick<TargetCapabilities, "disableRemoves" | "credentialsOnly"> | undefined;
}

/**
 * The holdings of `state`, whose accounts are owned as `owners` says (by account position), once
 * `planned` is applied: accounts it removes with what they hold are marked so.
 */
export function holdingsOf(target: string, state: TargetState, owners: Int32Array, planned: TargetPlanned): TargetHoldings {
  const { accounts } = state;
  const active = new Uint8Array(accounts.length);
  const entitlements = new Array<readonly string[]>(accounts.length);
  // An account of a credentialsOnly target (an IAM user, an Entra application) is another
  // system's, and gives no access by itself: its credentials do, and they are judged as such. Since
  // rules see accounts linked by login, an IAM user the plan rightly leaves in place (its keys
  // revoked) would otherwise read as an active account a leaver keeps.
  const accountsGiveAccess = planned.traits?.credentialsOnly !== true;
  for (let k = 0; k < accounts.length; k++) {
    const a = accounts[k]!;
    active[k] = accountsGiveAccess && a.active ? 1 : 0;
    entitlements[k] = a.entitlements;
  }
  const credentialOwners = new Map<string, number>();
  if (state.credentials.length > 0) {
    // Only accounts that hold a credential need their owner remembered.
    const withCredentials = new Set(state.credentials.map((c) => c.account));
    for (let k = 0; k < accounts.length; k++) {
      const o = owners[k]!;
      if (o >= 0 && withCredentials.has(accounts[k]!.id)) credentialOwners.set(accounts[k]!.id, o);
    }
  }
  let removed: Uint8Array | undefined;
  for (const { change, position } of removalsOf(state, planned.changes)) {
    if (!takesHoldings(change.action, planned.traits)) continue;
    removed ??= new Uint8Array(accounts.length);
    removed[position] = 1;
  }
  const leftToAPerson = new Set<string>();
  for (const c of state.credentials) if (c.manualRevocation !== undefined || revocationRefused(state.refuses, c.id)) leftToAPerson.add(c.id);
  return { target, owners, active, entitlements, ...(removed ? { removed } : {}), credentials: state.credentials, leftToAPerson, credentialOwners };
}
