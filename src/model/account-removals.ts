// Which accounts a plan removes, and whether what they hold goes with them. The planner words this
// in the disable's reason (plan/lost-for-good.ts: "removing … also takes team:x"); the rules'
// state after the plan (policy/rules/holdings.ts) must agree with it, or a leaver the plan removes
// from a GitHub org is said to keep the teams that removal takes (rv95 H2).
import type { Action, Change } from "./change.js";
import { normaliseLogin } from "./keys.js";
import type { TargetCapabilities } from "./target-types.js";
import type { TargetAccount, TargetState } from "./target-state.js";

/** Account changes that take the account out of the target (on its own terms: takesHoldings). */
export const ACCOUNT_REMOVALS: ReadonlySet<Action> = new Set(["disable-account", "delete-account"]);

/** A removal change with the position in the state of the account it is for. */
export interface AccountRemoval {
  change: Change;
  position: number;
}

/**
 * Each disable-account and delete-account of `changes` with the account of `state` it is for: by
 * the target's own id, else by login (a change made before the account was linked). A change for
 * no account of the state is left out: it removes nothing the state holds.
 */
export function removalsOf(state: TargetState, changes: readonly Change[]): AccountRemoval[] {
  const out: AccountRemoval[] = [];
  let byId: Map<string, number> | undefined;
  let byLogin: Map<string, number> | undefined;
  for (const change of changes) {
    if (!ACCOUNT_REMOVALS.has(change.action)) continue;
    // Indexed on the first removal: most targets' plans have none.
    byId ??= firstPositions(state, (a) => a.id);
    let position = change.account !== undefined ? byId.get(change.account) : undefined;
    // By login only for a removal whose account id the state lacks: nearly every removal has one,
    // and the login index normalised every account's login (a tenth of a second at 100k people).
    if (position === undefined && change.login !== undefined) position = (byLogin ??= firstPositions(state, (a) => normaliseLogin(a.login))).get(normaliseLogin(change.login));
    if (position !== undefined) out.push({ change, position });
  }
  return out;
}

/** Key → the position of the first account of the state with it. */
function firstPositions(state: TargetState, keyOf: (account: TargetAccount) => string): Map<string, number> {
  const positions = new Map<string, number>();
  for (let k = 0; k < state.accounts.length; k++) {
    const key = keyOf(state.accounts[k]!);
    if (!positions.has(key)) positions.set(key, k);
  }
  return positions;
}

/**
 * Whether `action` takes what the account holds with it. A delete does wherever it is planned (the
 * account is gone: SCIM `DELETE /Users/{id}`, the file's entry). A disable does only where the
 * target has no disabled account (TargetCapabilities.disableRemoves: GitHub removes the member, and
 * with the membership its teams and repository access); elsewhere (SCIM `active: false`) the
 * account keeps its groups, switched off, and rules still count them (docs/rules.md).
 */
export function takesHoldings(action: Action, traits: Pick<TargetCapabilities, "disableRemoves"> | undefined): boolean {
  return action === "delete-account" || (action === "disable-account" && traits?.disableRemoves === true);
}
