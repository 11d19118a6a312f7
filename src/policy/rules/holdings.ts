import type { TargetCredential, TargetState } from "../../model/target-state.js";

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
  credentials: readonly TargetCredential[];
  /** Account id → its owner's identity index, for the accounts that hold a credential. */
  credentialOwners: ReadonlyMap<string, number>;
}

/** The holdings of `state`, whose accounts are owned as `owners` says (by account position). */
export function holdingsOf(target: string, state: TargetState, owners: Int32Array): TargetHoldings {
  const { accounts } = state;
  const active = new Uint8Array(accounts.length);
  const entitlements = new Array<readonly string[]>(accounts.length);
  for (let k = 0; k < accounts.length; k++) {
    const a = accounts[k]!;
    active[k] = a.active ? 1 : 0;
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
  return { target, owners, active, entitlements, credentials: state.credentials, credentialOwners };
}
