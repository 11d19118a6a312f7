// Before the first change: each target's connector names the planned changes its credentials
// visibly cannot make (TargetConnector.preflight). Those, and only those, are refused: the runner
// reports each failed without sending it (the run exits 1), and every other change applies. One
// change a token cannot make (a PAT-grant revoke that needs a GitHub App) must not keep ten
// leavers in the org, as refusing the whole plan did; nor is it tried and left half-made.
import type { Change } from "../model/change.js";
import type { PreflightRefusal } from "../model/preflight-refusal.js";
import { ScopesyncError } from "../model/errors.js";
import type { TargetConnector } from "../targets/connector.js";
import { TargetError } from "../targets/target-error.js";
import { unwritableChanges } from "./unwritable-changes.js";

/** Why one change was refused before apply: what its results and journal line say. */
export interface Refused { message: string; hint?: string }

export interface Preflight {
  /** By change (the same objects as the run's changes). */
  refused: ReadonlyMap<Change, Refused>;
  /** Per target, what was refused and why, in target order: for a note before the run. */
  notes: Array<{ target: string; refused: number; of: number; message: string }>;
}

export async function preflightTargets(connectors: ReadonlyMap<string, TargetConnector>, changes: readonly Change[]): Promise<Preflight> {
  // A change that would write a secret-shaped value (or a hidden one's text) is refused on every target first.
  const refused = unwritableChanges(changes);
  const notes: Preflight["notes"] = [];
  for (const [name, connector] of [...connectors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const mine = changes.filter((c) => c.target === name);
    if (mine.length === 0 || !connector.preflight) continue;
    let refusals: PreflightRefusal[];
    try {
      refusals = await connector.preflight(mine);
    } catch (e) {
      // The check itself could not be made: fail closed for this target's changes (reported,
      // never sent), as a read that fails does; the other targets go ahead.
      const message = e instanceof TargetError ? e.bare : e instanceof Error ? e.message : String(e);
      const hint = e instanceof ScopesyncError && e.hint ? e.hint : "check the target's credentials, then run the same apply again";
      refusals = [{ changes: mine, message: `could not check before apply what the credentials can do (${message}); nothing was applied on this target`, hint }];
    }
    for (const r of refusals) {
      const fresh = r.changes.filter((c) => !refused.has(c));
      for (const c of fresh) refused.set(c, { message: `target "${name}": ${r.message}`, hint: r.hint });
      if (fresh.length > 0) notes.push({ target: name, refused: fresh.length, of: mine.length, message: r.message });
    }
  }
  return { refused, notes };
}
